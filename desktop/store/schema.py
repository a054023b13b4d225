"""Schema steps, in order. Step N takes a store at user_version N-1 to N.

A step is frozen once released: later changes are new steps, never edits of old
ones, so a file of any old version upgrades the same way on every machine.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from typing import Any

from desktop.store import pinyin
from desktop.store.database import Database

_TIMESTAMPS = "created_at TEXT NOT NULL, updated_at TEXT NOT NULL"

V1_TABLES = [
    """CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT,
        label TEXT
    )""",
    """CREATE TABLE dict_items (
        id INTEGER PRIMARY KEY,
        dict TEXT NOT NULL,
        label TEXT NOT NULL,
        sort INTEGER NOT NULL DEFAULT 0,
        extra TEXT NOT NULL DEFAULT '{}',
        active INTEGER NOT NULL DEFAULT 1,
        UNIQUE (dict, label)
    )""",
    """CREATE TABLE dict_names (
        dict TEXT PRIMARY KEY,
        label TEXT NOT NULL,
        note TEXT
    )""",
    """CREATE TABLE holidays (
        day TEXT PRIMARY KEY,
        is_workday INTEGER NOT NULL,
        name TEXT NOT NULL,
        source TEXT NOT NULL
    )""",
    """CREATE TABLE holiday_years (
        year INTEGER PRIMARY KEY,
        source TEXT NOT NULL
    )""",
    f"""CREATE TABLE units (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL UNIQUE,
        kind TEXT,
        parent_id INTEGER REFERENCES units(id),
        active INTEGER NOT NULL DEFAULT 1,
        notes TEXT,
        {_TIMESTAMPS}
    )""",
    f"""CREATE TABLE persons (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        gender TEXT,
        birth_date TEXT,
        unit_id INTEGER REFERENCES units(id),
        post TEXT,
        rank TEXT,
        political_status TEXT,
        staff_kind TEXT,
        phone TEXT,
        notes TEXT,
        {_TIMESTAMPS}
    )""",
    f"""CREATE TABLE person_posts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        person_id INTEGER NOT NULL REFERENCES persons(id),
        unit_id INTEGER REFERENCES units(id),
        unit_name TEXT,
        post TEXT NOT NULL,
        rank TEXT,
        start_date TEXT,
        end_date TEXT,
        {_TIMESTAMPS}
    )""",
    f"""CREATE TABLE clues (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        ledger_no TEXT,
        received_date TEXT NOT NULL,
        level TEXT,
        source TEXT NOT NULL,
        channel TEXT,
        petition_kind TEXT,
        signed TEXT,
        reporter_name TEXT,
        reporter_contact TEXT,
        leader_instruction TEXT,
        reported_unit_id INTEGER REFERENCES units(id),
        summary TEXT NOT NULL,
        disciplines TEXT,
        four_winds TEXT,
        duplicate_of INTEGER REFERENCES clues(id),
        disposition TEXT,
        disposition_date TEXT,
        disposition_approver TEXT,
        supervisor TEXT,
        handler TEXT,
        due_date TEXT,
        prelim_start TEXT,
        prelim_end TEXT,
        case_date TEXT,
        hearing_date TEXT,
        closed_date TEXT,
        amount_recovered INTEGER,
        clarified INTEGER NOT NULL DEFAULT 0,
        result_summary TEXT,
        notes TEXT,
        {_TIMESTAMPS}
    )""",
    f"""CREATE TABLE clue_persons (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        clue_id INTEGER NOT NULL REFERENCES clues(id),
        person_id INTEGER NOT NULL REFERENCES persons(id),
        unit_name TEXT,
        post TEXT,
        rank TEXT,
        filed INTEGER NOT NULL DEFAULT 0,
        voluntary INTEGER NOT NULL DEFAULT 0,
        notes TEXT,
        {_TIMESTAMPS},
        UNIQUE (clue_id, person_id)
    )""",
    f"""CREATE TABLE clue_outcomes (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        clue_id INTEGER NOT NULL REFERENCES clues(id),
        person_id INTEGER NOT NULL REFERENCES persons(id),
        outcome TEXT NOT NULL,
        decided_date TEXT NOT NULL,
        decided_by TEXT,
        notes TEXT,
        {_TIMESTAMPS}
    )""",
    f"""CREATE TABLE talks (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        date TEXT NOT NULL,
        start_time TEXT,
        end_time TEXT,
        place TEXT,
        recorder TEXT,
        reason TEXT NOT NULL,
        content TEXT,
        statement TEXT,
        followup_required INTEGER NOT NULL DEFAULT 0,
        followup_date TEXT,
        followup_result TEXT,
        clue_id INTEGER REFERENCES clues(id),
        notes TEXT,
        {_TIMESTAMPS}
    )""",
    f"""CREATE TABLE talk_talkers (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        talk_id INTEGER NOT NULL REFERENCES talks(id),
        name TEXT NOT NULL,
        person_id INTEGER REFERENCES persons(id),
        role TEXT NOT NULL,
        {_TIMESTAMPS}
    )""",
    f"""CREATE TABLE talk_subjects (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        talk_id INTEGER NOT NULL REFERENCES talks(id),
        person_id INTEGER NOT NULL REFERENCES persons(id),
        unit_name TEXT,
        post TEXT,
        {_TIMESTAMPS}
    )""",
    f"""CREATE TABLE inquiries (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        clue_id INTEGER NOT NULL REFERENCES clues(id),
        person_id INTEGER NOT NULL REFERENCES persons(id),
        sent_date TEXT NOT NULL,
        delivered_date TEXT,
        reply_due TEXT,
        reply_date TEXT,
        head_opinion TEXT,
        conclusion TEXT,
        notes TEXT,
        {_TIMESTAMPS}
    )""",
    f"""CREATE TABLE inspections (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        theme TEXT NOT NULL,
        start_date TEXT NOT NULL,
        end_date TEXT,
        team TEXT,
        notes TEXT,
        {_TIMESTAMPS}
    )""",
    f"""CREATE TABLE inspection_units (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        inspection_id INTEGER NOT NULL REFERENCES inspections(id),
        unit_id INTEGER NOT NULL REFERENCES units(id),
        {_TIMESTAMPS},
        UNIQUE (inspection_id, unit_id)
    )""",
    f"""CREATE TABLE documents (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        number TEXT,
        code TEXT,
        year INTEGER,
        serial INTEGER,
        title TEXT NOT NULL,
        issued_date TEXT NOT NULL,
        addressee TEXT,
        linked_table TEXT,
        linked_id INTEGER,
        pdf_path TEXT,
        sha256 TEXT,
        operator TEXT,
        voided INTEGER NOT NULL DEFAULT 0,
        notes TEXT,
        {_TIMESTAMPS},
        UNIQUE (kind, year, serial)
    )""",
    """CREATE TABLE doc_counters (
        kind TEXT NOT NULL,
        year INTEGER NOT NULL,
        last INTEGER NOT NULL,
        PRIMARY KEY (kind, year)
    )""",
    f"""CREATE TABLE rectifications (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        finding TEXT NOT NULL,
        found_date TEXT NOT NULL,
        inspection_id INTEGER REFERENCES inspections(id),
        clue_id INTEGER REFERENCES clues(id),
        unit_id INTEGER NOT NULL REFERENCES units(id),
        responsible TEXT,
        requirement TEXT,
        measures TEXT,
        standard TEXT,
        notice_kind TEXT,
        notice_document_id INTEGER REFERENCES documents(id),
        notice_date TEXT,
        deadline TEXT,
        status TEXT NOT NULL,
        closed_date TEXT,
        closed_by TEXT,
        closure_evidence TEXT,
        escalation_document_id INTEGER REFERENCES documents(id),
        escalated_date TEXT,
        accountability TEXT,
        rules_made TEXT,
        unfinished_reason TEXT,
        notes TEXT,
        {_TIMESTAMPS}
    )""",
    f"""CREATE TABLE rect_progress (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        rect_id INTEGER NOT NULL REFERENCES rectifications(id),
        date TEXT NOT NULL,
        content TEXT NOT NULL,
        materials TEXT,
        {_TIMESTAMPS}
    )""",
    f"""CREATE TABLE rect_checks (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        rect_id INTEGER NOT NULL REFERENCES rectifications(id),
        date TEXT NOT NULL,
        method TEXT NOT NULL,
        result TEXT NOT NULL,
        passed INTEGER NOT NULL DEFAULT 0,
        checker TEXT,
        evidence TEXT,
        {_TIMESTAMPS}
    )""",
    f"""CREATE TABLE attachments (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        filename TEXT NOT NULL,
        stored_path TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        size INTEGER,
        added_by TEXT,
        linked_table TEXT NOT NULL,
        linked_id INTEGER NOT NULL,
        notes TEXT,
        {_TIMESTAMPS}
    )""",
    """CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        operator TEXT NOT NULL,
        action TEXT NOT NULL,
        table_name TEXT NOT NULL,
        record_id INTEGER,
        before TEXT,
        after TEXT
    )""",
    """CREATE TABLE recycle_bin (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        table_name TEXT NOT NULL,
        record_id INTEGER NOT NULL,
        title TEXT NOT NULL,
        data TEXT NOT NULL,
        deleted_at TEXT NOT NULL,
        deleted_by TEXT NOT NULL,
        restored_at TEXT,
        restored_by TEXT
    )""",
]

V1_INDEXES = [
    "CREATE INDEX ix_persons_unit ON persons(unit_id)",
    "CREATE INDEX ix_persons_name ON persons(name)",
    "CREATE INDEX ix_person_posts_person ON person_posts(person_id)",
    "CREATE INDEX ix_clues_received ON clues(received_date)",
    "CREATE INDEX ix_clues_unit ON clues(reported_unit_id)",
    "CREATE INDEX ix_clue_persons_person ON clue_persons(person_id)",
    "CREATE INDEX ix_clue_outcomes_clue ON clue_outcomes(clue_id, person_id)",
    "CREATE INDEX ix_clue_outcomes_person ON clue_outcomes(person_id)",
    "CREATE INDEX ix_talks_date ON talks(date)",
    "CREATE INDEX ix_talks_clue ON talks(clue_id)",
    "CREATE INDEX ix_talk_talkers_talk ON talk_talkers(talk_id)",
    "CREATE INDEX ix_talk_subjects_talk ON talk_subjects(talk_id)",
    "CREATE INDEX ix_talk_subjects_person ON talk_subjects(person_id)",
    "CREATE INDEX ix_inquiries_clue ON inquiries(clue_id)",
    "CREATE INDEX ix_inspections_start ON inspections(start_date)",
    "CREATE INDEX ix_inspection_units_unit ON inspection_units(unit_id)",
    "CREATE INDEX ix_rect_unit ON rectifications(unit_id)",
    "CREATE INDEX ix_rect_deadline ON rectifications(deadline)",
    "CREATE INDEX ix_rect_inspection ON rectifications(inspection_id)",
    "CREATE INDEX ix_rect_progress_rect ON rect_progress(rect_id)",
    "CREATE INDEX ix_rect_checks_rect ON rect_checks(rect_id)",
    "CREATE INDEX ix_documents_issued ON documents(issued_date)",
    "CREATE INDEX ix_attachments_link ON attachments(linked_table, linked_id)",
    "CREATE INDEX ix_audit_record ON audit_log(table_name, record_id)",
    "CREATE INDEX ix_recycle_table ON recycle_bin(table_name, record_id)",
]


def step1_initial(db: Database) -> None:
    """Every record kind of domain.md §1, the dictionaries, holidays, audit log and bin."""
    for sql in V1_TABLES + V1_INDEXES:
        db.execute(sql)


# json.dumps(…, ensure_ascii=False, separators=(",", ":")), made once: every entry's hash
_PAYLOAD = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def audit_entry_payload(prev_hash: str, entry: dict[str, object]) -> bytes:
    """The bytes an audit entry's hash covers: the entry chained to the one before it."""
    return _PAYLOAD.encode(
        [
            prev_hash,
            entry["id"],
            entry["at"],
            entry["operator"],
            entry["action"],
            entry["table_name"],
            entry["record_id"],
            entry["before"],
            entry["after"],
        ]
    ).encode("utf-8")


