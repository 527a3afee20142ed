"""Who knows this subject? Experts and community hubs for a topic, each with the way to reach them.

Three signals, combined in ``score``:

1. **Expertise**: BM25 relevance (Robertson & Zaragoza 2009, "The probabilistic relevance
   framework: BM25 and beyond") of the topic to a person's *practitioner* evidence, field by field —
   titles and headline (3), skills and endorsements received (2), group evidence (1.5). Each field
   saturates on its own, so ten groups never outweigh one title::

       score(p)    = Σ_t q_t · Σ_f weight_f · idf(t) · tf'_f · (k1 + 1) / (tf'_f + k1),   k1 = 1.2, b = 0.75
       tf'_f(t, p) = tf_f(t, p) / (1 - b + b · len_f(p) / avglen_f)          (titles, skills)
       tf_groups(t, p) = Σ_g specificity(g, t) · (role weight + ln(1 + posts)) / 2
       idf(t)      = log(1 + (N - df(t) + 0.5) / (df(t) + 0.5))

   ``specificity`` is 1/√n when the group's name holds the term among n subjects, 0.5/n when only its
   description does (``group_specificity``). Titles that sell to, buy for, recruit for or manage
   accounts in the domain (concepts marked ``role = "proximity"``), and company names, are not
   expertise: people matched only by them are the topic's *connectors*, listed apart.

   Text is folded (accents, case), labels of the bilingual vocabulary (``data/vocabulary.toml``,
   about 220 concepts: "informatique en nuage", "cloud computing" and "cloud" are one term, as
   "RSSI" and "CISO") are mapped to their concept and its wider ones, other words are stemmed in
   French and English (Snowball; the shorter stem) so plurals and both languages meet, and stop
   words are dropped outside labels. A query term is weighted ``q_t`` = 1, the concept just wider
   than a named one 0.3 (``query_terms``). A query word found in no profile ends the search with an
   honest "no one matches", never with weak matches of its other words.
2. **Hub score**: a topic-personalised PageRank (Haveliwala 2002) on the person–group–company graph,
   restarting at the experts (by expertise) and the topic's groups (by name and description), α = 0.85.
   Owning or managing a group, and posting in it, weigh its edges more (owner 3, manager 2,
   member 1, + log(1 + posts)). Groups themselves are ranked by the same walk: the topic's hubs.
3. **Reach**: the probability of the best introduction path from ``--from`` (or the team). The asker
   is never listed; teammates who know the topic are listed apart (``team``), by expertise.

``score = w_e · expertise / max + w_h · hub / max + w_r · path probability`` with
``(w_e, w_h, w_r) = (0.5, 0.3, 0.2)``, or ``(0.7, 0.2, 0.1)`` for ``--sort expertise`` and
``(0.3, 0.2, 0.5)`` for ``--sort reach``.
"""

from __future__ import annotations

import math
from collections import Counter

from graphintro.answers import Connector, Expert, ExpertsResult, TopicGroup

# The text analysis is ``graphintro.topics`` and the topic index ``graphintro.backends.topic_index``;
# the names marked F401 stay importable from here, where callers (tests, scripts) knew them.
from graphintro.backends.topic_index import INDEX_VERSION, _candidates, _profiles, search_index  # noqa: F401
from graphintro.errors import NotFoundError, UsageError
from graphintro.identity import fold
from graphintro.topics import (  # noqa: F401
    BROADER_WEIGHT,
    FIELD_WEIGHTS,
    PROFILE_LIMIT,
    STOP_WORDS,
    VOCABULARY,
    Concept,
    Profile,
    _lineage,
    _phrase_tables,
    analyze,
    query_terms,
    synonyms,
    vocabulary,
)

# What makes an expert: practitioners' titles, skills and endorsements, and group evidence.
# Proximity titles ("near") and company names weigh nothing.
EXPERTISE_WEIGHTS = {"title": 3.0, "skills": 2.0, "groups": 1.5}
CONNECTORS = 5  # people near the topic listed with the hubs
CONNECTOR_CANDIDATES = 100  # people read for the company field alone (see find_experts)
K1, B = 1.2, 0.75
ROLE_WEIGHT = {"owner": 3.0, "manager": 2.0, "member": 1.0}
SORTS = {"relevance": (0.5, 0.3, 0.2), "expertise": (0.7, 0.2, 0.1), "reach": (0.3, 0.2, 0.5)}
ALPHA = 0.85
REACH_HOPS = 4  # an expert further than this from the team is out of reach


