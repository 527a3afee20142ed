"""Where graphintro keeps the help screens it drew (``graphintro.cli.help_cache``): apart from the
command line's package, so that ``forget`` (``graphintro.privacy``) clears them without importing it.
Only what Python's start has loaded already is imported here (a help printed again comes this way)."""

from __future__ import annotations

import os
import sys


def cache_dir() -> str:
    """Where helps are kept: ``help`` in graphintro's user cache dir (``platformdirs.user_cache_dir``).
    On Linux and the BSDs that is ``$XDG_CACHE_HOME/graphintro`` (``~/.cache/graphintro``), computed
    here as platformdirs does, whose import would cost more than printing the help; elsewhere
    platformdirs is asked."""
    if sys.platform == "win32" or sys.platform == "darwin":
        from platformdirs import user_cache_dir

        return os.path.join(user_cache_dir("graphintro"), "help")
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not base.strip():
        base = os.path.expanduser("~/.cache")
    return os.path.join(base, "graphintro", "help")
