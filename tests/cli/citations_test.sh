#!/usr/bin/env bash
# Citations end to end (issue 13, docs/citations.md): Markdown → model → quire-validate against a
# bibliography → a PDF that prints each citation as its keys until a style renders them.
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

# The PDF prints the citations as their keys, in the order written.
expect_status 0 quire build report.md -o report.pdf
check_pdf report.pdf
text=$(pdf_text report.pdf)
want='As smith2019 shows, the camps lacked water (see unhcr2020, pp. 12-14; doe2018, chap. 2). The report (msf2021) agrees, and handbook (para. 4) sums it up.'
[[ $text == *"$want"* ]] || fail "citations not printed as their keys: $text"
pass
