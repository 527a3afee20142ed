"""What network quality needs to know about every node of the tie graph, as arrays on its indices.

``load_network`` reads the people once (company, industry, function and seniority from the title,
decision maker, fit to the targets) and the date of the last message of every tie of a member, and
answers the per-member questions of ``graphintro.quality`` and ``graphintro.contacts`` with numpy
over the CSR ``TieGraph``: a member's contacts, their strong reach within two hops, the Burt ego
network. Each member's work is bounded by the degrees of their strong contacts, not by the store.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

from graphintro.graph import TieGraph, load_graph, reference_date
from graphintro.member_exports import MemberExports, member_exports
from graphintro.store import Store
from graphintro.targets import Targets
from graphintro.titles import title_function, title_seniority

if TYPE_CHECKING:
    import numpy as np

UNKNOWN = -1


@lru_cache(maxsize=65_536)
def _title_codes(title: str) -> tuple[str | None, int | None]:
    return title_function(title), title_seniority(title)


def _day(text: str | None) -> int | None:
    try:
        return date.fromisoformat(text[:10]).toordinal() if text else None
    except ValueError:
        return None


@dataclass
class TeamNetwork:
    """Node attributes of a ``TieGraph`` and the team's view of it; every array is indexed by node."""

    graph: TieGraph
    members: list[int]  # node indices of the team members, by person id
    is_member: np.ndarray
    company: np.ndarray  # company code, UNKNOWN when none
    industry: np.ndarray
    function: np.ndarray
    seniority: np.ndarray
    decision_maker: np.ndarray
    target_weight: np.ndarray
    message_pairs: np.ndarray  # sorted keys low * n + high of ties with a message
    message_last: np.ndarray  # the day of the last message (proleptic ordinal)
    today: np.ndarray  # each node's "now" (ordinal): a member's newest export, else ``as_of``
    names: dict[int, str]  # person id -> name, for the members
    targets: Targets | None = None
    as_of: str = ""
    company_names: list[str] = field(default_factory=list)
    exports: dict[int, MemberExports] = field(default_factory=dict)  # person id -> what their exports hold
    _position: np.ndarray | None = None

    @property
    def size(self) -> int:
        return len(self.graph.node_ids)

    def person(self, index: int) -> int:
        return int(self.graph.node_ids[index])

    def _slice(self, index: int):
        start, end = self.graph.indptr[index], self.graph.indptr[index + 1]
        return (
            self.graph.indices[start:end],
            self.graph.strength[start:end].astype(float),
            self.graph.direct[start:end],
        )

    def last_message_day(self, index: int, people):
        """The day (ordinal) of the last message between ``index`` and each of ``people``; NaN when none."""
        import numpy as np

        people = np.asarray(people, dtype=np.int64)
        low, high = np.minimum(people, index), np.maximum(people, index)
        keys = low * self.size + high
        found = np.searchsorted(self.message_pairs, keys)
        found = np.minimum(found, max(len(self.message_pairs) - 1, 0))
        days = np.full(len(people), np.nan)
        if len(self.message_pairs):
            hit = self.message_pairs[found] == keys
            days[hit] = self.message_last[found[hit]]
        return days

    def days_since_message(self, index: int, people):
        """Days since the last message between ``index`` and each of ``people``; NaN when none.

        Counted from ``index``'s own "now": a member who exported two years before a teammate is
        not two years more dormant for it."""
        import numpy as np

        return np.maximum(self.today[index] - self.last_message_day(index, people), 0)

    def member_as_of(self, index: int) -> str:
        """The date a member's recency is measured against (ISO): their newest export."""
        return date.fromordinal(int(self.today[index])).isoformat()

    def contacts(self, index: int):
        """A member's direct ties to people outside the team: (people, strengths, days since message)."""
        neighbours, strengths, direct = self._slice(index)
        keep = direct & ~self.is_member[neighbours]
        people = neighbours[keep]
        return people, strengths[keep], self.days_since_message(index, people)

    def teammates(self, index: int):
        """A member's ties to the other members: (people, strengths)."""
        neighbours, strengths, _ = self._slice(index)
        keep = self.is_member[neighbours] & (neighbours != index)
        return neighbours[keep], strengths[keep]

    def team_contacts(self):
        """The team's contacts: each person once, with their strongest tie to a member and the most
        recent message any member exchanged with them."""
        import numpy as np

        parts = [self.contacts(i) for i in self.members]
        if not parts:
            empty = np.zeros(0, dtype=np.int64)
            return empty, np.zeros(0), np.zeros(0)
        people = np.concatenate([p[0] for p in parts]).astype(np.int64)
        strengths = np.concatenate([p[1] for p in parts])
        days = np.concatenate([p[2] for p in parts])
        unique, inverse = np.unique(people, return_inverse=True)
        best = np.zeros(len(unique))
        np.maximum.at(best, inverse, strengths)
        recent = np.full(len(unique), np.inf)
        np.fmin.at(recent, inverse, days)
        recent[np.isinf(recent)] = np.nan
        return unique, best, recent

    def _alter_slices(self, alters):
        """The CSR entries of every alter at once: (alter position, neighbour, strength)."""
        import numpy as np

        starts = self.graph.indptr[alters]
        counts = self.graph.indptr[np.asarray(alters) + 1] - starts
        total = int(counts.sum())
        offsets = np.repeat(starts - np.cumsum(counts) + counts, counts) + np.arange(total)
        source = np.repeat(np.arange(len(alters)), counts)
        return (
            source,
            self.graph.indices[offsets].astype(np.int64),
            self.graph.strength[offsets].astype(float),
        )

    def strong_reach(self, index: int, strong: float, second_strong: float | None = None):
        """People outside the team reachable from a member through strong ties within two hops,
        without going through a teammate (sorted node indices); the second hop's ties are strong
        from ``second_strong`` (default: ``strong``)."""
        import numpy as np

        people, strengths, _ = self.contacts(index)
        first = people[strengths >= strong].astype(np.int64)
        if not len(first):
            return first
        _, neighbours, weights = self._alter_slices(first)
        second_strong = strong if second_strong is None else second_strong
        second = neighbours[(weights >= second_strong) & ~self.is_member[neighbours] & (neighbours != index)]
        return np.unique(np.concatenate([first, second]))

    def reach_holders(self, reach: dict):
        """For every node, how many members reach it (``reach`` from ``strong_reach``)."""
        import numpy as np

        counts = np.zeros(self.size, dtype=np.int32)
        for people in reach.values():
            counts[people] += 1
        return counts

    def dimensions(self, people) -> dict:
        """The categories of ``people`` along each diversity dimension (UNKNOWN where not known)."""
        return {
            "companies": self.company[people],
            "industries": self.industry[people],
            "functions": self.function[people],
            "seniority": self.seniority[people],
        }

    def ego_network(self, index: int | None, alters, ego_weights=None):
        """Burt's ego network of a member (or of the whole team when ``index`` is None) over the
        strong ``alters``: ``(ego weights, (rows, cols, weights))`` for ``quality.burt_measures``.

        Ties among alters are every tie the graph holds between them. For a member, the rest of the
        team is one more alter, tied to ego by the member's strongest teammate tie and to each
        alter by the strongest tie any teammate has with them (shared contacts are redundant).
        """
        import numpy as np

        alters = np.asarray(alters, dtype=np.int64)
        if ego_weights is None:
            assert index is not None, "the whole team's ego weights are given by the caller"
            people, strengths, _ = self._slice(index)
            order = np.searchsorted(people, alters)
            ego_weights = strengths[order]
        ego_weights = np.asarray(ego_weights, dtype=float)
        if self._position is None:
            self._position = np.full(self.size, -1, dtype=np.int64)
        position = self._position
        position[alters] = np.arange(len(alters))
        try:
            source, neighbours, weights = self._alter_slices(alters)
            among = position[neighbours] >= 0
            rows, cols, values = source[among], position[neighbours[among]], weights[among]
        finally:
            position[alters] = -1
        if index is not None and len(self.members) > 1:
            _, team_strengths = self.teammates(index)
            if len(team_strengths):
                team = len(alters)
                via_team = self.is_member[neighbours] & (neighbours != index)
                best = np.zeros(len(alters))
                np.maximum.at(best, source[via_team], weights[via_team])
                linked = np.flatnonzero(best > 0)
                ego_weights = np.append(ego_weights, team_strengths.max())
                rows = np.concatenate([rows, linked])
                cols = np.concatenate([cols, np.full(len(linked), team)])
                values = np.concatenate([values, best[linked]])
        return ego_weights, (rows, cols, values)


