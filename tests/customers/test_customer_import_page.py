"""The supervisor's import page: upload, background import, progress by polling, report and the
choice of good rows or all or nothing, with a real Excel file (C-02)."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from kefu.customers.models import Customer, CustomerImport
from tests.conftest import client_for

pytestmark = pytest.mark.req("C-02")

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.VAR_DIR = tmp_path


def workbook(rows: list[list[str]]) -> SimpleUploadedFile:
    book = Workbook()
    book.active.append(["姓名", "手机", "邮箱"])
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("今日客户.xlsx", out.getvalue(), content_type=XLSX)


def test_an_upload_is_previewed_in_the_background_then_imported_on_choice(
    supervisor, django_capture_on_commit_callbacks
):
    client = client_for(supervisor)
    rows = [["王芳", "13812345678", ""], ["李强", "12345", ""], ["张伟", "", "zw@example.cn"]]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("customers:imports"), {"file": workbook(rows), "mode": "preview"}
        )
    preview = CustomerImport.objects.get()
    assert response.status_code == 302
    assert (preview.status, preview.created, preview.failed) == ("done", 2, 1)
    assert Customer.objects.count() == 0

    progress = client.get(reverse("customers:import_progress", args=[preview.pk]))
    html = progress.content.decode()
    assert "100%" in html
    assert "手机号码格式不正确" in html
    assert "hx-trigger" not in html  # finished: the page stops polling
    assert "导入正确的行" in html

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("customers:import_confirm", args=[preview.pk]), {"mode": "good_rows"})

    run = CustomerImport.objects.exclude(pk=preview.pk).get()
    assert (run.mode, run.status, run.created, run.failed) == ("good_rows", "done", 2, 1)
    assert sorted(Customer.objects.values_list("name", flat=True)) == ["张伟", "王芳"]


def test_a_running_import_is_polled_until_it_ends(supervisor):
    run = CustomerImport.objects.create(
        filename="a.csv", sha256="0", source="upload", mode="good_rows", status="running",
        progress_total=1000, progress_done=250,
    )  # fmt: skip

    html = client_for(supervisor).get(reverse("customers:import_progress", args=[run.pk]))

    assert 'hx-trigger="every 1s"' in html.content.decode()
    assert "25%" in html.content.decode()


def test_a_wrong_file_type_is_refused_on_the_page(supervisor):
    upload = SimpleUploadedFile("customers.pdf", b"%PDF", content_type="application/pdf")

    response = client_for(supervisor).post(reverse("customers:imports"), {"file": upload})

    assert response.status_code == 422
    assert "请上传 CSV 或 Excel（.xlsx）文件。" in response.content.decode()
    assert not CustomerImport.objects.exists()


def test_agents_cannot_open_the_import_page(agent):
    assert client_for(agent).get(reverse("customers:imports")).status_code == 403


def test_an_upload_without_a_file_is_refused_with_a_message(supervisor):
    response = client_for(supervisor).post(reverse("customers:imports"), {"mode": "preview"})

    assert response.status_code == 422
    assert "请选择要上传的文件。" in response.content.decode()
    assert not CustomerImport.objects.exists()
