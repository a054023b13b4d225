"""Packaging: portable mode (desktop.paths), the icon files, build.spec's inputs."""

from __future__ import annotations

import argparse
import struct
import tomllib
from pathlib import Path

import pytest

from desktop import paths, resources

REPO_ROOT = Path(__file__).resolve().parent.parent


def test_default_is_platformdirs_without_marker(tmp_path: Path) -> None:
    import platformdirs

    expected = Path(platformdirs.user_data_dir("qingfeng", appauthor=False))
    assert paths.default_data_dir(tmp_path) == expected
    assert not paths.is_portable(tmp_path)


@pytest.mark.parametrize("marker", paths.PORTABLE_MARKERS)
def test_marker_file_puts_data_beside_the_executable(tmp_path: Path, marker: str) -> None:
    (tmp_path / marker).write_text("", encoding="utf-8")
    assert paths.portable_marker(tmp_path) == tmp_path / marker
    assert paths.default_data_dir(tmp_path) == tmp_path / "data"


def test_marker_must_be_a_file(tmp_path: Path) -> None:
    (tmp_path / "portable.txt").mkdir()
    assert paths.portable_marker(tmp_path) is None


@pytest.mark.parametrize(
    "argv", [["check", "--portable"], ["--portable", "check"]], ids=["after", "before"]
)
def test_portable_flag_via_cli_parser(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, argv: list[str]
) -> None:
    from desktop import cli

    monkeypatch.setattr(paths, "app_dir", lambda: tmp_path)
    args = cli.build_parser().parse_args(argv)
    assert args.portable is True
    assert paths.data_dir_for(args) == tmp_path / "data"


def test_portable_flag_via_gui_parser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.__main__ import _gui_parser

    monkeypatch.setattr(paths, "app_dir", lambda: tmp_path)
    ns, rest = _gui_parser().parse_known_args(["--portable"])
    assert rest == []
    assert paths.data_dir_for(ns) == tmp_path / "data"


def test_data_dir_overrides_portable_mode(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop import cli

    monkeypatch.setattr(paths, "app_dir", lambda: tmp_path)
    (tmp_path / "portable.txt").write_text("", encoding="utf-8")
    args = cli.build_parser().parse_args(["check", "--portable", "--data-dir", "~/elsewhere"])
    assert paths.data_dir_for(args) == Path("~/elsewhere").expanduser()


def test_the_flag_is_no_lasting_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop import cli

    monkeypatch.setattr(paths, "app_dir", lambda: tmp_path)
    cli.build_parser().parse_args(["check", "--portable"])
    later = cli.build_parser().parse_args(["check"])
    assert not hasattr(later, "portable")
    assert paths.data_dir_for(later) == paths.default_data_dir(tmp_path)
    assert paths.data_dir_for(later) != tmp_path / "data"


def test_portable_action_is_a_plain_flag() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--portable", action=paths.PortableAction)
    assert not hasattr(parser.parse_args([]), "portable")
    assert parser.parse_args(["--portable"]).portable is True
    assert not paths.is_portable(Path("/nonexistent"))


def test_frozen_app_dir_is_the_executable_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    exe = tmp_path / "qingfeng"
    exe.write_bytes(b"")
    monkeypatch.setattr("sys.frozen", True, raising=False)
    monkeypatch.setattr("sys.executable", str(exe))
    assert paths.app_dir() == tmp_path
    (tmp_path / "便携模式.txt").write_text("", encoding="utf-8")
    assert paths.default_data_dir() == tmp_path / "data"


def test_cli_writes_portable_data_beside_the_executable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop import cli

    monkeypatch.setattr(paths, "app_dir", lambda: tmp_path)
    (tmp_path / "portable.txt").write_text("", encoding="utf-8")
    assert cli.main(["seed-demo"]) == 0
    assert (tmp_path / "data" / "qingfeng.sqlite3").is_file()


def test_icons_exist_and_ico_holds_every_size() -> None:
    assert (
        resources.resource("icons", "qingfeng.svg").read_text(encoding="utf-8").startswith("<svg")
    )
    assert resources.resource("icons", "qingfeng.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    ico = resources.resource("icons", "qingfeng.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", ico)
    assert (reserved, kind) == (0, 1)
    sides = {ico[6 + 16 * i] or 256 for i in range(count)}
    assert {16, 32, 48, 256} <= sides


def test_spec_inputs() -> None:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["name"] == "qingfeng"
    assert any(
        d.startswith("pyinstaller==") for d in project["project"]["optional-dependencies"]["build"]
    )
    spec = (REPO_ROOT / "build.spec").read_text(encoding="utf-8")
    compile(spec, "build.spec", "exec")
    for needed in ("PySide6.QtUiTools", "PySide6.QtPdf", "PySide6.QtPrintSupport", '"forms"'):
        assert needed in spec
    assert (REPO_ROOT / "desktop" / "__main__.py").is_file()


def test_powershell_scripts_are_ascii_only() -> None:
    """Windows PowerShell 5.1 reads a .ps1 without a byte-order mark in the ANSI code
    page, so Chinese written as UTF-8 would reach the program garbled."""
    scripts = sorted((REPO_ROOT / "scripts").glob("*.ps1"))
    assert scripts
    for script in scripts:
        data = script.read_bytes()
        assert data.isascii(), f"{script.name}: non-ASCII bytes"


def test_spec_runs_the_bundle_in_utf8_mode_with_chinese_qt_texts() -> None:
    spec = (REPO_ROOT / "build.spec").read_text(encoding="utf-8")
    assert '("X utf8", None, "OPTION")' in spec
    assert '"qtbase_zh_CN.qm"' in spec
