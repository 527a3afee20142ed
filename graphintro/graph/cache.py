"""The graph's cache file next to the store (``.graph.npz``, mode 0600): read when it is this
store's and this configuration's, caught up or rebuilt when the store has changed, written whole
then moved in place.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graphintro.graph.arrays import Spliced, TieGraph, _Merged
from graphintro.graph.build import _build
from graphintro.graph.catchup import _caught_up
from graphintro.graph.state import GraphState
from graphintro.store import Store
from graphintro.strength import load_weights

if TYPE_CHECKING:
    from collections.abc import Iterator

    import numpy as np


CACHE_VERSION = 6  # bump whenever which ties exist, how strong they are, or the cache's layout changes


def _cache_path(store: Store) -> Path:
    return store.path.with_name(store.path.name + ".graph.npz")


def _weights_hash(weights: dict[str, float]) -> str:
    return _sha1(json.dumps(weights, sort_keys=True).encode()).hexdigest()[:16]


def _sha1(data: bytes):
    """``hashlib.sha1``, from CPython's own module where there is one: ``hashlib`` loads OpenSSL
    (12 M instructions, ~1 % of a repeated ``path`` at large) for this one hash of a few hundred bytes."""
    try:
        from _sha1 import sha1  # type: ignore[import-not-found]  # (CPython's module has no stubs)
    except ImportError:  # another Python
        from hashlib import sha1
    return sha1(data)


def load_graph(store: Store, weights: dict[str, float] | None = None) -> TieGraph:
    """The store's graph from the cache when it is current; else the cache brought up to date with
    the changes since it was built (``update_graph``), or built whole; then cached (mode 0600)."""
    weights = weights or load_weights()
    path = _cache_path(store)
    key = store.cache_key(f"graph-v{CACHE_VERSION}", f"weights-{_weights_hash(weights)}")
    cache = _CacheFile.open(path)
    graph = None if cache is None else cache.graph(key)
    if graph is not None and graph.generation == store.generation:
        if cache is not None and "cost" not in cache:
            _upgrade(path, key, cache, graph)
        return graph
    from graphintro.changes import changes_since, one_state

    with one_state(store):
        fresh = None
        if graph is not None and cache is not None:
            state = cache.state(graph.generation)
            changes = None if state is None else changes_since(store, graph.generation)
            if state is not None and changes is not None:
                graph.logit = cache.logits(graph)
                with _without_collection():
                    fresh = _caught_up(store, graph, state, changes, weights)
        if fresh is None:
            fresh = _build(store, weights)
    if graph is not None and fresh[0] is graph:
        return graph  # the writes since changed no tie: the cache stays as it is, found current again
    written = _write_cache(path, key, *fresh)
    if isinstance(fresh[0], Spliced):
        # the spliced arrays were made only as they were written: the graph is the file's
        return fresh[0].graph() if written is None else written
    return fresh[0]


@contextlib.contextmanager
def _without_collection() -> Iterator[None]:
    """The cyclic garbage collector paused: a catch-up makes hundreds of thousands of sets and
    tuples (a member's thousands of contacts, each tie redone), none of them in a cycle, and the
    collector's passes over them all were 2 s of a 11.5 s catch-up at 2,000 x 5,000 (CPU, in
    process). Left as it was found (another thread may have paused it too)."""
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _upgrade(path: Path, key: str, cache: _CacheFile, graph: TieGraph) -> None:
    """A current cache that an earlier release wrote (no costs kept, its arrays not aligned) written
    again as this release writes it, the same graph and state: the next questions read it in place.
    Left as it is when it cannot be (the folder read-only): it answers all the same."""
    state = cache.state(graph.generation)
    if state is None:
        return
    graph.logit = cache.logits(graph)
    with contextlib.suppress(OSError):
        _write_cache(path, key, graph, state)
    graph.logit = None  # (as a current cache's graph: the logits are read only to catch up)


class _CacheFile:
    """The ``.graph.npz`` file read in place: its arrays are views of the file mapped in memory, not
    copies, and only those a question needs are looked at.

    The file is the zip ``np.savez`` writes (members stored, not compressed: ``np.load`` reads it
    too). ``np.load`` copies each array out of the zip and checks its CRC as it goes: the whole
    graph (~25 MB at 1,000 × 1,000) read, checksummed and copied at every question, which touches a
    few thousand of its entries. Here each member's data is found from its zip and ``.npy``
    headers and mapped; the pages a question never touches are never read. The file is replaced
    whole, never written in place (``_write_cache``): a mapping keeps the file it was made of."""

    def __init__(self, buffer, members: dict[str, tuple[int, int]]) -> None:
        self._buffer = buffer  # the file mapped, read only
        self._members = members  # name -> (where its data starts, its size), in the zip

    @classmethod
    def open(cls, path: Path) -> _CacheFile | None:
        """The cache file's directory of arrays, or None (no file, or not one this code wrote)."""
        import mmap
        import zipfile

        try:
            with open(path, "rb") as handle:
                with zipfile.ZipFile(handle) as archive:
                    infos = archive.infolist()
                buffer = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError, zipfile.BadZipFile):
            return None  # none yet, empty, or damaged: rebuilt
        members = {}
        for info in infos:
            if info.compress_type != zipfile.ZIP_STORED or not info.filename.endswith(".npy"):
                return None
            header = buffer[info.header_offset : info.header_offset + 30]
            if len(header) < 30 or header[:4] != b"PK\x03\x04":
                return None
            name_length = int.from_bytes(header[26:28], "little")
            extra_length = int.from_bytes(header[28:30], "little")
            start = info.header_offset + 30 + name_length + extra_length
            if start + info.file_size > len(buffer):
                return None
            members[info.filename[: -len(".npy")]] = (start, info.file_size)
        return cls(buffer, members)

    def __contains__(self, name: str) -> bool:
        return name in self._members

    def array(self, name: str) -> np.ndarray:
        """One array of the file, a read-only view of it; ``KeyError``, ``ValueError`` when the file
        does not hold it whole."""
        import numpy as np
        from numpy.lib import format as npy

        start, size = self._members[name]
        head = io.BytesIO(self._buffer[start : start + min(size, 65536)])
        version = npy.read_magic(head)
        if version == (1, 0):
            shape, fortran_order, dtype = npy.read_array_header_1_0(head)
        elif version == (2, 0):
            shape, fortran_order, dtype = npy.read_array_header_2_0(head)
        else:
            raise ValueError(f"npy version {version}")
        count = 1
        for length in shape:
            count *= length
        if (
            dtype.hasobject
            or (fortran_order and len(shape) > 1)
            or head.tell() + count * dtype.itemsize != size
        ):
            raise ValueError(f"{name}: not an array this cache holds")
        array = np.frombuffer(self._buffer, dtype=dtype, count=count, offset=start + head.tell())
        return array.reshape(shape)

    def graph(self, key: str) -> TieGraph | None:
        """The cached graph, if the cache is this store's and made with this configuration."""
        try:
            if str(self.array("key")) != key:
                return None
            graph = TieGraph(
                self.array("node_ids"),
                self.array("indptr"),
                self.array("indices"),
                self.array("strength"),
                self.array("direct"),
                int(self.array("generation")),
                str(self.array("as_of")),
                self.array("real"),
            )
            if "cost" in self._members:  # (else computed when first needed, as before)
                cost = self.array("cost")
                if len(cost) != len(graph.indices):
                    return None
                graph.cost = cost
            return graph
        except (ValueError, KeyError, TypeError):
            return None  # a damaged cache is rebuilt

    def state(self, generation: int) -> GraphState | None:
        """What the cached graph was computed from: read only to catch up after a write."""
        try:
            dates = zip(self.array("date_people").tolist(), self.array("date_values").tolist(), strict=True)
            return GraphState(
                generation,
                str(self.array("as_of")),
                set(self.array("members").tolist()),
                dict(dates),
                set(self.array("inferring_companies").tolist()),
                set(self.array("large_groups").tolist()),
            )
        except (ValueError, KeyError, TypeError):
            return None

    def logits(self, graph: TieGraph) -> np.ndarray | None:
        """The logits kept with the graph (``TieGraph.logit``), read only to catch up after a write:
        a question asked of a current cache never reads them."""
        try:
            logit = self.array("logit")
        except (ValueError, KeyError):
            return None
        return logit if len(logit) == len(graph.indices) else None


