# shellcheck shell=bash
# Shared set-up for scripts/start.sh and scripts/test.sh. Source it; don't run it.
#
# qf_setup EXTRA   makes sure that
#   - on Debian/Ubuntu as root, the system libraries Qt needs (plus the packages
#     listed in QF_EXTRA_APT) are installed, asking apt only when one is missing;
#   - .venv exists in the repository root;
#   - the locked requirements (requirements/runtime.txt, test.txt or build.txt, pinned
#     with hashes; scripts/lock.sh makes them) and the project, editable, are installed
#     into it, offline from wheelhouse/ when that folder holds wheels, skipping pip while
#     pyproject.toml and the locks are unchanged since the last install.
# Afterwards QF_ROOT is the repository root and QF_PY the venv's python.

QF_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
QF_VENV="$QF_ROOT/.venv"
QF_PY="$QF_VENV/bin/python"

export LANG="${LANG:-C.UTF-8}"
export PIP_DISABLE_PIP_VERSION_CHECK=1
export PYTHONUTF8=1

# Shared libraries that PySide6's xcb and offscreen platform plugins and the Qt
# libraries they load need (checked with ldd on the wheel's .so files), and a CJK font.
QF_QT_APT=(
    libgl1 libegl1 libglib2.0-0 libfontconfig1 libfreetype6 libdbus-1-3
    libgssapi-krb5-2 libxkbcommon0 libxkbcommon-x11-0 libx11-6 libx11-xcb1
    libxcb1 libxcb-cursor0 libxcb-glx0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
    libxcb-randr0 libxcb-render0 libxcb-render-util0 libxcb-shape0 libxcb-shm0
    libxcb-sync1 libxcb-util1 libxcb-xfixes0 libxcb-xinerama0 libxcb-xkb1
    fonts-wqy-microhei
)
QF_EXTRA_APT=("${QF_EXTRA_APT[@]+"${QF_EXTRA_APT[@]}"}")

qf_say() { printf '==> %s\n' "$*"; }
qf_warn() { printf '!!  %s\n' "$*" >&2; }

qf_is_debian() { [ -f /etc/debian_version ] && command -v apt-get >/dev/null && command -v dpkg-query >/dev/null; }
qf_is_root() { [ "$(id -u)" -eq 0 ]; }

qf_pkg_installed() {
    # Ubuntu 24.04 renamed some libraries with a t64 suffix (libglib2.0-0t64).
    local p
    for p in "$1" "${1}t64"; do
        if dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed'; then
            return 0
        fi
    done
    return 1
}

QF_APT_UPDATED=0
qf_apt_install() {
    # Installs the given Debian packages; callers pass only missing ones.
    if [ "$QF_APT_UPDATED" -eq 0 ]; then
        qf_say "apt-get update"
        DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=120 update -qq
        QF_APT_UPDATED=1
    fi
    qf_say "apt-get install $*"
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=120 install -y -qq \
        --no-install-recommends "$@" >/dev/null
}

qf_system_packages() {
    local wanted=("${QF_QT_APT[@]}" "${QF_EXTRA_APT[@]+"${QF_EXTRA_APT[@]}"}")
    if ! qf_is_debian; then
        case "$(uname -s)" in
            Linux)
                qf_warn "不是 Debian/Ubuntu：请自行安装 Qt 6 (xcb) 所需的系统库和中文字体，例如：" \
                    "${wanted[*]}"
                ;;
        esac
        return 0
    fi
    local missing=() p
    for p in "${wanted[@]}"; do
        qf_pkg_installed "$p" || missing+=("$p")
    done
    [ "${#missing[@]}" -eq 0 ] && return 0
    if qf_is_root; then
        qf_apt_install "${missing[@]}"
    else
        qf_warn "缺少系统软件包（不是 root，跳过安装）。请执行："
        qf_warn "  sudo apt-get install ${missing[*]}"
    fi
}

