"""`graphintro accounts` and the suggestions, on a small team planted in real export formats:
Orbital hangs on Alice alone, Nautilus is known by Alice and Bob, and Zenith has no path at all —
its two people were dropped from newer exports and meet the team in a large group."""

import csv
import json
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

CONNECTIONS = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
MESSAGES = "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER"
URL = "https://www.linkedin.com/in/"
ALICE, BOB, CHLOE = (
    ("Alice", "Martin", "alice-martin"),
    ("Bob", "Durand", "bob-durand"),
    ("Chloé", "Petit", "chloe-petit"),
)


def row(person, company, position, since):
    first, last, slug = person
    return f"{first},{last},{URL}{slug},,{company},{position},{since}"


def chat(owner, other, count):
    """``count`` messages each way between the owner and a contact, in October 2026."""
    rows = []
    for i in range(count):
        day = f"2026-10-{1 + i % 28:02d} 10:00:00 UTC"
        for a, b in ((owner, other), (other, owner)):
            rows.append(
                f"c-{other[2]},,{a[0]} {a[1]},{URL}{a[2]},{b[0]} {b[1]},{URL}{b[2]},{day},,hello,INBOX"
            )
    return rows


def archive(folder, owner, date, connections, messages=()):
    path = folder / f"{owner[2]}-Complete_LinkedInDataExport_{date}.zip"
    with zipfile.ZipFile(path, "w") as zipped:
        zipped.writestr("Connections.csv", "\n".join([CONNECTIONS, *connections]))
        if messages:
            zipped.writestr("messages.csv", "\n".join([MESSAGES, *messages]))
    return path


OLGA, OSCAR = ("Olga", "Vidal", "olga-vidal"), ("Oscar", "Roy", "oscar-roy")
NINA, NOE = ("Nina", "Klein", "nina-klein"), ("Noé", "Faure", "noe-faure")
HUGO, IRIS = ("Hugo", "Blanc", "hugo-blanc"), ("Iris", "Lemoine", "iris-lemoine")
PIA = ("Pia", "Costa", "pia-costa")  # a new, silent contact of Chloé: the only (weak) way into Vega
TEAM = [row(p, "Acme Conseil", "Consultant", "04 Jul 2019") for p in (ALICE, BOB, CHLOE)]


@pytest.fixture
def planted(cli, tmp_path):
    mates = lambda me: [r for r, p in zip(TEAM, (ALICE, BOB, CHLOE), strict=False) if p != me]
    alice = archive(
        tmp_path,
        ALICE,
        "11-02-2026",
        mates(ALICE)
        + [
            row(OLGA, "Orbital", "Directrice générale", "04 Jul 2018"),
            row(OSCAR, "Orbital", "Acheteur", "04 Jul 2018"),
            row(NINA, "Nautilus", "Directrice des achats", "04 Jul 2019"),
        ],
        chat(ALICE, OLGA, 12) + chat(ALICE, OSCAR, 6) + chat(ALICE, NINA, 8),
    )
    bob = archive(
        tmp_path,
        BOB,
        "11-02-2026",
        mates(BOB) + [row(NOE, "Nautilus", "Head of Procurement", "04 Jul 2017")],
        chat(BOB, NOE, 10),
    )
    bob_before = archive(
        tmp_path,
        BOB,
        "09-02-2026",
        mates(BOB)
        + [
            row(NOE, "Nautilus", "Head of Procurement", "04 Jul 2017"),
            row(IRIS, "Zenith", "DRH", "04 Jul 2020"),
        ],
    )
    chloe_before = archive(
        tmp_path,
        CHLOE,
        "09-02-2026",
        mates(CHLOE) + [row(HUGO, "Zenith", "Directeur technique", "04 Jul 2015")],
    )
    chloe = archive(
        tmp_path,
        CHLOE,
        "11-02-2026",
        mates(CHLOE) + [row(PIA, "Vega", "Directrice financière", "30 Oct 2026")],
    )
    groups = tmp_path / "groups.csv"
    with groups.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["group", "name", "url", "role", "posts"])
        for person in (ALICE, HUGO, IRIS):
            writer.writerow(["Achats Industrie", f"{person[0]} {person[1]}", URL + person[2], "member", 0])
        for i in range(60):  # a large group: sharing it infers no tie between its members
            writer.writerow(["Achats Industrie", f"Membre{i} Filler", f"{URL}filler-{i}", "member", 0])
    for path, owner in (
        (alice, ALICE),
        (bob_before, BOB),
        (bob, BOB),
        (chloe_before, CHLOE),
        (chloe, CHLOE),
        (groups, ALICE),
    ):
        result = cli("import", path, "--owner", f"{owner[0]} {owner[1]}", "--owner-url", URL + owner[2])
        assert result.exit_code == 0, result.output
    return cli


