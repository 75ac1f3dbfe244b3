#!/usr/bin/env bash
# `::: {.landscape}` (issue 14), as LaTeX's lscape package: the blocks inside go on pages of their own
# whose body is turned a quarter turn counter-clockwise, as wide as the portrait text area is high; the
# running header and footer stay where they are on portrait pages, upright. Positions from pdftotext
# -bbox (points from the top-left of an A4 page, 595.28 × 841.89, margins 72 pt): a word set upright
# is wider than high, a turned one higher than wide, and its line runs up the page.
source "$(dirname "$0")/lib.sh"
cd "$TMP" || fail "no temporary directory"
CHECK=$QUIRE_SOURCE_DIR/tests/pdfua_check.py

# words FILE PAGE: "xMin yMin xMax yMax word" for every word on PAGE, on the sheet as printed. A
# landscape page is shown turned (/Rotate 90, as pdflscape does), and pdftotext gives its boxes as
# shown: they are turned back here, so that every page's boxes compare on the same upright sheet.
words() {
  local rotate
  rotate=$(pdfinfo -f "$2" -l "$2" "$1" 2>/dev/null | awk '/rot:/ { print $NF }')
  pdftotext -bbox -f "$2" -l "$2" "$1" - 2>/dev/null | python3 -c '
import re, sys
text = sys.stdin.read()
height = float(re.search(r"<page width=\"[\d.]+\" height=\"([\d.]+)\"", text).group(1))  # of the sheet
for m in re.finditer(r"<word xMin=\"([-\d.]+)\" yMin=\"([-\d.]+)\" xMax=\"([-\d.]+)\" yMax=\"([-\d.]+)\">([^<]*)</word>", text):
    x0, y0, x1, y1 = map(float, m.groups()[:4])
    if sys.argv[1] == "90":
        x0, y0, x1, y1 = y0, height - x1, y1, height - x0
    print(f"{x0:.6f} {y0:.6f} {x1:.6f} {y1:.6f}", m.group(5))' "${rotate:-0}"
}
# box WORDS-FILE WORD: the first box of WORD.
box() { awk -v w="$2" '$5 == w { print $1, $2, $3, $4; exit }' "$1"; }
# same "BOX" "BOX": the two boxes agree within a hundredth of a point.
same() {
  [[ -n $1 && -n $2 ]] && awk -v a="$1" -v b="$2" 'BEGIN { n = split(a, p, " "); split(b, q, " ")
    for (i = 1; i <= n; i++) if ((p[i] - q[i])^2 > 1e-4) exit 1 }'
}

# Eight columns of long cells: far too wide for the portrait measure (451 pt), set across the long
# side (698 pt).
python3 >report.md <<'PY'
print("---\ntitle: Field report\nlang: en\nstyle:\n  header-left: \"{title}\"\n  footer-center: \"Page {page} of {pages}\"\n---\n")
print("# Before\n\nThe text before the table, on an upright page.\n")
print("::: {.landscape}\n")
print("## Petitions by office\n")
cols = ["Office", "Region", "Filed", "Answered", "Pending", "Refused", "Median", "Remarks"]
print("| " + " | ".join(cols) + " |")
print("|" + "|".join(["--------"] * 7 + ["------------------------"]) + "|")
for k in range(1, 7):
    cells = [f"Office{k}", "Northern", str(100 + k), str(80 + k), str(10 + k), str(k), f"{k + 20} days",
             f"answered in writing, rowmark{k} with a long remark that wraps"]
    print("| " + " | ".join(cells) + " |")
print("\nSee [the method](#after).\n")
print(":::\n")
print("# After\n\nThe text after the table, upright again.\n")
PY
expect_status 0 quire build report.md -o report.pdf
check_pdf report.pdf
[[ $(pdf_pages report.pdf) == 3 ]] || fail "expected 3 pages (upright, landscape, upright), got $(pdf_pages report.pdf)"

# ---- The running header and footer sit where they sit on the portrait pages ---------------------
for p in 1 2 3; do words report.pdf $p >page$p.words; done
# (Page 1 carries the title block, so no furniture: page 3 is the portrait page to compare with.)
h2=$(box page2.words Field) h3=$(box page3.words Field)
same "$h2" "$h3" || fail "the header moved: page 2 '$h2', page 3 '$h3'"
f2=$(awk '$5 == "Page" { print $1, $2, $3, $4; exit }' page2.words)
f3=$(awk '$5 == "Page" { print $1, $2, $3, $4; exit }' page3.words)
same "$f2" "$f3" || fail "the footer moved: page 2 '$f2', page 3 '$f3'"
read -r x0 y0 x1 y1 <<<"$h2"
awk -v a="$x0" -v b="$y0" -v c="$x1" -v d="$y1" 'BEGIN { exit !(c - a > d - b) }' || fail "the header is not upright: $h2"

# ---- The table is turned: its words run up the page, inside the text area -----------------------
for w in Office Answered Remarks rowmark1 Petitions; do
  read -r x0 y0 x1 y1 <<<"$(box page2.words "$w")"
  [[ -n ${y1:-} ]] || fail "'$w' is not on page 2"
  awk -v a="$x0" -v b="$y0" -v c="$x1" -v d="$y1" 'BEGIN { exit !(d - b > c - a) }' ||
    fail "'$w' is upright on the landscape page: $x0 $y0 $x1 $y1"
