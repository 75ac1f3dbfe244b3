#!/usr/bin/env bash
# One PDF of many letters, written as it comes (docs/pdf.md "Many documents in one PDF"): 200 letters
# in record order, each with its own page numbers, one embedded subset per font, byte-reproducible;
# encrypted on request; a run stopped by a failed record leaves no file behind.
source "$(dirname "$0")/lib.sh"
DIR="$EXAMPLES/donor-letter"
export SOURCE_DATE_EPOCH=1780358400
squeezed() { tr -d ' \n\f\t' <<<"$1"; }

# ---- 200 letters through the pipe and in one process -------------------------------------------
quire-parse "$DIR/merge-letter.md" -o "$TMP/letter.yaml" || fail "quire-parse merge-letter.md"
quire-compose --data "$DIR/donors.csv" --records 1-200 "$TMP/letter.yaml" -o "$TMP/merged.yaml" || fail "quire-compose"
expect_status 0 quire-render-pdf --root "$DIR" "$TMP/merged.yaml" -o "$TMP/all.pdf"
check_pdf "$TMP/all.pdf"
pages=$(pdf_pages "$TMP/all.pdf")
((pages >= 200)) || fail "all.pdf has $pages pages, expected 200 or more"
(cd "$DIR" && quire build merge-letter.md --data donors.csv --records 1-200 -o "$TMP/built.pdf") 2>"$TMP/stderr" ||
  fail "quire build --data: $(cat "$TMP/stderr")"
cmp -s "$TMP/all.pdf" "$TMP/built.pdf" || fail "quire build and the pipe wrote different bytes"
expect_status 0 quire-render-pdf --root "$DIR" "$TMP/merged.yaml" -o "$TMP/again.pdf"
cmp -s "$TMP/all.pdf" "$TMP/again.pdf" || fail "two runs wrote different bytes"
# Every stream compressed once: libharu's pages and images by the joiner, the fonts when they are made.
check_deflated_once "$TMP/all.pdf" >/dev/null

# Every name, in record order, each letter on its own page.
python3 - "$DIR/donors.csv" >"$TMP/names.txt" <<'PY' || fail "cannot read donors.csv"
import csv, sys
for n, row in enumerate(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")), 1):
    if n <= 200:
        print(row["name"])
PY
text=$(pdftotext -enc UTF-8 "$TMP/all.pdf" - 2>/dev/null) || fail "pdftotext all.pdf"
n=0
rest=$(squeezed "$text")
while IFS= read -r name; do
  n=$((n + 1))
  want=$(squeezed "$name")
  [[ $rest == *"$want"* ]] || fail "letter $n ('$name') is missing or out of order"
  rest=${rest#*"$want"}
done <"$TMP/names.txt"
[[ $n == 200 ]] || fail "read $n names, expected 200"
for page in 1 2 77 200; do
  name=$(sed -n "${page}p" "$TMP/names.txt")
  got=$(squeezed "$(pdftotext -enc UTF-8 -f "$page" -l "$page" "$TMP/all.pdf" - 2>/dev/null)")
  [[ $got == *"$(squeezed "$name")"* ]] || fail "page $page is not letter $page ('$name'): $(head -c 300 <<<"$got")"
done
# One subset per face for all 200 letters, not one per letter.
fonts=$(pdffonts "$TMP/all.pdf" 2>/dev/null | tail -n +3)
twice=$(awk '{ sub(/^[A-Z]+\+/, "", $1); print $1 }' <<<"$fonts" | sort | uniq -d)
[[ -z $twice ]] || fail "all.pdf embeds these fonts more than once: $twice"
[[ $(wc -l <<<"$fonts") -le 8 ]] || fail "all.pdf embeds $(wc -l <<<"$fonts") fonts: $fonts"

# ---- Each letter keeps its own page numbers ----------------------------------------------------
printf '%s\n' '---' 'title: T' 'style:' '  footer-center: "Page {page} of {pages}"' '---' '' 'Dear {{name}},' '' \
  '\newpage' '' 'Yours,' >"$TMP/numbered.md"
printf 'name\nKim\nLee\nPark\n' >"$TMP/three.csv"
(cd "$TMP" && quire build numbered.md --data three.csv -o numbered.pdf) 2>"$TMP/stderr" || fail "numbered: $(cat "$TMP/stderr")"
[[ $(pdf_pages "$TMP/numbered.pdf") == 6 ]] || fail "numbered.pdf has $(pdf_pages "$TMP/numbered.pdf") pages, expected 6"
for page in 2 4 6; do
  got=$(pdftotext -f "$page" -l "$page" "$TMP/numbered.pdf" - 2>/dev/null)
  [[ $got == *"Page 2 of 2"* ]] || fail "page $page of numbered.pdf: $got"
done

# ---- Encrypted: the whole file, and no unencrypted copy left behind ----------------------------
mkdir "$TMP/secret"
expect_status 0 quire-render-pdf --root "$DIR" "$TMP/merged.yaml" --user-password 'open sesame' -o "$TMP/secret/all.pdf"
[[ $(ls -A "$TMP/secret") == all.pdf ]] || fail "left behind: $(ls -A "$TMP/secret")"
qpdf --check --password='open sesame' "$TMP/secret/all.pdf" >/dev/null 2>&1 || fail "qpdf --check on the encrypted PDF"
pdftotext "$TMP/secret/all.pdf" - >/dev/null 2>&1 && fail "the encrypted PDF opens without its password"
[[ $(pdfinfo -upw 'open sesame' "$TMP/secret/all.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}') == "$pages" ]] ||
  fail "the encrypted PDF lost pages"
check_deflated_once "$TMP/secret/all.pdf" 'open sesame' >/dev/null

# ---- A failed record stops the run: no PDF and no temporary file -------------------------------
mkdir "$TMP/stopped"
printf 'name,day\n' >"$TMP/late.csv"
for i in $(seq 1 150); do echo "Donor $i,2026-01-01"; done >>"$TMP/late.csv"
echo "Bad,2026-02-31" >>"$TMP/late.csv"
printf '%s\n' '---' 'title: T' '---' '' 'Dear {{name}}, on {{ day | date long }}.' >"$TMP/dated.md"
(cd "$TMP" && quire build dated.md --data late.csv -o stopped/all.pdf) 2>"$TMP/stderr"
[[ $? == 1 ]] || fail "a failed record did not stop the run: $(cat "$TMP/stderr")"
grep -q "late.csv:152" "$TMP/stderr" || fail "the failed record is not reported at its line: $(cat "$TMP/stderr")"
[[ -z $(ls -A "$TMP/stopped") ]] || fail "a stopped run left: $(ls -A "$TMP/stopped")"
pass
