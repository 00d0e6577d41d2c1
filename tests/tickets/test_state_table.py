"""The ticket's state table (A-08): every state × action × role, in the table and through the
services that apply it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from kefu.core.errors import Conflict, Forbidden
from kefu.core.models import Event, Role, User
from kefu.tickets import services
from kefu.tickets.models import Solution, Status, Ticket, TicketMessage
from kefu.tickets.services.deadlines import PROMISED_RESOLUTION, start_ticket_deadline
from kefu.tickets.workflow import WORKFLOW
from tests.conftest import make_user
from tests.tickets.conftest import png
from tests.tickets.factories import TicketFactory, ticket_in

pytestmark = pytest.mark.req("A-08")

STATES = sorted(Status.values)
ACTIONS = sorted(WORKFLOW.actions)
ROLES = sorted(Role.values)
TABLE = {(t.source, t.action): t for t in WORKFLOW.transitions}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("state", STATES)
def test_the_table_allows_or_refuses_every_move_for_every_role(state, action, role):
    actor = User(role=role)
    transition = TABLE.get((state, action))

    if transition is None:
        with pytest.raises(Conflict) as refused:
            WORKFLOW.next_state(state, action, actor)
        assert refused.value.code == "illegal_transition"
    elif role not in transition.roles:
        with pytest.raises(Forbidden):
            WORKFLOW.next_state(state, action, actor)
    else:
        assert WORKFLOW.next_state(state, action, actor) == transition.target


def test_closed_and_merged_tickets_take_no_work():
    assert {a for (s, a) in TABLE if s == Status.MERGED} == set()
    assert {a for (s, a) in TABLE if s == Status.CLOSED} == {"reopen"}


# --- through the services ------------------------------------------------------------------


def _prepare(action: str, ticket: Ticket) -> dict[str, Any]:
    """What an allowed move needs beyond the state (set up before anything is compared)."""
    if action == "merge":
        keep = TicketFactory(
            customer=ticket.customer,
            team=ticket.team,
            assignee=ticket.assignee,
            status="diagnosing",
        )
        return {"keep": keep}
    return {}


def _ready(action: str, ticket: Ticket) -> None:
    if action == "delay":
        start_ticket_deadline(PROMISED_RESOLUTION, ticket)
    if action == "resolve":
        ticket.solutions.filter(status="chosen").update(
            status="completed", completed_at=timezone.now()
        )


def _solution_id(ticket: Ticket, status: str) -> int:
    row = ticket.solutions.filter(status=status).first()
    return row.pk if row else 0


def _progress(actor: User, ticket: Ticket, **_: Any) -> object:
    row = ticket.solutions.filter(status="chosen").first()
    return services.record_solution_progress(
        actor=actor,
        ticket=ticket,
        solution_id=row.pk if row else 0,
        step=row.next_step if row else "completed",
    )


MOVES: dict[str, Callable[..., object]] = {
    "diagnose": lambda a, t, **k: services.start_diagnosis(actor=a, ticket=t),
    "offer": lambda a, t, **k: services.offer_solutions(
        actor=a, ticket=t, options=[services.SolutionOption("exchange")]
    ),
    "choose": lambda a, t, **k: services.record_customer_choice(
        actor=a, ticket=t, solution_id=_solution_id(t, "offered")
    ),
    "progress": _progress,
    "resolve": lambda a, t, **k: services.resolve_ticket(actor=a, ticket=t),
    "confirm": lambda a, t, **k: services.confirm_satisfaction(actor=a, ticket=t, satisfied=True),
    "close": lambda a, t, **k: services.close_ticket(actor=a, ticket=t),
    "reopen": lambda a, t, **k: services.reopen_ticket(
        actor=a, ticket=t, reason="客户反馈问题复现"
    ),
    "merge": lambda a, t, keep=None, **k: services.merge_tickets(
        actor=a, duplicate=t, keep=keep or t
    ),
    "reply": lambda a, t, **k: services.reply_to_ticket(
        actor=a, ticket=t, body="您好，很高兴为您服务"
    ),
    "attach": lambda a, t, **k: services.add_attachment(actor=a, ticket=t, upload=png()),
    "escalate": lambda a, t, **k: services.escalate_ticket(
        actor=a, ticket=t, target="manager", reason="客户要求赔偿"
    ),
    "categorize": lambda a, t, **k: services.categorize_ticket(
        actor=a, ticket=t, subtype="quality_defect"
    ),
    "prioritize": lambda a, t, **k: services.set_priority(
        actor=a, ticket=t, urgent=True, important=True
    ),
    "assign": lambda a, t, **k: services.assign_ticket(actor=a, ticket=t, assignee=a),
    "promise": lambda a, t, **k: services.promise_resolution(actor=a, ticket=t),
    "delay": lambda a, t, **k: services.announce_delay(
        actor=a,
        ticket=t,
        notice=services.DelayNotice(reason="配件短缺", until=timezone.now() + timedelta(days=3)),
    ),
}


def _actor(role: str, team: Any) -> User:
    return make_user(f"actor-{role}", role, team)


def _snapshot(ticket: Ticket) -> tuple[object, ...]:
    row = Ticket.objects.get(pk=ticket.pk)
    return (
        row.status,
        row.version,
        row.updated_at,
        Event.objects.count(),
        TicketMessage.objects.count(),
        sorted(Solution.objects.values_list("status", flat=True)),
    )


ALLOWED = [(t.source, t.action, role) for t in WORKFLOW.transitions for role in sorted(t.roles)]
REFUSED_ROLES = [
    (t.source, t.action, role)
    for t in WORKFLOW.transitions
    for role in ROLES
    if role not in t.roles
]
ILLEGAL = [(s, a) for s in STATES for a in ACTIONS if (s, a) not in TABLE]


def test_every_action_of_the_table_has_a_service():
    assert set(MOVES) == set(WORKFLOW.actions)


@pytest.mark.parametrize(("state", "action", "role"), ALLOWED)
def test_each_allowed_move_goes_through_its_service(db, team, state, action, role):
    actor = _actor(role, team)
    ticket = ticket_in(state, team=team, assignee=actor)
    extra = _prepare(action, ticket)
    _ready(action, ticket)

    MOVES[action](actor, ticket, **extra)

    # The first answer to a new ticket is the greeting and starts the diagnosis.
    expected = (
        Status.DIAGNOSING if (state, action) == ("new", "reply") else TABLE[(state, action)].target
    )
    assert Ticket.objects.get(pk=ticket.pk).status == expected


@pytest.mark.parametrize(("state", "action", "role"), REFUSED_ROLES)
def test_a_role_outside_the_table_is_refused_and_nothing_changes(db, team, state, action, role):
    actor = _actor(role, team)
    ticket = ticket_in(state, team=team, assignee=actor)
    extra = _prepare(action, ticket)
    before = _snapshot(ticket)

    with pytest.raises(Forbidden):
        MOVES[action](actor, ticket, **extra)

    assert _snapshot(ticket) == before


@pytest.mark.parametrize(("state", "action"), ILLEGAL)
def test_a_move_the_table_lacks_is_refused_as_illegal_and_nothing_changes(db, team, state, action):
    actor = _actor(Role.SUPERVISOR, team)
    ticket = ticket_in(state, team=team, assignee=actor)
    extra = _prepare(action, ticket)
    before = _snapshot(ticket)

    with pytest.raises(Conflict) as refused:
        MOVES[action](actor, ticket, **extra)

    assert refused.value.code == "illegal_transition"
    assert _snapshot(ticket) == before
