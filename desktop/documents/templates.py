"""Wording of each document kind, kept in resources/templates/*.txt for the office to edit.

A template is plain text in sections::

    # comment lines start with "#"
    [种类]
    整改通知书
    [对象]          (optional: a second wording of the same kind, e.g. 个人 → “提醒函（个人）”)
    [格式]
    文件            (or 信函)
    [代字]
    {abbr}纪发
    [标题]
    关于{matter}发现问题的整改通知书
    [主送]
    {unit}
    [正文]
    one paragraph per line, with {placeholders}
    {problems}      (alone on a line: a list becomes numbered paragraphs "1.…")
    [署名]
    {issuer}
    [默认值]
    days：15

``fill(kind, values)`` substitutes the placeholders and returns a Notice. Besides the
placeholders, values may carry the Notice fields: issuer and date (required), number,
signer, cc, printed_by, printed_date, seal, attachments, banner, number_prefix.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from desktop.documents.notice import Block, Notice
from desktop.documents.page import cn_date
from desktop.resources import resource

KINDS: tuple[str, ...] = (
    "整改通知书",
    "督办函",
    "提醒函",
    "函询通知书",
    "谈话通知书",
    "纪律检查建议书",
    "监察建议书",
)
# Every wording: the kinds, and the variants named “kind（对象）”.
TEMPLATES: tuple[str, ...] = (*KINDS, "提醒函（个人）")

# Chinese names of placeholders, used in error messages.
LABELS: Mapping[str, str] = {
    "issuer": "发文机关",
    "date": "成文日期",
    "abbr": "机关代字简称",
    "unit": "受文单位",
    "person": "谈话或函询对象",
    "addressee": "主送对象",
    "you": "称谓（你单位/你）",
    "matter": "事由",
    "basis": "工作依据",
    "inspection_date_cn": "检查时间",
    "problems": "问题清单",
    "causes": "原因分析",
    "recommendations": "建议事项",
    "days": "工作日数",
    "deadline": "期限",
    "deadline_cn": "期限",
    "notice_title": "原通知标题",
    "notice_number": "原通知文号",
    "notice_date_cn": "原通知日期",
    "old_deadline_cn": "原整改期限",
    "allegation": "反映的问题",
    "source": "问题来源",
    "talk_time_cn": "谈话时间",
    "talk_kind": "谈话类型",
    "place": "地点",
    "approver": "批准人",
    "office": "承办部门",
    "contact": "联系人",
    "phone": "联系电话",
    "address": "通讯地址",
    "check_date_cn": "督办核查日期",
    "area": "问题所在领域",
}

_SECTION = re.compile(r"^\[(.+)\]\s*$")
_LIST_LINE = re.compile(r"^\{([^{}:!]+)\}$")
_LEADING_NUMBER = re.compile(r"^\s*(\d+[.．、]|[（(]\d+[）)])\s*")


@dataclass(frozen=True)
class Template:
    kind: str
    variant: str  # [对象]: "" for the kind's own wording
    letter: bool
    number_prefix: str
    banner: tuple[str, ...]
    title: str
    addressee: str
    body: tuple[str, ...]
    signer: str
    defaults: Mapping[str, str]
    path: Path

    @property
    def name(self) -> str:
        """What `fill` is asked for: the kind, or “kind（对象）” for a variant."""
        return f"{self.kind}（{self.variant}）" if self.variant else self.kind


def template_dir() -> Path:
    return resource("templates")


def parse(text: str, path: Path) -> Template:
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for raw in text.splitlines():
        line = raw.strip().lstrip("\ufeff")
        if line.startswith("#"):
            continue
        header = _SECTION.match(line)
        if header:
            current = sections.setdefault(header.group(1).strip(), [])
            continue
        if current is not None and line:
            current.append(line)

    def one(name: str, default: str = "") -> str:
        lines = sections.get(name)
        return "".join(lines) if lines else default

    kind = one("种类", path.stem)
    variant = one("对象")
    if "标题" not in sections or "正文" not in sections:
        raise ValueError(f"模板文件“{path.name}”缺少[标题]或[正文]栏目")
    defaults: dict[str, str] = {}
    for line in sections.get("默认值", []):
        pair = re.match(r"^([^：:=]+)[：:=](.*)$", line)
        if pair:
            defaults[pair.group(1).strip()] = pair.group(2).strip()
    return Template(
        kind=kind,
        variant=variant,
        letter=one("格式", "文件") == "信函",
        number_prefix=one("代字"),
        banner=tuple(sections.get("发文机关标志", ())),
        title=one("标题"),
        addressee=one("主送"),
        body=tuple(sections["正文"]),
        signer=one("署名", "{issuer}"),
        defaults=defaults,
        path=path,
    )


def load_templates(directory: Path | None = None) -> dict[str, Template]:
    folder = directory or template_dir()
    templates: dict[str, Template] = {}
    for path in sorted(folder.glob("*.txt")):
        template = parse(path.read_text(encoding="utf-8-sig"), path)
        templates[template.name] = template
    return templates


def load(kind: str, directory: Path | None = None) -> Template:
    templates = load_templates(directory)
    if kind not in templates:
        raise ValueError(f"没有“{kind}”的文书模板")
    return templates[kind]


def _as_text(value: object) -> str:
    if isinstance(value, dt.datetime):
        return f"{cn_date(value.date())}{value.hour}时" + (
            f"{value.minute}分" if value.minute else ""
        )
    if isinstance(value, dt.date):
        return cn_date(value)
    if isinstance(value, (list, tuple)):
        return "、".join(_as_text(v) for v in value)
    return str(value)


class _Context:
    def __init__(self, kind: str, values: Mapping[str, object], defaults: Mapping[str, str]):
        self.kind = kind
        self.values = values
        self.defaults = defaults

    def get(self, name: str) -> object:
        if name in self.values and self.values[name] is not None:
            return self.values[name]
        if name.endswith("_cn"):
            base = self.values.get(name[:-3])
            if isinstance(base, dt.date):
                return _as_text(base)
        if name in self.defaults:
            return self.defaults[name]
        label = LABELS.get(name)
        described = f"“{name}”（{label}）" if label else f"“{name}”"
        raise ValueError(f"“{self.kind}”模板缺少占位符{described}的值")

    def format(self, text: str) -> str:
        out: list[str] = []
        for literal, name, spec, _conversion in string.Formatter().parse(text):
            out.append(literal)
            if name is None:
                continue
            value = self.get(name)
            if spec:
                out.append(format(value, spec))
            else:
                out.append(_as_text(value))
        return "".join(out)


def _numbered(items: Sequence[object]) -> list[Block]:
    blocks: list[Block] = []
    for n, item in enumerate(items, start=1):
        text = _LEADING_NUMBER.sub("", _as_text(item)).strip()
        if text and text[-1] not in "。；！？：」”）":
            text += "。"
        blocks.append(Block(f"{n}.{text}", level=3))
    return blocks


def fill(kind: str, values: Mapping[str, object], directory: Path | None = None) -> Notice:
    """The notice of the given kind (or “kind（对象）” wording) with the placeholders filled.

    A placeholder with no value (and no default in the template) raises ValueError
    naming it in Chinese. A date value d also fills {d_cn} ("2026年12月15日").
    """
    template = load(kind, directory)
    context = _Context(template.kind, values, template.defaults)
    issuer = str(context.get("issuer"))
    date = context.get("date")
    if not isinstance(date, dt.date):
        raise ValueError(f"“{kind}”的成文日期（date）应当是日期")
    body: list[Block] = []
    for line in template.body:
        whole = _LIST_LINE.match(line)
        if whole:
            value = context.get(whole.group(1))
            if isinstance(value, (list, tuple)):
                body += _numbered(value)
                continue
            body += [Block(p.strip()) for p in _as_text(value).splitlines() if p.strip()]
            continue
        body.append(Block(context.format(line)))
    number = values.get("number")
    prefix = values.get("number_prefix")
    banner = values.get("banner")
    banner_lines: tuple[str, ...]
    if isinstance(banner, str):
        banner_lines = tuple(banner.splitlines())
    elif isinstance(banner, (list, tuple)):
        banner_lines = tuple(str(b) for b in banner)
    else:
        banner_lines = tuple(context.format(b) for b in template.banner)
    printed_date = values.get("printed_date")
    return Notice(
        issuer=issuer,
        title=context.format(template.title),
        body=tuple(body),
        date=date,
        number=str(number) if number else None,
        number_prefix=str(prefix) if prefix else context.format(template.number_prefix),
        addressee=context.format(template.addressee) or None,
        attachments=tuple(str(a) for a in _sequence(values.get("attachments"))),
        signer=str(values.get("signer") or context.format(template.signer)),
        cc=tuple(str(c) for c in _sequence(values.get("cc"))),
        printed_by=str(values["printed_by"]) if values.get("printed_by") else None,
        printed_date=printed_date if isinstance(printed_date, dt.date) else None,
        letter=template.letter,
        seal=bool(values.get("seal", True)),
        banner=banner_lines,
        kind=template.kind,
    )


def _sequence(value: object) -> Sequence[object]:
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(v for v in value.splitlines() if v.strip())
    if isinstance(value, (list, tuple)):
        return value
    return (value,)