def _write_cache(path: Path, key: str, graph: TieGraph | Spliced, state: GraphState) -> TieGraph | None:
    """The graph and its state next to the store, written whole then moved in place (readers see one or
    the other), private to the user. Each writer its own temporary file: the web app's threads write
    too. A spliced graph's arrays are made as they are written, and the graph is then read from
    the file in place (returned; None when the file could not be kept)."""
    import threading

    tmp = path.with_name(path.name + f".{os.getpid()}.{threading.get_ident()}.tmp")
    written = None
    try:
        _write_file(tmp, key, graph, state)
        if isinstance(graph, Spliced):
            cache = _CacheFile.open(tmp)  # (mapped before it is moved: another writer may replace it)
            written = None if cache is None else cache.graph(key)
        os.replace(tmp, path)
    except FileNotFoundError:
        # the file went while it was written: a ``forget`` cleared the caches beside the store
        # (``privacy.remove_caches``) and its removal wins; the graph in hand answers all the same,
        # and the next question writes the cache again
        return None
    except BaseException:
        tmp.unlink(missing_ok=True)  # (a disk full: no half-written file left beside the store)
        raise
    return written


def _write_file(tmp: Path, key: str, graph: TieGraph | Spliced, state: GraphState) -> None:
    """The cache's arrays into ``tmp``, readable by its user alone."""
    import numpy as np

    fd = os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    dated = sorted(state.dates.items())
    if isinstance(graph, Spliced):
        columns: dict[str, Any] = dict(graph.merged)
    else:
        columns = {
            "indices": graph.indices,
            "strength": graph.strength,
            "cost": graph.cost,
            "direct": graph.direct,
            "real": graph.direct if graph.real is None else graph.real,
        }
        if graph.logit is not None:  # (else no catch-up)
            columns["logit"] = graph.logit
    arrays: dict[str, Any] = {"logit": columns["logit"]} if "logit" in columns else {}
    with os.fdopen(fd, "wb") as handle:
        _save(
            handle,
            **arrays,
            key=np.array(key),
            generation=np.array(state.generation),
            node_ids=graph.node_ids,
            indptr=graph.indptr,
            indices=columns["indices"],
            strength=columns["strength"],
            cost=columns["cost"],
            direct=columns["direct"],
            real=columns["real"],
            as_of=np.array(graph.as_of),
            members=np.array(sorted(state.members), dtype=np.int64),
            date_people=np.array([p for p, _ in dated], dtype=np.int64),
            date_values=np.array([d for _, d in dated], dtype=str),
            inferring_companies=np.array(sorted(state.inferring_companies), dtype=str),
            large_groups=np.array(sorted(state.large_groups), dtype=np.int64),
        )


