"""The compact in-process graph of ties, built from the store and cached next to it.

Ties are undirected links between people, each with a strength in (0, 1]. They are held as CSR
arrays (``indptr``, ``indices``, ``strength``) over integer node indices: a million ties take a
few megabytes and load in milliseconds from the ``.npz`` cache, which is rebuilt only when the
store (its identity and generation, bumped by every write) or the strength weights change.

Which ties exist: connections listed in an export, anyone the owner exchanged messages,
endorsements or recommendations with, and teammates. Inferred ties, kept weak by the model, link a
team member to people currently at their company (companies with at most ``INFERRED_COMPANY_MAX``
people in the store: beyond that, sharing an employer says nothing about knowing each other) and
link the members of small groups (at most ``INFERRED_GROUP_MAX`` people), and a group's owners and
managers to its active members. In a team of at most ``TEAM_CLIQUE_MAX`` members every two members
are tied as teammates; in a larger team only the teammates the exports link are.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import json
import math
import os
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graphintro.store import Store
from graphintro.strength import (
    RATING_STRENGTH,
    TieFeatures,
    load_weights,
    mutual_term,
    strength_of,
    tie_evidence,
    tie_logit,
)

if TYPE_CHECKING:
    from collections.abc import Collection, Iterable, Iterator

    import numpy as np

INFERRED_COMPANY_MAX = 300
INFERRED_GROUP_MAX = 50
TEAM_CLIQUE_MAX = 50
CACHE_VERSION = 6  # bump whenever which ties exist, how strong they are, or the cache's layout changes

Pair = tuple[int, int]


def pair(a: int, b: int) -> Pair:
    return (a, b) if a < b else (b, a)


def reference_date(store: Store) -> date:
    """The store's "now": the latest export in the store (stable results). A tie with a team member
    at one end is measured against that member's own newest export instead
    (``member_exports.tie_reference``): an export made earlier is not made older by a newer one."""
    row = store.conn.execute(  # files without an export date (groups, vCards) fall back on import days
        "SELECT COALESCE(MAX(export_date), MAX(substr(imported_at, 1, 10))) FROM imports"
    ).fetchone()
    try:
        return date.fromisoformat(row[0][:10]) if row and row[0] else date.today()
    except ValueError:
        return date.today()


def collect_ties(
    store: Store, only: set[int] | None = None, inferred: bool = True
) -> dict[Pair, TieFeatures]:
    """The features of every tie in the store, or of the ties among the people ``only``."""
    conn = store.conn
    ties: dict[Pair, TieFeatures] = defaultdict(TieFeatures)
    people_filter, args = _filter(conn, only)

    for a, b, connected_on in conn.execute(
        "SELECT o.person_id, r.person_id, r.connected_on FROM records r JOIN records o ON o.id = r.owner_record_id"
        f" WHERE r.is_connection = 1 AND r.ended_at IS NULL AND o.person_id != r.person_id {people_filter}",
        args,
    ):
        features = ties[pair(a, b)]
        features.connected = True
        if connected_on and (not features.connected_on or connected_on < features.connected_on):
            features.connected_on = connected_on

    _add_interactions(conn, ties, people_filter, args)
    where, member_args = _restrict("id", only)
    members = {
        row[0]
        for row in conn.execute(
            "SELECT id FROM people WHERE is_member = 1 AND merged_into IS NULL" + where, member_args
        )
    }
    _add_teammates(ties, members, only, _team_size(conn))
    _add_shared_employers(ties, _employers(conn, only), _current_companies(conn, only))
    groups = _groups(conn, only)
    if inferred:
        _add_inferred(conn, ties, members, groups, only)
    _add_shared_groups(ties, groups["by_person"])
    _add_mutual(ties, members)
    _add_ratings(store, ties, only)
    return ties


def _add_shared_employers(
    ties: dict[Pair, TieFeatures], employers: dict[int, dict[str, str]], companies: dict[int, dict[str, str]]
) -> None:
    """Companies both ends worked at (one of them may still be there), on the ties found so far."""
    for (a, b), features in ties.items():
        if a not in employers and b not in employers:
            continue  # only members tell their past employers: most ties have none to share
        shared = (
            employers.get(a, {}).keys() & (employers.get(b, {}).keys() | companies.get(b, {}).keys())
        ) | (employers.get(b, {}).keys() & companies.get(a, {}).keys())
        features.shared_employers = sorted(
            {employers.get(a, {}).get(k) or employers.get(b, {}).get(k) or k for k in shared}
        )


def _add_shared_groups(ties: dict[Pair, TieFeatures], in_groups: dict[int, set[str]]) -> None:
    """The groups both ends belong to, on every tie (inferred ones included)."""
    for (a, b), features in ties.items():
        if a in in_groups and b in in_groups:
            features.shared_groups = sorted(in_groups[a] & in_groups[b])


def _filter(conn, only: set[int] | None) -> tuple[str, list]:
    """Both ends of a tie (the owner's record ``o`` and the contact's ``r``) among the people ``only``.

    Shaped for a cold store: a person known to many exports has hundreds of records spread over
    the file, and reading each row to find the few written by one of ``only`` costs a disk read
    apiece. An owner's record is their own (it has no owner), so the owners' records and then the
    contacts' records under them are found in the ``records_person`` index alone (person_id, id,
    owner_record_id); the queries then read only the rows of the records that link two of ``only``.
    """
    if only is None:
        return "", []
    people = sorted(only)
    marks = ",".join("?" * len(people))
    owners = [
        row[0]
        for row in conn.execute(
            f"SELECT id FROM records WHERE person_id IN ({marks}) AND owner_record_id IS NULL", people
        )
    ]
    linking = (
        [
            row[0]
            for row in conn.execute(  # "+": the owner's records index would read all their contacts
                f"SELECT id FROM records WHERE person_id IN ({marks}) AND +owner_record_id IN ({','.join('?' * len(owners))})",
                people + owners,
            )
        ]
        if owners
        else []
    )
    return f" AND r.id IN ({','.join('?' * len(linking))})", linking


def _add_interactions(conn, ties: dict[Pair, TieFeatures], people_filter: str, args: list) -> None:
    """Messages, endorsements, recommendations and invitations, seen from either side of the tie.

    When both ends exported, the same message is in both exports: each direction counts the larger
    of the two views instead of their sum.
    """
    _add_interaction_rows(
        ties,
        conn.execute(
            "SELECT o.person_id, r.person_id, i.kind, i.direction, COUNT(*), MAX(i.at), GROUP_CONCAT(i.detail, '|')"
            " FROM interactions i JOIN records r ON r.id = i.record_id JOIN records o ON o.id = r.owner_record_id"
            f" WHERE o.person_id != r.person_id {people_filter} GROUP BY 1, 2, 3, 4",
            args,
        ),
    )


def _add_interaction_rows(ties: dict[Pair, TieFeatures], rows: Iterable[tuple]) -> None:
    """The interactions' features from ``(owner, peer, kind, direction, count, latest, details)`` rows,
    one per (owner, peer, kind, direction)."""
    counts: dict[tuple[Pair, str, bool], int] = defaultdict(int)
    for owner, peer, kind, direction, n, last, skills in rows:
        key = pair(owner, peer)
        features = ties[key]
        low_to_high = (owner == key[0]) == (direction == "out")
        if kind in ("message", "endorsement"):
            slot = (key, kind, low_to_high)
            counts[slot] = max(counts[slot], n)
        if kind == "message" and last and (not features.last_message or last > features.last_message):
            features.last_message = last
        elif kind == "endorsement":
            features.endorsement_skills.extend(s for s in (skills or "").split("|") if s)
        elif kind == "recommendation":
            recommender, recommended = (peer, owner) if direction == "in" else (owner, peer)
            features.recommendations.append((recommender, recommended, (last or "")[:4]))
        elif kind == "invitation":
            if low_to_high:
                features.invited_by_low = True
            else:
                features.invited_by_high = True
            if "personal message" in (skills or ""):
                features.invitation_note = True
    for (key, kind, low_to_high), n in counts.items():
        if kind == "endorsement":
            ties[key].endorsements += n
        elif low_to_high:
            ties[key].sent = n
        else:
            ties[key].received = n


def _team_size(conn) -> int:
    return conn.execute("SELECT COUNT(*) FROM people WHERE is_member = 1 AND merged_into IS NULL").fetchone()[
        0
    ]


def _add_teammates(
    ties: dict[Pair, TieFeatures], members: set[int], only: set[int] | None, team_size: int
) -> None:
    """Members of a small team can all ask each other; in a large one, being teammates only
    strengthens ties the exports show (a thousand sales people do not all know each other)."""
    team = sorted(members if only is None else members & only)
    small = team_size <= TEAM_CLIQUE_MAX
    for i, a in enumerate(team):
        for b in team[i + 1 :]:
            if small or (a, b) in ties:
                ties[(a, b)].teammates = True


def _employers(conn, only: set[int] | None = None) -> dict[int, dict[str, str]]:
    """Companies each member worked at (their Positions.csv), as {company_key: company}."""
    employers: dict[int, dict[str, str]] = defaultdict(dict)
    where, args = _restrict("o.person_id", only)
    if only is not None:
        where += (
            " AND o.owner_record_id IS NULL"  # positions are the owner's own (Positions.csv): their record
        )
    for person, key, company in conn.execute(
        "SELECT o.person_id, p.company_key, p.company FROM positions p JOIN records o ON o.id = p.record_id"
        " WHERE 1" + where,
        args,
    ):
        if key:
            employers[person][key] = company
    return employers


def _restrict(column: str, only: set[int] | None) -> tuple[str, list[int]]:
    """SQL filter keeping ``column`` among the people ``only`` (no filter for the whole store)."""
    if only is None:
        return "", []
    return f" AND {column} IN ({','.join('?' * len(only))})", sorted(only)


def _current_companies(conn, only: set[int] | None) -> dict[int, dict[str, str]]:
    companies: dict[int, dict[str, str]] = defaultdict(dict)
    where, args = _restrict("id", only)
    for person, key, company in conn.execute(
        "SELECT id, company_key, company FROM people WHERE merged_into IS NULL AND company_key != ''" + where,
        args,
    ):
        companies[person][key] = company
    return companies


def _groups(conn, only: set[int] | None) -> dict:
    """Group names per person, members per group, and each group's full size (for the inference cap)."""
    by_person: dict[int, set[str]] = defaultdict(set)
    by_group: dict[str, list[tuple[int, str, int]]] = defaultdict(list)
    group_ids: dict[str, int] = {}
    where, args = _restrict("r.person_id", only)
    for person, group_id, name, role, posts in conn.execute(
        "SELECT r.person_id, g.id, g.name, m.role, m.posts FROM memberships m JOIN records r ON r.id = m.record_id"
        " JOIN groups g ON g.id = m.group_id WHERE 1" + where,
        args,
    ):
        by_person[person].add(name)
        by_group[name].append((person, role, posts))
        group_ids[name] = group_id
    sizes = {name: len(people) for name, people in by_group.items()}
    if only is not None:
        # Only the cap matters, and only where two of ``only`` meet: a group of thousands is not
        # counted to the last member (each is a record read from a cold file).
        sizes = {
            name: conn.execute(
                "SELECT COUNT(*) FROM (SELECT DISTINCT r.person_id FROM memberships m JOIN records r ON r.id = m.record_id"
                " WHERE m.group_id = ? LIMIT ?)",
                (group_ids[name], INFERRED_GROUP_MAX + 1),
            ).fetchone()[0]
            for name, people in by_group.items()
            if len({person for person, _, _ in people}) > 1
        }
    return {"by_person": by_person, "by_group": by_group, "sizes": sizes}


