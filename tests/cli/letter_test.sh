#!/usr/bin/env bash
# The letter as layout draws it. The donor letter with its organisation's template (lantern.yaml) and
# with a branded one that extends it: the same words, the band in another colour, another logo. Then
# positions from pdftotext -bbox (points from the top-left; 1 mm = 2.8346 pt): the recipient inside the
# DIN 5008 window field, the text below it, the date flush right, no letterhead on page 2, the #10
# window on US Letter, and the fold marks in the layout dump.
source "$(dirname "$0")/lib.sh"
DIR="$EXAMPLES/donor-letter"
cd "$TMP" || fail "no $TMP"

mm() { awk -v v="$1" 'BEGIN { printf "%.2f", v * 72 / 25.4 }'; }

# bbox FILE PAGE WORD: "xMin yMin xMax yMax" of the first WORD on PAGE ("" when absent).
bbox() {
  pdftotext -bbox -f "$2" -l "$2" "$1" - 2>/dev/null | python3 -c '
import re, sys
for m in re.finditer(r"<word xMin=\"([-\d.]+)\" yMin=\"([-\d.]+)\" xMax=\"([-\d.]+)\" yMax=\"([-\d.]+)\">([^<]*)</word>", sys.stdin.read()):
    if m.group(5) == sys.argv[1]:
        print(" ".join(m.groups()[:4]))
        break' "$3"
}

# inside "xMin yMin xMax yMax" LEFT TOP RIGHT BOTTOM: the box lies within the rectangle.
inside() {
  read -r x0 y0 x1 y1 <<<"$1"
  [[ -n ${y1:-} ]] && awk -v x0="$x0" -v y0="$y0" -v x1="$x1" -v y1="$y1" -v l="$2" -v t="$3" -v r="$4" -v b="$5" \
    'BEGIN { exit !(x0 >= l && y0 >= t && x1 <= r && y1 <= b) }'
}

# pixel FILE PAGE X_MM Y_MM: "r g b" of page PAGE rendered at 20 dpi (PPM), at (X, Y) mm from the top-left.
pixel() {
  pdftoppm -r 20 -singlefile -f "$2" -l "$2" "$1" px || return 1
  python3 - px.ppm "$3" "$4" <<'EOF'
import re, sys
data = open(sys.argv[1], "rb").read()
m = re.match(rb"P6\s+(\d+)\s+(\d+)\s+\d+\s", data)
width = int(m.group(1))
x, y = (round(float(v) / 25.4 * 20) for v in sys.argv[2:4])
i = m.end() + (y * width + x) * 3
print(*data[i:i + 3])
EOF
}

# near "r g b" R G B: every channel within 12 of the expected.
near() {
  read -r r g b <<<"$1"
  awk -v r="$r" -v g="$g" -v b="$b" -v R="$2" -v G="$3" -v B="$4" \
    'function d(a, c) { return a > c ? a - c : c - a } BEGIN { exit !(d(r, R) <= 12 && d(g, G) <= 12 && d(b, B) <= 12) }'
}

# ---- The example's images are make_images.py's output -------------------------------------------
mkdir -p images && python3 "$DIR/make_images.py" images || fail "make_images.py failed"
for f in logo.png logo-branded.png signature.png; do
  cmp -s "images/$f" "$DIR/$f" || fail "$f differs from make_images.py's output"
done

# ---- One letter, two templates: only the band colour and the logo differ ---------------------
(cd "$DIR" && quire build letter.md -o "$TMP/plain.pdf" && quire build letter.md --template branded.yaml -o "$TMP/branded.pdf") \
  2>build.log || fail "building the donor letter: $(tail -3 build.log)"
check_pdf plain.pdf
check_pdf branded.pdf
[[ -n $(pdf_text plain.pdf) && $(pdf_text plain.pdf) == "$(pdf_text branded.pdf)" ]] ||
  fail "the branded letter's words differ: $(diff <(pdf_text plain.pdf) <(pdf_text branded.pdf) | head -5)"
