"""Filters the pages share: permissions, durations, policy rules in words, Bootstrap widgets."""

from __future__ import annotations

from datetime import timedelta

from django import forms, template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kefu.core.models import User
from kefu.core.permissions import SUPERVISORS, allowed
from kefu.sla.models import Clock, Policy

register = template.Library()


@register.filter
def can(user: User, permission: str) -> bool:
    """``{% if user|can:"calendar.manage" %}``: the one permission policy, asked from a page."""
    return allowed(user, permission)


@register.filter
def supervises(user: User) -> bool:
    """Supervisors, managers and administrators: the roles that use the admin site."""
    return bool(getattr(user, "is_authenticated", False) and user.role in SUPERVISORS)


@register.filter
def duration(delta: timedelta | None) -> str:
    """``1 day 3 hours``, ``25 minutes``: the two largest units, sign dropped."""
    if delta is None:
        return ""
    minutes = int(abs(delta.total_seconds()) // 60)
    days, rest = divmod(minutes, 1440)
    hours, minutes = divmod(rest, 60)
    units = [
        (days, ngettext("%(n)s day", "%(n)s days", days)),
        (hours, ngettext("%(n)s hour", "%(n)s hours", hours)),
        (minutes, ngettext("%(n)s minute", "%(n)s minutes", minutes)),
    ]
    parts = [text % {"n": n} for n, text in units if n][:2]
    return " ".join(parts) if parts else _("less than a minute")


@register.filter
def overdue(delta: timedelta | None) -> bool:
    return delta is not None and delta.total_seconds() < 0


def _rule(minutes: int, clock: str) -> str:
    return _("%(minutes)s minutes (%(clock)s)") % {
        "minutes": minutes,
        "clock": Clock(clock).label,
    }


@register.filter
def rule_in_words(policy: Policy) -> str:
    """``30 minutes (working time); on non-workdays 1440 minutes (calendar time)``."""
    words = _rule(policy.minutes, policy.clock)
    if policy.offday_minutes is not None:
        words += _("; on non-workdays %(rule)s") % {
            "rule": _rule(policy.offday_minutes, policy.offday_clock)
        }
    return words


@register.filter
def bs(field: forms.BoundField) -> SafeString:
    """Render a field's widget with Bootstrap's classes, marked invalid when it has errors."""
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        css = "form-check-input"
    elif isinstance(widget, forms.Select):
        css = "form-select"
    else:
        css = "form-control"
    if field.errors:
        css += " is-invalid"
    describedby = f"{field.auto_id}_help" if field.help_text else ""
    attrs = {"class": css}
    if describedby:
        attrs["aria-describedby"] = describedby
    return format_html("{}", field.as_widget(attrs=attrs))
