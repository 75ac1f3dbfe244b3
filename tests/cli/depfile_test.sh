# -M FILE / --depfile FILE: a make rule from what a run wrote to every file it read (docs/make.md).
source "$(dirname "$0")/lib.sh"

# deps FILE: the prerequisites of a depfile's first rule, one per line, as make reads them.
deps() {
  python3 - "$1" <<'PY'
import re, sys
text = open(sys.argv[1]).read().replace("\\\n", " ")
rule = text.split("\n")[0]
tail = re.split(r"(?<!\\):", rule, maxsplit=1)[1]
for word in re.split(r"(?<!\\) +", tail.strip()):
    if word:
        print(re.sub(r"\\(.)", r"\1", word).replace("$$", "$"))
PY
}
# targets FILE: the targets of a depfile's first rule, one per line.
targets() { head -1 "$1" | sed -E 's/(^|[^\\]):.*/\1/' | tr ' ' '\n' | grep -v '^$'; }

# up_to_date TARGET DEPFILE [ESCAPED]: make, given the depfile, finds TARGET up to date (ESCAPED: the
# target as a makefile writes it, when it differs).
up_to_date() {
  printf '%s:\n\t@false\ninclude %s\n' "${3:-$1}" "$2" >"$TMP/check.mk"
  make -q -f "$TMP/check.mk" "$1" 2>/dev/null
}

# ---- a report: chapters, an include, an image, a data file, a template chain -----------------------
P=$TMP/project
mkdir -p "$P/chapters" "$P/figures" "$P/templates" "$P/out"
cp "$EXAMPLES/report/figures/petitions.png" "$P/figures/chart.png"
cp "$EXAMPLES/report/figures/petitions.png" "$P/figures/unused.png"
cat >"$P/report.md" <<'EOF'
---
title: Depfile report
lang: en-GB
data-files:
  facts: facts.yaml
---
# Introduction

There were {{facts.count}} petitions, a number large enough to need hyphenation somewhere.

{{> chapters/findings.md}}
EOF
cat >"$P/chapters/findings.md" <<'EOF'
# Findings

![The chart](../figures/chart.png)
EOF
printf 'count: 42\n' >"$P/facts.yaml"
printf 'extends: base.yaml\nmeta:\n  subtitle: The child template\n' >"$P/templates/child.yaml"
printf 'extends: report\nmeta:\n  organisation: The base template\n' >"$P/templates/base.yaml"

cd "$P"
expect_status 0 quire build report.md --template templates/child.yaml -o out/report.pdf -M out/report.d
check_pdf out/report.pdf
[[ $(targets out/report.d) == out/report.pdf ]] || fail "report target: $(head -1 out/report.d)"
deps out/report.d >"$TMP/report.deps"
for f in report.md chapters/findings.md facts.yaml templates/child.yaml templates/base.yaml figures/chart.png; do
  grep -qxF "$f" "$TMP/report.deps" || fail "report.d lacks $f: $(cat "$TMP/report.deps")"
done
grep -q 'figures/unused.png\|out/report' "$TMP/report.deps" && fail "report.d lists a file the run did not read"
# The fonts actually drawn with (the serif body, the sans headings), not every face of the set: no
# monospaced face (no code), no Hangul fallback, no symbol fallback.
grep -Eq '^/.*Serif-Regular\.ttf$' "$TMP/report.deps" || fail "report.d lacks the body font: $(cat "$TMP/report.deps")"
grep -Eq '^/.*Sans-Bold\.ttf$' "$TMP/report.deps" || fail "report.d lacks the heading font: $(cat "$TMP/report.deps")"
grep -Eq 'Nanum|Mono|DejaVuSans\.ttf' "$TMP/report.deps" &&
  fail "report.d lists fonts the report does not use: $(grep -E 'tt[fc]$' "$TMP/report.deps")"
grep -q '/usr/share/hyphen/hyph_en' "$TMP/report.deps" || fail "report.d lacks the hyphenation dictionary"
# Every input has its empty rule (a removed file makes make rerun quire, not stop).
grep -qx 'chapters/findings.md:' out/report.d || fail "no empty rule for the include"
# make reads it: up to date now, out of date after touching any one input.
up_to_date out/report.pdf out/report.d || fail "make finds the fresh report out of date"
for f in chapters/findings.md figures/chart.png templates/base.yaml facts.yaml; do
  touch -d '+1 minute' "$f"
  up_to_date out/report.pdf out/report.d && fail "make does not see $f changed"
  touch -d '-1 hour' "$f"
done
touch -d '-1 hour' report.md chapters/findings.md
up_to_date out/report.pdf out/report.d || fail "make finds the report out of date with older inputs"
touch -d '-1 hour' figures/unused.png
rm figures/unused.png
up_to_date out/report.pdf out/report.d || fail "a file the report never read matters to make"