def _add_inferred(
    conn, ties: dict[Pair, TieFeatures], members: set[int], groups: dict, only: set[int] | None
) -> None:
    """Weak ties from a shared context: a member and their current colleagues, small groups, group hosts."""
    by_company: dict[str, list[int]] = defaultdict(list)
    company_name: dict[str, str] = {}
    where, args = _restrict("id", only)
    for person, key, company in conn.execute(
        "SELECT id, company_key, company FROM people WHERE merged_into IS NULL AND company_key != ''" + where,
        args,
    ):
        by_company[key].append(person)
        company_name.setdefault(key, company)
    for key, people in by_company.items():
        company_members = [p for p in people if p in members]
        if not company_members or len(people) < 2:
            continue  # no tie to infer: nobody to count
        # Counted in the index ``people_company_key`` (company_key, merged_into), up to the cap only.
        size = (
            len(people)
            if only is None
            else conn.execute(
                "SELECT COUNT(*) FROM (SELECT 1 FROM people WHERE company_key = ? AND merged_into IS NULL LIMIT ?)",
                (key, INFERRED_COMPANY_MAX + 1),
            ).fetchone()[0]
        )
        if size > INFERRED_COMPANY_MAX:
            continue
        for member in company_members:
            for other in people:
                if other != member:
                    ties[pair(member, other)].same_company = company_name[key]
    for name, people in groups["by_group"].items():
        hosts = [p for p, role, _ in people if role in {"owner", "manager"}]
        if groups["sizes"].get(name, len(people)) <= INFERRED_GROUP_MAX:
            linked = [(a, b) for i, (a, _, _) in enumerate(people) for (b, _, _) in people[i + 1 :]]
        else:
            linked = [(h, p) for h in hosts for p, _, posts in people if posts > 0]
        for a, b in linked:
            if a != b:
                ties[pair(a, b)]  # the shared group itself is filled in by the caller


