"""Tie strength: hand-checked values of the documented formula, evidence sentences, overrides."""

import math
from datetime import date

import pytest

from graphintro.strength import (
    DEFAULT_WEIGHTS,
    TieFeatures,
    day_number,
    load_weights,
    rate_tie,
    tie_evidence,
    tie_strength,
)

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
    # Where the wording changes: 0.75 year (273.9 days), 1.5 years (547.9 days, rounded to 2).
    for days, age in [(273, "273 days"), (274, "1 year"), (547, "1 year"), (548, "2 years")]:
        day = date.fromordinal(AS_OF.toordinal() - days).isoformat()
        assert evidence(connected=True, connected_on=day) == [f"connected since {day} ({age})"]
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


def test_an_invitation_nobody_accepted_is_no_connection_until_the_invitee_writes_back():
    """LinkedIn repeats an invitation's note as a message: an invitation left unanswered is an
    inferred tie (its one message is the note), an answered one is an exchange; the evidence says
    which. The invitee's answer is the other person's message, whoever invited."""
    w = DEFAULT_WEIGHTS
    unanswered = TieFeatures(sent=1, last_message="2026-10-03", invitation_note=True, invited_by_low=True)
    assert tie_strength(unanswered, w, AS_OF) == pytest.approx(
        sigmoid(w["inferred_base"] + w["invitation_note"])
    )
    assert tie_evidence(unanswered, AS_OF) == [
        "1 message, last on 2026-10-03",
        "invitation with a personal message",
        "invitation not accepted",
    ]
    answered = sigmoid(
        w["connected_base"]
        + w["messages"] * math.log1p(3) / math.log1p(50)
        + w["reciprocity"] * 1 / 2
        + w["recency"] * math.exp(-30 / 180)  # the last message 30 days before the export
        + w["invitation_note"]
    )
    for invitation in (
        TieFeatures(sent=1, received=2, last_message="2026-10-03", invitation_note=True, invited_by_low=True),
        TieFeatures(
            sent=2, received=1, last_message="2026-10-03", invitation_note=True, invited_by_high=True
        ),
    ):
        assert invitation.direct
        assert tie_strength(invitation, w, AS_OF) == pytest.approx(answered)
        assert tie_evidence(invitation, AS_OF)[-1] == "invitation not accepted"
    # The higher id invited and only wrote the note: unanswered, though the message goes the other way.
    assert not TieFeatures(received=1, invited_by_high=True).direct
    # An endorsement from the invitee answers too; crossed invitations are no refusal; an accepted one
    # is a connection.
    assert TieFeatures(endorsements=1, invited_by_low=True).direct
    crossed = TieFeatures(sent=1, invited_by_low=True, invited_by_high=True)
    assert crossed.direct and "invitation not accepted" not in tie_evidence(crossed, AS_OF)
    accepted = TieFeatures(connected=True, invited_by_low=True)
    assert tie_evidence(accepted, AS_OF) == ["connected"]


def _columns(ties):
    """The columns ``graph.build`` scores, of a list of ``TieFeatures`` (as ``graph.columns`` holds them)."""
    import numpy as np

    def column(values, dtype):
        return np.array(values, dtype=dtype)

    return {
        "direct": column([f.direct for f in ties], bool),
        "teammates": column([f.teammates for f in ties], bool),
        "pending_invitation": column([f.pending_invitation for f in ties], bool),
        "connected_day": column([day_number(f.connected_on) for f in ties], np.int64),
        "last_message_day": column([day_number(f.last_message) for f in ties], np.int64),
        "sent": column([f.sent for f in ties], np.int64),
        "received": column([f.received for f in ties], np.int64),
        "endorsements": column([f.endorsements for f in ties], np.int64),
        "recommended": column([bool(f.recommendations) for f in ties], bool),
        "invitation_note": column([f.invitation_note for f in ties], bool),
        "shared_employer": column([bool(f.shared_employers) for f in ties], bool),
        "shared_groups": column([len(f.shared_groups) for f in ties], np.int64),
    }


# Every weight moved, none equal to another: a term read under the wrong weight shows.
MOVED_WEIGHTS = {
    "connected_base": -1.3,
    "inferred_base": -2.9,
    "duration": 1.7,
    "messages": 2.3,
    "reciprocity": 0.45,
    "recency": 1.9,
    "endorsements": 0.35,
    "recommendation": 0.75,
    "invitation_note": 0.55,
    "shared_employer": 0.65,
    "teammates": 1.15,
    "shared_groups": 0.25,
    "mutual": 1.05,
    "recency_days": 97.0,
}
# Recency that never fades (a team may set it so): a last message on 1 January of year 1 still counts.
SLOW_WEIGHTS = {**MOVED_WEIGHTS, "recency_days": 1e9}


