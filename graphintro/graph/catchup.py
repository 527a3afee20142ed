"""Catching up after a write: from the log of changes, the ties a write can have changed, read
again, scored and spliced into the kept graph, instead of a whole build.
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date
from typing import TYPE_CHECKING

from graphintro.graph.around import _ties_around, _ties_between
from graphintro.graph.arrays import Spliced, TieGraph, _lower_bound, _rows_of, _spliced, sorted_unique
from graphintro.graph.build import _references
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
from graphintro.strength import (
    MUTUAL_SATURATES,
    RATING_STRENGTH,
    TieFeatures,
    day_number,
    strengths_of,
    tie_logits,
)

if TYPE_CHECKING:
    import numpy as np


def update_graph(
    store: Store, graph: TieGraph, state: GraphState, changes, weights: dict[str, float], most: float = 0.2
) -> tuple[TieGraph, GraphState] | None:
    """``_caught_up``, the graph's arrays made in memory."""
    found = _caught_up(store, graph, state, changes, weights, most)
    if found is None:
        return None
    fresh, now = found
    return (fresh.graph() if isinstance(fresh, Spliced) else fresh), now


def _caught_up(
    store: Store, graph: TieGraph, state: GraphState, changes, weights: dict[str, float], most: float = 0.2
) -> tuple[TieGraph | Spliced, GraphState] | None:
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
    import numpy as np

    from graphintro.member_exports import member_dates

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
    for (a, b), was in zip(redone, known.are_real(list(redone)), strict=True):
        is_now = (a, b) in ties and ties[(a, b)].direct
        if is_now:
            now_real[a].add(b)
            now_real[b].add(a)
        if was != is_now:
            changed.append((a, b))
            if was:
                gone_real[a].add(b)
                gone_real[b].add(a)

    ever_real: dict[int, set[int]] = {}

    def either(person: int) -> set[int]:
        """The person's real ties before or after the changes (made once a person: the new export's
        owner is an end of thousands of the changed ties). The ties lost were real before, so this
        is the ties before and the ties real now among those redone."""
        if person not in ever_real:
            before, gained = known.real_of(person), now_real.get(person)
            ever_real[person] = before | gained if gained else before
        return ever_real[person]

    ripple: set[Pair] = set()
    # A real tie end–other gained or lost changes the count of each tie end–z the graph had (a tie
    # whose count changes, with no end reached, existed before), z a real contact of other's: for each end its others' contacts are looked up in its row at once (an
    # end is a member with thousands of ties for hundreds of the changed ties: no set of them made).
    others_of: dict[int, list[int]] = defaultdict(list)
    for a, b in changed:
        for end, other in ((a, b), (b, a)):
            if end not in reached:  # (a reached person's ties are redone whole: none of them rippled)
                others_of[end].append(other)
    contacts_of: dict[int, np.ndarray] = {}
    for end, others in others_of.items():
        row = known.partner_ids(end)
        if not len(row):
            continue
        for other in others:
            if other not in contacts_of:
                contacts_of[other] = np.fromiter(either(other), dtype=np.int64)
        candidates = np.concatenate([contacts_of[other] for other in others])
        for z in set(candidates[_isin(candidates, row)].tolist()):
            if z != end:
                ripple.add(pair(end, z))
    for person in joined_or_left:  # mutual contacts between teammates leave the team out
        around = either(person) & (members | state.members)
        near = np.array(sorted(around), dtype=np.int64)
        for a in around:  # (the teammates around looked up in each one's row: no set of its ties)
            row = known.partner_ids(a)
            for z in near[_isin(near, row)].tolist():
                ripple.add(pair(a, z))
    ripple = {key for key in ripple - redone if key[0] not in reached and key[1] not in reached}
    if len(redone) + len(ripple) > most * len(graph.indices) / 2 + 10000:
        return None

    counted = list(ties)
    counted += sorted(ripple)
    rippled = len(ties)  # (where the ripple starts: ``_add_ratings`` may add rated ties to ``ties``)
    mutuals = _MutualCounts(known, redone, now_real, members).of(counted)
    if mutuals is None:
        return None  # (person ids beyond what the counts' keys hold: built whole)
    for features, mutual in zip(ties.values(), mutuals, strict=False):
        features.mutual = mutual
    _add_ratings(store, ties, None, touching=reached, pairs=redone)
    member_days, as_of_day = {p: date.fromisoformat(d) for p, d in dates.items()}, date.fromisoformat(as_of)
    edges = _scored_edges(ties, weights, member_days, as_of_day)
    # The ties whose mutual count alone changed: scored again from the logit the cache kept.
    edges += _rescored(known, counted[rippled:], mutuals[rippled:], weights)
    return _spliced(graph, reached, redone | ripple, edges, store.generation, as_of), now


