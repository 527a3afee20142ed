"""``graphintro people``, ``stats``, ``tie rate`` and ``forget``: who is in the store, and fixing it."""

from __future__ import annotations

from typing import Annotated

import typer

from graphintro.cli.core import (
    DbOption,
    JsonOption,
    console,
    handles_errors,
    print_json,
)
from graphintro.output import terminal_text


@handles_errors
def people_command(
    ctx: typer.Context,
    words: Annotated[
        list[str] | None,
        typer.Argument(
            help="Search words (name, company, position), or 'merge ID ID' / 'split ID'.", show_default=False
        ),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="At most this many people.")] = 50,
    json_output: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Search people (accents and case ignored); 'people merge ID ID' and 'people split ID' fix identities."""
    from graphintro.people import count_people, describe_people, search_people

    words = words or []
    with ctx.obj.workspace(db, create=True) as workspace:
        store = workspace.store
        if words and words[0] in {"merge", "split"}:
            ids = _ids(words[1:], 2 if words[0] == "merge" else 1, words[0])
            if words[0] == "merge":
                workspace.merge_people(ids[0], ids[1])
                found = describe_people(store, [store.resolve_id(ids[0])])
                message = f"merged #{ids[1]} into #{ids[0]} (undo with 'graphintro people split {ids[0]}')"
            else:
                pieces = workspace.split_person(ids[0])
                found = describe_people(store, pieces)
                message = f"split #{ids[0]} into {len(pieces)} people: " + ", ".join(f"#{p}" for p in pieces)
            if json_output:
                print_json({"people": found})
            else:
                typer.echo(message)
            return
        found = search_people(store, " ".join(words), limit=limit)
        total = count_people(store, " ".join(words)) if limit and len(found) >= limit else len(found)
    if json_output:
        print_json({"people": found, "total": total, "truncated": len(found) < total})
    else:
        _render_people(found)
        if len(found) < total:
            typer.echo(f"{len(found)} of {total} (-n to see more)")
    if not found:
        if not json_output:
            typer.echo("nobody found", err=True)
        raise typer.Exit(1)


def _ids(values: list[str], count: int, action: str) -> list[int]:
    from graphintro.errors import UsageError

    if len(values) != count or not all(v.lstrip("#").isdigit() for v in values):
        raise UsageError(f"usage: graphintro people {action} " + " ".join(["ID"] * count))
    return [int(v.lstrip("#")) for v in values]


def _render_people(found: list[dict]) -> None:
    from rich.table import Table
    from rich.text import Text

    table = Table("id", "name", "company", "position", "seen in", box=None, pad_edge=False)
    for person in found:
        owners = sorted({s["owner"] for s in person["sources"] if s["owner"]})
        name = person["name"] + (" (team)" if person.get("member") else "")
        # Text cells: rich would read "[link=…]" or "[bold]" in a name as its own markup.
        table.add_row(
            *(
                Text(terminal_text(cell))
                for cell in (
                    f"#{person['id']}",
                    name,
                    person["company"],
                    person["position"],
                    ", ".join(owners),
                )
            )
        )
    console().print(table)


@handles_errors
def stats_command(ctx: typer.Context, json_output: JsonOption = False, db: DbOption = None) -> None:
    """What the store holds: people, team members, ties, interactions, groups."""
    from graphintro.people import store_stats

    with ctx.obj.store(db, must_exist=True) as store:
        stats = store_stats(store)
    if json_output:
        print_json(stats)
        return
    for key, value in stats.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k} {v}" for k, v in sorted(value.items())) or "none"
        typer.echo(f"{key.replace('_', ' ')}: {value}")


tie_app = typer.Typer(help="Ties between two people: rate them by hand.", no_args_is_help=True)


@tie_app.command("rate")
@handles_errors
def tie_rate_command(
    ctx: typer.Context,
    first: Annotated[str, typer.Argument(help="One person (id, URL, email or name).", show_default=False)],
    second: Annotated[str, typer.Argument(help="The other person.", show_default=False)],
    rating: Annotated[
        int,
        typer.Argument(
            help="1 (barely know) to 5 (close): overrides the computed strength.",
            min=1,
            max=5,
            show_default=False,
        ),
    ],
    note: Annotated[str, typer.Option("--note", help="Why, in a few words.")] = "",
    db: DbOption = None,
) -> None:
    """Rate the tie between two people from 1 to 5; the rating overrides the computed strength."""
    from graphintro.people import resolve_person

    with ctx.obj.workspace(db, create=True) as workspace:
        a, b = resolve_person(workspace.store, first), resolve_person(workspace.store, second)
        strength = workspace.rate_tie(a, b, rating, note)
    typer.echo(f"tie #{a} – #{b} rated {rating}/5 (strength {strength:.1f})")


@handles_errors
def forget_command(
    ctx: typer.Context,
    person: Annotated[
        str, typer.Argument(help="The person to erase (id, URL, email or name).", show_default=False)
    ],
    yes: Annotated[bool, typer.Option("--yes", help="Confirm: the erasure cannot be undone.")] = False,
    json_output: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Erase a person and every fact about them (right to erasure); they stay out of later imports."""
    from graphintro.errors import UsageError
    from graphintro.people import resolve_person

    with ctx.obj.workspace(db) as workspace:
        person_id = resolve_person(workspace.store, person)
        if not yes:
            raise UsageError(
                f"this erases #{person_id} and every fact about them for good: add --yes to confirm"
            )
        result = workspace.forget_person(person_id)
    if json_output:
        print_json(result)
        return
    removed = ", ".join(f"{count} {kind}" for kind, count in result["removed"].items()) or "nothing else"
    typer.echo(f"forgot #{result['id']} {result['name']}: removed {removed}")
