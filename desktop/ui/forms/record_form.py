"""The entry form dialog used for every record kind, plus the few kinds that need more."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import clue_limits, privacy
from desktop.domain.clue_numbers import next_ledger_no
from desktop.domain.deadlines import UNVERIFIED_TEXT, calendar_for, deadline
from desktop.domain.forms import FORM_LABELS, heaviest, outcome_table
from desktop.domain.notice_kinds import PROPOSAL_KINDS
from desktop.domain.workdays import parse_period
from desktop.queries.campaigns import attendance
from desktop.queries.forms import accountabilities_of, first_talk_on_clue, talk_delegated_date
from desktop.store import records, rules
from desktop.store.document_kinds import BULLETINS
from desktop.store.errors import UserError, ValidationError
from desktop.store.kinds import ATTACHABLE, kind
from desktop.ui.forms import drafts
from desktop.ui.forms.attachments import AttachmentPanel
from desktop.ui.forms.binder import FOCUS_STYLE, AskName, Binder, ask_person_name
from desktop.ui.forms.children import ChildTable, Row
from desktop.ui.forms.loader import focus_first_field, load_form
from desktop.ui.screen import fit, scrolled

if TYPE_CHECKING:
    from desktop.store.db import Store

SAVE, DISCARD, CANCEL = "save", "discard", "cancel"
AskUnsaved = Callable[[QWidget, str], str]
DRAFT_DELAY_MS = 1000

# The 告知/转交 time-limit lines under their fields: information, still open, past the limit.
LIMIT_COLOURS = {
    clue_limits.OK: "color: #5d6d7e;",
    clue_limits.DUE: "color: #b9770e;",
    clue_limits.LATE: "color: #c0392b;",
}

# Dates of what the clerk records as it happens: today's date in a new record or row.
TODAY_FIELDS: dict[str, tuple[str, ...]] = {
    "clues": ("received_date",),
    "talks": ("date",),
    "inquiries": ("sent_date",),
    "inspections": ("start_date",),
    "rectifications": ("found_date",),
    "rect_progress": ("date",),
    "rect_checks": ("date",),
    "campaigns": ("start_date",),
    "activities": ("date",),
    "bulletins": ("date",),
    "clue_exposures": ("date",),
    "accountabilities": ("date",),
}


def today_defaults(store: Store, table: str) -> dict[str, Any]:
    """The date fields of `table` that a new record starts with filled in as today."""
    return {name: store.today().isoformat() for name in TODAY_FIELDS.get(table, ())}


# Rule errors that name something other than a field of the form itself.
RULE_TARGETS = {"filed": "clue_persons", "subjects": "talk_subjects", "talkers": "talk_talkers"}


def ask_unsaved(parent: QWidget, text: str) -> str:
    box = QMessageBox(QMessageBox.Icon.Question, "尚未保存", text, parent=parent)
    save = box.addButton("保存", QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton("不保存", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save)
    box.exec()
    clicked = box.clickedButton()
    return SAVE if clicked is save else DISCARD if clicked is discard else CANCEL


class RecordForm(QDialog):
    """Create or edit one record: forms/<table>.ui, live checks, drafts, unsaved prompt."""

    saved = Signal(str, int)

    def __init__(
        self,
        store: Store,
        table: str,
        record_id: int | None = None,
        *,
        parent: QWidget | None = None,
        draft: dict[str, Any] | None = None,
        ask_save: AskUnsaved = ask_unsaved,
        ask_name: AskName = ask_person_name,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.kind = kind(table)
        self.table = table
        self.record_id = record_id
        self.ask_save = ask_save
        self.dirty = False
        self._loading = True
        self.setObjectName(f"form_{table}")
        self.setStyleSheet(FOCUS_STYLE)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.existing: Row | None = records.get(store, table, record_id) if record_id else None
        # how this form opens another record's form (a 问责 from an item): the main window
        # replaces it with its own, so the new form is one of its open forms
        self.open_new: Callable[[str, dict[str, Any]], RecordForm | None] = self._open_new

        self.body = load_form(table)
        designed_width = self.body.width()  # the root's geometry in Designer
        self.binder = Binder(store, self.kind, self.body, ask_name=ask_name)
        self.children: dict[str, ChildTable] = {}
        for child in self.kind.children:
            self.children[child.table] = ChildTable(
                store, self.kind, child.table, child.fk, self.body, ask_name=ask_name
            )
            self.children[child.table].new_row = lambda t=child.table: today_defaults(store, t)
        self.attachments: AttachmentPanel | None = None
        if table in ATTACHABLE:
            self.attachments = AttachmentPanel(store, table, self.body)
            body_layout = self.body.layout()
            assert isinstance(body_layout, QBoxLayout)
            last = body_layout.count() - 1  # above the Designer's bottom spacer, if any
            at = last if last >= 0 and body_layout.itemAt(last).spacerItem() else last + 1
            body_layout.insertWidget(at, self.attachments.box)
        scroll = scrolled(self.body)
        self.form_error = QLabel()
        self.form_error.setObjectName("form_error")
        self.form_error.setStyleSheet("color: #c0392b;")
        self.form_error.setWordWrap(True)
        self.form_error.setVisible(False)
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton("保存", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("save")
        self.save_button.setToolTip("保存（Ctrl+S）")
        self.cancel_button = self.buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.setObjectName("cancel")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.close)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.form_error)
        layout.addWidget(self.buttons)
        # buttons below the scroll area: always on screen, however small the screen
        fit(self, max(designed_width + 40, 520), min(self.body.sizeHint().height() + 110, 900))

        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self.write_draft)

        self.setup()
        self.load()
        if draft is not None:
            self.apply_draft(draft)
        self._loading = False
        self.binder.changed.connect(self.on_edit)
        for table_ in self.children.values():
            table_.changed.connect(self.on_edit)
        if self.attachments is not None:
            self.attachments.changed.connect(self.on_edit)
        self.refresh_state()
        self.revalidate()
        if draft is not None:
            self.mark_dirty()
        self._update_title()
        focus_first_field(table, self.body)

    def _open_new(self, table: str, draft: dict[str, Any]) -> RecordForm:
        form = form_class(table)(
            self.store, table, parent=self, draft=draft, ask_save=self.ask_save
        )
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.show()
        return form

    # -- hooks for particular kinds -------------------------------------------------

    def setup(self) -> None:
        """Connect kind-specific widgets (called before the record is loaded)."""

    def refresh_state(self) -> None:
        """Enable/disable sections and refresh derived displays after any edit."""

    # -- loading --------------------------------------------------------------------

    def load(self) -> None:
        if self.attachments is not None:
            self.attachments.load(self.record_id)
        if self.record_id is None:
            self.binder.set_values(self.defaults())
            return
        snap = records.snapshot(self.store, self.table, self.record_id)
        self.binder.set_values(snap["row"])
        for child_table, items in snap["children"].items():
            if child_table in self.children:
                self.children[child_table].set_rows([dict(i["row"]) for i in items])

    def defaults(self) -> dict[str, Any]:
        return today_defaults(self.store, self.table)

    def apply_draft(self, draft: dict[str, Any]) -> None:
        self.binder.set_values(draft.get("values") or {})
        for child_table, rows in (draft.get("children") or {}).items():
            if child_table in self.children:
                self.children[child_table].set_rows(list(rows))

    def _update_title(self) -> None:
        if self.record_id is None:
            title = f"新建{self.kind.label}"
        else:
            assert self.existing is not None
            title = f"{self.kind.label} — {records.title(self.store, self.table, self.existing)}"
        self.setWindowTitle(title + (" *" if self.dirty else ""))

    # -- editing --------------------------------------------------------------------

    def on_edit(self) -> None:
        if self._loading:
            return
        self.refresh_state()
        self.revalidate()
        self.mark_dirty()

    def mark_dirty(self) -> None:
        if not self.dirty:
            self.dirty = True
            self._update_title()
        self._draft_timer.start()

    def child_rows(self) -> dict[str, list[Row]]:
        return {name: [dict(r) for r in t.rows] for name, t in self.children.items()}

    def problems(self) -> dict[str, str]:
        return self.binder.check(self.existing)

    def revalidate(self) -> dict[str, str]:
        problems = self.problems()
        self.binder.show_errors(problems)
        for t in self.children.values():
            t.show_error("")
        self.form_error.setVisible(False)
        self.save_button.setEnabled(not problems)
        return problems

    # -- saving ---------------------------------------------------------------------

    def save(self) -> bool:
        if self.revalidate():
            return False
        values = self.binder.values()
        try:
            # The record, its rows and its attachments: one transaction, all or nothing.
            with self.store.transaction():
                if self.record_id is None:
                    record_id = records.insert(self.store, self.table, values, self.child_rows())
                else:
                    record_id = self.record_id
                    records.update(self.store, self.table, record_id, values, self.child_rows())
                if self.attachments is not None:
                    self.attachments.apply(record_id)
        except ValidationError as exc:
            self.show_store_error(exc)
            return False
        except UserError as exc:
            self.form_error.setText(str(exc))
            self.form_error.setVisible(True)
            return False
        self.record_id = record_id
        self.discard_draft()  # before `existing` changes the draft's name (…-new → …-id)
        self.existing = records.get(self.store, self.table, self.record_id)
        self.dirty = False
        self._update_title()
        self.saved.emit(self.table, self.record_id)
        self.accept()
        return True

    def show_store_error(self, exc: ValidationError) -> None:
        """A refusal at save time (cross-row rules), beside the field it names."""
        text = str(exc)
        if exc.field in self.binder.widgets:
            self.binder._show(exc.field, text)
        else:
            target = RULE_TARGETS.get(exc.field)
            if target is None:
                target = next((n for n in self.children if exc.field in kind(n).names), None)
            if target in self.children:
                self.children[target].show_error(text)
            else:
                self.form_error.setText(text)
                self.form_error.setVisible(True)
        self.save_button.setEnabled(False)  # until the clerk changes something

    def error_text(self, name: str) -> str:
        if name in self.children:
            label = self.children[name].error
            return label.text() if not label.isHidden() else ""
        return self.binder.error_text(name)

    # -- drafts -----------------------------------------------------------------------

    @property
    def draft_path(self) -> Path:
        return drafts.path_for(self.store.path.parent, self.table, self._draft_id)

    @property
    def _draft_id(self) -> int | None:
        return self.existing["id"] if self.existing is not None else None

    def write_draft(self) -> None:
        if not self.dirty:
            return
        drafts.write(
            self.draft_path,
            {
                "table": self.table,
                "record_id": self._draft_id,
                "values": self.binder.draft_values(),
                "children": self.child_rows(),
                "saved_at": dt.datetime.now().isoformat(timespec="seconds"),
            },
        )

    def discard_draft(self) -> None:
        self._draft_timer.stop()
        drafts.remove(self.draft_path)

    # -- closing --------------------------------------------------------------------

    def may_leave(self) -> bool:
        """Ask about unsaved changes; False when the clerk stays (or saving failed)."""
        if not self.dirty:
            return True
        answer = self.ask_save(self, f"{self.kind.label}有尚未保存的修改，是否保存？")
        if answer == SAVE:
            return self.save()
        if answer == DISCARD:
            self.discard_draft()
            self.dirty = False
            return True
        return False

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.may_leave():
            event.ignore()
            return
        super().closeEvent(event)

    def reject(self) -> None:
        if self.may_leave() and self.isVisible():
            super().reject()

    def done(self, result: int) -> None:
        self._draft_timer.stop()
        super().done(result)


class ClueForm(RecordForm):
    """Receipt → disposition → 初核 → 立案 → 审理 → 结案, persons, outcomes and 形态."""

    def setup(self) -> None:
        self.outcomes_info = outcome_table(self.store)
        persons = self.children["clue_persons"]
        persons.extra_columns = [("形态", self.form_of_row)]
        outcomes = self.children["clue_outcomes"]
        outcomes.changed.connect(persons.render)
        outcomes.person_ids = lambda: [r["person_id"] for r in persons.rows if r.get("person_id")]
        outcomes.new_row = self.new_outcome
        # a 通报曝光 names one of the clue's reported persons, if any
        self.children["clue_exposures"].person_ids = outcomes.person_ids
        self.accountabilities = AccountabilityButton(self, "clue_id", self.accountability_values)

    def accountability_values(self) -> dict[str, Any]:
        """A 问责 from a clue: about the clue, for its only reported person if it has one."""
        rows = self.children["clue_persons"].rows
        ids = list(dict.fromkeys(r["person_id"] for r in rows if r.get("person_id")))
        return {
            "reason": self.binder.raw("summary"),
            **({"person_id": ids[0]} if len(ids) == 1 else {}),
        }

    def defaults(self) -> dict[str, Any]:
        """A new clue: received today, the next 线索编号, the 处置 time limit as 办理时限."""
        values = {**super().defaults(), **self.receipt_defaults(self.store.today())}
        self.auto_filled = dict(values)
        return values

    def receipt_defaults(self, received: dt.date) -> dict[str, Any]:
        due = deadline(self.store, "disposition", received)
        return {
            "ledger_no": next_ledger_no(self.store, received.year),
            "due_date": due.day.isoformat(),
        }

    def follow_receipt(self) -> None:
        """On a new clue, 线索编号 and 办理时限 follow the 收件日期 until the clerk types
        their own."""
        if self.record_id is not None or not hasattr(self, "auto_filled"):
            return
        try:
            received = dt.date.fromisoformat(str(self.binder.raw("received_date")))
        except ValueError:
            return
        for name, value in self.receipt_defaults(received).items():
            auto = self.auto_filled.get(name)
            if self.binder.raw(name) == auto and value != auto:
                self.auto_filled[name] = value
                self.binder.set_value(name, value)

    def new_outcome(self) -> dict[str, Any]:
        """A new 处理结果 is decided when the case was closed, if it was."""
        closed = self.binder.raw("closed_date")
        return {"decided_date": closed} if closed else {}

    # -- reporter identity: masked until 显示举报人 (which the audit trail records) --------

    def load(self) -> None:
        super().load()
        self.masked_reporter: dict[str, QLineEdit] = {}
        self.reveal_button = QPushButton("显示举报人")
        self.reveal_button.setObjectName("reveal_reporter")
        self.reveal_button.setToolTip("显示举报人姓名和联系方式；查看将记入操作日志")
        self.reveal_button.clicked.connect(self.reveal_reporter)
        row = self.body.findChild(QHBoxLayout, "reporter_name_row")
        assert row is not None
        row.addWidget(self.reveal_button)
        existing = self.existing or {}
        if any(existing.get(f) for f in privacy.REPORTER_FIELDS):
            self._mask_reporter(existing)
        else:
            self.reveal_button.setVisible(False)  # nothing stored: nothing to hide

    def _mask_reporter(self, row: dict[str, Any]) -> None:
        """Show masked text, read-only, and take the fields out of the binder so a save
        leaves the stored identity as it is."""
        for name in privacy.REPORTER_FIELDS:
            w = self.binder.widgets.pop(name)
            assert isinstance(w, QLineEdit)
            w.blockSignals(True)
            w.setText(privacy.mask(name, row.get(name)))
            w.blockSignals(False)
            w.setReadOnly(True)
            w.setToolTip("举报人信息已隐去，点击“显示举报人”查看（将记入操作日志）")
            self.masked_reporter[name] = w

    def reveal_reporter(self) -> bool:
        """Show the real name and contact and write who looked, when, at which clue."""
        if not self.masked_reporter or self.record_id is None:
            return False
        try:
            values = privacy.reveal_reporter(self.store, self.record_id)
        except UserError as exc:
            self.form_error.setText(str(exc))
            self.form_error.setVisible(True)
            return False
        for name, w in self.masked_reporter.items():
            w.blockSignals(True)
            w.setText(values[name])
            w.blockSignals(False)
            w.setReadOnly(False)
            w.setToolTip("")
            self.binder.widgets[name] = w
        self.masked_reporter = {}
        self.reveal_button.setEnabled(False)
        self.reveal_button.setText("已显示（已记录）")
        return True

    def form_of_row(self, row: Row) -> str:
        return self.form_of(row.get("person_id"))

    def form_of(self, person_id: Any) -> str:
        outcomes = [
            str(r.get("outcome"))
            for r in self.children["clue_outcomes"].rows
            if r.get("person_id") == person_id
        ]
        top = heaviest(outcomes, self.outcomes_info)
        if top is None:
            return "—"
        return f"{FORM_LABELS.get(top.form or 0, '不计形态')}（{top.label}）"

    def _box(self, name: str) -> QGroupBox:
        box = self.body.findChild(QGroupBox, name)
        assert box is not None, name
        return box

    def refresh_state(self) -> None:
        raw = self.binder.raw

        def filled(*names: str) -> bool:
            return any(bool(raw(n)) for n in names)

        prelim = (raw("disposition") == "初步核实" and filled("disposition_date")) or filled(
            "prelim_start", "prelim_end"
        )
        case = (prelim and filled("prelim_start")) or filled("case_date")
        later = filled("case_date") or filled("hearing_date", "closed_date")
        self._box("prelimBox").setEnabled(prelim)
        self._box("caseBox").setEnabled(case)
        self._box("hearingBox").setEnabled(later)
        self._box("closingBox").setEnabled(later)
        self.children["clue_persons"].render()
        self.follow_receipt()
        self._limit_notes()

    def _limit_notes(self) -> None:
        """The 实名举报 告知, 转交 and 委托谈话 time limits, under their fields, as the clerk
        types."""
        raw = self.binder.raw
        row = {
            name: raw(name)
            for name in (
                "received_date",
                "signed",
                "reporter_informed_date",
                "forwarded_date",
                "talk_delegated_date",
            )
        }
        today = self.store.today()
        for name, check in (
            ("reporter_informed_note", clue_limits.reporter_check(self.store, row, today)),
            ("forwarded_note", clue_limits.forward_check(self.store, row)),
            ("talk_delegated_note", clue_limits.delegated_check(
                self.store, row, self._delegated_talk(row["talk_delegated_date"]), today)),
        ):  # fmt: skip
            show_limit(self.body, name, check)

    def _delegated_talk(self, delegated: Any) -> dt.date | None:
        """The first saved talk on this clue on or after the delegation, if any."""
        if self.record_id is None or not isinstance(delegated, str) or not delegated:
            return None
        day = first_talk_on_clue(self.store, self.record_id, delegated)
        return dt.date.fromisoformat(day) if day else None


def show_limit(body: QWidget, name: str, check: clue_limits.Check | None) -> None:
    """A time-limit line under its field: hidden when it does not apply."""
    label = body.findChild(QLabel, name)
    assert label is not None, name
    label.setText(check.text if check else "")
    label.setStyleSheet(LIMIT_COLOURS[check.level] if check else "")
    label.setVisible(check is not None)


class TalkForm(RecordForm):
    """谈话: a talk on a clue whose talk was delegated waits for its signed record."""

    def refresh_state(self) -> None:
        raw = self.binder.raw
        clue = raw("clue_id")
        delegated = talk_delegated_date(self.store, clue) if isinstance(clue, int) else None
        talk = {"date": raw("date"), "record_returned_date": raw("record_returned_date")}
        check = clue_limits.record_check(self.store, talk, delegated, self.store.today())
        show_limit(self.body, "record_returned_note", check)


class RectificationForm(RecordForm):
    """Notice, deadline helper, progress, follow-up checks and the closure block."""

    CLOSURE = ("closed_date", "closed_by", "closure_evidence")

    def setup(self) -> None:
        self.period = self.body.findChild(QLineEdit, "deadline_period")
        self.deadline_note = self.body.findChild(QLabel, "deadline_note")
        apply = self.body.findChild(QPushButton, "deadline_apply")
        assert self.period is not None and self.deadline_note is not None and apply is not None
        apply.clicked.connect(self.apply_period)
        self.period.returnPressed.connect(self.apply_period)
        self.children["rect_checks"].changed.connect(self.refresh_state)
        self.children["rect_progress"].changed.connect(self.progress_reported)
        self.accountabilities = AccountabilityButton(self, "rect_id", self.accountability_values)

    def accountability_values(self) -> dict[str, Any]:
        """A 问责 from an item: about the item (and its clue), its finding as the reason;
        whom it holds to account is the clerk's to say."""
        values = {"reason": self.binder.raw("finding")}
        clue = self.binder.raw("clue_id")
        return {**values, "clue_id": clue} if isinstance(clue, int) else values

    def progress_reported(self) -> None:
        """A progress report means the work has started: 待整改 becomes 整改中."""
        if self.children["rect_progress"].rows and self.binder.raw("status") == "待整改":
            self.binder.set_value("status", "整改中")

    def defaults(self) -> dict[str, Any]:
        return {**super().defaults(), "status": "待整改"}

    def apply_period(self) -> None:
        assert self.period is not None and self.deadline_note is not None
        start_text = self.binder.raw("notice_date") or self.binder.raw("found_date")
        try:
            period = parse_period(self.period.text())
            start = dt.date.fromisoformat(str(start_text))
        except ValueError as exc:
            message = str(exc) if self.period.text().strip() else "请填写期限，如“15个工作日”"
            if not start_text:
                message = "请先填写通知下发日期"
            self.deadline_note.setText(message)
            self.deadline_note.setStyleSheet("color: #c0392b;")
            return
        due = period.apply(calendar_for(self.store), start)
        self.binder.set_value("deadline", due.day.isoformat())
        note = f"自{start.isoformat()}起{period.describe()}"
        if not due.verified:
            note += f"（{UNVERIFIED_TEXT}）"
        self.deadline_note.setText(note)
        self.deadline_note.setStyleSheet("" if due.verified else "color: #b9770e;")

    def problems(self) -> dict[str, str]:
        """已销号 without a passed 回头看 names that rule, on 整改状态, before anything
        about the 销号 fields it keeps closed."""
        if self.binder.raw("status") == "已销号" and not self.has_passed_check():
            return {"status": f"整改状态：{rules.CLOSURE_NEEDS_CHECK}"}
        return super().problems()

    def has_passed_check(self) -> bool:
        return any(
            r.get("passed") and str(r.get("evidence") or "").strip()
            for r in self.children["rect_checks"].rows
        )

    def refresh_state(self) -> None:
        open_ = self.has_passed_check() or any(self.binder.raw(n) for n in self.CLOSURE)
        for name in self.CLOSURE:
            self.binder.widgets[name].setEnabled(open_)
            calendar = self.body.findChild(QWidget, f"{name}_calendar")
            if calendar is not None:
                calendar.setEnabled(open_)
        hint = "" if open_ else "销号前须先录入一次通过且附佐证材料的回头看"
        self.binder.widgets["closed_date"].setToolTip(hint)