def load_network(store: Store, graph: TieGraph | None = None, targets: Targets | None = None) -> TeamNetwork:
    """Read the people and the members' message dates once, aligned with the graph's nodes."""
    graph = graph or load_graph(store)
    as_of = date.fromisoformat(graph.as_of) if graph.as_of else reference_date(store)
    rows = store.conn.execute(
        "SELECT id, name, company, company_key, position, industry, is_member FROM people WHERE merged_into IS NULL"
    ).fetchall()
    known_industry = {row[3]: row[5] for row in rows if row[3] and row[5]}
    return network_from_rows(
        graph,
        rows,
        known_industry,
        latest_messages(store),
        as_of,
        targets,
        member_exports(store, as_of.isoformat()),
    )


def network_from_rows(
    graph: TieGraph,
    rows: list,
    known_industry: dict[str, str],
    latest: dict[tuple[int, int], str],
    as_of: date,
    targets: Targets | None = None,
    exports: dict[int, MemberExports] | None = None,
) -> TeamNetwork:
    """The network over ``graph`` from people rows ``(id, name, company, company_key, position,
    industry, is_member)``, the industry known for each company key, the last message date of
    each tie (``latest``, keyed by the ordered pair of person ids) and what each member's exports
    hold (``exports``, by person id)."""
    import numpy as np

    n = len(graph.node_ids)
    arrays = {
        name: np.full(n, UNKNOWN, dtype=np.int32) for name in ("company", "industry", "function", "seniority")
    }
    is_member = np.zeros(n, dtype=bool)
    target_weight = np.zeros(n)
    codes: dict[str, dict[str, int]] = {"company": {}, "industry": {}, "function": {}}
    company_names: list[str] = []
    names: dict[int, str] = {}
    ids = np.array([row[0] for row in rows], dtype=np.int64)
    where = np.searchsorted(graph.node_ids, ids)
    present = (
        (where < n) & (graph.node_ids[np.minimum(where, n - 1)] == ids) if n else np.zeros(len(ids), bool)
    )
    known_industry = dict(known_industry)
    if targets:
        known_industry.update(targets.industry_of)
    for row, index, here in zip(rows, where.tolist(), present.tolist(), strict=False):
        person, name, company, key, position, industry, member = row
        if member:
            names[person] = name
        if not here:
            continue
        is_member[index] = bool(member)
        if key:
            if key not in codes["company"]:
                codes["company"][key] = len(codes["company"])
                company_names.append(company)
            arrays["company"][index] = codes["company"][key]
        industry = industry or known_industry.get(key, "")
        if industry:
            arrays["industry"][index] = codes["industry"].setdefault(
                industry.casefold(), len(codes["industry"])
            )
        function, level = _title_codes(position or "")
        if function:
            arrays["function"][index] = codes["function"].setdefault(function, len(codes["function"]))
        if level is not None:
            arrays["seniority"][index] = level
        if targets:
            target_weight[index] = targets.weight(company, industry, position)
    members = sorted(np.flatnonzero(is_member).tolist(), key=lambda i: int(graph.node_ids[i]))
    pairs, last = _message_days(latest, graph)
    today = np.full(n, float(as_of.toordinal()))
    for person, facts in (exports or {}).items():
        index = int(np.searchsorted(graph.node_ids, person)) if n else 0
        if index < n and int(graph.node_ids[index]) == person and facts.as_of:
            today[index] = float(date.fromisoformat(facts.as_of[:10]).toordinal())
    return TeamNetwork(
        graph,
        members,
        is_member,
        arrays["company"],
        arrays["industry"],
        arrays["function"],
        arrays["seniority"],
        arrays["seniority"] >= 4,
        target_weight,
        pairs,
        last,
        today,
        names,
        targets,
        as_of.isoformat(),
        company_names,
        dict(exports or {}),
    )


