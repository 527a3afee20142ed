"""The ``graphintro`` app with every command registered, in the order ``graphintro --help`` lists
them: the commands' modules (one per group, over ``core``) and typer itself, imported when a
command line is run (``graphintro.cli.main``) or ``graphintro.cli.app`` is first asked for."""

from __future__ import annotations

from collections.abc import Callable

import typer

from graphintro.cli import asks, imports, people, quality, questions, tools
from graphintro.cli.core import Command, RootGroup, app
from graphintro.cli.examples import EXAMPLES, add_examples

__all__ = ["COMMANDS", "EXAMPLES", "app"]

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
