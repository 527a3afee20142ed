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

# Migration 8's triggers: (table, event, the columns whose change matters to a tie or a profile, the
# items logged). Part of a migration: once shipped, never edit (add a migration instead).
_LOGGED_WRITES: tuple[tuple[str, str, tuple[str, ...], tuple[tuple[str, str], ...]], ...] = (
    ("records", "insert", (), (("r", "NEW.id"),)),
    (
        "records",
        "moved",
        ("person_id", "owner_record_id"),
        (("r", "NEW.id"), ("p", "OLD.person_id"), ("p", "NEW.person_id")),
    ),
    ("records", "update", ("is_connection", "connected_on", "ended_at"), (("t", "NEW.id"),)),
    ("records", "shown", ("position", "company", "headline"), (("S", "NEW.id"),)),
    ("records", "delete", (), (("p", "OLD.person_id"),)),
    ("interactions", "insert", (), (("t", "NEW.record_id"),)),
    ("interactions", "endorsed", (), (("e", "NEW.record_id"),)),
    (
        "interactions",
        "update",
        ("record_id", "kind", "direction", "at", "detail"),
        (("e", "OLD.record_id"), ("e", "NEW.record_id")),
    ),
    ("interactions", "delete", (), (("e", "OLD.record_id"),)),
    ("positions", "insert", (), (("R", "NEW.record_id"),)),
    (
        "positions",
        "update",
        ("record_id", "company", "company_key"),
        (("R", "OLD.record_id"), ("R", "NEW.record_id")),
    ),
    ("positions", "delete", (), (("R", "OLD.record_id"),)),
    ("skills", "insert", (), (("S", "NEW.record_id"),)),
    ("skills", "update", ("record_id", "name"), (("S", "OLD.record_id"), ("S", "NEW.record_id"))),
    ("skills", "delete", (), (("S", "OLD.record_id"),)),
    ("memberships", "insert", (), (("R", "NEW.record_id"), ("g", "NEW.group_id"))),
    (
        "memberships",
        "update",
        ("group_id", "record_id", "role", "posts"),
        (("R", "OLD.record_id"), ("R", "NEW.record_id"), ("g", "OLD.group_id"), ("g", "NEW.group_id")),
    ),
    ("memberships", "delete", (), (("R", "OLD.record_id"), ("g", "OLD.group_id"))),
    ("groups", "update", ("name", "description"), (("G", "NEW.id"),)),
    ("people", "insert", (), (("p", "NEW.id"), ("c", "NULLIF(NEW.company_key, '')"))),
    (
        "people",
        "update",
        ("is_member", "company_key", "merged_into"),
        (
            ("p", "NEW.id"),
            ("p", "OLD.merged_into"),
            ("p", "NEW.merged_into"),
            ("c", "NULLIF(OLD.company_key, '')"),
            ("c", "NULLIF(NEW.company_key, '')"),
        ),
    ),
    ("people", "delete", (), (("p", "OLD.id"), ("c", "NULLIF(OLD.company_key, '')"))),
    ("tie_ratings", "insert", (), (("q", "NEW.a_id || ' ' || NEW.b_id"),)),
    (
        "tie_ratings",
        "update",
        ("a_id", "b_id", "rating"),
        (("q", "OLD.a_id || ' ' || OLD.b_id"), ("q", "NEW.a_id || ' ' || NEW.b_id")),
    ),
    ("tie_ratings", "delete", (), (("q", "OLD.a_id || ' ' || OLD.b_id"),)),
)


