"""One person as a whole: who they are, which teammates know them and how strongly, their groups and
the job changes the exports revealed. The web app's person page; usable from a notebook too.

Only reads: the strengths come from the tie graph (the same numbers ``path`` uses), the evidence
from ``graph.describe_ties`` (the same sentences ``path`` prints).
"""

from __future__ import annotations

from graphintro.errors import NotFoundError
from graphintro.identity import fold
from graphintro.store import Store

# Evidence is collected for the strongest teammates only: a member of a large team is a teammate of
# hundreds, and each tie's evidence reads the store.
KNOWN_BY_LIMIT = 12


def person_profile(store: Store, person_id: int, graph, known_by_limit: int = KNOWN_BY_LIMIT) -> dict:
    """``{"person", "known_by", "known_by_total", "groups", "positions", "changes"}`` for ``person_id``.

    ``known_by``: the team members with a real tie to the person (strongest first, each with the
    tie's strength and evidence); ``positions``: the jobs their own export lists (members) or that a
    teammate's export showed; ``changes``: company and title changes seen between two exports.
    """
    from graphintro.graph import describe_ties
    from graphintro.people import describe_people

    person_id = store.resolve_id(person_id)
    found = describe_people(store, [person_id])
    if not found:
        raise NotFoundError(f"no person with id {person_id}")
    person = found[0]
    extra = store.conn.execute("SELECT headline, industry FROM people WHERE id = ?", (person_id,)).fetchone()
    person["headline"], person["industry"] = extra["headline"], extra["industry"]
    members = [
        row[0]
        for row in store.conn.execute(
            "SELECT id FROM people WHERE is_member = 1 AND merged_into IS NULL ORDER BY id"
        )
    ]
    tied = sorted(
        (
            (graph.strength_between(m, person_id), m)
            for m in members
            if m != person_id and graph.is_direct(m, person_id)
        ),
        reverse=True,
    )
    shown = tied[:known_by_limit]
    evidence = describe_ties(store, graph, [(m, person_id) for _, m in shown])
    names = {p["id"]: p["name"] for p in describe_people(store, [m for _, m in shown])} if shown else {}
    known_by = [
        {
            "id": m,
            "name": names.get(m, f"#{m}"),
            "strength": round(strength, 6),
            "evidence": evidence[(m, person_id)][1],
        }
        for strength, m in shown
    ]
    return {
        "person": person,
        "known_by": known_by,
        "known_by_total": len(tied),
        "groups": _groups(store, person_id),
        "positions": _positions(store, person_id),
        "changes": _changes(store, person_id),
    }


def _groups(store: Store, person_id: int) -> list[dict]:
    rows = store.conn.execute(
        "SELECT g.id, g.name, g.description, MAX(m.posts) AS posts,"
        " MIN(CASE m.role WHEN 'owner' THEN 0 WHEN 'manager' THEN 1 ELSE 2 END) AS rank"
        " FROM memberships m JOIN records r ON r.id = m.record_id JOIN groups g ON g.id = m.group_id"
        " WHERE r.person_id = ? GROUP BY g.id ORDER BY rank, g.name",
        (person_id,),
    )
    roles = ("owner", "manager", "member")
    return [
        {
            "id": row["id"],
            "name": row["name"],
            "description": row["description"],
            "posts": row["posts"],
            "role": roles[row["rank"]],
        }
        for row in rows
    ]


def _positions(store: Store, person_id: int) -> list[dict]:
    rows = store.conn.execute(
        "SELECT DISTINCT p.company, p.title, p.started_on, p.finished_on FROM positions p"
        " JOIN records r ON r.id = p.record_id WHERE r.person_id = ?"
        " ORDER BY p.finished_on IS NOT NULL, COALESCE(p.started_on, '') DESC",
        (person_id,),
    )
    return [dict(row) for row in rows]


def _changes(store: Store, person_id: int) -> list[dict]:
    rows = store.conn.execute(
        "SELECT rc.field, rc.old_value, rc.new_value, COALESCE(rc.changed_at, i.export_date, i.imported_at) AS at,"
        " op.name AS seen_by FROM record_changes rc JOIN records r ON r.id = rc.record_id"
        " JOIN imports i ON i.id = rc.import_id LEFT JOIN records o ON o.id = r.owner_record_id"
        " LEFT JOIN people op ON op.id = o.person_id WHERE r.person_id = ? ORDER BY at DESC, rc.id DESC",
        (person_id,),
    )
    return [
        {
            "field": row["field"],
            "old": row["old_value"],
            "new": row["new_value"],
            "at": (row["at"] or "")[:10],
            "seen_by": row["seen_by"],
        }
        for row in rows
    ]


def search_companies(store: Store, query: str, limit: int = 8) -> list[dict]:
    """Companies whose name has a word starting with each word of ``query`` (accents and case
    ignored), with how many people are there now: what ``path --company`` can reach."""
    words = fold(query).split()
    if not words:
        return []
    sql = "SELECT MIN(company) AS company, COUNT(*) AS people FROM people WHERE merged_into IS NULL AND company != ''"
    args: list = []
    for word in words:
        sql += " AND (' ' || company_key) LIKE ?"
        args.append(f"% {word}%")
    sql += f" GROUP BY company_key ORDER BY people DESC, MIN(company) LIMIT {int(limit)}"
    return [{"company": row["company"], "people": row["people"]} for row in store.conn.execute(sql, args)]
