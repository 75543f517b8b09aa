#!/usr/bin/env bash
# Runs the Python suite (tfclock package + Nebari plugin against the stand-in):
# a venv in the build folder, the project pip-installed offline into it, pytest.
#   tests/python/run.sh SOURCE_DIR BUILD_DIR [pytest args...]
# Fails (never skips) when pytest, pluggy or typer is missing.
set -euo pipefail
src=$(cd "${1:?source dir}" && pwd)
build=$(mkdir -p "${2:?build dir}" && cd "$2" && pwd)
shift 2
py=/usr/bin/python3

if ! "$py" -c 'import pytest, pluggy, typer' 2>/dev/null; then
  echo "tests/python/run.sh: $py lacks pytest, pluggy or typer;" \
       "ci/setup.sh installs python3-pytest python3-pluggy python3-typer" >&2
  exit 1
fi

venv=$build/venv
rm -rf "$venv"
"$py" -m venv --system-site-packages "$venv"
# Objects of the extension go to the build folder, not the source tree.
TFCLOCK_PY_BUILD_DIR=$build/setuptools \
  "$venv/bin/pip" install --no-index --no-build-isolation --quiet --disable-pip-version-check "$src"

cd "$build"
exec "$venv/bin/python" -m pytest "$src/tests/python" -q -p no:cacheprovider \
  --rootdir "$src/tests/python" "$@"
