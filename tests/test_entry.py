"""The start-up path: `python -m desktop` without a display, and the main window."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop import APP_NAME

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="display check is Linux-only")
def test_no_display_prints_one_line_and_exits_2(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    proc = subprocess.run(
        [sys.executable, "-m", "desktop", "--data-dir", str(tmp_path / "data")],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert "xvfb-run" in lines[0]
    assert "DISPLAY" in lines[0]


def test_subcommand_and_help_go_to_cli(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import desktop.__main__ as entry
    from desktop import cli

    monkeypatch.chdir(tmp_path)  # "D" below: its logs/ goes here

    seen: list[list[str]] = []

    def fake_cli(argv: list[str]) -> int:
        seen.append(argv)
        return 7

    monkeypatch.setattr(cli, "main", fake_cli)
    assert entry.main(["seed-demo", "--data-dir", "D"]) == 7
    assert entry.main(["--help"]) == 7
    assert entry.main(["--data-dir", "D", "seed-demo"]) == 7
    assert seen == [
        ["seed-demo", "--data-dir", "D"],
        ["--help"],
        ["--data-dir", "D", "seed-demo"],
    ]


def test_main_window_title_offscreen(qtbot: QtBot, data_dir: Path) -> None:
    from desktop.store import Store
    from desktop.ui.app import MainWindow, configure_application_identity

    configure_application_identity()
    store = Store.open(data_dir)
    try:
        window = MainWindow(store)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        assert window.windowTitle() == APP_NAME == "清风台账"
        assert str(data_dir) in window.statusBar().currentMessage()
        window.work.cancel_all()
        qtbot.waitUntil(lambda: not window.work.busy, timeout=5000)
    finally:
        store.close()
