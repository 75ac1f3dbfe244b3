#!/usr/bin/env bash
# pandoc's JSON AST in and out (docs/pandoc.md):
#  1. quire → pandoc JSON → quire gives the same YAML model on every Markdown example;
#  2. pandoc reads the JSON quire writes (and makes a DOCX of it);
#  3. pandoc's Markdown reader and quire's give the same model on every example, once what is known
#     to differ (docs/markdown.md, "pandoc's Markdown and quire's") is normalised;
#  4. a DOCX that pandoc makes from the report comes back through --from pandoc with every word,
#     heading, table and footnote, and renders.
# Part 1 needs only quire; the rest needs pandoc (Debian's `pandoc`, a test dependency), and the test
# skips (exit 77) when it is not installed.
source "$(dirname "$0")/lib.sh"

mapfile -t examples < <(ls "$EXAMPLES"/*/*.md)
((${#examples[@]} >= 9)) || fail "expected the examples' Markdown files, found ${#examples[@]}"

# ---- 1. the round trip, byte for byte ------------------------------------------------------------
for md in "${examples[@]}"; do
  name=$(basename "$md" .md)
  quire-parse "$md" >"$TMP/$name.yaml" 2>/dev/null || fail "quire-parse $md"
  quire-parse "$md" --to pandoc >"$TMP/$name.json" || fail "quire-parse --to pandoc $md"
  quire-parse --from pandoc "$TMP/$name.json" >"$TMP/$name.back.yaml" 2>"$TMP/stderr" ||
    fail "--from pandoc on $name.json: $(cat "$TMP/stderr")"
  [[ ! -s $TMP/stderr ]] || fail "reading back $name.json warned: $(cat "$TMP/stderr")"
  cmp -s "$TMP/$name.yaml" "$TMP/$name.back.yaml" ||
    fail "$name: the round trip changed the model: $(diff "$TMP/$name.yaml" "$TMP/$name.back.yaml" | head -c 1500)"
done
# A composed document (chapters joined, citations rendered as notes) survives it too (--from yaml), up
# to what docs/pandoc.md says comes back otherwise: each chapter's footnotes at the end of the whole,
# adjacent texts as one. Written as pandoc JSON again, it is the same JSON.
(cd "$EXAMPLES/report" && quire-parse 0*.md | quire-compose --join) >"$TMP/joined.yaml" || fail "compose the report"
quire-parse --from yaml --to pandoc "$TMP/joined.yaml" >"$TMP/joined.json" || fail "--from yaml --to pandoc"
quire-parse --from pandoc "$TMP/joined.json" >"$TMP/joined.back.yaml" || fail "--from pandoc on the joined report"
quire-parse --from yaml --to pandoc "$TMP/joined.back.yaml" >"$TMP/joined.again.json" || fail "--to pandoc again"
cmp -s "$TMP/joined.json" "$TMP/joined.again.json" || fail "the joined report's round trip changed it"
[[ $(grep -c 'footnote:' "$TMP/joined.back.yaml") == $(grep -c 'footnote:' "$TMP/joined.yaml") ]] ||
  fail "footnotes lost in the joined report's round trip"

# --to pandoc writes one document
expect_status 2 quire-parse --to pandoc "${examples[0]}" "${examples[1]}"
expect_stderr "writes one document, and the input holds 2"
expect_status 1 quire-parse --from pandoc "$TMP/joined.yaml"
expect_stderr "joined\.yaml:1:1: error: expected pandoc.s JSON AST .* but found .-."

command -v pandoc >/dev/null || { echo "pandoc is not installed: skipping the rest"; exit 77; }

# ---- 2. pandoc reads what quire writes -------------------------------------------------------------
for md in "${examples[@]}"; do
  name=$(basename "$md" .md)
  pandoc -f json -t native "$TMP/$name.json" >"$TMP/$name.native" 2>"$TMP/stderr" ||
    fail "pandoc cannot read $name.json: $(cat "$TMP/stderr")"
done
grep -q 'Header' "$TMP/01-introduction.native" || fail "no heading in pandoc's reading of the report"
grep -q 'Cite' "$TMP/01-introduction.native" || fail "no citation in pandoc's reading of the report"
grep -q 'Note' "$TMP/01-introduction.native" || fail "no footnote in pandoc's reading of the report"
pandoc -f json -o "$TMP/letter.docx" "$TMP/letter.json" || fail "pandoc -f json -o letter.docx"
pandoc "$TMP/letter.docx" -t plain | tr -s ' \n' '  ' | grep -q "Thank you" || fail "the letter's text is not in its DOCX"

# ---- 3. pandoc's Markdown and quire's --------------------------------------------------------------
# Both readings written as pandoc JSON by quire, then normalised (tests/cli/pandoc_normalise.py).
for md in "${examples[@]}"; do
  name=$(basename "$md" .md)
  pandoc -f markdown -t json "$md" | quire-parse --from pandoc 2>"$TMP/$name.warnings" |
    quire-parse --from yaml --to pandoc >"$TMP/$name.pandoc.json" || fail "pandoc's reading of $name through quire"
  python3 "$(dirname "$0")/pandoc_normalise.py" compare "$TMP/$name.pandoc.json" "$TMP/$name.json" ||
    fail "pandoc's Markdown and quire's differ on $name (above)"
done

# ---- 4. the report through Word ---------------------------------------------------------------------
# (no table of contents: its heading would be one more; PDF and SVG figures become their descriptions)
pandoc -f json -M toc=false --resource-path "$EXAMPLES/report" -o "$TMP/report.docx" "$TMP/joined.json" 2>"$TMP/stderr" ||
  fail "pandoc could not write the report as DOCX: $(cat "$TMP/stderr")"
(cd "$TMP" && pandoc report.docx --extract-media=. -t json) | quire-parse --from pandoc >"$TMP/from-docx.yaml" 2>"$TMP/stderr" ||
  fail "--from pandoc on the DOCX's JSON: $(cat "$TMP/stderr")"
quire-parse --from yaml --to pandoc "$TMP/from-docx.yaml" >"$TMP/from-docx.json" || fail "--to pandoc"
python3 "$(dirname "$0")/pandoc_normalise.py" content "$TMP/joined.json" "$TMP/from-docx.json" ||
  fail "the report lost words, headings, tables or footnotes through DOCX (above)"
(cd "$TMP" && quire-render-pdf from-docx.yaml -o from-docx.pdf) 2>"$TMP/stderr" || fail "render: $(cat "$TMP/stderr")"
ls "$TMP"/media/*.png >/dev/null 2>&1 || fail "no figure came back from the DOCX"
check_pdf "$TMP/from-docx.pdf"
text=$(pdf_text "$TMP/from-docx.pdf")
for words in "Paper Trails" "Why petitions matter" "Working Group on Arbitrary Detention"; do
  [[ $text == *"$words"* ]] || fail "'$words' is not in the PDF made from the DOCX"
done
pass
