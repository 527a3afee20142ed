"""The embedded store's topic index: each person's analysed fields in an FTS5 table next to the
store, and the profiles (titles, company, skills, endorsements, groups) it is built from.

This is the local backend's data layer for ``experts``; the Neo4j mirror reads the same profiles
(``graphintro.backends.mirror``). The text analysis itself is ``graphintro.topics``.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from graphintro.store import Store
from graphintro.topics import (
    FIELD_WEIGHTS,
    PROFILE_LIMIT,
    Profile,
    _term_token,
    analyze,
    synonyms,
    vocabulary,
)

INDEX_VERSION = 4  # 4: concepts indexed as one token each, "þ" + the key escaped (topics._term_token)
# The index file's own format, apart from the tokens (``INDEX_VERSION``, which the Neo4j mirror records
# too): 1, the profiles of the people with many records kept in the file (``_Sketch``), so that a
# catch-up reads only their new records, and each field's values in a fixed order. An index of another
# format is built whole once.
INDEX_FILE_VERSION = 1
# People with at least this many records have their profile kept in the index (``_Sketch``): a member
# listed by a thousand teammates' exports, whose profile a catch-up read again whole (at 2,000 x 5,000,
# the 251 members a one-member import lists: 230,000 records and 1.25M probes for the endorsements they
# received), gets the few records the import added instead. Fewer records are read again whole.
KEPT_FROM = 32


def _profiles(store: Store, people: list[int]) -> dict[int, Profile]:
    """Titles, headline, company, skills, endorsements received and groups of ``people``."""
    profiles, _ = _read_profiles(store, people)
    for profile in profiles.values():
        profile.fields["skills"].extend(profile.endorsements)
    return profiles


def _read_profiles(store: Store, people: list[int]) -> tuple[dict[int, Profile], Counter]:
    """``_profiles`` with the skills listed only (the endorsed ones not appended), and how many records
    each person has."""
    from graphintro.changes import rows_for

    profiles = {pid: Profile(pid) for pid in people}
    records: Counter = Counter()
    conn = store.conn
    for start in range(0, len(people), 900):
        chunk = people[start : start + 900]
        marks = ",".join("?" * len(chunk))
        whose: dict[int, int] = {}  # each record of the people: whose it is
        for record, pid, position, company, headline in conn.execute(
            f"SELECT id, person_id, position, company, headline FROM records WHERE person_id IN ({marks})",
            chunk,
        ):
            whose[record] = pid
            profile = profiles[pid]
            for value, name in ((position, "title"), (headline, "title"), (company, "company")):
                if value and value not in profile.fields[name]:
                    profile.fields[name].append(value)
        records.update(whose.values())
        for pid, skill in conn.execute(
            f"SELECT r.person_id, s.name FROM skills s JOIN records r ON r.id = s.record_id WHERE r.person_id IN ({marks})",
            chunk,
        ):
            profiles[pid].fields["skills"].append(skill)
        # An endorsement received is stored on the endorser's record in the owner's export: the
        # endorsed person is that export's owner ("in"), or the record's person ("out", given).
        # Only an owner's own record ("self", the one record without an owner) owns records: the
        # other records of a person, one per export that lists them (20 a person among the best
        # candidates at 9M ties), are not looked up in ``records_owner`` (the condition is read
        # from ``records_person``, which holds ``owner_record_id``).
        for pid, skill in conn.execute(
            "SELECT o.person_id, i.detail FROM interactions i JOIN records r ON r.id = i.record_id"
            " JOIN records o ON o.id = r.owner_record_id WHERE i.kind = 'endorsement' AND i.direction = 'in'"
            f" AND o.person_id IN ({marks}) AND o.owner_record_id IS NULL",
            chunk,
        ):
            if skill:
                profiles[pid].endorsements[skill] += 1
        # Those given ("out"): every record of the people is looked up, in the order of the
        # records' ids (the index's, where the interactions are), not person by person: a member
        # is listed by hundreds of exports spread over the store (at 2,000 x 5,000 the 283,000
        # records of a one-member catch-up's 5,656 people: 2.3 -> 1.3 s of CPU). Each person's
        # endorsements come in the same order, by record then skill.
        for record, skill in rows_for(
            conn,
            "SELECT record_id, detail FROM interactions WHERE record_id IN ({})"
            " AND kind = 'endorsement' AND direction = 'out' ORDER BY record_id, key",
            whose,
        ):
            if skill:
                profiles[whose[record]].endorsements[skill] += 1
        for pid, group_id, name, description, role, posts in conn.execute(
            "SELECT r.person_id, g.id, g.name, g.description, m.role, m.posts FROM memberships m"
            " JOIN records r ON r.id = m.record_id JOIN groups g ON g.id = m.group_id"
            f" WHERE r.person_id IN ({marks})",
            chunk,
        ):
            profile = profiles[pid]
            if any(g[0] == group_id for g in profile.groups):
                continue  # the same membership known from two teammates' files counts once
            profile.groups.append((group_id, name, role, posts))
            profile.descriptions[group_id] = description or ""
            profile.fields["groups"].extend([name, description] if description else [name])
    return profiles, records


def search_index(store: Store) -> sqlite3.Connection:
    """The topic index: each person's analysed fields in an FTS5 table next to the store.

    Belongs to its store and vocabulary (``Store.cache_key``), like the graph cache, and private
    (0600). After a write, the profiles the write touched are indexed again (``graphintro.changes``);
    it is rebuilt whole when the log of changes cannot tell. A query then reads the profiles of its
    best ``PROFILE_LIMIT`` candidates only, not the store.
    """
    from graphintro.changes import one_state

    path = store.path.with_name(store.path.name + ".search.sqlite")
    # A new synonym or a new wider concept changes the terms of every profile.
    digest = hashlib.sha1(repr((synonyms(), vocabulary())).encode()).hexdigest()[:12]
    key = store.cache_key(f"index-v{INDEX_VERSION}", f"file-v{INDEX_FILE_VERSION}", f"synonyms-{digest}")
    if path.exists():
        conn = sqlite3.connect(path, isolation_level=None)
        try:
            if _index_meta(conn, "key") == key:
                with one_state(store):
                    if _catch_up(store, conn):
                        return conn
        except (sqlite3.Error, TypeError, ValueError):
            pass
        conn.close()
    import threading

    # (one temporary file a thread: the web app's threads may build at once)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        _build_index(store, temporary, key)
        os.replace(temporary, path)
    except (sqlite3.Error, FileNotFoundError):
        if temporary.exists():
            temporary.unlink()
            raise
        # A ``forget`` cleared the caches beside the store meanwhile, this file too (it may hold the
        # person): its removal wins, and the index is built again from the store as it now is.
        return search_index(store)
    return sqlite3.connect(path)


def _build_index(store: Store, temporary: Path, key: str) -> None:
    """Every living person's profile indexed into ``temporary`` (a new file, private to the user)."""
    from graphintro.changes import one_state

    temporary.unlink(missing_ok=True)
    os.close(os.open(temporary, os.O_CREAT | os.O_WRONLY, 0o600))
    conn = sqlite3.connect(temporary)
    try:
        conn.execute("CREATE VIRTUAL TABLE docs USING fts5(title, skills, groups, company)")
        conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
        conn.execute("CREATE TABLE kept (person INTEGER PRIMARY KEY, records INTEGER NOT NULL)")
        # (``value``: a text, or a group's id; no type, so that each stays as it is)
        conn.execute(
            "CREATE TABLE kept_values (person INTEGER NOT NULL, field INTEGER NOT NULL, value NOT NULL,"
            " count INTEGER NOT NULL, PRIMARY KEY (person, field, value)) WITHOUT ROWID"
        )
        with one_state(store):
            generation = store.generation
            newest = _newest_record(store)
            people = [
                r[0]
                for r in store.conn.execute("SELECT id FROM people WHERE merged_into IS NULL ORDER BY id")
            ]
            for start in range(0, len(people), 5000):
                rows, kept = _indexed(store, people[start : start + 5000])
                conn.executemany(
                    "INSERT INTO docs (rowid, title, skills, groups, company) VALUES (?,?,?,?,?)", rows
                )
                _keep(conn, kept)
        conn.executemany(
            "INSERT INTO meta VALUES (?, ?)",
            [("key", key), ("generation", str(generation)), ("newest_record", str(newest))],
        )
        conn.commit()
    finally:
        conn.close()


