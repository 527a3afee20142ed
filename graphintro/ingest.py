"""Writing parsed exports into the store: one transaction per import, identity resolved on the way.

Everything is parsed before the first write, and written inside one ``BEGIN IMMEDIATE``
transaction: a bad file, a crash or a concurrent import leaves the store exactly as it was.
Re-importing a file already imported for the same owner changes nothing; a newer export of an
owner updates that owner's ties and marks the contacts it no longer lists as ended.
"""

from __future__ import annotations

import gc
import json
import sqlite3
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from graphintro.errors import OwnerMismatchError, UsageError
from graphintro.identity import (
    IdentityIndex,
    companies_agree,
    company_key,
    email_company_key,
    fold,
    name_key,
    normalize_email,
    normalize_url,
    plausibly_same_name,
)
from graphintro.importers import parse_path
from graphintro.importers.model import InteractionRow, MembershipRow, ParsedSource, PersonRow
from graphintro.store import Store, StoreError, inserted_id, now_iso

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

Progress = Callable[[int, int], None]
# Near-identical names are looked for among the people of the same company, up to this many
# appearances: beyond, the exact name + company rule alone decides (fuzzy would cost more than it finds).
FUZZY_COMPANY_MAX = 3000


@dataclass
class FileSummary:
    """What one path added to the store: the figures ``import --json`` prints."""

    path: str
    format: str
    status: str  # imported | already imported
    contacts: int = 0
    new_people: int = 0
    merged: int = 0
    updated: int = 0
    ended: int = 0
    job_changes: int = 0
    interactions: int = 0
    memberships: int = 0
    skipped: list[dict] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    unknown_files: list[str] = field(default_factory=list)
    # Files of the export left out because they could not be read ({"file", "line", "reason"}; line may be
    # null), and caveats about files that were read (same shape): the rest of the export imported.
    skipped_files: list[dict] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)
    # Whose export this is, as the export itself says (LinkedIn): name, url, evidence.
    export_owner: dict | None = None
    # Messages read but not stored as ties, by reason (sponsored, drafts, anonymous, empty_sender).
    messages_left_out: dict[str, int] = field(default_factory=dict)


@dataclass
class ImportSummary:
    """The result of one ``import`` call: the owner and one summary per path."""

    owner_id: int
    owner: str
    files: list[FileSummary]

    def to_dict(self) -> dict:
        return {"owner": {"id": self.owner_id, "name": self.owner}, "files": [asdict(f) for f in self.files]}


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
    store._identity_cache = (
        after_commit,
        writer.index,
        writer.shown,
    )  # the next import in this process starts warm
    return summary


@dataclass
class TeamExport:
    """One member's exports, as ``import_team`` takes them: what ``graphintro import`` takes once."""

    owner: str
    paths: Sequence[str | Path]
    owner_url: str = ""
    fmt: str | None = None
    mapping: dict[str, str] | None = None
    owner_mismatch_ok: bool = False  # import it for ``owner`` although the export names someone else


# A team of at least this many exports is parsed in a second process while the first one writes:
# below, starting that process costs more than it saves.
PARALLEL_PARSE_MIN = 8


# A team's import of at least this many exports is written without the log of changes (its triggers
# would cost a tenth of the import): the caches are then built whole once, rather than caught up.
UNTRACKED_TEAM_MIN = 8


def import_team(
    store: Store,
    exports: Iterable[TeamExport],
    progress: Progress | None = None,
    untracked: bool | None = None,
) -> list[ImportSummary]:
    """Import the exports of a whole team, in order, all or nothing: the nightly job of a team.

    The result is the one of ``import_paths`` called for each export in turn, but in one
    transaction: each commit of a large store rewrites thousands of index pages, and a team
    of a thousand members would pay it a thousand times. While one member's exports are being
    written, the next ones are parsed in another process. A bad file anywhere leaves the store
    as it was. ``progress`` is told (exports written, exports). ``untracked`` (by default, from
    ``UNTRACKED_TEAM_MIN`` exports on): written without the log of changes (``Store.untracked``)."""
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
        writer = _Writer(conn, None)
        writer.reuse_index(store)
        with _lookup_indexes_built_after(conn, first_load=writer.last_old_record == 0):
            for number, (export, parsed) in enumerate(zip(exports, parsed_exports, strict=True), start=1):
                summaries.append(writer.write_export(export, parsed))
                if progress:
                    progress(number, len(exports))
        broken = conn.execute("PRAGMA foreign_key_check").fetchone()
        if broken:
            raise StoreError(
                f"{store.path}: the team's import would leave a {broken[0]} row pointing at a"
                f" missing {broken[2]} row: nothing was written"
            )
        after_commit = store.generation + 1
    store._identity_cache = (after_commit, writer.index, writer.shown)
    return summaries


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
    "people_name_key",
    "people_company_key",
)


@contextmanager
def _lookup_indexes_built_after(conn: sqlite3.Connection, first_load: bool) -> Iterator[None]:
    """On an empty store, the lookup indexes are dropped and built again, sorted, at the end.

    The identity index of a first load holds every record, so nothing reads them meanwhile;
    a million random inserts into each cost several times one sorted build. Inside the
    import's transaction: a failed import gets them back with everything else."""
    if not first_load:
        yield
        return
    marks = ",".join("?" * len(_LOOKUP_INDEXES))
    saved = [
        row[0]
        for row in conn.execute(
            f"SELECT sql FROM sqlite_master WHERE type = 'index' AND name IN ({marks}) ORDER BY name",
            _LOOKUP_INDEXES,
        )
    ]
    for name in _LOOKUP_INDEXES:
        conn.execute(f"DROP INDEX IF EXISTS {name}")
    yield
    # SQLite's sorter may use a second core to build them.
    threads = conn.execute("PRAGMA threads").fetchone()[0]
    conn.execute("PRAGMA threads = 2")
    for sql in saved:
        conn.execute(sql)
    conn.execute(f"PRAGMA threads = {int(threads)}")


