"""The LinkedIn importer, file by file, on the fixtures: what a user sees of each export file.

Who endorsed which skill, who recommended the owner and as what, which messages were sent and which
received, whose export it is and why, which lines were skipped and where. The values are the ones
``tests/fixtures/make_fixtures.py`` wrote into the files (and ``manifest.json`` states): each test
reads the library's ``parse`` result, the import summary, or the store, as precisely as a user
reading ``people``/``contacts`` or the import summary would notice a difference.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from graphintro.errors import ImportFormatError
from graphintro.importers import linkedin
from graphintro.importers.model import ParsedSource, PersonRow

FIXTURES = Path(__file__).parent / "fixtures"
MANIFEST = json.loads((FIXTURES / "manifest.json").read_text(encoding="utf-8"))
LI = "https://www.linkedin.com/in/"
CLAIRE_URL = LI + "claire-dubois-1a2b3c"
MARC_URL = LI + "marc-petit-7a1b2c"


def parse(rel: str, owner: str = "", owner_url: str = "") -> ParsedSource:
    return linkedin.parse(FIXTURES / rel, owner, owner_url)


def parse_as(tmp_path: Path, rel: str, real_name: str, owner: str = "", owner_url: str = "") -> ParsedSource:
    """A stand-alone copy of an export's file, read under the name it has in a real export."""
    folder = tmp_path / "export"
    folder.mkdir(exist_ok=True)
    shutil.copy(FIXTURES / rel, folder / real_name)
    return linkedin.parse(folder / real_name, owner, owner_url)


def ties(parsed: ParsedSource, kind: str) -> list[tuple]:
    """(direction, when, peer's name, peer's URL, detail, line) of every interaction of a kind, file order."""
    return [
        (i.direction, i.at, i.peer.name, i.peer.url, i.detail, i.line)
        for i in parsed.interactions
        if i.kind == kind
    ]


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", newline="")
    return path


# -- endorsements -----------------------------------------------------------------------------------


def test_who_endorsed_which_skill_and_when():
    parsed = parse("linkedin/export_2024")
    assert ties(parsed, "endorsement") == [
        ("in", "2024-01-20T09:14:02", "Antoine Rousseau", "www.linkedin.com/in/antoine-rousseau-8f3e21",
         "Intelligence artificielle", 2),
        ("in", "2023-11-06T10:01:45", "Inès Benali", "www.linkedin.com/in/ines-benali-cyber", "Cybersécurité", 3),
        ("in", "2023-11-06T10:01:47", "Inès Benali", "www.linkedin.com/in/ines-benali-cyber",
         "Gestion de projet", 4),
        ("in", "2022-12-10T15:33:20", "Karim Haddad", "www.linkedin.com/in/karim-haddad-airbus", "Innovation", 5),
        ("in", "2021-08-11T11:00:31", "Nadia Bensaïd", "www.linkedin.com/in/nadia-bensaid",
         "Stratégie d'entreprise", 6),
    ]  # fmt: skip
    endorser = next(i.peer for i in parsed.interactions if i.kind == "endorsement")
    assert (endorser.first_name, endorser.last_name, endorser.line) == ("Antoine", "Rousseau", 2)
    assert endorser.file.endswith("export_2024/Endorsement_Received_Info.csv")


def test_endorsements_before_2023_name_the_endorser_without_a_url(tmp_path):
    parsed = parse_as(
        tmp_path, "linkedin/endorsements_2022.csv", "Endorsement_Received_Info.csv", "Marc Petit"
    )
    assert ties(parsed, "endorsement") == [
        ("in", "2021-08-11T11:00:31", "François Lefèvre", "", "Négociation", 2),
        ("in", "2021-09-02T16:42:10", "Sophie Marchal", "", "Développement commercial", 3),
        ("in", "2022-01-18T08:05:55", "Nathalie Roy", "", "Négociation", 4),
        ("in", "2022-03-07T19:30:02", "Pierre Durand", "", "Gestion de comptes clés", 5),
    ]
    # The UTF-16 twin with spaces in its name says the same.
    twin = parse_as(
        tmp_path, "linkedin/endorsements_2022_utf16.csv", "Endorsement Received Info.csv", "Marc Petit"
    )
    assert ties(twin, "endorsement") == ties(parsed, "endorsement")


def test_an_endorsement_key_tells_two_skills_of_one_endorser_apart():
    """The key is what a newer export of the same endorsements is matched on: direction, time, skill, name."""
    keys = [i.key for i in parse("linkedin/export_2024").interactions if i.kind == "endorsement"]
    assert keys[:3] == [
        "in|2024-01-20T09:14:02|Intelligence artificielle|Antoine Rousseau",
        "in|2023-11-06T10:01:45|Cybersécurité|Inès Benali",
        "in|2023-11-06T10:01:47|Gestion de projet|Inès Benali",
    ]


def test_endorsements_given_are_outgoing_to_the_endorsee(tmp_path):
    parsed = parse_as(tmp_path, "linkedin/endorsements_given_2024.csv", "Endorsement_Given_Info.csv",
                      "Marc Petit", MARC_URL)  # fmt: skip
    assert ties(parsed, "endorsement") == [
        ("out", "2023-03-14T10:20:00", "Sophie Marchal", "www.linkedin.com/in/sophie-marchal-airbus",
         "Gestion de projet", 2),
        ("out", "2024-05-06T18:02:41", "Pierre Durand", "www.linkedin.com/in/pierre-durand-nexalys",
         "Cybersécurité", 3),
        ("out", "2024-05-06T18:02:55", "", "www.linkedin.com/in/nathalie-roy-digital", "Transformation digitale",
         5),
    ]  # fmt: skip
    assert (
        next(i.key for i in parsed.interactions) == "out|2023-03-14T10:20:00|Gestion de projet|Sophie Marchal"
    )
    assert [(s.line, s.reason) for s in parsed.skipped] == [(4, "no name")]
    assert parsed.skipped[0].file.endswith("Endorsement_Given_Info.csv")
    hidden = parsed.interactions[-1].peer  # a name removed: no name parts, the URL says who
    assert (hidden.first_name, hidden.last_name, hidden.url) == (
        "",
        "",
        "www.linkedin.com/in/nathalie-roy-digital",
    )


