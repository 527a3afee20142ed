"""``to_networkx``: the tie graph built from the frames, with attributes every graph format can write."""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

from graphintro.dataframes.collect import GRAPH_FRAMES, Frames, _opened, read_frames
from graphintro.dataframes.ties import TIE_FEATURES
from graphintro.dataframes.typed import iso_dates

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

    from graphintro.store import Store


def to_networkx(
    db: Store | str | Path | None = None,
    *,
    min_strength: float = 0.0,
    redact: bool = False,
    tables: Frames | None = None,
) -> nx.Graph:
    """The tie graph as an undirected ``networkx.Graph``.

    Nodes are person ids: the people at either end of a tie of at least ``min_strength``, and every
    team member. Node attributes: ``name``, ``company``, ``position``, ``member`` (bool) and
    ``groups`` (the person's group names, ``"; "``-separated). Edge attributes: ``strength`` and
    ``weight`` (both the tie strength, in (0, 1]), ``distance`` (``-log(strength)``, for shortest
    paths and centralities that read lengths), ``direct`` and the evidence features of the ``ties``
    frame (dates as ISO text, ``""`` when unknown; ``rating`` 0 when not rated by hand).
    ``tables``: frames already read (``frames(db)``), to build several graphs without reading again.
    """
    import networkx as nx

    if tables is None:
        with _opened(db) as store:
            tables = read_frames(store, redact, GRAPH_FRAMES)
    people, ties = tables["people"], tables["ties"]
    kept = ties[ties["strength"] >= min_strength]
    graph = nx.Graph()
    group_names = _group_names(tables)
    wanted = set(kept["a"]).union(kept["b"]).union(people.loc[people["member"], "id"])
    shown = people[people["id"].isin(wanted)]
    graph.add_nodes_from(
        (
            pid,
            {
                "name": name,
                "company": company,
                "position": position,
                "member": bool(member),
                "groups": group_names.get(pid, ""),
            },
        )
        for pid, name, company, position, member in zip(
            shown["id"].tolist(),
            shown["name"].tolist(),
            shown["company"].tolist(),
            shown["position"].tolist(),
            shown["member"].tolist(),
            strict=True,
        )
    )
    graph.add_edges_from(_edge_attributes(kept))
    return graph


def _group_names(tables: Frames) -> dict[int, str]:
    """Each person's group names, sorted and ``"; "``-joined (GraphML and GEXF hold no lists)."""
    memberships, groups = tables["memberships"], tables["groups"]
    if memberships.empty:
        return {}
    names = dict(zip(groups["id"].tolist(), groups["name"].tolist(), strict=True))
    found: dict[int, list[str]] = {}
    for person, group in zip(
        memberships["person_id"].tolist(), memberships["group_id"].tolist(), strict=True
    ):
        found.setdefault(person, []).append(names.get(group, ""))
    return {person: "; ".join(sorted(found_names)) for person, found_names in found.items()}


def _edge_attributes(ties: pd.DataFrame):
    """``(a, b, attributes)`` for each tie, with plain Python values every graph format can write.
    Built a column at a time, then one ``dict(zip(...))`` per tie (no lookup per attribute)."""
    columns = {name: ties[name].tolist() for name in ("a", "b", "strength", "direct", *TIE_FEATURES)}
    for column in ("connected_on", "last_message"):
        columns[column] = iso_dates(ties[column])
    columns["rating"] = ties["rating"].fillna(0).astype("int64").tolist()
    strength = columns["strength"]
    distance = [-math.log(value) for value in strength]
    names = ("strength", "weight", "distance", "direct", *TIE_FEATURES)
    rows = zip(
        strength,
        strength,
        distance,
        columns["direct"],
        *(columns[name] for name in TIE_FEATURES),
        strict=True,
    )
    for a, b, values in zip(columns["a"], columns["b"], rows, strict=True):
        yield a, b, dict(zip(names, values, strict=True))
