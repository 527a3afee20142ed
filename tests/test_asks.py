"""graphintro ask / asks (issue 19): drafts that name the real evidence, asks remembered and closed."""

from __future__ import annotations

import json
import sqlite3
from datetime import date

ASK_KEYS = {
    "id",
    "requester",
    "teammate",
    "introducer",
    "target",
    "probability",
    "status",
    "created",
    "message",
    "path",
}


def _ask(cli, db, *args):
    result = cli("ask", *args, "--json", db_path=db)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)["ask"]


def test_french_draft_names_the_evidence_of_both_links(cli, demo_db):
    ask = _ask(cli, demo_db, "Camille Rousseau", "Zoé Fontaine", "--lang", "fr")
    assert set(ask) == ASK_KEYS and ask["status"] == "open"
    assert ask["introducer"]["name"] == "David Nguyen" and ask["target"]["name"] == "Zoé Fontaine"
    request = ask["message"]["to_introducer"]
    assert len(request) < 400
    assert request.startswith("Bonjour David,")
    # what links the introducer to the target, and the requester to the introducer, from the demo's facts
    assert "Zoé Fontaine a recommandé David Nguyen en 2023" in request
    assert "David Nguyen a recommandé Camille Rousseau en 2023" in request
    assert (
        "Camille Rousseau" in ask["message"]["forwardable"]
        and "David Nguyen" in ask["message"]["forwardable"]
    )
    assert ask["path"]["introducer"] == ask["introducer"] and ask["path"]["probability"] == ask["probability"]


def test_english_draft_through_another_introducer(cli, demo_db):
    ask = _ask(cli, demo_db, "Camille Rousseau", "Zoé Fontaine", "--lang", "en", "--via", "Kevin Lambert")
    assert ask["introducer"]["name"] == "Kevin Lambert"
    request = ask["message"]["to_introducer"]
    assert request.startswith("Hi Kevin,") and len(request) < 400
    their_link = ask["path"]["links"][-1]["evidence"]
    assert "connected since 2026-10-20" in request and any(
        "connected since 2026-10-20" in e for e in their_link
    )
    assert "both worked at Altérys Conseil" in request  # Camille and Kevin


def test_ask_is_recorded_in_the_store(cli, demo_db):
    ask = _ask(cli, demo_db, "Camille Rousseau", "Zoé Fontaine")
    with sqlite3.connect(demo_db) as conn:
        row = conn.execute(
            "SELECT requester_id, introducer_id, target_id, status, to_introducer FROM asks WHERE id = ?",
            (ask["id"],),
        ).fetchone()
    assert row == (
        ask["requester"]["id"],
        ask["introducer"]["id"],
        ask["target"]["id"],
        "open",
        ask["message"]["to_introducer"],
    )


