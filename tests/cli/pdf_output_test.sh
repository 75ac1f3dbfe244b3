#!/usr/bin/env bash
# PDF output end to end through `quire build` and quire-render-pdf: byte-reproducible output, truly
# subset fonts with extractable Korean, and confidential (AES-256) output with its flags and errors.
source "$(dirname "$0")/lib.sh"
letter=$EXAMPLES/donor-letter/letter.md

# Reproducible: the same input and SOURCE_DATE_EPOCH give the same bytes, with an /ID from the content.
SOURCE_DATE_EPOCH=1780358400 expect_status 0 quire build "$letter" -o "$TMP/a.pdf"
SOURCE_DATE_EPOCH=1780358400 expect_status 0 quire build "$letter" -o "$TMP/b.pdf"
cmp -s "$TMP/a.pdf" "$TMP/b.pdf" || fail "two builds of the letter differ"
grep -aq '/ID \[<' "$TMP/a.pdf" || fail "no /ID in the letter"
SOURCE_DATE_EPOCH=1780358401 expect_status 0 quire build "$letter" -o "$TMP/c.pdf"
cmp -s "$TMP/a.pdf" "$TMP/c.pdf" && fail "a different date gives the same bytes"

# Subset fonts: the one-page Latin + Hangul letter is small, every font embedded, the Korean extracts,
# and poppler finds nothing wrong with the ToUnicode maps.
check_pdf "$TMP/a.pdf"
size=$(stat -c %s "$TMP/a.pdf")
((size < 60000)) || fail "the one-page letter is $size bytes (fonts not subset?)"
fonts=$(pdffonts "$TMP/a.pdf")
grep -q "+NanumMyeongjo " <<<"$fonts" || fail "no NanumMyeongjo subset: $fonts"
text=$(pdf_text "$TMP/a.pdf")
for phrase in "등불인권센터" "함께해 주셔서 진심으로" "Dear friends and supporters"; do
  grep -qF -- "$phrase" <<<"$text" || fail "'$phrase' missing from the letter's text"
done
pdftotext "$TMP/a.pdf" /dev/null 2>"$TMP/poppler.err"
# Compressed once: every stream (text, logo and signature with their masks, fonts, ToUnicode maps)
# is one deflate stream of what it holds.
check_deflated_once "$TMP/a.pdf" >/dev/null
[[ ! -s $TMP/poppler.err ]] || fail "poppler complains: $(head -3 "$TMP/poppler.err")"

# The report: bookmarks for its headings, and internal links (contents, footnotes) that all resolve;
# every bookmark's place is also the target of a link (its contents entry), and the reader opens the
# outline panel.
bash "$EXAMPLES/report/run.sh" "$TMP/report.pdf" >"$TMP/report.log" 2>&1 || fail "report: $(tail -3 "$TMP/report.log")"
grep -q "warning" "$TMP/report.log" && fail "report warnings: $(grep warning "$TMP/report.log" | head -3)"
# Reproducible with images, tables and links too (the example sets its own date).
bash "$EXAMPLES/report/run.sh" "$TMP/report-2.pdf" >/dev/null 2>&1 || fail "report, second run"
cmp -s "$TMP/report.pdf" "$TMP/report-2.pdf" || fail "two runs of the report differ"
qpdf --json --json-key=pages --json-key=qpdf --json-key=outlines "$TMP/report.pdf" >"$TMP/report.json" ||
  fail "qpdf --json on the report"
summary=$(python3 - "$TMP/report.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
objects = j["qpdf"][1]
value = lambda ref: objects["obj:" + ref]["value"]
pages = [p["object"] for p in j["pages"]]
links = set()
for page in pages:
    for ref in value(page).get("/Annots", []):
        a = value(ref)
        if "/Dest" in a:
            d = a["/Dest"]
            d = value(d) if isinstance(d, str) else d
            links.add((pages.index(d[0]) + 1, round(d[3])))
marks = []
def walk(items):
    for o in items:
        marks.append((o["destpageposfrom1"], round(o["dest"][3]), o["title"]))
        walk(o["kids"])
walk(j["outlines"])
# Every heading's bookmark is also where a contents entry links to; the lists of figures and tables
# have bookmarks but no entry in the contents.
lists = ("List of Figures", "List of Tables")
unlinked = [m[2] for m in marks if (m[0], m[1]) not in links and m[2] not in lists]
print(len(marks), len(links), len(unlinked), unlinked[:3])
PY
)
read -r bookmarks targets unlinked rest <<<"$summary"
((bookmarks >= 20)) || fail "the report has $bookmarks bookmarks"
((targets > bookmarks)) || fail "the report's links reach only $targets places for $bookmarks bookmarks"
((unlinked == 0)) || fail "bookmarks no link points at: $rest"
qpdf --qdf --object-streams=disable "$TMP/report.pdf" "$TMP/report.qdf" || fail "qpdf --qdf"
grep -aq "/PageMode /UseOutlines" "$TMP/report.qdf" || fail "the outline panel does not open"
check_deflated_once "$TMP/report.pdf" >/dev/null

