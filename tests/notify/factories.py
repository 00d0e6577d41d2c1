"""Factories of the notify tests: events to notify about, templates, outbox messages."""

from __future__ import annotations

import factory

from kefu.core.models import Event
from kefu.notify.models import Message, MessageTemplate


class EventFactory(factory.django.DjangoModelFactory[Event]):
    class Meta:
        model = Event

    name = "ticket.progress"
    subject_type = "tickets.ticket"
    subject_id = factory.Sequence(str)
    customer_id = 42
    payload = factory.LazyFunction(
        lambda: {"ticket_number": "T20250101-0001", "customer_name": "张先生", "eta": "明天下午"}
    )


class MessageTemplateFactory(factory.django.DjangoModelFactory[MessageTemplate]):
    class Meta:
        model = MessageTemplate

    event = "test.notice"
    channel = "sms"
    language = "zh-hans"
    subject = "通知 {ticket_number}"
    body = "{customer_name}您好，工单{ticket_number}有新进展。"


class MessageFactory(factory.django.DjangoModelFactory[Message]):
    class Meta:
        model = Message

    event = factory.SubFactory(EventFactory)
    template_event = "ticket.progress"
    channel = "sms"
    recipient = factory.Sequence(lambda n: f"+86138{n:08d}")
    customer_id = 42
    language = "zh-hans"
    subject = ""
    body = "张先生您好，您的商品我们已经收到了。"
