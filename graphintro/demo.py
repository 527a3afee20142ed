"""Synthetic team exports for demos, tests and benchmarks, written in the real export formats.

``generate_team(out_dir, members, contacts, seed)`` writes what a team would hand to
``graphintro import``: one LinkedIn "Complete" archive per member (``Connections.csv`` with its
"Notes:" preamble, ``messages.csv`` with multi-line contents, invitations, endorsements,
recommendations, positions, profile, skills, ad targeting), a Viadeo-style vCard 2.1
(ISO-8859-1, quoted-printable, CRLF) for member 2, a French spreadsheet (Windows-1252, ``;``)
for member 3, and ``groups.csv`` with group memberships. The quirks of ``docs/formats.md`` are
reproduced on purpose (empty rows, quoted commas, emoji, namesakes, URL variants, uppercase last
names) so that the real importers, not a friendly subset, are exercised.

The population is a pool of people with French and English names (accents, particles, namesakes
at different companies) working at real big employers and fictional SMEs, with mixed
French/English titles at six seniority levels. A member's contacts are drawn with skew: people at
the member's current and past employers, and "popular" people who therefore appear in several
members' exports, which is what makes the team's networks overlap. Members are in the pool and
appear in each other's ``Connections.csv``; a pair's messages are identical in both exports.

Planted scenarios (``members >= 3``; the names are returned in ``Team.planted``):

* ``user`` — member 0, Camille Rousseau, the person running the demo.
* ``introducer`` — member 1, David Nguyen: same company as Camille, connected since 2019, dozens
  of recent messages both ways, endorsements and recommendations both ways.
* ``weak_introducer`` — the last member, Kevin Lambert: joined last month, connected to Camille
  on 2026-10-27, no messages, no endorsements.
* ``target`` — Zoé Fontaine, Directrice des achats at ``target_company`` "Aéroline Systèmes".
  Strong tie with David (former colleague at Safran, connected 2018, many recent messages,
  she recommended him), weak tie with Kevin (connected 2026-10-20, no messages), not a contact
  of Camille. Three colleagues of hers at Aéroline Systèmes (``target_vp_sales``,
  ``target_head_engineering``, ``target_buyer``) are reachable only through teammates: the
  expected best path is Camille → David → Zoé, not Camille → Kevin → Zoé.
* ``topic`` "cybersécurité": the ``expert`` Inès Moreau is an RSSI at Thales, owner of the
  group ``expert_group`` with hundreds of posts, endorsed by David for Cybersécurité / ISO 27001
  (``Endorsement_Given_Info.csv``), listed with her skills in member 2's vCard, a contact of
  David and member 3. The ``decoy`` Paul Girard is a "Commercial" at "CyberSécurité Conseil
  SAS" — the topic is in his company's name, not in what he does — and a contact of Camille.
* ``shallow_member`` (Kevin) has about twice the mean number of contacts, nearly all connected
  in the last month, from three companies, and no messages; ``deep_member`` (David) has
  long-standing, diverse, active ties with many decision makers.
* ``namesake`` — two different Thomas Martin (Orange, in Camille's export with a URL; Capgemini,
  in member 2's vCard and member 3's spreadsheet without one): merging them on the name alone
  would fabricate a path.

With ``history=True`` member 0 also gets the export of one month earlier
(``Complete_LinkedInDataExport_10-02-2026.zip``): contacts connected since then are absent, a few
lost contacts are present only there, and 2-3 contacts still hold their previous job
(``planted['job_changes']``, ``planted['lost_contacts']``).

Everything is deterministic by seed: no clock, no hash-ordered iteration, fixed ZIP timestamps.
"now" is 2026-11-02, the date in the archive names.
"""

from __future__ import annotations

import base64
import csv
import io
import math
import random
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from graphintro.ingest import TeamExport

NOW = date(2026, 11, 2)
EXPORT_NAME = "Complete_LinkedInDataExport_11-02-2026.zip"
EARLIER_EXPORT_NAME = "Complete_LinkedInDataExport_10-02-2026.zip"

_NOW_DAY = NOW.toordinal()
_EARLIER_DAY = date(2026, 10, 2).toordinal()
_FIRST_DAY = date(2008, 1, 1).toordinal()
_DAY = 86_400
_ZIP_TIMES = {EXPORT_NAME: (2026, 11, 2, 9, 41, 12), EARLIER_EXPORT_NAME: (2026, 10, 2, 18, 3, 54)}
_LI = "https://www.linkedin.com/in/"
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# --------------------------------------------------------------------------------------------
# Catalogues. Order matters: earlier names are more frequent (Zipf weights), so namesakes occur.
# --------------------------------------------------------------------------------------------

_FEMALE = (
    "Marie",
    "Camille",
    "Léa",
    "Chloé",
    "Manon",
    "Sophie",
    "Julie",
    "Emma",
    "Inès",
    "Zoé",
    "Hélène",
    "Gaëlle",
    "Mélanie",
    "Anaïs",
    "Céline",
    "Élodie",
    "Aurélie",
    "Nathalie",
    "Isabelle",
    "Sandrine",
    "Valérie",
    "Stéphanie",
    "Laëtitia",
    "Clémence",
    "Pauline",
    "Margaux",
    "Océane",
    "Noémie",
    "Maëlle",
    "Agnès",
    "Béatrice",
    "Solène",
    "Émilie",
    "Amélie",
    "Cécile",
    "Joëlle",
    "Françoise",
    "Mathilde",
    "Justine",
    "Louise",
    "Alice",
    "Lucie",
    "Juliette",
    "Charlotte",
    "Sarah",
    "Laura",
    "Marie-Hélène",
    "Anne-Sophie",
    "Fatima",
    "Yasmine",
    "Leïla",
    "Nadia",
    "Emily",
    "Olivia",
    "Jessica",
    "Hannah",
    "Siobhan",
    "Linh",
    "Thi Mai",
)
_MALE = (
    "Thomas",
    "Nicolas",
    "Julien",
    "Maxime",
    "Alexandre",
    "Antoine",
    "Kevin",
    "David",
    "Mathieu",
    "Sébastien",
    "Stéphane",
    "Frédéric",
    "François",
    "Benoît",
    "Jérôme",
    "Loïc",
    "Noël",
    "Raphaël",
    "Hervé",
    "Cédric",
    "Grégoire",
    "Théo",
    "Hugo",
    "Lucas",
    "Gaël",
    "Joël",
    "Mickaël",
    "Yannick",
    "Rémi",
    "Jérémy",
    "Clément",
    "Étienne",
    "Guillaume",
    "Olivier",
    "Pierre",
    "Paul",
    "Jean-Marc",
    "Jean-François",
    "Pierre-Yves",
    "Marc-Antoine",
    "Arnaud",
    "Bruno",
    "Damien",
    "Fabrice",
    "Karim",
    "Mehdi",
    "Youssef",
    "Mohamed",
    "James",
    "Michael",
    "John",
    "Daniel",
    "Ryan",
    "Oliver",
    "Liam",
    "Patrick",
    "Sean",
    "Minh",
    "Quang",
)
_LAST = (
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
    "Legrand",
    "Garnier",
    "Faure",
    "Rousseau",
    "Blanc",
    "Guérin",
    "Muller",
    "Henry",
    "Roussel",
    "Nicolas",
    "Perrin",
    "Morin",
    "Mathieu",
    "Clément",
    "Gauthier",
    "Dumont",
    "Lopez",
    "Fontaine",
    "Chevalier",
    "Robin",
    "Masson",
    "Sanchez",
    "Gérard",
    "Nguyen",
    "Boyer",
    "Denis",
    "Lemaire",
    "Duval",
    "Joly",
    "Gautier",
    "Roger",
    "Roche",
    "Roy",
    "Noël",
    "Meyer",
    "Lucas",
    "Meunier",
    "Jean",
    "Pérez",
    "Marchand",
    "Dufour",
    "Blanchard",
    "Barbier",
    "Brun",
    "Dumas",
    "Brunet",
    "Schmitt",
    "Leroux",
    "Colin",
    "Fernandez",
    "Renard",
    "Arnaud",
    "Rolland",
    "Caron",
    "Aubert",
    "Giraud",
    "Leclerc",
    "Vidal",
    "Bourgeois",
    "Renaud",
    "Lemoine",
    "Picard",
    "Gaillard",
    "Lacroix",
    "Fabre",
    "Dupuis",
    "Rodriguez",
    "Da Silva",
    "Hubert",
    "Rivière",
    "Le Gall",
    "Le Goff",
    "Le Roux",
    "Le Bihan",
    "Tran",
    "Pham",
    "Le",
    "de La Fontaine",
    "de Villiers",
    "d'Arcy",
    "Benali",
    "Haddad",
    "Bensaïd",
    "Smith",
    "Jones",
    "Brown",
    "Taylor",
    "Williams",
    "O'Brien",
    "O'Connor",
    "Murphy",
    "Wilson",
    "Evans",
    "Kowalski",
    "Ferreira",
    "Bérard",
    "Lévêque",
    "Château",
    "Bézier",
)

# Company indices 0-3 are special: the team's employer, the planted target and decoy companies,
# and the lead-generation shop of the shallow member. Random people never work at 1-3.
_TEAM, _AEROLINE, _CYBER_CONSEIL, _PROSPECTIA = 0, 1, 2, 3
_SPECIAL_COMPANIES = (
    ("Altérys Conseil", "Management Consulting", "alterys-conseil.fr"),
    ("Aéroline Systèmes", "Aviation & Aerospace", "aeroline-systemes.fr"),
    ("CyberSécurité Conseil SAS", "Computer & Network Security", "cybersecurite-conseil.fr"),
    ("Prospectia", "Marketing & Advertising", "prospectia.io"),
)
_BIG_COMPANIES = (
    ("Airbus", "Aviation & Aerospace", "airbus.com"),
    ("Thales", "Defense & Space", "thalesgroup.com"),
    ("Capgemini", "Information Technology & Services", "capgemini.com"),
    ("BNP Paribas", "Banking", "bnpparibas.com"),
    ("Orange", "Telecommunications", "orange.com"),
    ("Dassault Systèmes", "Computer Software", "3ds.com"),
    ("Société Générale", "Banking", "socgen.com"),
    ("L'Oréal", "Cosmetics", "loreal.com"),
    ("Sopra Steria", "Information Technology & Services", "soprasteria.com"),
    ("Safran", "Aviation & Aerospace", "safrangroup.com"),
    ("Renault", "Automotive", "renault.com"),
    ("Michelin", "Automotive", "michelin.com"),
    ("Atos", "Information Technology & Services", "atos.net"),
    ("Accenture", "Management Consulting", "accenture.com"),
    ("Google", "Internet", "google.com"),
    ("Microsoft", "Computer Software", "microsoft.com"),
    ("AXA", "Insurance", "axa.com"),
    ("EDF", "Utilities", "edf.fr"),
    ("Decathlon", "Retail", "decathlon.com"),
    ("SNCF", "Transportation/Trucking/Railroad", "sncf.fr"),
)
_SME_PREFIXES = (
    "Nova",
    "Kéra",
    "Alti",
    "Lumi",
    "Vella",
    "Opti",
    "Terra",
    "Hexa",
    "Aqua",
    "Bréhat",
    "Cobalt",
    "Sémaphore",
    "Arcade",
    "Orbi",
    "Zéphyr",
    "Pixel",
    "Mistral",
    "Azur",
    "Quartz",
    "Linéa",
    "Boréal",
    "Cap",
    "Ondine",
    "Néo",
    "Trident",
    "Vertigo",
    "Helix",
    "Osmose",
    "Sirius",
    "Tangram",
)
_SME_CORES = (
    ("tech", "Information Technology & Services"),
    ("data", "Computer Software"),
    (" Ingénierie", "Mechanical or Industrial Engineering"),
    (" Conseil", "Management Consulting"),
    (" Solutions", "Information Technology & Services"),
    (" Industries", "Industrial Automation"),
    (" Partners", "Management Consulting"),
    (" Logistique", "Logistics & Supply Chain"),
    (" RH", "Staffing & Recruiting"),
    (" Aéro", "Aviation & Aerospace"),
    (" Finance", "Financial Services"),
    (" Labs", "Research"),
    (" Digital", "Marketing & Advertising"),
    (" Énergie", "Renewables & Environment"),
)
_SME_PLACES = ("", "", "", " Lyon", " Nantes", " Toulouse", " Bordeaux", " Lille", " Rennes", " Grenoble")
_SME_FORMS = ("", "", " SAS", " SARL", " SA")

