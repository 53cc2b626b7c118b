"""Dutch deadline phrases to ISO dates and periods (format documented in models/deadlines.py)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.deadlines import find_deadlines, parse_deadline

VALUE_FORMAT = re.compile(r"^(?:\d{4}(?:-\d\d-\d\d|-Q[1-4]|-H[12]|/\d{4})?|P\d+[DWMY])$")
MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december"]


@pytest.mark.parametrize(
    ("text", "value", "kind"),
    [
        ("per 1 oktober 2017 gaat het van start", "2017-10-01", "from"),
        ("Wij doen dat vóór 2020.", "2020-01-01", "by"),
        ("in 2018 volgt een evaluatie", "2018", "in"),
        ("uiterlijk eind 2026 is het klaar", "2026-12-31", "by"),
        ("binnen drie maanden is er een plan", "P3M", "by"),
        ("in het eerste kwartaal van 2027", "2027-Q1", "in"),
        ("het eerste kwartaal van 2027", "2027-Q1", "in"),
        ("medio 2026", "2026-07-01", "in"),
        ("met ingang van 1 januari 2028", "2028-01-01", "from"),
        ("vanaf 2027", "2027", "from"),
        ("tot 1 januari 2029", "2029-01-01", "until"),
        ("in het voorjaar van 2026", "2026-H1", "in"),
        ("in het najaar van 2026", "2026-H2", "in"),
        ("in de zomer van 2026", "2026-Q3", "in"),
        ("vóór de zomer van 2026", "2026-07-01", "by"),
        ("in de jaren 2026 tot en met 2028", "2026/2028", "in"),
        ("in 2026 en 2027", "2026/2027", "in"),
        ("vanaf het schooljaar 2026–2027", "2026/2027", "from"),
        ("binnen vijf werkdagen na ontvangst", "P5D", "by"),
        ("gedurende acht weken na het signaal", "P8W", "in"),
        ("in het eerste halfjaar van 2026", "2026-H1", "in"),
        ("uiterlijk op 1 oktober 2027", "2027-10-01", "by"),
    ],
)
def test_phrases(text: str, value: str, kind: str) -> None:
    deadline = parse_deadline(text)
    assert deadline is not None and (deadline.value, deadline.kind) == (value, kind)
    assert text[deadline.start:deadline.end] == deadline.text


def test_relative_to_signing_uses_the_document_date() -> None:
    deadline = parse_deadline("Partijen stellen binnen drie maanden na ondertekening een plan op.", "2026-03-12")
    assert deadline is not None and deadline.value == "2026-06-12"
    assert parse_deadline("binnen twee weken na ondertekening", "2026-12-25").value == "2027-01-08"  # type: ignore[union-attr]


def test_no_deadline_in_plain_numbers_or_money() -> None:
    budget_year = parse_deadline("Het budget voor 2027 is € 250.000 per jaar.")
    assert budget_year is not None and (budget_year.value, budget_year.kind) == ("2027", "in")  # "for 2027"
    assert parse_deadline("Er wonen 2026 mensen in de wijk.") is None
    assert find_deadlines("Artikel 3 lid 2 geldt.") == []


@given(st.integers(1, 28), st.sampled_from(MONTHS), st.integers(1990, 2060), st.sampled_from(["vóór", "per", "op"]))
def test_any_dutch_date_parses(day: int, month: str, year: int, preposition: str) -> None:
    deadline = parse_deadline(f"De gemeente regelt dit {preposition} {day} {month} {year}.")
    assert deadline is not None
    assert deadline.value == f"{year}-{MONTHS.index(month) + 1:02d}-{day:02d}"


@given(st.text(alphabet=st.sampled_from(list("abc 2019 vóór per in eind kwartaal.,€-–")), max_size=80))
def test_values_always_follow_the_documented_format(text: str) -> None:
    for deadline in find_deadlines(text):
        assert VALUE_FORMAT.match(deadline.value), deadline
        assert text[deadline.start:deadline.end] == deadline.text


def test_forward_period_is_a_duration() -> None:
    deadline = parse_deadline("De komende drie jaar richt het netwerk zich op iedere bewoner.")
    assert deadline is not None and (deadline.value, deadline.kind, deadline.text) == ("P3Y", "in", "De komende drie jaar")


@pytest.mark.parametrize(("text", "value"), [
    ("De regeling geldt vanaf 1 maart 2026 en blijft van kracht tot 1 maart 2029.", "2026-03-01/2029-03-01"),
    ("Een verzoek wordt ingediend na 1 februari 2027 en vóór 1 mei 2027.", "2027-02-01/2027-05-01"),
    ("Het plan gaat in op 1 juni 2026; de evaluatie volgt vóór 1 juni 2028.", "2026-06-01"),  # two clauses
    ("Partijen passen de afspraken binnen 3 kalendermaanden aan.", "P3M"),
])
def test_intervals_and_calendar_units(text: str, value: str) -> None:
    deadline = parse_deadline(text)
    assert deadline is not None and deadline.value == value
    assert text[deadline.start:deadline.end] == deadline.text


def test_the_date_of_a_cited_letter_is_no_deadline() -> None:
    assert parse_deadline("In de brief van 12 maart 2025 aan de Kamer heb ik een regeling aangekondigd.") is None
    found = parse_deadline("Zoals in het overleg van 3 april 2026 besproken, start de pilot per 1 mei 2026.")
    assert found is not None and found.value == "2026-05-01"


@pytest.mark.parametrize("sentence", [
    "Daarnaast is tijdens het Forum van 13 februari 2020 toegezegd om een bijeenkomst te houden.",
    "Dit kwam aan de orde in de raadsvergadering van dinsdag 8 november 2022.",
    "De opbrengst is verwerkt in de opdracht die op 31 maart 2020 is vastgesteld door ons college.",
    "Op 1 januari 2015 is de Jeugdwet in werking getreden.",
    "Op 3 maart 2023 heeft de raad besloten het zwembad te sluiten.",
])
def test_a_meeting_named_by_its_date_or_a_date_something_was_done_on_is_no_deadline(sentence: str) -> None:
    assert parse_deadline(sentence) is None
    dated = parse_deadline(sentence, dated=True)  # the layer's cue still reads the date
    assert dated is not None and dated.value[:4] in sentence


@pytest.mark.parametrize(("sentence", "value"), [
    ("De verbeterpunten moeten op 7 november 2018 zijn afgerond.", "2018-11-07"),
    ("Op 3 maart 2020 hebben we afgesproken dat we vóór 1 juni 2020 een plan maken.", "2020-06-01"),
    ("Op 1 januari 2027 is de regeling van kracht.", "2027-01-01"),
])
def test_a_date_something_must_be_done_by_stays_the_deadline(sentence: str, value: str) -> None:
    deadline = parse_deadline(sentence)
    assert deadline is not None and deadline.value == value


def test_after_the_summer_is_the_rest_of_the_year_not_the_summer() -> None:
    after = parse_deadline("De raad komt daar na de zomer op terug.", "2025-06-01")
    during = parse_deadline("De raad komt daar in de zomer op terug.", "2025-06-01")
    assert after is not None and after.value == "2025"
    assert during is not None and during.value == "2025-Q3"


@pytest.mark.parametrize(("text", "value"), [
    ("Ik kom daar in mei op terug.", "2018-05"),
    ("Ik stuur de Kamer vóór de zomer een brief.", "2018-07-01"),
    ("De regeling gaat per 1 januari in.", "2018-01-01"),
    ("Ik kom daar na de zomer op terug.", "2018"),
])
def test_a_session_year_places_the_months_of_its_last_year(text: str, value: str) -> None:
    deadline = parse_deadline(text, "2017-09/2018-08")
    assert deadline is not None and deadline.value == value


@pytest.mark.parametrize("text", ["Ik kom daar in oktober op terug.", "Ik stuur de brief vóór het einde van het jaar."])
def test_a_month_of_the_sessions_first_year_stays_without_a_year(text: str) -> None:
    # said in the autumn it is this October, said in the spring the next one: the session cannot tell
    assert parse_deadline(text, "2017-09/2018-08") is None


@pytest.mark.parametrize(("text", "value"), [
    ("Op 25 oktober jl. voerde ik met uw Kamer het gesprek.", "2023-10-25"),  # past: the October before
    ("In oktober jl. is het besluit genomen.", "2023-10"),
    ("Op 1 februari jl. is het besluit genomen.", "2024-02-01"),  # already past in the document's year
    ("Op 3 januari a.s. spreek ik de wethouders.", "2025-01-03"),  # next: the January after
    ("Op 25 oktober stuur ik u een brief.", "2024-10-25"),  # unmarked: the document's year
])
def test_a_date_marked_past_or_next_takes_the_year_before_or_after(text: str, value: str) -> None:
    reference = "2024-12-10" if "a.s." in text else "2024-03-01"
    deadline = parse_deadline(text, reference)
    assert deadline is not None and deadline.value == value


def test_a_span_of_several_years_gives_no_year() -> None:
    assert parse_deadline("Ik kom daar in mei op terug.", "2016-01/2019-12") is None
    assert parse_deadline("Ik kom daar in mei op terug.", "2018-01/2018-06") is not None


@pytest.mark.parametrize(("sentence", "expected"), [
    # the end of a word is no preposition: "Dome|in 2021–2025", "bij|na drie jaar", "beg|in maart"
    ("Dat kost het Domein 2021–2025 veel.", []),
    ("We hebben dat gedaan in de periode 2021–2025.", [("2021/2025", "2021–2025")]),
    ("We zijn nu bijna drie jaar verder.", []),
    ("De douane is begin maart gestart met werven.", []),
    # a word that is one: "eerstkomende"
    ("De corporatie betaalt de eerstkomende vijf jaar een bijdrage.", [("P5Y", "de eerstkomende vijf jaar")]),
    ("De gemeente stelt in 2026 een plan op.", [("2026", "in 2026")]),
])
def test_a_preposition_is_a_word_of_its_own(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert [(d.value, d.text) for d in find_deadlines(sentence, "2024-03-01")] == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # a period that ends a document's name says which document, not when
    ("De nota vervangt het Beleidsplan Sociaal Domein 2021–2025 en vormt het kader.", []),
    ("Het uitvoeringsprogramma 2023-2026 wordt jaarlijks herzien.", []),
    ("Zo staat het in het Regeerakkoord 2017-2021.", []),
    # a period on its own, or one opening the sentence, still is one
    ("De gemeente investeert 2026–2028 jaarlijks extra in welzijn.", [("2026/2028", "2026–2028")]),
    ("In 2026–2028 investeert de gemeente extra.", [("2026/2028", "In 2026–2028")]),
    ("Periode 2026-2028: de gemeente investeert extra.", [("2026/2028", "2026-2028")]),
])
def test_a_period_in_a_documents_name_is_no_deadline(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert [(d.value, d.text) for d in find_deadlines(sentence, "2024-03-01")] == expected
