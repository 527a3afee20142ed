"""Caches that belong to their store: the graph cache and the topic index never answer for another store.

Both files live next to the database (``<db>.graph.npz``, ``<db>.search.sqlite``) and outlive it:
a user who deletes the database and imports other exports gets a new store whose generation
counts up from the same start. The caches must see that it is another store.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graphintro.cli import app
from graphintro.demo import generate_team
from graphintro.ingest import import_team
from graphintro.privacy import remove_caches
from graphintro.store import Store


def _import(db: Path, folder: Path, seed: int) -> tuple[dict, int]:
    """A small synthetic team of ``seed`` imported into ``db``; its planted names and the store's generation."""
    team = generate_team(folder, members=3, contacts=80, seed=seed, history=True)
    with Store(db) as store:
        import_team(store, team.exports())
        return team.planted, store.generation


def _answers(runner, db: Path, planted: dict) -> dict:
    """What a user sees: ``path`` and ``experts`` as JSON."""
    answers = {}
    for name, args in (
        ("path", ["path", planted["user"], planted["target"], "-k", "3"]),
        ("experts", ["experts", planted["topic"], "-n", "5"]),
    ):
        result = runner.invoke(app, ["--db", str(db), *args, "--json"])
        assert result.exit_code in (0, 1), result.output
        answers[name] = result.output
    return answers


def _delete_store(db: Path) -> None:
    """What a user does by hand: the database goes, the files next to it stay."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)


def test_a_recreated_store_at_the_same_generation_gets_fresh_answers(runner, tmp_path):
    db = tmp_path / "team.db"
    first, first_generation = _import(db, tmp_path / "first", seed=7)
    old = _answers(runner, db, first)  # builds both caches
    assert Path(f"{db}.graph.npz").exists() and Path(f"{db}.search.sqlite").exists()

    _delete_store(db)
    second, second_generation = _import(db, tmp_path / "second", seed=11)
    assert second_generation == first_generation  # the case the generation alone cannot tell apart
    served = _answers(runner, db, second)  # with the first store's caches still on disk

    remove_caches(db)
    fresh = _answers(runner, db, second)  # built from this store alone
    assert served == fresh
    assert json.loads(fresh["path"]) != json.loads(old["path"])  # the two stores do answer differently


@pytest.fixture
def fresh_config():
    """The config is read once per process (``lru_cache``), and the CLI runner shares the test's
    process: forget it before and after, so that no other test sees this one's synonyms."""
    from graphintro import experts, strength, topics

    def clear() -> None:
        for module in (experts, strength, topics):
            for value in vars(module).values():
                if hasattr(value, "cache_clear"):
                    value.cache_clear()

    clear()
    yield clear
    clear()


def test_caches_are_rebuilt_when_the_configuration_changes(runner, tmp_path, monkeypatch, fresh_config):
    """The strength weights and the synonyms shape the caches: a new config file gives new answers."""
    db = tmp_path / "team.db"
    planted, _ = _import(db, tmp_path / "team", seed=7)
    config = tmp_path / "config.toml"
    monkeypatch.setenv("GRAPHINTRO_CONFIG", str(config))
    before = _answers(runner, db, planted)
    config.write_text(
        '[strength]\nconnected_base = 0.5\n[synonyms]\nzzgadget = ["' + planted["topic"] + '"]\n',
        encoding="utf-8",
    )
    fresh_config()
    served = _answers(runner, db, planted)
    remove_caches(db)
    fresh = _answers(runner, db, planted)
    assert served == fresh
    assert served["path"] != before["path"]


def test_every_store_has_its_own_identity(tmp_path):
    with Store(tmp_path / "a.db") as a, Store(tmp_path / "b.db") as b:
        assert a.identity != b.identity and len(a.identity) >= 32
        kept = a.identity
    with Store(tmp_path / "a.db") as again:
        assert again.identity == kept


@pytest.mark.parametrize("with_neo4j_id", [False, True])
def test_an_older_store_gets_an_identity_by_migration(tmp_path, with_neo4j_id):
    """A store made before identities (schema 2) gets one when opened; a Neo4j sync's id is kept."""
    import sqlite3

    from graphintro.store import MIGRATIONS, _statements

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    for number, script in enumerate(MIGRATIONS[:2], start=1):
        for statement in _statements(script):
            conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {number}")
    if with_neo4j_id:
        conn.execute("INSERT INTO meta VALUES ('store_id', 'synced-before')")
    conn.commit()
    conn.close()
    with Store(path) as store:
        assert store.schema_version == len(MIGRATIONS)
        if with_neo4j_id:
            assert store.identity == "synced-before"
        else:
            assert len(store.identity) == 32 and store.identity != "synced-before"


def test_a_migration_that_only_adds_an_index_keeps_the_caches(demo_db, monkeypatch):
    """Upgrading graphintro must not cost a rebuild of the graph and the topic index (a minute at
    1,000 × 1,000) when its migration changes no data: the generation stays, the caches are served.
    A migration of that kind is appended to a real store's list, as the next release would."""
    from graphintro import store as store_module
    from graphintro.graph import load_graph
    from graphintro.store import INDEX_MIGRATIONS, MIGRATIONS, _statements

    assert all(
        statement.startswith("CREATE INDEX ")
        for number in INDEX_MIGRATIONS
        for statement in _statements(MIGRATIONS[number - 1])
    )
    with Store(demo_db) as store:
        load_graph(store)
        generation, cache = store.generation, demo_db.with_name(demo_db.name + ".graph.npz")
    built = cache.stat().st_mtime_ns
    monkeypatch.setattr(
        store_module, "MIGRATIONS", [*MIGRATIONS, "CREATE INDEX people_headline ON people(headline);"]
    )
    monkeypatch.setattr(store_module, "INDEX_MIGRATIONS", {*INDEX_MIGRATIONS, len(MIGRATIONS) + 1})
    with Store(demo_db) as store:
        assert store.schema_version == len(MIGRATIONS) + 1 and store.generation == generation
        load_graph(store)
    assert cache.stat().st_mtime_ns == built
