"""The WeChat official-account server protocol (plaintext mode): signature and message XML.

WeChat signs every request to the server URL with ``signature = sha1(sorted([token,
timestamp, nonce]) joined)``; the GET that verifies the URL echoes ``echostr`` back. A POST
carries one message as XML (``ToUserName``, ``FromUserName`` = the follower's openid,
``CreateTime``, ``MsgType``, ``Content``, ``MsgId``). Implements P-02.
"""

from __future__ import annotations

import hashlib
import hmac
import xml.etree.ElementTree as ET

MAX_XML_BYTES = 64 * 1024
FIELDS = ("ToUserName", "FromUserName", "CreateTime", "MsgType", "Content", "MsgId", "Recognition")


class BadMessage(Exception):
    """Not a WeChat message Kefu can read."""


def signature(token: str, timestamp: str, nonce: str) -> str:
    return hashlib.sha1("".join(sorted([token, timestamp, nonce])).encode()).hexdigest()  # noqa: S324 - the protocol's hash


def signed(token: str, given: str, timestamp: str, nonce: str) -> bool:
    """True when ``given`` is WeChat's signature of this request under our token."""
    if not token or not given or not timestamp or not nonce:
        return False
    return hmac.compare_digest(signature(token, timestamp, nonce), given.lower())


def parse_message(body: bytes) -> dict[str, str]:
    """The fields of one message; ``BadMessage`` for anything else."""
    if len(body) > MAX_XML_BYTES or b"<!DOCTYPE" in body.upper() or b"<!ENTITY" in body.upper():
        raise BadMessage("too large or declares entities")
    try:
        root = ET.fromstring(body)  # noqa: S314 - see the import
    except ET.ParseError as exc:
        raise BadMessage("not XML") from exc
    if root.tag != "xml":
        raise BadMessage("not a WeChat message")
    fields = {name: (root.findtext(name) or "").strip() for name in FIELDS}
    if not fields["FromUserName"] or not fields["MsgType"]:
        raise BadMessage("no sender or type")
    return fields


def text_of(fields: dict[str, str]) -> str:
    """What the follower said: the text, or the recognised speech of a voice message."""
    if fields["MsgType"] == "text":
        return fields["Content"]
    if fields["MsgType"] == "voice":
        return fields["Recognition"]
    return ""
