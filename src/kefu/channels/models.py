"""Models of the channels app: the email thread index, the quarantine, WeChat messages (P-02)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kefu.tickets.models import Ticket, TicketMessage


class Source(models.TextChoices):
    IMAP = "imap", _("IMAP mailbox")
    SMTP = "smtp", _("SMTP/LMTP listener")
    ADMIN = "admin", _("Re-run by an admin")
    KEFU = "kefu", _("Sent by Kefu")


class MailRecord(models.Model):
    """One Message-ID: every email received (once, even when fetched twice) and every reply
    sent. In-Reply-To and References of a new email are looked up here to find its ticket."""

    class Outcome(models.TextChoices):
        OPENED = "opened", _("Opened a ticket")
        REPLIED = "replied", _("Added to a ticket")
        AUTOMATIC = "automatic", _("Auto-reply or bounce, ignored")
        SENT = "sent", _("Reply sent")

    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    ticket = models.ForeignKey(
        Ticket,
        verbose_name=_("ticket"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    ticket_message = models.ForeignKey(
        TicketMessage,
        verbose_name=_("ticket message"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    sender = models.CharField(_("sender"), max_length=254, blank=True)
    # Why an automatic message was ignored, or which attachments were refused and why.
    notes = models.JSONField(_("notes"), default=dict, blank=True)
    created_at = models.DateTimeField(_("received"), default=timezone.now)

    class Meta:
        verbose_name = _("email record")
        verbose_name_plural = _("email records")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["ticket", "created_at"], name="mail_record_ticket")]

    def __str__(self) -> str:
        return self.message_id


class QuarantinedEmail(models.Model):
    """An email that could not be filed, kept whole until an admin re-runs it (never lost)."""

    class Status(models.TextChoices):
        HELD = "held", _("Held")
        RELEASED = "released", _("Filed after a re-run")

    raw = models.BinaryField(_("message"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    size = models.PositiveIntegerField(_("size"))
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.HELD
    )
    error = models.TextField(_("error"))
    attempts = models.PositiveIntegerField(_("attempts"), default=1)
    record = models.ForeignKey(
        MailRecord,
        verbose_name=_("filed as"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    released_at = models.DateTimeField(_("released"), null=True, blank=True)

    class Meta:
        verbose_name = _("quarantined email")
        verbose_name_plural = _("quarantined emails")
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"{self.sha256[:12]} · {self.status}"


class WeChatMessage(models.Model):
    """One message from a follower of the official account; WeChat repeats a message it
    thinks was not answered, so its MsgId is filed once."""

    msg_id = models.CharField(_("MsgId"), max_length=64, unique=True)
    openid = models.CharField(_("openid"), max_length=128)
    kind = models.CharField(_("type"), max_length=20)
    ticket = models.ForeignKey(
        Ticket,
        verbose_name=_("ticket"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    opened_ticket = models.BooleanField(_("opened the ticket"), default=False)
    created_at = models.DateTimeField(_("received"), default=timezone.now)

    class Meta:
        verbose_name = _("WeChat message")
        verbose_name_plural = _("WeChat messages")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.msg_id
