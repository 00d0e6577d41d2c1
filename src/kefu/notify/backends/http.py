"""The one HTTP exchange of the provider backends (SMS gateway, WeChat): JSON in, JSON out.

Every failure becomes a ``SendError`` whose message names no person: the HTTP status and the
provider's message, a timeout, or an unreachable host.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

from kefu.notify.backends import SendError


def fetch_json(request: urllib.request.Request, timeout: float) -> dict[str, Any]:
    """Send ``request``; the JSON object answered (empty when the answer is not JSON)."""
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return _json(response.read())
    except urllib.error.HTTPError as exc:
        answer = _json(exc.read())
        raise SendError(f"HTTP {exc.code}: {answer.get('message') or exc.reason}") from exc
    except TimeoutError as exc:
        raise SendError(f"no answer within {timeout:g} s") from exc
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise SendError(f"no answer within {timeout:g} s") from exc
        raise SendError(f"gateway unreachable: {exc.reason}") from exc


def _json(raw: bytes) -> dict[str, Any]:
    try:
        data = json.loads(raw.decode("utf-8", errors="replace") or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}