def audit_entry_hash(prev_hash: str, entry: dict[str, object]) -> str:
    """Hash of one audit entry chained to the one before it (tamper evidence)."""
    import hashlib  # where used: OpenSSL stays off the window's start (see crypto.py)

    return hashlib.sha256(audit_entry_payload(prev_hash, entry)).hexdigest()


def rehash_audit_log(db: Any, digest: Callable[[str, dict[str, object]], str]) -> None:
    """Recompute every entry's prev_hash and hash, in id order, with `digest`
    (`db`: the store's `Database` or an sqlite3 connection, inside a transaction)."""
    prev = ""
    cursor = db.execute(
        "SELECT id, at, operator, action, table_name, record_id, before, after"
        " FROM audit_log ORDER BY id"
    )
    columns = [c[0] for c in cursor.description]
    for values in cursor.fetchall():
        entry = dict(zip(columns, values, strict=True))
        hashed = digest(prev, entry)
        db.execute(
            "UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?", [prev, hashed, entry["id"]]
        )
        prev = hashed


def step2_audit_chain(db: Database) -> None:
    """Chain audit entries by hash, and index the date columns the lists filter on."""
    db.execute("ALTER TABLE audit_log ADD COLUMN prev_hash TEXT")
    db.execute("ALTER TABLE audit_log ADD COLUMN hash TEXT")
    rehash_audit_log(db, audit_entry_hash)
    for sql in (
        "CREATE INDEX ix_clues_closed ON clues(closed_date)",
        "CREATE INDEX ix_clues_case ON clues(case_date)",
        "CREATE INDEX ix_clues_disposition ON clues(disposition_date)",
        "CREATE INDEX ix_clue_outcomes_date ON clue_outcomes(decided_date)",
        "CREATE INDEX ix_rect_found ON rectifications(found_date)",
        "CREATE INDEX ix_rect_checks_date ON rect_checks(date)",
        "CREATE INDEX ix_inquiries_sent ON inquiries(sent_date)",
        "CREATE INDEX ix_audit_at ON audit_log(at)",
    ):
        db.execute(sql)


