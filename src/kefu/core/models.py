"""Core records: users with roles, teams, departments, audit log, event outbox, API tokens."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Team(models.Model):
    """A service team (客服组); agents see the work of their own team."""

    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    """A department that can be responsible for a problem (warehouse, logistics, tech...)."""

    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Channel(models.TextChoices):
    """Where a record came from (P-02); every record keeps its channel."""

    WEB = "web", _("Website")
    WECHAT = "wechat", _("WeChat")
    APP = "app", _("App")
    EMAIL = "email", _("Email")
    PHONE = "phone", _("Phone")
    STORE = "store", _("Store")
    SMS = "sms", _("SMS")


ONLINE_CHANNELS = frozenset({Channel.WEB, Channel.WECHAT, Channel.APP})


class Role(models.TextChoices):
    AGENT = "agent", _("Agent")
    TECH_SUPPORT = "tech_support", _("Tech support engineer")
    SUPERVISOR = "supervisor", _("Supervisor")
    MANAGER = "manager", _("After-sales manager")
    ADMIN = "admin", _("Administrator")


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.AGENT)
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    language = models.CharField(_("language"), max_length=10, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs: object) -> int:
        raise PermissionError("The audit log is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("The audit log is append-only.")

    def bulk_update(self, *args: object, **kwargs: object) -> int:
        raise PermissionError("The audit log is append-only.")


class AuditEntry(models.Model):
    """One immutable line of who did what to which record (P-05). Holds no personal data."""

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        User,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=80, db_index=True)
    subject_type = models.CharField(_("record type"), max_length=80, blank=True)
    subject_id = models.CharField(_("record id"), max_length=64, blank=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["subject_type", "subject_id", "at"])]

    def save(self, *args: object, **kwargs: object) -> None:
        if not self._state.adding:
            raise PermissionError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise PermissionError("The audit log is append-only.")


class Event(models.Model):
    """A domain event, written in the same transaction as the change it describes."""

    name = models.CharField(max_length=80, db_index=True)
    subject_type = models.CharField(max_length=80)
    subject_id = models.CharField(max_length=64)
    payload = models.JSONField(default=dict, blank=True)
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The customer the event is about, if any: the customer 360 timeline reads events by it.
    customer_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [
            models.Index(fields=["subject_type", "subject_id", "created_at"]),
            models.Index(
                fields=["customer_id", "created_at"],
                name="event_customer_timeline",
                condition=models.Q(customer_id__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.subject_type}#{self.subject_id}"


class Delivery(models.Model):
    """One handler's run for one event: the outbox row a worker claims, retries and closes."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        related_name="deliveries",
        db_index=False,  # delivery_once_per_handler (event, handler) leads with it
    )
    handler = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("outbox delivery")
        verbose_name_plural = _("outbox")
        constraints = [
            models.UniqueConstraint(fields=["event", "handler"], name="delivery_once_per_handler")
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]


class ApiToken(models.Model):
    """A hashed bearer token for an integration, created and revoked by an admin."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=16, unique=True)
    key_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class PeriodicJob(models.Model):
    """When a periodic job runs next; workers claim a run with a conditional UPDATE."""

    name = models.CharField(max_length=100, primary_key=True)
    next_run_at = models.DateTimeField(default=timezone.now)
    last_run_at = models.DateTimeField(null=True, blank=True)


class IdempotencyKey(models.Model):
    """A create request's `Idempotency-Key` and the answer it got, so a retry gets the same one."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    endpoint = models.CharField(max_length=200)
    status = models.PositiveSmallIntegerField()
    response = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_once")]


class WorkerHeartbeat(models.Model):
    """A running `kefu worker`, refreshed every few seconds: health and deploy checks read it."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    started_at = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(default=timezone.now, db_index=True)
