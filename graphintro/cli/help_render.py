"""``graphintro --help`` without the parts of typer's help renderer that graphintro's help never uses.

typer (0.28, the pinned range) renders help with ``typer.rich_utils``, whose first lines import
``rich.markdown`` (markdown-it and Pygments behind it) and ``rich.traceback``: more than a quarter of
the instructions of a ``graphintro --help`` process (BENCHMARKS.md, "Start-up"), for two classes the
help drawn here never builds — graphintro's help is not in markdown mode and its pretty tracebacks are
off. Before typer loads its renderer for a help request, :func:`load_light_help_renderer` hands it
stand-ins for those two classes that import the real ones only if they are ever used, then takes the
stand-ins back out of ``sys.modules`` so that any later ``import rich.markdown`` gets the real module.
The help printed is the same, byte for byte (``tests/test_cli_basics.py``).
"""

from __future__ import annotations

import importlib
import sys

# typing.TYPE_CHECKING, read as such by mypy: typing is not imported by a help printed again
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

# The modules typer's renderer imports at its top, and the one class it takes from each.
DEFERRED = {"rich.markdown": "Markdown", "rich.traceback": "Traceback"}


def asks_for_help(args: Sequence[str]) -> bool:
    """Whether a command line only wants help: ``--help`` anywhere before ``--``, or no words at all
    (the root group shows its help then)."""
    words = list(args)
    if "--" in words:
        words = words[: words.index("--")]
    return not words or "--help" in words


def _stand_in(module: str, name: str) -> type:
    """A class that becomes the real ``module.name`` on first use (a call or an attribute), so that a
    renderer holding it behaves as if it held the real one."""

    def real() -> Any:
        return getattr(importlib.import_module(module), name)

    class Deferred(type):
        def __getattr__(cls, attribute: str) -> Any:
            return getattr(real(), attribute)

    class StandIn(metaclass=Deferred):
        def __new__(cls, *args: Any, **kwargs: Any) -> Any:
            return real()(*args, **kwargs)

    StandIn.__name__ = StandIn.__qualname__ = name
    return StandIn


def load_light_help_renderer() -> None:
    """Import ``typer.rich_utils`` with stand-ins for ``rich.markdown`` and ``rich.traceback``, unless it
    or those modules are loaded already (then there is nothing to save)."""
    if "typer.rich_utils" in sys.modules or any(module in sys.modules for module in DEFERRED):
        return
    for module, name in DEFERRED.items():
        from types import ModuleType

        placeholder = ModuleType(module)
        setattr(placeholder, name, _stand_in(module, name))
        sys.modules[module] = placeholder
    try:
        importlib.import_module("typer.rich_utils")
    finally:
        for module in DEFERRED:
            sys.modules.pop(module, None)
