"""Rows that live inside a record (a clue's persons and outcomes, a rectification's
progress reports and checks, ...): a table on the parent form plus a sub-form dialog."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.queries.forms import person_now
from desktop.store.kinds import CAMPAIGN_LINKS, Kind, kind
from desktop.ui.dialogs import field_text
from desktop.ui.forms.binder import (
    FOCUS_STYLE,
    AskName,
    Binder,
    ask_person_name,
    keep_wrapped_height,
)
from desktop.ui.forms.loader import focus_first_field, load_form
from desktop.ui.name_completer import NameCompleter
from desktop.ui.screen import fit, scrolled

if TYPE_CHECKING:
    from desktop.store.db import Store

Row = dict[str, Any]
ExtraColumn = tuple[str, Callable[[Row], str]]

# Columns shown in a parent's table, per child kind (all other fields live in the sub-form).
COLUMNS: dict[str, tuple[str, ...]] = {
    "person_posts": ("unit_id", "post", "rank", "start_date", "end_date"),
    "talk_talkers": ("name", "role"),
    "talk_subjects": ("person_id", "unit_name", "post"),
    "clue_persons": ("person_id", "unit_name", "post", "rank", "filed", "voluntary"),
    "clue_outcomes": ("person_id", "outcome", "decided_date", "decided_by"),
    "inspection_units": ("unit_id",),
    "rect_progress": ("date", "content", "materials"),
    "rect_checks": ("date", "method", "result", "passed", "evidence"),
    "campaign_units": ("unit_id",),
    "activity_units": ("unit_id",),
    "activity_persons": ("person_id", "role", "assessment", "score"),
    "bulletin_items": ("summary", "clue_id", "rect_id", "person_id", "unit_id"),
    "clue_exposures": ("person_id", "date", "channel", "bulletin_id"),
    **{table: ("campaign_id",) for _parent, table, _fk in CAMPAIGN_LINKS},
}

# A column that shows another field when its own is empty: one 单位 column for a post,
# the chosen unit or the unit typed by name (not two columns saying the same).
FALLBACKS: dict[str, dict[str, str]] = {"person_posts": {"unit_id": "unit_name"}}


class ChildDialog(QDialog):
    """The sub-form of one child row: forms/<child table>.ui, 确定 disabled while invalid."""

    def __init__(
        self,
        store: Store,
        child: Kind,
        fk: str,
        values: Row | None,
        parent: QWidget | None,
        ask_name: AskName,
        *,
        defaults: Row | None = None,
        person_ids: list[int] | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.kind = child
        self.setObjectName(f"{child.table}_dialog")
        self.setStyleSheet(FOCUS_STYLE)
        self.setWindowTitle(("修改" if values else "添加") + child.label)
        self.body = load_form(child.table, self)
        self.binder = Binder(store, child, self.body, skip=(fk,), ask_name=ask_name)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("确定")
        self.ok_button.setObjectName("ok")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scrolled(self.body), 1)
        layout.addWidget(self.buttons)
        hint = self.body.sizeHint()
        fit(self, hint.width() + 40, hint.height() + 70)
        self.row_id = (values or {}).get("id")
        if person_ids is not None:
            limit_persons(self.binder, person_ids)
        if values:
            self.binder.set_values(values)
        elif defaults:
            self.binder.set_values(defaults)
        self.binder.changed.connect(self.revalidate)
        if "person_id" in self.binder.widgets:
            self.binder.changed.connect(self._prefill_from_person)
        self._last_person: Any = (
            self.binder.raw("person_id") if "person_id" in self.binder.widgets else None
        )
        self.revalidate()
        focus_first_field(child.table, self.body)

    def revalidate(self) -> dict[str, str]:
        problems = self.binder.check(None, child=True)
        self.binder.show_errors(problems)
        self.ok_button.setEnabled(not problems)
        return problems

    def _prefill_from_person(self) -> None:
        """Choosing a person fills unit/post/rank at the time from the person's record."""
        person = self.binder.raw("person_id")
        if person == self._last_person or not isinstance(person, int):
            self._last_person = person
            return
        self._last_person = person
        source = person_now(self.store, person)
        if source is None:
            return
        for name in ("unit_name", "post", "rank", "name"):
            if name in self.binder.widgets and source.get(name):
                self.binder.set_value(name, source[name])

    def row(self) -> Row:
        values = self.binder.values()
        if self.row_id is not None:
            values["id"] = self.row_id
        return values

    def _accept(self) -> None:
        if not self.revalidate():
            self.accept()


def limit_persons(binder: Binder, person_ids: list[int]) -> None:
    """The person picker offers only these persons (a clue's outcome is for one of the
    clue's reported persons), and picks the only one when there is one."""
    combo = binder.widgets.get("person_id")
    if not isinstance(combo, QComboBox):
        return
    completer = combo.completer()
    assert isinstance(completer, NameCompleter)
    completer.only(person_ids)
    allowed = set(person_ids)
    if len(allowed) == 1:
        binder.set_value("person_id", next(iter(allowed)))


