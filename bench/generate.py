#!/usr/bin/env python3
"""Writes the benchmark inputs: one ~100-page report as quire Markdown and as groff -ms, from the same text.

    python3 bench/generate.py [OUTDIR] [--words N]     (default: bench/out, 40000 words)

Deterministic (a fixed seed and no dependence on the date or the machine), so every run and every
machine times the same document. Also writes the inputs for the mail-merge benchmark hook: a letter
template and a YAML stream of donor records (bench/run.sh times them once quire-compose reads data).
"""
import argparse
import pathlib
import random

SEED = 20260602
WORDS = (
    "petition detention family court hearing lawyer report region council rights appeal record "
    "answer letter witness official evidence transfer release visit prison statement archive case "
    "review mechanism procedure government response delay interview community volunteer translator "
    "journey office mandate opinion decision charge custody arrest document register inquiry "
    "notice meeting account summary partner network support training method sample figure table "
    "source annex chapter section result finding limitation recommendation the of and to in a is "
    "that for on with as was by at from were be this which or an have had not but their they "
    "it its are has been after before during within without between under over each every many "
    "most some few other more less first second third new old long short early late public private"
).split()
REGIONS = ["North", "Central", "Coastal", "Islands", "Highlands", "Delta"]


class Text:
    """Sentences and paragraphs drawn from a fixed vocabulary, counting the words produced."""

    def __init__(self, rng):
        self.rng = rng
        self.words = 0

    def sentence(self, low=8, high=22):
        n = self.rng.randint(low, high)
        self.words += n
        words = [self.rng.choice(WORDS) for _ in range(n)]
        return words[0].capitalize() + " " + " ".join(words[1:]) + "."

    def phrase(self, low=3, high=7):
        n = self.rng.randint(low, high)
        self.words += n
        return " ".join(self.rng.choice(WORDS) for _ in range(n))

    def title(self):
        return self.phrase(2, 5).capitalize()


def build(target_words, rng):
    """The document as a list of neutral blocks: ("h", level, text), ("p", [runs]), ("ul", items),
    ("ol", items), ("table", header, rows), ("break",). A run is (style, text) with style "", "em",
    "strong" or ("fn", text)."""
    t = Text(rng)
    blocks = []
    chapter = 0
    while t.words < target_words:
        chapter += 1
        if chapter > 1:
            blocks.append(("break",))
        blocks.append(("h", 1, f"Chapter {chapter}: {t.title()}"))
        for section in range(1, 6):
            blocks.append(("h", 2, f"{chapter}.{section} {t.title()}"))
            for _ in range(rng.randint(3, 6)):
                blocks.append(("p", paragraph_runs(t, rng)))
            kind = rng.random()
            if kind < 0.3:
                blocks.append(("ul", [t.sentence(4, 12) for _ in range(rng.randint(3, 6))]))
            elif kind < 0.5:
                blocks.append(("ol", [t.sentence(4, 12) for _ in range(rng.randint(3, 5))]))
            elif kind < 0.7:
                years = range(2019, 2019 + rng.randint(4, 7))
                header = ["Year"] + REGIONS[: rng.randint(3, 5)]
                rows = [[str(y)] + [str(rng.randint(5, 400)) for _ in header[1:]] for y in years]
                t.words += len(header) + sum(len(r) for r in rows)
                blocks.append(("table", header, rows))
            for _ in range(rng.randint(1, 3)):
                blocks.append(("p", paragraph_runs(t, rng)))
    return blocks, t.words


def paragraph_runs(t, rng):
    runs = []
    for _ in range(rng.randint(3, 7)):
        r = rng.random()
        if r < 0.08:
            runs.append(("em", t.phrase(1, 3)))
            runs.append(("", t.sentence()))
        elif r < 0.12:
            runs.append(("strong", t.phrase(1, 3)))
            runs.append(("", t.sentence()))
        else:
            runs.append(("", t.sentence()))
        if rng.random() < 0.05:
            runs.append((("fn", t.sentence(6, 16)), ""))
    return runs


