#!/usr/bin/env bash
# The donor letter through the whole pipeline: Markdown → model → checked model → composed model → PDF.
# Usage: examples/donor-letter/run.sh [OUTPUT.pdf]   (default: out/donor-letter.pdf in the repository)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=$(realpath -m "${1:-$root/out/donor-letter.pdf}")

# Tools from $QUIRE_BIN when set (the tests), else from this checkout's build, else from PATH.
if [[ -n ${QUIRE_BIN:-} ]]; then
  PATH="$QUIRE_BIN:$PATH"
elif [[ -d $root/build/tools ]]; then
  PATH="$root/build/tools:$PATH"
fi

mkdir -p "$(dirname "$out")"
cd "$here"
quire-parse letter.md | quire-validate | quire-compose | quire-render-pdf -o "$out"
echo "$out"
