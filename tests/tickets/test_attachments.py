"""Photos and PDFs on a ticket (A-01): content-checked, private, downloaded with permission."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from kefu.core.errors import Forbidden, InvalidInput
from kefu.tickets.models import Attachment
from kefu.tickets.services import MAX_ATTACHMENT_BYTES, add_attachment
from kefu.tickets.services.attachments import sniff
from tests.conftest import client_for
from tests.tickets.conftest import JPEG, PNG, events, png
from tests.tickets.factories import TicketFactory

pytestmark = pytest.mark.req("A-01")


@pytest.fixture
def ticket(team, customer):
    return TicketFactory(team=team, customer=customer, status="diagnosing")


def test_a_photo_is_stored_privately_with_its_checksum(ticket, agent):
    row = add_attachment(actor=agent, ticket=ticket, upload=png("屏幕裂痕.PNG"))

    path = Path(row.file.path)
    assert path.is_relative_to(Path(settings.MEDIA_ROOT) / "private" / "tickets")
    assert not path.is_relative_to(Path(settings.STATIC_ROOT))
    assert path.read_bytes() == PNG
    assert (row.original_name, row.content_type, row.size) == (
        "屏幕裂痕.PNG",
        "image/png",
        len(PNG),
    )
    assert row.sha256 == hashlib.sha256(PNG).hexdigest()
    assert events("ticket.attachment_added")[0].payload["attachment_id"] == row.pk


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (JPEG, "image/jpeg"),
        (PNG, "image/png"),
        (b"GIF89a\x01\x00", "image/gif"),
        (b"RIFF\x10\x00\x00\x00WEBPVP8 ", "image/webp"),
        (b"%PDF-1.7\n", "application/pdf"),
        (b"MZ\x90\x00", None),
        (b"<html><script>", None),
    ],
)
def test_the_content_type_comes_from_the_magic_bytes(head, kind):
    assert sniff(head) == kind


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("invoice.jpg", b"MZ\x90\x00\x03" + b"\x00" * 60, "attachment_disguised"),
        ("photo.jpg", b"<html><script>alert(1)</script></html>", "attachment_disguised"),
        ("photo.png", JPEG, "attachment_disguised"),
        ("setup.exe", b"MZ\x90\x00", "attachment_type"),
        ("photo.heic", JPEG, "attachment_type"),
        ("empty.jpg", b"", "attachment_empty"),
    ],
)
def test_a_bad_file_is_refused_and_nothing_is_stored(ticket, agent, name, content, code):
    with pytest.raises(InvalidInput) as refused:
        add_attachment(actor=agent, ticket=ticket, upload=SimpleUploadedFile(name, content))

    assert refused.value.code == code
    assert Attachment.objects.count() == 0
    assert not (Path(settings.MEDIA_ROOT) / "private").exists()


def test_a_file_over_10_mb_is_refused(ticket, agent):
    big = SimpleUploadedFile("big.jpg", JPEG + b"\x00" * MAX_ATTACHMENT_BYTES)

    with pytest.raises(InvalidInput) as refused:
        add_attachment(actor=agent, ticket=ticket, upload=big)

    assert refused.value.message == "A file may be at most 10 MB."
    assert Attachment.objects.count() == 0


def test_an_agent_of_another_team_cannot_attach(ticket, other_team_agent):
    with pytest.raises(Forbidden):
        add_attachment(actor=other_team_agent, ticket=ticket, upload=png())

    assert Attachment.objects.count() == 0
    assert events() == []


def test_the_download_page_serves_the_file_only_to_those_who_see_the_ticket(
    ticket, agent, other_team_agent
):
    row = add_attachment(actor=agent, ticket=ticket, upload=png())
    url = f"/tickets/attachments/{row.pk}/"

    allowed = client_for(agent).get(url)
    refused = client_for(other_team_agent).get(url)

    assert allowed.status_code == 200
    assert b"".join(allowed.streaming_content) == PNG
    assert allowed["Content-Type"] == "image/png"
    assert allowed["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert refused.status_code == 404


def test_attachments_are_not_reachable_as_static_or_media_files(ticket, agent):
    row = add_attachment(actor=agent, ticket=ticket, upload=png())

    for url in (
        f"/static/{row.file.name}",
        f"/media/{row.file.name}",
        f"/media/private/{row.file.name}",
    ):
        assert client_for(agent).get(url).status_code == 404


def test_a_pdf_is_downloaded_not_shown(ticket, agent):
    pdf = SimpleUploadedFile("发票.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    row = add_attachment(actor=agent, ticket=ticket, upload=pdf)

    response = client_for(agent).get(f"/tickets/attachments/{row.pk}/")

    assert response["Content-Disposition"].startswith("attachment;")
