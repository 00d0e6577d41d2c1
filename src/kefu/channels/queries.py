"""Reads of channels: the email quarantine and the filed mail, as an admin sees them."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from kefu.channels.models import MailRecord, QuarantinedEmail
from kefu.core.errors import InvalidInput, NotFound
from kefu.core.models import User
from kefu.core.permissions import require


def quarantine_list(actor: User, *, status: str | None = None) -> QuerySet[QuarantinedEmail]:
    """Held (or released) emails, newest first, without their raw bytes. Implements P-02."""
    require(actor, "channels.quarantine")
    qs = QuarantinedEmail.objects.defer("raw")
    if status is not None:
        if status not in QuarantinedEmail.Status.values:
            raise InvalidInput(
                "invalid_status",
                _("Unknown status."),
                {"status": ", ".join(QuarantinedEmail.Status.values)},
            )
        qs = qs.filter(status=status)
    return qs.order_by("-received_at", "-pk")


def quarantined(actor: User, quarantined_id: int) -> QuarantinedEmail:
    """One held email with its raw message, for inspection."""
    require(actor, "channels.quarantine")
    row = QuarantinedEmail.objects.filter(pk=quarantined_id).first()
    if row is None:
        raise NotFound("quarantine_not_found", _("No such quarantined email."))
    return row


def mail_records(actor: User) -> QuerySet[MailRecord]:
    """Every email filed or sent, newest first (admins)."""
    require(actor, "channels.quarantine")
    return MailRecord.objects.select_related("ticket").order_by("-created_at", "-pk")
