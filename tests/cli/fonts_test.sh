#!/usr/bin/env bash
# Faces named per script (`fonts:`), code blocks that fall back like paragraphs, emoji drawn from an
# outline font, quotation marks by language, and --strict on the renderer and quire build.
source "$(dirname "$0")/lib.sh"

salam=$'\u0627\u0644\u0633\u0644\u0627\u0645 \u0639\u0644\u064A\u0643\u0645'  # السلام عليكم
namaste=$'\u0928\u092E\u0938\u094D\u0924\u0947'                                  # नमस्ते

# fonts: {arabic: …} puts Arabic text in that face; without it another face serves Arabic.
printf -- '---\nfonts:\n  arabic: Noto Naskh Arabic\n---\nPeace: %s, and to you.\n' "$salam" >"$TMP/named.md"
printf 'Peace: %s, and to you.\n' "$salam" >"$TMP/plain.md"
expect_status 0 quire build "$TMP/named.md" -o "$TMP/named.pdf"
check_pdf "$TMP/named.pdf"
pdffonts "$TMP/named.pdf" | grep -q "NotoNaskhArabic-Regular" || fail "named Arabic face not used: $(pdffonts "$TMP/named.pdf")"
pdffonts "$TMP/named.pdf" | grep -q "LiberationSerif " || fail "Latin left the main font"
expect_status 0 quire build "$TMP/plain.md" -o "$TMP/plain.pdf"
pdffonts "$TMP/plain.pdf" | grep -q "NotoNaskhArabic" && fail "Naskh used without being named"
# A name that is no script is an error at its position, from quire-validate and the renderer.
printf -- '---\nfonts:\n  arabik: Noto Naskh Arabic\n---\nText\n' >"$TMP/bad.md"
quire-parse "$TMP/bad.md" >"$TMP/bad.yaml" || fail "parse of bad.md"
expect_status 1 quire-validate -q "$TMP/bad.yaml"
expect_stderr 'bad.yaml:[0-9]+:[0-9]+: error: fonts: "arabik" is not the name of a script'
expect_status 1 quire build "$TMP/bad.md" -o "$TMP/bad.pdf"
expect_stderr 'bad.md:3:11: error: fonts: "arabik" is not the name of a script'
[[ -e $TMP/bad.pdf ]] && fail "a failed run wrote bad.pdf"

# Code blocks: Devanagari in a code block is drawn by a face that has it, and extracts again.
printf '```\nprint("%s")\n```\n' "$namaste" >"$TMP/code.md"
expect_status 0 quire build "$TMP/code.md" -o "$TMP/code.pdf"
[[ -s $TMP/stderr ]] && fail "warnings for covered code: $(cat "$TMP/stderr")"
check_pdf "$TMP/code.pdf"
pdffonts "$TMP/code.pdf" | grep -qi "devanagari" || fail "no Devanagari face for code: $(pdffonts "$TMP/code.pdf")"
pdf_text "$TMP/code.pdf" | grep -qF "print(\"$namaste\")" || fail "code text: $(pdf_text "$TMP/code.pdf")"
# … and a character no font has is the same warning as in a paragraph, at the code block.
printf 'Text.\n\n```\nmark \U0010FFFD here\n```\n' >"$TMP/code-missing.md"
expect_status 0 quire build "$TMP/code-missing.md" -o "$TMP/code-missing.pdf"
expect_stderr 'code-missing.md:3:1: warning: no font has U\+10FFFD'

# --strict: the same warning fails the run and writes nothing (one file, a pattern, quire build).
quire-parse "$TMP/code-missing.md" >"$TMP/code-missing.yaml" || fail "parse"
expect_status 0 quire-render-pdf "$TMP/code-missing.yaml" -o "$TMP/lenient.pdf"
[[ -s $TMP/lenient.pdf ]] || fail "no PDF without --strict"
expect_status 1 quire-render-pdf --strict "$TMP/code-missing.yaml" -o "$TMP/strict.pdf"
expect_stderr 'warning: no font has U\+10FFFD'
[[ -e $TMP/strict.pdf ]] && fail "--strict left a PDF"
mkdir -p "$TMP/out"
expect_status 1 quire-render-pdf --strict "$TMP/code-missing.yaml" -o "$TMP/out/{{n}}.pdf"
[[ -z $(ls "$TMP/out") ]] || fail "--strict left files: $(ls "$TMP/out")"
expect_status 1 quire build --strict "$TMP/code-missing.md" -o "$TMP/strict.pdf"
[[ -e $TMP/strict.pdf ]] && fail "quire build --strict left a PDF"
expect_status 0 quire build --strict "$TMP/plain.md" -o "$TMP/clean.pdf"
[[ -s $TMP/clean.pdf ]] || fail "--strict without warnings wrote nothing"

# Emoji are drawn from an outline font (Symbola), not lost.
printf 'Thank you %s and %s.\n' $'\U0001F64F' $'\U0001F91D' >"$TMP/emoji.md"
expect_status 0 quire build "$TMP/emoji.md" -o "$TMP/emoji.pdf"
[[ -s $TMP/stderr ]] && fail "emoji warned: $(cat "$TMP/stderr")"
check_pdf "$TMP/emoji.pdf"
pdf_text "$TMP/emoji.pdf" | grep -qF $'you \U0001F64F and \U0001F91D' || fail "emoji text: $(pdf_text "$TMP/emoji.pdf")"

# Typed quotes become the language's marks, in the PDF's text too.
printf -- '---\nlang: de\n---\n"Guten Tag", sagte sie.\n\n::: {lang=fr}\n"Bonjour"\n:::\n' >"$TMP/quotes.md"
expect_status 0 quire build "$TMP/quotes.md" -o "$TMP/quotes.pdf"
text=$(pdf_text "$TMP/quotes.pdf")
[[ $text == *$'\u201EGuten Tag\u201C, sagte sie.'* ]] || fail "German quotes: $text"
[[ $text == *$'\u00AB\u202FBonjour\u202F\u00BB'* || $text == *$'\u00AB Bonjour \u00BB'* ]] || fail "French quotes: $text"
# A span's lang= picks fonts made for its language: Japanese forms of Han inside Chinese text.
printf -- '---\nlang: zh-CN\n---\n%s [%s]{lang=ja}\n' $'\u4E2D\u6587' $'\u6771\u4EAC' >"$TMP/span.md"
expect_status 0 quire build "$TMP/span.md" -o "$TMP/span.pdf"
check_pdf "$TMP/span.pdf"
fonts=$(pdffonts "$TMP/span.pdf")
grep -q "IPA" <<<"$fonts" || fail "no Japanese face for the span: $fonts"
grep -qi "uming" <<<"$fonts" || fail "no Chinese face for the text: $fonts"
pdf_text "$TMP/span.pdf" | grep -qF $'\u4E2D\u6587 \u6771\u4EAC' || fail "span text: $(pdf_text "$TMP/span.pdf")"
pass
