"""The ``graphintro`` command: parse arguments, call one library function, render its result.

One module per command group (``imports``, ``people``, ``questions``, ``asks``, ``quality``,
``tools``) over ``core`` (the app, its root options in a context object, the error handler, the
shared options); the commands are registered here, in the order ``graphintro --help`` lists them.
Heavy libraries are imported inside commands so that ``graphintro --help`` answers at once.
Errors raised by the library are rendered as one line on stderr with exit code 2 (bad input or
usage) or 1 (nothing found); ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable

import typer

from graphintro.cli import asks, imports, people, quality, questions, tools
from graphintro.cli.core import Command, RootGroup, app
from graphintro.cli.examples import EXAMPLES, add_examples
from graphintro.cli.help_render import asks_for_help, load_light_help_renderer

__all__ = ["EXAMPLES", "app", "main"]

# Every command and group, in the order ``graphintro --help`` lists them.
COMMANDS: tuple[tuple[str, Callable | typer.Typer], ...] = (
    ("import", imports.import_command),
    ("sync", imports.sync_command),
    ("people", people.people_app),
    ("stats", people.stats_command),
    ("path", questions.path_command),
    ("experts", questions.experts_command),
    ("ask", questions.ask_command),
    ("inbox", asks.inbox_command),
    ("calibration", asks.calibration_command),
    ("forget", people.forget_command),
    ("score", quality.score_command),
    ("contacts", quality.contacts_command),
    ("accounts", quality.accounts_command),
    ("report", quality.report_command),
    ("export", quality.export_command),
    ("demo", tools.demo_command),
    ("serve", tools.serve_command),
    ("asks", asks.asks_app),
    ("tie", people.tie_app),
)
for name, command in COMMANDS:
    if isinstance(command, typer.Typer):
        app.add_typer(command, name=name)
    else:
        app.command(name, cls=Command)(command)
RootGroup.order = tuple(name for name, _ in COMMANDS)
add_examples(app)


def main() -> None:
    """Console entry point. A help request runs with the cyclic garbage collector off: drawing it
    allocates tens of thousands of objects (typer's renderer, rich's modules, the panels), all kept
    until the process ends, which each collection on the way walks again for nothing, and so does
    the last one at the interpreter's exit unless the collector is still off then (2 % of a
    ``graphintro --help`` in instructions: BENCHMARKS.md). So it stays off when the help ends the
    process (``SystemExit``, as typer ends every command); any other way out turns it back on."""
    if not asks_for_help(sys.argv[1:]):
        app(prog_name="graphintro")
        return
    collecting = gc.isenabled()
    gc.disable()
    try:
        load_light_help_renderer()
        app(prog_name="graphintro")
    except SystemExit:
        raise  # the process ends: nothing left worth collecting
    except BaseException:
        if collecting:
            gc.enable()
        raise
    if collecting:
        gc.enable()
