#!/usr/bin/env bash
# Builds one libFuzzer target (clang, ASan + UBSan) into build-fuzz/ and runs it.
# Usage: scripts/fuzz.sh TARGET SECONDS [LIBFUZZER_ARGS…]
#   TARGET: markdown, yaml, render, template, csv, json, text, manpage, bibtex, csl_style, pdf_figure,
#   svg_figure (fuzz/fuzz_TARGET.cpp)
# The corpus lives in build-fuzz/corpus/TARGET (seeded from examples/ and fuzz/seeds/); crashes, leaks and timeouts are written to build-fuzz/artifacts/TARGET/ and the run exits
# non-zero. The last lines of the log (build-fuzz/TARGET.log) give the executions and coverage (cov:).
# QUIRE_FUZZ_BUILD_DIR chooses another build directory; runs under `nice -n 19`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
target=${1:?usage: scripts/fuzz.sh TARGET SECONDS}
seconds=${2:?usage: scripts/fuzz.sh TARGET SECONDS}
shift 2
build=${QUIRE_FUZZ_BUILD_DIR:-build-fuzz}
[[ -f fuzz/fuzz_$target.cpp ]] || { echo "fuzz.sh: no target '$target' (fuzz/fuzz_*.cpp)" >&2; exit 2; }
command -v clang++ >/dev/null || { echo "fuzz.sh: needs clang (apt-get install clang)" >&2; exit 2; }

launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
if [[ ! -f $build/CMakeCache.txt ]]; then
  CC=clang CXX=clang++ cmake -S . -B "$build" -DQUIRE_FUZZ=ON -DQUIRE_BUILD_TESTS=OFF \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}" >/dev/null
fi
nice -n 19 cmake --build "$build" -j2 --target "fuzz_$target" >/dev/null

corpus=$build/corpus/$target
artifacts=$build/artifacts/$target
mkdir -p "$corpus" "$artifacts"
seed() { cp -n "$@" "$corpus/" 2>/dev/null || true; }
n=0
for f in examples/*/*.md fuzz/seeds/markdown/*; do
  [[ -f $f ]] || continue
  case $target in
    markdown | render) cp -n "$f" "$corpus/seed-md-$((n++))" ;;
    template) { echo '{name: Kim, amount: 12, a: {b: [1, 2]}}'; cat "$f"; } >"$corpus/seed-tpl-$((n++))" ;;
  esac
done
[[ $target == render ]] && seed fuzz/seeds/yaml/*
[[ $target == manpage ]] && seed docs/man/*.md
[[ -d fuzz/seeds/$target ]] && seed fuzz/seeds/"$target"/*

log=$build/$target.log
# Fontconfig keeps its configuration until exit: not a leak of quire's (tests/sanitize.supp).
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$root/tests/sanitize.supp:print_suppressions=0}
status=0
nice -n 19 "$build/fuzz/fuzz_$target" "$corpus" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -max_len=65536 -print_final_stats=1 -artifact_prefix="$artifacts/" "$@" >"$log" 2>&1 || status=$?
grep -E '^#[0-9]+[[:space:]]+(DONE|pulse)|Done [0-9]+ runs|stat::number_of_executed_units|ERROR|SUMMARY' "$log" | tail -4
if ((status != 0)); then
  echo "fuzz.sh: $target found a problem (exit $status): see $log and $artifacts/" >&2
fi
exit "$status"
