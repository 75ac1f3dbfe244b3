#!/usr/bin/env bash
# The example report's pages, as a reader checks them: no widow or orphan, the contents' page numbers
# are the pages the headings are on, the lists of figures' and tables' page numbers the pages their
# captions (and raster images) are on, one outline entry per heading and list, footnotes on the page of their
# reference, running headers and "Page N of M" footers (none on the title page), and a watermark on
# every page when the metadata asks for one.
source "$(dirname "$0")/lib.sh"

report=$TMP/report.pdf
bash "$EXAMPLES/report/run.sh" "$report" >"$TMP/run.log" 2>&1 || fail "report/run.sh: $(tail -5 "$TMP/run.log")"
check_pdf "$report"
pages=$(pdf_pages "$report")
((pages >= 30)) || fail "the report has $pages pages, expected 30 or more"
cd "$EXAMPLES/report" || fail "no $EXAMPLES/report"
chapters=(0[0-9]-*.md)
quire-parse "${chapters[@]}" | quire-validate | quire-compose --join | quire-render-pdf --emit layout -o "$TMP/report.layout" ||
  fail "layout dump of the report"
# page_text PDF N: page N's text, whitespace folded (each page extracted once).
page_text() {
  local cache=$TMP/text-$(basename "$1")-$2
  [[ -f $cache ]] || pdftotext -enc UTF-8 -f "$2" -l "$2" "$1" - 2>/dev/null | tr -s ' \n\f' '  ' >"$cache"
  cat "$cache"
}

# ---- Widows and orphans -------------------------------------------------------------------------
# Body lines are the 11 pt runs of a baseline; lines of one paragraph are one line height (14.85 pt)
# apart. Where the last line of a page and the first of the next join into text of one source
# paragraph, the paragraph was split there: both sides must have at least two lines.
python3 - "$TMP/report.layout" "${chapters[@]}" >"$TMP/widows.log" 2>&1 <<'PY' || fail "widows/orphans: $(cat "$TMP/widows.log")"
import re, sys
dump, sources = sys.argv[1], sys.argv[2:]
paras = []
for src in sources:
    text = open(src, encoding="utf-8").read().split("\n---\n", 1)[-1]
    for block in re.split(r"\n\s*\n", text):
        block = re.sub(r"\[\^[^\]]*\]", "", block)              # footnote marks
        block = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", block)  # links
        block = re.sub(r"[*`>]|^\s*[-0-9.]+\s", "", block, flags=re.M)
        paras.append(" ".join(block.split()))
squeezed = [p.replace(" ", "") for p in paras]
pages, lines = [], {}
for row in open(dump, encoding="utf-8"):
    if row.startswith("page "):
        lines = {}
        pages.append(lines)
    m = re.match(r'text (\S+) (\S+) f\d+ 11.00 "(.*)"(?: kern [-0-9.: ]+)?(?: rtl)?(?: glyphs [-0-9.@:/, ]+)?$', row)
    if m:
        lines.setdefault(float(m.group(2)), []).append((float(m.group(1)), m.group(3)))
def text(line):
    return " ".join(w for _, w in sorted(line))
def run(ys):  # how many lines one line height apart, from the first of ys
    n = 1
    while n < len(ys) and abs(abs(ys[n] - ys[n - 1]) - 14.85) < 0.05:
        n += 1
    return n
splits = bad = 0
for p in range(len(pages) - 1):
    a, b = sorted(pages[p]), sorted(pages[p + 1])
    if not a or not b:
        continue
    # Compared without spaces: a word may come as several runs (hyphenation points, font changes).
    last, first = text(pages[p][a[-1]]), text(pages[p + 1][b[0]])
    joined = last + " " + first
    variants = {(last + first).replace(" ", ""), (last.rstrip("-") + first).replace(" ", "")}
    if not any(v in para for v in variants for para in squeezed):
        continue
    splits += 1
    before, after = run(a[::-1]), run(b)
    if before < 2 or after < 2:
        bad += 1
        print(f"page {p + 1}/{p + 2}: a paragraph split {before}/{after} lines at '{joined[:70]}'")
if splits == 0:
    print("no paragraph split across pages was found: the check saw nothing")
    bad += 1
sys.exit(1 if bad else 0)
PY

# ---- Contents and outline -------------------------------------------------------------------------
# The pages of the lists of figures and tables: those starting with their titles (under the running
# header), after the contents.
lof_page=0 lot_page=0
for ((p = 1; p <= 8; p++)); do
  top=$(pdftotext -layout -enc UTF-8 -f $p -l $p "$report" - 2>/dev/null | grep -v '^ *$' | head -2 | sed 's/^ *//; s/ *$//')
  grep -qx "List of Figures" <<<"$top" && lof_page=$p
  grep -qx "List of Tables" <<<"$top" && lot_page=$p
