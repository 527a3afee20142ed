"""The help already drawn (graphintro.cli.help_cache): a second ``graphintro --help`` prints the same
bytes without importing typer, and never serves an entry whose code, terminal or environment differ,
a corrupt entry, or what a command (not a help) printed.

Each run is a real ``graphintro`` process with its own user cache dir (``XDG_CACHE_HOME``). The
process reports on stderr, after the CLI has ended, whether typer was imported: ``DREW`` (the help
was drawn, or the command ran) or ``SERVED`` (printed from the cache).
"""

from __future__ import annotations

import fcntl
import os
import pty
import shutil
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

import graphintro

PACKAGE = Path(graphintro.__file__).parent
# ``python -c`` puts the working directory on ``sys.path``, a part of the key: one nobody writes into.
STILL = Path(__file__).parent / "fixtures"
RUN = (
    "import sys\n"
    "sys.argv = ['graphintro', *sys.argv[1:]]\n"
    "from graphintro.cli import main\n"
    "try:\n"
    "    main()\n"
    "finally:\n"
    "    sys.stderr.write('\\nDREW' if 'typer' in sys.modules else '\\nSERVED')\n"
)


def _env(cache: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "FORCE_COLOR", "NO_COLOR")}
    env["XDG_CACHE_HOME"] = str(cache)
    env.update(extra)
    return env


def graphintro_run(args, cache: Path, cwd: Path | None = None, **extra: str):
    """``graphintro ARGS`` piped: (exit code, stdout bytes, stderr text without the marker, marker).
    ``python -c`` puts the working directory first on ``sys.path``: a test running a copy of the
    package sets ``cwd`` away from the source tree."""
    done = subprocess.run(
        [sys.executable, "-c", RUN, *args],
        env=_env(cache, **extra),
        capture_output=True,
        cwd=cwd or STILL,
        stdin=subprocess.DEVNULL,
    )
    err, _, marker = done.stderr.decode().rpartition("\n")
    return done.returncode, done.stdout, err, marker


