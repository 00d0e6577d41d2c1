"""Marketing consent: every grant and withdrawal kept as a ConsentRecord, the Customer's
current flag changed in the same transaction. Implements R-03."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.core.audit import record_audit
from kefu.core.errors import InvalidInput, NotFound
from kefu.core.events import record_event
from kefu.core.links import hash_link_token
from kefu.core.models import User
from kefu.core.permissions import require
from kefu.customers.models import Customer
from kefu.retention.models import ConsentRecord, ConsentSource, Touch
from kefu.retention.workflow import TOUCH_FLOW


def change_consent(
    customer_id: int, granted: bool, source: str, actor: User | None
) -> ConsentRecord:
    row = (
        Customer.objects.select_for_update().filter(pk=customer_id, erased_at__isnull=True).first()
    )
    if row is None:
        raise NotFound("customer_not_found", _("No such customer."))
    now = timezone.now()
    record = ConsentRecord.objects.create(
        customer=row, granted=granted, source=source, recorded_at=now, recorded_by=actor
    )
    Customer.objects.filter(pk=row.pk).update(
        marketing_consent=granted, marketing_consent_at=now, version=F("version") + 1
    )
    if not granted:  # takes effect at once: what is still queued is not sent
        for touch in Touch.objects.filter(customer_id=row.pk, status=Touch.Status.QUEUED):
            touch.status = TOUCH_FLOW.next_state(touch.status, "suppress", None)
            touch.save(update_fields=["status"])
    record_event(
        "customer.consent_changed",
        subject=row,
        actor=actor,
        payload={"granted": granted, "source": source},
        customer_id=row.pk,
    )
    return record


@transaction.atomic
def record_consent(
    *, actor: User, customer: Customer, granted: bool, source: str = ConsentSource.AGENT
) -> ConsentRecord:
    """Record that ``customer`` agrees to marketing messages, or no longer does, with the time
        and the source; withdrawing stops every care message not yet sent. Staff who see the
    customer or are calling them. Implements R-03.
    """
    require(actor, "retention.consent", customer)
    if source not in ConsentSource.values or source == ConsentSource.UNSUBSCRIBE_LINK:
        raise InvalidInput(
            "invalid_source", _("Say where the consent came from."), {"source": _("invalid")}
        )
    record = change_consent(customer.pk, bool(granted), source, actor)
    record_audit(
        actor=actor,
        action="customer.consent_recorded",
        subject=customer,
        data={"granted": bool(granted), "source": source},
    )
    return record


@transaction.atomic
def unsubscribe_by_link(*, token: str) -> Customer:
    """The customer opened the unsubscribe link of a care message: no more marketing, from
    this moment. Opening it again changes nothing. Transactional notices (tickets,
    complaints) are not marketing and still reach them. Implements R-03.
    """
    touch = Touch.objects.filter(token_hash=hash_link_token(token or "")).first()
    if touch is None:
        raise NotFound("unsubscribe_link_invalid", _("This unsubscribe link is not valid."))
    customer = Customer.objects.get(pk=touch.customer_id)
    if customer.marketing_consent:
        change_consent(customer.pk, False, ConsentSource.UNSUBSCRIBE_LINK, None)
        customer.refresh_from_db()
    return customer
