"""One example per command, shown at the end of its ``--help`` (a new command adds its own here: a
test walks every command and fails on one without an example)."""

from __future__ import annotations

import typer

EXAMPLES: dict[str, list[str]] = {
    "": [
        "graphintro demo",
        'graphintro path "Camille Rousseau" "Zoé Fontaine"',
        "graphintro --install-completion",
    ],
    "import": ['graphintro import Complete_LinkedInDataExport_11-02-2026.zip --owner "Camille Rousseau"'],
    "sync": ["NEO4J_URI=bolt://localhost:7687 graphintro sync"],
    "people": ['graphintro people "société générale" -n 20', "graphintro people merge 12 57"],
    "people merge": ["graphintro people merge 12 57 --json"],
    "people split": ["graphintro people split 12"],
    "stats": ["graphintro stats --json"],
    "path": [
        'graphintro path "Camille Rousseau" "Zoé Fontaine" -k 3',
        'graphintro path "Camille Rousseau" --company "Aéroline Systèmes" --title "VP|Directeur"',
    ],
    "experts": [
        'graphintro experts cybersécurité --from "Camille Rousseau" -n 5 --csv experts.csv',
        "graphintro experts cybersécurité --csv experts-hubspot.csv --format hubspot",
    ],
    "ask": ['graphintro ask "Camille Rousseau" "Zoé Fontaine" --lang en'],
    "asks": [
        'graphintro asks --status all --introducer "David Nguyen"',
        "graphintro asks --csv asks.csv --format salesforce",
    ],
    "asks done": ['graphintro asks done 1 introduced --on 2026-12-04 --note "call booked"'],
    "asks cancel": ["graphintro asks cancel 2"],
    "inbox": ['graphintro inbox --owner "David Nguyen" --days 14'],
    "calibration": ["graphintro calibration --json"],
    "tie": ['graphintro tie rate "Camille Rousseau" "David Nguyen" 5'],
    "tie rate": ['graphintro tie rate "Camille Rousseau" "David Nguyen" 5 --note "same office"'],
    "forget": ['graphintro forget "Thomas Martin" --yes'],
    "score": ['graphintro score --owner "Camille Rousseau" --targets targets.toml'],
    "contacts": ['graphintro contacts --owner "Camille Rousseau" -n 5'],
    "accounts": [
        'graphintro accounts "Aéroline Systèmes" Thales --csv accounts.csv',
        "graphintro accounts --targets targets.toml --csv introductions.csv --format salesforce",
    ],
    "report": ["graphintro report --out report.html --redact"],
    "export": [
        "graphintro export --format gexf --out team.gexf --min-strength 0.3",
        "graphintro export --format parquet --out tables/",
    ],
    "demo": ["graphintro demo --members 5 --contacts 300"],
    "serve": ["graphintro serve --open", "graphintro serve --host 0.0.0.0 --token auto"],
}


def _examples(name: str) -> str | None:
    """The epilog of a command's --help: its examples, one a paragraph (rich joins single lines)."""
    lines = EXAMPLES.get(name)
    return "\n\n".join(["Examples:", *lines]) if lines else None


def add_examples(app: typer.Typer) -> None:
    """Every command (and group) of ``app`` gets its ``EXAMPLES`` as the end of its --help."""
    app.info.epilog = _examples("")
    for info in app.registered_commands:
        info.epilog = _examples(info.name or "")
    for group in app.registered_groups:
        if group.typer_instance is None or group.name is None:
            continue  # every group here is added with its name and its Typer
        group.epilog = group.typer_instance.info.epilog = _examples(group.name)
        for info in group.typer_instance.registered_commands:
            info.epilog = _examples(f"{group.name} {info.name}")
