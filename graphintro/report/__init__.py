"""Periodic network-quality reports: scores, their history, what changed, and the contact lists.

Every ``graphintro report`` run stores a dated snapshot of the scores (table ``snapshots``), so the
next report draws the trend. What changed comes from the exports themselves: a newer export of an
owner reveals new contacts (records first seen in it), lost contacts (records it ended) and job
changes (``record_changes``); an owner's first export of a source is a baseline and reveals nothing.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

from graphintro.errors import GraphintroError, UsageError
from graphintro.output import json_text, markdown_text, web_url
from graphintro.store import Store, now_iso

FORMATS = ("html", "md", "json")
TEMPLATES = Path(__file__).parent / "templates"


class ReportWriteError(GraphintroError):
    """The report file cannot be written (exit code 2, one line)."""


def take_snapshot(store: Store, scores, taken_at: str | None = None) -> str:
    """Store the team's and every member's score and components, dated; returns the date used."""
    taken_at = taken_at or now_iso()
    last_import = store.conn.execute("SELECT COALESCE(MAX(id), 0) FROM imports").fetchone()[0]
    rows = [
        (taken_at, m.id, m.score, m.contacts, json.dumps(m.components), last_import) for m in scores.members
    ]
    rows.append(
        (
            taken_at,
            None,
            scores.team.score,
            scores.team.contacts,
            json.dumps(scores.team.components),
            last_import,
        )
    )
    # Not store.transaction(): that moves the generation on, and a snapshot changes no tie, so the
    # cached graph stays valid.
    conn = store.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.executemany(
            "INSERT INTO snapshots (taken_at, member_id, score, contacts, components_json,"
            " last_import_id) VALUES (?,?,?,?,?,?)",
            rows,
        )
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return taken_at


def history(store: Store) -> list[dict]:
    """Past snapshots, oldest first: ``[{"taken_at", "team", "members": {person id: score}}]``."""
    runs: list[dict] = []
    run: dict | None = None
    # One run's rows are written together, the team's last: that row closes the run (two reports in
    # the same second stay two runs).
    for taken_at, member, score in store.conn.execute(
        "SELECT taken_at, member_id, score FROM snapshots ORDER BY id"
    ):
        if run is None:
            run = {"taken_at": taken_at, "team": None, "members": {}, "current": False}
            runs.append(run)
        if member is None:
            run["team"] = round(score, 1)
            run = None
        else:
            run["members"][store.resolve_id(member)] = round(score, 1)
    return runs


def _revealing_imports(store: Store, since: str | None) -> tuple[list[int], str]:
    """Imports whose changes are news, and the words for the window they cover."""
    conn = store.conn
    if since:
        window = f"since {since}"
        rows = conn.execute(
            "SELECT id, owner_record_id, source FROM imports"
            " WHERE COALESCE(export_date, substr(imported_at, 1, 10)) >= ?",
            (since[:10],),
        )
    else:
        last = conn.execute(
            "SELECT taken_at, last_import_id FROM snapshots ORDER BY taken_at DESC, id DESC LIMIT 1"
        ).fetchone()
        after = last[1] if last else 0
        window = (
            f"since the last report ({last[0][:16].replace('T', ' ')} UTC)"
            if last
            else "revealed by each owner's latest exports"
        )
        rows = conn.execute("SELECT id, owner_record_id, source FROM imports WHERE id > ?", (after,))
    chosen = []
    for import_id, owner, source in rows.fetchall():
        baseline = conn.execute(
            "SELECT 1 FROM imports WHERE owner_record_id = ? AND source = ? AND id < ? LIMIT 1",
            (owner, source, import_id),
        ).fetchone()
        if baseline:
            chosen.append(import_id)
    return chosen, window


def changes(store: Store, since: str | None = None) -> dict:
    """New and lost contacts and job changes revealed by newer exports: since ``since`` (an ISO date,
    imports exported on or after it), else since the last report, else by every owner's latest
    export. ``{"window", "new_contacts", "lost_contacts", "job_changes"}``, each a list of dicts."""
    if since:
        from datetime import date

        try:
            date.fromisoformat(since[:10])
        except ValueError:
            raise UsageError(f"--since {since}: not a date (YYYY-MM-DD)") from None
    imports, window = _revealing_imports(store, since)
    found: dict = {"window": window, "new_contacts": [], "lost_contacts": [], "job_changes": []}
    if not imports:
        return found
    conn = store.conn
    marks = ",".join("?" * len(imports))
    person = (
        "SELECT op.name AS owner, p.id, p.name, r.company, r.position, {extra} FROM records r"
        " JOIN records o ON o.id = r.owner_record_id JOIN people op ON op.id = o.person_id"
        " JOIN people p ON p.id = r.person_id"
    )
    for row in conn.execute(
        person.format(extra="r.connected_on AS at")
        + f" WHERE r.is_connection = 1 AND r.first_import_id IN ({marks}) ORDER BY op.name, p.name",
        imports,
    ):
        found["new_contacts"].append(dict(row))
    for row in conn.execute(
        person.format(extra="r.ended_at AS at")
        + f" JOIN imports i ON i.owner_record_id = r.owner_record_id AND i.source = r.source"
        f" AND r.ended_at = COALESCE(i.export_date, substr(i.imported_at, 1, 10))"
        f" WHERE r.ended_at IS NOT NULL AND i.id IN ({marks}) GROUP BY r.id ORDER BY op.name, p.name",
        imports,
    ):
        found["lost_contacts"].append(dict(row))
    jobs: dict[int, dict] = {}
    for row in conn.execute(
        "SELECT rc.record_id, rc.field, rc.old_value, rc.new_value, op.name AS owner, p.id, p.name, r.company,"
        " r.position FROM record_changes rc JOIN records r ON r.id = rc.record_id"
        " JOIN records o ON o.id = r.owner_record_id JOIN people op ON op.id = o.person_id"
        f" JOIN people p ON p.id = r.person_id WHERE rc.import_id IN ({marks}) ORDER BY rc.id",
        imports,
    ):
        job = jobs.get(row["record_id"])
        if job is None:  # unchanged fields show the current value on both sides
            job = jobs[row["record_id"]] = {
                "owner": row["owner"],
                "id": row["id"],
                "name": row["name"],
                "company": {"old": row["company"], "new": row["company"]},
                "position": {"old": row["position"], "new": row["position"]},
                "changed": [],
            }
        if row["field"] not in job["changed"]:  # the oldest value of a field changed several times
            job[row["field"]]["old"] = row["old_value"]
            job["changed"].append(row["field"])
        job[row["field"]]["new"] = row["new_value"]
    found["job_changes"] = list(jobs.values())
    found["job_changes"].sort(key=lambda j: (j["owner"], j["name"]))
    return found


def build_report(store: Store, targets=None, since: str | None = None, limit: int = 10) -> dict:
    """Everything a report shows, as data (what ``report --format json`` prints)."""
    from graphintro.calibration import calibration_table
    from graphintro.contacts import rank_contacts
    from graphintro.errors import NotFoundError
    from graphintro.quality import score_team
    from graphintro.report.text import score_notes
    from graphintro.team_network import load_network

    network = load_network(store, targets=targets)
    if not network.members:
        raise NotFoundError("the store has no team member yet: import an export with --owner")
    scores = score_team(store, targets=targets, network=network)
    now = now_iso()
    names = {m.id: m.name for m in scores.members}
    past = history(store)
    current = {
        "taken_at": now,
        "team": round(scores.team.score, 1),
        "members": {m.id: round(m.score, 1) for m in scores.members},
        "current": True,
    }
    return {
        "generated_at": now,
        "as_of": scores.as_of,
        "targets": bool(targets),
        "scores": scores.to_dict(),
        "notes": score_notes(scores.to_dict()),
        "contacts": rank_contacts(store, targets=targets, limit=limit, network=network),
        "changes": changes(store, since),
        "history": [
            {**run, "members": {names.get(k, f"#{k}"): v for k, v in run["members"].items()}}
            for run in past + [current]
        ],
        "asks": asks_per_introducer(store),
        "waiting": waiting_for_an_answer(store),
        "calibration": calibration_table(store)["calibration"],
        "_scores": scores,
        "_sectors": company_sectors(store),
    }


def asks_per_introducer(store: Store) -> list[dict]:
    """``[{"introducer": {"id", "name"}, "asks", "open", "happened", "not_happened", "last_asked"}]``:
    how much each introducer was asked (cancelled asks were never sent: not counted), most asked first."""
    from graphintro.calibration import HAPPENED, NOT_HAPPENED

    counts: dict[int, dict] = {}
    for introducer, status, outcome, created in store.conn.execute(
        "SELECT introducer_id, status, outcome, created FROM asks"
        " WHERE outcome IS NULL OR outcome != 'cancelled'"
    ):
        person = store.resolve_id(introducer)
        entry = counts.setdefault(
            person, {"asks": 0, "open": 0, "happened": 0, "not_happened": 0, "last_asked": ""}
        )
        entry["asks"] += 1
        entry["open"] += status == "open"
        entry["happened"] += outcome in HAPPENED
        entry["not_happened"] += outcome in NOT_HAPPENED
        entry["last_asked"] = max(entry["last_asked"], created)
    names = (
        dict(
            store.conn.execute(
                f"SELECT id, name FROM people WHERE id IN ({','.join('?' * len(counts))})", list(counts)
            ).fetchall()
        )
        if counts
        else {}
    )
    rows = [
        {"introducer": {"id": person, "name": names.get(person, f"#{person}")}, **entry}
        for person, entry in counts.items()
    ]
    return sorted(rows, key=lambda r: (-r["asks"], -r["open"], r["introducer"]["name"]))


def waiting_for_an_answer(store: Store, days: int = 7, oldest: int = 3) -> list[dict]:
    """Per member: unanswered messages, pending invitations and open asks to introduce (``graphintro
    inbox``), counted, with the ``oldest`` items."""
    from graphintro.inbox import inbox_summary, waiting

    return inbox_summary(waiting(store, days=days), oldest=oldest)


def company_sectors(store: Store) -> dict[str, str]:
    """Company name → industry, where an export or the targets file told it: what ``--redact`` may
    show of a non-member's employer instead of its name."""
    return {
        company: industry
        for company, industry in store.conn.execute(
            "SELECT company, MAX(industry) FROM people WHERE merged_into IS NULL AND company != ''"
            " AND COALESCE(industry, '') != '' GROUP BY company"
        )
    }


