"""The files of a LinkedIn data export: headers by year, the "Notes:" preamble, dates, the archive.

The facts (which header since when, which date format in which file) are in ``docs/formats.md``;
this module is where they are written, for the demo's synthetic team and for the test fixtures.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from functools import cache
from pathlib import Path

from graphintro.demo.writers import table

PROFILE_URL = "https://www.linkedin.com/in/"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
SECONDS_PER_DAY = 86_400

# Byte-identical from 2022 to 2026: "Notes:", the quoted note, an empty line, before the header.
NOTE_TEXT = (
    "When exporting your connection data, you may notice that some of the email addresses are missing. "
    "You will only see email addresses for connections who have allowed their connections to see or "
    "download their email address using this setting https://www.linkedin.com/psettings/privacy/email. "
    "You can learn more here https://www.linkedin.com/help/linkedin/answer/261"
)
NOTES_PREAMBLE = ("Notes:", f'"{NOTE_TEXT}"', "")

CONNECTIONS_HEADER_OLD = ("First Name", "Last Name", "Email Address", "Company", "Position", "Connected On")
CONNECTIONS_HEADER = (
    "First Name",
    "Last Name",
    "URL",
    "Email Address",
    "Company",
    "Position",
    "Connected On",
)
MESSAGES_HEADER_2018 = ("From", "To", "Date", "Subject", "Content", "Direction", "Folder")
MESSAGES_HEADER_2020 = tuple(h.upper() for h in MESSAGES_HEADER_2018)
MESSAGES_HEADER_2022 = (
    "CONVERSATION ID",
    "CONVERSATION TITLE",
    "FROM",
    "SENDER PROFILE URL",
    "TO",
    "DATE",
    "SUBJECT",
    "CONTENT",
    "FOLDER",
)
MESSAGES_HEADER_2023 = (*MESSAGES_HEADER_2022[:5], "RECIPIENT PROFILE URLS", *MESSAGES_HEADER_2022[5:])
MESSAGES_HEADER_DEC_2024 = (*MESSAGES_HEADER_2023, "IS MESSAGE DRAFT", "IS CONVERSATION DRAFT")
MESSAGES_HEADER_2026 = (*MESSAGES_HEADER_2023, "ATTACHMENTS")
INVITATIONS_HEADER_2018 = ("From", "To", "Sent At", "Message", "Direction")
INVITATIONS_HEADER_2023 = (*INVITATIONS_HEADER_2018, "inviterProfileUrn", "inviteeProfileUrn")
INVITATIONS_HEADER = (*INVITATIONS_HEADER_2018, "inviterProfileUrl", "inviteeProfileUrl")
ENDORSEMENTS_RECEIVED_HEADER_2022 = (
    "Endorsement Date",
    "Skill Name",
    "Endorser First Name",
    "Endorser Last Name",
    "Endorsement Status",
)
ENDORSEMENTS_RECEIVED_HEADER = (
    "Endorsement Date",
    "Skill Name",
    "Endorser First Name",
    "Endorser Last Name",
    "Endorser Public Url",
    "Endorsement Status",
)
ENDORSEMENTS_GIVEN_HEADER = (
    "Endorsement Date",
    "Skill Name",
    "Endorsee First Name",
    "Endorsee Last Name",
    "Endorsee Public Url",
    "Endorsement Status",
)
RECOMMENDATIONS_HEADER = (
    "First Name",
    "Last Name",
    "Company",
    "Job Title",
    "Text",
    "Creation Date",
    "Status",
)
POSITIONS_HEADER = ("Company Name", "Title", "Description", "Location", "Started On", "Finished On")
PROFILE_HEADER = (
    "First Name",
    "Last Name",
    "Maiden Name",
    "Address",
    "Birth Date",
    "Headline",
    "Summary",
    "Industry",
    "Zip Code",
    "Geo Location",
    "Twitter Handles",
    "Websites",
    "Instant Messengers",
)
# Ad_Targeting.csv repeats some column names; the full layout has three more columns than the
# short one the demo writes.
AD_TARGETING_HEADER = (
    "Member Age",
    "Buyer Groups",
    "Company Names",
    "Company Names",
    "Company Follower of",
    "Company Names",
    "Company Category",
    "Company Size",
    "Degrees",
    "degreeClass",
    "Member Schools",
    "Company Growth Rate",
    "Fields of Study",
    "Company Connections",
    "Function By Size",
    "Job Functions",
    "Member Gender",
    "Graduation Year",
    "Member Groups",
    "Company Industries",
    "Member Interests",
    "Interface Locales",
    "interfaceLocale",
    "Member Traits",
    "Profile Locations",
    "Company Revenue",
    "Job Seniorities",
    "Member Skills",
    "Job Titles",
    "Job Titles",
    "Job Titles",
    "Years of Experience",
)
AD_TARGETING_HEADER_FULL = (
    *AD_TARGETING_HEADER[:10],
    "Recent Device OS",
    *AD_TARGETING_HEADER[10:24],
    "High Value Audience Segments",
    *AD_TARGETING_HEADER[24:28],
    "Standard Audience Segments",
    *AD_TARGETING_HEADER[28:],
)


def connections_text(rows: Iterable[Sequence[object]], header: Sequence[str] = CONNECTIONS_HEADER) -> str:
    """Connections.csv since 2022: the notes preamble, the header, no newline after the last row."""
    return "\n".join(NOTES_PREAMBLE) + "\n" + table.text([header, *rows])


def csv_text(rows: Iterable[Sequence[object]], header: Sequence[str], *, quote_all: bool = False) -> str:
    """Every other CSV of an export: a header, LF line endings, a newline after the last row."""
    return table.text([header, *rows], quote_all=quote_all, final_eol=True)


@cache
def connected_on(day: int) -> str:
    """``04 Jul 2023`` (a day ordinal), the Connected On format since 2021, locale-independent."""
    value = date.fromordinal(day)
    return f"{value.day:02d} {MONTHS[value.month - 1]} {value.year}"


def month_year(day: int) -> str:
    """``Sep 2021`` (a day ordinal), the Positions.csv format."""
    value = date.fromordinal(day)
    return f"{MONTHS[value.month - 1]} {value.year}"


@cache
def iso_day(day: int) -> str:
    """``2026-11-02``; cached because a few thousand distinct days serve millions of timestamps."""
    return date.fromordinal(day).isoformat()


def _clock(stamp: int) -> tuple[int, int, int, int]:
    """Split an absolute timestamp (day ordinal * 86400 + seconds) into day, hour, minute, second."""
    day, seconds = divmod(stamp, SECONDS_PER_DAY)
    hour, rest = divmod(seconds, 3600)
    return day, hour, rest // 60, rest % 60


def utc(stamp: int, sep: str = "-") -> str:
    """``2024-06-18 11:59:53 UTC`` (messages) or, with ``sep='/'``, ``2021/08/11 11:00:31 UTC`` (endorsements).

    >>> utc(date(2024, 6, 18).toordinal() * SECONDS_PER_DAY + 43193)
    '2024-06-18 11:59:53 UTC'
    """
    day, hour, minute, second = _clock(stamp)
    return f"{iso_day(day).replace('-', sep)} {hour:02d}:{minute:02d}:{second:02d} UTC"


def us_date(stamp: int, pad_hour: bool = False) -> str:
    """``6/17/23, 6:18 AM`` (invitations) or ``12/24/23, 05:28 AM`` (recommendations pad the hour).

    >>> us_date(date(2023, 12, 24).toordinal() * SECONDS_PER_DAY + 5 * 3600 + 28 * 60, pad_hour=True)
    '12/24/23, 05:28 AM'
    """
    day, hour, minute, _ = _clock(stamp)
    value = date.fromordinal(day)
    hour12 = hour % 12 or 12
    shown = f"{hour12:02d}" if pad_hour else str(hour12)
    return f"{value.month}/{value.day}/{value.year % 100:02d}, {shown}:{minute:02d} {'AM' if hour < 12 else 'PM'}"


def follow_date(year: int, month: int, day: int, hour: int, minute: int, second: int) -> str:
    """``Tue Jun 20 12:25:51 UTC 2023`` (Company Follows.csv) with the true weekday, locale-independent.

    >>> follow_date(2023, 6, 20, 12, 25, 51)
    'Tue Jun 20 12:25:51 UTC 2023'
    """
    weekday = WEEKDAYS[date(year, month, day).weekday()]
    return f"{weekday} {MONTHS[month - 1]} {day:02d} {hour:02d}:{minute:02d}:{second:02d} UTC {year}"


def write_archive(
    path: Path,
    files: Mapping[str, bytes],
    date_time: tuple[int, int, int, int, int, int],
    compresslevel: int | None = None,
) -> None:
    """A ZIP archive as LinkedIn serves it (CSVs at the root, deflated), reproducible byte for byte:
    one fixed timestamp and fixed permissions for every member, in the order given."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data, compresslevel=compresslevel)
