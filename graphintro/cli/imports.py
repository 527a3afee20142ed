"""``graphintro import`` and ``graphintro sync``: exports into the store, the store to Neo4j."""

from pathlib import Path
from typing import Annotated

import typer

from graphintro.cli.core import (
    JsonOption,
    cli_context,
    handles_errors,
    print_json,
    progress_bar,
)


@handles_errors
def import_command(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="LinkedIn export ZIP or folder, Connections.csv, .vcf, contacts or groups CSV.",
            show_default=False,
        ),
    ] = None,
    owner: Annotated[str, typer.Option("--owner", help="Whose export this is (a team member's name).")] = "",
    owner_url: Annotated[
        str,
        typer.Option("--owner-url", help="The owner's profile URL, to recognise them in teammates' exports."),
    ] = "",
    format: Annotated[
        str | None, typer.Option("--format", help="Force the format: linkedin|viadeo|vcard|csv|groups.")
    ] = None,
    map: Annotated[
        str | None,
        typer.Option(
            "--map", help="Column mapping for odd CSVs: name=Who,company=Org,position=Role,email=Mail."
        ),
    ] = None,
    owner_mismatch_ok: Annotated[
        bool,
        typer.Option(
            "--owner-mismatch-ok",
            help="Import it for --owner although the export names someone else (exit 2 otherwise).",
        ),
    ] = False,
    team: Annotated[
        Path | None,
        typer.Option(
            "--team",
            help="A manifest (CSV or TOML: owner, owner URL, files) of the whole team's exports, imported in one transaction.",
        ),
    ] = None,
    json_output: JsonOption = False,
) -> None:
    """Import a team member's exports (or the whole team's, --team); re-importing the same file changes nothing."""
    if team is not None:
        exports = _team_exports(
            team,
            paths,
            owner=owner,
            owner_url=owner_url,
            fmt=format,
            map=map,
            owner_mismatch_ok=owner_mismatch_ok,
        )
    else:
        from graphintro.errors import UsageError
        from graphintro.importers.addressbook import parse_mapping

        if not paths:
            raise UsageError("give the exports to import (with --owner), or --team MANIFEST")
        mapping = parse_mapping(map)
    with cli_context(ctx).workspace(create=True, show_progress=not json_output) as workspace:
        if team is not None:
            with progress_bar(enabled=not json_output, label="importing the team") as progress:
                summaries = workspace.import_team(exports, progress=progress)
        else:
            with progress_bar(enabled=not json_output) as progress:
                summaries = [
                    workspace.import_paths(
                        paths or [],
                        owner=owner,
                        owner_url=owner_url,
                        fmt=format,
                        mapping=mapping,
                        progress=progress,
                        owner_mismatch_ok=owner_mismatch_ok,
                    )
                ]
        synced = workspace.last_sync
    if json_output:
        if team is not None:
            print_json(
                {"imports": [summary.to_dict() for summary in summaries]}
                | ({"sync": synced} if synced else {})
            )
        else:
            print_json(summaries[0].to_dict() | ({"sync": synced} if synced else {}))
        return
    from graphintro.render import render_import

    for summary in summaries:
        render_import(summary, typer.echo)
    if synced:
        typer.echo(_synced_line(synced))


def _team_exports(manifest: Path, paths: list[Path] | None, **single_import_options) -> list:
    """The exports ``--team`` names; the options of a single import have no meaning beside it."""
    from graphintro.errors import UsageError
    from graphintro.manifest import read_manifest

    given = [f"--{name.replace('_', '-')}" for name, value in single_import_options.items() if value]
    if paths or given:
        what = ", ".join((["export paths"] if paths else []) + given)
        raise UsageError(
            f"--team takes every export from the manifest: {what} cannot be given with it"
            " (owner_url, format and map are columns of the manifest)"
        )
    return read_manifest(manifest)


def _synced_line(result: dict) -> str:
    removed = sum(result["removed"].values())
    return (
        f"synced to Neo4j at {result['uri']}: {result['people']} people, {result['ties']} ties,"
        f" {result['groups']} groups, {result['memberships']} memberships"
        + (f", {removed} stale items removed" if removed else "")
        + f" in {result['seconds']:.1f} s"
    )


@handles_errors
def sync_command(
    ctx: typer.Context,
    replace: Annotated[
        bool, typer.Option("--replace", help="The server mirrors another store: replace its data.")
    ] = False,
    json_output: JsonOption = False,
) -> None:
    """Push the embedded store to Neo4j (NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE); idempotent."""
    with cli_context(ctx).workspace(show_progress=not json_output) as workspace:
        result = workspace.sync(replace=replace)
    if json_output:
        print_json(result)
    else:
        typer.echo(_synced_line(result))