def _change_log_triggers() -> str:
    """The triggers of ``_LOGGED_WRITES`` as SQL. Each item is logged once per transaction (generation 0
    until the commit dates it). Not with ``INSERT OR IGNORE``: the writing statement's own conflict
    clause (an upsert's) would override the trigger's."""
    triggers = []
    for table, event, columns, items in _LOGGED_WRITES:
        of = f" OF {', '.join(columns)}" if columns else ""
        when = (" WHEN " + " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in columns)) if columns else ""
        body = "".join(
            f" INSERT INTO changes SELECT 0, '{kind}', {item} WHERE {item} IS NOT NULL AND NOT EXISTS"
            f" (SELECT 1 FROM changes WHERE generation = 0 AND kind = '{kind}' AND item = +({item}));"
            for kind, item in items
        )
        action = {"moved": "UPDATE", "shown": "UPDATE", "endorsed": "INSERT"}.get(event, event.upper())
        if (
            table == "interactions" and action == "INSERT"
        ):  # an endorsement is also its endorsed person's evidence
            when = (
                " WHEN NEW.kind = 'endorsement'" if event == "endorsed" else " WHEN NEW.kind != 'endorsement'"
            )
        triggers.append(
            f"CREATE TRIGGER IF NOT EXISTS changes_{table}_{event} AFTER {action}{of} ON {table}{when}"
            f" BEGIN{body} END;\n"
        )
    return "".join(triggers)


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
    # 9 (issue 20): a log of what each write touched, kept by triggers (so that no writer can forget it),
    # for the caches next to the store (graph, topic index) to catch up on instead of being rebuilt whole.
    # Items: 'p' a person (everything about them), 'r' a new record (the tie between its person and its
    # owner's person; its person's profile), 't' a record whose tie changed (connection, messages), 'e'
    # a record endorsed (its tie, both profiles), 'R' a record whose person's own facts changed (groups,
    # past employers), 'S' a record whose person's profile changed (skills, title), 'q' a rated pair ("a b"),
    # 'c' a company key, 'g' a group whose memberships changed, 'G' a group renamed or described. Rows
    # are written with generation 0 and take the generation of their commit (``Store.transaction``).
    # Only what shapes a tie or a profile is logged: an ask, a snapshot, a file imported again change
    # nothing here. The log is complete after generation ``changes_floor``.
    """
    CREATE TABLE IF NOT EXISTS changes (
        generation INTEGER NOT NULL,
        kind TEXT NOT NULL,
        item NOT NULL,
        PRIMARY KEY (generation, kind, item)
    );
    INSERT OR REPLACE INTO meta (key, value) SELECT 'changes_floor', value FROM meta WHERE key = 'generation';
    """
    + _change_log_triggers(),
    # 10 (issue 20): indexes that let the identity index find, among the namesakes of a contact, the few
    # seen at an agreeing company without reading every record of every namesake (at 2,000 x 5,000, a
    # common name has hundreds of namesakes, each a random read of a record row when the index lacks
    # the person). ``records_name`` holds the person; ``records_person_company`` a person's companies;
    # ``records_company`` the name and person of a company's records (the near-identical names of
    # ``names_at``). The two rebuilt keep their names and their first column: no query changes its plan.
    # (Idempotent, as 8: a test store set back to an older version replays it.)
    """
    DROP INDEX records_name;
    CREATE INDEX records_name ON records(name_key, person_id);
    DROP INDEX records_company;
    CREATE INDEX records_company ON records(company_key, name_key, person_id);
    CREATE INDEX IF NOT EXISTS records_person_company ON records(person_id, company_key) WHERE company_key != '';
    """,
    # 11 (issue 20): what a path answer's evidence reads at every question, found in an index. A
    # member's own records (an export's owner record has no owner: ``writer.resolve_owner``) among
    # the thousand records a member has in teammates' exports; an owner's imports with their dates,
    # without reading the imports' summaries (at 2,000 x 5,000, 15 MB for 2,000 rows). ``records_own``
    # is partial, as 8 (two thousand entries, nothing added when a contact's record is written) and
    # named by the queries that want it (``INDEXED BY``: the planner keeps its plans without it).
    # ``imports_owner`` turns the look-ups of an owner's imports (the writer's, privacy's, report's)
    # into index searches: the same rows; ``member_dates`` keeps reading the imports first (CROSS
    # JOIN). At 2,000 x 5,000: 14.8 s to make (one read of the records). (Idempotent, as 8 and 10.)
    """
    CREATE INDEX IF NOT EXISTS records_own ON records(person_id) WHERE owner_record_id IS NULL;
    CREATE INDEX IF NOT EXISTS imports_owner ON imports(owner_record_id, export_date);
    """,
]
# Migrations that only add (or rebuild) indexes: the caches derived from the data (graph, topic index)
# stay current through them, so an upgrade does not rebuild them (a minute at 1,000 × 1,000).
INDEX_MIGRATIONS = {8, 10, 11}
# The migration that starts the log of changes (see above).
CHANGES_MIGRATION = 9
# How many generations the log of changes keeps: a cache older than that is rebuilt whole.
CHANGES_KEPT = 200
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
        self._logs_changes = self.schema_version >= CHANGES_MIGRATION

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
        self._logs_changes = False  # the log's table comes with its migration
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise StoreError(
                f"{self.path}: made by a newer graphintro (schema {version}); upgrade graphintro"
            )
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
        """What a cache derived from this store must record and find again to belong to it: the store's
        identity and the ``configuration`` that shaped the cache (format version, weights, synonyms…).
        The cache records the generation it was built at apart: ``graphintro.changes`` tells what to
        bring up to date since then."""
        return ":".join([self.identity, *map(str, configuration)])

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
            # Every write moves its counter on; what it changed is logged under the new generation.
            if counter is not None:
                self.conn.execute(
                    "INSERT INTO meta (key, value) VALUES (?, '1') ON CONFLICT(key)"
                    " DO UPDATE SET value = CAST(value AS INTEGER) + 1",
                    (counter,),
                )
            if self._logs_changes and counter == "generation":
                self._date_changes()
            self.conn.execute("COMMIT")

    def _date_changes(self) -> None:
        """Give this transaction's logged changes its generation, and forget those too old to be of use."""
        generation = self.generation
        pending = self.conn.execute("SELECT 1 FROM changes WHERE generation = 0 LIMIT 1").fetchone()
        if pending:
            self.conn.execute("UPDATE changes SET generation = ? WHERE generation = 0", (generation,))
        if generation % 16 == 0:  # pruned now and then: each commit would pay a look-up for nothing
            oldest = generation - CHANGES_KEPT
            if self.conn.execute("DELETE FROM changes WHERE generation BETWEEN 1 AND ?", (oldest,)).rowcount:
                self.conn.execute(
                    "UPDATE meta SET value = MAX(CAST(value AS INTEGER), ?) WHERE key = 'changes_floor'",
                    (oldest,),
                )

    @contextmanager
    def untracked(self) -> Iterator[None]:
        """Writes too large to log change by change (a whole team's import): inside a ``transaction``, the
        log's triggers are off, and the caches of older generations are rebuilt whole afterwards.

        The triggers are dropped and made again in the same transaction: a failure leaves them as they were."""
        if not self._logs_changes:
            yield
            return
        triggers = self.conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
            " AND name LIKE 'changes_%' ORDER BY name"
        ).fetchall()
        for name, _ in triggers:
            self.conn.execute(f"DROP TRIGGER {name}")
        yield
        for _, sql in triggers:
            self.conn.execute(sql)
        self.conn.execute("DELETE FROM changes")
        # The log now starts after this transaction's generation (the current one plus one).
        self.conn.execute(
            "UPDATE meta SET value = CAST((SELECT value FROM meta WHERE key = 'generation') AS INTEGER)"
            " + 1 WHERE key = 'changes_floor'"
        )

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
    """A migration's statements, run one by one: ``executescript`` would commit half a migration.

    Split at the semicolons that end a statement (a trigger's body holds some that do not)."""
    statements, pending = [], ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                statements.append(pending.strip().rstrip(";").strip())
            pending = ""
    if pending.strip(" \n;"):
        statements.append(pending.strip().rstrip(";").strip())
    return statements
