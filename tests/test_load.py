"""Fair load on introducers (issue 19, point 3): an introducer over their ask budget is ranked below
the others by path, ask and accounts, and the answer says why; --ignore-load and the config file."""

from __future__ import annotations

import json
import zipfile

import pytest

CONNECTIONS = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
MESSAGES = "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER"
URL = "https://www.linkedin.com/in/"
ALICE, BOB, CHLOE = (
    ("Alice", "Martin", "alice-martin"),
    ("Bob", "Durand", "bob-durand"),
    ("Chloé", "Petit", "chloe-petit"),
)
TARGETS = [
    ("Tom", "Roux", "tom-roux"),
    ("Uma", "Leroy", "uma-leroy"),
    ("Victor", "Simon", "victor-simon"),
    ("Wanda", "Michel", "wanda-michel"),
]


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


def archive(folder, owner, connections, messages=()):
    path = folder / f"{owner[2]}-Complete_LinkedInDataExport_11-02-2026.zip"
    with zipfile.ZipFile(path, "w") as zipped:
        zipped.writestr("Connections.csv", "\n".join([CONNECTIONS, *connections]))
        if messages:
            zipped.writestr("messages.csv", "\n".join([MESSAGES, *messages]))
    return path


@pytest.fixture
def team(cli, tmp_path):
    """Alice asks; her teammate Bob knows the four targets well (many messages), her teammate Chloé
    knows the last one, Wanda Michel, less well: Bob is everyone's best introducer."""
    mates = {
        p: [row(m, "Acme Conseil", "Consultant", "04 Jul 2019") for m in (ALICE, BOB, CHLOE) if m != p]
        for p in (ALICE, BOB, CHLOE)
    }
    alice = archive(tmp_path, ALICE, mates[ALICE], chat(ALICE, BOB, 10) + chat(ALICE, CHLOE, 10))
    bob = archive(
        tmp_path,
        BOB,
        mates[BOB] + [row(t, "Orbital", "Directeur", "04 Jul 2016") for t in TARGETS],
        [m for t in TARGETS for m in chat(BOB, t, 15)],
    )
    chloe = archive(
        tmp_path,
        CHLOE,
        mates[CHLOE] + [row(TARGETS[3], "Orbital", "Directeur", "04 Jul 2022")],
        chat(CHLOE, TARGETS[3], 2),
    )
    for path, owner in ((alice, ALICE), (bob, BOB), (chloe, CHLOE)):
        result = cli("import", path, "--owner", f"{owner[0]} {owner[1]}", "--owner-url", URL + owner[2])
        assert result.exit_code == 0, result.output
    return cli


def paths(cli, *args):
    result = cli("path", *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def ask(cli, target, *args):
    result = cli("ask", "Alice Martin", target, "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_three_asks_through_one_introducer_make_the_next_path_prefer_another(team):
    before = paths(team, "Alice Martin", "Wanda Michel")
    assert before["paths"][0]["introducer"]["name"] == "Bob Durand" and "load" not in before
    for target in ("Tom Roux", "Uma Leroy", "Victor Simon"):
        assert ask(team, target)["ask"]["introducer"]["name"] == "Bob Durand"
    after = paths(team, "Alice Martin", "Wanda Michel")
    assert after["paths"][0]["introducer"]["name"] == "Chloé Petit"
    assert after["paths"][0]["probability"] < before["paths"][0]["probability"]
    [note] = after["load"]
    assert note["note"] == "Bob Durand has 3 open asks; next best introducer: Chloé Petit"
    assert (note["open_asks"], note["recent_asks"], note["next"]["name"]) == (3, 3, "Chloé Petit")
    bob = next(p for p in after["paths"] if p["introducer"]["name"] == "Bob Durand")
    assert bob["load"] == {"open_asks": 3, "recent_asks": 3, "over_budget": True, "note": note["note"]}
    # the same in the words a person reads
    shown = team("path", "Alice Martin", "Wanda Michel").output
    assert "Ranked lower: Bob Durand has 3 open asks; next best introducer: Chloé Petit" in shown
    assert shown.index("Ranked lower") < shown.index("1. probability")
    # --ignore-load: the model alone
    ignored = paths(team, "Alice Martin", "Wanda Michel", "--ignore-load")
    assert ignored["paths"][0]["introducer"]["name"] == "Bob Durand" and "load" not in ignored
    assert all("load" not in p for p in ignored["paths"])
    # ask picks the spared answer too, and says why
    spared = ask(team, "Wanda Michel")
    assert spared["ask"]["introducer"]["name"] == "Chloé Petit"
    assert spared["load"][0]["note"].startswith("Bob Durand has 3 open asks")


def test_budget_counts_open_asks_and_asks_of_the_last_30_days(team):
    first = ask(team, "Tom Roux")["ask"]
    second = ask(team, "Uma Leroy")["ask"]
    assert paths(team, "Alice Martin", "Wanda Michel")["paths"][0]["introducer"]["name"] == "Chloé Petit"
    assert team("asks", "done", first["id"], "introduced").exit_code == 0
    assert team("asks", "cancel", second["id"]).exit_code == 0  # never sent: counts for nothing
    within = paths(team, "Alice Martin", "Wanda Michel")
    assert within["paths"][0]["introducer"]["name"] == "Bob Durand" and "load" not in within
    assert within["paths"][0]["load"] == {"open_asks": 0, "recent_asks": 1, "over_budget": False}
    for target in ("Uma Leroy", "Victor Simon", "Tom Roux"):  # 4 in 30 days, one of them still open
        closed = ask(team, target, "--ignore-load")["ask"]
        assert team("asks", "done", closed["id"], "declined").exit_code == 0
    recent = paths(team, "Alice Martin", "Wanda Michel")
    assert recent["load"][0]["note"] == (
        "Bob Durand was asked 4 times in the last 30 days; next best introducer: Chloé Petit"
    )


def test_budget_is_read_from_the_config_file(team, tmp_path, monkeypatch):
    ask(team, "Tom Roux")
    config = tmp_path / "config.toml"
    config.write_text("[asks.budget]\nopen = 1\n", encoding="utf-8")
    monkeypatch.setenv("GRAPHINTRO_CONFIG", str(config))
    assert paths(team, "Alice Martin", "Wanda Michel")["load"][0]["note"].startswith(
        "Bob Durand has 1 open ask;"
    )
    config.write_text("[asks.budget]\nopen = 0\n", encoding="utf-8")
    bad = team("path", "Alice Martin", "Wanda Michel")
    assert bad.exit_code == 2 and "[asks.budget] open" in bad.output and str(config) in bad.output


def test_accounts_give_the_answer_that_spares_the_introducer(team):
    for target in ("Tom Roux", "Uma Leroy"):
        ask(team, target)

    def orbital(*args):
        result = team("accounts", "Orbital", "-n", "4", "--json", *args)
        assert result.exit_code == 0, result.output
        return {a["people"][-1]["name"]: a for a in json.loads(result.output)["accounts"][0]["answers"]}

    answers = orbital()
    wanda = answers["Wanda Michel"]
    assert wanda["introducer"]["name"] == "Chloé Petit"
    assert wanda["spared"]["note"] == "Bob Durand has 2 open asks; next best introducer: Chloé Petit"
    assert answers["Victor Simon"]["introducer"]["name"] == "Bob Durand"  # nobody else knows him
    assert "spared" not in answers["Victor Simon"]
    assert orbital("--ignore-load")["Wanda Michel"]["introducer"]["name"] == "Bob Durand"
    assert "ranked lower: Bob Durand has 2 open asks" in team("accounts", "Orbital", "-n", "4").output
