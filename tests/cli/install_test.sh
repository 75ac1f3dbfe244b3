#!/usr/bin/env bash
# `cmake --install build --prefix DIR` installs the tools into DIR/bin, the libraries and headers beside them,
# and the installed tools run on their own.
source "$(dirname "$0")/lib.sh"
build_dir=$(dirname "$QUIRE_BIN")
cmake --install "$build_dir" --prefix "$TMP/prefix" >"$TMP/install.log" 2>&1 || fail "install: $(tail -5 "$TMP/install.log")"
for tool in quire quire-parse quire-validate quire-compose quire-render-pdf; do
  [[ -x $TMP/prefix/bin/$tool ]] || fail "$tool not installed"
done
[[ -f $TMP/prefix/include/quire/model/document.hpp ]] || fail "headers not installed"
ls "$TMP"/prefix/lib*/libquire_model.a >/dev/null 2>&1 || fail "libraries not installed"
for page in man1/quire.1 man1/quire-build.1 man1/quire-parse.1 man1/quire-validate.1 man1/quire-compose.1 \
  man1/quire-render-pdf.1 man5/quire-format.5; do
  [[ -f $TMP/prefix/share/man/$page ]] || fail "man page $page not installed"
done
MANPATH="$TMP/prefix/share/man" man -w quire-render-pdf >/dev/null 2>&1 || fail "man does not find quire-render-pdf"
for tool in quire quire-parse quire-validate quire-compose quire-render-pdf; do
  [[ -f $TMP/prefix/share/bash-completion/completions/$tool ]] || fail "bash completion for $tool not installed"
  [[ -f $TMP/prefix/share/zsh/site-functions/_$tool ]] || fail "zsh completion for $tool not installed"
done
printf '# Installed\n\nIt works.\n' >"$TMP/a.md"
env PATH="/usr/bin:/bin" "$TMP/prefix/bin/quire" build "$TMP/a.md" -o "$TMP/a.pdf" || fail "installed quire build"
pdf_text "$TMP/a.pdf" | grep -q "It works." || fail "installed tools made a wrong PDF"

# A program against the installed library: with find_package(quire) (one stage's targets, and
# quire::quire), and with pkg-config.
consumer="$QUIRE_SOURCE_DIR/tests/cli/consumer"
# Libraries built with the sanitizers (scripts/test.sh's second pass) need their runtimes in the program.
# (Not `ldd | grep -q`: grep may quit first and ldd die of SIGPIPE under pipefail.)
sanitize=()
libraries=$(ldd "$TMP/prefix/bin/quire" 2>/dev/null)
if [[ $libraries == *libasan* || $libraries == *libubsan* ]]; then sanitize=(-fsanitize=address,undefined); fi
cmake -S "$consumer" -B "$TMP/consumer" -DCMAKE_PREFIX_PATH="$TMP/prefix" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_CXX_FLAGS="${sanitize[*]}" >"$TMP/consumer.log" 2>&1 || fail "find_package(quire): $(tail -20 "$TMP/consumer.log")"
cmake --build "$TMP/consumer" -j2 >>"$TMP/consumer.log" 2>&1 || fail "consumer build: $(tail -20 "$TMP/consumer.log")"
for program in hello hello_all; do
  "$TMP/consumer/$program" "$TMP/$program.pdf" || fail "the CMake consumer $program failed"
  check_pdf "$TMP/$program.pdf"
  pdf_text "$TMP/$program.pdf" | grep -q "Made by a program linked with quire." || fail "$program wrote a wrong PDF"
done
pc_dir=$(dirname "$(ls "$TMP"/prefix/lib*/pkgconfig/quire.pc "$TMP"/prefix/lib/*/pkgconfig/quire.pc 2>/dev/null | head -1)")
[[ -f $pc_dir/quire.pc ]] || fail "quire.pc not installed"
export PKG_CONFIG_PATH="$pc_dir"
pkg-config --exists quire || fail "pkg-config does not find quire"
[[ $(pkg-config --modversion quire) == "$("$TMP/prefix/bin/quire" --version | grep -oE '[0-9]+\.[0-9]+\.[0-9]+')" ]] ||
  fail "quire.pc's version is not the tools'"
# No -std here: quire.pc says what its headers need.
# shellcheck disable=SC2046 # pkg-config's flags are words
g++ "${sanitize[@]}" -o "$TMP/hello_pc" "$consumer/hello.cpp" $(pkg-config --cflags --libs quire) 2>"$TMP/pc.log" ||
  fail "building with pkg-config: $(tail -20 "$TMP/pc.log")"
"$TMP/hello_pc" "$TMP/hello_pc.pdf" || fail "the pkg-config consumer failed"
check_pdf "$TMP/hello_pc.pdf"
pdf_text "$TMP/hello_pc.pdf" | grep -q "Made by a program linked with quire." || fail "the pkg-config consumer wrote a wrong PDF"
pass
