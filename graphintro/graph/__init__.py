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

One concept per module: ``ties`` (which ties the store holds: the reading of the store shared by a
whole build and a catch-up), ``columns`` (the ties of the whole store, or of a few people, and their
features as numpy columns, ``collect_tie_columns``; as ``TieFeatures``, ``collect_ties``),
``arrays`` (the compact CSR graph, ``TieGraph``, and packing ties into it), ``build`` (a whole
build: features scored, then packed; the evidence of a few ties), ``state`` (what a graph was
computed from beyond its ties), ``around`` (the ties of a few people or pairs, read again),
``catchup`` (the graph brought up to date after a write: ``update_graph``), ``cache`` (the
``.graph.npz`` file next to the store: ``load_graph``).
"""

from __future__ import annotations

from graphintro.graph.arrays import TieGraph, graph_from_edges
from graphintro.graph.build import build_graph, describe_ties
from graphintro.graph.cache import CACHE_VERSION, load_graph
from graphintro.graph.catchup import update_graph
from graphintro.graph.columns import TieColumns, collect_tie_columns, collect_ties
from graphintro.graph.state import GraphState
from graphintro.graph.ties import (
    INFERRED_COMPANY_MAX,
    INFERRED_GROUP_MAX,
    TEAM_CLIQUE_MAX,
    Pair,
    pair,
    reference_date,
)

# What callers import from here (paths, path search, team network, suggestions, accounts, the
# Neo4j mirror, dataframes, the web app, scripts/bench.py, tests).
__all__ = [
    "CACHE_VERSION",
    "INFERRED_COMPANY_MAX",
    "INFERRED_GROUP_MAX",
    "TEAM_CLIQUE_MAX",
    "GraphState",
    "Pair",
    "TieColumns",
    "TieGraph",
    "build_graph",
    "collect_tie_columns",
    "collect_ties",
    "describe_ties",
    "graph_from_edges",
    "load_graph",
    "pair",
    "reference_date",
    "update_graph",
]
