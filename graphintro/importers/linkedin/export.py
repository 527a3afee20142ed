"""Reading a whole export (ZIP, folder or single CSV): which file is what, which fail alone, its date."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from graphintro.errors import ImportFormatError
from graphintro.importers.linkedin.connections import _connections
from graphintro.importers.linkedin.context import _Context
from graphintro.importers.linkedin.endorsements import _endorsements, _endorsements_given, _recommendations
from graphintro.importers.linkedin.invitations import _invitations
from graphintro.importers.linkedin.messages import _messages
from graphintro.importers.linkedin.owner import export_owner
from graphintro.importers.linkedin.profile import _ad_targeting, _positions, _profile, _skills
from graphintro.importers.model import ParsedSource, Skipped
from graphintro.importers.sources import SourceFile, is_zip, list_files
from graphintro.importers.tabular import note_damage

# Export archive names carry the export date: Basic_LinkedInDataExport_03-15-2024.zip
_EXPORT_DATE = re.compile(r"(\d{2})-(\d{2})-(\d{4})")
# Member_Follows_851591050.csv, and the copies a file manager makes: "Skills (1).csv" -> "skills_(1)".
_NUMERIC_SUFFIX = re.compile(r"(_\d+|_?\(\d+\))$")
# The file whose failure fails the import: without it there is no list of ties to import.
ESSENTIAL_ROLE = "connections"


def file_role(name: str) -> str:
    """What a file of the export is, by name: case, spaces and numeric suffixes ignored."""
    stem = PurePosixPath(name).name
    if not stem.lower().endswith(".csv"):
        return ""
    key = _NUMERIC_SUFFIX.sub("", stem[:-4].strip().lower().replace(" ", "_"))
    return key if key in PARSERS else ""


def parse(path: Path, owner_name: str = "", owner_url: str = "") -> ParsedSource:
    """Read an export (ZIP, folder or single CSV) of the owner ``owner_name``.

    Only the connections file (or a file given on its own) is essential: a bad auxiliary file
    (a header-less ``Skills.csv``, a damaged ``Positions.csv``, a second copy of a file) is left out,
    listed in ``skipped_files`` with its line and reason, and the rest of the export imports. Losing
    every connection for the sake of a skills list would be the worse outcome.

    Whose export it is comes from the export itself (``export_owner``): messages and invitations
    are oriented by that identity, ``owner_name`` and ``owner_url`` serving only when the export
    names nobody (a lone Connections.csv). A file naming someone else is skipped too.
    """
    parsed = ParsedSource(path=str(path), format="linkedin", source="linkedin")
    files = list(list_files(path))
    given_alone = path.is_file() and not is_zip(path)
    if given_alone and len(files) == 1 and not file_role(files[0].name):
        files[0].name = "Connections.csv"  # a single file the user forced with --format linkedin
    recognised: list[tuple[str, SourceFile]] = []
    for source_file in files:
        role = file_role(source_file.name)
        if role:
            recognised.append((role, source_file))  # two files of one role (the 2022 endorsement twins): both
        else:
            parsed.unknown_files.append(source_file.name)
    if not recognised:
        raise ImportFormatError(str(path), "no LinkedIn export file found (expected Connections.csv)")
    # The copy at the top of the export is the essential one; a second copy in a subfolder is not.
    recognised.sort(key=lambda item: (item[0] != "profile", item[1].name.count("/")))
    essential = next((f for role, f in recognised if role == ESSENTIAL_ROLE), None)
    context = _Context(owner_name, owner_url)
    owner, foreign = export_owner({role: f for role, f in reversed(recognised)}, context)
    context.adopt(owner)
    parsed.export_owner = owner if owner.name or owner.url else None
    for role, source_file in recognised:
        if source_file.display in foreign:
            parsed.skipped_files.append(Skipped(source_file.display, None, foreign[source_file.display]))
            continue
        _run_or_skip(
            PARSERS[role], source_file, parsed, context, essential=given_alone or source_file is essential
        )
    if not parsed.files_read:  # nothing readable at all: the first reason is the error
        first = parsed.skipped_files[0]
        raise ImportFormatError(first.file, first.reason, first.line)
    parsed.export_date = _export_date(path, parsed)
    parsed.export_date_known = bool(_EXPORT_DATE.search(path.name))
    return parsed


def _run(parser: Callable, source_file: SourceFile, parsed: ParsedSource, context: _Context) -> None:
    parser(source_file, parsed, context)
    parsed.files_read.append(source_file.name)
    table = context.tables.get(source_file.display)
    if table is not None:
        note_damage(table, parsed)  # damaged UTF-8 that was read: the summary says which lines to check


_ROW_LISTS = ("contacts", "interactions", "positions", "skills", "memberships", "skipped", "warnings")


def _run_or_skip(
    parser: Callable, source_file: SourceFile, parsed: ParsedSource, context: _Context, essential: bool
) -> None:
    """Parse one file; a bad auxiliary file is undone whole and listed as skipped, a bad essential one raises."""
    from graphintro.errors import ImportFormatError

    lengths = {name: len(getattr(parsed, name)) for name in _ROW_LISTS}
    before = (
        dict(parsed.profile),
        parsed.has_connections,
        set(context.names),
        dict(parsed.messages_left_out),
    )
    try:
        _run(parser, source_file, parsed, context)
    except ImportFormatError as error:
        if essential:
            raise
        for name, length in lengths.items():
            del getattr(parsed, name)[length:]  # rows read before the bad line are not half a file's worth
        parsed.profile, parsed.has_connections, context.names, parsed.messages_left_out = before
        parsed.skipped_files.append(Skipped(error.file, error.line, error.reason))


PARSERS: dict[str, Callable[[SourceFile, ParsedSource, _Context], None]] = {
    "connections": _connections,
    "messages": _messages,
    "invitations": _invitations,
    "endorsement_received_info": _endorsements,
    "endorsement_given_info": _endorsements_given,
    "recommendations_received": _recommendations,
    "positions": _positions,
    "profile": _profile,
    "skills": _skills,
    "ad_targeting": _ad_targeting,
}


def _export_date(path: Path, parsed: ParsedSource) -> str | None:
    """When the export was made: from the archive name, else the latest date seen inside it."""
    match = _EXPORT_DATE.search(path.name)
    if match:
        month, day, year = match.groups()
        return f"{year}-{month}-{day}"
    seen = [c.connected_on for c in parsed.contacts if c.connected_on]
    seen += [i.at[:10] for i in parsed.interactions if i.at]
    return max(seen) if seen else None
