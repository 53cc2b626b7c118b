"""Recitals and reported speech (models/analyses/report_forms.py). Sentences are made up for these tests."""

from __future__ import annotations

import pytest

from models.analyses.features import SentenceInput, cue_features
from models.analyses.report_forms import recital_of_fact, report_form_features
from models.nlp import DutchNLP


@pytest.fixture(scope="module")
def nlp() -> DutchNLP:
    return DutchNLP()


def test_a_recital_reporting_a_party_s_deed_against_one_stating_a_fact(nlp: DutchNLP) -> None:
    deed = report_form_features(nlp.tokens(
        "overwegende dat het kabinet geld heeft gereserveerd voor de bibliotheken en binnenkort met een plan komt;"))
    assert {"recital", "recital_deed"} <= set(deed)
    passive = report_form_features(nlp.tokens("constaterende dat er voor de musea extra middelen zijn vrijgemaakt;"))
    assert "recital_deed" in passive
    fact = report_form_features(nlp.tokens("constaterende dat veel bibliotheken op zondag gesloten zijn;"))
    assert {"recital", "recital_fact"} <= set(fact) and "recital_deed" not in fact
    opinion = report_form_features(nlp.tokens("van mening dat lezen belangrijk is voor kinderen;"))
    assert "recital_fact" in opinion
    assert not any(f.startswith("recital") for f in report_form_features(
        nlp.tokens("Het kabinet heeft geld gereserveerd voor de bibliotheken.")))


def test_reported_speech_of_a_third_party_with_and_without_a_promise(nlp: DutchNLP) -> None:
    plain = report_form_features(nlp.tokens("Hij meldt dat het buurthuis op maandag dicht is."))
    assert {"reported_speech", "reported_plain"} <= set(plain)
    named = report_form_features(nlp.tokens("Karin de Vries merkt op dat de gemeente de bewoners zal uitnodigen."))
    assert {"reported_speech", "reported_promise"} <= set(named)
    explained = report_form_features(nlp.tokens("De wethouder legt uit dat de regeling bedoeld is voor starters."))
    assert "reported_plain" in explained
    own = report_form_features(nlp.tokens("Ik meld dat wij de subsidie zullen verhogen."))
    assert not any(f.startswith("reported") for f in own)  # the speaker's own statement
    duty = report_form_features(nlp.tokens("Hij meldt ook of er een wachtlijst is."))
    assert not any(f.startswith("reported") for f in duty)  # no "dat": a duty to report, not a report


def test_report_forms_reach_the_layer_s_cue_features(nlp: DutchNLP) -> None:
    text = "Zij stelt dat de wijkraad volgende maand een avond organiseert."
    features = cue_features(SentenceInput(text=text, tokens=nlp.tokens(text), kind="other"))
    assert {"c:reported_speech", "c:reported_plain"} <= set(features)


def test_a_recital_of_fact_against_a_recital_of_a_deed(nlp: DutchNLP) -> None:
    assert recital_of_fact(nlp.tokens("constaterende dat veel bibliotheken op zondag gesloten zijn;"))
    assert not recital_of_fact(nlp.tokens("overwegende dat de regering een plan opstelt voor de bibliotheken;"))
    assert not recital_of_fact(nlp.tokens("Veel bibliotheken zijn op zondag gesloten."))
