#!/usr/bin/env python3
"""Writes a PNG of vertical stripes, with the standard library alone (tests/cli/raster_images_test.sh).

    stripes_png.py OUT.png BITS MODE COLOUR...

BITS is 8 or 16; MODE is gray, gray+alpha, rgb or rgb+alpha; each COLOUR is one stripe, 16 pixels
wide and 16 high, given as samples from 0 to 1 separated by commas ("0,0.5,1" for RGB, "0.5,1" for
gray with alpha). Samples are scaled to the full range of BITS.
"""
import struct
import sys
import zlib


def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def main():
    out, bits, mode, colours = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]
    colour_type, channels = {"gray": (0, 1), "gray+alpha": (4, 2), "rgb": (2, 3), "rgb+alpha": (6, 4)}[mode]
    top = (1 << bits) - 1
    stripes = []
    for colour in colours:
        samples = [round(float(s) * top) for s in colour.split(",")]
        if len(samples) != channels:
            sys.exit(f"stripes_png.py: {colour!r} has {len(samples)} samples, {mode} needs {channels}")
        stripes.append(samples)
    width, height = 16 * len(stripes), 16
    fmt = ">" + ("H" if bits == 16 else "B") * channels
    row = b"".join(struct.pack(fmt, *stripes[x // 16]) for x in range(width))
    raw = b"".join(b"\0" + row for _ in range(height))  # filter type 0 on every row
    ihdr = struct.pack(">IIBBBBB", width, height, bits, colour_type, 0, 0, 0)
    with open(out, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


main()
