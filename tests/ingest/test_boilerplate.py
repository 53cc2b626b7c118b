"""Web boilerplate recognised by its form (ingest/boilerplate_forms.py and the page rules in boilerplate.py).

Every text here is written for these tests; one test per category, and policy sentences that must stay.
"""

from __future__ import annotations

import pytest

from ingest.boilerplate import LineRole, classify_lines, strip_boilerplate
from ingest.boilerplate_forms import (
    is_bio_form,
    is_call_to_action,
    is_contact_line,
    is_file_name,
    is_plug,
    is_slogan,
    leading_file_name,
    sentences_of,
)
from ingest.extracted import ExtractedText
from ingest.pipeline import parse_extracted

BODY_1 = (
    "De gemeente en de woningcorporaties spraken af om in drie wijken samen te werken aan betaalbare woningen "
    "voor ouderen. Het eerste jaar staat in het teken van verkennen: welke panden komen in aanmerking en wat "
    "vragen de bewoners zelf?"
)
BODY_2 = (
    "In het tweede jaar volgt de uitvoering. De partners delen de kosten naar rato van het aantal woningen dat "
    "zij in de wijk bezitten, en zij evalueren de aanpak elk halfjaar met de bewonerscommissie."
)


def _page(*blocks: str) -> str:
    return "\n\n".join(blocks) + "\n"


def _roles(text: str) -> dict[str, LineRole]:
    return {line.text: line.role for line in classify_lines(text) if line.text}


# --- calls to action ------------------------------------------------------------------------------------


@pytest.mark.parametrize("line", [
    "Wil je meer weten over deze aanpak? Klik hier.",
    "Benieuwd naar de resultaten? Download het rapport op onze website.",
    "• Heeft u vragen? Bel (030 123 45 67) of mail naar info@wijkwerk.nl.",
    "Wilt u op de hoogte blijven? Schrijf u in voor de nieuwsbrief.",
    "Of neem gerust contact op met onze adviseur. Wij denken graag met u mee.",
])
def test_calls_to_action_are_recognised(line: str) -> None:
    assert is_call_to_action(line)


@pytest.mark.parametrize("line", [
    "De gemeente neemt contact op met de aanbieder als de zorg niet op tijd wordt geleverd.",
    "Inwoners kunnen meer weten over hun rechten dan de regeling laat zien.",
    "Lees de beleidsregels goed door voordat u een aanvraag indient.",
    "Heb je ooit meegemaakt dat een samenwerking halverwege vastliep?",
    "Wat kunnen deelnemers aan de bijeenkomst verwachten?",
    "Bewoners kunnen via het wijkteam een afspraak maken met de schuldhulpverlener van de gemeente.",
])
def test_policy_sentences_are_no_calls_to_action(line: str) -> None:
    assert not is_call_to_action(line)


def test_a_call_to_action_block_is_dropped_with_its_follow_up_line() -> None:
    page = _page(
        "Wonen in de wijk", BODY_1, BODY_2,
        "• Wilt u meer weten over die aanpak? Bel (020 765 43 21) of mail ons.\n"
        "• In een vrijblijvend gesprek verkennen wij graag wat wij voor u kunnen betekenen.",
    )
    cleaned = strip_boilerplate(page)
    assert BODY_2 in cleaned
    assert "meer weten" not in cleaned and "vrijblijvend" not in cleaned


# --- contact lines ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("line", [
    "T 020 123 45 67 | E info@buurtwerk.nl",
    "Telefoon: 06-12345678",
    "www.buurtwerk-oost.nl",
    "Buurtwerk Oost, Postbus 123, 1000 AB Amsterdam, 020-7654321",
])
def test_contact_lines_are_recognised(line: str) -> None:
    assert is_contact_line(line)


