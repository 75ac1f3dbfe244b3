#!/usr/bin/env bash
# A stage that fails part-way through a pipe ends its stream with an abort document, so the stages
# after it fail too and no combined output is written from part of the input (docs/format.md,
# "Aborted streams"; docs/mail-merge.md).
source "$(dirname "$0")/lib.sh"
cd "$TMP"
printf 'name,when\nAda,2020-01-02\nBo,2020-13-45\nCy,2020-02-03\n' >donors.csv
printf -- '---\ntitle: Thanks\n---\n\nDear {{name}}, thank you for your gift of {{when | date}}.\n' >letter.md
quire-parse letter.md -o letter.yaml || fail "parse"

# compose stops at record 2: the stream it wrote ends with the abort document.
quire-compose --data donors.csv letter.yaml >stream.yaml 2>compose.err
[[ $? == 1 ]] || fail "compose should exit 1"
tail -1 stream.yaml | grep -q '^quire-abort: ' || fail "no abort document at the end: $(tail -3 stream.yaml)"
grep -q 'Dear Ada' stream.yaml || fail "the first letter should have been written before the failure"

# render (and validate in between) fail on it; an existing all.pdf is left untouched.
echo "old" >all.pdf
quire-compose --data donors.csv letter.yaml 2>/dev/null | quire-render-pdf -o all.pdf 2>render.err
[[ ${PIPESTATUS[1]} == 1 ]] || fail "render should exit 1 on an aborted stream"
grep -q 'the stream ends early: the stage that wrote it failed (quire-compose' render.err || fail "$(cat render.err)"
grep -q '^<stdin>:[0-9]*:[0-9]*: error: ' render.err || fail "no position: $(cat render.err)"
[[ $(cat all.pdf) == old ]] || fail "all.pdf was replaced from part of the stream"
ls -a | grep -q '\.tmp' && fail "a temporary file was left: $(ls -a)"

quire-compose --data donors.csv letter.yaml 2>/dev/null | quire-validate 2>/dev/null | quire-render-pdf -o all.pdf 2>render.err
[[ ${PIPESTATUS[2]} == 1 ]] || fail "render after validate should exit 1"
grep -q 'quire-validate failed' render.err || fail "$(cat render.err)"
[[ $(cat all.pdf) == old ]] || fail "all.pdf was replaced"

# quire-parse: a second input that fails after the first was written.
printf -- '---\ntitle: [unclosed\n---\n\nText.\n' >broken.md
quire-parse letter.md broken.md 2>/dev/null | quire-render-pdf -o all.pdf 2>render.err
[[ ${PIPESTATUS[1]} == 1 ]] || fail "render should fail after a failed parse"
[[ $(cat all.pdf) == old ]] || fail "all.pdf was replaced"

# A file target is written atomically instead: no file, no abort document needed.
quire-compose --data donors.csv letter.yaml -o out.yaml 2>/dev/null && fail "compose should fail"
[[ ! -e out.yaml ]] || fail "out.yaml left behind"

# --keep-going: the stream is complete (the failed record left out), so render makes the PDF.
quire-compose --keep-going --data donors.csv letter.yaml 2>/dev/null | quire-render-pdf -o all.pdf
[[ ${PIPESTATUS[0]} == 1 && ${PIPESTATUS[1]} == 0 ]] || fail "keep-going: ${PIPESTATUS[*]}"
check_pdf all.pdf
text=$(pdf_text all.pdf)
[[ $text == *"Dear Ada"*"Dear Cy"* && $text != *"Dear Bo"* ]] || fail "keep-going letters: $text"
pass
