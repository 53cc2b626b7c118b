"""Tension forms of session 10 (made-up Dutch sentences): a remedy's default, a dispute's route, liability and
thanks as features of their own, softly stated disagreement, and the chair of a debate who states none."""

from __future__ import annotations

import re

import pytest

from models.analyses.extract import never_a_tension
from models.analyses.sentences import AnalysedSentence, analyse_document
from models.analyses.tension_features import dispute_route, tension_features
from models.commitments import DocumentContext
from models.nlp import DutchNLP
from rodedraad.records import Document, Passage, sha256_text


def _features(text: str) -> set[str]:
    return set(tension_features(text, re.findall(r"\w+", text.lower())))


@pytest.mark.parametrize(("text", "group"), [
    ("Als de leverancier tekortschiet, moet hij de schade van de gemeente vergoeden.", "t_default"),
    ("Komt de huurder zijn verplichtingen niet na, dan volgt een ingebrekestelling.", "t_default"),
    ("Lukt dat niet, dan leggen zij de zaak voor aan de bevoegde rechter.", "t_dispute_route"),
    ("Partijen kunnen een meningsverschil voorleggen aan een onafhankelijke commissie.", "t_dispute_route"),
    ("Ik ben erg blij dat de wethouder dat heeft toegezegd.", "t_appreciation"),
    ("Dank voor de heldere beantwoording van de vragen.", "t_appreciation"),
])
def test_a_neutral_form_is_its_own_feature_and_no_conflict_cue(text: str, group: str) -> None:
    features = _features(text)
    assert group in features
    assert "t_any" not in features  # it names no conflict: it may pull the sentence down, never up by itself


@pytest.mark.parametrize(("text", "feature"), [
    ("constaterende dat uit een recent onderzoek blijkt dat weinig inwoners het loket kennen;", "t_recital_source"),
    ("overwegende dat in het coalitieakkoord geld is gereserveerd voor de bibliotheken;", "t_recital_source"),
    ("van mening dat de buurtbus een waardevol middel is voor ouderen op het platteland;", "t_recital_value"),
    ("overwegende dat sport van belang is voor de gezondheid van jongeren;", "t_recital_value"),
])
def test_a_recital_of_a_source_or_a_value_is_marked(text: str, feature: str) -> None:
    assert feature in _features(text)


def test_a_recital_of_harm_is_neither_source_nor_value() -> None:
    features = _features("overwegende dat huurders daardoor hun woning kwijtraken;")
    assert not features & {"t_recital_source", "t_recital_value"}
    assert "t_recital_source" not in _features("Uit onderzoek blijkt dat weinig inwoners het loket kennen.")


def test_thanks_negated_is_a_grievance() -> None:
    features = _features("Wij zijn niet blij met de manier waarop de provincie dit heeft geregeld.")
    assert "t_grievance" in features and "t_appreciation" not in features


def test_liability_is_apart_from_the_shift_of_money() -> None:
    liability = _features("De gemeente is niet aansprakelijk voor indirecte schade.")
    assert "t_liability" in liability and "t_shift" not in liability
    shift = _features("Dan mag de gemeente de extra kosten verhalen op de leverancier.")
    assert "t_shift" in shift and "t_liability" not in shift


def test_a_default_is_no_deficit_but_a_shortage_is() -> None:
    assert "t_deficit" not in _features("Als de leverancier tekortschiet, dan mag de gemeente herstel eisen.")
    assert "t_deficit" in _features("Er is een groot tekort aan betaalbare woningen in de regio.")


@pytest.mark.parametrize(("text", "group"), [
    ("Wat dat betreft is die vraag niet helemaal adequaat.", "t_dismissal"),
    ("Zo'n extra loket is niet erg zinvol voor de inwoners.", "t_dismissal"),
    ("Ik herken dat beeld zelf eigenlijk niet.", "t_reluctance"),
    ("Ik ga niet mee in de gedachte dat de scholen dit zelf moeten betalen.", "t_dismissal"),
    ("Ik denk dat daar eerlijk gezegd geen grond voor is.", "t_dismissal"),
    ("Dit voorstel staat haaks op het beleid van de provincie.", "t_friction"),
    ("Dat amendement gaat in tegen de afspraken met de regio.", "t_friction"),
    ("Nee, dat is niet het geval.", "t_contradiction"),
    ("Ik weet niet of een nieuw loket daar iets aan toevoegt.", "t_doubt"),
    ("De bewoners kwamen bedrogen uit met die beloften.", "t_grievance"),
])
def test_softly_stated_disagreement_is_a_cue(text: str, group: str) -> None:
    assert group in _features(text)


def test_a_dispute_stated_as_conflict_still_counts_as_friction() -> None:
    assert "t_friction" in _features("Er is een conflict tussen de aanbieders en de gemeente over het tarief.")
    assert "t_friction" in _features("Over de hoogte van de vergoeding is een geschil ontstaan.")


def test_the_route_of_a_dispute_is_no_tension_a_dispute_between_sides_is() -> None:
    assert dispute_route("Komen zij er samen niet uit, dan leggen zij het geschil voor aan een mediator.")
    assert dispute_route("Partijen kunnen kiezen voor arbitrage of een bindend advies.")
    assert not dispute_route("Er loopt een arbitragezaak tussen de corporatie en de zorgaanbieder.")
    assert not dispute_route("De gemeente en de aanbieder zijn het oneens over het tarief.")


@pytest.fixture(scope="module")
def nlp() -> DutchNLP:
    return DutchNLP()


def _sentence(nlp: DutchNLP, text: str, speaker: str) -> AnalysedSentence:
    document = Document(id="d1", source="x.xml", title="Debat", kind="other", date="2026-02-01",
                        organisations=(), text=text, sha256=sha256_text(text))
    passages = [Passage("p1", "d1", 0, None, 0, len(text), text, speaker)]
    return analyse_document(document, passages, nlp, DocumentContext.of(document, nlp))[0]


def test_the_chair_states_no_tension_a_member_may(nlp: DutchNLP) -> None:
    text = "Dan is die motie ontraden."
    assert never_a_tension(_sentence(nlp, text, "voorzitter"))
    assert not never_a_tension(_sentence(nlp, text, "SP (Jansen)"))
    route = "Lukt dat niet, dan leggen zij het verschil voor aan de geschillencommissie."
    assert never_a_tension(_sentence(nlp, route, "SP (Jansen)"))
