"""The shown 办理进度 of a clue and reply state of a 函询, each defined once in SQL.

The clue and inquiry lists, their filters and the 廉政档案 (screen and print) all read
these expressions, so a clue is 初核中 or 已结案 in the same words wherever it appears.
"""

from __future__ import annotations

# A clue's progress: the furthest step on record wins (结案 > 审理 > 立案 > its
# disposition > 转交); with none of these it is 待处置.
CLUE_STATUSES = (
    "待处置",
    "谈话函询",
    "初核中",
    "已立案",
    "审理中",
    "已结案",
    "暂存待查",
    "予以了结",
    "已转交",
)
CLUE_FINISHED = ("已结案", "暂存待查", "予以了结", "已转交")

CLUE_STATUS_SQL = (
    "CASE"
    " WHEN c.closed_date IS NOT NULL THEN '已结案'"
    " WHEN c.hearing_date IS NOT NULL THEN '审理中'"
    " WHEN c.case_date IS NOT NULL THEN '已立案'"
    " WHEN c.disposition = '予以了结' THEN '予以了结'"
    " WHEN c.disposition = '暂存待查' THEN '暂存待查'"
    " WHEN c.disposition = '初步核实' OR c.prelim_start IS NOT NULL THEN '初核中'"
    " WHEN c.disposition = '谈话函询' THEN '谈话函询'"
    " WHEN c.forwarded_date IS NOT NULL THEN '已转交'"
    " ELSE '待处置' END"
)

# A 函询 is 已回复 once a reply date is on record; without one it is 逾期未回复 after its
# 回复期限 (`:today` bound by the caller), else 待回复.
INQUIRY_WAITING = "待回复"
INQUIRY_OVERDUE = "逾期未回复"
INQUIRY_REPLIED = "已回复"
INQUIRY_STATUS_SQL = (
    f"CASE WHEN q.reply_date IS NOT NULL THEN '{INQUIRY_REPLIED}'"
    f" WHEN q.reply_due IS NOT NULL AND q.reply_due < :today THEN '{INQUIRY_OVERDUE}'"
    f" ELSE '{INQUIRY_WAITING}' END"
)
