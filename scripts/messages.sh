#!/usr/bin/env bash
# Refresh the translation catalogs (P-07) after adding or changing user-facing strings.
#
#   1. collect every gettext msgid under src/kefu into zh_Hans and en (translations kept);
#   2. derive zh_Hant from zh_Hans with OpenCC (scripts/hant_from_hans.py, with overrides);
#   3. compile the .mo files, which are committed.
# Then translate the entries it lists as untranslated in
# src/kefu/locale/zh_Hans/LC_MESSAGES/django.po and run it again.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="${PYTHON:-$ROOT/.venv/bin/python}"
[ -x "$PY" ] || PY="$(command -v python3)"
command -v msgfmt >/dev/null || { echo "msgfmt is needed (apt-get install -y gettext)" >&2; exit 1; }

export PYTHONPATH="$ROOT/src${PYTHONPATH:+:$PYTHONPATH}"
export DJANGO_SETTINGS_MODULE=kefu.settings
export KEFU_VAR_DIR="${KEFU_VAR_DIR:-$ROOT/var}"
LOCALE="$ROOT/src/kefu/locale"
mkdir -p "$LOCALE"

# Keep the old files, to undo a run whose only change is the POT-Creation-Date line.
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
for lang in zh_Hans en; do
    po="$LOCALE/$lang/LC_MESSAGES/django.po"
    if [ -f "$po" ]; then cp "$po" "$WORK/$lang.po"; fi
done

cd "$ROOT/src/kefu"
"$PY" -m django makemessages --locale zh_Hans --locale en --domain django \
    --no-obsolete --add-location file \
    --ignore 'static/*' --ignore '*/static/*' --ignore 'var/*' >/dev/null

# msgmerge guesses a translation for a new message from a similar old one and marks it fuzzy;
# such guesses are not compiled and mostly wrong ("address" -> "IP 地址"): make them plainly
# untranslated so nobody removes the mark without reading.
for lang in zh_Hans en; do
    po="$LOCALE/$lang/LC_MESSAGES/django.po"
    msgattrib --clear-fuzzy --empty --clear-previous -o "$po" "$po"
    if [ -f "$WORK/$lang.po" ] && cmp -s <(grep -v '^"POT-Creation-Date:' "$WORK/$lang.po") \
        <(grep -v '^"POT-Creation-Date:' "$po"); then
        cp "$WORK/$lang.po" "$po"
    fi
done

"$PY" "$ROOT/scripts/hant_from_hans.py" \
    "$LOCALE/zh_Hans/LC_MESSAGES/django.po" "$LOCALE/zh_Hant/LC_MESSAGES/django.po"

# compilemessages skips a .mo newer than its .po, and a checkout's file times mean nothing:
# always compile afresh (msgfmt's output is the same for the same .po).
rm -f "$LOCALE"/{zh_Hans,zh_Hant,en}/LC_MESSAGES/django.mo
"$PY" -m django compilemessages --locale zh_Hans --locale zh_Hant --locale en \
    --ignore 'var/*' >/dev/null

for lang in zh_Hans zh_Hant; do
    printf '%s: ' "$lang"
    msgfmt --statistics -o /dev/null "$LOCALE/$lang/LC_MESSAGES/django.po" 2>&1
done
# Untranslated entries fall back to English on the Chinese pages.
todo="$(msgattrib --untranslated --no-obsolete --no-wrap "$LOCALE/zh_Hans/LC_MESSAGES/django.po" \
    | grep '^msgid ' | tail -n +2 || true)"
if [ -n "$todo" ]; then
    echo "To translate in src/kefu/locale/zh_Hans/LC_MESSAGES/django.po, then run this again:" >&2
    echo "$todo" >&2
fi