def redact(data: dict) -> dict:
    """The report with every person outside the team hidden (``report --redact``): initials and a
    generalised role, a sector at most (``graphintro.redaction``), so it can be shared beyond the team."""
    from graphintro.redaction import redact_report

    return redact_report(data, data.get("_sectors"))


def render_report(data: dict, fmt: str = "html", page: tuple[Path, str, dict] | None = None) -> str:
    """The report as one self-contained HTML page (inline CSS and SVG), Markdown or JSON.

    ``page``: ``(folder, template, context)`` of an HTML template that extends ``report.html.j2``
    (the web app adds its navigation in the ``top`` block); the report's content is the same."""
    if fmt not in FORMATS:
        raise UsageError(f"--format {fmt}: expected one of {', '.join(FORMATS)}")
    public = {k: v for k, v in data.items() if not k.startswith("_")}
    if fmt == "json":
        return json_text(public) + "\n"
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    from graphintro.quality import COMPONENTS, DESCRIPTIONS, load_quality_config
    from graphintro.report import svg

    # HTML: Jinja2 escapes every value (the templates are named *.html.j2, so autoescape is set by
    # format, not guessed from the file name). Markdown: every value goes through markdown_text.
    folders = [page[0], TEMPLATES] if page and fmt == "html" else [TEMPLATES]
    env = Environment(
        loader=FileSystemLoader(folders),
        autoescape=fmt == "html",
        finalize=(lambda value: value) if fmt == "html" else _markdown_value,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["web_url"] = web_url
    charts = svg.report_charts(public, COMPONENTS) if fmt == "html" else {}
    weights = load_quality_config()[0]
    template = env.get_template(page[1] if page and fmt == "html" else f"report.{fmt}.j2")
    extra = page[2] if page and fmt == "html" else {}
    return template.render(
        report=public,
        charts=charts,
        components=COMPONENTS,
        weights=weights,
        descriptions=DESCRIPTIONS,
        **extra,
    )


def _markdown_value(value):
    """Every ``{{ … }}`` of the Markdown template: data as text, never as Markdown or HTML."""
    return value if value is None or isinstance(value, (int, float)) else markdown_text(value)


def write_report(text: str, path: str | Path) -> Path:
    """Write ``text`` to ``path`` atomically, readable by the user alone (mode 0600)."""
    path = Path(path).expanduser()
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(temporary, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        raise ReportWriteError(f"{path}: cannot write the report ({error.strerror or error})") from None
    return path
