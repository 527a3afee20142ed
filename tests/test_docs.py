"""Every command and option of the CLI is in the README, and every command says what it does.

The README's Commands table is where a user looks; a command or an option added without a line
there does not exist for them. When this test fails, its message says what to add, and where.
"""

from __future__ import annotations

import re
from pathlib import Path

import typer.main

from graphintro.cli import app

README = Path(__file__).resolve().parent.parent / "README.md"
# Options every command takes, documented once above the Commands table.
EVERYWHERE = {"--db", "--help"}


def _commands(command=None, path=()):
    """(words after ``graphintro``, command) for the root and every command and sub-command."""
    command = command or typer.main.get_command(app)
    yield path, command
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        if not getattr(sub, "hidden", False):
            yield from _commands(sub, (*path, name))


def _documented_usages(readme: str) -> list[list[str]]:
    """The words of each ``graphintro …`` usage in the first cell of a README table row."""
    usages = []
    for line in readme.splitlines():
        if line.startswith("| `graphintro "):
            first_cell = re.split(r"(?<!\\)\|", line)[1]
            usages += [
                span.replace("\\|", "|").split()[1:]
                for span in re.findall(r"`(graphintro [^`]*)`", first_cell)
            ]
    return usages


def _usages_of(path: tuple[str, ...], command, usages: list[list[str]]) -> list[list[str]]:
    """The usages that document ``path``: they start with its words, and not with one of its sub-commands."""
    subcommands = set(getattr(command, "commands", {}))
    return [
        words
        for words in usages
        if tuple(words[: len(path)]) == path
        and not (len(words) > len(path) and words[len(path)] in subcommands)
    ]


def _usage_hint(option) -> str:
    name = max(option.opts, key=len)
    return f"[{name}]" if option.is_flag else f"[{name} {option.metavar or option.name.upper()}]"


def missing_documentation(readme: str) -> list[str]:
    """What the README lacks, each as the line to add and where."""
    usages = _documented_usages(readme)
    missing = []
    for path, command in _commands():
        options = [p for p in command.params if p.param_type_name == "option"]
        if not path:  # the root's options (--db, --debug, --backend) are told above the table
            missing += [
                f"README.md: the option {max(o.opts, key=len)} (before the command) is not mentioned: "
                f"say what it does in the paragraph above the Commands table (## Commands)"
                for o in options
                if not any(re.search(rf"(?<![\w-]){opt}(?![\w-])", readme) for opt in o.opts)
            ]
            continue
        shown = "graphintro " + " ".join(path)
        if not (command.help or command.short_help) and not getattr(command, "commands", None):
            missing.append(f"graphintro/cli/: `{shown}` has no help text: give its function a docstring")
        mine = _usages_of(path, command, usages)
        if not mine:
            if getattr(command, "commands", None) and not options:
                continue  # a group with nothing of its own (``tie``): its sub-commands are the rows
            arguments = " ".join(p.name.upper() for p in command.params if p.param_type_name == "argument")
            hints = " ".join(_usage_hint(o) for o in options if not set(o.opts) & EVERYWHERE)
            help_text = (command.help or "").strip().splitlines()[0] if command.help else "what it does"
            missing.append(
                f"README.md: `{shown}` is not in the Commands table (## Commands): add the row\n"
                f"    | `{' '.join(x for x in (shown, arguments, hints) if x)}` | {help_text} |"
            )
            continue
        words = {word.strip("[]().,…").split("=")[0] for usage in mine for word in usage}
        for option in options:
            if set(option.opts) & EVERYWHERE or set(option.opts) & words:
                continue
            row = " ".join(["graphintro", *mine[0]])
            missing.append(
                f"README.md: `{shown}` has the option {max(option.opts, key=len)}, not in its "
                f"Commands-table row: add `{_usage_hint(option)}` to `{row}` (and say what it does)"
            )
    return missing


def test_every_command_and_option_is_in_the_readme():
    missing = missing_documentation(README.read_text(encoding="utf-8"))
    assert not missing, "\n".join(missing)


def test_the_check_names_what_to_add():
    """The check itself: a README without a command's row, or without one of its options, is caught
    with the line to add."""
    readme = README.read_text(encoding="utf-8")
    without_path = "\n".join(
        line for line in readme.splitlines() if not line.startswith("| `graphintro path ")
    )
    assert any(
        m.startswith("README.md: `graphintro path` is not in the Commands table") and "[--max-hops" in m
        for m in missing_documentation(without_path)
    )
    without_avoid = readme.replace("[--avoid NAME]...", "")
    assert [m for m in missing_documentation(without_avoid) if "`graphintro path`" in m] == [
        "README.md: `graphintro path` has the option --avoid, not in its Commands-table row: add "
        f"`[--avoid {_avoid_metavar()}]` to `{_path_row(without_avoid)}` (and say what it does)"
    ]


def _avoid_metavar() -> str:
    path = dict(_commands())[("path",)]
    option = next(p for p in path.params if "--avoid" in p.opts)
    return option.metavar or option.name.upper()


def _path_row(readme: str) -> str:
    return next(" ".join(["graphintro", *u]) for u in _documented_usages(readme) if u[:1] == ["path"])
