"""Learning from outcomes (issue 19, point 4): the calibration table, and path probabilities that
learn the team's outcomes — drawn here from a known ground-truth model on the demo team."""

from __future__ import annotations

import json
import math
import random
import sqlite3

import pytest

from graphintro.calibration import Calibration, expected_calibration_error, fit_calibration


def truth_overconfident(p: float) -> float:
    """The ground truth of these tests: the model is overconfident (slope 0.5, intercept −1)."""
    p = min(max(p, 1e-4), 1 - 1e-4)
    return 1 / (1 + math.exp(-(0.5 * math.log(p / (1 - p)) - 1.0)))


@pytest.fixture(scope="module")
def model_probabilities(demo_team_db):
    """The model's probability of the team's best path to every person of the demo team."""
    from graphintro.backends.local import LocalBackend
    from graphintro.graph import load_graph
    from graphintro.paths import best_paths_to_many
    from graphintro.store import Store

    with Store(demo_team_db) as store:
        members = LocalBackend(store).team_members()
        graph = load_graph(store)
        everyone = [int(i) for i in graph.node_ids if int(i) not in members]
        best = best_paths_to_many(graph, members, everyone, members=members)
    return sorted(path.probability for path in best.values())


def draws(pool, truth, count, seed):
    rng = random.Random(seed)
    predicted = [rng.choice(pool) for _ in range(count)]
    return predicted, [rng.random() < truth(p) for p in predicted]


def error_against_truth(calibration: Calibration, pool, truth) -> float:
    """Mean distance between the figure shown and the true probability, over the team's paths."""
    return sum(abs(calibration(p) - truth(p)) for p in pool) / len(pool)


def learning_curve(pool, truth, sizes, seeds=range(6)):
    curve = []
    for size in sizes:
        errors = [
            error_against_truth(fit_calibration(*draws(pool, truth, size, seed)), pool, truth)
            for seed in seeds
        ]
        curve.append(sum(errors) / len(errors))
    return curve


def test_ece_by_hand():
    # deciles 10-20 %: observed 1/2 against 15 %; 80-90 %: observed 2/2 against 85 %
    assert expected_calibration_error([0.15, 0.15, 0.85, 0.85], [True, False, True, True]) == pytest.approx(
        0.25
    )
    assert expected_calibration_error([], []) is None


def test_calibration_error_falls_as_outcomes_accumulate(model_probabilities):
    pool = model_probabilities
    assert len(pool) > 500 and pool[-1] - pool[0] > 0.5  # paths of every strength
    untouched = error_against_truth(Calibration(), pool, truth_overconfident)
    curve = learning_curve(pool, truth_overconfident, (20, 80, 320, 1280))
    assert untouched > 0.1, "the planted truth is far from the model"
    assert [untouched] + curve == sorted([untouched] + curve, reverse=True), curve
    assert curve[0] > 0.5 * untouched, "20 outcomes move the figures a little (the prior)"
    assert curve[-1] < 0.25 * untouched and curve[-1] < 0.03


def test_outcomes_that_agree_with_the_model_do_not_move_it(model_probabilities):
    """When the model is right, outcomes are only noise around it: the calibration stays close to it."""
    pool = model_probabilities
    model_is_right = lambda p: p
    for size, error in zip((20, 80, 320), learning_curve(pool, model_is_right, (20, 80, 320)), strict=False):
        assert error < 0.03, (size, error)
    # 20 outcomes a little worse than the model said (15 of 20 at 90 %) move it less than halfway there
    surprising = fit_calibration([0.9] * 20, [True] * 15 + [False] * 5)
    assert 0 < 0.9 - surprising(0.9) < (0.9 - 0.75) / 2


def test_calibration_is_monotone():
    fitted = fit_calibration([0.1, 0.2, 0.8, 0.9] * 10, [True, False, False, True] * 10)
    shown = [fitted(p / 100) for p in range(1, 100)]
    assert shown == sorted(shown) and fitted.slope > 0


def close_asks(db, outcomes):
    """Record closed asks (the model's probability, the outcome) as `ask` and `asks done` leave them."""
    with sqlite3.connect(db) as conn:
        people = [row[0] for row in conn.execute("SELECT id FROM people LIMIT 4")]
        for probability, outcome in outcomes:
            conn.execute(
                "INSERT INTO asks (requester_id, teammate_id, introducer_id, target_id, probability, status,"
                " outcome, created, closed, lang, to_introducer, forwardable, path_json)"
                " VALUES (?, NULL, ?, ?, ?, 'closed', ?, '2026-10-01', '2026-10-15', 'fr', '', '', '{}')",
                (people[0], people[1], people[2], probability, outcome),
            )


def test_calibration_command_and_calibrated_paths(cli, demo_db, team, model_probabilities):
    empty = json.loads(cli("calibration", "--json", db_path=demo_db).output)["calibration"]
    assert (empty["closed_asks"], empty["ece"], empty["active"]) == (0, None, False)
    before = json.loads(cli("path", team["user"], team["target"], "--json", db_path=demo_db).output)["paths"]
    assert all("raw_probability" not in p for p in before)
    predicted, happened = draws(model_probabilities, truth_overconfident, 19, seed=1)
    close_asks(
        demo_db,
        [(p, "introduced" if h else "no-reply") for p, h in zip(predicted, happened, strict=False)]
        + [(0.9, "cancelled")],
    )  # a cancelled ask is no label
    table = json.loads(cli("calibration", "--json", db_path=demo_db).output)["calibration"]
    assert table["closed_asks"] == 19 and not table["active"] and table["introduced"] == sum(happened)
    assert sum(d["asks"] for d in table["deciles"]) == 19
    assert table["ece"] == pytest.approx(expected_calibration_error(predicted, happened), abs=1e-4)
    still = json.loads(cli("path", team["user"], team["target"], "--json", db_path=demo_db).output)["paths"]
    assert still == before, "below 20 closed asks, paths show the model's figure"
    more, labels = draws(model_probabilities, truth_overconfident, 300, seed=2)
    close_asks(demo_db, [(p, "met" if h else "declined") for p, h in zip(more, labels, strict=False)])
    table = json.loads(cli("calibration", "--json", db_path=demo_db).output)["calibration"]
    assert table["active"] and table["closed_asks"] == 319
    assert table["calibrated_ece"] < table["ece"]
    after = json.loads(cli("path", team["user"], team["target"], "--json", db_path=demo_db).output)["paths"]
    assert [p["people"] for p in after] == [p["people"] for p in before]  # monotone: the same answers
    for shown, model in zip(after, before, strict=False):
        assert shown["raw_probability"] == model["probability"]
        assert abs(shown["probability"] - truth_overconfident(model["probability"])) < abs(
            model["probability"] - truth_overconfident(model["probability"])
        )
    text = cli("path", team["user"], team["target"], db_path=demo_db).output
    assert f"1. probability {after[0]['probability']:.0%} (model {before[0]['probability']:.0%})," in text
    shown = cli("calibration", db_path=demo_db).output
    assert "319 closed asks" in shown and "paths show calibrated probabilities" in shown
    # an ask records the model's figure: outcomes label the model, never the calibration itself
    ask = json.loads(cli("ask", team["user"], team["target"], "--json", db_path=demo_db).output)["ask"]
    assert ask["probability"] == ask["path"]["raw_probability"] != ask["path"]["probability"]
