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
"""

from __future__ import annotations

import math
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

    from graphintro.store import Store

# The frames ``frames`` returns, in the order an export writes them.
FRAME_NAMES = ("people", "ties", "memberships", "groups", "interactions", "members", "asks")

# Tie features as columns (boolean, integer or date), after ``a``, ``b``, ``strength`` and ``direct``.
TIE_FEATURES = ("connected", "connected_on", "messages_a_to_b", "messages_b_to_a", "last_message",
                "endorsements", "recommendations", "invitation_note", "pending_invitation",
                "shared_employers", "teammates", "shared_groups", "same_company", "mutual", "rating")


# Date columns that hold days (the others hold a time of day too).
DATE_ONLY = frozenset({"connected_on", "joined", "as_of"})


class Frames(dict):
    """The frames by name; also reachable as attributes (``frames(db).ties``)."""

    def __getattr__(self, name: str):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


@contextmanager
def _opened(db: Store | str | Path | None):
    """A store for ``db``: a ``Store`` as it is, else the file (default: ``$GRAPHINTRO_DB``...), which
    must exist (reading must not create an empty store)."""
    from graphintro.store import Store

    if isinstance(db, Store):
        yield db
        return
    with Store(db, must_exist=True) as store:
        yield store


def frames(db: Store | str | Path | None = None, *, redact: bool = False) -> Frames:
    """The store as typed pandas DataFrames: ``people``, ``ties``, ``memberships``, ``groups``,
    ``interactions``, ``members`` and ``asks`` (see the module docstring and the README, "Data out").

    ``db``: a ``Store``, a path, or None for the default store. ``redact``: people outside the team
    as initials and a generalised role, their company as a sector when known, no URL or headline.
    """
    with _opened(db) as store:
        people = people_frame(store, redact=redact)
        ties = ties_frame(store)
        return Frames(people=people, ties=ties, memberships=memberships_frame(store),
                      groups=groups_frame(store), interactions=interactions_frame(store),
                      members=members_frame(store), asks=asks_frame(store))


def _frame(rows: list | Any, columns: dict[str, str]) -> pd.DataFrame:
    """A DataFrame of ``rows`` with exactly these ``columns`` and dtypes, even when empty."""
    import pandas as pd

    frame = pd.DataFrame.from_records(rows, columns=list(columns)) if not isinstance(rows, pd.DataFrame) else rows
    for column, dtype in columns.items():
        if dtype == "datetime":
            frame[column] = pd.to_datetime(frame[column], errors="coerce", format="ISO8601").astype("datetime64[us]")
        elif dtype == "string":
            frame[column] = frame[column].fillna("").astype("string")
        else:
            frame[column] = frame[column].astype(dtype)
    return frame[list(columns)]


PEOPLE_COLUMNS = {"id": "int64", "name": "string", "company": "string", "position": "string", "url": "string",
                  "headline": "string", "industry": "string", "member": "bool"}


def people_frame(store: Store, redact: bool = False) -> pd.DataFrame:
    """Every person (merged-away ids left out: they live on in the person they joined)."""
    rows = store.conn.execute(
        "SELECT id, name, company, position, url, headline, industry, is_member FROM people"
        " WHERE merged_into IS NULL ORDER BY id").fetchall()
    frame = _frame([tuple(row) for row in rows], PEOPLE_COLUMNS)
    if redact:
        frame = _redact_people(store, frame)
    return frame


def _redact_people(store: Store, frame: pd.DataFrame) -> pd.DataFrame:
    """People outside the team as ``report --redact`` shows them: initials, generalised role, sector."""
    from graphintro.redaction import generalised_role, initials, sector
    from graphintro.report import company_sectors

    sectors = company_sectors(store)
    outside = ~frame["member"]
    frame = frame.copy()
    frame.loc[outside, "name"] = [initials(name) for name in frame.loc[outside, "name"]]
    frame.loc[outside, "position"] = [generalised_role(title) for title in frame.loc[outside, "position"]]
    frame.loc[outside, "company"] = [sector(company, sectors) for company in frame.loc[outside, "company"]]
    frame.loc[outside, ["url", "headline"]] = ""
    return frame


TIE_COLUMNS = {"a": "int64", "b": "int64", "strength": "float64", "direct": "bool", "connected": "bool",
               "connected_on": "datetime", "messages_a_to_b": "int64", "messages_b_to_a": "int64",
               "last_message": "datetime", "endorsements": "int64", "recommendations": "int64",
               "invitation_note": "bool", "pending_invitation": "bool", "shared_employers": "int64",
               "teammates": "bool", "shared_groups": "int64", "same_company": "bool", "mutual": "int64",
               "rating": "Int64"}


def ties_frame(store: Store) -> pd.DataFrame:
    """One row per tie (``a`` < ``b``): its strength as every answer uses it (the graph cache), whether
    it is real (``direct``: a connection or an exchange, not inferred from a shared context), and the
    evidence the strength is computed from (``graphintro.strength``: messages each way, endorsements,
    recommendations, shared employers and groups, mutual contacts, a manual 1-5 ``rating``)."""
    import numpy as np
    import pandas as pd

    from graphintro.graph import collect_ties, load_graph

    graph = load_graph(store)
    ties = collect_ties(store)
    rows = [(a, b, f.direct or f.teammates, f.connected, f.connected_on, f.sent, f.received, f.last_message,
             f.endorsements, len(f.recommendations), f.invitation_note, f.pending_invitation,
             len(f.shared_employers), f.teammates, len(f.shared_groups), bool(f.same_company), f.mutual, f.rating)
            for (a, b), f in ties.items()]
    del ties
    columns = [name for name in TIE_COLUMNS if name != "strength"]
    frame = pd.DataFrame.from_records(rows, columns=columns)
    del rows
    # The strengths as the graph cache holds them (what every answer uses), looked up by pair at once.
    ends = np.repeat(np.arange(len(graph.node_ids)), np.diff(graph.indptr))
    upper = ends < graph.indices
    strengths = pd.Series(graph.strength[upper].astype("float64"), index=pd.MultiIndex.from_arrays(
        [graph.node_ids[ends[upper]], graph.node_ids[graph.indices[upper]]]))
    frame["strength"] = strengths.reindex(pd.MultiIndex.from_arrays([frame["a"], frame["b"]])).to_numpy()
    frame = frame.sort_values(["a", "b"], ignore_index=True)
    return _frame(frame, TIE_COLUMNS)


MEMBERSHIP_COLUMNS = {"person_id": "int64", "group_id": "int64", "role": "category", "posts": "int64",
                      "joined": "datetime"}


def memberships_frame(store: Store) -> pd.DataFrame:
    """Who is in which group (one row per person and group: the most active appearance when several
    exports tell it), with role (owner, manager, member), posts and date joined."""
    rows = store.conn.execute(
        "SELECT r.person_id, m.group_id, m.role, m.posts, m.joined FROM memberships m"
        " JOIN records r ON r.id = m.record_id"
        " ORDER BY r.person_id, m.group_id, CASE m.role WHEN 'owner' THEN 0 WHEN 'manager' THEN 1 ELSE 2 END,"
        " m.posts DESC").fetchall()
    seen: set[tuple[int, int]] = set()
    kept = []
    for row in rows:
        if (row[0], row[1]) not in seen:
            seen.add((row[0], row[1]))
            kept.append(tuple(row))
    return _frame(kept, MEMBERSHIP_COLUMNS)


GROUP_COLUMNS = {"id": "int64", "name": "string", "description": "string", "members": "int64"}


def groups_frame(store: Store) -> pd.DataFrame:
    """Every group with its description and how many people the store knows in it."""
    rows = store.conn.execute(
        "SELECT g.id, g.name, g.description, COUNT(DISTINCT r.person_id) FROM groups g"
        " LEFT JOIN memberships m ON m.group_id = g.id LEFT JOIN records r ON r.id = m.record_id"
        " GROUP BY g.id ORDER BY g.id").fetchall()
    return _frame([tuple(row) for row in rows], GROUP_COLUMNS)


INTERACTION_COLUMNS = {"a": "int64", "b": "int64", "kind": "category", "a_to_b": "int64", "b_to_a": "int64",
                       "count": "int64", "last": "datetime"}


def interactions_frame(store: Store) -> pd.DataFrame:
    """Interactions counted per tie (``a`` < ``b``) and kind (message, endorsement, recommendation,
    invitation): how many went from ``a`` to ``b`` (sent, given, written) and back, and the last one.

    When both ends exported, the same message is in both exports: each direction counts the larger
    of the two views, as the strength does (``graph._add_interactions``). No content: the store keeps
    none."""
    counts: dict[tuple[int, int, str], list] = {}
    for owner, peer, kind, direction, n, last in store.conn.execute(
        "SELECT o.person_id, r.person_id, i.kind, i.direction, COUNT(*), MAX(i.at)"
        " FROM interactions i JOIN records r ON r.id = i.record_id JOIN records o ON o.id = r.owner_record_id"
        " WHERE o.person_id != r.person_id GROUP BY 1, 2, 3, 4"
    ):
        a, b = (owner, peer) if owner < peer else (peer, owner)
        entry = counts.setdefault((a, b, kind), [0, 0, None])
        side = 0 if (owner == a) == (direction == "out") else 1
        entry[side] = max(entry[side], n)
        if last and (entry[2] is None or last > entry[2]):
            entry[2] = last
    rows = [(a, b, kind, up, down, up + down, last) for (a, b, kind), (up, down, last) in sorted(counts.items())]
    return _frame(rows, INTERACTION_COLUMNS)


MEMBER_COLUMNS = {"id": "int64", "name": "string", "as_of": "datetime", "imports": "int64"}


def members_frame(store: Store) -> pd.DataFrame:
    """The team: each member's person id and name, the date of their newest export (``as_of``, their
    "now" for recency) and how many files were imported for them."""
    from graphintro.member_exports import member_dates

    dates = member_dates(store)
    rows = store.conn.execute(
        "SELECT p.id, p.name, (SELECT COUNT(*) FROM imports i JOIN records o ON o.id = i.owner_record_id"
        " WHERE o.person_id = p.id) FROM people p WHERE p.is_member = 1 AND p.merged_into IS NULL ORDER BY p.id"
    ).fetchall()
    return _frame([(pid, name, dates[pid].isoformat() if pid in dates else None, n) for pid, name, n in rows],
                  MEMBER_COLUMNS)


ASK_COLUMNS = {"id": "int64", "requester_id": "int64", "teammate_id": "Int64", "introducer_id": "int64",
               "target_id": "int64", "probability": "float64", "status": "category", "outcome": "category",
               "created": "datetime", "closed": "datetime", "lang": "category"}


def asks_frame(store: Store) -> pd.DataFrame:
    """The introductions asked (``graphintro ask``), ids followed to the people they are now; the
    drafts' text is left out (``ask --json`` has it)."""
    has_asks = store.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'asks'").fetchone()
    rows = store.conn.execute(
        "SELECT id, requester_id, teammate_id, introducer_id, target_id, probability, status, outcome, created,"
        " closed, lang FROM asks ORDER BY id").fetchall() if has_asks else []
    resolved = []
    for row in rows:
        row = list(row)
        for i in (1, 2, 3, 4):
            row[i] = store.resolve_id(row[i]) if row[i] is not None else None
        resolved.append(tuple(row))
    return _frame(resolved, ASK_COLUMNS)


