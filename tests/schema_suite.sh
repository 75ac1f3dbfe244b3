#!/usr/bin/env bash
# Runs the JSON Schema Test Suite (Debian's json-schema-test-suite) through quire-validate's schema
# checker, draft4 and draft7 (the required tests, not optional/), and fails below 95% passing.
#   tests/schema_suite.sh [--list]     --list prints every failing case (docs/validation.md lists them)
# Uses quire-validate's hidden batch mode (--schema-test-suite FILE): one process per test file,
# the same Schema code as --schema.
set -uo pipefail
SUITE=${JSON_SCHEMA_TEST_SUITE:-/usr/share/json-schema-test-suite/tests}
VALIDATE=${QUIRE_BIN:+$QUIRE_BIN/}quire-validate
[[ -d $SUITE ]] || { echo "schema_suite: $SUITE not found (apt-get install json-schema-test-suite)" >&2; exit 2; }
list=false
[[ ${1:-} == --list ]] && list=true
status=0
for draft in 4 7; do
  pass=0 total=0 failures=""
  for file in "$SUITE/draft$draft"/*.json; do
    out=$("$VALIDATE" --draft "$draft" --ref-base "http://localhost:1234/=$SUITE/../remotes" --schema-test-suite "$file") || { echo "FAIL: $file: quire-validate exited $?" >&2; status=1; }
    p=$(grep -c '^pass' <<<"$out")
    t=$(grep -c . <<<"$out")
    pass=$((pass + p)) total=$((total + t))
    failures+=$(grep '^FAIL' <<<"$out" | sed "s|^FAIL|draft$draft\t$(basename "$file" .json)|")$'\n'
  done
  percent=$((pass * 1000 / total))
  printf 'draft%s: %d of %d cases pass (%d.%d%%)\n' "$draft" "$pass" "$total" $((percent / 10)) $((percent % 10))
  if $list; then grep . <<<"$failures"; fi
  ((pass * 100 >= total * 95)) || { echo "FAIL: draft$draft below 95%" >&2; status=1; }
done
exit $status