def test_only_accepted_endorsements_are_ties(tmp_path):
    path = write(
        tmp_path,
        "Endorsement_Received_Info.csv",
        "Endorsement Date,Skill Name,Endorser First Name,Endorser Last Name,Endorser Public Url,Endorsement Status\n"
        "2024/01/20 09:14:02 UTC,Python,Ana,Roux,www.linkedin.com/in/ana-roux,REJECTED\n"
        "2024/01/21 09:14:02 UTC,Java,Léo,Brun,www.linkedin.com/in/leo-brun,accepted\n"
        "2024/01/22 09:14:02 UTC,Go,Eva,Petit,www.linkedin.com/in/eva-petit,PENDING\n"
        "2024/01/23 09:14:02 UTC,Rust,Zoé,Blanc,www.linkedin.com/in/zoe-blanc,VISIBLE",
    )
    parsed = linkedin.parse(path, "Marc Petit")
    assert [(i.peer.name, i.detail) for i in parsed.interactions] == [
        ("Léo Brun", "Java"),
        ("Zoé Blanc", "Rust"),
    ]
    assert parsed.skipped == []


# -- recommendations --------------------------------------------------------------------------------


def test_who_recommended_the_owner_as_what_and_when():
    parsed = parse("linkedin/export_2024")
    assert ties(parsed, "recommendation") == [
        ("in", "2023-12-24T05:28:00", "Antoine Rousseau", "", "Senior Manager Data & IA", 2),
        ("in", "2017-02-15T09:41:00", "Inès Benali", "", "Responsable cybersécurité", 3),
    ]
    peers = [i.peer for i in parsed.interactions if i.kind == "recommendation"]
    assert [(p.first_name, p.last_name, p.company, p.position) for p in peers] == [
        ("Antoine", "Rousseau", "Capgemini", "Senior Manager Data & IA"),
        ("Inès", "Benali", "Thales", "Responsable cybersécurité"),
    ]
    assert all(p.file.endswith("Recommendations_Received.csv") for p in peers)
    assert [i.key for i in parsed.interactions if i.kind == "recommendation"] == [
        "2023-12-24T05:28:00|Antoine Rousseau",
        "2017-02-15T09:41:00|Inès Benali",
    ]


def test_a_recommendation_s_text_is_never_kept():
    """Like messages, what someone wrote stays in the export: only who, when and as what."""
    parsed = parse("linkedin/export_2024")
    kept = repr(parsed)
    assert "Rigoureuse" not in kept and "rare blend" not in kept


def test_a_recommendation_without_a_name_is_skipped_with_its_line(tmp_path):
    path = write(
        tmp_path,
        "Recommendations_Received.csv",
        "First Name,Last Name,Company,Job Title,Text,Creation Date,Status\n"
        ',,Orange,,Anonymous.,"12/25/23, 05:28 AM",VISIBLE\n'
        'Ana,Roux,,DSI,Great.,"12/24/23, 05:28 AM",VISIBLE\n'
        'Léo,Brun,Thales,,Merci.,"12/26/23, 05:28 AM",VISIBLE\n'
        ',Blanc,Orange,CTO,Merci.,"12/27/23, 05:28 AM",VISIBLE\n',
    )
    parsed = linkedin.parse(path, "Marc Petit")
    assert ties(parsed, "recommendation") == [
        ("in", "2023-12-24T05:28:00", "Ana Roux", "", "DSI", 3),
        ("in", "2023-12-26T05:28:00", "Léo Brun", "", "", 4),  # no job title: none shown
        ("in", "2023-12-27T05:28:00", "Blanc", "", "CTO", 5),
    ]
    assert [(Path(s.file).name, s.line, s.reason) for s in parsed.skipped] == [
        ("Recommendations_Received.csv", 2, "no name")
    ]
    ana, leo, blanc = (i.peer for i in parsed.interactions)
    assert (blanc.first_name, blanc.last_name) == ("", "Blanc")
    assert (ana.first_name, ana.last_name, ana.company, ana.position) == ("Ana", "Roux", "", "DSI")
    assert (leo.company, leo.position) == ("Thales", "")


# -- invitations ------------------------------------------------------------------------------------


def test_invitations_sent_and_received_with_their_peer():
    parsed = parse("linkedin/export_2024")
    assert ties(parsed, "invitation") == [
        (
            "out",
            "2022-12-09T09:02:00",
            "Karim Haddad",
            LI + "karim-haddad-airbus",
            "with a personal message",
            2,
        ),
        ("in", "2022-03-02T08:15:00", "Nadia Bensaïd", LI + "nadia-bensaid", "", 3),
        ("out", "2021-11-18T18:40:00", "Hugo Blanc", LI + "hugo-blanc-nuvola", "", 4),
    ]
    assert [i.key for i in parsed.interactions if i.kind == "invitation"][:2] == [
        f"2022-12-09T09:02:00|Karim Haddad|{LI}karim-haddad-airbus",
        f"in|2022-03-02T08:15:00|Nadia Bensaïd|{LI}nadia-bensaid",
    ]


def test_crossed_invitations_are_two():
    parsed = parse("owner/anonymous/Invitations.csv", "Romain Lefort", LI + "romain-lefort-77")
    found = ties(parsed, "invitation")
    assert [(d, name) for d, _, name, *_ in found] == [("out", "Claire Noël"), ("in", "Claire Noël")]
    keys = [i.key for i in parsed.interactions]
    assert len(set(keys)) == 2 and keys[1].startswith("in|")


def test_an_invitation_without_anyone_is_skipped(tmp_path):
    path = write(
        tmp_path,
        "Invitations.csv",
        "From,To,Sent At,Message,Direction\n"
        'Marc Petit,Ana Roux,"6/17/23, 6:18 AM",,OUTGOING\n'
        'Marc Petit,,"6/18/23, 6:18 AM",,OUTGOING\n',
    )
    parsed = linkedin.parse(path, "Marc Petit")
    assert ties(parsed, "invitation") == [("out", "2023-06-17T06:18:00", "Ana Roux", "", "", 2)]
    assert [(Path(s.file).name, s.line, s.reason) for s in parsed.skipped] == [
        ("Invitations.csv", 3, "no name")
    ]


# -- messages ---------------------------------------------------------------------------------------


