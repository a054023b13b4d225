"""No network, ever: every headless command and a GUI session run with IP sockets forbidden.

Two guards, both active only inside `no_network()`:
* an audit hook (PEP 578) sees every socket made from Python, however it was
  imported, and every name lookup; IP ones are refused and recorded;
* socket.socket / create_connection / getaddrinfo are replaced as well, for code
  that checks them before the hook fires.
AF_UNIX sockets (the display connection, socketpair on POSIX) stay allowed. After
the GUI session, Qt's own network module must not even have been loaded.
"""

from __future__ import annotations

import contextlib
import socket
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop import cli

_ARMED = False
ATTEMPTS: list[str] = []
IP_FAMILIES = {socket.AF_INET, socket.AF_INET6}


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if not _ARMED:
        return
    if event == "socket.__new__":
        family = args[1]
        if family in IP_FAMILIES or family == -1:
            ATTEMPTS.append(f"{event}{args[1:]}")
            raise OSError("network forbidden in Qingfeng tests")
    elif event in ("socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr"):
        ATTEMPTS.append(f"{event}{args}")
        raise OSError("network forbidden in Qingfeng tests")
    elif event in ("socket.connect", "socket.bind", "socket.sendto"):
        sock = args[0]
        if getattr(sock, "family", None) in IP_FAMILIES:
            ATTEMPTS.append(f"{event}{args[1:]}")
            raise OSError("network forbidden in Qingfeng tests")


sys.addaudithook(_hook)  # hooks cannot be removed; _ARMED keeps it idle elsewhere


@contextlib.contextmanager
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    global _ARMED
    real_socket = socket.socket

    class GuardedSocket(real_socket):  # type: ignore[misc, valid-type]
        def __init__(self, family: int = -1, *args: Any, **kw: Any) -> None:
            if family in IP_FAMILIES or family == -1:
                ATTEMPTS.append(f"socket.socket({family})")
                raise OSError("network forbidden in Qingfeng tests")
            super().__init__(family, *args, **kw)

    def refuse(*args: Any, **kw: Any) -> Any:
        ATTEMPTS.append(f"call{args}")
        raise OSError("network forbidden in Qingfeng tests")

    monkeypatch.setattr(socket, "socket", GuardedSocket)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    ATTEMPTS.clear()
    _ARMED = True
    try:
        yield ATTEMPTS
    finally:
        _ARMED = False
        monkeypatch.undo()


def test_the_guard_itself_catches_ip_sockets(monkeypatch: pytest.MonkeyPatch) -> None:
    import _socket

    with no_network(monkeypatch) as attempts:
        with pytest.raises(OSError):
            socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        with pytest.raises(OSError):
            _socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)  # below the Python wrapper
        with pytest.raises(OSError):
            socket.create_connection(("example.org", 80))
        a, b = socket.socketpair()  # AF_UNIX: allowed
        a.close()
        b.close()
        assert len(attempts) == 3


@pytest.mark.slow  # over 20 s in --durations: seeds the demo office, then every command
def test_every_headless_command_runs_without_network(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = str(tmp_path / "data")
    usb = tmp_path / "usb"
    usb.mkdir()
    monkeypatch.setenv("QINGFENG_PASSPHRASE", "不联网")
    with no_network(monkeypatch) as attempts:
        assert cli.main(["seed-demo", "--data-dir", data]) == 0
        conn = sqlite3.connect(Path(data) / "qingfeng.sqlite3")
        person = conn.execute("SELECT MIN(id) FROM persons").fetchone()[0]
        rect, issued = conn.execute(
            "SELECT linked_id, issued_date FROM documents"
            " WHERE linked_table = 'rectifications' AND kind = '整改通知书' ORDER BY id LIMIT 1"
        ).fetchone()
        conn.close()
        steps = [
            ["stats", "--data-dir", data, "--from", "2020-01-01", "--to", "2030-12-31"],
            ["stats", "--data-dir", data, "--from", "2020-01-01", "--to", "2030-12-31", "--json"],
            ["print-notice", "廉政档案", "--record", str(person), "--out",
             str(tmp_path / "a.pdf"), "--data-dir", data],
            ["print-notice", "整改通知书", "--record", str(rect), "--out",
             str(tmp_path / "b.pdf"), "--issue", "--correction", "--date", issued,
             "--data-dir", data],
            ["backup", "--data-dir", data, "--to", str(usb)],
            ["check", "--data-dir", data],
        ]  # fmt: skip
        for argv in steps:
            assert cli.main(argv) == 0, (argv, capsys.readouterr().err)
        conn = sqlite3.connect(Path(data) / "qingfeng.sqlite3")
        doc = conn.execute("SELECT MAX(id) FROM documents").fetchone()[0]
        conn.close()
        reprint = ["reprint", "--document", str(doc), "--out", str(tmp_path / "c.pdf")]
        assert cli.main([*reprint, "--data-dir", data]) == 0
        archive = next(usb.glob("*.qfbak"))
        assert cli.main(["restore", str(archive), "--data-dir", data]) == 0
        assert cli.main(["backup", "--data-dir", data, "--to", str(usb), "--encrypt"]) == 0
        assert cli.main(["check", "--data-dir", data]) == 0
    assert attempts == []


def test_a_gui_session_opens_no_socket(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import QSettings
    from ui_helpers import open_store, seed

    from desktop.ui.app import configure_application_identity
    from desktop.ui.main_window import PAGES, MainWindow

    with no_network(monkeypatch) as attempts:
        store = open_store(tmp_path / "data")
        try:
            seed(store)
            configure_application_identity()
            QSettings().clear()
            window = MainWindow(
                store, confirm=lambda *a: False, report_error=lambda _p, exc: pytest.fail(str(exc))
            )
            qtbot.addWidget(window)
            window.show()
            qtbot.waitExposed(window)
            for name in PAGES:
                window.select_page(name)
                qtbot.wait(20)
            qtbot.waitUntil(lambda: not window.work.busy, timeout=10000)
            window.close()
        finally:
            store.close()
    assert attempts == []
    assert not [m for m in sys.modules if m.startswith(("PySide6.QtNetwork", "PySide6.QtWeb"))]
