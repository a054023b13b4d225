"""设置: office details, 文书代字, time limits, dictionaries, the holiday table, the wording
of documents, backups, password and the audit log."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.workdays import parse_period
from desktop.queries import settings
from desktop.store import dictionaries, holidays
from desktop.store.errors import UserError
from desktop.ui.backup_dialogs import BackupPanel
from desktop.ui.pages.audit_page import AuditPage
from desktop.ui.pages.wording_page import WordingEditor
from desktop.ui.security import PasswordPanel

if TYPE_CHECKING:
    from desktop.store.db import Store
    from desktop.ui.work import Work

AskText = Callable[[QWidget, str, str, str], str | None]  # (parent, title, label, text)

OFFICE_KEYS = (
    "office_name",
    "office_short",
    "contact_department",
    "contact_person",
    "contact_phone",
    "office_address",
    "talk_approver",
    "operator",
)
HOLIDAY_OFF = "放假"
HOLIDAY_WORK = "调休上班"
ERROR_STYLE = "color: #c0392b;"
REPORTER_SINCE = "reporter_reply_since"  # a date, on the 办理时限 tab


def ask_text(parent: QWidget, title: str, label: str, text: str) -> str | None:
    value, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, text)
    return value if ok else None


def _check_required(key: str, value: str) -> str | None:
    if key in ("office_name", "office_short", "operator") and not value:
        return "不能为空"
    return None


def _check_code(key: str, value: str) -> str | None:
    return "不能为空" if key.startswith("doc_code.") and not value else None


def _check_limit(key: str, value: str) -> str | None:
    if key == REPORTER_SINCE:
        try:
            if value:
                dt.date.fromisoformat(value)
        except ValueError:
            return "应为日期，如 2026-01-01；留空则全部列入"
        return None
    try:
        parse_period(value)
    except ValueError as exc:
        return str(exc)
    return None


class SettingsForm(QWidget):
    """One group of settings: a line edit per key with its error beside it, and 保存."""

    def __init__(
        self,
        store: Store,
        keys: list[tuple[str, str]],
        check: Callable[[str, str], str | None],
        on_saved: Callable[[], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.check = check
        self.on_saved = on_saved
        self.edits: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for key, label in keys:
            edit = QLineEdit(store.setting(key) or "")
            edit.setObjectName(key)
            edit.setMaxLength(200)
            edit.setMinimumWidth(260)
            edit.textEdited.connect(lambda _t, k=key: self._validate(k))
            error = QLabel()
            error.setObjectName(f"error_{key}")
            error.setStyleSheet(ERROR_STYLE)
            error.setWordWrap(True)
            row = QHBoxLayout()
            row.addWidget(edit, 2)
            row.addWidget(error, 3)
            form.addRow(f"{label}：", row)
            self.edits[key], self.errors[key] = edit, error
        layout.addLayout(form)
        buttons = QHBoxLayout()
        self.status = QLabel()
        self.status.setObjectName("status")
        self.save_button = QPushButton("保存")
        self.save_button.setObjectName("save")
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        layout.addStretch(1)

    def _validate(self, key: str) -> bool:
        message = self.check(key, self.edits[key].text().strip())
        self.errors[key].setText(message or "")
        return message is None

    def save(self) -> bool:
        """Save every changed value if all are valid; nothing is saved otherwise."""
        ok = all([self._validate(key) for key in self.edits])
        if not ok:
            self.status.setText("有填写错误，未保存")
            self.status.setStyleSheet(ERROR_STYLE)
            return False
        changed = 0
        for key, edit in self.edits.items():
            value = edit.text().strip()
            if value != (self.store.setting(key) or ""):
                self.store.set_setting(key, value)
                changed += 1
        self.status.setStyleSheet("color: #2e7d32;")
        self.status.setText(f"已保存 {changed} 项" if changed else "没有改动")
        if self.on_saved is not None:
            self.on_saved()
        return True

    def reload(self) -> None:
        for key, edit in self.edits.items():
            edit.setText(self.store.setting(key) or "")
            self.errors[key].clear()


class DictionaryEditor(QWidget):
    """Pick a dictionary; add, rename (records follow), retire or bring back its items."""

    def __init__(self, store: Store, work: Work, ask: AskText, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.work = work
        self.ask = ask
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("字典："))
        self.combo = QComboBox()
        self.combo.setObjectName("dictionary")
        self.combo.setMinimumContentsLength(16)
        for name, label in dictionaries.names(store):
            self.combo.addItem(label, name)
        self.combo.currentIndexChanged.connect(lambda _i: self._dictionary_changed())
        top.addWidget(self.combo)
        top.addStretch(1)
        layout.addLayout(top)
        self.items = QListWidget()
        self.items.setObjectName("dict_items")
        self.items.currentRowChanged.connect(lambda _r: self._update_buttons())
        layout.addWidget(self.items, 1)
        buttons = QHBoxLayout()
        self.add_button = QPushButton("新增")
        self.rename_button = QPushButton("重命名")
        self.rename_button.setToolTip("改名后，使用该值的记录一并更新")
        self.retire_button = QPushButton("停用")
        self.add_button.clicked.connect(self.add)
        self.rename_button.clicked.connect(self.rename)
        self.retire_button.clicked.connect(self.toggle_active)
        for b in (self.add_button, self.rename_button, self.retire_button):
            buttons.addWidget(b)
        self.message = QLabel()
        self.message.setObjectName("dict_message")
        buttons.addWidget(self.message, 1)
        layout.addLayout(buttons)
        self.properties = QGroupBox("属性")
        self.properties.setObjectName("dict_properties")
        box = QVBoxLayout(self.properties)
        self.property_form = QFormLayout()
        box.addLayout(self.property_form)
        self.property_widgets: dict[str, QWidget] = {}
        self.save_properties_button = QPushButton("保存属性")
        self.save_properties_button.setObjectName("dict_save_properties")
        self.save_properties_button.clicked.connect(self.save_properties)
        row = QHBoxLayout()
        row.addWidget(self.save_properties_button)
        row.addStretch(1)
        box.addLayout(row)
        self.properties.setMinimumWidth(520)
        self.properties.setMaximumWidth(720)
        layout.addWidget(self.properties, 0, Qt.AlignmentFlag.AlignLeft)
        self.reload()

    def dictionary(self) -> str:
        return str(self.combo.currentData())

    def current_label(self) -> str | None:
        item = self.items.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def select(self, label: str) -> None:
        for row in range(self.items.count()):
            item = self.items.item(row)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == label:
                self.items.setCurrentRow(row)
                return
        raise KeyError(label)

    def reload(self, keep: str | None = None) -> None:
        self.items.clear()
        for entry in dictionaries.items(self.store, self.dictionary()):
            text = entry.label if entry.active else f"{entry.label}（已停用）"
            if dictionaries.is_fixed(self.dictionary(), entry.label):
                text += "（固定项）"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, entry.label)
            item.setData(Qt.ItemDataRole.UserRole + 1, entry.active)
            if not entry.active:
                item.setForeground(QColor("#8c8c8c"))
            self.items.addItem(item)
        if keep is not None:
            self.select(keep)
        self._update_buttons()

    def _update_buttons(self) -> None:
        item = self.items.currentItem()
        label = self.current_label()
        fixed = label is not None and dictionaries.is_fixed(self.dictionary(), label)
        self.rename_button.setEnabled(item is not None and not fixed)
        self.retire_button.setEnabled(item is not None and not fixed)
        tip = "统计、办理规则或文书依据此项，不能改名或停用" if fixed else ""
        self.rename_button.setToolTip(tip or "改名后，使用该值的记录一并更新")
        self.retire_button.setToolTip(tip)
        active = item is None or bool(item.data(Qt.ItemDataRole.UserRole + 1))
        self.retire_button.setText("停用" if active else "恢复启用")
        self._show_properties()

    # -- an item's properties (形态, 类别, 影响期, 别名 ...) -------------------------------------

    def _dictionary_changed(self) -> None:
        self.property_widgets = {}
        self.reload()

    def _build_properties(self) -> None:
        """One widget per property of the current dictionary (built when it changes)."""
        while self.property_form.rowCount():
            self.property_form.removeRow(0)
        self.property_widgets = {}
        for prop in dictionaries.properties(self.dictionary()):
            widget: QWidget
            if prop.type == "choice":
                combo = QComboBox()
                for stored, shown in prop.choices:
                    combo.addItem(shown, stored)
                widget = combo
            else:
                line = QLineEdit()
                line.setPlaceholderText(prop.note)
                line.returnPressed.connect(self.save_properties)
                widget = line
            widget.setObjectName(f"prop_{prop.key}")
            widget.setToolTip(prop.note)
            self.property_widgets[prop.key] = widget
            self.property_form.addRow(f"{prop.label}：", widget)

    def _show_properties(self) -> None:
        label = self.current_label()
        if not self.property_widgets:
            self._build_properties()
        self.properties.setEnabled(label is not None)
        self.properties.setTitle(f"属性：{label}" if label else "属性（先在上面选中一项）")
        item = dictionaries.get(self.store, self.dictionary(), label) if label else None
        extra = item.extra if item is not None else {}
        for prop in dictionaries.properties(self.dictionary()):
            widget = self.property_widgets[prop.key]
            value = extra.get(prop.key)
            if isinstance(widget, QComboBox):
                index = widget.findData(value)
                widget.setCurrentIndex(max(index, 0))
            elif isinstance(widget, QLineEdit):
                if isinstance(value, list):
                    widget.setText("、".join(str(v) for v in value))
                else:
                    widget.setText("" if value is None else str(value))

    def property_values(self) -> dict[str, object]:
        values: dict[str, object] = {}
        for key, widget in self.property_widgets.items():
            if isinstance(widget, QComboBox):
                values[key] = widget.currentData()
            elif isinstance(widget, QLineEdit):
                values[key] = widget.text()
        return values

    def save_properties(self) -> bool:
        label = self.current_label()
        if label is None:
            return False
        name = self.dictionary()
        values = self.property_values()

        def run() -> str:
            dictionaries.set_properties(self.store, name, label, values)
            return f"已保存“{label}”的属性"

        return self._run(run, label)

    def _run(self, action: Callable[[], str], keep: str | None) -> bool:
        try:
            text = action()
        except UserError as exc:
            self.message.setStyleSheet(ERROR_STYLE)
            self.message.setText(str(exc))
            return False
        self.message.setStyleSheet("color: #2e7d32;")
        self.message.setText(text)
        self.reload(keep)
        return True

    def add(self) -> bool:
        label = self.ask(self, "新增字典项", f"新增到“{self.combo.currentText()}”：", "")
        if label is None:
            return False
        name = self.dictionary()

        def run() -> str:
            dictionaries.add_item(self.store, name, label)
            more = "，请在下方设置其属性" if name in dictionaries.PROPERTIES else ""
            return f"已新增“{label.strip()}”{more}"

        return self._run(run, label.strip())

    def rename(self) -> bool:
        old = self.current_label()
        if old is None:
            return False
        new = self.ask(self, "重命名字典项", f"将“{old}”改为（使用该值的记录一并更新）：", old)
        if new is None or new.strip() == old:
            return False
        name = self.dictionary()

        def run() -> str:
            n = dictionaries.rename_item(self.store, name, old, new)
            return f"已改名，更新了 {n} 条记录"

        return self._run(run, new.strip())

    def toggle_active(self) -> bool:
        item = self.items.currentItem()
        label = self.current_label()
        if item is None or label is None:
            return False
        active = not bool(item.data(Qt.ItemDataRole.UserRole + 1))
        name = self.dictionary()

        def run() -> str:
            dictionaries.set_active(self.store, name, label, active)
            return f"已恢复启用“{label}”" if active else f"已停用“{label}”（旧记录不受影响）"

        return self._run(run, label)


class HolidayEditor(QWidget):
    """The holiday table by year: shipped years and the office's own entries."""

    def __init__(self, store: Store, ask: AskText, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.ask = ask
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("年度："))
        self.year = QComboBox()
        self.year.setObjectName("holiday_year")
        self.year.setMinimumContentsLength(14)
        self.year.currentIndexChanged.connect(lambda _i: self.load_year())
        top.addWidget(self.year)
        self.new_year_button = QPushButton("录入新年度…")
        self.new_year_button.clicked.connect(self.new_year)
        top.addWidget(self.new_year_button)
        top.addStretch(1)
        layout.addLayout(top)
        hint = QLabel(
            "按国务院办公厅当年发布的放假安排录入：每行一个日期，类型为“放假”或“调休上班”。"
            "保存后替换该年度的全部安排。"
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #666;")
        layout.addWidget(hint)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("holiday_days")
        self.table.setHorizontalHeaderLabels(["日期", "类型", "节日名称"])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(0, 130)
        self.table.setColumnWidth(1, 120)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.add_button = QPushButton("添加一行")
        self.remove_button = QPushButton("删除选中行")
        self.save_button = QPushButton("保存本年度")
        self.save_button.setObjectName("save_holidays")
        self.add_button.clicked.connect(lambda: self.add_row())
        self.remove_button.clicked.connect(self.remove_row)
        self.save_button.clicked.connect(self.save)
        self.message = QLabel()
        self.message.setObjectName("holiday_message")
        self.message.setWordWrap(True)
        for b in (self.add_button, self.remove_button):
            buttons.addWidget(b)
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        self.reload_years()

    def reload_years(self, select: int | None = None) -> None:
        known = holidays.known_years(self.store)
        current = select if select is not None else self.year.currentData()
        self.year.blockSignals(True)
        self.year.clear()
        for year in sorted(known, reverse=True):
            source = "本单位录入" if known[year] == "本单位录入" else "内置"
            self.year.addItem(f"{year}年（{source}）", year)
        if current is not None and self.year.findData(current) < 0:
            self.year.insertItem(0, f"{current}年（未保存）", current)
        index = self.year.findData(current) if current is not None else 0
        self.year.setCurrentIndex(max(index, 0))
        self.year.blockSignals(False)
        self.load_year()

    def current_year(self) -> int | None:
        data = self.year.currentData()
        return None if data is None else int(data)

    def load_year(self) -> None:
        year = self.current_year()
        self.table.setRowCount(0)
        if year is None:
            return
        for entry in holidays.entries(self.store):
            if entry.day.year == year:
                self.add_row(entry.day.isoformat(), entry.is_workday, entry.name)
        self.message.clear()

    def add_row(self, day: str = "", is_workday: bool = False, name: str = "") -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(day))
        kind = QComboBox()
        kind.addItems([HOLIDAY_OFF, HOLIDAY_WORK])
        kind.setCurrentIndex(1 if is_workday else 0)
        self.table.setCellWidget(row, 1, kind)
        self.table.setItem(row, 2, QTableWidgetItem(name))
        return row

    def remove_row(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        for row in rows:
            self.table.removeRow(row)

    def new_year(self) -> int | None:
        text = self.ask(self, "录入新年度", "年度（如 2027）：", str(self.store.today().year + 1))
        if text is None:
            return None
        try:
            year = int(text.strip())
            if not 2000 <= year <= 2100:
                raise ValueError
        except ValueError:
            self._error(f"年度“{text.strip()}”无效")
            return None
        self.reload_years(select=year)
        return year

    def _error(self, text: str) -> None:
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setText(text)

    def rows(self) -> list[holidays.HolidayEntry]:
        """The table as entries; raises UserError naming the first bad row."""
        result = []
        for row in range(self.table.rowCount()):
            day_item, name_item = self.table.item(row, 0), self.table.item(row, 2)
            day_text = day_item.text().strip() if day_item else ""
            name = name_item.text().strip() if name_item else ""
            if not day_text and not name:
                continue
            try:
                day = dt.date.fromisoformat(day_text)
            except ValueError:
                raise UserError(
                    f"第 {row + 1} 行：日期“{day_text}”应为 2027-01-01 的格式"
                ) from None
            kind = self.table.cellWidget(row, 1)
            is_workday = isinstance(kind, QComboBox) and kind.currentText() == HOLIDAY_WORK
            result.append(holidays.HolidayEntry(day, is_workday, name))
        return result

    def save(self) -> bool:
        year = self.current_year()
        if year is None:
            self._error("请先选择或录入年度")
            return False
        try:
            days = self.rows()
            if not days:
                raise UserError("该年度没有任何日期，未保存")
            holidays.replace_year(self.store, year, days)
        except UserError as exc:
            self._error(str(exc))
            return False
        self.reload_years(select=year)
        self.message.setStyleSheet("color: #2e7d32;")
        self.message.setText(f"{year}年放假安排已保存（{len(days)} 天），期限计算按此执行")
        return True


class SettingsPage(QWidget):
    def __init__(
        self,
        store: Store,
        work: Work,
        parent: QWidget | None = None,
        *,
        ask: AskText = ask_text,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.work = work
        self.setObjectName("page_settings")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 6)
        heading = QLabel("设置")
        heading.setObjectName("pageTitle")
        layout.addWidget(heading)
        path = QLabel(f"数据文件：{store.path}")
        path.setObjectName("dataPath")
        path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(path)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("settingsTabs")
        layout.addWidget(self.tabs, 1)

        labels = settings.setting_labels(store)
        office = [(k, labels.get(k, k)) for k in OFFICE_KEYS]
        office = [(k, "经办人（操作员）") if k == "operator" else (k, lb) for k, lb in office]
        self.office = SettingsForm(store, office, _check_required, self._operator_saved)
        codes = [(k, lb) for k, lb in labels.items() if k.startswith("doc_code.")]
        codes += [(k, lb) for k, lb in labels.items() if k.startswith("cc.")]
        codes += [("printed_by", labels.get("printed_by", "印发机关"))]
        self.codes = SettingsForm(store, codes, _check_code)
        limits = [(k, lb) for k, lb in labels.items() if k.startswith("limit.")]
        limits += [(REPORTER_SINCE, labels.get(REPORTER_SINCE, "实名举报告知提醒起始日期"))]
        self.limits = SettingsForm(store, limits, _check_limit)
        self.dictionaries = DictionaryEditor(store, work, ask)
        self.holidays = HolidayEditor(store, ask)
        for widget, title in (
            (self.office, "单位与联系人"),
            (self.codes, "文书代字与版记"),
            (self.limits, "办理时限"),
        ):
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QScrollArea.Shape.NoFrame)
            scroll.setWidget(widget)
            self.tabs.addTab(scroll, title)
        self.tabs.addTab(self.dictionaries, "字典")
        self.tabs.addTab(self.holidays, "节假日")
        self.wordings = WordingEditor(store, work)
        self.tabs.addTab(self.wordings, "文书模板")
        self.backup = BackupPanel(store, work)
        self.security = PasswordPanel(store)
        self.security.changed.connect(self.office.reload)  # the operator may have changed
        self.audit = AuditPage(store, work)
        self.tabs.addTab(self.backup, "备份与恢复")
        self.tabs.addTab(self.security, "密码与锁定")
        self.tabs.addTab(self.audit, "审计日志")

    def show_tab(self, widget: QWidget) -> None:
        self.tabs.setCurrentWidget(widget)

    def _operator_saved(self) -> None:
        name = self.store.setting("operator")
        if name:
            self.store.operator = name  # the audit log names the operator from now on
        self.store.cache.pop("calendar", None)

    def refresh(self) -> None:
        for form in (self.office, self.codes, self.limits):
            form.reload()
        self.dictionaries.reload()
        self.holidays.reload_years()
        self.wordings.refresh()
