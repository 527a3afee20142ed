"""The ``graphintro`` command: parse arguments, call one library function, render its result.

One module per command group (``imports``, ``people``, ``questions``, ``asks``, ``quality``,
``tools``) over ``core`` (the app, its root options in a context object, the error handler, the
shared options); the commands are registered in ``commands``, in the order ``graphintro --help``
lists them. Heavy libraries are imported inside commands so that ``graphintro --help`` answers at once.
Errors raised by the library are rendered as one line on stderr with exit code 2 (bad input or
usage) or 1 (nothing found); ``--debug`` shows the traceback instead.

This package's own module holds only the entry point: ``app``, ``COMMANDS`` and ``EXAMPLES`` (typer,
every command module) are imported on first use (PEP 562), by :func:`main` once it has turned the
cyclic garbage collector off for them.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys

from graphintro.cli.help_render import asks_for_help, load_light_help_renderer

# typing.TYPE_CHECKING, read as such by mypy: typing is not imported by a help printed again
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from graphintro.cli.commands import COMMANDS, EXAMPLES, app

__all__ = ["COMMANDS", "EXAMPLES", "app", "main"]

_LAZY = {"app", "COMMANDS", "EXAMPLES"}


def __getattr__(name: str) -> Any:
    """``graphintro.cli.app`` (and the command and example tables): the app with every command
    registered, imported when first asked for."""
    if name not in _LAZY:
        raise AttributeError(f"module 'graphintro.cli' has no attribute {name!r}")
    value = getattr(importlib.import_module("graphintro.cli.commands"), name)
    globals()[name] = value
    return value


def main() -> None:
    """Console entry point. The app's modules (typer, click, every command's module: tens of
    thousands of objects, none of them garbage) are imported with the cyclic garbage collector off,
    which otherwise walks them again at each collection on the way (8 % of a ``graphintro --help``
    in instructions: BENCHMARKS.md). A command runs with the collector back on. A help request keeps
    it off while drawing too (typer's renderer, rich's modules, the panels: all kept until the
    process ends), and so it stays when the help ends the process (``SystemExit``, as typer ends
    every command), sparing the last collection at the interpreter's exit; any other way out turns
    it back on.

    numpy's OpenBLAS starts worker threads at its import that spin for ~0.1 s of CPU while the
    command goes on; graphintro does no dense linear algebra (its matrix products are scipy's sparse
    ones), so one thread is asked unless the user set a number (BENCHMARKS.md). ``OMP_NUM_THREADS``
    is left alone: pyarrow sizes its pool (the Parquet export) from it."""
    args = sys.argv[1:]
    helping = asks_for_help(args)
    key = None
    if helping:
        from graphintro.cli import help_cache

        key = help_cache.request_key(args)
        if key is not None:
            help_cache.serve(key)  # ends the process if this help was drawn before
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    if not helping:
        from graphintro.cli import path_line

        options = path_line.parse(args)
        if options is not None:  # a plain path question: answered without typer (path_line)
            gc.disable()  # one answer, then the process ends: nothing of it lives long enough to collect
            code = path_line.run(options)
            # Nothing is left to collect at the interpreter's exit either: its last collection over
            # every object of numpy's and graphintro's modules: ~3 % of a weak path question (BENCHMARKS.md)
            gc.freeze()
            sys.exit(code)
    collecting = gc.isenabled()
    gc.disable()
    try:
        from graphintro.cli.commands import app

        if helping:
            load_light_help_renderer()
    except BaseException:
        if collecting:
            gc.enable()
        raise
    if not helping:
        if collecting:
            gc.enable()
        app(prog_name="graphintro")
        return
    try:
        if key is None:
            app(prog_name="graphintro")
        else:
            with help_cache.Recorder(key):
                app(prog_name="graphintro")
    except SystemExit:
        raise  # the process ends: nothing left worth collecting
    except BaseException:
        if collecting:
            gc.enable()
        raise
    if collecting:
        gc.enable()
