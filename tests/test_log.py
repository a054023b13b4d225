"""The log under D/logs/: what the window and every command write, the error hooks, the
crash dialog, and that no reporter data and no passphrase reach it."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

import desktop.__main__ as entry
from desktop import log
from desktop.version import version

PASSPHRASE = "Qf-口令-7391-不可外泄"


@pytest.fixture
def passed_on() -> list[object]:
    """What the log's hooks hand on to the hooks before them (here: pytest's, which would
    fail the test on seeing an error)."""
    return []


@pytest.fixture
def session(tmp_path: Path, passed_on: list[object]) -> Iterator[log.LogSession]:
    hooks = (sys.excepthook, threading.excepthook)
    started = log.start(tmp_path / "data", command="test", version="9.9.9")
    assert started is not None
    started.previous_excepthook = lambda *exc: passed_on.append(exc)
    started.previous_threading_hook = passed_on.append
    yield started
    started.stop()
    sys.excepthook, threading.excepthook = hooks


def log_text(data_dir: Path) -> str:
    return "".join(
        p.read_text(encoding="utf-8") for p in sorted((data_dir / "logs").glob("*")) if p.is_file()
    )


def test_start_writes_version_data_dir_and_removes_its_hooks(tmp_path: Path) -> None:
    before = (sys.excepthook, threading.excepthook, len(logging.getLogger().handlers))
    session = log.start(tmp_path / "data", command="check", version="9.9.9")
    assert session is not None
    assert sys.excepthook == session.excepthook
    assert threading.excepthook == session.threading_hook
    assert log.current_file() == tmp_path / "data" / "logs" / "qingfeng.log"
    session.stop()
    assert (sys.excepthook, threading.excepthook, len(logging.getLogger().handlers)) == before
    text = (tmp_path / "data" / "logs" / "qingfeng.log").read_text(encoding="utf-8")
    assert "start check: version 9.9.9" in text
    assert str(tmp_path / "data") in text


def test_the_file_rotates_at_a_megabyte_and_old_files_go_after_a_week(tmp_path: Path) -> None:
    folder = tmp_path / "data" / "logs"
    folder.mkdir(parents=True)
    old = folder / "qingfeng.log.3"
    old.write_text("old", encoding="utf-8")
    week_ago = time.time() - 8 * 86400
    os.utime(old, (week_ago, week_ago))
    recent = folder / "qingfeng.log.1"
    recent.write_text("recent", encoding="utf-8")
    session = log.start(tmp_path / "data", command="x", version="1")
    assert session is not None
    try:
        assert not old.exists() and recent.exists()
        handler = session.handler
        assert isinstance(handler, log.RotatingLog)
        assert (handler.max_bytes, handler.backups) == (log.MAX_BYTES, log.BACKUP_COUNT)
        assert handler.max_bytes * (handler.backups + 1) <= 5_000_000
        handler.max_bytes = 300  # a megabyte's worth, quicker
        for n in range(60):
            log.log.info("line %d %s", n, "清风" * 20)
        names = sorted(p.name for p in folder.glob("qingfeng.log*"))
        assert names == [f"qingfeng.log{s}" for s in ("", ".1", ".2", ".3", ".4")]
        assert (folder / "qingfeng.log.1").stat().st_size < 300 + 200  # one line past
        newest = (folder / "qingfeng.log").read_text(encoding="utf-8")
        assert "line 59" in newest and "line 59" not in (folder / "qingfeng.log.1").read_text(
            encoding="utf-8"
        )
        assert "line 0 " not in "".join(
            p.read_text(encoding="utf-8") for p in folder.glob("qingfeng.log*")
        )  # the oldest lines went with the fifth file
        assert log.current_file() == folder / "qingfeng.log"
    finally:
        session.stop()


def test_a_read_only_or_missing_data_dir_means_no_log_and_no_folder(tmp_path: Path) -> None:
    assert log.start(tmp_path / "absent", command="check", version="1", create=False) is None
    assert not (tmp_path / "absent").exists()
    blocked = tmp_path / "file"
    blocked.write_text("", encoding="utf-8")  # a file where the data dir should be
    assert log.start(blocked, command="x", version="1") is None


def test_unhandled_errors_go_to_the_log_with_their_traceback(
    session: log.LogSession, tmp_path: Path, passed_on: list[object]
) -> None:
    def broken() -> None:
        raise ValueError("坏了")

    try:
        broken()
    except ValueError:
        session.excepthook(*sys.exc_info())  # type: ignore[arg-type]
    worker = threading.Thread(target=broken, name="worker-7")
    worker.start()
    worker.join()
    text = log_text(tmp_path / "data")
    assert "CRITICAL" in text and "unhandled error" in text
    assert 'in broken\n    raise ValueError("坏了")' in text
    assert "unhandled error in thread worker-7" in text
    assert len(passed_on) == 2  # and then to the hooks before (printing the traceback)


def test_slow_operations_are_logged_as_slow(session: log.LogSession, tmp_path: Path) -> None:
    with log.timed("quick"):
        pass
    with log.timed("export", slow=0.0):
        pass
    text = log_text(tmp_path / "data")
    assert "INFO" in text and "quick took" in text
    assert "WARNING" in text and "slow: export took" in text


def test_the_passphrase_is_blanked_in_messages_and_tracebacks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(log.PASSPHRASE_ENV, PASSPHRASE)
    session = log.start(tmp_path / "data", command="backup", version="1")
    assert session is not None
    try:
        logging.getLogger("desktop.test").warning("tried %s", PASSPHRASE)
        try:
            raise RuntimeError(f"wrong {PASSPHRASE}")
        except RuntimeError:
            logging.getLogger("desktop.test").exception("failed")
    finally:
        session.stop()
    text = log_text(tmp_path / "data")
    assert PASSPHRASE not in text
    assert text.count(log.MASK) >= 2


def test_a_hard_crash_leaves_its_stack_in_crash_log(tmp_path: Path, repo_root: Path) -> None:
    code = (
        "import sys, faulthandler; from pathlib import Path; from desktop import log\n"
        "log.start(Path(sys.argv[1]), command='crash', version='1')\n"
        "faulthandler._sigsegv()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "data")],
        cwd=repo_root,
        capture_output=True,
        timeout=60,
    )
    assert done.returncode != 0
    crash = (tmp_path / "data" / "logs" / "crash.log").read_text(encoding="utf-8")
    assert "Fatal Python error" in crash and "Current thread" in crash


# -- what the commands write -------------------------------------------------------------


def reporter_strings(data_dir: Path) -> list[str]:
    """Every reporter name and contact in the demo office's clues."""
    import sqlite3

    conn = sqlite3.connect(data_dir / "qingfeng.sqlite3")
    try:
        rows = conn.execute(
            "SELECT reporter_name, reporter_contact FROM clues "
            "WHERE reporter_name <> '' OR reporter_contact <> ''"
        ).fetchall()
    finally:
        conn.close()
    found = sorted({v for row in rows for v in row if v and len(v) >= 2})
    assert len(found) > 10, found
    return found


