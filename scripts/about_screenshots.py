"""PNGs of 帮助 → 关于 (version, folders, licences) and the error dialog, for review and
docs/screenshots/.

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python scripts/about_screenshots.py OUT_DIR
"""

from __future__ import annotations

import sys
import tempfile
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from desktop.ui.about import AboutDialog  # noqa: E402
from desktop.ui.app import configure_application_identity  # noqa: E402
from desktop.ui.error_dialog import ErrorDialog  # noqa: E402
from desktop.ui.fonts import ensure_cjk_font  # noqa: E402


def shoot(app: QApplication, widget: QWidget, path: Path) -> None:
    widget.show()
    for _ in range(20):
        app.processEvents()
    widget.grab().save(str(path))
    print(path)
    widget.close()


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    configure_application_identity()
    app = QApplication(sys.argv[:1])
    ensure_cjk_font(app)
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "qingfeng"
        about = AboutDialog(data_dir)
        about.resize(760, 560)
        shoot(app, about, out / "about.png")
        try:
            {}["clues"]  # an unexpected error, as a slot might raise one
        except KeyError:
            details = traceback.format_exc()
        error = ErrorDialog(details, data_dir / "logs" / "qingfeng.log")
        shoot(app, error, out / "error_dialog.png")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"))
