"""Who is who: normalising names, companies, URLs and emails, and deciding when two records are one person.

The rules follow ``docs/formats.md``: a normalised profile URL is the strongest key, an email
next, then name + company with accents, case, particles and word order folded. Two records are
never merged on a name alone when their companies differ: a wrong merge fabricates an introduction
that does not exist, which is worse than a missed one.

One concept per module: ``keys`` (folding and normalising names, companies, URLs and emails into
the keys records are compared by), ``similar`` (when two names or two companies are close enough:
the fuzzy rules), ``matcher`` (``IdentityIndex``: deciding which known person a record is).
"""

from __future__ import annotations

from graphintro.identity.keys import (
    COMPANY_NOISE,
    NAME_PARTICLES,
    WEBMAIL_DOMAINS,
    company_key,
    email_company_key,
    fold,
    full_name,
    member_urn,
    name_key,
    normalize_email,
    normalize_url,
)
from graphintro.identity.matcher import Candidate, IdentityIndex, IdentitySource
from graphintro.identity.similar import (
    COMPANY_FUZZY_MIN,
    NAME_FUZZY_MIN,
    NAME_VARIANT_MIN,
    companies_agree,
    company_agrees,
    plausibly_same_name,
)

# What callers import from here (importers, ingest, people, the backends, topics, tests…).
__all__ = [
    "COMPANY_FUZZY_MIN",
    "COMPANY_NOISE",
    "NAME_FUZZY_MIN",
    "NAME_PARTICLES",
    "NAME_VARIANT_MIN",
    "WEBMAIL_DOMAINS",
    "Candidate",
    "IdentityIndex",
    "IdentitySource",
    "companies_agree",
    "company_agrees",
    "company_key",
    "email_company_key",
    "fold",
    "full_name",
    "member_urn",
    "name_key",
    "normalize_email",
    "normalize_url",
    "plausibly_same_name",
]
