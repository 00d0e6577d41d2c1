"""Calendar data, SLA policies and deadlines (P-03, P-04)."""

from __future__ import annotations

from datetime import timedelta

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kefu.core.models import Team, User


class WorkingPeriod(models.Model):
    """One working slot of a weekday, e.g. Monday 09:00–12:00."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))

    class Meta:
        verbose_name = _("working period")
        verbose_name_plural = _("working hours")
        ordering = ["weekday", "starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="period_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.starts_at:%H:%M}–{self.ends_at:%H:%M}"


class CalendarDay(models.Model):
    """A date that differs from the weekly hours: a public holiday or a make-up workday (调休)."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Public holiday")
        WORKDAY = "workday", _("Make-up workday")

    class Source(models.TextChoices):
        STATUTORY = "statutory", _("Statutory calendar import")
        ADMIN = "admin", _("Entered by an administrator")

    day = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=60, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("holidays and make-up workdays")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day} {self.get_kind_display()} {self.name}".strip()


class CalendarYear(models.Model):
    """A year whose holidays and make-up workdays are known; others are computed weekends-only."""

    year = models.PositiveSmallIntegerField(_("year"), primary_key=True)
    source = models.CharField(_("source"), max_length=10, choices=CalendarDay.Source.choices)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")
        ordering = ["year"]

    def __str__(self) -> str:
        return str(self.year)


class CalendarRevision(models.Model):
    """A random stamp changed by every calendar change, so each process knows when to rebuild."""

    number = models.PositiveBigIntegerField(default=0)


class Clock(models.TextChoices):
    BUSINESS = "business", _("working time")
    CALENDAR = "calendar", _("calendar time")


class Policy(models.Model):
    """A timed promise, editable by an admin: "30 working minutes; on non-workdays 24 hours"."""

    key = models.CharField(
        _("key"),
        max_length=60,
        unique=True,
        validators=[RegexValidator(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")],
        help_text=_("Dotted name used by the code, e.g. ticket.online.first_response"),
    )
    name = models.CharField(_("name"), max_length=100)
    minutes = models.PositiveIntegerField(_("minutes"), help_text=_("1 hour = 60, 1 day = 1440"))
    clock = models.CharField(_("clock"), max_length=10, choices=Clock.choices)
    offday_minutes = models.PositiveIntegerField(
        _("minutes when received on a non-workday"),
        null=True,
        blank=True,
        help_text=_("Leave empty to use the same rule every day."),
    )
    offday_clock = models.CharField(
        _("clock on non-workdays"), max_length=10, choices=Clock.choices, default=Clock.CALENDAR
    )
    warn_before_minutes = models.PositiveIntegerField(_("warn minutes before"), default=10)
    seed = models.CharField(_("source in the procedures"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")
        ordering = ["key"]
        constraints = [
            models.CheckConstraint(condition=Q(minutes__gt=0), name="policy_minutes_positive")
        ]

    def __str__(self) -> str:
        return self.name


class DeadlineQuerySet(models.QuerySet["Deadline"]):
    def open(self) -> DeadlineQuerySet:
        return self.filter(met_at__isnull=True, breached_at__isnull=True, cancelled_at__isnull=True)

    def for_subject(self, subject: models.Model) -> DeadlineQuerySet:
        return self.filter(subject_type=subject._meta.label_lower, subject_id=str(subject.pk))


class Deadline(models.Model):
    """One timed promise about one record, computed on the business calendar (P-04)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        WARNED = "warned", _("Due soon")
        MET = "met", _("Met")
        BREACHED = "breached", _("Breached")
        CANCELLED = "cancelled", _("Cancelled")

    kind = models.CharField(_("kind"), max_length=60, db_index=True)
    policy = models.ForeignKey(Policy, verbose_name=_("policy"), on_delete=models.PROTECT)
    subject_type = models.CharField(_("record type"), max_length=80)
    subject_id = models.CharField(_("record id"), max_length=64)
    owner = models.ForeignKey(
        User,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deadlines",
        db_index=False,  # the (owner, due_at) index leads with it
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deadlines",
        db_index=False,  # the (team, due_at) index leads with it
    )
    started_at = models.DateTimeField(_("started"))
    due_at = models.DateTimeField(_("due"))
    warn_at = models.DateTimeField(_("warn at"))
    warned_at = models.DateTimeField(_("warned"), null=True, blank=True)
    met_at = models.DateTimeField(_("met"), null=True, blank=True)
    breached_at = models.DateTimeField(_("breached"), null=True, blank=True)
    cancelled_at = models.DateTimeField(
        _("cancelled"),
        null=True,
        blank=True,
        help_text=_("The promise no longer applies (e.g. a duplicate merged away); not counted."),
    )
    estimated = models.BooleanField(
        _("estimated"),
        default=False,
        help_text=_("Computed over a year with no holiday data (weekends only)."),
    )

    objects = DeadlineQuerySet.as_manager()

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["due_at"]
        indexes = [
            models.Index(fields=["subject_type", "subject_id"]),
            models.Index(
                fields=["due_at"],
                name="deadline_open_due",
                condition=Q(
                    met_at__isnull=True, breached_at__isnull=True, cancelled_at__isnull=True
                ),
            ),
            models.Index(
                fields=["warn_at"],
                name="deadline_unwarned",
                condition=Q(
                    met_at__isnull=True,
                    breached_at__isnull=True,
                    cancelled_at__isnull=True,
                    warned_at__isnull=True,
                ),
            ),
            models.Index(fields=["owner", "due_at"]),
            models.Index(fields=["team", "due_at"]),
            # The breached-and-still-open gauge of /metrics counts these at every scrape.
            models.Index(
                fields=["breached_at"],
                name="deadline_breached_open",
                condition=Q(
                    breached_at__isnull=False, met_at__isnull=True, cancelled_at__isnull=True
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.subject_type}#{self.subject_id}"

    @property
    def status(self) -> str:
        if self.cancelled_at:
            return self.Status.CANCELLED
        if self.breached_at:
            return self.Status.BREACHED
        if self.met_at:
            return self.Status.MET
        if self.warned_at:
            return self.Status.WARNED
        return self.Status.OPEN

    def time_left(self, now: object = None) -> timedelta:
        return self.due_at - (now or timezone.now())  # type: ignore[operator]
