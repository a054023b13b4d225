"""No SQL in the Qt layer: desktop/ui reads through desktop/queries (and writes through
desktop/store.records). The detector reads the code, not comments or docstrings."""

from __future__ import annotations

import ast
import re
import textwrap
from pathlib import Path

UI = Path(__file__).resolve().parents[1] / "desktop" / "ui"


SQL_TEXT = re.compile(
    r"\bSELECT\s|\bINSERT\s+(OR\s+\w+\s+)?INTO\b|\bUPDATE\s+\w+\s+SET\b|\bDELETE\s+FROM\b"
    r"|\bCREATE\s+(TEMP\s+|UNIQUE\s+|VIRTUAL\s+)?(TABLE|INDEX|VIEW|TRIGGER)\b|\bPRAGMA\s"
    r"|\bWHERE\s+\w+(\.\w+)?\s*(=|<|>|IN\b|IS\b|LIKE\b)"
)
SQL_CALLS = {"execute", "executemany", "executescript", "query", "scalar", "rows_where"}
SQL_MODULES = {"sqlite3", "sqlite_utils", "apsw"}


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the string constants that are docstrings (module, class, function)."""
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def _text(node: ast.JoinedStr) -> str:
    """An f-string with every placeholder as "x": "SELECT {cols} FROM t" reads as SQL."""
    return "".join(
        v.value if isinstance(v, ast.Constant) and isinstance(v.value, str) else "x"
        for v in node.values
    )


def sql_in(source: str) -> list[str]:
    """Each place in `source` that holds SQL, as "line N: what"."""
    tree = ast.parse(source)
    docs = _docstrings(tree)
    inside_fstring = {
        id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for v in n.values
    }
    found: list[str] = []
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.JoinedStr) and SQL_TEXT.search(_text(node)):
            found.append(f"line {line}: SQL text {_text(node)[:60]!r}")
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docs
            and id(node) not in inside_fstring
            and SQL_TEXT.search(node.value)
        ):
            found.append(f"line {line}: SQL text {node.value[:60]!r}")
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in SQL_CALLS
            and (node.args or node.keywords)
        ):
            found.append(f"line {line}: .{node.func.attr}(…)")
        elif isinstance(node, ast.Subscript) and (
            (isinstance(node.value, ast.Name) and node.value.id == "db")
            or (isinstance(node.value, ast.Attribute) and node.value.attr == "db")
        ):
            found.append(f"line {line}: db[…]")
        elif isinstance(node, ast.Attribute) and node.attr == "conn":
            found.append(f"line {line}: .conn (the raw connection)")
        elif isinstance(node, ast.Import | ast.ImportFrom):
            modules = (
                [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module]
            )
            if any((m or "").split(".")[0] in SQL_MODULES for m in modules):
                found.append(f"line {line}: import of {', '.join(m or '' for m in modules)}")
    return sorted(set(found))


def _ui_files() -> dict[str, list[str]]:
    return {
        path.relative_to(UI).as_posix(): sql_in(path.read_text(encoding="utf-8"))
        for path in sorted(UI.rglob("*.py"))
    }


def test_no_sql_in_the_qt_layer() -> None:
    holding = {name: places for name, places in _ui_files().items() if places}
    assert not holding, "SQL in desktop/ui (move it to desktop/queries):\n" + "\n".join(
        f"{name}: {place}" for name, places in holding.items() for place in places
    )


def test_the_detector_finds_planted_sql() -> None:
    planted = {
        "select": 'rows = store.query("SELECT id FROM persons")',
        "fstring": 'sql = f"SELECT {cols} FROM talks t WHERE t.id = :id"',
        "split": 'sql = ("SELECT p.id, p.name"\n       " FROM persons p")',
        "where only": 'cond = " WHERE r.status = :status"',
        "insert": "x = 'INSERT INTO units (name) VALUES (?)'",
        "update": 'x = "UPDATE persons SET name = ?"',
        "delete": 'x = "DELETE FROM talks"',
        "create": 'x = "CREATE INDEX i ON t (a)"',
        "pragma": 'x = "PRAGMA quick_check"',
        "execute": "store.db.execute(sql, params)",
        "executemany": "cursor.executemany(sql, rows)",
        "scalar": "n = self.store.scalar(sql)",
        "table": 'store.db["persons"].insert(row)',
        "conn": "store.db.conn.commit()",
        "import": "import sqlite3",
        "in a method": textwrap.dedent(
            '''
            class Page:
                def reload(self) -> None:
                    """Reload the units."""
                    for row in self.store.query(UNITS_SQL):
                        pass
            '''
        ),
    }
    for what, source in planted.items():
        assert sql_in(source), what


def test_the_detector_ignores_comments_docstrings_and_plain_text() -> None:
    source = textwrap.dedent(
        '''
        """Counts with SELECT COUNT(*) FROM the list, then pages (desktop/queries)."""

        # SELECT id FROM persons: the query lives in desktop/queries/lists.py
        class Model:
            """Reads rows with SELECT ... LIMIT/OFFSET."""

            def query(self) -> Query:
                """The list's declaration: SELECT a FROM b."""
                return lists.TALKS

            def reload(self) -> None:
                self.q = self.query()
                label = "选择(SELECT)一项，删除记录后可从回收站恢复"
                hint = "Update the settings, then select the 单位 from the list"
        '''
    )
    assert sql_in(source) == []
