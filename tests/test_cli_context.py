"""The root options and ``--db`` reach every command through the invocation's context object."""

from __future__ import annotations

import json

from graphintro.cli import app


def test_db_given_to_a_group_reaches_its_sub_command(runner, demo_db, tmp_path, monkeypatch):
    """``asks --db X done ...`` closes the ask in X (before the context object, the group's --db
    was dropped and the default store was written)."""
    monkeypatch.setenv("GRAPHINTRO_DB", str(tmp_path / "default.db"))
    asked = runner.invoke(app, ["ask", "Camille Rousseau", "Zoé Fontaine", "--json", "--db", str(demo_db)])
    assert asked.exit_code == 0, asked.output
    ask_id = json.loads(asked.stdout)["ask"]["id"]
    done = runner.invoke(app, ["asks", "--db", str(demo_db), "done", str(ask_id), "met"])
    assert done.exit_code == 0, done.output
    listed = runner.invoke(app, ["--db", str(demo_db), "asks", "--status", "closed", "--json"])
    assert [(a["id"], a["outcome"]) for a in json.loads(listed.stdout)["asks"]] == [(ask_id, "met")]
    assert not (tmp_path / "default.db").exists()


def test_a_command_s_db_wins_over_the_root_s(runner, demo_db, tmp_path):
    missing = tmp_path / "missing.db"
    done = runner.invoke(app, ["--db", str(missing), "stats", "--json", "--db", str(demo_db)])
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["people"] > 100
    assert not missing.exists()


def test_debug_belongs_to_one_invocation(runner, tmp_path):
    """``--debug`` shows the traceback of its own run only: the next run in the same process
    (a notebook, a test) gets the one-line error."""
    missing = str(tmp_path / "missing.db")
    debugged = runner.invoke(app, ["--debug", "--db", missing, "stats"])
    assert debugged.exit_code != 0 and debugged.exception is not None
    plain = runner.invoke(app, ["--db", missing, "stats"])
    assert (
        plain.exit_code == 2 and plain.stderr.startswith("graphintro: ") and "Traceback" not in plain.output
    )