def bm25f(
    query, docs: dict[int, dict], total_docs: int, weights: dict[str, float] | None = None
) -> dict[int, float]:
    """Field-weighted BM25 of ``query`` (terms, or terms with their weights) for each document; the
    formula is in the module docstring. A field given as ``{term: frequency}`` (the group evidence)
    is taken as it is, without length normalisation; fields without a weight only count in ``df``."""
    weights = EXPERTISE_WEIGHTS if weights is None else weights
    query = query if isinstance(query, dict) else dict.fromkeys(query, 1.0)
    counted = {
        pid: {f: (dict(v) if isinstance(v, dict) else Counter(v)) for f, v in d.items()}
        for pid, d in docs.items()
    }
    lengths = {
        f: [len(d.get(f, ())) for d in docs.values() if not isinstance(d.get(f), dict)] for f in weights
    }
    average = {f: (sum(v) / len(v) if v and sum(v) else 1.0) for f, v in lengths.items()}
    scores: dict[int, float] = {}
    for term in sorted(query):
        df = sum(1 for c in counted.values() if any(fc.get(term) for fc in c.values()))
        if not df:
            continue
        idf = math.log(1 + (total_docs - df + 0.5) / (df + 0.5))
        for pid, fields in counted.items():
            for name, fc in fields.items():
                if not fc.get(term) or not weights.get(name):
                    continue
                tf = fc[term]
                if not isinstance(docs[pid][name], dict):
                    tf = tf / (1 - B + B * sum(fc.values()) / average[name])
                scores[pid] = scores.get(pid, 0.0) + query[term] * weights[name] * idf * tf * (K1 + 1) / (
                    tf + K1
                )
    return scores


def _heads(terms: set[str]) -> int:
    """How many distinct subjects a text names: its concepts, not counting those only present as the
    wider concept of another ("Cloud Computing France" names one, "cloud, data, IA, finance" four)."""
    concepts = vocabulary()
    named = {t[4:] for t in terms if t.startswith("syn:")}
    wider = {key for concept in named for key in _lineage(concept, concepts)[1:]}
    return max(1, len(named - wider))


def group_specificity(name: str, description: str, term: str) -> float:
    """How much belonging to a group says about ``term``: 1 / √(subjects in its name) when the name
    holds it, 0.5 / (subjects in its description) when only the description does, else 0. A
    "Cloud Computing France" group says more about cloud than "Tech & Innovation" whose description
    lists cloud among six subjects."""
    in_name = set(analyze(name))
    if term in in_name:
        return 1 / math.sqrt(_heads(in_name))
    in_description = set(analyze(description or ""))
    if term in in_description:
        return 0.5 / _heads(in_description)
    return 0.0


def group_activity(role: str, posts: int) -> float:
    """A member's part in a group: ``(role weight + ln(1 + posts)) / 2`` — a silent member 0.5, an
    owner who posted 40 times 3.4."""
    return (ROLE_WEIGHT.get(role, 1.0) + math.log1p(posts or 0)) / 2


def is_proximity_role(terms: tuple[str, ...], query: dict[str, float]) -> bool:
    """A title that sells to, buys for, recruits for or manages accounts in a domain, when the
    question is not about that role itself ("recrutement" asks for recruiters, "cloud" does not)."""
    concepts = vocabulary()
    roles = {t for t in terms if t.startswith("syn:") and concepts.get(t[4:], Concept("", ())).proximity}
    return bool(roles) and not roles & set(query)


