"""Address books as vCards: Viadeo's (2.1, quoted-printable, ISO-8859-1), and 3.0 / 4.0 in UTF-8."""

from __future__ import annotations

import binascii
from pathlib import Path

from graphintro.errors import ImportFormatError
from graphintro.identity import full_name
from graphintro.importers.model import ParsedSource, PersonRow, Skipped
from graphintro.importers.tabular import damage_warning, decode_text


def parse(path: Path, owner_name: str = "", owner_url: str = "") -> ParsedSource:
    """Every card of a .vcf file as a contact of the owner; cards without a name are skipped, and so
    is a card whose base64 value cannot be decoded (a PHOTO cut short), naming it: the others stay."""
    import vobject

    text, encoding, damaged = decode_text(path.read_bytes(), str(path))
    if "BEGIN:VCARD" not in text.upper():
        raise ImportFormatError(str(path), "not a vCard file (no BEGIN:VCARD)", 1)
    parsed = ParsedSource(path=str(path), format="vcard", source="viadeo", has_connections=True)
    if damaged:
        parsed.warnings.append(Skipped(str(path), damaged[0], damage_warning(damaged, encoding)))
    for start, block in _cards(text):
        try:
            cards = list(vobject.readComponents(block, allowQP=True))
        except binascii.Error:  # a base64 value (a PHOTO) cut short: this card alone is lost
            parsed.skipped.append(Skipped(str(path), start, _undecodable(block, start)))
            continue
        except Exception as error:  # noqa: BLE001 — vobject raises ParseError and assorted plain errors on broken cards
            line = getattr(error, "lineNumber", None)
            if line is not None:  # the line in the file, in vobject's message too ("At line 9: ...")
                line += start - 1
                error.lineNumber = line  # type: ignore[attr-defined]  # vobject's errors: their line is read above
            raise ImportFormatError(str(path), f"malformed vCard ({_short(error)})", line) from None
        for card in cards:
            if card.name.upper() != "VCARD":
                continue
            row = _card_to_person(card)
            row.file, row.line = str(path), start
            if not row.name:
                parsed.skipped.append(Skipped(str(path), start, "no name"))
            else:
                parsed.contacts.append(row)
    parsed.files_read.append(path.name)
    return parsed


def _cards(text: str) -> list[tuple[int, str]]:
    """The file cut before each top-level BEGIN line: ``(its line, its text)``, each read on its own
    so that a card whose value cannot be decoded loses that card only (vobject stops at the first).

    Lines after a card's END and before the next BEGIN stay with that card, as vobject would read
    them; lines before the first BEGIN are a part of their own (line 1)."""
    lines = text.replace("\r\n", "\n").split("\n")
    parts: list[tuple[int, str]] = []
    begun, depth = 0, 0
    for i, line in enumerate(lines):
        word = line.strip().upper()
        if word.startswith("BEGIN:"):
            if depth == 0 and i > begun:
                parts.append((begun + 1, "\n".join(lines[begun:i])))
                begun = i
            depth += 1
        elif word.startswith("END:"):
            depth = max(depth - 1, 0)
    parts.append((begun + 1, "\n".join(lines[begun:])))
    return parts


def _undecodable(block: str, start: int) -> str:
    """Why a card was skipped: its first base64 value that does not decode, by name and line."""
    lines = block.split("\n")
    for i, line in enumerate(lines):
        head, _, value = line.partition(":")
        params = {p.strip().upper() for p in head.split(";")[1:]}
        if not value or not params & {"ENCODING=B", "ENCODING=BASE64", "BASE64"}:
            continue
        for follow in lines[i + 1 :]:  # folded: each follow-on line opens with a space or a tab
            if follow[:1] not in (" ", "\t"):
                break
            value += follow[1:]
        try:
            binascii.a2b_base64(value.encode("ascii", "replace"))
        except binascii.Error:
            name = head.split(";")[0].rsplit(".", 1)[-1].upper()
            return f"{name} of line {start + i} is not valid base64 (cut short?): card skipped"
    return "a base64 value is not valid (cut short?): card skipped"


def _short(error: Exception) -> str:
    return str(error).splitlines()[0][:120] if str(error) else type(error).__name__


def _value(card, key: str) -> str:
    """First value of a property, lists (ORG units) joined: "Airbus, Direction achats"."""
    items = card.contents.get(key.lower())
    if not items:
        return ""
    return _flat(items[0].value, ", ")


def _card_to_person(card) -> PersonRow:
    first = last = ""
    structured = card.contents.get("n")
    if structured:
        name_value = structured[0].value
        # Each part may be a list ("N:Garnier;Paul,Henri;;;": two given names): flattened before joining.
        first = " ".join(
            filter(
                None, [_flat(getattr(name_value, "given", "")), _flat(getattr(name_value, "additional", ""))]
            )
        )
        last = _flat(getattr(name_value, "family", ""))
    name = full_name(first, last, _value(card, "fn"))
    # Apple/iCloud put the LinkedIn profile in X-SOCIALPROFILE;type=linkedin, the home page in URL.
    pages = [str(item.value).strip() for item in card.contents.get("url", [])]
    social = [str(item.value).strip() for item in card.contents.get("x-socialprofile", [])]
    profiles = [u for u in social + pages if "linkedin." in u.lower()] + [
        u for u in social + pages if "viadeo." in u.lower()
    ]
    url = next((u for u in profiles + pages if u), "")
    emails = _preferred_first(card.contents.get("email", []))
    phones = _preferred_first(card.contents.get("tel", []))
    return PersonRow(
        name=name,
        first_name=first,
        last_name=last,
        company=_value(card, "org"),
        position=_value(card, "title"),
        url=url,
        email=emails[0] if emails else "",
        phone=phones[0] if phones else "",
    )


def _preferred_first(items: list) -> list[str]:
    """Values of a repeated property, the one marked preferred first (``type=pref``, vCard 4 ``PREF=1``)."""

    def preferred(item) -> bool:
        types = [t.lower() for value in item.params.get("TYPE", []) for t in str(value).split(",")]
        return "pref" in types or "PREF" in item.params

    ordered = sorted(items, key=lambda item: not preferred(item))
    values = [str(item.value).strip() for item in ordered]
    # vCard 4 may write a phone as a URI (``TEL;VALUE=uri:tel:+33-1-...``): the number is what follows.
    return [value[4:].strip() if value[:4].lower() == "tel:" else value for value in values if value]


def _flat(value, separator: str = " ") -> str:
    """vobject gives strings, lists, or lists of lists (a quoted-printable ORG): one string."""
    if isinstance(value, (list, tuple)):
        return separator.join(part for part in (_flat(v, separator) for v in value) if part)
    return str(value or "").strip()