@pytest.mark.slow  # over 20 s in --durations: seeds the demo office, then five commands
def test_commands_log_start_and_end_and_nothing_sensitive(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    monkeypatch.setenv(log.PASSPHRASE_ENV, PASSPHRASE)
    assert entry.main(["seed-demo", "--data-dir", str(data)]) == 0
    out = tmp_path / "台账.xlsx"
    (tmp_path / "usb").mkdir()
    assert (
        entry.main(
            ["export-ledger", "问题线索", "--out", str(out), "--reveal", "--data-dir", str(data)]
        )
        == 0
    )
    assert (
        entry.main(["backup", "--to", str(tmp_path / "usb"), "--encrypt", "--data-dir", str(data)])
        == 0
    )
    assert (
        entry.main(["stats", "--data-dir", str(data), "--from", "2026-01-01", "--to", "2026-12-31"])
        == 0
    )
    assert (
        entry.main(
            [
                "reprint",
                "--document",
                "999999",
                "--out",
                str(tmp_path / "x.pdf"),
                "--data-dir",
                str(data),
            ]
        )
        == 1
    )
    capsys.readouterr()
    text = log_text(data)
    for command in ("seed-demo", "export-ledger", "backup", "stats", "reprint"):
        assert f"start {command}: version {version()}" in text
        assert f"{command} ended with status" in text
    assert "台账.xlsx" not in text  # arguments are not logged
    assert PASSPHRASE not in text
    for secret in reporter_strings(data):
        assert secret not in text, secret


def test_help_version_and_self_test_write_no_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert entry.command_name([]) == "window"
    assert entry.command_name(["stats", "--from", "x"]) == "stats"
    assert entry.command_name(["旧台账.xlsx"]) == "?"  # never a file name
    with pytest.raises(SystemExit):
        entry.main(["--version", "--data-dir", str(tmp_path / "d")])
    assert not (tmp_path / "d").exists()


# -- the window's error dialog -----------------------------------------------------------


def test_an_error_in_the_window_is_logged_and_shown_once(
    qtbot: QtBot, session: log.LogSession, tmp_path: Path
) -> None:
    from desktop.ui import error_hook

    shown: list[tuple[str, Path | None]] = []
    hook = error_hook.ErrorHook(session.excepthook, lambda d, p: shown.append((d, p)))

    def nested(details: str, path: Path | None) -> None:
        shown.append((details, path))
        try:
            raise KeyError("while the dialog is open")
        except KeyError:
            hook(*sys.exc_info())  # type: ignore[arg-type]

    hook.show = nested
    try:
        raise ZeroDivisionError("除数为零")
    except ZeroDivisionError:
        hook(*sys.exc_info())  # type: ignore[arg-type]
    assert len(shown) == 1  # the second error, during the dialog, is only logged
    details, path = shown[0]
    assert "ZeroDivisionError: 除数为零" in details
    assert path == tmp_path / "data" / "logs" / "qingfeng.log"
    text = log_text(tmp_path / "data")
    assert "ZeroDivisionError" in text and "KeyError" in text


def test_the_error_dialog_copies_its_details_and_names_the_log(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtGui import QGuiApplication

    from desktop.ui.error_dialog import ErrorDialog

    monkeypatch.setenv(log.PASSPHRASE_ENV, PASSPHRASE)
    path = tmp_path / "logs" / "qingfeng.log"
    dialog = ErrorDialog(f"Traceback …\nValueError: {PASSPHRASE}", path)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "清风台账 — 程序错误"
    assert str(path) in dialog.log_label.text()
    assert dialog.copy_button.text() == "复制详细信息"
    dialog.copy_button.click()
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith(f"清风台账 {version()}\n日志文件：{path}")
    assert "ValueError" in copied and PASSPHRASE not in copied
    assert dialog.isVisible() is False  # copying does not close it (it was never shown)
    assert dialog.copy_button.text() == "已复制"


def test_background_work_errors_use_the_same_dialog(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.ui import error_dialog, work

    seen: list[str] = []
    monkeypatch.setattr(error_dialog.ErrorDialog, "exec", lambda self: seen.append(self.text) or 0)
    work.show_error(None, RuntimeError("后台出错"))
    assert len(seen) == 1 and "RuntimeError: 后台出错" in seen[0]


def test_background_work_in_the_window_is_timed_by_its_function_name(
    qtbot: QtBot, session: log.LogSession, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QWidget

    from desktop.store import Store
    from desktop.ui.work import Job, Work

    store = Store.open(tmp_path / "data")
    window = QWidget()
    qtbot.addWidget(window)
    work = Work(store, window, report_error=lambda _w, _e: None)
    done: list[int] = []

    def count_units(s: Store, _job: Job) -> int:
        return int(s.scalar("SELECT count(*) FROM units"))

    try:
        work.run(count_units, on_success=done.append, label="正在统计…")
        qtbot.waitUntil(lambda: bool(done) and not work.busy, timeout=5000)
    finally:
        store.close()
    text = log_text(tmp_path / "data")
    assert "background work " in text and "count_units took" in text
    assert "正在统计" not in text
