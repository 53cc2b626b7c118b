"""Commitments and tensions over HTTP, and the answers the CLI shares (same models, same JSON).

The lead wires it in with one line in ``create_app``: ``app.include_router(analyses_router())``.
Analyses are brought up to date lazily: the first request after an ingest recomputes what changed.
"""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from models.analysis_store import (
    CommitmentFilters,
    TensionFilters,
    create_tables,
    is_stale,
    list_commitments,
    list_tensions,
    tension_pairs,
    update_analyses,
)
from rodedraad.errors import NotFound
from service.context import Services
from service.schemas import ErrorDetail, Page
from service.schemas_analyses import CommitmentItem, PartyPairItem, TensionItem
from service.views import MAX_PAGE, check_page

MAX_PAGE_SIZE = 100
_ERRORS: dict[int | str, dict[str, object]] = {404: {"model": ErrorDetail}, 422: {"model": ErrorDetail}}


_check_page = check_page


def ensure_analyses(services: Services) -> None:
    """Recompute commitments and tensions when documents or themes changed since the last run; while a worker
    process runs, that is its work (the answer holds what is computed so far, and ``/status`` what is pending)."""
    from models.work_queue import worker_alive

    store = services.store
    if not is_stale(store) or worker_alive(store):
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
    return Page[TensionItem](items=with_citations(services, [TensionItem.from_stored(item) for item in items]),
                             total=total, page=page, size=size)


def with_citations(services: Services, items: list[TensionItem]) -> list[TensionItem]:
    """Each tension passage with its document's title, source and page, like a search hit."""
    ids = sorted({passage.passage_id for item in items for passage in item.passages})
    if not ids:
        return items
    rows = services.store.query(
        "SELECT p.id, p.page, d.title, d.source FROM passages p JOIN documents d ON d.id = p.doc_id "
        f"WHERE p.id IN ({','.join('?' * len(ids))})", ids)
    found = {row["id"]: row for row in rows}
    for item in items:
        for passage in item.passages:
            row = found.get(passage.passage_id)
            if row is not None:
                passage.title, passage.source, passage.page = row["title"], row["source"], row["page"]
    return items


def commitment_detail(services: Services, commitment_id: str) -> CommitmentItem:
    ensure_analyses(services)
    create_tables(services.store)
    rows = services.store.query("SELECT doc_id, passage_id FROM commitments WHERE id = ?", (commitment_id,))
    if not rows:
        raise NotFound(f"no commitment with id {commitment_id!r}")
    filters = CommitmentFilters(doc_id=rows[0]["doc_id"], passage_ids=(rows[0]["passage_id"],))
    items, _ = list_commitments(services.store, filters, limit=10_000)
    for item in items:
        if item.commitment.id == commitment_id:
            return CommitmentItem.from_stored(item)
    raise NotFound(f"no commitment with id {commitment_id!r}")


def tension_detail(services: Services, tension_id: str) -> TensionItem:
    ensure_analyses(services)
    create_tables(services.store)
    rows = services.store.query("SELECT doc_id FROM tension_links WHERE tension_id = ? LIMIT 1", (tension_id,))
    if rows:
        items, _ = list_tensions(services.store, TensionFilters(doc_id=rows[0]["doc_id"]), limit=100_000)
        for item in items:
            if item.tension.id == tension_id:
                return with_citations(services, [TensionItem.from_stored(item)])[0]
    raise NotFound(f"no tension with id {tension_id!r}")


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
_Page = Annotated[int, Query(ge=1, le=MAX_PAGE)]
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

    @router.get("/commitments/{commitment_id}", response_model=CommitmentItem, responses=_ERRORS)
    def commitment(svc: _ServicesDep, commitment_id: str) -> CommitmentItem:
        return commitment_detail(svc, commitment_id)

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

    @router.get("/tensions/{tension_id}", response_model=TensionItem, responses=_ERRORS)
    def tension(svc: _ServicesDep, tension_id: str) -> TensionItem:
        return tension_detail(svc, tension_id)

    return router
