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

import functools
import hashlib
import json
import os
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from graphintro.store import Store
from graphintro.strength import TieFeatures, load_weights, tie_evidence, tie_strength

if TYPE_CHECKING:
    from collections.abc import Iterable

    import numpy as np

INFERRED_COMPANY_MAX = 300
INFERRED_GROUP_MAX = 50
TEAM_CLIQUE_MAX = 50
CACHE_VERSION = 4  # bump whenever which ties exist or how strong they are changes

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


def collect_ties(store: Store, only: set[int] | None = None, inferred: bool = True) -> dict[Pair, TieFeatures]:
    """The features of every tie in the store, or of the ties among the people ``only``."""
    conn = store.conn
    ties: dict[Pair, TieFeatures] = defaultdict(TieFeatures)
    people_filter, args = _filter(conn, only)

    for a, b, connected_on in conn.execute(
        "SELECT o.person_id, r.person_id, r.connected_on FROM records r JOIN records o ON o.id = r.owner_record_id"
        f" WHERE r.is_connection = 1 AND r.ended_at IS NULL AND o.person_id != r.person_id {people_filter}", args
    ):
        features = ties[pair(a, b)]
        features.connected = True
        if connected_on and (not features.connected_on or connected_on < features.connected_on):
            features.connected_on = connected_on

    _add_interactions(conn, ties, people_filter, args)
    where, member_args = _restrict("id", only)
    members = {row[0] for row in conn.execute(
        "SELECT id FROM people WHERE is_member = 1 AND merged_into IS NULL" + where, member_args)}
    _add_teammates(ties, members, only, _team_size(conn))
    employers = _employers(conn, only)
    companies = _current_companies(conn, only)
    for (a, b), features in ties.items():
        if a not in employers and b not in employers:
            continue  # only members tell their past employers: most ties have none to share
        shared = (employers.get(a, {}).keys() & (employers.get(b, {}).keys() | companies.get(b, {}).keys())) | (
            employers.get(b, {}).keys() & companies.get(a, {}).keys())
        features.shared_employers = sorted({employers.get(a, {}).get(k) or employers.get(b, {}).get(k) or k
                                            for k in shared})
    groups = _groups(conn, only)
    if inferred:
        _add_inferred(conn, ties, members, groups, only)
    in_groups = groups["by_person"]
    for (a, b), features in ties.items():
        if a in in_groups and b in in_groups:
            features.shared_groups = sorted(in_groups[a] & in_groups[b])
    _add_mutual(ties, members)
    _add_ratings(store, ties, only)
    return ties


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
    owners = [row[0] for row in conn.execute(
        f"SELECT id FROM records WHERE person_id IN ({marks}) AND owner_record_id IS NULL", people)]
    linking = [row[0] for row in conn.execute(  # "+": the owner's records index would read all their contacts
        f"SELECT id FROM records WHERE person_id IN ({marks}) AND +owner_record_id IN ({','.join('?' * len(owners))})",
        people + owners)] if owners else []
    return f" AND r.id IN ({','.join('?' * len(linking))})", linking


def _add_interactions(conn, ties: dict[Pair, TieFeatures], people_filter: str, args: list) -> None:
    """Messages, endorsements, recommendations and invitations, seen from either side of the tie.

    When both ends exported, the same message is in both exports: each direction counts the larger
    of the two views instead of their sum.
    """
    counts: dict[tuple[Pair, str, bool], int] = defaultdict(int)
    for owner, peer, kind, direction, n, last, skills in conn.execute(
        "SELECT o.person_id, r.person_id, i.kind, i.direction, COUNT(*), MAX(i.at), GROUP_CONCAT(i.detail, '|')"
        " FROM interactions i JOIN records r ON r.id = i.record_id JOIN records o ON o.id = r.owner_record_id"
        f" WHERE o.person_id != r.person_id {people_filter} GROUP BY 1, 2, 3, 4", args
    ):
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
    return conn.execute("SELECT COUNT(*) FROM people WHERE is_member = 1 AND merged_into IS NULL").fetchone()[0]


def _add_teammates(ties: dict[Pair, TieFeatures], members: set[int], only: set[int] | None, team_size: int) -> None:
    """Members of a small team can all ask each other; in a large one, being teammates only
    strengthens ties the exports show (a thousand sales people do not all know each other)."""
    team = sorted(members if only is None else members & only)
    small = team_size <= TEAM_CLIQUE_MAX
    for i, a in enumerate(team):
        for b in team[i + 1:]:
            if small or (a, b) in ties:
                ties[(a, b)].teammates = True


