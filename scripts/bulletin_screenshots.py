"""Grab the print preview of a 典型案例通报 whose record lacks a 处理情况 (previewed, named,
not issuable), for docs/screenshots/.

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python scripts/bulletin_screenshots.py
    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/bulletin_screenshots.py fit1366_

Makes a throw-away store with one 通报 (two cases) of its own, so it does not depend on the
demo office; the optional argument prefixes the file names (the 1366×768 run).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from ui_screenshots import settle  # noqa: E402

from desktop.store import Store, records  # noqa: E402
from desktop.ui.main_window import MainWindow  # noqa: E402
from scripts.shot_app import start  # noqa: E402

OUT = ROOT / "docs" / "screenshots"


def bulletin(store: Store) -> int:
    for key, value in (
        ("office_name", "中共清河县纪律检查委员会"),
        ("contact_person", "刘敏"),
        ("contact_phone", "0000-6123456"),
    ):
        store.set_setting(key, value)
    return records.insert(
        store,
        "bulletins",
        {
            "kind": "典型案例通报",
            "title": "关于2起违反中央八项规定精神典型问题的通报",
            "date": store.today().isoformat(),
            "scope": "各乡镇党委，县直各单位党组（党委）",
            "summary": "近期，县纪委监委查处了一批违反中央八项规定精神问题。",
            "requirements": "各级党组织要以案为鉴、以案促改，坚决防止类似问题发生。",
        },
        {
            "bulletin_items": [
                {
                    "summary": "县交通运输局原副局长王某违规收受礼金问题",
                    "handling": "王某受到党内警告处分，违纪款已收缴。",
                },
                {"summary": "县林业站站长李某公款吃喝问题", "handling": None},
            ]
        },
    )


def main(prefix: str) -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    app = start()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "data", operator="李明")
        record = bulletin(store)
        window = MainWindow(store, offer_drafts=False)
        window.show()
        settle(app, window)
        window.printing.preview("典型案例通报", record)  # the second case lacks its 处理情况
        settle(app, window)
        dialog = window.printing.dialog
        assert dialog is not None
        path = OUT / f"{prefix}print_preview_bulletin.png"
        dialog.grab().save(str(path))
        print("saved", path, dialog.status_label.text())
        dialog.close()
        window.close()
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else ""))
