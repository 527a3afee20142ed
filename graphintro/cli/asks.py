"""``graphintro asks`` (``done``, ``cancel``), ``inbox`` and ``calibration``: the introductions asked, and what came of them."""

from pathlib import Path
from typing import Annotated

import typer

from graphintro.cli.core import (
    Command,
    CrmOption,
    Group,
    JsonOption,
    cli_context,
    crm_format,
    emit,
    handles_errors,
    print_json,
)

asks_app = typer.Typer(
    cls=Group,
    help="The introductions asked: list them, close them with their outcome, cancel them.",
    invoke_without_command=True,
)


@asks_app.callback()
@handles_errors
def asks_command(
    ctx: typer.Context,
    status: Annotated[str, typer.Option("--status", help="open (default), closed or all.")] = "open",
    introducer: Annotated[
        str | None, typer.Option("--introducer", help="Only the asks made of this person.")
    ] = None,
    csv_file: Annotated[
        Path | None,
        typer.Option("--csv", help="Write the asks' targets as a CRM contact import (with --format)."),
    ] = None,
    crm: CrmOption = None,
    json_output: JsonOption = False,
) -> None:
    """The asks, newest first; open asks older than [asks] follow_up_days (7) are flagged for a follow-up."""
    if ctx.invoked_subcommand is not None:
        return
    if csv_file and not crm:
        from graphintro.errors import UsageError

        raise UsageError(
            "asks --csv writes a CRM contact import: add --format hubspot or --format salesforce"
        )
    crm = crm_format(crm, csv_file)
    from graphintro.asks import list_asks
    from graphintro.render import render_asks

    with cli_context(ctx).store(must_exist=True) as store:
        result = list_asks(store, status=status, introducer=introducer)
        if csv_file:
            from graphintro.crm import ask_contacts, write_contacts

            assert crm is not None  # checked above: --csv needs --format
            write_contacts(ask_contacts(result, store), csv_file, crm)
    if json_output:
        print_json({"asks": result["asks"]})
    else:
        render_asks(result, typer.echo)


@asks_app.command("done", cls=Command)
@handles_errors
def asks_done_command(
    ctx: typer.Context,
    ask_id: Annotated[int, typer.Argument(help="The ask's number (graphintro asks).", show_default=False)],
    outcome: Annotated[
        str, typer.Argument(help="introduced, declined, no-reply, met or won.", show_default=False)
    ],
    on: Annotated[
        str | None, typer.Option("--on", help="When it happened (YYYY-MM-DD; default: now).")
    ] = None,
    note: Annotated[str, typer.Option("--note", help="What happened, in a few words.")] = "",
) -> None:
    """Close an ask with its outcome."""
    from graphintro.asks import OUTCOMES
    from graphintro.errors import UsageError

    if outcome not in OUTCOMES:
        raise UsageError(f"outcome must be one of {', '.join(OUTCOMES)} (got '{outcome}')")
    with cli_context(ctx).workspace() as workspace:
        result = workspace.close_ask(ask_id, outcome, on=on, note=note)
    typer.echo(f"ask #{result['id']} closed: {result['outcome']} ({result['closed'][:10]})")


@asks_app.command("cancel", cls=Command)
@handles_errors
def asks_cancel_command(
    ctx: typer.Context,
    ask_id: Annotated[int, typer.Argument(help="The ask's number (graphintro asks).", show_default=False)],
) -> None:
    """Cancel an open ask (it was never sent, or no longer needed): closed, outcome 'cancelled'."""
    with cli_context(ctx).workspace() as workspace:
        result = workspace.close_ask(ask_id, "cancelled")
    typer.echo(f"ask #{result['id']} cancelled")


@handles_errors
def inbox_command(
    ctx: typer.Context,
    owner: Annotated[
        str | None, typer.Option("--owner", help="Only this team member (id, URL, email or name).")
    ] = None,
    days: Annotated[
        int, typer.Option("--days", help="Messages and invitations waiting longer than this many days.")
    ] = 7,
    json_output: JsonOption = False,
) -> None:
    """Always answer: per member, unanswered messages, pending incoming invitations and open asks to introduce."""
    from graphintro.inbox import waiting
    from graphintro.render import render_inbox

    with cli_context(ctx).workspace() as workspace:  # the embedded store only: messages and asks live there
        member = workspace.resolve_member(owner, embedded=True) if owner else None
        result = waiting(workspace.store, owner=member, days=days)
    emit(result, json_output, lambda data, echo: render_inbox(data, echo, days))


@handles_errors
def calibration_command(ctx: typer.Context, json_output: JsonOption = False) -> None:
    """How well do path probabilities predict introductions? Closed asks per decile, ECE, calibration."""
    from graphintro.calibration import calibration_table
    from graphintro.render import render_calibration

    with cli_context(ctx).store(must_exist=True) as store:
        result = calibration_table(store)
    emit(result, json_output, render_calibration)
