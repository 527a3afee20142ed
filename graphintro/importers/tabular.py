"""Reading spreadsheet-like files as they really arrive: any common encoding, delimiter and preamble.

Real exports are re-saved by Excel (BOM, CRLF, ``;``, Windows-1252), written in UTF-16LE with tabs,
or preceded by a "Notes:" preamble. This module finds the header row by its column names rather
than by position, decodes bytes without guessing silently, and yields rows with the physical line
number where each starts, so that every problem can be reported as ``file:line``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from graphintro.errors import ImportFormatError
from graphintro.identity import fold

# A 10 MB field is legal in a CSV; beyond 16 MB we refuse rather than exhaust memory.
FIELD_SIZE_LIMIT = 16 * 1024 * 1024
csv.field_size_limit(FIELD_SIZE_LIMIT)

DELIMITERS = (",", ";", "\t", "|")
# LinkedIn caps a member at 30,000 connections; a message history can be longer. Beyond this many
# rows a file is no personal export, and reading it whole would take memory without bound.
MAX_ROWS = 500_000
HEADER_SEARCH_LINES = 12
# Values that spreadsheets write into empty cells.
EMPTY_VALUES = frozenset({"na", "n/a", "#n/a", "null", "none", "-"})
# UTF-8 text wrongly decoded as Windows-1252 ("Ã©" for "é"): a file mixing both is undecidable.
_MOJIBAKE = re.compile("[\u00c2\u00c3][\u0080-\u00bf\u2018-\u203a\u0152\u0153\u0160\u0161\u0178\u017d\u017e]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A name may carry a stray control character or escape sequence (the outputs neutralise them:
# graphintro.output); a file where they are more than this share of the text is binary, not an export.
BINARY_CONTROL_SHARE = 0.01
# Single-byte encodings of Western European spreadsheets, in order of likelihood. No DOS code page
# (cp850, cp437): a damaged UTF-8 file decodes "validly" as one and turns every name into box-drawing
# characters, and no real export of the last twenty years was written in one.
WESTERN_ENCODINGS = ("cp1252", "iso8859_15", "latin_1", "mac_roman")
_STRAY_BYTE = re.compile("[\udc80-\udcff]")  # a byte that is not UTF-8, as surrogateescape shows it
_REAL_NON_ASCII = re.compile("[^\x00-\x7f\ufffd\udc80-\udcff]")
REPLACEMENT = "\ufffd"


def decode_bytes(data: bytes, file: str) -> tuple[str, str]:
    """Text of a file and the encoding used; an empty, binary or ambiguous file is an error."""
    text, encoding, _ = decode_text(data, file)
    return text, encoding


def decode_text(data: bytes, file: str) -> tuple[str, str, list[int]]:
    """Like ``decode_bytes``, plus the lines that hold damaged text (U+FFFD replacement characters).

    A file that is UTF-8 except for stray bytes, and whose only other non-ASCII characters are
    replacement characters, is UTF-8 that was damaged before it reached us: it is decoded as UTF-8
    with replacement and its damaged lines are returned so that the importer warns about them. A
    file mixing real UTF-8 text with lines in another encoding is refused, naming its first line that
    is not UTF-8: no single encoding reads it right.
    """
    encoding = "utf-8"
    if data.startswith(b"\xef\xbb\xbf"):  # an Excel re-save: the same checks as UTF-8 without a BOM
        data, encoding = data[3:], "utf-8-sig"
    if not data.strip():  # a byte-order mark alone is an empty sheet saved by Excel ("CSV UTF-8")
        raise ImportFormatError(file, "the file is empty")
    for bom, utf16 in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            text = _strict_decode(data[len(bom) :], utf16, file)
            if not text.strip():  # an empty sheet saved as "Unicode text": its mark and a line end
                raise ImportFormatError(file, "the file is empty")
            return text, utf16, _lines_with(text, REPLACEMENT)
    guessed = _utf16_without_bom(data)
    if guessed:
        return _strict_decode(data, guessed, file), guessed, []
    if b"\x00" in data:
        raise ImportFormatError(file, "not a text file (binary data)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return _decode_not_utf8(data, file)
    _refuse_binary(text, file)
    return text, encoding, _lines_with(text, REPLACEMENT)


def _lines_with(text: str, pattern: str | re.Pattern) -> list[int]:
    """1-based physical lines of ``text`` holding ``pattern`` (a character or a compiled pattern)."""
    if isinstance(pattern, str):
        if pattern not in text:
            return []
        return [n for n, line in enumerate(text.split("\n"), start=1) if pattern in line]
    return [n for n, line in enumerate(text.split("\n"), start=1) if pattern.search(line)]


def _decode_not_utf8(data: bytes, file: str) -> tuple[str, str, list[int]]:
    """A file that is not valid UTF-8: damaged UTF-8, UTF-8 mixed with another encoding, or single-byte."""
    loose = data.decode("utf-8", errors="surrogateescape")
    stray_lines = _lines_with(loose, _STRAY_BYTE)
    if _REAL_NON_ASCII.search(loose):
        raise ImportFormatError(
            file,
            "cannot decide the text encoding: UTF-8 mixed with another encoding"
            " (Windows-1252?); this is the first line that is not UTF-8",
            stray_lines[0],
        )
    if REPLACEMENT in loose:
        text = data.decode("utf-8", errors="replace")
        _refuse_binary(text, file)
        return text, "utf-8", sorted(set(stray_lines) | set(_lines_with(loose, REPLACEMENT)))
    text, encoding = _decode_single_byte(data, file)
    return text, encoding, []


def damage_warning(lines: list[int], encoding: str = "utf-8") -> str:
    """What the import summary says of a damaged file (``decode_text``'s lines and encoding): which
    lines to check. A UTF-16 file decodes strictly, so its damage can only be replacement characters
    it already held."""
    shown = ", ".join(map(str, lines[:20])) + (f" and {len(lines) - 20} more" if len(lines) > 20 else "")
    name, what = (
        ("UTF-16", "replacement characters")
        if encoding.startswith("utf-16")
        else ("UTF-8", "bytes that are not UTF-8, or replacement characters")
    )
    return (
        f"damaged {name} ({what}) on line{'s' if len(lines) > 1 else ''}"
        f" {shown}: read as {name} with \ufffd in their place; check the names there"
    )


def _strict_decode(data: bytes, encoding: str, file: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise ImportFormatError(file, f"invalid {encoding.upper()} bytes at offset {error.start}") from None
    _refuse_binary(text, file)
    return text


def _refuse_binary(text: str, file: str) -> None:
    """Refuse NUL and text thick with control characters; import a few strays (they are data)."""
    if "\x00" in text:
        raise ImportFormatError(file, "not a text file (NUL characters)")
    if len(_CONTROL.findall(text)) > BINARY_CONTROL_SHARE * len(text):
        raise ImportFormatError(file, "not a text file (control characters)")


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text of Latin script has a NUL in every other byte."""
    sample = data[:400]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0) / len(sample[0::2])
    odd_nuls = sample[1::2].count(0) / len(sample[1::2])
    if odd_nuls > 0.6 and even_nuls < 0.1:
        return "utf-16-le"
    if even_nuls > 0.6 and odd_nuls < 0.1:
        return "utf-16-be"
    return None


