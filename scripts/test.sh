#!/usr/bin/env bash
# Run every check: ruff lint, ruff format, mypy, import contracts, pytest (offscreen Qt).
# Sets up .venv with the [test] extra on first use; extra arguments go to pytest,
# e.g. `scripts/test.sh -k entry -x`. Tests marked slow are left out (pyproject.toml's
# addopts); `scripts/test.sh -m ""` runs them too, as .ci/run does.
set -euo pipefail

QF_EXTRA_APT=(poppler-utils)
# shellcheck source=scripts/_common.sh
source "$(dirname "${BASH_SOURCE[0]}")/_common.sh"

started=$SECONDS
qf_setup test
cd "$QF_ROOT"
export QT_QPA_PLATFORM=offscreen

stage() {
    # stage "N/M title" command...
    local title="$1" t0=$SECONDS rc=0
    shift
    printf '\n==================== %s ====================\n' "$title"
    "$@" || rc=$?
    if [ "$rc" -ne 0 ]; then
        printf '\n!! FAILED: %s (exit %d)\n' "$title" "$rc" >&2
        exit "$rc"
    fi
    printf -- '-- %s: ok (%ds)\n' "$title" "$((SECONDS - t0))"
}

stage "1/5 ruff check" "$QF_VENV/bin/ruff" check .
stage "2/5 ruff format --check" "$QF_VENV/bin/ruff" format --check .
stage "3/5 mypy" "$QF_PY" -m mypy
stage "4/5 lint-imports" "$QF_VENV/bin/lint-imports" --no-cache  # [tool.importlinter] in pyproject.toml
# every core (pytest-xdist; worksteal: a worker that runs dry takes tests queued for the
# other, so the long ones do not leave one worker busy at the end); a demo office is
# still seeded once per run, by whichever
# worker needs it first (`made_once`, tests/once.py). `-n 0`: one process.
# Bytecode is written (an environment may say PYTHONDONTWRITEBYTECODE): otherwise every
# worker, and every child `python -m desktop` a test starts, compiles the program and
# pytest rewrites the test modules again, run after run (~5 s of CPU a process).
unset PYTHONDONTWRITEBYTECODE
stage "5/5 pytest" "$QF_PY" -m pytest -n auto --dist worksteal "$@"

printf '\n==> all checks passed in %ds\n' "$((SECONDS - started))"
