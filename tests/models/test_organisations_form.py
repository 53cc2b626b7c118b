"""Organisations by form and context: what looks like a name but is not an organisation (texts written here)."""

from __future__ import annotations

import pytest

from models.organisations import find_organisations, organisations_in


@pytest.mark.parametrize("text", [
    # table headers and form fields
    "Code | Omschrijving | Begindatum | Einddatum\n01 | Begeleiding | 01-01-2026 | 31-12-2026",
    "Daarna vult de aanbieder Begindatum en Einddatum in het bericht in.",
    "Ik wil als aanbieder Proces Voorwaarden\nVoorbeeld: een tweede toewijzing.",
    # citations and references
    "Dit sluit aan bij eerder werk (Verhoeven & Smits, 2016) over wijkteams.",
    "Zoals Dijkstra & Mol (2020) beschrijven, werkt ontschotting alleen met vertrouwen.",
    "Prins et al. (2018) vonden hetzelfde in vier regio's.",
    "Voor de ontleding gebruikten we de labels van de Lassy Treebank.",
    # authors, persons and offices
    "Lotte Vermeer & Sanne de Groot\nVersie 2.1; april 2025",
    "De heer Bosman (VVD) vroeg mevrouw Kuiper om een reactie.",
    # headings of dictionary words and field abbreviations
    "Planning & Control\nIn deze paragraaf staat de begroting.",
    "Zorg & Veiligheid is het tweede thema van de agenda.",
    "Het aantal cliënten met LVB & GGZ-problematiek neemt toe.",
    # a bare "de" joins no name
    "Wat gebeurt er als het VK de Unie verlaat?",
])
def test_capitalised_words_that_are_no_organisation(text: str) -> None:
    assert find_organisations(text) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("Het adviesbureau Berk & Linde begeleidde de fusie.", ["Berk & Linde"]),
    ("Vondel & Nassau adviseert gemeenten in het sociaal domein.", ["Vondel & Nassau"]),
    ("De gemeente Oude IJsselstreek werkt samen met de gemeente Súdwest-Fryslân en de gemeente 's-Hertogenbosch.",
     ["gemeente Oude IJsselstreek", "gemeente Súdwest-Fryslân", "gemeente 's-Hertogenbosch"]),
    ("De gemeente Alphen aan den Rijn vroeg het waterschap Brabantse Delta om advies.",
     ["gemeente Alphen aan den Rijn", "waterschap Brabantse Delta"]),
    ("Het CAK, de SVB, het UWV en het CIZ leveren gegevens aan.", ["CAK", "SVB", "UWV", "CIZ"]),
    ("De Bank Nederlandse Gemeenten financierde de lening.", ["BNG Bank"]),
    ("Het hoogheemraadschap van Delfland en het waterschap Aa en Maas delen een laboratorium.",
     ["hoogheemraadschap van Delfland", "waterschap Aa en Maas"]),
    ("Menzis en Zilveren Kruis kopen samen in; Ymere bouwt de woningen.", ["Menzis", "Zilveren Kruis", "Ymere"]),
    ("Onderzoekers van de Vrije Universiteit Brussel en de Hanze Hogeschool Groningen schreven het.",
     ["Vrije Universiteit Brussel", "Hanze Hogeschool Groningen"]),
    ("Bij Zorggroep Parnassia Groep Dr. Jansen werkt men anders.", ["Zorggroep Parnassia Groep"]),
])
def test_organisations_that_stay(text: str, expected: list[str]) -> None:
    assert find_organisations(text) == expected


def test_a_table_cell_with_a_law_is_no_organisation() -> None:
    assert find_organisations("Werkgroep Woonplaatsbeginsel Jeugdwet") == []


def test_organisations_in_credits_only_the_passage_that_names_them() -> None:
    document = [
        "De gemeente Zwolle en Divosa ondertekenden het convenant.",
        "Daarna volgde een lange uitleg over de planning van de wijkteams.",
        "Het UWV sluit in 2027 aan.",
    ]
    assert [organisations_in(passage) for passage in document] == [
        ("gemeente Zwolle", "Divosa"), (), ("UWV",)]
    assert isinstance(organisations_in(document[0]), tuple)
