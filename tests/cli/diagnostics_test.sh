#!/usr/bin/env bash
# The shared diagnostics: colour only on a terminal (and never with NO_COLOR), --format json, --strict,
# --max-errors, and quire-validate --schema on the donor list.
source "$(dirname "$0")/lib.sh"
printf 'quire: 1\nblocks:\n  - heding: Title\n' >"$TMP/bad.yaml"
esc=$'\033'

# a pipe or a file: never colour
quire-validate -q "$TMP/bad.yaml" 2>"$TMP/err"
grep -q "$esc" "$TMP/err" && fail "colour in a file"
# a terminal (script gives the tool a pseudo-terminal): bold position, bold red severity
if command -v script >/dev/null; then
  script -qc "quire-validate -q '$TMP/bad.yaml'" /dev/null >"$TMP/tty" 2>&1
  grep -q "${esc}\[1;31merror:" "$TMP/tty" || fail "no colour on a terminal: $(cat -v "$TMP/tty")"
  NO_COLOR=1 script -qc "quire-validate -q '$TMP/bad.yaml'" /dev/null >"$TMP/tty" 2>&1
  grep -q "$esc" "$TMP/tty" && fail "colour with NO_COLOR set"
fi

# JSON: one object per line, parseable, with the fields editors need
expect_status 1 quire-validate -q --format json "$TMP/bad.yaml"
python3 -c '
import json, sys
lines = open(sys.argv[1]).read().splitlines()
assert len(lines) == 1, lines
d = json.loads(lines[0])
assert set(d) == {"file", "line", "column", "severity", "message", "path", "rule"}, d
assert (d["line"], d["column"], d["severity"], d["rule"]) == (3, 5, "error", "format"), d
' "$TMP/stderr" || fail "bad JSON diagnostics: $(cat "$TMP/stderr")"
expect_status 2 quire-validate -q --format json "$TMP/missing.yaml"
grep -q '"severity":"error"' "$TMP/stderr" || fail "an I/O error is not JSON: $(cat "$TMP/stderr")"

# warnings pass unless --strict
printf 'quire: 1\nblocks:\n  - heading: A\n    level: 1\n  - heading: B\n    level: 4\n' >"$TMP/jump.yaml"
expect_status 0 quire-validate -q "$TMP/jump.yaml"
expect_stderr "jump.yaml:5:5: warning: heading level jumps from 1 to 4"
expect_status 1 quire-validate -q --strict "$TMP/jump.yaml"

# repeated warnings: the first 3 of a kind, then one note; JSON and --strict still see all 20
{ echo 'quire: 1' && echo 'blocks:' && for i in $(seq 1 20); do printf '  - heading: A%s\n    level: 1\n  - heading: B%s\n    level: 3\n' "$i" "$i"; done; } >"$TMP/jumps.yaml"
expect_status 0 quire-validate -q "$TMP/jumps.yaml"
[[ $(grep -c ': warning: heading level jumps from 1 to 3' "$TMP/stderr") == 3 ]] || fail "not 3 warnings shown: $(cat "$TMP/stderr")"
[[ $(tail -1 "$TMP/stderr") =~ ^note:\ 17\ more\ warnings\ like\ this\ \(rule\ [a-z-]+\)$ ]] || fail "no note: $(cat "$TMP/stderr")"
[[ $(wc -l <"$TMP/stderr") == 4 ]] || fail "more than 4 lines: $(cat "$TMP/stderr")"
expect_status 0 quire-validate -q --format json "$TMP/jumps.yaml"
[[ $(grep -c '"severity":"warning"' "$TMP/stderr") == 20 ]] || fail "JSON does not list every warning"
expect_status 1 quire-validate -q --strict "$TMP/jumps.yaml"

# --max-errors
for i in $(seq 1 60); do echo "  - heding: $i"; done | sed '1i quire: 1\nblocks:' >"$TMP/many.yaml"
expect_status 1 quire-validate -q "$TMP/many.yaml"
[[ $(grep -c ': error: unknown block' "$TMP/stderr") == 50 ]] || fail "default limit is not 50"
expect_stderr "too many errors; stopping"
expect_status 1 quire-validate -q --max-errors 0 "$TMP/many.yaml"
[[ $(grep -c ': error: unknown block' "$TMP/stderr") == 60 ]] || fail "--max-errors 0 is not unlimited"

# the donor list passes its schema; a broken copy fails at the row and column
expect_status 0 quire-validate --schema "$EXAMPLES/donor-letter/donors.schema.yaml" --coerce "$EXAMPLES/donor-letter/donors.csv"
sed '2s/,2026-[0-9-]*,/,2026-02-30,/' "$EXAMPLES/donor-letter/donors.csv" >"$TMP/donors.csv"
expect_status 1 quire-validate --schema "$EXAMPLES/donor-letter/donors.schema.yaml" --coerce "$TMP/donors.csv"
expect_stderr '^[^ ]*donors.csv:[0-9]+:[0-9]+: error: /gift_date: "2026-02-30" is not a valid date'
pass
