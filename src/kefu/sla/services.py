"""Every write of the sla app: calendar data, policies and deadlines. Implements P-03, P-04."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Model
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.core import cache
from kefu.core.audit import record_audit
from kefu.core.errors import InvalidInput, NotFound
from kefu.core.events import NewEvent, record_event, record_events
from kefu.core.models import Team, User
from kefu.core.permissions import require
from kefu.sla.calendar import BusinessCalendar, Moment
from kefu.sla.models import (
    CalendarDay,
    CalendarRevision,
    CalendarYear,
    Clock,
    Deadline,
    Policy,
    WorkingPeriod,
)

HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "抗战胜利纪念日",
}

_cached: tuple[int, BusinessCalendar] | None = None


# --- the calendar ---------------------------------------------------------------------


POLICIES = "sla.policy"
CALENDAR = "sla.calendar"


def _revision() -> int:
    return cache.cached(CALENDAR, "revision", _stored_revision)


def _stored_revision() -> int:
    return CalendarRevision.objects.filter(pk=1).values_list("number", flat=True).first() or 0


def _bump_revision() -> None:
    # A random stamp, not a counter: a rolled-back change must never leave another process
    # (or the next test) holding a calendar cached under a number that is reused.
    stamp = secrets.randbits(62)
    if not CalendarRevision.objects.filter(pk=1).update(number=stamp):
        CalendarRevision.objects.create(pk=1, number=stamp)
    cache.bump(CALENDAR)


def current_calendar() -> BusinessCalendar:
    """The shop's calendar, rebuilt in this process only when an admin changed it."""
    global _cached  # noqa: PLW0603 - a per-process cache keyed by the revision counter
    revision = _revision()
    if _cached is None or _cached[0] != revision:
        weekly: dict[int, list[tuple[time, time]]] = {}
        for p in WorkingPeriod.objects.all():
            weekly.setdefault(p.weekday, []).append((p.starts_at, p.ends_at))
        days = list(CalendarDay.objects.values_list("day", "kind"))
        _cached = (
            revision,
            BusinessCalendar(
                tz=settings.TIME_ZONE,
                weekly=weekly,
                holidays=[d for d, k in days if k == CalendarDay.Kind.HOLIDAY],
                workdays=[d for d, k in days if k == CalendarDay.Kind.WORKDAY],
                years=CalendarYear.objects.values_list("year", flat=True),
            ),
        )
    return _cached[1]


def statutory_years() -> range:
    """The years the installed `chinese-calendar` package covers."""
    from chinese_calendar import constants

    years = [d.year for d in constants.holidays]
    return range(min(years), max(years) + 1)


@transaction.atomic
def import_statutory_calendar(*, actor: User | None, years: Iterable[int]) -> dict[int, int]:
    """Load China's statutory holidays and make-up workdays for ``years``.

    Re-running replaces the imported days of those years; days an admin entered stay.
    Returns the number of days loaded per year.
    """
    if actor is not None:
        require(actor, "calendar.manage")
    from chinese_calendar import constants

    covered = statutory_years()
    years = sorted(set(years))
    missing = [y for y in years if y not in covered]
    if missing:
        raise InvalidInput(
            "calendar_year_not_covered",
            _("The statutory calendar package covers %(first)s–%(last)s; enter %(years)s by hand.")
            % {
                "first": covered.start,
                "last": covered.stop - 1,
                "years": ", ".join(map(str, missing)),
            },
            {"years": _("not covered")},
        )
    loaded: dict[int, int] = {}
    for year in years:
        CalendarDay.objects.filter(day__year=year, source=CalendarDay.Source.STATUTORY).delete()
        admin_days = set(CalendarDay.objects.filter(day__year=year).values_list("day", flat=True))
        rows = [
            CalendarDay(
                day=d,
                kind=kind,
                name=HOLIDAY_NAMES.get(str(n), str(n)),
                source=CalendarDay.Source.STATUTORY,
            )
            for kind, table in (
                (CalendarDay.Kind.HOLIDAY, constants.holidays),
                (CalendarDay.Kind.WORKDAY, constants.workdays),
            )
            for d, n in table.items()
            if d.year == year and d not in admin_days
        ]
        CalendarDay.objects.bulk_create(rows)
        CalendarYear.objects.update_or_create(
            year=year,
            defaults={"source": CalendarDay.Source.STATUTORY, "updated_at": timezone.now()},
        )
        loaded[year] = len(rows)
    _bump_revision()
    record_audit(actor=actor, action="calendar.imported", data={"years": loaded})
    return loaded


