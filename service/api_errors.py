"""One way to answer an error, and an OpenAPI schema that says what the app really does.

Every error is ``{"detail": "<one sentence>"}`` with its status (DESIGN.md); a browser asking for a page
that does not exist gets a Dutch HTML page in the site's layout instead. Bad parameter values are 422
everywhere, whether FastAPI's validation or an answer function (``InvalidRequest``) found them.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from rodedraad.errors import InvalidRequest, RodedraadError

_ERROR_SCHEMA = {"$ref": "#/components/schemas/ErrorDetail"}
_ERROR_CONTENT = {"application/json": {"schema": _ERROR_SCHEMA}}
_HTTP_DETAILS = {404: "there is nothing at this address", 405: "this address does not accept this method"}


def status_of(exc: RodedraadError) -> int:
    """The HTTP status of an expected error: a bad parameter value is 422, like FastAPI's own validation."""
    return 422 if isinstance(exc, InvalidRequest) else exc.http_status


def validation_detail(errors: Any) -> str:
    """The first invalid parameter as one line: ``size: Input should be less than or equal to 100``."""
    first = errors[0] if errors else {"loc": ("request",), "msg": "invalid request"}
    where = ".".join(str(part) for part in first.get("loc", ()) if part not in ("query", "body", "path", "header"))
    message = str(first.get("msg", "invalid value")).replace("\n", " ")
    return f"{where}: {message}" if where else message


def wants_html(request: Request) -> bool:
    """A browser navigating (not a script or an API client): it gets Dutch pages instead of JSON."""
    accept = request.headers.get("accept", "")
    return "text/html" in accept and "application/json" not in accept


def install_error_handlers(app: FastAPI) -> None:
    from service.web.rendering import error_page

    @app.exception_handler(RodedraadError)
    async def rodedraad_error(_: Request, exc: RodedraadError) -> JSONResponse:
        return JSONResponse(status_code=status_of(exc), content={"detail": str(exc)})

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse(status_code=422, content={"detail": validation_detail(exc.errors())})

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        detail = _HTTP_DETAILS.get(exc.status_code) or str(exc.detail)
        if wants_html(request) and request.method in ("GET", "HEAD"):
            dutch = {404: "Op dit adres staat niets. Kies een onderdeel in het menu."}
            return error_page(request, exc.status_code, dutch.get(exc.status_code, detail))
        return JSONResponse(status_code=exc.status_code, content={"detail": detail}, headers=exc.headers)


def install_contract_openapi(app: FastAPI) -> None:
    """FastAPI's schema, corrected where the app answers differently: 422 is ``{"detail": string}``, the
    map and matrix also answer PNG and CSV, and every operation may answer 401/403 when keys are set."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        spec = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        schemas = spec.setdefault("components", {}).setdefault("schemas", {})
        schemas.pop("HTTPValidationError", None)
        schemas.pop("ValidationError", None)
        schemas["ErrorDetail"] = {"title": "ErrorDetail", "type": "object", "required": ["detail"],
                                  "properties": {"detail": {"type": "string", "title": "Detail"}}}
        for path, item in spec.get("paths", {}).items():
            for operation in item.values():
                responses = operation.setdefault("responses", {})
                if operation.get("parameters") or operation.get("requestBody"):
                    responses["422"] = {"description": "a parameter has a bad value", "content": _ERROR_CONTENT}
                for code, text in _GUARD_RESPONSES.items():
                    if path != "/health":
                        responses.setdefault(code, {"description": text, "content": _ERROR_CONTENT})
                if operation.get("requestBody"):
                    responses.setdefault("413", {"description": "the request body is larger than the limit",
                                                 "content": _ERROR_CONTENT})
        _content(spec, "/themes/map", {"text/html": {"schema": {"type": "string"}},
                                       "image/png": {"schema": {"type": "string", "format": "binary"}}})
        matrix = spec.get("paths", {}).get("/themes/matrix", {}).get("get", {}).get("responses", {}).get("200")
        if matrix:
            matrix.setdefault("content", {})["text/csv"] = {"schema": {"type": "string"}}
        app.openapi_schema = spec
        return spec

    app.openapi = openapi  # type: ignore[method-assign]


_GUARD_RESPONSES = {
    "400": "the Host header is not one of the allowed host names",
    "401": "this operation needs a key (X-API-Key or Authorization: Bearer)",
    "403": "a cross-site request that changes something was refused",
}


def _content(spec: dict[str, Any], path: str, content: dict[str, Any]) -> None:
    operation = spec.get("paths", {}).get(path, {}).get("get")
    if operation:
        operation["responses"].setdefault("200", {"description": "Successful Response"})["content"] = content
