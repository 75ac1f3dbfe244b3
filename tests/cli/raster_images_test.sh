#!/usr/bin/env bash
# Raster images that used to fail or lose depth (issue 14): CMYK JPEGs, plain and Adobe's inverted kind
# (APP14, as Photoshop writes them; also stored as YCCK), embedded as they are with /DeviceCMYK, and
# 16-bit PNGs (gray, RGB, RGB with alpha) kept at 16 bits per sample. Each is drawn alone on its page;
# the rendered page's pixels must show its colours (an inverted JPEG drawn without its /Decode comes
# out as a negative: black where the paper should be white).
source "$(dirname "$0")/lib.sh"
cd "$TMP" || fail "no temporary directory"
IMAGES="$QUIRE_SOURCE_DIR/tests/images"
cp "$IMAGES"/cmyk.jpg "$IMAGES"/cmyk-adobe.jpg "$IMAGES"/ycck-adobe.jpg .
stripes() { python3 "$IMAGES/stripes_png.py" "$@" || fail "stripes_png.py $*"; }
stripes gray16.png 16 gray 0.25 0.75 1
stripes rgb16.png 16 rgb 0.2,0.4,0.8 1,0.5,0 1,1,1
stripes rgba16.png 16 rgb+alpha 0,0,1,1 1,0,0,0.5 0,0,0,0

files=(cmyk.jpg cmyk-adobe.jpg ycck-adobe.jpg gray16.png rgb16.png rgba16.png)
: >images.md
for f in "${files[@]}"; do
  [[ -s images.md ]] && printf '\\newpage\n\n' >>images.md
  printf '![Stripes in %s](%s)\n\n' "$f" "$f" >>images.md
done
expect_status 0 quire build images.md -o images.pdf
check_pdf images.pdf
check_deflated_once images.pdf >/dev/null
[[ $(pdf_pages images.pdf) == 6 ]] || fail "expected 6 pages, got $(pdf_pages images.pdf)"

# ---- What the PDF holds: pdfimages -list, one line per image (page, type, colour, bpc, encoding) ----
pdfimages -list images.pdf | awk 'NR > 2 { print $1, $3, $6, $8, $9 }' >list.txt
cat >want.txt <<'EOF'
1 image cmyk 8 jpeg
2 image cmyk 8 jpeg
3 image cmyk 8 jpeg
4 image gray 16 image
5 image rgb 16 image
6 image rgb 16 image
6 smask gray 16 image
EOF
diff want.txt list.txt >/dev/null || fail "pdfimages -list: $(diff want.txt list.txt)"
# The inverted ones carry /Decode [1 0 1 0 1 0 1 0], the plain one none.
qpdf --qdf --object-streams=disable images.pdf images.qdf
[[ $(grep -ac '/ColorSpace /DeviceCMYK' images.qdf) == 3 ]] || fail "expected three /DeviceCMYK images"
[[ $(tr -s ' \n' ' ' <images.qdf | grep -ao '/Decode \[ 1 0 1 0 1 0 1 0 \]' | wc -l) == 2 ]] ||
  fail "expected /Decode [1 0 1 0 1 0 1 0] on the two Adobe JPEGs"

# ---- What a reader sees: each stripe's colour at its centre, on the page rendered at 144 dpi --------
pdftoppm -r 144 images.pdf page || fail "pdftoppm failed"
# near R G B: every sample within 12 of the wanted one (JPEG and CMYK→RGB conversion drift a little).
colours_of() { python3 "$IMAGES/stripe_colours.py" "page-$1.ppm" 2 3 || fail "page $1: no stripes found"; }
check_page() {
  local page=$1 what=$2; shift 2
  local got
  got=$(colours_of "$page")
  python3 - "$got" "$@" <<'PY' || fail "page $page ($what): stripes are $(tr '\n' ';' <<<"$got") — wanted $*"
import sys
got = [list(map(int, line.split())) for line in sys.argv[1].splitlines()]
want = [list(map(int, w.split(","))) for w in sys.argv[2:]]
sys.exit(0 if all(abs(g - w) <= 12 for gs, ws in zip(got, want) for g, w in zip(gs, ws)) and len(got) == len(want) else 1)
PY
}
# poppler turns 100 % cyan into (0, 173, 239) and 100 % yellow into (255, 242, 0).
for page in 1 2 3; do check_page $page "${files[page - 1]}" 0,173,239 255,242,0 255,255,255; done
check_page 4 gray16.png 64,64,64 191,191,191 255,255,255
check_page 5 rgb16.png 51,102,204 255,128,0 255,255,255
check_page 6 "rgba16.png: half-transparent red over white, then transparent" 0,0,255 255,128,128 255,255,255

# ---- PDF/A: its colours are sRGB (the output intent), so a CMYK JPEG is refused, a 16-bit PNG is not --
printf '![Stripes](cmyk-adobe.jpg)\n' >cmyk.md
expect_status 1 quire build --pdf-standard a-2b cmyk.md -o cmyk.pdf
expect_stderr 'cmyk-adobe\.jpg.*a CMYK JPEG cannot go into PDF/A'
[[ ! -e cmyk.pdf ]] || fail "a PDF/A file was written with a CMYK JPEG in it"
printf -- '---\nlang: en\n---\n\n![Stripes](rgba16.png)\n' >deep.md
expect_status 0 quire build --pdf-standard a-2b deep.md -o deep.pdf
pdfimages -list deep.pdf | grep -q ' rgb .* 16 ' || fail "the PDF/A file lost the 16-bit image"

pass
