"""The ties of a few people, or of a few pairs, read from the store as ``collect_ties`` finds them
in the whole store: what a catch-up redoes, without reading a member's thousand other ties.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from graphintro.graph.state import _company_infers, _group_people
from graphintro.graph.ties import (
    INFERRED_GROUP_MAX,
    TEAM_CLIQUE_MAX,
    Pair,
    _add_interaction_rows,
    _add_shared_employers,
    _add_shared_groups,
    pair,
)
from graphintro.strength import TieFeatures

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator


def _ties_between(conn, pairs: set[Pair], members: set[int]) -> dict[Pair, TieFeatures]:
    """The features of the ties ``pairs`` that exist, as ``collect_ties`` finds them in the whole store
    (their mutual contacts and ratings aside), read for these pairs only: a member's thousand other
    ties are not read again because one of them changed."""
    from graphintro.changes import rows_for

    ties: dict[Pair, TieFeatures] = defaultdict(TieFeatures)
    if not pairs:
        return ties
    ends = {p for key in pairs for p in key}
    # An export's records hang under its owner's own record (one without an owner, as ``_filter`` says).
    owners = [
        row[0]
        for row in rows_for(
            conn, "SELECT id FROM records WHERE person_id IN ({}) AND owner_record_id IS NULL", ends
        )
    ]
    linking = []
    for start in range(0, len(owners), 2000):
        chunk = owners[start : start + 2000]
        marks = ",".join("?" * len(chunk))
        for row in rows_for(
            conn,
            "SELECT r.id, o.person_id, r.person_id, r.is_connection, r.ended_at, r.connected_on"
            " FROM records r JOIN records o ON o.id = r.owner_record_id WHERE r.person_id IN ({})"
            f" AND +r.owner_record_id IN ({marks})",
            ends,
            *chunk,
        ):
            if row[1] != row[2] and pair(row[1], row[2]) in pairs:
                linking.append(row)
    for _, owner, person, is_connection, ended_at, connected_on in linking:
        if is_connection == 1 and ended_at is None:
            features = ties[pair(owner, person)]
            features.connected = True
            if connected_on and (not features.connected_on or connected_on < features.connected_on):
                features.connected_on = connected_on
    _add_interaction_rows(ties, _grouped_interactions(conn, [row[0] for row in linking]))
    small_team = len(members) <= TEAM_CLIQUE_MAX
    for a, b in pairs:
        if a in members and b in members and (small_team or (a, b) in ties):
            ties[(a, b)].teammates = True

    companies = _add_shared_employers_of(conn, ties, ends)

    infers: dict[str, bool] = {}
    for a, b in pairs:
        shared = companies.get(a, {}).keys() & companies.get(b, {}).keys()
        if shared and (a in members or b in members):
            key = next(iter(shared))
            if key not in infers:
                infers[key] = _company_infers(conn, key, members)[0]
            if infers[key]:
                ties[(a, b)].same_company = companies[a][key]
    rows_of: dict[int, list[tuple[int, str, str, int]]] = defaultdict(list)
    for person, group_id, name, role, posts in rows_for(
        conn,
        "SELECT r.person_id, g.id, g.name, m.role, m.posts FROM memberships m JOIN records r"
        " ON r.id = m.record_id JOIN groups g ON g.id = m.group_id WHERE r.person_id IN ({})",
        ends,
    ):
        rows_of[person].append((group_id, name, role, posts))
    sizes: dict[int, int] = {}
    group_ids = {person: {g for g, *_ in rows} for person, rows in rows_of.items()}
    hosting = {
        person: {g for g, _, role, _ in rows if role in {"owner", "manager"}}
        for person, rows in rows_of.items()
    }
    posting = {person: {g for g, _, _, posts in rows if posts > 0} for person, rows in rows_of.items()}
    nothing: set[int] = set()
    for a, b in pairs:
        common = group_ids.get(a, nothing) & group_ids.get(b, nothing)
        for group_id in common:
            if group_id not in sizes:
                sizes[group_id] = _group_people(conn, group_id)[0]
            if sizes[group_id] <= INFERRED_GROUP_MAX:
                ties[(a, b)]
                continue
            if (group_id in hosting[a] and group_id in posting[b]) or (
                group_id in hosting[b] and group_id in posting[a]
            ):
                ties[(a, b)]
    in_groups = {person: {name for _, name, _, _ in rows} for person, rows in rows_of.items()}
    _add_shared_groups(ties, in_groups)
    return {key: features for key, features in ties.items() if key in pairs}


def _add_shared_employers_of(
    conn, ties: dict[Pair, TieFeatures], ends: set[int]
) -> dict[int, dict[str, str]]:
    """``_add_shared_employers`` for the ties a catch-up redoes: the employers and current companies
    of their ``ends`` only, read in chunks (a whole-store read would cost what the catch-up saves).
    Returns the current companies, which the caller's company inference reads too. Past employers
    are a member's own (``positions`` hangs under the export's owner record, the one record without
    an owner): the other records of the ends, hundreds for a person many exports list, are not
    looked up in ``positions`` (0.7 s of CPU at 2,000 x 5,000)."""
    from graphintro.changes import rows_for

    employers: dict[int, dict[str, str]] = defaultdict(dict)
    for person, key, company in rows_for(
        conn,
        "SELECT o.person_id, p.company_key, p.company FROM positions p"
        " JOIN records o ON o.id = p.record_id WHERE o.person_id IN ({}) AND o.owner_record_id IS NULL",
        ends,
    ):
        if key:
            employers[person][key] = company
    companies: dict[int, dict[str, str]] = defaultdict(dict)
    for person, key, company in rows_for(
        conn,
        "SELECT id, company_key, company FROM people WHERE merged_into IS NULL"
        " AND company_key != '' AND id IN ({})",
        ends,
    ):
        companies[person][key] = company
    _add_shared_employers(ties, employers, companies)
    return companies


def _grouped_interactions(conn, records: list[int]) -> Iterator[tuple]:
    """The interactions on ``records`` as ``columns._interactions`` reads them: one row per (owner, peer,
    kind, direction), whatever the chunks the records are read in."""
    from graphintro.changes import rows_for

    grouped: dict[tuple, list] = {}
    for owner, peer, kind, direction, n, last, details in rows_for(
        conn,
        "SELECT o.person_id, r.person_id, i.kind, i.direction, COUNT(*), MAX(i.at), GROUP_CONCAT(i.detail, '|')"
        " FROM interactions i JOIN records r ON r.id = i.record_id JOIN records o ON o.id = r.owner_record_id"
        " WHERE i.record_id IN ({}) GROUP BY 1, 2, 3, 4",
        records,
    ):
        row = grouped.get((owner, peer, kind, direction))
        if row is None:
            grouped[(owner, peer, kind, direction)] = [n, last, details]
        else:
            row[0] += n
            row[1] = max((x for x in (row[1], last) if x is not None), default=None)
            row[2] = "|".join(x for x in (row[2], details) if x is not None)
    return ((*key, *row) for key, row in grouped.items())


def _ties_around(
    conn, around: set[int], members: set[int], large_groups: set[int], company=None
) -> dict[Pair, TieFeatures]:
    """The features of every tie with an end among ``around``, as ``collect_ties`` finds them in the
    whole store (their mutual contacts and ratings aside: ``update_graph`` adds them, ``_add_ratings``).
    ``company(key)``: ``state._company_infers`` of the key, as the caller may have read it already."""
    from graphintro.changes import rows_for

    ties: dict[Pair, TieFeatures] = defaultdict(TieFeatures)
    linking: dict[int, tuple] = {}  # the records between an owner and a contact, one end among ``around``
    select = (
        "SELECT r.id, o.person_id, r.person_id, r.is_connection, r.ended_at, r.connected_on FROM records r"
        " JOIN records o ON o.id = r.owner_record_id WHERE "
    )
    for row in rows_for(conn, select + "r.person_id IN ({})", around):
        linking[row[0]] = row
    own = dict(rows_for(conn, "SELECT id, person_id FROM records WHERE person_id IN ({})", around))
    for row in rows_for(conn, select + "r.owner_record_id IN ({})", own):
        linking[row[0]] = row
    for _, owner, person, is_connection, ended_at, connected_on in linking.values():
        if owner != person and is_connection == 1 and ended_at is None:
            features = ties[pair(owner, person)]
            features.connected = True
            if connected_on and (not features.connected_on or connected_on < features.connected_on):
                features.connected_on = connected_on

    _add_interaction_rows(
        ties,
        _grouped_interactions(conn, [rid for rid, owner, person, *_ in linking.values() if owner != person]),
    )

    if len(members) <= TEAM_CLIQUE_MAX:
        for a in around & members:
            for b in members:
                if a != b:
                    ties[pair(a, b)].teammates = True
    else:
        for (a, b), features in ties.items():
            if a in members and b in members:
                features.teammates = True

    ends = {p for key in ties for p in key}
    _add_shared_employers_of(conn, ties, ends)

    keys = {
        row[0]
        for row in rows_for(
            conn,
            "SELECT company_key FROM people WHERE merged_into IS NULL AND company_key != '' AND id IN ({})",
            around,
        )
    }
    for key in sorted(keys):
        infers, people = _company_infers(conn, key, members) if company is None else company(key)
        if not infers:
            continue
        name = conn.execute(
            "SELECT company FROM people WHERE company_key = ? AND merged_into IS NULL ORDER BY id LIMIT 1",
            (key,),
        ).fetchone()[0]
        for member in (p for p in people if p in members):
            for other in people:
                if other != member and (member in around or other in around):
                    ties[pair(member, other)].same_company = name
    own_groups = _memberships(conn, own, "g.id, g.name")
    groups = {group_id for _, group_id, _ in own_groups}
    # Of a group above the cap (``large_groups``, as the caller keeps them) only its hosts and its
    # active members make ties: its other memberships, most of its rows, are not read.
    by_group: dict[int, list[tuple[int, str, int]]] = defaultdict(list)
    select = (
        "SELECT m.group_id, r.person_id, m.role, m.posts FROM memberships m"
        " JOIN records r ON r.id = m.record_id JOIN groups g ON g.id = m.group_id WHERE m.group_id IN ({})"
    )
    for group_id, person, role, posts in rows_for(conn, select, groups - large_groups) + rows_for(
        conn, select + " AND (m.role IN ('owner', 'manager') OR m.posts > 0)", groups & large_groups
    ):
        by_group[group_id].append((person, role, posts))
    for group_id, listed in by_group.items():
        if group_id not in large_groups:
            for i, (a, _, _) in enumerate(listed):
                for b, _, _ in listed[i + 1 :]:
                    if a != b and (a in around or b in around):
                        ties[pair(a, b)]
        else:
            active = [p for p, _, posts in listed if posts > 0]
            for host in (p for p, role, _ in listed if role in {"owner", "manager"}):
                for other in active:
                    if host != other and (host in around or other in around):
                        ties[pair(host, other)]

    # The groups both ends of each tie are in. One end is among ``around`` (each tie found has one
    # there), so of the other end only the groups those name are read, not all of theirs: the
    # members at the far end of a new export's ties are listed by hundreds of exports each, and
    # looking up every record of theirs (1.8 million at 2,000 x 5,000) in the memberships was
    # 1.4 s of CPU, for the 45 groups the reached people are in.
    in_groups: dict[int, set[str]] = defaultdict(set)
    for record, _, name in own_groups:
        in_groups[own[record]].add(name)
    names = set().union(*in_groups.values())
    named = [group_id for group_id, name in conn.execute("SELECT id, name FROM groups") if name in names]
    memberships = _memberships(conn, named, "g.name", by="m.group_id")
    whose = dict(
        rows_for(conn, "SELECT id, person_id FROM records WHERE id IN ({})", {r for r, _ in memberships})
    )
    far = {p for key in ties for p in key} - around
    for record, name in memberships:
        if whose[record] in far:
            in_groups[whose[record]].add(name)
    _add_shared_groups(ties, in_groups)
    return dict(ties)


def _memberships(conn, ids: Iterable[int], columns: str, by: str = "m.record_id") -> list[tuple]:
    """``(record, *columns)`` of the memberships (``m``, with its group ``g``) whose ``by`` is among
    ``ids``: of records (by default) or of groups (``m.group_id``)."""
    from graphintro.changes import rows_for

    return rows_for(
        conn,
        f"SELECT m.record_id, {columns} FROM memberships m JOIN groups g ON g.id = m.group_id"
        f" WHERE {by} IN ({{}})",
        ids,
    )
