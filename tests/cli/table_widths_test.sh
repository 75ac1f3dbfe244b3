#!/usr/bin/env bash
# Pipe tables that fit (issue 14): when a line of a table's source is longer than `columns` (72, as
# pandoc's default), its columns take the shares of the text width its separator line's dashes give,
# cells wrap, and no word passes the right margin (positions from pdftotext -bbox: points from the
# top-left of an A4 page with 72 pt margins, so the text runs from x = 72 to 523.28). A table longer
# than a page repeats its header row at the top of every page it reaches.
source "$(dirname "$0")/lib.sh"
cd "$TMP" || fail "no temporary directory"

LEFT=72 RIGHT=523.276 MEASURE=451.276 PAD=5.5  # cells: half an em of 11 pt each side

# words FILE PAGE: "xMin yMin xMax yMax word" for every word on PAGE.
words() {
  pdftotext -bbox -f "$2" -l "$2" "$1" - 2>/dev/null | python3 -c '
import re, sys
for m in re.finditer(r"<word xMin=\"([-\d.]+)\" yMin=\"([-\d.]+)\" xMax=\"([-\d.]+)\" yMax=\"([-\d.]+)\">([^<]*)</word>", sys.stdin.read()):
    print(*m.groups())'
}

# ---- A wide table: shares from the dashes (6 : 30 : 12), cells wrapped inside the margins ---------
long_a="The committee reviewed every petition filed during the year and grouped them by the office"
long_b="that answered, the time taken and whether the petitioner was told of the outcome in writing."
python3 - "$long_a" "$long_b" >wide.md <<'PY'
import sys
a, b = sys.argv[1], sys.argv[2]
print("# Petitions\n")
print("| Code | Description | Status |")
print("|------|------------------------------|------------|")
for k in range(1, 4):
    print(f"| A{k} | {a} {b} | answered within thirty days, statusword{k} |")
PY
awk 'length > 72 { found = 1 } END { exit !found }' wide.md || fail "the wide table has no line over 72 characters"
quire-parse wide.md -o wide.yaml || fail "quire-parse wide.md failed"
grep -q 'widths: \[0.125, 0.625, 0.25\]' wide.yaml || fail "no widths from the dashes: $(grep -A3 'table:' wide.yaml)"
expect_status 0 quire build wide.md -o wide.pdf
check_pdf wide.pdf
words wide.pdf 1 >wide.words
[[ -s wide.words ]] || fail "no words on page 1"
# No word passes the right margin (a hair for rounding).
awk -v r="$RIGHT" '$3 > r + 0.5 { print; bad = 1 } END { exit bad }' wide.words >over.txt ||
  fail "words past the right margin ($RIGHT): $(head -3 over.txt)"
# The right-most cell starts where the dashes put it: 72 + (6 + 30) / 48 of the measure, plus padding.
status_x=$(awk '$5 ~ /^statusword/ || $5 == "answered" { print $1 }' wide.words | sort -n | head -1)
want=$(awk -v l=$LEFT -v m=$MEASURE -v p=$PAD 'BEGIN { printf "%.2f", l + 0.75 * m + p }')
awk -v x="$status_x" -v w="$want" 'BEGIN { exit !(x != "" && x > w - 1 && x < w + 1) }' ||
  fail "the Status column starts at x = $status_x, not $want (shares of the measure from the dashes)"
desc_x=$(awk '$5 == "The" { print $1 }' wide.words | sort -n | head -1)
want=$(awk -v l=$LEFT -v m=$MEASURE -v p=$PAD 'BEGIN { printf "%.2f", l + 0.125 * m + p }')
awk -v x="$desc_x" -v w="$want" 'BEGIN { exit !(x != "" && x > w - 1 && x < w + 1) }' ||
  fail "the Description column starts at x = $desc_x, not $want"
