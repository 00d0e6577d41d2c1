"""The opening script per channel and time of day (S-03), the reply checker on a first reply,
and the “1 小时内回复您” promise as a deadline on the inquiry and the agent's home (S-04)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from kefu.core.errors import Forbidden
from kefu.core.models import Event
from kefu.presales import queries, services
from kefu.presales.models import Reply, Stage
from kefu.sla.models import Deadline
from kefu.sla.services import scan_deadlines
from tests.conftest import client_for
from tests.presales.conftest import at, new_lead

pytestmark = pytest.mark.django_db


def deadlines(inquiry, kind):
    return Deadline.objects.filter(
        subject_type="presales.inquiry", subject_id=str(inquiry.pk), kind=kind
    )


@pytest.mark.req("S-03")
@pytest.mark.parametrize(
    ("channel", "hour", "text"),
    [
        ("web", 9, "早上好！我是Kefu客户顾问小A，请问有什么可以帮到您？"),
        ("wechat", 15, "下午好！我是Kefu客户顾问小A，请问有什么可以帮到您？"),
        ("app", 20, "晚上好！我是Kefu客户顾问小A，请问有什么可以帮到您？"),
        ("phone", 9, "您好！这里是Kefu，我是客户顾问小A，请问有什么可以帮到您？"),
        ("store", 20, "您好，欢迎光临Kefu！我是客户顾问小A，请问有什么可以帮到您？"),
    ],
)
def test_the_composer_is_prefilled_with_the_opening_for_channel_and_time(
    agent, channel, hour, text
):
    agent.first_name = "小A"
    inquiry = new_lead(agent, channel=channel).inquiries.get()

    assert queries.opening_text(inquiry, agent, "Kefu", at(2026, 3, 2, hour, 0)) == text


@pytest.mark.req("S-03")
@pytest.mark.parametrize(
    ("body", "missing"),
    [
        ("您好！我是客户顾问小A，请问有什么可以帮到您？", []),
        ("我是客户顾问小A，请问有什么可以帮到您？", ["greeting"]),
        ("您好！请问有什么可以帮到您？", ["self_introduction"]),
        ("您好！我是客户顾问小A。", ["intent"]),
    ],
)
def test_the_first_reply_is_flagged_for_each_missing_part_of_the_opening(agent, body, missing):
    inquiry = new_lead(agent).inquiries.get()

    reply = services.reply_to_inquiry(actor=agent, inquiry=inquiry, body=body)

    flags = {"greeting": reply.greeting, "self_introduction": reply.self_introduction}
    flags["intent"] = reply.intent
    assert [name for name, ok in flags.items() if not ok] == missing
    assert reply.first is True
    assert reply.opening_complete is (not missing)


@pytest.mark.req("S-02", "S-03")
def test_the_first_reply_meets_the_deadline_and_contacts_the_lead(agent):
    with time_machine.travel(at(2026, 3, 2, 10, 0), tick=False):
        inquiry = new_lead(agent).inquiries.get()
    with time_machine.travel(at(2026, 3, 2, 10, 12), tick=False):
        services.reply_to_inquiry(
            actor=agent, inquiry=inquiry, body="您好！我是小A，请问有什么可以帮到您？"
        )
        later = services.reply_to_inquiry(actor=agent, inquiry=inquiry, body="好的")

    deadline = deadlines(inquiry, "inquiry.online.first_response").get()
    assert (deadline.met_at, deadline.breached_at) == (at(2026, 3, 2, 10, 12), None)
    inquiry.refresh_from_db()
    assert inquiry.answered_at == at(2026, 3, 2, 10, 12)
    assert inquiry.lead.stage == Stage.CONTACTED
    assert later.first is False
    assert later.opening_complete is True  # only a first reply is an opening


@pytest.mark.req("S-02")
def test_an_unanswered_inquiry_is_warned_then_breached(agent):
    with time_machine.travel(at(2026, 3, 2, 10, 0), tick=False):
        inquiry = new_lead(agent).inquiries.get()

    scan_deadlines(at(2026, 3, 2, 10, 21))
    deadline = deadlines(inquiry, "inquiry.online.first_response").get()
    assert deadline.status == "warned"
    scan_deadlines(at(2026, 3, 2, 10, 31))
    deadline.refresh_from_db()
    assert deadline.status == "breached"
    listed = queries.with_deadlines([inquiry])[0]
    assert listed.first_response.status == "breached"
    queue = client_for(agent).get("/presales/inquiries/").content.decode()
    assert 'data-status="breached"' in queue


@pytest.mark.req("S-04")
@pytest.mark.parametrize(
    ("body", "button"),
    [
        ("您的问题我需要核实一下，1小时内给您回复，可以吗？", False),
        ("我查一下，1 小时内回复您", False),
        ("我查一下，一个小时内回复您", False),
        ("好的，我去确认。", True),
    ],
    ids=["seed-script", "with-space", "in-words", "button"],
)
def test_a_promise_to_reply_within_an_hour_becomes_a_deadline(agent, body, button):
    inquiry = new_lead(agent).inquiries.get()
    with time_machine.travel(at(2026, 3, 2, 10, 0), tick=False):
        reply = services.reply_to_inquiry(actor=agent, inquiry=inquiry, body=body, promise=button)

    promise = deadlines(inquiry, "inquiry.promised_reply").get()
    assert reply.promised is True
    assert (promise.due_at, promise.warn_at, promise.owner) == (
        at(2026, 3, 2, 11, 0),
        at(2026, 3, 2, 10, 50),
        agent,
    )


@pytest.mark.req("S-04")
def test_the_next_reply_keeps_the_promise(agent):
    inquiry = new_lead(agent).inquiries.get()
    with time_machine.travel(at(2026, 3, 2, 10, 0), tick=False):
        services.reply_to_inquiry(actor=agent, inquiry=inquiry, body="我查一下，1小时内回复您")
    with time_machine.travel(at(2026, 3, 2, 10, 40), tick=False):
        services.reply_to_inquiry(actor=agent, inquiry=inquiry, body="查到了，这款有现货。")

    promise = deadlines(inquiry, "inquiry.promised_reply").get()
    assert (promise.met_at, promise.breached_at) == (at(2026, 3, 2, 10, 40), None)


@pytest.mark.req("S-04")
def test_a_plain_reply_promises_nothing(agent):
    inquiry = new_lead(agent).inquiries.get()

    reply = services.reply_to_inquiry(actor=agent, inquiry=inquiry, body="这款有现货。")

    assert reply.promised is False
    assert not deadlines(inquiry, "inquiry.promised_reply").exists()


@pytest.mark.req("S-04")
def test_the_promise_shows_on_the_agents_home_and_on_the_inquiry(agent, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    inquiry = new_lead(agent).inquiries.get()
    services.reply_to_inquiry(actor=agent, inquiry=inquiry, body="我查一下，1小时内回复您")
    client = client_for(agent)

    home = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    detail = client.get(f"/presales/inquiries/{inquiry.pk}/").content.decode()

    assert 'data-kind="inquiry.promised_reply"' in home
    assert "核实后回复客户" in home
    assert 'data-testid="promise-deadline"' in detail


@pytest.mark.req("S-03")
def test_a_teammate_of_another_team_cannot_reply(agent, other_team_agent):
    inquiry = new_lead(agent).inquiries.get()
    events = Event.objects.count()

    with pytest.raises(Forbidden):
        services.reply_to_inquiry(actor=other_team_agent, inquiry=inquiry, body="您好")

    assert Reply.objects.count() == 0
    assert Event.objects.count() == events


def test_warning_comes_before_the_promise_is_due(agent):
    inquiry = new_lead(agent).inquiries.get()
    with time_machine.travel(at(2026, 3, 2, 10, 0), tick=False):
        services.reply_to_inquiry(actor=agent, inquiry=inquiry, body="1小时内回复您", promise=False)

    scan_deadlines(at(2026, 3, 2, 10, 0) + timedelta(minutes=51))

    assert deadlines(inquiry, "inquiry.promised_reply").get().status == "warned"
    assert Event.objects.filter(name="deadline.warned").count() == 1


@pytest.mark.req("S-03")
def test_without_a_matching_rule_the_library_opening_is_used(agent):
    from kefu.presales.models import Opening

    Opening.objects.all().delete()
    agent.first_name = "小A"
    inquiry = new_lead(agent).inquiries.get()

    text = queries.opening_text(inquiry, agent, "Kefu", at(2026, 3, 2, 9, 0))

    assert text == "您好！我是Kefu客户顾问小A，请问有什么可以帮到您？"
