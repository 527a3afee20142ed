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


def test_the_three_sorts_weigh_the_same_expertise_hub_and_reach(runner, demo_db):
    """An expert's three scores are ``w·(expertise, hub, reach)`` with the weights of each sort: solved from
    --sort relevance and --sort expertise, the shares predict --sort reach; the hub share is there (the
    best hub among the first experts has 1), not only expertise and reach."""
    weights = {"relevance": (0.5, 0.3, 0.2), "expertise": (0.7, 0.2, 0.1), "reach": (0.3, 0.2, 0.5)}
    found = {
        sort: {e["id"]: e for e in experts(runner, demo_db, "-n", 5, "--sort", sort)} for sort in weights
    }
    in_all = [pid for pid in found["relevance"] if all(pid in found[sort] for sort in weights)]
    assert len(in_all) >= 2
    hubs = []
    for pid in in_all:
        r = reach(found["relevance"][pid])
        (a, b, c), (d, e, f) = weights["relevance"], weights["expertise"]
        s1, s2 = found["relevance"][pid]["score"] - c * r, found["expertise"][pid]["score"] - f * r
        expertise, hub = (s1 * e - s2 * b) / (a * e - b * d), (a * s2 - d * s1) / (a * e - b * d)
        assert 0 <= expertise <= 1.01 and -0.01 <= hub <= 1.01
        w = weights["reach"]
        assert found["reach"][pid]["score"] == pytest.approx(
            w[0] * expertise + w[1] * hub + w[2] * r, abs=0.005
        )
        hubs.append(hub)
    assert max(hubs) == pytest.approx(1.0, abs=0.01) and min(hubs) > 0.5
