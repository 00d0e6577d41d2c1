"""HTTP SMS gateway adapter: POST JSON with a bearer token, the message id as ``out_id``.

Request ``{"phone", "sign", "content", "out_id"}`` to ``KEFU_SMS_HTTP_URL`` with
``Authorization: Bearer KEFU_SMS_HTTP_TOKEN``; ``sign`` is the registered SMS signature
(短信签名, ``KEFU_SMS_SIGN``). A 2xx answer ``{"code": "OK", "message_id": ...}`` is accepted;
any other status or code is a failure carrying the provider's message. ``out_id`` is the
Kefu message id, which gateways that deduplicate use to drop a repeated request.
"""

from __future__ import annotations

import json
import urllib.request

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from kefu.notify.backends import SendError
from kefu.notify.backends.http import fetch_json
from kefu.notify.models import Message


class HttpSmsBackend:
    def __init__(self) -> None:
        self.url = settings.KEFU_SMS_HTTP_URL
        if not self.url.startswith(("https://", "http://")):
            raise ImproperlyConfigured("KEFU_SMS_HTTP_URL must be an http(s) URL")
        self.token = settings.KEFU_SMS_HTTP_TOKEN
        self.sign = settings.KEFU_SMS_SIGN
        self.timeout = float(settings.KEFU_SMS_HTTP_TIMEOUT)

    def send(self, message: Message) -> str:
        body = json.dumps(
            {
                "phone": message.recipient,
                "sign": self.sign,
                "content": message.body,
                "out_id": str(message.pk),
            },
            ensure_ascii=False,
        ).encode()
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked in __init__
            self.url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Authorization": f"Bearer {self.token}",
            },
        )
        answer = fetch_json(request, self.timeout)
        if answer.get("code") != "OK":
            raise SendError(f"provider refused: {answer.get('code')}: {answer.get('message', '')}")
        return str(answer.get("message_id") or answer.get("out_id") or message.pk)
