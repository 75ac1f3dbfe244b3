#!/usr/bin/env bash
# A combined PDF long enough to be joined as it streams (over one batch of about 100 pages), tagged and
# archival (--pdf-standard a-2u,ua-1): one Document with a Part per letter in record order, each letter
# read letterhead, address, info block, text; the checker's PDF/UA-1 and PDF/A-2u rules pass; the same
# input gives the same bytes. One PDF per letter is tagged too.
source "$(dirname "$0")/lib.sh"
DIR="$EXAMPLES/donor-letter"
export SOURCE_DATE_EPOCH=1780358400
check=$QUIRE_SOURCE_DIR/tests/pdfua_check.py

quire-parse "$DIR/merge-letter.md" -o "$TMP/letter.yaml" || fail "quire-parse merge-letter.md"
quire-compose --data "$DIR/donors.csv" --records 1-120 "$TMP/letter.yaml" -o "$TMP/merged.yaml" || fail "quire-compose"
expect_status 0 quire-render-pdf --root "$DIR" --pdf-standard a-2u,ua-1 "$TMP/merged.yaml" -o "$TMP/all.pdf"
check_pdf "$TMP/all.pdf"
pages=$(pdf_pages "$TMP/all.pdf")
((pages > 100)) || fail "all.pdf has $pages pages: not long enough to be joined as it streams"
pdfinfo "$TMP/all.pdf" | grep -q '^Tagged: *yes' || fail "the joined PDF is not tagged"
python3 "$check" "$TMP/all.pdf" >"$TMP/check.log" 2>&1 || fail "joined PDF: $(head -20 "$TMP/check.log")"
python3 "$check" --standard a-2u,ua-1 "$TMP/all.pdf" >"$TMP/check.log" 2>&1 ||
  fail "joined PDF: $(head -20 "$TMP/check.log")"
expect_status 0 quire-render-pdf --root "$DIR" --pdf-standard a-2u,ua-1 "$TMP/merged.yaml" -o "$TMP/again.pdf"
cmp -s "$TMP/all.pdf" "$TMP/again.pdf" || fail "two runs wrote different bytes"

# One Document, a Part per letter in record order, each starting with the letterhead and the address.
pdfinfo -struct-text "$TMP/all.pdf" >"$TMP/struct.txt" || fail "pdfinfo -struct-text"
python3 - "$TMP/struct.txt" "$DIR/donors.csv" <<'PY' || fail "the joined PDF's structure (above)"
import csv, re, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
names = [row["name"] for n, row in enumerate(csv.DictReader(open(sys.argv[2], encoding="utf-8-sig")), 1) if n <= 120]
def need(cond, what):
    if not cond:
        sys.exit("FAIL: " + what)
need(lines[0] == "Document", "the root is one Document: %r" % lines[:2])
need(not any(l == "Document" for l in lines[1:]), "a second Document")
parts = [i for i, l in enumerate(lines) if re.match(r"^  Part\b", l)]
need(len(parts) == 120, "%d Parts for 120 letters" % len(parts))
for k, (start, name) in enumerate(zip(parts, names)):
    end = parts[k + 1] if k + 1 < len(parts) else len(lines)
    texts = [l.strip().strip('"') for l in lines[start:end] if l.strip().startswith('"')]
    need(len(texts) > 3 and texts[0].startswith("Lantern Rights Initiative"), "letter %d starts with its letterhead: %r" % (k + 1, texts[:2]))
    need(" ".join(name.split()) in " ".join(texts[1].split()), "letter %d's address names %r: %r" % (k + 1, name, texts[1]))
PY

# One PDF per letter: each tagged and archival on its own.
mkdir -p "$TMP/each"
quire-compose --data "$DIR/donors.csv" --records 1-3 "$TMP/letter.yaml" -o "$TMP/three.yaml" || fail "quire-compose 1-3"
expect_status 0 quire-render-pdf --root "$DIR" --pdf-standard a-2u,ua-1 "$TMP/three.yaml" -o "$TMP/each/{{n}}.pdf"
python3 "$check" "$TMP"/each/*.pdf >"$TMP/check.log" 2>&1 || fail "one letter: $(head -20 "$TMP/check.log")"
pass
