"""The document context: who a text speaks for, its signatories and aliases, the financier it names."""

from __future__ import annotations

import pytest

from models.document_context import DocumentContext
from models.nlp import DutchNLP
from rodedraad.records import Document, sha256_text


@pytest.fixture(scope="module")
def nlp() -> DutchNLP:
    return DutchNLP()


def _context(nlp: DutchNLP, text: str, kind: str = "blog", source: str = "site.html") -> DocumentContext:
    document = Document(id="d", source=source, title=text.splitlines()[0], kind=kind,  # type: ignore[arg-type]
                        date="2026-01-01", organisations=(), text=text, sha256=sha256_text(text))
    return DocumentContext.of(document, nlp)


@pytest.mark.parametrize(("text", "owner"), [
    ("Aanbesteden kost mensen\n\nDoor Ellen Hofstede, voorzitter raad van bestuur van Zorggroep De Linde\n\nTekst.",
     "Zorggroep De Linde"),
    ("Mantelzorg\n\nTekst over mantelzorg.\n\nSanne de Wit is coördinator van het Vrijwilligerspunt Lindeveen.",
     "Vrijwilligerspunt Lindeveen"),
    ("Bouwen\n\n*Blog van Rob Vermeulen, directeur-bestuurder van Woonstede Lindeveen — 2 april 2026*\n\nTekst.",
     "Woonstede Lindeveen"),
])
def test_a_blog_speaks_for_its_author_organisation_not_for_the_site(nlp: DutchNLP, text: str, owner: str) -> None:
    assert _context(nlp, text, source="welzijn-site.html").owner == owner


def test_council_letter_speaks_for_the_municipality(nlp: DutchNLP) -> None:
    text = "RAADSINFORMATIEBRIEF\n\nAan: de gemeenteraad van Oostdam\n\nWij informeren u over de wachttijden."
    assert _context(nlp, text, kind="policy_note").owner == "gemeente Oostdam"


def test_financier_named_by_apposition(nlp: DutchNLP) -> None:
    text = "Samen Zuid\n\nHet stadsdeel als financier gaat zich minder bemoeien. Het stadsdeel Zuid geeft ruimte."
    assert _context(nlp, text).financier == "stadsdeel Zuid"


def test_represented_municipalities_are_no_separate_signatories(nlp: DutchNLP) -> None:
    text = ("Intentieverklaring\n\n## Ondertekenaars\n\n- Stichting Welzijn Ommen\n"
            "- de gemeente Ommen, mede namens de gemeenten Dalfsen en Hardenberg\n\n## Ambities\n\nTekst.")
    assert _context(nlp, text, kind="covenant").signatories == ("Stichting Welzijn Ommen", "gemeente Ommen")


def test_one_municipality_and_another_party_are_not_a_list_of_municipalities() -> None:
    from models.document_context import municipalities

    found = municipalities("De gemeente Noorderhaven en Stichting Welzijn Noord komen overeen. De gemeenten "
                           "Lindeveen, Aalsum en Ommerveld tekenen ook.")
    assert sorted(found) == ["gemeente Aalsum", "gemeente Lindeveen", "gemeente Noorderhaven", "gemeente Ommerveld"]


def test_a_circular_speaks_for_the_office_that_signs_it(nlp: DutchNLP) -> None:
    text = ("Regeling zorgwoningen\n\nGeacht college,\n\nMede namens de Minister van Volksgezondheid, Welzijn en "
            "Sport doe ik u de regeling toekomen. De regeling treedt in werking op 1 maart.\n\nHoogachtend,\n\n"
            "De Staatssecretaris van Binnenlandse Zaken en Koninkrijksrelaties,\n\nA. de Vries\n")
    assert _context(nlp, text, kind="policy_note").owner == "Staatssecretaris van BZK"


def test_a_letter_to_parliament_speaks_for_the_office_in_its_heading(nlp: DutchNLP) -> None:
    text = ("31 415 Wijkaanpak\n\nNr. 27 BRIEF VAN DE MINISTER VAN VOLKSGEZONDHEID, WELZIJN EN SPORT\n\n"
            "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal\n\nDen Haag, 3 maart 2026\n\n"
            "Ik verwacht uw Kamer voor de zomer te informeren over de gesprekken met de provincie Drenthe.\n")
    assert _context(nlp, text, kind="policy_note").owner == "Minister van VWS"


