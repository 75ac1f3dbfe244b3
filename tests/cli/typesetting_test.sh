#!/usr/bin/env bash
# Typesetting a reader sees: a figure that does not fit floats to the top of the next page while the
# text after it fills the page before; twoside mirrors the running header and footer on even pages;
# kerned words are narrower and still extract as whole words.
source "$(dirname "$0")/lib.sh"

cd "$TMP" || fail "no $TMP"
cp "$EXAMPLES/report/figures/petitions.png" . || fail "no figure to copy"

# ---- Floating figures -----------------------------------------------------------------------------
# Six paragraphs of about six lines fill two thirds of an A4 page; the 451 × 226 pt figure does not fit
# under them. The paragraphs after it ("After0"…) fill page 1 and the figure opens page 2.
python3 - >floats.md <<'PY'
import random
random.seed(1)
words = "the petition was sent to the working group and answered after months by a short note".split()
print("---\ntitle: Floats\ntitleblock: false\npage-numbers: false\n---\n")
for tag in [f"Before{i}" for i in range(6)] + ["![Figure one: the petitions](petitions.png)"] + [f"After{i}" for i in range(6)]:
    print(tag if tag.startswith("!") else tag + " " + " ".join(random.choice(words) for _ in range(80)) + ".")
    print()
PY
expect_status 0 quire build floats.md -o floats.pdf
check_pdf floats.pdf
[[ $(pdf_pages floats.pdf) == 2 ]] || fail "floats.pdf has $(pdf_pages floats.pdf) pages, expected 2"
[[ $(pdfimages -list floats.pdf | awk 'NR > 2 { print $1 }') == 2 ]] || fail "the figure is not on page 2"
# word_at PAGE WORD: "yMin yMax" of WORD on PAGE in pdftotext's bounding boxes (empty when absent).
word_at() {
  pdftotext -f "$1" -l "$1" -bbox floats.pdf - 2>/dev/null |
    awk -v w="$2" -F'"' '$0 ~ ">" w "</word>" { print $4, $8; exit }'
}
[[ -n $(word_at 1 After0) ]] || fail "the text after the figure does not fill page 1"
# Page 1 is filled: its last line ends less than two lines (30 pt) above the bottom margin (769.9).
last=$(pdftotext -f 1 -l 1 -bbox floats.pdf - | awk -F'"' '/<word/ { if ($8 > m) m = $8 } END { print m }')
awk -v y="$last" 'BEGIN { exit !(y > 769.9 - 30 && y <= 769.9) }' || fail "page 1 ends at $last, not filled"
# The figure sits at the top of page 2 (the layout dump: image X Y W H), its caption under it, the text after.
expect_status 0 quire build floats.md --emit layout -o floats.layout
awk '/^page/ { p++ } /^image/ { print p, $3 }' floats.layout | grep -qx '2 72.00' ||
  fail "the figure is not at the top of page 2: $(grep -E '^(page|image)' floats.layout)"
caption=$(word_at 2 Figure)
[[ -n $caption ]] || fail "the caption is not on page 2"
awk -v y="${caption% *}" 'BEGIN { exit !(y > 72 + 225 && y < 72 + 225 + 30) }' || fail "the caption is at $caption"
[[ -n $(word_at 2 After5) ]] || fail "the text does not go on under the figure on page 2"

# ---- Even and odd pages -----------------------------------------------------------------------------
# twoside: the page number at the right of odd pages and at the left of even ones (the outer edge), the
# header's title and section swapped; header-even-center replaces the even pages' header.
python3 - >twoside.md <<'PY'
print('---\ntitle: Sides\ntitleblock: false\nstyle:\n  twoside: true\n  footer-center: ""\n  footer-right: "p{page}"')
print('  header-left: "{title}"\n  header-right: "{section}"\n---\n\n# Alpha\n')
for i in range(40):
    print(f"Para{i} " + "the petition was sent to the group and answered after months " * 8 + "\n")