def _check_owner(export: TeamExport) -> None:
    if not export.owner or not export.owner.strip():
        raise UsageError("--owner is required: whose export is this?")


def _parse(export: TeamExport) -> list[ParsedSource]:
    """Every path of one member's exports, read before anything is written, with their rows' keys."""
    parsed = [
        parse_path(Path(p), export.owner, export.owner_url, export.fmt, export.mapping) for p in export.paths
    ]
    for source in parsed:
        check_export_owner(export, source)
        for row in source.contacts:
            row_keys(row)
        for interaction in source.interactions:
            row_keys(interaction.peer)
        for membership in source.memberships:
            if membership.person is not None:
                row_keys(membership.person)
    return parsed


def check_export_owner(export: TeamExport, source: ParsedSource) -> None:
    """Refuse an export that names someone else than ``--owner``: one line naming both.

    A plausible variant of the export's name (a middle initial, a nickname, accents, word order:
    ``plausibly_same_name``) is the same person; another name, or another profile URL than
    ``--owner-url``, is an export imported under the wrong member, or for a colleague: said so,
    unless ``owner_mismatch_ok``. Either way, who sent which message is decided by the export's
    own owner, never by the spelling typed."""
    found = source.export_owner
    if found is None or export.owner_mismatch_ok:
        return
    typed = export.owner.strip()
    other_name = found.name and not plausibly_same_name(typed, found.name)
    other_url = bool(
        export.owner_url and found.url and normalize_url(export.owner_url) != normalize_url(found.url)
    )
    if not other_name and not other_url:
        return
    who = ", ".join(part for part in (found.name, normalize_url(found.url)) if part)
    given = f"{typed}, {normalize_url(export.owner_url)}" if other_url else typed
    raise OwnerMismatchError(
        f"{source.path}: this export belongs to {who} ({'; '.join(found.evidence)}), not to {given} as --owner"
        f" says: give --owner '{found.name or typed}', or add --owner-mismatch-ok to import it for {typed} anyway"
    )


def learned_owner_url(parsed: list[ParsedSource]) -> str:
    """The owner's profile URL as their own export tells it (the sender of their messages)."""
    return next((p.export_owner.url for p in parsed if p.export_owner and p.export_owner.url), "")


def row_keys(row: PersonRow) -> tuple[str, str, str, str, str]:
    """(name key, company key, URL key, email key, folded name) of a row, computed once.

    Folding names is the dearest work of an import after SQLite's: done by the process that
    parsed the row, it costs the writing process nothing."""
    if row.keys is None:
        row.keys = (
            name_key(row.name),
            company_key(row.company),
            normalize_url(row.url),
            normalize_email(row.email),
            fold(row.name),
        )
    return row.keys


class _parsed_ahead:
    """The parsed exports of a team, in order, parsed a few exports ahead in another process.

    At most ``AHEAD`` exports wait parsed in memory, so a team of any size fits; a parse error
    comes out when its export's turn comes, and the remaining work is cancelled. An export much
    bigger than the others (the team's group list) is parsed from the start by a second process:
    parsed at its turn, it would keep the writer waiting for seconds."""

    AHEAD = 4
    # Times the median size of the team's exports: bigger than the exports parsed ahead of it
    # together, with a margin, its parse would outlast their writing.
    BIG = 2 * AHEAD

    def __init__(self, exports: list[TeamExport]) -> None:
        self.exports = exports
        self.pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Iterator[list[ParsedSource]]:
        import multiprocessing
        import os
        import sys

        if (
            len(self.exports) < PARALLEL_PARSE_MIN
            or (os.cpu_count() or 1) < 2
            or not sys.platform.startswith("linux")
            or "fork" not in multiprocessing.get_all_start_methods()
        ):
            return (_parse(export) for export in self.exports)
        from concurrent.futures import ProcessPoolExecutor

        big = _much_bigger([_input_size(export) for export in self.exports], self.BIG)
        # fork, not spawn: a spawned child re-runs the caller's script, which a script without a
        # ``__main__`` guard cannot survive. The children only parse files; they never touch the
        # store, and they are forked here, before the write transaction begins.
        self.pool = ProcessPoolExecutor(
            max_workers=2 if big else 1, mp_context=multiprocessing.get_context("fork")
        )
        self.early = {number: self.pool.submit(_parse, self.exports[number]) for number in big}
        self.following = iter([number for number in range(len(self.exports)) if number not in self.early])
        self.pending: deque[Future[list[ParsedSource]]] = deque()
        for _ in range(self.AHEAD):
            self._submit_next()
        return self._ahead()

    def _submit_next(self) -> None:
        number = next(self.following, None)
        if number is not None:
            assert self.pool is not None  # __enter__ started it before asking for the next export
            self.pending.append(self.pool.submit(_parse, self.exports[number]))

    def _ahead(self) -> Iterator[list[ParsedSource]]:
        for number in range(len(self.exports)):
            if number in self.early:
                yield self.early.pop(number).result()
                continue
            parsed = self.pending.popleft().result()
            self._submit_next()
            yield parsed

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)


def _input_size(export: TeamExport) -> int:
    """Bytes of an export's files (folders walked); 0 for a path that is not there (yet)."""
    total = 0
    for path in map(Path, export.paths):
        if path.is_dir():
            total += sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
        elif path.is_file():
            total += path.stat().st_size
    return total


