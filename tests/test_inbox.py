"""graphintro inbox (issue 19, point 5): what each member leaves unanswered, from real-format exports."""

from __future__ import annotations

import json
import zipfile

import pytest

CONNECTIONS = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
MESSAGES = (
    "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,"
    "CONTENT,FOLDER,IS MESSAGE DRAFT,IS CONVERSATION DRAFT"
)
INVITATIONS = "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl"
URL = "https://www.linkedin.com/in/"
MARC, LEA = ("Marc", "Petit", "marc-petit"), ("Léa", "Girard", "lea-girard")
# Marc's contacts: Julien wrote last (unanswered), Sophie got an answer, Hélène wrote yesterday, Yann
# got an answer in the same minute (as exports often date a quick reply).
JULIEN, SOPHIE, HELENE = (
    ("Julien", "Moreau", "julien-moreau"),
    ("Sophie", "Bernard", "sophie-bernard"),
    ("Hélène", "Roy", "helene-roy"),
)
# Invitations to Marc: Thibault's is pending, Nadia's was accepted (she is in Connections.csv);
# Marc's own invitation to Paul is no inbox item (Paul is to answer it).
THIBAULT, NADIA, PAUL = (
    ("Thibault", "Mercier", "thibault-mercier"),
    ("Nadia", "Haddad", "nadia-haddad"),
    ("Paul", "Lefèvre", "paul-lefevre"),
)
YANN = ("Yann", "Perrin", "yann-perrin")
TODAY = "2026-11-30"


def name(person):
    return f"{person[0]} {person[1]}"


def message(conversation, sender, recipient, day, text):
    return (
        f"{conversation},,{name(sender)},{URL}{sender[2]},{name(recipient)},{URL}{recipient[2]},"
        f'{day} 09:30:00 UTC,,"{text}",INBOX,No,No'
    )


def invitation(sender, recipient, day, direction):
    return (
        f'{name(sender)},{name(recipient)},"{day}, 9:15 AM",,{direction},{URL}{sender[2]},{URL}{recipient[2]}'
    )


def connection(person, since):
    first, last, slug = person
    return f"{first},{last},{URL}{slug},,Orbital,Directeur,{since}"


@pytest.fixture
def inbox_team(cli, tmp_path):
    marc = tmp_path / "marc-Complete_LinkedInDataExport_11-29-2026.zip"
    with zipfile.ZipFile(marc, "w") as zipped:
        zipped.writestr(
            "Connections.csv",
            "\n".join(
                [
                    CONNECTIONS,
                    connection(LEA, "04 Jul 2019"),
                    connection(JULIEN, "04 Jul 2020"),
                    connection(SOPHIE, "04 Jul 2020"),
                    connection(HELENE, "04 Jul 2021"),
                    connection(NADIA, "20 Oct 2026"),
                ]
            ),
        )
        zipped.writestr(
            "messages.csv",
            "\n".join(
                [
                    MESSAGES,
                    message("c1", MARC, JULIEN, "2026-10-01", "Bonjour Julien"),
                    message("c1", JULIEN, MARC, "2026-10-20", "On se voit à Eurosatory ?"),
                    message("c2", SOPHIE, MARC, "2026-10-02", "Un café ?"),
                    message("c2", MARC, SOPHIE, "2026-10-03", "Avec plaisir"),
                    message("c3", HELENE, MARC, "2026-11-28", "Merci pour hier"),
                    message("c4", YANN, MARC, "2026-10-05", "Dispo jeudi ?"),
                    message("c4", MARC, YANN, "2026-10-05", "Oui, 10 h"),
                ]
            ),
        )
        zipped.writestr(
            "Invitations.csv",
            "\n".join(
                [
                    INVITATIONS,
                    invitation(THIBAULT, MARC, "11/2/26", "INCOMING"),
                    invitation(NADIA, MARC, "10/19/26", "INCOMING"),
                    invitation(MARC, PAUL, "10/5/26", "OUTGOING"),
                ]
            ),
        )
    lea = tmp_path / "lea-Complete_LinkedInDataExport_11-29-2026.zip"
    with zipfile.ZipFile(lea, "w") as zipped:
        zipped.writestr("Connections.csv", "\n".join([CONNECTIONS, connection(MARC, "04 Jul 2019")]))
    for path, owner in ((marc, MARC), (lea, LEA)):
        result = cli("import", path, "--owner", name(owner), "--owner-url", URL + owner[2])
        assert result.exit_code == 0, result.output
    return cli


def inbox(cli, *args):
    from graphintro.inbox import waiting
    from graphintro.people import resolve_person
    from graphintro.store import Store

    with Store(cli.db) as store:
        owner = resolve_person(store, args[0]) if args else None
        return waiting(store, owner=owner, days=7, today=TODAY)["inbox"]


def test_unanswered_message_and_pending_invitation_are_listed_and_nothing_answered(inbox_team):
    items = inbox(inbox_team)
    listed = {(i["member"]["name"], i["kind"], i["contact"]["name"]) for i in items}
    assert listed == {
        ("Marc Petit", "message", "Julien Moreau"),
        ("Marc Petit", "invitation", "Thibault Mercier"),
    }
    julien = next(i for i in items if i["kind"] == "message")
    assert julien["since"].startswith("2026-10-20") and julien["days"] == 41
    thibault = next(i for i in items if i["kind"] == "invitation")
    assert thibault["since"].startswith("2026-11-02") and thibault["days"] == 28
    assert set(julien) == {"member", "kind", "contact", "since", "days"}
    assert items[0] == julien  # the longest waiting first


def test_days_and_owner_and_open_asks_of_a_teammate(inbox_team):
    result = inbox_team("inbox", "--days", "0", "--json")
    assert result.exit_code == 0, result.output
    contacts = {i["contact"]["name"] for i in json.loads(result.output)["inbox"]}
    assert contacts == {"Julien Moreau", "Thibault Mercier", "Hélène Roy"}  # Hélène's message of 2 days ago
    assert json.loads(inbox_team("inbox", "--days", "100000", "--json").output) == {"inbox": []}
    asked = inbox_team("ask", "Léa Girard", "Sophie Bernard", "--json")
    assert asked.exit_code == 0, asked.output
    assert json.loads(asked.output)["ask"]["introducer"]["name"] == "Marc Petit"
    items = json.loads(inbox_team("inbox", "--owner", "Marc Petit", "--json").output)["inbox"]
    ask = next(i for i in items if i["kind"] == "ask")
    assert ask["contact"]["name"] == "Sophie Bernard" and ask["days"] == 0
    assert json.loads(inbox_team("inbox", "--owner", "Léa Girard", "--json").output) == {"inbox": []}
    shown = inbox_team("inbox").output
    assert "Marc Petit: 3 waiting" in shown and "asked to introduce Sophie Bernard" in shown
    assert (
        "message from Julien Moreau, unanswered for" in shown and "invitation from Thibault Mercier" in shown
    )
    assert inbox_team("asks", "done", json.loads(asked.output)["ask"]["id"], "introduced").exit_code == 0
    assert all(i["kind"] != "ask" for i in json.loads(inbox_team("inbox", "--json").output)["inbox"])
    not_member = inbox_team("inbox", "--owner", "Julien Moreau")
    assert not_member.exit_code == 2 and "not a team member" in not_member.output
