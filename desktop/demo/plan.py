"""What a planned copy is made of: the constants and the plan records
(`_Ref` placeholders until ids are given out)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from desktop.demo.texts import _Template

if TYPE_CHECKING:
    pass


SEED = "qingfeng-demo-v1"
UNITS_GROUP_COPIES = 10  # a new group of units every this many copies
PERSONS_PER_COPY = 300
FAST_CHUNK_ROWS = 50_000

OFFICE_SETTINGS: dict[str, str] = {
    "office_name": "清河县纪委监委",
    "office_short": "清纪",
    "contact_person": "黄婷",
    "contact_phone": "0319-8123018",
    "contact_department": "党风政风监督室",
    "office_address": "清河县人民路88号县纪委监委",
    "cc.整改通知书": "县委办公室、县政府办公室",
    "cc.纪律检查建议书": "县委办公室",
}

# Tables in the order they are written: every reference points at an earlier table
# (documents only carry linked_table/linked_id, which is not a reference). The 通报曝光
# (clue_exposures, a child of clues) are written on their own after the 通报 they follow.
WRITE_ORDER = (
    "units",
    "persons",
    "campaigns",
    "clues",
    "talks",
    "inquiries",
    "inspections",
    "documents",
    "rectifications",
    "proposals",
    "activities",
    "bulletins",
    "clue_exposures",
    "accountabilities",
    "attachments",
)

T = TypeVar("T")
Progress = Callable[[int, int], None]


# -- plan records -----------------------------------------------------------------------


class _Ref:
    """The id a planned row will get; filled in when the copy is finalised."""

    __slots__ = ("id",)

    def __init__(self) -> None:
        self.id = 0


@dataclass(eq=False)
class _Rec:
    table: str
    ref: _Ref
    values: dict[str, Any]
    children: dict[str, list[dict[str, Any]]]
    key: tuple[Any, ...]


Plan = dict[str, list[_Rec]]


@dataclass(eq=False)
class _Unit:
    ref: _Ref
    name: str
    kind: str
    template: str
    weight: float
    parent: _Unit | None = None


@dataclass(eq=False)
class _Post:
    unit: _Unit | None
    unit_name: str
    post: str
    rank: str
    role: str  # head (主要负责人), leader (班子成员), staff
    start: dt.date
    end: dt.date | None = None
    row: dict[str, Any] | None = None  # its person_posts row in the plan


@dataclass(eq=False)
class _Person:
    ref: _Ref
    name: str
    gender: str
    birth: dt.date
    party: str
    staff_kind: str
    posts: list[_Post]
    rec: _Rec | None = None
    left: dt.date | None = None

    def at(self, day: dt.date) -> _Post | None:
        """The post held on `day` (None before the first post or after leaving)."""
        if self.left is not None and day > self.left:
            return None
        for post in reversed(self.posts):
            if post.start <= day and (post.end is None or day <= post.end):
                return post
        return None


@dataclass(eq=False)
class _Clue:
    rec: _Rec
    received: dt.date
    persons: list[tuple[_Person, _Post]]
    template: _Template
    unit: _Unit | None
