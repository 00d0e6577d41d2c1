"""Message templates: per event, channel and language, with a Simplified Chinese fallback."""

from __future__ import annotations

import pytest

from kefu.core.errors import Conflict, Forbidden, InvalidInput
from kefu.core.models import AuditEntry
from kefu.notify.models import MessageTemplate
from kefu.notify.rendering import fill, find_template, normalize_language
from kefu.notify.services import notify, save_template
from tests.conftest import client_for
from tests.notify.factories import EventFactory, MessageTemplateFactory

pytestmark = [pytest.mark.req("P-08"), pytest.mark.django_db]

SEEDED_EVENTS = [
    "ticket.received",
    "ticket.progress",
    "ticket.delayed",
    "ticket.solution_offered",
    "ticket.resolved",
    "ticket.escalated",
    "complaint.confirmation_requested",
    "survey.invitation",
]
PROGRESS = {
    "ticket_number": "T20250601-0007",
    "customer_name": "张先生",
    "step_label": "检测中",
    "eta": "明天下午",
    "brand": "客服商城",
}


def test_every_seeded_event_has_a_template_per_customer_channel_and_language():
    rows = set(MessageTemplate.objects.values_list("event", "channel", "language"))

    for event in SEEDED_EVENTS:
        for channel in ("sms", "email", "wechat"):
            for language in ("zh-hans", "zh-hant", "en"):
                assert (event, channel, language) in rows


@pytest.mark.parametrize(
    ("language", "subject", "body"),
    [
        (
            "zh-hans",
            "【客服商城】工单T20250601-0007进度：检测中",
            "张先生您好，您的商品我们已经收到了，当前进度：检测中。技术部门正在处理，"
            "预计明天下午可以完成维修。有进展我们会第一时间通知您。",
        ),
        (
            "zh-hant",
            "【客服商城】工單T20250601-0007進度：檢測中",
            "張先生您好，您的商品我們已經收到了，當前進度：檢測中。技術部門正在處理，"
            "預計明天下午可以完成維修。有進展我們會第一時間通知您。",
        ),
        (
            "en",
            "[客服商城] Ticket T20250601-0007: Diagnosing",
            "Hello Mr Zhang, we have received your item. Current step: Diagnosing. Our "
            "technicians are working on it and expect to finish the repair by tomorrow afternoon."
            " We will let you know as soon as there is progress.",
        ),
    ],
)
def test_the_progress_notice_is_rendered_in_the_customers_language(language, subject, body):
    context = dict(PROGRESS)
    if language == "zh-hant":
        context.update(customer_name="張先生", step_label="檢測中")
    if language == "en":
        context.update(customer_name="Mr Zhang", step_label="Diagnosing", eta="tomorrow afternoon")

    message = notify(
        event=EventFactory(),
        channel="email",
        recipient="zhang@example.com",
        template_event="ticket.progress",
        language=language,
        context=context,
    )

    assert (message.language, message.subject, message.body) == (language, subject, body)


def test_the_delay_notice_says_the_reason_the_extra_time_and_the_compensation():
    message = notify(
        event=EventFactory(name="ticket.delayed"),
        channel="sms",
        recipient="13812345678",
        template_event="ticket.delayed",
        language="zh-hans",
        context={
            "customer_name": "李女士",
            "reason": "配件短缺",
            "extra": "1天",
            "compensation": "50元优惠券",
        },
    )

    assert message.body == (
        "李女士您好，非常抱歉，由于配件短缺，维修时间需延长1天，我们会给您补偿50元优惠券。"
        "有进展我们会第一时间通知您。"
    )
    assert message.recipient == "+8613812345678"


def test_a_language_without_a_template_falls_back_to_simplified_chinese():
    MessageTemplateFactory(event="test.notice", language="zh-hans", body="您好 {ticket_number}")

    message = notify(
        event=EventFactory(),
        channel="sms",
        recipient="+8613812345678",
        template_event="test.notice",
        language="en",
        context={"ticket_number": "T1"},
    )

    assert (message.language, message.body) == ("zh-hans", "您好 T1")