def test_messages_have_the_owner_s_direction_and_their_peer():
    parsed = parse("linkedin/export_2024")
    assert ties(parsed, "message") == [
        ("in", "2024-01-16T08:42:10", "Antoine Rousseau", LI + "antoine-rousseau-8f3e21",
         "2-MDRiNGVlMDUzODQ4MTY3ZmVmMzRhNTA1XzAwMQ==", 2),
        ("out", "2024-01-16T10:05:31", "Antoine Rousseau", LI + "antoine-rousseau-8f3e21",
         "2-MDRiNGVlMDUzODQ4MTY3ZmVmMzRhNTA1XzAwMQ==", 8),
        ("in", "2024-06-18T11:59:53", "Antoine Rousseau", LI + "antoine-rousseau-8f3e21",
         "2-MDRiNGVlMDUzODQ4MTY3ZmVmMzRhNTA1XzAwMQ==", 10),
        ("out", "2023-11-05T09:20:00", "Inès Benali", LI + "ines-benali-cyber",
         "2-MDI3MzhhMDA4OTQxOGZkODFjMWVmM2Q4XzAwMg==", 11),
        ("in", "2023-11-05T18:47:12", "Inès Benali", LI + "ines-benali-cyber",
         "2-MDI3MzhhMDA4OTQxOGZkODFjMWVmM2Q4XzAwMg==", 12),
        ("in", "2024-03-04T17:02:33", "Hugo Blanc", LI + "hugo-blanc-nuvola",
         "2-YTFkZmRlZTEzNjNiM2VkNzI2YTE1NjU0XzAwMw==", 16),
        ("out", "2023-09-22T12:12:12", "Julien Moreau", LI + "julien-moreau-bnp",
         "2-NDM4ZTg4YzNhOGQwYTA4OWE4NzAwYzA0XzAwNg==", 23),
    ]  # fmt: skip
    assert parsed.messages_left_out == {
        "sponsored": 1,
        "drafts": 0,
        "spam": 1,
        "anonymous": 0,
        "empty_sender": 0,
    }
    first = parsed.interactions[-7]
    assert first.key == (
        f"2024-01-16T08:42:10|Antoine Rousseau|Antoine Rousseau|{LI}antoine-rousseau-8f3e21"
        "|2-MDRiNGVlMDUzODQ4MTY3ZmVmMzRhNTA1XzAwMQ==#1"
    )
    assert (first.peer.line, first.file.endswith("export_2024/messages.csv")) == (2, True)


def test_2018_messages_are_oriented_by_their_direction_column():
    parsed = parse("linkedin/messages_2018.csv", "Marc Petit")
    assert [(d, name, line) for d, _, name, _, _, line in ties(parsed, "message")] == [
        ("in", "Sophie Marchal", 2),
        ("out", "Sophie Marchal", 3),
        ("in", "Laurent Giraud", 4),
        ("out", "Laurent Giraud", 5),
        ("out", "François Lefèvre", 7),
    ]
    assert parsed.messages_left_out["sponsored"] == 1
    assert ties(parsed, "message")[0][1] == "2018-01-09T08:12:44"
    assert {detail for *_, detail, _ in ties(parsed, "message")} == {""}  # no conversation ids in 2018


def test_messages_without_a_direction_column_are_oriented_by_the_sender():
    parsed = parse("linkedin/messages_2022.csv", "Marc Petit")
    assert [(d, name, url, line) for d, _, name, url, _, line in ties(parsed, "message")] == [
        ("in", "François Lefèvre", LI + "francois-lefevre", 2),
        ("out", "François Lefèvre", "", 3),  # the 2022 layout has no recipient URLs
        ("out", "Sophie Marchal", "", 5),
    ]
    assert parsed.export_owner is not None and parsed.export_owner.url == MARC_URL


def test_two_messages_alike_are_counted_in_file_order():
    seen: dict[str, int] = {}
    peer = PersonRow(name="Ana Roux", url=LI + "ana-roux")
    first = linkedin.message_key("2024-01-01T10:00:00", "Marc Petit", peer, "conv", seen)
    again = linkedin.message_key("2024-01-01T10:00:00", "Marc Petit", peer, "conv", seen)
    assert (first, again) == (
        f"2024-01-01T10:00:00|Marc Petit|Ana Roux|{LI}ana-roux|conv#1",
        f"2024-01-01T10:00:00|Marc Petit|Ana Roux|{LI}ana-roux|conv#2",
    )


def test_a_linkedin_member_the_owner_talked_with_is_nobody_but_not_an_advert():
    parsed = parse("owner/anonymous/messages.csv", "Romain Lefort", LI + "romain-lefort-77")
    assert [(d, name, line) for d, _, name, _, _, line in ties(parsed, "message")] == [
        ("out", "Claire Noël", 5),
        ("in", "Claire Noël", 6),
    ]
    assert parsed.messages_left_out == {
        "sponsored": 1,
        "drafts": 0,
        "spam": 0,
        "anonymous": 3,
        "empty_sender": 1,
    }


def test_a_message_to_several_people_is_a_tie_with_each(tmp_path):
    path = write(
        tmp_path,
        "messages.csv",
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,"
        "CONTENT,FOLDER\n"
        f'c1,,Marc Petit,{MARC_URL},"Ana Roux, Léo Brun","{LI}ana-roux, {LI}leo-brun",'
        "2024-01-08 09:00:00 UTC,,Bonjour à tous,INBOX\n"
        f'c2,,Marc Petit,{MARC_URL},"Eva Petit, Jean Dupont",{LI}eva-petit,2024-01-09 09:00:00 UTC,,Hello,INBOX\n'
        f'c3,,Marc Petit,{MARC_URL},"Ana Roux, Léo Brun","{LI}ana-roux,{LI}leo-brun,{LI}zoe-blanc",'
        "2024-01-10 09:00:00 UTC,,Hello,INBOX\n"
        f"c4,,Marc Petit,{MARC_URL},Ana Roux,,2024-01-11 09:00:00 UTC,,Hello,INBOX\n"
        f"c5,,Marc Petit,{MARC_URL},,,2024-01-12 09:00:00 UTC,,Hello,INBOX\n"
        f"c6,,Marc Petit,{MARC_URL},LinkedIn Member,,2024-01-13 09:00:00 UTC,,Hello,INBOX\n",
    )
    parsed = linkedin.parse(path, "Marc Petit", MARC_URL)
    assert [(name, url, line) for _, _, name, url, _, line in ties(parsed, "message")] == [
        ("Ana Roux", LI + "ana-roux", 2),
        ("Léo Brun", LI + "leo-brun", 2),
        ("Eva Petit, Jean Dupont", LI + "eva-petit", 3),  # one URL for two names: which is which is unknown
        ("", LI + "ana-roux", 4),  # more URLs than names: the URLs alone
        ("", LI + "leo-brun", 4),
        ("", LI + "zoe-blanc", 4),
        ("Ana Roux", "", 5),
    ]
    assert parsed.messages_left_out["anonymous"] == 1


@pytest.mark.parametrize(
    "rel",
    ["linkedin/messages_drafts_2025.csv", "linkedin/messages_no_folder.csv"],
)
def test_new_message_fixtures_match_their_manifest_counts(rel, tmp_path):
    facts = MANIFEST[rel]
    parsed = parse_as(tmp_path, rel, "messages.csv", facts["owner"], facts.get("owner_url", ""))
    directions = [d for d, *_ in ties(parsed, "message")]
    assert (directions.count("out"), directions.count("in")) == (
        facts["messages"]["outgoing"],
        facts["messages"]["incoming"],
    )
    for reason in ("drafts", "spam", "sponsored"):
        assert parsed.messages_left_out[reason] == facts["messages"].get(reason, 0), reason


