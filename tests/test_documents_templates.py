"""Document templates in resources/templates: filling, errors, office edits."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from desktop.documents.fonts import registry
from desktop.documents.notice import render
from desktop.documents.templates import fill, load_templates
from desktop.domain.notice_kinds import REGISTERED, WORDINGS
from desktop.store import document_kinds

OFFICE: dict[str, Any] = {
    "issuer": "中共望川县纪律检查委员会",
    "abbr": "望",
    "date": dt.date(2026, 11, 23),
    "office": "党风政风监督室",
    "contact": "刘敏",
    "phone": "0000-6123456",
    "address": "望川县人民路18号",
}

VALUES: dict[str, Any] = {
    **OFFICE,
    "unit": "县自然资源局党组",
    "addressee": "县市场监督管理局",
    "person": "张立新",
    "matter": "落实中央八项规定精神专项督查",
    "inspection_date": dt.date(2026, 10, 14),
    "problems": ["公务接待无公函", "2.公务用车登记不完整。"],
    "requirements": ["严格执行一函一单", "建立公务用车使用登记台账"],
    "causes": ["主体责任落实不到位"],
    "recommendations": ["开展警示教育", "健全采购制度"],
    "deadline": dt.date(2026, 12, 15),
    "notice_date": dt.date(2026, 9, 8),
    "notice_title": "关于巡察反馈问题整改的通知",
    "notice_number": "望纪发〔2026〕2号",
    "old_deadline": dt.date(2026, 10, 31),
    "check_date": dt.date(2026, 11, 20),
    "allegation": "违规接受宴请",
    "approver": "县纪委主要负责同志",
    "talk_time_cn": "2026年11月27日上午9时",
    "place": "县纪委监委第二谈话室",
    "source": "在查办案件中",
    "area": "食材采购",
    "content": "元旦、春节将至，现提醒如下：\n一、严禁违规吃喝。",
    "title": "关于2起违规吃喝典型问题的通报",
    "scope": "县直各单位",
    "summary": "近期查处了2起违规吃喝问题。",
    "items": "一、县林业站公款吃喝问题。站长受到政务警告处分。\n二、某局违规接受宴请问题。",
    "count": 2,
}


def test_every_kind_has_a_template() -> None:
    assert set(REGISTERED) <= set(WORDINGS) == set(load_templates())


@pytest.mark.parametrize("name", WORDINGS)
def test_every_kind_fills_and_renders(name: str) -> None:
    notice = fill(name, VALUES)
    kind = name.split("（")[0]  # "提醒函（个人）" is a 提醒函 worded for a person
    assert notice.kind == kind
    declared = document_kinds.by_label(kind)
    assert declared is not None and notice.letter == declared.letter  # the kind says, once
    text = "".join(b.text for b in notice.body) + notice.title
    assert "{" not in text and "}" not in text
    data = render(notice, registry(()))
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        extracted = "".join(p.extract_text() for p in pdf.pages)
    assert notice.title[:6] in extracted


def test_rectification_notice_wording() -> None:
    notice = fill("整改通知书", VALUES)
    paragraphs = [b.text for b in notice.body]
    assert "1.公务接待无公函。" in paragraphs
    assert "2.公务用车登记不完整。" in paragraphs  # existing numbers are not doubled
    # each item's own 整改要求, in the order of the problems (issue 19)
    requirements = paragraphs.index("1.严格执行一函一单。")
    assert paragraphs[requirements + 1] == "2.建立公务用车使用登记台账。"
    assert all(b.heading_level == 3 for b in notice.body if b.text[:2] in ("1.", "2."))
    assert any("请于2026年12月15日前书面报送整改情况" in p for p in paragraphs)
    assert "2026年10月14日" in paragraphs[0]
    assert notice.number is None
    assert notice.printed_number == "望纪发〔2026〕　 号"
    assert notice.addressee == "县自然资源局党组"


def test_supervision_letter_deadline() -> None:
    notice = fill("督办函", {**VALUES, "number": "望纪督函〔2026〕3号"})
    assert notice.number == "望纪督函〔2026〕3号"
    assert any("请于2026年12月15日前" in b.text and "函告我委" in b.text for b in notice.body)


def test_missing_placeholder_is_named_in_chinese() -> None:
    values = {k: v for k, v in VALUES.items() if k != "deadline"}
    with pytest.raises(ValueError, match=r"督办函.*deadline_cn.*期限"):
        fill("督办函", values)
    with pytest.raises(ValueError, match="发文机关"):
        fill("整改通知书", {k: v for k, v in VALUES.items() if k != "issuer"})


def test_unknown_kind() -> None:
    with pytest.raises(ValueError, match="没有“通报”的文书模板"):
        fill("通报", VALUES)


def test_office_can_edit_a_template(tmp_path: Path) -> None:
    (tmp_path / "notice.txt").write_text(
        "# 一份自定义的通知\n[种类]\n整改通知书\n[格式]\n信函\n[代字]\n{abbr}纪改\n"
        "[标题]\n关于{matter}的通知\n[主送]\n{unit}\n[正文]\n请于{deadline_cn}前整改。\n"
        "{problems}\n联系电话：{phone}。\n[默认值]\nphone：12345\n",
        encoding="utf-8",
    )
    values = {k: v for k, v in VALUES.items() if k != "phone"}
    notice = fill("整改通知书", values, directory=tmp_path)
    assert notice.letter
    assert notice.number_prefix == "望纪改"
    assert [b.text for b in notice.body] == [
        "请于2026年12月15日前整改。",
        "1.公务接待无公函。",
        "2.公务用车登记不完整。",
        "联系电话：12345。",
    ]
