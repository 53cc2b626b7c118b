"""Commitments and tensions over HTTP, and the answers the CLI shares (same models, same JSON).

The lead wires it in with one line in ``create_app``: ``app.include_router(analyses_router())``.
Analyses are brought up to date lazily: the first request after an ingest recomputes what changed.
"""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from models.analysis_store import (
    CommitmentFilters,
    TensionFilters,
    is_stale,
    list_commitments,
    list_tensions,
    tension_pairs,
    update_analyses,
)
from rodedraad.errors import InvalidRequest
from service.context import Services
from service.schemas import ErrorDetail, Page
from service.schemas_analyses import CommitmentItem, PartyPairItem, TensionItem

MAX_PAGE_SIZE = 100
_ERRORS: dict[int | str, dict[str, object]] = {400: {"model": ErrorDetail}, 422: {"model": ErrorDetail}}


def _check_page(page: int, size: int) -> None:
    if page < 1:
        raise InvalidRequest(f"page must be 1 or more, got {page}")
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise InvalidRequest(f"size must be between 1 and {MAX_PAGE_SIZE}, got {size}")


def ensure_analyses(services: Services) -> None:
    """Recompute commitments and tensions when documents or themes changed since the last run."""
    store = services.store
    if not is_stale(store):
        return
    with services.write_lock:
        if is_stale(store):
            update_analyses(store, services.nlp)


def commitments_page(
    services: Services, filters: CommitmentFilters | None = None, *, page: int = 1, size: int = 20,
    order: str = "document",
) -> Page[CommitmentItem]:
    _check_page(page, size)
    ensure_analyses(services)
    items, total = list_commitments(services.store, filters, offset=(page - 1) * size, limit=size, order=order)
    return Page[CommitmentItem](
        items=[CommitmentItem.from_stored(item) for item in items], total=total, page=page, size=size
    )


def tensions_page(
    services: Services, filters: TensionFilters | None = None, *, page: int = 1, size: int = 20,
    order: str = "kind",
) -> Page[TensionItem]:
    _check_page(page, size)
    ensure_analyses(services)
    items, total = list_tensions(services.store, filters, offset=(page - 1) * size, limit=size, order=order)
    return Page[TensionItem](items=[TensionItem.from_stored(item) for item in items], total=total, page=page, size=size)


def tension_pairs_page(
    services: Services, filters: TensionFilters | None = None, *, page: int = 1, size: int = 20
) -> Page[PartyPairItem]:
    _check_page(page, size)
    ensure_analyses(services)
    pairs = tension_pairs(services.store, filters)
    chosen = pairs[(page - 1) * size: page * size]
    return Page[PartyPairItem](
        items=[PartyPairItem.from_pair(pair) for pair in chosen], total=len(pairs), page=page, size=size
    )


def _services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


_ServicesDep = Annotated[Services, Depends(_services)]
_Page = Annotated[int, Query(ge=1)]
_Size = Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)]


def analyses_router() -> APIRouter:
    """``GET /commitments``, ``GET /tensions``, ``GET /tensions/pairs``."""
    router = APIRouter(tags=["analyses"])

    @router.get("/commitments", response_model=Page[CommitmentItem], responses=_ERRORS)
    def commitments(
        svc: _ServicesDep,
        actor: Annotated[str | None, Query(description="part of an actor's name")] = None,
        theme: Annotated[str | None, Query(description="a theme id")] = None,
        doc_id: str | None = None,
        strength: Annotated[str | None, Query(description="binding | intention | aspiration")] = None,
        sort: Annotated[str, Query(description="document | deadline | strength | actor")] = "document",
        page: _Page = 1,
        size: _Size = 20,
    ) -> Page[CommitmentItem]:
        filters = CommitmentFilters(actor=actor, theme=theme, doc_id=doc_id, strength=strength)
        return commitments_page(svc, filters, page=page, size=size, order=sort)

    @router.get("/tensions", response_model=Page[TensionItem], responses=_ERRORS)
    def tensions(
        svc: _ServicesDep,
        party: Annotated[str | None, Query(description="part of a party's name")] = None,
        theme: Annotated[str | None, Query(description="a theme id")] = None,
        doc_id: str | None = None,
        kind: Annotated[str | None, Query(description="stated | between")] = None,
        sort: Annotated[str, Query(description="kind | parties | issue")] = "kind",
        page: _Page = 1,
        size: _Size = 20,
    ) -> Page[TensionItem]:
        filters = TensionFilters(party=party, theme=theme, doc_id=doc_id, kind=kind)
        return tensions_page(svc, filters, page=page, size=size, order=sort)

    @router.get("/tensions/pairs", response_model=Page[PartyPairItem], responses=_ERRORS)
    def pairs(
        svc: _ServicesDep,
        party: Annotated[str | None, Query(description="part of a party's name")] = None,
        theme: Annotated[str | None, Query(description="a theme id")] = None,
        doc_id: str | None = None,
        kind: Annotated[str | None, Query(description="stated | between")] = None,
        page: _Page = 1,
        size: _Size = 20,
    ) -> Page[PartyPairItem]:
        filters = TensionFilters(party=party, theme=theme, doc_id=doc_id, kind=kind)
        return tension_pairs_page(svc, filters, page=page, size=size)

    return router
