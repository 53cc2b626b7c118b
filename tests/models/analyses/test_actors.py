"""Who a commitment binds, by the form of the text: pronouns, fronted clauses, list lead-ins, passives, motions."""

from __future__ import annotations

import pytest

from models.analyses.actors import commitment_actors
from models.analyses.sentences import AnalysedSentence, analyse_document
from models.commitments import DocumentContext
from models.nlp import DutchNLP
from rodedraad.records import Document, DocumentKind, Passage, sha256_text

CONTRACT = """Overeenkomst groenonderhoud

Artikel 1. Uitvoering

1.1 Opdrachtnemer voert het werk uit volgens het bestek van Opdrachtgever.
1.2 Opdrachtgever betaalt de facturen van Opdrachtnemer binnen dertig dagen; daarna meldt Opdrachtgever de
betaling aan Opdrachtnemer.

Artikel 2. Verzekering

2.1 Opdrachtnemer sluit een passende verzekering af. Hij houdt deze verzekering aan zolang het werk duurt.
Op verzoek stuurt hij direct een overzicht van de verzekering aan Opdrachtgever.
2.2 Als Opdrachtgever zijn rechten wil overdragen, dan garandeert hij dat die partij de afspraken met Opdrachtnemer nakomt.
2.3 Als Partijen een geschil hebben over de uitvoering, dan overleggen zij eerst samen.
"""


@pytest.fixture(scope="module")
def nlp() -> DutchNLP:
    return DutchNLP()


def _sentences(nlp: DutchNLP, text: str, kind: DocumentKind = "covenant", speaker: str | None = None,
               ) -> tuple[list[AnalysedSentence], DocumentContext]:
    document = Document(id="d1", source="x.md", title=text.splitlines()[0], kind=kind, date="2026-02-01",
                        organisations=(), text=text, sha256=sha256_text(text))
    passages = [Passage("p1", "d1", 0, None, 0, len(text), text, speaker)]
    context = DocumentContext.of(document, nlp)
    return analyse_document(document, passages, nlp, context), context


def _actors_of(nlp: DutchNLP, text: str, opening: str, **kwargs: object) -> tuple[str, ...]:
    sentences, context = _sentences(nlp, text, **kwargs)  # type: ignore[arg-type]
    sentence = next(s for s in sentences if opening in s.text)
    return commitment_actors(sentence, context)


@pytest.mark.parametrize(("opening", "actors"), [
    ("Hij houdt deze verzekering", ("Opdrachtnemer",)),  # "hij": the subject of the sentence before
    ("Als Opdrachtgever zijn rechten", ("Opdrachtgever",)),  # "hij": the subject of the fronted clause
    ("Als Partijen een geschil", ("Opdrachtgever", "Opdrachtnemer")),  # "zij": both parties, one by one
    ("Op verzoek stuurt hij", ("Opdrachtnemer",)),  # after the verb; "aan Opdrachtgever" is the addressee
])
def test_a_pronoun_in_a_contract_binds_the_role_it_stands_for(nlp: DutchNLP, opening: str,
                                                              actors: tuple[str, ...]) -> None:
    assert sorted(_actors_of(nlp, CONTRACT, opening)) == sorted(actors)


REGULATION = """Regeling van de Minister van Sociale Zaken en Werkgelegenheid van 3 maart 2026, houdende regels voor subsidie

Artikel 1

De aanvrager vermeldt de kosten. De aanvrager is een gemeente.

Artikel 2

Een aanvraag wordt ingediend bij de Minister met een formulier.

Artikel 3

De subsidieontvanger is verplicht:

a. het project uit te voeren binnen een jaar na de verlening;

b. een verslag te sturen aan de Minister.

Artikel 4

Over de aanvragen wordt beslist in de volgorde van ontvangst.
"""


