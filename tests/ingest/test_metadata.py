"""Metadata heuristics: the tables of ingest/metadata.py, as tests."""

from __future__ import annotations

import pytest

from ingest.metadata import find_dates, infer_date, infer_kind, infer_title, normalise_date

COVENANT = """Convenant Samen Sterk in Noord

De ondergetekenden:

1. De gemeente Amsterdam, hierna te noemen: de gemeente;
2. Stichting Welzijn Noord, hierna te noemen: de aanbieder;

Partijen komen het volgende overeen:

Artikel 1 Doel

Partijen verplichten zich om gezamenlijk een wijkaanpak te ontwikkelen.

Aldus overeengekomen en ondertekend te Amsterdam op 12 maart 2019."""

KAMERBRIEF = """Datum 3 april 2018
Betreft Voortgang hervorming jeugdzorg

Geachte voorzitter,

Hierbij informeer ik uw Kamer over de voortgang. De minister van Volksgezondheid, Welzijn en Sport
zegt toe vóór 1 januari 2019 een evaluatie te sturen."""

RAADSVOORSTEL = """Raadsvoorstel armoedebeleid 2020

Het college stelt de raad voor het beleidskader vast te stellen.

Besluit:

1. Het beleidskader armoede 2020-2024 vast te stellen."""

BLOG = """Waarom ik geloof in de wijk

Vorige week was ik weer in Noord. Ik sprak met bewoners over hun buurt, en wat mij opviel was hoe
graag zij willen meedoen. Wij denken als adviseurs vaak te snel dat we weten wat nodig is.

De auteur, Anna de Vries, is adviseur sociaal domein."""

REPORT = """Onderzoek naar de toegankelijkheid van de website

Dit rapport beschrijft de bevindingen van het onderzoek. Er zijn twaalf pagina's getoetst aan de
richtlijnen; bij vier pagina's ontbreken alternatieve teksten voor afbeeldingen."""

REGULATION_ABOUT_COVENANTS = """Regeling van 3 maart 2011 met richtlijnen voor het sluiten van convenanten

De Minister-President, Minister van Algemene Zaken,
Besluit:

Artikel 1

Vastgesteld worden de aanwijzingen voor convenanten. Een convenant bevat de afspraken die partijen
maken; in een convenant komen partijen overeen wat zij gaan doen."""


@pytest.mark.parametrize(
    ("text", "title", "source_format", "path", "kind"),
    [
        (COVENANT, "Convenant Samen Sterk in Noord", "pdf", "convenant.pdf", "covenant"),
        (COVENANT, "Samen Sterk in Noord", "docx", "afspraken.docx", "covenant"),  # formulas alone suffice
        ("Gemeente, corporatie en huurders maken afspraken over bouwen.", "Prestatieafspraken 2024 Noordstad",
         "pdf", "pa.pdf", "covenant"),
        (KAMERBRIEF, "Voortgang hervorming jeugdzorg", "pdf", "brief.pdf", "policy_note"),
        (RAADSVOORSTEL, "Raadsvoorstel armoedebeleid 2020", "docx", "rv.docx", "policy_note"),
        (REGULATION_ABOUT_COVENANTS, "Regeling van 3 maart 2011 met richtlijnen voor convenanten",
         "markdown", "regeling.md", "policy_note"),
        ("Handelingen Tweede Kamer. De minister van Financiën antwoordt.", "Handelingen", "xml", "h.xml",
         "policy_note"),
        (BLOG, "Waarom ik geloof in de wijk", "html", "page.html", "blog"),
        (REPORT, "Toegankelijkheidsonderzoek", "html", "report.html", "other"),
        (REPORT, "Toegankelijkheidsonderzoek", "pdf", "report.pdf", "other"),
        (BLOG, "Waarom ik geloof in de wijk", "pdf", "column.pdf", "other"),  # no web or blog cue
        (BLOG, "Waarom ik geloof in de wijk", "pdf", "blog/column.pdf", "blog"),
        ("Een kort bericht over de wijk.", "Bericht", "text", "bericht.txt", "other"),
        # a parliamentary paper saved as text, written in the first person like a blog
        ("31 415 Wijkaanpak\n\nNr. 27 BRIEF VAN DE MINISTER VAN BINNENLANDSE ZAKEN\n\nAan de Voorzitter van de "
         "Tweede Kamer der Staten-Generaal\n\nHierbij stuur ik u de rapportage. Ik houd u op de hoogte van ons "
         "overleg en mijn gesprekken.", "31 415 Wijkaanpak", "text", "brief.txt", "policy_note"),
    ],
)
def test_infer_kind_table(text: str, title: str, source_format: str, path: str, kind: str) -> None:
    assert infer_kind(text, title, source_format, path) == kind  # type: ignore[arg-type]


