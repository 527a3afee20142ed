"""Topic text analysis: how a title, a skill or a question becomes terms, shared by every backend.

Text is folded (accents, case), labels of the bilingual vocabulary (``data/vocabulary.toml`` plus the
``[synonyms]`` table of the config file) are mapped to their concept and its wider ones, other words
are stemmed in French and English (Snowball; the shorter stem) and stop words are dropped outside
labels. ``graphintro.experts`` scores with these terms; the embedded store's topic index
(``graphintro.backends.topic_index``) and the Neo4j mirror index them, each with the same field
weights, so the two backends pick the same candidates. This module reads no store.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from graphintro.identity import fold

# The topic index's columns and their weights when it picks the candidates (the company too, so that
# the people near a topic are read: they are its connectors).
FIELD_WEIGHTS = {"title": 3.0, "skills": 2.0, "groups": 1.0, "company": 0.3}
# Profiles are read for at most this many candidates, the best by the topic index.
PROFILE_LIMIT = 2000
VOCABULARY = Path(__file__).parent / "data" / "vocabulary.toml"
BROADER_WEIGHT = 0.3


@dataclass(frozen=True)
class Concept:
    """One entry of the vocabulary: its labels (French and English), its abbreviations (matched as
    written, never stemmed: "SaaS" is not "SA"), the wider concept a match also counts for, and
    whether it is a role that works *near* a domain (sales, recruiting…)."""

    key: str
    labels: tuple[str, ...]
    abbreviations: tuple[str, ...] = ()
    broader: str | None = None
    proximity: bool = False
    umbrella: bool = False


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, Concept]:
    """The built-in vocabulary (``data/vocabulary.toml``) plus the ``[synonyms]`` table of the config
    file: new labels for a known concept, or new concepts (a label the team adds wins over ours)."""
    import tomllib

    concepts: dict[str, Concept] = {}
    for key, entry in tomllib.loads(VOCABULARY.read_text(encoding="utf-8"))["concepts"].items():
        concepts[key] = Concept(
            key,
            tuple(entry.get("fr", [])) + tuple(entry.get("en", [])),
            tuple(entry.get("abbr", [])),
            entry.get("broader"),
            entry.get("role") == "proximity",
            bool(entry.get("umbrella")),
        )
    for key, words in _team_synonyms().items():
        known = concepts.get(key, Concept(key, ()))
        concepts[key] = Concept(
            key,
            known.labels + tuple(words),
            known.abbreviations,
            known.broader,
            known.proximity,
            known.umbrella,
        )
    return concepts


def _team_synonyms() -> dict[str, list[str]]:
    """The ``[synonyms]`` table of the config file, if any."""
    from graphintro.config import config_table

    return {key: list(words) for key, words in config_table("synonyms").items()}


@lru_cache(maxsize=1)
def synonyms() -> tuple[tuple[str, str, bool], ...]:
    """(folded label, concept, is an abbreviation) triples, longest label first. The config file's
    labels are read last, so a label the team moved to another concept follows the team."""
    team = {fold(w) for words in _team_synonyms().values() for w in words}
    pairs: dict[tuple[str, bool], str] = {}
    for concept in vocabulary().values():
        for label, abbreviation in [(x, False) for x in concept.labels] + [
            (x, True) for x in concept.abbreviations
        ]:
            key = (fold(label), abbreviation)
            if key[0] and (key not in pairs or key[0] in team):
                pairs[key] = concept.key
    return tuple(
        sorted(
            ((label, concept, abbreviation) for (label, abbreviation), concept in pairs.items()),
            key=lambda item: (-len(item[0]), item[0], item[2]),
        )
    )


@lru_cache(maxsize=1)
def _phrase_tables() -> tuple[dict[tuple[str, ...], str], dict[tuple[str, ...], str], int]:
    """Labels as word tuples: as written (folded) for every label, and stemmed (so plurals and
    feminine forms match) for the labels that are words, not abbreviations; and the longest label's
    length. Stop words stay inside labels ("droit des affaires"): they are dropped only outside."""
    exact: dict[tuple[str, ...], str] = {}
    stemmed: dict[tuple[str, ...], str] = {}
    for label, concept, abbreviation in reversed(synonyms()):  # shortest first: longer ones win a clash
        exact[tuple(label.split())] = concept
        if not abbreviation:
            stemmed[tuple(_stem(w) for w in label.split())] = concept
    longest = max((len(p) for p in exact), default=1)
    return exact, stemmed, longest


def _concepts_and_words(text: str) -> list[tuple[str, str]]:
    """The text as ("concept", key) and ("word", stem) items, labels found longest first."""
    folded = fold(text).split()
    words = [_stem(w) for w in folded]
    exact, stemmed, longest = _phrase_tables()
    items: list[tuple[str, str]] = []
    i = 0
    while i < len(words):
        for size in range(min(longest, len(words) - i), 0, -1):
            concept = exact.get(tuple(folded[i : i + size])) or stemmed.get(tuple(words[i : i + size]))
            if concept:
                items.append(("concept", concept))
                i += size
                break
        else:
            if len(words[i]) > 1 and folded[i] not in STOP_WORDS:
                items.append(("word", words[i]))
            i += 1
    return items


# Words that say nothing about a subject, dropped from titles and queries outside a vocabulary label.
STOP_WORDS = frozenset(
    {
        "de",
        "des",
        "du",
        "la",
        "le",
        "les",
        "un",
        "une",
        "et",
        "en",
        "au",
        "aux",
        "pour",
        "par",
        "sur",
        "dans",
        "chez",
        "avec",
        "sans",
        "ou",
        "of",
        "the",
        "and",
        "for",
        "in",
        "at",
        "to",
        "on",
        "an",
        "with",
        "by",
        "from",
        "as",
    }
)


@lru_cache(maxsize=1 << 16)
def _stem(word: str) -> str:
    french, english = _stemmers()
    return min(french.stemWord(word), english.stemWord(word), key=len)


@lru_cache(maxsize=1)
def _stemmers():
    import snowballstemmer

    return snowballstemmer.stemmer("french"), snowballstemmer.stemmer("english")


@lru_cache(maxsize=1 << 16)
def analyze(text: str) -> tuple[str, ...]:
    """Terms of a text: folded, stemmed, and vocabulary labels mapped to their concept
    ("syn:cybersecurity"), followed by the concepts it is narrower than (RSSI → ciso, cybersecurity,
    it), so a query on the wider concept finds the narrower titles."""
    concepts = vocabulary()
    terms: list[str] = []
    for kind, value in _concepts_and_words(text):
        if kind == "concept":
            terms.extend("syn:" + key for key in _lineage(value, concepts))
        else:
            terms.append(value)
    return tuple(terms)


def _lineage(key: str, concepts: dict[str, Concept]) -> list[str]:
    """The concept and every wider one, nearest first (a cycle in a team's additions stops there)."""
    chain = [key]
    while (
        broader := concepts[chain[-1]].broader if chain[-1] in concepts else None
    ) and broader not in chain:
        chain.append(broader)
    return chain


def query_terms(topic: str) -> dict[str, float]:
    """The query's terms and their weights: each word or concept of the topic counts 1, and the concept
    just wider than a named one counts ``BROADER_WEIGHT`` ("contrôle de gestion" also finds the other
    finance people, after the controllers) unless it is an umbrella ("cloud" is not all of "IT")."""
    concepts = vocabulary()
    weights: dict[str, float] = {}
    named = []
    for kind, value in _concepts_and_words(topic):
        weights[("syn:" + value) if kind == "concept" else value] = 1.0
        if kind == "concept":
            named.append(value)
    for concept in named:
        broader = concepts[concept].broader if concept in concepts else None
        if (
            broader
            and "syn:" + broader not in weights
            and not concepts.get(broader, Concept("", ())).umbrella
        ):
            weights["syn:" + broader] = BROADER_WEIGHT
    return weights


@dataclass
class Profile:
    """What the store says about one person, field by field, plus the groups and endorsements that
    ``_evidence`` turns into sentences."""

    person_id: int
    fields: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    groups: list[tuple[int, str, str, int]] = field(default_factory=list)  # group id, name, role, posts
    endorsements: Counter = field(default_factory=Counter)
    descriptions: dict[int, str] = field(default_factory=dict)  # group id -> the group's description


# What a concept's key may hold as it is in its full-text token; anything else is escaped.
_UNSAFE = re.compile("[^a-z0-9]")


def _term_token(term: str) -> str:
    """A term as one full-text token, never another term's. A word stays as it is: ``analyze`` folds
    words to ASCII letters and digits. A concept is "þ" and its key, each character of the key other
    than those written "þ" and the hex of its UTF-8 bytes: "syn:data_protection" is
    "þdataþ5fprotection". Both indexes keep it whole (SQLite's FTS5 splits at anything but a letter or
    a digit, the "syn:" colon or an underscore among them, and Neo4j's at spaces); no word holds a
    "þ", and the escapes read back one way, so no two concepts share a token ("zzdata", the former
    token of "data", was also the first half of "zzdata_protection"), whatever keys a team adds."""
    if not term.startswith("syn:"):
        return term
    return "þ" + _UNSAFE.sub(lambda char: "þ" + char[0].encode().hex(), term[4:])