def test_drafts_written_true_and_two_in_one_file_are_never_sent(tmp_path):
    parsed = parse_as(tmp_path, "linkedin/messages_drafts_2025.csv", "messages.csv", "Marc Petit", MARC_URL)
    assert parsed.messages_left_out["drafts"] == 2
    assert [(d, name, line) for d, _, name, _, _, line in ties(parsed, "message")] == [
        ("in", "Camille Roche", 2),
        ("out", "Camille Roche", 3),
        ("out", "Julien Moreau", 6),
    ]


def test_a_messages_file_without_a_folder_column_keeps_every_message(tmp_path):
    parsed = parse_as(tmp_path, "linkedin/messages_no_folder.csv", "messages.csv", "Marc Petit", MARC_URL)
    assert [(d, name, line) for d, _, name, _, _, line in ties(parsed, "message")] == [
        ("in", "Nathalie Roy", 2),
        ("out", "Nathalie Roy", 3),
        ("out", "Pierre Durand", 4),
    ]
    assert parsed.messages_left_out == {
        "sponsored": 1,
        "drafts": 0,
        "spam": 0,
        "anonymous": 0,
        "empty_sender": 0,
    }


# -- whose export it is -----------------------------------------------------------------------------


def test_the_owner_is_named_by_the_export_with_its_evidence():
    owner = parse("linkedin/export_2024", "Someone Else").export_owner
    assert owner is not None
    assert (owner.name, owner.url) == ("Claire Dubois", CLAIRE_URL)
    assert owner.evidence == [
        "Profile.csv",
        "messages.csv: the participant of 9 of 9 messages",
        "Invitations.csv: the inviter or invitee of 3 of 3 invitations",
    ]


def test_the_owner_without_a_profile_is_the_participant_of_most_messages():
    """Jean-Baptiste Morel writes to his namesake: the name is in 9 messages, his URL decides."""
    parsed = parse("owner/no_profile", "JB")
    owner = parsed.export_owner
    assert owner is not None
    assert (owner.name, owner.url) == ("Jean-Baptiste Morel", LI + "jb-morel-5f3a")
    assert owner.evidence == [
        "messages.csv: the participant of 9 of 9 messages",
        "Invitations.csv: the inviter or invitee of 2 of 2 invitations",
    ]
    namesake = [(d, line) for d, _, _, url, _, line in ties(parsed, "message") if url.endswith("morel-lyon")]
    assert namesake == [("out", 9), ("in", 10)]


def test_a_former_name_in_the_inbox_is_still_the_owner():
    parsed = parse("owner/renamed")
    owner = parsed.export_owner
    assert owner is not None
    assert owner.name == "Marie Lefèvre"
    assert owner.evidence[0] == "Profile.csv"
    assert owner.evidence[1].endswith(", named Marie Dubreuil there")
    # Profile.csv has no URL: her URL in the inbox is hers, and it says which messages she sent.
    assert owner.url == LI + "marie-lefevre-rh"
    assert [(d, name, line) for d, _, name, _, _, line in ties(parsed, "message")] == [
        ("out", "Paul Henry", 2),
        ("in", "Paul Henry", 3),
        ("out", "Paul Henry", 4),
        ("out", "Sophie Marchand", 5),
    ]


def test_a_profile_csv_without_a_row_names_nobody_and_the_inbox_names_the_owner(tmp_path):
    """A Profile.csv holding only its header (the owner's profile withheld) says nothing of the owner."""
    header = ",".join(MANIFEST["owner/renamed/Profile.csv"]["header"])
    write(tmp_path, "Profile.csv", header + "\n")
    shutil.copy(FIXTURES / "owner/renamed/messages.csv", tmp_path / "messages.csv")
    parsed = linkedin.parse(tmp_path)
    owner = parsed.export_owner
    assert owner is not None
    assert (owner.name, owner.url) == ("Marie Dubreuil", LI + "marie-lefevre-rh")
    assert owner.evidence == ["messages.csv: the participant of 4 of 4 messages"]
    assert parsed.profile == {}


def test_someone_else_s_invitations_are_left_out_naming_both():
    parsed = parse("owner/foreign_invitations")
    assert ties(parsed, "invitation") == []
    [skipped] = parsed.skipped_files
    assert skipped.file.endswith("foreign_invitations/Invitations.csv") and skipped.line is None
    assert skipped.reason.startswith("belongs to someone else: Olivier Tessier is the inviter or invitee of")
    assert skipped.reason.endswith("but this export is Sandrine Vasseur's (Profile.csv)")


def test_one_message_between_two_people_names_no_owner_without_a_hint(tmp_path):
    text = (
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,"
        "CONTENT,FOLDER\n"
        f"c1,,Ana Roux,{LI}ana-roux,Léo Brun,{LI}leo-brun,2024-01-08 09:00:00 UTC,,Bonjour,INBOX\n"
    )
    path = write(tmp_path, "messages.csv", text)
    assert linkedin.parse(path).export_owner is None
    owner = linkedin.parse(path, "Léo Brun").export_owner
    assert owner is not None and (owner.name, owner.url) == ("Léo Brun", LI + "leo-brun")
    by_url = linkedin.parse(path, "", LI + "ana-roux")
    assert by_url.export_owner is not None and by_url.export_owner.name == "Ana Roux"
    assert [d for d, *_ in ties(by_url, "message")] == ["out"]


def test_the_owner_s_name_is_the_spelling_most_messages_use(tmp_path):
    """An owner who added the accents to her name later: the export names her as most messages do."""
    head = (
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,"
        "CONTENT,FOLDER\n"
    )
    me = LI + "helene-le-gall"
    rows = [
        f"c1,,Helene Le Gall,{me},Ana Roux,{LI}ana-roux,2020-01-08 09:00:00 UTC,,Bonjour,INBOX\n",
        f"c2,,Hélène Le Gall,{me},Léo Brun,{LI}leo-brun,2024-01-08 09:00:00 UTC,,Bonjour,INBOX\n",
        f"c2,,Léo Brun,{LI}leo-brun,Hélène Le Gall,{me},2024-01-08 10:00:00 UTC,,Merci,INBOX\n",
    ]
    parsed = linkedin.parse(write(tmp_path, "messages.csv", head + "".join(rows)))
    owner = parsed.export_owner
    assert owner is not None and (owner.name, owner.url) == ("Hélène Le Gall", me)
    assert owner.evidence == ["messages.csv: the participant of 3 of 3 messages"]


def test_a_profile_without_headline_or_industry_says_nothing_of_them(tmp_path):
    header = ",".join(MANIFEST["linkedin/export_2024/Profile.csv"]["header"])
    path = write(tmp_path, "Profile.csv", header + "\nAna,Roux,,,,,,,,,,,\n")
    folder = tmp_path
    shutil.copy(FIXTURES / "linkedin/connections_2024.csv", folder / "Connections.csv")
    parsed = linkedin.parse(folder)
    assert path.exists() and parsed.profile == {"name": "Ana Roux", "headline": "", "industry": ""}
    assert parsed.export_owner is not None and parsed.export_owner.evidence == ["Profile.csv"]