class ChildTable(QObject):
    """A QTableWidget of child rows with 添加/修改/移除; rows are kept in memory until save."""

    changed = Signal()

    def __init__(
        self,
        store: Store,
        parent_kind: Kind,
        child_table: str,
        fk: str,
        root: QWidget,
        *,
        ask_name: AskName = ask_person_name,
    ) -> None:
        super().__init__(root)
        self.store = store
        self.kind = kind(child_table)
        self.fk = fk
        self.root = root
        self.ask_name = ask_name
        self.rows: list[Row] = []
        self.extra_columns: list[ExtraColumn] = []
        self.columns = COLUMNS.get(
            child_table, tuple(f.name for f in self.kind.fields if f.name != fk)
        )
        table = root.findChild(QTableWidget, child_table)
        assert table is not None, child_table
        self.table = table
        self.error = root.findChild(QLabel, f"{child_table}_error") or QLabel(root)
        self.error.setVisible(False)
        keep_wrapped_height(self.error)
        self.add_button = root.findChild(QPushButton, f"{child_table}_add")
        self.edit_button = root.findChild(QPushButton, f"{child_table}_edit")
        self.remove_button = root.findChild(QPushButton, f"{child_table}_remove")
        self.dialog: ChildDialog | None = None
        # what a new row starts with, and (when set) the only persons it may name
        self.new_row: Callable[[], Row] = dict
        self.person_ids: Callable[[], list[int]] | None = None
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setTabKeyNavigation(False)  # Tab leaves the table for the next field
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setStretchLastSection(True)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.doubleClicked.connect(lambda _index: self.edit_selected())
        if self.add_button is not None:
            self.add_button.clicked.connect(self.add)
        if self.edit_button is not None:
            self.edit_button.clicked.connect(self.edit_selected)
        if self.remove_button is not None:
            self.remove_button.clicked.connect(self.remove_selected)
        self.render()

    def set_rows(self, rows: list[Row]) -> None:
        self.rows = [
            {k: v for k, v in r.items() if k in self.kind.names or k == "id"} for r in rows
        ]
        for r in self.rows:
            r.pop(self.fk, None)
            r.pop("created_at", None)
            r.pop("updated_at", None)
        self.render()

    def render(self) -> None:
        headers = [self.kind.field(c).label for c in self.columns] + [
            h for h, _ in self.extra_columns
        ]
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(self.rows))
        fallbacks = FALLBACKS.get(self.kind.table, {})
        for r, row in enumerate(self.rows):
            for c, name in enumerate(self.columns):
                shown = name if row.get(name) or name not in fallbacks else fallbacks[name]
                text = field_text(self.store, self.kind.table, shown, row.get(shown))
                self.table.setItem(r, c, QTableWidgetItem(text))
            for c, (_header, fn) in enumerate(self.extra_columns, start=len(self.columns)):
                self.table.setItem(r, c, QTableWidgetItem(fn(row)))
        has = bool(self.rows)
        for button in (self.edit_button, self.remove_button):
            if button is not None:
                button.setEnabled(has)

    def selected(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            return rows[0].row()
        return 0 if len(self.rows) == 1 else None

    def _open(self, index: int | None) -> ChildDialog:
        values = self.rows[index] if index is not None else None
        dialog = ChildDialog(
            self.store,
            self.kind,
            self.fk,
            values,
            self.root,
            self.ask_name,
            defaults=self.new_row() if values is None else None,
            person_ids=self.person_ids() if self.person_ids is not None else None,
        )
        dialog.setModal(True)
        dialog.accepted.connect(lambda: self._done(dialog, index))
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        dialog.finished.connect(lambda _r: self._back_to_table(index))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _back_to_table(self, index: int | None) -> None:
        """The keyboard goes back where it came from: 添加 (to add another, or Tab on), or
        the row just edited."""
        window = self.root.window()
        window.activateWindow()
        if index is None and self.add_button is not None:
            self.add_button.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def add(self) -> ChildDialog:
        return self._open(None)

    def edit_selected(self) -> ChildDialog | None:
        index = self.selected()
        return None if index is None else self._open(index)

    def _done(self, dialog: ChildDialog, index: int | None) -> None:
        row = dialog.row()
        if index is None:
            self.rows.append(row)
        else:
            self.rows[index] = row
        self.dialog = None
        self.render()
        self.changed.emit()

    def remove_selected(self) -> None:
        index = self.selected()
        if index is None:
            return
        del self.rows[index]
        self.render()
        self.changed.emit()

    def add_row(self, values: Row) -> None:
        """Programmatic add (restoring a draft)."""
        self.rows.append(dict(values))
        self.render()
        self.changed.emit()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def person_combo(self) -> QComboBox | None:
        if self.dialog is None:
            return None
        w = self.dialog.binder.widgets.get("person_id")
        return w if isinstance(w, QComboBox) else None
