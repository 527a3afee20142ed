"""The help already drawn: ``graphintro --help`` (and every ``graphintro ... --help``) printed again
from the user's cache dir without importing typer, click or rich.

Drawing a help costs ~0.5 G instructions, nearly all of them Python, typer and rich starting
(BENCHMARKS.md, "Start-up"), for text that changes only when graphintro or its libraries change.
The first help request draws as always, and the exact text it printed is stored, atomically, under
a key made of everything that drawing reads (:func:`request_key`): the command line, graphintro's CLI
modules (name, size, modification time), the installed libraries (the modification time of each
directory on ``sys.path``: installing, upgrading or removing a package changes it), the Python
running, the terminal (which of the standard streams is one, and its size), the streams' encodings
and the environment variables typer, click and rich look at (``COLUMNS``, ``NO_COLOR``,
``FORCE_COLOR``, ``TERM``, locales...). A later request with the same key prints the stored bytes and
exits with the stored code. An entry is printed only if its key matches whole and its text its
length and checksum; anything else (no entry, a corrupt or foreign one, an unreadable or unwritable
cache dir) falls back to drawing the help, as before this cache existed.

Only a help that typer drew and that ended the process before any command ran is stored
(:class:`Recorder`), with nothing written to stderr; a shell completion request
(``_GRAPHINTRO_COMPLETE``) never takes this path.

This module imports only what Python's start has loaded already, plus ``zlib`` and the stream check
of ``path_line`` (``os`` and ``sys``).
"""

from __future__ import annotations

import os
import sys
import zlib

from graphintro.cli.path_line import utf8_stream
from graphintro.help_dir import cache_dir

# typing.TYPE_CHECKING, read as such by mypy: typing is not imported by a help printed again
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

FORMAT = b"graphintro-help 1"
MAX_ENTRIES = 512  # past this many entries, storing one more clears the others

# The environment variables typer (0.28), click (8.x) and rich (14-15) read, and the prefixes of
# those that select a locale or configure them.
ENVIRONMENT = (
    "COLORTERM",
    "COLUMNS",
    "DATABRICKS_RUNTIME_VERSION",
    "FORCE_COLOR",
    "GITHUB_ACTIONS",
    "LINES",
    "NO_COLOR",
    "PAGER",
    "PYTHONIOENCODING",
    "PYTHONLEGACYWINDOWSSTDIO",
    "PYTHONUTF8",
    "PY_COLORS",
    "SHELL",
    "TERM",
    "TERMINAL_WIDTH",
    "UNICODE_VERSION",
)
ENVIRONMENT_PREFIXES = ("LANG", "LC_", "TTY_", "JUPYTER_", "TYPER_", "_TYPER_", "GRAPHINTRO", "_GRAPHINTRO")


def _stream_key(fd: int) -> tuple[Any, ...]:
    try:
        size: Any = tuple(os.get_terminal_size(fd))
    except (OSError, ValueError):
        size = None
    try:
        tty = os.isatty(fd)
    except OSError:
        tty = None
    return (fd, tty, size)


def _code_key() -> list[Any]:
    """graphintro's CLI modules and package file, and every directory of ``sys.path``."""
    here = os.path.dirname(os.path.abspath(__file__))
    files = [os.path.join(os.path.dirname(here), "__init__.py")]
    files += sorted(os.path.join(here, name) for name in os.listdir(here) if name.endswith(".py"))
    key: list[Any] = []
    for path in [*files, *sys.path]:
        try:
            stat = os.stat(path or ".")
        except OSError:
            key.append((path, None))
        else:
            key.append((path, stat.st_size, stat.st_mtime_ns))
    return key


def request_key(args: Sequence[str]) -> str | None:
    """Everything the help printed for ``args`` depends on, as one line of text; ``None`` when this
    request must not be served from the cache (a shell completion, a stream that is not UTF-8)."""
    environ = os.environ
    if any("_COMPLETE" in name for name in environ):
        return None
    streams = []
    for stream in (sys.stdout, sys.stderr):
        if not utf8_stream(stream):
            return None  # click would re-wrap such a stream: what was written is not what was printed
        streams.append((stream.encoding, getattr(stream, "errors", None)))
    variables = sorted(
        (name, value)
        for name, value in environ.items()
        if name in ENVIRONMENT or name.startswith(ENVIRONMENT_PREFIXES)
    )
    key = (
        list(args),
        sys.version,
        sys.executable,
        sys.platform,
        streams,
        [_stream_key(fd) for fd in (0, 1, 2)],
        variables,
        _code_key(),
    )
    return repr(key).replace("\n", "\\n")


