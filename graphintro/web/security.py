"""The web app's security rules, as one ASGI layer in front of every route.

- Loopback by default; another address only with a token, then required on every request (a
  ``Bearer`` header, or the ``token`` query parameter once, which sets an HttpOnly cookie).
- On loopback, the ``Host`` header must name the loopback: a page of another site that rebinds its
  DNS name to 127.0.0.1 gets nothing.
- Every write (any method but GET/HEAD) carries the CSRF token of the browser's cookie (double
  submit, ``SameSite=Strict``), and an ``Origin`` header, when the browser sends one, is this server.
- Request bodies are capped (uploads by ``max_upload``, forms by ``FORM_LIMIT``) while they stream.
- Every response says: Content-Security-Policy (scripts and styles from this server only, nothing
  remote, no frames), no sniffing, no referrer to other sites (``same-origin``: with ``no-referrer``
  browsers send ``Origin: null`` on the app's own forms), no caching of personal data.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
from collections.abc import Sequence
from http.cookies import CookieError, SimpleCookie
from urllib.parse import parse_qs, urlencode

CSRF_COOKIE = "graphintro_csrf"
TOKEN_COOKIE = "graphintro_token"
FORM_LIMIT = 256 * 1024
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self';"
    " form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
# The report is the same document as ``graphintro report``: its CSS is inline (it is also a file to
# mail); it still runs no script and loads nothing.
REPORT_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none';"
    " frame-ancestors 'none'; base-uri 'none'"
)


def is_loopback(host: str) -> bool:
    """Whether ``host`` (an address or ``localhost``) only listens on this machine."""
    host = host.strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def new_token() -> str:
    return secrets.token_urlsafe(24)


class BodyTooLarge(Exception):
    pass


class SecurityLayer:
    """ASGI middleware applying the rules above before the app sees a request."""

    def __init__(
        self,
        app,
        *,
        token: str | None,
        loopback: bool,
        max_upload: int,
        upload_paths: tuple[str, ...] = ("/import",),
    ) -> None:
        self.app = app
        self.token = token
        self.loopback = loopback
        self.max_upload = max_upload
        self.upload_paths = upload_paths

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        cookies = _cookies(headers.get("cookie", ""))
        path = scope["path"]
        method = scope["method"]

        if self.loopback and not _loopback_host(headers.get("host", "")):
            return await _plain(
                send, 421, "graphintro serves this machine only: open it as http://127.0.0.1:PORT/"
            )
        set_cookies: list[str] = []
        if self.token:
            query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
            given = (
                _bearer(headers.get("authorization", ""))
                or cookies.get(TOKEN_COOKIE)
                or (query.get("token") or [""])[0]
            )
            if not given or not hmac.compare_digest(given.encode(), self.token.encode()):
                return await _plain(
                    send,
                    401,
                    "graphintro: this server needs its token (?token=… once, or an"
                    " 'Authorization: Bearer' header)",
                )
            if "token" in query and method in SAFE_METHODS:  # once: then the cookie, and a clean address
                rest = {k: v for k, v in query.items() if k != "token"}
                location = path + ("?" + urlencode(rest, doseq=True) if rest else "")
                return await _plain(
                    send,
                    303,
                    "",
                    [
                        ("location", location),
                        ("set-cookie", _cookie(TOKEN_COOKIE, self.token, http_only=True)),
                    ],
                )

        csrf = cookies.get(CSRF_COOKIE, "")
        if method not in SAFE_METHODS:
            origin = headers.get("origin")
            if origin and origin != "null" and origin.split("://", 1)[-1] != headers.get("host", ""):
                return await _plain(send, 403, "graphintro: a write from another site is refused")
            if origin == "null" or headers.get("sec-fetch-site", "same-origin") not in (
                "same-origin",
                "none",
            ):
                return await _plain(send, 403, "graphintro: a write from another site is refused")
            query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
            sent = headers.get("x-csrf-token") or (query.get("csrf") or [""])[0]
            if not csrf:
                return await _plain(send, 403, "graphintro: no CSRF cookie: reload the page and try again")
            limit = self.max_upload if path in self.upload_paths else FORM_LIMIT
            declared = headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > limit:
                return await _plain(
                    send,
                    413,
                    f"graphintro: too large (at most {limit >> 20} MB per upload)"
                    if limit >= 1 << 20
                    else "graphintro: request too large",
                )
            if sent and not hmac.compare_digest(sent.encode(), csrf.encode()):
                return await _plain(
                    send, 403, "graphintro: CSRF token mismatch: reload the page and try again"
                )
            # A token in the form body is checked by the route (``check_form_csrf``), once read.
            scope.setdefault("state", {})["csrf_checked"] = bool(sent)
            receive = _capped(receive, limit)
        elif not csrf:
            csrf = secrets.token_urlsafe(24)
            set_cookies.append(_cookie(CSRF_COOKIE, csrf, http_only=False))
        scope.setdefault("state", {})["csrf"] = csrf

        started = False

        async def send_with_headers(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = (
                    []
                    if b"content-security-policy" in names
                    else [(b"content-security-policy", CSP.encode())]
                )
                extra += [
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"same-origin"),
                    (b"x-frame-options", b"DENY"),
                    (b"cross-origin-opener-policy", b"same-origin"),
                    (b"cross-origin-resource-policy", b"same-origin"),
                ]
                if not path.startswith("/static/"):
                    extra.append((b"cache-control", b"no-store"))
                extra += [(b"set-cookie", c.encode("latin-1")) for c in set_cookies]
                message = {**message, "headers": list(message.get("headers", [])) + extra}
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except BodyTooLarge:
            if started:
                raise
            await _plain(
                send_with_headers,
                413,
                f"graphintro: too large (at most {self.max_upload >> 20} MB per upload)",
            )


def check_form_csrf(request, form) -> bool:
    """Whether a write's CSRF token (header, query or form field ``csrf``) matches the cookie."""
    if request.scope.get("state", {}).get("csrf_checked"):
        return True
    cookie = request.cookies.get(CSRF_COOKIE, "")
    sent = str(form.get("csrf", "")) if form is not None else ""
    return bool(cookie and sent) and hmac.compare_digest(sent.encode(), cookie.encode())


def _capped(receive, limit: int):
    seen = 0

    async def capped():
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise BodyTooLarge
        return message

    return capped


def _loopback_host(host: str) -> bool:
    name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    return bool(name) and is_loopback(name)


def _bearer(value: str) -> str:
    return value[7:].strip() if value.lower().startswith("bearer ") else ""


def _cookies(header: str) -> dict[str, str]:
    jar = SimpleCookie()
    try:
        jar.load(header)
    except CookieError:  # a malformed Cookie header is no cookie
        return {}
    return {key: morsel.value for key, morsel in jar.items()}


def _cookie(name: str, value: str, http_only: bool) -> str:
    return f"{name}={value}; Path=/; SameSite=Strict" + ("; HttpOnly" if http_only else "")


async def _plain(send, status: int, text: str, headers: Sequence[tuple[str, str]] = ()) -> None:
    body = (text + "\n").encode() if text else b""
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                *[(k.encode(), v.encode("latin-1")) for k, v in headers],
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
