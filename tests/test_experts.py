"""Who knows this subject? Text analysis, BM25F and personalised PageRank checked by hand and on the demo team."""

import csv
import json
import math

import networkx as nx
import pytest

from graphintro.cli import app
from graphintro.experts import analyze, bm25f, personalized_pagerank


def test_accents_languages_plurals_and_synonyms_meet():
    assert analyze("Cybersécurité") == analyze("cybersecurite") == analyze("cybersecurity")
    assert analyze("sécurité informatique") == analyze("Cybersécurité")
    assert analyze("Ingénieurs") == analyze("ingénieur") == analyze("engineer")
    assert analyze("Responsable achats")[-1] == analyze("procurement")[0]


def test_bm25f_by_hand():
    docs = {1: {"title": ("a", "b")}, 2: {"title": ("b", "b", "c", "d")}, 3: {"company": ("a",)}}
    scores = bm25f(("a",), docs, total_docs=3)
    idf = math.log(1 + (3 - 2 + 0.5) / (2 + 0.5))
    tf = 1 / (1 - 0.75 + 0.75 * 2 / (6 / 3))  # average title length (2 + 4 + 0) / 3
    assert scores[1] == pytest.approx(3.0 * idf * tf * 2.2 / (tf + 1.2))  # title weight 3
    assert 3 not in scores, "a company whose name holds the topic makes nobody an expert"
    assert 2 not in scores
    # Group evidence is a term frequency of its own (specificity × activity), not length-normalised.
    grouped = bm25f({"a": 1.0}, {**docs, 4: {"groups": {"a": 0.5}}}, total_docs=4)
    idf = math.log(1 + (4 - 3 + 0.5) / (3 + 0.5))
    assert grouped[4] == pytest.approx(1.5 * idf * 0.5 * 2.2 / (0.5 + 1.2))


def test_personalised_pagerank_matches_networkx():
    edges = [("a", "b", 1.0), ("b", "c", 2.0), ("c", "a", 1.0), ("c", "d", 3.0)]
    seeds = {"a": 1.0, "d": 0.5}
    ours = personalized_pagerank(edges, seeds, iterations=200)
    g = nx.Graph()
    g.add_weighted_edges_from(edges)
    theirs = nx.pagerank(g, alpha=0.85, personalization={"a": 1.0, "d": 0.5, "b": 0, "c": 0}, weight="weight")
    for node in theirs:
        assert ours[node] == pytest.approx(theirs[node], abs=1e-6)


def scipy_pagerank(edges, seeds, alpha=0.85, iterations=60):
    """The hub scores as they were computed with scipy's sparse matrices (until issue 20): the
    reference the numpy walk must equal to the last bit, so that no expert's score, rounded or
    not, and no order of two hubs moves."""
    import numpy as np
    from scipy import sparse

    nodes = sorted({n for a, b, _ in edges for n in (a, b)} | set(seeds))
    index = {n: i for i, n in enumerate(nodes)}
    if not nodes:
        return {}
    rows = [index[a] for a, b, _ in edges] + [index[b] for a, b, _ in edges]
    cols = [index[b] for a, b, _ in edges] + [index[a] for a, b, _ in edges]
    matrix = sparse.csr_matrix(([w for _, _, w in edges] * 2, (rows, cols)), shape=(len(nodes), len(nodes)))
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


@pytest.mark.parametrize("seed", range(40))
def test_personalised_pagerank_equals_the_scipy_walk_to_the_last_bit(seed):
    """Random person–group–company graphs as ``_hub_scores`` makes them (each edge once, groups of
    up to 40 members, so that a row's sum is long enough for numpy's pairwise summation to matter):
    every rank equal, not approximately, to the sparse-matrix walk it replaced."""
    import random

    rng = random.Random(seed)
    people = [f"p{i}" for i in range(rng.randint(1, 80))]
    groups = [f"g{i}" for i in range(rng.randint(0, 6))]
    edges = []
    for person in people:
        for group in rng.sample(groups, rng.randint(0, len(groups))):
            edges.append((person, group, rng.choice([1.0, 2.0, 3.0]) + math.log1p(rng.randint(0, 50))))
        if rng.random() < 0.7:
            edges.append((person, f"c{rng.randint(0, 9)}", 0.5))
    seeds = {person: rng.random() * 4 for person in rng.sample(people, rng.randint(1, len(people)))}
    seeds.update({group: 2.0 for group in groups[: rng.randint(0, len(groups))]})
    assert personalized_pagerank(edges, seeds) == scipy_pagerank(edges, seeds)


