"""Connections.csv: the owner's first-degree connections, the list of ties a newer export replaces."""

from __future__ import annotations

from graphintro.identity import full_name, normalize_url
from graphintro.importers.dates import parse_date
from graphintro.importers.linkedin.columns import CONNECTION_COLUMNS
from graphintro.importers.linkedin.context import _Context
from graphintro.importers.model import ParsedSource, PersonRow, Skipped
from graphintro.importers.sources import SourceFile
from graphintro.importers.tabular import note_damage, read_table


def _connections(source_file: SourceFile, parsed: ParsedSource, context: _Context) -> None:
    table = read_table(
        source_file.read(),
        source_file.display,
        CONNECTION_COLUMNS,
        required={"first_name", "last_name"},
        min_matches=3,
    )
    note_damage(table, parsed)
    parsed.has_connections = True
    rows = list(table.rows(blank_rows=True))
    day_first = table.date_orders(rows, "connected_on")["connected_on"]
    for line, row in rows:
        name = full_name(row.get("first_name"), row.get("last_name"))
        first, last = row.get("first_name", ""), row.get("last_name", "")
        if not has_name(name):
            # A hidden name ("-", "--") on a real account: the URL's slug names it, as elsewhere.
            name, first, last = url_slug(row.get("url", "")), "", ""
        if not name:
            parsed.skipped.append(Skipped(source_file.display, line, "no name"))
            continue
        parsed.contacts.append(
            PersonRow(
                name=name,
                first_name=first,
                last_name=last,
                company=row.get("company", ""),
                position=row.get("position", ""),
                url=row.get("url", ""),
                email=row.get("email", ""),
                connected_on=parse_date(row.get("connected_on"), day_first),
                file=source_file.display,
                line=line,
            )
        )


def has_name(name: str) -> bool:
    """A name has a letter or a digit: "-", "--" or "." are placeholders for a hidden one.

    Its first character answers for almost every name, without walking it (a call per contact)."""
    return name[:1].isalnum() or any(character.isalnum() for character in name)


def url_slug(url: str) -> str:
    """The last part of a profile URL ("thomas-fabre-8b2"): what names an account whose name is hidden."""
    key = normalize_url(url)
    return key.rsplit("/", 1)[-1] if "/" in key else ""
