"""Tensions: stated ones by the cue-phrase rules (the learned layer: tests/models/analyses/) with parties and issue; diverging positions between documents of different parties."""

from __future__ import annotations

import numpy as np
import pytest

from models.commitments import DocumentContext, extract_commitments
from models.nlp import DutchNLP
from models.tensions import Position, extract_rule_tensions, find_between_tensions, positions_of
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
    found = extract_rule_tensions(document, passages, nlp)
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
    assert len(extract_rule_tensions(document, passages, nlp)) == 1


def test_no_tension_in_plain_cooperation(nlp: DutchNLP) -> None:
    document, passages = _doc("n3", "Titel\n\nDe gemeente en de stichting werken goed samen in de wijk.")
    assert extract_rule_tensions(document, passages, nlp) == []


def _between(nlp: DutchNLP, *documents: tuple[Document, list[Passage]], **kwargs: object) -> list[tuple]:
    positions: list[Position] = []
    for document, passages in documents:
        context = DocumentContext.of(document, nlp)
        commitments = extract_commitments(document, passages, nlp, context)
        positions.extend(positions_of(document, passages, nlp, commitments, context))
    return find_between_tensions(positions, **kwargs)  # type: ignore[arg-type]


def test_between_documents_opposite_stance(nlp: DutchNLP) -> None:
    note = _doc("a", (
        "Beleidsnota wonen Dalfsen\n\nHet college van de gemeente Dalfsen wil samen met de corporaties extra "
        "zorggeschikte woningen bouwen. De gemeente Dalfsen zal in 2027 extra zorggeschikte woningen voor ouderen "
        "laten bouwen.\n"
    ))
    blog = _doc("b", (
        "Blog van Woonbron Dalfsen\n\nWoonbron Dalfsen is een corporatie. Vóór 2029 bouwt Woonbron Dalfsen geen extra "
        "zorggeschikte woningen voor ouderen.\n"
    ), kind="blog", source="woonbron-blog.txt")
    found = _between(nlp, note, blog)
    assert len(found) == 1
    tension, explanation = found[0]
    assert tension.kind == "between" and {p.doc_id for p in tension.passages} == {"a", "b"}
    assert set(tension.parties) == {"gemeente Dalfsen", "Woonbron Dalfsen"}
    assert explanation.startswith("Tegengesteld") and "gemeente Dalfsen: „" in explanation
    assert "Woonbron Dalfsen: „Vóór 2029 bouwt Woonbron Dalfsen geen" in explanation


def test_report_that_the_author_disputes(nlp: DutchNLP) -> None:
    note = _doc("n", (
        "Sportnota Oostdam 2026\n\nHet college verwacht dat in 2027 tweehonderd nieuwe sportplekken in de wijken "
        "beschikbaar zijn.\n"
    ))
    blog = _doc("s", (
        "Blog van Sportbond Oostdam\n\nIn de sportnota van de gemeente lees ik dat in 2027 tweehonderd nieuwe "
        "sportplekken beschikbaar zijn. Dat aantal herken ik niet. Wij zien vooral lege zalen.\n\n"
        "Karin Vos is voorzitter van Sportbond Oostdam.\n"
    ), kind="blog", source="sportbond-blog.txt")
    found = _between(nlp, note, blog)
    assert len(found) == 1
    tension, explanation = found[0]
    cited = {p.doc_id: p.text for p in tension.passages}
    assert "Dat aantal herken ik niet" in cited["s"] and "verwacht dat in 2027" in cited["n"]
    # the note's party: the municipality, or its college when the layer reads "Het college verwacht …" as its
    # commitment (a forecast of its own result: borderline by ANNOTATION.md)
    assert explanation.startswith(("Sportbond Oostdam spreekt gemeente", "Sportbond Oostdam spreekt college"))
    assert "sportplek" in tension.issue


def test_report_without_rebuttal_is_no_tension(nlp: DutchNLP) -> None:
    note = _doc("n", "Sportnota\n\nHet college verwacht dat in 2027 tweehonderd sportplekken beschikbaar zijn.\n")
    blog = _doc("s", (
        "Blog van Sportbond Oostdam\n\nIn de sportnota lees ik dat in 2027 tweehonderd sportplekken beschikbaar "
        "zijn. Wij helpen graag mee om ze te vullen.\n"
    ), kind="blog", source="sportbond-blog.txt")
    assert _between(nlp, note, blog) == []


def test_wish_of_a_party_that_refuses_it(nlp: DutchNLP) -> None:
    blog = _doc("w", (
        "Blog van Fietsersbond Overland\n\nHet fietspad langs de Vaart is hard nodig. Als de provincie zou "
        "meebetalen aan het fietspad, kan het twee jaar eerder klaar zijn.\n"
    ), kind="blog", source="fietsersbond-blog.txt")
    letter = _doc("p", (
        "Brief van de provincie Overland\n\nDe provincie Overland zal geen financiering verstrekken voor de aanleg "
        "van gemeentelijke fietspaden.\n"
    ), source="provincie-brief.txt")
    found = _between(nlp, blog, letter)
    assert len(found) == 1
    tension, explanation = found[0]
    assert "provincie Overland" in tension.parties and "financiering" in explanation


