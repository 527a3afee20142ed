"""The workspace: one store, the backend its questions go to, and what must follow each write.

Every client of the library — the CLI, the demo, the web app, a notebook — opens a workspace and
calls it, as datasette's views call ``Database.execute_write_fn``::

    import graphintro

    with graphintro.open("team.db", backend="neo4j", create=True) as workspace:
        workspace.import_paths(["Complete_LinkedInDataExport_11-02-2026.zip"], owner="Camille Rousseau")
        workspace.introductions(source="Camille Rousseau", target="Zoé Fontaine")

Each write goes through ``Workspace.write``, which fires what must follow it, so that no client
does that plumbing itself (and none can forget it):

- the in-memory answers of the old generation are dropped (the question backend holds the tie
  graph it loaded; the on-disk caches catch up by themselves, keyed by the store's generation);
- with the Neo4j backend, the embedded store is mirrored to the server at once
  (``backends.neo4j.sync_store``), so a teammate asking the server sees the write.

The embedded store stays the source of truth: writes always go to it, questions go to the backend
chosen (``backend`` else ``$GRAPHINTRO_BACKEND`` else ``local``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

if TYPE_CHECKING:
    from graphintro.answers import AskResult, ExpertsAnswer, PathAnswer
    from graphintro.backends import Backend
    from graphintro.backends.neo4j import Neo4jBackend
    from graphintro.graph import TieGraph
    from graphintro.ingest import ImportSummary, TeamExport
    from graphintro.quality import TeamScores
    from graphintro.store import Store
    from graphintro.targets import Targets

T = TypeVar("T")

# What shows a sync's progress: a context manager giving ``update(done, total)``, or None for no
# display (the CLI gives a progress bar on a terminal; a library caller, nothing by default).
SyncProgress = Callable[[], AbstractContextManager[Callable[[int, int], None] | None]]

# Where the local question backend takes the store's tie graph from: ``graph(store)`` gives the graph
# of the store as it is now (a server keeps one in memory for all its threads and knows when it is stale).
GraphSource = Callable[["Store"], "TieGraph"]


def open(  # graphintro.open(...), as shelve.open or dbm.open: the module's one way in
    db: str | Path | None = None,
    *,
    backend: str | None = None,
    create: bool = False,
    sync_progress: SyncProgress | None = None,
    graph: GraphSource | None = None,
) -> Workspace:
    """The workspace of the store at ``db`` (default: ``$GRAPHINTRO_DB`` or the user data dir).

    ``backend``: where questions go, ``local`` or ``neo4j`` (default ``$GRAPHINTRO_BACKEND``, else
    local). ``create``: make the store if there is none yet (imports, searches); otherwise a
    missing store is an error when first read. Nothing is opened before it is needed: with Neo4j,
    a teammate without the embedded store asks the server alone. ``graph``: where the local
    backend takes the tie graph from at each question (the web app's, kept for all its threads);
    by default it loads it once and keeps it until a write."""
    return Workspace(db, backend=backend, create=create, sync_progress=sync_progress, graph=graph)


class Workspace:
    """A store, its question backend and the after-write hooks. Use as a context manager, or call
    ``close``."""

    def __init__(
        self,
        db: str | Path | None = None,
        *,
        backend: str | None = None,
        create: bool = False,
        sync_progress: SyncProgress | None = None,
        graph: GraphSource | None = None,
    ) -> None:
        from graphintro.store import default_db_path

        self.path = Path(db) if db else default_db_path()
        self.backend_choice = backend
        self.create = create
        self.sync_progress = sync_progress
        self.graph_source = graph
        self.last_sync: dict | None = None  # what the last write's sync to Neo4j did (None: no sync)
        self._store: Store | None = None
        self._backend: Backend | None = None

    # -- what the workspace holds ----------------------------------------------------------------

    @property
    def backend_name(self) -> str:
        """``local`` or ``neo4j``; an unknown name is refused when first asked (``UsageError``)."""
        from graphintro.backends import backend_name

        return backend_name(self.backend_choice)

    @property
    def on_neo4j(self) -> bool:
        """Whether questions go to the Neo4j server, which every write is then mirrored to."""
        return self.backend_name == "neo4j"

    @property
    def store(self) -> Store:
        """The embedded store, opened on first use (``StoreError`` if it is missing and not ``create``)."""
        if self._store is None:
            from graphintro.store import Store

            self._store = Store(self.path, must_exist=not self.create)
        return self._store

    @property
    def backend(self) -> Backend:
        """Where questions go: this store with its tie graph, or the Neo4j server (one connection,
        kept until ``close``). With a ``graph`` source, the local backend is made afresh with the
        source's graph at each use: another thread or process may have written since."""
        if self.graph_source is not None and not self.on_neo4j:
            from graphintro.backends.local import LocalBackend

            return LocalBackend(self.store, graph=self.graph_source(self.store))
        if self._backend is None:
            if self.on_neo4j:
                from graphintro.backends.neo4j import Neo4jBackend

                self._backend = Neo4jBackend.from_environment()
            else:
                from graphintro.backends.local import LocalBackend

                self._backend = LocalBackend(self.store)
        return self._backend

    def close(self) -> None:
        """Close the store and the server connection (a workspace can be opened again after)."""
        backend, self._backend = self._backend, None
        if backend is not None and backend.name != "local":
            backend.close()  # a local backend's store is ours, closed below
        store, self._store = self._store, None
        if store is not None:
            store.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writes ----------------------------------------------------------------------------------

    def write(
        self,
        change: Callable[[Store], T],
        *,
        mirrored: bool = True,
        on_server: Callable[[Neo4jBackend], None] | None = None,
    ) -> T:
        """``change(store)``, then what must follow a write: answers of the old generation dropped
        and, with Neo4j, the store mirrored (after ``on_server(server)``: a change the sync cannot
        express, such as an erasure). ``mirrored=False``: the write touches nothing the server
        mirrors (asks), so no sync. Returns what ``change`` returned."""
        result = change(self.store)
        self._after_write(mirrored, on_server)
        return result

    def _after_write(self, mirrored: bool, on_server: Callable[[Neo4jBackend], None] | None = None) -> None:
        self.last_sync = None
        if self._backend is not None and self._backend.name == "local":
            self._backend = None  # it holds the graph of the store before the write
        if mirrored and self.on_neo4j:
            if on_server is not None:
                on_server(self._server())
            self.last_sync = self.sync()

    def _server(self) -> Neo4jBackend:
        """The question backend, which is the Neo4j server (only called ``on_neo4j``)."""
        from graphintro.backends.neo4j import Neo4jBackend

        return cast(Neo4jBackend, self.backend)

    def sync(self, replace: bool = False) -> dict:
        """Mirror the embedded store to the Neo4j server of the environment (``graphintro sync``);
        idempotent. ``replace``: the server mirrors another store, replace its data."""
        from graphintro.backends.neo4j import Neo4jBackend

        own = not self.on_neo4j  # else the question backend's connection is the server's
        server = Neo4jBackend.from_environment() if own else self._server()
        try:
            with self.sync_progress() if self.sync_progress else nullcontext() as progress:
                return server.sync(
                    self.store,
                    replace=replace,
                    progress=(lambda _kind, done, total: progress(done, total)) if progress else None,
                )
        finally:
            if own:
                server.close()

    def import_paths(self, paths: Iterable[str | Path], owner: str, **options: Any) -> ImportSummary:
        """``ingest.import_paths`` into this store (made if need be), then synced: one member's
        exports, all or nothing. ``options``: those of ``import_paths`` (owner_url, fmt, mapping,
        progress, owner_mismatch_ok)."""
        from graphintro.ingest import import_paths

        paths = list(paths)
        with self._importing():
            return import_paths(self.store, paths, owner=owner, **options)

    def import_team(self, exports: Iterable[TeamExport], **options: Any) -> list[ImportSummary]:
        """``ingest.import_team`` into this store (made if need be), then synced: the whole team's
        exports in one transaction. ``options``: progress, untracked."""
        from graphintro.ingest import import_team

        with self._importing():
            return import_team(self.store, exports, **options)

    @contextmanager
    def _importing(self) -> Iterator[None]:
        """An import: a failed first import leaves no empty store behind; a sync that fails after
        it says the import is kept (the embedded store is the source of truth)."""
        fresh = self._store is None and not self.path.exists()
        try:
            yield
        except BaseException:
            if fresh:
                self.close()
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            raise
        self._after_import()

    def _after_import(self) -> None:
        if not self.on_neo4j:
            self._after_write(mirrored=False)
            return
        from graphintro.backends.neo4j import BackendError

        try:
            self._after_write(mirrored=True)
        except BackendError as error:
            raise BackendError(
                f"imported into the embedded store {self.path}, but not synced: {error};"
                " run 'graphintro sync' once the server answers"
            ) from None

    def merge_people(self, keep: int, absorb: int) -> int:
        """``people.merge_people``: ``absorb`` becomes ``keep`` (undone by ``split_person``)."""
        from graphintro.people import merge_people

        return self.write(lambda store: merge_people(store, keep, absorb))

    def split_person(self, person_id: int) -> list[int]:
        """``people.split_person``: a person back into the people their appearances came from."""
        from graphintro.people import split_person

        return self.write(lambda store: split_person(store, person_id))

    def rate_tie(self, a: int, b: int, rating: int, note: str = "") -> float:
        """``strength.rate_tie``: a manual 1..5 rating of the tie a–b; returns its strength."""
        from graphintro.strength import rate_tie

        return self.write(lambda store: rate_tie(store, a, b, rating, note))

    def forget_person(self, person_id: int) -> dict:
        """``privacy.forget_person``: erase a person; on Neo4j they are deleted from the server at
        once, then the sync removes the people known only through them."""
        from graphintro.privacy import forget_person

        return self.write(
            lambda store: forget_person(store, person_id), on_server=lambda server: server.forget(person_id)
        )

    def make_ask(self, source: str, target: str, **options: Any) -> AskResult:
        """``asks.make_ask``: draft and record an ask (asks are not mirrored: no sync)."""
        from graphintro.asks import make_ask

        return self.write(lambda store: make_ask(store, source, target, **options), mirrored=False)

    def close_ask(self, ask_id: int, outcome: str, **options: Any) -> dict:
        """``asks.close_ask``: close an ask with its outcome (not mirrored: no sync)."""
        from graphintro.asks import close_ask

        return self.write(lambda store: close_ask(store, ask_id, outcome, **options), mirrored=False)

    # -- questions -------------------------------------------------------------------------------

    def resolve_member(self, text: str, *, embedded: bool = False) -> int:
        """The team member ``text`` designates (``--owner``); ``UsageError`` for anyone else.

        Where it is resolved is the one thing that differs between callers: by default on the
        question backend (``score --owner``: a teammate may ask the Neo4j server alone, with no
        store here); with ``embedded``, in the embedded store, without contacting any server
        (``contacts``, ``inbox``, ``export`` and the web's inbox read only that store: the
        messages, asks and exports the server does not hold). The server mirrors the store, so
        both give the same person when both exist."""
        from graphintro.errors import UsageError

        if embedded:
            from graphintro.backends.local import LocalBackend

            backend: Backend = LocalBackend(self.store)  # not closed: the store is the workspace's
        else:
            backend = self.backend
        person_id = backend.resolve_person(text, member_first=True)
        if not backend.describe_people([person_id])[0]["member"]:
            raise UsageError(
                f"#{person_id} is not a team member: --owner takes someone whose export was imported"
            )
        return person_id

    def introductions(self, ignore_load: bool = False, **options: Any) -> PathAnswer:
        """``paths.introductions`` on the question backend. With Neo4j, the asks' load budget and the
        calibration are read from the embedded store all the same (none when there is none here)."""
        from graphintro.answers import PathAnswer
        from graphintro.paths import introductions

        loads: dict | None = None
        calibration = None
        if self.on_neo4j:
            from graphintro.calibration import store_calibration
            from graphintro.load import introducer_loads

            if not ignore_load:
                loads = self._on_embedded_store(introducer_loads, {})
            calibration = self._on_embedded_store(store_calibration, None)
        return PathAnswer.from_dict(
            introductions(
                self.backend, ignore_load=ignore_load, loads=loads, calibration=calibration, **options
            )
        )

    def _on_embedded_store(self, read: Callable[[Store], Any], default: Any) -> Any:
        """``read(store)`` on the embedded store, or ``default`` when there is none here (a teammate
        who asks the Neo4j server only) or it cannot answer."""
        from graphintro.errors import GraphintroError

        try:
            return read(self.store)
        except GraphintroError:
            return default

    def experts(self, topic: str, **options: Any) -> ExpertsAnswer:
        """``experts.find_experts`` on the question backend."""
        from graphintro.answers import ExpertsAnswer
        from graphintro.experts import find_experts

        return ExpertsAnswer.from_dict(find_experts(self.backend, topic, **options))

    def score(self, targets: Targets | None = None, owner: str | None = None) -> TeamScores:
        """``quality.score_team`` on the question backend: the team and every member (``owner``:
        that member only; the team part is the same)."""
        from graphintro.quality import load_quality_config, members_named, score_team

        backend = self.backend
        settings = load_quality_config()[1]
        strong = min(settings["strong_tie"], settings["strong_tie_without_messages"])  # every member's
        scores = score_team(None, targets=targets, network=backend.team_network(targets, strong))
        if owner:
            scores = members_named(scores, [self.resolve_member(owner)])
        return scores
