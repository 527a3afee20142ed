"""One function per page. Each reads its form, calls the library function that the CLI command of
the same name calls, and renders the answer; nothing here computes an answer of its own."""

from __future__ import annotations

import functools
import shutil
import sqlite3
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse

from graphintro.errors import GraphintroError
from graphintro.web.app import new_job_id, render, report_response, safe_upload_name
from graphintro.web.security import check_form_csrf

MAX_FILES = 20
# The inbox page shows this many members (team view) or items (one member), and says how many more.
INBOX_MEMBERS = 50
INBOX_ITEMS = 200


def page(handler):
    """Library errors become the page's one-line message (404 for "nothing found", 400 for bad
    input), as the CLI makes them one line and an exit code."""

    @functools.wraps(handler)
    def wrapper(request):
        return _with_errors(handler, request)

    return wrapper


def _state(request):
    return request.app.state.web


def _int(value, default: int, low: int, high: int) -> int:
    try:
        return max(low, min(high, int(value)))
    except (TypeError, ValueError):
        return default


def _members(state) -> list[dict]:
    """The team, by name: every form's "from" list (kept like the answers: a thousand members)."""
    from graphintro.people import summarize_people

    store = state.store()

    def members() -> list[dict]:
        ids = [
            row[0]
            for row in store.conn.execute(
                "SELECT id FROM people WHERE is_member = 1 AND merged_into IS NULL ORDER BY name_key"
            )
        ]
        return summarize_people(store, ids)

    return state.memo("members", (), members)


@page
def home(request):
    from graphintro.people import store_stats

    state = _state(request)
    stats = state.memo("stats", (), lambda: store_stats(state.store()))
    return render(request, "home.html.j2", stats=stats, members=_members(state), query="")


def _search(state, query: str, limit: int) -> tuple[list[dict], list[dict]]:
    """``search_people`` and ``search_companies``, from the index the server keeps in memory for the
    store as it is (``graphintro.lookup``: the same answers, without a scan of the table)."""
    from graphintro.identity import fold
    from graphintro.lookup import SearchIndex
    from graphintro.people import summarize_people

    store = state.store()
    if not fold(query):
        return [], []
    index = state.memo("search-index", (), lambda: SearchIndex(store))
    # The pages show who they are, not every export they appear in (describe_people's sources).
    return summarize_people(store, index.people(query, limit)), index.companies(query)


@page
def search(request):
    query = request.query_params.get("q", "")
    people, companies = _search(_state(request), query, 50)
    return render(request, "search.html.j2", query=query, people=people, companies=companies)


@page
def search_json(request):
    """As you type: the first people and companies, as JSON (the page's script builds the list
    with ``textContent``, never as markup)."""
    query = request.query_params.get("q", "")[:200]
    people, companies = _search(_state(request), query, 8)
    keep = ("id", "name", "company", "position", "member")
    return JSONResponse({"people": [{k: p[k] for k in keep} for p in people], "companies": companies})


@page
def person(request):
    from graphintro.profile import person_profile

    state = _state(request)
    store = state.store()
    profile = person_profile(store, int(request.path_params["person_id"]), state.graph())
    return render(request, "person.html.j2", profile=profile, members=_members(state))


@page
def path(request):
    from graphintro.errors import NoPathError
    from graphintro.web.draw import path_drawing

    state = _state(request)
    params = request.query_params
    source = params.get("from", "team").strip() or "team"
    target = params.get("to", "").strip()
    company = params.get("company", "").strip()
    title = params.get("title", "").strip()
    avoid = [line.strip() for line in params.get("avoid", "").splitlines() if line.strip()]
    max_hops = _int(params.get("max_hops"), 4, 1, 6)
    k = _int(params.get("k"), 3, 1, 10)
    form = {
        "from": source,
        "to": target,
        "company": company,
        "title": title,
        "avoid": "\n".join(avoid),
        "max_hops": max_hops,
        "k": k,
    }
    members = _members(state)
    context = {
        "form": form,
        "members": members,
        "answers": None,
        "no_path": None,
        "suggestions": [],
        "target_name": None,
    }
    if not target and not company:
        return render(request, "path.html.j2", **context)
    team = source == "team"
    try:
        result = state.workspace().introductions(
            source=None if team else source,
            target=target or None,
            company=company or None,
            title=title or None,
            team=team,
            k=k,
            max_hops=max_hops,
            avoid=avoid,
        )
    except NoPathError as error:
        context.update(no_path=str(error), suggestions=error.suggestions)
        return render(request, "path.html.j2", status_code=404, **context)
    member_ids = {m["id"] for m in members}
    answers = [{"path": answer, "drawing": path_drawing(answer, member_ids)} for answer in result.paths]
    context.update(answers=answers, suggestions=result.suggestions or [])
    return render(request, "path.html.j2", **context)


