"""Importers: from the files users have to plain rows, with the format detected from the content.

``parse_path`` is the one entry point: it reads a ZIP, a folder or a file, decides its format
(or takes ``--format``), and returns a ``ParsedSource`` without touching the store.
"""

from __future__ import annotations

import re
from pathlib import Path

from graphintro.errors import ImportFormatError, UsageError
from graphintro.identity import fold
from graphintro.importers.model import ParsedSource
from graphintro.importers.sources import fingerprint, is_zip

FORMATS = ("linkedin", "viadeo", "vcard", "csv", "groups")
# Far above any real export (a complete LinkedIn archive is a few MB to a few hundred).
MAX_FILE_BYTES = 1024 * 1024 * 1024
_DIGITS = re.compile(r"[\d_\-\s]+")


def detect_format(path: Path) -> str:
    """The format of ``path`` from what it holds, not from its name alone."""
    from graphintro.importers import linkedin
    from graphintro.importers.tabular import decode_bytes, read_table

    if path.is_dir() or is_zip(path):
        return "linkedin"
    data = path.read_bytes()
    if path.suffix.lower() in {".vcf", ".vcard"}:
        return "vcard"
    text, _ = decode_bytes(data, str(path))
    if text.lstrip().upper().startswith("BEGIN:VCARD"):
        return "vcard"
    if linkedin.file_role(path.name):
        return "linkedin"
    from graphintro.importers.groups import GROUP_COLUMNS

    for fmt, columns, required in (
        ("groups", GROUP_COLUMNS, {"group"}),
        ("linkedin", linkedin.CONNECTION_COLUMNS, {"first_name", "last_name", "connected_on"}),
    ):
        try:
            table = read_table(data, str(path), columns, min_matches=2)
        except ImportFormatError:
            continue
        if required <= set(table.columns.values()):
            return fmt
    return "csv"


def parse_path(
    path: Path,
    owner_name: str = "",
    owner_url: str = "",
    fmt: str | None = None,
    mapping: dict[str, str] | None = None,
) -> ParsedSource:
    """Read one path the user gave to ``graphintro import``."""
    from graphintro.importers import addressbook, groups, linkedin, vcard

    if not path.exists():
        raise ImportFormatError(str(path), "no such file or folder")
    if fmt and fmt not in FORMATS:
        raise UsageError(f"--format must be one of {', '.join(FORMATS)}")
    if path.is_file() and path.stat().st_size == 0:
        raise ImportFormatError(str(path), "the file is empty")
    if path.is_file() and path.stat().st_size > MAX_FILE_BYTES:
        raise ImportFormatError(str(path), f"refused: larger than {MAX_FILE_BYTES >> 20} MB (split the file)")
    chosen = fmt or detect_format(path)
    if chosen == "viadeo":
        chosen_parser = "vcard" if path.suffix.lower() in {".vcf", ".vcard"} or _starts_vcard(path) else "csv"
    else:
        chosen_parser = chosen
    if chosen_parser != "linkedin" and not path.is_file():
        raise ImportFormatError(str(path), f"--format {chosen} expects a file, not a folder")
    if chosen_parser == "linkedin":
        parsed = linkedin.parse(path, owner_name, owner_url)
    elif chosen_parser == "vcard":
        parsed = vcard.parse(path, owner_name, owner_url)
    elif chosen_parser == "groups":
        parsed = groups.parse(path, owner_name, owner_url)
    else:
        parsed = addressbook.parse(path, owner_name, owner_url, mapping=mapping)
    if parsed.source != "linkedin":
        # A newer export of the same address book ends the contacts it no longer lists; two
        # different address books of one owner must not end each other's.
        parsed.source = f"{chosen}:{_DIGITS.sub(' ', fold(path.stem)).strip() or 'contacts'}"
    parsed.fingerprint = fingerprint(path)
    return parsed


def _starts_vcard(path: Path) -> bool:
    with path.open("rb") as handle:
        return b"BEGIN:VCARD" in handle.read(512).upper()
