#!/usr/bin/env bash
# Knowing what was made (docs/mail-merge.md, "Manifest"): --manifest lists every output document with
# its record number, id, file, pages, size and SHA-256, checked here against the files themselves
# (sha256sum, stat, pdfinfo); a combined PDF has one outline entry per letter, above the letter's own
# headings, pointing at its first page; a failed run leaves no manifest.
source "$(dirname "$0")/lib.sh"
DIR="$EXAMPLES/donor-letter"
export SOURCE_DATE_EPOCH=1780358400

# check_manifest MANIFEST DATA.csv: every row against its file and its record. Prints "n<TAB>id" lines.
check_manifest() {
  python3 - "$1" "$2" <<'PY' || fail "manifest $1 does not describe what was made"
import csv, hashlib, json, os, subprocess, sys
path, data = sys.argv[1], sys.argv[2]
if path.endswith(".json"):
    rows = json.load(open(path, encoding="utf-8"))
else:
    raw = open(path, "rb").read()
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b""), "CSV lines must end in CRLF"
    rows = list(csv.DictReader(open(path, newline="", encoding="utf-8")))
    assert list(rows[0].keys()) == ["n", "id", "file", "first_page", "pages", "bytes", "sha256"], rows[0].keys()
    for r in rows:
        r["id"] = r["id"] or None
records = {n: r for n, r in enumerate(csv.DictReader(open(data, encoding="utf-8-sig")), 1)}
for r in rows:
    n = int(r["n"])
    want_id = records[n].get("id") or None
    assert r["id"] == want_id, f"row {n}: id {r['id']!r}, the record's is {want_id!r}"
    blob = open(r["file"], "rb").read()
    assert int(r["bytes"]) == len(blob) == os.stat(r["file"]).st_size, f"row {n}: bytes"
    sha = subprocess.run(["sha256sum", r["file"]], capture_output=True, text=True, check=True).stdout.split()[0]
    assert r["sha256"] == sha == hashlib.sha256(blob).hexdigest(), f"row {n}: sha256"
    info = subprocess.run(["pdfinfo", r["file"]], capture_output=True, text=True, check=True).stdout
    total = int(next(l.split()[1] for l in info.splitlines() if l.startswith("Pages:")))
    first, pages = int(r["first_page"]), int(r["pages"])
    assert 1 <= first and pages >= 1 and first + pages - 1 <= total, f"row {n}: pages {first}+{pages} of {total}"
    print(f"{n}\t{r['id']}\t{r['file']}\t{first}\t{pages}")
PY
}

# outline FILE.pdf: the outline as "depth<TAB>title<TAB>page" lines, in order.
outline() {
  qpdf --json --json-key=outlines "$1" >"$TMP/outline.json" || fail "qpdf --json $1"
  python3 - "$TMP/outline.json" <<'PY' || fail "cannot read the outline of $1"
import json, sys
def walk(items, depth):
    for o in items:
        print(depth, o["title"], o["destpageposfrom1"], sep="\t")
        walk(o["kids"], depth + 1)
walk(json.load(open(sys.argv[1], encoding="utf-8"))["outlines"], 0)
PY
}

# ---- One PDF per letter, in one process: rows checked against the files -------------------------
mkdir "$TMP/letters"
(cd "$DIR" && quire build merge-letter.md --data donors.csv --records 3-7 -o "$TMP/letters/{{id}}.pdf" \
  --manifest "$TMP/letters.csv") 2>"$TMP/stderr" || fail "quire build --manifest: $(cat "$TMP/stderr")"
rows=$(check_manifest "$TMP/letters.csv" "$DIR/donors.csv")
[[ $(cut -f1,2 <<<"$rows" | tr '\t\n' ' ,') == "3 D0003,4 D0004,5 D0005,6 D0006,7 D0007," ]] ||
  fail "rows of letters.csv: $rows"