_FUNCTIONS = (
    "general",
    "tech",
    "data",
    "cyber",
    "purchasing",
    "sales",
    "hr",
    "marketing",
    "finance",
    "engineering",
    "consulting",
)
_F = {name: index for index, name in enumerate(_FUNCTIONS)}
# (masculine, feminine, seniority 0 intern .. 5 executive, function). Feminine forms as used in France.
_TITLES = (
    ("Stagiaire", "Stagiaire", 0, "general"),
    ("Alternant développeur", "Alternante développeuse", 0, "tech"),
    ("Stagiaire achats", "Stagiaire achats", 0, "purchasing"),
    ("Office Manager", "Office Manager", 1, "general"),
    ("Chef de projet", "Chef de projet", 2, "general"),
    ("Project Manager", "Project Manager", 2, "general"),
    ("Directeur général", "Directrice générale", 5, "general"),
    ("CEO", "CEO", 5, "general"),
    ("Fondateur", "Fondatrice", 5, "general"),
    ("Développeur full stack", "Développeuse full stack", 1, "tech"),
    ("Software Engineer", "Software Engineer", 1, "tech"),
    ("DevOps Engineer", "DevOps Engineer", 1, "tech"),
    ("Tech Lead", "Tech Lead", 2, "tech"),
    ("Architecte cloud", "Architecte cloud", 2, "tech"),
    ("Engineering Manager", "Engineering Manager", 3, "tech"),
    ("Directeur technique", "Directrice technique", 4, "tech"),
    ("DSI", "DSI", 4, "tech"),
    ("CTO", "CTO", 5, "tech"),
    ("Data Engineer", "Data Engineer", 1, "data"),
    ("Data Analyst", "Data Analyst", 1, "data"),
    ("Data Scientist", "Data Scientist", 1, "data"),
    ("Lead Data Scientist", "Lead Data Scientist", 2, "data"),
    ("Head of Data", "Head of Data", 4, "data"),
    ("Ingénieur cybersécurité", "Ingénieure cybersécurité", 1, "cyber"),
    ("Analyste SOC", "Analyste SOC", 1, "cyber"),
    ("Pentester", "Pentester", 1, "cyber"),
    ("Consultant cybersécurité", "Consultante cybersécurité", 2, "cyber"),
    ("RSSI", "RSSI", 4, "cyber"),
    ("Acheteur", "Acheteuse", 1, "purchasing"),
    ("Acheteur senior", "Acheteuse senior", 2, "purchasing"),
    ("Responsable achats", "Responsable achats", 3, "purchasing"),
    ("Supply Chain Manager", "Supply Chain Manager", 3, "purchasing"),
    ("Head of Procurement", "Head of Procurement", 4, "purchasing"),
    ("Directeur des achats", "Directrice des achats", 4, "purchasing"),
    ("Commercial", "Commerciale", 1, "sales"),
    ("Business Developer", "Business Developer", 1, "sales"),
    ("Ingénieur d'affaires", "Ingénieure d'affaires", 2, "sales"),
    ("Account Executive", "Account Executive", 2, "sales"),
    ("Key Account Manager", "Key Account Manager", 2, "sales"),
    ("Responsable grands comptes", "Responsable grands comptes", 3, "sales"),
    ("Directeur commercial", "Directrice commerciale", 4, "sales"),
    ("VP Sales", "VP Sales", 4, "sales"),
    ("Chargé de recrutement", "Chargée de recrutement", 1, "hr"),
    ("HR Business Partner", "HR Business Partner", 2, "hr"),
    ("Talent Acquisition Manager", "Talent Acquisition Manager", 3, "hr"),
    ("Responsable RH", "Responsable RH", 3, "hr"),
    ("DRH", "DRH", 4, "hr"),
    ("Directeur des ressources humaines", "Directrice des ressources humaines", 4, "hr"),
    ("Chargé de communication", "Chargée de communication", 1, "marketing"),
    ("Chef de produit", "Cheffe de produit", 2, "marketing"),
    ("Product Manager", "Product Manager", 2, "marketing"),
    ("Responsable marketing", "Responsable marketing", 3, "marketing"),
    ("CMO", "CMO", 5, "marketing"),
    ("Contrôleur de gestion", "Contrôleuse de gestion", 2, "finance"),
    ("DAF", "DAF", 4, "finance"),
    ("CFO", "CFO", 5, "finance"),
    ("Ingénieur systèmes embarqués", "Ingénieure systèmes embarqués", 1, "engineering"),
    ("Ingénieur qualité", "Ingénieure qualité", 1, "engineering"),
    ("Responsable bureau d'études", "Responsable bureau d'études", 3, "engineering"),
    ("Head of Engineering", "Head of Engineering", 4, "engineering"),
    ("Consultant", "Consultante", 1, "consulting"),
    ("Senior Manager", "Senior Manager", 3, "consulting"),
    ("Associé", "Associée", 5, "consulting"),
)
_LEVEL_WEIGHTS = (0.06, 0.42, 0.25, 0.14, 0.09, 0.04)
_SKILLS = {
    "general": ("Gestion de projet", "Management", "Leadership", "Communication", "Anglais"),
    "tech": ("Python", "Java", "Cloud Computing", "Kubernetes", "DevOps", "Architecture logicielle", "Agile"),
    "data": ("Data Science", "Machine Learning", "SQL", "Python", "Big Data", "Power BI"),
    "cyber": (
        "Cybersécurité",
        "ISO 27001",
        "Sécurité informatique",
        "Gestion des risques",
        "SIEM",
        "Pentest",
    ),
    "purchasing": ("Achats", "Négociation", "Supply Chain", "Sourcing", "Gestion fournisseurs"),
    "sales": (
        "Vente",
        "Négociation",
        "Business Development",
        "Salesforce",
        "Prospection",
        "Key Account Management",
    ),
    "hr": ("Recrutement", "Gestion des talents", "SIRH", "Droit du travail", "Marque employeur"),
    "marketing": ("Marketing digital", "SEO", "Communication", "Product Management", "Growth"),
    "finance": ("Contrôle de gestion", "Finance d'entreprise", "Excel", "Reporting", "IFRS"),
    "engineering": ("Ingénierie système", "CATIA", "Aéronautique", "Lean", "Qualité"),
    "consulting": (
        "Conseil",
        "Stratégie",
        "Transformation digitale",
        "Conduite du changement",
        "Gestion de projet",
    ),
}
_LOCATIONS = (
    ("Paris, Île-de-France, France", "75009"),
    ("Lyon, Auvergne-Rhône-Alpes, France", "69002"),
    ("Toulouse, Occitanie, France", "31000"),
    ("Nantes, Pays de la Loire, France", "44000"),
    ("Bordeaux, Nouvelle-Aquitaine, France", "33000"),
    ("Lille, Hauts-de-France, France", "59000"),
    ("London, England, United Kingdom", ""),
)
# (stem, default place, functions, description). Variants for big teams swap the place.
_GROUP_BASES = (
    (
        "Cybersécurité & Sécurité informatique",
        "France",
        ("cyber", "tech"),
        (
            "Communauté des professionnels de la cybersécurité : RSSI, pentesters, analystes SOC. "
            "Veille, ISO 27001, NIS2, retours d'expérience."
        ),
    ),
    (
        "Achats & Supply Chain",
        "",
        ("purchasing",),
        "Échanges entre acheteurs, responsables achats et supply chain managers : sourcing, négociation, RSE.",
    ),
    (
        "Recrutement Tech",
        "France",
        ("hr", "tech"),
        "Recruteurs, talent acquisition et candidats tech : offres, conseils, salons.",
    ),
    (
        "Data & IA",
        "Paris",
        ("data", "tech"),
        "Meetups et discussions autour de la data, du machine learning et de l'IA générative.",
    ),
    (
        "Aéronautique & Spatial",
        "",
        ("engineering", "purchasing"),
        "Le réseau des professionnels de l'aéronautique, du spatial et de la défense.",
    ),
    (
        "Sales Leaders",
        "",
        ("sales",),
        "A community for VPs, sales directors and account executives: pipeline, pricing, hiring.",
    ),
    (
        "Club des DSI",
        "",
        ("tech", "data"),
        "Le club des DSI, CTO et responsables IT : transformation numérique, cloud, budgets.",
    ),
    (
        "RH & Transformation",
        "",
        ("hr",),
        "DRH, HRBP et chargés de recrutement : marque employeur, QVT, SIRH.",
    ),
    ("Marketing Digital", "France", ("marketing",), "SEO, growth, contenu et acquisition : partage de cas."),
    ("DevOps & Cloud", "France", ("tech",), "Kubernetes, CI/CD, FinOps : the French DevOps community."),
    (
        "Product Management",
        "France",
        ("marketing", "tech"),
        "Product managers sharing discovery and roadmaps.",
    ),
    ("Finance & Contrôle de gestion", "", ("finance",), "Clôtures, reporting, FP&A : entraide entre pairs."),
    (
        "Women in Tech",
        "France",
        ("tech", "data", "cyber"),
        "Mentoring, events and job offers for women in tech.",
    ),
    (
        "Consultants IT indépendants",
        "",
        ("consulting", "tech"),
        "Missions, TJM, portage : le réseau des freelances.",
    ),
    ("Industrie du Futur", "", ("engineering",), "Usine 4.0, lean, robotique et jumeaux numériques."),
    (
        "Startups & Innovation",
        "",
        ("general", "sales"),
        "Founders, investors and corporate innovation teams.",
    ),
)
_GROUP_PLACES = (
    "Lyon",
    "Toulouse",
    "Nantes",
    "Bordeaux",
    "Lille",
    "Marseille",
    "Rennes",
    "Grand Est",
    "Sud-Ouest",
    "Europe",
    "Network",
    "Alumni",
    "Club",
    "Meetup",
)