def graphintro_on_terminal(args, cache: Path, width: int):
    """``graphintro ARGS`` on a pseudo-terminal ``width`` columns wide: (exit code, what it showed,
    marker)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, width, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-c", RUN, *args],
        env=_env(cache, TERM="xterm-256color"),
        stdin=slave,
        stdout=slave,
        stderr=slave,
        cwd=STILL,
        start_new_session=True,
    )
    os.close(slave)
    shown = b""
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # the terminal's other side closed
            break
        if not data:
            break
        shown += data
    code = process.wait()
    os.close(master)
    shown, _, marker = shown.rpartition(b"\r\n")  # the terminal shows "\n" as "\r\n"
    return code, shown, marker.decode()


def entries(cache: Path) -> list[Path]:
    folder = cache / "graphintro" / "help"
    return sorted(folder.iterdir()) if folder.exists() else []


@pytest.mark.parametrize(
    "args", [["--help"], [], ["path", "--help"], ["people", "merge", "--help"], ["tie", "rate", "--help"]]
)
def test_a_second_help_is_printed_from_the_cache_byte_for_byte(tmp_path, args):
    code, out, err, marker = graphintro_run(args, tmp_path)
    assert marker == "DREW" and b"Usage" in out and err == ""
    assert code == (0 if args else 2)  # no words: the root's help, as a usage error
    assert len(entries(tmp_path)) == 1
    for _ in range(2):
        assert graphintro_run(args, tmp_path) == (code, out, "", "SERVED")


def test_the_cache_dir_is_platformdirs_user_cache_dir(tmp_path, monkeypatch):
    from platformdirs import user_cache_dir

    from graphintro.cli.help_cache import cache_dir

    for value in (str(tmp_path), "", "  "):
        monkeypatch.setenv("XDG_CACHE_HOME", value)
        assert cache_dir() == os.path.join(user_cache_dir("graphintro"), "help")


def test_an_entry_is_not_served_once_the_cli_code_changed(tmp_path):
    """A copy of graphintro whose ``path`` help is then edited: the next help shows the edit."""
    source = tmp_path / "src"
    elsewhere = tmp_path / "cwd"  # python -c puts the working directory on sys.path: one that stays as it is
    elsewhere.mkdir()
    shutil.copytree(PACKAGE, source / "graphintro", ignore=shutil.ignore_patterns("__pycache__"))
    cache = tmp_path / "cache"
    before = graphintro_run(["path", "--help"], cache, PYTHONPATH=str(source), cwd=elsewhere)
    assert before[3] == "DREW" and b"introduce" in before[1]
    assert graphintro_run(["path", "--help"], cache, PYTHONPATH=str(source), cwd=elsewhere) == (
        *before[:3],
        "SERVED",
    )
    module = source / "graphintro" / "cli" / "questions.py"
    text = module.read_text()
    assert text.count("introduce") >= 1
    module.write_text(text.replace("introduce", "intr0duce"))
    after = graphintro_run(["path", "--help"], cache, PYTHONPATH=str(source), cwd=elsewhere)
    assert after[3] == "DREW" and b"intr0duce" in after[1] and after[1] != before[1]


def test_width_colour_and_terminal_each_have_their_own_entry(tmp_path):
    """The same help asked at several widths, with and without colour, piped and on a terminal:
    each printed as a fresh process with an empty cache prints it, in any order, again and again."""
    settings = [
        {"COLUMNS": "60"},
        {"COLUMNS": "130"},
        {"COLUMNS": "130", "FORCE_COLOR": "1"},
        {"COLUMNS": "130", "FORCE_COLOR": "1", "NO_COLOR": "1"},
    ]
    expected = [
        graphintro_run(["path", "--help"], tmp_path / f"fresh{i}", **s) for i, s in enumerate(settings)
    ]
    assert len({out for _, out, _, _ in expected}) == len(settings)  # each setting shows another help
    shared = tmp_path / "shared"
    for _ in range(2):
        for setting, (code, out, err, _) in zip(settings, expected, strict=True):
            assert graphintro_run(["path", "--help"], shared, **setting)[:3] == (code, out, err)
    assert len(entries(shared)) == len(settings)

    widths = (70, 110)
    on_terminal = [  # each with an empty cache: drawn
        graphintro_on_terminal(["path", "--help"], tmp_path / f"tty{width}", width) for width in widths
    ]
    assert (
        on_terminal[0][1] != on_terminal[1][1] and b"\x1b[" in on_terminal[0][1]
    )  # coloured, as on a terminal
    for run in range(2):
        for width, (code, shown, _) in zip(widths, on_terminal, strict=True):
            marker = "SERVED" if run else "DREW"
            assert graphintro_on_terminal(["path", "--help"], shared, width) == (code, shown, marker)
    piped = graphintro_run(["path", "--help"], shared)
    assert piped[1] == graphintro_run(["path", "--help"], tmp_path / "fresh-piped")[1]


@pytest.mark.parametrize("damage", ["flipped", "truncated", "garbage", "empty", "another key"])
def test_a_corrupt_entry_is_never_printed(tmp_path, damage):
    code, out, _, _ = graphintro_run(["--help"], tmp_path)
    graphintro_run(["stats", "--help"], tmp_path)
    (entry,) = [e for e in entries(tmp_path) if e.read_bytes().split(b"\n")[1].startswith(b"(['--help']")]
    (other,) = [e for e in entries(tmp_path) if e != entry]
    data = entry.read_bytes()
    if damage == "flipped":  # one byte of the text, same length
        middle = len(data) - 200
        data = data[:middle] + bytes([data[middle] ^ 0x20]) + data[middle + 1 :]
    elif damage == "truncated":
        data = data[:-10]
    elif damage == "garbage":
        data = b"\x00\xff" * 100
    elif damage == "empty":
        data = b""
    else:  # the other help's entry, as if the names collided
        data = other.read_bytes()
    entry.write_bytes(data)
    assert graphintro_run(["--help"], tmp_path) == (code, out, "", "DREW")
    assert graphintro_run(["--help"], tmp_path) == (code, out, "", "SERVED")  # drawn, then stored again


def test_an_unusable_cache_dir_only_costs_the_drawing(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    code, out, err, _ = graphintro_run(["--help"], tmp_path)
    for _ in range(2):
        assert graphintro_run(["--help"], blocker) == (code, out, err, "DREW")


def test_a_command_whose_option_value_is_help_runs_every_time(demo_db, tmp_path):
    """``--db --help`` names a store called ``--help``: the command runs (twice), and what it printed is
    not kept as a help."""
    work = tmp_path / "work"  # the working directory (on sys.path, in the key), the cache elsewhere
    work.mkdir()
    shutil.copy(demo_db, work / "--help")
    cache = tmp_path / "cache"
    first = graphintro_run(["stats", "--json", "--db", "--help"], cache, cwd=work)
    assert first[0] == 0 and first[1].startswith(b"{") and first[3] == "DREW"
    assert graphintro_run(["stats", "--json", "--db", "--help"], cache, cwd=work) == first
    assert entries(cache) == []
    # the same with a group on the way (people's callback runs, then its search)
    found = graphintro_run(["people", "--db", "--help", "--json"], cache, cwd=work)
    assert found[0] == 0 and found[1].startswith(b"{") and found[3] == "DREW"
    assert graphintro_run(["people", "--db", "--help", "--json"], cache, cwd=work) == found
    assert entries(cache) == []


def test_shell_completion_is_never_served_from_the_cache(tmp_path):
    completion = {"_GRAPHINTRO_COMPLETE": "complete_bash", "COMP_WORDS": "graphintro pa", "COMP_CWORD": "1"}
    for _ in range(2):
        code, out, _, marker = graphintro_run([], tmp_path, **completion)
        assert code == 0 and b"path" in out and marker == "DREW"
    assert entries(tmp_path) == []


def test_an_entry_naming_a_person_is_readable_by_its_user_alone(tmp_path):
    """The command line is part of the key kept with the help: it may name the people asked about."""
    _, out, _, marker = graphintro_run(["path", "Jean Dupont", "--help"], tmp_path)
    assert marker == "DREW" and b"Usage" in out
    (entry,) = entries(tmp_path)
    assert "Jean Dupont" in entry.read_text(encoding="utf-8")
    assert entry.stat().st_mode & 0o777 == 0o600
    assert entry.parent.stat().st_mode & 0o777 == 0o700


def test_a_help_on_a_stream_that_is_not_utf8_is_drawn_every_time(tmp_path):
    """click re-wraps a stream that does not write UTF-8: what typer wrote is then not what was
    printed, so such a help is never kept, nor served, and prints as a fresh drawing does."""
    fresh = graphintro_run(["path", "--help"], tmp_path / "fresh", PYTHONIOENCODING="latin-1")
    shared = tmp_path / "shared"
    for _ in range(2):
        again = graphintro_run(["path", "--help"], shared, PYTHONIOENCODING="latin-1")
        assert again == (*fresh[:3], "DREW")
    assert entries(shared) == []