def _scored_edges(
    ties: dict[Pair, TieFeatures], weights: dict[str, float], dates: dict[int, date], as_of: date
) -> list[tuple]:
    """``update_graph``'s edges ``(a, b, strength, logit, direct, real)`` of the ties it read again:
    ``build._scored`` of each (its strength, and its logit, NaN for a rated tie) against
    ``tie_reference``, computed a column at a time as a whole build scores (``tie_logits``,
    ``strengths_of``: bit for bit the scalar formulas) rather than tie by tie in Python (35,000
    ties after a one-member import at 2,000 x 5,000: 0.5 s of CPU)."""
    import numpy as np

    if not ties:
        return []
    features = list(ties.values())
    ends = np.array(list(ties), dtype=np.int64).reshape(-1, 2)

    def column(values, dtype) -> np.ndarray:
        return np.fromiter(values, dtype=dtype, count=len(features))

    real = column((f.direct for f in features), bool)
    teammates = column((f.teammates for f in features), bool)
    columns = {
        "direct": real,
        "teammates": teammates,
        "pending_invitation": column((f.pending_invitation for f in features), bool),
        "connected_day": column((day_number(f.connected_on) for f in features), np.int64),
        "last_message_day": column((day_number(f.last_message) for f in features), np.int64),
        "sent": column((f.sent for f in features), np.int64),
        "received": column((f.received for f in features), np.int64),
        "endorsements": column((f.endorsements for f in features), np.int64),
        "recommended": column((bool(f.recommendations) for f in features), bool),
        "invitation_note": column((bool(f.invitation_note) for f in features), bool),
        "shared_employer": column((bool(f.shared_employers) for f in features), bool),
        "shared_groups": column((len(f.shared_groups) for f in features), np.int64),
    }
    logit = tie_logits(columns, weights, _references(ends[:, 0], ends[:, 1], dates, as_of))
    strength = strengths_of(logit, column((f.mutual for f in features), np.int64), weights)
    for i, f in enumerate(features):
        if f.rating is not None:
            strength[i], logit[i] = RATING_STRENGTH[f.rating], math.nan
    return list(
        zip(
            ends[:, 0].tolist(),
            ends[:, 1].tolist(),
            strength.tolist(),
            logit.tolist(),
            (real | teammates).tolist(),
            real.tolist(),
            strict=True,
        )
    )


def _rescored(
    known: _KnownTies, pairs: list[Pair], mutuals: list[int], weights: dict[str, float]
) -> list[tuple]:
    """Ties of the graph whose mutual count alone changed, as ``update_graph``'s edges: their logit
    (kept in the cache) plus the term of their new count (``strengths_of``, bit for bit
    ``strength_of(logit + mutual_term(...))``); a rated tie keeps its strength."""
    import numpy as np

    if not pairs:
        return []
    graph = known.graph
    assert graph.logit is not None and graph.real is not None  # (update_graph checks it)
    at = known.positions(pairs)
    assert len(at) and at.min() >= 0, "a tie whose mutual count changed is one the graph had"
    logits = graph.logit[at]
    rated = np.isnan(logits)
    strengths = graph.strength[at].astype(np.float64)
    if not rated.all():
        scored = ~rated
        strengths[scored] = strengths_of(logits[scored], np.array(mutuals, dtype=np.int64)[scored], weights)
    ends = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    return list(
        zip(
            ends[:, 0].tolist(),
            ends[:, 1].tolist(),
            strengths.tolist(),
            logits.tolist(),
            graph.direct[at].tolist(),
            graph.real[at].tolist(),
            strict=True,
        )
    )


