"""``graphintro export``: files other tools open. GraphML and GEXF read back with networkx's own readers
(what Gephi gets), CSV and Parquet tables as the frames, JSON Lines; and the hostile corpus through
every format: the XML files parse, no CSV cell is a formula, every JSON line is valid."""

from __future__ import annotations

import csv
import json
import stat
import xml.etree.ElementTree as ET

import hostile_corpus as corpus
import networkx as nx
import pytest
from test_hostile import FORMULA_START, TERMINAL_UNSAFE

import graphintro
from graphintro.cli import app


@pytest.fixture(scope="module")
def demo(demo_team_db, tmp_path_factory):
    """The demo team's frames, and a function running ``export`` into a fresh folder."""
    from typer.testing import CliRunner

    runner = CliRunner()
    folder = tmp_path_factory.mktemp("export")

    def export(fmt: str, *options: str, name: str | None = None, db=demo_team_db):
        out = folder / (name or f"team.{fmt}")
        result = runner.invoke(app, ["--db", str(db), "export", "--format", fmt, "--out", str(out), *options])
        assert result.exit_code == 0, result.output
        return out

    return export, graphintro.frames(demo_team_db)


@pytest.mark.parametrize("fmt, reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_gephi_formats_read_back_with_networkx(demo, fmt, reader):
    export, tables = demo
    expected = graphintro.to_networkx(tables=tables)
    graph = reader(export(fmt))
    assert graph.number_of_nodes() == expected.number_of_nodes()
    assert graph.number_of_edges() == expected.number_of_edges()
    members = {str(i) for i in tables.members["id"]}
    nodes = {str(node): data for node, data in graph.nodes(data=True)}
    assert members <= set(nodes)
    for person in tables.people.itertuples():
        if str(person.id) in nodes:
            data = nodes[str(person.id)]
            assert data["member"] is person.member and data["company"] == person.company
            assert data["label"] == person.name
    ties = tables.ties.set_index(["a", "b"])["strength"]
    for a, b, data in graph.edges(data=True):
        a, b = sorted((int(a), int(b)))
        assert float(data["weight"]) == pytest.approx(
            ties.loc[(a, b)], rel=1e-6
        )  # the strength is the weight
    assert stat.S_IMODE(export(fmt).stat().st_mode) == 0o600


def test_min_strength_and_owner_cut_the_graph(demo, team):
    export, tables = demo
    strong = nx.read_graphml(export("graphml", "--min-strength", "0.5", name="strong.graphml"))
    assert strong.number_of_edges() == int((tables.ties["strength"] >= 0.5).sum())
    assert all(float(d["weight"]) >= 0.5 for _, _, d in strong.edges(data=True))
    mine = nx.read_gexf(export("gexf", "--owner", team["user"], name="mine.gexf"))
    user = str(tables.people.loc[tables.people["name"] == team["user"], "id"].item())
    assert set(mine) == {user} | set(mine[user])  # the member and the people they have a tie with
    assert mine.number_of_edges() > mine.degree(user)  # and the ties among those people


def test_csv_and_parquet_hold_the_frames(demo):
    import pandas as pd

    export, tables = demo
    folder = export("csv")
    parquet = export("parquet")
    for name, frame in tables.items():
        read = pd.read_csv(folder / f"{name}.csv", encoding="utf-8-sig")
        assert list(read.columns) == list(frame.columns) and len(read) == len(frame), name
        back = pd.read_parquet(parquet / f"{name}.parquet")
        assert list(back.columns) == list(frame.columns) and len(back) == len(frame), name
        if len(frame):  # (an empty category column comes back as object)
            assert dict(back.dtypes.astype(str)) == dict(frame.dtypes.astype(str)), name
    assert (
        pd.read_csv(folder / "ties.csv")["strength"].round(6).tolist()
        == tables.ties["strength"].round(6).tolist()
    )


def test_json_lines_one_object_per_row(demo):
    export, tables = demo
    lines = export("json").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == sum(len(frame) for frame in tables.values())
    people = [r for r in records if r["table"] == "people"]
    assert {p["id"] for p in people} == set(tables.people["id"])
    tie = next(r for r in records if r["table"] == "ties" and r["connected_on"])
    assert (
        len(tie["connected_on"]) == 10
        and isinstance(tie["strength"], float)
        and isinstance(tie["direct"], bool)
    )


def test_bad_format_and_csv_onto_a_file_are_clear_errors(cli, demo_db, tmp_path):
    result = cli("export", "--format", "xlsx", "--out", tmp_path / "x", db_path=demo_db)
    assert result.exit_code == 2 and "graphml, gexf, csv, parquet, json" in result.output
    (tmp_path / "file").write_text("x")
    result = cli("export", "--format", "csv", "--out", tmp_path / "file", db_path=demo_db)
    assert result.exit_code == 2 and "must be a folder" in result.output


# -- the hostile corpus ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory):
    db = corpus.import_store(tmp_path_factory.mktemp("hostile-export"))
    names = set(graphintro.frames(db).people["name"])
    assert any("\x1b" in name for name in names), "the store keeps what the export said: escapes too"
    return db


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_hostile_corpus_xml_parses_and_reads_back(demo, hostile_db, fmt):
    export = demo[0]
    path = export(fmt, name=f"hostile.{fmt}", db=hostile_db)
    ET.parse(path)  # well-formed XML 1.0: no control character a parser refuses
    graph = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    labels = [data["label"] for _, data in graph.nodes(data=True)]
    assert any("Carole" in label for label in labels)
    assert any(label.startswith("<script>") for label in labels)  # kept as text (XML escapes it), not dropped
    assert not any("\x1b" in label for label in labels)


def test_hostile_corpus_csv_has_no_formula_and_json_is_valid(demo, hostile_db):
    export = demo[0]
    folder = export("csv", name="hostile-csv", db=hostile_db)
    cells = 0
    for path in folder.glob("*.csv"):
        with open(path, encoding="utf-8-sig", newline="") as handle:
            for row in csv.reader(handle):
                for cell in row:
                    cells += 1
                    assert not cell.lstrip(" \u00a0").startswith(FORMULA_START), (path.name, cell[:60])
    assert cells > 500
    people = (folder / "people.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in people  # the formula is there, as text
    text = export("json", name="hostile.json", db=hostile_db).read_text(encoding="utf-8")
    assert not TERMINAL_UNSAFE.search(text.replace("\n", " "))
    names = {json.loads(line).get("name") for line in text.splitlines()}
    assert any(name and "\x1b" in name for name in names)  # escaped as \u001b, read back as it was
    parquet = export("parquet", name="hostile-parquet", db=hostile_db)
    import pandas as pd

    assert len(pd.read_parquet(parquet / "people.parquet")) == len(graphintro.frames(hostile_db).people)
