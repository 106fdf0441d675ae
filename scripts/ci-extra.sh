#!/usr/bin/env bash
# CI after the README's test command (.ci/run runs `bash scripts/dev.sh test` first, which
# installs the build packages): the unit tests again under AddressSanitizer + UndefinedBehavior-
# Sanitizer (the 'asan' preset, GCC), then every libFuzzer target replays its corpus and runs
# briefly from it (the 'fuzz' preset, clang 14): a fixed number of inputs from a fixed seed, so
# the same tree always gives the same result. POSTINO_FUZZ_SECONDS=N fuzzes N s per target with
# fresh seeds instead (two targets run at once).
set -euo pipefail
cd "$(dirname "$0")/.."

# clang++ 14, its libFuzzer and sanitizer runtimes, and llvm-symbolizer for readable reports.
SANITIZER_PACKAGES=(clang libclang-rt-14-dev llvm-14)
# shellcheck source=install_missing.sh
source scripts/install_missing.sh
install_missing "${SANITIZER_PACKAGES[@]}"
[ -x /usr/bin/llvm-symbolizer-14 ] && export ASAN_SYMBOLIZER_PATH=/usr/bin/llvm-symbolizer-14
JOBS=$(nproc)

echo "== Unit tests under ASan + UBSan"
cmake --preset asan >/dev/null
cmake --build --preset asan -j "$JOBS"
ctest --preset asan -j "$JOBS"

echo "== ASan + UBSan done after ${SECONDS} s. Fuzz targets: corpus replay, then a short run each"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$JOBS"
ctest --preset fuzz -j "$JOBS"
if [ -n "${POSTINO_FUZZ_SECONDS:-}" ]; then
  bash scripts/fuzz.sh --seconds "$POSTINO_FUZZ_SECONDS" --jobs "$JOBS"
else
  bash scripts/fuzz.sh --fixed --jobs "$JOBS"
fi
echo "== ci-extra.sh done in ${SECONDS} s"