def accounts(cli, *args):
    result = cli("accounts", *args, "--json")
    assert result.exit_code == 0, result.output
    return {a["company"]: a for a in json.loads(result.output)["accounts"]}, json.loads(result.output)[
        "accounts"
    ]


def test_single_threaded_and_no_path_accounts_are_ranked_as_such(planted):
    by_name, ranked = accounts(planted, "Zenith", "Nautilus", "Orbital")
    orbital, nautilus, zenith = by_name["Orbital"], by_name["Nautilus"], by_name["Zenith"]
    assert orbital["single_threaded"] and [o["name"] for o in orbital["owners"]] == ["Alice Martin"]
    assert not nautilus["single_threaded"] and {o["name"] for o in nautilus["owners"]} == {
        "Alice Martin",
        "Bob Durand",
    }
    assert nautilus["coverage"] > orbital["coverage"] > zenith["coverage"] == 0
    assert [a["company"] for a in ranked] == ["Nautilus", "Orbital", "Zenith"]
    assert (orbital["people_known"], orbital["decision_makers"]) == (2, 1)
    assert orbital["answers"][0]["people"][-1]["name"] == "Olga Vidal", "decision makers first"
    assert orbital["answers"][0]["teammate"]["name"] == "Alice Martin"
    assert orbital["suggestions"] == [] and zenith["answers"] == []


def test_owners_count_their_people_and_their_strongest_tie(planted):
    """Each owner with how many people of the account they hold a strong direct tie to, and the
    strongest such tie as the graph holds it."""
    from graphintro.graph import load_graph
    from graphintro.people import resolve_person
    from graphintro.quality import load_quality_config
    from graphintro.store import Store

    by_name, _ = accounts(planted, "Nautilus", "Orbital")
    with Store(planted.db) as store:
        graph, strong = load_graph(store), load_quality_config()[1]["strong_tie"]
        alice, bob, olga, oscar, nina, noe = (
            resolve_person(store, f"{p[0]} {p[1]}") for p in (ALICE, BOB, OLGA, OSCAR, NINA, NOE)
        )
    ties = {
        pair: graph.strength_between(*pair)
        for pair in ((alice, olga), (alice, oscar), (alice, nina), (bob, noe))
    }
    assert min(ties.values()) >= strong  # each of them owns what they know there
    assert by_name["Orbital"]["owners"] == [
        {
            "id": alice,
            "name": "Alice Martin",
            "people": 2,
            "strongest": round(max(ties[alice, olga], ties[alice, oscar]), 6),
        }
    ]
    assert sorted(by_name["Nautilus"]["owners"], key=lambda o: o["id"]) == sorted(
        [
            {"id": alice, "name": "Alice Martin", "people": 1, "strongest": round(ties[alice, nina], 6)},
            {"id": bob, "name": "Bob Durand", "people": 1, "strongest": round(ties[bob, noe], 6)},
        ],
        key=lambda o: o["id"],
    )


def test_coverage_is_the_readmes_formula(planted):
    """coverage = ½·(best way to a decision maker) + ¼·(1 − Π(1 − P)) over everyone known there
    + ¼·min(owners, 3)/3, from the account's own answers (every person of these small accounts
    gets one)."""
    import math

    by_name, _ = accounts(planted, "Nautilus", "Orbital", "-n", "5")
    for account in by_name.values():
        chances = {a["people"][-1]["id"]: a["probability"] for a in account["answers"]}
        assert len(chances) == account["people_known"] == 2
        deciders = [
            a["people"][-1]["id"]
            for a in account["answers"]
            if a["people"][-1]["position"].startswith(("Directrice", "Head"))
        ]
        assert len(deciders) == account["decision_makers"]
        expected = (
            0.5 * max(chances[p] for p in deciders)
            + 0.25 * (1 - math.prod(1 - c for c in chances.values()))
            + 0.25 * min(len(account["owners"]), 3) / 3
        )
        assert account["coverage"] == round(expected, 4)


