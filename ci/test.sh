#!/usr/bin/env bash
# Sets everything up on a fresh Debian 12 machine, builds tfclock, and runs
# the whole test suite with ctest: unit and fixture tests, the shared corpus
# (when ../shared/corpus exists), fuzz corpus replays, the Python plugin
# suite and the browser tests. Then the threaded parser under TSan, and the C
# tests again under ASan + UBSan.
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/setup.sh

bash ci/build.sh build
ctest --test-dir build --output-on-failure -j"$(nproc)"

# The parser splits large inputs between two threads: check them for races.
bash ci/build.sh build-tsan -DCMAKE_BUILD_TYPE=Debug -DTFC_SANITIZE=thread
TSAN_OPTIONS=halt_on_error=1 ctest --test-dir build-tsan --output-on-failure -R 'test_parser|test_fixtures|test_generator'

# Memory errors hide in the parsers' edge cases: replay the C tests sanitized.
bash ci/build.sh build-asan -DCMAKE_BUILD_TYPE=Debug -DTFC_SANITIZE=address,undefined
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure -j"$(nproc)" -LE 'python|browser'
