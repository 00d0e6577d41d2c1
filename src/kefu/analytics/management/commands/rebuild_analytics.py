"""`kefu manage rebuild_analytics`: rebuild the dashboards' ticket figures and customer
segments from the tickets and customers."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kefu.analytics.customers import rebuild_customer_segments
from kefu.analytics.facts import rebuild_ticket_facts


class Command(BaseCommand):
    help = "Rebuild what the analytics dashboards read (after an import or a restore)."

    def handle(self, *args: Any, **options: Any) -> None:
        tickets, segments = rebuild_ticket_facts(), rebuild_customer_segments()
        self.stdout.write(f"{tickets} tickets counted, {segments} customer segments")
