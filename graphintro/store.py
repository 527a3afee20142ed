"""The embedded store: one SQLite file, a versioned schema, provenance for every fact.

People are clusters of *records* (appearances of a person in a file). Every other fact — ties,
messages, endorsements, group memberships — points at a record, never at a person, so that
merging and splitting people only moves records between clusters and is fully reversible.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Self

from graphintro.errors import GraphintroError

# Each migration brings the schema from version N-1 to N; never edit one that has shipped.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE people (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        name_key TEXT NOT NULL,
        company TEXT NOT NULL DEFAULT '',
        company_key TEXT NOT NULL DEFAULT '',
        position TEXT NOT NULL DEFAULT '',
        url TEXT NOT NULL DEFAULT '',
        headline TEXT NOT NULL DEFAULT '',
        industry TEXT NOT NULL DEFAULT '',
        is_member INTEGER NOT NULL DEFAULT 0,
        search_text TEXT NOT NULL DEFAULT '',
        merged_into INTEGER REFERENCES people(id),
        created_at TEXT NOT NULL
    );
    CREATE INDEX people_name_key ON people(name_key);
    CREATE INDEX people_merged_into ON people(merged_into);
    CREATE INDEX people_company_key ON people(company_key);
    CREATE INDEX people_members ON people(merged_into) WHERE is_member = 1;

    CREATE TABLE imports (
        id INTEGER PRIMARY KEY,
        owner_record_id INTEGER,
        path TEXT NOT NULL,
        format TEXT NOT NULL,
        source TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        export_date TEXT,
        imported_at TEXT NOT NULL,
        summary TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX imports_sha ON imports(sha256);

    CREATE TABLE records (
        id INTEGER PRIMARY KEY,
        person_id INTEGER NOT NULL REFERENCES people(id),
        owner_record_id INTEGER REFERENCES records(id),
        kind TEXT NOT NULL,
        source TEXT NOT NULL,
        is_connection INTEGER NOT NULL DEFAULT 0,
        name TEXT NOT NULL,
        name_key TEXT NOT NULL,
        first_name TEXT NOT NULL DEFAULT '',
        last_name TEXT NOT NULL DEFAULT '',
        company TEXT NOT NULL DEFAULT '',
        company_key TEXT NOT NULL DEFAULT '',
        position TEXT NOT NULL DEFAULT '',
        url TEXT NOT NULL DEFAULT '',
        url_key TEXT NOT NULL DEFAULT '',
        email TEXT NOT NULL DEFAULT '',
        email_key TEXT NOT NULL DEFAULT '',
        phone TEXT NOT NULL DEFAULT '',
        connected_on TEXT,
        headline TEXT NOT NULL DEFAULT '',
        industry TEXT NOT NULL DEFAULT '',
        file TEXT NOT NULL DEFAULT '',
        line INTEGER NOT NULL DEFAULT 0,
        first_import_id INTEGER REFERENCES imports(id),
        last_import_id INTEGER REFERENCES imports(id),
        ended_at TEXT,
        link_reason TEXT NOT NULL DEFAULT 'new',
        merge_id INTEGER
    );
    CREATE INDEX records_person ON records(person_id);
    CREATE INDEX records_owner ON records(owner_record_id);
    CREATE INDEX records_url ON records(url_key);
    CREATE INDEX records_email ON records(email_key);
    CREATE INDEX records_name ON records(name_key);
    CREATE INDEX records_company ON records(company_key);

    CREATE TABLE record_changes (
        id INTEGER PRIMARY KEY,
        record_id INTEGER NOT NULL REFERENCES records(id),
        import_id INTEGER NOT NULL REFERENCES imports(id),
        field TEXT NOT NULL,
        old_value TEXT NOT NULL,
        new_value TEXT NOT NULL,
        changed_at TEXT
    );
    CREATE INDEX record_changes_record ON record_changes(record_id);

    CREATE TABLE interactions (
        id INTEGER PRIMARY KEY,
        record_id INTEGER NOT NULL REFERENCES records(id),
        import_id INTEGER NOT NULL REFERENCES imports(id),
        kind TEXT NOT NULL,
        direction TEXT NOT NULL,
        at TEXT,
        detail TEXT NOT NULL DEFAULT '',
        key TEXT NOT NULL
    );
    CREATE UNIQUE INDEX interactions_unique ON interactions(record_id, kind, key);

    CREATE TABLE positions (
        id INTEGER PRIMARY KEY,
        record_id INTEGER NOT NULL REFERENCES records(id),
        import_id INTEGER NOT NULL REFERENCES imports(id),
        company TEXT NOT NULL,
        company_key TEXT NOT NULL,
        title TEXT NOT NULL DEFAULT '',
        started_on TEXT,
        finished_on TEXT
    );
    CREATE UNIQUE INDEX positions_unique ON positions(record_id, company_key, title, started_on);

    CREATE TABLE skills (
        record_id INTEGER NOT NULL REFERENCES records(id),
        import_id INTEGER NOT NULL REFERENCES imports(id),
        name TEXT NOT NULL,
        UNIQUE(record_id, name)
    );

    CREATE TABLE groups (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        name_key TEXT NOT NULL UNIQUE,
        description TEXT NOT NULL DEFAULT ''
    );

    CREATE TABLE memberships (
        group_id INTEGER NOT NULL REFERENCES groups(id),
        record_id INTEGER NOT NULL REFERENCES records(id),
        import_id INTEGER NOT NULL REFERENCES imports(id),
        role TEXT NOT NULL DEFAULT 'member',
        posts INTEGER NOT NULL DEFAULT 0,
        joined TEXT,
        UNIQUE(group_id, record_id)
    );
    CREATE INDEX memberships_record ON memberships(record_id);

    CREATE TABLE tie_ratings (
        a_id INTEGER NOT NULL REFERENCES people(id),
        b_id INTEGER NOT NULL REFERENCES people(id),
        rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
        note TEXT NOT NULL DEFAULT '',
        rated_at TEXT NOT NULL,
        PRIMARY KEY (a_id, b_id)
    );

    CREATE TABLE forgotten (
        key_hash TEXT PRIMARY KEY,
        forgotten_at TEXT NOT NULL
    );

    CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    INSERT INTO meta (key, value) VALUES ('generation', '0');

    CREATE TABLE merges (
        id INTEGER PRIMARY KEY,
        kept_id INTEGER NOT NULL REFERENCES people(id),
        absorbed_id INTEGER NOT NULL REFERENCES people(id),
        reason TEXT NOT NULL,
        at TEXT NOT NULL,
        undone_at TEXT
    );
    """,
    # 2: network quality history, one row per member and one for the team (member_id NULL) per report
    # run; last_import_id tells what the next report's "since the last report" starts after.
    """
    CREATE TABLE snapshots (
        id INTEGER PRIMARY KEY,
        taken_at TEXT NOT NULL,
        member_id INTEGER,
        score REAL NOT NULL,
        contacts INTEGER NOT NULL DEFAULT 0,
        components_json TEXT NOT NULL DEFAULT '{}',
        last_import_id INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX snapshots_taken_at ON snapshots(taken_at);
    CREATE INDEX snapshots_member ON snapshots(member_id);
    """,
    # 3: a random identity, made with the store: the generation alone restarts with a new database,
    # so caches next to the file (graph, topic index) also record whose generation it is. A store
    # synced to Neo4j before this migration already has one (the mirror's): it is kept.
    """
    INSERT OR IGNORE INTO meta (key, value) VALUES ('store_id', lower(hex(randomblob(16))));
    """,
    # 4: indexes that describe an answer without reading rows: a person's records with their owner
    # (the ties between a few people are found in the index, not by reading every appearance of a
    # well-known person), and a company's people with whether they were merged (counted in the
    # index). The row id comes second, so that a person's (a company's) rows come in the order they
    # always came in: the first record of a person decides what is shown of them.
    """
    DROP INDEX records_person;
    CREATE INDEX records_person ON records(person_id, id, owner_record_id);
    DROP INDEX people_company_key;
    CREATE INDEX people_company_key ON people(company_key, id, merged_into);
    """,
    # 5 (issue 19): introduction asks, drafted by ``graphintro ask`` and closed with their outcome. The
    # path is kept as it was answered (the evidence the request named).
    """
    CREATE TABLE asks (
        id INTEGER PRIMARY KEY,
        requester_id INTEGER NOT NULL,
        teammate_id INTEGER,
        introducer_id INTEGER NOT NULL,
        target_id INTEGER NOT NULL,
        probability REAL NOT NULL,
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed', 'cancelled')),
        outcome TEXT,
        created TEXT NOT NULL,
        closed TEXT,
        note TEXT NOT NULL DEFAULT '',
        lang TEXT NOT NULL,
        to_introducer TEXT NOT NULL,
        forwardable TEXT NOT NULL,
        path_json TEXT NOT NULL
    );
    CREATE INDEX asks_introducer ON asks(introducer_id, status);
    """,
    # 6: a message's key held a 12-character SHA-1 of its text, which a word list turns back into
    # short messages. The key becomes who, whom, when and the conversation, with a rank among
    # messages alike in all of these (graphintro.importers.linkedin.message_key); ``migrate`` then
    # overwrites the freed pages so the old hashes leave the file.
    """
    UPDATE interactions SET key = ranked.key FROM (
        SELECT id, substr(key, 1, length(key) - 12) || detail || '#' || row_number() OVER (
            PARTITION BY record_id, substr(key, 1, length(key) - 12), detail ORDER BY id) AS key
        FROM interactions WHERE kind = 'message' AND key GLOB '*|[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]'
            || '[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]'
    ) AS ranked WHERE interactions.id = ranked.id
    """,
    # 7: an invitation's direction is part of its key: crossed invitations (each invited the other in
    # the same minute) are two. The INCOMING ones already stored get the key the importer now gives.
    """
    UPDATE interactions SET key = 'in|' || key WHERE kind = 'invitation' AND direction = 'in';
    """,
    # 8: the invitations, apart from the messages they are stored among (a tenth of the rows): the
    # score counts each member's invitations nobody accepted, and read the whole table to find them.
    # Partial, so that no other query's plan changes (no other names kind = 'invitation').
    """
    CREATE INDEX IF NOT EXISTS interactions_invitations ON interactions(direction, record_id) WHERE kind = 'invitation';
    """,
]
# Migrations that only add an index: the caches derived from the data (graph, topic index)
# stay current through them, so an upgrade does not rebuild them (a minute at 1,000 × 1,000).
INDEX_MIGRATIONS = {8}
# Migrations that remove data which must not survive in free pages or the write-ahead log.
SCRUBBING_MIGRATIONS = {6}


