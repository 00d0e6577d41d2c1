"""An email body as the ticket shows it: HTML sanitised to text, quoted history cut off.

Mail clients quote the whole thread under a reply; the ticket already has those messages, so
the text stops at the first quote marker (Outlook and Foxmail "-----原始邮件-----", QQ/163
"在 2026年6月1日 写道：", Gmail/Apple "On ... wrote:") and ``>`` lines are dropped.
"""

from __future__ import annotations

import html
import re

import nh3

BLOCK_END = re.compile(r"(?i)<\s*(br\s*/?|/p|/div|/li|/tr|/h[1-6])\s*>")
QUOTE_STARTS = (
    re.compile(r"^\s*-{2,}\s*(原始邮件|原始郵件|Original Message)\s*-{2,}\s*$", re.IGNORECASE),
    re.compile(r"^\s*(在|於|于).{0,120}(写道|寫道)\s*[:：]\s*$"),
    re.compile(r"^\s*On\b.{0,200}\bwrote:\s*$", re.IGNORECASE),
    re.compile(r"^\s*_{8,}\s*$"),
    re.compile(r"^\s*(发件人|寄件者)\s*[:：]"),
)


def html_to_text(markup: str) -> str:
    """The text of an HTML body: every tag removed by nh3 (scripts and styles with their
    content), entities decoded, paragraph and line breaks kept."""
    marked = BLOCK_END.sub("\n", markup)
    cleaned = nh3.clean(marked, tags=set(), attributes={}, strip_comments=True)
    text = html.unescape(cleaned).replace("\xa0", " ")
    return "\n".join(line.rstrip() for line in text.splitlines())


def strip_quoted(text: str) -> str:
    """The new part of a reply: everything before the first quote marker, without ``>`` lines.

    A message that is nothing but a quote is kept whole, so no text is lost.
    """
    kept: list[str] = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if any(pattern.match(line) for pattern in QUOTE_STARTS):
            break
        if line.lstrip().startswith(">"):
            continue
        kept.append(line.rstrip())
    new = _squeeze("\n".join(kept))
    return new or _squeeze(text)


def _squeeze(text: str) -> str:
    return re.sub(r"\n{3,}", "\n\n", text).strip()
