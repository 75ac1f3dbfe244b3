#!/usr/bin/env bash
# Runs one case of tests/hostile/cases.txt: tests/hostile/run.sh NAME (CTest registers every case as
# hostile.NAME; see tests/hostile/hostile.cmake). Needs QUIRE_BIN and QUIRE_SOURCE_DIR like tests/cli.
#
# A case is one line:  NAME | EXIT | STDERR-REGEX | OPTIONS | SNIPPET
# The snippet is bash, run in a fresh temporary directory holding a copy of tests/hostile/inputs/.
# Inside it, `run TOOL ARGS…` runs a tool under the case's bounds and fails the case unless the tool
# exits EXIT with standard error matching STDERR-REGEX (extended regex; "-" matches anything). Other
# commands check outcomes and call `fail MESSAGE`. OPTIONS ("-" for none, else comma-separated):
#   cpu=SECONDS (default 30)  mem=MB address space (default 1536)  wall=SECONDS (default 60)
#   big      skipped under sanitizers (the bound is for the normal build)
#   root     needs root (mount, mknod): skipped otherwise
#   xfail    known bug in a module someone else owns: passes while the case fails, fails once it passes
#   pending  the feature it needs has not landed: skipped
# Exit 0 pass, 1 fail, 77 skip (CTest SKIP_RETURN_CODE).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
name=${1:?usage: run.sh CASE}
# shellcheck source=../cli/lib.sh
source "$here/../cli/lib.sh"

line=$(grep -E "^${name//./\\.} +\| " "$here/cases.txt" | head -1)
[[ -n $line ]] || { echo "no case '$name' in cases.txt" >&2; exit 1; }
sep=$'\x1f'
fields=$(sed -E "s/ +\| +/$sep/; s/ +\| +/$sep/; s/ +\| +/$sep/; s/ +\| +/$sep/" <<<"$line")
IFS=$sep read -r _ want_exit want_regex options snippet <<<"$fields"

cpu=30 mem=1536 wall=60 big=0 needs_root=0 xfail=0
IFS=, read -ra opts <<<"${options/#-/}"
for o in "${opts[@]}"; do
  case $o in
    cpu=*) cpu=${o#cpu=} ;;
    mem=*) mem=${o#mem=} ;;
    wall=*) wall=${o#wall=} ;;
    big) big=1 ;;
    root) needs_root=1 ;;
    xfail) xfail=1 ;;
    pending) echo "SKIP: $name is pending (its feature has not landed)"; exit 77 ;;
    "") ;;
    *) echo "case $name: unknown option '$o'" >&2; exit 1 ;;
  esac
done

# Sanitizer builds reserve terabytes of address space and run several times slower.
sanitized=0
# (Not `ldd | grep -q`: grep quits at the first match, ldd may then die of SIGPIPE, and pipefail would
# make the test false now and then, putting ASan under the address-space bound.)
libraries=$(ldd "$QUIRE_BIN/quire-parse" 2>/dev/null)
if [[ $libraries == *libasan* || $libraries == *libubsan* ]]; then sanitized=1; fi
if ((sanitized && big)); then echo "SKIP: $name is a big case (normal build only)"; exit 77; fi
if ((needs_root)) && [[ $(id -u) != 0 ]]; then echo "SKIP: $name needs root"; exit 77; fi

WORK=$TMP/work
mkdir -p "$WORK"
cp -R "$here/inputs/." "$WORK/"
cd "$WORK" || exit 1