@pytest.mark.parametrize(("opening", "actors"), [
    ("b. een verslag", ("subsidieontvanger",)),  # a list item binds the subject of its lead-in
    ("Een aanvraag wordt ingediend", ("aanvrager",)),  # the act names its actor
    ("Over de aanvragen wordt beslist", ("Minister van SZW",)),  # the regulation's own authority
])
def test_a_regulation_binds_its_roles_and_its_authority(nlp: DutchNLP, opening: str, actors: tuple[str, ...]) -> None:
    assert _actors_of(nlp, REGULATION, opening, kind="policy_note") == actors


BULLETIN = """DORPSRAAD ELST-NOORD

Nieuwsbrief 7

Gesprek met de wijkagent

De wijkagent Piet Jansen geeft uitleg over zijn werk. Hij meldt dat het bureau in Elst dicht is. Hij wil graag
het aanspreekpunt zijn voor de bewoners.

Woningbouw

De gemeente Elst heeft plannen voor twintig woningen aan de Dijkweg. De Dorpsraad zal tijdig geïnformeerd
worden over de plannen. Zo gauw er meer bekend is, zullen wij de leden informeren.

Overige punten

Controle van de kas volgt nog door de kascommissie.
"""


@pytest.mark.parametrize(("opening", "actors"), [
    ("Hij wil graag", ("wijkagent Piet Jansen",)),  # a chain of "Hij …" leads back to the named person
    ("De Dorpsraad zal tijdig", ("gemeente Elst",)),  # the body that is informed is not the one bound
    ("Zo gauw er meer bekend is", ("Dorpsraad Elst-Noord",)),  # "wij": the bulletin's own body
    ("Controle van de kas", ("kascommissie",)),  # the agent after "door"
])
def test_a_bulletin_binds_who_its_sentences_are_about(nlp: DutchNLP, opening: str, actors: tuple[str, ...]) -> None:
    assert _actors_of(nlp, BULLETIN, opening, kind="other") == actors


def test_a_motion_considers_what_the_cabinet_does_not_what_its_movers_promise(nlp: DutchNLP) -> None:
    text = ("Motie\n\nDe Kamer,\n\ngehoord de beraadslaging,\n\nconstaterende dat in het regeerakkoord geld is "
            "gereserveerd voor mantelzorgers;\n\nverzoekt de regering, dit geld snel in te zetten,\n\n"
            "en gaat over tot de orde van de dag.")
    assert _actors_of(nlp, text, "constaterende dat", kind="other", speaker="SP (Jansen)") == ("kabinet",)


def test_a_clause_one_party_may_invoke_names_both_parties_of_the_agreement(nlp: DutchNLP) -> None:
    from models.analyses.actors import tension_parties

    text = CONTRACT + "\n2.5 Als het werk te laat klaar is, mag Opdrachtgever een korting op de factuur toepassen.\n"
    sentences, context = _sentences(nlp, text)
    sentence = next(s for s in sentences if "korting" in s.text)
    assert sorted(tension_parties(sentence, context)) == ["Opdrachtgever", "Opdrachtnemer"]


def test_tension_parties_of_a_story_are_the_groups_it_names_or_those_of_the_sentence_before(nlp: DutchNLP) -> None:
    from models.analyses.actors import tension_parties

    text = ("Schulden in de wijk\n\nHet werk bestond uit de wijkteams aan de ene kant en de kredietbank aan de "
            "andere kant. Ze spraken nauwelijks met elkaar. De bewoners hebben zorgen over de wachttijd.")
    sentences, context = _sentences(nlp, text, kind="blog")
    quiet = next(s for s in sentences if s.text.startswith("Ze spraken"))
    worried = next(s for s in sentences if s.text.startswith("De bewoners"))
    assert set(tension_parties(quiet, context)) >= {"wijkteams", "kredietbank"}
    assert "bewoners" in tension_parties(worried, context)


def test_a_debate_tension_names_the_speaker_and_the_member_answered_not_the_documents_owner(nlp: DutchNLP) -> None:
    from models.analyses.actors import tension_parties

    text = "Debat zorg\n\nDan de motie van mevrouw Jansen over de wachtlijsten. Die motie ontraad ik."
    sentences, context = _sentences(nlp, text, kind="other", speaker="minister De Vries (VWS)")
    sentence = next(s for s in sentences if "ontraad" in s.text)
    assert tension_parties(sentence, context) == ("minister De Vries (VWS)", "Jansen")


