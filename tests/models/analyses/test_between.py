"""Between-document tensions: the procedure of a debate is no shared matter, and the chair holds no position."""

from __future__ import annotations

import numpy as np
import pytest

from models.analyses.extract import commitments_from
from models.analyses.features import DIMENSIONS
from models.analyses.layer import LabelModel, SentenceLayer
from models.analyses.sentences import analyse_document
from models.commitments import DocumentContext
from models.divergence import find_between_tensions
from models.nlp import DutchNLP
from models.positions import positions_of
from rodedraad.records import Document, Passage, sha256_text


@pytest.fixture(scope="module")
def nlp() -> DutchNLP:
    return DutchNLP()


def _debate(doc_id: str, turns: list[tuple[str, str]]) -> tuple[Document, list[Passage]]:
    text = "\n\n".join(sentence for _, sentence in turns)
    document = Document(id=doc_id, source=f"{doc_id}.xml", title=f"Debat {doc_id}", kind="policy_note",
                        date="2018-03-01", organisations=(), text=text, sha256=sha256_text(text))
    passages, at = [], 0
    for ordinal, (speaker, sentence) in enumerate(turns):
        passages.append(Passage(f"{doc_id}-p{ordinal}", doc_id, ordinal, None, at, at + len(sentence), sentence,
                                speaker=speaker))
        at += len(sentence) + 2
    return document, passages


def _positions(nlp: DutchNLP, document: Document, passages: list[Passage]) -> list:
    context = DocumentContext.of(document, nlp)
    everything = LabelModel(np.zeros(DIMENSIONS, dtype=np.float32), 5.0, 0.5)  # every sentence a commitment
    sentences = analyse_document(document, passages, nlp, context)
    commitments = commitments_from(document, sentences, context, SentenceLayer(everything, everything))
    return positions_of(document, passages, nlp, commitments, context)


def test_two_speakers_each_on_their_own_motion_are_no_tension(nlp: DutchNLP) -> None:
    first = _debate("a", [("SP (Hijink)", "Ik zal daartoe ook een motie indienen in dit debat."),
                          ("voorzitter", "Dank u wel, ik geef het woord aan de minister.")])
    second = _debate("b", [("PVV (Agema)", "Ik ga ook geen motie indienen in dit debat.")])
    positions = _positions(nlp, *first) + _positions(nlp, *second)
    assert positions and all(position.owner != "voorzitter" for position in positions)
    assert find_between_tensions(positions) == []


def test_positions_in_a_debate_belong_to_their_speaker(nlp: DutchNLP) -> None:
    document, passages = _debate("a", [("minister De Jonge (VWS)",
                                        "Ik zal vóór 2020 de regels voor verpleeghuizen in de regio aanpassen.")])
    positions = _positions(nlp, document, passages)
    assert positions and {position.owner for position in positions} == {"minister De Jonge (VWS)"}