def _much_bigger(sizes: list[int], factor: int) -> list[int]:
    """Positions of the sizes above ``factor`` times the median."""
    median = sorted(sizes)[len(sizes) // 2]
    return [number for number, size in enumerate(sizes) if size > factor * max(median, 1)]


class _OwnerBook:
    """The records an owner already has, to recognise a contact seen again in a newer export."""

    def __init__(self) -> None:
        self.by_url: dict[str, int] = {}
        self.by_email: dict[str, int] = {}
        self.by_name_company: dict[tuple[str, str], int] = {}
        self.by_name: dict[str, list[int]] = defaultdict(list)

    def add(self, record_id: int, name_key_: str, company_key_: str, url_key: str, email_key: str) -> None:
        if url_key:
            self.by_url.setdefault(url_key, record_id)
        if email_key:
            self.by_email.setdefault(email_key, record_id)
        if name_key_:
            self.by_name_company.setdefault((name_key_, company_key_), record_id)
            if record_id not in self.by_name[name_key_]:
                self.by_name[name_key_].append(record_id)

    def find(self, nkey: str, ckey: str, url_key: str, email_key: str, name_alone: bool) -> int | None:
        """The owner's record for this person: URL, email, name + company, or a name unique on both sides."""
        if url_key:
            return self.by_url.get(url_key)
        if email_key and email_key in self.by_email:
            return self.by_email[email_key]
        if (nkey, ckey) in self.by_name_company:
            return self.by_name_company[(nkey, ckey)]
        if name_alone and len(self.by_name.get(nkey, ())) == 1:
            return self.by_name[nkey][0]
        return None


class _StoreSource:
    """The identity index's window on the store: indexed lookups, never a full scan."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def person_with_url(self, url_key: str) -> int | None:
        row = self.conn.execute(
            "SELECT person_id FROM records WHERE url_key = ? ORDER BY id LIMIT 1", (url_key,)
        ).fetchone()
        return row[0] if row else None

    def person_with_email(self, email_key: str) -> int | None:
        row = self.conn.execute(
            "SELECT person_id FROM records WHERE email_key = ? ORDER BY id LIMIT 1", (email_key,)
        ).fetchone()
        return row[0] if row else None

    def people_named(self, key: str) -> list[int]:
        return [
            r[0]
            for r in self.conn.execute("SELECT DISTINCT person_id FROM records WHERE name_key = ?", (key,))
        ]

    def names_at(self, key: str, limit: int) -> list[tuple[str, int]]:
        return self.conn.execute(
            "SELECT DISTINCT name_key, person_id FROM records WHERE company_key = ? LIMIT ?", (key, limit)
        ).fetchall()

    def _many(self, sql: str, keys: list) -> list[tuple]:
        rows: list[tuple] = []
        for start in range(0, len(keys), 900):
            chunk = keys[start : start + 900]
            rows += self.conn.execute(sql.format(marks=",".join("?" * len(chunk))), chunk).fetchall()
        return rows

    def people_with_urls(self, url_keys: list[str]) -> list[tuple[str, int]]:
        return self._many(
            "SELECT url_key, MIN(person_id) FROM records WHERE url_key IN ({marks}) GROUP BY url_key",
            url_keys,
        )

    def people_with_emails(self, email_keys: list[str]) -> list[tuple[str, int]]:
        return self._many(
            "SELECT email_key, MIN(person_id) FROM records WHERE email_key IN ({marks}) GROUP BY email_key",
            email_keys,
        )

    def people_named_many(self, name_keys: list[str]) -> list[tuple[str, int]]:
        return self._many(
            "SELECT DISTINCT name_key, person_id FROM records WHERE name_key IN ({marks})", name_keys
        )

    def appearances_of(self, person_ids: list[int]) -> list[tuple[int, str, str, str, str, bool]]:
        return [
            (r[0], r[1], r[2], r[3], r[4], bool(r[5]))
            for r in self._many(
                "SELECT r.person_id, r.name, r.company, r.url_key, r.email_key, p.is_member FROM records r"
                " JOIN people p ON p.id = r.person_id WHERE r.person_id IN ({marks})",
                person_ids,
            )
        ]

    def appearances(self, person_id: int) -> list[tuple[str, str, str, str, bool]]:
        return [
            (r[0], r[1], r[2], r[3], bool(r[4]))
            for r in self.conn.execute(
                "SELECT r.name, r.company, r.url_key, r.email_key, p.is_member FROM records r"
                " JOIN people p ON p.id = r.person_id WHERE r.person_id = ?",
                (person_id,),
            )
        ]


class _Writer:
    """State of one import transaction: the identity index and the people it touched."""

    def __init__(self, conn: sqlite3.Connection, progress: Progress | None) -> None:
        self.conn = conn
        self.progress = progress
        self.touched: set[int] = set()
        self.any_forgotten = conn.execute("SELECT 1 FROM forgotten LIMIT 1").fetchone() is not None
        self.now = now_iso()
        # Records above this id are this import's; people whose older records changed are re-read whole.
        self.last_old_record = conn.execute("SELECT COALESCE(MAX(id), 0) FROM records").fetchone()[0]
        # Built from an empty store, the index sees every record written: it never needs to look one up.
        self.index = IdentityIndex(_StoreSource(conn) if self.last_old_record else None, FUZZY_COMPANY_MAX)
        # What each person's records add up to (see ``_Appearances``), kept between imports of a process.
        self.shown: dict[int, _Appearances] = {}
        self.reread: set[int] = set()
        self._groups: dict[str, tuple[int, bool]] = {}

    def reuse_index(self, store: Store) -> None:
        """Keep the identity index of this store's previous import when nothing else wrote since."""
        cached = getattr(store, "_identity_cache", None)
        store._identity_cache = None  # taken: a failed import must not leave a half-updated index behind
        if cached and cached[0] == store.generation:
            self.index = cached[1]
            if self.index.source is not None:
                self.index.source = _StoreSource(self.conn)
            self.shown = cached[2]
        self._record_person: dict[int, int] = {}

    def person_of(self, record_id: int) -> int:
        if record_id not in self._record_person:
            row = self.conn.execute("SELECT person_id FROM records WHERE id = ?", (record_id,)).fetchone()
            self._record_person[record_id] = row[0]
        return self._record_person[record_id]

    def write_export(self, export: TeamExport, parsed: list[ParsedSource]) -> ImportSummary:
        """One member's parsed exports: their own record, each source, then the people touched."""
        owner_record = self.resolve_owner(
            export.owner.strip(), export.owner_url or learned_owner_url(parsed), parsed
        )
        summaries = [self.write_source(owner_record, source) for source in parsed]
        self.refresh_people()
        owner_person = self.person_of(owner_record)
        owner_name = self.conn.execute("SELECT name FROM people WHERE id = ?", (owner_person,)).fetchone()[0]
        # The next export of the same transaction starts from here.
        self.touched, self.reread = set(), set()
        self.last_old_record = self.conn.execute("SELECT COALESCE(MAX(id), 0) FROM records").fetchone()[0]
        return ImportSummary(owner_person, owner_name, summaries)

    # -- people and records -------------------------------------------------------------------

    def _new_person(self, row: PersonRow, kind: str) -> int:
        """A person for ``row``, shown as that one record shows them.

        Written with the values the refresh at the end of the import will find, unless more
        records join them: each indexed column of ``people`` is written once, not twice."""
        first = _Appearances()
        first.add((None, kind, row.name, row.company, row.position, row.url, "", "", None, 0, ""))
        nkey, ckey, _, _, folded = row_keys(row)
        values = first.values(nkey, ckey, folded)
        cursor = self.conn.execute(
            "INSERT INTO people (name, name_key, company, company_key, position, url, headline, industry, is_member,"
            " search_text, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (*values, self.now),
        )
        # All the records of a person created now are this import's: summed up from them alone,
        # and told to the identity index one by one.
        person_id = inserted_id(cursor)
        self.shown[person_id] = _Appearances(values)
        self.index.known_whole(person_id)
        return person_id

    def _insert_record(
        self,
        person_id: int,
        owner_record: int | None,
        kind: str,
        source: str,
        row: PersonRow,
        import_id: int | None,
        is_connection: bool,
        reason: str,
    ) -> int:
        nkey, ckey, url_key, email_key, _ = row_keys(row)
        cursor = self.conn.execute(
            "INSERT INTO records (person_id, owner_record_id, kind, source, is_connection, name, name_key,"
            " first_name, last_name, company, company_key, position, url, url_key, email, email_key, phone,"
            " connected_on, file, line, first_import_id, last_import_id, link_reason)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                person_id,
                owner_record,
                kind,
                source,
                int(is_connection),
                row.name,
                nkey,
                row.first_name,
                row.last_name,
                row.company,
                ckey,
                row.position,
                row.url,
                url_key,
                row.email,
                email_key,
                row.phone,
                row.connected_on,
                row.file,
                row.line,
                import_id,
                import_id,
                reason,
            ),
        )
        record_id = inserted_id(cursor)
        self._record_person[record_id] = person_id
        self.index.add(person_id, row.name, row.company, url_key, email_key, nkey=nkey, ckey=ckey)
        self.touched.add(person_id)
        return record_id

    def _place(
        self,
        row: PersonRow,
        owner_record: int | None,
        kind: str,
        source: str,
        import_id: int,
        is_connection: bool,
        apart_from: set[int] | frozenset[int] = frozenset(),
    ) -> tuple[int, bool]:
        """A new record for ``row``: attached to the person it matches, else to a new person.

        ``apart_from``: people another row of the same file already is. Two rows of one file are
        two accounts (two namesakes at near-identical companies in one Connections.csv): only the
        same profile URL or e-mail, which two accounts cannot share, joins them."""
        nkey, ckey, url_key, email_key, _ = row_keys(row)
        person_id, reason = self.index.match(row.name, row.company, url_key, email_key, nkey=nkey, ckey=ckey)
        if person_id in apart_from and reason not in ("same profile URL", "same email"):
            person_id = None
        merged = person_id is not None and (owner_record is None or person_id != self.person_of(owner_record))
        if not merged:
            person_id, reason = self._new_person(row, kind), "new"
        assert person_id is not None  # a match, or the new person
        return self._insert_record(
            person_id, owner_record, kind, source, row, import_id, is_connection, reason
        ), merged

    def resolve_owner(self, owner: str, owner_url: str, parsed: list[ParsedSource]) -> int:
        """The owner's own record ("self"), created on their first import and reused afterwards."""
        profile = next((p.profile for p in parsed if p.profile.get("name")), {})
        current_jobs = [pos for p in parsed for pos in p.positions if not pos.finished_on]
        company = current_jobs[0].company if current_jobs else ""
        position = current_jobs[0].title if current_jobs else ""
        person_id, reason = self.index.match_owner(owner, company, normalize_url(owner_url))
        if person_id is not None:
            found = self.conn.execute(
                "SELECT id FROM records WHERE person_id = ? AND kind = 'self' ORDER BY id LIMIT 1",
                (person_id,),
            ).fetchone()
            if found:
                record_id = found[0]
                self._update_self(record_id, owner_url, company, position, profile)
                return record_id
        row = PersonRow(name=owner, company=company, position=position, url=owner_url)
        if person_id is None:
            person_id, reason = self._new_person(row, "self"), "new"
        record_id = self._insert_record(person_id, None, "self", "owner", row, None, False, reason)
        self.conn.execute(
            "UPDATE records SET headline = ?, industry = ? WHERE id = ?",
            (profile.get("headline", ""), profile.get("industry", ""), record_id),
        )
        self.conn.execute("UPDATE people SET is_member = 1 WHERE id = ?", (person_id,))
        self.reread.add(person_id)
        self.index.add(person_id, owner, company, is_member=True)
        return record_id

    def _update_self(
        self, record_id: int, owner_url: str, company: str, position: str, profile: dict
    ) -> None:
        """A newer export may tell the owner's URL, current job or headline: keep the latest."""
        updates = {
            "url": owner_url,
            "url_key": normalize_url(owner_url),
            "company": company,
            "company_key": company_key(company),
            "position": position,
            "headline": profile.get("headline", ""),
            "industry": profile.get("industry", ""),
        }
        for column, value in updates.items():
            if value:
                self.conn.execute(f"UPDATE records SET {column} = ? WHERE id = ?", (value, record_id))
        self.index.add(self.person_of(record_id), "", company, normalize_url(owner_url))
        self.touched.add(self.person_of(record_id))
        self.reread.add(self.person_of(record_id))

    # -- one source ---------------------------------------------------------------------------

    def _insert_import(self, owner_record: int | None, source: ParsedSource, sha: str) -> int:
        cursor = self.conn.execute(
            "INSERT INTO imports (owner_record_id, path, format, source, sha256, export_date, imported_at)"
            " VALUES (?,?,?,?,?,?,?)",
            (owner_record, source.path, source.format, source.source, sha, source.export_date, self.now),
        )
        return inserted_id(cursor)

    def write_source(self, owner_record: int, source: ParsedSource) -> FileSummary:
        """Write one parsed path for the owner; a file already imported for them adds nothing."""
        summary = FileSummary(
            path=source.path,
            format=source.format,
            status="imported",
            skipped=[{"file": s.file, "line": s.line, "reason": s.reason} for s in source.skipped],
            files=source.files_read,
            unknown_files=source.unknown_files,
            skipped_files=[s.to_dict() for s in source.skipped_files],
            warnings=[w.to_dict() for w in source.warnings],
            export_owner=source.export_owner.to_dict() if source.export_owner else None,
            messages_left_out=dict(source.messages_left_out),
        )
        duplicate = self.conn.execute(
            "SELECT id FROM imports WHERE sha256 = ? AND owner_record_id = ?",
            (source.fingerprint, owner_record),
        ).fetchone()
        if duplicate:
            summary.status = "already imported"
            return summary
        newest = self._newest_export(owner_record, source)
        import_id = self._insert_import(owner_record, source, source.fingerprint)
        self.conn.execute("UPDATE records SET last_import_id = ? WHERE id = ?", (import_id, owner_record))
        self.reread.add(self.person_of(owner_record))
        book = self._owner_book(owner_record, source.source)
        self._write_contacts(owner_record, source, import_id, book, summary, ended_by=newest)
        everyone = self._owner_book(owner_record, None)
        self._write_interactions(owner_record, source, import_id, everyone, summary)
        self._write_profile_facts(owner_record, source, import_id)
        self._write_memberships(owner_record, source, import_id, everyone, summary)
        if source.has_connections and newest is None:
            summary.ended = self._end_vanished(owner_record, source, import_id)
        self.conn.execute(
            "UPDATE imports SET summary = ? WHERE id = ?", (json.dumps(asdict(summary)), import_id)
        )
        return summary

    def _owner_book(self, owner_record: int, source: str | None) -> _OwnerBook:
        book = _OwnerBook()
        query = "SELECT id, name_key, company_key, url_key, email FROM records WHERE owner_record_id = ?"
        args: tuple = (owner_record,)
        if source is not None:
            query += " AND source = ? AND is_connection = 1"
            args = (owner_record, source)
        for row in self.conn.execute(query + " ORDER BY is_connection DESC, id", args):
            book.add(row[0], row[1], row[2], row[3], normalize_email(row[4]))
        return book

    def _write_contacts(
        self,
        owner_record: int,
        source: ParsedSource,
        import_id: int,
        book: _OwnerBook,
        summary: FileSummary,
        ended_by: str | None = None,
    ) -> None:
        """Each contact row: the owner's record updated, or a new record placed by identity.

        ``ended_by`` (an older export imported late) leaves known contacts as the newer export
        has them and adds the others as ended on the newer export's date."""
        names_in_file = Counter(row_keys(c)[0] for c in source.contacts)
        self.index.prefetch(
            (row_keys(c)[2] for c in source.contacts),
            (row_keys(c)[3] for c in source.contacts),
            names_in_file,
        )
        seen: set[int] = set()
        in_file: set[int] = set()  # the people this file's rows are: never one another (see ``_place``)
        total = len(source.contacts)
        for number, row in enumerate(source.contacts, start=1):
            if self._forgotten(row):
                summary.skipped.append({"file": row.file, "line": row.line, "reason": "forgotten person"})
                continue
            nkey, ckey, url_key, email_key, _ = row_keys(row)
            existing = book.find(nkey, ckey, url_key, email_key, name_alone=names_in_file[nkey] == 1)
            if existing is not None and existing not in seen:
                if ended_by is None:
                    self._update_contact(existing, row, import_id, summary)
                seen.add(existing)
                in_file.add(self.person_of(existing))
            else:
                record_id, merged = self._place(
                    row, owner_record, "contact", source.source, import_id, True, apart_from=in_file
                )
                in_file.add(self.person_of(record_id))
                if ended_by is not None:
                    self.conn.execute("UPDATE records SET ended_at = ? WHERE id = ?", (ended_by, record_id))
                    summary.ended += 1
                book.add(record_id, nkey, ckey, url_key, email_key)
                seen.add(record_id)
                summary.merged += merged
                summary.new_people += not merged
            summary.contacts += 1
            if self.progress and (number % 500 == 0 or number == total):
                self.progress(number, total)

    def _update_contact(self, record_id: int, row: PersonRow, import_id: int, summary: FileSummary) -> None:
        """A contact listed again: bring the record up to date and keep what changed as history."""
        nkey, ckey, url_key, email_key, _ = row_keys(row)
        old = self.conn.execute(
            "SELECT company, position, url, email, connected_on, ended_at, person_id, is_connection FROM records"
            " WHERE id = ?",
            (record_id,),
        ).fetchone()
        changed = False
        for column in ("company", "position"):
            new_value = getattr(row, column)
            if new_value and old[column] and new_value != old[column]:
                self.conn.execute(
                    "INSERT INTO record_changes (record_id, import_id, field, old_value, new_value, changed_at)"
                    " VALUES (?,?,?,?,?,?)",
                    (record_id, import_id, column, old[column], new_value, self.now),
                )
                changed = True
        summary.job_changes += changed
        summary.updated += _record_changes(old, row)
        self.conn.execute(
            "UPDATE records SET last_import_id = ?, ended_at = NULL, is_connection = 1,"
            " company = COALESCE(NULLIF(?, ''), company), company_key = COALESCE(NULLIF(?, ''), company_key),"
            " position = COALESCE(NULLIF(?, ''), position), url = COALESCE(NULLIF(?, ''), url),"
            " url_key = COALESCE(NULLIF(?, ''), url_key), email = COALESCE(NULLIF(?, ''), email),"
            " email_key = COALESCE(NULLIF(?, ''), email_key), connected_on = COALESCE(connected_on, ?) WHERE id = ?",
            (
                import_id,
                row.company,
                ckey,
                row.position,
                row.url,
                url_key,
                row.email,
                email_key,
                row.connected_on,
                record_id,
            ),
        )
        # What the record now says, for later rows (a name only with a job change, as it always was).
        self.index.add(
            old["person_id"],
            row.name if changed else "",
            row.company,
            url_key,
            email_key,
            nkey=nkey if changed else "",
            ckey=ckey,
        )
        self.touched.add(old["person_id"])
        self.reread.add(old["person_id"])

    def _peer_record(
        self,
        owner_record: int,
        peer: PersonRow,
        source: ParsedSource,
        import_id: int,
        book: _OwnerBook,
        kind: str,
    ) -> tuple[int, bool]:
        """The owner's record for someone named in a message, an endorsement or a group list."""
        nkey, ckey, url_key, email_key, _ = row_keys(peer)
        if self._is_owner(owner_record, nkey, ckey or email_company_key(email_key), url_key):
            return owner_record, False  # the owner in their own group list or message thread
        found = book.find(nkey, ckey, url_key, email_key, name_alone=True)
        if found is None and url_key and nkey:
            found = book.find(
                nkey, ckey, "", email_key, name_alone=True
            )  # URL known here, not in Connections
        if found is not None:
            return found, False
        if not peer.name:
            peer = replace(peer, name=url_key.rsplit("/", 1)[-1] if url_key else "", keys=None)
        record_id, _ = self._place(peer, owner_record, kind, source.source, import_id, False)
        book.add(record_id, nkey, ckey, url_key, email_key)
        return record_id, True

    def _forgotten(self, row: PersonRow) -> bool:
        """A person erased with ``graphintro forget`` stays erased when an old export comes back."""
        if not self.any_forgotten:
            return False
        from graphintro.forgotten import is_forgotten

        return is_forgotten(self.conn, row.name, row.company, row.url, row.email)

    def _is_owner(self, owner_record: int, nkey: str, ckey: str, url_key: str) -> bool:
        """Whether a person named in the owner's own files is the owner: same URL, or same name and
        no conflicting URL or company."""
        owner = self.index.person(self.person_of(owner_record))
        if owner is None:
            return False
        if url_key:
            return url_key in owner.urls
        if not nkey or nkey != owner.name_key:
            return False
        return not ckey or not owner.company_keys or companies_agree({ckey}, owner.company_keys)

    def _write_interactions(
        self, owner_record: int, source: ParsedSource, import_id: int, book: _OwnerBook, summary: FileSummary
    ) -> None:
        rows: list[InteractionRow] = source.interactions
        written = []
        for interaction in rows:
            if (not interaction.peer.name and not interaction.peer.url) or self._forgotten(interaction.peer):
                continue
            record_id, _ = self._peer_record(
                owner_record, interaction.peer, source, import_id, book, "contact"
            )
            written.append(
                (
                    record_id,
                    import_id,
                    interaction.kind,
                    interaction.direction,
                    interaction.at,
                    interaction.detail,
                    interaction.key,
                )
            )
        cursor = self.conn.executemany(
            "INSERT OR IGNORE INTO interactions (record_id, import_id, kind, direction, at, detail, key)"
            " VALUES (?,?,?,?,?,?,?)",
            written,
        )
        summary.interactions += max(cursor.rowcount, 0)

    def _write_profile_facts(self, owner_record: int, source: ParsedSource, import_id: int) -> None:
        for position in source.positions:
            self.conn.execute(
                "INSERT OR IGNORE INTO positions (record_id, import_id, company, company_key, title, started_on,"
                " finished_on) VALUES (?,?,?,?,?,?,?)",
                (
                    owner_record,
                    import_id,
                    position.company,
                    company_key(position.company),
                    position.title,
                    position.started_on,
                    position.finished_on,
                ),
            )
        for skill in source.skills:
            self.conn.execute(
                "INSERT OR IGNORE INTO skills (record_id, import_id, name) VALUES (?,?,?)",
                (owner_record, import_id, skill),
            )

    def _group_id(self, membership: MembershipRow) -> int:
        key = fold(membership.group)
        # (id, has a description) of the groups this import has seen: one look-up per group, not per member.
        row = self._groups.get(key)
        if row is None:
            row = self.conn.execute(
                "SELECT id, description FROM groups WHERE name_key = ?", (key,)
            ).fetchone()
            if row is None:
                group_id = inserted_id(
                    self.conn.execute(
                        "INSERT INTO groups (name, name_key, description) VALUES (?,?,?)",
                        (membership.group, key, membership.description),
                    )
                )
                self._groups[key] = (group_id, bool(membership.description))
                return group_id
            row = self._groups[key] = (row[0], bool(row[1]))
        if membership.description and not row[1]:
            self.conn.execute(
                "UPDATE groups SET description = ? WHERE id = ?", (membership.description, row[0])
            )
            self._groups[key] = (row[0], True)
        return row[0]

    def _write_memberships(
        self, owner_record: int, source: ParsedSource, import_id: int, book: _OwnerBook, summary: FileSummary
    ) -> None:
        for membership in source.memberships:
            if membership.person is not None and self._forgotten(membership.person):
                continue
            if membership.person is None:
                record_id = owner_record
            else:
                record_id, created = self._peer_record(
                    owner_record, membership.person, source, import_id, book, "group member"
                )
                summary.new_people += created
            cursor = self.conn.execute(
                "INSERT INTO memberships (group_id, record_id, import_id, role, posts, joined) VALUES (?,?,?,?,?,?)"
                " ON CONFLICT(group_id, record_id) DO UPDATE SET role = excluded.role,"
                " posts = MAX(posts, excluded.posts), joined = COALESCE(joined, excluded.joined)",
                (
                    self._group_id(membership),
                    record_id,
                    import_id,
                    membership.role,
                    membership.posts,
                    membership.joined,
                ),
            )
            summary.memberships += cursor.rowcount

    def _newest_export(self, owner_record: int, source: ParsedSource) -> str | None:
        """The date of a newer export of this owner already imported, when ``source`` is older than it.

        An older export imported late is history, not news: it changes nothing the newer one says,
        and the contacts only it lists were gone by the newer export's date.
        """
        latest = self.conn.execute(
            "SELECT MAX(export_date) FROM imports WHERE owner_record_id = ? AND source = ?",
            (owner_record, source.source),
        ).fetchone()[0]
        older = latest and source.export_date_known and source.export_date and source.export_date < latest
        return latest if older else None

    def _end_vanished(self, owner_record: int, source: ParsedSource, import_id: int) -> int:
        """Contacts a newer export no longer lists are ended (kept, dated), never deleted."""
        ended_at = source.export_date or self.now[:10]
        # Their people are not refreshed now, but must be read whole when they are next.
        for (person_id,) in self.conn.execute(
            "SELECT DISTINCT person_id FROM records WHERE owner_record_id = ? AND source = ? AND is_connection = 1"
            " AND ended_at IS NULL AND last_import_id != ?",
            (owner_record, source.source, import_id),
        ):
            self.shown.pop(person_id, None)
        cursor = self.conn.execute(
            "UPDATE records SET ended_at = ? WHERE owner_record_id = ? AND source = ? AND is_connection = 1"
            " AND ended_at IS NULL AND last_import_id != ?",
            (ended_at, owner_record, source.source, import_id),
        )
        return cursor.rowcount

    # -- people's displayed attributes --------------------------------------------------------

    def refresh_people(self) -> None:
        """Recompute the name, company, position and URL shown for every person this import touched.

        A person already summed up by an earlier import of this process, none of whose older records
        changed since, is brought up to date from this import's new records alone."""
        known = {pid for pid in self.touched if pid in self.shown and pid not in self.reread}
        if known:
            cursor = self.conn.cursor()
            cursor.row_factory = None
            for row in cursor.execute(
                _APPEARANCES + " WHERE r.id > ? ORDER BY r.id", (self.last_old_record,)
            ):
                if row[0] in known:
                    self.shown[row[0]].add(row)
        refresh_people(self.conn, self.touched, self.shown, known)


