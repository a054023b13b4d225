"""`qingfeng diagnostics --out FILE.zip` and 帮助 → 导出诊断信息…: what the bundle holds, and
that it holds no record text and no reporter data."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from ui_helpers import copy_data_dir

import desktop.__main__ as entry
from desktop import cli, diagnostics
from desktop.version import version


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, demo_master: Path) -> Path:
    """The demo office (a copy: seeded once per run), its log filled by a few commands as
    the clerk would run them."""
    data = copy_data_dir(demo_master, tmp_path_factory.mktemp("diag") / "data")
    out = data.parent / "台账.xlsx"
    assert (
        entry.main(
            ["export-ledger", "问题线索", "--out", str(out), "--reveal", "--data-dir", str(data)]
        )
        == 0
    )
    assert entry.main(["check", "--data-dir", str(data)]) == 0
    return data


def record_text(data: Path) -> list[str]:
    """Reporter names and contacts, the clues' summaries and notes, people's names and
    phone numbers: none of it may be in the bundle."""
    conn = sqlite3.connect(data / "qingfeng.sqlite3")
    try:
        values = [
            v
            for sql in (
                "SELECT reporter_name, reporter_contact, summary, result_summary, notes FROM clues",
                "SELECT name, phone FROM persons",
                "SELECT value FROM settings WHERE key IN ('contact_person', 'contact_phone')",
            )
            for row in conn.execute(sql)
            for v in row
        ]
    finally:
        conn.close()
    found = sorted({v for v in values if isinstance(v, str) and len(v) >= 2})
    assert len(found) > 500
    return found


def read_zip(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()}


def test_the_command_writes_versions_self_test_check_settings_and_logs(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "诊断信息.zip"
    assert cli.main(["diagnostics", "--out", str(out), "--data-dir", str(demo)]) == 0
    assert "已导出诊断信息" in capsys.readouterr().out
    members = read_zip(out)
    assert set(members) >= {
        "summary.txt",
        "self-test.txt",
        "check.txt",
        "settings.json",
        "logs/qingfeng.log",
    }
    summary = members["summary.txt"]
    assert f"程序：清风台账 {version()}" in summary
    assert f"SQLite：{sqlite3.sqlite_version}" in summary
    assert "表 clues：334 行" in summary or "表 clues：" in summary
    assert "自检通过" in members["self-test.txt"]
    assert "（PySide6 " in members["self-test.txt"]  # the Qt version
    assert "检查通过" in members["check.txt"] and "问题线索：" in members["check.txt"]
    settings = json.loads(members["settings.json"])
    assert settings["limit.forward"] == "5个工作日"
    assert settings["contact_person"] == "（已设置）"
    assert "start export-ledger" in members["logs/qingfeng.log"]

    everything = "\n".join(members.values())
    leaked = [text for text in record_text(demo) if text in everything]
    assert leaked == []


def test_no_password_hash_and_no_passphrase(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.store import Store, access

    monkeypatch.setenv("QINGFENG_PASSPHRASE", "口令-不可外泄-4711")
    store = Store.open(demo)
    try:
        access.set_password(store, None, "开机密码-8842", "开机密码-8842")
        stored = {r["key"]: r["value"] for r in store.query("SELECT key, value FROM settings")}
    finally:
        store.close()
    secret_rows = {k: v for k, v in stored.items() if "password" in k or "hash" in k}
    assert secret_rows
    out = tmp_path / "d.zip"
    diagnostics.write(out, demo, self_test=lambda: "自检通过。")
    everything = "\n".join(read_zip(out).values())
    for value in secret_rows.values():
        assert str(value) not in everything
    assert "口令-不可外泄-4711" not in everything and "开机密码-8842" not in everything


def test_bad_output_path_is_one_chinese_line(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # the output file is opened before anything is gathered: the self-test (a child
    # process, ~4 s of CPU) never runs for a folder that cannot be written
    ran: list[str] = []
    monkeypatch.setitem(
        diagnostics.write.__kwdefaults__, "self_test", lambda: ran.append("自检") or "自检通过。"
    )
    assert cli.main(["diagnostics", "--out", str(tmp_path / "x.txt"), "--data-dir", str(demo)]) == 1
    assert "应以 .zip 结尾" in capsys.readouterr().err
    missing = tmp_path / "no-such-folder" / "d.zip"
    assert cli.main(["diagnostics", "--out", str(missing), "--data-dir", str(demo)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("错误：无法写入诊断信息文件") and "Traceback" not in err
    assert not missing.exists()
    assert ran == []


def test_a_missing_store_still_gives_a_bundle(tmp_path: Path) -> None:
    out = tmp_path / "d.zip"
    diagnostics.write(out, tmp_path / "nothing", self_test=lambda: "ok")
    members = read_zip(out)
    assert "数据文件：不存在" in members["summary.txt"]
    assert members["settings.json"].strip() == "{}"


def test_the_help_menu_exports_the_bundle(
    qtbot: QtBot, demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from desktop.store import Store
    from desktop.ui import about
    from desktop.ui.main_window import MainWindow

    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: told.append(text))
    out = tmp_path / "菜单导出.zip"
    monkeypatch.setattr(about, "ask_zip_path", lambda _parent, _suggested: out)
    store = Store.open(demo)
    window = MainWindow(store, confirm=lambda *_: True, offer_drafts=False)
    qtbot.addWidget(window)
    try:
        help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "帮助(&H)")
        texts = [a.text() for a in help_menu.actions()]
        assert "关于清风台账" in texts and "导出诊断信息…" in texts
        window.diagnostics_action.trigger()
        members = read_zip(out)
        assert "自检通过" in members["self-test.txt"]  # run in the window's own Qt
        assert told and str(out) in told[0] and "没有台账记录内容" in told[0]
    finally:
        window.work.cancel_all()
        qtbot.waitUntil(lambda: not window.work.busy, timeout=5000)
        window.close()
        store.close()


def test_about_shows_version_data_folder_and_licences(qtbot: QtBot, tmp_path: Path) -> None:
    from desktop.ui.about import AboutDialog

    dialog = AboutDialog(tmp_path / "data")
    qtbot.addWidget(dialog)
    assert version() in dialog.title.text()
    assert str(tmp_path / "data") in dialog.data_label.text()
    assert str(tmp_path / "data" / "logs") in dialog.log_label.text()
    text = dialog.licences.toPlainText()
    for name in ("PySide6_Essentials", "reportlab", "openpyxl", "sqlite-utils", "Python 3."):
        assert name in text, name
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in text
