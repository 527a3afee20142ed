"""``graphintro demo`` and ``serve``: a synthetic team to try, and the web app."""

from pathlib import Path
from typing import Annotated

import typer

from graphintro.cli.core import (
    cli_context,
    handles_errors,
)


@handles_errors
def demo_command(
    ctx: typer.Context,
    directory: Annotated[
        Path | None,
        typer.Option("--dir", help="Where to write the demo exports (default: a temporary folder)."),
    ] = None,
    members: Annotated[int, typer.Option("--members", help="Team size.")] = 5,
    contacts: Annotated[int, typer.Option("--contacts", help="Contacts per member (mean).")] = 300,
    seed: Annotated[int, typer.Option("--seed", help="Random seed: same seed, same team.")] = 7,
) -> None:
    """Generate a synthetic team in the real export formats, import it, and show what graphintro does."""
    from graphintro.demo_run import run_demo

    run_demo(cli_context(ctx).db, directory, members=members, contacts=contacts, seed=seed, echo=typer.echo)


@handles_errors
def serve_command(
    ctx: typer.Context,
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (default: this machine only).")
    ] = "127.0.0.1",
    port: Annotated[
        int, typer.Option("--port", help="Port to listen on (0: any free port, printed).", min=0, max=65535)
    ] = 8765,
    open_browser: Annotated[
        bool, typer.Option("--open", help="Open the app in the default browser.")
    ] = False,
    token: Annotated[
        str | None,
        typer.Option(
            "--token",
            help="Secret every request must carry; required for a --host other than loopback"
            " ('auto': make one and print it once).",
            show_default=False,
        ),
    ] = None,
    max_upload_mb: Annotated[
        int, typer.Option("--max-upload-mb", help="Largest upload accepted, in MB.", min=1)
    ] = 256,
    backend: Annotated[
        str | None,
        typer.Option(
            "--backend",
            help="local or neo4j, as before the command (graphintro --backend neo4j serve).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """A local web app: search, person pages, paths drawn, experts, accounts, the live report, import by upload, asks."""
    from graphintro.backends import backend_name
    from graphintro.store import default_db_path
    from graphintro.web import serve

    backend_name(cli_context(ctx).backend_for(backend))  # an unknown name is refused before anything listens
    serve(
        Path(cli_context(ctx).db or default_db_path()),
        host=host,
        port=port,
        token=token,
        backend=cli_context(ctx).backend_for(backend),
        open_browser=open_browser,
        max_upload=max_upload_mb << 20,
        echo=typer.echo,
    )
