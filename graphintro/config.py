"""The config file: where it is, and its tables read in one place.

One TOML file (``$GRAPHINTRO_CONFIG``, else ``config.toml`` in the user config folder, e.g.
``~/.config/graphintro/config.toml``) holds every setting a team may change: ``[strength]`` and
``[quality]`` weights, ``[synonyms]`` of the topic vocabulary, ``[asks]`` templates and delays. Each
module reads its own table with ``config_table``; a file that is not TOML, or a table that is not a
table, is a ``ConfigError``: one line naming the file, exit code 2, never a traceback.
"""

from __future__ import annotations

import os
from pathlib import Path

from graphintro.errors import GraphintroError


class ConfigError(GraphintroError):
    """The config file cannot be used: names the file and what is wrong in it."""

    def __init__(self, file: str | Path, reason: str) -> None:
        self.file = str(file)
        self.reason = reason
        super().__init__(f"{self.file}: {reason}")

    def __reduce__(self) -> tuple:
        return type(self), (self.file, self.reason)


def config_path() -> Path:
    """``$GRAPHINTRO_CONFIG``, else ``config.toml`` in the user's config folder (which may not exist)."""
    env = os.environ.get("GRAPHINTRO_CONFIG")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("graphintro", appauthor=False)) / "config.toml"


def read_config(path: Path | None = None) -> dict:
    """The whole config file (``config_path()`` unless ``path``), or ``{}`` when there is none."""
    path = path or config_path()
    if not path.is_file():
        return {}
    import tomllib  # (only with a file to read: its import compiles regexes, ~40 M instructions)

    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(path, f"bad config file ({' '.join(str(error).split())})") from None


def config_table(name: str, path: Path | None = None) -> dict:
    """The ``[name]`` table of the config file, ``{}`` when the file or the table is absent."""
    table = read_config(path).get(name, {})
    if not isinstance(table, dict):
        raise ConfigError(path or config_path(), f"{name} must be a table ([{name}])")
    return table
