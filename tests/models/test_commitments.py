"""The commitment rules (models/commitments.py): cues, subjects, separable verbs, negation, deadlines, and the
hard negatives. They give the learned layer its cue features and the fields; the layer itself is tested in
tests/models/analyses/."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.commitments import DocumentContext, analyse_sentence, extract_rule_commitments
from models.nlp import DutchNLP
from rodedraad.records import Document, Passage, sha256_text

COVENANT = """Convenant Schuldhulp Dalfsen-Oost

Ondertekend op 1 februari 2026 te Dalfsen

Partijen

1. De gemeente Dalfsen, vertegenwoordigd door de wethouder, hierna: de gemeente;
2. Woonbron Dalfsen, hierna: Woonbron;
3. Stichting Humanitas Vechtdal, hierna: Humanitas;
4. Adviesraad Sociaal Domein Dalfsen, hierna: de Adviesraad.

De Adviesraad ondertekent als adviserende partij en gaat geen eigen verplichtingen aan.

Artikel 1 Afspraken

Partijen verplichten zich om vóór 1 juli 2026 een gezamenlijk werkplan op te stellen.
Woonbron zegt toe om huurachterstanden binnen vijf werkdagen door te geven.
De gemeente zal in 2027 geen nieuwe aanbieders contracteren.
Humanitas zet vanaf 2026 twintig vrijwilligers in.
Partijen streven ernaar dat in 2028 de helft van de inwoners bereikt wordt.
"""


@pytest.fixture(scope="module")
def nlp() -> DutchNLP:
    return DutchNLP()


def _document(text: str, kind: str = "covenant", date: str | None = "2026-02-01", source: str = "x.md") -> Document:
    return Document(id="d1", source=source, title=text.splitlines()[0], kind=kind, date=date,  # type: ignore[arg-type]
                    organisations=(), text=text, sha256=sha256_text(text))


def _commitments(nlp: DutchNLP, text: str, **kwargs: str) -> dict[str, object]:
    document = _document(text, **kwargs)
    passage = Passage(id="d1-0000", doc_id="d1", ordinal=0, page=None, start=0, end=len(text), text=text)
    return {item.commitment.sentence[:30]: item for item in extract_rule_commitments(document, [passage], nlp)}


def test_covenant_commitments_with_actors_deadlines_strength(nlp: DutchNLP) -> None:
    found = _commitments(nlp, COVENANT)
    plan = found["Partijen verplichten zich om v"]
    assert plan.commitment.strength == "binding" and plan.commitment.deadline == "2026-07-01"  # type: ignore[attr-defined]
    # "partijen" are the signatories, without the advisory party that takes on no obligations
    assert set(plan.commitment.actors) == {"gemeente Dalfsen", "Woonbron Dalfsen", "Stichting Humanitas Vechtdal"}  # type: ignore[attr-defined]
    pledge = found["Woonbron zegt toe om huurachte"]
    assert pledge.commitment.actors == ("Woonbron Dalfsen",) and pledge.commitment.strength == "binding"  # type: ignore[attr-defined]
    assert pledge.commitment.modality == "zeggen toe" and pledge.commitment.deadline == "P5D"  # type: ignore[attr-defined]
    refusal = found["De gemeente zal in 2027 geen n"]
    assert refusal.negated and refusal.commitment.actors == ("gemeente Dalfsen",)  # type: ignore[attr-defined]
    assert refusal.commitment.strength == "intention" and refusal.commitment.deadline == "2027"  # type: ignore[attr-defined]
    assert found["Humanitas zet vanaf 2026 twint"].commitment.actors == ("Stichting Humanitas Vechtdal",)  # type: ignore[attr-defined]
    assert found["Partijen streven ernaar dat in"].commitment.strength == "aspiration"  # type: ignore[attr-defined]
    assert not any(key.startswith("De Adviesraad") for key in found)


POLICY = "Beleidsnota Zorg Dalfsen 2026\n\nHet college van de gemeente Dalfsen legt dit voor aan de gemeenteraad.\n"


@pytest.mark.parametrize(
    ("sentence", "strength", "actor"),
    [
        ("Wij gaan per 1 januari 2027 over op één budget voor alle wijkteams.", "intention", "gemeente Dalfsen"),
        ("In 2026 breiden wij het aantal wijkcoaches uit.", "intention", "gemeente Dalfsen"),
        ("Het college zal de raad vóór 1 april 2027 informeren.", "intention", "gemeente Dalfsen"),
        ("De gemeente spreekt met de zorgaanbieders af dat de wachttijd daalt.", "binding", "gemeente Dalfsen"),
        ("Wij hebben met de GGD afgesproken dat wij elk kwartaal rapporteren.", "binding", "gemeente Dalfsen"),
        ("De gemeente streeft ernaar de wachtlijsten in 2028 te halveren.", "aspiration", "gemeente Dalfsen"),
        ("Het college is voornemens de regeling per 1 juli 2026 te vereenvoudigen.", "intention", "gemeente Dalfsen"),
    ],
)
def test_policy_commitments(nlp: DutchNLP, sentence: str, strength: str, actor: str) -> None:
    context = DocumentContext.of(_document(POLICY + sentence, kind="policy_note", date="2025-12-01"), nlp)
    verdict = analyse_sentence(sentence, nlp.tokens(sentence), context)
    assert verdict.is_commitment, verdict.reason
    assert verdict.strength == strength and actor in verdict.actors


@pytest.mark.parametrize(
    "sentence",
    [
        "Kunnen we de wachttijden oplossen door meer geld beschikbaar te stellen?",  # question
        "Als je hulp nodig hebt, moet je eerst bij het wijkteam aankloppen.",  # advice
        "De gemeente zou kunnen overwegen de regels te versoepelen.",  # hypothetical
        "Stel dat de verzekeraar zou meebetalen aan de ontmoetingsruimte.",  # hypothetical
        "In 2023 spraken de gemeente en de stichting af dat er elke week overleg zou zijn.",  # past
        "In 2024 verstrekte de gemeente zestien subsidies aan negen organisaties.",  # past
        "In 2024 meldden zich bij de gemeente ruim 600 huishoudens met schulden.",  # past plural of a d-stem
        "In 2024 besteedden de gemeenten samen 3 miljoen euro aan armoedebeleid.",  # the same, long vowel
        "Het college verwacht dat eind 2026 honderd woningen klaar zijn.",  # forecast
        "Ik roep gemeenten en verzekeraars op om de regels te schrappen.",  # appeal
        "Wij vragen de gemeenteraad om te kiezen voor een subsidie.",  # appeal
        "Onder mantelzorg wordt verstaan: langdurige zorg voor een naaste.",  # definition
        "Dit convenant is niet in rechte afdwingbaar.",  # legal status
        "“De gemeente moet eerst met de bewoners praten,” zegt de voorzitter.",  # quote
        "De vos beloofde de kraai dat hij nooit meer zou stelen.",  # fable, past
        "Het gaat om mensen die zorg nodig hebben.",  # "gaan" without a future action
        "Wat wij gaan doen",  # heading
    ],
)
def test_hard_negatives(nlp: DutchNLP, sentence: str) -> None:
    context = DocumentContext.of(_document(POLICY + sentence, kind="policy_note", date="2025-12-01"), nlp)
    verdict = analyse_sentence(sentence, nlp.tokens(sentence), context)
    assert not verdict.is_commitment, (sentence, verdict)


def test_separable_verb_and_inverted_subject(nlp: DutchNLP) -> None:
    context = DocumentContext.of(_document(COVENANT), nlp)
    sentence = "Met ingang van 1 maart 2026 neemt de gemeente het initiatief om een overleg te starten."
    verdict = analyse_sentence(sentence, nlp.tokens(sentence), context)
    assert verdict.is_commitment and verdict.actors == ("gemeente Dalfsen",)
    assert verdict.deadline is not None and verdict.deadline.value == "2026-03-01"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from(list("abcdeéë zal gaan niet 2027 Partijen.,?“”")), max_size=120))
def test_never_crashes_and_cites_its_sentence(nlp: DutchNLP, text: str) -> None:
    found = _commitments(nlp, "Titel\n\n" + text)
    for item in found.values():
        assert item.commitment.sentence  # type: ignore[attr-defined]
        assert item.commitment.strength in {"binding", "intention", "aspiration"}  # type: ignore[attr-defined]


def _shared() -> Path | None:
    path = Path(os.environ.get("RODEDRAAD_SHARED", Path(__file__).resolve().parents[2] / ".." / "shared"))
    return path if path.is_dir() else None


def test_seed_covenant_found_and_fables_rejected(nlp: DutchNLP) -> None:
    shared = _shared()
    if shared is None:
        pytest.skip("the shared folder with real documents is not next to this clone")
    from ingest.pipeline import parse_file

    path = shared / "seeds" / "000_c26439cdb21030a3.txt"
    _, parsed = parse_file(path, source="seeds/000.txt")
    found = []
    for item in parsed:
        document = item.document
        found.extend(extract_rule_commitments(document, item.passages, nlp))
    start_dates = [f for f in found if f.commitment.deadline == "2017-10-01"]
    assert start_dates and "Samen Noord" in start_dates[0].commitment.actors
    raw = path.read_bytes().decode("utf-8")
    fable = raw[raw.index("Cherokee"):]
    assert not any(f.commitment.sentence[:40] in fable for f in found)


# --- actors: party lists, groups, roles, partners, fronted objects ------------------------------------------


def _actors(nlp: DutchNLP, text: str, start: str, **kwargs: str) -> set[str]:
    found = _commitments(nlp, text, **kwargs)
    item = next(value for key, value in found.items() if key.startswith(start))
    return set(item.commitment.actors)  # type: ignore[attr-defined]


AGREEMENT = """Samenwerkingsafspraken Jeugd Vechtdal 2026–2028

