"""What makes a large import cheap in SQLite and Python: foreign keys checked once, on the rows the
import wrote, the cycle collector paused, the lookup indexes of a first load built once, sorted, at the end.
"""

from __future__ import annotations

import gc
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from graphintro.store import Store


@contextmanager
def _references_checked_once(store: Store) -> Iterator[None]:
    """Foreign keys checked once at the end of a team's import (``foreign_key_check``), not at each row.

    SQLite looks up four parents for each record written: a tenth of the import. The pragma can
    only change outside a transaction, hence around it."""
    store.conn.execute("PRAGMA foreign_keys = OFF")
    try:
        yield
    finally:
        store.conn.execute("PRAGMA foreign_keys = ON")


class _WrittenRows:
    """The rows an import writes, to check their references once at the end (``broken_reference``).

    Taken inside the import's transaction before its first write: each table with references is
    noted with its largest row id, and every row above it is this import's. The whole store's
    ``PRAGMA foreign_key_check`` read every row of it (4 s of CPU at 1,000 x 1,000, ten times that
    at 2,000 x 5,000) for a nightly import of a few members: the rows a small import writes are
    checked in milliseconds. The rows an import updates rather
    than inserts change no reference but ``records.last_import_id``, set to an import the same
    transaction inserts (``_Writer``); an import deletes nothing."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        tables = [
            row[0]
            for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        ]
        self.references = {
            table: conn.execute(f'PRAGMA foreign_key_list("{table}")').fetchall() for table in tables
        }
        self._dense: dict[str, tuple[str, int] | None] = {}  # parent -> (its key, its rows) when 1..n
        self.after = {
            table: conn.execute(f'SELECT COALESCE(MAX(rowid), 0) FROM "{table}"').fetchone()[0]
            for table, references in self.references.items()
            if references
        }

    def broken_reference(self) -> tuple[str, int, str] | None:
        """The first row written since that points at a missing row: (its table, its row id, the
        table it points into), as ``PRAGMA foreign_key_check`` names it; None when there is none."""
        for table, after in self.after.items():
            if after == 0 and self._within_dense_parents(table):
                continue
            if after == 0 or any(reference[4] is None for reference in self.references[table]):
                # Every row is new (a first load: SQLite's own check is twice as fast as the look-ups
                # below, 3.6 s against 7.4 s of CPU at 1,000 x 1,000), or a reference to a primary key
                # left unnamed: SQLite's own check of the table.
                found = self.conn.execute(f'PRAGMA foreign_key_check("{table}")').fetchone()
                if found:
                    return found[0], found[1], found[2]
                continue
            for reference in self.references[table]:
                _, _, parent, column, key = reference[:5]
                found = self.conn.execute(
                    f'SELECT t.rowid FROM "{table}" AS t WHERE t.rowid > ? AND t."{column}" IS NOT NULL'
                    f' AND NOT EXISTS (SELECT 1 FROM "{parent}" AS p WHERE p."{key}" = t."{column}")'
                    " LIMIT 1",
                    (after,),
                ).fetchone()
                if found:
                    return table, found[0], parent
        return None

    def _within_dense_parents(self, table: str) -> bool:
        """Whether every reference of ``table`` (all its rows) is surely to a row that exists: each
        points into a parent whose integer keys are exactly 1..n (no row ever deleted: an import's
        parents on a first load), and each column's values lie between 1 and n. One scan of the table
        and no look-up: ``PRAGMA foreign_key_check`` looks each row's parents up, all over the store (at
        2,000 x 5,000, 9M records, about 8 min of the first load's finish on a loaded machine). False (then
        SQLite's own check decides, and names the row) when a parent has gaps or a value is out of
        range or not an integer."""
        bounds = []
        for reference in self.references[table]:
            parent, column, key = reference[2], reference[3], reference[4]
            size = self._dense_size(parent, key)
            if size is None:
                return False
            bounds.append((column, size))
        if not bounds:
            return True
        aggregates = ", ".join(
            f'MIN("{column}"), MAX("{column}"), MAX(typeof("{column}") NOT IN (\'integer\', \'null\'))'
            for column, _ in bounds
        )
        found = self.conn.execute(f'SELECT {aggregates} FROM "{table}"').fetchone()
        for number, (_, size) in enumerate(bounds):
            low, high, odd = found[3 * number : 3 * number + 3]
            if low is None:
                continue  # nothing but NULLs: no reference at all
            if odd or not (isinstance(low, int) and isinstance(high, int) and low >= 1 and high <= size):
                return False
        return True

    def _dense_size(self, parent: str, key: str | None) -> int | None:
        """n when ``parent``'s rows are keyed exactly 1..n by its integer primary key ``key``; else None."""
        if parent not in self._dense:
            self._dense[parent] = None
            columns = self.conn.execute(f'PRAGMA table_info("{parent}")').fetchall()
            primary = [column for column in columns if column[5]]
            if len(primary) == 1 and primary[0][2].upper() == "INTEGER":
                count, low, high = self.conn.execute(
                    f'SELECT COUNT(*), MIN(rowid), MAX(rowid) FROM "{parent}"'
                ).fetchone()
                if count == 0 or (low == 1 and high == count):
                    self._dense[parent] = (primary[0][1], count)
        dense = self._dense[parent]
        if dense is None or dense[0] != key:
            return None
        return dense[1]


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused while an import writes (and back as it was afterwards).

    An import makes millions of small objects that live on (the identity index) and no cycles;
    the collector would walk all of them again and again as they pile up: a quarter of the time
    of a team's import, measured."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# What finds a person by URL, email, name or company: the identity index does, in memory, while
# it holds every record of the store.
_LOOKUP_INDEXES = (
    "records_url",
    "records_email",
    "records_name",
    "records_company",
    "records_person_company",
    "people_name_key",
    "people_company_key",
)


class _LookupIndexes:
    """On an empty store, the lookup indexes are dropped and built again, sorted, once they are needed.

    The identity index of a first load holds every record, so nothing reads them meanwhile;
    a million random inserts into each cost several times one sorted build. They are built back
    by ``restore``: at the end of the import, or when the import starts looking people up in the
    store (a team written in slices, see ``import_team``). Inside the import's transaction: a
    failed import gets them back with everything else."""

    def __init__(self, conn: sqlite3.Connection, first_load: bool) -> None:
        self.conn = conn
        self.saved: list[str] = []
        if not first_load:
            return
        marks = ",".join("?" * len(_LOOKUP_INDEXES))
        self.saved = [
            row[0]
            for row in conn.execute(
                f"SELECT sql FROM sqlite_master WHERE type = 'index' AND name IN ({marks}) ORDER BY name",
                _LOOKUP_INDEXES,
            )
        ]
        for name in _LOOKUP_INDEXES:
            conn.execute(f"DROP INDEX IF EXISTS {name}")

    def restore(self) -> None:
        """Build the indexes set aside, if any (once: a second call does nothing)."""
        if not self.saved:
            return
        # SQLite's sorter may use a second core to build them.
        threads = self.conn.execute("PRAGMA threads").fetchone()[0]
        self.conn.execute("PRAGMA threads = 2")
        for sql in self.saved:
            self.conn.execute(sql)
        self.conn.execute(f"PRAGMA threads = {int(threads)}")
        self.saved = []
