"""A team member's own name is theirs (issue 15, point 3): a namesake, a namesake with an accent, the
member's second account or her own card in her address book never make "--owner NAME" ambiguous."""

import json
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures" / "owner" / "namesakes"
MANIFEST = json.loads((FIXTURES.parent.parent / "manifest.json").read_text(encoding="utf-8"))
ELISE = MANIFEST["owner/namesakes/elise/contacts.vcf"]
LUCAS = MANIFEST["owner/namesakes/lucas/Connections.csv"]


@pytest.fixture
def team(cli):
    for path, facts in ((FIXTURES / "elise" / "contacts.vcf", ELISE), (FIXTURES / "lucas", LUCAS)):
        result = cli("import", path, "--owner", facts["owner"], "--owner-url", facts["owner_url"])
        assert result.exit_code == 0, result.output
    return cli


def member_id(cli, name: str) -> int:
    people = json.loads(cli("people", name, "--json").output)["people"]
    assert len([p for p in people if p["name"].replace("É", "E") == name]) == 3, (
        people
    )  # the fixture's premise
    [member] = [p for p in people if p["member"]]
    return member["id"]


@pytest.mark.parametrize("name", ["Lucas Girard", "Elise Faure", "Élise Faure", "GIRARD Lucas"])
def test_score_and_contacts_owner_take_the_member(team, name):
    member = member_id(team, "Lucas Girard" if "irard" in name.lower() else "Elise Faure")
    result = team("score", "--owner", name, "--json")
    assert result.exit_code == 0, result.output
    assert [m["id"] for m in json.loads(result.output)["members"]] == [member]
    result = team("contacts", "--owner", name, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["owner"]["id"] == member


def test_path_from_and_experts_from_take_the_member(team):
    lucas, elise = member_id(team, "Lucas Girard"), member_id(team, "Elise Faure")
    result = team("path", "Lucas Girard", "Nina Roux", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["paths"][0]["people"][0]["id"] == lucas
    result = team("experts", "achats", "--from", "Élise Faure", "--json")
    assert result.exit_code == 0, result.output
    path = json.loads(result.output)["experts"][0]["path"]
    assert path["people"][0]["id"] == elise


def test_an_ambiguous_name_elsewhere_marks_the_team_member(team):
    lucas = member_id(team, "Lucas Girard")
    result = team("path", "Nina Roux", "Lucas Girard")  # whom to reach: it may be the namesake
    assert result.exit_code == 2
    assert f"#{lucas} Lucas Girard (team member" in result.output
    assert result.output.count("(team member") == 1


def test_import_owner_takes_the_member(team):
    elise = member_id(team, "Elise Faure")
    result = team("import", FIXTURES / "elise" / "contacts.vcf", "--owner", "Élise Faure", "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["owner"]["id"] == elise and summary["files"][0]["status"] == "already imported"
