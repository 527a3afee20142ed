"""The Neo4j server the backend's tests talk to (a pytest plugin, see ``conftest.py``): the server of
``NEO4J_URI`` (``.ci/run`` starts ``scripts/neo4j-test-server``), or one these fixtures start
themselves when Java and Maven are installed; with ``CI=true`` they never skip. Shared by the
backend's tests and the web app's ``--backend neo4j`` tests, so that one session starts one server."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from graphintro.backends.neo4j import Neo4jBackend
from graphintro.store import Store

ROOT = Path(__file__).parent.parent
SERVER = ROOT / "scripts" / "neo4j-test-server"
TEST_PASSWORD = "graphintro-test"


def _unavailable(reason: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true and the Neo4j tests cannot run: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def neo4j_server():
    """``NEO4J_*`` settings of a reachable server; starts the test server if need be (and Java is here)."""
    started = False
    if not os.environ.get("NEO4J_URI"):
        if shutil.which("java") is None or shutil.which("mvn") is None:
            _unavailable(
                "no Neo4j: set NEO4J_URI, or install Java 17 and Maven for scripts/neo4j-test-server"
            )
        password = os.environ.get("NEO4J_TEST_PASSWORD") or TEST_PASSWORD
        running = (
            subprocess.run([str(SERVER), "status"], check=False, capture_output=True, text=True).returncode
            == 0
        )
        done = subprocess.run(
            [str(SERVER), "start", "--port", "0"],
            check=False,
            capture_output=True,
            text=True,
            env=dict(os.environ, NEO4J_TEST_PASSWORD=password),
            timeout=900,
        )
        if done.returncode != 0:
            _unavailable(f"scripts/neo4j-test-server could not start Neo4j: {done.stderr.strip()[-500:]}")
        uri = done.stdout.strip().rsplit("NEO4J_URI=", 1)[-1]
        settings = {"NEO4J_URI": uri, "NEO4J_USERNAME": "neo4j", "NEO4J_PASSWORD": password}
        started = not running  # a server the developer started stays up
    else:
        settings = {
            key: os.environ[key]
            for key in ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE")
            if os.environ.get(key)
        }
    saved = {key: os.environ.get(key) for key in settings}
    os.environ.update(settings)
    try:
        backend = Neo4jBackend.from_environment()
    except Exception as error:  # noqa: BLE001 - any failure to connect is the reason to report
        _unavailable(f"Neo4j at {settings['NEO4J_URI']} does not answer: {error}")
    backend.close()
    yield settings
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
    if started:
        subprocess.run([str(SERVER), "stop"], check=False, capture_output=True, timeout=120)


def _wipe(backend: Neo4jBackend) -> None:
    with backend.driver.session(database=backend.database) as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()


@pytest.fixture(scope="session")
def demo_sync(neo4j_server, demo_team_db):
    """The demo team (5 members, ~1,200 people) synced into an emptied server."""
    backend = Neo4jBackend.from_environment()
    _wipe(backend)
    with Store(demo_team_db) as store:
        result = backend.sync(store)
    yield backend, result
    backend.close()


@pytest.fixture
def synced_demo(demo_sync, demo_team_db):
    """The demo team on the server, synced again if a test emptied it."""
    from graphintro.backends.neo4j import store_identity

    backend, result = demo_sync
    backend._meta = None
    with Store(demo_team_db) as store:
        if backend.meta().get("store") != store_identity(store):
            backend.sync(store, replace=True)
    return backend, result


@pytest.fixture
def fresh_server(neo4j_server):
    """An emptied server for tests that sync their own store (the demo is synced again afterwards)."""
    backend = Neo4jBackend.from_environment()
    _wipe(backend)
    yield backend
    _wipe(backend)
    backend.close()