V3_PROPOSALS = f"""CREATE TABLE proposals (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    matter TEXT NOT NULL,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    source TEXT,
    area TEXT,
    problems TEXT NOT NULL,
    causes TEXT,
    recommendations TEXT NOT NULL,
    reply_due TEXT,
    document_id INTEGER REFERENCES documents(id),
    reply_date TEXT,
    reply_summary TEXT,
    status TEXT NOT NULL,
    closed_date TEXT,
    notes TEXT,
    {_TIMESTAMPS}
)"""

# The proposal_status dictionary as step 3 introduced it (frozen here, not read from
# resources/, so every old file upgrades the same way whatever the shipped file says later).
V3_PROPOSAL_STATUS = ("待回复", "已回复", "已办结")


def step3_proposals(db: Database) -> None:
    """建议书 (纪律检查建议书/监察建议书): their own record kind, tracked until closed."""
    db.execute(V3_PROPOSALS)
    for sql in (
        "CREATE INDEX ix_proposals_unit ON proposals(unit_id)",
        "CREATE INDEX ix_proposals_reply_due ON proposals(reply_due)",
        "CREATE INDEX ix_proposals_document ON proposals(document_id)",
    ):
        db.execute(sql)
    # A store already seeded gets the new dictionary here; a new store gets it from the
    # shipped dictionaries when it is seeded after the steps.
    seeded = db.execute("SELECT COUNT(*) FROM dict_names").fetchone()[0]
    has_it = db.execute(
        "SELECT COUNT(*) FROM dict_names WHERE dict = 'proposal_status'"
    ).fetchone()[0]
    if seeded and not has_it:
        db.execute(
            "INSERT INTO dict_names(dict, label, note) VALUES ('proposal_status', '建议书办理状态',"
            " NULL)"
        )
        for sort, label in enumerate(V3_PROPOSAL_STATUS):
            db.execute(
                "INSERT INTO dict_items(dict, label, sort, extra, active)"
                " VALUES ('proposal_status', ?, ?, '{}', 1)",
                [label, sort],
            )


V4_INDEXES = (
    # the timeline's clue milestone and inspection-bar windows
    "CREATE INDEX ix_clues_prelim ON clues(prelim_start)",
    "CREATE INDEX ix_inspections_end ON inspections(end_date)",
    # the desk's action lists: replies still awaited, rectifications by state and date
    "CREATE INDEX ix_inquiries_open ON inquiries(reply_due) WHERE reply_date IS NULL",
    "CREATE INDEX ix_rect_status_deadline ON rectifications(status, deadline)",
    "CREATE INDEX ix_proposals_status ON proposals(status, reply_due)",
)


def step4_date_indexes(db: Database) -> None:
    """Index the remaining dates the timeline and the desk's action lists query by range."""
    for sql in V4_INDEXES:
        db.execute(sql)


V5_CLUE_COLUMNS = (
    "ALTER TABLE clues ADD COLUMN reporter_informed_date TEXT",
    "ALTER TABLE clues ADD COLUMN reporter_informed_how TEXT",
    "ALTER TABLE clues ADD COLUMN forwarded_date TEXT",
    "ALTER TABLE clues ADD COLUMN forwarded_to TEXT",
)

# The desk's 实名举报待告知: named reports whose reporter has not been told (and that were
# not forwarded elsewhere), by receipt. Agenda queries must repeat this WHERE literally.
REPORTER_OPEN_WHERE = (
    "signed = '实名' AND reporter_informed_date IS NULL AND forwarded_date IS NULL"
)
V5_INDEXES = (
    f"CREATE INDEX ix_clues_reporter_open ON clues(received_date) WHERE {REPORTER_OPEN_WHERE}",
    "CREATE INDEX ix_clues_forwarded ON clues(forwarded_date) WHERE forwarded_date IS NOT NULL",
)

