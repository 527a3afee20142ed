"""``graphintro people``, ``stats``, ``tie rate`` and ``forget``: who is in the store, and fixing it."""

from typing import Annotated, Any

import typer

from graphintro.cli.core import (
    Command,
    Group,
    JsonOption,
    PlainGroup,
    cli_context,
    console,
    handles_errors,
    print_json,
)


class PeopleGroup(Group):
    """``people``: a search (``people WORDS...``) with two sub-commands (``merge``, ``split``).

    Read as a plain group, ``people merge 12 57`` would give the search three words; when the
    first word (options aside) names a sub-command, the search words are not read and the
    sub-command runs, so the spelling of before is the sub-command's."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if _first_word(self, args) not in self.commands:
            ctx.allow_interspersed_args = True  # a search: options anywhere, as in any command
            return super().parse_args(ctx, args)
        # Typer makes the command afresh for each run: it keeps no words for this one, and the
        # sub-command's usage line shows none ("graphintro people merge [OPTIONS] [ID...]").
        self.params = [param for param in self.params if param.name != "words"]
        return super().parse_args(ctx, args)


def _first_word(command: Any, args: list[str]) -> str | None:
    """The first argument that is neither an option nor an option's value."""
    valued = {
        name
        for param in command.params
        if param.param_type_name == "option" and not param.is_flag
        for name in param.opts
    }
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg == "--":
            return None
        elif arg.startswith("-"):
            skip = arg in valued  # "--limit 5"; "--limit=5" and "-n5" carry their value
        else:
            return arg
    return None


people_app = typer.Typer(cls=PeopleGroup, invoke_without_command=True)


@people_app.callback()
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
) -> None:
    """Search people (accents and case ignored); 'people merge ID ID' and 'people split ID' fix identities."""
    if ctx.invoked_subcommand is not None:
        return
    from graphintro.people import count_people, search_people

    query = " ".join(words or [])
    with cli_context(ctx).workspace(create=True) as workspace:
        found = search_people(workspace.store, query, limit=limit)
        total = count_people(workspace.store, query) if limit and len(found) >= limit else len(found)
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


IdsArgument = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="ID...", help="Person ids, as 'people' shows them (12 or #12).", show_default=False
    ),
]


@people_app.command("merge", cls=Command)
@handles_errors
def people_merge_command(
    ctx: typer.Context, ids: IdsArgument = None, json_output: JsonOption = False
) -> None:
    """Merge two people who are one: 'people merge KEEP OTHER' (undo with 'people split KEEP')."""
    from graphintro.people import describe_people

    keep, absorb = _ids(ids or [], 2, "merge")
    with cli_context(ctx).workspace(create=True) as workspace:
        workspace.merge_people(keep, absorb)
        found = describe_people(workspace.store, [workspace.store.resolve_id(keep)])
    message = f"merged #{absorb} into #{keep} (undo with 'graphintro people split {keep}')"
    _say_people(ctx, found, message, json_output)


@people_app.command("split", cls=Command)
@handles_errors
def people_split_command(
    ctx: typer.Context, ids: IdsArgument = None, json_output: JsonOption = False
) -> None:
    """Split a person back into the people their exports named: 'people split ID' (undoes merges)."""
    from graphintro.people import describe_people

    (person_id,) = _ids(ids or [], 1, "split")
    with cli_context(ctx).workspace(create=True) as workspace:
        pieces = workspace.split_person(person_id)
        found = describe_people(workspace.store, pieces)
    message = f"split #{person_id} into {len(pieces)} people: " + ", ".join(f"#{p}" for p in pieces)
    _say_people(ctx, found, message, json_output)


def _say_people(ctx: typer.Context, found: list[dict], message: str, json_output: bool) -> None:
    """The people a merge or split left, as JSON (``--json`` after the sub-command, or before it
    as ``people --json merge ...`` was written), else one line."""
    parent = ctx.parent.params if ctx.parent is not None else {}
    if json_output or parent.get("json_output"):
        print_json({"people": found})
    else:
        typer.echo(message)


def _ids(values: list[str], count: int, action: str) -> list[int]:
    from graphintro.errors import UsageError

    if len(values) != count or not all(v.lstrip("#").isdigit() for v in values):
        raise UsageError(f"usage: graphintro people {action} " + " ".join(["ID"] * count))
    return [int(v.lstrip("#")) for v in values]


def _render_people(found: list[dict]) -> None:
    from rich.table import Table
    from rich.text import Text

    from graphintro.output import terminal_text

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
def stats_command(ctx: typer.Context, json_output: JsonOption = False) -> None:
    """What the store holds: people, team members, ties, interactions, groups."""
    from graphintro.people import store_stats

    with cli_context(ctx).store(must_exist=True) as store:
        stats = store_stats(store)
    if json_output:
        print_json(stats)
        return
    for key, value in stats.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k} {v}" for k, v in sorted(value.items())) or "none"
        typer.echo(f"{key.replace('_', ' ')}: {value}")


tie_app = typer.Typer(
    cls=PlainGroup, help="Ties between two people: rate them by hand.", no_args_is_help=True
)


@tie_app.command("rate", cls=Command)
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
) -> None:
    """Rate the tie between two people from 1 to 5; the rating overrides the computed strength."""
    from graphintro.people import resolve_person

    with cli_context(ctx).workspace(create=True) as workspace:
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
) -> None:
    """Erase a person and every fact about them (right to erasure); they stay out of later imports."""
    from graphintro.errors import UsageError
    from graphintro.people import resolve_person

    with cli_context(ctx).workspace() as workspace:
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
