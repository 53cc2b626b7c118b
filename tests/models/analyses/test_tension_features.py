"""Tension cue features by form (made-up Dutch sentences)."""

from __future__ import annotations

import re

import pytest

from models.analyses.extract import never_a_tension, tension_by_definition
from models.analyses.sentences import AnalysedSentence, analyse_document
from models.analyses.tension_features import dispute_route, tension_features
from models.commitments import DocumentContext
from models.nlp import DutchNLP
from rodedraad.records import Document, Passage, sha256_text


def _features(text: str) -> set[str]:
    return set(tension_features(text, re.findall(r"\w+", text.lower())))


def _by_definition(nlp: DutchNLP, text: str, kind: str) -> list[str]:
    """The sentences of a made-up one-passage document that tension_by_definition takes."""
    document = Document(id="d1", source="x.md", title=text.splitlines()[0], kind=kind,  # type: ignore[arg-type]
                        date="2026-01-01", organisations=(), text=text, sha256=sha256_text(text))
    return _taken(nlp, document, [Passage("p1", "d1", 0, None, 0, len(text), text)])


def _taken(nlp: DutchNLP, document: Document, passages: list[Passage]) -> list[str]:
    context = DocumentContext.of(document, nlp)
    return [s.text.strip() for s in analyse_document(document, passages, nlp, context)
            if tension_by_definition(s, context)]


@pytest.mark.parametrize(("text", "group"), [
    ("De ouders maken zich zorgen over de wachtlijsten bij de jeugdzorg.", "t_worry"),
    ("Wij zijn terughoudend met een nieuwe landelijke norm.", "t_reluctance"),
    ("Hier knelt de regel met de praktijk van de wijkteams.", "t_friction"),
    ("Dat gaat ten koste van de kleine aanbieders.", "t_friction"),
    ("Het is zeer de vraag of dit de inwoners helpt.", "t_doubt"),
    ("Deze motie voegt niets toe aan wat het college al doet.", "t_dismissal"),
    ("Uit de cijfers blijkt wel degelijk dat het werkt.", "t_contradiction"),
    ("Dan mag de gemeente de extra kosten verhalen op de leverancier.", "t_shift"),
    ("Het college kan de subsidie intrekken als de vereniging de regels niet naleeft.", "t_power"),
    ("De provincie brengt de kosten van het onderzoek in rekening bij de waterschappen.", "t_power"),
    ("Alleen de verhuurder mag het contract verlengen.", "t_power"),
    ("De huurders weigeren de nieuwe servicekosten te betalen.", "t_opposition"),
    ("Er is veel weerstand tegen de fusie van de twee scholen.", "t_opposition"),
    ("Wij zijn het zeker niet met de wethouder eens over het tempo.", "t_friction"),
    ("De maatregelen van het bestuur zijn veel te vrijblijvend.", "t_excess"),
    ("Een landelijke norm voor de wachttijd komt er voorlopig niet.", "t_hedge_answer"),
    ("Daar ben ik geen voorstander van.", "t_hedge_answer"),
    ("Sommige wethouders kijken vooral naar hun eigen gemeente.", "t_own_vs_collective"),
    ("Het geld wordt overgeheveld van de wijkteams naar de regio.", "t_money_moved"),
    ("Dat onderschrijf ik niet.", "t_dismissal"),
    ("Ik begrijp niet goed waarom de raad dit zo wil.", "t_doubt"),
    ("De voorzitter doet alsof er niets aan de hand is.", "t_contradiction"),
    ("De bewoners zijn hoogst ontevreden over de nieuwe dienstregeling.", "t_grievance"),
    # the words of news and council reports
    ("De schoolbesturen reageerden gepikeerd op het plan van de gedeputeerde.", "t_grievance"),
    ("De huurders voelen zich geschoffeerd door de brief van de corporatie.", "t_grievance"),
    ("Het bestuur zet de vereniging met de rug tegen de muur.", "t_grievance"),
    ("Bij de fractie roept het nieuwe parkeerbeleid vragen op.", "t_doubt"),
    ("Alle fracties hadden het moeilijk met de keuze tussen de twee locaties.", "t_reluctance"),
    ("Over de hoogte van de huren was veel discussie.", "t_friction"),
    ("Bij de stemming bleek de tegenstelling tussen stad en dorpen groot.", "t_friction"),
    ("In grote meerderheid werd het voorstel van het bestuur afgekeurd.", "t_opposition"),
    ("De oppositie diende een motie van wantrouwen in.", "t_opposition"),
    ("Het budget voor de bibliotheken is volstrekt ontoereikend.", "t_deficit"),
])
def test_each_form_of_tension_is_one_group(text: str, group: str) -> None:
    assert group in _features(text)