_MESSAGES = (
    "Bonjour {first},\nMerci pour votre retour, je vous envoie la proposition d'ici vendredi.\nBonne journée",
    "Hi {first}, great to connect! Let me know if you are at VivaTech this year.",
    "Salut {first}, tu as un moment cette semaine pour un café ?",
    "Merci {first} 🙏",
    "Bonjour {first},\n\nSeriez-vous disponible mardi à 14h pour en parler ?\n\nCordialement",
    "Thanks, that works for me.",
    "Parfait, je t'envoie l'invitation Teams.",
    "Hello {first}, quick question about your procurement process, do you have 15 minutes?",
    "Je te transfère le CV, dis-moi ce que tu en penses, très bon profil Data Engineer.",
    "Félicitations pour ton nouveau poste {first} !",
    "Bonjour,\nSuite à notre rencontre au salon, voici la plaquette. N'hésitez pas si vous avez des questions.",
    "Ok, on se cale ça la semaine prochaine.",
    "Sure, happy to make an intro. Send me a short blurb I can forward.",
    "Top, merci ! Je regarde ça ce soir.",
    "Désolé pour le délai de réponse, semaine chargée 😅",
    "Bonjour {first}, le devis est validé côté achats, on peut lancer la commande.",
)
# Scenario threads read like the story they stand for.
_COLLEAGUE_TEXTS = (
    "Tu as vu la réponse d'Aéroline ? On en parle au point de 14h.",
    "Je t'ai mis en copie du compte rendu client, dis-moi si j'ai oublié quelque chose.",
    "Merci pour l'intro chez Safran, le RDV est calé jeudi !",
    "On déjeune ensemble demain ?",
    "Je prépare la propale,\ntu peux relire la partie pricing ce soir ?",
    "Top, merci {first} 👍",
)
_TARGET_TEXTS = (
    "Salut {first}, comment se passe le nouveau poste chez Aéroline ?",
    "Ça avance bien, on refond toute la politique fournisseurs cette année.",
    "Si tu passes à Toulouse, on se fait un déjeuner ?",
    "Avec plaisir ! Je te tiens au courant pour l'appel d'offres.",
    "Bonjour {first},\nje te transmets la fiche du salon Achats & Supply Chain.\nBonne journée",
)
_EXPERT_TEXTS = (
    "Merci {first} pour tes conseils sur l'audit ISO 27001, c'était très utile.",
    "Tu aurais un retour d'expérience sur NIS2 pour un client industriel ?",
    "Oui, je t'envoie notre grille d'analyse de risques.\nOn en parle jeudi ?",
    "Bravo pour ta conférence sur la cybersécurité des PME !",
)
_SPONSORED = (
    (
        "Invitation : webinar Cloud souverain",
        "Bonjour {first},\nDécouvrez comment sécuriser vos données. Inscrivez-vous au webinar du 14 novembre.",
    ),
    ("Your next career move", "Hi {first}, exclusive offers for leaders like you. Book a demo today."),
    (
        "Livre blanc : IA générative en entreprise",
        "Bonjour {first}, téléchargez gratuitement notre livre blanc.",
    ),
)
_INVITATION_NOTES = (
    "Bonjour {first}, ravi d'avoir échangé au salon, restons en contact.",
    "Hi {first}, I'd like to add you to my professional network.",
    "Bonjour {first}, nous avons plusieurs contacts en commun, je me permets de vous inviter.",
    "Suite à notre call de ce matin 🙂",
)
_RECOMMENDATIONS = (
    "{first} est une personne rigoureuse et à l'écoute, avec qui j'ai eu plaisir à travailler.",
    "I worked with {first} on a complex programme; {first} is reliable, sharp and great with clients.",
    "Un vrai sens du service, je recommande {first} sans hésiter.",
)
_EMOJI = ("🚀", "🌿", "✨", "🇫🇷", "💡")

_NOTES_PREAMBLE = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses are missing. '
    "You will only see email addresses for connections who have allowed their connections to see or "
    "download their email address using this setting https://www.linkedin.com/psettings/privacy/email. "
    'You can learn more here https://www.linkedin.com/help/linkedin/answer/261"\n'
    "\n"
)
CONNECTIONS_HEADER = (
    "First Name",
    "Last Name",
    "URL",
    "Email Address",
    "Company",
    "Position",
    "Connected On",
)
MESSAGES_HEADER_2026 = (
    "CONVERSATION ID",
    "CONVERSATION TITLE",
    "FROM",
    "SENDER PROFILE URL",
    "TO",
    "RECIPIENT PROFILE URLS",
    "DATE",
    "SUBJECT",
    "CONTENT",
    "FOLDER",
    "ATTACHMENTS",
)
MESSAGES_HEADER_DEC_2024 = (
    "CONVERSATION ID",
    "CONVERSATION TITLE",
    "FROM",
    "SENDER PROFILE URL",
    "TO",
    "RECIPIENT PROFILE URLS",
    "DATE",
    "SUBJECT",
    "CONTENT",
    "FOLDER",
    "IS MESSAGE DRAFT",
    "IS CONVERSATION DRAFT",
)
INVITATIONS_HEADER = (
    "From",
    "To",
    "Sent At",
    "Message",
    "Direction",
    "inviterProfileUrl",
    "inviteeProfileUrl",
)
ENDORSEMENTS_RECEIVED_HEADER = (
    "Endorsement Date",
    "Skill Name",
    "Endorser First Name",
    "Endorser Last Name",
    "Endorser Public Url",
    "Endorsement Status",
)
ENDORSEMENTS_GIVEN_HEADER = (
    "Endorsement Date",
    "Skill Name",
    "Endorsee First Name",
    "Endorsee Last Name",
    "Endorsee Public Url",
    "Endorsement Status",
)
RECOMMENDATIONS_HEADER = (
    "First Name",
    "Last Name",
    "Company",
    "Job Title",
    "Text",
    "Creation Date",
    "Status",
)
POSITIONS_HEADER = ("Company Name", "Title", "Description", "Location", "Started On", "Finished On")
PROFILE_HEADER = (
    "First Name",
    "Last Name",
    "Maiden Name",
    "Address",
    "Birth Date",
    "Headline",
    "Summary",
    "Industry",
    "Zip Code",
    "Geo Location",
    "Twitter Handles",
    "Websites",
    "Instant Messengers",
)
AD_TARGETING_HEADER = (
    "Member Age",
    "Buyer Groups",
    "Company Names",
    "Company Names",
    "Company Follower of",
    "Company Names",
    "Company Category",
    "Company Size",
    "Degrees",
    "degreeClass",
    "Member Schools",
    "Company Growth Rate",
    "Fields of Study",
    "Company Connections",
    "Function By Size",
    "Job Functions",
    "Member Gender",
    "Graduation Year",
    "Member Groups",
    "Company Industries",
    "Member Interests",
    "Interface Locales",
    "interfaceLocale",
    "Member Traits",
    "Profile Locations",
    "Company Revenue",
    "Job Seniorities",
    "Member Skills",
    "Job Titles",
    "Job Titles",
    "Job Titles",
    "Years of Experience",
)
FRENCH_CSV_HEADER = ("Prénom", "Nom", "Société", "Poste", "E-mail", "URL du profil")
GROUPS_HEADER = ("group", "name", "url", "email", "role", "posts", "joined", "description")


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------


@dataclass
class MemberExport:
    """One team member and the files to pass to ``graphintro import`` for them, oldest first."""

    name: str
    url: str
    company: str
    position: str
    files: list[Path]


@dataclass
class Team:
    """A generated team: where it lives, its members' files, the groups file and the planted names."""

    root: Path
    members: list[MemberExport]
    groups_file: Path
    planted: dict[str, str]

    def exports(self) -> list[TeamExport]:
        """What ``import_team`` takes: each member's files, then the group list (as the first member's)."""
        from graphintro.ingest import TeamExport

        first = self.members[0]
        return [TeamExport(m.name, m.files, m.url) for m in self.members] + [
            TeamExport(first.name, [self.groups_file], first.url)
        ]


def generate_team(
    out_dir: Path, members: int = 5, contacts: int = 300, seed: int = 7, history: bool = False
) -> Team:
    """Write a synthetic team's exports under ``out_dir`` and describe them.

    ``members`` exports of about ``contacts`` connections each (the shallow member has twice as
    many); same arguments, same bytes. See the module docstring for the planted scenarios.
    """
    if members < 1 or contacts < 20:
        raise ValueError("generate_team needs at least 1 member and 20 contacts per member")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    world = _build_world(seed, members, contacts)
    exports = [_write_member(world, index, out_dir, history) for index in range(members)]
    groups_file = out_dir / "groups.csv"
    groups_file.write_bytes(_groups_csv(world))
    return Team(root=out_dir, members=exports, groups_file=groups_file, planted=dict(world.planted))


# --------------------------------------------------------------------------------------------
# Small formatting helpers
# --------------------------------------------------------------------------------------------


@lru_cache(maxsize=65_536)
def _fold(text: str) -> str:
    """ASCII slug of a name ("Hélène Le Gall" → "helene-le-gall"): LinkedIn slugs and e-mails carry no accents."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower().replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


@cache
def _iso_day(day: int) -> str:
    """``2026-11-02``; cached because a few thousand distinct days serve millions of timestamps."""
    return date.fromordinal(day).isoformat()


@cache
def _connected_on(day: int) -> str:
    """``04 Jul 2023``, the Connected On format of 2021+ exports, locale-independent."""
    value = date.fromordinal(day)
    return f"{value.day:02d} {_MONTHS[value.month - 1]} {value.year}"


def _day(year: int, month: int, day: int) -> int:
    """Day ordinal of a calendar date: the unit of every date in this module."""
    return date(year, month, day).toordinal()


def _month_year(day: int) -> str:
    """``Sep 2021``, the Positions.csv format."""
    value = date.fromordinal(day)
    return f"{_MONTHS[value.month - 1]} {value.year}"


def _clock(stamp: int) -> tuple[int, int, int, int]:
    """Split an absolute timestamp (day ordinal * 86400 + seconds) into day, hour, minute, second."""
    day, seconds = divmod(stamp, _DAY)
    hour, rest = divmod(seconds, 3600)
    return day, hour, rest // 60, rest % 60


def _utc(stamp: int, sep: str = "-") -> str:
    """``2024-06-18 11:59:53 UTC`` (messages) or, with ``sep='/'``, ``2021/08/11 11:00:31 UTC`` (endorsements)."""
    day, hour, minute, second = _clock(stamp)
    return f"{_iso_day(day).replace('-', sep)} {hour:02d}:{minute:02d}:{second:02d} UTC"


def _us(stamp: int, pad_hour: bool = False) -> str:
    """``6/17/23, 6:18 AM`` (invitations) or ``12/24/23, 05:28 AM`` (recommendations pad the hour)."""
    day, hour, minute, _ = _clock(stamp)
    value = date.fromordinal(day)
    hour12 = hour % 12 or 12
    shown = f"{hour12:02d}" if pad_hour else str(hour12)
    return f"{value.month}/{value.day}/{value.year % 100:02d}, {shown}:{minute:02d} {'AM' if hour < 12 else 'PM'}"


def _csv_text(
    rows: list,
    header: tuple | None = None,
    quote_all: bool = False,
    delimiter: str = ",",
    newline: str = "\n",
) -> str:
    """Serialise rows with the csv module (the fastest correct quoting available in the stdlib)."""
    buffer = io.StringIO()
    writer = csv.writer(
        buffer,
        delimiter=delimiter,
        lineterminator=newline,
        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL,
    )
    if header:
        writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _encodable(text: str, codec: str) -> str:
    """Drop what a legacy codec cannot hold (emoji), mapping typographic dashes and quotes first."""
    text = text.translate(_LEGACY_MAP) if codec == "latin-1" else text
    try:
        text.encode(codec)
    except UnicodeEncodeError:
        text = "".join(ch for ch in text if _fits(ch, codec))
    return text.strip()


_LEGACY_MAP = str.maketrans({"–": "-", "—": "-", "’": "'", "œ": "oe", "Œ": "OE", "…": "..."})


def _fits(char: str, codec: str) -> bool:
    try:
        char.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


# --------------------------------------------------------------------------------------------
# The population
# --------------------------------------------------------------------------------------------


@dataclass
class _Pool:
    """Everyone who can appear in an export, as parallel columns (cheap at 300k people).

    Indices below ``reserved`` are the members and planted people: random sampling never picks
    them, so the planted ties are exactly where the scenarios put them.
    """

    first: list[str]
    last: list[str]
    female: list[bool]
    slug: list[str]
    company: np.ndarray
    title: list[str]
    level: np.ndarray
    function: np.ndarray
    shares_email: np.ndarray
    companies: list[tuple[str, str, str]]
    reserved: int
    cdf: np.ndarray = field(default_factory=lambda: np.zeros(0))
    boss_cdf: np.ndarray = field(default_factory=lambda: np.zeros(0))
    company_order: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    company_starts: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    function_people: list[np.ndarray] = field(default_factory=list)
    employer: list[str] = field(default_factory=list)

    def url(self, person: int) -> str:
        return _LI + self.slug[person]

    def name(self, person: int) -> str:
        return f"{self.first[person].strip()} {self.last[person].strip()}"

    def email(self, person: int) -> str:
        """Work address at the employer's domain: what address books and group lists hold."""
        return f"{_fold(self.first[person])}.{_fold(self.last[person])}@{self.companies[self.company[person]][2]}"

    def people_at(self, company: int) -> np.ndarray:
        return self.company_order[self.company_starts[company] : self.company_starts[company + 1]]


