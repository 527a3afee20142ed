"""Catching up after a write: from the log of changes, the ties a write can have changed, read
again, scored and spliced into the kept graph, instead of a whole build.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from datetime import date
from typing import TYPE_CHECKING

from graphintro.graph.around import _ties_around, _ties_between
from graphintro.graph.arrays import TieGraph, _splice
from graphintro.graph.build import _scored
from graphintro.graph.state import GraphState, _company_infers, _group_people, _members
from graphintro.graph.ties import (
    INFERRED_GROUP_MAX,
    TEAM_CLIQUE_MAX,
    Pair,
    _add_ratings,
    pair,
    reference_date,
)
from graphintro.store import Store
from graphintro.strength import MUTUAL_SATURATES, TieFeatures, mutual_term, strength_of

if TYPE_CHECKING:
    from collections.abc import Iterator


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
    companies: dict[str, tuple[bool, list[int]]] = {}  # (read once a company: ``_ties_around`` asks too)

    def company(key: str) -> tuple[bool, list[int]]:
        if key not in companies:
            companies[key] = _company_infers(conn, key, members)
        return companies[key]

    for key in changes.companies:
        infers, people = company(key)
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
    ties.update(_ties_around(conn, reached, members, large, company))
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
    nothing: set[int] = set()

    def real(person: int) -> set[int]:
        """The person's real ties once the changes are made (the kept set itself, not a copy, when
        they did not change: a member's thousands)."""
        if person not in final_real:
            if person in reached:
                final_real[person] = now_real.get(person, nothing)
            elif person in gone_real or person in now_real:
                final_real[person] = (known.real_of(person) - gone_real.get(person, nothing)) | now_real.get(
                    person, nothing
                )
            else:
                final_real[person] = known.real_of(person)
        return final_real[person]

    ever_real: dict[int, set[int]] = {}

    def either(person: int) -> set[int]:
        """The person's real ties before or after the changes (made once a person: the new export's
        owner is an end of thousands of the changed ties)."""
        if person not in ever_real:
            now, before = real(person), known.real_of(person)
            ever_real[person] = before if now is before else now | before
        return ever_real[person]

    tied = known.partners  # (a tie whose mutual count changes, with no end reached, existed before)
    ripple: set[Pair] = set()
    for a, b in changed:
        for end, other in ((a, b), (b, a)):
            for z in either(other) & tied(end):
                if z != end:
                    ripple.add(pair(end, z))
    for person in joined_or_left:  # mutual contacts between teammates leave the team out
        around = either(person) & (members | state.members)
        for a in around:
            for z in tied(a) & around:
                ripple.add(pair(a, z))
    ripple = {key for key in ripple - redone if key[0] not in reached and key[1] not in reached}
    if len(redone) + len(ripple) > most * len(graph.indices) / 2 + 10000:
        return None

    def mutual(a: int, b: int) -> int:
        """The mutual contacts of a–b, counted up to ``MUTUAL_SATURATES`` (the strength is the same
        from there: two members' thousands of contacts are not all compared)."""
        smaller, larger = sorted((real(a), real(b)), key=len)
        shared: Iterator[int] = filter(larger.__contains__, smaller)
        if a in members and b in members:
            shared = itertools.filterfalse(members.__contains__, shared)
        return len(list(itertools.islice(shared, MUTUAL_SATURATES)))

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
    edges += _rescored(known, sorted(ripple), [mutual(a, b) for a, b in sorted(ripple)], weights)
    return _splice(graph, reached, redone | ripple, edges, store.generation, as_of), now


def _rescored(
    known: _KnownTies, pairs: list[Pair], mutuals: list[int], weights: dict[str, float]
) -> list[tuple]:
    """Ties of the graph whose mutual count alone changed, as ``update_graph``'s edges: their logit
    (kept in the cache) plus the term of their new count; a rated tie keeps its strength."""
    if not pairs:
        return []
    graph = known.graph
    assert graph.logit is not None and graph.real is not None  # (update_graph checks it)
    at = [known.position(a, b) for a, b in pairs]
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
        self._partners: dict[int, set[int]] = {}
        # Each person's row, looked up once: not the whole list of ids made (3.3 million at
        # 2,000 × 5,000) for the few thousand people a catch-up reads.
        self._indexes: dict[int, int | None] = {}

    def index(self, person: int) -> int | None:
        """The person's row in the graph's arrays, None when the graph had no tie of theirs."""
        if person not in self._indexes:
            self._indexes[person] = self.graph.index_of(person)
        return self._indexes[person]

    def position(self, a: int, b: int) -> int:
        """Where the tie a–b is in the graph's arrays, -1 if the graph had none: found in a's row,
        not by ``arrays._positions``, which makes a key of each of the graph's entries."""
        ia, ib = self.index(a), self.index(b)
        if ia is None or ib is None:
            return -1
        graph = self.graph
        start, end = int(graph.indptr[ia]), int(graph.indptr[ia + 1])
        at = start + int(graph.indices[start:end].searchsorted(ib))
        return at if at < end and int(graph.indices[at]) == ib else -1

    def _row(self, person: int) -> tuple[list[int], list[bool]]:
        if person not in self._rows:
            graph, index = self.graph, self.index(person)
            assert graph.real is not None  # (update_graph checks it)
            if index is None:
                self._rows[person] = ([], [])
            else:
                start, end = graph.indptr[index], graph.indptr[index + 1]
                self._rows[person] = (
                    graph.node_ids[graph.indices[start:end]].tolist(),
                    graph.real[start:end].tolist(),
                )
        return self._rows[person]

    def partners(self, person: int) -> set[int]:
        """(kept: the new export's owner is an end of most of the ties it changes, thousands of times)"""
        if person not in self._partners:
            self._partners[person] = set(self._row(person)[0])
        return self._partners[person]

    def ties_of(self, person: int) -> set[Pair]:
        return {pair(person, other) for other in self._row(person)[0]}

    def real_of(self, person: int) -> set[int]:
        if person not in self._real:
            graph, index = self.graph, self.index(person)
            assert graph.real is not None  # (update_graph checks it)
            if index is None:
                self._real[person] = set()
            else:  # (a member's thousand ties: picked by numpy, not one by one)
                start, end = graph.indptr[index], graph.indptr[index + 1]
                real = graph.indices[start:end][graph.real[start:end]]
                self._real[person] = set(graph.node_ids[real].tolist())
        return self._real[person]

    def is_real(self, a: int, b: int) -> bool:
        """(found in a's row, without making a list of it: a member's row is thousands long)"""
        graph = self.graph
        assert graph.real is not None  # (update_graph checks it)
        at = self.position(a, b)
        return at >= 0 and bool(graph.real[at])
