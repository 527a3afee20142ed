"""Plain-text renderings of ``score`` and ``contacts`` for the terminal (``--json`` prints the data)."""

from __future__ import annotations

from collections.abc import Callable

Echo = Callable[[str], None]
SHORT = {
    "strength": "str",
    "activity": "act",
    "diversity": "div",
    "brokerage": "brk",
    "reach": "rch",
    "uniqueness": "unq",
    "relevance": "rel",
}


def render_scores(data: dict, echo: Echo) -> None:
    """One line per member: score, contacts, strong ties and each component in percent."""
    members, team = data["members"], data["team"]
    names = [c for c in SHORT if any(c in m["components"] for m in members) or c in team["components"]]
    width = max([len(m["name"]) for m in members] + [4])
    echo(f"{'':{width}}  score  contacts  strong  " + "  ".join(f"{SHORT[c]:>3}" for c in names))
    rows = [
        (m["name"], m["score"], m["contacts"], m["details"]["strong_ties"], m["components"]) for m in members
    ]
    rows.append(("team", team["score"], team["contacts"], team["details"]["strong_ties"], team["components"]))
    for name, score, contacts, strong, components in rows:
        cells = "  ".join(f"{round(100 * components[c]):>3}" if c in components else "  –" for c in names)
        echo(f"{name:{width}}  {score:5.0f}  {contacts:8d}  {strong:6d}  {cells}")
    echo("")
    echo("components (0-100): " + ", ".join(f"{SHORT[c]} = {c}" for c in names))
    share = team["details"].get("key_person_share", 0)
    echo(
        f"team: {team['details']['decision_makers_reached']} decision makers within reach, "
        f"{share:.0%} of the reach held by one member only"
    )
    for note in score_notes(data):
        echo(note)


def score_notes(data: dict) -> list[str]:
    """What each member's exports lack and would add, and the invitations nobody accepted: one
    sentence each, for the terminal and the report (``score --json``: ``evidence``, ``details``)."""
    notes = []
    for m in data["members"]:
        evidence = m.get("evidence")
        if evidence and "activity" in evidence.get("unmeasured", []):
            notes.append(
                f"{m['name']}: the exports hold no {', '.join(evidence['missing'])} (a connections-only export):"
                f" activity is not measured and left out of the score; ties are ranked by how long they exist,"
                f" mutual contacts, shared groups and employers, strong from {evidence['strong_tie']:.2f}."
                f" Importing the Complete export would add {'; '.join(evidence['complete_export_adds'])}."
            )
        elif evidence:
            notes.append(
                f"{m['name']}: the exports hold no {', '.join(evidence['missing'])}; importing the"
                f" Complete export would add {'; '.join(evidence['complete_export_adds'])}."
            )
        pending = m["details"].get("pending_invitations", 0)
        if pending:
            notes.append(
                f"{m['name']}: {pending} invitation{'s' * (pending > 1)} nobody accepted,"
                " not counted as contacts."
            )
    return notes


def _contact_line(contact: dict) -> str:
    job = ", ".join(x for x in (contact.get("position"), contact.get("company")) if x)
    return contact["name"] + (f" ({job})" if job else "")


def render_contacts(data: dict, echo: Echo) -> None:
    """The four lists of ``graphintro contacts``, each with its reasons."""
    owner = data.get("owner")
    whose = f"{owner['name']}'s " if owner else ""
    sections = (
        (f"{whose}most valuable contacts" if owner else "Most valuable contacts", data["valuable"]),
        (f"{whose}strong ties gone dormant" if owner else "Strong ties gone dormant", data["dormant"]),
    )
    for title, contacts in sections:
        echo(title + (": reactivate" if contacts is data["dormant"] else ""))
        for rank, contact in enumerate(contacts, start=1):
            echo(f"  {rank}. {_contact_line(contact)}")
            echo(f"     {'; '.join(contact['reasons'])}")
        if not contacts:
            echo("  none")
        echo("")
    echo("Accounts reachable through a single teammate (key-person risk)")
    for risk in data["key_person_risk"]:
        echo(
            f"  {risk['company']}: only {risk['member']['name']} ({risk['people']} people, "
            f"{risk['decision_makers']} decision makers)"
        )
    if not data["key_person_risk"]:
        echo("  none")
    echo("")
    echo("Teammates whose networks overlap most")
    for overlap in data["overlaps"]:
        first, second = (m["name"] for m in overlap["members"])
        echo(f"  {first} & {second}: {overlap['shared']} shared contacts ({overlap['jaccard']:.0%})")
    if not data["overlaps"]:
        echo("  none")
