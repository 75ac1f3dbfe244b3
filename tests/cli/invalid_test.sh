#!/usr/bin/env bash
# tests/invalid/: one broken input per rule. For each CASE.yaml (or .json, .csv) with CASE.expected,
# `quire-validate -q [$(cat CASE.args)] CASE.*` run inside tests/invalid must print exactly the
# expected diagnostics on standard error, and exit 1 when they hold an error (or, with --strict, a
# warning), else 0.
# To add a case: write CASE.yaml (and CASE.args), check the output by eye, then save it:
#   (cd tests/invalid && quire-validate -q $(cat CASE.args 2>/dev/null) CASE.yaml 2>CASE.expected)
source "$(dirname "$0")/lib.sh"
cd "$QUIRE_SOURCE_DIR/tests/invalid" || fail "no tests/invalid"
export NO_COLOR=1
count=0
for expected in *.expected; do
  name=${expected%.expected}
  input=$(ls "$name".yaml "$name".json "$name".csv 2>/dev/null | head -1)
  [[ -n $input ]] || fail "$expected has no input file"
  args=()
  [[ -f $name.args ]] && read -r -a args <"$name.args"
  quire-validate -q "${args[@]}" "$input" 2>"$TMP/stderr" >"$TMP/stdout"
  status=$?
  want=0
  grep -Eq ': error: |"severity":"error"' "$expected" && want=1
  [[ " ${args[*]} " == *" --strict "* ]] && grep -q ': warning: ' "$expected" && want=1  # warnings fail
  diff -u "$expected" "$TMP/stderr" >"$TMP/diff" || fail "$name: diagnostics differ:
$(cat "$TMP/diff")"
  [[ $status == "$want" ]] || fail "$name: exit $status, expected $want"
  [[ ! -s $TMP/stdout ]] || fail "$name: -q wrote output"
  count=$((count + 1))
done
((count >= 20)) || fail "only $count cases in tests/invalid"
pass