# The band: 6 mm along the top edge; lantern.yaml's #1A2A4C, branded.yaml's #8B1020.
navy=$(pixel plain.pdf 1 105 3) && near "$navy" 26 42 76 || fail "plain band is '$navy', expected 26 42 76"
crimson=$(pixel branded.pdf 1 105 3) && near "$crimson" 139 16 32 || fail "branded band is '$crimson', expected 139 16 32"
# Below the band the page is white.
white=$(pixel plain.pdf 1 105 8) && near "$white" 255 255 255 || fail "under the band: '$white'"
# The logos: one 200 × 200 image each (beside the signature), different pictures; the disc's colour shows
# at 20 dpi 3 mm inside its left edge (the logo is 16 mm high, flush with the 20 mm right margin).
for f in plain branded; do
  [[ $(pdfimages -list "$f.pdf" | awk '$3 == "image" && $4 == 200 && $5 == 200' | wc -l) == 1 ]] ||
    fail "$f.pdf has no single 200x200 logo: $(pdfimages -list "$f.pdf")"
  mkdir -p "img-$f" && pdfimages -png "$f.pdf" "img-$f/i" || fail "pdfimages -png $f.pdf"
done
logo_of() { python3 -c '
import struct, sys
for p in sorted(sys.argv[1:]):
    head = open(p, "rb").read(26)
    if struct.unpack(">II", head[16:24]) == (200, 200) and head[25] == 2:
        print(p)' "$1"/*.png; }
a=$(logo_of img-plain) b=$(logo_of img-branded)
[[ -n $a && -n $b ]] || fail "cannot find the logo among the extracted images"
cmp -s "$a" "$b" && fail "both letters carry the same logo"
disc=$(pixel plain.pdf 1 177 18) && near "$disc" 26 42 76 || fail "plain logo disc is '$disc'"
disc=$(pixel branded.pdf 1 177 18) && near "$disc" 139 16 32 || fail "branded logo disc is '$disc'"

# ---- DIN 5008: the address in the window field (20 mm, 45 mm, 85 × 45 mm), the text below it ------
left=$(mm 20) top=$(mm 45) right=$(mm 105) bottom=$(mm 90)
for word in Friends 48939; do
  box=$(bbox plain.pdf 1 "$word")
  inside "$box" "$left" "$top" "$right" "$bottom" || fail "'$word' at '$box' is outside the DIN 5008 field"
done
inside "$(bbox plain.pdf 1 Publication)" 0 "$bottom" 999 999 || fail "the subject is not below the field: $(bbox plain.pdf 1 Publication)"
read -r _ y0 _ _ <<<"$(bbox plain.pdf 1 Publication)"
awk -v y="$y0" -v b="$bottom" 'BEGIN { exit !(y < b + 40) }' || fail "the text starts far below the field: $y0"
# The date "2 June 2026" ends at the right margin (20 mm), on the address's side of the fold.
read -r _ _ x1 y1 <<<"$(bbox plain.pdf 1 2026)"
awk -v x="$x1" -v r="$(awk 'BEGIN { printf "%.2f", 595.28 - 20 * 72 / 25.4 }')" -v y="$y1" -v b="$bottom" \
  'BEGIN { exit !(x > r - 1.5 && x < r + 0.5 && y < b) }' || fail "the date ends at x=$x1 y=$y1, not at the right margin"

# ---- Page 2: a running header, no letterhead ---------------------------------------------------
{
  printf -- '---\nto: {name: Maya Silva, address: "192 Abbey Street\\nDublin, IE"}\ndate: 2026-06-02\nsubject: Our year\n---\n\n'
  for k in $(seq 1 14); do
    printf 'Paragraph %d. We filed petitions, met families and translated their statements, and we kept\n' "$k"
    printf 'counting the replies and the silences, week after week, so that nobody would be forgotten.\n\n'
  done
} >long.md
expect_status 0 quire build long.md --template "$DIR/lantern.yaml" --allow-outside-root -o long.pdf
check_pdf long.pdf
(($(pdf_pages long.pdf) >= 2)) || fail "long.pdf has $(pdf_pages long.pdf) page"
p2=$(pdftotext -f 2 -l 2 -enc UTF-8 long.pdf - | tr -s ' \n\f' '  ')
[[ $p2 == *"Maya Silva · 2 June 2026"*"Page 2 of $(pdf_pages long.pdf)"* ]] || fail "page 2's running header: $p2"
[[ $p2 != *"Bukchon-ro"* && $p2 != *"+82 2"* ]] || fail "page 2 repeats the letterhead: $p2"
[[ $(pdfimages -f 2 -l 2 -list long.pdf | awk '$3 == "image" && $4 == 200' | wc -l) == 0 ]] || fail "page 2 has the logo"
top2=$(pixel long.pdf 2 105 3) && near "$top2" 255 255 255 || fail "page 2 has a band: '$top2'"
read -r _ hy _ _ <<<"$(bbox long.pdf 2 Page)"
awk -v y="$hy" -v t="$(mm 25)" 'BEGIN { exit !(y < t) }' || fail "page 2's header is at y=$hy, not in the top margin"
# The text of page 2 starts at the top margin (25 mm), not below an address field.
first=$(pdftotext -bbox -f 2 -l 2 long.pdf - | grep -o 'yMin="[0-9.]*"' | sed 's/[^0-9.]//g' | sort -n | awk -v t="$(mm 25)" '$1 > t' | head -1)
awk -v y="$first" -v t="$(mm 25)" 'BEGIN { exit !(y < t + 14) }' || fail "page 2's text starts at y=$first"
# On page 1 the address sits in the window and the text below it.
inside "$(bbox long.pdf 1 Maya)" "$left" "$top" "$right" "$bottom" || fail "Maya at '$(bbox long.pdf 1 Maya)' outside the window"

# ---- US Letter: the #10 window (0.875 in, 2.042 in, 4 × 1.125 in), no return line ---------------
expect_status 0 quire build long.md --template "$DIR/lantern.yaml" --allow-outside-root --set papersize=letter -o us.pdf
[[ $(pdfinfo us.pdf | sed -n 's/^Page size: *//p') == "612 x 792"* ]] || fail "us.pdf is not US Letter"
for word in Maya Dublin,; do
  box=$(bbox us.pdf 1 "$word")
  inside "$box" 63 147 351 228 || fail "'$word' at '$box' is outside the #10 window"
done
read -r _ y0 _ _ <<<"$(bbox us.pdf 1 Our)"
awk -v y="$y0" 'BEGIN { exit !(y > 228) }' || fail "the subject is not below the #10 window: y=$y0"

# ---- Fold marks: DIN 5008 at 105 and 210 mm, the punch mark at 148.5 mm; none with fold-marks: false
marks() { quire-parse long.md | quire-compose --template "$DIR/lantern.yaml" --allow-outside-root "$@" | quire-render-pdf --emit layout --allow-outside-root |
  awk '/^page 2/ { exit } $1 == "rule" && $2 < 15 && $4 < 20 { printf "%.0f ", $3 + $5 / 2 }'; }
[[ $(marks) == "298 595 421 " ]] || fail "fold marks at '$(marks)', expected 298 595 421 (105, 210, 148.5 mm)"
[[ -z $(marks --set fold-marks=false) ]] || fail "fold-marks=false still draws marks"

# ---- letter-window: none: the address flows under the letterhead ---------------------------------
expect_status 0 quire build long.md --template "$DIR/lantern.yaml" --allow-outside-root --set letter-window=none -o none.pdf
read -r _ y0 _ _ <<<"$(bbox none.pdf 1 Maya)"
awk -v y="$y0" -v t="$(mm 30)" -v b="$(mm 70)" 'BEGIN { exit !(y > t && y < b) }' || fail "flowing address at y=$y0"
pass
