"""The Neo4j backend: the team's graph on a shared Neo4j server, queried in Cypher.

Model (every node carries the embedded store's id and a ``sync`` stamp)::

    (:Person {id, name, company, position, member, ...profile and full-text fields})
    (:Person:Member)                           a team member
    (:Person)-[:TIE {strength, direct, evidence, last_message}]->(:Person)   once per pair, low id → high id
    (:Person)-[:MEMBER_OF {role, posts, rank}]->(:Group {id, name, description, terms, members})
    (:Handle {key: "url:…" | "email:…" | "id:…"})-[:OF]->(:Person)           how users designate people
    (:GraphintroMeta {store, generation, as_of, synced_at})

Strengths and evidence are computed by the embedded model (``graphintro.strength``) and written by
``sync``, so both backends rank with the same numbers.

Questions. Community Edition has no Graph Data Science library and Cypher's ``SHORTEST`` counts
hops, not probabilities, so a weighted k-best search cannot run server-side. Instead Cypher hands
back the bounded subgraph the question needs and the same search as the embedded backend runs on it
(``paths.find_paths``): every link of a path of at most h hops is incident to a node within a hops of
the sources or b hops of the targets whenever a + b = h - 2, so both ends are expanded alternately,
each time on the side whose next frontier has the fewer ties (``degree`` is stored on each node),
never through a source (a path does not pass through one), and expansion stops as soon as one side
has nothing left to expand; the last expansion keeps only the ties that reach the other side. Rows
come back as one list per person (decoding a million records one by one would take longer than the
query). A query touches the neighbourhood of its two ends, not the team's million
ties. Experts use a full-text index on the same analysed terms as the embedded topic index; the
score reads the members' ties and those of their strong contacts only.
"""

from __future__ import annotations

import itertools
import os
import re
import stat
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from graphintro.backends.mirror import index_key
from graphintro.errors import AmbiguousNameError, GraphintroError, NotFoundError, UsageError
from graphintro.identity import fold, name_key, normalize_email, normalize_url

SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
BATCH = 10_000
FULLTEXT = "graphintro_topics"
TOPIC_FIELDS = ("t_title", "t_skills", "t_groups", "t_company")  # in topics.FIELD_WEIGHTS order
_ID = re.compile(r"^#?(\d+)$")
_LUCENE_SPECIAL = re.compile(r'([+\-&|!(){}\[\]^"~*?:\\/])')

CONSTRAINTS = (  # what the sync itself looks people, groups and handles up by
    "CREATE CONSTRAINT graphintro_person IF NOT EXISTS FOR (p:Person) REQUIRE p.id IS UNIQUE",
    "CREATE CONSTRAINT graphintro_group IF NOT EXISTS FOR (g:Group) REQUIRE g.id IS UNIQUE",
    "CREATE CONSTRAINT graphintro_handle IF NOT EXISTS FOR (h:Handle) REQUIRE h.key IS UNIQUE",
    "DROP INDEX graphintro_tie_sync IF EXISTS",  # kept up by every tie written, used by no query
)
# The questions' indexes. A first load builds them once its rows are written: one population per
# index instead of an update per person written (the people's step is most of the server's work).
INDEXES = {
    "graphintro_person_name": "CREATE INDEX graphintro_person_name IF NOT EXISTS FOR (p:Person) ON (p.name_key)",
    "graphintro_person_sync": "CREATE INDEX graphintro_person_sync IF NOT EXISTS FOR (p:Person) ON (p.sync)",
    FULLTEXT: (
        f"CREATE FULLTEXT INDEX {FULLTEXT} IF NOT EXISTS FOR (p:Person) ON EACH"
        " [p.t_title, p.t_skills, p.t_groups, p.t_company] OPTIONS {indexConfig: {`fulltext.analyzer`: 'whitespace'}}"
    ),
}


class BackendError(GraphintroError):
    """The Neo4j server cannot answer: down, wrong credentials, wrong database, bad settings."""


# -- connection ------------------------------------------------------------------------------------


