"""Grab the main window's first paint (menus, toolbar, sidebar; the 工作台 is built right
after it) and the settled 工作台, as `python -m desktop` shows them, for docs/screenshots/.

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python scripts/start_screenshots.py \
        DATA_DIR [OUT_DIR] [--settled]

DATA_DIR (a seeded office, e.g. benchmarks/.cache/scale-1) is copied to a temporary
folder first, so the folder given is never written. Writes start_first_paint.png, and
with --settled start_settled.png too: the desk once its figures and list have arrived,
to compare with an earlier version's (the same pixels but for the data folder's name).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


from desktop.ui.app import Session  # noqa: E402
from desktop.ui.main_window import MainWindow  # noqa: E402
from desktop.ui.palette import use_light_palette  # noqa: E402
from scripts.shot_app import start  # noqa: E402


def main(data: Path, out: Path, settled: bool) -> int:
    out.mkdir(parents=True, exist_ok=True)
    app = start()
    use_light_palette(app)
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "清风台账"
        shutil.copytree(data, copy)
        session = Session(copy, unlock=lambda _s: True, make_window=MainWindow)
        grabbed: list[Path] = []

        def first_paint_done(window: MainWindow) -> None:
            window.grab().save(str(out / "start_first_paint.png"))  # the page not built yet
            grabbed.append(out / "start_first_paint.png")

        real = MainWindow._first_paint_done

        def grab_then_build(self: MainWindow) -> None:
            first_paint_done(self)
            real(self)

        MainWindow._first_paint_done = grab_then_build  # type: ignore[method-assign]
        assert session.start() and session.window is not None
        window = session.window
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline or window.work.busy or not grabbed:
            app.processEvents()
            time.sleep(0.02)
        if settled:
            window.grab().save(str(out / "start_settled.png"))
            grabbed.append(out / "start_settled.png")
        print(*grabbed)
        session.switching = True
        window.close()
        session.finish()
    return 0


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--settled"]
    if not args:
        print(__doc__)
        sys.exit(2)
    target = Path(args[1]) if len(args) > 1 else ROOT / "docs" / "screenshots"
    sys.exit(main(Path(args[0]), target, "--settled" in sys.argv))
