#!/usr/bin/env bash
# Times quire-validate --schema on a generated 10,000-row, 10-column CSV against a 10-field schema
# (types, patterns, formats, enum, $ref; --coerce), and on the 1,000-row donor list.
# Usage: bench/validate.sh [RUNS]   (default 5). Prints the median and peak RSS of each; the target
# is under one second for the 10,000 rows (docs/performance.md).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-5}
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "usage: bench/validate.sh [RUNS]" >&2; exit 2; }
if [[ -n ${QUIRE_BIN:-} ]]; then
  PATH="$QUIRE_BIN:$PATH"
elif [[ -d $root/build/tools ]]; then
  PATH="$root/build/tools:$PATH"
fi
command -v quire-validate >/dev/null || { echo "bench: quire-validate not found (build quire first)" >&2; exit 2; }
out=$root/bench/out
mkdir -p "$out"

python3 - "$out" <<'PY'
import csv, random, sys
random.seed(7)
out = sys.argv[1]
with open(f"{out}/records.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["id", "name", "email", "amount", "count", "member", "since", "country", "zip", "note"])
    for i in range(1, 10001):
        w.writerow([f"R{i:05d}", f"Donor {i}", f"donor{i}@example.org", f"{random.randint(1, 99999) / 100:.2f}",
                    random.randint(0, 40), random.choice(["true", "false"]),
                    f"20{random.randint(10, 25)}-{random.randint(1, 12):02d}-{random.randint(1, 28):02d}",
                    random.choice(["KR", "US", "DE", "FR"]), f"{random.randint(0, 99999):05d}",
                    "thanks, again" if i % 3 else ""])
with open(f"{out}/records.schema.yaml", "w", encoding="utf-8") as f:
    f.write("""type: object
required: [id, name, email, amount, count, member, since, country, zip]
additionalProperties: false
properties:
  id: {type: string, pattern: "^R[0-9]{5}$"}
  name: {$ref: "#/definitions/text"}
  email: {type: string, format: email}
  amount: {type: number, exclusiveMinimum: 0}
  count: {type: integer, minimum: 0}
  member: {type: boolean}
  since: {type: string, format: date}
  country: {enum: [KR, US, DE, FR]}
  zip: {type: string, pattern: "^[0-9]{5}$"}
  note: {type: string, maxLength: 200}
definitions:
  text: {type: string, minLength: 1}
""")
PY

# measure NAME CMD…: median seconds and peak RSS (KiB) of $runs runs; the command must pass.
measure() {
  local name=$1; shift
  local times=() peak=0
  for ((i = 0; i < runs; i++)); do
    /usr/bin/time -f '%e %M' -o "$out/time.txt" "$@" || { echo "bench: $name failed" >&2; exit 1; }
    read -r seconds kib <"$out/time.txt"
    times+=("$seconds")
    ((kib > peak)) && peak=$kib
  done
  local median
  median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  printf '| %s | %s s | %d MiB |\n' "$name" "$median" $((peak / 1024))
}

echo "| run | median of $runs | peak RSS |"
echo "|---|---|---|"
measure "10,000 rows × 10 fields, --coerce" quire-validate --schema "$out/records.schema.yaml" --coerce "$out/records.csv"
measure "donor-letter/donors.csv (1,000 rows × 7)" quire-validate --schema "$root/examples/donor-letter/donors.schema.yaml" \
  --coerce "$root/examples/donor-letter/donors.csv"
