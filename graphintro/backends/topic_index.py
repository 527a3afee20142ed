"""The embedded store's topic index: each person's analysed fields in an FTS5 table next to the
store, and the profiles (titles, company, skills, endorsements, groups) it is built from.

This is the local backend's data layer for ``experts``; the Neo4j mirror reads the same profiles
(``graphintro.backends.mirror``). The text analysis itself is ``graphintro.topics``.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
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


def _profiles(store: Store, people: list[int]) -> dict[int, Profile]:
    """Titles, headline, company, skills, endorsements received and groups of ``people``."""
    from graphintro.changes import rows_for

    profiles = {pid: Profile(pid) for pid in people}
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
    for profile in profiles.values():
        profile.fields["skills"].extend(profile.endorsements)
    return profiles


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
    key = store.cache_key(f"index-v{INDEX_VERSION}", f"synonyms-{digest}")
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
        with one_state(store):
            generation = store.generation
            people = [
                r[0]
                for r in store.conn.execute("SELECT id FROM people WHERE merged_into IS NULL ORDER BY id")
            ]
            for start in range(0, len(people), 5000):
                conn.executemany(
                    "INSERT INTO docs (rowid, title, skills, groups, company) VALUES (?,?,?,?,?)",
                    _documents(store, people[start : start + 5000]),
                )
        conn.executemany("INSERT INTO meta VALUES (?, ?)", [("key", key), ("generation", str(generation))])
        conn.commit()
    finally:
        conn.close()


def _index_meta(conn: sqlite3.Connection, name: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (name,)).fetchone()
    return row[0] if row else None


def _documents(store: Store, people: list[int]) -> list[tuple]:
    """The index's rows of ``people``: each field's analysed terms, as FTS5 tokens."""
    profiles = _profiles(store, people)
    return [
        (
            pid,
            *(
                " ".join(_term_token(t) for text in p.fields.get(f, []) for t in analyze(text))
                for f in FIELD_WEIGHTS
            ),
        )
        for pid, p in profiles.items()
    ]


def _catch_up(store: Store, index: sqlite3.Connection, most: float = 0.2) -> bool:
    """Bring the index up to the store's generation by indexing again the people the writes since
    touched; False when it cannot (the log does not reach back, or so many changed that a whole
    rebuild is the better way)."""
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
    index.execute("BEGIN IMMEDIATE")
    try:
        if int(_index_meta(index, "generation") or -1) == generation:  # nobody caught up meanwhile
            for _ in rows_for(index, "DELETE FROM docs WHERE rowid IN ({})", people):
                pass  # (a statement without rows: each chunk runs as the generator is read)
            for start in range(0, len(living), 5000):
                index.executemany(
                    "INSERT INTO docs (rowid, title, skills, groups, company) VALUES (?,?,?,?,?)",
                    _documents(store, living[start : start + 5000]),
                )
            index.execute("UPDATE meta SET value = ? WHERE key = 'generation'", (str(store.generation),))
    except BaseException:
        index.execute("ROLLBACK")
        raise
    index.execute("COMMIT")
    return True


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
