#!/usr/bin/env bash
# quire join: existing PDFs into one. Pages in order with their text, each file's outline under an
# entry of its own pointing at its first page, page labels restarting at 1 for each file, the same
# bytes twice; damaged, encrypted, missing and non-PDF inputs are errors naming the file, and no
# output is left.
source "$(dirname "$0")/lib.sh"
export SOURCE_DATE_EPOCH=1700000000
DIR="$EXAMPLES/donor-letter"

# ---- Inputs: a two-chapter document with an outline, and three letters of the mail merge --------
cat >"$TMP/guide.md" <<'EOF'
---
title: Field Guide
---
# Owls

Owls hunt at night.

# Herons

Herons wade in shallow water.

\newpage

## Grey heron

The grey heron is tall.
EOF
quire build "$TMP/guide.md" -o "$TMP/guide.pdf" 2>"$TMP/err" || fail "guide: $(cat "$TMP/err")"
(cd "$DIR" && quire build merge-letter.md --data donors.csv --records 1-3 --mkdir -o "$TMP/letters/{{n}}.pdf") 2>"$TMP/err" ||
  fail "letters: $(cat "$TMP/err")"
inputs=("$TMP/letters/1.pdf" "$TMP/guide.pdf" "$TMP/letters/2.pdf" "$TMP/letters/3.pdf")
total=0
for f in "${inputs[@]}"; do total=$((total + $(pdf_pages "$f"))); done
guide_pages=$(pdf_pages "$TMP/guide.pdf")
((guide_pages >= 2)) || fail "the guide should have at least 2 pages, has $guide_pages"

quire join "${inputs[@]}" -o "$TMP/all.pdf" 2>"$TMP/err" || fail "quire join failed: $(cat "$TMP/err")"
[[ ! -s $TMP/err ]] || fail "quire join said something: $(cat "$TMP/err")"
check_pdf "$TMP/all.pdf"
[[ $(pdf_pages "$TMP/all.pdf") == "$total" ]] || fail "all.pdf has $(pdf_pages "$TMP/all.pdf") pages, expected $total"

# Page for page, the text of the inputs in order.
page=1
for f in "${inputs[@]}"; do
  for ((i = 1; i <= $(pdf_pages "$f"); i++)); do
    want=$(pdftotext -enc UTF-8 -f "$i" -l "$i" "$f" - 2>/dev/null)
    got=$(pdftotext -enc UTF-8 -f "$page" -l "$page" "$TMP/all.pdf" - 2>/dev/null)
    [[ -n $want && $want == "$got" ]] || fail "page $page of all.pdf is not page $i of $f"
    page=$((page + 1))
  done
done

# The outline: one entry per file (the guide by its title, a letter by its title or file name), at
# the file's first page; the guide's own headings below its entry, at their pages.
qpdf --json --json-key=outlines --json-key=pages --json-key=pagelabels "$TMP/all.pdf" >"$TMP/all.json" ||
  fail "qpdf --json failed"
python3 - "$TMP/all.json" "$guide_pages" "$(pdf_pages "$TMP/letters/1.pdf")" <<'EOF' || fail "outline or page labels wrong (above)"
import json, sys
doc = json.load(open(sys.argv[1]))
guide_pages, letter_pages = int(sys.argv[2]), int(sys.argv[3])
top = doc["outlines"]
titles = [o["title"] for o in top]
if len(top) != 4:
    sys.exit(f"expected 4 top entries, got {titles}")
if top[1]["title"] != "Field Guide":
    sys.exit(f"the guide's entry is {top[1]['title']!r}")
starts = [o["destpageposfrom1"] for o in top]
if starts[0] != 1 or starts[1] != letter_pages + 1:
    sys.exit(f"entries point at pages {starts}")
if not all(a < b for a, b in zip(starts, starts[1:])):
    sys.exit(f"entries not in page order: {starts}")
kids = [k["title"] for k in top[1]["kids"]]
if kids != ["Owls", "Herons"]:
    sys.exit(f"the guide's own outline under its entry: {kids}")
