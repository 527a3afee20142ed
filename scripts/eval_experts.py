"""How good is ``graphintro experts``? TREC-style evaluation on a gold set of our own.

The gold set is built here, independently of the ranking code (nothing below imports the
vocabulary, the analyser or the scorer): a team of 12 members whose LinkedIn-style
``Connections.csv`` files and group list name about 1,500 people. Each person has a *latent*
expertise (one of seven topics, or none) that shows only through what a real export shows:

- a noisy job title, French or English, with seniority words, employer suffixes, lost accents,
  capitals and the odd typo; a third of the experts carry a generic title ("Consultante",
  "Manager") and show their expertise only by owning, moderating or posting in the topic's groups;
- groups: specific ones per topic, broad ones (alumni, tech meet-ups) whose descriptions list many
  topics, and a few curious non-experts silently in a topic's group;
- decoys who are *near* a topic without knowing it: people who sell to it, buy for it, recruit for
  it or manage its accounts ("Account Executive Cybersécurité", "Chargée de recrutement finance"),
  and people with a generic job at a company named after it ("Office Manager, CyberShield");
- hand-written cases (the ``HAND`` list) for the classic traps.

Queries are asked in French, in English, by a synonym and by an abbreviation; a few name topics
nobody has (the answer must be empty). Metrics (Voorhees & Harman 2005, "TREC"; Järvelin &
Kekäläinen 2002 for nDCG), over the ranking the command prints (teammates first, then experts):

    AP      = (1 / R) · Σ_k P@k · rel(k)             R = relevant people in the gold set
    P@10    = relevant among the first 10 / 10
    RR      = 1 / rank of the first relevant person  (0 if none)
    nDCG@10 = Σ_{k≤10} (2^g(k) - 1) / log2(k + 1), divided by the same sum for the ideal order
              (grade g: 2 for an expert whose title says so, 1 for one shown by groups only)

Usage: ``python scripts/eval_experts.py [--json] [--keep DIR] [--backend neo4j]``; the printed
table is what BENCHMARKS.md quotes.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import tempfile
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

SEED = 2024
MEMBERS = 12
PEOPLE = 1500

# -- the topics: how practitioners, near-experts and the topic's groups look in exports ------------

TOPICS: dict[str, dict] = {
    "cyber": {
        "titles": [
            "RSSI",
            "Responsable de la sécurité des systèmes d'information",
            "CISO",
            "Ingénieur cybersécurité",
            "Analyste SOC",
            "Pentester",
            "Consultant sécurité informatique",
            "Security Engineer",
            "Information Security Officer",
            "Architecte sécurité SI",
            "Cybersecurity Analyst",
            "Experte en cybersécurité",
            "Auditeur sécurité des SI",
            "Head of Information Security",
            "Ingénieure sécurité informatique",
            "Chief Information Security Officer",
            "Analyste cybersécurité",
            "Responsable SSI",
        ],
        "labels": ["cybersécurité", "cybersecurity", "sécurité informatique", "cyber sécurité"],
        "groups": [
            (
                "Cybersécurité & Sécurité informatique France",
                "RSSI, pentesteurs, analystes SOC : veille et entraide",
            ),
            ("Club des RSSI d'Île-de-France", "Les responsables sécurité des SI échangent"),
            ("OWASP Paris Chapter", "Application security community: talks, CTF"),
        ],
        "companies": ["CyberShield", "Cybersécurité Conseil"],
        "queries": {
            "fr": "cybersécurité",
            "en": "cybersecurity",
            "syn": "sécurité informatique",
            "abbr": "SSI",
        },
    },
    "cloud": {
        "titles": [
            "Architecte cloud",
            "Cloud Architect",
            "Ingénieur cloud",
            "Cloud Engineer",
            "Ingénieure DevOps cloud",
            "Consultant cloud computing",
            "Expert informatique en nuage",
            "Cloud Solutions Architect",
            "Responsable infrastructure cloud",
            "Cloud Platform Engineer",
            "Architecte AWS",
            "Ingénieur Cloud Azure",
            "Head of Cloud Engineering",
            "Cloud Ops Engineer",
        ],
        "labels": ["cloud", "cloud computing", "informatique en nuage", "cloud & infogérance"],
        "groups": [
            ("Cloud Computing France", "Architectes et ingénieurs cloud, AWS, Azure, GCP"),
            ("Communauté Informatique en nuage", "Le cloud en français"),
            ("AWS User Group Paris", "Amazon Web Services meetups"),
        ],
        "companies": ["Cloud Nine Hosting", "CloudPartners"],
        "queries": {"fr": "informatique en nuage", "en": "cloud computing", "syn": "cloud"},
    },
    "finance": {
        "titles": [
            "Directeur administratif et financier",
            "DAF",
            "CFO",
            "Contrôleur de gestion",
            "Contrôleuse de gestion",
            "Financial Controller",
            "Responsable contrôle de gestion",
            "Analyste financier",
            "Financial Analyst",
            "Trésorier",
            "Responsable financier",
            "Head of Finance",
            "FP&A Manager",
            "Directrice financière",
            "Chief Financial Officer",
            "Corporate Finance Manager",
        ],
        "labels": ["finance", "contrôle de gestion", "secteur financier", "finance d'entreprise"],
        "groups": [
            (
                "DFCG - Directeurs financiers et contrôleurs de gestion",
                "Le réseau des DAF et contrôleurs de gestion",
            ),
            ("Finance d'entreprise & Trésorerie", "Corporate finance professionals"),
            ("CFO Network France", "Finance leaders"),
        ],
        "companies": ["Finance & Co", "Financière de l'Ouest"],
        "queries": {
            "fr": "finance d'entreprise",
            "en": "corporate finance",
            "syn": "contrôle de gestion",
            "abbr": "DAF",
        },
    },
    "legal": {
        "titles": [
            "Avocat en droit des affaires",
            "Avocate droit des affaires",
            "Juriste d'entreprise",
            "Juriste droit des sociétés",
            "Legal Counsel",
            "Directeur juridique",
            "Directrice juridique",
            "General Counsel",
            "Corporate Lawyer",
            "Responsable juridique",
            "Juriste droit des affaires",
            "Avocat associé – droit des sociétés",
            "Senior Legal Counsel",
            "Head of Legal",
        ],
        "labels": ["juridique", "droit des affaires", "legal", "droit"],
        "groups": [
            ("Droit des affaires – Avocats et juristes", "Actualité du droit des sociétés et des contrats"),
            ("Cercle des juristes d'entreprise", "Association of in-house lawyers"),
            ("Legal Counsel France", "In-house legal community"),
        ],
        "companies": ["Juridique Express", "LegalTech Partners"],
        "queries": {
            "fr": "droit des affaires",
            "en": "business law",
            "syn": "juridique",
            "en2": "legal counsel",
        },
    },
    "ai": {
        "titles": [
            "Data Scientist",
            "Ingénieur machine learning",
            "Machine Learning Engineer",
            "Chercheuse en intelligence artificielle",
            "Ingénieur IA",
            "AI Engineer",
            "Deep Learning Researcher",
            "Lead Data Scientist",
            "Responsable intelligence artificielle",
            "Head of AI",
            "Docteur en apprentissage automatique",
            "ML Engineer",
            "Ingénieure en science des données",
            "NLP Scientist",
        ],
        "labels": ["intelligence artificielle", "IA", "data science", "AI"],
        "groups": [
            (
                "Intelligence artificielle & Machine Learning France",
                "Data scientists, chercheurs et ingénieurs IA",
            ),
            ("Paris Machine Learning Meetup", "Talks on deep learning and data science"),
            ("Women in AI France", "Femmes de l'intelligence artificielle"),
        ],
        "companies": ["IA Factory", "Machine Learning Labs"],
        "queries": {
            "fr": "intelligence artificielle",
            "en": "machine learning",
            "syn": "science des données",
            "abbr": "IA",
        },
    },
    "logistics": {
        "titles": [
            "Responsable logistique",
            "Supply Chain Manager",
            "Directeur supply chain",
            "Logisticienne",
            "Responsable entrepôt et logistique",
            "Supply Chain Planner",
            "Ingénieur logistique",
            "Demand Planner – Supply Chain",
            "Responsable approvisionnement et logistique",
            "Head of Logistics",
            "Logistics Coordinator",
            "Directrice de la chaîne logistique",
            "Responsable des flux logistiques",
        ],
        "labels": ["logistique", "supply chain", "chaîne logistique", "transport et logistique"],
        "groups": [
            ("Supply Chain & Logistique France", "Les professionnels de la chaîne logistique"),
            ("Club Logistique Île-de-France", "Entrepôts, transport, flux"),
            ("Supply Chain Leaders", "Planning, S&OP, logistics"),
        ],
        "companies": ["Logistique Express", "Supply Chain Partners"],
        "queries": {"fr": "chaîne logistique", "en": "supply chain", "syn": "logistique", "abbr": "SCM"},
    },
    "marketing": {
        "titles": [
            "Responsable marketing digital",
            "Digital Marketing Manager",
            "Chargée de marketing digital",
            "Growth Marketer",
            "Responsable webmarketing",
            "Traffic Manager – marketing digital",
            "Chef de projet marketing numérique",
            "Head of Digital Marketing",
            "SEO & SEA Manager",
            "Consultante en marketing digital",
            "Digital Marketing Specialist",
            "Directrice marketing digital",
        ],
        "labels": ["marketing digital", "digital marketing", "webmarketing", "marketing"],
        "groups": [
            ("Marketing Digital France", "Growth, SEO, SEA, réseaux sociaux"),
            ("Digital Marketing Paris", "Community of digital marketers"),
            ("Club du Webmarketing", "Trucs et astuces du marketing numérique"),
        ],
        "companies": ["Digital Marketing Agency", "Marketing Plus"],
        "queries": {
            "fr": "marketing digital",
            "en": "digital marketing",
            "syn": "marketing numérique",
            "abbr": "webmarketing",
        },
    },
}

# Near a topic without knowing it: sells to it, buys for it, recruits for it, manages its accounts.
DECOY_TITLES = [
    "Account Executive {label}",
    "Commercial {label}",
    "Ingénieur d'affaires {label}",
    "Chargée de recrutement {label}",
    "Talent Acquisition Partner – {label}",
    "Key Account Manager {label}",
    "Business Developer {label}",
    "Recruteur {label}",
    "Acheteur {label}",
    "Sales Manager {label}",
    "Account manager secteur {label}",
    "Chargé de clientèle {label}",
]
COMPANY_DECOY_TITLES = [
    "Office Manager",
    "Assistante de direction",
    "Directeur commercial",
    "Sales Manager",
    "Responsable commercial",
    "Chargée de communication",
    "Business Developer",
    "Account Executive",
]
GENERIC_TITLES = [
    "Consultant",
    "Consultante senior",
    "Manager",
    "Chef de projet",
    "Senior Associate",
    "Freelance",
    "Directeur de projets",
    "Project Manager",
    "Fondateur",
    "Associée",
    "Responsable de pôle",
    "Expert",
]
OTHER_TITLES = [
    "Professeur des écoles",
    "Architecte d'intérieur",
    "Chef de cuisine",
    "Pharmacienne",
    "Kinésithérapeute",
    "Journaliste",
    "Agent immobilier",
    "Conducteur de travaux",
    "Infirmière",
    "Responsable RH",
    "Chargée de paie",
    "Photographe",
    "Professeur de mathématiques",
    "Directrice d'école",
    "Médecin généraliste",
    "Office Manager",
    "Assistante de direction",
    "Responsable qualité",
    "Ingénieur travaux",
    "Graphiste",
    "Responsable d'agence",
    "Conseiller clientèle",
    "Hôtesse d'accueil",
    "Technicien de maintenance",
]
EMPLOYERS = [
    "Thales",
    "Capgemini",
    "Airbus",
    "Orange",
    "Société Générale",
    "Decathlon",
    "L'Oréal",
    "Renault",
    "Sanofi",
    "Michelin",
    "Safran",
    "AXA",
    "Carrefour",
    "EDF",
    "SNCF",
    "Atos",
    "Engie",
    "Danone",
    "Bouygues",
    "Vinci",
    "Crédit Agricole",
    "Schneider Electric",
    "Dassault Systèmes",
    "Legrand",
    "Veolia",
    "Accor",
    "Publicis",
    "Alten",
    "Sopra",
    "Indépendant",
]
BROAD_GROUPS = [
    (
        "Tech & Innovation Paris",
        "cloud, data, cybersécurité, intelligence artificielle, marketing digital, finance",
    ),
    ("Réseau des anciens ESSEC", "Alumni : finance, marketing, droit, logistique, conseil"),
    ("Entrepreneurs Île-de-France", "Créateurs d'entreprise de tous secteurs"),
    ("Women in Tech France", "Tech, data, IA, cloud, cybersécurité"),
]
FIRST = [
    "Camille",
    "Léa",
    "Hugo",
    "Chloé",
    "Lucas",
    "Manon",
    "Louis",
    "Inès",
    "Jules",
    "Sarah",
    "Nathan",
    "Zoé",
    "Gabriel",
    "Emma",
    "Arthur",
    "Jade",
    "Raphaël",
    "Louise",
    "Adam",
    "Alice",
    "Paul",
    "Lina",
    "Tom",
    "Rose",
    "Yanis",
    "Anna",
    "Théo",
    "Julia",
    "Mathis",
    "Eva",
    "Karim",
    "Fatou",
    "Mehdi",
    "Aïcha",
    "Wei",
    "Olga",
    "Noé",
    "Céline",
    "Éric",
    "Hélène",
    "François",
    "Amélie",
    "Jérôme",
    "Sophie",
    "Thomas",
    "Nadia",
]
LAST = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefebvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Lefèvre",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "François",
    "Martinez",
    "Nguyen",
    "Diallo",
    "Benali",
    "Haddad",
    "Kowalski",
    "Rossi",
    "Chevalier",
    "Gauthier",
    "Perrin",
    "Faure",
    "Rousseau",
    "Blanc",
    "Guérin",
    "Muller",
    "Henry",
    "Roussel",
    "Nicolas",
    "Perrot",
    "Masson",
    "Marchand",
]


@dataclass
class Person:
    """One person of the gold set, with the truth the exports only hint at."""

    name: str
    title: str
    company: str
    topic: str | None = None  # latent expertise
    grade: int = 0  # 2: the title says so, 1: groups only, 0: not an expert
    near: str | None = None  # a decoy's topic
    groups: list[tuple[str, str, str, int]] = field(default_factory=list)  # group, description, role, posts

    @property
    def url(self) -> str:
        return "https://www.linkedin.com/in/" + _slug(self.name)


# Hand-written cases: (name, title, company, expert of, grade, near, groups as (topic, index, role, posts)).
HAND = [
    (
        "Solène Varin",
        "Consultante",
        "Indépendant",
        "cyber",
        1,
        None,
        [("cyber", 2, "owner", 40), ("cyber", 0, "member", 12)],
    ),
    ("Bastien Ollier", "Office Manager", "Cloud Nine Hosting", None, 0, "cloud", []),
    ("Mélanie Roy", "Head of Cloud Sales", "Nimbus", None, 0, "cloud", [("cloud", 0, "member", 0)]),
    ("Gaël Tessier", "Acheteur IT – cloud et infogérance", "Renault", None, 0, "cloud", []),
    ("Agathe Lemaire", "Avocate en droit des affaires", "Lemaire Avocats", "legal", 2, None, []),
    ("Rémi Caron", "Juriste droit des sociétés", "Vinci", "legal", 2, None, []),
    (
        "Nora Belkacem",
        "Chargée de recrutement finance",
        "Hays",
        None,
        0,
        "finance",
        [("finance", 1, "member", 0)],
    ),
    ("Victor Aubert", "Directeur administratif et financier (DAF)", "Legrand", "finance", 2, None, []),
    ("Clémence Joly", "contrôleuse de gestion", "Danone", "finance", 2, None, []),
    ("Yves Marchal", "Sales Director", "Finance & Co", None, 0, "finance", []),
    (
        "Ophélie Ferrand",
        "Manager",
        "Orange",
        "ai",
        1,
        None,
        [("ai", 0, "manager", 25), ("ai", 1, "member", 6)],
    ),
    (
        "Hakim Saidi",
        "Business Developer cybersécurité",
        "CyberShield",
        None,
        0,
        "cyber",
        [("cyber", 0, "member", 2)],
    ),
]
NOBODY = ["plomberie", "viticulture biologique", "zzyzx"]  # topics nobody in the gold set knows


def _slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return "-".join(ascii_name.split())


def _noisy(title: str, company: str, rnd: random.Random) -> str:
    """A title as people type it: seniority, employer, separators, capitals, lost accents, a typo."""
    if rnd.random() < 0.3:
        title = rnd.choice(["Senior ", "Lead ", "Junior ", "Sr. ", "Principal "]) + title
    if rnd.random() < 0.3:
        title += rnd.choice([" chez ", " @ ", " | ", " - "]) + company
    if rnd.random() < 0.15:
        title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    if rnd.random() < 0.1:
        title = title.upper()
    elif rnd.random() < 0.1:
        title = title.lower()
    if rnd.random() < 0.04 and len(title) > 12:  # a dropped letter in the last word
        words = title.split()
        last = words[-1]
        if len(last) > 5:
            cut = rnd.randrange(1, len(last) - 1)
            words[-1] = last[:cut] + last[cut + 1 :]
        title = " ".join(words)
    return title


def _join(topic: str, index: int, role: str, posts: int) -> tuple[str, str, str, int]:
    name, description = TOPICS[topic]["groups"][index]
    return name, description, role, posts


def build_people(seed: int = SEED) -> list[Person]:
    """Members first (12), then the hand-written cases, then the generated population."""
    rnd = random.Random(seed)
    used: set[str] = set()

    def new_name() -> str:
        while True:
            name = f"{rnd.choice(FIRST)} {rnd.choice(LAST)}"
            if name not in used:
                used.add(name)
                return name

    people: list[Person] = []
    for _ in range(MEMBERS):
        people.append(
            Person(
                new_name(),
                rnd.choice(["Chargée d'affaires", "Consultant", "Associé", "Directrice conseil"]),
                "Cabinet Éole",
            )
        )
    for name, title, company, topic, grade, near, groups in HAND:
        used.add(name)
        people.append(Person(name, title, company, topic, grade, near, [_join(*g) for g in groups]))
    topics = sorted(TOPICS)
    while len(people) < PEOPLE:
        draw = rnd.random()
        company = rnd.choice(EMPLOYERS)
        if draw < 0.42:  # an expert
            topic = rnd.choice(topics)
            spec = TOPICS[topic]
            if (
                rnd.random() < 0.33
            ):  # shown by groups only: a generic title, an active role in the topic's groups
                person = Person(
                    new_name(), _noisy(rnd.choice(GENERIC_TITLES), company, rnd), company, topic, 1
                )
                first = rnd.randrange(3)
                person.groups.append(
                    _join(
                        topic, first, rnd.choice(["owner", "manager", "member", "member"]), rnd.randint(3, 60)
                    )
                )
                if rnd.random() < 0.5:
                    person.groups.append(_join(topic, (first + 1) % 3, "member", rnd.randint(0, 10)))
            else:
                person = Person(
                    new_name(), _noisy(rnd.choice(spec["titles"]), company, rnd), company, topic, 2
                )
                if rnd.random() < 0.5:
                    person.groups.append(
                        _join(
                            topic,
                            rnd.randrange(3),
                            rnd.choice(["member"] * 5 + ["manager"]),
                            rnd.randint(0, 30),
                        )
                    )
            if rnd.random() < 0.15 and spec["companies"]:
                person.company = rnd.choice(spec["companies"])
        elif draw < 0.56:  # a decoy near a topic
            topic = rnd.choice(topics)
            spec = TOPICS[topic]
            if rnd.random() < 0.65:
                title = rnd.choice(DECOY_TITLES).format(label=rnd.choice(spec["labels"]))
            else:
                company = rnd.choice(spec["companies"])
                title = rnd.choice(COMPANY_DECOY_TITLES)
            person = Person(new_name(), _noisy(title, company, rnd), company, near=topic)
            if rnd.random() < 0.3:  # salespeople join their customers' groups
                person.groups.append(_join(topic, rnd.randrange(3), "member", rnd.choice([0, 0, 0, 1, 2])))
        else:  # everyone else
            person = Person(new_name(), _noisy(rnd.choice(OTHER_TITLES), company, rnd), company)
            if rnd.random() < 0.05:  # curious, silent
                person.groups.append(_join(rnd.choice(topics), rnd.randrange(3), "member", 0))
        if rnd.random() < 0.2:
            name, description = rnd.choice(BROAD_GROUPS)
            person.groups.append((name, description, "member", rnd.randint(0, 5) if person.topic else 0))
        people.append(person)
    return people


def write_exports(people: list[Person], folder: Path, seed: int = SEED) -> list:
    """Each member's Connections.csv (LinkedIn 2021+ layout) and the team's group list."""
    from graphintro.demo.writers import table
    from graphintro.demo.writers.linkedin import CONNECTIONS_HEADER
    from graphintro.ingest import TeamExport

    rnd = random.Random(seed + 1)
    members, others = people[:MEMBERS], people[MEMBERS:]
    books: list[list[Person]] = [[m for m in members if m is not member] for member in members]
    for person in others:
        for index in rnd.sample(range(MEMBERS), rnd.choice([1, 1, 1, 2, 2, 3])):
            books[index].append(person)
    exports = []
    for member, book in zip(members, books, strict=False):
        rows = []
        for person in book:
            first, last = person.name.split(" ", 1)
            day = rnd.randint(1, 28)
            rows.append(
                [
                    first,
                    last,
                    person.url,
                    "",
                    person.company,
                    person.title,
                    f"{day:02d} {rnd.choice(['Jan', 'Mar', 'Jun', 'Sep', 'Nov'])} {rnd.randint(2015, 2025)}",
                ]
            )
        # A shortened notes preamble and CRLF line endings: a variant the importer must read too.
        notes = 'Notes:\n"When exporting your connection data, you may notice that some of the email addresses are missing."\n\n'
        path = folder / _slug(member.name) / "Connections.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(
            (notes + table.text([CONNECTIONS_HEADER, *rows], eol="\r\n", final_eol=True)).encode()
        )
        exports.append(TeamExport(member.name, [path], member.url))
    header = ("group", "name", "url", "company", "position", "role", "posts", "description")
    rows = [
        [name, person.name, person.url, person.company, person.title, role, posts, description]
        for person in people
        for name, description, role, posts in person.groups
    ]
    groups = folder / "groups.csv"
    groups.write_bytes(table.text([header, *rows], eol="\r\n", final_eol=True).encode())
    exports.append(TeamExport(members[0].name, [groups], members[0].url))
    return exports


def build_store(folder: Path, seed: int = SEED) -> tuple[Path, list[Person]]:
    """The gold set's exports imported into a fresh store under ``folder``."""
    from graphintro.ingest import import_team
    from graphintro.store import Store

    people = build_people(seed)
    exports = write_exports(people, folder / "exports", seed)
    db = folder / "gold.sqlite"
    with Store(db) as store:
        import_team(store, exports)
    return db, people


