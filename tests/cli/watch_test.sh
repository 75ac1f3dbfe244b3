#!/usr/bin/env bash
# quire watch: builds at once, then again when a file the last build read changes — the Markdown
# file, a file it includes, an image — one line per build with its time; a broken edit prints the
# diagnostics and keeps the last good PDF; a file the build did not read changes nothing; SIGINT
# ends it cleanly (exit 0, no temporary file left).
source "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || fail "python3 is needed"
cd "$TMP" || fail "no TMP"
cp "$EXAMPLES/donor-letter/logo.png" logo.png || fail "no logo.png"
cat >doc.md <<'EOF'
---
title: Watched
---
# First version

![Logo](logo.png)

{{> part.md}}
EOF
printf 'Included text, first.\n' >part.md

quire watch doc.md -o out.pdf -j 1 2>watch.log &
pid=$!
trap 'kill -9 $pid 2>/dev/null; rm -rf "$TMP"' EXIT

# wait_lines N: until watch.log has N status lines (30 s at most).
wait_lines() {
  local i
  for ((i = 0; i < 300; i++)); do
    (($(grep -c '^quire watch: [0-9][0-9]:[0-9][0-9]:[0-9][0-9] ' watch.log) >= $1)) && return 0
    kill -0 $pid 2>/dev/null || fail "quire watch died: $(cat watch.log)"
    sleep 0.1
  done
  fail "no status line $1 after 30 s: $(cat watch.log)"
}

wait_lines 1
grep -q 'built out.pdf in' watch.log || fail "the first build: $(cat watch.log)"
[[ $(pdf_text out.pdf) == *"First version"* ]] || fail "out.pdf lacks the text: $(pdf_text out.pdf)"
[[ $(pdf_text out.pdf) == *"Included text, first."* ]] || fail "out.pdf lacks the included text"

# The Markdown file changes (written in place, as by `>`).
sed -i 's/First version/Second version/' doc.md
wait_lines 2
[[ $(pdf_text out.pdf) == *"Second version"* ]] || fail "out.pdf was not rebuilt: $(pdf_text out.pdf)"

# An included file, replaced by renaming a new one over it (as editors save).
printf 'Included text, second.\n' >part.new && mv part.new part.md
wait_lines 3
[[ $(pdf_text out.pdf) == *"Included text, second."* ]] || fail "an included file's change was not seen"

# An image, touched: a build (the line), the same text.
touch logo.png
wait_lines 4

# A file the build never read: nothing happens.
echo "noise" >unrelated.txt
sleep 1
(($(grep -c '^quire watch: [0-9]' watch.log) == 4)) || fail "a file the build did not read caused a build: $(cat watch.log)"

# A broken edit: the diagnostics, at their line; the last good PDF kept.
cp out.pdf good.pdf
printf -- '---\ntitle: [unclosed\n---\n# Broken\n' >doc.md
wait_lines 5
grep -Eq 'failed \(1 error\); out\.pdf kept from [0-9:]{8}' watch.log || fail "no failure line: $(cat watch.log)"
grep -q 'doc\.md:[0-9]*:[0-9]*: error' watch.log || fail "the diagnostics are not printed: $(cat watch.log)"
cmp -s out.pdf good.pdf || fail "a failed build replaced the last good PDF"

# Fixed again: built.
printf -- '---\ntitle: Fixed\n---\n# Third version\n' >doc.md
wait_lines 6
[[ $(pdf_text out.pdf) == *"Third version"* ]] || fail "the fixed document was not built"

# SIGINT: a clean end.
kill -INT $pid
for ((i = 0; i < 100; i++)); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
kill -0 $pid 2>/dev/null && fail "quire watch is still running after SIGINT"
wait $pid
status=$?
[[ $status == 0 ]] || fail "quire watch exited $status after SIGINT: $(tail -3 watch.log)"
grep -q 'stopped' watch.log || fail "no line saying it stopped"
[[ -z $(ls -A | grep -v -e '^doc.md$' -e '^part.md$' -e '^logo.png$' -e '^out.pdf$' -e '^good.pdf$' -e '^unrelated.txt$' -e '^watch.log$') ]] ||
  fail "files left behind: $(ls -A)"

# Usage: standard input cannot be watched.
expect_status 2 quire watch - -o x.pdf </dev/null
pass
