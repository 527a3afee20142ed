"""Human-readable renderings shared by the CLI and the demo (``--json`` prints the data itself)."""

from __future__ import annotations

from collections.abc import Callable

Echo = Callable[[str], None]


def person_line(person: dict) -> str:
    """"Zoé Fontaine (Directrice des achats, Aéroline Systèmes)"."""
    job = ", ".join(x for x in (person.get("position"), person.get("company")) if x)
    return person["name"] + (f" ({job})" if job else "")


def render_paths(result: dict, echo: Echo) -> None:
    """Each path hop by hop: people, link strength and evidence, probability and the first ask."""
    for rank, path in enumerate(result["paths"], start=1):
        hops = path["hops"]
        echo(f"{rank}. probability {path['probability']:.0%}, {hops} hop{'s' * (hops > 1)} — {path['ask']}")
        for person, link in zip(path["people"], path["links"] + [None]):
            echo(f"   {person_line(person)}")
            if link:
                evidence = "; ".join(link["evidence"]) or "no evidence but the link itself"
                echo(f"     │ {link['strength']:.2f}: {evidence}")
        echo("")
