#!/usr/bin/env bash
# CI after the README's test command (.ci/run runs `bash scripts/dev.sh test` first, which
# installs the build packages): the unit tests again under AddressSanitizer + UndefinedBehavior-
# Sanitizer (the 'asan' preset, GCC), then every libFuzzer target replays its corpus and runs
# briefly from it (the 'fuzz' preset, clang 14). POSTINO_FUZZ_SECONDS sets the time per target
# (default 45; two targets run at once).
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

echo "== ASan + UBSan done after ${SECONDS} s. Fuzz targets: corpus replay, then ${POSTINO_FUZZ_SECONDS:-45} s each"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$JOBS"
ctest --preset fuzz -j "$JOBS"
bash scripts/fuzz.sh --seconds "${POSTINO_FUZZ_SECONDS:-45}" --jobs "$JOBS"
echo "== ci-extra.sh done in ${SECONDS} s"
