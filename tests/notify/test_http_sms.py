"""The HTTP SMS gateway adapter against a real local HTTP server: success, refusal, timeout."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import time_machine
from django.utils import timezone

from kefu.notify.dispatcher import dispatch
from kefu.notify.services import notify
from tests.notify.factories import EventFactory

pytestmark = [pytest.mark.req("P-08"), pytest.mark.django_db]


class Gateway(ThreadingHTTPServer):
    """A fake SMS provider: answers each request with the next planned (status, body)."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), GatewayHandler)
        self.requests: list[dict] = []
        self.answers: list[tuple[int, dict]] = []
        self.hang = threading.Event()  # set: never answer (until released)
        self.release = threading.Event()


class GatewayHandler(BaseHTTPRequestHandler):
    server: Gateway

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        self.server.requests.append(
            {
                "path": self.path,
                "authorization": self.headers["Authorization"],
                "content_type": self.headers["Content-Type"],
                "json": json.loads(self.rfile.read(length)),
            }
        )
        if self.server.hang.is_set():
            self.server.release.wait(timeout=10)
            return
        status, body = self.server.answers.pop(0)
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:
        """Quiet: the default writes every request line to stderr."""


@pytest.fixture
def gateway(settings):
    server = Gateway()
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
    )
    thread.start()
    settings.KEFU_SMS_BACKEND = "kefu.notify.backends.http_sms.HttpSmsBackend"
    settings.KEFU_SMS_HTTP_URL = f"http://127.0.0.1:{server.server_address[1]}/sms/send"
    settings.KEFU_SMS_HTTP_TOKEN = "test-token-123"
    settings.KEFU_SMS_SIGN = "客服商城"
    settings.KEFU_SMS_HTTP_TIMEOUT = 0.3
    yield server
    server.release.set()
    server.shutdown()
    server.server_close()


def received_sms():
    return notify(
        event=EventFactory(name="ticket.received"),
        channel="sms",
        recipient="138 1234 5678",
        template_event="ticket.received",
        language="zh-hans",
        context={
            "customer_name": "张先生",
            "ticket_number": "T20250601-0007",
            "agent_name": "小王",
        },
    )


def test_the_gateway_gets_phone_sign_content_and_the_message_id_with_the_token(gateway):
    gateway.answers.append((200, {"code": "OK", "message": "ok", "message_id": "gw-778899"}))
    message = received_sms()

    assert dispatch(message.pk) is True

    [request] = gateway.requests
    assert request["path"] == "/sms/send"
    assert request["authorization"] == "Bearer test-token-123"
    assert request["content_type"] == "application/json; charset=utf-8"
    assert request["json"] == {
        "phone": "+8613812345678",
        "sign": "客服商城",
        "content": "张先生您好，您的问题我们已经收到，工单号T20250601-0007，由客服小王为您跟进。"
        "我们会尽快处理，有进展会第一时间通知您。",
        "out_id": str(message.pk),
    }
    message.refresh_from_db()
    assert (message.status, message.provider_message_id) == ("sent", "gw-778899")


@pytest.mark.parametrize(
    ("status", "body", "error"),
    [
        (
            200,
            {"code": "isv.BUSINESS_LIMIT_CONTROL", "message": "触发号码天级流控 +8613812345678"},
            "SendError: provider refused: isv.BUSINESS_LIMIT_CONTROL: 触发号码天级流控 138****5678",
        ),
        (
            401,
            {"code": "Unauthorized", "message": "invalid token"},
            "SendError: HTTP 401: invalid token",
        ),
        (503, {}, "SendError: HTTP 503: Service Unavailable"),
    ],
)
def test_a_refusal_by_the_gateway_is_retried_with_its_message(gateway, status, body, error):
    gateway.answers.append((status, body))
    message = received_sms()

    assert dispatch(message.pk) is False

    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == ("queued", 1, error)
    assert (message.next_attempt_at - message.created_at).total_seconds() >= 30


def test_a_gateway_that_does_not_answer_in_time_means_a_retry(gateway):
    gateway.hang.set()
    message = received_sms()

    assert dispatch(message.pk) is False

    message.refresh_from_db()
    assert (message.status, message.attempts) == ("queued", 1)
    assert message.last_error == "SendError: no answer within 0.3 s"


def test_the_next_attempt_carries_the_same_out_id_so_the_gateway_can_drop_a_duplicate(gateway):
    gateway.answers += [(503, {}), (200, {"code": "OK", "message_id": "gw-2"})]
    with time_machine.travel(timezone.now(), tick=False) as clock:
        message = received_sms()
        dispatch(message.pk)
        message.refresh_from_db()
        clock.move_to(message.next_attempt_at)
        assert dispatch(message.pk) is True

    assert [r["json"]["out_id"] for r in gateway.requests] == [str(message.pk)] * 2
