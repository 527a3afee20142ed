"""The CLI as a newcomer meets it: help for every command, documented in the README, fast to start."""

import os
import subprocess
import sys
from pathlib import Path

import typer.main

from graphintro.cli import app

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def all_commands(command=None, prefix=""):
    """Every command; a group that also runs by itself (``people WORDS``, ``asks``) is one too."""
    command = command or typer.main.get_command(app)
    for name, sub in getattr(command, "commands", {}).items():
        if getattr(sub, "commands", None):
            if getattr(sub, "invoke_without_command", False):
                yield f"{prefix}{name}", sub
            yield from all_commands(sub, f"{prefix}{name} ")
        else:
            yield f"{prefix}{name}", sub


def test_every_command_has_help_and_is_in_the_readme(runner):
    commands = dict(all_commands())
    assert {"import", "people", "stats", "demo", "path", "tie rate"} <= set(commands)
    for name, command in commands.items():
        assert (command.help or "").strip(), f"{name} has no help text"
        assert f"graphintro {name}" in README, f"'graphintro {name}' is missing from the README"
        result = runner.invoke(app, [*name.split(), "--help"])
        assert result.exit_code == 0 and "Usage" in result.output


def _drawing(cache: Path) -> dict[str, str]:
    """The environment of a help drawn by typer, not printed from an earlier one
    (graphintro.cli.help_cache): an empty user cache dir of the test's own."""
    return {**os.environ, "XDG_CACHE_HOME": str(cache)}


def test_help_does_not_import_heavy_libraries(tmp_path):
    code = (
        "import sys; from graphintro.cli import main; sys.argv = ['graphintro', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('pandas', 'networkx', 'neo4j', 'numpy', 'scipy', 'rapidfuzz',\n"
        "                     'pydantic', 'sqlite3', 'markdown_it', 'pygments') if m in sys.modules]\n"
        "print('HEAVY', heavy, 'typer' in sys.modules and 'typer')"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=_drawing(tmp_path)
    ).stdout
    assert "HEAVY []" in out and "typer" in out


def test_help_loads_no_more_of_graphintro_than_its_cli(tmp_path):
    """``graphintro --help`` (and a command's) draws from the CLI's own modules: the escaping of
    outputs (``graphintro.output``: json and seven Unicode-range regular expressions compiled at its
    import) and the errors are loaded by a command when it runs, not at every start (BENCHMARKS.md).
    (``graphintro.help_dir``, where helps are kept, is the help cache's, and imports only os and sys.)"""
    for number, args in enumerate((["--help"], ["path", "--help"])):
        code = (
            "import sys; from graphintro.cli import main\n"
            f"sys.argv = ['graphintro', *{args!r}]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('LOADED', sorted(m for m in sys.modules if m == 'json' or (m.startswith('graphintro.')"
            " and not m.startswith('graphintro.cli') and m != 'graphintro.help_dir')), 'typer' in sys.modules)"
        )
        env = _drawing(tmp_path / str(number))
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
        ).stdout
        assert "LOADED [] True" in out, (args, out[-300:])


def test_numpy_gets_one_openblas_thread_unless_the_user_asks_for_more():
    """numpy's OpenBLAS worker threads spin ~0.1 s of CPU in every command that imports numpy and
    graphintro has no dense linear algebra for them (BENCHMARKS.md): one thread by default, and a
    user's own ``OPENBLAS_NUM_THREADS`` wins."""
    code = (
        "import os, sys; from graphintro.cli import main\n"
        "sys.argv = ['graphintro', '--version']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('THREADS', os.environ.get('OPENBLAS_NUM_THREADS'))"
    )
    for asked, expected in ((None, "1"), ("3", "3")):
        env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
        if asked:
            env["OPENBLAS_NUM_THREADS"] = asked
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
        )
        assert f"THREADS {expected}" in out.stdout, (asked, out.stdout)


def _help_as_printed(args, cache, preload=""):
    """What ``graphintro ARGS`` prints on a colour terminal 100 columns wide, in a fresh process that
    first runs ``preload``, with ``cache`` as its user cache dir."""
    code = f"import sys\n{preload}\nsys.argv = ['graphintro', *{args!r}]\nfrom graphintro.cli import main\nmain()"
    env = {**_drawing(cache), "FORCE_COLOR": "1", "COLUMNS": "100"}
    env.pop("NO_COLOR", None)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    return done.returncode, done.stdout + done.stderr


