#!/usr/bin/env python3
"""Checks the machine-checkable rules of PDF/UA-1 and PDF/A-2 (b and u) that quire's PDFs claim to meet.

Usage: pdfua_check.py [--standard auto|ua-1|a-2b|a-2u|a-2b,ua-1|a-2u,ua-1] FILE.pdf...
       (exit 0: all pass; 1: a rule failed; 2: a file could not be read)

Reads each file through `qpdf --json` (streams decoded) and prints one line per failure:
FILE: RULE: message. With --standard auto (the default) a file is checked against what its XMP
metadata claims (pdfuaid, pdfaid), and against PDF/UA-1 when it claims nothing. The rules, with the
Matterhorn Protocol 1.1 failure conditions and the ISO 19005-2 clauses they test, are listed in
docs/accessibility.md ("The checker").
"""
import base64
import json
import re
import subprocess
import sys

# PDF 1.7 (ISO 32000-1, 14.8.4) standard structure types.
STANDARD = set("""Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private
P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference
BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP Figure Formula Form""".split())
# Operators that put marks on the page: they must be in tagged content or an artifact.
PAINTING = {"Tj", "TJ", "'", '"', "Do", "f", "F", "f*", "B", "B*", "b", "b*", "S", "s", "sh", "BI"}
SHOWING = {"Tj", "TJ", "'", '"'}

DELIMS = b"()<>[]{}/%"
WHITESPACE = b" \t\r\n\f\x00"


def tokens(data):
    """Content stream tokens: ('op', name), ('name', n), ('str', bytes), ('num', v), '[', ']', '<<', '>>'."""
    i, n = 0, len(data)
    while i < n:
        c = data[i]
        if c in WHITESPACE:
            i += 1
        elif c == 0x25:  # % comment
            while i < n and data[i] not in b"\r\n":
                i += 1
        elif c == 0x2F:  # /name
            j = i + 1
            while j < n and data[j] not in WHITESPACE and data[j] not in DELIMS:
                j += 1
            yield ("name", data[i + 1:j].decode("latin-1"))
            i = j
        elif c == 0x28:  # (string)
            depth, j, out = 1, i + 1, bytearray()
            while j < n and depth:
                b = data[j]
                if b == 0x5C and j + 1 < n:  # backslash
                    e = data[j + 1]
                    esc = {0x6E: 10, 0x72: 13, 0x74: 9, 0x62: 8, 0x66: 12}
                    if e in esc:
                        out.append(esc[e]); j += 2
                    elif 0x30 <= e <= 0x37:
                        k = j + 1
                        while k < n and k < j + 4 and 0x30 <= data[k] <= 0x37:
                            k += 1
                        out.append(int(data[j + 1:k], 8) & 0xFF); j = k
                    elif e in b"\r\n":
                        j += 2
                    else:
                        out.append(e); j += 2
                    continue
                if b == 0x28:
                    depth += 1
                elif b == 0x29:
                    depth -= 1
                    if depth == 0:
                        break
                out.append(b); j += 1
            yield ("str", bytes(out))
            i = j + 1
        elif c == 0x3C:  # < hex > or <<
            if i + 1 < n and data[i + 1] == 0x3C:
                yield ("<<", None); i += 2
            else:
                j = data.find(b">", i)
                j = n if j < 0 else j
                hexs = re.sub(rb"\s", b"", data[i + 1:j])
                if len(hexs) % 2:
                    hexs += b"0"
                yield ("str", bytes.fromhex(hexs.decode()))
                i = j + 1
        elif c == 0x3E:
            yield (">>", None); i += 2
        elif c in b"[]{}":
            yield (chr(c), None); i += 1
        else:
            j = i
            while j < n and data[j] not in WHITESPACE and data[j] not in DELIMS:
                j += 1
            word = data[i:j].decode("latin-1")
            i = j
            if re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)", word):
                yield ("num", float(word))
            elif word in ("true", "false", "null"):
                yield ("num", 0)
            elif word == "BI":  # inline image: skip to EI
                k = data.find(b"EI", i)
                i = n if k < 0 else k + 2
                yield ("op", "BI")
            else:
                yield ("op", word)


class Pdf:
    def __init__(self, path):
        out = subprocess.run(["qpdf", "--json=2", "--json-key=qpdf", "--json-stream-data=inline",
                              "--decode-level=generalized", path], capture_output=True)
        if out.returncode not in (0, 3):
            raise OSError(out.stderr.decode(errors="replace").strip())
        self.objects = json.loads(out.stdout)["qpdf"][1]

    def raw(self, ref):
        return self.objects.get("obj:" + ref) if isinstance(ref, str) and ref.endswith(" R") else None

    def get(self, ref):
        """A reference resolved; a stream's dictionary for a stream."""
        o = self.raw(ref)
        if o is None:
            return ref
        return o["value"] if "value" in o else o.get("stream", {}).get("dict")

    def data(self, ref):
        o = self.raw(ref)
        if not o or "stream" not in o or "data" not in o["stream"]:
            return b""
        return base64.b64decode(o["stream"]["data"])

    def trailer(self):
        return self.objects["trailer"]["value"]


