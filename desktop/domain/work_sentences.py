"""The paragraph's sentences on campaigns, activities, 通报, 通报曝光 and 问责 (issue #15).

Seed 001 is the model: one sentence per campaign with records in the period ("在…中，开展
专项检查5次，发现并督促问题整改3个，制发“两函一书”2份…"), then the office's activities
(场次, 人次), 通报 (期, 起), 通报曝光 and 问责. Every number comes from the figures of
desktop/queries/figures.py (docs/statistics.md §段落); a clause whose figures are all zero
is left out, and the words are the records' own (the campaign's name, the kinds).
"""

from __future__ import annotations

from collections.abc import Mapping

from desktop.queries.figures import EDUCATION_KINDS, CampaignWork, Figure

# An inspection kind reads as what was done ("开展明察暗访2次") when it names a check;
# other kinds (巡察反馈, 审计反馈, 其他) are told as 监督检查.
_CHECK_WORDS = ("检查", "督查", "暗访", "监督")
EDUCATION = "教育培训"


def _joined(parts: list[str], sep: str = "，") -> str:
    return sep.join(p for p in parts if p)


def inspection_phrase(by_kind: Mapping[str, int]) -> str:
    """'开展节日期间检查3次、明察暗访2次' (kinds merged into 监督检查 when not a check)."""
    told: dict[str, int] = {}
    for kind, n in by_kind.items():
        word = kind if kind.endswith(_CHECK_WORDS) else "监督检查"
        told[word] = told.get(word, 0) + n
    items = [f"{word}{n}次" for word, n in sorted(told.items(), key=lambda kv: -kv[1]) if n]
    return "开展" + "、".join(items) if items else ""


def activity_phrase(kind: str, sessions: int, attendance: int) -> str:
    """'警示教育2场次、120人次' ('其他' reads 其他工作活动; a dictionary's '培训/答题' reads
    培训、答题 in a sentence)."""
    if not sessions and not attendance:
        return ""
    label = "其他工作活动" if kind == "其他" else kind.replace("/", "、")
    return f"{label}{sessions}场次" + (f"、{attendance}人次" if attendance else "")


def _activities(by_kind: Mapping[str, Mapping[str, int]]) -> list[str]:
    """Education kinds first in their dictionary order, then the others, most held first."""
    order = sorted(
        by_kind,
        key=lambda k: (
            EDUCATION_KINDS.index(k) if k in EDUCATION_KINDS else len(EDUCATION_KINDS),
            -by_kind[k].get("activity_sessions", 0),
            k,
        ),
    )
    phrases = [
        activity_phrase(
            k, by_kind[k].get("activity_sessions", 0), by_kind[k].get("activity_attendance", 0)
        )
        for k in order
    ]
    return [p for p in phrases if p]


def _bulletins(by_kind: Mapping[str, Mapping[str, int]]) -> list[str]:
    """'典型案例通报1期5起' per kind, most issues first."""
    return [
        f"{kind}{v.get('bulletins', 0)}期"
        + (f"{v['bulletin_items']}起" if v.get("bulletin_items") else "")
        for kind, v in sorted(by_kind.items(), key=lambda kv: (-kv[1].get("bulletins", 0), kv[0]))
        if v.get("bulletins")
    ]


def _issued(items: list[str]) -> str:
    """'制发“两函一书”2份、典型案例通报1期3起'."""
    items = [i for i in items if i]
    return "制发" + "、".join(items) if items else ""


def campaign_sentence(work: CampaignWork) -> str:
    """'在{name}中，开展…，发现并督促问题整改N个…。' or '' when it has nothing to say."""
    found, rectified = work["problems_found"], work["rectified"]
    activities = _activities(work.kinds.get("activities", {}))
    clauses = [
        inspection_phrase(
            {k: v.get("inspections", 0) for k, v in work.kinds.get("inspections", {}).items()}
        ),
        ("组织" + "，".join(activities)) if activities else "",
        f"发现并督促问题整改{found}个" + (f"，已整改{rectified}个" if rectified else "")
        if found
        else "",
        _issued(
            [
                f"“两函一书”{work['two_letters_one_book']}份"
                if work["two_letters_one_book"]
                else "",
                *_bulletins(work.kinds.get("bulletins", {})),
            ]
        ),
        f"受理问题线索{work['clues_received']}件" if work["clues_received"] else "",
        f"立案{work['cases']}件" if work["cases"] else "",
        f"党纪政务处分{work['sanctioned']}人" if work["sanctioned"] else "",
        _exposure(work["exposed_clues"], work["exposed_persons"]),
        _accountability(work["accountability_persons"], work["accountability_units"]),
    ]
    said = _joined(clauses)
    return f"在{work.name}中，{said}。" if said else ""


def _exposure(clues: int, persons: int) -> str:
    if not clues:
        return ""
    return f"通报曝光问题线索{clues}件" + (f"{persons}人" if persons else "")


def _accountability(persons: int, units: int) -> str:
    parts = [f"{persons}人" if persons else "", f"单位{units}个" if units else ""]
    return "问责" + "、".join(p for p in parts if p) if any(parts) else ""


def work_sentences(
    values: Mapping[str, int], breakdowns: Mapping[str, Mapping[str, Figure]]
) -> list[str]:
    """The office's activities, 通报, 通报曝光 and 问责 in the period, a sentence each."""

    def by_kind(*pairs: tuple[str, str]) -> dict[str, dict[str, int]]:
        result: dict[str, dict[str, int]] = {}
        for name, key in pairs:
            for kind, fig in breakdowns.get(name, {}).items():
                result.setdefault(kind, {})[key] = fig.value
        return result

    sentences: list[str] = []
    kinds = by_kind(
        ("activity_sessions_by_kind", "activity_sessions"),
        ("activity_attendance_by_kind", "activity_attendance"),
    )
    education = {k: v for k, v in kinds.items() if k in EDUCATION_KINDS}
    others = _activities({k: v for k, v in kinds.items() if k not in EDUCATION_KINDS})
    held = [p for p in _activities(education) if p]
    if len(held) > 1:
        total = activity_phrase(
            EDUCATION, values["education_sessions"], values["education_attendance"]
        )
        held = [f"{total}（其中{'，'.join(held)}）"]
    if held or others:
        sentences.append("开展" + "；".join([*held, *others]) + "。")
    bulletins = _issued(
        _bulletins(
            by_kind(
                ("bulletins_by_kind", "bulletins"), ("bulletin_items_by_kind", "bulletin_items")
            )
        )
    )
    if bulletins:
        sentences.append(bulletins + "。")
    exposure = _exposure(values["exposed_clues"], values["exposed_persons"])
    if exposure:
        sentences.append(exposure + "。")
    blame = _accountability(values["accountability_persons"], values["accountability_units"])
    if blame:
        methods = [
            f"{method}{fig.value}次"
            for method, fig in breakdowns.get("accountabilities_by_method", {}).items()
            if fig.value
        ]
        sentences.append(blame + (f"（{'、'.join(methods)}）" if methods else "") + "。")
    return sentences