def test_opposite_choices_need_theme_evidence_when_the_matter_is_thin(nlp: DutchNLP) -> None:
    note = _doc("g", (
        "Nota thuiszorg Oostdam\n\nHet college kiest voor de huishoudelijke hulp vanaf 2027 voor een openbare "
        "aanbesteding met raamovereenkomsten voor vier jaar.\n"
    ))
    blog = _doc("t", (
        "Blog van Thuiszorg Oost\n\nWij pleiten voor huishoudelijke hulp via een meerjarige subsidie.\n"
    ), kind="blog", source="thuiszorg-oost-blog.txt")
    same = {"g-0000": frozenset({"t1"}), "t-0000": frozenset({"t1"})}
    other = {"g-0000": frozenset({"t1"}), "t-0000": frozenset({"t2"})}
    found = _between(nlp, note, blog, themes_of=same)
    assert len(found) == 1 and found[0][1].startswith("Andere keuze") and "aanbesteding" in found[0][1]
    assert _between(nlp, note, blog, themes_of=other) == []
    assert len(_between(nlp, note, blog, vectors={"g-0000": np.array([1.0, 0.0]), "t-0000": np.array([1.0, 0.0])})) == 1
    assert _between(nlp, note, blog, vectors={"g-0000": np.array([1.0, 0.0]), "t-0000": np.array([0.0, 1.0])}) == []


def test_incompatible_amounts(nlp: DutchNLP) -> None:
    note = _doc("g", "Raadsvoorstel\n\nHet college kiest voor de thuiszorg een contractduur van vier jaar.\n")
    blog = _doc("t", (
        "Blog van Thuiszorg Oost\n\nWij vragen voor de thuiszorg om een contractduur van ten minste vijf jaar.\n"
    ), kind="blog", source="thuiszorg-oost-blog.txt")
    found = _between(nlp, note, blog)
    assert len(found) == 1 and found[0][1].startswith("Ander aantal (jaar)")
    fits = _doc("u", (
        "Blog van Thuiszorg Oost\n\nWij vragen voor de thuiszorg om een contractduur van ten minste drie jaar.\n"
    ), kind="blog", source="thuiszorg-oost-blog.txt")
    assert _between(nlp, note, fits) == []  # four years is at least three


def test_different_deadlines_for_the_same_action(nlp: DutchNLP) -> None:
    note = _doc("g", (
        "Nota sport\n\nDe gemeente Oostdam zal de overdekte sporthal in Noord in 2027 voor verenigingen openen.\n"
    ))
    plan = _doc("b", (
        "Jaarplan Sportbedrijf Oost\n\nSportbedrijf Oost zal de overdekte sporthal in Noord in 2029 voor "
        "verenigingen openen.\n"
    ), source="jaarplan.txt")
    found = _between(nlp, note, plan)
    assert len(found) == 1 and found[0][1].startswith("Andere termijn")
    assert "in 2027" in found[0][1] and "in 2029" in found[0][1]


def test_agreeing_positions_are_no_tension(nlp: DutchNLP) -> None:
    note = _doc("g", "Nota\n\nDe gemeente Oostdam zal in 2027 in Noord een buurthuis openen.\n")
    blog = _doc("w", (
        "Blog van Welzijn Oost\n\nWij zijn blij dat de gemeente in 2027 in Noord een buurthuis opent. Welzijn Oost "
        "zal er elke week een koffieochtend houden.\n"
    ), kind="blog", source="welzijn-oost-blog.txt")
    assert _between(nlp, note, blog) == []


def test_rules_two_protocols_set_for_a_role_are_no_positions_of_their_authors(nlp: DutchNLP) -> None:
    # Two documents prescribing what "de gemeente" and "de aanbieder" do hold no positions of those roles (the
    # terms are for different messages; read as positions they were "Ander aantal (werkdag)"); a council's own
    # organ ("Het college kiest …") does speak for its document (test_incompatible_amounts).
    first = _doc("p", (
        "Werkafspraken berichtenverkeer Stichting Ketenbureau Oost\n\nDe gemeente stuurt binnen vijf werkdagen na "
        "ontvangst van het verzoek om toewijzing een retourbericht naar de aanbieder.\n"
    ), kind="other", source="ketenbureau-protocol.txt")
    second = _doc("q", (
        "Handreiking declareren Stichting Zorgnet West\n\nDe aanbieder stuurt binnen tien werkdagen na ontvangst van "
        "de toewijzing een startbericht naar de gemeente.\n"
    ), kind="other", source="zorgnet-handreiking.txt")
    assert _between(nlp, first, second) == []


def test_same_owner_is_no_between_tension() -> None:
    words = (frozenset({"extra"}), frozenset({"woning", "~woning"}), frozenset({"bouwen", "~bouw"}))
    first = Position("a", "a-1", "a.txt", "gemeente X", "De gemeente X zal extra woningen bouwen.", ("gemeente X",),
                     False, None, words, True)
    second = Position("b", "b-1", "b.txt", "gemeente X", "De gemeente X bouwt geen extra woningen.", ("gemeente X",),
                      True, None, words, True, stance="refusal", scope=frozenset({"extra", "woning"}))
    assert find_between_tensions([first, second]) == []
    other = Position("b", "b-1", "b.txt", "Woonbron", "Woonbron bouwt geen extra woningen.", ("Woonbron",),
                     True, None, words, True, stance="refusal", scope=frozenset({"extra", "woning"}))
    assert len(find_between_tensions([first, other])) == 1
