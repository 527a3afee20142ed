"""Delimited text files (CSV, ``;`` spreadsheets) with the quoting of real exporters.

A field is quoted when it holds the separator, a double quote, a CR or an LF (or always, with
``quote_all``), as LinkedIn, Excel and Google write them; records are joined by the line ending
asked for, with or without a final one. The stdlib ``csv`` module does the quoting (it is the
fastest correct one available: the demo writes millions of rows); this module only pins the
choices it leaves open, so that the bytes do not depend on the Python version.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from types import SimpleNamespace

BOM_UTF8 = b"\xef\xbb\xbf"
BOM_UTF16LE = b"\xff\xfe"
# What the csv module ends each record with: CR and LF are then both quoted inside a field
# whatever line ending the file uses (with "\n" alone, Python 3.11 leaves a bare CR unquoted).
_TERMINATOR = "\r\n"
_EMPTY_ALONE = '""' + _TERMINATOR


def records(rows: Iterable[Sequence[object]], *, sep: str = ",", quote_all: bool = False) -> list[str]:
    """Each row as one record, without its line ending (a record may span several lines)."""
    written: list[str] = []
    writer = csv.writer(
        SimpleNamespace(write=written.append),
        delimiter=sep,
        lineterminator=_TERMINATOR,
        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL,
    )
    writer.writerows(rows)
    # The csv module writes a row of one empty field as "" so that it reads back; exporters
    # write an empty line.
    return [
        "" if record == _EMPTY_ALONE and not quote_all else record[: -len(_TERMINATOR)] for record in written
    ]


def text(
    rows: Iterable[Sequence[object]],
    *,
    sep: str = ",",
    eol: str = "\n",
    quote_all: bool = False,
    final_eol: bool = False,
) -> str:
    """The rows as one text: records joined by ``eol``, ``eol`` after the last one if ``final_eol``."""
    lines = records(rows, sep=sep, quote_all=quote_all)
    return eol.join(lines) + (eol if final_eol and lines else "")


def text_and_lines(
    rows: Iterable[Sequence[object]],
    *,
    sep: str = ",",
    eol: str = "\n",
    quote_all: bool = False,
    final_eol: bool = False,
    first_line: int = 1,
) -> tuple[str, list[int]]:
    """:func:`text`, and the physical line on which each row starts (what the fixtures' facts name).

    >>> text_and_lines([["a", "b\\nc"], ["d", "e"]])
    ('a,"b\\nc"\\nd,e', [1, 3])
    """
    lines = records(rows, sep=sep, quote_all=quote_all)
    starts, line = [], first_line
    for record in lines:
        starts.append(line)
        line += record.count("\n") + 1
    return eol.join(lines) + (eol if final_eol and lines else ""), starts


def encode(content: str, encoding: str) -> bytes:
    """``encoding`` is a codec name, or ``utf-8-bom`` / ``utf-16le-bom`` for a byte order mark first."""
    if encoding == "utf-8-bom":
        return BOM_UTF8 + content.encode("utf-8")
    if encoding == "utf-16le-bom":
        return BOM_UTF16LE + content.encode("utf-16-le")
    return content.encode(encoding)


_LEGACY_MAP = str.maketrans({"–": "-", "—": "-", "’": "'", "œ": "oe", "Œ": "OE", "…": "..."})


def legacy_text(value: str, codec: str) -> str:
    """What a legacy codec can hold of ``value``: typographic dashes and quotes mapped, emoji dropped.

    Old exporters (Viadeo's vCards in ISO-8859-1, Excel in Windows-1252) lose what their code page
    lacks, and so do the files written here.

    >>> legacy_text("Cœur – 🚀 ", "latin-1")
    'Coeur -'
    """
    value = value.translate(_LEGACY_MAP) if codec == "latin-1" else value
    try:
        value.encode(codec)
    except UnicodeEncodeError:
        value = "".join(ch for ch in value if _fits(ch, codec))
    return value.strip()


def _fits(char: str, codec: str) -> bool:
    try:
        char.encode(codec)
    except UnicodeEncodeError:
        return False
    return True
