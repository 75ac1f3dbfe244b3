#!/usr/bin/env python3
"""Prints the colours of the stripes of the first image on a rendered page (tests/cli/raster_images_test.sh).

    stripe_colours.py PAGE.ppm SCALE COUNT

PAGE.ppm is a page rendered by pdftoppm at SCALE pixels to the point, whose topmost ink is the image
of COUNT stripes, each 16 pt wide and 16 pt high (tests/images/stripes_png.py, make_cmyk_jpegs.c),
the first of them not white. Prints one "R G B" line per stripe, sampled at the stripe's centre.
"""
import sys


def read_ppm(path):
    data = open(path, "rb").read()
    fields, at = [], 0
    while len(fields) < 4:  # magic, width, height, maxval; comments are not written by pdftoppm
        while data[at:at + 1].isspace():
            at += 1
        end = at
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[at:end])
        at = end
    assert fields[0] == b"P6", "not a binary PPM"
    width, height = int(fields[1]), int(fields[2])
    return width, height, data[at + 1:]


def main():
    path, scale, count = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
    width, height, pixels = read_ppm(path)

    def pixel(x, y):
        at = 3 * (y * width + x)
        return tuple(pixels[at:at + 3])

    def ink(p):
        return min(p) < 235

    top = next((y for y in range(height) if any(ink(pixel(x, y)) for x in range(width))), None)
    if top is None:
        sys.exit(f"{path}: blank page")
    middle = top + int(8 * scale)
    left = next(x for x in range(width) if ink(pixel(x, middle)))
    for k in range(count):
        print(*pixel(left + int((16 * k + 8) * scale), middle))


main()
