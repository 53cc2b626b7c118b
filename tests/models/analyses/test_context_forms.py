"""The text around a sentence (models/analyses/context_forms.py): list items under their lead-in, lead-ins
that open a list, definitions blocks; and their way into the layer's features. Sentences are made up."""

from __future__ import annotations

import pytest

from models.analyses.context_forms import (
    context_features,
    decision_maker,
    decision_point,
    lead_class,
    marker_kind,
    subordinate_item,
)
from models.analyses.features import SentenceInput, cue_features
from models.analyses.sentences import analyse_document
from models.nlp import DutchNLP, Token
from rodedraad.records import Document, Passage, sha256_text


@pytest.fixture(scope="module")
def nlp() -> DutchNLP:
    return DutchNLP()


def _features(nlp: DutchNLP, lines: list[str]) -> list[tuple[str, ...]]:
    return context_features(lines, [nlp.tokens(line) for line in lines])


def test_marker_kinds_tell_siblings_from_nested_items() -> None:
    assert marker_kind("b) de huurder betaalt") == "letter"
    assert marker_kind("3. De leverancier levert") == "number1"
    assert marker_kind("3.2. De leverancier levert") == "number2"
    assert marker_kind("2°. tien euro per inwoner") == "degree"
    assert marker_kind("– de jaarrekening,") == "bullet"
    assert marker_kind("2024 was een goed jaar.") is None
    assert marker_kind("De leverancier levert.") is None


@pytest.mark.parametrize(("lead", "expected"), [
    ("De leverancier is verplicht:", "obligation"),
    ("De huurder draagt er zorg voor dat:", "obligation"),
    ("De afnemer mag het contract opzeggen als:", "condition"),
    ("De korting vervalt in de volgende gevallen:", "condition"),
    ("Als de afnemer signalen heeft van:", "condition"),
    ("In dit reglement wordt verstaan onder:", "definition"),
    ("De partijen overwegen dat:", "recital"),
    ("De leverancier kan:", "permission"),
    ("Wij zullen:", "future"),
    ("De leverancier meldt altijd:", "party_action"),
    ("Bij de melding worden meegestuurd:", "passive"),
    ("Het gaat om:", "other"),
    ("b) Als het bestuur wisselt, dan meldt de leverancier dit aan de afnemer:", "party_action"),
    ("De raad wordt voorgesteld:", "decision"),
    ("Het college van burgemeester & wethouders stelt voor :", "decision"),
    ("Voorgesteld wordt:", "decision"),
    ("Het college van burgemeester en wethouders besluit:", "decision"),
    ("Beslispunten:", "decision"),
    ("verzoekt de regering:", "party_action"),  # a motion's demand: no decision
])
def test_lead_class_reads_what_the_lead_in_makes_of_its_items(nlp: DutchNLP, lead: str, expected: str) -> None:
    assert lead_class(nlp.tokens(lead)) == expected


def test_items_carry_their_lead_in_and_a_lead_in_marks_that_it_opens_a_list(nlp: DutchNLP) -> None:
    found = _features(nlp, [
        "Artikel 4",
        "De leverancier is verplicht:",
        "a. de jaarrekening binnen drie maanden te sturen;",
        "b. de afnemer direct te informeren over een storing.",
        "De afnemer mag het contract opzeggen als:",
        "a) de leverancier drie maanden niets levert,",
        "b) de leverancier failliet gaat.",
        "De leverancier stuurt elk jaar een verslag.",
    ])
    assert "lead_in=obligation" in found[1]
    assert {"item_lead=obligation", "item_lead_shape=obligation_fragment"} <= set(found[2])  # no finite verb
    assert "item_lead=obligation" in found[3]
    assert "lead_in=condition" in found[4]
    assert {"item_lead=condition", "item_lead_shape=condition_clause"} <= set(found[5])  # "levert"
    assert "item_lead=condition" in found[6]
    assert not any(feature.startswith("item_") for feature in found[7])  # the list ended
    assert found[0] == ()


def test_a_sibling_item_leaves_its_sibling_s_list_and_a_heading_ends_it(nlp: DutchNLP) -> None:
    found = _features(nlp, [
        "1. Een verzoek kan worden ingediend door:",
        "a. de huurder,",
        "b. de verhuurder.",
        "2. Een verzoek wordt ingediend bij het loket.",
        "Artikel 5",
        "a. de huurder betaalt de huur.",
    ])
    assert "item_lead=permission" in found[1] and "item_lead_shape=permission_fragment" in found[1]
    assert "item_no_lead" in found[3] and not any(f.startswith("item_lead") for f in found[3])
    assert "item_no_lead" in found[5]


def test_nested_items_and_an_item_cut_off_its_marker(nlp: DutchNLP) -> None:
    found = _features(nlp, [
        "1. De bijdrage bestaat uit de volgende delen:",
        "a. een vast deel, en",
        "b. een bedrag opgebouwd uit:",
        "1°.",
        "€ 2 per inwoner, en",
        "2. De afnemer betaalt de bijdrage uit.",
    ])
    assert "item_lead=other" in found[4]  # under "b. …:", the nearest lead-in, though the marker stood alone
    assert "item_no_lead" in found[5]