def test_an_owner_who_wrote_only_to_deleted_accounts_is_still_named(tmp_path):
    """Every TO empty (the recipients' accounts deleted): the sender of all is the owner, nobody else."""
    head = (
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,"
        "CONTENT,FOLDER\n"
    )
    rows = [
        f"c1,,Ana Roux,{LI}ana-roux,,,2024-01-08 09:00:00 UTC,,Bonjour,INBOX\n",
        f"c2,,Ana Roux,{LI}ana-roux,,,2024-01-09 09:00:00 UTC,,Bonjour,INBOX\n",
    ]
    parsed = linkedin.parse(write(tmp_path, "messages.csv", head + "".join(rows)))
    assert parsed.export_owner is not None and parsed.export_owner.name == "Ana Roux"
    assert parsed.interactions == []


def test_an_owner_in_half_the_messages_is_named_when_the_hint_agrees(tmp_path):
    head = (
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,"
        "CONTENT,FOLDER\n"
    )
    rows = [
        f"c1,,Ana Roux,{LI}ana-roux,Léo Brun,{LI}leo-brun,2024-01-08 09:00:00 UTC,,Bonjour,INBOX\n",
        f"c2,,Zoé Blanc,{LI}zoe-blanc,Paul Ng,{LI}paul-ng,2024-01-09 09:00:00 UTC,,Bonjour,INBOX\n",
    ]
    parsed = linkedin.parse(write(tmp_path, "messages.csv", head + "".join(rows)), "Ana Roux")
    owner = parsed.export_owner
    assert owner is not None and (owner.name, owner.url) == ("Ana Roux", LI + "ana-roux")
    assert owner.evidence == ["messages.csv: the participant of 1 of 2 messages"]


def test_a_renamed_owner_s_2018_messages_follow_their_direction_column(tmp_path):
    """2018 messages name people without URLs: the owner's former name in FROM is still her (DIRECTION)."""
    profile = ",".join(MANIFEST["linkedin/export_2018/Profile.csv"]["header"])
    write(tmp_path, "Profile.csv", profile + "\nMarie,Lefèvre,Dubreuil,,,DRH,,,,,,,\n")
    write(
        tmp_path,
        "Messages.csv",
        "From,To,Date,Subject,Content,Direction,Folder\n"
        "Marie Dubreuil,Paul Henry,2018-01-09 08:12:44 UTC,Bonjour,Bonjour Paul,OUTGOING,INBOX\n"
        "Paul Henry,Marie Dubreuil,2018-01-09 09:12:44 UTC,RE: Bonjour,Bonjour Marie,INCOMING,INBOX\n"
        "Marie Dubreuil,Sophie Marchand,2018-01-10 08:00:00 UTC,Merci,Merci Sophie,OUTGOING,INBOX\n",
    )
    parsed = linkedin.parse(tmp_path, "Marie Lefèvre")
    assert [(d, name, line) for d, _, name, _, _, line in ties(parsed, "message")] == [
        ("out", "Paul Henry", 2),
        ("in", "Paul Henry", 3),
        ("out", "Sophie Marchand", 4),
    ]


def test_the_profile_s_owner_decides_a_single_message_not_the_typed_owner(tmp_path):
    """One message, two people: Profile.csv's owner says which is the owner, whatever --owner says."""
    header = ",".join(MANIFEST["linkedin/export_2024/Profile.csv"]["header"])
    write(tmp_path, "Profile.csv", header + "\nAna,Roux,,,,,,,,,,,\n")
    write(
        tmp_path,
        "messages.csv",
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,"
        f"CONTENT,FOLDER\nc1,,Ana Roux,{LI}ana-roux,Léo Brun,{LI}leo-brun,2024-01-08 09:00:00 UTC,,Bonjour,INBOX\n",
    )
    parsed = linkedin.parse(tmp_path, "Someone Else")
    owner = parsed.export_owner
    assert owner is not None and (owner.name, owner.url) == ("Ana Roux", LI + "ana-roux")
    assert owner.evidence == ["Profile.csv", "messages.csv: the participant of 1 of 1 messages"]
    assert ties(parsed, "message") == [("out", "2024-01-08T09:00:00", "Léo Brun", LI + "leo-brun", "c1", 2)]


def test_a_message_of_the_owner_without_a_sender_url_is_still_hers_by_name(tmp_path):
    head = (
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,"
        "CONTENT,FOLDER\n"
    )
    rows = [
        f"c1,,Ana Roux,{LI}ana-roux,Léo Brun,{LI}leo-brun,2024-01-08 09:00:00 UTC,,Bonjour,INBOX\n",
        f"c1,,Léo Brun,{LI}leo-brun,Ana Roux,{LI}ana-roux,2024-01-08 10:00:00 UTC,,Merci,INBOX\n",
        f"c1,,Ana Roux,,Léo Brun,{LI}leo-brun,2024-01-08 11:00:00 UTC,,A+,INBOX\n",
    ]
    parsed = linkedin.parse(write(tmp_path, "messages.csv", head + "".join(rows)), "Ana Roux")
    assert [d for d, *_ in ties(parsed, "message")] == ["out", "in", "out"]


def test_a_second_copy_of_invitations_adds_no_invitation(cli, tmp_path):
    """A file manager's copies ("Invitations (1).csv", "Profile (1).csv") are read too; the store keeps each
    invitation once."""
    export = tmp_path / "export"
    shutil.copytree(FIXTURES / "linkedin/export_2024", export)
    shutil.copy(export / "Invitations.csv", export / "Invitations (1).csv")
    shutil.copy(export / "Profile.csv", export / "Profile (1).csv")
    result = cli("import", export, "--owner", "Claire Dubois", "--json")
    assert result.exit_code == 0, result.output
    files = json.loads(result.output)["files"][0]["files"]
    assert "Invitations (1).csv" in files and "Profile (1).csv" in files
    conn = sqlite3.connect(cli.db)
    try:
        count = conn.execute("SELECT COUNT(*) FROM interactions WHERE kind = 'invitation'").fetchone()[0]
    finally:
        conn.close()
    assert count == 3


def test_a_conversation_with_a_deleted_account_still_names_the_owner(tmp_path):
    """`LinkedIn Member` (a private or deleted account) is nobody: never a candidate for the owner."""
    head = (
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,"
        "CONTENT,FOLDER\n"
    )
    rows = [
        f"c1,,Ana Roux,{LI}ana-roux,LinkedIn Member,,2024-01-08 09:00:00 UTC,,Bonjour,INBOX\n",
        f"c1,,LinkedIn Member,,Ana Roux,{LI}ana-roux,2024-01-08 10:00:00 UTC,,Merci,INBOX\n",
    ]
    parsed = linkedin.parse(write(tmp_path, "messages.csv", head + "".join(rows)))
    owner = parsed.export_owner
    assert owner is not None and (owner.name, owner.url) == ("Ana Roux", LI + "ana-roux")
    assert owner.evidence == ["messages.csv: the participant of 2 of 2 messages"]


