"""`qingfeng self-test`: after copying the program to an office PC, show that the parts the
window needs work there — without opening a window or touching the ledger.

Each step prints one Chinese line; the exit status is the number of failed steps (0 = all
passed). Checked: the Qt platform plugin, a CJK screen font, the print preview (QtPdf
renders a sample notice made with the bundled fonts, and the page has text on it), print
support (a PDF printer prints the sample as the preview's 打印… does), the Designer forms
load, and encryption at rest (an SQLCipher file and an AES-GCM file written and read back;
where sqlcipher3 is missing it says so without failing: plain stores work).
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
from PySide6.QtGui import QColor, QImage, QPageSize
from PySide6.QtWidgets import QApplication

from desktop.store import encryption

Step = Callable[[], str]  # returns what passed; raises with what failed


def _ink(image: QImage) -> float:
    """Share of sampled pixels that are not white: a blank render is a failure."""
    dark = total = 0
    for y in range(0, image.height(), 4):
        for x in range(0, image.width(), 4):
            total += 1
            color = QColor.fromRgba(image.pixel(x, y))  # unpainted = transparent = paper
            if color.alpha() > 128 and color.lightness() < 200:
                dark += 1
    return dark / max(total, 1)


def _sample_pdf() -> bytes:
    from desktop.documents import render
    from desktop.documents.templates import SAMPLE, fill

    return render(fill("整改通知书", SAMPLE))


def _preview(pdf: bytes) -> str:
    from PySide6.QtPdf import QPdfDocument

    data = QByteArray(pdf)
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    if document.status() != QPdfDocument.Status.Ready or document.pageCount() < 1:
        raise RuntimeError(f"无法读取示例文书（{document.error().name}）")
    image = document.render(0, QSize(620, 877))
    ink = _ink(image)
    if ink < 0.005:
        raise RuntimeError("示例文书渲染后是空白页")
    return f"打印预览：示例文书 {document.pageCount()} 页，第 1 页已渲染（有字迹 {ink:.1%}）"


def _printer(pdf: bytes, folder: Path) -> str:
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPrintSupport import QPrinter

    from desktop.ui.print_preview import print_document

    out = folder / "自检打印.pdf"
    # the printer the preview's 打印… makes (A4, high resolution), printed the way it
    # prints: each page rendered at most MAX_RENDER_DPI and drawn at its real size
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    data = QByteArray(pdf)
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    printed = print_document(document, printer)  # UserError when it cannot begin
    size = out.stat().st_size if out.exists() else 0
    if printed < 1 or size < 1000:
        raise RuntimeError("打印组件没有输出内容")
    return f"打印组件：可用（打印到 PDF 文件 {size // 1024} KB）"


def _forms() -> str:
    from PySide6.QtUiTools import QUiLoader
    from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout

    from desktop import resources
    from desktop.ui import screen

    names = sorted(p.name for p in resources.form("").glob("*.ui"))
    loader = QUiLoader()
    area = screen.office_screen()
    for name in names:
        widget = loader.load(str(resources.form(name)))
        if widget is None:
            raise RuntimeError(f"表单文件“{name}”无法加载：{loader.errorString()}")
        # laid out as the program shows it: the form scrolls, the buttons stay below it
        dialog = QDialog()
        layout = QVBoxLayout(dialog)
        layout.addWidget(screen.scrolled(widget), 1)
        buttons = QDialogButtonBox()
        buttons.addButton("保存", QDialogButtonBox.ButtonRole.AcceptRole)
        layout.addWidget(buttons)
        size = screen.fit(dialog, widget.width() + 40, widget.sizeHint().height() + 110, area)
        problem = screen.too_large(dialog, area) or screen.too_wide(widget, size)
        layout.setGeometry(dialog.rect())
        if problem is None and buttons.geometry().bottom() >= size.height():
            problem = "按钮超出窗口"
        dialog.deleteLater()
        if problem:
            raise RuntimeError(f"表单“{name}”在 1366×768 屏幕上放不下（{problem}）")
    size = f"{screen.SMALLEST.width()}×{screen.SMALLEST.height()}"
    return f"录入表单：{len(names)} 个表单文件均可加载，在 {size} 屏幕上均能完整显示（按钮可见）"


def run() -> int:
    """Run every step; print one line each; return the number that failed."""
    from desktop.ui.app import configure_application_identity
    from desktop.ui.fonts import ensure_cjk_font

    configure_application_identity()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    import PySide6
    from PySide6.QtCore import qVersion

    print(
        f"图形界面：Qt {qVersion()}（PySide6 {PySide6.__version__}），"
        f"{QApplication.platformName()} 平台已加载"
    )
    failed = 0
    with tempfile.TemporaryDirectory(prefix="qingfeng-selftest-") as tmp:
        pdf: bytes = b""

        def make_pdf() -> str:
            nonlocal pdf
            pdf = _sample_pdf()
            return f"文书生成：示例整改通知书 {len(pdf) // 1024} KB（字体已内嵌）"

        steps: list[tuple[str, Step]] = [
            ("界面字体", lambda: f"界面字体：{ensure_cjk_font(app)}"),  # type: ignore[arg-type]
            ("文书生成", make_pdf),
            ("打印预览", lambda: _preview(pdf)),
            ("打印组件", lambda: _printer(pdf, Path(tmp))),
            ("录入表单", _forms),
            ("数据加密", lambda: encryption.self_check(Path(tmp))),
        ]
        for name, step in steps:
            try:
                print(step())
            except Exception as exc:  # a self-test reports every failure and goes on
                failed += 1
                print(f"{name}：失败——{exc}")
    print("自检通过。" if not failed else f"自检发现 {failed} 项问题，请把以上内容告诉维护人员。")
    return failed