def public_uri(uri: str) -> str:
    """The URI without any user or password in it: what error messages may show."""
    try:
        parts = urlsplit(uri)
    except ValueError:
        return "NEO4J_URI"
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def _password() -> str | None:
    """``NEO4J_PASSWORD``, else the content of ``NEO4J_PASSWORD_FILE`` (which only its owner may read)."""
    if os.environ.get("NEO4J_PASSWORD"):
        return os.environ["NEO4J_PASSWORD"]
    path = os.environ.get("NEO4J_PASSWORD_FILE")
    if not path:
        return None
    try:
        mode = Path(path).stat().st_mode
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise BackendError(f"{path}: NEO4J_PASSWORD_FILE is readable by others; chmod 600 it")
        return Path(path).read_text(encoding="utf-8").strip()
    except OSError as error:
        raise BackendError(f"{path}: cannot read NEO4J_PASSWORD_FILE ({error.strerror})") from None


def settings_from_environment() -> dict:
    """URI, user, password and database from the standard ``NEO4J_*`` variables."""
    uri = os.environ.get("NEO4J_URI", "").strip()
    if not uri:
        raise BackendError(
            "the neo4j backend needs NEO4J_URI (e.g. bolt://localhost:7687); see README, 'Neo4j'"
        )
    scheme = uri.split("://", 1)[0].lower() if "://" in uri else ""
    if scheme not in SCHEMES:
        raise BackendError(f"NEO4J_URI {public_uri(uri)}: the scheme must be one of {', '.join(SCHEMES)}")
    try:
        parts = urlsplit(uri)
        user, password = parts.username, parts.password  # bolt://user:password@host works too
        address = urlunsplit((parts.scheme, parts.netloc.rpartition("@")[2], parts.path, parts.query, ""))
    except ValueError:
        raise BackendError(f"NEO4J_URI {public_uri(uri)} is not a valid address") from None
    user = os.environ.get("NEO4J_USERNAME") or os.environ.get("NEO4J_USER") or user or "neo4j"
    password = _password() or password
    return {
        "uri": address,
        "user": user,
        "password": password,
        "database": os.environ.get("NEO4J_DATABASE") or None,
    }


@contextmanager
def explained(uri: str, user: str = "", database: str | None = None) -> Iterator[None]:
    """Turn the driver's exceptions into one line naming the server (never its credentials)."""
    from neo4j import exceptions as errors

    where = public_uri(uri)
    try:
        yield
    except errors.AuthError:
        raise BackendError(
            f"Neo4j at {where} refused the credentials of user '{user}'"
            " (check NEO4J_USERNAME and NEO4J_PASSWORD)"
        ) from None
    except errors.ServiceUnavailable:
        raise BackendError(f"cannot reach Neo4j at {where}: is the server running? (NEO4J_URI)") from None
    except errors.ConfigurationError as error:
        raise BackendError(f"NEO4J_URI {where}: {_scrub(str(error), uri)}") from None
    except errors.Neo4jError as error:
        if (
            "DatabaseNotFound" in (error.code or "")
            or "database does not exist" in (error.message or "").lower()
        ):
            raise BackendError(
                f"Neo4j at {where} has no database '{database or 'neo4j'}' (NEO4J_DATABASE)"
            ) from None
        raise BackendError(f"Neo4j at {where}: {error.code}: {_scrub(error.message or '', uri)}") from None
    except errors.DriverError as error:
        raise BackendError(f"Neo4j at {where}: {type(error).__name__}: {_scrub(str(error), uri)}") from None


def _scrub(text: str, uri: str) -> str:
    """A driver message with the URI's and the environment's secrets removed, on one line."""
    for secret in (os.environ.get("NEO4J_PASSWORD"), urlsplit(uri).password, uri):
        if secret:
            text = text.replace(secret, "***" if secret != uri else public_uri(uri))
    return " ".join(text.split())[:300]


# -- the backend -----------------------------------------------------------------------------------


