#!/usr/bin/env bash
# Regenerates src/Senkyo.Web/Accounts/Data/common-passwords.txt: the 10,000 most common
# passwords of at least 8 characters (shorter ones are refused by length anyway), in the
# order of frequency, one per line, lower case. Source: the npm package
# @zxcvbn-ts/language-common (MIT; its list is ranked by frequency in leaked password sets).
# Fetched with the ordinary npm client into a temporary folder; the application never
# fetches anything at run time. Run by hand when the package is updated.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
version="${ZXCVBN_COMMON_VERSION:-4.1.3}"
count="${COUNT:-10000}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "@zxcvbn-ts/language-common@$version" >/dev/null && tar xzf ./*.tgz)
node -e '
  const list = require(process.argv[1]);
  const count = Number(process.argv[2]);
  const seen = new Set();
  const out = [];
  for (const p of list) {
    const w = String(p).toLowerCase();
    if ([...w].length < 8 || seen.has(w) || /\s/.test(w)) continue;
    seen.add(w); out.push(w);
    if (out.length === count) break;
  }
  process.stdout.write(out.join("\n") + "\n");
' "$tmp/package/src/passwords.json" "$count" > "$repo/src/Senkyo.Web/Accounts/Data/common-passwords.txt"
cp "$tmp/package/LICENSE.txt" "$repo/src/Senkyo.Web/Accounts/Data/common-passwords.LICENSE.txt"
wc -l "$repo/src/Senkyo.Web/Accounts/Data/common-passwords.txt"
