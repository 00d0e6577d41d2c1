"""Tickets over the JSON API (P-06): the queue, intake, detail, edits and one POST per action."""

from __future__ import annotations

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from kefu.core.models import Event
from kefu.tickets.models import Attachment, Solution, Ticket
from tests.conftest import client_for
from tests.tickets.conftest import PNG, at
from tests.tickets.factories import TicketFactory

pytestmark = pytest.mark.req("P-06")
JSON = "application/json"


def post(client, url: str, body: dict | None = None, **headers: str):
    return client.post(url, body or {}, content_type=JSON, **headers)


@pytest.fixture
def api(agent):
    return client_for(agent)


@pytest.fixture
def ticket(team, customer, order):
    return TicketFactory(
        team=team,
        customer=customer,
        order=order,
        order_item=order.items.get(),
        status="diagnosing",
        subtype="quality_defect",
        category="product_quality",
    )


@pytest.mark.req("A-01")
def test_a_ticket_created_twice_with_one_idempotency_key_exists_once(
    statutory_calendar, api, customer, order
):
    body = {"description": "手机无法开机", "channel": "wechat", "order_number": order.number}
    with time_machine.travel(at(2026, 3, 9, 10, 0), tick=False):
        first = post(api, "/api/v1/tickets", body, HTTP_IDEMPOTENCY_KEY="k-1")
        again = post(api, "/api/v1/tickets", body, HTTP_IDEMPOTENCY_KEY="k-1")

    assert (first.status_code, again.status_code) == (201, 201)
    assert first.json() == again.json()
    data = first.json()
    assert data["number"] == "T2603090001"
    assert data["next_due_at"] == "2026-03-09T03:00:00Z"
    assert data["customer_phone"] == "139****5678"
    assert data["allowed_actions"] == [
        "diagnose",
        "merge",
        "reply",
        "attach",
        "escalate",
        "categorize",
        "prioritize",
        "assign",
    ]
    assert [s["state"] for s in data["six_steps"]] == [
        "current",
        "todo",
        "todo",
        "todo",
        "todo",
        "todo",
    ]
    assert Ticket.objects.count() == 1


@pytest.mark.req("A-01")
def test_an_unknown_order_is_422_and_nothing_is_written(api, customer):
    response = post(
        api,
        "/api/v1/tickets",
        {
            "description": "坏了",
            "channel": "web",
            "customer_id": customer.pk,
            "order_number": "DD404",
        },
    )

    assert response.status_code == 422
    assert response.json()["error"] == "unknown_order"
    assert list(response.json()["fields"]) == ["order_number"]
    assert Ticket.objects.count() == 0
    assert Event.objects.count() == 0


def test_the_queue_is_paged(api, ticket, team, customer):
    TicketFactory(team=team, customer=customer)

    response = api.get("/api/v1/tickets?limit=1")

    assert response.status_code == 200
    assert response.json()["has_more"] is True
    assert len(response.json()["items"]) == 1


@pytest.mark.req("A-02", "A-03")
def test_the_detail_shows_the_guide_and_quadrant(api, ticket):
    data = api.get(f"/api/v1/tickets/{ticket.number}").json()

    assert data["guide"]["seed_title"] == "产品质量问题"
    assert data["guide"]["suggested_solutions"] == ["exchange", "free_repair", "return", "refund"]
    assert data["quadrant"]["priority"] == 4
    assert data["order_number"] == "DD20260302001"


@pytest.mark.req("P-01")
def test_a_ticket_of_another_team_is_404(ticket, other_team_agent):
    response = client_for(other_team_agent).get(f"/api/v1/tickets/{ticket.number}")

    assert response.status_code == 404
    assert response.json()["error"] == "ticket_not_found"


@pytest.mark.req("A-03")
def test_a_patch_with_a_stale_version_is_409_and_nothing_changes(api, ticket):
    ok = api.patch(
        f"/api/v1/tickets/{ticket.number}",
        {"version": ticket.version, "urgent": True, "important": True},
        content_type=JSON,
    )
    stale = api.patch(
        f"/api/v1/tickets/{ticket.number}",
        {"version": ticket.version, "urgent": False},
        content_type=JSON,
    )

    assert ok.status_code == 200
    assert ok.json()["priority"] == 1
    assert stale.status_code == 409
    assert stale.json()["error"] == "stale_version"
    assert stale.json()["message"] == (
        "您编辑期间，其他人修改了该工单。请刷新查看对方的修改，然后重新提交您的修改。"
    )
    assert Ticket.objects.get(pk=ticket.pk).urgent is True


@pytest.mark.req("A-08")
def test_an_illegal_move_is_409(api, ticket):
    response = post(api, f"/api/v1/tickets/{ticket.number}/close")

    assert response.status_code == 409
    assert response.json() == {
        "error": "illegal_transition",
        "message": "无法关闭：该工单当前为“诊断中”。",
        "fields": {},
    }


