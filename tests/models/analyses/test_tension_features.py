"""Tension cue features by form (made-up Dutch sentences)."""

from __future__ import annotations

import re

import pytest

from models.analyses.tension_features import tension_features


def _features(text: str) -> set[str]:
    return set(tension_features(text, re.findall(r"\w+", text.lower())))


@pytest.mark.parametrize(("text", "group"), [
    ("De ouders maken zich zorgen over de wachtlijsten bij de jeugdzorg.", "t_worry"),
    ("Wij zijn terughoudend met een nieuwe landelijke norm.", "t_reluctance"),
    ("Hier knelt de regel met de praktijk van de wijkteams.", "t_friction"),
    ("Dat gaat ten koste van de kleine aanbieders.", "t_friction"),
    ("Het is zeer de vraag of dit de inwoners helpt.", "t_doubt"),
    ("Deze motie voegt niets toe aan wat het college al doet.", "t_dismissal"),
    ("Uit de cijfers blijkt wel degelijk dat het werkt.", "t_contradiction"),
    ("Dan mag de gemeente de extra kosten verhalen op de leverancier.", "t_shift"),
])
def test_each_form_of_tension_is_one_group(text: str, group: str) -> None:
    assert group in _features(text)


def test_a_plain_sentence_carries_no_tension_group() -> None:
    found = _features("De gemeente organiseert in maart een bijeenkomst voor bewoners.")
    assert not {f for f in found if f.startswith("t_") and f != "t_recital_plain"}


def test_a_partys_own_worry_is_marked() -> None:
    assert "t_party_feeling" in _features("De ouders hebben zorgen over de lange reistijd naar school.")
    assert "t_party_feeling" not in _features("Het rapport beschrijft de risico's van de planning.")


def test_the_conflict_word_denied_is_no_conflict() -> None:
    denied = _features("Wat ons betreft is er geen enkel probleem met dit voorstel.")
    assert "t_no_conflict" in denied
    assert "t_problem" not in denied
    assert "t_problem" in _features("Het probleem is dat de gemeenten niet betalen.")


def test_two_roles_count_only_when_set_against_each_other() -> None:
    assert "t_roles_opposed" not in _features("De financier en de aanbieder tekenen het contract.")
    assert "t_roles_opposed" in _features("De financier wil lagere tarieven, terwijl de aanbieder de kosten draagt.")


def test_a_conditional_clause_shifting_money_is_marked() -> None:
    assert "t_conditional_shift" in _features("Als de leverancier te laat levert, dan mag de koper een korting "
                                               "van tien procent toepassen.")
    assert "t_conditional_shift" not in _features("De koper betaalt de factuur binnen dertig dagen.")


def test_a_motion_recital_is_told_plain_or_marked() -> None:
    assert "t_recital_plain" in _features("overwegende dat de regeling per 1 januari ingaat;")
    assert "t_recital_marked" in _features("constaterende dat de wachttijden nog steeds oplopen;")


_AGREEMENT = """Overeenkomst groenonderhoud

Opdrachtnemer maait het gras elke twee weken voor Opdrachtgever.
Opdrachtgever stuurt Opdrachtnemer in april het maaischema.
Als Opdrachtnemer een ronde overslaat, dan mag Opdrachtgever de kosten van een ander bedrijf verhalen.
Als Partijen het na overleg niet eens worden, dan mag elke partij de overeenkomst opzeggen.
Beëindiging volgens dit artikel geeft geen recht op schadevergoeding.
Opdrachtnemer en Opdrachtgever bespreken het maaischema in maart.
"""


def test_clauses_shifting_money_or_say_between_the_parties_are_tensions_by_form() -> None:
    from models.analyses.extract import tension_by_definition
    from models.analyses.sentences import analyse_document
    from models.commitments import DocumentContext
    from models.nlp import DutchNLP
    from rodedraad.records import Document, Passage, sha256_text

    nlp = DutchNLP()
    document = Document(id="d1", source="x.md", title="Overeenkomst", kind="covenant", date="2026-01-01",
                        organisations=(), text=_AGREEMENT, sha256=sha256_text(_AGREEMENT))
    passages = [Passage("p1", "d1", 0, None, 0, len(_AGREEMENT), _AGREEMENT)]
    context = DocumentContext.of(document, nlp)
    found = [s.text.strip() for s in analyse_document(document, passages, nlp, context)
             if tension_by_definition(s, context)]
    assert found == [
        "Als Opdrachtnemer een ronde overslaat, dan mag Opdrachtgever de kosten van een ander bedrijf verhalen.",
        "Als Partijen het na overleg niet eens worden, dan mag elke partij de overeenkomst opzeggen.",
        "Beëindiging volgens dit artikel geeft geen recht op schadevergoeding.",
    ]


def test_a_minister_rejecting_a_motion_is_a_tension_and_the_chair_summing_up_is_not() -> None:
    from models.analyses.extract import tension_by_definition
    from models.analyses.sentences import analyse_document
    from models.commitments import DocumentContext
    from models.nlp import DutchNLP
    from rodedraad.records import Document, Passage, sha256_text

    minister, chair = "Die motie over de wijkbussen ontraad ik.", "Dan is die ontraden."
    text = f"{minister}\n{chair}\n"
    nlp = DutchNLP()
    document = Document(id="d1", source="x.xml", title="Debat", kind="other", date="2026-01-01", organisations=(),
                        text=text, sha256=sha256_text(text))
    cut = len(minister) + 1
    passages = [Passage("p1", "d1", 0, None, 0, cut, text[:cut], speaker="minister Jansen (BZK)"),
                Passage("p2", "d1", 1, None, cut, len(text), text[cut:], speaker="voorzitter")]
    context = DocumentContext.of(document, nlp)
    found = [s.text.strip() for s in analyse_document(document, passages, nlp, context)
             if tension_by_definition(s, context)]
    assert found == [minister]
