"""The ``graphintro`` command: parse arguments, call one library function, render its result.

Heavy libraries are imported inside commands so that ``graphintro --help`` answers at once.
Errors raised by the library are rendered as one line on stderr with exit code 2 (bad input or
usage) or 1 (nothing found); ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from graphintro.errors import GraphintroError
from graphintro.errors import explain as _explain
from graphintro.output import json_text, terminal_stdout, terminal_text
from graphintro.render import render_import

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

app = typer.Typer(
    name="graphintro",
    help="Warm introductions, experts and network quality from your team's LinkedIn, Viadeo and CSV exports.",
    no_args_is_help=True,
    add_completion=True,  # --install-completion / --show-completion (bash, zsh, fish, PowerShell)
    pretty_exceptions_enable=False,
)

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


class _State:
    db: Path | None = None
    debug: bool = False
    backend: str | None = None


STATE = _State()


def _print_version(value: bool) -> None:
    """``graphintro --version``: the version, and nothing else (eager: before any command runs)."""
    if value:
        from graphintro import __version__

        typer.echo(f"graphintro {__version__}")
        raise typer.Exit(0)


@app.callback()
def root(
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
    STATE.db = db
    STATE.debug = debug
    STATE.backend = backend


def handles_errors(command):
    """Turn library errors into one line on stderr and the documented exit code."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            with terminal_stdout():  # whatever a command prints from the data cannot drive the terminal
                return command(*args, **kwargs)
        except BrokenPipeError as error:
            if not _stdout_reader_gone():
                _fail(error)  # a socket's broken pipe (Neo4j) is an error like any other
            # The reader left (``graphintro ... | head -1``): what it wanted is written, and any
            # change to the store was committed before the first line. End quietly, as Unix tools do.
            _silence_stdout()
            raise typer.Exit(0) from None
        except (GraphintroError, OSError, UnicodeError) as error:
            _fail(error)
        except Exception as error:
            # sqlite3 is imported by the commands that open a store, not by every start (--help):
            # a database error can only come from a command that did.
            sqlite3 = sys.modules.get("sqlite3")
            if sqlite3 is None or not isinstance(error, sqlite3.Error):
                raise
            _fail(error)

    return wrapper


def _fail(error: Exception):
    """One line on stderr and the error's exit code (the traceback with ``--debug``)."""
    if STATE.debug:
        raise error
    message, code = _explain(error)
    typer.echo(terminal_text(f"graphintro: {message}"), err=True)  # a file or person name from the data
    raise typer.Exit(code) from None


def _stdout_reader_gone() -> bool:
    """Whether standard output is a pipe whose reader has closed it (poll reports an error on it)."""
    import select

    try:
        poller = select.poll()
        poller.register(sys.stdout.fileno(), select.POLLOUT)
        return any(events & (select.POLLERR | select.POLLHUP) for _, events in poller.poll(0))
    except (OSError, ValueError, AttributeError):  # no real file behind stdout, or no poll()
        return True


def _silence_stdout() -> None:
    """Point standard output at /dev/null once its reader is gone, so that nothing written after
    (Python's own flush at exit included) fails again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # no real file behind stdout (a test runner's buffer)
        pass


def write_stdout(text: str) -> None:
    """Write ``text`` to standard output; a reader gone before the end is not an error, and the
    command goes on (``report`` still stores its snapshot)."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        if not _stdout_reader_gone():
            raise
        _silence_stdout()


def open_store(db: Path | None, must_exist: bool = False):
    from graphintro.store import Store

    return Store(db or STATE.db, must_exist=must_exist)


def open_workspace(db: Path | None, create: bool = False, show_progress: bool = True):
    """The workspace every command calls (``graphintro.open``): the store at ``--db``, questions to
    ``--backend``; a sync to Neo4j after a write shows its progress on a terminal."""
    from graphintro.workspace import open as open_graphintro

    return open_graphintro(
        db or STATE.db,
        backend=STATE.backend,
        create=create,
        sync_progress=lambda: _progress(enabled=show_progress, label="syncing to Neo4j"),
    )


def print_json(data: object) -> None:
    """Valid JSON whatever the data holds (lone surrogates, NUL, escapes: see ``graphintro.output``)."""
    typer.echo(json_text(data))


