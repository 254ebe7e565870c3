#!/usr/bin/env bash
# Regenerates src/Senkyo.Domain/Data/variant-kanji-folding.tsv from the MJ縮退マップ.
# Installs @mandel59/mojidata (which ships moji.db) into a temporary folder with the
# ordinary npm client, runs extract.py on it and removes the folder. Run by hand when the
# package is updated; the application never fetches anything at run time.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
version="${MOJIDATA_VERSION:-1.8.1}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm init -y >/dev/null && npm install --ignore-scripts --no-audit --no-fund "@mandel59/mojidata@$version" >/dev/null)
python3 "$here/extract.py" "$tmp/node_modules/@mandel59/mojidata/dist/moji.db" "$repo/src/Senkyo.Domain/Data/variant-kanji-folding.tsv"