def _add_mutual(
    ties: dict[Pair, TieFeatures], members: set[int] | frozenset[int] = frozenset()
) -> None:  # as TieGraph.mutual_count
    """Mutual contacts over the real (not inferred) ties. Between two teammates the rest of the team
    does not count: every teammate "knows" every other one, which says nothing about the pair."""
    neighbours: dict[int, set[int]] = defaultdict(set)
    for (a, b), features in ties.items():
        if features.direct:
            neighbours[a].add(b)
            neighbours[b].add(a)
    nobody: set[int] = set()
    for (a, b), features in ties.items():
        shared = neighbours.get(a, nobody) & neighbours.get(b, nobody)  # walks the smaller set
        features.mutual = len(shared - members) if a in members and b in members else len(shared)


def _add_ratings(
    store: Store,
    ties: dict[Pair, TieFeatures],
    only: set[int] | None,
    touching: set[int] | None = None,
    pairs: Collection[Pair] = (),
) -> None:
    """Manual ratings, on the people their ids stand for now (merges may have happened since): of the
    ties among ``only``, or of those with an end among ``touching`` and of ``pairs``, or all."""
    rows = store.conn.execute("SELECT a_id, b_id, rating, note FROM tie_ratings ORDER BY rated_at").fetchall()
    for a, b, rating, note in rows:
        a, b = store.resolve_id(a), store.resolve_id(b)
        if a == b or (only is not None and not {a, b} <= only):
            continue
        if touching is not None and a not in touching and b not in touching and pair(a, b) not in pairs:
            continue
        features = ties[pair(a, b)]
        features.rating, features.rating_note = rating, note


# -- the compact graph ----------------------------------------------------------------------------


@dataclass
class TieGraph:
    """Undirected weighted graph in CSR form over node indices; ``node_ids`` maps index → person id."""

    node_ids: np.ndarray  # int64, sorted
    indptr: np.ndarray  # int64, len n + 1
    indices: np.ndarray  # int32
    strength: np.ndarray  # float32
    direct: np.ndarray  # bool: a real tie, not an inferred one
    generation: int = 0
    as_of: str = ""
    real: np.ndarray | None = None  # bool: a real tie, teammates or not (mutual contacts count these)
    # float64: each tie's logit without its mutual contacts (``strength.tie_logit``), NaN for a rated
    # tie; read from the cache only to catch up after a write (``update_graph``)
    logit: np.ndarray | None = None

    @functools.cached_property
    def cost(self):
        """-log(strength): the additive path cost whose minimum is the most probable path."""
        import numpy as np

        return -np.log(self.strength.astype("float64"))

    def index_of(self, person_id: int) -> int | None:
        import numpy as np

        position = int(np.searchsorted(self.node_ids, person_id))
        if position < len(self.node_ids) and int(self.node_ids[position]) == person_id:
            return position
        return None

    def neighbours(self, index: int):
        start, end = self.indptr[index], self.indptr[index + 1]
        return self.indices[start:end], self.strength[start:end]

    def _edge(self, a: int, b: int) -> int | None:
        """Position of the tie a–b in the CSR arrays, or None."""
        import numpy as np

        i, j = self.index_of(a), self.index_of(b)
        if i is None or j is None:
            return None
        row = self.indices[self.indptr[i] : self.indptr[i + 1]]
        position = int(np.searchsorted(row, j))
        if position < len(row) and int(row[position]) == j:
            return int(self.indptr[i]) + position
        return None

    def strength_between(self, a: int, b: int) -> float:
        """Strength of the tie a–b, 0.0 when there is none."""
        edge = self._edge(a, b)
        return 0.0 if edge is None else float(self.strength[edge])

    def is_direct(self, a: int, b: int) -> bool:
        """Whether a–b is a real tie (a connection, an exchange, teammates), not one inferred from a context."""
        edge = self._edge(a, b)
        return edge is not None and bool(self.direct[edge])

    def mutual_count(self, a: int, b: int, team: Iterable[int] = ()) -> int:
        """People with a real tie to both ``a`` and ``b``; when both are in ``team`` (person ids),
        the other teammates do not count."""

        def real(person: int) -> set[int]:
            index = self.index_of(person)
            if index is None:
                return set()
            start, end = self.indptr[index], self.indptr[index + 1]
            return set(self.indices[start:end][self.direct[start:end]].tolist())

        ia, ib = self.index_of(a), self.index_of(b)
        shared = (real(a) & real(b)) - {ia, ib}
        team = set(team)
        if a in team and b in team:
            shared -= {self.index_of(p) for p in team}
        return len(shared)

    @property
    def edge_count(self) -> int:
        return len(self.indices) // 2


def build_graph(store: Store, weights: dict[str, float] | None = None) -> TieGraph:
    """Compute every tie's strength and pack them as CSR arrays."""
    return _build(store, weights or load_weights())[0]


def _build(store: Store, weights: dict[str, float]) -> tuple[TieGraph, GraphState]:
    """The whole graph, and what it was computed from (for ``update_graph`` to catch up later)."""
    from graphintro.member_exports import member_dates, tie_reference

    as_of = reference_date(store)
    dates = member_dates(store)  # each tie measured against the export that tells about it
    ties = collect_ties(store)
    edges = [
        (
            a,
            b,
            *_scored(features, weights, tie_reference(a, b, dates, as_of)),
            features.direct or features.teammates,
            features.direct,
        )
        for (a, b), features in ties.items()
    ]
    graph = _graph_of(edges, store.generation, as_of.isoformat())
    return graph, _state(store, as_of.isoformat(), dates)


