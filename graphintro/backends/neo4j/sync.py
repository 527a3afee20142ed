"""``graphintro sync``: the embedded store mirrored on a Neo4j server, in batched transactions
stamped with the sync's number (see ``sync_store``)."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date

from graphintro.backends.neo4j.connection import (
    BATCH,
    CONSTRAINTS,
    INDEXES,
    BackendError,
    Neo4jServer,
    public_uri,
)
from graphintro.errors import UsageError


def store_identity(store) -> str:
    """A stable id of the embedded store (kept in its meta table), so that one server mirrors one store."""
    return store.identity


def sync_store(
    backend: Neo4jServer,
    store,
    replace: bool = False,
    progress: Callable[[str, int, int], None] | None = None,
) -> dict:
    """Push people, groups, memberships and ties of ``store`` to Neo4j; idempotent.

    Constraints and indexes first; then batched ``UNWIND`` transactions that stamp what they write
    with this sync's number: ``CREATE`` into a server holding no graphintro data (a first load, where
    there is nothing to look for), ``MERGE`` otherwise; finally whatever carries an older stamp
    (forgotten, merged, ended since the last sync) is deleted. Rows are made a batch at a time
    (``mirror.Mirror``) while the previous batch is written. The meta node is written last: a
    reader never sees a half sync's generation.
    """
    started = time.perf_counter()
    store_id = store_identity(store)
    current = backend.run("MATCH (m:GraphintroMeta) RETURN m.store AS store")
    if current and current[0]["store"] != store_id and not replace:
        raise UsageError(
            f"Neo4j at {public_uri(backend.uri)} mirrors another graphintro store:"
            " add --replace to replace its graphintro data with this store's"
        )
    for statement in CONSTRAINTS:
        backend.write(statement)
    backend.write("CALL db.awaitIndexes(300)")
    stamp = uuid.uuid4().int >> 66  # a number: a string per tie and node costs the server more
    with _sync_lock(backend, stamp), _collector_paused():
        return _push(backend, store, store_id, stamp, started, progress)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off for the sync. The ties' features (a million objects and their
    lists at the large size) live until the sync ends and hold no cycle, yet every full pass of the
    collector walks all of them; the sync makes garbage with no cycles (rows, sentences), which
    reference counting frees. Measured: about a fifth of the client's CPU per tie at the medium size."""
    import gc

    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


@contextmanager
def _sync_lock(backend: Neo4jServer, stamp: int, lease_ms: int = 3_600_000) -> Iterator[None]:
    """One sync at a time: a second one would delete, as stale, what the first one is writing."""
    from graphintro.store import now_iso

    taken = backend.write(
        "MERGE (l:GraphintroSyncLock) ON CREATE SET l.owner = $stamp, l.since = timestamp(), l.started = $now"
        " WITH l CALL (l) { WITH l WHERE l.owner <> $stamp AND timestamp() - l.since > $lease"
        " SET l.owner = $stamp, l.since = timestamp(), l.started = $now } RETURN l.owner = $stamp AS mine,"
        " l.started AS started",
        stamp=stamp,
        now=now_iso(),
        lease=lease_ms,
    )
    if not taken[0]["mine"]:
        raise BackendError(
            f"another graphintro sync to Neo4j at {public_uri(backend.uri)} is running"
            f" (since {taken[0]['started']} UTC); try again when it is done"
        )
    try:
        yield
    finally:
        backend.write("MATCH (l:GraphintroSyncLock {owner: $stamp}) DELETE l", stamp=stamp)


