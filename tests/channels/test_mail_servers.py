"""Inbound email over real sockets: an IMAP mailbox polled, an LMTP/SMTP listener fed."""

from __future__ import annotations

import smtplib

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError

from kefu.channels.imap import poll_mailbox
from kefu.channels.listener import MailController
from kefu.channels.models import MailRecord
from kefu.tickets.models import Ticket, TicketMessage
from tests.channels.imap_server import ImapServer
from tests.channels.mail import raw_email
from tests.notify.test_email_smtp import free_port

pytestmark = pytest.mark.req("P-02")

GB_BODY = "耳机充不进电，指示灯不亮。"


@pytest.fixture
def imap(settings):
    with ImapServer() as server:
        settings.KEFU_IMAP_HOST, settings.KEFU_IMAP_PORT = "127.0.0.1", server.port
        settings.KEFU_IMAP_SSL = False
        settings.KEFU_IMAP_USER = server.mailbox.user
        settings.KEFU_IMAP_PASSWORD = server.mailbox.password
        settings.KEFU_IMAP_FOLDER = "INBOX"
        yield server.mailbox


@pytest.mark.django_db
def test_the_poller_files_unseen_mail_and_flags_it_seen(imap):
    imap.add(
        raw_email(body=GB_BODY, charset="gb18030", subject="充电问题", subject_charset="gb2312")
    )
    imap.add(raw_email(message_id="<auto@example.cn>", headers={"Auto-Submitted": "auto-replied"}))

    assert poll_mailbox() == {"opened": 1, "automatic": 1}

    assert Ticket.objects.get().description == f"充电问题\n\n{GB_BODY}"
    assert [flags for _raw, flags in imap.messages] == [{"\\Seen"}, {"\\Seen"}]
    assert "UID FETCH 1 (BODY.PEEK[])" in imap.commands
    assert poll_mailbox() == {}  # nothing unseen is left


@pytest.mark.django_db
def test_a_message_fetched_again_after_a_crash_is_a_duplicate(imap):
    raw = raw_email(body=GB_BODY, charset="gb18030")
    imap.add(raw)
    poll_mailbox()
    imap.messages[0][1].clear()  # the worker died before its \Seen flag reached the server
    assert poll_mailbox() == {"duplicate": 1}
    assert MailRecord.objects.count() == 1 and Ticket.objects.count() == 1


@pytest.mark.django_db
def test_wrong_credentials_file_nothing(imap, settings):
    import imaplib

    settings.KEFU_IMAP_PASSWORD = "wrong"
    imap.add(raw_email())
    with pytest.raises(imaplib.IMAP4.error):
        poll_mailbox()
    assert MailRecord.objects.count() == 0


@pytest.mark.django_db
def test_without_a_configured_mailbox_the_poller_does_nothing(settings):
    settings.KEFU_IMAP_HOST = ""
    assert poll_mailbox() == {}


@pytest.fixture
def listener(request):
    protocol = request.param
    controller = MailController("127.0.0.1", free_port(), protocol=protocol)
    controller.start()
    yield protocol, controller
    controller.stop()


def send(protocol: str, port: int, raw: bytes) -> dict:
    client_class = smtplib.LMTP if protocol == "lmtp" else smtplib.SMTP
    with client_class("127.0.0.1", port) as client:
        return client.sendmail("zhang.san@example.cn", ["service@kefu-shop.cn"], raw)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("listener", ["lmtp", "smtp"], indirect=True)
def test_the_listener_files_a_message_and_its_threaded_reply_once(listener):
    protocol, controller = listener
    first = raw_email(body=GB_BODY, charset="gb18030", message_id="<l1@example.cn>")
    reply = raw_email(
        body="还是不行\n\nOn Mon, Jun 1, 2026 at 10:00 Kefu wrote:\n> 请重启试试",
        message_id="<l2@example.cn>",
        headers={"In-Reply-To": "<l1@example.cn>"},
    )
    assert send(protocol, controller.port, first) == {}
    assert send(protocol, controller.port, first) == {}  # the MTA delivered it twice
    assert send(protocol, controller.port, reply) == {}

    ticket = Ticket.objects.get()
    assert ticket.description == f"耳机没有声音\n\n{GB_BODY}"
    assert list(TicketMessage.objects.values_list("ticket", "body")) == [(ticket.pk, "还是不行")]
    assert sorted(MailRecord.objects.values_list("message_id", "outcome", "source")) == [
        ("<l1@example.cn>", "opened", "smtp"),
        ("<l2@example.cn>", "replied", "smtp"),
    ]


@pytest.mark.parametrize("listener", ["lmtp"], indirect=True)
def test_the_listener_answers_451_when_it_cannot_store_so_the_server_retries(listener, monkeypatch):
    protocol, controller = listener

    def database_down(raw, *, source):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr("kefu.channels.listener.ingest_email", database_down)
    with pytest.raises(smtplib.SMTPDataError) as refused:
        send(protocol, controller.port, raw_email())
    assert refused.value.smtp_code == 451


def test_the_listener_command_refuses_a_bad_address():
    with pytest.raises(CommandError, match="host:port"):
        call_command("mail_listener", listen="8025")
