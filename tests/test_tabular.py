"""Reading spreadsheets as they arrive (graphintro.importers.tabular): each encoding read right, and
each file that cannot be read refused in one line that names it and says why (the survivors of the
module's mutation run, see TESTING.md); and an export's archive (graphintro.importers.sources) refused
when it could write outside itself, inflate like a bomb, or is damaged."""

import json
import zipfile

import pytest

CONNECTIONS = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
ROWS = [
    "Hélène,Lefèvre,,,Société Générale,Ingénieure données,04 Jul 2023",
    "François,Müller,,,Crédit Agricole,Chargé d'études,05 Jul 2023",
    "Zoë,Gaël,,,Café Noël,Créatrice,06 Jul 2023",
]


def _lines(delimiter):
    return [line.replace(",", delimiter) for line in [CONNECTIONS, *ROWS]]


SAVED_AS = {
    # Excel 2011 for Mac's "CSV (Macintosh)": Mac Roman (é is 0x8E, Ž in Windows-1252), a bare
    # carriage return at the end of each line.
    "Excel for Mac": "\r".join(_lines(",")).encode("mac_roman") + b"\r",
    # A French Excel's "CSV UTF-8": a byte-order mark, then the header at once (no LinkedIn preamble).
    "Excel CSV UTF-8": b"\xef\xbb\xbf" + "\r\n".join(_lines(";")).encode("utf-8") + b"\r\n",
    # "Unicode text": UTF-16 with tabs, big-endian with its mark, or little-endian without one.
    "UTF-16 big-endian": "\ufeff".encode("utf-16-be") + "\n".join(_lines("\t")).encode("utf-16-be"),
    "UTF-16 without a mark": "\n".join(_lines("\t")).encode("utf-16-le"),
    "UTF-16 big-endian without a mark": "\n".join(_lines("\t")).encode("utf-16-be"),
}


