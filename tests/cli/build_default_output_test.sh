#!/usr/bin/env bash
# `quire build` without -o writes FILE.pdf beside the first input (Typst's habit), overwrites a PDF
# there but refuses (exit 2, the file untouched) anything else, and needs -o for standard input.
source "$(dirname "$0")/lib.sh"
mkdir -p "$TMP/sub dir"
printf '# First\n\nBeside its source.\n' >"$TMP/sub dir/letter.md"
printf '# Second\n\nJoined.\n' >"$TMP/two.md"
cd "$TMP" || fail "cd"

expect_status 0 quire build "sub dir/letter.md"
check_pdf "sub dir/letter.pdf"
pdf_text "sub dir/letter.pdf" | grep -q "Beside its source." || fail "letter.pdf holds the wrong text"
[[ ! -s $TMP/stdout ]] || fail "the PDF also went to standard output"

# An existing PDF is replaced; the first input names the output when there are several.
expect_status 0 quire build "sub dir/letter.md" two.md --join
pdf_text "sub dir/letter.pdf" | grep -q "Joined." || fail "the PDF was not rewritten"
[[ ! -e two.pdf ]] || fail "the second input named an output"

# Anything else is not overwritten.
printf 'keep me\n' >two.pdf
expect_status 2 quire build two.md
expect_stderr 'two\.pdf.*not a PDF'
[[ $(cat two.pdf) == "keep me" ]] || fail "a file that is not a PDF was overwritten"
mkdir notes.pdf
printf 'x\n' >notes.md
expect_status 2 quire build notes.md
expect_stderr 'notes\.pdf.*not a PDF'

# Standard input has no name to take.
expect_status 2 quire build - <two.md
expect_stderr 'standard input.*-o'
# A Markdown file named .pdf would be its own output.
cp two.md self.pdf
expect_status 2 quire build self.pdf
[[ $(cat self.pdf) == "$(cat two.md)" ]] || fail "the input was overwritten"

# --emit layout without -o still writes standard output.
expect_status 0 quire build two.md --emit layout
grep -q "Joined" "$TMP/stdout" || fail "--emit layout wrote nothing to standard output"
pass