def text(value):
    """A PDF string from qpdf's JSON: "u:…" (text) or "b:…" (hex bytes)."""
    if not isinstance(value, str):
        return ""
    if value.startswith("u:"):
        return value[2:]
    if value.startswith("b:"):
        return bytes.fromhex(value[2:]).decode("latin-1")
    return ""


def cmap_codes(data):
    """The codes a ToUnicode CMap maps (bfchar and bfrange)."""
    codes = set()
    s = data.decode("latin-1")
    for block in re.findall(r"beginbfchar(.*?)endbfchar", s, re.S):
        for src, _ in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            codes.add(int(src, 16))
    for block in re.findall(r"beginbfrange(.*?)endbfrange", s, re.S):
        for lo, hi in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(?:<[0-9A-Fa-f]*>|\[[^\]]*\])", block):
            codes.update(range(int(lo, 16), int(hi, 16) + 1))
    return codes


class Checker:
    def __init__(self, path, pdf=None):
        self.path = path
        self.failures = []
        self.pdf = pdf or Pdf(path)

    def fail(self, rule, message):
        self.failures.append(f"{self.path}: {rule}: {message}")

    def run(self):
        pdf = self.pdf
        cat = pdf.get(pdf.trailer().get("/Root"))
        self.document(cat)
        root = pdf.get(cat.get("/StructTreeRoot"))
        if not isinstance(root, dict):
            self.fail("structure", "no /StructTreeRoot: the PDF is not tagged (Matterhorn 01-006)")
            return self.failures
        self.parent_tree = self.numbers(pdf.get(root.get("/ParentTree")))
        self.referenced = set()  # (page ref, mcid) the structure points at
        self.headings = []
        self.note_ids = set()
        for kid in self.kids(root.get("/K")):
            self.element(kid, None, [])
        self.heading_order()
        pages = self.pages(pdf.get(cat.get("/Pages")))
        for number, ref in enumerate(pages, 1):
            self.page(number, ref)
        return self.failures

    # ---- the document ----------------------------------------------------------------------
    def document(self, cat):
        pdf = self.pdf
        mark = pdf.get(cat.get("/MarkInfo"))
        if not (isinstance(mark, dict) and mark.get("/Marked") is True):
            self.fail("marked", "the catalog has no /MarkInfo << /Marked true >> (Matterhorn 01-002)")
        if not text(cat.get("/Lang")).strip():
            self.fail("lang", "the catalog has no /Lang (Matterhorn 11-006)")
        prefs = pdf.get(cat.get("/ViewerPreferences"))
        if not (isinstance(prefs, dict) and prefs.get("/DisplayDocTitle") is True):
            self.fail("display-doc-title", "no /ViewerPreferences << /DisplayDocTitle true >> (Matterhorn 07-001)")
        xmp = pdf.data(cat.get("/Metadata")).decode("utf-8", errors="replace")
        if "pdfuaid:part" not in xmp or not re.search(r"pdfuaid:part>\s*1\s*<|pdfuaid:part=\"1\"", xmp):
            self.fail("metadata", "no XMP metadata with pdfuaid:part 1 (Matterhorn 06-002)")
        title = re.search(r"<dc:title>.*?<rdf:li[^>]*>([^<]*)</rdf:li>", xmp, re.S)
        if not title or not title.group(1).strip():
            self.fail("title", "no dc:title in the XMP metadata (Matterhorn 06-003)")
        if "/Encrypt" in self.pdf.trailer():
            self.fail("encrypted", "encrypted (the checker does not read encrypted files)")

    def numbers(self, tree):
        """A number tree's entries as a dict (flat /Nums and /Kids)."""
        out = {}
        if not isinstance(tree, dict):
            return out
        nums = self.pdf.get(tree.get("/Nums")) or []
        for k in range(0, len(nums) - 1, 2):
            out[int(nums[k])] = nums[k + 1]
        for kid in self.pdf.get(tree.get("/Kids")) or []:
            out.update(self.numbers(self.pdf.get(kid)))
        return out

    def pages(self, node, seen=None):
        seen = seen if seen is not None else set()
        out = []
        for kid in (node or {}).get("/Kids", []):
            if kid in seen:
                continue
            seen.add(kid)
            d = self.pdf.get(kid)
            if d.get("/Type") == "/Pages":
                out += self.pages(d, seen)
            else:
                out.append(kid)
        return out

    # ---- the structure tree ----------------------------------------------------------------
    def kids(self, k):
        k = self.pdf.get(k)
        if k is None:
            return []
        return k if isinstance(k, list) else [k]

    def element(self, ref, parent_role, path):
        pdf = self.pdf
        e = pdf.get(ref)
        if not isinstance(e, dict) or len(path) > 200:
            return
        if e.get("/Type") in ("/MCR", "/OBJR"):
            return
        role = str(e.get("/S", ""))[1:]
        where = "/".join(path + [role])
        if role not in STANDARD:
            self.fail("standard-type", f"{where}: /{role} is not a standard structure type (Matterhorn 02-001)")
        if role in ("H1", "H2", "H3", "H4", "H5", "H6"):
            self.headings.append((int(role[1]), where))
        if role == "Figure" and not text(e.get("/Alt")).strip() and not text(e.get("/ActualText")).strip():
            self.fail("figure-alt", f"{where}: a figure without /Alt (Matterhorn 13-004)")
        if role in ("TR",) and parent_role not in ("Table", "THead", "TBody", "TFoot"):
            self.fail("table", f"{where}: a TR outside a table (Matterhorn 15-001)")
        if role in ("TH", "TD") and parent_role != "TR":
            self.fail("table", f"{where}: a {role} outside a TR (Matterhorn 15-001)")
        if role == "LI" and parent_role != "L":
            self.fail("list", f"{where}: an LI outside an L (Matterhorn 16-001)")
        if role in ("Lbl", "LBody") and parent_role != "LI":
            self.fail("list", f"{where}: a {role} outside an LI (Matterhorn 16-001)")
        if role == "Note":
            note_id = e.get("/ID")
            if not isinstance(note_id, str) or not text(note_id):
                self.fail("note-id", f"{where}: a Note without /ID (Matterhorn 19-003)")
            elif note_id in self.note_ids:
                self.fail("note-id", f"{where}: a Note whose /ID another Note has (Matterhorn 19-004)")
            else:
                self.note_ids.add(note_id)
        if role == "Table" and not self.has_descendant(e, "TH"):
            self.fail("table-headers", f"{where}: a table without header cells (Matterhorn 15-003)")
        page = e.get("/Pg")
        for kid in self.kids(e.get("/K")):
            if isinstance(kid, (int, float)):
                self.referenced.add((page, int(kid)))
                continue
            k = pdf.get(kid)
            if isinstance(k, dict) and k.get("/Type") == "/MCR":
                self.referenced.add((k.get("/Pg", page), int(k.get("/MCID", -1))))
            elif isinstance(k, dict) and k.get("/Type") == "/OBJR":
                continue
            else:
                self.element(kid, role, path + [role])

    def has_descendant(self, e, role, depth=0):
        for kid in self.kids(e.get("/K")):
            k = self.pdf.get(kid)
            if not isinstance(k, dict) or "/S" not in k or depth > 50:
                continue
            if k["/S"] == "/" + role or self.has_descendant(k, role, depth + 1):
                return True
        return False

    def heading_order(self):
        last = 0
        for level, where in self.headings:
            if last == 0 and level != 1:
                self.fail("headings", f"{where}: the first heading is H{level}, not H1 (Matterhorn 14-002)")
            elif level > last + 1 and last > 0:
                self.fail("headings", f"{where}: H{level} after H{last} skips a level (Matterhorn 14-003)")
            last = level

    # ---- pages ----------------------------------------------------------------------------
    def page(self, number, ref):
        pdf = self.pdf
        p = pdf.get(ref)
        annots = [a for a in pdf.get(p.get("/Annots")) or []]
        if p.get("/Tabs") != "/S" and annots:
            self.fail("tabs", f"page {number}: annotations but no /Tabs /S (Matterhorn 28-002)")
        key = p.get("/StructParents")
        parents = pdf.get(self.parent_tree.get(int(key))) if key is not None else None
        for a in annots:
            d = pdf.get(a)
            if d.get("/Subtype") in ("/Link",):
                sp = d.get("/StructParent")
                elem = pdf.get(self.parent_tree.get(int(sp))) if sp is not None else None
                if not isinstance(elem, dict) or elem.get("/S") != "/Link":
                    self.fail("link", f"page {number}: a link annotation not in a Link element (Matterhorn 28-011)")
                if not text(d.get("/Contents")).strip():
                    self.fail("link", f"page {number}: a link annotation without /Contents (Matterhorn 28-004)")
        resources = pdf.get(p.get("/Resources")) or {}
        contents = pdf.get(p.get("/Contents"))
        refs = p.get("/Contents") if isinstance(p.get("/Contents"), list) else [p.get("/Contents")]
        if isinstance(contents, list):
            refs = contents
        data = b"\n".join(pdf.data(r) for r in refs if r)
        mcids = self.content(number, data, resources)
        for mcid in mcids:
            if (ref, mcid) not in self.referenced:
                self.fail("parent-tree", f"page {number}: MCID {mcid} belongs to no structure element (Matterhorn 01-005)")
            owner = parents[mcid] if isinstance(parents, list) and mcid < len(parents) else None
            if not isinstance(pdf.get(owner), dict):
                self.fail("parent-tree", f"page {number}: MCID {mcid} has no entry in the parent tree")
        for page_ref, mcid in self.referenced:
            if page_ref == ref and mcid not in mcids:
                self.fail("parent-tree", f"page {number}: the structure names MCID {mcid}, which the page lacks")

    def fonts(self, resources):
        out = {}
        fonts = self.pdf.get(resources.get("/Font")) or {}
        for name, ref in fonts.items():
            out[name[1:]] = ref
        return out

    def font_check(self, ref, number, checked):
        """(code length, mapped codes) of a font; reports a font not embedded or without ToUnicode once."""
        if ref in checked:
            return checked[ref]
        pdf = self.pdf
        f = pdf.get(ref)
        desc_font = f
        if f.get("/Subtype") == "/Type0":
            desc_font = pdf.get((pdf.get(f.get("/DescendantFonts")) or [None])[0]) or {}
        fd = pdf.get(desc_font.get("/FontDescriptor")) or {}
        name = f.get("/BaseFont", ref)
        if f.get("/Subtype") != "/Type3" and not any(k in fd for k in ("/FontFile", "/FontFile2", "/FontFile3")):
            self.fail("font-embedded", f"page {number}: font {name} is not embedded (Matterhorn 31-001)")
        mapped = None
        if "/ToUnicode" in f:
            mapped = cmap_codes(pdf.data(f["/ToUnicode"]))
        else:
            self.fail("tounicode", f"page {number}: font {name} has no ToUnicode (Matterhorn 31-006)")
        checked[ref] = (2 if f.get("/Subtype") == "/Type0" else 1, mapped, name)
        return checked[ref]

    def content(self, number, data, resources):
        fonts = self.fonts(resources)
        checked = {}
        stack = []  # per open BMC/BDC: 'artifact', 'mcid' or None
        mcids = []
        operands = []
        font = None
        unmapped = set()
        for kind, value in tokens(data):
            if kind != "op":
                operands.append((kind, value))
                continue
            op = value
            if op in ("BMC", "BDC"):
                tag = operands[0][1] if operands and operands[0][0] == "name" else ""
                mark = None
                if tag == "Artifact":
                    mark = "artifact"
                    if "mcid" in stack:
                        self.fail("artifact", f"page {number}: an artifact inside tagged content (Matterhorn 01-004)")
                elif op == "BDC":
                    toks = operands[1:]
                    if ("name", "ActualText") in toks:
                        mark = "actual"  # the span's text is given: its glyphs need no ToUnicode entry
                    for k in range(len(toks) - 1):
                        if toks[k] == ("name", "MCID") and toks[k + 1][0] == "num":
                            mark = "mcid"
                            mcids.append(int(toks[k + 1][1]))
                            if "artifact" in stack:
                                self.fail("artifact", f"page {number}: tagged content inside an artifact (Matterhorn 01-004)")
                stack.append(mark)
            elif op == "EMC":
                if stack:
                    stack.pop()
                else:
                    self.fail("content", f"page {number}: EMC without BMC/BDC")
            elif op == "Tf":
                names = [v for k, v in operands if k == "name"]
                font = names[0] if names else None
            elif op in PAINTING and "artifact" not in stack and "mcid" not in stack:
                self.fail("untagged", f"page {number}: '{op}' outside tagged content and artifacts (Matterhorn 01-001)")
            if op in SHOWING and font in fonts and "artifact" not in stack and "actual" not in stack:
                size, mapped, name = self.font_check(fonts[font], number, checked)
                if mapped is not None:
                    for kind2, s in operands:
                        if kind2 != "str":
                            continue
                        for i in range(0, len(s) - size + 1, size):
                            code = int.from_bytes(s[i:i + size], "big")
                            if code not in mapped:
                                unmapped.add((name, code))
            operands = []
        if stack:
            self.fail("content", f"page {number}: {len(stack)} marked-content sequences left open")
        for name, code in sorted(unmapped)[:5]:
            self.fail("unmapped-glyph", f"page {number}: code {code:#06x} of {name} has no ToUnicode entry (Matterhorn 31-008)")
        for ref in fonts.values():
            self.font_check(ref, number, checked)
        return set(mcids)


