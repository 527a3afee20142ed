"""The shared export writers (``graphintro.demo.writers``): the choices real exporters make, pinned.

The demo's team and the test fixtures are written through them, so each rule here is one that a
reader of real files relies on: what gets quoted, how an empty row looks, where a quoted-printable
line may break.
"""

from __future__ import annotations

import csv
import io
import quopri
import zipfile
from pathlib import Path

from graphintro.demo.writers import linkedin, table, vcard


def test_a_carriage_return_inside_a_field_is_quoted_whatever_the_line_ending() -> None:
    text = table.text([["a\rb", "c"], ["d", "e"]], eol="\n")
    assert text == '"a\rb",c\nd,e'
    assert list(csv.reader(io.StringIO(text, newline=""))) == [["a\rb", "c"], ["d", "e"]]


def test_quoting_is_minimal_unless_asked() -> None:
    assert table.text([["plain", "with, comma", 'say "hi"', "two\nlines"]]) == (
        'plain,"with, comma","say ""hi""","two\nlines"'
    )
    assert table.text([["a", ""]], quote_all=True) == '"a",""'


def test_a_row_of_one_empty_field_is_an_empty_line_as_exporters_write_it() -> None:
    assert table.text([["Name"], [""], ["Python"]], final_eol=True) == "Name\n\nPython\n"
    assert table.text([["Name"], [""]], quote_all=True) == '"Name"\n""'


def test_line_numbers_count_the_lines_inside_quoted_fields() -> None:
    text, starts = table.text_and_lines([["h"], ["one\ntwo\nthree"], ["next"]], eol="\r\n", first_line=4)
    assert starts == [4, 5, 8]
    assert text.count("\r\n") == 2


def test_byte_order_marks() -> None:
    assert table.encode("é", "utf-8-bom") == b"\xef\xbb\xbf\xc3\xa9"
    assert table.encode("é", "utf-16le-bom") == b"\xff\xfe\xe9\x00"
    assert table.encode("é", "cp1252") == b"\xe9"


def test_connections_have_the_notes_preamble_and_no_final_newline() -> None:
    text = linkedin.connections_text([["Zoé", "Fontaine", "", "", "Aéroline", "Acheteuse", "04 Jul 2023"]])
    lines = text.split("\n")
    assert lines[:3] == list(linkedin.NOTES_PREAMBLE) and lines[3] == ",".join(linkedin.CONNECTIONS_HEADER)
    assert not text.endswith("\n") and lines[4].endswith("04 Jul 2023")


def test_quoted_printable_never_starts_a_line_with_a_space_nor_ends_the_value_with_one() -> None:
    value = "Responsable de la sécurité des systèmes d'information du groupe industriel "
    prop = vcard.qp_property("TITLE", value)
    lines = prop.split("\r\n")
    assert len(lines) > 1 and all(len(line) <= vcard.LINE_WIDTH for line in lines)
    assert not any(line.startswith(" ") for line in lines[1:]), "a space would read as vCard folding"
    assert prop.endswith("=20")
    encoded = "".join(line.removesuffix("=") for line in prop.split(":", 1)[1].split("\r\n"))
    assert quopri.decodestring(encoded.encode("ascii")).decode("latin-1") == value


def test_a_break_before_a_space_writes_the_space_encoded() -> None:
    # TITLE's prefix (51 columns) leaves 24 on the first line: the break falls just before the space.
    prop = vcard.qp_property("TITLE", "A" * 24 + " suite é")
    assert prop.split("\r\n")[1].startswith("=20suite")


def test_a_vcard_21_property_is_plain_when_ascii() -> None:
    assert vcard.vcard21_property("FN", "Thomas Martin") == "FN:Thomas Martin"
    assert vcard.vcard21_property("FN", "Zoé").startswith("FN;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:")


def test_archives_are_reproducible(tmp_path: Path) -> None:
    files = {"Connections.csv": b"a,b\n", "Profile.csv": b"c\n"}
    linkedin.write_archive(tmp_path / "a.zip", files, (2026, 11, 2, 9, 41, 12), 1)
    linkedin.write_archive(tmp_path / "b.zip", files, (2026, 11, 2, 9, 41, 12), 1)
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "a.zip") as archive:
        assert archive.namelist() == list(files)
        assert archive.read("Profile.csv") == b"c\n"
        assert {info.date_time for info in archive.infolist()} == {(2026, 11, 2, 9, 41, 12)}
