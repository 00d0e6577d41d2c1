#!/usr/bin/env bash
# Vendor the browser libraries (Bootstrap, htmx, ECharts) under src/kefu/web/static/vendor/.
#
# The files are committed: nothing is built or fetched at run time and no page loads from a CDN.
# Re-run this script only to change a pinned version below; it downloads each package with
# `npm pack` (which checks the registry's integrity hash), copies the few files the pages use,
# and records versions and SHA-256 sums in vendor/VERSIONS.txt.
set -euo pipefail

BOOTSTRAP_VERSION="5.3.9"
HTMX_VERSION="2.0.11"
ECHARTS_VERSION="6.1.0"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENDOR="$ROOT/src/kefu/web/static/vendor"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

command -v npm >/dev/null || { echo "npm is needed (apt-get install -y npm)" >&2; exit 1; }

# fetch PACKAGE VERSION -> prints the directory the package was unpacked into
fetch() {
    local pkg="$1" version="$2" dir="$WORK/$1"
    mkdir -p "$dir"
    (cd "$dir" && npm pack --silent "$pkg@$version" >/dev/null 2>&1)
    tar -xzf "$dir"/*.tgz -C "$dir"
    echo "$dir/package"
}

# put SOURCE DEST: copy one file, dropping its sourceMappingURL comment (the maps are not
# vendored, and Django's manifest storage refuses references to files that do not exist).
put() {
    mkdir -p "$(dirname "$2")"
    sed -E '/^\/[*\/]# sourceMappingURL=.*$/d' "$1" >"$2"
}

rm -rf "$VENDOR"
mkdir -p "$VENDOR"

src="$(fetch bootstrap "$BOOTSTRAP_VERSION")"
put "$src/dist/css/bootstrap.min.css" "$VENDOR/bootstrap/bootstrap.min.css"
put "$src/dist/js/bootstrap.bundle.min.js" "$VENDOR/bootstrap/bootstrap.bundle.min.js"
cp "$src/LICENSE" "$VENDOR/bootstrap/LICENSE"

src="$(fetch htmx.org "$HTMX_VERSION")"
put "$src/dist/htmx.min.js" "$VENDOR/htmx/htmx.min.js"
cp "$src/LICENSE" "$VENDOR/htmx/LICENSE"

src="$(fetch echarts "$ECHARTS_VERSION")"
put "$src/dist/echarts.min.js" "$VENDOR/echarts/echarts.min.js"
cp "$src/LICENSE" "$VENDOR/echarts/LICENSE"

{
    echo "# Written by scripts/vendor_static.sh; do not edit by hand."
    echo "bootstrap $BOOTSTRAP_VERSION"
    echo "htmx.org $HTMX_VERSION"
    echo "echarts $ECHARTS_VERSION"
    echo
    (cd "$VENDOR" && find . -type f ! -name VERSIONS.txt | sort | xargs sha256sum)
} >"$VENDOR/VERSIONS.txt"

echo "Vendored into $VENDOR:"
cat "$VENDOR/VERSIONS.txt"
