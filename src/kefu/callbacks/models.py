"""Callbacks (回访, V-01..V-05): campaigns, one call task per customer, the callback record
(回访记录表) of each call, and the customers' rest hours (客户休息时间)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kefu.catalog.models import Order
from kefu.core.models import Team, User
from kefu.customers.models import Customer
from kefu.tickets.models import Ticket


class RestPeriod(models.Model):
    """A daily span in the customer's time zone when nobody is called (避免在客户休息时打扰
    客户). ``ends_at`` before ``starts_at`` wraps past midnight (21:00–09:00)."""

    starts_at = models.TimeField(_("from"))
    ends_at = models.TimeField(_("until"))
    name = models.CharField(_("name"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("rest period")
        verbose_name_plural = _("rest hours")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(starts_at=models.F("ends_at")), name="rest_period_not_empty"
            )
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%H:%M}–{self.ends_at:%H:%M}"


class CampaignKind(models.TextChoices):
    """回访内容 (004 §三): after a service, members, a holiday (特色回访), maintenance due."""

    SERVICE = "service", _("Service completed in a period")
    MEMBERS = "members", _("Members")
    HOLIDAY = "holiday", _("Holiday campaign")
    MAINTENANCE = "maintenance", _("Maintenance due")


class CampaignState(models.TextChoices):
    """The states of the table in ``callbacks/workflow.py``."""

    DRAFT = "draft", _("Draft")
    RUNNING = "running", _("Running")
    FINISHED = "finished", _("Finished")
    ARCHIVED = "archived", _("Archived")


class Outcome(models.TextChoices):
    """满意 / 一般 / 不满意 (回访记录表)."""

    SATISFIED = "satisfied", _("Satisfied")
    NEUTRAL = "neutral", _("Neutral")
    UNSATISFIED = "unsatisfied", _("Unsatisfied")


class CallbackCampaign(models.Model):
    """One round of callbacks: who to call (criteria), who calls, and its summary report."""

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=12, choices=CampaignKind.choices)
    served_from = models.DateField(_("service completed from"), null=True, blank=True)
    served_to = models.DateField(_("service completed until"), null=True, blank=True)
    member_levels = models.JSONField(_("member levels"), default=list, blank=True)
    holiday_name = models.CharField(_("holiday"), max_length=40, blank=True)
    maintenance_from = models.DateField(_("maintenance due from"), null=True, blank=True)
    maintenance_to = models.DateField(_("maintenance due until"), null=True, blank=True)
    wish = models.CharField(
        _("closing wish"), max_length=40, blank=True, help_text=_("祝您…: e.g. 节日快乐, 开车愉快.")
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    state = models.CharField(
        _("state"), max_length=10, choices=CampaignState.choices, default=CampaignState.DRAFT
    )
    created_by = models.ForeignKey(
        User, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    problems_found = models.TextField(_("problems found"), blank=True)
    suggestions = models.TextField(_("suggestions"), blank=True)
    # The summary report (回访总结报告) as it was when archived; never changed afterwards.
    summary = models.JSONField(_("archived summary"), null=True, blank=True)

    class Meta:
        verbose_name = _("callback campaign")
        verbose_name_plural = _("callback campaigns")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "-created_at"], name="campaign_state")]

    def __str__(self) -> str:
        return self.name


class CallbackTask(models.Model):
    """One customer to call back in a campaign, assigned to an agent, due by a deadline."""

    class Status(models.TextChoices):
        OPEN = "open", _("To call")
        DONE = "done", _("Called back")
        CANCELLED = "cancelled", _("Cancelled")

    campaign = models.ForeignKey(CallbackCampaign, on_delete=models.CASCADE, related_name="tasks")
    customer = models.ForeignKey(
        Customer,
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        related_name="callback_tasks",
    )
    agent = models.ForeignKey(
        User,
        verbose_name=_("agent"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="callback_tasks",
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    ticket = models.ForeignKey(
        Ticket,
        verbose_name=_("ticket"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    order = models.ForeignKey(
        Order,
        verbose_name=_("order"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    service_at = models.DateTimeField(_("service time"), null=True, blank=True)
    service_label = models.CharField(_("service"), max_length=120, blank=True)
    due_at = models.DateTimeField(_("call by"), null=True, blank=True)
    scheduled_at = models.DateTimeField(_("agreed time"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, blank=True)
    done_at = models.DateTimeField(_("called back"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("callback task")
        verbose_name_plural = _("callback tasks")
        ordering = ["due_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "customer"], name="callback_task_once_per_campaign"
            )
        ]
        indexes = [
            models.Index(fields=["agent", "status", "due_at"], name="callback_task_agent"),
            models.Index(fields=["campaign", "status"], name="callback_task_campaign"),
            models.Index(fields=["customer", "service_at"], name="callback_task_customer"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.customer}"


class CallbackRecord(models.Model):
    """回访记录表: one call — reached or not, the customer's verdict, what to improve, their
    suggestions and whether someone must follow up. Saved only when complete (V-02, V-03)."""

    task = models.ForeignKey(CallbackTask, on_delete=models.CASCADE, related_name="records")
    agent = models.ForeignKey(
        User, verbose_name=_("agent"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    called_at = models.DateTimeField(_("called at"))
    reached = models.BooleanField(_("reached"))
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, blank=True)
    to_improve = models.TextField(_("what to improve"), blank=True)
    suggestions = models.TextField(_("suggestions"), blank=True)
    follow_up_needed = models.BooleanField(_("follow-up needed"), default=False)
    follow_up_note = models.TextField(_("follow-up"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    rescheduled_to = models.DateTimeField(_("customer asked to call at"), null=True, blank=True)
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("callback record")
        verbose_name_plural = _("callback records")
        ordering = ["called_at", "id"]
        indexes = [models.Index(fields=["task", "called_at"], name="callback_record_task")]
        constraints = [
            models.CheckConstraint(
                condition=Q(reached=True) | Q(outcome=""), name="callback_outcome_only_when_reached"
            ),
        ]