class _KnownTies:
    """The ties of the graph as it was, looked up by person (a row of the CSR arrays at a time)."""

    def __init__(self, graph: TieGraph) -> None:
        self.graph = graph
        self._rows: dict[int, tuple[list[int], list[bool]]] = {}
        self._real: dict[int, set[int]] = {}
        # Each person's row, looked up once: not the whole list of ids made (3.3 million at
        # 2,000 × 5,000) for the few thousand people a catch-up reads.
        self._indexes: dict[int, int | None] = {}

    def index(self, person: int) -> int | None:
        """The person's row in the graph's arrays, None when the graph had no tie of theirs."""
        if person not in self._indexes:
            self._indexes[person] = self.graph.index_of(person)
        return self._indexes[person]

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

    def partner_ids(self, person: int) -> np.ndarray:
        """The ids of the person's partners in the graph, sorted (its row, renamed): searched, not
        made a set (members have thousands of ties at 2,000 x 5,000)."""
        import numpy as np

        graph, index = self.graph, self.index(person)
        if index is None:
            return np.zeros(0, dtype=np.int64)
        return graph.node_ids[graph.indices[graph.indptr[index] : graph.indptr[index + 1]]]

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

    def positions(self, pairs: list[Pair]) -> np.ndarray:
        """Where each tie of ``pairs`` is in the graph's arrays, -1 for one the graph had not: all
        searched at once, each in its first end's row."""
        import numpy as np

        ends = np.array(pairs, dtype=np.int64).reshape(-1, 2)
        node_ids = self.graph.node_ids
        return _positions_in_rows(self.graph, _rows_of(node_ids, ends[:, 0]), _rows_of(node_ids, ends[:, 1]))

    def are_real(self, pairs: list[Pair]) -> list[bool]:
        """Whether each tie of ``pairs`` was a real one in the graph."""
        import numpy as np

        graph = self.graph
        assert graph.real is not None  # (update_graph checks it)
        at = self.positions(pairs)
        return ((at >= 0) & graph.real[np.maximum(at, 0)]).tolist() if len(graph.real) else [False] * len(at)


# Two members whose real ties both number more than this have their mutual contacts counted all
# at once (``_MutualCounts._shared_by_members``), not by looking up each contact of one of them.
COUNTED_TOGETHER_FROM = 64