# -- metrics ---------------------------------------------------------------------------------------


def average_precision(ranking: list[str], relevant: set[str]) -> float:
    hits, total = 0, 0.0
    for rank, name in enumerate(ranking, 1):
        if name in relevant:
            hits += 1
            total += hits / rank
    return total / len(relevant) if relevant else 0.0


def precision_at(ranking: list[str], relevant: set[str], k: int = 10) -> float:
    return sum(1 for name in ranking[:k] if name in relevant) / k


def reciprocal_rank(ranking: list[str], relevant: set[str]) -> float:
    return next((1 / rank for rank, name in enumerate(ranking, 1) if name in relevant), 0.0)


def ndcg_at(ranking: list[str], grades: dict[str, int], k: int = 10) -> float:
    gain = sum(
        (2 ** grades.get(name, 0) - 1) / math.log2(rank + 1) for rank, name in enumerate(ranking[:k], 1)
    )
    ideal = sorted(grades.values(), reverse=True)[:k]
    best = sum((2**g - 1) / math.log2(rank + 1) for rank, g in enumerate(ideal, 1))
    return gain / best if best else 0.0


# -- the run ---------------------------------------------------------------------------------------


def queries() -> list[tuple[str, str, str]]:
    """(topic, kind, text) for every query of the gold set."""
    return [(topic, kind, text) for topic, spec in TOPICS.items() for kind, text in spec["queries"].items()]


