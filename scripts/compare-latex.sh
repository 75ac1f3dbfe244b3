#!/usr/bin/env bash
# Sets one chapter of the example report with quire and with pandoc + pdfLaTeX, and renders a page of
# each to PNG for a side-by-side look (docs/typesetting.md, "Side by side with LaTeX").
# Usage: scripts/compare-latex.sh [CHAPTER.md] [OUTDIR]
#   (default: examples/report/01-introduction.md into out/compare-latex/)
# Needs the quire tools (build/tools or PATH), pandoc, pdflatex (texlive-latex-recommended,
# texlive-fonts-recommended) and pdftoppm. Not part of the test suite: TeX is not a build dependency.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
chapter=$(realpath "${1:-$root/examples/report/01-introduction.md}")
out=$(realpath -m "${2:-$root/out/compare-latex}")
[[ -d $root/build/tools ]] && PATH="$root/build/tools:$PATH"
for tool in quire pandoc pdflatex pdftoppm; do
  command -v "$tool" >/dev/null || { echo "compare-latex: '$tool' not found" >&2; exit 2; }
done
mkdir -p "$out"
cd "$(dirname "$chapter")"

# quire: the chapter alone, with its own front matter and quire's defaults.
quire build "$chapter" -o "$out/quire.pdf"

# LaTeX: pandoc's default template with the settings quire's defaults correspond to (A4, 11 pt Times,
# 1 in margins). quire's own style: map is dropped; pdfLaTeX cannot set Hangul without extra packages.
sed '/^style:/,/^[^ ]/{/^style:/d;/^  /d}' "$chapter" >"$out/chapter.md"
pandoc "$out/chapter.md" -s -o "$out/latex.tex" --resource-path="$(dirname "$chapter")" \
  -V fontsize=11pt -V papersize=a4 -V geometry:margin=1in -V header-includes='\usepackage{mathptmx}'
(cd "$out" && for pass in 1 2; do pdflatex -interaction=nonstopmode latex.tex >/dev/null 2>&1 || true; done)
[[ -s $out/latex.pdf ]] || { echo "compare-latex: pdflatex failed, see $out/latex.log" >&2; exit 1; }

pdftoppm -png -r 70 "$out/quire.pdf" "$out/quire"
pdftoppm -png -r 70 "$out/latex.pdf" "$out/latex"
ls "$out"/*.png
