"""Zoeken: the search page at ``/`` (the same answer as ``GET /search``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from models.search import SEARCH_MODES
from models.store import DocumentFilters
from service import views
from service.web.facets import document_facets, theme_choices
from service.web.rendering import ServicesDep, WebRoute, blank_to_none, page_number, render

RESULTS_PER_PAGE = 10


def search_pages() -> APIRouter:
    router = APIRouter(route_class=WebRoute, include_in_schema=False)

    @router.get("/")
    def search(
        request: Request,
        svc: ServicesDep,
        q: str = "",
        modus: str = "hybrid",
        soort: str | None = None,
        bron: str | None = None,
        organisatie: str | None = None,
        jaar: Annotated[str | None, Query(pattern=r"^(\d{4})?$")] = None,
        pagina: str | None = None,
    ) -> Response:
        filters = DocumentFilters(kind=blank_to_none(soort), source=blank_to_none(bron),
                                  organisation=blank_to_none(organisatie), year=blank_to_none(jaar))
        mode = modus if modus in SEARCH_MODES else "hybrid"
        page = page_number(pagina)
        result = None
        if q.strip():
            result = views.search_page(svc, q, mode=mode, filters=filters, page=page, size=RESULTS_PER_PAGE)
        return render(request, "search.html", {
            "active": "zoeken",
            "q": q,
            "mode": mode,
            "filters": filters,
            "facets": document_facets(svc),
            "result": result,
            # ``total`` counts every hit the search has, so the last page knows it is the last
            "has_next": result is not None and result.page * result.size < result.total,
            "filters_open": filters.active,
            # the landing page: what there is to search, and the themes as a way in (never built here: slow)
            "status": None if result else views.status(svc),
            # while an ingest runs: how many passages the meaning half of the search reaches yet
            "coverage": views.meaning_coverage(svc) if result is not None and mode != "lexical" else None,
            "themes": [] if result else theme_choices(svc, refresh=False),
        })

    @router.get("/fragmenten/meer-zoals-dit/{passage_id}")
    def similar(request: Request, svc: ServicesDep, passage_id: str) -> Response:
        """The "meer zoals dit" list under a search result (loaded on demand)."""
        return render(request, "_similar.html", {"similar": views.similar_page(svc, passage_id, size=5)})

    return router
