"""Raw emails as Chinese mail clients send them: encoded headers, legacy charsets, quotes."""

from __future__ import annotations

import base64
from email.header import Header

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + b"\x00" * 64
EXE = b"MZ\x90\x00" + b"\x00" * 64


def encoded(text: str, charset: str) -> str:
    return Header(text, charset).encode()


def raw_email(
    *,
    body: str = "您好，我上周买的耳机左边没有声音了。",
    charset: str = "utf-8",
    encoding: str | None = None,
    subject: str = "耳机没有声音",
    subject_charset: str = "utf-8",
    sender: str = "=?utf-8?B?5byg5LiJ?= <zhang.san@example.cn>",
    message_id: str = "<m1@example.cn>",
    headers: dict[str, str] | None = None,
    html: bool = False,
    attachments: list[tuple[str, str, bytes]] | None = None,
) -> bytes:
    """One message; the body in ``encoding`` labelled ``charset`` (base64), the subject an
    RFC 2047 word in ``subject_charset``."""
    head = {
        "From": sender,
        "To": "service@kefu-shop.cn",
        "Subject": encoded(subject, subject_charset),
        "Date": "Mon, 01 Jun 2026 10:00:00 +0800",
        "Message-ID": message_id,
        "MIME-Version": "1.0",
        **(headers or {}),
    }
    text_part = _part(body.encode(encoding or charset), charset, html)
    if not attachments:
        lines = [f"{k}: {v}" for k, v in head.items()] + text_part
        return ("\r\n".join(lines) + "\r\n").encode("ascii")
    boundary = "----=_kefu_boundary"
    lines = [f"{k}: {v}" for k, v in head.items()]
    lines += [f'Content-Type: multipart/mixed; boundary="{boundary}"', "", f"--{boundary}"]
    lines += text_part
    for name, ctype, data in attachments:
        lines += [
            f"--{boundary}",
            f'Content-Type: {ctype}; name="{encoded(name, "utf-8")}"',
            f'Content-Disposition: attachment; filename="{encoded(name, "utf-8")}"',
            "Content-Transfer-Encoding: base64",
            "",
            base64.encodebytes(data).decode().strip(),
        ]
    lines += [f"--{boundary}--", ""]
    return "\r\n".join(lines).encode("ascii")


def _part(payload: bytes, charset: str, html: bool) -> list[str]:
    kind = "text/html" if html else "text/plain"
    return [
        f'Content-Type: {kind}; charset="{charset}"',
        "Content-Transfer-Encoding: base64",
        "",
        base64.encodebytes(payload).decode().strip(),
        "",
    ]
