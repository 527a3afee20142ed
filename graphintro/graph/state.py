"""What the ties of a graph were computed from beyond each tie's two ends (the team, the members'
export dates, the companies and groups under or above their caps): what a catch-up compares
with the store as it is now.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from graphintro.graph.ties import INFERRED_COMPANY_MAX, INFERRED_GROUP_MAX
from graphintro.store import Store


@dataclass
class GraphState:
    """What the ties of a graph were computed from beyond each tie's own two ends: with the log of
    changes, it tells which ties a write can have changed (``update_graph``)."""

    generation: int
    as_of: str  # the store's reference date (ISO)
    members: set[int]  # the team (teammates; mutual contacts between teammates leave the others out)
    dates: dict[int, str]  # each member's newest export (ISO): the reference of their ties
    inferring_companies: set[str]  # companies whose people are tied to the members there (size cap)
    large_groups: set[int]  # groups above the cap: only their hosts and active members are tied


def _members(conn) -> set[int]:
    return {
        row[0] for row in conn.execute("SELECT id FROM people WHERE is_member = 1 AND merged_into IS NULL")
    }


def _state(store: Store, as_of: str, dates: dict[int, date]) -> GraphState:
    """The state of the whole store, as ``collect_ties`` sees it."""
    conn = store.conn
    inferring = {
        row[0]
        for row in conn.execute(
            "SELECT company_key FROM people WHERE merged_into IS NULL AND company_key != '' GROUP BY company_key"
            " HAVING SUM(is_member) > 0 AND COUNT(*) BETWEEN 2 AND ?",
            (INFERRED_COMPANY_MAX,),
        )
    }
    large = {
        row[0]
        for row in conn.execute(
            "SELECT m.group_id FROM memberships m JOIN records r ON r.id = m.record_id JOIN groups g ON g.id = m.group_id"
            " GROUP BY m.group_id HAVING COUNT(*) > ?",
            (INFERRED_GROUP_MAX,),
        )
    }
    return GraphState(
        store.generation,
        as_of,
        _members(conn),
        {p: d.isoformat() for p, d in dates.items()},
        inferring,
        large,
    )


def _company_infers(conn, key: str, members: set[int]) -> tuple[bool, list[int]]:
    """Whether the company's people are tied to its members (as ``columns._inferred`` decides), and its people
    (up to the cap)."""
    people = [
        row[0]
        for row in conn.execute(
            "SELECT id FROM people WHERE company_key = ? AND merged_into IS NULL LIMIT ?",
            (key, INFERRED_COMPANY_MAX + 1),
        )
    ]
    infers = bool(key) and 2 <= len(people) <= INFERRED_COMPANY_MAX and any(p in members for p in people)
    return infers, people


def _group_people(conn, group_id: int) -> tuple[int, set[int]]:
    """A group's memberships counted as ``_groups`` counts them, and its people."""
    rows = conn.execute(
        "SELECT r.person_id FROM memberships m JOIN records r ON r.id = m.record_id"
        " JOIN groups g ON g.id = m.group_id WHERE m.group_id = ?",
        (group_id,),
    ).fetchall()
    return len(rows), {row[0] for row in rows}
