"""A graph built whole from the store: every tie's features scored (``strength``), then packed;
and the evidence sentences of the ties on a few paths.
"""

from __future__ import annotations

import math
from datetime import date
from typing import TYPE_CHECKING

from graphintro.graph.arrays import TieGraph, _graph_of
from graphintro.graph.state import GraphState, _state
from graphintro.graph.ties import Pair, collect_ties, pair, reference_date
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
    from collections.abc import Iterable


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
