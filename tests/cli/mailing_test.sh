#!/usr/bin/env bash
# Envelopes and address labels from the donor letter's data (docs/templates.md, "envelope" and "labels"),
# through the pipe and `quire build`: page sizes and counts, every address inside its envelope's address
# area or its label (pdftotext -bbox), label-start, --records, --where, --keep-going, one file per sheet,
# valid PDFs with embedded fonts, and bad stationery refused before anything is written.
source "$(dirname "$0")/lib.sh"

cd "$EXAMPLES/donor-letter" || fail "no example"
MM=2.834645669  # points per millimetre

# page_size FILE: "W x H" as pdfinfo prints it, rounded to whole points.
page_size() { pdfinfo "$1" 2>/dev/null | awk '/^Page size:/ {printf "%.0f x %.0f", $3, $5}'; }

# words FILE: one line per word, "PAGE XMIN YMIN XMAX YMAX WORD" (y from the top, points).
words() {
  pdftotext -bbox "$1" - 2>/dev/null | awk '
    /<page / { page++ }
    /<word / {
      match($0, /xMin="[^"]*"/); x0 = substr($0, RSTART + 6, RLENGTH - 7)
      match($0, /yMin="[^"]*"/); y0 = substr($0, RSTART + 6, RLENGTH - 7)
      match($0, /xMax="[^"]*"/); x1 = substr($0, RSTART + 6, RLENGTH - 7)
      match($0, /yMax="[^"]*"/); y1 = substr($0, RSTART + 6, RLENGTH - 7)
      w = $0; sub(/^.*">/, "", w); sub(/<\/word>.*$/, "", w)
      print page, x0, y0, x1, y1, w
    }'
}

# outside FILE LEFT TOP WIDTH HEIGHT [PAGE]: the words not inside the rectangle (points; 0.5 pt of
# slack for rounding), "-" for every page.
outside() {
  words "$1" | awk -v l="$2" -v t="$3" -v w="$4" -v h="$5" -v p="${6:--}" '
    p != "-" && $1 != p { next }
    !($2 >= l - 0.5 && $4 <= l + w + 0.5 && $3 >= t - 0.5 && $5 <= t + h + 0.5) { print }'
}

# ---- Envelopes ---------------------------------------------------------------------------------------
env=$TMP/envelopes.pdf
quire-parse merge-letter.md | quire-validate --data donors.csv |
  quire-compose --template envelope --data donors.csv --records 1-3 | quire-render-pdf -o "$env" 2>"$TMP/env.log" ||
  fail "envelopes through the pipe: $(tail -3 "$TMP/env.log")"
check_pdf "$env"
[[ $(pdf_pages "$env") == 3 ]] || fail "3 records gave $(pdf_pages "$env") envelopes"
[[ $(page_size "$env") == "624 x 312" ]] || fail "a DL envelope is 220 × 110 mm, not $(page_size "$env")"
# Every word is the sender's, in the top left quarter, or the recipient's, in the DIN 680 window
# (20 mm from the left, 50 mm from the top, 90 × 45 mm): nothing else is printed.
stray=$(words "$env" | awk -v mm=$MM '!($4 <= 110 * mm && $5 <= 45 * mm) && !($2 >= 20 * mm && $4 <= 110 * mm && $3 >= 50 * mm && $5 <= 95 * mm)')
[[ -z $stray ]] || fail "words outside the sender's corner and the address area: $stray"
for name in Rahman 오은비 Circle,; do
  grep -q " $name\$" <(words "$env" | awk -v mm=$MM '$3 >= 50 * mm') || fail "recipient '$name' is not in an address area"
done
grep -q " Lantern$" <(words "$env" | awk -v mm=$MM '$1 == 1 && $2 < 12 * mm && $3 < 15 * mm') ||
  fail "the sender (the letterhead of lantern.yaml) is not at the top left"
[[ $(pdf_text "$env") != *"Thank you for your gift of"* ]] || fail "the letter's text is on the envelope"
# quire build gives the same envelopes.
quire build merge-letter.md --template envelope --data donors.csv --records 1-3 -o "$TMP/env-build.pdf" 2>"$TMP/b.log" ||
  fail "envelopes with quire build: $(tail -3 "$TMP/b.log")"
[[ $(pdf_text "$TMP/env-build.pdf") == "$(pdf_text "$env")" ]] || fail "quire build's envelopes differ from the pipe's"
# The depfile: the envelopes depend on the letter, its data, the sender's letterhead and the fonts drawn.
quire build merge-letter.md --template envelope --data donors.csv --records 1-3 -o "$TMP/env-dep.pdf" -M "$TMP/env.d" ||
  fail "envelopes with -M"
rule=$(sed -n 1p "$TMP/env.d")
[[ $rule == "$TMP/env-dep.pdf:"* ]] || fail "envelope depfile target: $rule"
for input in merge-letter.md donors.csv lantern.yaml .ttf; do
  [[ $(tr -d '\\\n' <"$TMP/env.d" | sed 's/^[^:]*://') == *"$input"* ]] || fail "envelope depfile lacks $input: $(cat "$TMP/env.d")"
done

# US #10 (also the automatic choice on US Letter), C4 and C5 sizes; every address inside its area.
quire build merge-letter.md --template envelope --data donors.csv --records 1 --set papersize=letter -o "$TMP/us.pdf" ||
  fail "a #10 envelope"
[[ $(page_size "$TMP/us.pdf") == "684 x 297" ]] || fail "a #10 envelope is 9.5 × 4.125 in, not $(page_size "$TMP/us.pdf")"
[[ -z $(outside "$TMP/us.pdf" 288 144 360 108 | awk '$3 > 100') ]] || fail "#10 address outside its area: $(outside "$TMP/us.pdf" 288 144 360 108)"
quire build merge-letter.md --template envelope --data donors.csv --records 1 --set envelope=c4 -o "$TMP/c4.pdf" || fail "C4"
[[ $(page_size "$TMP/c4.pdf") == "649 x 918" ]] || fail "a C4 envelope is 229 × 324 mm, not $(page_size "$TMP/c4.pdf")"
quire build merge-letter.md --template envelope --data donors.csv --records 1 --set envelope=c5 -o "$TMP/c5.pdf" || fail "C5"
[[ $(page_size "$TMP/c5.pdf") == "649 x 459" ]] || fail "a C5 envelope is 229 × 162 mm, not $(page_size "$TMP/c5.pdf")"
# Fed portrait: the page is turned, and so is the text (it still extracts as written).
quire build merge-letter.md --template envelope --data donors.csv --records 1 --set envelope-feed=portrait -o "$TMP/turned.pdf" ||
  fail "portrait feed"
check_pdf "$TMP/turned.pdf"
[[ $(page_size "$TMP/turned.pdf") == "312 x 624" ]] || fail "fed portrait, a DL page is 110 × 220 mm, not $(page_size "$TMP/turned.pdf")"
[[ $(pdf_text "$TMP/turned.pdf") == *"Joon Rahman"*"87 Rue Oberkampf"* ]] || fail "turned text: $(pdf_text "$TMP/turned.pdf")"
# One file per record with an output pattern.
quire build merge-letter.md --template envelope --data donors.csv --records 4-5 --mkdir -o "$TMP/env/{{id}}.pdf" ||
  fail "envelopes into a pattern"
[[ -s $TMP/env/D0004.pdf && -s $TMP/env/D0005.pdf ]] || fail "no envelope per record: $(ls "$TMP/env")"

# ---- Labels ------------------------------------------------------------------------------------------
# 15 records on Avery L7163 (2 × 7), starting at label 3: 12 on the first sheet, 3 on the second.
quire-parse merge-letter.md | quire-validate --data donors.csv |
  quire-compose --template labels --data donors.csv --records 1-15 --set label-start=3 >"$TMP/sheets.yaml" ||
  fail "labels through compose"
[[ $(grep -c '^quire: 1' "$TMP/sheets.yaml") == 2 ]] || fail "15 labels from label 3 make 2 sheet documents"
[[ $(grep -c 'slot:' "$TMP/sheets.yaml") == 15 ]] || fail "15 records, not $(grep -c 'slot:' "$TMP/sheets.yaml") labels"
labels=$TMP/labels.pdf
quire-render-pdf -o "$labels" <"$TMP/sheets.yaml" 2>"$TMP/l.log" || fail "labels through render: $(tail -3 "$TMP/l.log")"
check_pdf "$labels"
[[ $(pdf_pages "$labels") == 2 ]] || fail "15 labels from label 3 on L7163: $(pdf_pages "$labels") sheets, expected 2"
[[ $(page_size "$labels") == "595 x 842" ]] || fail "L7163 is A4, not $(page_size "$labels")"
# Every word inside a label of the grid (4.65 mm + 101.6 mm a column, 15.15 mm + 38.1 mm a row, 99.1 × 38.1
# mm each), and in which one: labels 1 and 2 of sheet 1 stay empty.
words "$labels" | awk -v mm=$MM '{
    col = int(($2 / mm - 4.65) / 101.6); row = int(($3 / mm - 15.15) / 38.1)
    l = (4.65 + col * 101.6) * mm; t = (15.15 + row * 38.1) * mm
    if ($2 < l || $4 > l + 99.1 * mm || $3 < t || $5 > t + 38.1 * mm || col > 1 || row > 6) { print "outside: " $0; next }
    print $1, row * 2 + col + 1
  }' | sort -u >"$TMP/slots"
