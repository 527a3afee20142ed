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


def test_a_mid_range_tie_by_hand():
    """Every term of the documented formula on a tie far from saturation (0.2 < strength < 0.9), so
    that dropping or changing any one of them moves the figure a user reads beside the path."""
    features = TieFeatures(connected=True, connected_on="2021-11-02", sent=6, received=2,
                           last_message="2026-08-04T09:00:00", endorsements=1, recommendations=[(3, 4, "2024")])
    w = DEFAULT_WEIGHTS
    years = (AS_OF - date(2021, 11, 2)).days / 365.25
    z = (w["connected_base"] + w["duration"] * years / 10
         + w["messages"] * math.log1p(8) / math.log1p(50)  # intensity saturates at 50 messages
         + w["reciprocity"] * 2 / 6
         + w["recency"] * math.exp(-90 / 180)  # last message 90 days before the export
         + w["endorsements"] * 1 / 5
         + w["recommendation"])
    assert tie_strength(features, w, AS_OF) == pytest.approx(sigmoid(z))
    assert 0.2 < sigmoid(z) < 0.95


def test_a_recent_exchange_is_a_stronger_tie_than_the_same_exchange_years_ago():
    """Recency (Gilbert & Karahalios 2009): the same 10 messages, last week or three years ago."""
    recent = TieFeatures(connected=True, connected_on="2022-01-10", sent=5, received=5, last_message="2026-10-26")
    stale = TieFeatures(connected=True, connected_on="2022-01-10", sent=5, received=5, last_message="2023-10-26")
    assert tie_strength(recent, DEFAULT_WEIGHTS, AS_OF) - tie_strength(stale, DEFAULT_WEIGHTS, AS_OF) > 0.1


def test_more_messages_keep_strengthening_a_tie_up_to_fifty():
    """Intensity grows with the number of messages up to 50: 40 messages beat 10, 10 beat 4."""
    def with_messages(count):
        return tie_strength(TieFeatures(connected=True, connected_on="2022-01-10", sent=count // 2,
                                        received=count - count // 2, last_message="2025-01-10"), DEFAULT_WEIGHTS, AS_OF)

    assert with_messages(4) < with_messages(10) < with_messages(40)
    assert with_messages(60) == pytest.approx(with_messages(50))  # and stops there, as documented


def test_a_recommendation_strengthens_a_tie():
    base = TieFeatures(connected=True, connected_on="2024-01-01")
    recommended = TieFeatures(connected=True, connected_on="2024-01-01", recommendations=[(1, 2, "2024")])
    assert tie_strength(recommended, DEFAULT_WEIGHTS, AS_OF) - tie_strength(base, DEFAULT_WEIGHTS, AS_OF) > 0.1
