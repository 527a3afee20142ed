"""Typed answers of the questions: what ``path`` and ``experts`` return through the workspace.

Each answer is a dataclass whose ``to_dict()`` is the JSON contract that ``--json`` prints (the
README documents its fields; the keys keep their order, so the output stays byte for byte what it
was). ``graphintro.render.render_answer`` draws each type for a terminal, one renderer per type;
``quality.TeamScores`` is the third (``score``). The items inside (paths, people, links) are still
the plain dicts the library describes them with.
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass
class PathAnswer:
    """``path``: the ``k`` best warm introductions (``paths.introductions``), each with its people,
    links and their evidence; ``load``: the introducers ranked lower for being over their ask
    budget, and why; ``suggestions``: how to create a better answer, when the best is weak (or there
    is none)."""

    paths: list[dict]
    load: list[dict] | None = None
    suggestions: list[dict] | None = None

    @classmethod
    def from_dict(cls, data: dict) -> PathAnswer:
        return cls(paths=data["paths"], load=data.get("load"), suggestions=data.get("suggestions"))

    def to_dict(self) -> dict:
        """``{"paths"}``, then ``"load"`` and ``"suggestions"`` when the answer has them."""
        found: dict = {"paths": self.paths}
        if self.load is not None:
            found["load"] = self.load
        if self.suggestions is not None:
            found["suggestions"] = self.suggestions
        return found


@dataclass
class ExpertsAnswer:
    """``experts``: outside experts of ``topic`` with the way to reach each, the teammates who
    know it, the connectors near it and the topic's groups (``experts.find_experts``)."""

    topic: str
    experts: list[dict]
    team: list[dict]
    connectors: list[dict]
    groups: list[dict]

    @classmethod
    def from_dict(cls, data: dict) -> ExpertsAnswer:
        return cls(**{field.name: data[field.name] for field in fields(cls)})

    def to_dict(self) -> dict:
        return {field.name: getattr(self, field.name) for field in fields(self)}