# run [--stdout FILE] TOOL ARGS…: the tool under the bounds (standard output to $TMP/stdout, or FILE);
# checks its exit status and standard error.
run() {
  local out=$TMP/stdout
  if [[ $1 == --stdout ]]; then
    out=$2
    shift 2
  fi
  local limits=(prlimit --cpu="$cpu" --as=$((mem * 1024 * 1024)) --)
  ((sanitized)) && limits=(prlimit --cpu=$((cpu * 5)) --)
  local started=$SECONDS
  timeout -k 5 "$((sanitized ? wall * 5 : wall))" "${limits[@]}" "$@" >"$out" 2>"$TMP/stderr"
  local got=$?
  local took=$((SECONDS - started))
  ((got == 124)) && fail "'$*' did not finish within ${wall}s (exit 124)"
  ((got > 128 && got != want_exit)) && fail "'$*' died of signal $((got - 128)); stderr: $(tail -c 800 "$TMP/stderr")"
  [[ $got == "$want_exit" ]] || fail "'$*' exited $got, expected $want_exit (${took}s); stderr: $(head -c 800 "$TMP/stderr")"
  if [[ $want_regex == '^$' ]]; then
    [[ ! -s $TMP/stderr ]] || fail "'$*' printed to stderr: $(head -c 800 "$TMP/stderr")"
  elif [[ $want_regex != - ]]; then
    grep -Eq -- "$want_regex" "$TMP/stderr" || fail "stderr of '$*' does not match '$want_regex': $(head -c 800 "$TMP/stderr")"
  fi
  grep -Eq 'internal error|AddressSanitizer|runtime error:|terminate called' "$TMP/stderr" &&
    fail "'$*' reported an internal error: $(head -c 800 "$TMP/stderr")"
  return 0
}

skip() { echo "SKIP: $name: $*"; exit 77; }

# check_pdf_file FILE: a PDF that qpdf finds no fault in.
check_pdf_file() { qpdf --check "$1" >"$TMP/qpdf.log" 2>&1 || fail "qpdf --check $1: $(tail -3 "$TMP/qpdf.log")"; }

# start TOOL ARGS… &: in the background with job control on, so that SIGINT is not ignored in it
# (bash ignores SIGINT in background jobs of a script); the process id goes to $started.
start() {
  set -m
  "$@" &
  started=$!
  set +m
}

# wait_for_temp [DIR]: until an output's temporary file exists (at most 10 s).
wait_for_temp() {
  local i
  for ((i = 0; i < 100; i++)); do
    [[ -n $(find "${1:-.}" -maxdepth 1 -name '.*.tmp-*' | head -1) ]] && return 0
    sleep 0.1
  done
  fail "no temporary output file appeared"
}

# wait_exit PID STATUS: the background process ends (at most 10 s) with STATUS.
wait_exit() {
  local i got
  for ((i = 0; i < 100; i++)); do
    kill -0 "$1" 2>/dev/null || break
    sleep 0.1
  done
  wait "$1"
  got=$?
  [[ $got == "$2" ]] || fail "process ended with $got, expected $2"
}

# no_temp_files DIR: no stray temporary output (.NAME.tmp-XXXXXX) is left in DIR.
no_temp_files() {
  local stray
  stray=$(find "${1:-.}" -maxdepth 1 -name '.*.tmp-*' | head -3)
  [[ -z $stray ]] || fail "stray temporary file: $stray"
}

# ---- generators for inputs too big or too binary to commit ------------------------------------

