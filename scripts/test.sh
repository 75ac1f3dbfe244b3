#!/usr/bin/env bash
# Installs what is missing, builds quire with its tests, and runs the whole test suite twice: as built
# (build/), then built with AddressSanitizer + UndefinedBehaviorSanitizer (build-asan/).
# Usage: scripts/test.sh [--quick | --sanitize]   (as root or with sudo; from any directory)
#   --quick     the plain suite only (what you run while working)
#   --sanitize  the sanitizer suite only
# Exits non-zero when any test fails. QUIRE_BUILD_DIR chooses the plain build's directory (default: build),
# QUIRE_ASAN_BUILD_DIR the sanitizer build's (default: build-asan). Any sanitizer report fails the test
# that triggered it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

plain=1 sanitized=1
case ${1:-} in
  '') ;;
  --quick) sanitized=0 ;;
  --sanitize) plain=0 ;;
  *) echo "usage: scripts/test.sh [--quick | --sanitize]" >&2; exit 2 ;;
esac

# suite DIR SANITIZE: configures, builds and tests one build directory.
suite() {
  local build=$1 sanitize=$2
  echo "== $build (sanitizers: $sanitize)" >&2
  # (called after ||, where set -e does not stop a failing step: hence the &&)
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DQUIRE_BUILD_TESTS=ON -DQUIRE_SANITIZE="$sanitize" >/dev/null &&
    cmake --build "$build" -j2 &&
    ctest --test-dir "$build" --output-on-failure -j2
}

bash scripts/bootstrap.sh

status=0
if ((plain)); then
  suite "${QUIRE_BUILD_DIR:-build}" OFF || status=$?
fi
if ((sanitized)); then
  # halt_on_error: a report is a failure, not a warning lost in the log. Fontconfig and FreeType keep
  # caches for the life of the process: leaks at exit are not quire's (tests/sanitize.supp).
  export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=1:abort_on_error=0}
  export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$root/tests/sanitize.supp:print_suppressions=0}
  export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
  suite "${QUIRE_ASAN_BUILD_DIR:-build-asan}" ON || status=$?
fi
exit "$status"
