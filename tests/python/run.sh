#!/usr/bin/env bash
# Runs the Python suite (tfclock package + Nebari plugin against the stand-in):
# a venv in the build folder, the project pip-installed offline into it, pytest.
#   tests/python/run.sh SOURCE_DIR BUILD_DIR [pytest args...]
# Fails (never skips) when pytest, pluggy or typer is missing. With TFC_SANITIZE
# (e.g. address,undefined) the extension is built sanitized and the runtime preloaded.
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

preload=""
if [ -n "${TFC_SANITIZE:-}" ]; then
  export CFLAGS="-fsanitize=$TFC_SANITIZE -fno-omit-frame-pointer" LDFLAGS="-fsanitize=$TFC_SANITIZE"
  case $TFC_SANITIZE in *address*) preload=$(gcc -print-file-name=libasan.so) ;; esac
  case $TFC_SANITIZE in *undefined*) preload="$preload $(gcc -print-file-name=libubsan.so)" ;; esac
  # CPython is not instrumented: its own allocations would read as leaks.
  export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
  export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
  build=$build/sanitized
fi

venv=$build/venv
rm -rf "$venv"
"$py" -m venv --system-site-packages "$venv"
# Objects of the extension go to the build folder, not the source tree.
TFCLOCK_PY_BUILD_DIR=$build/setuptools \
  "$venv/bin/pip" install --no-index --no-build-isolation --quiet --disable-pip-version-check "$src"

cd "$build"
LD_PRELOAD=${preload# } exec "$venv/bin/python" -m pytest "$src/tests/python" -q -p no:cacheprovider \
  --rootdir "$src/tests/python" "$@"