def _employers(conn, only: set[int] | None = None) -> dict[int, dict[str, str]]:
    """Companies each member worked at (their Positions.csv), as {company_key: company}."""
    employers: dict[int, dict[str, str]] = defaultdict(dict)
    where, args = _restrict("o.person_id", only)
    if only is not None:
        where += " AND o.owner_record_id IS NULL"  # positions are the owner's own (Positions.csv): their record
    for person, key, company in conn.execute(
        "SELECT o.person_id, p.company_key, p.company FROM positions p JOIN records o ON o.id = p.record_id"
        " WHERE 1" + where, args
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
        "SELECT id, company_key, company FROM people WHERE merged_into IS NULL AND company_key != ''" + where, args
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
        " JOIN groups g ON g.id = m.group_id WHERE 1" + where, args
    ):
        by_person[person].add(name)
        by_group[name].append((person, role, posts))
        group_ids[name] = group_id
    sizes = {name: len(people) for name, people in by_group.items()}
    if only is not None:
        # Only the cap matters, and only where two of ``only`` meet: a group of thousands is not
        # counted to the last member (each is a record read from a cold file).
        sizes = {name: conn.execute(
            "SELECT COUNT(*) FROM (SELECT DISTINCT r.person_id FROM memberships m JOIN records r ON r.id = m.record_id"
            " WHERE m.group_id = ? LIMIT ?)", (group_ids[name], INFERRED_GROUP_MAX + 1)).fetchone()[0]
            for name, people in by_group.items() if len({person for person, _, _ in people}) > 1}
    return {"by_person": by_person, "by_group": by_group, "sizes": sizes}


def _add_inferred(conn, ties: dict[Pair, TieFeatures], members: set[int], groups: dict,
                  only: set[int] | None) -> None:
    """Weak ties from a shared context: a member and their current colleagues, small groups, group hosts."""
    by_company: dict[str, list[int]] = defaultdict(list)
    company_name: dict[str, str] = {}
    where, args = _restrict("id", only)
    for person, key, company in conn.execute(
        "SELECT id, company_key, company FROM people WHERE merged_into IS NULL AND company_key != ''" + where, args
    ):
        by_company[key].append(person)
        company_name.setdefault(key, company)
    for key, people in by_company.items():
        company_members = [p for p in people if p in members]
        if not company_members or len(people) < 2:
            continue  # no tie to infer: nobody to count
        # Counted in the index ``people_company_key`` (company_key, merged_into), up to the cap only.
        size = len(people) if only is None else conn.execute(
            "SELECT COUNT(*) FROM (SELECT 1 FROM people WHERE company_key = ? AND merged_into IS NULL LIMIT ?)",
            (key, INFERRED_COMPANY_MAX + 1)).fetchone()[0]
        if size > INFERRED_COMPANY_MAX:
            continue
        for member in company_members:
            for other in people:
                if other != member:
                    ties[pair(member, other)].same_company = company_name[key]
    for name, people in groups["by_group"].items():
        hosts = [p for p, role, _ in people if role in {"owner", "manager"}]
        if groups["sizes"].get(name, len(people)) <= INFERRED_GROUP_MAX:
            linked = [(a, b) for i, (a, _, _) in enumerate(people) for (b, _, _) in people[i + 1:]]
        else:
            linked = [(h, p) for h in hosts for p, _, posts in people if posts > 0]
        for a, b in linked:
            if a != b:
                ties[pair(a, b)]  # the shared group itself is filled in by the caller


def _add_mutual(ties: dict[Pair, TieFeatures], members: set[int] | frozenset[int] = frozenset()) -> None:  # as TieGraph.mutual_count
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


def _add_ratings(store: Store, ties: dict[Pair, TieFeatures], only: set[int] | None) -> None:
    """Manual ratings, on the people their ids stand for now (merges may have happened since)."""
    rows = store.conn.execute("SELECT a_id, b_id, rating, note FROM tie_ratings ORDER BY rated_at").fetchall()
    for a, b, rating, note in rows:
        a, b = store.resolve_id(a), store.resolve_id(b)
        if a == b or (only is not None and not {a, b} <= only):
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
        row = self.indices[self.indptr[i]:self.indptr[i + 1]]
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

    from graphintro.member_exports import member_dates, tie_reference

    weights = weights or load_weights()
    as_of = reference_date(store)
    dates = member_dates(store)  # each tie measured against the export that tells about it
    ties = collect_ties(store)
    edges = [(a, b, tie_strength(features, weights, tie_reference(a, b, dates, as_of)),
              features.direct or features.teammates) for (a, b), features in ties.items()]
    return graph_from_edges(edges, store.generation, as_of.isoformat())


