"""Commitment forms read per clause (models/analyses/commitment_forms.py) and the rules by definition that use
them (models/analyses/extract.py). Sentences are made up for these tests."""

from __future__ import annotations

import pytest

from models.analyses.commitment_forms import (
    bound_under_condition,
    commitment_form_features,
    conditional_permission,
    granted_permission,
    party_clause,
)
from models.analyses.extract import commitment_by_definition, never_a_commitment
from models.analyses.features import SentenceInput, cue_features
from models.analyses.sentences import AnalysedSentence, analyse_document
from models.commitments import DocumentContext
from models.nlp import DutchNLP
from rodedraad.records import Document, Passage, sha256_text

ROLES = ("Leverancier", "Afnemer")


@pytest.fixture(scope="module")
def nlp() -> DutchNLP:
    return DutchNLP()


def test_party_subject_with_action_verb_also_plural_and_inverted(nlp: DutchNLP) -> None:
    assert party_clause(nlp.tokens("Partijen spreken af dat zij elk kwartaal de voortgang bespreken.")) == (
        "role", "action")
    assert party_clause(nlp.tokens("Provincies financieren samen met het Rijk een regionaal loket.")) == (
        "role", "action")
    assert party_clause(nlp.tokens("Daarna stuurt Leverancier een nieuw rooster.")) == ("role", "action")
    assert party_clause(nlp.tokens("Wij vinden dat een goede zaak.")) == ("first", "state")
    assert party_clause(nlp.tokens("Het weer was slecht in de zomer.")) is None


def test_first_person_future_in_one_clause_and_office_crossing(nlp: DutchNLP) -> None:
    tokens = nlp.tokens("Die brief stuur ik u, maar ik zal daarin ook op de kosten ingaan.")
    features = commitment_form_features(tokens, "minister", past=False, perfect=False, deadline=False)
    assert "self_future_clause" in features and "office_self_future_clause" in features
    assert "self_vehicle_clause" in features
    member = commitment_form_features(tokens, "member", past=False, perfect=False, deadline=False)
    assert "member_self_future_clause" in member and not any(f.startswith("office_") for f in member)
    about = commitment_form_features(nlp.tokens("Het gaat over de vraag wat wij vinden."), None, False, False, False)
    assert "self_future_clause" not in about


def test_promise_and_past_agreement_forms(nlp: DutchNLP) -> None:
    promise = commitment_form_features(nlp.tokens("Ik kom daar na de zomer op terug."), "staatssecretaris",
                                       past=False, perfect=False, deadline=True)
    assert {"self_promise_clause", "office_self_promise_clause", "self_deadline"} <= set(promise)
    agreed = commitment_form_features(nlp.tokens("De buurten hebben vorig jaar afgesproken samen in te kopen."),
                                      None, past=False, perfect=True, deadline=False)
    assert "agreement_past" in agreed
    told = commitment_form_features(nlp.tokens("De buurten hebben vorig jaar samen ingekocht."), None,
                                    past=False, perfect=True, deadline=False)
    assert "agreement_past" not in told


def test_conditional_permission_is_never_an_undertaking(nlp: DutchNLP) -> None:
    assert conditional_permission(nlp.tokens("Als de Afnemer te laat betaalt, dan mag de Leverancier rente rekenen."))
    assert conditional_permission(nlp.tokens("Bij een storing van een week kan de Afnemer de levering stoppen.")) is False
    assert not conditional_permission(nlp.tokens("Als de Afnemer te laat betaalt, dan mag hij geen korting vragen."))
    assert not conditional_permission(nlp.tokens("De Leverancier mag de prijs jaarlijks aanpassen."))


def test_a_right_granted_binds_nobody(nlp: DutchNLP) -> None:
    for text in ("De Leverancier mag de prijs jaarlijks aanpassen.",
                 "De Afnemer mag de overeenkomst direct opzeggen als:",
                 "Bij een storing van een maand, mogen Partijen de levering stoppen."):
        assert granted_permission(nlp.tokens(text)), text
    # negated, restricted, beside an obligation or inside a subordinate clause: no right granted by the sentence
    for text in ("De Leverancier mag de prijs niet aanpassen.",
                 "De Leverancier mag de prijs alleen na overleg aanpassen.",
                 "De Leverancier mag de prijs aanpassen en moet dat vooraf melden.",
                 "De Afnemer bepaalt welke prijs de Leverancier mag rekenen.",
                 "Als verwacht mag worden dat de levering stopt, meldt de Leverancier dat direct.",
                 "De Leverancier levert de goederen binnen een week."):
        assert not granted_permission(nlp.tokens(text)), text