def test_names_given_in_part_are_kept_as_given(tmp_path):
    """A connection with a first name only, invitations whose other end shows only a profile URL."""
    path = write(
        tmp_path,
        "Connections.csv",
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        f"Karim,,{LI}karim-b,,Orange,,04 Jul 2023\n",
    )
    [karim] = linkedin.parse(path, "Marc Petit").contacts
    assert (karim.name, karim.first_name, karim.last_name, karim.position) == ("Karim", "Karim", "", "")
    path = write(
        tmp_path,
        "Invitations.csv",
        "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n"
        f'Marc Petit,,"6/17/23, 6:18 AM",,OUTGOING,{MARC_URL},{LI}ana-roux\n'
        f',Marc Petit,"6/18/23, 6:18 AM",,INCOMING,{LI}leo-brun,{MARC_URL}\n',
    )
    parsed = linkedin.parse(path, "Marc Petit", MARC_URL)
    assert [(d, name, url) for d, _, name, url, _, _ in ties(parsed, "invitation")] == [
        ("out", "", LI + "ana-roux"),
        ("in", "", LI + "leo-brun"),
    ]


def test_invitations_naming_the_owner_once_are_hers_whoever_else_they_name(tmp_path):
    """With the owner known (Profile.csv), one row naming her makes the file hers: never skipped as foreign."""
    header = ",".join(MANIFEST["linkedin/export_2024/Profile.csv"]["header"])
    write(tmp_path, "Profile.csv", header + "\nAna,Roux,,,,,,,,,,,\n")
    write(
        tmp_path,
        "Invitations.csv",
        "From,To,Sent At,Message,Direction\n"
        'Olivier Tessier,Gaspard Rey,"6/17/23, 6:18 AM",,OUTGOING\n'
        'Olivier Tessier,Yanis Colas,"6/18/23, 6:18 AM",,OUTGOING\n'
        'Léo Brun,Ana Roux,"6/19/23, 6:18 AM",,INCOMING\n',
    )
    parsed = linkedin.parse(tmp_path, "Ana Roux")
    assert parsed.skipped_files == []
    owner = parsed.export_owner
    assert owner is not None
    assert owner.evidence == ["Profile.csv", "Invitations.csv: the inviter or invitee of 1 of 3 invitations"]


def test_the_owner_s_invitations_are_told_from_a_namesake_s_by_url(tmp_path):
    path = write(
        tmp_path,
        "Invitations.csv",
        "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n"
        f'Jean Morel,Ana Roux,"6/17/23, 6:18 AM",,OUTGOING,{LI}jean-morel-lyon,{LI}ana-roux\n'
        f'Jean Morel,Léo Brun,"6/18/23, 6:18 AM",,OUTGOING,{LI}jean-morel-lyon,{LI}leo-brun\n'
        f'Jean Morel,Zoé Blanc,"6/19/23, 6:18 AM",,OUTGOING,{LI}jean-morel,{LI}zoe-blanc\n',
    )
    owner = linkedin.parse(path, "Jean Morel", LI + "jean-morel").export_owner
    assert owner is not None and (owner.name, owner.url) == ("Jean Morel", LI + "jean-morel")
    assert owner.evidence == ["Invitations.csv: the inviter or invitee of 1 of 3 invitations"]


def test_invitations_whose_owner_s_name_was_removed_name_the_owner_by_url(tmp_path):
    """The owner blanked his own name before sharing the file: every row still names him by URL, 4 of 4."""
    rows = (FIXTURES / "linkedin/invitations_2024.csv").read_text(encoding="utf-8").split("\n")
    blanked = [rows[0]] + [re.sub(r"(^|,)Marc Petit(?=,)", r"\1", row) for row in rows[1:]]
    assert all("Marc Petit" not in row for row in blanked)
    owner = linkedin.parse(write(tmp_path, "Invitations.csv", "\n".join(blanked))).export_owner
    assert owner is not None and (owner.name, owner.url) == ("", MARC_URL)
    assert owner.evidence == ["Invitations.csv: the inviter or invitee of 4 of 4 invitations"]


def test_incoming_invitations_alone_give_the_owner_s_url(tmp_path):
    path = write(
        tmp_path,
        "Invitations.csv",
        "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n"
        f'Léo Brun,Ana Roux,"6/17/23, 6:18 AM",,INCOMING,{LI}leo-brun,{LI}ana-roux\n'
        f'Zoé Blanc,Ana Roux,"6/18/23, 6:18 AM",,INCOMING,{LI}zoe-blanc,{LI}ana-roux\n',
    )
    owner = linkedin.parse(path).export_owner
    assert owner is not None and (owner.name, owner.url) == ("Ana Roux", LI + "ana-roux")


def test_two_spam_messages_are_two_left_out(tmp_path):
    head = (
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,"
        "CONTENT,FOLDER\n"
    )
    rows = [
        f"c1,,Ana Roux,{LI}ana-roux,Léo Brun,{LI}leo-brun,2024-01-08 09:00:00 UTC,,Bonjour,INBOX\n",
        f"c2,,Kevin B,{LI}kevin-b,Ana Roux,{LI}ana-roux,2024-01-09 09:00:00 UTC,,Offre,SPAM\n",
        f"c3,,Max D,{LI}max-d,Ana Roux,{LI}ana-roux,2024-01-10 09:00:00 UTC,,Offre,SPAM\n",
    ]
    parsed = linkedin.parse(write(tmp_path, "messages.csv", head + "".join(rows)), "Ana Roux")
    assert parsed.messages_left_out["spam"] == 2
    assert [name for _, _, name, *_ in ties(parsed, "message")] == ["Léo Brun"]


def test_someone_else_s_invitations_name_every_evidence_of_the_owner(tmp_path):
    shutil.copytree(FIXTURES / "owner/foreign_invitations", tmp_path / "export")
    write(
        tmp_path / "export",
        "messages.csv",
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,"
        f"CONTENT,FOLDER\nc1,,Sandrine Vasseur,{LI}sandrine-vasseur-9c,Léo Brun,{LI}leo-brun,"
        "2024-01-08 09:00:00 UTC,,Bonjour,INBOX\n",
    )
    [skipped] = linkedin.parse(tmp_path / "export").skipped_files
    assert skipped.reason.endswith(
        "but this export is Sandrine Vasseur's (Profile.csv; messages.csv: the participant of 1 of 1 messages)"
    )