def _index_meta(conn: sqlite3.Connection, name: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (name,)).fetchone()
    return row[0] if row else None


def _newest_record(store: Store) -> int:
    """The highest record id: the records a catch-up finds above it are those written since."""
    return store.conn.execute("SELECT COALESCE(MAX(id), 0) FROM records").fetchone()[0]


_TITLE, _COMPANY, _SKILL, _ENDORSED, _GROUP = range(5)  # the fields of a ``_Sketch`` (``kept_values.field``)


@dataclass
class _Sketch:
    """What a person's document is made of, as the index keeps it for the people with many records:
    their titles and headlines, companies and groups (each once), their skills (as many times as
    records list them), the skills they were endorsed for (with how many endorsements) and how many
    records they have. Records only added to a person add to it; anything else makes the person's
    profile read again whole."""

    records: int = 0
    values: dict[int, Counter] = field(default_factory=lambda: {f: Counter() for f in range(5)})


def _sketch(profile: Profile, records: int) -> _Sketch:
    """``profile`` (from ``_read_profiles``: the skills not followed by the endorsed ones) as a sketch."""
    sketch = _Sketch(records)
    sketch.values[_TITLE].update(dict.fromkeys(profile.fields.get("title", []), 1))
    sketch.values[_COMPANY].update(dict.fromkeys(profile.fields.get("company", []), 1))
    sketch.values[_SKILL].update(profile.fields.get("skills", []))
    sketch.values[_ENDORSED].update(profile.endorsements)
    sketch.values[_GROUP].update(dict.fromkeys((g[0] for g in profile.groups), 1))
    return sketch


