"""The retention policy of customer data (C-05): customers inactive for N months are erased.

Activity is anything on the customer's timeline (an order, a ticket, a call, a survey...), a
change of the profile or a recorded contact. An administrator sets N and switches it on.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.core.audit import record_audit
from kefu.core.errors import InvalidInput
from kefu.core.models import Event, User
from kefu.core.periodic import periodic
from kefu.core.permissions import require
from kefu.customers.models import Customer, RetentionPolicy
from kefu.customers.privacy import erase_customer

log = logging.getLogger(__name__)

BATCH = 200  # customers erased per run; the next run goes on


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time ``months`` calendar months earlier (the 31st → the month's end)."""
    year, month = divmod(moment.year * 12 + moment.month - 1 - months, 12)
    day = moment.day
    while True:
        try:
            return moment.replace(year=year, month=month + 1, day=day)
        except ValueError:
            day -= 1


def current_policy() -> RetentionPolicy:
    return RetentionPolicy.objects.get_or_create(pk=1)[0]


@transaction.atomic
def set_retention_policy(*, actor: User, enabled: bool, inactive_months: int) -> RetentionPolicy:
    """An administrator switches the erasure of inactive customers on or off and sets after how
    many months without activity. Implements C-05 (retention policy)."""
    require(actor, "customer.retention")
    if not isinstance(inactive_months, int) or not 1 <= inactive_months <= 240:
        raise InvalidInput(
            "retention_months",
            _("Enter a number of months from 1 to 240."),
            {"inactive_months": _("Enter a number of months from 1 to 240.")},
        )
    policy = current_policy()
    before = {"enabled": policy.enabled, "inactive_months": policy.inactive_months}
    policy.enabled, policy.inactive_months, policy.updated_by = enabled, inactive_months, actor
    policy.save()
    after = {"enabled": enabled, "inactive_months": inactive_months}
    record_audit(
        actor=actor,
        action="retention.updated",
        subject=policy,
        data={"before": before, "after": after},
    )
    return policy


def inactive_customers(now: datetime | None = None) -> list[int]:
    """Ids of the customers the policy says to erase now (none while it is off)."""
    policy = current_policy()
    if not policy.enabled:
        return []
    cutoff = months_before(now or timezone.now(), policy.inactive_months)
    recent = Event.objects.filter(customer_id__isnull=False, created_at__gte=cutoff)
    rows = Customer.objects.filter(
        erased_at__isnull=True, created_at__lt=cutoff, updated_at__lt=cutoff
    )
    rows = rows.exclude(last_contacted_at__gte=cutoff).exclude(pk__in=recent.values("customer_id"))
    return list(rows.order_by("pk").values_list("pk", flat=True)[:BATCH])


@periodic("customers.erase_inactive", seconds=24 * 60 * 60)
def erase_inactive_customers(now: datetime | None = None) -> int:
    """Erase, one by one, the customers inactive longer than the policy allows (C-05)."""
    erased = 0
    for pk in inactive_customers(now):
        erase_customer(actor=None, customer=Customer.objects.get(pk=pk))
        erased += 1
    if erased:
        log.info("retention: %s inactive customers erased", erased)
    return erased