# -- networkx -------------------------------------------------------------------------------------


def to_networkx(db: Store | str | Path | None = None, *, min_strength: float = 0.0, redact: bool = False,
                tables: Frames | None = None) -> nx.Graph:
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

    tables = tables if tables is not None else frames(db, redact=redact)
    people, ties = tables["people"], tables["ties"]
    kept = ties[ties["strength"] >= min_strength]
    graph = nx.Graph()
    group_names = _group_names(tables)
    wanted = set(kept["a"]).union(kept["b"]).union(people.loc[people["member"], "id"])
    shown = people[people["id"].isin(wanted)]
    graph.add_nodes_from(
        (pid, {"name": name, "company": company, "position": position, "member": bool(member),
               "groups": group_names.get(pid, "")})
        for pid, name, company, position, member in zip(
            shown["id"].tolist(), shown["name"].tolist(), shown["company"].tolist(), shown["position"].tolist(),
            shown["member"].tolist(), strict=True))
    graph.add_edges_from(_edge_attributes(kept))
    return graph


def iso_dates(column: pd.Series) -> list[str]:
    """Dates as ISO text (a day alone when the column holds days), ``""`` when unknown."""
    layout = "%Y-%m-%d" if column.name in DATE_ONLY else "%Y-%m-%dT%H:%M:%S"
    return column.dt.strftime(layout).fillna("").tolist()


