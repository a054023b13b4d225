"""Packaging: portable mode (desktop.paths), the icon files, build.spec's inputs."""

from __future__ import annotations

import argparse
import importlib.util
import re
import struct
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

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


@pytest.mark.slow  # over 20 s in --durations: seeds the demo office
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


# -- version, usage, help -----------------------------------------------------------------


def test_version_prints_the_pyproject_version(capsys: pytest.CaptureFixture[str]) -> None:
    import desktop.__main__ as entry
    from desktop.version import from_pyproject, version

    pyproject = (REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8")
    expected = tomllib.loads(pyproject)["project"]["version"]
    assert from_pyproject(pyproject) == expected == version()
    for flag in ("--version", "-V"):
        with pytest.raises(SystemExit) as stop:
            entry.main([flag])
        assert stop.value.code == 0
        assert capsys.readouterr().out.strip() == f"清风台账 {expected}"


def test_usage_is_qingfeng_and_help_is_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    from desktop import cli

    parser = cli.build_parser()
    assert parser.prog == "qingfeng"
    subcommands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    texts = [parser.format_help()] + [p.format_help() for p in subcommands.choices.values()]
    assert {"diagnostics", "self-test", "check"} <= set(subcommands.choices)
    for text in texts:
        assert text.startswith("用法：qingfeng")
        for english in ("usage:", "options:", "positional arguments", "show this help"):
            assert english not in text
    with pytest.raises(SystemExit):
        cli.main(["stats"])
    err = capsys.readouterr().err
    assert "qingfeng stats：错误：缺少必需的参数：--from, --to" in err


def test_fcitx_without_its_plugin_falls_back_to_ibus(tmp_path: Path) -> None:
    from desktop.ui.app import choose_input_method

    folder = tmp_path / "platforminputcontexts"
    folder.mkdir()
    (folder / "libibusplatforminputcontextplugin.so").write_bytes(b"")
    env = {"QT_IM_MODULE": "fcitx"}
    assert choose_input_method(env, tmp_path) == "ibus" and env["QT_IM_MODULE"] == "ibus"
    env = {"QT_IM_MODULE": "ibus"}
    assert choose_input_method(env, tmp_path) is None and env["QT_IM_MODULE"] == "ibus"
    assert choose_input_method({}, tmp_path) is None
    (folder / "libfcitx5platforminputcontextplugin.so").write_bytes(b"")
    env = {"QT_IM_MODULE": "fcitx"}
    assert choose_input_method(env, tmp_path) is None and env["QT_IM_MODULE"] == "fcitx"


def test_pyside6_wheel_has_the_input_methods_the_bundle_keeps() -> None:
    from PySide6.QtCore import QLibraryInfo

    plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))
    names = {p.name for p in (plugins / "platforminputcontexts").iterdir()}
    spec = (REPO_ROOT / "build.spec").read_text(encoding="utf-8")
    kept = spec.split("INPUT_METHODS = (")[1].split(")")[0]
    for plugin in ("libibusplatforminputcontextplugin", "libcomposeplatforminputcontextplugin"):
        assert plugin in kept
        if sys.platform.startswith("linux"):
            assert f"{plugin}.so" in names
    assert not any("fcitx" in n for n in names)  # why desktop/ui/app.py falls back to ibus


def test_spec_strips_leaves_out_wayland_and_ships_licences() -> None:
    spec = (REPO_ROOT / "build.spec").read_text(encoding="utf-8")
    assert 'STRIP = sys.platform.startswith("linux")' in spec
    assert spec.count("strip=STRIP") == 2
    for part in ('"platforms/libqwayland"', '"wayland-shell-integration/"'):
        assert part in spec
    assert '"desktop.licenses"' in spec and "THIRD_PARTY_LICENSES.txt" in spec
    assert '(GENERATED / "VERSION")' in spec


# -- licences -----------------------------------------------------------------------------


