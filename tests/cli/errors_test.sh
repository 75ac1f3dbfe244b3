#!/usr/bin/env bash
# Exit status and messages: 1 for invalid input at FILE:LINE:COL, 2 for usage and I/O errors; a failed
# run leaves no partial output and never clobbers an existing file.
source "$(dirname "$0")/lib.sh"
printf '# Title\n\nText.\n' >"$TMP/ok.md"

expect_status 2 quire-parse "$TMP/missing.md"
expect_stderr "missing.md: cannot open: No such file"
expect_status 2 quire-parse "$TMP"
expect_stderr "is a directory"
expect_status 2 quire-render-pdf --emit nonsense
expect_status 2 quire-parse "$TMP/ok.md" -o "$TMP/no/such/dir/out.yaml"
[[ ! -e $TMP/no ]] || fail "a missing output directory was created"

# invalid YAML documents: position in the YAML read, exit 1
printf 'quire: 1\nblocks:\n  - heding: Title\n' >"$TMP/bad.yaml"
expect_status 1 quire-validate "$TMP/bad.yaml"
expect_stderr "bad.yaml:3:[0-9]+: error: .*heding"
expect_status 1 quire-validate <"$TMP/bad.yaml"
expect_stderr "^<stdin>:3:[0-9]+: error"
printf 'quire: 2\nblocks: []\n' >"$TMP/v2.yaml"
expect_status 1 quire-validate "$TMP/v2.yaml"
expect_stderr "v2.yaml:1:[0-9]+: error: .*version 2"
printf 'quire: 1\nblocks:\n  - heading: X\n    level: 9\n' >"$TMP/level.yaml"
expect_status 1 quire-validate -q "$TMP/level.yaml"
expect_stderr "level.yaml:[0-9]+:[0-9]+: error: .*level"
[[ ! -s $TMP/stdout ]] || fail "validate -q wrote output"

# valid input is copied unchanged
quire-parse "$TMP/ok.md" >"$TMP/ok.yaml"
quire-validate "$TMP/ok.yaml" >"$TMP/copy.yaml" || fail "validate rejected parse output"
cmp -s "$TMP/ok.yaml" "$TMP/copy.yaml" || fail "validate changed valid input"

# a failed render leaves an existing output untouched and no temporary file
echo "precious" >"$TMP/out.pdf"
expect_status 1 quire-render-pdf "$TMP/bad.yaml" -o "$TMP/out.pdf"
[[ $(cat "$TMP/out.pdf") == precious ]] || fail "existing output was clobbered"
[[ -z $(ls -A "$TMP" | grep '\.tmp-') ]] || fail "stray temporary file: $(ls -A "$TMP")"

# a field with no value: error at the Markdown line; --allow-missing renders it empty
printf '# Hello\n\nDear {{meta.name}},\n' >"$TMP/field.md"
quire-parse "$TMP/field.md" >"$TMP/field.yaml"
expect_status 1 quire-compose "$TMP/field.yaml"
expect_stderr "field.md:3:1: error: field 'meta.name' has no value"
expect_status 0 quire-compose --allow-missing "$TMP/field.yaml"
expect_status 0 quire-compose --set name=Kim "$TMP/field.yaml"
grep -q "Dear Kim," "$TMP/stdout" || fail "--set did not fill the field"

# a closed standard output ends quietly
for i in $(seq 1 20000); do echo "Paragraph $i with some words in it."; echo; done >"$TMP/big.md"
quire-parse "$TMP/big.md" 2>"$TMP/pipe-err" | head -c 10 >/dev/null
status=${PIPESTATUS[0]}
[[ $status == 0 && ! -s $TMP/pipe-err ]] || fail "closed pipe: exit $status, stderr: $(cat "$TMP/pipe-err")"
pass
