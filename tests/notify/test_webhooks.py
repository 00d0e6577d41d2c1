"""Webhooks through the outbox to a real local HTTP receiver: signed, retried, SSRF-guarded."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import time_machine
from django.utils import timezone

from kefu.core.errors import Forbidden, InvalidInput
from kefu.core.events import pump, record_event
from kefu.core.models import AuditEntry, Delivery, Event
from kefu.notify import queries, ssrf
from kefu.notify.models import WebhookDelivery, WebhookSubscription
from kefu.notify.webhook_services import allow_webhook_host, create_subscription

pytestmark = [pytest.mark.req("P-06"), pytest.mark.django_db]


class Receiver(ThreadingHTTPServer):
    """Answers the statuses in ``script`` in turn (then 200) and keeps what arrived."""

    def __init__(self, script: list[int]) -> None:
        super().__init__(("127.0.0.1", 0), ReceiverHandler)
        self.script = list(script)
        self.requests: list[dict[str, object]] = []
        self.secret = ""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/hooks/kefu?src=test"


class ReceiverHandler(BaseHTTPRequestHandler):
    server: Receiver

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        timestamp = self.headers["X-Kefu-Timestamp"]
        expected = hmac.new(
            self.server.secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256
        ).hexdigest()
        self.server.requests.append(
            {
                "path": self.path,
                "event": self.headers["X-Kefu-Event"],
                "verified": hmac.compare_digest(
                    self.headers["X-Kefu-Signature"], f"sha256={expected}"
                ),
                "body": json.loads(body),
            }
        )
        status = self.server.script.pop(0) if self.server.script else 200
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def receiver():
    server = Receiver([500])
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def subscribe(admin_user, url: str, events: list[str]) -> WebhookSubscription:
    return create_subscription(
        actor=admin_user, values={"name": "ERP", "url": url, "events": events}
    )


def test_a_signed_event_reaches_the_receiver_after_a_500_is_retried(admin_user, team, receiver):
    allow_webhook_host(actor=admin_user, host="127.0.0.1", note="test receiver")
    subscription = subscribe(admin_user, receiver.url, ["ticket.closed"])
    receiver.secret = subscription.secret
    event = record_event("ticket.closed", subject=team, payload={"number": "T20260601-0001"})

    pump()  # the fan-out queues one delivery per subscription
    pump()  # the first POST: the receiver answers 500
    [row] = WebhookDelivery.objects.filter(subscription=subscription)
    assert row.status == WebhookDelivery.Status.PENDING
    [log] = queries.webhook_deliveries(admin_user)
    assert (log.attempts, log.last_error) == (1, "DeliveryFailed: the receiver answered HTTP 500")

    with time_machine.travel(timezone.now() + timedelta(seconds=31)):
        pump()
    row.refresh_from_db()
    assert (row.status, row.response_status) == (WebhookDelivery.Status.DELIVERED, 200)
    assert [r["verified"] for r in receiver.requests] == [True, True]
    first = receiver.requests[0]
    assert (first["path"], first["event"]) == ("/hooks/kefu?src=test", "ticket.closed")
    assert first["body"] == {
        "id": event.pk,
        "event": "ticket.closed",
        "created_at": event.created_at.isoformat(),
        "subject": {"type": "core.team", "id": str(team.pk)},
        "data": {"number": "T20260601-0001"},
    }
    [log] = queries.webhook_deliveries(admin_user)
    assert (log.attempts, log.outbox_status) == (2, Delivery.Status.DONE)


def test_an_event_the_subscription_does_not_name_is_not_sent(admin_user, team, receiver):
    allow_webhook_host(actor=admin_user, host="127.0.0.1")
    subscribe(admin_user, receiver.url, ["ticket.closed"])
    record_event("ticket.reopened", subject=team)
    pump()
    pump()
    assert receiver.requests == []
    assert WebhookDelivery.objects.count() == 0


def test_a_loopback_host_not_allow_listed_is_refused_and_nothing_arrives(
    admin_user, team, receiver
):
    subscription = subscribe(admin_user, receiver.url, ["ticket.closed"])
    record_event("ticket.closed", subject=team)
    pump()
    pump()
    [row] = WebhookDelivery.objects.filter(subscription=subscription)
    assert row.status == WebhookDelivery.Status.REFUSED
    assert row.refusal == "127.0.0.1 resolves to the inside address 127.0.0.1; not allow-listed"
    assert receiver.requests == []
    # Final: the outbox does not try a refused address again.
    assert Delivery.objects.get(event__name="webhook.delivery").status == Delivery.Status.DONE


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.0.0.8",
        "172.16.4.2",
        "192.168.1.1",
        "169.254.10.1",
        "100.64.0.1",
        "224.0.0.1",
        "240.0.0.1",
        "0.0.0.0",
        "::1",
        "fe80::1",
        "fc00::1",
        "::ffff:10.0.0.1",
    ],
)
def test_the_guard_refuses_every_inside_address(address):
    with pytest.raises(ssrf.Refused):
        ssrf.check_url(
            f"http://[{address}]/" if ":" in address else f"http://{address}/", frozenset()
        )


@pytest.mark.parametrize("address", ["169.254.169.254", "100.100.100.200"])
def test_a_metadata_address_is_refused_even_when_allow_listed(address):
    with pytest.raises(ssrf.Refused, match="metadata"):
        ssrf.check_url(f"http://{address}/latest/meta-data/", frozenset({address}))


def test_a_public_address_passes_the_guard():
    target = ssrf.check_url("https://93.184.215.14:8443/hook", frozenset())
    assert (target.address, target.port, target.path) == ("93.184.215.14", 8443, "/hook")


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"name": "x", "url": "ftp://example.com/", "events": ["ticket.closed"]}, "url"),
        ({"name": "x", "url": "http://u:p@example.com/", "events": ["ticket.closed"]}, "url"),
        ({"name": "x", "url": "https://example.com/", "events": ["ticket.nothing"]}, "events"),
        ({"name": "", "url": "https://example.com/", "events": ["ticket.closed"]}, "name"),
    ],
)
def test_a_bad_subscription_is_refused_and_nothing_is_written(admin_user, values, field):
    with pytest.raises(InvalidInput) as refused:
        create_subscription(actor=admin_user, values=values)
    assert list(refused.value.fields) == [field]
    assert WebhookSubscription.objects.count() == 0
    assert not AuditEntry.objects.filter(action="webhook.subscribed").exists()


def test_only_an_admin_may_subscribe_or_allow_a_host(manager):
    with pytest.raises(Forbidden):
        subscribe(manager, "https://example.com/", ["ticket.closed"])
    with pytest.raises(Forbidden):
        allow_webhook_host(actor=manager, host="127.0.0.1")
    assert WebhookSubscription.objects.count() == 0
    assert Event.objects.count() == 0


def test_a_subscription_switched_off_before_sending_sends_nothing(admin_user, team, receiver):
    allow_webhook_host(actor=admin_user, host="127.0.0.1")
    subscription = subscribe(admin_user, receiver.url, ["ticket.closed"])
    record_event("ticket.closed", subject=team)
    pump()  # the fan-out queued the delivery
    WebhookSubscription.objects.filter(pk=subscription.pk).update(active=False)
    pump()
    row = WebhookDelivery.objects.get()
    assert (row.status, row.refusal) == ("refused", "the subscription is switched off")
    assert receiver.requests == []
