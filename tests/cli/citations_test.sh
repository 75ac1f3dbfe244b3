#!/usr/bin/env bash
# Citations end to end (issue 13, docs/citations.md): Markdown → model → quire-validate against a
# bibliography → a PDF with each citation rendered by a CSL style and the bibliography after the text.
source "$(dirname "$0")/lib.sh"
cd "$TMP"

cp "$QUIRE_SOURCE_DIR/tests/unit/biblio/sources.json" refs.json
cp "$QUIRE_SOURCE_DIR/tests/unit/biblio/sources.bib" refs.bib
cat >report.md <<'EOF'
---
bibliography: refs.json
---
# Water

As @smith2019 shows, the camps lacked water [see @unhcr2020, pp. 12-14; @doe2018, chap. 2].
The report [-@msf2021] agrees, and @handbook [para. 4] sums it up.
EOF

# The cite inline with positions, and the same document back through the YAML reader.
quire-parse report.md -o report.yaml || fail "quire-parse"
grep -q '{cite: \[{key: unhcr2020, prefix: see, locator: "12-14", label: page, pos: "report.md:6:50"}' report.yaml ||
  fail "no cite inline: $(grep -o 'cite:[^]]*' report.yaml | head -3)"
expect_status 0 quire-validate -q report.yaml
expect_status 0 quire-validate -q --uncited report.yaml
[[ ! -s $TMP/stderr ]] || fail "warnings for a bibliography all cited: $(cat "$TMP/stderr")"

# A mistyped key: an error at its @key with the known key as a guess; the .bib gives the same ids.
sed -e 's/@doe2018/@doe2108/' -e 's/refs.json/refs.bib/' report.md >typo.md
quire-parse typo.md -o typo.yaml || fail "quire-parse typo.md"
expect_status 1 quire-validate -q typo.yaml
expect_stderr '^typo\.md:6:73: error: unknown citation key "doe2108"'
expect_stderr 'hint: did you mean "doe2018"\?'

# A broken .bib: its own line and column, and no guesses about keys while it fails.
printf '@book{smith2019,\n  title = {Open\n' >refs.bib
expect_status 1 quire-validate -q typo.yaml
expect_stderr '^refs\.bib:2:11: error: .\{. is not closed'
grep -q 'unknown citation key' "$TMP/stderr" && fail "unknown keys reported while the .bib fails"

# Chicago author-date by default: the citations in the text, the bibliography after it, sorted.
expect_status 0 quire build report.md -o report.pdf
check_pdf report.pdf
text=$(pdf_text report.pdf)
want='As Smith, van der Berg, and Médecins Sans Frontières (2019) shows, the camps lacked water (see United Nations High Commissioner for Refugees 2020, 12–14; Doe and Dupont 2018, chap. 2). The report (2021–2022) agrees, and Garçon (2018, para. 4) sums it up.'
[[ $text == *"$want"* ]] || fail "citations not rendered: $text"
[[ $text == *"Doe, John, Jr., and François Dupont. 2018. “Shelter & WASH.” In Handbook of Humanitarian Action, edited by Marie Garçon, 5–9. Routledge. Garçon, Marie, ed. 2018."* ]] ||
  fail "bibliography not rendered in order: $text"

# APA, a {#refs} div under a heading of the writer's, nocite, link-citations.
cat >apa.md <<'EOF'
---
bibliography: refs.json
csl: apa
link-citations: true
nocite: ['@handbook']
---
# Water

Camps lacked water [@unhcr2020; @smith2019, p. 4], says @doe2018.

# Sources

::: {#refs}
:::

# Annex

After the sources.
EOF
expect_status 0 quire build apa.md -o apa.pdf
text=$(pdf_text apa.pdf)
[[ $text == *"Camps lacked water (Smith et al., 2019, p. 4; United Nations High Commissioner for Refugees, 2020), says Doe & Dupont (2018)."* ]] ||
  fail "APA citations: $text"
[[ $text == *"Sources Doe, J., Jr., & Dupont, F. (2018). Shelter & WASH. In M. Garçon (Ed.), Handbook of Humanitarian Action (pp. 5–9). Routledge. Garçon, M. (Ed.). (2018)."*"Annex After the sources."* ]] ||
  fail "bibliography not in the refs div, or the nocite entry missing: $text"
quire-parse apa.md -o apa.yaml && quire-compose apa.yaml -o apa.composed.yaml || fail "quire-compose"
grep -q '#ref-smith2019' apa.composed.yaml || fail "no link to #ref-smith2019"
grep -q 'ref-smith2019' apa.composed.yaml || fail "no entry with id ref-smith2019"

# A note style: each citation a footnote, its mark after the punctuation that follows, numbered with
# the writer's own footnotes.
cat >notes.md <<'EOF'
---
bibliography: refs.json
csl: chicago-note-bibliography
suppress-bibliography: true
---
Water ran short [see @unhcr2020, 12]. A note of mine.[^1] Again [@unhcr2020, 14], as @doe2018 says.

[^1]: Written by hand.
EOF
expect_status 0 quire build notes.md -o notes.pdf
text=$(pdf_text notes.pdf)
[[ $text == *"Water ran short.1 A note of mine.2 Again,3 as Doe and Dupont4 says."* ]] || fail "note marks: $text"
[[ $text == *"1. See United Nations High Commissioner for Refugees, Global Trends: Forced Displacement in 2019, 12."*"2. Written by hand. 3. United Nations High Commissioner for Refugees, 14."* ]] ||
  fail "notes: $text"
[[ $text == *"Geneva"* ]] && fail "suppress-bibliography printed the bibliography: $text"

# An unknown key: a warning at its @key, and that citation printed as its keys.
sed 's/@doe2018/@doe2108/' report.md >unknown.md
expect_status 0 quire build unknown.md -o unknown.pdf
expect_stderr '^unknown\.md:6:73: warning: no bibliography entry has the id "doe2108"'
expect_stderr 'did you mean "doe2018"'
[[ $(pdf_text unknown.pdf) == *"(see unhcr2020, pp. 12-14; doe2108, chap. 2)"* ]] || fail "unknown key not printed as keys"
pass