def test_a_regulation_speaks_for_the_office_in_its_title(nlp: DutchNLP) -> None:
    text = ("Regeling van de Minister van Sociale Zaken en Werkgelegenheid van 3 maart 2026, houdende regels voor "
            "subsidie\n\nArtikel 1\n\nDe aanvrager dient een begroting in bij de gemeente Oostdam.")
    assert _context(nlp, text, kind="policy_note").owner == "Minister van SZW"


@pytest.mark.parametrize(("text", "owner"), [
    ("DORPSRAAD ELST-NOORD\n\nNieuwsbrief 4\n\nDe gemeente Elst wil de weg verbreden. Wij houden u op de hoogte.",
     "Dorpsraad Elst-Noord"),
    ("VERENIGING BUURTRAAD DE HOEF\n\nNieuwsbrief\n\nDe gemeente Lindeveen plant een bijeenkomst.",
     "Buurtraad De Hoef"),
    ("Welkom\n\nAvond van Energiecollectief Lindehof\n\nProgramma\n\nEnergiecollectief Lindehof\n\nWie zijn wij?\n\n"
     "Bureau Warmtewijs\n\nOnze aanpak\n\nBureau Warmtewijs\n\nVragen\n\nBureau Warmtewijs\n\nDe gemeente Lindeveen.",
     "Energiecollectief Lindehof"),
])
def test_a_bulletin_or_slide_deck_speaks_for_the_body_in_its_masthead(nlp: DutchNLP, text: str, owner: str) -> None:
    assert _context(nlp, text, kind="other").owner == owner


def test_a_municipality_named_with_two_words_keeps_both() -> None:
    from models.document_context import municipalities

    found = municipalities("In de gemeente Oude Rijnstreek en de gemeente Bergen op Zoom. De gemeente Elst De raad.")
    assert found == ["gemeente Oude Rijnstreek", "gemeente Bergen op Zoom", "gemeente Elst"]


def test_parliamentary_proceedings_have_no_owner(nlp: DutchNLP) -> None:
    text = ("Zorg\n\nAan de orde is het debat. In de gemeente Elst gaat het mis.\n\nDe Kamer,\n\ngehoord de "
            "beraadslaging,\n\nverzoekt de regering te handelen.\n\nDe beraadslaging wordt gesloten.")
    assert _context(nlp, text, kind="other").owner is None


def test_a_municipality_is_named_on_its_line_or_the_next_never_after_a_blank_line() -> None:
    from models.document_context import municipalities

    assert municipalities("De gemeente\nLindeveen betaalt; de gemeenten Aalsum en Ommerveld ook.") == [
        "gemeente Lindeveen", "gemeente Aalsum", "gemeente Ommerveld"]
    assert municipalities("## Prestatiekaart gemeenten\n\nThema Actief niveau\n\nGemeente\n\nNaam Klik hier") == []


# The party list of a real covenant in the forms Dutch agreements use (made up here): entries lettered "a)"
# and wrapped over lines by the PDF, a name for the block ("hierna gezamenlijk aan te duiden als …"), a minister in
# a paragraph of its own, numbered entries under bullets, an organisation type after the article.
LETTERED = """Samenwerkingsovereenkomst jeugdhulp Regio Lindestreek

DE ONDERGETEKENDEN:
I.
a) Gemeente Aalsum, krachtens artikel 171 van de Gemeentewet in deze
rechtsgeldig vertegenwoordigd door haar burgemeester de heer P. de Boer, die
handelt ter uitvoering van het besluit van het college van burgemeester en wethouders;
b) Gemeente Ommerveld, krachtens artikel 171 van de Gemeentewet in deze
rechtsgeldig vertegenwoordigd door haar burgemeester mevrouw K. Smit;
hierna gezamenlijk aan te duiden als "de gemeenten"
en
II. de aanbieders genoemd in bijlage 1.

Artikel 1
De gemeenten stellen voor 1 april 2027 een inkoopplan vast.
"""

