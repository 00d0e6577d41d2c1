"""Periodic work of the analytics app: the nightly rebuild of the ticket figures, the safety net
under the event handlers (a ticket changed outside a service still ends up counted right)."""

from kefu.analytics.facts import rebuild_ticket_facts
from kefu.core.periodic import periodic

DAY_SECONDS = 24 * 60 * 60


@periodic("analytics.rebuild_ticket_facts", seconds=DAY_SECONDS)
def rebuild() -> int:
    return rebuild_ticket_facts()
