"""WeChat official-account template messages (模板消息) to a follower's openid.

The access_token comes from ``GET {KEFU_WECHAT_API_URL}/cgi-bin/token?grant_type=
client_credential&appid=...&secret=...`` and is cached until shortly before its
``expires_in``; every worker shares it through Django's cache. A template message is ``POST
/cgi-bin/message/template/send?access_token=...`` with ``{"touser", "template_id", "data"}``
(``first`` = the subject, ``remark`` = the text); the answer
``{"errcode": 0, "msgid": ...}`` is accepted. An expired or revoked token (40001, 40014, 42001)
is fetched again once; any other errcode is a failure the dispatcher retries. Implements P-08.
"""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

from kefu.notify.backends import SendError
from kefu.notify.backends.http import fetch_json
from kefu.notify.models import Message

TOKEN_KEY = "notify:wechat:access_token"  # noqa: S105 - a cache key, not a secret
TOKEN_MARGIN = 300  # seconds before expiry when a cached token is no longer used
STALE_TOKEN = frozenset({40001, 40014, 42001})


class WeChatTemplateBackend:
    def __init__(self) -> None:
        self.api = settings.KEFU_WECHAT_API_URL.rstrip("/")
        if not self.api.startswith(("https://", "http://")):
            raise ImproperlyConfigured("KEFU_WECHAT_API_URL must be an http(s) URL")
        self.app_id = settings.KEFU_WECHAT_APP_ID
        self.secret = settings.KEFU_WECHAT_APP_SECRET
        self.template_id = settings.KEFU_WECHAT_TEMPLATE_ID
        self.timeout = float(settings.KEFU_WECHAT_TIMEOUT)

    def send(self, message: Message) -> str:
        answer = self._send(message, self.access_token())
        if answer.get("errcode") in STALE_TOKEN:
            cache.delete(TOKEN_KEY)
            answer = self._send(message, self.access_token())
        if answer.get("errcode", 0) != 0:
            raise SendError(f"WeChat refused: {answer.get('errcode')}: {answer.get('errmsg', '')}")
        return str(answer.get("msgid") or message.pk)

    def access_token(self) -> str:
        token = cache.get(TOKEN_KEY)
        if token:
            return str(token)
        query = urllib.parse.urlencode(
            {"grant_type": "client_credential", "appid": self.app_id, "secret": self.secret}
        )
        answer = fetch_json(
            urllib.request.Request(f"{self.api}/cgi-bin/token?{query}"),  # noqa: S310
            self.timeout,
        )
        token = answer.get("access_token")
        if not token:
            raise SendError(f"no access_token: {answer.get('errcode')}: {answer.get('errmsg', '')}")
        lifetime = int(answer.get("expires_in") or 7200)
        cache.set(TOKEN_KEY, token, max(lifetime - TOKEN_MARGIN, 60))
        return str(token)

    def _send(self, message: Message, token: str) -> dict[str, Any]:
        data = {
            "touser": message.recipient,
            "template_id": self.template_id,
            "data": {
                "first": {"value": message.subject},
                "remark": {"value": message.body},
            },
        }
        query = urllib.parse.urlencode({"access_token": token})
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked in __init__
            f"{self.api}/cgi-bin/message/template/send?{query}",
            data=json.dumps(data, ensure_ascii=False).encode(),
            method="POST",
            headers={"Content-Type": "application/json; charset=utf-8"},
        )
        return fetch_json(request, self.timeout)
