"""Network quality: hand-checked components, Burt's measures against networkx, and the promise that
size does not buy score (property tests on generated stores)."""

import json
import math
import tempfile
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphintro.config import ConfigError
from graphintro.errors import ImportFormatError
from graphintro.ingest import import_paths
from graphintro.quality import (
    DEFAULT_SETTINGS,
    DEFAULT_WEIGHTS,
    activity_component,
    brokerage_component,
    burt_measures,
    combine,
    diversity_component,
    load_quality_config,
    load_targets,
    reach_component,
    score_team,
    shannon_entropy,
    strength_component,
    strong_tie_of,
    uniqueness_component,
)
from graphintro.store import Store
from graphintro.team_network import load_network
from graphintro.titles import is_decision_maker, title_function, title_seniority

# -- titles -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title,function,level",
    [
        ("Directrice des achats", "purchasing", 4),
        ("Head of Procurement", "purchasing", 4),
        ("VP Sales", "sales", 4),
        ("Ingénieure d'affaires", "sales", 2),
        ("Ingénieur cybersécurité", "cyber", 1),
        ("RSSI", "cyber", 4),
        ("DRH", "hr", 4),
        ("DSI", "tech", 4),
        ("CTO", "tech", 5),
        ("Chief Executive Officer", "general", 5),
        ("Senior Accountant", "finance", 2),
        ("Président-directeur général", "general", 5),
        ("Co-founder & CEO", "general", 5),
        ("Fondatrice", "general", 5),
        ("Stagiaire achats", "purchasing", 0),
        ("Key Account Manager", "sales", 2),
        ("Supply Chain Manager", "purchasing", 3),
        ("Lead Data Scientist", "data", 2),
        ("Contrôleuse de gestion", "finance", 1),
        ("Cheffe de produit", "marketing", 2),
        ("", None, None),
    ],
)
def test_function_and_seniority_from_french_and_english_titles(title, function, level):
    assert title_function(title) == function
    assert title_seniority(title) == level
    assert is_decision_maker(title) == (level is not None and level >= 4)


# -- components, hand-checked ---------------------------------------------------------------------


def test_strength_component_is_share_and_saturating_mass_of_strong_ties():
    strengths = [0.9, 0.6, 0.2, 0.1]
    # share 2/4 = 0.5 reaches share_ref; mass 1.5
    assert strength_component(strengths) == pytest.approx(0.5 * 1 + 0.5 * (1 - math.exp(-1.5 / 25)))
    assert strength_component([0.3] * 500) == 0
    assert strength_component([]) == 0


def test_activity_counts_dormant_strong_ties_only():
    strengths = [0.9, 0.8, 0.7, 0.2]
    days = [10, 400, float("nan"), 1]  # the weak tie's recent message does not count
    assert activity_component(strengths, days) == pytest.approx(1 / 3)
    assert activity_component([0.2], [1]) == 0
    # A year to the day is still active; a day more is dormant.
    assert activity_component([0.9, 0.9], [365, 366]) == pytest.approx(0.5)


def test_entropy_and_diversity_by_hand():
    assert shannon_entropy(["a", "a", "b", "b"]) == pytest.approx(math.log(2))
    assert shannon_entropy(["a", "b", None, ""]) == pytest.approx(math.log(2))
    assert shannon_entropy([0, 1], weights=[3, 1]) == pytest.approx(
        -(0.75 * math.log(0.75) + 0.25 * math.log(0.25))
    )
    # Codes as the network gives them: the store's companies, of which a member knows a few.
    assert shannon_entropy(np.array([0, 7, -1])) == pytest.approx(math.log(2))
    strengths = [1.0, 1.0, 0.1]
    dimensions = {"companies": ["A", "B", "C"], "functions": ["sales", "sales", "hr"]}
    refs = {"companies": 4, "functions": 11}
    # companies: two strong ties at two companies, ln 2 / ln 4 = 0.5; functions: one category, 0
    assert diversity_component(strengths, dimensions, refs) == pytest.approx((0.5 + 0.0) / 2)
    # A dimension mostly unknown is left out rather than counted as zero.
    dimensions["functions"] = [None, None, "hr"]
    assert diversity_component(strengths, dimensions, refs) == pytest.approx(0.5)


def test_reach_uniqueness_relevance_and_combination():
    assert reach_component(10, 10) == pytest.approx(1 - math.exp(-1))
    assert uniqueness_component(5, 10, 20) == 0.25  # a small reach counts as 20
    assert uniqueness_component(30, 40, 20) == 0.75
    assert uniqueness_component(0, 0, 20) == 0
    weights = {"strength": 2.0, "activity": 1.0}
    assert combine({"strength": 1.0, "activity": 0.4}, weights) == pytest.approx(100 * 2.4 / 3)
    # Every weight set to 0 in the config: nothing is measured, the score is 0.
    assert combine({"strength": 1.0, "activity": 0.4}, {"strength": 0.0, "activity": 0.0}) == 0.0


# -- Burt's measures --------------------------------------------------------------------------------


def test_burt_by_hand_star_and_triangle():
    # A star of three equal, unlinked alters: all non-redundant, constraint 3 * (1/3)^2.
    assert burt_measures([1, 1, 1]) == pytest.approx((3.0, 1 / 3))
    # Two alters linked to each other: each is half redundant; c_j = (1/2 + 1/2 * 1/2)^2.
    size, constraint = burt_measures([1, 1], ([0], [1], [1]))
    assert size == pytest.approx(1.0)
    assert constraint == pytest.approx(2 * (3 / 4) ** 2)
    assert brokerage_component(size, constraint, 2) == pytest.approx(0.5 * 0 + 0.5 * 0.5)
    assert burt_measures([]) == (0.0, 1.0)


