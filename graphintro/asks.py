"""Asks: from a path to an introduction. Draft the double opt-in request, remember who was asked.

``graphintro ask`` takes the best answer of ``path`` (or the one through ``--via``), drafts a short
request to the introducer in the requester's language, naming the facts that link the sender to the
introducer and the introducer to the target, plus a blurb the introducer can forward to the target.
graphintro drafts, the user sends: nothing leaves the machine. The ask is kept in the store (table
``asks``) so that the team remembers who was asked, and how it ended.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from graphintro.answers import AskMessages, AskResult, Introduction, PathPerson, Who
from graphintro.errors import NotFoundError, UsageError
from graphintro.store import Store, now_iso

LANGUAGES = ("fr", "en")
MAX_REQUEST = 399  # "under 400 characters": a request that fits a LinkedIn invitation note

# The path evidence is written in English; the French draft says the same facts in French.
_FRENCH_EVIDENCE = [
    (r"^teammates$", "collègues"),
    (r"^connected since (\S+) \((\d+) years?\)$", r"en relation depuis \2 ans"),
    (r"^connected since (\S+) \((\d+) days?\)$", r"en relation depuis \2 jours"),
    (r"^connected since (\S+).*$", r"en relation depuis le \1"),
    (r"^connected$", "en relation"),
    (r"^(\d+) messages? both ways, last on (\S+)$", r"\1 messages échangés, le dernier le \2"),
    (r"^(\d+) messages? both ways$", r"\1 messages échangés"),
    (r"^(\d+) messages?, last on (\S+)$", r"\1 messages, le dernier le \2"),
    (r"^(\d+) messages?$", r"\1 messages"),
    (r"^(\d+) endorsements? \((.*)\)$", r"\1 recommandations de compétences (\2)"),
    (r"^(\d+) endorsements?$", r"\1 recommandations de compétences"),
    (r"^(.+) recommended (.+) in (\d{4})$", r"\1 a recommandé \2 en \3"),
    (r"^(.+) recommended (.+)$", r"\1 a recommandé \2"),
    (r"^invitation with a personal message$", "invitation avec un mot personnel"),
    (r"^both worked at (.+)$", r"passés tous deux par \1"),
    (r"^both at (.+) \(inferred\)$", r"tous deux chez \1"),
    (r"^(\d+) groups? in common: (.+)$", r"\1 groupe(s) en commun : \2"),
    (r"^(\d+) mutual contacts?$", r"\1 contact(s) en commun"),
    (r"^rated (\d)/5 by hand.*$", r"lien noté \1/5"),
]
# Which facts say the most about a relation, strongest first (what a person would cite).
_FACT_ORDER = [
    "recommended",
    "rated",
    "messages",
    "message",
    "worked at",
    "endorsement",
    "connected since",
    "groups in common",
    "group in common",
    "teammates",
    "mutual",
    "connected",
    "both at",
]


def load_templates(config: Path | None = None) -> dict[str, dict[str, str]]:
    """The drafts' templates: ``graphintro/data/asks.toml``, each overridable in the config file's
    ``[asks.templates.<lang>]`` table (a team's own wording, without touching the package)."""
    import tomllib
    from importlib.resources import files

    from graphintro.config import ConfigError, config_path, config_table

    templates = tomllib.loads(files("graphintro").joinpath("data/asks.toml").read_text(encoding="utf-8"))
    path = config or config_path()
    if path.is_file():
        overrides = config_table("asks", path).get("templates", {})
        for lang, table in overrides.items():
            if lang not in templates or not isinstance(table, dict):
                raise ConfigError(path, f"[asks.templates.{lang}]: unknown language (fr or en)")
            for key, value in table.items():
                if key not in templates[lang] or not isinstance(value, str):
                    raise ConfigError(path, f"[asks.templates.{lang}] {key}: unknown template or not text")
                templates[lang][key] = value
    return templates


def default_language(config: Path | None = None) -> str:
    """``[asks] lang`` of the config file, else French (most teams using graphintro write French).
    A config file that cannot be read says so where the drafts' templates are read (``load_templates``)."""
    from graphintro.config import ConfigError, config_table

    try:
        lang = config_table("asks", config).get("lang")
    except ConfigError:
        lang = None
    return lang if lang in LANGUAGES else "fr"


def plain(text: str) -> str:
    """Text from an export made plain for a draft: no control characters, escape sequences or bidi
    overrides (``graphintro.output.terminal_text``), one line."""
    from graphintro.output import terminal_text

    return re.sub(r"\s+", " ", terminal_text(text or "")).strip()


def say_fact(fact: str, lang: str) -> str:
    """One evidence sentence in the draft's language."""
    fact = plain(fact)
    if lang == "fr":
        for pattern, replacement in _FRENCH_EVIDENCE:
            if re.match(pattern, fact):
                return re.sub(pattern, replacement, fact)
    return fact


def best_facts(evidence: list[str], count: int) -> list[str]:
    """The ``count`` facts that say the most about a relation (a recommendation before a shared group)."""

    def rank(fact: str) -> int:
        return next((i for i, word in enumerate(_FACT_ORDER) if word in fact), len(_FACT_ORDER))

    return sorted(evidence, key=rank)[:count]


def draft_messages(path: Introduction, requester: PathPerson, lang: str, templates: dict) -> AskMessages:
    """The request to the introducer (under 400 characters) and the blurb to forward to the target.

    The sender is whoever knows the introducer: the requester, or the teammate of a longer path
    (who asks on the requester's behalf). Facts are dropped, then cut, until the request fits.
    """
    table = templates[lang]
    people, links = path["people"], path["links"]
    introducer, target = people[-2], people[-1]
    sender = people[-3] if len(people) >= 3 else people[0]
    job = ", ".join(plain(x) for x in (target.get("position"), target.get("company")) if x)
    fields = {
        "greeting_name": plain(introducer["name"]).split(" ")[0],
        "introducer": plain(introducer["name"]),
        "target": plain(target["name"]),
        "target_first": plain(target["name"]).split(" ")[0],
        "target_job": f" ({job})" if job else "",
        "sender": plain(sender["name"]),
        "requester": plain(requester["name"]),
        "who_meets": table["for_teammate"].format(requester=plain(requester["name"]))
        if sender["id"] != requester["id"]
        else table["me"],
    }
    ours = links[-2]["evidence"] if len(links) >= 2 else []
    theirs = links[-1]["evidence"]
    for count in (3, 2, 1):
        fields["our_link"] = "; ".join(say_fact(f, lang) for f in best_facts(ours, count)) or "-"
        fields["their_link"] = "; ".join(say_fact(f, lang) for f in best_facts(theirs, count)) or "-"
        request = table["to_introducer"].format(**fields)
        if len(request) <= MAX_REQUEST:
            break
    if len(request) > MAX_REQUEST:
        fields["target_job"] = ""
        request = table["to_introducer"].format(**fields)
    if len(request) > MAX_REQUEST:
        request = request[: MAX_REQUEST - 1].rstrip() + "…"
    return {"to_introducer": request, "forwardable": table["forwardable"].format(**fields)}


def choose_path(paths: list[Introduction], via_id: int | None) -> Introduction:
    """The answer to act on: the one through ``via_id``, else the best that needs an introducer
    (knowing the target oneself needs no introduction)."""
    if via_id is not None:
        found = next((p for p in paths if p["introducer"]["id"] == via_id), None)
        if found is None:
            raise NotFoundError(f"no introduction path through #{via_id} (see 'graphintro path')")
        return found
    found = next((p for p in paths if p["hops"] >= 2), None)
    if found is None:
        raise NotFoundError("you know them directly: no introduction needed")
    return found


def make_ask(
    store: Store,
    source: str,
    target: str,
    via: str | None = None,
    lang: str | None = None,
    config: Path | None = None,
    max_hops: int = 4,
    created: str | None = None,
    ignore_load: bool = False,
) -> AskResult:
    """``graphintro ask``: draft the request from the best path (or the one through ``via``) and record it.

    The best path spares introducers over their ask budget (``graphintro.load``) unless
    ``ignore_load``; the result's ``"load"`` (beside ``"ask"``) says who was spared and why."""
    from graphintro.paths import introductions
    from graphintro.people import resolve_person

    lang = lang or default_language(config)
    if lang not in LANGUAGES:
        raise UsageError(f"--lang must be fr or en (got '{lang}')")
    templates = load_templates(config)
    via_id = resolve_person(store, via) if via else None
    answer = introductions(
        store, source=source, target=target, k=50 if via else 5, max_hops=max_hops, ignore_load=ignore_load
    )
    paths = answer["paths"]
    path = choose_path(paths, via_id)
    first, last = path["people"][0], path["people"][-1]
    requester: Who = {"id": first["id"], "name": first["name"]}
    message = draft_messages(path, path["people"][0], lang, templates)
    created = created or now_iso()
    teammate = path["teammate"]
    # the model's own figure is what an outcome labels (calibration learns from it, never from itself)
    model_probability = path.get("raw_probability", path["probability"])
    with store.transaction(counter="asks_generation") as conn:  # no tie changes: the graph stays cached
        ask_id: int = conn.execute(
            "INSERT INTO asks (requester_id, teammate_id, introducer_id, target_id, probability, status, created,"
            " lang, to_introducer, forwardable, path_json) VALUES (?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?)",
            (
                requester["id"],
                teammate["id"] if teammate else None,
                path["introducer"]["id"],
                last["id"],
                model_probability,
                created,
                lang,
                message["to_introducer"],
                message["forwardable"],
                json.dumps(path, ensure_ascii=False),
            ),
        ).lastrowid  # type: ignore[assignment]  # an INSERT always gives its row id
    result: AskResult = {
        "ask": {
            "id": ask_id,
            "requester": requester,
            "teammate": teammate,
            "introducer": path["introducer"],
            "target": {"id": last["id"], "name": last["name"]},
            "probability": model_probability,
            "status": "open",
            "created": created,
            "message": message,
            "path": path,
        }
    }
    if answer.get("load"):
        result["load"] = answer["load"]
    return result


OUTCOMES = ("introduced", "declined", "no-reply", "met", "won")
FOLLOW_UP_DAYS = 7


def follow_up_days(config: Path | None = None) -> int:
    """``[asks] follow_up_days`` of the config file, else 7: an open ask older than this needs a nudge."""
    from graphintro.config import ConfigError, config_path, config_table

    path = config or config_path()
    value = config_table("asks", path).get("follow_up_days", FOLLOW_UP_DAYS)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ConfigError(path, "[asks] follow_up_days: not a whole number of days")
    return value


def _names(store: Store, ids: set[int]) -> dict[int, str]:
    """Current names of people (merged-away ids followed to the person they became)."""
    names = {}
    for person_id in ids:
        row = store.conn.execute(
            "SELECT name FROM people WHERE id = ?", (store.resolve_id(person_id),)
        ).fetchone()
        names[person_id] = row[0] if row else f"#{person_id}"
    return names


def list_asks(
    store: Store,
    status: str = "open",
    introducer: str | None = None,
    config: Path | None = None,
    today: str | None = None,
) -> dict:
    """``graphintro asks``: the asks, newest first, each flagged ``follow_up`` when it has been open
    longer than the configured delay (the flag is for people: ``--json`` keeps the documented fields)."""
    from datetime import date

    from graphintro.people import resolve_person

    if status not in ("open", "closed", "all"):
        raise UsageError(f"--status must be open, closed or all (got '{status}')")
    query = "SELECT * FROM asks"
    args: list[str | int] = []
    where = []
    if status != "all":
        where.append("status = ?")
        args.append(status)
    if introducer:
        where.append("introducer_id = ?")
        args.append(resolve_person(store, introducer))
    if where:
        query += " WHERE " + " AND ".join(where)
    rows = store.conn.execute(query + " ORDER BY created DESC, id DESC", args).fetchall()
    names = _names(store, {r[k] for r in rows for k in ("requester_id", "introducer_id", "target_id")})
    delay = follow_up_days(config)
    today_date = date.fromisoformat((today or now_iso())[:10])
    asks, follow_up = [], []
    for row in rows:
        asks.append(
            {
                "id": row["id"],
                "requester": {"id": row["requester_id"], "name": names[row["requester_id"]]},
                "introducer": {"id": row["introducer_id"], "name": names[row["introducer_id"]]},
                "target": {"id": row["target_id"], "name": names[row["target_id"]]},
                "status": row["status"],
                "outcome": row["outcome"],
                "created": row["created"],
                "closed": row["closed"],
                "probability": row["probability"],
            }
        )
        if row["status"] == "open" and (today_date - date.fromisoformat(row["created"][:10])).days > delay:
            follow_up.append(row["id"])
    return {"asks": asks, "follow_up": follow_up, "follow_up_days": delay}


def close_ask(store: Store, ask_id: int, outcome: str, on: str | None = None, note: str = "") -> dict:
    """``graphintro asks done`` / ``cancel``: close an open ask with its outcome (``cancelled`` for a
    cancel: not a label of how introductions go). A closed ask stays closed: its outcome is history."""
    from datetime import date

    if outcome not in OUTCOMES + ("cancelled",):
        raise UsageError(f"outcome must be one of {', '.join(OUTCOMES)} (got '{outcome}')")
    if on:
        try:
            closed = date.fromisoformat(on).isoformat()
        except ValueError:
            raise UsageError(f"--on must be a date like 2026-11-30 (got '{on}')") from None
    else:
        closed = now_iso()
    with store.transaction(counter="asks_generation") as conn:  # no tie changes: the graph stays cached
        row = conn.execute("SELECT status, outcome, created FROM asks WHERE id = ?", (ask_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no ask #{ask_id} (see 'graphintro asks --status all')")
        if row["status"] != "open":
            raise UsageError(f"ask #{ask_id} is already closed ({row['outcome']})")
        if (
            closed[:10] > date.today().isoformat()
        ):  # a typo (2062 for 2026) would skew the calibration's labels
            raise UsageError(f"--on {closed[:10]} is in the future")
        if closed[:10] < row["created"][:10]:
            raise UsageError(f"--on {closed[:10]} is before the ask was made ({row['created'][:10]})")
        conn.execute(
            "UPDATE asks SET status = 'closed', outcome = ?, closed = ?, note = ? WHERE id = ?",
            (outcome, closed, note, ask_id),
        )
    return {"id": ask_id, "status": "closed", "outcome": outcome, "closed": closed}