def emit(result: dict, json_output: bool, render) -> None:
    """``--json`` prints the library's result as it is; otherwise ``render`` writes it for people."""
    if json_output:
        print_json(result)
    else:
        render(result, typer.echo)


CrmOption = Annotated[
    str | None,
    typer.Option(
        "--format",
        help="The --csv file as a CRM contact import: hubspot or salesforce (default: graphintro's own sheet).",
        show_default=False,
    ),
]


def _crm_format(crm: str | None, csv_file: Path | None) -> str | None:
    """``--format hubspot|salesforce``, checked before any work (it needs ``--csv``)."""
    from graphintro.crm import check_crm
    from graphintro.errors import UsageError

    if crm and not csv_file:
        raise UsageError(f"--format {crm} shapes the --csv file: add --csv FILE")
    return check_crm(crm)


def write_crm_file(kind: str, result: dict, path: Path, crm: str, db: Path | None) -> None:
    """The people of ``result`` (experts, accounts or asks) as ``crm``'s contact import file, with
    the e-mails the embedded store knows (a CRM de-duplicates contacts by e-mail)."""
    from graphintro import crm as crm_files
    from graphintro.store import StoreError

    build = {
        "experts": crm_files.expert_contacts,
        "accounts": crm_files.account_contacts,
        "asks": crm_files.ask_contacts,
    }[kind]
    try:
        store = open_store(db, must_exist=True)
    except StoreError:  # questions served by Neo4j with no embedded store here: no e-mails
        store = None
    try:
        crm_files.write_contacts(build(result, store), path, crm)
    finally:
        if store is not None:
            store.close()


def _console():
    from rich.console import Console

    class _PipedConsole(Console):
        def on_broken_pipe(self) -> None:
            """rich exits 1 when the reader leaves; graphintro ends quietly with 0 (``handles_errors``)."""
            self.quiet = True
            raise BrokenPipeError

    return _PipedConsole(highlight=False, soft_wrap=False)