def now_iso() -> str:
    """Current UTC time, to the second, as stored everywhere."""
    return datetime.now(UTC).replace(tzinfo=None).isoformat(timespec="seconds")


def inserted_id(cursor: sqlite3.Cursor) -> int:
    """The id of the row an ``INSERT`` just made (``lastrowid`` is None only after other statements)."""
    row_id = cursor.lastrowid
    assert row_id is not None, "inserted_id follows an INSERT"
    return row_id


def default_db_path() -> Path:
    """``--db`` else ``GRAPHINTRO_DB`` else the user data dir (``~/.local/share/graphintro``)."""
    env = os.environ.get("GRAPHINTRO_DB")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("graphintro", appauthor=False)) / "graphintro.db"


class StoreError(GraphintroError):
    """The database file cannot be opened or is not a graphintro store."""


class Store:
    """A graphintro SQLite database. Use as a context manager, or call ``close``."""

    # The identity index of this process's last import (``ingest``), kept warm for the next one:
    # (store generation after it, index, people shown), or None.
    _identity_cache: tuple | None = None

    def __init__(self, path: str | Path | None = None, *, must_exist: bool = False) -> None:
        self.path = Path(path).expanduser() if path else default_db_path()
        self.must_exist = must_exist
        self.conn = self._connect()
        self.migrate()

    def _connect(self) -> sqlite3.Connection:
        if self.must_exist and not self.path.exists():
            raise StoreError(f"{self.path}: no graphintro store here yet (run 'graphintro import' or 'demo')")
        if not self.path.exists():
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Personal data of people who never opted in: private to the user from the first byte.
            fd = os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600)
            os.close(fd)
        try:
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA busy_timeout = 30000")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            # A million records with their indexes: keep the hot pages in memory (256 MB at most).
            conn.execute("PRAGMA cache_size = -262144")
            conn.execute("PRAGMA temp_store = MEMORY")
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{self.path}: not a graphintro database ({error})") from None
        return conn

    def migrate(self) -> None:
        """Bring the schema up to date, one migration per transaction."""
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise StoreError(f"{self.path}: made by a newer graphintro (schema {version}); upgrade graphintro")
        scrub = version > 0 and any(version < number <= len(MIGRATIONS) for number in SCRUBBING_MIGRATIONS)
        if scrub:
            self.conn.execute("PRAGMA secure_delete = ON")
        for number in range(version, len(MIGRATIONS)):
            with self.transaction(None if number + 1 in INDEX_MIGRATIONS else "generation"):
                for statement in _statements(MIGRATIONS[number]):
                    self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version = {number + 1}")
        if scrub:  # the old values are gone from the pages; now from the log and the free list too
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self.conn.execute("VACUUM")
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self.conn.execute("PRAGMA secure_delete = OFF")

    @property
    def generation(self) -> int:
        """A number that changes whenever the store does (for caches derived from it), asks apart
        (``asks_generation``)."""
        return int(self.conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()[0])

    @property
    def asks_generation(self) -> int:
        """A number that changes whenever the asks do (``graphintro ask``, ``asks done``/``cancel``):
        what an answer reading the introducers' load or the calibration depends on besides ``generation``."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'asks_generation'").fetchone()
        return int(row[0]) if row else 0

    @property
    def identity(self) -> str:
        """This store's random id, made with it and never changed: two stores never share one.

        Caches record it beside the generation: a database deleted and made again counts its
        generations from the same start, and must not be served the caches of the old one."""
        return self.conn.execute("SELECT value FROM meta WHERE key = 'store_id'").fetchone()[0]

    def cache_key(self, *configuration: object) -> str:
        """What a cache derived from this store must record and find again to be current: the store's
        identity, its generation, and the ``configuration`` that shaped the cache (format version,
        weights, synonyms…)."""
        return ":".join([self.identity, str(self.generation), *map(str, configuration)])

    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    @contextmanager
    def transaction(self, counter: str | None = "generation") -> Iterator[sqlite3.Connection]:
        """All or nothing: a write transaction taken at once, so two writers queue instead of failing.

        The write moves ``counter`` on (a key of ``meta``): ``generation`` for everything caches are
        built from; ``asks_generation`` for the asks, which change no tie, person or text, so that
        asking an introduction does not make the next path rebuild the graph (answers that read the
        introducers' load or the calibration key on both); ``None`` for a write that changes no answer
        (an index migration): the caches stay current."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            # Every write moves its counter on: caches built from an older one are stale.
            if counter is not None:
                self.conn.execute("INSERT INTO meta (key, value) VALUES (?, '1') ON CONFLICT(key)"
                                  " DO UPDATE SET value = CAST(value AS INTEGER) + 1", (counter,))
            self.conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def resolve_id(self, person_id: int) -> int:
        """The person a (possibly merged-away) id stands for now."""
        seen = set()
        while person_id not in seen:
            seen.add(person_id)
            row = self.conn.execute("SELECT merged_into FROM people WHERE id = ?", (person_id,)).fetchone()
            if row is None or row[0] is None:
                return person_id
            person_id = row[0]
        return person_id


def _statements(script: str) -> list[str]:
    """A migration's statements, run one by one: ``executescript`` would commit half a migration."""
    return [statement.strip() for statement in script.split(";") if statement.strip()]
