#!/usr/bin/env bash
# Installs every Debian 12 package that building, testing and benchmarking
# tfclock needs. Idempotent; run as root (or with sudo available).
set -euo pipefail

packages=(
  build-essential cmake pkg-config clang
  libpcre2-dev libjansson-dev libarchive-dev libcmocka-dev
  python3-dev python3-venv python3-pip python3-setuptools python3-pytest python3-pluggy python3-typer
  chromium
  zip unzip xz-utils bzip2 zstd gzip tar
  time
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

# Node.js may come from another packaging that bundles npm; only ask Debian for it when absent.
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)

if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "ci/setup.sh: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
