"""A real uvicorn serving the web app on 127.0.0.1 (an ephemeral port), in a thread of the test process:
the HTTP and browser tests talk to it over real sockets."""

from __future__ import annotations

import contextlib
import http.client
import threading
import time
from typing import Self

import uvicorn


class LiveServer:
    def __init__(self, app) -> None:
        self.server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="on")
        )
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> Self:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            assert time.monotonic() < deadline, "uvicorn did not start"
            assert self.thread.is_alive(), "uvicorn stopped"
            time.sleep(0.02)
        self.port = self.server.servers[0].sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)


@contextlib.contextmanager
def live_server(db, **options):
    from graphintro.web.server import create_app

    app = create_app(db, **options)
    with LiveServer(app) as server:
        server.app = app
        server.state = app.app.state.web  # behind the security layer
        yield server


def raw_get(server: LiveServer, path: str, headers: dict | None = None) -> tuple[int, bytes]:
    """GET with the path sent exactly as written (no client normalises ``..`` or ``%2e``)."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        connection.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
        connection.putheader("Host", f"127.0.0.1:{server.port}")
        for name, value in (headers or {}).items():
            connection.putheader(name, value)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def csrf_of(client) -> str:
    """A page visit sets the CSRF cookie; forms carry the same value."""
    response = client.get("/path")
    assert response.status_code == 200, f"GET /path: {response.status_code} {response.text[:600]!r}"
    return client.cookies["graphintro_csrf"]


def wait_for_job(client, location: str, timeout: float = 120) -> dict:
    """An import job's last state (done or failed), polled as the import page polls it."""
    deadline = time.monotonic() + timeout
    while True:
        state = client.get(location + ".json").json()
        if state["status"] in ("done", "failed"):
            return state
        assert time.monotonic() < deadline, state
        time.sleep(0.1)