grep -q outside "$TMP/slots" && fail "$(grep outside "$TMP/slots" | head -3)"
[[ $(awk '$1 == 1' "$TMP/slots" | wc -l) == 12 && $(awk '$1 == 2' "$TMP/slots" | wc -l) == 3 ]] ||
  fail "labels used per sheet: $(tr '\n' ' ' <"$TMP/slots")"
[[ $(awk '$1 == 1 {print $2}' "$TMP/slots" | sort -n | head -1) == 3 ]] || fail "sheet 1 does not start at label 3"
[[ $(awk '$1 == 2 {print $2}' "$TMP/slots" | sort -n | tr '\n' ' ') == "1 2 3 " ]] || fail "sheet 2 does not start at label 1"
# The addresses in record order, each whole on its label.
[[ $(pdf_text "$labels") == "Joon Rahman 87 Rue Oberkampf Paris, FR 오은비"* ]] || fail "labels text: $(pdf_text "$labels" | head -c 200)"
# quire build: the same sheets.
quire build merge-letter.md --template labels --data donors.csv --records 1-15 --set label-start=3 -o "$TMP/lb.pdf" ||
  fail "labels with quire build"
[[ $(pdf_text "$TMP/lb.pdf") == "$(pdf_text "$labels")" ]] || fail "quire build's labels differ from the pipe's"
# Through the pipe each tool writes its own depfile: render's names the sheets and the fonts drawn.
quire-render-pdf -o "$TMP/lb-dep.pdf" -M "$TMP/lb.d" <"$TMP/sheets.yaml" ||
  fail "labels with -M"
