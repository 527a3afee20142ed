"""`graphintro import --team MANIFEST`: a whole team's exports from one manifest (CSV or TOML), the
store ``import_team`` gives, all or nothing; a bad manifest or a bad export names its file and line."""

from __future__ import annotations

import json

import pytest
from store_rows import dump
from test_team_import import contents, schema

from graphintro.demo import generate_team
from graphintro.ingest import PARALLEL_PARSE_MIN, import_team
from graphintro.store import Store

MEMBERS = PARALLEL_PARSE_MIN + 1  # the exports are parsed ahead in a second process, as at scale


@pytest.fixture(scope="module")
def team(tmp_path_factory):
    return generate_team(tmp_path_factory.mktemp("team"), members=MEMBERS, contacts=120, seed=5, history=True)


@pytest.fixture(scope="module")
def library_store(team, tmp_path_factory):
    """The store of the library's team import of the same exports: what the command must give."""
    db = tmp_path_factory.mktemp("library") / "team.db"
    with Store(db) as store:
        import_team(store, team.exports())
    return db


def csv_manifest(team, path, delimiter=",", header=("owner", "owner_url", "file"), encoding="utf-8"):
    """One row per file, each member's files in a row each, then the group list as the first
    member's (a separate import, as ``Team.exports`` has it); paths relative to the manifest."""
    rows = [delimiter.join(header)]
    for member in team.members:
        rows += [
            delimiter.join((member.name, member.url, str(f.relative_to(path.parent)))) for f in member.files
        ]
    first = team.members[0]
    rows.append(delimiter.join((first.name, first.url, str(team.groups_file.relative_to(path.parent)))))
    path.write_bytes(("\r\n".join(rows) + "\r\n").encode(encoding))
    return path


def toml_manifest(team, path):
    def member(name, url, files):
        listed = ", ".join(json.dumps(str(f.relative_to(path.parent)), ensure_ascii=False) for f in files)
        return f'[[member]]\nowner = {json.dumps(name, ensure_ascii=False)}\nowner_url = "{url}"\nfiles = [{listed}]\n'

    first = team.members[0]
    tables = [member(m.name, m.url, m.files) for m in team.members] + [
        member(first.name, first.url, [team.groups_file])
    ]
    path.write_text("# the team's exports, imported every night\n\n" + "\n".join(tables), encoding="utf-8")
    return path


def test_a_csv_manifest_imports_the_team_as_the_library_does(cli, team, library_store):
    manifest = csv_manifest(team, team.root / "team.csv")
    result = cli("import", "--team", manifest, "--json")
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert [item["owner"]["name"] for item in answer["imports"]] == [m.name for m in team.members] + [
        team.members[0].name
    ]
    assert contents(cli.db) == contents(library_store)
    assert schema(cli.db) == schema(library_store)


def test_a_french_spreadsheet_and_a_toml_manifest_give_the_same_store(cli, team, library_store, tmp_path):
    """Excel in French: ``;``, Windows-1252, its own column names; TOML: one table per import."""
    spreadsheet = csv_manifest(
        team,
        team.root / "équipe.csv",
        delimiter=";",
        header=("Propriétaire", "URL du profil", "Fichier"),
        encoding="cp1252",
    )
    result = cli("import", "--team", spreadsheet)
    assert result.exit_code == 0, result.output
    assert f"for {team.members[-1].name}:" in result.stdout  # the summary of each member's import
    toml = toml_manifest(team, team.root / "team.toml")
    result = cli("import", "--team", toml, db_path=tmp_path / "toml.db")
    assert result.exit_code == 0, result.output
    assert contents(cli.db) == contents(library_store) == contents(tmp_path / "toml.db")


def test_consecutive_rows_of_an_owner_are_one_import(team, tmp_path):
    from graphintro.manifest import read_manifest

    exports = read_manifest(csv_manifest(team, team.root / "rows.csv"))
    assert [(e.owner, len(e.paths)) for e in exports] == (
        [(m.name, len(m.files)) for m in team.members] + [(team.members[0].name, 1)]
    )
    assert exports[0].paths[0] == team.members[0].files[0] and exports[0].owner_url == team.members[0].url


@pytest.mark.parametrize("case", ["bad export", "no such file", "no owner", "missing column", "bad toml"])
def test_a_bad_manifest_or_export_changes_nothing_and_says_where(cli, team, case):
    first = team.members[0]
    assert cli("import", *first.files, "--owner", first.name, "--owner-url", first.url).exit_code == 0
    before, before_schema = dump(cli.db), schema(cli.db)
    manifest = team.root / f"{case.replace(' ', '-')}.csv"
    csv_manifest(team, manifest)
    lines = manifest.read_text(encoding="utf-8").splitlines()
    if case == "bad export":  # a member's connections file, damaged: an unterminated quote on its last line
        damaged = team.root / "damaged.csv"
        damaged.write_bytes(
            b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
            b'Ana,Diaz,,,"Acme,Dev,01 Jan 2020\r\n'
        )
        lines.insert(4, f"{team.members[2].name},{team.members[2].url},damaged.csv")
        expected = "damaged.csv:2: malformed CSV row"
    elif case == "no such file":
        lines[5] = lines[5].rsplit(",", 1)[0] + ",missing/Connections.csv"
        expected = f"{manifest}:6: missing/Connections.csv: no such file or folder"
    elif case == "no owner":
        lines[3] = "," + lines[3].split(",", 1)[1]
        expected = f"{manifest}:4: no owner: whose export is this?"
    elif case == "missing column":
        lines = ["owner,url"] + [line.rsplit(",", 1)[0] for line in lines[1:]]
        expected = f"{manifest}:1: missing column(s): file"
    else:
        manifest = manifest.with_suffix(".toml")
        lines = ["[[member]]", 'owner = "Ana Diaz', 'files = ["a.zip"]']
        expected = f"{manifest}: not a TOML team manifest"
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")

    result = cli("import", "--team", manifest)

    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and expected in result.stderr, result.stderr
    assert "Traceback" not in result.output
    assert dump(cli.db) == before and schema(cli.db) == before_schema


def test_a_bad_manifest_leaves_no_store_behind(cli, team):
    manifest = team.root / "empty.csv"
    manifest.write_text("owner,owner_url,file\n", encoding="utf-8")
    result = cli("import", "--team", manifest)
    assert result.exit_code == 2 and "the team manifest lists no file" in result.stderr
    assert not cli.db.exists()


@pytest.mark.parametrize("extra", [["--owner", "Ana Diaz"], ["--format", "linkedin"], ["export.zip"]])
def test_team_takes_every_export_from_the_manifest(cli, team, extra):
    result = cli("import", "--team", csv_manifest(team, team.root / "usage.csv"), *extra)
    assert result.exit_code == 2 and "--team takes every export from the manifest" in result.stderr
    assert not cli.db.exists()


def test_import_without_exports_or_team_says_what_it_needs(cli):
    result = cli("import", "--owner", "Ana Diaz")
    assert result.exit_code == 2 and "or --team MANIFEST" in result.stderr
