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

``fill(kind, values)`` substitutes the placeholders and returns a Notice. The office's own
wording (edited in the application and kept in the store) comes in as ``overrides``,
name → text, and replaces the shipped file of that name; ``check`` vets such a text. Besides the
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
from desktop.store import document_kinds

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
    "requirements": "整改要求",
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
    "content": "正文",
    "title": "通报标题",
    "scope": "通报范围",
    "summary": "通报情况",
    "items": "通报事项",
    "count": "通报事项起数",
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


def _shipped(directory: Path | None) -> dict[str, Template]:
    folder = directory or template_dir()
    templates: dict[str, Template] = {}
    for path in sorted(folder.glob("*.txt")):
        template = parse(path.read_text(encoding="utf-8-sig"), path)
        templates[template.name] = template
    return templates


def _office_path(name: str) -> Path:
    return Path(f"{name}（本单位修改）")


def load_templates(
    directory: Path | None = None, overrides: Mapping[str, str] | None = None
) -> dict[str, Template]:
    """The shipped templates, each replaced by the office's own text where it has one."""
    templates = _shipped(directory)
    for name, text in (overrides or {}).items():
        if text.strip():
            templates[name] = parse(text, _office_path(name))
    return templates


def load(
    kind: str, directory: Path | None = None, overrides: Mapping[str, str] | None = None
) -> Template:
    templates = load_templates(directory, overrides)
    if kind not in templates:
        raise ValueError(f"没有“{kind}”的文书模板")
    return templates[kind]


def shipped_text(name: str, directory: Path | None = None) -> str:
    """The text of the template file shipped for `name` (what 恢复默认 goes back to)."""
    template = load(name, directory)
    return template.path.read_text(encoding="utf-8-sig")


# Made-up values for every placeholder: what a template preview is filled with, and how an
# edited template is checked before it is saved.
SAMPLE: Mapping[str, object] = {
    "issuer": "中共望川县纪律检查委员会",
    "abbr": "望",
    "date": dt.date(2026, 11, 23),
    "unit": "县自然资源局党组",
    "person": "张立新",
    "addressee": "县自然资源局党组",
    "you": "你单位",
    "matter": "落实中央八项规定精神专项督查",
    "basis": "县纪委监委年度监督检查工作计划",
    "inspection_date": dt.date(2026, 10, 14),
    "problems": ["公务接待管理不规范，8批次无公函", "公务用车使用登记不完整"],
    "requirements": ["严格执行一函一单，补齐接待公函", "建立公务用车使用登记台账"],
    "causes": ["主体责任落实不到位", "制度执行不严格"],
    "recommendations": ["开展以案促改专题警示教育", "健全食材集中采购和验收制度"],
    "days": 15,
    "deadline": dt.date(2026, 12, 15),
    "notice_title": "关于巡察反馈问题整改的通知",
    "notice_number": "望纪发〔2026〕2号",
    "notice_date": dt.date(2026, 9, 8),
    "old_deadline": dt.date(2026, 10, 31),
    "allegation": "违规接受管理服务对象宴请",
    "source": "在查处县第二中学原总务主任王某违纪违法案件中",
    "talk_time_cn": "2026年11月27日上午9时",
    "talk_kind": "提醒谈话",
    "place": "县纪委监委第二谈话室",
    "approver": "县纪委主要负责同志",
    "office": "党风政风监督室",
    "contact": "刘敏",
    "phone": "0000-6123456",
    "address": "望川县人民路18号",
    "check_date": dt.date(2026, 11, 20),
    "area": "食材采购",
    "content": "元旦、春节将至，现提醒如下：\n一、严禁违规吃喝。\n二、严禁违规收送礼品礼金。",
    "title": "关于2026年国庆节期间落实中央八项规定精神专项督查情况的通报",
    "scope": "各乡镇党委，县直各单位党组（党委）",
    "summary": "国庆节期间，县纪委监委组成4个督查组，对全县12个单位开展专项督查。",
    "items": "一、县自然资源局公务接待无公函问题。8批次接待无公函。已责令整改。\n"
    "二、县交通运输局公务用车登记不全问题。已责令整改。",
    "count": 2,
}


def _placeholders(template: Template) -> set[str]:
    texts = [template.title, template.addressee, template.signer, template.number_prefix]
    texts += [*template.body, *template.banner]
    names: set[str] = set()
    for text in texts:
        for _literal, name, _spec, _conversion in string.Formatter().parse(text):
            if name is not None:
                names.add(name)
    return names


def check(name: str, text: str, directory: Path | None = None) -> Notice:
    """The office's text for template `name`, filled with SAMPLE; ValueError in Chinese.

    Refused: text that does not parse, a [种类]/[对象] naming another template, a
    placeholder that is not known, unpaired braces.
    """
    try:
        template = parse(text, _office_path(name))
    except ValueError as exc:
        raise ValueError(str(exc).replace(f"“{_office_path(name).name}”", "")) from None
    if template.name != name:
        raise ValueError(
            f"[种类]/[对象]应为“{name}”，现为“{template.name}”；不同种类的文书请分别修改各自的模板"
        )
    try:
        used = _placeholders(template)
    except ValueError:
        raise ValueError("花括号“{ }”不成对：占位符应写成{unit}这样的形式") from None
    unknown = sorted(
        n
        for n in used
        if n not in SAMPLE
        and n not in template.defaults
        and not (n.endswith("_cn") and n[:-3] in SAMPLE)
    )
    if unknown:
        shown = "、".join(f"{{{n}}}" for n in unknown)
        raise ValueError(f"不认识的占位符：{shown}；请检查拼写，或改用模板说明中列出的占位符")
    return fill(name, SAMPLE, directory, overrides={name: text})


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


_DIGITS = "零一二三四五六七八九"


def cn_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 23 → 二十三 (1–99): the numbers of "一、" headings."""
    if not 0 < n < 100:
        raise ValueError(f"{n} 超出可用中文序号的范围（1–99）")
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else f"{_DIGITS[tens]}十")
    return head + (_DIGITS[ones] if ones else "")


def _numbered(items: Sequence[object]) -> list[Block]:
    blocks: list[Block] = []
    for n, item in enumerate(items, start=1):
        text = _LEADING_NUMBER.sub("", _as_text(item)).strip()
        if text and text[-1] not in "。；！？：」”）":
            text += "。"
        blocks.append(Block(f"{n}.{text}", level=3))
    return blocks


def fill(
    kind: str,
    values: Mapping[str, object],
    directory: Path | None = None,
    overrides: Mapping[str, str] | None = None,
) -> Notice:
    """The notice of the given kind (or “kind（对象）” wording) with the placeholders filled.

    A placeholder with no value (and no default in the template) raises ValueError
    naming it in Chinese. A date value d also fills {d_cn} ("2026年12月15日").
    """
    template = load(kind, directory, overrides)
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
        by_issue=document_kinds.numbered_by_issue(template.kind),
    )


def _sequence(value: object) -> Sequence[object]:
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(v for v in value.splitlines() if v.strip())
    if isinstance(value, (list, tuple)):
        return value
    return (value,)
