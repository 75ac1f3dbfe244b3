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
pass