def ranking(backend, text: str) -> list[str] | None:
    """Names as the command lists them (teammates, then experts); None when it answers "no one"."""
    from graphintro.errors import NotFoundError
    from graphintro.experts import find_experts

    try:
        found = find_experts(backend, text, n=400)
    except NotFoundError:
        return None
    return [e["name"] for e in found.get("team", [])] + [e["name"] for e in found["experts"]]


def evaluate(backend, people: list[Person]) -> dict:
    """Per query and overall metrics, and whether the topics nobody knows get an empty answer."""
    rows = []
    for topic, kind, text in queries():
        grades = {p.name: p.grade for p in people if p.topic == topic}
        relevant = set(grades)
        started = time.perf_counter()
        names = ranking(backend, text) or []
        seconds = time.perf_counter() - started
        decoys = {p.name for p in people if p.near == topic}
        rows.append(
            {
                "topic": topic,
                "kind": kind,
                "query": text,
                "relevant": len(relevant),
                "returned": len(names),
                "AP": average_precision(names, relevant),
                "P@10": precision_at(names, relevant),
                "RR": reciprocal_rank(names, relevant),
                "nDCG@10": ndcg_at(names, grades),
                "decoys in top 10": sum(1 for n in names[:10] if n in decoys),
                "group-only found": sum(1 for n in names if grades.get(n) == 1),
                "group-only": sum(1 for g in grades.values() if g == 1),
                "seconds": round(seconds, 3),
            }
        )
    empty = {text: ranking(backend, text) is None for text in NOBODY}
    hand = _hand_cases(backend, people)

    def mean(key: str, subset=None) -> float:
        chosen = [r[key] for r in rows if subset is None or subset(r)]
        return sum(chosen) / len(chosen) if chosen else 0.0

    overall = {key: round(mean(key), 4) for key in ("AP", "P@10", "RR", "nDCG@10")}
    by_kind = {
        kind: round(mean("AP", lambda r, k=kind: r["kind"].startswith(k)), 4)
        for kind in ("fr", "en", "syn", "abbr")
    }
    return {
        "queries": rows,
        "MAP": overall["AP"],
        "P@10": overall["P@10"],
        "MRR": overall["RR"],
        "nDCG@10": overall["nDCG@10"],
        "MAP by kind": by_kind,
        "worst AP": round(min(r["AP"] for r in rows), 4),
        "empty when nobody knows": empty,
        "hand-written cases": hand,
    }


