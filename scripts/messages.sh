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

cd "$ROOT/src/kefu"
"$PY" -m django makemessages --locale zh_Hans --locale en --domain django \
    --no-obsolete --add-location file \
    --ignore 'static/*' --ignore '*/static/*' --ignore 'var/*' >/dev/null

"$PY" "$ROOT/scripts/hant_from_hans.py" \
    "$LOCALE/zh_Hans/LC_MESSAGES/django.po" "$LOCALE/zh_Hant/LC_MESSAGES/django.po"

"$PY" -m django compilemessages --locale zh_Hans --locale zh_Hant --locale en \
    --ignore 'var/*' >/dev/null

for lang in zh_Hans zh_Hant; do
    printf '%s: ' "$lang"
    msgfmt --statistics -o /dev/null "$LOCALE/$lang/LC_MESSAGES/django.po" 2>&1
done
# Untranslated or fuzzy (a guess by msgmerge, not compiled) entries fall back to English.
todo="$(msgattrib --untranslated --no-obsolete --no-wrap "$LOCALE/zh_Hans/LC_MESSAGES/django.po" \
    | grep '^msgid ' | tail -n +2 || true)"
todo+="$(msgattrib --only-fuzzy --no-obsolete --no-wrap "$LOCALE/zh_Hans/LC_MESSAGES/django.po" \
    | grep '^msgid ' | tail -n +2 || true)"
if [ -n "$todo" ]; then
    echo "To translate in src/kefu/locale/zh_Hans/LC_MESSAGES/django.po (fill msgstr, drop" >&2
    echo "'#, fuzzy'), then run this script again:" >&2
    echo "$todo" >&2
fi
