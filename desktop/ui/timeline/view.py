"""A horizontal time axis that queries and paints only the visible date window."""

from __future__ import annotations

import datetime as dt
import functools
import math
from array import array
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QEvent, QMarginsF, QPoint, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QHideEvent,
    QKeyEvent,
    QMouseEvent,
    QPageLayout,
    QPageSize,
    QPainter,
    QPaintEvent,
    QPdfWriter,
    QPen,
    QPixmap,
    QPolygonF,
    QResizeEvent,
    QShowEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget
from shiboken6 import isValid

from desktop.queries.timeline import (
    EVENT_KINDS,
    KINDS,
    STATUS_CODES,
    STATUSES,
    Event,
    EventFilter,
    EventTable,
    Timeline,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

    from desktop.store.db import Store
    from desktop.ui.work import Job, Work

# (key, label, pixels per day)
ZOOMS: tuple[tuple[str, str, float], ...] = (
    ("day", "日", 44.0),
    ("week", "周", 13.0),
    ("month", "月", 3.6),
    ("quarter", "季", 1.25),
    ("year", "年", 0.36),
)
LANE_MODES = {"kind": "按类型", "unit": "按单位", "person": "按人员"}

AXIS_H = 48
GUTTER = 132
POINT_ROW = 26
BAR_ROW = 13
MAX_BAR_ROWS = 10
LANE_PAD = 6
MARKER = 12  # a point event's marker, pixels

KIND_COLOURS = {
    "campaign": QColor("#a6801a"),
    "talk": QColor("#2f6fb0"),
    "clue": QColor("#7b4fa0"),
    "inquiry": QColor("#1f8a84"),
    "document": QColor("#5a6b7d"),
    "deadline": QColor("#2e7d32"),
    "check": QColor("#6d8b2f"),
    "inspection": QColor("#4a7fb5"),
    "activity": QColor("#d81b60"),
    "sanction": QColor("#a0522d"),
    "accountability": QColor("#6d4c41"),
    "bulletin": QColor("#00695c"),
    "exposure": QColor("#b0439c"),
}
# a 专项工作's period, shaded behind every lane so what falls in it stands out
BAND_ALPHA = 26
STATUS_COLOURS = {
    "overdue": QColor("#d32f2f"),
    "soon": QColor("#f0a020"),
    "done": QColor("#9e9e9e"),
}
TODAY_COLOUR = QColor("#d32f2f")
QUARTERS = ("一", "二", "三", "四")

Names = dict[tuple[str, int], str]  # (table, id) -> person or unit name


@functools.cache
def band_colour(depth: int) -> QColor:
    """The colour `depth` overlapping 专项工作 bands (each BAND_ALPHA) give together."""
    colour = QColor(KIND_COLOURS["campaign"])
    colour.setAlpha(round(255 * (1 - (1 - BAND_ALPHA / 255) ** depth)))
    return colour


# an event's colour by its kind and status code (EventTable.kind, .status)
_COLOURS = {
    (k, s): STATUS_COLOURS.get(status, KIND_COLOURS.get(kind, QColor("#555")))
    for k, kind in enumerate(KINDS)
    for s, status in enumerate(STATUS_CODES)
}
_DEADLINE = KINDS.index("deadline")
_CAMPAIGN = KINDS.index("campaign")


@functools.cache
def bar_style(rgb: int) -> tuple[QPen, QColor]:
    """A bar's outline and translucent fill in the colour `rgb` (QColor.rgb())."""
    colour = QColor.fromRgb(rgb)
    fill = QColor(colour)
    fill.setAlpha(150)
    return QPen(colour.darker(120), 1), fill


def colour_of(events: EventTable, i: int) -> QColor:
    return _COLOURS[(events.kind[i], events.status[i])]


class Item:
    """One event where it is painted; `event` is made when asked for (reading a point's
    text then: the window was read without it)."""

    def __init__(
        self,
        rect: QRectF,
        index: int,
        colour: QColor,
        labelled: bool = True,  # False: a bar drawn over others (lane too crowded for its text)
        resolve: Callable[[int], Event] | None = None,
    ) -> None:
        self.rect = rect
        self.index = index
        self.colour = colour
        self.labelled = labelled
        self._resolve = resolve

    @functools.cached_property
    def event(self) -> Event:
        assert self._resolve is not None
        return self._resolve(self.index)

    def moved(self, dy: float) -> Item:
        return Item(
            self.rect.translated(0, dy), self.index, self.colour, self.labelled, self._resolve
        )


class Mark(NamedTuple):
    """A point event; x in day pixels ((ordinal + 0.5) × pixels per day), pan-independent;
    `event` its number in the lanes' EventTable."""

    x: float
    event: int
    colour: QColor


class Bar(NamedTuple):
    """A bar; x0/x1 in day pixels (x1 infinite for a permanent sanction)."""

    x0: float
    x1: float
    row: int
    crowded: bool
    event: int  # its number in the lanes' EventTable
    colour: QColor


class Run(NamedTuple):
    """Overlapping crowded bars of one row and colour, painted as one (day pixels)."""

    x0: float
    x1: float
    row: int
    colour: QColor


@dataclass
class LaneData:
    """One lane's marks and packed bars for the whole fetched window at one zoom.

    Built once per fetch, zoom or lane mode; a pan only bisects into it."""

    label: str
    marks: list[Mark]  # by x
    xs: list[float]
    bars: list[Bar]  # by x0
    x0s: list[float]
    longest: float  # the longest bar (inf with a permanent one), to find those begun off screen
    rows: int
    runs: list[Run] = field(default_factory=list)  # crowded bars, merged for painting
    first: float = math.inf  # leftmost and rightmost day pixel of anything in the lane
    last: float = -math.inf


class LaneSet:
    """Every lane of a fetch laid out at one zoom, with one index over all of them.

    Which lanes have something between two day pixels is read from the index (all marks
    by x, all bars by x0, with their lane's number) instead of asking each lane: by
    person, a large office has tens of thousands of lanes, of which a screen shows a few
    dozen (layout_now slices only those). The 专项工作 bars are kept apart too: their
    bands cross every lane."""

    def __init__(self, lanes: list[LaneData], events: EventTable) -> None:
        self.lanes = lanes
        self.events = events  # what the marks' and bars' numbers are of
        self.heights = [POINT_ROW + BAR_ROW * lane.rows + LANE_PAD for lane in lanes]
        self.labels = [lane.label for lane in lanes]
        xs: list[float] = []
        owners: list[int] = []
        for i, lane in enumerate(lanes):
            xs += lane.xs
            owners += [i] * len(lane.xs)
        order = sorted(range(len(xs)), key=xs.__getitem__)
        self.mark_x = array("d", [xs[k] for k in order])
        self.mark_lane = array("l", [owners[k] for k in order])
        bars = sorted((bar.x0, bar.x1, i) for i, lane in enumerate(lanes) for bar in lane.bars)
        finite = [b for b in bars if b[1] != math.inf]
        endless = [b for b in bars if b[1] == math.inf]  # permanent sanctions
        self.bar_x0 = array("d", [b[0] for b in finite])
        self.bar_x1 = array("d", [b[1] for b in finite])
        self.bar_lane = array("l", [b[2] for b in finite])
        self.longest = max((b[1] - b[0] for b in finite), default=0.0)
        self.endless_x0 = array("d", [b[0] for b in endless])
        self.endless_lane = array("l", [b[2] for b in endless])
        bands = sorted(
            (bar.x0, bar.x1)
            for lane in lanes
            for bar in lane.bars
            if events.kind[bar.event] == _CAMPAIGN
        )
        self.band_x0 = array("d", [b[0] for b in bands])
        self.band_x1 = array("d", [b[1] for b in bands])
        self.band_longest = max((b[1] - b[0] for b in bands), default=0.0)

    def __len__(self) -> int:
        return len(self.lanes)

    def __iter__(self) -> Iterator[LaneData]:
        return iter(self.lanes)

    def __getitem__(self, index: int) -> LaneData:
        return self.lanes[index]

    def with_content(self, lo: float, hi: float) -> list[int]:
        """The numbers of the lanes with a mark or a bar between day pixels lo and hi."""
        found = set(self.mark_lane[bisect_left(self.mark_x, lo) : bisect_right(self.mark_x, hi)])
        end = bisect_right(self.bar_x0, hi)
        x1, owner = self.bar_x1, self.bar_lane
        found.update(
            owner[j] for j in range(bisect_left(self.bar_x0, lo - self.longest), end) if x1[j] >= lo
        )
        found.update(self.endless_lane[: bisect_right(self.endless_x0, hi)])
        return sorted(found)

    def bands(self, lo: float, hi: float) -> list[tuple[float, float]]:
        """The 专项工作 periods (day pixels) between lo and hi."""
        x1 = self.band_x1
        return [
            (self.band_x0[j], x1[j])
            for j in range(
                bisect_left(self.band_x0, lo - self.band_longest),
                bisect_right(self.band_x0, hi),
            )
            if x1[j] >= lo
        ]


Fetched = tuple[EventTable, "LaneSet", Names]  # what a background fetch returns
LaneKey = tuple[int, float, str, frozenset[str]]  # generation, pixels per day, lane mode, kinds


@dataclass
class Lane:
    label: str
    top: float
    height: float
    marks: Sequence[Mark] = ()
    bars: list[Bar] = field(default_factory=list)
    runs: list[Run] = field(default_factory=list)
    shaded: bool = False  # every other lane (counted over all lanes, not those in view)


@dataclass
class Layout:
    lanes: list[Lane] = field(default_factory=list)
    content_height: float = 0.0
    origin: float = GUTTER  # widget x of day-pixel 0
    right: float = 0.0  # widget x of the plot's right edge
    # widget pixels per lane day-pixel: 1 but for lanes laid out at the previous zoom,
    # painted stretched while the worker lays them out again
    scale: float = 1.0
    # the numbers (in `names`) of every lane laid out; `lanes` holds only those in view
    numbers: Sequence[int] = ()
    names: list[str] = field(default_factory=list)
    bands: list[tuple[float, float]] = field(default_factory=list)  # 专项工作, day pixels
    events: EventTable = field(default_factory=EventTable)  # what the lanes' numbers are of
    resolve: Callable[[int], Event] | None = None  # an event by its number, text and all

    def x(self, day_pixel: float) -> float:
        return self.origin + day_pixel * self.scale

    def bar_rect(self, lane: Lane, bar: Bar) -> QRectF:
        x0 = max(GUTTER - 2.0, self.x(bar.x0))
        x1 = min(self.x(bar.x1), self.right + 2)
        top = lane.top + POINT_ROW + bar.row * BAR_ROW
        return QRectF(x0, top, max(x1 - x0, 3.0), BAR_ROW - 3)

    def mark_rect(self, lane: Lane, mark: Mark) -> QRectF:
        mid = lane.top + 4 + POINT_ROW / 2 - 2
        x = self.x(mark.x)
        return QRectF(x - 6, mid - 6, 12, 12)

    def lane_items(self, lane: Lane) -> list[Item]:
        """Marks, then bars in paint order (crowded ones underneath)."""
        resolve = self.resolve
        items = [
            Item(self.mark_rect(lane, m), m.event, m.colour, True, resolve) for m in lane.marks
        ]
        for crowded in (True, False):
            items.extend(
                Item(self.bar_rect(lane, b), b.event, b.colour, not b.crowded, resolve)
                for b in lane.bars
                if b.crowded == crowded
            )
        return items

    @property
    def items(self) -> list[Item]:
        return [item for lane in self.lanes for item in self.lane_items(lane)]


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def ticks(zoom: str, first: dt.date, last: dt.date) -> tuple[list[tuple[dt.date, str]], ...]:
    """(minor ticks, major ticks): (day the tick starts, label) covering [first, last]."""
    minor: list[tuple[dt.date, str]] = []
    major: list[tuple[dt.date, str]] = []
    if zoom in ("day", "week"):
        day = first
        if zoom == "week":
            day = first - dt.timedelta(days=first.weekday())
        step = dt.timedelta(days=1 if zoom == "day" else 7)
        while day <= last:
            minor.append((day, f"{day.day}日" if zoom == "day" else f"{day.month}/{day.day}"))
            day += step
        month = _month_start(first)
        while month <= last:
            major.append((month, f"{month.year}年{month.month}月"))
            month = _add_months(month, 1)
    elif zoom in ("month", "quarter"):
        n = 1 if zoom == "month" else 3
        month = _month_start(first)
        month = _add_months(month, -((month.month - 1) % n))
        while month <= last:
            q = (month.month - 1) // 3
            minor.append((month, f"{month.month}月" if n == 1 else f"{QUARTERS[q]}季度"))
            month = _add_months(month, n)
        for year in range(first.year, last.year + 1):
            major.append((dt.date(year, 1, 1), f"{year}年"))
    else:
        for year in range(first.year, last.year + 1):
            minor.append((dt.date(year, 1, 1), f"{year}年"))
        for decade in range(first.year // 10 * 10, last.year + 1, 10):
            major.append((dt.date(decade, 1, 1), f"{decade}年代"))
    return minor, major


def lane_name(key: tuple[str, int | None], names: Names) -> str:
    table, rid = key
    if rid is None:
        return "未关联单位" if table == "units" else "未关联人员"
    if table == "kind":
        return list(EVENT_KINDS.values())[rid]
    return names.get((table, rid), f"#{rid}")


def view_start(start: dt.date, end: dt.date) -> dt.date:
    """Where the screen began when [start, end] (padded half a screen each side) was read."""
    return start + (end - start) / 4


def build_lanes(
    events: EventTable,
    ppd: float,
    lane_mode: str,
    kinds: frozenset[str],
    names: Names,
    lookup: Callable[[str, set[int]], dict[int, str]],
    since: dt.date | None = None,
) -> LaneSet:
    """Group events into lanes and lay each out in day pixels; no Qt widgets, so a
    background fetch can run it too. `names` (table, id) -> name is filled in place
    through `lookup` for person/unit lanes. Bars are packed into rows as if none began
    before `since` (the screen's left edge when read): of the bars running onto the
    screen the earliest get the rows and their labels, not bars that ended in the
    padding."""
    floor = since.toordinal() * ppd if since is not None else -math.inf
    groups: dict[tuple[str, int | None], list[int]] = {}  # lane -> its events' numbers
    if lane_mode == "kind":
        for i, kind in enumerate(KINDS):  # KINDS is EVENT_KINDS's order
            if kind in kinds:
                groups[("kind", i)] = []
        for n, code in enumerate(events.kind):
            groups.setdefault(("kind", code), []).append(n)
    else:
        table = "units" if lane_mode == "unit" else "persons"
        owners = events.unit if lane_mode == "unit" else events.person
        for n, owner in enumerate(owners):
            groups.setdefault((table, owner or None), []).append(n)
        missing = {rid for _t, rid in groups if rid is not None and (table, rid) not in names}
        for rid, name in lookup(table, missing).items():
            names[(table, rid)] = name
    keys = list(groups)
    if lane_mode != "kind":
        keys.sort(key=lambda k: (k[1] is None, lane_name(k, names)))
    lanes = []
    start, end, forever, status = events.start, events.end, events.forever, events.status
    for lane_key in keys:
        numbers = groups[lane_key]
        # points: one marker per 3 pixels and colour (dense years stay cheap);
        # deadlines first so a red or amber one is never hidden behind a plain one
        seen: set[tuple[int, int]] = set()
        marks: list[Mark] = []
        points = [n for n in numbers if not (end[n] or forever[n])]
        points.sort(key=lambda n: (status[n] == 0, start[n]))
        for n in points:
            x = (start[n] + 0.5) * ppd
            colour = colour_of(events, n)
            bucket = (int(x // 3), colour.rgb())
            if bucket not in seen:
                seen.add(bucket)
                marks.append(Mark(x, n, colour))
        marks.sort(key=lambda m: m.x)
        rows_end: list[float] = []
        bars: list[Bar] = []
        longest = 0.0
        for n in sorted((n for n in numbers if end[n] or forever[n]), key=start.__getitem__):
            x0 = start[n] * ppd
            if forever[n]:
                x1 = longest = math.inf  # on screen wherever it started
            else:
                x1 = max((end[n] + 1) * ppd, x0 + 3)
                longest = max(longest, x1 - x0)
            crowded = False
            packed = max(x0, floor)
            for row, row_end in enumerate(rows_end):
                if row_end < packed - 1:
                    rows_end[row] = x1
                    break
            else:
                row = len(rows_end)
                if row >= MAX_BAR_ROWS:
                    row = min(range(MAX_BAR_ROWS), key=lambda r: rows_end[r])
                    rows_end[row] = max(rows_end[row], x1)
                    crowded = True
                else:
                    rows_end.append(x1)
            bars.append(Bar(x0, x1, row, crowded, n, colour_of(events, n)))
        spans: dict[tuple[int, int], list[list[float]]] = {}
        colours: dict[int, QColor] = {}
        for bar in bars:  # by x0
            if bar.crowded:
                rgb = bar.colour.rgb()
                colours[rgb] = bar.colour
                merged = spans.setdefault((bar.row, rgb), [])
                if merged and bar.x0 <= merged[-1][1]:
                    merged[-1][1] = max(merged[-1][1], bar.x1)
                else:
                    merged.append([bar.x0, bar.x1])
        runs = [
            Run(x0, x1, row, colours[rgb])
            for (row, rgb), merged in spans.items()
            for x0, x1 in merged
        ]
        lanes.append(
            LaneData(
                lane_name(lane_key, names),
                marks,
                [m.x for m in marks],
                bars,
                [b.x0 for b in bars],
                longest,
                len(rows_end),
                runs,
                min([m.x for m in marks[:1]] + [b.x0 for b in bars[:1]], default=math.inf),
                max([m.x for m in marks[-1:]] + [b.x1 for b in bars], default=-math.inf),
            )
        )
    return LaneSet(lanes, events)


class TimelineView(QWidget):
    """Paints events of the visible window; emits open_record(table, id) on click."""

    open_record = Signal(str, int)
    range_changed = Signal(object, object)  # first and last visible dates

    def __init__(
        self,
        store: Store,
        parent: QWidget | None = None,
        *,
        today: dt.date | None = None,
        work: Work | None = None,
    ) -> None:
        super().__init__(parent)
        self.source = Timeline(store)
        # with `work`, every window (scrolled to, zoomed, filtered) is read and its lanes
        # laid out on a worker's connection, and the view keeps painting what it has
        # meanwhile; without one (an archive dialog today, tests), on this thread
        self.work = work
        self._pending: tuple[object, ...] | None = None
        self._again = False
        self.today = today or store.today()
        self.zoom = 2
        self.lane_mode = "kind"
        self.filter = EventFilter()
        self.vscroll = 0.0
        # embedded in an archive: only the kinds one person or unit has, so they fit
        self.hide_empty_lanes = False
        self.today_at = 0.5  # where Home puts today across the plot
        self._at_today = True
        self._left = float(self.today.toordinal())  # ordinal at the plot's left edge
        self._events = EventTable()
        self._fetched: tuple[dt.date, dt.date] | None = None
        self._fetched_filter: EventFilter | None = None
        self._layout: Layout | None = None
        self._sprites: dict[tuple[bool, int, float], QPixmap] = {}
        self._version = 0  # bumped by reload(): the records changed
        self._generation = 0  # bumped per fetch: keys the lane cache
        # the lanes last laid out; with a worker, painted (stretched to the zoom) until
        # the worker has laid them out for what the view shows now
        self._lane_cache: tuple[LaneKey, LaneSet] | None = None
        self._names: dict[tuple[str, int], str] = {}
        self._press: QPoint | None = None
        self._last: QPoint | None = None
        self._dragged = False
        self._fetch_timer = QTimer(self)
        self._fetch_timer.setSingleShot(True)
        self._fetch_timer.setInterval(40)
        self._fetch_timer.timeout.connect(self._timed_fetch)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(400, 200)
        self.setAutoFillBackground(True)
        self.go_today()

    # -- geometry ---------------------------------------------------------------------

    @property
    def ppd(self) -> float:
        return ZOOMS[self.zoom][2]

    @property
    def zoom_key(self) -> str:
        return ZOOMS[self.zoom][0]

    def plot_width(self, width: float | None = None) -> float:
        return max(50.0, (self.width() if width is None else width) - GUTTER)

    def visible_range(self) -> tuple[dt.date, dt.date]:
        first = int(self._left)
        last = int(self._left + self.plot_width() / self.ppd)
        return dt.date.fromordinal(max(1, first)), dt.date.fromordinal(max(1, last))

    def x_of(
        self, day: dt.date | float, left: float | None = None, ppd: float | None = None
    ) -> float:
        ordinal = day.toordinal() if isinstance(day, dt.date) else day
        return GUTTER + (ordinal - (self._left if left is None else left)) * (ppd or self.ppd)

    def center(self) -> float:
        return self._left + self.plot_width() / self.ppd / 2

    # -- navigation ---------------------------------------------------------------------

    def _moved(self) -> None:
        self._layout = None
        self.update()
        self.range_changed.emit(*self.visible_range())
        self._ensure_fetched()

    def center_on(self, day: dt.date | float) -> None:
        ordinal = day.toordinal() + 0.5 if isinstance(day, dt.date) else day
        self._left = ordinal - self.plot_width() / self.ppd / 2
        self._at_today = False
        self._moved()

    def go_today(self) -> None:
        """Today at `today_at` of the plot's width (the middle, or right for archives)."""
        span = self.plot_width() / self.ppd
        self.center_on(self.today.toordinal() + 0.5 + (0.5 - self.today_at) * span)
        self._at_today = True  # until moved: a resize puts today back in its place

    def pan_pixels(self, dx: float) -> None:
        self._left += dx / self.ppd
        self._at_today = False
        self._moved()

    def scroll_lanes(self, dy: float) -> None:
        layout = self.layout_now()
        room = self.height() - AXIS_H
        top = max(0.0, layout.content_height - room)
        self.vscroll = min(top, max(0.0, self.vscroll + dy))
        self._layout = None
        self.update()

    def set_zoom(self, index: int, anchor_x: float | None = None) -> None:
        index = max(0, min(len(ZOOMS) - 1, index))
        if index == self.zoom:
            return
        if anchor_x is not None:
            self._at_today = False  # zoomed around the mouse
        else:
            anchor_x = GUTTER + self.plot_width() / 2
        anchor_day = self._left + (anchor_x - GUTTER) / self.ppd
        self.zoom = index
        self._left = anchor_day - (anchor_x - GUTTER) / self.ppd
        if self.work is None:
            self._trim()  # with a worker, the worker trims as it lays the lanes out
        if self._at_today:
            self.go_today()
        else:
            self._moved()

    def _trim_window(self) -> tuple[dt.date, dt.date] | None:
        """Zoomed in from a wide window: the new window, to keep only its events, so
        laying out the lanes at the new zoom does not walk years of events."""
        have = self._fetched
        if have is None or self._fetched_filter != self.filter:
            return None
        start, end = self._window()
        if (have[1] - have[0]).days <= 3 * (end - start).days or start < have[0] or end > have[1]:
            return None
        return start, end

    def _trim(self) -> None:
        window = self._trim_window()
        if window is None:
            return
        self._events = self._events.within(*window)
        self._fetched = window
        self._generation += 1
        self._layout = None

    def zoom_in(self, anchor_x: float | None = None) -> None:
        self.set_zoom(self.zoom - 1, anchor_x)

    def zoom_out(self, anchor_x: float | None = None) -> None:
        self.set_zoom(self.zoom + 1, anchor_x)

    def set_lane_mode(self, mode: str) -> None:
        assert mode in LANE_MODES
        self.lane_mode = mode
        self.vscroll = 0
        self._layout = None
        self.update()

    def set_filter(self, flt: EventFilter) -> None:
        """Show `flt`'s events; with a worker the read runs there (clearing a person
        filter at a large office reads every event of the window: ~1 s at 1M rows),
        and what is shown stays until it is back."""
        self.filter = flt
        if self.vscroll:
            self._layout = None  # only the lanes in view at the old scroll position
        self.vscroll = 0
        if self.work is None:
            self.refresh_now()
            return
        self._fetch_timer.stop()
        self._version += 1  # a read already under way is for the old filter
        self._fetched_filter = None
        if not self.isVisible():
            self._fetched = None  # read when shown
        elif self._pending is not None:
            self._again = True
        else:
            self._fetch_in_background()

    def reload(self) -> None:
        """Drop what was fetched (the data may have changed) and query again; with a
        worker, what is shown stays until the new read is back."""
        self.source.invalidate()
        self._names.clear()
        if self.work is None:
            self._fetched = None
            self.refresh_now()
            return
        self._version += 1  # a read already under way is out of date
        self._fetched_filter = None
        if not self.isVisible():
            self._fetched = None  # read when shown
        elif self._pending is not None:
            self._again = True
        else:
            self._fetch_in_background()

    # -- fetching ----------------------------------------------------------------------

    def _window(self) -> tuple[dt.date, dt.date]:
        """The visible range padded by half a screen each side: what a fetch reads."""
        first, last = self.visible_range()
        pad = dt.timedelta(days=max(1, (last - first).days // 2))
        return first - pad, last + pad

    def _needs_read(self) -> bool:
        """Whether the window on screen (in the background: with a quarter screen to
        spare, to read ahead) is not all read yet, or was read for another filter."""
        first, last = self.visible_range()
        have = self._fetched
        ahead = (last - first).days // 4 if self.work is not None else 0
        margin = dt.timedelta(days=ahead)
        return (
            have is None
            or self._fetched_filter != self.filter
            or first - margin < have[0]
            or last + margin > have[1]
        )

    def _lane_key(self, ppd: float) -> LaneKey:
        return (self._generation, ppd, self.lane_mode, self.filter.kinds)

    def _ensure_fetched(self) -> None:
        if self._needs_read():
            self._fetch_timer.start()
        elif self.work is not None and self._lanes_stale():
            self._fetch_timer.start()  # zoomed or lanes switched: laid out on the worker

    def _lanes_stale(self) -> bool:
        cache = self._lane_cache
        return cache is None or cache[0] != self._lane_key(self.ppd)

    def _timed_fetch(self) -> None:
        # hidden (or torn down with its store): fetch when shown again instead
        if not self.isVisible():
            self._fetched = None
        elif self.work is None:
            self.refresh_now()
        elif self._pending is not None:
            self._again = True  # one at a time: ask again when it is back
        else:
            self._fetch_in_background()

    def _fetch_in_background(self) -> None:
        """Read the window on the worker and lay its lanes out there; or, when what was
        read still covers the screen (a zoom in, another lane mode), only lay it out
        again there (trimmed to the new window). The GUI thread only paints."""
        assert self.work is not None
        flt, ppd, mode = self.filter, self.ppd, self.lane_mode
        kept: EventTable | None = None
        if self._needs_read() or self._fetched is None:
            start, end = self._window()
            self.source.prepare()
        else:
            start, end = self._trim_window() or self._fetched
            kept = self._events
        request = (self._generation, self._version, start, end, flt, ppd, mode)
        self._pending = request
        source = self.source
        names = dict(self._names)

        def fetch(store: Store, _job: Job) -> Fetched:
            if kept is None:
                events = source.fetch_table(start, end, flt, store=store)
            else:
                events = kept.within(start, end)

            def lookup(table: str, ids: set[int]) -> dict[int, str]:
                return source.names(table, ids, store)

            lanes = build_lanes(events, ppd, mode, flt.kinds, names, lookup, view_start(start, end))
            return events, lanes, names

        self.work.run(
            fetch,
            on_success=lambda result: self._arrived(request, result),
            on_failure=lambda exc: self._fetch_failed(exc),
            on_cancelled=lambda: self._fetch_failed(None),
            label="正在读取时间线…",
        )

    def _arrived(self, request: tuple[object, ...], result: Fetched) -> None:
        """A background window is back: use it unless the view moved on meanwhile."""
        if not isValid(self):
            return
        self._pending = None
        generation, version, start, end, flt, ppd, mode = request
        events, lanes, names = result
        if generation == self._generation and version == self._version and flt == self.filter:
            assert isinstance(start, dt.date) and isinstance(end, dt.date)
            self._events = events
            self._fetched = (start, end)
            self._fetched_filter = self.filter
            self._generation += 1
            self._names.update(names)
            # laid out for another zoom or mode meanwhile: still the best there is to
            # paint until the next one is back (_ensure_fetched asks for it)
            assert isinstance(ppd, float) and isinstance(mode, str)
            self._lane_cache = ((self._generation, ppd, mode, self.filter.kinds), lanes)
            self._layout = None
            self.update()
        self._again = False
        self._ensure_fetched()  # moved further while this one was out?

    def _fetch_failed(self, exc: BaseException | None) -> None:
        """Failed (reported) or cancelled: keep what is shown; the next move asks again."""
        if not isValid(self):
            return
        self._pending = None
        self._again = False
        if exc is not None and self.work is not None:
            self.work.report_error(self, exc)

    def hideEvent(self, event: QHideEvent) -> None:
        self._fetch_timer.stop()
        super().hideEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        if self._fetched is None:
            self._fetch_timer.start()
        super().showEvent(event)

    def refresh_now(self) -> None:
        """Query the visible window (padded by half a screen each side) at once."""
        self._fetch_timer.stop()
        start, end = self._window()
        self._events = self.source.fetch_table(start, end, self.filter)
        self._fetched = (start, end)
        self._fetched_filter = self.filter
        self._generation += 1
        self._layout = None
        self._lane_data(self.ppd)  # laid out at once too: nothing stale left to paint
        self.update()

    # -- layout ----------------------------------------------------------------------

    def _lane_data(self, ppd: float, *, stale_ok: bool = False) -> tuple[LaneSet, float]:
        """Lanes of everything fetched, laid out in day pixels, and their pixels per day
        (cached per zoom/mode). `stale_ok` with a worker: the lanes last laid out, while
        the worker lays them out again, rather than laying out here."""
        key = self._lane_key(ppd)
        cache = self._lane_cache
        if cache is not None and cache[0] == key:
            return cache[1], ppd
        if stale_ok and self.work is not None and cache is not None:
            if self._pending is None and not self._fetch_timer.isActive():
                self._fetch_timer.start()
            return cache[1], cache[0][1]
        lanes = build_lanes(
            self._events,
            ppd,
            self.lane_mode,
            self.filter.kinds,
            self._names,
            self.source.names,
            view_start(*self._fetched) if self._fetched is not None else None,
        )
        if ppd == self.ppd:  # not for a PDF page's scale
            self._lane_cache = (key, lanes)
        return lanes, ppd

    def layout_now(
        self, width: float | None = None, left: float | None = None, ppd: float | None = None
    ) -> Layout:
        """The lanes and what of them is visible, in widget coordinates (before vscroll).

        For the screen only the lanes in view (at vscroll) are sliced into `lanes`; the
        others count only their height. A PDF page gets every lane."""
        current = width is None and left is None and ppd is None
        if current and self._layout is not None:
            return self._layout
        left = self._left if left is None else left
        ppd = ppd or self.ppd
        plot_w = self.plot_width(width)
        data, lane_ppd = self._lane_data(ppd, stale_ok=current)
        scale = ppd / lane_ppd  # 1 unless the lanes are the previous zoom's
        lo = (left * ppd - 8) / scale
        hi = (left * ppd + plot_w + 8) / scale
        keep_empty = self.lane_mode == "kind" and not self.hide_empty_lanes
        layout = Layout(origin=GUTTER - left * ppd, right=GUTTER + plot_w, scale=scale)
        layout.bands = data.bands(lo, hi)
        layout.events = events = data.events
        layout.resolve = functools.partial(self._event, events)
        numbers = range(len(data)) if keep_empty else data.with_content(lo, hi)
        view_top, view_bottom = -math.inf, math.inf
        if current:
            view_top, view_bottom = AXIS_H + self.vscroll, self.height() + self.vscroll
        heights = data.heights
        y = float(AXIS_H)
        for n, number in enumerate(numbers):
            height = heights[number]
            if y + height > view_top and y < view_bottom:
                lane = self._lane_in(data[number], y, height, lo, hi)
                lane.shaded = n % 2 == 1
                layout.lanes.append(lane)
            y += height
        layout.numbers, layout.names = numbers, data.labels
        layout.content_height = y - AXIS_H
        if current:
            self._layout = layout
        return layout

    @staticmethod
    def _lane_in(lane: LaneData, top: float, height: float, lo: float, hi: float) -> Lane:
        """What of one lane lies between day pixels lo and hi."""
        if lo <= lane.first and lane.last <= hi:
            return Lane(lane.label, top, height, lane.marks, lane.bars, lane.runs)  # all
        if lane.first > hi or lane.last < lo:
            return Lane(lane.label, top, height)
        marks = lane.marks[bisect_left(lane.xs, lo) : bisect_right(lane.xs, hi)]
        end = bisect_right(lane.x0s, hi)
        begin = 0 if lane.longest == math.inf else bisect_left(lane.x0s, lo - lane.longest)
        bars = [b for b in lane.bars[begin:end] if b.x1 >= lo]
        runs = [r for r in lane.runs if r.x0 <= hi and r.x1 >= lo] if lane.runs else []
        return Lane(lane.label, top, height, marks, bars, runs)

    def _event(self, events: EventTable, i: int) -> Event:
        """Event number `i` with its text (a point's read now, from this thread's store)."""
        text = None
        if events.text[i] is None:
            text = self.source.text(events.kind_of(i), events.key[i])
        return events.event(i, text)

    def visible_items(self) -> list[Item]:
        """What is painted now (for tests): items in widget coordinates."""
        shift = self.vscroll
        return [
            item.moved(-shift)
            for item in self.layout_now().items
            if item.rect.bottom() - shift > AXIS_H and item.rect.top() - shift < self.height()
        ]

    def lane_labels(self) -> list[str]:
        layout = self.layout_now()
        return [layout.names[number] for number in layout.numbers]

    def tick_labels(self) -> tuple[list[str], list[str]]:
        first, last = self.visible_range()
        minor, major = ticks(self.zoom_key, first, last)
        return [label for _d, label in minor], [label for _d, label in major]

    def item_at(self, pos: QPointF | QPoint) -> Item | None:
        """The topmost item under a widget point (only its lane is looked at)."""
        point = QPointF(pos)
        if point.y() < AXIS_H or point.x() < GUTTER:
            return None
        layout = self.layout_now()
        inside = QPointF(point.x(), point.y() + self.vscroll)
        for lane in layout.lanes:
            if lane.top <= inside.y() < lane.top + lane.height:
                for item in reversed(layout.lane_items(lane)):
                    if item.rect.adjusted(-2, -2, 2, 2).contains(inside):
                        return item.moved(-self.vscroll)
                return None
        return None

    # -- painting ----------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        self.paint(
            painter, float(self.width()), float(self.height()), self.layout_now(), self._left
        )
        painter.end()

    def paint(
        self,
        painter: QPainter,
        width: float,
        height: float,
        layout: Layout,
        left: float,
        *,
        ppd: float | None = None,
        vscroll: float | None = None,
    ) -> None:
        ppd = ppd or self.ppd
        shift = self.vscroll if vscroll is None else vscroll
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.fillRect(QRectF(0, 0, width, height), QColor("white"))
        font = QFont(painter.font())
        font.setPointSizeF(9)
        painter.setFont(font)
        metrics = QFontMetrics(font)
        plot_right = width
        first = dt.date.fromordinal(max(1, int(left)))
        last = dt.date.fromordinal(max(1, int(left + (width - GUTTER) / ppd)))
        minor, major = ticks(self.zoom_key, first, last)

        def x_of(day: dt.date) -> float:
            return GUTTER + (day.toordinal() - left) * ppd

        # lanes (clipped below the axis)
        painter.save()
        painter.setClipRect(QRectF(0, AXIS_H, width, height - AXIS_H))
        painter.translate(0, -shift)
        shown = [
            lane
            for lane in layout.lanes
            if lane.top + lane.height > AXIS_H + shift and lane.top < height + shift
        ]
        for lane in shown:
            if lane.shaded:
                painter.fillRect(QRectF(0, lane.top, width, lane.height), QColor("#f7f5f2"))
        self._paint_bands(painter, layout, shift, height)
        # grid
        painter.setPen(QPen(QColor("#e6e2dc"), 1))
        for day, _label in minor:
            x = x_of(day)
            if x >= GUTTER:
                painter.drawLine(QPointF(x, AXIS_H + shift), QPointF(x, height + shift))
        for lane in shown:
            self._paint_bars(painter, layout, lane)
        self._paint_marks(painter, layout, shown, metrics)
        painter.restore()

        # today
        tx = GUTTER + (self.today.toordinal() + 0.5 - left) * ppd
        if GUTTER <= tx <= plot_right:
            pen = QPen(TODAY_COLOUR, 1.5, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawLine(QPointF(tx, AXIS_H - 6), QPointF(tx, height))

        # axis
        painter.fillRect(QRectF(0, 0, width, AXIS_H), QColor("#efece7"))
        painter.setPen(QPen(QColor("#c9c3ba"), 1))
        painter.drawLine(QPointF(0, AXIS_H - 0.5), QPointF(width, AXIS_H - 0.5))
        painter.drawLine(QPointF(0, AXIS_H / 2), QPointF(width, AXIS_H / 2))
        painter.save()
        painter.setClipRect(QRectF(GUTTER, 0, width - GUTTER, AXIS_H))
        self._paint_ticks(painter, major, x_of, 0, metrics, bold=True, width=width)
        self._paint_ticks(painter, minor, x_of, AXIS_H / 2, metrics, bold=False, width=width)
        if GUTTER <= tx <= plot_right:
            painter.setPen(TODAY_COLOUR)
            label = "今天"
            w = metrics.horizontalAdvance(label) + 8
            box = QRectF(tx - w / 2, AXIS_H / 2 + 2, w, AXIS_H / 2 - 4)
            painter.fillRect(box, QColor("white"))
            painter.setBrush(Qt.BrushStyle.NoBrush)  # not the last marker's colour (PDF)
            painter.drawRect(box)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, label)
        painter.restore()

        # lane labels
        painter.save()
        painter.setClipRect(QRectF(0, AXIS_H, GUTTER, height - AXIS_H))
        painter.fillRect(QRectF(0, AXIS_H, GUTTER, height - AXIS_H), QColor("#faf8f5"))
        painter.translate(0, -shift)
        painter.setPen(QColor("#333"))
        for lane in shown:
            text = metrics.elidedText(lane.label, Qt.TextElideMode.ElideRight, GUTTER - 14)
            painter.drawText(
                QRectF(8, lane.top, GUTTER - 12, POINT_ROW + 4),
                int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                text,
            )
            painter.setPen(QColor("#e2ddd5"))
            painter.drawLine(
                QPointF(0, lane.top + lane.height), QPointF(width, lane.top + lane.height)
            )
            painter.setPen(QColor("#333"))
        painter.restore()
        painter.setPen(QColor("#c9c3ba"))
        painter.drawLine(QPointF(GUTTER - 0.5, 0), QPointF(GUTTER - 0.5, height))
        painter.setPen(QColor("#8c1d22"))
        head = QRectF(8, 0, GUTTER - 12, AXIS_H)
        painter.drawText(
            head,
            int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
            f"{LANE_MODES[self.lane_mode]} · {ZOOMS[self.zoom][1]}",
        )

    def _paint_ticks(
        self,
        painter: QPainter,
        marks: list[tuple[dt.date, str]],
        x_of: object,
        top: float,
        metrics: QFontMetrics,
        *,
        bold: bool,
        width: float,
    ) -> None:
        assert callable(x_of)
        font = QFont(painter.font())
        font.setBold(bold)
        painter.setFont(font)
        fm = QFontMetrics(font)
        last_right = -1e9
        for i, (day, label) in enumerate(marks):
            x = float(x_of(day))
            nxt = float(x_of(marks[i + 1][0])) if i + 1 < len(marks) else width + 2000
            painter.setPen(QPen(QColor("#a9a196"), 1))
            painter.drawLine(QPointF(x, top + (AXIS_H / 2 - 7)), QPointF(x, top + AXIS_H / 2))
            # keep the label on screen while its period is visible
            text_x = max(x + 3, GUTTER + 3) if bold else x + 3
            w = fm.horizontalAdvance(label)
            if bold and text_x + w > nxt - 3:
                text_x = x + 3
            if text_x < last_right + 4:
                continue  # too dense: skip rather than overlap
            if text_x + w > nxt and not bold:
                # centre-less narrow cells: still show if it fits before the next label
                pass
            painter.setPen(QColor("#333"))
            painter.drawText(
                QRectF(text_x, top, w + 2, AXIS_H / 2),
                int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                label,
            )
            last_right = text_x + w
        font.setBold(False)
        painter.setFont(font)

    @staticmethod
    def _paint_bands(painter: QPainter, layout: Layout, shift: float, height: float) -> None:
        """Each 专项工作 on screen as a faint band from the axis down, across all lanes:
        one fill per stretch where the same number of bands overlap, as dark as that
        many faint fills on top of each other (hundreds of full-height fills a frame at
        a large office otherwise)."""
        edges: list[tuple[float, int]] = []
        for x0, x1 in layout.bands:
            left = max(GUTTER, layout.x(x0))
            right = min(layout.right, layout.x(x1))
            if right > left:
                edges += ((left, 1), (right, -1))
        edges.sort()
        depth = 0
        at = 0.0
        for x, step in edges:
            if depth and x > at:
                painter.fillRect(QRectF(at, AXIS_H + shift, x - at, height), band_colour(depth))
            depth += step
            at = x

    def _paint_bars(self, painter: QPainter, layout: Layout, lane: Lane) -> None:
        # crowded bars underneath, merged per row and colour when the lanes were built
        events = layout.events
        left, right = GUTTER - 2.0, layout.right + 2
        for run in lane.runs:
            x0 = max(left, layout.x(run.x0))
            x1 = min(right, layout.x(run.x1))
            pen, fill = bar_style(run.colour.rgb())
            painter.setPen(pen)
            painter.setBrush(fill)
            top = lane.top + POINT_ROW + run.row * BAR_ROW
            painter.drawRoundedRect(QRectF(x0, top, max(x1 - x0, 3.0), BAR_ROW - 3), 2, 2)
        small = QFont(painter.font())
        small.setPointSizeF(7)
        small_metrics = QFontMetrics(small)
        normal = painter.font()
        white = QColor("white")
        align = int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft)
        style = 0  # the colour the pen and brush are set for (hundreds of bars a frame)
        for bar in lane.bars:
            if bar.crowded:
                continue
            rect = layout.bar_rect(lane, bar)
            rgb = bar.colour.rgb()
            if rgb != style:
                pen, fill = bar_style(rgb)
                painter.setPen(pen)
                painter.setBrush(fill)
                style = rgb
            painter.drawRoundedRect(rect, 2, 2)
            if rect.width() > 50:
                painter.setPen(white)
                painter.setFont(small)
                text = small_metrics.elidedText(
                    f"{events.label[bar.event]} {events.text[bar.event] or ''}",
                    Qt.TextElideMode.ElideRight,
                    int(rect.width()) - 6,
                )
                painter.drawText(rect.adjusted(3, -2, -3, 2), align, text)
                painter.setFont(normal)
                style = 0

    def _marker(self, diamond: bool, colour: QColor, dpr: float) -> QPixmap:
        """One marker drawn once into a small pixmap: blitting it is far cheaper than
        stroking a shape per event."""
        key = (diamond, colour.rgb(), dpr)
        sprite = self._sprites.get(key)
        if sprite is None:
            size = MARKER + 2
            sprite = QPixmap(round(size * dpr), round(size * dpr))
            sprite.setDevicePixelRatio(dpr)
            sprite.fill(Qt.GlobalColor.transparent)
            p = QPainter(sprite)
            self._draw_marker(p, QRectF(1, 1, MARKER, MARKER), diamond, colour)
            p.end()
            self._sprites[key] = sprite
        return sprite

    @staticmethod
    def _draw_marker(painter: QPainter, rect: QRectF, diamond: bool, colour: QColor) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(colour.darker(130), 1))
        painter.setBrush(colour)
        c = rect.center()
        if diamond:
            painter.drawPolygon(
                QPolygonF(
                    [
                        QPointF(c.x(), rect.top()),
                        QPointF(rect.right(), c.y()),
                        QPointF(c.x(), rect.bottom()),
                        QPointF(rect.left(), c.y()),
                    ]
                )
            )
        else:
            painter.drawEllipse(rect.adjusted(1, 1, -1, -1))

    def _paint_marks(
        self, painter: QPainter, layout: Layout, lanes: list[Lane], metrics: QFontMetrics
    ) -> None:
        """Markers (deadlines as diamonds): pixmaps on screen, shapes in a PDF."""
        events = layout.events
        on_screen = painter.device() is self
        dpr = self.devicePixelRatioF()
        half = MARKER / 2 + 1
        for lane in lanes:
            mid = lane.top + 4 + POINT_ROW / 2 - 2
            top = mid - half
            for mark in lane.marks:
                diamond = events.kind[mark.event] == _DEADLINE
                if on_screen:
                    painter.drawPixmap(
                        QPointF(layout.x(mark.x) - half, top),
                        self._marker(diamond, mark.colour, dpr),
                    )
                else:
                    x = layout.x(mark.x)
                    rect = QRectF(x - MARKER / 2, mid - MARKER / 2, MARKER, MARKER)
                    self._draw_marker(painter, rect, diamond, mark.colour)
        if self.zoom == 0 and self.ppd == ZOOMS[0][2]:
            room = int(self.ppd) - 16
            if room <= 20:
                return
            painter.setPen(QColor("#333"))
            for lane in lanes:
                for mark in lane.marks:
                    rect = layout.mark_rect(lane, mark)
                    text = metrics.elidedText(
                        events.label[mark.event], Qt.TextElideMode.ElideRight, room
                    )
                    painter.drawText(
                        QRectF(rect.right() + 2, rect.top() - 4, room, rect.height() + 8),
                        int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                        text,
                    )

    # -- summary -------------------------------------------------------------------------

    def summary(self, event: Event) -> str:
        when = event.start.isoformat()
        if event.forever:
            when += " 起（无期限）"
        elif event.end is not None:
            when += f" 至 {event.end.isoformat()}"
        lines = [f"{EVENT_KINDS[event.kind]}｜{event.label}", when]
        if event.text:
            text = event.text if len(event.text) <= 120 else event.text[:120] + "…"
            lines.append(text)
        if event.status:
            lines.append(f"状态：{STATUSES.get(event.status, event.status)}")
        names = []
        if event.person_id is not None:
            names.append(
                self._names.get(("persons", event.person_id))
                or self._lookup("persons", event.person_id)
            )
        if event.unit_id is not None:
            names.append(
                self._names.get(("units", event.unit_id)) or self._lookup("units", event.unit_id)
            )
        if names:
            lines.append("涉及：" + "、".join(names))
        lines.append("单击打开")
        return "\n".join(lines)

    def _lookup(self, table: str, rid: int) -> str:
        name = self.source.names(table, {rid}).get(rid, f"#{rid}")
        self._names[(table, rid)] = name
        return name

    # -- events -----------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            item = self.item_at(event.pos())
            if item is None:
                QToolTip.hideText()
                event.ignore()
            else:
                QToolTip.showText(event.globalPos(), self.summary(item.event), self)
            return True
        return super().event(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        old = event.oldSize().width()
        if self._at_today:
            self.go_today()
        elif old > 0:
            # keep the centre date where it was
            centre = self._left + self.plot_width(old) / self.ppd / 2
            self._left = centre - self.plot_width() / self.ppd / 2
        self._moved()
        super().resizeEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position().toPoint()
            self._last = self._press
            self._dragged = False
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        if self._press is not None and self._last is not None:
            if (pos - self._press).manhattanLength() > 4:
                self._dragged = True
            if self._dragged:
                dx = pos.x() - self._last.x()
                dy = pos.y() - self._last.y()
                self._last = pos
                if dy:
                    self.scroll_lanes(-dy)
                if dx:
                    self.pan_pixels(-dx)
                self.setCursor(Qt.CursorShape.ClosedHandCursor)
            return
        self.setCursor(
            Qt.CursorShape.PointingHandCursor
            if self.item_at(pos) is not None
            else Qt.CursorShape.ArrowCursor
        )

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._press is not None:
            if not self._dragged:
                item = self.item_at(event.position())
                if item is not None:
                    self.open_record.emit(item.event.table, item.event.rid)
            self._press = None
            self._last = None
            self._dragged = False
            self.setCursor(Qt.CursorShape.ArrowCursor)
        super().mouseReleaseEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        delta = event.angleDelta()
        mods = event.modifiers()
        if mods & Qt.KeyboardModifier.ControlModifier:
            if delta.y() > 0:
                self.zoom_in(event.position().x())
            elif delta.y() < 0:
                self.zoom_out(event.position().x())
            event.accept()
            return
        if delta.x():
            self.pan_pixels(-delta.x() / 2)
        elif delta.y():
            overflow = self.layout_now().content_height > self.height() - AXIS_H
            if mods & Qt.KeyboardModifier.ShiftModifier or not overflow:
                self.pan_pixels(-delta.y() / 2)
            else:
                self.scroll_lanes(-delta.y() / 2)
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        step = self.plot_width() / 8
        if key == Qt.Key.Key_Left:
            self.pan_pixels(-step)
        elif key == Qt.Key.Key_Right:
            self.pan_pixels(step)
        elif key == Qt.Key.Key_PageUp:
            self.pan_pixels(-self.plot_width())
        elif key == Qt.Key.Key_PageDown:
            self.pan_pixels(self.plot_width())
        elif key == Qt.Key.Key_Up:
            self.scroll_lanes(-40)
        elif key == Qt.Key.Key_Down:
            self.scroll_lanes(40)
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_in()
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.zoom_out()
        elif key == Qt.Key.Key_Home:
            self.go_today()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    # -- export ---------------------------------------------------------------------------

    def _paint_legend(self, painter: QPainter, y: float, width: float) -> float:
        """The colour of each kind shown, in one line under the PDF's title (lanes by
        unit or person mix the kinds); returns the height used."""
        metrics = QFontMetrics(painter.font())
        x = 0.0
        height = metrics.height() + 4
        for kind, label in EVENT_KINDS.items():
            if kind not in self.filter.kinds:
                continue
            w = MARKER + 4 + metrics.horizontalAdvance(label) + 14
            if x + w > width:
                break
            self._draw_marker(
                painter,
                QRectF(x, y + (height - MARKER) / 2, MARKER, MARKER),
                kind == "deadline",
                KIND_COLOURS[kind],
            )
            painter.setPen(QColor("#333"))
            painter.drawText(
                QRectF(x + MARKER + 4, y, w, height),
                int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                label,
            )
            x += w
        return height

    def export_pdf(self, path: Path | str, paper: str = "A4", title: str = "时间线") -> None:
        """The visible date range, all lanes, on one landscape page (A4 or A3)."""
        if self._fetched is None or self._fetched_filter != self.filter:
            self.refresh_now()
        writer = QPdfWriter(str(path))
        size = QPageSize.PageSizeId.A3 if paper.upper() == "A3" else QPageSize.PageSizeId.A4
        writer.setPageLayout(
            QPageLayout(
                QPageSize(size),
                QPageLayout.Orientation.Landscape,
                QMarginsF(10, 10, 10, 10),
                QPageLayout.Unit.Millimeter,
            )
        )
        writer.setResolution(96)
        writer.setTitle(title)
        writer.setCreator("清风台账")
        painter = QPainter(writer)
        page_w = float(writer.width())
        page_h = float(writer.height())
        first, last = self.visible_range()
        span = self.plot_width() / self.ppd
        font = QFont(painter.font())
        font.setPointSizeF(12)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor("#8c1d22"))
        header = f"{title}（{first.isoformat()} 至 {last.isoformat()}）"
        painter.drawText(QRectF(0, 0, page_w, 28), int(Qt.AlignmentFlag.AlignLeft), header)
        font.setBold(False)
        font.setPointSizeF(8)
        painter.setFont(font)
        painter.setPen(QColor("#555"))
        painter.drawText(
            QRectF(0, 0, page_w, 28),
            int(Qt.AlignmentFlag.AlignRight),
            f"打印日期：{self.today.isoformat()}",
        )
        top = 34 + self._paint_legend(painter, 30, page_w)
        body_h = page_h - top
        ppd = (page_w - GUTTER) / span
        layout = self.layout_now(width=page_w, left=self._left, ppd=ppd)
        needed = layout.content_height + AXIS_H
        scale = min(1.0, body_h / needed) if needed > 0 else 1.0
        painter.translate(0, top)
        painter.scale(scale, scale)
        logical_w = page_w / scale
        if scale < 1.0:
            ppd = (logical_w - GUTTER) / span
            layout = self.layout_now(width=logical_w, left=self._left, ppd=ppd)
        painter.setClipRect(QRectF(0, 0, logical_w, body_h / scale))
        self.paint(painter, logical_w, body_h / scale, layout, self._left, ppd=ppd, vscroll=0)
        painter.end()
