"""The JSON contract (DESIGN.md): pydantic models at the edge, built from internal records.

The CLI's ``--json`` prints these same models, so CLI and API output are identical by construction.
"""

from __future__ import annotations

from typing import Generic, Literal, TypeVar

from pydantic import BaseModel, Field

from models.health import StoreHealth
from models.search import SearchHit
from rodedraad.records import Document, Passage

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    page: int = 1
    size: int


class Explanation(BaseModel):
    matched_terms: list[str] = Field(description="query terms (normalised lemmas) found in the passage")
    lexical_rank: int | None = Field(description="rank in the BM25 list, if it was there")
    semantic_rank: int | None = Field(description="rank in the vector list, if it was there")
    semantic_score: float | None = Field(description="cosine similarity of query and passage")


class SearchItem(BaseModel):
    passage_id: str
    doc_id: str
    title: str
    source: str
    page: int | None
    start: int
    end: int
    text: str
    highlight: str = Field(description="snippet with matched words in <mark>…</mark>, other text HTML-escaped")
    score: float
    kind: str
    explanation: Explanation
    speaker: str | None = Field(default=None, description="who speaks in the passage (debates), else null")

    @classmethod
    def from_hit(cls, hit: SearchHit) -> SearchItem:
        return cls(
            passage_id=hit.passage_id, doc_id=hit.doc_id, title=hit.title, source=hit.source, page=hit.page,
            start=hit.start, end=hit.end, text=hit.text, highlight=hit.highlight, score=hit.score,
            kind=hit.kind,
            explanation=Explanation(
                matched_terms=list(hit.matched_terms), lexical_rank=hit.lexical_rank,
                semantic_rank=hit.semantic_rank, semantic_score=hit.semantic_score,
            ),
            speaker=hit.speaker,
        )


class SearchPage(Page[SearchItem]):
    query: str
    mode: str
    note: str | None = Field(default=None, description="set when nothing relevant was found (items is then empty)")
    partial: str | None = Field(default=None, description="set when some passages are not yet searchable by "
                                "meaning (an ingest is under way): those are found by their words only")


class DocumentItem(BaseModel):
    id: str
    title: str
    kind: str
    source: str
    date: str | None
    organisations: list[str]
    date_span: str | None = Field(default=None, description="ISO 8601 interval the document dates from when it "
                                  "has no date of its own (proceedings: their session year, '2017-09/2018-08')")

    @classmethod
    def from_record(cls, doc: Document) -> DocumentItem:
        return cls(id=doc.id, title=doc.title, kind=doc.kind, source=doc.source, date=doc.date,
                   organisations=list(doc.organisations), date_span=doc.date_span)


class PassageItem(BaseModel):
    id: str
    ordinal: int
    page: int | None
    start: int
    end: int
    text: str
    speaker: str | None = Field(default=None, description="who speaks in the passage (debates), else null")

    @classmethod
    def from_record(cls, passage: Passage) -> PassageItem:
        return cls(id=passage.id, ordinal=passage.ordinal, page=passage.page, start=passage.start,
                   end=passage.end, text=passage.text, speaker=passage.speaker)


class DocumentDetail(DocumentItem):
    text: str
    passages: list[PassageItem]


class Status(BaseModel):
    documents: int
    passages: int
    vectors: int
    consistent: bool
    problems: list[str]
    index_vectors: int
    index_kind: str | None
    model: str | None
    analyses_pending: int = Field(default=0, description="documents whose commitments and tensions are not "
                                  "computed yet; the worker (or the next request or ingest) computes them")
    vectors_pending: int = Field(default=0, description="passages not yet searchable by meaning (no vector for the "
                                 "model yet); they are found by their words meanwhile")
    index_stale: bool = Field(default=False, description="the saved vector index is older than the vectors")
    jobs_pending: int = Field(default=0, description="uploaded files received but not read yet")
    searchable_by_meaning: int = Field(default=0, description="passages in the vector index")
    worker: bool = Field(default=False, description="a worker process is draining the pending work now")
    finished: bool = Field(default=True, description="nothing is pending: every stored passage is searchable by "
                           "meaning and every document analysed")
    embedder: str | None = Field(default=None, description="the embedder in use (a store switches after an upgrade)")
    upgrade_to: str | None = Field(default=None, description="the embedder the store is being upgraded to behind "
                                   "the scenes; search switches to it when every passage has its vector")
    upgrade_pending: int | None = Field(default=None, description="passages still without the upgrade's vector")

    @classmethod
    def from_health(cls, health: StoreHealth) -> Status:
        return cls(documents=health.documents, passages=health.passages, vectors=health.vectors,
                   consistent=health.consistent, problems=list(health.problems),
                   index_vectors=health.index_vectors, index_kind=health.index_kind, model=health.model,
                   vectors_pending=health.vectors_pending, index_stale=health.index_stale,
                   searchable_by_meaning=health.index_vectors if health.index_kind else 0)


class IngestFailure(BaseModel):
    source: str
    error: str


class IngestResult(BaseModel):
    added: list[str]
    replaced: list[str]
    unchanged: list[str]
    failed: list[IngestFailure]
    duplicates: list[IngestFailure] = Field(default_factory=list, description="files whose content another stored "
                                            "file already holds (the same corpus under a second path): nothing added")
    documents: int
    passages: int
    embedded: int
    document_ids: list[str] = Field(default_factory=list, description="the stored documents of this file")
    note: str | None = Field(default=None, description="set when nothing was added (content already stored)")
    job: str | None = Field(default=None, description="the upload's job (GET /jobs/{job}): the file is searchable by "
                            "words when this answer comes; vectors and analyses follow in the worker")
    queued: bool = Field(default=False, description="the worker was too busy to read the file within the answer's "
                         "wait: it is received and queued (document_ids follow in GET /jobs/{job})")


class JobStatus(BaseModel):
    """An upload's progress: read (searchable by words), then embedded (by meaning), then analysed."""

    id: str
    source: str
    state: Literal["queued", "reading", "failed", "embedding", "analysing", "done"]
    error: str | None = Field(description="why the file was refused, when state is failed")
    document_ids: list[str]
    passages: int = Field(description="passages of the job's documents")
    embedded: int = Field(description="of them, searchable by meaning")
    documents_analysed: int
    created: str
    updated: str


class Health(BaseModel):
    status: str
    version: str


class ErrorDetail(BaseModel):
    detail: str
