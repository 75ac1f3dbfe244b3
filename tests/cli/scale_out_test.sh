#!/usr/bin/env bash
# docs/scale-out.md's recipes on this machine with two workers: record slices rendered by xargs -P2,
# GNU parallel -j2 and a Kubernetes Indexed Job's command (run here with JOB_COMPLETION_INDEX 0 and 1)
# give letter files byte-identical to the one-process run (SOURCE_DATE_EPOCH set), and the slices'
# combined PDFs joined by quire join equal the one-process combined PDF page for page (text and
# page count).
source "$(dirname "$0")/lib.sh"
command -v parallel >/dev/null || fail "GNU parallel is needed (Debian's parallel; scripts/bootstrap.sh)"
export SOURCE_DATE_EPOCH=1700000000
cd "$EXAMPLES/donor-letter" || fail "no donor-letter example"
N=40  # records 1-40, in two slices of 20
merge=(quire build merge-letter.md --data donors.csv --quiet)

# ---- The one-process runs: one file per letter, and every letter in one PDF --------------------
"${merge[@]}" --records 1-$N --mkdir -o "$TMP/one/{{n}}.pdf" || fail "one-process run failed"
"${merge[@]}" --records 1-$N -o "$TMP/one.pdf" || fail "one-process combined run failed"
[[ $(find "$TMP/one" -name '*.pdf' | wc -l) == "$N" ]] || fail "the one-process run wrote the wrong number of letters"

# same_letters DIR: DIR holds the same N files as the one-process run, byte for byte.
same_letters() {
  local dir=$1 n
  [[ $(find "$dir" -name '*.pdf' | wc -l) == "$N" ]] || fail "$dir holds $(find "$dir" -name '*.pdf' | wc -l) letters, expected $N"
  for ((n = 1; n <= N; n++)); do
    cmp -s "$TMP/one/$n.pdf" "$dir/$n.pdf" || fail "$dir/$n.pdf differs from the one-process run's"
  done
}

# ---- xargs -P2 over two slices (the recipe's arithmetic, slices of 20) --------------------------
seq 0 1 | xargs -P2 -I{} sh -c \
  'quire build merge-letter.md --data donors.csv --records $(({} * 20 + 1))-$(({} * 20 + 20)) --quiet --mkdir -o "$1/{{n}}.pdf"' \
  _ "$TMP/xargs" || fail "xargs -P2 failed"
same_letters "$TMP/xargs"

# ---- GNU parallel -j2, the ranges written out, as docs/scale-out.md has it ----------------------
parallel -j2 --halt now,fail=1 quire build merge-letter.md --data donors.csv --records {} --quiet --mkdir \
  -o "'$TMP/parallel/{{n}}.pdf'" ::: 1-20 21-40 </dev/null >"$TMP/parallel.log" 2>&1 ||
  fail "parallel -j2 failed: $(tail -5 "$TMP/parallel.log")"
same_letters "$TMP/parallel"
# and with the arithmetic in parallel's shell, also as the page has it
seq 0 1 | parallel -j2 --halt now,fail=1 \
  quire build merge-letter.md --data donors.csv --records '$(({} * 20 + 1))-$(({} * 20 + 20))' \
  --quiet --mkdir -o "'$TMP/parallel2/{{n}}.pdf'" >"$TMP/parallel.log" 2>&1 ||
  fail "parallel -j2 with arithmetic failed: $(tail -5 "$TMP/parallel.log")"
same_letters "$TMP/parallel2"

# ---- The Indexed Job's command (docs/scale-out.md), indexes 0 and 1 side by side ---------------
job=$(python3 - "$QUIRE_SOURCE_DIR/docs/scale-out.md" <<'EOF'
# The container's script from the page's Job manifest, its /work and /out paths made variables.
import re, sys
page = open(sys.argv[1], encoding="utf-8").read()
block = re.search(r"```yaml\n(.*?)```", page, re.S).group(1)
script = re.search(r"args:\n\s*- \|\n((?:\s{14}.*\n)+)", block).group(1)
lines = [l[14:] for l in script.splitlines()]
print("\n".join(lines).replace("/work/letter.md", "merge-letter.md").replace("/work/", "").replace("/out/", "$OUT/"))
EOF
) || fail "cannot find the Job's script in docs/scale-out.md"
[[ $job == *JOB_COMPLETION_INDEX* ]] || fail "the Job's script does not use JOB_COMPLETION_INDEX: $job"
for index in 0 1; do
  JOB_COMPLETION_INDEX=$index SLICE=20 OUT="$TMP/job" sh -c "$job" &
done
wait
same_letters "$TMP/job/letters"
[[ -f $TMP/job/slices/00000.pdf && -f $TMP/job/slices/00001.pdf ]] || fail "the Job wrote no slice PDFs: $(ls -R "$TMP/job")"

# ---- The slices joined equal the one-process combined PDF, page for page -----------------------
quire join "$TMP"/job/slices/*.pdf -o "$TMP/joined.pdf" || fail "quire join failed"
check_pdf "$TMP/joined.pdf"
pages=$(pdf_pages "$TMP/one.pdf")
[[ $(pdf_pages "$TMP/joined.pdf") == "$pages" ]] || fail "joined.pdf has $(pdf_pages "$TMP/joined.pdf") pages, one.pdf $pages"
((pages >= N)) || fail "one.pdf has $pages pages for $N letters"
for ((p = 1; p <= pages; p++)); do
  a=$(pdftotext -enc UTF-8 -f "$p" -l "$p" "$TMP/one.pdf" - 2>/dev/null)
  b=$(pdftotext -enc UTF-8 -f "$p" -l "$p" "$TMP/joined.pdf" - 2>/dev/null)
  [[ -n $a && $a == "$b" ]] || fail "page $p of the joined slices differs from the one-process PDF's"
done
# Each letter's outline entry is kept, under its slice's entry, in record order.
qpdf --json --json-key=outlines "$TMP/one.pdf" | python3 -c '
import json, sys; print("\n".join(o["title"] for o in json.load(sys.stdin)["outlines"]))' >"$TMP/one.titles"
qpdf --json --json-key=outlines "$TMP/joined.pdf" | python3 -c '
import json, sys; print("\n".join(k["title"] for o in json.load(sys.stdin)["outlines"] for k in o["kids"]))' >"$TMP/joined.titles"
[[ $(wc -l <"$TMP/one.titles") == "$N" ]] || fail "one.pdf's outline has $(wc -l <"$TMP/one.titles") entries"
cmp -s "$TMP/one.titles" "$TMP/joined.titles" || fail "the letters' outline entries differ: $(diff "$TMP/one.titles" "$TMP/joined.titles" | head -5)"
pass