# ---- Markdown -------------------------------------------------------------------------------
def to_markdown(blocks):
    out = [
        "---",
        "title: Benchmark report",
        "author: [quire benchmark]",
        "date: 2026-06-02",
        "papersize: a4",
        "lang: en",
        "---",
        "",
    ]
    notes = []
    for b in blocks:
        if b[0] == "h":
            out += ["#" * b[1] + " " + b[2], ""]
        elif b[0] == "p":
            text = []
            for style, s in b[1]:
                if style == "em":
                    text.append(f"*{s}*")
                elif style == "strong":
                    text.append(f"**{s}**")
                elif isinstance(style, tuple):
                    notes.append(style[1])
                    text[-1] += f"[^n{len(notes)}]"
                else:
                    text.append(s)
            out += [" ".join(text), ""]
        elif b[0] in ("ul", "ol"):
            for i, item in enumerate(b[1], 1):
                out.append(("- " if b[0] == "ul" else f"{i}. ") + item)
            out.append("")
        elif b[0] == "table":
            header, rows = b[1], b[2]
            out.append("| " + " | ".join(header) + " |")
            out.append("|:--" + "|--:" * (len(header) - 1) + "|")
            out += ["| " + " | ".join(r) + " |" for r in rows]
            out.append("")
        elif b[0] == "break":
            # Footnote definitions go at the end of each chapter.
            out += [f"[^n{i}]: {s}" for i, s in enumerate(notes, 1) if s is not None] + [""]
            notes[:] = [None] * len(notes)
            out += ["\\newpage", ""]
    out += [f"[^n{i}]: {s}" for i, s in enumerate(notes, 1) if s is not None]
    return "\n".join(out) + "\n"


# ---- groff -ms ------------------------------------------------------------------------------
def to_ms(blocks):
    out = [
        ".nr PS 11", ".nr VS 15", ".nr PO 1i", ".nr LL 6.27i", ".nr HM 1i", ".nr FM 1i",
        ".TL", "Benchmark report", ".AU", "quire benchmark", ".DA June 2, 2026",
    ]
    for b in blocks:
        if b[0] == "h":
            out += [f".SH {b[1]}", b[2]]  # unnumbered: the heading text carries its number, as in the Markdown
        elif b[0] == "p":
            out.append(".PP")
            for style, s in b[1]:
                if style == "em":
                    out.append(f"\\fI{s}\\fP")
                elif style == "strong":
                    out.append(f"\\fB{s}\\fP")
                elif isinstance(style, tuple):
                    out[-1] += "\\**"
                    out += [".FS", style[1], ".FE"]
                else:
                    out.append(s)
        elif b[0] in ("ul", "ol"):
            for i, item in enumerate(b[1], 1):
                out += [f".IP \\(bu 2" if b[0] == "ul" else f".IP {i}. 3", item]
        elif b[0] == "table":
            header, rows = b[1], b[2]
            out += [".TS", "tab(|);", "lb" + " rb" * (len(header) - 1), "l" + " r" * (len(header) - 1) + "."]
            out += ["|".join(header)] + ["|".join(r) for r in rows] + [".TE"]
        elif b[0] == "break":
            out.append(".bp")
    return "\n".join(out) + "\n"


# ---- Mail merge inputs (for the hook in bench/run.sh) ----------------------------------------
LETTER = """---
title: Thank you
author: Ji-won Han
date: 2026-06-02
papersize: a4
---

Dear {{name}},

Thank you for your gift of {{amount}} in {{year}}. It paid for translators, legal advice
and visits to families in {{city}}.

With gratitude,

Ji-won Han
"""


def donors(rng, n):
    first = ["Mina", "Tomás", "Amara", "Joon", "Lena", "Omar", "Sofia", "Hyun-woo", "Priya", "Kofi"]
    last = ["Park", "Ferreira", "Okafor", "Kim", "Novak", "Haddad", "Rossi", "Lee", "Nair", "Mensah"]
    cities = ["Lisbon", "Seoul", "Accra", "Lyon", "Busan", "Porto", "Kraków", "Lagos"]
    out = []
    for i in range(n):
        out += [
            "---",
            f"name: {rng.choice(first)} {rng.choice(last)}",
            f'amount: "€{rng.randint(1, 50) * 10}"',
            f"year: {rng.choice([2024, 2025, 2026])}",
            f"city: {rng.choice(cities)}",
        ]
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("outdir", nargs="?", default=str(pathlib.Path(__file__).parent / "out"))
    ap.add_argument("--words", type=int, default=40000)
    ap.add_argument("--donors", type=int, default=1000)
    args = ap.parse_args()
    outdir = pathlib.Path(args.outdir)
    (outdir / "merge").mkdir(parents=True, exist_ok=True)

    rng = random.Random(SEED)
    blocks, words = build(args.words, rng)
    (outdir / "report.md").write_text(to_markdown(blocks), encoding="utf-8")
    (outdir / "report.ms").write_text(to_ms(blocks), encoding="utf-8")
    (outdir / "merge" / "letter.md").write_text(LETTER, encoding="utf-8")
    (outdir / "merge" / "donors.yaml").write_text(donors(random.Random(SEED + 1), args.donors), encoding="utf-8")
    chapters = sum(1 for b in blocks if b[0] == "h" and b[1] == 1)
    print(f"{outdir}/report.md, report.ms: {words} words, {chapters} chapters, {len(blocks)} blocks")


if __name__ == "__main__":
    main()
