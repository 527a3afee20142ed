"""Fair load on introducers: the same generous person is not asked again and again.

Each introducer has a budget (``[asks.budget]`` of the config file): at most ``open`` asks waiting
for an outcome (default 2) and at most ``recent`` asks made of them in the last ``days`` days
(default 4 in 30). A cancelled ask was never sent, so it counts in neither. ``path``, ``accounts`` and
``ask`` rank an introducer over budget below the others (a stable move: the order among those within
budget, and among those over it, is the model's), and say why ("David Nguyen has 2 open asks; next
best introducer: Kevin Lambert"). The asks live in the embedded store; with the Neo4j backend the
budget is read from the embedded store too (the CLI passes the loads to the search).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

DEFAULT_BUDGET = {"open": 2, "recent": 4, "days": 30}


@dataclass
class IntroducerLoad:
    """What has been asked of one introducer, against the budget."""

    introducer: int
    name: str
    open_asks: int
    recent_asks: int
    budget: dict

    @property
    def over_budget(self) -> bool:
        return self.open_asks >= self.budget["open"] or self.recent_asks >= self.budget["recent"]

    def reason(self) -> str:
        """Why this introducer is spared: "David Nguyen has 2 open asks" (and/or the 30-day count)."""
        said = []
        if self.open_asks >= self.budget["open"]:
            said.append(f"has {self.open_asks} open ask{'s' * (self.open_asks != 1)}")
        if self.recent_asks >= self.budget["recent"]:
            said.append(
                f"was asked {self.recent_asks} time{'s' * (self.recent_asks != 1)}"
                f" in the last {self.budget['days']} days"
            )
        return f"{self.name} " + " and ".join(said) if said else f"{self.name} is within budget"

    def to_dict(self) -> dict:
        return {"open_asks": self.open_asks, "recent_asks": self.recent_asks, "over_budget": self.over_budget}


def load_budget(config: Path | None = None) -> dict:
    """The budget of every introducer: ``DEFAULT_BUDGET`` overridden by ``[asks.budget]`` of the config
    file (``open``, ``recent``, ``days``: whole numbers, ``open`` and ``recent`` at least 1)."""
    from graphintro.config import ConfigError, config_path, config_table

    budget = dict(DEFAULT_BUDGET)
    path = config or config_path()
    for key, value in config_table("asks", path).get("budget", {}).items():
        if key not in budget or not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ConfigError(
                path, f"[asks.budget] {key}: unknown setting or not a whole number ≥ 1 (open, recent, days)"
            )
        budget[key] = value
    return budget


def introducer_loads(
    store, budget: dict | None = None, today: str | None = None
) -> dict[int, IntroducerLoad]:
    """Every introducer with an open ask or an ask in the window, keyed by their current person id
    (an ask made of someone since merged counts for the person they became)."""
    from graphintro.store import now_iso

    budget = budget or load_budget()
    start = (date.fromisoformat((today or now_iso())[:10]) - timedelta(days=budget["days"])).isoformat()
    loads: dict[int, IntroducerLoad] = {}
    rows = store.conn.execute(
        "SELECT introducer_id, SUM(status = 'open'), SUM(substr(created, 1, 10) > ?) FROM asks"
        " WHERE outcome IS NULL OR outcome != 'cancelled' GROUP BY introducer_id",
        (start,),
    ).fetchall()
    for introducer, open_asks, recent in rows:
        person = store.resolve_id(introducer)
        found = loads.get(person)
        if found is None:
            row = store.conn.execute("SELECT name FROM people WHERE id = ?", (person,)).fetchone()
            found = loads[person] = IntroducerLoad(person, row[0] if row else f"#{person}", 0, 0, budget)
        found.open_asks += open_asks or 0
        found.recent_asks += recent or 0
    return {person: load for person, load in loads.items() if load.open_asks or load.recent_asks}


def spare_loaded(
    paths: list, loads: dict[int, IntroducerLoad], shown: int, requester: int | None = None
) -> tuple[list, list[dict]]:
    """``paths`` (``IntroPath``, best first) with those whose introducer is over budget moved after the
    others, and a note for each such introducer that was among the first ``shown`` answers.

    The introducer is the person before the target; the ``requester``'s own direct tie asks nobody
    and is never moved (from the whole team, a teammate who knows the target is the one asked).
    """

    def spared(path) -> bool:
        load = loads.get(path.people[-2]) if path.people[-2] != requester else None
        return load is not None and load.over_budget

    kept = [p for p in paths if not spared(p)]
    moved = [p for p in paths if spared(p)]
    notes, noted = [], set()
    for position, path in enumerate(paths[:shown]):
        if not spared(path) or path.people[-2] in noted:
            continue
        noted.add(path.people[-2])
        # the best answer within budget that this one would have outranked
        later = next((p for p in paths[position + 1 :] if not spared(p) and p.people[-2] != requester), None)
        notes.append(
            {
                "introducer": path.people[-2],
                "path": path,
                "next": later.people[-2] if later is not None else None,
            }
        )
    return kept + moved, notes


def load_note(load: IntroducerLoad, next_name: str | None) -> str:
    """ "David Nguyen has 2 open asks; next best introducer: Kevin Lambert"."""
    return load.reason() + (f"; next best introducer: {next_name}" if next_name else "; no other introducer")