Partijen

Deze afspraken zijn gemaakt door de gemeenten Dalfsen en Ommen (hierna: de gemeenten), Stichting Kindkracht als
aanbieder van jeugdhulp, de GGD IJsselland en de Huisartsenkring Vechtdal.

Artikel 1

Partijen richten vóór 1 mei 2026 een wachtlijstdashboard in.
Stichting Kindkracht zal in 2026 een spreekuur openen, in samenwerking met de GGD IJsselland en de Huisartsenkring Vechtdal.
Partijen verplichten zich om vóór 1 oktober 2026 een werkplan bij de gemeenten in te dienen.
"""


def test_parties_named_in_one_sentence_and_partners_in_a_list(nlp: DutchNLP) -> None:
    everyone = {"gemeente Dalfsen", "gemeente Ommen", "Stichting Kindkracht", "GGD IJsselland", "Huisartsenkring Vechtdal"}
    assert _actors(nlp, AGREEMENT, "Partijen richten") == everyone
    assert _actors(nlp, AGREEMENT, "Stichting Kindkracht zal") == {
        "Stichting Kindkracht", "GGD IJsselland", "Huisartsenkring Vechtdal"
    }
    # the plan goes to the municipalities: they receive it, they do not bind themselves to hand it in
    assert _actors(nlp, AGREEMENT, "Partijen verplichten") == everyone - {"gemeente Dalfsen", "gemeente Ommen"}


GROUPS = """Convenant Welzijn Ommen 2027–2030