# The inform_method dictionary as step 5 introduced it (frozen, as V3_PROPOSAL_STATUS).
V5_INFORM_METHOD = (
    ("书面告知", "{}"),
    ("电话告知", '{"aliases": ["电话"]}'),
    ("当面告知", '{"aliases": ["当面"]}'),
    ("短信告知", '{"aliases": ["短信"]}'),
    ("网上答复", '{"aliases": ["网络答复"]}'),
)


def step5_reporter_and_forwarding(db: Database) -> None:
    """实名举报 受理情况告知 and 转交 (forwarding to the body it belongs to) on clues."""
    for sql in V5_CLUE_COLUMNS + V5_INDEXES:
        db.execute(sql)
    # Nothing recorded whether the reporters of the clues already here were told: the desk's
    # 实名举报待告知 starts with the reports received from the upgrade on (a setting the
    # office can move back). A new, empty store lists every report.
    if db.execute("SELECT COUNT(*) FROM clues").fetchone()[0]:
        db.execute(
            "INSERT OR IGNORE INTO settings(key, value, label) VALUES (?, ?, ?)",
            [
                "reporter_reply_since",
                dt.date.today().isoformat(),
                "实名举报告知提醒自此日收件起（此前收件的不列入工作台；空则全部列入）",
            ],
        )
    seeded = db.execute("SELECT COUNT(*) FROM dict_names").fetchone()[0]
    has_it = db.execute("SELECT COUNT(*) FROM dict_names WHERE dict = 'inform_method'").fetchone()[
        0
    ]
    if seeded and not has_it:
        db.execute(
            "INSERT INTO dict_names(dict, label, note) VALUES ('inform_method', '告知举报人方式',"
            " NULL)"
        )
        for sort, (label, extra) in enumerate(V5_INFORM_METHOD):
            db.execute(
                "INSERT INTO dict_items(dict, label, sort, extra, active)"
                " VALUES ('inform_method', ?, ?, ?, 1)",
                [label, sort, extra],
            )


V6_COLUMNS = (
    "ALTER TABLE clues ADD COLUMN talk_delegated_date TEXT",
    "ALTER TABLE clues ADD COLUMN talk_delegated_to TEXT",
    "ALTER TABLE talks ADD COLUMN record_returned_date TEXT",
)

# The desk's 委托谈话待完成 (clues delegated) and 谈话记录待报回 (talks on a clue whose
# signed record has not come back). Agenda queries must repeat these literally.
DELEGATED_OPEN_WHERE = "talk_delegated_date IS NOT NULL"
RECORD_OPEN_WHERE = "record_returned_date IS NULL AND clue_id IS NOT NULL"
V6_INDEXES = (
    f"CREATE INDEX ix_clues_talk_delegated ON clues(talk_delegated_date)"
    f" WHERE {DELEGATED_OPEN_WHERE}",
    f"CREATE INDEX ix_talks_record_open ON talks(date) WHERE {RECORD_OPEN_WHERE}",
)


def step6_delegated_talks(db: Database) -> None:
    """委托谈话 on clues (date, who was asked to talk) and 谈话记录报回 on talks. Nothing in
    an older store was recorded as delegated, so the desk has nothing old to list."""
    for sql in V6_COLUMNS + V6_INDEXES:
        db.execute(sql)


V7_COLUMNS = (
    "ALTER TABLE persons ADD COLUMN name_pinyin TEXT",
    "ALTER TABLE persons ADD COLUMN name_initials TEXT",
    "ALTER TABLE units ADD COLUMN name_pinyin TEXT",
    "ALTER TABLE units ADD COLUMN name_initials TEXT",
)
# Lists of persons and units sort by pinyin (the name breaks ties); search reads the keys
# in SQL (desktop/domain/search.py).
V7_INDEXES = (
    "CREATE INDEX ix_persons_pinyin ON persons(name_pinyin, name)",
    "CREATE INDEX ix_units_pinyin ON units(name_pinyin, name)",
)


def step7_name_pinyin(db: Database) -> None:
    """Pinyin and initials beside every person's and unit's name (search by "zf", sort by
    pinyin). From here on the write path keeps them in step (kinds.Derived)."""
    for sql in V7_COLUMNS + V7_INDEXES:
        db.execute(sql)
    for table, keys in (("persons", pinyin.person_keys), ("units", pinyin.unit_keys)):
        rows = db.execute(f"SELECT id, name FROM {table}").fetchall()
        db.conn.executemany(
            f"UPDATE {table} SET name_pinyin = :name_pinyin, name_initials = :name_initials"
            " WHERE id = :id",
            [{**keys(str(name)), "id": row_id} for row_id, name in rows],
        )


# The statistics (desktop/queries/figures.py) find their rows by date and
# status: 初核 by its start (the disposition date standing in), cases open at a day by
# 立案 and 结案 dates (from the index alone), talks by date and kind
# (counted from the index alone), sanctions in effect by outcome and decision date,
# documents by date and kind, follow-up checks by date and method, the last 整改进展 of
# an item, 逾期未整改 from the index alone until an item's rectified day is needed, and
# the outcomes and 诫勉谈话 of the clues the people figures look at (from the index alone).
# (The desk's filters were indexed by steps 4–6.)
V8_INDEXES = (
    "CREATE INDEX ix_clues_prelim_day ON clues(COALESCE(prelim_start, disposition_date))",
    "CREATE INDEX ix_clues_case_closed ON clues(case_date, closed_date)",
    "CREATE INDEX ix_talks_date_kind ON talks(date, kind)",
    "CREATE INDEX ix_clue_outcomes_outcome ON clue_outcomes(outcome, decided_date)",
    "CREATE INDEX ix_documents_issued_kind ON documents(issued_date, voided, kind)",
    "CREATE INDEX ix_rect_checks_date_method ON rect_checks(date, method, rect_id)",
    "CREATE INDEX ix_rect_progress_rect_date ON rect_progress(rect_id, date)",
    "CREATE INDEX ix_rect_overdue ON rectifications(deadline, status, closed_date, found_date)",
    "CREATE INDEX ix_talks_kind_date ON talks(kind, date, clue_id)",
    "CREATE INDEX ix_clue_outcomes_cover ON clue_outcomes(clue_id, person_id, outcome,"
    " decided_date)",
)


