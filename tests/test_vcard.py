"""vCard address books (``graphintro/importers/vcard.py``) as a user imports them, from the fixtures.

What each card becomes is stated in ``tests/fixtures/manifest.json`` and checked by
``test_fixture_manifest.py``; this file checks what a single fixture cannot: the exact refusals, and a
newer export of the same address book."""

from __future__ import annotations

import base64
import json
import sqlite3
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


def test_a_file_that_is_no_vcard_is_refused_in_one_line_naming_it(cli):
    result = cli("import", FIXTURES / "bad/not_a_vcard.vcf", "--owner", "Me")
    assert result.exit_code == 2
    assert result.output.strip().endswith("bad/not_a_vcard.vcf:1: not a vCard file (no BEGIN:VCARD)")


def test_a_malformed_card_is_refused_naming_its_line_and_what_vobject_says_in_short(cli):
    """The parser's message, first line only and cut at 120 characters: the error stays one line."""
    result = cli("import", FIXTURES / "bad/malformed.vcf", "--owner", "Me")
    assert result.exit_code == 2
    said = (
        "At line 9: Failed to parse line: Rencontré au salon VivaTech 2019, intéressé par nos solutions de"
        " cybersécurité pour l'i"
    )
    assert len(said) == 120
    assert result.output.strip().endswith(f"bad/malformed.vcf:9: malformed vCard ({said})")


