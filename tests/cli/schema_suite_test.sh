#!/usr/bin/env bash
# The JSON Schema Test Suite (draft4, draft7) through quire-validate: at least 95% of cases pass.
source "$(dirname "$0")/lib.sh"
[[ -d /usr/share/json-schema-test-suite/tests ]] || fail "json-schema-test-suite is not installed (scripts/bootstrap.sh)"
bash "$QUIRE_SOURCE_DIR/tests/schema_suite.sh" >"$TMP/out" 2>&1 || fail "$(cat "$TMP/out")"
cat "$TMP/out"
pass
