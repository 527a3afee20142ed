"""The web app assembled: the routes of ``pages`` over the state and templates of ``app``, behind the
security layer. Above both (``pages`` uses ``app``'s helpers), so that neither imports the other back.
"""

from __future__ import annotations

import threading
from pathlib import Path

from graphintro.web.app import DEFAULT_MAX_UPLOAD, STATIC, TEMPLATES, WebState
from graphintro.web.security import BodyTooLarge, SecurityLayer


def create_app(
    db: Path,
    backend: str | None = None,
    token: str | None = None,
    loopback: bool = True,
    max_upload: int = DEFAULT_MAX_UPLOAD,
    warm: bool = True,
):
    """The ASGI app of ``graphintro serve`` over the store at ``db``, behind its security layer."""
    import anyio.to_thread
    from jinja2 import Environment, FileSystemLoader, StrictUndefined
    from starlette.applications import Starlette
    from starlette.routing import Mount, Route
    from starlette.staticfiles import StaticFiles

    from graphintro.output import web_url

    state = WebState(db, backend=backend, max_upload=max_upload)
    state.store()  # create or migrate the store now, in one thread, before requests come
    state.close_thread_store()
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["web_url"] = web_url
    env.filters["percent"] = lambda value: f"{100 * float(value):.0f} %"

    from graphintro.web import pages

    routes = [
        Route("/", pages.home),
        Route("/search", pages.search),
        Route("/api/search", pages.search_json),
        Route("/person/{person_id:int}", pages.person),
        Route("/path", pages.path),
        Route("/ask", pages.ask, methods=["POST"]),
        Route("/asks", pages.asks),
        Route("/inbox", pages.inbox),
        Route("/experts", pages.experts),
        Route("/accounts", pages.accounts),
        Route("/report", pages.report),
        Route("/import", pages.import_form, methods=["GET"]),
        Route("/import", pages.import_upload, methods=["POST"]),
        Route("/import/{job_id:str}.json", pages.import_job_json),
        Route("/import/{job_id:str}", pages.import_job),
        Mount("/static", app=StaticFiles(directory=STATIC, follow_symlink=False), name="static"),
    ]

    async def startup() -> None:
        # Each worker thread holds a SQLite connection with its page cache: a few threads are enough.
        anyio.to_thread.current_default_thread_limiter().total_tokens = 4
        if warm:
            threading.Thread(target=state.warm, name="graphintro-warm", daemon=True).start()

    async def too_large(request, exc):
        from starlette.responses import PlainTextResponse

        return PlainTextResponse(
            f"graphintro: too large (at most {state.max_upload >> 20} MB per upload)\n", status_code=413
        )

    from contextlib import asynccontextmanager

    @asynccontextmanager
    async def lifespan(app):
        await startup()
        yield
        state.close()

    app = Starlette(routes=routes, lifespan=lifespan, exception_handlers={BodyTooLarge: too_large})
    app.state.web = state
    app.state.env = env
    return SecurityLayer(app, token=token, loopback=loopback, max_upload=max_upload)
