"""Extractive theme summaries: maximal marginal relevance (MMR) over sentence embeddings.

Candidates are the sentences of the theme's most central passages that state something: 6–60 words,
ending in a full stop (no questions), not a heading, list of names or quotation, not a courtesy of a
debate ("Dank u wel, voorzitter."), and with enough content words. When some of them name the theme
(hold a word of its label or keyphrases), only those are used: a summary says what the theme is about.
Sentences are embedded with ``kind="query"``, which
DESIGN.md found to place texts better for similarity than the passage form. MMR picks, one at a time,
the sentence most similar to the theme centre (the mean of the candidates) and least similar to what was
already picked; a sentence from a document already quoted gets a small penalty, so a summary of a
shared theme cites several documents. Every sentence keeps its passage and document ids.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from models.nlp import DutchNLP
from rodedraad.dutch import STOP_WORDS
from rodedraad.records import SummarySentence

DEFAULT_SENTENCES = 4
MAX_SENTENCES = 10
_RELEVANCE_WEIGHT = 0.7
_SAME_DOCUMENT_PENALTY = 0.05
_MIN_WORDS = 6
_MAX_WORDS = 60
_WORD = re.compile(r"[^\W\d_]{2,}")
_SENTENCE_END = re.compile(r"[.!…][\"'”’»)]*$")
_QUOTES = "\"“”„«»‘’"
# courtesies and procedure in debates and letters: they say nothing about a subject
_COURTESY = re.compile(r"^(?:dank|bedankt|voorzitter|mevrouw de voorzitter|meneer de voorzitter|geachte|beste|"
                       r"hartelijk dank|ik dank|tot zover|ja[,.]|nee[,.]|oké)\b", re.IGNORECASE)
_MIN_CONTENT_SHARE = 0.4


@dataclass(frozen=True)
class SummaryPassage:
    passage_id: str
    doc_id: str
    text: str


def candidate_sentences(nlp: DutchNLP, passages: Sequence[SummaryPassage]) -> list[SummarySentence]:
    """Whole, content-bearing sentences of the passages, in passage order, without duplicates."""
    seen: set[str] = set()
    found: list[SummarySentence] = []
    for passage in passages:
        for start, end in nlp.sentences(passage.text):
            sentence = " ".join(passage.text[start:end].split())
            words = _WORD.findall(sentence)
            if not _MIN_WORDS <= len(words) <= _MAX_WORDS or not _SENTENCE_END.search(sentence):
                continue
            if sentence[:1] in "–—-•*|" or sentence[:1] in _QUOTES:  # a list, table fragment or quotation
                continue
            if sum(sentence.count(mark) for mark in _QUOTES) >= 2 or _COURTESY.match(sentence):
                continue
            content = [word for word in words if word.lower() not in STOP_WORDS]
            if len(content) < _MIN_CONTENT_SHARE * len(words):
                continue
            capitalised = sum(1 for word in words if word[:1].isupper())
            if capitalised > len(words) / 2:  # a list of names or a title, not a statement
                continue
            key = sentence.lower()
            if key in seen:
                continue
            seen.add(key)
            found.append(SummarySentence(text=sentence, passage_id=passage.passage_id, doc_id=passage.doc_id))
    return found


def mmr_order(
    vectors: np.ndarray, doc_ids: Sequence[str], count: int, *, relevance_weight: float = _RELEVANCE_WEIGHT
) -> list[int]:
    """Indices of ``count`` rows chosen by MMR against the normalised mean of ``vectors``."""
    if len(vectors) == 0 or count <= 0:
        return []
    centre = vectors.mean(axis=0)
    centre = centre / (np.linalg.norm(centre) or 1.0)
    relevance = vectors @ centre
    similarity = vectors @ vectors.T
    chosen: list[int] = []
    used_docs: set[str] = set()
    remaining = list(range(len(vectors)))
    while remaining and len(chosen) < count:
        def score(i: int) -> float:
            redundancy = max((float(similarity[i, j]) for j in chosen), default=0.0)
            penalty = _SAME_DOCUMENT_PENALTY if doc_ids[i] in used_docs else 0.0
            return relevance_weight * float(relevance[i]) - (1 - relevance_weight) * redundancy - penalty

        best = max(remaining, key=lambda i: (score(i), -i))
        chosen.append(best)
        used_docs.add(doc_ids[best])
        remaining.remove(best)
    return chosen


def summarise_theme(
    nlp: DutchNLP,
    embed_sentences: Callable[[list[str]], np.ndarray],
    passages: Sequence[SummaryPassage],
    *,
    sentences: int = MAX_SENTENCES,
    max_candidates: int = 24,
    keyphrases: Sequence[str] = (),
) -> list[SummarySentence]:
    """Up to ``sentences`` cited sentences in MMR order (most central first).

    ``passages`` should come most central first; only the first ``max_candidates`` sentences are
    embedded, which bounds the cost on large themes. With ``keyphrases`` (the label and keyphrases),
    only sentences that hold one of their words are used, when there are any: fewer sentences that
    say what the theme is about beat more that do not.
    """
    candidates = candidate_sentences(nlp, passages)
    if keyphrases:
        wanted = {term for phrase in keyphrases for term in nlp.index_terms(phrase)}
        naming = [c for c in candidates if wanted & set(nlp.index_terms(c.text))]
        if naming:
            candidates = naming
    candidates = candidates[:max_candidates]
    if not candidates:
        return []
    vectors = np.asarray(embed_sentences([c.text for c in candidates]), dtype=np.float32)
    order = mmr_order(vectors, [c.doc_id for c in candidates], sentences)
    return [candidates[i] for i in order]
