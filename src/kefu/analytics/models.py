"""The summary tables of the analytics app: one narrow, indexed row per ticket (Y-01, Y-03) and
customer counts per segment (Y-02).

The ticket table has no index for "created in this period" and its durations are differences
of two columns; the dashboards read ``TicketFact`` instead, kept up to date by the outbox
handlers (``handlers.py``) with a nightly rebuild as the safety net (``tasks.py``). Counting a
million customers by place, age and level is a full scan; ``CustomerSegment`` holds the counts,
rebuilt every hour.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class TicketFact(models.Model):
    """What the dashboards need of one ticket: when, where, who, how fast; no personal data."""

    ticket_id = models.BigIntegerField(primary_key=True)
    created_at = models.DateTimeField(_("created"))
    channel = models.CharField(_("channel"), max_length=10)
    category = models.CharField(_("category"), max_length=20, blank=True)
    team_id = models.BigIntegerField(_("team"), null=True, blank=True)
    agent_id = models.BigIntegerField(_("agent"), null=True, blank=True)
    product_id = models.BigIntegerField(_("product"), null=True, blank=True)
    # Seconds from receipt to the first reply / to the resolution; NULL until it happens.
    response_seconds = models.BigIntegerField(_("first response (s)"), null=True, blank=True)
    resolution_seconds = models.BigIntegerField(_("resolution (s)"), null=True, blank=True)
    # Not yet resolved: the backlog (a resolved ticket waits only for the customer's word).
    unresolved = models.BooleanField(_("unresolved"), default=True)
    escalations = models.PositiveIntegerField(_("escalations"), default=0)

    class Meta:
        verbose_name = _("ticket figures")
        verbose_name_plural = _("ticket figures")
        indexes = [
            models.Index(fields=["created_at"], name="fact_created"),
            models.Index(fields=["team_id", "created_at"], name="fact_team_created"),
            models.Index(
                fields=["created_at", "team_id"],
                name="fact_unresolved",
                condition=Q(unresolved=True),
            ),
            models.Index(
                fields=["product_id", "created_at"],
                name="fact_product",
                condition=Q(product_id__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"ticket #{self.ticket_id}"


class CustomerSegment(models.Model):
    """How many customers share a team, place, gender, member level and age band (Y-02);
    rebuilt by the hourly rollup, so the customer analysis never scans the customer table."""

    team_id = models.BigIntegerField(_("team"), null=True, blank=True)
    region = models.CharField(_("province"), max_length=20)
    city = models.CharField(_("city"), max_length=30, blank=True)
    gender = models.CharField(_("gender"), max_length=10)
    member_level = models.CharField(_("member level"), max_length=10)
    age_band = models.CharField(_("age band"), max_length=8)
    customers = models.PositiveIntegerField(_("customers"))

    class Meta:
        verbose_name = _("customer segment")
        verbose_name_plural = _("customer segments")
        indexes = [models.Index(fields=["team_id"], name="segment_team")]

    def __str__(self) -> str:
        return f"{self.region} {self.city} {self.gender} {self.member_level} {self.age_band}"
