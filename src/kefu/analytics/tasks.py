"""Periodic work of the analytics app: the nightly rebuild of the ticket figures (the safety
net under the event handlers: a ticket changed outside a service still ends up counted right)
and the hourly count of customers per segment."""

from kefu.analytics.customers import rebuild_customer_segments
from kefu.analytics.facts import rebuild_ticket_facts
from kefu.core.periodic import periodic

HOUR_SECONDS = 60 * 60
DAY_SECONDS = 24 * HOUR_SECONDS


@periodic("analytics.rebuild_ticket_facts", seconds=DAY_SECONDS)
def rebuild() -> int:
    return rebuild_ticket_facts()


@periodic("analytics.rebuild_customer_segments", seconds=HOUR_SECONDS)
def count_customers() -> int:
    return rebuild_customer_segments()
