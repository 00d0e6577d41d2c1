"""Notification records: message templates per event, channel and language, and the outbox."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kefu.core.models import Event
from kefu.core.personal import mask


class MessageChannel(models.TextChoices):
    """How a notification travels (P-08)."""

    SMS = "sms", _("SMS")
    EMAIL = "email", _("Email")
    WECHAT = "wechat", _("WeChat")
    IN_APP = "in_app", _("In-app")


class Language(models.TextChoices):
    ZH_HANS = "zh-hans", "简体中文"
    ZH_HANT = "zh-hant", "繁體中文"
    EN = "en", "English"


DEFAULT_LANGUAGE = Language.ZH_HANS


class MessageTemplate(models.Model):
    """The text sent for one event on one channel in one language; `{placeholder}` syntax."""

    event = models.CharField(_("event"), max_length=80, help_text=_("e.g. ticket.progress"))
    channel = models.CharField(_("channel"), max_length=10, choices=MessageChannel.choices)
    language = models.CharField(_("language"), max_length=10, choices=Language.choices)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("body"))
    active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("message template")
        verbose_name_plural = _("message templates")
        ordering = ["event", "channel", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "channel", "language"], name="message_template_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} · {self.channel} · {self.language}"


class Message(models.Model):
    """One notification in the outbox: rendered when queued, claimed and sent by a worker."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    # Null for a manual send; otherwise the unique constraint below makes an event reach one
    # recipient on one channel at most once (P-08 "never twice for the same event").
    event = models.ForeignKey(
        Event,
        verbose_name=_("event"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    template_event = models.CharField(_("template"), max_length=80)
    channel = models.CharField(_("channel"), max_length=10, choices=MessageChannel.choices)
    # E.164 phone, email address, WeChat openid, or the user id for in-app messages.
    recipient = models.CharField(_("recipient"), max_length=254)
    # The customer it was sent to, for the timeline and erasure; notify never imports customers.
    customer_id = models.BigIntegerField(_("customer"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    language = models.CharField(_("language"), max_length=10, choices=Language.choices)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("body"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    provider_message_id = models.CharField(_("provider message id"), max_length=200, blank=True)
    # Extra mail headers, e.g. In-Reply-To and References so the customer's client threads a
    # ticket reply under their own email (channels); ignored by the other channels.
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "channel", "recipient"], name="message_once_per_event"
            )
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="message_dispatch"),
            models.Index(
                fields=["user", "created_at"],
                name="message_unread_in_app",
                condition=Q(channel="in_app", read_at__isnull=True),
            ),
            models.Index(
                fields=["customer_id", "created_at"],
                name="message_customer",
                condition=Q(customer_id__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template_event} · {self.channel} · {self.masked_recipient}"

    @property
    def masked_recipient(self) -> str:
        """The recipient as a supervisor's list shows it: never the full phone or address."""
        if self.channel == MessageChannel.SMS and self.recipient.startswith("+86"):
            return mask("phone", self.recipient[3:])  # 138****5678, as people here write it
        kind = {
            MessageChannel.SMS: "phone",
            MessageChannel.EMAIL: "email",
            MessageChannel.WECHAT: "wechat",
        }.get(self.channel)
        return mask(kind, self.recipient) if kind else self.recipient


class WebhookSubscription(models.Model):
    """An outside system told of some event types by a signed POST (P-06)."""

    name = models.CharField(_("name"), max_length=100)
    url = models.URLField(_("URL"), max_length=500)
    events = models.JSONField(_("events"), default=list)
    # The HMAC-SHA256 key; shown to the admin once, when the subscription is created.
    secret = models.CharField(_("secret"), max_length=64)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class WebhookAllowedHost(models.Model):
    """A host an admin allowed although it resolves to a private or loopback address."""

    host = models.CharField(_("host"), max_length=255, unique=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("allowed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("webhook allowed host")
        verbose_name_plural = _("webhook allowed hosts")
        ordering = ["host"]

    def __str__(self) -> str:
        return self.host


class WebhookDelivery(models.Model):
    """One event for one subscription: the delivery log. Attempts go through the outbox."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DELIVERED = "delivered", _("Delivered")
        REFUSED = "refused", _("Refused")

    subscription = models.ForeignKey(
        WebhookSubscription,
        verbose_name=_("subscription"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    response_status = models.PositiveIntegerField(_("HTTP status"), null=True, blank=True)
    # Why the guard refused the address; retries and their errors are on the outbox delivery.
    refusal = models.CharField(_("refusal"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "event"], name="webhook_delivery_once_per_event"
            )
        ]

    def __str__(self) -> str:
        return f"{self.subscription} · {self.event_id} · {self.status}"