def test_third_party_licences_name_every_shipped_distribution() -> None:
    from desktop import licenses

    names = licenses.locked_names(REPO_ROOT / "requirements" / "runtime.txt")
    assert {"pyside6-essentials", "reportlab", "openpyxl", "sqlite-utils", "pillow"} <= set(names)
    assert not {"pip", "setuptools", "wheel"} & set(names)
    text = licenses.generate()
    for name in ("PySide6_Essentials", "shiboken6", "reportlab", "openpyxl", "pillow", "Python 3."):
        assert name in text, name
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in text and "GNU GENERAL PUBLIC LICENSE" in text
    assert "Copyright" in text and "字体 QingfengSerifSC" in text


# -- locks and the wheelhouse ---------------------------------------------------------------


def _pins(name: str) -> dict[str, str]:
    text = (REPO_ROOT / "requirements" / f"{name}.txt").read_text(encoding="utf-8")
    joined = text.replace("\\\n", " ")
    pins = {}
    for line in joined.splitlines():
        if line and not line.startswith((" ", "#")):
            spec = line.split(" --hash")[0]
            assert "--hash=sha256:" in line, f"{name}.txt: no hash for {spec}"
            pins[spec.split(";")[0].strip() + (";" + spec.split(";")[1] if ";" in spec else "")] = (
                spec
            )
    return pins


def test_the_locks_pin_everything_with_hashes_and_agree() -> None:
    runtime, test, build = _pins("runtime"), _pins("test"), _pins("build")
    assert set(runtime) <= set(test) and set(runtime) <= set(build)
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    locked = {k.split("==")[0].lower() for k in test}
    wanted = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    for requirement in wanted:
        name = re.split(r"[<>=;\[ ]", requirement, maxsplit=1)[0].lower().replace("_", "-")
        assert name in locked, f"{name} is not in requirements/test.txt: run scripts/lock.sh"
    assert any(k.startswith("pyinstaller==") for k in build)


