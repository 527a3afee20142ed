"""`graphintro score`, `contacts` and `report` on the demo team: quality beats size, history shows."""

import io
import json
import os
import stat
import zipfile

import pytest

from graphintro.cli import app
from graphintro.demo import EXPORT_NAME
from graphintro.store import Store

COMPONENTS = {"strength", "activity", "diversity", "brokerage", "reach", "uniqueness"}


def run(runner, db, *args):
    return runner.invoke(app, ["--db", str(db), *map(str, args)])


def scores(runner, db, *args):
    result = run(runner, db, "score", "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def by_name(data):
    return {m["name"]: m for m in data["members"]}


def test_deep_member_outscores_shallow_one_with_twice_the_contacts(runner, demo_db, team):
    members = by_name(scores(runner, demo_db))
    deep, shallow = members[team["deep_member"]], members[team["shallow_member"]]
    assert shallow["contacts"] > 1.5 * deep["contacts"]
    assert deep["score"] > shallow["score"] + 40
    for name in COMPONENTS:
        assert deep["components"][name] >= shallow["components"][name]


def test_score_json_shape(runner, demo_db, team):
    data = scores(runner, demo_db)
    assert set(data) >= {"members", "team"}
    assert len(data["members"]) == 5
    for member in data["members"]:
        assert {"id", "name", "score", "contacts", "components"} <= set(member)
        assert set(member["components"]) == COMPONENTS
        assert 0 <= member["score"] <= 100
    assert [m["score"] for m in data["members"]] == sorted(
        (m["score"] for m in data["members"]), reverse=True
    )
    assert 0 <= data["team"]["score"] <= 100
    assert "key_person_share" in data["team"]["details"]
    only = scores(runner, demo_db, "--owner", team["deep_member"])
    assert [m["name"] for m in only["members"]] == [team["deep_member"]]
    assert only["team"] == data["team"]


def test_score_human_output_and_non_member_owner(runner, demo_db, team):
    result = run(runner, demo_db, "score")
    assert result.exit_code == 0
    assert team["deep_member"] in result.output and "team" in result.output
    result = run(runner, demo_db, "score", "--owner", team["target"])
    assert result.exit_code == 2 and "not a team member" in result.output


def connections_with_more_shallow_contacts(demo_team_db, member_slug, extra):
    """The member's Connections.csv from the demo archive, with ``extra`` fresh contacts appended:
    all connected last week, no message, at the same three companies."""
    archive = demo_team_db.parent / member_slug / EXPORT_NAME
    with zipfile.ZipFile(archive) as opened:
        text = opened.read("Connections.csv").decode("utf-8")
    companies = ("Prospectia", "LeadFlow SAS", "Growth Partners")
    rows = [
        f"Fresh{k},Lead{k},https://www.linkedin.com/in/fresh-lead-{k},,{companies[k % 3]},Business Developer,"
        f"{27 + k % 4} Oct 2026"
        for k in range(extra)
    ]
    return text.rstrip("\n") + "\n" + "\n".join(rows) + "\n"


def test_more_shallow_contacts_barely_move_the_shallow_score(runner, demo_db, demo_team_db, team, tmp_path):
    before = by_name(scores(runner, demo_db))[team["shallow_member"]]
    grown = tmp_path / "Connections.csv"
    grown.write_text(
        connections_with_more_shallow_contacts(demo_team_db, "kevin-lambert", 200), encoding="utf-8"
    )
    imported = run(runner, demo_db, "import", grown, "--owner", team["shallow_member"])
    assert imported.exit_code == 0, imported.output
    after = by_name(scores(runner, demo_db))[team["shallow_member"]]
    assert after["contacts"] == before["contacts"] + 200
    assert abs(after["score"] - before["score"]) < 5


def test_contacts_lists(runner, demo_db, team):
    result = run(runner, demo_db, "contacts", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"owner", "valuable", "dormant", "key_person_risk", "overlaps"}
    assert data["valuable"][0]["name"] == team["target"]  # strong, recent, a decision maker only David knows
    assert any("decision maker" in reason for reason in data["valuable"][0]["reasons"])
    assert all(c["strength"] >= 0.5 and c["reasons"] for c in data["dormant"])
    assert all(
        any("no message since" in r or "never messaged" in r for r in c["reasons"]) for c in data["dormant"]
    )
    assert all(r["member"]["name"] for r in data["key_person_risk"])
    assert data["overlaps"] and data["overlaps"][0]["jaccard"] >= data["overlaps"][-1]["jaccard"]
    mine = json.loads(
        run(runner, demo_db, "contacts", "--owner", team["deep_member"], "--json", "-n", "3").output
    )
    assert mine["owner"]["name"] == team["deep_member"]
    assert len(mine["valuable"]) == 3
    assert all(c["through"]["name"] == team["deep_member"] for c in mine["valuable"] + mine["dormant"])
    assert all(team["deep_member"] in [m["name"] for m in o["members"]] for o in mine["overlaps"])
    human = run(runner, demo_db, "contacts", "--owner", team["deep_member"])
    assert human.exit_code == 0 and "gone dormant" in human.output and team["target"] in human.output


def test_report_lists_changes_between_two_exports_and_keeps_history(runner, demo_db, team, tmp_path):
    out = tmp_path / "report.html"
    result = run(runner, demo_db, "report", "--out", out)
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    html = out.read_text(encoding="utf-8")
    for name in team["job_changes"].split("; ") + team["lost_contacts"].split("; "):
        assert name in html
    assert "<svg" in html and 'id="scores"' in html and "http://" not in html.replace("http://www.w3.org", "")
    data = json.loads(run(runner, demo_db, "report", "--format", "json", "--since", "2026-10-15").output)
    assert {j["name"] for j in data["changes"]["job_changes"]} == set(team["job_changes"].split("; "))
    assert {p["name"] for p in data["changes"]["lost_contacts"]} == set(team["lost_contacts"].split("; "))
    assert data["changes"]["new_contacts"]
    assert all(p["owner"] == team["user"] for p in data["changes"]["new_contacts"])
    moved = next(j for j in data["changes"]["job_changes"] if "company" in j["changed"])
    assert moved["company"]["old"] != moved["company"]["new"]
    # Two reports stored, the third shows them in its trend; nothing changed since the last report.
    markdown = run(runner, demo_db, "report", "--format", "md")
    assert markdown.exit_code == 0
    assert "Since the last report" in markdown.output and "None." in markdown.output
    assert markdown.output.count("| 20") >= 3  # three runs in the trend table
    with Store(demo_db) as store:
        runs = store.conn.execute(
            "SELECT COUNT(*) FILTER (WHERE member_id IS NULL), COUNT(*) FROM snapshots"
        ).fetchone()
    assert runs[0] == 3 and runs[1] == 3 * 6  # the team and five members per run
    later = json.loads(run(runner, demo_db, "report", "--format", "json", "--since", "2026-11-03").output)
    assert later["changes"]["job_changes"] == [] and later["changes"]["lost_contacts"] == []


def test_report_to_an_unwritable_place_exits_2_with_one_line(runner, demo_db, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    result = run(runner, demo_db, "report", "--out", tmp_path / "missing" / "report.html")
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "cannot write the report" in result.output
    if os.geteuid() != 0:  # root writes anywhere: the missing folder above is the portable case
        locked.chmod(0o500)
        assert run(runner, demo_db, "report", "--out", locked / "r.html").exit_code == 2
    with Store(demo_db) as store:
        assert store.conn.execute("SELECT COUNT(*) FROM snapshots").fetchone()[0] == 0  # nothing was reported


def test_report_rejects_a_bad_date_and_format(runner, demo_db):
    assert run(runner, demo_db, "report", "--since", "last week").exit_code == 2
    assert run(runner, demo_db, "report", "--format", "pdf").exit_code == 2


@pytest.mark.parametrize("fmt", ["md", "json"])
def test_report_to_stdout(runner, demo_db, team, fmt):
    result = run(runner, demo_db, "report", "--format", fmt)
    assert result.exit_code == 0
    text = result.output
    if fmt == "json":
        data = json.load(io.StringIO(text))
        assert data["scores"]["team"]["score"] > 0 and data["history"][-1]["current"]
    else:
        assert text.startswith("# How good is our network?") and team["deep_member"] in text


def test_score_targets_add_relevance_to_the_member_who_reaches_the_target(runner, demo_db, team, tmp_path):
    """``--targets`` is read: the relevance component appears, and only the member with a strong tie
    at the target account gets any."""
    targets = tmp_path / "targets.toml"
    targets.write_text(f'companies = ["{team["target_company"]}"]\n', encoding="utf-8")
    plain = by_name(scores(runner, demo_db))
    targeted = by_name(scores(runner, demo_db, "--targets", targets))
    assert all("relevance" not in m["components"] for m in plain.values())
    assert targeted[team["deep_member"]]["components"]["relevance"] > 0
    assert targeted[team["shallow_member"]]["components"]["relevance"] == 0
    assert targeted[team["deep_member"]]["score"] != plain[team["deep_member"]]["score"]


def test_key_person_share_is_the_share_of_the_reach_only_one_member_holds(runner, demo_db):
    """The team's key-person risk: people reached through one member only, over everyone reached
    (each of them counts in exactly one member's unique reach)."""
    data = scores(runner, demo_db)
    alone = sum(m["details"]["unique_reach"] for m in data["members"])
    reached = data["team"]["details"]["people_reached"]
    assert 0 < alone < reached
    assert data["team"]["details"]["key_person_share"] == pytest.approx(alone / reached, abs=1e-4)