def step8_statistics_indexes(db: Database) -> None:
    """Indexes for the period and status filters of the statistics; no data changes."""
    for sql in V8_INDEXES:
        db.execute(sql)


# Search (desktop/domain/search.py): a trigram full-text index beside each searched source,
# kept in step by triggers. Per source: the indexed columns as (name, SQL over the row,
# "{r}" standing for NEW./OLD.). Contentless (content=''): the text is not stored twice.
# Every value ends in two U+001F so each 1- and 2-character piece of it begins a trigram:
# a short query reads the index's terms by prefix (the fts5vocab "_terms" table) instead
# of scanning the rows. Names are indexed lower-cased, their keys beside them.
_NAME_KEYS = (
    ("name", "lower({r}name)"),
    ("initials", "{r}name_initials"),
    ("pinyin", "' ' || {r}name_pinyin"),
)
V9_TEXT_INDEXES: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("talks", (("reason", "{r}reason"), ("place", "{r}place"), ("recorder", "{r}recorder"))),
    ("talk_talkers", (("name", "{r}name"),)),
    ("talk_subjects", (("unit_name", "{r}unit_name"),)),
    ("persons", _NAME_KEYS),
    ("units", _NAME_KEYS),
    (
        "clues",
        (("summary", "{r}summary"), ("ledger_no", "{r}ledger_no"), ("handler", "{r}handler")),
    ),
    (
        "documents",
        (
            ("title", "{r}title"),
            ("number", "{r}number"),
            ("addressee", "{r}addressee"),
            ("operator", "{r}operator"),
        ),
    ),
    ("inspections", (("theme", "{r}theme"), ("team", "{r}team"), ("notes", "{r}notes"))),
)
TEXT_PAD = "char(31, 31)"
# The tables that hold rows, by name: not the indexes' virtual tables, whose "rows" are
# derived (counting a terms table reads every term of the index: seconds at 1M rows).
# Their shadow tables stay in, so a copy's counts still cover the indexes.
STORED_TABLES_SQL = (
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    " AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name"
)


def table_counts(conn: Any) -> dict[str, int]:
    """Rows per stored table (a backup's manifest, a conversion's check)."""
    names = [r[0] for r in conn.execute(STORED_TABLES_SQL)]
    return {n: int(conn.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0]) for n in names}


def _index_values(columns: tuple[tuple[str, str], ...], row: str) -> str:
    return ", ".join(f"COALESCE({expr.format(r=row)}, '') || {TEXT_PAD}" for _name, expr in columns)


def text_index_sql(
    table: str, columns: tuple[tuple[str, str], ...], key: str | None = None
) -> list[str]:
    """The index of one source, its terms table and the triggers that keep it in step.
    Each row is indexed under its id, or under `key` (SQL over the row, "{r}" standing for
    NEW./OLD., as in `columns`), whose columns the update trigger then watches too."""
    fts = f"{table}_fts"
    names = ", ".join(name for name, _expr in columns)
    exprs = [e for _n, e in columns] + ([key] if key else [])
    watched = ", ".join(sorted({m for e in exprs for m in re.findall(r"\{r\}(\w+)", e)}))
    key = key or "{r}id"
    delete = (
        f"INSERT INTO {fts}({fts}, rowid, {names})"
        f" VALUES ('delete', {key.format(r='OLD.')}, {_index_values(columns, 'OLD.')});"
    )
    insert = (
        f"INSERT INTO {fts}(rowid, {names})"
        f" VALUES ({key.format(r='NEW.')}, {_index_values(columns, 'NEW.')});"
    )
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5({names}, content='',"
        " tokenize='trigram case_sensitive 1')",
        f"CREATE VIRTUAL TABLE {fts}_terms USING fts5vocab({fts}, 'instance')",
        f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER {fts}_update AFTER UPDATE OF {watched} ON {table}"
        f" BEGIN {delete} {insert} END",
        f"INSERT INTO {fts}(rowid, {names})"
        f" SELECT {key.format(r='')}, {_index_values(columns, '')} FROM {table}",
    ]


# Ctrl+K finds talks by a talker who is a person of the office (talk_talkers.person_id).
V9_INDEXES = (
    "CREATE INDEX ix_talk_talkers_person ON talk_talkers(person_id) WHERE person_id IS NOT NULL",
)


def step9_text_search(db: Database) -> None:
    """Full-text indexes for search (issue #16): lists, pickers and Ctrl+K find a name or a
    phrase in the index instead of reading every row. Built from the rows already here."""
    for table, columns in V9_TEXT_INDEXES:
        for sql in text_index_sql(table, columns):
            db.execute(sql)
    for sql in V9_INDEXES:
        db.execute(sql)


