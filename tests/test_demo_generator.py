"""The synthetic team generator: deterministic, real formats, and the planted scenarios where promised."""

from __future__ import annotations

import csv
import io
import quopri
import re
import zipfile
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import pytest

from graphintro.demo import (
    CONNECTIONS_HEADER,
    EARLIER_EXPORT_NAME,
    EXPORT_NAME,
    FRENCH_CSV_HEADER,
    GROUPS_HEADER,
    MESSAGES_HEADER_2026,
    MESSAGES_HEADER_DEC_2024,
    Team,
    generate_team,
)

PREAMBLE_LINES = [
    "Notes:",
    (
        '"When exporting your connection data, you may notice that some of the email addresses are missing. '
        "You will only see email addresses for connections who have allowed their connections to see or download "
        "their email address using this setting https://www.linkedin.com/psettings/privacy/email. You can learn "
        'more here https://www.linkedin.com/help/linkedin/answer/261"'
    ),
    "",
]
NOW = date(2026, 11, 2)


@pytest.fixture(scope="module")
def team(tmp_path_factory: pytest.TempPathFactory) -> Team:
    return generate_team(tmp_path_factory.mktemp("team"), members=5, contacts=300, seed=7, history=True)


def _archive(team: Team, key: str, name: str = EXPORT_NAME) -> zipfile.ZipFile:
    member = next(m for m in team.members if m.name == team.planted[key])
    return zipfile.ZipFile(next(f for f in member.files if f.name == name))


def _connections(archive: zipfile.ZipFile) -> list[dict[str, str]]:
    text = archive.read("Connections.csv").decode("utf-8")
    return list(csv.DictReader(io.StringIO(text.split("\n", 3)[3])))


def _messages(archive: zipfile.ZipFile) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(archive.read("messages.csv").decode("utf-8"))))


