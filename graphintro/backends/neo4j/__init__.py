"""The Neo4j backend: the team's graph on a shared Neo4j server, queried in Cypher.

Model (every node carries the embedded store's id and a ``sync`` stamp)::

    (:Person {id, name, company, position, member, ...profile and full-text fields})
    (:Person:Member)                           a team member
    (:Person)-[:TIE {strength, direct, evidence, last_message}]->(:Person)   once per pair, low id → high id
    (:Person)-[:MEMBER_OF {role, posts, rank}]->(:Group {id, name, description, terms, members})
    (:Handle {key: "url:…" | "email:…" | "id:…"})-[:OF]->(:Person)           how users designate people
    (:GraphintroMeta {store, generation, as_of, synced_at, topic_format})

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
ties. Experts use a full-text index on the same analysed terms as the embedded topic index, which
only finds the matches: they are ranked as the embedded index ranks them (FTS5's ``bm25()``, from
each person's term counts and length in tokens), so both backends read the same candidates; the
score reads the members' ties and those of their strong contacts only.

Layout: ``connection`` (settings from the environment, errors a user can act on, ``Neo4jServer``:
the queries and writes), ``questions`` (``Neo4jBackend``, the questions) and ``sync`` (``sync_store``,
the mirror of the embedded store); every name is importable from here.
"""

from graphintro.backends.neo4j.connection import (
    BATCH,
    CONSTRAINTS,
    FULLTEXT,
    INDEXES,
    SCHEMES,
    TOPIC_FIELDS,
    BackendError,
    Neo4jServer,
    explained,
    public_uri,
    settings_from_environment,
)
from graphintro.backends.neo4j.questions import Neo4jBackend
from graphintro.backends.neo4j.sync import STEPS, store_identity, sync_store

__all__ = [
    "BATCH",
    "CONSTRAINTS",
    "FULLTEXT",
    "INDEXES",
    "SCHEMES",
    "STEPS",
    "TOPIC_FIELDS",
    "BackendError",
    "Neo4jBackend",
    "Neo4jServer",
    "explained",
    "public_uri",
    "settings_from_environment",
    "store_identity",
    "sync_store",
]
