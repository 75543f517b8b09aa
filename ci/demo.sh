#!/usr/bin/env bash
# Sets everything up on a fresh Debian 12 machine, builds tfclock and profiles
# the bundled sample deploy (eight Nebari-shaped stages, Helm releases, a
# replace and a failure). Extra arguments go to `tfclock report`
# (e.g. --format html -o timeline.html).
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/setup.sh
log=$(mktemp)
trap 'rm -f "$log"' EXIT
echo "Building tfclock…" >&2
if ! { cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo && cmake --build build -j"$(nproc)" --target tfclock; } >"$log" 2>&1; then
  cat "$log" >&2
  exit 1
fi
./build/tfclock report fixtures/sample-deploy-failed "$@"
