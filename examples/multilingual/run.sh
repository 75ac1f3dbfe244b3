#!/usr/bin/env bash
# One page with a paragraph in each of twenty scripts, shaped, right to left where the script is.
# Usage: examples/multilingual/run.sh [OUTPUT.pdf]   (default: out/multilingual.pdf in the repository)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=$(realpath -m "${1:-$root/out/multilingual.pdf}")

# Tools from $QUIRE_BIN when set (the tests), else from this checkout's build, else from PATH.
if [[ -n ${QUIRE_BIN:-} ]]; then
  PATH="$QUIRE_BIN:$PATH"
elif [[ -d $root/build/tools ]]; then
  PATH="$root/build/tools:$PATH"
fi

mkdir -p "$(dirname "$out")"
quire-parse "$here/multilingual.md" | quire-validate | quire-compose | quire-render-pdf -o "$out"
echo "$out"
