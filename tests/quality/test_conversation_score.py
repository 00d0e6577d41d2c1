"""The conversation QA score (G-04): six steps and three rules, each with its reason; computed
by the outbox when a ticket closes."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

from kefu.core.events import pump
from kefu.quality.models import BannedPhrase, ConversationScore
from kefu.quality.scores import override_conversation_score, record_conversation_score
from kefu.quality.scoring import Conversation, Due, Turn, score_conversation
from kefu.tickets.services import (
    NewTicket,
    SolutionOption,
    close_ticket,
    confirm_satisfaction,
    offer_solutions,
    open_ticket,
    promise_resolution,
    record_customer_choice,
    record_solution_progress,
    reply_to_ticket,
    resolve_ticket,
)
from tests.customers.factories import CustomerFactory
from tests.tickets.factories import TicketFactory

pytestmark = pytest.mark.req("G-04")
SH = ZoneInfo("Asia/Shanghai")
PHRASES = [BannedPhrase(phrase="不知道", category="ignorance", alternative="我帮您核实一下")]


def at(hour: int, minute: int = 0, day: int = 16) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=SH)


def agent_says(*texts: str) -> list[Turn]:
    return [Turn(True, text, at(10, minute)) for minute, text in enumerate(texts, start=1)]


def points(conversation: Conversation) -> dict[str, tuple[int, str]]:
    with translation.override("en"):
        score = score_conversation(conversation, PHRASES)
    return {c.code: (c.points, c.reason) for c in score.criteria}


def test_a_conversation_that_follows_every_step_and_rule_scores_100():
    conversation = Conversation(
        turns=[
            Turn(False, "手机无法开机", at(9, 50)),
            *agent_says(
                "您好，我是客服小李，很高兴为您服务，请问有什么可以帮到您？",
                "您是说手机充满电后仍无法开机，对吗？",
                "您可以选择换货或申请退款，两种方式都无需额外费用",
                "这样处理您是否满意？",
                "感谢您的理解，有任何问题随时欢迎致电",
            ),
        ],
        closed_at=at(11),
        dues=[
            Due("ticket.online.first_response", at(10, 50), met_at=at(10, 1)),
            Due("ticket.promised_resolution", at(10, 59), met_at=at(10, 30), promise=True),
        ],
    )

    with translation.override("en"):
        score = score_conversation(conversation, PHRASES)

    assert score.total == 100
    assert all(c.passed for c in score.criteria)
    assert [(c.code, c.reason) for c in score.criteria] == [
        ("greeting", "The first reply greets, introduces and offers help."),
        ("listen", "The agent confirmed what the customer said."),
        ("diagnose", "The problem was diagnosed with questions or a recorded diagnosis."),
        ("solution", "A solution was offered."),
        ("satisfaction", "The customer was asked whether they are satisfied."),
        ("close", "The last reply thanks the customer and invites them back."),
        ("banned_phrases", "No banned phrase in any reply."),
        ("deadlines", "All 1 met on time."),
        ("promises", "All 1 met on time."),
    ]


def test_a_careless_conversation_loses_points_with_the_reasons():
    conversation = Conversation(
        turns=agent_says("不知道，你自己看说明书"),
        closed_at=at(13),
        dues=[
            Due("ticket.online.first_response", at(10), met_at=at(10, 30)),
            Due("ticket.promised_resolution", at(12), promise=True),
            Due("ticket.resolution", at(18)),  # not due when it closed: not counted
        ],
    )

    assert points(conversation) == {
        "greeting": (
            0,
            "The first reply lacks: greeting, self-introduction, service intent.",
        ),
        "listen": (0, "No reply restates or confirms the customer's problem."),
        "diagnose": (0, "No diagnosis recorded and no question asked."),
        "solution": (0, "No solution was offered."),
        "satisfaction": (0, "Nobody asked whether the customer is satisfied."),
        "close": (0, "The last reply has no farewell."),
        "banned_phrases": (5, "Banned phrases used: 不知道."),
        "deadlines": (0, "1 of 1 missed: ticket.online.first_response."),
        "promises": (0, "1 of 1 missed: ticket.promised_resolution."),
    }


def test_the_records_count_for_the_steps_and_a_partial_greeting_scores_part():
    conversation = Conversation(
        turns=agent_says("您好，请问有什么可以帮到您", "已为您处理"),
        closed_at=at(11),
        diagnosed=True,
        solutions_offered=2,
        satisfaction_confirmed=True,
    )

    scored = points(conversation)

    assert scored["greeting"] == (7, "The first reply lacks: self-introduction.")
    assert [scored[c][0] for c in ("diagnose", "solution", "satisfaction")] == [15, 15, 10]
    assert scored["deadlines"] == (10, "No deadline fell due.")
    assert scored["promises"] == (10, "No promise was made.")


def test_traditional_replies_are_scored_like_simplified():
    simplified = points(
        Conversation(
            agent_says("您好，我是小李，請問有什麼可以幫到您？", "謝謝，祝您生活愉快"), at(11)
        )
    )

    assert simplified["greeting"][0] == 10
    assert simplified["close"][0] == 10


def test_closing_a_ticket_scores_it_through_the_outbox(statutory_calendar, agent, team):
    customer = CustomerFactory(team=team)
    with time_machine.travel(at(10), tick=False):
        ticket = open_ticket(
            actor=agent,
            draft=NewTicket(description="扫地机器人不充电", channel="app", customer_id=customer.pk),
        )
        ticket.assignee = agent
        ticket.save(update_fields=["assignee"])
    with time_machine.travel(at(10, 5), tick=False):
        reply_to_ticket(
            actor=agent,
            ticket=ticket,
            body="您好，我是客服小李，很高兴为您服务，请问有什么可以帮到您？",
        )
        reply_to_ticket(actor=agent, ticket=ticket, body="您是说机器放上底座后不充电，对吗？")
        promise_resolution(actor=agent, ticket=ticket, until=at(15))
        (repair,) = offer_solutions(
            actor=agent, ticket=ticket, options=[SolutionOption("free_repair")]
        )
        record_customer_choice(actor=agent, ticket=ticket, solution_id=repair.pk)
        for step in repair.steps:
            record_solution_progress(actor=agent, ticket=ticket, solution_id=repair.pk, step=step)
        reply_to_ticket(actor=agent, ticket=ticket, body="感谢您的耐心，有任何问题随时联系我们")
    with time_machine.travel(at(14), tick=False):
        resolve_ticket(actor=agent, ticket=ticket, resolution="更换充电模块")
        confirm_satisfaction(actor=agent, ticket=ticket, satisfied=True, note="客户满意")
        close_ticket(actor=agent, ticket=ticket)
        assert not ConversationScore.objects.exists()  # the outbox has not run yet
        pump()

    score = ConversationScore.objects.get()
    assert (score.subject_type, score.subject_id) == ("tickets.ticket", str(ticket.pk))
    assert (score.subject_label, score.agent, score.team) == (ticket.number, agent, team)
    assert (score.closed_at, score.month.isoformat()) == (at(14), "2026-03-01")
    assert {c["code"]: c["points"] for c in score.criteria} == {
        "greeting": 10,
        "listen": 10,
        "diagnose": 15,
        "solution": 15,
        "satisfaction": 10,
        "close": 10,
        "banned_phrases": 10,
        "deadlines": 10,
        "promises": 10,
    }
    assert score.score == score.final_score == 100


def test_a_ticket_closed_again_is_rescored_and_keeps_the_supervisors_override(
    supervisor, agent, team
):
    ticket = TicketFactory(team=team, assignee=agent, status="closed", closed_at=at(11))
    careless = Conversation(agent_says("不知道"), at(11))
    first = record_conversation_score(
        subject=ticket, label=ticket.number, agent=agent, team=team, conversation=careless
    )
    override_conversation_score(actor=supervisor, score_id=first.pk, value=60, note="客户挂断")

    better = Conversation(
        agent_says("您好，我是小李，请问有什么可以帮到您？", "感谢您，祝您愉快"), at(15)
    )
    again = record_conversation_score(
        subject=ticket, label=ticket.number, agent=agent, team=team, conversation=better
    )

    assert ConversationScore.objects.count() == 1
    assert again.pk == first.pk
    assert (again.score, again.final_score, again.closed_at) == (65, 60, at(15))