class Neo4jBackend:
    """The ``Backend`` questions answered from a Neo4j server (see the module docstring)."""

    name = "neo4j"

    def __init__(
        self, uri: str, user: str = "neo4j", password: str | None = None, database: str | None = None
    ):
        from neo4j import GraphDatabase

        self.uri, self.user, self.database = uri, user, database
        with self.explained():
            self.driver = GraphDatabase.driver(
                uri,
                auth=(user, password) if password else None,
                connection_timeout=10,
                max_transaction_retry_time=15,
                notifications_min_severity="OFF",
            )
            self.driver.verify_connectivity()
        self._meta: dict | None = None

    @classmethod
    def from_environment(cls) -> Neo4jBackend:
        return cls(**settings_from_environment())

    def explained(self):
        return explained(self.uri, self.user, self.database)

    def run(self, cypher: str, **parameters) -> list:
        """One read query; values go in ``parameters``, never into the query text."""
        with self.explained():
            records, _, _ = self.driver.execute_query(
                cypher, parameters, database_=self.database, routing_="r"
            )
        return records

    def write(self, cypher: str, **parameters) -> list:
        """One write query (sent to the cluster's leader when there is one)."""
        with self.explained():
            records, _, _ = self.driver.execute_query(
                cypher, parameters, database_=self.database, routing_="w"
            )
        return records

    def close(self) -> None:
        self.driver.close()

    def meta(self) -> dict:
        """What the server mirrors: the store's id, generation and reference date; empty before a sync."""
        if self._meta is None:
            rows = self.run("MATCH (m:GraphintroMeta) RETURN m {.*} AS meta")
            self._meta = dict(rows[0]["meta"]) if rows else {}
        return self._meta

    def _require_data(self) -> None:
        if not self.meta():
            raise NotFoundError(
                f"Neo4j at {public_uri(self.uri)} holds no graphintro data yet:"
                " run 'graphintro sync' (or import with --backend neo4j)"
            )

    # -- people ----------------------------------------------------------------------------------

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

    def ties_evidence(self, graph, pairs) -> dict[tuple[int, int], tuple[float, list[str]]]:
        """Each tie's evidence as the mirror stored it, all pairs in one round trip."""
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
        """The ``limit`` best people of the full-text index, fields weighted as in BM25F (or in the
        ``field`` only)."""
        from graphintro.topics import FIELD_WEIGHTS, PROFILE_LIMIT, _term_token

        self._require_data()
        terms = " OR ".join(_LUCENE_SPECIAL.sub(r"\\\1", _term_token(t)) for t in sorted(set(query)))
        lucene = " OR ".join(
            f"{name}:({terms})^{weight}"
            for name, weight in zip(TOPIC_FIELDS, FIELD_WEIGHTS.values(), strict=False)
            if field is None or name == f"t_{field}"
        )
        rows = self.run(
            f"CALL db.index.fulltext.queryNodes('{FULLTEXT}', $query, {{limit: $limit}})"
            " YIELD node, score RETURN node.id AS id ORDER BY score DESC, id",
            query=lucene,
            limit=limit or PROFILE_LIMIT,
        )
        return [row["id"] for row in rows]

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
        self._meta = None
        return sync_store(self, store, replace=replace, progress=progress)


# -- sync ------------------------------------------------------------------------------------------


def store_identity(store) -> str:
    """A stable id of the embedded store (kept in its meta table), so that one server mirrors one store."""
    return store.identity


def sync_store(
    backend: Neo4jBackend,
    store,
    replace: bool = False,
    progress: Callable[[str, int, int], None] | None = None,
) -> dict:
    """Push people, groups, memberships and ties of ``store`` to Neo4j; idempotent.

    Constraints and indexes first; then batched ``UNWIND`` transactions that stamp what they write
    with this sync's number: ``CREATE`` into a server holding no graphintro data (a first load, where
    there is nothing to look for), ``MERGE`` otherwise; finally whatever carries an older stamp
    (forgotten, merged, ended since the last sync) is deleted. Rows are made a batch at a time
    (``mirror.Mirror``) while the previous batch is written. The meta node is written last: a
    reader never sees a half sync's generation.
    """
    started = time.perf_counter()
    store_id = store_identity(store)
    current = backend.run("MATCH (m:GraphintroMeta) RETURN m.store AS store")
    if current and current[0]["store"] != store_id and not replace:
        raise UsageError(
            f"Neo4j at {public_uri(backend.uri)} mirrors another graphintro store:"
            " add --replace to replace its graphintro data with this store's"
        )
    for statement in CONSTRAINTS:
        backend.write(statement)
    backend.write("CALL db.awaitIndexes(300)")
    stamp = uuid.uuid4().int >> 66  # a number: a string per tie and node costs the server more
    with _sync_lock(backend, stamp):
        return _push(backend, store, store_id, stamp, started, progress)


