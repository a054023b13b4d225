"""Timeline: events on a horizontal time axis, queried by visible date window."""

from desktop.ui.timeline.page import TimelinePage, TimelineWidget
from desktop.ui.timeline.view import TimelineView

__all__ = ["TimelinePage", "TimelineView", "TimelineWidget"]