done
((lof_page > 1 && lot_page > lof_page)) || fail "no list of figures then of tables after the contents ($lof_page, $lot_page)"
# Every entry of the lists ("Figure 2: Petitions by … . . . . 14", a long caption over two lines) names
# the page where pdftotext finds that caption, and a raster figure's page holds an image.
python3 - "$report" "$lof_page" "$lot_page" >"$TMP/lists.log" 2>&1 <<'PY' || fail "lists: $(cat "$TMP/lists.log")"
import re, subprocess, sys
pdf, lof, lot = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def text(page, layout=False):
    args = ["pdftotext", "-enc", "UTF-8", "-f", str(page), "-l", str(page)] + (["-layout"] if layout else [])
    return subprocess.run(args + [pdf, "-"], capture_output=True, text=True).stdout
def entries(page):
    out, pending = [], ""
    for line in text(page, True).splitlines():
        line = line.strip()
        if not line or line in ("Paper Trails", "List of Figures", "List of Tables") or re.match(r"Page \d+ of \d+$", line):
            continue  # the running header and footer, the title
        m = re.match(r"(.*?)(?: \.)+ *(\d+)$", line) or re.match(r"(.*?) +(\d+)$", line)
        if m:
            out.append(((pending + " " + m.group(1)).strip(), int(m.group(2))))
            pending = ""
        else:
            pending = (pending + " " + line).strip()
    return out
fold = lambda s: " ".join(s.split())
for page, word, count in ((lof, "Figure", 4), (lot, "Table", 3)):
    found = entries(page)
    assert len(found) == count, f"page {page}: {len(found)} entries, expected {count}: {found}"
    for n, (caption, at) in enumerate(found, 1):
        assert caption.startswith(f"{word} {n}: "), f"entry {n} of page {page} is {caption!r}"
        assert at != page and fold(caption) in fold(text(at)), f"{caption!r} is not on page {at}"
        if word == "Figure" and n in (1, 4):  # the PNG figures
            images = subprocess.run(["pdfimages", "-list", "-f", str(at), "-l", str(at), pdf],
                                    capture_output=True, text=True).stdout.splitlines()[2:]
            assert images, f"figure {n} is listed on page {at}, where pdfimages finds no image"
PY
# Every contents entry ("1.2 Title . . . . 5") names the page where pdftotext finds that heading.
toc=$(for ((p = 1; p < lof_page; p++)); do pdftotext -layout -enc UTF-8 -f $p -l $p "$report" - 2>/dev/null; done | grep -E '(\. ){3,}.*[0-9]+ *$')
entries=$(grep -c . <<<"$toc")
headings=$(grep '^outline ' "$TMP/report.layout" | grep -cv '"List of \(Figures\|Tables\)"$')
in_source=$(awk '/^```/ { code = !code } !code && /^#+ / { n++ } END { print n }' "${chapters[@]}")
((headings == in_source)) || fail "the outline has $headings entries; the chapters have $in_source headings"
((entries == headings)) || fail "the contents list $entries entries, the outline $headings headings (toc-depth 3 lists all)"
while IFS= read -r line; do
  number=$(sed -E 's/.* ([0-9]+) *$/\1/' <<<"$line")
  title=$(sed -E 's/^ *//; s/( \.)+.*$//; s/ *$//' <<<"$line")
  [[ $(page_text "$report" "$number") == *"$title"* ]] || fail "contents: '$title' is not on page $number"
