"""Account coverage: how well the team reaches each target company, who owns the relationships there,
and what to do where no introduction exists yet.

For an account A (the people the store knows currently at that company), with ``P_p`` the
probability of the team's best introduction to person ``p`` (``paths.best_paths_to_many``, from any
teammate, at most 4 links, 0 when there is none)::

    coverage(A) = ½ · max_{p ∈ D} P_p  +  ¼ · (1 − Π_{p ∈ A} (1 − P_p))  +  ¼ · min(owners, 3) / 3

where D are the decision makers of A (and the people fitting the targets' titles): half for the best
way to someone who decides, a quarter for the chance that at least one introduction works (were they
independent), a quarter for the number of teammates who own a relationship there (three or more
threads count fully). Owners are the teammates with a strong (``strong_tie``), direct tie to
someone at the account; an account with a single owner is ``single_threaded``: it leaves with that
teammate.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from graphintro.answers import AccountCoverage, AccountsResult, Suggestion
from graphintro.errors import NotFoundError, UsageError
from graphintro.paths import WEAK_ANSWER  # below it an account gets suggestions
from graphintro.store import Store

if TYPE_CHECKING:
    from graphintro.path_search import PathsToMany


@dataclass
class Account:
    """One target company and the people the store knows there, with their titles.

    Titles are numbered once for all the accounts (``titles[code]``, the position as the store
    holds it, "" for none): an account of thousands shares a few hundred titles, each judged once."""

    company: str
    key: str
    people: list[int] = field(default_factory=list)  # ascending ids
    codes: list[int] = field(default_factory=list)  # each person's title, as its number in ``titles``
    titles: list[str] = field(default_factory=list)


def find_accounts(store: Store, companies: Iterable[str]) -> list[Account]:
    """The accounts named by ``companies``, each with the people currently there.

    A name matches people whose company has the same key (accents, case and legal forms folded:
    "AÉROLINE SYSTÈMES SAS" is "Aéroline Systèmes"); a name with no such match falls back on
    the word match of ``path --company``. One pass over the people for all the accounts, which
    reads their positions too (decision makers are told by them).
    """
    from graphintro.identity import company_key, fold

    wanted: dict[str, Account] = {}
    for name in companies:
        key = company_key(name)
        if not key:
            raise UsageError(f"'{name}' is not a company name")
        wanted.setdefault(key, Account(name.strip(), key))
    if not wanted:
        return []
    keys = sorted(wanted)
    marks = ",".join("?" * len(keys))
    # The named companies first, from the index; every company only when a name is not a key.
    # (Plain tuples: 50 large companies are 144k rows, and a ``Row`` each costs a tenth of a second.)
    cursor = store.conn.cursor()
    cursor.row_factory = None
    rows = cursor.execute(
        f"SELECT id, company, company_key, position FROM people WHERE company_key IN ({marks})"
        " AND merged_into IS NULL"
        " ORDER BY id",
        keys,
    ).fetchall()
    every_company = {row[2] for row in rows} != set(keys)
    if every_company:  # (in the store's order, not by id)
        rows = cursor.execute(
            "SELECT id, company, company_key, position FROM people WHERE merged_into IS NULL AND company_key != ''"
        ).fetchall()
    by_key: dict[str, tuple[list[int], list[int]]] = {}  # ids in the rows' order, title codes
    shown: dict[str, str] = {}
    numbered: dict[str, int] = {}
    for person, company, key, position in rows:
        if key not in by_key:
            by_key[key] = ([], [])
            shown[key] = company
        people, codes = by_key[key]
        people.append(person)
        codes.append(numbered.setdefault(position or "", len(numbered)))
    titles = list(numbered)
    for account in wanted.values():
        account.titles = titles
        if account.key in by_key:
            account.people, account.codes = by_key[account.key]
            if every_company:
                found = sorted(zip(account.people, account.codes, strict=True))
                account.people, account.codes = [p for p, _ in found], [c for _, c in found]
            account.company = shown.get(account.key, account.company)
        else:  # "aeroline" for "Aéroline Systèmes": the words of the name, in order, in the company's
            words = f" {fold(account.company)} "
            found = sorted(
                pair
                for key, (people, codes) in by_key.items()
                if words in f" {key} "
                for pair in zip(people, codes, strict=True)
            )
            account.people, account.codes = [p for p, _ in found], [c for _, c in found]
    return list(wanted.values())


def account_coverage(
    store: Store,
    companies: Iterable[str] = (),
    targets=None,
    n: int = 3,
    max_hops: int = 4,
    graph=None,
    with_suggestions: bool = True,
    ignore_load: bool = False,
) -> AccountsResult:
    """``graphintro accounts --json``: ``{"accounts": [{"company", "people_known", "decision_makers",
    "owners", "single_threaded", "coverage", "answers", "suggestions"}]}``, best covered first.

    ``companies`` are names; ``targets`` (``quality.Targets``) adds its companies and ranks people
    fitting its titles with the decision makers. ``n`` people per account get their best answer.

    Fair load (``graphintro.load``): where a best answer goes through an introducer over their ask
    budget, the best answer that spares them is given instead (when there is one), with
    ``"spared"`` saying who and why; coverage itself is the network's, budget or not.
    """
    import numpy as np

    from graphintro.backends.local import LocalBackend
    from graphintro.graph import load_graph
    from graphintro.load import introducer_loads
    from graphintro.paths import IntroPath, best_paths_to_many, describe_load_notes, describe_paths
    from graphintro.quality import load_quality_config
    from graphintro.suggestions import suggest

    names = list(companies)
    if targets is not None:
        names += sorted(_target_company_names(store, targets))
    if not names:
        raise UsageError('name the accounts (graphintro accounts "Aéroline Systèmes" ...) or give --targets')
    if n < 0:
        raise UsageError("-n must be at least 1")
    backend = LocalBackend(store)
    members = backend.team_members()
    if not members:
        raise NotFoundError("the store has no team member yet: import an export with --owner")
    accounts = find_accounts(store, names)
    graph = graph or load_graph(store)
    backend._graph = graph
    strong = load_quality_config()[1]["strong_tie"]
    everyone = sorted({p for account in accounts for p in account.people})
    # Every person's best path is read back, but only the chosen few are made into answers: the
    # others count by their probability alone, looked up for a whole account at once.
    best = best_paths_to_many(graph, members, everyone, max_hops=max_hops, members=members)
    rosters = _rosters(accounts, best, members, list(targets.titles) if targets is not None else [], np)
    weak = [
        p
        for account, roster in zip(accounts, rosters, strict=True)
        if roster.top < WEAK_ANSWER
        for p in account.people
    ]
    longer = (
        best_paths_to_many(graph, members, weak, max_hops=max_hops + 2, members=members)
        if weak and with_suggestions
        else {}
    )
    loads = {} if ignore_load else introducer_loads(store)
    spared = _spare_loaded_answers(graph, best, loads, members, everyone, max_hops)
    member_mask = np.zeros(len(graph.node_ids), dtype=bool)
    member_mask[sorted(graph.positions_of(members))] = True
    member_names = {p["id"]: p["name"] for p in backend.describe_people(members)}  # the owners' names
    results: list[AccountCoverage] = []
    for account, roster in zip(accounts, rosters, strict=True):
        chosen: list[IntroPath] = [spared[p][0] if p in spared else best[p] for p in roster.first(n, np)]
        answers = describe_paths(backend, graph, chosen, True, members=members, loads=loads) if chosen else []
        for answer in answers:
            if answer["people"][-1]["id"] in spared:
                answer["spared"] = describe_load_notes(
                    backend, [spared[answer["people"][-1]["id"]][1]], loads
                )[0]
        owners = _owners(graph, roster.people, member_mask, strong, np)
        ranked_first = roster.probability[roster.deciders | roster.fits]
        coverage = (
            0.5 * (float(ranked_first.max()) if len(ranked_first) else 0.0)
            + 0.25 * (1.0 - math.prod((1.0 - roster.probability).tolist()))
            + 0.25 * min(len(owners), 3) / 3
        )
        suggestions = (
            suggest(
                store, graph, members, roster.people.tolist(), roster.top, max_hops=max_hops, longer=longer
            )
            if roster.top < WEAK_ANSWER and with_suggestions
            else []
        )
        results.append(
            {
                "company": account.company,
                "people_known": len(roster.people),
                "decision_makers": int(roster.deciders.sum()),
                "owners": [
                    {"id": m, "name": member_names[m], "people": owners[m][0], "strongest": owners[m][1]}
                    for m in sorted(owners, key=lambda m: (-owners[m][0], -owners[m][1], m))
                ],
                "single_threaded": len(owners) == 1,
                "coverage": round(coverage, 4),
                "answers": answers,
                "suggestions": cast(list[Suggestion], suggestions),  # suggest's plain dicts of that shape
            }
        )
    results.sort(key=lambda a: (-a["coverage"], a["company"]))
    return {"accounts": results}


@dataclass
class Roster:
    """An account's people outside the team as arrays, in ascending ids: each one's probability of
    the team's best introduction (0 without a path), whether they have a path, decide (by title)
    or fit the targets' titles."""

    people: Any
    probability: Any
    reached: Any
    deciders: Any
    fits: Any

    @property
    def top(self) -> float:
        """The best probability of an introduction to someone at the account (0 for none)."""
        return float(self.probability.max()) if len(self.probability) else 0.0

    def first(self, n: int, np) -> list[int]:
        """The ``n`` people who get an answer: of those with a path, the ones fitting the targets'
        titles first, then decision makers, then the most probable, then by id."""
        reached = np.flatnonzero(self.reached)
        order = np.lexsort(
            (
                self.people[reached],
                -self.probability[reached],
                ~self.deciders[reached],
                ~self.fits[reached],
            )
        )
        return self.people[reached[order[:n]]].tolist()