def _decode_single_byte(data: bytes, file: str) -> tuple[str, str]:
    """Windows-1252 and its cousins, but only when the bytes leave no doubt.

    charset-normalizer ranks the candidate encodings; we accept its choice only among Western
    single-byte encodings, only when it decodes to text without control characters, and never
    when the file also holds UTF-8 sequences (a concatenation of two files, or a half-converted
    one): then no single encoding is right, and guessing would corrupt names silently.
    """
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(WESTERN_ENCODINGS)).best()
    encoding = best.encoding if best is not None else None
    if encoding not in WESTERN_ENCODINGS:
        encoding = "cp1252"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        raise ImportFormatError(
            file, "cannot decide the text encoding (not UTF-8 nor Windows-1252)"
        ) from None
    if _CONTROL.search(text):
        raise ImportFormatError(file, "cannot decide the text encoding (control characters after decoding)")
    if _MOJIBAKE.search(text):
        raise ImportFormatError(file, "cannot decide the text encoding (mixes UTF-8 and Windows-1252 bytes)")
    return text, encoding


class Columns(dict):
    """Canonical column name -> the folded header spellings accepted for it.

    ``labels`` keeps how files spell each column ("First Name"), so that an error speaks of the columns
    the user sees in their spreadsheet, never of the names the code uses (``first_name``).
    """

    def __init__(self, **spellings: str) -> None:
        super().__init__({name: {fold(a) for a in aliases.split("|")} for name, aliases in spellings.items()})
        self.labels = {name: aliases.split("|")[0] for name, aliases in spellings.items()}


