"""Reading a raw email: decoded headers, the text, the attachments, and whether a robot sent it.

Chinese mail arrives in gb2312, gbk, gb18030, big5 or utf-8, often mislabelled: a gb2312 or
gbk label is decoded as gb18030 (its superset; Python's gb2312 codec fails on characters that
senders put in anyway) and big5 as big5hkscs. Headers are RFC 2047 words decoded the same way.
"""

from __future__ import annotations

import email
import email.header
import email.utils
import hashlib
import re
from dataclasses import dataclass, field
from email.message import Message

from kefu.channels.mailtext import html_to_text, strip_quoted

SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "euc-cn": "gb18030",
    "gb_2312-80": "gb18030",
    "big5": "big5hkscs",
    "x-big5": "big5hkscs",
    "cn-big5": "big5hkscs",
}
AUTOMATIC_PRECEDENCE = frozenset({"bulk", "junk", "auto_reply", "list"})
AUTO_HEADERS = ("X-Autoreply", "X-Autorespond", "X-Auto-Reply")
ROBOT_SENDERS = frozenset({"mailer-daemon", "postmaster", "noreply", "no-reply"})
MESSAGE_ID = re.compile(r"<[^<>\s]+>")
MAX_ID = 255


class Malformed(Exception):
    """The message cannot be filed as it is; it goes to the quarantine."""


@dataclass
class Part:
    name: str
    content_type: str
    data: bytes


@dataclass
class ParsedMail:
    message_id: str
    thread_ids: list[str]  # In-Reply-To first, then References newest first
    subject: str
    sender: str
    sender_name: str
    text: str
    automatic: str = ""  # why a robot sent it, or empty
    attachments: list[Part] = field(default_factory=list)


def decode_bytes(data: bytes, charset: str | None) -> str:
    """``data`` in its declared charset (or its superset); utf-8, then gb18030, when unknown."""
    label = (charset or "").strip().strip('"').lower()
    for name in (SUPERSETS.get(label, label), "utf-8"):
        if not name:
            continue
        try:
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("gb18030", errors="replace")


def decode_header(value: object) -> str:
    """An RFC 2047 header (or raw 8-bit bytes in a header) as text, on one line."""
    if value is None:
        return ""
    if isinstance(value, email.header.Header):
        chunks = email.header.decode_header(value)
    else:
        text = str(value)
        if any("\udc80" <= c <= "\udcff" for c in text):  # undeclared 8-bit bytes
            return decode_bytes(text.encode("utf-8", "surrogateescape"), None)
        chunks = email.header.decode_header(text)
    words = [
        decode_bytes(chunk, charset) if isinstance(chunk, bytes) else chunk
        for chunk, charset in chunks
    ]
    return " ".join("".join(words).split())


def message_ids(value: object) -> list[str]:
    return [one[:MAX_ID] for one in MESSAGE_ID.findall(decode_header(value))]


def automatic_reason(msg: Message, sender: str) -> str:
    """Why the message is an auto-reply or a bounce (RFC 3834 and the common markers)."""
    auto = decode_header(msg.get("Auto-Submitted")).lower()
    precedence = decode_header(msg.get("Precedence")).lower()
    local = sender.partition("@")[0]
    checks = (
        (bool(auto) and auto != "no", f"Auto-Submitted: {auto}"),
        (precedence in AUTOMATIC_PRECEDENCE, f"Precedence: {precedence}"),
        *((msg.get(name) is not None, name) for name in AUTO_HEADERS),
        (msg.get_content_type() == "multipart/report", "multipart/report"),
        (local in ROBOT_SENDERS, f"sender {local}"),
        (decode_header(msg.get("Return-Path")).strip() == "<>", "null return path"),
    )
    return next((reason for matched, reason in checks if matched), "")


def _body_and_files(msg: Message) -> tuple[str, list[Part]]:
    plain: list[str] = []
    markup: list[str] = []
    files: list[Part] = []
    for part in msg.walk():
        if part.is_multipart():
            continue
        disposition = (part.get_content_disposition() or "").lower()
        name = decode_header(part.get_param("filename", header="content-disposition") or "")
        name = name or decode_header(part.get_param("name") or "")
        payload = part.get_payload(decode=True) or b""
        if disposition == "attachment" or (name and part.get_content_maintype() != "text"):
            files.append(Part(name or "attachment", part.get_content_type(), payload))
        elif part.get_content_type() == "text/plain":
            plain.append(decode_bytes(payload, part.get_content_charset()))
        elif part.get_content_type() == "text/html":
            markup.append(decode_bytes(payload, part.get_content_charset()))
    text = "\n".join(plain) if plain else "\n".join(html_to_text(one) for one in markup)
    return strip_quoted(text), files


def parse(raw: bytes) -> ParsedMail:
    """Read ``raw``; ``Malformed`` when it has no usable sender."""
    msg = email.message_from_bytes(raw)
    if not msg.keys():
        raise Malformed("no headers")
    name, address = email.utils.parseaddr(decode_header(msg.get("From")))
    address = address.strip().lower()
    if "@" not in address or address.startswith("@") or address.endswith("@"):
        raise Malformed("no sender address in From")
    own = message_ids(msg.get("Message-ID"))
    # Without one, the same bytes always get the same id, so a repeat is still recognised.
    message_id = own[0] if own else f"<{hashlib.sha256(raw).hexdigest()}@kefu.invalid>"
    references = list(reversed(message_ids(msg.get("References"))))
    thread = list(dict.fromkeys([*message_ids(msg.get("In-Reply-To")), *references]))
    text, files = _body_and_files(msg)
    return ParsedMail(
        message_id=message_id,
        thread_ids=[one for one in thread if one != message_id],
        subject=decode_header(msg.get("Subject"))[:200],
        sender=address,
        sender_name=name.strip()[:100],
        text=text,
        automatic=automatic_reason(msg, address),
        attachments=files,
    )
