#!/usr/bin/env bash
# -j N (quire build, quire-render-pdf): documents laid out and written on N threads give the same
# bytes as -j 1 — one file per letter, a combined PDF of several batches (and its manifest), the
# default (one thread per core) too — and diagnostics come in record order, also when records fail
# with --keep-going and when the run stops at the first failed record (the same letters written).
source "$(dirname "$0")/lib.sh"
export SOURCE_DATE_EPOCH=1700000000
cd "$EXAMPLES/donor-letter" || fail "no donor-letter example"
merge=(quire build merge-letter.md --data donors.csv --quiet)

# same_dirs A B: the same file names, each the same bytes.
same_dirs() {
  (cd "$1" && find . -type f | sort) >"$TMP/a.list"
  (cd "$2" && find . -type f | sort) >"$TMP/b.list"
  cmp -s "$TMP/a.list" "$TMP/b.list" || fail "$1 and $2 hold different files: $(diff "$TMP/a.list" "$TMP/b.list" | head -5)"
  [[ -s $TMP/a.list ]] || fail "$1 is empty"
  while read -r f; do
    cmp -s "$1/$f" "$2/$f" || fail "$f differs between $1 and $2"
  done <"$TMP/a.list"
}

# ---- One file per letter -----------------------------------------------------------------------
"${merge[@]}" --records 1-60 -j 1 --mkdir -o "$TMP/j1/{{n}}.pdf" --manifest "$TMP/j1.csv" || fail "-j 1 failed"
"${merge[@]}" --records 1-60 -j 2 --mkdir -o "$TMP/j2/{{n}}.pdf" --manifest "$TMP/j2.csv" || fail "-j 2 failed"
"${merge[@]}" --records 1-60 --mkdir -o "$TMP/jd/{{n}}.pdf" || fail "the default -j failed"
[[ $(find "$TMP/j1" -name '*.pdf' | wc -l) == 60 ]] || fail "-j 1 wrote $(find "$TMP/j1" -name '*.pdf' | wc -l) letters"
same_dirs "$TMP/j1" "$TMP/j2"
same_dirs "$TMP/j1" "$TMP/jd"
sed "s|$TMP/j1/|X/|" "$TMP/j1.csv" >"$TMP/m1" && sed "s|$TMP/j2/|X/|" "$TMP/j2.csv" >"$TMP/m2"
cmp -s "$TMP/m1" "$TMP/m2" || fail "the manifests differ: $(diff "$TMP/m1" "$TMP/m2" | head -4)"
check_pdf "$TMP/j2/7.pdf"
# quire-render-pdf reading a stream of documents, the same.
quire-parse merge-letter.md | quire-compose --data donors.csv --records 1-60 >"$TMP/letters.yaml" || fail "compose failed"
quire-render-pdf -q --root . -j 2 --mkdir -o "$TMP/r2/{{n}}.pdf" "$TMP/letters.yaml" || fail "quire-render-pdf -j 2 failed"
quire-render-pdf -q --root . -j 1 --mkdir -o "$TMP/r1/{{n}}.pdf" "$TMP/letters.yaml" || fail "quire-render-pdf -j 1 failed"
same_dirs "$TMP/r1" "$TMP/r2"
same_dirs "$TMP/j1" "$TMP/r1"

# ---- A combined PDF of several batches (250 letters: batches of about 100 pages) -----------------
"${merge[@]}" --records 1-250 -j 1 -o "$TMP/one1.pdf" --manifest "$TMP/one1.json" || fail "combined -j 1 failed"
"${merge[@]}" --records 1-250 -j 2 -o "$TMP/one2.pdf" --manifest "$TMP/one2.json" || fail "combined -j 2 failed"
(($(pdf_pages "$TMP/one1.pdf") >= 250)) || fail "the combined PDF has $(pdf_pages "$TMP/one1.pdf") pages"
cmp -s "$TMP/one1.pdf" "$TMP/one2.pdf" || fail "the combined PDF differs between -j 1 and -j 2"
sed 's|one1|oneX|g' "$TMP/one1.json" >"$TMP/m1" && sed 's|one2|oneX|g' "$TMP/one2.json" >"$TMP/m2"
cmp -s "$TMP/m1" "$TMP/m2" || fail "the combined manifests differ"
quire-render-pdf -q --root . -j 2 -o "$TMP/r-one2.pdf" "$TMP/letters.yaml" || fail "quire-render-pdf -j 2 combined failed"
quire-render-pdf -q --root . -j 1 -o "$TMP/r-one1.pdf" "$TMP/letters.yaml" || fail "quire-render-pdf -j 1 combined failed"
cmp -s "$TMP/r-one1.pdf" "$TMP/r-one2.pdf" || fail "quire-render-pdf's combined PDF differs between -j 1 and -j 2"
check_pdf "$TMP/one2.pdf"

