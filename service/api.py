"""The HTTP API, built by ``create_app(settings)``. Contract in DESIGN.md; OpenAPI at /docs."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, FastAPI, File, Header, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from models.search import SearchMode
from models.store import DocumentFilters
from rodedraad import __version__
from rodedraad.errors import RodedraadError
from rodedraad.records import DocumentKind
from service import views
from service.api_analyses import analyses_router
from service.api_themes import register_theme_routes
from service.api_threads import threads_router
from service.context import Services
from service.schemas import (
    DocumentDetail,
    DocumentItem,
    ErrorDetail,
    Health,
    IngestResult,
    Page,
    SearchItem,
    SearchPage,
    Status,
)
from service.settings import Settings, get_settings
from service.web import mount_web

_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorDetail}, 404: {"model": ErrorDetail}, 422: {"model": ErrorDetail}
}


def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]


def create_app(settings: Settings | None = None, services: Services | None = None) -> FastAPI:
    settings = settings or get_settings()
    services = services or Services(settings)
    app = FastAPI(
        title="rodedraad",
        version=__version__,
        description="Search and explain Dutch policy texts: passages, documents, themes, commitments, tensions.",
    )
    app.state.services = services

    @app.exception_handler(RodedraadError)
    async def rodedraad_error(_: Request, exc: RodedraadError) -> JSONResponse:
        return JSONResponse(status_code=exc.http_status, content={"detail": str(exc)})

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {"loc": ("request",), "msg": "invalid request"}
        where = ".".join(str(part) for part in first.get("loc", ()) if part not in ("query", "body"))
        return JSONResponse(status_code=422, content={"detail": f"{where}: {first.get('msg', 'invalid')}"})

    def require_api_key(
        x_api_key: Annotated[str | None, Header()] = None,
        authorization: Annotated[str | None, Header()] = None,
    ) -> None:
        views.check_api_key(services, x_api_key or (authorization or "").removeprefix("Bearer ").strip())

    @app.get("/health", response_model=Health)
    def health() -> Health:
        return Health(status="ok", version=__version__)

    @app.get("/status", response_model=Status)
    def status(svc: ServicesDep) -> Status:
        return views.status(svc)

    @app.get("/search", response_model=SearchPage, responses=_ERRORS)
    def search(
        svc: ServicesDep,
        q: Annotated[str, Query(min_length=1, description="the question or words to look for")],
        top_k: Annotated[int | None, Query(ge=1, le=views.MAX_PAGE_SIZE)] = None,
        mode: SearchMode = "hybrid",
        kind: DocumentKind | None = None,
        source: str | None = None,
        organisation: str | None = None,
        year: Annotated[str | None, Query(pattern=r"^\d{4}$", description="year of the document's date")] = None,
        page: Annotated[int, Query(ge=1)] = 1,
        size: Annotated[int, Query(ge=1, le=views.MAX_PAGE_SIZE)] = 10,
    ) -> SearchPage:
        filters = DocumentFilters(kind=kind, source=source, organisation=organisation, year=year)
        return views.search_page(svc, q, mode=mode, filters=filters, page=page, size=top_k or size)

    @app.get("/passages/{passage_id}/similar", response_model=Page[SearchItem], responses=_ERRORS)
    def similar(
        svc: ServicesDep, passage_id: str, size: Annotated[int, Query(ge=1, le=views.MAX_PAGE_SIZE)] = 5
    ) -> Page[SearchItem]:
        return views.similar_page(svc, passage_id, size=size)

    @app.get("/documents", response_model=Page[DocumentItem])
    def documents(
        svc: ServicesDep,
        kind: DocumentKind | None = None,
        source: str | None = None,
        organisation: str | None = None,
        year: Annotated[str | None, Query(pattern=r"^\d{4}$", description="year of the document's date")] = None,
        page: Annotated[int, Query(ge=1)] = 1,
        size: Annotated[int, Query(ge=1, le=views.MAX_PAGE_SIZE)] = 50,
    ) -> Page[DocumentItem]:
        filters = DocumentFilters(kind=kind, source=source, organisation=organisation, year=year)
        return views.documents_page(svc, filters, page=page, size=size)

    @app.get("/documents/{doc_id}", response_model=DocumentDetail, responses=_ERRORS)
    def document(svc: ServicesDep, doc_id: str) -> DocumentDetail:
        return views.document_detail(svc, doc_id)

    @app.post(
        "/documents",
        response_model=IngestResult,
        responses={**_ERRORS, 401: {"model": ErrorDetail}, 413: {"model": ErrorDetail}},
        dependencies=[Depends(require_api_key)],
    )
    def upload(
        svc: ServicesDep, file: Annotated[UploadFile, File(description="pdf, docx, html, txt, md or xml")]
    ) -> IngestResult:
        return views.ingest_upload(svc, file.filename, file.file)

    register_theme_routes(app)
    app.include_router(analyses_router())
    app.include_router(threads_router())
    mount_web(app)  # the advisers' web page at / (service/web)
    return app