def graph_from_edges(edges: list[tuple[int, int, float, bool]], generation: int = 0, as_of: str = "") -> TieGraph:
    """Pack undirected ``(a, b, strength, direct)`` ties (one per pair) as a ``TieGraph``."""
    import numpy as np

    count = len(edges)
    a = np.fromiter((e[0] for e in edges), dtype=np.int64, count=count)
    b = np.fromiter((e[1] for e in edges), dtype=np.int64, count=count)
    values = np.fromiter((e[2] for e in edges), dtype=np.float32, count=count)
    direct = np.fromiter((bool(e[3]) for e in edges), dtype=bool, count=count)
    people = np.unique(np.concatenate([a, b]))
    src = np.searchsorted(people, np.concatenate([a, b]))
    dst = np.searchsorted(people, np.concatenate([b, a])).astype(np.int32)
    order = np.lexsort((dst, src))
    indptr = np.zeros(len(people) + 1, dtype=np.int64)
    np.add.at(indptr, src + 1, 1)
    return TieGraph(people, np.cumsum(indptr), dst[order], np.concatenate([values, values])[order],
                    np.concatenate([direct, direct])[order], generation, as_of)


def _cache_path(store: Store) -> Path:
    return store.path.with_name(store.path.name + ".graph.npz")


def _weights_hash(weights: dict[str, float]) -> str:
    return hashlib.sha1(json.dumps(weights, sort_keys=True).encode()).hexdigest()[:16]


def load_graph(store: Store, weights: dict[str, float] | None = None) -> TieGraph:
    """The store's graph from the cache when it is current, else built and cached (mode 0600)."""
    import numpy as np

    weights = weights or load_weights()
    path = _cache_path(store)
    key = store.cache_key(f"graph-v{CACHE_VERSION}", f"weights-{_weights_hash(weights)}")
    if path.exists():
        try:
            with np.load(path, allow_pickle=False) as data:
                if str(data["key"]) == key:
                    return TieGraph(data["node_ids"], data["indptr"], data["indices"], data["strength"],
                                    data["direct"], store.generation, str(data["as_of"]))
        except (OSError, ValueError, KeyError):
            pass  # a damaged cache is rebuilt
    graph = build_graph(store, weights)
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        np.savez(handle, key=np.array(key), node_ids=graph.node_ids, indptr=graph.indptr, indices=graph.indices,
                 strength=graph.strength, direct=graph.direct, as_of=np.array(graph.as_of))
    os.replace(tmp, path)
    return graph


def describe_ties(store: Store, graph: TieGraph, pairs: Iterable[Pair]) -> dict[Pair, tuple[float, list[str]]]:
    """Strength (as the graph holds it) and evidence sentences of each tie a–b in ``pairs``.

    One pass over the store for all of them: every feature but the mutual count depends only on
    the two ends, so the ties among the people of a few paths are collected together.
    """
    pairs = list(pairs)
    if not pairs:
        return {}
    from graphintro.member_exports import member_dates, tie_reference

    as_of = date.fromisoformat(graph.as_of) if graph.as_of else reference_date(store)
    dates = member_dates(store)
    people = {p for ends in pairs for p in ends}
    ties = collect_ties(store, only=people)
    marks = ",".join("?" * len(people))
    names = dict(store.conn.execute(f"SELECT id, name FROM people WHERE id IN ({marks})", sorted(people)).fetchall())
    team = [row[0] for row in store.conn.execute("SELECT id FROM people WHERE is_member = 1 AND merged_into IS NULL")]
    described = {}
    for a, b in pairs:
        features = ties.get(pair(a, b), TieFeatures())
        features.mutual = graph.mutual_count(a, b, team)  # needs the whole neighbourhood, not only the pair
        evidence = tie_evidence(features, tie_reference(a, b, dates, as_of),
                                {p: names[p] for p in (a, b) if p in names})
        described[(a, b)] = (graph.strength_between(a, b), evidence)
    return described
