#!/usr/bin/env bash
# Fill wheelhouse/ with every wheel the locks need, for installing on a machine without
# network: copy the repository with its wheelhouse/ folder, then scripts/start.sh and
# scripts/test.sh install from it (pip --no-index --find-links wheelhouse).
#
#     bash scripts/wheelhouse.sh                                  # this machine, test+build
#     bash scripts/wheelhouse.sh --platform win_amd64 --python 3.12
#     bash scripts/wheelhouse.sh --platform manylinux_aarch64 --set runtime --out /media/usb/wh
#
# Platforms: win_amd64, manylinux_x86_64, manylinux_aarch64; --python is the target's
# Python (default: the one running this); --set runtime|test|build (repeatable).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="${PYTHON:-}"
if [ -z "$PY" ]; then
    if [ -x "$ROOT/.venv/bin/python" ]; then PY="$ROOT/.venv/bin/python"; else PY=python3; fi
fi
exec "$PY" "$ROOT/scripts/wheelhouse.py" "$@"
