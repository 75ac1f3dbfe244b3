#!/usr/bin/env bash
# Installs what is missing, builds quire, and renders every example into out/.
# Usage: scripts/demo.sh   (as root or with sudo; from any directory)
# QUIRE_BUILD_DIR chooses another build directory (default: build).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
build=${QUIRE_BUILD_DIR:-build}

bash scripts/bootstrap.sh
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j2

export QUIRE_BIN="$root/$build/tools"
made=()
for script in examples/*/run.sh; do
  name=$(basename "$(dirname "$script")")
  echo "demo: $name" >&2
  made+=("$(bash "$script" "out/$name.pdf" | tail -n 1)")
done

# The donor letter's mailing: its envelopes and address labels from the same data.
echo "demo: donor-letter mailing (envelopes, labels)" >&2
while read -r path; do made+=("$path"); done < <(bash examples/donor-letter/mailing.sh out | tail -n 2)

echo
echo "Made:"
for path in "${made[@]}"; do
  echo "  ${path#"$root"/}"
done
