"""export-ledger / import-ledger from the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop import cli
from desktop.store import Store, records


def test_export_then_import_dry_run_and_real(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src, dst = tmp_path / "src", tmp_path / "dst"
    store = Store.open(src, create=True)
    unit = records.insert(store, "units", {"name": "东关镇"})
    person = records.insert(store, "persons", {"name": "张三", "unit_id": unit})
    records.insert(
        store,
        "talks",
        {"kind": "提醒谈话", "date": "2024-02-01", "reason": "苗头性问题"},
        {
            "talk_talkers": [{"name": "赵书记", "role": "主要负责人"}],
            "talk_subjects": [{"person_id": person, "unit_name": "东关镇", "post": "科员"}],
        },
    )
    store.close()
    Store.open(dst, create=True).close()
    out = tmp_path / "talks.xlsx"
    argv = ["export-ledger", "谈话台账", "--out", str(out), "--data-dir", str(src)]
    assert cli.main([*argv, "--from", "2024-01-01", "--to", "2024-12-31"]) == 0
    assert "已导出谈话台账：1 行" in capsys.readouterr().out
    base = ["import-ledger", str(out), "--kind", "谈话", "--data-dir", str(dst)]
    assert cli.main([*base, "--dry-run"]) == 0
    text = capsys.readouterr().out
    assert "可导入 1 行" in text and "未写入任何数据" in text
    assert cli.main(base) == 0
    assert "已导入 1 行" in capsys.readouterr().out
    # Again, leaving suspected duplicates out: the row is one and is skipped.
    assert cli.main([*base, "--skip-duplicates"]) == 0
    text = capsys.readouterr().out
    assert "疑似重复" in text and "已导入 0 行" in text


def test_import_errors_are_one_chinese_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Store.open(tmp_path / "d", create=True).close()
    old = tmp_path / "old.xls"
    old.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 512)
    argv = ["import-ledger", str(old), "--kind", "问题线索", "--data-dir", str(tmp_path / "d")]
    assert cli.main(argv) == 1
    assert "另存为 .xlsx" in capsys.readouterr().err
    assert (
        cli.main(["export-ledger", "账本", "--out", "x.xlsx", "--data-dir", str(tmp_path / "d")])
        == 1
    )
    assert "不支持的台账种类" in capsys.readouterr().err