def test_the_owner_of_invitations_is_the_most_frequent_end():
    parsed = parse("linkedin/invitations_2018.csv")
    owner = parsed.export_owner
    assert owner is not None and owner.name == "Marc Petit"
    assert owner.evidence == ["invitations_2018.csv: the inviter or invitee of 4 of 4 invitations"]
    assert owner.url == ""  # the 2018 layout has no URLs
    hinted = parse("linkedin/invitations_2018.csv", "Marc Petit").export_owner  # --owner agrees with the file
    assert hinted is not None and hinted.name == "Marc Petit"
    owner = parse(
        "linkedin/invitations_2024.csv"
    ).export_owner  # no hint: the most frequent end, with its URL
    assert owner is not None and (owner.name, owner.url) == ("Marc Petit", MARC_URL)


# -- connections, skipped lines, the export as a whole ----------------------------------------------


def test_connections_as_the_user_reads_them():
    parsed = parse("linkedin/export_2024")
    first = parsed.contacts[0]
    assert (first.name, first.first_name, first.last_name, first.line) == (
        "Antoine Rousseau",
        "Antoine",
        "Rousseau",
        5,
    )
    assert (first.url, first.connected_on) == (LI + "antoine-rousseau-8f3e21", "2024-01-15")
    assert [(Path(s.file).name, s.line, s.reason) for s in parsed.skipped] == [
        ("Connections.csv", 11, "no name")
    ]
    assert parsed.has_connections


def test_every_field_of_a_2018_connection():
    parsed = parse("linkedin/connections_2018.csv", "Marc Petit")
    contacts = [
        (c.name, c.first_name, c.last_name, c.company, c.position, c.url, c.email, c.connected_on, c.line)
        for c in parsed.contacts
    ]
    assert contacts[:4] == [
        ("Sophie Marchal", "Sophie", "Marchal", "Airbus", "Ingénieure systèmes", "", "", "2018-01-08", 2),
        ("Laurent Giraud", "Laurent", "Giraud", "Thales", "Responsable achats", "", "", "2017-12-03", 3),
        ("Nathalie Roy", "Nathalie", "Roy", "Orange", "Chef de projet digital", "", "", "2017-11-21", 4),
        ("François Lefèvre", "François", "Lefèvre", "Capgemini", "Senior Consultant", "",
         "francois.lefevre@gmail.com", "2017-09-14", 6),
    ]  # fmt: skip
    assert len(contacts) == 8 and contacts[-1][0] == "Pierre Durand"
    assert all(c.file.endswith("linkedin/connections_2018.csv") for c in parsed.contacts)
    assert [(Path(s.file).name, s.line, s.reason) for s in parsed.skipped] == [
        ("connections_2018.csv", 5, "no name")
    ]
    assert parsed.export_date == "2018-01-08"  # no date in the file's name: the latest connection


def test_an_export_without_a_dated_name_is_dated_by_its_latest_exchange():
    """export_2018's latest connection is 2018-01-08; its invitations and messages run later."""
    parsed = parse("linkedin/export_2018", "Marc Petit")
    latest = max(i.at for i in parsed.interactions if i.at)
    assert parsed.export_date == latest[:10] and parsed.export_date > "2018-01-08"
    assert parsed.export_date_known is False


def test_a_hidden_name_is_the_url_s_slug():
    parsed = parse("owner/anonymous/Connections.csv", "Romain Lefort")
    assert [(c.name, c.first_name, c.last_name, c.line) for c in parsed.contacts] == [
        ("Claire Noël", "Claire", "Noël", 5),
        ("thomas-fabre-8b2", "", "", 6),
        ("a-7f3c91", "", "", 7),
    ]
    assert [(s.line, s.reason) for s in parsed.skipped] == [(8, "no name")]
    assert linkedin.url_slug("") == "" and linkedin.url_slug("not a url") == ""


def test_the_export_s_files_read_ignored_and_its_date():
    parsed = parse("linkedin/export_2024")
    assert parsed.files_read[0] == "Profile.csv" and sorted(parsed.files_read) == sorted(
        [
            "Profile.csv",
            "Ad_Targeting.csv",
            "Connections.csv",
            "Endorsement_Received_Info.csv",
            "Invitations.csv",
            "Positions.csv",
            "Recommendations_Received.csv",
            "Skills.csv",
            "messages.csv",
        ]
    )
    assert sorted(parsed.unknown_files) == [
        "Company Follows.csv",
        "Jobs/Job Applications.csv",
        "Logins.csv",
        "Member_Follows_851591050.csv",
    ]
    assert (parsed.export_date, parsed.export_date_known) == ("2024-06-18", False)  # the latest date inside
    assert (parsed.format, parsed.source, parsed.path) == (
        "linkedin",
        "linkedin",
        str(FIXTURES / "linkedin/export_2024"),
    )
    assert parsed.profile == {
        "name": "Claire Dubois",
        "headline": "Directrice Innovation & Partenariats chez Orange | IA, Data & Cybersécurité",
        "industry": "Telecommunications",
    }
    assert [m.group for m in parsed.memberships] == [
        "Cybersécurité France",
        "Data & IA Paris",
        "Women in Tech France",
    ]
    assert all(m.person is None for m in parsed.memberships)
    assert parsed.skills[0] == "Intelligence artificielle" and len(parsed.skills) == 7
    assert [(p.company, p.title, p.started_on, p.finished_on) for p in parsed.positions] == [
        ("Orange", "Directrice Innovation & Partenariats", "2021-09-01", None),
        ("Capgemini", "Manager Data & IA", "2017-03-01", "2021-08-01"),
        ("Thales", "Ingénieure d'études", "2013-09-01", "2017-02-01"),
    ]


def test_every_tie_names_the_file_and_line_it_comes_from():
    """What the user opens to check a tie: the file (as shown in the summary) and the line, on the tie and its peer."""
    parsed = parse("linkedin/export_2024")
    files = {
        "endorsement": "Endorsement_Received_Info.csv",
        "invitation": "Invitations.csv",
        "recommendation": "Recommendations_Received.csv",
        "message": "messages.csv",
    }
    for tie in parsed.interactions:
        assert tie.file == tie.peer.file == str(FIXTURES / "linkedin/export_2024" / files[tie.kind]), tie
        assert tie.line == tie.peer.line > 1, tie