@app.command("import")
@handles_errors
def import_command(
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
    db: DbOption = None,
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
    with open_workspace(db, create=True, show_progress=not json_output) as workspace:
        if team is not None:
            with _progress(enabled=not json_output, label="importing the team") as progress:
                summaries = workspace.import_team(exports, progress=progress)
        else:
            with _progress(enabled=not json_output) as progress:
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


@app.command("sync")
@handles_errors
def sync_command(
    replace: Annotated[
        bool, typer.Option("--replace", help="The server mirrors another store: replace its data.")
    ] = False,
    json_output: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Push the embedded store to Neo4j (NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE); idempotent."""
    with open_workspace(db, show_progress=not json_output) as workspace:
        result = workspace.sync(replace=replace)
    if json_output:
        print_json(result)
    else:
        typer.echo(_synced_line(result))


class _progress:
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


@app.command("people")
@handles_errors
def people_command(
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
    with open_workspace(db, create=True) as workspace:
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
    _console().print(table)


@app.command("stats")
@handles_errors
def stats_command(json_output: JsonOption = False, db: DbOption = None) -> None:
    """What the store holds: people, team members, ties, interactions, groups."""
    from graphintro.people import store_stats

    with open_store(db, must_exist=True) as store:
        stats = store_stats(store)
    if json_output:
        print_json(stats)
        return
    for key, value in stats.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k} {v}" for k, v in sorted(value.items())) or "none"
        typer.echo(f"{key.replace('_', ' ')}: {value}")


@app.command("path")
@handles_errors
def path_command(
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
    db: DbOption = None,
) -> None:
    """Who can introduce me? The most probable warm introduction paths, with the evidence for every link."""
    from graphintro.errors import UsageError

    names = names or []
    expected = (0 if team else 1) + (0 if company else 1)
    if len(names) != expected:
        shape = ("" if team else "FROM ") + ("" if company else "TO")
        raise UsageError(f"expected {shape.strip() or 'no name'} (got {len(names)} name(s))")
    source = None if team else names[0]
    target = None if company else names[-1]
    from graphintro.errors import NoPathError
    from graphintro.render import render_paths, render_suggestions

    # The asks live in the embedded store: with Neo4j, the budget is read from it all the same.
    workspace = open_workspace(db)
    try:
        result = workspace.introductions(
            source=source,
            target=target,
            company=company,
            title=title,
            team=team,
            k=k,
            max_hops=max_hops,
            avoid=avoid or [],
            repeat_introducers=repeat_introducers,
            ignore_load=ignore_load,
        )
    except NoPathError as error:  # exit 1, and what to do about it
        if json_output:
            print_json({"paths": [], "suggestions": error.suggestions})
        else:
            typer.echo(f"graphintro: {error}", err=True)
            if error.suggestions:
                typer.echo("To create one:")
                render_suggestions(error.suggestions, typer.echo, indent="  ")
        raise typer.Exit(1) from None
    finally:
        workspace.close()

    def render(data, echo) -> None:
        render_paths(data, echo)
        if data.get("suggestions"):
            echo("Only weak answers; to create a better one:")
            render_suggestions(data["suggestions"], echo, indent="  ")

    emit(result, json_output, render)


@app.command("experts")
@handles_errors
def experts_command(
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
    db: DbOption = None,
) -> None:
    """Who knows this subject? Experts and community hubs for a topic, each with the way to reach them."""
    crm = _crm_format(crm, csv_file)
    with open_workspace(db) as workspace:
        result = workspace.experts(
            topic, source=source, n=n, company=company, exclude_team=exclude_team, sort=sort
        )
    if csv_file and crm:
        write_crm_file("experts", result, csv_file, crm, db)
    elif csv_file:
        from graphintro.render import write_experts_csv

        write_experts_csv(result, csv_file)
    from graphintro.render import render_experts

    emit(result, json_output, render_experts)


@app.command("ask")
@handles_errors
def ask_command(
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
    db: DbOption = None,
) -> None:
    """Draft the double opt-in introduction request to the introducer, and a note to forward; record the ask."""
    from graphintro.render import render_ask

    with open_workspace(db) as workspace:
        result = workspace.make_ask(source, target, via=via, lang=lang, ignore_load=ignore_load)
    emit(result, json_output, render_ask)


asks_app = typer.Typer(
    help="The introductions asked: list them, close them with their outcome, cancel them.",
    invoke_without_command=True,
)
app.add_typer(asks_app, name="asks")


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
    db: DbOption = None,
) -> None:
    """The asks, newest first; open asks older than [asks] follow_up_days (7) are flagged for a follow-up."""
    if ctx.invoked_subcommand is not None:
        return
    if csv_file and not crm:
        from graphintro.errors import UsageError

        raise UsageError(
            "asks --csv writes a CRM contact import: add --format hubspot or --format salesforce"
        )
    crm = _crm_format(crm, csv_file)
    from graphintro.asks import list_asks
    from graphintro.render import render_asks

    with open_store(db, must_exist=True) as store:
        result = list_asks(store, status=status, introducer=introducer)
        if csv_file:
            from graphintro.crm import ask_contacts, write_contacts

            assert crm is not None  # checked above: --csv needs --format
            write_contacts(ask_contacts(result, store), csv_file, crm)
    if json_output:
        print_json({"asks": result["asks"]})
    else:
        render_asks(result, typer.echo)


@asks_app.command("done")
@handles_errors
def asks_done_command(
    ask_id: Annotated[int, typer.Argument(help="The ask's number (graphintro asks).", show_default=False)],
    outcome: Annotated[
        str, typer.Argument(help="introduced, declined, no-reply, met or won.", show_default=False)
    ],
    on: Annotated[
        str | None, typer.Option("--on", help="When it happened (YYYY-MM-DD; default: now).")
    ] = None,
    note: Annotated[str, typer.Option("--note", help="What happened, in a few words.")] = "",
    db: DbOption = None,
) -> None:
    """Close an ask with its outcome."""
    from graphintro.asks import OUTCOMES
    from graphintro.errors import UsageError

    if outcome not in OUTCOMES:
        raise UsageError(f"outcome must be one of {', '.join(OUTCOMES)} (got '{outcome}')")
    with open_workspace(db) as workspace:
        result = workspace.close_ask(ask_id, outcome, on=on, note=note)
    typer.echo(f"ask #{result['id']} closed: {result['outcome']} ({result['closed'][:10]})")


@asks_app.command("cancel")
@handles_errors
def asks_cancel_command(
    ask_id: Annotated[int, typer.Argument(help="The ask's number (graphintro asks).", show_default=False)],
    db: DbOption = None,
) -> None:
    """Cancel an open ask (it was never sent, or no longer needed): closed, outcome 'cancelled'."""
    with open_workspace(db) as workspace:
        result = workspace.close_ask(ask_id, "cancelled")
    typer.echo(f"ask #{result['id']} cancelled")


@app.command("inbox")
@handles_errors
def inbox_command(
    owner: Annotated[
        str | None, typer.Option("--owner", help="Only this team member (id, URL, email or name).")
    ] = None,
    days: Annotated[
        int, typer.Option("--days", help="Messages and invitations waiting longer than this many days.")
    ] = 7,
    json_output: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Always answer: per member, unanswered messages, pending incoming invitations and open asks to introduce."""
    from graphintro.backends.local import LocalBackend
    from graphintro.inbox import waiting
    from graphintro.people import resolve_person
    from graphintro.render import render_inbox

    with open_store(db, must_exist=True) as store:
        member = (
            _member(LocalBackend(store), resolve_person(store, owner, member_first=True)) if owner else None
        )
        result = waiting(store, owner=member, days=days)
    emit(result, json_output, lambda data, echo: render_inbox(data, echo, days))


@app.command("calibration")
@handles_errors
def calibration_command(json_output: JsonOption = False, db: DbOption = None) -> None:
    """How well do path probabilities predict introductions? Closed asks per decile, ECE, calibration."""
    from graphintro.calibration import calibration_table
    from graphintro.render import render_calibration

    with open_store(db, must_exist=True) as store:
        result = calibration_table(store)
    emit(result, json_output, render_calibration)


tie_app = typer.Typer(help="Ties between two people: rate them by hand.", no_args_is_help=True)
app.add_typer(tie_app, name="tie")


@tie_app.command("rate")
@handles_errors
def tie_rate_command(
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

    with open_workspace(db, create=True) as workspace:
        a, b = resolve_person(workspace.store, first), resolve_person(workspace.store, second)
        strength = workspace.rate_tie(a, b, rating, note)
    typer.echo(f"tie #{a} – #{b} rated {rating}/5 (strength {strength:.1f})")


@app.command("forget")
@handles_errors
def forget_command(
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

    with open_workspace(db) as workspace:
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


TargetsOption = Annotated[
    Path | None, typer.Option("--targets", help="Targets file (TOML or CSV: companies, industries, titles).")
]
OwnerOption = Annotated[
    str | None, typer.Option("--owner", help="Only this team member (id, URL, email or name).")
]


@app.command("score")
@handles_errors
def score_command(
    owner: OwnerOption = None,
    targets: TargetsOption = None,
    json_output: JsonOption = False,
    db: DbOption = None,
) -> None:
    """How good is our network? A 0-100 score per member and for the team, from named components."""
    from graphintro.quality import load_targets

    wanted = load_targets(targets) if targets else None
    with open_workspace(db) as workspace:
        scores = workspace.score(targets=wanted, owner=owner)
    if json_output:
        print_json(scores.to_dict())
    else:
        from graphintro.report.text import render_scores

        render_scores(scores.to_dict(), typer.echo)


def _member(backend, person_id: int) -> int:
    from graphintro.errors import UsageError

    if not backend.describe_people([person_id])[0]["member"]:
        raise UsageError(
            f"#{person_id} is not a team member: --owner takes someone whose export was imported"
        )
    return person_id


@app.command("contacts")
@handles_errors
def contacts_command(
    owner: OwnerOption = None,
    targets: TargetsOption = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="At most this many per list.")] = 10,
    json_output: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Which contacts matter: most valuable and why, dormant strong ties, key-person risk, overlaps."""
    from graphintro.contacts import rank_contacts
    from graphintro.people import resolve_person
    from graphintro.quality import load_targets

    wanted = load_targets(targets) if targets else None
    from graphintro.backends.local import LocalBackend

    with open_store(db, must_exist=True) as store:
        person = (
            _member(LocalBackend(store), resolve_person(store, owner, member_first=True)) if owner else None
        )
        result = rank_contacts(store, owner=person, targets=wanted, limit=limit)
    from graphintro.report.text import render_contacts

    emit(result, json_output, render_contacts)


@app.command("accounts")
@handles_errors
def accounts_command(
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
            "--csv", help="Also write one row per account here (with --format: one contact per introduction)."
        ),
    ] = None,
    crm: CrmOption = None,
    ignore_load: IgnoreLoadOption = False,
    json_output: JsonOption = False,
    db: DbOption = None,
) -> None:
    """How well does the team cover its target accounts? Coverage, owners, single-threaded accounts,
    the best introductions and what to do where there is none."""
    from graphintro.accounts import account_coverage
    from graphintro.errors import UsageError
    from graphintro.quality import load_targets

    if n < 1:
        raise UsageError("-n must be at least 1")
    crm = _crm_format(crm, csv_file)
    wanted = load_targets(targets) if targets else None
    with open_store(db, must_exist=True) as store:
        result = account_coverage(store, companies or [], targets=wanted, n=n, ignore_load=ignore_load)
    if csv_file and crm:
        write_crm_file("accounts", result, csv_file, crm, db)
    elif csv_file:
        from graphintro.render import write_accounts_csv

        write_accounts_csv(result, csv_file)
    from graphintro.render import render_accounts

    emit(result, json_output, render_accounts)


@app.command("report")
@handles_errors
def report_command(
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
    db: DbOption = None,
) -> None:
    """Write the network-quality report (scores, trend, changes, contacts) and store a dated snapshot."""
    from graphintro.quality import load_targets
    from graphintro.report import build_report, render_report, take_snapshot, write_report
    from graphintro.report import redact as redact_names

    suffix = out.suffix.lower().lstrip(".") if out else ""
    fmt = (format or {"md": "md", "markdown": "md", "json": "json"}.get(suffix, "html")).lower()
    wanted = load_targets(targets) if targets else None
    with open_store(db, must_exist=True) as store:
        data = build_report(store, targets=wanted, since=since)
        text = render_report(redact_names(data) if redact else data, fmt)
        if out:
            written = write_report(text, out)
        else:
            write_stdout(text)
        take_snapshot(store, data["_scores"], data["generated_at"])
    if out:
        typer.echo(f"wrote {written} ({fmt}): team score {data['scores']['team']['score']:.0f}")


@app.command("export")
@handles_errors
def export_command(
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
    db: DbOption = None,
) -> None:
    """Export the tie graph and tables for Gephi, pandas and other tools (GraphML, GEXF, CSV, Parquet, JSON Lines)."""
    from graphintro.exports import export
    from graphintro.people import resolve_person

    with open_store(db, must_exist=True) as store:
        person = None
        if owner:
            from graphintro.backends.local import LocalBackend

            person = _member(LocalBackend(store), resolve_person(store, owner, member_first=True))
        result = export(store, format.lower(), out, min_strength=min_strength, owner=person, redact=redact)
    if json_output:
        print_json(result)
    else:
        typer.echo(
            f"wrote {result['out']} ({result['format']}): {result['people']} people, {result['ties']} ties"
        )


@app.command("demo")
@handles_errors
def demo_command(
    directory: Annotated[
        Path | None,
        typer.Option("--dir", help="Where to write the demo exports (default: a temporary folder)."),
    ] = None,
    members: Annotated[int, typer.Option("--members", help="Team size.")] = 5,
    contacts: Annotated[int, typer.Option("--contacts", help="Contacts per member (mean).")] = 300,
    seed: Annotated[int, typer.Option("--seed", help="Random seed: same seed, same team.")] = 7,
    db: DbOption = None,
) -> None:
    """Generate a synthetic team in the real export formats, import it, and show what graphintro does."""
    from graphintro.demo_run import run_demo

    run_demo(db or STATE.db, directory, members=members, contacts=contacts, seed=seed, echo=typer.echo)


@app.command("serve")
@handles_errors
def serve_command(
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (default: this machine only).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8765,
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
    db: DbOption = None,
) -> None:
    """A local web app: search, person pages, paths drawn, experts, accounts, the live report, import by upload, asks."""
    from graphintro.backends import backend_name
    from graphintro.store import default_db_path
    from graphintro.web import serve

    backend_name(backend or STATE.backend)  # an unknown name is refused before anything listens
    serve(
        Path(db or STATE.db or default_db_path()),
        host=host,
        port=port,
        token=token,
        backend=backend or STATE.backend,
        open_browser=open_browser,
        max_upload=max_upload_mb << 20,
        echo=typer.echo,
    )


# One example per command, shown at the end of its --help (a new command adds its own here: a test
# walks every command and fails on one without an example).
EXAMPLES: dict[str, list[str]] = {
    "": [
        "graphintro demo",
        'graphintro path "Camille Rousseau" "Zoé Fontaine"',
        "graphintro --install-completion",
    ],
    "import": ['graphintro import Complete_LinkedInDataExport_11-02-2026.zip --owner "Camille Rousseau"'],
    "sync": ["NEO4J_URI=bolt://localhost:7687 graphintro sync"],
    "people": ['graphintro people "société générale" -n 20', "graphintro people merge 12 57"],
    "stats": ["graphintro stats --json"],
    "path": [
        'graphintro path "Camille Rousseau" "Zoé Fontaine" -k 3',
        'graphintro path "Camille Rousseau" --company "Aéroline Systèmes" --title "VP|Directeur"',
    ],
    "experts": [
        'graphintro experts cybersécurité --from "Camille Rousseau" -n 5 --csv experts.csv',
        "graphintro experts cybersécurité --csv experts-hubspot.csv --format hubspot",
    ],
    "ask": ['graphintro ask "Camille Rousseau" "Zoé Fontaine" --lang en'],
    "asks": [
        'graphintro asks --status all --introducer "David Nguyen"',
        "graphintro asks --csv asks.csv --format salesforce",
    ],
    "asks done": ['graphintro asks done 1 introduced --on 2026-12-04 --note "call booked"'],
    "asks cancel": ["graphintro asks cancel 2"],
    "inbox": ['graphintro inbox --owner "David Nguyen" --days 14'],
    "calibration": ["graphintro calibration --json"],
    "tie": ['graphintro tie rate "Camille Rousseau" "David Nguyen" 5'],
    "tie rate": ['graphintro tie rate "Camille Rousseau" "David Nguyen" 5 --note "same office"'],
    "forget": ['graphintro forget "Thomas Martin" --yes'],
    "score": ['graphintro score --owner "Camille Rousseau" --targets targets.toml'],
    "contacts": ['graphintro contacts --owner "Camille Rousseau" -n 5'],
    "accounts": [
        'graphintro accounts "Aéroline Systèmes" Thales --csv accounts.csv',
        "graphintro accounts --targets targets.toml --csv introductions.csv --format salesforce",
    ],
    "report": ["graphintro report --out report.html --redact"],
    "export": [
        "graphintro export --format gexf --out team.gexf --min-strength 0.3",
        "graphintro export --format parquet --out tables/",
    ],
    "demo": ["graphintro demo --members 5 --contacts 300"],
    "serve": ["graphintro serve --open", "graphintro serve --host 0.0.0.0 --token auto"],
}


def _examples(name: str) -> str | None:
    """The epilog of a command's --help: its examples, one a paragraph (rich joins single lines)."""
    lines = EXAMPLES.get(name)
    return "\n\n".join(["Examples:", *lines]) if lines else None


def _add_examples() -> None:
    """Every command (and group) of ``app`` gets its ``EXAMPLES`` as the end of its --help."""
    app.info.epilog = _examples("")
    for info in app.registered_commands:
        info.epilog = _examples(info.name or "")
    for group in app.registered_groups:
        if group.typer_instance is None or group.name is None:
            continue  # every group here is added with its name and its Typer
        group.epilog = group.typer_instance.info.epilog = _examples(group.name)
        for info in group.typer_instance.registered_commands:
            info.epilog = _examples(f"{group.name} {info.name}")


_add_examples()


def main() -> None:
    """Console entry point."""
    app(prog_name="graphintro")


if __name__ == "__main__":
    main()