async def ask(request):
    """Draft the ask (``graphintro ask``) through the introducer of the answer the button was on,
    and record it: a write, so it needs the page's CSRF token."""
    form = await request.form(max_files=0, max_fields=10)
    if not check_form_csrf(request, form):
        return PlainTextResponse(
            "graphintro: CSRF token missing or wrong: reload the page and try again\n", status_code=403
        )
    return await run_in_threadpool(_with_errors, _ask_page, request, dict(form))


def _ask_page(request, fields):
    state = _state(request)
    lang = fields.get("lang") if fields.get("lang") in ("fr", "en") else None
    result = state.workspace().make_ask(
        fields.get("from", ""), fields.get("to", ""), via=fields.get("via") or None, lang=lang
    )
    return render(request, "ask.html.j2", ask=result["ask"])


def _with_errors(function, request, *args):
    try:
        return function(request, *args)
    except GraphintroError as error:
        return render(
            request, "error.html.j2", status_code=404 if error.exit_code == 1 else 400, message=str(error)
        )
    except sqlite3.Error as error:
        return render(
            request,
            "error.html.j2",
            status_code=503,
            message=f"database error ({error}); nothing was changed",
        )


@page
def asks(request):
    from graphintro.asks import list_asks

    status = request.query_params.get("status", "open")
    status = status if status in ("open", "closed", "all") else "open"
    result = list_asks(_state(request).store(), status=status)
    return render(request, "asks.html.j2", result=result, status=status)


@page
def inbox(request):
    """What each member leaves waiting (``graphintro inbox``): unanswered messages, pending
    invitations, open asks to introduce."""
    from graphintro.inbox import inbox_summary, waiting

    state = _state(request)
    owner_text = request.query_params.get("owner", "").strip()
    days = _int(request.query_params.get("days"), 7, 0, 3650)
    members = _members(state)
    owner = state.workspace().resolve_member(owner_text, embedded=True) if owner_text else None
    result = state.memo("inbox", (owner, days), lambda: waiting(state.store(), owner=owner, days=days))
    if owner is None:  # the team: per member, counts and the oldest (a large team waits on 100,000s)
        summary = state.memo("inbox-summary", (days,), lambda: inbox_summary(result))
        return render(
            request,
            "inbox.html.j2",
            summary=summary[:INBOX_MEMBERS],
            more=len(summary) - INBOX_MEMBERS,
            items=None,
            members=members,
            owner=owner_text,
            days=days,
        )
    items = result["inbox"]
    return render(
        request,
        "inbox.html.j2",
        summary=None,
        items=items[:INBOX_ITEMS],
        more=len(items) - INBOX_ITEMS,
        members=members,
        owner=owner_text,
        days=days,
    )


@page
def experts(request):
    state = _state(request)
    topic = request.query_params.get("topic", "").strip()
    source = request.query_params.get("from", "").strip()
    n = _int(request.query_params.get("n"), 10, 1, 50)
    context = {"topic": topic, "source": source, "n": n, "result": None, "members": _members(state)}
    if not topic:
        return render(request, "experts.html.j2", **context)

    context["result"] = state.memo(
        "experts", (topic, source, n), lambda: state.workspace().experts(topic, source=source or None, n=n)
    )
    return render(request, "experts.html.j2", **context)


@page
def accounts(request):
    from graphintro.accounts import account_coverage

    state = _state(request)
    text = request.query_params.get("companies", "")
    companies = [line.strip() for line in text.splitlines() if line.strip()][:50]
    context = {"companies": "\n".join(companies), "result": None}
    if not companies:
        return render(request, "accounts.html.j2", **context)
    context["result"] = state.memo(
        "accounts", tuple(companies), lambda: account_coverage(state.store(), companies, n=3)
    )
    return render(request, "accounts.html.j2", **context)