@pytest.mark.req("A-05")
def test_a_role_not_allowed_is_403(ticket, tech_support):
    ticket.assignee = tech_support
    ticket.save()

    response = post(
        client_for(tech_support),
        f"/api/v1/tickets/{ticket.number}/solutions",
        {"solutions": [{"kind": "exchange"}]},
    )

    assert response.status_code == 403
    assert Solution.objects.count() == 0


@pytest.mark.req("A-05", "A-10")
def test_offer_choose_track_resolve_confirm_close_over_the_api(api, ticket):
    base = f"/api/v1/tickets/{ticket.number}"
    three = post(api, f"{base}/solutions", {"solutions": [{"kind": "exchange"}] * 3})
    offered = post(
        api, f"{base}/solutions", {"solutions": [{"kind": "exchange"}, {"kind": "refund"}]}
    )
    exchange_id = offered.json()[0]["id"]
    chosen = post(api, f"{base}/choice", {"solution_id": exchange_id})
    for step in ("item_received", "inspected", "shipped_back", "completed"):
        tracked = post(api, f"{base}/solutions/{exchange_id}/progress", {"step": step})
        assert tracked.status_code == 200
    resolved = post(api, f"{base}/resolve", {"resolution": "已换新"})
    confirmed = post(api, f"{base}/confirm", {"satisfied": True})
    closed = post(api, f"{base}/close", {"version": confirmed.json()["version"]})

    assert three.status_code == 422
    assert three.json()["error"] == "solution_count"
    assert offered.status_code == 201
    assert chosen.json()["status"] == "chosen"
    assert tracked.json()["status"] == "completed"
    assert resolved.json()["status"] == "resolved"
    assert closed.json()["status"] == "closed"
    assert [s["state"] for s in closed.json()["six_steps"]] == ["done"] * 6


@pytest.mark.req("A-06", "A-07", "A-09")
def test_promise_delay_and_escalation_over_the_api(statutory_calendar, api, ticket, supervisor):
    base = f"/api/v1/tickets/{ticket.number}"
    with time_machine.travel(at(2026, 3, 9, 16, 0), tick=False):
        promised = post(api, f"{base}/promise")
        delayed = post(
            api,
            f"{base}/delay",
            {"reason": "配件短缺", "until": "2026-03-11T16:00:00+08:00", "compensation_fen": 5000},
        )
        escalated = post(
            api, f"{base}/escalate", {"target": "supervisor", "reason": "客户要求赔偿"}
        )
        answered = post(
            client_for(supervisor),
            f"{base}/escalations/{escalated.json()['id']}/answer",
            {"answer": "同意补偿"},
        )

    assert promised.json()["promised_resolution_at"] == "2026-03-10T08:00:00Z"
    assert delayed.status_code == 201
    assert delayed.json()["new_due_at"] == "2026-03-11T08:00:00Z"
    assert escalated.status_code == 201
    assert answered.json()["answered_at"] == "2026-03-09T08:00:00Z"


@pytest.mark.req("A-01")
def test_attachments_upload_and_download_over_the_api(api, ticket, other_team_agent):
    base = f"/api/v1/tickets/{ticket.number}/attachments"
    uploaded = api.post(base, {"file": SimpleUploadedFile("裂痕.png", PNG)})
    disguised = api.post(base, {"file": SimpleUploadedFile("x.jpg", b"<html>evil</html>")})
    url = f"{base}/{uploaded.json()['id']}"
    downloaded = api.get(url)
    refused = client_for(other_team_agent).get(url)

    assert uploaded.status_code == 201
    assert disguised.status_code == 422
    assert disguised.json()["error"] == "attachment_disguised"
    assert b"".join(downloaded.streaming_content) == PNG
    assert refused.status_code == 404
    assert Attachment.objects.count() == 1


@pytest.mark.req("A-04")
def test_diagnosis_and_timeline_over_the_api(api, ticket):
    post(api, f"/api/v1/tickets/{ticket.number}/reply", {"body": "您好，已收到", "internal": True})

    diagnosis = api.get(f"/api/v1/tickets/{ticket.number}/diagnosis").json()
    timeline = api.get(f"/api/v1/tickets/{ticket.number}/timeline").json()

    assert diagnosis["verdict"]["kind"] in ("return", "exchange", "free_repair", "paid_repair")
    assert diagnosis["item"]["sku"] == "PHONE-X1"
    assert [r["code"] for r in diagnosis["routes"]] == ["warehouse", "tech_support"]
    assert [e["kind"] for e in timeline] == ["message", "event"]
    assert timeline[0]["data"]["body"] == "您好，已收到"


def test_merge_and_reopen_over_the_api(api, ticket, team, customer):
    keep = TicketFactory(team=team, customer=customer, status="diagnosing")

    merged = post(api, f"/api/v1/tickets/{ticket.number}/merge", {"into": keep.number})
    reopened = post(api, f"/api/v1/tickets/{keep.number}/reopen", {"reason": "复现"})

    assert merged.json()["number"] == keep.number
    assert Ticket.objects.get(pk=ticket.pk).status == "merged"
    assert reopened.status_code == 409
