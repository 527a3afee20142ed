"""Dates as LinkedIn, Excel and address books write them, read into ISO 8601.

A numeric date (``07.09.2021``, ``07/09/2021``) does not say whether the day or the month comes
first; the column it is in does. ``day_first_order`` decides once per column, from its unambiguous
values (a first field above 12) and then from the file's locale hints, and ``parse_date`` /
``parse_timestamp`` take that decision: reading each cell on its own would put 16.09.2021 in
September and 07.09.2021 in July of the same column.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from functools import lru_cache

# Most specific first. LinkedIn writes US month/day order whatever the account's language.
_FORMATS = (
    "%Y-%m-%d %H:%M:%S UTC",  # messages: 2024-06-18 11:59:53 UTC
    "%Y/%m/%d %H:%M:%S UTC",  # endorsements: 2021/08/11 11:00:31 UTC
    "%m/%d/%y, %I:%M %p",  # 2018 connections, invitations, recommendations: 1/8/18, 6:14 PM
    "%d %b %Y",  # 20 Dec 2021
    "%d-%b-%y",  # Excel re-save: 18-Jun-24
    "%d-%b-%Y",
    "%a %b %d %H:%M:%S UTC %Y",  # Company Follows: Tue Jun 20 12:25:51 UTC 2023
    "%b %Y",  # Positions: Sep 2021
    "%Y-%m-%d",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%d/%m/%Y",  # French spreadsheets
    "%Y",
)
_SPACES = re.compile(r"\s+")
_ISO = re.compile(r"^\d{4}[-/]\d{2}[-/]\d{2}")
# A date whose order the cell alone cannot tell: 07.09.2021, 7/9/21, 07-09-2021 (then maybe a time).
_NUMERIC_DATE = re.compile(r"^\s*(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})(?!\d)")
# A 12-hour clock ("6:14 PM") is the US locale, which writes the month first (LinkedIn's own files).
_TWELVE_HOUR = re.compile(r"\d\s*[AaPp]\.?[Mm]\.?\s*$")
_TIME_FORMATS = ("%I:%M %p", "%H:%M", "%H:%M:%S", "%I:%M:%S %p", "%I:%M%p")


class DateOrderConflict(ValueError):
    """A column holds both a date that must be day-first and one that must be month-first."""

    def __init__(self, day_first: tuple[int, str], month_first: tuple[int, str]) -> None:
        self.day_first, self.month_first = day_first, month_first
        super().__init__(
            f"day-first {day_first[1]!r} (line {day_first[0]}) and month-first {month_first[1]!r}"
            f" (line {month_first[0]})"
        )


def day_first_order(
    values: Iterable[str | None], delimiter: str = ",", lines: Iterable[int] | None = None
) -> bool | None:
    """Whether the numeric dates of one column put the day first; None when it holds none.

    In order of evidence: a value whose first field is above 12 (``16.09.2021``: day-first) or whose
    second is (``09/16/2021``: month-first); then the form and the file: dotted dates are day-first
    in every locale that writes them, a 12-hour clock is the US month-first locale (LinkedIn's
    ``1/8/18, 6:14 PM``), a ``;`` delimiter is a European spreadsheet (day-first); otherwise
    ``dd/mm/yyyy`` as French spreadsheets write it, and ``m/d/yy`` as LinkedIn does. A column with
    both kinds of unambiguous values raises ``DateOrderConflict``: no order reads it right.

    >>> day_first_order(["03/04/2021", "16/09/2021"]), day_first_order(["1/8/18, 6:14 PM"])
    (True, False)
    >>> day_first_order(["03.04.21"]), day_first_order(["03/04/21"]), day_first_order(["03/04/21"], ";")
    (True, False, True)
    >>> day_first_order(["", "n/a"]) is None
    True
    """
    day_example = month_example = None
    dotted = twelve_hour = four_digit_year = numeric = False
    for line, value in zip(lines if lines is not None else _count(), values, strict=False):
        if not value or not (match := _NUMERIC_DATE.match(value)):
            continue
        numeric = True
        first, separator, second, year = match.groups()
        if int(first) > 12 and day_example is None:
            day_example = (line, value.strip())
        elif int(second) > 12 and month_example is None:
            month_example = (line, value.strip())
        dotted = dotted or separator == "."
        twelve_hour = twelve_hour or bool(_TWELVE_HOUR.search(value))
        four_digit_year = four_digit_year or len(year) == 4
    if not numeric:
        return None
    if day_example and month_example:
        raise DateOrderConflict(day_example, month_example)
    if day_example or month_example:
        return bool(day_example)
    if dotted:
        return True
    if twelve_hour:
        return False
    return delimiter == ";" or four_digit_year


def _count() -> Iterable[int]:
    number = 0
    while True:
        number += 1
        yield number


def _numeric_datetime(text: str, match: re.Match, day_first: bool) -> datetime | None:
    """``07.09.2021 14:30`` in the order the column decided; None if it names no real day."""
    first, _, second, year = match.groups()
    day, month = (first, second) if day_first else (second, first)
    full_year = int(year) if len(year) == 4 else 2000 + int(year) if int(year) < 69 else 1900 + int(year)
    try:
        moment = datetime(full_year, int(month), int(day))
    except ValueError:
        return None
    rest = text[match.end() :].strip(" ,T")
    if not rest:
        return moment
    for fmt in _TIME_FORMATS:
        try:
            clock = datetime.strptime(rest, fmt)
        except ValueError:
            continue
        return moment.replace(hour=clock.hour, minute=clock.minute, second=clock.second)
    try:
        from dateutil import parser

        return parser.parse(text, dayfirst=day_first).replace(tzinfo=None)
    except (ValueError, OverflowError, TypeError):
        return moment


@lru_cache(maxsize=1 << 16)
def parse_datetime(value: str | None, day_first: bool | None = None) -> datetime | None:
    """The moment a cell names, or None when it is empty or unreadable (never an error: dates are hints).

    ``day_first`` is the order ``day_first_order`` decided for the cell's column; without it a dotted
    date is read day-first (never month-first: no locale writes ``mm.dd.yyyy``).

    >>> parse_datetime("2024-06-18 11:59:53 UTC")
    datetime.datetime(2024, 6, 18, 11, 59, 53)
    >>> parse_datetime("not a date") is None
    True
    """
    if not value:
        return None
    text = _SPACES.sub(" ", value.strip())
    numeric = _NUMERIC_DATE.match(text)
    if numeric and (day_first is not None or numeric.group(2) == "."):
        return _numeric_datetime(text, numeric, True if day_first is None else day_first)
    if _ISO.match(text):  # messages and endorsements: 2024-06-18 11:59:53 UTC, 2021/08/11 11:00:31 UTC
        try:
            return datetime.fromisoformat(text.removesuffix(" UTC").replace("/", "-"))
        except ValueError:
            pass
    for fmt in _FORMATS:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    try:
        from dateutil import parser

        parsed = parser.parse(text, fuzzy=False)
    except (ValueError, OverflowError, TypeError):
        return None
    return parsed.replace(tzinfo=None)


def parse_date(value: str | None, day_first: bool | None = None) -> str | None:
    """ISO date (``2023-07-04``) of a cell, or None; ``day_first`` as decided for its column.

    >>> parse_date("04 Jul 2023"), parse_date("03.04.2021"), parse_date("Tue Jun 20 12:25:51 UTC 2023")
    ('2023-07-04', '2021-04-03', '2023-06-20')
    >>> parse_date("1/8/18, 6:14 PM"), parse_date("1/8/18", day_first=True)
    ('2018-01-08', '2018-08-01')
    """
    moment = parse_datetime(value, day_first)
    return moment.date().isoformat() if moment else None


def parse_timestamp(value: str | None, day_first: bool | None = None) -> str | None:
    """ISO date-time (``2024-06-18T11:59:53``) of a cell, or None; ``day_first`` as decided for its column.

    >>> parse_timestamp("2021/08/11 11:00:31 UTC")
    '2021-08-11T11:00:31'
    """
    moment = parse_datetime(value, day_first)
    return moment.isoformat(timespec="seconds") if moment else None
