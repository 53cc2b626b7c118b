"""What every page of the web layer shares: the Jinja2 environment, rendering, error pages, query helpers.

The web layer only renders: each page calls the same answer functions as the API (service/views.py,
api_themes.py, api_analyses.py, views_threads.py) and shows their models. Routes use :class:`WebRoute`,
so a ``RodedraadError`` or a bad query parameter becomes a Dutch HTML error page with the right status
instead of the API's JSON.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Depends, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from fastapi.templating import Jinja2Templates

from models.search import SNIPPET_CHARS
from rodedraad import __version__
from rodedraad.errors import RodedraadError
from service.api_errors import status_of
from service.context import Services
from service.web import labels

PACKAGE_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = PACKAGE_DIR / "templates"
STATIC_DIR = PACKAGE_DIR / "static"

_STATUS_TITLES = {
    400: "Deze vraag kan niet worden beantwoord",
    401: "Sleutel nodig",
    403: "Niet toegestaan",
    409: "Bestaat al",
    404: "Niet gevonden",
    413: "Bestand te groot",
    422: "Ongeldige invoer",
    500: "Er ging iets mis in de opslag",
    503: "Model niet beschikbaar",
}


def build_templates() -> Jinja2Templates:
    """The Jinja2 environment with the Dutch labels and helpers every template may use."""
    templates = Jinja2Templates(directory=TEMPLATES_DIR)
    env = templates.env
    env.trim_blocks = True
    env.lstrip_blocks = True
    env.globals.update(
        version=__version__,
        SNIPPET_CHARS=SNIPPET_CHARS,
        KIND_LABELS=labels.KIND_LABELS,
        MODE_LABELS=labels.MODE_LABELS,
        MODE_HINTS=labels.MODE_HINTS,
        STRENGTH_LABELS=labels.STRENGTH_LABELS,
        STRENGTH_HINTS=labels.STRENGTH_HINTS,
        TENSION_KIND_LABELS=labels.TENSION_KIND_LABELS,
        MATRIX_AXIS_LABELS=labels.MATRIX_AXIS_LABELS,
        url_with=url_with,
        passage_url=passage_url,
        counted=counted,
    )
    env.filters.update(
        kind_label=lambda code: labels.label(labels.KIND_LABELS, code),
        strength_label=lambda code: labels.label(labels.STRENGTH_LABELS, code),
        tension_kind_label=lambda code: labels.label(labels.TENSION_KIND_LABELS, code),
        modality_label=lambda code: labels.label(labels.MODALITY_LABELS, code),
        mode_label=lambda code: labels.label(labels.MODE_LABELS, code),
        percent=lambda value: f"{round(100 * float(value))}%",
        decimal=lambda value, digits=2: f"{float(value):.{digits}f}".replace(".", ","),
    )
    return templates


_GUARD_TEMPLATES: list[Jinja2Templates] = []


def guard_page(status_code: int, title: str, detail: str, key_form: str | None) -> str:
    """A Dutch page in the site's layout for answers given before any route runs (wrong host, cross-site
    write, missing key): the key form when ``key_form`` (the address to return to) is given."""
    if not _GUARD_TEMPLATES:
        _GUARD_TEMPLATES.append(build_templates())
    env = _GUARD_TEMPLATES[0].env
    if key_form is not None:
        return env.get_template("key.html").render(title=title, detail=detail, volgende=key_form, active="", fout=False)
    return env.get_template("error.html").render(title=title, detail=detail, status_code=status_code, active="")


def render(request: Request, template: str, context: Mapping[str, Any], status_code: int = 200) -> Response:
    templates: Jinja2Templates = request.app.state.web_templates
    return templates.TemplateResponse(request, template, dict(context), status_code=status_code)


def error_page(request: Request, status_code: int, detail: str) -> Response:
    title = _STATUS_TITLES.get(status_code, "Er ging iets mis")
    return render(request, "error.html", {"title": title, "detail": detail, "status_code": status_code},
                  status_code=status_code)


class WebRoute(APIRoute):
    """A route whose expected errors render as an HTML page (the API's routes keep their JSON errors)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def html_errors(request: Request) -> Response:
            try:
                return await handler(request)
            except RodedraadError as exc:
                return error_page(request, status_of(exc), str(exc))
            except RequestValidationError as exc:
                return error_page(request, 422, validation_message(exc.errors()))

        return html_errors


def validation_message(errors: Sequence[Any]) -> str:
    """The first invalid form field or query parameter, in Dutch (pydantic's own words as a fallback)."""
    first = errors[0] if errors else {}
    where = ".".join(str(part) for part in first.get("loc", ()) if part not in ("query", "body", "path"))
    dutch = labels.VALIDATION_MESSAGES.get(first.get("type", ""))
    problem = dutch.format(**(first.get("ctx") or {})) if dutch else str(first.get("msg", "ongeldige waarde"))
    return f"{where}: {problem}" if where else problem


def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]


def url_with(request: Request, **changes: object) -> str:
    """This page's URL with some query parameters changed; ``None`` or ``""`` removes one (empty ones go too).

    Changing anything but the page number goes back to page 1, so a new filter never lands on an empty page.
    """
    params = {key: value for key, value in request.query_params.items() if value}
    if "pagina" not in changes:
        params.pop("pagina", None)
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = str(value)
    query = urlencode(params)
    return request.url.path + (f"?{query}" if query else "")


def passage_url(doc_id: str, passage_id: str, query: str | None = None) -> str:
    """The document view scrolled to one passage (``query``: the search that led there, for the way back)."""
    params = {"passage": passage_id, **({"q": query} if query else {})}
    return f"/documenten/{doc_id}?{urlencode(params)}#p-{passage_id}"


def counted(n: int, singular: str, plural: str) -> str:
    """``1 zin``, ``3 zinnen``: a number with the Dutch noun in the right number."""
    return f"{n} {singular if n == 1 else plural}"


def blank_to_none(value: str | None) -> str | None:
    """Form fields send ``""`` for "all"; the answer functions want ``None``."""
    if value is None:
        return None
    value = value.strip()
    return value or None


# as the API: page × size stays far below SQLite's 2^63 offsets
MAX_PAGE = 10_000


def page_number(value: str | None) -> int:
    """A page number from the query string; anything that is not a positive number means page 1, and a number
    past ``MAX_PAGE`` means the last page that may be asked for."""
    text = (value or "1").strip()
    if not text.isdigit() or len(text) > 9:
        return MAX_PAGE if text.isdigit() else 1
    return min(MAX_PAGE, max(1, int(text)))


def page_count(total: int, size: int) -> int:
    return max(1, -(-total // size))
