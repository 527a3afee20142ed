"""What every command shares: the typer app and its root options, the context object they set,
the error handler, the shared options, standard output, the workspace, progress and CRM files.

The root options (``--db``, ``--backend``, ``--debug``) are kept in a ``CliContext`` that the root
callback puts on the invocation's context (``ctx.obj``), as click's ``pass_obj`` commands do; each
command takes ``ctx`` and opens its store or workspace through it. No global: each invocation gets
its own, and a test that runs the app twice in one process cannot see the first run's options.
"""

import functools
import sys
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup

from graphintro.cli import help_cache
from graphintro.cli.path_line import silence_stdout, stdout_reader_gone

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

    from graphintro.store import Store
    from graphintro.workspace import Workspace


DbOption = Annotated[
    Path | None, typer.Option("--db", help="SQLite store (default: $GRAPHINTRO_DB or the user data dir).")
]


JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts instead of a table.")]


IgnoreLoadOption = Annotated[
    bool,
    typer.Option(
        "--ignore-load",
        help="Rank introducers by probability alone, even those over their ask budget ([asks.budget]).",
    ),
]


CrmOption = Annotated[
    str | None,
    typer.Option(
        "--format",
        help="The --csv file as a CRM contact import: hubspot or salesforce (default: graphintro's own sheet).",
        show_default=False,
    ),
]


TargetsOption = Annotated[
    Path | None, typer.Option("--targets", help="Targets file (TOML or CSV: companies, industries, titles).")
]


OwnerOption = Annotated[
    str | None, typer.Option("--owner", help="Only this team member (id, URL, email or name).")
]


@dataclass
class CliContext:
    """The root options of one invocation (``graphintro --db X --backend neo4j --debug CMD``), and
    what commands open through them."""

    db: Path | None = None
    debug: bool = False
    backend: str | None = None

    def backend_for(self, backend: str | None) -> str | None:
        """The backend a command asks: its own ``--backend`` (serve), else the root's."""
        return backend or self.backend

    def store(self, must_exist: bool = False) -> "Store":
        """The embedded store, for commands that only read it (``StoreError`` if ``must_exist`` and missing)."""
        from graphintro.store import Store

        return Store(self.db, must_exist=must_exist)

    def workspace(self, create: bool = False, show_progress: bool = True) -> "Workspace":
        """The workspace (``graphintro.open``) of the store at ``--db`` with questions to ``--backend``;
        every write goes through it. A sync to Neo4j after a write shows its progress on a terminal."""
        from graphintro.workspace import open as open_graphintro

        return open_graphintro(
            self.db,
            backend=self.backend,
            create=create,
            sync_progress=lambda: progress_bar(enabled=show_progress, label="syncing to Neo4j"),
        )


def cli_context(ctx: typer.Context) -> CliContext:
    """The invocation's root options, typed (``ctx.obj`` is ``Any`` to click), so that the type checker
    follows each command into the workspace and the answers it returns."""
    return ctx.obj


@functools.cache
def _db_option():
    """``--db`` as typer makes it from ``DbOption`` (one option object, shared by every command)."""
    import typer.main

    probe = typer.Typer(add_completion=False)  # the completion options are not needed to make --db

    @probe.command()
    def probe_command(db: DbOption = None) -> None:
        """Declares ``--db`` once, for typer to make the option."""

    return typer.main.get_command(probe).params[0]


class _TakesDb:
    """A command (or group) that takes ``--db`` after its name without declaring it: the option is
    added once here, and its value becomes the ``CliContext``'s ``db`` for this command and what
    it runs (``graphintro path --db X`` is ``graphintro --db X path``)."""

    params: list

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.params.append(_db_option())  # last, where every command declared it before

    def invoke(self, ctx: Any) -> Any:
        db = ctx.params.pop("db", None)
        if db is not None:
            ctx.obj = replace(ctx.obj or CliContext(), db=Path(db))
        return super().invoke(ctx)  # type: ignore[misc]


