"""The team's targets: the accounts (companies, industries) and titles it wants to reach.

A targets file (``score --targets``, ``contacts``, ``report``) is read once into ``Targets``, whose
``weight`` says how well a person fits; the quality score's relevance component, the contacts'
value and the accounts' coverage all read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from graphintro.errors import ImportFormatError
from graphintro.identity import company_key, fold


@dataclass
class Targets:
    """The team's targets: accounts (companies, industries) and titles, as folded keys."""

    companies: set[str] = field(default_factory=set)
    industries: set[str] = field(default_factory=set)
    titles: list[str] = field(default_factory=list)
    industry_of: dict[str, str] = field(default_factory=dict)  # company key -> folded industry

    def weight(self, company: str, industry: str, title: str) -> float:
        """0 to 1: how well a person fits — right account, right title, or both."""
        kinds = []
        if self.companies or self.industries:
            kinds.append(
                company_key(company) in self.companies
                or (bool(industry) and fold(industry) in self.industries)
            )
        if self.titles:
            folded = f" {fold(title)} "
            kinds.append(any(f" {words} " in folded for words in self.titles))
        return sum(kinds) / len(kinds) if kinds else 0.0

    def __bool__(self) -> bool:
        return bool(self.companies or self.industries or self.titles)


def load_targets(path: str | Path) -> Targets:
    """Read a targets file: TOML (``companies``, ``industries``, ``titles`` lists and an optional
    ``[industry_of]`` table company → industry) or CSV (columns ``company``, ``industry``, ``title``,
    any of them empty; a row with a company and an industry also says the company's industry)."""
    import csv
    import tomllib

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFormatError(str(path), "a targets file is UTF-8 text") from None
    targets = Targets()
    if path.suffix.lower() == ".toml":
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise ImportFormatError(str(path), f"bad TOML ({error})") from None
        lists = {key: data.get(key, []) for key in ("companies", "industries", "titles")}
        mapping = data.get("industry_of", {})
        if not all(
            isinstance(v, list) and all(isinstance(x, str) for x in v) for v in lists.values()
        ) or not isinstance(mapping, dict):
            raise ImportFormatError(str(path), "companies, industries and titles are lists of text")
        rows = (
            [{"company": c} for c in lists["companies"]]
            + [{"industry": i} for i in lists["industries"]]
            + [{"title": t} for t in lists["titles"]]
        )
        rows += [{"company": c, "industry": str(i), "mapping_only": True} for c, i in mapping.items()]
    else:
        reader = csv.DictReader(
            text.splitlines(), dialect=csv.Sniffer().sniff(text[:2048], ",;\t") if text.strip() else "excel"
        )
        fields = {fold(f) for f in reader.fieldnames or []}
        if not fields & {"company", "industry", "title"}:
            raise ImportFormatError(str(path), "a targets CSV has columns company, industry and/or title", 1)
        rows = [{fold(k): (v or "").strip() for k, v in row.items() if k} for row in reader]
    for row in rows:
        company, industry, title = row.get("company", ""), row.get("industry", ""), row.get("title", "")
        if company and industry:
            targets.industry_of[company_key(company)] = fold(industry)
        if row.get("mapping_only"):
            continue
        if company:
            targets.companies.add(company_key(company))
        if industry:
            targets.industries.add(fold(industry))
        if title and fold(title):
            targets.titles.append(fold(title))
    if not targets:
        raise ImportFormatError(str(path), "no company, industry or title in the targets file")
    return targets
