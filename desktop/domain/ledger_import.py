"""Importing ledgers (台账) from .xlsx: the offices' legacy files and our own exports.

plan_import reads the file, finds the header row (under merged titles and blank
rows), maps columns by name and synonyms, parses every row into store values and
tries it inside a transaction that is rolled back: the plan lists accepted rows,
rejected rows with (row, column, value, reason), likely duplicates and free-text
values not in a dictionary. apply writes the accepted rows in ONE transaction, so
a failure or a cancel writes nothing; when the store and the plan are as the check
left them, it inserts again the records the check inserted (records.replay) instead
of parsing, validating and inserting every row a second time.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop import collector
from desktop.documents import xlsx_read
from desktop.documents.ledgers import Cancelled, Column, write_ledger
from desktop.domain import ledger_cells
from desktop.domain.dates import parse_date
from desktop.domain.forms import FORM_LABELS, heaviest, outcome_table
from desktop.domain.ledger_io import (
    ACCOUNTABILITIES,
    ACTIVITIES,
    BULLETINS,
    CAMPAIGNS,
    CLUES,
    DOCUMENTS,
    INSPECTIONS,
    LEDGERS,
    NAMES,
    PERSONS,
    RECTS,
    TALKS,
    Ledger,
    ledger,
)
from desktop.domain.privacy import REPORTER_FIELDS, is_masked, mask_contact, mask_name
from desktop.queries.campaigns import attendance as attendance_of
from desktop.store import audit, dictionaries, document_kinds, encryption, numbering, records
from desktop.store.errors import UserError, ValidationError

if TYPE_CHECKING:
    from desktop.store.db import Store

MAX_BYTES = 50 * 1024 * 1024
MAX_UNCOMPRESSED = 500 * 1024 * 1024
MAX_ROWS = 200_000
HEADER_SCAN_ROWS = 30
NOT_STATED = ""  # the text of an unknown dictionary value when the cell was empty
_CFB = bytes.fromhex("d0cf11e0a1b11ae1")
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_SPLIT_NAMES = re.compile(r"[、，,;；\n]+")
_SPLIT_MULTI = re.compile(r"[；;\n]+")
_PAREN = re.compile(r"^(.+?)\s*[（(](.*)[）)]\s*$")
_PERSON_OUTCOMES = re.compile(r"^(.+?)\s*[:：]\s*(.+)$", re.S)
_OUTCOME = re.compile(r"^(.+?)\s*(?:[（(]\s*(.+?)\s*[）)])?$")
_DATED = re.compile(r"^(\S+?)\s*[:： ]\s*(.*)$", re.S)
_MATERIAL = re.compile(r"【(材料|检查人|佐证)：(.*?)】")
_CHECK = re.compile(r"^(\S+)\s+(\S+?)\s*[（(](通过|未通过)[）)]\s*[:：]\s*(.*)$", re.S)
_YEAR = re.compile(r"(19|20)\d{2}(?=年)")
_CLOCK = re.compile(r"^\d{1,2}[:：]\d{2}")  # a time of day as written: 9:30, 09：30
_CLOCK_PARTS = re.compile(r"[:：]")
_DOC_NUMBER = re.compile(
    r"^(?P<code>[^\[(【〔〖{]+?)[\[(【〔〖{](?P<year>\d{4})[\])】〕〗}]第?(?P<serial>\d+)号?$"
)
_ISSUE_NUMBER = re.compile(r"^(?P<year>\d{4})年第(?P<serial>\d+)期$")  # a 通报's 期号
_YES = {"是", "已完成", "完成", "已销号", "销号", "已整改", "√", "✓", "y", "yes", "1"}
_NOT_DUPLICATE = {"", "否", "无", "不是", "非重件", "-", "—", "/"}
MAX_AMOUNT_YUAN = 1e10  # more than any office recovers: a typo or an overflow
# Columns without which a row of the ledger cannot be a record.
REQUIRED = {
    CLUES: ("received_date", "summary"),
    TALKS: ("date", "kind", "talkers", "subjects"),
    RECTS: ("finding", "unit"),
    DOCUMENTS: ("number", "title", "issued_date"),
    PERSONS: ("name",),
    INSPECTIONS: ("start_date", "units"),
    ACTIVITIES: ("date", "title"),
    CAMPAIGNS: ("name", "start_date"),
    ACCOUNTABILITIES: ("date", "reason"),
    BULLETINS: ("date", "title"),
}

# The columns whose figures a 合计 line states and the import checks (plan.tallies).
TALLIED = ("form1", "form2", "form3", "form4", "sanction_count", "sessions", "attendance")


@dataclass(frozen=True)
class Grouping:
    """A ledger with a row per part (a finding, a case) of a record that spans rows: rows
    with the same record columns are one record; a row that leaves `lead` empty (a merged
    cell over the rows of one record) takes the empty record columns from the row above."""

    lead: str
    keys: tuple[str, ...]  # the record's columns
    record: str  # what a group makes: 监督检查
    measure: str  # its measure word: 次
    parts: str  # how its parts are counted: "问题 {n} 个"
    same: str  # which columns make rows one record, for the clerk


GROUPED = {
    INSPECTIONS: Grouping(
        "start_date",
        ("start_date", "end_date", "kind", "theme", "units", "team", "campaigns", "notes"),
        "监督检查",
        "次",
        "问题 {n} 个",
        "检查时间、类型、主题、被检查单位等相同的行为同一次检查",
    ),
    BULLETINS: Grouping(
        "date",
        (
            "date",
            "kind",
            "title",
            "number",
            "scope",
            "summary",
            "requirements",
            "campaigns",
            "notes",
        ),
        "通报",
        "期",
        "{n} 起",
        "通报日期、种类、标题等相同的行为同一期通报",
    ),
}
# Words of a 参加人员 cell that describes people ("全体干部职工") instead of naming them.
_GROUP_WORDS = ("全体", "干部", "职工", "党员", "人员", "班子", "成员", "代表", "以上", "等", "各")
_CJK_NAME = re.compile(r"^[\u4e00-\u9fff·]{2,4}$")
_COUNT_CELL = re.compile(r"^(\d+)\s*(余|多)?\s*(?:人次|人|场次|场|次|期)?$")
_ASSESSED = re.compile(r"^(.*?)\s*(?:[（(]\s*(.+?)\s*[）)])?$")


def _mask(field: str, value: Any) -> Any:
    """A reporter's name or contact as every message shows it (masked)."""
    if value in (None, "") or field not in REPORTER_FIELDS:
        return value
    return mask_name(str(value)) if field == "reporter_name" else mask_contact(str(value))


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    value: Any  # already masked when it is a reporter's name or contact
    reason: str

    def text(self) -> str:
        shown = "" if self.value in (None, "") else f"“{self.value}”"
        return f"第{self.row}行 {self.column}{shown}：{self.reason}"


@dataclass
class Review:
    """A value the import inferred (a talker's role, a unit split from a post), shown for
    review with the rows that use it; what the clerk sets instead is kept in the plan's
    role_overrides / split_overrides, keyed by `text`."""

    text: str  # as written in the ledger
    inferred: tuple[str | None, str | None]  # (name, role) or (unit, post)
    rows: list[int] = field(default_factory=list)


@dataclass
class Unknown:
    dictionary: str
    dictionary_label: str
    column: str
    text: str  # NOT_STATED when the cell was empty but the field needs a value
    rows: list[int] = field(default_factory=list)

    @property
    def shown(self) -> str:
        return self.text or "（未填写）"


@dataclass(frozen=True)
class Duplicate:
    row: int
    description: str
    existing_id: int | None  # None: the same as an earlier row of this file
    earlier_row: int | None = None
    this: str = ""  # the row, shown beside `other`
    other: str = ""  # the existing record or earlier row it may repeat


@dataclass
class ImportPlan:
    path: Path
    ledger: Ledger
    sheet: str
    header_row: int
    headers: list[str]
    mapping: dict[int, str]  # column index -> ledger column key
    unmatched: list[str]
    raw: list[tuple[int, list[Any]]]
    year_hint: int | None
    accepted: list[int] = field(default_factory=list)
    rejected: dict[int, list[Problem]] = field(default_factory=dict)
    duplicates: list[Duplicate] = field(default_factory=list)
    unknown: list[Unknown] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    value_overrides: dict[tuple[str, str], str] = field(default_factory=dict)
    registered: list[tuple[str, str, int, int]] = field(default_factory=list)  # 文书: kind,
    # code, year, serial of each row the check could register
    skipped: list[tuple[int, str]] = field(default_factory=list)  # footers, totals, notes
    totals: list[tuple[int, list[Any]]] = field(default_factory=list)  # 合计 lines
    missing: list[str] = field(default_factory=list)  # required columns not found
    looks_like: str | None = None  # the ledger the file seems to be, when not this one
    roles: dict[str, Review] = field(default_factory=dict)  # talker text -> (name, role)
    splits: dict[str, Review] = field(default_factory=dict)  # unit+post text -> (unit, post)
    role_overrides: dict[str, str] = field(default_factory=dict)
    split_overrides: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    tallies: dict[int, dict[str, int]] = field(default_factory=dict)  # row -> forms counted
    undated: list[int] = field(default_factory=list)  # disposed rows dated by receipt
    # 监督检查台账: row -> (the inspection it belongs to, its text); rows that continued
    # the inspection above them (检查时间 left empty)
    group_of: dict[int, tuple[tuple[Any, ...], str]] = field(default_factory=dict)
    continued: list[int] = field(default_factory=list)
    defaulted: dict[str, list[int]] = field(default_factory=dict)  # what was filled -> rows
    # what the check inserted, for the write to insert again when nothing changed since
    replay: _Replay | None = field(default=None, repr=False, compare=False)

    @property
    def duplicate_rows(self) -> set[int]:
        return {d.row for d in self.duplicates}

    def groups(self) -> list[tuple[str, list[int], int]]:
        """The records the accepted rows of a grouped ledger make (监督检查台账: the
        inspections): (text, rows, parts), in file order."""
        found: dict[tuple[Any, ...], tuple[str, list[int], list[int]]] = {}
        accepted = set(self.accepted)
        for number, (key, text) in self.group_of.items():
            if number in accepted:
                entry = found.setdefault(key[:-1], (text, [], []))
                entry[1].append(number)
                if key[-1]:
                    entry[2].append(number)
        return [(text, rows, len(with_finding)) for text, rows, with_finding in found.values()]

    def group_lines(self) -> list[str]:
        """What the import will make of a grouped ledger, one line per record, and the rows
        that continued the record above them."""
        g = GROUPED[self.ledger.name]
        lines = []
        for text, rows, parts in self.groups():
            shown = "、".join(str(n) for n in rows[:8]) + ("等" if len(rows) > 8 else "")
            lines.append(
                f"第{shown}行 → 1 {g.measure}{g.record}（{text}），{g.parts.format(n=parts)}"
            )
        if self.continued:
            listed = "、".join(str(n) for n in self.continued[:10])
            more = "等" if len(self.continued) > 10 else ""
            lead = self.ledger.column(g.lead).header
            lines.append(f"第{listed}行{more}未填{lead}（合并单元格），按上一行的{g.record}归并")
        return lines

    def group_heading(self) -> str:
        g = GROUPED[self.ledger.name]
        lead = self.ledger.column(g.lead).header
        return (
            f"归并为 {len(self.groups())} {g.measure}{g.record}（{g.same}；"
            f"未填{lead}的行属于上一行的{g.record}）："
        )

    def summary(self) -> str:
        if self.ledger.name == DOCUMENTS:  # a number already registered is never written
            first = (
                f"{self.ledger.title}：共 {len(self.raw)} 行，可补录 {len(self.accepted)} 行，"
                f"文号重复（不再导入）{len(self.duplicate_rows)} 行，"
                f"不能导入 {len(self.rejected)} 行。"
            )
        else:
            first = (
                f"{self.ledger.title}：共 {len(self.raw)} 行，可导入 {len(self.accepted)} 行"
                f"（其中疑似重复 {len(self.duplicate_rows & set(self.accepted))} 行），"
                f"不能导入 {len(self.rejected)} 行。"
            )
        lines = [first]
        if self.missing:
            lines.insert(0, self.missing_text())
        if self.group_of:
            lines.append(self.group_heading())
            lines += [f"  {line}" for line in self.group_lines()]
        if self.skipped:
            lines.append(f"跳过非数据行（表尾、合计、说明）{len(self.skipped)} 行：")
            for number, text in self.skipped:
                lines.append(f"  第{number}行：{text[:40]}")
        for heading, reviews, shown in (
            ("谈话人身份（按职务推断，", self.roles, self._role_text),
            ("单位及职务拆分（", self.splits, self._split_text),
        ):
            if reviews:
                lines.append(f"{heading}共 {len(reviews)} 种写法）：")
                for review in reviews.values():
                    lines.append(f"  {review.text} → {shown(review)}（{len(review.rows)} 行）")
        if self.unmatched:
            lines.append(f"未识别的列（不导入）：{'、'.join(self.unmatched)}")
        if self.unknown:
            lines.append("字典中没有的值（需对应到已有选项）：")
            for u in self.unknown:
                lines.append(f"  {u.column}：{u.shown}（{len(u.rows)} 行）")
        if self.duplicates:
            lines.append("疑似重复（默认仍导入，可逐行选择不导入）：")
            for d in self.duplicates:
                lines.append(f"  第{d.row}行：{d.description}")
                if d.this and d.other:
                    lines.append(f"    本行：{d.this}")
                    lines.append(f"    对照：{d.other}")
        if self.rejected:
            lines.append("不能导入的行：")
            for problems in self.rejected.values():
                for p in problems:
                    lines.append(f"  {p.text()}")
        for w in self.warnings:
            lines.append(f"提示：{w}")
        return "\n".join(lines)

    def missing_text(self) -> str:
        found = "、".join(h for h in self.headers if h) or "（无）"
        text = f"缺少必需的列：{'、'.join(self.missing)}。表中的列：{found}"
        if self.looks_like:
            text += f"。该表看起来是{LEDGERS[self.looks_like].title}，请确认所选台账类型"
        return text

    def _role_text(self, review: Review) -> str:
        name, role = self.role_of(review)
        return f"{name or '（无姓名）'}：{role or '（未能推断）'}"

    def _split_text(self, review: Review) -> str:
        unit, post = self.split_of(review)
        return f"单位：{unit or '（无）'}，职务：{post or '（无）'}"

    def role_of(self, review: Review) -> tuple[str | None, str | None]:
        """A talker's (name, role): the clerk's choice, else the inferred one."""
        name = review.inferred[0]
        return name, self.role_overrides.get(review.text, review.inferred[1])

    def split_of(self, review: Review) -> tuple[str | None, str | None]:
        """A unit+post cell's (unit, post): the clerk's choice, else the split found."""
        return self.split_overrides.get(review.text, review.inferred)


