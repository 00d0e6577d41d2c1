"""`kefu manage rebuild_analytics`: rebuild the dashboards' ticket figures from the tickets."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kefu.analytics.facts import rebuild_ticket_facts


class Command(BaseCommand):
    help = "Rebuild the ticket figures the analytics dashboards read (after an import or restore)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = rebuild_ticket_facts()
        self.stdout.write(f"{count} tickets counted")
