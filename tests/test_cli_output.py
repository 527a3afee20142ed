"""What the commands print when the user meets a limit or closes the pipe early (issue 15)."""

from __future__ import annotations

import json

from graphintro.cli import app


def test_people_says_when_it_stops_at_its_limit(runner, demo_db):
    everyone = json.loads(runner.invoke(app, ["--db", str(demo_db), "people", "--json", "-n", "100000"]).output)
    total = everyone["total"]
    assert total == len(everyone["people"]) > 50 and everyone["truncated"] is False

    cut = json.loads(runner.invoke(app, ["--db", str(demo_db), "people", "--json"]).output)
    assert len(cut["people"]) == 50 and cut["total"] == total and cut["truncated"] is True

    shown = runner.invoke(app, ["--db", str(demo_db), "people"])
    assert shown.exit_code == 0
    assert f"50 of {total} (-n to see more)" in shown.output

    fewer = runner.invoke(app, ["--db", str(demo_db), "people", "-n", "3"])
    assert f"3 of {total} (-n to see more)" in fewer.output


def test_people_under_the_limit_says_nothing_more(runner, demo_db):
    members = json.loads(runner.invoke(app, ["--db", str(demo_db), "people", "--json", "-n", "100000"]).output)
    one = next(p for p in members["people"] if p["member"])
    found = json.loads(runner.invoke(app, ["--db", str(demo_db), "people", one["name"], "--json"]).output)
    assert found["total"] == len(found["people"]) >= 1 and found["truncated"] is False
    shown = runner.invoke(app, ["--db", str(demo_db), "people", one["name"]])
    assert "see more" not in shown.output