# Each step's statement: (first load, into a server holding no graphintro data: CREATE; a later
# sync: MERGE over what is there). People are then found by their node id, which the people step
# hands back: a seek by node id costs about half the server time of a seek in the id constraint's
# index, and the ties are most of a sync (measured in BENCHMARKS.md, "Issue 20, point 5"). ``id()``
# is deprecated in Cypher 5 but kept by Neo4j 5.26 LTS; the ``:Person`` label guards the seek.
_PERSON_A = "MATCH (a:Person) WHERE id(a) = r.a"
_PERSON_B = "MATCH (b:Person) WHERE id(b) = r.b"
_MEMBER_LABEL = " FOREACH (_ IN CASE WHEN r.member THEN [1] ELSE [] END | SET p:Member)"
_NODES = " RETURN collect(r.id) AS ids, collect(id(p)) AS nodes"
_EACH_TIE = "UNWIND range(0, size($a) - 1) AS i"
_TIE_A = "MATCH (a:Person) WHERE id(a) = $a[i]"
_TIE_B = "MATCH (b:Person) WHERE id(b) = $b[i]"
STEPS = {
    "people": (
        "UNWIND $rows AS r CREATE (p:Person) SET p = r, p.sync = $stamp" + _MEMBER_LABEL + _NODES,
        "UNWIND $rows AS r MERGE (p:Person {id: r.id}) SET p = r, p.sync = $stamp"
        + _MEMBER_LABEL
        + " FOREACH (_ IN CASE WHEN r.member THEN [] ELSE [1] END | REMOVE p:Member)"
        + _NODES,
    ),
    "groups": (
        "UNWIND $rows AS r CREATE (g:Group) SET g = r, g.sync = $stamp",
        "UNWIND $rows AS r MERGE (g:Group {id: r.id}) SET g = r, g.sync = $stamp",
    ),
    "memberships": (
        f"UNWIND $rows AS r {_PERSON_A} MATCH (g:Group {{id: r.group}})"
        " CREATE (a)-[:MEMBER_OF {role: r.role, posts: r.posts, rank: r.rank, sync: $stamp}]->(g)",
        f"UNWIND $rows AS r {_PERSON_A} MATCH (g:Group {{id: r.group}})"
        " MERGE (a)-[m:MEMBER_OF]->(g) SET m.role = r.role, m.posts = r.posts, m.rank = r.rank, m.sync = $stamp",
    ),
    "handles": (
        f"UNWIND $rows AS r {_PERSON_A} CREATE (:Handle {{key: r.key, sync: $stamp}})-[:OF]->(a)",
        f"UNWIND $rows AS r {_PERSON_A} MERGE (h:Handle {{key: r.key}})"
        " SET h.sync = $stamp WITH h, a OPTIONAL MATCH (h)-[old:OF]->(other) WHERE other <> a"
        " DELETE old MERGE (h)-[:OF]->(a)",
    ),
    "ties": (  # parallel lists, one value per tie in each (``Mirror.tie_columns``)
        f"{_EACH_TIE} {_TIE_A} {_TIE_B} CREATE (a)-[:TIE {{strength: $s[i], direct: $d[i],"
        " evidence: $e[i], last_message: $m[i], sync: $stamp}]->(b)",
        f"{_EACH_TIE} {_TIE_A} {_TIE_B} MERGE (a)-[t:TIE]->(b) SET t.strength = $s[i],"
        " t.direct = $d[i], t.evidence = $e[i], t.last_message = $m[i], t.sync = $stamp",
    ),
}


class _Writer:
    """Sends one step's rows in batches with the statement for a first load or a later sync, and
    keeps each step's count and time. ``send_later`` sends from a thread while the caller makes
    the next batch (at most one batch in flight), so the client's work overlaps the server's."""

    def __init__(self, backend: Neo4jServer, stamp: int, first: bool, progress):
        from concurrent.futures import ThreadPoolExecutor

        self.backend, self.stamp, self.first, self.progress = backend, stamp, first, progress
        self.counts: dict[str, int] = {}
        self.seconds: dict[str, float] = {}
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="graphintro-sync")
        self._pending: tuple | None = None

    def send(self, kind: str, rows: list[dict], total: int) -> list:
        """Write ``rows`` now (after any batch in flight); the records the statement returns."""
        self.wait()
        records = self._write(kind, {"rows": rows}, len(rows))
        self._report(kind, total)
        return records

    def send_later(self, kind: str, rows: list[dict] | dict[str, list], total: int) -> None:
        """Write ``rows`` in the background once the batch in flight is written: a list of row maps,
        or parallel lists (the ties: ``Mirror.tie_columns``)."""
        self.wait()
        parameters, count = (rows, len(rows["a"])) if isinstance(rows, dict) else ({"rows": rows}, len(rows))
        if count:
            self._pending = (self._pool.submit(self._write, kind, parameters, count), kind, total)

    def wait(self) -> None:
        """Until the batch in flight is written (its error, if any, raised here)."""
        if self._pending:
            future, kind, total = self._pending
            self._pending = None
            future.result()
            self._report(kind, total)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def _write(self, kind: str, parameters: dict, count: int) -> list:
        if not count:
            return []
        started = time.perf_counter()
        query = STEPS[kind][0 if self.first else 1]
        records, _, _ = self.backend.driver.execute_query(
            query, {**parameters, "stamp": self.stamp}, database_=self.backend.database
        )
        self.counts[kind] = self.counts.get(kind, 0) + count
        self.seconds[kind] = self.seconds.get(kind, 0.0) + time.perf_counter() - started
        return records

    def _report(self, kind: str, total: int) -> None:
        if self.progress and total and kind in self.counts:  # on the caller's thread (a terminal's bar)
            self.progress(kind, self.counts[kind], total)


