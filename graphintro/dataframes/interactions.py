"""Interactions counted per tie and kind: the ``interactions`` frame and the ties' evidence read once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from graphintro.dataframes.typed import _dates, _frame, _pairs, read_columns

if TYPE_CHECKING:
    import pandas as pd

    from graphintro.store import Store


def _interaction_views(store: Store) -> pd.DataFrame:
    """Every interaction count as one export saw it: the pair (``a`` < ``b``), kind, whether it went
    from ``a`` to ``b`` (``low_to_high``), how many, the last one, and whether an invitation had a note."""

    views = _pairs(
        read_columns(
            store,
            "SELECT o.person_id, r.person_id, i.kind, i.direction, COUNT(*), COALESCE(MAX(i.at), ''),"
            " MAX(instr(i.detail, 'personal message') > 0)"
            " FROM interactions i JOIN records r ON r.id = i.record_id JOIN records o ON o.id = r.owner_record_id"
            " WHERE o.person_id != r.person_id GROUP BY 1, 2, 3, 4",
            ["owner", "peer", "kind", "direction", "n", "last", "note"],
        ),
        "owner",
        "peer",
    )
    views["low_to_high"] = views["x_is_a"] == (views["direction"] == "out")
    views["last"] = _dates(views["last"])
    views["note"] = views["note"].fillna(0).astype(bool)
    return views


INTERACTION_COLUMNS = {
    "a": "int64",
    "b": "int64",
    "kind": "category",
    "a_to_b": "int64",
    "b_to_a": "int64",
    "count": "int64",
    "last": "datetime",
}


def interactions_frame(store: Store, views: pd.DataFrame | None = None) -> pd.DataFrame:
    """Interactions counted per tie (``a`` < ``b``) and kind (message, endorsement, recommendation,
    invitation): how many went from ``a`` to ``b`` (sent, given, written) and back, and the last one.

    When both ends exported, the same message is in both exports: each direction counts the larger
    of the two views, as the strength does (``graph._add_interactions``). No content: the store keeps
    none."""
    views = views if views is not None else _interaction_views(store)
    counted = (
        views.groupby(["a", "b", "kind", "low_to_high"])
        .agg(n=("n", "max"), last=("last", "max"))
        .reset_index()
    )
    up = counted[counted["low_to_high"]].set_index(["a", "b", "kind"])["n"].rename("a_to_b")
    down = counted[~counted["low_to_high"]].set_index(["a", "b", "kind"])["n"].rename("b_to_a")
    last = views[views["last"].notna()].groupby(["a", "b", "kind"])["last"].max()
    frame = counted[["a", "b", "kind"]].drop_duplicates().set_index(["a", "b", "kind"])
    frame = frame.join(up).join(down).join(last).reset_index()
    frame[["a_to_b", "b_to_a"]] = frame[["a_to_b", "b_to_a"]].fillna(0).astype("int64")
    frame["count"] = frame["a_to_b"] + frame["b_to_a"]
    frame = frame.sort_values(["a", "b", "kind"], ignore_index=True)
    return _frame(frame[list(INTERACTION_COLUMNS)], INTERACTION_COLUMNS)