Partijen

- de gemeente Ommen, hierna: de gemeente;
- Stichting Welzijn Ommen, hierna: Welzijn Ommen;
- Vrijwilligerscentrale Ommen;
- Bibliotheek Vechtdal.

Welzijn Ommen, de Vrijwilligerscentrale en de Bibliotheek worden hierna samen aangeduid als het netwerk.

Artikel 1

Partijen vormen een stuurgroep, bestaande uit hun bestuurders.
De organisaties in het netwerk zullen geen afzonderlijke subsidies meer aanvragen.
De stuurgroep brengt jaarlijks vóór 1 april verslag uit aan de gemeenteraad.
"""


def test_group_names_stand_for_their_members(nlp: DutchNLP) -> None:
    members = {"Stichting Welzijn Ommen", "Vrijwilligerscentrale Ommen", "Bibliotheek Vechtdal"}
    assert _actors(nlp, GROUPS, "De organisaties in het netwerk") == members
    assert _actors(nlp, GROUPS, "De stuurgroep brengt") == members | {"gemeente Ommen"}


def test_fronted_object_leaves_the_subject_after_the_verb(nlp: DutchNLP) -> None:
    text = ("Evaluatie wijkteams\n\nDe gemeente Ommen laat de wijkteams evalueren. Het advies om het budget van de "
            "wijkteams te verhogen, neemt het college niet over.\n")
    assert _actors(nlp, text, "Het advies om", kind="policy_note") == {"gemeente Ommen"}


def test_role_noun_is_the_latest_organisation_of_its_kind(nlp: DutchNLP) -> None:
    text = ("Evaluatie\n\nStichting Welzijn Ommen en Stichting Buurtwerk Ommen werken samen. De gemeente en Stichting "
            "Buurtwerk Ommen spreken af dat er een vast overleg komt. De stichting stelt in het tweede kwartaal van "
            "2026 een privacyfunctionaris aan.\n")
    assert _actors(nlp, text, "De stichting stelt", kind="policy_note") == {"Stichting Buurtwerk Ommen"}


def test_blog_speaks_for_the_author_organisation(nlp: DutchNLP) -> None:
    text = ("Waarom wij stoppen met de inloop\n\n*Blog van Anna de Vries, directeur van Buurtzorg Ommen*\n\n"
            "Wij gaan per 1 september 2026 een nieuwe inloop openen in het dorpshuis.\n")
    assert _actors(nlp, text, "Wij gaan per", kind="blog", source="blog.md") == {"Buurtzorg Ommen"}


def test_second_clause_with_its_own_party(nlp: DutchNLP) -> None:
    text = ("Convenant\n\nPartijen\n\n1. Stichting Welzijn Ommen, hierna: Welzijn Ommen;\n2. Woonbron Ommen, hierna: "
            "Woonbron.\n\nArtikel 1\n\nWelzijn Ommen gaat in 2026 een huiskamer openen; Woonbron stelt daarvoor "
            "kosteloos een ruimte beschikbaar.\n")
    assert _actors(nlp, text, "Welzijn Ommen gaat") == {"Stichting Welzijn Ommen", "Woonbron Ommen"}


# --- the single budget of a partnership, purpose clauses, goals ---------------------------------------------------

SINGLE_BUDGET = """Samen sterker in Zuid

