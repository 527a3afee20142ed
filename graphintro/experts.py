"""Who knows this subject? Experts and community hubs for a topic, each with the way to reach them.

Three signals, combined in ``score``:

1. **Expertise**: BM25 relevance (Robertson & Zaragoza 2009, "The probabilistic relevance
   framework: BM25 and beyond") of the topic to each of a person's fields, weighted — titles and
   headline (3), skills and endorsements received (2), groups and their descriptions (1), company
   (0.3: a company whose name holds the topic says little about the person). Each field saturates
   on its own, so ten group names never outweigh one title::

       score(p)    = Σ_t Σ_f weight_f · idf(t) · tf'_f · (k1 + 1) / (tf'_f + k1),   k1 = 1.2, b = 0.75
       tf'_f(t, p) = tf_f(t, p) / (1 - b + b · len_f(p) / avglen_f)
       idf(t)      = log(1 + (N - df(t) + 0.5) / (df(t) + 0.5))

   Text is folded (accents, case), synonyms are mapped to one concept before stemming (the
   bilingual table ``data/synonyms.toml``: "cybersécurité", "sécurité informatique" and
   "cybersecurity" are one term), then stemmed in French and English (Snowball; the shorter stem),
   so plurals and both languages meet.
2. **Hub score**: a topic-personalised PageRank (Haveliwala 2002) on the person–group–company graph,
   restarting at the matched people (by expertise) and groups (by name and description), α = 0.85.
   Owning or managing a group, and posting in it, weigh its edges more (owner 3, manager 2,
   member 1, + log(1 + posts)). Groups themselves are ranked by the same walk: the topic's hubs.
3. **Reach**: the probability of the best introduction path from ``--from`` (or the team).

``score = w_e · expertise / max + w_h · hub / max + w_r · path probability`` with
``(w_e, w_h, w_r) = (0.5, 0.3, 0.2)``, or ``(0.7, 0.2, 0.1)`` for ``--sort expertise`` and
``(0.3, 0.2, 0.5)`` for ``--sort reach``.
"""

from __future__ import annotations

import hashlib
import math
import os
import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from graphintro.errors import NotFoundError, UsageError
from graphintro.identity import fold
from graphintro.store import Store

FIELD_WEIGHTS = {"title": 3.0, "skills": 2.0, "groups": 1.0, "company": 0.3}
K1, B = 1.2, 0.75
ROLE_WEIGHT = {"owner": 3.0, "manager": 2.0, "member": 1.0}
SORTS = {"relevance": (0.5, 0.3, 0.2), "expertise": (0.7, 0.2, 0.1), "reach": (0.3, 0.2, 0.5)}
ALPHA = 0.85
# Profiles are read for at most this many candidates, the best by the topic index.
PROFILE_LIMIT = 2000
REACH_HOPS = 4  # an expert further than this from the team is out of reach
INDEX_VERSION = 2
DATA = Path(__file__).parent / "data" / "synonyms.toml"


@lru_cache(maxsize=1)
def synonyms() -> tuple[tuple[str, str], ...]:
    """(folded phrase, concept) pairs, longest phrase first, from the built-in table and the user's."""
    import tomllib

    from graphintro.strength import config_path

    table = dict(tomllib.loads(DATA.read_text(encoding="utf-8"))["synonyms"])
    path = config_path()
    if path.is_file():
        for concept, words in tomllib.loads(path.read_text(encoding="utf-8")).get("synonyms", {}).items():
            table[concept] = list(table.get(concept, [])) + list(words)
    pairs = {fold(word): concept for concept, words in table.items() for word in words if fold(word)}
    return tuple(sorted(pairs.items(), key=lambda item: (-len(item[0]), item[0])))


@lru_cache(maxsize=1)
def _stemmed_synonyms() -> tuple[dict[tuple[str, ...], str], int]:
    """Synonym phrases as stemmed word tuples (so plurals match too), and the longest phrase's length."""
    phrases = {tuple(_stem(w) for w in phrase.split()): concept for phrase, concept in synonyms()}
    return phrases, max((len(p) for p in phrases), default=1)


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
    """Terms of a text: folded, stemmed, and synonym phrases mapped to their concept ("syn:cybersecurity")."""
    words = [_stem(w) for w in fold(text).split()]
    phrases, longest = _stemmed_synonyms()
    terms: list[str] = []
    i = 0
    while i < len(words):
        for size in range(min(longest, len(words) - i), 0, -1):
            concept = phrases.get(tuple(words[i:i + size]))
            if concept:
                terms.append("syn:" + concept)
                i += size
                break
        else:
            if len(words[i]) > 1:
                terms.append(words[i])
            i += 1
    return tuple(terms)


