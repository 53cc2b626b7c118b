"""Answers shared by the CLI and the API: each returns the contract model, so both print the same JSON."""

from __future__ import annotations

import re
import secrets
import shutil
import tempfile
from pathlib import Path
from typing import BinaryIO

from models.health import check_store
from models.indexer import IngestReport, ingest_paths
from models.search import SearchMode
from models.store import DocumentFilters
from rodedraad.errors import FileTooLarge, InvalidRequest, RodedraadError
from service.context import Services
from service.schemas import (
    DocumentDetail,
    DocumentItem,
    IngestFailure,
    IngestResult,
    Page,
    PassageItem,
    SearchItem,
    SearchPage,
    Status,
)

MAX_PAGE_SIZE = 100
_SAFE_NAME = re.compile(r"[^\w.\- ]+", re.UNICODE)


class Unauthorized(RodedraadError):
    http_status = 401


class UploadRejected(RodedraadError):
    http_status = 422


def _check_page(page: int, size: int) -> None:
    if page < 1:
        raise InvalidRequest(f"page must be 1 or more, got {page}")
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise InvalidRequest(f"size must be between 1 and {MAX_PAGE_SIZE}, got {size}")


def search_page(
    services: Services,
    query: str,
    *,
    mode: SearchMode = "hybrid",
    filters: DocumentFilters = DocumentFilters(),
    page: int = 1,
    size: int = 10,
) -> SearchPage:
    _check_page(page, size)
    hits = services.searcher.search(query, top_k=page * size, mode=mode, filters=filters)
    items = [SearchItem.from_hit(hit) for hit in hits[(page - 1) * size:]]
    return SearchPage(items=items, total=len(hits), page=page, size=size, query=query, mode=mode)


def similar_page(services: Services, passage_id: str, *, size: int = 5) -> Page[SearchItem]:
    _check_page(1, size)
    hits = services.searcher.similar(passage_id, top_k=size)
    return Page[SearchItem](items=[SearchItem.from_hit(h) for h in hits], total=len(hits), page=1, size=size)


def documents_page(
    services: Services, filters: DocumentFilters = DocumentFilters(), *, page: int = 1, size: int = 50
) -> Page[DocumentItem]:
    _check_page(page, size)
    documents, total = services.store.list_documents(filters, offset=(page - 1) * size, limit=size)
    return Page[DocumentItem](
        items=[DocumentItem.from_record(doc) for doc in documents], total=total, page=page, size=size
    )


def document_detail(services: Services, doc_id: str) -> DocumentDetail:
    doc = services.store.document(doc_id)
    passages = services.store.passages_of(doc_id)
    return DocumentDetail(
        **DocumentItem.from_record(doc).model_dump(), text=doc.text,
        passages=[PassageItem.from_record(p) for p in passages],
    )


def status(services: Services) -> Status:
    return Status.from_health(check_store(services.store))


def ingest_result(report: IngestReport) -> IngestResult:
    return IngestResult(
        added=report.added, replaced=report.replaced, unchanged=report.unchanged,
        failed=[IngestFailure(source=source, error=error) for source, error in report.failed],
        documents=report.documents, passages=report.passages, embedded=report.embedded,
    )


def update_after_ingest(services: Services) -> str:
    """Bring the analyses up to date with what was just stored: new passages join existing themes
    (no renumbering), commitments and tensions are extracted for new or changed documents."""
    from models.analysis_store import update_analyses
    from models.themes import assign_new_passages

    assigned = assign_new_passages(services.store)
    update = update_analyses(services.store, services.nlp)
    return (f"analyses: {assigned.assigned} passages joined existing themes; {update.documents_analysed} documents "
            f"analysed, {update.commitments} commitments, {update.tensions} tensions.")


def check_api_key(services: Services, given: str | None) -> None:
    """Uploads need the API key when one is set (``RODEDRAAD_API_KEY``); shared by the API and the web page."""
    expected = services.settings.api_key
    if expected is None:
        return
    if not given or not secrets.compare_digest(given, expected):
        raise Unauthorized("this endpoint needs the API key in the X-API-Key header")


def ingest_upload(services: Services, filename: str | None, stream: BinaryIO) -> IngestResult:
    """Store an uploaded file under ``HOME/uploads`` and ingest it at once (size limit checked while reading).

    A file that cannot be ingested is removed again and raises :class:`UploadRejected` with the reason.
    """
    name = _SAFE_NAME.sub("_", Path(filename or "upload").name).strip(" .") or "upload"
    uploads = services.settings.home / "uploads"
    uploads.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=uploads, prefix=".upload-", delete=False) as tmp:
        received = 0
        while chunk := stream.read(1 << 20):
            received += len(chunk)
            if received > services.settings.max_upload_bytes:
                tmp.close()
                Path(tmp.name).unlink(missing_ok=True)
                limit = services.settings.max_upload_bytes / 2**20
                raise FileTooLarge(name, f"is larger than the upload limit of {limit:.1f} MiB")
            tmp.write(chunk)
    target = uploads / name
    try:
        with services.write_lock:
            shutil.move(tmp.name, target)
            report = ingest_paths(services.store, services.embedder, services.nlp, [target],
                                  max_bytes=services.settings.max_upload_bytes)
            update_after_ingest(services)
    finally:
        Path(tmp.name).unlink(missing_ok=True)
    if report.failed:
        target.unlink(missing_ok=True)
        raise UploadRejected(report.failed[0][1])
    return ingest_result(report)
