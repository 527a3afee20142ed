"""vCard properties as address books wrote them: 2.1 in ISO-8859-1 quoted-printable, 3.0 folded.

Viadeo and Outlook wrote vCard 2.1 with ``CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE`` on the
properties holding accents, soft-wrapped at 76 columns; vCard 3.0 (RFC 2425/2426) folds long lines
instead. See ``docs/formats.md``.
"""

from __future__ import annotations

QP_PARAMETERS = "CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE"
LINE_WIDTH = 76  # quoted-printable's limit, the soft-break "=" included


def quoted_printable(value: str, indent: int = 0, width: int | None = LINE_WIDTH) -> str:
    """Quoted-printable of the ISO-8859-1 bytes of ``value``, soft-wrapped at ``width`` columns (or not).

    ``indent`` is the length of what precedes the value on the first line. A space never starts a
    continuation line nor ends the value (it would read as vCard line folding, or be lost), so it
    is written ``=20`` there.

    >>> quoted_printable("Île-de-France")
    '=CEle-de-France'
    """
    tokens = [
        chr(b) if (33 <= b <= 126 and b != 61) or b == 32 else f"={b:02X}" for b in value.encode("latin-1")
    ]
    if tokens and tokens[-1] == " ":
        tokens[-1] = "=20"
    if width is None:
        return "".join(tokens)
    lines, current, budget = [], "", max(20, width - 1 - indent)
    for token in tokens:
        if len(current) + len(token) > budget:
            lines.append(current + "=")
            current, budget = "", width - 1
        current += "=20" if token == " " and not current else token
    return "\r\n".join([*lines, current])


def qp_property(name: str, value: str, width: int | None = LINE_WIDTH) -> str:
    """``NAME;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:value`` (components already joined by ``;``).

    >>> qp_property("FN", "Zoé Fontaine")
    'FN;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:Zo=E9 Fontaine'
    """
    prefix = f"{name};{QP_PARAMETERS}:"
    return prefix + quoted_printable(value, len(prefix), width)


def vcard21_property(name: str, value: str) -> str:
    """Plain when ASCII, else quoted-printable, as Viadeo's address book wrote each property."""
    return f"{name}:{value}" if value.isascii() else qp_property(name, value)


def fold(line: str, limit: int = 75) -> str:
    """vCard 3.0 folding (RFC 2425) at ``limit`` octets, never inside a UTF-8 character.

    >>> fold("NOTE:" + "é" * 40).split("\\r\\n ")[1]
    'ééééé'
    """
    parts: list[str] = []
    current = ""
    for ch in line:
        budget = limit if not parts else limit - 1
        if len((current + ch).encode("utf-8")) > budget:
            parts.append(current)
            current = ""
        current += ch
    parts.append(current)
    return "\r\n ".join(parts)
