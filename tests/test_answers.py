"""Typed answers (``graphintro.answers``): the workspace returns them, ``to_dict()`` is exactly the
library's dict (same keys, same order: the ``--json`` contract), one renderer per type."""

from __future__ import annotations

import pytest

import graphintro
from graphintro.answers import ExpertsAnswer, PathAnswer
from graphintro.experts import find_experts
from graphintro.output import json_text
from graphintro.paths import introductions
from graphintro.quality import TeamScores
from graphintro.render import render_answer
from graphintro.store import Store


@pytest.mark.parametrize(
    "question",
    [
        {"source": "Camille Rousseau", "target": "Zoé Fontaine", "k": 6},
        {"team": True, "company": "Aéroline Systèmes"},
        {"source": "Camille Rousseau", "target": "Zoé Fontaine", "max_hops": 1},  # weak: suggestions
    ],
)
def test_a_path_answer_is_the_library_s_dict_key_for_key(demo_db, question):
    with Store(demo_db) as store:
        expected = introductions(store, **question)
    with graphintro.open(demo_db) as workspace:
        answer = workspace.introductions(**question)
    assert isinstance(answer, PathAnswer)
    assert json_text(answer.to_dict()) == json_text(expected)
    assert list(answer.to_dict()) == list(expected)


def test_load_and_suggestions_keep_their_place():
    data = {"paths": [], "load": [{"note": "x"}], "suggestions": [{"kind": "join"}]}
    assert list(PathAnswer.from_dict(data).to_dict()) == ["paths", "load", "suggestions"]
    assert list(PathAnswer.from_dict({"paths": [], "suggestions": []}).to_dict()) == ["paths", "suggestions"]
    assert PathAnswer.from_dict({"paths": []}).to_dict() == {"paths": []}


def test_an_experts_answer_is_the_library_s_dict_key_for_key(demo_db):
    with Store(demo_db) as store:
        expected = find_experts(store, "cybersécurité", n=5)
    with graphintro.open(demo_db) as workspace:
        answer = workspace.experts("cybersécurité", n=5)
    assert isinstance(answer, ExpertsAnswer)
    assert json_text(answer.to_dict()) == json_text(expected)


def test_one_renderer_per_type(demo_db):
    with graphintro.open(demo_db) as workspace:
        answers = [
            workspace.introductions(source="Camille Rousseau", target="Zoé Fontaine", max_hops=1),
            workspace.experts("cybersécurité", n=3),
            workspace.score(),
        ]
    assert isinstance(answers[2], TeamScores)
    drawn = []
    for answer in answers:
        lines: list[str] = []
        render_answer(answer, lines.append)
        drawn.append("\n".join(lines))
    assert "Only weak answers; to create a better one:" in drawn[0]
    assert "Experts on 'cybersécurité':" in drawn[1]
    assert "Team" in drawn[2] or "team" in drawn[2]
    with pytest.raises(TypeError, match="no renderer for dict"):
        render_answer({"paths": []}, print)


def _keys_fit(item: dict, shape) -> list[str]:
    """What is wrong with ``item`` as a ``shape`` (a TypedDict): keys it lacks, keys it should not have."""
    keys = set(item)
    missing = shape.__required_keys__ - keys
    extra = keys - shape.__required_keys__ - shape.__optional_keys__
    return [f"{shape.__name__} lacks {sorted(missing)}"] * bool(missing) + [
        f"{shape.__name__} has {sorted(extra)}"
    ] * bool(extra)


def test_every_item_of_an_answer_has_the_keys_its_type_names(demo_db):
    """The TypedDicts are what mypy checks the readers against: an item built with a key they do not
    name (or without one they require) would let a reader type-check and still fail."""
    from graphintro import answers

    wrong: list[str] = []
    with graphintro.open(demo_db) as workspace:
        found = [
            workspace.introductions(source="Camille Rousseau", target="Zoé Fontaine", k=6),
            workspace.introductions(team=True, company="Aéroline Systèmes"),
            workspace.introductions(source="Camille Rousseau", target="Zoé Fontaine", max_hops=1),
        ]
        experts = workspace.experts("cybersécurité", n=5)
    paths = [path for answer in found for path in answer.paths]
    paths += [e["path"] for e in experts.experts if e["path"]]
    assert paths and any(answer.suggestions for answer in found)
    for path in paths:
        wrong += _keys_fit(path, answers.Introduction)
        wrong += _keys_fit(path["weakest_link"], answers.WeakestLink)
        wrong += _keys_fit(path["introducer"], answers.Who)
        wrong += [m for p in path["people"] for m in _keys_fit(p, answers.PathPerson)]
        wrong += [m for link in path["links"] for m in _keys_fit(link, answers.Link)]
    for answer in found:
        wrong += [m for s in answer.suggestions or [] for m in _keys_fit(s, answers.Suggestion)]
    assert experts.experts and experts.team and experts.connectors and experts.groups
    wrong += [m for e in experts.experts + experts.team for m in _keys_fit(e, answers.Expert)]
    wrong += [m for c in experts.connectors for m in _keys_fit(c, answers.Connector)]
    wrong += [m for g in experts.groups for m in _keys_fit(g, answers.TopicGroup)]
    assert not sorted(set(wrong))