def test_letters_to_a_council_or_parliament_are_policy_notes() -> None:
    letter = (
        "RAADSINFORMATIEBRIEF\n\nOnderwerp: Wachttijden\n\nGeachte leden van de raad,\n\nWij informeren u "
        "over de wachttijden. Wij hebben toegezegd dat wij u op de hoogte houden. Wij doen dat graag."
    )
    assert infer_kind(letter, "Wachttijden", "text", "rib.txt") == "policy_note"
    evaluation = "Evaluatie wijkteams 2023–2025\n\nDeze evaluatie beschrijft hoe de teams werkten."
    assert infer_kind(evaluation, "Evaluatie wijkteams 2023–2025", "markdown", "e.md") == "policy_note"


def test_an_article_of_a_saved_web_page_is_a_blog_unless_stronger_cues_say_otherwise() -> None:
    assert infer_kind(REPORT, "Onderzoek", "text", "page.txt", web_page=True) == "blog"
    assert infer_kind(COVENANT, "Convenant Samen Sterk", "html", "page.html", web_page=True) == "covenant"


@pytest.mark.parametrize(
    ("text", "metadata_date", "expected"),
    [
        ("Datum: 04 juni 2025\n\nDe tekst van het rapport.", None, "2025-06-04"),
        (KAMERBRIEF, None, "2018-04-03"),
        (COVENANT, None, "2019-03-12"),  # the signing date
        ("Nieuwsbrief\nSeptember 2023\n\nLedenvergadering", None, "2023-09-01"),
        ("Nr. 12345\n3 mei\n2018\nRegeling van de minister", None, "2018-05-03"),
        ("Verslag\n\n12-03-2019\n\nAanwezig: de wethouder.", None, "2019-03-12"),
        ("Verslag\n\n2019-03-12\n\nAanwezig: de wethouder.", None, "2019-03-12"),
        ("Geplaatst op 3 februari 2020 door Pieter\n\nTekst", None, "2020-02-03"),
        ("Amsterdam, 1 oktober 2017\n\nGeachte heer,", None, "2017-10-01"),
        ("Partijen leveren vóór 1 januari 2018 een plan aan bij de gemeente.", None, None),
        ("De regeling geldt met ingang van 1 juli 2015 voor alle gemeenten.", None, None),
        ("Op 1 januari 2015 zijn de drie decentralisaties geland, en sindsdien is er veel veranderd.", None,
         None),
        ("Een tekst zonder datum.", "2021-05-06", "2021-05-06"),
        ("Een tekst zonder datum.", "D:20190723124925+02'00'", "2019-07-23"),
        ("Een tekst zonder datum.", "Tue, 23 Jul 2019 10:00:00 GMT", "2019-07-23"),
        ("Datum: 4 juni 2025\n\nTekst", "2019-01-01", "2025-06-04"),  # the text's own date wins
        ("Column van Anna de Vries, adviseur — 15 januari 2026\n\nVorige maand belde een bewoner.", None,
         "2026-01-15"),
        ("Titel\n\n6 maart 2026 · Bas Bakker · Jeugd\n\nTekst van het bericht.", None, "2026-03-06"),
        ("Raadsvergadering | 2 juli 2026\nCollegebesluit | 12 mei 2026\n\nTekst", None, "2026-05-12"),
        ("Ondertekend op 3 november 2025 te Noordstad\n\nDe ondergetekenden", None, "2025-11-03"),
        ("Een tekst zonder datum.", None, None),
        ("Datum: 31 februari 2020", None, None),  # not a date
    ],
)
def test_infer_date_table(text: str, metadata_date: str | None, expected: str | None) -> None:
    assert infer_date(text, metadata_date) == expected


def test_date_in_the_title_counts() -> None:
    title = "Besluit van 7 oktober 2016, houdende regels over de wijkteams"
    text = title + ", met een toelichting die doorloopt over meerdere regels en nog veel meer woorden telt"
    assert infer_date(text, title=title) == "2016-10-07"


def test_find_dates_reads_dutch_forms() -> None:
    found = [value.isoformat() for _, _, value, _ in find_dates(
        "op 1 jan. 2018, 2e\u00a0maart 2019, 12/03/2020, 2021-04-05 en in juni 2020"
    )]
    assert found == ["2018-01-01", "2019-03-02", "2020-03-12", "2021-04-05", "2020-06-01"]


def test_normalise_date_rejects_nonsense() -> None:
    assert normalise_date(None) is None
    assert normalise_date("   ") is None
    assert normalise_date("geen datum hier") is None


