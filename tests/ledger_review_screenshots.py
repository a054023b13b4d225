"""Screenshots of the import dialog's review tabs for docs/screenshots/ (the corpus's own
ledgers, so the pictures are the same every run):

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python tests/ledger_review_screenshots.py

import_ledger_roles.png (谈话人身份 inferred from posts), import_ledger_splits.png (单位及职务
split into unit and post) and import_ledger_duplicates.png (a suspected duplicate beside
the row it repeats); import_ledger_inspections.png (an office's 监督检查台账, one row per
finding, grouped into inspections) and export_ledger_inspections.png, at a size that fits
a 1366×768 screen.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop.store import Store  # noqa: E402
from desktop.ui.app import configure_application_identity  # noqa: E402
from desktop.ui.fonts import ensure_cjk_font  # noqa: E402
from desktop.ui.main_window import MainWindow  # noqa: E402
from scripts.summary_screenshots import settle  # noqa: E402
from tests.ledger_corpus import variants  # noqa: E402

sys.path.insert(0, str(ROOT / "tests"))
from tests.ledger_office import office_inspections  # noqa: E402

NOW = dt.datetime(2026, 5, 10, 9, 0)
SHOTS = (
    ("talk_seed003", 5, "import_ledger_roles.png"),
    ("clue_seed001", 6, "import_ledger_splits.png"),
    ("clue_same_day", 2, "import_ledger_duplicates.png"),
)


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    configure_application_identity()
    app = QApplication(sys.argv[:1])
    QSettings().clear()
    print("font:", ensure_cjk_font(app))
    chosen = {v.name: v for v in variants()}
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "data", create=True, clock=lambda: NOW)
        window = MainWindow(store, offer_drafts=False)
        window.resize(1440, 900)
        window.show()
        for name, tab, filename in SHOTS:
            source = chosen[name].write(Path(tmp))
            dialog = window.import_ledger()
            dialog.resize(1100, 720)
            dialog.set_file(source)
            settle(app, lambda d=dialog: not d.busy and d.plan is not None)
            dialog.tabs.setCurrentIndex(tab)
            if tab == 2:
                dialog.duplicates.setCurrentRow(0)
            settle(app, seconds=0.3)
            dialog.grab().save(str(out / filename))
            print("saved", filename)
            dialog.close()
        inspections(app, window, Path(tmp), out)
        window.close()
        store.close()
    return 0


def inspections(app: QApplication, window: MainWindow, tmp: Path, out: Path) -> None:
    """The 监督检查台账 import after the clerk chose the 检查类型 the file leaves out, on its
    归并为监督检查 tab; and the export dialog offering it."""
    dialog = window.import_ledger()
    dialog.resize(1000, 680)
    dialog.set_file(office_inspections(tmp / "检查台账.xlsx"))
    settle(app, lambda: not dialog.busy and dialog.plan is not None)
    box = dialog.value_boxes[("inspection_kind", "")]
    box.setCurrentIndex(box.findData("专项督查"))
    dialog.check()
    settle(app, lambda: not dialog.busy)
    settle(app, seconds=0.3)
    dialog.grab().save(str(out / "import_ledger_inspections.png"))
    print("saved import_ledger_inspections.png")
    dialog.close()
    export = window.export_ledger()
    export.kind.setCurrentIndex(export.kind.findData("监督检查"))
    export.period.set_text("2026年")
    settle(app, seconds=0.3)
    export.grab().save(str(out / "export_ledger_inspections.png"))
    print("saved export_ledger_inspections.png")
    export.close()


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"))
