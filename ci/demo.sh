#!/usr/bin/env bash
# Sets everything up on a fresh Debian 12 machine, builds tfclock and profiles
# the bundled sample deploy (eight Nebari-shaped stages, Helm releases, a
# replace and a failure).
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/setup.sh
bash ci/build.sh build
exec ./build/tfclock report fixtures/sample-deploy-failed "$@"
