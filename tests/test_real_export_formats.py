"""Issue 15, points 4, 5, 6, 10, 16: real exports read right (fixtures under ``tests/fixtures/formats/``).

Each fixture reproduces a quirk seen in a real export with invented people; its manifest entry says
what a correct import gives, and these tests hold the importers to it.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from store_rows import dump

from graphintro.errors import ImportFormatError
from graphintro.importers import parse_path

FIXTURES = Path(__file__).parent / "fixtures"
FORMATS = FIXTURES / "formats"
MANIFEST = json.loads((FIXTURES / "manifest.json").read_text("utf-8"))


# ------------------------------------------------------------------------------------ 4. date order


@pytest.mark.parametrize(
    "name",
    ["connections_dotted_dates.csv", "connections_dotted_ambiguous.csv", "connections_us_slash_dates.csv"],
)
def test_the_day_month_order_is_decided_per_column(name):
    parsed = parse_path(FORMATS / name, "Me")
    got = {str(c.line): c.connected_on for c in parsed.contacts}
    assert got == MANIFEST[f"formats/{name}"]["expected_connected_on"]


def test_dotted_dates_are_stored_day_first_through_the_cli(cli):
    assert cli("import", FORMATS / "connections_dotted_dates.csv", "--owner", "Me").exit_code == 0
    conn = sqlite3.connect(cli.db)
    dates = dict(conn.execute("SELECT name, connected_on FROM records WHERE kind != 'self'").fetchall())
    assert dates["Mette Lund"] == "2021-09-07" and dates["Søren Kjær"] == "2023-01-12"


def test_a_column_mixing_both_orders_is_refused_naming_the_column_and_lines(tmp_path):
    path = tmp_path / "Connections.csv"
    path.write_text(
        "First Name,Last Name,Connected On\nAna,Roy,16/09/2021\nBen,Roy,09/17/2021\nCy,Roy,01/02/2021\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportFormatError) as caught:
        parse_path(path, "Me")
    message = str(caught.value)
    assert "Connected On" in message and "16/09/2021" in message and "09/17/2021" in message
    assert caught.value.line == 3


def test_day_first_order_hints():
    from graphintro.importers.dates import day_first_order

    assert day_first_order(["07.09.2021", "16.09.2021"]) is True
    assert day_first_order(["07.09.2021"]) is True, "dotted: day-first whatever the delimiter"
    assert day_first_order(["07/09/2021", "09/16/2021"]) is False
    assert day_first_order(["07/09/2021"], delimiter=";") is True, "a ';' file comes from a European locale"
    assert day_first_order(["1/8/18, 6:14 PM"]) is False, "LinkedIn's own 12-hour US format"
    assert day_first_order(["04 Jul 2023", "2024-06-18 11:59:53 UTC", ""]) is None


# ------------------------------------------------------------------------------------ 5. encodings


def test_damaged_utf8_is_read_as_utf8_with_a_warning_naming_the_lines():
    facts = MANIFEST["formats/connections_damaged_utf8.csv"]
    parsed = parse_path(FORMATS / "connections_damaged_utf8.csv", "Me")
    names = [c.name for c in parsed.contacts]
    assert names == [
        "Bil\ufffdl Karaca",
        "Nora Lee",
        "Ren\ufffd Dubois",
        "J\ufffd\ufffdrgen Holm",
        "Sam Ortiz",
    ]
    assert not any("\u2510" in n or "\u00b4" in n for n in names), "never a DOS code page (cp850: ´┐)"
    assert len(parsed.warnings) == 1
    warning = parsed.warnings[0]
    assert warning.file.endswith("connections_damaged_utf8.csv")
    assert warning.line == facts["damaged_lines"][0]
    assert "2, 4, 5" in warning.reason


def test_damaged_utf8_warning_reaches_the_import_summary(cli):
    result = cli("import", FORMATS / "connections_damaged_utf8.csv", "--owner", "Me", "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)["files"][0]
    assert summary["contacts"] == 5
    assert [w["line"] for w in summary["warnings"]] == [2]
    human = cli("import", FORMATS / "connections_damaged_utf8.csv", "--owner", "Other")
    assert "lines 2, 4, 5" in human.output


def test_the_mixed_encoding_refusal_names_the_first_offending_line(cli):
    facts = MANIFEST["formats/connections_mixed_cp1252_lines.csv"]
    result = cli("import", FORMATS / "connections_mixed_cp1252_lines.csv", "--owner", "Me")
    assert result.exit_code == 2
    line = result.output.strip().splitlines()
    assert len(line) == 1
    assert f"connections_mixed_cp1252_lines.csv:{facts['first_offending_line']}:" in line[0], line[0]


def test_a_windows_1252_file_is_still_read_and_never_as_a_dos_code_page():
    parsed = parse_path(FIXTURES / "linkedin" / "connections_excel_cp1252.csv", "Me")
    assert parsed.contacts and not parsed.warnings
    from graphintro.importers.tabular import WESTERN_ENCODINGS

    assert not any(e.startswith("cp8") for e in WESTERN_ENCODINGS)


# ------------------------------------------------------------------------------------ 6. auxiliary files


def test_a_bad_auxiliary_file_is_skipped_and_the_rest_imports(cli):
    folder = FORMATS / "export_bad_skills"
    result = cli("import", folder, "--owner", "Me", "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)["files"][0]
    assert summary["contacts"] == 6
    skipped = summary["skipped_files"]
    assert len(skipped) == 1
    assert skipped[0]["file"].endswith("Skills.csv") and skipped[0]["line"] == 1
    assert "Name" in skipped[0]["reason"]
    assert "Skills.csv" not in summary["files"]
    assert {"Endorsement Received Info.csv", "Endorsement_Received_Info.csv"} <= set(summary["files"])
    assert summary["unknown_files"] == []
    conn = sqlite3.connect(cli.db)
    endorsements = conn.execute("SELECT COUNT(*) FROM interactions WHERE kind = 'endorsement'").fetchone()[0]
    assert endorsements == 3, "both twins read, their common endorsements counted once"
    human = cli("import", folder, "--owner", "Someone Else")
    assert human.exit_code == 0
    assert "Skills.csv:1" in human.output and "skipped" in human.output


def test_a_skipped_file_is_left_out_whole_not_up_to_its_bad_line(cli, tmp_path):
    folder = tmp_path / "export"
    shutil.copytree(FORMATS / "export_bad_skills", folder)
    (folder / "Skills.csv").write_text('Name\nPython\nSQL\n"Gestion de projet\nNégociation', encoding="utf-8")
    (folder / "Invitations.csv").write_text(
        "From,To,Sent At,Message,Direction\n"
        'Me,Aurélie Caron,"6/17/23, 6:18 AM",,OUTGOING\n'
        'Me,Mathis Leroy,"6/18/23, 7:02 AM","Bonjour Mathis, on se connecte ?,OUTGOING\n'
        'Me,Hugo Blanc,"6/19/23, 9:40 AM",,OUTGOING',
        encoding="utf-8",
    )
    result = cli("import", folder, "--owner", "Me", "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)["files"][0]
    skipped = {s["file"].rsplit("/", 1)[-1]: s["line"] for s in summary["skipped_files"]}
    assert skipped == {"Invitations.csv": 3, "Skills.csv": 4}
    conn = sqlite3.connect(cli.db)
    assert conn.execute("SELECT COUNT(*) FROM interactions WHERE kind = 'invitation'").fetchone()[0] == 0
    assert conn.execute("SELECT COUNT(*) FROM skills").fetchone()[0] == 0, "not Python and SQL alone"


def test_a_bad_essential_file_still_exits_2_with_the_store_unchanged(cli, tmp_path):
    assert cli("import", FIXTURES / "linkedin" / "connections_2022.csv", "--owner", "Me").exit_code == 0
    before = dump(cli.db)
    folder = tmp_path / "export"
    shutil.copytree(FORMATS / "export_bad_skills", folder)
    shutil.copy(FIXTURES / "bad" / "connections_bad_row.csv", folder / "Connections.csv")
    result = cli("import", folder, "--owner", "Me")
    assert result.exit_code == 2
    assert "Connections.csv:8" in result.output and len(result.output.strip().splitlines()) == 1
    assert dump(cli.db) == before


def test_a_bad_file_given_on_its_own_is_essential(cli):
    result = cli("import", FORMATS / "export_bad_skills" / "Skills.csv", "--owner", "Me")
    assert result.exit_code == 2 and "Skills.csv:1" in result.output


# ------------------------------------------------------------------------------------ 10. address books


@pytest.mark.parametrize(
    "name",
    [
        "google_contacts_classic.csv",
        "google_contacts_new.csv",
        "outlook_contacts.csv",
        "icloud_contacts.vcf",
        "viadeo_contacts_full.csv",
    ],
)
def test_address_books_are_read_fully(name):
    expected = MANIFEST[f"formats/{name}"]["expected_contacts"]
    parsed = parse_path(FORMATS / name, "Me")
    got = [{key: getattr(c, key) or "" for key in expected[0]} for c in parsed.contacts]
    assert got == expected


def test_google_contacts_merge_by_email_with_another_export(cli, tmp_path):
    other = tmp_path / "crm.csv"
    other.write_text(
        "Nom complet;Société;E-mail\nK. Saidi;Thales Group;karim.saidi@example.org\n", encoding="utf-8"
    )
    assert cli("import", FORMATS / "google_contacts_classic.csv", "--owner", "Me").exit_code == 0
    result = cli("import", other, "--owner", "Me", "--json")
    assert json.loads(result.output)["files"][0]["merged"] == 1


# ------------------------------------------------------------------------------------ 16. column names


def test_errors_name_columns_as_the_file_spells_them(tmp_path):
    path = tmp_path / "Connections.csv"
    path.write_text("Company,Position,Connected On\nAirbus,Buyer,04 Jul 2023\n", encoding="utf-8")
    with pytest.raises(ImportFormatError) as caught:
        parse_path(path, "Me", fmt="linkedin")
    message = str(caught.value)
    assert "First Name" in message and "Last Name" in message
    assert "first_name" not in message and "last_name" not in message


def test_unrecognised_headers_list_real_column_names(tmp_path):
    path = tmp_path / "Connections.csv"
    path.write_text("foo,bar\n1,2\n", encoding="utf-8")
    with pytest.raises(ImportFormatError) as caught:
        parse_path(path, "Me")
    message = str(caught.value)
    assert "First Name" in message and "first_name" not in message, message


def test_copies_and_twins_of_a_file_keep_their_role():
    from graphintro.importers.linkedin import file_role

    assert file_role("Skills (1).csv") == "skills"
    assert file_role("Endorsement Received Info.csv") == file_role("Endorsement_Received_Info.csv")
    assert file_role("Member_Follows_851591050.csv") == ""
