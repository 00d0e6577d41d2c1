"""Hostile and malformed requests get a clear 4xx and change nothing (issue 14)."""

from __future__ import annotations

import pytest
from django.test import Client

from kefu.core.models import Event
from kefu.tickets.models import Attachment, Ticket
from tests.conftest import client_for
from tests.tickets.factories import TicketFactory

pytestmark = pytest.mark.req("P-06")
JSON = "application/json"


@pytest.fixture
def api(agent):
    return client_for(agent)


def nothing_written() -> tuple[int, int, int]:
    return Ticket.objects.count(), Event.objects.count(), Attachment.objects.count()


def test_a_json_body_over_the_limit_is_refused_with_413_in_chinese(settings, api):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    body = '{"description": "' + "很长" * 2000 + '", "channel": "web"}'

    response = api.post("/api/v1/tickets", body, content_type=JSON)

    assert response.status_code == 413
    assert response.json()["error"] == "request_too_large"
    assert "请求内容过大" in response.json()["message"]
    assert nothing_written() == (0, 0, 0)


def test_a_20_mb_upload_to_the_public_form_is_refused_with_413(db):
    photo = b"\x89PNG\r\n\x1a\n" + b"\x00" * (20 * 1024 * 1024)
    boundary = "kefu-boundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="photos"; filename="a.png"\r\n'
            "Content-Type: image/png\r\n\r\n"
        ).encode()
        + photo
        + f"\r\n--{boundary}--\r\n".encode()
    )

    response = Client().generic(
        "POST", "/support/", body, content_type=f"multipart/form-data; boundary={boundary}"
    )

    assert response.status_code == 413
    assert "请求内容过大" in response.content.decode()
    assert nothing_written() == (0, 0, 0)


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b'{"description": "\xff\xfe bad", "channel": "web"}', JSON),
        (b"{not json", JSON),
        (b"description=x&channel=web", "text/plain"),
        (b"[1, 2, 3]", JSON),
        (b"", JSON),
    ],
    ids=["invalid-utf8", "broken-json", "wrong-content-type", "array", "empty"],
)
def test_a_malformed_api_body_is_a_4xx_json_error(api, body, content_type):
    response = api.generic("POST", "/api/v1/tickets", body, content_type=content_type)

    assert 400 <= response.status_code < 500
    assert set(response.json()) == {"error", "message", "fields"}
    assert nothing_written() == (0, 0, 0)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/tickets?offset=1000000000000000000000",
        "/api/v1/tickets?limit=-5",
        "/api/v1/tickets?offset=-1",
        "/api/v1/tickets/-1",
        "/api/v1/tickets/99999999999999999999999",
        "/api/v1/customers?offset=1000000000000000000000",
        "/tickets/?page=999999999999",
        "/tickets/?page=-3",
        "/tickets/?page=abc",
        "/customers/?page=99999999999999999999",
        "/search/?q=%00%ff&page=9999999",
    ],
)
def test_huge_negative_and_garbage_numbers_never_give_a_server_error(api, url):
    response = api.get(url)

    assert response.status_code < 500


@pytest.mark.parametrize(
    "url",
    [
        "/tickets/attachments/..%2F..%2Fetc%2Fpasswd/",
        "/tickets/attachments/%2e%2e/%2e%2e/settings.py/",
        "/media/tickets/../../kefu.sqlite3",
        "/static/../settings.py",
        "/api/v1/tickets/attachments/..%2Fsecret",
    ],
)
def test_path_traversal_on_attachments_finds_nothing(api, url):
    response = api.get(url)

    assert response.status_code == 404


@pytest.mark.req("A-01")
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("photo.png", b"<html><script>alert(1)</script></html>"),
        ("photo.jpg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("photo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("photo.png", b"MZ\x90\x00 an executable"),
    ],
    ids=["html-as-png", "svg-as-jpg", "svg", "exe-as-png"],
)
def test_html_svg_or_programs_disguised_as_images_are_refused(api, team, name, content):
    ticket = TicketFactory(team=team)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(name, content, content_type="image/png")
    response = api.post(f"/api/v1/tickets/{ticket.number}/attachments", {"file": upload})

    assert response.status_code == 422
    assert Attachment.objects.count() == 0
