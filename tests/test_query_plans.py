"""Describing an answer reads only what it needs: no query of a path answer scans a table, or reads
every record of a person row by row.

A first-time question on a large store is paid in disk reads: a full scan of ``records`` (a million
rows), or reading each of the hundreds of records of a well-known person (a member appears in the
export of every teammate who knows them, each record somewhere else in the file) to keep the few
that link two people of the answer, costs seconds when the file is not in the page cache. The time itself is measured by ``scripts/bench.py`` (BENCHMARKS.md); here, every statement
the library runs to answer is recorded and its plan (``EXPLAIN QUERY PLAN``) checked for scans. The
store has no ``ANALYZE`` statistics, so SQLite plans the demo store as it plans a large one.
"""

from __future__ import annotations

import re
from typing import Self

import pytest

from graphintro.graph import describe_ties, load_graph
from graphintro.paths import introductions
from graphintro.people import resolve_person, summarize_people
from graphintro.store import Store

# Tables a full scan of is fine, with the reason.
SMALL_TABLES = {
    "tie_ratings": "the team's own ratings, typed by hand one by one (`tie rate`): a few dozen rows",
    "imports": "one row per file a member imported (a few per member): their export dates date their ties",
    "asks": "one row per introduction a teammate asked for by hand (`graphintro ask`): the introducers' load",
}
# "SCAN x" where x is no table: a subquery's or a constant's rows, already restricted.
NOT_TABLES = re.compile(r"^SCAN (CONSTANT ROW|\(subquery-\d+\)|\(join-\d+\))")
SCAN = re.compile(r"^SCAN (\w+)")
# Every record of a person, each row read to test the rest of the query (not covering, person alone).
EVERY_APPEARANCE = re.compile(r"^SEARCH (\w+) USING INDEX records_person \(person_id=\?\)$")


class Recorder:
    """Every statement run on the store's connection while it is on (SQLite gives them with their values)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.statements: list[str] = []

    def __enter__(self) -> Self:
        self.store.conn.set_trace_callback(self.statements.append)
        return self

    def __exit__(self, *exc: object) -> None:
        self.store.conn.set_trace_callback(None)

    def scans(self) -> list[tuple[str, str]]:
        """(statement, plan line) for each full scan of a table in the recorded queries."""
        found = []
        for sql in self.statements:
            if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            tables = _tables(sql)
            for row in self.store.conn.execute("EXPLAIN QUERY PLAN " + sql):
                detail = row[3]
                if _reads_too_much(detail, tables):
                    found.append((sql, detail))
        return found


def _reads_too_much(detail: str, tables: dict[str, str]) -> bool:
    """A plan line that scans a table (not a small one), or reads every record of a person."""
    scan = SCAN.match(detail)
    if scan and not NOT_TABLES.match(detail):
        return tables.get(scan.group(1), scan.group(1)) not in SMALL_TABLES
    return bool(EVERY_APPEARANCE.match(detail))


KEYWORDS = {"ON", "WHERE", "JOIN", "LEFT", "INNER", "CROSS", "GROUP", "ORDER", "LIMIT", "UNION", "USING"}


def _tables(sql: str) -> dict[str, str]:
    """Table of each name a plan may show (the table itself, or its alias)."""
    names = {}
    for table, alias in re.findall(r"\b(?:FROM|JOIN)\s+(\w+)(?:\s+(?:AS\s+)?(\w+))?", sql, re.IGNORECASE):
        names[table] = table
        if alias and alias.upper() not in KEYWORDS:
            names[alias] = table
    return names


@pytest.fixture
def store(demo_db):
    with Store(demo_db) as opened:
        load_graph(opened)  # the graph cache is built once per write: not part of an answer
        yield opened


def test_a_path_answer_scans_no_table(store, team):
    source, target = resolve_person(store, team["user"]), resolve_person(store, team["target"])
    with Recorder(store) as recorder:
        answer = introductions(store, source=f"#{source}", target=f"#{target}", k=3)
    assert answer["paths"] and any("JOIN" in sql for sql in recorder.statements)
    assert recorder.scans() == []


def test_describing_the_ties_and_people_of_members_scans_no_table(store):
    """Members are the people with the most records (their own, and one per teammate who knows them)."""
    members = [row[0] for row in store.conn.execute("SELECT id FROM people WHERE is_member = 1 ORDER BY id")]
    graph = load_graph(store)
    pairs = [(a, b) for a in members for b in members if a < b and graph.strength_between(a, b) > 0]
    assert pairs
    with Recorder(store) as recorder:
        described = describe_ties(store, graph, pairs)
        people = summarize_people(store, members)
    assert all(evidence for _, evidence in described.values()) and len(people) == len(members)
    assert recorder.scans() == []


def test_the_recorder_sees_scans(store):
    """The check itself can fail: a query by a column no index starts with is a scan; a person's
    records filtered on a column the index lacks are each read."""
    with Recorder(store) as recorder:
        store.conn.execute("SELECT id FROM records r WHERE r.phone = ?", ("+33 6",)).fetchall()
        store.conn.execute("SELECT rating FROM tie_ratings").fetchall()
        store.conn.execute("SELECT id FROM records WHERE person_id = 1 AND is_connection = 1").fetchall()
        store.conn.execute(
            "SELECT id FROM records WHERE person_id = 1 AND owner_record_id IS NULL"
        ).fetchall()
    assert [detail for _, detail in recorder.scans()] == [
        "SCAN r",
        "SEARCH records USING INDEX records_person (person_id=?)",
    ]


def test_counting_pending_invitations_scans_no_table(store):
    """The score counts every member's invitations nobody accepted: from the invitations' own index
    (a full read of the interactions is a million rows at 1,000 × 1,000, mostly messages), and the
    appearances of the few people left undecided from the index alone."""
    from graphintro.member_exports import pending_invitations

    with Recorder(store) as recorder:
        counted = pending_invitations(store)
    assert counted and any("interactions" in sql for sql in recorder.statements)
    assert recorder.scans() == []
