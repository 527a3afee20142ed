"""`graphintro experts` options on the demo team: each one changes the answer the way its help says."""

import json

import pytest

from graphintro.cli import app

TOPIC = "cybersécurité"


def experts(runner, db, *args):
    result = runner.invoke(app, ["--db", str(db), "experts", TOPIC, "--json", *map(str, args)])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)["experts"]


def reach(expert) -> float:
    """How likely the way to an expert is to work: 1 for a member, else the path's probability."""
    return 1.0 if expert["member"] else (expert["path"] or {"probability": 0.0})["probability"]


@pytest.mark.parametrize("count", [1, 3, 12])
def test_n_is_how_many_experts_are_listed(runner, demo_db, count):
    assert len(experts(runner, demo_db, "-n", count)) == count


def test_from_reaches_every_expert_from_that_person(runner, demo_db, team):
    start = team["shallow_member"]
    found = experts(runner, demo_db, "--from", start, "-n", 8)
    paths = [e["path"] for e in found if e["path"] is not None]
    assert paths, "no expert reachable from the member"
    assert all(path["people"][0]["name"] == start for path in paths)
    from_team = experts(runner, demo_db, "-n", 8)
    assert any(e["path"]["people"][0]["name"] != start for e in from_team if e["path"])


def test_sort_by_reach_puts_reachable_experts_first_and_by_expertise_the_knowledgeable(runner, demo_db):
    """The same topic sorted three ways: the mean reach of the first ten rises with --sort reach and
    falls with --sort expertise; the best expert by expertise heads the expertise list."""

    def mean_reach(found):
        return sum(map(reach, found)) / len(found)

    relevance = experts(runner, demo_db, "-n", 10)
    by_reach = experts(runner, demo_db, "-n", 10, "--sort", "reach")
    by_expertise = experts(runner, demo_db, "-n", 10, "--sort", "expertise")
    assert mean_reach(by_reach) > mean_reach(relevance) > mean_reach(by_expertise)
    assert [e["id"] for e in by_expertise] != [e["id"] for e in relevance]
    bad = runner.invoke(app, ["--db", str(demo_db), "experts", TOPIC, "--sort", "fame"])
    assert bad.exit_code == 2 and "--sort" in bad.output
