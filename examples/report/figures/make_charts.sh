#!/usr/bin/env bash
# Draws the report's vector charts from petitions.csv (the table of chapter 3) with gnuplot:
#   by-region.pdf   petitions per region and year, stacked bars (pdfcairo: a PDF figure)
#   answered.svg    petitions sent and answered per year, lines (svg: an SVG figure)
# Both keep their text as text. Run by examples/report/run.sh and examples/Makefile when the CSV is
# newer than the charts; the committed charts are what it makes (the PDF without cairo's creation
# date, so the same CSV gives the same bytes). Needs gnuplot (Debian: gnuplot-nox) and qpdf.
# docs/figures.md, "Charts from your data".
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v gnuplot >/dev/null || ! command -v qpdf >/dev/null; then
  # The committed charts are what this script makes: without the tools, they stay as they are.
  if [[ -f by-region.pdf && -f answered.svg ]]; then
    echo "make_charts.sh: gnuplot or qpdf missing (apt-get install gnuplot-nox qpdf): the charts are not redrawn" >&2
    exit 0
  fi
  echo "make_charts.sh: needs gnuplot and qpdf (apt-get install gnuplot-nox qpdf)" >&2
  exit 2
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

gnuplot -e "out='$tmp/by-region.pdf'" - <<'GNUPLOT'
set datafile separator ','
set key autotitle columnhead outside right top
set style data histograms
set style histogram rowstacked
set style fill solid 0.9 border -1
set boxwidth 0.7
set ylabel 'petitions'
set grid ytics
set title 'Petitions by region and year'
set terminal pdfcairo size 12cm,7cm font 'DejaVu Sans,9'
set output out
plot 'petitions.csv' using 2:xtic(1) lc rgb '#1F3A6E', '' using 3 lc rgb '#4F78B0', '' using 4 lc rgb '#E67E22', '' using 5 lc rgb '#A0A0A0'
GNUPLOT
# Without cairo's /CreationDate (the information dictionary stays behind): the same CSV, the same bytes.
qpdf --deterministic-id --empty --pages "$tmp/by-region.pdf" 1 -- by-region.pdf

gnuplot - <<'GNUPLOT'
set datafile separator ','
set key top left
set ylabel 'petitions'
set grid ytics
set xtics 1
set title 'Petitions sent and answered per year'
set terminal svg size 480,280 font 'DejaVu Sans,9'
set output 'answered.svg'
plot 'petitions.csv' using 1:6 every ::1 with linespoints lw 2 lc rgb '#1F3A6E' title 'sent', \
     ''              using 1:7 every ::1 with linespoints lw 2 lc rgb '#E67E22' title 'answered'
GNUPLOT
echo "examples/report/figures: by-region.pdf answered.svg"
