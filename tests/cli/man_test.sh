#!/usr/bin/env bash
# The man pages the build makes (build/man, docs/man/README.md): every page renders without a groff
# warning (also through man -l), has the sections a page needs, and lists every option its tool's
# --help lists; an option added to a tool appears without editing the page's source.
source "$(dirname "$0")/lib.sh"
man_dir=$(dirname "$QUIRE_BIN")/man
pages=(quire.1 quire-build.1 quire-join.1 quire-watch.1 quire-parse.1 quire-validate.1 quire-compose.1 quire-render-pdf.1 quire-format.5)

for page in "${pages[@]}"; do
  [[ -f $man_dir/$page ]] || fail "$page was not built"
  warnings=$(groff -man -ww -z "$man_dir/$page" 2>&1)
  [[ -z $warnings ]] || fail "groff warns about $page: $warnings"
  warnings=$(MANWIDTH=80 man --warnings=w -l "$man_dir/$page" 2>&1 >"$TMP/$page.txt")
  [[ -z $warnings ]] || fail "man -l warns about $page: $warnings"
  for section in NAME DESCRIPTION 'EXIT STATUS' ENVIRONMENT FILES EXAMPLES 'SEE ALSO'; do
    grep -q "^$section\$" "$TMP/$page.txt" || fail "$page has no $section section"
  done
  for variable in SOURCE_DATE_EPOCH NO_COLOR QUIRE_USER_PASSWORD QUIRE_OWNER_PASSWORD; do
    grep -q "$variable" "$TMP/$page.txt" || fail "$page does not mention $variable"
  done
done

# option_names HELP: every option name in a --help text (-o, --output, …), one a line.
option_names() { grep -oE -- '(^|[ ,])--?[A-Za-z][A-Za-z-]*' <<<"$1" | sed 's/^[ ,]*//' | sort -u; }

# check_options PAGE HELP: PAGE has SYNOPSIS and OPTIONS and lists every option of HELP.
check_options() {
  local page=$1 help=$2 name
  for section in SYNOPSIS OPTIONS; do
    grep -q "^$section\$" "$TMP/$page.txt" || fail "$page has no $section section"
  done
  local count=0
  while read -r name; do
    grep -qF -- "$name" "$TMP/$page.txt" || fail "$page does not list $name"
    count=$((count + 1))
  done < <(option_names "$help")
  ((count >= 2)) || fail "found only $count options in the --help of $page"
}
for tool in quire-parse quire-validate quire-compose quire-render-pdf quire; do
  check_options "$tool.1" "$("$QUIRE_BIN/$tool" --help)"
done
check_options quire-build.1 "$("$QUIRE_BIN/quire" build --help)"
check_options quire-join.1 "$("$QUIRE_BIN/quire" join --help)"
check_options quire-watch.1 "$("$QUIRE_BIN/quire" watch --help)"
# Spot checks of what the generator takes from CLI11: choices, defaults, variables, required.
grep -q -- '--emit pdf|layout' "$TMP/quire-render-pdf.1.txt" || fail "render-pdf's --emit shows no choices"
grep -q 'environment: QUIRE_USER_PASSWORD' "$TMP/quire-render-pdf.1.txt" || fail "no environment variable on --user-password"
grep -q 'default: 50' "$TMP/quire-validate.1.txt" || fail "--max-errors shows no default"
grep -Eq 'quire build \[OPTION\]\.\.\. FILE\.\.\.' "$TMP/quire-build.1.txt" || fail "quire build's synopsis: $(grep -A2 SYNOPSIS "$TMP/quire-build.1.txt")"
grep -q 'render-pdf' "$TMP/quire.1.txt" || fail "quire(1) lists no commands"
grep -q 'quire: 1' "$TMP/quire-format.5.txt" || fail "quire-format(5) has no example"
# No hidden option leaks into a page.
grep -q 'schema-test-suite' "$TMP/quire-validate.1.txt" && fail "a hidden option is in quire-validate(1)"

# The request itself: a page source without its header line is an error at line 1.
printf 'no header\n' >"$TMP/bad.1.md"
expect_status 1 quire-parse --generate man "$TMP/bad.1.md" "$TMP/bad.1"
expect_stderr 'bad\.1\.md:1:1: error: a man page starts with'
[[ ! -e $TMP/bad.1 ]] || fail "a failed --generate left a file"
expect_status 2 quire-parse --generate man
pass
