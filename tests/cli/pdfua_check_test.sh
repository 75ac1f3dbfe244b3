#!/usr/bin/env bash
# The PDF/UA-1 and PDF/A-2 checker (tests/pdfua_check.py) passes every example built with
# --pdf-standard a-2u,ua-1 (accessible and archival), checking what each file claims. The rules broken
# one at a time: pdfua_rules_test.sh.
source "$(dirname "$0")/lib.sh"

check=$QUIRE_SOURCE_DIR/tests/pdfua_check.py

# ---- Every example, tagged and archival ---------------------------------------------------------------
# The examples' own run.sh scripts, with tools that ask for both: quire-render-pdf and `quire build`
# get --pdf-standard a-2u,ua-1, the other tools are the build's.
bin=$TMP/bin
mkdir -p "$bin"
for tool in "$QUIRE_BIN"/quire*; do ln -s "$tool" "$bin/$(basename "$tool")"; done
rm "$bin/quire-render-pdf" "$bin/quire"
printf '#!/usr/bin/env bash\nexec "%s/quire-render-pdf" --pdf-standard a-2u,ua-1 "$@"\n' "$QUIRE_BIN" >"$bin/quire-render-pdf"
printf '#!/usr/bin/env bash\nif [[ $1 == build ]]; then shift; exec "%s/quire" build --pdf-standard a-2u,ua-1 "$@"; fi\nexec "%s/quire" "$@"\n' \
  "$QUIRE_BIN" "$QUIRE_BIN" >"$bin/quire"
chmod +x "$bin/quire-render-pdf" "$bin/quire"

QUIRE_BIN=$bin bash "$EXAMPLES/report/run.sh" "$TMP/report.pdf" >"$TMP/run.log" 2>&1 || fail "report: $(tail -5 "$TMP/run.log")"
QUIRE_BIN=$bin bash "$EXAMPLES/donor-letter/run.sh" "$TMP/letter.pdf" >"$TMP/run.log" 2>&1 || fail "letter: $(tail -5 "$TMP/run.log")"
QUIRE_BIN=$bin bash "$EXAMPLES/multilingual/run.sh" "$TMP/multilingual.pdf" >"$TMP/run.log" 2>&1 ||
  fail "multilingual: $(tail -5 "$TMP/run.log")"
QUIRE_BIN=$bin bash "$EXAMPLES/casebook/run.sh" "$TMP/casebook" >"$TMP/run.log" 2>&1 || fail "casebook: $(tail -5 "$TMP/run.log")"
pdfs=("$TMP/report.pdf" "$TMP/letter.pdf" "$TMP/multilingual.pdf" "$TMP"/casebook/*.pdf)
((${#pdfs[@]} >= 5)) || fail "expected 5 example PDFs, got ${pdfs[*]}"
for pdf in "${pdfs[@]}"; do
  pdfinfo "$pdf" | grep -q '^Tagged: *yes' || fail "$pdf is not tagged: did the wrapper reach it?"
  pdfinfo -meta "$pdf" | grep -q '<pdfaid:conformance>U<' || fail "$pdf claims no PDF/A-2u"
  python3 "$check" "$pdf" >"$TMP/check.log" 2>&1 || fail "$pdf: $(head -20 "$TMP/check.log")"
done
pass
