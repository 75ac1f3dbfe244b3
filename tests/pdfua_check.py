#!/usr/bin/env python3
"""Checks the machine-checkable PDF/UA-1 rules quire's tagged PDFs claim to meet.

Usage: pdfua_check.py FILE.pdf...   (exit 0: all pass; 1: a rule failed; 2: a file could not be read)

Reads each file through `qpdf --json` (streams decoded) and prints one line per failure:
FILE: RULE: message. The rules, with the Matterhorn Protocol 1.1 failure conditions they test, are
listed in docs/accessibility.md ("The checker").
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
    def __init__(self, path):
        self.path = path
        self.failures = []
        self.pdf = Pdf(path)

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


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    status = 0
    for path in argv[1:]:
        try:
            failures = Checker(path).run()
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
