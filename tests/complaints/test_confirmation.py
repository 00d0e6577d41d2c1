"""Customer confirmation (K-07): an unguessable, expiring, single-use link sent through the outbox,
the public page to accept or reject, consent recorded by staff with evidence, and the internal
accountability note only supervisors and managers see."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client

from kefu.complaints import services
from kefu.complaints.models import ComplaintAttachment, ConfirmationLink, Plan
from kefu.core.errors import Forbidden, InvalidInput
from kefu.core.events import pump
from kefu.core.models import AuditEntry, Event
from kefu.notify.models import Message
from kefu.sla.models import Deadline
from tests.complaints.conftest import at, client_for, png
from tests.complaints.factories import ComplaintFactory, PlanFactory

pytestmark = pytest.mark.req("K-07")

NOON = at(2026, 3, 16, 12, 0)
PHONE_UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) MicroMessenger/8.0"


@pytest.fixture
def carried_out(agent, supervisor, team, customer):
    complaint = ComplaintFactory(
        status="carried_out",
        team=team,
        owner=agent,
        customer=customer,
        plan_version=1,
        cause="漏检",
    )
    PlanFactory(
        complaint=complaint,
        proposed_by=agent,
        status="approved",
        approved_by=supervisor,
        description="换一台新手机，明天送到",
        compensation_kind="coupon",
        compensation_fen=20000,
    )
    PlanFactory(complaint=complaint, proposed_by=agent, status="not_chosen", description="全额退款")
    return complaint


def send_link(agent, complaint) -> str:
    """Request a link; return its path as the customer's SMS carries it."""
    services.request_confirmation(actor=agent, complaint=complaint)
    body = (
        Message.objects.filter(template_event="complaint.confirmation_requested").latest("pk").body
    )
    url = re.search(r"https://kefu\.example\.cn(/complaints/confirm/[^/\s]+/)", body).group(1)
    return url


def customer() -> Client:
    """The customer's phone; pages asserted in English here (they open in Chinese)."""
    client = Client(HTTP_USER_AGENT=PHONE_UA)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def unchanged(complaint) -> tuple:
    complaint.refresh_from_db()
    return (
        complaint.status,
        complaint.version,
        Event.objects.count(),
        AuditEntry.objects.count(),
        ConfirmationLink.objects.filter(used_at__isnull=False).count(),
    )


@time_machine.travel(NOON, tick=False)
def test_the_link_goes_to_the_customer_by_sms_and_only_its_hash_is_kept(agent, carried_out):
    sent = services.request_confirmation(actor=agent, complaint=carried_out)
    token = sent.url.rstrip("/").rsplit("/", 1)[1]
    assert len(token) >= 43
    assert sent.message.channel == "sms"
    assert sent.message.recipient == "+8613912345678"
    assert sent.message.body == (
        f"您好，关于您的投诉，我们已制定处理方案，请点击链接查看并确认：{sent.url} "
        "给您带来不便，我们非常抱歉。"
    )
    link = ConfirmationLink.objects.get()
    assert token not in (link.token_hash, str(link.__dict__))
    assert (link.plan.description, link.plan_version) == ("换一台新手机，明天送到", 1)
    assert link.expires_at == NOON + timedelta(days=3)


def test_reading_the_plan_changes_nothing(agent, carried_out):
    path = send_link(agent, carried_out)
    before = unchanged(carried_out)
    page = customer().get(path)
    html = page.content.decode()
    assert page.status_code == 200
    assert (page["Referrer-Policy"], page["Cache-Control"]) == (
        "same-origin",
        "max-age=0, no-cache, no-store, must-revalidate, private",
    )
    assert 'name="viewport"' in html
    assert "换一台新手机，明天送到" in html
    assert "Coupon ¥200" in html
    assert unchanged(carried_out) == before