class InquiryForm(RecordForm):
    """函询: the reply deadline offered from the inquiry_reply time limit."""

    def setup(self) -> None:
        self.note = self.body.findChild(QLabel, "reply_due_note")
        button = self.body.findChild(QPushButton, "reply_due_suggest")
        assert button is not None and self.note is not None
        button.clicked.connect(self.suggest_reply_due)

    def suggest_reply_due(self) -> None:
        assert self.note is not None
        try:
            start = dt.date.fromisoformat(str(self.binder.raw("delivered_date")))
        except ValueError:
            self.note.setText("请先填写送达日期")
            return
        due = deadline(self.store, "inquiry_reply", start)
        self.binder.set_value("reply_due", due.day.isoformat())
        self.note.setText("" if due.verified else UNVERIFIED_TEXT)
        self.note.setStyleSheet("" if due.verified else "color: #b9770e;")


class ProposalForm(RecordForm):
    """建议书: the kind is one of the two 建议书 (not any 文书种类); new ones wait for a reply."""

    def setup(self) -> None:
        keep_only(self.binder, "kind", PROPOSAL_KINDS)

    def defaults(self) -> dict[str, Any]:
        return {**super().defaults(), "status": "待回复"}


def keep_only(binder: Binder, name: str, allowed: tuple[str, ...]) -> None:
    """A 文书种类 picker that offers only the kinds this record can be (a 建议书, a 通报)."""
    combo = binder.widgets[name]
    assert isinstance(combo, QComboBox)
    for i in reversed(range(1, combo.count())):
        if combo.itemData(i) not in allowed:
            combo.removeItem(i)