def test_definitions_block_under_a_heading_and_under_a_definitions_lead_in(nlp: DutchNLP) -> None:
    found = _features(nlp, [
        "Begripsbepalingen",
        "huurder: degene die de woning huurt;",
        "Artikel 2",
        "In deze regeling wordt verstaan onder:",
        "a. verhuurder: de eigenaar van de woning;",
        "Artikel 3",
        "De huurder betaalt op tijd.",
    ])
    assert "definitions_block" in found[1]
    assert {"item_lead=definition", "definitions_block"} <= set(found[4])
    assert "definitions_block" not in found[6]


def test_unmarked_items_follow_their_lead_in_only_in_item_form(nlp: DutchNLP) -> None:
    found = _features(nlp, [
        "De aanvraag bevat:",
        "een begroting van de kosten,",
        "een planning;",
        "Daarna beslist het college.",
    ])
    assert "item_lead=other" in found[1] and "item_lead=other" in found[2]
    assert not any(feature.startswith("item_") for feature in found[3])


def test_context_reaches_the_layer_s_features_through_the_document_s_sentences(nlp: DutchNLP) -> None:
    text = "De leverancier is verplicht:\n\na. de afnemer binnen een week te informeren;\n\nb. een verslag te sturen."
    document = Document(id="d1", source="lijst.md", title="Leveringsovereenkomst", kind="covenant",
                        date="2026-02-01", organisations=(), text=text, sha256=sha256_text(text))
    sentences = analyse_document(document, [Passage("p1", "d1", 0, None, 0, len(text), text)], nlp)
    items = [s for s in sentences if s.text.startswith(("a.", "b."))]
    assert len(items) == 2
    for sentence in items:
        assert "c:item_lead=obligation" in cue_features(sentence.features)
    alone = SentenceInput(text=items[0].text, tokens=items[0].tokens, kind="covenant")
    assert not any(feature.startswith("c:item_lead") for feature in cue_features(alone))


def test_an_item_under_a_condition_or_definition_is_subordinate_unless_it_binds_itself(nlp: DutchNLP) -> None:
    lines = [
        "De afnemer mag het contract opzeggen als:",
        "a) de leverancier drie maanden niets levert,",
        "b) de leverancier moet betalen maar dat niet doet.",
        "De leverancier is verplicht:",
        "a. de afnemer binnen een week te informeren.",
    ]
    tokens = [nlp.tokens(line) for line in lines]
    found = context_features(lines, tokens)
    assert subordinate_item(found[1], tokens[1])
    assert not subordinate_item(found[2], tokens[2])  # its own "moet"
    assert not subordinate_item(found[4], tokens[4])  # under an obligation
    assert not subordinate_item((), tokens[1])  # the same words without a lead-in


def _read(nlp: DutchNLP, lines: list[str]) -> tuple[list[tuple[str, ...]], list[list[Token]]]:
    tokens = [list(nlp.tokens(line)) for line in lines]
    return context_features(lines, tokens), tokens


def test_decision_points_bind_the_body_that_decides_them_and_taking_note_decides_nothing(nlp: DutchNLP) -> None:
    found, tokens = _read(nlp, [
        "Het college stelt de raad voor:",
        "1. het uitvoeringsprogramma jeugd 2027 vast te stellen;",
        "2. in te stemmen met de voorstellen om:",
        "- de verordening beleidsarm in te richten;",
        "- het budget voor de wijkteams met één jaar te verlengen;",
        "3. kennis te nemen van de evaluatie van de wijkteams;",
        "4. Het implementatieplan welzijn vaststellen.",
        "Het college van burgemeester en wethouders besluit:",
        "1. de subsidie aan de stichting te verlagen.",
    ])
    taken = [decision_point(context, words) for context, words in zip(found, tokens, strict=True)]
    assert taken == [False, True, False, True, True, False, True, False, True]
    assert "lead_in=decision" in found[0] and "lead_in=decision" in found[7]
    assert decision_maker(found[3], tokens[3]) == "gemeenteraad"  # nested under the council's decision point
    assert decision_maker(found[8], tokens[8]) == "college"
    assert "decision_taken" in found[8] and "decision_taken" not in found[1]
    assert decision_maker(found[5], tokens[5]) is None


@pytest.mark.parametrize(("lines", "expected"), [
    # a heading opens its numbered items until the next heading
    (["Beslispunten", "1. Het krediet van 2 miljoen euro beschikbaar te stellen.",
      "2. De begroting 2027 dienovereenkomstig te wijzigen.", "Aanleiding", "1. De wijkteams zijn in 2015 opgericht."],
     [False, True, True, False, False]),
    # one unmarked decision point right after its lead-in, and no more
    (["Het college van burgemeester & wethouders stelt voor :",
      "Een krediet van € 200.000 beschikbaar te stellen voor nieuw meubilair.",
      "Het meubilair is vijftien jaar oud en moet worden vervangen."], [False, True, False]),
    # the same item under a motion's demand is no decision of the council
    (["verzoekt de regering:", "1. het krediet van 2 miljoen euro beschikbaar te stellen."], [False, False]),
])
def test_which_items_a_decision_heading_or_lead_in_opens(nlp: DutchNLP, lines: list[str], expected: list[bool]) -> None:
    found, tokens = _read(nlp, lines)
    assert [decision_point(context, words) for context, words in zip(found, tokens, strict=True)] == expected