def test_obligation_under_a_condition_and_prohibition_bind(nlp: DutchNLP) -> None:
    assert bound_under_condition(nlp.tokens("Als de planning verandert, dan overleggen Partijen binnen een week."),
                                 ROLES)
    assert bound_under_condition(nlp.tokens("Als dat niet helpt, leggen zij het geschil voor aan een bemiddelaar."),
                                 ROLES)
    assert bound_under_condition(nlp.tokens("Leverancier mag de opdracht niet aan derden overdragen."), ROLES)
    assert not bound_under_condition(nlp.tokens("Als de Afnemer te laat betaalt, dan mag Leverancier rente rekenen."),
                                     ROLES)
    assert not bound_under_condition(nlp.tokens("Als de Afnemer schade lijdt, dan is Leverancier aansprakelijk."),
                                     ROLES)
    assert not bound_under_condition(nlp.tokens("Leverancier levert de boeken op maandag."), ROLES)


AGREEMENT = """Leveringsovereenkomst schoolboeken

Leverancier levert de boeken voor de eerste schooldag aan Opdrachtgever.
Opdrachtgever betaalt Leverancier binnen dertig dagen na levering.
Leverancier stuurt de factuur per post aan Opdrachtgever.
Als de planning verandert, dan overleggen Partijen binnen een week over een nieuwe datum.
Als Opdrachtgever te laat betaalt, dan mag Leverancier wettelijke rente rekenen.
Leverancier mag de opdracht niet aan een andere leverancier overdragen.
Opdrachtgever informeert Leverancier over elke wijziging van het aantal leerlingen.
In de voorwaarden staan de volgende gevallen:
- Opdrachtgever een bestelling na de sluitingsdatum wijzigt;
"""


def test_rules_by_definition_in_an_agreement(nlp: DutchNLP) -> None:
    document = Document(id="d1", source="x.md", title="Leveringsovereenkomst schoolboeken", kind="covenant",
                        date="2026-02-01", organisations=(), text=AGREEMENT, sha256=sha256_text(AGREEMENT))
    passages = [Passage("p1", "d1", 0, None, 0, len(AGREEMENT), AGREEMENT)]
    context = DocumentContext.of(document, nlp)
    sentences = {" ".join(s.text.split()): s for s in analyse_document(document, passages, nlp, context)}

    def find(start: str) -> AnalysedSentence:
        return next(s for text, s in sentences.items() if text.startswith(start))

    assert commitment_by_definition(find("Als de planning verandert"), context)
    assert commitment_by_definition(find("Leverancier mag de opdracht niet"), context)
    assert never_a_commitment(find("Als Opdrachtgever te laat betaalt"))
    assert not commitment_by_definition(find("- Opdrachtgever een bestelling"), context)  # a condition's list item
    assert commitment_by_definition(find("Opdrachtgever informeert Leverancier"), context)


def test_a_motion_retold_is_never_a_commitment(nlp: DutchNLP) -> None:
    text = ("Debat over de bibliotheken\n\nDe motie op stuk nr. 12 vraagt om een extra bijdrage aan de bibliotheken.\n"
            "Die vraagt aan het kabinet om voor de zomer een plan te sturen.\n"
            "Ik zal de Kamer voor de zomer een plan sturen.\n")
    document = Document(id="d2", source="y.md", title="Debat over de bibliotheken", kind="other", date="2026-02-01",
                        organisations=(), text=text, sha256=sha256_text(text))
    sentences = analyse_document(document, [Passage("p1", "d2", 0, None, 0, len(text), text)], nlp)
    verdicts = {" ".join(s.text.split())[:12]: never_a_commitment(s) for s in sentences}
    assert verdicts["De motie op "] and verdicts["Die vraagt a"]
    assert not verdicts["Ik zal de Ka"]


def test_a_covenants_party_list_and_signing_line_are_never_commitments(nlp: DutchNLP) -> None:
    text = ("Convenant groen in de wijk\n\n"
            "1. Stichting Groen Doen, vertegenwoordigd door mevrouw B. Jansen, directeur;\n"
            "2. De gemeente, vertegenwoordigd door de wethouder, zal vóór 1 juli een plan opstellen.\n"
            "Aldus overeengekomen en getekend te Zwolle op 3 maart 2026.\n"
            "Partijen komen overeen dat zij elk jaar de voortgang bespreken.\n")
    document = Document(id="d3", source="z.md", title="Convenant groen in de wijk", kind="covenant",
                        date="2026-03-03", organisations=(), text=text, sha256=sha256_text(text))
    sentences = analyse_document(document, [Passage("p1", "d3", 0, None, 0, len(text), text)], nlp)
    verdicts = {" ".join(s.text.split())[:12]: never_a_commitment(s) for s in sentences}
    assert verdicts["1. Stichting"] and verdicts["Aldus overee"]
    assert not verdicts["2. De gemeen"] and not verdicts["Partijen kom"]  # a party that acts, named with its signer


