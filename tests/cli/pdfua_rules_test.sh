#!/usr/bin/env bash
# The PDF/UA-1 and PDF/A-2 checker (tests/pdfua_check.py) catches each rule broken on purpose in a copy of
# the report built with --pdf-standard a-2u,ua-1 (edited through qpdf's JSON), and passes the report itself.
source "$(dirname "$0")/lib.sh"

check=$QUIRE_SOURCE_DIR/tests/pdfua_check.py
cd "$EXAMPLES/report" || fail "no $EXAMPLES/report"
quire build 0[0-9]-*.md --join --pdf-standard a-2u,ua-1 -o "$TMP/report.pdf" 2>"$TMP/build.log" ||
  fail "report: $(cat "$TMP/build.log")"
python3 "$check" "$TMP/report.pdf" >"$TMP/check.log" 2>&1 || fail "report: $(head -20 "$TMP/check.log")"

# ---- Each rule, broken on purpose ---------------------------------------------------------------------
# break_pdf NAME PYTHON: the tagged report with PYTHON applied to `objs` (qpdf's JSON objects; get(ref)
# resolves a reference, find(key, value) lists the objects whose key has that value), as $TMP/NAME.pdf.
qpdf --json=2 --json-stream-data=inline --decode-level=generalized "$TMP/report.pdf" "$TMP/report.json" ||
  fail "qpdf --json"
break_pdf() {
  python3 - "$TMP/report.json" "$TMP/$1.json" "$2" <<'PY' || fail "editing the report for $1"
import base64, json, sys
j = json.load(open(sys.argv[1]))
objs = j["qpdf"][1]
def get(ref):
    o = objs[ref if ref.startswith("obj:") else "obj:" + ref]
    return o["value"] if "value" in o else o["stream"]["dict"]
def find(key, value):
    return [o.get("value", o.get("stream", {}).get("dict")) for k, o in objs.items()
            if k.startswith("obj:") and isinstance(o.get("value", o.get("stream", {}).get("dict")), dict)
            and o.get("value", o.get("stream", {}).get("dict")).get(key) == value]
catalog = get(objs["trailer"]["value"]["/Root"])
exec(sys.argv[3])
json.dump(j, open(sys.argv[2], "w"))
PY
  qpdf --json-input "$TMP/$1.json" "$TMP/$1.pdf" || fail "qpdf --json-input for $1"
}
# expect_rule NAME RULE: the checker fails $TMP/NAME.pdf, reporting RULE.
expect_rule() {
  expect_status 1 python3 "$check" "$TMP/$1.pdf"
  grep -q ": $2: " "$TMP/stdout" || fail "$1: the checker did not report '$2': $(head -5 "$TMP/stdout")"
}

break_pdf no-alt 'del find("/S", "/Figure")[0]["/Alt"]'
expect_rule no-alt figure-alt
break_pdf skipped-heading 'find("/S", "/H2")[0]["/S"] = "/H4"'
expect_rule skipped-heading headings
break_pdf odd-type 'find("/S", "/P")[0]["/S"] = "/Paragraph"'
expect_rule odd-type standard-type
break_pdf no-th 'for th in find("/S", "/TH"): th["/S"] = "/TD"'
expect_rule no-th table-headers
break_pdf no-lang 'del catalog["/Lang"]'
expect_rule no-lang lang
break_pdf no-title 'del catalog["/ViewerPreferences"]'
expect_rule no-title display-doc-title
break_pdf no-tounicode 'for f in find("/Subtype", "/Type0"): f.pop("/ToUnicode", None)'
expect_rule no-tounicode tounicode
break_pdf untagged '
page = find("/Type", "/Page")[0]
stream = objs["obj:" + page["/Contents"]]["stream"]
stream["data"] = base64.b64encode(b"0 0 10 10 re f\n" + base64.b64decode(stream["data"])).decode()'
expect_rule untagged untagged
break_pdf orphan-mcid '
for e in find("/S", "/H1")[:1]: e.pop("/K")'
expect_rule orphan-mcid parent-tree
break_pdf link-contents 'for a in find("/Subtype", "/Link"): a.pop("/Contents", None)'
expect_rule link-contents link
break_pdf note-id 'find("/S", "/Note")[0].pop("/ID")'
expect_rule note-id note-id
# PDF/A-2's rules.
break_pdf no-intent 'del catalog["/OutputIntents"]'
expect_rule no-intent output-intent
expect_rule no-intent device-colour
break_pdf info-title 'get(objs["trailer"]["value"]["/Info"])["/Title"] = "u:Another title"'
expect_rule info-title info-xmp
break_pdf hidden-link 'for a in find("/Subtype", "/Link"): a["/F"] = 2'
expect_rule hidden-link annotation
break_pdf javascript 'find("/Subtype", "/Link")[0]["/A"] = {"/S": "/JavaScript", "/JS": "u:app.alert(1)"}'
expect_rule javascript actions
break_pdf no-claim '
meta = objs["obj:" + catalog["/Metadata"]]["stream"]
meta["data"] = base64.b64encode(base64.b64decode(meta["data"]).replace(b"<pdfaid:part>2<", b"<pdfaid:part>9<")).decode()'
expect_status 1 python3 "$check" --standard a-2b "$TMP/no-claim.pdf"
grep -q ": pdfa-metadata: " "$TMP/stdout" || fail "no-claim: the checker did not report 'pdfa-metadata': $(head -5 "$TMP/stdout")"
break_pdf notdef '
page = find("/Type", "/Page")[0]
stream = objs["obj:" + page["/Contents"]]["stream"]
res = page["/Resources"] if isinstance(page["/Resources"], dict) else get(page["/Resources"])
font = sorted(res["/Font"] if isinstance(res["/Font"], dict) else get(res["/Font"]))[0]
stream["data"] = base64.b64encode(base64.b64decode(stream["data"]) +
    ("\n/Artifact BMC BT %s 10 Tf 0 0 Td <0000> Tj ET EMC\n" % font).encode()).decode()'
expect_rule notdef notdef
# An untagged PDF fails at once, and a file that is not a PDF is exit 2.
quire-render-pdf -o "$TMP/plain.pdf" <<<"$(quire-parse <<<'# Plain')" || fail "plain PDF"
expect_rule plain structure
echo "not a pdf" >"$TMP/junk.pdf"
expect_status 2 python3 "$check" "$TMP/junk.pdf"
pass
