"""Writing parsed exports into the store: one transaction per import, identity resolved on the way.

Everything is parsed before the first write, and written inside one ``BEGIN IMMEDIATE``
transaction: a bad file, a crash or a concurrent import leaves the store exactly as it was.
Re-importing a file already imported for the same owner changes nothing; a newer export of an
owner updates that owner's ties and marks the contacts it no longer lists as ended.

One concept per module: ``summary`` (what goes in and comes out), ``parsing`` (one member's
exports read and checked before any write), ``parse_ahead`` (a team's exports parsed in two
other processes while the first writes), ``bulk_load`` (SQLite and Python settings of a large load),
``store_source`` (the identity index's SQL), ``owner_book`` (an owner's records, to recognise a
contact seen again), ``writer`` (the writes of one transaction), ``people_view`` (what is shown for
a person). This module runs them: ``import_paths`` for one member, ``import_team`` for a team.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import nullcontext
from pathlib import Path

from graphintro.importers.model import ParsedSource
from graphintro.ingest.bulk_load import (
    _LookupIndexes,
    _references_checked_once,
    _without_cycle_collection,
    _WrittenRows,
)
from graphintro.ingest.parse_ahead import PARALLEL_PARSE_MIN, _parsed_ahead
from graphintro.ingest.parsing import _check_owner, _parse, check_export_owner, learned_owner_url, row_keys
from graphintro.ingest.people_view import refresh_people
from graphintro.ingest.summary import FileSummary, ImportSummary, Progress, TeamExport
from graphintro.ingest.writer import FUZZY_COMPANY_MAX, _Writer
from graphintro.store import Store, StoreError

# What callers import from here (the CLI, the demo, people, privacy, manifest, the web app, tests).
__all__ = [
    "FUZZY_COMPANY_MAX",
    "PARALLEL_PARSE_MIN",
    "SLICE_ROWS",
    "UNTRACKED_TEAM_MIN",
    "FileSummary",
    "ImportSummary",
    "Progress",
    "TeamExport",
    "check_export_owner",
    "import_paths",
    "import_team",
    "learned_owner_url",
    "refresh_people",
    "row_keys",
]


def import_paths(
    store: Store,
    paths: Iterable[str | Path],
    owner: str,
    owner_url: str = "",
    fmt: str | None = None,
    mapping: dict[str, str] | None = None,
    progress: Progress | None = None,
    owner_mismatch_ok: bool = False,
) -> ImportSummary:
    """Import exports of ``owner`` into ``store``, all or nothing.

    An export that names another owner than ``owner`` (or ``owner_url``) is refused with
    ``OwnerMismatchError`` unless ``owner_mismatch_ok``: see ``check_export_owner``."""
    export = TeamExport(owner, list(paths), owner_url, fmt, mapping, owner_mismatch_ok)
    _check_owner(export)
    parsed = _parse(export)
    with _without_cycle_collection(), store.transaction() as conn:
        writer = _Writer(conn, progress)
        writer.reuse_index(store)
        summary = writer.write_export(export, parsed)
        after_commit = store.generation + 1  # our commit moves it on by one; anyone else's by more
    store._identity_cache = writer.kept_for_next(after_commit)  # the next import in this process starts warm
    return summary


# A team's import of at least this many exports is written without the log of changes (its triggers
# would cost a tenth of the import): the caches are then built whole once, rather than caught up.
UNTRACKED_TEAM_MIN = 8


# A team's import forgets the people it holds in memory after about this many rows (contacts,
# messages, group memberships) and reads them back from the store (``_Writer.start_slice``): its
# memory is bounded whatever the team's size. A thousand members of a thousand contacts are one slice.
SLICE_ROWS = 1_500_000


def import_team(
    store: Store,
    exports: Iterable[TeamExport],
    progress: Progress | None = None,
    untracked: bool | None = None,
    slice_rows: int = SLICE_ROWS,
) -> list[ImportSummary]:
    """Import the exports of a whole team, in order, all or nothing: the nightly job of a team.

    The result is the one of ``import_paths`` called for each export in turn, but in one
    transaction: each commit of a large store rewrites thousands of index pages, and a team
    of a thousand members would pay it a thousand times. While one member's exports are being
    written, the next ones are parsed in two other processes. A bad file anywhere leaves the store
    as it was. ``progress`` is told (exports written, exports). ``untracked`` (by default, from
    ``UNTRACKED_TEAM_MIN`` exports on): written without the log of changes (``Store.untracked``).

    Memory is bounded: after each ``slice_rows`` rows written, the writer forgets the people it
    holds (``_Writer.start_slice``) and reads them back from the store as they come up again;
    the slices are still one transaction, so a bad file in the last slice undoes the first (the
    store's file is left byte for byte as it was)."""
    exports = list(exports)
    for export in exports:
        _check_owner(export)
    if untracked is None:
        untracked = len(exports) >= UNTRACKED_TEAM_MIN
    summaries: list[ImportSummary] = []
    with (
        _parsed_ahead(exports) as parsed_exports,
        _without_cycle_collection(),
        _references_checked_once(store),
        store.transaction() as conn,
        store.untracked() if untracked else nullcontext(),
    ):
        written = _WrittenRows(conn)
        writer = _Writer(conn, None)
        writer.reuse_index(store)
        indexes = _LookupIndexes(conn, first_load=writer.last_old_record == 0)
        in_slice = 0
        for number, (export, parsed) in enumerate(zip(exports, parsed_exports, strict=True), start=1):
            summaries.append(writer.write_export(export, parsed))
            in_slice += _rows(parsed)
            if in_slice >= slice_rows and number < len(exports):
                if writer.start_slice():
                    indexes.restore()  # the writer looks people up in the store from here on
                in_slice = 0
            if progress:
                progress(number, len(exports))
        indexes.restore()
        broken = written.broken_reference()  # the rows this import wrote; the others were checked before
        if broken:
            raise StoreError(
                f"{store.path}: the team's import would leave a {broken[0]} row pointing at a"
                f" missing {broken[2]} row: nothing was written"
            )
        after_commit = store.generation + 1
    store._identity_cache = writer.kept_for_next(after_commit)
    return summaries


def _rows(parsed: list[ParsedSource]) -> int:
    """The rows of one member's parsed exports that can bring people into the writer's memory."""
    return sum(len(s.contacts) + len(s.interactions) + len(s.memberships) for s in parsed)
