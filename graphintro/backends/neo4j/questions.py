"""The ``Backend`` questions answered from a Neo4j server: Cypher hands back the bounded subgraph
each question needs and the embedded algorithms rank it (see ``graphintro.backends.neo4j``)."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable, Iterator
from datetime import date

from graphintro.backends.mirror import index_key
from graphintro.backends.neo4j.connection import (
    _ID,
    _LUCENE_SPECIAL,
    BATCH,
    FULLTEXT,
    TOPIC_FIELDS,
    BackendError,
    Neo4jServer,
    public_uri,
)
from graphintro.errors import AmbiguousNameError, NotFoundError, UsageError
from graphintro.identity import fold, name_key, normalize_email, normalize_url


class Neo4jBackend(Neo4jServer):
    """The ``Backend`` questions answered from a Neo4j server (see the package docstring)."""

    name = "neo4j"

    def resolve_person(self, text: str, member_first: bool = False) -> int:
        """Same rules as ``people.resolve_person``: an id, a profile URL, an email, then a name (a
        member's own, with ``member_first``)."""
        self._require_data()
        text = (text or "").strip()
        if not text:
            raise UsageError("an empty name designates nobody")
        match = _ID.match(text)
        url_key = normalize_url(text) if ("/" in text and "." in text) else ""
        email = "" if url_key else normalize_email(text)
        if match or url_key or email:
            key = f"id:{match.group(1)}" if match else (f"url:{url_key}" if url_key else f"email:{email}")
            rows = self.run(
                "MATCH (p:Person {id: $id}) RETURN p.id AS id UNION "
                "MATCH (:Handle {key: $key})-[:OF]->(p:Person) RETURN p.id AS id",
                id=int(match.group(1)) if match else -1,
                key=index_key(key),
            )
            if rows:
                return rows[0]["id"]
            what = (
                f"id {match.group(1)}"
                if match
                else (f"the profile URL {text}" if url_key else f"the email {text}")
            )
            raise NotFoundError(f"nobody has {what}" if not match else f"no person with {what}")
        rows = self.run(
            "MATCH (p:Person {name_key: $key}) RETURN p.id AS id, p.name AS name, p.member AS member"
            " ORDER BY p.member DESC, p.id",
            key=index_key(name_key(text)),
        )
        exact = [row["id"] for row in rows]
        members = [row["id"] for row in rows if row["member"]]
        if member_first and len(members) == 1:
            return members[0]
        if len(exact) > 1:
            spelled = [row["id"] for row in rows if fold(row["name"]) == fold(text)]
            exact = spelled if len(spelled) == 1 else exact
        candidates = exact or self.search_people(text, limit=50)
        if len(candidates) == 1:
            return candidates[0]
        if not candidates:
            raise NotFoundError(f"nobody matches '{text}'")
        raise AmbiguousNameError(text, self.describe_people(candidates))

    def search_people(self, query: str, limit: int = 50) -> list[int]:
        """Ids of people with a word starting with each word of ``query`` (as ``graphintro people``)."""
        words = [f" {word}" for word in fold(query).split()]
        rows = self.run(
            "MATCH (p:Person) WHERE all(w IN $words WHERE (' ' + p.search_text) CONTAINS w)"
            " RETURN p.id AS id ORDER BY p.member DESC, p.name_key, p.id LIMIT $limit",
            words=words,
            limit=limit,
        )
        return [row["id"] for row in rows]

    def describe_people(self, ids: list[int]) -> list[dict]:
        rows = self.run(
            "UNWIND $ids AS id MATCH (p:Person {id: id})"
            " RETURN p.id AS id, p.name AS name, p.company AS company, p.position AS position,"
            " p.url AS url, p.member AS member",
            ids=list(ids),
        )
        found = {row["id"]: dict(row) for row in rows}
        return [found[i] for i in ids if i in found]

    def team_members(self) -> list[int]:
        return [row["id"] for row in self.run("MATCH (p:Member) RETURN p.id AS id ORDER BY id")]

    def company_people(self, company: str, title: str | None = None) -> list[int]:
        """As ``LocalBackend.company_people``: the folded company, or a whole-word part of it; title words."""
        key = fold(company)
        if not key:
            raise UsageError("--company needs a name")
        words = [fold(w) for w in (title or "").split("|") if fold(w)]
        rows = self.run(
            "MATCH (p:Person) WHERE p.company_fold <> '' AND (p.company_fold = $key"
            " OR (' ' + p.company_fold + ' ') CONTAINS $padded)"
            " AND (size($words) = 0 OR any(w IN $words WHERE (' ' + p.position_fold + ' ') CONTAINS"
            " (' ' + w + ' '))) RETURN p.id AS id ORDER BY id",
            key=key,
            padded=f" {key} ",
            words=words,
        )
        return [row["id"] for row in rows]

    def people_count(self) -> int:
        return self.run("MATCH (p:Person) RETURN count(p) AS n")[0]["n"]

    # -- paths -----------------------------------------------------------------------------------

    def _adjacency(self, ids: list[int], within: set[int] | None = None) -> Iterator[tuple]:
        """Every tie of ``ids`` (to people of ``within`` only, if given): (person, neighbour,
        strength, direct, neighbour's degree), fetched as one list per person."""
        only = "" if within is None else " WHERE q.id IN $within"
        for start in range(0, len(ids), BATCH):
            for row in self.run(
                "UNWIND $ids AS id MATCH (p:Person {id: id})-[t:TIE]-(q:Person)"
                + only
                + " RETURN id, collect(q.id) AS q, collect(t.strength) AS s, collect(t.direct) AS d,"
                " collect(q.degree) AS deg",
                ids=ids[start : start + BATCH],
                within=sorted(within or ()),
            ):
                yield from zip(itertools.repeat(row["id"]), row["q"], row["s"], row["d"], row["deg"])

    def path_graph(self, sources: Iterable[int], targets: Iterable[int], max_hops: int):
        """The ties of every path of at most ``max_hops`` links from a source to a target (module
        docstring): both ends are expanded alternately, cheaper side first, ``max_hops`` times; the
        last expansion keeps only the ties that meet the other side."""
        from graphintro.graph import graph_from_edges

        self._require_data()
        sources, targets = set(sources), set(targets)
        degrees = {
            row["id"]: row["deg"] or 0
            for row in self.run(
                "UNWIND $ids AS id MATCH (p:Person {id: id}) RETURN id, p.degree AS deg",
                ids=sorted(sources | targets),
            )
        }
        sides = [
            {"frontier": set(sources), "seen": set(sources)},
            {"frontier": set(targets), "seen": set(targets)},
        ]
        edges: dict[tuple[int, int], tuple[float, bool]] = {}
        rounds = max(max_hops, 1)
        for round_ in range(rounds):
            side, other = sorted(sides, key=lambda s: sum(degrees.get(p, 0) for p in s["frontier"]))
            if not side["frontier"]:
                break  # every path's links are incident to this side's nodes, all fetched
            # A path's link from the last frontier ends within the other side's reach: nothing else counts.
            within = other["seen"] if round_ == rounds - 1 else None
            following = set()
            for a, b, strength, direct, degree in self._adjacency(sorted(side["frontier"]), within):
                edges[(a, b) if a < b else (b, a)] = (strength, bool(direct))
                degrees[b] = degree or 0
                if b not in side["seen"] and b not in sources:
                    following.add(b)  # paths never run through a source: no need to expand one
            side["seen"] |= following
            side["frontier"] = following
        meta = self.meta()
        return graph_from_edges(
            [(a, b, s, d) for (a, b), (s, d) in edges.items()],
            meta.get("generation", 0),
            meta.get("as_of", ""),
        )

    def ties_evidence(self, graph, pairs, team=None) -> dict[tuple[int, int], tuple[float, list[str]]]:
        """Each tie's evidence as the mirror stored it, all pairs in one round trip (``team`` unused:
        the mirror stored each tie's evidence whole)."""
        pairs = list(pairs)
        ends = sorted({(min(a, b), max(a, b)) for a, b in pairs})
        rows = self.run(
            "UNWIND $ends AS e MATCH (:Person {id: e[0]})-[t:TIE]->(:Person {id: e[1]})"
            " RETURN e[0] AS low, e[1] AS high, t.evidence AS evidence",
            ends=[list(e) for e in ends],
        )
        evidence = {(row["low"], row["high"]): list(row["evidence"] or []) for row in rows}
        return {
            (a, b): (graph.strength_between(a, b), evidence.get((min(a, b), max(a, b)), [])) for a, b in pairs
        }

    # -- experts ---------------------------------------------------------------------------------

    def topic_candidates(
        self, query: tuple[str, ...], field: str | None = None, limit: int | None = None
    ) -> list[int]:
        """The ``limit`` people the *embedded* topic index ranks best (``topic_index._candidates``), in
        every field or in ``field`` only: the same candidates, in the same order, as the local backend.

        Lucene's BM25 and FTS5's rank apart (per-field lengths and lossy norms against FTS5's whole-row
        length and weighted frequencies), so when more people match than ``limit`` their best would
        differ. Lucene only finds the matches here; each is then ranked as FTS5's ``bm25()`` ranks it
        (``fts5_bm25``), from the query tokens' counts in its fields, its length in tokens
        (``t_tokens``) and the index's totals."""
        from graphintro.topics import FIELD_WEIGHTS, PROFILE_LIMIT, _term_token

        self._require_topics()
        tokens = [_term_token(t) for t in sorted(set(query))]  # the phrases in the embedded query's order
        names = [name for name in TOPIC_FIELDS if field is None or name == f"t_{field}"]
        weights = [w for name, w in zip(TOPIC_FIELDS, FIELD_WEIGHTS.values(), strict=True) if name in names]
        if not tokens or not names:
            return []
        terms = " OR ".join(_LUCENE_SPECIAL.sub(r"\\\1", token) for token in tokens)
        counts = ", ".join(
            f"[t IN $tokens | CASE WHEN p.{name} CONTAINS t"
            f" THEN size([w IN split(p.{name}, ' ') WHERE w = t]) ELSE 0 END]"
            for name in names
        )
        found = self.run(
            f"CALL db.index.fulltext.queryNodes('{FULLTEXT}', $query) YIELD node AS p"
            f" RETURN collect(p.id) AS ids, collect(p.t_tokens) AS lengths, collect([{counts}]) AS counts",
            query=" OR ".join(f"{name}:({terms})" for name in names),
            tokens=tokens,
        )[0]
        totals = self.run("MATCH (p:Person) RETURN count(p) AS rows, sum(p.t_tokens) AS tokens")[0]
        scores = fts5_bm25(
            zip(found["ids"], found["lengths"], found["counts"], strict=True),
            totals["rows"],
            totals["tokens"],
            weights,
        )
        return sorted(scores, key=lambda pid: (scores[pid], pid))[: limit or PROFILE_LIMIT]

    def _require_topics(self) -> None:
        """The server's topic fields must be in the format this graphintro reads (``mirror.topic_format``):
        a mirror synced by another version answers with other tokens until it is synced again."""
        from graphintro.backends.mirror import topic_format

        self._require_data()
        found = self.meta().get("topic_format")
        if found != topic_format():
            written = f"in format {found}" if found else "before their format was recorded"
            raise BackendError(
                f"Neo4j at {public_uri(self.uri)} holds topic terms written {written}, and this graphintro"
                f" reads format {topic_format()}: run 'graphintro sync' to write them again"
            )

    def profiles(self, ids: list[int]) -> dict:
        from collections import Counter

        from graphintro.topics import Profile

        rows = self.run(
            "UNWIND $ids AS id MATCH (p:Person {id: id})"
            " OPTIONAL MATCH (p)-[m:MEMBER_OF]->(g:Group) WITH p, id, m, g ORDER BY m.rank"
            " RETURN id, p.titles AS titles, p.companies AS companies, p.skills AS skills, p.field_order AS fields,"
            " p.endorsed_skills AS endorsed, p.endorsed_counts AS counts,"
            " collect(CASE WHEN g IS NULL THEN null ELSE [g.id, g.name, g.description, m.role, m.posts] END) AS groups",
            ids=list(ids),
        )
        profiles = {}
        for row in rows:
            profile = Profile(row["id"])
            for name in row["fields"] or []:  # the embedded order, so that scores add up identically
                profile.fields[name] = []
            profile.fields["title"].extend(row["titles"] or [])
            profile.fields["company"].extend(row["companies"] or [])
            for group_id, group_name, description, role, posts in row["groups"]:
                profile.groups.append((group_id, group_name, role, posts))
                profile.descriptions[group_id] = description or ""
                profile.fields["groups"].extend([group_name, description] if description else [group_name])
            profile.endorsements = Counter(
                dict(zip(row["endorsed"] or [], row["counts"] or [], strict=False))
            )
            profile.fields["skills"].extend((row["skills"] or []) + list(profile.endorsements))
            for name in [name for name, values in profile.fields.items() if not values and name != "skills"]:
                del profile.fields[name]
            profiles[row["id"]] = profile
        return profiles

    def topic_groups(self, query: tuple[str, ...]) -> list[int]:
        self._require_topics()
        rows = self.run(
            "MATCH (g:Group) WHERE any(t IN g.terms WHERE t IN $query) RETURN g.id AS id ORDER BY id",
            query=list(set(query)),
        )
        return [row["id"] for row in rows]

    def group_summaries(self, ids: list[int]) -> dict[int, tuple[str, int]]:
        rows = self.run(
            "UNWIND $ids AS id MATCH (g:Group {id: id}) RETURN id, g.name AS name, g.members AS n",
            ids=list(ids),
        )
        return {row["id"]: (row["name"], row["n"]) for row in rows}

    # -- quality ---------------------------------------------------------------------------------

    def team_network(self, targets=None, strong: float = 0.5):
        """The members' ties, and the ties of their strong contacts that the score reads (with
        teammates, among themselves, or strong); the people's attributes for those nodes."""
        from graphintro.graph import graph_from_edges
        from graphintro.member_exports import MemberExports
        from graphintro.team_network import network_from_rows

        self._require_data()
        members = self.team_members()
        edges: dict[tuple[int, int], tuple[float, bool]] = {}
        latest: dict[tuple[int, int], str] = {}
        alters: set[int] = set()
        for start in range(0, len(members), 200):
            for row in self.run(
                "UNWIND $ids AS id MATCH (p:Person {id: id})-[t:TIE]-(q:Person)"
                " RETURN id, collect(q.id) AS q, collect(t.strength) AS s, collect(t.direct) AS d,"
                " collect(coalesce(t.last_message, '')) AS last, collect(q:Member) AS member",
                ids=members[start : start + 200],
            ):
                person = row["id"]
                for other, strength, direct, last, member in zip(
                    row["q"], row["s"], row["d"], row["last"], row["member"], strict=False
                ):
                    key = (person, other) if person < other else (other, person)
                    edges[key] = (strength, bool(direct))
                    if last:
                        latest[key] = last
                    if direct and not member and strength >= strong:
                        alters.add(other)
        ordered = sorted(alters)
        for start in range(0, len(ordered), BATCH):
            for row in self.run(  # contacts have few ties: filtering them here is cheaper than a huge IN list
                "UNWIND $ids AS id MATCH (p:Person {id: id})-[t:TIE]-(q:Person)"
                " RETURN id, collect(q.id) AS q, collect(t.strength) AS s, collect(t.direct) AS d,"
                " collect(q:Member) AS member",
                ids=ordered[start : start + BATCH],
            ):
                person = row["id"]
                for other, strength, direct, member in zip(
                    row["q"], row["s"], row["d"], row["member"], strict=False
                ):
                    if strength >= strong or member or other in alters:
                        edges[(person, other) if person < other else (other, person)] = (
                            strength,
                            bool(direct),
                        )
        meta = self.meta()
        graph = graph_from_edges(
            [(a, b, s, d) for (a, b), (s, d) in edges.items()],
            meta.get("generation", 0),
            meta.get("as_of", ""),
        )
        people, known, exports = [], {}, {}
        ids = graph.node_ids.tolist()
        for start in range(0, len(ids), BATCH):
            found = self.run(
                "UNWIND $ids AS id MATCH (p:Person {id: id}) RETURN collect([p.id, p.name, p.company,"
                " p.company_key, p.position, p.industry, p.member, p.company_industry,"
                " coalesce(p.exports, '')]) AS rows",
                ids=ids[start : start + BATCH],
            )
            for person, name, company, key, position, industry, member, known_industry, facts in found[0][
                "rows"
            ]:
                people.append((person, name, company, key, position, industry, member))
                if key and known_industry:
                    known[key] = known_industry
                if member and facts:
                    exports[person] = MemberExports.from_json(facts)
        as_of = date.fromisoformat(meta["as_of"]) if meta.get("as_of") else date.today()
        return network_from_rows(graph, people, known, latest, as_of, targets, exports)

    # -- writing ---------------------------------------------------------------------------------

    def forget(self, person_id: int) -> None:
        """Remove a person, their ties, memberships and handles from the server at once."""
        self.write(
            "MATCH (p:Person {id: $id}) OPTIONAL MATCH (h:Handle)-[:OF]->(p) DETACH DELETE h, p", id=person_id
        )

    def sync(
        self, store, replace: bool = False, progress: Callable[[str, int, int], None] | None = None
    ) -> dict:
        """Mirror the embedded ``store`` here (see ``sync_store``)."""
        from graphintro.backends.neo4j.sync import sync_store

        self._meta = None
        return sync_store(self, store, replace=replace, progress=progress)


# -- sync ------------------------------------------------------------------------------------------


# SQLite FTS5's bm25() (ext/fts5/fts5_aux.c), with which the embedded topic index ranks its candidates.
_K1, _B = 1.2, 0.75


def fts5_bm25(
    matches: Iterable[tuple[int, int, list[list[int]]]], rows: int, tokens: int, weights: list[float]
) -> dict[int, float]:
    """FTS5's ``bm25()`` of each match, bit for bit as the embedded index computes it (the lower, the
    better): ``matches`` are (id, the row's length in tokens over every column, the counts of each
    query phrase in each queried column: one list per column, one count per phrase in the query's
    order); ``rows`` and ``tokens`` the index's rows and tokens; ``weights`` the queried columns'.

    As FTS5 does: a phrase's idf is ``log((rows - hits + 0.5) / (hits + 0.5))`` (1e-6 when not
    positive), ``hits`` the rows that hold it in a queried column (every row that holds a phrase
    matches); its frequency is its instances' column weights added one by one, in the columns'
    order; a row's score is the sum over phrases, in order, of
    ``idf · f · (k1 + 1) / (f + k1 · (1 - b + b · length / (tokens / rows)))``, negated. Floating-point
    sums depend on their order, hence the loops as FTS5 runs them."""
    rows_matched = list(matches)
    if not rows_matched:
        return {}
    phrases = len(rows_matched[0][2][0])
    average = float(tokens) / float(rows)
    idf = []
    for phrase in range(phrases):
        hits = sum(1 for _, _, counts in rows_matched if any(column[phrase] for column in counts))
        value = math.log((rows - hits + 0.5) / (hits + 0.5))
        idf.append(value if value > 0.0 else 1e-6)
    scores = {}
    for pid, length, counts in rows_matched:
        score = 0.0
        for phrase in range(phrases):
            frequency = 0.0
            for weight, column in zip(weights, counts, strict=True):
                for _ in range(column[phrase]):
                    frequency += weight
            score += idf[phrase] * (
                (frequency * (_K1 + 1.0)) / (frequency + _K1 * (1 - _B + _B * float(length) / average))
            )
        scores[pid] = -1.0 * score
    return scores