# -- reading the file ----------------------------------------------------------------


def check_file(path: Path) -> None:
    """Refuse what openpyxl cannot read, with what the clerk should do instead."""
    suffix = path.suffix.lower()
    if not path.exists():
        raise UserError(f"文件不存在：{path}")
    if path.is_dir():
        raise UserError(f"“{path}”是文件夹，请选择 .xlsx 文件")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise UserError(
            f"文件过大（{size / 1024 / 1024:.0f} MB），"
            f"一次最多导入 {MAX_BYTES // 1024 // 1024} MB、{MAX_ROWS} 行，请拆分后分批导入"
        )
    if suffix == ".csv" or suffix == ".txt":
        raise UserError(
            "这是文本格式（.csv）文件，请用 Excel/WPS 打开，另存为“Excel 工作簿（.xlsx）”后再导入"
        )
    if suffix in (".ods", ".et", ".ett", ".numbers"):
        raise UserError(f"不支持 {suffix} 格式，请在 Excel/WPS 中另存为 .xlsx 后再导入")
    with path.open("rb") as fh:
        head = fh.read(8)
    if head == _CFB:
        data = path.read_bytes()
        if _ENCRYPTED in data:
            raise UserError(
                "文件设置了打开密码（已加密），无法读取。请在 Excel/WPS 中打开并取消密码，"
                "另存为 .xlsx 后再导入"
            )
        raise UserError("旧版 Excel 97-2003 格式 (.xls)，请在 Excel/WPS 中另存为 .xlsx 后再导入")
    if suffix == ".xls":
        raise UserError("旧版 Excel 97-2003 格式 (.xls)，请在 Excel/WPS 中另存为 .xlsx 后再导入")
    if not head.startswith(b"PK") or not zipfile.is_zipfile(path):
        raise UserError("不是有效的 Excel 工作簿（.xlsx）文件，可能已损坏或并非表格文件")
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if "xl/workbook.xml" not in names:
                raise UserError("该文件不是 Excel 工作簿（.xlsx），请选择台账表格文件")
            total = sum(i.file_size for i in zf.infolist())
    except zipfile.BadZipFile:
        raise UserError("不是有效的 Excel 工作簿（.xlsx）文件，可能已损坏") from None
    if total > MAX_UNCOMPRESSED:
        raise UserError(f"文件内容过大，一次最多导入 {MAX_ROWS} 行，请拆分后分批导入")


def _norm(text: Any) -> str:
    value = unicodedata.normalize("NFKC", str(text or ""))
    return re.sub(r"[\s*：:]", "", value)


def _headers_for(spec: Ledger, aliases: dict[str, list[str]] | None = None) -> dict[str, str]:
    """Header text -> column key: our headers, then their synonyms, then the spellings
    the 台账列名 dictionary (the office's, or the shipped one) gives for them."""
    table: dict[str, str] = {"序号": "", "编号序号": ""}
    for col in spec.columns:
        table.setdefault(_norm(col.header), col.key)
    for col in spec.columns:
        for name in col.synonyms:
            table.setdefault(_norm(name), col.key)
    known = dict(table)
    for label, spellings in (aliases if aliases is not None else shipped_aliases()).items():
        key = known.get(_norm(label))
        if key:
            for name in spellings:
                table.setdefault(_norm(name), key)
    return table


def column_aliases(store: Store) -> dict[str, list[str]]:
    """The other spellings of column headers (dictionary 台账列名): the office's own and
    the shipped ones (a store made before they shipped still reads them)."""
    return aliases(store, "ledger_column")


def shipped_aliases(name: str = "ledger_column") -> dict[str, list[str]]:
    for spec in dictionaries.shipped():
        if spec["name"] == name:
            return {i["label"]: list(i.get("aliases", [])) for i in spec["items"]}
    return {}


def aliases(store: Store, name: str) -> dict[str, list[str]]:
    """Label -> aliases of dictionary `name`: the store's items with their aliases, plus
    the aliases shipped for the same labels (the office extends the shipped list; a store
    created before an alias shipped still knows it)."""
    cache: dict[str, dict[str, list[str]]] = store.cache.setdefault("import_aliases", {})
    if name not in cache:
        shipped = shipped_aliases(name)
        found = {i.label: list(i.aliases) for i in dictionaries.items(store, name)}
        if name == "ledger_column" and not found:
            found = {label: [] for label in shipped}  # the dictionary itself is newer
        for label, extra in shipped.items():
            if label in found:
                found[label] += [a for a in extra if a not in found[label]]
            elif name == "ledger_column":  # a column shipped after the store was made
                found[label] = list(extra)
        cache[name] = found
    return cache[name]


def resolve(store: Store, name: str, text: str) -> str | None:
    """The dictionary label a ledger's text means: the store's items and aliases, then
    the shipped aliases of the store's labels. Asked once per text while the aliases are
    (an import's run: a ledger repeats the same few values on every row)."""
    known: dict[tuple[str, str], str | None] = store.cache.setdefault("import_resolved", {})
    key = (name, text)
    if key not in known:
        known[key] = _resolve(store, name, text)
    return known[key]


def _resolve(store: Store, name: str, text: str) -> str | None:
    label = dictionaries.resolve(store, name, text)
    if label is not None:
        return label
    compact = "".join(text.split())
    for label, spellings in aliases(store, name).items():
        if compact in spellings:
            return label
    return None


def _forget_aliases(store: Store) -> None:
    """Read the aliases afresh (the clerk may have added some), and what they resolved."""
    store.cache.pop("import_aliases", None)
    store.cache.pop("import_resolved", None)
    store.cache.pop("import_talker_words", None)


def _talker_words(store: Store) -> tuple[list[tuple[str, list[str]]], list[str]]:
    """The talker roles with their words (the role itself and its aliases), and all the
    words: made once while the aliases are, not for every row."""
    made = store.cache.get("import_talker_words")
    if made is None:
        roles = [(label, [label, *words]) for label, words in aliases(store, "talker_role").items()]
        made = roles, [w for _, ws in roles for w in ws]
        store.cache["import_talker_words"] = made
    return made


def _match(known: dict[str, str], text: Any) -> str | None:
    key = _norm(text)
    if not key:
        return None
    if key in known:
        return known[key]
    bare = re.sub(r"\(.*?\)", "", key)
    return known.get(bare)


def _rows(path: Path, *, fast: bool = True) -> Iterator[tuple[str, Iterator[Sequence[Any]]]]:
    """Each worksheet's title and rows. `fast`: documents.xlsx_read, which gives what
    openpyxl's read-only mode gives in about a third of its time and raises
    xlsx_read.Unsupported where it cannot (the caller then reads again with openpyxl)."""
    if fast:
        yield from xlsx_read.sheets(path)
        return
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on broken files
        raise UserError(f"无法读取该 Excel 文件，可能已损坏：{exc}") from exc
    try:
        for ws in wb.worksheets:
            yield ws.title, _readable(ws.title, ws.iter_rows(values_only=True))
    finally:
        wb.close()


