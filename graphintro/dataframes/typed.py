"""Typed frames: every column with its dtype, even when empty; ties as ordered pairs; dates as ISO text."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from graphintro.store import Store


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


# Rows per Arrow batch when reading the store: fewer, larger batches; the driver also infers each
# column's type from the first batch, so the SQL of the frames gives every nullable column a typed default.
_BATCH_ROWS = 65536


def read_columns(store: Store, sql: str, columns: list[str]) -> pd.DataFrame:
    """The result of ``sql`` as a DataFrame with these ``columns``, read column by column into Arrow
    arrays by the ADBC SQLite driver (C): no Python tuple per row. At a million rows, ``fetchall``
    and building a DataFrame from its tuples was the largest cost of ``frames()`` (BENCHMARKS.md).

    The store is opened a second time, read-only (``mode=ro``: this connection cannot write). The
    driver infers a column's type from its first batch and fails on a later value of another type,
    so every column of ``sql`` must be of one type: ``COALESCE`` a nullable one to a typed default.
    Strings come back Arrow-backed (valid UTF-8 by construction)."""
    import adbc_driver_sqlite.dbapi

    uri = store.path.resolve().as_uri() + "?mode=ro"
    with adbc_driver_sqlite.dbapi.connect(uri) as conn, conn.cursor() as cursor:
        cursor.adbc_statement.set_options(**{"adbc.sqlite.query.batch_rows": str(_BATCH_ROWS)})
        cursor.execute(sql)
        table = cursor.fetch_arrow_table()
    frame = table.to_pandas()
    frame.columns = columns
    return frame


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
