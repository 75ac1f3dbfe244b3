# Helpers for tests/cli/*.sh: sourced, never run alone.
set -uo pipefail
: "${QUIRE_BIN:?set QUIRE_BIN to the tools directory of the build}"
: "${QUIRE_SOURCE_DIR:?}"
export PATH="$QUIRE_BIN:$PATH"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
EXAMPLES="$QUIRE_SOURCE_DIR/examples"

fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok"; exit 0; }

# expect_status N CMD…: runs CMD (stderr to $TMP/stderr) and fails unless it exits N.
expect_status() {
  local want=$1; shift
  "$@" >"$TMP/stdout" 2>"$TMP/stderr"
  local got=$?
  [[ $got == "$want" ]] || fail "'$*' exited $got, expected $want; stderr: $(head -c 600 "$TMP/stderr")"
}

# expect_stderr REGEX: the last expect_status's stderr matches REGEX.
expect_stderr() {
  grep -Eq -- "$1" "$TMP/stderr" || fail "stderr does not match '$1': $(head -c 600 "$TMP/stderr")"
}

# check_pdf FILE: a valid PDF with every font embedded.
check_pdf() {
  qpdf --check "$1" >"$TMP/qpdf.log" 2>&1 || fail "qpdf --check $1: $(tail -3 "$TMP/qpdf.log")"
  local fonts
  fonts=$(pdffonts "$1" 2>/dev/null | tail -n +3)
  [[ -n $fonts ]] || fail "$1 has no fonts"
  awk '{ if ($(NF-4) != "yes") bad=1 } END { exit bad }' <<<"$fonts" || fail "$1 has a font that is not embedded: $fonts"
}

# pdf_text FILE: the text of a PDF, whitespace folded to single spaces.
pdf_text() { pdftotext -enc UTF-8 "$1" - 2>/dev/null | tr -s ' \n\f' '  '; }

# pdf_pages FILE: the page count.
pdf_pages() { pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ {print $2}'; }

# check_deflated_once FILE [PASSWORD]: every stream of FILE is compressed exactly once. Each stream is
# read as stored (qpdf --decode-level=none; decrypted with PASSWORD) and must be /FlateDecode (or a
# JPEG's /DCTDecode) whose bytes inflate once to the whole of what the stream is: content operators,
# a TrueType font, a CMap, an image of Width × Height samples, an object stream's numbers — never to a
# second deflate stream. Prints how many streams it checked.
check_deflated_once() {
  local password=()
  [[ $# -gt 1 ]] && password=(--password="$2")
  qpdf --json=2 --json-key=qpdf --json-stream-data=inline --decode-level=none "${password[@]}" "$1" >"$TMP/streams.json" \
    2>"$TMP/qpdf.log" || fail "qpdf --json $1: $(tail -3 "$TMP/qpdf.log")"
  python3 - "$TMP/streams.json" <<'PY' || fail "$1: a stream not deflated exactly once (above)"
import base64, json, re, sys, zlib
objects = json.load(open(sys.argv[1]))["qpdf"][1]
contents = set()
for value in objects.values():
    d = value.get("value") if isinstance(value, dict) else None
    if isinstance(d, dict) and d.get("/Type") == "/Page":
        c = d.get("/Contents")
        contents.update(c if isinstance(c, list) else [c])
bad, checked = [], 0
for name, value in objects.items():
    stream = value.get("stream") if isinstance(value, dict) else None
    if not stream:
        continue
    d, raw = stream["dict"], base64.b64decode(stream.get("data", ""))
    ref = name[4:]
    if d.get("/Filter") in ("/DCTDecode", ["/DCTDecode"]):  # libharu writes a JPEG's as an array
        checked += 1
        continue
    if d.get("/Type") == "/Metadata" and "/Filter" not in d:  # XMP stays readable (ISO 32000-1 14.3.2)
        checked += 1
        continue
    if d.get("/Filter") != "/FlateDecode":
        bad.append(f"{ref}: /Filter {d.get('/Filter')}")
        continue
    z = zlib.decompressobj()
    try:
        data = z.decompress(raw) + z.flush()
    except zlib.error as e:
        bad.append(f"{ref}: does not inflate: {e}")
        continue
    if not z.eof or z.unused_data:
        bad.append(f"{ref}: bytes after the deflate stream")
    try:
        zlib.decompress(data)
        bad.append(f"{ref}: inflates to another deflate stream")
    except zlib.error:
        pass
    kind = d.get("/Type") or d.get("/Subtype")
    if ref in contents:
        ok = re.match(rb"\s*(q|BT|[-0-9.]+ )", data) is not None
    elif d.get("/Subtype") == "/Form":  # a vector figure (docs/figures.md): content operators too
        ok = re.match(rb"\s*(q|BT|/|[-0-9.]+ )", data) is not None
    elif "/Length1" in d:
        ok = data[:4] in (b"\0\1\0\0", b"true") and len(data) == d["/Length1"]
    elif d.get("/Subtype") == "/Image":
        n = {"/DeviceGray": 1, "/DeviceRGB": 3, "/DeviceCMYK": 4}.get(d.get("/ColorSpace"), 0)
        ok = len(data) == d["/Width"] * d["/Height"] * n * d.get("/BitsPerComponent", 8) // 8
    elif kind == "/ObjStm":
        ok = re.match(rb"\d+ \d+", data) is not None
    elif kind == "/XRef":
        ok = len(data) > 0
    elif "/N" in d and data[36:40] == b"acsp":  # PDF/A's output intent: an ICC profile
        ok = True
    else:
        ok = data.startswith(b"/CIDInit")  # the only other streams quire writes: ToUnicode maps
    if not ok:
        bad.append(f"{ref} ({kind}): inflates to {data[:16]!r}, not what the stream holds")
    checked += 1
for line in bad:
    print(line, file=sys.stderr)
print(checked)
sys.exit(1 if bad or not checked else 0)
PY
}
