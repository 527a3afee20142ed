"""`graphintro path` on the demo team: who can introduce Camille Rousseau to Zoé Fontaine?"""

import json
import math
import os
import subprocess
import sys

from graphintro.cli import app
from graphintro.graph import load_graph
from graphintro.people import resolve_person
from graphintro.store import Store


def path_json(runner, db, *args):
    result = runner.invoke(app, ["--db", str(db), "path", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)["paths"]


def names(path):
    return [p["name"] for p in path["people"]]


def test_close_colleague_beats_new_silent_contact(runner, demo_db, team):
    paths = path_json(runner, demo_db, team["user"], team["target"], "-k", "10")
    assert names(paths[0]) == [team["user"], team["introducer"], team["target"]]
    evidence = " ".join(paths[0]["links"][1]["evidence"])
    assert "messages both ways" in evidence and "recommended" in evidence
    # The target is also a new, silent contact of Kevin: that path exists, and is worth less.
    with Store(demo_db) as store:
        user, weak, target = (resolve_person(store, team[k]) for k in ("user", "weak_introducer", "target"))
        graph = load_graph(store)
        weak_probability = graph.strength_between(user, weak) * graph.strength_between(weak, target)
    assert 0 < weak_probability < paths[0]["probability"] / 3
    only_weak = path_json(
        runner, demo_db, team["user"], team["target"], "--max-hops", "2", "--avoid", team["introducer"]
    )
    assert [team["user"], team["weak_introducer"], team["target"]] in [names(p) for p in only_weak]


def test_json_probability_is_the_product_of_link_strengths(runner, demo_db, team):
    paths = path_json(runner, demo_db, team["user"], team["target"], "-k", "5")
    assert len(paths) == 5
    for path in paths:
        assert path["hops"] == len(path["links"]) == len(path["people"]) - 1 <= 4
        assert math.isclose(path["probability"], math.prod(link["strength"] for link in path["links"]))
        assert all(0 < link["strength"] <= 1 and link["evidence"] for link in path["links"])
        assert set(path["people"][0]) == {"id", "name", "company", "position"}
        assert len({p["id"] for p in path["people"]}) == len(path["people"])
    assert [p["probability"] for p in paths] == sorted((p["probability"] for p in paths), reverse=True)


def test_human_output_names_the_first_ask(runner, demo_db, team):
    result = runner.invoke(app, ["--db", str(demo_db), "path", team["user"], team["target"]])
    assert result.exit_code == 0
    assert f"ask your teammate {team['introducer']}, who knows {team['target']}" in result.output
    assert f"weakest link: {team['introducer']} – {team['target']}" in result.output


def test_avoid_is_honoured(runner, demo_db, team):
    paths = path_json(runner, demo_db, team["user"], team["target"], "--avoid", team["introducer"], "-k", "5")
    assert all(team["introducer"] not in names(p) for p in paths)


def test_company_target_without_accents_and_title_filter(runner, demo_db, team):
    paths = path_json(runner, demo_db, team["user"], "--company", "aeroline SYSTEMES", "-k", "5")
    assert {p["people"][-1]["company"] for p in paths} == {team["target_company"]}
    vp = path_json(runner, demo_db, team["user"], "--company", "Aéroline Systèmes", "--title", "VP|Head")
    assert all(any(w in p["people"][-1]["position"] for w in ("VP", "Head")) for p in vp)


def test_team_source(runner, demo_db, team):
    paths = path_json(runner, demo_db, "--team", team["target"])
    assert paths[0]["people"][0]["name"] == team["introducer"]
    assert paths[0]["hops"] == 1


def write_connections(path, rows):
    header = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    path.write_text(
        header + "\n".join(",".join(r[:3]) + f",,{r[3]},Engineer,04 Jul 2023" for r in rows), encoding="utf-8"
    )
    return path


def test_unreachable_within_hop_limit_exits_1(cli, tmp_path):
    alice = write_connections(
        tmp_path / "alice.csv", [("Xavier", "Petit", "https://www.linkedin.com/in/xp", "Orange")]
    )
    bob = write_connections(
        tmp_path / "bob.csv",
        [
            ("Yasmine", "Haddad", "https://www.linkedin.com/in/yh", "Thales"),
            ("Alice", "Martin", "https://www.linkedin.com/in/am", "Acme"),
        ],
    )
    assert (
        cli(
            "import", alice, "--owner", "Alice Martin", "--owner-url", "https://www.linkedin.com/in/am"
        ).exit_code
        == 0
    )
    assert cli("import", bob, "--owner", "Bob Durand").exit_code == 0
    assert cli("path", "Alice Martin", "Yasmine Haddad", "--max-hops", "2").exit_code == 0
    result = cli("path", "Alice Martin", "Yasmine Haddad", "--max-hops", "1")
    assert result.exit_code == 1
    assert "no introduction path from Alice Martin to Yasmine Haddad within 1 hops" in result.output


def test_ambiguous_name_exits_2_and_lists_candidates(runner, demo_db, team):
    result = runner.invoke(app, ["--db", str(demo_db), "path", team["user"], team["namesake"]])
    assert result.exit_code == 2
    assert "ambiguous" in result.output and result.output.count("#") >= 2


def test_manual_rating_overrides_strength(runner, demo_db, team):
    before = path_json(runner, demo_db, team["user"], team["target"])[0]
    assert names(before)[1] == team["introducer"]
    rated = runner.invoke(
        app,
        ["--db", str(demo_db), "tie", "rate", team["introducer"], team["target"], "1", "--note", "fell out"],
    )
    assert rated.exit_code == 0, rated.output
    after = path_json(runner, demo_db, team["user"], team["target"], "-k", "10")
    link = next(p for p in after if names(p) == names(before))["links"][1]
    assert link["strength"] == 0.1 and link["evidence"][0] == "rated 1/5 by hand: fell out"
    assert names(after[0]) != names(before)


# Companies as exports write them: accents, capitals, legal forms before, after and between, a
# company inside another's name, punctuation.
COMPANIES = [
    "Aéroline Systèmes SAS",
    "AEROLINE",
    "Aéroline-Systèmes Paris",
    "Systèmes Aéroline",
    "Société Générale",
    "SOCIETE GENERALE SA",
    "Société Générale Assurances",
    "Générale des Eaux",
    "SA Conseil",
    "Conseil, S.A.",
    "Lumi Digital",
    "Digital Lumi",
    "Œuvre d'Art S.A.",
    "SAS",
]
QUERIES = [
    "aeroline SYSTEMES",
    "Aéroline",
    "aéroline sas",
    "Société Générale",
    "generale",
    "Generale SA",
    "conseil",
    "Lumi Digital",
    "digital",
    "oeuvre d art",
    "SA",
    "S.A.",
    "Eaux de Paris",
]


def test_company_people_are_those_whose_company_holds_the_name_as_whole_words(cli, tmp_path):
    """``path --company`` (and ``experts --company``) find the people whose company, folded, is the
    name or holds it as whole words: read from the companies' keys, they are exactly the people the
    rule finds over everyone, merged people left out."""
    from graphintro.backends.local import company_people
    from graphintro.identity import fold
    from graphintro.people import merge_people

    rows = [
        f'Ann{i},Lee{i},https://www.linkedin.com/in/p{i},,"{company}",{title},01 Jan 2024'
        for i, (company, title) in enumerate(
            (company, title) for company in COMPANIES for title in ("Head of Sales", "Engineer")
        )
    ]
    export = tmp_path / "Connections.csv"
    export.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n" + "\n".join(rows) + "\n",
        encoding="utf-8",
    )
    result = cli("import", str(export), "--owner", "Camille Rousseau")
    assert result.exit_code == 0, result.output
    with Store(cli.db) as store:
        ann = dict(store.conn.execute("SELECT name, id FROM people").fetchall())
        merge_people(store, ann["Ann0 Lee0"], ann["Ann1 Lee1"])  # both at Aéroline Systèmes SAS
        everyone = store.conn.execute("SELECT id, company, position FROM people ORDER BY id").fetchall()
        merged = {ann["Ann1 Lee1"]}

        def by_rule(name: str, title: str | None) -> list[int]:
            key, words = fold(name), [fold(w) for w in (title or "").split("|") if fold(w)]
            return [
                person
                for person, company, position in everyone
                if company
                and person not in merged
                and (fold(company) == key or f" {key} " in f" {fold(company)} ")
                and (not words or any(f" {w} " in f" {fold(position)} " for w in words))
            ]

        found = {}
        for name in QUERIES:
            for title in (None, "head|VP"):
                found[name, title] = company_people(store, name, title)
                assert found[name, title] == by_rule(name, title), (name, title)
    assert len(found["Aéroline", None]) == 7  # (four companies, two people each, one merged)
    assert len(found["Société Générale", "head|VP"]) == 3
    assert len(found["SA", None]) == 4 and found["Eaux de Paris", None] == []


