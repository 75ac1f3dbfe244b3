#!/usr/bin/env bash
# The progress line of a long run: on a terminal (a pty made by script(1)) a mail merge of 1,000
# letters shows "N/1000 records", redrawn in place with "\r" and cleared to the end of the line, and
# erased at the end (the last thing written to the terminal is the erase, not a stale line) and before
# any diagnostic. Never on a pipe, never with CI set, never with --quiet; the PDF is the same bytes
# either way.
source "$(dirname "$0")/lib.sh"
command -v script >/dev/null || fail "script(1) (util-linux) is needed"
DIR="$EXAMPLES/donor-letter"
export SOURCE_DATE_EPOCH=1700000000
unset CI

# run_on_tty CMD: runs CMD with standard error on a pseudo-terminal; what the terminal got is in $TMP/tty.
run_on_tty() {
  script -qec "$1" /dev/null >"$TMP/tty" 2>&1 </dev/null
}

cd "$DIR" || fail "no $DIR"
build="quire build merge-letter.md --data donors.csv"

# ---- A terminal: the line appears, with the total and a rate, and is erased at the end ------------
run_on_tty "$build -o $TMP/tty.pdf 2>/dev/tty >/dev/null" || fail "the merge failed on a terminal: $(tail -c 300 "$TMP/tty")"
grep -aq $'\r''quire: [0-9]*/1000 records' "$TMP/tty" || fail "no progress line on the terminal: $(head -c 300 "$TMP/tty" | od -c | head)"
grep -aq 'records/s' "$TMP/tty" || fail "the progress line has no rate"
grep -aq 'ETA ' "$TMP/tty" || fail "the progress line has no ETA"
grep -aq $'\033\\[K' "$TMP/tty" || fail "the progress line does not clear to the end of the line"
# The last bytes on the terminal erase the line ("\r" + clear-to-end; script may add "\r\n" after).
tail -c 12 "$TMP/tty" | tr -d '\n' | grep -aq $'\r\033\\[K\r*$' || fail "the progress line is not erased at the end: $(tail -c 80 "$TMP/tty" | od -c)"

# ---- Diagnostics never mix with it: a record that fails late in a --keep-going run is reported after
# the line is erased, on a line of its own ---------------------------------------------------------
python3 - "$DIR/donors.csv" "$TMP/bad.csv" <<'EOF' || fail "cannot write bad.csv"
# Record 900's gift date is no date: the letter's {{ gift_date | date long }} fails on it.
import csv, io, sys
rows = list(csv.reader(io.StringIO(open(sys.argv[1], encoding="utf-8").read())))
rows[900][4] = "soon"
out = io.StringIO()
csv.writer(out, lineterminator="\n").writerows(rows)
open(sys.argv[2], "w", encoding="utf-8").write(out.getvalue())
EOF
run_on_tty "NO_COLOR=1 quire build merge-letter.md --data $TMP/bad.csv --keep-going -o $TMP/bad.pdf 2>/dev/tty >/dev/null"
grep -aq 'records/s' "$TMP/tty" || fail "no progress line before the failure"
# Every diagnostic line starts at the beginning of a cleared line: right after "\r\033[K" or a newline.
python3 - "$TMP/tty" <<'EOF' || fail "a diagnostic is mixed with the progress line (above)"
import re, sys
data = open(sys.argv[1], "rb").read().decode("utf-8", "replace")
hits = [m.start() for m in re.finditer(r"/[^\s\x1b]*bad\.csv:\d+(:\d+)?: (error|warning)", data)]
if not hits:
    sys.exit("no diagnostic for record 900: " + data[-400:])
for at in hits:
    before = data[max(0, at - 4):at]
    if not (before.endswith("\n") or before.endswith("\r\033[K") or at == 0):
        sys.exit("diagnostic at %d follows %r" % (at, data[max(0, at - 60):at + 40]))
EOF

# ---- A pipe, CI, --quiet: nothing but what the run has to say -------------------------------------
$build -o "$TMP/pipe.pdf" 2>"$TMP/pipe.err" || fail "the merge failed: $(head -c 300 "$TMP/pipe.err")"
[[ ! -s $TMP/pipe.err ]] || fail "progress (or something) on a pipe: $(head -c 200 "$TMP/pipe.err" | od -c | head -3)"
run_on_tty "CI=true $build -o $TMP/ci.pdf 2>/dev/tty >/dev/null" || fail "the merge failed under CI"
! grep -aq 'records' "$TMP/tty" || fail "progress shown with CI set"
run_on_tty "$build --quiet -o $TMP/quiet.pdf 2>/dev/tty >/dev/null" || fail "the merge failed with --quiet"
! grep -aq 'records' "$TMP/tty" || fail "progress shown with --quiet"

# The line changes nothing in the output.
cmp -s "$TMP/tty.pdf" "$TMP/pipe.pdf" || fail "the PDF made on a terminal differs from the one made on a pipe"
cmp -s "$TMP/quiet.pdf" "$TMP/pipe.pdf" || fail "the PDF made with --quiet differs"

# ---- Other tools: quire-compose --data counts records, quire-render-pdf documents ----------------
run_on_tty "quire-parse merge-letter.md | quire-compose --data donors.csv 2>/dev/tty | quire-render-pdf -o $TMP/docs.pdf 2>/dev/tty"
grep -aq 'quire-compose: [0-9]*/1000 records' "$TMP/tty" || fail "quire-compose shows no progress: $(head -c 300 "$TMP/tty")"
grep -aq 'quire-render-pdf: [0-9]* documents' "$TMP/tty" || fail "quire-render-pdf shows no progress: $(head -c 300 "$TMP/tty")"
cmp -s "$TMP/docs.pdf" "$TMP/pipe.pdf" || fail "the pipe's PDF differs from quire build's"
pass