def _document(pid: int, sketch: _Sketch, groups: dict[int, tuple[str, str]]) -> tuple:
    """The index's row of a person from their sketch and the name and description of each group."""
    values = sketch.values
    return _row(
        pid,
        sorted(values[_TITLE]),
        sorted(values[_SKILL].elements()) + sorted(values[_ENDORSED]),
        [text for group in sorted(values[_GROUP]) for text in groups[group]],
        sorted(values[_COMPANY]),
    )


def _row(pid: int, *texts: list[str]) -> tuple:
    """The index's row of a person: each field's analysed terms, as FTS5 tokens. Each field's values
    come sorted (by group id for the groups), whether read whole or from a sketch: a document's tokens
    are counted, never placed (BM25 reads no order)."""
    return (pid, *(" ".join(_term_token(t) for text in values for t in analyze(text)) for values in texts))


def _sorted(values: list) -> list:
    """``sorted``, without its call for the one value or none most people have of a field."""
    return sorted(values) if len(values) > 1 else values


def _indexed(store: Store, people: list[int]) -> tuple[list[tuple], dict[int, _Sketch]]:
    """The index's rows of ``people``, read whole from the store, and the sketches it keeps of them."""
    profiles, records = _read_profiles(store, people)
    rows, kept = [], {}
    for pid, profile in profiles.items():
        fields = profile.fields  # (titles, companies and groups each once: ``_read_profiles``)
        rows.append(
            _row(
                pid,
                _sorted(fields.get("title", [])),
                _sorted(fields.get("skills", [])) + _sorted(list(profile.endorsements)),
                [
                    text
                    for group_id, name, *_ in _sorted(profile.groups)
                    for text in (name, profile.descriptions.get(group_id, ""))
                ],
                _sorted(fields.get("company", [])),
            )
        )
        if records[pid] >= KEPT_FROM:
            kept[pid] = _sketch(profile, records[pid])
    return rows, kept


def _documents(store: Store, people: list[int]) -> list[tuple]:
    """The index's rows of ``people``: each field's analysed terms, as FTS5 tokens."""
    return _indexed(store, people)[0]


def _keep(index: sqlite3.Connection, kept: dict[int, _Sketch]) -> None:
    index.executemany("INSERT INTO kept VALUES (?, ?)", [(pid, s.records) for pid, s in kept.items()])
    index.executemany(
        "INSERT INTO kept_values VALUES (?, ?, ?, ?)",
        [
            (pid, f, value, count)
            for pid, sketch in kept.items()
            for f, counted in sketch.values.items()
            for value, count in counted.items()
        ],
    )


