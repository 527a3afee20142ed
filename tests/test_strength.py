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
    features = TieFeatures(
        connected=True,
        connected_on="2019-03-04",
        sent=30,
        received=32,
        last_message="2026-09-20T10:00:00",
        endorsements=3,
        endorsement_skills=["Achats"],
        recommendations=[(9, 2, "2023")],
        shared_employers=["Airbus"],
        teammates=True,
        mutual=12,
    )
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


@pytest.mark.parametrize(
    "field,value",
    [
        ("sent", 20),
        ("endorsements", 2),
        ("mutual", 5),
        ("teammates", True),
        ("invitation_note", True),
        ("shared_employers", ["Orange"]),
    ],
)
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
    features = TieFeatures(
        connected=True,
        connected_on="2021-11-02",
        sent=6,
        received=2,
        last_message="2026-08-04T09:00:00",
        endorsements=1,
        recommendations=[(3, 4, "2024")],
    )
    w = DEFAULT_WEIGHTS
    years = (AS_OF - date(2021, 11, 2)).days / 365.25
    z = (
        w["connected_base"]
        + w["duration"] * years / 10
        + w["messages"] * math.log1p(8) / math.log1p(50)  # intensity saturates at 50 messages
        + w["reciprocity"] * 2 / 6
        + w["recency"] * math.exp(-90 / 180)  # last message 90 days before the export
        + w["endorsements"] * 1 / 5
        + w["recommendation"]
    )
    assert tie_strength(features, w, AS_OF) == pytest.approx(sigmoid(z))
    assert 0.2 < sigmoid(z) < 0.95


def test_a_recent_exchange_is_a_stronger_tie_than_the_same_exchange_years_ago():
    """Recency (Gilbert & Karahalios 2009): the same 10 messages, last week or three years ago."""
    recent = TieFeatures(
        connected=True, connected_on="2022-01-10", sent=5, received=5, last_message="2026-10-26"
    )
    stale = TieFeatures(
        connected=True, connected_on="2022-01-10", sent=5, received=5, last_message="2023-10-26"
    )
    assert tie_strength(recent, DEFAULT_WEIGHTS, AS_OF) - tie_strength(stale, DEFAULT_WEIGHTS, AS_OF) > 0.1


def test_more_messages_keep_strengthening_a_tie_up_to_fifty():
    """Intensity grows with the number of messages up to 50: 40 messages beat 10, 10 beat 4."""

    def with_messages(count):
        return tie_strength(
            TieFeatures(
                connected=True,
                connected_on="2022-01-10",
                sent=count // 2,
                received=count - count // 2,
                last_message="2025-01-10",
            ),
            DEFAULT_WEIGHTS,
            AS_OF,
        )

    assert with_messages(4) < with_messages(10) < with_messages(40)
    assert with_messages(60) == pytest.approx(with_messages(50))  # and stops there, as documented


def test_a_recommendation_strengthens_a_tie():
    base = TieFeatures(connected=True, connected_on="2024-01-01")
    recommended = TieFeatures(connected=True, connected_on="2024-01-01", recommendations=[(1, 2, "2024")])
    assert (
        tie_strength(recommended, DEFAULT_WEIGHTS, AS_OF) - tie_strength(base, DEFAULT_WEIGHTS, AS_OF) > 0.1
    )


def test_every_term_saturates_where_the_formula_says():
    """Duration stops at 10 years, endorsements at 5, groups at 3; mutual contacts count as
    log(1 + m) / log(21): a long, endorsed, well-connected tie by hand."""
    features = TieFeatures(
        connected=True,
        connected_on="2014-11-02",
        endorsements=7,
        mutual=5,
        shared_groups=["Achats", "Cyber", "Data", "RH"],
        shared_employers=["Airbus"],
        invitation_note=True,
    )
    w = DEFAULT_WEIGHTS
    z = (
        w["connected_base"]
        + w["duration"]
        + w["endorsements"]
        + w["shared_groups"]
        + w["shared_employer"]
        + w["invitation_note"]
        + w["mutual"] * math.log(6) / math.log(21)
    )
    assert tie_strength(features, w, AS_OF) == pytest.approx(sigmoid(z))
    # Connected on the day of the export: no duration at all.
    today = TieFeatures(connected=True, connected_on=AS_OF.isoformat())
    assert tie_strength(today, w, AS_OF) == pytest.approx(sigmoid(w["connected_base"]))


