"""A team's manifest for ``graphintro import --team``: whose exports are which files, in one list.

The nightly job of a team imports every member's latest exports at once (``ingest.import_team``:
one transaction, the next exports parsed in another process while one is written). The manifest
says whose files are whose, in the order they are imported, as a CSV (any delimiter, encoding or
preamble a spreadsheet writes) or a TOML file::

    owner,owner_url,file
    Camille Rousseau,https://www.linkedin.com/in/camille-rousseau,camille/Complete_LinkedInDataExport.zip
    Camille Rousseau,https://www.linkedin.com/in/camille-rousseau,groups.csv
    David Nguyen,https://www.linkedin.com/in/david-nguyen,david/Connections.csv

    [[member]]
    owner = "Camille Rousseau"
    owner_url = "https://www.linkedin.com/in/camille-rousseau"
    files = ["camille/Complete_LinkedInDataExport.zip", "groups.csv"]

A CSV has one row per file; consecutive rows of the same owner (and format) are one member's
exports, as one ``graphintro import`` of several files would take them. Optional columns (keys):
``format`` and ``map``, as the options of ``graphintro import``. Relative paths are read from the
manifest's folder. Every problem names the manifest and its line, before anything is written.
"""

from __future__ import annotations

from pathlib import Path

from graphintro.errors import ImportFormatError, UsageError
from graphintro.ingest import TeamExport

FORMATS = ("linkedin", "viadeo", "vcard", "csv", "groups")


def read_manifest(path: Path) -> list[TeamExport]:
    """The exports a manifest lists, in its order, every file checked to exist."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ImportFormatError(
            str(path), f"cannot read the team manifest ({error.strerror or error})"
        ) from None
    if path.suffix.lower() == ".toml":
        return _from_toml(path, data)
    return _from_csv(path, data)


def _from_csv(path: Path, data: bytes) -> list[TeamExport]:
    from graphintro.importers.tabular import Columns, read_table

    columns = Columns(
        owner="owner|member|membre|propriétaire|proprietaire",
        owner_url="owner_url|owner url|url|profile url|profile|profil|url du profil",
        file="file|files|path|fichier|chemin|export",
        format="format",
        map="map|mapping",
    )
    table = read_table(data, str(path), columns, required={"owner", "file"}, min_matches=2)
    exports: list[TeamExport] = []
    for line, row in table.rows():
        export = _export(
            path,
            line,
            row.get("owner", ""),
            row.get("owner_url", ""),
            [row.get("file", "")],
            row.get("format"),
            row.get("map"),
        )
        last = exports[-1] if exports else None
        if last and (last.owner, last.fmt, last.mapping) == (export.owner, export.fmt, export.mapping):
            if export.owner_url and last.owner_url and export.owner_url != last.owner_url:
                raise ImportFormatError(
                    str(path),
                    f"{export.owner} has two profile URLs ({last.owner_url}, {export.owner_url})",
                    line,
                )
            last.owner_url = last.owner_url or export.owner_url
            last.paths = [*last.paths, *export.paths]
        else:
            exports.append(export)
    if not exports:
        raise ImportFormatError(str(path), "the team manifest lists no file")
    return exports


def _from_toml(path: Path, data: bytes) -> list[TeamExport]:
    import tomllib

    try:
        text = data.decode("utf-8-sig")
        members = tomllib.loads(text).get("member")
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ImportFormatError(str(path), f"not a TOML team manifest ({error})") from None
    if not isinstance(members, list) or not members:
        raise ImportFormatError(str(path), "no [[member]] table (each with owner, owner_url and files)")
    lines = text.split("\n")
    exports = []
    for number, member in enumerate(members, start=1):
        line = _line_of(lines, "[[member]]", number)
        if not isinstance(member, dict):
            raise ImportFormatError(str(path), "a [[member]] must be a table", line)
        files = member.get("files", member.get("file", []))
        files = [files] if isinstance(files, str) else files
        if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
            raise ImportFormatError(str(path), "files must be a list of paths", line)
        values = [member.get(key) for key in ("owner", "owner_url", "format", "map")]
        if not all(value is None or isinstance(value, str) for value in values):
            raise ImportFormatError(str(path), "owner, owner_url, format and map must be strings", line)
        owner, owner_url, fmt, mapping = values
        exports.append(_export(path, line, owner or "", owner_url or "", files, fmt, mapping))
    return exports


def _line_of(lines: list[str], marker: str, occurrence: int) -> int | None:
    """The line of the ``occurrence``-th line that starts with ``marker`` (a TOML table header)."""
    seen = 0
    for number, line in enumerate(lines, start=1):
        if line.strip().startswith(marker):
            seen += 1
            if seen == occurrence:
                return number
    return None


def _export(
    manifest: Path,
    line: int | None,
    owner: str,
    owner_url: str,
    files: list[str],
    fmt: str | None,
    mapping: str | None,
) -> TeamExport:
    """One listed export, its files found (relative to the manifest) and its options read."""
    from graphintro.importers.addressbook import parse_mapping

    where = str(manifest)
    if not owner.strip():
        raise ImportFormatError(where, "no owner: whose export is this?", line)
    if not files or not all(name.strip() for name in files):
        raise ImportFormatError(where, f"no file for {owner.strip()}", line)
    if fmt and fmt.strip().lower() not in FORMATS:
        raise ImportFormatError(where, f"unknown format '{fmt}' (one of {', '.join(FORMATS)})", line)
    paths = []
    for name in files:
        found = Path(name.strip()).expanduser()
        found = found if found.is_absolute() else manifest.parent / found
        if not found.exists():
            raise ImportFormatError(where, f"{name.strip()}: no such file or folder", line)
        paths.append(found)
    try:
        parsed_mapping = parse_mapping(mapping) if mapping else None
    except UsageError as error:
        raise ImportFormatError(where, str(error).removeprefix("--"), line) from None
    return TeamExport(
        owner.strip(), paths, (owner_url or "").strip(), fmt.strip().lower() if fmt else None, parsed_mapping
    )
