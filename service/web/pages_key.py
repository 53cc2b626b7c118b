"""Sleutel: the page asks for the server's key once and keeps proof of it in a cookie.

The cookie is ``HttpOnly`` (no script reads it) and ``SameSite=Strict`` (no other site's page sends it), and
holds an HMAC of the key, not the key (service/views.py ``key_token``). The guard (service/api_security.py)
accepts it wherever a key is needed, so the web page, the memo download and the PNG map work after one entry.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import RedirectResponse

from service.api_security import KEY_COOKIE
from service.settings import Settings
from service.views import key_matches, key_token
from service.web.rendering import WebRoute, render

# a week: long enough for a working week, short enough that a forgotten laptop forgets too
COOKIE_SECONDS = 7 * 24 * 3600


def _local(next_url: str | None) -> str:
    """Only an address on this site (``/…``, never ``//host``) to return to."""
    if not next_url or not next_url.startswith("/") or next_url.startswith("//") or "\\" in next_url:
        return "/"
    return next_url


def key_pages() -> APIRouter:
    router = APIRouter(route_class=WebRoute, include_in_schema=False)

    @router.get("/sleutel")
    def form(request: Request, volgende: str | None = None) -> Response:
        return render(request, "key.html", {
            "active": "", "title": "Sleutel", "fout": False, "volgende": _local(volgende),
            "detail": "Vul de sleutel van deze server in; de browser onthoudt hem tot u hem wist.",
        })

    @router.post("/sleutel")
    def enter(
        request: Request,
        sleutel: Annotated[str, Form(max_length=1000)],
        volgende: Annotated[str, Form(max_length=2000)] = "/",
    ) -> Response:
        settings: Settings = request.app.state.settings
        for key in (settings.api_key, settings.read_key):
            if key and key_matches(sleutel, key):
                answer = RedirectResponse(_local(volgende), status_code=303)
                answer.set_cookie(KEY_COOKIE, key_token(key), max_age=COOKIE_SECONDS, httponly=True,
                                  samesite="strict", secure=request.url.scheme == "https", path="/")
                return answer
        return render(request, "key.html", {
            "active": "", "title": "Sleutel", "fout": True, "volgende": _local(volgende),
            "detail": "Deze sleutel klopt niet (of deze server gebruikt geen sleutel).",
        }, status_code=401)

    @router.post("/sleutel/wissen")
    def forget() -> Response:
        answer = RedirectResponse("/", status_code=303)
        answer.delete_cookie(KEY_COOKIE, path="/", httponly=True, samesite="strict")
        return answer

    return router
