#!/usr/bin/env bash
# The multi-chapter report: each chapter parsed and checked, the chapters joined into one document, then PDF.
# Its sources are cited from references.json in a note style (chicago-note-bibliography, as the front
# matter says); a second build of the same text uses APA (--set csl=apa) and goes beside it as
# OUTPUT-apa.pdf. Usage: examples/report/run.sh [OUTPUT.pdf]   (default: out/report.pdf in the repository)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=$(realpath -m "${1:-$root/out/report.pdf}")

# Tools from $QUIRE_BIN when set (the tests), else from this checkout's build, else from PATH.
if [[ -n ${QUIRE_BIN:-} ]]; then
  PATH="$QUIRE_BIN:$PATH"
elif [[ -d $root/build/tools ]]; then
  PATH="$root/build/tools:$PATH"
fi

mkdir -p "$(dirname "$out")"
cd "$here"  # figures/… paths are relative to the chapters
# The vector charts, drawn again by gnuplot when their data changed (figures/make_charts.sh).
if [[ figures/petitions.csv -nt figures/by-region.pdf || figures/petitions.csv -nt figures/answered.svg ]]; then
  figures/make_charts.sh >&2
fi
chapters=(01-introduction.md 02-methods.md 03-findings.md 04-recommendations.md 05-annex.md)
quire-parse "${chapters[@]}" | quire-validate | quire-compose --join | quire-render-pdf -o "$out"
echo "$out"
apa=${out%.pdf}-apa.pdf
quire-parse "${chapters[@]}" | quire-validate | quire-compose --join --set csl=apa | quire-render-pdf -o "$apa"
echo "$apa"