def test_evidence_sentences_say_what_the_store_knows():
    recent = TieFeatures(
        teammates=True,
        connected=True,
        connected_on="2026-09-03",
        sent=1,
        last_message="2026-10-01T08:00:00",
        endorsements=1,
        endorsement_skills=["Python", "Achats", "Cloud", "Data"],
        invitation_note=True,
        shared_employers=["Airbus", "Thales", "Orange"],
        shared_groups=["G1", "G2", "G3"],
        mutual=1,
    )
    assert tie_evidence(recent, AS_OF) == [
        "teammates",
        "connected since 2026-09-03 (60 days)",
        "1 message, last on 2026-10-01",
        "1 endorsement (Achats, Cloud, Data)",
        "invitation with a personal message",
        "both worked at Airbus",
        "both worked at Thales",
        "3 groups in common: G1, G2…",
        "1 mutual contact",
    ]
    undated = TieFeatures(
        connected=True, sent=2, received=3, endorsements=2, recommendations=[(1, 2, "")], shared_groups=["G1"]
    )
    assert tie_evidence(undated, AS_OF, names={1: "Ana"}) == [
        "connected",
        "5 messages both ways",
        "2 endorsements",
        "Ana recommended the other",
        "1 group in common: G1",
    ]
    a_year = TieFeatures(connected=True, connected_on="2026-01-02", rating=4)
    assert tie_evidence(a_year, AS_OF) == ["rated 4/5 by hand", "connected since 2026-01-02 (1 year)"]


def test_a_bad_config_file_is_an_error_naming_it(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('[strength]\nteammates = "high"\n', encoding="utf-8")
    with pytest.raises(Exception, match="teammates"):
        load_weights(config)
    config.write_text("[strength\n", encoding="utf-8")
    with pytest.raises(Exception, match="bad config file"):
        load_weights(config)
    assert load_weights(tmp_path / "missing.toml") == DEFAULT_WEIGHTS


def test_evidence_at_the_edges():
    """Plurals, ages and defaults where they change: what a user reads beside each link."""

    def evidence(**fields):
        return tie_evidence(TieFeatures(**fields), AS_OF)

    assert evidence(connected=True, connected_on=AS_OF.isoformat() + "T09:00:00") == [
        "connected since 2026-11-02 (0 days)"
    ]
    assert evidence(connected=True, connected_on="2024-11-02") == ["connected since 2024-11-02 (2 years)"]
    # A week is seven days, not six: the age is counted in days, never through years and back.
    assert evidence(connected=True, connected_on="2026-10-26") == ["connected since 2026-10-26 (7 days)"]
    assert evidence(connected=True, connected_on="2026-08-02") == ["connected since 2026-08-02 (92 days)"]
    assert evidence(sent=1, received=1) == ["2 messages both ways"]
    assert tie_evidence(TieFeatures(recommendations=[(7, 8, "2024")]), AS_OF) == [
        "one recommended the other in 2024"
    ]
    assert evidence(shared_groups=["G1", "G2"]) == ["2 groups in common: G1, G2"]
    assert evidence(mutual=2) == ["2 mutual contacts"]


def test_mutual_contacts_stop_counting_at_twenty():
    w = DEFAULT_WEIGHTS
    many = TieFeatures(connected=True, mutual=100)
    assert tie_strength(many, w, AS_OF) == pytest.approx(sigmoid(w["connected_base"] + w["mutual"]))


def test_a_config_file_without_strength_weights_keeps_the_defaults(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text("[quality]\nreach = 0.5\n", encoding="utf-8")
    assert load_weights(config) == DEFAULT_WEIGHTS
    config.write_text('[strength]\nteammates = "high"\n', encoding="utf-8")
    with pytest.raises(Exception, match=r"config\.toml"):
        load_weights(config)
    config.write_text("[strength\n", encoding="utf-8")
    with pytest.raises(Exception, match=r"config\.toml"):
        load_weights(config)
