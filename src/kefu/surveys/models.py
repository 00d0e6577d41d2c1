"""Satisfaction surveys (满意度调查, Q-01..Q-04): the survey, its one response, the follow-up a
low score opens, and the shop's survey settings (improvement actions are quality's)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kefu.catalog.models import Order
from kefu.core.models import Channel, Team, User
from kefu.customers.models import Customer
from kefu.tickets.models import Ticket

SCORES = range(1, 6)


class Trigger(models.TextChoices):
    """调查时机 (000 §三(四)): 问题解决后 / 成交后."""

    RESOLUTION = "resolution", _("After a ticket was resolved")
    PURCHASE = "purchase", _("After a purchase")


class Method(models.TextChoices):
    """调查方式: 线上问卷 / 电话回访 (针对重要客户或投诉客户)."""

    ONLINE = "online", _("Online questionnaire")
    PHONE = "phone", _("Phone survey")


class Status(models.TextChoices):
    """The states of the table in ``surveys/workflow.py``."""

    SCHEDULED = "scheduled", _("Scheduled")
    SENT = "sent", _("Sent")
    ANSWERED = "answered", _("Answered")
    EXPIRED = "expired", _("Expired")
    CANCELLED = "cancelled", _("Cancelled")


class Reason(models.TextChoices):
    """Tick-box dissatisfaction reasons (分析不满意原因, e.g. 客户认为解决速度慢)."""

    SLOW = "slow", _("Resolution too slow")
    ATTITUDE = "attitude", _("Service attitude")
    NOT_SOLVED = "not_solved", _("Problem not solved")
    PRODUCT = "product", _("Product quality")
    DELIVERY = "delivery", _("Delivery")
    COMMUNICATION = "communication", _("Not kept informed")
    COMPENSATION = "compensation", _("Compensation")
    OTHER = "other", _("Other")


class SurveySettings(models.Model):
    """The shop's survey rules (one row): what counts as satisfied, what opens a follow-up,
    and how often one address may open survey links."""

    satisfied_min_score = models.PositiveSmallIntegerField(
        _("satisfied from overall score"),
        default=4,
        help_text=_("An overall score at or above this counts as satisfied."),
    )
    low_score_max = models.PositiveSmallIntegerField(
        _("follow-up at or below overall score"),
        default=2,
        help_text=_("An overall score at or below this opens a follow-up task."),
    )
    requests_per_address = models.PositiveIntegerField(_("link requests per address"), default=30)
    requests_per_link = models.PositiveIntegerField(_("requests per link"), default=10)
    limit_window_seconds = models.PositiveIntegerField(
        _("rate-limit window (seconds)"), default=600
    )

    class Meta:
        verbose_name = _("survey settings")
        verbose_name_plural = _("survey settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(satisfied_min_score__gte=1, satisfied_min_score__lte=5),
                name="survey_satisfied_score_range",
            ),
            models.CheckConstraint(
                condition=Q(low_score_max__gte=0, low_score_max__lte=5),
                name="survey_low_score_range",
            ),
        ]

    @classmethod
    def current(cls) -> SurveySettings:
        row = cls.objects.filter(pk=1).first()
        return row if row is not None else cls(pk=1)


class Survey(models.Model):
    """One satisfaction survey of one customer about one ticket or one order — never two."""

    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="surveys"
    )
    trigger = models.CharField(_("trigger"), max_length=12, choices=Trigger.choices)
    ticket = models.ForeignKey(
        Ticket,
        verbose_name=_("ticket"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="surveys",
    )
    order = models.ForeignKey(
        Order,
        verbose_name=_("order"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="surveys",
    )
    method = models.CharField(
        _("method"), max_length=10, choices=Method.choices, default=Method.ONLINE
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    # Who and what the answer is reported under, fixed when the survey is scheduled.
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    agent = models.ForeignKey(
        User,
        verbose_name=_("agent"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    category = models.CharField(_("category"), max_length=20, blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    service_at = models.DateTimeField(_("service time"))
    send_at = models.DateTimeField(_("send at"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    sent_channel = models.CharField(_("sent by"), max_length=10, blank=True)
    # sha256 of the link's random token; the token itself is only in the message sent.
    token_hash = models.CharField(max_length=64, null=True, blank=True, unique=True)
    expires_at = models.DateTimeField(_("link expires"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    cancel_reason = models.CharField(_("why cancelled"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("satisfaction survey")
        verbose_name_plural = _("satisfaction surveys")
        ordering = ["-send_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "ticket"],
                name="survey_once_per_ticket",
                condition=Q(ticket__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["customer", "order"],
                name="survey_once_per_order",
                condition=Q(order__isnull=False),
            ),
            models.CheckConstraint(
                condition=Q(ticket__isnull=False, order__isnull=True)
                | Q(ticket__isnull=True, order__isnull=False),
                name="survey_about_ticket_or_order",
            ),
        ]
        indexes = [
            models.Index(
                fields=["send_at"], name="survey_to_send", condition=Q(status="scheduled")
            ),
            models.Index(
                fields=["expires_at"], name="survey_to_expire", condition=Q(status="sent")
            ),
            models.Index(fields=["customer", "-send_at"], name="survey_customer"),
            models.Index(fields=["team", "status", "send_at"], name="survey_team_queue"),
        ]

    def __str__(self) -> str:
        about = self.ticket.number if self.ticket_id else self.order.number  # type: ignore[union-attr]
        return f"{self.get_trigger_display()} · {about}"

    @property
    def subject_number(self) -> str:
        """The ticket or order number the survey asks about."""
        if self.ticket_id:
            return self.ticket.number  # type: ignore[union-attr]
        return self.order.number if self.order_id else ""  # type: ignore[union-attr]


class SurveyResponse(models.Model):
    """The one answer to a survey (Q-02): four 1–5 scores, tick-box reasons and a comment."""

    survey = models.OneToOneField(
        Survey, primary_key=True, on_delete=models.CASCADE, related_name="response"
    )
    attitude = models.PositiveSmallIntegerField(_("service attitude"))
    speed = models.PositiveSmallIntegerField(_("resolution speed"))
    result = models.PositiveSmallIntegerField(_("result"))
    overall = models.PositiveSmallIntegerField(_("overall"))
    reasons = models.JSONField(_("dissatisfaction reasons"), default=list, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    entered_by = models.ForeignKey(
        User,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered"), default=timezone.now)

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["-answered_at"]
        indexes = [models.Index(fields=["answered_at"], name="survey_response_month")]
        constraints = [
            models.CheckConstraint(
                condition=Q(**{f"{f}__gte": 1, f"{f}__lte": 5}), name=f"survey_{f}_score"
            )
            for f in ("attitude", "speed", "result", "overall")
        ]


class FollowUp(models.Model):
    """The task a low score opens: a supervisor calls the customer back before the deadline."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")

    survey = models.OneToOneField(Survey, on_delete=models.CASCADE, related_name="follow_up")
    assignee = models.ForeignKey(
        User,
        verbose_name=_("assignee"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    due_at = models.DateTimeField(_("due"))
    note = models.TextField(_("what was done"), blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        User,
        verbose_name=_("done by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("survey follow-up")
        verbose_name_plural = _("survey follow-ups")
        ordering = ["due_at", "id"]
        indexes = [models.Index(fields=["status", "due_at"], name="survey_follow_up_open")]
