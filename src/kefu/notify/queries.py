"""Shared reads of notify: the outbox as a supervisor sees it, a user's unread in-app notices."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from kefu.core.errors import InvalidInput
from kefu.core.models import User
from kefu.core.permissions import require, visible_to
from kefu.notify.models import Message, MessageChannel, MessageTemplate


def message_list(actor: User, *, status: str | None = None) -> QuerySet[Message]:
    """The outbox for supervisors and above, latest first; ``status=failed`` is the failed queue."""
    require(actor, "notification.view")
    qs = visible_to(actor, Message.objects.all())
    if status is not None:
        if status not in Message.Status.values:
            raise InvalidInput(
                "invalid_status", _("Unknown status."), {"status": ", ".join(Message.Status.values)}
            )
        qs = qs.filter(status=status)
    return qs.order_by("-next_attempt_at", "-pk")


def unread_in_app(user: User) -> QuerySet[Message]:
    """The user's delivered in-app notices not yet read, newest first."""
    return (
        visible_to(user, Message.objects.all())
        .filter(
            user=user,
            channel=MessageChannel.IN_APP,
            read_at__isnull=True,
            status=Message.Status.SENT,
        )
        .order_by("-created_at", "-pk")
    )


def template_list(actor: User) -> QuerySet[MessageTemplate]:
    require(actor, "notification.manage_templates")
    return MessageTemplate.objects.all()
