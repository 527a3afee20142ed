"""When two written names, or two companies, are close enough to be one (rapidfuzz scores and the
rules for initials, short forms and nicknames): the fuzzy part of deciding who is who.
"""

from __future__ import annotations

from collections.abc import Collection
from functools import lru_cache

from graphintro.identity.keys import NAME_PARTICLES, fold

# Fuzzy thresholds (rapidfuzz scores, 0-100). Names must be near-identical; companies a bit looser.
NAME_FUZZY_MIN = 92
COMPANY_FUZZY_MIN = 90

# Two spellings of one person's name: a typo, an accent, a missing hyphen (rapidfuzz, 0-100).
NAME_VARIANT_MIN = 88


def plausibly_same_name(first: str | None, second: str | None) -> bool:
    """Whether two written names could be one person's: what ``--owner`` may differ by from the export.

    Accents, case, particles and word order are folded (``name_key``); beyond that, each word of the
    shorter name must pair with a word of the other, one pair at least being the same word: the
    same word, an initial ("J." for Jean, "JM" for Jean-Michel), a short form inside the long one
    ("Fred", "Manu" for Emmanuel) or a known nickname ("Bob" for Robert). Extra words are middle
    names. "Jean Dupont" and "Marie Dupont" are two people; so are "Marie Dupont" and "Marie Martin":
    a wrong owner is worse than asking the user to say so."""
    left = [w for w in fold(first).split() if w not in NAME_PARTICLES]
    right = [w for w in fold(second).split() if w not in NAME_PARTICLES]
    if not left or not right:
        return False
    if sorted(left) == sorted(right):
        return True
    if _rapidfuzz()[0].token_sort_ratio(" ".join(left), " ".join(right)) >= NAME_VARIANT_MIN:
        return True
    short, long = sorted((left, right), key=len)
    unused = list(long)
    exact = False
    for word in sorted(
        short, key=lambda w: (w not in unused, len(w) <= 1)
    ):  # same words first, initials last
        if word in unused:
            unused.remove(word)
            exact = exact or len(word) > 1
            continue
        partner = next((other for other in unused if _word_variant(word, other)), None)
        if partner is None:
            spelled = _initials_of(word, unused)
            if spelled is None:
                return False
            for other in spelled:
                unused.remove(other)
            continue
        unused.remove(partner)
    return exact


def _word_variant(word: str, other: str) -> bool:
    """One word of a name written as another: an initial, a short form inside it, a nickname."""
    short, long = sorted((word, other), key=len)
    if len(short) == 1:
        return long.startswith(short)
    if len(short) >= 3 and short in long:
        return True
    return _nickname(word, other)


def _initials_of(word: str, words: list[str]) -> list[str] | None:
    """The consecutive words of ``words`` that ``word`` spells the initials of ("jm": jean michel)."""
    if not 2 <= len(word) <= 3:
        return None
    for start in range(len(words) - len(word) + 1):
        run = words[start : start + len(word)]
        if all(part.startswith(letter) for part, letter in zip(run, word, strict=False)):
            return run
    return None


@lru_cache(maxsize=4096)
def _nickname(word: str, other: str) -> bool:
    """English nicknames (Bob, Robert) from the ``nicknames`` data set; French short forms are prefixes."""
    from nicknames import NickNamer

    namer = _nick_namer(NickNamer)
    return other in namer.nicknames_of(word) or other in namer.canonicals_of(word)


@lru_cache(maxsize=1)
def _nick_namer(factory):
    return factory()


def companies_agree(left: Collection[str], right: Collection[str]) -> bool:
    """True when one company of ``left`` is the same company as one of ``right`` (fuzzy)."""
    return any(a and company_agrees(a, right) for a in left)


def company_agrees(key: str, keys: Collection[str]) -> bool:
    """True when the company ``key`` is the same company as one of ``keys`` (fuzzy)."""
    if not key:
        return False
    if key in keys:
        return True
    return any(other and _companies_close(key, other) for other in keys)


@lru_cache(maxsize=1 << 18)
def _companies_close(a: str, b: str) -> bool:
    return _rapidfuzz()[0].token_set_ratio(a, b) >= COMPANY_FUZZY_MIN


@lru_cache(maxsize=1)
def _rapidfuzz() -> tuple:
    from rapidfuzz import fuzz, process

    return fuzz, process
