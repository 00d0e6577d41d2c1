"""Retention events → the care message sent through notify, and the customer timeline labels."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kefu.retention.services.care import send_touch

HANDLERS = {"retention.touch_queued": send_touch}

TIMELINE_LABELS = {
    "retention.touch_queued": _("Care message queued"),
    "customer.consent_changed": _("Marketing consent changed"),
    "outbound.call_recorded": _("Telemarketing call recorded"),
}