@transaction.atomic
def set_calendar_day(
    *, actor: User, day: date, kind: str, name: str = "", complete_year: bool = False
) -> CalendarDay:
    """Enter or change a holiday or make-up workday; ``complete_year`` declares its year known."""
    require(actor, "calendar.manage")
    if kind not in CalendarDay.Kind.values:
        raise InvalidInput(
            "calendar_day_kind",
            _("Choose a public holiday or a make-up workday."),
            {"kind": _("invalid choice")},
        )
    row, _created = CalendarDay.objects.update_or_create(
        day=day, defaults={"kind": kind, "name": name, "source": CalendarDay.Source.ADMIN}
    )
    if complete_year:
        CalendarYear.objects.update_or_create(
            year=day.year,
            defaults={"source": CalendarDay.Source.ADMIN, "updated_at": timezone.now()},
        )
    _bump_revision()
    record_audit(actor=actor, action="calendar.day_set", subject=row, data={"kind": kind})
    return row


@transaction.atomic
def remove_calendar_day(*, actor: User, day: date) -> None:
    require(actor, "calendar.manage")
    deleted, _rows = CalendarDay.objects.filter(day=day).delete()
    if not deleted:
        raise NotFound("calendar_day_not_found", _("No holiday or make-up workday on that date."))
    _bump_revision()
    record_audit(actor=actor, action="calendar.day_removed", data={"day": day.isoformat()})


@transaction.atomic
def declare_calendar_year(*, actor: User, year: int) -> CalendarYear:
    """State that every holiday and make-up workday of ``year`` has been entered."""
    require(actor, "calendar.manage")
    row, _created = CalendarYear.objects.update_or_create(
        year=year, defaults={"source": CalendarDay.Source.ADMIN, "updated_at": timezone.now()}
    )
    _bump_revision()
    record_audit(actor=actor, action="calendar.year_declared", subject=row)
    return row


@transaction.atomic
def set_working_hours(*, actor: User | None, weekly: dict[int, list[tuple[time, time]]]) -> None:
    """Replace the weekly working hours; ``weekly`` maps weekday (0 = Monday) to slots."""
    if actor is not None:
        require(actor, "calendar.manage")
    for weekday, slots in weekly.items():
        if weekday not in range(7):
            raise InvalidInput("weekday", _("Weekdays are 0 (Monday) to 6 (Sunday)."))
        for start, end in slots:
            if end <= start:
                raise InvalidInput(
                    "working_period",
                    _("A working period must end after it starts."),
                    {"ends_at": _("must be after the start")},
                )
    WorkingPeriod.objects.all().delete()
    WorkingPeriod.objects.bulk_create(
        WorkingPeriod(weekday=wd, starts_at=a, ends_at=b)
        for wd, slots in weekly.items()
        for a, b in slots
    )
    _bump_revision()
    record_audit(
        actor=actor,
        action="calendar.hours_set",
        data={str(wd): [f"{a:%H:%M}-{b:%H:%M}" for a, b in s] for wd, s in weekly.items()},
    )


def calendar_changed() -> None:
    """For writers of calendar rows outside these services (the admin site): rebuild caches."""
    _bump_revision()


# --- policies ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Due:
    due_at: datetime
    warn_at: datetime
    estimated: bool


def policy(key: str) -> Policy:
    """The policy row ``key``, from the cache (``update_policy`` invalidates it)."""
    row = cache.cached(POLICIES, key, lambda: Policy.objects.filter(key=key).first())
    if row is None:
        raise NotFound("policy_not_found", _("No SLA policy named %(key)s.") % {"key": key})
    return row


