"""`qingfeng self-test`: what an office's IT person runs after copying the program."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.ui import selftest


def test_a_failing_step_is_named_and_the_others_still_run(
    qtbot: QtBot, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_pdf: bytes) -> str:
        raise RuntimeError("示例文书渲染后是空白页")

    monkeypatch.setattr(selftest, "_preview", broken)
    assert selftest.run() == 1
    out = capsys.readouterr().out
    assert "打印预览：失败——示例文书渲染后是空白页" in out
    assert "录入表单：" in out and "失败" not in out.split("录入表单：")[1].splitlines()[0]
    assert "自检发现 1 项问题" in out


def test_the_command_exits_zero_and_every_step_passes_here(repo_root: Path) -> None:
    """The command as the IT person runs it (its own process: the one self-test run of
    this file that passes; the test above runs it in-process with a step broken)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "desktop", "self-test"],
        cwd=repo_root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    from PySide6.QtCore import qVersion

    for part in (
        f"图形界面：Qt {qVersion()}（PySide6 ",  # the versions, for a diagnostics bundle
        "offscreen 平台已加载",
        "文书生成",
        "打印预览",
        "打印组件",
        "录入表单",
        "数据加密：SQLCipher 4.",
    ):
        assert part in out
    assert out.rstrip().endswith("自检通过。")


def test_the_print_step_prints_as_the_preview_does(qtbot: QtBot, tmp_path: Path) -> None:
    """The 打印组件 step prints the sample through `print_preview.print_document` (the
    preview's 打印…): one A4 sheet, the page drawn at its real size from a render of at
    most MAX_RENDER_DPI, not one image as large as the printer's resolution."""
    from pypdf import PdfReader

    from desktop.ui import print_preview

    sample = selftest._sample_pdf()
    printed: list[int] = []
    real = print_preview.print_document

    def spy(document: object, printer: object) -> int:
        printed.append(real(document, printer))  # type: ignore[arg-type]
        return printed[-1]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(print_preview, "print_document", spy)
        line = selftest._printer(sample, tmp_path)
    pages = PdfReader(tmp_path / "自检打印.pdf").pages
    assert line.startswith("打印组件：可用") and printed == [
        len(PdfReader(io.BytesIO(sample)).pages)
    ]
    assert len(pages) == printed[0]
    widest = 210 / 25.4 * print_preview.MAX_RENDER_DPI + 1
    for page in pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
        objects = [x.get_object() for x in page["/Resources"]["/XObject"].values()]
        widths = [int(x["/Width"]) for x in objects if x["/Subtype"] == "/Image"]
        assert widths and max(widths) <= widest, widths
