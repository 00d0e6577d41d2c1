"""The committed catalogs: complete in Chinese, and the .mo files compiled from the .po (P-07)."""

from __future__ import annotations

import gettext
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.req("P-07")

LOCALE = Path(__file__).resolve().parents[2] / "src" / "kefu" / "locale"


def entries(po: Path) -> list[str]:
    """The blocks of a PO file after its header."""
    return po.read_text(encoding="utf-8").split("\n\n")[1:]


def translation(block: str) -> str:
    """The joined msgstr (or first plural msgstr) of one PO entry."""
    lines = block.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("msgstr"))
    text = [lines[start]] + [line for line in lines[start + 1 :] if line.startswith('"')]
    return "".join(line[line.index('"') + 1 : line.rindex('"')] for line in text)


@pytest.mark.parametrize("language", ["zh_Hans", "zh_Hant"])
def test_every_message_has_a_chinese_translation(language):
    po = LOCALE / language / "LC_MESSAGES" / "django.po"

    untranslated = [
        next(line for line in block.splitlines() if line.startswith("msgid"))
        for block in entries(po)
        if "#, fuzzy" in block or not translation(block)
    ]

    assert untranslated == [], "run scripts/messages.sh and translate the listed messages"


def test_traditional_chinese_has_the_same_messages_as_simplified():
    def msgids(language: str) -> list[str]:
        po = LOCALE / language / "LC_MESSAGES" / "django.po"
        return [
            line for line in po.read_text(encoding="utf-8").splitlines() if line.startswith("msgid")
        ]

    assert msgids("zh_Hant") == msgids("zh_Hans")


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="msgfmt (gettext) is not installed")
@pytest.mark.parametrize("language", ["zh_Hans", "zh_Hant", "en"])
def test_the_committed_mo_file_is_compiled_from_the_po_file(tmp_path, language):
    folder = LOCALE / language / "LC_MESSAGES"
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", str(fresh), str(folder / "django.po")], check=True)

    with (folder / "django.mo").open("rb") as committed, fresh.open("rb") as compiled:
        assert gettext.GNUTranslations(committed)._catalog == (
            gettext.GNUTranslations(compiled)._catalog
        ), "run scripts/messages.sh"