def topic_evidence(profile: Profile, query: dict[str, float]) -> tuple[dict, bool]:
    """The person's fields as the scorer reads them for this query, and whether they are only *near*
    the topic (their matching title is a proximity role, or only their company matches).

    ``title`` and ``skills`` hold practitioners' terms; ``groups`` the group evidence of each query
    term, ``Σ specificity × activity`` over the person's groups; ``near`` (proximity titles) and
    ``company`` are kept for the document frequencies and the connectors, never for expertise."""
    fields: dict = {"title": [], "near": [], "skills": [], "company": []}
    for text in profile.fields.get("title", []):
        terms = analyze(text)
        fields["near" if is_proximity_role(terms, query) else "title"].extend(terms)
    for text in profile.fields.get("skills", []):
        fields["skills"].extend(analyze(text))
    for text in profile.fields.get("company", []):
        fields["company"].extend(analyze(text))
    evidence: dict[str, float] = {}
    for group_id, name, role, posts in profile.groups:
        activity = group_activity(role, posts)
        for term in query:
            specificity = group_specificity(name, profile.descriptions.get(group_id, ""), term)
            if specificity:
                evidence[term] = evidence.get(term, 0.0) + specificity * activity
    docs: dict[str, tuple[str, ...] | dict[str, float]] = {
        name: tuple(terms) for name, terms in fields.items()
    }
    docs["groups"] = evidence
    wanted = set(query)
    practises = bool(wanted & set(docs["title"]) or wanted & set(docs["skills"]))
    near = bool(wanted & set(docs["near"]) or wanted & set(docs["company"]))
    only_near = not practises and (near and (not evidence or bool(wanted & set(docs["near"]))))
    return docs, only_near


def personalized_pagerank(
    edges: list[tuple[str, str, float]], seeds: dict[str, float], alpha: float = ALPHA, iterations: int = 60
) -> dict[str, float]:
    """PageRank on an undirected weighted graph, teleporting to ``seeds`` (Haveliwala 2002).

    In numpy alone: scipy's import cost ~0.28 s of CPU, a tenth of an ``experts`` process at 9M ties.
    The arithmetic is scipy's sparse one, step for step, so the ranks are the same to the last bit
    (``_hub_scores`` lists each edge once; an edge listed three times or more is summed in another
    order, a difference of rounding): the matrix in row order, columns sorted within a row; out-weights
    by ``np.add.reduceat`` over each row (as ``csr_matrix.sum(axis=1)``); the walk's step adds each
    row's share to its columns in row order (``np.bincount``, as the transposed product does)."""
    import numpy as np

    nodes = sorted({n for a, b, _ in edges for n in (a, b)} | set(seeds))
    index = {n: i for i, n in enumerate(nodes)}
    if not nodes:
        return {}
    size = len(nodes)
    rows = np.array([index[a] for a, b, _ in edges] + [index[b] for a, b, _ in edges], dtype=np.int64)
    cols = np.array([index[b] for a, b, _ in edges] + [index[a] for a, b, _ in edges], dtype=np.int64)
    weights = np.array([w for _, _, w in edges] * 2, dtype=np.float64)
    keys = rows * size + cols
    order = np.argsort(keys, kind="stable")
    keys, first = np.unique(keys[order], return_index=True)
    data = np.add.reduceat(weights[order], first) if len(first) else weights[:0]
    rows, cols = keys // size, keys % size
    starts = np.searchsorted(rows, np.arange(size + 1))
    out = np.zeros(size)
    filled = np.flatnonzero(np.diff(starts))
    if len(filled):
        out[filled] = np.add.reduceat(data, starts[filled])
    out[out == 0] = 1.0
    share = (1 / out)[rows] * data  # the transition matrix, row by row
    restart = np.zeros(size)
    for node, weight in seeds.items():
        restart[index[node]] = weight
    restart /= restart.sum() if restart.sum() else 1
    rank = restart.copy()
    for _ in range(iterations):
        rank = alpha * np.bincount(cols, weights=share * rank[rows], minlength=size) + (1 - alpha) * restart
        rank /= rank.sum()
    return {node: float(rank[i]) for node, i in index.items()}