class BulletinForm(RecordForm):
    """通报: its kind is one of the 通报 kinds; each 通报事项 is one 起."""

    def setup(self) -> None:
        keep_only(self.binder, "kind", BULLETINS)

    def refresh_state(self) -> None:
        """The 起 the 通报 reports: its items, counted as the clerk adds them."""
        title = self.body.findChild(QLabel, "bulletin_items_title")
        assert title is not None
        n = len(self.children["bulletin_items"].rows)
        title.setText(f"通报事项（每项为一起；共{n}起）")


class ActivityForm(RecordForm):
    """工作活动: with persons listed, 人次 is their number (queries/campaigns.py, the one
    rule) and the typed 人次 is not counted; without, the typed number is."""

    def setup(self) -> None:
        self.children["activity_persons"].changed.connect(self.refresh_state)

    def refresh_state(self) -> None:
        listed = len(self.children["activity_persons"].rows)
        typed = self.binder.raw("attendance")
        number = int(typed) if isinstance(typed, str) and typed.isdigit() else None
        widget = self.binder.widgets["attendance"]
        widget.setEnabled(not listed)
        note = self.body.findChild(QLabel, "attendance_note")
        assert note is not None
        if listed:
            text = f"已列出{listed}名人员：人次按{attendance(listed, number)}计"
            if number is not None and number != listed:
                text += f"（所填{number}不计入）"
        else:
            text = (
                "未列出人员：人次按所填数计" if number is not None else "列出参加人员后按人员数计"
            )
        note.setText(text)