def _scored(features: TieFeatures, weights: dict[str, float], reference: date) -> tuple[float, float]:
    """The tie's strength (``strength.tie_strength``) and the logit the cache keeps to score it again
    when its mutual count alone changes (NaN for a rated tie, whose strength is its rating's)."""
    if features.rating is not None:
        return RATING_STRENGTH[features.rating], math.nan
    logit = tie_logit(features, weights, reference)
    return strength_of(logit + mutual_term(features.mutual, weights)), logit


def _graph_of(edges: list[tuple], generation: int, as_of: str) -> TieGraph:
    """``graph_from_edges`` for ``(a, b, strength, logit, direct, real)`` ties: the logits kept too."""
    import numpy as np

    count = len(edges)

    def column(position: int, dtype) -> np.ndarray:
        return np.fromiter((e[position] for e in edges), dtype=dtype, count=count)

    return _pack(
        column(0, np.int64),
        column(1, np.int64),
        column(2, np.float32),
        column(4, bool),
        column(5, bool),
        generation,
        as_of,
        column(3, np.float64),
    )


def graph_from_edges(edges: list[tuple], generation: int = 0, as_of: str = "") -> TieGraph:
    """Pack undirected ``(a, b, strength, direct)`` ties (one per pair) as a ``TieGraph``; a fifth value,
    when given, says whether the tie is a real one (``TieFeatures.direct``, teammates aside)."""
    import numpy as np

    count = len(edges)
    a = np.fromiter((e[0] for e in edges), dtype=np.int64, count=count)
    b = np.fromiter((e[1] for e in edges), dtype=np.int64, count=count)
    values = np.fromiter((e[2] for e in edges), dtype=np.float32, count=count)
    direct = np.fromiter((bool(e[3]) for e in edges), dtype=bool, count=count)
    real = (
        np.fromiter((bool(e[4]) for e in edges), dtype=bool, count=count)
        if edges and len(edges[0]) > 4
        else None
    )
    return _pack(a, b, values, direct, real, generation, as_of)


def _pack(a, b, values, direct, real, generation: int, as_of: str, logit=None) -> TieGraph:
    """CSR arrays of undirected ties given once each as parallel arrays: rows by person id, each row's
    neighbours in order, so that the same ties always give the same arrays, whatever their order."""
    import numpy as np

    people = np.unique(np.concatenate([a, b]))
    src = np.searchsorted(people, np.concatenate([a, b]))
    dst = np.searchsorted(people, np.concatenate([b, a])).astype(np.int32)
    order = np.lexsort((dst, src))
    indptr = np.zeros(len(people) + 1, dtype=np.int64)
    np.add.at(indptr, src + 1, 1)
    return TieGraph(
        people,
        np.cumsum(indptr),
        dst[order],
        np.concatenate([values, values])[order],
        np.concatenate([direct, direct])[order],
        generation,
        as_of,
        None if real is None else np.concatenate([real, real])[order],
        None if logit is None else np.concatenate([logit, logit])[order],
    )


# -- catching up after a write --------------------------------------------------------------------


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
    """Whether the company's people are tied to its members (as ``_add_inferred`` decides), and its people
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


def update_graph(
    store: Store, graph: TieGraph, state: GraphState, changes, weights: dict[str, float], most: float = 0.2
) -> tuple[TieGraph, GraphState] | None:
    """The graph of the store as it is now, from ``graph`` (of ``state``) and the ``changes`` since;
    ``None`` when a whole rebuild is the better way (more than ``most`` of the people reached, the
    team crossed ``TEAM_CLIQUE_MAX``, an old cache without the real-tie flags).

    Computed again: every tie of the people everything about whom may have changed (their company,
    groups, team membership, export date…), the ties whose own evidence changed (a connection, a
    message, a rating), and the ties whose mutual contacts these change: a real tie a–b gained or
    lost changes the mutual count of every tie between a and a real contact of b (and the other way
    round); a member who joins or leaves changes the count between the teammates they know. A size
    crossing a cap (a company's, a group's) or a group's new name reaches all their people. Every
    other tie is kept as it is."""
    from graphintro.member_exports import member_dates, tie_reference

    if graph.real is None or graph.logit is None:
        return None
    conn = store.conn
    members = _members(conn)
    if (len(members) <= TEAM_CLIQUE_MAX) != (len(state.members) <= TEAM_CLIQUE_MAX):
        return None
    as_of = reference_date(store).isoformat()
    dates = {p: d.isoformat() for p, d in member_dates(store).items()}
    limit = max(2000, most * len(graph.node_ids))
    reached = set(changes.people)
    reached |= {p for p in dates.keys() | state.dates.keys() if dates.get(p) != state.dates.get(p)}
    joined_or_left = members ^ state.members
    reached |= joined_or_left
    if (
        as_of != state.as_of
    ):  # dated ties measured against the store's date: an owner's without a date of their own
        owners = {
            row[0]
            for row in conn.execute(
                "SELECT DISTINCT o.person_id FROM records o WHERE o.id IN"
                " (SELECT DISTINCT owner_record_id FROM records WHERE owner_record_id IS NOT NULL)"
            )
        }
        reached |= owners - dates.keys()
    inferring = set(state.inferring_companies)
    for key in changes.companies:
        infers, people = _company_infers(conn, key, members)
        if infers != (key in inferring):
            reached |= {p for p in people if p in members}
        (inferring.add if infers else inferring.discard)(key)
    large = set(state.large_groups)
    for group_id in changes.groups | changes.described_groups:
        size, in_group = _group_people(conn, group_id)
        if group_id in changes.described_groups or (size > INFERRED_GROUP_MAX) != (group_id in large):
            reached |= in_group
        (large.add if size > INFERRED_GROUP_MAX else large.discard)(group_id)
    if len(reached) > limit:
        return None
    now = GraphState(store.generation, as_of, members, dates, inferring, large)
    pairs = {key for key in changes.pairs if key[0] not in reached and key[1] not in reached}
    if not reached and not pairs and as_of == state.as_of:
        return graph, now  # (the same graph: an ask, a file imported again… changed no tie)

    known = _KnownTies(graph)
    ties: dict[Pair, TieFeatures] = defaultdict(TieFeatures)
    ties.update(_ties_around(conn, reached, members, large))
    ties.update(_ties_between(conn, pairs, members))
    redone = {key for person in reached for key in known.ties_of(person)} | set(ties) | pairs
    # Real ties gained or lost, and the mutual counts they change.
    now_real: dict[int, set[int]] = defaultdict(set)
    gone_real: dict[int, set[int]] = defaultdict(set)
    changed = []
    for a, b in redone:
        was, is_now = known.is_real(a, b), (a, b) in ties and ties[(a, b)].direct
        if is_now:
            now_real[a].add(b)
            now_real[b].add(a)
        if was != is_now:
            changed.append((a, b))
            if was:
                gone_real[a].add(b)
                gone_real[b].add(a)

    final_real: dict[int, set[int]] = {}

    def real(person: int) -> set[int]:
        """The person's real ties once the changes are made."""
        if person not in final_real:
            final_real[person] = (
                now_real.get(person, set())
                if person in reached
                else ((known.real_of(person) - gone_real.get(person, set())) | now_real.get(person, set()))
            )
        return final_real[person]

    tied = known.partners  # (a tie whose mutual count changes, with no end reached, existed before)
    ripple: set[Pair] = set()
    for a, b in changed:
        for end, other in ((a, b), (b, a)):
            for z in (real(other) | known.real_of(other)) & tied(end):
                if z != end:
                    ripple.add(pair(end, z))
    for person in joined_or_left:  # mutual contacts between teammates leave the team out
        around = (real(person) | known.real_of(person)) & (members | state.members)
        for a in around:
            for z in tied(a) & around:
                ripple.add(pair(a, z))
    ripple = {key for key in ripple - redone if key[0] not in reached and key[1] not in reached}
    if len(redone) + len(ripple) > most * len(graph.indices) / 2 + 10000:
        return None

    def mutual(a: int, b: int) -> int:
        shared = real(a) & real(b)
        return len(shared - members) if a in members and b in members else len(shared)

    for (a, b), features in ties.items():
        features.mutual = mutual(a, b)
    _add_ratings(store, ties, None, touching=reached, pairs=redone)
    member_days, as_of_day = {p: date.fromisoformat(d) for p, d in dates.items()}, date.fromisoformat(as_of)
    edges = [
        (
            a,
            b,
            *_scored(features, weights, tie_reference(a, b, member_days, as_of_day)),
            features.direct or features.teammates,
            features.direct,
        )
        for (a, b), features in ties.items()
    ]
    # The ties whose mutual count alone changed: scored again from the logit the cache kept.
    edges += _rescored(graph, sorted(ripple), [mutual(a, b) for a, b in sorted(ripple)], weights)
    return _splice(graph, reached, redone | ripple, edges, store.generation, as_of), now


