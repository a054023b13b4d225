"""Widgets of a Designer form <-> the fields of one record kind.

Each bound widget's objectName is the store field name; `<name>_error` is the red
label beside it and `<name>_calendar` the calendar button of a date. Values travel
as the store takes them (ISO dates, ids, 0/1, cents), so `records.validate` and
`records.insert/update` see exactly what the clerk entered.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QEvent, QObject, QPoint, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import dates
from desktop.queries.forms import ref_labels
from desktop.store import dictionaries, records
from desktop.store.errors import UserError, ValidationError
from desktop.store.kinds import Field, Kind
from desktop.ui.name_completer import NameCompleter, attach_name_completer

if TYPE_CHECKING:
    from desktop.store.db import Store

NEW_PERSON = -1
NEW_PERSON_TEXT = "新建人员…"
NEW_UNIT = -2
NEW_UNIT_TEXT = "新建单位…"
CREATE_ITEMS = {"persons": (NEW_PERSON_TEXT, NEW_PERSON), "units": (NEW_UNIT_TEXT, NEW_UNIT)}

AskName = Callable[[QWidget, str], str | None]


def ask_person_name(parent: QWidget, suggested: str) -> str | None:
    name, ok = QInputDialog.getText(parent, "新建人员", "姓名：", text=suggested)
    return name.strip() if ok and name.strip() else None


def ask_unit_name(parent: QWidget, suggested: str) -> str | None:
    name, ok = QInputDialog.getText(parent, "新建单位", "单位名称：", text=suggested)
    return name.strip() if ok and name.strip() else None


def add_create_item(combo: QComboBox, table: str) -> None:
    """A picker of persons or units ends with 新建人员…/新建单位…: the missing one is
    created on the spot, without leaving the form."""
    if table in CREATE_ITEMS:
        combo.addItem(*CREATE_ITEMS[table])


# The field the keyboard is in, plain to see: a 2-pixel blue frame (the native one is a
# faint line). Set on the form and sub-form windows, so it reaches every field in them.
FOCUS_STYLE = """
QLineEdit:focus, QPlainTextEdit:focus, QListWidget:focus, QTableWidget:focus,
QComboBox:focus { border: 2px solid #1f6fd1; border-radius: 3px; }
QCheckBox:focus { color: #1f6fd1; text-decoration: underline; }
QPushButton:focus, QToolButton:focus { border: 2px solid #1f6fd1; border-radius: 3px;
    padding: 3px 10px; }
"""


def move_on(widget: QWidget) -> None:
    """Focus the next field in the form's Tab order, as Tab would."""
    nxt = widget.nextInFocusChain()
    while nxt is not None and nxt is not widget:
        if (
            nxt.isEnabled()
            and nxt.isVisible()
            and nxt.focusPolicy() & Qt.FocusPolicy.TabFocus
            and nxt.focusProxy() is None
            and not widget.isAncestorOf(nxt)
        ):
            nxt.setFocus(Qt.FocusReason.TabFocusReason)
            return
        nxt = nxt.nextInFocusChain()


class EnterChooses(QObject):
    """Enter in a picker takes the typed name (or the first name containing it), and Tab's
    next field gets the focus; choosing from the list moves on the same way. Without this,
    Enter in a picker pressed the dialog's 保存."""

    def __init__(self, combo: QComboBox) -> None:
        super().__init__(combo)
        self.combo = combo
        line = combo.lineEdit()
        assert line is not None
        line.installEventFilter(self)
        combo.activated.connect(lambda _i: QTimer.singleShot(0, self._move_on))

    def _move_on(self) -> None:
        if self.combo.hasFocus() or self.combo.isAncestorOf(QApplication.focusWidget()):
            move_on(self.combo)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress:
            return False
        assert isinstance(event, QKeyEvent)
        if event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return False
        completer = self.combo.completer()
        if completer is not None and completer.popup().isVisible():
            return False  # the list takes it: `activated` moves on
        self.choose_typed()
        move_on(self.combo)
        return True

    def choose_typed(self) -> None:
        text = self.combo.currentText().strip()
        if not text:
            return
        index = self.combo.findText(text, Qt.MatchFlag.MatchFixedString)
        completer = self.combo.completer()
        if index < 0 and isinstance(completer, NameCompleter):
            matches = completer.load(text)  # the picker holds only what was looked up
            index = self.combo.findText(text, Qt.MatchFlag.MatchFixedString)
            if index < 0 and matches:
                index = self.combo.findData(matches[0])
        if index < 0:
            index = self.combo.findText(text, Qt.MatchFlag.MatchContains)
        if index >= 0:
            self.combo.setCurrentIndex(index)


class WrappedHeight(QObject):
    """A word-wrapped message label as tall as its text at its width. Inside the forms'
    nested form layouts Qt gives such a label one line's height, so a long message was
    clipped and ran into the row below."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(watched, QLabel) and event.type() in (
            QEvent.Type.Resize,
            QEvent.Type.Show,
        ):
            self.fit(watched)
        return False

    @staticmethod
    def fit(label: QLabel) -> None:
        height = label.heightForWidth(label.width()) if label.text() else 0
        if height > 0 and height != label.minimumHeight():
            label.setMinimumHeight(height)


def keep_wrapped_height(label: QLabel) -> None:
    """Make `label` (word-wrapped) grow to show its whole message."""
    label.setWordWrap(True)
    keeper = WrappedHeight(label)
    label.installEventFilter(keeper)


class TypedField(QObject):
    """A QLineEdit whose text is rewritten the way the store keeps it when the clerk leaves
    it (`12-3` → 2026-12-03, `0930` → 09:30)."""

    def __init__(self, edit: QLineEdit, tidy: Callable[[str], str]) -> None:
        super().__init__(edit)
        self.edit = edit
        self.tidy = tidy
        edit.editingFinished.connect(self._tidy)

    def _tidy(self) -> None:
        tidy = self.tidy(self.edit.text())
        if tidy != self.edit.text():
            self.edit.setText(tidy)


class DateField(TypedField):
    """A QLineEdit that takes typed dates (empty allowed) plus a calendar popup button;
    F4 or Alt+↓ in the field opens the calendar too (the button takes no Tab stop)."""

    def __init__(
        self, edit: QLineEdit, button: QToolButton | None, tidy: Callable[[str], str]
    ) -> None:
        super().__init__(edit, tidy)
        self.button = button
        self.popup: QCalendarWidget | None = None
        if button is not None:
            button.clicked.connect(self.show_calendar)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setToolTip("选择日期（在日期框中按 F4 也可打开）")
        edit.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            alt_down = event.key() == Qt.Key.Key_Down and bool(
                event.modifiers() & Qt.KeyboardModifier.AltModifier
            )
            if event.key() == Qt.Key.Key_F4 or alt_down:
                self.show_calendar().setFocus()
                return True
        return False

    def show_calendar(self) -> QCalendarWidget:
        popup = QCalendarWidget(self.edit.window())
        popup.setWindowFlags(Qt.WindowType.Popup)
        popup.setObjectName(f"{self.edit.objectName()}_popup")
        popup.setGridVisible(True)
        try:
            day = dt.date.fromisoformat(self.edit.text().strip())
            popup.setSelectedDate(QDate(day.year, day.month, day.day))
        except ValueError:
            pass
        popup.clicked.connect(self.pick)
        popup.activated.connect(self.pick)
        popup.move(self.edit.mapToGlobal(QPoint(0, self.edit.height())))
        popup.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        popup.show()
        self.popup = popup
        return popup

    def pick(self, day: QDate) -> None:
        self.edit.setText(day.toString("yyyy-MM-dd"))
        if self.popup is not None:
            self.popup.close()
            self.popup = None


class Binder(QObject):
    """Reads, writes and checks the bound fields; emits `changed` on every edit."""

    changed = Signal()
    person_created = Signal(int)

    def __init__(
        self,
        store: Store,
        k: Kind,
        root: QWidget,
        *,
        skip: tuple[str, ...] = (),
        ask_name: AskName = ask_person_name,
    ) -> None:
        super().__init__(root)
        self.store = store
        self.kind = k
        self.root = root
        self.ask_name = ask_name
        self.ask_unit: AskName = ask_unit_name
        self.widgets: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.dates: dict[str, DateField] = {}
        self.times: dict[str, TypedField] = {}
        for f in k.fields:
            if f.name in skip:
                continue
            w = root.findChild(QWidget, f.name)
            if w is None:
                continue
            self.widgets[f.name] = w
            self._setup(f, w)
            label = root.findChild(QLabel, f"{f.name}_error")
            if label is None:  # a form without its error label still shows errors
                label = QLabel(root)
                label.setObjectName(f"{f.name}_error")
                label.setStyleSheet("color: #c0392b;")
                parent_layout = w.parentWidget().layout() if w.parentWidget() else None
                if isinstance(parent_layout, QVBoxLayout):
                    parent_layout.addWidget(label)
            label.setText("")
            label.setVisible(False)
            keep_wrapped_height(label)
            self.errors[f.name] = label

    # -- widget set-up ----------------------------------------------------------------

    def _setup(self, f: Field, w: QWidget) -> None:
        if isinstance(w, QComboBox):
            w.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            w.setMinimumContentsLength(16 if f.type == "ref" else 8)
            if f.type == "dict":
                self._fill_dict(f, w)
                w.currentIndexChanged.connect(self._changed)
            elif f.type == "ref":
                self._fill_ref(f, w)
            else:
                raise TypeError(f"{f.name}: QComboBox for {f.type}")
        elif isinstance(w, QLineEdit):
            if f.type == "date":
                w.setMinimumWidth(120)
                self.dates[f.name] = DateField(
                    w, self.root.findChild(QToolButton, f"{f.name}_calendar"), self.tidy_date
                )
            elif f.type == "time":
                w.setPlaceholderText("如 0930、9:30、9点30")
                self.times[f.name] = TypedField(w, dates.tidy_time)
            if f.max_len:
                w.setMaxLength(f.max_len + 1)  # one more, so the store's message can show
            w.textChanged.connect(self._changed)
        elif isinstance(w, QPlainTextEdit):
            w.setTabChangesFocus(True)  # Tab goes to the next field, as in every other box
            w.textChanged.connect(self._changed)
        elif isinstance(w, QCheckBox):
            w.toggled.connect(self._changed)
        elif isinstance(w, QListWidget):
            assert f.dictionary is not None
            for label in dictionaries.labels(self.store, f.dictionary):
                item = QListWidgetItem(label, w)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
            w.itemChanged.connect(self._changed)
        else:
            raise TypeError(f"{f.name}: unsupported widget {type(w).__name__}")

    def _fill_dict(self, f: Field, combo: QComboBox) -> None:
        assert f.dictionary is not None
        combo.clear()
        if not f.required:
            combo.addItem("", None)
        else:
            combo.addItem("（请选择）", None)
        for label in dictionaries.labels(self.store, f.dictionary):
            combo.addItem(label, label)

    def _fill_ref(self, f: Field, combo: QComboBox) -> None:
        assert f.ref is not None
        with QSignalBlocker(combo):
            combo.clear()
            combo.setEditable(True)
            combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            # sized from a minimum text length, not by measuring every one of what can be
            # tens of thousands of entries (seconds per form on a large store)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            if combo.minimumContentsLength() == 0:
                combo.setMinimumContentsLength(16)
            combo.addItem("", None)
            # only the current record and what the clerk's typing finds: never every row
            add_create_item(combo, f.ref)
            attach_name_completer(combo, self.store, f.ref)
        if not combo.property("_bound"):
            combo.setProperty("_bound", True)
            EnterChooses(combo)
            combo.currentIndexChanged.connect(lambda _i, f=f, c=combo: self._ref_chosen(f, c))
            combo.editTextChanged.connect(self._changed)

    def _ref_chosen(self, f: Field, combo: QComboBox) -> None:
        if combo.currentData() == NEW_PERSON:
            typed = combo.currentText()
            suggested = "" if typed == NEW_PERSON_TEXT else typed
            self.create_person(f.name, suggested)
            return
        if combo.currentData() == NEW_UNIT:
            typed = combo.currentText()
            self.create_unit(f.name, "" if typed == NEW_UNIT_TEXT else typed)
            return
        self._changed()

    def create_unit(self, name: str, suggested: str = "") -> int | None:
        """'新建单位…': ask the unit's name, insert it, select it in field `name`."""
        return self._create(name, "units", self.ask_unit(self.root, suggested))

    def create_person(self, name: str, suggested: str = "") -> int | None:
        """'新建人员…': ask the name, insert the person, select it in field `name`."""
        new_id = self._create(name, "persons", self.ask_name(self.root, suggested))
        if new_id is not None:
            self.person_created.emit(new_id)
        return new_id

    def _create(self, name: str, table: str, title: str | None) -> int | None:
        combo = self.widgets[name]
        assert isinstance(combo, QComboBox)
        new_id: int | None = None
        if title:
            try:
                new_id = records.insert(self.store, table, {"name": title})
            except UserError as exc:
                self._show(name, str(exc))
        self._fill_ref(self.kind.field(name), combo)
        self.set_value(name, new_id)
        self._changed()
        return new_id

    def reload_refs(self) -> None:
        for name, w in self.widgets.items():
            f = self.kind.field(name)
            if f.type == "ref" and isinstance(w, QComboBox):
                value = self.raw(name)
                self._fill_ref(f, w)
                self.set_value(name, value if isinstance(value, int) else None)

    def _changed(self, *_args: Any) -> None:
        self.changed.emit()

    def tidy_date(self, text: str) -> str:
        """A typed date as stored; a date without its year (12-3) is in this year."""
        return dates.tidy_date(text, self.store.today().year)

    # -- values -----------------------------------------------------------------------

    def raw(self, name: str) -> Any:
        """The value as entered; an `Unresolved` when text cannot become a value."""
        f = self.kind.field(name)
        w = self.widgets[name]
        if isinstance(w, QComboBox):
            if f.type == "ref":
                text = w.currentText().strip()
                if not text:
                    return None
                index = w.findText(text, Qt.MatchFlag.MatchFixedString)
                if index < 0:
                    return Unresolved(f"没有找到“{text}”，请从列表中选择")
                data = w.itemData(index)
                return None if data in (NEW_PERSON, NEW_UNIT) else data
            return w.currentData()
        if isinstance(w, QLineEdit):
            text = w.text().strip()
            if f.type == "date":
                return self.tidy_date(text)
            if f.type == "time":
                return dates.tidy_time(text)
            if f.type == "money":
                if not text:
                    return None
                try:
                    cents = Decimal(text.replace(",", "").removesuffix("元")) * 100
                except InvalidOperation:
                    return Unresolved(f"“{text}”不是有效金额（单位：元）")
                if not cents.is_finite():
                    return Unresolved(f"“{text}”不是有效金额（单位：元）")
                if cents != cents.to_integral_value():
                    return Unresolved("金额最多精确到分")
                return int(cents)
            if f.type == "int":
                return text or None
            return text
        if isinstance(w, QPlainTextEdit):
            return w.toPlainText().strip()
        if isinstance(w, QCheckBox):
            return 1 if w.isChecked() else 0
        if isinstance(w, QListWidget):
            return [
                w.item(i).text()
                for i in range(w.count())
                if w.item(i).checkState() == Qt.CheckState.Checked
            ]
        raise TypeError(type(w).__name__)

    def values(self) -> dict[str, Any]:
        """Field -> value to store; fields whose text cannot be read are left out."""
        out = {}
        for name in self.widgets:
            value = self.raw(name)
            if not isinstance(value, Unresolved):
                out[name] = value
        return out

    def draft_values(self) -> dict[str, Any]:
        """Field -> what the clerk sees, for a draft (keeps text that is not valid yet)."""
        out: dict[str, Any] = {}
        for name, w in self.widgets.items():
            value = self.raw(name)
            if isinstance(value, Unresolved):
                value = w.currentText() if isinstance(w, QComboBox) else w.text()  # type: ignore[attr-defined]
                out[name] = {"text": value}
            else:
                out[name] = value
        return out

    def set_values(self, row: Mapping[str, Any]) -> None:
        for name in self.widgets:
            if name in row:
                self.set_value(name, row[name])

    def set_value(self, name: str, value: Any) -> None:
        f = self.kind.field(name)
        w = self.widgets[name]
        if isinstance(value, dict) and "text" in value:  # unresolved text from a draft
            if isinstance(w, QComboBox):
                w.setEditText(str(value["text"]))
            elif isinstance(w, QLineEdit):
                w.setText(str(value["text"]))
            return
        if isinstance(w, QComboBox):
            completer = w.completer()
            if value is not None and isinstance(completer, NameCompleter) and w.findData(value) < 0:
                completer.add_items(ref_labels(self.store, completer.table, [int(value)]))
            index = w.findData(value) if value is not None else 0
            if index < 0 and f.type == "dict" and value:
                w.addItem(f"{value}（已停用）", value)  # an item the office has retired
                index = w.count() - 1
            w.setCurrentIndex(max(index, 0))
            if w.isEditable():  # a long title shows its beginning, not its end
                w.lineEdit().setCursorPosition(0)
        elif isinstance(w, QLineEdit):
            if f.type == "money" and value not in (None, ""):
                w.setText(f"{int(value) / 100:.2f}")
            else:
                w.setText("" if value is None else str(value))
        elif isinstance(w, QPlainTextEdit):
            w.setPlainText("" if value is None else str(value))
        elif isinstance(w, QCheckBox):
            w.setChecked(bool(value))
        elif isinstance(w, QListWidget):
            chosen = json.loads(value) if isinstance(value, str) else list(value or [])
            for i in range(w.count()):
                item = w.item(i)
                on = item.text() in chosen
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    # -- checking ---------------------------------------------------------------------

    def check(self, existing: Mapping[str, Any] | None, *, child: bool = False) -> dict[str, str]:
        """Field -> Chinese message for every field the store would refuse (no write).

        `child`: rows that live inside a parent form, whose parent link is not set yet.
        """
        problems: dict[str, str] = {}
        for name in self.widgets:
            f = self.kind.field(name)
            value = self.raw(name)
            if isinstance(value, Unresolved):
                problems[name] = f"{f.label}：{value.problem}"
                continue
            try:
                records.normalize(self.store, f, value)
            except ValidationError as exc:
                problems[name] = str(exc)
        if not problems:
            base = dict(existing) if existing is not None else ({} if child else None)
            try:
                records.validate(self.store, self.kind, self.values(), base)
            except ValidationError as exc:
                problems[exc.field] = str(exc)
        return problems

    def show_errors(self, problems: Mapping[str, str]) -> None:
        for name, _label in self.errors.items():
            self._show(name, problems.get(name, ""))

    def _show(self, name: str, text: str) -> None:
        label = self.errors.get(name)
        if label is None:
            return
        label.setText(text)
        label.setVisible(bool(text))
        WrappedHeight.fit(label)

    def error_text(self, name: str) -> str:
        label = self.errors.get(name)
        return label.text() if label is not None and not label.isHidden() else ""


class Unresolved:
    """Text the clerk typed that is not (yet) a value, with the reason."""

    def __init__(self, problem: str) -> None:
        self.problem = problem