def ego_graph(ego_weights, edges):
    graph = nx.Graph()
    for j, w in enumerate(ego_weights):
        graph.add_edge("ego", j, weight=w)
    for a, b, w in edges:
        if a != b:
            graph.add_edge(a, b, weight=w)
    return graph


@st.composite
def ego_networks(draw):
    n = draw(st.integers(1, 8))
    weight = st.floats(0.05, 1.0)
    ego_weights = [draw(weight) for _ in range(n)]
    pairs = [(a, b) for a in range(n) for b in range(a + 1, n)]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True)) if pairs else []
    return ego_weights, [(a, b, draw(weight)) for a, b in chosen]


@settings(max_examples=150, deadline=None)
@given(ego_networks())
def test_burt_matches_networkx_on_the_ego_graph(network):
    ego_weights, edges = network
    graph = ego_graph(ego_weights, edges)
    rows, cols, weights = zip(*edges, strict=False) if edges else ((), (), ())
    size, constraint = burt_measures(ego_weights, (rows, cols, weights))
    assert size == pytest.approx(nx.effective_size(graph, ["ego"], weight="weight")["ego"])
    assert constraint == pytest.approx(nx.constraint(graph, ["ego"], weight="weight")["ego"])
    # Unweighted, networkx uses Borgatti's n - 2t/n: the same number.
    size, constraint = burt_measures([1.0] * len(ego_weights), (rows, cols, [1.0] * len(edges)))
    assert size == pytest.approx(nx.effective_size(graph, ["ego"])["ego"])
    assert constraint == pytest.approx(nx.constraint(graph, ["ego"])["ego"])


# -- generated stores -------------------------------------------------------------------------------

LI = "https://www.linkedin.com/in/"
EXPORT = "Complete_LinkedInDataExport_11-02-2026"  # fixes the export date: strengths are measured on it
COMPANIES = ["Airbus", "Thales", "Orange", "Capgemini", "Safran", "AXA", "EDF", "Renault"]
TITLES = [
    "Acheteur",
    "Directrice des achats",
    "Data Engineer",
    "Head of Data",
    "Commercial",
    "VP Sales",
    "Chef de projet",
    "Ingénieur qualité",
    "DRH",
    "Chargée de recrutement",
    "Consultant",
    "CEO",
]
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def slug(first, last):
    return f"{first}-{last}".lower()


def write_export(folder: Path, owner: str, contacts: list[dict]) -> Path:
    """A LinkedIn export folder: Connections.csv and messages.csv (messages alternate both ways)."""
    folder = folder / EXPORT
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
    messages = [
        (
            "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,"
            "SUBJECT,CONTENT,FOLDER,ATTACHMENTS"
        )
    ]
    owner_end = (owner, LI + slug(*owner.split()))
    for number, c in enumerate(contacts):
        year, month, day = c["connected"]
        lines.append(
            f"{c['first']},{c['last']},{LI}{slug(c['first'], c['last'])},,{c['company']},{c['title']},"
            f"{day:02d} {MONTHS[month - 1]} {year}"
        )
        peer = (f"{c['first']} {c['last']}", LI + slug(c["first"], c["last"]))
        for m in range(c["messages"]):
            sender, receiver = (owner_end, peer) if m % 2 == 0 else (peer, owner_end)
            messages.append(
                f"c-{slug(*owner.split())}-{number},,{sender[0]},{sender[1]},{receiver[0]},{receiver[1]},"
                f"{c['last_message']} 10:{m % 60:02d}:00 UTC,,hello,INBOX,"
            )
    (folder / "Connections.csv").write_text("\n".join(lines), encoding="utf-8")
    (folder / "messages.csv").write_text("\n".join(messages), encoding="utf-8")
    return folder


def contact(first, last, company, title, connected=(2020, 1, 1), messages=0, last_message="2026-10-01"):
    return {
        "first": first,
        "last": last,
        "company": company,
        "title": title,
        "connected": connected,
        "messages": messages,
        "last_message": last_message,
    }


@st.composite
def teams(draw):
    """2-3 members; contacts from a shared pool (networks overlap), some strong (many recent messages)."""
    pool = [
        contact(
            f"P{k}",
            f"Person{k}",
            draw(st.sampled_from(COMPANIES)),
            draw(st.sampled_from(TITLES)),
            (draw(st.integers(2010, 2026)), draw(st.integers(1, 10)), draw(st.integers(1, 28))),
        )
        for k in range(30)
    ]
    members = []
    for number in range(draw(st.integers(2, 3))):
        chosen = draw(st.lists(st.integers(0, len(pool) - 1), min_size=3, max_size=18, unique=True))
        mine = []
        for k in chosen:
            messages = draw(st.sampled_from([0, 0, 2, 12, 40]))
            recent = draw(st.sampled_from(["2026-10-25", "2026-06-01", "2024-03-01"]))
            mine.append({**pool[k], "messages": messages, "last_message": recent})
        members.append((f"Member{number} Team", mine))
    return members


def build(root: Path, members) -> Store:
    store = Store(root / "team.db")
    for name, contacts in members:
        import_paths(
            store,
            [write_export(root / slug(*name.split()), name, contacts)],
            owner=name,
            owner_url=LI + slug(*name.split()),
        )
    return store


