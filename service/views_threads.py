"""The threads answer shared by the CLI and the API: compute (and store) or fetch a threads result."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from models.theme_store import theme_spreads
from models.threads import ThreadOptions, find_threads
from models.threads_store import load_threads, save_threads
from rodedraad.errors import InvalidRequest
from service.api_analyses import ensure_analyses
from service.api_themes import current_themes
from service.context import Services
from service.schemas_threads import (
    MAX_DRAFT_CHARS,
    MAX_DRAFT_SENTENCES,
    ThreadsRequest,
    ThreadsResult,
    threads_item,
)


def _threads_id(request: ThreadsRequest, generation: int) -> str:
    """Same draft, options and store contents → same id, so sharing a link twice gives one result."""
    key = json.dumps([request.model_dump(), generation], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


# stored results are kept for shared links, newest first; older ones go (410 calls grew a store by 6.4 MB)
MAX_STORED_THREADS = 200


def check_draft(services: Services, text: str) -> None:
    """``InvalidRequest`` for a draft past the bounds that keep one computation to seconds."""
    if len(text) > MAX_DRAFT_CHARS:
        raise InvalidRequest(f"the draft has {len(text):,} characters; the limit is {MAX_DRAFT_CHARS:,}")
    sentences = len(services.nlp.sentences(text))
    if sentences > MAX_DRAFT_SENTENCES:
        raise InvalidRequest(f"the draft has {sentences} sentences; the limit is {MAX_DRAFT_SENTENCES}")


def _keep_newest(services: Services) -> None:
    with services.store.transaction() as db:
        db.execute("DELETE FROM threads WHERE id NOT IN (SELECT id FROM threads ORDER BY created DESC, rowid DESC "
                   "LIMIT ?)", (MAX_STORED_THREADS,))


def threads_result(services: Services, request: ThreadsRequest) -> ThreadsResult:
    """The common threads of a draft against everything ingested; stored under its id for later.
    (The API and the web page call ``check_draft`` first; the CLI's user may wait longer.)"""
    current_themes(services)
    ensure_analyses(services)
    store = services.store
    options = ThreadOptions(organisations=tuple(request.organisations), kinds=tuple(request.kinds),
                            top_themes=request.top_themes, max_commitments=request.max_commitments,
                            max_tensions=request.max_tensions)
    found = find_threads(store, services.searcher, services.nlp, request.text, options)
    created = datetime.now(UTC).isoformat(timespec="seconds")
    result = threads_item(_threads_id(request, store.generation), created, request.text, request, found,
                          theme_spreads(store))
    with services.write_lock:
        save_threads(store, result.id, created, result.model_dump_json())
        _keep_newest(services)
    return result


def stored_threads(services: Services, threads_id: str) -> ThreadsResult:
    return ThreadsResult.model_validate_json(load_threads(services.store, threads_id))


MemoFormat = Literal["md", "docx"]
MEMO_FORMATS: tuple[MemoFormat, ...] = ("md", "docx")


@dataclass(frozen=True)
class MemoFile:
    content: bytes
    media_type: str
    filename: str


def memo_file(result: ThreadsResult, format: MemoFormat) -> MemoFile:
    """The memo of a threads result as a file to download or write."""
    from service.memo import render_docx, render_markdown

    if format == "md":
        return MemoFile(render_markdown(result).encode("utf-8"), "text/markdown; charset=utf-8",
                        f"rode-draadnotitie-{result.id}.md")
    if format == "docx":
        return MemoFile(render_docx(result),
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                        f"rode-draadnotitie-{result.id}.docx")
    raise InvalidRequest(f"unknown memo format {format!r}; use one of {', '.join(MEMO_FORMATS)}")
