"""What ``graphintro sync`` writes to Neo4j: the embedded store's people, groups and ties as rows.

Every number a query ranks with (strengths, evidence, analysed topic terms, profile fields) is
computed here by the embedded code, so the Neo4j backend answers with the same figures.
"""

from __future__ import annotations

import itertools
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
        degree: dict[int, int] = defaultdict(int)
        real_ends: list[int] = []  # as TieGraph.is_direct: connected, exchanged or teammates
        for (a, b), features in self.ties.items():
            degree[a] += 1
            degree[b] += 1
            if features.direct or features.teammates:
                real_ends += (a, b)
        self.degree = degree
        self.team = {
            row[0]
            for row in conn.execute("SELECT id FROM people WHERE is_member = 1 AND merged_into IS NULL")
        }
        self.real = _RealTies(real_ends, self.team)
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

        dates, as_of, weights, names = self.dates, self.as_of, self.weights, self.names
        ties = iter(self.ties.items())
        while chunk := list(itertools.islice(ties, batch)):
            columns: dict[str, list] = {
                "a": [a for (a, _), _ in chunk],
                "b": [b for (_, b), _ in chunk],
                "s": [],
                "d": [],
                "e": [],
                "m": [],
            }
            mutual = self.real.mutual_counts(columns["a"], columns["b"])
            for ((a, b), features), count in zip(chunk, mutual, strict=True):
                reference = tie_reference(a, b, dates, as_of)
                # the strength with the features as collect_ties counted them, as the embedded graph does
                columns["s"].append(tie_strength(features, weights, reference))
                features.mutual = count  # the evidence's count, as TieGraph.mutual_count
                columns["d"].append(bool(features.direct or features.teammates))
                columns["e"].append(  # names only for a recommendation's sentence
                    tie_evidence(
                        features,
                        reference,
                        {a: names.get(a, ""), b: names.get(b, "")} if features.recommendations else None,
                    )
                )
                columns["m"].append(features.last_message or None)
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


class _RealTies:
    """The real ties (connected, exchanged or teammates), to count the mutual contacts of each tie
    as ``TieGraph.mutual_count`` does: the people with a real tie to both ends, the rest of the team
    left out between two teammates.

    A tie's count is the size of its ends' contacts' intersection (nobody has a tie to themselves,
    so neither end is ever counted), except between teammates: each has about a thousand contacts
    at the large size, so all their counts are made at once in numpy (``teammates``), from each
    outsider's teammates (an outsider known to k members makes k(k-1)/2 pairs)."""

    def __init__(self, ends: list[int], team: set[int]) -> None:
        import numpy as np

        self.team = team
        self.contacts: dict[int, set[int]] = defaultdict(set)
        for i in range(0, len(ends), 2):
            self.contacts[ends[i]].add(ends[i + 1])
            self.contacts[ends[i + 1]].add(ends[i])
        pairs = np.array(ends, dtype=np.int64).reshape(-1, 2)
        members = np.fromiter(team, dtype=np.int64, count=len(team))
        first_in, second_in = np.isin(pairs[:, 0], members), np.isin(pairs[:, 1], members)
        outside = pairs[first_in != second_in]
        member_end = np.where(first_in[first_in != second_in], outside[:, 0], outside[:, 1])
        outsider = np.where(first_in[first_in != second_in], outside[:, 1], outside[:, 0])
        order = np.lexsort((member_end, outsider))
        self.teammates: dict[int, int] = _teammate_counts(outsider[order], member_end[order])

    def mutual_counts(self, a: list[int], b: list[int]) -> list[int]:
        """The mutual contacts of each tie ``a[i]``–``b[i]``."""
        team, contacts, teammates = self.team, self.contacts, self.teammates
        nobody: frozenset[int] = frozenset()
        return [
            teammates.get((min(x, y) << 32) | max(x, y), 0)
            if x in team and y in team
            else len(contacts.get(x, nobody) & contacts.get(y, nobody))
            for x, y in zip(a, b, strict=True)
        ]


# Teammates' pairs made at once (``_teammate_counts``): 16 bytes each in flight, a few arrays of them.
PAIRS_AT_ONCE = 1 << 20


def _teammate_counts(outsider, member_end) -> dict[int, int]:
    """How many outsiders each pair of teammates shares, keyed ``low << 32 | high``, from the
    outsiders' ties to members sorted by outsider then member (``outsider[i]``–``member_end[i]``).

    An outsider known to k members makes k(k-1)/2 pairs: 15 million at the large size, whose
    arrays made at once took about 500 MB more than the counts (the sync's peak RSS). They are made
    a few outsiders at a time instead, at most ``PAIRS_AT_ONCE`` pairs each time (or one outsider's,
    when more), and each part's counts merged into the total."""
    import numpy as np

    at_once = PAIRS_AT_ONCE

    later = np.searchsorted(outsider, outsider, side="right") - np.arange(len(outsider)) - 1
    changes = np.flatnonzero(outsider[1:] != outsider[:-1]) + 1
    starts = np.r_[0, changes, len(outsider)] if len(outsider) else np.zeros(1, dtype=np.int64)
    made_by = np.r_[0, np.cumsum(later)]  # pairs made before each tie (and in all, last)
    bounds = made_by[starts]  # pairs made before each outsider (and in all, last)
    keys, counts = np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    group = 0
    while group < len(starts) - 1:
        last = int(np.searchsorted(bounds, bounds[group] + at_once, side="right")) - 1
        last = min(max(last, group + 1), len(starts) - 1)
        begin, end = starts[group], starts[last]
        made = later[begin:end]
        left = np.repeat(np.arange(begin, end), made)
        right = left + 1 + np.arange(len(left)) - np.repeat(np.cumsum(made) - made, made)
        part, times = np.unique((member_end[left] << 32) | member_end[right], return_counts=True)
        merged, where = np.unique(np.concatenate((keys, part)), return_inverse=True)
        totals = np.bincount(where, weights=np.concatenate((counts, times)), minlength=len(merged))
        keys, counts = merged, totals.astype(np.int64)
        group = last
    return dict(zip(keys.tolist(), counts.tolist(), strict=True))


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
                    # the row's length in the embedded index (FTS5 counts every token of every field)
                    "t_tokens": sum(len(value.split()) for value in terms.values()),
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


# The format of the people's topic fields on the server, recorded by each sync (``topic_format``): the
# embedded index's tokens (``topic_index.INDEX_VERSION``) and the mirror's own fields (1: ``t_tokens``,
# each person's length in tokens, with which the candidates are ranked as the embedded index ranks them).
MIRROR_TOPICS = 1


def topic_format() -> str:
    """What a sync records and the topic questions expect: ``"<INDEX_VERSION>.<MIRROR_TOPICS>"``."""
    from graphintro.backends.topic_index import INDEX_VERSION

    return f"{INDEX_VERSION}.{MIRROR_TOPICS}"


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