@time_machine.travel(NOON, tick=False)
@pytest.mark.req("K-08")
def test_the_customer_accepts_and_time_ip_and_browser_are_audited(agent, carried_out):
    path = send_link(agent, carried_out)
    response = customer().post(path, {"decision": "accept"}, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 200
    assert 'data-testid="decision-recorded"' in response.content.decode()
    carried_out.refresh_from_db()
    assert (carried_out.status, carried_out.confirmed_at, carried_out.confirmation_method) == (
        "confirmed",
        NOON,
        "link",
    )
    link = ConfirmationLink.objects.get()
    assert (link.used_at, link.decision) == (NOON, "accepted")
    audit = AuditEntry.objects.get(action="complaint.customer_accepted")
    assert (audit.at, audit.ip, audit.actor) == (NOON, "203.0.113.9", None)
    assert audit.data == {
        "link": link.pk,
        "plan": link.plan_id,
        "plan_version": 1,
        "user_agent": PHONE_UA,
    }
    follow_up = Deadline.objects.for_subject(carried_out).get(kind="complaint.follow_up")
    assert follow_up.due_at == NOON + timedelta(days=2)


def test_the_customer_rejects_with_a_reason_and_the_complaint_goes_back_to_its_plans(
    agent, carried_out
):
    path = send_link(agent, carried_out)
    response = customer().post(
        path, {"decision": "reject", "reason": "我想要退款，不要换新"}, REMOTE_ADDR="203.0.113.9"
    )
    assert response.status_code == 200
    carried_out.refresh_from_db()
    assert carried_out.status == "plans_proposed"
    plans = dict(Plan.objects.filter(complaint=carried_out).values_list("description", "status"))
    assert plans == {"换一台新手机，明天送到": "rejected", "全额退款": "proposed"}
    assert Plan.objects.get(status="rejected").rejection_reason == "我想要退款，不要换新"
    assert carried_out.messages.get().body == "我想要退款，不要换新"
    audit = AuditEntry.objects.get(action="complaint.customer_rejected")
    assert (audit.ip, audit.data["user_agent"]) == ("203.0.113.9", PHONE_UA)
    pump()
    told = Message.objects.get(template_event="complaint.customer_answered")
    assert told.user == agent


def test_a_rejection_without_a_reason_is_asked_again_and_changes_nothing(agent, carried_out):
    path = send_link(agent, carried_out)
    before = unchanged(carried_out)
    response = customer().post(path, {"decision": "reject", "reason": ""})
    assert response.status_code == 422
    assert "This field is required." in response.content.decode()
    assert unchanged(carried_out) == before


def test_a_used_link_is_refused_and_changes_nothing(agent, carried_out):
    path = send_link(agent, carried_out)
    customer().post(path, {"decision": "accept"})
    before = unchanged(carried_out)
    again = customer().post(path, {"decision": "reject", "reason": "改主意了"})
    assert again.status_code == 410
    assert "This link has already been used." in again.content.decode()
    assert unchanged(carried_out) == before
    assert customer().get(path).status_code == 410


def test_an_expired_link_is_refused_and_changes_nothing(agent, carried_out):
    with time_machine.travel(NOON, tick=False):
        path = send_link(agent, carried_out)
    before = unchanged(carried_out)
    with time_machine.travel(NOON + timedelta(days=3, seconds=1), tick=False):
        response = customer().post(path, {"decision": "accept"})
    assert response.status_code == 410
    assert "This link has expired." in response.content.decode()
    assert unchanged(carried_out) == before


@pytest.mark.parametrize(
    "tamper",
    [
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),
        lambda t: t + "x",
        lambda t: "x" * 43,
        lambda t: "",
    ],
)
def test_a_tampered_link_is_refused_and_changes_nothing(agent, carried_out, tamper):
    path = send_link(agent, carried_out)
    token = path.rstrip("/").rsplit("/", 1)[1]
    before = unchanged(carried_out)
    forged = f"/complaints/confirm/{tamper(token) or '-'}/"
    response = customer().post(forged, {"decision": "accept"})
    assert response.status_code == 404
    assert unchanged(carried_out) == before


def test_a_new_link_replaces_the_old_one(agent, carried_out):
    old = send_link(agent, carried_out)
    new = send_link(agent, carried_out)
    before = unchanged(carried_out)
    refused = customer().post(old, {"decision": "accept"})
    assert refused.status_code == 410
    assert "A newer link was sent to you" in refused.content.decode()
    assert unchanged(carried_out) == before
    assert customer().post(new, {"decision": "accept"}).status_code == 200