def _record_changes(old: sqlite3.Row, row: PersonRow) -> bool:
    """Whether listing ``row`` again changes what the record ``old`` says (the UPDATE of
    ``_update_contact``): a re-saved file that changed nothing updates nothing, whatever its bytes."""
    return (
        old["ended_at"] is not None
        or not old["is_connection"]
        or any(
            new and new != old[column]
            for column, new in (
                ("company", row.company),
                ("position", row.position),
                ("url", row.url),
                ("email", row.email),
            )
        )
        or (old["connected_on"] is None and row.connected_on is not None)
    )


_APPEARANCES = (
    "SELECT r.person_id, r.kind, r.name, r.company, r.position, r.url, r.headline, r.industry,"
    " r.ended_at, r.last_import_id, COALESCE(i.export_date, i.imported_at, '') AS seen"
    " FROM records r LEFT JOIN imports i ON i.id = r.last_import_id"
)


class _Appearances:
    """What is shown for a person, summed up from their records taken in id order (see ``refresh_people``).

    The best-written name (the first of the best, as ``max`` keeps it), the first own record, the
    first URLs and the current job (the first of the best ``_job_rank``): a later record changes
    them only by being strictly better, so a record added afterwards needs no second look at the
    others."""

    __slots__ = ("any_url", "job", "job_rank", "name_rank", "named", "own", "own_url", "row")

    def __init__(self, row: tuple | None = None) -> None:
        self.row = row  # the person's row in ``people`` as last written, when known
        self.name_rank: tuple | None = None
        self.named: tuple[str, str, str] = ("", "", "")  # name, headline, industry
        self.own: tuple[str, str] | None = None  # headline, industry of the first "self" record
        self.own_url = ""
        self.any_url = ""
        self.job_rank: tuple | None = None
        self.job: tuple[str, str] | None = None  # company, position

    def add(self, row: tuple) -> None:
        """One record: ``(person_id, kind, name, company, position, url, headline, industry, ended_at,
        last_import_id, seen)``, after all the person's records of lower id."""
        _, kind, name, company, position, url, headline, industry, ended_at, last_import_id, seen = row
        is_self = kind == "self"
        rank = (is_self, _name_quality(name))
        if self.name_rank is None or rank > self.name_rank:
            self.name_rank, self.named = rank, (name, headline, industry)
        if is_self:
            if self.own is None:
                self.own = (headline, industry)
            if url and not self.own_url:
                self.own_url = url
        if url and not self.any_url:
            self.any_url = url
        if company or position:
            # The current job: a member's own profile, then active ties, then the latest export.
            job_rank = (is_self and bool(company), ended_at is None, seen, last_import_id or 0)
            if self.job_rank is None or job_rank > self.job_rank:
                self.job_rank, self.job = job_rank, (company, position)

    def values(self, nkey: str | None = None, ckey: str | None = None, folded: str | None = None) -> tuple:
        """The ``people`` columns: name, name_key, company, company_key, position, url, headline,
        industry, is_member, search_text (the keys and folded name are computed unless given)."""
        name, company, position, url, headline, industry, is_member = self.shown()
        if folded is None:
            folded = fold(name)
        search_text = " ".join(
            part for part in (folded, fold(company), fold(position), fold(headline)) if part
        )
        return (
            name,
            name_key(name) if nkey is None else nkey,
            company,
            company_key(company) if ckey is None else ckey,
            position,
            url,
            headline,
            industry,
            is_member,
            search_text,
        )

    def shown(self) -> tuple:
        """What is shown, before any key is computed: name, company, position, url, headline,
        industry, is_member."""
        company, position = self.job or ("", "")  # no record tells a job
        headline, industry = self.own or self.named[1:]
        return (
            self.named[0],
            company,
            position,
            self.own_url or self.any_url,
            headline,
            industry,
            int(self.own is not None),
        )


