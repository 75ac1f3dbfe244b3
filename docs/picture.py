#!/usr/bin/env python3
"""Pictures a PDF's pages side by side as one PNG, for docs/templates.md (docs/CMakeLists.txt).

Usage: picture.py PDFTOPPM IN.pdf OUT.png DPI PAGE...

Each page is rasterised by pdftoppm (PPM), the pages are set in a row on a grey ground with a gap,
and the row is written as an 8-bit RGB PNG with the standard library alone (zlib).
"""
import struct
import subprocess
import sys
import zlib

GAP, GROUND = 12, (208, 208, 208)


def read_ppm(data):
    """Width, height and RGB rows of a binary PPM (P6, maxval 255) as pdftoppm writes it."""
    fields, at = [], 0
    while len(fields) < 4:
        while data[at:at + 1].isspace():
            at += 1
        end = at
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[at:end])
        at = end
    if fields[0] != b"P6" or fields[3] != b"255":
        sys.exit("picture.py: pdftoppm did not write an 8-bit PPM")
    width, height = int(fields[1]), int(fields[2])
    pixels = data[at + 1:]
    return width, height, [pixels[y * width * 3:(y + 1) * width * 3] for y in range(height)]


def chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def main():
    pdftoppm, pdf, out, dpi, pages = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
    shots = []
    for page in pages:
        ppm = subprocess.run([pdftoppm, "-r", dpi, "-f", page, "-l", page, pdf], check=True,
                             capture_output=True).stdout
        shots.append(read_ppm(ppm))
    height = max(h for _, h, _ in shots) + 2 * GAP
    width = sum(w for w, _, _ in shots) + GAP * (len(shots) + 1)
    ground = bytes(GROUND)
    raw = bytearray()
    for y in range(height):
        raw.append(0)  # filter: none
        row = ground * GAP
        for w, h, rows in shots:
            row += rows[y - GAP] if GAP <= y < GAP + h else ground * w
            row += ground * GAP
        raw += row
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + chunk(b"IEND", b"")
    with open(out, "wb") as f:
        f.write(png)


if __name__ == "__main__":
    main()