def test_the_chair_of_a_debate_makes_no_commitment(nlp: DutchNLP) -> None:
    text = "We gaan volgende week dinsdag stemmen over de ingediende moties."
    document = Document(id="d4", source="h.xml", title="Debat", kind="other", date="2018-03-01", organisations=(),
                        text=text, sha256=sha256_text(text))
    for speaker, refused in (("voorzitter", True), ("minister Ollongren (BZK)", False)):
        passage = Passage("p1", "d4", 0, None, 0, len(text), text, speaker=speaker)
        assert never_a_commitment(analyse_document(document, [passage], nlp)[0]) is refused


def test_role_and_body_subjects_by_their_form(nlp: DutchNLP) -> None:
    # a role noun named by its ending, a coordinated subject, an article between verb and subject
    assert party_clause(nlp.tokens("De subsidiestichting regelt dat het overzicht openbaar is.")) == ("role", "action")
    assert party_clause(nlp.tokens(
        "Het college, de zorgaanbieder en de erkende instelling verstrekken elkaar de gegevens.")) == ("role", "action")
    assert party_clause(nlp.tokens("Daarnaast informeert de corporatie de toezichthouder over de voortgang.")) == (
        "role", "action")
    # a body named by its initials, and a state verb with an obligation
    assert party_clause(nlp.tokens("De Aw beoordeelt elk jaar de plannen.")) == ("role", "action")
    assert party_clause(nlp.tokens("De verhuurders zijn verantwoordelijk voor het onderhoud.")) == ("role", "obliged")
    assert party_clause(nlp.tokens("De prijzen van het materiaal stijgen snel.")) is None


def test_inverted_main_clause_after_a_fronted_part(nlp: DutchNLP) -> None:
    tokens = nlp.tokens("Om de kwaliteit te bewaken, controleert de toezichthouder elk dossier.")
    features = commitment_form_features(tokens, None, past=False, perfect=False, deadline=False)
    assert "party_clause=role_action_present" in features and "party_clause_conditional=action" in features
    plain = commitment_form_features(nlp.tokens("Om die reden, zo zegt men, is het lastig."), None, False, False, False)
    assert not any(f.startswith("party_clause=role") for f in plain)


def test_first_person_clause_read_with_its_tense_negation_and_hedge(nlp: DutchNLP) -> None:
    def read(text: str) -> set[str]:
        return set(commitment_form_features(nlp.tokens(text), None, past=False, perfect=False, deadline=False))

    assert "self_past_clause" in read("Samen met de bewoners bouwden we een nieuwe speeltuin.")
    assert "self_vehicle_clause" not in read("Ik heb de raad vorige week een brief gestuurd.")
    assert "self_vehicle_clause" in read("Ik stuur de raad volgende week een brief.")
    assert "self_negated" in read("Dat zal ik niet doen.")
    assert "self_negated" not in read("Dat zal ik doen.")
    assert "self_attempt" in read("Dat ga ik proberen.")
    assert "self_already" in read("Dat doen we al in elke wijk.")
    assert "self_continue" in read("Wij blijven de wijkavonden organiseren.")
    assert "self_willing" in read("Ik ben bereid om de regeling aan te passen.")
    assert "self_talk" in read("Ik ga even naar de volgende vraag in mijn beantwoording.")


def test_requests_and_named_promises(nlp: DutchNLP) -> None:
    def read(text: str) -> set[str]:
        return set(commitment_form_features(nlp.tokens(text), "member", past=False, perfect=False, deadline=False))

    asked = read("Mevrouw Jansen vroeg of het kabinet de regeling gaat verlengen.")
    assert {"request_other", "request_question"} <= asked
    assert {"request_first", "promise_noun_requested"} <= read("Ik vraag de wethouder een toezegging op dit punt.")
    done = read("Ik dank de wethouder voor haar toezegging om de regeling te verlengen.")
    assert "promise_noun" in done and "promise_noun_requested" not in done


def test_passive_future_and_scheduled_event(nlp: DutchNLP) -> None:
    passive = commitment_form_features(nlp.tokens("De tarieven worden binnenkort aangepast."), None, False, False,
                                       False)
    assert "passive_future" in passive
    told = commitment_form_features(nlp.tokens("De tarieven werden vorig jaar aangepast."), None, True, False, False)
    assert "passive_future" not in told
    scheduled = commitment_form_features(nlp.tokens("De eerste inloopavond vindt plaats op 3 maart."), None, False,
                                         False, True)
    assert "scheduled_with_date" in scheduled


def test_descriptions_of_practice_choice_and_wish(nlp: DutchNLP) -> None:
    def read(text: str) -> set[str]:
        return set(commitment_form_features(nlp.tokens(text), None, past=False, perfect=False, deadline=False))

    assert "habitual" in read("Soms sturen de huurders een klacht naar de beheerder.")
    assert "own_choice" in read("De gemeente bepaalt zelf of zij een loket opent.")
    assert "own_choice" not in read("De gemeente bepaalt het tarief voor 1 mei.")
    assert "wants_that" in read("De fractie wil graag dat het college de regeling verlengt.")
    assert "wants_that" not in read("De fractie wil de regeling verlengen.")


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

