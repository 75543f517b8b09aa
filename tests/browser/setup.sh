#!/usr/bin/env bash
# setup.sh — makes the browser tests runnable: checks node, npm and Chromium
# (installed by ci/setup.sh) and installs the npm packages of package-lock.json
# into tests/browser/node_modules (from npm's cache when it has them). Exits
# non-zero, failing the tests, when something cannot be had.
set -euo pipefail
cd "$(dirname "$0")"

for tool in node npm; do
  command -v "$tool" >/dev/null 2>&1 || { echo "setup.sh: $tool is missing (run ci/setup.sh)" >&2; exit 1; }
done
chromium="${TFC_CHROMIUM:-/usr/bin/chromium}"
[ -x "$chromium" ] || { echo "setup.sh: $chromium is missing (run ci/setup.sh)" >&2; exit 1; }

# Several build dirs may run this at once: one npm at a time.
exec 9>"${TMPDIR:-/tmp}/tfclock-browser-setup-$(id -u).lock"
flock 9

# Installed already for this lock file?
stamp=node_modules/.tfclock-lock
if [ -f "$stamp" ] && cmp -s package-lock.json "$stamp"; then
  exit 0
fi
# Playwright must never download browsers: the tests use the system Chromium.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
rm -f "$stamp"
npm ci --prefer-offline --no-audit --no-fund --loglevel=error
cp package-lock.json "$stamp"
