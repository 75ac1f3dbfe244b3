#!/usr/bin/env python3
"""Draws figures/petitions.png: petitions sent and answered per year, as paired bars.

Standard library only (zlib + struct), so the figure can be rebuilt anywhere:
    python3 examples/report/figures/make_chart.py
The output is byte-for-byte reproducible.
"""
import pathlib
import struct
import zlib

WIDTH, HEIGHT = 600, 300
BACKGROUND = (255, 255, 255)
GRID = (225, 228, 235)
AXIS = (60, 60, 60)
SENT = (31, 58, 110)  # dark blue
ANSWERED = (230, 126, 34)  # orange

# The same figures as the table in 03-findings.md.
YEARS = [2019, 2020, 2021, 2022, 2023, 2024, 2025]
SENT_COUNTS = [161, 176, 239, 265, 238, 240, 245]
ANSWERED_COUNTS = [27, 30, 41, 58, 49, 52, 44]

# A 3×5 pixel font for the digits on the axes, one string of 15 bits per digit, row by row.
DIGITS = {
    "0": "111101101101111", "1": "010110010010111", "2": "111001111100111",
    "3": "111001111001111", "4": "101101111001001", "5": "111100111001111",
    "6": "111100111101111", "7": "111001001001001", "8": "111101111101111",
    "9": "111101111001111",
}


def blank():
    return [[BACKGROUND] * WIDTH for _ in range(HEIGHT)]


def fill(img, x0, y0, x1, y1, color):
    for y in range(max(0, y0), min(HEIGHT, y1)):
        row = img[y]
        for x in range(max(0, x0), min(WIDTH, x1)):
            row[x] = color


def text(img, x, y, s, color, scale=2):
    """Draws digits with their top-left corner at (x, y)."""
    for ch in s:
        bits = DIGITS[ch]
        for i, bit in enumerate(bits):
            if bit == "1":
                cx, cy = x + (i % 3) * scale, y + (i // 3) * scale
                fill(img, cx, cy, cx + scale, cy + scale, color)
        x += 4 * scale


def draw():
    img = blank()
    left, right, top, bottom = 60, WIDTH - 20, 20, HEIGHT - 40
    top_value = 300
    def y_of(v):
        return bottom - round(v * (bottom - top) / top_value)

    for v in range(0, top_value + 1, 50):
        y = y_of(v)
        fill(img, left, y, right, y + 1, GRID)
        label = str(v)
        text(img, left - 10 - len(label) * 8, y - 5, label, AXIS)

    slot = (right - left) // len(YEARS)
    bar = slot // 3
    for i, year in enumerate(YEARS):
        x = left + i * slot + (slot - 2 * bar) // 2
        fill(img, x, y_of(SENT_COUNTS[i]), x + bar, bottom, SENT)
        fill(img, x + bar, y_of(ANSWERED_COUNTS[i]), x + 2 * bar, bottom, ANSWERED)
        label = str(year)
        text(img, x + bar - len(label) * 4, bottom + 10, label, AXIS)

    fill(img, left, top, left + 2, bottom + 1, AXIS)
    fill(img, left, bottom, right, bottom + 2, AXIS)
    return img


def png(img):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + bytes(c for px in row for c in px) for row in img)
    header = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 8, 2, 0, 0, 0)  # 8-bit RGB, no interlace
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


if __name__ == "__main__":
    out = pathlib.Path(__file__).with_name("petitions.png")
    out.write_bytes(png(draw()))
    print(out)