# ---- PDF/A-2 (ISO 19005-2), levels b and u ----------------------------------------------------------
FORBIDDEN_ACTIONS = {"/Launch", "/Sound", "/Movie", "/ResetForm", "/ImportData", "/JavaScript", "/Hide",
                     "/SetOCGState", "/Rendition", "/Trans", "/GoTo3DView"}
NAMED_ACTIONS = {"/NextPage", "/PrevPage", "/FirstPage", "/LastPage"}
FORBIDDEN_ANNOTS = {"/3D", "/Sound", "/Screen", "/Movie"}
BLEND_MODES = {"/Normal", "/Compatible", "/Multiply", "/Screen", "/Overlay", "/Darken", "/Lighten",
               "/ColorDodge", "/ColorBurn", "/HardLight", "/SoftLight", "/Difference", "/Exclusion", "/Hue",
               "/Saturation", "/Color", "/Luminosity"}
# ICC colour spaces of an output intent's profile, and the device colour spaces each gives a meaning.
ICC_SPACES = {b"RGB ": "/DeviceRGB", b"CMYK": "/DeviceCMYK", b"GRAY": "/DeviceGray"}


def claims(pdf):
    """(PDF/UA part, (PDF/A part, conformance)) from the catalog's XMP metadata, each None when absent."""
    cat = pdf.get(pdf.trailer().get("/Root")) or {}
    xmp = pdf.data(cat.get("/Metadata")).decode("utf-8", errors="replace")
    def prop(name):
        m = re.search(r"<%s>\s*([^<\s]*)\s*<|%s=\"([^\"]*)\"" % (name, name), xmp)
        return (m.group(1) or m.group(2)) if m else None
    part = prop("pdfaid:part")
    return prop("pdfuaid:part"), ((part, (prop("pdfaid:conformance") or "").upper()) if part else None)