done
# The header row is one line up the page: Office below Answered below Remarks, at one x.
read -r ox oy _ _ <<<"$(box page2.words Office)"
read -r ax ay _ _ <<<"$(box page2.words Answered)"
read -r rx ry _ _ <<<"$(box page2.words Remarks)"
awk -v ox="$ox" -v ax="$ax" -v rx="$rx" -v oy="$oy" -v ay="$ay" -v ry="$ry" \
  'BEGIN { exit !(oy > ay && ay > ry && (ox - ax)^2 < 1 && (ax - rx)^2 < 1) }' ||
  fail "the header row does not run up the page: Office $ox,$oy Answered $ax,$ay Remarks $rx,$ry"
# The title above the table is nearer the page's left edge than the table (the top faces left).
read -r tx _ _ _ <<<"$(box page2.words Petitions)"
awk -v t="$tx" -v o="$ox" 'BEGIN { exit !(t < o) }' || fail "the heading is not above the table (x $tx vs $ox)"
# Every word of the body inside the text area; the table uses the long side (the Remarks column
# starts past the portrait measure's length, 451 pt from the bottom margin).
awk '$4 < 60 || $2 > 780 { next }  # the header and the footer, in the margins
     { if ($1 < 71.5 || $3 > 523.8 || $2 < 71.5 || $4 > 770.4) { print; bad = 1 } } END { exit bad }' page2.words \
  >outside.txt || fail "words outside the text area on the landscape page: $(head -3 outside.txt)"
awk -v r="$ry" 'BEGIN { exit !(769.89 - r > 451.28 - 40) }' || fail "the table is not set across the long side (Remarks at y $ry)"

# ---- Reading order, links, the layout's own view ------------------------------------------------
pdfinfo -f 2 -l 2 report.pdf | grep -q 'Page *2 rot: *90' || fail "the landscape page is not shown turned (/Rotate 90)"
# pdftotext's own reading order (its layout analysis) keeps the table's rows and cells in order; the
# order drawn (-raw) has the heading before the table too (the layout analysis may put a short
# heading above a wide table after it).
pdf_text report.pdf | grep -q "The text before the table.*Office Region Filed Answered.*Remarks Office1 Northern.*rowmark6.*After" ||
  fail "text out of order: $(pdf_text report.pdf | head -c 600)"
pdftotext -raw report.pdf - | tr -s ' \n' '  ' | grep -q "Before.*Petitions by office.*Office Region.*rowmark6.*After" ||
  fail "text drawn out of order: $(pdftotext -raw report.pdf - | tr -s ' \n' '  ' | head -c 600)"
quire build report.md --emit layout -o report.layout || fail "--emit layout failed"
[[ $(grep -c '^turned 72.00 769.89 697.89 451.28$' report.layout) == 1 ]] ||
  fail "the layout dump shows no turned body on page 2: $(grep -n '^turned\|^page' report.layout | head)"
# The link inside the turned body is an annotation turned with it: taller than wide, on page 2.
python3 - report.pdf <<'PY' || fail "the link on the landscape page (above)"
import json, subprocess, sys
objs = json.loads(subprocess.run(["qpdf", "--json=2", "--json-key=qpdf", sys.argv[1]], capture_output=True,
                                 check=True).stdout)["qpdf"][1]
def get(ref):
    v = objs.get("obj:" + ref) if isinstance(ref, str) and ref.endswith(" R") else ref
    return v.get("value", v) if isinstance(v, dict) and "value" in v else v
pages = [v["value"] for v in objs.values() if isinstance(v, dict) and isinstance(v.get("value"), dict)
         and v["value"].get("/Type") == "/Page"]
rects = [get(a)["/Rect"] for p in pages for a in p.get("/Annots", []) if get(a).get("/Subtype") == "/Link"]
# "the method": a rectangle per word, turned with the line: one column (the same x), the words' lengths
# stacked up the page (together over 40 pt), none wider than a line is high.
if (not rects or len({round(r[0], 2) for r in rects}) != 1 or sum(r[3] - r[1] for r in rects) < 40
        or any(r[2] - r[0] > 16 for r in rects)):
    sys.exit(f"expected the link's rectangles turned, running up the page; found {rects}")
for x0, y0, x1, y1 in rects:
    if not (72 <= x0 < x1 <= 523.3 and 72 <= y0 < y1 <= 770):
        sys.exit(f"a turned link lies outside the text area: {rects}")
PY

# ---- Tagged and archival: the turned body's content is marked as the rest -----------------------
expect_status 0 quire build report.md --pdf-standard a-2u,ua-1 -o tagged.pdf
python3 "$CHECK" tagged.pdf >check.log 2>&1 || fail "the checker on the tagged landscape report: $(head -20 check.log)"

# ---- A landscape div alone in a document, and one longer than a page -----------------------------
python3 >long.md <<'PY'
print("::: landscape\n")
print("| Code | Description | Status |")
print("|------|------------------------------|------------|")
for k in range(1, 41):
    print(f"| R{k} | The committee reviewed every petition filed during the year, by office | open |")
print("\n:::")
PY
expect_status 0 quire build long.md -o long.pdf
pages=$(pdf_pages long.pdf)
[[ $pages -ge 2 ]] || fail "40 rows across the long side fit on $pages page(s)?"
for ((p = 1; p <= pages; p++)); do
  words long.pdf "$p" >long.words
  read -r x0 y0 x1 y1 <<<"$(box long.words Code)"
  [[ -n ${y1:-} ]] || fail "page $p of the long landscape table has no header row"
  awk -v a="$x0" -v b="$y0" -v c="$x1" -v d="$y1" 'BEGIN { exit !(d - b > c - a) }' || fail "page $p is not turned"
done

pass
