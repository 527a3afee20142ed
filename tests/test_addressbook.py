"""Contact spreadsheets (``graphintro/importers/addressbook.py``) as a user imports them, from the fixtures.

What each row becomes is stated in ``tests/fixtures/manifest.json`` and checked by
``test_fixture_manifest.py``; this file checks what a single fixture cannot: the exact refusal, the
reason given for a skipped row, and a newer export of the same address book."""

from __future__ import annotations

import json
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"


def test_a_sheet_without_a_name_column_is_refused_with_the_option_that_fixes_it(cli):
    result = cli("import", FIXTURES / "bad/contacts_no_name_column.csv", "--owner", "Me")
    assert result.exit_code == 2
    assert result.output.strip().endswith(
        "bad/contacts_no_name_column.csv:1: no name column (use --map name=COLUMN)"
    )


def test_a_row_without_a_name_is_reported_as_such(cli):
    result = cli("import", FIXTURES / "formats/phone_contacts_us.csv", "--owner", "Me", "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)["files"][0]
    assert summary["format"] == "csv" and summary["path"].endswith("formats/phone_contacts_us.csv")
    assert [
        (s["file"].endswith("phone_contacts_us.csv"), s["line"], s["reason"]) for s in summary["skipped"]
    ] == [(True, 4, "no name")]


def test_a_newer_export_of_the_same_address_book_ends_the_contacts_it_no_longer_lists(cli, tmp_path):
    """A contacts sheet is a list of ties: a row gone from a later copy is a tie ended."""
    rows = (FIXTURES / "viadeo/viadeo_fr.csv").read_bytes()
    older, newer = tmp_path / "2019" / "viadeo_fr.csv", tmp_path / "2020" / "viadeo_fr.csv"
    older.parent.mkdir()
    newer.parent.mkdir()
    older.write_bytes(rows)
    newer.write_bytes(b"\r\n".join(rows.split(b"\r\n")[:-2]) + b"\r\n")  # the last row gone
    assert cli("import", older, "--owner", "Me").exit_code == 0
    result = cli("import", newer, "--owner", "Me", "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)["files"][0]
    assert (summary["contacts"], summary["ended"]) == (5, 1)


def test_a_mapping_that_cannot_be_read_says_what_is_expected(cli):
    sheet = FIXTURES / "viadeo/contacts_one_mapped.csv"
    no_column = cli("import", sheet, "--owner", "Me", "--map", "name")
    assert no_column.exit_code == 2
    assert "--map: expected FIELD=COLUMN, got 'name'" in no_column.output
    unknown = cli("import", sheet, "--owner", "Me", "--map", "nom=Qui")
    assert unknown.exit_code == 2
    assert (
        "--map: unknown field 'nom' (fields: name, first_name, last_name, company, position, url, email,"
        " phone, connected_on)" in " ".join(unknown.output.split())
    )


def test_the_import_summary_names_the_rows_without_a_name(cli):
    path = FIXTURES / "formats/phone_contacts_us.csv"
    result = cli("import", path, "--owner", "Me")
    assert result.exit_code == 0, result.output
    assert f"skipped 1 row without a name: {path}:4" in result.output
