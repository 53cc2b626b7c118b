"""JSON models of the themes endpoints (contract: DESIGN.md, "Theme")."""

from __future__ import annotations

from pydantic import BaseModel, Field

from models.theme_store import Contribution, ThemeSpread
from models.themes import PassageThemeExplanation
from rodedraad.records import SummarySentence, Theme
from service.schemas import Page


class SummarySentenceItem(BaseModel):
    text: str
    passage_id: str
    doc_id: str

    @classmethod
    def from_record(cls, sentence: SummarySentence) -> SummarySentenceItem:
        return cls(text=sentence.text, passage_id=sentence.passage_id, doc_id=sentence.doc_id)


class SubthemeItem(BaseModel):
    id: str
    label: str
    size: int = Field(description="number of passages in the sub-theme")


class ThemeItem(BaseModel):
    id: str
    label: str
    keyphrases: list[str]
    summary: list[SummarySentenceItem]
    size: int = Field(description="number of passages in the theme")
    doc_ids: list[str] = Field(description="documents contributing, most passages first")
    organisations: list[str]
    shared: bool = Field(description="passages come from more than one source or main organisation")
    sources: list[str]
    parent_id: str | None = Field(default=None, description="the broad theme a sub-theme is part of; "
                                  "null for a top-level theme")
    subthemes: list[SubthemeItem] = Field(default_factory=list, description="the distinct parts of a broad "
                                          "theme, largest first (each served by /themes/{id})")

    @classmethod
    def from_record(cls, theme: Theme, spread: ThemeSpread | None) -> ThemeItem:
        return cls(
            id=theme.id, label=theme.label, keyphrases=list(theme.keyphrases),
            summary=[SummarySentenceItem.from_record(s) for s in theme.summary], size=len(theme.passage_ids),
            doc_ids=list(theme.doc_ids), organisations=list(theme.organisations),
            shared=bool(spread and spread.shared), sources=list(spread.sources) if spread else [],
            parent_id=theme.parent_id,
            subthemes=[SubthemeItem(id=ref.id, label=ref.label, size=ref.size) for ref in theme.subthemes],
        )


class ContributionItem(BaseModel):
    name: str
    passages: int
    share: float = Field(description="fraction of the theme's passages")

    @classmethod
    def from_record(cls, contribution: Contribution) -> ContributionItem:
        return cls(name=contribution.name, passages=contribution.passages, share=contribution.share)


class ThemePassageItem(BaseModel):
    passage_id: str
    doc_id: str
    similarity: float
    text: str


class TimelinePoint(BaseModel):
    period: str
    passages: int


class ThemeDetail(ThemeItem):
    documents: list[ContributionItem]
    by_source: list[ContributionItem]
    by_organisation: list[ContributionItem]
    passages: list[ThemePassageItem] = Field(description="the most central passages (up to 20)")
    timeline: list[TimelinePoint] = Field(description="passages per year of the document date, if dated")


class ThemeSummary(Page[SummarySentenceItem]):
    """The summary as a page of sentences (``items``), with the theme's id and label."""

    id: str
    label: str


class ThemeRef(BaseModel):
    id: str
    label: str


class MatrixRow(BaseModel):
    id: str
    name: str
    counts: dict[str, int] = Field(description="theme id → passages of this row in that theme")


class ThemeMatrix(BaseModel):
    by: str
    themes: list[ThemeRef]
    rows: list[MatrixRow]


class NearTheme(BaseModel):
    id: str
    label: str
    similarity: float


class PassageTheme(BaseModel):
    passage_id: str
    doc_id: str
    theme: ThemeRef | None
    similarity: float | None = Field(description="cosine similarity to the theme's centre")
    threshold: float | None = Field(description="similarity a passage needs to join the theme")
    shared_keyphrases: list[str]
    nearest: list[NearTheme]
    reason: str

    @classmethod
    def from_record(cls, explanation: PassageThemeExplanation) -> PassageTheme:
        theme = (ThemeRef(id=explanation.theme_id, label=explanation.label)
                 if explanation.theme_id and explanation.label is not None else None)
        return cls(
            passage_id=explanation.passage_id, doc_id=explanation.doc_id, theme=theme,
            similarity=explanation.similarity, threshold=explanation.threshold,
            shared_keyphrases=list(explanation.shared_keyphrases),
            nearest=[NearTheme(id=i, label=label, similarity=round(sim, 4))
                     for i, label, sim in explanation.nearest],
            reason=explanation.reason,
        )
