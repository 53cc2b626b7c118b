"""Thema's: the theme list with the map, and one theme with its cited summary and organisation matrix."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from service.api_themes import matrix, theme_detail, themes_page
from service.schemas_themes import ThemeMatrix
from service.web.facets import document_titles
from service.web.rendering import ServicesDep, WebRoute, page_count, page_number, render

THEMES_PER_PAGE = 25
# a theme page lists this many documents and central passages; the API has them all
DOCUMENTS_SHOWN = 30


def theme_pages() -> APIRouter:
    router = APIRouter(route_class=WebRoute, include_in_schema=False)

    @router.get("/themas")
    def themes(request: Request, svc: ServicesDep, pagina: str | None = None) -> Response:
        result = themes_page(svc, page=page_number(pagina), size=THEMES_PER_PAGE)
        return render(request, "themes.html", {
            "active": "themas",
            "result": result,
            "pages": page_count(result.total, result.size),
        })

    @router.get("/themas/{theme_id}")
    def theme(request: Request, svc: ServicesDep, theme_id: str) -> Response:
        detail = theme_detail(svc, theme_id)
        parent = theme_detail(svc, detail.parent_id) if detail.parent_id else None
        documents = detail.documents[:DOCUMENTS_SHOWN]
        cited = {s.doc_id for s in detail.summary} | {c.name for c in documents} | {p.doc_id for p in detail.passages}
        return render(request, "theme.html", {
            "active": "themas",
            "theme": detail,
            "parent": parent,
            "documents": documents,
            "titles": document_titles(svc, cited),
            # the matrix has top-level themes: a sub-theme shows its parent's organisations
            "matrix": _organisation_rows(matrix(svc, "organisation"), detail.parent_id or theme_id),
        })

    return router


def _organisation_rows(result: ThemeMatrix, theme_id: str) -> ThemeMatrix:
    """The organisation × theme matrix, limited to the organisations that take part in this theme,
    most passages in it first: where else do this theme's organisations work?"""
    rows = [row for row in result.rows if row.counts.get(theme_id)]
    rows.sort(key=lambda row: (-row.counts.get(theme_id, 0), row.name.lower()))
    return ThemeMatrix(by=result.by, themes=result.themes, rows=rows)