@page
def report(request):
    return report_response(request, _state(request))


@page
def import_form(request):
    state = _state(request)
    jobs = sorted(state.jobs.values(), key=lambda job: job["started"], reverse=True)[:10]
    return render(
        request, "import.html.j2", members=_members(state), max_upload=state.max_upload, jobs=jobs, error=None
    )


async def import_upload(request):
    """Save the uploaded files under safe names in a private folder and import them in the
    background with ``import_paths`` (the same function, limits and errors as ``graphintro
    import``); the job's page shows the progress and then the summary or the one-line error."""
    state = _state(request)
    form = await request.form(max_files=MAX_FILES, max_fields=10)
    if not check_form_csrf(request, form):
        return PlainTextResponse(
            "graphintro: CSRF token missing or wrong: reload the page and try again\n", status_code=403
        )
    owner = str(form.get("owner", "")).strip()
    owner_url = str(form.get("owner_url", "")).strip()
    uploads = [item for item in form.getlist("files") if hasattr(item, "filename") and item.filename]
    if not owner or not uploads:
        missing = "the owner's name" if not owner else "a file"
        return await run_in_threadpool(lambda: _import_error(request, f"graphintro: give {missing}"))
    job_id = new_job_id()
    folder = state.uploads / job_id
    folder.mkdir(mode=0o700)
    names = []
    for index, upload in enumerate(uploads):
        name = safe_upload_name(upload.filename, index)
        if name in names:
            name = f"{index}-{name}"
        names.append(name)
        destination = folder / name
        await run_in_threadpool(_save, upload.file, destination)
    import time

    job = {
        "id": job_id,
        "owner": owner,
        "files": names,
        "status": "queued",
        "done": 0,
        "total": 0,
        "lines": [],
        "error": None,
        "summary": None,
        "started": time.time(),
    }
    state.jobs[job_id] = job
    state.imports.submit(run_import, state, job, folder, owner, owner_url)
    return RedirectResponse(f"/import/{job_id}", status_code=303)


def _import_error(request, message: str):
    state = _state(request)
    return render(
        request,
        "import.html.j2",
        status_code=400,
        members=_members(state),
        max_upload=state.max_upload,
        jobs=[],
        error=message,
    )


def _save(source, destination: Path) -> None:
    import os

    fd = os.open(destination, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    with os.fdopen(fd, "wb") as handle:
        shutil.copyfileobj(source, handle, 1 << 20)


def run_import(state, job: dict, folder: Path, owner: str, owner_url: str) -> None:
    """The import itself, in the import thread: one transaction, as ``graphintro import``; a bad
    file leaves the store as it was and the job keeps the CLI's one line."""
    from graphintro.errors import explain
    from graphintro.render import render_import
    from graphintro.workspace import open as open_workspace

    prefix = str(folder) + "/"

    def progress(done: int, total: int) -> None:
        job["done"], job["total"] = done, total

    job["status"] = "running"
    try:
        paths = sorted(folder.iterdir())
        # The workspace mirrors the import to Neo4j when the app answers from there.
        with open_workspace(state.db, backend=state.backend, create=True) as workspace:
            summary = workspace.import_paths(paths, owner=owner, owner_url=owner_url, progress=progress)
        lines: list[str] = []
        render_import(summary, lines.append)
        job["lines"] = [line.replace(prefix, "") for line in lines]
        job["summary"] = summary.to_dict()
        job["status"] = "done"
    except Exception as error:  # noqa: BLE001 - the job reports every failure as its one line
        if isinstance(error, (GraphintroError, sqlite3.Error, OSError, UnicodeError)):
            message = explain(error)[0]
        else:
            message = f"internal error ({type(error).__name__}); nothing was changed"
        job["error"] = f"graphintro: {message}".replace(prefix, "")
        job["status"] = "failed"
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@page
def import_job(request):
    job = _state(request).jobs.get(request.path_params["job_id"])
    if job is None:
        return render(request, "error.html.j2", status_code=404, message="no such import")
    return render(request, "import_job.html.j2", job=job)


def import_job_json(request):
    job = _state(request).jobs.get(request.path_params["job_id"])
    if job is None:
        return JSONResponse({"error": "no such import"}, status_code=404)
    return JSONResponse({k: job[k] for k in ("id", "status", "done", "total", "error", "lines")})
