"""The guard in front of every route (API, web page, docs): one ASGI middleware, checked before any body is read.

In order, for each request:

1. **Host** must be an allowed name (``RODEDRAAD_ALLOWED_HOSTS``; default the loopback names, ``testserver``
   for tests, ``RODEDRAAD_HOST``, and any IP address): a web page on another site cannot reach this service
   through DNS rebinding.
2. **Cross-site writes** are refused: a POST whose ``Sec-Fetch-Site`` is ``cross-site``/``same-site`` or whose
   ``Origin`` is not this host answers 403, so a page the user visits cannot upload or start analyses
   through the forms (also without a key, the default on a laptop).
3. **Keys**: with ``RODEDRAAD_API_KEY`` set, writes and CPU-costly work (``POST`` anything, the PNG map, the
   memo) need it; with ``RODEDRAAD_READ_KEY`` set or ``RODEDRAAD_PROTECT_READS=1``, reads need a key too.
   A key is accepted as ``X-API-Key: KEY``, ``Authorization: Bearer KEY`` or the web page's cookie (which
   holds an HMAC of the key, set by ``/sleutel``), compared as UTF-8 bytes in constant time.
4. **Body size**: ``Content-Length`` past the limit answers 413 before anything is read, and a body without
   one is counted while it streams (an upload never fills the disk before a 401 or 413).
5. **Headers** on every answer: CSP (self only, no framing), ``nosniff``, ``Referrer-Policy: same-origin``.
"""

from __future__ import annotations

import ipaddress
import json
import re
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from enum import Enum
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

from service.settings import Settings
from service.views import key_matches, key_token

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

KEY_COOKIE = "rodedraad_sleutel"
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
}
# JSON and form bodies (a draft is at most 20,000 characters); uploads have their own limit
MAX_BODY_BYTES = 1 << 20
# multipart framing around an uploaded file; the web form may carry several files at once
_MULTIPART_SLACK = 64 << 10
_WEB_UPLOAD_FILES = 10
_UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
_OPEN_PATHS = {"/health", "/docs", "/docs/referentie", "/redoc", "/openapi.json", "/favicon.ico"}
_MEMO = re.compile(r"^/threads/[^/]+/memo$")


class Access(Enum):
    OPEN = "open"
    READ = "read"
    WRITE = "write"  # changes something or costs real CPU


def required_access(method: str, path: str, query: str) -> Access:
    if method == "OPTIONS" or path in _OPEN_PATHS or path.startswith(("/static/", "/sleutel")):
        return Access.OPEN
    if method in _UNSAFE:
        return Access.WRITE
    if path == "/themes/map" and "png" in parse_qs(query).get("format", []):
        return Access.WRITE
    if _MEMO.match(path):
        return Access.WRITE
    return Access.READ


@dataclass(frozen=True)
class Keys:
    """Which keys open what, from the settings (no key set: everything open)."""

    write: tuple[str, ...]
    read: tuple[str, ...]

    @classmethod
    def from_settings(cls, settings: Settings) -> Keys:
        all_keys = tuple(key for key in (settings.api_key, settings.read_key) if key)
        write = (settings.api_key,) if settings.api_key else all_keys
        read = all_keys if (settings.read_key or settings.protect_reads) else ()
        return cls(write=write, read=read)

    def needed(self, access: Access) -> tuple[str, ...]:
        return {Access.OPEN: (), Access.READ: self.read, Access.WRITE: self.write}[access]

    @property
    def any(self) -> bool:
        return bool(self.write or self.read)


def presented_keys(headers: dict[bytes, bytes]) -> tuple[list[bytes], list[str]]:
    """(raw keys from ``X-API-Key`` / ``Authorization: Bearer``, cookie tokens). Other forms count as none."""
    keys: list[bytes] = []
    if headers.get(b"x-api-key"):
        keys.append(headers[b"x-api-key"].strip())
    scheme, _, credentials = headers.get(b"authorization", b"").partition(b" ")
    if scheme.lower() == b"bearer" and credentials.strip():
        keys.append(credentials.strip())
    tokens: list[str] = []
    if b"cookie" in headers:
        cookie: SimpleCookie = SimpleCookie()
        try:
            cookie.load(headers[b"cookie"].decode("latin-1"))
        except Exception:  # a malformed cookie header presents no key
            cookie = SimpleCookie()
        if KEY_COOKIE in cookie:
            tokens.append(cookie[KEY_COOKIE].value)
    return keys, tokens


def allowed_hosts(settings: Settings) -> frozenset[str]:
    if settings.allowed_hosts:
        return frozenset(name.strip().lower() for name in settings.allowed_hosts if name.strip())
    names = {"localhost", "127.0.0.1", "::1", "testserver"}
    if settings.host not in ("0.0.0.0", "::", ""):
        names.add(settings.host.lower().strip("[]"))
    return frozenset(names)