def member_score(store: Store, name: str) -> float:
    return next(m.score for m in score_team(store).members if m.name == name)


GENERATED = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@GENERATED
@given(teams(), st.integers(20, 300), st.data())
def test_many_weak_redundant_contacts_do_not_raise_the_score(members, extra, data):
    name, contacts = members[0]
    companies = sorted({c["company"] for c in contacts})
    titles = sorted({c["title"] for c in contacts})
    padding = [
        contact(
            f"Pad{k}",
            f"Filler{k}",
            data.draw(st.sampled_from(companies)),
            data.draw(st.sampled_from(titles)),
            (2026, 10, 26 + k % 5),
        )
        for k in range(extra)
    ]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        with build(root, members) as store:
            before = member_score(store, name)
            # The member's next export: the same contacts and many new, silent ones at the same companies.
            import_paths(store, [write_export(root / "next", name, contacts + padding)], owner=name)
            after = member_score(store, name)
    assert after - before < 5, (before, after)


@GENERATED
@given(teams())
def test_one_strong_diverse_bridging_tie_raises_the_score(members):
    name, contacts = members[0]
    bridge = contact(
        "Nora",
        "Bridge",
        "Zephyr Biotech",
        "Chief Marketing Officer",
        (2015, 3, 2),
        messages=30,
        last_message="2026-10-28",
    )
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        with build(root, members) as store:
            before = member_score(store, name)
            import_paths(store, [write_export(root / "next", name, contacts + [bridge])], owner=name)
            after = member_score(store, name)
    assert after > before, (before, after)


def test_brokerage_sees_contacts_shared_with_a_teammate(tmp_path):
    """Three strong contacts; two are also strong contacts of a teammate: they are redundant."""
    strong = {"messages": 30, "last_message": "2026-10-20"}
    ana, bob, cid = (
        contact(f, "X", c, "Acheteur", (2016, 1, 1)) | strong
        for f, c in (("Ana", "Airbus"), ("Bob", "Thales"), ("Cid", "Orange"))
    )
    with build(tmp_path, [("Alice Owner", [ana, bob, cid]), ("Bruno Owner", [ana, bob])]) as store:
        net = load_network(store)
        alice = net.graph.index_of(
            store.conn.execute("SELECT id FROM people WHERE name = 'Alice Owner'").fetchone()[0]
        )
        people, strengths, _ = net.contacts(alice)
        alters = people[strengths >= 0.5]
        assert len(alters) == 3
        ego_weights, (rows, cols, weights) = net.ego_network(alice, alters)
        assert len(ego_weights) == 4  # three contacts and the rest of the team
        assert sorted(rows.tolist()) == [0, 1] and set(cols.tolist()) == {3}  # Ana and Bob tied to the team
        size, constraint = burt_measures(ego_weights, (rows, cols, weights))
        alone = burt_measures(ego_weights)  # what an export alone would suggest: nobody linked
        assert size < alone[0] and constraint > alone[1]
        scores = {m.name: m for m in score_team(store).members}
        # What `score --json` shows of them (rounded for reading, never to a whole number).
        assert 0 < scores["Alice Owner"].details["constraint"] < 1
        assert scores["Alice Owner"].details["constraint"] == round(constraint, 4)
        assert scores["Alice Owner"].details["effective_size"] == round(size, 2)
        for shown in scores.values():  # two and four decimals (Bruno's effective size is 1.8174)
            assert shown.details["effective_size"] == round(shown.details["effective_size"], 2)
            assert shown.details["constraint"] == round(shown.details["constraint"], 4)
        assert scores["Alice Owner"].details["unique_reach"] == 1  # Cid
        assert scores["Bruno Owner"].details["unique_reach"] == 0


# -- targets and configuration ---------------------------------------------------------------------


def test_targets_from_toml_and_csv(tmp_path):
    toml = tmp_path / "targets.toml"
    toml.write_text(
        'companies = ["Aéroline Systèmes", "Airbus SAS"]\nindustries = ["Aviation & Aerospace"]\n'
        'titles = ["Directeur des achats", "Head of Procurement"]\n'
        '[industry_of]\n"Safran" = "Aviation & Aerospace"\n',
        encoding="utf-8",
    )
    targets = load_targets(toml)
    assert targets.companies == {"aeroline systemes", "airbus"}
    assert targets.industry_of == {"safran": "aviation aerospace"}
    assert targets.weight("AIRBUS", "", "Directeur des achats France") == 1.0
    assert targets.weight("Airbus", "", "Stagiaire") == 0.5
    assert targets.weight("Orange", "", "Comptable") == 0.0
    csv = tmp_path / "targets.csv"
    csv.write_text("company;industry;title\nAéroline Systèmes;;\n;Banking;\n;;VP Sales\n", encoding="utf-8")
    targets = load_targets(csv)
    assert targets.companies == {"aeroline systemes"} and targets.industries == {"banking"}
    assert targets.titles == ["vp sales"]
    assert targets.weight("BNP Paribas", "Banking", "VP Sales") == 1.0
    bad = tmp_path / "bad.csv"
    bad.write_text("name,email\nx,y\n", encoding="utf-8")
    with pytest.raises(ImportFormatError, match="company, industry and/or title"):
        load_targets(bad)


