"""Where each person and link of a ``path`` answer goes in its SVG picture.

Only geometry: the template (``path_svg`` in ``_macros.html.j2``) writes the SVG, so that every name
and evidence sentence goes through Jinja's autoescape like any other value on the page.
"""

from __future__ import annotations

WIDTH = 940
NODE_RADIUS = 24
LABEL_CHARS = 26


def initials(name: str) -> str:
    """Up to two letters for the node's disc ("Zoé Fontaine" → "ZF")."""
    letters = [word[0] for word in name.split() if word[:1].isalpha()]
    return "".join(letters[:1] + letters[-1:]).upper() if letters else "?"


def short(text: str, limit: int = LABEL_CHARS) -> str:
    """A label that fits under its node; the whole text stays in the node's tooltip."""
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def path_drawing(path: dict, members: set[int] | frozenset[int] = frozenset()) -> dict:
    """The picture of one answer: teammate → … → introducer → target from left to right, link
    width by tie strength, the weakest link marked, each link's evidence attached."""
    people = path["people"]
    count = len(people)
    margin = 130
    step = (WIDTH - 2 * margin) / max(count - 1, 1)
    y = 44
    introducer = (path.get("introducer") or {}).get("id")
    teammate = (path.get("teammate") or {}).get("id")
    weakest = path.get("weakest_link") or {}
    nodes = []
    for index, person in enumerate(people):
        role = (
            "target"
            if index == count - 1
            else "introducer"
            if person["id"] == introducer and index > 0
            else "source"
            if index == 0
            else "teammate"
            if person["id"] in members or person["id"] == teammate
            else "relay"
        )
        nodes.append(
            {
                "id": person["id"],
                "x": round(margin + index * step, 1),
                "y": y,
                "r": NODE_RADIUS,
                "name": person["name"],
                "label": short(person["name"]),
                "initials": initials(person["name"]),
                "detail": short(
                    ", ".join(p for p in (person.get("position"), person.get("company")) if p), 34
                ),
                "role": role,
            }
        )
    links = []
    for index, link in enumerate(path["links"]):
        a, b = nodes[index], nodes[index + 1]
        strength = float(link["strength"])
        is_weakest = (
            count > 2
            and (weakest.get("from") or {}).get("id") == a["id"]
            and (weakest.get("to") or {}).get("id") == b["id"]
        )
        links.append(
            {
                "x1": a["x"] + NODE_RADIUS,
                "x2": b["x"] - NODE_RADIUS,
                "y": y,
                "width": round(1.5 + 10 * strength, 1),
                "strength": strength,
                "weakest": is_weakest,
                "evidence": link["evidence"],
                "from": a["name"],
                "to": b["name"],
                "mid": round((a["x"] + b["x"]) / 2, 1),
            }
        )
    return {"width": WIDTH, "height": 112, "nodes": nodes, "links": links}