class ArchivalChecker:
    """PDF/A-2b (and with `unicode`, PDF/A-2u): the rules software can decide, as far as quire writes them."""

    def __init__(self, path, pdf, conformance):
        self.path = path
        self.pdf = pdf
        self.conformance = conformance  # "B" or "U"
        self.failures = []

    def fail(self, rule, message):
        self.failures.append(f"{self.path}: {rule}: {message}")

    def objects(self):
        """Every object's dictionary (a stream's dictionary for a stream), with its key."""
        for key, o in self.pdf.objects.items():
            if not key.startswith("obj:"):
                continue
            d = o.get("value") if "value" in o else o.get("stream", {}).get("dict")
            yield key[4:], d, "stream" in o

    def run(self):
        pdf = self.pdf
        trailer = pdf.trailer()
        cat = pdf.get(trailer.get("/Root")) or {}
        self.file_structure(trailer)
        self.metadata(cat, trailer)
        self.spaces = self.output_intent(cat)
        self.used = set()  # device colour spaces the content uses
        for key, d, is_stream in self.objects():
            if isinstance(d, dict):
                self.object(key, d, is_stream)
        names = pdf.get(cat.get("/Names")) or {}
        if isinstance(names, dict) and "/JavaScript" in names:
            self.fail("actions", "the document has JavaScript (ISO 19005-2 6.5.1)")
        if isinstance(names, dict) and "/EmbeddedFiles" in names:
            self.fail("embedded-file", "embedded files, which PDF/A-2b allows only when they are PDF/A themselves "
                      "(not checked here) (ISO 19005-2 6.8)")
        if cat.get("/NeedsRendering") is True or "/XFA" in (pdf.get(cat.get("/AcroForm")) or {}):
            self.fail("xfa", "XFA forms (ISO 19005-2 6.4.2)")
        self.pages(cat)
        for space in sorted(self.used):
            if space != "/DeviceGray" and space not in self.spaces:
                self.fail("device-colour", f"{space[1:]} is used without an output intent of its colour space "
                          "(ISO 19005-2 6.2.4.3)")
        return self.failures

    # ---- the file ------------------------------------------------------------------------------
    def file_structure(self, trailer):
        with open(self.path, "rb") as f:
            head = f.read(1024)
        lines = head.split(b"\n", 2)
        if not re.match(rb"%PDF-1\.[0-7]\s*$", lines[0].rstrip(b"\r")):
            self.fail("header", "the file does not start with %PDF-1.n (ISO 19005-2 6.1.2)")
        if len(lines) < 2 or not lines[1].startswith(b"%") or sum(b > 127 for b in lines[1][1:5]) < 4:
            self.fail("header", "the second line is not a comment of four bytes above 127 (ISO 19005-2 6.1.2)")
        ids = trailer.get("/ID")
        if not (isinstance(ids, list) and len(ids) == 2):
            self.fail("file-id", "the trailer has no /ID (ISO 19005-2 6.1.3)")
        if "/Encrypt" in trailer:
            self.fail("encrypted", "the file is encrypted (ISO 19005-2 6.1.3)")

    def metadata(self, cat, trailer):
        pdf = self.pdf
        raw = pdf.data(cat.get("/Metadata"))
        xmp = raw.decode("utf-8", errors="replace")
        if not xmp:
            self.fail("pdfa-metadata", "no XMP metadata in the catalog (ISO 19005-2 6.6.2.1)")
            return
        m = re.search(r"<\?xpacket begin=[^?]*\?>", xmp)
        if m and re.search(r"\b(bytes|encoding)=", m.group(0)):
            self.fail("pdfa-metadata", "the xpacket header has bytes or encoding attributes (ISO 19005-2 6.6.2.2)")
        ua, a = claims(pdf)
        if not a or a[0] != "2" or a[1] not in ("B", "U", "A"):
            self.fail("pdfa-metadata", "the XMP does not claim PDF/A-2 (pdfaid:part 2, conformance B or U) "
                      "(ISO 19005-2 6.6.4)")
        elif self.conformance == "U" and a[1] == "B":
            self.fail("pdfa-metadata", "the XMP claims conformance B, not U")
        if ua and "http://www.aiim.org/pdfua/ns/id/" not in re.sub(r"xmlns:pdfuaid=\"[^\"]*\"", "",
                                                                   xmp.split("pdfaExtension:schemas", 1)[-1]):
            self.fail("pdfa-metadata", "pdfuaid is used without an extension schema that describes it "
                      "(ISO 19005-2 6.6.2.3.2)")
        info = pdf.get(trailer.get("/Info")) or {}
        def xmp_value(name, kind):
            if kind == "alt":
                m = re.search(r"<%s>\s*<rdf:Alt>.*?<rdf:li xml:lang=\"x-default\">([^<]*)</rdf:li>" % name, xmp, re.S)
            elif kind == "seq":
                m = re.search(r"<%s>\s*<rdf:Seq>\s*<rdf:li>([^<]*)</rdf:li>" % name, xmp, re.S)
            else:
                m = re.search(r"<%s>([^<]*)</%s>" % (name, name), xmp)
            return None if not m else (m.group(1).replace("&lt;", "<").replace("&gt;", ">")
                                        .replace("&quot;", '"').replace("&amp;", "&"))
        for key, name, kind in (("/Title", "dc:title", "alt"), ("/Author", "dc:creator", "seq"),
                                ("/Subject", "dc:description", "alt"), ("/Keywords", "pdf:Keywords", ""),
                                ("/Creator", "xmp:CreatorTool", ""), ("/Producer", "pdf:Producer", "")):
            if key in info and xmp_value(name, kind) != text(info[key]):
                self.fail("info-xmp", f"Info {key} {text(info[key])!r} is not the XMP's {name} "
                          f"{xmp_value(name, kind)!r} (ISO 19005-2 6.6.3)")
        for key, name in (("/CreationDate", "xmp:CreateDate"), ("/ModDate", "xmp:ModifyDate")):
            if key in info and pdf_date(text(info[key])) != iso_date(xmp_value(name, "")):
                self.fail("info-xmp", f"Info {key} {text(info[key])!r} is not the XMP's {name} "
                          f"{xmp_value(name, '')!r} (ISO 19005-2 6.6.3)")

    def output_intent(self, cat):
        """The device colour spaces the PDF/A output intent's profile covers."""
        pdf = self.pdf
        spaces = set()
        intents = [pdf.get(i) for i in pdf.get(cat.get("/OutputIntents")) or []]
        pdfa = [i for i in intents if isinstance(i, dict) and i.get("/S") == "/GTS_PDFA1"]
        if not pdfa:
            self.fail("output-intent", "no /OutputIntents entry with /S /GTS_PDFA1 (ISO 19005-2 6.2.3)")
            return spaces
        profiles = {i.get("/DestOutputProfile") for i in pdfa}
        if len(profiles) > 1:
            self.fail("output-intent", "output intents with different profiles (ISO 19005-2 6.2.3)")
        for i in pdfa:
            icc = pdf.data(i.get("/DestOutputProfile"))
            d = pdf.get(i.get("/DestOutputProfile")) or {}
            if len(icc) < 128 or icc[36:40] != b"acsp":
                self.fail("output-intent", "the output intent's /DestOutputProfile is not an ICC profile")
                continue
            if icc[8] > 4:
                self.fail("output-intent", f"ICC profile version {icc[8]} (PDF/A-2 reads up to 4) (ISO 19005-2 6.2.3)")
            if icc[12:16] not in (b"mntr", b"prtr"):
                self.fail("output-intent", f"ICC profile class {icc[12:16]!r}: an output intent needs a monitor "
                          "or printer profile (ISO 19005-2 6.2.3)")
            space = ICC_SPACES.get(icc[16:20])
            n = {"/DeviceRGB": 3, "/DeviceCMYK": 4, "/DeviceGray": 1}.get(space)
            if d.get("/N") != n:
                self.fail("output-intent", f"the profile's /N {d.get('/N')} does not match its colour space")
            if space:
                spaces.add(space)
        if not (isinstance(cat.get("/OutputIntents"), (list, str))):
            self.fail("output-intent", "no /OutputIntents array")
        return spaces

    # ---- objects ----------------------------------------------------------------------------------
    def nested(self, value, depth=0):
        """Every dictionary inside `value` (direct objects only: references are objects of their own)."""
        if depth > 50:
            return
        if isinstance(value, dict):
            yield value
            for v in value.values():
                yield from self.nested(v, depth + 1)
        elif isinstance(value, list):
            for v in value:
                yield from self.nested(v, depth + 1)

    def action(self, where, a):
        a = self.pdf.get(a)
        for one in a if isinstance(a, list) else [a]:
            one = self.pdf.get(one)
            if not isinstance(one, dict):
                continue
            s = one.get("/S")
            if s in FORBIDDEN_ACTIONS:
                self.fail("actions", f"{where}: a {s[1:]} action (ISO 19005-2 6.5.1)")
            if s == "/Named" and one.get("/N") not in NAMED_ACTIONS:
                self.fail("actions", f"{where}: the named action {one.get('/N')} (ISO 19005-2 6.5.1)")

    def object(self, key, d, is_stream):
        where = f"object {key}"
        if is_stream:
            filters = d.get("/Filter")
            filters = filters if isinstance(filters, list) else [filters]
            if "/LZWDecode" in filters or "/Crypt" in filters:
                self.fail("stream", f"{where}: an LZW or Crypt filter (ISO 19005-2 6.1.7)")
            for k in ("/F", "/FFilter", "/FDecodeParms"):
                if k in d:
                    self.fail("stream", f"{where}: a stream with {k}, data outside the file (ISO 19005-2 6.1.7)")
        for n in self.nested(d):
            for k in ("/A", "/OpenAction", "/Next"):
                if k in n and (k != "/A" or n.get("/Type") in (None, "/Annot", "/Outlines", "/Action")
                               or "/Title" in n or "/Rect" in n):
                    self.action(where, n[k])
            if "/AA" in n:
                self.fail("actions", f"{where}: additional actions /AA (ISO 19005-2 6.5.2)")
            for gs in (self.pdf.get(n.get("/ExtGState")) or {}).values() if isinstance(self.pdf.get(n.get("/ExtGState")), dict) else []:
                self.ext_gstate(where, self.pdf.get(gs))
            group = self.pdf.get(n.get("/Group"))
            if isinstance(group, dict) and group.get("/S") == "/Transparency":
                cs = group.get("/CS")
                if cs in ("/DeviceRGB", "/DeviceCMYK"):
                    self.used.add(cs)
        subtype = d.get("/Subtype")
        if subtype == "/PS" or d.get("/Subtype2") == "/PS":
            self.fail("xobject", f"{where}: a PostScript XObject (ISO 19005-2 6.2.9)")
        if is_stream and subtype in ("/Image", "/Form"):
            if "/OPI" in d:
                self.fail("xobject", f"{where}: an XObject with /OPI (ISO 19005-2 6.2.9)")
            if subtype == "/Form" and "/Ref" in d:
                self.fail("xobject", f"{where}: a reference XObject (ISO 19005-2 6.2.9)")
            if subtype == "/Image":
                if "/Alternates" in d:
                    self.fail("xobject", f"{where}: an image with /Alternates (ISO 19005-2 6.2.8)")
                if d.get("/Interpolate") is True:
                    self.fail("xobject", f"{where}: an image with /Interpolate true (ISO 19005-2 6.2.8)")
                cs = d.get("/ColorSpace")
                if cs in ("/DeviceRGB", "/DeviceCMYK", "/DeviceGray"):
                    self.used.add(cs)
        if subtype == "/CIDFontType2" and "/CIDToGIDMap" not in d:
            self.fail("fonts", f"{where}: a CIDFontType2 without /CIDToGIDMap (ISO 19005-2 6.2.11.3.2)")

    def ext_gstate(self, where, d):
        if not isinstance(d, dict):
            return
        if "/TR" in d:
            self.fail("ext-gstate", f"{where}: a transfer function /TR (ISO 19005-2 6.2.5)")
        if "/TR2" in d and d["/TR2"] != "/Default":
            self.fail("ext-gstate", f"{where}: /TR2 other than /Default (ISO 19005-2 6.2.5)")
        if "/HTP" in d:
            self.fail("ext-gstate", f"{where}: a halftone phase /HTP (ISO 19005-2 6.2.5)")
        bm = d.get("/BM")
        for mode in bm if isinstance(bm, list) else ([bm] if bm else []):
            if mode not in BLEND_MODES:
                self.fail("transparency", f"{where}: blend mode {mode} (ISO 19005-2 6.2.10)")

    def annotation(self, where, d):
        subtype = d.get("/Subtype")
        if subtype in FORBIDDEN_ANNOTS:
            self.fail("annotation", f"{where}: a {subtype[1:]} annotation (ISO 19005-2 6.3.1)")
        if subtype == "/Popup":
            return
        flags = d.get("/F")
        if not isinstance(flags, (int, float)) or not int(flags) & 4 or int(flags) & (1 | 2 | 32 | 256):
            self.fail("annotation", f"{where}: a {str(subtype)[1:]} annotation that does not print, or hides "
                      f"(/F {flags}) (ISO 19005-2 6.3.2)")
        if subtype not in ("/Link",) and "/AP" not in d:
            rect = d.get("/Rect") or [0, 0, 0, 0]
            if len(rect) == 4 and rect[0] != rect[2] and rect[1] != rect[3]:
                self.fail("annotation", f"{where}: a {str(subtype)[1:]} annotation without an appearance "
                          "(ISO 19005-2 6.3.3)")

    # ---- pages and their content ------------------------------------------------------------------
    def pages(self, cat):
        ua = Checker(self.path, self.pdf)
        for number, ref in enumerate(ua.pages(self.pdf.get(cat.get("/Pages"))), 1):
            p = self.pdf.get(ref)
            box = p.get("/MediaBox") or []
            if len(box) == 4 and not all(3 <= abs(box[i + 2] - box[i]) <= 14400 for i in (0, 1)):
                self.fail("page-size", f"page {number}: a page smaller than 3 or larger than 14,400 units")
            for a in self.pdf.get(p.get("/Annots")) or []:
                d = self.pdf.get(a)
                if isinstance(d, dict):
                    self.annotation(f"page {number}", d)
            self.content(f"page {number}", p, set())

    def content(self, where, holder, seen):
        """The content of a page or form: its operators' colours, its fonts' glyphs, and the forms it draws."""
        pdf = self.pdf
        resources = pdf.get(holder.get("/Resources")) or {}
        contents = holder.get("/Contents")
        refs = pdf.get(contents) if isinstance(pdf.get(contents), list) else [contents]
        data = b"\n".join(pdf.data(r) for r in refs if r) if "/Contents" in holder else holder.get("_data", b"")
        fonts = {n[1:]: r for n, r in (pdf.get(resources.get("/Font")) or {}).items()}
        xobjects = {n[1:]: r for n, r in (pdf.get(resources.get("/XObject")) or {}).items()}
        font, operands, notdef, unmapped = None, [], set(), set()
        for kind, value in tokens(data):
            if kind != "op":
                operands.append((kind, value))
                continue
            op = value
            if op in ("rg", "RG"):
                self.used.add("/DeviceRGB")
            elif op in ("k", "K"):
                self.used.add("/DeviceCMYK")
            elif op in ("cs", "CS"):
                names = [v for k, v in operands if k == "name"]
                if names and names[0] in ("DeviceRGB", "DeviceCMYK"):
                    self.used.add("/" + names[0])
            elif op == "Tf":
                names = [v for k, v in operands if k == "name"]
                font = names[0] if names else None
            elif op == "Do":
                names = [v for k, v in operands if k == "name"]
                ref = xobjects.get(names[0]) if names else None
                x = pdf.get(ref) if ref else None
                if isinstance(x, dict) and x.get("/Subtype") == "/Form" and ref not in seen:
                    seen.add(ref)
                    form = dict(x)
                    form["_data"] = pdf.data(ref)
                    form.pop("/Contents", None)
                    self.content(f"{where}, form {ref}", form, seen)
            if op in SHOWING and font in fonts:
                size, mapped, name, identity = self.font(fonts[font])
                for kind2, s in operands:
                    if kind2 != "str":
                        continue
                    for i in range(0, len(s) - size + 1, size):
                        code = int.from_bytes(s[i:i + size], "big")
                        if size == 2 and identity and code == 0:
                            notdef.add(name)
                        if mapped is not None and code not in mapped:
                            unmapped.add((name, code))
            operands = []
        for name in sorted(notdef):
            self.fail("notdef", f"{where}: text drawn with the .notdef glyph of {name} (ISO 19005-2 6.2.11.8)")
        if self.conformance == "U":
            for name, code in sorted(unmapped)[:5]:
                self.fail("unicode", f"{where}: code {code:#06x} of {name} has no Unicode value (ISO 19005-2 6.2.11.7.2)")
        for ref in fonts.values():
            self.font(ref, where)

    def font(self, ref, where=None):
        """(code length, mapped codes or None, name, Identity CIDToGIDMap); reports embedding problems once."""
        if not hasattr(self, "_fonts"):
            self._fonts = {}
        if ref in self._fonts:
            return self._fonts[ref]
        pdf = self.pdf
        f = pdf.get(ref) or {}
        desc = f
        if f.get("/Subtype") == "/Type0":
            desc = pdf.get((pdf.get(f.get("/DescendantFonts")) or [None])[0]) or {}
        fd = pdf.get(desc.get("/FontDescriptor")) or {}
        name = f.get("/BaseFont", ref)
        if f.get("/Subtype") != "/Type3" and not any(k in fd for k in ("/FontFile", "/FontFile2", "/FontFile3")):
            self.fail("fonts", f"{where or 'a page'}: font {name} is not embedded (ISO 19005-2 6.2.11.4.1)")
        mapped = None
        if "/ToUnicode" in f:
            mapped = cmap_codes(pdf.data(f["/ToUnicode"]))
        elif self.conformance == "U":
            self.fail("unicode", f"{where or 'a page'}: font {name} has no ToUnicode (ISO 19005-2 6.2.11.7.2)")
        identity = desc.get("/CIDToGIDMap") == "/Identity"
        self._fonts[ref] = (2 if f.get("/Subtype") == "/Type0" else 1, mapped, name, identity)
        return self._fonts[ref]