def latest_messages(store: Store) -> dict[tuple[int, int], str]:
    """The date of the last message of every tie that has one, keyed by the ordered pair of ids."""
    latest: dict[tuple[int, int], str] = {}
    for owner, peer, last in store.conn.execute(
        "SELECT o.person_id, r.person_id, MAX(i.at) FROM interactions i JOIN records r ON r.id = i.record_id"
        " JOIN records o ON o.id = r.owner_record_id WHERE i.kind = 'message' AND i.at IS NOT NULL"
        " AND o.person_id != r.person_id GROUP BY 1, 2"
    ):
        key = (owner, peer) if owner < peer else (peer, owner)
        if last and last > latest.get(key, ""):
            latest[key] = last
    return latest


def _message_days(latest: dict[tuple[int, int], str], graph: TieGraph):
    """Sorted pair keys of the ties with a message, and the day (ordinal) of the last one."""
    import numpy as np

    n = len(graph.node_ids)
    if not latest or not n:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    people = np.array(list(latest), dtype=np.int64).reshape(-1, 2)
    where = np.searchsorted(graph.node_ids, people)
    clipped = np.minimum(where, n - 1)
    valid = (graph.node_ids[clipped] == people).all(axis=1)
    low, high = np.minimum(where[:, 0], where[:, 1]), np.maximum(where[:, 0], where[:, 1])
    days = np.array([_day(text) or np.nan for text in latest.values()], dtype=float)
    keep = valid & ~np.isnan(days)
    keys = (low * n + high)[keep]
    order = np.argsort(keys)
    return keys[order], days[keep][order]