[[ $(sed -n 1p "$TMP/lb.d") == "$TMP/lb-dep.pdf:"*".ttf"* ]] || fail "labels depfile: $(cat "$TMP/lb.d")"
# One file per sheet with an output pattern: {{n}} is the sheet's number.
quire build merge-letter.md --template labels --data donors.csv --records 1-15 --mkdir -o "$TMP/sheets/{{n}}.pdf" ||
  fail "labels into a pattern"
[[ -s $TMP/sheets/1.pdf && -s $TMP/sheets/2.pdf && ! -e $TMP/sheets/3.pdf ]] || fail "sheets: $(ls "$TMP/sheets")"

# Avery 5160: US Letter, 30 labels a sheet.
quire build merge-letter.md --template labels --data donors.csv --records 1-31 --set label-sheet=avery-5160 -o "$TMP/us-labels.pdf" ||
  fail "5160 labels"
[[ $(pdf_pages "$TMP/us-labels.pdf") == 2 && $(page_size "$TMP/us-labels.pdf") == "612 x 792" ]] ||
  fail "31 labels on 5160: $(pdf_pages "$TMP/us-labels.pdf") pages of $(page_size "$TMP/us-labels.pdf")"
# --where: only the Korean donors of the first 60, each once.
korean=$(python3 -c 'import csv, sys; print(sum(1 for i, r in enumerate(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig"))) if i < 60 and r["country"] == "KR"))' donors.csv)
quire build merge-letter.md --template labels --data donors.csv --records 1-60 --where 'country == "KR"' -o "$TMP/kr.pdf" ||
  fail "labels with --where"
[[ $(pdftotext "$TMP/kr.pdf" - | grep -c '^대한민국$') == "$korean" ]] || fail "--where KR: expected $korean Korean addresses"
[[ $(pdf_text "$TMP/kr.pdf") != *"Paris"* ]] || fail "--where KR printed a French address"