def find_experts(
    store,
    topic: str,
    source: str | None = None,
    n: int = 10,
    company: str | None = None,
    exclude_team: bool = False,
    sort: str = "relevance",
) -> ExpertsResult:
    """``graphintro experts``: ``{"topic", "experts", "team", "connectors", "groups"}`` (see README).

    ``experts`` are the people outside the team who practise the subject; ``team`` the teammates who
    do (never the asker); ``connectors`` those near it (they sell to it, recruit for it, work at a
    company named after it); ``groups`` its hubs. ``exclude_team`` leaves the team out of the
    experts, the teammates and the connectors alike. ``store`` is an embedded ``Store`` or any backend
    (``graphintro.backends``).
    """
    from graphintro.backends import as_backend
    from graphintro.paths import best_paths_to_many, describe_paths

    backend = as_backend(store)
    if sort not in SORTS:
        raise UsageError(f"--sort must be one of {', '.join(SORTS)}")
    query = query_terms(topic)
    if not query:
        raise UsageError("give a topic, e.g. 'cybersécurité' or 'data engineer'")
    terms = tuple(sorted(query))
    # The best candidates overall, and those of the company field: at scale the people who only work
    # at a company named after the topic rank last overall, yet they are its connectors.
    candidates = backend.topic_candidates(terms)
    seen = set(candidates)
    candidates += [
        pid
        for pid in backend.topic_candidates(terms, field="company", limit=CONNECTOR_CANDIDATES)
        if pid not in seen
    ]
    profiles = backend.profiles(candidates)
    docs, near = {}, set()
    for pid, profile in profiles.items():
        docs[pid], only_near = topic_evidence(profile, query)
        if only_near:
            near.add(pid)
    unknown = [
        term
        for term in sorted(query)
        if query[term] == 1.0 and not any(term in d[f] for d in docs.values() for f in d)
    ]
    if unknown:
        raise NotFoundError(_no_match(topic, unknown))
    # Inverse document frequencies are measured on the candidates read, out of the whole store.
    expertise = {
        pid: score
        for pid, score in bm25f(query, docs, max(backend.people_count(), len(docs))).items()
        if pid not in near and score > 0
    }
    asker = backend.resolve_person(source, member_first=True) if source else None
    members = set(backend.team_members())
    allowed = set(expertise) - {asker}
    if company:
        allowed &= set(backend.company_people(company))
    if exclude_team:
        allowed -= members
    hubs = _hub_scores(backend, profiles, expertise, query)
    outsiders = near - {asker} - (members if exclude_team else set())
    connectors = _connectors(backend, profiles, outsiders, hubs, query)
    if not allowed and not connectors:
        raise NotFoundError(f"no one matches '{topic}'" + (f" at '{company}'" if company else ""))

    sources, team = ([asker], False) if asker is not None else (sorted(members), True)
    weights = SORTS[sort]
    best_expertise = max(expertise.values(), default=1.0)
    person_hubs = {pid: hubs.get(f"p{pid}", 0.0) for pid in allowed}
    best_hub = max(person_hubs.values(), default=0.0) or 1.0
    teammates = sorted(allowed & members, key=lambda pid: (-expertise[pid], pid))[:n]
    outside = allowed - members
    shortlist = sorted(
        outside,
        key=lambda pid: (
            -(expertise[pid] / best_expertise * weights[0] + person_hubs[pid] / best_hub * weights[1])
        ),
    )[: max(n * 5, 50)]
    graph = backend.path_graph(sources, shortlist, REACH_HOPS)
    paths = best_paths_to_many(graph, sources, shortlist, max_hops=REACH_HOPS, members=members)
    ranked = []
    for pid in shortlist:
        reach = paths[pid].probability if pid in paths else 0.0
        score = (
            weights[0] * expertise[pid] / best_expertise
            + weights[1] * person_hubs[pid] / best_hub
            + weights[2] * reach
        )
        ranked.append((score, pid))
    ranked.sort(key=lambda item: (-item[0], item[1]))
    ranked = ranked[:n]
    found = [paths[pid] for _, pid in ranked if pid in paths]
    described_paths = dict(
        zip([path.people[-1] for path in found], describe_paths(backend, graph, found, team), strict=False)
    )
    described = {p["id"]: p for p in backend.describe_people([pid for _, pid in ranked] + teammates)}

    def entry(pid: int, score: float) -> Expert:
        return {
            "id": pid,
            "name": described[pid]["name"],
            "company": described[pid]["company"],
            "position": described[pid]["position"],
            "score": round(score, 4),
            "evidence": _evidence(profiles[pid], query),
            "path": described_paths.get(pid),
            "member": pid in members,
        }

    return {
        "topic": topic,
        "experts": [entry(pid, score) for score, pid in ranked],
        "team": [entry(pid, expertise[pid] / best_expertise) for pid in teammates],
        "connectors": connectors,
        "groups": _top_groups(backend, hubs),
    }


