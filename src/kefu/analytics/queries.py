"""The records behind a dashboard figure (Y-01 drill-down): the tickets received in the period
that match the figure's filters, newest first, as the actor may see them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from kefu.analytics.models import TicketFact
from kefu.analytics.period import Period
from kefu.analytics.permissions import team_scope
from kefu.core.errors import InvalidInput
from kefu.core.models import User
from kefu.tickets.models import Ticket

# Query parameter → TicketFact column; an empty value means "none" (no team, no category).
ID_FILTERS = {"team": "team_id", "agent": "agent_id", "product": "product_id"}
TEXT_FILTERS = {"channel": "channel", "category": "category"}


@dataclass(frozen=True)
class Row:
    fact: TicketFact
    ticket: Ticket | None


def _id(text: str, name: str) -> int | None:
    if text == "":
        return None
    try:
        return int(text)
    except ValueError:
        raise InvalidInput("invalid_filter", _("Unknown filter value."), {name: text}) from None


def drill_tickets(actor: User, period: Period, params: dict[str, str]) -> QuerySet[TicketFact]:
    """Tickets behind a figure: ``params`` may hold team, agent, product, channel, category,
    ``unresolved=1`` and ``escalated=1``. A supervisor sees their team's only."""
    team_id = team_scope(actor)
    since, until = period.bounds()
    facts = TicketFact.objects.filter(created_at__gte=since, created_at__lt=until)
    if team_id is not None:
        facts = facts.filter(team_id=team_id)
    for name, column in ID_FILTERS.items():
        if name in params:
            value = _id(params[name], name)
            facts = facts.filter(
                **({column: value} if value is not None else {f"{column}__isnull": True})
            )
    for name, column in TEXT_FILTERS.items():
        if name in params:
            facts = facts.filter(**{column: params[name]})
    if params.get("unresolved") == "1":
        facts = facts.filter(unresolved=True)
    if params.get("escalated") == "1":
        facts = facts.filter(escalations__gt=0)
    return facts.order_by("-created_at", "-ticket_id")


def with_tickets(facts: list[TicketFact]) -> list[Row]:
    """The page's facts beside their tickets (one query for the page)."""
    tickets = Ticket.objects.filter(pk__in=[f.ticket_id for f in facts]).select_related(
        "team", "assignee"
    )
    by_id = {t.pk: t for t in tickets}
    return [Row(f, by_id.get(f.ticket_id)) for f in facts]


def drill_filters(params: Any) -> dict[str, str]:
    """The drill-down filters present in a query string."""
    names = (*ID_FILTERS, *TEXT_FILTERS, "unresolved", "escalated")
    return {name: params.get(name, "") for name in names if name in params}