# ---- the pipe: each tool its own depfile; standard output needs --depfile-target --------------------
expect_status 2 quire-parse report.md -M parse.d
expect_stderr 'depfile needs a target.*--depfile-target'
quire-parse report.md -M parse.d --depfile-target parse.yaml >parse.yaml || fail "quire-parse -M"
[[ $(targets parse.d) == parse.yaml ]] || fail "parse.d target: $(head -1 parse.d)"
[[ $(deps parse.d) == report.md ]] || fail "parse.d: $(cat parse.d)"
quire-validate parse.yaml -o valid.yaml --depfile validate.d || fail "quire-validate --depfile"
[[ $(head -1 validate.d) == 'valid.yaml: parse.yaml' ]] || fail "validate.d: $(cat validate.d)"
quire-compose valid.yaml --template templates/child.yaml -o composed.yaml -M compose.d || fail "quire-compose -M"
deps compose.d >"$TMP/compose.deps"
for f in valid.yaml chapters/findings.md facts.yaml templates/child.yaml templates/base.yaml; do
  grep -qxF "$f" "$TMP/compose.deps" || fail "compose.d lacks $f: $(cat compose.d)"
done
grep -q 'report.md\|\.ttf\|\.png' "$TMP/compose.deps" && fail "compose.d lists what compose did not read"
quire-render-pdf composed.yaml -o out/pipe.pdf -M render.d || fail "quire-render-pdf -M"
deps render.d >"$TMP/render.deps"
grep -qxF composed.yaml "$TMP/render.deps" && grep -qxF figures/chart.png "$TMP/render.deps" &&
  grep -q 'Serif-Regular.ttf' "$TMP/render.deps" || fail "render.d: $(cat render.d)"
expect_status 2 quire-render-pdf composed.yaml -o out/pipe.pdf -M out/pipe.pdf
expect_stderr '-M and -o name the same file'

# ---- a merge: one rule, every letter a target; ninja reads it too ----------------------------------
M=$TMP/merge
mkdir -p "$M"
cd "$M"
head -7 "$EXAMPLES/donor-letter/donors.csv" >donors.csv  # three donors (addresses span two lines)
cp "$EXAMPLES/donor-letter/merge-letter.md" "$EXAMPLES/donor-letter/"*.png "$EXAMPLES/donor-letter/lantern.yaml" . 2>/dev/null
cp "$EXAMPLES/donor-letter/"*.yaml . 2>/dev/null
expect_status 0 quire build merge-letter.md --data donors.csv --mkdir -o 'letters/{{n}}.pdf' -M letters.d
[[ $(targets letters.d | tr '\n' ' ') == 'letters/1.pdf letters/2.pdf letters/3.pdf ' ]] ||
  fail "merge targets: $(head -1 letters.d)"
deps letters.d >"$TMP/letters.deps"
grep -qxF donors.csv "$TMP/letters.deps" && grep -qxF merge-letter.md "$TMP/letters.deps" || fail "letters.d: $(cat letters.d)"
grep -q 'Nanum' "$TMP/letters.deps" || fail "letters.d lacks the Hangul font donor 2's name is drawn with"
if command -v ninja >/dev/null; then
  cat >build.ninja <<'EOF'
rule merge
  command = quire build merge-letter.md --data donors.csv --mkdir -o 'letters/{{n}}.pdf' -M letters.d
  depfile = letters.d
build letters/1.pdf letters/2.pdf letters/3.pdf: merge
EOF
  ninja >"$TMP/ninja.log" 2>&1 || fail "ninja: $(cat "$TMP/ninja.log")"
  ninja -n -d explain >"$TMP/ninja.log" 2>&1
  grep -q 'no work to do' "$TMP/ninja.log" || fail "ninja rebuilds a fresh merge: $(cat "$TMP/ninja.log")"
  touch -d '+1 minute' donors.csv
  ninja -n -d explain >"$TMP/ninja.log" 2>&1
  grep -q 'donors.csv' "$TMP/ninja.log" || fail "ninja does not see donors.csv changed: $(cat "$TMP/ninja.log")"
  grep -qi 'depfile' "$TMP/ninja.log" && fail "ninja complains about the depfile: $(cat "$TMP/ninja.log")"
fi

# A data check lists the schema and the data.
expect_status 0 quire-validate --schema donors.schema.yaml --coerce donors.csv -M schema.d --depfile-target checked
[[ $(deps schema.d | sort | tr '\n' ' ') == 'donors.csv donors.schema.yaml ' ]] || fail "schema.d: $(cat schema.d)"

