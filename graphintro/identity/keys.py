"""The keys records are compared by: names, companies, profile URLs and emails normalised, with
accents, case, particles, legal forms and word order folded away (``docs/formats.md``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from urllib.parse import unquote, urlsplit

from anyascii import anyascii

# Name particles folded away so that "Hélène Le Gall" and "Helene LE GALL" or "Gall, Hélène le" agree.
NAME_PARTICLES = frozenset(
    [
        "de",
        "du",
        "des",
        "la",
        "le",
        "les",
        "d",
        "l",
        "van",
        "von",
        "der",
        "den",
        "di",
        "da",
        "dos",
        "del",
        "della",
        "y",
        "et",
        "mc",
    ]
)
# Legal forms and filler words that differ between two spellings of one company.
COMPANY_NOISE = frozenset(
    [
        "sa",
        "sas",
        "sasu",
        "sarl",
        "eurl",
        "sca",
        "scs",
        "snc",
        "se",
        "inc",
        "incorporated",
        "ltd",
        "limited",
        "llc",
        "llp",
        "plc",
        "gmbh",
        "ag",
        "bv",
        "nv",
        "spa",
        "srl",
        "co",
        "corp",
        "corporation",
        "company",
        "cie",
        "group",
        "groupe",
        "holding",
        "the",
    ]
)
# Mail providers of individuals: their domain says nothing about an employer.
WEBMAIL_DOMAINS = frozenset(
    [
        "gmail",
        "googlemail",
        "hotmail",
        "outlook",
        "live",
        "msn",
        "yahoo",
        "ymail",
        "aol",
        "icloud",
        "me",
        "mac",
        "free",
        "wanadoo",
        "orange",
        "sfr",
        "neuf",
        "laposte",
        "bbox",
        "numericable",
        "club-internet",
        "protonmail",
        "proton",
        "gmx",
        "web",
        "mail",
        "yandex",
        "tutanota",
        "hey",
        "fastmail",
    ]
)

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_LINKEDIN_HOST = re.compile(r"^(?:[a-z]{2,3}\.|www\.|m\.)?linkedin\.com$")
_VIADEO_HOST = re.compile(r"^(?:[a-z]{2,3}\.|www\.)?viadeo\.com$")


@lru_cache(maxsize=1 << 18)
def fold(text: str | None) -> str:
    """Lower-case ASCII words of ``text``: accents, ligatures, emoji and punctuation folded away.

    >>> fold("Hélène LE GALL")
    'helene le gall'
    >>> fold("Œuvre d’art, S.A.")
    'oeuvre d art s a'
    """
    if not text:
        return ""
    ascii_text = anyascii(unicodedata.normalize("NFKC", text)).lower()
    return " ".join(_NON_ALNUM.sub(" ", ascii_text).split())


@lru_cache(maxsize=1 << 18)
def name_key(name: str | None) -> str:
    """Key for comparing person names: folded, particles dropped, words sorted ("Le Gall, Hélène").

    >>> name_key("Le Gall, Hélène") == name_key("HELENE LE GALL") == "gall helene"
    True
    """
    words = [w for w in fold(name).split() if w not in NAME_PARTICLES]
    return " ".join(sorted(words))


@lru_cache(maxsize=1 << 18)
def company_key(company: str | None) -> str:
    """Key for comparing companies: folded, legal forms dropped ("SOCIÉTÉ GÉNÉRALE SA").

    >>> company_key("SOCIÉTÉ GÉNÉRALE SA")
    'societe generale'
    """
    words = [w for w in fold(company).split() if w not in COMPANY_NOISE]
    return " ".join(words)


@lru_cache(maxsize=1 << 18)
def normalize_url(url: str | None) -> str:
    """Canonical form of a profile URL, or "" if it is not one.

    ``http://fr.linkedin.com/in/Jeanne-Roux/?trk=x``, ``www.linkedin.com/in/jeanne-roux`` and
    ``https://www.linkedin.com/in/jeanne-roux`` all become ``linkedin.com/in/jeanne-roux``.

    >>> normalize_url("http://fr.linkedin.com/in/Jeanne-Roux/?trk=x")
    'linkedin.com/in/jeanne-roux'
    >>> normalize_url("www.linkedin.com/in/jeanne-roux")
    'linkedin.com/in/jeanne-roux'
    >>> normalize_url("https://www.viadeo.com/fr/profile/0021abc")  # the same profile as viadeo.com/p/0021abc
    'viadeo.com/p/0021abc'
    >>> normalize_url("NA")  # what Excel re-saves put in empty cells
    ''
    """
    if not url:
        return ""
    text = url.strip()
    if not text or text.lower() in {"na", "n/a", "-"}:
        return ""
    if "://" not in text:
        text = "https://" + text
    try:
        parts = urlsplit(text)
    except ValueError:
        return ""
    host = (parts.hostname or "").lower()
    if not host or "." not in host:
        return ""
    path = unquote(parts.path).rstrip("/").lower()
    if _LINKEDIN_HOST.match(host):
        host = "linkedin.com"
        segments = [s for s in path.split("/") if s]
        if len(segments) >= 2 and segments[0] in {"in", "pub"}:
            path = "/" + "/".join(segments[:2])
    elif _VIADEO_HOST.match(host):
        host = "viadeo.com"
        segments = [s for s in path.split("/") if s]
        # viadeo.com/fr/profile/<id> and viadeo.com/p/<id> name the same profile.
        if segments and segments[-1] and len(segments) >= 2:
            path = "/p/" + segments[-1]
    elif host.startswith("www."):
        host = host[4:]
    return host + path


def normalize_email(email: str | None) -> str:
    """Lower-cased email, or "" when the value is not an email (LinkedIn once put URNs there).

    >>> normalize_email("mailto:Jean.Dupont@Example.FR")
    'jean.dupont@example.fr'
    >>> normalize_email("urn:li:member:48213377")
    ''
    """
    if not email:
        return ""
    text = email.strip().lower()
    text = text.removeprefix("mailto:")
    if "@" not in text or " " in text or text.startswith("urn:"):
        return ""
    return text


def member_urn(value: str | None) -> str:
    """``urn:li:member:123`` found in an Email column: a stable LinkedIn member id, usable as a key."""
    text = (value or "").strip().lower()
    return text if text.startswith("urn:li:member:") else ""


def email_company_key(email: str | None) -> str:
    """The employer an email's domain names ("jean@alterys-conseil.fr" → "alterys conseil"), or "".

    >>> email_company_key("jean@alterys-conseil.fr"), email_company_key("jo@bbc.co.uk")
    ('alterys conseil', 'bbc')
    >>> email_company_key("jean.dupont@gmail.com")  # a webmail names no employer
    ''
    """
    address = normalize_email(email)
    if not address:
        return ""
    labels = address.rsplit("@", 1)[1].split(".")
    if len(labels) < 2:
        return ""
    labels = labels[:-1]  # the top-level domain
    if len(labels) > 1 and labels[-1] in {"co", "com", "gouv", "ac", "org"}:
        labels = labels[:-1]  # .co.uk, .gouv.fr
    domain = labels[-1]
    if domain in WEBMAIL_DOMAINS:
        return ""
    return company_key(domain)  # fold() makes each "-" a space


def full_name(first: str | None, last: str | None, name: str | None = None) -> str:
    """Display name from whichever parts a file gives; whitespace tidied, nothing else changed.

    >>> full_name(" Jean ", "DUPONT"), full_name("", "", "Jean   Dupont")
    ('Jean DUPONT', 'Jean Dupont')
    """
    if name and name.strip():
        return " ".join(name.split())
    return " ".join(" ".join(part for part in (first or "", last or "") if part).split())