@contextmanager
def _sync_lock(backend: Neo4jBackend, stamp: int, lease_ms: int = 3_600_000) -> Iterator[None]:
    """One sync at a time: a second one would delete, as stale, what the first one is writing."""
    from graphintro.store import now_iso

    taken = backend.write(
        "MERGE (l:GraphintroSyncLock) ON CREATE SET l.owner = $stamp, l.since = timestamp(), l.started = $now"
        " WITH l CALL (l) { WITH l WHERE l.owner <> $stamp AND timestamp() - l.since > $lease"
        " SET l.owner = $stamp, l.since = timestamp(), l.started = $now } RETURN l.owner = $stamp AS mine,"
        " l.started AS started",
        stamp=stamp,
        now=now_iso(),
        lease=lease_ms,
    )
    if not taken[0]["mine"]:
        raise BackendError(
            f"another graphintro sync to Neo4j at {public_uri(backend.uri)} is running"
            f" (since {taken[0]['started']} UTC); try again when it is done"
        )
    try:
        yield
    finally:
        backend.write("MATCH (l:GraphintroSyncLock {owner: $stamp}) DELETE l", stamp=stamp)


# Each step's statement: (first load, into a server holding no graphintro data: CREATE; a later
# sync: MERGE over what is there). People are then found by their node id, which the people step
# hands back: a seek by node id costs about half the server time of a seek in the id constraint's
# index, and the ties are most of a sync (measured in BENCHMARKS.md, "Issue 20, point 5"). ``id()``
# is deprecated in Cypher 5 but kept by Neo4j 5.26 LTS; the ``:Person`` label guards the seek.
_PERSON_A = "MATCH (a:Person) WHERE id(a) = r.a"
_PERSON_B = "MATCH (b:Person) WHERE id(b) = r.b"
_MEMBER_LABEL = " FOREACH (_ IN CASE WHEN r.member THEN [1] ELSE [] END | SET p:Member)"
_NODES = " RETURN collect(r.id) AS ids, collect(id(p)) AS nodes"
STEPS = {
    "people": (
        "UNWIND $rows AS r CREATE (p:Person) SET p = r, p.sync = $stamp" + _MEMBER_LABEL + _NODES,
        "UNWIND $rows AS r MERGE (p:Person {id: r.id}) SET p = r, p.sync = $stamp"
        + _MEMBER_LABEL
        + " FOREACH (_ IN CASE WHEN r.member THEN [] ELSE [1] END | REMOVE p:Member)"
        + _NODES,
    ),
    "groups": (
        "UNWIND $rows AS r CREATE (g:Group) SET g = r, g.sync = $stamp",
        "UNWIND $rows AS r MERGE (g:Group {id: r.id}) SET g = r, g.sync = $stamp",
    ),
    "memberships": (
        f"UNWIND $rows AS r {_PERSON_A} MATCH (g:Group {{id: r.group}})"
        " CREATE (a)-[:MEMBER_OF {role: r.role, posts: r.posts, rank: r.rank, sync: $stamp}]->(g)",
        f"UNWIND $rows AS r {_PERSON_A} MATCH (g:Group {{id: r.group}})"
        " MERGE (a)-[m:MEMBER_OF]->(g) SET m.role = r.role, m.posts = r.posts, m.rank = r.rank, m.sync = $stamp",
    ),
    "handles": (
        f"UNWIND $rows AS r {_PERSON_A} CREATE (:Handle {{key: r.key, sync: $stamp}})-[:OF]->(a)",
        f"UNWIND $rows AS r {_PERSON_A} MERGE (h:Handle {{key: r.key}})"
        " SET h.sync = $stamp WITH h, a OPTIONAL MATCH (h)-[old:OF]->(other) WHERE other <> a"
        " DELETE old MERGE (h)-[:OF]->(a)",
    ),
    "ties": (
        f"UNWIND $rows AS r {_PERSON_A} {_PERSON_B} CREATE (a)-[:TIE {{strength: r.s, direct: r.d,"
        " evidence: r.e, last_message: r.m, sync: $stamp}]->(b)",
        f"UNWIND $rows AS r {_PERSON_A} {_PERSON_B} MERGE (a)-[t:TIE]->(b) SET t.strength = r.s,"
        " t.direct = r.d, t.evidence = r.e, t.last_message = r.m, t.sync = $stamp",
    ),
}


