#!/usr/bin/env bash
# Vector figures (issue 14): a page of a PDF and an SVG embedded as a Form XObject — text stays text,
# fonts embedded, no raster — once per output file however often drawn; a page chosen with #page=N;
# an encrypted figure refused at its position; reproducible and encrypted output still hold.
source "$(dirname "$0")/lib.sh"
cd "$TMP" || fail "no temporary directory"
command -v gnuplot >/dev/null || fail "gnuplot is missing (scripts/bootstrap.sh installs gnuplot-nox)"

# ---- the figures: a gnuplot chart as PDF and as SVG, a hand-written SVG logo ---------------------
printf 'year,petitions\n2019,12\n2020,30\n2021,41\n2022,38\n2023,55\n' >data.csv
plot="set datafile separator ','; set title 'Petitions by year'; plot 'data.csv' using 1:2 every ::1 with linespoints title 'filed'"
gnuplot -e "set terminal pdfcairo size 5in,3in font 'DejaVu Sans,10'; set output 'chart.pdf'; $plot" ||
  fail "gnuplot pdfcairo failed"
gnuplot -e "set terminal svg size 500,300 font 'DejaVu Sans,10'; set output 'chart.svg'; $plot" ||
  fail "gnuplot svg failed"
cat >logo.svg <<'SVG'
<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="160" height="40" viewBox="0 0 160 40">
  <rect x="1" y="1" width="158" height="38" rx="6" fill="#1A2A4C"/>
  <text x="80" y="27" font-family="DejaVu Sans" font-size="18" fill="#ffffff" text-anchor="middle">Lanternfish</text>
</svg>
SVG

# ---- both in a document: vectors, their text, their fonts ----------------------------------------
printf '# Figures\n\n![The chart as PDF](chart.pdf)\n\n![The chart as SVG](chart.svg)\n\n![The logo](logo.svg)\n' >doc.md
expect_status 0 quire build doc.md -o doc.pdf
check_pdf doc.pdf
[[ $(pdfimages -list doc.pdf | tail -n +3 | wc -l) == 0 ]] || fail "a vector figure became a raster: $(pdfimages -list doc.pdf)"
text=$(pdf_text doc.pdf)
[[ $(grep -o 'Petitions by year' <<<"$text" | wc -l) == 2 ]] || fail "the charts' titles are not text twice: $text"
[[ $text == *Lanternfish* ]] || fail "the SVG logo's text is not text: $text"
[[ $(pdffonts doc.pdf) == *DejaVuSans* ]] || fail "the figures' fonts are not there: $(pdffonts doc.pdf)"
# The layout gives each figure its own size in points: 5 x 3 in (360 x 216 pt) fits the measure as it is.
quire-parse doc.md | quire-render-pdf --emit layout >doc.layout || fail "--emit layout failed"
grep -Eq '^ *image [0-9.]+ [0-9.]+ 360\.00 216\.00 chart\.pdf' doc.layout || fail "chart.pdf not 360 x 216 pt: $(grep image doc.layout)"
grep -Eq '^ *image [0-9.]+ [0-9.]+ 120\.00 30\.00 logo\.svg' doc.layout || fail "logo.svg not 120 x 30 pt: $(grep image doc.layout)"

# ---- a page of a PDF: #page=N, the page's rotation --------------------------------------------------
printf -- '---\ntitle: Two pages\n---\n\nOnly on the first page.\n\n\\newpage\n\nOnly on the second page.\n' >two.md
quire build two.md -o two.pdf 2>/dev/null || fail "cannot make two.pdf"
[[ $(pdf_pages two.pdf) == 2 ]] || fail "two.pdf has $(pdf_pages two.pdf) pages"
printf '# Page two\n\n![The second page](two.pdf#page=2)\n' >page.md
expect_status 0 quire build page.md -o page.pdf
text=$(pdf_text page.pdf)
[[ $text == *"Only on the second page"* && $text != *"Only on the first page"* ]] || fail "#page=2 drew: $text"
printf '# Page three\n\n![A third page](two.pdf#page=3)\n' >page3.md
expect_status 1 quire build page3.md -o page3.pdf
expect_stderr '^page3\.md:3:1: error: image "two\.pdf#page=3": the PDF has 2 pages, not a page 3'
[[ ! -e page3.pdf ]] || fail "a PDF was written without its figure"
qpdf --rotate=+90 chart.pdf turned.pdf || fail "qpdf --rotate failed"
printf '# Turned\n\n![The chart on its side](turned.pdf)\n' >turned.md
quire-parse turned.md | quire-render-pdf --emit layout >turned.layout || fail "--emit layout failed"
grep -Eq '^ *image [0-9.]+ [0-9.]+ [0-9.]+ [0-9.]+ .*turned\.pdf' turned.layout || fail "no turned figure"
read -r w h < <(awk '/turned\.pdf/ {print $4, $5}' turned.layout)
awk -v w="$w" -v h="$h" 'BEGIN { exit !(h > w) }' || fail "a page turned by 90 degrees is $w x $h, not upright"
expect_status 0 quire build turned.md -o turned-doc.pdf
check_pdf turned-doc.pdf
[[ $(pdf_text turned-doc.pdf) == *"Petitions by year"* ]] || fail "the turned chart's text is gone"