# ---- Failed records: the same diagnostics in the same order, the same files --------------------
python3 - donors.csv "$TMP/bad.csv" <<'EOF' || fail "cannot write bad.csv"
# Records 5, 17 and 30 get a gift date that is no date: their letters fail, the others go through.
import csv, io, sys
rows = list(csv.reader(io.StringIO(open(sys.argv[1], encoding="utf-8").read())))
for n in (5, 17, 30):
    rows[n][4] = "soon"
out = io.StringIO()
csv.writer(out, lineterminator="\n").writerows(rows[:41])
open(sys.argv[2], "w", encoding="utf-8").write(out.getvalue())
EOF
for j in 1 2; do
  quire build merge-letter.md --data "$TMP/bad.csv" --keep-going -j $j --mkdir -o "$TMP/k$j/{{n}}.pdf" 2>"$TMP/k$j.err"
  [[ $? == 1 ]] || fail "-j $j --keep-going should exit 1"
  quire build merge-letter.md --data "$TMP/bad.csv" -j $j --mkdir -o "$TMP/s$j/{{n}}.pdf" 2>"$TMP/s$j.err"
  [[ $? == 1 ]] || fail "-j $j without --keep-going should exit 1"
  quire build merge-letter.md --data "$TMP/bad.csv" --keep-going -j $j -o "$TMP/c$j.pdf" 2>"$TMP/c$j.err"
  [[ $? == 1 ]] || fail "-j $j combined --keep-going should exit 1"
done
grep -c 'error: record' "$TMP/k1.err" | grep -qx 3 || fail "-j 1 --keep-going: not three failed records: $(cat "$TMP/k1.err")"
grep -q 'record 5:' "$TMP/k1.err" && grep -q 'record 30:' "$TMP/k1.err" || fail "the failed records are not named"
for kind in k s c; do
  cmp -s "$TMP/${kind}1.err" "$TMP/${kind}2.err" ||
    fail "diagnostics differ between -j 1 and -j 2 ($kind): $(diff "$TMP/${kind}1.err" "$TMP/${kind}2.err" | head -6)"
done
same_dirs "$TMP/k1" "$TMP/k2"
[[ $(find "$TMP/k2" -name '*.pdf' | wc -l) == 37 ]] || fail "--keep-going -j 2 wrote $(find "$TMP/k2" -name '*.pdf' | wc -l) letters, expected 37"
# Stopped at record 5: letters 1-4 only, however many threads ran ahead.
same_dirs "$TMP/s1" "$TMP/s2"
[[ $(find "$TMP/s2" -name '*.pdf' | wc -l) == 4 ]] || fail "a run stopped at record 5 wrote $(find "$TMP/s2" -name '*.pdf' | wc -l) letters"
# --keep-going renders the others into the combined PDF: the same bytes.
[[ -f $TMP/c1.pdf ]] || fail "--keep-going wrote no combined PDF"
cmp -s "$TMP/c1.pdf" "$TMP/c2.pdf" || fail "the combined PDF with failed records differs between -j 1 and -j 2"

# ---- Usage ----------------------------------------------------------------------------------------
quire-render-pdf --help | grep -q -- '-j' || fail "quire-render-pdf --help does not list -j"
quire build --help | grep -q -- '--jobs' || fail "quire build --help does not list --jobs"
expect_status 2 quire-render-pdf -j -1 -o "$TMP/x.pdf" "$TMP/letters.yaml"
expect_status 2 quire-render-pdf -j many -o "$TMP/x.pdf" "$TMP/letters.yaml"
pass
