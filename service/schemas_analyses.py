"""JSON shapes of commitments and tensions (DESIGN.md contract), built from the analysis store's records."""

from __future__ import annotations

from pydantic import BaseModel, Field

from models.analysis_store import PartyPair, StoredCommitment, StoredTension


class CommitmentItem(BaseModel):
    id: str
    sentence: str
    actors: list[str] = Field(description="organisations that bind themselves (or are bound)")
    modality: str = Field(description="the cue: 'verplicht zich', 'zal', 'streeft', …")
    action: str = Field(description="the committed action, a short phrase")
    deadline: str | None = Field(
        description="ISO date (2027-01-01), year (2027), quarter (2027-Q1), half year (2026-H1), "
        "span (2026/2028) or ISO duration (P3M)"
    )
    strength: str = Field(description="binding | intention | aspiration")
    doc_id: str
    passage_id: str
    negated: bool = Field(description="true for 'zal niet', 'geen'")
    deadline_text: str | None = Field(description="the words the deadline was read from")
    title: str
    source: str
    page: int | None

    @classmethod
    def from_stored(cls, stored: StoredCommitment) -> CommitmentItem:
        c = stored.commitment
        return cls(
            id=c.id, sentence=c.sentence, actors=list(c.actors), modality=c.modality, action=c.action,
            deadline=c.deadline, strength=c.strength, doc_id=c.doc_id, passage_id=c.passage_id,
            negated=stored.negated, deadline_text=stored.deadline_text, title=stored.title, source=stored.source,
            page=stored.page,
        )


class TensionPassage(BaseModel):
    passage_id: str
    doc_id: str
    text: str
    title: str | None = Field(default=None, description="the document's title (null when it is gone)")
    source: str | None = None
    page: int | None = None


class TensionItem(BaseModel):
    id: str
    kind: str = Field(description="stated (a text names the conflict) | between (documents diverge)")
    issue: str
    parties: list[str]
    passages: list[TensionPassage]
    explanation: str = Field(description="one line: why this is a tension")

    @classmethod
    def from_stored(cls, stored: StoredTension) -> TensionItem:
        t = stored.tension
        return cls(
            id=t.id, kind=t.kind, issue=t.issue, parties=list(t.parties),
            passages=[TensionPassage(passage_id=p.passage_id, doc_id=p.doc_id, text=p.text) for p in t.passages],
            explanation=stored.explanation,
        )


class PartyPairItem(BaseModel):
    parties: list[str] = Field(description="two parties, alphabetical")
    count: int = Field(description="tensions that involve both")
    tension_ids: list[str]

    @classmethod
    def from_pair(cls, pair: PartyPair) -> PartyPairItem:
        return cls(parties=list(pair.parties), count=pair.count, tension_ids=list(pair.tension_ids))