# A plain path question is answered without typer (graphintro.cli.path_line); typer's own parse must
# give the same bytes and exit code, for answers, "no path", usage and lookup errors alike.
AS_TYPER = "import sys; from graphintro.cli import app; sys.argv = ['graphintro', *sys.argv[1:]]; app(prog_name='graphintro')"
AS_MAIN = (
    "import atexit, os, sys; from graphintro.cli import main\n"
    "atexit.register(lambda: os.write(int(os.environ['TAKEN_FD']), b'typer' if 'typer' in sys.modules else b'plain'))\n"
    "sys.argv = ['graphintro', *sys.argv[1:]]; main()"
)


def _process(code: str, args: list[str]) -> tuple[int, str, str, str]:
    """Exit code, stdout, stderr, and whether typer was imported (main only), of one process."""
    read, write = os.pipe()
    try:
        result = subprocess.run(
            [sys.executable, "-c", code, *args],
            capture_output=True,
            pass_fds=(write,),
            env=os.environ | {"PYTHONIOENCODING": "utf-8", "TAKEN_FD": str(write)},
        )
        os.close(write)
        write = -1
        taken = os.read(read, 10).decode()
    finally:
        os.close(read)
        if write != -1:
            os.close(write)
    return result.returncode, result.stdout.decode(), result.stderr.decode(), taken