def test_relevance_appears_only_with_targets(demo_db, team, tmp_path):
    toml = tmp_path / "targets.toml"
    toml.write_text(f'companies = ["{team["target_company"]}"]\n', encoding="utf-8")
    with Store(demo_db) as store:
        plain = score_team(store)
        targeted = score_team(store, targets=load_targets(toml))
    assert all("relevance" not in m.components for m in plain.members)
    by_name = {m.name: m for m in targeted.members}
    assert by_name[team["deep_member"]].components["relevance"] > 0  # Zoé Fontaine, strong tie of David
    assert by_name[team["shallow_member"]].components["relevance"] == 0


def test_config_file_overrides_quality_weights_and_settings(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text("[quality]\nreach = 0.5\nstrong_tie = 0.6\n", encoding="utf-8")
    weights, thresholds = load_quality_config(config)
    assert weights["reach"] == 0.5 and thresholds["strong_tie"] == 0.6
    assert weights["strength"] == DEFAULT_WEIGHTS["strength"]
    assert thresholds["dormant_days"] == DEFAULT_SETTINGS["dormant_days"]
    config.write_text("[quality]\nreech = 0.5\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="reech"):
        load_quality_config(config)


def test_scores_are_bounded_and_deterministic(demo_db):
    with Store(demo_db) as store:
        first, second = score_team(store).to_dict(), score_team(store).to_dict()
    assert first == second
    for member in first["members"] + [first["team"]]:
        assert 0 <= member["score"] <= 100
        assert all(0 <= value <= 1 for value in member["components"].values())
        # `score --json` shows components to four decimals, the score to one.
        assert all(value == round(value, 4) for value in member["components"].values())
        assert member["score"] == round(member["score"], 1)
    assert any(value != round(value, 3) for m in first["members"] for value in m["components"].values())
    assert np.isfinite([m["score"] for m in first["members"]]).all()


def test_diversity_weighs_each_strong_tie_by_its_strength():
    """Three very strong ties at Airbus and one barely strong tie at Thales are less diverse than an
    even split: p = (2.7, 0.6) / 3.3, not (3, 1) / 4."""
    strengths = [0.9, 0.9, 0.9, 0.6]
    dimensions = {"companies": ["Airbus", "Airbus", "Airbus", "Thales"]}
    p = [2.7 / 3.3, 0.6 / 3.3]
    expected = -sum(x * math.log(x) for x in p) / math.log(4)
    assert diversity_component(strengths, dimensions, {"companies": 4}) == pytest.approx(expected)
    unweighted = -(0.75 * math.log(0.75) + 0.25 * math.log(0.25)) / math.log(4)
    assert abs(expected - unweighted) > 0.03


def test_reach_goes_two_hops_through_a_strong_contact(tmp_path):
    """Alice writes often to Ana; Ana knows Victor, a VP Sales in Bruno's contacts, well (rated 5 by
    hand): Alice reaches Victor in two hops, and that decision maker counts in her reach."""
    from graphintro.strength import rate_tie

    strong = {"messages": 30, "last_message": "2026-10-20"}
    ana = contact("Ana", "Relais", "Airbus", "Acheteuse", (2016, 1, 1)) | strong
    victor = contact("Victor", "Cible", "Safran", "VP Sales", (2019, 1, 1))
    with build(tmp_path, [("Alice Owner", [ana]), ("Bruno Owner", [victor])]) as store:
        ids = dict(store.conn.execute("SELECT name, id FROM people"))
        rate_tie(store, ids["Ana Relais"], ids["Victor Cible"], 5)
        alice = next(m for m in score_team(store).members if m.name == "Alice Owner")
    assert alice.details["people_reached"] == 2  # Ana, and Victor through her
    assert alice.details["decision_makers_reached"] == 1  # Victor
    assert alice.components["reach"] == pytest.approx(reach_component(1))


# -- what mutation testing found untested (TESTING.md, "quality") ------------------------------------


def test_a_tie_exactly_at_the_threshold_is_strong():
    """``strong_tie`` is where strong starts: a tie at exactly 0.5 counts in every component."""
    at = [0.5, 0.5]
    assert strength_component(at) == pytest.approx(0.5 * 1 + 0.5 * (1 - math.exp(-1.0 / 25)))
    assert activity_component(at, [10, 400]) == pytest.approx(0.5)
    dimensions = {"companies": ["Airbus", "Thales"]}
    assert diversity_component(at, dimensions, {"companies": 4}) == pytest.approx(0.5)  # ln 2 / ln 4


def test_diversity_is_zero_when_no_dimension_is_known_enough():
    """Strong ties whose companies are mostly unknown say nothing about diversity: 0, not a guess."""
    strengths = [0.9, 0.8, 0.7]
    dimensions = {"companies": [None, None, "Airbus"], "functions": ["", "", "sales"]}
    assert diversity_component(strengths, dimensions, {"companies": 4, "functions": 11}) == 0.0
    assert diversity_component([0.2, 0.1], {"companies": ["A", "B"]}, {"companies": 4}) == 0.0
    # One dimension well known, the other known for a third of the strong weight: only the first counts.
    dimensions = {"companies": ["A", "B", "C"], "functions": ["sales", None, None]}
    refs = {"companies": 4, "functions": 11}
    assert diversity_component([1.0, 1.0, 1.0], dimensions, refs) == pytest.approx(math.log(3) / math.log(4))


def test_a_single_strong_contact_is_half_a_broker():
    """One alter: fully constrained (C = 1) but not redundant (E/n = 1), so ½·0 + ½·1."""
    size, constraint = burt_measures([0.8])
    assert (size, constraint) == pytest.approx((1.0, 1.0))
    assert brokerage_component(size, constraint, 1) == pytest.approx(0.5)
    assert brokerage_component(0.0, 1.0, 0) == 0.0


@pytest.mark.parametrize("value", ["-0.1", '"high"', "true", "[0.2]"])
def test_a_quality_weight_or_setting_must_be_a_number_at_least_zero(tmp_path, value):
    """A negative weight would turn a component into a penalty, and the score out of 0–100; a string
    or a boolean is a typo. Each is refused in one line naming the file and the key."""
    config = tmp_path / "config.toml"
    config.write_text(f"[quality]\nreach = {value}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"config\.toml.*\[quality\] reach"):
        load_quality_config(config)
    config.write_text(f"[quality]\nmass_ref = {value}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\[quality\] mass_ref"):
        load_quality_config(config)


def test_a_zero_weight_leaves_a_component_out_of_the_score(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text("[quality]\nactivity = 0\n", encoding="utf-8")
    weights, _ = load_quality_config(config)
    assert weights["activity"] == 0.0
    assert combine({"strength": 0.5, "activity": 1.0}, weights) == pytest.approx(50.0)


def two_hop_team(tmp_path):
    """Alice writes often to Ana (Airbus); Ana knows Victor (VP Sales at Safran, in Bruno's weak
    contacts) well: Alice reaches Ana and Victor, Bruno nobody."""
    from graphintro.strength import rate_tie

    strong = {"messages": 30, "last_message": "2026-10-20"}
    ana = contact("Ana", "Relais", "Airbus", "Acheteuse", (2016, 1, 1)) | strong
    victor = contact("Victor", "Cible", "Safran", "VP Sales", (2019, 1, 1))
    store = build(tmp_path, [("Alice Owner", [ana]), ("Bruno Owner", [victor])])
    ids = dict(store.conn.execute("SELECT name, id FROM people"))
    rate_tie(store, ids["Ana Relais"], ids["Victor Cible"], 5)
    return store


def test_the_team_reaches_what_its_members_reach(tmp_path):
    with two_hop_team(tmp_path) as store:
        scores = score_team(store, weights=DEFAULT_WEIGHTS, settings=DEFAULT_SETTINGS)
    by_name = {m.name: m for m in scores.members}
    assert by_name["Bruno Owner"].details["people_reached"] == 0  # Victor is a weak contact of his
    team = scores.team
    assert team.details["people_reached"] == 2  # Ana and Victor, through Alice
    assert team.details["decision_makers_reached"] == 1
    assert team.components["reach"] == pytest.approx(reach_component(1))
    assert team.details["key_person_share"] == 1.0  # only Alice holds them
    assert "uniqueness" not in team.components and "unique_reach" not in team.details
    assert "activity" in team.components  # the members' exports hold messages: measured for the team
    assert team.details["members"] == 2


def test_the_key_person_share_is_the_reach_only_one_member_holds(tmp_path):
    """Alice reaches Ana and, through her, Victor; Bruno reaches them too and Zoé besides: one of
    the team's three people hangs on a single member."""
    from graphintro.strength import rate_tie

    strong = {"messages": 30, "last_message": "2026-10-20"}
    ana = contact("Ana", "Relais", "Airbus", "Acheteuse", (2016, 1, 1)) | strong
    victor = contact("Victor", "Cible", "Safran", "VP Sales", (2019, 1, 1))
    zoe = contact("Zoé", "Seule", "Orange", "Consultante", (2017, 1, 1)) | strong
    with build(tmp_path, [("Alice Owner", [ana]), ("Bruno Owner", [ana, victor, zoe])]) as store:
        ids = dict(store.conn.execute("SELECT name, id FROM people"))
        rate_tie(store, ids["Ana Relais"], ids["Victor Cible"], 5)
        scores = score_team(store, weights=DEFAULT_WEIGHTS, settings=DEFAULT_SETTINGS)
    by_name = {m.name: m for m in scores.members}
    assert by_name["Bruno Owner"].details["people_reached"] == 3
    assert by_name["Bruno Owner"].details["unique_reach"] == 1  # Zoé
    assert by_name["Alice Owner"].details["unique_reach"] == 0
    assert scores.team.details["people_reached"] == 3
    assert scores.team.details["key_person_share"] == 0.3333


def test_a_team_without_members_cannot_be_scored(tmp_path):
    from graphintro.errors import NotFoundError

    with Store(tmp_path / "empty.db") as store, pytest.raises(NotFoundError, match=r"^the store has no team"):
        score_team(store, weights=DEFAULT_WEIGHTS, settings=DEFAULT_SETTINGS)


def test_score_owner_keeps_the_members_asked_for_and_the_whole_team(tmp_path):
    """``score --owner``: the members named, in score order; the team part is still the team's."""
    from graphintro.quality import members_named

    with two_hop_team(tmp_path) as store:
        scores = score_team(store, weights=DEFAULT_WEIGHTS, settings=DEFAULT_SETTINGS)
    alice = next(m for m in scores.members if m.name == "Alice Owner")
    named = members_named(scores, [alice.id])
    assert [m.name for m in named.members] == ["Alice Owner"]
    assert named.team is scores.team and named.as_of == scores.as_of == "2026-11-02"
    assert [m.name for m in members_named(scores, {m.id for m in scores.members}).members] == [
        m.name for m in scores.members
    ]


def test_the_relevance_reference_of_the_config_is_used(tmp_path):
    """Victor fits the targets (Safran, VP Sales: weight 1); ``relevance_ref`` sets how fast
    relevance saturates."""
    targets = tmp_path / "targets.toml"
    targets.write_text('companies = ["Safran"]\ntitles = ["VP Sales"]\n', encoding="utf-8")
    with two_hop_team(tmp_path) as store:
        wanted = load_targets(targets)
        default = score_team(store, targets=wanted, weights=DEFAULT_WEIGHTS, settings=DEFAULT_SETTINGS)
        quick = score_team(
            store, targets=wanted, weights=DEFAULT_WEIGHTS, settings=DEFAULT_SETTINGS | {"relevance_ref": 1.0}
        )
    alice = next(m for m in default.members if m.name == "Alice Owner")
    assert alice.components["relevance"] == pytest.approx(1 - math.exp(-1 / 5))
    alice = next(m for m in quick.members if m.name == "Alice Owner")
    assert alice.components["relevance"] == pytest.approx(1 - math.exp(-1 / 1))
    assert quick.team.components["relevance"] == pytest.approx(1 - math.exp(-1 / 1))


def test_a_member_with_messages_has_strong_ties_from_0_5_and_one_without_a_summary_too(tmp_path):
    """A member whose export holds messages keeps the 0.5 threshold (0.35 is for exports without
    them); a member the store has no export summary for (a Neo4j mirror synced before there was
    one) is scored the same way, without crashing."""
    contacts = [
        contact("Old", "Friend", "Airbus", "Acheteur", (2010, 1, 1)),  # ten years, no message: 0.35-0.5
        contact("Close", "Friend", "Thales", "Acheteur", (2016, 1, 1), 30, "2026-10-20"),
    ]
    with build(tmp_path, [("Alice Owner", contacts)]) as store:
        net = load_network(store)
        _, strengths, _ = net.contacts(net.members[0])
        assert 0.35 <= min(strengths) < 0.5 <= max(strengths)
        alice = score_team(store, weights=DEFAULT_WEIGHTS, settings=DEFAULT_SETTINGS, network=net).members[0]
        assert alice.details["strong_ties"] == 1
        net.exports.clear()
        unknown = score_team(store, weights=DEFAULT_WEIGHTS, settings=DEFAULT_SETTINGS, network=net).members[
            0
        ]
    assert unknown.details["strong_ties"] == 1
    # Alone in the team: nothing to be unique against, so no uniqueness component.
    assert "uniqueness" not in alice.components and "unique_reach" not in alice.details
    assert "activity" in unknown.components  # measured, as for a member whose exports hold messages
    assert unknown.evidence is None  # nothing known to be missing
    assert unknown.details["pending_invitations"] == 0
    assert unknown.name == "Alice Owner"


def test_the_min_known_setting_of_the_config_is_used(tmp_path):
    """Ana, Bob and Cid: three companies, no industry known. By default the industry dimension is
    left out of diversity; with ``min_known = 0`` it counts, as an entropy of 0."""
    strong = {"messages": 30, "last_message": "2026-10-20"}
    contacts = [
        contact(f, "X", c, "Acheteur", (2016, 1, 1)) | strong
        for f, c in (("Ana", "Airbus"), ("Bob", "Thales"), ("Cid", "Orange"))
    ]
    with build(tmp_path, [("Alice Owner", contacts)]) as store:
        default = score_team(store, weights=DEFAULT_WEIGHTS, settings=DEFAULT_SETTINGS).members[0]
        counted = score_team(
            store, weights=DEFAULT_WEIGHTS, settings=DEFAULT_SETTINGS | {"min_known": 0.0}
        ).members[0]
    assert counted.components["diversity"] < default.components["diversity"]


def test_a_dimension_more_varied_than_its_reference_counts_as_fully_diverse():
    """Strong ties at four companies against a reference of two: ln 4 / ln 2 is 2, but a dimension
    is at most fully diverse (1), so that one varied dimension cannot hide the others."""
    strengths = [1.0, 1.0, 1.0, 1.0]
    dimensions = {"companies": ["A", "B", "C", "D"], "functions": ["sales"] * 4}
    refs = {"companies": 2, "functions": 11}
    assert diversity_component(strengths, dimensions, refs) == pytest.approx((1.0 + 0.0) / 2)


def test_the_dormant_days_setting_of_the_config_is_used(tmp_path):
    """A close contact last written to 200 days before the export: active under the default year,
    dormant when the config says 90 days."""
    contacts = [contact("Close", "Friend", "Thales", "Acheteur", (2016, 1, 1), 30, "2026-04-16")]
    with build(tmp_path, [("Alice Owner", contacts)]) as store:
        default = score_team(store, weights=DEFAULT_WEIGHTS, settings=DEFAULT_SETTINGS).members[0]
        strict = score_team(
            store, weights=DEFAULT_WEIGHTS, settings=DEFAULT_SETTINGS | {"dormant_days": 90.0}
        ).members[0]
    assert default.details["strong_ties"] == 1
    assert default.components["activity"] == 1.0 and default.details["dormant_strong_ties"] == 0
    assert strict.components["activity"] == 0.0 and strict.details["dormant_strong_ties"] == 1


def test_a_team_that_reaches_nobody_has_no_key_person(tmp_path):
    """Only weak contacts and no decision maker: the team reaches nobody, so no share of its reach
    hangs on one member (0, not an undefined mean of nothing)."""
    with build(
        tmp_path, [("Alice Owner", [contact("Ana", "Loin", "Airbus", "Acheteuse", (2025, 6, 1))])]
    ) as store:
        scores = score_team(store, weights=DEFAULT_WEIGHTS, settings=DEFAULT_SETTINGS)
    assert scores.team.details["people_reached"] == 0
    assert scores.team.details["key_person_share"] == 0.0


def test_a_member_without_a_strong_contact_brokers_nothing_whatever_the_team(tmp_path):
    """Alice's only contact is weak; her teammate Bruno is in her ego network only to carry
    redundancy, so she bridges nothing: brokerage 0."""
    weak = contact("Ana", "Loin", "Airbus", "Acheteuse", (2025, 6, 1))
    close = contact("Close", "Friend", "Thales", "Acheteur", (2016, 1, 1), 30, "2026-10-20")
    with build(tmp_path, [("Alice Owner", [weak]), ("Bruno Owner", [close])]) as store:
        scores = score_team(store, weights=DEFAULT_WEIGHTS, settings=DEFAULT_SETTINGS)
    alice = next(m for m in scores.members if m.name == "Alice Owner")
    assert alice.details["strong_ties"] == 0
    assert alice.components["brokerage"] == 0.0


def test_an_export_with_messages_but_not_complete_says_what_is_missing_and_measures_activity(tmp_path):
    """Connections and messages only: the score says which files a complete export would add, and
    that activity is measured all the same (the messages are there)."""
    contacts = [contact("Close", "Friend", "Thales", "Acheteur", (2016, 1, 1), 30, "2026-10-20")]
    with build(tmp_path, [("Alice Owner", contacts)]) as store:
        alice = score_team(store, weights=DEFAULT_WEIGHTS, settings=DEFAULT_SETTINGS).members[0]
    assert alice.evidence["missing"] == ["invitations", "endorsements", "recommendations", "positions"]
    assert alice.evidence["unmeasured"] == []
    assert "activity" in alice.components


# -- the survivors of a fifth sample (seed 21, TESTING.md) -----------------------------------------


def test_a_dimension_known_too_little_is_left_out_wherever_it_comes():
    """The mostly unknown dimension listed first: the known ones after it still count."""
    dimensions = {"functions": ["sales", None, None], "companies": ["A", "B", "C"]}
    refs = {"companies": 4, "functions": 11}
    assert diversity_component([1.0, 1.0, 1.0], dimensions, refs) == pytest.approx(math.log(3) / math.log(4))


def test_uniqueness_with_no_small_reach_floor_is_the_plain_share():
    """``unique_ref = 0`` in the config: no floor, one unique contact of one reached is 100 %, and
    nobody reached is 0 (not a division by zero)."""
    assert uniqueness_component(1, 1, 0.0) == 1.0
    assert uniqueness_component(1, 2, 0.0) == 0.5
    assert uniqueness_component(0, 0, 0.0) == 0.0


def test_a_tie_last_written_to_exactly_dormant_days_ago_is_active_and_the_score_shows_one_decimal(tmp_path):
    """The close contact was last written to 200 days before the export: with ``dormant_days = 200``
    the tie is still active, in the component and in the count ``score --json`` shows; a day less and
    it is dormant. The score is shown to one decimal."""
    contacts = [contact("Close", "Friend", "Thales", "Acheteur", (2016, 1, 1), 30, "2026-04-16")]
    with build(tmp_path, [("Alice Owner", contacts)]) as store:
        at = score_team(store, weights=DEFAULT_WEIGHTS, settings=DEFAULT_SETTINGS | {"dormant_days": 200.0})
        before = score_team(
            store, weights=DEFAULT_WEIGHTS, settings=DEFAULT_SETTINGS | {"dormant_days": 199.0}
        )
    alice = at.members[0].to_dict()
    assert (alice["components"]["activity"], alice["details"]["dormant_strong_ties"]) == (1.0, 0)
    late = before.members[0].to_dict()
    assert (late["components"]["activity"], late["details"]["dormant_strong_ties"]) == (0.0, 1)
    assert alice["score"] == round(at.members[0].score, 1) and alice["score"] != round(alice["score"])


def test_the_mass_and_uniqueness_references_of_the_config_are_used(tmp_path):
    """``mass_ref`` and ``unique_ref`` set in the config change the strength and uniqueness components
    as their formulas say (Alice: one strong contact of strength s; she alone reaches Ana)."""
    with two_hop_team(tmp_path) as store:
        default = score_team(store, weights=DEFAULT_WEIGHTS, settings=DEFAULT_SETTINGS)
        changed = score_team(
            store, weights=DEFAULT_WEIGHTS, settings=DEFAULT_SETTINGS | {"mass_ref": 1.0, "unique_ref": 1.0}
        )
    alice = next(m for m in default.members if m.name == "Alice Owner")
    alice_changed = next(m for m in changed.members if m.name == "Alice Owner")
    strength = alice.components["strength"]
    half_share = 0.5 * min(1.0, 1.0 / DEFAULT_SETTINGS["share_ref"])
    mass = -DEFAULT_SETTINGS["mass_ref"] * math.log(
        1 - (strength - half_share) / 0.5
    )  # solved from the default
    assert alice_changed.components["strength"] == pytest.approx(
        half_share + 0.5 * (1 - math.exp(-mass / 1.0))
    )
    unique, reached = alice.details["unique_reach"], alice.details["people_reached"]
    assert alice.components["uniqueness"] == pytest.approx(
        unique / max(reached, DEFAULT_SETTINGS["unique_ref"])
    )
    assert alice_changed.components["uniqueness"] == pytest.approx(unique / max(reached, 1.0))
    assert alice_changed.components["uniqueness"] > alice.components["uniqueness"]


def test_scoring_with_weights_and_no_settings_uses_the_config_settings(tmp_path, monkeypatch):
    """The library called with weights only (``score_team(store, weights=...)``): the settings are the
    config file's (here none: the defaults), the same scores as with the defaults given."""
    monkeypatch.setenv("GRAPHINTRO_CONFIG", str(tmp_path / "absent.toml"))
    with two_hop_team(tmp_path) as store:
        given = score_team(store, weights=DEFAULT_WEIGHTS, settings=DEFAULT_SETTINGS).to_dict()
        loaded = score_team(store, weights=DEFAULT_WEIGHTS).to_dict()
    assert loaded == given


# -- the survivors of a sixth sample (seed 31, TESTING.md) -----------------------------------------


def test_the_reach_reference_of_the_config_file_is_what_score_shows(cli, tmp_path, monkeypatch):
    """``reach_ref = 2`` in the config file: Alice and the team reach one decision maker (Victor,
    through Ana), so ``score --json`` shows a reach of 1 − exp(−1/2) = 0.3935, not the default
    1 − exp(−1/10) = 0.0952."""
    with two_hop_team(tmp_path):
        pass
    config = tmp_path / "config.toml"
    config.write_text("[quality]\nreach_ref = 2\n", encoding="utf-8")
    monkeypatch.setenv("GRAPHINTRO_CONFIG", str(config))
    result = cli("score", "--json", db_path=tmp_path / "team.db")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    alice = next(m for m in data["members"] if m["name"] == "Alice Owner")
    assert alice["details"]["decision_makers_reached"] == 1
    assert alice["components"]["reach"] == 0.3935
    assert data["team"]["components"]["reach"] == 0.3935
    config.write_text("[quality]\n", encoding="utf-8")
    default = json.loads(cli("score", "--json", db_path=tmp_path / "team.db").output)
    assert default["team"]["components"]["reach"] == 0.0952


def test_a_team_tie_exactly_at_the_strong_tie_setting_is_strong_for_the_team_as_for_its_member(tmp_path):
    """``strong_tie`` set to exactly the strength of Alice's tie to Ana (the team's strongest): the
    tie is strong for Alice and for the team alike — one strong tie, and the team is half a broker
    through Ana (one contact: constraint 1, effective size 1), as Alice's own count says."""
    with two_hop_team(tmp_path) as store:
        _, strengths, _ = load_network(store).team_contacts()
        at = float(strengths.max())
        scores = score_team(store, weights=DEFAULT_WEIGHTS, settings=DEFAULT_SETTINGS | {"strong_tie": at})
    alice = next(m for m in scores.members if m.name == "Alice Owner")
    assert alice.details["strong_ties"] == 1
    team = scores.team
    assert team.details["strong_ties"] == 1
    assert (team.details["effective_size"], team.details["constraint"]) == (1.0, 1.0)
    assert team.components["brokerage"] == pytest.approx(0.5)
    # One of the team's two contacts is strong: a share of 1/2 (the reference), and a mass of ``at``.
    assert team.components["strength"] == pytest.approx(0.5 + 0.5 * (1 - math.exp(-at / 25)))


def test_a_member_without_messages_reaches_through_ties_strong_by_the_team_threshold(tmp_path):
    """Alice's export holds no messages, so her own ties are strong from ``strong_tie_without_messages``
    (0.35); her contacts' ties to others are judged by the team's ``strong_tie`` all the same. With
    it at 0.6, Ana's tie to Victor rated 3/5 (0.5) does not bring Victor into Alice's reach; rated
    4/5 (0.7), it does."""
    from graphintro.strength import rate_tie

    alice_export = write_export(
        tmp_path / "alice", "Alice Owner", [contact("Ana", "Relais", "Airbus", "Acheteuse", (2016, 1, 1))]
    )
    (alice_export / "messages.csv").unlink()
    settings = DEFAULT_SETTINGS | {"strong_tie": 0.6}
    with Store(tmp_path / "team.db") as store:
        import_paths(store, [alice_export], owner="Alice Owner", owner_url=LI + "alice-owner")
        victor = contact("Victor", "Cible", "Safran", "VP Sales", (2019, 1, 1))
        bruno_export = write_export(tmp_path / "bruno", "Bruno Owner", [victor])
        import_paths(store, [bruno_export], owner="Bruno Owner", owner_url=LI + "bruno-owner")
        ids = dict(store.conn.execute("SELECT name, id FROM people"))
        rate_tie(store, ids["Alice Owner"], ids["Ana Relais"], 5)
        reached = []
        for rating in (3, 4):
            rate_tie(store, ids["Ana Relais"], ids["Victor Cible"], rating)
            scores = score_team(store, weights=DEFAULT_WEIGHTS, settings=settings)
            alice = next(m for m in scores.members if m.name == "Alice Owner")
            reached.append(alice.details["people_reached"])
        net = load_network(store)
        alice_index = next(i for i in net.members if net.person(i) == ids["Alice Owner"])
        assert strong_tie_of(net, alice_index, settings) == 0.35  # no messages in her export
    assert reached == [1, 2]  # Ana; then Ana and Victor through her
