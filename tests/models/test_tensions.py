"""Tensions: stated ones with parties and issue; diverging positions between documents of different parties."""

from __future__ import annotations

import numpy as np
import pytest

from models.commitments import DocumentContext, extract_commitments
from models.nlp import DutchNLP
from models.tensions import Position, extract_tensions, find_between_tensions, positions_of
from rodedraad.records import Document, Passage, sha256_text


@pytest.fixture(scope="module")
def nlp() -> DutchNLP:
    return DutchNLP()


def _doc(doc_id: str, text: str, kind: str = "policy_note", source: str | None = None) -> tuple[Document, list[Passage]]:
    document = Document(id=doc_id, source=source or f"{doc_id}.txt", title=text.splitlines()[0], kind=kind,  # type: ignore[arg-type]
                        date="2026-01-01", organisations=(), text=text, sha256=sha256_text(text))
    passages = [Passage(id=f"{doc_id}-0000", doc_id=doc_id, ordinal=0, page=None, start=0, end=len(text), text=text)]
    return document, passages


def test_stated_tension_with_parties_and_issue(nlp: DutchNLP) -> None:
    document, passages = _doc("n1", (
        "Nota wonen en zorg\n\nDe gemeente Dalfsen wil snel bouwen. Er is een spanning tussen de wens om snel te "
        "bouwen en de financiële positie van woningcorporatie Woonbron. Daarover praten wij verder.\n"
    ))
    found = extract_tensions(document, passages, nlp)
    assert len(found) == 1
    tension = found[0].tension
    assert tension.kind == "stated" and tension.issue.startswith("spanning tussen de wens om snel te bouwen")
    assert {"gemeente Dalfsen", "Woonbron"} <= set(tension.parties)
    assert tension.passages[0].passage_id == "n1-0000" and "spanning tussen" in tension.passages[0].text


@pytest.mark.parametrize(
    "sentence",
    [
        "Enerzijds willen de gemeenten de kosten beheersen, anderzijds vragen aanbieders om zekerheid.",
        "Partijen kunnen tegengestelde belangen hebben bij de incasso.",
        "Het tekort wordt opgevangen ten koste van mantelzorgers.",
        "Tussen de financier en de uitvoerder bestaat veel wantrouwen.",
        "In een aanbesteding worden samenwerkende organisaties elkaars concurrenten.",
    ],
)
def test_stated_cues(nlp: DutchNLP, sentence: str) -> None:
    document, passages = _doc("n2", "Titel\n\n" + sentence)
    assert len(extract_tensions(document, passages, nlp)) == 1


def test_no_tension_in_plain_cooperation(nlp: DutchNLP) -> None:
    document, passages = _doc("n3", "Titel\n\nDe gemeente en de stichting werken goed samen in de wijk.")
    assert extract_tensions(document, passages, nlp) == []


def test_between_documents_opposite_stance(nlp: DutchNLP) -> None:
    note, note_passages = _doc("a", (
        "Beleidsnota wonen Dalfsen\n\nHet college van de gemeente Dalfsen wil samen met de corporaties extra "
        "zorggeschikte woningen bouwen. De gemeente Dalfsen zal in 2027 extra zorggeschikte woningen voor ouderen "
        "laten bouwen.\n"
    ))
    blog, blog_passages = _doc("b", (
        "Blog van Woonbron Dalfsen\n\nWoonbron Dalfsen is een corporatie. Vóór 2029 bouwt Woonbron Dalfsen geen extra "
        "zorggeschikte woningen voor ouderen.\n"
    ), kind="blog", source="woonbron-blog.txt")
    positions: list[Position] = []
    for document, passages in ((note, note_passages), (blog, blog_passages)):
        context = DocumentContext.of(document, nlp)
        commitments = extract_commitments(document, passages, nlp, context)
        positions.extend(positions_of(document, passages, nlp, commitments, context))
    found = find_between_tensions(positions)
    assert len(found) == 1
    tension, explanation = found[0]
    assert tension.kind == "between" and {p.doc_id for p in tension.passages} == {"a", "b"}
    assert "gemeente Dalfsen" in tension.parties and "Woonbron Dalfsen" in tension.parties
    assert "niet/geen" in explanation and "gemeente Dalfsen" in explanation and "Woonbron" in explanation
    # with vectors the pair must also be similar: orthogonal passages are not the same matter
    vectors = {"a-0000": np.array([1.0, 0.0]), "b-0000": np.array([0.0, 1.0])}
    assert find_between_tensions(positions, vectors=vectors) == []
    themes = {"a-0000": frozenset({"t1"}), "b-0000": frozenset({"t1"})}
    assert len(find_between_tensions(positions, themes_of=themes)) == 1


def test_same_owner_is_no_between_tension(nlp: DutchNLP) -> None:
    first = Position("a", "a-1", "a.txt", "gemeente X", "De gemeente X zal extra woningen bouwen.", ("gemeente X",),
                     False, None, frozenset({"extra", "woning", "bouwen"}), True)
    second = Position("b", "b-1", "b.txt", "gemeente X", "De gemeente X bouwt geen extra woningen.", ("gemeente X",),
                      True, None, frozenset({"extra", "woning", "bouwen"}), True)
    assert find_between_tensions([first, second]) == []
