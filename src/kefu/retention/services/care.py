"""Care rules and their runs: write a rule, run every active rule (periodic job, working time
only), send each touch through the outbox with an unsubscribe link. Implements R-01..R-03.

Quiet hours are the shop's working hours on the sla business calendar: a marketing message
goes out only then, never at night, on a weekend or on a public holiday (避免在客户休息时打扰
客户, 004 §四); a run outside them sends nothing and the next run in working time catches up.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.catalog.models import Product
from kefu.core.audit import record_audit
from kefu.core.errors import InvalidInput, NotFound
from kefu.core.events import record_event
from kefu.core.links import hash_link_token, new_link_token, public_url
from kefu.core.models import Event, User
from kefu.core.permissions import require
from kefu.customers.models import Customer
from kefu.notify.services import notify
from kefu.retention.audience import clean_audience
from kefu.retention.models import CareKind, CareRule, RetentionSettings, Touch
from kefu.retention.selection import Reach, reaches
from kefu.retention.workflow import TOUCH_FLOW
from kefu.sla.services import current_calendar, policy

CAP_WINDOW = "retention.cap_window"
CHUNK = 500  # touches queued per transaction
RULE_FIELDS = (
    "name",
    "kind",
    "channel",
    "content",
    "audience",
    "day_of_month",
    "lead_days",
    "months",
    "product_id",
    "active",
)
NEEDS_PRODUCT = (CareKind.NEW_PRODUCT, CareKind.EARLY_ACCESS)


def _invalid(name: str, message: str) -> InvalidInput:
    return InvalidInput(f"invalid_{name}", message, {name: message})


def _check_rule(rule: CareRule) -> None:
    if not rule.name.strip():
        raise _invalid("name", _("Give the rule a name."))
    if rule.kind not in CareKind.values:
        raise _invalid("kind", _("Choose what the rule sends."))
    if rule.channel not in ("sms", "email"):
        raise _invalid("channel", _("Choose SMS or email."))
    if not 1 <= rule.day_of_month <= 28:
        raise _invalid("day_of_month", _("Choose a day between 1 and 28."))
    if rule.lead_days > 31:
        raise _invalid("lead_days", _("At most 31 days ahead."))
    if rule.kind in NEEDS_PRODUCT and rule.product_id is None:
        raise _invalid("product_id", _("Choose the product to announce."))
    if rule.product_id is not None and not Product.objects.filter(pk=rule.product_id).exists():
        raise _invalid("product_id", _("No such product."))
    if rule.kind == CareKind.MAINTENANCE and not rule.months:
        raise _invalid("months", _("Say how many months after purchase to remind."))


@transaction.atomic
def save_rule(*, actor: User, values: Mapping[str, Any], rule_id: int | None = None) -> CareRule:
    """Create a care rule or change one: kind, message content, audience filter and schedule.

    Supervisors and above. Implements R-01, R-02.
    """
    require(actor, "retention.manage_rules")
    unknown = sorted(set(values) - set(RULE_FIELDS))
    if unknown:
        raise InvalidInput(
            "unknown_field",
            _("These fields cannot be set: %(f)s") % {"f": ", ".join(unknown)},
            dict.fromkeys(unknown, _("unknown")),
        )
    if rule_id is None:
        rule = CareRule(created_by=actor)
    else:
        rule = CareRule.objects.select_for_update().filter(pk=rule_id).first()
        if rule is None:
            raise NotFound("rule_not_found", _("No such care rule."))
    for name, value in values.items():
        setattr(rule, name, value)
    rule.name = str(rule.name).strip()[:100]
    rule.audience = clean_audience(rule.audience)
    _check_rule(rule)
    rule.save()
    record_audit(
        actor=actor,
        action="retention.rule_saved",
        subject=rule,
        data={"kind": rule.kind, "active": rule.active},
    )
    return rule


@transaction.atomic
def set_contact_cap(*, actor: User, max_touches: int) -> RetentionSettings:
    """How many marketing touches one customer may get in the cap window, over all rules.

    Managers and admins. Implements R-03.
    """
    require(actor, "retention.settings")
    if not 1 <= int(max_touches) <= 100:
        raise _invalid("max_touches", _("Choose between 1 and 100."))
    row = RetentionSettings.current()
    row.max_touches = int(max_touches)
    row.save()
    record_audit(actor=actor, action="retention.cap_changed", data={"max_touches": row.max_touches})
    return row


def touches_in_window(customer_ids: list[int], now: datetime) -> Counter[int]:
    """Marketing touches per customer within the cap window before ``now``."""
    since = now - timedelta(minutes=policy(CAP_WINDOW).minutes)
    rows = (
        Touch.objects.filter(customer_id__in=customer_ids, created_at__gte=since)
        .exclude(status=Touch.Status.SUPPRESSED)
        .values("customer_id")
        .annotate(n=Count("pk"))
    )
    return Counter({row["customer_id"]: row["n"] for row in rows})


def _due(rule: CareRule, chunk: list[Reach], cap: int, now: datetime) -> list[Touch]:
    """The touches of ``chunk`` not sent before and within every customer's cap."""
    ids = sorted({r.customer_id for r in chunk})
    done = set(
        Touch.objects.filter(rule=rule, customer_id__in=ids).values_list("customer_id", "period")
    )
    sent = touches_in_window(ids, now)
    due = []
    for reach in chunk:
        key = (reach.customer_id, reach.period)
        if key in done or sent[reach.customer_id] >= cap:
            continue
        done.add(key)
        sent[reach.customer_id] += 1
        due.append(
            Touch(
                rule=rule,
                customer_id=reach.customer_id,
                period=reach.period,
                context=reach.context,
                created_at=now,
            )
        )
    return due