def _readable(sheet: str, rows: Iterator[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    """The rows of a sheet; a cell openpyxl cannot read (a number written "NaN" by some
    program, a broken part) stops the import with where it is, not a traceback."""
    number = 0
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except Exception as exc:  # openpyxl raises many kinds on broken cells
            raise UserError(
                f"工作表“{sheet}”第{number + 1}行有无法读取的单元格（{exc}），文件可能已损坏。"
                "请在 Excel/WPS 中打开并检查该行，另存为 .xlsx 后再导入"
            ) from exc
        number += 1
        yield row


def _read(path: Path, spec: Ledger, aliases: dict[str, list[str]] | None = None) -> ImportPlan:
    check_file(path)
    try:
        return _read_sheets(path, spec, aliases, fast=True)
    except xlsx_read.Unsupported:  # something the fast reader does not read: openpyxl does
        return _read_sheets(path, spec, aliases, fast=False)


def _read_sheets(
    path: Path, spec: Ledger, aliases: dict[str, list[str]] | None, *, fast: bool
) -> ImportPlan:
    known = _headers_for(spec, aliases)
    best: ImportPlan | None = None
    best_score = 0
    for sheet, rows in _rows(path, fast=fast):
        top: list[list[Any]] = []
        for row in rows:
            top.append(list(row))
            if len(top) >= HEADER_SCAN_ROWS:
                break
        scores = [sum(1 for v in r if _match(known, v) is not None) for r in top]
        if not scores or max(scores) < 2 or max(scores) <= best_score:
            continue
        index = scores.index(max(scores))
        header = [str(v).strip() if v is not None else "" for v in top[index]]
        data_start = index + 1
        # A two-row header (e.g. 四种形态 over 第一…第四种形态): take the sub-header's names.
        if data_start < len(top):
            below = top[data_start]
            subs = {
                i: v
                for i, v in enumerate(below)
                if _match(known, v) is not None
                and (i >= len(header) or _match(known, header[i]) is None)
            }
            if subs:
                header += [""] * (len(below) - len(header))
                for i, v in subs.items():
                    header[i] = str(v).strip()
                data_start += 1
        title_text = " ".join(str(v) for r in top[:index] for v in r if v is not None)
        year = _YEAR.search(title_text)
        mapping: dict[int, str] = {}
        unmatched: list[str] = []
        for i, name in enumerate(header):
            key = _match(known, name)
            if key is None:
                if name:
                    unmatched.append(name)
            elif key and key not in mapping.values():
                mapping[i] = key
        raw: list[tuple[int, list[Any]]] = []
        for n, r in enumerate(top[data_start:], start=data_start + 1):
            raw.append((n, r))
        for n, row in enumerate(rows, start=len(top) + 1):
            if n > MAX_ROWS + HEADER_SCAN_ROWS:
                raise UserError(f"表格超过 {MAX_ROWS} 行，请拆分后分批导入")
            raw.append((n, list(row)))
        raw = [(n, r) for n, r in raw if any(v not in (None, "") for v in r)]
        skipped: list[tuple[int, str]] = []
        totals: list[tuple[int, list[Any]]] = []
        data: list[tuple[int, list[Any]]] = []
        for n, r in raw:
            found = ledger_cells.non_data(r)
            if found is None:
                data.append((n, r))
                continue
            skipped.append((n, found[0]))
            if found[1]:
                totals.append((n, r))
        best_score = max(scores)
        best = ImportPlan(
            path=path,
            ledger=spec,
            sheet=sheet,
            header_row=index + 1,
            headers=header,
            mapping=mapping,
            unmatched=unmatched,
            raw=data,
            year_hint=int(year.group(0)) if year else None,
            skipped=skipped,
            totals=totals,
        )
    if best is None:
        sample = "、".join(c.header for c in spec.columns[:4])
        raise UserError(
            f"未找到表头行：前{HEADER_SCAN_ROWS}行中没有“序号、{sample}”等列名。"
            f"请确认所选台账类型（{spec.title}）是否正确"
        )
    return best


def guess_kind(path: Path | str) -> str | None:
    """The importable ledger a workbook most likely is (its title, else the most header
    names matched), or None; the clerk confirms it in the import dialog."""
    path = Path(path)
    check_file(path)
    try:
        return _guess(path, fast=True)
    except xlsx_read.Unsupported:  # something the fast reader does not read: openpyxl does
        return _guess(path, fast=False)


def _guess(path: Path, *, fast: bool) -> str | None:
    importable = list(LEDGERS.values())
    known = {spec.name: _headers_for(spec) for spec in importable}
    best: tuple[int, str] | None = None
    for _sheet, rows in _rows(path, fast=fast):
        top = [list(r) for _, r in zip(range(HEADER_SCAN_ROWS), rows, strict=False)]
        texts = [_norm(v) for r in top for v in r if isinstance(v, str)]
        for spec in importable:
            if any(_norm(spec.title) in t for t in texts):
                return spec.name
        for spec in importable:
            score = max((sum(1 for v in r if _match(known[spec.name], v)) for r in top), default=0)
            if score >= 2 and (best is None or score > best[0]):
                best = (score, spec.name)
    return best[1] if best else None


# -- parsing one row -----------------------------------------------------------------


class _Names:
    """Units and persons looked up by name, created when missing (inside the transaction).

    A person is the same person when the name matches and the unit is any unit of their
    post history (an old ledger names the unit of that time); the same name in a unit
    they never worked in is another person."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.units = {r["name"]: int(r["id"]) for r in store.query("SELECT id, name FROM units")}
        # name -> (person id, current unit id, every unit id or name of their posts)
        self.persons: dict[str, list[tuple[int, int | None, set[int | str]]]] = {}
        places: dict[int, set[int | str]] = {}
        for r in store.query("SELECT person_id, unit_id, unit_name FROM person_posts"):
            mine = places.setdefault(int(r["person_id"]), set())
            mine.update(x for x in (r["unit_id"], r["unit_name"]) if x is not None)
        for r in store.query("SELECT id, name, unit_id FROM persons ORDER BY id"):
            mine = places.get(int(r["id"]), set())
            if r["unit_id"] is not None:
                mine.add(int(r["unit_id"]))
            self.persons.setdefault(r["name"], []).append((int(r["id"]), r["unit_id"], mine))
        self.since = {  # person -> the earliest start of a post on record
            int(r[0]): str(r[1])
            for r in store.db.execute(
                "SELECT person_id, MIN(start_date) FROM person_posts"
                " WHERE start_date IS NOT NULL GROUP BY person_id"
            )
        }
        self.earlier: list[tuple[int, str, str]] = []  # (row, name, unit) added to a history
        self.row = 0  # the ledger row being written
        self.clue_numbers = {
            str(r["ledger_no"]): int(r["id"])
            for r in store.query("SELECT id, ledger_no FROM clues WHERE ledger_no IS NOT NULL")
        }
        self.created = {"units": 0, "persons": 0, "inspections": 0, "bulletins": 0}
        self.grouped: dict[tuple[Any, ...], int] = {}  # the records grouped rows make
        self.campaigns = {
            str(r["name"]).strip(): int(r["id"])
            for r in store.query("SELECT id, name FROM campaigns ORDER BY id DESC")
        }
        self._journal: list[tuple[str, str]] = []  # (kind, name) added, newest last
        self._groups: list[tuple[Any, ...]] = []  # the inspections' keys, newest last
        self._findings: dict[str, list[int]] | None = None
        # what a refused row leaves in place (a unit a person is taken to have worked in,
        # a campaign's name), undone only when a batch of rows is tried again (`rewind`)
        self._kept: list[tuple[set[Any] | dict[str, int], Any]] = []
        self.units_read = 0  # times a row's reading (not its write) looked at the units

    def state(self) -> Any:
        """A mark to roll back to when a row is rejected (O(1): a journal, not a copy)."""
        return len(self._journal)

    def checkpoint(self) -> Any:
        """A mark to rewind to before a batch of rows is tried again one by one: the
        journal's, and also what `restore` leaves in place."""
        return len(self._journal), len(self._kept), dict(self.created), len(self.earlier)

    def rewind(self, checkpoint: Any) -> None:
        journal, kept, created, earlier = checkpoint
        self.restore(journal)
        while len(self._kept) > kept:
            into, value = self._kept.pop()
            if isinstance(into, set):
                into.discard(value)
            else:
                del into[value]
        self.created = dict(created)
        del self.earlier[earlier:]

    def adopt(self, places: set[int | str], unit_id: int) -> None:
        """A unit joins a person's places (kept when the row is refused, as before)."""
        if unit_id not in places:
            places.add(unit_id)
            self._kept.append((places, unit_id))

    def campaign(self, name: str, campaign_id: int) -> None:
        if name not in self.campaigns:
            self.campaigns[name] = campaign_id
            self._kept.append((self.campaigns, name))

    def known_units(self) -> dict[str, int]:
        """The units so far, for reading a row: counted, since a row written after a
        refused one would have been read without the units that one made."""
        self.units_read += 1
        return self.units

    def restore(self, state: Any) -> None:
        self.earlier = [e for e in self.earlier if e[0] != self.row]
        while len(self._journal) > int(state):
            kind, name = self._journal.pop()
            if kind == "units":
                del self.units[name]
            elif kind == "clues":
                del self.clue_numbers[name]
                continue
            elif kind in ("inspections", "bulletins"):
                del self.grouped[self._groups.pop()]
            else:
                self.persons[name].pop()
                if not self.persons[name]:
                    del self.persons[name]
            self.created[kind] -= 1

    def unit(self, name: str | None) -> int | None:
        if not name:
            return None
        if name not in self.units:
            self.units[name] = records.insert(self.store, "units", {"name": name, "active": 1})
            self.created["units"] += 1
            self._journal.append(("units", name))
        return self.units[name]

    def findings(self) -> dict[str, list[int]]:
        """The rectification items by their finding's text (read once, when first asked)."""
        if self._findings is None:
            self._findings = {}
            for row in self.store.query("SELECT id, finding FROM rectifications ORDER BY id"):
                self._findings.setdefault(str(row["finding"]).strip(), []).append(int(row["id"]))
        return self._findings

    def group(self, table: str, key: tuple[Any, ...], make: Callable[[], int]) -> int:
        """The record of `table` the rows with `key` make (an inspection, a 通报): made by
        the first of them."""
        key = (table, *key)
        if key not in self.grouped:
            self.grouped[key] = make()
            self.created[table] += 1
            self._journal.append((table, ""))
            self._groups.append(key)
        return self.grouped[key]

    def clue(self, number: str | None, clue_id: int) -> None:
        if number and number not in self.clue_numbers:
            self.clue_numbers[number] = clue_id
            self._journal.append(("clues", number))

    def add(self, name: str, pid: int, unit_id: int | None, places: set[int | str]) -> None:
        self.persons.setdefault(name, []).append((pid, unit_id, places))
        self.created["persons"] += 1
        self._journal.append(("persons", name))

    def person(
        self,
        name: str,
        unit_name: str | None = None,
        *,
        day: str | None = None,
        past_post: str | None = None,
        **values: Any,
    ) -> int:
        """The person `name` of `unit_name`, made when missing. A row dated before every
        post on record of the only person of that name, in a unit new to them, is their
        past: the unit and `past_post` join their post history."""
        unit_id = self.unit(unit_name) if unit_name else None
        found = self.persons.get(name, [])
        if unit_id is not None:
            for pid, now, _places in found:  # the person working there now comes first
                if now == unit_id:
                    return pid
            for pid, _now, places in found:
                if unit_id in places or unit_name in places:
                    return pid
            if day and past_post and len(found) == 1:
                pid, _now, places = found[0]
                if day < self.since.get(pid, ""):  # before every post on record: their past
                    records.insert(
                        self.store,
                        "person_posts",
                        {
                            "person_id": pid,
                            "unit_id": unit_id,
                            "unit_name": unit_name,
                            "post": past_post,
                        },
                    )
                    self.adopt(places, unit_id)
                    self.earlier.append((self.row, name, str(unit_name)))
                    return pid
            if found and all(not places for _, _, places in found):
                pid, _now, places = found[0]
                self.adopt(places, unit_id)
                return pid
        elif found:
            return found[0][0]
        pid = records.insert(
            self.store,
            "persons",
            {"name": name, "unit_id": unit_id, **{k: v for k, v in values.items() if v}},
        )
        self.add(name, pid, unit_id, {unit_id} if unit_id is not None else set())
        return pid


Writer = Callable[[_Names], int]


@dataclass
class _Row:
    store: Store
    plan: ImportPlan
    number: int
    cells: dict[str, Any]
    names: _Names
    problems: list[Problem] = field(default_factory=list)
    pending: list[tuple[str, str, str]] = field(default_factory=list)  # dict, column, text

    def header(self, key: str) -> str:
        for i, k in self.plan.mapping.items():
            if k == key:
                return self.plan.headers[i] or self.plan.ledger.column(key).header
        return self.plan.ledger.column(key).header

    def problem(self, key: str, value: Any, reason: str) -> None:
        self.problems.append(Problem(self.number, self.header(key), _mask(key, value), reason))

    def unit_post(self, text: str | None) -> tuple[str | None, str | None]:
        """Unit and post of a combined cell, split against the units known so far; listed
        in the plan for review, the clerk's correction applied."""
        text = ledger_cells.clean(text)
        if not text:
            return None, None
        if " " in text:  # "单位 职务", as our exports write it: nothing to infer
            unit, post = text.split(" ", 1)
            return unit, post
        review = self.plan.splits.get(text)
        if review is None:
            review = Review(text, ledger_cells.split_unit_post(text, self.names.known_units()))
            self.plan.splits[text] = review
        if not review.rows or review.rows[-1] != self.number:  # rows come in order
            review.rows.append(self.number)
        return self.plan.split_of(review)

    def talkers(self, key: str) -> list[dict[str, Any]]:
        """Each talker's name and role: the role as written ("王建国（主要负责人）") or
        inferred from the post beside the name; listed in the plan for review."""
        roles, words = _talker_words(self.store)
        found = []
        for name, post in ledger_cells.split_talkers(self.text(key) or "", words):
            if not name:
                self.problem(key, post, "谈话人只写了职务，没有姓名")
                continue
            if post is None or post in (label for label, _ in roles):
                role = self.dict_value(key, "talker_role", post, True)
                if role:
                    found.append({"name": name, "role": role})
                continue
            text = f"{post} {name}"
            review = self.plan.roles.get(text)
            if review is None:
                review = Review(text, (name, ledger_cells.infer_role(post, roles)))
                self.plan.roles[text] = review
            if not review.rows or review.rows[-1] != self.number:  # rows come in order
                review.rows.append(self.number)
            role = self.plan.role_of(review)[1]
            if role is None:
                self.problem(key, text, "无法从职务推断谈话人身份，请在“谈话人身份”中选择")
                continue
            found.append({"name": name, "role": role})
        return found

    def raw(self, key: str) -> Any:
        return self.cells.get(key)

    def text(self, key: str) -> str | None:
        value = self.cells.get(key)
        if value is None:
            return None
        if type(value) is str:  # most cells: as below, without the other types' checks
            return value.strip() or None
        if isinstance(value, dt.datetime):
            value = value.date().isoformat()
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value).strip()
        return text or None

    def date(self, key: str, *, required: bool = False) -> str | None:
        value = self.cells.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem(key, None, "必须填写日期")
            return None
        if isinstance(value, float) and not math.isfinite(value):
            self.problem(key, value, "不是有效日期")
            return None
        try:
            day = parse_date(value, self.plan.year_hint)
        except (ValueError, OverflowError) as exc:
            self.problem(key, value, str(exc))
            return None
        return day.isoformat()

    def dict_value(self, key: str, dictionary: str, text: str | None, required: bool) -> str | None:
        text = (text or "").strip()
        override = self.plan.value_overrides.get((dictionary, text))
        if override is not None:
            return override or None
        if not text:
            if required:
                self.pending.append((dictionary, self.header(key), NOT_STATED))
            return None
        label = resolve(self.store, dictionary, text)
        if label is None:
            self.pending.append((dictionary, self.header(key), text))
        return label

    def lookup(self, dictionary: str, text: str) -> str | None:
        """The label the clerk mapped `text` to, else the dictionary's; nothing pending."""
        override = self.plan.value_overrides.get((dictionary, text.strip()))
        if override is not None:
            return override or None
        return resolve(self.store, dictionary, text)

    def dict(self, key: str, dictionary: str, *, required: bool = False) -> str | None:
        return self.dict_value(key, dictionary, self.text(key), required)

    def money(self, key: str) -> int | None:
        value = self.cells.get(key)
        if value in (None, ""):
            return None
        text = unicodedata.normalize("NFKC", str(value)).replace(",", "").replace("元", "")
        try:
            amount = float(text)
        except (ValueError, OverflowError):
            self.problem(key, value, "不是有效金额（应为数字，单位元）")
            return None
        if not math.isfinite(amount) or amount > MAX_AMOUNT_YUAN:
            self.problem(key, value, "不是有效金额（不是数字或数值过大，单位为元）")
            return None
        if amount < 0:
            self.problem(key, value, "金额不能为负数")
            return None
        return round(amount * 100)


def _names(text: str | None) -> list[str]:
    return [n.strip() for n in _SPLIT_NAMES.split(text or "") if n.strip()]


def _aligned(text: str | None, count: int) -> list[str | None]:
    """One value per person: the whole text for one person, else split by ；/lines (or 、)."""
    if not text:
        return [None] * count
    if count <= 1:
        return [text]
    parts = [p.strip() for p in _SPLIT_MULTI.split(text)]
    if len(parts) != count:
        alt = [p.strip() for p in text.split("、")]
        parts = alt if len(alt) == count else parts
    parts += [""] * (count - len(parts))
    return [p or None for p in parts[:count]]


def _is_yes(text: str | None) -> bool:
    return (text or "").strip().lower() in _YES


def _name_unit(text: str) -> tuple[str, str | None]:
    m = _PAREN.match(text)
    if m:
        return m.group(1).strip(), (m.group(2).strip() or None)
    return text.strip(), None


# Each parser returns (duplicate key, writer) or None when the row has problems.
Parsed = tuple[tuple[Any, ...], str, Writer] | None


def _parse_clue(r: _Row) -> Parsed:
    received = r.date("received_date") or r.date("received_again")
    if received is None and not r.problems:
        r.problem("received_date", None, "必须填写来件时间")
    summary = r.text("summary")
    if not summary:
        r.problem("summary", None, "必须填写反映的主要问题")
    disciplines = []
    for item in _names(r.text("disciplines")):
        label = r.dict_value("disciplines", "discipline", item, False)
        if label:
            disciplines.append(label)
    values: dict[str, Any] = {
        "ledger_no": r.text("ledger_no"),
        "received_date": received,
        "level": r.dict("level", "clue_level"),
        "source": r.dict("source", "clue_source", required=True),
        "channel": r.dict("channel", "channel"),
        "petition_kind": r.dict("petition_kind", "petition_kind"),
        "signed": r.dict("signed", "signed"),
        "leader_instruction": r.text("leader_instruction"),
        "summary": summary,
        "disciplines": disciplines or None,
        "four_winds": r.dict("four_winds", "four_winds"),
        "disposition": r.dict("disposition", "disposition"),
        "disposition_date": r.date("disposition_date"),
        "supervisor": r.text("supervisor"),
        "handler": r.text("handler"),
        "due_date": r.date("due_date"),
        "prelim_start": r.date("prelim_start"),
        "prelim_end": r.date("prelim_end"),
        "case_date": r.date("case_date"),
        "hearing_date": r.date("hearing_date"),
        "closed_date": r.date("closed_date"),
        "amount_recovered": r.money("amount"),
        "result_summary": r.text("result_summary"),
        "notes": r.text("notes"),
    }
    for key in ("reporter_name", "reporter_contact"):
        text = r.text(key)
        values[key] = None if text is None or is_masked(text) else text
    if values["disposition"] and not values["disposition_date"] and received:
        values["disposition_date"] = received
        r.plan.undated.append(r.number)
    finished = values["closed_date"]
    if finished and not values["case_date"]:
        # Old ledgers' 办结时间 also ends 谈话函询 and 了结 clues, which were never 立案:
        # keep the date in the result text instead of refusing the row.
        values["closed_date"] = None
        note = f"办结日期：{finished}"
        values["result_summary"] = "；".join(x for x in (values["result_summary"], note) if x)
        r.plan.warnings.append(
            f"第{r.number}行：未立案，办结日期（{finished}）记入“查处情况”，不作结案日期"
        )
    people = [_name_unit(t) for t in _names(r.text("persons"))]
    posts = _aligned(r.text("posts"), len(people))
    combined = _aligned(r.text("unit_post"), len(people))
    for i, text in enumerate(combined):
        unit, post = r.unit_post(text)
        if i < len(people) and (unit or post):
            people[i] = (people[i][0], people[i][1] or unit)
            posts[i] = posts[i] or post
    ranks_text = _aligned(r.text("ranks"), len(people))
    ranks = [r.dict_value("ranks", "rank", t, False) for t in ranks_text]
    filed_names = set(_names(r.text("filed")))
    if values["case_date"] and "filed" not in r.plan.mapping.values():
        filed_names = {name for name, _ in people}
    voluntary = set(_names(r.text("voluntary")))
    table = outcome_table(r.store)
    outcomes: list[tuple[str, str, str]] = []  # name, outcome, date
    fallback = finished or values["disposition_date"] or received

    def add_outcome(name: str, label: str, decided: str | None) -> None:
        if name not in {p for p, _ in people}:
            people.append((name, None))
            posts.append(None)
            ranks.append(None)
        day = decided or fallback
        if day:
            outcomes.append((name, label, day))

    marked: dict[int, int] = {}  # form -> count written as a number in its column
    for n in (1, 2, 3, 4):
        key = f"form{n}"
        cell = r.text(key)
        if not cell:
            continue
        if re.fullmatch(r"\d+|[√✓]", cell):
            marked[n] = 1 if not cell.isdigit() else int(cell)  # a count, not a name
            continue
        for entry in (e.strip() for e in _SPLIT_MULTI.split(cell) if e.strip()):
            m = _PERSON_OUTCOMES.match(entry)
            items = [_OUTCOME.match(i.strip()) for i in m.group(2).split("、")] if m else []
            if not m or not items or not all(items):
                r.problem(key, entry, "请写明人员和处理结果，如“张三：诫勉（2023-05-06）”")
                continue
            name = m.group(1).strip()
            found: list[tuple[str, str | None]] = []
            for om in items:
                assert om is not None
                label = r.dict_value(key, "outcome", om.group(1).strip(), True)
                decided = None
                if om.group(2):
                    try:
                        decided = parse_date(om.group(2), r.plan.year_hint).isoformat()
                    except ValueError as exc:
                        r.problem(key, entry, str(exc))
                if label:
                    found.append((label, decided))
            # The column is the form of the person's heaviest outcome; lighter ones (of
            # this form or a lighter one) may follow it in the same entry.
            known = [table[label].form or 0 for label, _ in found if label in table]
            for label, _ in found:
                form = table[label].form if label in table else None
                if form and (form > n or (form != n and max(known) != n)):
                    r.problem(key, entry, f"“{label}”属于{'一二三四'[form - 1]}种形态")
            for label, decided in found:
                add_outcome(name, label, decided)
    by_column = any(f"form{n}" in r.plan.mapping.values() and n not in marked for n in range(1, 5))
    for key, strict in (("outcomes", True), ("result_summary", False)):
        if outcomes or (not strict and ("outcomes" in r.plan.mapping.values() or by_column)):
            break
        found_here = _cell_outcomes(r, key, people, strict)
        if found_here is None:  # 处理结果 written as prose: kept as the result text
            text = r.text(key)
            values["result_summary"] = "；".join(x for x in (values["result_summary"], text) if x)
            r.plan.warnings.append(
                f"第{r.number}行：{r.header(key)}“{str(text)[:30]}”中没有可识别的处理结果，"
                "记入查处情况，不计处分和形态"
            )
            continue
        for name, label, decided in found_here:
            add_outcome(name, label, decided)
    tally = {f"form{n}": 0 for n in range(1, 5)} | {"sanction_count": 0}
    for name in {o[0] for o in outcomes}:
        top = heaviest([o[1] for o in outcomes if o[0] == name], table)
        if top is not None and top.form:
            tally[f"form{top.form}"] += 1
        if any(table[o[1]].is_sanction for o in outcomes if o[0] == name and o[1] in table):
            tally["sanction_count"] += 1
    for n, count in marked.items():
        if tally[f"form{n}"] != count:
            r.plan.warnings.append(
                f"第{r.number}行：{FORM_LABELS[n]}列填“{count}”，但处理结果计得"
                f" {tally[f'form{n}']} 人，按处理结果计"
            )
    r.plan.tallies[r.number] = tally
    if not people and (filed_names or values["case_date"]):
        r.problem("persons", None, "已立案的线索须填写被反映人")
    unit_name = r.text("reported_unit")
    duplicate_mark = ledger_cells.clean(r.text("duplicate"))
    if r.problems or r.pending:
        return None
    who = tuple(sorted(name for name, _ in people)) or ("单位", unit_name or "")
    dup = _Keys(((received, who, _compact(summary)),))
    if duplicate_mark not in _NOT_DUPLICATE:
        dup = _Keys(((received, who, _compact(summary)), ("重件", r.number)))
    repeat = re.search(r"同(.+?)[）)]?$", duplicate_mark)

    def write(names: _Names) -> int:
        ids = [
            names.person(name, unit, day=received, past_post=post)
            for (name, unit), post in zip(people, posts, strict=True)
        ]
        by_name = {name: pid for (name, _), pid in zip(people, ids, strict=True)}
        children: dict[str, list[dict[str, Any]]] = {
            "clue_persons": [
                {
                    "person_id": pid,
                    "unit_name": unit,
                    "post": post,
                    "rank": rank,
                    "filed": 1 if name in filed_names else 0,
                    "voluntary": 1 if name in voluntary else 0,
                }
                for (name, unit), pid, post, rank in zip(people, ids, posts, ranks, strict=True)
            ],
            "clue_outcomes": [
                {"person_id": by_name[name], "outcome": label, "decided_date": day}
                for name, label, day in outcomes
            ],
        }
        original = names.clue_numbers.get(repeat.group(1)) if repeat else None
        clue_id = records.insert(
            r.store,
            "clues",
            {**values, "reported_unit_id": names.unit(unit_name), "duplicate_of": original},
            children,
        )
        names.clue(values["ledger_no"], clue_id)
        return clue_id

    return dup, _clue_text(received, people, summary), write


def _compact(text: str | None) -> str:
    return re.sub(r"[\s，。、,.;；：:“”\"'（）()]", "", unicodedata.normalize("NFKC", text or ""))


def _clue_text(received: str | None, people: Sequence[tuple[str, str | None]], summary: Any) -> str:
    who = "、".join(f"{n}（{u}）" if u else n for n, u in people) or "（无被反映人）"
    return f"{received} {who}：{str(summary or '')[:40]}"


def _cell_outcomes(
    r: _Row, key: str, people: list[tuple[str, str | None]], strict: bool
) -> list[tuple[str, str, str | None]] | None:
    """(name, outcome, date) from a 处理结果 cell: "党纪警告、政务记大过" for the one person,
    "张三：党纪警告；李四：诫勉" for several. `strict` (the 处理结果 column): a part that is
    not an outcome is a value for the clerk to map, and a cell with no outcome at all is
    prose (None); otherwise (查处情况) the cell counts only when every part is one."""
    text = r.text(key)
    if not text:
        return []
    entries = [e.strip() for e in _SPLIT_MULTI.split(text) if e.strip()]
    named = [_PERSON_OUTCOMES.match(e) for e in entries]
    pairs: list[tuple[str | None, str]] = []
    if all(named):
        pairs = [(m.group(1).strip(), m.group(2)) for m in named if m]
    elif len(people) == 1 or (len(people) == 0 and not strict):
        pairs = [(people[0][0] if people else None, text)]
    elif len(entries) == len(people):
        pairs = [(p[0], e) for p, e in zip(people, entries, strict=True)]
    elif strict:
        r.problem(key, text, "有多名被反映人，请写明各人的处理结果，如“张三：党纪警告；李四：诫勉”")
        return []
    parts: list[tuple[str | None, str, str | None, str | None]] = []  # name, text, date, label
    for name, cell in pairs:
        for part in ledger_cells.outcome_parts(cell):
            m = _OUTCOME.match(part)
            bare = ledger_cells.unwrap(m.group(1)) if m else part
            decided = None
            if m and m.group(2):
                try:
                    decided = parse_date(m.group(2), r.plan.year_hint).isoformat()
                except ValueError:
                    bare = part
            parts.append((name, bare, decided, r.lookup("outcome", bare)))
    if not any(label for *_, label in parts):
        return None if strict and parts else []
    if not strict and not all(label for *_, label in parts):
        return []  # free text that names an outcome in passing: kept as written only
    found: list[tuple[str, str, str | None]] = []
    for name, bare, decided, label in parts:
        if label is None:
            r.dict_value(key, "outcome", bare, True)  # for the clerk to map
            continue
        if name is None:
            r.problem("persons", None, "写明了处理结果，但没有被反映人")
            return []
        found.append((name, label, decided))
    return found


def _parse_talk(r: _Row) -> Parsed:
    day = r.date("date", required=True)
    kind = r.dict("kind", "talk_kind", required=True)
    reason = r.text("reason")
    if not reason:
        r.problem("reason", None, "必须填写谈话事由")
    talkers = r.talkers("talkers")
    if not talkers and not r.problems and not r.pending:
        r.problem("talkers", None, "必须填写谈话人")
    subjects = _names(r.text("subjects"))
    if not subjects:
        r.problem("subjects", None, "必须填写谈话对象")
    posts = _aligned(r.text("subject_posts"), len(subjects))
    followup = r.text("followup")
    f_date, f_result, f_required = None, None, 0
    if followup:
        m = _DATED.match(followup)
        try:  # a date alone: the visit is due then, no result yet
            f_date = parse_date(followup, r.plan.year_hint).isoformat()
            m = None
        except ValueError:
            pass
        if f_date:
            pass
        elif m:
            try:
                f_date = parse_date(m.group(1), r.plan.year_hint).isoformat()
                f_result = m.group(2).strip() or None
            except ValueError:
                f_result = followup
        else:
            f_result = followup
        f_required = 1
        if f_result == "需回访":
            f_result = None

    def time(key: str) -> str | None:
        value = r.raw(key)
        if isinstance(value, dt.time | dt.datetime):
            return value.strftime("%H:%M")
        text = r.text(key)
        if text and _CLOCK.match(text):
            hh, mm = _CLOCK_PARTS.split(text)[:2]
            return f"{int(hh):02d}:{mm[:2]}"
        if text:
            r.problem(key, text, "不是有效时间（格式应为 09:30）")
        return None

    values = {
        "kind": kind,
        "date": day,
        "start_time": time("start_time"),
        "end_time": time("end_time"),
        "place": r.text("place"),
        "recorder": r.text("recorder"),
        "reason": reason,
        "content": r.text("content"),
        "statement": r.text("statement"),
        "followup_required": f_required,
        "followup_date": f_date,
        "followup_result": f_result,
        "notes": r.text("notes"),
    }
    places = [r.unit_post(text) for text in posts]
    if r.problems or r.pending:
        return None
    key = (day, kind, tuple(sorted(subjects)), _compact(reason))

    def write(names: _Names) -> int:
        subject_rows = []
        for name, (unit_name, post) in zip(subjects, places, strict=True):
            subject_rows.append(
                {
                    "person_id": names.person(name, unit_name, day=day, past_post=post, post=post),
                    "unit_name": unit_name,
                    "post": post,
                }
            )
        return records.insert(
            r.store, "talks", values, {"talk_talkers": talkers, "talk_subjects": subject_rows}
        )

    return key, f"{day} {kind} {'、'.join(subjects)}：{(reason or '')[:30]}", write


def _parse_rect(r: _Row) -> Parsed:
    finding = r.text("finding")
    if not finding:
        r.problem("finding", None, "必须填写问题描述")
    found = r.date("found_date")
    if found is None and not any(p.column == r.header("found_date") for p in r.problems):
        r.problem("found_date", None, "缺少发现时间（可在表中增加“发现时间”列后再导入）")
    unit_name = r.text("unit")
    if not unit_name:
        r.problem("unit", None, "必须填写责任单位")
    values, children = _rect_state(r, r.text("notes"))
    values |= {"finding": finding, "found_date": found}
    if r.problems or r.pending:
        return None
    key = (found, _compact(finding), unit_name)

    def write(names: _Names) -> int:
        return records.insert(
            r.store, "rectifications", {**values, "unit_id": names.unit(unit_name)}, children
        )

    return key, f"{found} {unit_name} {(finding or '')[:30]}", write


def _rect_state(
    r: _Row, note: str | None, extra_notes: Sequence[str] = ()
) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    """A rectification item's state from its row (整改问题台账, 监督检查台账): progress and
    回头看 lines, the status (是否销号/是否完成 when no 整改状态 is written; 已销号 only with
    a passed 回头看 and its evidence), deadlines and texts. Lines that cannot be read are
    kept in the notes, never dropped."""
    notes = [note or "", *extra_notes]
    progress = []
    for line in (r.text("progress") or "").splitlines():
        line = line.strip()
        if not line:
            continue
        extras = dict(_MATERIAL.findall(line))
        body = _MATERIAL.sub("", line)
        m = _DATED.match(body)
        day = None
        if m:
            try:
                day = parse_date(m.group(1), r.plan.year_hint).isoformat()
            except ValueError:
                day = None
        if day and m and m.group(2).strip():
            progress.append(
                {"date": day, "content": m.group(2).strip(), "materials": extras.get("材料")}
            )
        else:
            notes.append(f"整改进展：{line}")
    checks = []
    for line in (r.text("checks") or "").splitlines():
        line = line.strip()
        if not line:
            continue
        extras = dict(_MATERIAL.findall(line))
        m = _CHECK.match(_MATERIAL.sub("", line))
        method = r.dict_value("checks", "check_method", m.group(2), True) if m else None
        try:
            day = parse_date(m.group(1), r.plan.year_hint).isoformat() if m else None
        except ValueError:
            day = None
        if m and day and method and m.group(4).strip():
            checks.append(
                {
                    "date": day,
                    "method": method,
                    "result": m.group(4).strip(),
                    "passed": 1 if m.group(3) == "通过" else 0,
                    "checker": extras.get("检查人"),
                    "evidence": extras.get("佐证"),
                }
            )
        elif not (m and not method):
            notes.append(f"回头看：{line}")
    status_text = r.text("status")
    if status_text:
        status = r.dict("status", "rect_status", required=True)
    elif _is_yes(r.text("closed")):
        status = "已销号"
    elif _is_yes(r.text("done")):
        status = "已整改待验收"
    else:
        status = "整改中" if progress else "待整改"
    values: dict[str, Any] = {
        "responsible": r.text("responsible"),
        "requirement": r.text("requirement"),
        "measures": r.text("measures"),
        "standard": r.text("standard"),
        "notice_date": r.date("notice_date"),
        "deadline": r.date("deadline"),
        "status": status,
        "closed_date": None,
        "closed_by": None,
        "closure_evidence": r.text("closure_evidence"),
        "accountability": r.text("accountability"),
        "rules_made": r.text("rules_made"),
        "unfinished_reason": r.text("unfinished_reason"),
    }
    accepted, accepted_by = r.date("accepted_date"), r.text("accepted_by")
    if status == "已销号":
        passed = [c for c in checks if c["passed"] and c["evidence"]]
        if passed and accepted and accepted_by and values["closure_evidence"]:
            values["closed_date"], values["closed_by"] = accepted, accepted_by
        else:
            values["status"] = "已整改待验收"
            notes.append(
                f"原台账标注已销号（验收时间 {accepted or '未填'}，验收人 {accepted_by or '未填'}）"
            )
            r.plan.warnings.append(
                f"第{r.number}行：标注已销号，但没有通过的回头看及佐证，按“已整改待验收”导入"
            )
    values["notes"] = "\n".join(n for n in notes if n) or None
    return values, {"rect_progress": progress, "rect_checks": checks}


def _parse_person(r: _Row) -> Parsed:
    name = r.text("name")
    if not name:
        r.problem("name", None, "必须填写姓名")
    unit_name = r.text("unit")
    values = {
        "name": name,
        "gender": r.dict("gender", "gender"),
        "birth_date": r.date("birth_date"),
        "post": r.text("post"),
        "rank": r.dict("rank", "rank"),
        "political_status": r.dict("political_status", "political_status"),
        "staff_kind": r.dict("staff_kind", "staff_kind"),
        "phone": r.text("phone"),
        "notes": r.text("notes"),
    }
    history = _history(r)
    if r.problems or r.pending:
        return None
    key = (name, unit_name)

    def write(names: _Names) -> int:
        unit_id = names.unit(unit_name)
        # A past unit is linked when the store has it; otherwise (a unit outside the
        # office's list, 部队, 已撤并) its name alone is kept, as the person's form does.
        posts = [{**h, "unit_id": names.units.get(h["unit_name"])} for h in history]
        pid = records.insert(
            r.store, "persons", {**values, "unit_id": unit_id}, {"person_posts": posts}
        )
        places: set[int | str] = {p["unit_id"] or p["unit_name"] for p in posts}
        names.add(str(name), pid, unit_id, places | ({unit_id} if unit_id is not None else set()))
        names.created["persons"] -= 1  # this ledger's own rows, not persons made on the way
        return pid

    return key, f"{name}（{unit_name or '无单位'}）", write


_POST = re.compile(r"^(\S*)至(\S*)\s+(\S+)\s+(.+?)(?:【职级：(.+?)】)?$")


def _history(r: _Row) -> list[dict[str, Any]]:
    """A person's posts from 任职经历 ("2019-03-01至2022-06-30 县财政局 科员；…")."""
    found = []
    for entry in (e.strip() for e in _SPLIT_MULTI.split(r.text("history") or "") if e.strip()):
        m = _POST.match(entry)
        if m is None:
            r.problem("history", entry, "应为“开始日期至结束日期 单位 职务”，多段用“；”分隔")
            continue
        days = []
        for text in (m.group(1), m.group(2)):
            try:
                days.append(parse_date(text, None).isoformat() if text else None)
            except ValueError as exc:
                r.problem("history", entry, str(exc))
                days.append(None)
        found.append(
            {
                "unit_name": m.group(3),
                "post": m.group(4).strip(),
                "rank": m.group(5),
                "start_date": days[0],
                "end_date": days[1],
            }
        )
    return found


class _Keys(tuple[tuple[Any, ...], ...]):
    """Several duplicate keys for one row: matching any of them makes it a duplicate."""


def parse_document_number(text: str) -> tuple[str, int, int] | None:
    """代字, year and serial of a document number as old ledgers type it: 〔〕, [], (), 【】
    in full or half width, with 第 or leading zeros ("清纪改[2026]第05号" → 清纪改, 2026, 5)."""
    value = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text)))
    m = _DOC_NUMBER.match(value)
    if not m:
        return None
    year, serial = int(m["year"]), int(m["serial"])
    if not 1950 <= year <= 2099 or serial <= 0:
        return None
    return m["code"], year, serial