BULLETED = """Convenant schone stallen 2027–2030

De ondergetekenden:

De Minister van Landbouw, Natuur en Voedselkwaliteit, handelend als bestuursorgaan, vertegenwoordigd door de heer A. Bos;

En de sectorpartijen:

  • 1. De vereniging Melkvee Lindestreek, vertegenwoordigd door de heer J. Kok, voorzitter;

  • 2. Het platform Kleine Schapen- en Geitenhouders, vertegenwoordigd door mevrouw T. Ras;

verder te noemen: partijen;

Artikel 1
Partijen evalueren dit convenant in 2029.
"""


def test_a_lettered_party_list_wrapped_over_lines_gives_its_signatories_and_block_name(nlp: DutchNLP) -> None:
    context = _context(nlp, LETTERED, kind="covenant")
    assert context.signatories == ("gemeente Aalsum", "gemeente Ommerveld")
    assert ("gemeenten", ("gemeente Aalsum", "gemeente Ommerveld")) in context.aliases


def test_a_minister_in_a_paragraph_and_numbered_entries_under_bullets_are_signatories(nlp: DutchNLP) -> None:
    context = _context(nlp, BULLETED, kind="covenant")
    assert context.signatories == ("Minister van LNV", "Vereniging Melkvee Lindestreek",
                                   "Platform Kleine Schapen- en Geitenhouders")


ONE_WORD_NAMES = """Overeenkomst woningaanpassingen Aalsum

De ondergetekenden
1. De gemeente Aalsum, hierbij rechtsgeldig vertegenwoordigd door wethouder J. Jansen, hierna te noemen “de gemeente”
en
2. Woonlinde, hierbij rechtsgeldig vertegenwoordigd door K. de Vries, manager,
3. Ommerhuis, hierbij rechtsgeldig vertegenwoordigd door L. Bakker, directeur,
hierna gezamenlijk te noemen “de woningcorporaties”,

Artikel 1
De woningcorporaties melden een aanpassing binnen vier weken bij de gemeente.
"""

PARAGRAPHS = """Convenant woonruimteverdeling Lindestreek

Het Dagelijks Bestuur van het samenwerkingsverband Lindestreek, rechtsgeldig vertegenwoordigd door haar voorzitter de heer H. Kok, hierna te noemen: het Dagelijks Bestuur

en

het bestuur van de Vereniging van Woningcorporaties Lindestreek, vertegenwoordigd door mevrouw M. Ras, voorzitter

verder te noemen: de VWL

Artikel 1
De VWL draagt zorg voor de uitvoering.
"""

BETWEEN = """Koepelovereenkomst Lindestreek

Deze Koepelovereenkomst gaat in op 1 januari 2027, TUSSEN: Gemeente Aalsum, een openbaar lichaam, rechtsgeldig vertegenwoordigd door de burgemeester, de heer J. Kok; Gemeente Ommerveld, een openbaar lichaam, rechtsgeldig vertegenwoordigd door de burgemeester, mevrouw A. Smit; en Dienstverleners genoemd op bijlage 1.

Artikel 3
Partijen overleggen twee keer per jaar.
"""


def test_one_word_names_in_a_party_list_and_a_block_name_that_leaves_out_an_entry_named_on_its_own(
        nlp: DutchNLP) -> None:
    context = _context(nlp, ONE_WORD_NAMES, kind="covenant")
    assert context.signatories == ("gemeente Aalsum", "Woonlinde", "Ommerhuis")
    assert ("woningcorporaties", ("Woonlinde", "Ommerhuis")) in context.aliases
    assert ("gemeente", ("gemeente Aalsum",)) in context.aliases


def test_parties_in_paragraphs_of_their_own_with_their_names_on_the_line_after(nlp: DutchNLP) -> None:
    context = _context(nlp, PARAGRAPHS, kind="covenant")
    assert context.signatories == ("Het Dagelijks Bestuur van het samenwerkingsverband Lindestreek",
                                   "Bestuur van de Vereniging van Woningcorporaties Lindestreek")
    assert ("vwl", ("Bestuur van de Vereniging van Woningcorporaties Lindestreek",)) in context.aliases


def test_parties_parted_by_semicolons_after_tussen_and_never_the_agreement_itself(nlp: DutchNLP) -> None:
    context = _context(nlp, BETWEEN, kind="covenant")
    assert context.signatories == ("gemeente Aalsum", "gemeente Ommerveld")