# ---- an encrypted figure is refused at its position ----------------------------------------------------
qpdf --encrypt "" owner 256 -- chart.pdf locked.pdf || fail "qpdf --encrypt failed"
printf '# Locked\n\n![A locked chart](locked.pdf)\n' >locked.md
expect_status 1 quire build locked.md -o locked-doc.pdf
expect_stderr '^locked\.md:3:1: error: image "locked\.pdf": the PDF is encrypted'
[[ ! -e locked-doc.pdf ]] || fail "a PDF was written with an encrypted figure"
quire-parse locked.md -o locked.yaml || fail "quire-parse failed"
expect_status 1 quire-validate locked.yaml
expect_stderr 'locked\.yaml:[0-9]+:[0-9]+: error: image "locked\.pdf": the PDF is encrypted'

# ---- reproducible bytes; encrypted output --------------------------------------------------------------
SOURCE_DATE_EPOCH=1700000000 quire build doc.md -o same1.pdf 2>/dev/null || fail "build failed"
SOURCE_DATE_EPOCH=1700000000 quire build doc.md -o same2.pdf 2>/dev/null || fail "build failed"
cmp -s same1.pdf same2.pdf || fail "the same document with figures gave different bytes"
check_deflated_once same1.pdf
expect_status 0 quire build doc.md -o secret.pdf --user-password figs
qpdf --show-encryption --password=figs secret.pdf >enc.txt 2>&1 && grep -q 'R = 6' enc.txt || fail "not AES-256: $(cat enc.txt)"
qpdf --password=figs --decrypt secret.pdf open.pdf || fail "cannot decrypt"
[[ $(pdf_text open.pdf) == *"Petitions by year"*Lanternfish* ]] || fail "the decrypted figures lost their text"

# ---- once per file, however often drawn ----------------------------------------------------------------
forms() { qpdf --qdf --object-streams=disable "$1" - 2>/dev/null | grep -ac '/Subtype /Form'; }
printf '# Once\n\n![The logo](logo.svg)\n\n![The chart](chart.pdf)\n' >once.md
{
  printf '# Many\n\n'
  for i in $(seq 1 30); do printf '![The logo, again](logo.svg)\n\n![The chart, again](chart.pdf)\n\n'; done
} >many.md
expect_status 0 quire build once.md -o once.pdf
expect_status 0 quire build many.md -o many.pdf
check_pdf many.pdf
(($(pdf_pages many.pdf) > 3)) || fail "many.pdf has only $(pdf_pages many.pdf) pages"
[[ $(forms once.pdf) == 2 ]] || fail "two figures gave $(forms once.pdf) forms"
[[ $(forms many.pdf) == 2 ]] || fail "30 uses of two figures gave $(forms many.pdf) forms"
size_one=$(stat -c %s once.pdf) size_many=$(stat -c %s many.pdf)
((size_many < size_one + 20000)) || fail "30 uses of two figures: $size_many bytes against $size_one for one use"

# ---- a letterhead's SVG logo in a merge: one file of 150 letters (joined), and one file per letter ---
cat >brand.yaml <<'YAML'
extends: letter
meta:
  letterhead: {name: Lanternfish Trust, logo: logo.svg, colour: "#1A2A4C"}
YAML
printf -- '---\ntemplate: brand.yaml\ntitle: Thanks\nto: {name: "{{name}}"}\n---\n\nDear {{name}}, thank you.\n' >letter.md
{
  echo name
  for i in $(seq 1 150); do echo "Donor $i"; done
} >donors.csv
expect_status 0 quire build letter.md --data donors.csv -o letters.pdf
check_pdf letters.pdf
[[ $(pdf_pages letters.pdf) == 150 ]] || fail "letters.pdf has $(pdf_pages letters.pdf) pages"
[[ $(pdfimages -list letters.pdf | tail -n +3 | wc -l) == 0 ]] || fail "the SVG logo became a raster"
[[ $(pdf_text letters.pdf | grep -o Lanternfish | wc -l) -ge 150 ]] || fail "the logo's text is not on every letter"
expect_status 0 quire build letter.md --data donors.csv --records 1-1 -o first.pdf
[[ $(forms letters.pdf) == "$(forms first.pdf)" ]] || fail "150 letters hold $(forms letters.pdf) forms, one letter $(forms first.pdf)"
per_letter=$(( $(stat -c %s letters.pdf) / 150 ))
((per_letter < 4000)) || fail "each letter costs $per_letter bytes: the logo is embedded more than once?"
expect_status 0 quire build letter.md --data donors.csv --records 1-3 --mkdir -o 'each/{{name}}.pdf'
for f in each/*.pdf; do
  check_pdf "$f"
  [[ $(pdf_text "$f") == *Lanternfish* ]] || fail "$f has no logo"
done

pass