class _Writer:
    """Sends one step's rows in batches with the statement for a first load or a later sync, and
    keeps each step's count and time. ``send_later`` sends from a thread while the caller makes
    the next batch (at most one batch in flight), so the client's work overlaps the server's."""

    def __init__(self, backend: Neo4jBackend, stamp: int, first: bool, progress):
        from concurrent.futures import ThreadPoolExecutor

        self.backend, self.stamp, self.first, self.progress = backend, stamp, first, progress
        self.counts: dict[str, int] = {}
        self.seconds: dict[str, float] = {}
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="graphintro-sync")
        self._pending: tuple | None = None

    def send(self, kind: str, rows: list[dict], total: int) -> list:
        """Write ``rows`` now (after any batch in flight); the records the statement returns."""
        self.wait()
        records = self._write(kind, rows)
        self._report(kind, total)
        return records

    def send_later(self, kind: str, rows: list[dict], total: int) -> None:
        """Write ``rows`` in the background once the batch in flight is written."""
        self.wait()
        if rows:
            self._pending = (self._pool.submit(self._write, kind, rows), kind, total)

    def wait(self) -> None:
        """Until the batch in flight is written (its error, if any, raised here)."""
        if self._pending:
            future, kind, total = self._pending
            self._pending = None
            future.result()
            self._report(kind, total)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def _write(self, kind: str, rows: list[dict]) -> list:
        if not rows:
            return []
        started = time.perf_counter()
        query = STEPS[kind][0 if self.first else 1]
        records, _, _ = self.backend.driver.execute_query(
            query, {"rows": rows, "stamp": self.stamp}, database_=self.backend.database
        )
        self.counts[kind] = self.counts.get(kind, 0) + len(rows)
        self.seconds[kind] = self.seconds.get(kind, 0.0) + time.perf_counter() - started
        return records

    def _report(self, kind: str, total: int) -> None:
        if self.progress and total and kind in self.counts:  # on the caller's thread (a terminal's bar)
            self.progress(kind, self.counts[kind], total)


