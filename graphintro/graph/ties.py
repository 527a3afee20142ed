"""Which ties exist in the store and what is known of each (``TieFeatures``): the reading of the
store (the filters of a few people, the members' employers, the groups) and the features of a few
ties held as ``TieFeatures`` (what a catch-up redoes, ``around``); the whole store's ties are
collected as columns (``columns.collect_tie_columns``, in the same phases).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import TYPE_CHECKING

from graphintro.store import Store
from graphintro.strength import TieFeatures

if TYPE_CHECKING:
    from collections.abc import Collection, Iterable


INFERRED_COMPANY_MAX = 300
INFERRED_GROUP_MAX = 50
TEAM_CLIQUE_MAX = 50

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


def _add_shared_employers(
    ties: dict[Pair, TieFeatures], employers: dict[int, dict[str, str]], companies: dict[int, dict[str, str]]
) -> None:
    """Companies both ends worked at (one of them may still be there), on the ties found so far."""
    for (a, b), features in ties.items():
        if a not in employers and b not in employers:
            continue  # only members tell their past employers: most ties have none to share
        shared = (
            employers.get(a, {}).keys() & (employers.get(b, {}).keys() | companies.get(b, {}).keys())
        ) | (employers.get(b, {}).keys() & companies.get(a, {}).keys())
        features.shared_employers = sorted(
            {employers.get(a, {}).get(k) or employers.get(b, {}).get(k) or k for k in shared}
        )


def _add_shared_groups(ties: dict[Pair, TieFeatures], in_groups: dict[int, set[str]]) -> None:
    """The groups both ends belong to, on every tie (inferred ones included)."""
    for (a, b), features in ties.items():
        if a in in_groups and b in in_groups:
            features.shared_groups = sorted(in_groups[a] & in_groups[b])


def _filter(conn, only: set[int] | None) -> tuple[str, list]:
    """Both ends of a tie (the owner's record ``o`` and the contact's ``r``) among the people ``only``.

    Shaped for a cold store: a person known to many exports has hundreds of records spread over
    the file, and reading each row to find the few written by one of ``only`` costs a disk read
    apiece. An owner's record is their own (it has no owner), so the owners' records are found in
    the ``records_own`` index (a member's own among the thousand they have in teammates' exports;
    the planner would read every owner's record instead, 5 ms at 2,000 x 5,000), then the
    contacts' records under them in the ``records_person`` index alone (person_id, id,
    owner_record_id); the queries then read only the rows of the records that link two of ``only``.
    """
    if only is None:
        return "", []
    people = sorted(only)
    marks = ",".join("?" * len(people))
    owners = [
        row[0]
        for row in conn.execute(
            f"SELECT id FROM records INDEXED BY records_own WHERE person_id IN ({marks}) AND owner_record_id IS NULL",
            people,
        )
    ]
    linking = (
        [
            row[0]
            for row in conn.execute(  # "+": the owner's records index would read all their contacts
                f"SELECT id FROM records WHERE person_id IN ({marks}) AND +owner_record_id IN ({','.join('?' * len(owners))})",
                people + owners,
            )
        ]
        if owners
        else []
    )
    return f" AND r.id IN ({','.join('?' * len(linking))})", linking


def _add_interaction_rows(ties: dict[Pair, TieFeatures], rows: Iterable[tuple]) -> None:
    """The interactions' features from ``(owner, peer, kind, direction, count, latest, details)`` rows,
    one per (owner, peer, kind, direction)."""
    counts: dict[tuple[Pair, str, bool], int] = defaultdict(int)
    for owner, peer, kind, direction, n, last, skills in rows:
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
    return conn.execute("SELECT COUNT(*) FROM people WHERE is_member = 1 AND merged_into IS NULL").fetchone()[
        0
    ]


def _employers(conn, only: set[int] | None = None) -> dict[int, dict[str, str]]:
    """Companies each member worked at (their Positions.csv), as {company_key: company}."""
    employers: dict[int, dict[str, str]] = defaultdict(dict)
    where, args = _restrict("o.person_id", only)
    owners = "records o"
    if only is not None:
        where += (
            " AND o.owner_record_id IS NULL"  # positions are the owner's own (Positions.csv): their record
        )
        owners = "records o INDEXED BY records_own"  # (see _filter)
    for person, key, company in conn.execute(
        f"SELECT o.person_id, p.company_key, p.company FROM positions p JOIN {owners} ON o.id = p.record_id"
        " WHERE 1" + where,
        args,
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
        "SELECT id, company_key, company FROM people WHERE merged_into IS NULL AND company_key != ''" + where,
        args,
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
        " JOIN groups g ON g.id = m.group_id WHERE 1" + where,
        args,
    ):
        by_person[person].add(name)
        by_group[name].append((person, role, posts))
        group_ids[name] = group_id
    sizes = {name: len(people) for name, people in by_group.items()}
    if only is not None:
        # Only the cap matters, and only where two of ``only`` meet: a group of thousands is not
        # counted to the last member (each is a record read from a cold file).
        sizes = {
            name: conn.execute(
                "SELECT COUNT(*) FROM (SELECT DISTINCT r.person_id FROM memberships m JOIN records r ON r.id = m.record_id"
                " WHERE m.group_id = ? LIMIT ?)",
                (group_ids[name], INFERRED_GROUP_MAX + 1),
            ).fetchone()[0]
            for name, people in by_group.items()
            if len({person for person, _, _ in people}) > 1
        }
    return {"by_person": by_person, "by_group": by_group, "sizes": sizes}


def _add_ratings(
    store: Store,
    ties: dict[Pair, TieFeatures],
    only: set[int] | None,
    touching: set[int] | None = None,
    pairs: Collection[Pair] = (),
) -> None:
    """Manual ratings, on the people their ids stand for now (merges may have happened since): of the
    ties among ``only``, or of those with an end among ``touching`` and of ``pairs``, or all."""
    rows = store.conn.execute("SELECT a_id, b_id, rating, note FROM tie_ratings ORDER BY rated_at").fetchall()
    for a, b, rating, note in rows:
        a, b = store.resolve_id(a), store.resolve_id(b)
        if a == b or (only is not None and not {a, b} <= only):
            continue
        if touching is not None and a not in touching and b not in touching and pair(a, b) not in pairs:
            continue
        features = ties[pair(a, b)]
        features.rating, features.rating_note = rating, note