@dataclass
class Profile:
    """What the store says about one person, field by field, plus the groups and endorsements that
    ``_evidence`` turns into sentences."""

    person_id: int
    fields: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    groups: list[tuple[int, str, str, int]] = field(default_factory=list)  # group id, name, role, posts
    endorsements: Counter = field(default_factory=Counter)


def _profiles(store: Store, people: list[int]) -> dict[int, Profile]:
    """Titles, headline, company, skills, endorsements received and groups of ``people``."""
    profiles = {pid: Profile(pid) for pid in people}
    conn = store.conn
    for start in range(0, len(people), 900):
        chunk = people[start:start + 900]
        marks = ",".join("?" * len(chunk))
        for pid, position, company, headline in conn.execute(
            f"SELECT person_id, position, company, headline FROM records WHERE person_id IN ({marks})", chunk
        ):
            profile = profiles[pid]
            for value, name in ((position, "title"), (headline, "title"), (company, "company")):
                if value and value not in profile.fields[name]:
                    profile.fields[name].append(value)
        for pid, skill in conn.execute(
            f"SELECT r.person_id, s.name FROM skills s JOIN records r ON r.id = s.record_id WHERE r.person_id IN ({marks})",
            chunk,
        ):
            profiles[pid].fields["skills"].append(skill)
        # An endorsement received is stored on the endorser's record in the owner's export: the
        # endorsed person is that export's owner ("in"), or the record's person ("out", given).
        for pid, skill in conn.execute(
            "SELECT o.person_id, i.detail FROM interactions i JOIN records r ON r.id = i.record_id"
            " JOIN records o ON o.id = r.owner_record_id WHERE i.kind = 'endorsement' AND i.direction = 'in'"
            f" AND o.person_id IN ({marks})"
            " UNION ALL SELECT r.person_id, i.detail FROM interactions i JOIN records r ON r.id = i.record_id"
            f" WHERE i.kind = 'endorsement' AND i.direction = 'out' AND r.person_id IN ({marks})",
            chunk + chunk,
        ):
            if skill:
                profiles[pid].endorsements[skill] += 1
        for pid, group_id, name, description, role, posts in conn.execute(
            "SELECT r.person_id, g.id, g.name, g.description, m.role, m.posts FROM memberships m"
            " JOIN records r ON r.id = m.record_id JOIN groups g ON g.id = m.group_id"
            f" WHERE r.person_id IN ({marks})", chunk,
        ):
            profile = profiles[pid]
            if any(g[0] == group_id for g in profile.groups):
                continue  # the same membership known from two teammates' files counts once
            profile.groups.append((group_id, name, role, posts))
            profile.fields["groups"].extend([name, description] if description else [name])
    for profile in profiles.values():
        profile.fields["skills"].extend(profile.endorsements)
    return profiles


def _term_token(term: str) -> str:
    """A term as one FTS5 token: "syn:cybersecurity" would be split at the colon."""
    return "zz" + term[4:] if term.startswith("syn:") else term


def search_index(store: Store) -> sqlite3.Connection:
    """The topic index: each person's analysed fields in an FTS5 table next to the store.

    Rebuilt when the store changes (its identity and generation: ``Store.cache_key``) or the synonyms
    do, like the graph cache, and private (0600). A query then reads the profiles of its best
    ``PROFILE_LIMIT`` candidates only, not the store.
    """
    path = store.path.with_name(store.path.name + ".search.sqlite")
    digest = hashlib.sha1(repr(synonyms()).encode()).hexdigest()[:12]  # a new synonym changes every term
    key = store.cache_key(f"index-v{INDEX_VERSION}", f"synonyms-{digest}")
    if path.exists():
        conn = sqlite3.connect(path)
        try:
            if conn.execute("SELECT value FROM meta WHERE key = 'key'").fetchone()[0] == key:
                return conn
        except (sqlite3.Error, TypeError):
            pass
        conn.close()
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)
    os.close(os.open(temporary, os.O_CREAT | os.O_WRONLY, 0o600))
    conn = sqlite3.connect(temporary)
    conn.execute("CREATE VIRTUAL TABLE docs USING fts5(title, skills, groups, company)")
    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
    people = [r[0] for r in store.conn.execute("SELECT id FROM people WHERE merged_into IS NULL ORDER BY id")]
    for start in range(0, len(people), 5000):
        profiles = _profiles(store, people[start:start + 5000])
        conn.executemany("INSERT INTO docs (rowid, title, skills, groups, company) VALUES (?,?,?,?,?)", [
            (pid, *(" ".join(_term_token(t) for text in p.fields.get(f, []) for t in analyze(text))
                    for f in FIELD_WEIGHTS)) for pid, p in profiles.items()])
    conn.execute("INSERT INTO meta VALUES ('key', ?)", (key,))
    conn.commit()
    conn.close()
    os.replace(temporary, path)
    return sqlite3.connect(path)