def test_a_plain_sentence_carries_no_tension_group() -> None:
    found = _features("De gemeente organiseert in maart een bijeenkomst voor bewoners.")
    assert not {f for f in found if f.startswith("t_") and f != "t_recital_plain"}


def test_the_same_words_without_a_collision_carry_no_group() -> None:
    """A declaration rejected by procedure and a contrast of wording name no party set against another."""
    assert "t_opposition" not in _features("Een declaratie die is afgekeurd, stuurt de aanbieder opnieuw in.")
    assert "t_friction" not in _features("In tegenstelling tot vorig jaar opent de bibliotheek op zondag.")
    assert "t_friction" not in _features("Een andere discussie gaat over de openingstijden.")
    assert "t_reluctance" not in _features("De kosten worden gedekt uit de reserve sociaal domein.")
    assert "t_reluctance" in _features("Dat gesprek ga ik aan, maar wel met de nodige reserves.")


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


def test_clauses_shifting_money_or_say_between_the_parties_are_tensions_by_form(nlp: DutchNLP) -> None:
    assert _by_definition(nlp, _AGREEMENT, "covenant") == [
        "Als Opdrachtnemer een ronde overslaat, dan mag Opdrachtgever de kosten van een ander bedrijf verhalen.",
        "Als Partijen het na overleg niet eens worden, dan mag elke partij de overeenkomst opzeggen.",
        "Beëindiging volgens dit artikel geeft geen recht op schadevergoeding.",
    ]


_COUNCIL_NEWS = """Raad stemt in met sluiting van het dorpshuis

Ondanks flink protest van de inwoners stemde de raad in met de sluiting.
De verenigingen voelden zich door het besluit overvallen.
Het voorstel viel bij de dorpsraad bepaald niet in goede aarde.
De huurders hebben bezwaar aangetekend bij de rechtbank.
De bezoekers zijn boos op de wethouder.
Is de wethouder boos?
De wethouder opent het nieuwe dorpshuis in mei.
"""


def test_a_party_s_outspoken_grievance_or_protest_is_a_tension_by_form_but_not_a_question(nlp: DutchNLP) -> None:
    assert _by_definition(nlp, _COUNCIL_NEWS, "blog") == _COUNCIL_NEWS.splitlines()[2:7]


_DISSENT_NEWS = """Raad verwerpt plan voor de wijkbus

Het CDA betwijfelt of de wijkbus de dorpen helpt.
Andere partijen zien niets in de veranderingen.
De omwonenden zien dat anders.
De fractie riep de wethouder ter verantwoording.
Het plan is zonder enige vorm van overleg met de dorpsraad gemaakt.
Hierop heeft de gemeente tot op heden nog niet gereageerd.
De motie werd verworpen door de collegepartijen.
De VVD was als enige fractie tegen voortzetting van de regeling.
Een meerderheid van de raad dacht hier anders over.
De gedeputeerde legt de motie naast zich neer.
De wethouder heeft er moeite mee.
De fractie keerde zich tegen het voorstel van het college.
De directeur hekelt de toon van het coalitieakkoord.
Hij verwijt het college een gebrek aan visie.
De aanbieders waren het oneens met het tarief van de gemeente.
De zorgaanbieders daagden de zorgkantoren voor de rechter.
Het raadslid van de oppositie ging hier fel tegenin.
Het college gaat daarmee tegen de afspraken met de raad in.
We zijn absoluut tegen meer windmolens op land.
Zij meldde dat de meeste gemeenten tegen deze nieuwe maatregel zijn.
De provincie is geen voorstander van een nieuwe weg.
De tegenstanders van het plan verzamelden handtekeningen.
Lang niet iedere partij is blij met dat voornemen.
'De bewoners zijn het oneens met de gemeente', zegt de voorzitter.
Ik ben het daar niet mee oneens.
Wij zijn niet alleen blij met het plan.
De woningen zijn goed beschermd tegen de kou.
Wanneer een huurder niet heeft gereageerd, stuurt de corporatie een herinnering.
Wij laten zien dat het ook anders kan.
Vraagt de wethouder zich af of het plan werkt?
"""


def test_a_party_s_open_dissent_is_a_tension_by_form_but_not_under_a_condition_or_in_a_question(
        nlp: DutchNLP) -> None:
    assert _by_definition(nlp, _DISSENT_NEWS, "blog") == _DISSENT_NEWS.splitlines()[2:26]