# Step 10 (issue #15): the office's supervision work beyond cases. Frozen like every step:
# the link tables and the dictionaries are spelled out here, not read from kinds.py or
# resources/, so every old file upgrades the same way whatever later versions declare.
V10_TABLES = [
    f"""CREATE TABLE campaigns (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        theme TEXT NOT NULL,
        start_date TEXT NOT NULL,
        end_date TEXT,
        lead_office TEXT,
        notes TEXT,
        {_TIMESTAMPS}
    )""",
    f"""CREATE TABLE campaign_units (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
        unit_id INTEGER NOT NULL REFERENCES units(id),
        {_TIMESTAMPS}
    )""",
    f"""CREATE TABLE activities (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        title TEXT NOT NULL,
        date TEXT NOT NULL,
        end_date TEXT,
        place TEXT,
        organizer TEXT,
        sessions INTEGER,
        attendance INTEGER,
        results TEXT,
        notes TEXT,
        {_TIMESTAMPS}
    )""",
    f"""CREATE TABLE activity_units (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        activity_id INTEGER NOT NULL REFERENCES activities(id),
        unit_id INTEGER NOT NULL REFERENCES units(id),
        {_TIMESTAMPS}
    )""",
    f"""CREATE TABLE activity_persons (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        activity_id INTEGER NOT NULL REFERENCES activities(id),
        person_id INTEGER NOT NULL REFERENCES persons(id),
        role TEXT,
        assessment TEXT,
        score TEXT,
        notes TEXT,
        {_TIMESTAMPS}
    )""",
    f"""CREATE TABLE bulletins (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        title TEXT NOT NULL,
        date TEXT NOT NULL,
        scope TEXT,
        summary TEXT,
        requirements TEXT,
        document_id INTEGER REFERENCES documents(id),
        notes TEXT,
        {_TIMESTAMPS}
    )""",
    f"""CREATE TABLE bulletin_items (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        bulletin_id INTEGER NOT NULL REFERENCES bulletins(id),
        summary TEXT NOT NULL,
        clue_id INTEGER REFERENCES clues(id),
        rect_id INTEGER REFERENCES rectifications(id),
        person_id INTEGER REFERENCES persons(id),
        unit_id INTEGER REFERENCES units(id),
        handling TEXT,
        {_TIMESTAMPS}
    )""",
    f"""CREATE TABLE clue_exposures (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        clue_id INTEGER NOT NULL REFERENCES clues(id),
        person_id INTEGER REFERENCES persons(id),
        date TEXT NOT NULL,
        channel TEXT NOT NULL,
        bulletin_id INTEGER REFERENCES bulletins(id),
        notes TEXT,
        {_TIMESTAMPS}
    )""",
    f"""CREATE TABLE accountabilities (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        person_id INTEGER REFERENCES persons(id),
        unit_id INTEGER REFERENCES units(id),
        method TEXT NOT NULL,
        date TEXT NOT NULL,
        reason TEXT NOT NULL,
        rect_id INTEGER REFERENCES rectifications(id),
        clue_id INTEGER REFERENCES clues(id),
        decided_by TEXT,
        notes TEXT,
        {_TIMESTAMPS}
    )""",
]
# (parent table, link table, the link's key to the parent)
V10_CAMPAIGN_LINKS = (
    ("inspections", "inspection_campaigns", "inspection_id"),
    ("clues", "clue_campaigns", "clue_id"),
    ("rectifications", "rect_campaigns", "rect_id"),
    ("activities", "activity_campaigns", "activity_id"),
    ("bulletins", "bulletin_campaigns", "bulletin_id"),
    ("proposals", "proposal_campaigns", "proposal_id"),
)
V10_INDEXES = (
    "CREATE INDEX ix_campaigns_start ON campaigns(start_date, end_date)",
    "CREATE INDEX ix_campaigns_theme ON campaigns(theme)",
    "CREATE INDEX ix_campaign_units_campaign ON campaign_units(campaign_id)",
    "CREATE INDEX ix_campaign_units_unit ON campaign_units(unit_id)",
    "CREATE INDEX ix_activities_date_kind ON activities(date, kind)",
    "CREATE INDEX ix_activities_kind_date ON activities(kind, date)",
    "CREATE INDEX ix_activity_units_activity ON activity_units(activity_id)",
    "CREATE INDEX ix_activity_units_unit ON activity_units(unit_id)",
    "CREATE INDEX ix_activity_persons_activity ON activity_persons(activity_id)",
    "CREATE INDEX ix_activity_persons_person ON activity_persons(person_id)",
    "CREATE INDEX ix_bulletins_date_kind ON bulletins(date, kind)",
    "CREATE INDEX ix_bulletins_document ON bulletins(document_id)",
    "CREATE INDEX ix_bulletin_items_bulletin ON bulletin_items(bulletin_id)",
    "CREATE INDEX ix_bulletin_items_clue ON bulletin_items(clue_id)",
    "CREATE INDEX ix_bulletin_items_rect ON bulletin_items(rect_id)",
    "CREATE INDEX ix_bulletin_items_person ON bulletin_items(person_id)",
    "CREATE INDEX ix_bulletin_items_unit ON bulletin_items(unit_id)",
    "CREATE INDEX ix_clue_exposures_clue ON clue_exposures(clue_id)",
    "CREATE INDEX ix_clue_exposures_person ON clue_exposures(person_id)",
    "CREATE INDEX ix_clue_exposures_date ON clue_exposures(date)",
    "CREATE INDEX ix_accountabilities_date ON accountabilities(date, method)",
    "CREATE INDEX ix_accountabilities_person ON accountabilities(person_id)",
    "CREATE INDEX ix_accountabilities_unit ON accountabilities(unit_id)",
    "CREATE INDEX ix_accountabilities_rect ON accountabilities(rect_id)",
    "CREATE INDEX ix_accountabilities_clue ON accountabilities(clue_id)",
)
V10_TEXT_INDEXES: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("campaigns", (("name", "{r}name"), ("lead_office", "{r}lead_office"))),
    ("activities", (("title", "{r}title"), ("place", "{r}place"), ("organizer", "{r}organizer"))),
    ("bulletins", (("title", "{r}title"), ("scope", "{r}scope"))),
    ("accountabilities", (("reason", "{r}reason"), ("decided_by", "{r}decided_by"))),
)
V10_DICTIONARIES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "campaign_theme",
        "专项工作主题",
        ("节日期间", "八项规定", "四风", "营商环境", "民生资金", "作风建设", "疫情防控", "其他"),
    ),
    (
        "activity_kind",
        "工作活动类型",
        (
            "警示教育",
            "廉政教育",
            "培训/答题",
            "述责述廉",
            "责任制考核/测评",
            "会议",
            "走访/抽查",
            "约谈",
            "其他",
        ),
    ),
    ("activity_role", "参加身份", ("参加人员", "测评对象", "述责述廉对象", "约谈对象", "走访对象")),
    (
        "assessment_result",
        "测评结果",
        ("好", "较好", "一般", "差", "优秀", "称职", "基本称职", "不称职"),
    ),
    (
        "exposure_channel",
        "曝光方式",
        ("内部通报", "门户网站", "微信公众号", "报刊", "电视", "其他"),
    ),
    (
        "accountability_method",
        "问责方式",
        ("通报", "诫勉", "责令检查", "组织调整", "组织处理", "党纪政务处分", "其他"),
    ),
)
# (label, 代字 suffix) of the 通报 kinds added to the notice_kind dictionary
V10_NOTICE_KINDS = (("督查通报", "督通"), ("典型案例通报", "案通"))


