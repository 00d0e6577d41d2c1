"""HTTP SMS gateway adapter: POST JSON with a bearer token, the message id as ``out_id``.

Request ``{"phone", "sign", "content", "out_id"}`` to ``KEFU_SMS_HTTP_URL`` with
``Authorization: Bearer KEFU_SMS_HTTP_TOKEN``; ``sign`` is the registered SMS signature
(短信签名, ``KEFU_SMS_SIGN``). A 2xx answer ``{"code": "OK", "message_id": ...}`` is accepted;
any other status or code is a failure carrying the provider's message. ``out_id`` is the
Kefu message id, which gateways that deduplicate use to drop a repeated request.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from kefu.notify.backends import SendError
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
        answer = self._post(request)
        if answer.get("code") != "OK":
            raise SendError(f"provider refused: {answer.get('code')}: {answer.get('message', '')}")
        return str(answer.get("message_id") or answer.get("out_id") or message.pk)

    def _post(self, request: urllib.request.Request) -> dict[str, Any]:
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                return _json(response.read())
        except urllib.error.HTTPError as exc:
            answer = _json(exc.read())
            raise SendError(f"HTTP {exc.code}: {answer.get('message') or exc.reason}") from exc
        except TimeoutError as exc:
            raise SendError(f"no answer within {self.timeout:g} s") from exc
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                raise SendError(f"no answer within {self.timeout:g} s") from exc
            raise SendError(f"gateway unreachable: {exc.reason}") from exc


def _json(raw: bytes) -> dict[str, Any]:
    try:
        data = json.loads(raw.decode("utf-8", errors="replace") or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}
