"""Who knows this subject? Text analysis, BM25F and personalised PageRank checked by hand and on the demo team."""

import csv
import json
import math

import networkx as nx
import pytest

from graphintro.cli import app
from graphintro.experts import analyze, bm25f, personalized_pagerank


def test_accents_languages_plurals_and_synonyms_meet():
    assert analyze("Cybersécurité") == analyze("cybersecurite") == analyze("cybersecurity")
    assert analyze("sécurité informatique") == analyze("Cybersécurité")
    assert analyze("Ingénieurs") == analyze("ingénieur") == analyze("engineer")
    assert analyze("Responsable achats")[-1] == analyze("procurement")[0]


def test_bm25f_by_hand():
    docs = {1: {"title": ("a", "b")}, 2: {"title": ("b", "b", "c", "d")}, 3: {"company": ("a",)}}
    scores = bm25f(("a",), docs, total_docs=3)
    idf = math.log(1 + (3 - 2 + 0.5) / (2 + 0.5))
    tf = 1 / (1 - 0.75 + 0.75 * 2 / (6 / 3))  # average title length (2 + 4 + 0) / 3
    assert scores[1] == pytest.approx(3.0 * idf * tf * 2.2 / (tf + 1.2))  # title weight 3
    assert scores[1] > scores[3] > 0, "a title match outweighs a company match"
    assert 2 not in scores


def test_personalised_pagerank_matches_networkx():
    edges = [("a", "b", 1.0), ("b", "c", 2.0), ("c", "a", 1.0), ("c", "d", 3.0)]
    seeds = {"a": 1.0, "d": 0.5}
    ours = personalized_pagerank(edges, seeds, iterations=200)
    g = nx.Graph()
    g.add_weighted_edges_from(edges)
    theirs = nx.pagerank(g, alpha=0.85, personalization={"a": 1.0, "d": 0.5, "b": 0, "c": 0}, weight="weight")
    for node in theirs:
        assert ours[node] == pytest.approx(theirs[node], abs=1e-6)


def experts(runner, db, *args):
    result = runner.invoke(app, ["--db", str(db), "experts", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.mark.parametrize("topic", ["cybersécurité", "CYBERSECURITE", "cybersecurity", "sécurité informatique"])
def test_same_experts_whatever_the_spelling(runner, demo_db, team, topic):
    found = experts(runner, demo_db, topic, "-n", "5")
    assert found["experts"][0]["name"] == team["expert"]
    reference = experts(runner, demo_db, "cybersécurité", "-n", "5")
    assert [e["id"] for e in found["experts"]] == [e["id"] for e in reference["experts"]]


def test_expert_outranks_the_salesperson_of_a_cyber_company(runner, demo_db, team):
    found = experts(runner, demo_db, "cybersécurité", "-n", "50")
    names = [e["name"] for e in found["experts"]]
    assert team["expert"] in names
    if team["decoy"] in names:
        assert names.index(team["expert"]) < names.index(team["decoy"])
    top = found["experts"][0]
    assert any("owner of the group" in e for e in top["evidence"])
    assert top["path"]["people"][-1]["name"] == team["expert"]
    assert math.isclose(top["path"]["probability"], math.prod(l["strength"] for l in top["path"]["links"]))
    assert all(e["evidence"] for e in found["experts"])
    assert all(e["path"] is not None or e["member"] for e in found["experts"])
    assert team["expert_group"] in [g["name"] for g in found["groups"][:3]]
    assert set(found) == {"topic", "experts", "groups"}
    assert set(found["groups"][0]) == {"name", "score", "members"}


def test_options_and_no_match(runner, demo_db, team, tmp_path):
    outside = experts(runner, demo_db, "cybersécurité", "--exclude-team")
    assert not any(e["member"] for e in outside["experts"])
    at_thales = experts(runner, demo_db, "cybersecurite", "--company", "thales")
    assert {e["company"] for e in at_thales["experts"]} == {"Thales"}
    sheet = tmp_path / "experts.csv"
    human = runner.invoke(app, ["--db", str(demo_db), "experts", "cybersécurité", "--csv", str(sheet)])
    assert human.exit_code == 0 and team["expert"] in human.output
    rows = list(csv.DictReader(sheet.open(encoding="utf-8-sig")))
    assert rows[0]["name"] == team["expert"] and "é" in rows[0]["position"] + rows[0]["evidence"]
    nothing = runner.invoke(app, ["--db", str(demo_db), "experts", "zzyzx quux"])
    assert nothing.exit_code == 1 and "nobody matches" in nothing.output