def _positions(graph: TieGraph, pairs) -> np.ndarray:
    """The positions in the CSR arrays of the ties ``pairs`` (person ids, lower first), -1 for a pair
    the graph has no tie between: the rows are sorted by person and each row's columns by
    neighbour, so ``row * n + column`` is sorted and one ``searchsorted`` finds them all."""
    import numpy as np

    n = len(graph.node_ids)
    ends = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    ia, ib = np.searchsorted(graph.node_ids, ends[:, 0]), np.searchsorted(graph.node_ids, ends[:, 1])
    known = (ia < n) & (ib < n)
    known[known] &= (graph.node_ids[ia[known]] == ends[known, 0]) & (
        graph.node_ids[ib[known]] == ends[known, 1]
    )
    if not len(graph.indices):
        return np.full(len(ends), -1, dtype=np.int64)
    rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(graph.indptr))
    keys = rows * n + graph.indices
    wanted = ia * n + ib
    found = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
    known[known] &= keys[found[known]] == wanted[known]
    return np.where(known, found, -1)


def _rescored(
    graph: TieGraph, pairs: list[Pair], mutuals: list[int], weights: dict[str, float]
) -> list[tuple]:
    """Ties of ``graph`` whose mutual count alone changed, as ``update_graph``'s edges: their logit
    (kept in the cache) plus the term of their new count; a rated tie keeps its strength."""
    if not pairs:
        return []
    assert graph.logit is not None and graph.real is not None  # (update_graph checks it)
    at = _positions(graph, pairs).tolist()
    assert min(at) >= 0, "a tie whose mutual count changed is one the graph had"
    logits = graph.logit[at].tolist()
    strengths = graph.strength[at].tolist()
    direct, real = graph.direct[at].tolist(), graph.real[at].tolist()
    return [
        (
            a,
            b,
            strengths[i]
            if math.isnan(logits[i])
            else strength_of(logits[i] + mutual_term(mutuals[i], weights)),
            logits[i],
            direct[i],
            real[i],
        )
        for i, (a, b) in enumerate(pairs)
    ]


class _KnownTies:
    """The ties of the graph as it was, looked up by person (a row of the CSR arrays at a time)."""

    def __init__(self, graph: TieGraph) -> None:
        self.graph = graph
        self._rows: dict[int, tuple[list[int], list[bool]]] = {}
        self._real: dict[int, set[int]] = {}
        # (thousands of look-ups: a list's bisect costs a microsecond, numpy's searchsorted tens)
        self._ids: list[int] = graph.node_ids.tolist()

    def _row(self, person: int) -> tuple[list[int], list[bool]]:
        if person not in self._rows:
            graph, index = self.graph, bisect.bisect_left(self._ids, person)
            assert graph.real is not None  # (update_graph checks it)
            if index == len(self._ids) or self._ids[index] != person:
                self._rows[person] = ([], [])
            else:
                start, end = graph.indptr[index], graph.indptr[index + 1]
                self._rows[person] = (
                    graph.node_ids[graph.indices[start:end]].tolist(),
                    graph.real[start:end].tolist(),
                )
        return self._rows[person]

    def partners(self, person: int) -> set[int]:
        return set(self._row(person)[0])

    def ties_of(self, person: int) -> set[Pair]:
        return {pair(person, other) for other in self._row(person)[0]}

    def real_of(self, person: int) -> set[int]:
        if person not in self._real:
            others, real = self._row(person)
            self._real[person] = {other for other, is_real in zip(others, real, strict=True) if is_real}
        return self._real[person]

    def is_real(self, a: int, b: int) -> bool:
        others, real = self._row(a)
        position = bisect.bisect_left(others, b)
        return position < len(others) and others[position] == b and real[position]


