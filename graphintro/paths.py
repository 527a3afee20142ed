"""Warm introduction paths: the k most probable chains of acquaintances from you to a person or company.

This module answers ``graphintro path``: it resolves the people named, runs the search
(``graphintro.path_search``: the most probable paths under the cost -log(strength), hop-bounded),
picks one answer per introducer and describes each with the evidence of its links; when the best
answer is weak, ``graphintro.suggestions`` says how to make a better one.
"""

from __future__ import annotations

import itertools
import math
import weakref
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, cast

from graphintro.answers import Introduction, Link, LoadNote, PathPerson, PathResult, Suggestion, Who
from graphintro.errors import NoPathError, NotFoundError, UsageError
from graphintro.graph import TieGraph
from graphintro.load import spare_loaded

if TYPE_CHECKING:
    from graphintro.store import Store

# The search itself (kept importable from here, where callers knew it).
from graphintro.path_search import IntroPath, best_paths_to_many, best_per_introducer, find_paths  # noqa: F401

WEAK_ANSWER = 0.25  # below this best probability, a path answer comes with suggestions


# -- the question: what the user typed, the search, the answers with their evidence --------


def introductions(
    store,
    source: str | None = None,
    target: str | None = None,
    company: str | None = None,
    title: str | None = None,
    team: bool = False,
    k: int = 3,
    max_hops: int = 4,
    avoid: Iterable[str] = (),
    graph: TieGraph | None = None,
    repeat_introducers: bool = False,
    ignore_load: bool = False,
    loads: dict | None = None,
    calibration=None,
) -> PathResult:
    """``graphintro path``: resolve names, search, and describe each answer with its evidence.

    ``store`` is an embedded ``Store`` or any backend (``graphintro.backends``). Returns
    ``{"paths": [{"probability", "hops", "people": [...], "links": [...], "ask", "teammate",
    "introducer", "weakest_link"}]}``: the ``k`` answers have ``k`` distinct introducers (with
    ``--company``, the people of the account are spread first), unless ``repeat_introducers``
    asks for the plain k most probable paths. Raises ``NotFoundError`` when no path exists
    within the hop limit.

    Fair load (``graphintro.load``): an introducer over their ask budget is ranked below the
    others; such a path carries ``"load"`` and the result a ``"load"`` list saying why and who is
    next. ``loads`` are read from the embedded store unless given (the Neo4j backend has no asks:
    the CLI passes the embedded store's); ``ignore_load`` turns it off.

    Calibration (``graphintro.calibration``): from 20 closed asks on, each path's ``probability``
    is the calibrated figure and ``raw_probability`` the model's own (monotone: the order is the
    model's). ``calibration`` is read from the embedded store unless given, like ``loads``.
    """
    from graphintro.backends import as_backend

    backend = as_backend(store)
    if bool(target) == bool(company):
        raise UsageError(
            "give a target person or --company, not both" if target else "give a target person or --company"
        )
    if team == bool(source):
        raise UsageError(
            "give a source person or --team, not both" if team else "give a source person or --team"
        )
    if k < 1 or max_hops < 1:
        raise UsageError("-k and --max-hops must be at least 1")
    members = team_members(backend)
    assert team or source is not None  # checked above: a source person or --team
    sources = members if team or source is None else [backend.resolve_person(source, member_first=True)]
    if team and not sources:
        raise NotFoundError("the store has no team member yet: import an export with --owner")
    if company:
        targets = backend.company_people(company, title)
        if not targets:
            raise NotFoundError(
                f"nobody currently at '{company}'" + (f" with a title matching '{title}'" if title else "")
            )
        goal = company + (f" ({title})" if title else "")
    else:
        assert target is not None  # checked above: a target person or --company
        targets = [backend.resolve_person(target)]
        goal = backend.describe_people(targets)[0]["name"]
    avoided = [backend.resolve_person(name) for name in avoid]
    graph = graph or backend.path_graph(sources, targets, max_hops)
    loads = {} if ignore_load else (loads if loads is not None else _store_loads(backend))
    notes: list[dict] = []  # load.spare_loaded's: introducer and next as ids
    if repeat_introducers:
        paths = find_paths(graph, sources, targets, k=k, max_hops=max_hops, avoid=avoided, members=members)
        if loads:
            paths, notes = spare_loaded(paths, loads, k, requester=None if team else sources[0])
    else:
        candidates = best_per_introducer(
            graph,
            sources,
            targets,
            max_hops=max_hops,
            avoid=avoided,
            members=members,
            # the first k are all an answer shows, unless loads move some or an account spreads them
            limit=None if loads or company else k,
        )
        if loads:
            candidates, notes = spare_loaded(candidates, loads, k, requester=None if team else sources[0])
        paths = choose_answers(
            backend, graph, candidates, k, requester=None if team else sources[0], spread=bool(company)
        )
    if not paths:
        origin = "the team" if team else backend.describe_people(sources)[0]["name"]
        raise NoPathError(
            f"no introduction path from {origin} to {goal} within {max_hops} hops",
            _suggestions(backend, graph, members, targets, 0.0, max_hops),
        )
    result: PathResult = {"paths": describe_paths(backend, graph, paths, team, members=members, loads=loads)}
    calibration = calibration if calibration is not None else _store_calibration(backend)
    if calibration is not None and calibration.active:
        for path in result["paths"]:
            path["raw_probability"] = path["probability"]
            path["probability"] = calibration(path["probability"])
    if notes:
        result["load"] = describe_load_notes(backend, notes, loads)
        for path in result["paths"]:  # the reason on the spared introducer's own answer too
            note = next(
                (
                    n["note"]
                    for n in result["load"]
                    if n["introducer"]["id"] == path["introducer"]["id"] and "load" in path
                ),
                None,
            )
            if note:
                path["load"]["note"] = note
    best = max(path.probability for path in paths)
    if best < WEAK_ANSWER:
        result["suggestions"] = _suggestions(backend, graph, members, targets, best, max_hops)
    return result


