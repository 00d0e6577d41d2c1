"""The WeChat server endpoint: the signed URL check, follower messages as tickets and replies."""

from __future__ import annotations

import hashlib

import pytest
from django.test import Client

from kefu.channels.models import WeChatMessage
from kefu.core.events import pump
from kefu.notify.models import Message
from kefu.tickets.models import Ticket, TicketMessage
from kefu.tickets.services import reply_to_ticket

pytestmark = [pytest.mark.req("P-02"), pytest.mark.django_db]

TOKEN = "kefu-wechat-token"
OPENID = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"
URL = "/channels/wechat/"


@pytest.fixture(autouse=True)
def _token(settings):
    settings.KEFU_WECHAT_TOKEN = TOKEN


def signed(timestamp: str = "1780280000", nonce: str = "nonce42") -> dict[str, str]:
    """The query WeChat adds: sha1 of the sorted token, timestamp and nonce."""
    digest = hashlib.sha1("".join(sorted([TOKEN, timestamp, nonce])).encode()).hexdigest()
    return {"signature": digest, "timestamp": timestamp, "nonce": nonce}


def text_message(content: str, msg_id: str = "23700000000000001", kind: str = "text") -> bytes:
    return (
        "<xml><ToUserName><![CDATA[gh_kefu]]></ToUserName>"
        f"<FromUserName><![CDATA[{OPENID}]]></FromUserName>"
        "<CreateTime>1780280000</CreateTime>"
        f"<MsgType><![CDATA[{kind}]]></MsgType>"
        f"<Content><![CDATA[{content}]]></Content><MsgId>{msg_id}</MsgId></xml>"
    ).encode()


def post(body: bytes, query: dict[str, str] | None = None):
    query = signed() if query is None else query
    path = URL + "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return Client().post(path, data=body, content_type="text/xml")


def test_the_url_check_echoes_echostr_when_the_signature_is_right():
    answer = Client().get(URL, {**signed(), "echostr": "5837397520331214"})
    assert (answer.status_code, answer.content) == (200, b"5837397520331214")


@pytest.mark.parametrize(
    "query",
    [
        {**signed(), "signature": "0" * 40},
        {**signed(), "nonce": "other"},
        {"timestamp": "1780280000", "nonce": "nonce42"},
        {},
    ],
)
def test_a_wrong_or_missing_signature_is_refused(query):
    assert Client().get(URL, {**query, "echostr": "x"}).status_code == 403
    assert post(text_message("你好"), query).status_code == 403
    assert Ticket.objects.count() == 0


def test_a_follower_message_opens_a_wechat_ticket_and_the_next_one_is_a_reply():
    first = post(text_message("我的手机充不进电"))
    assert (first.status_code, first.content) == (200, b"success")
    ticket = Ticket.objects.get()
    assert (ticket.channel, ticket.description, ticket.customer.wechat_id) == (
        "wechat",
        "我的手机充不进电",
        OPENID,
    )
    post(text_message("换了充电器也不行", msg_id="23700000000000002"))
    assert Ticket.objects.count() == 1
    assert TicketMessage.objects.get().body == "换了充电器也不行"
    assert list(WeChatMessage.objects.order_by("pk").values_list("opened_ticket", flat=True)) == [
        True,
        False,
    ]


def test_a_message_wechat_sends_again_is_filed_once():
    post(text_message("屏幕碎了"))
    post(text_message("屏幕碎了"))  # WeChat retries when the first answer was slow
    assert WeChatMessage.objects.count() == 1
    assert Ticket.objects.count() == 1


def test_an_event_is_answered_but_opens_nothing():
    body = (
        f"<xml><FromUserName>{OPENID}</FromUserName><CreateTime>1</CreateTime>"
        "<MsgType>event</MsgType><Event>subscribe</Event></xml>"
    ).encode()
    assert post(body).content == b"success"
    assert Ticket.objects.count() == 0


@pytest.mark.parametrize(
    "body",
    [
        b"not xml",
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><xml><MsgType>&a;</MsgType></xml>',
        b"<other><MsgType>text</MsgType></other>",
    ],
)
def test_a_body_that_is_not_a_wechat_message_is_refused(body):
    assert post(body).status_code == 400
    assert WeChatMessage.objects.count() == 0


def test_an_answer_on_a_wechat_ticket_goes_back_to_the_follower(supervisor):
    post(text_message("耳机没声音"))
    ticket = Ticket.objects.get()
    reply_to_ticket(actor=supervisor, ticket=ticket, body="请您重启耳机试试。")
    pump()
    message = Message.objects.get(template_event="ticket.reply")
    assert (message.channel, message.recipient) == ("wechat", OPENID)
    assert "请您重启耳机试试。" in message.body
