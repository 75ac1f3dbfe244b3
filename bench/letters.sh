#!/usr/bin/env bash
# What a letter costs as a file of its own against the same letter as pages of one PDF, counted in
# instructions (valgrind's callgrind: the same on a loaded machine as on an idle one), for the bench's
# plain letter and for the example letter with a letterhead (logo, signature image, Korean text).
# Usage: bench/letters.sh [RECORDS] [JOBS]      (default 100 records, -j 1)
# Needs the tools (build/tools, else $QUIRE_BIN, else PATH), python3 and valgrind.
# Writes under bench/out/letters/ and prints a Markdown table (also bench/out/letters/results.md).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-100}
jobs=${2:-1}
[[ $n =~ ^[1-9][0-9]*$ && $jobs =~ ^[1-9][0-9]*$ ]] || { echo "usage: bench/letters.sh [RECORDS] [JOBS]" >&2; exit 2; }
if [[ -n ${QUIRE_BIN:-} ]]; then
  PATH="$QUIRE_BIN:$PATH"
elif [[ -d $root/build/tools ]]; then
  PATH="$root/build/tools:$PATH"
fi
for tool in quire-parse quire-compose quire-render-pdf python3 valgrind; do
  command -v "$tool" >/dev/null || { echo "bench: '$tool' not found" >&2; exit 2; }
done
# -j only where the tools know it (older builds do not).
jflag=()
quire-render-pdf --help 2>&1 | grep -q -- '--jobs' && jflag=(-j "$jobs")

out=${BENCH_OUT:-$root/bench/out/letters}
mkdir -p "$out"
cd "$out"
export SOURCE_DATE_EPOCH=1780358400

# The bench's plain letter and its donors, and the example letter with its letterhead.
python3 "$root/bench/generate.py" "$out/gen" --words 100 --donors "$n" >/dev/null
quire-parse "$out/gen/merge/letter.md" -o plain-letter.yaml
quire-compose --data "$out/gen/merge/donors.yaml" plain-letter.yaml -o plain.yaml
python3 "$root/examples/donor-letter/make_donors.py" donors.csv "$n"
quire-parse "$root/examples/donor-letter/merge-letter.md" -o letterhead-letter.yaml
quire-compose --data donors.csv letterhead-letter.yaml -o letterhead.yaml

# instructions NAME ARGS…: quire-render-pdf under callgrind; prints the instructions executed.
instructions() {
  local name=$1; shift
  valgrind --tool=callgrind --callgrind-out-file="$name.callgrind" quire-render-pdf --root "$root" "${jflag[@]}" "$@" \
    2>"$name.valgrind" || { echo "bench: $name failed (see $out/$name.valgrind)" >&2; exit 1; }
  awk '/^summary:/ { print $2 }' "$name.callgrind"
}

{
  echo "$n letters, quire-render-pdf ${jflag[*]:-(no -j)}: instructions (callgrind) and bytes"
  echo
  echo "| letter | one PDF (G instr.) | a file each (G instr.) | ratio | one PDF (B per letter) | a file each (B per file) |"
  echo "|---|--:|--:|--:|--:|--:|"
  for kind in plain letterhead; do
    rm -rf "$kind-files" && mkdir "$kind-files"
    one=$(instructions "$kind-one" "$kind.yaml" -o "$kind-all.pdf")
    each=$(instructions "$kind-each" "$kind.yaml" -o "$kind-files/{{n}}.pdf")
    all_bytes=$(stat -c %s "$kind-all.pdf")
    file_bytes=$(cat "$kind-files"/*.pdf | wc -c)
    awk -v k="$kind" -v o="$one" -v e="$each" -v a="$all_bytes" -v f="$file_bytes" -v n="$n" \
      'BEGIN { printf "| %s | %.3f | %.3f | %.2f | %d | %d |\n", k, o / 1e9, e / 1e9, e / o, a / n, f / n }'
  done
} | tee results.md