def _csv(archive: zipfile.ZipFile, name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8"))))


def _names(rows: list[dict[str, str]]) -> Counter:
    return Counter(f"{r['First Name']} {r['Last Name']}" for r in rows)


def _connected_on(rows: list[dict[str, str]], name: str) -> date:
    row = next(r for r in rows if f"{r['First Name']} {r['Last Name']}" == name)
    return datetime.strptime(row["Connected On"], "%d %b %Y").date()


def _exchanged(messages: list[dict[str, str]], name: str) -> tuple[int, int, date | None]:
    """Messages from and to ``name`` and the date of the latest one."""
    mine = [m for m in messages if name in (m["FROM"], m["TO"])]
    latest = max((m["DATE"][:10] for m in mine), default=None)
    return (
        sum(m["FROM"] == name for m in mine),
        sum(m["TO"] == name for m in mine),
        date.fromisoformat(latest) if latest else None,
    )


def _all_files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


# ---------------------------------------------------------------------------------------------- determinism


def test_same_seed_gives_identical_bytes(tmp_path: Path) -> None:
    first = generate_team(tmp_path / "a", members=5, contacts=120, seed=11, history=True)
    generate_team(tmp_path / "b", members=5, contacts=120, seed=11, history=True)
    a, b = _all_files(tmp_path / "a"), _all_files(tmp_path / "b")
    assert a.keys() == b.keys() and len(a) == 9  # 5 + 1 earlier archives, vCard, French CSV, groups
    assert [name for name in a if a[name] != b[name]] == []
    assert first.planted["user"] == "Camille Rousseau"


def test_other_seed_gives_other_people(tmp_path: Path) -> None:
    generate_team(tmp_path / "a", members=3, contacts=60, seed=1)
    generate_team(tmp_path / "b", members=3, contacts=60, seed=2)
    assert (tmp_path / "a" / "groups.csv").read_bytes() != (tmp_path / "b" / "groups.csv").read_bytes()


def test_history_does_not_change_the_current_export(tmp_path: Path) -> None:
    with_history = generate_team(tmp_path / "a", members=4, contacts=80, seed=5, history=True)
    without = generate_team(tmp_path / "b", members=4, contacts=80, seed=5)
    assert [f.name for f in with_history.members[0].files] == [EARLIER_EXPORT_NAME, EXPORT_NAME]
    assert [f.name for f in without.members[0].files] == [EXPORT_NAME]
    assert with_history.members[0].files[1].read_bytes() == without.members[0].files[0].read_bytes()


# ---------------------------------------------------------------------------------------------- layout


def test_team_layout(team: Team) -> None:
    assert len(team.members) == 5
    assert team.groups_file == team.root / "groups.csv"
    for index, member in enumerate(team.members):
        assert member.url.startswith("https://www.linkedin.com/in/")
        assert member.files[-1 if index not in (2, 3) else -2].name == EXPORT_NAME
        assert all(f.exists() and f.parent == team.root / member.url.rsplit("/", 1)[1] for f in member.files)
    assert team.members[2].files[-1].name == "viadeo.vcf"
    assert team.members[3].files[-1].name == "contacts.csv"
    assert team.members[1].company == team.members[0].company == team.planted["team_company"]


def test_small_teams_have_no_stories(tmp_path: Path) -> None:
    team = generate_team(tmp_path, members=2, contacts=40, seed=3)
    assert set(team.planted) == {"user", "team_company"}
    assert [len(m.files) for m in team.members] == [1, 1]


def test_members_appear_in_each_others_connections(team: Team) -> None:
    urls = {m.url for m in team.members}
    for member in team.members:
        with zipfile.ZipFile(
            member.files[-1] if member.files[-1].suffix == ".zip" else member.files[-2]
        ) as zf:
            known = {r["URL"] for r in _connections(zf)} & urls
        assert len(known - {member.url}) > 0.5 * (len(team.members) - 1), member.name  # "most teammates"


# ---------------------------------------------------------------------------------------------- formats


def test_connections_format(team: Team) -> None:
    with _archive(team, "user") as archive:
        raw = archive.read("Connections.csv")
        names = archive.namelist()
    text = raw.decode("utf-8")
    assert not raw.startswith(b"\xef\xbb\xbf") and "\r" not in text and not text.endswith("\n")
    lines = text.split("\n")
    assert lines[:3] == PREAMBLE_LINES
    assert lines[3] == ",".join(CONNECTIONS_HEADER)
    rows = list(csv.reader(io.StringIO("\n".join(lines[4:]))))
    assert all(re.fullmatch(r"\d\d [A-Z][a-z]{2} \d{4}", r[6]) for r in rows)
    assert any(not any(r[:6]) for r in rows), "rows empty except Connected On"
    assert sum(bool(r[3]) for r in rows) < len(rows) * 0.1, "Email Address mostly empty"
    assert {
        "Connections.csv",
        "messages.csv",
        "Invitations.csv",
        "Endorsement_Received_Info.csv",
        "Recommendations_Received.csv",
        "Positions.csv",
        "Profile.csv",
        "Skills.csv",
        "Ad_Targeting.csv",
    } <= set(names)


def test_connections_quirks_across_team(team: Team) -> None:
    texts = []
    for member in team.members:
        with zipfile.ZipFile(next(f for f in member.files if f.name == EXPORT_NAME)) as archive:
            texts.append(archive.read("Connections.csv").decode("utf-8"))
    joined = "\n".join(texts)
    assert re.search(r'"[^"\n]*, [^"\n]*"', joined.split("Connected On", 1)[1]), "a quoted comma"
    assert re.search(r"[\U0001F300-\U0001FAFF]", joined), "an emoji"
    assert re.search(r"\u00e9|\u00eb|\u00ef", joined), "accents"


def test_message_layouts(team: Team) -> None:
    with _archive(team, "user") as archive:
        camille = archive.read("messages.csv").decode("utf-8")
    with _archive(team, "introducer") as archive:
        david = archive.read("messages.csv").decode("utf-8")
    assert camille.split("\n", 1)[0] == ",".join(f'"{h}"' for h in MESSAGES_HEADER_2026)
    assert david.split("\n", 1)[0] == ",".join(MESSAGES_HEADER_DEC_2024)
    rows = list(csv.DictReader(io.StringIO(camille)))
    assert any("\n" in r["CONTENT"] for r in rows), "multi-line contents"
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC", r["DATE"]) for r in rows)
    sponsored = [r for r in rows if r["FROM"] == "LinkedIn Member"]
    assert sponsored and all(r["SENDER PROFILE URL"] == "" for r in sponsored)


def test_other_linkedin_files(team: Team) -> None:
    with _archive(team, "introducer") as archive:
        endorsements = _csv(archive, "Endorsement_Received_Info.csv")
        invitations = archive.read("Invitations.csv").decode("utf-8")
        positions = _csv(archive, "Positions.csv")
        targeting = archive.read("Ad_Targeting.csv").decode("utf-8")
        recommendations = _csv(archive, "Recommendations_Received.csv")
    assert all(e["Endorser Public Url"].startswith("www.linkedin.com/in/") for e in endorsements)
    assert all(
        re.fullmatch(r"\d{4}/\d\d/\d\d \d\d:\d\d:\d\d UTC", e["Endorsement Date"]) for e in endorsements
    )
    assert invitations.startswith("From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n")
    assert 2 <= len(positions) <= 4 and positions[0]["Finished On"] == ""
    assert all(re.fullmatch(r"[A-Z][a-z]{2} \d{4}", p["Started On"]) for p in positions)
    header, row = list(csv.reader(io.StringIO(targeting)))
    assert header.count("Job Titles") == 3 and header.count("Company Names") == 3 and len(row) == len(header)
    assert "; " in row[header.index("Member Groups")]
    assert all(
        re.fullmatch(r"\d{1,2}/\d{1,2}/\d\d, \d\d:\d\d [AP]M", r["Creation Date"]) for r in recommendations
    )


def test_viadeo_vcard_format(team: Team) -> None:
    raw = team.members[2].files[-1].read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    text = raw.decode("iso-8859-1")
    assert text.startswith("BEGIN:VCARD\r\nVERSION:2.1\r\n") and "\n" not in text.replace("\r\n", "")
    assert "Île-de-France" in text, "raw 8-bit ISO-8859-1 property"
    fn_lines = [
        line for line in text.split("\r\n") if line.startswith("FN;CHARSET=ISO-8859-1;ENCODING=QUOTED")
    ]
    names = {
        quopri.decodestring(line.split(":", 1)[1].encode("ascii")).decode("iso-8859-1") for line in fn_lines
    }
    assert team.planted["expert"] in names
    assert "FN:Thomas Martin" in text


def test_french_csv_format(team: Team) -> None:
    raw = team.members[3].files[-1].read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    text = raw.decode("cp1252")
    lines = text.split("\r\n")
    assert lines[0] == ";".join(FRENCH_CSV_HEADER)
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))[1:]
    assert len(rows) > 20 and all(len(r) == 6 for r in rows)
    assert any(r[1].isupper() and len(r[1]) > 2 for r in rows), "last names in capitals"
    assert any(r[5] and not r[5].startswith("https://www.") for r in rows), "URL variants"


