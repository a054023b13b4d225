"""Dictionaries: the value lists offices edit (sources, outcomes, talk kinds, ...).

They ship as JSON files in resources/dictionaries/, are copied into the store
when it is created, and from then on the store's copy is the one that counts.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from desktop import resources
from desktop.store import audit, document_kinds
from desktop.store.errors import UserError, ValidationError
from desktop.store.kinds import KINDS

if TYPE_CHECKING:
    from desktop.store.db import Store

NOT_DICTIONARIES = {"holidays.json"}


@dataclass(frozen=True)
class Item:
    name: str
    label: str
    sort: int
    active: bool
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def aliases(self) -> list[str]:
        return [str(a) for a in self.extra.get("aliases", [])]


PropType = Literal["choice", "int", "text", "list"]


@dataclass(frozen=True)
class Prop:
    """One property an item of a dictionary carries besides its label (in `extra`).

    The values are the office's data; this is only their shape, so the settings page can
    offer the right widget and the store can refuse a value the rules could not use.
    """

    key: str
    label: str
    type: PropType
    choices: tuple[tuple[Any, str], ...] = ()  # (stored value, what the clerk reads)
    minimum: int = 0
    maximum: int = 999
    note: str = ""  # what an empty value means


ALIASES = Prop("aliases", "别名", "list", note="旧台账中的其他写法，导入时识别；用“、”分隔")

# The categories the statistics count by (党纪政务处分, 组织处理, ...): a choice, not free text.
OUTCOME_CATEGORIES = ("批评教育", "组织处理", "党纪处分", "政务处分", "移送司法")

FORM_CHOICES: tuple[tuple[Any, str], ...] = (
    (None, "不计形态"),
    (1, "第一种形态"),
    (2, "第二种形态"),
    (3, "第三种形态"),
    (4, "第四种形态"),
)

PROPERTIES: dict[str, tuple[Prop, ...]] = {
    "outcome": (
        Prop("form", "四种形态", "choice", FORM_CHOICES),
        Prop("category", "类别", "choice", tuple((c, c) for c in OUTCOME_CATEGORIES)),
        Prop(
            "effect_months",
            "影响期（月）",
            "int",
            maximum=600,
            note="处分自决定之日起的影响期；空白为无固定期限（开除等）或不适用",
        ),
        Prop("severity", "轻重", "int", note="数值越大越重：同一线索同一人按最重的一项计形态"),
        ALIASES,
    ),
    "four_winds": (Prop("group", "归类", "text", note="如“形式主义、官僚主义”"), ALIASES),
}


# Items the rules, statistics and notices go by name (domain.md §2–§4, §8): the four
# dispositions, the rectification and 建议书 workflow states, the talk kinds and roles the
# reports count, the notice kinds with a template. The office may add items beside them
# and set their properties, but renaming or retiring one would silently empty a figure or
# stop a workflow, so the store refuses it.
FIXED_ITEMS: dict[str, tuple[str, ...]] = {
    "disposition": ("谈话函询", "初步核实", "暂存待查", "予以了结"),
    "rect_status": ("待整改", "整改中", "已整改待验收", "已销号"),
    "proposal_status": ("待回复", "已回复", "已办结"),
    "talk_kind": ("谈心谈话", "提醒谈话"),
    "talker_role": ("主要负责人",),
    "check_method": ("实地查看",),
    "signed": ("实名",),  # the desk's 实名举报待告知 and the 告知举报人 rule
    "clue_source": ("信访举报",),
    "rank": ("县处级", "乡科级", "一般干部"),
    "outcome": ("诫勉",),
    document_kinds.DICTIONARY: document_kinds.LABELS,
}


def is_fixed(name: str, label: str) -> bool:
    return label in FIXED_ITEMS.get(name, ())


def _refuse_fixed(store: Store, name: str, label: str, doing: str) -> None:
    if is_fixed(name, label):
        shown = dict(names(store)).get(name, name)
        raise UserError(
            f"“{label}”是统计、办理规则或文书所依据的{shown}，不能{doing}；"
            "可以新增其他项，或修改其属性"
        )


def properties(name: str) -> tuple[Prop, ...]:
    """The properties the office can set on the items of dictionary `name`."""
    return PROPERTIES.get(name, (ALIASES,))


def shipped() -> list[dict[str, Any]]:
    """The dictionaries as shipped in resources/dictionaries/."""
    folder = resources.resource("dictionaries")
    specs = {
        path.name: json.loads(path.read_text(encoding="utf-8"))
        for path in Path(folder).glob("*.json")
        if path.name not in NOT_DICTIONARIES
    }
    # declared in Python (document_kinds.py), in the place its file would sort to
    specs[f"{document_kinds.DICTIONARY}.json"] = document_kinds.dictionary()
    return [specs[name] for name in sorted(specs)]


def load_shipped(store: Store) -> None:
    """Copy the shipped dictionaries into a new store (inside the caller's transaction)."""
    for spec in shipped():
        store.db.execute(
            "INSERT INTO dict_names(dict, label, note) VALUES (?, ?, ?)",
            [spec["name"], spec["label"], spec.get("note")],
        )
        for sort, raw in enumerate(spec["items"]):
            extra = {k: v for k, v in raw.items() if k != "label"}
            store.db.execute(
                "INSERT INTO dict_items(dict, label, sort, extra, active) VALUES (?, ?, ?, ?, 1)",
                [spec["name"], raw["label"], sort, json.dumps(extra, ensure_ascii=False)],
            )


def _cache(store: Store) -> dict[str, list[Item]]:
    cache: dict[str, list[Item]] | None = store.cache.get("dictionaries")
    if cache is None:
        cache = {}
        for row in store.db.execute(
            "SELECT dict, label, sort, active, extra FROM dict_items ORDER BY dict, sort, id"
        ):
            cache.setdefault(row[0], []).append(
                Item(row[0], row[1], int(row[2]), bool(row[3]), json.loads(row[4] or "{}"))
            )
        store.cache["dictionaries"] = cache
    return cache


def invalidate(store: Store) -> None:
    store.cache.pop("dictionaries", None)


def names(store: Store) -> list[tuple[str, str]]:
    """(name, Chinese label) of every dictionary."""
    return [(r["dict"], r["label"]) for r in store.query("SELECT * FROM dict_names ORDER BY dict")]


def items(store: Store, name: str, *, active_only: bool = False) -> list[Item]:
    found = _cache(store).get(name, [])
    return [i for i in found if i.active] if active_only else list(found)


def labels(store: Store, name: str, *, active_only: bool = True) -> list[str]:
    return [i.label for i in items(store, name, active_only=active_only)]


def get(store: Store, name: str, label: str) -> Item | None:
    for item in items(store, name):
        if item.label == label:
            return item
    return None


def contains(store: Store, name: str, label: str) -> bool:
    """Whether the dictionary has an item of that label (active or not): `get`'s answer,
    from a set of the cached items' labels (every dictionary field of every row asks)."""
    cache = _cache(store)
    held = store.cache.get("dictionary_labels")
    if held is None or held[0] is not cache:  # made afresh with the items' cache
        held = (cache, {n: frozenset(i.label for i in found) for n, found in cache.items()})
        store.cache["dictionary_labels"] = held
    return label in held[1].get(name, ())


def resolve(store: Store, name: str, text: str) -> str | None:
    """The dictionary label a clerk's free text means: exact, then alias, then unspaced."""
    text = text.strip()
    if not text:
        return None
    compact = "".join(text.split())
    for item in items(store, name):
        if text == item.label or compact == "".join(item.label.split()):
            return item.label
    for item in items(store, name):
        if text in item.aliases or compact in item.aliases:
            return item.label
    return None


def _columns_using(name: str) -> list[tuple[str, str, bool]]:
    """(table, column, is_list) of every field fed by dictionary `name`."""
    return [
        (k.table, f.name, f.type == "dict_list")
        for k in KINDS.values()
        for f in k.fields
        if f.dictionary == name
    ]


def add_item(store: Store, name: str, label: str, extra: dict[str, Any] | None = None) -> None:
    label = label.strip()
    if not label:
        raise ValidationError("label", "名称", "不能为空")
    if contains(store, name, label):
        raise ValidationError("label", "名称", f"“{label}”已存在")
    with store.transaction():
        sort = store.scalar(
            "SELECT COALESCE(MAX(sort), -1) + 1 FROM dict_items WHERE dict = ?", [name]
        )
        store.db.execute(
            "INSERT INTO dict_items(dict, label, sort, extra, active) VALUES (?, ?, ?, ?, 1)",
            [name, label, sort, json.dumps(extra or {}, ensure_ascii=False)],
        )
        audit.write(store, "insert", "dict_items", None, None, {"dict": name, "label": label})
    invalidate(store)


def rename_item(store: Store, name: str, old: str, new: str) -> int:
    """Rename an item and every record that uses it, in one transaction. Returns rows changed."""
    new = new.strip()
    if not new:
        raise ValidationError("label", "名称", "不能为空")
    if not contains(store, name, old):
        raise UserError(f"字典中没有“{old}”")
    if old != new and contains(store, name, new):
        raise ValidationError("label", "名称", f"“{new}”已存在")
    if old != new:
        _refuse_fixed(store, name, old, "改名")
    changed = 0
    with store.transaction():
        store.db.execute(
            "UPDATE dict_items SET label = ? WHERE dict = ? AND label = ?", [new, name, old]
        )
        for table, column, is_list in _columns_using(name):
            if is_list:
                for rid, raw in store.db.execute(
                    f"SELECT id, {column} FROM {table} WHERE {column} LIKE ?", [f"%{old}%"]
                ).fetchall():
                    values = [new if v == old else v for v in json.loads(raw)]
                    store.db.execute(
                        f"UPDATE {table} SET {column} = ? WHERE id = ?",
                        [json.dumps(values, ensure_ascii=False), rid],
                    )
                    changed += 1
            else:
                changed += store.db.execute(
                    f"UPDATE {table} SET {column} = ? WHERE {column} = ?", [new, old]
                ).rowcount
        audit.write(
            store,
            "update",
            "dict_items",
            None,
            {"dict": name, "label": old},
            {"dict": name, "label": new},
        )
    invalidate(store)
    return changed


def set_active(store: Store, name: str, label: str, active: bool) -> None:
    """Retire or bring back an item; retired items stay valid on old records."""
    if not active:
        _refuse_fixed(store, name, label, "停用")
    with store.transaction():
        store.db.execute(
            "UPDATE dict_items SET active = ? WHERE dict = ? AND label = ?",
            [int(active), name, label],
        )
        audit.write(
            store,
            "update",
            "dict_items",
            None,
            None,
            {"dict": name, "label": label, "active": active},
        )
    invalidate(store)


def _prop_value(prop: Prop, value: Any) -> Any:
    """The value as stored in `extra` (None: leave it out), or ValidationError."""
    if isinstance(value, str):
        value = value.strip()
    if value is None or value == "" or value == []:
        if prop.type == "choice" and prop.choices and prop.choices[0][0] is not None:
            raise ValidationError(prop.key, prop.label, "必须选择")
        return None
    if prop.type == "choice":
        for stored, shown in prop.choices:
            if value in (stored, shown) or str(value) == str(stored):
                return stored
        raise ValidationError(prop.key, prop.label, f"“{value}”不是有效选项")
    if prop.type == "int":
        try:
            number = int(str(value))
        except ValueError:
            raise ValidationError(prop.key, prop.label, f"“{value}”不是整数") from None
        if not prop.minimum <= number <= prop.maximum:
            raise ValidationError(
                prop.key, prop.label, f"应在 {prop.minimum} 到 {prop.maximum} 之间"
            )
        return number
    if prop.type == "list":
        parts = re.split(r"[、,，;；\s]+", value) if isinstance(value, str) else list(value)
        cleaned = [str(p).strip() for p in parts if str(p).strip()]
        return cleaned or None
    text = str(value)
    if len(text) > 100:
        raise ValidationError(prop.key, prop.label, "不能超过100个字")
    return text


def set_properties(store: Store, name: str, label: str, values: dict[str, Any]) -> dict[str, Any]:
    """Set an item's properties (form, category, effect period, aliases, ...) from
    `values`, keyed by Prop.key; keys not given keep their value. One audited write.
    Returns the stored `extra`."""
    item = get(store, name, label)
    if item is None:
        raise UserError(f"字典中没有“{label}”")
    props = {p.key: p for p in properties(name)}
    unknown = set(values) - set(props)
    if unknown:
        raise KeyError(f"{name} has no properties {sorted(unknown)}")
    extra = dict(item.extra)
    for key, value in values.items():
        stored = _prop_value(props[key], value)
        if stored is None:
            extra.pop(key, None)
        else:
            extra[key] = stored
    if "aliases" in values:
        for alias in extra.get("aliases", []):
            owner = resolve(store, name, alias)
            if owner is not None and owner != label:
                raise ValidationError("aliases", ALIASES.label, f"“{alias}”已是“{owner}”的写法")
    if extra == item.extra:
        return extra
    with store.transaction():
        store.db.execute(
            "UPDATE dict_items SET extra = ? WHERE dict = ? AND label = ?",
            [json.dumps(extra, ensure_ascii=False), name, label],
        )
        audit.write(
            store,
            "update",
            "dict_items",
            None,
            {"dict": name, "label": label, **item.extra},
            {"dict": name, "label": label, **extra},
        )
    invalidate(store)
    return extra
