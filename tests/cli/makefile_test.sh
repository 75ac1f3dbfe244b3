# examples/Makefile: a clean build, a second make with nothing to do, and changes that rebuild exactly
# what depends on them (one chapter, one image, one donor's row, the casebook's data).
source "$(dirname "$0")/lib.sh"
command -v make >/dev/null || fail "make is not installed"

EX=$TMP/examples
cp -r "$EXAMPLES" "$EX"
rm -rf "$EX/out"
cd "$EX"
# On failure, also what make last did and every output's time.
fail() {
  echo "FAIL: $*" >&2
  echo "--- last make:" >&2 && cat "$TMP/make.log" >&2
  echo "--- outputs:" >&2 && find out -printf '%p %T@\n' | sort >&2
  exit 1
}
mk() { make RECORDS=1-4 "$@" >"$TMP/make.log" 2>&1; }

# stamps: every PDF made, with its modification time.
stamps() { find out -name '*.pdf' -printf '%p %T@\n' | sort; }
# rebuilt BEFORE: the PDFs whose modification time changed since BEFORE (a stamps listing).
rebuilt() { diff <(echo "$1") <(stamps) | awk '/^>/ {print $2}' | sort | tr '\n' ' '; }

mk -j2 || fail "clean build: $(tail -20 "$TMP/make.log")"
for f in report casebook-public casebook-internal letters/1 letters/2 letters/3 letters/4; do
  check_pdf "out/$f.pdf"
done
[[ $(find out/letters -name '*.pdf' | wc -l) == 4 ]] || fail "RECORDS=1-4 made $(ls out/letters)"
pdf_text out/letters/2.pdf | grep -q '₩625,000' || fail "letter 2 lacks its amount"
grep -q 'report/figures/petitions.png' out/report.pdf.d || fail "the report's depfile lacks its image"

mk -q || fail "make -q after a clean build: something to do: $(make RECORDS=1-4 -n 2>&1 | head -5)"
mk -n
grep -qv 'Nothing to be done' "$TMP/make.log" && fail "make -n after a clean build: $(head -5 "$TMP/make.log")"

# One chapter: the report only.
before=$(stamps)
touch report/02-methods.md
mk -n
grep -q 'quire build report/' "$TMP/make.log" || fail "make -n does not rebuild the report: $(cat "$TMP/make.log")"
grep -Eq 'casebook|quire-render-pdf|quire-compose' "$TMP/make.log" && fail "a chapter rebuilds more: $(cat "$TMP/make.log")"
mk -j2 || fail "after a chapter: $(tail -5 "$TMP/make.log")"
[[ $(rebuilt "$before") == 'out/report.pdf ' ]] || fail "a chapter rebuilt: $(rebuilt "$before")"
mk -q || fail "make -q after rebuilding the report"

# One image: what shows it (the report), nothing else.
before=$(stamps)
touch report/figures/petitions.png
mk -j2 || fail "after an image: $(tail -5 "$TMP/make.log")"
[[ $(rebuilt "$before") == 'out/report.pdf ' ]] || fail "an image rebuilt: $(rebuilt "$before")"

# The casebook's data file: both editions, nothing else.
before=$(stamps)
touch casebook/cases.yaml
mk -j2 || fail "after the cases: $(tail -5 "$TMP/make.log")"
[[ $(rebuilt "$before") == 'out/casebook-internal.pdf out/casebook-public.pdf ' ]] ||
  fail "the casebook's data rebuilt: $(rebuilt "$before")"

# One donor's row: that donor's letter only (the split rewrites only record 2's document).
before=$(stamps)
split_before=$(find out/donors -name '*.yaml' -printf '%p %T@\n' | sort)
sed -i 's/₩625,000/₩626,000/' donor-letter/donors.csv
mk -j2 || fail "after a row: $(tail -5 "$TMP/make.log")"
[[ $(rebuilt "$before") == 'out/letters/2.pdf ' ]] || fail "one donor's row rebuilt: $(rebuilt "$before")"
[[ $(diff <(echo "$split_before") <(find out/donors -name '*.yaml' -printf '%p %T@\n' | sort) | awk '/^>/ {print $2}') == out/donors/2.yaml ]] ||
  fail "the split rewrote more than record 2"
pdf_text out/letters/2.pdf | grep -q '₩626,000' || fail "letter 2 lacks its new amount"

# The letters' template: touched, nothing (the documents it makes are the same); changed, every letter.
before=$(stamps)
touch donor-letter/lantern.yaml
mk -j2 || fail "after touching the template: $(tail -5 "$TMP/make.log")"
[[ -z $(rebuilt "$before") ]] || fail "touching the template rebuilt: $(rebuilt "$before")"
sed -i 's/#1A2A4C/#1A2A4D/' donor-letter/lantern.yaml
mk -j2 || fail "after the template: $(tail -5 "$TMP/make.log")"
[[ $(rebuilt "$before") == 'out/letters/1.pdf out/letters/2.pdf out/letters/3.pdf out/letters/4.pdf ' ]] ||
  fail "the template rebuilt: $(rebuilt "$before")"

mk -q || fail "make -q at the end: $(make RECORDS=1-4 -n 2>&1 | head -5)"
pass
