#!/usr/bin/env bash
# Times the mail merge and measures the peak memory of each stage of the pipe, for several record
# counts, to show whether memory stays flat.
# Usage: bench/merge.sh [RECORDS…]      (default: 1000 10000)
# Needs the tools (build/tools, else $QUIRE_BIN, else PATH), python3 and GNU time (/usr/bin/time).
# Writes under bench/out/merge/ and prints a Markdown table (also bench/out/merge/results.md).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
counts=("$@")
((${#counts[@]})) || counts=(1000 10000)
if [[ -n ${QUIRE_BIN:-} ]]; then
  PATH="$QUIRE_BIN:$PATH"
elif [[ -d $root/build/tools ]]; then
  PATH="$root/build/tools:$PATH"
fi
for tool in quire quire-parse quire-compose quire-render-pdf python3; do
  command -v "$tool" >/dev/null || { echo "bench: '$tool' not found (build quire first: scripts/demo.sh)" >&2; exit 2; }
done
[[ -x /usr/bin/time ]] || { echo "bench: /usr/bin/time not found (scripts/bootstrap.sh installs it)" >&2; exit 2; }

out=$root/bench/out/merge
mkdir -p "$out"
cd "$out"
export SOURCE_DATE_EPOCH=1780358400
letter=$root/examples/donor-letter/merge-letter.md
quire-parse "$letter" -o letter.yaml
# The letter's logo and signature lie beside it, outside this folder: rendering takes the repository as root.

# run NAME CMD…: runs CMD once under GNU time; prints "seconds<TAB>peak-MiB".
run() {
  local name=$1; shift
  /usr/bin/time -f '%e\t%M' -o "$name.time" "$@" || { echo "bench: $name failed: $*" >&2; exit 1; }
  awk -F'\t' '{ printf "%s\t%.1f\n", $1, $2 / 1024 }' "$name.time"
}

{
  echo "Mail merge of examples/donor-letter/merge-letter.md (one page per letter), $(nproc) cores;"
  echo "one run each: wall time (s) and peak RSS (MiB) of each process."
  echo
  echo "| records | stage | time (s) | peak RSS (MiB) |"
  echo "|--:|---|--:|--:|"
  for n in "${counts[@]}"; do
    python3 "$root/examples/donor-letter/make_donors.py" "donors-$n.csv" "$n"
    rm -rf "letters-$n" && mkdir "letters-$n"
    row() { IFS=$'\t' read -r t m <<<"$2"; echo "| $n | $1 | $t | $m |"; }
    row "quire-compose --data (records → YAML stream)" "$(run "compose-$n" quire-compose --data "donors-$n.csv" letter.yaml -o "merged-$n.yaml")"
    row "quire-render-pdf -o 'letters/{{n}}.pdf' (one PDF each)" \
      "$(run "each-$n" quire-render-pdf --root "$root" "merged-$n.yaml" -o "letters-$n/{{n}}.pdf")"
    row "quire-render-pdf -o all.pdf (one PDF)" "$(run "all-$n" quire-render-pdf --root "$root" "merged-$n.yaml" -o "all-$n.pdf")"
    # The pipe: each stage measured on its own, running side by side.
    rm -rf "letters-$n" && mkdir "letters-$n"
    /usr/bin/time -f '%e\t%M' -o "pipe-compose-$n.time" quire-compose --data "donors-$n.csv" letter.yaml |
      /usr/bin/time -f '%e\t%M' -o "pipe-render-$n.time" quire-render-pdf --root "$root" -o "letters-$n/{{n}}.pdf"
    row "pipe: quire-compose --data \| …" "$(awk -F'\t' '{ printf "%s\t%.1f\n", $1, $2 / 1024 }' "pipe-compose-$n.time")"
    row "pipe: … \| quire-render-pdf -o 'letters/{{n}}.pdf'" "$(awk -F'\t' '{ printf "%s\t%.1f\n", $1, $2 / 1024 }' "pipe-render-$n.time")"
    # The same pipe into one PDF, and the whole merge in one process.
    /usr/bin/time -f '%e\t%M' -o "pipe-compose-all-$n.time" quire-compose --data "donors-$n.csv" letter.yaml |
      /usr/bin/time -f '%e\t%M' -o "pipe-render-all-$n.time" quire-render-pdf --root "$root" -o "pipe-all-$n.pdf"
    row "pipe: quire-compose --data \| … (into one PDF)" "$(awk -F'\t' '{ printf "%s\t%.1f\n", $1, $2 / 1024 }' "pipe-compose-all-$n.time")"
    row "pipe: … \| quire-render-pdf -o all.pdf" "$(awk -F'\t' '{ printf "%s\t%.1f\n", $1, $2 / 1024 }' "pipe-render-all-$n.time")"
    row "quire build --data -o all.pdf (one process)" \
      "$(run "build-all-$n" quire build "$letter" --data "donors-$n.csv" -o "build-all-$n.pdf")"
    cmp -s "pipe-all-$n.pdf" "build-all-$n.pdf" || { echo "bench: the pipe and quire build wrote different PDFs" >&2; exit 1; }
    rm -rf "letters-$n" "merged-$n.yaml"
  done
} | tee results.md
