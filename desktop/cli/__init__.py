"""Headless commands: the same core as the window, without one.

    python -m desktop seed-demo --data-dir D [--scale N]
    python -m desktop stats --data-dir D --from 2026-01-01 --to 2026-12-31 [--unit U] [--json]
    python -m desktop check --data-dir D
    python -m desktop print-notice KIND --record ID [--person ID] --out FILE.pdf [--issue]
        [--correction] [--date YYYY-MM-DD] [--data-dir D]
    python -m desktop reprint --document ID --out FILE.pdf [--data-dir D]

One module per command group (demo, stats, check, notices, search, ledgers, summary,
backup, diagnostics, encryption), each with a `register(sub, common)`; common.py holds
what they share, parser.py wires them and runs one (`desktop.cli.main`).
"""

from __future__ import annotations

from desktop.cli.parser import build_parser, main

__all__ = ["build_parser", "main"]
