"""开始使用: on an empty ledger, a short guided start — the office's name, 代字 and contact,
then its units and persons (or an import of the ledgers it already keeps). Skippable; it
comes back at the next start while the ledger has neither units nor persons."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.queries import settings
from desktop.store.errors import UserError

if TYPE_CHECKING:
    from desktop.store.db import Store

OFFICE_FIELDS = (
    ("office_name", "单位名称（发文机关）", "如 清河县纪委监委"),
    ("office_short", "机关简称（文号代字）", "如 清纪"),
    ("contact_person", "联系人", ""),
    ("contact_phone", "联系电话", ""),
)


def needs_first_start(store: Store) -> bool:
    """A ledger with neither units nor persons has not been set up yet."""
    return not settings.is_set_up(store)


def parse_people(text: str, units: set[str]) -> list[tuple[str, str]]:
    """'姓名 所在单位' a line → (name, unit); UserError naming the line that is wrong."""
    people = []
    for number, line in enumerate(text.splitlines(), start=1):
        parts = line.replace("，", " ").replace(",", " ").replace("\t", " ").split()
        if not parts:
            continue
        if len(parts) < 2:
            raise UserError(f"人员第{number}行：请写成“姓名 所在单位”，所在单位必须填写")
        name, unit = parts[0], " ".join(parts[1:])
        if unit not in units:
            raise UserError(f"人员第{number}行：没有名为“{unit}”的单位，请先在上面的单位中填写")
        people.append((name, unit))
    return people


class FirstStartDialog(QDialog):
    """Two steps, 上一步/下一步, 跳过 at any time; 完成 writes everything in one transaction."""

    def __init__(
        self,
        store: Store,
        parent: QWidget | None = None,
        *,
        import_ledger: Callable[[], object] | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.setObjectName("firstStart")
        self.setWindowTitle("开始使用")
        self.steps = QStackedWidget(self)

        office = QWidget()
        form = QFormLayout(office)
        form.addRow(
            _wrapped(
                "欢迎使用清风台账。先填写本机关的基本信息，文书的发文机关、文号代字和联系人"
                "取自这里（以后可在“设置”中修改）。"
            )
        )
        self.office: dict[str, QLineEdit] = {}
        for key, label, hint in OFFICE_FIELDS:
            edit = QLineEdit(store.setting(key) or "")
            edit.setObjectName(key)
            edit.setPlaceholderText(hint)
            form.addRow(label, edit)
            self.office[key] = edit

        people = QWidget()
        layout = QVBoxLayout(people)
        layout.addWidget(
            _wrapped(
                "再录入本机关监督的单位和人员（谈话、线索都要从中选择）。每行一个单位；"
                "人员每行写“姓名 所在单位”。也可以导入已有的 Excel 台账。"
            )
        )
        layout.addWidget(QLabel("单位（每行一个）"))
        self.units = QPlainTextEdit()
        self.units.setObjectName("units")
        self.units.setTabChangesFocus(True)
        self.units.setPlaceholderText("城关镇\n县财政局")
        layout.addWidget(self.units)
        layout.addWidget(QLabel("人员（每行：姓名 所在单位）"))
        self.persons = QPlainTextEdit()
        self.persons.setObjectName("persons")
        self.persons.setTabChangesFocus(True)
        self.persons.setPlaceholderText("王芳 城关镇\n张伟 县财政局")
        layout.addWidget(self.persons)
        self.import_button = QPushButton("导入已有台账…")
        self.import_button.setObjectName("importLedger")
        self.import_button.setVisible(import_ledger is not None)
        if import_ledger is not None:
            self.import_button.clicked.connect(lambda: import_ledger())
        layout.addWidget(self.import_button)

        self.steps.addWidget(office)
        self.steps.addWidget(people)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setStyleSheet("color: #c0392b;")
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        self.skip_button = QPushButton("跳过")
        self.back_button = QPushButton("上一步")
        self.next_button = QPushButton("下一步")
        self.skip_button.clicked.connect(self.reject)
        self.back_button.clicked.connect(lambda: self.go(0))
        self.next_button.clicked.connect(self.forward)
        buttons = QHBoxLayout()
        buttons.addWidget(self.skip_button)
        buttons.addStretch()
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        main = QVBoxLayout(self)
        main.addWidget(self.steps, 1)
        main.addWidget(self.error)
        main.addLayout(buttons)
        self.resize(620, 480)
        self.go(0)

    def go(self, step: int) -> None:
        self.steps.setCurrentIndex(step)
        self.back_button.setVisible(step > 0)
        self.next_button.setText("完成" if step == 1 else "下一步")
        self.next_button.setDefault(True)
        self.error.setVisible(False)

    def forward(self) -> None:
        if self.steps.currentIndex() == 0:
            for key in ("office_name", "office_short"):
                if not self.office[key].text().strip():
                    label = dict((k, lab) for k, lab, _h in OFFICE_FIELDS)[key]
                    self.show_error(f"{label}：必须填写")
                    return
            self.go(1)
            return
        if self.finish():
            self.accept()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(True)

    def finish(self) -> bool:
        """Settings, units and persons, all or nothing."""
        from desktop.store import records  # the guide's only: not loaded for every start

        units = [u.strip() for u in self.units.toPlainText().splitlines() if u.strip()]
        existing = settings.unit_ids_by_name(self.store)
        try:
            people = parse_people(self.persons.toPlainText(), set(units) | set(existing))
            with self.store.transaction():
                for key, edit in self.office.items():
                    value = edit.text().strip()
                    if value != (self.store.setting(key) or ""):
                        self.store.set_setting(key, value)
                ids = dict(existing)
                for name in dict.fromkeys(units):
                    if name not in ids:
                        ids[name] = records.insert(self.store, "units", {"name": name})
                for name, unit in people:
                    records.insert(self.store, "persons", {"name": name, "unit_id": ids[unit]})
        except UserError as exc:
            self.show_error(str(exc))
            return False
        return True


def _wrapped(text: str) -> QLabel:
    """An explanatory paragraph that wraps to the dialog's width."""
    label = QLabel(text)
    label.setWordWrap(True)
    return label