# ---- Records that cannot be printed ------------------------------------------------------------------
{
  printf 'name,address\nAnn Lee,"1 Main St\nSpringfield"\nKim,"'
  for i in $(seq 50); do printf 'line %d\n' "$i"; done
  printf '"\nBo Park,"2 Side St\nShelbyville"\n'
} >"$TMP/bad.csv"
printf -- '---\nto: {name: "{{name}}", address: "{{address}}"}\n---\nHello\n' >"$TMP/m.md"
expect_status 1 quire build "$TMP/m.md" --template labels --data "$TMP/bad.csv" -o "$TMP/bad.pdf"
expect_stderr 'bad\.csv:4: error: record 2: the address has 51 lines; a 99\.1 × 38\.1 mm label holds 13'
[[ ! -e $TMP/bad.pdf ]] || fail "a failed labels run wrote its PDF"
expect_status 1 quire build "$TMP/m.md" --template labels --data "$TMP/bad.csv" --keep-going -o "$TMP/kept.pdf"
expect_stderr '1 of 3 records failed'
[[ $(pdf_text "$TMP/kept.pdf") == *"Ann Lee"*"Bo Park"* ]] || fail "--keep-going: the other labels are missing"
[[ $(pdf_text "$TMP/kept.pdf") != *"line 1"* ]] || fail "--keep-going printed the failed record"
quire-parse "$TMP/m.md" | quire-compose --template envelope --data "$TMP/bad.csv" --keep-going 2>"$TMP/stderr" |
  quire-render-pdf -o "$TMP/kept-env.pdf" && fail "a failed envelope run exited 0"
[[ $(pdf_pages "$TMP/kept-env.pdf") == 2 ]] || fail "--keep-going envelopes: $(pdf_pages "$TMP/kept-env.pdf") pages, expected 2"
expect_stderr "record 2: the address has 51 lines; the dl envelope's address area"
# A line too long for a label even at 6 pt: an error naming the record, nothing written.
printf 'name,address\nAnn,"1 Road"\nKim,"%s"\n' "$(printf 'w%.0s' $(seq 120))" >"$TMP/wide.csv"
expect_status 1 quire build "$TMP/m.md" --template labels --data "$TMP/wide.csv" -o "$TMP/wide.pdf"
expect_stderr 'wide\.csv:3: error: record 2: the address does not fit its label \(99\.1 × 38\.1 mm\)'
[[ ! -e $TMP/wide.pdf ]] || fail "a label that does not fit wrote the PDF"
# With --keep-going the record that does not fit fails alone: its neighbours on the sheet are printed,
# and the label it would have used goes to the next record.
printf 'Bo,"2 Lane"\n' >>"$TMP/wide.csv"
expect_status 1 quire build "$TMP/m.md" --template labels --data "$TMP/wide.csv" --keep-going -o "$TMP/wide.pdf"
expect_stderr 'wide\.csv:3: error: record 2: the address does not fit its label'
expect_stderr '1 of 3 records failed'
[[ $(pdf_text "$TMP/wide.pdf") == *"Ann"*"Bo"* ]] || fail "--keep-going lost the labels beside the one that did not fit"
[[ $(pdf_text "$TMP/wide.pdf") != *"www"* ]] || fail "--keep-going printed the label that did not fit"

# quire-validate knows the keys: the sizes as people write them pass, others are errors at their line.
printf -- '---\nenvelope: DL\nlabel-sheet: Avery-L7163\nlabel-start: 3\nenvelope-feed: portrait\n---\nHi\n' >"$TMP/keys.md"
quire-parse "$TMP/keys.md" | quire-validate >/dev/null 2>"$TMP/stderr" || fail "valid mailing keys refused: $(cat "$TMP/stderr")"
printf -- '---\nenvelope: b5\nlabel-start: 0\n---\nHi\n' >"$TMP/keys.md"
quire-parse "$TMP/keys.md" | quire-validate >/dev/null 2>"$TMP/stderr" && fail "envelope: b5 passed quire-validate"
expect_stderr '/meta/envelope: "b5" is not one of the allowed values'
expect_stderr '/meta/label-start: 0 is less than the minimum 1'

# ---- The example ---------------------------------------------------------------------------------------
bash "$EXAMPLES/donor-letter/mailing.sh" "$TMP/example" 1-20 >"$TMP/ex.log" 2>&1 || fail "mailing.sh: $(tail -3 "$TMP/ex.log")"
check_pdf "$TMP/example/envelopes.pdf"
check_pdf "$TMP/example/labels.pdf"
[[ $(pdf_pages "$TMP/example/envelopes.pdf") == 20 && $(pdf_pages "$TMP/example/labels.pdf") == 2 ]] ||
  fail "mailing.sh: $(pdf_pages "$TMP/example/envelopes.pdf") envelopes and $(pdf_pages "$TMP/example/labels.pdf") sheets for 20 donors"
pass