def _hand_cases(backend, people: list[Person]) -> dict[str, bool]:
    """Each hand-written case as expected? An expert is ranked among the topic's first R people (R the
    number of relevant ones) for every query of the topic; a decoy is never listed as an expert."""
    verdicts = {}
    rankings = {(topic, text): ranking(backend, text) or [] for topic, _, text in queries()}
    for name, _, _, topic, _, near, _ in HAND:
        if topic:
            relevant = sum(1 for p in people if p.topic == topic)
            verdicts[name] = all(name in names[:relevant] for (t, _), names in rankings.items() if t == topic)
        else:
            verdicts[name] = all(name not in names for (t, _), names in rankings.items() if t == near)
    return verdicts


def print_table(result: dict) -> None:
    print(
        f"{'query':<28} {'kind':<5} {'AP':>5} {'P@10':>5} {'RR':>5} {'nDCG':>5} {'decoys@10':>9} "
        f"{'grp-only':>8} {'n':>4}"
    )
    for r in result["queries"]:
        print(
            f"{r['query']:<28} {r['kind']:<5} {r['AP']:5.2f} {r['P@10']:5.2f} {r['RR']:5.2f} {r['nDCG@10']:5.2f} "
            f"{r['decoys in top 10']:>9} {r['group-only found']:>3}/{r['group-only']:<4} {r['returned']:>4}"
        )
    print(
        f"MAP {result['MAP']:.3f}  P@10 {result['P@10']:.3f}  MRR {result['MRR']:.3f}  nDCG@10 {result['nDCG@10']:.3f}"
        f"  worst AP {result['worst AP']:.2f}"
    )
    print("MAP by kind: " + ", ".join(f"{k} {v:.3f}" for k, v in result["MAP by kind"].items()))
    hand = result["hand-written cases"]
    print(
        f"hand-written cases as expected: {sum(hand.values())}/{len(hand)}"
        + "".join(f"; NOT {name}" for name, ok in hand.items() if not ok)
    )
    print(
        "empty answer when nobody knows: "
        + ", ".join(f"{q!r} {'yes' if ok else 'NO'}" for q, ok in result["empty when nobody knows"].items())
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--keep", type=Path, help="build the gold store in this folder and keep it")
    parser.add_argument(
        "--backend",
        default="sqlite",
        choices=("sqlite", "neo4j"),
        help="neo4j: ask the server of GRAPHINTRO_NEO4J_URI (synced from the gold store first)",
    )
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from graphintro.store import Store

    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        db, people = build_store(folder)
        with Store(db) as store:
            if args.backend == "neo4j":
                from graphintro.backends import open_backend

                backend = open_backend("neo4j", db)
                backend.sync(store, replace=True)
            else:
                backend = store
            result = evaluate(backend, people)
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        print_table(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