class _MutualCounts:
    """The mutual contacts of ties once the changes are made, counted up to ``MUTUAL_SATURATES``,
    as ``ties.collect_ties`` counts them in a whole build: the people with a real tie to both ends,
    teammates left out between two members.

    Counted on arrays, not on a set of each end's contacts (a member's thousands, 1.2 million
    contacts for the 250 members an xlarge member's export names, with 35,000 ties to count): a
    person's real ties are their row in the kept graph where its ties were not redone, and the
    redone ties real now. A tie with an end of few real ties looks each of them up among the other
    end's; two members of thousands each (the new member's teammates: F became a contact of both)
    have the contacts they share counted over all such pairs at once."""

    def __init__(
        self, known: _KnownTies, redone: set[Pair], now_real: dict[int, set[int]], members: set[int]
    ):
        import numpy as np

        self.graph = known.graph
        self.now_real = now_real
        self.members = np.array(sorted(members), dtype=np.int64)
        redone_ends = np.array(list(redone), dtype=np.int64).reshape(-1, 2)
        self.fits = not len(redone_ends) or (redone_ends.max() < _ID_LIMIT and redone_ends.min() >= 0)
        self.redone = np.sort(_keys(redone_ends))
        now = [(a, b) for a, partners in now_real.items() for b in partners if a < b]
        # (each redone tie, in the order of ``self.redone``: whether it is real now)
        self.real_now = _isin(self.redone, np.sort(_keys(np.array(now, dtype=np.int64).reshape(-1, 2))))
        self.gaining = np.array(sorted(now_real), dtype=np.int64)
        self.gained = np.array([len(now_real[p]) for p in self.gaining.tolist()], dtype=np.int64)

    def of(self, pairs: list[Pair]) -> list[int] | None:
        """The counts of ``pairs``; None when a person id is too large for the keys of a pair."""
        import numpy as np

        if not pairs:
            return []
        ends = np.array(pairs, dtype=np.int64).reshape(-1, 2)
        node_ids = self.graph.node_ids
        if (
            not self.fits
            or ends.max() >= _ID_LIMIT
            or (len(node_ids) and node_ids[-1] >= _ID_LIMIT)
            or ends.min() < 0
        ):
            return None
        a, b = ends[:, 0], ends[:, 1]
        size_a, size_b = self._sizes(a), self._sizes(b)
        teammates = _isin(a, self.members) & _isin(b, self.members)
        counts = np.zeros(len(ends), dtype=np.int64)
        together = teammates & (np.minimum(size_a, size_b) > COUNTED_TOGETHER_FROM)
        if together.any():
            shared = self._shared_by_members(
                a[together], b[together], int(np.minimum(size_a, size_b)[together].sum())
            )
            if shared is None:
                together[:] = False
            else:
                counts[together] = shared
        looked_up = np.flatnonzero(~together)
        fewer = np.where(size_a <= size_b, a, b)[looked_up]
        other = np.where(size_a <= size_b, b, a)[looked_up]
        counts[looked_up] = self._looked_up(fewer, other, teammates[looked_up])
        return np.minimum(counts, MUTUAL_SATURATES).tolist()

    def _sizes(self, people: np.ndarray) -> np.ndarray:
        """How many ties each person has in the graph, and real ones redone (only which end of a tie
        is looked up depends on it)."""
        import numpy as np

        graph = self.graph
        rows = _rows_of(graph.node_ids, people)
        had = np.where(rows >= 0, graph.indptr[rows + 1] - graph.indptr[np.maximum(rows, 0)], 0)
        if not len(self.gaining):
            return had
        at = np.minimum(np.searchsorted(self.gaining, people), len(self.gaining) - 1)
        return had + np.where(self.gaining[at] == people, self.gained[at], 0)

    def _contacts(self, people: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The real ties of ``people`` (ids, distinct) once the changes are made, as (the index of
        the person in ``people``, the contact), grouped by person."""
        import numpy as np

        graph = self.graph
        assert graph.real is not None  # (update_graph checks it)
        rows = _rows_of(graph.node_ids, people)
        had = np.flatnonzero(rows >= 0)
        at, counts = graph.edges_of(rows[had])
        whose = np.repeat(had, counts)
        real = graph.real[at]
        whose, contact = whose[real], graph.node_ids[graph.indices[at[real]]]
        person = people[whose]
        kept = ~_isin(
            _keys(np.stack([np.minimum(person, contact), np.maximum(person, contact)], axis=1)), self.redone
        )
        now_real = self.now_real
        gained = [(i, c) for i, p in enumerate(people.tolist()) for c in now_real.get(p, ())]
        added = np.array(gained, dtype=np.int64).reshape(-1, 2)
        whose = np.concatenate([whose[kept], added[:, 0]])
        contact = np.concatenate([contact[kept], added[:, 1]])
        order = np.argsort(whose, kind="stable")
        return whose[order], contact[order]

    def _is_real(self, a: np.ndarray, b: np.ndarray, rows_a: np.ndarray, rows_b: np.ndarray) -> np.ndarray:
        """Whether each a–b is a real tie once the changes are made (``rows_``: their rows in the
        graph, -1 for none)."""
        import numpy as np

        graph = self.graph
        assert graph.real is not None  # (update_graph checks it)
        keys = _keys(np.stack([np.minimum(a, b), np.maximum(a, b)], axis=1))
        at = _positions_in_rows(graph, rows_a, rows_b)
        before = (
            (at >= 0) & graph.real[np.maximum(at, 0)] if len(graph.real) else np.zeros(len(a), dtype=bool)
        )
        redone = self.redone
        if not len(redone):
            return before
        at = np.minimum(np.searchsorted(redone, keys), len(redone) - 1)
        return np.where(redone[at] == keys, self.real_now[at], before)

    def _looked_up(self, fewer: np.ndarray, other: np.ndarray, teammates: np.ndarray) -> np.ndarray:
        """The mutual contacts of each tie fewer–other: each real contact of ``fewer`` looked up in the
        row of ``other`` (teammates left out where ``teammates``). The ties are taken in the order
        of those rows, and each contact's row is found once, not at each tie it is looked up for
        (the new export's thousands of contacts have ~50 real ties each at 2,000 x 5,000)."""
        import numpy as np

        node_ids = self.graph.node_ids
        other_rows = _rows_of(node_ids, other)
        order = np.argsort(other_rows, kind="stable")
        fewer, other, teammates, other_rows = fewer[order], other[order], teammates[order], other_rows[order]
        people = sorted_unique(fewer)
        whose, contact = self._contacts(people)
        contact_rows = _rows_of(node_ids, contact)
        teammate = _isin(contact, self.members)
        starts = np.searchsorted(whose, np.arange(len(people)))
        lengths = np.bincount(whose, minlength=len(people))
        person = np.searchsorted(people, fewer)
        repeats = lengths[person]
        tie = np.repeat(np.arange(len(fewer)), repeats)
        at = np.repeat(starts[person] - np.cumsum(repeats) + repeats, repeats) + np.arange(int(repeats.sum()))
        hit = self._is_real(other[tie], contact[at], other_rows[tie], contact_rows[at]) & ~(
            teammates[tie] & teammate[at]
        )
        counts = np.empty(len(fewer), dtype=np.int64)
        counts[order] = np.bincount(tie[hit], minlength=len(fewer))
        return counts

    def _shared_by_members(self, a: np.ndarray, b: np.ndarray, lookups: int) -> np.ndarray | None:
        """The contacts (not teammates) each pair of members a–b share, all pairs at once: each
        contact's members among these ends, and each pair of them counted; None when that makes more
        pairs than ``lookups``, what looking up one end's contacts would cost."""
        import numpy as np

        people = sorted_unique(np.concatenate([a, b]))
        whose, contact = self._contacts(people)
        outside = ~_isin(contact, self.members)
        whose, contact = whose[outside], contact[outside]
        order = np.lexsort((whose, contact))  # by contact, then by member
        whose, contact = whose[order], contact[order]
        starts = np.flatnonzero(np.concatenate([[True], contact[1:] != contact[:-1]]))
        sizes = np.diff(np.append(starts, len(contact)))
        if int((sizes * (sizes - 1) // 2).sum()) > lookups:
            return None
        group = np.repeat(np.arange(len(starts)), sizes)
        n = len(people)
        codes = []
        candidates = np.flatnonzero(np.repeat(sizes, sizes) > 1)
        step = 1
        while len(candidates):
            candidates = candidates[candidates + step < len(contact)]
            candidates = candidates[group[candidates + step] == group[candidates]]
            codes.append(whose[candidates] * n + whose[candidates + step])
            step += 1
        ia, ib = np.searchsorted(people, a), np.searchsorted(people, b)
        wanted = np.minimum(ia, ib) * n + np.maximum(ia, ib)
        found = np.concatenate(codes) if codes else np.zeros(0, dtype=np.int64)
        if n * n <= 4 * len(found) + (1 << 20):  # (a count for every pair of these members)
            return np.bincount(found, minlength=n * n)[wanted]
        distinct = sorted_unique(wanted)
        where = np.minimum(np.searchsorted(distinct, found), len(distinct) - 1)
        hits = np.bincount(where[distinct[where] == found], minlength=len(distinct))
        return hits[np.searchsorted(distinct, wanted)]


_ID_LIMIT = 1 << 31  # (a pair's key: the lower id shifted by 32 bits, or'ed with the higher)


def _keys(pairs: np.ndarray) -> np.ndarray:
    """One int64 a pair (lower id, higher id) of ``pairs`` (n × 2), ordered as the pairs are."""
    return (pairs[:, 0] << 32) | pairs[:, 1]


def _isin(values: np.ndarray, ordered: np.ndarray) -> np.ndarray:
    """Whether each of ``values`` is among the sorted ``ordered``."""
    import numpy as np

    if not len(ordered):
        return np.zeros(len(values), dtype=bool)
    at = np.minimum(np.searchsorted(ordered, values), len(ordered) - 1)
    return ordered[at] == values


def _positions_in_rows(graph: TieGraph, ia: np.ndarray, ib: np.ndarray) -> np.ndarray:
    """Where each tie between the rows ``ia`` and ``ib`` is in the graph's arrays, -1 for one it
    has not or a row -1 (a person it does not hold): searched in ia's row. Many searches in few
    rows (a catch-up's: thousands of a member's contacts looked up in a few thousand members' rows)
    are made a row at a time, each one ``searchsorted`` of the row; else all at once, a step of a
    binary search at a time (``_lower_bound``)."""
    import numpy as np

    found_at = np.full(len(ia), -1, dtype=np.int64)
    both = np.flatnonzero((ia >= 0) & (ib >= 0))
    if not len(both):
        return found_at
    order = both[np.argsort(ia[both], kind="stable")]
    rows, columns = ia[order], ib[order]
    indptr, indices = graph.indptr, graph.indices
    starts = np.flatnonzero(np.concatenate([[True], rows[1:] != rows[:-1]]))
    if len(starts) * SEARCHES_A_ROW <= len(rows):
        found = np.empty(len(rows), dtype=np.int64)
        bounds = np.append(starts, len(rows)).tolist()
        # (searched as the row's own type: else numpy copies each row into the columns' type first)
        narrow = columns.astype(indices.dtype)
        for first, last, row in zip(bounds[:-1], bounds[1:], rows[starts].tolist(), strict=True):
            begin = int(indptr[row])
            found[first:last] = begin + indices[begin : int(indptr[row + 1])].searchsorted(narrow[first:last])
    else:
        found = _lower_bound(indptr[rows], indptr[rows + 1], lambda k: indices[k], columns)
    end = indptr[rows + 1]
    hit = found < end
    hit[hit] = indices[found[hit]] == columns[hit]
    found_at[order[hit]] = found[hit]
    return found_at


SEARCHES_A_ROW = 16  # (``_positions_in_rows``: from this many searches a row on, a row at a time)
