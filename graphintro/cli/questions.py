"""``graphintro path``, ``experts`` and ``ask``: who can introduce me, who knows this subject."""

from pathlib import Path
from typing import Annotated

import typer

from graphintro.cli.core import (
    CrmOption,
    IgnoreLoadOption,
    JsonOption,
    cli_context,
    crm_format,
    emit,
    handles_errors,
    show_answer,
    write_crm_file,
)


@handles_errors
def path_command(
    ctx: typer.Context,
    names: Annotated[
        list[str] | None,
        typer.Argument(
            help="FROM [TO]: you, then the person to reach (id, URL, email or name).", show_default=False
        ),
    ] = None,
    k: Annotated[int, typer.Option("-k", help="How many paths.")] = 3,
    max_hops: Annotated[int, typer.Option("--max-hops", help="At most this many links.")] = 4,
    avoid: Annotated[
        list[str] | None, typer.Option("--avoid", help="Never go through this person (repeatable).")
    ] = None,
    company: Annotated[
        str | None, typer.Option("--company", help="Reach anyone currently at this company.")
    ] = None,
    title: Annotated[
        str | None, typer.Option("--title", help="With --company: title words, e.g. 'VP|Directeur|Head'.")
    ] = None,
    team: Annotated[
        bool, typer.Option("--team", help="Start from any team member, not from one person.")
    ] = False,
    repeat_introducers: Annotated[
        bool,
        typer.Option(
            "--repeat-introducers", help="The k most probable paths, even through the same introducer."
        ),
    ] = False,
    ignore_load: IgnoreLoadOption = False,
    json_output: JsonOption = False,
) -> None:
    """Who can introduce me? The most probable warm introduction paths, with the evidence for every link."""
    from graphintro.cli.path_line import answer_path

    code = answer_path(
        cli_context(ctx).workspace,
        typer.echo,
        names=names,
        k=k,
        max_hops=max_hops,
        avoid=avoid,
        company=company,
        title=title,
        team=team,
        repeat_introducers=repeat_introducers,
        ignore_load=ignore_load,
        json_output=json_output,
    )
    if code:
        raise typer.Exit(code)


@handles_errors
def experts_command(
    ctx: typer.Context,
    topic: Annotated[
        str,
        typer.Argument(
            help="The subject, in French or English: 'cybersécurité', 'data engineer'.", show_default=False
        ),
    ],
    source: Annotated[
        str | None, typer.Option("--from", help="Reach experts from this person (default: the team).")
    ] = None,
    n: Annotated[int, typer.Option("-n", help="How many experts.")] = 10,
    company: Annotated[
        str | None, typer.Option("--company", help="Only experts currently at this company.")
    ] = None,
    exclude_team: Annotated[
        bool, typer.Option("--exclude-team", help="Leave out the team's own members.")
    ] = False,
    sort: Annotated[
        str, typer.Option("--sort", help="relevance (default), expertise or reach.")
    ] = "relevance",
    csv_file: Annotated[
        Path | None, typer.Option("--csv", help="Also write a recruiter-friendly sheet here.")
    ] = None,
    crm: CrmOption = None,
    json_output: JsonOption = False,
) -> None:
    """Who knows this subject? Experts and community hubs for a topic, each with the way to reach them."""
    crm = crm_format(crm, csv_file)
    with cli_context(ctx).workspace() as workspace:
        result = workspace.experts(
            topic, source=source, n=n, company=company, exclude_team=exclude_team, sort=sort
        )
    if csv_file and crm:
        write_crm_file(cli_context(ctx), "experts", result.to_dict(), csv_file, crm)
    elif csv_file:
        from graphintro.render import write_experts_csv

        write_experts_csv(result, csv_file)
    show_answer(result, json_output)


@handles_errors
def ask_command(
    ctx: typer.Context,
    source: Annotated[
        str,
        typer.Argument(help="FROM: who wants the introduction (id, URL, email or name).", show_default=False),
    ],
    target: Annotated[str, typer.Argument(help="TO: the person to be introduced to.", show_default=False)],
    via: Annotated[
        str | None, typer.Option("--via", help="Ask this introducer (default: the best answer of 'path').")
    ] = None,
    lang: Annotated[
        str | None, typer.Option("--lang", help="fr or en (default: [asks] lang of the config, else fr).")
    ] = None,
    ignore_load: IgnoreLoadOption = False,
    json_output: JsonOption = False,
) -> None:
    """Draft the double opt-in introduction request to the introducer, and a note to forward; record the ask."""
    from graphintro.render import render_ask

    with cli_context(ctx).workspace() as workspace:
        result = workspace.make_ask(source, target, via=via, lang=lang, ignore_load=ignore_load)
    emit(result, json_output, render_ask)