def _splice(
    graph: TieGraph, reached: set[int], redone: set[Pair], edges: list[tuple], generation: int, as_of: str
) -> TieGraph:
    """``graph`` with every tie of the ``reached`` people and every tie of ``redone`` replaced by
    ``edges`` (``(a, b, strength, logit, direct, real)``): the arrays ``_pack`` would make of the whole
    set of ties, but made by merging the few new entries into the kept ones, which are in order
    already (a sort of two million entries costs more than the rest of a one-member catch-up)."""
    import numpy as np

    assert graph.real is not None and graph.logit is not None  # (update_graph checks it)
    n = len(graph.node_ids)
    rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(graph.indptr))
    touched = np.isin(graph.node_ids, np.fromiter(reached, dtype=np.int64, count=len(reached)))
    keep = ~touched[rows] & ~touched[graph.indices]
    apart = [(a, b) for a, b in redone if a not in reached and b not in reached]
    if apart:  # the ties redone one by one, both directions
        at = _positions(graph, apart + [(b, a) for a, b in apart])
        keep[at[at >= 0]] = False
    count = len(edges)
    new_a = np.fromiter((e[0] for e in edges), np.int64, count)
    new_b = np.fromiter((e[1] for e in edges), np.int64, count)
    kept_rows, kept_columns = rows[keep], graph.indices[keep]
    # The people left with a tie, and those the new ties bring (sorted arrays merged, no sort of all)
    still = graph.node_ids[np.bincount(kept_rows, minlength=n) > 0]
    arriving = np.unique(np.concatenate([new_a, new_b]))
    arriving = arriving[~np.isin(arriving, still, assume_unique=True)]
    people = np.insert(still, np.searchsorted(still, arriving), arriving)
    renumbered = np.searchsorted(people, graph.node_ids)  # (an order kept: the kept entries stay sorted)
    src = renumbered[kept_rows]
    dst = renumbered[kept_columns].astype(np.int32)
    new_src = np.searchsorted(people, np.concatenate([new_a, new_b]))
    new_dst = np.searchsorted(people, np.concatenate([new_b, new_a])).astype(np.int32)
    order = np.lexsort((new_dst, new_src))
    size = len(people)
    at = np.searchsorted(src * size + dst, new_src[order] * size + new_dst[order])

    def merged(kept: np.ndarray, column: int, dtype) -> np.ndarray:
        new = np.fromiter((e[column] for e in edges), dtype, count)
        return np.insert(kept, at, np.concatenate([new, new])[order])

    indptr = np.zeros(size + 1, dtype=np.int64)
    indptr[1:] = np.cumsum(np.bincount(np.concatenate([src, new_src]), minlength=size))
    return TieGraph(
        people,
        indptr,
        np.insert(dst, at, new_dst[order]),
        merged(graph.strength[keep], 2, np.float32),
        merged(graph.direct[keep], 4, bool),
        generation,
        as_of,
        merged(graph.real[keep], 5, bool),
        merged(graph.logit[keep], 3, np.float64),
    )


def _ties_between(conn, pairs: set[Pair], members: set[int]) -> dict[Pair, TieFeatures]:
    """The features of the ties ``pairs`` that exist, as ``collect_ties`` finds them in the whole store
    (their mutual contacts and ratings aside), read for these pairs only: a member's thousand other
    ties are not read again because one of them changed."""
    from graphintro.changes import rows_for

    ties: dict[Pair, TieFeatures] = defaultdict(TieFeatures)
    if not pairs:
        return ties
    ends = {p for key in pairs for p in key}
    # An export's records hang under its owner's own record (one without an owner, as ``_filter`` says).
    owners = [
        row[0]
        for row in rows_for(
            conn, "SELECT id FROM records WHERE person_id IN ({}) AND owner_record_id IS NULL", ends
        )
    ]
    linking = []
    for start in range(0, len(owners), 2000):
        chunk = owners[start : start + 2000]
        marks = ",".join("?" * len(chunk))
        for row in rows_for(
            conn,
            "SELECT r.id, o.person_id, r.person_id, r.is_connection, r.ended_at, r.connected_on"
            " FROM records r JOIN records o ON o.id = r.owner_record_id WHERE r.person_id IN ({})"
            f" AND +r.owner_record_id IN ({marks})",
            ends,
            *chunk,
        ):
            if row[1] != row[2] and pair(row[1], row[2]) in pairs:
                linking.append(row)
    for _, owner, person, is_connection, ended_at, connected_on in linking:
        if is_connection == 1 and ended_at is None:
            features = ties[pair(owner, person)]
            features.connected = True
            if connected_on and (not features.connected_on or connected_on < features.connected_on):
                features.connected_on = connected_on
    _add_interaction_rows(ties, _grouped_interactions(conn, [row[0] for row in linking]))
    small_team = len(members) <= TEAM_CLIQUE_MAX
    for a, b in pairs:
        if a in members and b in members and (small_team or (a, b) in ties):
            ties[(a, b)].teammates = True

    companies = _add_shared_employers_of(conn, ties, ends)

    infers: dict[str, bool] = {}
    for a, b in pairs:
        shared = companies.get(a, {}).keys() & companies.get(b, {}).keys()
        if shared and (a in members or b in members):
            key = next(iter(shared))
            if key not in infers:
                infers[key] = _company_infers(conn, key, members)[0]
            if infers[key]:
                ties[(a, b)].same_company = companies[a][key]
    rows_of: dict[int, list[tuple[int, str, str, int]]] = defaultdict(list)
    for person, group_id, name, role, posts in rows_for(
        conn,
        "SELECT r.person_id, g.id, g.name, m.role, m.posts FROM memberships m JOIN records r"
        " ON r.id = m.record_id JOIN groups g ON g.id = m.group_id WHERE r.person_id IN ({})",
        ends,
    ):
        rows_of[person].append((group_id, name, role, posts))
    sizes: dict[int, int] = {}
    group_ids = {person: {g for g, *_ in rows} for person, rows in rows_of.items()}
    hosting = {
        person: {g for g, _, role, _ in rows if role in {"owner", "manager"}}
        for person, rows in rows_of.items()
    }
    posting = {person: {g for g, _, _, posts in rows if posts > 0} for person, rows in rows_of.items()}
    nothing: set[int] = set()
    for a, b in pairs:
        common = group_ids.get(a, nothing) & group_ids.get(b, nothing)
        for group_id in common:
            if group_id not in sizes:
                sizes[group_id] = _group_people(conn, group_id)[0]
            if sizes[group_id] <= INFERRED_GROUP_MAX:
                ties[(a, b)]
                continue
            if (group_id in hosting[a] and group_id in posting[b]) or (
                group_id in hosting[b] and group_id in posting[a]
            ):
                ties[(a, b)]
    in_groups = {person: {name for _, name, _, _ in rows} for person, rows in rows_of.items()}
    _add_shared_groups(ties, in_groups)
    return {key: features for key, features in ties.items() if key in pairs}


