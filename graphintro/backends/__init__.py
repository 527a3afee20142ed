"""Where the graph is answered from: the embedded store (default) or a shared Neo4j server.

Both backends answer the same small set of questions (the ``Backend`` protocol) and the query
modules (``paths``, ``experts``, ``quality``) are written once over them, so the two give the same
answers by construction: the embedded backend reads the SQLite store and its cached CSR graph; the
Neo4j backend runs Cypher and hands back the *bounded* subgraph a question needs (never the whole
graph) in the same CSR form.

The embedded store stays the source of truth: identity resolution and the strength model run
there, and ``graphintro sync`` (or ``import --backend neo4j``) mirrors it into Neo4j, where the
whole team can query it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from graphintro.errors import UsageError

if TYPE_CHECKING:
    from graphintro.graph import TieGraph
    from graphintro.targets import Targets
    from graphintro.team_network import TeamNetwork
    from graphintro.topics import Profile

BACKENDS = ("local", "neo4j")


class Backend(Protocol):
    """The questions every backend answers; person ids are the embedded store's ids."""

    name: str

    def resolve_person(self, text: str, member_first: bool = False) -> int:
        """The one person ``text`` (id, profile URL, email or name) designates; with ``member_first``
        (a member's own option: ``--owner``, ``--from``, path's FROM), a name that is a team
        member's is theirs, whoever else shares it."""

    def describe_people(self, ids: list[int]) -> list[dict]:
        """``{"id", "name", "company", "position", "url", "member"}`` for each id, in order (no sources:
        an answer names people, and reading every appearance of each would cost a disk read apiece)."""

    def team_members(self) -> list[int]:
        """The team members' ids, sorted."""

    def company_people(self, company: str, title: str | None = None) -> list[int]:
        """People currently at ``company`` (folded), optionally with one of the ``|`` title words."""

    def people_count(self) -> int:
        """How many people the graph holds (the document count of the topic search)."""

    def path_graph(self, sources: Iterable[int], targets: Iterable[int], max_hops: int) -> TieGraph:
        """A graph holding at least every tie on a path of at most ``max_hops`` links from a source
        to a target that passes through no other source."""

    def ties_evidence(
        self, graph: TieGraph, pairs: Iterable[tuple[int, int]], team: Iterable[int] | None = None
    ) -> dict[tuple[int, int], tuple[float, list[str]]]:
        """The strength and the evidence sentences of each tie a–b in ``pairs``, keyed by the pair as given.
        ``team``: the members' ids when the caller has read them already (a backend may use them)."""

    def topic_candidates(
        self, query: tuple[str, ...], field: str | None = None, limit: int | None = None
    ) -> list[int]:
        """The ``limit`` (default ``PROFILE_LIMIT``) people a full-text index ranks best for the
        analysed ``query``, in every field or in ``field`` ("company") only."""

    def profiles(self, ids: list[int]) -> dict[int, Profile]:
        """Titles, company, skills, endorsements and groups of ``ids``."""

    def topic_groups(self, query: tuple[str, ...]) -> list[int]:
        """Ids of the groups whose name or description matches the analysed ``query``."""

    def group_summaries(self, ids: list[int]) -> dict[int, tuple[str, int]]:
        """Name and number of known members of each group."""

    def team_network(self, targets: Targets | None, strong: float) -> TeamNetwork:
        """What the quality score needs: the members' ties and those of their strong contacts."""

    def close(self) -> None: ...


def backend_name(name: str | None) -> str:
    """``--backend`` else ``$GRAPHINTRO_BACKEND`` else ``local``."""
    chosen = (name or os.environ.get("GRAPHINTRO_BACKEND") or "local").strip().lower()
    if chosen not in BACKENDS:
        raise UsageError(
            f"unknown backend '{chosen}': choose local or neo4j (--backend or GRAPHINTRO_BACKEND)"
        )
    return chosen


def open_backend(name: str | None, db: str | Path | None = None) -> Backend:
    """The backend to query: the embedded store at ``db``, or the Neo4j server of the environment."""
    if backend_name(name) == "neo4j":
        from graphintro.backends.neo4j import Neo4jBackend

        return Neo4jBackend.from_environment()
    from graphintro.backends.local import LocalBackend
    from graphintro.store import Store

    return LocalBackend(Store(db, must_exist=True))


def as_backend(source) -> Backend:
    """A backend from a backend or an embedded ``Store`` (library callers pass either)."""
    from graphintro.store import Store

    if isinstance(source, Store):
        from graphintro.backends.local import LocalBackend

        return LocalBackend(source)
    return source
