"""Headless commands, run as the clerk (or a script) would run them."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from desktop import cli
from desktop.store import Store, records
from tests.ui_helpers import DEMO_NOW

REPO = Path(__file__).resolve().parent.parent


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_seed_demo_then_stats_json_gives_real_figures(demo_dir: Path, capsys) -> None:
    capsys.readouterr()
    year = DEMO_NOW.year  # the demo office's current year
    assert (
        cli.main(
            [
                "stats",
                "--data-dir",
                str(demo_dir),
                "--from",
                f"{year}-01-01",
                "--to",
                f"{year}-12-31",
                "--json",
            ]
        )
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    figures = {k: v["value"] for k, v in data["figures"].items()}
    for key in (
        "clues_received",
        "clues_disposed",
        "cases",
        "closed",
        "four_forms",
        "form1",
        "talks",
        "inspections",
        "problems_found",
    ):
        assert figures[key] > 0, key
    assert data["closure_rate"].endswith("%")
    assert data["paragraph"].startswith(f"{year}年")
    assert "四种形态" in data["paragraph"]


def test_stats_text_and_unit(demo_dir: Path, capsys) -> None:
    store = Store.open(demo_dir)
    unit = store.query("SELECT name FROM units ORDER BY id LIMIT 1")[0]["name"]
    store.close()
    capsys.readouterr()
    assert (
        cli.main(
            [
                "stats",
                "--data-dir",
                str(demo_dir),
                "--from",
                "2020-01-01",
                "--to",
                "2030-12-31",
                "--unit",
                unit,
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "受理问题线索" in out and "结案率" in out
    assert (
        cli.main(
            [
                "stats",
                "--data-dir",
                str(demo_dir),
                "--from",
                "2020-01-01",
                "--to",
                "2030-12-31",
                "--unit",
                "不存在的单位",
            ]
        )
        == 1
    )
    assert "单位“不存在的单位”不存在" in capsys.readouterr().err


def test_check_passes_on_the_demo_store_in_a_real_process(demo_dir: Path) -> None:
    result = run("check", "--data-dir", str(demo_dir))
    assert result.returncode == 0, result.stderr
    assert "检查通过" in result.stdout
    assert "校验链完整" in result.stdout


def test_check_names_the_first_tampered_audit_entry(demo_dir: Path, tmp_path: Path, capsys) -> None:
    copy = tmp_path / "copy"
    source = Store.open(demo_dir)
    copy.mkdir()
    dest = sqlite3.connect(copy / "qingfeng.sqlite3")
    source.db.conn.backup(dest)
    dest.close()
    source.close()
    conn = sqlite3.connect(copy / "qingfeng.sqlite3")
    conn.execute("UPDATE audit_log SET operator = '他人' WHERE id = 5")
    conn.commit()
    conn.close()
    capsys.readouterr()
    assert cli.main(["check", "--data-dir", str(copy)]) == 1
    err = capsys.readouterr().err
    assert "第 5 条处断开" in err


def test_check_reports_a_damaged_file(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "bad"
    Store.open(folder).close()
    path = folder / "qingfeng.sqlite3"
    data = bytearray(path.read_bytes())
    data[4096 : 4096 * 40] = b"\xa5" * (4096 * 39)  # scribble over pages 2-40
    path.write_bytes(bytes(data))
    for side in folder.glob("qingfeng.sqlite3-*"):
        side.unlink()
    assert cli.main(["check", "--data-dir", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "完整性检查未通过" in err or "损坏" in err


def test_missing_store_and_bad_arguments_give_chinese_messages(tmp_path: Path) -> None:
    result = run(
        "stats", "--data-dir", str(tmp_path / "none"), "--from", "2026-01-01", "--to", "2026-12-31"
    )
    assert result.returncode == 1
    assert result.stderr.strip().startswith("错误：数据目录中没有清风台账的数据文件")
    assert "Traceback" not in result.stderr
    result = run("stats", "--data-dir", str(tmp_path), "--from", "2026-13-01", "--to", "2026-12-31")
    assert result.returncode == 2
    assert "日期“2026-13-01”格式不正确" in result.stderr
    result = run("check", "--data-dir", str(tmp_path / "none"))
    assert result.returncode == 1 and "没有清风台账的数据文件" in result.stderr


def test_seed_demo_refuses_a_store_with_records(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "real"
    store = Store.open(folder)
    records.insert(store, "units", {"name": "真实单位"})
    store.close()
    assert cli.main(["seed-demo", "--data-dir", str(folder)]) == 1
    assert "错误：" in capsys.readouterr().err
