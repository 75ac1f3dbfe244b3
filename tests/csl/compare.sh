#!/usr/bin/env bash
# quire's CSL processor against citeproc-js (the reference processor, npm `citeproc`, installed test-only
# by scripts/bootstrap.sh): the items of tests/csl/items.json as a bibliography under each style, entry
# by entry as plain text. Passes when at least 95 % of the entries are identical and every entry that
# differs is listed, with the reason, in tests/csl/known-differences.txt (docs/citations.md explains
# them). Skips (exit 77) only when node is absent. Usage: compare.sh CSL_RENDER
set -uo pipefail
render=${1:?usage: compare.sh CSL_RENDER}
src=${QUIRE_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
dir=$src/tests/csl
data=${QUIRE_CSL_DIR:-/usr/share/citation-style-language}
export NODE_PATH=${NODE_PATH:-${QUIRE_NODE_PREFIX:-/usr/local/lib/quire-test-node}/node_modules}
command -v node >/dev/null || { echo "SKIP: node is not installed"; exit 77; }
# With node there, citeproc-js must be too (scripts/bootstrap.sh installs it): not a reason to skip.
node -e "require('citeproc')" 2>/dev/null || { echo "FAIL: citeproc-js is not installed in $NODE_PATH (run scripts/bootstrap.sh)"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
total=0 same=0 status=0
for style in apa chicago-author-date ieee chicago-note-bibliography; do
  "$render" "$style" "$dir/items.json" >"$tmp/quire.$style" || { echo "FAIL: csl_render $style"; exit 1; }
  node "$dir/citeproc.js" "$data/styles/$style.csl" "$data/locales" "$dir/items.json" >"$tmp/js.$style" ||
    { echo "FAIL: citeproc-js $style"; exit 1; }
  [[ $(cut -f1 "$tmp/quire.$style") == $(cut -f1 "$tmp/js.$style") ]] ||
    { echo "FAIL: $style: the entries are in another order"; diff <(cut -f1 "$tmp/js.$style") <(cut -f1 "$tmp/quire.$style"); status=1; }
  while IFS=$'\t' read -r id text; do
    total=$((total + 1))
    theirs=$(awk -F'\t' -v id="$id" '$1 == id { print $2 }' "$tmp/js.$style")
    if [[ $text == "$theirs" ]]; then
      same=$((same + 1))
    elif grep -q "^$style $id " "$dir/known-differences.txt"; then
      echo "known: $style $id"
    else
      echo "DIFFERS: $style $id"
      echo "  citeproc-js: $theirs"
      echo "  quire:       $text"
      status=1
    fi
  done <"$tmp/quire.$style"
done
echo "$same of $total entries identical to citeproc-js"
if ((same * 100 < total * 95)); then
  echo "FAIL: fewer than 95 % identical"
  status=1
fi
exit $status