def compute_due(rule: Policy, start: datetime, calendar: BusinessCalendar | None = None) -> Due:
    """When a promise made at ``start`` under ``rule`` falls due, on the business calendar."""
    calendar = calendar or current_calendar()
    minutes, clock = rule.minutes, rule.clock
    if rule.offday_minutes is not None and not calendar.is_workday(calendar.local_date(start)):
        minutes, clock = rule.offday_minutes, rule.offday_clock
    if clock == Clock.BUSINESS:
        moment = calendar.add(start, minutes * 60)
    else:
        moment = Moment(start + timedelta(minutes=minutes), False)
    warn_at = max(start, moment.at - timedelta(minutes=rule.warn_before_minutes))
    return Due(moment.at, warn_at, moment.estimated)


POLICY_FIELDS = (
    "name",
    "minutes",
    "clock",
    "offday_minutes",
    "offday_clock",
    "warn_before_minutes",
)


@transaction.atomic
def update_policy(*, actor: User, key: str, changes: dict[str, object]) -> Policy:
    """Change an SLA policy; new deadlines use it, open ones keep the due time they were given."""
    require(actor, "policy.manage")
    row = policy(key)
    unknown = set(changes) - set(POLICY_FIELDS)
    if unknown:
        raise InvalidInput(
            "policy_field",
            _("These fields cannot be changed: %(f)s") % {"f": ", ".join(sorted(unknown))},
        )
    before = {f: getattr(row, f) for f in changes}
    for field, value in changes.items():
        setattr(row, field, value)
    errors = _policy_errors(row)
    if errors:
        raise InvalidInput("policy_invalid", _("The policy is not valid."), errors)
    row.save()
    cache.bump(POLICIES)
    record_audit(
        actor=actor,
        action="policy.updated",
        subject=row,
        data={"before": before, "after": {f: getattr(row, f) for f in changes}},
    )
    return row


def _policy_errors(row: Policy) -> dict[str, str]:
    errors = {}
    if not isinstance(row.minutes, int) or row.minutes <= 0:
        errors["minutes"] = _("Must be a whole number of minutes above zero.")
    if row.offday_minutes is not None and (
        not isinstance(row.offday_minutes, int) or row.offday_minutes <= 0
    ):
        errors["offday_minutes"] = _("Must be empty or a whole number of minutes above zero.")
    if row.clock not in Clock.values:
        errors["clock"] = _("Choose working time or calendar time.")
    if row.offday_clock not in Clock.values:
        errors["offday_clock"] = _("Choose working time or calendar time.")
    if not isinstance(row.warn_before_minutes, int) or row.warn_before_minutes < 0:
        errors["warn_before_minutes"] = _("Must be zero or more minutes.")
    if not str(row.name).strip():
        errors["name"] = _("A policy needs a name.")
    return errors


# --- deadlines --------------------------------------------------------------------------


def start_deadline(
    *,
    kind: str,
    subject: Model,
    started_at: datetime | None = None,
    owner: User | None = None,
    team: Team | None = None,
    due_at: datetime | None = None,
) -> Deadline:
    """Open the deadline ``kind`` (a policy key) for ``subject``, in the caller's transaction.

    ``due_at`` is a time a person chose ("明天下午前") instead of the policy's duration; the
    policy still gives the warning lead.
    """
    row = plan_deadline(
        kind=kind,
        subject_type=subject._meta.label_lower,
        started_at=started_at,
        owner_id=owner.pk if owner is not None else None,
        team_id=team.pk if team is not None else None,
        due_at=due_at,
    )
    row.subject_id = str(subject.pk)
    row.save(force_insert=True)
    return row


def plan_deadline(
    *,
    kind: str,
    subject_type: str,
    started_at: datetime | None = None,
    owner_id: int | None = None,
    team_id: int | None = None,
    due_at: datetime | None = None,
) -> Deadline:
    """The deadline ``kind`` computed but not saved: a caller creating its subject learns the
    due time first (to store it on the subject), then sets ``subject_id`` and saves the row."""
    rule = policy(kind)
    start = started_at or timezone.now()
    if due_at is None:
        due = compute_due(rule, start)
    else:
        warn_at = max(start, due_at - timedelta(minutes=rule.warn_before_minutes))
        due = Due(due_at, warn_at, False)
    return Deadline(
        kind=kind,
        policy=rule,
        subject_type=subject_type,
        owner_id=owner_id,
        team_id=team_id,
        started_at=start,
        due_at=due.due_at,
        warn_at=due.warn_at,
        estimated=due.estimated,
    )


