#!/usr/bin/env bash
# Templates, fields, audiences, includes and cross-references through the real tools.
source "$(dirname "$0")/lib.sh"
cd "$TMP"

# ---- letter: every part, in order
cat >letter.md <<'MD'
---
from: {name: Ada Lovelace, address: "12 St James's Square\nLondon SW1Y 4JH"}
to: {name: Charles Babbage, address: "1 Dorset Street\nLondon W1U 4EG"}
date: 2020-06-02
lang: en-GB
subject: The Analytical Engine
signature: {name: Ada Lovelace, title: Countess of Lovelace}
enclosures: [Notes on the Engine]
---

Dear Charles Babbage,

Thank you for your letter. I enclose my notes.

Yours sincerely,
MD
expect_status 0 quire build letter.md --template letter -o letter.pdf
check_pdf letter.pdf
text=$(pdf_text letter.pdf)
# The letterhead (the sender's name and address), the return line and the recipient in the window, then
# what flows; the date stands right of the window (pdftotext reads it last).
order="Ada Lovelace 12 St James's Square · London SW1Y 4JH Ada Lovelace · 12 St James's Square · London SW1Y 4JH Charles Babbage 1 Dorset Street London W1U 4EG The Analytical Engine Dear Charles Babbage, Thank you for your letter. I enclose my notes. Yours sincerely, Ada Lovelace Countess of Lovelace Enclosures: Notes on the Engine"
[[ $text == *"$order"* && $text == *"2 June 2020"* ]] || fail "letter parts out of order: $text"
# letter-window: none: the date and the recipient flow under the letterhead, in reading order.
expect_status 0 quire build letter.md --template letter --set letter-window=none -o none.pdf
order="Ada Lovelace 12 St James's Square · London SW1Y 4JH 2 June 2020 Charles Babbage 1 Dorset Street London W1U 4EG The Analytical Engine Dear Charles Babbage,"
[[ $(pdf_text none.pdf) == *"$order"* ]] || fail "flowing letter parts out of order: $(pdf_text none.pdf)"

# The pipe gives the same document as quire build's compose stage.
quire-parse letter.md | quire-compose --template letter >letter.yaml || fail "pipe compose"
grep -q 'paragraph: Dear Charles Babbage,' letter.yaml || fail "no salutation in the composed YAML"

# ---- a user template that extends letter changes only the letterhead colour and logo
cp "$EXAMPLES/report/figures/petitions.png" logo.png
cat >base.yaml <<'YAML'
extends: letter
meta:
  letterhead: {name: Friends of the Library, address: 1 Library Lane, logo: base.png}
YAML
cat >mine.yaml <<'YAML'
extends: base.yaml
meta:
  letterhead: {colour: "#8B0000", logo: logo.png}
YAML
cp logo.png base.png
expect_status 0 quire-compose --template base.yaml -o base-out.yaml <(quire-parse letter.md)
expect_status 0 quire-compose --template mine.yaml -o mine-out.yaml <(quire-parse letter.md)
diff base-out.yaml mine-out.yaml >diff.txt
changed=$(grep -E '^[<>]' diff.txt | sed -E 's/^[<>] *//' | sort -u | tr '\n' '|')
[[ $changed == *'colour: "#1A2A4C"'* && $changed == *'colour: "#8B0000"'* ]] || fail "colour not changed: $changed"
# The colour and the logo (made absolute: relative to the template that names it): nothing else.
here=$(pwd -P)
[[ $changed == "colour: \"#1A2A4C\"|colour: \"#8B0000\"|logo: $here/base.png|logo: $here/logo.png|" ]] ||
  fail "the extending template changed more than colour and logo: $(cat diff.txt)"
grep -q 'letterhead:' mine-out.yaml && grep -q 'name: Friends of the Library' mine-out.yaml || fail "inherited letterhead lost"
expect_status 0 quire build letter.md --template mine.yaml -o mine.pdf
[[ $(pdf_text mine.pdf) == *"Friends of the Library 1 Library Lane"* ]] || fail "letterhead not set: $(pdf_text mine.pdf)"
pdfimages -list mine.pdf | grep -q image || fail "no logo image in the letter"

# a template that extends itself is an error; an unknown one a usage error
printf 'extends: loop.yaml\n' >loop.yaml
expect_status 1 quire-compose --template loop.yaml -o /dev/null <(quire-parse letter.md)
expect_stderr "loop.yaml:1:1: error: template 'loop.yaml' extends itself"
expect_status 2 quire build letter.md --template nosuch -o x.pdf
expect_stderr "unknown template 'nosuch'"

# ---- US #10 window on US Letter
quire-parse letter.md | quire-compose --template letter --set letter-window=us10 >us.yaml || fail "us10"
grep -q 'papersize: letter' us.yaml && grep -q 'top: "2.042in"' us.yaml || fail "no us10 window: $(head -30 us.yaml)"

# ---- audiences: the public edition carries none of the internal words
cat >report.md <<'MD'
# Findings

Everyone may read this sentence.

::: internal
Privileged: the informant Zebulon Quartermaine met us in Porto Calvo.
:::