def _campaign_link_sql(parent: str, table: str, fk: str) -> list[str]:
    return [
        f"""CREATE TABLE {table} (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        {fk} INTEGER NOT NULL REFERENCES {parent}(id),
        campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
        {_TIMESTAMPS}
    )""",
        f"CREATE INDEX ix_{table}_parent ON {table}({fk}, campaign_id)",
        f"CREATE INDEX ix_{table}_campaign ON {table}(campaign_id, {fk})",
    ]


def step10_campaigns(db: Database) -> None:
    """专项工作, 工作活动, 通报, 通报曝光 and 问责 (issue #15): their tables, the tables that
    tie inspections, clues, items, activities, 通报 and 建议书 to campaigns, their search
    indexes, and (in a store already seeded) their dictionaries, the two 通报 document
    kinds and their 代字 settings."""
    for sql in V10_TABLES:
        db.execute(sql)
    for parent, table, fk in V10_CAMPAIGN_LINKS:
        for sql in _campaign_link_sql(parent, table, fk):
            db.execute(sql)
    for sql in V10_INDEXES:
        db.execute(sql)
    for table, columns in V10_TEXT_INDEXES:
        for sql in text_index_sql(table, columns):
            db.execute(sql)
    if not db.execute("SELECT COUNT(*) FROM dict_names").fetchone()[0]:
        return  # a new store: seeding loads the shipped dictionaries and settings after this
    for name, label, items in V10_DICTIONARIES:
        db.execute(
            "INSERT OR IGNORE INTO dict_names(dict, label, note) VALUES (?, ?, NULL)", [name, label]
        )
        for sort, item in enumerate(items):
            db.execute(
                "INSERT OR IGNORE INTO dict_items(dict, label, sort, extra, active)"
                " VALUES (?, ?, ?, '{}', 1)",
                [name, item, sort],
            )
    last = db.execute("SELECT COALESCE(MAX(sort), 0) FROM dict_items WHERE dict = 'notice_kind'")
    sort = int(last.fetchone()[0])
    short = db.execute("SELECT value FROM settings WHERE key = 'office_short'").fetchone()
    for label, code in V10_NOTICE_KINDS:
        sort += 1
        extra = json.dumps({"code": code, "letter": False}, ensure_ascii=False)
        db.execute(
            "INSERT OR IGNORE INTO dict_items(dict, label, sort, extra, active)"
            " VALUES ('notice_kind', ?, ?, ?, 1)",
            [label, sort, extra],
        )
        db.execute(
            "INSERT OR IGNORE INTO settings(key, value, label) VALUES (?, ?, ?)",
            [f"doc_code.{label}", (short[0] if short else "") + code, f"{label}代字"],
        )


# Every reference a record holds is looked up the other way too: deleting the record it
# names (records._to_bin asks "who still uses it?"), a notice reprinted with its items, a
# document's rectification items. Without an index each lookup reads the whole table (the
# 1M-row demo took hours to render its documents). A test holds every ref field to an
# index led by it, so a new kind brings its own.
V11_INDEXES = (
    "CREATE INDEX ix_units_parent ON units(parent_id) WHERE parent_id IS NOT NULL",
    "CREATE INDEX ix_person_posts_unit ON person_posts(unit_id) WHERE unit_id IS NOT NULL",
    "CREATE INDEX ix_clues_duplicate_of ON clues(duplicate_of) WHERE duplicate_of IS NOT NULL",
    "CREATE INDEX ix_inquiries_person ON inquiries(person_id)",
    "CREATE INDEX ix_rect_clue ON rectifications(clue_id) WHERE clue_id IS NOT NULL",
    "CREATE INDEX ix_rect_notice_document ON rectifications(notice_document_id)"
    " WHERE notice_document_id IS NOT NULL",
    "CREATE INDEX ix_rect_escalation_document ON rectifications(escalation_document_id)"
    " WHERE escalation_document_id IS NOT NULL",
    "CREATE INDEX ix_clue_exposures_bulletin ON clue_exposures(bulletin_id)"
    " WHERE bulletin_id IS NOT NULL",
)


def step11_reference_indexes(db: Database) -> None:
    """An index behind every reference not yet led by one; no data changes."""
    for sql in V11_INDEXES:
        db.execute(sql)


# A talk's persons and a person's talks are read from the index alone: the list search,
# the 谈话人数 figure and the 时间线's window (its first person per talk) each used to look
# up every matching row of the table by its id. Each new index leads with the column of
# the one it replaces, so nothing that searched the old one loses its index, and the id
# comes second, so a talk's persons (and a person's talks) still come in the order they
# were entered: many lists join a talk's names without an ORDER BY of their own.
V12_INDEXES = (
    "CREATE INDEX ix_talk_subjects_talk_person ON talk_subjects(talk_id, id, person_id)",
    "CREATE INDEX ix_talk_subjects_person_talk ON talk_subjects(person_id, id, talk_id)",
)
V12_DROPPED = ("ix_talk_subjects_talk", "ix_talk_subjects_person")


def step12_covering_talk_subjects(db: Database) -> None:
    """Covering indexes both ways between talks and their persons; no data changes."""
    for sql in V12_INDEXES:
        db.execute(sql)
    for name in V12_DROPPED:
        db.execute(f"DROP INDEX {name}")
    _analyse_if_analysed(db, ("talk_subjects",))