gen_paragraph() { # FILE MB: one paragraph of MB megabytes (no blank line, no line break)
  python3 -c "import sys; w = 'word ' * (int(sys.argv[2]) * 1024 * 1024 // 5); open(sys.argv[1], 'w').write(w.rstrip() + '\n')" "$1" "$2"
}
gen_marks() { # FILE N: one base letter carrying N combining acute accents, then a word
  python3 -c "import sys; open(sys.argv[1], 'w').write('a' + '\u0301' * int(sys.argv[2]) + ' b\n')" "$1" "$2"
}
gen_alternating() { # FILE N: N words alternating Latin and Hebrew in one paragraph (N direction changes)
  python3 -c "import sys; n = int(sys.argv[2]); open(sys.argv[1], 'w').write(' '.join('abc' if i % 2 else '\u05d0\u05d1\u05d2' for i in range(n)) + '\n')" "$1" "$2"
}
gen_bidi_nesting() { # FILE LEVELS: embeddings and isolates nested LEVELS deep, closed, around mixed text
  python3 -c "import sys; n = int(sys.argv[2]); open(sys.argv[1], 'w').write('\u202b\u202a' * (n // 2) + 'text \u05d0\u05d1 more' + '\u202c' * n + ' ' + '\u2067' * n + 'x' + '\u2069' * n + '\n')" "$1" "$2"
}
gen_thai() { # FILE N: N Thai letters in one word: no space and no word the dictionary knows
  python3 -c "import sys; open(sys.argv[1], 'w').write('\u0e01' * int(sys.argv[2]) + '\n')" "$1" "$2"
}
gen_wide_table() { # FILE COLUMNS
  python3 -c "
import sys
n = int(sys.argv[2])
row = lambda f: '|' + '|'.join(f(i) for i in range(n)) + '|\n'
open(sys.argv[1], 'w').write(row(lambda i: 'c%d' % i) + row(lambda i: '---') + row(lambda i: str(i)) * 3)" "$1" "$2"
}
gen_list() { # FILE ITEMS
  python3 -c "import sys; open(sys.argv[1], 'w').write(''.join('- item %d\n' % i for i in range(int(sys.argv[2]))))" "$1" "$2"
}
gen_deep_quote() { # FILE LEVELS
  python3 -c "import sys; open(sys.argv[1], 'w').write('> ' * int(sys.argv[2]) + 'deep\n')" "$1" "$2"
}
gen_cited() { # DIR BIB.bib: DIR/d.yaml, a document citing @a from DIR/BIB.bib (written by the caller)
  printf -- '---\nbibliography: %s\n---\nAs @a says.\n' "$2" >"$1/d.md" && quire-parse "$1/d.md" -o "$1/d.yaml"
}
gen_bib() { # FILE KIND N: a .bib file: deep (N nested braces), field (an N-MB field), doubling (N macros)
  python3 -c "
import sys
kind, n = sys.argv[2], int(sys.argv[3])
if kind == 'deep':
    text = '@book{a, title = {' + '{' * n + 'x' + '}' * n + '}}\n'
elif kind == 'field':
    text = '@book{a, title = {' + 'x' * (n * 1024 * 1024) + '}}\n'
else:
    text = '@string{m0 = {xxxxxxxxxxxxxxxx}}\n' + ''.join('@string{m%d = m%d # m%d}\n' % (k, k - 1, k - 1) for k in range(1, n)) + '@book{a, title = m%d}\n' % (n - 1)
open(sys.argv[1], 'w').write(text)" "$1" "$2" "$3"
}
gen_styled() { # DIR STYLE: DIR/d.md (and d.yaml), citing @a from DIR/r.json under the CSL style STYLE
  printf '[{"id": "a", "type": "book", "title": "A book", "author": [{"family": "Doe", "given": "Jo"}], "issued": {"date-parts": [[2020]]}}]\n' >"$1/r.json" &&
    printf -- '---\nbibliography: r.json\ncsl: %s\n---\nAs @a says.\n' "$2" >"$1/d.md" && quire-parse "$1/d.md" -o "$1/d.yaml"
}
gen_csl() { # FILE KIND: a hostile CSL style: recursive (macros calling each other), deep (10,000 nested
  # choose), fan (macros calling the next four times, 30 deep), bomb (billion laughs), external (an
  # external entity naming /etc/passwd)
  python3 -c "
import sys
kind = sys.argv[2]
head = '<?xml version=\"1.0\"?>\n'
style = '<style xmlns=\"http://purl.org/net/xbiblio/csl\" class=\"in-text\" version=\"1.0\">\n'
cite = '<citation><layout><text macro=\"a\"/></layout></citation>\n</style>\n'
if kind == 'recursive':
    text = head + style + '<macro name=\"a\"><text macro=\"b\"/></macro>\n<macro name=\"b\"><text macro=\"a\"/></macro>\n' + cite
elif kind == 'deep':
    text = head + style + '<macro name=\"a\">' + '<choose><if type=\"book\">' * 10000 + '</if></choose>' * 10000 + '</macro>\n' + cite
elif kind == 'fan':
    calls = lambda k: ('<text macro=\"m%d\"/>' % k) * 4
    text = head + style + '<macro name=\"a\">' + calls(0) + '</macro>\n' + ''.join('<macro name=\"m%d\">%s</macro>\n' % (k, calls(k + 1)) for k in range(30)) + '<macro name=\"m30\"><text value=\"x\"/></macro>\n' + cite
elif kind == 'bomb':
    ents = '<!ENTITY l0 \"lol\">' + ''.join('<!ENTITY l%d \"%s\">' % (k, ('&l%d;' % (k - 1)) * 10) for k in range(1, 10))
    text = head + '<!DOCTYPE style [' + ents + ']>\n' + style + '<macro name=\"a\"><text value=\"&l9;\"/></macro>\n' + cite
else:
    text = head + '<!DOCTYPE style [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n' + style + '<macro name=\"a\"><text value=\"&x;\"/></macro>\n' + cite
open(sys.argv[1], 'w').write(text)" "$1" "$2"
}
gen_deep_div() { # FILE LEVELS: fenced divs opened LEVELS deep, never closed
  python3 -c "import sys; open(sys.argv[1], 'w').write('::: a\n' * int(sys.argv[2]) + 'deep\n')" "$1" "$2"
}
gen_many_divs() { # FILE N: N divs, each holding a code block of colons (the fences scan must stay linear)
  python3 -c "import sys; open(sys.argv[1], 'w').write('::: {.internal #d%d}\ntext\n\n\x60\x60\x60\n:::\n\x60\x60\x60\n:::\n\n' * int(sys.argv[2]) % tuple(range(int(sys.argv[2]))))" "$1" "$2"
}
gen_deep_quote_text() { # FILE LEVELS WORDS: a paragraph of WORDS words inside LEVELS block quotes
  python3 -c "import sys; open(sys.argv[1], 'w').write('> ' * int(sys.argv[2]) + ' '.join('word%d' % i for i in range(int(sys.argv[3]))) + '\n')" "$1" "$2" "$3"
}
gen_deep_list() { # FILE LEVELS: LEVELS bullet lists, each nested in the previous one's item
  python3 -c "import sys; open(sys.argv[1], 'w').write(''.join('  ' * k + '- level %d of a deep list\n' % k for k in range(int(sys.argv[2]))))" "$1" "$2"
}
gen_deep_mixed() { # FILE LEVELS: a quote holding a list holding a quote … LEVELS deep, then a paragraph
  python3 -c "import sys; n = int(sys.argv[2]); open(sys.argv[1], 'w').write('> - ' * (n // 2) + ' '.join('word%d' % i for i in range(40)) + '\n')" "$1" "$2"
}
gen_deep_yaml() { # FILE LEVELS: metadata nested LEVELS flow sequences deep
  python3 -c "import sys; n = int(sys.argv[2]); open(sys.argv[1], 'w').write('quire: 1\nmeta:\n  x: ' + '[' * n + ']' * n + '\nblocks: []\n')" "$1" "$2"
}
gen_png() { # FILE WIDTH HEIGHT [TRUNCATE_TO]: a gray 8-bit PNG; the IDAT only holds real rows if small
  python3 - "$@" <<'PY'
import struct, sys, zlib
path, w, h = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def chunk(kind, data):
    return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff)
