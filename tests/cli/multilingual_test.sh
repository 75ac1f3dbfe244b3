#!/usr/bin/env bash
# examples/multilingual: twenty scripts on one page. Every paragraph comes back from pdftotext in
# logical order; every font is embedded; no character is left without a font; shaped words are as wide
# as HarfBuzz's hb-shape makes them in the same font (Arabic joining, Indic conjuncts, Myanmar
# reordering: unshaped text would be 10–25 % wider); "office" is drawn with the ffi ligature and still
# extracts as "office".
source "$(dirname "$0")/lib.sh"
src=$EXAMPLES/multilingual/multilingual.md
pdf=$TMP/multilingual.pdf

bash "$EXAMPLES/multilingual/run.sh" "$pdf" >"$TMP/run.log" 2>&1 || fail "multilingual/run.sh: $(tail -5 "$TMP/run.log")"
grep -q 'missing-glyph\|no font has' "$TMP/run.log" && fail "characters without a font: $(grep -m3 'no font has' "$TMP/run.log")"
check_pdf "$pdf"
[[ $(pdf_pages "$pdf") == 1 ]] || fail "the page of twenty scripts has $(pdf_pages "$pdf") pages"
pdffonts "$pdf" | tail -n +3 | awk '$(NF-3) != "yes" { bad=1 } END { exit bad }' || fail "a font is not subset: $(pdffonts "$pdf")"

# Every paragraph of the source comes back in reading order. Left-to-right paragraphs: the text of the
# content stream (-raw: one TJ per line, drawn in the text's order), spaces and line ends aside.
# Right-to-left paragraphs: poppler turns each line around itself and, at punctuation between two
# right-to-left stretches, puts the stretches in visual order, so the check is per word: every word of
# the source is one word of pdftotext's text (joined letters, lam-alef ligatures and marks extracted as
# written, not as presentation forms).
pdftotext -raw -enc UTF-8 "$pdf" - 2>/dev/null >"$TMP/raw"
pdftotext -enc UTF-8 "$pdf" - 2>/dev/null >"$TMP/text"
python3 - "$src" "$TMP/raw" "$TMP/text" <<'PY' || fail "a paragraph is missing or scrambled in pdftotext's output"
import re, sys
src = open(sys.argv[1], encoding="utf-8").read().split("---", 2)[2]
raw = re.sub(r"\s+", "", open(sys.argv[2], encoding="utf-8").read())
split = lambda t: [w for w in re.split(r"[\s.,،؛:;«»()\u202a-\u202e]+", t) if w]
# Arabic vowel marks: poppler turns a right-to-left line around after spreading a span's text over its
# glyphs, so a letter and its mark come out swapped (docs/pdf.md, "Limits"): the letters are compared
# without them, and the marks must be there.
marks = re.compile("[\u064b-\u065f\u0670]")
extracted = open(sys.argv[3], encoding="utf-8").read()
words = set(marks.sub("", w) for w in split(extracted))
bad = 0
for para in re.split(r"\n\s*\n", src):
    para = "\n".join(l for l in para.strip().splitlines() if not l.startswith(":::")).strip()
    if not para:
        continue
    if re.search("[\u0590-\u06ff]", para):  # Hebrew or Arabic in it: word by word
        missing = [w for w in split(para) if marks.sub("", w) not in words]
        missing += [m for m in marks.findall(para) if m not in extracted]
        if missing:
            bad += 1
            print("words not extracted as written: " + " ".join(missing[:5]), file=sys.stderr)
    elif re.sub(r"\s+", "", para) not in raw:
        bad += 1
        print("missing or out of order: " + para[:80], file=sys.stderr)
sys.exit(1 if bad else 0)
PY

# Spaces between words survive extraction (words drawn in different fonts included).
pdf_text "$pdf" | grep -q 'Every office in our network' || fail "English words run together: $(pdf_text "$pdf" | head -c 200)"
pdf_text "$pdf" | grep -q 'ונרפעם זה' && fail "Hebrew extracted in visual order"
grep -q 'office' <(pdf_text "$pdf") || fail "'office' does not extract as itself"

# Shaped widths against hb-shape in the font the PDF embeds.
expect_status 0 quire build "$src" --emit layout -o "$TMP/ml.layout"
python3 - "$TMP/ml.layout" "$pdf" <<'PY' || fail "shaped widths differ from hb-shape's"
import json, re, subprocess, sys
layout, pdf = sys.argv[1], sys.argv[2]
fonts = subprocess.run(["pdffonts", pdf], capture_output=True, text=True).stdout.splitlines()[2:]
names = [l.split()[0].split("+", 1)[-1] for l in fonts]
words = {
    "Arab": "الأمم", "Deva": "परिवारों", "Mlym": "കുടുംബങ്ങളുടെ", "Mymr": "မိသားစုများ၏",
}
runs = {}
for line in open(layout, encoding="utf-8"):
    m = re.match(r'text \S+ \S+ f\d+ (\S+) "((?:[^"\\]|\\.)*)"(.*)$', line.rstrip("\n"))
    if not m:
        continue
    size, text, rest = float(m.group(1)), m.group(2), m.group(3)
    adv = [float(a) for a in re.findall(r"\d+@\d+:(-?[\d.]+)", rest)]
    runs.setdefault(text, (size, sum(adv)))
bad = 0
for script, word in words.items():
    hit = [t for t in runs if word in t]
    if not hit:
        print(f"no run with {word}", file=sys.stderr); bad += 1; continue
    size, width = runs[hit[0]]
    # The faces the example names for these scripts (`fonts:`), which the PDF must embed.
    # (Arabic is left to the fallbacks, which give DejaVu Sans: with Noto Naskh Arabic poppler splits a
    # word at a raised vowel mark when extracting, see docs/pdf.md "Limits".)
    family = {"Arab": "DejaVu Sans", "Deva": "Noto Serif Devanagari", "Mlym": "Noto Serif Malayalam",
              "Mymr": "Noto Serif Myanmar"}[script]
    if not [n for n in names if n.replace("-Regular", "") == family.replace(" ", "")]:
        print(f"{family} is not embedded: {names}", file=sys.stderr); bad += 1; continue
    pattern = family
    path = subprocess.run(["fc-match", "-f", "%{file}", pattern], capture_output=True, text=True).stdout
    out = subprocess.run(["hb-shape", "--output-format=json", "--font-size=%g" % (size * 1000), path, hit[0]],
                         capture_output=True, text=True).stdout
    hb = sum(g["ax"] for g in json.loads(out)) / 1000
    ok = abs(width - hb) <= 0.03 * hb
    print(f"{script} {hit[0]}: quire {width:.2f} pt, hb-shape {hb:.2f} pt ({pattern})", file=sys.stderr)
    bad += not ok
sys.exit(1 if bad else 0)
PY

# The ligature: "office" in the serif is drawn with fewer glyphs than letters (ffi is one glyph).
grep -E '"office"' "$TMP/ml.layout" | head -1 | grep -Eo '[0-9]+@[0-9]+:' | wc -l >"$TMP/glyphs"
[[ $(cat "$TMP/glyphs") -lt 6 ]] || fail "'office' is not set with a ligature: $(grep -m1 '"office"' "$TMP/ml.layout")"

pass
