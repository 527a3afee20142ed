"""Dates as LinkedIn, Excel and address books write them, read into ISO 8601."""

from __future__ import annotations

import re
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


@lru_cache(maxsize=1 << 16)
def parse_datetime(value: str | None) -> datetime | None:
    """The moment a cell names, or None when it is empty or unreadable (never an error: dates are hints)."""
    if not value:
        return None
    text = _SPACES.sub(" ", value.strip())
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


def parse_date(value: str | None) -> str | None:
    """ISO date (``2023-07-04``) of a cell, or None."""
    moment = parse_datetime(value)
    return moment.date().isoformat() if moment else None


def parse_timestamp(value: str | None) -> str | None:
    """ISO date-time (``2024-06-18T11:59:53``) of a cell, or None."""
    moment = parse_datetime(value)
    return moment.isoformat(timespec="seconds") if moment else None
