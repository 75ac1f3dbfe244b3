#!/usr/bin/env bash
# The donor letter as a mail merge: one PDF per donor of donors.csv, and every letter in one PDF for
# printing. Usage: examples/donor-letter/merge.sh [OUTDIR]   (default: out/ in the repository)
# Writes OUTDIR/letters/1.pdf … OUTDIR/letters/1000.pdf and OUTDIR/letters.pdf.
# JOBS=N renders the letters in N shards side by side (--records ranges), one per core.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=$(realpath -m "${1:-$root/out}")
jobs=${JOBS:-1}

# Tools from $QUIRE_BIN when set (the tests), else from this checkout's build, else from PATH.
if [[ -n ${QUIRE_BIN:-} ]]; then
  PATH="$QUIRE_BIN:$PATH"
elif [[ -d $root/build/tools ]]; then
  PATH="$root/build/tools:$PATH"
fi
export PATH

cd "$here"
mkdir -p "$out"
# Check the data first: every donor has a name, an address, an amount as printed and a real date.
quire-validate --schema donors.schema.yaml --coerce donors.csv
if ((jobs <= 1)); then
  quire-parse merge-letter.md | quire-validate --data donors.csv | quire-compose --data donors.csv |
    quire-render-pdf --mkdir -o "$out/letters/{{n}}.pdf"
else
  # Shard by record number: each job merges and renders its own range; {{n}} stays the record's
  # number in the whole file, so the shards' file names never clash.
  records=$(python3 -c 'import csv, sys; print(sum(1 for _ in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig"))))' donors.csv)
  per=$(((records + jobs - 1) / jobs))
  quire-parse merge-letter.md | quire-validate --data donors.csv >"$out/merge-letter.yaml"
  seq 0 $((jobs - 1)) | xargs -P "$jobs" -I{} bash -c '
    first=$(({} * $1 + 1)); last=$((first + $1 - 1))
    quire-compose --data donors.csv --records "$first-$last" "$2/merge-letter.yaml" |
      quire-render-pdf --mkdir -o "$2/letters/{{n}}.pdf"' _ "$per" "$out"
  rm -f "$out/merge-letter.yaml"
fi
# All the letters in one PDF, each from a new page, in one process.
quire build merge-letter.md --data donors.csv -o "$out/letters.pdf"
echo "$out"