def pdf_date(s):
    """D:YYYYMMDDHHmmSS±HH'mm' → (y, m, d, H, M, S, offset minutes), or None."""
    m = re.match(r"D:(\d{4})(\d\d)?(\d\d)?(\d\d)?(\d\d)?(\d\d)?(Z|[+-]\d\d'?\d\d'?|[+-]\d\d)?", s or "")
    if not m:
        return None
    parts = [int(g) if g else d for g, d in zip(m.groups()[:6], (0, 1, 1, 0, 0, 0))]
    zone = m.group(7) or "Z"
    off = 0 if zone == "Z" else (1 if zone[0] == "+" else -1) * (int(zone[1:3]) * 60 + int((zone[3:].strip("'") or "0")))
    return tuple(parts) + (off,)


def iso_date(s):
    """YYYY-MM-DDTHH:MM:SS(Z|±HH:MM) → the tuple pdf_date gives, or None."""
    m = re.match(r"(\d{4})(?:-(\d\d))?(?:-(\d\d))?(?:T(\d\d):(\d\d)(?::(\d\d))?)?(Z|[+-]\d\d:\d\d)?$", s or "")
    if not m:
        return None
    parts = [int(g) if g else d for g, d in zip(m.groups()[:6], (0, 1, 1, 0, 0, 0))]
    zone = m.group(7) or "Z"
    off = 0 if zone == "Z" else (1 if zone[0] == "+" else -1) * (int(zone[1:3]) * 60 + int(zone[4:6]))
    return tuple(parts) + (off,)


def main(argv):
    args = argv[1:]
    standard = "auto"
    if args[:1] == ["--standard"] and len(args) >= 2:
        standard, args = args[1], args[2:]
    elif args[:1] and args[0].startswith("--standard="):
        standard, args = args[0].split("=", 1)[1], args[1:]
    if not args or standard not in ("auto", "ua-1", "a-2b", "a-2u", "a-2b,ua-1", "a-2u,ua-1"):
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    status = 0
    for path in args:
        try:
            pdf = Pdf(path)
            if standard == "auto":
                ua, a = claims(pdf)
                want_ua = bool(ua) or not a
                want_a = a[1] if a and a[1] in ("B", "U") else ("B" if a else None)
            else:
                want_ua = "ua-1" in standard
                want_a = "U" if "a-2u" in standard else ("B" if "a-2b" in standard else None)
            failures = []
            if want_a:
                failures += ArchivalChecker(path, pdf, want_a).run()
            if want_ua:
                failures += Checker(path, pdf).run()
        except (OSError, ValueError, KeyError) as e:
            print(f"{path}: cannot read: {e}", file=sys.stderr)
            return 2
        for line in failures:
            print(line)
        if failures:
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
