#!/usr/bin/env bash
# Mail merge: examples/donor-letter/merge.sh makes 1,000 letters (in two --records shards) and one
# 1,000-letter PDF; sampled letters carry the right name, salutation and amount, Korean and quoted
# commas included. Then record ranges, --where, --keep-going counts, data-file errors at their
# positions, CSV/JSON/YAML edge cases and output directories.
source "$(dirname "$0")/lib.sh"
DIR="$EXAMPLES/donor-letter"

# Text with all whitespace removed: pdftotext may break lines anywhere, Hangul included.
squeezed() { tr -d ' \n\f\t' <<<"$1"; }

# ---- The generator is deterministic and donors.csv is its output ------------------------------
python3 "$DIR/make_donors.py" "$TMP/donors.csv" || fail "make_donors.py failed"
cmp -s "$TMP/donors.csv" "$DIR/donors.csv" || fail "donors.csv differs from make_donors.py's output"

# Expected values from Python's csv module, an independent reader: n<TAB>name<TAB>salutation<TAB>amount.
python3 - "$DIR/donors.csv" >"$TMP/expected.tsv" <<'EOF' || fail "cannot read donors.csv with Python"
import csv, sys
for n, row in enumerate(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")), 1):
    print("\t".join([str(n), row["name"], row["salutation"], row["amount"], row["country"]]))
EOF
[[ $(wc -l <"$TMP/expected.tsv") == 1000 ]] || fail "donors.csv should hold 1,000 records"
grep -q $'\t친애하는 ' "$TMP/expected.tsv" || fail "donors.csv has no Korean donors"
grep -q 'Circle, Busan' "$TMP/expected.tsv" || fail "donors.csv has no name with a quoted comma"

# ---- 1,000 letters, one PDF each, and all of them in one PDF ----------------------------------
JOBS=2 bash "$DIR/merge.sh" "$TMP/out" >"$TMP/merge.log" 2>&1 || fail "merge.sh: $(tail -5 "$TMP/merge.log")"
count=$(find "$TMP/out/letters" -name '*.pdf' -size +1k | wc -l)
[[ $count == 1000 ]] || fail "merge.sh wrote $count letters, expected 1000"

# Samples across the range: Korean names (n % 5 == 2), organisations with commas (3, 40, 77, …),
# both shard edges, the last record (a two-separator amount).
for n in 1 2 3 4 7 12 40 77 100 112 250 333 499 500 501 502 666 777 999 1000; do
  IFS=$'\t' read -r _ name salutation amount _ < <(sed -n "${n}p" "$TMP/expected.tsv")
  file="$TMP/out/letters/$n.pdf"
  [[ $(pdf_pages "$file") == 1 ]] || fail "letter $n has $(pdf_pages "$file") pages, expected 1"
  text=$(squeezed "$(pdftotext -enc UTF-8 "$file" - 2>/dev/null)")
  for want in "$name" "$salutation," "gift of $amount," ; do
    [[ $text == *"$(squeezed "$want")"* ]] || fail "letter $n lacks '$want': $(head -c 300 <<<"$text")"
  done
  # The letterhead, then the recipient's name in the address field, before the salutation.
  [[ $text == "LanternRightsInitiative"*"$(squeezed "$name")"*"$(squeezed "$salutation,")"* ]] ||
    fail "letter $n: no letterhead, or the name '$name' is not before the salutation: $(head -c 300 <<<"$text")"
  [[ $text != *"{{"* ]] || fail "letter $n has an unfilled field"
done
check_pdf "$TMP/out/letters/2.pdf"
check_pdf "$TMP/out/letters/3.pdf"

# The combined PDF: every letter from a new page, in record order; pages = the sum of the letters'.
all="$TMP/out/letters.pdf"
check_pdf "$all"
sum=$(find "$TMP/out/letters" -name '*.pdf' -print0 | xargs -0 -n 50 -P 2 sh -c 'for f; do pdfinfo "$f" | awk "/^Pages:/ {print \$2}"; done' _ |
  awk '{ s += $1 } END { print s }')
[[ $(pdf_pages "$all") == "$sum" ]] || fail "letters.pdf has $(pdf_pages "$all") pages, the letters $sum"
for n in 1 2 3 500 1000; do
  IFS=$'\t' read -r _ name salutation amount _ < <(sed -n "${n}p" "$TMP/expected.tsv")
  page=$(squeezed "$(pdftotext -enc UTF-8 -f "$n" -l "$n" "$all" - 2>/dev/null)")
  [[ $page == "LanternRightsInitiative"*"$(squeezed "$name")"*"$(squeezed "$salutation,")"* ]] ||
    fail "page $n of letters.pdf is not letter $n: $(head -c 200 <<<"$page")"
done

# ---- Record ranges and filters ----------------------------------------------------------------
quire-parse "$DIR/merge-letter.md" -o "$TMP/letter.yaml" || fail "quire-parse merge-letter.md"
docs() { grep -c '^---$' "$1"; }
expect_status 0 quire-compose --data "$DIR/donors.csv" --records 998- "$TMP/letter.yaml" -o "$TMP/tail.yaml"
[[ $(docs "$TMP/tail.yaml") == 3 ]] || fail "--records 998- gave $(docs "$TMP/tail.yaml") documents"
grep -q '^    "n": 998$' "$TMP/tail.yaml" || fail "--records 998-: the first document is not record 998"
expect_status 0 quire-compose --data "$DIR/donors.csv" --records -5 "$TMP/letter.yaml" -o "$TMP/head.yaml"
[[ $(docs "$TMP/head.yaml") == 5 ]] || fail "--records -5 gave $(docs "$TMP/head.yaml") documents"
expect_status 0 quire-compose --data "$DIR/donors.csv" --records 101-200 "$TMP/letter.yaml" -o "$TMP/mid.yaml"
[[ $(docs "$TMP/mid.yaml") == 100 ]] || fail "--records 101-200 gave $(docs "$TMP/mid.yaml") documents"
# {{n}} in an output pattern is the record's number in the whole file, so shards never clash.
# The letter's logo and signature lie beside it, not beside the YAML: the letter's folder is the root.
expect_status 0 quire-render-pdf "$TMP/tail.yaml" --root "$DIR" --emit layout --mkdir -o "$TMP/tail/{{n}}-{{id}}.txt"
[[ -s $TMP/tail/998-D0998.txt && -s $TMP/tail/1000-D1000.txt ]] || fail "pattern files: $(ls "$TMP/tail")"
expect_status 2 quire-compose --data "$DIR/donors.csv" --records 5-4 "$TMP/letter.yaml"
expect_stderr "records '5-4': the range is empty"
expect_status 0 quire-compose --data "$DIR/donors.csv" --records 2000- "$TMP/letter.yaml" -o "$TMP/none.yaml"
expect_stderr "warning: --records 2000- selects no record: the file has 1000"
expect_status 0 quire-compose --data "$DIR/donors.csv" --where 'country == "KR"' "$TMP/letter.yaml" -o "$TMP/kr.yaml"
kr=$(awk -F'\t' '$5 == "KR"' "$TMP/expected.tsv" | wc -l)
[[ $(docs "$TMP/kr.yaml") == "$kr" ]] || fail "--where country == KR gave $(docs "$TMP/kr.yaml"), expected $kr"

# ---- Failing records: positions in the data file, --keep-going counts -------------------------
printf '%s\n' '---' 'title: T' '---' '' 'Dear {{name}}, thank you for {{amount}} on {{ day | date long }}.' >"$TMP/small.md"
cat >"$TMP/bad.csv" <<'EOF'
name,amount,day
Kim,"1,000",2026-06-02
Lee,50
Park,70,2026-06-31
"Okafor, Sofia",90,2026-01-05
Nair,10,2026-02-03
EOF
quire-parse "$TMP/small.md" -o "$TMP/small.yaml"
expect_status 1 quire-compose --data "$TMP/bad.csv" "$TMP/small.yaml" -o "$TMP/stopped.yaml"
expect_stderr "bad.csv:3: error: record 2 has 2 fields, the header has 3"
[[ ! -e $TMP/stopped.yaml ]] || fail "a run stopped at a failed record left an output file"
expect_status 1 quire-compose --data "$TMP/bad.csv" --keep-going "$TMP/small.yaml" -o "$TMP/kept.yaml"
expect_stderr "bad.csv:3: error: record 2 has 2 fields"
expect_stderr "bad.csv:4: error: record 3: .*2026-06-31"
expect_stderr "hint: the field is at .*small.md:5"
expect_stderr "error: 2 of 5 records failed"
[[ $(docs "$TMP/kept.yaml") == 3 ]] || fail "--keep-going kept $(docs "$TMP/kept.yaml") documents, expected 3"
grep -q 'Okafor, Sofia' "$TMP/kept.yaml" || fail "the record with a quoted comma is missing"
# The same in one process, one PDF per record named by a column.
(cd "$TMP" && quire build small.md --data bad.csv --keep-going --mkdir -o 'pdf/{{name}}.pdf') 2>"$TMP/stderr"
[[ $? == 1 ]] || fail "build --data --keep-going: $(cat "$TMP/stderr")"
[[ -s $TMP/pdf/Kim.pdf && -s "$TMP/pdf/Okafor, Sofia.pdf" && ! -e $TMP/pdf/Park.pdf ]] || fail "build --data: $(ls "$TMP/pdf")"
[[ $(pdf_text "$TMP/pdf/Kim.pdf") == *"thank you for 1,000 on June 2, 2026."* ]] || fail "Kim.pdf: $(pdf_text "$TMP/pdf/Kim.pdf")"
expect_status 2 quire build "$TMP/small.md" --data "$TMP/bad.csv" --records 1 -o "$TMP/missing/dir/{{n}}.pdf"
expect_stderr "output directory '.*missing/dir' does not exist \(--mkdir creates it\)"

# ---- Data formats and their edge cases --------------------------------------------------------
printf '\xEF\xBB\xBFname,amount,day\r\n"Han\r\nJi-won",5,2026-03-04\r\n' >"$TMP/bom.csv"
expect_status 0 quire-compose --data "$TMP/bom.csv" "$TMP/small.yaml" -o "$TMP/bom.yaml"
grep -q 'Dear Han' "$TMP/bom.yaml" && ! grep -q $'\r' "$TMP/bom.yaml" || fail "BOM/CRLF CSV: $(cat "$TMP/bom.yaml")"
printf 'name,amount,day\nKim,"1,000,2026-01-01\nLee,2,2026-01-02\n' >"$TMP/open.csv"
expect_status 1 quire-compose --data "$TMP/open.csv" "$TMP/small.yaml"
expect_stderr "open.csv:2:5: error: unterminated quoted field"
printf 'name,amount,name\n' >"$TMP/dup.csv"
expect_status 1 quire-compose --data "$TMP/dup.csv" "$TMP/small.yaml"
expect_stderr "dup.csv:1:13: error: duplicate column name 'name'"
printf '[\n {"name": "Kim", "amount": 1000, "day": "2026-06-02"},\n {"name": "Lee", "amount": 1e999, "day": "2026-06-02"}\n]\n' >"$TMP/d.json"
expect_status 1 quire-compose --data "$TMP/d.json" --keep-going "$TMP/small.yaml" -o "$TMP/json.yaml"
expect_stderr "d.json:3:28: error: record 2: number 1e999 is out of range"
grep -q 'thank you for 1000 on' "$TMP/json.yaml" || fail "JSON record: $(grep Dear "$TMP/json.yaml")"
printf -- '- name: 한지원\n  amount: "₩50,000"\n  day: 2026-06-02\n- name: Lee\n  amount: 5\n' >"$TMP/d.yaml"
expect_status 1 quire-compose --data "$TMP/d.yaml" "$TMP/small.yaml" -o "$TMP/yaml.yaml"
expect_stderr "d.yaml:4: error: record 2: .*day"
cp "$TMP/d.yaml" "$TMP/d.txt"
expect_status 2 quire-compose --data "$TMP/d.txt" "$TMP/small.yaml"
expect_stderr "use --data-format"
expect_status 0 quire-compose --data "$TMP/d.txt" --data-format yaml --records 1 "$TMP/small.yaml" -o "$TMP/txt.yaml"
grep -q 'Dear 한지원, thank you for ₩50,000' "$TMP/txt.yaml" || fail "YAML record: $(grep Dear "$TMP/txt.yaml")"
pass
