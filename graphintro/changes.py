"""What changed in the store since a cache was built: read from the log the store's triggers keep.

The graph cache and the topic index record the generation they were built at. After a write they
catch up on what it touched (one member's import touches a few thousand people of a store of
hundreds of thousands) instead of being rebuilt whole: ``graphintro.graph.load_graph`` and
``graphintro.experts.search_index`` use ``changes_since``. The log (``changes``, migration 8) is
written by triggers, so no writer can forget it; ``changes_since`` answers ``None`` when it does not
reach back far enough, and the cache is then rebuilt whole.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from graphintro.store import Store

CHUNK = 5000  # ids per IN (...) list, well under SQLite's limit on parameters
# Beyond this many logged items, reading the log costs about what a whole rebuild does.
LOG_LIMIT = 500_000


@dataclass
class Changes:
    """What the writes since a generation touched, resolved to what is there now.

    ``people``: people everything about whom may have changed (their team membership, company,
    groups, past employers, merges), including people merged away or erased since, so that what was
    said of them goes; ``pairs``: ties whose own evidence changed (a connection, a message, a rating),
    as (lower id, higher id); ``profiles``: people whose profile (the topic index) may have changed;
    ``companies``: company keys someone joined or left; ``groups``: groups whose memberships changed;
    ``described_groups``: groups whose name or description changed."""

    people: set[int] = field(default_factory=set)
    pairs: set[tuple[int, int]] = field(default_factory=set)
    profiles: set[int] = field(default_factory=set)
    companies: set[str] = field(default_factory=set)
    groups: set[int] = field(default_factory=set)
    described_groups: set[int] = field(default_factory=set)


def changes_since(store: Store, generation: int) -> Changes | None:
    """What the writes after ``generation`` up to the store's current one touched, or ``None`` when the
    log cannot tell (a store without a log, a cache older than the log or newer than the store)."""
    conn = store.conn
    current = store.generation
    if generation > current or not getattr(store, "_logs_changes", False):
        return None
    floor = conn.execute("SELECT value FROM meta WHERE key = 'changes_floor'").fetchone()
    if floor is None or generation < int(floor[0]):
        return None
    rows = conn.execute(
        "SELECT kind, item FROM changes WHERE generation > ? AND generation <= ? LIMIT ?",
        (generation, current, LOG_LIMIT + 1),
    ).fetchall()
    if len(rows) > LOG_LIMIT:
        return None
    found = Changes()
    by_kind: dict[str, set] = {kind: set() for kind in "prteRSqcgG"}
    for kind, item in rows:
        by_kind.setdefault(kind, set()).add(item)
    found.people, found.companies = by_kind["p"], by_kind["c"]
    found.groups, found.described_groups = by_kind["g"], by_kind["G"]
    # A record stands for the tie between its person and the person whose export it is in.
    tied = by_kind["r"] | by_kind["t"] | by_kind["e"]
    linked: list[tuple[int, int, int]] = []  # (a record, its person, its owner's record)
    for record, person, owner in rows_for(
        conn,
        "SELECT id, person_id, owner_record_id FROM records WHERE id IN ({})",
        tied | by_kind["R"] | by_kind["S"],
    ):
        if record in by_kind["R"]:
            found.people.add(person)
        if (
            record in by_kind["R"]
            or record in by_kind["S"]
            or record in by_kind["r"]
            or record in by_kind["e"]
        ):
            found.profiles.add(person)
        if record in tied and owner is not None:
            linked.append((record, person, owner))
    owner_people = dict(
        rows_for(conn, "SELECT id, person_id FROM records WHERE id IN ({})", {o for *_, o in linked})
    )
    for record, person, owner in linked:
        owner_person = owner_people.get(owner)
        if owner_person is None:
            continue
        if record in by_kind["e"]:
            found.profiles.add(owner_person)  # (an endorsement received is on the endorser's record)
        if person != owner_person:
            found.pairs.add((min(person, owner_person), max(person, owner_person)))
    for item in by_kind["q"]:
        a, b = (store.resolve_id(int(x)) for x in str(item).split())
        if a != b:
            found.pairs.add((min(a, b), max(a, b)))
    found.profiles |= found.people
    return found


def rows_for(conn, sql: str, ids: Iterable, *args) -> list[tuple]:
    """Rows of ``sql`` (whose ``IN ({})`` takes the ids) for any number of ids, a chunk at a time."""
    ids = sorted(ids)
    rows: list[tuple] = []
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        rows += conn.execute(sql.format(",".join("?" * len(chunk))), [*chunk, *args]).fetchall()
    return rows


@contextmanager
def one_state(store: Store) -> Iterator[None]:
    """Everything read inside from one state of the store (a read transaction), so that a cache
    records the generation it was built from, even while another process writes."""
    conn = store.conn
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN")
    try:
        yield
    finally:
        if conn.in_transaction:
            conn.execute("COMMIT")