def _rosters(
    accounts: list[Account], best: PathsToMany, members: list[int], titles: list[str], np
) -> list[Roster]:
    """Each account's ``Roster``: the probabilities looked up in ``best`` for all its people at once,
    and each distinct title judged once (decision maker, fitting ``titles``) for all the accounts."""
    from graphintro.titles import is_decision_maker

    if not accounts:
        return []
    named = accounts[0].titles
    decides = np.array([is_decision_maker(title) for title in named], dtype=bool)
    fitting = np.array([bool(titles) and _fits(title, titles) for title in named], dtype=bool)
    team = np.asarray(sorted(members), dtype=np.int64)
    targets = np.asarray(list(best), dtype=np.int64)  # in the order of ``best.probability``
    order = np.argsort(targets, kind="stable")
    reachable, chances = targets[order], best.probability[order]
    rosters = []
    for account in accounts:
        ids = np.asarray(account.people, dtype=np.int64)
        codes = np.asarray(account.codes, dtype=np.int64)
        outside = ~np.isin(ids, team)
        ids, codes = ids[outside], codes[outside]
        where = np.minimum(np.searchsorted(reachable, ids), max(len(reachable) - 1, 0))
        reached = reachable[where] == ids if len(reachable) else np.zeros(len(ids), dtype=bool)
        probability = np.where(reached, chances[where] if len(reachable) else 0.0, 0.0)
        rosters.append(Roster(ids, probability, reached, decides[codes], fitting[codes]))
    return rosters