COVENANT = """Convenant Buurtkracht Eikendal 2027–2030

Partijen
– de gemeente Eikendal, vertegenwoordigd door de wethouder, hierna: de gemeente;
– Stichting Buurtwerk Eikendal, vertegenwoordigd door de directeur, hierna: Buurtwerk;
– Stichting Jongerenteams Eikendal, vertegenwoordigd door de bestuurder, hierna: de Jongerenteams;
– Bibliotheek Rivierland, vertegenwoordigd door de directeur.

Artikel 1 Samenwerking

1.1 Buurtwerk, de Jongerenteams en de Bibliotheek werken samen in iedere wijk. De Jongerenteams leveren een
coördinator. Stichting Buurtwerk Eikendal levert een penvoerder. Stichting Jongerenteams Eikendal levert de data.
1.2 Partijen spreken af dat zij vóór 1 juli 2027 samen met de GGD Rivierland een monitor per wijk ontwikkelen.
"""


def test_partijen_of_a_covenant_with_a_party_list_are_its_signatories(nlp: DutchNLP) -> None:
    # "Stichting" opens names and "de Jongerenteams" is a party's short name: neither is a role of the
    # agreement; a place shared with a named partner ("Rivierland") or a plain noun ("per wijk") names no party
    actors = _actors_of(nlp, COVENANT, "1.2 Partijen spreken af")
    assert sorted(actors) == sorted(["gemeente Eikendal", "Stichting Buurtwerk Eikendal",
                                     "Stichting Jongerenteams Eikendal", "Bibliotheek Rivierland"])


PROTOCOL = """Werkafspraken jeugdbescherming Rivierland

Deze werkafspraken gelden tussen de gemeenten en de Gecertificeerde Instelling die een maatregel uitvoert.

De GI verzendt een Startbericht binnen vijf werkdagen na de start van de maatregel.
Indien de GI de beschikking nog niet heeft, zorgt de GI dat die zo snel mogelijk wordt nagestuurd.
Het gebruik van Start- en Stopberichten is volgens de standaard verplicht.
De registerstichting stuurt het jaarverslag voor 1 mei aan de gemeenten.
Tijdens het onderzoek moet de toezichthouder zich een oordeel vormen over de stukken.
Onze Minister stelt jaarlijks de bedragen vast.
Op grond van artikel 25, derde lid, van de Gemeentewet dient de raad de geheimhouding te bekrachtigen.
Deze regeling treedt in werking op de dag na uitgifte van de Staatscourant waarin zij wordt geplaatst.

Tabel 1
BSN
Kennisgeving
Grondslag
"""


@pytest.mark.parametrize(("opening", "expected"), [
    ("De GI verzendt", ("GI",)),  # an acronym the document spells out as a kind of body, with an article
    ("Indien de GI de beschikking", ("GI",)),  # after the fronted clause; the passive is the dat-clause's
    ("De registerstichting stuurt", ("registerstichting",)),  # a compound whose head is a body ("stichting")
    ("Op grond van artikel 25", ("raad",)),  # the subject after a long fronted phrase and its modal verb
    ("Tijdens het onderzoek", ("toezichthouder",)),  # the body a regulation addresses, after a fronted phrase
    ("Onze Minister stelt", ("minister",)),  # a decree's minister ("Onze Minister"), no owner office here
])
def test_the_subject_of_a_protocol_is_its_body_not_a_message_or_the_owner(nlp: DutchNLP, opening: str,
                                                                           expected: tuple[str, ...]) -> None:
    assert _actors_of(nlp, PROTOCOL, opening, kind="other") == expected


@pytest.mark.parametrize("opening", ["Het gebruik van Start", "Deze regeling treedt"])
def test_a_message_a_law_or_a_gazette_is_never_a_party(nlp: DutchNLP, opening: str) -> None:
    actors = _actors_of(nlp, PROTOCOL, opening, kind="other")
    assert not any(word in actor.lower() for actor in actors
                   for word in ("bericht", "staatscourant", "gemeentewet", "\n"))


