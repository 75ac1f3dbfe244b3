#!/usr/bin/env bash
# The donor mailing's envelopes and address labels, from the same letter and data as merge.sh's letters.
# Usage: examples/donor-letter/mailing.sh [OUTDIR] [RECORDS]   (default: out/ in the repository, every donor)
# Writes OUTDIR/envelopes.pdf (one DL envelope per donor, the Lantern letterhead as the sender) and
# OUTDIR/labels.pdf (Avery L7163 sheets, 14 donors a sheet, starting at label 3 of the first sheet,
# as if two labels had been used before), through the pipe and through `quire build`.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=$(realpath -m "${1:-$root/out}")
records=${2:-}

# Tools from $QUIRE_BIN when set (the tests), else from this checkout's build, else from PATH.
if [[ -n ${QUIRE_BIN:-} ]]; then
  PATH="$QUIRE_BIN:$PATH"
elif [[ -d $root/build/tools ]]; then
  PATH="$root/build/tools:$PATH"
fi
export PATH

cd "$here"
mkdir -p "$out"
select=()
[[ -n $records ]] && select=(--records "$records")
# One envelope per donor, through the pipe.
quire-parse merge-letter.md | quire-validate --data donors.csv |
  quire-compose --template envelope --data donors.csv "${select[@]}" | quire-render-pdf -o "$out/envelopes.pdf"
# The labels, in one process.
quire build merge-letter.md --template labels --data donors.csv "${select[@]}" --set label-start=3 \
  -o "$out/labels.pdf"
echo "$out/envelopes.pdf"
echo "$out/labels.pdf"
