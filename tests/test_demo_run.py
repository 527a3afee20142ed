"""``graphintro demo`` (``graphintro.demo_run``): a synthetic team, questioned through its workspace."""

from __future__ import annotations

import sqlite3


def test_the_demo_asks_and_writes_locally_whatever_the_environment_says(tmp_path, monkeypatch):
    """Synthetic people are never sent to a team's Neo4j server: with ``$GRAPHINTRO_BACKEND=neo4j``
    (and no server at all) the demo still answers every question and records its ask, all through
    workspaces of its own stores."""
    from graphintro.demo_run import run_demo

    monkeypatch.setenv("GRAPHINTRO_BACKEND", "neo4j")
    monkeypatch.delenv("NEO4J_URI", raising=False)
    lines: list[str] = []
    run_demo(None, tmp_path, members=5, contacts=300, seed=7, echo=lines.append)
    shown = "\n".join(lines)
    assert "1. probability 99%, 2 hops — ask your teammate David Nguyen, who knows Zoé Fontaine" in shown
    assert "Experts on 'cybersécurité':" in shown and "How good is our network?" in shown
    assert "ask #1 closed: introduced" in shown
    assert "neo4j" not in shown.lower() and "NEO4J_URI" not in shown
    with sqlite3.connect(tmp_path / "asks-demo.db") as conn:
        assert conn.execute("SELECT status, outcome FROM asks").fetchall() == [("closed", "introduced")]
