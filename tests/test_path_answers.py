"""What `graphintro path` says of each answer, worked by hand on a small team: the first ask in
every case, the teammate who owns the relationship, the weakest link, and the refusals."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from graphintro.errors import NoPathError, NotFoundError, UsageError
from graphintro.ingest import import_paths
from graphintro.paths import first_ask, introductions
from graphintro.store import Store
from graphintro.strength import RATING_STRENGTH
from graphintro.suggestions import STRENGTHENED_RATING

# -- the first ask, every case ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "names,options,ask",
    [
        (["You", "Bea"], {}, "you know Bea directly: contact them"),
        (["You", "Bea", "Zoé"], {}, "ask Bea to introduce you to Zoé"),
        (["You", "Bea", "Cid", "Zoé"], {}, "ask Bea to introduce you to Cid"),
        (["Ann", "Zoé"], {"team": True}, "Ann knows Zoé directly: ask Ann to introduce you"),
        (["Ann", "Bea", "Cid", "Zoé"], {"team": True}, "ask Ann to ask Bea for an introduction to Zoé"),
        (["You", "Tom", "Zoé"], {"teammate_first": True}, "ask your teammate Tom, who knows Zoé"),
        (
            ["You", "Tom", "Bea", "Zoé"],
            {"teammate_first": True},
            "ask your teammate Tom to ask Bea for an introduction to Zoé",
        ),
        (
            ["You", "Tom", "Bea", "Cid", "Dan", "Zoé"],
            {"teammate_first": True},
            "ask your teammate Tom to ask Bea to reach Zoé (through Cid, Dan)",
        ),
        (
            ["You", "Bea", "Zoé"],
            {"direct": False, "evidence": ["both at Airbus 2019–2021", "a shared group"]},
            "you and Bea have no direct tie (only both at Airbus 2019–2021): reach out there, or choose another path",
        ),
        (
            ["Ann", "Bea", "Zoé"],
            {"team": True, "direct": False},
            "Ann and Bea have no direct tie: reach out there, or choose another path",
        ),
    ],
)
def test_the_first_ask_in_plain_words(names, options, ask):
    assert first_ask(names, **options) == ask


# -- answers on a small team -----------------------------------------------------------------------

LI = "https://www.linkedin.com/in/"


def connections(folder: Path, rows: list[tuple[str, str, str, str, str]]) -> Path:
    """A Basic LinkedIn export: Connections.csv alone (first, last, company, position, connected on)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "Connections.csv"
    lines = ["First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
    lines += [f"{a},{b},{LI}{a.lower()}-{b.lower()},,{c},{t},{d}" for a, b, c, t, d in rows]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@pytest.fixture
def small_team(tmp_path):
    """Alice and Bob (teammates since 2015); Xavier is a contact of both; Yasmine (a purchasing
    director at Thales, since 2012) and Olga (a buyer there, since 2008) are Bob's contacts only."""
    store = Store(tmp_path / "team.db")
    alice = [
        ("Bob", "Durand", "Acme", "Engineer", "04 Jul 2015"),
        ("Xavier", "Petit", "Orange", "Engineer", "04 Jul 2023"),
    ]
    bob = [
        ("Alice", "Martin", "Acme", "Engineer", "04 Jul 2015"),
        ("Yasmine", "Haddad", "Thales", "Directrice des achats", "04 Jul 2012"),
        ("Xavier", "Petit", "Orange", "Engineer", "04 Jul 2020"),
        ("Olga", "Morel", "Thales", "Acheteuse", "04 Jul 2008"),
    ]
    import_paths(
        store, [connections(tmp_path / "alice", alice)], owner="Alice Martin", owner_url=LI + "alice-martin"
    )
    import_paths(store, [connections(tmp_path / "bob", bob)], owner="Bob Durand", owner_url=LI + "bob-durand")
    with store:
        yield store


def who(path: dict) -> list[str]:
    return [person["name"] for person in path["people"]]


def test_the_teammate_who_knows_the_target_is_the_answer_and_its_weakest_link_is_named(small_team):
    result = introductions(small_team, source="Alice Martin", target="Yasmine Haddad")
    (path,) = result["paths"]
    assert who(path) == ["Alice Martin", "Bob Durand", "Yasmine Haddad"]
    assert path["ask"] == "ask your teammate Bob Durand, who knows Yasmine Haddad"
    assert path["teammate"]["name"] == path["introducer"]["name"] == "Bob Durand"
    assert path["hops"] == 2
    first, second = path["links"]
    assert first["evidence"][0] == "teammates"
    assert second["evidence"] == ["connected since 2012-07-04 (8 years)"]  # at Bob's export (2020)
    assert path["probability"] == pytest.approx(first["strength"] * second["strength"])
    assert second["strength"] < first["strength"]
    assert path["weakest_link"] == {
        "from": {"id": path["people"][1]["id"], "name": "Bob Durand"},
        "to": {"id": path["people"][2]["id"], "name": "Yasmine Haddad"},
        "strength": second["strength"],
    }
    assert set(path["people"][2]) == {"id", "name", "company", "position"}
    assert path["people"][2]["company"] == "Thales"
    # A weak best answer (below 0.25) comes with a way to make it better.
    assert path["probability"] < 0.25
    assert result["suggestions"][0]["action"] == "strengthen"
    assert "Bob Durand's weak tie with Yasmine Haddad" in result["suggestions"][0]["detail"]
    # Its gain is over the best answer now: the strengthened tie's strength less that probability.
    strengthened = RATING_STRENGTH[STRENGTHENED_RATING]
    assert result["suggestions"][0]["gain"] == round(strengthened - path["probability"], 4)


def test_the_weakest_link_can_be_the_first(small_team):
    """Xavier has known Bob since 2020, Bob Yasmine since 2012: the link to work on is Xavier's own."""
    (path,) = introductions(small_team, source="Xavier Petit", target="Yasmine Haddad")["paths"]
    assert who(path) == ["Xavier Petit", "Bob Durand", "Yasmine Haddad"]
    assert path["weakest_link"]["from"]["name"] == "Xavier Petit"
    assert path["weakest_link"]["to"]["name"] == "Bob Durand"
    assert path["weakest_link"]["strength"] == path["links"][0]["strength"] < path["links"][1]["strength"]


def test_from_the_team_the_teammate_is_asked_directly(small_team):
    result = introductions(small_team, team=True, target="Yasmine Haddad", k=3)
    (path,) = result["paths"]
    assert who(path) == ["Bob Durand", "Yasmine Haddad"]
    assert path["ask"] == "Bob Durand knows Yasmine Haddad directly: ask Bob Durand to introduce you"
    assert path["teammate"]["name"] == "Bob Durand"
    assert path["probability"] >= 0.25 and "suggestions" not in result


def test_a_company_is_answered_decision_makers_first(small_team):
    """Olga and Yasmine are both at Thales; Yasmine directs purchasing: she comes first although Bob
    has known Olga longer (the more probable answer)."""
    paths = introductions(small_team, source="Alice Martin", company="thales", k=5)["paths"]
    assert [who(p)[-1] for p in paths] == ["Yasmine Haddad", "Olga Morel"]
    assert paths[1]["probability"] > paths[0]["probability"]
    assert [
        who(p)[-1] for p in introductions(small_team, source="Alice Martin", company="Thales", k=1)["paths"]
    ] == ["Yasmine Haddad"]
    only = introductions(small_team, source="Alice Martin", company="Thales", title="acheteuse", k=5)["paths"]
    assert [who(p)[-1] for p in only] == ["Olga Morel"]


@pytest.mark.parametrize(
    "question,error,message",
    [
        ({"source": "Alice Martin"}, UsageError, "give a target person or --company"),
        (
            {"source": "Alice Martin", "target": "Olga Morel", "company": "Thales"},
            UsageError,
            "give a target person or --company, not both",
        ),
        ({"target": "Olga Morel"}, UsageError, "give a source person or --team"),
        (
            {"source": "Alice Martin", "team": True, "target": "Olga Morel"},
            UsageError,
            "give a source person or --team, not both",
        ),
        (
            {"source": "Alice Martin", "target": "Olga Morel", "k": 0},
            UsageError,
            "-k and --max-hops must be at least 1",
        ),
        (
            {"source": "Alice Martin", "target": "Olga Morel", "max_hops": 0},
            UsageError,
            "-k and --max-hops must be at least 1",
        ),
        ({"source": "Alice Martin", "company": "Airbus"}, NotFoundError, "nobody currently at 'Airbus'"),
        (
            {"source": "Alice Martin", "company": "Thales", "title": "CEO"},
            NotFoundError,
            "nobody currently at 'Thales' with a title matching 'CEO'",
        ),
        (
            {"source": "Alice Martin", "target": "Yasmine Haddad", "max_hops": 1},
            NoPathError,
            "no introduction path from Alice Martin to Yasmine Haddad within 1 hops",
        ),
        (
            {"team": True, "company": "Thales", "title": "achats", "avoid": ["Bob Durand"]},
            NoPathError,
            "no introduction path from the team to Thales (achats) within 4 hops",
        ),
    ],
)
def test_questions_that_cannot_be_answered_say_why(small_team, question, error, message):
    with pytest.raises(error) as raised:
        introductions(small_team, **question)
    assert str(raised.value) == message


def test_an_introducer_over_budget_is_ranked_lower_and_the_answer_says_why(small_team, tmp_path):
    """Chloé, a third teammate, also knows Yasmine, less well than Bob: Bob is the best introducer
    until he has two open asks (the default budget), then Chloé, and both answers say why."""
    from graphintro.load import DEFAULT_BUDGET, IntroducerLoad

    chloe = [
        ("Alice", "Martin", "Acme", "Engineer", "04 Jul 2018"),
        ("Yasmine", "Haddad", "Thales", "Directrice des achats", "04 Jul 2021"),
    ]
    import_paths(
        small_team,
        [connections(tmp_path / "chloe", chloe)],
        owner="Chloé Petit",
        owner_url=LI + "chloe-petit",
    )
    ids = dict(small_team.conn.execute("SELECT name, id FROM people"))
    question = {"source": "Alice Martin", "target": "Yasmine Haddad"}
    before = introductions(small_team, **question)
    assert [p["introducer"]["name"] for p in before["paths"]] == ["Bob Durand", "Chloé Petit"]
    assert "load" not in before and all("load" not in p for p in before["paths"])

    busy = {ids["Bob Durand"]: IntroducerLoad(ids["Bob Durand"], "Bob Durand", 2, 3, dict(DEFAULT_BUDGET))}
    note = "Bob Durand has 2 open asks; next best introducer: Chloé Petit"
    spared = introductions(small_team, **question, loads=busy)
    assert [p["introducer"]["name"] for p in spared["paths"]] == ["Chloé Petit", "Bob Durand"]
    assert spared["load"] == [
        {
            "introducer": {"id": ids["Bob Durand"], "name": "Bob Durand"},
            "open_asks": 2,
            "recent_asks": 3,
            "next": {"id": ids["Chloé Petit"], "name": "Chloé Petit"},
            "note": note,
        }
    ]
    assert spared["paths"][1]["load"] == {"open_asks": 2, "recent_asks": 3, "over_budget": True, "note": note}
    assert "load" not in spared["paths"][0]
    # --ignore-load: the model alone; --repeat-introducers: the plain k best, spared all the same.
    ignored = introductions(small_team, **question, loads=busy, ignore_load=True)
    assert [p["introducer"]["name"] for p in ignored["paths"]] == ["Bob Durand", "Chloé Petit"]
    assert "load" not in ignored and all("load" not in p for p in ignored["paths"])
    repeated = introductions(small_team, **question, loads=busy, repeat_introducers=True, k=5)
    assert [p["introducer"]["name"] for p in repeated["paths"]] == ["Chloé Petit", "Bob Durand"]
    assert repeated["load"][0]["note"] == note
    # From the team, Bob is the teammate who knows her: the one asked, so the one spared.
    team = introductions(small_team, team=True, target="Yasmine Haddad", loads=busy)
    assert [who(p) for p in team["paths"]] == [
        ["Chloé Petit", "Yasmine Haddad"],
        ["Bob Durand", "Yasmine Haddad"],
    ]
    assert team["paths"][1]["load"]["over_budget"] is True


def test_the_asks_in_the_store_are_the_load(small_team, tmp_path):
    """Two asks made through Bob (``graphintro ask``) put him over the default budget: the next
    question prefers Chloé without being told."""
    from typer.testing import CliRunner

    from graphintro.cli import app

    chloe = [
        ("Alice", "Martin", "Acme", "Engineer", "04 Jul 2018"),
        ("Yasmine", "Haddad", "Thales", "Directrice des achats", "04 Jul 2021"),
    ]
    import_paths(
        small_team,
        [connections(tmp_path / "chloe", chloe)],
        owner="Chloé Petit",
        owner_url=LI + "chloe-petit",
    )
    for target in ("Olga Morel", "Xavier Petit"):
        asked = CliRunner().invoke(
            app, ["--db", str(small_team.path), "ask", "Alice Martin", target, "--json"]
        )
        assert asked.exit_code == 0, asked.output
    result = introductions(small_team, source="Alice Martin", target="Yasmine Haddad")
    assert [p["introducer"]["name"] for p in result["paths"]] == ["Chloé Petit", "Bob Durand"]
    assert result["load"][0]["note"] == "Bob Durand has 2 open asks; next best introducer: Chloé Petit"


def test_a_calibrated_answer_gives_the_calibrated_figure_and_keeps_the_model_s(small_team):
    """From 20 closed asks on, ``probability`` is the calibrated figure and ``raw_probability`` the
    model's (the product of the links' strengths); below that, the model's alone."""
    from graphintro.calibration import Calibration, store_calibration

    question = {"source": "Alice Martin", "target": "Yasmine Haddad"}
    (model,) = introductions(small_team, **question, calibration=Calibration(1.0, 1.0, 19))["paths"]
    assert "raw_probability" not in model
    (calibrated,) = introductions(small_team, **question, calibration=Calibration(1.0, 1.0, 20))["paths"]
    raw = model["probability"]
    assert (
        calibrated["raw_probability"]
        == raw
        == calibrated["links"][0]["strength"] * calibrated["links"][1]["strength"]
    )
    assert calibrated["probability"] == pytest.approx(1 / (1 + (1 - raw) / raw * math.exp(-1.0)))
    # Unless given, the calibration is the store's: 20 closed asks at 10 %, 15 of them introduced.
    with small_team.transaction() as conn:
        a, b, c = (row[0] for row in conn.execute("SELECT id FROM people ORDER BY id LIMIT 3"))
        for outcome in ["introduced"] * 15 + ["no-reply"] * 5:
            conn.execute(
                "INSERT INTO asks (requester_id, teammate_id, introducer_id, target_id, probability, status,"
                " outcome, created, closed, lang, to_introducer, forwardable, path_json)"
                " VALUES (?, NULL, ?, ?, 0.1, 'closed', ?, '2026-10-01', '2026-10-15', 'fr', '', '', '{}')",
                (a, b, c, outcome),
            )
    (stored,) = introductions(small_team, **question)["paths"]
    assert stored["raw_probability"] == raw < stored["probability"]
    assert stored["probability"] == pytest.approx(store_calibration(small_team)(raw))


def test_only_the_introducer_over_budget_carries_the_note(small_team, tmp_path):
    """Bob is over budget, Chloé has one ask under way (within budget): her answer shows her load
    without Bob's note; and Alice, over budget herself as an introducer, still asks her own contact
    directly, with no note about her."""
    from graphintro.load import DEFAULT_BUDGET, IntroducerLoad

    chloe = [
        ("Alice", "Martin", "Acme", "Engineer", "04 Jul 2018"),
        ("Yasmine", "Haddad", "Thales", "Directrice des achats", "04 Jul 2021"),
    ]
    import_paths(
        small_team,
        [connections(tmp_path / "chloe", chloe)],
        owner="Chloé Petit",
        owner_url=LI + "chloe-petit",
    )
    ids = dict(small_team.conn.execute("SELECT name, id FROM people"))

    def load(name, open_asks, recent_asks):
        return IntroducerLoad(ids[name], name, open_asks, recent_asks, dict(DEFAULT_BUDGET))

    loads = {ids["Bob Durand"]: load("Bob Durand", 2, 3), ids["Chloé Petit"]: load("Chloé Petit", 1, 1)}
    result = introductions(small_team, source="Alice Martin", target="Yasmine Haddad", loads=loads)
    assert [p["introducer"]["name"] for p in result["paths"]] == ["Chloé Petit", "Bob Durand"]
    assert result["paths"][0]["load"] == {"open_asks": 1, "recent_asks": 1, "over_budget": False}
    assert (
        result["paths"][1]["load"]["note"] == "Bob Durand has 2 open asks; next best introducer: Chloé Petit"
    )
    busy = {ids["Alice Martin"]: load("Alice Martin", 3, 4)}
    own = introductions(small_team, source="Alice Martin", target="Xavier Petit", loads=busy)
    assert who(own["paths"][0]) == ["Alice Martin", "Xavier Petit"]
    assert "load" not in own and all("load" not in p for p in own["paths"])


def test_a_teammate_introduces_the_people_of_a_company_but_never_a_teammate_there(tmp_path):
    """Alice asks about Acme, where her teammate Dan works with Carla; her teammate Bob (at Orbital)
    knows both. The answers: Bob for Carla, and Dan directly; never Bob asked to introduce Dan."""
    members = {
        "Alice Martin": [
            ("Bob", "Durand", "Orbital", "Engineer", "04 Jul 2015"),
            ("Dan", "Roux", "Acme", "Engineer", "04 Jul 2016"),
        ],
        "Bob Durand": [
            ("Alice", "Martin", "Orbital", "Engineer", "04 Jul 2015"),
            ("Dan", "Roux", "Acme", "Engineer", "04 Jul 2014"),
            ("Carla", "Blanc", "Acme", "Directrice financière", "04 Jul 2019"),
        ],
        "Dan Roux": [
            ("Alice", "Martin", "Orbital", "Engineer", "04 Jul 2016"),
            ("Bob", "Durand", "Orbital", "Engineer", "04 Jul 2014"),
        ],
    }
    with Store(tmp_path / "team.db") as store:
        for name, rows in members.items():
            slug = name.lower().replace(" ", "-")
            import_paths(store, [connections(tmp_path / slug, rows)], owner=name, owner_url=LI + slug)
        paths = introductions(store, source="Alice Martin", company="Acme", k=6)["paths"]
    assert [who(p) for p in paths] == [
        ["Alice Martin", "Bob Durand", "Carla Blanc"],  # a decision maker first
        ["Alice Martin", "Dan Roux"],
    ]
    assert paths[0]["ask"] == "ask your teammate Bob Durand, who knows Carla Blanc"


def test_an_answer_whose_first_link_is_no_direct_tie_says_what_the_tie_rests_on(small_team, tmp_path):
    """Alice and Zoé are only in a small group together (Alice's group list): the answer is that
    group, and the first ask says so instead of asking Alice to contact someone she does not know."""
    groups = tmp_path / "groups.csv"
    groups.write_text(
        "group,name,url,role,posts\n"
        + "".join(
            f"Club Lean,{name},{LI}{name.lower().replace(' ', '-')},member,0\n"
            for name in ("Alice Martin", "Zoé Faure", "Yves Roux")
        ),
        encoding="utf-8",
    )
    import_paths(small_team, [groups], owner="Alice Martin", owner_url=LI + "alice-martin")
    path = introductions(small_team, source="Alice Martin", target="Zoé Faure")["paths"][0]
    assert who(path) == ["Alice Martin", "Zoé Faure"]
    assert path["links"][0]["evidence"] == ["1 group in common: Club Lean"]
    assert path["ask"] == (
        "you and Zoé Faure have no direct tie (only 1 group in common: Club Lean):"
        " reach out there, or choose another path"
    )


def test_a_member_imported_since_the_last_question_is_of_the_team_at_the_next(small_team, tmp_path):
    """The team is read once per generation of the store (``paths.team_members``): Xavier's own
    export imported into the store between two questions of the same ``Store`` makes him a teammate
    at the second, who knows Olga himself."""
    before = introductions(small_team, team=True, target="Olga Morel", k=3)["paths"]
    assert [who(p) for p in before] == [["Bob Durand", "Olga Morel"]]
    xavier = [("Olga", "Morel", "Thales", "Acheteuse", "04 Jul 2023")]
    import_paths(
        small_team,
        [connections(tmp_path / "xavier", xavier)],
        owner="Xavier Petit",
        owner_url=LI + "xavier-petit",
    )
    after = introductions(small_team, team=True, target="Olga Morel", k=3)["paths"]
    assert ["Xavier Petit", "Olga Morel"] in [who(p) for p in after]
    assert all(p["teammate"] is not None for p in after)