def _zipf(count: int, exponent: float) -> np.ndarray:
    """Normalised Zipf weights: a few very common names or companies, a long tail."""
    weights = 1.0 / np.arange(1, count + 1) ** exponent
    return weights / weights.sum()


def _make_companies(rng: np.random.Generator, count: int) -> list[tuple[str, str, str]]:
    """Special, big and fictional SME companies; a few SMEs carry commas to exercise CSV quoting."""
    companies = list(_SPECIAL_COMPANIES) + list(_BIG_COMPANIES)
    seen = {name for name, _, _ in companies}
    while len(companies) < count:
        if rng.random() < 0.04:
            a, b = rng.choice(len(_LAST), 2, replace=False)
            name, industry = f"{_LAST[a]}, {_LAST[b]} & Associés", "Law Practice"
        else:
            core, industry = _SME_CORES[rng.integers(len(_SME_CORES))]
            name = (
                _SME_PREFIXES[rng.integers(len(_SME_PREFIXES))]
                + core
                + _SME_PLACES[rng.integers(len(_SME_PLACES))]
                + _SME_FORMS[rng.integers(len(_SME_FORMS))]
            )
        if name not in seen:
            seen.add(name)
            companies.append((name, industry, _fold(name.split(",")[0]).replace("-", "") + ".fr"))
    return companies


def _company_weights(companies: list) -> np.ndarray:
    """About a third of people at the big names, the rest spread over SMEs; nobody random at 0-3."""
    weights = np.zeros(len(companies))
    big = len(_BIG_COMPANIES)
    weights[4 : 4 + big] = 0.35 / big
    smes = len(companies) - 4 - big
    if smes:
        weights[4 + big :] = 0.65 * _zipf(smes, 0.8)
    return weights / weights.sum()


def _title_weights() -> np.ndarray:
    """Seniority pyramid: many individual contributors, few executives."""
    levels = np.array([level for _, _, level, _ in _TITLES])
    weights = np.array([_LEVEL_WEIGHTS[level] / np.sum(levels == level) for level in levels])
    return weights / weights.sum()


def _random_names(rng: np.random.Generator, size: int, forbidden: set[str]) -> tuple[list, list, list]:
    """First/last names with Zipf frequencies, re-drawing any that would collide with a planted name."""
    female = rng.random(size) < 0.5
    female_first = rng.choice(len(_FEMALE), size, p=_zipf(len(_FEMALE), 0.7))
    male_first = rng.choice(len(_MALE), size, p=_zipf(len(_MALE), 0.7))
    lasts = rng.choice(len(_LAST), size, p=_zipf(len(_LAST), 0.6))
    first = [
        _FEMALE[f] if is_f else _MALE[m]
        for is_f, f, m in zip(female.tolist(), female_first.tolist(), male_first.tolist(), strict=True)
    ]
    last = [_LAST[i] for i in lasts.tolist()]
    for index in range(size):
        while f"{first[index]} {last[index]}" in forbidden:
            last[index] = _LAST[int(rng.integers(len(_LAST)))]
    return first, last, female.tolist()


def _slugs(first: list[str], last: list[str]) -> list[str]:
    """LinkedIn-style slugs: the first holder of a name gets the bare ``prenom-nom``, later ones a hex suffix.

    The suffix is a bijective hash of the index, hence unique without bookkeeping.
    """
    seen: set[str] = set()
    slugs = []
    for index, (given, family) in enumerate(zip(first, last, strict=True)):
        base = f"{_fold(given)}-{_fold(family)}"
        if base in seen:
            base = f"{base}-{(index * 2654435761) & 0xFFFFFFFF:08x}"
        seen.add(base)
        slugs.append(base)
    return slugs


def _decorate(rng: np.random.Generator, first: list[str], title: list[str], start: int) -> None:
    """Profile quirks seen in real exports: emoji and stray spaces in names and positions."""
    size = len(first)
    for index in np.flatnonzero(rng.random(size) < 0.004).tolist():
        if index >= start:
            first[index] = f"{first[index]} {_EMOJI[index % len(_EMOJI)]}"
    for index in np.flatnonzero(rng.random(size) < 0.004).tolist():
        if index >= start:
            title[index] = f"{title[index]} {_EMOJI[(index + 2) % len(_EMOJI)]}"
    for index in np.flatnonzero(rng.random(size) < 0.005).tolist():
        if index >= start:
            title[index] = f" {title[index]} "


def _index_pool(pool: _Pool, rng: np.random.Generator, block: int) -> None:
    """Sampling structures: popularity CDFs (plain and boss-biased), people by company and by function.

    The shallow member's block is made unpopular, otherwise its three companies would crowd
    everybody's exports.
    """
    popularity = rng.pareto(1.3, len(pool.first)) + 1.0
    popularity[: pool.reserved] = 0.0
    popularity[pool.reserved : pool.reserved + block] *= 0.1
    pool.cdf = np.cumsum(popularity)
    pool.boss_cdf = np.cumsum(popularity * np.where(pool.level >= 4, 4.0, 1.0))
    pool.company_order = np.argsort(pool.company, kind="stable")
    pool.company_starts = np.searchsorted(
        pool.company[pool.company_order], np.arange(len(pool.companies) + 1)
    )
    unreserved = np.arange(len(pool.first)) >= pool.reserved
    pool.function_people = [np.flatnonzero((pool.function == f) & unreserved) for f in range(len(_FUNCTIONS))]
    pool.employer = [pool.companies[c][0] for c in pool.company.tolist()]


# --------------------------------------------------------------------------------------------
# Planted people and the roster
# --------------------------------------------------------------------------------------------

# key → (first, last, female, company, title, function, level)
_PLANTED_PEOPLE = {
    "target": ("Zoé", "Fontaine", True, "Aéroline Systèmes", "Directrice des achats", "purchasing", 4),
    "target_vp_sales": ("Marc-Antoine", "Bérard", False, "Aéroline Systèmes", "VP Sales", "sales", 4),
    "target_head_engineering": (
        "Gaëlle",
        "Le Gall",
        True,
        "Aéroline Systèmes",
        "Head of Engineering",
        "engineering",
        4,
    ),
    "target_buyer": ("Hélène", "Marchand", True, "Aéroline Systèmes", "Acheteuse senior", "purchasing", 2),
    "expert": (
        "Inès",
        "Moreau",
        True,
        "Thales",
        "RSSI – Responsable de la sécurité des systèmes d'information",
        "cyber",
        4,
    ),
    "decoy": ("Paul", "Girard", False, "CyberSécurité Conseil SAS", "Commercial", "sales", 1),
    "namesake": ("Thomas", "Martin", False, "Orange", "Chef de projet", "general", 2),
    "namesake_twin": ("Thomas", "Martin", False, "Capgemini", "Data Engineer", "data", 1),
}
# (first, last, female, title, function, level) for members 0, 1 and the last one.
_PLANTED_MEMBERS = {
    "user": ("Camille", "Rousseau", True, "Responsable grands comptes", "sales", 3),
    "introducer": ("David", "Nguyen", False, "Directeur des partenariats", "sales", 4),
    "weak_introducer": ("Kevin", "Lambert", False, "Business Developer", "sales", 1),
}
_EXPERT_GROUP = "Cybersécurité & Sécurité informatique France"


def _company_index(companies: list, name: str) -> int:
    return next(index for index, (company, _, _) in enumerate(companies) if company == name)


def _planted_slots(members: int) -> dict[str, int]:
    """Pool index of every planted person: members first, then the planted non-members."""
    slots = {"user": 0}
    if members >= 2:
        slots["introducer"] = 1
    if members >= 3:
        slots["weak_introducer"] = members - 1
    for offset, key in enumerate(_PLANTED_PEOPLE):
        slots[key] = members + offset
    return slots


