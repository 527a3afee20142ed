"""What the parsers of one export share: the owner's identity (to orient messages) and the tables read."""

from __future__ import annotations

from graphintro.identity import name_key, normalize_url
from graphintro.importers.model import ExportOwner
from graphintro.importers.sources import SourceFile
from graphintro.importers.tabular import Table, read_table


class _Context:
    """What parsers of the other files need to know about the owner (to orient messages), and the
    tables already read (the owner's identity is looked for in them first)."""

    def __init__(self, owner_name: str, owner_url: str) -> None:
        self.given_name = owner_name
        self.names = {name_key(owner_name)} - {""}
        self.url = normalize_url(owner_url)
        self.tables: dict[str, Table] = {}

    def adopt(self, owner: ExportOwner) -> None:
        """The export's own owner decides from now on: ``--owner``'s spelling no longer does."""
        if owner.name:
            self.names = {name_key(owner.name)} - {""}
        if owner.url:
            self.url = normalize_url(owner.url)

    def is_owner(self, name: str, url: str) -> bool:
        if url and self.url:
            return normalize_url(url) == self.url
        return name_key(name) in self.names

    def table(self, source_file: SourceFile, columns: dict[str, set[str]], min_matches: int) -> Table:
        """The file's table, decoded once for the owner's identity and the rows alike."""
        key = source_file.display
        if key not in self.tables:
            self.tables[key] = _table(source_file, columns, min_matches)
        return self.tables[key]


def _table(source_file: SourceFile, columns: dict[str, set[str]], min_matches: int = 2) -> Table:
    return read_table(source_file.read(), source_file.display, columns, min_matches=min_matches)