def test_a_name_never_runs_across_a_line_break() -> None:
    from models.document_context import longer_name

    text = "Het BSN staat in de kop.\nBSN\nKennisgeving\nGrondslag\nBSN\nKennisgeving\nGrondslag\n"
    assert longer_name("BSN", text) is None
    assert longer_name("Woonstede", "Woonstede Lindeveen bouwt. Woonstede Lindeveen huurt.") == "Woonstede Lindeveen"


def test_a_debate_names_each_member_by_their_speaker_label_also_when_addressed_by_surname(nlp: DutchNLP) -> None:
    from models.analyses.actors import debate_offices, tension_parties, with_offices_named

    text = "Debat economie\n\nDe heer Van der Berg zegt dat het niet kan. Dat is niet het geval, dat ontraad ik."
    sentences, context = _sentences(nlp, text, kind="other", speaker="minister Wiersma (EZK)")
    sentence = next(s for s in sentences if "ontraad" in s.text)
    offices = debate_offices(["minister Wiersma (EZK)", "GroenLinks (Van der Berg)", "voorzitter",
                              "VVD (Smit)", "CDA (Smit)"])
    assert with_offices_named(tension_parties(sentence, context), offices) == (
        "minister Wiersma (EZK)", "GroenLinks (Van der Berg)")
    assert offices["minister"] == "minister Wiersma (EZK)" and offices["wiersma"] == "minister Wiersma (EZK)"
    assert "smit" not in offices  # two members share the surname: it names neither
    assert with_offices_named(["de heer Smit", "mevrouw Van der Berg"], offices) == (
        "de heer Smit", "GroenLinks (Van der Berg)")


def test_an_adjective_that_tells_two_bodies_of_one_kind_apart_stays_with_the_noun(nlp: DutchNLP) -> None:
    text = ("Besluit certificering\n\nDe certificerende instelling zendt Onze Minister jaarlijks een verslag. "
            "De gecertificeerde instelling meldt elke wijziging binnen een week.\n")
    assert _actors_of(nlp, text, "De certificerende", kind="policy_note") == ("certificerende instelling",)
    assert _actors_of(nlp, text, "De gecertificeerde", kind="policy_note") == ("gecertificeerde instelling",)


def test_a_passive_with_an_insertion_between_commas_still_names_the_actor_its_act_names(nlp: DutchNLP) -> None:
    text = ("Regeling subsidie buurthuizen\n\nDe aanvrager is een stichting. De aanvrager vermeldt de kosten. "
            "Een aanvraag, vergezeld van een begroting, wordt ingediend bij de gemeente.\n")
    assert _actors_of(nlp, text, "Een aanvraag, vergezeld", kind="policy_note") == ("aanvrager",)


DECREE = """Besluit zorg in de wijk

Artikel 3
1. Indien een melding via een gemeentelijk systeem wordt gedaan, draagt het college zorg voor een veilige aansluiting.
2. Ter uitvoering van de taken, bedoeld in artikel 2, draagt het college zorg voor voldoende aanbod.
3. De vergoeding voor de behandeling van de aanvraag is de aanvrager verschuldigd aan de stichting.
4. De inspectie beoordeelt de opzet van het toezicht en informeert de corporatie over de uitkomst.
"""


