#!/usr/bin/env bash
# One source, two editions: fenced divs marked for an audience are absent from the other edition's
# PDF (every word of them), present in their own; the internal edition is watermarked and encrypted.
source "$(dirname "$0")/lib.sh"
cd "$TMP"

cat >01-intro.md <<'MD'
---
title: Detention report
watermark: "{{#audience.internal}}CONFIDENTIAL{{/audience.internal}}"
numbersections: true
---

# Introduction

This report counts petitions about detention.

::: {.internal #sources}
## Sources {#sec:sources}

Informant Zebulon Quartermaine reported from Porto Calvo.[^tip]

::: warning
Do not forward Wolfgang Abernathy's affidavit.
:::
:::

::: public
Names of sources are withheld in this edition.
:::

[^tip]: Quartermaine's tip reached us by courier.
MD

cat >02-findings.md <<'MD'
# Findings

The total was 1,564 petitions.

::: {audience="internal board"}
Reviewer Philomena Okonkwo doubts the Lisbon figures.
:::

```markdown
::: internal
Code stays code in every edition: Ignatius.
:::
```
MD

# The words that only internal parts hold, taken from the sources themselves.
internal_words=(Informant Zebulon Quartermaine Porto Calvo courier forward Wolfgang Abernathy affidavit
  Sources Reviewer Philomena Okonkwo doubts Lisbon)
for w in "${internal_words[@]}"; do grep -q "$w" 0*.md || fail "test words out of date: $w"; done

expect_status 0 quire build 01-intro.md 02-findings.md --join --audience public -o public.pdf
check_pdf public.pdf
expect_status 0 quire build 01-intro.md 02-findings.md --join --audience internal --user-password s3cret \
  -o internal.pdf
qpdf --password=s3cret --decrypt internal.pdf plain.pdf || fail "internal edition does not open with its password"
check_pdf plain.pdf
pdftotext internal.pdf - >/dev/null 2>&1 && fail "internal edition opens without a password"
pub=$(pdf_text public.pdf)
int=$(pdf_text plain.pdf)
for w in "${internal_words[@]}"; do
  [[ $pub != *$w* ]] || fail "public edition contains '$w': $pub"
  [[ $int == *$w* ]] || fail "internal edition lacks '$w'"
done
[[ $pub == *"Names of sources are withheld"* && $int != *withheld* ]] || fail "public-only part misplaced"
[[ $pub == *"Ignatius"* && $int == *"Ignatius"* ]] || fail "a fence inside a code block was read as a fence"
# The watermark on every page of the internal edition (-raw: poppler leaves diagonal text out otherwise).
pages=$(pdf_pages plain.pdf)
((pages >= 1)) || fail "internal edition has no pages"
for ((p = 1; p <= pages; p++)); do
  [[ $(pdftotext -raw -f "$p" -l "$p" plain.pdf - | tr -d ' \n') == *CONFIDENTI* ]] || fail "page $p lacks the watermark"
done
[[ $(pdftotext -raw public.pdf - | tr -d ' \n') != *CONFIDENTI* ]] || fail "the public edition carries the watermark"
# The public edition's numbering has no gap where the internal section was.
[[ $pub == *"1 Introduction"*"2 Findings"* && $int == *"1.1 Sources"* ]] || fail "numbering: $pub"
# The board edition keeps the board's part only.
expect_status 0 quire build 01-intro.md 02-findings.md --join --audience board -o board.pdf
board=$(pdf_text board.pdf)
[[ $board == *Philomena* && $board != *Zebulon* && $board != *withheld* ]] || fail "board edition: $board"
# The model itself carries nothing of the removed parts.
quire-parse 01-intro.md 02-findings.md | quire-compose --join --audience public >public.yaml || fail "compose"
for w in "${internal_words[@]}"; do grep -q "$w" public.yaml && fail "public YAML contains '$w'"; done

# The report example: its internal note is in the internal edition only.
expect_status 0 quire build "$EXAMPLES"/report/0*.md --join -o report-public.pdf
expect_status 0 quire build "$EXAMPLES"/report/0*.md --join --audience internal -o report-internal.pdf
rpub=$(pdf_text report-public.pdf)
rint=$(pdf_text report-internal.pdf)
for w in declined Solidaridad Norte Voz Marchetti archivist; do
  grep -q "$w" "$EXAMPLES/report/02-methods.md" || fail "test words out of date: $w"
  [[ $rpub != *$w* ]] || fail "public report contains '$w'"
  [[ $rint == *$w* ]] || fail "internal report lacks '$w'"
done

# A reference into a removed part is an error at the referring line, in the public edition only.
printf '# A\n\n::: internal\n## Secret {#sec:secret}\n:::\n\nSee @sec:secret.\n' >ref.md
expect_status 1 quire build ref.md --audience public -o ref.pdf
expect_stderr "^ref.md:7:5: error: '@sec:secret' refers to a part left out of the 'public' edition"
expect_status 0 quire build ref.md --audience internal -o ref.pdf

# Fence mistakes are errors at the fence.
printf 'Text.\n\n::: internal\nNever closed.\n' >open.md
expect_status 1 quire-parse open.md
expect_stderr "^open.md:3:1: error: div is not closed"
pass