def experts(runner, db, *args):
    result = runner.invoke(app, ["--db", str(db), "experts", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.mark.parametrize(
    "topic", ["cybersécurité", "CYBERSECURITE", "cybersecurity", "sécurité informatique"]
)
def test_same_experts_whatever_the_spelling(runner, demo_db, team, topic):
    found = experts(runner, demo_db, topic, "-n", "5")
    assert found["experts"][0]["name"] == team["expert"]
    reference = experts(runner, demo_db, "cybersécurité", "-n", "5")
    assert [e["id"] for e in found["experts"]] == [e["id"] for e in reference["experts"]]


def test_expert_outranks_the_salesperson_of_a_cyber_company(runner, demo_db, team):
    found = experts(runner, demo_db, "cybersécurité", "-n", "50")
    names = [e["name"] for e in found["experts"]]
    assert team["expert"] in names
    assert team["decoy"] not in names
    top = found["experts"][0]
    assert any("owner of the group" in e for e in top["evidence"])
    assert top["path"]["people"][-1]["name"] == team["expert"]
    assert math.isclose(
        top["path"]["probability"], math.prod(link["strength"] for link in top["path"]["links"])
    )
    assert all(e["evidence"] for e in found["experts"])
    assert all(e["path"] is not None or e["member"] for e in found["experts"])
    assert team["expert_group"] in [g["name"] for g in found["groups"][:3]]
    assert set(found) == {"topic", "experts", "team", "connectors", "groups"}
    assert set(found["groups"][0]) == {"name", "score", "members"}


def test_options_and_no_match(runner, demo_db, team, tmp_path):
    outside = experts(runner, demo_db, "cybersécurité", "--exclude-team")
    assert not any(e["member"] for e in outside["experts"])
    at_thales = experts(runner, demo_db, "cybersecurite", "--company", "thales")
    assert {e["company"] for e in at_thales["experts"]} == {"Thales"}
    sheet = tmp_path / "experts.csv"
    human = runner.invoke(app, ["--db", str(demo_db), "experts", "cybersécurité", "--csv", str(sheet)])
    assert human.exit_code == 0 and team["expert"] in human.output
    rows = list(csv.DictReader(sheet.open(encoding="utf-8-sig")))
    assert rows[0]["name"] == team["expert"] and "é" in rows[0]["position"] + rows[0]["evidence"]
    nothing = runner.invoke(app, ["--db", str(demo_db), "experts", "zzyzx quux"])
    assert nothing.exit_code == 1 and "no one matches 'zzyzx quux'" in nothing.output


# -- issue 24: the four failure classes of the evaluation, and the asker ------------------------------


def test_an_unknown_phrase_is_one_concept_or_an_honest_no(runner, demo_db):
    """ "informatique en nuage" is cloud computing (it used to find IT people); an unknown topic exits 1
    and names the known topics near it instead of returning weak matches."""
    cloud = experts(runner, demo_db, "informatique en nuage", "-n", "5", "--exclude-team")
    assert cloud["experts"] and all(
        "cloud" in e["position"].lower() or any("cloud" in x.lower() for x in e["evidence"])
        for e in cloud["experts"]
    )
    assert [e["id"] for e in cloud["experts"]] == [
        e["id"] for e in experts(runner, demo_db, "cloud computing", "-n", "5", "--exclude-team")["experts"]
    ]
    nothing = runner.invoke(app, ["--db", str(demo_db), "experts", "plomberie industrielle"])
    assert nothing.exit_code == 1
    assert "no one matches 'plomberie industrielle'; known topics near it: " in nothing.output
    assert "industri" in nothing.output.split("near it:")[1]
    half = runner.invoke(app, ["--db", str(demo_db), "experts", "cybersécurité droit des affaires"])
    assert half.exit_code == 1
    assert "no one matches 'cybersécurité droit des affaires' (nothing about 'droit des affaires');" in (
        half.output
    ), "the part nobody matches, named by the vocabulary's label"
    typed = runner.invoke(app, ["--db", str(demo_db), "experts", "cybersécurité plomberies"])
    assert typed.exit_code == 1
    assert "no one matches 'cybersécurité plomberies' (nothing about 'plomberies');" in typed.output, (
        "a word nobody matches is named as it was typed, not as its stem"
    )
    only_team = runner.invoke(app, ["--db", str(demo_db), "experts", "partenariats", "--exclude-team"])
    assert (only_team.exit_code, only_team.output.strip()) == (1, "graphintro: no one matches 'partenariats'")


def test_vocabulary_labels_belong_to_one_concept():
    from graphintro.experts import _phrase_tables, synonyms, vocabulary

    concepts = vocabulary()
    assert len(concepts) >= 100
    assert analyze("RSSI")[0] == analyze("CISO")[0] == "syn:ciso"
    assert analyze("informatique en nuage") == analyze("cloud computing") == analyze("cloud")
    assert analyze("SA") != analyze("SaaS"), "abbreviations are matched as written, not stemmed"
    import tomllib

    from graphintro.experts import VOCABULARY
    from graphintro.identity import fold

    seen: dict[tuple[str, bool], str] = {}
    for key, entry in tomllib.loads(VOCABULARY.read_text(encoding="utf-8"))["concepts"].items():
        for kind in ("fr", "en", "abbr"):
            for label in entry.get(kind, []):
                folded = (fold(label), kind == "abbr")
                assert seen.setdefault(folded, key) == key, f"{label!r} is in {seen[folded]} and {key}"
    assert len(synonyms()) == len(seen)
    assert all(c.broader in concepts for c in concepts.values() if c.broader)
    assert _phrase_tables()[2] >= 3


def test_multi_word_french_phrases_are_one_concept():
    """ "droit des affaires" used to be three words ("des" among them): now the concept of business law."""
    from graphintro.experts import query_terms

    assert query_terms("droit des affaires") == query_terms("business law")
    assert "syn:business_law" in analyze("Avocate en droit des affaires")
    assert analyze("Juriste droit des sociétés")[:2] == ("syn:legal", "syn:business_law")
    assert "de" not in query_terms("chaîne de valeur des données"), "stop words say nothing about a subject"


def test_team_vocabulary_from_the_config_file(runner, demo_db, tmp_path, monkeypatch):
    from graphintro import experts as module

    config = tmp_path / "config.toml"
    config.write_text('[synonyms]\ncybersecurity = ["cyberfortification"]\n', encoding="utf-8")
    monkeypatch.setenv("GRAPHINTRO_CONFIG", str(config))
    for cached in (module.vocabulary, module.synonyms, module._phrase_tables, module.analyze):
        cached.cache_clear()
    try:
        assert analyze("cyberfortification") == analyze("cybersécurité")
        found = experts(runner, demo_db, "cyberfortification", "-n", "3")
        assert found["experts"][0]["name"] == "Inès Moreau"
    finally:
        monkeypatch.delenv("GRAPHINTRO_CONFIG")
        for cached in (module.vocabulary, module.synonyms, module._phrase_tables, module.analyze):
            cached.cache_clear()


def test_company_names_and_selling_roles_make_connectors_not_experts(runner, demo_db, team):
    found = experts(runner, demo_db, "cybersécurité", "-n", "200")
    names = [e["name"] for e in found["experts"] + found["team"]]
    assert team["decoy"] not in names, "a salesperson of a company named after the topic is no expert"
    assert team["decoy"] in [c["name"] for c in found["connectors"]]
    assert all(0 < c["score"] < 1 for c in found["connectors"]), "a connector's hub score, not rounded away"
    assert all(c["score"] == round(c["score"], 6) for c in found["connectors"]), (
        "six decimals, as the groups'"
    )
    assert not any(e["evidence"] == [f"company: {e['company']}"] for e in found["experts"])


def test_selling_recruiting_buying_titles_are_proximity_unless_asked_for():
    from graphintro.experts import Profile, query_terms, topic_evidence

    def near(title: str, topic: str) -> bool:
        profile = Profile(1)
        profile.fields["title"].append(title)
        return topic_evidence(profile, query_terms(topic))[1]

    assert near("Account Executive Cybersécurité", "cybersécurité")
    assert near("Chargée de recrutement finance", "finance")
    assert near("Acheteur IT – cloud et infogérance", "cloud")
    assert not near("Contrôleuse de gestion", "finance")
    assert not near("Chargée de recrutement finance", "recrutement"), (
        "a recruiter is the expert of recruiting"
    )


def test_group_evidence_makes_a_generic_title_visible_by_specificity():
    from graphintro.experts import Profile, bm25f, group_specificity, query_terms, topic_evidence

    assert group_specificity("Cloud Computing France", "", "syn:cloud") == 1.0
    assert (
        0
        < group_specificity(
            "Tech & Innovation Paris", "cloud, data, cybersécurité, finance, marketing", "syn:cloud"
        )
        < 0.2
    )
    query = query_terms("cloud")

    def person(pid, group, description, role, posts):
        profile = Profile(pid)
        profile.fields["title"].append("Consultante")
        profile.groups.append((pid, group, role, posts))
        profile.descriptions[pid] = description
        return topic_evidence(profile, query)[0]

    docs = {
        1: person(1, "Cloud Computing France", "", "owner", 30),
        2: person(
            2, "Tech & Innovation Paris", "cloud, data, cybersécurité, finance, marketing", "owner", 30
        ),
        3: person(3, "Cloud Computing France", "", "member", 0),
    }
    scores = bm25f(query, docs, total_docs=100)
    assert scores[1] > scores[3] > 0 and scores[1] > scores[2] > 0


def test_the_asker_is_never_their_own_expert(runner, demo_db, team):
    """--from: the asker is not listed; teammates who know the topic come apart, before outside experts."""
    asker = "David Nguyen"  # endorsed for cybersécurité, member of the topic's group
    alone = experts(runner, demo_db, "cybersécurité", "-n", "50")
    assert asker in [m["name"] for m in alone["team"]]
    found = experts(runner, demo_db, "cybersécurité", "--from", asker, "-n", "50")
    assert asker not in [e["name"] for e in found["experts"] + found["team"] + found["connectors"]]
    assert found["team"] and all(m["member"] for m in found["team"])
    assert not any(e["member"] for e in found["experts"])
    human = runner.invoke(app, ["--db", str(demo_db), "experts", "cybersécurité", "--from", asker, "-n", "3"])
    assert human.output.index("In your team:") < human.output.index("Experts on")
    assert f"- {asker}" not in human.output


def test_connectors_are_read_even_when_the_topic_has_many_matches(demo_db, team, monkeypatch):
    """At scale the people who only work at a company named after the topic rank last in the topic
    index: they are read by a pass of their own over the company field, so they still show as connectors."""
    from graphintro import experts as module
    from graphintro import topics
    from graphintro.store import Store

    monkeypatch.setattr(topics, "PROFILE_LIMIT", 5)  # as if the topic matched many more people than are read
    with Store(demo_db) as store:
        found = module.find_experts(store, "cybersécurité")
    assert team["decoy"] in [c["name"] for c in found["connectors"]]


def test_evidence_says_what_matched_in_the_profile_s_own_words():
    """The sentences under an expert: each matching title, endorsement, skill, group and company, in that
    order, owners and the most active first among groups, a title seen twice said once; nothing else."""
    from graphintro.experts import Profile, _evidence, query_terms

    profile = Profile(1)
    profile.fields["title"] += ["RSSI", "Comptable", "rssi"]
    profile.fields["skills"] += ["Cybersécurité", "Sécurité informatique", "Excel"]
    profile.endorsements.update({"Cybersécurité": 4, "Excel": 9})
    profile.groups += [
        (1, "Cybersécurité France", "member", 0),
        (2, "Club Sécurité informatique", "owner", 12),
        (3, "Cyber Sécurité Paris", "manager", 3),
        (4, "Cybersécurité Lyon", "member", 7),
        (5, "Jardiniers de France", "owner", 40),
    ]
    profile.fields["company"] += ["Cyber Sécurité SA", "Thales"]
    assert _evidence(profile, query_terms("cybersécurité")) == [
        "title: RSSI",
        "endorsed 4× for Cybersécurité",
        "skill: Sécurité informatique",
        "owner of the group Club Sécurité informatique (12 posts)",
        "manager of the group Cyber Sécurité Paris (3 posts)",
        "member of the group Cybersécurité Lyon (7 posts)",
        "member of the group Cybersécurité France",
        "company: Cyber Sécurité SA",
    ]
    assert _evidence(Profile(2), query_terms("cybersécurité")) == ["related groups or profile text"]


def test_a_person_near_the_topic_is_a_connector_unless_they_practise_it():
    """Only near: a company named after the topic, nothing else. Group evidence makes the same person an
    expert; a person matching nothing is neither."""
    from graphintro.experts import Profile, query_terms, topic_evidence

    query = query_terms("cybersécurité")
    at_company = Profile(1)
    at_company.fields["company"].append("CyberSécurité Conseil SAS")
    at_company.fields["title"].append("Comptable")
    assert topic_evidence(at_company, query)[1]
    at_company.groups.append((7, "Cybersécurité France", "member", 0))
    docs, only_near = topic_evidence(at_company, query)
    assert not only_near and docs["groups"] == {"syn:cybersecurity": 0.5}
    nothing = Profile(2)
    nothing.fields["title"].append("Comptable")
    assert not topic_evidence(nothing, query)[1]


def test_a_named_concept_also_asks_for_its_wider_one_unless_that_is_an_umbrella():
    from graphintro.experts import query_terms

    assert query_terms("contrôle de gestion") == {"syn:management_control": 1.0, "syn:finance": 0.3}
    assert query_terms("RSSI") == {"syn:ciso": 1.0, "syn:cybersecurity": 0.3}
    assert query_terms("cloud") == {"syn:cloud": 1.0}, "cloud is not all of IT"
    assert query_terms("RSSI et cybersécurité") == {"syn:ciso": 1.0, "syn:cybersecurity": 1.0}, (
        "a concept the asker named counts in full, even when it is also the wider one of another"
    )


def test_hub_scores_walk_groups_by_role_and_posts_and_companies_by_half(tmp_path):
    """The hub graph by hand: person–group edges weigh the role plus ln(1 + posts), person–company 0.5
    (first company only), and the walk restarts at the experts by expertise and at the topic's groups."""
    from graphintro.backends import as_backend
    from graphintro.experts import Profile, _hub_scores, query_terms
    from graphintro.store import Store

    def person(pid, company, *groups):
        profile = Profile(pid)
        profile.fields["company"] += [company, "Ancienne Société"]
        profile.groups += list(groups)
        return profile

    profiles = {
        1: person(1, "Thales", (10, "G", "owner", 40)),
        2: person(2, "THALÈS", (10, "G", "member", 0), (11, "H", "manager", 2)),
        3: person(3, "Airbus", (11, "H", "member", 5)),
    }
    expertise = {1: 2.0, 3: 0.5}
    with Store(tmp_path / "empty.db") as store:  # no group of the store is the topic's
        ours = _hub_scores(as_backend(store), profiles, expertise, query_terms("cybersécurité"))
    g = nx.Graph()
    g.add_weighted_edges_from(
        [
            ("p1", "g10", 3 + math.log(41)),
            ("p2", "g10", 1.0),
            ("p2", "g11", 2 + math.log(3)),
            ("p3", "g11", 1 + math.log(6)),
            ("p1", "cthales", 0.5),
            ("p2", "cthales", 0.5),
            ("p3", "cairbus", 0.5),
        ]
    )
    theirs = nx.pagerank(
        g, alpha=0.85, personalization={"p1": 2.0, "p3": 0.5}, weight="weight", tol=1e-10, max_iter=1000
    )
    assert set(ours) == set(theirs)
    for node in theirs:  # 60 iterations: within 0.85^60 < 1e-4 of the limit
        assert ours[node] == pytest.approx(theirs[node], abs=1e-4), node


def write_linkedin_connections(path, rows):
    """A LinkedIn ``Connections.csv`` (2019 header) of (first, last, url, company, position) rows."""
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(
            ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
        )
        writer.writerows(
            [first, last, url, "", company, position, "04 Jul 2023"]
            for first, last, url, company, position in rows
        )
    return path


def test_exclude_team_keeps_teammates_out_of_the_connectors_too(cli, tmp_path):
    """A teammate who sells to the subject is one of its connectors, unless the asker said "not my team"."""
    alice = write_linkedin_connections(
        tmp_path / "alice.csv",
        [
            ("Bob", "Durand", "https://www.linkedin.com/in/bd", "Acme", "Ingénieur commercial cybersécurité"),
            ("Xavier", "Petit", "https://www.linkedin.com/in/xp", "Thales", "Responsable cybersécurité"),
        ],
    )
    bob = write_linkedin_connections(
        tmp_path / "bob.csv",
        [
            (
                "Yasmine",
                "Haddad",
                "https://www.linkedin.com/in/yh",
                "Orange",
                "Ingénieure commerciale cybersécurité",
            ),
            ("Alice", "Martin", "https://www.linkedin.com/in/am", "Acme", "Directrice des ventes"),
        ],
    )
    assert (
        cli(
            "import", alice, "--owner", "Alice Martin", "--owner-url", "https://www.linkedin.com/in/am"
        ).exit_code
        == 0
    )
    assert (
        cli("import", bob, "--owner", "Bob Durand", "--owner-url", "https://www.linkedin.com/in/bd").exit_code
        == 0
    )

    def connectors(*options):
        result = cli("experts", "cybersécurité", "--json", *options)
        assert result.exit_code == 0, result.output
        answer = json.loads(result.output)
        return [c["name"] for c in answer["connectors"]], [e["name"] for e in answer["experts"]]

    near, practising = connectors()
    assert set(near) == {"Bob Durand", "Yasmine Haddad"} and practising == ["Xavier Petit"]
    assert connectors("--exclude-team") == (["Yasmine Haddad"], ["Xavier Petit"])


def _many_connected_matches_and_one_expert(tmp_path, cli, others_title, near=0):
    """Nora's export: 60 contacts whose title mentions cybersecurity among other things, all members of
    one club (the club ties them together: their hub scores are the best), and Xavier, whose title is
    cybersecurity alone, in no group; all are Nora's contacts since the same day. ``near`` more work at
    a company named after the topic, as accountants (only near it)."""
    others = [(f"Personne{i:02d}", f"Membre{i:02d}") for i in range(60)]
    rows = [
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
        "Xavier,Expert,https://www.linkedin.com/in/xavier-expert,,,Cybersécurité,04 Jul 2023",
        *(
            f'{first},{last},https://www.linkedin.com/in/{first.lower()}-{last.lower()},,,"{others_title}",04 Jul 2023'
            for first, last in others
        ),
        *(
            f"Proche{i},Voisin{i},https://www.linkedin.com/in/proche-{i},,CyberSécurité Conseil SAS,Comptable,04 Jul 2023"
            for i in range(near)
        ),
    ]
    (tmp_path / "Connections.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    groups = [
        "group,name,url,email,role,posts,joined,description",
        *(
            f"Club des comptables,{first} {last},https://www.linkedin.com/in/{first.lower()}-{last.lower()},,"
            "member,0,2020-01-01,"
            for first, last in others
        ),
    ]
    (tmp_path / "groups.csv").write_text("\n".join(groups) + "\n", encoding="utf-8")
    for name in ("Connections.csv", "groups.csv"):
        result = cli("import", tmp_path / name, "--owner", "Nora Member")
        assert result.exit_code == 0, result.output
    return cli.db


def test_the_best_expert_is_listed_among_more_matches_than_get_a_path_search(tmp_path, cli, runner):
    """Only the 50 best matches (by the sort's weights of expertise and hub) get a path search. With 61
    people matching, 60 of them better connected (their club) but weaker in the topic, ``--sort
    expertise`` still lists first the one whose title is the topic: expertise weighs 0.7 in choosing
    who gets a path search as in the score (at the hub's 0.2 he was not searched, so not listed)."""
    db = _many_connected_matches_and_one_expert(
        tmp_path, cli, "Comptable et auditeur, expert en cybersécurité"
    )
    found = experts(runner, db, "cybersécurité", "-n", "3", "--sort", "expertise")
    assert [e["name"] for e in found["experts"]] == [
        "Xavier Expert",
        "Personne00 Membre00",
        "Personne01 Membre01",
    ]
    assert found["experts"][0]["evidence"] == ["title: Cybersécurité"]
    assert found["experts"][0]["path"]["people"][0]["name"] == "Nora Member"


def test_the_company_pass_for_connectors_reads_a_bounded_number_of_people(tmp_path, cli, monkeypatch):
    """The pass over the company field (the connectors at scale) reads ``CONNECTOR_CANDIDATES`` people,
    not the ``PROFILE_LIMIT`` of the main pass: a work bound, checked with both bounds lowered on a real
    store (61 matching titles read by the main pass, 3 people at "CyberSécurité Conseil SAS" after them)."""
    from graphintro import experts as module
    from graphintro import topics
    from graphintro.store import Store

    db = _many_connected_matches_and_one_expert(tmp_path, cli, "Comptable, expert en cybersécurité", near=3)
    monkeypatch.setattr(topics, "PROFILE_LIMIT", 61)
    with Store(db) as store:
        everyone = module.find_experts(store, "cybersécurité")["connectors"]
        monkeypatch.setattr(module, "CONNECTOR_CANDIDATES", 2)
        bounded = module.find_experts(store, "cybersécurité")["connectors"]
    assert sorted(c["name"] for c in everyone) == ["Proche0 Voisin0", "Proche1 Voisin1", "Proche2 Voisin2"]
    assert len(bounded) == 2 and {c["name"] for c in bounded} < {c["name"] for c in everyone}


def test_teammates_are_listed_by_expertise_and_every_unknown_part_is_named(runner, demo_db):
    """The "In your team" list goes from the most to the least expert; a topic with two parts nobody
    matches names both, as typed."""
    for topic in ("cybersécurité", "ventes"):
        scores = [e["score"] for e in experts(runner, demo_db, topic, "-n", "10")["team"]]
        assert len(scores) >= 3 and scores == sorted(scores, reverse=True), topic
    nothing = runner.invoke(app, ["--db", str(demo_db), "experts", "cybersécurité plomberie zinguerie"])
    assert nothing.exit_code == 1
    assert "(nothing about 'plomberie, zinguerie');" in nothing.output


def _import(cli, *exports):
    """Import ``(file, owner, profile slug)`` exports in order, as the team would."""
    for export, owner, slug in exports:
        result = cli("import", export, "--owner", owner, "--owner-url", f"https://www.linkedin.com/in/{slug}")
        assert result.exit_code == 0, result.output
    return cli.db


def _alice_and_bob(tmp_path, cli):
    """Alice's and Bob's Connections.csv: Alice knows Xavier, in cybersecurity at Thales; Bob knows
    another Alice Martin (a baker in Lyon), Chloé who sells cybersecurity (no company given) and Denis
    who sells it at Thales."""
    alice = write_linkedin_connections(
        tmp_path / "alice.csv",
        [("Xavier", "Petit", "https://www.linkedin.com/in/xp", "Thales", "Ingénieur cybersécurité")],
    )
    bob = write_linkedin_connections(
        tmp_path / "bob.csv",
        [
            (
                "Alice",
                "Martin",
                "https://www.linkedin.com/in/alice-martin-lyon",
                "Boulangerie Martin",
                "Boulangère",
            ),
            ("Chloé", "Bernard", "https://www.linkedin.com/in/cb", "", "Commerciale cybersécurité"),
            ("Denis", "Roux", "https://www.linkedin.com/in/dr", "Thales", "Commercial cybersécurité"),
        ],
    )
    return _import(cli, (alice, "Alice Martin", "am"), (bob, "Bob Durand", "bd"))


def test_from_a_member_who_has_a_namesake_among_the_contacts(tmp_path, cli, runner):
    """``--from "Alice Martin"`` is the member, not refused as ambiguous because Bob knows a baker of
    the same name: the path starts from her, and the ask speaks to her."""
    db = _alice_and_bob(tmp_path, cli)
    found = experts(runner, db, "cybersécurité", "--from", "Alice Martin")["experts"]
    assert [e["name"] for e in found] == ["Xavier Petit"]
    assert [p["name"] for p in found[0]["path"]["people"]] == ["Alice Martin", "Xavier Petit"]
    assert found[0]["path"]["ask"] == "you know Xavier Petit directly: contact them"


def test_connectors_are_ranked_by_hub_score_those_outside_the_hub_graph_last(tmp_path, cli, runner):
    """Denis sells cybersecurity at Thales, where an expert works: the hub walk reaches him. Chloé sells
    it with no company given: nothing ties her to the topic's community, her hub score is 0 and she
    comes after him, although she was imported first."""
    db = _alice_and_bob(tmp_path, cli)
    connectors = experts(runner, db, "cybersécurité")["connectors"]
    assert [(c["name"], c["company"], c["position"], c["evidence"]) for c in connectors] == [
        ("Denis Roux", "Thales", "Commercial cybersécurité", ["title: Commercial cybersécurité"]),
        ("Chloé Bernard", "", "Commerciale cybersécurité", ["title: Commerciale cybersécurité"]),
    ]
    assert connectors[0]["score"] > 0 and connectors[1]["score"] == 0
    assert connectors[0]["id"] > connectors[1]["id"]
    # At a company where nobody practises it, no expert; who is near the topic is still worth knowing.
    bakery = experts(runner, db, "cybersécurité", "--company", "Boulangerie Martin")
    assert bakery["experts"] == [] and bakery["connectors"] == connectors


def test_an_expert_nobody_can_reach_gets_nothing_for_reach(tmp_path, cli, runner):
    """Yasmine is in Alice's sailing club (her groups file), not among anyone's contacts: no path
    reaches her. With the same title as Xavier, whom Alice knows, and the same hub share, she is
    listed after him, 0.2 × his path's probability lower: nothing for reach."""
    alice = write_linkedin_connections(
        tmp_path / "alice.csv",
        [("Xavier", "Petit", "https://www.linkedin.com/in/xp", "Thales", "Ingénieur cybersécurité")],
    )
    groups = tmp_path / "groups.csv"
    groups.write_text(
        "group,name,url,email,company,position,role,posts,joined,description\n"
        "Club de voile,Yasmine Haddad,https://www.linkedin.com/in/yh,,Orange,Ingénieur cybersécurité,"
        "member,0,2020-01-01,\n",
        encoding="utf-8",
    )
    db = _import(cli, (alice, "Alice Martin", "am"), (groups, "Alice Martin", "am"))
    found = experts(runner, db, "cybersécurité")["experts"]
    assert [e["name"] for e in found] == ["Xavier Petit", "Yasmine Haddad"]
    xavier, yasmine = found
    assert yasmine["path"] is None and 0 < xavier["path"]["probability"] < 1
    assert xavier["score"] - yasmine["score"] == pytest.approx(0.2 * xavier["path"]["probability"], abs=2e-4)


def test_paths_from_the_team_name_the_teammate_to_ask(runner, demo_db):
    """Without ``--from`` the paths start at the team: each first ask names the teammate who knows
    the way ("David Nguyen knows Inès Moreau directly: ask David Nguyen to introduce you"), not "you"."""
    found = experts(runner, demo_db, "cybersécurité", "-n", "10")["experts"]
    paths = [e["path"] for e in found if e["path"]]
    assert len(paths) >= 5
    for path in paths:
        first, second = path["people"][0]["name"], path["people"][1]["name"]
        if path["hops"] == 1:
            assert path["ask"] == f"{first} knows {second} directly: ask {first} to introduce you"
        else:
            assert path["ask"].startswith(f"ask {first} to ask {second} for an introduction to ")


def test_no_match_suggests_labels_spelled_near_or_sharing_a_word(runner, demo_db):
    """The labels suggested when no one matches: those of four letters or more spelled near the topic
    or one of its words ("paie" for "paye", not the three-letter "pmo" for "pao"), and those holding
    one of its words of three letters or more ("paie", not "rh": the labels of "chargé rh" hold
    nothing more than the concept "rh" already names); six at most."""
    for topic, said in [
        ("paye", "no one matches 'paye'; known topics near it: paie, payments, lawyer"),
        ("pao", "no one matches 'pao'; known topics near it: payroll"),
        (
            "rh paie",
            "no one matches 'rh paie' (nothing about 'paie'); known topics near it: paie, chargé de paie,"
            " chargée de paie, gestionnaire de paie",
        ),
        (  # six at most, of the many near "data" and "plomberie"
            "data plomberie",
            "no one matches 'data plomberie' (nothing about 'plomberie'); known topics near it: data platform,"
            " data privacy, data lake, data, analyste data, big data",
        ),
    ]:
        typed = runner.invoke(app, ["--db", str(demo_db), "experts", topic])
        assert (typed.exit_code, typed.output.strip()) == (1, f"graphintro: {said}")


def test_a_topic_nobody_matches_at_all_is_not_named_twice(runner, demo_db):
    """ "audit" also asks for finance, its wider concept, which the demo team knows: still, when every
    part the asker named is unknown, the message does not add "(nothing about 'audit')"."""
    for topic in ("audit", "protection des données"):
        typed = runner.invoke(app, ["--db", str(demo_db), "experts", topic])
        assert typed.exit_code == 1
        assert typed.output.startswith(f"graphintro: no one matches '{topic}'; known topics near it: "), (
            typed.output
        )


def test_a_topic_of_stop_words_only_is_refused_with_an_example(runner, demo_db):
    for topic in ("", "de la"):
        refused = runner.invoke(app, ["--db", str(demo_db), "experts", topic])
        assert refused.exit_code == 2
        assert refused.output.strip() == "graphintro: give a topic, e.g. 'cybersécurité' or 'data engineer'"


def test_endorsements_alone_make_a_teammate_know_the_topic(runner, demo_db):
    """Camille sells to large accounts; her teammates endorsed her three times for cloud computing:
    she is among the teammates who know the cloud, on that evidence."""
    team = experts(runner, demo_db, "cloud")["team"]
    camille = next(m for m in team if m["name"] == "Camille Rousseau")
    assert camille["position"] == "Responsable grands comptes"
    assert camille["evidence"] == ["endorsed 3× for Cloud Computing"]


def test_a_topic_s_people_are_not_crowded_out_of_the_index_by_another_concept_s(
    tmp_path, cli, runner, monkeypatch
):
    """The topic index reads the profiles of its best ``PROFILE_LIMIT`` matches only (2,000). Three
    health lawyers ("droit de la santé", a concept of its own) and three private bankers (wealth) are
    no matches of "santé": however many they are, the doctor is found. (The lawyers' concept's token
    once began with health's: "zzhealth_law" is "zzhealth" and "law" to the index; a token cut one
    letter short would make "health" and "wealth" one.)"""
    from graphintro import topics

    doctor = (
        "Médecin généraliste, maison pluriprofessionnelle de Rennes, enseignant à la faculté, ancien interne"
    )
    others = [
        *(
            (
                f"Avocate{i}",
                "Associée",
                "Avocate associée, droit de la santé et droit pharmaceutique",
                "Cabinet Droit de la Santé",
            )
            for i in range(3)
        ),
        *(
            (f"Banquier{i}", "Privé", "Banquier privé, family office", "Family Office Conseil")
            for i in range(3)
        ),
    ]
    rows = [
        *(
            (first, last, f"https://www.linkedin.com/in/{first.lower()}", company, title)
            for first, last, title, company in others
        ),
        ("Hugo", "Bernard", "https://www.linkedin.com/in/hugo", "", doctor),
    ]
    db = _import(cli, (write_linkedin_connections(tmp_path / "nora.csv", rows), "Nora Member", "nora"))
    monkeypatch.setattr(topics, "PROFILE_LIMIT", 3)  # as at scale: far more matches than are read
    found = experts(runner, db, "santé")
    assert [(e["name"], e["evidence"]) for e in found["experts"]] == [("Hugo Bernard", [f"title: {doctor}"])]


def _linkedin_export(folder, connections, talks_with):
    """A LinkedIn export folder: ``Connections.csv`` and a ``messages.csv`` (2024 header) holding 40
    messages in 2024 between its owner and each ``(owner, owner slug, contact, contact slug)``."""
    folder.mkdir()
    write_linkedin_connections(folder / "Connections.csv", connections)
    rows = [
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,"
        "CONTENT,FOLDER,IS MESSAGE DRAFT,IS CONVERSATION DRAFT"
    ]
    for number, (owner, owner_slug, contact, contact_slug) in enumerate(talks_with):
        for i in range(40):
            people = [(owner, owner_slug), (contact, contact_slug)][:: 1 if i % 2 == 0 else -1]
            (sender, sender_slug), (recipient, recipient_slug) = people
            rows.append(
                f"conversation-{folder.name}-{number},,{sender},https://www.linkedin.com/in/{sender_slug},"
                f"{recipient},https://www.linkedin.com/in/{recipient_slug},"
                f"2024-{1 + i % 12:02d}-{1 + i % 27:02d} 10:00:00 UTC,,Bonjour,INBOX,No,No"
            )
    (folder / "messages.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder


def test_from_a_member_a_teammate_is_asked_directly_never_through_an_outsider(tmp_path, cli, runner):
    """Alice and Bob both write to Xavier every week (their ties to him are close to 1, their own, as
    teammates, about 0.4): still, the way from Alice to Yasmine, whom Bob knows, is to ask Bob, not
    to ask Xavier for an introduction to her own teammate."""
    xavier = ("Xavier", "Petit", "https://www.linkedin.com/in/xp", "Orange", "Ingénieur réseau")
    yasmine = ("Yasmine", "Haddad", "https://www.linkedin.com/in/yh", "Thales", "Ingénieure cybersécurité")
    alice = _linkedin_export(tmp_path / "alice", [xavier], [("Alice Martin", "am", "Xavier Petit", "xp")])
    bob = _linkedin_export(tmp_path / "bob", [xavier, yasmine], [("Bob Durand", "bd", "Xavier Petit", "xp")])
    db = _import(cli, (alice, "Alice Martin", "am"), (bob, "Bob Durand", "bd"))
    (found,) = experts(runner, db, "cybersécurité", "--from", "Alice Martin")["experts"]
    assert [p["name"] for p in found["path"]["people"]] == ["Alice Martin", "Bob Durand", "Yasmine Haddad"]
    assert found["path"]["ask"] == "ask your teammate Bob Durand, who knows Yasmine Haddad"
    assert found["path"]["links"][0]["evidence"][0] == "teammates"


def test_a_seller_in_the_topic_s_group_is_still_a_connector(tmp_path, cli, runner):
    """Denis sells cybersecurity and belongs to the "Cybersécurité France" group, as Xavier, who
    practises it: the group does not make a salesperson an expert (it would a person whose company
    only is named after the topic)."""
    alice = write_linkedin_connections(
        tmp_path / "alice.csv",
        [
            ("Xavier", "Petit", "https://www.linkedin.com/in/xp", "Thales", "Ingénieur cybersécurité"),
            ("Denis", "Roux", "https://www.linkedin.com/in/dr", "Thales", "Commercial cybersécurité"),
        ],
    )
    groups = tmp_path / "groups.csv"
    groups.write_text(
        "group,name,url,email,company,position,role,posts,joined,description\n"
        + "".join(
            f"Cybersécurité France,{name},https://www.linkedin.com/in/{slug},,,,member,0,2020-01-01,\n"
            for name, slug in (("Xavier Petit", "xp"), ("Denis Roux", "dr"))
        ),
        encoding="utf-8",
    )
    db = _import(cli, (alice, "Alice Martin", "am"), (groups, "Alice Martin", "am"))
    found = experts(runner, db, "cybersécurité")
    assert [e["name"] for e in found["experts"]] == ["Xavier Petit"]
    assert [c["name"] for c in found["connectors"]] == ["Denis Roux"]


def test_an_expert_with_no_company_and_no_group_is_listed_without_a_warning(tmp_path, cli, runner):
    """Xavier's row gives no company and he is in no group: he is alone in the hub graph. He is still
    the expert, with no numpy warning (a division by his zero degree) printed beside the answer."""
    import warnings

    alice = write_linkedin_connections(
        tmp_path / "alice.csv",
        [
            ("Xavier", "Petit", "https://www.linkedin.com/in/xp", "", "Ingénieur cybersécurité"),
            ("Yves", "Morel", "https://www.linkedin.com/in/ym", "Thales", "Comptable"),
        ],
    )
    db = _import(cli, (alice, "Alice Martin", "am"))
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        found = experts(runner, db, "cybersécurité")
    assert [e["name"] for e in found["experts"]] == ["Xavier Petit"]
    assert found["experts"][0]["evidence"] == ["title: Ingénieur cybersécurité"]


def test_a_salesperson_alone_in_the_topic_s_group_is_its_connector_and_the_group_its_hub(
    tmp_path, cli, runner
):
    """Nobody practises cybersecurity, but Denis sells it and belongs to "Cybersécurité France":
    no expert, Denis as the connector, the group as the topic's hub (the walk restarts at the group
    although no expert seeds it)."""
    alice = write_linkedin_connections(
        tmp_path / "alice.csv",
        [("Denis", "Roux", "https://www.linkedin.com/in/dr", "Thales", "Commercial cybersécurité")],
    )
    groups = tmp_path / "groups.csv"
    groups.write_text(
        "group,name,url,email,company,position,role,posts,joined,description\n"
        "Cybersécurité France,Denis Roux,https://www.linkedin.com/in/dr,,,,member,0,2020-01-01,\n",
        encoding="utf-8",
    )
    db = _import(cli, (alice, "Alice Martin", "am"), (groups, "Alice Martin", "am"))
    found = experts(runner, db, "cybersécurité")
    assert found["experts"] == [] and found["team"] == []
    assert [c["name"] for c in found["connectors"]] == ["Denis Roux"]
    assert [g["name"] for g in found["groups"]] == ["Cybersécurité France"]
    assert found["groups"][0]["score"] > 0 and found["connectors"][0]["score"] > 0


def test_a_practitioner_at_a_company_named_after_the_topic_is_an_expert(tmp_path, cli, runner):
    """Inès is a cybersecurity engineer at "CyberSécurité Conseil" (no skills listed): her title makes
    her an expert, her company does not make her a connector; asked at a company where nobody
    practises it, the refusal names that company."""
    alice = write_linkedin_connections(
        tmp_path / "alice.csv",
        [
            (
                "Inès",
                "Blanc",
                "https://www.linkedin.com/in/ib",
                "CyberSécurité Conseil",
                "Ingénieure cybersécurité",
            ),
            ("Yves", "Morel", "https://www.linkedin.com/in/ym", "Orange", "Comptable"),
        ],
    )
    db = _import(cli, (alice, "Alice Martin", "am"))
    found = experts(runner, db, "cybersécurité")
    assert [e["name"] for e in found["experts"]] == ["Inès Blanc"] and found["connectors"] == []
    refused = runner.invoke(app, ["--db", str(db), "experts", "cybersécurité", "--company", "Orange"])
    assert (refused.exit_code, refused.output.strip()) == (
        1,
        "graphintro: no one matches 'cybersécurité' at 'Orange'",
    )


def test_a_group_member_s_part_grows_with_role_and_posts():
    """``(role weight + ln(1 + posts)) / 2``, as documented: a silent member 0.5, an owner who posted
    40 times 3.4; posts count for a member too."""
    from graphintro.experts import group_activity

    assert group_activity("member", 0) == 0.5
    assert group_activity("member", 40) == pytest.approx((1 + math.log(41)) / 2)
    assert group_activity("manager", 3) == pytest.approx((2 + math.log(4)) / 2)
    assert group_activity("owner", 40) == pytest.approx(3.357, abs=1e-3)
