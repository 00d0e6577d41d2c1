"""WeChat template messages against a local fake of the WeChat API: token cached, re-fetched."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache

from kefu.notify.backends.wechat import TOKEN_KEY
from kefu.notify.dispatcher import dispatch
from kefu.notify.models import Message
from kefu.notify.services import notify
from tests.notify.factories import EventFactory, MessageTemplateFactory

pytestmark = [pytest.mark.req("P-08"), pytest.mark.django_db]

APP_ID, SECRET, OPENID = (
    "wx1234567890abcdef",
    "app-secret-for-tests",
    "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o",
)


class WeChatApi(ThreadingHTTPServer):
    """Speaks /cgi-bin/token and /cgi-bin/message/template/send as the real API does."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), WeChatHandler)
        self.tokens_issued = 0
        self.valid_token = ""
        self.sent: list[dict] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class WeChatHandler(BaseHTTPRequestHandler):
    server: WeChatApi

    def answer(self, body: dict) -> None:
        payload = json.dumps(body).encode()
        self.send_response(200)  # WeChat answers 200 and puts failures in errcode
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        if parts.path != "/cgi-bin/token" or query.get("grant_type") != "client_credential":
            return self.answer({"errcode": 40013, "errmsg": "invalid request"})
        if (query.get("appid"), query.get("secret")) != (APP_ID, SECRET):
            return self.answer({"errcode": 40125, "errmsg": "invalid appsecret"})
        self.server.tokens_issued += 1
        self.server.valid_token = f"ACCESS_TOKEN_{self.server.tokens_issued}"
        return self.answer({"access_token": self.server.valid_token, "expires_in": 7200})

    def do_POST(self) -> None:
        parts = urlsplit(self.path)
        token = parse_qs(parts.query).get("access_token", [""])[0]
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if parts.path != "/cgi-bin/message/template/send":
            return self.answer({"errcode": 40013, "errmsg": "invalid request"})
        if token != self.server.valid_token:
            return self.answer({"errcode": 42001, "errmsg": "access_token expired"})
        if not body.get("touser", "").startswith("oUpF8"):
            return self.answer({"errcode": 40003, "errmsg": "invalid openid"})
        self.server.sent.append({"token": token, **body})
        return self.answer(
            {"errcode": 0, "errmsg": "ok", "msgid": 200228332 + len(self.server.sent)}
        )

    def log_message(self, *args: object) -> None:
        """Quiet."""


@pytest.fixture
def wechat_api(settings):
    server = WeChatApi()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.KEFU_WECHAT_BACKEND = "kefu.notify.backends.wechat.WeChatTemplateBackend"
    settings.KEFU_WECHAT_API_URL = server.url
    settings.KEFU_WECHAT_APP_ID, settings.KEFU_WECHAT_APP_SECRET = APP_ID, SECRET
    settings.KEFU_WECHAT_TEMPLATE_ID = "TM00015"
    cache.delete(TOKEN_KEY)
    yield server
    cache.delete(TOKEN_KEY)
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def _template(db) -> None:
    MessageTemplateFactory(
        event="test.wechat", channel="wechat", subject="工单{ticket_number}进度", body="{text}"
    )


def queue(openid: str = OPENID) -> Message:
    message = notify(
        event=EventFactory(),
        channel="wechat",
        recipient=openid,
        template_event="test.wechat",
        language="zh-hans",
        context={"ticket_number": "T2606010001", "text": "您的耳机已检测完毕。"},
    )
    assert message is not None
    return message


def test_a_template_message_is_sent_with_a_fetched_token_that_is_then_reused(wechat_api):
    first, second = queue(), queue()
    assert dispatch(first.pk) is True
    assert dispatch(second.pk) is True

    assert wechat_api.tokens_issued == 1
    assert wechat_api.sent[0] == {
        "token": "ACCESS_TOKEN_1",
        "touser": OPENID,
        "template_id": "TM00015",
        "data": {
            "first": {"value": "工单T2606010001进度"},
            "remark": {"value": "您的耳机已检测完毕。"},
        },
    }
    first.refresh_from_db()
    assert (first.status, first.provider_message_id) == ("sent", "200228333")


def test_an_expired_token_is_fetched_again_once(wechat_api):
    cache.set(TOKEN_KEY, "STALE_TOKEN", 600)
    message = queue()
    assert dispatch(message.pk) is True
    assert wechat_api.tokens_issued == 1
    assert [one["token"] for one in wechat_api.sent] == ["ACCESS_TOKEN_1"]


def test_a_refused_openid_is_retried_later_with_the_reason(wechat_api):
    message = queue(openid="not-a-follower")
    assert dispatch(message.pk) is False
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("queued", 1)
    assert message.last_error == "SendError: WeChat refused: 40003: invalid openid"


def test_a_wrong_app_secret_fails_without_sending(wechat_api, settings):
    settings.KEFU_WECHAT_APP_SECRET = "wrong"
    message = queue()
    assert dispatch(message.pk) is False
    message.refresh_from_db()
    assert message.last_error == "SendError: no access_token: 40125: invalid appsecret"
    assert wechat_api.sent == []