def _spare_loaded_answers(
    graph, best: PathsToMany, loads: dict, members: list[int], people: list[int], max_hops: int
) -> dict[int, tuple]:
    """For each person whose best answer asks an introducer over budget: the best answer that
    avoids every such introducer, and the note for ``describe_load_notes`` (nothing when none exists)."""
    from graphintro.paths import best_paths_to_many

    over = {person for person, load in loads.items() if load.over_budget}
    if not over:
        return {}
    # (a teammate who knows the person directly is the one asked: the introducer of a one-link answer)
    loaded = [p for p in people if p in best and best.introducer(p) in over]
    if not loaded:
        return {}
    others = best_paths_to_many(
        graph, [m for m in members if m not in over], loaded, max_hops=max_hops, members=members, avoid=over
    )
    return {
        p: (others[p], {"introducer": best.introducer(p), "next": others[p].people[-2]})
        for p in loaded
        if p in others
    }


def _fits(position: str, titles: list[str]) -> bool:
    from graphintro.identity import fold

    folded = f" {fold(position)} "
    return any(f" {words} " in folded for words in titles)


def _target_company_names(store: Store, targets) -> set[str]:
    """The targets' companies as the store writes them (the file holds folded keys)."""
    keys = sorted(targets.companies)
    if not keys:
        raise UsageError("the targets file names no company: accounts are companies")
    marks = ",".join("?" * len(keys))
    shown = dict(
        store.conn.execute(
            f"SELECT company_key, MIN(company) FROM people WHERE company_key IN ({marks}) GROUP BY company_key",
            keys,
        )
    )
    return {shown.get(key, key) for key in keys}


def _owners(graph, people: list[int], members, strong: float, np) -> dict[int, tuple[int, float]]:
    """Teammates with a strong, direct tie to someone at the account: how many of its people each
    knows so, and their strongest such tie (rounded to 6 places).

    ``members`` is a mask over the graph's positions. The ties of all the account's people are
    gathered, filtered and counted per teammate at once: an account of a large company is
    thousands of people, and a thousand teammates may own ties there."""

    ids = np.asarray(people, dtype=np.int64)
    if not len(ids) or not len(graph.node_ids):
        return {}
    where = np.minimum(np.searchsorted(graph.node_ids, ids), len(graph.node_ids) - 1)
    present = where[graph.node_ids[where] == ids]
    offsets, counts = graph.edges_of(present)
    neighbours = graph.indices[offsets].astype(np.int64)
    strengths = graph.strength[offsets].astype(np.float64)  # compared as Python floats, not as float32
    keep = members[neighbours] & graph.direct[offsets] & (strengths >= strong)
    owner, person, strengths = neighbours[keep], np.repeat(present, counts)[keep], strengths[keep]
    if not len(owner):
        return {}
    order = np.lexsort((person, owner))
    owner, person, strengths = owner[order], person[order], strengths[order]
    starts = np.flatnonzero(np.concatenate([[True], owner[1:] != owner[:-1]]))
    distinct = np.concatenate([[True], (owner[1:] != owner[:-1]) | (person[1:] != person[:-1])])
    known = np.add.reduceat(distinct.astype(np.int64), starts)
    strongest = np.maximum.reduceat(strengths, starts)
    return {
        int(member): (int(count), round(float(value), 6))
        for member, count, value in zip(graph.node_ids[owner[starts]], known, strongest, strict=True)
    }
