"""What the sync computes for the server, without a server: the teammates' mutual contacts."""

from __future__ import annotations

import itertools

import pytest

import graphintro.backends.mirror as mirror
from graphintro.backends.local import LocalBackend
from graphintro.graph import load_graph
from graphintro.store import Store


@pytest.mark.parametrize("at_once", [1, 7, 100, mirror.PAIRS_AT_ONCE])
def test_teammates_mutual_counts_are_the_graphs_however_the_pairs_are_cut(demo_team_db, monkeypatch, at_once):
    """The teammates' pairs are made a few outsiders at a time (``PAIRS_AT_ONCE``, to bound the sync's
    memory): however they are cut, two teammates' mutual contacts are ``TieGraph.mutual_count``'s
    (the rest of the team left out), for every pair of members."""
    monkeypatch.setattr(mirror, "PAIRS_AT_ONCE", at_once)
    with Store(demo_team_db) as store:
        graph = load_graph(store)
        team = LocalBackend(store).team_members()
        real = mirror.Mirror(store).real
    counts = {(a, b): real.mutual_counts([a], [b])[0] for a, b in itertools.combinations(sorted(team), 2)}
    assert counts == {(a, b): graph.mutual_count(a, b, team) for a, b in counts}
    assert sum(counts.values()) > 50  # the members share contacts: counts were compared, not zeros