# --split: one document per record, each rendered alone; an unchanged one is not written again.
quire-parse merge-letter.md >letter.yaml || fail "quire-parse merge-letter.md"
expect_status 0 quire-compose letter.yaml --data donors.csv --split split -M split.d --depfile-target split.stamp
[[ $(cd split && ls) == $'1.yaml\n2.yaml\n3.yaml' ]] || fail "--split wrote: $(ls split)"
[[ $(deps split.d | sort | tr '\n' ' ') == 'donors.csv lantern.yaml letter.yaml ' ]] || fail "split.d: $(cat split.d)"
expect_status 0 quire-render-pdf split/2.yaml --root . -o two.pdf
pdf_text two.pdf | grep -q '오은비' || fail "record 2's letter lacks its donor"
grep -q 'D0001' split/1.yaml && ! grep -q 'D0002' split/1.yaml || fail "split/1.yaml is not record 1's alone"
touch -d '-1 hour' split/*.yaml
sed -i 's/₩625,000/₩626,000/' donors.csv
expect_status 0 quire-compose letter.yaml --data donors.csv --split split -M split.d
[[ $(find split -newermt '-10 minutes' -name '*.yaml') == split/2.yaml ]] ||
  fail "--split rewrote: $(find split -newermt '-10 minutes' -name '*.yaml')"
[[ $(targets split.d | tr '\n' ' ') == 'split/1.yaml split/2.yaml split/3.yaml ' ]] || fail "split.d targets: $(head -1 split.d)"
# A record that fails leaves no file, not an earlier run's (which make would render as if current).
sed -i '6s/,2026-[0-9-]*,/,not-a-date,/' donors.csv
expect_status 1 quire-compose letter.yaml --data donors.csv --split split --keep-going
[[ $(cd split && ls) == $'1.yaml\n2.yaml' ]] || fail "after record 3 failed, split holds: $(ls split)"
expect_status 2 quire-compose letter.yaml --split split
expect_stderr '--split needs --data'
expect_status 2 quire-compose letter.yaml --data donors.csv --split split -o x.yaml
expect_status 2 quire-compose letter.yaml --template labels --data donors.csv --split split
expect_stderr 'labels put many records on a sheet'

# ---- escaping: spaces, '#', '$' and ':' in names ----------------------------------------------------
E=$TMP/esc
mkdir -p "$E/my figures"
cd "$E"
cp "$EXAMPLES/report/figures/petitions.png" 'my figures/chart #1 $5:a.png'
printf '# Odd names\n\n![A chart](<my figures/chart #1 $5:a.png>)\n\n{{> part two.md}}\n' >'main #1.md'
printf 'The second part.\n' >'part two.md'
expect_status 0 quire build 'main #1.md' -o 'odd $out.pdf' -M odd.d
grep -qF 'odd\ $$out.pdf:' odd.d || fail "target not escaped: $(head -1 odd.d)"
grep -qF 'main\ \#1.md' odd.d && grep -qF 'part\ two.md' odd.d && grep -qF 'my\ figures/chart\ \#1\ $$5\:a.png' odd.d ||
  fail "inputs not escaped: $(cat odd.d)"
up_to_date 'odd $out.pdf' odd.d 'odd\ $$out.pdf' || fail "make finds the fresh odd file out of date"
touch -d '+1 minute' 'my figures/chart #1 $5:a.png'
up_to_date 'odd $out.pdf' odd.d 'odd\ $$out.pdf' && fail "make does not see the oddly named image changed"

# What a make rule cannot hold, and a depfile that cannot be written: usage and I/O errors (exit 2).
printf 'Semi.\n' >'semi;colon.md'
expect_status 2 quire build 'semi;colon.md' -o semi.pdf -M semi.d
expect_stderr 'cannot write "semi;colon.md" in a make rule'
[[ -e semi.d ]] && fail "a depfile that cannot be written was left"
expect_status 2 quire build 'part two.md' -o two.pdf -M no/such/dir/two.d
expect_stderr 'no/such/dir/two.d'

# ---- a failing run still writes what it read, and no output -------------------------------------------
cd "$P"
printf '# Broken\n\n{{> chapters/findings.md}}\n\n{{> chapters/missing.md}}\n' >broken.md
expect_status 1 quire build broken.md -o out/broken.pdf -M out/broken.d
[[ -e out/broken.pdf ]] && fail "a failed run left its output"
[[ -f out/broken.d ]] || fail "a failed run wrote no depfile"
[[ $(targets out/broken.d) == out/broken.pdf ]] || fail "broken target: $(head -1 out/broken.d)"
deps out/broken.d >"$TMP/broken.deps"
grep -qxF broken.md "$TMP/broken.deps" && grep -qxF chapters/findings.md "$TMP/broken.deps" ||
  fail "broken.d lacks what was read: $(cat out/broken.d)"
grep -q missing "$TMP/broken.deps" && fail "broken.d lists the missing file"
# Fixed, the next run writes the PDF and the full rule.
touch chapters/missing.md
expect_status 0 quire build broken.md -o out/broken.pdf -M out/broken.d
grep -q 'chapters/missing.md' out/broken.d || fail "the fixed run's depfile lacks the new include"
pass
