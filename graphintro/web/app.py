"""The web app's routes: each page resolves its form, calls the same library function as the CLI
command of the same name, and renders the result with an autoescaping Jinja template.

Reads use one SQLite connection per worker thread (WAL: they read while an import writes); the
tie graph and slow answers (the report, experts) are kept in memory for the store's current
generation, so a warm server answers at once and a write makes them stale by itself.
"""

from __future__ import annotations

import collections
import secrets
import shutil
import sqlite3
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

from graphintro.errors import GraphintroError
from graphintro.web import i18n
from graphintro.web.security import REPORT_CSP

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
DEFAULT_MAX_UPLOAD = 256 * 1024 * 1024
UPLOAD_SUFFIXES = {".zip", ".csv", ".vcf", ".vcard", ".txt", ".tsv"}
MEMO_SIZE = 64


class WebState:
    """What the server keeps between requests: the store's path, per-thread connections, answers
    memoised for the store's current generation, and the imports under way."""

    def __init__(self, db: Path, backend: str | None = None, max_upload: int = DEFAULT_MAX_UPLOAD) -> None:
        self.db = Path(db)
        self.backend = backend
        self.max_upload = max_upload
        self._local = threading.local()
        self._memo: collections.OrderedDict = collections.OrderedDict()
        self._memo_lock = threading.Lock()
        self._computing: dict = {}
        self.jobs: dict[str, dict] = {}
        self.imports = ThreadPoolExecutor(max_workers=1, thread_name_prefix="graphintro-import")
        self.uploads = Path(tempfile.mkdtemp(prefix="graphintro-uploads-"))
        self.uploads.chmod(0o700)

    def workspace(self):
        """This thread's workspace (``graphintro.open``, once per worker thread): its writes fire
        what follows them, as the CLI's do, and its questions use the graph the server keeps in
        memory for the store's current generation (``graph``)."""
        from graphintro.workspace import open as open_workspace

        workspace = getattr(self._local, "workspace", None)
        if workspace is None:
            workspace = self._local.workspace = open_workspace(
                self.db, backend=self.backend, create=True, graph=lambda _store: self.graph()
            )
        return workspace

    def store(self):
        """This thread's connection to the store (its workspace's)."""
        return self.workspace().store

    def memo(self, kind: str, args: tuple, compute, version: tuple = ()):
        """``compute()`` once per store generation and asks generation (and ``version``) and arguments; concurrent
        requests for the same answer wait for the first instead of computing it again."""
        store = self.store()
        # An ask moves asks_generation, not the generation (no tie changes): the inbox, accounts and
        # report read the asks, so their answers are kept for both. The generation is read here, not
        # from ``cache_key`` (which names the store, not its state, since the on-disk caches catch up).
        key = (store.cache_key(kind), store.generation, store.asks_generation, version, args)
        with self._memo_lock:
            if key in self._memo:
                self._memo.move_to_end(key)
                return self._memo[key]
            lock = self._computing.setdefault(key, threading.Lock())
        with lock:
            with self._memo_lock:
                if key in self._memo:
                    return self._memo[key]
            value = compute()
            with self._memo_lock:
                self._memo[key] = value
                self._computing.pop(key, None)
                while len(self._memo) > MEMO_SIZE:
                    self._memo.popitem(last=False)
        return value

    def graph(self):
        from graphintro.graph import load_graph

        store = self.store()
        return self.memo("graph", (), lambda: load_graph(store))

    def warm(self) -> None:
        """Build what the first pages need (graph, report) before anyone asks; errors wait for the page."""
        try:
            self.graph()
            from graphintro.lookup import SearchIndex

            store = self.store()
            self.memo("search-index", (), lambda: SearchIndex(store))
            for lang in i18n.LANGUAGES:
                report_page(self, lang)
        except (GraphintroError, sqlite3.Error):  # an empty store has no report yet: the page says so
            return
        finally:
            self.close_thread_store()

    def close_thread_store(self) -> None:
        workspace = getattr(self._local, "workspace", None)
        if workspace is not None:
            workspace.close()
            self._local.workspace = None

    def close(self) -> None:
        self.imports.shutdown(wait=False, cancel_futures=True)
        shutil.rmtree(self.uploads, ignore_errors=True)


def report_data(state: WebState) -> dict:
    """``build_report`` for the store as it is, kept until a write or a new snapshot."""
    from graphintro.report import build_report

    store = state.store()
    return state.memo("report", (), lambda: build_report(store), version=(_snapshots(store),))


def report_page(state: WebState, lang: str) -> str:
    """The live report's HTML in ``lang``, kept like its data (rendering it compiles the templates)."""
    from graphintro.report import render_report

    def rendered() -> str:
        return render_report(
            report_data(state),
            "html",
            page=(TEMPLATES, "report_page.html.j2", {"t": i18n.words(lang), "lang": lang, "web_nav": True}),
        )

    return state.memo("report-page", (lang,), rendered, version=(_snapshots(state.store()),))


def _snapshots(store) -> int:
    """The newest snapshot: a ``graphintro report`` run adds one (and history) without a new generation."""
    return store.conn.execute("SELECT COALESCE(MAX(id), 0) FROM snapshots").fetchone()[0]


def render(request, template: str, status_code: int = 200, **context):
    """The page ``template`` in the request's language, with its CSRF token and language switch."""
    from starlette.responses import HTMLResponse

    lang = language(request)
    env = request.app.state.env
    other = "en" if lang == "fr" else "fr"
    query = {k: v for k, v in request.query_params.multi_items() if k != "lang"}
    switch = request.url.path + "?" + urlencode([*query.items(), ("lang", other)])
    html = env.get_template(template).render(
        t=i18n.words(lang),
        lang=lang,
        switch_url=switch,
        csrf=request.scope.get("state", {}).get("csrf", ""),
        here=request.url.path,
        **context,
    )
    response = HTMLResponse(html, status_code=status_code)
    remember_language(request, response, lang)
    return response


def report_response(request, state: WebState):
    """The live report: ``render_report``'s page (the same content as ``graphintro report``), with
    the app's navigation on top."""
    from starlette.responses import HTMLResponse

    lang = language(request)
    response = HTMLResponse(report_page(state, lang), headers={"content-security-policy": REPORT_CSP})
    remember_language(request, response, lang)
    return response


def language(request) -> str:
    return i18n.choose_language(
        request.query_params.get("lang"),
        request.cookies.get(i18n.LANG_COOKIE),
        request.headers.get("accept-language"),
    )


def remember_language(request, response, lang: str) -> None:
    if request.query_params.get("lang") in i18n.LANGUAGES:
        response.set_cookie(i18n.LANG_COOKIE, lang, samesite="strict", httponly=True)


def safe_upload_name(name: str, index: int) -> str:
    """The uploaded file's own name reduced to its last part and to safe characters, never a path:
    ``../../etc/passwd`` becomes ``passwd``; the suffix tells the importer the format."""
    import re
    import unicodedata

    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = unicodedata.normalize("NFKC", base)
    base = re.sub(r"[^\w.\- ]+", "_", base).strip(" .") or f"upload-{index}"
    return base[:120]


def new_job_id() -> str:
    return secrets.token_urlsafe(12)