done <<<"$toc"
# The outline (from the layout dump) agrees with where the headings are, level by level.
grep -q '^outline 1 [0-9]* [0-9.]* "1 Introduction"$' "$TMP/report.layout" || fail "outline: no level-1 '1 Introduction'"
grep -q '^outline 3 [0-9]* [0-9.]* "1.1.1 Scope of this report"$' "$TMP/report.layout" || fail "outline: no level-3 entry"
while read -r _ _ page _ title; do
  title=${title#\"}
  title=${title%\"}
  [[ $(page_text "$report" "$page") == *"$title"* ]] || fail "outline: '$title' is not on page $page"
done < <(grep '^outline ' "$TMP/report.layout" | head -40)
# The PDF's outline: qpdf counts one bookmark per heading.
bookmarks=$(qpdf --json --json-key=outlines "$report" 2>/dev/null |
  python3 -c 'import json,sys
def count(items): return sum(1 + count(i.get("kids", [])) for i in items)
print(count(json.load(sys.stdin).get("outlines", [])))' 2>/dev/null)
[[ -n $bookmarks ]] || fail "qpdf --json shows no outline in $report"
((bookmarks == headings + 2)) || fail "the PDF outline has $bookmarks bookmarks for $headings headings and 2 lists"
# The text refers to each figure and table by number (compared without spaces and hyphens, which line
# ends add).
all=$(pdf_text "$report" | tr -d ' -')
for want in "Table 1 counts what each kind of source sent us" "(Table 2)" "Figure 1 shows the same series" \
  "Figure 2 is the same table by region" "Figures 1 and 3 tell the same story" "Figure 4 draws it once more" \
  "Table 3 lists the coding" "The petitions of chapter 3 again (Figure 1)"; do
  [[ $all == *"$(tr -d ' -' <<<"$want")"* ]] || fail "the report does not say '$want'"
done

# ---- Footnotes on the page of their reference ----------------------------------------------------
notes=0
while read -r n ref_page note_page first; do
  ((ref_page == note_page)) || fail "footnote $n is on page $note_page, its reference on page $ref_page"
  text=$(page_text "$report" "$note_page")
  [[ ${text// /} == *"${first// /}"* ]] || fail "footnote $n: '$first' not on page $note_page"
  notes=$((notes + 1))
done < <(awk '
  /^page / { page = $2 }
  /^anchor .* fnref-/ { split($4, a, "-"); ref[a[2]] = page }
  /^anchor .* fn-/ { split($4, a, "-"); note[a[2]] = page; want = a[2]; words = ""; count = 0; next }
  want != "" && /^text / && $5 == "9.35" {
    w = $0; sub(/^[^"]*"/, "", w); sub(/"( kern .*| rtl.*| glyphs .*)?$/, "", w)
    if (w ~ /^[0-9]+\.$/) next
    words = words (count ? " " : "") w
    if (++count == 3) { first[want] = words; want = "" }
  }
  END { for (n in note) print n, ref[n], note[n], first[n] }' "$TMP/report.layout")
((notes >= 15)) || fail "only $notes footnotes found in the layout"

# ---- Running header and footer ---------------------------------------------------------------------
[[ $(page_text "$report" 1) != *"Page 1 of"* ]] || fail "the title page carries a footer"
for ((p = 2; p <= pages; p++)); do
  text=$(page_text "$report" "$p")
  [[ $text == *"Page $p of $pages"* ]] || fail "page $p has no 'Page $p of $pages' footer"
  [[ $text == *"Paper Trails"* ]] || fail "page $p has no running title"
done
# The section in the header of the page where "3.1 Petitions by year and region" starts.
p=$(awk '/^outline 2 .*"3.1 Petitions by year and region"/ { print $3 }' "$TMP/report.layout")
[[ -n $p ]] || fail "no outline entry for 3.1"
header=$(pdftotext -layout -enc UTF-8 -f "$p" -l "$p" "$report" - 2>/dev/null | sed -n 1,3p)
# It names a section that starts on that page: 3.1, or one after it when several start there.
named=0
while IFS= read -r title; do
  [[ $header == *"Paper Trails"*"$title"* ]] && named=1
done < <(awk -v p="$p" '/^outline 2 / && $3 == p { t = $0; sub(/^[^"]*"/, "", t); sub(/"$/, "", t); print t }' "$TMP/report.layout")
((named)) || fail "page $p's header does not name section 3.1 or one starting after it on that page: $header"

# ---- Watermark ---------------------------------------------------------------------------------------
quire-parse "${chapters[@]}" | quire-validate | quire-compose --join --set watermark=CONFIDENTIAL |
  tee >(quire-render-pdf --emit layout -o "$TMP/marked.layout") | quire-render-pdf -o "$TMP/marked.pdf" ||
  fail "rendering with a watermark"
wait
check_pdf "$TMP/marked.pdf"
marked=$(pdf_pages "$TMP/marked.pdf")
for ((p = 1; p <= marked; p++)); do
  # -raw: poppler's default reading order leaves out diagonal text. Only the word's start is required:
  # a backend that does not rotate runs it off the page's right edge, where poppler cuts it.
  text=$(pdftotext -raw -f "$p" -l "$p" "$TMP/marked.pdf" - 2>/dev/null | tr -d ' \n')
  [[ $text == *CONFIDENTI* ]] || fail "page $p of the marked report has no watermark: ${text:0:200}"
done
# Drawn first on every page, beneath everything else.
firsts=$(awk '/^page / { getline; print }' "$TMP/marked.layout" | grep -cE '"CONFIDENTIAL" angle 45.00( glyphs .*)?$')
((firsts == marked)) || fail "the watermark is the first item of $firsts of $marked pages"

pass
