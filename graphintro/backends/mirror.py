"""What ``graphintro sync`` writes to Neo4j: the embedded store's people, groups and ties as rows.

Every number a query ranks with (strengths, evidence, analysed topic terms, profile fields) is
computed here by the embedded code, so the Neo4j backend answers with the same figures.
"""

from __future__ import annotations

from collections import defaultdict


def mirror_rows(store) -> dict:
    """``{"people", "handles", "groups", "memberships", "ties", "as_of"}``, lists of plain dicts."""
    from graphintro.graph import collect_ties, reference_date
    from graphintro.strength import load_weights, tie_evidence, tie_strength

    conn = store.conn
    from graphintro.member_exports import member_dates, tie_reference

    as_of = reference_date(store)
    dates = member_dates(store)
    weights = load_weights()
    ties = collect_ties(store)
    names = dict(conn.execute("SELECT id, name FROM people WHERE merged_into IS NULL"))
    strengths = {
        (a, b): float(_float32(tie_strength(features, weights, tie_reference(a, b, dates, as_of))))
        for (a, b), features in ties.items()
    }
    real: dict[int, set[int]] = defaultdict(set)  # as TieGraph.is_direct: connected, exchanged or teammates
    for (a, b), features in ties.items():
        if features.direct or features.teammates:
            real[a].add(b)
            real[b].add(a)
    team = {
        row[0] for row in conn.execute("SELECT id FROM people WHERE is_member = 1 AND merged_into IS NULL")
    }
    tie_rows = []
    for (a, b), features in ties.items():
        small, large = sorted((real.get(a, set()), real.get(b, set())), key=len)
        left_out = (
            team if a in team and b in team else ()
        )  # as TieGraph.mutual_count: teammates' mutuals skip the team
        features.mutual = sum(1 for n in small if n in large and n not in (a, b) and n not in left_out)
        tie_rows.append(
            {
                "a": a,
                "b": b,
                "s": strengths[(a, b)],
                "d": bool(features.direct or features.teammates),
                "e": tie_evidence(
                    features, tie_reference(a, b, dates, as_of), {a: names.get(a, ""), b: names.get(b, "")}
                ),
                "m": (features.last_message or None),
            }
        )
    degree: dict[int, int] = defaultdict(int)
    for a, b in ties:
        degree[a] += 1
        degree[b] += 1
    people, memberships = _people(store, degree)
    return {
        "people": people,
        "handles": _handles(store),
        "groups": _groups(store),
        "memberships": memberships,
        "ties": tie_rows,
        "as_of": as_of.isoformat(),
    }


def _float32(value: float) -> float:
    """The strength as the embedded graph holds it (float32), so both backends add the same costs."""
    import numpy as np

    return float(np.float32(value))


def _people(store, degree: dict[int, int]) -> tuple[list[dict], list[dict]]:
    """One row per person (display, search, topic and quality fields) and their group memberships."""
    from graphintro.backends.topic_index import _profiles
    from graphintro.identity import fold
    from graphintro.topics import FIELD_WEIGHTS, _term_token, analyze

    rows = store.conn.execute(
        "SELECT id, name, company, company_key, position, industry, is_member, name_key, search_text, url"
        " FROM people WHERE merged_into IS NULL ORDER BY id"
    ).fetchall()
    known_industry = {
        row["company_key"]: row["industry"] for row in rows if row["company_key"] and row["industry"]
    }
    from graphintro.graph import reference_date
    from graphintro.member_exports import member_exports

    exports = member_exports(store, reference_date(store).isoformat())
    people, memberships = [], []
    for start in range(0, len(rows), 5000):
        chunk = rows[start : start + 5000]
        profiles = _profiles(store, [row["id"] for row in chunk])
        for row in chunk:
            profile = profiles[row["id"]]
            terms = {
                f"t_{name}": " ".join(
                    _term_token(t) for text in profile.fields.get(name, []) for t in analyze(text)
                )
                for name in FIELD_WEIGHTS
            }
            people.append(
                {
                    "id": row["id"],
                    "name": row["name"],
                    "company": row["company"],
                    "company_key": row["company_key"],
                    "company_fold": fold(row["company"]),
                    "position": row["position"],
                    "position_fold": fold(row["position"]),
                    "name_key": index_key(row["name_key"]),
                    "search_text": row["search_text"],
                    "url": row["url"],
                    "member": bool(row["is_member"]),
                    "industry": row["industry"] or "",
                    "company_industry": known_industry.get(row["company_key"], ""),
                    "degree": degree.get(row["id"], 0),
                    "titles": profile.fields.get("title", []),
                    "companies": profile.fields.get("company", []),
                    "skills": _own_skills(profile),
                    "field_order": list(profile.fields),
                    "endorsed_skills": list(profile.endorsements),
                    "endorsed_counts": list(profile.endorsements.values()),
                    **terms,
                }
            )
            if row["id"] in exports:  # the member's export date and evidence, for the score
                people[-1]["exports"] = exports[row["id"]].to_json()
            for rank, (group_id, _, role, posts) in enumerate(profile.groups):
                memberships.append(
                    {"person": row["id"], "group": group_id, "role": role, "posts": posts, "rank": rank}
                )
    return people, memberships


def _own_skills(profile) -> list[str]:
    """The skills listed on the profile: ``_profiles`` appends the endorsed ones after them."""
    skills = profile.fields.get("skills", [])
    return skills[: len(skills) - len(profile.endorsements)]


# Neo4j's range indexes refuse a property value over about 8 kB, and anyone can make their name
# 10,000 characters long. Indexed keys are cut to this many characters (4 kB of UTF-8 at most), the
# same way when they are written and when they are looked up.
INDEX_KEY_CHARS = 1000


def index_key(key: str) -> str:
    """``key`` as the Neo4j indexes hold it: its first ``INDEX_KEY_CHARS`` characters."""
    return key[:INDEX_KEY_CHARS]


def _handles(store) -> list[dict]:
    """Profile URLs, emails and merged-away ids, each pointing at the person it designates now."""
    handles: dict[str, int] = {}
    for url_key, email_key, person in store.conn.execute(
        "SELECT r.url_key, r.email_key, r.person_id FROM records r JOIN people p ON p.id = r.person_id"
        " WHERE p.merged_into IS NULL ORDER BY r.id"
    ):
        if url_key:
            handles.setdefault(index_key(f"url:{url_key}"), person)
        if email_key:
            handles.setdefault(index_key(f"email:{email_key}"), person)
    for (old,) in store.conn.execute("SELECT id FROM people WHERE merged_into IS NOT NULL"):
        handles[f"id:{old}"] = store.resolve_id(old)
    return [{"key": key, "person": person} for key, person in handles.items()]


def _groups(store) -> list[dict]:
    from graphintro.topics import analyze

    members = dict(
        store.conn.execute(
            "SELECT m.group_id, COUNT(DISTINCT r.person_id) FROM memberships m JOIN records r ON r.id = m.record_id"
            " GROUP BY m.group_id"
        )
    )
    return [
        {
            "id": group_id,
            "name": name,
            "description": description or "",
            "terms": sorted(set(analyze(f"{name} {description}"))),
            "members": members.get(group_id, 0),
        }
        for group_id, name, description in store.conn.execute("SELECT id, name, description FROM groups")
    ]
