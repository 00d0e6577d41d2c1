"""Incidents (批量事件 / 重大纠纷, A-11): one mass problem linking many tickets and complaints."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kefu.complaints.models.complaints import Complaint
from kefu.core.models import User
from kefu.tickets.models import Ticket


class IncidentKind(models.TextChoices):
    WRONG_BATCH = "wrong_batch", _("Wrong batch shipped")
    PRODUCT_DEFECT = "product_defect", _("Product defect")
    SYSTEM_FAILURE = "system_failure", _("System failure")
    OTHER = "other", _("Other")


class Incident(models.Model):
    """A problem that hit many customers at once, handled once for all of them."""

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=IncidentKind.choices)
    description = models.TextField(_("what happened"), blank=True)
    announcement = models.TextField(_("announcement"), blank=True)
    published_at = models.DateTimeField(_("announcement published"), null=True, blank=True)
    published_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The public announcement page is addressed by this, not by the sequential id.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    tickets = models.ManyToManyField(Ticket, through="IncidentTicket", related_name="incidents")
    complaints = models.ManyToManyField(
        Complaint, through="IncidentComplaint", related_name="incidents"
    )
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class IncidentTicket(models.Model):
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="ticket_links")
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="+")
    linked_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    linked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["incident", "ticket"], name="incident_ticket_once")
        ]


class IncidentComplaint(models.Model):
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="complaint_links")
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="+")
    linked_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    linked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "complaint"], name="incident_complaint_once"
            )
        ]


class IncidentMessage(models.Model):
    """One message to every affected customer; the customers are fixed when it is sent."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="messages")
    body = models.TextField(_("message"))
    customer_ids = models.JSONField(default=list)
    sent_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("incident message")
        verbose_name_plural = _("incident messages")
        ordering = ["-created_at", "-id"]

    @property
    def recipients(self) -> int:
        return len(self.customer_ids)
