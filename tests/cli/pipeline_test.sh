#!/usr/bin/env bash
# The pipe parse | validate | compose | render-pdf gives a valid PDF with the words in order, and
# `quire build` gives the same bytes.
source "$(dirname "$0")/lib.sh"
cat >"$TMP/doc.md" <<'MD'
---
title: Pipeline test
author: [Kim Min-ji, Ada Lovelace]
year: 2026
date: 2026-06-02
subject: Testing the pipe
keywords: [quire, test]
---
# Greetings {{meta.year}}

Dear friends — thank you. 후원자 여러분께 감사드립니다.

- first item
- second item with **bold** and *italic*

| Name | Amount |
|:-----|-------:|
| Kim  | 1,000  |
MD
quire-parse "$TMP/doc.md" | quire-validate | quire-compose | quire-render-pdf -o "$TMP/pipe.pdf" 2>"$TMP/err" ||
  fail "pipeline failed: $(cat "$TMP/err")"
check_pdf "$TMP/pipe.pdf"
text=$(pdf_text "$TMP/pipe.pdf")
for phrase in "Greetings 2026" "Dear friends" "후원자 여러분께 감사드립니다." "first item" "second item with bold and italic" "Kim" "1,000"; do
  grep -qF -- "$phrase" <<<"$text" || fail "'$phrase' missing from: $text"
done
# words in reading order
order=$(grep -oE "Greetings|Dear|first|second|Amount" <<<"$text" | tr '\n' ' ')
[[ $order == "Greetings Dear first second Amount " ]] || fail "reading order: $order"
pdfinfo "$TMP/pipe.pdf" | grep -q "^Title: *Pipeline test" || fail "no title in PDF metadata"
pdfinfo "$TMP/pipe.pdf" | grep -q "^Author: *Kim Min-ji" || fail "no author in PDF metadata"
pdfinfo "$TMP/pipe.pdf" | grep -q "^Subject: *Testing the pipe" || fail "no subject in PDF metadata"
pdfinfo "$TMP/pipe.pdf" | grep -q "^Keywords: *quire, test" || fail "no keywords in PDF metadata"
pdfinfo "$TMP/pipe.pdf" | grep -Eq "^CreationDate: .*Jun +2 .*2026" || fail "creation date is not the document's date"
SOURCE_DATE_EPOCH=0 quire build "$TMP/doc.md" -o "$TMP/epoch.pdf" || fail "build with SOURCE_DATE_EPOCH"
pdfinfo "$TMP/epoch.pdf" | grep -Eq "^CreationDate: .*1970" || fail "SOURCE_DATE_EPOCH does not set the date"

quire build "$TMP/doc.md" -o "$TMP/build.pdf" 2>"$TMP/err" || fail "quire build failed: $(cat "$TMP/err")"
cmp -s "$TMP/pipe.pdf" "$TMP/build.pdf" || fail "quire build differs from the pipe"

# --emit layout: text, one line per item, pages first
quire-parse "$TMP/doc.md" | quire-compose | quire-render-pdf --emit layout >"$TMP/layout.txt" || fail "--emit layout"
head -1 "$TMP/layout.txt" | grep -q '^page 1 ' || fail "layout dump starts with: $(head -1 "$TMP/layout.txt")"
grep -q '"Dear"' "$TMP/layout.txt" || fail "layout dump lacks the word Dear"

# several documents: one PDF with both, or one file per document with a pattern
quire-parse "$TMP/doc.md" "$TMP/doc.md" | quire-compose | quire-render-pdf -o "$TMP/both.pdf" || fail "two documents"
[[ $(pdf_pages "$TMP/both.pdf") == $((2 * $(pdf_pages "$TMP/pipe.pdf"))) ]] || fail "two documents: page count"
mkdir "$TMP/each"
quire-parse "$TMP/doc.md" "$TMP/doc.md" | quire-compose | quire-render-pdf -o "$TMP/each/{{n}}.pdf" || fail "pattern"
[[ -f $TMP/each/1.pdf && -f $TMP/each/2.pdf ]] || fail "pattern output: $(ls "$TMP/each")"
pass
