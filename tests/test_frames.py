"""graphintro as a notebook sees it: the demo team's frames in pandas, its tie graph in networkx, and a
centrality computed with networkx alone (issue 23: "Data out")."""

from __future__ import annotations

import itertools
import json
import math
import subprocess
import sys

import pytest
from test_export import hostile_db  # noqa: F401 - the hostile store, built once per module

import graphintro


@pytest.fixture(scope="module")
def tables(demo_team_db):
    return graphintro.frames(demo_team_db)


def test_notebook_frames_then_networkx_centrality(demo_team_db, team):
    """What a user types in a notebook cell: frames, a graph, a centrality in three lines."""
    import networkx as nx

    f = graphintro.frames(demo_team_db)
    graph = graphintro.to_networkx(demo_team_db, min_strength=0.3)
    central = nx.betweenness_centrality(graph, weight="distance")

    assert set(f) == {"people", "ties", "memberships", "groups", "interactions", "members", "asks"}
    members = set(f.members["name"])
    assert team["user"] in members and team["introducer"] in members and len(members) == 5
    # Between the team and the rest, the people who broker are the team's own (they hold the ties).
    top = sorted(central, key=central.get, reverse=True)[:3]
    assert all(graph.nodes[node]["member"] for node in top), [graph.nodes[n] for n in top]
    assert graph.number_of_nodes() > 100 and graph.number_of_edges() > 100


def test_ids_join_across_frames(tables):
    people = set(tables.people["id"])
    assert len(people) == len(tables.people)  # one row per person
    assert set(tables.ties["a"]) | set(tables.ties["b"]) <= people
    assert (tables.ties["a"] < tables.ties["b"]).all()
    assert not tables.ties.duplicated(["a", "b"]).any()
    assert set(tables.memberships["person_id"]) <= people
    assert set(tables.memberships["group_id"]) <= set(tables.groups["id"])
    assert set(tables.members["id"]) == set(tables.people.loc[tables.people["member"], "id"])
    ties = set(zip(tables.ties["a"], tables.ties["b"], strict=True))
    assert set(zip(tables.interactions["a"], tables.interactions["b"], strict=True)) <= ties
    # A group's size is the people the memberships name.
    sizes = tables.memberships.groupby("group_id")["person_id"].nunique()
    assert (tables.groups.set_index("id")["members"].loc[sizes.index] == sizes).all()


def test_columns_are_typed(tables):
    import pandas as pd

    ties = tables.ties
    assert ties["strength"].dtype == "float64" and ties["strength"].between(0, 1, inclusive="right").all()
    assert ties["direct"].dtype == bool and ties["teammates"].dtype == bool
    assert pd.api.types.is_integer_dtype(ties["mutual"]) and pd.api.types.is_integer_dtype(
        ties["messages_a_to_b"]
    )
    assert pd.api.types.is_datetime64_any_dtype(ties["connected_on"])
    assert pd.api.types.is_datetime64_any_dtype(tables.interactions["last"])
    assert pd.api.types.is_string_dtype(tables.people["name"]) and tables.people["member"].dtype == bool
    assert isinstance(tables.interactions["kind"].dtype, pd.CategoricalDtype)
    assert set(tables.interactions["kind"]) <= {"message", "endorsement", "recommendation", "invitation"}
    for name in ("asks", "members"):
        assert "id" in tables[name].columns


def test_tie_strength_and_features_are_those_path_answers_with(tables, demo_team_db, team, runner):
    """The strength in the frame is the one ``path`` shows for the same link, and the message counts
    are those of the interactions frame."""
    from graphintro.cli import app

    result = runner.invoke(app, ["--db", str(demo_team_db), "path", team["user"], team["target"], "--json"])
    answer = json.loads(result.stdout)["paths"][0]
    ids = [p["id"] for p in answer["people"]]
    ties = tables.ties.set_index(["a", "b"])
    for (x, y), link in zip(itertools.pairwise(ids), answer["links"], strict=True):
        row = ties.loc[(min(x, y), max(x, y))]
        assert row["strength"] == pytest.approx(link["strength"], abs=1e-6)
    messages = tables.interactions[tables.interactions["kind"] == "message"].set_index(["a", "b"])
    assert len(messages) > 20
    both = ties.loc[messages.index]
    assert (both["messages_a_to_b"] == messages["a_to_b"]).all()
    assert (both["messages_b_to_a"] == messages["b_to_a"]).all()
    assert (both["last_message"] == messages["last"]).all()


def test_networkx_graph_attributes_and_threshold(tables, demo_team_db, team):
    graph = graphintro.to_networkx(demo_team_db, tables=tables)
    assert graph.number_of_edges() == len(tables.ties)
    user = tables.people.loc[tables.people["name"] == team["user"], "id"].item()
    node = graph.nodes[user]
    assert node["member"] is True and node["name"] == team["user"] and node["company"]
    assert "Cybersécurité" in " ".join(graph.nodes[n]["groups"] for n in graph)
    edge = next(iter(graph.edges(data=True)))[2]
    assert edge["weight"] == edge["strength"] and edge["distance"] == pytest.approx(
        -math.log(edge["strength"])
    )
    assert {"mutual", "messages_a_to_b", "connected_on", "teammates", "rating"} <= set(edge)
    strong = graphintro.to_networkx(demo_team_db, min_strength=0.5, tables=tables)
    assert strong.number_of_edges() == int((tables.ties["strength"] >= 0.5).sum()) < graph.number_of_edges()
    assert all(data["strength"] >= 0.5 for _, _, data in strong.edges(data=True))
    assert set(tables.members["id"]) <= set(strong)  # the team is always there