def _save(touches: list[Touch]) -> list[Touch]:
    """Insert ``touches``; if another worker got some first, insert the others one by one."""
    try:
        with transaction.atomic():
            return Touch.objects.bulk_create(touches)
    except IntegrityError:
        saved = []
        for touch in touches:
            try:
                with transaction.atomic():
                    touch.pk = None
                    touch.save()
            except IntegrityError:
                continue  # once per rule, customer and period
            saved.append(touch)
        return saved


@transaction.atomic
def _queue(rule: CareRule, chunk: list[Reach], cap: int, now: datetime) -> int:
    touches = _save(_due(rule, chunk, cap, now))
    for touch in touches:
        record_event(
            "retention.touch_queued",
            subject=touch,
            payload={"rule": rule.pk, "kind": rule.kind},
            customer_id=touch.customer_id,
        )
    return len(touches)


def run_care_rules(now: datetime | None = None) -> int:
    """Queue every care touch due now, within working time only, at most the contact cap per
    customer over all rules, never twice for one rule, customer and period. Returns how many.

    Works in chunks, each its own transaction: a large audience never holds one long lock.
    Implements R-01, R-02, R-03.
    """
    now = now or timezone.now()
    calendar = current_calendar()
    if not calendar.is_working_time(now):
        return 0
    today = calendar.local_date(now)
    cap = RetentionSettings.current().max_touches
    total = 0
    for rule in CareRule.objects.filter(active=True).select_related("product").order_by("pk"):
        found = reaches(rule, today)
        for first in range(0, len(found), CHUNK):
            total += _queue(rule, found[first : first + CHUNK], cap, now)
    return total


def _context(touch: Touch, customer: Customer, link: str) -> dict[str, Any]:
    return {
        **touch.context,
        "brand": settings.KEFU_BRAND,
        "customer_name": customer.name,
        "content": touch.rule.content,
        "unsubscribe_url": link,
    }


def send_touch(event: Event) -> None:
    """Outbox handler of ``retention.touch_queued``: the message, with a fresh unsubscribe link,
    through notify — unless consent was withdrawn meanwhile. Implements R-01, R-03."""
    touch = (
        Touch.objects.select_for_update().select_related("rule").filter(pk=event.subject_id).first()
    )
    if touch is None or touch.status != Touch.Status.QUEUED:
        return
    customer = Customer.objects.get(pk=touch.customer_id)
    recipient = customer.phone if touch.rule.channel == "sms" else customer.email
    if not customer.marketing_consent or customer.erased_at or not recipient:
        touch.status = TOUCH_FLOW.next_state(touch.status, "suppress", None)
        touch.save(update_fields=["status"])
        return
    token = new_link_token()
    message = notify(
        event=event,
        channel=touch.rule.channel,
        recipient=recipient,
        template_event=touch.rule.template_event,
        language=None,
        context=_context(touch, customer, public_url("retention:unsubscribe", token)),
        customer_id=customer.pk,
    )
    touch.status = TOUCH_FLOW.next_state(touch.status, "send", None)
    touch.token_hash = hash_link_token(token)
    touch.message_id = message.pk if message is not None else None
    touch.save(update_fields=["status", "token_hash", "message_id"])