@pytest.mark.parametrize(
    ("text", "metadata_title", "source_format", "path", "expected"),
    [
        ("\n\nWerkafspraken Jeugdhulp \nRegio Noord \n\nVersie 1.3\n\nTekst",
         "Bureau Samenwerking", "pdf", None, "Werkafspraken Jeugdhulp Regio Noord"),
        ("Welkom\n\n1", "PowerPoint-presentatie", "pdf", "stukken/buurt-avond.pdf", "buurt avond"),
        ("Gemeente Noordstad\n\nWerkafspraken wijkzorg\n\nTekst", None, "pdf", None,
         "Werkafspraken wijkzorg"),
        ("Nr. 12345\n3 mei\n2018\nRegeling van de Minister van Wonen en de\nMinister voor Zorg"
         "\nvan 2 mei 2018\n\nTekst", None, "pdf", None,
         "Regeling van de Minister van Wonen en de Minister voor Zorg van 2 mei 2018"),
        ("STAATSCOURANT\n\nNr. 12345\n\nOfficiële uitgave van het Koninkrijk der Nederlanden.\n\n"
         "Regeling van de Minister van 2 mei 2018 tot wijziging van de Regeling wijkteams\n\nTekst",
         "Regeling van de Minister van 2 mei 2018 tot wijziging van de Regeling wijkteams", "pdf", None,
         "Regeling van de Minister van 2 mei 2018 tot wijziging van de Regeling wijkteams"),
        ("Werkafspraken Jeugdhulp\n\nColofon\n\nBureau Samenwerking Noord", "bureau samenwerking",
         "pdf", None, "Werkafspraken Jeugdhulp"),
        ("VERENIGING WIJKRAAD NOORD\n\nInformatiebulletin 19\n\nSeptember 2023\n\nTekst",
         "Vereniging Wijkraad Noord", "pdf", None, "Informatiebulletin 19"),
        ("# Over het project\n\nTekst", "Veelgestelde vragen | Buurtinitiatief", "markdown", None,
         "Veelgestelde vragen"),
        ("## Besluit wijkteams\n\nTekst", "Microsoft Word - besluit.docx", "docx", None, "Besluit wijkteams"),
        ("Ministerie van Wonen\n\n> Retouradres Postbus 1\n\nDatum 14 oktober 2025\nBetreft Voortgang "
         "aanpak ouderen\n\nGeachte voorzitter,\n\nTekst", None, "text", None, "Voortgang aanpak ouderen"),
        ("RAADSINFORMATIEBRIEF\n\nAan: de gemeenteraad\nOnderwerp: Wachttijden jeugdhulp\n\nGeachte leden "
         "van de raad,", None, "text", None, "Wachttijden jeugdhulp"),
        ("Raadsvoorstel Inkoop Wmo 2028\n\nOnderwerp | Inkoopstrategie\n\nDe raad wordt voorgesteld:", None,
         "markdown", None, "Raadsvoorstel Inkoop Wmo 2028"),
        ("OPINIE | Noordstads Dagblad, 28 mei 2026\n\nAanbesteden kost mensen\n\nDoor Anna de Vries", None,
         "text", None, "Aanbesteden kost mensen"),
        ("Contract-Noordstad-versie-2\n\nOvereenkomst\n\nTekst", None, "markdown", None,
         "Contract-Noordstad-versie-2"),
        ("Convenant Samen Sterk\nAfspraken over een gezamenlijk budget voor de wijk in Noord. Getekend op 2 mei."
         "\n\nPartijen", None, "pdf", None, "Convenant Samen Sterk"),
        ("Afspraken over een gezamenlijk budget voor de wijk in Noord, getekend op 2 mei.\n\nConvenant Samen "
         "Sterk\n\nPartijen", None, "pdf", None, "Convenant Samen Sterk"),
        ("Markt 2 T (0343) 56 56 00 Postbus 200 3940 AE Noordstad E info@noordstad.nl\n\nDatum 17 maart 2020\n\n"
         "Auteur A. de Vries\n\nSamen leven, samen doen!\n\nNota herijking sociaal domein\n\nTekst", None, "text",
         None, "Samen leven, samen doen!"),
        ("", None, "text", "map/notitie_armoede-2020.txt", "notitie armoede 2020"),
        ("", None, "text", None, "Zonder titel"),
    ],
)
def test_infer_title_table(text: str, metadata_title: str | None, source_format: str, path: str | None,
                           expected: str) -> None:
    assert infer_title(text, metadata_title, source_format, path) == expected  # type: ignore[arg-type]


def test_long_titles_are_cut_at_a_word() -> None:
    title = infer_title("Een " + "zeer " * 80 + "lange titel", None, "text")
    assert len(title) <= 201 and title.endswith("…") and " zeer…" in title
