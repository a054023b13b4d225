#!/usr/bin/env bash
# Regenerate the locks requirements/runtime.txt, test.txt and build.txt from
# pyproject.toml (after adding, removing or upgrading a dependency):
#
#     bash scripts/lock.sh              # keep today's pins where pyproject allows
#     bash scripts/lock.sh --upgrade    # newest versions pyproject allows
#
# Each lock is universal (one file for Windows, Linux x86_64/aarch64 and Python 3.11+,
# with environment markers) and pins every package with the hashes of all its files on
# PyPI. test.txt and build.txt are resolved with runtime.txt as constraints, so the
# shared packages have the same pin in all three. Uses uv (pinned below) from a
# throw-away venv under build/; it asks plain PyPI, whatever pip.conf says. pip itself
# (sqlite-utils depends on it) is left out: the venv's own pip satisfies it, and pip
# replacing itself in the middle of an install breaks that install.
set -euo pipefail

UV_VERSION=0.13.8
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/build/lock-tools"
PY="${PYTHON:-python3}"

if [ ! -x "$TOOLS/bin/uv" ] || [ "$("$TOOLS/bin/uv" --version | cut -d' ' -f2)" != "$UV_VERSION" ]; then
    rm -rf "$TOOLS"
    "$PY" -m venv "$TOOLS"
    "$TOOLS/bin/python" -m pip install -q --disable-pip-version-check "uv==$UV_VERSION"
fi

cd "$ROOT/requirements"
compile() {
    # compile OUT [uv options...]
    local out="$1"
    shift
    printf '==> requirements/%s\n' "$out"
    "$TOOLS/bin/uv" pip compile ../pyproject.toml setup.in --universal --python-version 3.11 \
        --generate-hashes --no-header --index-url https://pypi.org/simple --quiet \
        --no-emit-package pip "$@" -o "$out"
}
compile runtime.txt "$@"
compile test.txt --extra test -c runtime.txt "$@"
compile build.txt --extra build -c runtime.txt "$@"
printf '==> done; commit requirements/*.txt with the pyproject.toml change\n'