def team_members(backend) -> list[int]:
    """``backend.team_members()``, read once per generation of an embedded store (a listing of
    2,000 members was 1-2 ms of every warm answer at 2,000 x 5,000): the team changes only with a
    write, and a write moves the generation on when it commits. Kept for each ``Store`` (one
    connection to one file), by backend type; read again inside a transaction (its writes are not
    committed yet); other backends (no ``store``) are asked every time."""
    from graphintro.store import Store

    store = getattr(backend, "store", None)
    if not isinstance(store, Store) or store.conn.in_transaction:
        return backend.team_members()
    generation = store.generation
    kept = _TEAMS.setdefault(store, {})
    found = kept.get(type(backend))
    if found is not None and found[0] == generation:
        return list(found[1])
    members = backend.team_members()
    kept[type(backend)] = (generation, tuple(members))
    return members


# Each store's team, by backend type: (generation, members).
_TEAMS: weakref.WeakKeyDictionary[Store, dict[type, tuple[int, tuple[int, ...]]]] = (
    weakref.WeakKeyDictionary()
)


def _store_loads(backend) -> dict:
    """The introducers' loads from the embedded store behind ``backend`` (none without one)."""
    store = getattr(backend, "store", None)
    if store is None:
        return {}
    from graphintro.load import introducer_loads

    return introducer_loads(store)


def _store_calibration(backend):
    """The calibration fitted on the outcomes in the embedded store behind ``backend`` (none without one)."""
    store = getattr(backend, "store", None)
    if store is None:
        return None
    from graphintro.calibration import store_calibration

    return store_calibration(store)


def describe_load_notes(backend, notes: list[dict], loads: dict) -> list[LoadNote]:
    """``[{"introducer": {"id", "name"}, "open_asks", "recent_asks", "next": {"id", "name"} | None,
    "note"}]``: each introducer over budget who would otherwise have been among the answers."""
    from graphintro.load import load_note

    ids = sorted({n["introducer"] for n in notes} | {n["next"] for n in notes if n["next"] is not None})
    names = {p["id"]: p["name"] for p in backend.describe_people(ids)}
    described: list[LoadNote] = []
    for note in notes:
        load = loads[note["introducer"]]
        after = note["next"]
        described.append(
            {
                "introducer": {"id": note["introducer"], "name": names[note["introducer"]]},
                "open_asks": load.open_asks,
                "recent_asks": load.recent_asks,
                "next": {"id": after, "name": names[after]} if after is not None else None,
                "note": load_note(load, names[after] if after is not None else None),
            }
        )
    return described


def _suggestions(
    backend, graph: TieGraph, members: list[int], targets: list[int], current: float, max_hops: int
) -> list[Suggestion]:
    """How to create a (better) path: read from the embedded store, which the Neo4j mirror lacks
    (job changes, dropped contacts), so only the local backend suggests."""
    store = getattr(backend, "store", None)
    if store is None or not members:
        return []
    from graphintro.suggestions import suggest

    # suggest builds them as plain dicts of this shape (``answers.Suggestion``)
    return cast(list[Suggestion], suggest(store, graph, members, targets, current, max_hops=max_hops))


