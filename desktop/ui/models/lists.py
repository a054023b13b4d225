"""One model per list the clerk works with: the Qt face (colours, tooltips, column
numbers) of the lists declared in desktop/queries/lists.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from desktop.domain import clue_limits
from desktop.queries import core, lists
from desktop.queries.core import Query
from desktop.ui.models.base import DONE, URGENCY_COLOURS, Index, SqlListModel

BACK_ENTRY_TIP = "补录登记的文书（从旧文书登记簿导入），没有存档文件"


def _deadline_colours(
    deadline: Any, done: bool, today: dt.date
) -> tuple[QColor | None, QColor | None] | None:
    """Colours of a row already read (the archive page): desktop/queries' urgency rule."""
    return URGENCY_COLOURS.get(core.urgency(deadline, done, today) or "")


class TalksModel(SqlListModel):
    """谈话记录."""

    DATE, KIND, SUBJECTS, SUBJECT_POSTS, TALKERS, REASON = range(6)

    def query(self) -> Query:
        return lists.TALKS


class CluesModel(SqlListModel):
    """问题线索: red past 办理时限 until finished or, for 谈话函询, acted on (CLUE_URGENCY_SQL)."""

    NUMBER, RECEIVED, SOURCE, PERSONS, UNIT, SUMMARY, DISPOSITION, STATUS, DUE = range(9)

    def query(self) -> Query:
        return lists.CLUES

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """A forwarded clue's 办理进度 says where it went, and warns when it went late."""
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == self.STATUS:
            row = self.row(index.row()) if index.isValid() else None
            if row is not None and row["forwarded_date"]:
                tip = f"{row['forwarded_date']}转交{row['forwarded_to'] or ''}"
                check = clue_limits.forward_check(self.store, row)
                return tip + (f"\n{check.text}" if check else "")
        return super().data(index, role)


class RectificationsModel(SqlListModel):
    """整改事项: red only while open past 整改时限 (desktop/queries/rectification.py)."""

    FINDING, UNIT, RESPONSIBLE, DEADLINE, STATUS, FOUND = range(6)

    def query(self) -> Query:
        return lists.RECTIFICATIONS


class PersonsModel(SqlListModel):
    """人员档案."""

    NAME, GENDER, UNIT, POST, RANK, POLITICAL = range(6)

    def query(self) -> Query:
        return lists.PERSONS


class UnitsModel(SqlListModel):
    """单位: units no longer in use greyed."""

    NAME, KIND, PARENT, PERSONS, ACTIVE = range(5)

    def query(self) -> Query:
        return lists.UNITS

    def colours(self, row: dict[str, Any]) -> tuple[QColor | None, QColor | None] | None:
        return None if row["active"] else DONE


class DocumentsModel(SqlListModel):
    """文书登记: voided documents greyed."""

    NUMBER, KIND, TITLE, ADDRESSEE, ISSUED, OPERATOR = range(6)

    def query(self) -> Query:
        return lists.DOCUMENTS

    def colours(self, row: dict[str, Any]) -> tuple[QColor | None, QColor | None] | None:
        return DONE if row["voided"] else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """A back-entered number (from an old register) says so: it has no stored PDF."""
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == self.NUMBER:
            row = self.row(index.row()) if index.isValid() else None
            if row is not None and not row["stored"]:
                return BACK_ENTRY_TIP
        return super().data(index, role)


class RecycleBinModel(SqlListModel):
    """回收站."""

    KIND, TITLE, DELETED_BY, DELETED_AT = range(4)

    def query(self) -> Query:
        return lists.RECYCLE_BIN


class InspectionsModel(SqlListModel):
    """监督检查: one row per inspection, with how many units it covered and what it found."""

    KIND, THEME, START, END, UNITS, FINDINGS = range(6)

    def query(self) -> Query:
        return lists.INSPECTIONS


class InquiriesModel(SqlListModel):
    """函询: reply deadline red when passed without a reply, amber within 7 days."""

    CLUE, PERSON, SENT, DELIVERED, DUE, REPLIED, CONCLUSION = range(7)

    def query(self) -> Query:
        return lists.INQUIRIES


class ProposalsModel(SqlListModel):
    """建议书: reply deadline red when passed without a reply, amber within 7 days."""

    KIND, MATTER, UNIT, NUMBER, DUE, REPLIED, STATUS = range(7)

    def query(self) -> Query:
        return lists.PROPOSALS


class CampaignsModel(SqlListModel):
    """专项工作."""

    NAME, THEME, START, END, LEAD, UNITS, STATUS = range(7)

    def query(self) -> Query:
        return lists.CAMPAIGNS

    def colours(self, row: dict[str, Any]) -> tuple[QColor | None, QColor | None] | None:
        return DONE if row["status"] == "已结束" else None


class ActivitiesModel(SqlListModel):
    """工作活动: 场次 and 人次 by the one rule (desktop/queries/campaigns.py)."""

    DATE, KIND, TITLE, UNITS, SESSIONS, ATTENDANCE, CAMPAIGNS = range(7)

    def query(self) -> Query:
        return lists.ACTIVITIES


class BulletinsModel(SqlListModel):
    """通报: one row per 期, with how many 起 it reports."""

    DATE, KIND, TITLE, NUMBER, ITEMS, SCOPE, CAMPAIGNS = range(7)

    def query(self) -> Query:
        return lists.BULLETINS


class AccountabilitiesModel(SqlListModel):
    """问责."""

    DATE, TARGET, METHOD, REASON, DECIDED_BY, SOURCE = range(6)

    def query(self) -> Query:
        return lists.ACCOUNTABILITIES