@pytest.mark.parametrize("saved_as", sorted(SAVED_AS))
def test_a_connections_file_resaved_by_a_spreadsheet_keeps_its_accents_and_its_rows(cli, tmp_path, saved_as):
    path = tmp_path / "Connections.csv"
    path.write_bytes(SAVED_AS[saved_as])
    result = cli("import", path, "--owner", "Marc Petit", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["files"][0]["contacts"] == 3
    people = json.loads(cli("people", "--json").output)["people"]
    assert {(p["name"], p["company"], p["position"]) for p in people} >= {
        ("Hélène Lefèvre", "Société Générale", "Ingénieure données"),
        ("François Müller", "Crédit Agricole", "Chargé d'études"),
        ("Zoë Gaël", "Café Noël", "Créatrice"),
    }


UNREADABLE = {
    "blank": (b"  \r\n \n", [], "the file is empty"),
    "blank, format forced": (b"  \r\n \n", ["--format", "csv"], "the file is empty"),
    # An empty sheet saved by Excel: "CSV UTF-8" writes its byte-order mark (and a line end), "Unicode
    # text" its UTF-16 mark: nothing else, so nothing to import, whatever the columns.
    "empty sheet, CSV UTF-8": (b"\xef\xbb\xbf", [], "the file is empty"),
    "empty sheet, CSV UTF-8 with a line end": (b"\xef\xbb\xbf\r\n", [], "the file is empty"),
    "empty sheet, Unicode text": (b"\xff\xfe\r\x00\n\x00", [], "the file is empty"),
    "empty list, UTF-16 mark alone": (b"\xff\xfe", [], "the file is empty"),
    "UTF-8 and Windows-1252 lines": (
        b"First Name,Last Name\nJos\xc3\xa9,Ren\xe9\n",
        [],
        "2: cannot decide the text encoding: UTF-8 mixed with another encoding (Windows-1252?); this is the"
        " first line that is not UTF-8",
    ),
    "thick with control characters": (
        (CONNECTIONS + "\n" + "\x01\x02,\x03\x04,,,,,04 Jul 2023\n" * 20).encode(),
        [],
        "not a text file (control characters)",
    ),
    "zeroed (a download that failed)": (b"\x00" * 1000, [], "not a text file (binary data)"),
    "bytes no Western encoding defines": (
        b"First Name,Last Name\n" + b"\x81\x8d\x8f\x90\x9d" * 5 + b",x\n",
        [],
        "cannot decide the text encoding (not UTF-8 nor Windows-1252)",
    ),
    "control characters once decoded": (
        b"First Name,Last Name\nH\xe9l\xe8ne,x\n\x01abc,y\n",
        [],
        "cannot decide the text encoding (control characters after decoding)",
    ),
    "UTF-16 with NUL characters": (
        b"\xff\xfe" + "First Name,Last Name\n\x00\x00,x\n".encode("utf-16-le"),
        [],
        "not a text file (NUL characters)",
    ),
    # "Unicode text" without its mark, cut short by a failed copy: the file is named, not "None".
    "UTF-16 without a mark, cut short": (
        SAVED_AS["UTF-16 without a mark"][:-1],
        [],
        f"invalid UTF-16-LE bytes at offset {len(SAVED_AS['UTF-16 without a mark']) - 2}",
    ),
    "UTF-8 read wrongly as Windows-1252 then saved": (
        b"First Name,Last Name\nH\x8el\x8fne,Caf\x8e\nJos\xe5\xa9,y\n",
        [],
        "cannot decide the text encoding (mixes UTF-8 and Windows-1252 bytes)",
    ),
}


@pytest.mark.parametrize("case", sorted(UNREADABLE))
def test_a_file_that_cannot_be_read_is_refused_in_one_line_saying_why(cli, tmp_path, case):
    data, options, reason = UNREADABLE[case]
    path = tmp_path / "contacts.csv"
    path.write_bytes(data)
    result = cli("import", path, *options, "--owner", "Marc Petit")
    assert result.exit_code == 2
    where = f"{path}:" if reason[0].isdigit() else f"{path}: "
    assert result.output.strip() == f"graphintro: {where}{reason}"


def test_headers_unknown_or_missing_are_named(cli, tmp_path):
    unknown = tmp_path / "export.csv"
    unknown.write_text("Foo,Bar\n1,2\n", encoding="utf-8")
    result = cli("import", unknown, "--owner", "Marc Petit")
    assert (result.exit_code, result.output.strip()) == (
        2,
        f"graphintro: {unknown}:1: unrecognised headers (expected columns such as First Name, Last Name,"
        " Name, Company, Position, Middle Name)",
    )
    # Forced as a LinkedIn export: the columns named as LinkedIn spells them (one spelling of each, not
    # the list of every generation's).
    result = cli("import", unknown, "--format", "linkedin", "--owner", "Marc Petit")
    assert (result.exit_code, result.output.strip()) == (
        2,
        f"graphintro: {unknown}:1: unrecognised headers (expected columns such as First Name, Last Name,"
        " URL, Email Address, Company, Position)",
    )
    missing = tmp_path / "Connections.csv"
    missing.write_text(
        "Notes:\n\nFirst Name,Company,Position,Connected On\nAnne,Alterys,Consultante,04 Jul 2023\n",
        encoding="utf-8",
    )
    result = cli("import", missing, "--owner", "Marc Petit")
    assert (result.exit_code, result.output.strip()) == (
        2,
        f"graphintro: {missing}:3: missing column(s): Last Name",
    )


def test_a_file_of_more_rows_than_any_export_is_refused_at_the_row_beyond(cli, tmp_path, monkeypatch):
    """More than ``MAX_ROWS`` rows (500,000; lowered to 3 here) is no personal export: refused, naming
    the line of the first row beyond, and nothing is imported."""
    from graphintro.importers import tabular

    monkeypatch.setattr(tabular, "MAX_ROWS", 3)
    path = tmp_path / "Connections.csv"
    rows = [f"Anne{i},Martin,,,Alterys,Consultante,04 Jul 2023" for i in range(5)]
    path.write_text("\n".join([CONNECTIONS, *rows]) + "\n", encoding="utf-8")
    result = cli("import", path, "--owner", "Marc Petit")
    assert (result.exit_code, result.output.strip()) == (
        2,
        f"graphintro: {path}:5: refused: more than 3 rows (split the file)",
    )
    assert json.loads(cli("people", "--json").output)["people"] == []


def test_a_column_mixing_date_orders_is_refused_naming_both_lines(cli, tmp_path):
    path = tmp_path / "Connections.csv"
    rows = ["Anne,Martin,,,Alterys,Consultante,16/09/2021", "Bea,Roy,,,Alterys,Consultante,09/17/2021"]
    path.write_text("\n".join([CONNECTIONS, *rows]) + "\n", encoding="utf-8")
    result = cli("import", path, "--owner", "Marc Petit")
    assert (result.exit_code, result.output.strip()) == (
        2,
        f'graphintro: {path}:3: column "Connected On" mixes day-first dates (16/09/2021, line 2) and'
        " month-first dates (09/17/2021, line 3): re-save it with one date format",
    )


@pytest.mark.parametrize(("damaged", "named"), [(23, " and 3 more"), (20, "")], ids=["23 lines", "20 lines"])
def test_a_file_damaged_on_many_lines_names_the_first_twenty_and_counts_the_rest(
    cli, tmp_path, damaged, named
):
    path = tmp_path / "Connections.csv"
    rows = [f"Ann{i},Mart\ufffdin,,,Alterys,Consultante,04 Jul 2023" for i in range(damaged)]
    path.write_text("\n".join([CONNECTIONS, *rows]) + "\n", encoding="utf-8")
    result = cli("import", path, "--owner", "Marc Petit", "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)["files"][0]
    assert summary["contacts"] == damaged
    assert summary["warnings"] == [
        {
            "file": str(path),
            "line": 2,
            "reason": "damaged UTF-8 (bytes that are not UTF-8, or replacement characters) on lines "
            + ", ".join(map(str, range(2, 22)))
            + named
            + ": read as UTF-8 with \ufffd in their place; check the names there",
        }
    ]


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_a_utf16_file_with_replacement_characters_is_read_and_its_lines_named(cli, tmp_path, codec):
    """UTF-16 with its mark (little- or big-endian), a name holding U+FFFD (damaged before it reached
    us): imported, and the summary names the line to check."""
    path = tmp_path / "Connections.csv"
    rows = ["Ann,Mart\ufffdin,,,Alterys,Consultante,04 Jul 2023", "Bea,Roy,,,Alterys,Consultante,04 Jul 2023"]
    path.write_bytes("\ufeff".encode(codec) + "\n".join([CONNECTIONS, *rows]).encode(codec))
    result = cli("import", path, "--owner", "Marc Petit", "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)["files"][0]
    assert summary["contacts"] == 2
    assert [(w["line"], w["reason"].split(" on ")[1].split(":")[0]) for w in summary["warnings"]] == [
        (2, "line 2")
    ]
    assert summary["warnings"][0]["reason"].startswith("damaged UTF-16 (replacement characters) on line 2"), (
        "the warning names the file's own encoding, not UTF-8"
    )


def test_a_header_that_breaks_the_csv_quoting_is_refused_at_its_own_line(cli, tmp_path):
    path = tmp_path / "Connections.csv"
    path.write_text(
        'First Name,"Last" Name,URL,Email Address,Company,Position,Connected On\nAnn,Roy,,,A,B,04 Jul 2023\n',
        encoding="utf-8",
    )
    result = cli("import", path, "--owner", "Marc Petit")
    assert (result.exit_code, result.output.strip()) == (
        2,
        f"graphintro: {path}:1: malformed CSV row (',' expected after '\"')",
    )


def test_a_blank_row_of_a_two_column_sheet_is_reported_as_skipped(cli, tmp_path):
    """``;`` alone on a line is a spreadsheet's blank row (two empty cells): the user sees a row, so
    the summary accounts for it."""
    path = tmp_path / "contacts.csv"
    path.write_text("Nom;Prénom\nMartin;Anne\n;\nRoy;Bea\n", encoding="utf-8")
    result = cli("import", path, "--owner", "Marc Petit", "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)["files"][0]
    assert summary["contacts"] == 2
    assert [(s["line"], s["reason"]) for s in summary["skipped"]] == [(3, "no name")]


def test_a_row_shorter_than_the_header_keeps_its_cells_and_leaves_the_rest_empty(cli, tmp_path):
    """A sheet saved by hand often stops a row at its last filled cell: the person is imported with
    what the row holds (a row of two cells too), never an error."""
    path = tmp_path / "Connections.csv"
    path.write_text(
        "\n".join(
            [CONNECTIONS, "Anne,Martin,,,Alterys", "Bea,Roy,,,Orange,Consultante,04 Jul 2023", "Cy,Leroy"]
        )
        + "\n",
        encoding="utf-8",
    )
    result = cli("import", path, "--owner", "Marc Petit", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["files"][0]["contacts"] == 3
    people = json.loads(cli("people", "--json").output)["people"]
    assert {(p["name"], p["company"], p["position"]) for p in people} == {
        ("Marc Petit", "", ""),
        ("Anne Martin", "Alterys", ""),
        ("Bea Roy", "Orange", "Consultante"),
        ("Cy Leroy", "", ""),
    }


# An export's archive (graphintro.importers.sources): read in memory, member by member; what it refuses.

CONNECTIONS_FILE = (CONNECTIONS + "\nAnne,Martin,,,Alterys,RSSI,04 Jul 2023\n").encode()


@pytest.mark.parametrize("member", ["../evil.csv", "/abs/Connections.csv"])
def test_an_archive_whose_member_would_land_outside_it_is_refused_naming_the_member(cli, tmp_path, member):
    path = tmp_path / "Basic_LinkedInDataExport_03-15-2024.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("Connections.csv", CONNECTIONS_FILE)
        archive.writestr(member, b"First Name,Last Name\nEve,Roy\n")
    result = cli("import", path, "--owner", "Marc Petit")
    assert (result.exit_code, result.output.strip()) == (
        2,
        f"graphintro: {path}: unsafe member path in archive: {member!r}",
    )
    assert json.loads(cli("people", "--json").output)["people"] == []


def test_a_member_that_inflates_two_hundred_fold_is_refused_as_a_zip_bomb(cli, tmp_path):
    """20 MB of spaces compress to 20 kB: no export compresses like that (a bomb's first warning)."""
    path = tmp_path / "Basic_LinkedInDataExport_03-15-2024.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Connections.csv", CONNECTIONS_FILE + b" " * (20 * 1024 * 1024))
    result = cli("import", path, "--owner", "Marc Petit")
    assert (result.exit_code, result.output.strip()) == (
        2,
        f"graphintro: {path}:Connections.csv: refused: decompresses to too much data (zip bomb?)",
    )


def test_a_damaged_member_is_refused_naming_it_and_the_damage(cli, tmp_path):
    """A download cut or altered in transit: the member's bytes no longer match their checksum."""
    path = tmp_path / "Basic_LinkedInDataExport_03-15-2024.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("Connections.csv", CONNECTIONS_FILE)
    data = path.read_bytes()
    path.write_bytes(data.replace(b"Anne,Martin", b"Bnne,Martin", 1))
    result = cli("import", path, "--owner", "Marc Petit")
    assert (result.exit_code, result.output.strip()) == (
        2,
        f"graphintro: {path}:Connections.csv: damaged ZIP member (Bad CRC-32 for file 'Connections.csv')",
    )
    assert json.loads(cli("people", "--json").output)["people"] == []


def test_a_few_stray_control_characters_are_data_not_a_binary_file(cli, tmp_path):
    """A cell pasted from Word keeps a vertical tab where its line broke: one character in a whole file
    is a name's oddity (the outputs neutralise it), not a reason to refuse the file."""
    path = tmp_path / "Connections.csv"
    path.write_text(
        "\n".join([CONNECTIONS, ROWS[0].replace("Société Générale", "Société\x0bGénérale"), *ROWS[1:]])
        + "\n",
        encoding="utf-8",
    )
    result = cli("import", path, "--owner", "Marc Petit", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["files"][0]["contacts"] == 3
    people = json.loads(cli("people", "--json").output)["people"]
    assert {p["name"] for p in people} == {"Marc Petit", "Hélène Lefèvre", "François Müller", "Zoë Gaël"}


def test_an_export_unpacked_then_zipped_again_with_its_folders_is_read_whole(cli, tmp_path):
    """The export's folder compressed again by the user's file manager: the archive lists each folder
    before its files (``Basic_LinkedInDataExport_03-15-2024/``, ``…/Jobs/``); every file after a folder is
    still read."""
    path = tmp_path / "Basic_LinkedInDataExport_03-15-2024.zip"
    top = "Basic_LinkedInDataExport_03-15-2024/"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo(top), b"")
        archive.writestr(zipfile.ZipInfo(top + "Jobs/"), b"")
        archive.writestr(top + "Jobs/Job Applications.csv", b"Application Date,Company Name\n")
        archive.writestr(top + "Connections.csv", CONNECTIONS_FILE)
    result = cli("import", path, "--owner", "Marc Petit", "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)["files"][0]
    assert (summary["contacts"], summary["files"]) == (1, [top + "Connections.csv"])
    assert {p["name"] for p in json.loads(cli("people", "--json").output)["people"]} == {
        "Marc Petit",
        "Anne Martin",
    }


def _declared_sizes(data: bytes, sizes: list[int]) -> bytes:
    """The archive with each member's sizes in its central directory replaced by ``sizes`` (compressed
    and uncompressed alike): what a hostile archive declares, read before any member is."""
    data = bytearray(data)
    start = 0
    for size in sizes:
        start = data.index(b"PK\x01\x02", start)
        data[start + 20 : start + 28] = size.to_bytes(4, "little") * 2
        start += 4
    return bytes(data)


def test_an_archive_declaring_over_two_gigabytes_is_refused_before_any_member_is_read(cli, tmp_path):
    """Five members of 500 MiB each, none inflating suspiciously on its own: the whole would not fit in
    memory, so the archive is refused at the member that passes 2 GiB, before any is read, and nothing
    is stored."""
    names = ["Connections.csv", "messages.csv", "Invitations.csv", "Profile.csv", "Skills.csv"]
    path = tmp_path / "Basic_LinkedInDataExport_03-15-2024.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        for name in names:
            archive.writestr(name, CONNECTIONS_FILE)
    path.write_bytes(_declared_sizes(path.read_bytes(), [500 * 1024 * 1024] * len(names)))
    result = cli("import", path, "--owner", "Marc Petit")
    assert (result.exit_code, result.output.strip()) == (
        2,
        f"graphintro: {path}:Skills.csv: refused: decompresses to too much data (zip bomb?)",
    )
    assert json.loads(cli("people", "--json").output)["people"] == []


def test_an_unpacked_export_is_recognised_again_by_its_files_and_a_newer_one_is_not(cli, tmp_path):
    """Exports unpacked into folders: the same folder imported twice is "already imported" (nothing
    counted twice), while next month's export, unpacked beside it, is imported with its new contact."""
    march, april = (
        tmp_path / "Basic_LinkedInDataExport_03-15-2024",
        tmp_path / "Basic_LinkedInDataExport_04-15-2024",
    )
    for folder, rows in ((march, 1), (april, 2)):
        folder.mkdir()
        people = ["Anne,Martin,,,Alterys,RSSI,04 Jul 2023", "Bea,Roy,,,Orange,DSI,02 Apr 2024"][:rows]
        (folder / "Connections.csv").write_text("\n".join([CONNECTIONS, *people]) + "\n", encoding="utf-8")
    statuses = []
    for folder in (march, march, april):
        result = cli("import", folder, "--owner", "Marc Petit", "--json")
        assert result.exit_code == 0, result.output
        statuses.append(json.loads(result.output)["files"][0]["status"])
    assert statuses == ["imported", "already imported", "imported"]
    assert {p["name"] for p in json.loads(cli("people", "--json").output)["people"]} == {
        "Marc Petit",
        "Anne Martin",
        "Bea Roy",
    }


def test_the_blank_rows_excel_keeps_at_the_end_of_a_messages_file_are_no_messages(cli, tmp_path):
    """A French Excel re-saves the rows of the sheet's formatted range that hold nothing as ``;;;;``:
    in a messages file they are neither messages left out (sponsored, without a sender) nor skipped
    lines; the summary speaks only of the two real messages."""
    path = tmp_path / "messages.csv"
    header = "CONVERSATION ID;CONVERSATION TITLE;FROM;SENDER PROFILE URL;TO;RECIPIENT PROFILE URLS;DATE;SUBJECT;CONTENT;FOLDER"
    julien, marc = (
        "https://www.linkedin.com/in/julien-moreau-thales",
        "https://www.linkedin.com/in/marc-petit-7a1b2c",
    )
    lines = [
        header,
        f"c1;;Julien Moreau;{julien};Marc Petit;{marc};18/06/2024 11:59:53;;Bonjour Marc;INBOX",
        f"c1;;Marc Petit;{marc};Julien Moreau;{julien};18/06/2024 12:03:10;;Oui, mardi;INBOX",
        ";;;;;;;;;",
        ";;;;;;;;;",
    ]
    path.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(lines).encode("utf-8") + b"\r\n")
    result = cli("import", path, "--owner", "Marc Petit", "--owner-url", marc, "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)["files"][0]
    assert (summary["interactions"], summary["skipped"]) == (2, [])
    assert {reason: count for reason, count in summary["messages_left_out"].items() if count} == {}


def test_a_byte_order_mark_left_inside_a_sheet_is_not_part_of_a_name(cli, tmp_path):
    """Two "CSV UTF-8" saves joined into one file (``copy /b contacts.csv + more.csv``, the second saved
    without its header): the second's byte-order mark now opens a row, before its first name. The
    person is "Lucie Roux", as the sheet shows her, not an invisible character followed by her name."""
    path = tmp_path / "contacts.csv"
    first = b"\xef\xbb\xbf" + "Prénom;Nom;Société\r\nAnne;Martin;Alterys\r\n".encode()
    second = b"\xef\xbb\xbfLucie;Roux;Orange\r\n"
    path.write_bytes(first + second)
    result = cli("import", path, "--owner", "Marc Petit", "--json")
    assert result.exit_code == 0, result.output
    people = json.loads(cli("people", "--json").output)["people"]
    assert {(p["name"], p["company"]) for p in people} == {
        ("Marc Petit", ""),
        ("Anne Martin", "Alterys"),
        ("Lucie Roux", "Orange"),
    }


def test_a_sheet_that_opens_with_an_empty_line_keeps_its_first_row(cli, tmp_path):
    """A list whose title line was deleted in a text editor, leaving the line empty: the header is on
    line 2 and the first person, on line 3, is imported like the others."""
    path = tmp_path / "contacts.csv"
    path.write_text("\nPrénom;Nom;Société\nAnne;Martin;Alterys\nLucie;Roux;Orange\n", encoding="utf-8")
    result = cli("import", path, "--owner", "Marc Petit", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["files"][0]["contacts"] == 2
    people = json.loads(cli("people", "--json").output)["people"]
    assert {p["name"] for p in people} == {"Marc Petit", "Anne Martin", "Lucie Roux"}