def _kept(index: sqlite3.Connection, people) -> dict[int, _Sketch]:
    """The sketches the index keeps of ``people`` (those with many records)."""
    from graphintro.changes import rows_for

    sketches = {
        pid: _Sketch(records)
        for pid, records in rows_for(index, "SELECT person, records FROM kept WHERE person IN ({})", people)
    }
    for pid, f, value, count in rows_for(
        index, "SELECT person, field, value, count FROM kept_values WHERE person IN ({})", sketches
    ):
        sketches[pid].values[f][value] = count
    return sketches


def _catch_up(store: Store, index: sqlite3.Connection, most: float = 0.2) -> bool:
    """Bring the index up to the store's generation by indexing again the people the writes since
    touched; False when it cannot (the log does not reach back, or so many changed that a whole
    rebuild is the better way). A person whose sketch the index keeps and who only gained records
    gets what these records add (``_grown``); the others are read again whole."""
    from graphintro.changes import changes_since, rows_for

    generation = int(_index_meta(index, "generation") or -1)
    if generation == store.generation:
        return True
    changes = changes_since(store, generation)
    if changes is None:
        return False
    people = set(changes.profiles)
    for group_id in changes.described_groups:  # a group's name and description are its members' evidence
        people |= {
            row[0]
            for row in store.conn.execute(
                "SELECT r.person_id FROM memberships m JOIN records r ON r.id = m.record_id WHERE m.group_id = ?",
                (group_id,),
            )
        }
    if not people:
        return True  # the writes since changed no profile: the index stays as it is
    if len(people) > 2000 and len(people) > most * _documents_indexed(index):
        return False
    living = sorted(
        row[0]
        for row in rows_for(
            store.conn, "SELECT id FROM people WHERE merged_into IS NULL AND id IN ({})", people
        )
    )
    newest = int(_index_meta(index, "newest_record") or -1)
    index.execute("BEGIN IMMEDIATE")
    try:
        if int(_index_meta(index, "generation") or -1) == generation:  # nobody caught up meanwhile
            grown, groups = _grown(store, _kept(index, living), generation, newest)
            for table, column in (("docs", "rowid"), ("kept", "person"), ("kept_values", "person")):
                for _ in rows_for(index, f"DELETE FROM {table} WHERE {column} IN ({{}})", people):
                    pass  # (a statement without rows: each chunk runs as the generator is read)
            index.executemany(
                "INSERT INTO docs (rowid, title, skills, groups, company) VALUES (?,?,?,?,?)",
                [_document(pid, sketch, groups) for pid, sketch in sorted(grown.items())],
            )
            _keep(index, grown)
            whole = [pid for pid in living if pid not in grown]
            for start in range(0, len(whole), 5000):
                rows, kept = _indexed(store, whole[start : start + 5000])
                index.executemany(
                    "INSERT INTO docs (rowid, title, skills, groups, company) VALUES (?,?,?,?,?)", rows
                )
                _keep(index, kept)
            index.executemany(
                "UPDATE meta SET value = ? WHERE key = ?",
                [(str(store.generation), "generation"), (str(_newest_record(store)), "newest_record")],
            )
    except BaseException:
        index.execute("ROLLBACK")
        raise
    index.execute("COMMIT")
    return True