def test_fast_help_prints_what_typer_prints_with_its_whole_renderer(tmp_path):
    """The help renderer loaded without markdown and traceback support (graphintro.cli.help_render)
    draws the same coloured panels, byte for byte, as the one typer loads by itself."""
    whole = "import rich.markdown, rich.traceback"
    for args in (["--help"], [], ["path", "--help"], ["people", "--help"], ["tie", "rate", "--help"]):
        code, fast = _help_as_printed(args, tmp_path / f"light{args}")
        assert code == (0 if args else 2) and "Usage" in fast and "\x1b[" in fast, (
            args
        )  # coloured, as on a terminal
        assert (code, fast) == _help_as_printed(args, tmp_path / f"whole{args}", whole), args


def test_the_stand_ins_become_the_real_rich_classes_when_used():
    """After a help request, rich's markdown and traceback are real modules again, and typer's renderer
    builds real objects through what it holds (markdown-mode help, pretty tracebacks)."""
    code = (
        "import sys\n"
        "from graphintro.cli.help_render import load_light_help_renderer\n"
        "load_light_help_renderer()\n"
        "assert 'markdown_it' not in sys.modules and 'rich.markdown' not in sys.modules\n"
        "import rich.markdown, rich.traceback, typer.rich_utils as renderer\n"
        "assert type(renderer.Markdown('*x*')) is rich.markdown.Markdown\n"
        "try:\n    1 / 0\nexcept ZeroDivisionError as error:\n"
        "    shown = renderer.Traceback.from_exception(type(error), error, error.__traceback__)\n"
        "assert type(shown) is rich.traceback.Traceback\n"
        "print('REAL', rich.markdown.Markdown.__module__, rich.traceback.Traceback.__module__)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "REAL rich.markdown rich.traceback" in out


def test_only_help_requests_take_the_light_renderer():
    from graphintro.cli.help_render import asks_for_help

    assert asks_for_help([]) and asks_for_help(["--help"]) and asks_for_help(["path", "A", "--help"])
    assert not asks_for_help(["path", "A", "B"]) and not asks_for_help(["note", "--", "--help"])


def test_readme_quick_start_has_exactly_the_two_commands():
    assert "graphintro demo" in README
    marker = README.index("<!-- test-command -->")
    test_block = README[marker:].split("```")[1]
    assert "pytest" in test_block and "pip install" in test_block


def test_unknown_store_for_query_is_a_clear_error(runner, tmp_path):
    result = runner.invoke(app, ["--db", str(tmp_path / "none.db"), "stats"])
    assert result.exit_code == 2
    assert "no graphintro store here yet" in result.output


def test_path_answers_without_loading_the_importers(demo_db, team):
    """A question asked of a current graph cache (as every question but the first after a write)."""
    from graphintro.graph import load_graph
    from graphintro.store import Store

    with Store(demo_db) as store:
        load_graph(store)  # (a whole build counts mutual contacts between hubs with scipy's sparse product)
    code = (
        "import sys; from graphintro.cli import main\n"
        f"sys.argv = ['graphintro', '--db', {str(demo_db)!r}, 'path', {team['user']!r}, {team['target']!r}]\n"
        "try:\n    main()\nexcept SystemExit as exit:\n    assert not exit.code, exit.code\n"
        "print('LOADED', sorted(m for m in sys.modules if m.startswith(('graphintro.ingest', 'graphintro.importers',"
        " 'pydantic', 'scipy', 'numpy.ma.')) or m == 'numpy.ma'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert f"ask your teammate {team['introducer']}, who knows {team['target']}" in out
    # pydantic: typer 0.29 coerces every option through it, 0.1-0.25 s of each question; scipy: the
    # mutual counts of a path's evidence imported it (0.2-0.5 s), numpy.ma a plain np.unique (BENCHMARKS.md)
    assert "LOADED []" in out


def test_library_exports_load_on_first_use():
    code = (
        "import sys, graphintro\n"
        "print('EAGER', 'graphintro.ingest' in sys.modules)\n"
        "names = {}\n"
        "exec('from graphintro import *', names)\n"
        "from graphintro.ingest import import_team\n"
        "print('ALL', all(n in names for n in graphintro.__all__), names['import_team'] is import_team)\n"
        "print('UNKNOWN', hasattr(graphintro, 'nothing_here'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "EAGER False" in out and "ALL True True" in out and "UNKNOWN False" in out