rows = min(h, 64)  # a huge image declares its size; the data would be gigabytes, so it stops early
raw = b''.join(b'\x00' + bytes((x * 7 + y) & 0xff for x in range(min(w, 4096))) for y in range(rows))
png = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 0, 0, 0, 0))
png += chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b'')
if len(sys.argv) > 4:
    png = png[:int(sys.argv[4])]
open(path, 'wb').write(png)
PY
}
gen_jpeg() { # FILE WIDTH HEIGHT: a baseline gray JPEG whose header says WIDTH×HEIGHT (the data is 8×8)
  python3 - "$@" <<'PY'
import struct, sys
path, w, h = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
j = b'\xff\xd8' + b'\xff\xe0\x00\x10JFIF\x00\x01\x01\x01\x01\x2c\x01\x2c\x00\x00'
j += b'\xff\xdb\x00\x43\x00' + b'\x01' * 64
j += b'\xff\xc0' + struct.pack('>HBHHB', 11, 8, h, w, 1) + b'\x01\x11\x00'
counts = b'\x01' + b'\x00' * 15
j += b'\xff\xc4\x00\x14\x00' + counts + b'\x00' + b'\xff\xc4\x00\x14\x10' + counts + b'\x00'
j += b'\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00' + b'\x3f\xff\xd9'
open(path, 'wb').write(j)
PY
}
gen_laughs() { # FILE: a data list whose one record is "billion laughs" (nine levels of nine aliases)
  python3 - "$1" <<'PY'
import sys
lines = ['- name: Kim', '  l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]']
lines += ['  l%d: &l%d [%s]' % (i, i, ', '.join(['*l%d' % (i - 1)] * 9)) for i in range(1, 10)]
open(sys.argv[1], 'w').write('\n'.join(lines) + '\n')
PY
}
gen_big_yaml() { # FILE MB: one document holding one paragraph of MB megabytes
  python3 -c "import sys; w = 'word ' * (int(sys.argv[2]) * 1024 * 1024 // 5); open(sys.argv[1], 'w').write('quire: 1\\nblocks:\\n  - paragraph: ' + w.strip() + '\\n')" "$1" "$2"
}
gen_figure_pdf() { # FILE KIND: a hostile PDF figure: broken-xref, tree-loop, nested (10,000 Form XObjects), huge, javascript
  python3 - "$@" <<'PY'
import sys
path, kind = sys.argv[1], sys.argv[2]
def stream(d, data):
    return '<< %s /Length %d >>\nstream\n%s\nendstream' % (d, len(data), data)
media = '[0 0 1000000000 1000000000]' if kind == 'huge' else '[0 0 200 100]'
res = '<< /XObject << /X 5 0 R >> >>' if kind == 'nested' else '<< >>'
catalog = '<< /Type /Catalog /Pages 2 0 R%s >>' % (' /OpenAction 5 0 R /Names << /JavaScript << /Names [(a) 5 0 R] >> >>' if kind == 'javascript' else '')
kids = '[3 0 R 2 0 R]' if kind == 'tree-loop' else '[3 0 R]'
page = '<< /Type /Page /Parent 2 0 R /MediaBox %s /Contents 4 0 R /Resources %s%s >>' % (media, res,
       ' /AA << /O 5 0 R >> /Annots [<< /Type /Annot /Subtype /Link /Rect [0 0 50 50] /A 5 0 R >>]' if kind == 'javascript' else '')
objs = [catalog, '<< /Type /Pages /Kids %s /Count 1 >>' % kids, page, stream('', '0.5 g 10 10 180 80 re f' + (' /X Do' if kind == 'nested' else ''))]
if kind == 'javascript':
    objs.append('<< /S /JavaScript /JS (app.alert\\(1\\)) >>')
if kind == 'nested':
    n = 10000
    for i in range(n):
        nxt = '<< /XObject << /X %d 0 R >> >>' % (len(objs) + 2) if i + 1 < n else '<< >>'
        objs.append(stream('/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources ' + nxt, '/X Do'))
out, offs = '%PDF-1.7\n', []
for i, o in enumerate(objs):
    offs.append(len(out))
    out += '%d 0 obj\n%s\nendobj\n' % (i + 1, o)
xref = len(out)
out += 'xref\n0 %d\n0000000000 65535 f \n' % (len(objs) + 1)
for k, at in enumerate(offs):
    out += '%010d 00000 n \n' % (at + (500 if kind == 'broken-xref' and k < 3 else 0))
out += 'trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n' % (len(objs) + 1, xref)
open(path, 'w').write(out)
PY
}
gen_figure_svg() { # FILE KIND: a hostile SVG figure: laughs, external-entity, href-outside, href-http, nested (100,000 groups), huge
  python3 - "$@" <<'PY'
import sys
path, kind = sys.argv[1], sys.argv[2]
head = "<svg xmlns='http://www.w3.org/2000/svg' xmlns:xlink='http://www.w3.org/1999/xlink' width='%s' height='%s'>"
if kind == 'laughs':
    dtd = "<!ENTITY a 'lol'>" + ''.join("<!ENTITY e%d '%s'>" % (i, ('&e%d;' % (i - 1) if i > 1 else '&a;') * 10) for i in range(1, 10))
    text = "<?xml version='1.0'?><!DOCTYPE svg [%s]>" % dtd + head % (10, 10) + "<text>&e9;</text></svg>"
elif kind == 'external-entity':
    text = "<?xml version='1.0'?><!DOCTYPE svg [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>" + head % (10, 10) + "<text>&x;</text></svg>"
elif kind == 'href-outside':
    text = head % (10, 10) + "<image xlink:href='../outside/secret.png' width='8' height='8'/></svg>"
elif kind == 'href-http':
    text = head % (10, 10) + "<image xlink:href='http://example.org/track.png' width='8' height='8'/></svg>"
elif kind == 'nested':
    text = head % (10, 10) + '<g>' * 100000 + "<rect width='5' height='5'/>" + '</g>' * 100000 + '</svg>'
else:
    text = head % (50000, 50000) + "<rect width='5' height='5'/></svg>"
open(path, 'w').write(text)
PY
}
with_image() { # MD IMAGE: a Markdown file that shows IMAGE
  printf '# Picture\n\n![a picture](%s)\n\nAfter the picture.\n' "$2" >"$1"
}

