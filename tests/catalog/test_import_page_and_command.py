"""The order import page for supervisors and the `import_orders` command (O-02)."""

from __future__ import annotations

import io
from datetime import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from kefu.catalog.models import Order
from tests.catalog.factories import ProductFactory
from tests.conftest import client_for

pytestmark = pytest.mark.req("O-02")
CSV = (
    "订单号,客户姓名,手机,商品SKU,数量,单价(元),下单时间,物流状态,签收日期\n"
    "DD1001,王芳,13812345678,PHONE-X1,1,2999,2026-01-05 14:30,已签收,2026-01-07\n"
    "DD1002,李强,13900001111,NOPE,1,10,2026-01-05 14:30,,\n"
)


@pytest.fixture(autouse=True)
def setup(db):
    ProductFactory(sku="PHONE-X1")
    with time_machine.travel(datetime(2026, 1, 20, 12, 0), tick=False):
        yield


def test_a_supervisor_uploads_a_file_and_sees_the_report(supervisor):
    upload = SimpleUploadedFile("orders.csv", CSV.encode(), content_type="text/csv")

    response = client_for(supervisor).post("/orders/import/", {"file": upload})

    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-count="created">1<' in html
    assert 'data-count="failed">1<' in html
    assert "<td>3</td><td>商品SKU</td><td>没有该 SKU 的产品。</td>" in html
    assert Order.objects.get().number == "DD1001"


def test_a_wrong_file_type_is_shown_on_the_form(supervisor):
    upload = SimpleUploadedFile("orders.pdf", b"%PDF", content_type="application/pdf")

    response = client_for(supervisor).post("/orders/import/", {"file": upload})

    assert response.status_code == 422
    assert "请上传 CSV 或 Excel（.xlsx）文件。" in response.content.decode()


@pytest.mark.parametrize("role", ["agent", "tech_support"])
def test_agents_and_tech_support_get_403(request, role):
    assert client_for(request.getfixturevalue(role)).get("/orders/import/").status_code == 403


def test_the_command_imports_a_file_and_prints_the_report(tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text(CSV, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()

    call_command("import_orders", str(path), stdout=out, stderr=err)
    call_command("import_orders", str(path), stdout=out, stderr=err)

    lines = out.getvalue().splitlines()
    assert lines[0].startswith("rows 2, imported 1, failed 1; orders created 1, updated 0")
    assert "unchanged 1" in lines[2]
    assert lines[1] == "  row 3 [商品SKU]: 没有该 SKU 的产品。"
    assert Order.objects.count() == 1


def test_the_command_refuses_a_missing_file():
    with pytest.raises(CommandError):
        call_command("import_orders", "/nonexistent/orders.csv")
