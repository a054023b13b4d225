#!/usr/bin/env bash
# Build the one-folder bundle dist/qingfeng/ with PyInstaller (build.spec) and smoke-test
# it offscreen against a temporary data dir: seed-demo, stats --json, print-notice,
# check, self-test, the window, and a portable-mode run. The smoke test runs a copy of the bundle
# in a temporary folder (as if copied from a USB stick) with an emptied environment:
# no venv, no source tree, no PATH. Installs the [build] extra (PyInstaller, pinned)
# into .venv first. `scripts/build.sh --no-smoke` only builds.
set -euo pipefail

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

# -- smoke test ------------------------------------------------------------------------
work="$(mktemp -d)"
cleanup() {
    if [ -n "${gui_pid:-}" ]; then
        kill "$gui_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT
# A copy on the "stick": a folder name with Chinese and a space, nothing of the build
# machine reachable through the environment.
STICK="$work/U盘 备份/qingfeng"
mkdir -p "$(dirname "$STICK")" "$work/home"
chmod 700 "$work/home" # also XDG_RUNTIME_DIR, which Qt wants private
cp -a "$BUNDLE" "$STICK"
EXE="$STICK/qingfeng"
data="$work/data"
# Keep the bundle away from the real user's data: platformdirs follows XDG on Linux.
export XDG_DATA_HOME="$work/xdg-data" XDG_CONFIG_HOME="$work/xdg-config"
CLEAN_ENV=(env -i "HOME=$work/home" "LANG=C.UTF-8" "QT_QPA_PLATFORM=offscreen"
    "XDG_DATA_HOME=$XDG_DATA_HOME" "XDG_CONFIG_HOME=$XDG_CONFIG_HOME"
    "XDG_RUNTIME_DIR=$work/home")
cd "$work"

fail() {
    qf_warn "smoke test FAILED: $*"
    exit 1
}

run() {
    # run NAME args...: the bundled program, stdout to $work/NAME.out; must exit 0.
    local name="$1" rc=0
    shift
    qf_say "smoke: qingfeng $*"
    "${CLEAN_ENV[@]}" "$EXE" "$@" >"$work/$name.out" 2>"$work/$name.err" || rc=$?
    if [ "$rc" -ne 0 ]; then
        cat "$work/$name.out" "$work/$name.err" >&2
        fail "qingfeng $1 exited $rc"
    fi
}

run seed seed-demo --data-dir "$data"
grep -q "已写入演示数据" "$work/seed.out" || fail "seed-demo printed: $(head -1 "$work/seed.out")"

run stats stats --json --data-dir "$data" --from 2000-01-01 --to 2099-12-31
"$QF_PY" - "$work/stats.out" <<'PY' || fail "stats --json"
import json, sys
data = json.load(open(sys.argv[1], encoding="utf-8"))
figures = {key: fig["value"] for key, fig in data["figures"].items()}
for key in ("clues_received", "talks", "inspections", "problems_found"):
    assert figures[key] > 0, (key, figures)
assert data["paragraph"], "no summary paragraph"
print(f"    stats: {sum(1 for v in figures.values() if v)} non-zero figures, "
      f"clues_received={figures['clues_received']} talks={figures['talks']}")
PY

# The demo issues a notice for most rectification items: preview one that has none, or
# else issue a correction (a new number) for the first one.
read -r record how1 how2 < <("$QF_PY" -c '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
row = db.execute("SELECT min(id) FROM rectifications WHERE notice_document_id IS NULL").fetchone()
if row[0] is not None:
    print(row[0], "--date=2026-01-05", "--date=2026-01-05")
else:
    rid, date = db.execute(
        "SELECT id, notice_date FROM rectifications ORDER BY id LIMIT 1").fetchone()
    print(rid, "--correction", f"--date={date}")
' "$data/qingfeng.sqlite3")
[ "$record" != "None" ] || fail "the demo has no rectification"
run notice print-notice 整改通知书 --record "$record" "$how1" "$how2" --out "$work/x.pdf" --data-dir "$data"
grep -q "整改通知书" "$work/notice.out" || fail "print-notice printed: $(head -1 "$work/notice.out")"
"$QF_PY" - "$work/x.pdf" <<'PY' || fail "print-notice PDF"
import re, sys
data = open(sys.argv[1], "rb").read()
assert data.startswith(b"%PDF-"), data[:8]
try:
    from pypdf import PdfReader
    pages = len(PdfReader(sys.argv[1]).pages)
except ImportError:  # the [test] extra is not installed: count page objects
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
assert pages >= 1, pages
print(f"    print-notice: {len(data)} bytes, {pages} page(s)")
PY

run check check --data-dir "$data"
grep -q "检查通过" "$work/check.out" || fail "check printed: $(tail -1 "$work/check.out")"

# Qt platform, screen font, the QtPdf preview of a notice, print support and the forms,
# as they are in the bundle (what the clerk's IT person runs after copying it).
run selftest self-test
grep -q "自检通过" "$work/selftest.out" || fail "self-test printed: $(cat "$work/selftest.out")"

# The window, offscreen, on the demo data: it must come up (Qt, its platform, print
# support and PDF plugins, the .ui forms, the fonts) and keep running until stopped.
qf_say "smoke: qingfeng --data-dir ... (the window, ${QF_WINDOW_SECONDS:=12} s)"
"${CLEAN_ENV[@]}" "$EXE" --data-dir "$data" >"$work/window.out" 2>"$work/window.err" &
gui_pid=$!
for _ in $(seq "$QF_WINDOW_SECONDS"); do
    sleep 1
    if ! kill -0 "$gui_pid" 2>/dev/null; then
        rc=0
        wait "$gui_pid" || rc=$?
        cat "$work/window.out" "$work/window.err" >&2
        fail "the window exited by itself (status $rc)"
    fi
done
kill "$gui_pid"
wait "$gui_pid" 2>/dev/null || true
gui_pid=
# The offscreen platform's only remark; anything else (a traceback, a missing plugin,
# a Qt warning) fails the smoke test.
if grep -v "does not support propagateSizeHints" "$work/window.err" | grep -q .; then
    cat "$work/window.err" >&2
    fail "the window wrote to stderr"
fi

# Portable mode: a marker file beside the executable puts the data in <bundle>/data.
printf '便携模式\n' >"$STICK/portable.txt"
run portable seed-demo
[ -f "$STICK/data/qingfeng.sqlite3" ] || fail "portable mode: no $STICK/data/qingfeng.sqlite3"
[ ! -e "$XDG_DATA_HOME/qingfeng" ] || fail "portable mode wrote to $XDG_DATA_HOME/qingfeng"
rm -r "$STICK/portable.txt" "$STICK/data"
# ... and so does --portable, without the marker.
run portable-flag seed-demo --portable
[ -f "$STICK/data/qingfeng.sqlite3" ] || fail "--portable: no $STICK/data/qingfeng.sqlite3"
run portable-check check --portable
grep -q "检查通过" "$work/portable-check.out" || fail "check --portable"
[ ! -e "$XDG_DATA_HOME/qingfeng" ] || fail "--portable wrote to $XDG_DATA_HOME/qingfeng"
# Without either, the data goes to the per-user folder (platformdirs).
run user seed-demo
[ -f "$XDG_DATA_HOME/qingfeng/qingfeng.sqlite3" ] || fail "no data in $XDG_DATA_HOME/qingfeng"
qf_say "smoke: portable mode keeps the data beside the program, otherwise in the user's folder"

qf_say "build and smoke test passed in $((SECONDS - started))s"
