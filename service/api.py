"""The HTTP API, built by ``create_app(settings)``. Contract in DESIGN.md; OpenAPI at /docs."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, FastAPI, File, Path, Query, Request, UploadFile
from fastapi.middleware.cors import CORSMiddleware

from models.search import SearchMode
from models.store import DocumentFilters
from rodedraad import __version__
from rodedraad.records import DocumentKind
from service import views
from service.api_analyses import analyses_router
from service.api_docs import mount_docs
from service.api_errors import install_contract_openapi, install_error_handlers
from service.api_security import Guard
from service.api_themes import register_theme_routes
from service.api_threads import threads_router
from service.context import Services
from service.schemas import (
    DocumentDetail,
    DocumentItem,
    ErrorDetail,
    Health,
    IngestResult,
    JobStatus,
    Page,
    SearchItem,
    SearchPage,
    Status,
)
from service.settings import Settings, get_settings
from service.web import mount_web

_ERRORS: dict[int | str, dict[str, Any]] = {404: {"model": ErrorDetail}, 422: {"model": ErrorDetail}}
_Page = Annotated[int, Query(ge=1, le=views.MAX_PAGE)]
_Size = Annotated[int, Query(ge=1, le=views.MAX_PAGE_SIZE)]
_Name = Annotated[str | None, Query(max_length=200)]


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
        description="Search and explain Dutch policy texts: passages, documents, themes, commitments, tensions. "
        "Errors are `{\"detail\": \"<one sentence>\"}`. With `RODEDRAAD_API_KEY` set, writes and costly work "
        "need `X-API-Key: KEY` or `Authorization: Bearer KEY` (docs/SECURITY.md).",
        docs_url=None,
        redoc_url=None,
    )
    app.state.services = services
    app.state.settings = settings  # what the guard enforces (keys, hosts); the same as services.settings in use
    install_error_handlers(app)
    install_contract_openapi(app)

    @app.get("/health", response_model=Health)
    def health() -> Health:
        return Health(status="ok", version=__version__)

    @app.get("/status", response_model=Status)
    def status(svc: ServicesDep) -> Status:
        return views.status(svc)

    @app.get("/search", response_model=SearchPage, responses=_ERRORS)
    def search(
        svc: ServicesDep,
        q: Annotated[str, Query(min_length=1, max_length=views.MAX_QUERY_CHARS, pattern=r"[^\s\x00]",
                                description="the question or words to look for")],
        top_k: Annotated[int | None, Query(ge=1, le=views.MAX_PAGE_SIZE, description="same as size")] = None,
        mode: SearchMode = "hybrid",
        kind: DocumentKind | None = None,
        source: _Name = None,
        organisation: _Name = None,
        year: Annotated[str | None, Query(pattern=r"^\d{4}$", description="year of the document's date")] = None,
        page: _Page = 1,
        size: _Size = 10,
    ) -> SearchPage:
        """``total`` is the number of hits the search has (up to 200); pages past them are empty."""
        filters = DocumentFilters(kind=kind, source=source, organisation=organisation, year=year)
        return views.search_page(svc, q, mode=mode, filters=filters, page=page, size=top_k or size)

    @app.get("/passages/{passage_id}/similar", response_model=Page[SearchItem], responses=_ERRORS)
    def similar(svc: ServicesDep, passage_id: str, page: _Page = 1, size: _Size = 5) -> Page[SearchItem]:
        """Passages closest in meaning from other documents ("meer zoals dit"), up to 50, paged."""
        return views.similar_page(svc, passage_id, page=page, size=size)

    @app.get("/documents", response_model=Page[DocumentItem])
    def documents(
        svc: ServicesDep,
        kind: DocumentKind | None = None,
        source: _Name = None,
        organisation: _Name = None,
        year: Annotated[str | None, Query(pattern=r"^\d{4}$", description="year of the document's date")] = None,
        page: _Page = 1,
        size: _Size = 50,
    ) -> Page[DocumentItem]:
        filters = DocumentFilters(kind=kind, source=source, organisation=organisation, year=year)
        return views.documents_page(svc, filters, page=page, size=size)

    @app.get("/documents/{doc_id}", response_model=DocumentDetail, responses=_ERRORS)
    def document(svc: ServicesDep, doc_id: str) -> DocumentDetail:
        return views.document_detail(svc, doc_id)

    @app.post(
        "/documents",
        response_model=IngestResult,
        responses={**_ERRORS, 409: {"model": ErrorDetail}, 413: {"model": ErrorDetail}},
    )
    def upload(
        svc: ServicesDep,
        file: Annotated[UploadFile, File(description="pdf, docx, html, txt, md or xml")],
        replace: Annotated[bool, Query(description="replace a stored file of the same name (else 409)")] = False,
    ) -> IngestResult:
        """Ingest one file (needs the API key when one is set). Content already stored under any name adds
        nothing and says so in ``note``; every answer gives the file's ``document_ids``."""
        return views.ingest_upload(svc, file.filename, file.file, replace=replace)

    @app.get("/jobs/{job_id}", response_model=JobStatus, responses=_ERRORS)
    def upload_job(svc: ServicesDep, job_id: Annotated[str, Path(max_length=64)]) -> JobStatus:
        """An upload's progress: ``queued`` → ``reading`` → ``embedding`` (searchable by words) → ``analysing``
        (searchable by meaning) → ``done``; or ``failed`` with the reason in ``error``."""
        return views.job_status(svc, job_id)

    register_theme_routes(app)
    app.include_router(analyses_router())
    app.include_router(threads_router())
    mount_docs(app)  # /docs and /redoc from bundled files (before mount_web: /static/api-docs before /static)
    mount_web(app)  # the advisers' web page at / (service/web)
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins), allow_methods=["GET", "POST"],
                           allow_headers=["X-API-Key", "Authorization", "Content-Type"])
    app.add_middleware(Guard, settings=settings)  # outermost: host, cross-site, keys, body size, headers
    return app

