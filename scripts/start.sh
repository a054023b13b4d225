#!/usr/bin/env bash
# Start 清风台账. Sets up .venv on first use; arguments go to `python -m desktop`,
# e.g. `scripts/start.sh --data-dir D` or `scripts/start.sh seed-demo --data-dir D`.
set -euo pipefail

# shellcheck source=scripts/_common.sh
source "$(dirname "${BASH_SOURCE[0]}")/_common.sh"

qf_setup "" >&2
cd "$QF_ROOT"
exec "$QF_PY" -m desktop "$@"