def test_no_path_account_suggests_revive_and_join_first(planted):
    zenith = accounts(planted, "Zenith")[0]["Zenith"]
    actions = [s["action"] for s in zenith["suggestions"]]
    assert actions[0] in ("revive", "join_group") and {"revive", "join_group"} <= set(actions)
    revive = next(s for s in zenith["suggestions"] if s["action"] == "revive")
    assert {p["name"] for p in revive["people"]} & {"Hugo Blanc", "Iris Lemoine"}
    assert "dropped from" in revive["detail"]
    join = next(s for s in zenith["suggestions"] if s["action"] == "join_group")
    assert join["detail"] == "join Achats Industrie: 2 people of Zenith are members, Alice Martin already is"
    assert all(s["gain"] > 0 for s in zenith["suggestions"])
    assert [s["gain"] for s in zenith["suggestions"]] == sorted(
        (s["gain"] for s in zenith["suggestions"]), reverse=True
    )


def test_path_without_an_answer_exits_1_with_suggestions(planted):
    result = planted("path", "Alice Martin", "Hugo Blanc", "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["paths"] == [] and data["suggestions"][0]["action"] in ("revive", "join_group")
    human = planted("path", "Alice Martin", "Hugo Blanc")
    assert (
        human.exit_code == 1
        and "no introduction path" in human.output
        and "join Achats Industrie" in human.output
    )


def test_targets_file_and_csv(planted, tmp_path):
    targets = tmp_path / "targets.toml"
    targets.write_text('companies = ["ORBITAL", "Zenith SAS"]\ntitles = ["Acheteur"]\n', encoding="utf-8")
    sheet = tmp_path / "accounts.csv"
    by_name, _ = accounts(planted, "--targets", targets, "--csv", sheet, "-n", "1")
    assert set(by_name) == {"Orbital", "Zenith"}
    assert by_name["Orbital"]["answers"][0]["people"][-1]["name"] == "Oscar Roy", "the targets' titles first"
    with sheet.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["company"] for r in rows] == ["Orbital", "Zenith"] and rows[0]["single-threaded"] == "yes"
    assert rows[1]["first suggestion"]


def test_accounts_needs_a_company(planted):
    result = planted("accounts")
    assert result.exit_code == 2 and "name the accounts" in result.output


def test_a_weak_answer_comes_with_strengthen_first(planted):
    result = planted("path", "Alice Martin", "Pia Costa", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["paths"][0]["probability"] < 0.25
    assert data["paths"][0]["weakest_link"]["to"]["name"] == "Pia Costa"
    first = data["suggestions"][0]
    assert first["action"] == "strengthen" and [p["name"] for p in first["people"]] == [
        "Chloé Petit",
        "Pia Costa",
    ]
    assert first["gain"] == pytest.approx(0.7 - data["paths"][0]["probability"], abs=1e-3)
    vega = accounts(planted, "Vega")[0]["Vega"]
    assert vega["suggestions"][0]["action"] == "strengthen" and not vega["owners"]
    strong = planted("path", "Alice Martin", "Olga Vidal", "--json")
    assert "suggestions" not in json.loads(strong.stdout), "a strong answer needs no suggestion"


@settings(max_examples=200, deadline=None)
@given(
    people=st.lists(st.integers(1, 12), unique=True, max_size=12),
    fits=st.sets(st.integers(1, 12)),
    deciders=st.sets(st.integers(1, 12)),
    reach=st.dictionaries(st.integers(1, 12), st.sampled_from([0.1, 0.25, 0.5, 0.9])),
    n=st.integers(0, 8),
)
def test_the_people_answered_are_the_first_of_the_accounts_order(people, fits, deciders, reach, n):
    """Who gets an answer: of the people with a path, those fitting the titles, then decision makers,
    then the most probable, then by id — one sort of the account's arrays, not of Python keys."""
    import numpy as np

    from graphintro.accounts import Roster

    people = sorted(people)
    fits, deciders = fits & set(people), deciders & set(people)
    by_definition = sorted(
        (p for p in people if p in reach), key=lambda p: (p not in fits, p not in deciders, -reach[p], p)
    )[:n]
    roster = Roster(
        np.array(people, dtype=np.int64),
        np.array([reach.get(p, 0.0) for p in people]),
        np.array([p in reach for p in people], dtype=bool),
        np.array([p in deciders for p in people], dtype=bool),
        np.array([p in fits for p in people], dtype=bool),
    )
    assert roster.first(n, np) == by_definition
    assert roster.top == max((reach[p] for p in people if p in reach), default=0.0)