def entry_path(key: str) -> str:
    data = key.encode("utf-8", "surrogateescape")
    return os.path.join(cache_dir(), f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}")


def read_entry(key: str) -> tuple[int, bytes] | None:
    """The exit code and printed bytes stored for ``key``, or ``None`` (missing, unreadable, corrupt,
    or another key's)."""
    try:
        with open(entry_path(key), "rb") as file:
            data = file.read()
    except (OSError, ValueError):
        return None
    try:
        header, stored_key, payload = data.split(b"\n", 2)
        magic, code, length, checksum = header.rsplit(b" ", 3)
        if (
            magic != FORMAT
            or stored_key != key.encode("utf-8", "surrogateescape")
            or len(payload) != int(length)
            or zlib.crc32(payload) != int(checksum)
        ):
            return None
        return int(code), payload
    except ValueError:
        return None


def serve(key: str) -> None:
    """Print the help stored for ``key`` and end the process with its exit code, if there is one;
    return otherwise (the help is then drawn)."""
    entry = read_entry(key)
    if entry is None:
        return
    code, payload = entry
    try:
        sys.stdout.flush()
        sys.stdout.buffer.write(payload)
        sys.stdout.flush()
    except (AttributeError, ValueError):
        return  # no byte stream behind stdout: draw the help as usual
    raise SystemExit(code)


def store(key: str, code: int, payload: bytes) -> None:
    """Keep ``payload`` (what the help printed) and ``code`` for ``key``: written whole to a temporary
    file, then renamed over the entry. Any failure leaves the cache as it was. The key holds the
    command line (``path "Jean Dupont" --help`` names a person): the entries are readable by their
    user alone, as the store is."""
    import contextlib

    directory = cache_dir()
    path = entry_path(key)
    temporary = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(directory, mode=0o700, exist_ok=True)  # the command line may name people
        os.chmod(directory, 0o700)  # (made by an earlier version with the default mode)
        names = os.listdir(directory)
        if len(names) >= MAX_ENTRIES:
            for name in names:
                with contextlib.suppress(OSError):
                    os.remove(os.path.join(directory, name))
        header = b"%s %d %d %d\n" % (FORMAT, code, len(payload), zlib.crc32(payload))
        with open(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as file:
            file.write(header + key.encode("utf-8", "surrogateescape") + b"\n" + payload)
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.remove(temporary)


class _Tee:
    """A text stream that passes everything to ``stream`` and keeps a copy of what was written."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream
        self.written: list[str] = []

    def write(self, text: str) -> int:
        count = self._stream.write(text)  # first: click probes streams with write(b"")
        self.written.append(text)
        return count

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class Recorder:
    """Records a help request as it is drawn, and stores what it printed if it was a help: typer drew
    a help (``helped``), no command ran (``ran``, set by ``handles_errors``), the process is ending
    with an exit code and nothing went to stderr."""

    active: Recorder | None = None

    def __init__(self, key: str) -> None:
        self.key = key
        self.helped = False
        self.ran = False
        self._out = _Tee(sys.stdout)
        self._err = _Tee(sys.stderr)

    def __enter__(self) -> Recorder:
        Recorder.active = self
        sys.stdout, sys.stderr = self._out, self._err
        return self

    def __exit__(self, kind: Any, error: Any, traceback: Any) -> None:
        sys.stdout, sys.stderr = self._out._stream, self._err._stream
        Recorder.active = None
        if kind is not SystemExit or not self.helped or self.ran or self._err.written:
            return
        code = error.code if error is not None else None
        if code is None:
            code = 0
        if not isinstance(code, int):
            return
        try:
            text = "".join(self._out.written)
            payload = text.encode(self._out._stream.encoding, self._out._stream.errors or "strict")
        except (TypeError, UnicodeError, LookupError, AttributeError):
            return
        store(self.key, code, payload)


def help_drawn() -> None:
    """Called as typer draws a help (``core``'s command classes)."""
    if Recorder.active is not None:
        Recorder.active.helped = True


def command_ran() -> None:
    """Called as a command's own code starts (``core.handles_errors``): what it prints is not a help."""
    if Recorder.active is not None:
        Recorder.active.ran = True
