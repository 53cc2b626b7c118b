"""A document's sentences with what the rules read of them: the input of the learned layer and of the fields.

One pass over the passages: sentence spans and tokens from the NLP layer, the commitment rules' verdict
(models/commitments.py ``analyse_sentence``, whose actor, deadline, action and strength stay the fields when
it agrees), the tension cue phrase of models/tensions.py, deadline and tense, and the passage's speaker.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ingest.speakers import speaker_role
from models.analyses.context_forms import context_features
from models.analyses.features import SentenceInput
from models.commitments import (
    DocumentContext,
    SentenceVerdict,
    _has_past,
    _has_perfect,
    _is_future,
    _parties_in,
    analyse_sentence,
)
from models.deadlines import _DIGIT, Deadline, parse_deadline
from models.nlp import DutchNLP, Token
from models.tensions import tension_cue
from rodedraad.records import Document, Passage


@dataclass(frozen=True)
class AnalysedSentence:
    passage: Passage
    start: int
    end: int
    text: str
    tokens: Sequence[Token]
    verdict: SentenceVerdict
    deadline: Deadline | None
    recent_parties: tuple[str, ...]  # organisations named before this sentence, most recent last
    features: SentenceInput


def analyse_document(
    document: Document, passages: Sequence[Passage], nlp: DutchNLP, context: DocumentContext | None = None
) -> list[AnalysedSentence]:
    """Every sentence of the passages, in text order, with the rules' reading of it."""
    context = context or DocumentContext.of(document, nlp)
    spans = [(passage, start, end) for passage in passages for start, end in nlp.sentences(passage.text)]
    texts = [passage.text[start:end] for passage, start, end in spans]
    all_tokens = list(nlp.tokens_many(texts))
    contexts = context_features(texts, all_tokens)
    found: list[AnalysedSentence] = []
    previous: list[str] = []
    recent: list[str] = []
    for (passage, start, end), text, tokens, around in zip(spans, texts, all_tokens, contexts, strict=True):
        named = [p for p in _parties_in(tokens, 0, len(tokens), context) if p[:1].isupper() or " " in p]
        verdict = analyse_sentence(text, tokens, context, previous_parties=previous, recent_parties=recent)
        deadline = verdict.deadline or parse_deadline(text, context.when)
        # the layer's cue reads any date, also one that names a meeting or tells when something was done ("die
        # op 31 maart 2020 is vastgesteld"): a date before the document's tells history; those dates all hold a digit
        dated = deadline or (parse_deadline(text, context.when, dated=True) if _DIGIT.search(text) else None)
        speaker = getattr(passage, "speaker", None)
        past, perfect = _has_past(tokens), _has_perfect(tokens)
        # a document without a date cannot place a year: a sentence telling it in the past tense ("Die werden
        # in 2015 verantwoordelijk voor de jeugdzorg") places it before the document
        undated_past = context.reference_year is None and (past or perfect)
        features = SentenceInput(
            text=text, tokens=tokens, kind=document.kind, speaker_role=speaker_role(speaker) if speaker else None,
            rule_commitment=verdict.reason if verdict.is_commitment else None,
            rule_strength=verdict.strength, rule_tension=tension_cue(text) is not None,
            deadline=dated is not None,
            future_deadline=dated is not None and not undated_past and _is_future(dated, context),
            past=past, perfect=perfect, context=around,
        )
        found.append(AnalysedSentence(passage, start, end, text, tokens, verdict, deadline, tuple(recent), features))
        previous = named or previous
        recent = [name for name in recent if name not in named] + named
    return found