def column_label(columns: Mapping[str, set[str]], canonical: str) -> str:
    """The spelling of ``canonical`` a user would recognise: the first documented header for it."""
    return getattr(columns, "labels", {}).get(canonical, canonical)


@dataclass
class Table:
    """A decoded table: where its header is, how it is split, and its rows with line numbers."""

    file: str
    text: str
    encoding: str
    delimiter: str
    header_line: int  # 1-based physical line of the header
    header: list[str]
    columns: dict[int, str] = field(default_factory=dict)  # column index -> canonical name
    damaged_lines: list[int] = field(default_factory=list)  # damaged UTF-8 (see ``decode_text``)
    # Its rows (``rows()``), once read to the end: a file read twice (messages.csv: for its owner,
    # then for its ties; the invitations) is split and cleaned once.
    _read: list[tuple[int, dict[str, str]]] | None = field(default=None, repr=False, compare=False)

    def date_orders(self, rows: list[tuple[int, dict[str, str]]], *canonicals: str) -> dict[str, bool | None]:
        """Day/month order of each date column, decided once from all its values (``day_first_order``).

        A column that holds both ``16/09/2021`` and ``09/17/2021`` is an error naming the column and
        both lines: whichever order we chose, some of its dates would be wrong without a word.
        """
        from graphintro.importers.dates import DateOrderConflict, day_first_order

        orders: dict[str, bool | None] = {}
        for canonical in canonicals:
            try:
                orders[canonical] = day_first_order(
                    (row.get(canonical) for _, row in rows), self.delimiter, (line for line, _ in rows)
                )
            except DateOrderConflict as conflict:
                (day_line, day_value), (month_line, month_value) = conflict.day_first, conflict.month_first
                raise ImportFormatError(
                    self.file,
                    f'column "{self.spelled(canonical)}" mixes day-first dates ({day_value}, line'
                    f" {day_line}) and month-first dates ({month_value}, line {month_line}): re-save it with one"
                    " date format",
                    max(day_line, month_line),
                ) from None
        return orders

    def spelled(self, canonical: str) -> str:
        """The header of a canonical column as this file spells it ("Connected On", "Date de mise en relation")."""
        for index, name in self.columns.items():
            if name == canonical:
                return self.header[index]
        return canonical

    def rows(self, blank_rows: bool = False) -> Iterator[tuple[int, dict[str, str]]]:
        """``(line, {canonical: value})`` for each non-blank row; a broken row is an error.

        With ``blank_rows``, a spreadsheet's blank row (delimiters only: ``;;;;;``) comes as
        ``(line, {})``: in a list of people it is a row the user sees and must find reported as
        skipped, so that every row is accounted for. An empty line is not a row.

        Without, the rows of a table read to the end before are given again (the same rows: no
        reader changes them); a read stopped early, or by a broken row, is kept for nothing."""
        if not blank_rows and self._read is not None:
            return iter(self._read)
        return self._rows(blank_rows)

    def _rows(self, blank_rows: bool) -> Iterator[tuple[int, dict[str, str]]]:
        read: list[tuple[int, dict[str, str]]] | None = None if blank_rows else []
        for row in self._split(blank_rows):
            if read is not None:
                read.append(row)
            yield row
        if read is not None:
            self._read = read

    def _split(self, blank_rows: bool) -> Iterator[tuple[int, dict[str, str]]]:
        start_offset = _line_offset(self.text, self.header_line)
        reader = csv.reader(
            io.StringIO(self.text[start_offset:], newline=""), delimiter=self.delimiter, strict=True
        )
        previous_end = 0
        try:
            for index, cells in enumerate(reader):
                first_line = self.header_line + previous_end
                previous_end = reader.line_num
                if index == 0:
                    continue  # the header itself
                if index > MAX_ROWS:
                    raise ImportFormatError(
                        self.file, f"refused: more than {MAX_ROWS:,} rows (split the file)", first_line
                    )
                if not "".join(cells).strip():
                    if blank_rows and len(cells) > 1:
                        yield first_line, {}
                    continue  # a blank row
                yield first_line, self._row_dict(cells)
        except csv.Error as error:
            raise ImportFormatError(
                self.file, f"malformed CSV row ({error})", self.header_line + previous_end
            ) from None

    def _row_dict(self, cells: list[str]) -> dict[str, str]:
        row: dict[str, str] = {}
        count = len(cells)
        for index, name in self.columns.items():
            if index < count:
                value = cells[index].strip()  # clean_value, inlined: called for every cell
                if not value or (len(value) <= 4 and (value.lower() in EMPTY_VALUES or value == "\ufeff")):
                    continue
                if value[0] == "\ufeff":
                    value = value.strip("\ufeff")
                if value and not row.get(name):
                    row[name] = value
        return row


