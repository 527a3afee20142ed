"""``graphintro demo``: a synthetic team in the real export formats, imported and questioned.

The demo writes its exports and its own store in a folder of its own (a temporary one unless
``--dir`` is given), so it never mixes synthetic people into a real store.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from graphintro.errors import UsageError

if TYPE_CHECKING:
    from graphintro.workspace import Workspace

Echo = Callable[[str], None]


def run_demo(
    db: Path | None,
    directory: Path | None,
    members: int = 5,
    contacts: int = 300,
    seed: int = 7,
    echo: Echo = print,
) -> Path:
    """Generate, import and show; returns the path of the demo store."""
    from graphintro.demo import generate_team
    from graphintro.people import search_people, store_stats
    from graphintro.workspace import open as open_workspace

    directory = Path(directory) if directory else Path(tempfile.mkdtemp(prefix="graphintro-demo-"))
    directory.mkdir(parents=True, exist_ok=True)
    db = Path(db) if db else directory / "demo.db"
    # Local whatever $GRAPHINTRO_BACKEND says: synthetic people are never mirrored to a team's server.
    workspace = open_workspace(db, backend="local", create=True)
    store = workspace.store
    try:
        if store.conn.execute("SELECT COUNT(*) FROM imports").fetchone()[0]:
            raise UsageError(
                f"{db}: the demo needs an empty store (it would mix synthetic people into real ones)"
            )
        team = generate_team(directory, members=members, contacts=contacts, seed=seed, history=True)
        echo(f"A synthetic team of {len(team.members)} in the real export formats: {directory}")
        for member, summary in zip(team.members, workspace.import_team(team.exports()), strict=False):
            contacts_seen = sum(f.contacts for f in summary.files)
            merged = sum(f.merged for f in summary.files)
            kinds = ", ".join(sorted({f.format for f in summary.files}))
            echo(
                f"  imported {member.name} ({kinds}): {contacts_seen} contacts, {merged} already known"
                " from a teammate's export"
            )
        stats = store_stats(store)
        echo(
            f"\nThe team's graph: {stats['people']} people, {stats['ties']} ties, {stats['groups']} groups, "
            f"{sum(stats['interactions'].values())} interactions (messages, endorsements, recommendations)."
        )
        shared = [p for p in search_people(store, None) if len({s["owner"] for s in p["sources"]}) >= 3][:1]
        for person in shared:
            owners = ", ".join(sorted({s["owner"] for s in person["sources"]}))
            echo(f"One person, several exports: {person['name']} is known to {owners}.")
        _show_path(workspace, team, echo)
        _show_accounts(store, team, echo)
        _show_experts(workspace, team, echo)
        _show_scores(workspace, team, directory, echo)
    finally:
        workspace.close()
    asks_db = _show_asks(db, team, directory, echo)
    echo(
        f"\nExplore it yourself, e.g.:\n  graphintro --db {db} people fontaine\n"
        f'  graphintro --db {db} path "{team.planted.get("user", team.members[0].name)}" '
        f'--company "{team.planted.get("target_company", "")}"\n'
        f'  graphintro --db {db} contacts --owner "{team.planted.get("deep_member", team.members[0].name)}"'
        + (f"\n  graphintro --db {asks_db} asks --status all" if asks_db else "")
    )
    return db


def _show_experts(workspace: Workspace, team, echo: Echo) -> None:
    from graphintro.errors import NotFoundError
    from graphintro.render import render_answer

    topic = team.planted.get("topic")
    if not topic:
        return
    echo(f'\nWho knows {topic}?  (graphintro experts "{topic}")')
    try:
        render_answer(workspace.experts(topic, n=3), echo)
    except NotFoundError as error:
        echo(f"  {error}")


def _show_path(workspace: Workspace, team, echo: Echo) -> None:
    from graphintro.errors import NotFoundError
    from graphintro.render import render_answer

    user, target = team.planted.get("user"), team.planted.get("target")
    if not user or not target:
        return
    echo(f'\nWho can introduce {user} to {target}?  (graphintro path "{user}" "{target}")')
    try:
        render_answer(workspace.introductions(source=user, target=target, k=2), echo)
    except NotFoundError as error:
        echo(f"  {error}")


def _show_accounts(store, team, echo: Echo) -> None:
    """The target account and the expert's company: coverage, owners, the best introductions."""
    from graphintro.accounts import account_coverage
    from graphintro.render import render_accounts

    companies = [c for c in (team.planted.get("target_company"), "Thales") if c]
    if not companies:
        return
    quoted = " ".join(f'"{c}"' for c in companies)
    echo(f"\nHow well do we cover our accounts?  (graphintro accounts {quoted} -n 2)")
    render_accounts(account_coverage(store, companies, n=2), lambda line: echo(f"  {line}" if line else ""))