grey = top[1]["kids"][1]["kids"]
if [k["title"] for k in grey] != ["Grey heron"] or grey[0]["destpageposfrom1"] != letter_pages + 2:
    sys.exit(f"Grey heron entry wrong: {grey}")
# Page labels: each file's pages numbered from 1 (decimal), starting at its first page.
labels = {l["index"]: l["label"] for l in doc["pagelabels"]}
for s in starts:
    lab = labels.get(s - 1)
    if not lab or lab.get("/S") != "/D" or lab.get("/St", 1) != 1:
        sys.exit(f"no label restarting at 1 on page {s}: {doc['pagelabels']}")
EOF

# The same inputs give the same bytes.
quire join "${inputs[@]}" -o "$TMP/again.pdf" || fail "second join failed"
cmp -s "$TMP/all.pdf" "$TMP/again.pdf" || fail "two joins of the same files differ"

# A joined file joins again, its outline nested once more.
quire join "$TMP/all.pdf" "$TMP/guide.pdf" -o "$TMP/twice.pdf" || fail "joining a joined file failed"
[[ $(pdf_pages "$TMP/twice.pdf") == $((total + guide_pages)) ]] || fail "twice.pdf has the wrong page count"

# ---- Bad inputs: named, exit 1 (2 for a missing file), nothing written, nothing clobbered ------
echo "keep me" >"$TMP/out.pdf"
head -c 2000 "$TMP/guide.pdf" >"$TMP/cut.pdf"
expect_status 1 quire join "$TMP/guide.pdf" "$TMP/cut.pdf" -o "$TMP/out.pdf"
expect_stderr "cut\.pdf: error: (not a PDF, or a damaged one|damaged PDF)"
echo "plain text" >"$TMP/text.pdf"
expect_status 1 quire join "$TMP/text.pdf" -o "$TMP/out.pdf"
expect_stderr "text\.pdf: error: not a PDF"
qpdf --encrypt secret owner 256 -- "$TMP/guide.pdf" "$TMP/locked.pdf" || fail "qpdf --encrypt failed"
expect_status 1 quire join "$TMP/guide.pdf" "$TMP/locked.pdf" -o "$TMP/out.pdf"
expect_stderr "locked\.pdf: error: is encrypted"
qpdf --encrypt "" owner 256 -- "$TMP/guide.pdf" "$TMP/open-locked.pdf" || fail "qpdf --encrypt failed"
expect_status 1 quire join "$TMP/open-locked.pdf" -o "$TMP/out.pdf"
expect_stderr "open-locked\.pdf: error: is encrypted"
# A damaged cross-reference table qpdf could repair is still refused.
python3 - "$TMP/guide.pdf" "$TMP/badxref.pdf" <<'EOF' || fail "cannot write badxref.pdf"
import sys
data = bytearray(open(sys.argv[1], "rb").read())
at = data.rfind(b"startxref")
end = data.index(b"%%EOF", at)
data[at:end] = b"startxref\n12345\n"
open(sys.argv[2], "wb").write(bytes(data))
EOF
expect_status 1 quire join "$TMP/badxref.pdf" -o "$TMP/out.pdf"
expect_stderr "badxref\.pdf: error: "
expect_status 2 quire join "$TMP/guide.pdf" "$TMP/missing.pdf" -o "$TMP/out.pdf"
expect_stderr "missing\.pdf.*cannot open"
[[ $(cat "$TMP/out.pdf") == "keep me" ]] || fail "a failed join replaced the output"
[[ -z $(find "$TMP" -maxdepth 1 -name '.out.pdf*' -o -maxdepth 1 -name 'out.pdf.*') ]] || fail "a failed join left a temporary file"
expect_status 2 quire join "$TMP/guide.pdf"
expect_status 2 quire join "$TMP/guide.pdf" -o "$TMP/guide.pdf"
expect_status 2 quire join "$TMP/guide.pdf" -o "$TMP/no/such/dir/out.pdf"
quire join "$TMP/guide.pdf" --mkdir -o "$TMP/new/dir/out.pdf" || fail "--mkdir did not create the directory"
pass