def _candidates(store: Store, query: tuple[str, ...]) -> list[int]:
    """The ``PROFILE_LIMIT`` people the index ranks best for the query (FTS5's own BM25, same weights)."""
    index = search_index(store)
    try:
        match = " OR ".join(f'"{_term_token(t)}"' for t in sorted(set(query)))
        weights = ", ".join(str(w) for w in FIELD_WEIGHTS.values())
        return [r[0] for r in index.execute(
            f"SELECT rowid FROM docs WHERE docs MATCH ? ORDER BY bm25(docs, {weights}), rowid LIMIT ?",
            (match, PROFILE_LIMIT))]
    finally:
        index.close()


def bm25f(query: tuple[str, ...], docs: dict[int, dict[str, tuple[str, ...]]], total_docs: int) -> dict[int, float]:
    """Field-weighted BM25 of ``query`` for each document (fields of terms); formula in the module docstring."""
    lengths = {f: [len(d.get(f, ())) for d in docs.values()] for f in FIELD_WEIGHTS}
    average = {f: (sum(v) / len(v) if v and sum(v) else 1.0) for f, v in lengths.items()}
    counts = {pid: {f: Counter(terms) for f, terms in d.items()} for pid, d in docs.items()}
    scores: dict[int, float] = {}
    for term in set(query):
        df = sum(1 for c in counts.values() if any(term in fc for fc in c.values()))
        if not df:
            continue
        idf = math.log(1 + (total_docs - df + 0.5) / (df + 0.5))
        for pid, fields in counts.items():
            for name, fc in fields.items():
                if fc.get(term):
                    tf = fc[term] / (1 - B + B * sum(fc.values()) / average[name])
                    scores[pid] = scores.get(pid, 0.0) + FIELD_WEIGHTS[name] * idf * tf * (K1 + 1) / (tf + K1)
    return scores


def personalized_pagerank(edges: list[tuple[str, str, float]], seeds: dict[str, float], alpha: float = ALPHA,
                          iterations: int = 60) -> dict[str, float]:
    """PageRank on an undirected weighted graph, teleporting to ``seeds`` (Haveliwala 2002)."""
    import numpy as np
    from scipy import sparse

    nodes = sorted({n for a, b, _ in edges for n in (a, b)} | set(seeds))
    index = {n: i for i, n in enumerate(nodes)}
    if not nodes:
        return {}
    rows = [index[a] for a, b, _ in edges] + [index[b] for a, b, _ in edges]
    cols = [index[b] for a, b, _ in edges] + [index[a] for a, b, _ in edges]
    weights = [w for _, _, w in edges] * 2
    matrix = sparse.csr_matrix((weights, (rows, cols)), shape=(len(nodes), len(nodes)))
    out = np.asarray(matrix.sum(axis=1)).ravel()
    out[out == 0] = 1.0
    transition = sparse.diags(1 / out) @ matrix
    restart = np.zeros(len(nodes))
    for node, weight in seeds.items():
        restart[index[node]] = weight
    restart /= restart.sum() if restart.sum() else 1
    rank = restart.copy()
    for _ in range(iterations):
        rank = alpha * (transition.T @ rank) + (1 - alpha) * restart
        rank /= rank.sum()
    return {node: float(rank[i]) for node, i in index.items()}


