"""Positions per document: stances, reports with their rebuttal, quantities, negation scope, terms."""

from __future__ import annotations

import pytest

from models.commitments import DocumentContext, extract_commitments
from models.nlp import DutchNLP
from models.positions import position_words, positions_of, quantities_in, stance_of
from rodedraad.records import Document, Passage, sha256_text


@pytest.fixture(scope="module")
def nlp() -> DutchNLP:
    return DutchNLP()


def _positions(nlp: DutchNLP, text: str, kind: str = "blog") -> list:
    document = Document(id="d", source="blog-van-sportbond.txt", title=text.splitlines()[0], kind=kind,  # type: ignore[arg-type]
                        date="2026-03-01", organisations=(), text=text, sha256=sha256_text(text))
    passages = [Passage(id="d-0000", doc_id="d", ordinal=0, page=None, start=0, end=len(text), text=text)]
    context = DocumentContext.of(document, nlp)
    return positions_of(document, passages, nlp, extract_commitments(document, passages, nlp, context), context)


@pytest.mark.parametrize(("sentence", "kind"), [
    ("Het college is voornemens de hulp per 2028 aan te besteden.", "plan"),
    ("Het college verwacht dat er in 2027 meer plekken zijn.", "forecast"),
    ("Wij vragen de raad om te kiezen voor een subsidie.", "demand"),
    ("Dat getal herken ik niet.", "rejection"),
    ("In de nota lees ik dat de budgetten dalen.", "perceive"),
    ("Het college sluit niet uit dat welzijn wordt aanbesteed.", "possibility"),
])
def test_stance_classes(sentence: str, kind: str) -> None:
    found = stance_of(sentence)
    assert found is not None and found[0] == kind


def test_report_needs_a_rebuttal_and_cites_up_to_it(nlp: DutchNLP) -> None:
    text = ("Blog van Sportbond Oostdam\n\nIn de sportnota lees ik dat er in 2027 tweehonderd nieuwe sportplekken "
            "zijn. Dat klinkt mooi. Maar in de wijken zien wij vooral lege zalen. Wij helpen graag.\n")
    reports = [p for p in _positions(nlp, text) if p.is_report]
    assert len(reports) == 1
    report = reports[0]
    assert report.sentence.startswith("In de sportnota lees ik") and report.sentence.endswith("lege zalen.")
    assert report.owner == "Sportbond Oostdam" and "sportnota" in report.references
    assert any("sportplek" in word for word in report.reported_words)
    assert not any("zaal" in word for word in report.reported_words)  # the rebuttal is the author's own words
    calm = "Blog van Sportbond Oostdam\n\nIn de sportnota lees ik dat er tweehonderd sportplekken komen. Wij helpen mee.\n"
    assert not [p for p in _positions(nlp, calm) if p.is_report]


def test_wish_names_the_party_it_hopes_will_act(nlp: DutchNLP) -> None:
    text = "Blog van Sportbond Oostdam\n\nAls de provincie zou meebetalen, kan de sporthal eerder open.\n"
    wish = next(p for p in _positions(nlp, text) if p.stance == "wish")
    assert wish.targets == ("provincie",) and "~financiering" in wish.lemmas


def test_advice_and_questions_are_no_positions(nlp: DutchNLP) -> None:
    text = "Blog van Sportbond Oostdam\n\nJe moet eerst zelf sporten. Moet de gemeente meer betalen?\n"
    assert _positions(nlp, text) == []


def test_refusal_scope_and_safeguards(nlp: DutchNLP) -> None:
    text = ("Nota\n\nDe gemeente Oostdam zal geen nieuwe sporthallen bouwen in Noord. De gemeente Oostdam zal geen "
            "gegevens delen zonder dat de inwoner het weet.\n")
    refusal, safeguard = _positions(nlp, text, kind="policy_note")
    assert refusal.stance == "refusal" and "sporthal" in refusal.scope and "gemeente" not in refusal.lemmas
    assert safeguard.scope == frozenset()  # "geen … zonder dat": a condition, not a refusal


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Het college kiest een contractduur van vier jaar.", ("jaar", 4.0, "eq")),
    ("Wij vragen om ten minste vijf jaar.", ("jaar", 5.0, "min")),
    ("Er komen ten hoogste 30 plaatsen bij.", ("plaats", 30.0, "max")),
    ("Vóór 2028 bouwen wij geen extra nieuwbouwwoningen.", ("woning", 0.0, "eq")),
    ("Er komen 150 extra zorggeschikte woningen.", ("woning", 150.0, "eq")),
])
def test_quantities(nlp: DutchNLP, sentence: str, expected: tuple[str, float, str]) -> None:
    assert expected in quantities_in(sentence, nlp.tokens(sentence), nlp)


def test_no_quantities_in_years_and_article_numbers(nlp: DutchNLP) -> None:
    sentence = "2.3 In 2027 start de gemeente."
    assert quantities_in(sentence, nlp.tokens(sentence), nlp) == ()


def test_terms_leave_out_names_and_join_separable_verbs(nlp: DutchNLP) -> None:
    sentence = "Het college stelt voor om de zorg door Zorggroep Oost openbaar aan te besteden."
    terms = frozenset().union(*position_words(nlp, sentence, nlp.tokens(sentence)))
    assert {"aanbesteden", "~aanbesteding", "openbaar"} <= terms
    assert "oost" not in terms and "college" not in terms
