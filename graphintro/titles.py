"""Function and seniority from a job title, French or English: one keyword table for each.

Titles are folded (accents, case and punctuation away) and matched against ordered keywords, first
match wins, so specific phrases ("account manager", "directeur général") come before the generic
words they contain ("manager", "directeur"). A keyword ending in ``*`` matches a word prefix
("achat*": achats, acheteur is its own entry), others whole words ("rh", "it", "vp"). A decision
maker is seniority 4 or 5: Directeur/Directrice, Director, VP, Head, DRH, DSI, DAF, RSSI, Chief,
CEO/CTO/CFO…, Président, Founder/Fondateur, Associé, Gérant.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from graphintro.identity import fold

# (folded keyword, value), first match wins; "word*" matches a word prefix, "word" a whole word.
FUNCTION_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("cyber*", "cyber"),
    ("securite", "cyber"),
    ("security", "cyber"),
    ("rssi", "cyber"),
    ("ciso", "cyber"),
    ("soc", "cyber"),
    ("pentest*", "cyber"),
    ("accountant", "finance"),
    ("affaires", "sales"),
    ("grands comptes", "sales"),
    ("account*", "sales"),
    ("sales", "sales"),
    ("commercia*", "sales"),
    ("vente*", "sales"),
    ("business develop*", "sales"),
    ("partenariat*", "sales"),
    ("data", "data"),
    ("donnees", "data"),
    ("machine learning", "data"),
    ("bi", "data"),
    ("achat*", "purchasing"),
    ("acheteu*", "purchasing"),
    ("procurement", "purchasing"),
    ("purchasing", "purchasing"),
    ("buyer", "purchasing"),
    ("supply chain", "purchasing"),
    ("sourcing", "purchasing"),
    ("approvisionnement*", "purchasing"),
    ("drh", "hr"),
    ("rh", "hr"),
    ("hr", "hr"),
    ("ressources humaines", "hr"),
    ("human resources", "hr"),
    ("recrut*", "hr"),
    ("recruit*", "hr"),
    ("talent*", "hr"),
    ("chro", "hr"),
    ("daf", "finance"),
    ("cfo", "finance"),
    ("financ*", "finance"),
    ("controle de gestion", "finance"),
    ("controleu*", "finance"),
    ("comptab*", "finance"),
    ("tresor*", "finance"),
    ("marketing", "marketing"),
    ("communication", "marketing"),
    ("cmo", "marketing"),
    ("produit", "marketing"),
    ("product", "marketing"),
    ("growth", "marketing"),
    ("brand", "marketing"),
    ("dsi", "tech"),
    ("cto", "tech"),
    ("cio", "tech"),
    ("developpeu*", "tech"),
    ("developer", "tech"),
    ("software", "tech"),
    ("devops", "tech"),
    ("cloud", "tech"),
    ("tech", "tech"),
    ("technique", "tech"),
    ("informatique", "tech"),
    ("it", "tech"),
    ("architecte", "tech"),
    ("full stack", "tech"),
    ("qualite", "engineering"),
    ("quality", "engineering"),
    ("embarque*", "engineering"),
    ("bureau d etudes", "engineering"),
    ("engineering", "engineering"),
    ("ingenieu*", "engineering"),
    ("engineer", "engineering"),
    ("production", "engineering"),
    ("consultant*", "consulting"),
    ("conseil", "consulting"),
    ("associe*", "consulting"),
    ("ceo", "general"),
    ("chief executive", "general"),
    ("pdg", "general"),
    ("dg", "general"),
    ("directeur general", "general"),
    ("directrice generale", "general"),
    ("president*", "general"),
    ("fondat*", "general"),
    ("founder", "general"),
    ("cofounder", "general"),
    ("gerant*", "general"),
    ("managing director", "general"),
    ("chef de projet", "general"),
    ("project manager", "general"),
    ("office manager", "general"),
    ("stagiaire", "general"),
    ("intern", "general"),
)
FUNCTIONS = tuple(dict.fromkeys(value for _, value in FUNCTION_KEYWORDS))
# 0 intern, 1 individual contributor, 2 senior or lead, 3 manager, 4 director / head / VP, 5 executive.
SENIORITY_KEYWORDS: tuple[tuple[str, int], ...] = (
    ("stagiaire", 0),
    ("intern", 0),
    ("internship", 0),
    ("alternant*", 0),
    ("apprenti*", 0),
    ("trainee", 0),
    ("office manager", 1),
    ("project manager", 2),
    ("product manager", 2),
    ("account manager", 2),
    ("business partner", 2),
    ("account executive", 2),
    ("ceo", 5),
    ("cto", 5),
    ("cfo", 5),
    ("cmo", 5),
    ("coo", 5),
    ("cio", 5),
    ("cpo", 5),
    ("chro", 5),
    ("chief", 5),
    ("pdg", 5),
    ("dg", 5),
    ("directeur general", 5),
    ("directrice generale", 5),
    ("president*", 5),
    ("fondat*", 5),
    ("founder", 5),
    ("cofounder", 5),
    ("managing director", 5),
    ("associe*", 5),
    ("partner", 5),
    ("gerant*", 5),
    ("directeur*", 4),
    ("directrice*", 4),
    ("director", 4),
    ("vp", 4),
    ("vice president", 4),
    ("head", 4),
    ("drh", 4),
    ("dsi", 4),
    ("daf", 4),
    ("rssi", 4),
    ("ciso", 4),
    ("manager", 3),
    ("responsable", 3),
    ("chef de service", 3),
    ("team lead", 3),
    ("senior", 2),
    ("lead", 2),
    ("d affaires", 2),
    ("chef*", 2),
    ("cheffe*", 2),
    ("architecte", 2),
    ("expert*", 2),
    ("principal", 2),
    ("ingenieu*", 1),
    ("engineer", 1),
    ("developpeu*", 1),
    ("developer", 1),
    ("analyst*", 1),
    ("analyste", 1),
    ("commercia*", 1),
    ("acheteu*", 1),
    ("buyer", 1),
    ("consultant*", 1),
    ("charge*", 1),
    ("assistant*", 1),
    ("technicien*", 1),
    ("scientist", 1),
    ("pentester", 1),
    ("business developer", 1),
    ("recruiter", 1),
    ("comptable", 1),
    ("controleu*", 1),
    ("officer", 1),
)
SENIORITY_LEVELS = 6
DECISION_MAKER_LEVEL = 4


def _find(keywords: Sequence[tuple[str, object]], title: str):
    words = f" {fold(title)} "
    for keyword, value in keywords:
        if keyword.endswith("*"):
            if f" {keyword[:-1]}" in words:
                return value
        elif f" {keyword} " in words:
            return value
    return None


def title_function(title: str) -> str | None:
    """The function a title belongs to ("Directrice des achats" → "purchasing"), None if unknown."""
    return _find(FUNCTION_KEYWORDS, title)


@functools.lru_cache(maxsize=1 << 16)
def title_seniority(title: str) -> int | None:
    """Seniority 0 (intern) .. 5 (executive) of a title ("Head of Data" → 4), None if unknown."""
    return _find(SENIORITY_KEYWORDS, title)


def is_decision_maker(title: str) -> bool:
    """Directeur/Directrice, VP, Head, Chief, C-level, DRH, DSI, Président, Founder…: seniority ≥ 4."""
    level = title_seniority(title)
    return level is not None and level >= DECISION_MAKER_LEVEL
