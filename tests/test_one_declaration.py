"""Labels and document kinds are declared once: kinds.py for field labels (the forms'
buddy labels and the store's rules take them from there), store/document_kinds.py for
the kinds of document (the notice_kind dictionary, its fixed items, the kinds with a
wording)."""

from __future__ import annotations

import ast
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from desktop.documents.templates import load_templates
from desktop.domain import notice_kinds
from desktop.store import Store, dictionaries, document_kinds
from desktop.store.kinds import KINDS, kind
from desktop.ui.forms.loader import SHARED_FORMS

REPO = Path(__file__).resolve().parent.parent
FORMS = sorted((REPO / "forms").glob("*.ui"))
# Required by the form though not by the store: 人员's 所在单位 (ui/forms/record_form.py
# asks it of every person entered there; old ledgers may import persons without one).
FORM_REQUIRED = {("persons", "unit_id")}


def _text(widget: ET.Element, prop: str) -> str | None:
    for p in widget.findall("property"):
        if p.get("name") == prop:
            return p.findtext("cstring") if prop == "buddy" else (p.findtext("string") or "")
    return None


@pytest.mark.parametrize("ui", FORMS, ids=lambda p: p.name)
def test_every_buddy_label_is_the_fields_label_in_kinds(ui: Path) -> None:
    """“标签（必填）：” or “标签（提示）：”: the label as kinds.py has it, 必填 exactly when the
    field is required; a check box shows the label as its own text."""
    # the campaign links' shared sub-form: any of the six says the same 所属专项工作
    shared = {form: table for table, form in SHARED_FORMS.items()}
    table = kind(shared.get(ui.stem, ui.stem))
    root = ET.parse(ui).getroot()
    checked = 0
    for widget in root.iter("widget"):
        name = widget.get("name") or ""
        if widget.get("class") == "QLabel" and (buddy := _text(widget, "buddy")):
            field = table.field(buddy)  # a buddy is always a field of the form's kind
            text = _text(widget, "text") or ""
            if not text:  # the check box beside it carries the words
                continue
            required = field.required or (table.table, buddy) in FORM_REQUIRED
            assert ("（必填）" in text) == required, f"{ui.name}: {text}"
            hint = text.removesuffix("：").replace("（必填）", "")
            assert re.fullmatch(re.escape(field.label) + r"(（[^）]+）)?", hint), (
                f"{ui.name}: {buddy} reads “{text}”, kinds.py says “{field.label}”"
            )
            checked += 1
        elif widget.get("class") == "QCheckBox" and name in table.names:
            assert _text(widget, "text") == table.field(name).label, f"{ui.name}: {name}"
            checked += 1
    assert checked


def test_the_rules_name_fields_with_their_labels_from_kinds() -> None:
    """No label typed into store/rules.py: every ValidationError there takes it from kinds."""
    tree = ast.parse((REPO / "desktop" / "store" / "rules.py").read_text(encoding="utf-8"))
    typed = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", None) == "ValidationError"
        and len(node.args) > 1
        and isinstance(node.args[1], ast.Constant)
    ]
    assert typed == []


def test_document_kinds_are_declared_once(tmp_path: Path) -> None:
    labels = [k.label for k in document_kinds.DOCUMENT_KINDS]
    assert dictionaries.FIXED_ITEMS["notice_kind"] == tuple(labels)
    wording = [k.label for k in document_kinds.DOCUMENT_KINDS if k.wording]
    assert list(notice_kinds.REGISTERED) == wording
    named = [
        notice_kinds.RECTIFICATION_NOTICE,
        notice_kinds.RECTIFICATION_LETTER,
        notice_kinds.SUPERVISION_LETTER,
        notice_kinds.REMINDER_LETTER,
        notice_kinds.INQUIRY_LETTER,
        notice_kinds.TALK_NOTICE,
        notice_kinds.DISCIPLINE_PROPOSAL,
        notice_kinds.SUPERVISION_PROPOSAL,
        notice_kinds.SUPERVISION_BULLETIN,
        notice_kinds.CASE_BULLETIN,
    ]
    assert named == wording
    assert set(wording) <= set(load_templates())  # each has its shipped wording
    # a new store's dictionary: every kind with its 代字 suffix and format
    store = Store.open(tmp_path / "data")
    try:
        items = dictionaries.items(store, "notice_kind")
        assert [(i.label, i.extra) for i in items] == [
            (k.label, {"code": k.code, "letter": k.letter}) for k in document_kinds.DOCUMENT_KINDS
        ]
        assert store.setting("doc_code.整改函") == "某纪改函"
    finally:
        store.close()
    assert KINDS["documents"].field("kind").dictionary == "notice_kind"
