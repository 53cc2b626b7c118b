"""``/docs`` and ``/redoc`` from bundled files only: the product runs on closed networks, where FastAPI's
default pages (Swagger UI and ReDoc from a CDN) stay blank.

Until a Swagger UI / ReDoc bundle is vendored, both addresses show the same server-rendered reference of the
OpenAPI schema (operations, parameters with their bounds, request bodies, answers), in the site's layout.
The machine-readable schema stays at ``/openapi.json``.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response

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


def mount_docs(app: FastAPI) -> None:
    @app.get("/docs", include_in_schema=False)
    def docs(request: Request) -> Response:
        spec = app.openapi()
        return render(request, "api_docs.html", {
            "active": "", "spec": spec, "operations": _operations(spec), "models": _models(spec),
        })

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> Response:
        return RedirectResponse("/docs", status_code=307)
