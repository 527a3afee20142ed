"""The export knows its owner (issue 15, points 1-3): directions come from the export's own owner,
never from how ``--owner`` is spelled; someone else's file in an export is skipped with a warning."""

import json
import sqlite3
from pathlib import Path

import pytest
from test_bad_files import dump

from graphintro.identity import normalize_url, plausibly_same_name

FIXTURES = Path(__file__).parent / "fixtures"
MANIFEST = json.loads((FIXTURES / "manifest.json").read_text(encoding="utf-8"))
NO_PROFILE = FIXTURES / "owner" / "no_profile"
FOREIGN = FIXTURES / "owner" / "foreign_invitations"
JB = MANIFEST["owner/no_profile/messages.csv"]
NAMESAKE_URL = "linkedin.com/in/jean-baptiste-morel-lyon"


def ties(db: Path, kind: str) -> dict[tuple[str, str], int]:
    """(peer's profile URL, direction) -> how many interactions of ``kind`` the store holds."""
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute(
            "SELECT r.url_key, i.direction, COUNT(*) FROM interactions i"
            " JOIN records r ON r.id = i.record_id WHERE i.kind = ? GROUP BY 1, 2",
            (kind,),
        )
        return {(url, direction): count for url, direction, count in rows}
    finally:
        conn.close()


EXPECTED_MESSAGES = {
    ("linkedin.com/in/agnes-royer", "out"): 2,
    ("linkedin.com/in/agnes-royer", "in"): 1,
    ("linkedin.com/in/bruno-tissot-achats", "out"): 2,
    ("linkedin.com/in/bruno-tissot-achats", "in"): 1,
    ("linkedin.com/in/coralie-weber", "out"): 1,
    (NAMESAKE_URL, "out"): 1,
    (NAMESAKE_URL, "in"): 1,
}


def test_messages_are_oriented_by_the_owner_the_export_names(cli):
    """No Profile.csv, --owner typed "JB Morel", a namesake among the contacts: the messages he sent
    are his, not received from someone with his name, and his namesake gets only their own two."""
    result = cli("import", NO_PROFILE, "--owner", "JB Morel", "--json")
    assert result.exit_code == 0, result.output
    assert ties(cli.db, "message") == EXPECTED_MESSAGES
    assert sum(EXPECTED_MESSAGES.values()) == JB["messages"]["outgoing"] + JB["messages"]["incoming"]
    assert ties(cli.db, "invitation") == {
        ("linkedin.com/in/coralie-weber", "out"): 1,
        ("linkedin.com/in/agnes-royer", "in"): 1,
    }
    morels = json.loads(cli("people", "morel", "--json").output)["people"]
    assert sorted((p["member"], normalize_url(p["url"])) for p in morels) == [
        (False, NAMESAKE_URL),
        (True, normalize_url(JB["owner_url"])),
    ]
    found = json.loads(result.output)["files"][0]["export_owner"]
    assert found["name"] == JB["owner"] and normalize_url(found["url"]) == normalize_url(JB["owner_url"])
    assert any("messages.csv" in evidence for evidence in found["evidence"])


def test_the_owner_url_is_learned_from_the_export(cli):
    assert cli("import", NO_PROFILE, "--owner", "JB Morel").exit_code == 0
    result = cli("path", JB["owner_url"], "Coralie Weber", "--json")
    assert result.exit_code == 0, result.output
    first = json.loads(result.output)["paths"][0]["people"]
    assert [p["name"] for p in first] == ["JB Morel", "Coralie Weber"]


def test_an_owner_the_export_contradicts_exits_2_and_changes_nothing(cli):
    assert (
        cli("import", FIXTURES / "linkedin" / "connections_2022.csv", "--owner", "Marc Petit").exit_code == 0
    )
    before = dump(cli.db)
    result = cli("import", NO_PROFILE, "--owner", "Paul Girard")
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert (
        "Jean-Baptiste Morel" in lines[0] and "Paul Girard" in lines[0] and "--owner-mismatch-ok" in lines[0]
    )
    assert dump(cli.db) == before
    wrong_url = cli(
        "import", NO_PROFILE, "--owner", "JB Morel", "--owner-url", "https://www.linkedin.com/in/paul-girard"
    )
    assert (
        wrong_url.exit_code == 2 and "paul-girard" in wrong_url.output and "jb-morel-5f3a" in wrong_url.output
    )
    assert dump(cli.db) == before


def test_the_override_imports_for_the_typed_owner_with_the_exports_directions(cli):
    result = cli("import", NO_PROFILE, "--owner", "Paul Girard", "--owner-mismatch-ok")
    assert result.exit_code == 0, result.output
    assert "for Paul Girard" in result.output
    assert ties(cli.db, "message") == EXPECTED_MESSAGES


def test_someone_elses_invitations_are_skipped_with_a_warning(cli):
    result = cli("import", FOREIGN, "--owner", "Sandrine Vasseur", "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)["files"][0]
    assert summary["contacts"] == 2
    [skipped] = summary["skipped_files"]
    assert skipped["file"].endswith("Invitations.csv")
    assert "Olivier Tessier" in skipped["reason"] and "Sandrine Vasseur" in skipped["reason"]
    assert "Invitations.csv" not in summary["files"]
    assert ties(cli.db, "invitation") == {}
    assert cli("people", "gaspard").exit_code == 1


def test_the_warning_is_shown(cli):
    result = cli("import", FOREIGN, "--owner", "Sandrine Vasseur")
    assert result.exit_code == 0
    assert "skipped file" in result.output and "Invitations.csv: belongs to someone else" in result.output


@pytest.mark.parametrize(
    ("typed", "exported", "same"),
    [
        ("JB Morel", "Jean-Baptiste Morel", True),  # initials of a compound first name
        ("Jean M. Dupont", "Jean Dupont", True),  # a middle initial
        ("Bob Smith", "Robert Smith", True),  # an English nickname
        ("Fred Durand", "Frédéric Durand", True),  # a French short form
        ("Helene LE GALL", "Hélène Le Gall", True),  # accents, case, particles
        ("Rousseau Camille", "Camille Rousseau", True),  # word order
        ("Camile Rousseau", "Camille Rousseau", True),  # a typo
        ("Jean Dupont", "Marie Dupont", False),  # a relative
        ("Marie Dupont", "Marie Martin", False),  # another family name
        ("Paul Girard", "Jean-Baptiste Morel", False),  # a colleague
        ("Alex Martin", "Alexandra Martinez", False),  # a short form, but another family name
    ],
)
def test_plausible_variants_of_a_name(typed, exported, same):
    assert plausibly_same_name(typed, exported) is same


def test_messages_under_a_former_name_are_still_the_owners(cli):
    """Profile.csv says Marie Lefèvre, her messages Marie Dubreuil: her own inbox, never skipped as
    someone else's file; her URL there orients them."""
    facts = MANIFEST["owner/renamed/messages.csv"]
    result = cli("import", FIXTURES / "owner" / "renamed", "--owner", "Marie Lefèvre", "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)["files"][0]
    assert summary["skipped_files"] == []
    assert normalize_url(summary["export_owner"]["url"]) == normalize_url(facts["owner_url"])
    assert ties(cli.db, "message") == {
        ("linkedin.com/in/paul-henry", "out"): 2,
        ("linkedin.com/in/paul-henry", "in"): 1,
        ("linkedin.com/in/sophie-marchand", "out"): 1,
    }