def clean_value(value: str) -> str:
    """A cell as a person meant it: spaces trimmed, spreadsheet fill values emptied."""
    value = value.strip()
    if len(value) <= 4 and (value.lower() in EMPTY_VALUES or value == "\ufeff"):
        return ""
    return value.strip("\ufeff") if value.startswith("\ufeff") else value


def _line_offset(text: str, line: int) -> int:
    offset = 0
    for _ in range(line - 1):
        offset = text.index("\n", offset) + 1
    return offset


def read_table(
    data: bytes,
    file: str,
    columns: Mapping[str, set[str]],
    required: set[str] | None = None,
    min_matches: int = 2,
) -> Table:
    """Decode ``data`` and find the header row among the first lines by its known column names.

    ``columns`` maps each canonical column name to the folded header spellings accepted for it.
    The header is the first line (and delimiter) that names the most known columns; a file
    where no line names at least ``min_matches`` of them has unknown headers and is an error.
    """
    text, encoding, damaged = decode_text(data, file)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lookup = {alias: canonical for canonical, aliases in columns.items() for alias in aliases}
    best: tuple[int, int, str, list[str], dict[int, str]] | None = None
    for line_no, line in enumerate(text.split("\n")[:HEADER_SEARCH_LINES], start=1):
        for delimiter in DELIMITERS:
            if delimiter not in line and min_matches > 1:
                continue
            try:
                cells = next(csv.reader([line], delimiter=delimiter))
            except (csv.Error, StopIteration):
                continue
            mapping = _map_header(cells, lookup)
            if len(set(mapping.values())) >= min_matches and (best is None or len(mapping) > best[0]):
                best = (len(mapping), line_no, delimiter, cells, mapping)
    if best is None:
        raise ImportFormatError(
            file,
            "unrecognised headers (expected columns such as "
            + ", ".join(column_label(columns, c) for c in list(columns)[:6])
            + ")",
            1,
        )
    _, line_no, delimiter, cells, mapping = best
    missing = (required or set()) - set(mapping.values())
    if missing:
        listed = ", ".join(column_label(columns, c) for c in columns if c in missing)
        raise ImportFormatError(file, f"missing column(s): {listed}", line_no)
    return Table(file, text, encoding, delimiter, line_no, [c.strip() for c in cells], mapping, damaged)


def note_damage(table: Table, parsed) -> None:
    """Tell the import summary about a damaged UTF-8 file that was read (``decode_text``)."""
    if table.damaged_lines:
        from graphintro.importers.model import Skipped

        parsed.warnings.append(
            Skipped(table.file, table.damaged_lines[0], damage_warning(table.damaged_lines, table.encoding))
        )


def _map_header(cells: list[str], lookup: Mapping[str, str]) -> dict[int, str]:
    mapping: dict[int, str] = {}
    taken: set[str] = set()
    for index, cell in enumerate(cells):
        canonical = lookup.get(fold(clean_value(cell)))
        if canonical and canonical not in taken:
            mapping[index] = canonical
            taken.add(canonical)
    return mapping
