"""A team's exports parsed a few exports ahead, in two other processes, while the first one writes."""

from __future__ import annotations

import gc
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from graphintro.importers.model import ParsedSource
from graphintro.ingest.parsing import _parse
from graphintro.ingest.summary import TeamExport

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor


# A team of at least this many exports is parsed in two other processes while the first one writes:
# below, starting them costs more than it saves.
PARALLEL_PARSE_MIN = 8


class _parsed_ahead:
    """The parsed exports of a team, in order, parsed a few exports ahead in two other processes.

    At most ``AHEAD`` exports wait parsed in memory, so a team of any size fits; a parse error
    comes out when its export's turn comes, and the remaining work is cancelled. An export much
    bigger than the others (the team's group list) is parsed from the start by one of the two
    parsing processes: parsed at its turn, it would keep the writer waiting for seconds.

    Two parsing processes, always: an export of 5,000 contacts takes about as much CPU to parse as
    to write (0.85 s and 0.72 s), so a single one keeps the writer waiting half the time, while with
    two the three processes keep both cores of the machine busy."""

    AHEAD = 4
    # Times the median size of the team's exports: bigger than the exports parsed ahead of it
    # together, with a margin, its parse would outlast their writing.
    BIG = 2 * AHEAD

    def __init__(self, exports: list[TeamExport]) -> None:
        self.exports = exports
        self.pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Iterator[list[ParsedSource]]:
        import multiprocessing
        import os
        import sys

        if (
            len(self.exports) < PARALLEL_PARSE_MIN
            or (os.cpu_count() or 1) < 2
            or not sys.platform.startswith("linux")
            or "fork" not in multiprocessing.get_all_start_methods()
        ):
            return (_parse(export) for export in self.exports)
        from concurrent.futures import ProcessPoolExecutor

        big = _much_bigger([_input_size(export) for export in self.exports], self.BIG)
        # fork, not spawn: a spawned child re-runs the caller's script, which a script without a
        # ``__main__`` guard cannot survive. The children only parse files; they never touch the
        # store, and they are forked here, before the write transaction begins.
        self.pool = ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("fork"))
        self.early = {number: self.pool.submit(_parse_apart, self.exports[number]) for number in big}
        self.following = iter([number for number in range(len(self.exports)) if number not in self.early])
        self.pending: deque[Future[list[ParsedSource]]] = deque()
        for _ in range(self.AHEAD):
            self._submit_next()
        return self._ahead()

    def _submit_next(self) -> None:
        number = next(self.following, None)
        if number is not None:
            assert self.pool is not None  # __enter__ started it before asking for the next export
            self.pending.append(self.pool.submit(_parse_apart, self.exports[number]))

    def _ahead(self) -> Iterator[list[ParsedSource]]:
        for number in range(len(self.exports)):
            if number in self.early:
                yield self.early.pop(number).result()
                continue
            parsed = self.pending.popleft().result()
            self._submit_next()
            yield parsed

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)


def _parse_apart(export: TeamExport) -> list[ParsedSource]:
    """``_parse``, in a parsing process, with the cycle collector paused: an export's rows are
    tens of thousands of objects, which the collector would walk again and again while they
    pile up (a fifth of the parse, measured at 5,000 contacts). Back on afterwards, so that the
    cycles a parse may leave are collected as the process goes on."""
    gc.disable()
    try:
        return _parse(export)
    finally:
        gc.enable()


def _input_size(export: TeamExport) -> int:
    """Bytes of an export's files (folders walked); 0 for a path that is not there (yet)."""
    total = 0
    for path in map(Path, export.paths):
        if path.is_dir():
            total += sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
        elif path.is_file():
            total += path.stat().st_size
    return total


def _much_bigger(sizes: list[int], factor: int) -> list[int]:
    """Positions of the sizes above ``factor`` times the median."""
    median = sorted(sizes)[len(sizes) // 2]
    return [number for number, size in enumerate(sizes) if size > factor * max(median, 1)]
