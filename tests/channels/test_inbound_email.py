"""Inbound email becomes a ticket or a reply: real encoded messages, threading, loop guard."""

from __future__ import annotations

from pathlib import Path

import pytest

from kefu.channels.models import MailRecord, QuarantinedEmail
from kefu.channels.services import ingest_email
from kefu.core.models import Event
from kefu.tickets.models import Attachment, Ticket, TicketMessage
from tests.channels.mail import EXE, JPEG, raw_email
from tests.customers.factories import CustomerFactory
from tests.tickets.factories import TicketFactory

pytestmark = [pytest.mark.req("P-02"), pytest.mark.django_db]

GB_BODY = "您好，我在贵店买的蓝牙耳机（订单DD20260302001）左耳没有声音，麻烦帮忙看看。"


def test_a_gb18030_email_with_an_encoded_subject_opens_an_email_ticket():
    raw = raw_email(
        body=GB_BODY,
        charset="gb18030",
        subject="蓝牙耳机左耳没声音",
        subject_charset="gb2312",
        sender="=?gb2312?B?wO7A2g==?= <Li.Lei@Example.CN>",
    )
    assert b"=?gb2312?b?" in raw.lower() and GB_BODY.encode() not in raw

    filed = ingest_email(raw, source="smtp")

    ticket = Ticket.objects.get()
    assert filed.outcome == "opened"
    assert ticket.channel == "email"
    assert ticket.description == f"蓝牙耳机左耳没声音\n\n{GB_BODY}"
    assert (ticket.customer.name, ticket.customer.email) == ("李磊", "li.lei@example.cn")
    record = MailRecord.objects.get()
    assert (record.message_id, record.ticket, record.subject) == (
        "<m1@example.cn>",
        ticket,
        "蓝牙耳机左耳没声音",
    )
    assert Event.objects.filter(name="ticket.received", subject_id=str(ticket.pk)).count() == 1


@pytest.mark.parametrize(
    ("label", "encoding", "text"),
    [
        ("gb2312", "gb18030", "朱镕基的喆字和𠮷字"),  # GBK/GB18030-only characters, labelled gb2312
        ("gbk", "gbk", "售后服务很好，谢谢"),
        ("GB18030", "gb18030", "退货退款，𠮷野家"),
        ("big5", "big5", "您好，我的手機無法開機"),
        ("utf-8", "utf-8", "换货申请 ✓"),
    ],
)
def test_each_chinese_charset_is_decoded_right(label, encoding, text):
    raw = raw_email(
        body=text, charset=label, encoding=encoding, subject=text, subject_charset="utf-8"
    )
    ingest_email(raw, source="imap")
    assert Ticket.objects.get().description == f"{text}\n\n{text}"


def test_a_big5_subject_is_decoded_right():
    ingest_email(raw_email(subject="退貨申請", subject_charset="big5"), source="imap")
    assert MailRecord.objects.get().subject == "退貨申請"


def test_the_same_message_ingested_twice_makes_one_record_and_one_ticket():
    raw = raw_email(charset="gb18030", body=GB_BODY)
    first = ingest_email(raw, source="imap")
    again = ingest_email(raw, source="smtp")  # the listener got the copy the poller filed
    assert (first.outcome, again.outcome) == ("opened", "duplicate")
    assert MailRecord.objects.count() == 1
    assert Ticket.objects.count() == 1
    assert TicketMessage.objects.count() == 0


@pytest.mark.parametrize(
    ("headers", "sender", "reason"),
    [
        ({"Auto-Submitted": "auto-replied"}, None, "Auto-Submitted: auto-replied"),
        ({"Precedence": "bulk"}, None, "Precedence: bulk"),
        ({"Precedence": "junk"}, None, "Precedence: junk"),
        ({"Precedence": "auto_reply"}, None, "Precedence: auto_reply"),
        ({"X-Autoreply": "yes"}, None, "X-Autoreply"),
        ({}, "MAILER-DAEMON@mx.example.cn", "sender mailer-daemon"),
        ({}, "postmaster@example.cn", "sender postmaster"),
    ],
)
def test_an_auto_reply_or_bounce_never_opens_a_ticket_and_is_never_answered(
    headers, sender, reason
):
    raw = raw_email(
        subject="自动回复：我正在休假", headers=headers, sender=sender or "zhang@example.cn"
    )
    filed = ingest_email(raw, source="imap")
    assert filed.outcome == "automatic"
    assert MailRecord.objects.get().notes == {"automatic": reason}
    assert Ticket.objects.count() == 0
    assert Event.objects.count() == 0  # no ticket.received, so no acknowledgement goes out


def test_a_delivery_report_is_a_bounce():
    raw = (
        b"From: Mail Delivery System <bounce@mx.example.cn>\r\nTo: service@kefu-shop.cn\r\n"
        b"Subject: Undelivered Mail\r\nMessage-ID: <b1@mx.example.cn>\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/report; report-type=delivery-status; boundary="b"\r\n\r\n'
        b"--b\r\nContent-Type: text/plain\r\n\r\nDelivery failed.\r\n--b--\r\n"
    )
    assert ingest_email(raw, source="smtp").outcome == "automatic"
    assert MailRecord.objects.get().notes == {"automatic": "multipart/report"}
    assert Ticket.objects.count() == 0