ALIGN = 64  # where each array's data starts in the file: a multiple of this (numpy's own ``.npy`` alignment)
_PADDING = 0xD935  # the zip extra field that pads a local header (the id Android's zipalign uses)


def _save(handle, **arrays: np.ndarray | _Merged) -> None:
    """What ``np.savez`` writes (a zip of ``.npy`` members, stored: ``np.load`` reads it), each
    array's data aligned on ``ALIGN`` bytes in the file: mapped in place (``_CacheFile``), an
    array whose data is not aligned costs numpy twice as much to gather from. A spliced array
    (``_Merged``) is written a block at a time as it is made, the same bytes."""
    import zipfile

    import numpy as np
    from numpy.lib import format as npy

    with zipfile.ZipFile(handle, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
        for name, value in arrays.items():
            header = io.BytesIO()
            if isinstance(value, _Merged):
                blocks = value.blocks()
                nbytes = len(value) * value.dtype.itemsize
                described = {
                    "descr": npy.dtype_to_descr(value.dtype),
                    "fortran_order": False,
                    "shape": (len(value),),
                }
            else:
                array = np.asarray(value)
                if not array.flags.c_contiguous:
                    array = array.copy(order="C")
                blocks = iter([array] if array.nbytes else [])
                nbytes = array.nbytes
                described = npy.header_data_from_array_1_0(array)
            npy.write_array_header_1_0(header, described)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED
            info.file_size = header.tell() + nbytes
            # the data starts after the zip's local header (30 bytes, the name, the extra field)
            # and the .npy header (a multiple of 64 bytes long)
            pad = -(handle.tell() + 30 + len(info.filename.encode()) + 4 + header.tell()) % ALIGN
            info.extra = _PADDING.to_bytes(2, "little") + pad.to_bytes(2, "little") + bytes(pad)
            with archive.open(info, "w") as member:
                member.write(header.getvalue())
                for block in blocks:
                    if block.size:
                        member.write(np.ascontiguousarray(block).data)
