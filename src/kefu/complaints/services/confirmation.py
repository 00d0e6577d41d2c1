"""Customer confirmation (K-07): an unguessable, expiring, single-use link to the approved plan,
or the customer's consent recorded by staff with evidence.

004 §六 (5): 通知顧客，確認顧客接受解決方案後請顧客簽字. The link carries 32 random bytes; only
their SHA-256 is stored, bound to the complaint and the plan version it shows. A link that is
unknown (tampered), used, replaced, expired or about an outdated plan is refused and nothing
changes. Accepting keeps the resolution time and opens the follow-up deadline (K-08).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.complaints.models import (
    AttachmentKind,
    Complaint,
    ComplaintMessage,
    ConfirmationLink,
    ConfirmationMethod,
    Decision,
    Direction,
    Plan,
    PlanStatus,
    Status,
)
from kefu.complaints.services.evidence import store
from kefu.complaints.services.flow import (
    CONFIRMATION_LINK,
    FOLLOW_UP,
    begin,
    clean_text,
    emit,
    save,
    start_complaint_deadline,
)
from kefu.complaints.services.plans import approved_plan
from kefu.core.audit import record_audit
from kefu.core.errors import Conflict, InvalidInput, NotFound
from kefu.core.links import hash_link_token, new_link_token, public_url
from kefu.core.models import User
from kefu.notify.models import Message, MessageChannel
from kefu.notify.services import notify
from kefu.sla.services import compute_due, policy
from kefu.tickets.services.attachments import check_upload

LANGUAGE = "zh-hans"
REASON_MAX = 2000
USER_AGENT_MAX = 300


@dataclass(frozen=True)
class ConfirmationSent:
    link: ConfirmationLink
    url: str
    message: Message


def confirmation_url(token: str) -> str:
    return public_url("complaints:confirm", token)


def _revoke_open_links(complaint: Complaint) -> None:
    ConfirmationLink.objects.filter(
        complaint=complaint, used_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())


def _recipient(complaint: Complaint) -> tuple[str, str]:
    if complaint.contact_phone or complaint.customer.phone:
        return MessageChannel.SMS, complaint.contact_phone or complaint.customer.phone
    return MessageChannel.EMAIL, complaint.contact_email or complaint.customer.email


def _new_link(complaint: Complaint, plan: Plan, actor: User) -> tuple[ConfirmationLink, str]:
    """A fresh link for the plan's current version, replacing any earlier one; the token is
    returned once and only its hash is stored."""
    _revoke_open_links(complaint)
    token = new_link_token()
    now = timezone.now()
    link = ConfirmationLink.objects.create(
        complaint=complaint,
        plan=plan,
        plan_version=complaint.plan_version,
        token_hash=hash_link_token(token),
        created_by=actor,
        created_at=now,
        expires_at=compute_due(policy(CONFIRMATION_LINK), now).due_at,
    )
    return link, token


def _send_link(
    complaint: Complaint,
    link: ConfirmationLink,
    token: str,
    actor: User,
    recipient: tuple[str, str],
) -> tuple[str, Message]:
    """Queue the message with the link; the token exists only here and in the message body,
    which the outbox sends after commit."""
    channel, address = recipient
    event = emit(
        "complaint.confirmation_requested", complaint, actor, link_id=link.pk, channel=channel
    )
    url = confirmation_url(token)
    context = {
        "link": url,
        "complaint_number": complaint.number,
        "customer_name": complaint.customer.name,
    }
    sent = notify(
        event=event,
        channel=channel,
        recipient=address,
        context=context,
        template_event="complaint.confirmation_requested",
        language=LANGUAGE,
        customer_id=complaint.customer_id,
    )
    if sent is None:
        raise InvalidInput("no_template", _("There is no message template for the link."))
    return url, sent


@transaction.atomic
def request_confirmation(*, actor: User, complaint: Complaint) -> ConfirmationSent:
    """Send the customer a link to read the approved plan and accept or reject it.

    The link works once, until ``complaint.confirmation_link`` runs out, and only for the plan
    version it was sent for; a new link replaces any earlier one. Sent by SMS to the contact
    phone, else by email, through the outbox. Implements K-07.
    """
    locked, _state = begin(actor, complaint, "request_confirmation")
    plan = approved_plan(locked)
    if plan is None:
        raise NotFound("plan_not_found", _("No approved plan on this complaint."))
    channel, address = _recipient(locked)
    if not address:
        message = _("The customer has no mobile number or email to send the link to.")
        raise InvalidInput("no_contact", message, {"contact_phone": message})
    link, token = _new_link(locked, plan, actor)
    url, sent = _send_link(locked, link, token, actor, (channel, address))
    record_audit(
        actor=actor,
        action="complaint.confirmation_requested",
        subject=locked,
        data={"link": link.pk, "channel": channel, "plan_version": link.plan_version},
    )
    return ConfirmationSent(link, url, sent)


def _refuse_link(code: str, message: str) -> Conflict:
    return Conflict(code, message)


def link_for_token(token: str, *, for_update: bool = False) -> ConfirmationLink:
    """The usable link of ``token``; refuses an unknown, used, replaced, expired or outdated one."""
    qs = ConfirmationLink.objects.select_related("complaint", "plan", "complaint__customer")
    if for_update:
        qs = qs.select_for_update()
    link = qs.filter(token_hash=hash_link_token(token or "")).first()
    if link is None:
        raise NotFound(
            "link_invalid",
            _("This link is not valid. Check that you opened the whole link from our message."),
        )
    if link.used_at is not None:
        raise _refuse_link("link_used", _("This link has already been used."))
    if link.revoked_at is not None:
        raise _refuse_link(
            "link_replaced", _("A newer link was sent to you; please use the latest message.")
        )
    if link.expires_at <= timezone.now():
        raise _refuse_link(
            "link_expired",
            _("This link has expired. Please contact us and we will send you a new one."),
        )
    complaint = link.complaint
    if complaint.status != Status.CARRIED_OUT or complaint.plan_version != link.plan_version:
        raise _refuse_link(
            "link_outdated", _("This plan is no longer waiting for your confirmation.")
        )
    return link


def _client(request: HttpRequest | None) -> dict[str, str]:
    if request is None:
        return {}
    return {"user_agent": request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_MAX]}


def _use(link: ConfirmationLink, decision: str, reason: str = "") -> None:
    if not ConfirmationLink.objects.filter(pk=link.pk, used_at__isnull=True).update(
        used_at=timezone.now(), decision=decision, reason=reason
    ):
        raise _refuse_link("link_used", _("This link has already been used."))


def _confirmed(locked: Complaint, state: str, method: str, note: str) -> None:
    now = timezone.now()
    locked.status, locked.confirmed_at = state, now
    locked.confirmation_method, locked.confirmation_note = method, note
    save(locked, ["status", "confirmed_at", "confirmation_method", "confirmation_note"])
    # 投訴解決後2天內回訪: the follow-up promise runs from the customer's acceptance.
    start_complaint_deadline(FOLLOW_UP, locked, started_at=now)


def _rejected(locked: Complaint, state: str, plan: Plan, reason: str, actor: User | None) -> None:
    plan.status, plan.rejection_reason = PlanStatus.REJECTED, reason
    plan.save(update_fields=["status", "rejection_reason"])
    # The other plans are candidates again; the desk may add new ones.
    Plan.objects.filter(complaint=locked, status=PlanStatus.NOT_CHOSEN).update(
        status=PlanStatus.PROPOSED
    )
    ComplaintMessage.objects.create(
        complaint=locked,
        direction=Direction.INBOUND,
        body=reason,
        author=actor,
        channel=locked.channel,
    )
    locked.status = state
    save(locked, ["status"])


@transaction.atomic
def accept_by_link(*, token: str, request: HttpRequest | None = None) -> Complaint:
    """The customer accepts the plan on the confirmation page; time, IP and user agent are
    audited. Implements K-07, K-08 (follow-up deadline opens)."""
    link = link_for_token(token, for_update=True)
    locked, state = begin(None, link.complaint, "customer_accept")
    _use(link, Decision.ACCEPTED)
    _confirmed(locked, state, ConfirmationMethod.LINK, "")
    record_audit(
        actor=None,
        action="complaint.customer_accepted",
        subject=locked,
        request=request,
        data={
            "link": link.pk,
            "plan": link.plan_id,
            "plan_version": link.plan_version,
            **_client(request),
        },
    )
    emit("complaint.customer_accepted", locked, None, plan_id=link.plan_id, method="link")
    return locked


@transaction.atomic
def reject_by_link(*, token: str, reason: str, request: HttpRequest | None = None) -> Complaint:
    """The customer rejects the plan with a reason; the complaint goes back to its plans.
    Implements K-07."""
    text = clean_text(reason, "reason", max_length=REASON_MAX)
    link = link_for_token(token, for_update=True)
    locked, state = begin(None, link.complaint, "customer_reject")
    _use(link, Decision.REJECTED, text)
    _rejected(locked, state, link.plan, text, None)
    record_audit(
        actor=None,
        action="complaint.customer_rejected",
        subject=locked,
        request=request,
        data={
            "link": link.pk,
            "plan": link.plan_id,
            "plan_version": link.plan_version,
            **_client(request),
        },
    )
    emit("complaint.customer_rejected", locked, None, plan_id=link.plan_id, method="link")
    return locked


@transaction.atomic
def record_consent(
    *,
    actor: User,
    complaint: Complaint,
    note: str,
    evidence: UploadedFile,
    version: int | None = None,
) -> Complaint:
    """Record the customer's acceptance given by phone or in the store, with evidence: a note
    and a file (signed form, chat screenshot, call record). Implements K-07."""
    locked, state = begin(actor, complaint, "record_consent", version=version)
    text = clean_text(note, "note", max_length=REASON_MAX)
    checked = check_upload(evidence)
    plan = approved_plan(locked)
    _revoke_open_links(locked)
    row = store(locked, checked, actor, AttachmentKind.CONSENT)
    _confirmed(locked, state, ConfirmationMethod.AGENT, text)
    record_audit(
        actor=actor,
        action="complaint.consent_recorded",
        subject=locked,
        data={"plan": plan.pk if plan else None, "attachment": row.pk},
    )
    emit(
        "complaint.customer_accepted",
        locked,
        actor,
        plan_id=plan.pk if plan else None,
        method="agent",
    )
    return locked


@transaction.atomic
def record_rejection(
    *, actor: User, complaint: Complaint, reason: str, version: int | None = None
) -> Complaint:
    """Record that the customer rejected the plan (by phone, in the store), with the reason;
    back to the plans. Implements K-07."""
    locked, state = begin(actor, complaint, "record_rejection", version=version)
    text = clean_text(reason, "reason", max_length=REASON_MAX)
    plan = approved_plan(locked)
    if plan is None:
        raise NotFound("plan_not_found", _("No approved plan on this complaint."))
    _revoke_open_links(locked)
    _rejected(locked, state, plan, text, actor)
    record_audit(
        actor=actor, action="complaint.rejection_recorded", subject=locked, data={"plan": plan.pk}
    )
    emit("complaint.customer_rejected", locked, actor, plan_id=plan.pk, method="agent")
    return locked
