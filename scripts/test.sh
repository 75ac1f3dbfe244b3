#!/usr/bin/env bash
# Installs what is missing, builds quire with its tests, and runs the whole test suite.
# Usage: scripts/test.sh [--sanitize]   (as root or with sudo; from any directory). Exits with ctest's status.
# QUIRE_BUILD_DIR chooses another build directory (default: build).
# --sanitize builds with AddressSanitizer + UndefinedBehaviorSanitizer into build-asan (QUIRE_SANITIZE=ON)
# and runs the same suite there; any sanitizer report fails the test that triggered it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
build=${QUIRE_BUILD_DIR:-build}
sanitize=OFF
if [[ ${1:-} == --sanitize ]]; then
  sanitize=ON
  build=${QUIRE_BUILD_DIR:-build-asan}
  # halt_on_error: a report is a failure, not a warning lost in the log. Fontconfig and FreeType keep
  # caches for the life of the process: leaks at exit are not quire's (tests/sanitize.supp).
  export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=1:abort_on_error=0}
  export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$root/tests/sanitize.supp:print_suppressions=0}
  export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
fi

bash scripts/bootstrap.sh
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DQUIRE_BUILD_TESTS=ON -DQUIRE_SANITIZE=$sanitize >/dev/null
cmake --build "$build" -j2

status=0
ctest --test-dir "$build" --output-on-failure -j2 || status=$?
exit "$status"
