"""Who a campaign calls: customers picked by its criteria, then shared among the agents.

从客户档案中提取需要统一回访的客户资料，统计整理后分配到各客服专员 (004 §二). Criteria: a
service completed in a period (a ticket resolved, an order delivered), member levels, a holiday
(特色回访), or maintenance due (定期友情提醒客户做保养: a product's replacement cycle falls
due). Calls go to the agent with the fewest open calls, one at a time. Implements V-01.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.callbacks.models import CallbackCampaign, CallbackTask, CampaignKind
from kefu.catalog.models import DeliveryStatus, OrderItem
from kefu.catalog.policy import add_months
from kefu.core.distribution import share_evenly
from kefu.core.models import User
from kefu.customers.models import Customer, MemberLevel
from kefu.tickets.models import Ticket


@dataclass(frozen=True)
class Candidate:
    """A customer to call and the service the call is about (none for a holiday greeting)."""

    customer_id: int
    service_at: datetime | None = None
    label: str = ""
    ticket_id: int | None = None
    order_id: int | None = None


def day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """[first 00:00, the day after last 00:00) in the shop's time zone."""
    tz = timezone.get_default_timezone()
    return (
        datetime.combine(first, time.min, tzinfo=tz),
        datetime.combine(last + timedelta(days=1), time.min, tzinfo=tz),
    )


def _keep_latest(found: dict[int, Candidate], candidate: Candidate) -> None:
    current = found.get(candidate.customer_id)
    if current is None or (
        candidate.service_at is not None
        and (current.service_at is None or candidate.service_at > current.service_at)
    ):
        found[candidate.customer_id] = candidate


def served(
    first: date, last: date, customer_ids: Iterable[int] | None = None
) -> dict[int, Candidate]:
    """Customers whose service was completed between ``first`` and ``last`` (local days): the
    latest resolved ticket or delivered order of each."""
    start, end = day_bounds(first, last)
    tickets = Ticket.objects.filter(resolved_at__gte=start, resolved_at__lt=end)
    orders = OrderItem.objects.filter(
        order__delivery_status=DeliveryStatus.DELIVERED,
        order__delivered_on__gte=first,
        order__delivered_on__lte=last,
    )
    if customer_ids is not None:
        ids = list(customer_ids)
        tickets, orders = (
            tickets.filter(customer_id__in=ids),
            orders.filter(order__customer_id__in=ids),
        )
    found: dict[int, Candidate] = {}
    for pk, customer_id, number, resolved_at in tickets.values_list(
        "pk", "customer_id", "number", "resolved_at"
    ):
        _keep_latest(
            found,
            Candidate(
                customer_id,
                resolved_at,
                _("after-sales ticket %(number)s") % {"number": number},
                ticket_id=pk,
            ),
        )
    tz = timezone.get_default_timezone()
    for order_id, customer_id, delivered_on, product in orders.values_list(
        "order_id", "order__customer_id", "order__delivered_on", "product__name"
    ):
        moment = datetime.combine(delivered_on, time.min, tzinfo=tz)
        _keep_latest(found, Candidate(customer_id, moment, product, order_id=order_id))
    return found


def maintenance_due(first: date, last: date) -> dict[int, Candidate]:
    """Customers with a product whose replacement cycle falls due between ``first`` and
    ``last`` (e.g. a battery two years after purchase)."""
    cycles = (
        OrderItem.objects.filter(product__replacement_cycle_months__isnull=False)
        .values_list("product__replacement_cycle_months", flat=True)
        .distinct()
    )
    found: dict[int, Candidate] = {}
    for months in sorted(set(cycles)):
        bought_from, bought_to = add_months(first, -months), add_months(last, -months)
        start, end = day_bounds(bought_from, bought_to)
        for customer_id, order_id, purchased_at, product in OrderItem.objects.filter(
            product__replacement_cycle_months=months,
            order__purchased_at__gte=start,
            order__purchased_at__lt=end,
        ).values_list("order__customer_id", "order_id", "order__purchased_at", "product__name"):
            _keep_latest(found, Candidate(customer_id, purchased_at, product, order_id=order_id))
    return found


def _levels(campaign: CallbackCampaign) -> list[str]:
    levels = [lv for lv in campaign.member_levels if lv in MemberLevel.values]
    if not levels and campaign.kind in (CampaignKind.MEMBERS, CampaignKind.HOLIDAY):
        return [lv for lv in MemberLevel.values if lv != MemberLevel.NONE]
    return levels


def candidates(campaign: CallbackCampaign) -> list[Candidate]:
    """The customers ``campaign`` calls, oldest service first."""
    if campaign.kind == CampaignKind.MAINTENANCE:
        found = maintenance_due(campaign.maintenance_from, campaign.maintenance_to)  # type: ignore[arg-type]
    elif campaign.served_from and campaign.served_to:
        found = served(campaign.served_from, campaign.served_to)
    else:
        found = {}
    customers = Customer.objects.filter(erased_at__isnull=True)
    levels = _levels(campaign)
    if levels:
        customers = customers.filter(member_level__in=levels)
    if campaign.kind in (CampaignKind.MEMBERS, CampaignKind.HOLIDAY) and not found:
        ids = list(customers.values_list("pk", flat=True))
        return [Candidate(pk) for pk in ids]
    keep = set(customers.filter(pk__in=list(found)).values_list("pk", flat=True))
    return sorted(
        (c for c in found.values() if c.customer_id in keep),
        key=lambda c: (c.service_at is None, c.service_at or timezone.now(), c.customer_id),
    )


def open_load(agents: Sequence[User]) -> dict[int, int]:
    """Open calls per agent, over every campaign: the load the distribution evens out."""
    rows = (
        CallbackTask.objects.filter(
            status=CallbackTask.Status.OPEN, agent_id__in=[a.pk for a in agents]
        )
        .values("agent_id")
        .annotate(n=Count("pk"))
    )
    return {row["agent_id"]: row["n"] for row in rows}


def distribute(people: Sequence[Candidate], agents: Sequence[User]) -> list[tuple[Candidate, User]]:
    """Each candidate to the agent with the fewest open calls at that moment (ties: lowest id).

    按照负责客户数量均衡的原则分配 (004 §一).
    """
    by_id = {agent.pk: agent for agent in agents}
    plan = share_evenly(people, list(by_id), open_load(agents))
    return [(candidate, by_id[agent_id]) for candidate, agent_id in plan]