def _push(
    backend: Neo4jBackend,
    store,
    store_id: str,
    stamp: int,
    started: float,
    progress: Callable[[str, int, int], None] | None,
) -> dict:
    """The writes of one sync, stamped ``stamp``, then the removal of what is stale (none after a
    first load)."""
    from graphintro.backends.mirror import Mirror

    first = not backend.run("MATCH (n) WHERE n:Person OR n:Group OR n:Handle RETURN 1 LIMIT 1")
    for name, statement in INDEXES.items():  # no reader uses them before the meta node is written
        backend.write(f"DROP INDEX {name} IF EXISTS" if first else statement)
    mirror = Mirror(store)
    prepared = time.perf_counter()
    writer = _Writer(backend, stamp, first, progress)
    node: dict[int, int] = {}  # person id -> the server's node id, handed back by the people step
    try:
        with backend.explained():
            groups = mirror.groups()
            for start in range(0, len(groups), BATCH):
                writer.send("groups", groups[start : start + BATCH], len(groups))
            for people, memberships in mirror.people_rows(BATCH):
                for record in writer.send("people", people, mirror.people_count):
                    node.update(zip(record["ids"], record["nodes"], strict=True))
                writer.send_later("memberships", _on_nodes(memberships, node, "a"), 0)  # shown with people
            handles = mirror.handles()
            rows: list[dict] = []
            for key, person in handles.items():
                if person in node:
                    rows.append({"key": key, "a": node[person]})
                if len(rows) == BATCH:
                    writer.send_later("handles", rows, len(handles))
                    rows = []
            writer.send_later("handles", rows, len(handles))
            writer.wait()
            del handles
            ties_started = time.perf_counter()
            for ties in mirror.tie_rows(BATCH):
                writer.send_later("ties", _on_nodes(ties, node, "a", "b"), len(mirror.ties))
            writer.wait()
            ties_wall = time.perf_counter() - ties_started
    finally:
        writer.close()
    with backend.explained():
        written = time.perf_counter()
        if first:
            for statement in INDEXES.values():
                backend.write(statement)
        backend.write("CALL db.awaitIndexes(3600)")
        indexed = time.perf_counter()
        removed = {} if first else _remove_stale(backend, stamp)
        meta = {
            "store": store_id,
            "generation": store.generation,
            "as_of": mirror.as_of.isoformat(),
            "synced_at": date.today().isoformat(),
            "sync": stamp,
        }
        backend.driver.execute_query(
            "MERGE (m:GraphintroMeta) SET m = $meta", {"meta": meta}, database_=backend.database
        )
    backend._meta = None
    seconds = time.perf_counter() - started
    return {
        "uri": public_uri(backend.uri),
        "first_load": first,
        "people": writer.counts.get("people", 0),
        "groups": writer.counts.get("groups", 0),
        "memberships": writer.counts.get("memberships", 0),
        "ties": writer.counts.get("ties", 0),
        "removed": removed,
        "prepare_s": round(prepared - started, 3),
        "write_s": round(written - prepared, 3),
        "index_s": round(indexed - written, 3),
        "seconds": round(seconds, 3),
        "step_s": {kind: round(value, 3) for kind, value in writer.seconds.items()},
        "ties_s": round(ties_wall, 3),
        "ties_per_s": round(writer.counts.get("ties", 0) / max(ties_wall, 1e-9)),
    }


def _on_nodes(rows: list[dict], node: dict[int, int], *ends: str) -> list[dict]:
    """``rows`` with their person ends (``ends``, or ``person`` renamed to ``a``) as node ids; a row
    whose person the server does not hold is left out, as a ``MATCH`` on it would."""
    out = []
    for row in rows:
        if "person" in row:
            row["a"] = row.pop("person")
        if all(row[end] in node for end in ends):
            for end in ends:
                row[end] = node[row[end]]
            out.append(row)
    return out


def _remove_stale(backend: Neo4jBackend, stamp: int) -> dict[str, int]:
    """Delete what an older sync wrote and this one did not (in batches, auto-committed)."""
    removed = {}
    for kind, match, delete in (
        ("ties", "MATCH ()-[x:TIE]->() WHERE x.sync <> $stamp", "DELETE x"),
        ("memberships", "MATCH ()-[x:MEMBER_OF]->() WHERE x.sync <> $stamp", "DELETE x"),
        ("handles", "MATCH (x:Handle) WHERE x.sync <> $stamp", "DETACH DELETE x"),
        ("groups", "MATCH (x:Group) WHERE x.sync <> $stamp", "DETACH DELETE x"),
        ("people", "MATCH (x:Person) WHERE x.sync <> $stamp", "DETACH DELETE x"),
    ):
        count = backend.run(f"{match} RETURN count(x) AS n", stamp=stamp)[0]["n"]
        if count:
            with backend.driver.session(database=backend.database) as session:
                session.run(
                    f"{match} CALL (x) {{ {delete} }} IN TRANSACTIONS OF {BATCH} ROWS", stamp=stamp
                ).consume()
        removed[kind] = count
    return removed
