#!/usr/bin/env python3
"""Compares two pandoc JSON documents that quire wrote (tests/cli/pandoc_test.sh).

  pandoc_normalise.py compare A.json B.json
      The same model once what is known to differ between pandoc's Markdown reader and quire's is
      normalised (docs/markdown.md, "pandoc's Markdown and quire's"): positions (data-* attributes
      and the divs and spans that only carry them), pandoc's no-break space after abbreviations
      ("p.\u00a033"), the text a citation shows when no bibliography renders it, a table
      caption's "{#tbl:x}" (text to pandoc 2.17, the table's identifier to quire) and citations in
      an image's description (pandoc reads them, quire keeps the text).
  pandoc_normalise.py content A.json B.json
      B has every word, heading, table cell and footnote of A, in order (a round trip through a
      format such as DOCX that keeps the text but not quire's structure around it); words B adds
      are listed, not counted against it.
Prints the first differences and exits 1 when there are any.
"""
import difflib
import json
import re
import sys

INLINE = {"Str", "Emph", "Underline", "Strong", "Strikeout", "Superscript", "Subscript", "SmallCaps",
          "Quoted", "Cite", "Code", "Space", "SoftBreak", "LineBreak", "Math", "RawInline", "Link",
          "Image", "Note", "Span"}


def clean_attr(a):
    return [a[0], a[1], [kv for kv in a[2] if not kv[0].startswith("data-")]]


def empty(a):
    return a[0] == "" and not a[1] and not a[2]


def node(v):
    """Normalises any part of the tree."""
    if isinstance(v, list):
        if v and isinstance(v[0], dict) and "t" in v[0]:
            return inlines(v) if v[0]["t"] in INLINE else blocks(v)
        if len(v) == 3 and isinstance(v[0], str) and isinstance(v[1], list) and isinstance(v[2], list):
            return clean_attr(v)  # an attribute triple
        return [node(x) for x in v]
    if isinstance(v, dict):
        if "t" in v:
            c = v.get("c")
            if v["t"] == "Cite":  # the shown text is the fallback, or pandoc's source text
                return {"t": "Cite", "c": [node(c[0]), []]}
            if v["t"] == "Space":
                return {"t": "Str", "c": " "}
            if v["t"] == "Str":
                return {"t": "Str", "c": c.replace("\u00a0", " ")}
            if v["t"] == "Image":
                return {"t": "Image", "c": [clean_attr(c[0]), inlines(cites_as_text(c[1])), c[2]]}
            if v["t"] == "ColWidth":  # pandoc writes 1/6 as 0.166667, quire's model keeps 0.1667
                return {"t": "ColWidth", "c": round(c, 2)}
            if v["t"] == "Table":
                return {"t": "Table", "c": table_id_from_caption(node(c))}
            return {"t": v["t"], "c": node(c)} if c is not None else {"t": v["t"]}
        return {k: node(x) for k, x in v.items()}
    return v


def cites_as_text(xs):
    """pandoc reads citations and cross-references in an image's description; quire keeps its text."""
    out = []
    for x in xs:
        if x["t"] == "Cite":
            keys = ["@" + k["citationId"] for k in x["c"][0]]
            in_text = len(keys) == 1 and x["c"][0][0]["citationMode"]["t"] == "AuthorInText"
            out.append({"t": "Str", "c": keys[0] if in_text else "[" + "; ".join(keys) + "]"})
        else:
            out.append(x)
    return out


def table_id_from_caption(c):
    """pandoc 2.17 keeps a table caption's "{#tbl:x}" as text; quire makes it the table's identifier."""
    caption = c[1][1]
    if len(caption) == 1 and caption[0]["t"] in ("Plain", "Para") and caption[0]["c"]:
        last = caption[0]["c"][-1]
        m = re.match(r"^(.*?) ?\{#([^\s}]+)\}$", last["c"], re.S) if last["t"] == "Str" else None
        if m and not c[0][0]:
            c[0][0] = m.group(2)
            if m.group(1):
                last["c"] = m.group(1)
            else:
                caption[0]["c"].pop()
    return c


def blocks(bs):
    out = []
    for b in bs:
        b = node(b)
        if b["t"] == "Div" and empty(b["c"][0]):
            out.extend(b["c"][1])
        else:
            out.append(b)
    return out


def inlines(xs):
    out = []
    for x in xs:
        x = node(x)
        parts = x["c"][1] if x["t"] == "Span" and empty(x["c"][0]) else [x]
        for p in parts:
            if p["t"] == "Str" and out and out[-1]["t"] == "Str":
                out[-1] = {"t": "Str", "c": out[-1]["c"] + p["c"]}
            else:
                out.append(p)
    return out