@pytest.mark.parametrize(("opening", "expected"), [
    ("Indien een melding", ("college",)),  # the finite verb comes first after the fronted clause: then the subject
    ("Ter uitvoering", ("college",)),  # past a participle that opens an insertion ("…, bedoeld in …")
    ("De vergoeding", ("aanvrager",)),  # the subject right after the finite verb
    ("De inspectie beoordeelt", ("inspectie",)),  # the object after a second verb binds nobody
])
def test_the_subject_after_the_finite_verb_of_a_clause_that_opens_with_something_else(
        nlp: DutchNLP, opening: str, expected: tuple[str, ...]) -> None:
    assert _actors_of(nlp, DECREE, opening, kind="policy_note") == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("De corporaties houden zich aan de afspraken over de huurverhoging.", ("corporaties",)),
    ("De Duitse regering heeft in haar regeerakkoord een verbod opgenomen.", ("Duitse regering",)),
    ("De partijen blijven gecommitteerd aan de onderhandelingen.", ("partijen",)),
])
def test_in_a_debate_a_third_party_that_opens_the_clause_is_bound_not_the_speaker(
        nlp: DutchNLP, sentence: str, expected: tuple[str, ...]) -> None:
    text = f"Debat wonen\n\n{sentence} Dat zeg ik u toe.\n"
    assert _actors_of(nlp, text, sentence[:12], kind="other", speaker="minister Wiersma (BZK)") == expected
    assert _actors_of(nlp, text, "Dat zeg ik", kind="other", speaker="minister Wiersma (BZK)") == (
        "minister Wiersma (BZK)",)


def test_er_in_a_subordinate_clause_makes_no_impersonal_main_clause(nlp: DutchNLP) -> None:
    text = ("Protocol berichten\n\nStichting Zorgpunt Lindeveen beheert de standaard. Stichting Zorgpunt Lindeveen "
            "publiceert elke wijziging. De GGD Lindeveen levert de gegevens aan. De gemeente verstuurt een "
            "antwoordbericht indien er onderzoek nodig is.\n")
    assert _actors_of(nlp, text, "De gemeente verstuurt", kind="other") == ("gemeente",)


def test_a_principle_is_never_a_party(nlp: DutchNLP) -> None:
    text = ("Afspraken woonplaats\n\nHet Woonplaatsbeginsel bepaalt welke gemeente betaalt. De gemeente volgt het "
            "Woonplaatsbeginsel. Na een verhuizing vindt er een warme overdracht plaats volgens het Woonplaatsbeginsel.\n")
    assert "Woonplaatsbeginsel" not in _actors_of(nlp, text, "Na een verhuizing", kind="other")


def test_a_passive_act_names_its_actor_when_the_document_speaks_of_one_even_once(nlp: DutchNLP) -> None:
    text = ("Besluit certificaten\n\nDe aanvraag voor een certificaat wordt ingediend bij de certificerende instelling. "
            "De vergoeding is de aanvrager verschuldigd.\n")
    assert _actors_of(nlp, text, "De aanvraag voor", kind="policy_note") == ("aanvrager",)


@pytest.mark.parametrize(("sentence", "expected"), [
    ("De minister zegt: wij gaan de omvang onderzoeken.", "minister"),  # the first person speaks in the report
    ("De minister heeft aangegeven dat wij de regeling aanpassen.", "minister"),
    ("De minister en ik hebben afgesproken dat wij de regeling aanpassen.", "VVD (Smit)"),  # the member is one
])
def test_a_member_retelling_what_the_minister_said_binds_the_minister(nlp: DutchNLP, sentence: str,
                                                                     expected: str) -> None:
    text = f"Debat zorg\n\n{sentence}\n"
    assert _actors_of(nlp, text, sentence[:20], kind="other", speaker="VVD (Smit)") == (expected,)


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Ik dank de minister voor haar toezegging om ons voor de zomer een brief te sturen.", "minister"),
    ("Dat sluit aan bij de toezegging die de staatssecretaris deed om de regeling te evalueren.", "staatssecretaris"),
    ("Mijn vraag is of die toezegging van toen nog steeds geldt.", "VVD (Smit)"),  # whose promise is not said
    ("Ik hoor graag een toezegging van de minister en de staatssecretaris.", "VVD (Smit)"),  # two: not told
])
def test_a_member_retelling_the_governments_promise_binds_the_office_that_made_it(
        nlp: DutchNLP, sentence: str, expected: str) -> None:
    text = f"Debat zorg\n\n{sentence}\n"
    assert _actors_of(nlp, text, sentence[:20], kind="other", speaker="VVD (Smit)") == (expected,)