def _grown(
    store: Store, kept: dict[int, _Sketch], generation: int, newest: int
) -> tuple[dict[int, _Sketch], dict[int, tuple[str, str]]]:
    """Of the ``kept`` sketches, those of the people whose records were only added to since
    ``generation`` (the index's records went up to ``newest``), with what the new records add; and
    the name and description of each of their groups.

    A person is read again whole instead when a record of theirs from before (``newest`` or below)
    is in the log (moved to them, its title, skills, groups or endorsements changed: the log does
    not say how), when a record from before endorsed in the log is in their export, or when they
    have another number of records from before than the sketch says (one was deleted or moved away:
    the log names the person only)."""
    from graphintro.changes import rows_for

    if not kept:
        return {}, {}
    conn = store.conn
    changed = [
        row[0]
        for row in conn.execute(
            "SELECT DISTINCT item FROM changes WHERE generation > ? AND generation <= ?"
            " AND kind IN ('r', 'S', 'R', 'e') AND item <= ?",
            (generation, store.generation, newest),
        )
    ]
    whole: set[int] = set()
    owners = set()
    for _, person, owner in rows_for(
        conn, "SELECT id, person_id, owner_record_id FROM records WHERE id IN ({})", changed
    ):
        whole.add(person)
        if owner is not None:
            owners.add(owner)
    whole |= {row[0] for row in rows_for(conn, "SELECT person_id FROM records WHERE id IN ({})", owners)}
    before = dict(
        rows_for(
            conn,
            "SELECT person_id, COUNT(*) FROM records WHERE person_id IN ({}) AND id <= ? GROUP BY person_id",
            kept,
            newest,
        )
    )
    grown = {
        pid: sketch
        for pid, sketch in kept.items()
        if pid not in whole and before.get(pid, 0) == sketch.records
    }
    if not grown:
        return {}, {}
    added: dict[int, int] = {}  # each new record of the people grown: whose it is
    owned: dict[int, int] = {}  # each new record: its owner's record
    for record, pid, owner, position, company, headline in conn.execute(
        "SELECT id, person_id, owner_record_id, position, company, headline FROM records WHERE id > ?",
        (newest,),
    ):
        if owner is not None:
            owned[record] = owner
        sketch = grown.get(pid)
        if sketch is None:
            continue
        added[record] = pid
        sketch.records += 1
        for value, f in ((position, _TITLE), (headline, _TITLE), (company, _COMPANY)):
            if value:
                sketch.values[f][value] = 1
    for record, name in conn.execute("SELECT record_id, name FROM skills WHERE record_id > ?", (newest,)):
        if record in added:
            grown[added[record]].values[_SKILL][name] += 1
    for record, group_id in conn.execute(
        "SELECT record_id, group_id FROM memberships WHERE record_id > ?", (newest,)
    ):
        if record in added:
            grown[added[record]].values[_GROUP][group_id] = 1
    # An endorsement received: "in" on a record of the owner's export (its owner's own record, the one
    # without an owner, is whose), "out" on the endorsed person's record (``_read_profiles``).
    endorsements = conn.execute(
        "SELECT record_id, direction, detail FROM interactions WHERE record_id > ? AND kind = 'endorsement'",
        (newest,),
    ).fetchall()
    exporters = {
        record: pid
        for record, pid, owner in rows_for(
            conn,
            "SELECT id, person_id, owner_record_id FROM records WHERE id IN ({})",
            {owned[r] for r, direction, _ in endorsements if direction == "in" and r in owned},
        )
        if owner is None
    }
    for record, direction, skill in endorsements:
        if not skill:
            continue
        if direction == "out":
            pid = added.get(record)
        elif direction == "in":
            pid = exporters.get(owned.get(record, -1))
        else:
            continue
        if pid in grown:
            grown[pid].values[_ENDORSED][skill] += 1
    groups = {
        group_id: (name, description or "")
        for group_id, name, description in rows_for(
            conn,
            "SELECT id, name, description FROM groups WHERE id IN ({})",
            {g for sketch in grown.values() for g in sketch.values[_GROUP]},
        )
    }
    return grown, groups


def _documents_indexed(index: sqlite3.Connection) -> int:
    """How many people the index holds: the rows of FTS5's own table of document sizes (one a
    document), not ``COUNT(*)`` of the table, which reads every document's text (0.08 s of CPU at
    1,000 × 1,000, ten times that at 2,000 × 5,000, asked by every catch-up)."""
    return index.execute("SELECT COUNT(*) FROM docs_docsize").fetchone()[0]


def _candidates(
    store: Store, query: tuple[str, ...], field: str | None = None, limit: int = PROFILE_LIMIT
) -> list[int]:
    """The ``limit`` people the index ranks best for the query (FTS5's own BM25, same weights), in
    every field or in ``field`` only."""
    index = search_index(store)
    try:
        match = " OR ".join(f'"{_term_token(t)}"' for t in sorted(set(query)))
        if field:
            match = f"{field} : ({match})"
        weights = ", ".join(str(w) for w in FIELD_WEIGHTS.values())
        return [
            r[0]
            for r in index.execute(
                f"SELECT rowid FROM docs WHERE docs MATCH ? ORDER BY bm25(docs, {weights}), rowid LIMIT ?",
                (match, limit),
            )
        ]
    finally:
        index.close()