@pytest.mark.parametrize("line", [
    "Meer informatie over de regeling staat op www.rijksoverheid.nl en geldt voor alle gemeenten vanaf 2026.",
    "In 2025 ontvingen 1.234 huishoudens een bijdrage uit het fonds.",
    "De raad besloot op 12 maart 2024 met 23 stemmen voor en 8 tegen.",
])
def test_sentences_with_numbers_or_a_web_address_are_no_contact_lines(line: str) -> None:
    assert not is_contact_line(line)


# --- author biographies and plugs ------------------------------------------------------------------------


@pytest.mark.parametrize("line", [
    "De auteur, Maria J. Hendriks, is als senior adviseur verbonden aan Bureau Wijkkracht.",
    "Karel van den Broek is oprichter van Stichting Samen Sterk en schrijft over buurtzorg.",
    "Fatima el Amrani (1982) werkt als trainer bij Leerhuis Zuid.",
])
def test_biographies_have_the_form(line: str) -> None:
    assert is_bio_form(line)


@pytest.mark.parametrize("line", [
    "De gemeente is verantwoordelijk voor de uitvoering van de Wmo.",
    "Het college is bereid om de motie uit te voeren.",
    "Wij zijn als gemeente verbonden aan de regionale aanpak van dakloosheid.",
])
def test_policy_sentences_have_no_biography_form(line: str) -> None:
    assert not is_bio_form(line)


def test_a_biography_is_dropped_at_the_end_of_a_post_only() -> None:
    bio = "Pieter de Jong is adviseur bij Bureau Wijkkracht, een landelijk adviesbureau voor gemeenten."
    at_end = _page("Wonen in de wijk", BODY_1, BODY_2, bio)
    assert bio not in strip_boilerplate(at_end)
    in_body = _page("Wonen in de wijk", bio, BODY_1, BODY_2)
    assert bio in strip_boilerplate(in_body)


@pytest.mark.parametrize("line", [
    "Meer van zijn blogs en artikelen zijn te vinden op de website van het bureau.",
    "Dit artikel is eerder verschenen in het vakblad Sociaal Werk.",
    "Bovenstaand interview is geschreven op basis van een podcast. Beluister de hele aflevering.",
])
def test_plugs_are_recognised(line: str) -> None:
    assert is_plug(line)


def test_plug_under_a_post_is_dropped() -> None:
    page = _page("Wonen in de wijk", BODY_1, BODY_2, "Meer van haar columns zijn te vinden op de site van de krant.")
    assert "columns" not in strip_boilerplate(page)


# --- image and file names --------------------------------------------------------------------------------


@pytest.mark.parametrize("line", [
    "20190312_101544",
    "IMG_4821.JPG",
    "DSC01234",
    "verslag bewonersavond.pdf (pdf, 312 kb)",
    "2. 2024-03-12-20-00-01-raadsvergadering.mp3 (mp3, 80.1 MB)",
])
def test_file_names_are_recognised(line: str) -> None:
    assert is_file_name(line)


@pytest.mark.parametrize("line", [
    "Zie het rapport voor de cijfers per wijk.",
    "In 2024 telde de gemeente 12.345 inwoners.",
    "Het verslag van de bewonersavond staat in de bijlage.",
])
def test_sentences_are_no_file_names(line: str) -> None:
    assert not is_file_name(line)


def test_a_file_name_before_a_paragraph_is_cut_off_the_line() -> None:
    line = "20190312_101544 De bewoners kozen zelf de plek voor het nieuwe buurthuis."
    assert line[leading_file_name(line):] == "De bewoners kozen zelf de plek voor het nieuwe buurthuis."
    page = _page("Wonen in de wijk", BODY_1, line, BODY_2)
    cleaned = strip_boilerplate(page)
    assert "20190312" not in cleaned and "De bewoners kozen zelf de plek" in cleaned


# --- taglines and alt texts ------------------------------------------------------------------------------


