#!/usr/bin/env python3
"""Writes the donor letter's images: logo.png (the Lantern Rights Initiative's lamp on a navy disc),
logo-branded.png (the same lamp on a crimson disc, for branded.yaml) and signature.png (a made-up
signature in dark blue ink on a transparent background).

Plain Python (zlib and struct), anti-aliased by 4 × 4 supersampling; deterministic, so every run writes
the same bytes. Usage: examples/donor-letter/make_images.py [OUTDIR]   (default: beside this script)
"""
import math
import os
import struct
import sys
import zlib

NAVY = (26, 42, 76)
CRIMSON = (139, 16, 32)
WHITE = (255, 255, 255)
AMBER = (242, 169, 0)
INK = (20, 36, 90)


def png(path, width, height, rgba):
    """rgba: a bytes-like of width * height * 4 values, row by row."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + bytes(rgba[y * width * 4:(y + 1) * width * 4]) for y in range(height))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8-bit RGBA
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


def render(width, height, shade, samples=4):
    """shade(x, y) -> (r, g, b) or None (transparent); returns RGBA bytes, averaged over samples²."""
    out = bytearray(width * height * 4)
    n = samples * samples
    for py in range(height):
        for px in range(width):
            r = g = b = a = 0
            for sy in range(samples):
                for sx in range(samples):
                    c = shade(px + (sx + 0.5) / samples, py + (sy + 0.5) / samples)
                    if c:
                        r, g, b, a = r + c[0], g + c[1], b + c[2], a + 1
            i = (py * width + px) * 4
            if a:
                out[i:i + 4] = bytes((r // a, g // a, b // a, 255 * a // n))
    return out


def lamp(disc):
    """A lantern (handle, cap, glass with a flame, base) in white on a disc of colour `disc`."""
    def shade(x, y):
        dx, dy = x - 100, y - 100
        if dx * dx + dy * dy > 96 * 96:
            return None
        hx, hy = x - 100, y - 50
        if y < 50 and 13 * 13 <= hx * hx + hy * hy <= 18 * 18:
            return WHITE
        if 50 <= y < 60 and abs(x - 100) <= 16 + (y - 50) * 0.8:
            return WHITE
        if 60 <= y < 138 and abs(x - 100) <= 26:
            fx, fy = x - 100, y - 112
            in_drop = fx * fx + fy * fy <= 12 * 12 or (80 <= y <= 112 and abs(fx) <= 12 * (y - 80) / 32)
            if in_drop:
                return AMBER
            if abs(x - 100) >= 21 or y < 65 or y > 133:
                return WHITE
            return disc
        if 138 <= y < 150 and abs(x - 100) <= 32:
            return WHITE
        return disc

    return shade


def signature_shade(width, height):
    """A flowing pen stroke: a cursive-like curve stamped with a round nib."""
    points = []
    steps = 3000
    for k in range(steps + 1):
        t = k / steps
        # Forward motion with a loop per stroke (the x swing outruns the pen's advance), a slant, and
        # strokes that grow and shrink like letters of a name.
        height = 26 + 18 * math.sin(2 * math.pi * 2.5 * t) ** 2
        phase = 2 * math.pi * 10 * t
        x = 40 + 500 * t + 14 * math.sin(phase)
        y = 86 - height * math.sin(phase + 1.3)
        x += 0.35 * (86 - y)
        points.append((x, y))
    # An underline flourish.
    for k in range(601):
        t = k / 600
        points.append((150 + 380 * t, 136 - 8 * math.sin(math.pi * t)))
    cell = 8
    grid = {}
    for x, y in points:
        grid.setdefault((int(x // cell), int(y // cell)), []).append((x, y))
    nib = 2.8

    def shade(x, y):
        cx, cy = int(x // cell), int(y // cell)
        for gx in (cx - 1, cx, cx + 1):
            for gy in (cy - 1, cy, cy + 1):
                for px, py in grid.get((gx, gy), ()):
                    if (x - px) ** 2 + (y - py) ** 2 <= nib * nib:
                        return INK
        return None

    return shade


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    png(os.path.join(out, "logo.png"), 200, 200, render(200, 200, lamp(NAVY)))
    png(os.path.join(out, "logo-branded.png"), 200, 200, render(200, 200, lamp(CRIMSON)))
    png(os.path.join(out, "signature.png"), 600, 160, render(600, 160, signature_shade(600, 160), samples=2))


if __name__ == "__main__":
    main()
