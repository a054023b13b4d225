"""Print preview, printing and issuing of notices.

`PrintPreviewDialog` shows a PDF (QtPdf renders it), prints it through the system print
dialog and saves the exact bytes as a PDF file. For a preview of an unissued notice it
also offers 正式制发, which calls back into `PrintController`.

`PrintController` knows what can be printed for a record (`choices`), renders previews in
the background, issues (numbered and registered, or a correction with a new number) and
reprints issued documents byte for byte.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QCursor, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import notice_kinds
from desktop.queries import printing, rectification
from desktop.store import numbering, records
from desktop.store.errors import UserError
from desktop.ui import file_dialogs
from desktop.ui.dialogs import Confirm, ask
from desktop.ui.screen import fit

if TYPE_CHECKING:
    from desktop.store.db import Store
    from desktop.ui.work import Work

# Injectable pickers (tests replace them).
ChooseSavePath = Callable[[QWidget, str], str]  # returns "" when cancelled
AskPrinter = Callable[[QWidget, QPrinter, int], bool]  # (parent, printer, page count)
ChooseKind = Callable[[QWidget, list["PrintChoice"]], "PrintChoice | None"]
AskExisting = Callable[[QWidget, str], str]  # → "correct" | "reprint" | "cancel"

MAX_RENDER_DPI = 300  # printing renders pages at most this fine (memory), then scales
ZOOM_STEP = 1.25


def choose_save_path(parent: QWidget, suggested: str) -> str:
    return file_dialogs.save_file(parent, "另存为 PDF", suggested, "PDF 文件 (*.pdf)")


def ask_printer(parent: QWidget, printer: QPrinter, pages: int) -> bool:
    return make_print_dialog(parent, printer, pages).exec() == QDialog.DialogCode.Accepted


def make_print_dialog(parent: QWidget | None, printer: QPrinter, pages: int) -> QPrintDialog:
    """Qt's print dialog, in Chinese throughout: qtbase_zh_CN leaves "Page Set:" English."""
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("打印")
    page_set = dialog.findChild(QLabel, "pageSetLabel")
    if page_set is not None:
        page_set.setText("页面范围(&S)：")
    dialog.setMinMax(1, max(pages, 1))
    dialog.setFromTo(1, max(pages, 1))
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintCurrentPage, False)
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintSelection, False)
    return dialog


def safe_file_name(text: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "_", text).strip("_") or "文书"


def pages_to_print(printer: QPrinter, count: int) -> list[int]:
    """0-based page indexes the printer's page range selects (all pages by default)."""
    if printer.printRange() == QPrinter.PrintRange.PageRange:
        ranges = printer.pageRanges()
        if not ranges.isEmpty():
            return [i for i in range(count) if ranges.contains(i + 1)]
        first, last = printer.fromPage(), printer.toPage()
        if first > 0:
            last = last if last > 0 else count
            return [i for i in range(count) if first <= i + 1 <= last]
    return list(range(count))


def print_document(document: QPdfDocument, printer: QPrinter) -> int:
    """Paint the selected pages on `printer` at their real size; returns pages printed.

    Each PDF page is rendered at the printer's resolution (at most MAX_RENDER_DPI) and
    drawn at its physical size from the sheet's top-left corner (full page, no margins
    added); a page larger than the sheet is shrunk to fit, never enlarged.
    """
    indexes = pages_to_print(printer, document.pageCount())
    if not indexes:
        return 0
    printer.setFullPage(True)
    painter = QPainter()
    if not painter.begin(printer):
        raise UserError("无法开始打印，请检查打印机设置")
    try:
        dpi = printer.resolution()
        paper = printer.paperRect(QPrinter.Unit.DevicePixel)
        for n, index in enumerate(indexes):
            if n:
                printer.newPage()
            points = document.pagePointSize(index)
            width = points.width() / 72.0 * dpi
            height = points.height() / 72.0 * dpi
            scale = min(1.0, paper.width() / width, paper.height() / height)
            render_dpi = min(dpi, MAX_RENDER_DPI)
            size = QSize(
                round(points.width() / 72.0 * render_dpi),
                round(points.height() / 72.0 * render_dpi),
            )
            image = document.render(index, size)
            target = QRectF(QPointF(0, 0), QPointF(width * scale, height * scale))
            painter.drawImage(target, image)
    finally:
        painter.end()
    return len(indexes)