The total was 1,564 petitions{{#audience.internal}}, of which Xanthippe filed nine{{/audience.internal}}.
MD
expect_status 0 quire build report.md --audience public -o public.pdf
expect_status 0 quire build report.md --audience internal -o internal.pdf
pub=$(pdf_text public.pdf); int=$(pdf_text internal.pdf)
for w in Privileged Zebulon Quartermaine Xanthippe nine; do
  [[ $pub != *$w* ]] || fail "public edition contains '$w'"
  [[ $int == *$w* ]] || fail "internal edition lacks '$w'"
done
[[ $pub == *"1,564 petitions."* ]] || fail "public sentence broken: $pub"
expect_status 0 quire build report.md -o default.pdf
[[ $(pdf_text default.pdf) != *Zebulon* ]] || fail "the default audience is not public"

# ---- includes, relative to the including file; cycles and the root are checked
mkdir -p book/parts
printf -- '---\ntitle: Book\nnumbersections: true\n---\n\n{{> parts/one.md}}\n\nSee @sec:method.\n' >book/main.md
printf '# One\n\n{{> two.md}}\n' >book/parts/one.md
printf '## Method {#sec:method}\n\nThe method.\n' >book/parts/two.md
expect_status 0 quire build book/main.md -o book.pdf
[[ $(pdf_text book.pdf) == *"1.1 Method"*"See Section 1.1."* ]] || fail "include or reference: $(pdf_text book.pdf)"
printf '# Loop\n\n{{> main.md}}\n' >book/loop.md
printf '{{> loop.md}}\n' >book/main2.md
cp book/main2.md book/main.md
expect_status 1 quire build book/main.md -o x.pdf
expect_stderr "book/loop.md:3:1: error: 'main.md' includes itself"
printf '{{> ../letter.md}}\n' >book/out.md
expect_status 1 quire build book/out.md -o x.pdf
expect_stderr 'book/out.md:1:1: error: include "../letter.md" is outside the project root ".*/book"'
expect_status 0 quire build book/out.md --allow-outside-root -o x.pdf

# ---- errors carry the Markdown position
printf '# Title\n\nSee @sec:nowhere here.\n' >ref.md
expect_status 1 quire build ref.md -o x.pdf
expect_stderr "^ref.md:3:5: error: unknown label 'sec:nowhere'"
printf -- '---\ndate: 2020-13-45\n---\n\nText.\n\nDated {{date | date}}.\n' >bad.md
expect_status 1 quire build bad.md -o x.pdf
expect_stderr "^bad.md:7:1: error: field 'date': '2020-13-45' is not a date"
printf 'Dear {{name}},\n' >missing.md
expect_status 1 quire build missing.md -o x.pdf
expect_stderr "^missing.md:1:1: error: field 'name' has no value"
expect_status 0 quire build missing.md --allow-missing -o x.pdf

# ---- the report example through the report template: title page, contents, chapters
expect_status 0 "$EXAMPLES/report/run-template.sh" "$TMP/report.pdf"
check_pdf report.pdf
rtext=$(pdftotext -l 2 report.pdf - | tr -s ' \n\f' '  ')
[[ $rtext == *"Paper Trails"*"Contents"*"1 Introduction"*"2 Methods"* ]] || fail "report front matter: $rtext"
# The title page stands alone (titlepage: true): title, authors, organisation; the contents on page 2.
page1=$(pdftotext -f 1 -l 1 report.pdf - | tr -s ' \n\f' '  ')
[[ $page1 == *"Paper Trails"*"Ji-won Han"*"Calvera Rights Monitor"*"2026-04-15"* ]] || fail "title page: $page1"
[[ $page1 != *Contents* && $page1 != *Introduction* ]] || fail "the title page is not alone: $page1"
pdftotext -f 2 -l 2 report.pdf - | head -5 | grep -q '^Contents' || fail "the contents do not start page 2"
# A logo on the title page, above the title.
expect_status 0 quire build "$EXAMPLES"/report/0[1-4]*.md --join --template report --set logo="$PWD/logo.png" \
  --set organisation=Monitor --allow-outside-root -o logo-report.pdf
[[ $(pdfimages -f 1 -l 1 -list logo-report.pdf | tail -n +3 | wc -l) == 1 ]] || fail "no logo on the title page"
logo_y=$(pdfimages -f 1 -l 1 -list logo-report.pdf >/dev/null; pdftotext -f 1 -l 1 -bbox logo-report.pdf - |
  grep -m1 '>Paper<' | sed -E 's/.*yMin="([0-9.]+)".*/\1/')
[[ -n $logo_y ]] && awk -v y="$logo_y" 'BEGIN { exit !(y > 200) }' || fail "the title is not below the logo: y=$logo_y"

# ---- the casebook example: 50 cases, two editions
expect_status 0 "$EXAMPLES/casebook/run.sh" "$TMP/cb"
pubcb=$(pdf_text cb/casebook-public.pdf); intcb=$(pdf_text cb/casebook-internal.pdf)
[[ $(grep -o 'Case C-0[0-9][0-9]:' <<<"$pubcb" | sort -u | wc -l) == 50 ]] || fail "public casebook lacks cases"
[[ $pubcb == *"C-050"*"Eviction"* || $pubcb == *"C-050"* ]] || fail "no C-050"
[[ $pubcb != *Handler* && $pubcb != *"Person concerned"* ]] || fail "public casebook names people"
[[ $(grep -o 'Handler:' <<<"$intcb" | wc -l) == 50 ]] || fail "internal casebook lacks handlers"
[[ $intcb == *CONFIDENTIAL* && $pubcb == *CONFIDENTIAL.* ]] || fail "notice or watermark missing"
[[ $(grep -o 'CONFIDENTIAL' <<<"$pubcb" | wc -l) == 1 ]] || fail "public casebook carries the watermark"
[[ $pubcb != *privileged* && $pubcb == *"Public edition"* ]] || fail "public casebook: wrong notice"
[[ $intcb == *privileged* && $intcb != *"Public edition"* ]] || fail "internal casebook: wrong notice"
pass