def choose_answers(
    backend,
    graph: TieGraph,
    candidates: list[IntroPath],
    k: int,
    requester: int | None = None,
    spread: bool = False,
) -> list[IntroPath]:
    """The ``k`` answers to give out of one best path per introducer (``best_per_introducer``).

    The requester's own direct tie to the target comes first (nothing beats knowing them). With
    several targets (an account), the people are spread first: every person's best answer, decision
    makers first, before a second introducer to anyone; within a round, the most probable first.
    """
    from graphintro.titles import is_decision_maker

    if not spread:
        chosen = list(candidates)
        own = next(
            (
                p
                for p in chosen
                if p.hops == 1 and p.people[0] == requester and graph.is_direct(p.people[0], p.people[1])
            ),
            None,
        )
        if own is not None:
            chosen.remove(own)
            chosen.insert(0, own)
        return chosen[:k]
    by_target: dict[int, list[IntroPath]] = {}
    for path in candidates:
        by_target.setdefault(path.people[-1], []).append(path)
    deciders = {
        p["id"] for p in backend.describe_people(sorted(by_target)) if is_decision_maker(p["position"] or "")
    }
    chosen = []
    for round_ in range(max((len(v) for v in by_target.values()), default=0)):
        batch = [paths[round_] for paths in by_target.values() if len(paths) > round_]
        batch.sort(key=lambda p: (p.people[-1] not in deciders, -p.probability, p.hops, p.people))
        chosen.extend(batch)
        if len(chosen) >= k:
            break
    return chosen[:k]


def describe_paths(
    backend,
    graph: TieGraph,
    paths: list[IntroPath],
    team: bool,
    members: Iterable[int] | None = None,
    loads: dict | None = None,
) -> list[Introduction]:
    """Each path with its people, the strength and evidence of each link, the first ask, the
    teammate who owns the relationship, the introducer and the weakest link (the one to work on);
    ``"load"`` (open and recent asks, over budget or not) when asks were made of its introducer."""
    members = set(backend.team_members() if members is None else members)
    described = {
        p["id"]: p for p in backend.describe_people(sorted({p for path in paths for p in path.people}))
    }
    ties = backend.ties_evidence(  # (the team read once: 2,000 members at a large team)
        graph, sorted({link for path in paths for link in itertools.pairwise(path.people)}), team=members
    )
    result: list[Introduction] = []
    for path in paths:
        people = [described[p] for p in path.people]
        links: list[Link] = []
        for a, b in itertools.pairwise(path.people):
            strength, evidence = ties[(a, b)]
            links.append({"strength": round(strength, 6), "evidence": evidence})
        # The teammate who owns the relationship: the last team member of the path's first steps.
        owner = 1 if len(path.people) > 2 and path.people[1] in members and not team else 0
        weakest = min(range(len(links)), key=lambda i: links[i]["strength"])
        result.append(
            {
                "probability": math.prod(link["strength"] for link in links),
                "hops": path.hops,
                "people": [_on_path(p) for p in people],
                "links": links,
                "ask": first_ask(
                    [p["name"] for p in people],
                    team,
                    graph.is_direct(path.people[0], path.people[1]),
                    links[0]["evidence"],
                    teammate_first=owner == 1,
                ),
                "teammate": _who(people[owner]) if path.people[owner] in members else None,
                "introducer": _who(people[-2]),
                "weakest_link": {
                    "from": _who(people[weakest]),
                    "to": _who(people[weakest + 1]),
                    "strength": links[weakest]["strength"],
                },
            }
        )
        load = (loads or {}).get(path.people[-2]) if path.hops >= 2 or team else None
        if load is not None:
            result[-1]["load"] = load.to_dict()
    return result


def _who(person: dict) -> Who:
    return {"id": person["id"], "name": person["name"]}


def _on_path(person: dict) -> PathPerson:
    return {
        "id": person["id"],
        "name": person["name"],
        "company": person["company"],
        "position": person["position"],
    }


def first_ask(
    names: list[str],
    team: bool = False,
    direct: bool = True,
    evidence: Sequence[str] = (),
    teammate_first: bool = False,
) -> str:
    """The first request to make, in plain words (``teammate_first``: the second person is a
    teammate of the first, whom they can simply ask)."""
    if not direct:
        context = f" (only {evidence[0]})" if evidence else ""
        who = "you" if not team else names[0]
        return f"{who} and {names[1]} have no direct tie{context}: reach out there, or choose another path"
    if teammate_first:
        if len(names) == 3:
            return f"ask your teammate {names[1]}, who knows {names[2]}"
        if len(names) == 4:
            return f"ask your teammate {names[1]} to ask {names[2]} for an introduction to {names[3]}"
        return (
            f"ask your teammate {names[1]} to ask {names[2]} to reach {names[-1]}"
            f" (through {', '.join(names[3:-1])})"
        )
    if team:
        if len(names) == 2:
            return f"{names[0]} knows {names[1]} directly: ask {names[0]} to introduce you"
        return f"ask {names[0]} to ask {names[1]} for an introduction to {names[-1]}"
    if len(names) == 2:
        return f"you know {names[1]} directly: contact them"
    return f"ask {names[1]} to introduce you to {names[2]}"