def test_plain_path_lines_answer_as_typer_does_without_it(demo_db, team):
    from graphintro.graph import load_graph
    from graphintro.store import Store

    with Store(demo_db) as store:
        load_graph(store)
    db = ["--db", str(demo_db)]
    user, target, introducer = team["user"], team["target"], team["introducer"]
    lines = [
        [*db, "path", user, target, "--json"],
        [*db, "path", user, target],
        ["path", "--db", str(demo_db), "-k", "2", user, "--repeat-introducers", target, "--json"],
        [*db, "path", user, target, "--avoid", introducer, "--max-hops", "3", "--ignore-load"],
        [*db, "path", "--team", target, "--json"],
        [*db, "path", user, "--company", team["target_company"], "--title", "VP|Directeur|Head"],
        [*db, "path", user, target, "--max-hops", "1"],  # no path: exit 1, suggestions
        [*db, "path", user, target, "--max-hops", "1", "--json"],
        [*db, "path", "Nobody Known Here", target],  # not found
        [*db, "path", user, team["namesake"]],  # ambiguous: exit 2
        [*db, "path", user],  # usage: exit 2
        [*db, "path", user, target, "-k", "0"],
        ["--db", str(demo_db.parent / "none" / "x.db"), "path", user, target],  # no store
    ]
    for line in lines:
        fast = _process(AS_MAIN, line)
        assert fast[3] == "plain", line
        assert fast[:3] == _process(AS_TYPER, line)[:3], line
    # Lines path_line leaves to typer (its errors, its forms): typer is imported and answers.
    for line in (
        [*db, "path", user, target, "--max-hops=3"],
        [*db, "path", user, target, "-k3"],
        [*db, "path", user, target, "--json", "--json"],
        [*db, "path", user, target, "--nope"],
        [*db, "path", user, target, "-k", "x"],
        [*db, "--debug", "path", user, target],
        [*db, "path", user, "--", target],
    ):
        slow = _process(AS_MAIN, line)
        assert slow[3] == "typer", line
        assert slow[:3] == _process(AS_TYPER, line)[:3], line


def test_path_line_takes_only_plain_path_lines():
    from graphintro.cli.path_line import parse

    assert parse(["--db", "x.db", "path", "A", "B", "-k", "2", "--avoid", "C", "--avoid", "D", "--json"]) == {
        "db": "x.db",
        "names": ["A", "B"],
        "k": 2,
        "avoid": ["C", "D"],
        "json_output": True,
    }
    assert parse(["path", "--team", "--company", "Acme", "--db", "y.db", "--max-hops", "05"]) == {
        "db": "y.db",
        "names": [],
        "avoid": [],
        "team": True,
        "company": "Acme",
        "max_hops": 5,
    }
    for line in (
        ["experts", "x"],
        ["--db", "x.db", "path", "A", "B", "--db", "y.db"],
        ["path", "A", "B", "-k", "-1"],
        ["path", "A", "B", "-k", "²"],
        ["path", "A", "B", "--title"],
        ["path", "A", "B", "--company", ""],
        ["path", "A", "-", "B"],
        ["path", "A", "B", "--team", "--team"],
        ["path", "A", "B", "-k", "1", "-k", "2"],
        ["--backend", "local", "path", "A", "B"],
    ):
        assert parse(line) is None, line


def test_python_m_graphintro_is_the_command(demo_db, team):
    """``python -m graphintro`` runs the command as ``python -m graphintro.cli`` does: the same
    bytes and exit code, for an answer and for a help."""
    lines = [
        ["--db", str(demo_db), "path", team["user"], team["target"], "--json"],
        ["--db", str(demo_db), "path", team["user"], team["target"], "--max-hops", "1"],
        ["path", "--help"],
    ]
    for line in lines:
        runs = [
            subprocess.run(
                [sys.executable, "-m", module, *line],
                capture_output=True,
                env=os.environ | {"PYTHONIOENCODING": "utf-8", "COLUMNS": "100"},
            )
            for module in ("graphintro", "graphintro.cli")
        ]
        assert runs[0].stdout, line
        assert [(r.returncode, r.stdout, r.stderr) for r in runs[:1]] == [
            (r.returncode, r.stdout, r.stderr) for r in runs[1:]
        ], line