def host_name(host: str) -> str:
    """``example.org:8000`` → ``example.org``; ``[::1]:8000`` → ``::1``."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


class BodyTooLarge(Exception):
    pass


class Guard:
    """The ASGI middleware described in the module note; ``create_app`` adds it outermost."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings
        self.keys = Keys.from_settings(settings)
        self.hosts = allowed_hosts(settings)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = _with_security_headers(send)
        headers = {name.lower(): value for name, value in scope.get("headers", [])}
        method, path = scope["method"], scope.get("path", "/")
        host = headers.get(b"host", b"").decode("latin-1")
        html = _wants_html(headers)
        if not self._host_allowed(host_name(host)):
            await _answer(send, 400, "the Host header names a host this service does not serve; "
                          "add it to RODEDRAAD_ALLOWED_HOSTS", html, "Onbekende hostnaam")
            return
        if method in _UNSAFE and _cross_site(headers, host):
            await _answer(send, 403, "a request from another site may not change anything here", html,
                          "Verzoek van een andere site geweigerd")
            return
        needed = self.keys.needed(required_access(method, path, scope.get("query_string", b"").decode("latin-1")))
        if needed and not self._has_key(headers, needed):
            await _answer(send, 401, "this request needs a key: X-API-Key: KEY or Authorization: Bearer KEY",
                          html, "Sleutel nodig", key_form=_next_url(scope) if html else None)
            return
        if method in _UNSAFE:
            limit = self._body_limit(path)
            length = headers.get(b"content-length")
            if length is not None and (not length.isdigit() or int(length) > limit):
                await _answer(send, 413, f"the request body is larger than the limit of {limit / 2**20:.1f} MiB",
                              html, "Te groot")
                return
            await self._limited(scope, receive, send, limit, html)
            return
        await self.app(scope, receive, send)

    def _host_allowed(self, name: str) -> bool:
        """A configured name, or (without configuration) any IP address: DNS rebinding needs a host *name*, so
        ``serve --host 0.0.0.0`` stays reachable by address while a rebound name is refused."""
        if "*" in self.hosts or name in self.hosts:
            return True
        if self.settings.allowed_hosts:
            return False
        try:
            ipaddress.ip_address(name)
        except ValueError:
            return False
        return True

    def _has_key(self, headers: dict[bytes, bytes], needed: tuple[str, ...]) -> bool:
        keys, tokens = presented_keys(headers)
        for expected in needed:
            if any(key_matches(key, expected) for key in keys):
                return True
            if any(key_matches(token, key_token(expected)) for token in tokens):
                return True
        return False

    def _body_limit(self, path: str) -> int:
        if path == "/documents":
            return self.settings.max_upload_bytes + _MULTIPART_SLACK
        if path == "/documenten/upload":
            return (self.settings.max_upload_bytes + _MULTIPART_SLACK) * _WEB_UPLOAD_FILES
        return MAX_BODY_BYTES

    async def _limited(self, scope: Scope, receive: Receive, send: Send, limit: int, html: bool) -> None:
        """Run the app with a body counted as it streams; past ``limit`` the answer becomes a 413."""
        received = 0
        over = False
        started = False

        async def counting_receive() -> Message:
            nonlocal received, over
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    over = True
                    raise BodyTooLarge
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if over:
                if message["type"] == "http.response.start" and not started:
                    started = True
                    await _answer(send, 413, f"the request body is larger than the limit of "
                                  f"{limit / 2**20:.1f} MiB", html, "Te groot")
                return
            await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except BodyTooLarge:
            if not started:
                await _answer(send, 413, f"the request body is larger than the limit of {limit / 2**20:.1f} MiB",
                              html, "Te groot")


def _cross_site(headers: dict[bytes, bytes], host: str) -> bool:
    fetch_site = headers.get(b"sec-fetch-site", b"").decode("latin-1").lower()
    if fetch_site in ("cross-site", "same-site"):
        return True
    origin = headers.get(b"origin")
    if origin is None:
        return False  # not a browser form or script (curl, the CLI, tests): nothing to forge
    netloc = urlsplit(origin.decode("latin-1")).netloc.lower()
    return not netloc or netloc != host.lower()


def _wants_html(headers: dict[bytes, bytes]) -> bool:
    accept = headers.get(b"accept", b"").decode("latin-1")
    return "text/html" in accept and "application/json" not in accept


def _next_url(scope: Scope) -> str:
    if scope["method"] not in ("GET", "HEAD"):
        return "/"
    query = scope.get("query_string", b"").decode("latin-1")
    return scope.get("path", "/") + (f"?{query}" if query else "")


def _with_security_headers(send: Send) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            present = {name.lower() for name, _ in message.get("headers", [])}
            extra = [(name.encode(), value.encode()) for name, value in SECURITY_HEADERS.items()
                     if name.encode() not in present]
            if b"content-security-policy" not in present:
                extra.append((b"content-security-policy", CSP.encode()))
            message["headers"] = [*message.get("headers", []), *extra]
        await send(message)

    return sending


async def _answer(send: Send, status: int, detail: str, html: bool, title: str, key_form: str | None = None) -> None:
    """An error answered by the guard itself: ``{"detail"}`` for clients, a small Dutch page for browsers."""
    if html:
        from service.web.rendering import guard_page

        body = guard_page(status, title, _DUTCH.get(status, detail), key_form).encode("utf-8")
        content_type = b"text/html; charset=utf-8"
    else:
        body = json.dumps({"detail": detail}).encode("utf-8")
        content_type = b"application/json"
    headers = [(b"content-type", content_type), (b"content-length", str(len(body)).encode())]
    if status == 401:
        headers.append((b"www-authenticate", b'Bearer realm="rodedraad"'))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


_DUTCH = {
    400: "Deze server kent de hostnaam in het adres niet. Gebruik het adres dat de beheerder gaf.",
    401: "Deze server is beveiligd met een sleutel. Vul de sleutel in; de browser onthoudt hem tot u hem wist.",
    403: "Een pagina van een andere website probeerde hier iets te veranderen. Dat is geweigerd.",
    413: "Wat u stuurde is groter dan deze server aanneemt.",
}


def login_url(next_url: str) -> str:
    return "/sleutel?volgende=" + quote(next_url, safe="")
