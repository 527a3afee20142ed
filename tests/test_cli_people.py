"""``graphintro people merge|split``: real sub-commands, and every spelling of before still works."""

from __future__ import annotations

import json

import pytest

from graphintro.cli import app
from graphintro.store import Store


def _two_people(db) -> tuple[int, int]:
    """Two people outside the team, neither merged: the pair to merge."""
    with Store(db) as store:
        rows = store.conn.execute(
            "SELECT id FROM people WHERE is_member = 0 AND merged_into IS NULL ORDER BY id LIMIT 2"
        ).fetchall()
    return rows[0][0], rows[1][0]


def test_merge_and_split_are_sub_commands_with_their_own_help(runner):
    group = runner.invoke(app, ["people", "--help"])
    assert group.exit_code == 0
    assert "merge" in group.stdout and "split" in group.stdout and "Commands" in group.stdout
    merge = runner.invoke(app, ["people", "merge", "--help"])
    assert merge.exit_code == 0 and "Merge two people who are one" in merge.stdout
    assert "graphintro people merge [OPTIONS]" in merge.stdout  # no search words in its usage
    split = runner.invoke(app, ["people", "split", "--help"])
    assert split.exit_code == 0 and "Split a person back" in split.stdout


@pytest.mark.parametrize(
    "spelling",
    [
        ["--db", "{db}", "people", "merge", "{a}", "{b}", "--json"],
        ["--db", "{db}", "people", "--json", "merge", "{a}", "{b}"],  # --json before the word, as before
        ["people", "merge", "#{a}", "#{b}", "--db", "{db}", "--json"],  # ids as 'people' shows them
        ["people", "--db", "{db}", "merge", "{a}", "{b}", "--json"],  # --db on the group reaches merge
    ],
    ids=["after", "json-before", "hash-ids", "db-on-group"],
)
def test_merge_then_split_in_every_spelling(runner, demo_db, spelling):
    a, b = _two_people(demo_db)
    words = [w.format(db=demo_db, a=a, b=b) for w in spelling]
    merged = runner.invoke(app, words)
    assert merged.exit_code == 0, merged.output
    assert [p["id"] for p in json.loads(merged.stdout)["people"]] == [a]
    with Store(demo_db) as store:
        assert store.resolve_id(b) == a

    split = runner.invoke(app, ["--db", str(demo_db), "people", "split", str(a), "--json"])
    assert split.exit_code == 0, split.output
    assert {a, b} <= {p["id"] for p in json.loads(split.stdout)["people"]}
    with Store(demo_db) as store:
        assert store.resolve_id(b) == b


def test_merge_says_one_line_without_json(runner, demo_db):
    a, b = _two_people(demo_db)
    done = runner.invoke(app, ["--db", str(demo_db), "people", "merge", str(a), str(b)])
    assert done.exit_code == 0, done.output
    assert done.stdout == f"merged #{b} into #{a} (undo with 'graphintro people split {a}')\n"


@pytest.mark.parametrize(
    ("words", "usage"),
    [
        (["merge", "1"], "usage: graphintro people merge ID ID"),
        (["merge", "1", "x"], "usage: graphintro people merge ID ID"),
        (["merge", "1", "2", "3"], "usage: graphintro people merge ID ID"),
        (["split"], "usage: graphintro people split ID"),
    ],
)
def test_bad_ids_give_the_usage_line_exit_2_and_no_store(runner, tmp_path, words, usage):
    db = tmp_path / "none.db"
    done = runner.invoke(app, ["--db", str(db), "people", *words])
    assert done.exit_code == 2
    assert done.stderr == f"graphintro: {usage}\n"
    assert not db.exists()


def test_search_words_are_still_a_search(runner, demo_db):
    """Words that are no sub-command search, options before them included (``-n 1``'s value is no word)."""
    found = runner.invoke(app, ["--db", str(demo_db), "people", "-n", "1", "--json", "fontaine"])
    assert found.exit_code == 0, found.output
    data = json.loads(found.stdout)
    assert len(data["people"]) == 1 and "Fontaine" in data["people"][0]["name"]
    everyone = runner.invoke(app, ["--db", str(demo_db), "people", "--json", "-n", "3"])
    assert everyone.exit_code == 0 and len(json.loads(everyone.stdout)["people"]) == 3
