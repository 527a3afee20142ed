"""``graphintro serve``: a local web app over the same library calls as the CLI.

Search, person pages, paths drawn as SVG, experts, accounts, the live report, import by upload and
the asks, in French or English. Safe by default (``security``): loopback only unless a token is
required on every request, CSRF on every write, a Content-Security-Policy that allows no inline or
remote script, every value escaped by the templates.
"""

from __future__ import annotations


def serve(
    db,
    host: str = "127.0.0.1",
    port: int = 8765,
    token: str | None = None,
    backend: str | None = None,
    open_browser: bool = False,
    max_upload: int | None = None,
    echo=print,
) -> None:
    """Run the web app with uvicorn until interrupted. A non-loopback ``host`` needs ``token``
    (``"auto"``: one is made and printed once)."""
    import uvicorn

    from graphintro.errors import UsageError
    from graphintro.web.app import DEFAULT_MAX_UPLOAD
    from graphintro.web.security import is_loopback, new_token
    from graphintro.web.server import create_app

    loopback = is_loopback(host)
    if token == "auto":
        token = new_token()
        echo(f"token (printed once, required on every request): {token}")
    if not loopback and not token:
        raise UsageError(
            f"--host {host} is reachable from other machines: give --token SECRET (or --token auto"
            " to have one made), which every request must then carry"
        )
    app = create_app(
        db, backend=backend, token=token, loopback=loopback, max_upload=max_upload or DEFAULT_MAX_UPLOAD
    )
    listening = _listen(host, port)
    port = listening.getsockname()[1]
    shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else shown}:{port}/"
    echo(f"graphintro serving {db} on {url} (Ctrl+C to stop)")
    if open_browser:
        import threading
        import webbrowser

        opened = url + (f"?token={token}" if token else "")
        threading.Timer(1.0, webbrowser.open, (opened,)).start()
    config = uvicorn.Config(
        app, host=host, port=port, log_level="warning", server_header=False, proxy_headers=False
    )
    uvicorn.Server(config).run(sockets=[listening])


def _listen(host: str, port: int):
    """The server's socket, bound before the address is printed: ``--port 0`` takes a free port and the
    printed address is the one that answers; a port already taken is one clear line, not uvicorn's log."""
    import socket

    from graphintro.errors import UsageError

    name = host.strip("[]")
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            name, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
        listening = socket.socket(family, kind, proto)
    except OSError as error:
        raise UsageError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
    try:
        listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listening.bind(address)
    except OSError as error:
        listening.close()
        raise UsageError(
            f"cannot listen on {host}:{port}: {error.strerror or error} (--port 0 takes any free port)"
        ) from None
    return listening