def _no_match(topic: str, unknown: list[str]) -> str:
    """ "no one matches 'X'; known topics near it: …" — the labels of the vocabulary closest to the
    words of the topic (by spelling, or sharing a word), so the asker can rephrase."""
    import difflib

    labels = {
        fold(label): label for concept in vocabulary().values() for label in concept.labels if len(label) > 3
    }
    words = [w for w in fold(topic).split() if w not in STOP_WORDS and len(w) > 2]
    near = difflib.get_close_matches(fold(topic), list(labels), n=5, cutoff=0.6)
    for word in words:
        near += difflib.get_close_matches(word, list(labels), n=3, cutoff=0.75)
        near += sorted(label for label in labels if word in label.split())[:3]
    suggestions = list(dict.fromkeys(labels[label] for label in near))[:6]
    said = _words_said(topic)
    asked = [term for term, weight in query_terms(topic).items() if weight == 1.0]  # not the wider concepts
    missing = (
        ""
        if len(unknown) == len(asked)
        else f" (nothing about '{', '.join(said.get(t) or _label(t) for t in unknown)}')"
    )
    return f"no one matches '{topic}'{missing}; known topics near it: " + (
        ", ".join(suggestions) if suggestions else "none — try a broader word, in French or English"
    )


def _words_said(topic: str) -> dict[str, str]:
    """Each plain word term of a topic and the word the asker typed for it ("plomberies" for the stem
    "plomb"), so that a message names what was asked, not what the index stores."""
    said: dict[str, str] = {}
    for word in topic.split():
        for term in query_terms(word):
            if not term.startswith("syn:"):
                said.setdefault(term, word)
    return said


def _label(term: str) -> str:
    """A term as a person would say it: a concept by its first label, a word as it is (stemmed)."""
    if term.startswith("syn:"):
        concept = vocabulary().get(term[4:])
        return concept.labels[0] if concept and concept.labels else term[4:]
    return term


def _connectors(
    backend, profiles: dict[int, Profile], near: set[int], hubs: dict[str, float], query: dict[str, float]
) -> list[Connector]:
    """The people near the topic (proximity titles, a company named after it), best connected first
    (their hub score): who to ask about the topic's community, not who knows it."""
    ranked = sorted(near, key=lambda pid: (-hubs.get(f"p{pid}", 0.0), pid))[:CONNECTORS]
    described = {p["id"]: p for p in backend.describe_people(ranked)}
    return [
        {
            "id": pid,
            "name": described[pid]["name"],
            "company": described[pid]["company"],
            "position": described[pid]["position"],
            "score": round(hubs.get(f"p{pid}", 0.0), 6),
            "evidence": _evidence(profiles[pid], query),
        }
        for pid in ranked
    ]


def _hub_scores(
    backend, profiles: dict[int, Profile], expertise: dict[int, float], query: dict[str, float]
) -> dict[str, float]:
    """Topic-personalised PageRank over people ("p<id>"), groups ("g<id>") and companies ("c<key>")."""
    edges: list[tuple[str, str, float]] = []
    for pid, profile in profiles.items():
        for group_id, _, role, posts in profile.groups:
            edges.append((f"p{pid}", f"g{group_id}", ROLE_WEIGHT.get(role, 1.0) + math.log1p(posts)))
        for company in profile.fields.get("company", [])[:1]:
            edges.append((f"p{pid}", f"c{fold(company)}", 0.5))
    seeds = {f"p{pid}": score for pid, score in expertise.items()}
    for group_id in backend.topic_groups(tuple(sorted(query))):
        seeds[f"g{group_id}"] = max(expertise.values(), default=1.0)
    return personalized_pagerank(edges, seeds)


def _top_groups(backend, hubs: dict[str, float], limit: int = 5) -> list[TopicGroup]:
    ranked = sorted(
        ((score, int(node[1:])) for node, score in hubs.items() if node.startswith("g")), reverse=True
    )
    summaries = backend.group_summaries([group_id for _, group_id in ranked[:limit]])
    return [
        {"name": summaries[group_id][0], "score": round(score, 6), "members": summaries[group_id][1]}
        for score, group_id in ranked[:limit]
    ]


def _evidence(profile: Profile, query) -> list[str]:
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
            said.append(
                f"{role} of the group {name}{activity}"
                if role != "member"
                else f"member of the group {name}{activity}"
            )
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