def test_a_reply_threaded_by_in_reply_to_is_added_to_the_ticket_without_the_quote():
    ingest_email(raw_email(message_id="<first@example.cn>"), source="imap")
    ticket = Ticket.objects.get()
    reply = raw_email(
        message_id="<second@example.cn>",
        subject="Re: 耳机没有声音",
        body="换了手机也一样。\n\n在 2026年6月1日 10:00，客服中心 写道：\n> 请问换手机试过吗？",
        charset="gb18030",
        headers={"In-Reply-To": "<first@example.cn>"},
    )
    filed = ingest_email(reply, source="imap")
    assert filed.outcome == "replied"
    assert Ticket.objects.count() == 1
    [message] = TicketMessage.objects.filter(ticket=ticket)
    assert (message.direction, message.channel, message.body) == (
        "inbound",
        "email",
        "换了手机也一样。",
    )
    assert Event.objects.filter(name="ticket.customer_wrote").count() == 1


def test_a_reply_naming_only_the_references_is_threaded_too():
    ingest_email(raw_email(message_id="<a@example.cn>"), source="imap")
    reply = raw_email(
        message_id="<c@example.cn>",
        headers={"References": "<unknown@x.cn> <a@example.cn>"},
        body="还是不行",
    )
    assert ingest_email(reply, source="imap").outcome == "replied"
    assert TicketMessage.objects.get().body == "还是不行"


def test_the_ticket_number_in_the_subject_threads_only_mail_from_the_customer():
    customer = CustomerFactory(email="wangwei@example.cn")
    ticket = TicketFactory(customer=customer, number="T2606010007", channel="email")
    own = raw_email(subject="Re: [T2606010007] 进展如何", sender="wangwei@example.cn")
    stranger = raw_email(
        subject="Re: [T2606010007] 进展如何", sender="x@evil.example", message_id="<s@evil>"
    )
    assert ingest_email(own, source="imap").outcome == "replied"
    assert ingest_email(stranger, source="imap").outcome == "opened"
    assert TicketMessage.objects.get().ticket == ticket
    assert Ticket.objects.count() == 2


def test_mail_on_a_closed_ticket_opens_a_new_one():
    ingest_email(raw_email(message_id="<old@example.cn>"), source="imap")
    Ticket.objects.update(status="closed")
    reply = raw_email(message_id="<new@example.cn>", headers={"In-Reply-To": "<old@example.cn>"})
    assert ingest_email(reply, source="imap").outcome == "opened"
    assert Ticket.objects.count() == 2


def test_an_html_body_is_sanitised_to_text():
    body = (
        "<html><head><style>p{color:red}</style><script>alert(1)</script></head><body>"
        "<p>屏幕&nbsp;<b>碎了</b></p><div>请尽快处理<img src=x onerror=alert(2)></div>"
        "<blockquote><div>-----原始邮件-----</div>旧内容</blockquote></body></html>"
    )
    ingest_email(raw_email(body=body, html=True, subject=""), source="imap")
    assert Ticket.objects.get().description == "屏幕 碎了\n请尽快处理"


def test_a_photo_is_stored_privately_and_a_program_is_refused(settings):
    raw = raw_email(
        attachments=[
            ("照片.jpg", "image/jpeg", JPEG),
            ("setup.exe", "application/octet-stream", EXE),
        ]
    )
    ingest_email(raw, source="imap")
    [attachment] = Attachment.objects.all()
    assert (attachment.original_name, attachment.content_type, attachment.size) == (
        "照片.jpg",
        "image/jpeg",
        len(JPEG),
    )
    assert Path(attachment.file.path).is_relative_to(Path(settings.MEDIA_ROOT) / "private")
    assert MailRecord.objects.get().notes == {
        "refused_attachments": [{"name": "setup.exe", "reason": "attachment_type"}]
    }


def test_a_message_without_a_sender_is_quarantined_whole():
    raw = b"Subject: hello\r\nMessage-ID: <q@x>\r\n\r\nno sender here\r\n"
    filed = ingest_email(raw, source="smtp")
    assert filed.outcome == "quarantined"
    row = QuarantinedEmail.objects.get()
    assert (bytes(row.raw), row.error, row.status) == (raw, "no sender address in From", "held")
    assert ingest_email(raw, source="smtp").outcome == "quarantined"
    row.refresh_from_db()
    assert row.attempts == 2
    assert MailRecord.objects.count() == 0 and Ticket.objects.count() == 0


def test_a_message_without_a_message_id_is_still_filed_once():
    raw = raw_email().replace(b"Message-ID: <m1@example.cn>\r\n", b"")
    assert ingest_email(raw, source="imap").outcome == "opened"
    assert ingest_email(raw, source="imap").outcome == "duplicate"
    assert MailRecord.objects.get().message_id.endswith("@kefu.invalid>")


def test_an_attachment_over_the_size_limit_is_refused_and_the_email_still_filed(monkeypatch):
    monkeypatch.setattr("kefu.channels.threads.MAX_ATTACHMENT_BYTES", 64)
    raw = raw_email(attachments=[("大图.jpg", "image/jpeg", JPEG + b"\x00" * 100)])
    assert ingest_email(raw, source="imap").outcome == "opened"
    assert Attachment.objects.count() == 0
    assert MailRecord.objects.get().notes == {
        "refused_attachments": [{"name": "大图.jpg", "reason": "attachment_too_large"}]
    }
