"""Dates as spreadsheets re-save them (``graphintro/importers/dates.py``), read through real imports: the
column decides the day/month order, two-digit years read as spreadsheets read them, a time kept to the
second (the survivors of a mutation sample of ``importers.small``, see TESTING.md)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

CONNECTIONS = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"


def connected_on(cli, tmp_path: Path, dates: list[str]) -> dict[str, str | None]:
    """Import a Connections.csv whose rows connected on ``dates``; each person's stored date."""
    path = tmp_path / "Connections.csv"
    rows = [f'Ann{i},Roy,,,Alterys,RSSI,"{day}"' for i, day in enumerate(dates)]
    path.write_text("\n".join([CONNECTIONS, *rows]) + "\n", encoding="utf-8")
    result = cli("import", path, "--owner", "Marc Petit")
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(cli.db)
    try:
        return dict(conn.execute("SELECT name, connected_on FROM records WHERE kind != 'self'").fetchall())
    finally:
        conn.close()


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        # 13 is no month: the column is day-first, so 02/03/21 is 2 March (LinkedIn's m/d/yy otherwise).
        (["13/05/21", "02/03/21"], ["2021-05-13", "2021-03-02"]),
        # A 12-hour clock is the US locale, month first, even with four-digit years (a US re-save).
        (["1/8/2018, 6:14 PM", "3/4/2018, 9:05 AM"], ["2018-01-08", "2018-03-04"]),
        # Dotted dates are day-first; two-digit years 69-99 are the 1900s, 00-68 the 2000s (as Excel).
        (
            ["07.09.69", "07.09.98", "07.09.21", "07.09.68"],
            ["1969-09-07", "1998-09-07", "2021-09-07", "2068-09-07"],
        ),
        # A second field of 13 is no month either: the column is month-first (a US re-save).
        (["05/13/2021", "07/09/2021"], ["2021-05-13", "2021-07-09"]),
        # Four-digit years and nothing else to tell: dd/mm/yyyy, as French spreadsheets write it.
        (["03/04/2021", "07/09/2021"], ["2021-04-03", "2021-09-07"]),
        # LinkedIn's m/d/yy with nothing to tell the order: month first, and 69-99 still the 1900s.
        (["1/8/69", "3/4/98", "12/11/21"], ["1969-01-08", "1998-03-04", "2021-12-11"]),
    ],
    ids=[
        "a first field of 13",
        "a 12-hour clock",
        "two-digit years",
        "a second field of 13",
        "four-digit years",
        "two-digit years, month first",
    ],
)
def test_each_connection_date_is_read_in_the_order_its_column_decides(cli, tmp_path, dates, expected):
    assert connected_on(cli, tmp_path, dates) == {f"Ann{i} Roy": day for i, day in enumerate(expected)}


def test_a_messages_file_re_saved_in_a_european_locale_keeps_each_message_s_time_to_the_second(cli, tmp_path):
    """Excel in French re-saves LinkedIn's ``2024-06-18 11:59:53 UTC`` as ``18/06/2024 11:59:53`` with
    ``;`` (or keeps the `` UTC`` of a cell it did not read as a date): each message keeps its day,
    month and time, seconds included (the order of a conversation)."""
    path = tmp_path / "messages.csv"
    header = "CONVERSATION ID;CONVERSATION TITLE;FROM;SENDER PROFILE URL;TO;RECIPIENT PROFILE URLS;DATE;SUBJECT;CONTENT;FOLDER"
    julien, marc = (
        "https://www.linkedin.com/in/julien-moreau-thales",
        "https://www.linkedin.com/in/marc-petit-7a1b2c",
    )
    path.write_text(
        "\n".join(
            [
                header,
                f"c1;;Julien Moreau;{julien};Marc Petit;{marc};18/06/2024 11:59:53;;Bonjour Marc;INBOX",
                f"c1;;Marc Petit;{marc};Julien Moreau;{julien};18/06/2024 11:59:58;;Oui, mardi;INBOX",
                f"c1;;Julien Moreau;{julien};Marc Petit;{marc};02/07/2024 09:05;;Merci;INBOX",
                f"c1;;Marc Petit;{marc};Julien Moreau;{julien};03/07/2024 08:15:00 UTC;;Avec plaisir;INBOX",
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    result = cli("import", path, "--owner", "Marc Petit", "--owner-url", marc)
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(cli.db)
    try:
        stored = conn.execute(
            "SELECT direction, at FROM interactions WHERE kind = 'message' ORDER BY at"
        ).fetchall()
    finally:
        conn.close()
    assert stored == [
        ("in", "2024-06-18T11:59:53"),
        ("out", "2024-06-18T11:59:58"),
        ("in", "2024-07-02T09:05:00"),
        ("out", "2024-07-03T08:15:00"),
    ]


def test_a_message_whose_date_a_spreadsheet_emptied_is_kept_without_a_time(cli, tmp_path):
    """Excel writes ``#N/A`` where a formula lost its date: the message is still an exchange, stored
    without a time, never a crash."""
    path = tmp_path / "messages.csv"
    julien, marc = (
        "https://www.linkedin.com/in/julien-moreau-thales",
        "https://www.linkedin.com/in/marc-petit-7a1b2c",
    )
    path.write_text(
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT\n"
        f"c1,,Julien Moreau,{julien},Marc Petit,{marc},#N/A,,Bonjour Marc\n"
        f"c1,,Marc Petit,{marc},Julien Moreau,{julien},2024-06-18 11:59:58 UTC,,Oui\n",
        encoding="utf-8",
    )
    result = cli("import", path, "--owner", "Marc Petit", "--owner-url", marc)
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(cli.db)
    try:
        stored = conn.execute(
            "SELECT direction, at FROM interactions WHERE kind = 'message' ORDER BY direction"
        ).fetchall()
    finally:
        conn.close()
    assert stored == [("in", None), ("out", "2024-06-18T11:59:58")]