def refresh_people(
    conn: sqlite3.Connection,
    person_ids: Iterable[int],
    shown: dict[int, _Appearances] | None = None,
    known: set[int] | frozenset[int] = frozenset(),
) -> None:
    """Recompute what is shown for each person from all their appearances.

    The name is the best-written one (a member's own, else with accents and mixed case:
    "Hélène Le Gall" rather than "HELENE LE GALL"); the company and position are the most recent
    ones (by export date), since people change jobs; the URL is the member's own or any known one.
    People in ``known`` are already summed up in ``shown``; the others are read from the store
    (and their summaries kept in ``shown`` when given).
    """
    ids = sorted(set(person_ids))
    shown = {} if shown is None else shown
    cursor = conn.cursor()
    cursor.row_factory = None
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        unread = [pid for pid in chunk if pid not in known]
        summaries = {pid: shown[pid] for pid in chunk if pid in known}
        if unread:
            marks = ",".join("?" * len(unread))
            for pid in unread:
                shown.pop(pid, None)
            for row in cursor.execute(_APPEARANCES + f" WHERE r.person_id IN ({marks})", unread):
                summary = summaries.get(row[0])
                if summary is None:
                    summary = summaries[row[0]] = shown[row[0]] = _Appearances()
                summary.add(row)
        unknown = [pid for pid, summary in summaries.items() if summary.row is None]
        marks = ",".join("?" * len(unknown))
        current = (
            {
                row[0]: tuple(row[1:])
                for row in cursor.execute(
                    "SELECT id, name, name_key, company, company_key, position, url, headline, industry, is_member,"
                    f" search_text FROM people WHERE id IN ({marks})",
                    unknown,
                )
            }
            if unknown
            else {}
        )
        changed, same_keys = [], []
        for pid, summary in summaries.items():
            before = summary.row if summary.row is not None else current.get(pid)
            if before is not None and summary.shown() == _shown_of(before):
                summary.row = before  # (its keys and search text follow from what is shown)
                continue
            values = summary.values()
            if before is None or before[1] != values[1] or before[3] != values[3]:
                changed.append((*values, pid))
            else:  # what is shown changed (see above), not the keys
                same_keys.append((values[0], values[2], *values[4:], pid))
            summary.row = values
        conn.executemany(
            "UPDATE people SET name = ?, name_key = ?, company = ?, company_key = ?, position = ?, url = ?,"
            " headline = ?, industry = ?, is_member = ?, search_text = ? WHERE id = ?",
            changed,
        )
        # The same keys: their indexes are left alone (SQLite rewrites the index of any column set).
        conn.executemany(
            "UPDATE people SET name = ?, company = ?, position = ?, url = ?,"
            " headline = ?, industry = ?, is_member = ?, search_text = ? WHERE id = ?",
            same_keys,
        )


def _shown_of(values: tuple) -> tuple:
    """``_Appearances.shown`` of a ``people`` row as ``values`` gives it."""
    return (values[0], values[2], values[4], values[5], values[6], values[7], values[8])


def _name_quality(name: str) -> tuple:
    """Mixed case beats capitals, accents beat none: how the person writes their own name."""
    return (not name.isupper() and not name.islower(), not name.isascii(), len(name))