def test_a_slogan_above_the_title_is_a_tagline_and_not_the_title() -> None:
    page = _page("Samen sterker!", "Drie lessen uit de wijkaanpak in Oosterhout", BODY_1, BODY_2)
    assert _roles(page)["Samen sterker!"] is LineRole.TAGLINE
    parsed = parse_extracted(ExtractedText(page, "html"), source="site/post.html")
    assert parsed[0].document.title == "Drie lessen uit de wijkaanpak in Oosterhout"
    assert "Samen sterker" not in parsed[0].document.text


def test_a_title_with_a_subtitle_is_no_tagline() -> None:
    page = _page("Wonen in de wijk", "Waar een wil is, is een weg", BODY_1, BODY_2)
    assert LineRole.TAGLINE not in _roles(page).values()
    assert is_slogan("Verbinden, versterken, vernieuwen") and not is_slogan("Wonen in de wijk")


def test_alt_texts_ending_with_the_site_name_are_dropped() -> None:
    alt_texts = [f"{name} Bureau Wijkkracht" for name in ("Anna Smit", "Ben Kok", "Cor Vos", "Dirk Bos")]
    page = _page("Wonen in de wijk", BODY_1, alt_texts[0], BODY_2, *alt_texts[1:])
    cleaned = strip_boilerplate(page)
    assert not any(alt in cleaned for alt in alt_texts)
    assert BODY_1 in cleaned and BODY_2 in cleaned


def test_a_section_label_over_only_furniture_goes_with_it() -> None:
    page = _page("Wonen in de wijk", BODY_1, BODY_2, "Meer informatie",
                 "Wilt u meer weten over de wijkaanpak? Bekijk de website van de gemeente.")
    cleaned = strip_boilerplate(page)
    assert "Meer informatie" not in cleaned and cleaned.endswith(BODY_2)


# --- sentences and site Markdown -------------------------------------------------------------------------


def test_initials_and_abbreviations_do_not_end_a_sentence() -> None:
    assert sentences_of("De auteur, Anna J. de Vries, is adviseur. Zie o.a. het rapport. Klik hier.") == [
        "De auteur, Anna J. de Vries, is adviseur.", "Zie o.a. het rapport.", "Klik hier."]


def test_static_site_markdown_is_cleaned_as_a_web_page() -> None:
    text = _page("Wonen in de wijk", BODY_1, BODY_2, "Wil je meer weten? Neem contact op met het wijkteam.")
    parsed = parse_extracted(ExtractedText(text, "markdown", title="Wonen in de wijk"), source="site/wonen.md")
    assert len(parsed) == 1
    document = parsed[0].document
    assert document.title == "Wonen in de wijk" and document.text.endswith(BODY_2)
    report = parse_extracted(ExtractedText(text, "markdown"), source="rapport.md")  # no front matter
    assert report[0].document.text.endswith("met het wijkteam.")


def test_the_paragraph_under_about_the_author_is_dropped() -> None:
    about = "Marieke schrijft al twintig jaar over wonen en zorg, en woont met haar gezin in Deventer."
    page = _page("Wonen in de wijk", BODY_1, BODY_2, "Over de auteur", about)
    cleaned = strip_boilerplate(page)
    assert "Marieke" not in cleaned and "Over de auteur" not in cleaned and cleaned.endswith(BODY_2)


def test_a_dropped_biography_stays_with_the_document_outside_its_passages() -> None:
    bio = "De auteur, Pieter de Jong, is adviseur bij Bureau Wijkkracht, een landelijk adviesbureau."
    page = _page("Wonen in de wijk", BODY_1, BODY_2, bio, "Deel:", "Geef een reactie")
    parsed = parse_extracted(ExtractedText(page, "text"), source="site/blog.txt")
    document, passages = parsed[0].document, parsed[0].passages
    assert document.text.endswith(bio)
    assert not any("Pieter de Jong" in passage.text for passage in passages)
    assert all(document.text[p.start:p.end] == p.text for p in passages)
