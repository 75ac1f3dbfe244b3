#!/usr/bin/env bash
# The shell completions the build makes (build/completions): bash's, loaded as bash-completion would,
# complete option names, choices, template names and files of the right type for every tool and
# quire's subcommands (`quire parse …` through quire-parse's own); zsh's parse (zsh -n).
source "$(dirname "$0")/lib.sh"
completions=$(dirname "$QUIRE_BIN")/completions
for tool in quire quire-parse quire-validate quire-compose quire-render-pdf; do
  [[ -f $completions/bash/$tool ]] || fail "no bash completion for $tool"
  [[ -f $completions/zsh/_$tool ]] || fail "no zsh completion for $tool"
  bash -n "$completions/bash/$tool" || fail "bash cannot read the completion for $tool"
done

mkdir -p "$TMP/work/chapters"
touch "$TMP/work/"{a.md,b.yaml,c.pdf,d.csv,e.json,notes.txt}
cd "$TMP/work" || fail "cd"

# complete WORD…: loads the completion for the first word, completes the last word, and prints
# COMPREPLY sorted on one line.
complete_line() {
  (
    set +u
    source "$completions/bash/$1"
    COMP_WORDS=("$@")
    COMP_CWORD=$(($# - 1))
    COMPREPLY=()
    fn=_${1//-/_}
    "$fn"
    printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ' | sed 's/ $//'
  )
}
# expect WANT WORD…: the completion of WORD… is WANT.
expect() {
  local want=$1 got
  shift
  got=$(complete_line "$@")
  [[ $got == "$want" ]] || fail "completing '$*': got '$got', want '$want'"
}

expect "--output" quire-parse --ou
expect "a.md chapters" quire-parse ""
expect "b.yaml chapters" quire-parse -o ""
expect "c.pdf chapters" quire-render-pdf -o ""
expect "c.pdf chapters" quire-render-pdf --output = ""
expect "layout pdf" quire-render-pdf --emit ""
expect "b.yaml chapters" quire-render-pdf ""
expect "chapters d.csv e.json" quire-render-pdf --manifest ""
expect "chapters" quire-render-pdf --root ""
expect "b.yaml casebook chapters envelope labels letter report" quire-compose --template ""
expect "b.yaml chapters d.csv e.json" quire-compose --data ""
expect "csv json tsv yaml yml" quire-compose --data-format ""
expect "--join" quire-compose --jo
expect "build compose join parse render-pdf validate watch" quire ""
expect "--help --version" quire --
expect "--template" quire build --te
expect "letter" quire build a.md --template le
expect "a.md chapters" quire build ""
expect "c.pdf chapters" quire build a.md -o ""
# quire NAME … completes as quire-NAME, from its script beside quire's.
expect "a.md chapters" quire parse ""
expect "layout" quire render-pdf --emit l
expect "--schema" quire-validate --sch  # not the hidden --schema-test-suite

if command -v zsh >/dev/null; then
  for tool in quire quire-parse quire-validate quire-compose quire-render-pdf; do
    zsh -n "$completions/zsh/_$tool" || fail "zsh cannot read the completion for $tool"
    head -1 "$completions/zsh/_$tool" | grep -qx "#compdef $tool" || fail "_$tool has no #compdef line"
  done
  grep -q "(casebook envelope labels letter report)" "$completions/zsh/_quire-compose" ||
    fail "zsh completes no template names"
  grep -q '_files -g "\*.pdf"' "$completions/zsh/_quire-render-pdf" || fail "zsh completes no PDF files for -o"
else
  echo "zsh not installed: its completions are not checked" >&2
fi
pass
