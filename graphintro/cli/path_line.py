"""``graphintro path`` without typer: a plain ``path`` command line answered without importing
typer, click or the other commands' modules (a fifth of a repeated ``path`` process's instructions:
BENCHMARKS.md, "the repeated weak path").

:func:`parse` reads only the command lines whose meaning leaves no doubt: ``[--db DB] path`` with
``path``'s own options each spelled in full, each value a separate word that does not start with
``-``, the integers plain digits, no option twice (``--avoid`` apart: it repeats), ``--db`` at most
once, UTF-8 standard streams and no shell completion asked. Anything else (``--help``, ``--debug``,
``--backend``, ``--max-hops=3``, ``-k3``, ``--``, an unknown option, a name starting with ``-``...)
returns None and goes through typer as before, which says what is wrong with it. :func:`answer_path`
is the command's body, shared with ``graphintro.cli.questions.path_command``; :func:`run` wraps it
as ``handles_errors`` does (one line on stderr and the error's exit code), and :func:`echo` writes as
click's ``echo`` does: the same bytes, by the same tests (``tests/test_cli_path.py``).
"""

from __future__ import annotations

import os
import sys

# typing.TYPE_CHECKING, read as such by mypy: typing is not imported by a plain path question
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path
    from typing import Any

    from graphintro.workspace import Workspace

# path's options that take a value, and its flags (as ``questions.path_command`` declares them)
_VALUES = {
    "-k": "k",
    "--max-hops": "max_hops",
    "--avoid": "avoid",
    "--company": "company",
    "--title": "title",
}
_FLAGS = {
    "--team": "team",
    "--repeat-introducers": "repeat_introducers",
    "--ignore-load": "ignore_load",
    "--json": "json_output",
}
_INTEGERS = {"k", "max_hops"}


def parse(args: list[str]) -> dict[str, Any] | None:
    """``path``'s arguments (``answer_path``'s keywords, and ``db``) from a plain ``path`` command line,
    else None (typer parses it)."""
    if "_GRAPHINTRO_COMPLETE" in os.environ or os.environ.get("GRAPHINTRO_BACKEND"):
        return None
    for stream in (sys.stdout, sys.stderr):
        if not utf8_stream(stream):
            return None  # click may wrap a stream it finds misconfigured
    words = list(args)
    db: str | None = None
    if words[:1] == ["--db"] and len(words) >= 2:
        db, words = words[1], words[2:]
        if not db or db.startswith("-"):
            return None
    if words[:1] != ["path"]:
        return None
    options: dict[str, Any] = {"names": [], "avoid": []}
    rest = iter(words[1:])
    for word in rest:
        if not word.startswith("-"):
            options["names"].append(word)
            continue
        if word in _FLAGS:
            if _FLAGS[word] in options:
                return None
            options[_FLAGS[word]] = True
            continue
        if word not in _VALUES and word != "--db":
            return None
        value = next(rest, None)
        if value is None or not value or value.startswith("-"):
            return None
        if word == "--db":
            if db is not None:
                return None
            db = value
            continue
        name = _VALUES[word]
        if name == "avoid":
            options["avoid"].append(value)
            continue
        if name in options:
            return None
        if name in _INTEGERS:
            if not (value.isascii() and value.isdigit()):
                return None
            options[name] = int(value)
        else:
            options[name] = value
    options["db"] = db
    return options


def utf8_stream(stream: object) -> bool:
    """Whether ``stream`` writes UTF-8: else click re-wraps it, and what a command wrote is not what
    was printed (``help_cache`` asks it too)."""
    encoding = getattr(stream, "encoding", None)
    if not encoding:
        return False
    import codecs

    try:
        return codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        return False


def echo(message: str, err: bool = False) -> None:
    """``click.echo(message, err=err)`` for a text message: the line, then a flush. A message holding
    an escape character goes to click itself (which strips ANSI sequences from a stream that is not a
    terminal)."""
    if "\x1b" in message:
        from click import echo as click_echo

        click_echo(message, err=err)
        return
    stream = sys.stderr if err else sys.stdout
    if stream is None:
        return
    stream.write(message + "\n")
    stream.flush()


