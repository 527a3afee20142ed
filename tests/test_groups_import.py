"""Group lists (``graphintro/importers/groups.py``) as a team imports them: who belongs to which group,
with which role, how active, since when; every row a membership or a reported skip.

The fixtures' manifest entries count the memberships and the people; this file checks what those
counts do not: each member's name parts, profile, e-mail, role, posts and join date as stored, the
group's description, and the rows that cannot be a membership."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"


def memberships(db: Path) -> list[tuple]:
    """What the store says of each membership: group, the member's record, role, posts, join date, line."""
    conn = sqlite3.connect(db)
    try:
        return conn.execute(
            "SELECT g.name, r.name, r.first_name, r.last_name, r.company, r.position, r.url, r.email,"
            " m.role, m.posts, m.joined, r.line FROM memberships m JOIN groups g ON g.id = m.group_id"
            " JOIN records r ON r.id = m.record_id ORDER BY g.name, r.line"
        ).fetchall()
    finally:
        conn.close()


def groups(db: Path) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT name, description FROM groups ORDER BY name").fetchall()
    finally:
        conn.close()


def import_groups(cli, path: Path) -> dict:
    result = cli("import", path, "--owner", "Marc Petit", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)["files"][0]


def test_a_french_group_list_gives_each_member_with_role_posts_and_join_date(cli):
    """Windows-1252, ``;``, French headers and roles, dates ``dd/mm/yyyy``: each row as the sheet shows it."""
    path = FIXTURES / "groups/groups_fr.csv"
    summary = import_groups(cli, path)
    assert (summary["path"], summary["format"], summary["memberships"], summary["skipped"]) == (
        str(path),
        "groups",
        9,
        [],
    )
    grand_ouest, lyon = "Réseau Cybersécurité Grand Ouest", "Club Data Lyon"
    loic = ("Loïc Guéguen", "Loïc", "Guéguen", "", "", "https://www.linkedin.com/in/loic-gueguen", "")
    assert memberships(cli.db) == [
        # Loïc is one person in both groups: his second membership is kept on his first row's record.
        (lyon, *loic, "member", 2, "2021-10-21", 3),
        (lyon, "Bérénice Royer", "Bérénice", "Royer", "", "", "https://www.linkedin.com/in/berenice-royer", "",
         "owner", 96, "2017-05-15", 7),
        (lyon, "Rémi Chazal", "Rémi", "Chazal", "", "", "https://www.linkedin.com/in/remi-chazal", "",
         "manager", 27, "2018-02-18", 8),
        (lyon, "Inès Faure", "Inès", "Faure", "", "", "", "ines.faure@example.fr", "member", 1, "2024-04-30", 10),
        (grand_ouest, "Gwenaëlle Le Floc\u2019h", "Gwenaëlle", "Le Floc\u2019h", "", "",
         "https://www.linkedin.com/in/gwenaelle-le-floch", "", "owner", 158, "2015-03-14", 2),
        (grand_ouest, *loic, "manager", 44, "2016-09-22", 3),
        (grand_ouest, "Maël Tanguy", "Maël", "Tanguy", "", "", "", "mael.tanguy@example.fr",
         "member", 3, "2020-01-17", 4),
        (grand_ouest, "Solène Hervé", "Solène", "Hervé", "", "", "https://www.linkedin.com/in/solene-herve", "",
         "member", 0, "2023-06-29", 5),
        (grand_ouest, "Noël Bréhier", "Noël", "Bréhier", "", "", "https://www.linkedin.com/in/noel-brehier", "",
         "member", 11, "2019-11-13", 6),
    ]  # fmt: skip
    # A group's description is the first one its rows give (a ";" inside quotes kept).
    assert groups(cli.db) == [
        (lyon, "Data scientist, Sopra Steria"),
        (grand_ouest, "Experte cybersécurité, CERT régional ; formatrice"),
    ]


