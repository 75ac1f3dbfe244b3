#!/usr/bin/env bash
# -j N against -j 1: wall-clock and CPU seconds (medians of 3) of `quire build` merging the example
# letter (letterhead, logo, signature, Korean) for RECORDS donors, once as a file per letter and once
# into one PDF, and whether the outputs are the same bytes. Wall-clock time depends on the machine's
# load: run it on a quiet machine, and read the load average it prints.
# Usage: bench/jobs.sh [RECORDS] [JOBS]        (default 500 records, -j 2)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-500}
jobs=${2:-2}
[[ $n =~ ^[1-9][0-9]*$ && $jobs =~ ^[1-9][0-9]*$ ]] || { echo "usage: bench/jobs.sh [RECORDS] [JOBS]" >&2; exit 2; }
if [[ -n ${QUIRE_BIN:-} ]]; then
  PATH="$QUIRE_BIN:$PATH"
elif [[ -d $root/build/tools ]]; then
  PATH="$root/build/tools:$PATH"
fi
command -v quire >/dev/null || { echo "bench: 'quire' not found" >&2; exit 2; }
out=${BENCH_OUT:-$root/bench/out/jobs}
rm -rf "$out" && mkdir -p "$out"
export SOURCE_DATE_EPOCH=1780358400
cd "$root/examples/donor-letter"
python3 make_donors.py "$out/donors.csv" "$n"

# timed J KIND: median wall and CPU seconds of three runs; KIND files or one.
timed() {
  local j=$1 kind=$2 i target
  for i in 1 2 3; do
    rm -rf "$out/$kind-$j"
    if [[ $kind == files ]]; then target="$out/$kind-$j/{{n}}.pdf"; else target="$out/$kind-$j/letters.pdf"; fi
    /usr/bin/time -f '%e %U %S' -o "$out/time" quire build merge-letter.md --data "$out/donors.csv" -q -j "$j" \
      --mkdir -o "$target"
    awk '{ printf "%.2f %.2f\n", $1, $2 + $3 }' "$out/time"
  done | sort -n | sed -n 2p
}

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; $n letters"
echo
echo "| output | -j 1 wall | -j 1 CPU | -j $jobs wall | -j $jobs CPU | speed-up | same bytes |"
echo "|---|--:|--:|--:|--:|--:|---|"
for kind in files one; do
  read -r w1 c1 < <(timed 1 "$kind")
  read -r wj cj < <(timed "$jobs" "$kind")
  same=yes
  diff -rq "$out/$kind-1" "$out/$kind-$jobs" >/dev/null || same=NO
  label=$([[ $kind == files ]] && echo "a file per letter" || echo "one PDF")
  echo "| $label | $w1 s | $c1 s | $wj s | $cj s | $(awk -v a="$w1" -v b="$wj" 'BEGIN { printf "%.2f×", a / b }') | $same |"
done