def meet_deadline(*, kind: str, subject: Model, at: datetime | None = None) -> Deadline | None:
    """Record that the open deadline ``kind`` of ``subject`` was kept; a late one stays breached."""
    at = at or timezone.now()
    row = (
        Deadline.objects.for_subject(subject)
        .filter(kind=kind, met_at__isnull=True, cancelled_at__isnull=True)
        .first()
    )
    if row is None:
        return None
    Deadline.objects.filter(pk=row.pk, met_at__isnull=True).update(met_at=at)
    if row.breached_at is None and at > row.due_at:
        Deadline.objects.filter(pk=row.pk, breached_at__isnull=True).update(breached_at=row.due_at)
    row.refresh_from_db()
    record_event("deadline.met", subject=row, payload={**_about(row), "late": at > row.due_at})
    return row


def meet_deadlines(
    *, subject: Model, kinds: Iterable[str] | None = None, at: datetime | None = None
) -> list[Deadline]:
    """``meet_deadline`` for every open deadline of ``subject`` (of ``kinds``) at once: one
    read, one or two UPDATEs and the events in one batch, whatever their number."""
    at = at or timezone.now()
    rows = Deadline.objects.for_subject(subject).filter(
        met_at__isnull=True, cancelled_at__isnull=True
    )
    if kinds is not None:
        rows = rows.filter(kind__in=list(kinds))
    found = list(rows)
    if not found:
        return []
    Deadline.objects.filter(pk__in=[r.pk for r in found], met_at__isnull=True).update(met_at=at)
    late = [r for r in found if r.breached_at is None and at > r.due_at]
    if late:
        Deadline.objects.filter(pk__in=[r.pk for r in late]).update(breached_at=F("due_at"))
    for row in found:
        row.met_at = at
        row.breached_at = row.breached_at or (row.due_at if row in late else None)
    record_events(
        [
            NewEvent("deadline.met", row, payload={**_about(row), "late": at > row.due_at})
            for row in found
        ]
    )
    return found


def cancel_deadlines(
    *, subject: Model, kinds: Iterable[str] | None = None, at: datetime | None = None
) -> int:
    """Withdraw the open deadlines of ``subject`` (of ``kinds``): the promise no longer applies,
    so they are neither met nor breached. Returns how many were cancelled."""
    rows = Deadline.objects.for_subject(subject).open()
    if kinds is not None:
        rows = rows.filter(kind__in=list(kinds))
    return rows.update(cancelled_at=at or timezone.now())


def _about(row: Deadline) -> dict[str, object]:
    return {"kind": row.kind, "subject_type": row.subject_type, "subject_id": row.subject_id}


def assign_deadlines(*, subject: Model, owner: User | None, team: Team | None) -> int:
    """Follow the subject's new owner and team with its open deadlines."""
    return Deadline.objects.for_subject(subject).open().update(owner=owner, team=team)


def scan_deadlines(now: datetime | None = None, *, batch: int = 1000) -> tuple[int, int]:
    """Mark due-soon and breached deadlines, each once, with an event. Safe on many workers.

    Each row is claimed by a conditional UPDATE in its own transaction with its event, so two
    workers never both record it and a killed worker leaves no half-marked row.
    """
    now = now or timezone.now()
    warned = breached = 0
    to_warn = Deadline.objects.open().filter(warned_at__isnull=True, warn_at__lte=now)
    for pk in list(to_warn.order_by("warn_at").values_list("pk", flat=True)[:batch]):
        with transaction.atomic():
            if Deadline.objects.open().filter(pk=pk, warned_at__isnull=True).update(warned_at=now):
                row = Deadline.objects.get(pk=pk)
                record_event("deadline.warned", subject=row, payload=_about(row))
                warned += 1
    for pk in list(
        Deadline.objects.open()
        .filter(due_at__lte=now)
        .order_by("due_at")
        .values_list("pk", flat=True)[:batch]
    ):
        with transaction.atomic():
            if Deadline.objects.open().filter(pk=pk).update(breached_at=F("due_at")):
                row = Deadline.objects.get(pk=pk)
                record_event("deadline.breached", subject=row, payload=_about(row))
                breached += 1
    return warned, breached
