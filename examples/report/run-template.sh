#!/usr/bin/env bash
# The report again, in the built-in `report` template: title page, contents, numbered chapters,
# running headers. The chapters are the same files run.sh uses.
# Usage: examples/report/run-template.sh [OUTPUT.pdf]   (default: out/report-template.pdf in the repository)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=$(realpath -m "${1:-$root/out/report-template.pdf}")

# Tools from $QUIRE_BIN when set (the tests), else from this checkout's build, else from PATH.
if [[ -n ${QUIRE_BIN:-} ]]; then
  PATH="$QUIRE_BIN:$PATH"
elif [[ -d $root/build/tools ]]; then
  PATH="$root/build/tools:$PATH"
fi

mkdir -p "$(dirname "$out")"
cd "$here"  # figures/… paths are relative to the chapters
quire build 0*.md --join --template report --set organisation="Calvera Rights Monitor" -o "$out"
echo "$out"
