#!/usr/bin/env bash
# Installs what is missing, builds quire, and renders every example into out/.
# Usage: scripts/demo.sh   (as root or with sudo; from any directory)
# QUIRE_BUILD_DIR chooses another build directory (default: build).
# Prints one line per step and the files it made; the packages' and the compiler's output goes to
# BUILD/demo.log, whose path and last lines are printed when a step fails.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
build=${QUIRE_BUILD_DIR:-build}
mkdir -p "$build"
log=$build/demo.log
: >"$log"

# step WHAT CMD…: runs CMD with its output in the log; on failure, says where the log is and stops.
step() {
  local what=$1
  shift
  printf 'demo: %s … ' "$what"
  echo "=== $what: $*" >>"$log"
  if "$@" >>"$log" 2>&1; then
    echo ok
  else
    echo failed
    tail -n 15 "$log" | sed 's/^/  | /' >&2
    echo "demo: $what failed; the full log is $root/$log" >&2
    exit 1
  fi
}

step "installing missing Debian packages" bash scripts/bootstrap.sh
step "configuring" cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo
step "building (a few minutes the first time)" cmake --build "$build" -j2
warnings=$(grep -c 'warning:' "$log" || true)
((warnings == 0)) || echo "demo: the build printed $warnings compiler warnings (see $root/$log)"

# Each example's script prints the files it made, one per line; its default output is under out/.
rm -rf out/casebook.pdf  # where an older demo put the casebook's two editions, as a directory
export QUIRE_BIN="$root/$build/tools"
made=()
list=$(mktemp)
trap 'rm -f "$list"' EXIT
for script in examples/*/run.sh examples/donor-letter/mailing.sh; do
  name=$(basename "$(dirname "$script")")
  [[ $script == */mailing.sh ]] && name="$name mailing (envelopes, labels)"
  step "rendering $name" bash -c 'bash "$1" >"$2"' demo "$script" "$list"
  cat "$list" >>"$log"
  while read -r path; do made+=("$path"); done <"$list"
done

echo
echo "Made:"
for path in "${made[@]}"; do
  [[ -f $path ]] || { echo "demo: $path was announced but not made" >&2; exit 1; }
  printf '  %-40s %s\n' "${path#"$root"/}" "$(pdfinfo "$path" 2>/dev/null | awk '/^Pages:/ {print $2 " pages"}')"
done