def test_an_inactive_template_is_not_used_and_its_language_falls_back():
    MessageTemplateFactory(event="test.notice", language="en", body="Hello", active=False)
    MessageTemplateFactory(event="test.notice", language="zh-hans", body="您好")

    assert find_template("test.notice", "sms", "en").body == "您好"
    assert find_template("test.notice", "email", "en") is None


def test_no_template_for_the_event_and_channel_means_no_message():
    message = notify(
        event=EventFactory(),
        channel="wechat",
        recipient="oUpF8uMuAJO_M2pxb1Q9zNjWeS6o",
        template_event="test.unknown",
        language="zh-hans",
        context={},
    )

    assert message is None


def test_unknown_placeholders_stay_visible_and_empty_values_become_empty():
    text = "{customer_name}您好，工单{ticket_number}，{not_in_payload}，{eta}"

    assert fill(text, {"customer_name": None, "ticket_number": 7, "eta": "明天"}) == (
        "您好，工单7，{not_in_payload}，明天"
    )


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("zh-hans", "zh-hans"),
        ("zh_Hans", "zh-hans"),
        ("zh-CN", "zh-hans"),
        ("zh-TW", "zh-hant"),
        ("zh-Hant-HK", "zh-hant"),
        ("en-US", "en"),
        ("", "zh-hans"),
        (None, "zh-hans"),
        ("fr", "zh-hans"),
    ],
)
def test_languages_are_read_in_their_common_spellings(given, expected):
    assert normalize_language(given) == expected


def test_a_manager_edits_a_template_through_the_api_and_it_is_audited(manager):
    row = MessageTemplate.objects.get(event="ticket.resolved", channel="sms", language="zh-hans")

    response = client_for(manager).patch(
        f"/api/v1/notification-templates/{row.pk}",
        {"body": "{customer_name}您好，工单{ticket_number}已完成。"},
        content_type="application/json",
    )

    assert response.status_code == 200
    row.refresh_from_db()
    assert row.body == "{customer_name}您好，工单{ticket_number}已完成。"
    assert (
        AuditEntry.objects.filter(
            action="notification_template.changed", subject_id=str(row.pk)
        ).count()
        == 1
    )


@pytest.mark.parametrize(
    "body", ["工单{ticket_number", "工单{0}", "工单{ticket.number}", "工单{ticket[0]}", "  "]
)
def test_a_template_that_cannot_be_filled_is_refused_and_nothing_changes(manager, body):
    row = MessageTemplate.objects.get(event="ticket.resolved", channel="sms", language="zh-hans")
    before = row.body

    response = client_for(manager).patch(
        f"/api/v1/notification-templates/{row.pk}", {"body": body}, content_type="application/json"
    )

    assert response.status_code == 422
    assert response.json()["error"] == "invalid_template"
    row.refresh_from_db()
    assert row.body == before
    assert not AuditEntry.objects.filter(action__startswith="notification_template").exists()


def test_an_agent_may_not_edit_templates_and_nothing_changes(agent):
    row = MessageTemplate.objects.get(event="ticket.resolved", channel="sms", language="zh-hans")
    before = row.body

    with pytest.raises(Forbidden):
        save_template(actor=agent, template_id=row.pk, values={"body": "改了"})
    response = client_for(agent).get("/api/v1/notification-templates")

    assert response.status_code == 403
    row.refresh_from_db()
    assert row.body == before
    assert not AuditEntry.objects.filter(action__startswith="notification_template").exists()


def test_a_manager_adds_a_template_for_a_new_event_once(manager):
    values = {
        "event": "order.confirmed",
        "channel": "sms",
        "language": "zh-hans",
        "body": "您好，订单{order_number}已确认。",
    }

    created = client_for(manager).post(
        "/api/v1/notification-templates", values, content_type="application/json"
    )
    with pytest.raises(Conflict):
        save_template(actor=manager, values=values)

    assert created.status_code == 201
    assert created.json()["body"] == "您好，订单{order_number}已确认。"
    assert MessageTemplate.objects.filter(event="order.confirmed").count() == 1


def test_a_template_for_an_unknown_channel_is_refused(manager):
    with pytest.raises(InvalidInput):
        save_template(
            actor=manager,
            values={"event": "x.y", "channel": "fax", "language": "en", "body": "hi"},
        )
    assert not MessageTemplate.objects.filter(event="x.y").exists()