def test_a_minister_retelling_a_promise_binds_the_minister_who_speaks(nlp: DutchNLP) -> None:
    text = "Debat zorg\n\nIk heb de Kamer toegezegd dat ik voor de zomer een brief stuur.\n"
    assert _actors_of(nlp, text, "Ik heb de Kamer", kind="other", speaker="minister Wiersma (BZK)") == (
        "minister Wiersma (BZK)",)


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Deze besluiten hebben de partners vorige maand genomen.", ("partners",)),  # a fronted object, verb second
    ("De uitvoeringsinstanties bereiden zich voor op de nieuwe taken.", ("uitvoeringsinstanties",)),
])
def test_partners_and_bodies_that_carry_out_policy_are_parties(nlp: DutchNLP, sentence: str,
                                                               expected: tuple[str, ...]) -> None:
    text = f"Samenwerking in de wijk\n\n{sentence}\n"
    assert _actors_of(nlp, text, sentence[:12], kind="blog") == expected


def test_the_verb_agrees_with_its_subject_so_a_plural_after_a_singular_verb_is_its_object(nlp: DutchNLP) -> None:
    text = ("Beleidsregels toezicht\n\nDe Autoriteit toetst de corporaties jaarlijks. De Aw blijft deze corporaties "
            "toetsen op hun financiële positie.\n")
    assert _actors_of(nlp, text, "De Aw blijft", kind="policy_note") == ("Aw",)


def test_a_door_after_a_verbal_noun_names_who_does_that_act_not_the_passives_agent(nlp: DutchNLP) -> None:
    text = ("Besluit gegevens\n\nArtikel 7\n1. Bij regeling van Onze Minister wordt voor het verstrekken van de "
            "gegevens door de instanties bepaald welke gegevens worden verstrekt.\n")
    assert "instanties" not in _actors_of(nlp, text, "1. Bij regeling", kind="policy_note")


def test_a_norm_that_rules_what_a_party_does_binds_the_party_of_its_dat_clause(nlp: DutchNLP) -> None:
    text = ("Regeling standaarden\n\nIn artikel 4 van de Regeling zorg wordt geregeld dat ten aanzien van de "
            "administratieve processen het college zorg draagt voor het gebruik van de standaarden.\n")
    assert _actors_of(nlp, text, "In artikel 4", kind="policy_note") == ("college",)


def test_a_norm_whose_dat_clause_opens_with_a_condition_binds_not_the_party_of_the_condition(nlp: DutchNLP) -> None:
    text = ("Toelichting\n\nDit artikel bepaalt dat als een jeugdhulpaanbieder eerder wil beginnen, de aanbieder "
            "daarvoor de voorwaarden moet organiseren.\n")
    assert "jeugdhulpaanbieder" not in _actors_of(nlp, text, "Dit artikel bepaalt", kind="policy_note")


def test_a_name_the_party_list_gives_a_block_of_parties_binds_them_all(nlp: DutchNLP) -> None:
    text = ("Samenwerkingsovereenkomst\n\nDE ONDERGETEKENDEN:\na) Gemeente Aalsum, rechtsgeldig vertegenwoordigd door "
            "de heer P. de Boer;\nb) Gemeente Ommerveld, rechtsgeldig vertegenwoordigd door mevrouw K. Smit;\nhierna "
            "gezamenlijk aan te duiden als \"de gemeenten\"\n\nArtikel 1\nDe gemeenten stellen voor 1 april 2027 een "
            "inkoopplan vast.\n")
    assert _actors_of(nlp, text, "De gemeenten stellen", kind="covenant") == ("gemeente Aalsum", "gemeente Ommerveld")


def test_the_provider_a_contract_buys_from_is_a_party(nlp: DutchNLP) -> None:
    text = "Koepelovereenkomst\n\nArtikel 3\nDe Dienstverlener levert de ondersteuning binnen vijf werkdagen.\n"
    assert _actors_of(nlp, text, "De Dienstverlener", kind="covenant") == ("Dienstverlener",)
