"""``graphintro score``, ``contacts``, ``accounts``, ``report`` and ``export``: how good the network is, and the data out."""

from pathlib import Path
from typing import Annotated

import typer

from graphintro.cli.core import (
    CrmOption,
    IgnoreLoadOption,
    JsonOption,
    OwnerOption,
    TargetsOption,
    cli_context,
    crm_format,
    emit,
    handles_errors,
    print_json,
    show_answer,
    write_crm_file,
    write_stdout,
)


@handles_errors
def score_command(
    ctx: typer.Context,
    owner: OwnerOption = None,
    targets: TargetsOption = None,
    json_output: JsonOption = False,
) -> None:
    """How good is our network? A 0-100 score per member and for the team, from named components."""
    from graphintro.quality import load_targets

    wanted = load_targets(targets) if targets else None
    with cli_context(ctx).workspace() as workspace:
        scores = workspace.score(targets=wanted, owner=owner)
    show_answer(scores, json_output)


@handles_errors
def contacts_command(
    ctx: typer.Context,
    owner: OwnerOption = None,
    targets: TargetsOption = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="At most this many per list.")] = 10,
    json_output: JsonOption = False,
) -> None:
    """Which contacts matter: most valuable and why, dormant strong ties, key-person risk, overlaps."""
    from graphintro.contacts import rank_contacts
    from graphintro.quality import load_targets

    wanted = load_targets(targets) if targets else None

    with cli_context(ctx).workspace() as workspace:  # the embedded store only, as the other store reports
        person = workspace.resolve_member(owner, embedded=True) if owner else None
        result = rank_contacts(workspace.store, owner=person, targets=wanted, limit=limit)
    from graphintro.report.text import render_contacts

    emit(result, json_output, render_contacts)


@handles_errors
def accounts_command(
    ctx: typer.Context,
    companies: Annotated[
        list[str] | None, typer.Argument(help="Target companies (or --targets).", show_default=False)
    ] = None,
    targets: TargetsOption = None,
    n: Annotated[
        int, typer.Option("-n", help="How many people per account get their best introduction.")
    ] = 3,
    csv_file: Annotated[
        Path | None,
        typer.Option(
            "--csv",
            help="Also write one row per account here (with --format: one contact per introduction,"
            " and the accounts as companies in FILE-companies.csv).",
        ),
    ] = None,
    crm: CrmOption = None,
    ignore_load: IgnoreLoadOption = False,
    json_output: JsonOption = False,
) -> None:
    """How well does the team cover its target accounts? Coverage, owners, single-threaded accounts,
    the best introductions and what to do where there is none."""
    from graphintro.accounts import account_coverage
    from graphintro.errors import UsageError
    from graphintro.quality import load_targets

    if n < 1:
        raise UsageError("-n must be at least 1")
    crm = crm_format(crm, csv_file)
    wanted = load_targets(targets) if targets else None
    with cli_context(ctx).store(must_exist=True) as store:
        result = account_coverage(store, companies or [], targets=wanted, n=n, ignore_load=ignore_load)
    if csv_file and crm:
        write_crm_file(cli_context(ctx), "accounts", result, csv_file, crm)
    elif csv_file:
        from graphintro.render import write_accounts_csv

        write_accounts_csv(result, csv_file)
    from graphintro.render import render_accounts

    emit(result, json_output, render_accounts)


@handles_errors
def report_command(
    ctx: typer.Context,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Write the report here (mode 0600); default: standard output."),
    ] = None,
    format: Annotated[
        str | None,
        typer.Option("--format", help="html, md or json (default: from --out's suffix, else html)."),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since", help="List what changed since this date (YYYY-MM-DD); default: since the last report."
        ),
    ] = None,
    targets: TargetsOption = None,
    redact: Annotated[
        bool,
        typer.Option(
            "--redact",
            help="Hide people outside the team: initials and a generalised role, never company, title, URL or e-mail.",
        ),
    ] = False,
) -> None:
    """Write the network-quality report (scores, trend, changes, contacts) and store a dated snapshot."""
    from graphintro.quality import load_targets
    from graphintro.report import build_report, render_report, take_snapshot, write_report
    from graphintro.report import redact as redact_names

    suffix = out.suffix.lower().lstrip(".") if out else ""
    fmt = (format or {"md": "md", "markdown": "md", "json": "json"}.get(suffix, "html")).lower()
    wanted = load_targets(targets) if targets else None
    with cli_context(ctx).store(must_exist=True) as store:
        data = build_report(store, targets=wanted, since=since)
        text = render_report(redact_names(data) if redact else data, fmt)
        if out:
            written = write_report(text, out)
        else:
            write_stdout(text)
        take_snapshot(store, data["_scores"], data["generated_at"])
    if out:
        typer.echo(f"wrote {written} ({fmt}): team score {data['scores']['team']['score']:.0f}")


@handles_errors
def export_command(
    ctx: typer.Context,
    format: Annotated[
        str,
        typer.Option(
            "--format",
            help="graphml or gexf (Gephi), csv or parquet (a folder of tables), json (JSON Lines).",
            show_default=False,
        ),
    ],
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            help="The file (graphml, gexf, json) or folder (csv, parquet) to write (mode 0600).",
            show_default=False,
        ),
    ],
    min_strength: Annotated[
        float, typer.Option("--min-strength", help="Only ties at least this strong (0 to 1).")
    ] = 0.0,
    owner: Annotated[
        str | None,
        typer.Option(
            "--owner", help="Only this member's network: them, their ties, the ties among those people."
        ),
    ] = None,
    redact: Annotated[
        bool,
        typer.Option(
            "--redact",
            help="Hide people outside the team: initials and a generalised role, never company, title or URL.",
        ),
    ] = False,
    json_output: JsonOption = False,
) -> None:
    """Export the tie graph and tables for Gephi, pandas and other tools (GraphML, GEXF, CSV, Parquet, JSON Lines)."""
    from graphintro.exports import export

    with cli_context(ctx).workspace() as workspace:  # the embedded store only: it is what is exported
        person = workspace.resolve_member(owner, embedded=True) if owner else None
        result = export(
            workspace.store, format.lower(), out, min_strength=min_strength, owner=person, redact=redact
        )
    if json_output:
        print_json(result)
    else:
        typer.echo(
            f"wrote {result['out']} ({result['format']}): {result['people']} people, {result['ties']} ties"
        )