class PrintPreviewDialog(QDialog):
    """A PDF on screen with 打印…, 另存为 PDF…, (正式制发…) and 关闭."""

    def __init__(
        self,
        pdf: bytes,
        title: str,
        parent: QWidget | None = None,
        *,
        on_issue: Callable[[], None] | None = None,
        status: str = "",
        choose_path: ChooseSavePath = choose_save_path,
        ask_print: AskPrinter = ask_printer,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("printPreview")
        fit(self, 900, 960)
        self.choose_path = choose_path
        self.ask_print = ask_print
        self.on_issue = on_issue
        self.pdf = b""
        self.title = ""
        self._data = QByteArray()
        self._buffer: QBuffer | None = None
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setObjectName("pdfView")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        self.view.pageNavigator().currentPageChanged.connect(lambda _p: self._update_status())

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        bar = QHBoxLayout()
        self.fit_button = QPushButton("适合宽度", self)
        self.zoom_out_button = QPushButton("缩小", self)
        self.zoom_in_button = QPushButton("放大", self)
        self.fit_button.clicked.connect(self.fit_width)
        self.zoom_out_button.clicked.connect(lambda: self.zoom(1 / ZOOM_STEP))
        self.zoom_in_button.clicked.connect(lambda: self.zoom(ZOOM_STEP))
        for button in (self.fit_button, self.zoom_out_button, self.zoom_in_button):
            button.setAutoDefault(False)
            bar.addWidget(button)
        bar.addSpacing(12)
        self.page_label = QLabel(self)
        self.page_label.setObjectName("pageLabel")
        bar.addWidget(self.page_label)
        bar.addStretch(1)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("hint")
        bar.addWidget(self.status_label)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)

        buttons = QHBoxLayout()
        self.issue_button = QPushButton("正式制发…", self)
        self.issue_button.setToolTip("分配文号、登记到文书登记并保存，制发后不可修改")
        self.issue_button.clicked.connect(self._issue)
        self.print_button = QPushButton("打印…", self)
        self.print_button.clicked.connect(self.print_pdf)
        self.save_button = QPushButton("另存为 PDF…", self)
        self.save_button.clicked.connect(self.save_pdf)
        self.close_button = QPushButton("关闭", self)
        self.close_button.clicked.connect(self.reject)
        buttons.addWidget(self.issue_button)
        buttons.addStretch(1)
        for button in (self.print_button, self.save_button, self.close_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.show_pdf(pdf, title, status=status, can_issue=on_issue is not None)

    # -- content ----------------------------------------------------------------------

    def show_pdf(
        self, pdf: bytes, title: str, *, status: str = "", can_issue: bool = False
    ) -> None:
        """Show other bytes (e.g. the issued document after 正式制发)."""
        self.pdf = bytes(pdf)
        self.title = title
        self.setWindowTitle(f"打印预览 — {title}")
        self.document.close()
        old = self._buffer
        self._data = QByteArray(self.pdf)
        self._buffer = QBuffer(self._data, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        if old is not None:
            old.close()
            old.deleteLater()
        if self.document.status() != QPdfDocument.Status.Ready:
            raise UserError("无法显示该 PDF 文件（文件可能已损坏）")
        self.issue_button.setVisible(can_issue)
        self.status_label.setText(status)
        self.view.pageNavigator().jump(0, QPointF(), self.view.pageNavigator().currentZoom())
        self.fit_width()
        self._update_status()

    def page_count(self) -> int:
        return self.document.pageCount()

    def _update_status(self) -> None:
        count = self.page_count()
        current = min(self.view.pageNavigator().currentPage() + 1, count)
        self.page_label.setText(f"第 {max(current, 1)} 页 / 共 {count} 页")

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    def zoom(self, factor: float) -> None:
        current = self.view.zoomFactor()
        if self.view.zoomMode() != QPdfView.ZoomMode.Custom:
            # Fit-to-width keeps its own factor: derive it from the page and the viewport.
            points = self.document.pagePointSize(0)
            if points.width() > 0:
                dpi_scale = self.logicalDpiX() / 72.0
                current = (self.view.viewport().width() - 20) / (points.width() * dpi_scale)
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(0.2, min(5.0, current * factor)))

    # -- buttons ----------------------------------------------------------------------

    def _issue(self) -> None:
        if self.on_issue is not None:
            self.on_issue()

    def suggested_name(self) -> str:
        return f"{safe_file_name(self.title)}.pdf"

    def save_pdf(self) -> Path | None:
        path = self.choose_path(self, self.suggested_name())
        if not path:
            return None
        target = Path(path)
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        try:
            temp = target.with_name(target.name + ".part")
            temp.write_bytes(self.pdf)
            temp.replace(target)
        except OSError as exc:
            QMessageBox.warning(self, "提示", f"保存失败：{exc.strerror or exc}（{target}）")
            return None
        self.status_label.setText(f"已保存到 {target}")
        return target

    def make_printer(self) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        printer.setFullPage(True)
        printer.setDocName(self.title)
        printer.setFromTo(1, max(self.page_count(), 1))
        return printer

    def print_pdf(self) -> int:
        """Ask for a printer, then print; returns the number of pages sent."""
        printer = self.make_printer()
        if not self.ask_print(self, printer, self.page_count()):
            return 0
        try:
            printed = print_document(self.document, printer)
        except UserError as exc:
            QMessageBox.warning(self, "提示", str(exc))
            return 0
        self.status_label.setText(f"已发送打印 {printed} 页")
        return printed


# -- what a record can print ---------------------------------------------------------------


@dataclass(frozen=True)
class PrintChoice:
    """One entry of the 打印 menu."""

    label: str
    kind: str  # notices kind, or "" for a reprint of a registered document
    table: str
    record_id: int
    enabled: bool = True
    tip: str = ""
    person_id: int | None = None  # a 提醒函 to this reported person of the clue


NO_FILE_TIP = "补录登记的文书没有存档文件，不能重新打印"
PRINTABLE_TABLES = (
    "rectifications",
    "inquiries",
    "clues",
    "talks",
    "persons",
    "proposals",
    "bulletins",
    "documents",
)


def choices(store: Store, table: str, record_id: int, today: dt.date) -> list[PrintChoice]:
    """The printable kinds for one record, in menu order."""
    c = PrintChoice
    if table == "rectifications":
        row = records.get(store, table, record_id)
        escalate_ok = bool(row["escalation_document_id"]) or rectification.is_overdue(
            row["status"], row["deadline"] or None, today.isoformat()
        )
        return [
            *(c(kind, kind, table, record_id) for kind in notice_kinds.RECT_NOTICE_KINDS),
            c(
                notice_kinds.SUPERVISION_LETTER,
                notice_kinds.SUPERVISION_LETTER,
                table,
                record_id,
                enabled=escalate_ok,
                tip="" if escalate_ok else "该整改事项未逾期，不能制发督办函",
            ),
        ]
    if table == "inquiries":
        return [c(notice_kinds.INQUIRY_LETTER, notice_kinds.INQUIRY_LETTER, table, record_id)]
    if table == "clues":
        inquiries = printing.clue_inquiry_ids(store, record_id)
        return [
            c(
                notice_kinds.INQUIRY_LETTER + (f"（函询 {i}）" if len(inquiries) > 1 else ""),
                notice_kinds.INQUIRY_LETTER,
                "inquiries",
                inquiry,
            )
            for i, inquiry in enumerate(inquiries, start=1)
        ] + [
            c(
                f"{notice_kinds.REMINDER_LETTER}（致{name}）",
                notice_kinds.REMINDER_LETTER,
                table,
                record_id,
                person_id=person_id,
            )
            for person_id, name in printing.clue_persons(store, record_id)
        ]
    if table == "talks":
        return [
            c(notice_kinds.TALK_NOTICE, notice_kinds.TALK_NOTICE, table, record_id),
            c(notice_kinds.TALK_RECORD, notice_kinds.TALK_RECORD, table, record_id),
        ]
    if table == "persons":
        return [c(notice_kinds.ARCHIVE, notice_kinds.ARCHIVE, table, record_id)]
    if table in ("proposals", "bulletins"):  # the record names its own kind
        kind = str(records.get(store, table, record_id)["kind"])
        if notice_kinds.SOURCE_TABLE.get(kind) == table:
            return [c(kind, kind, table, record_id)]
        return []
    if table == "documents":
        row = records.get(store, table, record_id)
        stored = bool(row["pdf_path"])
        return [
            c(
                f"重新打印 {row['number'] or row['title']}",
                "",
                table,
                record_id,
                enabled=stored,
                tip="" if stored else NO_FILE_TIP,
            )
        ]
    return []


def existing_document(
    store: Store, kind: str, table: str, record_id: int, person: int | None = None
) -> dict[str, Any] | None:
    """The last registered document of `kind` for a record (what a correction replaces)."""
    doc_id: Any = None
    if person is not None:
        return notice_kinds.existing_reminder(store, record_id, person)
    if table == "rectifications":
        row = records.get(store, table, record_id)
        column = (
            "escalation_document_id"
            if kind == notice_kinds.SUPERVISION_LETTER
            else "notice_document_id"
        )
        doc_id = row[column]
    elif table in ("proposals", "bulletins"):
        doc_id = records.get(store, table, record_id)["document_id"]
    else:
        doc_id = printing.latest_document_id(store, kind, table, record_id)
    if not doc_id:
        return None
    doc = records.get(store, "documents", int(doc_id))
    return doc if doc["kind"] == kind else None


def preview_bytes(
    store: Store,
    kind: str,
    record_id: int,
    today: dt.date,
    *,
    correction: bool = False,
    person: int | None = None,
) -> tuple[bytes, list[str]]:
    """The preview (or a correction's: blank serial, nothing written) and what stops it
    being issued (a field the record lacks, an unverified deadline), if anything."""
    # notices renders with reportlab: loaded on the first print, not at start-up
    from desktop.domain import notices

    return notices.preview_with_notes(
        store, kind, record_id, today, person=person, correction=correction
    )


def choose_from_menu(parent: QWidget, options: list[PrintChoice]) -> PrintChoice | None:
    menu = QMenu(parent)
    actions = {}
    for option in options:
        action = menu.addAction(option.label)
        action.setEnabled(option.enabled)
        if option.tip:
            action.setToolTip(option.tip)
        actions[action] = option
    menu.setToolTipsVisible(True)
    chosen = menu.exec(QCursor.pos())
    return actions.get(chosen) if chosen is not None else None


def ask_existing(parent: QWidget, text: str) -> str:
    box = QMessageBox(QMessageBox.Icon.Question, "已制发", text, parent=parent)
    correct = box.addButton("更正：另行制发新文号", QMessageBox.ButtonRole.AcceptRole)
    again = box.addButton("重新打印原文书", QMessageBox.ButtonRole.ActionRole)
    cancel = box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(again)
    box.exec()
    clicked = box.clickedButton()
    if clicked is correct:
        return "correct"
    if clicked is again:
        return "reprint"
    del cancel
    return "cancel"


class PrintController(QObject):
    """The 打印 command of the main window: choose, preview, issue, reprint."""

    def __init__(
        self,
        store: Store,
        work: Work,
        parent: QWidget,
        *,
        confirm: Confirm = ask,
        on_issued: Callable[[], None] | None = None,
        choose: ChooseKind = choose_from_menu,
        ask_again: AskExisting = ask_existing,
        choose_path: ChooseSavePath = choose_save_path,
        ask_print: AskPrinter = ask_printer,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.work = work
        self.window = parent
        self.confirm = confirm
        self.on_issued = on_issued
        self.choose = choose
        self.ask_again = ask_again
        self.choose_path = choose_path
        self.ask_print = ask_print
        self.dialogs: list[PrintPreviewDialog] = []
        self.issued: list[dict[str, Any]] = []

    @property
    def dialog(self) -> PrintPreviewDialog | None:
        return self.dialogs[-1] if self.dialogs else None

    def _error(self, exc: BaseException) -> None:
        self.work.report_error(self.dialog or self.window, exc)

    # -- entry points -----------------------------------------------------------------

    def target(self) -> tuple[str, int] | None:
        """The record 打印 applies to: the active entry form, else the list's selection."""
        window: Any = self.window
        forms = [
            f
            for f in getattr(window, "open_forms", [])
            if f.record_id is not None and f.table in PRINTABLE_TABLES
        ]
        for form in forms:
            if form.isActiveWindow():
                return form.table, int(form.record_id)
        page = window.current_list() if hasattr(window, "current_list") else None
        if page is not None:
            row = page.selected_row()
            record_id = page.selected_id()
            if row is not None and record_id is not None:
                table = page.model.table_of(row)
                if table in PRINTABLE_TABLES:
                    return table, record_id
        if forms:
            return forms[-1].table, int(forms[-1].record_id)
        return None

    def print_current(self) -> None:
        target = self.target()
        if target is None:
            self._error(UserError("请先选中一条可打印的记录（整改事项、谈话、人员、通报、文书等）"))
            return
        self.print_record(*target)

    def print_record(self, table: str, record_id: int) -> None:
        """The 打印 command on one record: pick a kind (a menu when there are several)."""
        try:
            options = choices(self.store, table, record_id, self.store.today())
        except UserError as exc:
            self._error(exc)
            return
        enabled = [o for o in options if o.enabled]
        if not options:
            self._error(UserError("该记录没有可打印的文书"))
            return
        if not enabled and len(options) == 1 and options[0].tip:
            self._error(UserError(options[0].tip))  # why not, instead of a one greyed item menu
            return
        chosen = enabled[0] if len(options) == 1 and enabled else self.choose(self.window, options)
        if chosen is not None:
            self.open_choice(chosen)

    def open_choice(self, choice: PrintChoice) -> None:
        if not choice.kind:
            self.reprint(choice.record_id)
        else:
            self.preview(choice.kind, choice.record_id, person=choice.person_id)

    def preview(self, kind: str, record_id: int, *, person: int | None = None) -> None:
        """Preview `kind` for a record; if it was issued already, correct it or reprint it.

        `person` previews a 提醒函 to that reported person of clue `record_id`.
        """
        correction = False
        if kind in notice_kinds.REGISTERED:
            try:
                table = notice_kinds.SOURCE_TABLE[kind]
                old = existing_document(self.store, kind, table, record_id, person)
            except UserError as exc:
                self._error(exc)
                return
            if old is not None:
                answer = self.ask_again(
                    self.window,
                    f"该记录已制发{kind}（{old['number']}，{old['issued_date']}）。\n"
                    "如内容有误，可“更正：另行制发新文号”（原文书登记不变）；"
                    "也可重新打印原文书。",
                )
                if answer == "reprint":
                    self.reprint(int(old["id"]))
                    return
                if answer != "correct":
                    return
                correction = True
        today = self.store.today()

        def build(store: Store, _job: object) -> tuple[bytes, list[str]]:
            return preview_bytes(
                store, kind, record_id, today, correction=correction, person=person
            )

        def shown(result: tuple[bytes, list[str]]) -> None:
            pdf, blockers = result
            registered = kind in notice_kinds.REGISTERED
            title = f"{kind}（更正，预览）" if correction else f"{kind}（预览）"
            status = "预览：尚未制发，文号空白" if registered else ""
            if blockers:  # shown, not issued: say what the record lacks
                status = f"预览（不能制发）：{'；'.join(blockers)}"
            can_issue = registered and not blockers
            dialog = self._open(pdf, title, status=status, can_issue=can_issue)
            if dialog is not None and can_issue:
                dialog.on_issue = lambda: self.issue(
                    kind, record_id, correction=correction, dialog=dialog, person=person
                )

        self.work.run(build, on_success=shown, label="正在生成预览…")

    def reprint(self, document_id: int) -> None:
        def load(store: Store, _job: object) -> tuple[bytes, dict[str, Any]]:
            from desktop.domain import notices  # reportlab: on the first print only

            return notices.reprint(store, document_id), records.get(store, "documents", document_id)

        def shown(result: tuple[bytes, dict[str, Any]]) -> None:
            pdf, doc = result
            self._open(pdf, f"{doc['kind']} {doc['number']}", status="已制发文书（原件）")

        self.work.run(load, on_success=shown, label="正在读取文书…")

    def issue(
        self,
        kind: str,
        record_id: int,
        *,
        correction: bool = False,
        dialog: PrintPreviewDialog | None = None,
        person: int | None = None,
    ) -> None:
        """正式制发: confirm with the expected number, issue, show the issued PDF.

        `dialog` is the preview the clerk issued from; it then shows the issued document.
        """
        what = "更正文书（另行制发新文号，原文书登记不变）" if correction else kind

        def issue(store: Store, today: dt.date) -> dict[str, Any]:
            from desktop.domain import notices  # reportlab: on the first print only

            return notices.issue(
                store, kind, record_id, today, correction=correction, person=person
            )

        self._issue_with(kind, what, issue, dialog, record_id)

    def _issue_with(
        self,
        kind: str,
        what: str,
        issue: Callable[[Store, dt.date], dict[str, Any]],
        dialog: PrintPreviewDialog | None,
        record_id: int | None = None,
    ) -> None:
        today = self.store.today()
        try:
            year = notice_kinds.dated(self.store, kind, record_id, today).year
            expected = numbering.preview_number(self.store, kind, year)
        except UserError as exc:
            self._error(exc)
            return
        if not self.confirm(
            dialog or self.window,
            "正式制发",
            f"即将制发{what}。\n制发后将占用文号 {expected}（预计）并登记，不可修改。是否继续？",
        ):
            return

        def run(store: Store, _job: object) -> tuple[dict[str, Any], bytes]:
            from desktop.domain import notices  # reportlab: on the first print only

            doc = issue(store, today)
            return doc, notices.reprint(store, int(doc["id"]))

        def done(result: tuple[dict[str, Any], bytes]) -> None:
            doc, pdf = result
            self.issued.append(doc)
            title = f"{doc['kind']} {doc['number']}"
            status = f"已制发并登记：{doc['number']}"
            if dialog is not None and dialog in self.dialogs:
                dialog.on_issue = None
                dialog.show_pdf(pdf, title, status=status)
            else:
                self._open(pdf, title, status=status)
            if self.on_issued is not None:
                self.on_issued()

        self.work.run(run, on_success=done, label="正在制发…", cancellable=False)

    def preview_letter(self, letter: notice_kinds.Letter, parent: QWidget | None = None) -> None:
        """Preview a 提醒函（通用）; issuing it registers it against no record."""
        today = self.store.today()

        def build(store: Store, _job: object) -> bytes:
            from desktop.domain import notices  # reportlab: on the first print only

            return notices.preview_letter(store, letter, today)

        def shown(pdf: bytes) -> None:
            dialog = self._open(
                pdf, "提醒函（预览）", status="预览：尚未制发，文号空白", can_issue=True
            )
            if dialog is not None:

                def issue(store: Store, day: dt.date) -> dict[str, Any]:
                    from desktop.domain import notices

                    return notices.issue_letter(store, letter, day)

                dialog.on_issue = lambda: self._issue_with(
                    notice_kinds.REMINDER_LETTER, "提醒函", issue, dialog
                )

        self.work.run(
            build,
            on_success=shown,
            on_failure=lambda exc: self.work.report_error(parent or self.window, exc),
            label="正在生成预览…",
        )

    # -- dialogs ----------------------------------------------------------------------

    def _open(
        self,
        pdf: bytes,
        title: str,
        *,
        status: str = "",
        can_issue: bool = False,
    ) -> PrintPreviewDialog | None:
        try:
            dialog = PrintPreviewDialog(
                pdf,
                title,
                self.window,
                on_issue=(lambda: None) if can_issue else None,
                status=status,
                choose_path=self.choose_path,
                ask_print=self.ask_print,
            )
        except UserError as exc:
            self._error(exc)
            return None
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda *_: self._forget(dialog))
        self.dialogs.append(dialog)
        dialog.show()
        return dialog

    def _forget(self, dialog: PrintPreviewDialog) -> None:
        if dialog in self.dialogs:
            self.dialogs.remove(dialog)
