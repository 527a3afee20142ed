"""Typed frames: every column with its dtype, even when empty; ties as ordered pairs; dates as ISO text."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd


# The frames ``frames`` returns, in the order an export writes them.
FRAME_NAMES = ("people", "ties", "memberships", "groups", "interactions", "members", "asks")


# Date columns that hold days (the others hold a time of day too).
DATE_ONLY = frozenset({"connected_on", "joined", "as_of"})


def _frame(rows: list | Any, columns: dict[str, str]) -> pd.DataFrame:
    """A DataFrame of ``rows`` with exactly these ``columns`` and dtypes, even when empty."""
    import pandas as pd

    frame = (
        pd.DataFrame.from_records(rows, columns=list(columns)) if not isinstance(rows, pd.DataFrame) else rows
    )
    for column, dtype in columns.items():
        if dtype == "datetime":
            frame[column] = pd.to_datetime(frame[column], errors="coerce", format="ISO8601").astype(
                "datetime64[us]"
            )
        elif dtype == "string":
            frame[column] = frame[column].fillna("").astype("string")
        else:
            frame[column] = frame[column].astype(dtype)
    return frame[list(columns)]


def _pair_keys(a, b):
    """One int64 per pair a < b (person ids stay far below 2**31)."""
    import numpy as np

    return np.asarray(a, dtype=np.int64) * (1 << 31) + np.asarray(b, dtype=np.int64)


def _pairs(frame: pd.DataFrame, x: str, y: str) -> pd.DataFrame:
    """``frame`` with its people ``x`` and ``y`` as an ordered pair ``a`` < ``b`` (and ``x_is_a``)."""
    import numpy as np

    xs, ys = frame[x].to_numpy(), frame[y].to_numpy()
    frame = frame.assign(a=np.minimum(xs, ys), b=np.maximum(xs, ys), x_is_a=xs < ys)
    return frame


def _dates(column: pd.Series) -> pd.Series:
    """ISO dates or date-times as datetime64 (empty or unreadable: NaT), so that the earliest and the
    latest are numbers compared, not strings (ISO text sorts as its dates do)."""
    import pandas as pd

    return pd.to_datetime(column, errors="coerce", format="ISO8601").astype("datetime64[us]")


def iso_dates(column: pd.Series) -> list[str]:
    """Dates as ISO text (a day alone when the column holds days), ``""`` when unknown."""
    layout = "%Y-%m-%d" if column.name in DATE_ONLY else "%Y-%m-%dT%H:%M:%S"
    return column.dt.strftime(layout).fillna("").tolist()