def _analyse_if_analysed(db: Database, tables: tuple[str, ...]) -> None:
    """A store the planner has statistics for (PRAGMA optimize ran at a close) gets them
    for a step's new indexes too: without, it would weigh them blind against indexes it
    knows. A new store has none yet, and gets none here."""
    if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone():
        for table in tables:
            db.execute(f"ANALYZE {table}")


# The year's statistics read their rows' period, state and breakdown columns from an
# index alone (受理 with its channels, 处置 with its ways, 发现问题 with its state and
# campaigns, 两函一书 with what each document is linked to), and the 谈话 list's search
# finds the talks of a unit name among the distinct names, the search of the items among
# their findings and 责任人. Each index that covers an old
# one keeps the old one's columns first and then the id, so whatever walked the old one
# (a list in date order) still meets the rows in the same order, and replaces it.
V13_INDEXES = (
    "CREATE INDEX ix_clues_received_cover"
    " ON clues(received_date, id, source, channel, petition_kind, duplicate_of)",
    "CREATE INDEX ix_clues_disposition_cover ON clues(disposition_date, id, disposition)",
    "CREATE INDEX ix_rect_found_cover"
    " ON rectifications(found_date, id, status, closed_date, inspection_id, clue_id)",
    "CREATE INDEX ix_documents_issued_cover"
    " ON documents(issued_date, voided, kind, id, linked_table, linked_id)",
    "CREATE INDEX ix_talk_subjects_unit_talk ON talk_subjects(unit_name, id, talk_id)",
    # Ctrl+K's 整改事项 group and the 整改事项 list's search walk the items newest first
    # testing their finding and 责任人: from the index, not the table's wide rows
    "CREATE INDEX ix_rect_found_text"
    " ON rectifications(found_date, id, unit_id, finding, responsible)",
)
V13_DROPPED = (
    "ix_clues_received",
    "ix_clues_disposition",
    "ix_rect_found",
    "ix_documents_issued_kind",
)


def step13_covering_statistics(db: Database) -> None:
    """Covering indexes for the statistics' period reads and the list search by unit
    name; no data changes."""
    for sql in V13_INDEXES:
        db.execute(sql)
    for name in V13_DROPPED:
        db.execute(f"DROP INDEX {name}")
    _analyse_if_analysed(db, ("clues", "rectifications", "documents", "talk_subjects"))


# Step 14: the talkers' index keyed by talk, and the statistics' covering indexes. A
# talk's talkers were found by name in their index, which gave talk_talkers ids, each then
# read in its row for the talk id (4,757 rows for one common character at 125k talks: the
# largest part of a 1-character search of the 谈话 list). Each talker is now indexed under
# (talk_id << 32) | id: unique as the id is (ids stay below 2^32, talk ids below 2^31),
# and the talk id is the key shifted back (`search.TALKER_TALK_IDS`), read from the index.
TALKER_KEY_BITS = 32
V14_TALKER_COLUMNS = (("name", "{r}name"),)
V14_TALKER_KEY = f"({{r}}talk_id << {TALKER_KEY_BITS}) | {{r}}id"


# The statistics' covering indexes (the sixth pass): an item's links read without its wide
# row (twice per document issued for an item), a talk's 主要负责人 among its talkers,
# 初步核实 by its day, a clue's persons' flags, the sanctions by outcome and day. Each that
# covers an old index begins with the old one's columns, then the id, and replaces it.
V14_INDEXES = (
    "CREATE INDEX ix_rect_links ON rectifications(id, inspection_id, clue_id)",
    "CREATE INDEX ix_talk_talkers_talk_role ON talk_talkers(talk_id, id, role)",
    "CREATE INDEX ix_clues_prelim_cover"
    " ON clues(COALESCE(prelim_start, disposition_date), id, disposition)",
    "CREATE INDEX ix_clue_persons_cover"
    " ON clue_persons(clue_id, person_id, voluntary, filed, rank)",
    "CREATE INDEX ix_clue_outcomes_outcome_cover"
    " ON clue_outcomes(outcome, decided_date, id, clue_id, person_id)",
)
V14_DROPPED = ("ix_talk_talkers_talk", "ix_clues_prelim_day", "ix_clue_outcomes_outcome")
V14_ANALYSED = ("rectifications", "talk_talkers", "clues", "clue_persons", "clue_outcomes")

# The key each full-text index holds its rows under where it is not the row's id, and
# every index as the latest step leaves it: (table, columns, key or None for the id).
TEXT_INDEX_KEYS = {"talk_talkers": V14_TALKER_KEY}
TEXT_INDEXES = tuple(
    (table, columns, TEXT_INDEX_KEYS.get(table))
    for table, columns in (*V9_TEXT_INDEXES, *V10_TEXT_INDEXES)
)


def step14_talkers_and_covers(db: Database) -> None:
    """The talkers' full-text index rebuilt under keys that hold the talk id (the same
    names indexed), and the statistics' covering indexes; no data changes."""
    for trigger in ("insert", "delete", "update"):
        db.execute(f"DROP TRIGGER talk_talkers_fts_{trigger}")
    db.execute("DROP TABLE talk_talkers_fts_terms")
    db.execute("DROP TABLE talk_talkers_fts")
    for sql in text_index_sql("talk_talkers", V14_TALKER_COLUMNS, V14_TALKER_KEY):
        db.execute(sql)
    for sql in V14_INDEXES:
        db.execute(sql)
    for name in V14_DROPPED:
        db.execute(f"DROP INDEX {name}")
    _analyse_if_analysed(db, V14_ANALYSED)


STEPS: list[Callable[[Database], None]] = [
    step1_initial,
    step2_audit_chain,
    step3_proposals,
    step4_date_indexes,
    step5_reporter_and_forwarding,
    step6_delegated_talks,
    step7_name_pinyin,
    step8_statistics_indexes,
    step9_text_search,
    step10_campaigns,
    step11_reference_indexes,
    step12_covering_talk_subjects,
    step13_covering_statistics,
    step14_talkers_and_covers,
]
LATEST = len(STEPS)