def test_a_newer_export_of_the_same_address_book_ends_the_contacts_it_no_longer_lists(cli, tmp_path):
    """A vCard file is a list of ties, like a Connections.csv: a card gone from a later copy is a tie ended."""
    cards = (FIXTURES / "viadeo/contacts_30.vcf").read_bytes()
    older, newer = tmp_path / "2019" / "contacts_30.vcf", tmp_path / "2020" / "contacts_30.vcf"
    older.parent.mkdir()
    newer.parent.mkdir()
    older.write_bytes(cards)
    newer.write_bytes(cards[: cards.index(b"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Nguyen;Minh-Anh")])
    assert cli("import", older, "--owner", "Me").exit_code == 0
    result = cli("import", newer, "--owner", "Me", "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)["files"][0]
    assert (summary["contacts"], summary["ended"]) == (3, 1)


def test_the_import_summary_names_the_file_its_format_and_each_skipped_card(cli):
    result = cli("import", FIXTURES / "viadeo/contacts_edges.vcf", "--owner", "Me", "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)["files"][0]
    assert summary["path"].endswith("viadeo/contacts_edges.vcf") and summary["format"] == "vcard"
    assert [
        (s["file"].endswith("contacts_edges.vcf"), s["line"], s["reason"]) for s in summary["skipped"]
    ] == [(True, 20, "no name")]


def test_a_card_whose_photo_was_cut_short_is_skipped_naming_its_line_and_the_others_are_imported(cli):
    """An address book whose second card's base64 PHOTO stops mid-way (line 24) cannot decode that
    photo: the card (line 18) is skipped and said so, with its file and line and why; the cards around
    it are imported, and nothing of the skipped one reaches the store (its name, its e-mail)."""
    path = FIXTURES / "formats/vcard_photo_cut.vcf"
    result = cli("import", path, "--owner", "Me", "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)["files"][0]
    assert summary["contacts"] == 2
    assert [(s["file"], s["line"], s["reason"]) for s in summary["skipped"]] == [
        (str(path), 18, "PHOTO of line 24 is not valid base64 (cut short?): card skipped")
    ]
    people = json.loads(cli("people", "--json").output)["people"]
    assert sorted(p["name"] for p in people if not p["member"]) == ["Ingrid Solberg", "Yann Kerbrat"]
    conn = sqlite3.connect(cli.db)
    try:
        assert conn.execute(
            "SELECT COUNT(*) FROM records WHERE name LIKE '%Marchetti%' OR email LIKE '%marchetti%'"
        ).fetchone() == (0,)
    finally:
        conn.close()


LONG = base64.b64encode(bytes(range(120))).decode("ascii")
CUT = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+P0BBQkNERUZHSElKS"


@pytest.mark.parametrize(
    ("written", "named"),
    [
        ("VERSION:2.1\r\nPHOTO;ENCODING=BASE64;TYPE=JPEG:" + CUT + "\r\n", "PHOTO"),  # vCard 2.1
        ("VERSION:3.0\r\nPHOTO;BASE64:" + CUT + "\r\n", "PHOTO"),  # Apple's bare BASE64
        # Folded by a tab then a space: each piece alone decodes (48 characters), the value does not.
        (
            f"VERSION:3.0\r\nitem1.photo;encoding=b:{LONG[:48]}\r\n\t{LONG[48:98]}\r\n {LONG[98:146]}\r\n",
            "PHOTO",
        ),
        ("VERSION:3.0\r\nLOGO;ENCODING=b;TYPE=PNG:" + CUT + "\r\n", "LOGO"),
        ("VERSION:3.0\r\nKEY;ENCODING=b:" + CUT + "\r\n", "KEY"),
    ],
)
def test_a_base64_value_cut_short_is_named_with_its_line_however_it_is_written(cli, tmp_path, written, named):
    """2.1's ENCODING=BASE64, Apple's bare BASE64, a grouped lowercase property folded by a tab, a
    LOGO, a KEY: the card (line 3, after two blank lines) is skipped naming the value and its line
    (5), the next card imported."""
    path = tmp_path / "cut.vcf"
    path.write_text(
        "\r\n\r\nBEGIN:VCARD\r\n" + written + "N:Roux;Anne;;;\r\nFN:Anne Roux\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Blanc;Zoé;;;\r\nFN:Zoé Blanc\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    result = cli("import", path, "--owner", "Me", "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)["files"][0]
    assert summary["contacts"] == 1
    assert [(s["line"], s["reason"]) for s in summary["skipped"]] == [
        (3, f"{named} of line 5 is not valid base64 (cut short?): card skipped")
    ]


def test_a_malformed_line_after_a_whole_card_is_refused_naming_its_line_in_the_file(cli, tmp_path):
    """Each card is read on its own: a broken line in the third card is still named by its line in
    the file (14), not in its card, and nothing is imported."""
    card = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Roux;Anne;;;\r\nFN:Anne Roux\r\nEND:VCARD\r\n"
    path = tmp_path / "broken.vcf"
    path.write_text(card * 2 + card.replace("FN:Anne Roux", "note without a property"), encoding="utf-8")
    result = cli("import", path, "--owner", "Me")
    assert result.exit_code == 2
    assert result.output.strip().endswith(
        "broken.vcf:14: malformed vCard (At line 14: Failed to parse line: note without a property)"
    )
    if cli.db.exists():
        conn = sqlite3.connect(cli.db)
        try:
            assert conn.execute("SELECT COUNT(*) FROM records").fetchone() == (0,)
        finally:
            conn.close()


def test_a_vcard_whose_encoding_cannot_be_decided_is_refused_naming_the_file_and_line(cli, tmp_path):
    """UTF-8 cards, then a card re-typed in Windows-1252 (line 8): no encoding reads the whole file,
    so it is refused in one line naming the file and the first line that is not UTF-8."""
    path = tmp_path / "mixed.vcf"
    path.write_bytes(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Roux;Zoé;;;\r\nFN:Zoé Roux\r\nEND:VCARD\r\n".encode()
        + "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Roy;Léa;;;\r\nFN:Léa Roy\r\nEND:VCARD\r\n".encode("cp1252")
    )
    result = cli("import", path, "--owner", "Me")
    assert result.exit_code == 2
    assert f"{path}:8: cannot decide the text encoding" in result.output.strip(), result.output


def test_a_card_holding_another_card_is_one_contact_and_the_next_card_keeps_its_line(cli, tmp_path):
    """vCard 2.1's AGENT may hold a whole card (BEGIN:VCARD ... END:VCARD inside the card): the file is
    still cut at the top-level cards only, so Paul Girard (line 1) and Zoé Blanc (line 12) are the two
    contacts, the assistant inside Paul's card is no contact of the owner."""
    path = tmp_path / "agent.vcf"
    path.write_text(
        "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Girard;Paul;;;\r\nFN:Paul Girard\r\nAGENT:\r\n"
        "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Roux;Anne;;;\r\nFN:Anne Roux\r\nEND:VCARD\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Blanc;Zoé;;;\r\nFN:Zoé Blanc\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    result = cli("import", path, "--owner", "Me", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["files"][0]["contacts"] == 2
    conn = sqlite3.connect(cli.db)
    try:
        rows = conn.execute("SELECT name, line FROM records WHERE kind != 'self' ORDER BY line").fetchall()
    finally:
        conn.close()
    assert rows == [("Paul Girard", 1), ("Zoé Blanc", 12)]


def test_the_import_summary_says_why_a_card_was_skipped(cli):
    """The text summary gives the reason of each skip: a cut-short photo is not a row without a name."""
    path = FIXTURES / "formats/vcard_photo_cut.vcf"
    result = cli("import", path, "--owner", "Me")
    assert result.exit_code == 0, result.output
    assert (
        f"skipped 1 row (PHOTO of line 24 is not valid base64 (cut short?): card skipped): {path}:18"
        in result.output
    )
    assert "without a name" not in result.output
