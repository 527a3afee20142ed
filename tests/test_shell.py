"""Shell habits (issue 23): ``--version``, completion a user installs (run in a real bash), ``NO_COLOR``
honoured on a real terminal, and an example at the end of every command's ``--help``."""

from __future__ import annotations

import os
import pty
import re
import select
import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest
import typer.main

from graphintro.cli import EXAMPLES, app

BIN = Path(sys.executable).parent
# SGR sequences that set a colour (30-37, 90-97 foreground, 40-47 background, 38;5 / 38;2 extended).
COLOUR = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-8]|4[0-8]|9[0-7]|10[0-7])(?:;[0-9;]*)?m")


def every_command(command=None, prefix=""):
    """Each command and group by its full name ("" for graphintro itself, "asks done"...)."""
    command = command or typer.main.get_command(app)
    yield prefix.strip(), command
    for name, sub in getattr(command, "commands", {}).items():
        yield from every_command(sub, f"{prefix}{name} ")


def test_version_is_the_installed_one(runner):
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == f"graphintro {version('graphintro')}"


def test_every_command_help_ends_with_an_example(runner):
    names = []
    for name, _command in every_command():
        names.append(name)
        result = runner.invoke(app, [*name.split(), "--help"])
        assert result.exit_code == 0, name
        tail = result.stdout.rsplit("Examples:", 1)
        assert len(tail) == 2, (
            f"'graphintro {name} --help' shows no example: add one to EXAMPLES in graphintro/cli/examples.py"
        )
        assert f"graphintro {name}".strip() in tail[1], (name, tail[1])
    assert {"", "export", "path", "asks", "asks done", "tie rate"} <= set(names)
    assert not set(EXAMPLES) - set(names), "an example for a command that does not exist"


@pytest.fixture
def shell_env(tmp_path):
    """The user's shell environment: graphintro on the PATH, a home of its own."""
    return {"PATH": f"{BIN}:{os.environ['PATH']}", "HOME": str(tmp_path), "LANG": "C.UTF-8", "TERM": "xterm"}


def bash_completes(script: str, words: list[str], env: dict) -> list[str]:
    """What bash offers after ``words`` (the last one being typed), with the completion ``script``
    loaded as the user's ~/.bashrc would, calling the function ``complete -p`` names."""
    cword = len(words) - 1
    line = (
        f"{script}\nCOMP_WORDS=({' '.join(repr(w) for w in words)}); COMP_CWORD={cword}\n"
        "function=$(complete -p graphintro | sed -E 's/.* -F ([^ ]+) .*/\\1/')\n"
        f"$function graphintro {words[-1]!r} {words[-2]!r}\n"
        "printf '%s\\n' \"${COMPREPLY[@]}\""
    )
    result = subprocess.run(
        [shutil.which("bash"), "--norc", "--noprofile", "-c", line],
        check=False,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_bash_completion_from_show_completion(shell_env):
    bash = shutil.which("bash")
    assert bash, "bash is needed: Debian has it"
    # What the README says to run, in bash (the shell is detected from the parent process).
    script = subprocess.run(
        [bash, "--norc", "-c", "graphintro --show-completion"],
        env=shell_env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    assert "complete " in script and "graphintro" in script
    assert bash_completes(script, ["graphintro", "ex"], shell_env) == ["experts", "export"]
    assert bash_completes(script, ["graphintro", "export", "--for"], shell_env) == ["--format"]
    assert "--min-strength" in bash_completes(script, ["graphintro", "export", "--"], shell_env)


def test_install_completion_writes_the_users_bashrc(shell_env, tmp_path):
    bash = shutil.which("bash")
    result = subprocess.run(
        [bash, "--norc", "-c", "graphintro --install-completion"],
        check=False,
        env=shell_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    bashrc = (tmp_path / ".bashrc").read_text()
    sourced = re.search(r"source '?([^'\s]+)", bashrc)
    assert sourced, bashrc
    script = Path(sourced.group(1).replace("~", str(tmp_path))).read_text()
    assert bash_completes(script, ["graphintro", "pa"], shell_env) == ["path"]


def on_terminal(args: list[str], env: dict) -> str:
    """What ``graphintro args`` writes to a real terminal (a pseudo-terminal), escapes and all."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [str(BIN / "graphintro"), *args],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
        close_fds=True,
    )
    os.close(follower)
    chunks = []
    while True:
        ready, _, _ = select.select([leader], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: the process ended
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


def test_no_color_is_honoured_on_a_terminal(shell_env):
    env = {**shell_env, "TERM": "xterm-256color", "COLUMNS": "100"}
    coloured = on_terminal(["export", "--help"], env)
    assert COLOUR.search(coloured), "a terminal gets colours: the test could not tell"
    plain = on_terminal(["export", "--help"], {**env, "NO_COLOR": "1"})
    assert not COLOUR.search(plain)  # bold may stay: NO_COLOR is about colour (no-color.org)
    assert "--min-strength" in re.sub(r"\x1b\[[0-9;]*m", "", plain)
    error = on_terminal(["export", "--format"], {**env, "NO_COLOR": "1"})  # a usage error, boxed by rich
    assert "requires an argument" in re.sub(r"\x1b\[[0-9;]*m", "", error) and not COLOUR.search(error)