def test_an_english_group_list_names_members_by_their_full_name_column(cli):
    path = FIXTURES / "groups/groups_en.csv"
    summary = import_groups(cli, path)
    assert (summary["path"], summary["memberships"], summary["skipped"]) == (str(path), 10, [])
    cyber, data = "Cybersécurité France", "Data & IA Paris"
    claire = ("Claire Dubois", "", "", "", "", "https://www.linkedin.com/in/claire-dubois-1a2b3c", "")
    assert memberships(cli.db) == [
        (cyber, "Inès Benali", "", "", "", "", "https://www.linkedin.com/in/ines-benali-cyber", "",
         "owner", 212, "2016-03-14", 2),
        (cyber, "Yann Kerjean", "", "", "", "", "https://www.linkedin.com/in/yann-kerjean", "",
         "manager", 87, "2017-09-02", 3),
        (cyber, *claire, "member", 3, "2021-10-11", 4),
        (cyber, "Karim Haddad", "", "", "", "", "https://www.linkedin.com/in/karim-haddad-airbus", "",
         "member", 12, "2019-05-23", 5),
        (cyber, "Lucie Marchand", "", "", "", "", "", "lucie.marchand@example.fr", "member", 0, "2023-01-30", 6),
        (cyber, "Romain Giraud", "", "", "", "", "https://www.linkedin.com/in/romain-giraud-secu", "",
         "member", 5, "2022-06-17", 7),
        (data, *claire, "member", 8, "2021-10-12", 4),
        (data, "Antoine Rousseau", "", "", "", "", "https://www.linkedin.com/in/antoine-rousseau-8f3e21", "",
         "owner", 64, "2018-11-05", 8),
        (data, "Sarah Cohen", "", "", "", "", "https://www.linkedin.com/in/sarah-cohen-3ds", "",
         "manager", 31, "2019-02-18", 9),
        (data, "Mehdi Ziani", "", "", "", "", "https://www.linkedin.com/in/mehdi-ziani", "",
         "member", 2, "2024-03-29", 11),
    ]  # fmt: skip
    assert groups(cli.db) == [
        (cyber, "RSSI chez Thales, experte en cybersécurité industrielle et cloud souverain"),
        (data, "Data & IA chez Capgemini"),
    ]


def test_a_team_s_own_sheet_every_row_a_membership_or_a_skip_with_its_reason(cli, tmp_path):
    """A sheet a team keeps by hand: its own header spellings, a member's company and job, roles in
    words, posts as a spreadsheet writes numbers, join dates whose order the column decides (16/09 is
    day-first, so 07/09 is 7 September), and rows without a group or a name reported on their line."""
    path = tmp_path / "clubs.csv"
    path.write_text(
        "Group,First Name,Last Name,Company,Title,Profile URL,E-mail,Role,Posts,Since\n"
        "Club RSSI,Anne,Martin,Alterys,RSSI,https://www.linkedin.com/in/anne-martin,anne@alterys.fr,"
        'Modérateur,"3,0",07/09/2021\n'
        "Club RSSI,Paul,Roy,,,,,Fondateur,n/a,16/09/2021\n"
        ",Léa,Blanc,Orange,,,,member,1,\n"
        "Club RSSI,,,Thales,,https://www.linkedin.com/in/sans-nom,,member,2,\n"
        ",,,,,,,,,\n"
        "Club RSSI,Zoé,Petit,,,,,co-admin,-4,\n"
        "Club RSSI,Hugo,,,,,,Trésorier,12,\n",
        encoding="utf-8",
    )
    summary = import_groups(cli, path)
    assert summary["memberships"] == 4
    assert [(s["file"], s["line"], s["reason"]) for s in summary["skipped"]] == [
        (str(path), 4, "no group"),
        (str(path), 5, "no name"),
        (str(path), 6, "no group"),
    ]
    assert memberships(cli.db) == [
        ("Club RSSI", "Anne Martin", "Anne", "Martin", "Alterys", "RSSI", "https://www.linkedin.com/in/anne-martin",
         "anne@alterys.fr", "manager", 3, "2021-09-07", 2),
        ("Club RSSI", "Paul Roy", "Paul", "Roy", "", "", "", "", "owner", 0, "2021-09-16", 3),
        ("Club RSSI", "Zoé Petit", "Zoé", "Petit", "", "", "", "", "manager", 0, None, 7),
        ("Club RSSI", "Hugo", "Hugo", "", "", "", "", "", "member", 12, None, 8),
    ]  # fmt: skip