def parse_issue_number(text: str) -> tuple[int, int] | None:
    """Year and 期 of a 通报's number (“2026年第3期”, numbered per kind: the kind says which)."""
    m = _ISSUE_NUMBER.match(re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text))))
    if not m or not 1950 <= int(m["year"]) <= 2099 or int(m["serial"]) <= 0:
        return None
    return int(m["year"]), int(m["serial"])


def _normal_number(text: str) -> str:
    parsed = parse_document_number(text)
    return numbering.format_number(*parsed) if parsed else text.strip()


def _kinds_by_code(store: Store) -> dict[str, str]:
    """The document kind each configured 代字 stands for (settings doc_code.<kind>)."""
    found: dict[str, str] = {}
    for row in store.query("SELECT key, value FROM settings WHERE key LIKE 'doc_code.%'"):
        code = (row["value"] or "").strip()
        if code:
            found.setdefault(code, str(row["key"])[len("doc_code.") :])
    return found


def _parse_document(r: _Row) -> Parsed:
    """A document issued by hand before Qingfeng: registered without a PDF, so that its
    number is taken and numbering continues after it."""
    text = r.text("number")
    parsed = None
    issue = None  # a 通报's 期号: its 文书种类 says which 通报
    if not text:
        r.problem("number", None, "必须填写文号（如“清纪改〔2026〕5号”）")
    else:
        parsed = parse_document_number(text)
        issue = None if parsed else parse_issue_number(text)
        if parsed is None and issue is None:
            r.problem(
                "number",
                text,
                "无法识别文号，应为“代字〔年份〕序号号”，如“清纪改〔2026〕5号”"
                "（通报为期号，如“2026年第3期”）",
            )
    title = r.text("title")
    if not title:
        r.problem("title", None, "必须填写标题")
    issued = r.date("issued_date", required=True)
    kind_text = r.text("kind")
    kind = None
    if not kind_text and parsed is not None:
        kind = _kinds_by_code(r.store).get(parsed[0])  # 文书种类 left empty: by its 代字
    if kind is None and (kind_text or parsed is not None or issue is not None):
        kind = r.dict("kind", "notice_kind", required=True)
    if issue is not None and kind is not None and not document_kinds.numbered_by_issue(kind):
        r.problem("number", text, f"期号只用于通报，{kind}的文号应为“代字〔年份〕序号号”")
    notes_text = r.text("notes") or ""
    voided = notes_text.startswith("已作废")  # how the register export marks it
    if voided:
        notes_text = notes_text[len("已作废") :].lstrip("；;，, ")
    notes = [] if notes_text.startswith(numbering.BACK_ENTRY_NOTE) else [numbering.BACK_ENTRY_NOTE]
    linked = r.text("linked")
    if linked:
        notes.append(f"关联事项：{linked}")
    if notes_text:
        notes.append(notes_text)
    if r.problems or r.pending or (parsed is None and issue is None) or kind is None:
        return None
    if parsed is not None:
        code, year, serial = parsed
    else:
        assert issue is not None
        code, (year, serial) = numbering.code_for(r.store, kind), issue
    if issued and int(issued[:4]) != year:
        r.plan.warnings.append(
            f"第{r.number}行：文号年份（{year}）与成文日期（{issued}）不一致，按文号年份登记"
        )
    number = numbering.number_for(kind, code, year, serial)
    values: dict[str, Any] = {
        "kind": kind,
        "code": code,
        "year": year,
        "serial": serial,
        "title": title,
        "issued_date": issued,
        "addressee": r.text("addressee"),
        "operator": r.text("operator"),
        "voided": voided,
        "notes": "；".join(notes),
    }

    def write(_names: _Names) -> int:
        doc_id = numbering.register_back_entry(r.store, **values)
        r.plan.registered.append((kind, code, year, serial))
        return doc_id

    # a 期号 is the same text for both 通报 kinds: a duplicate only within its own kind
    by_number = (
        ("文号", kind, number) if document_kinds.numbered_by_issue(kind) else ("文号", number)
    )
    return _Keys(((kind, year, serial), by_number)), f"{number} {title}", write


