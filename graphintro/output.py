"""One escaping rule per output: every string that comes from an export is hostile.

Anyone can write anything in their name, headline, company or group description, and it reaches
graphintro through a teammate's export. The store keeps what the export said; each output applies
its own rule where it is written, never by cleaning the store:

- ``csv_cell`` — a spreadsheet must see no formula (OWASP "CSV injection").
- ``terminal_text`` — no control character, ANSI escape or bidirectional override reaches a terminal.
- ``markdown_text`` — no Markdown or HTML viewer renders a link, image or tag that the data wrote.
- ``json_text`` — valid JSON for any string (lone surrogates, NUL, C1 controls, bidi overrides).
- ``web_url`` — only ``http(s)`` URLs become links in an HTML page.
- ``xml_text`` — only characters XML 1.0 allows (GraphML, GEXF): a stray control character in a
  name would make the whole file unreadable to Gephi.

HTML itself is escaped by Jinja2's autoescape (``graphintro.report``); Cypher takes parameters only
(``graphintro.backends.neo4j``).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from urllib.parse import urlsplit

# OWASP (CSV Injection): a cell starting with one of these is read as a formula by Excel, LibreOffice
# or Google Sheets; tab and carriage return can hide the character that follows them.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

# Characters that change how a terminal shows what follows: C0 and C1 controls (ESC starts ANSI
# sequences, CSI is U+009B), DEL, and the Unicode bidirectional embeddings, overrides, isolates and
# marks that can show a line in another order than it is written ("Trojan Source", CVE-2021-42574);
# line and paragraph separators; zero-width space and the BOM used as zero-width no-break space.
# Zero-width joiners (U+200C, U+200D) stay: they belong to emoji and to Persian or Indic names.
# (Each pattern is compiled at its first use, by ``re``'s own cache: their compilation was most
# of this module's import, ~15 M instructions, which a path question's JSON never needs: ``_printable``.)
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_INVISIBLE = "\u200b\u2028\u2029\u2060\ufeff"
_TERMINAL_UNSAFE = f"[\x00-\x1f\x7f-\x9f{_BIDI}{_INVISIBLE}]"
_TERMINAL_UNSAFE_KEEP_NEWLINE = f"[\x00-\x09\x0b-\x1f\x7f-\x9f{_BIDI}{_INVISIBLE}]"
# An ANSI escape sequence as a whole (CSI ... final byte, OSC ... BEL/ST, two-character escapes), so
# that its parameters ("[31m") do not stay behind as noise once ESC is gone.
_ANSI = (
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]|(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[@-Z\\-_]"
)
_SURROGATE = "[\ud800-\udfff]"
# Characters a JSON text may carry raw but a terminal or a JavaScript parser should not receive raw.
_JSON_ESCAPE = f"[\x7f-\x9f{_BIDI}{_INVISIBLE}\ud800-\udfff]"

# Markdown: any ASCII punctuation character may be backslash-escaped (CommonMark 2.4). Escaped here:
# every character with a meaning in CommonMark, GitHub-flavoured Markdown (tables, strikethrough,
# math) or its autolinks ("www\.x\.com", "https\://", "a\@b" are no link to make). Parentheses
# and commas stay: with every "[" and "]" escaped, no link destination can open. Between two digits
# "-", "." and ":" mean nothing ("2026-11-02", "0.91"), so dates and numbers stay legible.
# The HTML metacharacters become entities, which every Markdown viewer shows as text.
_MARKDOWN_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;"}
_MARKDOWN_PUNCTUATION = r"""(?<!\d)[-.:]|[-.:](?!\d)|[!#$*+=@\[\\\]^_`{|}~]"""


def terminal_text(value: object, keep_newlines: bool = False) -> str:
    """``value`` as text that cannot drive a terminal: escapes, controls and bidi overrides removed.

    An ANSI sequence is dropped whole; any other control, bidi or invisible character becomes a
    space (a tab, a newline) or disappears (the rest), so a real name with a stray bidi mark or
    zero-width space prints as the name. ``keep_newlines`` keeps ``\\n`` for multi-line output that
    graphintro itself composed.
    """
    text = str(value)
    if _printable(text, keep_newlines):
        return text  # nothing to remove: a whole answer's text, read once
    text = re.sub(_SURROGATE, "\ufffd", re.sub(_ANSI, "", text))
    pattern = _TERMINAL_UNSAFE_KEEP_NEWLINE if keep_newlines else _TERMINAL_UNSAFE
    return re.sub(pattern, lambda m: " " if m.group(0) in "\t\n\r\x0b\x0c\u2028\u2029" else "", text)


def _printable(text: str, newlines: bool = False) -> bool:
    """Whether ``text`` (with its newlines, if ``newlines``) holds only printable characters: then no
    pattern of this module finds anything in it, since each character they take is a control, a
    format character, a separator or a surrogate, none of which Python counts as printable
    (``str.isprintable``: one pass in C, where each ``re`` pattern is a pass of its own)."""
    return (text.replace("\n", "") if newlines else text).isprintable()


def safe_echo(echo: Callable[[str], None]) -> Callable[[str], None]:
    """An ``echo`` whose lines go through ``terminal_text``: renderers stay plain, output stays safe."""

    def write(line: str = "") -> None:
        echo(terminal_text(line, keep_newlines=True))

    return write


def csv_cell(value: object) -> object:
    """A cell no spreadsheet reads as a formula (OWASP): a leading ``= + - @``, tab or CR gets a ``'``.

    Leading spaces do not hide a formula from every spreadsheet, so they count too. Numbers stay numbers (a negative score is no formula); text that merely looks like one is prefixed
    with a single quote, which Excel and LibreOffice show as text. The ``csv`` module does the quoting.
    """
    if value is None or isinstance(value, (bool, int, float)):
        return value
    text = str(value)
    if not text.isprintable():  # (a printable text holds no surrogate)
        text = re.sub(_SURROGATE, "\ufffd", text)
    if text.startswith(FORMULA_PREFIXES) or text.lstrip(" \u00a0").startswith(FORMULA_PREFIXES[:4]):
        return "'" + text
    return text


def csv_row(values: Iterable[object]) -> list[object]:
    """``csv_cell`` on every cell of a row."""
    return [csv_cell(value) for value in values]


def markdown_text(value: object) -> str:
    """``value`` as Markdown that renders as exactly this text, on one line.

    HTML metacharacters become entities, every other ASCII punctuation character is backslash-escaped
    (no link, image, emphasis, heading, table cell or autolink can come from the data), a combining
    grapheme joiner follows an "@" inside a word, and terminal controls are removed; line breaks become spaces so
    a value cannot open a new block.
    """
    text = terminal_text(value)
    text = re.sub(_MARKDOWN_PUNCTUATION, lambda m: "\\" + m.group(0), text)
    # GitHub's renderer finds e-mail addresses after unescaping; an invisible mark after "@" is the
    # only thing that keeps "a@b.example" from becoming a mailto: link there. The combining grapheme
    # joiner (U+034F), not a zero-width space: the terminal filter removes the latter, and a report
    # printed to standard output (``report --format md > file.md``) must stay as safe as ``--out``.
    text = re.sub(r"\\@(?=\w)", "\\\\@\u034f", text)
    return re.sub(r"[<>&\"]", lambda m: _MARKDOWN_ENTITIES[m.group(0)], text)


def json_text(data: object, indent: int | None = 2) -> str:
    """JSON for any data: valid UTF-8 even with lone surrogates, and nothing a terminal would obey.

    ``json.dumps`` already escapes C0 controls (NUL, ESC); C1 controls, bidi overrides, invisible
    separators and lone surrogates are written as ``\\uXXXX`` escapes too, which every JSON parser
    reads back as the same string.
    """
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    if _printable(text, newlines=True):
        return text
    return re.sub(_JSON_ESCAPE, lambda m: f"\\u{ord(m.group(0)):04x}", text)


def web_url(value: object) -> str | None:
    """``value`` if it is an absolute ``http(s)`` URL fit for a link, else None (``javascript:``, ``data:``…)."""
    text = str(value or "").strip()
    if not text or re.search(_TERMINAL_UNSAFE, text) or any(c.isspace() for c in text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        return None
    return text


# XML 1.0 (section 2.2) allows tab, newline, carriage return and U+0020 up; not the other C0
# controls, not U+FFFE/U+FFFF, not lone surrogates. Real exports hold C0 characters (a vertical
# tab pasted from Word, an escape sequence), and one makes a GraphML file unreadable as a whole.
_XML_FORBIDDEN = "[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]"


def xml_text(value: object) -> str:
    """``value`` as text every XML 1.0 parser reads: ANSI sequences dropped whole, characters XML
    forbids removed, lone surrogates replaced (the XML writer escapes ``<``, ``&`` and quotes)."""
    text = re.sub(_SURROGATE, "\ufffd", re.sub(_ANSI, "", str(value)))
    return re.sub(_XML_FORBIDDEN, "", text)


def plain_text(value: object) -> str:
    """``value`` as text any UTF-8 file can hold (a lone surrogate cannot be encoded): for typed
    binary tables (Parquet), where no character has a meaning."""
    text = str(value)
    return text if text.isprintable() else re.sub(_SURROGATE, "\ufffd", text)


class TerminalStream:
    """A text stream that passes everything written through ``terminal_text`` (newlines kept).

    The CLI puts it in front of standard output for the time of a command, so that every line any
    renderer writes — ``echo``, a rich table, the demo — is safe on a terminal, including the
    renderers of commands added later. It has no ``buffer``, so nothing writes around it.
    """

    def __init__(self, stream) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        if not isinstance(text, str):  # click probes for a binary stream with write(b""): this is none
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        self._stream.write(terminal_text(text, keep_newlines=True))
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        self._stream.flush()

    def isatty(self) -> bool:
        return bool(getattr(self._stream, "isatty", lambda: False)())

    def fileno(self) -> int:
        return self._stream.fileno()

    @property
    def encoding(self) -> str:
        return getattr(self._stream, "encoding", None) or "utf-8"

    @property
    def errors(self) -> str:
        return getattr(self._stream, "errors", None) or "strict"

    def writable(self) -> bool:
        return True


@contextmanager
def terminal_stdout():
    """Standard output through ``TerminalStream`` for the ``with`` block (restored after)."""
    original = sys.stdout
    if isinstance(original, TerminalStream):
        yield original
        return
    sys.stdout = TerminalStream(original)
    try:
        yield sys.stdout
    finally:
        sys.stdout = original  # restored first: the flush may raise (a closed pipe)
        original.flush()