def _add_shared_employers_of(
    conn, ties: dict[Pair, TieFeatures], ends: set[int]
) -> dict[int, dict[str, str]]:
    """``_add_shared_employers`` for the ties a catch-up redoes: the employers and current companies
    of their ``ends`` only, read in chunks (a whole-store read would cost what the catch-up saves).
    Returns the current companies, which the caller's company inference reads too."""
    from graphintro.changes import rows_for

    employers: dict[int, dict[str, str]] = defaultdict(dict)
    for person, key, company in rows_for(
        conn,
        "SELECT o.person_id, p.company_key, p.company FROM positions p"
        " JOIN records o ON o.id = p.record_id WHERE o.person_id IN ({})",
        ends,
    ):
        if key:
            employers[person][key] = company
    companies: dict[int, dict[str, str]] = defaultdict(dict)
    for person, key, company in rows_for(
        conn,
        "SELECT id, company_key, company FROM people WHERE merged_into IS NULL"
        " AND company_key != '' AND id IN ({})",
        ends,
    ):
        companies[person][key] = company
    _add_shared_employers(ties, employers, companies)
    return companies


def _grouped_interactions(conn, records: list[int]) -> Iterator[tuple]:
    """The interactions on ``records`` as ``_add_interactions`` reads them: one row per (owner, peer,
    kind, direction), whatever the chunks the records are read in."""
    from graphintro.changes import rows_for

    grouped: dict[tuple, list] = {}
    for owner, peer, kind, direction, n, last, details in rows_for(
        conn,
        "SELECT o.person_id, r.person_id, i.kind, i.direction, COUNT(*), MAX(i.at), GROUP_CONCAT(i.detail, '|')"
        " FROM interactions i JOIN records r ON r.id = i.record_id JOIN records o ON o.id = r.owner_record_id"
        " WHERE i.record_id IN ({}) GROUP BY 1, 2, 3, 4",
        records,
    ):
        row = grouped.get((owner, peer, kind, direction))
        if row is None:
            grouped[(owner, peer, kind, direction)] = [n, last, details]
        else:
            row[0] += n
            row[1] = max((x for x in (row[1], last) if x is not None), default=None)
            row[2] = "|".join(x for x in (row[2], details) if x is not None)
    return ((*key, *row) for key, row in grouped.items())


def _ties_around(
    conn, around: set[int], members: set[int], large_groups: set[int]
) -> dict[Pair, TieFeatures]:
    """The features of every tie with an end among ``around``, as ``collect_ties`` finds them in the
    whole store (their mutual contacts and ratings aside: ``_add_mutual_around``, ``_add_ratings``)."""
    from graphintro.changes import rows_for

    ties: dict[Pair, TieFeatures] = defaultdict(TieFeatures)
    linking: dict[int, tuple] = {}  # the records between an owner and a contact, one end among ``around``
    select = (
        "SELECT r.id, o.person_id, r.person_id, r.is_connection, r.ended_at, r.connected_on FROM records r"
        " JOIN records o ON o.id = r.owner_record_id WHERE "
    )
    for row in rows_for(conn, select + "r.person_id IN ({})", around):
        linking[row[0]] = row
    own = [row[0] for row in rows_for(conn, "SELECT id FROM records WHERE person_id IN ({})", around)]
    for row in rows_for(conn, select + "r.owner_record_id IN ({})", own):
        linking[row[0]] = row
    for _, owner, person, is_connection, ended_at, connected_on in linking.values():
        if owner != person and is_connection == 1 and ended_at is None:
            features = ties[pair(owner, person)]
            features.connected = True
            if connected_on and (not features.connected_on or connected_on < features.connected_on):
                features.connected_on = connected_on

    _add_interaction_rows(
        ties,
        _grouped_interactions(conn, [rid for rid, owner, person, *_ in linking.values() if owner != person]),
    )

    if len(members) <= TEAM_CLIQUE_MAX:
        for a in around & members:
            for b in members:
                if a != b:
                    ties[pair(a, b)].teammates = True
    else:
        for (a, b), features in ties.items():
            if a in members and b in members:
                features.teammates = True

    ends = {p for key in ties for p in key}
    _add_shared_employers_of(conn, ties, ends)

    keys = {
        row[0]
        for row in rows_for(
            conn,
            "SELECT company_key FROM people WHERE merged_into IS NULL AND company_key != '' AND id IN ({})",
            around,
        )
    }
    for key in sorted(keys):
        infers, people = _company_infers(conn, key, members)
        if not infers:
            continue
        name = conn.execute(
            "SELECT company FROM people WHERE company_key = ? AND merged_into IS NULL ORDER BY id LIMIT 1",
            (key,),
        ).fetchone()[0]
        for member in (p for p in people if p in members):
            for other in people:
                if other != member and (member in around or other in around):
                    ties[pair(member, other)].same_company = name
    groups = {
        row[0]
        for row in rows_for(
            conn,
            "SELECT DISTINCT m.group_id FROM memberships m"
            " JOIN records r ON r.id = m.record_id WHERE r.person_id IN ({})",
            around,
        )
    }
    # Of a group above the cap (``large_groups``, as the caller keeps them) only its hosts and its
    # active members make ties: its other memberships, most of its rows, are not read.
    by_group: dict[int, list[tuple[int, str, int]]] = defaultdict(list)
    select = (
        "SELECT m.group_id, r.person_id, m.role, m.posts FROM memberships m"
        " JOIN records r ON r.id = m.record_id JOIN groups g ON g.id = m.group_id WHERE m.group_id IN ({})"
    )
    for group_id, person, role, posts in rows_for(conn, select, groups - large_groups) + rows_for(
        conn, select + " AND (m.role IN ('owner', 'manager') OR m.posts > 0)", groups & large_groups
    ):
        by_group[group_id].append((person, role, posts))
    for group_id, listed in by_group.items():
        if group_id not in large_groups:
            for i, (a, _, _) in enumerate(listed):
                for b, _, _ in listed[i + 1 :]:
                    if a != b and (a in around or b in around):
                        ties[pair(a, b)]
        else:
            active = [p for p, _, posts in listed if posts > 0]
            for host in (p for p, role, _ in listed if role in {"owner", "manager"}):
                for other in active:
                    if host != other and (host in around or other in around):
                        ties[pair(host, other)]

    in_groups: dict[int, set[str]] = defaultdict(set)
    for person, name in rows_for(
        conn,
        "SELECT r.person_id, g.name FROM memberships m JOIN records r"
        " ON r.id = m.record_id JOIN groups g ON g.id = m.group_id WHERE r.person_id IN ({})",
        {p for key in ties for p in key},
    ):
        in_groups[person].add(name)
    _add_shared_groups(ties, in_groups)
    return dict(ties)