@pytest.mark.parametrize(
    "weights", [DEFAULT_WEIGHTS, MOVED_WEIGHTS, SLOW_WEIGHTS], ids=["default", "moved", "slow"]
)
def test_the_graph_scores_every_tie_as_the_formula_does_one_by_one(weights):
    """The graph (what ``path`` and ``experts`` read) scores its ties a column at a time
    (``tie_logits``, ``strengths_of``): the strength of each is ``tie_strength``'s, bit for bit, for
    every kind of tie — undated, dated after the export or on the first day of year 1, saturated,
    pending, answered, crossed — and no numpy warning (0 / 0 of a tie without messages) is printed."""
    import itertools
    import warnings

    import numpy as np

    from graphintro.strength import mutual_term, strength_of, strengths_of, tie_logit, tie_logits

    ties, days = [], []
    kinds = itertools.product(
        [False, True],  # connected
        [None, "not a date", "2026-11-02", "2021-11-02T10:00:00", "2012-05-01", "2027-03-01"],
        [(0, 0), (1, 0), (0, 3), (6, 2), (40, 30)],  # messages each way
        [None, "2026-08-04T09:00:00", "2027-01-15", "0001-01-01"],  # the last message (one after the export)
        [(False, False), (True, False), (False, True), (True, True)],  # who invited
    )
    for i, (connected, connected_on, (sent, received), last, (low, high)) in enumerate(kinds):
        ties.append(
            TieFeatures(
                connected=connected,
                connected_on=connected_on,
                sent=sent,
                received=received,
                last_message=last,
                invited_by_low=low,
                invited_by_high=high,
                endorsements=(0, 1, 7)[i % 3],
                recommendations=[(1, 2, "2024")] if i % 5 == 1 else [],
                invitation_note=i % 4 == 2,
                shared_employers=["Thales"] if i % 7 == 3 else [],
                teammates=i % 6 == 5,
                shared_groups=["A", "B", "C", "D"][: i % 5],
                mutual=(0, 1, 5, 20, 60)[(i // 2) % 5],
            )
        )
        days.append(AS_OF if i % 2 else date(2025, 1, 10))
    assert len(ties) == 960
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        logits = tie_logits(
            _columns(ties), weights, np.array([day.toordinal() for day in days], dtype=np.int64)
        )
        strengths = strengths_of(logits, np.array([f.mutual for f in ties], dtype=np.int64), weights)
    for i, (features, day) in enumerate(zip(ties, days, strict=True)):
        logit = tie_logit(features, weights, day)
        assert logits[i].tobytes() == np.float64(logit).tobytes(), (features, day)
        assert strengths[i] == strength_of(logit + mutual_term(features.mutual, weights)), (features, day)
        assert strengths[i] == tie_strength(features, weights, day), (features, day)
    assert day_number("2026-11-02T10:00:00") == AS_OF.toordinal() and day_number("not a date") == 0
    assert day_number(None) == day_number("") == 0


def test_a_tie_rated_by_hand_is_one_rating_whichever_way_it_is_named(tmp_path):
    """``graphintro tie rate A B 1..5``: the strength it stands for, one rating per tie (the last one
    given, in either order, with its note), and the refusals."""
    from graphintro.errors import UsageError
    from graphintro.graph import collect_ties
    from graphintro.ingest import import_paths
    from graphintro.store import Store

    export = tmp_path / "Connections.csv"
    export.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Bea,Roux,https://www.linkedin.com/in/bea-roux,,Thales,Engineer,04 Jul 2020\n",
        encoding="utf-8",
    )
    with Store(tmp_path / "team.db") as store:
        import_paths(store, [export], owner="Ann Petit", owner_url="https://www.linkedin.com/in/ann-petit")
        low, high = sorted(row[0] for row in store.conn.execute("SELECT id FROM people"))
        assert rate_tie(store, high, low, 2, "met once") == 0.3
        assert rate_tie(store, low, high, 4) == 0.7
        tie = collect_ties(store)[(low, high)]
        assert (tie.rating, tie.rating_note) == (4, "")
        rows = store.conn.execute("SELECT a_id, b_id, rating FROM tie_ratings").fetchall()
        assert [tuple(row) for row in rows] == [(low, high, 4)]
        for rating in (0, 6):
            with pytest.raises(UsageError) as refused:
                rate_tie(store, low, high, rating)
            assert str(refused.value) == "a rating is 1, 2, 3, 4 or 5"
        with pytest.raises(UsageError) as refused:
            rate_tie(store, low, low, 3)
        assert str(refused.value) == "a tie needs two different people"
        assert [rate_tie(store, low, high, r) for r in (1, 3, 5)] == [0.1, 0.5, 0.9]