# Its cells wrapped: "statusword1" sits below the line of its row's "answered".
read -r a_y < <(awk '$5 == "answered" { print $2; exit }' wide.words)
read -r s_y < <(awk '$5 == "statusword1" { print $2; exit }' wide.words)
awk -v a="$a_y" -v s="$s_y" 'BEGIN { exit !(s > a + 5) }' || fail "the Status cell did not wrap ($a_y, $s_y)"
# The words read in order.
pdf_text wide.pdf | grep -q "Code Description Status" || fail "header out of order: $(pdf_text wide.pdf | head -c 300)"

# ---- Short lines: no widths, layout's natural columns (the table as narrow as its text) ---------
printf '| Code | Status |\n|------|------------|\n| A1 | open |\n' >narrow.md
quire-parse narrow.md -o narrow.yaml || fail "quire-parse narrow.md failed"
! grep -q 'widths:' narrow.yaml || fail "a table within 72 columns got widths"
expect_status 0 quire build narrow.md -o narrow.pdf
words narrow.pdf 1 >narrow.words
code_x=$(awk '$5 == "Code" { print $1 }' narrow.words) status_x=$(awk '$5 == "Status" { print $1 }' narrow.words)
awk -v c="$code_x" -v s="$status_x" 'BEGIN { exit !(c != "" && s != "" && s - c < 60) }' ||
  fail "the narrow table was stretched: Code at x = $code_x, Status at $status_x"

# `columns:` in the front matter moves the limit, as pandoc's --columns does.
{ printf -- '---\ncolumns: 400\n---\n\n'; cat wide.md; } >columns.md
quire-parse columns.md -o columns.yaml || fail "quire-parse columns.md failed"
! grep -q 'widths:' columns.yaml || fail "columns: 400 still gave widths"
{ printf -- '---\ncolumns: wide\n---\n\n'; cat wide.md; } >badcolumns.md
expect_status 0 quire-parse badcolumns.md -o bad.yaml
expect_stderr 'badcolumns\.md:2:10: warning: "columns" must be a whole number from 1; 72 is used'

# Widths in the model are checked: as many as columns, each a share from 0 to 1.
sed 's/widths: \[0.125, 0.625, 0.25\]/widths: [0.5, 0.5]/' wide.yaml >two.yaml
expect_status 1 quire-validate two.yaml
expect_stderr 'table has 2 column widths for 3 columns'
sed 's/widths: \[0.125, 0.625, 0.25\]/widths: [0.125, 2, 0.25]/' wide.yaml >big.yaml
expect_status 1 quire-render-pdf big.yaml -o big.pdf
expect_stderr 'a column width must be a number greater than 0 and at most 1'

# ---- A long table: the header row at the top of every page it reaches -------------------------
python3 - "$long_a" >long.md <<'PY'
import sys
print("| Code | Description | Status |")
print("|------|------------------------------|------------|")
for k in range(1, 61):
    print(f"| R{k} | {sys.argv[1]} | open |")
PY
expect_status 0 quire build long.md -o long.pdf
check_pdf long.pdf
pages=$(pdf_pages long.pdf)
[[ $pages -ge 3 ]] || fail "the long table takes $pages pages, expected 3 or more"
rows=0
for ((p = 1; p <= pages; p++)); do
  words long.pdf "$p" >page.words
  # The topmost words of the page are the header row's, each once.
  top=$(sort -k2,2n page.words | head -3 | awk '{ print $5 }' | sort | tr '\n' ' ')
  [[ $top == "Code Description Status " ]] || fail "page $p starts with '$top', not the header row"
  [[ $(awk '$5 == "Code"' page.words | wc -l) == 1 ]] || fail "page $p has the header more than once"
  awk -v r="$RIGHT" '$3 > r + 0.5 { bad = 1 } END { exit bad }' page.words || fail "page $p: a word past the margin"
  rows=$((rows + $(awk '$5 ~ /^R[0-9]+$/' page.words | wc -l)))
done
[[ $rows == 60 ]] || fail "$rows rows found across the pages, expected 60"

pass
