"""An agent's answer on an email ticket is mailed threaded under the customer's own email."""

from __future__ import annotations

import email
import email.policy

import pytest

from kefu.channels.models import MailRecord
from kefu.channels.services import ingest_email
from kefu.core.events import pump
from kefu.notify.dispatcher import dispatch
from kefu.notify.models import Message
from kefu.tickets.models import Ticket, TicketMessage
from kefu.tickets.services import reply_to_ticket
from tests.channels.mail import raw_email
from tests.notify.test_email_smtp import smtp  # noqa: F401 - the real local SMTP server

pytestmark = [pytest.mark.req("P-02", "P-08"), pytest.mark.django_db]


def answer(actor, ticket: Ticket, body: str, *, internal: bool = False):
    reply_to_ticket(actor=actor, ticket=ticket, body=body, internal=internal)
    pump()
    return list(Message.objects.filter(template_event="ticket.reply").order_by("pk"))


def received(inbox, index: int) -> email.message.EmailMessage:
    return email.message_from_bytes(inbox.envelopes[index].content, policy=email.policy.default)


def test_replies_carry_message_id_in_reply_to_and_references_of_the_thread(
    smtp,  # noqa: F811
    supervisor,
):
    _controller, inbox = smtp
    ingest_email(raw_email(message_id="<m1@example.cn>", charset="gb18030"), source="imap")
    ticket = Ticket.objects.get()
    [first] = answer(supervisor, ticket, "请您先把耳机恢复出厂设置试试。")
    assert dispatch(first.pk) is True

    mail = received(inbox, 0)
    assert inbox.envelopes[0].rcpt_tos == ["zhang.san@example.cn"]
    assert mail["Message-ID"] == f"<kefu-notification-{first.pk}@kefu-shop.cn>"
    assert mail["In-Reply-To"] == "<m1@example.cn>"
    assert mail["References"] == "<m1@example.cn>"
    assert mail["Auto-Submitted"] == "no"
    assert mail["Subject"].strip() == f"回复：耳机没有声音 [{ticket.number}]"
    assert "请您先把耳机恢复出厂设置试试。" in mail.get_content()

    # The customer answers the reply; their client names our Message-ID in In-Reply-To.
    again = raw_email(
        message_id="<m2@example.cn>",
        subject=f"Re: 回复：耳机没有声音 [{ticket.number}]",
        body="试过了，还是没声音。",
        headers={
            "In-Reply-To": mail["Message-ID"],
            "References": f"<m1@example.cn> {mail['Message-ID']}",
        },
    )
    assert ingest_email(again, source="imap").outcome == "replied"
    [_first, second] = answer(supervisor, ticket, "好的，请寄回检测。")
    dispatch(second.pk)
    mail = received(inbox, 1)
    assert mail["In-Reply-To"] == "<m2@example.cn>"
    assert (
        mail["References"]
        == f"<m1@example.cn> <kefu-notification-{first.pk}@kefu-shop.cn> <m2@example.cn>"
    )
    assert mail["Subject"].strip() == f"回复：耳机没有声音 [{ticket.number}]"
    assert list(MailRecord.objects.order_by("pk").values_list("outcome", flat=True)) == [
        "opened",
        "sent",
        "replied",
        "sent",
    ]


def test_an_internal_note_is_never_mailed(supervisor):
    ingest_email(raw_email(), source="imap")
    assert answer(supervisor, Ticket.objects.get(), "客户情绪激动，注意语气", internal=True) == []
    assert MailRecord.objects.filter(outcome="sent").count() == 0


def test_a_reply_to_a_progress_notice_finds_its_ticket(supervisor):
    ingest_email(raw_email(), source="imap")
    ticket = Ticket.objects.get()
    pump()  # the acknowledgement of ticket.received goes to the customer's email
    notice = Message.objects.get(template_event="ticket.received", channel="email")
    reply = raw_email(
        message_id="<m9@example.cn>",
        subject="Re: 已受理",
        body="好的，谢谢",
        headers={"In-Reply-To": f"<kefu-notification-{notice.pk}@kefu-shop.cn>"},
    )
    assert ingest_email(reply, source="imap").outcome == "replied"
    assert TicketMessage.objects.get().ticket == ticket
