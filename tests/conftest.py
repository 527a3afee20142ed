"""Shared fixtures: a fresh store, the CLI runner, and a small synthetic team imported once."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphintro.cli import app
from graphintro.store import Store

# No silent skips (tests/ci_skips.py): with CI=true the Neo4j and browser tests cannot skip.
pytest_plugins = ["ci_skips", "neo4j_fixtures"]

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session", autouse=True)
def _helps_kept_for_the_session(tmp_path_factory):
    """The helps the suite's ``graphintro`` processes draw are kept in a folder of the session
    (``graphintro.cli.help_cache``), not in the user's cache dir."""
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "graph.db") as opened:
        yield opened


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def cli(runner, tmp_path):
    """Run graphintro against a store of this test: ``cli("people", "--json")``."""
    db = tmp_path / "cli.db"

    def run(*args: str, db_path: Path | None = None):
        return runner.invoke(app, ["--db", str(db_path or db), *map(str, args)])

    run.db = db
    return run


@pytest.fixture(scope="session")
def demo_team_db(tmp_path_factory):
    """The demo's 5-person team (seed 7), generated and imported once per test session."""
    from graphintro.demo_run import run_demo

    folder = tmp_path_factory.mktemp("demo")
    db = run_demo(None, folder, members=5, contacts=300, seed=7, echo=lambda *_: None)
    return db


@pytest.fixture
def demo_db(demo_team_db, tmp_path):
    """A private copy of the demo store, free to modify."""
    copy = tmp_path / "demo.db"
    shutil.copy(demo_team_db, copy)
    return copy


@pytest.fixture(scope="session")
def team():
    """Names planted by the demo generator."""
    import tempfile

    from graphintro.demo import generate_team

    with tempfile.TemporaryDirectory() as folder:
        return generate_team(Path(folder), members=5, contacts=300, seed=7, history=True).planted
