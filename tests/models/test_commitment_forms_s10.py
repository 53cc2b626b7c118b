"""Commitment forms of session 10 (made-up Dutch sentences): a party's report of what was said is no action
of its own, a role noun with a "van"-phrase still opens a norm, the undertaking of a first clause that a "maar"
qualifies, a party coming with a document or plan, a first person's stated aim, and the present passive and
pronoun subject as forms of their own."""

from __future__ import annotations

import pytest

from models.analyses.commitment_forms import commitment_form_features, party_clause
from models.analyses.features import SentenceInput, cue_features
from models.nlp import DutchNLP


@pytest.fixture(scope="module")
def nlp() -> DutchNLP:
    return DutchNLP()


def _forms(nlp: DutchNLP, text: str, role: str | None = None, past: bool = False) -> set[str]:
    return set(commitment_form_features(nlp.tokens(text), role, past, False, False))


def test_a_party_reporting_speech_is_no_action(nlp: DutchNLP) -> None:
    assert party_clause(nlp.tokens("Hij meldt dat het loket in het dorp dicht is.")) == ("pronoun", "speech")
    assert party_clause(nlp.tokens("De wethouder stelt dat de buurt te laat betrokken werd.")) == ("role", "speech")
    assert party_clause(nlp.tokens("De wethouder geeft daarbij aan dat de buurt meedoet.")) == ("role", "speech")
    # a list of what to report, or a report delivered, stays an action
    assert party_clause(nlp.tokens("Leverancier meldt altijd:")) == ("role", "action")
    assert party_clause(nlp.tokens("Hij meldt elke storing binnen een dag.")) == ("pronoun", "action")


def test_role_subject_past_a_van_phrase(nlp: DutchNLP) -> None:
    assert party_clause(nlp.tokens("De aanvrager van een vergunning vermeldt op het formulier de kosten.")) == (
        "role", "action")
    assert party_clause(nlp.tokens("De ontvanger van de bijdrage stuurt jaarlijks een verslag.")) == ("role", "action")


def test_undertaking_in_a_first_clause_that_maar_qualifies(nlp: DutchNLP) -> None:
    qualified = _forms(nlp, "Die afspraak ga ik aan, maar wel met enige aarzeling.", "minister")
    assert {"self_lead_future", "self_lead_qualified"} <= qualified
    willing = _forms(nlp, "Dus wil ik best met dat voorstel aan de slag, maar ik heb wel twijfels.", "minister")
    assert {"self_lead_willing", "self_lead_qualified"} <= willing
    assert "self_lead_promise" in _forms(nlp, "Ik kom daar in het voorjaar op terug.")
    # negated, past, or a first clause without a first person: no undertaking of the speaker
    assert not {f for f in _forms(nlp, "Dat ga ik niet doen, maar ik begrijp de vraag.") if f.startswith("self_lead")}
    assert not {f for f in _forms(nlp, "De buurt gaat verhuizen, maar wij blijven.") if f.startswith("self_lead")}
    assert "self_lead_qualified" not in _forms(nlp, "Die afspraak ga ik graag aan.")


def test_a_party_coming_with_a_document_or_plan(nlp: DutchNLP) -> None:
    assert "delivers_vehicle" in _forms(nlp, "Het college komt voor de zomer met een plan voor de wijk.")
    assert "delivers_vehicle" in _forms(nlp, "Ik leg dat uit in de notitie waarmee we komen.")
    assert "delivers_vehicle" in _forms(nlp, "Het bestuur belooft om binnen een maand met een wijkaanpak te komen.")
    assert "delivers_vehicle" not in _forms(nlp, "Hij kwam met de fiets naar het gemeentehuis.")
    assert "delivers_vehicle" not in _forms(nlp, "Het college komt met een plan.", past=True)


def test_a_first_persons_stated_aim(nlp: DutchNLP) -> None:
    assert "own_aim" in _forms(nlp, "Onze inzet is gericht op betere zorg in de wijk.")
    assert "own_aim" in _forms(nlp, "Mijn streven is dat elke wijk een loket krijgt.")
    assert "own_aim" not in _forms(nlp, "Het streven van de provincie is onduidelijk.")


def test_present_passive_and_pronoun_subject_are_read_in_every_genre(nlp: DutchNLP) -> None:
    def cues(text: str, kind: str, past: bool = False) -> set[str]:
        return set(cue_features(SentenceInput(text, nlp.tokens(text), kind, past=past)))

    for kind in ("covenant", "policy_note", "other"):
        assert "c:present_passive" in cues("Een verzoek wordt ingediend bij het loket van de gemeente.", kind)
        assert "c:pronoun_subject" in cues("Hij stuurt het verslag naar de raad.", kind)
    assert "c:present_passive" not in cues("Het verzoek werd toen ingediend.", "other", past=True)
    assert "c:present_passive" not in cues("Het verzoek zal worden ingediend.", "other")


def test_a_future_of_a_state_is_no_passive_promise(nlp: DutchNLP) -> None:
    assert "future_state" in _forms(nlp, "Dat zal het volgende overleg zijn.")
    assert "future_state" in _forms(nlp, "Het zal lastig blijken.")
    assert "passive_future" not in _forms(nlp, "Dat zal het volgende overleg zijn.")
    # a participle makes it a passive: something will be done
    for text in ("De regeling zal worden aangepast.", "De brief zal in mei verstuurd worden.",
                 "In het plan staat hoe dit doel bereikt zal worden."):
        assert "passive_future" in _forms(nlp, text)
        assert "future_state" not in _forms(nlp, text)
    # the main verb after the auxiliary; the copula closes a subordinate clause
    assert "future_state" not in _forms(nlp, "Het bestuur zal in het contract opnemen dat de kosten gedeeld zijn.")


def test_a_party_noun_in_ge_en_is_no_participle(nlp: DutchNLP) -> None:
    text = "Ik kom terug op dat voorstel en noem dan de gemeenten waarvan wij signalen hebben."
    forms = _forms(nlp, text, "minister")
    assert "self_past_clause" not in forms
    assert {"self_promise_clause", "self_lead_promise"} <= forms
    assert "self_past_clause" in _forms(nlp, "Ik heb de gemeenten gebeld.", "minister")

