#!/usr/bin/env bash
# Captions, numbering, cross-references and the lists of figures and tables (issue 14), as a reader
# checks them: each list's page numbers name the page where pdftotext finds that caption (and where
# pdfimages finds a raster figure), the lists are in the outline, references read "Figures 1 and 2",
# an unknown or doubled label fails the build at its position with nothing written, the words follow
# lang:, and sizes from {width=…} reach the page.
source "$(dirname "$0")/lib.sh"

cd "$TMP" || fail "no $TMP"
cp "$EXAMPLES/report/figures/petitions.png" "$EXAMPLES/report/figures/by-region.pdf" \
  "$EXAMPLES/report/figures/answered.svg" . || fail "no figures to copy"

# Three chapters of filler with four figures (raster, PDF, SVG; one pinned, one without a label) and
# three captioned tables, so that figures float and the lists run over the text's pages.
python3 - >doc.md <<'PY'
import random
random.seed(7)
words = "the petition was sent to the working group and answered after months by a short note".split()
def para(tag):
    return tag + " " + " ".join(random.choice(words) for _ in range(90)) + ".\n"
print("---\ntitle: Captions\ntoc: true\nlof: true\nlot: true\nnumbersections: true\nhyphenate: false\n---\n")
print("# Counting {#sec:counting}\n")
for i in range(4): print(para(f"Alpha{i}"))
print("![Petitions sent and answered](petitions.png){#fig:sent}\n")
for i in range(3): print(para(f"Beta{i}"))
print("| Year | Sent |\n|---|--:|\n| 2019 | 161 |\n| 2020 | 176 |\n\n: Petitions per year {#tbl:years}\n")
print("As [@fig:sent; @fig:regions] and @tbl:years show, see also [-@fig:lines] and @sec:counting.\n")
print("# Regions\n")
for i in range(3): print(para(f"Gamma{i}"))
print("![Petitions by region](by-region.pdf){#fig:regions width=50%}\n")
print(": Regions, coded {#tbl:regions}\n\n| Region | Code |\n|---|---|\n| North | N |\n| Islands | I |\n")
for i in range(5): print(para(f"Delta{i}"))
print("![Lines of petitions](answered.svg){#fig:lines .wide}\n")
print("# Annex\n")
for i in range(4): print(para(f"Eps{i}"))
print("![An unlabelled chart, pinned](petitions.png){placement=here}\n")
print("| Case | Days |\n|---|--:|\n| C-001 | 9 |\nTable: Days held\n")
print("The tables are [@tbl:years; @tbl:regions] and the figures [@fig:sent; @fig:regions; @fig:lines].\n")
PY
expect_status 0 quire build doc.md -o doc.pdf
check_pdf doc.pdf
expect_status 0 quire build doc.md --emit layout -o doc.layout
text=$(pdf_text doc.pdf)
for want in "Figure 1: Petitions sent and answered" "Table 1: Petitions per year" "Table 2: Regions, coded" \
  "Table 3: Days held" "Figure 4: An unlabelled chart, pinned" "As Figures 1 and 2 and Table 1 show, see also 3 and Section 1." \
  "The tables are Tables 1 and 2 and the figures Figures 1, 2 and 3."; do
  [[ $text == *"$want"* ]] || fail "no '$want' in the text"
done

# page_text PAGE: the page's text, whitespace folded.
page_text() { pdftotext -enc UTF-8 -f "$1" -l "$1" doc.pdf - 2>/dev/null | tr -s ' \n\f' '  '; }
# The pages of the lists: the page whose text starts with the list's title.
pages=$(pdf_pages doc.pdf)
lof_page=0 lot_page=0
for ((p = 1; p <= pages; p++)); do
  t=$(page_text "$p")
  [[ $t == " List of Figures"* || $t == "List of Figures"* ]] && lof_page=$p
  [[ $t == " List of Tables"* || $t == "List of Tables"* ]] && lot_page=$p
