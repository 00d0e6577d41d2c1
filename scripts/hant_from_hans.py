"""Derive the Traditional Chinese catalog from the Simplified one with OpenCC (s2twp).

Usage: python scripts/hant_from_hans.py HANS.po HANT.po

Every msgstr is converted; a translation in OVERRIDES (keyed by msgid) wins over the
conversion, for the few phrases where Taiwan/Hong Kong usage differs from a literal
conversion. Untranslated and fuzzy entries stay untranslated and fuzzy.
"""

from __future__ import annotations

import sys
from pathlib import Path

from opencc import OpenCC

# msgid -> Traditional Chinese msgstr, where OpenCC's conversion reads wrong.
OVERRIDES: dict[str, str] = {
    "Log out": "登出",
}

_convert = OpenCC("s2twp").convert


def _quoted(line: str) -> str:
    """The text between the first and last double quote of a PO string line."""
    return line[line.index('"') + 1 : line.rindex('"')]


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _msgid(lines: list[str]) -> str:
    text, inside = [], False
    for line in lines:
        if line.startswith("msgid "):
            inside = True
        elif not line.startswith('"'):
            inside = False
        if inside:
            text.append(_quoted(line))
    return "".join(text)


def convert_entry(block: str) -> str:
    """One PO entry (lines between blank lines) with its msgstr lines converted."""
    lines = block.split("\n")
    msgid = _msgid(lines)
    override = OVERRIDES.get(msgid)
    out, in_msgstr = [], False
    for line in lines:
        if line.startswith("msgstr"):
            in_msgstr = True
        elif not line.startswith('"'):
            in_msgstr = False
        if in_msgstr and override is not None:
            if line.startswith("msgstr "):
                out.append(f'msgstr "{_escape(override)}"')
            continue  # the override replaces the whole msgstr, continuation lines too
        text = _convert(line) if in_msgstr else line
        if msgid == "" and text.startswith(('"Language: ', "# ")):
            text = text.replace("zh_Hans", "zh_Hant")
        out.append(text)
    return "\n".join(out)


def main(source: str, target: str) -> None:
    text = Path(source).read_text(encoding="utf-8")
    blocks = text.split("\n\n")
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    Path(target).write_text("\n\n".join(convert_entry(b) for b in blocks), encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
