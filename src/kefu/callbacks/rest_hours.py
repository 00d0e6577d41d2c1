"""Rest hours (客户休息时间): is a moment inside them, and when is the next moment outside.

回访规范 "一个避免": 避免在客户休息时打扰客户 (004 §四). The spans are rows (RestPeriod) in the
customer's time zone — the shop's. A span is [start, end): 12:00 is rest, 14:00 is not.
Implements V-03.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.callbacks.models import RestPeriod
from kefu.core.errors import InvalidInput

Span = tuple[time, time]


def rest_spans() -> list[Span]:
    return list(RestPeriod.objects.values_list("starts_at", "ends_at"))


def _contains(span: Span, moment: time) -> bool:
    start, end = span
    if start < end:
        return start <= moment < end
    return moment >= start or moment < end


def _local(at: datetime) -> datetime:
    return timezone.localtime(at, timezone.get_default_timezone())


def in_rest(at: datetime, spans: Sequence[Span] | None = None) -> bool:
    """Is ``at`` inside the customer's rest hours?"""
    moment = _local(at).time()
    return any(_contains(span, moment) for span in (rest_spans() if spans is None else spans))


def _end_of(span: Span, local: datetime) -> datetime:
    start, end = span
    day = local.date()
    if start > end and local.time() >= start:  # wraps: ends tomorrow morning
        day += timedelta(days=1)
    return datetime.combine(day, end, tzinfo=local.tzinfo)


def next_allowed(at: datetime, spans: Sequence[Span] | None = None) -> datetime | None:
    """``at`` if it is allowed, else the first moment after it outside every rest span;
    None when rest hours cover the whole day."""
    spans = rest_spans() if spans is None else list(spans)
    local = _local(at)
    for _step in range(len(spans) + 1):  # adjacent spans chain: walk to the end of each
        inside = [span for span in spans if _contains(span, local.time())]
        if not inside:
            return local
        local = _local(max(_end_of(span, local) for span in inside))
    return None


def shown(at: datetime) -> str:
    return _local(at).strftime("%Y-%m-%d %H:%M")


def refuse_rest_hours(at: datetime, field: str) -> None:
    """Refuse ``at`` inside rest hours, naming the next allowed time in the message and in
    ``fields`` (``next_allowed_at``, ISO 8601)."""
    spans = rest_spans()
    if not in_rest(at, spans):
        return
    allowed = next_allowed(at, spans)
    if allowed is None:
        raise InvalidInput(
            "rest_hours",
            _("Rest hours cover the whole day: no call is possible."),
            {field: _("inside rest hours")},
        )
    message = _("%(when)s is in the customer's rest hours; the next allowed time is %(next)s.") % {
        "when": shown(at),
        "next": shown(allowed),
    }
    raise InvalidInput(
        "rest_hours", message, {field: message, "next_allowed_at": allowed.isoformat()}
    )