done
((lof_page > 0 && lot_page > lof_page)) || fail "no list of figures then list of tables (pages $lof_page, $lot_page)"
# Each entry "Figure N: caption . . . . P": page P (not the list's) shows that caption; a raster
# figure's image is on page P.
check_list() {  # PAGE WORD COUNT
  local entries n=0
  entries=$(pdftotext -layout -enc UTF-8 -f "$1" -l "$1" doc.pdf - 2>/dev/null | grep -E "^ *$2 [0-9]+:.*[0-9]+ *$")
  while IFS= read -r line; do
    local number caption
    number=$(sed -E 's/.* ([0-9]+) *$/\1/' <<<"$line")
    caption=$(sed -E 's/^ *//; s/( \.)+ *[0-9]+ *$//; s/ +[0-9]+ *$//' <<<"$line")
    ((number != $1)) || fail "'$caption' is listed on its own list's page"
    [[ $(page_text "$number") == *"$caption"* ]] || fail "list: '$caption' is not on page $number"
    n=$((n + 1))
  done <<<"$entries"
  ((n == $3)) || fail "the list on page $1 has $n entries of '$2', expected $3: $entries"
}
check_list "$lof_page" Figure 4
check_list "$lot_page" Table 3
# The PNG is drawn twice (figures 1 and 4): on the pages the list gives them.
lof=$(pdftotext -layout -enc UTF-8 -f "$lof_page" -l "$lof_page" doc.pdf - 2>/dev/null)
for n in 1 4; do
  page=$(grep -E "^ *Figure $n:" <<<"$lof" | sed -E 's/.* ([0-9]+) *$/\1/')
  pdfimages -list -f "$page" -l "$page" doc.pdf 2>/dev/null | awk 'NR > 2' | grep -q . ||
    fail "figure $n is listed on page $page, where pdfimages finds no image"
done
# The outline has the headings and both lists.
outline=$(qpdf --json --json-key=outlines doc.pdf 2>/dev/null | python3 -c 'import json,sys
def walk(items):
    for i in items:
        print(i.get("title", "")); walk(i.get("kids", []))
walk(json.load(sys.stdin).get("outlines", []))')
for want in "List of Figures" "List of Tables" "1 Counting" "3 Annex"; do
  grep -qx "$want" <<<"$outline" || fail "the outline has no '$want': $outline"
done
# Links: each reference's number goes to its figure or table (annotations with internal destinations).
links=$(qpdf --json doc.pdf 2>/dev/null | grep -c '"/Subtype": "/Link"')
((links >= 15)) || fail "only $links links (contents, lists and references)"

# Sizes: width=50% is half the measure (A4, 1 in margins: 451.28 pt), .wide the whole of it.
widths=$(awk '/^image/ { print $4 }' doc.layout | sort -n | uniq | tr '\n' ' ')
awk -v w="$widths" 'BEGIN { n = split(w, a, " "); h = 0; f = 0
  for (i = 1; i <= n; i++) { if (a[i] > 225 && a[i] < 226.5) h = 1; if (a[i] > 450.5 && a[i] < 452) f = 1 }
  exit !(h && f) }' || fail "no image half the measure wide and one the full measure: widths $widths"

# ---- Mistakes: an unknown label, a label twice: errors at their positions, nothing written -------------
printf '# A\n\n![Chart](petitions.png){#fig:chart}\n\nSee @fig:chrat.\n' >unknown.md
expect_status 1 quire build unknown.md -o unknown.pdf
expect_stderr "unknown.md:5:5: error: unknown label 'fig:chrat' in '@fig:chrat'"
expect_stderr "did you mean 'fig:chart'\?"
[[ ! -e unknown.pdf ]] || fail "an output was written despite the error"
printf '![A](petitions.png){#fig:a}\n\n![B](petitions.png){#fig:a}\n' >twice.md
expect_status 1 quire build twice.md -o twice.pdf
expect_stderr 'twice.md:3:1: error: id "fig:a" is used twice'
[[ ! -e twice.pdf ]] || fail "an output was written despite the error"

# ---- The words by lang:, and numbers by chapter ---------------------------------------------------
printf -- '---\nlang: de\nlof: true\nfigure-numbering: chapter\n---\n\n# Eins\n\n# Zwei\n\n![Karte](petitions.png){#fig:k}\n\nSiehe @fig:k.\n' >de.md
expect_status 0 quire build de.md -o de.pdf
de=$(pdf_text de.pdf)
for want in "Abbildungsverzeichnis" "Abbildung 2.1: Karte" "Siehe Abbildung 2.1."; do
  [[ $de == *"$want"* ]] || fail "no '$want' in the German document: ${de:0:300}"
done
pass
