"""``graphintro export``: the store in the formats other tools read (Gephi, pandas, Spark, jq...).

- ``graphml`` and ``gexf``: the tie graph of ``dataframes.to_networkx`` for Gephi (the strength is the
  edge ``weight``; ``member``, ``company``, ``position`` and ``groups`` are node attributes, the
  name is the node ``label``).
- ``csv`` and ``parquet``: a folder with one table per frame of ``dataframes.frames`` (``people.csv``,
  ``ties.csv``...), the same columns.
- ``json``: JSON Lines, one object a line with its ``"table"`` (``{"table": "people", "id": 1, ...}``).

Every string goes through the rule of its output (``graphintro.output``): CSV cells through
``csv_row`` (no formula), XML text through ``xml_text`` (no character XML 1.0 forbids: one would
make the file unreadable), JSON through ``json_text``. Files are written for the user only (0600):
they hold personal data.

``min_strength`` keeps the ties at least that strong (and the interactions of those ties);
``owner`` keeps one member's network: the member, the people they have a tie with, and the ties
among all of them (Gephi then shows the member's clusters).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from graphintro.errors import UsageError

if TYPE_CHECKING:
    import pandas as pd

    from graphintro.dataframes import Frames
    from graphintro.store import Store

GRAPH_FORMATS = ("graphml", "gexf")
TABLE_FORMATS = ("csv", "parquet", "json")
FORMATS = GRAPH_FORMATS + TABLE_FORMATS


def export(
    store: Store,
    fmt: str,
    out: str | Path,
    *,
    min_strength: float = 0.0,
    owner: int | None = None,
    redact: bool = False,
) -> dict:
    """Write the store (or ``owner``'s network) to ``out`` in ``fmt``; returns what was written."""
    from graphintro.dataframes import frames

    if fmt not in FORMATS:
        raise UsageError(
            f"--format {fmt}: expected one of {', '.join(FORMATS)}"
            " (CRM files: 'experts', 'accounts' or 'asks' with --csv FILE --format hubspot|salesforce)"
        )
    if not 0.0 <= min_strength <= 1.0:
        raise UsageError(f"--min-strength {min_strength}: a strength is between 0 and 1")
    tables = select(frames(store, redact=redact), min_strength=min_strength, owner=owner)
    out = Path(out)
    if fmt in GRAPH_FORMATS:
        write_graph(tables, fmt, out)
    elif fmt == "json":
        write_json_lines(tables, out)
    else:
        write_tables(tables, fmt, out)
    return {
        "format": fmt,
        "out": str(out),
        "people": len(tables["people"]),
        "ties": len(tables["ties"]),
        "tables": {name: len(frame) for name, frame in tables.items()},
    }


def select(tables: Frames, min_strength: float = 0.0, owner: int | None = None) -> Frames:
    """The frames cut to the ties of at least ``min_strength`` and, with ``owner``, to that member's
    network (the member, their tie partners, the ties among them); the other frames follow."""
    from graphintro.dataframes import Frames

    ties = tables["ties"]
    ties = ties[ties["strength"] >= min_strength]
    people = tables["people"]
    if min_strength > 0:  # the people the kept ties reach, and the team
        people = people[people["id"].isin(ties["a"]) | people["id"].isin(ties["b"]) | people["member"]]
    if owner is not None:
        around = set(ties.loc[ties["a"] == owner, "b"]) | set(ties.loc[ties["b"] == owner, "a"]) | {owner}
        ties = ties[ties["a"].isin(around) & ties["b"].isin(around)]
        people = people[people["id"].isin(around)]
    kept_pairs = ties[["a", "b"]]
    interactions = tables["interactions"].merge(kept_pairs, on=["a", "b"], how="inner")
    memberships = tables["memberships"][tables["memberships"]["person_id"].isin(people["id"])]
    members = tables["members"][tables["members"]["id"].isin(people["id"])]
    asks = tables["asks"]
    if owner is not None:
        asks = asks[(asks["requester_id"] == owner) | (asks["teammate_id"] == owner).fillna(False)]
    return Frames(
        people=people.reset_index(drop=True),
        ties=ties.reset_index(drop=True),
        memberships=memberships.reset_index(drop=True),
        groups=tables["groups"],
        interactions=interactions,
        members=members.reset_index(drop=True),
        asks=asks.reset_index(drop=True),
    )


def _private_file(path: Path, binary: bool = False, encoding: str | None = "utf-8"):
    """A new file only its owner can read (mode 0600): exports hold personal data."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    return os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding=encoding, newline="")


def write_graph(tables: Frames, fmt: str, out: Path) -> None:
    """GraphML or GEXF for Gephi: the tie graph with every string made XML-safe."""
    import networkx as nx

    from graphintro.dataframes import to_networkx
    from graphintro.output import xml_text

    graph = to_networkx(tables=tables)
    clean = nx.Graph()
    for node, data in graph.nodes(data=True):
        attributes = {
            key: xml_text(value) if isinstance(value, str) else value for key, value in data.items()
        }
        attributes["label"] = attributes["name"]  # what Gephi shows on the node
        clean.add_node(node, **attributes)
    clean.add_edges_from(graph.edges(data=True))  # numbers, booleans and ISO dates: nothing to clean
    with _private_file(out, binary=True) as handle:
        if fmt == "graphml":
            nx.write_graphml(clean, handle, encoding="utf-8")
        else:
            nx.write_gexf(clean, handle, encoding="utf-8")


def _cells(frame: pd.DataFrame):
    """Rows of plain Python values: dates as ISO text, missing values empty."""
    import pandas as pd

    from graphintro.dataframes import iso_dates

    columns: list[list] = []
    for name in frame.columns:
        column = frame[name]
        if pd.api.types.is_datetime64_any_dtype(column):
            columns.append(iso_dates(column))
        else:
            missing = column.isna().tolist()
            columns.append(
                [
                    None if gone else value
                    for value, gone in zip(column.astype(object).tolist(), missing, strict=True)
                ]
            )
    return zip(*columns, strict=True)


def write_tables(tables: Frames, fmt: str, out: Path) -> None:
    """One file per frame in the folder ``out``: CSV (UTF-8 with BOM for Excel, every cell through
    ``csv_row``) or Parquet (typed columns, strings made encodable)."""
    import csv

    from graphintro.output import csv_row, plain_text

    if out.exists() and not out.is_dir():
        raise UsageError(f"{out}: --format {fmt} writes one file per table: --out must be a folder")
    out.mkdir(parents=True, exist_ok=True, mode=0o700)
    for name, frame in tables.items():
        if fmt == "csv":
            with _private_file(out / f"{name}.csv", encoding="utf-8-sig") as handle:
                writer = csv.writer(handle)
                writer.writerow(csv_row(frame.columns))
                for row in _cells(frame):
                    writer.writerow(csv_row("" if value is None else value for value in row))
        else:
            frame = frame.copy()
            for column in frame.columns:
                dtype = frame[column].dtype
                # Arrow-backed strings are valid UTF-8 by construction: no lone surrogate to replace.
                if dtype == "string" and getattr(dtype, "storage", None) != "pyarrow":
                    frame[column] = frame[column].map(plain_text).astype("string")
            with _private_file(out / f"{name}.parquet", binary=True) as handle:
                frame.to_parquet(handle, engine="pyarrow", index=False)


def write_json_lines(tables: Frames, out: Path) -> None:
    """JSON Lines: every row of every frame as one object with its ``table``, valid for any data."""
    from graphintro.output import json_text

    with _private_file(out) as handle:
        for name, frame in tables.items():
            columns = list(frame.columns)
            for row in _cells(frame):
                record = {"table": name}
                for column, value in zip(columns, row, strict=True):
                    record[column] = None if value == "" and column in _DATE_COLUMNS else _plain(value)
                handle.write(json_text(record, indent=None) + "\n")


_DATE_COLUMNS = {"connected_on", "last_message", "joined", "last", "as_of", "created", "closed"}  # "" is null


def _plain(value):
    """numpy scalars as Python numbers, for ``json``."""
    return value.item() if hasattr(value, "item") else value
