"""The after-sales policy of an order item on a date: return, exchange, free or paid repair (O-03).

Periods follow 民法典 第二百零一条/第二百零二条: the starting day is not counted; a period in
months ends on the same day of the last month, or that month's last day when it has none.
So an item delivered on 1 January with a 7-day window may be returned up to 8 January, and a
1-month warranty from 31 January ends on 28 (or 29) February.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kefu.catalog.models import DeliveryStatus, OrderItem


class VerdictKind:
    RETURN = "return"
    EXCHANGE = "exchange"
    FREE_REPAIR = "free_repair"
    PAID_REPAIR = "paid_repair"


LABELS = {
    VerdictKind.RETURN: gettext_lazy("No-reason return"),
    VerdictKind.EXCHANGE: gettext_lazy("Exchange"),
    VerdictKind.FREE_REPAIR: gettext_lazy("Free repair (under warranty)"),
    VerdictKind.PAID_REPAIR: gettext_lazy("Paid repair (warranty expired)"),
}


def add_months(start: date, months: int) -> date:
    """The same day ``months`` later, or the last day of that month when it is shorter."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Verdict:
    """What the customer is entitled to on ``on``; ``*_until`` are the last days inside."""

    kind: str
    on: date
    basis: date
    basis_kind: str  # "delivered": windows run from delivery; "purchased": not delivered yet
    return_until: date | None
    exchange_until: date | None
    warranty_until: date

    @property
    def label(self) -> str:
        return str(LABELS[self.kind])

    @property
    def summary(self) -> str:
        """``No-reason return until 2026-01-08`` — the label with the date that bounds it."""
        until = {
            VerdictKind.RETURN: self.return_until,
            VerdictKind.EXCHANGE: self.exchange_until,
            VerdictKind.FREE_REPAIR: self.warranty_until,
        }.get(self.kind)
        if until is None:
            return _("%(label)s (warranty ended %(date)s)") % {
                "label": self.label,
                "date": self.warranty_until.isoformat(),
            }
        return _("%(label)s until %(date)s") % {"label": self.label, "date": until.isoformat()}


def _purchase_day(item: OrderItem) -> date:
    return timezone.localtime(item.order.purchased_at).date()


def policy_verdict(item: OrderItem, on: date) -> Verdict:
    """The policy for ``item`` on ``on``, from its category's windows and product's warranty.

    Return and exchange windows start at delivery; before delivery only the warranty
    (counted from the purchase day) applies. Implements O-03.
    """
    product, order = item.product, item.order
    delivered = order.delivered_on is not None and order.delivery_status in (
        DeliveryStatus.DELIVERED,
        DeliveryStatus.RETURNED,
    )
    basis = order.delivered_on if delivered and order.delivered_on else _purchase_day(item)
    return_until = basis + timedelta(days=product.category.return_days) if delivered else None
    exchange_until = basis + timedelta(days=product.category.exchange_days) if delivered else None
    warranty_until = add_months(basis, product.warranty_months)
    if return_until is not None and on <= return_until:
        kind = VerdictKind.RETURN
    elif exchange_until is not None and on <= exchange_until:
        kind = VerdictKind.EXCHANGE
    elif on <= warranty_until:
        kind = VerdictKind.FREE_REPAIR
    else:
        kind = VerdictKind.PAID_REPAIR
    return Verdict(
        kind=kind,
        on=on,
        basis=basis,
        basis_kind="delivered" if delivered else "purchased",
        return_until=return_until,
        exchange_until=exchange_until,
        warranty_until=warranty_until,
    )
