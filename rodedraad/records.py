"""The records that flow through rodedraad: plain frozen dataclasses, no behaviour beyond helpers.

Pydantic models exist only at the API edge (service/schemas.py); everything inside speaks these.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

DocumentKind = Literal["covenant", "policy_note", "blog", "other"]
DOCUMENT_KINDS: tuple[DocumentKind, ...] = ("covenant", "policy_note", "blog", "other")

Strength = Literal["binding", "intention", "aspiration"]
TensionKind = Literal["stated", "between"]


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Document:
    """One article or document; a file may yield several (a blog page with several posts)."""

    id: str
    source: str
    title: str
    kind: DocumentKind
    date: str | None
    organisations: tuple[str, ...]
    text: str
    sha256: str
    # the ISO 8601 interval a document dates from when it has no date of its own: proceedings know only their
    # parliamentary session year ("2017-09/2018-08"); year-less deadlines ("in mei") are read within it
    date_span: str | None = None


@dataclass(frozen=True)
class Passage:
    """A coherent stretch of a document; ``document.text[start:end] == text`` always holds."""

    id: str
    doc_id: str
    ordinal: int
    page: int | None
    start: int
    end: int
    text: str
    # who speaks in this passage (debates, proceedings): "SP (Hijink)", "minister De Jonge (VWS)",
    # "voorzitter"; None for documents without speakers (see ingest.speakers for the format)
    speaker: str | None = None


@dataclass(frozen=True)
class ParsedDocument:
    """What ingest hands on: a document with its passages, before any NLP or embedding."""

    document: Document
    passages: tuple[Passage, ...]


@dataclass(frozen=True)
class SourceFile:
    """A file as ingested: its path as given, content hash and size."""

    path: str
    sha256: str
    size: int


@dataclass(frozen=True)
class SubthemeRef:
    """A sub-theme as its parent lists it."""

    id: str
    label: str
    size: int


@dataclass(frozen=True)
class Theme:
    """A theme; a sub-theme (a distinct part of a broad theme) names its parent in ``parent_id``, and a
    top-level theme lists its sub-themes in ``subthemes``."""

    id: str
    label: str
    keyphrases: tuple[str, ...]
    summary: tuple[SummarySentence, ...]
    passage_ids: tuple[str, ...]
    doc_ids: tuple[str, ...]
    organisations: tuple[str, ...]
    parent_id: str | None = None
    subthemes: tuple[SubthemeRef, ...] = ()


@dataclass(frozen=True)
class SummarySentence:
    text: str
    passage_id: str
    doc_id: str


@dataclass(frozen=True)
class Commitment:
    id: str
    passage_id: str
    doc_id: str
    sentence: str
    actors: tuple[str, ...]
    modality: str
    action: str
    deadline: str | None
    strength: Strength


@dataclass(frozen=True)
class CitedPassage:
    passage_id: str
    doc_id: str
    text: str


@dataclass(frozen=True)
class Tension:
    id: str
    kind: TensionKind
    parties: tuple[str, ...]
    issue: str
    passages: tuple[CitedPassage, ...] = field(default_factory=tuple)


def document_id(source: str, ordinal: int, text: str) -> str:
    """Stable id: the same article of the same file with the same text keeps its id across runs."""
    return sha256_text(f"{source}\n{ordinal}\n{text}")[:16]


def passage_id(doc_id: str, ordinal: int) -> str:
    return f"{doc_id}-{ordinal:04d}"
