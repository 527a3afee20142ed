"""Tie strength: hand-checked values of the documented formula, evidence sentences, overrides."""

import math
from datetime import date

import pytest

from graphintro.strength import DEFAULT_WEIGHTS, TieFeatures, load_weights, tie_evidence, tie_strength

AS_OF = date(2026, 11, 2)


def sigmoid(z):
    return 1 / (1 + math.exp(-z))


def test_a_new_silent_connection_is_weak():
    features = TieFeatures(connected=True, connected_on="2026-10-27")
    w = DEFAULT_WEIGHTS
    expected = sigmoid(w["connected_base"] + w["duration"] * (6 / 365.25) / 10)
    assert tie_strength(features, w, AS_OF) == pytest.approx(expected)
    assert tie_strength(features, w, AS_OF) < 0.2


def test_a_close_colleague_is_strong_and_explained():
    features = TieFeatures(connected=True, connected_on="2019-03-04", sent=30, received=32,
                           last_message="2026-09-20T10:00:00", endorsements=3, endorsement_skills=["Achats"],
                           recommendations=[(9, 2, "2023")], shared_employers=["Airbus"], teammates=True, mutual=12)
    strength = tie_strength(features, DEFAULT_WEIGHTS, AS_OF)
    assert strength > 0.95
    evidence = tie_evidence(features, AS_OF, names={9: "Zoé Fontaine", 2: "David Nguyen"})
    assert "62 messages both ways, last on 2026-09-20" in evidence
    assert "Zoé Fontaine recommended David Nguyen in 2023" in evidence
    assert "both worked at Airbus" in evidence
    assert "connected since 2019-03-04 (8 years)" in evidence
    assert "12 mutual contacts" in evidence


def test_inferred_ties_stay_weak_and_ratings_override():
    inferred = TieFeatures(same_company="Thales", shared_groups=["Achats & Supply Chain"])
    assert tie_strength(inferred, DEFAULT_WEIGHTS, AS_OF) < 0.1
    assert "both at Thales (inferred)" in tie_evidence(inferred, AS_OF)
    rated = TieFeatures(connected=True, sent=100, received=100, rating=2, rating_note="met once")
    assert tie_strength(rated, DEFAULT_WEIGHTS, AS_OF) == 0.3
    assert tie_evidence(rated, AS_OF)[0] == "rated 2/5 by hand: met once"


@pytest.mark.parametrize("field,value", [("sent", 20), ("endorsements", 2), ("mutual", 5), ("teammates", True),
                                         ("invitation_note", True), ("shared_employers", ["Orange"])])
def test_every_kind_of_evidence_raises_strength(field, value):
    base = TieFeatures(connected=True, connected_on="2024-01-01")
    more = TieFeatures(connected=True, connected_on="2024-01-01", **{field: value})
    assert tie_strength(more, DEFAULT_WEIGHTS, AS_OF) > tie_strength(base, DEFAULT_WEIGHTS, AS_OF)


def test_config_file_overrides_weights(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text("[strength]\nteammates = 3.5\n", encoding="utf-8")
    assert load_weights(config)["teammates"] == 3.5
    config.write_text("[strength]\nteamates = 3.5\n", encoding="utf-8")
    with pytest.raises(Exception, match="teamates"):
        load_weights(config)
