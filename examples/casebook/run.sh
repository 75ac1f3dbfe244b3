#!/usr/bin/env bash
# The casebook: 50 cases from a YAML list (cases.yaml) in the built-in casebook template, as two
# editions from the same files: public (names withheld) and internal (names, CONFIDENTIAL watermark).
# Usage: examples/casebook/run.sh [OUTPUT-DIR]   (default: out/ in the repository)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=$(realpath -m "${1:-$root/out}")

# Tools from $QUIRE_BIN when set (the tests), else from this checkout's build, else from PATH.
if [[ -n ${QUIRE_BIN:-} ]]; then
  PATH="$QUIRE_BIN:$PATH"
elif [[ -d $root/build/tools ]]; then
  PATH="$root/build/tools:$PATH"
fi

mkdir -p "$out"
cd "$here"
quire-parse casebook.md | quire-validate | quire-compose --template casebook --audience public |
  quire-render-pdf -o "$out/casebook-public.pdf"
quire build casebook.md --template casebook --audience internal -o "$out/casebook-internal.pdf"
echo "$out/casebook-public.pdf"
echo "$out/casebook-internal.pdf"
