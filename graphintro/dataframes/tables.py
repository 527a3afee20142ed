"""The people, memberships, groups, members and asks frames."""

from __future__ import annotations

from typing import TYPE_CHECKING

from graphintro.dataframes.typed import _frame, read_columns

if TYPE_CHECKING:
    import pandas as pd

    from graphintro.store import Store


PEOPLE_COLUMNS = {
    "id": "int64",
    "name": "string",
    "company": "string",
    "position": "string",
    "url": "string",
    "headline": "string",
    "industry": "string",
    "member": "bool",
}


def people_frame(store: Store, redact: bool = False) -> pd.DataFrame:
    """Every person (merged-away ids left out: they live on in the person they joined)."""
    rows = read_columns(
        store,
        "SELECT id, name, company, position, url, headline, industry, is_member FROM people"
        " WHERE merged_into IS NULL ORDER BY id",
        list(PEOPLE_COLUMNS),
    )
    frame = _frame(rows, PEOPLE_COLUMNS)
    if redact:
        frame = _redact_people(store, frame)
    return frame


def _redact_people(store: Store, frame: pd.DataFrame) -> pd.DataFrame:
    """People outside the team as ``report --redact`` shows them: initials, generalised role, sector."""
    from graphintro.redaction import generalised_role, initials, sector
    from graphintro.report import company_sectors

    sectors = company_sectors(store)
    outside = ~frame["member"]
    frame = frame.copy()
    frame.loc[outside, "name"] = [initials(name) for name in frame.loc[outside, "name"]]
    frame.loc[outside, "position"] = [generalised_role(title) for title in frame.loc[outside, "position"]]
    frame.loc[outside, "company"] = [sector(company, sectors) for company in frame.loc[outside, "company"]]
    frame.loc[outside, ["url", "headline"]] = ""
    return frame


MEMBERSHIP_COLUMNS = {
    "person_id": "int64",
    "group_id": "int64",
    "role": "category",
    "posts": "int64",
    "joined": "datetime",
}


def memberships_frame(store: Store) -> pd.DataFrame:
    """Who is in which group (one row per person and group: the most active appearance when several
    exports tell it), with role (owner, manager, member), posts and date joined."""
    rows = read_columns(
        store,
        "SELECT r.person_id, m.group_id, m.role, m.posts, COALESCE(m.joined, '') FROM memberships m"
        " JOIN records r ON r.id = m.record_id"
        " ORDER BY r.person_id, m.group_id, CASE m.role WHEN 'owner' THEN 0 WHEN 'manager' THEN 1 ELSE 2 END,"
        " m.posts DESC",
        list(MEMBERSHIP_COLUMNS),
    )
    kept = rows.drop_duplicates(["person_id", "group_id"], keep="first", ignore_index=True)
    return _frame(kept, MEMBERSHIP_COLUMNS)


GROUP_COLUMNS = {"id": "int64", "name": "string", "description": "string", "members": "int64"}


def groups_frame(store: Store) -> pd.DataFrame:
    """Every group with its description and how many people the store knows in it."""
    rows = read_columns(
        store,
        "SELECT g.id, g.name, g.description, COUNT(DISTINCT r.person_id) FROM groups g"
        " LEFT JOIN memberships m ON m.group_id = g.id LEFT JOIN records r ON r.id = m.record_id"
        " GROUP BY g.id ORDER BY g.id",
        list(GROUP_COLUMNS),
    )
    return _frame(rows, GROUP_COLUMNS)


MEMBER_COLUMNS = {"id": "int64", "name": "string", "as_of": "datetime", "imports": "int64"}


def members_frame(store: Store) -> pd.DataFrame:
    """The team: each member's person id and name, the date of their newest export (``as_of``, their
    "now" for recency) and how many files were imported for them."""
    from graphintro.member_exports import member_dates

    dates = member_dates(store)
    rows = store.conn.execute(
        "SELECT p.id, p.name, (SELECT COUNT(*) FROM imports i JOIN records o ON o.id = i.owner_record_id"
        " WHERE o.person_id = p.id) FROM people p WHERE p.is_member = 1 AND p.merged_into IS NULL ORDER BY p.id"
    ).fetchall()
    return _frame(
        [(pid, name, dates[pid].isoformat() if pid in dates else None, n) for pid, name, n in rows],
        MEMBER_COLUMNS,
    )


ASK_COLUMNS = {
    "id": "int64",
    "requester_id": "int64",
    "teammate_id": "Int64",
    "introducer_id": "int64",
    "target_id": "int64",
    "probability": "float64",
    "status": "category",
    "outcome": "category",
    "created": "datetime",
    "closed": "datetime",
    "lang": "category",
}


def asks_frame(store: Store) -> pd.DataFrame:
    """The introductions asked (``graphintro ask``), ids followed to the people they are now; the
    drafts' text is left out (``ask --json`` has it)."""
    has_asks = store.conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'asks'"
    ).fetchone()
    rows = (
        store.conn.execute(
            "SELECT id, requester_id, teammate_id, introducer_id, target_id, probability, status, outcome, created,"
            " closed, lang FROM asks ORDER BY id"
        ).fetchall()
        if has_asks
        else []
    )
    resolved = []
    for row in rows:
        row = list(row)
        for i in (1, 2, 3, 4):
            row[i] = store.resolve_id(row[i]) if row[i] is not None else None
        resolved.append(tuple(row))
    return _frame(resolved, ASK_COLUMNS)
