#!/usr/bin/env bash
# Installs what is missing, builds quire with its tests, and runs the whole test suite.
# Usage: scripts/test.sh   (as root or with sudo; from any directory). Exits with ctest's status.
# QUIRE_BUILD_DIR chooses another build directory (default: build).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
build=${QUIRE_BUILD_DIR:-build}

bash scripts/bootstrap.sh
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DQUIRE_BUILD_TESTS=ON >/dev/null
cmake --build "$build" -j2

status=0
ctest --test-dir "$build" --output-on-failure -j2 || status=$?
exit "$status"