class _DrawsHelp:
    """A command or group whose drawn help may be kept by ``help_cache`` (the request's recorder is
    told that what is being printed is a help)."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        help_cache.help_drawn()
        return super().format_help(ctx, formatter)  # type: ignore[misc]


class Command(_DrawsHelp, _TakesDb, TyperCommand):
    """Every ``graphintro`` command (``app.command(name, cls=Command)``): it takes ``--db``."""


class Group(_DrawsHelp, _TakesDb, TyperGroup):
    """Every ``graphintro`` group with options of its own (``asks``): it takes ``--db`` too."""


class PlainGroup(_DrawsHelp, TyperGroup):
    """A group with no options of its own (``tie``)."""


class RootGroup(_DrawsHelp, TyperGroup):
    """The root: its commands and groups listed in ``order`` (``cli/__init__.py``'s table), not
    commands first and groups after as typer would."""

    order: tuple[str, ...] = ()

    def list_commands(self, ctx: Any) -> list[str]:
        names = super().list_commands(ctx)
        rank = {name: index for index, name in enumerate(self.order)}
        return sorted(names, key=lambda name: rank.get(name, len(rank)))


app = typer.Typer(
    name="graphintro",
    cls=RootGroup,
    help="Warm introductions, experts and network quality from your team's LinkedIn, Viadeo and CSV exports.",
    no_args_is_help=True,
    add_completion=True,  # --install-completion / --show-completion (bash, zsh, fish, PowerShell)
    pretty_exceptions_enable=False,
)


def _print_version(value: bool) -> None:
    """``graphintro --version``: the version, and nothing else (eager: before any command runs)."""
    if value:
        from graphintro import __version__

        typer.echo(f"graphintro {__version__}")
        raise typer.Exit(0)


@app.callback()
def root(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Print graphintro's version and exit.", callback=_print_version, is_eager=True
        ),
    ] = False,
    db: DbOption = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of errors.")] = False,
    backend: Annotated[
        str | None,
        typer.Option(
            "--backend",
            help="local (the embedded store, default) or neo4j (NEO4J_URI...); env GRAPHINTRO_BACKEND.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """graphintro: who can introduce me, who knows this subject, how good is our network."""
    ctx.obj = CliContext(db=db, debug=debug, backend=backend)


def handles_errors(command):
    """Turn library errors into one line on stderr and the documented exit code."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        from graphintro.errors import GraphintroError
        from graphintro.output import terminal_stdout

        context = kwargs.get("ctx")
        if getattr(context, "invoked_subcommand", None) is None:
            help_cache.command_ran()  # not a group's callback on the way to a sub-command
        debug = isinstance(getattr(context, "obj", None), CliContext) and context.obj.debug
        try:
            with terminal_stdout():  # whatever a command prints from the data cannot drive the terminal
                return command(*args, **kwargs)
        except BrokenPipeError as error:
            if not stdout_reader_gone():
                _fail(error, debug)  # a socket's broken pipe (Neo4j) is an error like any other
            # The reader left (``graphintro ... | head -1``): what it wanted is written, and any
            # change to the store was committed before the first line. End quietly, as Unix tools do.
            silence_stdout()
            raise typer.Exit(0) from None
        except (GraphintroError, OSError, UnicodeError) as error:
            _fail(error, debug)
        except Exception as error:
            # sqlite3 is imported by the commands that open a store, not by every start (--help):
            # a database error can only come from a command that did.
            sqlite3 = sys.modules.get("sqlite3")
            if sqlite3 is None or not isinstance(error, sqlite3.Error):
                raise
            _fail(error, debug)

    return wrapper


def _fail(error: Exception, debug: bool):
    """One line on stderr and the error's exit code (the traceback with ``--debug``)."""
    from graphintro.errors import explain
    from graphintro.output import terminal_text

    if debug:
        raise error
    message, code = explain(error)
    typer.echo(terminal_text(f"graphintro: {message}"), err=True)  # a file or person name from the data
    raise typer.Exit(code) from None


def write_stdout(text: str) -> None:
    """Write ``text`` to standard output; a reader gone before the end is not an error, and the
    command goes on (``report`` still stores its snapshot)."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        if not stdout_reader_gone():
            raise
        silence_stdout()


def print_json(data: object) -> None:
    """Valid JSON whatever the data holds (lone surrogates, NUL, escapes: see ``graphintro.output``)."""
    from graphintro.output import json_text

    typer.echo(json_text(data))


def emit(result: Mapping[str, Any], json_output: bool, render) -> None:
    """``--json`` prints the library's result as it is; otherwise ``render`` writes it for people."""
    if json_output:
        print_json(result)
    else:
        render(result, typer.echo)


def show_answer(answer, json_output: bool) -> None:
    """A typed answer (``graphintro.answers``, ``TeamScores``): its ``to_dict()`` as JSON with
    ``--json``, else the one renderer of its type (``render.render_answer``)."""
    if json_output:
        print_json(answer.to_dict())
    else:
        from graphintro.render import render_answer

        render_answer(answer, typer.echo)


def crm_format(crm: str | None, csv_file: Path | None) -> str | None:
    """``--format hubspot|salesforce``, checked before any work (it needs ``--csv``)."""
    from graphintro.crm import check_crm
    from graphintro.errors import UsageError

    if crm and not csv_file:
        raise UsageError(f"--format {crm} shapes the --csv file: add --csv FILE")
    return check_crm(crm)


def write_crm_file(cli: CliContext, kind: str, result: Mapping[str, Any], path: Path, crm: str) -> None:
    """The people of ``result`` (experts, accounts or asks) as ``crm``'s contact import file, with
    the e-mails the embedded store knows (a CRM de-duplicates contacts by e-mail)."""
    from graphintro import crm as crm_files
    from graphintro.store import StoreError

    build = {
        "experts": crm_files.expert_contacts,
        "accounts": crm_files.account_contacts,
        "asks": crm_files.ask_contacts,
    }[kind]
    store: Store | None
    try:
        store = cli.store(must_exist=True)
    except StoreError:  # questions served by Neo4j with no embedded store here: no e-mails
        store = None
    try:
        crm_files.write_contacts(build(result, store), path, crm)
        if kind == "accounts":  # and the accounts themselves, as the CRM's companies
            crm_files.write_companies(
                crm_files.account_companies(result), crm_files.companies_path(path), crm
            )
    finally:
        if store is not None:
            store.close()


def console():
    from rich.console import Console

    class _PipedConsole(Console):
        def on_broken_pipe(self) -> None:
            """rich exits 1 when the reader leaves; graphintro ends quietly with 0 (``handles_errors``)."""
            self.quiet = True
            raise BrokenPipeError

    return _PipedConsole(highlight=False, soft_wrap=False)


class progress_bar:
    """A progress bar on a terminal; nothing when piped or printing JSON."""

    def __init__(self, enabled: bool, label: str = "importing") -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.label = label
        self._bar: Progress | None = None
        self._task: TaskID | None = None

    def __enter__(self):
        if not self.enabled:
            return None
        from rich.console import Console
        from rich.progress import Progress

        self._bar = Progress(transient=True, console=Console(stderr=True))
        self._bar.start()
        self._task = self._bar.add_task(self.label, total=None)
        return self.update

    def update(self, done: int, total: int) -> None:
        assert self._bar is not None and self._task is not None  # only __enter__ hands this out, once started
        self._bar.update(self._task, completed=done, total=total)

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()
