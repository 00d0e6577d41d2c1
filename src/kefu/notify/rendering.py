"""Message text: `{placeholder}` templates filled from a payload; unknown ones stay visible."""

from __future__ import annotations

from collections.abc import Mapping
from string import Formatter
from typing import Any

from django.utils.translation import gettext as _

from kefu.core.errors import InvalidInput
from kefu.notify.models import DEFAULT_LANGUAGE, Language, MessageTemplate


class SafeContext(dict[str, str]):
    """A format_map mapping that leaves an unknown ``{placeholder}`` as it was written."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill(text: str, context: Mapping[str, Any]) -> str:
    """``text.format_map`` over ``context``: None becomes empty, a missing key stays ``{key}``."""
    values = SafeContext({k: "" if v is None else str(v) for k, v in context.items()})
    try:
        return text.format_map(values)
    except (ValueError, IndexError, AttributeError, KeyError):
        # A template an admin saved is checked by ``check_placeholders``; this only guards
        # rows written around it: show the text unfilled rather than send nothing.
        return text


def check_placeholders(text: str, field: str) -> None:
    """Refuse text ``fill`` cannot format: stray braces, ``{0}``, ``{a.b}``, ``{a[0]}``."""
    try:
        names = [name for _lit, name, _spec, _conv in Formatter().parse(text) if name is not None]
    except ValueError as exc:
        raise InvalidInput(
            "invalid_template",
            _("The text has an unmatched brace; write placeholders like {ticket_number}."),
            {field: str(exc)},
        ) from exc
    bad = [name for name in names if not name.isidentifier()]
    if bad:
        raise InvalidInput(
            "invalid_template",
            _("Placeholders are plain names like {ticket_number}; not allowed: %(names)s")
            % {"names": ", ".join("{" + name + "}" for name in bad)},
            {field: ", ".join(bad)},
        )


def normalize_language(language: str | None) -> str:
    """``zh_Hans``/``zh-CN``/``en-US`` → one of Kefu's languages; anything else → zh-hans."""
    code = (language or "").strip().lower().replace("_", "-")
    if code in Language.values:
        return code
    if code in ("zh-tw", "zh-hk", "zh-mo") or code.startswith("zh-hant"):
        return Language.ZH_HANT
    if code.startswith("en"):
        return Language.EN
    return DEFAULT_LANGUAGE


def find_template(event: str, channel: str, language: str) -> MessageTemplate | None:
    """The active template for the language, else the Simplified Chinese one, else None."""
    rows = {
        row.language: row
        for row in MessageTemplate.objects.filter(
            event=event, channel=channel, active=True, language__in={language, DEFAULT_LANGUAGE}
        )
    }
    return rows.get(language) or rows.get(DEFAULT_LANGUAGE)


def render(template: MessageTemplate, context: Mapping[str, Any]) -> tuple[str, str]:
    """The template's (subject, body) filled from ``context``."""
    return fill(template.subject, context), fill(template.body, context)
