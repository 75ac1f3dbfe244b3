#!/usr/bin/env bash
# Times quire's pipeline stage by stage, and groff -ms on the same text, on a generated ~100-page report.
# Usage: bench/run.sh [RUNS]        (default 5; from any directory)
# Needs: the tools (build/tools, else $QUIRE_BIN, else PATH), python3, groff, GNU time (/usr/bin/time).
# Writes its inputs and outputs under bench/out/ and prints a Markdown table of medians and peak RSS.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-5}
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "usage: bench/run.sh [RUNS]" >&2; exit 2; }
if [[ -n ${QUIRE_BIN:-} ]]; then
  PATH="$QUIRE_BIN:$PATH"
elif [[ -d $root/build/tools ]]; then
  PATH="$root/build/tools:$PATH"
fi
for tool in quire quire-parse quire-validate quire-compose quire-render-pdf groff python3; do
  command -v "$tool" >/dev/null || { echo "bench: '$tool' not found (build quire first: scripts/demo.sh)" >&2; exit 2; }
done
[[ -x /usr/bin/time ]] || { echo "bench: /usr/bin/time not found (scripts/bootstrap.sh installs it)" >&2; exit 2; }

out=$root/bench/out
python3 "$root/bench/generate.py" "$out" >&2
cd "$out"
rm -f ./*.tsv

# measure NAME CMD…: runs CMD $runs times (stdout to NAME.stdout), one "seconds<TAB>peak-KiB" line per run
# in NAME.tsv. Peak RSS is GNU time's %M: the largest resident set of the process or any child it waited for.
measure() {
  local name=$1; shift
  for ((i = 0; i < runs; i++)); do
    local start end
    start=$(date +%s%N)
    /usr/bin/time -f %M -o "$name.rss" "$@" >"$name.stdout" || { echo "bench: $name failed: $*" >&2; exit 1; }
    end=$(date +%s%N)
    printf '%s\t%s\n' "$(((end - start) / 1000))" "$(tail -n 1 "$name.rss")" >>"$name.tsv"
  done
}

export SOURCE_DATE_EPOCH=1780358400  # same PDF bytes on every run
measure parse quire-parse report.md -o parsed.yaml
measure validate quire-validate parsed.yaml -o validated.yaml
measure compose quire-compose validated.yaml -o composed.yaml
measure render-pdf quire-render-pdf composed.yaml -o quire.pdf
measure pipe bash -c 'quire-parse report.md | quire-validate | quire-compose | quire-render-pdf -o pipe.pdf'
measure build quire build report.md -o build.pdf
measure groff groff -ms -t -Tpdf report.ms
mv groff.stdout groff.pdf

# The mail merge (merge/letter.md × merge/donors.yaml, 1000 records into one PDF), with BENCH_MAIL_MERGE=1.
# bench/merge.sh measures each stage's memory for 1,000 and 10,000 records (docs/performance.md).
if [[ ${BENCH_MAIL_MERGE:-0} == 1 ]]; then
  quire-parse merge/letter.md -o merge/letter.yaml
  measure merge bash -c 'quire-compose --data merge/donors.yaml merge/letter.yaml | quire-render-pdf -o merge/letters.pdf'
fi

# median COLUMN FILE: the median of a column (microseconds or KiB).
median() { cut -f "$1" "$2" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

pages() { pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ { print $2 }'; }
words=$(wc -w <report.md)
{
  echo "Input: bench/out/report.md, $words words; quire $(pages pipe.pdf) pages, groff $(pages groff.pdf) pages;" \
    "median of $runs runs on $(nproc) cores"
  echo
  echo "| stage | median (s) | peak RSS (MiB) |"
  echo "|---|--:|--:|"
  for name in parse validate compose render-pdf pipe build groff merge; do
    [[ -f $name.tsv ]] || continue
    label=$name
    case $name in
      pipe) label="whole pipe (parse \| validate \| compose \| render-pdf)" ;;
      build) label="quire build (one process)" ;;
      groff) label="groff -ms -t -Tpdf" ;;
      merge) label="mail merge (compose --data \| render-pdf)" ;;
      *) label="quire-$name" ;;
    esac
    awk -v l="$label" -v t="$(median 1 "$name.tsv")" -v m="$(median 2 "$name.tsv")" \
      'BEGIN { printf "| %s | %.3f | %.1f |\n", l, t / 1e6, m / 1024 }'
  done
  echo
  awk -v p="$(median 1 pipe.tsv)" -v b="$(median 1 build.tsv)" -v g="$(median 1 groff.tsv)" \
    'BEGIN { printf "quire/groff time ratio: whole pipe %.2f, quire build %.2f\n", p / g, b / g }'
} | tee results.md