qf_find_python() {
    # Prints a python >= 3.11 to build the venv with; $PYTHON overrides.
    local c
    for c in "${PYTHON:-}" python3 python3.13 python3.12 python3.11; do
        [ -n "$c" ] || continue
        command -v "$c" >/dev/null 2>&1 || continue
        if "$c" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            printf '%s\n' "$c"
            return 0
        fi
    done
    return 1
}

qf_make_venv() {
    if [ -x "$QF_PY" ] && "$QF_PY" -c 'import pip' >/dev/null 2>&1; then
        return 0
    fi
    if [ -x "$QF_PY" ]; then
        # A venv without pip: usually one made while python3-venv was missing.
        qf_say "repairing $QF_VENV (no pip in it)"
        "$QF_PY" -m ensurepip --upgrade >/dev/null 2>&1 && return 0
        qf_warn "$QF_VENV 中没有 pip，且无法修复。请删除 .venv 后重试。"
        return 1
    fi
    local py
    if ! py="$(qf_find_python)"; then
        qf_warn "需要 Python 3.11 或更新版本（找不到）。可用 PYTHON=/path/to/python3.11 指定。"
        return 1
    fi
    qf_say "creating $QF_VENV with $py ($("$py" -c 'import sys; print(sys.version.split()[0])'))"
    if "$py" -m venv "$QF_VENV"; then
        return 0
    fi
    rm -rf "$QF_VENV" # our own half-made venv
    if qf_is_debian && qf_is_root; then
        local ver
        ver="$("$py" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
        qf_apt_install "python${ver}-venv" || qf_apt_install python3-venv || true
        "$py" -m venv "$QF_VENV" && return 0
        rm -rf "$QF_VENV"
    fi
    qf_warn "无法创建虚拟环境。Debian/Ubuntu 上请先执行：sudo apt-get install python3-venv"
    return 1
}

qf_hash() { "$QF_PY" -c 'import hashlib, sys; print(hashlib.sha256(b"".join(open(p, "rb").read() for p in sys.argv[1:])).hexdigest())' "$@"; }

qf_wheelhouse() {
    # Prints the wheel folder to install from offline, if there is one: $QF_WHEELHOUSE,
    # else wheelhouse/ in the repository root (scripts/wheelhouse.sh fills it).
    local wh="${QF_WHEELHOUSE:-$QF_ROOT/wheelhouse}"
    if [ -d "$wh" ] && compgen -G "$wh/*.whl" >/dev/null; then
        printf '%s\n' "$wh"
    fi
}

qf_install_project() {
    # $1: the lock set ("" for the plain app, "test" or "build"): the pinned, hashed
    # requirements/<set>.txt, then the project itself, editable and without dependencies.
    local extra="$1" lock stamp hash wh
    lock="$QF_ROOT/requirements/${extra:-runtime}.txt"
    hash="$(qf_hash "$QF_ROOT/pyproject.toml" "$QF_ROOT"/requirements/*.txt)"
    stamp="$QF_VENV/.qingfeng-installed-${extra:-base}"
    # The [test] install includes everything the plain one does.
    local s
    for s in "$stamp" "$QF_VENV/.qingfeng-installed-test"; do
        if [ -f "$s" ] && [ "$(cat "$s")" = "$hash" ]; then
            return 0
        fi
        [ -n "$extra" ] && break
    done
    local pip=("$QF_PY" -m pip install --progress-bar off -q)
    wh="$(qf_wheelhouse)"
    if [ -n "$wh" ]; then
        qf_say "pip install -r requirements/${extra:-runtime}.txt (offline, from $wh)"
        pip+=(--no-index --find-links "$wh")
    else
        qf_say "pip install -r requirements/${extra:-runtime}.txt (first run downloads Qt; this takes a few minutes)"
    fi
    "${pip[@]}" --require-hashes -r "$lock"
    (cd "$QF_ROOT" && "${pip[@]}" --no-deps --no-build-isolation -e .)
    printf '%s\n' "$hash" >"$stamp"
}

qf_setup() {
    qf_system_packages
    qf_make_venv
    qf_install_project "${1:-}"
}