Het stadsdeel als financier gaat zich minder met de uitvoering bemoeien. Zij bood ruimte voor een meerjarige
subsidie. Op basis daarvan gaat Samen Zuid per 1 oktober 2017 van start.
Zo is voor 2018 één beschikking voor één samenwerkingsverband van zeven organisaties mogelijk geworden.
Met de ambitie dat meer bewoners meedoen in hun buurt.
Om dit te bereiken, zorgen ze ervoor dat hun aanbod op elkaar aansluit.

Het stadsdeel Zuid en Samen Zuid werken daarin samen.
"""


def test_single_budget_arrangement_with_financier_and_partnership(nlp: DutchNLP) -> None:
    found = _commitments(nlp, SINGLE_BUDGET, kind="blog", date=None, source="samen-zuid.txt")  # type: ignore[arg-type]
    budget = next(item for key, item in found.items() if key.startswith("Zo is voor 2018"))
    assert budget.commitment.deadline == "2018" and budget.commitment.strength == "intention"  # type: ignore[attr-defined]
    assert set(budget.commitment.actors) == {"stadsdeel Zuid", "Samen Zuid"}  # type: ignore[attr-defined]
    goal = next(item for key, item in found.items() if key.startswith("Met de ambitie"))
    assert goal.commitment.strength == "aspiration" and set(goal.commitment.actors) == {"stadsdeel Zuid", "Samen Zuid"}  # type: ignore[attr-defined]


def test_retelling_what_others_wrote_is_no_commitment(nlp: DutchNLP) -> None:
    text = "Blog\n\nIn de sportnota van de gemeente lees ik dat in 2027 tweehonderd nieuwe sportplekken klaar zijn.\n"
    assert _commitments(nlp, text, kind="blog") == {}


def test_a_document_named_with_capitals_is_no_party(nlp: DutchNLP) -> None:
    from models.commitments import _capitalised_names

    text = ("Beleidsnota Jeugd Ommen 2027\n\nIn het Actieplan Jeugd Ommen staat wat Stichting Kindkracht doet. "
            "Het Actieplan Jeugd Ommen vervangt de Visie Jeugd Ommen en Stichting Kindkracht voert het uit.")
    context = DocumentContext.of(_document(text, kind="policy"), nlp)
    sentence = text.split("\n\n")[1].split(". ")[1]
    names = [name for name, _, _ in _capitalised_names(nlp.tokens(sentence), context)]
    assert "Stichting Kindkracht" in names
    assert not any(name.startswith(("Actieplan", "Visie")) for name in names)


def test_a_norm_or_guideline_named_with_capitals_is_no_party(nlp: DutchNLP) -> None:
    from models.commitments import _capitalised_names

    text = ("Blog over samenwerking\n\nDe Norm voor Opdrachtgeverschap vraagt van Stichting Kindkracht een plan. "
            "De Handreiking Inkoop Jeugd en de Richtlijn Zorgvuldig Werken helpen Stichting Kindkracht daarbij.")
    context = DocumentContext.of(_document(text, kind="blog"), nlp)
    names = [name for sentence in text.split("\n\n")[1].split(". ")
             for name, _, _ in _capitalised_names(nlp.tokens(sentence), context)]
    assert "Stichting Kindkracht" in names
    assert not any(name.startswith(("Norm", "Handreiking", "Richtlijn")) for name in names)


def test_a_perfect_tense_is_read_past_a_short_insertion(nlp: DutchNLP) -> None:
    from models.commitments import _has_perfect

    assert _has_perfect(nlp.tokens("De corporatie is al eerder, in 2013, onder verscherpt toezicht geplaatst."))
    assert _has_perfect(nlp.tokens("Wij zijn, zoals afgesproken, begonnen met de bouw."))
    # a clause after the comma is no insertion: the main clause ends there
    assert not _has_perfect(nlp.tokens("De gemeente is verantwoordelijk, maar heeft het plan niet gemaakt."))
    assert not _has_perfect(nlp.tokens("Het college zal in 2027, samen met de partners, een plan maken dat is afgestemd."))


@pytest.mark.parametrize(("sentence", "word", "past"), [
    ("Bij de kredietbank meldden zich ruim 600 huishoudens.", "meldden", True),
    ("De gemeenten besteedden het geld aan schuldhulp.", "besteedden", True),
    ("Wij wachtten op het advies.", "wachtten", True),
    ("Wij melden ons bij de gemeente.", "melden", False),
    ("Wij zetten dat werk voort.", "zetten", False),  # the same form in the present and the past: present
])
def test_a_past_plural_of_a_d_or_t_stem_is_no_present(nlp: DutchNLP, sentence: str, word: str, past: bool) -> None:
    from models.commitments import _is_past_form, _is_present_form

    token = next(token for token in nlp.tokens(sentence) if token.text == word)
    assert _is_past_form(token) is past
    assert _is_present_form(token) is not past


@pytest.mark.parametrize(("sentence", "verb", "action"), [
    # the finite verb is the action itself and the subject opens the clause: the action starts at the verb
    ("De gemeente kiest per voorziening bewust voor een vorm van financiering.", "kiest",
     "kiest per voorziening bewust voor een vorm van financiering"),
    ("Partijen stellen een gezamenlijke werkwijze op voor het signaleren van kwetsbaarheid.", "stellen",
     "stellen een gezamenlijke werkwijze op voor het signaleren van kwetsbaarheid"),
    # an auxiliary or modal carries no action: what follows it is the action
    ("De gemeente zal de regeling voor woningaanpassingen vereenvoudigen.", "zal",
     "de regeling voor woningaanpassingen vereenvoudigen"),
    # an adverbial opens the clause, the subject follows the verb: the action starts after the subject
    ("In 2026 stelt de gemeente een budgetcoach beschikbaar.", "stelt", "een budgetcoach beschikbaar"),
    # a noun the cue was found at is no verb
    ("De ambitie is dat in 2030 minder inwoners eenzaam zijn.", "ambitie", "is dat in 2030 minder inwoners eenzaam zijn"),
])
def test_the_action_keeps_a_verb_that_is_the_action(nlp: DutchNLP, sentence: str, verb: str, action: str) -> None:
    from models.commitments import _action

    tokens = nlp.tokens(sentence)
    at = next(i for i, token in enumerate(tokens) if token.text == verb)
    assert _action(sentence, tokens, at, None, ("gemeente Dalfsen",)) == action