def find_experts(store, topic: str, source: str | None = None, n: int = 10, company: str | None = None,
                 exclude_team: bool = False, sort: str = "relevance") -> dict:
    """``graphintro experts``: ``{"topic", "experts": [...], "groups": [...]}`` (see README).

    ``store`` is an embedded ``Store`` or any backend (``graphintro.backends``).
    """
    from graphintro.backends import as_backend
    from graphintro.paths import best_paths_to_many, describe_paths

    backend = as_backend(store)
    if sort not in SORTS:
        raise UsageError(f"--sort must be one of {', '.join(SORTS)}")
    query = analyze(topic)
    if not query:
        raise UsageError("give a topic, e.g. 'cybersécurité' or 'data engineer'")
    profiles = backend.profiles(backend.topic_candidates(query))
    docs = {pid: {f: tuple(t for text in texts for t in analyze(text)) for f, texts in p.fields.items()}
            for pid, p in profiles.items()}
    # Inverse document frequencies are measured on the candidates read, out of the whole store.
    expertise = bm25f(query, docs, max(backend.people_count(), len(docs)))
    if not expertise:
        raise NotFoundError(f"nobody matches '{topic}'")
    members = set(backend.team_members())
    allowed = set(expertise)
    if company:
        allowed &= set(backend.company_people(company))
    if exclude_team:
        allowed -= members
    if not allowed:
        raise NotFoundError(f"nobody matches '{topic}'" + (f" at '{company}'" if company else ""))

    hubs = _hub_scores(backend, profiles, expertise, query)
    if source:
        sources, team = [backend.resolve_person(source, member_first=True)], False
    else:
        sources, team = sorted(members), True
    weights = SORTS[sort]
    best_expertise = max(expertise.values())
    person_hubs = {pid: hubs.get(f"p{pid}", 0.0) for pid in allowed}
    best_hub = max(person_hubs.values()) or 1.0
    shortlist = sorted(allowed, key=lambda pid: -(expertise[pid] / best_expertise * weights[0]
                                                 + person_hubs[pid] / best_hub * weights[1]))[: max(n * 5, 50)]
    reachable = [pid for pid in shortlist if pid not in sources]
    graph = backend.path_graph(sources, reachable, REACH_HOPS)
    paths = best_paths_to_many(graph, sources, reachable, max_hops=REACH_HOPS)
    ranked = []
    for pid in shortlist:
        reach = 1.0 if pid in sources else (paths[pid].probability if pid in paths else 0.0)
        score = (weights[0] * expertise[pid] / best_expertise + weights[1] * person_hubs[pid] / best_hub
                 + weights[2] * reach)
        ranked.append((score, pid))
    ranked.sort(key=lambda item: (-item[0], item[1]))
    ranked = ranked[:n]
    found = [paths[pid] for _, pid in ranked if pid in paths]
    described_paths = dict(zip([path.people[-1] for path in found], describe_paths(backend, graph, found, team)))
    described = {p["id"]: p for p in backend.describe_people([pid for _, pid in ranked])}
    experts = [{
        "id": pid, "name": described[pid]["name"], "company": described[pid]["company"],
        "position": described[pid]["position"], "score": round(score, 4),
        "evidence": _evidence(profiles[pid], query), "path": described_paths.get(pid), "member": pid in members,
    } for score, pid in ranked]
    return {"topic": topic, "experts": experts, "groups": _top_groups(backend, hubs)}


def _hub_scores(backend, profiles: dict[int, Profile], expertise: dict[int, float],
                query: tuple[str, ...]) -> dict[str, float]:
    """Topic-personalised PageRank over people ("p<id>"), groups ("g<id>") and companies ("c<key>")."""
    edges: list[tuple[str, str, float]] = []
    for pid, profile in profiles.items():
        for group_id, _, role, posts in profile.groups:
            edges.append((f"p{pid}", f"g{group_id}", ROLE_WEIGHT.get(role, 1.0) + math.log1p(posts)))
        for company in profile.fields.get("company", [])[:1]:
            edges.append((f"p{pid}", f"c{fold(company)}", 0.5))
    seeds = {f"p{pid}": score for pid, score in expertise.items()}
    for group_id in backend.topic_groups(query):
        seeds[f"g{group_id}"] = max(expertise.values(), default=1.0)
    return personalized_pagerank(edges, seeds)


def _top_groups(backend, hubs: dict[str, float], limit: int = 5) -> list[dict]:
    ranked = sorted(((score, int(node[1:])) for node, score in hubs.items() if node.startswith("g")), reverse=True)
    summaries = backend.group_summaries([group_id for _, group_id in ranked[:limit]])
    return [{"name": summaries[group_id][0], "score": round(score, 6), "members": summaries[group_id][1]}
            for score, group_id in ranked[:limit]]


def _evidence(profile: Profile, query: tuple[str, ...]) -> list[str]:
    """What matched, as sentences: "title: RSSI", "endorsed 4× for Cybersécurité", "owner of the group …"."""
    wanted = set(query)
    said: list[str] = []
    for title in profile.fields.get("title", []):
        if wanted & set(analyze(title)):
            said.append(f"title: {title}")
    for skill, count in profile.endorsements.most_common():
        if wanted & set(analyze(skill)):
            said.append(f"endorsed {count}× for {skill}")
    for skill in profile.fields.get("skills", []):
        if skill not in profile.endorsements and wanted & set(analyze(skill)):
            said.append(f"skill: {skill}")
    for _, name, role, posts in sorted(profile.groups, key=lambda g: (-ROLE_WEIGHT.get(g[2], 1), -g[3])):
        if wanted & set(analyze(name)):
            activity = f" ({posts} posts)" if posts else ""
            said.append(f"{role} of the group {name}{activity}" if role != "member"
                        else f"member of the group {name}{activity}")
    for company in profile.fields.get("company", [])[:1]:
        if wanted & set(analyze(company)):
            said.append(f"company: {company}")
    unique = list(dict.fromkeys(said))  # the same title or group seen in several exports
    kept, seen = [], set()
    for sentence in unique:
        if fold(sentence) not in seen:
            seen.add(fold(sentence))
            kept.append(sentence)
    return kept or ["related groups or profile text"]