def test_templates_are_overridden_by_the_config_file(cli, demo_db, tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text(
        '[asks.templates.en]\nto_introducer = "Yo {greeting_name}: {target} ({their_link})"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("GRAPHINTRO_CONFIG", str(config))
    ask = _ask(cli, demo_db, "Camille Rousseau", "Zoé Fontaine", "--lang", "en")
    assert ask["message"]["to_introducer"].startswith(
        "Yo David: Zoé Fontaine (Zoé Fontaine recommended David Nguyen"
    )
    assert ask["message"]["forwardable"].startswith("Hello Zoé,")  # the rest keeps the package's wording


def test_ask_text_output_and_bad_options(cli, demo_db):
    shown = cli("ask", "Camille Rousseau", "Zoé Fontaine", db_path=demo_db)
    assert shown.exit_code == 0, shown.output
    assert (
        "Ask #1" in shown.output
        and "To David Nguyen" in shown.output
        and "To forward to Zoé Fontaine" in shown.output
    )
    bad = cli("ask", "Camille Rousseau", "Zoé Fontaine", "--lang", "de", db_path=demo_db)
    assert bad.exit_code == 2 and "fr or en" in bad.output
    nobody = cli("ask", "Camille Rousseau", "Zoé Fontaine", "--via", "Paul Garcia", db_path=demo_db)
    assert nobody.exit_code == 1 and "no introduction path through" in nobody.output


def test_draft_of_a_hostile_name_is_plain_text():
    from graphintro.asks import draft_messages, load_templates

    evil = "Zoé\x1b]0;pwned\x07 Fontaine"
    path = {
        "people": [
            {"id": 1, "name": "Camille Rousseau"},
            {"id": 2, "name": "David Nguyen"},
            {"id": 3, "name": evil, "position": '=HYPERLINK("x")\x1b[2J', "company": ""},
        ],
        "links": [{"evidence": ["teammates"]}, {"evidence": [f"{evil} recommended David Nguyen in 2023"]}],
    }
    message = draft_messages(path, path["people"][0], "fr", load_templates())
    assert "\x1b" not in message["to_introducer"] and "\x07" not in message["to_introducer"]
    assert "\x1b" not in message["forwardable"]


def test_asks_done_closes_them_and_cancel_too(cli, demo_db):
    first = _ask(cli, demo_db, "Camille Rousseau", "Zoé Fontaine")
    second = _ask(cli, demo_db, "Paul Garcia", "Inès Moreau")
    listed = json.loads(cli("asks", "--json", db_path=demo_db).output)["asks"]
    assert [a["id"] for a in listed] == [second["id"], first["id"]]
    assert set(listed[0]) == {
        "id",
        "requester",
        "introducer",
        "target",
        "status",
        "outcome",
        "created",
        "closed",
        "probability",
    }
    future = cli("asks", "done", first["id"], "introduced", "--on", "2099-12-02", db_path=demo_db)
    assert future.exit_code == 2 and "--on 2099-12-02 is in the future" in future.output
    today = date.today().isoformat()  # the ask was made today: a fixed date would fail tomorrow
    done = cli(
        "asks", "done", first["id"], "introduced", "--on", today, "--note", "call booked", db_path=demo_db
    )
    assert done.exit_code == 0, done.output
    assert cli("asks", "cancel", second["id"], db_path=demo_db).exit_code == 0
    assert json.loads(cli("asks", "--json", db_path=demo_db).output)["asks"] == []
    closed = {
        a["id"]: a
        for a in json.loads(cli("asks", "--status", "closed", "--json", db_path=demo_db).output)["asks"]
    }
    assert closed[first["id"]]["outcome"] == "introduced" and closed[first["id"]]["closed"] == today
    assert closed[second["id"]]["outcome"] == "cancelled"
    again = cli("asks", "done", first["id"], "met", db_path=demo_db)
    assert again.exit_code == 2 and "already closed" in again.output
    assert cli("asks", "done", 99, "met", db_path=demo_db).exit_code == 1
    bad = cli("asks", "done", second["id"], "maybe", db_path=demo_db)
    assert bad.exit_code == 2 and "introduced, declined, no-reply, met, won" in bad.output


def test_old_open_asks_are_flagged_for_follow_up(cli, demo_db, tmp_path, monkeypatch):
    old = _ask(cli, demo_db, "Camille Rousseau", "Zoé Fontaine")
    recent = _ask(cli, demo_db, "Paul Garcia", "Inès Moreau")
    with sqlite3.connect(demo_db) as conn:
        conn.execute("UPDATE asks SET created = datetime('now', '-10 days') WHERE id = ?", (old["id"],))
    shown = cli("asks", db_path=demo_db).output.splitlines()
    assert any(line.startswith(f"#{old['id']} ") and "follow up" in line for line in shown)
    assert any(line.startswith(f"#{recent['id']} ") and "follow up" not in line for line in shown)
    config = tmp_path / "config.toml"
    config.write_text("[asks]\nfollow_up_days = 14\n", encoding="utf-8")
    monkeypatch.setenv("GRAPHINTRO_CONFIG", str(config))
    assert "follow up" not in cli("asks", db_path=demo_db).output
    by_introducer = json.loads(cli("asks", "--introducer", "David Nguyen", "--json", db_path=demo_db).output)[
        "asks"
    ]
    assert {a["introducer"]["name"] for a in by_introducer} == {"David Nguyen"} and len(by_introducer) == 2


def test_forget_erases_every_ask_that_names_the_person(cli, demo_db):
    """An ask holds names in its drafts and its path: forgetting the introducer, or someone only on the
    stored path, leaves no ask, and no draft text, behind; an ask that names neither stays."""
    through_david = _ask(cli, demo_db, "Camille Rousseau", "Zoé Fontaine")
    through_kevin = _ask(cli, demo_db, "Camille Rousseau", "Zoé Fontaine", "--via", "Kevin Lambert")
    assert through_david["introducer"]["name"] == "David Nguyen"
    forgotten = cli("forget", "Zoé Fontaine", "--yes", "--json", db_path=demo_db)
    assert forgotten.exit_code == 0, forgotten.output
    assert json.loads(forgotten.output)["removed"]["asks"] == 2
    with sqlite3.connect(demo_db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM asks").fetchone()[0] == 0
    assert b"Zo\xc3\xa9 Fontaine" not in demo_db.read_bytes()
    assert through_kevin["id"] != through_david["id"]


def test_demo_shows_the_flow_in_a_copy_of_its_store(tmp_path):
    """ask → asks → asks done → calibration → inbox, shown by the demo; the demo store keeps no ask."""
    from graphintro.demo_run import run_demo

    lines: list[str] = []
    db = run_demo(None, tmp_path, members=5, contacts=300, seed=7, echo=lines.append)
    shown = "\n".join(lines)
    flow = [
        '$ graphintro ask "Camille Rousseau" "Zoé Fontaine"',
        "$ graphintro asks",
        '$ graphintro asks done 1 introduced --note "call booked"',
        "$ graphintro calibration",
        '$ graphintro inbox --owner "David Nguyen"',
    ]
    positions = [shown.index(step) for step in flow]
    assert positions == sorted(positions)
    assert "Zoé Fontaine a recommandé David Nguyen en 2023" in shown
    assert "ask #1 closed: introduced" in shown and "1 closed asks, 1 introductions happened" in shown
    assert "David Nguyen: " in shown.split(flow[-1])[1] and "… and " in shown.split(flow[-1])[1]
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM asks").fetchone()[0] == 0
    with sqlite3.connect(tmp_path / "asks-demo.db") as conn:
        assert conn.execute("SELECT status, outcome, note FROM asks").fetchall() == [
            ("closed", "introduced", "call booked")
        ]


def test_asks_leave_the_graph_cache_current(cli, demo_db):
    """An ask changes no tie: the next path reads the cached graph, not a rebuilt one (the large store's
    graph takes seconds to rebuild); the asks have their own counter for what reads them."""
    from graphintro.graph import load_graph
    from graphintro.store import Store

    with Store(demo_db) as store:
        load_graph(store)
        generation, asks_generation = store.generation, store.asks_generation
    cache = demo_db.with_name(demo_db.name + ".graph.npz")
    built = cache.stat().st_mtime_ns
    ask = _ask(cli, demo_db, "Camille Rousseau", "Zoé Fontaine")
    assert cli("asks", "done", ask["id"], "met", db_path=demo_db).exit_code == 0
    assert cli("path", "Camille Rousseau", "Zoé Fontaine", db_path=demo_db).exit_code == 0
    assert cache.stat().st_mtime_ns == built
    with Store(demo_db) as store:
        assert (store.generation, store.asks_generation) == (generation, asks_generation + 2)