def test_a_link_to_an_outdated_plan_version_is_refused(agent, carried_out):
    path = send_link(agent, carried_out)
    type(carried_out).objects.filter(pk=carried_out.pk).update(plan_version=2)
    before = unchanged(carried_out)
    response = customer().post(path, {"decision": "accept"})
    assert response.status_code == 410
    assert "no longer waiting for your confirmation" in response.content.decode()
    assert unchanged(carried_out) == before


def test_the_service_refuses_a_used_link_with_a_conflict(agent, carried_out):
    path = send_link(agent, carried_out)
    token = path.rstrip("/").rsplit("/", 1)[1]
    services.accept_by_link(token=token)
    with pytest.raises(Exception) as refused:
        services.reject_by_link(token=token, reason="再试一次")
    assert refused.value.code == "link_used"


def test_staff_record_consent_with_a_note_and_evidence(agent, carried_out):
    send_link(agent, carried_out)
    done = services.record_consent(
        actor=agent, complaint=carried_out, note="客户到店签字确认", evidence=png("signed.png")
    )
    assert (done.status, done.confirmation_method, done.confirmation_note) == (
        "confirmed",
        "agent",
        "客户到店签字确认",
    )
    assert ComplaintAttachment.objects.get().kind == "consent"
    assert ConfirmationLink.objects.get().revoked_at is not None


def test_consent_without_evidence_is_refused(agent, carried_out):
    response = client_for(agent).post(
        f"/complaints/{carried_out.number}/do/record_consent/",
        {"record_consent-note": "客户口头同意"},
    )
    assert response.status_code == 422
    carried_out.refresh_from_db()
    assert carried_out.status == "carried_out"
    api = client_for(agent).post(
        f"/api/v1/complaints/{carried_out.number}/consent", {"note": "客户口头同意"}
    )
    assert api.status_code == 422


def test_the_api_records_consent_with_a_file(agent, carried_out):
    response = client_for(agent).post(
        f"/api/v1/complaints/{carried_out.number}/consent",
        {"note": "微信截图确认", "file": png("chat.png")},
    )
    assert response.status_code == 200
    assert response.json()["confirmation_method"] == "agent"
    assert response.json()["attachments"][0]["kind"] == "consent"


def test_staff_record_the_customers_rejection(agent, carried_out):
    done = services.record_rejection(actor=agent, complaint=carried_out, reason="电话里说要退款")
    assert done.status == "plans_proposed"
    assert Plan.objects.get(status="rejected").rejection_reason == "电话里说要退款"


def test_the_api_requests_a_link_without_showing_it(agent, carried_out):
    response = client_for(agent).post(
        f"/api/v1/complaints/{carried_out.number}/confirmation-request"
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["channel"], body["recipient"]) == ("sms", "139****5678")
    assert "confirm" not in str(body)


def test_a_customer_without_phone_or_email_cannot_get_a_link(agent, carried_out):
    customer_row = carried_out.customer
    customer_row.phone = customer_row.email = ""
    customer_row.save()
    type(carried_out).objects.filter(pk=carried_out.pk).update(contact_phone="", contact_email="")
    with pytest.raises(InvalidInput) as refused:
        services.request_confirmation(actor=agent, complaint=carried_out)
    assert refused.value.code == "no_contact"
    assert ConfirmationLink.objects.count() == 0


def test_only_supervisors_and_managers_see_and_write_the_accountability_note(
    agent, supervisor, manager, carried_out
):
    services.note_accountability(
        actor=supervisor, complaint=carried_out, note="仓库当班主管按制度罚款200元"
    )
    with pytest.raises(Forbidden):
        services.note_accountability(actor=agent, complaint=carried_out, note="改掉")
    for user, sees in ((agent, False), (supervisor, True), (manager, True)):
        page = client_for(user).get(f"/complaints/{carried_out.number}/").content.decode()
        api = client_for(user).get(f"/api/v1/complaints/{carried_out.number}").json()
        assert ("仓库当班主管按制度罚款200元" in page) is sees
        assert api["accountability_note"] == ("仓库当班主管按制度罚款200元" if sees else None)
    event = Event.objects.get(name="complaint.accountability_noted")
    assert event.customer_id is None
    assert "罚款" not in str(event.payload)