def _show_scores(workspace: Workspace, team, directory: Path, echo: Echo) -> None:
    """Quality, not size: every member's score, and a report written next to the exports."""
    from graphintro.render import render_answer
    from graphintro.report import build_report, render_report, write_report

    scores = workspace.score()
    echo("\nHow good is our network?  (graphintro score)")
    render_answer(scores, lambda line: echo(f"  {line}" if line else ""))
    by_name = {m.name: m for m in scores.members}
    deep, shallow = (
        by_name.get(team.planted.get("deep_member")),
        by_name.get(team.planted.get("shallow_member")),
    )
    if deep and shallow:
        echo(
            f"  {deep.name} ({deep.contacts} contacts, {deep.details['strong_ties']} strong ties) scores "
            f"{deep.score:.0f}; {shallow.name} ({shallow.contacts} contacts, {shallow.details['strong_ties']} strong) "
            f"scores {shallow.score:.0f}: quality, not size."
        )
    # The demo shows a report but records no snapshot: the team's history starts with its own reports.
    path = write_report(render_report(build_report(workspace.store), "html"), directory / "report.html")
    echo(f"\nThe team's report (graphintro report --out report.html): {path}")


def _show_asks(db: Path, team, directory: Path, echo: Echo) -> Path | None:
    """From path to introduction: ask → asks → asks done → calibration → inbox, in a copy of the demo
    store (the demo store itself keeps no ask, so that its answers stay the model's own). The copy
    has its own workspace, which the ask and its outcome are written through, as the CLI's are."""
    import shutil

    from graphintro.asks import list_asks
    from graphintro.calibration import calibration_table
    from graphintro.errors import NotFoundError
    from graphintro.inbox import waiting
    from graphintro.render import render_ask, render_asks, render_calibration, render_inbox
    from graphintro.workspace import open as open_workspace

    user, target = team.planted.get("user"), team.planted.get("target")
    if not user or not target:
        return None
    copy = directory / "asks-demo.db"
    shutil.copyfile(db, copy)

    def indent(line: str) -> None:
        echo(f"  {line}" if line else "")

    echo(f"\nFrom path to introduction  (in a copy of the demo store: {copy})")
    with open_workspace(copy, backend="local") as workspace:
        store = workspace.store
        try:
            asked = workspace.make_ask(user, target)
        except NotFoundError as error:
            echo(f"  {error}")
            return None
        echo(f'$ graphintro ask "{user}" "{target}"')
        render_ask(asked, indent)
        echo("$ graphintro asks")
        render_asks(list_asks(store), indent)
        ask_id = asked["ask"]["id"]
        done = workspace.close_ask(ask_id, "introduced", note="call booked")
        echo(f'$ graphintro asks done {ask_id} introduced --note "call booked"')
        echo(f"  ask #{done['id']} closed: {done['outcome']} ({done['closed'][:10]})")
        echo("$ graphintro calibration")
        render_calibration(calibration_table(store), indent)
        introducer = asked["ask"]["introducer"]
        inbox = waiting(store, owner=introducer["id"])
        echo(f'$ graphintro inbox --owner "{introducer["name"]}"')
        render_inbox(inbox, indent, limit=5)
    return copy
