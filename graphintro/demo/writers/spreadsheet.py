"""Contact lists kept in Excel with a French locale: Windows-1252, ``;`` separators, CRLF.

Excel writes what its code page holds (emoji are lost, see ``table.legacy_text``), quotes only
what needs it, and ends every line, the last one included, with CRLF.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from graphintro.demo.writers import table

FRENCH_CSV_HEADER = ("Prénom", "Nom", "Société", "Poste", "E-mail", "URL du profil")


def french_excel_bytes(rows: Iterable[Sequence[str]], header: Sequence[str] = FRENCH_CSV_HEADER) -> bytes:
    """The file's bytes; every value must already fit Windows-1252 (``table.legacy_text``)."""
    return table.text([header, *rows], sep=";", eol="\r\n", final_eol=True).encode("cp1252")