# Confidential: AES-256 (R6), the user password opens it, permissions as asked; no password in the file.
expect_status 0 quire build "$letter" -o "$TMP/secret.pdf" --user-password 'open sesame' --owner-password 'b0ss pw' \
  --no-copy --no-print
qpdf --show-encryption --password='open sesame' "$TMP/secret.pdf" >"$TMP/enc" 2>&1 || fail "qpdf: $(cat "$TMP/enc")"
grep -q "^R = 6" "$TMP/enc" || fail "not R6: $(cat "$TMP/enc")"
grep -q "stream encryption method: AESv3" "$TMP/enc" || fail "not AES-256: $(cat "$TMP/enc")"
grep -q "extract for any purpose: not allowed" "$TMP/enc" || fail "copying allowed: $(cat "$TMP/enc")"
grep -q "print high resolution: not allowed" "$TMP/enc" || fail "printing allowed: $(cat "$TMP/enc")"
grep -q "modify other: allowed" "$TMP/enc" || fail "modifying withheld: $(cat "$TMP/enc")"
pdftotext "$TMP/secret.pdf" - >/dev/null 2>&1 && fail "the encrypted letter opens without a password"
secret_text=$(pdftotext -upw 'open sesame' "$TMP/secret.pdf" - 2>/dev/null)
grep -qF "등불인권센터" <<<"$secret_text" || fail "the user password does not open the letter"
grep -aqF "open sesame" "$TMP/secret.pdf" && fail "the password is in the file"
qpdf --check --password='open sesame' "$TMP/secret.pdf" >/dev/null 2>&1 || fail "qpdf --check fails on the encrypted letter"
check_deflated_once "$TMP/secret.pdf" 'open sesame' >/dev/null

# Passwords from a file (line 1 user, line 2 owner) or the environment, never on the command line;
# and through quire-render-pdf as well as quire build.
printf 'from a file\nowner from a file\n' >"$TMP/pw"
expect_status 0 quire build "$letter" -o "$TMP/file.pdf" --password-file "$TMP/pw" --no-modify
pdftotext -upw 'from a file' "$TMP/file.pdf" /dev/null 2>/dev/null || fail "--password-file: user password refused"
qpdf --show-encryption --password='owner from a file' "$TMP/file.pdf" >"$TMP/enc" 2>&1
grep -q "modify other: not allowed" "$TMP/enc" || fail "--no-modify not applied: $(cat "$TMP/enc")"
QUIRE_USER_PASSWORD='from env' expect_status 0 quire build "$letter" -o "$TMP/env.pdf"
pdftotext -upw 'from env' "$TMP/env.pdf" /dev/null 2>/dev/null || fail "QUIRE_USER_PASSWORD not used"
quire-parse "$letter" | quire-render-pdf --owner-password owner --no-print -o "$TMP/render.pdf" 2>"$TMP/err" ||
  fail "quire-render-pdf --owner-password: $(cat "$TMP/err")"
pdftotext "$TMP/render.pdf" /dev/null 2>/dev/null || fail "an owner password alone should not be needed to open"
qpdf --show-encryption "$TMP/render.pdf" >"$TMP/enc" 2>&1
grep -q "print low resolution: not allowed" "$TMP/enc" || fail "quire-render-pdf --no-print not applied: $(cat "$TMP/enc")"

# Layout as text ignores the passwords.
expect_status 0 quire build "$letter" -o "$TMP/layout.txt" --emit layout --user-password 'x'

# Mistakes are usage errors (exit 2) that never echo a password, and no file is written.
expect_status 2 quire build "$letter" -o "$TMP/bad.pdf" --user-password 'hunter2' --no-print
expect_stderr "need an owner password"
grep -q hunter2 "$TMP/stderr" && fail "the password is in the error message"
[[ ! -e $TMP/bad.pdf ]] || fail "a file was written despite the error"
expect_status 2 quire build "$letter" -o "$TMP/bad.pdf" --password-file "$TMP/no-such-file"
expect_stderr "cannot read password file"
expect_status 2 quire build "$letter" -o "$TMP/bad.pdf" --password-file "$TMP/pw" --user-password 'hunter2'
expect_stderr "not both"
grep -q hunter2 "$TMP/stderr" && fail "the password is in the error message"
pass