def test_groups_file(team: Team) -> None:
    text = team.groups_file.read_text("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert text.split("\n", 1)[0] == ",".join(GROUPS_HEADER)
    groups = {r["group"] for r in rows}
    assert len(groups) == 8 and team.planted["expert_group"] in groups
    assert {r["role"] for r in rows} == {"owner", "manager", "member"}
    for group in groups:
        mine = [r for r in rows if r["group"] == group]
        assert len({r["description"] for r in mine}) == 1
        assert sum(r["role"] == "owner" for r in mine) == 1
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d", r["joined"]) and r["posts"].isdigit() for r in rows)
    expert = [
        r for r in rows if r["name"] == team.planted["expert"] and r["group"] == team.planted["expert_group"]
    ]
    assert expert and expert[0]["role"] == "owner" and int(expert[0]["posts"]) >= 100


# ---------------------------------------------------------------------------------------------- scenarios


def test_introducer_is_a_strong_tie_of_the_user(team: Team) -> None:
    introducer = team.planted["introducer"]
    with _archive(team, "user") as archive:
        rows, messages = _connections(archive), _messages(archive)
        recommendations = _csv(archive, "Recommendations_Received.csv")
        endorsements = _csv(archive, "Endorsement_Received_Info.csv")
    assert _connected_on(rows, introducer).year == 2019
    sent, received, latest = _exchanged(messages, introducer)
    assert sent >= 12 and received >= 12 and (NOW - latest).days <= 7
    assert introducer in _names(recommendations)
    assert introducer in {f"{e['Endorser First Name']} {e['Endorser Last Name']}" for e in endorsements}


def test_weak_introducer_is_new_and_silent(team: Team) -> None:
    kevin = team.planted["weak_introducer"]
    with _archive(team, "user") as archive:
        rows, messages = _connections(archive), _messages(archive)
        endorsements = _csv(archive, "Endorsement_Received_Info.csv")
    assert _connected_on(rows, kevin) == date(2026, 10, 27)
    assert _exchanged(messages, kevin)[:2] == (0, 0)
    assert kevin not in {f"{e['Endorser First Name']} {e['Endorser Last Name']}" for e in endorsements}


def test_target_strong_via_introducer_weak_via_kevin_absent_for_user(team: Team) -> None:
    target = team.planted["target"]
    with _archive(team, "introducer") as archive:
        david_rows, david_messages = _connections(archive), _messages(archive)
        recommendations = _csv(archive, "Recommendations_Received.csv")
    with _archive(team, "weak_introducer") as archive:
        kevin_rows, kevin_messages = _connections(archive), _messages(archive)
    with _archive(team, "user") as archive:
        camille_rows = _connections(archive)
    row = next(r for r in david_rows if f"{r['First Name']} {r['Last Name']}" == target)
    assert (row["Company"], row["Position"]) == (team.planted["target_company"], "Directrice des achats")
    assert _connected_on(david_rows, target).year == 2018
    sent, received, latest = _exchanged(david_messages, target)
    assert sent >= 10 and received >= 10 and (NOW - latest).days <= 30
    assert target in _names(recommendations)
    assert _connected_on(kevin_rows, target) == date(2026, 10, 20)
    assert kevin_messages == []
    assert target not in _names(camille_rows)
    assert all(r["Company"] != team.planted["target_company"] for r in camille_rows)


def test_colleagues_of_the_target_are_reachable_through_teammates(team: Team) -> None:
    seen: Counter = Counter()
    for member in team.members[1:]:
        with zipfile.ZipFile(next(f for f in member.files if f.name == EXPORT_NAME)) as archive:
            seen.update(
                r["Position"] for r in _connections(archive) if r["Company"] == team.planted["target_company"]
            )
    assert {"VP Sales", "Head of Engineering", "Directrice des achats"} <= set(seen)


def test_expert_and_decoy(team: Team) -> None:
    expert, decoy = team.planted["expert"], team.planted["decoy"]
    with _archive(team, "introducer") as archive:
        rows = _connections(archive)
        given = _csv(archive, "Endorsement_Given_Info.csv")
    row = next(r for r in rows if f"{r['First Name']} {r['Last Name']}" == expert)
    assert row["Position"].startswith("RSSI")
    assert {"Cybersécurité", "ISO 27001"} <= {
        g["Skill Name"] for g in given if f"{g['Endorsee First Name']} {g['Endorsee Last Name']}" == expert
    }
    with _archive(team, "user") as archive:
        row = next(r for r in _connections(archive) if f"{r['First Name']} {r['Last Name']}" == decoy)
    assert row["Company"] == team.planted["decoy_company"] and "cyber" in row["Company"].lower()
    assert "cyber" not in row["Position"].lower()
    assert team.planted["topic"] == "cybersécurité"


def test_shallow_and_deep_members(team: Team) -> None:
    with _archive(team, "shallow_member") as archive:
        shallow, shallow_messages = _connections(archive), _messages(archive)
    with _archive(team, "deep_member") as archive:
        deep, deep_messages = _connections(archive), _messages(archive)
    assert len(shallow) > 1.6 * len(deep) / 1.2
    recent = [
        r for r in shallow if (NOW - datetime.strptime(r["Connected On"], "%d %b %Y").date()).days <= 31
    ]
    assert len(recent) >= 0.9 * len(shallow)
    companies = Counter(r["Company"] for r in shallow if r["Company"])
    assert sum(n for _, n in companies.most_common(3)) >= 0.95 * sum(companies.values())
    assert shallow_messages == []
    years = [datetime.strptime(r["Connected On"], "%d %b %Y").year for r in deep]
    assert sum(y <= 2020 for y in years) >= 0.3 * len(years)
    assert len({r["Company"] for r in deep}) >= 30
    bosses = re.compile(r"Direct|VP|Head of|DRH|CTO|DSI|CEO|RSSI|DAF|CFO|CMO")
    assert sum(bool(bosses.search(r["Position"])) for r in deep) >= 0.15 * len(deep)
    talked = Counter(m["FROM"] for m in deep_messages if m["FROM"] != team.planted["deep_member"])
    assert len(talked) >= 50


def test_namesakes_are_different_people(team: Team) -> None:
    with _archive(team, "user") as archive:
        row = next(
            r for r in _connections(archive) if f"{r['First Name']} {r['Last Name']}" == "Thomas Martin"
        )
    assert row["Company"] == "Orange" and row["URL"]
    french = list(
        csv.reader(io.StringIO(team.members[3].files[-1].read_bytes().decode("cp1252")), delimiter=";")
    )
    twin = [r for r in french if r[0] == "Thomas" and r[1].lower() == "martin" and r[2] == "Capgemini"]
    assert twin and twin[0][5] == "", "the Capgemini Thomas Martin has no URL: only name + company"


def test_history_snapshot(team: Team) -> None:
    with _archive(team, "user", EARLIER_EXPORT_NAME) as archive:
        earlier = {r["URL"]: r for r in _connections(archive) if r["URL"]}
    with _archive(team, "user") as archive:
        later = {r["URL"]: r for r in _connections(archive) if r["URL"]}
    new = later.keys() - earlier.keys()
    lost = earlier.keys() - later.keys()
    assert len(new) >= 4 and team.members[-1].url in new
    assert len(lost) >= 3
    changed = [
        u
        for u in earlier.keys() & later.keys()
        if (earlier[u]["Company"], earlier[u]["Position"]) != (later[u]["Company"], later[u]["Position"])
    ]
    assert 2 <= len(changed) <= 3
    assert {f"{later[u]['First Name']} {later[u]['Last Name']}" for u in changed} == set(
        team.planted["job_changes"].split("; ")
    )