def test_posts_written_with_thousands_separators_are_counted_whole(cli, tmp_path):
    """A spreadsheet writes a large count as it shows it: ``1 234`` in French (a no-break space, or
    the narrow one of recent versions), ``"1,234"`` in English, ``1.234`` in German. The group's most
    active member is the one who posted 1,234 times, not 1 or 0 times."""
    path = tmp_path / "clubs.csv"
    path.write_text(
        "groupe;prénom;nom;rôle;publications\n"
        "Club RSSI;Anne;Martin;membre;1\u00a0234\n"
        "Club RSSI;Paul;Roy;membre;2\u202f500\n"
        "Club RSSI;Léa;Blanc;membre;1.234\n"
        "Club RSSI;Hugo;Petit;membre;1,234\n"
        "Club RSSI;Zoé;Leroy;membre;3,0\n"
        "Club RSSI;Ana;Roux;membre;12 345 678\n",
        encoding="utf-8",
    )
    import_groups(cli, path)
    assert [(name, posts) for (_, name, *_, posts, _, _) in memberships(cli.db)] == [
        ("Anne Martin", 1234),
        ("Paul Roy", 2500),
        ("Léa Blanc", 1234),
        ("Hugo Petit", 1234),
        ("Zoé Leroy", 3),
        ("Ana Roux", 12345678),
    ]


def test_a_list_of_just_groups_and_members_is_imported(cli, tmp_path):
    """The least a team writes down: a group and a member per row, nothing else."""
    path = tmp_path / "clubs.csv"
    path.write_text("Groupe;Membre\nClub RSSI;Anne Martin\nClub RSSI;Paul Roy\n", encoding="utf-8")
    summary = import_groups(cli, path)
    assert (summary["format"], summary["memberships"]) == ("groups", 2)
    assert [(group, name, role) for (group, name, *_, role, _, _, _) in memberships(cli.db)] == [
        ("Club RSSI", "Anne Martin", "member"),
        ("Club RSSI", "Paul Roy", "member"),
    ]


def test_join_dates_are_read_in_the_order_of_the_sheet_that_wrote_them(cli, tmp_path):
    """A US sheet writes 09/16/2021, so its 07/09/2021 is 9 July; a French one (``;``) writes 07/09/21
    for 7 September. The column decides, not each cell on its own."""
    us, fr = tmp_path / "us" / "clubs.csv", tmp_path / "fr" / "clubs.csv"
    us.parent.mkdir()
    fr.parent.mkdir()
    us.write_text(
        "group,name,joined\nRSSI Club,Anne Martin,09/16/2021\nRSSI Club,Paul Roy,07/09/2021\n", "utf-8"
    )
    fr.write_text("groupe;nom complet;adhésion\nClub RSSI;Léa Blanc;07/09/21\n", "utf-8")
    import_groups(cli, us)
    import_groups(cli, fr)
    assert {name: joined for (_, name, *_, joined, _) in memberships(cli.db)} == {
        "Anne Martin": "2021-09-16",
        "Paul Roy": "2021-07-09",
        "Léa Blanc": "2021-09-07",
    }


def test_a_sheet_forced_as_a_group_list_without_a_group_column_is_refused_naming_it(cli, tmp_path):
    """A team's sheet whose group column has a heading graphintro does not know ("Communauté"), forced
    with ``--format groups``: refused at its header, naming the missing column, and nothing stored; not
    imported with every row skipped as "no group", which would leave the user to guess why."""
    path = tmp_path / "membres.csv"
    path.write_text(
        "Communauté;Prénom;Nom;Rôle;Publications\nClub RSSI;Anne;Martin;Modérateur;12\n", encoding="utf-8"
    )
    result = cli("import", path, "--format", "groups", "--owner", "Marc Petit")
    assert (result.exit_code, result.output.strip()) == (
        2,
        f"graphintro: {path}:1: missing column(s): group",
    )
    assert json.loads(cli("people", "--json").output)["people"] == []
