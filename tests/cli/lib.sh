# Helpers for tests/cli/*.sh: sourced, never run alone.
set -uo pipefail
: "${QUIRE_BIN:?set QUIRE_BIN to the tools directory of the build}"
: "${QUIRE_SOURCE_DIR:?}"
export PATH="$QUIRE_BIN:$PATH"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
EXAMPLES="$QUIRE_SOURCE_DIR/examples"

fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok"; exit 0; }

# expect_status N CMD…: runs CMD (stderr to $TMP/stderr) and fails unless it exits N.
expect_status() {
  local want=$1; shift
  "$@" >"$TMP/stdout" 2>"$TMP/stderr"
  local got=$?
  [[ $got == "$want" ]] || fail "'$*' exited $got, expected $want; stderr: $(head -c 600 "$TMP/stderr")"
}

# expect_stderr REGEX: the last expect_status's stderr matches REGEX.
expect_stderr() {
  grep -Eq -- "$1" "$TMP/stderr" || fail "stderr does not match '$1': $(head -c 600 "$TMP/stderr")"
}

# check_pdf FILE: a valid PDF with every font embedded.
check_pdf() {
  qpdf --check "$1" >"$TMP/qpdf.log" 2>&1 || fail "qpdf --check $1: $(tail -3 "$TMP/qpdf.log")"
  local fonts
  fonts=$(pdffonts "$1" 2>/dev/null | tail -n +3)
  [[ -n $fonts ]] || fail "$1 has no fonts"
  awk '{ if ($(NF-4) != "yes") bad=1 } END { exit bad }' <<<"$fonts" || fail "$1 has a font that is not embedded: $fonts"
}

# pdf_text FILE: the text of a PDF, whitespace folded to single spaces.
pdf_text() { pdftotext -enc UTF-8 "$1" - 2>/dev/null | tr -s ' \n\f' '  '; }

# pdf_pages FILE: the page count.
pdf_pages() { pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ {print $2}'; }
