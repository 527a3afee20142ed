"""A graph built whole from the store: every tie's features scored (``strength``), then packed;
and the evidence sentences of the ties on a few paths.
"""

from __future__ import annotations

import math
from datetime import date
from typing import TYPE_CHECKING

from graphintro.graph.arrays import TieGraph, _pack
from graphintro.graph.columns import TieColumns, collect_tie_columns, collect_ties
from graphintro.graph.state import GraphState, _state
from graphintro.graph.ties import Pair, pair, reference_date
from graphintro.store import Store
from graphintro.strength import (
    RATING_STRENGTH,
    TieFeatures,
    day_number,
    load_weights,
    mutual_term,
    strength_of,
    strengths_of,
    tie_evidence,
    tie_logit,
    tie_logits,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    import numpy as np


def build_graph(store: Store, weights: dict[str, float] | None = None) -> TieGraph:
    """Compute every tie's strength and pack them as CSR arrays."""
    return _build(store, weights or load_weights())[0]


def _build(store: Store, weights: dict[str, float]) -> tuple[TieGraph, GraphState]:
    """The whole graph, and what it was computed from (for ``update_graph`` to catch up later)."""
    import numpy as np

    from graphintro.member_exports import member_dates

    as_of = reference_date(store)
    dates = member_dates(store)  # each tie measured against the export that tells about it
    ties = collect_tie_columns(store)
    a, b = ties.pairs()
    strength, logit, real = _scored_columns(ties, weights, _references(a, b, dates, as_of))
    graph = _pack(
        a,
        b,
        strength.astype(np.float32),
        real | ties["teammates"],
        real,
        store.generation,
        as_of.isoformat(),
        logit,
    )
    return graph, _state(store, as_of.isoformat(), dates)


def _references(a: np.ndarray, b: np.ndarray, dates: dict[int, date], as_of: date) -> np.ndarray:
    """``member_exports.tie_reference`` of every tie a–b, as day ordinals."""
    import numpy as np

    people = np.array(sorted(dates), dtype=np.int64)
    days = np.array([dates[p].toordinal() for p in people.tolist()], dtype=np.int64)

    def day_of(ends: np.ndarray) -> np.ndarray:  # 0 for a person without an export date
        if not len(people):
            return np.zeros(len(ends), np.int64)
        at = np.minimum(np.searchsorted(people, ends), len(people) - 1)
        return np.where(people[at] == ends, days[at], 0)

    newest = np.maximum(day_of(a), day_of(b))
    return np.where(newest > 0, newest, as_of.toordinal())


def _scored_columns(
    ties: TieColumns, weights: dict[str, float], reference: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``_scored`` of every tie, a column at a time (``strength.tie_logits``, bit for bit): the
    strengths, the logits (NaN for a rated tie) and whether each tie is a real one."""
    import numpy as np

    real = ties.direct()
    days = np.array([day_number(text) for text in ties.texts], dtype=np.int64)  # (text 0: none)
    columns = {
        "direct": real,
        "teammates": ties["teammates"],
        "pending_invitation": ties.pending_invitation(),
        "connected_day": days[ties["connected_on"]],
        "last_message_day": days[ties["last_message"]],
        "sent": ties["sent"],
        "received": ties["received"],
        "endorsements": ties["endorsements"],
        "recommended": ties.recommended(),
        "invitation_note": ties["invitation_note"],
        "shared_employer": ties["shared_employers"] > 0,
        "shared_groups": np.array([len(names) for names in ties.lists], dtype=np.int64)[
            ties["shared_groups"]
        ],
    }
    logit = tie_logits(columns, weights, reference)
    strength = strengths_of(logit, ties["mutual"], weights)
    rating = ties["rating"]
    rated = rating > 0
    if rated.any():
        by_rating = np.array([RATING_STRENGTH.get(r, np.nan) for r in range(max(RATING_STRENGTH) + 1)])
        strength[rated] = by_rating[rating[rated]]
        logit[rated] = np.nan
    return strength, logit, real


def _scored(features: TieFeatures, weights: dict[str, float], reference: date) -> tuple[float, float]:
    """The tie's strength (``strength.tie_strength``) and the logit the cache keeps to score it again
    when its mutual count alone changes (NaN for a rated tie, whose strength is its rating's)."""
    if features.rating is not None:
        return RATING_STRENGTH[features.rating], math.nan
    logit = tie_logit(features, weights, reference)
    return strength_of(logit + mutual_term(features.mutual, weights)), logit


def describe_ties(
    store: Store, graph: TieGraph, pairs: Iterable[Pair], team: Iterable[int] | None = None
) -> dict[Pair, tuple[float, list[str]]]:
    """Strength (as the graph holds it) and evidence sentences of each tie a–b in ``pairs``.

    One pass over the store for all of them: every feature but the mutual count depends only on
    the two ends, so the ties among the people of a few paths are collected together. ``team``:
    the members' ids, when the caller has read them (else read here: a millisecond at 2,000).
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
    if team is None:
        team = [
            row[0]
            for row in store.conn.execute("SELECT id FROM people WHERE is_member = 1 AND merged_into IS NULL")
        ]
    described = {}
    mutual = graph.mutual_counts(
        pairs, team if isinstance(team, set | frozenset) else set(team)
    )  # needs the whole neighbourhood, not only the pair
    for (a, b), count in zip(pairs, mutual, strict=True):
        features = ties.get(pair(a, b), TieFeatures())
        features.mutual = count
        evidence = tie_evidence(
            features, tie_reference(a, b, dates, as_of), {p: names[p] for p in (a, b) if p in names}
        )
        described[(a, b)] = (graph.strength_between(a, b), evidence)
    return described
