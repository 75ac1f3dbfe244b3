#!/usr/bin/env bash
# Tagged PDF (--pdf-standard ua-1, `pdf-standard:` in the front matter): the report's structure as
# pdfinfo -struct-text reads it (headings, paragraphs, lists, tables, figures and notes in reading
# order, words apart, nothing from the running headers and footers), the catalog's accessibility
# entries, and untagged output when nobody asks.
source "$(dirname "$0")/lib.sh"

cd "$EXAMPLES/report" || fail "no $EXAMPLES/report"
quire-parse 0[0-9]-*.md | quire-validate | quire-compose --join >"$TMP/report.yaml" || fail "report model"
quire-render-pdf --root . --pdf-standard ua-1 -o "$TMP/report.pdf" "$TMP/report.yaml" 2>"$TMP/render.log" ||
  fail "tagged report: $(cat "$TMP/render.log")"
check_pdf "$TMP/report.pdf"
pdfinfo "$TMP/report.pdf" | grep -q '^Tagged: *yes' || fail "pdfinfo does not say Tagged: yes"
pdfinfo -struct-text "$TMP/report.pdf" >"$TMP/struct.txt" 2>"$TMP/pdfinfo.log" || fail "pdfinfo -struct-text failed"

# The elements in reading order: the title block, the contents, chapter 1's headings and text.
python3 - "$TMP/struct.txt" <<'PY' || fail "structure (above)"
import re, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
# (depth, role) of each element line; its text is the quoted lines under it.
elems, text = [], {}
for line in lines:
    m = re.match(r'^( *)([A-Za-z0-9]+)( <[^>]*>)?( \(\w+\))?:?$', line)  # role, its /ID, its kind
    if m:
        elems.append((len(m.group(1)) // 2, m.group(2)))
        continue
    m = re.match(r'^ *"(.*)"$', line)
    if m and elems:
        text.setdefault(len(elems) - 1, []).append(m.group(1))
def texts(role):
    return [" ".join(text.get(i, [])) for i, (_, r) in enumerate(elems) if r == role]
def need(cond, what):
    if not cond:
        sys.exit("FAIL: " + what)
need(elems[0] == (0, "Document"), "the root is Document: %r" % elems[:1])
top = [r for d, r in elems if d == 1]
need(top[:5] == ["H1", "P", "P", "P", "TOC"], "title block then contents: %r" % top[:5])
h1 = texts("H1")
need(h1[:3] == ["Paper Trails", "1 Introduction", "2 Methods"], "H1s in order: %r" % h1[:3])
need("1.1 Why petitions matter" in texts("H2"), "H2 text: %r" % texts("H2")[:3])
paras = texts("P")
need(any(p.startswith("The Republic of Calvera is a fictional coastal state") for p in paras),
     "a paragraph's words, spaced: %r" % paras[4:6])
need(texts("Lbl")[:1] == ["•"] and "Remove duplicates, because many cases were sent by more than one organisation."
     in [" ".join(text.get(i + 1, [])) for i, (_, r) in enumerate(elems) if r == "LBody"] + paras,
     "list labels and bodies")
need(texts("TH")[:3] == ["Source", "Organisations", "Petitions"], "table headers: %r" % texts("TH")[:3])
need(texts("TD")[:2] == ["Large organisations (digital records)", "6"], "table cells: %r" % texts("TD")[:2])
need("Table 1: The petitions received, by kind of source" in texts("Caption"), "a table's caption")
need(texts("Caption")[:3] == ["Contents", "List of Figures", "List of Tables"], "the lists' titles: %r" % texts("Caption")[:3])
need(any(c.startswith("Figure 1:") for c in texts("Caption")), "a figure's caption")
need("Figure" in [r for _, r in elems] and "Note" in [r for _, r in elems], "figures and notes")
def before(i, depth):
    """The role of the element before elems[i] at `depth` (its previous sibling, or its parent for depth - 1)."""
    for d, r in reversed(elems[:i]):
        if d == depth:
            return r
        if d < depth:
            return None
    return None
# A footnote is read right after its mark: the Note follows the Reference, inside the mark's element.
notes = [i for i, (_, r) in enumerate(elems) if r == "Note"]
for i in notes:
    d = elems[i][0]
    need(before(i, d) == "Reference", "a Note not right after its Reference: %r" % elems[max(0, i - 4):i + 1])
need(any(before(i, elems[i][0] - 1) == "P" for i in notes), "no Note inside a paragraph")
need(len(notes) >= 4, "the report's notes: %d" % len(notes))
# Table rows in a THead (the header) or a TBody.
rows = [i for i, (_, r) in enumerate(elems) if r == "TR"]
need(rows and all(before(i, elems[i][0] - 1) in ("THead", "TBody") for i in rows), "TRs outside THead/TBody")
need(any(before(i, elems[i][0] - 1) == "THead" for i in rows), "no THead")
need(not any(texts("TOCI")) and any(t.startswith("1 Introduction 6") for t in texts("Reference")),
     "contents entries with their page, without leaders: %r" % texts("Reference")[:2])
# The running header repeats the title and sections, the footer says "Page N of M": neither is content.
every = " ".join(" ".join(v) for v in text.values())
need("Page 2 of" not in every and "Page 3 of" not in every, "footers are artifacts")
need(sum(t.count("Paper Trails") for t in text.values() for t in t) == 1, "the running header is an artifact")
PY

# The catalog: marked, language, title shown, XMP with the title and the PDF/UA claim; pages in
# structure order; figures with their alternative text.
qpdf --json=2 --json-key=qpdf --json-stream-data=inline --decode-level=generalized "$TMP/report.pdf" \
  >"$TMP/report.json" || fail "qpdf --json"
python3 - "$TMP/report.json" <<'PY' || fail "catalog (above)"
import base64, json, sys
objs = json.load(open(sys.argv[1]))["qpdf"][1]
def get(ref):
    v = objs.get("obj:" + ref) if isinstance(ref, str) and ref.endswith(" R") else None
    return v.get("value", v.get("stream", {}).get("dict")) if v else ref
trailer = objs["trailer"]["value"]
cat = get(trailer["/Root"])
def need(cond, what):
    if not cond:
        sys.exit("FAIL: " + what)
need(get(cat.get("/MarkInfo")).get("/Marked") is True, "MarkInfo /Marked true")
need(cat.get("/Lang") == "u:en", "catalog /Lang from lang: %r" % cat.get("/Lang"))
need(get(cat.get("/ViewerPreferences")).get("/DisplayDocTitle") is True, "DisplayDocTitle")
meta = objs["obj:" + cat["/Metadata"]]["stream"]
xmp = base64.b64decode(meta["data"]).decode()
need("<pdfuaid:part>1</pdfuaid:part>" in xmp and ">Paper Trails</rdf:li>" in xmp, "XMP: " + xmp[:300])
pages = [v["value"] for v in objs.values() if isinstance(v, dict) and isinstance(v.get("value"), dict)
         and v["value"].get("/Type") == "/Page"]
need(all(p.get("/Tabs") == "/S" and "/StructParents" in p for p in pages), "every page has /Tabs /S, /StructParents")
figs = [v["value"] for v in objs.values() if isinstance(v, dict) and isinstance(v.get("value"), dict)
        and v["value"].get("/S") == "/Figure"]
need(len(figs) >= 2 and all(f.get("/Alt", "").startswith("u:") and len(f["/Alt"]) > 10 for f in figs),
     "figures with /Alt: %r" % [f.get("/Alt") for f in figs])
PY
pdfinfo -meta "$TMP/report.pdf" | grep -q "<dc:title>" || fail "pdfinfo -meta shows no dc:title"

# The words a reader sees are unchanged by tagging (the spaces are drawn as space glyphs).
quire-render-pdf --root . -o "$TMP/plain.pdf" "$TMP/report.yaml" || fail "untagged report"
pdfinfo "$TMP/plain.pdf" | grep -q '^Tagged: *no' || fail "a PDF nobody asked to tag is tagged"
[[ $(pdf_text "$TMP/plain.pdf" | tr -d ' ') == $(pdf_text "$TMP/report.pdf" | tr -d ' ') ]] ||
  fail "tagging changed the extracted text"

# A letter's frame is read before its text: the letterhead, the address, each line of the info block.
quire build --pdf-standard ua-1 -o "$TMP/letter.pdf" "$EXAMPLES/donor-letter/letter.md" 2>"$TMP/letter.log" ||
  fail "tagged letter: $(cat "$TMP/letter.log")"
pdfinfo -struct-text "$TMP/letter.pdf" >"$TMP/letter.txt" || fail "pdfinfo -struct-text on the letter"
python3 - "$TMP/letter.txt" <<'PY' || fail "the letter's structure (above)"
import re, sys
paras = [m for m in re.findall(r'^  P \(block\)\n    "(.*)"$', open(sys.argv[1], encoding="utf-8").read(), re.M)]
def need(cond, what):
    if not cond:
        sys.exit("FAIL: " + what + ": %r" % paras[:8])
need(paras[0].startswith("Lantern Rights Initiative 4F, 27 Bukchon-ro"), "the letterhead first")
need(paras[1].startswith("Friends of the Lantern, Busan Chapter") and "Busan 48939" in paras[1], "the address second")
dear = next(i for i, p in enumerate(paras) if p.startswith("Dear "))
need("Date 2 June 2026" in paras[2:dear], "the info block, label first, before the text")
need(not any("Lantern Rights Initiative ·" in p for p in paras[2:]), "the return line is an artifact")
PY

# A span in another language is a Span with its /Lang, read where it stands.
printf -- '---\ntitle: T\nlang: en\n---\n\nSay [bonjour]{lang=fr} now.\n' >"$TMP/span.md"
quire build --pdf-standard ua-1 -o "$TMP/span.pdf" "$TMP/span.md" || fail "span document"
pdfinfo -struct-text "$TMP/span.pdf" | tr -d '\n ' | grep -q '"Say"Span(inline)"bonjour""now."' ||
  fail "the span is not in place: $(pdfinfo -struct-text "$TMP/span.pdf")"
qpdf --json=2 --json-key=qpdf "$TMP/span.pdf" >"$TMP/span.json" || fail "qpdf --json span.pdf"
grep -q '"/Lang": "u:fr"' "$TMP/span.json" || fail "the span has no /Lang fr"
python3 "$QUIRE_SOURCE_DIR/tests/pdfua_check.py" "$TMP/span.pdf" || fail "the span's PDF fails the checker"

# `pdf-standard:` in the front matter asks for the same; a value quire does not know is an error there.
printf -- '---\ntitle: T\nlang: en\npdf-standard: ua-1\n---\n\n# One\n\nText.\n' >"$TMP/front.md"
quire build -o "$TMP/front.pdf" "$TMP/front.md" || fail "quire build with pdf-standard: ua-1"
pdfinfo "$TMP/front.pdf" | grep -q '^Tagged: *yes' || fail "pdf-standard: ua-1 did not tag"
printf -- '---\ntitle: T\npdf-standard: a-9\n---\n\nText.\n' >"$TMP/bad.md"
expect_status 1 quire build -o "$TMP/bad.pdf" "$TMP/bad.md"
expect_stderr "bad.md:3:[0-9]+: error: pdf-standard: unknown PDF standard 'a-9'"
[[ ! -e $TMP/bad.pdf ]] || fail "a failed run left bad.pdf"
expect_status 2 quire build --pdf-standard ua-2 -o "$TMP/bad.pdf" "$TMP/front.md"
# A tagged PDF without a title or a language says what is missing.
printf -- '# One\n\nText.\n' >"$TMP/bare.md"
expect_status 0 quire build --pdf-standard ua-1 -o "$TMP/bare.pdf" "$TMP/bare.md"
expect_stderr "should have a title"
expect_stderr "should say its language.*en-US assumed"
# (qpdf's JSON into a file first: `grep -q` stops reading early, and qpdf's SIGPIPE would fail the pipe.)
qpdf --json=2 --json-key=qpdf "$TMP/bare.pdf" >"$TMP/bare.json" || fail "qpdf --json bare.pdf"
grep -q '"/Lang": "u:en-US"' "$TMP/bare.json" || fail "no lang: is not written as en-US"

# An image without alt text: a warning at its position, an error (and no PDF) with ua-1; a decorative
# one is neither, and is no figure.
cp "$EXAMPLES/report/figures/petitions.png" "$TMP/chart.png"
printf -- '---\ntitle: T\nlang: en\n---\n\nText.\n\n![](chart.png)\n' >"$TMP/noalt.md"
expect_status 0 quire build -o "$TMP/noalt.pdf" "$TMP/noalt.md"
expect_stderr 'noalt.md:8:1: warning: image "chart.png" has no alternative text'
expect_status 1 quire build --pdf-standard ua-1 -o "$TMP/noalt-ua.pdf" "$TMP/noalt.md"
expect_stderr 'noalt.md:8:1: error: image "chart.png" has no alternative text.*ua-1'
[[ ! -e $TMP/noalt-ua.pdf ]] || fail "a failed ua-1 run left its PDF"
printf -- '---\ntitle: T\nlang: en\n---\n\nText.\n\n::: decorative\n![](chart.png)\n:::\n' >"$TMP/deco.md"
expect_status 0 quire build --pdf-standard ua-1 -o "$TMP/deco.pdf" "$TMP/deco.md"
grep -q "alternative text" "$TMP/stderr" && fail "a decorative image was warned about"
pdfinfo -struct-text "$TMP/deco.pdf" | grep -q Figure && fail "a decorative image is a Figure"
python3 "$QUIRE_SOURCE_DIR/tests/pdfua_check.py" "$TMP/deco.pdf" || fail "the decorative image's PDF fails the checker"
pass
