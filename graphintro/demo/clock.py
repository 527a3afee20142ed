"""The demo's calendar: "now" is 2026-11-02, the date in the archive names; every date is a day ordinal.

Nothing reads the real clock, so the same seed writes the same bytes on any day.
"""

from __future__ import annotations

from datetime import date

NOW = date(2026, 11, 2)
NOW_DAY = NOW.toordinal()
EARLIER_DAY = date(2026, 10, 2).toordinal()  # the earlier export of the history scenario
FIRST_DAY = date(2008, 1, 1).toordinal()  # nobody connected before
DAY = 86_400  # seconds: timestamps are day ordinal * DAY + seconds of the day


def ordinal(year: int, month: int, day: int) -> int:
    """Day ordinal of a calendar date: the unit of every date in the demo."""
    return date(year, month, day).toordinal()