def _build_pool(rng: np.random.Generator, members: int, contacts: int) -> tuple[_Pool, dict[str, int], int]:
    """The pool: members, planted people, the shallow member's recent-contacts block, then everyone else."""
    slots = _planted_slots(members)
    reserved = members + len(_PLANTED_PEOPLE)
    block = int(2.3 * contacts) if members >= 3 else 0
    size = reserved + block + max(2 * contacts, members * contacts // 3)
    companies = _make_companies(rng, int(np.clip(size // 25, 60, 4000)))
    forbidden = {f"{p[0]} {p[1]}" for p in (*_PLANTED_PEOPLE.values(), *_PLANTED_MEMBERS.values())}
    first, last, female = _random_names(rng, size, forbidden)
    company = rng.choice(len(companies), size, p=_company_weights(companies))
    sopra = _company_index(companies, "Sopra Steria")
    company[reserved : reserved + block] = rng.choice([_TEAM, _PROSPECTIA, sopra], block, p=[0.4, 0.3, 0.3])
    title_index = rng.choice(len(_TITLES), size, p=_title_weights())
    title = [_TITLES[t][1] if f else _TITLES[t][0] for t, f in zip(title_index.tolist(), female, strict=True)]
    level = np.array([_TITLES[t][2] for t in range(len(_TITLES))])[title_index]
    function = np.array([_F[_TITLES[t][3]] for t in range(len(_TITLES))])[title_index]
    pool = _Pool(
        first, last, female, [], company, title, level, function, rng.random(size) < 0.03, companies, reserved
    )
    _place_planted(pool, rng, slots, members)
    pool.slug = _slugs(pool.first, pool.last)
    _decorate(rng, pool.first, pool.title, reserved)
    _index_pool(pool, rng, block)
    return pool, slots, block


def _place_planted(pool: _Pool, rng: np.random.Generator, slots: dict[str, int], members: int) -> None:
    """Overwrite the reserved slots with the planted people; members are mostly at the team's employer."""
    for key, (first, last, female, company, title, function, level) in _PLANTED_PEOPLE.items():
        _set_person(
            pool,
            slots[key],
            first,
            last,
            female,
            _company_index(pool.companies, company),
            title,
            function,
            level,
        )
    for key, (first, last, female, title, function, level) in _PLANTED_MEMBERS.items():
        if key in slots:
            _set_person(pool, slots[key], first, last, female, _TEAM, title, function, level)
    for member in range(members):
        if member not in (0, 1, members - 1) and rng.random() < 0.75:
            pool.company[member] = _TEAM


def _set_person(
    pool: _Pool,
    index: int,
    first: str,
    last: str,
    female: bool,
    company: int,
    title: str,
    function: str,
    level: int,
) -> None:
    pool.first[index], pool.last[index], pool.female[index] = first, last, female
    pool.company[index], pool.title[index] = company, title
    pool.function[index], pool.level[index] = _F[function], level
    pool.shares_email[index] = False


@dataclass
class _Style:
    """How a member networks: how many contacts, from where, how old, how talkative."""

    contacts: int
    colleague_share: float = 0.25
    active_share: float = 0.12
    age_scale_days: float = 1000.0
    boss_bias: bool = False
    recent_only: bool = False


@dataclass
class _Member:
    """A member's own profile: what Positions, Profile, Skills and Ad_Targeting say."""

    person: int
    positions: list[tuple[str, str, str, int, int | None]]
    skills: list[str]
    location: tuple[str, str]
    style: _Style
    groups: list[int] = field(default_factory=list)

    @property
    def companies(self) -> list[str]:
        return [company for company, *_ in self.positions]


def _member_style(index: int, members: int, contacts: int, rnd: random.Random) -> _Style:
    """Deep member 1 (old, diverse, talkative, bosses), shallow last member (many, recent, silent)."""
    if members >= 3 and index == 1:
        return _Style(int(contacts * 1.2), 0.1, 0.35, 2200.0, boss_bias=True)
    if members >= 3 and index == members - 1:
        return _Style(2 * contacts, 0.0, 0.0, 30.0, recent_only=True)
    if index == 0:
        return _Style(contacts, 0.25, 0.15, 1200.0)
    return _Style(int(contacts * rnd.uniform(0.7, 1.3)))


def _planted_positions(key: str, pool: _Pool, person: int) -> list[tuple[str, str, str, int, int | None]]:
    """Career histories that make the stories true (David and Zoé were colleagues at Safran, ...)."""

    def day(year: int, month: int) -> int:
        return _day(year, month, 1)

    team, paris = pool.companies[_TEAM][0], _LOCATIONS[0][0]
    title = pool.title[person]
    histories = {
        "user": [
            (team, title, paris, day(2019, 3), None),
            ("Capgemini", "Ingénieure d'affaires", paris, day(2014, 9), day(2019, 2)),
            ("Orange", "Commerciale", paris, day(2011, 6), day(2014, 8)),
        ],
        "introducer": [
            (team, title, paris, day(2019, 1), None),
            ("Safran", "Responsable achats", paris, day(2012, 4), day(2018, 12)),
            ("Thales", "Acheteur", paris, day(2008, 9), day(2012, 3)),
        ],
        "weak_introducer": [
            (team, title, paris, day(2026, 10), None),
            ("Prospectia", "Sales Development Representative", paris, day(2024, 5), day(2026, 9)),
            ("Sopra Steria", "Commercial", paris, day(2022, 9), day(2024, 4)),
        ],
    }
    return histories[key]


def _random_positions(
    pool: _Pool, rng: np.random.Generator, person: int, location: str
) -> list[tuple[str, str, str, int, int | None]]:
    """2-4 jobs, newest first, in the same function with seniority growing over time."""
    jobs = int(rng.integers(2, 5))
    start = _NOW_DAY - int(rng.integers(180, 8 * 365))
    positions: list[tuple[str, str, str, int, int | None]] = [
        (pool.employer[person], pool.title[person].strip(), location, start, None)
    ]
    weights = _company_weights(pool.companies)
    same_function = [t for t in _TITLES if _F[t[3]] == pool.function[person] and t[2] <= pool.level[person]]
    for _ in range(jobs - 1):
        end = start - int(rng.integers(15, 90))
        start = max(_FIRST_DAY - 4 * 365, end - int(rng.integers(365, 6 * 365)))
        company = pool.companies[int(rng.choice(len(pool.companies), p=weights))][0]
        masculine, feminine, _, _ = same_function[int(rng.integers(len(same_function)))]
        positions.append((company, feminine if pool.female[person] else masculine, location, start, end))
    return positions


def _member_skills(pool: _Pool, rnd: random.Random, person: int, key: str | None) -> list[str]:
    """Skills of the member's function plus general ones; David's include Cybersécurité (Inès endorses it)."""
    own = list(_SKILLS[_FUNCTIONS[pool.function[person]]])
    skills = rnd.sample(own, min(4, len(own))) + rnd.sample(_SKILLS["general"], 2)
    if key == "introducer":
        skills += ["Cybersécurité", "Achats", "Partenariats"]
    if key == "user":
        skills += ["Négociation", "Cloud Computing"]
    return list(dict.fromkeys(skills))


def _build_roster(
    pool: _Pool, rng: np.random.Generator, slots: dict[str, int], members: int, contacts: int
) -> list[_Member]:
    """Each member's profile, career and networking style."""
    by_index = {index: key for key, index in slots.items() if index < members}
    roster = []
    for index in range(members):
        rnd = random.Random(f"{index}:{rng.integers(1 << 30)}")
        key = by_index.get(index)
        location = _LOCATIONS[0] if key else _LOCATIONS[int(rng.integers(len(_LOCATIONS)))]
        positions = (
            _planted_positions(key, pool, index) if key else _random_positions(pool, rng, index, location[0])
        )
        roster.append(
            _Member(
                index,
                positions,
                _member_skills(pool, rnd, index, key),
                location,
                _member_style(index, members, contacts, rnd),
            )
        )
    return roster


# --------------------------------------------------------------------------------------------
# The world: pool, roster, teammate ties, groups
# --------------------------------------------------------------------------------------------


@dataclass
class _TeamTie:
    """A link between two members, seen from ``owner``: same date and same thread in both exports."""

    other: int
    day: int
    sent: int
    received: int
    last_active: int | None


@dataclass
class _Group:
    name: str
    description: str
    functions: tuple[int, ...]
    created: int


@dataclass
class _World:
    seed: int
    members: int
    contacts: int
    pool: _Pool
    slots: dict[str, int]
    block: int
    roster: list[_Member]
    team_ties: list[list[_TeamTie]]
    groups: list[_Group]
    planted: dict[str, str]


def _build_world(seed: int, members: int, contacts: int) -> _World:
    """Everything shared between exports, drawn once from the seed."""
    rng = np.random.default_rng([seed, 1])
    pool, slots, block = _build_pool(rng, members, contacts)
    roster = _build_roster(pool, rng, slots, members, contacts)
    groups = _make_groups(rng, members, contacts)
    _choose_member_groups(rng, pool, roster, groups, slots)
    team_ties = _team_ties(np.random.default_rng([seed, 2]), members, contacts)
    world = _World(seed, members, contacts, pool, slots, block, roster, team_ties, groups, {})
    world.planted = _planted_names(world)
    return world


def _planted_names(world: _World) -> dict[str, str]:
    """The names tests and the demo script look up; only the user when the team is too small for stories."""
    pool, slots = world.pool, world.slots
    planted = {"user": pool.name(0), "team_company": pool.companies[_TEAM][0]}
    if world.members < 3:
        return planted
    for key in ("introducer", "weak_introducer", *_PLANTED_PEOPLE):
        if key != "namesake_twin":
            planted[key] = pool.name(slots[key])
    planted.update(
        target_company=pool.companies[_AEROLINE][0],
        topic="cybersécurité",
        decoy_company=pool.companies[_CYBER_CONSEIL][0],
        expert_group=_EXPERT_GROUP,
        shallow_member=pool.name(slots["weak_introducer"]),
        deep_member=pool.name(slots["introducer"]),
    )
    return planted


def _team_ties(rng: np.random.Generator, members: int, contacts: int) -> list[list[_TeamTie]]:
    """Members know most teammates (a bounded number in big teams); pairs share one date and thread."""
    ties: list[list[_TeamTie]] = [[] for _ in range(members)]
    if members < 2:
        return ties
    a, b = _teammate_pairs(rng, members, contacts)
    days = _NOW_DAY - 1 - np.minimum(rng.exponential(1100, len(a)).astype(int), _NOW_DAY - 1 - _FIRST_DAY)
    recent = _NOW_DAY - 1 - rng.integers(0, 30, len(a))
    active = rng.random(len(a)) < 0.3
    sent, received = _message_counts(rng, len(a))
    for i, j, day, fresh, talk, s, r in zip(
        a.tolist(),
        b.tolist(),
        days.tolist(),
        recent.tolist(),
        active.tolist(),
        sent.tolist(),
        received.tolist(),
        strict=True,
    ):
        shallow = members >= 3 and j == members - 1
        day = fresh if shallow else day
        s, r = (s, r) if talk and not shallow else (0, 0)
        last_active = None
        if members >= 3 and (i, j) == (0, 1):
            day, s, r, last_active = _day(2019, 3, 11), 24, 22, _NOW_DAY - 1
        elif members >= 3 and (i, j) == (0, members - 1):
            day = _day(2026, 10, 27)
        ties[i].append(_TeamTie(j, day, s, r, last_active))
        ties[j].append(_TeamTie(i, day, r, s, last_active))
    return ties


def _teammate_pairs(rng: np.random.Generator, members: int, contacts: int) -> tuple[np.ndarray, np.ndarray]:
    """Connected member pairs (i < j): each pair with probability ``share``, then topped up so that
    nobody knows fewer than 70 % of the expected number of teammates ("most" of a small team)."""
    share = min(0.85, max(3.0, 0.2 * contacts) / (members - 1))
    a, b = np.triu_indices(members, 1)
    keep = rng.random(len(a)) < share
    if members >= 3:
        keep |= (a == 0) & ((b == 1) | (b == members - 1))
    a, b = a[keep], b[keep]
    degree = np.bincount(np.concatenate([a, b]), minlength=members)
    need = math.ceil(0.7 * share * (members - 1))
    present = set(zip(a.tolist(), b.tolist(), strict=True))
    for member in np.flatnonzero(degree < need).tolist():
        for other in rng.permutation(members).tolist():
            pair = (min(member, other), max(member, other))
            if degree[member] >= need:
                break
            if other != member and pair not in present:
                present.add(pair)
                degree[member] += 1
                degree[other] += 1
    pairs = np.array(sorted(present), dtype=np.int64).reshape(-1, 2)
    return pairs[:, 0], pairs[:, 1]


def _message_counts(rng: np.random.Generator, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Heavy-tailed conversation sizes (most short, some dozens), split between both directions."""
    total = np.minimum(1 + (rng.pareto(1.3, size) * 2).astype(int), 90)
    sent = rng.binomial(total, rng.beta(2, 2, size))
    return sent, total - sent


def _make_groups(rng: np.random.Generator, members: int, contacts: int) -> list[_Group]:
    """About 8 groups for a small team, ~200 for 1,000 × 1,000: base topics, then regional variants."""
    count = int(
        np.clip(
            round(8 * math.sqrt(members * contacts / 1500)), 8, len(_GROUP_BASES) * (1 + len(_GROUP_PLACES))
        )
    )
    groups = []
    for index in range(count):
        stem, place, functions, description = _GROUP_BASES[index % len(_GROUP_BASES)]
        variant = index // len(_GROUP_BASES)
        if variant:
            place = _GROUP_PLACES[variant - 1]
            description = f"{description} Antenne {place}."
        name = f"{stem} {place}".strip()
        created = date(2008 + int(rng.integers(0, 15)), int(rng.integers(1, 13)), 1).toordinal()
        groups.append(_Group(name, description, tuple(_F[f] for f in functions), created))
    return groups


def _choose_member_groups(
    rng: np.random.Generator, pool: _Pool, roster: list[_Member], groups: list[_Group], slots: dict[str, int]
) -> None:
    """2-6 groups per member, favouring their function; the planted members get the story's groups."""
    for member in roster:
        weights = np.array([3.0 if pool.function[member.person] in g.functions else 1.0 for g in groups])
        count = min(len(groups), int(rng.integers(2, 7)))
        member.groups = sorted(
            rng.choice(len(groups), count, replace=False, p=weights / weights.sum()).tolist()
        )
    if "weak_introducer" not in slots:
        return
    sales, purchasing = _group_index(groups, "Sales Leaders"), _group_index(groups, "Achats & Supply Chain")
    roster[0].groups = sorted({*roster[0].groups, sales})
    roster[1].groups = sorted({*roster[1].groups, 0, purchasing})
    roster[slots["weak_introducer"]].groups = [sales]


def _group_index(groups: list[_Group], name: str) -> int:
    return next(index for index, group in enumerate(groups) if group.name == name)


# --------------------------------------------------------------------------------------------
# One member's export, before serialisation
# --------------------------------------------------------------------------------------------


@dataclass
class _Export:
    """What one LinkedIn archive says, as data, so that an earlier snapshot is a filter of it.

    Timestamps are absolute seconds (day ordinal * 86400 + seconds of the day).
    """

    owner: int
    connections: list[tuple[int, int]] = field(default_factory=list)  # (person, day)
    messages: list[tuple[int, str, int, bool, str, str]] = field(default_factory=list)
    sponsored: list[tuple[int, str, str]] = field(default_factory=list)  # (stamp, subject, content)
    invitations: list[tuple[int, int, bool, str]] = field(
        default_factory=list
    )  # (stamp, person, outgoing, text)
    endorsed_by: list[tuple[int, int, str]] = field(default_factory=list)  # (stamp, person, skill)
    endorsed: list[tuple[int, int, str]] = field(default_factory=list)
    recommendations: list[tuple[int, int, str]] = field(default_factory=list)
    blank: set[int] = field(default_factory=set)
    job_override: dict[int, tuple[str, str]] = field(default_factory=dict)


@dataclass
class _PlantedTie:
    """A scripted tie of a member: the facts the scenarios promise, nothing random.

    ``day`` 0 marks a teammate, whose connection and thread already come from the team ties.
    """

    person: int
    day: int
    sent: int = 0
    received: int = 0
    last_active: int | None = None
    recommends: bool = False
    endorsed_by: tuple[str, ...] = ()
    endorses: tuple[str, ...] = ()
    invited_on: int | None = None
    outgoing: bool = True
    texts: tuple[str, ...] = _MESSAGES


def _planted_ties(world: _World, member: int) -> list[_PlantedTie]:
    """The scenario ties of ``member``; ties to teammates only add endorsements and recommendations."""
    if world.members < 3:
        return []
    s, last, d = world.slots, world.members - 1, _day
    others = list(range(2, last)) or [1]
    ties: dict[int, list[_PlantedTie]] = {m: [] for m in range(world.members)}
    ties[0] += [
        _PlantedTie(s["introducer"], 0, recommends=True, endorsed_by=("Négociation",), endorses=("Achats",)),
        _PlantedTie(s["decoy"], d(2024, 3, 14)),
        _PlantedTie(s["namesake"], d(2017, 6, 2), sent=2, received=3),
    ]
    ties[1] += [
        _PlantedTie(s["user"], 0, recommends=True, endorsed_by=("Achats",), endorses=("Négociation",)),
        _PlantedTie(
            s["target"],
            d(2018, 5, 14),
            sent=19,
            received=17,
            last_active=_NOW_DAY - 4,
            recommends=True,
            endorsed_by=("Achats", "Négociation"),
            texts=_TARGET_TEXTS,
        ),
        _PlantedTie(
            s["expert"],
            d(2020, 9, 8),
            sent=7,
            received=6,
            endorsed_by=("Cybersécurité",),
            endorses=("Cybersécurité", "ISO 27001", "Sécurité informatique"),
            texts=_EXPERT_TEXTS,
        ),
        _PlantedTie(s["target_buyer"], d(2017, 2, 20), sent=3, received=2),
    ]
    ties[last].append(_PlantedTie(s["target"], d(2026, 10, 20), invited_on=d(2026, 10, 19)))
    ties[others[0]].append(_PlantedTie(s["target_vp_sales"], d(2022, 11, 3), sent=4, received=5))
    ties[others[-1]].append(_PlantedTie(s["target_head_engineering"], d(2021, 4, 12), sent=1, received=2))
    if world.members >= 5:
        ties[3].append(_PlantedTie(s["expert"], d(2023, 1, 17), sent=2, received=2))
    return ties[member]


def _sample_people(
    pool: _Pool,
    rng: np.random.Generator,
    count: int,
    cdf: np.ndarray,
    candidates: np.ndarray | None = None,
    colleague_share: float = 0.0,
) -> np.ndarray:
    """Distinct unreserved people: a share among ``candidates`` (colleagues), the rest by popularity."""
    picked = np.zeros(0, dtype=np.int64)
    rounds = 0
    while len(picked) < count and rounds < 50:
        rounds += 1
        need = count - len(picked)
        parts = [picked]
        if candidates is not None and len(candidates):
            parts.append(rng.choice(candidates, int(need * colleague_share * 1.3) + 1))
        parts.append(np.searchsorted(cdf, rng.random(int(need * 1.5) + 10) * cdf[-1], side="right"))
        merged = np.concatenate(parts)
        merged = merged[merged >= pool.reserved]
        _, first_seen = np.unique(merged, return_index=True)
        picked = merged[np.sort(first_seen)]
    return picked[:count]


def _bulk_contacts(
    world: _World, member: _Member, rng: np.random.Generator, already: int
) -> tuple[np.ndarray, np.ndarray]:
    """The member's ordinary connections and the day each was made, topping ``already`` up to the target."""
    pool, style = world.pool, member.style
    count = max(0, style.contacts - already)
    if style.recent_only:
        block = np.arange(pool.reserved, pool.reserved + world.block)
        people = rng.choice(block, min(len(block), count), replace=False)
        old = rng.random(len(people)) < 0.05
        days = np.where(
            old,
            _NOW_DAY - 31 - rng.integers(0, 700, len(people)),
            _NOW_DAY - 1 - rng.integers(0, 30, len(people)),
        )
        return people, days
    names = member.companies
    companies = [c for c in range(len(pool.companies)) if pool.companies[c][0] in names]
    colleagues = np.concatenate([pool.people_at(c) for c in companies]) if companies else None
    cdf = pool.boss_cdf if style.boss_bias else pool.cdf
    people = _sample_people(pool, rng, count, cdf, colleagues, style.colleague_share)
    career = min(day for *_, day, _ in member.positions)
    ages = rng.exponential(style.age_scale_days, len(people)).astype(int)
    days = np.maximum(_NOW_DAY - 1 - ages, max(career, _FIRST_DAY))
    return people, days


def _thread(
    rnd: random.Random,
    sent: int,
    received: int,
    first_day: int,
    last_active: int | None,
    texts: tuple[str, ...] = _MESSAGES,
) -> list[tuple[int, bool, str]]:
    """One conversation as (stamp, outgoing, text), newest first.

    Messages cluster before a last-activity day that leans towards the recent past: recency and
    reciprocity are what tie strength reads, so both vary realistically between ties.
    """
    if last_active is None:
        last_active = _NOW_DAY - 1 - min(int(rnd.expovariate(1 / 300)), max(0, _NOW_DAY - 1 - first_day))
    span = max(1, min(last_active - first_day + 1, int(rnd.expovariate(1 / 120)) + 1))
    directions = [True] * sent + [False] * received
    rnd.shuffle(directions)
    days = sorted((last_active - rnd.randrange(span) for _ in directions[1:]), reverse=True)
    days.insert(0, last_active)
    return [
        (day * _DAY + rnd.randrange(7 * 3600, 22 * 3600), outgoing, rnd.choice(texts))
        for day, outgoing in zip(days, directions, strict=True)
    ]


def _pair_random(seed: int, a: int, b: int) -> random.Random:
    """A generator for the pair's thread that both members' exports reproduce identically."""
    low, high = min(a, b), max(a, b)
    return random.Random((seed << 42) ^ (low << 21) ^ high)


def _conversation_id(seed: int, a: int, b: int) -> str:
    """LinkedIn-like opaque ids (``2-<base64>``), shared by both sides of a pair."""
    low, high = min(a, b), max(a, b)
    return "2-" + base64.b64encode(f"{seed}-{low}-{high}-conversation".encode()).decode()


def _add_thread(export: _Export, world: _World, person: int, thread: list, owner_sent_first: bool) -> None:
    """Append a thread to the export, oriented from the owner's side."""
    conversation = _conversation_id(world.seed, export.owner, person)
    low, high = min(export.owner, person), max(export.owner, person)
    folder = "ARCHIVE" if (low * 31 + high) % 9 == 0 else "INBOX"
    for stamp, outgoing, text in thread:
        mine = outgoing if owner_sent_first else not outgoing
        export.messages.append((stamp, conversation, person, mine, text, folder))


def _build_export(world: _World, index: int) -> _Export:
    """All the facts of member ``index``'s archive: team ties, planted ties, then ordinary contacts."""
    rng = np.random.default_rng([world.seed, 3, index])
    rnd = random.Random(world.seed * 1_000_003 + index)
    member, export = world.roster[index], _Export(owner=index)
    _add_team_ties(world, export)
    planted = _planted_ties(world, index)
    _add_planted_ties(world, export, planted)
    people, days = _bulk_contacts(world, member, rng, len(export.connections))
    if index == 0:  # guarantee contacts "new since" the earlier snapshot of the history scenario
        days[:4] = _EARLIER_DAY + 1 + rng.integers(0, _NOW_DAY - _EARLIER_DAY - 2, min(4, len(days)))
    _add_bulk_ties(world, export, member, people, days, rng, rnd)
    _add_extras(world, export, member, rnd, {tie.person for tie in planted})
    return export


def _add_team_ties(world: _World, export: _Export) -> None:
    for tie in world.team_ties[export.owner]:
        export.connections.append((tie.other, tie.day))
        if tie.sent + tie.received:
            owner_is_low = export.owner < tie.other
            sent, received = (tie.sent, tie.received) if owner_is_low else (tie.received, tie.sent)
            texts = _COLLEAGUE_TEXTS if tie.last_active else _MESSAGES  # only the planted pair is scripted
            thread = _thread(
                _pair_random(world.seed, export.owner, tie.other),
                sent,
                received,
                tie.day,
                tie.last_active,
                texts,
            )
            _add_thread(export, world, tie.other, thread, owner_is_low)
        if tie.day >= _NOW_DAY - 150:  # the newer member (higher index) sent the invitation
            stamp = (tie.day - 1) * _DAY + 18 * 3600 + 12 * 60 + (export.owner + tie.other) % 60
            export.invitations.append((stamp, tie.other, export.owner > tie.other, ""))


def _add_planted_ties(world: _World, export: _Export, ties: list[_PlantedTie]) -> None:
    pool = world.pool
    for tie in ties:
        if tie.day:
            export.connections.append((tie.person, tie.day))
        if tie.sent + tie.received:
            thread = _thread(
                _pair_random(world.seed, export.owner, tie.person),
                tie.sent,
                tie.received,
                tie.day,
                tie.last_active,
                tie.texts,
            )
            _add_thread(export, world, tie.person, thread, True)
        if tie.invited_on:
            export.invitations.append(
                (tie.invited_on * _DAY + 10 * 3600 + 7 * 60, tie.person, tie.outgoing, "")
            )
        since = max(tie.day, _day(2023, 1, 1))
        for offset, skill in enumerate(tie.endorsed_by):
            export.endorsed_by.append(((since + 40 + offset) * _DAY + 11 * 3600, tie.person, skill))
        for offset, skill in enumerate(tie.endorses):
            export.endorsed.append(((since + 60 + offset) * _DAY + 15 * 3600, tie.person, skill))
        if tie.recommends:
            text = _RECOMMENDATIONS[0].format(first=pool.first[export.owner])
            export.recommendations.append(((since + 90) * _DAY + 5 * 3600 + 28 * 60, tie.person, text))


def _add_bulk_ties(
    world: _World,
    export: _Export,
    member: _Member,
    people: np.ndarray,
    days: np.ndarray,
    rng: np.random.Generator,
    rnd: random.Random,
) -> None:
    """Ordinary connections, some of them with conversations; a few rows emptied as in real exports."""
    active = rng.random(len(people)) < member.style.active_share
    sent, received = _message_counts(rng, len(people))
    silent = []
    for person, day, talk, s, r in zip(
        people.tolist(), days.tolist(), active.tolist(), sent.tolist(), received.tolist(), strict=True
    ):
        export.connections.append((person, day))
        if talk:
            _add_thread(export, world, person, _thread(rnd, s, r, day, None), True)
        else:
            silent.append(person)
        if day >= _NOW_DAY - 150 and rnd.random() < 0.6:
            outgoing = rnd.random() < (0.9 if member.style.recent_only else 0.4)
            note = (
                rnd.choice(_INVITATION_NOTES) if rnd.random() < 0.2 and not member.style.recent_only else ""
            )
            export.invitations.append(
                ((day - rnd.randrange(4)) * _DAY + rnd.randrange(8 * 3600, 21 * 3600), person, outgoing, note)
            )
    blank_count = min(len(silent), max(1, round(len(silent) * 0.012)))
    export.blank = set(rnd.sample(silent, blank_count))


def _add_extras(
    world: _World, export: _Export, member: _Member, rnd: random.Random, planted: set[int]
) -> None:
    """Endorsements, recommendations, pending invitations and sponsored mail around the ordinary ties."""
    pool = world.pool
    if member.style.recent_only:
        return
    talked = {person for _, _, person, *_ in export.messages}
    old = _NOW_DAY - 3 * 365
    candidates = [
        p
        for p, day in export.connections
        if p >= pool.reserved and p not in export.blank and (p in talked or day < old)
    ]
    for person in rnd.sample(candidates, min(len(candidates), round(member.style.contacts * 0.04))):
        stamp = (_NOW_DAY - rnd.randrange(2, 1500)) * _DAY + rnd.randrange(_DAY)
        export.endorsed_by.append((stamp, person, rnd.choice(member.skills)))
    for person in rnd.sample(candidates, min(len(candidates), round(member.style.contacts * 0.02))):
        stamp = (_NOW_DAY - rnd.randrange(2, 1500)) * _DAY + rnd.randrange(_DAY)
        export.endorsed.append((stamp, person, rnd.choice(_SKILLS[_FUNCTIONS[pool.function[person]]])))
    for person in rnd.sample(candidates, min(len(candidates), rnd.randrange(0, 3))):
        stamp = (_NOW_DAY - rnd.randrange(30, 2500)) * _DAY + rnd.randrange(_DAY)
        export.recommendations.append(
            (stamp, person, rnd.choice(_RECOMMENDATIONS).format(first=pool.first[export.owner].strip()))
        )
    for _ in range(max(1, member.style.contacts // 100)):
        stranger = pool.reserved + rnd.randrange(len(pool.first) - pool.reserved)
        stamp = (_NOW_DAY - rnd.randrange(1, 60)) * _DAY + rnd.randrange(_DAY)
        export.invitations.append((stamp, stranger, True, rnd.choice(_INVITATION_NOTES)))
    for _ in range(rnd.randrange(2, 6)):
        subject, content = rnd.choice(_SPONSORED)
        stamp = (_NOW_DAY - rnd.randrange(1, 400)) * _DAY + rnd.randrange(_DAY)
        export.sponsored.append((stamp, subject, content.format(first=pool.first[export.owner].strip())))


def _earlier_snapshot(world: _World, later: _Export, rnd: random.Random) -> tuple[_Export, dict[str, str]]:
    """Member 0's export one month earlier: newer ties absent, lost ties present, old jobs shown."""
    pool, cut = world.pool, _EARLIER_DAY * _DAY
    known = {person for person, _ in later.connections}
    lost: list[int] = []
    while len(lost) < 4:
        person = pool.reserved + rnd.randrange(len(pool.first) - pool.reserved)
        if person not in known and person not in lost:
            lost.append(person)
    kept = [(p, day) for p, day in later.connections if day < _EARLIER_DAY]
    movable = sorted(p for p, _ in kept if p >= pool.reserved and p not in later.blank)
    movers = rnd.sample(movable, 3)
    earlier = _Export(
        owner=later.owner,
        connections=kept + [(p, _FIRST_DAY + rnd.randrange(3000)) for p in lost],
        messages=[m for m in later.messages if m[0] < cut],
        sponsored=[m for m in later.sponsored if m[0] < cut],
        invitations=[i for i in later.invitations if i[0] < cut],
        endorsed_by=[e for e in later.endorsed_by if e[0] < cut],
        endorsed=[e for e in later.endorsed if e[0] < cut],
        recommendations=[r for r in later.recommendations if r[0] < cut],
        blank=set(later.blank),
    )
    for person in movers:
        previous = _previous_job(pool, rnd, person)
        earlier.job_override[person] = previous
    names = {
        "job_changes": "; ".join(pool.name(p) for p in movers),
        "lost_contacts": "; ".join(pool.name(p) for p in lost),
    }
    return earlier, names


def _previous_job(pool: _Pool, rnd: random.Random, person: int) -> tuple[str, str]:
    """A different employer and a more junior title of the same function."""
    current = pool.employer[person]
    company = current
    while company == current:
        company = _BIG_COMPANIES[rnd.randrange(len(_BIG_COMPANIES))][0]
    options = [t for t in _TITLES if _F[t[3]] == pool.function[person] and t[2] <= max(1, pool.level[person])]
    masculine, feminine, _, _ = rnd.choice(options)
    return company, feminine if pool.female[person] else masculine


# --------------------------------------------------------------------------------------------
# Serialisation: LinkedIn archive
# --------------------------------------------------------------------------------------------


def _connections_csv(world: _World, export: _Export) -> bytes:
    """Preamble, header, newest first, no newline after the last row (2023+ layout)."""
    pool, rows = world.pool, []
    for person, day in sorted(export.connections, key=lambda item: (-item[1], item[0])):
        if person in export.blank:
            rows.append(("", "", "", "", "", "", _connected_on(day)))
            continue
        company, title = export.job_override.get(person, (pool.employer[person], pool.title[person]))
        email = pool.email(person) if pool.shares_email[person] else ""
        rows.append(
            (
                pool.first[person],
                pool.last[person],
                pool.url(person),
                email,
                company,
                title,
                _connected_on(day),
            )
        )
    return (_NOTES_PREAMBLE + _csv_text(rows, CONNECTIONS_HEADER).rstrip("\n")).encode("utf-8")


def _messages_csv(world: _World, export: _Export, variant_2026: bool) -> bytes:
    """messages.csv, newest first: the 2026 layout (all quoted, ATTACHMENTS) or the Dec-2024 one (drafts)."""
    pool, owner = world.pool, export.owner
    owner_name, owner_url = pool.name(owner), pool.url(owner)
    tail = ("",) if variant_2026 else ("No", "No")
    rows = []
    for stamp, conversation, person, mine, text, folder in sorted(
        export.messages, key=lambda m: (-m[0], m[1])
    ):
        name, url = pool.name(person), pool.url(person)
        content = text.replace("{first}", pool.first[owner if not mine else person].strip())
        ends = (owner_name, owner_url, name, url) if mine else (name, url, owner_name, owner_url)
        rows.append((conversation, "", *ends, _utc(stamp), "", content, folder, *tail))
    for number, (stamp, subject, content) in enumerate(sorted(export.sponsored, reverse=True)):
        conversation = "2-" + base64.b64encode(f"sponsored-{owner}-{number}".encode()).decode()
        rows.append(
            (
                conversation,
                "Sponsored Conversation",
                "LinkedIn Member",
                "",
                owner_name,
                owner_url,
                _utc(stamp),
                subject,
                content,
                "INBOX",
                *tail,
            )
        )
    header = MESSAGES_HEADER_2026 if variant_2026 else MESSAGES_HEADER_DEC_2024
    return _csv_text(rows, header, quote_all=variant_2026).encode("utf-8")


def _invitations_csv(world: _World, export: _Export) -> bytes:
    """Invitations.csv, 2024+ layout with profile URLs."""
    pool, owner = world.pool, export.owner
    rows = []
    for stamp, person, outgoing, note in sorted(export.invitations, key=lambda i: (-i[0], i[1])):
        note = note.replace("{first}", pool.first[person if outgoing else owner].strip())
        inviter, invitee = (owner, person) if outgoing else (person, owner)
        rows.append(
            (
                pool.name(inviter),
                pool.name(invitee),
                _us(stamp),
                note,
                "OUTGOING" if outgoing else "INCOMING",
                pool.url(inviter),
                pool.url(invitee),
            )
        )
    return _csv_text(rows, INVITATIONS_HEADER).encode("utf-8")


def _endorsements_csv(world: _World, entries: list, header: tuple) -> bytes:
    """Endorsement_Received_Info / Endorsement_Given_Info: URL without scheme, ``2021/08/11`` dates."""
    pool = world.pool
    rows = [
        (
            _utc(stamp, "/"),
            skill,
            pool.first[p].strip(),
            pool.last[p],
            "www.linkedin.com/in/" + pool.slug[p],
            "ACCEPTED",
        )
        for stamp, p, skill in sorted(entries, key=lambda e: (-e[0], e[1], e[2]))
    ]
    return _csv_text(rows, header).encode("utf-8")


def _recommendations_csv(world: _World, export: _Export) -> bytes:
    pool = world.pool
    rows = [
        (
            pool.first[p].strip(),
            pool.last[p],
            pool.employer[p],
            pool.title[p].strip(),
            text,
            _us(stamp, pad_hour=True),
            "VISIBLE",
        )
        for stamp, p, text in sorted(export.recommendations, key=lambda r: (-r[0], r[1]))
    ]
    return _csv_text(rows, RECOMMENDATIONS_HEADER).encode("utf-8")


def _profile_files(world: _World, member: _Member) -> dict[str, bytes]:
    """Positions, Profile, Skills and Ad_Targeting: the member's own profile."""
    pool, person = world.pool, member.person
    company, title = member.positions[0][0], member.positions[0][1]
    industry = pool.companies[pool.company[person]][1]
    positions = [
        (c, t, "", place, _month_year(start), _month_year(end) if end else "")
        for c, t, place, start, end in member.positions
    ]
    headline = f"{title} chez {company} | {' & '.join(member.skills[:2])}"
    summary = f"{len(member.positions)} expériences, de {member.positions[-1][0]} à {company}."
    profile = [
        (
            pool.first[person],
            pool.last[person],
            "",
            "",
            "",
            headline,
            summary,
            industry,
            member.location[1],
            member.location[0],
            "",
            "",
            "",
        )
    ]
    groups = "; ".join(world.groups[g].name for g in member.groups)
    targeting = [
        (
            "25-34",
            "",
            company,
            "; ".join(member.companies[1:]),
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            _FUNCTIONS[pool.function[person]].title(),
            "",
            "",
            groups,
            industry,
            "",
            "French",
            "fr_FR",
            "",
            member.location[0],
            "",
            "",
            "; ".join(member.skills),
            title,
            "; ".join(t for _, t, *_ in member.positions[1:]),
            "",
            "6 to 10 years",
        )
    ]
    return {
        "Positions.csv": _csv_text(positions, POSITIONS_HEADER).encode("utf-8"),
        "Profile.csv": _csv_text(profile, PROFILE_HEADER).encode("utf-8"),
        "Skills.csv": _csv_text([(s,) for s in member.skills], ("Name",)).encode("utf-8"),
        "Ad_Targeting.csv": _csv_text(targeting, AD_TARGETING_HEADER).encode("utf-8"),
    }


def _archive_files(world: _World, export: _Export) -> dict[str, bytes]:
    """Every CSV of the archive, by name; half the members get the Dec-2024 messages layout."""
    member = world.roster[export.owner]
    files = {
        "Connections.csv": _connections_csv(world, export),
        "messages.csv": _messages_csv(world, export, variant_2026=export.owner % 2 == 0),
        "Invitations.csv": _invitations_csv(world, export),
        "Endorsement_Received_Info.csv": _endorsements_csv(
            world, export.endorsed_by, ENDORSEMENTS_RECEIVED_HEADER
        ),
        "Endorsement_Given_Info.csv": _endorsements_csv(world, export.endorsed, ENDORSEMENTS_GIVEN_HEADER),
        "Recommendations_Received.csv": _recommendations_csv(world, export),
    }
    files.update(_profile_files(world, member))
    return dict(sorted(files.items()))


def _write_zip(path: Path, files: dict[str, bytes]) -> None:
    """Deterministic ZIP: fixed timestamps and permissions, fast deflate."""
    stamp = _ZIP_TIMES[path.name]
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data, compresslevel=1)


# --------------------------------------------------------------------------------------------
# Serialisation: Viadeo vCard and French spreadsheet
# --------------------------------------------------------------------------------------------


def _address_book_people(
    world: _World, export: _Export, rnd: random.Random, share: float, extra: float
) -> list[tuple[int, bool]]:
    """People for an address book: part of the member's LinkedIn contacts (``True``) and others (``False``).

    Overlapping people keep their name and company, so identity resolution can match them.
    """
    pool = world.pool
    linked = sorted(p for p, _ in export.connections if p >= pool.reserved and p not in export.blank)
    chosen = [(p, True) for p in rnd.sample(linked, int(len(linked) * share))]
    known = set(linked)
    while len(chosen) < int(len(linked) * (share + extra)):
        person = pool.reserved + rnd.randrange(len(pool.first) - pool.reserved)
        if person not in known:
            known.add(person)
            chosen.append((person, False))
    return chosen


def _linkedin_url_variant(slug: str, number: int) -> str:
    """The URL spellings people paste: scheme or not, country subdomain, trailing slash, tracking query."""
    variants = (
        f"https://www.linkedin.com/in/{slug}",
        f"http://fr.linkedin.com/in/{slug}/",
        f"linkedin.com/in/{slug}",
        f"https://www.linkedin.com/in/{slug}?trk=public_profile",
    )
    return variants[number % len(variants)]


def _qp(value: str, indent: int) -> str:
    """Quoted-printable of the ISO-8859-1 bytes, soft-wrapped at 76 columns as vCard 2.1 writers did.

    ``indent`` is the length of what precedes the value on the first line. A space never starts a
    continuation line (it would read as vCard line folding), so it is written ``=20`` there.
    """
    tokens = [
        chr(b) if (33 <= b <= 126 and b != 61) or b == 32 else f"={b:02X}" for b in value.encode("latin-1")
    ]
    if tokens and tokens[-1] == " ":
        tokens[-1] = "=20"
    lines, current, budget = [], "", max(20, 75 - indent)
    for token in tokens:
        if len(current) + len(token) > budget:
            lines.append(current + "=")
            current, budget = "", 75
        current += "=20" if token == " " and not current else token
    return "\r\n".join([*lines, current])


def _vcard_property(name: str, value: str) -> str:
    """Plain when ASCII, else ``CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE`` like Viadeo's address book."""
    value = _encodable(value, "latin-1")
    if value.isascii():
        return f"{name}:{value}"
    prefix = f"{name};CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:"
    return prefix + _qp(value, len(prefix))


def _vcard(pool: _Pool, person: int, linked: bool, note: str, number: int) -> str:
    """One vCard 2.1 entry; the ADR line is raw 8-bit ISO-8859-1, as some exporters wrote it."""
    first, last = _encodable(pool.first[person], "latin-1"), _encodable(pool.last[person], "latin-1")
    lines = [
        "BEGIN:VCARD",
        "VERSION:2.1",
        _vcard_property("N", f"{last};{first};;;"),
        _vcard_property("FN", f"{first} {last}"),
        _vcard_property("ORG", pool.employer[person]),
        _vcard_property("TITLE", pool.title[person]),
    ]
    if number % 3:
        lines.append(f"EMAIL;PREF;INTERNET:{pool.email(person)}")
    if linked and number % 2:
        lines.append(f"URL;WORK:{_linkedin_url_variant(pool.slug[person], number)}")
    else:
        lines.append(f"URL:http://www.viadeo.com/profile/0021{(person * 2654435761) & 0xFFFFFFFF:08x}")
    if note:
        lines.append(_vcard_property("NOTE", note))
    if number % 4 == 0:
        lines.append("ADR;WORK;CHARSET=ISO-8859-1:;;;Paris;Île-de-France;;France")
    lines.append("END:VCARD")
    return "\r\n".join(lines) + "\r\n"


def _viadeo_vcf(world: _World, export: _Export, rnd: random.Random) -> bytes:
    """Member 2's Viadeo address book: ~30 % of their LinkedIn contacts plus people LinkedIn lacks."""
    pool, slots = world.pool, world.slots
    people = _address_book_people(world, export, rnd, 0.2, 0.1)
    cards = [_vcard(pool, person, linked, "", number) for number, (person, linked) in enumerate(people)]
    if world.members >= 3:
        cards.append(
            _vcard(
                pool,
                slots["expert"],
                True,
                "Compétences : Cybersécurité / ISO 27001 / Sécurité informatique / Gestion des risques",
                1,
            )
        )
        cards.append(_vcard(pool, slots["namesake_twin"], False, "", 2))
    return "".join(cards).encode("latin-1")


def _french_csv(world: _World, export: _Export, rnd: random.Random) -> bytes:
    """Member 3's spreadsheet: Excel in a French locale (cp1252, ``;``, CRLF), names often in capitals."""
    pool = world.pool
    people = _address_book_people(world, export, rnd, 0.15, 0.1)
    if world.members >= 3:
        people.append((world.slots["namesake_twin"], False))
    rows = []
    for number, (person, linked) in enumerate(people):
        last = pool.last[person].upper() if number % 5 < 2 else pool.last[person]
        url = _linkedin_url_variant(pool.slug[person], number) if linked and number % 3 else ""
        email = pool.email(person) if number % 2 else ""
        rows.append(
            tuple(
                _encodable(v, "cp1252")
                for v in (pool.first[person], last, pool.employer[person], pool.title[person], email, url)
            )
        )
    return _csv_text(rows, FRENCH_CSV_HEADER, delimiter=";", newline="\r\n").encode("cp1252")


# --------------------------------------------------------------------------------------------
# Serialisation: groups
# --------------------------------------------------------------------------------------------


def _group_people(world: _World, rng: np.random.Generator, group: _Group, size: int) -> list[int]:
    """Mostly people of the group's functions, the rest by popularity (only some known to the team)."""
    pool = world.pool
    topical = np.concatenate([pool.function_people[f] for f in group.functions])
    picked = rng.choice(topical, min(len(topical), int(size * 0.6)), replace=False)
    popular = _sample_people(pool, rng, size, pool.cdf)
    merged = np.concatenate([picked, popular])
    _, first_seen = np.unique(merged, return_index=True)
    return merged[np.sort(first_seen)][:size].tolist()


def _group_rows(world: _World, rng: np.random.Generator, index: int, group: _Group, size: int) -> list[tuple]:
    """One group's rows: owner first, a few managers, members; posts heavy-tailed, mostly zero."""
    pool = world.pool
    people = _group_people(world, rng, group, size)
    people += [m.person for m in world.roster if index in m.groups]
    roles = {person: "member" for person in people}
    for rank, person in enumerate(people[: 1 + int(rng.integers(0, 4))]):
        roles[person] = "owner" if rank == 0 else "manager"
    planted = _planted_memberships(world, index)
    for person, role, _ in planted:
        roles[person] = role
        if role == "owner":
            roles.update({p: "manager" for p, r in roles.items() if r == "owner" and p != person})
    posts = {p: n for p, _, n in planted}
    rows = []
    for number, person in enumerate(dict.fromkeys([*[p for p, _, _ in planted], *people])):
        role = roles[person]
        count = posts.get(person, _posts(rng, role))
        joined = _iso_day(
            group.created
            if role == "owner"
            else group.created + int(rng.integers(0, max(1, _NOW_DAY - 1 - group.created)))
        )
        url = "" if number % 10 == 9 else pool.url(person)
        email = pool.email(person) if number % 4 == 1 or not url else ""
        rows.append((group.name, pool.name(person), url, email, role, count, joined, group.description))
    return rows


def _posts(rng: np.random.Generator, role: str) -> int:
    if role == "owner":
        return int(20 + rng.pareto(1.2) * 40)
    if role == "manager":
        return int(5 + rng.pareto(1.2) * 15)
    return 0 if rng.random() < 0.7 else int(1 + rng.pareto(1.5) * 3)


def _planted_memberships(world: _World, index: int) -> list[tuple[int, str, int]]:
    """(person, role, posts) the scenarios promise: Inès owns the cyber group with many posts."""
    if world.members < 3:
        return []
    slots, name = world.slots, world.groups[index].name
    return {
        _EXPERT_GROUP: [(slots["expert"], "owner", 412)],
        "Achats & Supply Chain": [(slots["target"], "manager", 57)],
        "Sales Leaders": [(slots["decoy"], "member", 3), (slots["target_vp_sales"], "member", 12)],
    }.get(name, [])


def _groups_csv(world: _World) -> bytes:
    """groups.csv: one row per (group, person), the group's description repeated on each row."""
    rng = np.random.default_rng([world.seed, 4])
    pool_size = len(world.pool.first)
    mean = float(np.clip(pool_size / 15, 20, 500))
    rows = []
    for index, group in enumerate(world.groups):
        size = int(np.clip(mean * rng.lognormal(0, 0.6), 8, pool_size // 3))
        rows += _group_rows(world, rng, index, group, size)
    return _csv_text(rows, GROUPS_HEADER).encode("utf-8")


# --------------------------------------------------------------------------------------------
# Per-member driver
# --------------------------------------------------------------------------------------------


def _write_member(world: _World, index: int, out_dir: Path, history: bool) -> MemberExport:
    """Write member ``index``'s files (older archive first) and describe them."""
    pool = world.pool
    folder = out_dir / pool.slug[index]
    folder.mkdir(parents=True, exist_ok=True)
    export = _build_export(world, index)
    rnd = random.Random(world.seed * 7_919 + index)
    files = []
    if history and index == 0:
        earlier, names = _earlier_snapshot(world, export, rnd)
        world.planted.update(names)
        files.append(folder / EARLIER_EXPORT_NAME)
        _write_zip(files[-1], _archive_files(world, earlier))
    files.append(folder / EXPORT_NAME)
    _write_zip(files[-1], _archive_files(world, export))
    if index == 2:
        files.append(folder / "viadeo.vcf")
        files[-1].write_bytes(_viadeo_vcf(world, export, rnd))
    if index == 3:
        files.append(folder / "contacts.csv")
        files[-1].write_bytes(_french_csv(world, export, rnd))
    member = world.roster[index]
    return MemberExport(
        pool.name(index), pool.url(index), member.positions[0][0], member.positions[0][1], files
    )