def compare(a, b):
    x, y = json.load(open(a)), json.load(open(b))
    problems = []
    mx, my = node(x["meta"]), node(y["meta"])
    for k in sorted(set(mx) | set(my)):
        if mx.get(k) != my.get(k):
            problems.append(f"meta {k}: {json.dumps(mx.get(k))[:300]}\n  vs {json.dumps(my.get(k))[:300]}")
    bx, by = blocks(x["blocks"]), blocks(y["blocks"])
    if len(bx) != len(by):
        problems.append(f"{len(bx)} blocks against {len(by)}")
    for i, (p, q) in enumerate(zip(bx, by)):
        if p != q:
            s, t = json.dumps(p, ensure_ascii=False), json.dumps(q, ensure_ascii=False)
            at = next((k for k in range(min(len(s), len(t))) if s[k] != t[k]), min(len(s), len(t)))
            problems.append(f"block {i}: …{s[max(0, at - 120):at + 200]}\n  vs …{t[max(0, at - 120):at + 200]}")
    return problems


# ---- content: words, headings, tables, footnotes --------------------------------------------------

class Content:
    """The text of a document as words (texts joined first: DOCX joins runs that quire keeps apart),
    its headings, its tables' cells and its footnotes, in order."""

    def __init__(self):
        self.headings, self.tables, self.notes = [], [], []
        self.main = []

    def text(self, xs, into):
        for x in xs:
            t, c = x["t"], x.get("c")
            if t == "Str":
                into.append(c.replace("\u00a0", " "))
            elif t in ("Space", "SoftBreak", "LineBreak"):
                into.append(" ")
            elif t in ("Emph", "Strong", "Strikeout", "Underline", "SmallCaps", "Superscript", "Subscript"):
                self.text(c, into)
            elif t in ("Span", "Link", "Image", "Quoted", "Cite"):
                self.text(c[1], into)
            elif t == "Code":
                into.append(c[1])
            elif t == "Note":
                note = []
                self.block_list(c, note)
                self.notes.append(" ".join("".join(note).split()))
                into.append(" ")

    def block_list(self, bs, into):
        for b in bs:
            t, c = b["t"], b.get("c")
            into.append(" ")
            if t in ("Para", "Plain"):
                self.text(c, into)
            elif t == "Header":
                words = []
                self.text(c[2], words)
                self.headings.append((c[0], " ".join("".join(words).split())))
                into.extend(words)
            elif t == "CodeBlock":
                into.append(c[1])
            elif t == "BlockQuote":
                self.block_list(c, into)
            elif t == "Div":
                self.block_list(c[1], into)
            elif t == "BulletList":
                for item in c:
                    self.block_list(item, into)
            elif t == "OrderedList":
                for item in c[1]:
                    self.block_list(item, into)
            elif t == "Table":
                cells = []
                rows = list(c[3][1])
                for body in c[4]:
                    rows += body[2] + body[3]
                rows += c[5][1]
                for row in rows:
                    for cell in row[1]:
                        words = []
                        self.block_list(cell[4], words)
                        cells.append(" ".join("".join(words).split()))
                        into.extend(words)
                        into.append(" ")
                self.tables.append(cells)
            into.append(" ")

    @property
    def words(self):
        return "".join(self.main).split()


def content(path):
    doc = json.load(open(path))
    c = Content()
    c.block_list(doc["blocks"], c.main)
    return c


def first_difference(name, x, y):
    for i, (p, q) in enumerate(zip(x, y)):
        if p != q:
            return f"{name} {i}: {str(p)[:300]!r}\n  vs {str(q)[:300]!r}"
    if len(x) != len(y):
        return f"{name}: {len(x)} against {len(y)}; the first extra: {str((x[len(y):] or y[len(x):])[0])[:300]!r}"
    return None


def same_content(a, b):
    x, y = content(a), content(b)
    problems = []
    for name in ("headings", "tables", "notes"):
        d = first_difference(name, getattr(x, name), getattr(y, name))
        if d:
            problems.append(d)
    # Every word of A, in order; B may add some (DOCX gives a figure's caption back as a paragraph of its
    # own besides the image's description): those are listed.
    wx, wy = x.words, y.words
    added = 0
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=wx, b=wy, autojunk=False).get_opcodes():
        if op in ("delete", "replace"):
            problems.append(f"words {i1}-{i2} lost: {' '.join(wx[max(0, i1 - 5):i2 + 5])!r}\n"
                            f"  came back as {' '.join(wy[max(0, j1 - 5):j2 + 5])!r}")
        elif op == "insert":
            added += j2 - j1
            print(f"added: {' '.join(wy[j1:j2])!r}")
    print(f"{len(wx)} words ({added} added), {len(x.headings)} headings, {len(x.tables)} tables, "
          f"{len(x.notes)} footnotes")
    return problems


if __name__ == "__main__":
    mode, a, b = sys.argv[1:4]
    found = compare(a, b) if mode == "compare" else same_content(a, b)
    for p in found[:5]:
        print(p, file=sys.stderr)
    sys.exit(1 if found else 0)
