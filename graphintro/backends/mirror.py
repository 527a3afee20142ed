"""What ``graphintro sync`` writes to Neo4j: the embedded store's people, groups and ties as rows.

Every number a query ranks with (strengths, evidence, analysed topic terms, profile fields) is
computed here by the embedded code, so the Neo4j backend answers with the same figures.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator


class Mirror:
    """The rows ``graphintro sync`` writes, made batch by batch as they are sent.

    Only what every row needs is computed up front (the ties' features, the people's "real" ties
    for the mutual counts, their degrees); people, memberships and ties are turned into rows a
    batch at a time, so a million ties never sit in memory as a million row dicts."""

    def __init__(self, store) -> None:
        from graphintro.graph import collect_ties, reference_date
        from graphintro.member_exports import member_dates
        from graphintro.strength import load_weights

        self.store = store
        conn = store.conn
        self.as_of = reference_date(store)
        self.dates = member_dates(store)
        self.weights = load_weights()
        self.ties = collect_ties(store)
        self.names = dict(conn.execute("SELECT id, name FROM people WHERE merged_into IS NULL"))
        real: dict[int, set[int]] = defaultdict(
            set
        )  # as TieGraph.is_direct: connected, exchanged or teammates
        degree: dict[int, int] = defaultdict(int)
        for (a, b), features in self.ties.items():
            degree[a] += 1
            degree[b] += 1
            if features.direct or features.teammates:
                real[a].add(b)
                real[b].add(a)
        self.real, self.degree = real, degree
        self.team = {
            row[0]
            for row in conn.execute("SELECT id FROM people WHERE is_member = 1 AND merged_into IS NULL")
        }
        self.people_count = len(self.names)

    def tie_columns(self, batch: int) -> Iterator[dict[str, list]]:
        """The ties ``batch`` at a time, in the ties' order, as parallel lists (one value per tie in
        each): ``a``, ``b`` (the ends, lower id first), ``s`` (strength), ``d`` (real: connected,
        exchanged or teammates), ``e`` (evidence sentences), ``m`` (last message or None).

        Parallel lists rather than a dict per tie: the driver packs a few long lists of numbers and
        strings faster than a million six-key maps, and no dict is made per tie. Each tie's strength
        and evidence come from ``strength.tie_strength`` and ``strength.tie_evidence`` as before;
        the strengths of a batch are rounded to float32 together (``_float32``)."""
        from graphintro.member_exports import tie_reference
        from graphintro.strength import tie_evidence, tie_strength

        dates, as_of, weights, names, real, team = (
            self.dates,
            self.as_of,
            self.weights,
            self.names,
            self.real,
            self.team,
        )
        nobody: frozenset[int] = frozenset()
        columns = _empty_columns()
        for (a, b), features in self.ties.items():
            reference = tie_reference(a, b, dates, as_of)
            # the strength with the features as collect_ties counted them, as the embedded graph does
            strength = tie_strength(features, weights, reference)
            # Mutual contacts as TieGraph.mutual_count: over the real ties (teammates' too), and between
            # two teammates the rest of the team does not count. Nobody has a tie to themselves, so
            # neither end is ever among the people both ends know.
            shared = real.get(a, nobody) & real.get(b, nobody)
            features.mutual = len(shared - team) if a in team and b in team else len(shared)
            columns["a"].append(a)
            columns["b"].append(b)
            columns["s"].append(strength)
            columns["d"].append(bool(features.direct or features.teammates))
            columns["e"].append(  # names only for a recommendation's sentence
                tie_evidence(
                    features,
                    reference,
                    {a: names.get(a, ""), b: names.get(b, "")} if features.recommendations else None,
                )
            )
            columns["m"].append(features.last_message or None)
            if len(columns["a"]) == batch:
                columns["s"] = _float32(columns["s"])
                yield columns
                columns = _empty_columns()
        if columns["a"]:
            columns["s"] = _float32(columns["s"])
            yield columns

    def people_rows(self, batch: int) -> Iterator[tuple[list[dict], list[dict]]]:
        """(people, their group memberships), ``batch`` people at a time (``_people``)."""
        return _people(self.store, self.degree, batch)

    def handles(self) -> dict[str, int]:
        """Each handle's key and the person it designates (``_handles``)."""
        return _handles(self.store)

    def groups(self) -> list[dict]:
        return _groups(self.store)


def _empty_columns() -> dict[str, list]:
    return {"a": [], "b": [], "s": [], "d": [], "e": [], "m": []}


def _float32(values: list[float]) -> list[float]:
    """The strengths as the embedded graph holds them (float32), so both backends add the same costs."""
    import numpy as np

    return np.array(values, dtype=np.float32).tolist()


def _people(store, degree: dict[int, int], batch: int) -> Iterator[tuple[list[dict], list[dict]]]:
    """One row per person (display, search, topic and quality fields) and their group memberships,
    ``batch`` people at a time."""
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
    for start in range(0, len(rows), batch):
        chunk = rows[start : start + batch]
        people: list[dict] = []
        memberships: list[dict] = []
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
        yield people, memberships


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


def _handles(store) -> dict[str, int]:
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
    return handles


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
