#!/usr/bin/env bash
# docs/templates.md shows every built-in template as a page picture that the build made
# (docs/CMakeLists.txt): each lib/quire/compose/templates/NAME.yaml has docs/pictures/NAME.png, shown in
# docs/templates.md, a PNG of one or two pages at 60 dpi with ink on them, made no earlier than the quire it
# was made with. Registered by tests/CMakeLists.txt only when the build makes the pictures.
source "$(dirname "$0")/lib.sh"
PICTURES="$QUIRE_SOURCE_DIR/docs/pictures"
for template in "$QUIRE_SOURCE_DIR"/lib/quire/compose/templates/*.yaml; do
  name=$(basename "$template" .yaml)
  png="$PICTURES/$name.png"
  [[ -f $png ]] || fail "no picture of the $name template: add a quire_doc_picture line to docs/CMakeLists.txt"
  grep -q "](pictures/$name.png)" "$QUIRE_SOURCE_DIR/docs/templates.md" ||
    fail "docs/templates.md does not show pictures/$name.png"
  [[ ! $QUIRE_BIN/quire -nt $png ]] || fail "$png is older than the quire that should have made it"
  python3 - "$png" <<'PY' || fail "$png is not a picture of a page"
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
chunks, at = {}, 8
while at < len(data):
    length, kind = struct.unpack(">I4s", data[at:at + 8])
    chunks.setdefault(kind, b"")
    chunks[kind] += data[at + 8:at + 8 + length]
    at += 12 + length
width, height, depth, colour = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
assert 100 <= min(width, height) and height <= 1000 and width <= 2200, f"{width}x{height}: not pages at 60 dpi"
assert depth == 8 and colour == 2, "pdftoppm writes 8-bit RGB"
raw = zlib.decompress(chunks[b"IDAT"])
stride, prev, ink = width * 3, bytearray(width * 3), 0
for y in range(height):  # undo the PNG filters (RFC 2083, 6) to count pixels that are not white
    kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - 3] if i >= 3 else 0
        b, c = prev[i], prev[i - 3] if i >= 3 else 0
        if kind == 1: line[i] = (line[i] + a) & 255
        elif kind == 2: line[i] = (line[i] + b) & 255
        elif kind == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif kind == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    ink += sum(1 for x in range(0, stride, 3) if min(line[x:x + 3]) < 128)
    prev = line
# A blank page has none; three envelopes, the sparsest pictures, have some 650 at 60 dpi.
assert ink > 500, f"only {ink} dark pixels: a blank page?"
PY
done
pass