def test_redacted_frames_name_no_outsider(tables, demo_team_db):
    hidden = graphintro.frames(demo_team_db, redact=True)
    outside = tables.people[~tables.people["member"]]
    shown = hidden.people.set_index("id")
    for column in ("name", "company", "position", "url"):
        secrets = {value for value in outside[column] if len(value) >= 4}
        assert secrets and not secrets & set(shown.loc[outside["id"], column]), column
    assert (shown.loc[outside["id"], ["url", "headline"]] == "").all().all()
    members = tables.people[tables.people["member"]].set_index("id")
    assert (shown.loc[members.index, "name"] == members["name"]).all()  # the team keeps its names
    graph = graphintro.to_networkx(demo_team_db, redact=True, min_strength=0.5)
    shown_names = {graph.nodes[n]["name"] for n in graph if not graph.nodes[n]["member"]}
    assert shown_names and not shown_names & set(outside["name"])


def test_reading_frames_creates_no_store(tmp_path):
    with pytest.raises(graphintro.GraphintroError):
        graphintro.frames(tmp_path / "none.db")
    assert not (tmp_path / "none.db").exists()


def test_other_commands_do_not_import_pandas(demo_db, team):
    code = (
        "import sys; from graphintro.cli import main\n"
        f"sys.argv = ['graphintro', '--db', {str(demo_db)!r}, 'path', {team['user']!r}, {team['target']!r}]\n"
        "try:\n    main()\nexcept SystemExit as exit:\n    assert not exit.code, exit.code\n"
        "print('PANDAS', 'pandas' in sys.modules, 'graphintro.dataframes' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "PANDAS False False" in out


def test_readme_data_out_examples_run(demo_team_db):
    """The Python examples of the README's "Data out" section, run as written on the demo team."""
    import pathlib

    readme = (pathlib.Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Data out", 1)[1].split("\n## ", 1)[0]
    blocks = [block.split("\n", 1)[1] for block in section.split("```")[1::2] if block.startswith("python")]
    assert len(blocks) >= 2
    for block in blocks:
        names: dict = {}
        exec(
            block.replace('"team.db"', repr(str(demo_team_db))), names
        )  # our own README's example (exec: S102 is not among our rules)
    assert names["graph"].number_of_edges() > 0


def features_from_collect_ties(db):
    """The ties frame's columns as ``graph.collect_ties`` gives them, tie by tie (the reference)."""
    import pandas as pd

    from graphintro.dataframes import TIE_COLUMNS
    from graphintro.graph import collect_ties
    from graphintro.store import Store

    with Store(db, must_exist=True) as store:
        ties = collect_ties(store)
    rows = [
        (
            a,
            b,
            f.direct or f.teammates,
            f.connected,
            f.connected_on,
            f.sent,
            f.received,
            f.last_message,
            f.endorsements,
            len(f.recommendations),
            f.invitation_note,
            f.pending_invitation,
            len(f.shared_employers),
            f.teammates,
            len(f.shared_groups),
            bool(f.same_company),
            f.mutual,
            f.rating,
        )
        for (a, b), f in sorted(ties.items())
    ]
    return pd.DataFrame.from_records(rows, columns=[c for c in TIE_COLUMNS if c != "strength"])


def assert_same_features(frame, db):
    import pandas as pd

    expected = features_from_collect_ties(db)
    assert len(frame) == len(expected)
    for column in expected.columns:
        mine, theirs = frame[column].reset_index(drop=True), expected[column]
        if column in ("connected_on", "last_message"):
            theirs = pd.to_datetime(theirs, errors="coerce", format="ISO8601").astype("datetime64[us]")
        if column == "rating":
            theirs = theirs.astype("Int64")
        pd.testing.assert_series_equal(mine, theirs, check_names=False, check_dtype=False, obj=column)


def test_tie_features_are_collect_ties_column_by_column(tables, demo_team_db, tmp_path):
    """The column-wise computation gives every tie the features the strength model reads."""
    import shutil

    assert_same_features(tables.ties, demo_team_db)
    # With manual ratings (one on a pair with no other tie) and a group member who posts.
    db = tmp_path / "rated.db"
    shutil.copy(demo_team_db, db)
    from graphintro.store import Store
    from graphintro.strength import rate_tie

    with Store(db) as store:
        members = [row[0] for row in store.conn.execute("SELECT id FROM people WHERE is_member = 1")]
        loner = store.conn.execute("SELECT MAX(id) FROM people WHERE is_member = 0").fetchone()[0]
        rate_tie(store, members[0], loner, 4)
        rate_tie(store, members[0], members[1], 1)
    assert_same_features(graphintro.frames(db).ties, db)


def test_tie_features_of_a_large_team_shape(tmp_path):
    """More than TEAM_CLIQUE_MAX members: teammates only where the exports link them."""
    from graphintro.demo_run import run_demo

    db = run_demo(
        tmp_path / "large.db", tmp_path / "team", members=52, contacts=30, seed=3, echo=lambda *_: None
    )
    ties = graphintro.frames(db).ties
    assert ties["teammates"].sum() < 52 * 51 / 2
    assert_same_features(ties, db)


def test_tie_features_of_the_hostile_corpus(hostile_db):  # noqa: F811 - the fixture of test_export
    assert_same_features(graphintro.frames(hostile_db).ties, hostile_db)


def test_to_networkx_first_leaves_frames_callable():
    """The module is ``graphintro.dataframes``: importing it never shadows ``graphintro.frames``."""
    code = (
        "import graphintro, graphintro.dataframes\n"
        "graphintro.to_networkx\n"
        "print('CALLABLE', callable(graphintro.frames), callable(graphintro.to_networkx))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "CALLABLE True True" in out