# inside_text_area PDF [MARGIN]: every word of the PDF (pdftotext -bbox) lies between the left and
# right margins of its page (MARGIN points each, 72 by default); prints the number of words.
inside_text_area() {
  pdftotext -bbox "$1" "$TMP/bbox.html" 2>/dev/null || fail "pdftotext -bbox $1 failed"
  python3 - "$TMP/bbox.html" "${2:-72}" <<'PY' || fail "text outside the text area of $1"
import re, sys
html, margin = open(sys.argv[1]).read(), float(sys.argv[2])
words = 0
for page in re.finditer(r'<page width="([0-9.]+)"[^>]*>(.*?)</page>', html, re.S):
    right = float(page.group(1)) - margin
    for w in re.finditer(r'<word xMin="([0-9.-]+)" yMin="[^"]*" xMax="([0-9.-]+)"[^>]*>([^<]*)</word>', page.group(2)):
        words += 1
        x0, x1 = float(w.group(1)), float(w.group(2))
        if x0 < margin - 0.5 or x1 > right + 0.5:
            sys.exit('word "%s" at x %.1f..%.1f, the text area is %.1f..%.1f' % (w.group(3), x0, x1, margin, right))
if words == 0:
    sys.exit('no words')
print(words)
PY
}

# ---- the case ----------------------------------------------------------------------------------

if ((xfail)); then
  if (eval "$snippet") >"$TMP/case.log" 2>&1; then
    echo "XPASS: $name passes now: remove 'xfail' from its line in tests/hostile/cases.txt" >&2
    exit 1
  fi
  echo "XFAIL (known, see cases.txt): $(tail -c 600 "$TMP/case.log")"
  exit 0
fi
eval "$snippet"
pass