def _span(r: _Row, start_key: str, end_key: str) -> tuple[str | None, str | None]:
    """Start and end dates; a start cell holding a span ("2026年3月2日至5日") gives both
    when the end column is empty."""
    cell = r.raw(start_key)
    if r.text(end_key) is None and isinstance(cell, str) and cell.strip():
        try:
            start, end = ledger_cells.date_span(cell, r.plan.year_hint)
        except ValueError as exc:
            r.problem(start_key, cell, str(exc))
            return None, None
        return start.isoformat(), end.isoformat() if end else None
    return r.date(start_key, required=True), r.date(end_key)


def _unique(items: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _campaigns(r: _Row, key: str) -> list[int]:
    """The campaigns a cell names ("；" between names; a name may hold 、): each must
    exist; the import does not make campaigns up (theme, period) from a name."""
    found = []
    for name in _unique([n.strip() for n in _SPLIT_MULTI.split(r.text(key) or "") if n.strip()]):
        cid = r.names.campaigns.get(name)
        if cid is None:
            r.problem(key, name, "没有这项专项工作，请先在“专项工作”中新建，再重新检查")
        else:
            found.append(cid)
    return found


def _count(r: _Row, key: str) -> int | None:
    """A count cell (场次, 人次): 12, "12人次", "6000余人次" (taken as 6000, with a note)."""
    value = r.raw(key)
    if value in (None, ""):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        if math.isfinite(value) and value >= 0 and float(value).is_integer():
            return int(value)
        r.problem(key, value, "应为不小于0的整数")
        return None
    m = _COUNT_CELL.match(ledger_cells.clean(value).replace(" ", ""))
    if m is None:
        r.problem(key, value, "应为整数，如“120”或“120人次”")
        return None
    if m.group(2):
        r.plan.warnings.append(f"第{r.number}行：{r.header(key)}“{value}”按 {m.group(1)} 计")
    return int(m.group(1))


def _per_person(r: _Row, key: str, people: Sequence[str]) -> dict[str, str]:
    """A cell of values per person ("张三：好（95）；李四：较好"); a value with no name
    is everyone's. A name not among the persons listed is a problem, not dropped."""
    found: dict[str, str] = {}
    for entry in (e.strip() for e in _SPLIT_MULTI.split(r.text(key) or "") if e.strip()):
        m = _PERSON_OUTCOMES.match(entry)
        if m is None:
            found |= dict.fromkeys(people, entry)
            continue
        name = m.group(1).strip()
        if name not in people:
            r.problem(key, entry, f"“{name}”不在参加人员中")
            continue
        found[name] = m.group(2).strip()
    return found


def _parse_inspection(r: _Row) -> Parsed:
    """One row of a 监督检查台账: the inspection it belongs to (made by the first row with
    the same inspection columns) and its finding, a rectification item with its state."""
    start, end = _span(r, "start_date", "end_date")
    kind = r.dict("kind", "inspection_kind", required=True)
    theme = r.text("theme")
    if not theme and kind:  # offices' ledgers often have no 检查主题: the kind, said so
        theme = kind
        r.plan.defaulted.setdefault("未填检查主题，以检查类型为主题", []).append(r.number)
    units = _unique(_names(r.text("units")))
    if not units:
        r.problem("units", None, "必须填写被检查单位")
    team, notes = r.text("team"), r.text("notes")
    campaigns = _campaigns(r, "campaigns")
    finding = r.text("finding")
    rect_keys = (
        *("unit", "requirement", "measures", "deadline", "progress", "status", "closed"),
        *("accepted_date", "checks", "accountability", "accountabilities", "bulletins"),
        *("responsible", "accepted_by", "closure_evidence", "found_date", "rect_notes"),
    )
    values: dict[str, Any] = {}
    children: dict[str, list[dict[str, Any]]] = {}
    unit_name = None
    found = None
    if finding:
        found = r.date("found_date") or start
        unit_name = r.text("unit") or (units[0] if len(units) == 1 else None)
        if unit_name is None and units:
            r.problem("unit", None, f"检查了{len(units)}个单位，请在“责任单位”列写明问题所在单位")
        bulletins = r.text("bulletins")
        extra = [f"通报情况：{bulletins}"] if bulletins else []
        values, children = _rect_state(r, r.text("rect_notes"), extra)
        held = [values["accountability"], r.text("accountabilities")]
        values["accountability"] = "；".join(x for x in held if x) or None
    elif any(r.text(k) for k in rect_keys):
        r.problem("finding", None, "填写了整改情况等，但没有写发现的问题")
    if r.problems or r.pending:
        return None
    head = (start, end, kind, theme, tuple(units), team, tuple(campaigns), notes)
    text = f"{start}{'至' + end if end else ''} {NAMES.join(units)} {kind}：{theme}"
    r.plan.group_of[r.number] = ((*head, bool(finding)), text)
    key = ("检查", start, _compact(theme), tuple(sorted(units)), _compact(finding))

    def make(names: _Names) -> int:
        return records.insert(
            r.store,
            "inspections",
            {
                "kind": kind,
                "theme": theme,
                "start_date": start,
                "end_date": end,
                "team": team,
                "notes": notes,
            },
            {
                "inspection_units": [{"unit_id": names.unit(u)} for u in units],
                "inspection_campaigns": [{"campaign_id": c} for c in campaigns],
            },
        )

    def write(names: _Names) -> int:
        inspection_id = names.group("inspections", head, lambda: make(names))
        if finding:
            row = {**values, "finding": finding, "found_date": found}
            row |= {"inspection_id": inspection_id, "unit_id": names.unit(unit_name)}
            records.insert(r.store, "rectifications", row, children)
        return inspection_id

    return key, f"{text} {(finding or '（无问题）')[:30]}", write


def _named(text: str) -> bool:
    """A 参加人员 entry that names a person (2–4 characters), not a group of them."""
    return bool(_CJK_NAME.match(text)) and not any(w in text for w in _GROUP_WORDS)


def _parse_activity(r: _Row) -> Parsed:
    """One row of a 工作活动台账: an activity with its units, persons (their role and 测评
    result), 场次 and 人次. A 参加人员 cell that describes people instead of naming them
    is kept in the notes, no person made of it."""
    day, end = _span(r, "date", "end_date")
    kind = r.dict("kind", "activity_kind", required=True)
    title = r.text("title")
    if not title:
        r.problem("title", None, "必须填写活动名称")
    units = _unique(_names(r.text("units")))
    listed = r.text("persons")
    people = [_name_unit(t) for t in _unique(_names(listed))]
    notes = [r.text("notes") or ""]
    if people and not all(_named(name) for name, _ in people):
        notes.append(f"参加人员：{listed}")
        r.plan.warnings.append(
            f"第{r.number}行：参加人员“{str(listed)[:20]}”不是逐人列出的姓名，记入备注，人次按所填"
        )
        people = []
    names_ = [name for name, _ in people]
    roles = {
        name: r.dict_value("roles", "activity_role", text, False)
        for name, text in _per_person(r, "roles", names_).items()
    }
    assessed: dict[str, tuple[str | None, str | None]] = {}
    for name, text in _per_person(r, "assessments", names_).items():
        m = _ASSESSED.match(text)
        result, score = (m.group(1), m.group(2)) if m else (text, None)
        if result and re.fullmatch(r"[\d.]+分?", result):
            result, score = None, result
        label = r.dict_value("assessments", "assessment_result", result, False) if result else None
        assessed[name] = (label, score)
    sessions, attendance = _count(r, "sessions"), _count(r, "attendance")
    # what a 合计 line's 场次 and 人次 are checked against: the one rule's figures
    people_count = attendance_of(len(people), attendance)
    r.plan.tallies[r.number] = {"sessions": sessions or 1, "attendance": people_count}
    if people and attendance is not None:
        if attendance == len(people):
            attendance = None  # the persons listed are the 人次 (queries.campaigns)
        else:
            r.plan.warnings.append(
                f"第{r.number}行：人次填“{attendance}”，列出参加人员 {len(people)} 人；"
                f"统计按列出的人员计 {len(people)} 人次，所填人次保留在记录中"
            )
    campaigns = _campaigns(r, "campaigns")
    values = {
        "kind": kind,
        "title": title,
        "date": day,
        "end_date": end,
        "place": r.text("place"),
        "organizer": r.text("organizer"),
        "sessions": sessions,
        "attendance": attendance,
        "results": r.text("results"),
        "notes": "\n".join(n for n in notes if n) or None,
    }
    if r.problems or r.pending:
        return None
    key = ("活动", day, kind, _compact(title))

    def write(names: _Names) -> int:
        persons = []
        for name, unit in people:
            result, score = assessed.get(name, (None, None))
            row = {"person_id": names.person(name, unit, day=day), "assessment": result}
            role = roles.get(name)  # none written: the field's default (参加人员)
            persons.append(row | {"score": score} | ({"role": role} if role else {}))
        children: dict[str, list[dict[str, Any]]] = {
            "activity_units": [{"unit_id": names.unit(u)} for u in units],
            "activity_persons": persons,
            "activity_campaigns": [{"campaign_id": c} for c in campaigns],
        }
        return records.insert(r.store, "activities", values, children)

    return key, f"{day} {kind}：{title}", write


def _parse_campaign(r: _Row) -> Parsed:
    """One row of a 专项工作台账: a campaign with the units it covers."""
    name = r.text("name")
    if not name:
        r.problem("name", None, "必须填写专项工作名称")
    theme = r.dict("theme", "campaign_theme", required=True)
    start, end = _span(r, "start_date", "end_date")
    units = _unique(_names(r.text("units")))
    values = {
        "name": name,
        "theme": theme,
        "start_date": start,
        "end_date": end,
        "lead_office": r.text("lead_office"),
        "notes": r.text("notes"),
    }
    if r.problems or r.pending:
        return None

    def write(names: _Names) -> int:
        children = {"campaign_units": [{"unit_id": names.unit(u)} for u in units]}
        campaign_id = records.insert(r.store, "campaigns", values, children)
        names.campaign(str(name), campaign_id)
        return campaign_id

    return ("专项", _compact(name)), f"{start} {name}（{theme}）", write


def _parse_accountability(r: _Row) -> Parsed:
    """One row of a 问责台账. Its clue is found by 线索编号 and its rectification item by
    the finding's exact text; one not found (or not one only) stays in the notes."""
    day = r.date("date", required=True)
    method = r.dict("method", "accountability_method", required=True)
    reason = r.text("reason")
    if not reason:
        r.problem("reason", None, "必须填写问责事由")
    person_text, unit_name = r.text("person"), r.text("unit")
    person, person_unit = _name_unit(person_text) if person_text else (None, None)
    if not person and not unit_name:
        r.problem("person", None, "必须填写被问责人或被问责单位")
    clue_id, rect_id = _record_of(r, "clue", "备注"), _record_of(r, "rect", "备注")
    values = {
        "method": method,
        "date": day,
        "reason": reason,
        "decided_by": r.text("decided_by"),
        "clue_id": clue_id,
        "rect_id": rect_id,
        "notes": "\n".join([r.text("notes") or "", *_unfound(r, clue_id, rect_id)]).strip() or None,
    }
    if r.problems or r.pending:
        return None
    who = person or unit_name

    def write(names: _Names) -> int:
        row = {
            **values,
            "person_id": names.person(person, person_unit, day=day) if person else None,
            "unit_id": names.unit(unit_name),
        }
        return records.insert(r.store, "accountabilities", row)

    return ("问责", day, method, who, _compact(reason)), f"{day} {who} {method}：{reason}", write


def _record_of(r: _Row, key: str, into: str) -> int | None:
    """The clue (by 线索编号) or the rectification item (by the finding's exact text) a
    cell names; None, with a note in the plan, when it names none or several (the text
    then goes `into` another column, _unfound)."""
    text = (r.text(key) or "").strip()
    if not text:
        return None
    if key == "clue":
        found = [r.names.clue_numbers[text]] if text in r.names.clue_numbers else []
    else:
        found = r.names.findings().get(text, [])
    if len(found) == 1:
        return found[0]
    why = "没有找到" if not found else "有多个"
    r.plan.warnings.append(f"第{r.number}行：{why}{r.header(key)}“{text[:20]}”，记入{into}")
    return None


def _unfound(r: _Row, clue_id: int | None, rect_id: int | None) -> list[str]:
    """ "关联问题线索：…" for a clue or item named but not found, kept as text."""
    pairs = (("clue", clue_id), ("rect", rect_id))
    return [f"{r.header(k)}：{r.text(k)}" for k, v in pairs if r.text(k) and v is None]


def _parse_bulletin(r: _Row) -> Parsed:
    """One row of a 通报台账: the 通报 it belongs to (made by the first row with the same
    通报 columns; its issued document found by 文号) and the case or problem it reports
    (one 起)."""
    day = r.date("date", required=True)
    kind = r.dict("kind", "notice_kind", required=True)
    title = r.text("title")
    if not title:
        r.problem("title", None, "必须填写通报标题")
    number = r.text("number")
    document_id = None
    if number:
        held = r.store.query(
            "SELECT id FROM documents WHERE number IN (?, ?) ORDER BY id LIMIT 1",
            [number, _normal_number(number)],
        )
        document_id = int(held[0]["id"]) if held else None
    notes = [r.text("notes") or ""]
    if number and document_id is None:
        notes.append(f"文号：{number}")
        said = f"文号“{number}”未在文书登记簿中，记入备注"
        if not any(w.endswith(said) for w in r.plan.warnings):  # once, not on every 起
            r.plan.warnings.append(f"第{r.number}行：{said}")
    campaigns = _campaigns(r, "campaigns")
    values = {
        "kind": kind,
        "title": title,
        "date": day,
        "scope": r.text("scope"),
        "summary": r.text("summary"),
        "requirements": r.text("requirements"),
        "document_id": document_id,
        "notes": "\n".join(n for n in notes if n) or None,
    }
    item = r.text("item")
    person_text, unit_name = r.text("person"), r.text("unit")
    person, person_unit = _name_unit(person_text) if person_text else (None, None)
    clue_id, rect_id = _record_of(r, "clue", "处理情况"), _record_of(r, "rect", "处理情况")
    handling = [r.text("handling") or "", *_unfound(r, clue_id, rect_id)]
    if not item and any(r.text(k) for k in ("person", "unit", "clue", "rect", "handling")):
        r.problem("item", None, "填写了涉及人员、处理情况等，但没有写通报的问题或案例")
    if r.problems or r.pending:
        return None
    head = (day, kind, title, number, values["scope"], values["summary"],
            values["requirements"], tuple(campaigns), values["notes"])  # fmt: skip
    text = f"{day} {kind}《{title}》"
    r.plan.group_of[r.number] = ((*head, bool(item)), text)

    def make() -> int:
        links = {"bulletin_campaigns": [{"campaign_id": c} for c in campaigns]}
        return records.insert(r.store, "bulletins", values, links)

    def write(names: _Names) -> int:
        bulletin_id = names.group("bulletins", head, make)
        if item:
            row = {
                "bulletin_id": bulletin_id,
                "summary": item,
                "person_id": names.person(person, person_unit, day=day) if person else None,
                "unit_id": names.unit(unit_name),
                "clue_id": clue_id,
                "rect_id": rect_id,
                "handling": "；".join(h for h in handling if h) or None,
            }
            records.insert(r.store, "bulletin_items", row)
        return bulletin_id

    key = ("通报", day, kind, _compact(title), _compact(item))
    return key, f"{text} {(item or '（无事项）')[:30]}", write


_PARSERS: dict[str, Callable[[_Row], Parsed]] = {
    CLUES: _parse_clue,
    TALKS: _parse_talk,
    RECTS: _parse_rect,
    DOCUMENTS: _parse_document,
    PERSONS: _parse_person,
    INSPECTIONS: _parse_inspection,
    ACTIVITIES: _parse_activity,
    CAMPAIGNS: _parse_campaign,
    ACCOUNTABILITIES: _parse_accountability,
    BULLETINS: _parse_bulletin,
}
# Ledgers whose duplicates are never written, even when the clerk includes the others.
NEVER_TWICE = {DOCUMENTS}


def _existing_keys(store: Store, name: str) -> dict[tuple[Any, ...], tuple[int, str]]:
    """The duplicate keys of the records already stored, with the record's short text."""
    keys: dict[tuple[Any, ...], tuple[int, str]] = {}
    if name == CLUES:
        people: dict[int, list[tuple[str, str | None]]] = {}
        for p in store.query(
            "SELECT cp.clue_id, p.name, cp.unit_name FROM clue_persons cp"
            " JOIN persons p ON p.id = cp.person_id ORDER BY cp.id"
        ):
            people.setdefault(int(p["clue_id"]), []).append((p["name"], p["unit_name"]))
        for c in store.query(
            "SELECT c.id, c.received_date, c.summary, u.name AS unit FROM clues c"
            " LEFT JOIN units u ON u.id = c.reported_unit_id"
        ):
            mine = people.get(int(c["id"]), [])
            who = tuple(sorted(n for n, _ in mine)) or ("单位", c["unit"] or "")
            text = _clue_text(c["received_date"], mine, c["summary"])
            keys.setdefault((c["received_date"], who, _compact(c["summary"])), (c["id"], text))
    elif name == TALKS:
        subjects: dict[int, list[str]] = {}
        for s in store.query(
            "SELECT s.talk_id, p.name FROM talk_subjects s JOIN persons p ON p.id = s.person_id"
        ):
            subjects.setdefault(int(s["talk_id"]), []).append(s["name"])
        for t in store.query("SELECT id, date, kind, reason FROM talks"):
            names = subjects.get(int(t["id"]), [])
            key = (t["date"], t["kind"], tuple(sorted(names)), _compact(t["reason"]))
            text = f"{t['date']} {t['kind']} {'、'.join(names)}：{(t['reason'] or '')[:30]}"
            keys.setdefault(key, (t["id"], text))
    elif name == RECTS:
        for x in store.query(
            "SELECT r.id, r.found_date, r.finding, u.name FROM rectifications r"
            " JOIN units u ON u.id = r.unit_id"
        ):
            text = f"{x['found_date']} {x['name']} {(x['finding'] or '')[:30]}"
            keys.setdefault((x["found_date"], _compact(x["finding"]), x["name"]), (x["id"], text))
    elif name == PERSONS:
        for p in store.query(
            "SELECT p.id, p.name, u.name AS unit FROM persons p LEFT JOIN units u"
            " ON u.id = p.unit_id"
        ):
            text = f"{p['name']}（{p['unit'] or '无单位'}）"
            keys.setdefault((p["name"], p["unit"]), (p["id"], text))
    elif name == INSPECTIONS:
        inspected: dict[int, list[str]] = {}
        for u in store.query(
            "SELECT iu.inspection_id, u.name FROM inspection_units iu"
            " JOIN units u ON u.id = iu.unit_id"
        ):
            inspected.setdefault(int(u["inspection_id"]), []).append(u["name"])
        for i in store.query(
            "SELECT i.id, i.start_date, i.end_date, i.kind, i.theme, r.finding FROM inspections i"
            " LEFT JOIN rectifications r ON r.inspection_id = i.id"
        ):
            at = inspected.get(int(i["id"]), [])
            when = i["start_date"] + (f"至{i['end_date']}" if i["end_date"] else "")
            shown = f"{when} {NAMES.join(at)} {i['kind']}：{i['theme']}"
            shown += f" {(i['finding'] or '（无问题）')[:30]}"
            held = ("检查", i["start_date"], _compact(i["theme"]), tuple(sorted(at)))
            keys.setdefault((*held, _compact(i["finding"])), (i["id"], shown))
    elif name == ACTIVITIES:
        for a in store.query("SELECT id, date, kind, title FROM activities"):
            text = f"{a['date']} {a['kind']}：{a['title']}"
            keys.setdefault(("活动", a["date"], a["kind"], _compact(a["title"])), (a["id"], text))
    elif name == CAMPAIGNS:
        for c in store.query("SELECT id, name, theme, start_date FROM campaigns"):
            text = f"{c['start_date']} {c['name']}（{c['theme']}）"
            keys.setdefault(("专项", _compact(c["name"])), (c["id"], text))
    elif name == ACCOUNTABILITIES:
        for a in store.query(
            "SELECT a.id, a.date, a.method, a.reason, COALESCE(p.name, u.name) AS who"
            " FROM accountabilities a LEFT JOIN persons p ON p.id = a.person_id"
            " LEFT JOIN units u ON u.id = a.unit_id"
        ):
            text = f"{a['date']} {a['who']} {a['method']}：{a['reason']}"
            mark = ("问责", a["date"], a["method"], a["who"], _compact(a["reason"]))
            keys.setdefault(mark, (a["id"], text))
    elif name == BULLETINS:
        for b in store.query(
            "SELECT b.id, b.date, b.kind, b.title, i.summary AS item FROM bulletins b"
            " LEFT JOIN bulletin_items i ON i.bulletin_id = b.id"
        ):
            text = f"{b['date']} {b['kind']}《{b['title']}》 {(b['item'] or '（无事项）')[:30]}"
            mark = ("通报", b["date"], b["kind"], _compact(b["title"]), _compact(b["item"]))
            keys.setdefault(mark, (b["id"], text))
    elif name == DOCUMENTS:
        for d in store.query("SELECT id, kind, number, year, serial, title FROM documents"):
            text = f"{d['number']} {d['title']}"
            if d["serial"] is not None:
                keys.setdefault((d["kind"], d["year"], d["serial"]), (d["id"], text))
            if d["number"] and document_kinds.numbered_by_issue(d["kind"]):  # 期号: per kind
                keys.setdefault(("文号", d["kind"], d["number"]), (d["id"], text))
            elif d["number"]:
                keys.setdefault(("文号", _normal_number(d["number"])), (d["id"], text))
    return keys


class _Rollback(Exception):
    pass


class _Unbuffered(Exception):
    """A batch of rows must be tried again one by one, but a row in it was read against
    the units a refused row had made: the check starts again, one row at a time."""


# Ledger rows whose records a check inserts together (records.Buffer); 0 or 1: each row
# alone, in its own savepoint.
BATCH_ROWS = 500
# Ledgers whose rows write more than records (the 文书登记簿 numbers its documents):
# tried one row at a time.
ROW_BY_ROW = {DOCUMENTS}
# Whether a check's batches the database and the rules would certainly take are kept
# back instead of inserted (records.Buffer, `defer`): most rows of a clean ledger.
DEFER = True


class _Tries:
    """The check's tries of its rows' writes. One row at a time, each in its own
    savepoint: a refused row rolls back alone and is named with its reason. Buffered
    (records.Buffer): the rows' records are validated as they come and inserted BATCH_ROWS
    rows at a time, their rules run after; only when the database or a rule refuses one
    are that batch's rows tried again one at a time, from the state before the batch, so
    each row ends as it would have alone. A row's outcome (accepted, or refused with its
    problems) goes into the plan when its batch is settled, in row order."""

    def __init__(
        self,
        store: Store,
        plan: ImportPlan,
        names: _Names,
        batch: audit.Batch,
        recording: records.Recording,
        *,
        buffered: bool,
        defer: bool = False,
    ) -> None:
        self.store, self.plan, self.names = store, plan, names
        self.batch, self.recording = batch, recording
        self.buffer = records.Buffer(defer=defer) if buffered else None
        batch.buffer = self.buffer
        # the batch: (row, cells, writer or None, problems or None when accepted)
        self.rows: list[tuple[int, list[Any], Writer | None, list[Problem] | None]] = []
        # names and recording before the batch's first write
        self.start: tuple[Any, int] | None = None
        self.units_read = names.units_read  # before the batch's first row was read

    def refused(self, number: int, problems: list[Problem]) -> None:
        """A row its reading refused."""
        if self.buffer is None:
            self.plan.rejected[number] = problems
        else:
            self.rows.append((number, [], None, problems))

    def attempt(self, number: int, cells: list[Any], writer: Writer) -> None:
        if self.buffer is None:
            self._alone(number, cells, writer)
            return
        if self.start is None:
            self.start = (self.names.checkpoint(), self.recording.mark())
        state, recorded, kept = self.names.state(), self.recording.mark(), self.buffer.mark()
        self.names.row = number
        problems = None
        try:
            writer(self.names)
        except ValidationError as exc:
            self.names.restore(state)
            self.recording.drop_since(recorded)
            self.buffer.drop_since(kept)
            problems = self._problems(number, cells, exc)
        self.rows.append((number, cells, writer, problems))
        if len(self.rows) >= BATCH_ROWS:
            self.flush()

    def flush(self) -> None:
        """Settle the batch: its records inserted, or its rows tried again one by one."""
        if self.buffer is None or not self.rows:
            return
        rows, self.rows = self.rows, []
        units_read, self.units_read = self.units_read, self.names.units_read
        start, self.start = self.start, None
        if self.buffer.flush(self.store, self.recording):
            for number, _cells, writer, problems in rows:
                if problems is not None:
                    self.plan.rejected[number] = problems
                elif writer is not None:
                    self.plan.accepted.append(number)
            self.recording.pack()
            return
        assert start is not None  # a flush the database refused had rows to insert
        checkpoint, recorded = start
        if self.names.units_read != units_read:
            raise _Unbuffered()
        self.names.rewind(checkpoint)
        self.recording.drop_since(recorded)
        self.batch.known.clear()
        self.batch.buffer = None  # records.insert inserts at once again
        try:
            for number, cells, writer, problems in rows:
                if writer is None:
                    assert problems is not None
                    self.plan.rejected[number] = problems
                else:
                    self._alone(number, cells, writer)
        finally:
            self.batch.buffer = self.buffer
        self.recording.pack()

    def _alone(self, number: int, cells: list[Any], writer: Writer) -> None:
        """One row in its own savepoint: a refused row rolls back alone."""
        self.recording.pack()
        state, written, recorded = self.names.state(), self.batch.mark(), self.recording.mark()
        self.names.row = number
        try:
            with self.store.transaction():
                writer(self.names)
        except ValidationError as exc:
            self.names.restore(state)
            self.batch.drop_since(written)
            self.recording.drop_since(recorded)
            self.plan.rejected[number] = self._problems(number, cells, exc)
            return
        self.plan.accepted.append(number)

    def _problems(self, number: int, cells: list[Any], exc: ValidationError) -> list[Problem]:
        at = _index(self.plan, exc.field)
        value = cells[at] if at is not None and at < len(cells) else None
        return [Problem(number, exc.label, _mask(exc.field, value), exc.problem)]


class _Stale(Exception):
    """The store changed since the check: its records are not replayed."""


@dataclass
class _Replay:
    """A check's records (records.Recording), the store's state it saw (records.state),
    the plan's inputs it ran with, and the counts of what it created on the way."""

    recording: records.Recording
    state: str
    inputs: tuple[Any, ...]
    created: dict[str, int]


def _inputs(plan: ImportPlan) -> tuple[Any, ...]:
    """What in a plan decides what its rows write: a write replays the check only when
    these are as they were."""
    return (
        plan.ledger.name,
        dict(plan.mapping),
        dict(plan.value_overrides),
        dict(plan.role_overrides),
        dict(plan.split_overrides),
        plan.year_hint,
        len(plan.raw),
        tuple(plan.accepted),
    )


def _replayed(
    store: Store,
    plan: ImportPlan,
    counts: dict[str, int],
    progress: Callable[[int, int], None] | None,
    cancelled: Callable[[], bool] | None,
) -> bool:
    """Write the plan by inserting again what its check inserted (records.replay), when
    the store and the plan are as the check left them; False (nothing written) else."""
    replay = plan.replay
    if replay is None or replay.inputs != _inputs(plan):
        return False

    def step(done: int, total: int) -> None:
        if cancelled is not None and cancelled():
            raise Cancelled()
        if progress is not None:
            progress(done, total)

    try:
        with (
            store.transaction(),
            audit.batched(store),
            records.indexed_at_end(store),
        ):
            if records.state(store) != replay.state:
                raise _Stale()
            records.replay(store, replay.recording, step)
            if cancelled is not None and cancelled():
                raise Cancelled()  # last chance, before the commit
    except _Stale:
        return False
    except encryption.IntegrityError:  # refused by the database after all: written anew
        return False
    plan.replay = None  # spent: the store has moved on (and its chunks are let go)
    counts["written"] = len(plan.accepted)
    counts.update({f"{k}_created": v for k, v in replay.created.items()})
    return True


def _filled(
    cells: list[Any], fill: Sequence[int], lead: int, above: dict[int, Any]
) -> tuple[list[Any], bool]:
    """The row with the empty `fill` cells taken from the row above when its `lead` cell
    (检查时间) is empty: the rows under a merged cell. `above` remembers the last row
    that filled its lead cell."""

    def empty(i: int) -> bool:
        return i >= len(cells) or cells[i] is None or str(cells[i]).strip() == ""

    if not empty(lead):
        above.clear()
        above.update({i: cells[i] for i in fill if not empty(i)})
        return cells, False
    if not above:
        return cells, False
    row = list(cells) + [None] * (max(fill) + 1 - len(cells))
    for i in fill:
        if empty(i) and i in above:
            row[i] = above[i]
    return row, True


def _run(
    store: Store,
    plan: ImportPlan,
    *,
    write: bool,
    include_duplicates: bool = True,
    left_out: set[int] | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    buffered: bool | None = None,
    defer: bool | None = None,
) -> dict[str, int]:
    """Parse and insert every row in one transaction; rolled back unless `write`. The
    check inserts its rows' records BATCH_ROWS rows at a time (`_Tries`) unless told not
    to (`buffered`), and keeps back those it need not insert to know (DEFER, `defer`)."""
    _forget_aliases(store)
    parser = _PARSERS[plan.ledger.name]
    # the records already stored, to name duplicates: the check's work (a write skips it)
    existing = _existing_keys(store, plan.ledger.name) if not write else {}
    never_twice = plan.ledger.name in NEVER_TWICE
    if not write:
        plan.accepted, plan.rejected, plan.duplicates, plan.warnings = [], {}, [], []
        plan.unknown, plan.registered, plan.tallies, plan.undated = [], [], {}, []
        plan.group_of, plan.continued, plan.defaulted = {}, [], {}
        for review in (*plan.roles.values(), *plan.splits.values()):
            review.rows.clear()
    unknown: dict[tuple[str, str], Unknown] = {}
    labels = dict(dictionaries.names(store))
    counts = {"written": 0, "duplicates_skipped": 0, "rejected": 0}
    seen: dict[tuple[Any, ...], tuple[int, str]] = {}
    skip = set(left_out or ()) & plan.duplicate_rows
    if not include_duplicates or never_twice:
        skip = plan.duplicate_rows
    total = len(plan.raw)
    grouping = GROUPED.get(plan.ledger.name)
    fill = [i for i, key in plan.mapping.items() if grouping and key in grouping.keys]
    lead = next((i for i, key in plan.mapping.items() if grouping and key == grouping.lead), None)
    above: dict[int, Any] = {}
    accepted = set(plan.accepted)  # asked once a row: a list made the write quadratic
    if write and not skip and _replayed(store, plan, counts, progress, cancelled):
        if progress is not None:
            progress(total, total)
        counts["rejected"] = len(plan.rejected)
        return counts
    plan.replay = None
    recording = records.Recording()
    if buffered is None:
        buffered = (
            not write and BATCH_ROWS > 1 and plan.ledger.name not in ROW_BY_ROW
        ) and records.bufferable(store)
    reviews = dict(plan.roles), dict(plan.splits)  # as a check one row at a time finds them
    try:
        # one transaction; the audit entries of every record go in together at its end
        with (
            store.transaction(),
            audit.batched(store, trial=not write) as batch,
            records.indexed_at_end(store, trial=not write),
        ):
            if not write:
                batch.recording, seen_state = recording, records.state(store)
                changes = store.db.conn.total_changes
            names = _Names(store)
            tries = _Tries(
                store,
                plan,
                names,
                batch,
                recording,
                buffered=buffered and not write,
                defer=DEFER if defer is None else defer,
            )
            for done, (number, cells) in enumerate(plan.raw):
                if done % 200 == 0:
                    if cancelled is not None and cancelled():
                        raise Cancelled()
                    if progress is not None:
                        progress(done, total)
                if fill and lead is not None:
                    cells, continues = _filled(cells, fill, lead, above)
                    if continues and not write:
                        plan.continued.append(number)
                if write and number in skip and (never_twice or number in accepted):
                    counts["duplicates_skipped"] += 1
                    continue
                if write and number not in accepted:
                    continue
                row = _Row(
                    store,
                    plan,
                    number,
                    {key: cells[i] for i, key in plan.mapping.items() if i < len(cells)},
                    names,
                )
                parsed = parser(row)
                for dictionary, column, text in row.pending:
                    u = unknown.setdefault(
                        (dictionary, text),
                        Unknown(dictionary, labels.get(dictionary, dictionary), column, text),
                    )
                    if not u.rows or u.rows[-1] != number:
                        u.rows.append(number)
                if parsed is None:
                    problems = list(row.problems)
                    for dictionary, column, text in row.pending:
                        problems.append(
                            Problem(
                                number,
                                column,
                                text,
                                f"字典“{labels.get(dictionary, dictionary)}”中没有该项，"
                                "请对应到已有选项",
                            )
                        )
                    if write:
                        raise UserError(f"第{number}行不能导入：{problems[0].reason}")
                    tries.refused(number, problems)
                    continue
                key, description, writer = parsed
                keys = key if isinstance(key, _Keys) else (key,)
                if not write:
                    found = next((existing[k] for k in keys if k in existing), None)
                    earlier = next((seen[k] for k in keys if k in seen), None)
                    marked = next((k for k in keys if k[0] == "重件"), None)
                    if found is not None:
                        plan.duplicates.append(
                            Duplicate(
                                number,
                                f"与已有记录（编号 {found[0]}）相同：{description}",
                                found[0],
                                None,
                                description,
                                f"已有记录（编号 {found[0]}）：{found[1]}",
                            )
                        )
                    elif earlier is not None:
                        plan.duplicates.append(
                            Duplicate(
                                number,
                                f"与本表第{earlier[0]}行相同：{description}",
                                None,
                                earlier[0],
                                description,
                                f"第{earlier[0]}行：{earlier[1]}",
                            )
                        )
                    elif marked is not None:
                        mark = ledger_cells.clean(row.text("duplicate"))
                        plan.duplicates.append(
                            Duplicate(
                                number,
                                f"台账标注为重件（{mark}）：{description}",
                                None,
                                None,
                                description,
                                f"重件情况：{mark}",
                            )
                        )
                    for k in keys:
                        if k[0] != "重件":
                            seen.setdefault(k, (number, description))
                    if never_twice and (found is not None or earlier is not None):
                        continue  # listed as a duplicate; never tried, never written
                batch.flush(store)  # between rows: the entries so far go in
                if not write:
                    tries.attempt(number, cells, writer)
                    continue
                names.row = number
                try:
                    writer(names)  # writing, a refused row stops all
                except ValidationError as exc:
                    raise UserError(f"第{number}行不能导入：{exc}") from exc
                counts["written"] += 1
            tries.flush()
            if tries.buffer is not None:
                tries.buffer.unwatch(store)
                if tries.buffer.misread:
                    raise records.Misread()
            if cancelled is not None and cancelled():
                raise Cancelled()  # last chance, before the commit
            counts.update({f"{k}_created": v for k, v in names.created.items()})
            if not write:
                for number, name, unit in names.earlier:
                    plan.warnings.append(
                        f"第{number}行：{name}（{unit}）早于其已有的任职记录，"
                        "按同一人导入，并记入其任职经历"
                    )
                # replayable when every change the check made is a record it recorded
                if store.db.conn.total_changes - changes == recording.inserted:
                    inputs = _inputs(plan)
                    plan.replay = _Replay(recording, seen_state, inputs, dict(names.created))
                raise _Rollback()
    except (_Unbuffered, records.Misread, records.Misjudged) as again:
        # _Unbuffered: tried again one row at a time; else every batch inserted
        if tries is not None and tries.buffer is not None:
            tries.buffer.unwatch(store)
        plan.roles, plan.splits = reviews
        return _run(
            store,
            plan,
            write=write,
            progress=progress,
            cancelled=cancelled,
            buffered=False if isinstance(again, _Unbuffered) else buffered,
            defer=False,
        )
    except _Rollback:
        plan.unknown = list(unknown.values())
        if plan.undated:
            shown = "、".join(str(n) for n in plan.undated[:10])
            more = "等" if len(plan.undated) > 10 else ""
            plan.warnings.insert(
                0,
                f"{len(plan.undated)} 行未填处置日期，按来件时间计（第{shown}行{more}）",
            )
        for text, rows in plan.defaulted.items():
            shown = "、".join(str(n) for n in rows[:10]) + ("等" if len(rows) > 10 else "")
            plan.warnings.insert(0, f"{len(rows)} 行{text}（第{shown}行）")
        plan.warnings.extend(_total_notes(plan))
        plan.roles = {k: v for k, v in plan.roles.items() if v.rows}
        plan.splits = {k: v for k, v in plan.splits.items() if v.rows}
        if plan.ledger.name == DOCUMENTS:
            plan.warnings.extend(_numbering_notes(store, plan))
    finally:
        if tries is not None and tries.buffer is not None:
            tries.buffer.unwatch(store)  # however the check ended
    if progress is not None:
        progress(total, total)
    counts["rejected"] = len(plan.rejected)
    return counts


def _total_notes(plan: ImportPlan) -> list[str]:
    """A 合计 line's figures set against what the import counted, with the difference."""
    notes = []
    accepted = set(plan.accepted)
    counted = len(accepted)
    if plan.group_of:  # a grouped ledger's 合计 counts the parts (problems found, cases)
        counted = sum(1 for n in accepted if n in plan.group_of and plan.group_of[n][0][-1])
    for number, cells in plan.totals:
        text = " ".join(str(v) for v in cells if v not in (None, ""))
        stated = ledger_cells.stated_count(text)
        if stated is not None and stated != counted:
            notes.append(
                f"第{number}行合计为 {stated} 条，本次可导入 {counted} 条，相差 {counted - stated}"
            )
        elif stated is not None:
            notes.append(f"第{number}行合计为 {stated} 条，与本次可导入的行数一致")
        for i, key in plan.mapping.items():
            value = cells[i] if i < len(cells) else None
            if key not in TALLIED:
                continue
            try:
                figure = int(str(value).strip())
            except ValueError:
                continue
            counted = sum(plan.tallies.get(n, {}).get(key, 0) for n in accepted)
            label = plan.headers[i] or plan.ledger.column(key).header
            if figure != counted:
                notes.append(
                    f"第{number}行合计“{label}”为 {figure}，导入计得 {counted}，"
                    f"相差 {counted - figure}"
                )
            else:
                notes.append(f"第{number}行合计“{label}”为 {figure}，与导入计得一致")
    return notes


def _numbering_notes(store: Store, plan: ImportPlan) -> list[str]:
    """What the back-entry means for numbering: the next number per kind and year, gaps
    in the old register, and a 代字 that differs from the one set for the kind."""
    notes: list[str] = []
    by_group: dict[tuple[str, int], set[int]] = {}
    codes: dict[str, set[str]] = {}
    for kind, code, year, serial in plan.registered:
        by_group.setdefault((kind, year), set()).add(serial)
        codes.setdefault(kind, set()).add(code)
    for (kind, year), serials in sorted(by_group.items()):
        held = {
            int(r["serial"])
            for r in store.query(
                "SELECT serial FROM documents WHERE kind = ? AND year = ? AND serial IS NOT NULL",
                [kind, year],
            )
        }
        last = store.scalar(
            "SELECT last FROM doc_counters WHERE kind = ? AND year = ?", [kind, year]
        )
        every = serials | held
        top = max(max(every), int(last or 0))
        code = (store.setting(f"doc_code.{kind}") or "").strip() or sorted(codes[kind])[0]
        notes.append(
            f"导入后，{year}年{kind}的下一个文号为{numbering.format_number(code, year, top + 1)}"
        )
        missing = sorted(set(range(1, max(every) + 1)) - every)
        if missing:
            shown = "、".join(f"{n}号" for n in missing[:10]) + ("等" if len(missing) > 10 else "")
            notes.append(
                f"{year}年{kind}缺少 {shown}（旧登记簿和本软件中都没有），请核对旧登记簿是否漏登"
            )
    for kind, used in sorted(codes.items()):
        configured = (store.setting(f"doc_code.{kind}") or "").strip()
        if not configured:
            notes.append(
                f"尚未设置“{kind}”的发文代字，旧登记簿使用“{'、'.join(sorted(used))}”，"
                "请在设置中填写"
            )
        elif used != {configured}:
            notes.append(
                f"旧登记簿中{kind}的代字为“{'、'.join(sorted(used))}”，设置中为“{configured}”，"
                "以后制发将使用设置中的代字；如需沿用旧代字，请在设置中修改"
            )
    return notes


def _index(plan: ImportPlan, store_field: str) -> int | None:
    for i, key in plan.mapping.items():
        if key == store_field:
            return i
    return None


# -- public API ------------------------------------------------------------------------


def plan_import(
    store: Store,
    path: Path | str,
    kind: str,
    *,
    mapping_overrides: dict[str, str | None] | None = None,
    value_overrides: dict[tuple[str, str], str] | None = None,
    role_overrides: dict[str, str] | None = None,
    split_overrides: dict[str, tuple[str | None, str | None]] | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportPlan:
    """Read and check a ledger file; nothing is written to the store."""
    spec = ledger(kind)
    _forget_aliases(store)
    with collector.paused():  # every row's cells live until the end: see collector
        plan = _read(Path(path), spec, column_aliases(store))
        if mapping_overrides:
            remap(plan, mapping_overrides)
        plan.value_overrides = dict(value_overrides or {})
        plan.role_overrides = dict(role_overrides or {})
        plan.split_overrides = dict(split_overrides or {})
        check(store, plan, progress=progress, cancelled=cancelled)
    return plan


def check(
    store: Store,
    plan: ImportPlan,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> None:
    """Try every row again (after the clerk changed a mapping, a value, a role or a
    split); nothing is written. Without a required column no row is tried."""
    mapped = set(plan.mapping.values())
    plan.missing = [
        plan.ledger.column(key).header for key in REQUIRED[plan.ledger.name] if key not in mapped
    ]
    if plan.missing:
        plan.accepted, plan.rejected, plan.duplicates, plan.replay = [], {}, [], None
        guessed = guess_kind(plan.path)
        plan.looks_like = guessed if guessed != plan.ledger.name else None
        return
    with collector.paused():
        _run(store, plan, write=False, progress=progress, cancelled=cancelled)


def remap(plan: ImportPlan, overrides: dict[str, str | None]) -> None:
    """Map columns by header text to a ledger column key (None: do not import the column)."""
    keys = {c.key for c in plan.ledger.columns}
    for i, header in enumerate(plan.headers):
        if header in overrides:
            target = overrides[header]
            plan.mapping.pop(i, None)
            if target is not None:
                if target not in keys:
                    raise UserError(f"“{target}”不是{plan.ledger.title}的列")
                for j, k in list(plan.mapping.items()):
                    if k == target:
                        del plan.mapping[j]
                plan.mapping[i] = target
    plan.unmatched = [h for i, h in enumerate(plan.headers) if h and i not in plan.mapping]


def apply(
    store: Store,
    plan: ImportPlan,
    mapping_overrides: dict[str, str | None] | None = None,
    value_overrides: dict[tuple[str, str], str] | None = None,
    *,
    include_duplicates: bool = True,
    left_out: set[int] | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> dict[str, int]:
    """Write the plan's accepted rows in one transaction; returns counts.

    With overrides the plan is checked again first (rows may move between accepted
    and rejected). Suspected duplicates are written like any row unless the clerk
    leaves them out (`left_out`, or all with include_duplicates=False): rows are never
    dropped by default. Cancelled (or any error) leaves the store untouched.
    """
    if mapping_overrides or value_overrides:
        if mapping_overrides:
            remap(plan, mapping_overrides)
        plan.value_overrides.update(value_overrides or {})
        check(store, plan)
    if plan.missing:
        raise UserError(plan.missing_text())
    with collector.paused():
        return _run(
            store,
            plan,
            write=True,
            include_duplicates=include_duplicates,
            left_out=left_out,
            progress=progress,
            cancelled=cancelled,
        )


def save_rejected(
    plan: ImportPlan, path: Path | str, *, reveal: bool = False, store: Store | None = None
) -> int:
    """The rejected rows as they were, plus a 原因 column, to fix and import again.
    Reporters' names and contacts are masked unless `reveal`, which is audited."""
    if reveal and store is None:
        raise ValueError("revealing reporters needs the store to audit it")
    width = max([len(plan.headers), *(len(c) for n, c in plan.raw if n in plan.rejected)])
    sensitive = {i: key for i, key in plan.mapping.items() if key in REPORTER_FIELDS}
    headers = [h or f"第{i + 1}列" for i, h in enumerate(plan.headers)]
    headers += [f"第{i + 1}列" for i in range(len(headers), width)]
    rows = []
    for number, cells in plan.raw:
        if number not in plan.rejected:
            continue
        values = [
            _plain(v if reveal or i not in sensitive else _mask(sensitive[i], v))
            for i, v in enumerate(cells)
        ] + [None] * (width - len(cells))
        reasons = "；".join(
            f"{p.column}{'“' + str(p.value) + '”' if p.value not in (None, '') else ''}：{p.reason}"
            for p in plan.rejected[number]
        )
        rows.append([*values, f"原第{number}行：{reasons}"])
    columns = [Column(h, 14) for h in headers] + [Column("原因", 40)]
    title = f"{plan.ledger.title}（未导入的行）"
    if reveal and sensitive and store is not None:
        with store.transaction():
            write_ledger(path, title, "", "", columns, rows, serial=False)
            after = {"revealed": sorted(set(sensitive.values())), "file": str(path)}
            audit.write(store, "reveal", "clues", None, None, {**after, "rows": len(rows)})
    else:
        write_ledger(path, title, "", "", columns, rows, serial=False)
    return len(rows)


def shown_cell(key: str, value: Any) -> str:
    """A cell as the review shows it: plain text, a reporter's identity masked."""
    plain = _plain(_mask(key, value))
    return "" if plain is None else str(plain)


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return value


def result_text(counts: dict[str, int]) -> str:
    """What apply() did, in the sentence the dialog and the command line both show."""
    extra = []
    if counts.get("duplicates_skipped"):
        extra.append(f"跳过疑似重复 {counts['duplicates_skipped']} 行")
    if counts.get("persons_created"):
        extra.append(f"新建人员 {counts['persons_created']} 人")
    if counts.get("units_created"):
        extra.append(f"新建单位 {counts['units_created']} 个")
    if counts.get("inspections_created"):
        extra.append(f"新建监督检查 {counts['inspections_created']} 次")
    if counts.get("bulletins_created"):
        extra.append(f"新建通报 {counts['bulletins_created']} 期")
    tail = f"（{'，'.join(extra)}）" if extra else ""
    return f"已导入 {counts['written']} 行{tail}。"