def _push(
    backend: Neo4jServer,
    store,
    store_id: str,
    stamp: int,
    started: float,
    progress: Callable[[str, int, int], None] | None,
) -> dict:
    """The writes of one sync, stamped ``stamp``, then the removal of what is stale (none after a
    first load)."""
    from graphintro.backends.mirror import Mirror, topic_format

    first = not backend.run("MATCH (n) WHERE n:Person OR n:Group OR n:Handle RETURN 1 LIMIT 1")
    for name, statement in INDEXES.items():  # no reader uses them before the meta node is written
        backend.write(f"DROP INDEX {name} IF EXISTS" if first else statement)
    mirror = Mirror(store)
    prepared = time.perf_counter()
    writer = _Writer(backend, stamp, first, progress)
    node: dict[int, int] = {}  # person id -> the server's node id, handed back by the people step
    try:
        with backend.explained():
            groups = mirror.groups()
            for start in range(0, len(groups), BATCH):
                writer.send("groups", groups[start : start + BATCH], len(groups))
            for people, memberships in mirror.people_rows(BATCH):
                for record in writer.send("people", people, mirror.people_count):
                    node.update(zip(record["ids"], record["nodes"], strict=True))
                writer.send_later("memberships", _on_nodes(memberships, node, "a"), 0)  # shown with people
            handles = mirror.handles()
            rows: list[dict] = []
            for key, person in handles.items():
                if person in node:
                    rows.append({"key": key, "a": node[person]})
                if len(rows) == BATCH:
                    writer.send_later("handles", rows, len(handles))
                    rows = []
            writer.send_later("handles", rows, len(handles))
            writer.wait()
            del handles
            ties_started = time.perf_counter()
            for ties in mirror.tie_columns(BATCH):
                writer.send_later("ties", _columns_on_nodes(ties, node), len(mirror.ties))
            writer.wait()
            ties_wall = time.perf_counter() - ties_started
    finally:
        writer.close()
    with backend.explained():
        written = time.perf_counter()
        if first:
            for statement in INDEXES.values():
                backend.write(statement)
        backend.write("CALL db.awaitIndexes(3600)")
        indexed = time.perf_counter()
        removed = {} if first else _remove_stale(backend, stamp)
        meta = {
            "store": store_id,
            "generation": store.generation,
            "as_of": mirror.as_of.isoformat(),
            "synced_at": date.today().isoformat(),
            "sync": stamp,
            "topic_format": topic_format(),  # the experts refuse a mirror of another format
        }
        backend.driver.execute_query(
            "MERGE (m:GraphintroMeta) SET m = $meta", {"meta": meta}, database_=backend.database
        )
    backend._meta = None
    seconds = time.perf_counter() - started
    return {
        "uri": public_uri(backend.uri),
        "first_load": first,
        "people": writer.counts.get("people", 0),
        "groups": writer.counts.get("groups", 0),
        "memberships": writer.counts.get("memberships", 0),
        "ties": writer.counts.get("ties", 0),
        "removed": removed,
        "prepare_s": round(prepared - started, 3),
        "write_s": round(written - prepared, 3),
        "index_s": round(indexed - written, 3),
        "seconds": round(seconds, 3),
        "step_s": {kind: round(value, 3) for kind, value in writer.seconds.items()},
        "ties_s": round(ties_wall, 3),
        "ties_per_s": round(writer.counts.get("ties", 0) / max(ties_wall, 1e-9)),
    }


def _on_nodes(rows: list[dict], node: dict[int, int], *ends: str) -> list[dict]:
    """``rows`` with their person ends (``ends``, or ``person`` renamed to ``a``) as node ids; a row
    whose person the server does not hold is left out, as a ``MATCH`` on it would."""
    out = []
    for row in rows:
        if "person" in row:
            row["a"] = row.pop("person")
        if all(row[end] in node for end in ends):
            for end in ends:
                row[end] = node[row[end]]
            out.append(row)
    return out


def _columns_on_nodes(columns: dict[str, list], node: dict[int, int]) -> dict[str, list]:
    """The ties' ``columns`` with their ends ``a`` and ``b`` as node ids; a tie with an end the
    server does not hold is left out, as a ``MATCH`` on it would."""
    ends = [list(map(node.get, columns["a"])), list(map(node.get, columns["b"]))]
    if None in ends[0] or None in ends[1]:
        kept = [i for i, (a, b) in enumerate(zip(*ends, strict=True)) if a is not None and b is not None]
        columns = {name: [values[i] for i in kept] for name, values in columns.items()}
        ends = [[ends[0][i] for i in kept], [ends[1][i] for i in kept]]
    columns["a"], columns["b"] = ends
    return columns


def _remove_stale(backend: Neo4jServer, stamp: int) -> dict[str, int]:
    """Delete what an older sync wrote and this one did not (in batches, auto-committed)."""
    removed = {}
    for kind, match, delete in (
        ("ties", "MATCH ()-[x:TIE]->() WHERE x.sync <> $stamp", "DELETE x"),
        ("memberships", "MATCH ()-[x:MEMBER_OF]->() WHERE x.sync <> $stamp", "DELETE x"),
        ("handles", "MATCH (x:Handle) WHERE x.sync <> $stamp", "DETACH DELETE x"),
        ("groups", "MATCH (x:Group) WHERE x.sync <> $stamp", "DETACH DELETE x"),
        ("people", "MATCH (x:Person) WHERE x.sync <> $stamp", "DETACH DELETE x"),
    ):
        count = backend.run(f"{match} RETURN count(x) AS n", stamp=stamp)[0]["n"]
        if count:
            with backend.driver.session(database=backend.database) as session:
                session.run(
                    f"{match} CALL (x) {{ {delete} }} IN TRANSACTIONS OF {BATCH} ROWS", stamp=stamp
                ).consume()
        removed[kind] = count
    return removed