[[ $(cut -f4 <<<"$rows" | sort -u) == 1 ]] || fail "a letter of its own does not start on page 1: $rows"
for f in "$TMP"/letters/*.pdf; do check_pdf "$f"; done

# ---- The same letters through the pipe, JSON, names with commas and quotes ---------------------
printf 'id,name,note\nA1,"Okafor, Sofia",x\nA2,"Kim ""Mimi"" Min-ji",y\nA3,Grace Park,z\n' >"$TMP/odd.csv"
printf '%s\n' '---' 'title: Thanks' '---' '' 'Dear {{name}},' '' 'Thank you.' >"$TMP/odd.md"
mkdir "$TMP/odd"
quire-parse "$TMP/odd.md" | quire-compose --data "$TMP/odd.csv" |
  quire-render-pdf -o "$TMP/odd/{{name}}.pdf" --manifest "$TMP/odd.json" 2>"$TMP/stderr" ||
  fail "render-pdf --manifest odd.json: $(cat "$TMP/stderr")"
rows=$(check_manifest "$TMP/odd.json" "$TMP/odd.csv")
[[ $(cut -f3 <<<"$rows" | xargs -d '\n' -n1 basename | tr '\n' '|') == 'Okafor, Sofia.pdf|Kim "Mimi" Min-ji.pdf|Grace Park.pdf|' ]] ||
  fail "file names in odd.json: $rows"
# The same names in CSV come back through an RFC 4180 reader (check_manifest) as they were.
quire-parse "$TMP/odd.md" | quire-compose --data "$TMP/odd.csv" |
  quire-render-pdf -o "$TMP/odd/{{name}}.pdf" --manifest "$TMP/odd.csv.csv" 2>"$TMP/stderr" || fail "odd.csv.csv"
[[ $(check_manifest "$TMP/odd.csv.csv" "$TMP/odd.csv") == "$rows" ]] || fail "the CSV and JSON manifests differ"

# ---- One combined PDF: first pages add up, one outline entry per letter above its headings ------
printf '%s\n' '---' 'title: Thanks' '---' '' '# Your gift' '' 'Dear {{name}},' '' '\newpage' '' \
  '## What it paid for' '' 'Translators.' >"$TMP/two-page.md"
printf 'id,name\nB1,Joon Rahman\nB2,"Okafor, Sofia"\nB3,최서연\n' >"$TMP/three.csv"
(cd "$TMP" && quire build two-page.md --data three.csv -o all.pdf --manifest all.csv) 2>"$TMP/stderr" ||
  fail "combined --manifest: $(cat "$TMP/stderr")"
cd "$TMP" || fail "cd $TMP"
rows=$(check_manifest all.csv three.csv)
[[ $(cut -f1,2,4,5 <<<"$rows" | tr '\t\n' ' ,') == "1 B1 1 2,2 B2 3 2,3 B3 5 2," ]] || fail "rows of all.csv: $rows"
[[ $(qpdf --show-npages all.pdf) == 6 ]] || fail "all.pdf has $(qpdf --show-npages all.pdf) pages, expected 6"
check_pdf all.pdf
want=$(printf '%s\n' $'0\tJoon Rahman\t1' $'1\tYour gift\t1' $'2\tWhat it paid for\t2' \
  $'0\tOkafor, Sofia\t3' $'1\tYour gift\t3' $'2\tWhat it paid for\t4' \
  $'0\t최서연\t5' $'1\tYour gift\t5' $'2\tWhat it paid for\t6')
[[ $(outline all.pdf) == "$want" ]] || fail "outline of all.pdf:
$(outline all.pdf)"
# The same bytes again, and from the pipe with a title pattern of one's own.
quire build two-page.md --data three.csv -o again.pdf --manifest again.csv 2>/dev/null || fail "again"
cmp -s all.pdf again.pdf || fail "two runs wrote different PDFs"
[[ $(sed 's/again\.pdf/all.pdf/' again.csv) == "$(cat all.csv)" ]] || fail "two runs wrote different manifests"
quire-parse two-page.md | quire-compose --data three.csv |
  quire-render-pdf -o titled.pdf --outline-title '{{n}}. {{id}} {{name}}' 2>"$TMP/stderr" || fail "--outline-title"
[[ $(outline titled.pdf | awk -F'\t' '$1 == 0 {print $2 "@" $3}' | tr '\n' '|') == "1. B1 Joon Rahman@1|2. B2 Okafor, Sofia@3|3. B3 최서연@5|" ]] ||
  fail "titles from --outline-title: $(outline titled.pdf)"

# ---- Longer than one batch: the joined PDF keeps the entries, the manifest its pages -------------
python3 -c 'print("id,name"); [print(f"L{i:03},Donor {i}") for i in range(1, 131)]' >many.csv
printf '%s\n' '---' 'title: Thanks' '---' '' '# Receipt' '' 'Dear {{name}},' >one-page.md
quire build one-page.md --data many.csv -o many.pdf --manifest many.json 2>"$TMP/stderr" ||
  fail "130 letters: $(cat "$TMP/stderr")"
rows=$(check_manifest many.json many.csv)
[[ $(wc -l <<<"$rows") == 130 && $(qpdf --show-npages many.pdf) == 130 ]] || fail "130 letters: $(tail -3 <<<"$rows")"
[[ $(awk -F'\t' '$1 != $4' <<<"$rows") == "" ]] || fail "letter n is not on page n: $(head -3 <<<"$rows")"
top=$(outline many.pdf | awk -F'\t' '$1 == 0 {print $2 "@" $3}')
[[ $(wc -l <<<"$top") == 130 && $(sed -n 101p <<<"$top") == "Donor 101@101" && $(tail -1 <<<"$top") == "Donor 130@130" ]] ||
  fail "top outline entries of many.pdf: $(sed -n '99,102p' <<<"$top")"
[[ $(outline many.pdf | awk -F'\t' '$1 == 1' | wc -l) == 130 ]] || fail "the letters' headings are not under their entries"

# ---- Per-document files keep their own outline; --id-column; --keep-going --------------------------
mkdir ids
quire build one-page.md --data three.csv --id-column name -o 'ids/{{n}}.pdf' --manifest ids.csv 2>"$TMP/stderr" ||
  fail "--id-column name: $(cat "$TMP/stderr")"
ids=$(python3 -c 'import csv, sys; print("|".join(r["id"] for r in csv.DictReader(open(sys.argv[1], newline=""))))' ids.csv)
[[ $ids == 'Joon Rahman|Okafor, Sofia|최서연' ]] ||
  fail "ids from --id-column name: $(cat ids.csv)"
[[ $(outline ids/1.pdf) == $'0\tReceipt\t1' ]] || fail "a letter of its own got an entry: $(outline ids/1.pdf)"
printf 'id,name,day\nC1,Kim,2026-01-01\nC2,Lee,2026-02-31\nC3,Park,2026-03-01\n' >dated.csv
printf '%s\n' '---' 'title: T' '---' '' 'Dear {{name}}, on {{ day | date long }}.' >dated.md
mkdir kept
expect_status 1 quire build dated.md --data dated.csv --keep-going -o 'kept/{{id}}.pdf' --manifest kept.csv
[[ $(cut -d, -f1,2 kept.csv | tr -d '\r' | tr '\n' ' ') == "n,id 1,C1 3,C3 " ]] || fail "--keep-going manifest: $(cat kept.csv)"

# ---- Failures: clear errors, and no manifest (nor output) written ----------------------------------
mkdir stopped
expect_status 1 quire build dated.md --data dated.csv -o stopped/all.pdf --manifest stopped/made.csv
expect_stderr 'dated.csv:3.*record 2'
[[ -z $(ls -A stopped) ]] || fail "a stopped run left: $(ls -A stopped)"
expect_status 1 quire build dated.md --data dated.csv -o 'stopped/{{n}}.pdf' --manifest stopped/made.json
[[ ! -e stopped/made.json && -e stopped/1.pdf ]] || fail "a stopped run with a pattern: $(ls -A stopped)"
rm -f stopped/*
expect_status 2 quire build one-page.md --data three.csv -o stopped/all.pdf --manifest stopped/made.txt
expect_stderr 'must end in .csv or .json'
expect_status 2 quire build one-page.md --data three.csv -o stopped/all.pdf --manifest missing/made.csv
expect_stderr 'missing'
expect_status 2 quire build one-page.md --data three.csv -o stopped/all.pdf --manifest stopped/all.pdf
[[ -z $(ls -A stopped) ]] || fail "a usage error left: $(ls -A stopped)"
printf 'id,name\nE1,Kim\nE2,Lee\nE3,Kim\n' >twice.csv
expect_status 1 quire build one-page.md --data twice.csv -o 'stopped/{{name}}.pdf' --manifest stopped/twice.csv
expect_stderr "twice.csv:4.*record 3: output file 'stopped/Kim.pdf' was already written in this run"
[[ ! -e stopped/twice.csv ]] || fail "a run that would have overwritten a letter left its manifest"
rm -f stopped/*
# Without a manifest too: the second Kim would silently replace the first.
expect_status 1 quire build one-page.md --data twice.csv -o 'stopped/{{name}}.pdf'
expect_stderr "twice.csv:4.*record 3: output file 'stopped/Kim.pdf' was already written in this run"
rm -f stopped/*
expect_status 1 quire build one-page.md --data twice.csv -o 'stopped/{{name}}.pdf' --keep-going
[[ -e stopped/Kim.pdf && -e stopped/Lee.pdf ]] || fail "--keep-going: $(ls -A stopped)"
rm -f stopped/*
quire-parse one-page.md | quire-compose --data three.csv >three.yaml || fail "three.yaml"
expect_status 2 quire-render-pdf three.yaml -o - --manifest made.csv
expect_stderr 'not standard output'
expect_status 1 quire-render-pdf three.yaml -o 'stopped/{{n}}.pdf' --id-column nickname --manifest stopped/m.csv
expect_stderr "three.yaml:[0-9]+:[0-9]+: error: record 1 has no value in the --id-column 'nickname'"
[[ ! -e stopped/m.csv ]] || fail "a failed render left its manifest"
pass
