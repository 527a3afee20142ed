"""The catalogues the synthetic population is drawn from, read from the TOML files of ``data/``.

Names, employers, job titles, skills, places, groups and message texts are data, not code: they
live in ``graphintro/demo/data/*.toml`` (package data, shipped in the wheel), in the order that
matters (earlier names are drawn more often). This module reads them once and gives them types.
"""

from __future__ import annotations

import tomllib
from importlib.resources import files
from typing import Any, NamedTuple


class Company(NamedTuple):
    name: str
    industry: str
    domain: str  # of the work e-mail addresses


class Title(NamedTuple):
    masculine: str
    feminine: str
    level: int  # seniority: 0 intern .. 5 executive
    function: str


class GroupBase(NamedTuple):
    stem: str
    place: str  # the default place; variants for big teams swap it
    functions: tuple[str, ...]
    description: str


def _load(name: str) -> dict[str, Any]:
    return tomllib.loads(files("graphintro.demo").joinpath("data", f"{name}.toml").read_text("utf-8"))


_names, _companies, _jobs, _groups, _texts = (
    _load(name) for name in ("names", "companies", "jobs", "groups", "texts")
)

FEMALE: tuple[str, ...] = tuple(_names["female"])
MALE: tuple[str, ...] = tuple(_names["male"])
LAST: tuple[str, ...] = tuple(_names["last"])

# Indices 0-3 of SPECIAL_COMPANIES: the team's employer, the planted target and decoy companies,
# and the lead-generation shop of the shallow member. Random people never work at 1-3.
TEAM, AEROLINE, CYBER_CONSEIL, PROSPECTIA = 0, 1, 2, 3
SPECIAL_COMPANIES = tuple(Company(*c) for c in _companies["special"])
BIG_COMPANIES = tuple(Company(*c) for c in _companies["big"])
SME_PREFIXES: tuple[str, ...] = tuple(_companies["sme_prefixes"])
SME_CORES: tuple[tuple[str, str], ...] = tuple((core, industry) for core, industry in _companies["sme_cores"])
SME_PLACES: tuple[str, ...] = tuple(_companies["sme_places"])
SME_FORMS: tuple[str, ...] = tuple(_companies["sme_forms"])

FUNCTIONS: tuple[str, ...] = tuple(_jobs["functions"])
FUNCTION_INDEX = {name: index for index, name in enumerate(FUNCTIONS)}
TITLES = tuple(Title(*t) for t in _jobs["titles"])
LEVEL_WEIGHTS: tuple[float, ...] = tuple(_jobs["level_weights"])
SKILLS: dict[str, tuple[str, ...]] = {function: tuple(s) for function, s in _jobs["skills"].items()}
LOCATIONS: tuple[tuple[str, str], ...] = tuple((place, zip_code) for place, zip_code in _jobs["locations"])

GROUP_BASES = tuple(GroupBase(stem, place, tuple(f), text) for stem, place, f, text in _groups["bases"])
GROUP_PLACES: tuple[str, ...] = tuple(_groups["places"])

MESSAGES: tuple[str, ...] = tuple(_texts["messages"])
COLLEAGUE_TEXTS: tuple[str, ...] = tuple(_texts["colleague"])
TARGET_TEXTS: tuple[str, ...] = tuple(_texts["target"])
EXPERT_TEXTS: tuple[str, ...] = tuple(_texts["expert"])
SPONSORED: tuple[tuple[str, str], ...] = tuple((subject, body) for subject, body in _texts["sponsored"])
INVITATION_NOTES: tuple[str, ...] = tuple(_texts["invitation_notes"])
RECOMMENDATIONS: tuple[str, ...] = tuple(_texts["recommendations"])
EMOJI: tuple[str, ...] = tuple(_texts["emoji"])