class AccountabilityButton(QObject):
    """登记问责 on a rectification item or a clue: a new 问责 form about this record,
    filled in from it, and the 问责 already recorded listed beside the button."""

    def __init__(self, form: RecordForm, field: str, values: Callable[[], dict[str, Any]]) -> None:
        super().__init__(form)
        self.form = form
        self.field = field
        self.values = values
        button = form.body.findChild(QPushButton, "add_accountability")
        label = form.body.findChild(QLabel, "accountability_list")
        assert button is not None and label is not None
        self.button, self.label = button, label
        label.setWordWrap(True)
        button.clicked.connect(self.add)
        form.saved.connect(lambda *_: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        record_id = self.form.record_id
        self.button.setEnabled(record_id is not None)
        if record_id is None:
            self.label.setText("保存本记录后可登记问责")
            return
        rows = accountabilities_of(self.form.store, self.field, record_id)
        listed = "；".join(f"{r['date']} {r['target'] or ''}（{r['method']}）" for r in rows)
        self.label.setText(f"已登记问责{len(rows)}次：{listed}" if rows else "尚未登记问责")

    def add(self) -> RecordForm | None:
        record_id = self.form.record_id
        if record_id is None:
            return None
        prefill = {k: v for k, v in self.values().items() if v not in (None, "")}
        new = self.form.open_new("accountabilities", {"values": {self.field: record_id, **prefill}})
        if new is not None:
            new.saved.connect(lambda *_: self.refresh())
        return new


class PersonForm(RecordForm):
    """人员: 所在单位 is required of every person entered or edited here. Not in the store:
    persons created in a picker or by an import, and stores from before, may have none."""

    def problems(self) -> dict[str, str]:
        problems = super().problems()
        if "unit_id" not in problems and not self.binder.raw("unit_id"):
            problems["unit_id"] = "所在单位：必须填写（列表中没有的单位可先在“单位”中新建）"
        return problems


FORM_CLASSES: dict[str, type[RecordForm]] = {
    "persons": PersonForm,
    "clues": ClueForm,
    "rectifications": RectificationForm,
    "inquiries": InquiryForm,
    "proposals": ProposalForm,
    "talks": TalkForm,
    "activities": ActivityForm,
    "bulletins": BulletinForm,
}


def form_class(table: str) -> type[RecordForm]:
    return FORM_CLASSES.get(table, RecordForm)


def combo_select(combo: QComboBox, text: str) -> None:
    """Select the item whose text is `text` (tests and drafts)."""
    index = combo.findText(text, Qt.MatchFlag.MatchFixedString)
    if index < 0:
        raise KeyError(text)
    combo.setCurrentIndex(index)