def answer_path(
    open_workspace: Callable[[], Workspace],
    echo: Callable[..., Any],
    names: list[str] | None = None,
    k: int = 3,
    max_hops: int = 4,
    avoid: list[str] | None = None,
    company: str | None = None,
    title: str | None = None,
    team: bool = False,
    repeat_introducers: bool = False,
    ignore_load: bool = False,
    json_output: bool = False,
) -> int:
    """``graphintro path``: the paths, or why there is none and how to create one (exit code 1)."""
    from graphintro.errors import UsageError

    names = names or []
    expected = (0 if team else 1) + (0 if company else 1)
    if len(names) != expected:
        shape = ("" if team else "FROM ") + ("" if company else "TO")
        raise UsageError(f"expected {shape.strip() or 'no name'} (got {len(names)} name(s))")
    source = None if team else names[0]
    target = None if company else names[-1]
    from graphintro.answers import PathAnswer
    from graphintro.errors import NoPathError
    from graphintro.output import json_text

    # The asks live in the embedded store: with Neo4j, the budget is read from it all the same.
    workspace = open_workspace()
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
            echo(json_text(PathAnswer(paths=[], suggestions=error.suggestions).to_dict()))
        else:
            from graphintro.render import render_suggestions

            echo(f"graphintro: {error}", err=True)
            if error.suggestions:
                echo("To create one:")
                render_suggestions(error.suggestions, echo, indent="  ")
        return 1
    finally:
        workspace.close()
    if json_output:
        echo(json_text(result.to_dict()))
    else:
        from graphintro.render import render_answer

        render_answer(result, echo)
    return 0


def run(options: dict[str, Any]) -> int:
    """``answer_path`` with ``parse``'s options, its errors as ``handles_errors`` turns them into one
    line on stderr and an exit code; the exit code."""
    from graphintro.errors import GraphintroError
    from graphintro.output import terminal_stdout

    options = dict(options)
    given = options.pop("db")
    db: Path | None = None
    if given is not None:
        from pathlib import Path

        db = Path(given)
    try:
        with terminal_stdout():  # whatever a command prints from the data cannot drive the terminal
            return answer_path(lambda: _workspace(db), echo, **options)
    except BrokenPipeError as error:
        if not stdout_reader_gone():
            return _fail(error)  # a socket's broken pipe (Neo4j) is an error like any other
        silence_stdout()
        return 0
    except (GraphintroError, OSError, UnicodeError) as error:
        return _fail(error)
    except Exception as error:
        sqlite3 = sys.modules.get("sqlite3")
        if sqlite3 is None or not isinstance(error, sqlite3.Error):
            raise
        return _fail(error)


def _workspace(db: Path | None) -> Workspace:
    from graphintro.workspace import open as open_graphintro

    return open_graphintro(db, backend=None, create=False)


def _fail(error: Exception) -> int:
    """One line on stderr; the error's exit code."""
    from graphintro.errors import explain
    from graphintro.output import terminal_text

    message, code = explain(error)
    echo(terminal_text(f"graphintro: {message}"), err=True)  # a file or person name from the data
    return code


def stdout_reader_gone() -> bool:
    """Whether standard output is a pipe whose reader has closed it (poll reports an error on it)."""
    import select

    try:
        poller = select.poll()
        poller.register(sys.stdout.fileno(), select.POLLOUT)
        return any(events & (select.POLLERR | select.POLLHUP) for _, events in poller.poll(0))
    except (OSError, ValueError, AttributeError):  # no real file behind stdout, or no poll()
        return True


def silence_stdout() -> None:
    """Point standard output at /dev/null once its reader is gone, so that nothing written after
    (Python's own flush at exit included) fails again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # no real file behind stdout (a test runner's buffer)
        pass
