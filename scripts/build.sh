#!/usr/bin/env bash
# Build the one-folder bundle dist/qingfeng/ with PyInstaller (build.spec) and smoke-test
# it (scripts/smoke.py: a copy of the bundle in a "USB stick" folder, run offscreen with
# an emptied environment: --version, seed-demo, stats, print-notice, check, self-test,
# diagnostics, the window, portable mode). Installs requirements/build.txt (PyInstaller,
# pinned) into .venv first. `scripts/build.sh --no-smoke` only builds.
set -euo pipefail

# strip (build.spec strips the libraries on Linux) and objdump for PyInstaller.
QF_EXTRA_APT=(binutils)
# shellcheck source=scripts/_common.sh
source "$(dirname "${BASH_SOURCE[0]}")/_common.sh"

smoke=1
[ "${1:-}" = "--no-smoke" ] && smoke=0

started=$SECONDS
qf_setup build
cd "$QF_ROOT"
export QT_QPA_PLATFORM=offscreen

qf_say "pyinstaller build.spec"
t0=$SECONDS
"$QF_PY" -m PyInstaller build.spec --noconfirm --log-level WARN
BUNDLE="$QF_ROOT/dist/qingfeng"
EXE="$BUNDLE/qingfeng"
[ -x "$EXE" ] || {
    qf_warn "no executable at $EXE"
    exit 1
}
qf_say "built in $((SECONDS - t0))s: $(du -sh "$BUNDLE" | cut -f1) in $BUNDLE" \
    "($(find "$BUNDLE" -type f | wc -l) files)"

if [ "$smoke" -eq 0 ]; then
    exit 0
fi

# -- smoke test (scripts/smoke.py, shared with build.ps1) --------------------------------
"$QF_PY" scripts/smoke.py "$BUNDLE" --window-seconds "${QF_WINDOW_SECONDS:-12}"
qf_say "build and smoke test passed in $((SECONDS - started))s"
