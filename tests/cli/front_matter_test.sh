#!/usr/bin/env bash
# pandoc's front-matter rule: a `---` block at the top that is not a YAML map is Markdown (a thematic
# break and a setext heading), not an error; a map is metadata; YAML that does not parse is an error.
source "$(dirname "$0")/lib.sh"

printf -- '---\nFoo\n---\n\nText after.\n' >"$TMP/rule.md"
expect_status 0 quire-parse "$TMP/rule.md"
[[ ! -s $TMP/stderr ]] || fail "a --- block holding a scalar was reported: $(cat "$TMP/stderr")"
grep -q "thematic-break" "$TMP/stdout" || fail "no thematic break: $(cat "$TMP/stdout")"
grep -Eq "heading: Foo|text: Foo" "$TMP/stdout" || fail "no heading 'Foo': $(cat "$TMP/stdout")"
grep -q "rule.md:2:1" "$TMP/stdout" || fail "the heading is not at line 2: $(cat "$TMP/stdout")"
grep -q "^meta:" "$TMP/stdout" && fail "a scalar became metadata: $(cat "$TMP/stdout")"
# and it renders: the heading's word is in the PDF
quire-parse "$TMP/rule.md" | quire-render-pdf -o "$TMP/rule.pdf" || fail "render failed"
[[ $(pdf_text "$TMP/rule.pdf") == *"Foo Text after."* ]] || fail "PDF text: $(pdf_text "$TMP/rule.pdf")"

# a map is front matter
printf -- '---\ntitle: Foo\n---\n\nText.\n' >"$TMP/map.md"
expect_status 0 quire-parse "$TMP/map.md"
grep -q "title: Foo" "$TMP/stdout" || fail "a map was not read as metadata: $(cat "$TMP/stdout")"

# YAML that does not parse is still an error, at its line
printf -- '---\ntitle: [Foo\n---\n\nText.\n' >"$TMP/broken.md"
expect_status 1 quire-parse "$TMP/broken.md"
expect_stderr "broken.md:[0-9]+:[0-9]+: error"
pass
