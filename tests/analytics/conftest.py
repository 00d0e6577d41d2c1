"""What the analytics tests share: English messages, Shanghai times, a fixed "now" in April
2026, and a constructed month of tickets whose figures are worked out by hand in the tests.

March 2026 (the period), team 售后一组 (agent, teammate) and 售后二组 (other_agent):

====  =======  =====  =========  ===============  ========  ==========  ===========
T     channel  team   agent      category         reply     resolved    state
====  =======  =====  =========  ===============  ========  ==========  ===========
T1    web      一组   agent      product_quality  10 min    2 h         closed
T2    web      一组   agent      product_quality  20 min    4 h         resolved
T3    wechat   一组   teammate   service_process  30 min    –           in_progress, escalated
T4    phone    二组   other      customer_usage   40 min    6 h         closed
T5    web      二组   –          –                –         –           new
T6    web      一组   agent      product_quality  (merged into T1: never counted)
====  =======  =====  =========  ===============  ========  ==========  ===========

February 2026 (the previous period): P1 web, 一组, agent, 60 min reply, resolved in 8 h.
Unresolved outside both: A1 today (5 April), A2 yesterday (一组), O1 on 1 January (二组).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

from kefu.analytics.facts import rebuild_ticket_facts
from kefu.analytics.period import Period
from kefu.tickets.models import Escalation
from tests.tickets.factories import TicketFactory

SH = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 4, 5, 12, 0, tzinfo=SH)
MARCH = Period(datetime(2026, 3, 1).date(), datetime(2026, 3, 31).date())


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=SH)


@pytest.fixture(autouse=True)
def _english(settings):
    """Messages are asserted in English: in the test and in pages (which default to Chinese)."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _april():
    with time_machine.travel(NOW, tick=False):
        yield


def ticket(
    created: datetime,
    *,
    reply: int | None = None,
    resolved: float | None = None,
    **fields: object,
):
    """A ticket received at ``created``, first answered ``reply`` minutes and resolved
    ``resolved`` hours later."""
    return TicketFactory(
        created_at=created,
        first_responded_at=created + timedelta(minutes=reply) if reply is not None else None,
        resolved_at=created + timedelta(hours=resolved) if resolved is not None else None,
        **fields,
    )


@pytest.fixture
def march(team, other_team, agent, teammate, other_team_agent):
    """The tickets of the table above, their figures built."""
    tickets = {
        "T1": ticket(
            at(2026, 3, 2, 9),
            reply=10,
            resolved=2,
            channel="web",
            team=team,
            assignee=agent,
            category="product_quality",
            status="closed",
        ),
        "T2": ticket(
            at(2026, 3, 10, 14),
            reply=20,
            resolved=4,
            channel="web",
            team=team,
            assignee=agent,
            category="product_quality",
            status="resolved",
        ),
        "T3": ticket(
            at(2026, 3, 15, 10),
            reply=30,
            channel="wechat",
            team=team,
            assignee=teammate,
            category="service_process",
            status="in_progress",
        ),
        "T4": ticket(
            at(2026, 3, 20, 11),
            reply=40,
            resolved=6,
            channel="phone",
            team=other_team,
            assignee=other_team_agent,
            category="customer_usage",
            status="closed",
        ),
        "T5": ticket(at(2026, 3, 31, 23, 30), channel="web", team=other_team, status="new"),
        "P1": ticket(
            at(2026, 2, 15, 9),
            reply=60,
            resolved=8,
            channel="web",
            team=team,
            assignee=agent,
            category="product_quality",
            status="closed",
        ),
        # Outside both periods, still unresolved: the backlog's ages.
        "A1": ticket(at(2026, 4, 5, 8), channel="web", team=team, status="new"),
        "A2": ticket(at(2026, 4, 4, 8), channel="web", team=team, status="diagnosing"),
        "O1": ticket(at(2026, 1, 1, 8), channel="email", team=other_team, status="new"),
    }
    tickets["T6"] = ticket(
        at(2026, 3, 3, 9),
        reply=5,
        channel="web",
        team=team,
        assignee=agent,
        status="merged",
        merged_into=tickets["T1"],
        queue_due_at=None,
    )
    Escalation.objects.create(ticket=tickets["T3"], target="supervisor", reason="客户要求主管处理")
    rebuild_ticket_facts()
    return tickets
