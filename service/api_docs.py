"""``/docs`` (Swagger UI) and ``/redoc`` (ReDoc) from bundled files only: the product runs on closed networks,
where FastAPI's default pages (both from a CDN, with a favicon from fastapi.tiangolo.com) stay blank.

The JavaScript and CSS are the files the ``fastapi-offline`` package ships, served from its installed package
folder at ``/static/api-docs/`` (nothing copied into this repository). Both pages keep the strict CSP: Swagger
UI is started by our own ``/static/swagger-init.js`` (no inline script). ReDoc's styled-components insert
``<style>`` elements and its search runs in a ``blob:`` worker, so ``/redoc`` alone allows inline *styles* and
blob workers (scripts stay self-only). A server-rendered reference of the schema, in the site's layout and
without any script, stays at ``/docs/referentie``. The machine-readable schema is ``/openapi.json``.
"""

from __future__ import annotations

from html import escape
from importlib.resources import files
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

from service.web.rendering import render

_METHODS = ("get", "post", "put", "patch", "delete")


def _schema_text(schema: dict[str, Any]) -> str:
    """A one-line description of a JSON schema: type, enum, bounds."""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " | ".join(_schema_text(part) for part in schema["anyOf"])
    if "enum" in schema:
        return " | ".join(str(value) for value in schema["enum"])
    kind = str(schema.get("type", "any"))
    if kind == "array":
        kind = f"list of {_schema_text(schema.get('items', {}))}"
    bounds = [f"{name} {schema[key]}" for key, name in (
        ("minimum", "≥"), ("maximum", "≤"), ("minLength", "min. length"), ("maxLength", "max. length"),
        ("maxItems", "max. items"), ("pattern", "pattern")) if key in schema]
    return kind + (f" ({', '.join(bounds)})" if bounds else "")


def _operations(spec: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for path, item in spec.get("paths", {}).items():
        for method in _METHODS:
            operation = item.get(method)
            if not operation:
                continue
            body = operation.get("requestBody", {}).get("content", {})
            found.append({
                "method": method.upper(), "path": path, "summary": operation.get("summary", ""),
                "description": operation.get("description", ""),
                "parameters": [
                    {"name": p["name"], "where": p["in"], "required": p.get("required", False),
                     "schema": _schema_text(p.get("schema", {})), "description": p.get("description", "")}
                    for p in operation.get("parameters", [])
                ],
                "body": [(media, _schema_text(content.get("schema", {}))) for media, content in body.items()],
                "responses": [(code, answer.get("description", ""),
                               ", ".join(answer.get("content", {}) or ["—"]))
                              for code, answer in sorted(operation.get("responses", {}).items())],
            })
    return found


def _models(spec: dict[str, Any]) -> list[dict[str, Any]]:
    schemas = spec.get("components", {}).get("schemas", {})
    return [
        {"name": name, "fields": [(field, _schema_text(value), field in schema.get("required", []))
                                  for field, value in schema.get("properties", {}).items()]}
        for name, schema in sorted(schemas.items())
    ]


ASSETS_URL = "/static/api-docs"
REFERENCE_URL = "/docs/referentie"
REDOC_CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
             "font-src 'self'; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; "
             "form-action 'self'; frame-ancestors 'none'")


def assets_dir() -> Path:
    """The installed ``fastapi_offline/static`` folder: swagger-ui-bundle.js, swagger-ui.css,
    redoc.standalone.js, favicon.png."""
    return Path(str(files("fastapi_offline") / "static"))


def _swagger_html(root: str, title: str) -> str:
    assets, title = escape(root + ASSETS_URL), escape(title)
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} – API (Swagger UI)</title>
<link rel="icon" type="image/png" href="{assets}/favicon.png">
<link rel="stylesheet" href="{assets}/swagger-ui.css">
</head>
<body>
<div id="swagger-ui" data-openapi-url="{escape(root)}/openapi.json"></div>
<script src="{assets}/swagger-ui-bundle.js"></script>
<script src="{escape(root)}/static/swagger-init.js"></script>
</body>
</html>
"""


def _redoc_html(root: str, title: str) -> str:
    assets, title = escape(root + ASSETS_URL), escape(title)
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} – API (ReDoc)</title>
<link rel="icon" type="image/png" href="{assets}/favicon.png">
</head>
<body>
<redoc spec-url="{escape(root)}/openapi.json"></redoc>
<script src="{assets}/redoc.standalone.js"></script>
</body>
</html>
"""


def mount_docs(app: FastAPI) -> None:
    """Adds ``/docs``, ``/redoc``, ``/docs/referentie`` and the bundled files. Call it before ``mount_web``:
    the ``/static/api-docs`` mount must come before the site's own ``/static``."""
    app.mount(ASSETS_URL, StaticFiles(directory=assets_dir()), name="api-docs")

    @app.get("/docs", include_in_schema=False)
    def docs(request: Request) -> Response:
        return HTMLResponse(_swagger_html(request.scope.get("root_path", ""), app.title))

    @app.get("/redoc", include_in_schema=False)
    def redoc(request: Request) -> Response:
        return HTMLResponse(_redoc_html(request.scope.get("root_path", ""), app.title),
                            headers={"Content-Security-Policy": REDOC_CSP})

    @app.get(REFERENCE_URL, include_in_schema=False)
    def reference(request: Request) -> Response:
        spec = app.openapi()
        return render(request, "api_docs.html", {
            "active": "", "spec": spec, "operations": _operations(spec), "models": _models(spec),
        })
