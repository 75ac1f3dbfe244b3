#!/usr/bin/env bash
# Figures and images (issue 14): a broken or missing image fails the run at its position with no
# output written (a merge with --keep-going skips that record only); links that go nowhere warn.
source "$(dirname "$0")/lib.sh"
cd "$TMP" || fail "no temporary directory"
cp "$EXAMPLES/report/figures/petitions.png" chart.png

# ---- A missing image is an error at its line, in build and in render-pdf --------------------------
printf '# Picture\n\n![The chart](missing.png)\n\nAfter the picture.\n' >missing.md
expect_status 1 quire build missing.md -o missing.pdf
expect_stderr '^missing\.md:3:1: error: image "missing\.png": file ".*missing\.png" not found'
[[ ! -e missing.pdf ]] || fail "build wrote a PDF without its image"
quire-parse missing.md -o missing.yaml || fail "quire-parse failed"
expect_status 1 quire-render-pdf missing.yaml -o missing.pdf
expect_stderr '^missing\.md:3:1: error: image "missing\.png": file .* not found'
[[ ! -e missing.pdf ]] || fail "render-pdf wrote a PDF without its image"

# A file that is no image, and a title-page logo that is missing: errors at the logo's key.
printf 'not a picture' >fake.png
printf '# Picture\n\n![The chart](fake.png)\n' >fake.md
expect_status 1 quire build fake.md -o fake.pdf
expect_stderr 'fake\.md:3:1: error: image "fake\.png": .*is not a PNG, JPEG, PDF or SVG file'
printf -- '---\ntitle: Report\ntitlepage: true\nlogo: nologo.png\n---\n\nText.\n' >logo.md
expect_status 1 quire build logo.md -o logo.pdf
expect_stderr 'logo\.md:4:7: error: image "nologo\.png": file .* not found'
[[ ! -e logo.pdf ]] || fail "build wrote a PDF without its logo"

# ---- A merge: the record whose image is missing fails alone with --keep-going --------------------
printf -- '---\ntitle: Card\n---\n\nDear {{name}},\n\n![Your photo]({{photo}})\n' >card.md
printf 'name,photo\nAda,chart.png\nBob,gone.png\nCy,chart.png\n' >people.csv
expect_status 1 quire build card.md --data people.csv --keep-going --mkdir -o 'cards/{{name}}.pdf'
expect_stderr 'people\.csv:3: error: record 2: image "gone\.png": file .* not found'
expect_stderr 'hint: the field is at card\.md:7:1'
expect_stderr '1 of 3 records failed'
[[ -e cards/Ada.pdf && -e cards/Cy.pdf && ! -e cards/Bob.pdf ]] || fail "keep-going wrote: $(ls cards)"
pdfimages -list cards/Cy.pdf | grep -q image || fail "Cy's card has no image"
expect_status 1 quire build card.md --data people.csv --mkdir -o 'stop/{{name}}.pdf'
expect_stderr 'stopped at the first record that failed'

# ---- Links that go nowhere: warnings with a did-you-mean, errors under --strict ------------------
printf '# Methods\n\nSee [the methods](#method) and [Methods]().\n' >links.md
expect_status 0 quire build links.md -o links.pdf
expect_stderr 'links\.md:3:1: warning: link to "#method" matches no heading, div, span, figure or table id'
expect_stderr 'did you mean "#methods"\?'
expect_stderr 'links\.md:3:1: warning: link "\[Methods\]\(\)" has an empty destination'
check_pdf links.pdf
expect_status 1 quire build --strict links.md -o strict.pdf
[[ ! -e strict.pdf ]] || fail "--strict wrote a PDF"

pass