def test_the_anchor_words_let_every_dissent_and_grievance_form_through() -> None:
    from models.analyses.extract import _DISSENT, _OUTSPOKEN, dissent_match, outspoken_match

    for line in (_DISSENT_NEWS + _COUNCIL_NEWS).splitlines():
        assert bool(dissent_match(line)) == bool(_DISSENT.search(line)), line
        assert bool(outspoken_match(line)) == bool(_OUTSPOKEN.search(line)), line
    assert sum(bool(dissent_match(line)) for line in _DISSENT_NEWS.splitlines()) == 25  # with the conditioned one


def test_a_minister_rejecting_a_motion_is_a_tension_and_the_chair_summing_up_is_not(nlp: DutchNLP) -> None:
    minister, chair = "Die motie over de wijkbussen ontraad ik.", "Dan is die ontraden."
    text = f"{minister}\n{chair}\n"
    document = Document(id="d1", source="x.xml", title="Debat", kind="other", date="2026-01-01", organisations=(),
                        text=text, sha256=sha256_text(text))
    cut = len(minister) + 1
    passages = [Passage("p1", "d1", 0, None, 0, cut, text[:cut], speaker="minister Jansen (BZK)"),
                Passage("p2", "d1", 1, None, cut, len(text), text[cut:], speaker="voorzitter")]
    assert _taken(nlp, document, passages) == [minister]


def test_a_recital_that_only_reports_is_told_apart_from_one_that_states_a_problem() -> None:
    report = _features("constaterende dat de inspectie stelt dat het toezicht beter kan;")
    assert "t_recital_report" in report
    problem = _features("overwegende dat de lange wachttijden een bedreiging vormen voor kwetsbare ouderen;")
    assert "t_recital_report" not in problem
    assert "t_recital_consequence" in problem


def test_a_contrast_followed_by_a_negation_is_marked() -> None:
    assert "t_contrast_negated" in _features("Het plan klinkt goed, maar het lost de wachtlijsten niet op.")
    assert "t_contrast_negated" not in _features("Het plan klinkt goed en het lost de wachtlijsten op.")


def test_a_short_denial_and_a_pressing_question_are_debate_forms() -> None:
    assert "t_short_denial" in _features("Nee, dat is echt niet zo.")
    assert "t_short_denial" not in _features("Dat is een goed idee.")
    assert "t_short_denial" not in _features("Dat is niet zo, want de regeling die het college vorig jaar heeft "
                                             "ingesteld geldt voor alle inwoners van de gemeente.")
    assert "t_pressing_question" in _features("Dat kan toch niet de bedoeling zijn?")
    assert "t_pressing_question" not in _features("Wanneer komt de brief naar de Kamer?")


def test_another_speaker_counts_only_with_a_conflict_mark() -> None:
    assert "t_other_speaker_marked" in _features("De heer Jansen zegt het, maar het klopt niet.")
    assert "t_other_speaker_marked" not in _features("Mevrouw De Vries vroeg naar de planning.")


def test_a_plain_procedural_line_or_list_item_is_marked_plain() -> None:
    assert "t_procedure_plain" in _features("Ik ga de amendementen in volgorde van indienen langs.")
    assert "t_procedure_plain" not in _features("Die motie ontraad ik.")
    assert "t_item_plain" in _features("b. de kosten van de inrichting van een ruimte;")
    assert "t_item_plain" not in _features("b. de aanbieder is aansprakelijk voor de schade;")


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


def test_a_statement_naming_the_conflict_is_a_tension_and_a_question_or_a_grid_voltage_is_not(nlp: DutchNLP) -> None:
    text = ("Er is spanning tussen de wens om snel te bouwen en de huurprijzen van de corporatie.\n"
            "De wijkteams en de zorgkantoren hebben tegengestelde belangen bij de indicatie.\n"
            "Hoe ga je om met tegengestelde belangen van de partners?\n"
            "De spanning in het net van de wijk loopt in de winter op.\n")
    assert _by_definition(nlp, text, "policy_note") == text.splitlines()[:2]


def test_a_council_passed_by_its_executive_is_an_opposition_of_roles() -> None:
    text = "Daarmee gaat het college volledig voorbij aan de kaderstellende rol van de raad."
    features = tension_features(text, [word.strip(".").lower() for word in text.split()])
    assert "t_opposition" in features and "t_roles_opposed" in features
    plain = "Het college informeert de raad jaarlijks over de voortgang."
    assert "t_roles_opposed" not in tension_features(plain, [word.strip(".").lower() for word in plain.split()])
