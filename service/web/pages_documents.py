"""Documenten: the document list with upload, and one document scrolled to a passage."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, File, Form, Query, Request, Response, UploadFile

from models.store import DocumentFilters
from rodedraad.errors import InvalidRequest, RodedraadError
from service import views
from service.api_errors import status_of
from service.api_themes import passage_theme
from service.context import Services
from service.schemas import IngestResult
from service.schemas_themes import PassageTheme
from service.web.facets import document_facets
from service.web.rendering import ServicesDep, WebRoute, blank_to_none, page_count, page_number, render

DOCUMENTS_PER_PAGE = 25
# a document view shows this many passages at a time (around the chosen passage)
PASSAGES_PER_PAGE = 60
ACCEPTED_FILES = ".pdf,.docx,.html,.htm,.xml,.txt,.md"


@dataclass(frozen=True)
class FileOutcome:
    """What became of one uploaded file: its ingest result, or the one-sentence reason it failed."""

    name: str
    result: IngestResult | None
    error: str | None
    status_code: int


def document_pages() -> APIRouter:
    router = APIRouter(route_class=WebRoute, include_in_schema=False)

    @router.get("/documenten")
    def documents(
        request: Request,
        svc: ServicesDep,
        soort: str | None = None,
        bron: str | None = None,
        organisatie: str | None = None,
        jaar: Annotated[str | None, Query(pattern=r"^(\d{4})?$")] = None,
        pagina: str | None = None,
    ) -> Response:
        filters = DocumentFilters(kind=blank_to_none(soort), source=blank_to_none(bron),
                                  organisation=blank_to_none(organisatie), year=blank_to_none(jaar))
        result = views.documents_page(svc, filters, page=page_number(pagina), size=DOCUMENTS_PER_PAGE)
        return render(request, "documents.html", {
            "active": "documenten",
            "result": result,
            "pages": page_count(result.total, result.size),
            "filters": filters,
            "facets": document_facets(svc),
            "status": views.status(svc),
            "needs_key": svc.settings.api_key is not None or svc.settings.read_key is not None,
            "accepted": ACCEPTED_FILES,
            "max_mib": svc.settings.max_upload_bytes / 2**20,
        })

    @router.post("/documenten/upload")
    def upload(
        request: Request,
        svc: ServicesDep,
        bestanden: Annotated[list[UploadFile], File(description="one or more files")],
        vervang: Annotated[str, Form(max_length=10)] = "",
    ) -> Response:
        """Ingest each file on its own, so one bad file does not stop the others; report per file.

        The page's script sends one file per request (per-file progress); without script the form sends all.
        The key (when the server has one) was checked before the body was read (service/api_security.py).
        """
        outcomes = [_ingest_one(svc, upload, replace=bool(vervang)) for upload in bestanden if upload.filename]
        if not outcomes:
            raise InvalidRequest("kies eerst een of meer bestanden")
        failed = [o for o in outcomes if o.error]
        status_code = failed[0].status_code if failed and len(failed) == len(outcomes) else 200
        fragment = request.headers.get("X-Requested-With") == "fetch" or "HX-Request" in request.headers
        return render(request, "_upload_result.html" if fragment else "upload_done.html",
                      {"active": "documenten", "outcomes": outcomes}, status_code=status_code)

    @router.get("/documenten/{doc_id}")
    def document(
        request: Request,
        svc: ServicesDep,
        doc_id: str,
        passage: str | None = None,
        pagina: str | None = None,
        q: str | None = None,
    ) -> Response:
        detail = views.document_detail(svc, doc_id)
        ordinals = {p.id: index for index, p in enumerate(detail.passages)}
        chosen = passage if passage in ordinals else None
        pages = page_count(len(detail.passages), PASSAGES_PER_PAGE)
        page = (ordinals[chosen] // PASSAGES_PER_PAGE + 1) if chosen and pagina is None else page_number(pagina)
        page = min(page, pages)
        shown = detail.passages[(page - 1) * PASSAGES_PER_PAGE: page * PASSAGES_PER_PAGE]
        return render(request, "document.html", {
            "active": "documenten",
            "doc": detail,
            "passages": shown,
            "page": page,
            "pages": pages,
            "chosen": chosen,
            "similar": views.similar_page(svc, chosen, size=5) if chosen else None,
            "theme": _theme_of(svc, chosen) if chosen else None,
            "q": q,
        })

    return router


def _theme_of(services: Services, passage_id: str) -> PassageTheme | None:
    """The passage's theme and why; none when no themes can be built (too few passages)."""
    try:
        return passage_theme(services, passage_id)
    except RodedraadError:
        return None


def _ingest_one(services: Services, upload: UploadFile, *, replace: bool) -> FileOutcome:
    name = upload.filename or "upload"
    try:
        result = views.ingest_upload(services, name, upload.file, replace=replace)
    except views.UploadConflict:
        return FileOutcome(name=name, result=None, status_code=409,
                           error="Er staat al een bestand met deze naam; vink ‘Vervang wat er al staat onder "
                                 "dezelfde naam’ aan om het te vervangen.")
    except RodedraadError as exc:
        return FileOutcome(name=name, result=None, error=_reason(str(exc), name), status_code=status_of(exc))
    return FileOutcome(name=name, result=result, error=None, status_code=200)


def _reason(message: str, name: str) -> str:
    """The ingest message without the file name it starts with ("x.pdf: is damaged"): the page shows the name."""
    head, separator, rest = message.partition(": ")
    return rest if separator and head.endswith(name) else message
