#!/usr/bin/env bash
# PDF/A-2 (--pdf-standard a-2b|a-2u, alone or with ua-1; `pdf-standard:` in the front matter): the
# report as PDF/A-2b passes the checker's PDF/A rules and is not tagged; its XMP claims PDF/A-2b and
# agrees with the information dictionary; the output intent is the sRGB profile; links print; the same
# input gives the same bytes; PDF/A with encryption is refused (exit 2, nothing written).
source "$(dirname "$0")/lib.sh"

check=$QUIRE_SOURCE_DIR/tests/pdfua_check.py
cd "$EXAMPLES/report" || fail "no $EXAMPLES/report"

quire build 0[0-9]-*.md --join -o "$TMP/a2b.pdf" --pdf-standard a-2b 2>"$TMP/build.log" ||
  fail "report as a-2b: $(cat "$TMP/build.log")"
check_pdf "$TMP/a2b.pdf"
pdfinfo "$TMP/a2b.pdf" | grep -q '^Tagged: *no' || fail "a-2b alone tagged the PDF"
python3 "$check" "$TMP/a2b.pdf" >"$TMP/check.log" 2>&1 || fail "a-2b report: $(head -20 "$TMP/check.log")"
python3 "$check" --standard a-2b "$TMP/a2b.pdf" >"$TMP/check.log" 2>&1 || fail "a-2b report: $(head -20 "$TMP/check.log")"
# It claims PDF/A-2b, not PDF/UA: the UA rules fail it (it is not tagged).
expect_status 1 python3 "$check" --standard ua-1 "$TMP/a2b.pdf"
grep -q ": structure: " "$TMP/stdout" || fail "an untagged PDF/A passed the PDF/UA rules"

qpdf --json=2 --json-key=qpdf --json-stream-data=inline --decode-level=generalized "$TMP/a2b.pdf" \
  >"$TMP/a2b.json" || fail "qpdf --json"
python3 - "$TMP/a2b.json" /usr/share/color/icc/sRGB.icc <<'PY' || fail "PDF/A objects (above)"
import base64, json, sys
objs = json.load(open(sys.argv[1]))["qpdf"][1]
def get(ref):
    v = objs.get("obj:" + ref) if isinstance(ref, str) and ref.endswith(" R") else None
    return v.get("value", v.get("stream", {}).get("dict")) if v else ref
def data(ref):
    return base64.b64decode(objs["obj:" + ref]["stream"]["data"])
def need(cond, what):
    if not cond:
        sys.exit("FAIL: " + what)
trailer = objs["trailer"]["value"]
cat = get(trailer["/Root"])
xmp = data(cat["/Metadata"]).decode()
need("<pdfaid:part>2</pdfaid:part>" in xmp and "<pdfaid:conformance>B</pdfaid:conformance>" in xmp, "pdfaid: " + xmp)
need("pdfuaid" not in xmp, "a-2b alone claims PDF/UA")
need('<rdf:li xml:lang="x-default">Paper Trails</rdf:li>' in xmp, "dc:title: " + xmp)
need("<xmp:CreatorTool>quire</xmp:CreatorTool>" in xmp, "CreatorTool: " + xmp)
need("/Filter" not in get(cat["/Metadata"]), "the XMP stream is compressed")
intents = [get(i) for i in cat["/OutputIntents"]]
need(len(intents) == 1 and intents[0]["/S"] == "/GTS_PDFA1", "output intents: %r" % intents)
need(data(intents[0]["/DestOutputProfile"]) == open(sys.argv[2], "rb").read(), "the output intent is not sRGB.icc")
need(get(intents[0]["/DestOutputProfile"])["/N"] == 3, "/N 3")
links = [o["value"] for o in objs.values() if isinstance(o, dict) and isinstance(o.get("value"), dict)
         and o["value"].get("/Subtype") == "/Link"]
need(links and all(l.get("/F") == 4 for l in links), "links print: %r" % [l.get("/F") for l in links[:3]])
need(isinstance(trailer.get("/ID"), list) and len(trailer["/ID"]) == 2, "the trailer's /ID")
PY
head -c 8 "$TMP/a2b.pdf" | grep -q '^%PDF-1\.[4-7]' || fail "header: $(head -c 8 "$TMP/a2b.pdf")"

# The same input, the same bytes.
quire build 0[0-9]-*.md --join -o "$TMP/a2b-again.pdf" --pdf-standard a-2b 2>/dev/null || fail "second a-2b run"
cmp -s "$TMP/a2b.pdf" "$TMP/a2b-again.pdf" || fail "two a-2b runs differ"

# a-2u and ua-1 together, in either order, and in the front matter as a list.
quire build 0[0-9]-*.md --join -o "$TMP/both.pdf" --pdf-standard ua-1,a-2u 2>/dev/null || fail "ua-1,a-2u"
pdfinfo -meta "$TMP/both.pdf" | grep -q '<pdfaid:conformance>U<' || fail "ua-1,a-2u claims no 2u"
pdfinfo -meta "$TMP/both.pdf" | grep -q 'pdfaExtension:schemas' || fail "no extension schema for pdfuaid"
python3 "$check" "$TMP/both.pdf" >"$TMP/check.log" 2>&1 || fail "ua-1,a-2u report: $(head -20 "$TMP/check.log")"
printf -- '---\ntitle: Archived\nlang: en\npdf-standard: [a-2b, ua-1]\n---\n\n# One\n\nText.\n' >"$TMP/front.md"
quire build -o "$TMP/front.pdf" "$TMP/front.md" || fail "pdf-standard: [a-2b, ua-1]"
pdfinfo "$TMP/front.pdf" | grep -q '^Tagged: *yes' || fail "the front matter's ua-1 did not tag"
pdfinfo -meta "$TMP/front.pdf" | grep -q '<pdfaid:conformance>B<' || fail "the front matter's a-2b is not claimed"
python3 "$check" "$TMP/front.pdf" >"$TMP/check.log" 2>&1 || fail "front matter PDF: $(head -20 "$TMP/check.log")"

# PDF/A forbids encryption: refused before anything is written, from the options or the front matter.
expect_status 2 quire build 0[0-9]-*.md --join -o "$TMP/secret.pdf" --pdf-standard a-2b --user-password pw
expect_stderr "PDF/A .*forbids encryption"
[[ ! -e $TMP/secret.pdf ]] || fail "a refused PDF/A run left its file"
expect_status 2 quire build -o "$TMP/secret.pdf" "$TMP/front.md" --no-print --owner-password pw
expect_stderr "forbids encryption"
[[ ! -e $TMP/secret.pdf ]] || fail "a refused PDF/A run left its file"
# Unknown standards: exit 2 on the command line, exit 1 at their line in the front matter.
expect_status 2 quire build --pdf-standard a-3b -o "$TMP/bad.pdf" "$TMP/front.md"
expect_status 2 quire-render-pdf --pdf-standard a-2b,ua-2 -o "$TMP/bad.pdf" </dev/null
printf -- '---\ntitle: T\npdf-standard: a-2b,pdf-x\n---\n\nText.\n' >"$TMP/bad.md"
expect_status 1 quire build -o "$TMP/bad.pdf" "$TMP/bad.md"
expect_stderr "bad.md:3:[0-9]+: error: pdf-standard: unknown PDF standard 'pdf-x'"
[[ ! -e $TMP/bad.pdf ]] || fail "a failed run left bad.pdf"
pass