def _cache_path(store: Store) -> Path:
    return store.path.with_name(store.path.name + ".graph.npz")


def _weights_hash(weights: dict[str, float]) -> str:
    return hashlib.sha1(json.dumps(weights, sort_keys=True).encode()).hexdigest()[:16]


def load_graph(store: Store, weights: dict[str, float] | None = None) -> TieGraph:
    """The store's graph from the cache when it is current; else the cache brought up to date with
    the changes since it was built (``update_graph``), or built whole; then cached (mode 0600)."""
    from graphintro.changes import changes_since, one_state

    weights = weights or load_weights()
    path = _cache_path(store)
    key = store.cache_key(f"graph-v{CACHE_VERSION}", f"weights-{_weights_hash(weights)}")
    cached = _read_cache(path, key)
    if cached is not None and cached[1].generation == store.generation:
        return cached[0]
    with one_state(store):
        fresh = None
        if cached is not None:
            changes = changes_since(store, cached[1].generation)
            if changes is not None:
                cached[0].logit = _read_logits(path, cached[0])
                fresh = update_graph(store, *cached, changes, weights)
        if fresh is None:
            fresh = _build(store, weights)
    if cached is None or fresh[0] is not cached[0]:
        _write_cache(path, key, *fresh)
    # else the writes since changed no tie: the cache stays as it is, and is found current again
    return fresh[0]


def _read_cache(path: Path, key: str) -> tuple[TieGraph, GraphState] | None:
    """The cached graph and its state, if the cache is this store's and made with this configuration."""
    import numpy as np

    if not path.exists():
        return None
    try:
        with np.load(path, allow_pickle=False) as data:
            if str(data["key"]) != key:
                return None
            generation = int(data["generation"])
            graph = TieGraph(
                data["node_ids"],
                data["indptr"],
                data["indices"],
                data["strength"],
                data["direct"],
                generation,
                str(data["as_of"]),
                data["real"],
            )
            state = GraphState(
                generation,
                str(data["as_of"]),
                set(data["members"].tolist()),
                dict(zip(data["date_people"].tolist(), data["date_values"].tolist(), strict=True)),
                set(data["inferring_companies"].tolist()),
                set(data["large_groups"].tolist()),
            )
            return graph, state
    except (OSError, ValueError, KeyError):
        return None  # a damaged cache is rebuilt


def _read_logits(path: Path, graph: TieGraph) -> np.ndarray | None:
    """The logits kept with the graph (``TieGraph.logit``), read only to catch up after a write:
    a question asked of a current cache never reads them."""
    import numpy as np

    try:
        with np.load(path, allow_pickle=False) as data:
            logit = data["logit"]
    except (OSError, ValueError, KeyError):
        return None
    return logit if len(logit) == len(graph.indices) else None


def _write_cache(path: Path, key: str, graph: TieGraph, state: GraphState) -> None:
    """The graph and its state next to the store, written whole then moved in place (readers see one or
    the other), private to the user."""
    import numpy as np

    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    dated = sorted(state.dates.items())
    arrays: dict[str, Any] = {} if graph.logit is None else {"logit": graph.logit}  # (else no catch-up)
    with os.fdopen(fd, "wb") as handle:
        np.savez(
            handle,
            **arrays,
            key=np.array(key),
            generation=np.array(state.generation),
            node_ids=graph.node_ids,
            indptr=graph.indptr,
            indices=graph.indices,
            strength=graph.strength,
            direct=graph.direct,
            real=graph.direct if graph.real is None else graph.real,
            as_of=np.array(graph.as_of),
            members=np.array(sorted(state.members), dtype=np.int64),
            date_people=np.array([p for p, _ in dated], dtype=np.int64),
            date_values=np.array([d for _, d in dated], dtype=str),
            inferring_companies=np.array(sorted(state.inferring_companies), dtype=str),
            large_groups=np.array(sorted(state.large_groups), dtype=np.int64),
        )
    os.replace(tmp, path)


def describe_ties(
    store: Store, graph: TieGraph, pairs: Iterable[Pair]
) -> dict[Pair, tuple[float, list[str]]]:
    """Strength (as the graph holds it) and evidence sentences of each tie a–b in ``pairs``.

    One pass over the store for all of them: every feature but the mutual count depends only on
    the two ends, so the ties among the people of a few paths are collected together.
    """
    pairs = list(pairs)
    if not pairs:
        return {}
    from graphintro.member_exports import member_dates, tie_reference

    as_of = date.fromisoformat(graph.as_of) if graph.as_of else reference_date(store)
    people = {p for ends in pairs for p in ends}
    dates = member_dates(store, only=people)
    ties = collect_ties(store, only=people)
    marks = ",".join("?" * len(people))
    names = dict(
        store.conn.execute(f"SELECT id, name FROM people WHERE id IN ({marks})", sorted(people)).fetchall()
    )
    team = [
        row[0]
        for row in store.conn.execute("SELECT id FROM people WHERE is_member = 1 AND merged_into IS NULL")
    ]
    described = {}
    for a, b in pairs:
        features = ties.get(pair(a, b), TieFeatures())
        features.mutual = graph.mutual_count(a, b, team)  # needs the whole neighbourhood, not only the pair
        evidence = tie_evidence(
            features, tie_reference(a, b, dates, as_of), {p: names[p] for p in (a, b) if p in names}
        )
        described[(a, b)] = (graph.strength_between(a, b), evidence)
    return described
