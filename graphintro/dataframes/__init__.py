"""The store as pandas DataFrames and as a networkx graph, for notebooks, Gephi and other tools.

Analysts already live in pandas and networkx: ``frames`` hands them the people, the ties with their
strength and the features behind it, the groups and memberships, the interactions counted per tie
and kind, the team's members and their asks, as typed tables whose ids join (``people.id`` is what
``ties.a``/``ties.b``, ``memberships.person_id``, ``interactions.a``/``b`` and the asks' ``*_id``
columns hold). ``to_networkx`` builds the tie graph from those frames::

    >>> import graphintro, networkx as nx                                  # doctest: +SKIP
    >>> graph = graphintro.to_networkx("team.db", min_strength=0.3)        # doctest: +SKIP
    >>> nx.betweenness_centrality(graph, weight="distance")                # doctest: +SKIP

Strength is a probability in (0, 1] (the higher, the closer); centralities that read an edge
attribute as a *length* take ``distance`` (``-log(strength)``, the cost ``graphintro path``
minimises), those that read it as a *weight* take ``weight`` (the strength itself).

Nothing here writes: the frames are read from the store and the graph cache (built if stale, as
any question does). pandas and networkx are imported inside the functions, so the CLI's other
commands never pay for them. ``redact=True`` hides people outside the team as ``report --redact``
does (``graphintro.redaction``): initials, a generalised role and a sector at most; no URL or
headline.

One concept per module: ``typed`` (columns and dtypes), ``tables`` (people, memberships, groups,
members, asks), ``interactions``, ``ties`` (the tie features), ``collect`` (``frames``: all of them
at once) and ``network`` (``to_networkx``).
"""

from __future__ import annotations

from graphintro.dataframes.collect import Frames, frames
from graphintro.dataframes.interactions import INTERACTION_COLUMNS, interactions_frame
from graphintro.dataframes.network import to_networkx
from graphintro.dataframes.tables import (
    ASK_COLUMNS,
    GROUP_COLUMNS,
    MEMBER_COLUMNS,
    MEMBERSHIP_COLUMNS,
    PEOPLE_COLUMNS,
    asks_frame,
    groups_frame,
    members_frame,
    memberships_frame,
    people_frame,
)
from graphintro.dataframes.ties import HUB_DEGREE, TIE_COLUMNS, TIE_FEATURES, ties_frame
from graphintro.dataframes.typed import DATE_ONLY, FRAME_NAMES, iso_dates

__all__ = [
    "ASK_COLUMNS",
    "DATE_ONLY",
    "FRAME_NAMES",
    "GROUP_COLUMNS",
    "HUB_DEGREE",
    "INTERACTION_COLUMNS",
    "MEMBERSHIP_COLUMNS",
    "MEMBER_COLUMNS",
    "PEOPLE_COLUMNS",
    "TIE_COLUMNS",
    "TIE_FEATURES",
    "Frames",
    "asks_frame",
    "frames",
    "groups_frame",
    "interactions_frame",
    "iso_dates",
    "members_frame",
    "memberships_frame",
    "people_frame",
    "ties_frame",
    "to_networkx",
]