def _group_names(tables: Frames) -> dict[int, str]:
    """Each person's group names, sorted and ``"; "``-joined (GraphML and GEXF hold no lists)."""
    memberships, groups = tables["memberships"], tables["groups"]
    if memberships.empty:
        return {}
    names = dict(zip(groups["id"].tolist(), groups["name"].tolist(), strict=True))
    found: dict[int, list[str]] = {}
    for person, group in zip(memberships["person_id"].tolist(), memberships["group_id"].tolist(), strict=True):
        found.setdefault(person, []).append(names.get(group, ""))
    return {person: "; ".join(sorted(found_names)) for person, found_names in found.items()}


def _edge_attributes(ties: pd.DataFrame):
    """``(a, b, attributes)`` for each tie, with plain Python values every graph format can write."""
    columns = {name: ties[name].tolist() for name in ("a", "b", "strength", "direct", *TIE_FEATURES)}
    for column in ("connected_on", "last_message"):
        columns[column] = iso_dates(ties[column])
    columns["rating"] = ties["rating"].fillna(0).astype("int64").tolist()
    names = ("direct", *TIE_FEATURES)
    for i, (a, b, strength) in enumerate(zip(columns["a"], columns["b"], columns["strength"], strict=True)):
        attributes = {"strength": strength, "weight": strength, "distance": -math.log(strength)}
        for name in names:
            attributes[name] = columns[name][i]
        yield a, b, attributes
