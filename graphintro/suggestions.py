"""What to do when there is no introduction path to a person or an account, or only a weak one.

Each suggestion is the cheapest move that would create a path, with its evidence and its ``gain``:
the probability of reaching the account after the move, minus the best probability now (the
strength model of ``graphintro.strength`` estimates the tie the move would make):

* ``revive`` — a teammate's tie to someone now at the account that went quiet (no message for
  ``dormant_days``) or was dropped from a newer export: after a fresh exchange the tie is as strong
  as its history (connection, messages, recommendations) and a new message make it.
* ``join_group`` — a group where people of the account and the team meet (a teammate, or a strong
  contact of the team, is a member): a shared group makes a weak tie to each of them,
  1 − (1 − s_group)^n for n people of the account.
* ``strengthen`` — the teammate's weak direct tie to someone at the account that is the best to
  work on (decision makers first, then the strongest): worth a tie rated 4/5 once strengthened.
* ``second_degree`` — the strongest chain beyond the hop limit (two more links), when it beats
  what the limit allows.

Suggestions are ranked by gain (ties: revive, join, strengthen, second degree).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date
from operator import itemgetter

ACTIONS = ("revive", "join_group", "strengthen", "second_degree")
STRENGTHENED_RATING = 4


def suggest(
    store,
    graph,
    members: Iterable[int],
    people: Iterable[int],
    current: float = 0.0,
    max_hops: int = 4,
    limit: int = 4,
    longer: Mapping | None = None,
) -> list[dict]:
    """``[{"action", "detail", "people": [{"id", "name"}], "gain"}]``, best first, to reach ``people``
    (one person or an account's) from the team ``members``; ``current`` is the best probability now.
    ``longer``: the best paths of up to ``max_hops + 2`` links to these people, when already known
    (``best_paths_to_many`` for many accounts at once)."""
    from graphintro.graph import reference_date
    from graphintro.quality import load_quality_config
    from graphintro.strength import load_weights

    members, people = sorted(set(members)), sorted(set(people) - set(members))
    if not people or not members:
        return []
    settings = load_quality_config()[1]
    weights, as_of = (
        load_weights(),
        (date.fromisoformat(graph.as_of) if graph.as_of else reference_date(store)),
    )
    names = _names(store, people)  # and the teammates' that a suggestion names, as it needs them
    found = (
        _revive(store, members, people, current, settings, weights, as_of, names)
        + _join_groups(store, graph, members, people, current, settings, weights, as_of, names, limit)
        + _strengthen(graph, store, members, people, current, settings, names)
    )
    # A chain two links deeper ranks after any other suggestion of the same gain: with ``limit``
    # others gaining G or more, it is shown only if more probable than ``current + G``.
    gains = sorted((s["gain"] for s in found if s["gain"] > 0), reverse=True)
    beat = current + gains[limit - 1] if 0 < limit <= len(gains) else current
    found += _second_degree(graph, store, members, people, current, max_hops, longer, beat)
    found = [s for s in found if s["gain"] > 0]
    found.sort(key=lambda s: (-s["gain"], ACTIONS.index(s["action"]), s["detail"]))
    return found[:limit]


def _names(store, ids: Iterable[int]) -> dict[int, dict]:
    ids = sorted(set(ids))
    found = {}
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        for person, name, company, position in store.conn.execute(
            f"SELECT id, name, company, position FROM people WHERE id IN ({','.join('?' * len(chunk))})",
            chunk,
        ):
            found[person] = {"id": person, "name": name, "company": company, "position": position}
    return found


def _with_names(store, names: dict[int, dict], ids: Iterable[int]) -> None:
    """Read the names of ``ids`` into ``names`` (those not there yet): the few teammates a suggestion
    names, not the whole team (a thousand rows read at large)."""
    missing = [person for person in ids if person not in names]
    if missing:
        names.update(_names(store, missing))


def _who(names: dict, person: int) -> dict:
    return {"id": person, "name": names.get(person, {}).get("name", f"#{person}")}


def _chunks(ids: list[int], size: int = 900):
    for start in range(0, len(ids), size):
        chunk = ids[start : start + size]
        yield chunk, ",".join("?" * len(chunk))


def _revive(store, members, people, current, settings, weights, as_of, names) -> list[dict]:
    """Teammates' ties to the account's people that went quiet or were dropped from a newer export."""
    from graphintro.graph import collect_ties, pair
    from graphintro.strength import tie_strength

    member_set = set(members)
    candidates: dict[tuple[int, int], dict] = {}
    for chunk, marks in _chunks(people):
        for member, person, ended, old_company, changed in store.conn.execute(
            "SELECT o.person_id, r.person_id, r.ended_at, r.company,"
            " (SELECT c.old_value FROM record_changes c WHERE c.record_id = r.id AND c.field = 'company'"
            "  ORDER BY c.id LIMIT 1)"
            " FROM records r JOIN records o ON o.id = r.owner_record_id"
            f" WHERE r.person_id IN ({marks}) AND r.is_connection = 1 AND o.person_id != r.person_id",
            chunk,
        ):
            if member in member_set:
                key = (member, person)
                seen = candidates.setdefault(key, {"ended": ended, "was": changed or "", "then": old_company})
                seen["ended"] = seen["ended"] and ended
    _with_names(store, names, {member for member, _ in candidates})
    found = []
    for (member, person), facts in candidates.items():
        features = collect_ties(store, only={member, person}).get(pair(member, person))
        if features is None:
            from graphintro.strength import TieFeatures

            features = TieFeatures()
        last = features.last_message
        quiet = last is None or (as_of - date.fromisoformat(last[:10])).days > settings["dormant_days"]
        if not (facts["ended"] or (quiet and (features.messages or features.recommendations))):
            continue  # an active tie is already an answer
        revived = replace(
            features,
            connected=True,
            connected_on=features.connected_on or facts["ended"],
            sent=features.sent + 1,
            received=features.received + 1,
            last_message=as_of.isoformat(),
        )
        strength = tie_strength(revived, weights, as_of)
        person_info = names.get(person, {})
        now = ", ".join(x for x in (person_info.get("position"), person_info.get("company")) if x)
        history = []
        if facts["was"]:
            history.append(f"was at {facts['was']}")
        if facts["ended"]:
            history.append(f"dropped from {names[member]['name']}'s export of {facts['ended']}")
        if features.messages:
            history.append(
                f"{features.messages} messages, last on {last[:10]}"
                if last
                else f"{features.messages} messages"
            )
        elif not facts["ended"]:
            history.append("no message")
        found.append(
            {
                "action": "revive",
                "detail": f"revive {names[member]['name']}'s tie with {person_info.get('name', person)}"
                + (f" (now {now})" if now else "")
                + (f": {'; '.join(history)}" if history else ""),
                "people": [_who(names, member), _who(names, person)],
                "gain": round(max(0.0, strength - current), 4),
            }
        )
    return found


def _join_groups(
    store, graph, members, people, current, settings, weights, as_of, names, limit: int = 4
) -> list[dict]:
    """Groups holding people of the account and a teammate (or a strong contact of the team): at
    least the ``limit`` best of them, which are all that ``suggest`` can show.

    A group's suggestion is worth at most what sharing it makes of the ties to its people of the
    account (its gain with a teammate there; through a strong contact of the team, that times the
    contact's tie, never more), and its detail starts with the group's name and those people: both
    known before the group's members are read. So the groups are read best bound first, and once
    ``limit`` suggestions rank before the next group's bound, no other group can rank among them:
    its members are never read (thousands of rows for each group of a web of groups)."""
    from graphintro.strength import TieFeatures, tie_strength

    account = set(people)
    member_set = set(members)
    in_group: dict[int, set[int]] = {}
    group_names: dict[int, str] = {}
    for chunk, marks in _chunks(people):
        for group, name, person in store.conn.execute(
            "SELECT g.id, g.name, r.person_id FROM memberships m JOIN records r ON r.id = m.record_id"
            f" JOIN groups g ON g.id = m.group_id WHERE r.person_id IN ({marks})",
            chunk,
        ):
            in_group.setdefault(group, set()).add(person)
            group_names[group] = name
    ahead = []  # (bound on the sort key, group, reach, the detail's beginning)
    for group, here in in_group.items():
        shared = tie_strength(TieFeatures(shared_groups=[group_names[group]]), weights, as_of)
        reach = 1.0 - (1.0 - shared) ** len(here)
        # Counted as people of their company; named when the store knows no company of theirs (a
        # person known only from group lists: the company is empty, not missing).
        company = next((c for c in (names.get(p, {}).get("company") for p in here) if c), None)
        whom = (
            f"{len(here)} {'person' if len(here) == 1 else 'people'} of {company}"
            if company
            else ", ".join(_who(names, p)["name"] for p in sorted(here))
        )
        opening = f"join {group_names[group]}: {whom} {'is a member' if len(here) == 1 else 'are members'}, "
        ahead.append(((-round(max(0.0, reach - current), 4), opening), group, reach, opening))
    ahead.sort(key=lambda item: (item[0], item[1]))
    rows = store.conn.cursor()
    rows.row_factory = None  # plain tuples: thousands of members per group
    first = itemgetter(0)
    found = {}  # group -> its suggestion
    keys: list[tuple] = []  # the suggestions' sort keys (suggest's, less the action: all join_group)
    for bound, group, reach, opening in ahead:
        if len(keys) >= limit and sorted(keys)[limit - 1] < bound:
            break  # this group and every one after it rank after ``limit`` suggestions found
        everyone = set(
            map(
                first,
                rows.execute(
                    "SELECT r.person_id FROM memberships m JOIN records r ON r.id = m.record_id WHERE m.group_id = ?",
                    (group,),
                ),
            )
        )
        teammates = sorted(everyone & member_set)
        if teammates:
            _with_names(store, names, teammates)
            who = ", ".join(names[m]["name"] for m in teammates[:3]) + (
                " already is" if len(teammates) == 1 else " already are"
            )
        else:
            # Each outsider's strongest tie to the team (a group with a teammate is suggested
            # through them, whoever else is there)
            strongest = _strongest_to_team(graph, everyone - member_set - account, member_set)
            bridges = sorted(p for p in strongest if strongest[p] >= settings["strong_tie"])
            if not bridges:
                continue
            reach *= max(strongest[p] for p in bridges)
            who = f"{len(bridges)} strong contact{'s' * (len(bridges) > 1)} of the team {'is' if len(bridges) == 1 else 'are'}"
        here = in_group[group]
        found[group] = {
            "action": "join_group",
            "detail": opening + who,
            "people": [_who(names, p) for p in sorted(here)] + [_who(names, m) for m in teammates],
            "gain": round(max(0.0, reach - current), 4),
        }
        keys.append((-found[group]["gain"], found[group]["detail"]))
    return [found[group] for group in sorted(found)]


def _strongest_to_team(graph, people: set[int], members: set[int]) -> dict[int, float]:
    """The strength of each person's strongest tie to a teammate (0.0 with none, or outside the
    graph), for all ``people`` at once."""
    import numpy as np

    strongest = dict.fromkeys(people, 0.0)
    n = len(graph.node_ids)
    if not people or not n:
        return strongest
    ids = np.array(sorted(people), dtype=np.int64)
    where = np.minimum(np.searchsorted(graph.node_ids, ids), n - 1)
    known = graph.node_ids[where] == ids
    nodes = where[known]
    offsets, counts = graph.edges_of(nodes)
    team = np.zeros(n, dtype=bool)
    team[sorted(graph.positions_of(members))] = True
    # Each row's maximum over its ties to the team, one segmented maximum (a tie elsewhere counts 0:
    # strengths are above 0, so a tie to the team always beats none)
    to_team = np.where(team[graph.indices[offsets]], graph.strength[offsets], 0)
    best = np.zeros(len(nodes))
    has_ties = counts > 0
    if has_ties.any():
        best[has_ties] = np.maximum.reduceat(to_team, (np.cumsum(counts) - counts)[has_ties])
    strongest.update(zip(ids[known].tolist(), best.tolist(), strict=True))
    return strongest


def _strengthen(graph, store, members, people, current, settings, names) -> list[dict]:
    """The best weak direct tie from a teammate to someone at the account (decision makers first)."""
    from graphintro.strength import RATING_STRENGTH
    from graphintro.titles import is_decision_maker

    member_set = set(members)
    best = None
    for person in people:
        index = graph.index_of(person)
        if index is None:
            continue
        start, end = graph.indptr[index], graph.indptr[index + 1]
        decider = is_decision_maker(names.get(person, {}).get("position") or "")
        for neighbour, strength, direct in zip(
            graph.node_ids[graph.indices[start:end]].tolist(),
            graph.strength[start:end].tolist(),
            graph.direct[start:end].tolist(),
            strict=False,
        ):
            if neighbour in member_set and direct and strength < settings["strong_tie"]:
                key = (decider, strength, -neighbour, -person)
                if best is None or key > best[0]:
                    best = (key, neighbour, person, strength)
    if best is None:
        return []
    _, member, person, strength = best
    _with_names(store, names, [member])
    target = RATING_STRENGTH[STRENGTHENED_RATING]
    return [
        {
            "action": "strengthen",
            "detail": f"strengthen {names[member]['name']}'s weak tie with {names[person]['name']}"
            f" ({strength:.2f} now): a real exchange makes it an introduction",
            "people": [_who(names, member), _who(names, person)],
            "gain": round(max(0.0, target - current), 4),
        }
    ]


def _second_degree(
    graph,
    store,
    members,
    people,
    current,
    max_hops: int,
    longer: Mapping | None = None,
    beat: float | None = None,
) -> list[dict]:
    """The strongest chain two links beyond the hop limit, when it beats what the limit allows.
    ``beat``: a chain not more probable than this is never shown (``current`` or more): the search
    looks for the more probable ones only."""
    from graphintro.path_search import best_paths_to_many

    if longer is None:
        # (a hair below the probability to beat: its gain is rounded, and G - 1e-9 keeps a tie)
        floor = current if beat is None else max(current, beat - 1e-9)
        longer = best_paths_to_many(
            graph, members, people, max_hops=max_hops + 2, members=members, better_than=floor
        )
    found = [longer[p] for p in people if p in longer]
    if not found:
        return []
    path = max(found, key=lambda p: (p.probability, -p.hops))
    if path.hops <= max_hops or path.probability <= current:
        return []
    names = _names(store, path.people)
    chain = " → ".join(names[p]["name"] for p in path.people)
    return [
        {
            "action": "second_degree",
            "detail": f"a second-degree ask through {names[path.people[1]]['name']}: {chain}"
            f" ({path.hops} links, probability {path.probability:.0%})",
            "people": [_who(names, p) for p in path.people],
            "gain": round(path.probability - current, 4),
        }
    ]