PY
expect_status 0 quire build twoside.md -o twoside.pdf
check_pdf twoside.pdf
(($(pdf_pages twoside.pdf) >= 3)) || fail "twoside.pdf has $(pdf_pages twoside.pdf) pages, expected 3 or more"
# x_of PDF PAGE WORD: "xMin xMax" of WORD on PAGE.
x_of() {
  pdftotext -f "$2" -l "$2" -bbox "$1" - 2>/dev/null | awk -v w="$3" -F'"' '$0 ~ ">" w "</word>" { print $2, $6; exit }'
}
near() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a - b < 0.5 && b - a < 0.5) }'; }
p2=$(x_of twoside.pdf 2 p2) p3=$(x_of twoside.pdf 3 p3)
near "${p2% *}" 72 || fail "page 2's number is at x $p2, expected the left margin (72)"
near "${p3#* }" 523.28 || fail "page 3's number ends at x $p3, expected the right margin (523.28)"
near "${p2#* }" 523.28 && fail "page 2's number is at the right: $p2"
near "$(x_of twoside.pdf 2 Sides | cut -d' ' -f2)" 523.28 || fail "page 2's header does not end with the title"
near "$(x_of twoside.pdf 3 Sides | cut -d' ' -f1)" 72 || fail "page 3's header does not start with the title"
sed -i 's/^  twoside: true$/  header-even-center: "{title}"/' twoside.md
expect_status 0 quire build twoside.md -o own.pdf
near "$(x_of own.pdf 2 Sides | cut -d' ' -f1)" 72 && fail "page 2's header is not centred: $(x_of own.pdf 2 Sides)"
[[ -z $(x_of own.pdf 2 Alpha) ]] || fail "page 2 keeps the section that header-even-center replaced"
near "$(x_of own.pdf 2 p2 | cut -d' ' -f2)" 523.28 || fail "page 2's footer is not the odd pages' one"
near "$(x_of own.pdf 3 Alpha | cut -d' ' -f2)" 523.28 || fail "page 3's header changed"

# ---- Kerning -----------------------------------------------------------------------------------------
# Words with kerning pairs of Liberation Serif ("To", "AV", "Wa", "Ye", "y."), upright, italic and bold.
sentence='To AVAWAY, Wave Tomorrow. Yes, Typography: “LT” VA Vol. Away!'
printf -- '---\ntitle: Kerning\ntitleblock: false\n---\n\n%s\n\n*%s*\n\n**%s**\n' "$sentence" "$sentence" "$sentence" >kern.md
sed 's/^titleblock: false$/titleblock: false\nstyle:\n  kerning: false/' kern.md >plain.md
expect_status 0 quire build kern.md -o kern.pdf
expect_status 0 quire build plain.md -o plain.pdf
check_pdf kern.pdf
# Every word is one word in pdftotext's boxes, three times (kerned runs are drawn in pieces).
pdftotext -bbox kern.pdf - | sed -n 's/.*">\(.*\)<\/word>/\1/p' >kern.words
for word in $sentence; do
  [[ $(grep -cxF -- "$word" kern.words) == 3 ]] || fail "'$word' is not a whole word three times in kern.pdf: $(tr '\n' ' ' <kern.words)"
done
[[ $(pdf_text kern.pdf) == "$(pdf_text plain.pdf)" ]] || fail "kerning changed the text: $(pdf_text kern.pdf)"
# width PDF WORD: xMax − xMin of WORD's first box.
width() { pdftotext -bbox "$1" - | awk -v w="$2" -F'"' '$0 ~ ">" w "</word>" { print $6 - $2; exit }'; }
for word in To AVAWAY, Wave; do
  awk -v k="$(width kern.pdf "$word")" -v p="$(width plain.pdf "$word")" 'BEGIN { exit !(k < p - 0.5) }' ||
    fail "'$word' is not narrower kerned ($(width kern.pdf "$word") pt) than not ($(width plain.pdf "$word") pt)"
done
# The layout dump shows the kerning: the "T" of "To" advances 0.07 em (0.77 pt at 11 pt) less kerned.
# first_advance FILE: the advance of the first glyph of the first "To" run.
first_advance() { grep -m1 '"To" glyphs' "$1" | sed -E 's/.*"To" glyphs [0-9]+@0:([0-9.]+).*/\1/'; }
expect_status 0 quire build kern.md --emit layout -o kern.layout
expect_status 0 quire build plain.md --emit layout -o plain.layout
awk -v k="$(first_advance kern.layout)" -v p="$(first_advance plain.layout)" 'BEGIN { d = p - k; exit !(d > 0.7 && d < 0.85) }' ||
  fail "no kerning for \"To\" in the layout: $(grep -m1 '"To"' kern.layout) / $(grep -m1 '"To"' plain.layout)"

pass