def _script(name: str) -> Any:
    """scripts/NAME.py as a module (the scripts run outside the package)."""
    spec = importlib.util.spec_from_file_location(name, REPO_ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_wheelhouse_evaluates_markers_for_the_target_not_this_machine() -> None:
    wh = _script("wheelhouse")
    windows = wh.merged(["test", "build"], wh.environment(wh.TARGETS["win_amd64"], "3.11"))
    linux = wh.merged(["test", "build"], wh.environment(wh.TARGETS["manylinux_aarch64"], "3.13"))
    names = lambda lines: {line.split("==")[0] for line in lines}  # noqa: E731
    assert {"colorama", "pefile", "pywin32-ctypes"} <= names(windows)
    assert not {"colorama", "pefile", "pywin32-ctypes"} & names(linux)
    # PySide6 is capped below 6.12 on every Python (pyproject): one pin for both targets
    assert any(line.startswith("pyside6-essentials==6.11.") for line in windows)
    assert any(line.startswith("pyside6-essentials==6.11.") for line in linux)
    assert "sqlcipher3" in names(windows) and "sqlcipher3" in names(linux)
    assert all(";" not in line and "--hash=sha256:" in line for line in windows + linux)
    cmd = wh.pip_command(wh.TARGETS["manylinux_x86_64"], "3.12", Path("r.txt"), Path("out"))
    assert cmd[cmd.index("--python-version") + 1] == "3.12"
    assert "manylinux_2_34_x86_64" in cmd and "manylinux2014_x86_64" in cmd
    assert {"--no-deps", "--only-binary=:all:", "--require-hashes"} <= set(cmd)


def test_scripts_install_from_the_lock_and_the_wheelhouse() -> None:
    common = (REPO_ROOT / "scripts" / "_common.sh").read_text(encoding="utf-8")
    assert '--require-hashes -r "$lock"' in common and "--no-index --find-links" in common
    ps = (REPO_ROOT / "scripts" / "_common.ps1").read_text(encoding="utf-8")
    assert "'--require-hashes', '-r', $lock" in ps and "'--no-index', '--find-links'" in ps
    assert 'struct.calcsize("P") != 8' in ps and "17763" in ps
    cmd = (REPO_ROOT / "scripts" / "_setup.cmd").read_bytes()
    assert cmd.isascii() and b"--require-hashes" in cmd and b"wheelhouse" in cmd


# -- CI -----------------------------------------------------------------------------------


def test_the_workflow_is_valid_yaml_with_a_windows_build_and_the_linux_ci() -> None:
    import yaml

    flow = yaml.safe_load((REPO_ROOT / ".github" / "workflows" / "ci.yml").read_text("utf-8"))
    assert flow.get("on", flow.get(True)) is not None  # YAML 1.1 reads `on` as true
    windows, linux = flow["jobs"]["windows"], flow["jobs"]["linux"]
    assert windows["runs-on"].startswith("windows")
    runs = [step.get("run", "") for step in windows["steps"]]
    assert any("scripts/test.ps1" in r for r in runs) and any(
        "scripts/build.ps1" in r for r in runs
    )
    uses = [step.get("uses", "") for step in windows["steps"]]
    assert any(u.startswith("actions/setup-python") for u in uses)
    upload = next(
        s for s in windows["steps"] if s.get("uses", "").startswith("actions/upload-artifact")
    )
    assert upload["with"]["path"] == "dist/qingfeng/"
    assert any(".ci/run" in step.get("run", "") for step in linux["steps"])
    for script in ("test.ps1", "build.ps1"):
        assert (REPO_ROOT / "scripts" / script).is_file()


# -- the smoke test shared by build.sh and build.ps1 ------------------------------------------


def test_smoke_helpers(tmp_path: Path) -> None:
    smoke = _script("smoke")
    assert smoke.programs(tmp_path, windows=True) == (
        tmp_path / "qingfeng-cli.exe",
        tmp_path / "qingfeng.exe",
    )
    assert smoke.programs(tmp_path, windows=False) == (tmp_path / "qingfeng", tmp_path / "qingfeng")
    base = {"PATH": "/usr/bin", "PYTHONPATH": "x", "SystemRoot": r"C:\Windows", "TEMP": "t"}
    win = smoke.clean_env(tmp_path, base, windows=True)
    assert win["PATH"].endswith("System32") and "PYTHONPATH" not in win and win["TEMP"] == "t"
    linux = smoke.clean_env(tmp_path, base, windows=False)
    assert "PATH" not in linux and "PYTHONPATH" not in linux
    assert linux["QT_QPA_PLATFORM"] == win["QT_QPA_PLATFORM"] == "offscreen"
    with pytest.raises(smoke.SmokeFailure, match="talks is 0"):
        smoke.check_stats(
            '{"figures": {"clues_received": {"value": 3}, "talks": {"value": 0}}, "paragraph": "x"}'
        )
    assert smoke.window_stderr_problems(
        "This plugin does not support propagateSizeHints()\nQFont: bad\n"
    ) == ["QFont: bad"]
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(b"%PDF-1.4 /Type /Page ")
    assert "1 page" in smoke.check_pdf(pdf)
    assert (
        smoke.project_version()
        == tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
            "version"
        ]
    )


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a shell-script bundle")
@pytest.mark.slow  # over 20 s in --durations: the smoke script over a bundle made of the source
def test_smoke_script_passes_on_a_bundle_made_of_the_source(tmp_path: Path) -> None:
    """The whole smoke test, as build.sh runs it, against a stand-in bundle: a `qingfeng`
    script that runs this source tree (portable mode needs a real bundle's folder)."""
    bundle = tmp_path / "dist" / "qingfeng"
    bundle.mkdir(parents=True)
    exe = bundle / "qingfeng"
    exe.write_text(
        f'#!/bin/sh\nPYTHONPATH="{REPO_ROOT}" exec "{sys.executable}" -m desktop "$@"\n',
        encoding="utf-8",
    )
    exe.chmod(0o755)
    (bundle / "THIRD_PARTY_LICENSES.txt").write_text("PySide6_Essentials …", encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            str(REPO_ROOT / "scripts" / "smoke.py"),
            str(bundle),
            "--window-seconds",
            "4",
            "--no-portable",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    for step in (
        "--version",
        "seed-demo",
        "stats",
        "print-notice",
        "check",
        "self-test",
        "diagnostics",
        "the window",
    ):
        assert f"==> smoke: {step}" in done.stdout or step in done.stdout, step
    assert "passed in" in done.stdout
