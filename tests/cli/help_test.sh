#!/usr/bin/env bash
# Every tool answers --help (exit 0, with an example) and --version, and rejects an unknown flag with exit 2.
source "$(dirname "$0")/lib.sh"
for tool in quire-parse quire-validate quire-compose quire-render-pdf quire; do
  [[ -x $QUIRE_BIN/$tool ]] || fail "$tool was not built"
  out=$("$QUIRE_BIN/$tool" --help) || fail "$tool --help exited $?"
  grep -q 'Example' <<<"$out" || fail "$tool --help shows no example"
  "$QUIRE_BIN/$tool" --version | grep -q '0\.' || fail "$tool --version"
  expect_status 2 "$QUIRE_BIN/$tool" --no-such-flag
done
pass