def test_an_excel_re_save_in_a_european_locale_reads_dates_day_first(tmp_path):
    """Recommendations, endorsements and positions re-saved by Excel with `;`: 03/04/2023 is the 3rd of April."""
    write(
        tmp_path,
        "Recommendations_Received.csv",
        "First Name;Last Name;Company;Job Title;Text;Creation Date;Status\r\n"
        "Ana;;Orange;DSI;Top.;03/04/2023 05:28;VISIBLE\r\n",
    )
    write(
        tmp_path,
        "Positions.csv",
        "Company Name;Title;Description;Location;Started On;Finished On\r\n"
        "Orange;DSI;;Paris;01/02/2019;01/08/2021\r\n"
        "Thales;;;Paris;01/09/2013;01/02/2017\r\n",
    )
    write(
        tmp_path,
        "Endorsement_Received_Info.csv",
        "Endorsement Date;Skill Name;Endorser First Name;Endorser Last Name;Endorser Public Url;Endorsement Status\r\n"
        "03/04/2023 11:00;Python;Léo;Brun;www.linkedin.com/in/leo-brun;ACCEPTED\r\n",
    )
    shutil.copy(FIXTURES / "linkedin/connections_2024.csv", tmp_path / "Connections.csv")
    parsed = linkedin.parse(tmp_path, "Marc Petit")
    assert ties(parsed, "recommendation") == [("in", "2023-04-03T05:28:00", "Ana", "", "DSI", 2)]
    ana = next(i.peer for i in parsed.interactions if i.kind == "recommendation")
    assert (ana.first_name, ana.last_name) == ("Ana", "")
    assert [(p.company, p.title, p.started_on, p.finished_on) for p in parsed.positions] == [
        ("Orange", "DSI", "2019-02-01", "2021-08-01"),
        ("Thales", "", "2013-09-01", "2017-02-01"),
    ]
    assert ties(parsed, "endorsement") == [
        ("in", "2023-04-03T11:00:00", "Léo Brun", "www.linkedin.com/in/leo-brun", "Python", 2)
    ]


def test_invitations_re_saved_in_a_european_locale_read_their_dates_day_first(tmp_path):
    """invitations_2024.csv re-saved by Excel with `;` and day-first dates: 03/04/2024 is the 3rd of April
    (the column's 21/03/2024 says so), not LinkedIn's month-first."""
    write(
        tmp_path,
        "Invitations.csv",
        "From;To;Sent At;Message;Direction;inviterProfileUrl;inviteeProfileUrl\r\n"
        f"Marc Petit;Gaëlle Le Cœur;03/04/2024 08:30;;OUTGOING;{MARC_URL};{LI}gaelle-le-coeur\r\n"
        f"Thibault Mercier;Marc Petit;21/03/2024 17:12;;INCOMING;{LI}thibault-mercier;{MARC_URL}\r\n",
    )
    parsed = linkedin.parse(tmp_path / "Invitations.csv", "Marc Petit", MARC_URL)
    assert [(d, at, name) for d, at, name, *_ in ties(parsed, "invitation")] == [
        ("out", "2024-04-03T08:30:00", "Gaëlle Le Cœur"),
        ("in", "2024-03-21T17:12:00", "Thibault Mercier"),
    ]


def test_an_excel_re_save_in_the_us_locale_reads_each_date_column_month_first(tmp_path):
    """Each column's order is decided from its own unambiguous dates: 02/01/2017 beside 08/31/2021 is February."""
    write(
        tmp_path,
        "Positions.csv",
        "Company Name,Title,Description,Location,Started On,Finished On\r\n"
        "Capgemini,Manager,,Paris,03/15/2017,08/31/2021\r\n"
        "Thales,Engineer,,Paris,09/02/2013,02/01/2017\r\n",
    )
    shutil.copy(FIXTURES / "linkedin/connections_2024.csv", tmp_path / "Connections.csv")
    parsed = linkedin.parse(tmp_path, "Marc Petit")
    assert [(p.company, p.started_on, p.finished_on) for p in parsed.positions] == [
        ("Capgemini", "2017-03-15", "2021-08-31"),
        ("Thales", "2013-09-02", "2017-02-01"),
    ]


def test_the_archive_name_dates_the_export():
    parsed = parse("linkedin/Basic_LinkedInDataExport_03-15-2024.zip")
    assert (parsed.export_date, parsed.export_date_known) == ("2024-03-15", True)
    assert parsed.export_owner is not None and parsed.export_owner.name == "Claire Dubois"


def test_a_file_given_alone_under_another_name_is_read_as_connections(tmp_path):
    copy = tmp_path / "mes_contacts.csv"
    shutil.copy(FIXTURES / "linkedin/connections_2021.csv", copy)
    parsed = linkedin.parse(copy, "Marc Petit")
    assert parsed.files_read == ["Connections.csv"] and len(parsed.contacts) == 7
    assert parsed.export_owner is None  # a lone Connections.csv names nobody: --owner stands


def test_a_folder_without_any_linkedin_file_is_refused(tmp_path):
    (tmp_path / "Logins.csv").write_text("Login Date,IP Address\n2024-01-01,127.0.0.1\n", encoding="utf-8")
    with pytest.raises(ImportFormatError) as error:
        linkedin.parse(tmp_path)
    assert error.value.reason == "no LinkedIn export file found (expected Connections.csv)"
    assert error.value.file == str(tmp_path)  # the refusal names what the user gave


def test_a_truncated_messages_file_leaves_the_owner_to_the_invitations(tmp_path):
    """A download cut inside a message's text: the inbox is skipped, and the invitations still say whose
    export it is (the owner is never left to --owner's spelling while the export names her)."""
    export = FIXTURES / "linkedin/export_2024"
    for name in ("Connections.csv", "Invitations.csv"):
        shutil.copy(export / name, tmp_path / name)
    inbox = (export / "messages.csv").read_bytes()
    (tmp_path / "messages.csv").write_bytes(inbox[: inbox.index(b"Merci pour")])
    parsed = linkedin.parse(tmp_path, "Someone Else")
    [skipped] = parsed.skipped_files
    assert Path(skipped.file).name == "messages.csv" and "malformed CSV row" in skipped.reason
    owner = parsed.export_owner
    assert owner is not None and (owner.name, owner.url) == ("Claire Dubois", CLAIRE_URL)
    assert owner.evidence == ["Invitations.csv: the inviter or invitee of 3 of 3 invitations"]


def test_an_export_whose_every_file_fails_names_the_first_failure(tmp_path):
    (tmp_path / "Skills.csv").write_text("Python;\nSQL;\n", encoding="utf-8")
    with pytest.raises(ImportFormatError) as error:
        linkedin.parse(tmp_path, "Marc Petit")
    assert Path(error.value.file).name == "Skills.csv" and error.value.line == 1


def test_file_roles_ignore_case_spaces_and_copies():
    assert linkedin.file_role("Export/Endorsement Received Info.csv") == "endorsement_received_info"
    assert linkedin.file_role("Skills (1).csv") == "skills"
    assert linkedin.file_role("MESSAGES.CSV") == "messages"
    assert linkedin.file_role("Member_Follows_851591050.csv") == ""
    assert linkedin.file_role("Connections.txt") == ""
