"""The files inside what the user points at: a ZIP archive, an unpacked folder, or a single file.

Reading members of a ZIP in memory (never extracting them) means a hostile archive cannot write
anywhere; the caps below refuse zip bombs before they exhaust memory.
"""

from __future__ import annotations

import hashlib
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from graphintro.errors import ImportFormatError

MAX_MEMBER_BYTES = 512 * 1024 * 1024
MAX_TOTAL_BYTES = 2 * 1024 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200


@dataclass
class SourceFile:
    """One file of an export: its name inside the export and a way to read its bytes."""

    name: str  # relative path inside the export, with "/" separators
    display: str  # what error messages call it: "export.zip:Connections.csv"
    _reader: object

    def read(self) -> bytes:
        return self._reader()  # type: ignore[operator]


def list_files(path: Path) -> Iterator[SourceFile]:
    """Every file of ``path``: members of a ZIP, files under a folder, or the file itself."""
    if path.is_dir():
        for item in sorted(p for p in path.rglob("*") if p.is_file()):
            relative = item.relative_to(path).as_posix()
            yield SourceFile(relative, str(item), item.read_bytes)
    elif is_zip(path):
        yield from _zip_members(path)
    else:
        yield SourceFile(path.name, str(path), path.read_bytes)


def is_zip(path: Path) -> bool:
    """A ZIP by its signature, whatever its name says (a truncated one included)."""
    try:
        with path.open("rb") as handle:
            return handle.read(4) in (b"PK\x03\x04", b"PK\x05\x06")
    except OSError:
        return False


def _zip_members(path: Path) -> Iterator[SourceFile]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise ImportFormatError(str(path), f"not a readable ZIP archive ({error})") from None
    total = 0
    for info in archive.infolist():
        if info.is_dir():
            continue
        name = info.filename.replace("\\", "/")
        if name.startswith("/") or ".." in name.split("/"):
            raise ImportFormatError(str(path), f"unsafe member path in archive: {name!r}")
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if (
            info.file_size > MAX_MEMBER_BYTES
            or total > MAX_TOTAL_BYTES
            or (info.file_size > 10 * 1024 * 1024 and ratio > MAX_COMPRESSION_RATIO)
        ):
            raise ImportFormatError(f"{path}:{name}", "refused: decompresses to too much data (zip bomb?)")
        yield SourceFile(name, f"{path}:{name}", _member_reader(archive, info, path))


def _member_reader(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path):
    def read() -> bytes:
        try:
            with archive.open(info) as handle:
                data = handle.read(MAX_MEMBER_BYTES + 1)
        except (
            zipfile.BadZipFile,
            OSError,
            EOFError,
            zipfile.LargeZipFile,
            zlib.error,
            NotImplementedError,
            RuntimeError,
        ) as error:  # a corrupt stream, an unknown compression or an encrypted member
            raise ImportFormatError(f"{path}:{info.filename}", f"damaged ZIP member ({error})") from None
        if len(data) > MAX_MEMBER_BYTES:
            raise ImportFormatError(f"{path}:{info.filename}", "refused: member too large")
        return data

    return read


def fingerprint(path: Path) -> str:
    """sha256 of what the user gave: a file's bytes, or a folder's file names and bytes."""
    digest = hashlib.sha256()
    if path.is_dir():
        for item in sorted(p for p in path.rglob("*") if p.is_file()):
            digest.update(item.relative_to(path).as_posix().encode())
            digest.update(b"\0")
            digest.update(item.read_bytes())
    else:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()
