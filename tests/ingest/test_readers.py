"""Readers for text, Markdown, DOCX, HTML and XML, file discovery, and the shared cleaning rules."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.cleaning import (
    assemble_paragraphs,
    join_hyphenated,
    join_lines,
    normalise_characters,
    repair_mojibake,
)
from ingest.readers import SUPPORTED_SUFFIXES, discover_files, read_file

DUTCH = "Eén coöperatie bouwt vóór 1 januari 2018 de ruïne om tot ‘zorgwoningen’ – zegt de financiële club."

# --------------------------------------------------------------------------------------------------
# Plain text and Markdown


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1", "utf-8", "utf-8-sig", "utf-16"])
def test_text_files_decode_dutch_diacritics_in_any_common_encoding(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / f"nota-{encoding}.txt"
    text = "één coöperatie, een ruïne en de geïnteresseerde cliënt" if encoding == "latin-1" else DUTCH
    path.write_bytes(f"{text}\r\n\r\nTweede alinea.\r\n".encode(encoding))
    extracted = read_file(path)
    assert extracted.format == "text"
    assert extracted.text == f"{text}\n\nTweede alinea."


def test_text_file_keeps_paragraphs_and_mends_hyphenated_line_ends(tmp_path: Path) -> None:
    path = tmp_path / "brief.txt"
    path.write_text(
        "Geachte voorzitter,\n\n\n\nDe gemeente zoekt de samen-\nwerking met Noord-\n"
        "Holland.\u00a0Zie\u00adhier.\n",
        encoding="utf-8",
    )
    expected = "Geachte voorzitter,\n\nDe gemeente zoekt de samenwerking met Noord-Holland. Ziehier."
    assert read_file(path).text == expected


def test_markdown_syntax_is_stripped_but_structure_kept(tmp_path: Path) -> None:
    path = tmp_path / "convenant.md"
    path.write_text(
        """---
title: "Convenant Wijkzorg"
date: 2024-03-01
---
<!-- concept, niet verspreiden -->
# Convenant **Wijkzorg**
##Artikel 1 Doel
Partijen *verplichten zich* om [de afspraken](https://example.org/a "uitleg") na te komen
en spreken af dat de __gemeente__ `regie` voert.

* eerste punt met een [[Optioneel:] link](about:blank#x)
* tweede punt

| Partij | Taak |
|--------|------|
| Gemeente | Regie |
| Aanbieder | Uitvoering |

Setext kop
----------
Een regel met een harde breuk{hard_break}
en een vervolg. ![logo](logo.png) <span>Eind</span>.
""".format(hard_break="  "),
        encoding="utf-8",
    )
    extracted = read_file(path)
    assert extracted.format == "markdown"
    assert extracted.title == "Convenant Wijkzorg" and extracted.date == "2024-03-01"
    assert extracted.text.split("\n\n") == [
        "Convenant Wijkzorg",
        "Artikel 1 Doel",
        "Partijen verplichten zich om de afspraken na te komen en spreken af dat de gemeente regie voert.",
        "- eerste punt met een [Optioneel:] link\n- tweede punt",
        "Partij | Taak\nGemeente | Regie\nAanbieder | Uitvoering",
        "Setext kop",
        "Een regel met een harde breuk\nen een vervolg. Eind.",
    ]


# --------------------------------------------------------------------------------------------------
# DOCX


def test_docx_gives_headings_paragraphs_lists_and_tables_in_order(tmp_path: Path) -> None:
    document = docx.Document()
    document.core_properties.title = "Samenwerkingsovereenkomst Jeugdhulp"
    document.add_heading("Artikel 1 Doel", level=1)
    document.add_paragraph("De gemeente en de aanbieder komen overeen dat de zorg vóór 1 april start.")
    document.add_paragraph("eerste afspraak", style="List Bullet")
    document.add_paragraph("tweede afspraak", style="List Bullet")
    table = document.add_table(rows=2, cols=3)
    for row, values in zip(table.rows, [("Partij", "Taak", "Termijn"), ("Gemeente", "Toewijzen", "5 dagen")],
                           strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    merged = document.add_table(rows=1, cols=2)
    merged.cell(0, 0).merge(merged.cell(0, 1)).text = "Samengevoegde cel"
    document.add_heading("Artikel 2 Looptijd", level=2)
    document.add_paragraph("Deze overeenkomst geldt\tvoor drie jaar.")
    path = tmp_path / "overeenkomst.docx"
    document.save(str(path))

    extracted = read_file(path)
    assert extracted.format == "docx"
    assert extracted.title == "Samenwerkingsovereenkomst Jeugdhulp"
    assert extracted.date is not None and len(extracted.date) == 10
    assert extracted.text.split("\n\n") == [
        "Artikel 1 Doel",
        "De gemeente en de aanbieder komen overeen dat de zorg vóór 1 april start.",
        "- eerste afspraak\n- tweede afspraak",
        "Partij | Taak | Termijn\nGemeente | Toewijzen | 5 dagen",
        "Samengevoegde cel",
        "Artikel 2 Looptijd",
        "Deze overeenkomst geldt voor drie jaar.",
    ]


def test_docx_without_title_property_uses_first_heading(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("Beleidsnota Wonen", level=1)
    document.add_paragraph("Tekst van de nota.")
    path = tmp_path / "nota.docx"
    document.save(str(path))
    assert read_file(path).title == "Beleidsnota Wonen"


# --------------------------------------------------------------------------------------------------
# HTML

PAGE = """<!DOCTYPE html>
<html lang="nl"><head><meta charset="{charset}">
<title>Blog wijkzorg | Gemeente Noorderhaven</title>
<meta name="date" content="2024-05-02"></head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/nieuws">Nieuws</a></li></ul></nav>
<main>
<article><h2>Samenwerken in de wijk</h2>
<p>De gemeente en de coöperatie spreken af dat zij vóór 1 juli een plan maken voor de wijkzorg in Noord.
Het plan beschrijft wie welke taak heeft en hoe bewoners meedoen.</p>
<p>Daarnaast komt er een financiële paragraaf over de kosten van het buurthuis en de ruïne aan de dijk.</p>
</article>
<article><h2>Mantelzorg verdient steun</h2>
<p>Mantelzorgers krijgen vanaf volgend jaar één loket waar zij terecht kunnen met vragen over zorg en werk.
De gemeente zegt toe dat het loket binnen drie maanden open is.</p>
</article>
</main>
<footer><p>© Gemeente Noorderhaven · Privacy · Cookies</p></footer>
</body></html>
"""


@pytest.mark.parametrize("charset", ["utf-8", "windows-1252", "iso-8859-1"])
def test_html_main_text_with_headings_in_declared_charset(tmp_path: Path, charset: str) -> None:
    path = tmp_path / "blog.html"
    path.write_bytes(PAGE.format(charset=charset).encode("cp1252" if charset != "utf-8" else "utf-8"))
    extracted = read_file(path)
    text = extracted.text
    assert extracted.format == "html"
    assert extracted.title is not None and "Blog wijkzorg" in extracted.title
    paragraphs = text.split("\n\n")
    assert "Samenwerken in de wijk" in paragraphs and "Mantelzorg verdient steun" in paragraphs
    assert "coöperatie spreken af dat zij vóór 1 juli" in text and "één loket" in text and "ruïne" in text
    assert text.index("Samenwerken in de wijk") < text.index("Mantelzorg verdient steun")
    assert "Nieuws" not in text and "Privacy" not in text


def test_html_falls_back_to_body_text_when_extraction_finds_nothing(tmp_path: Path) -> None:
    path = tmp_path / "kort.htm"
    path.write_text("<html><body><div>Agenda</div><table><tr><td>1</td><td>Opening</td></tr></table>"
                    "</body></html>", encoding="utf-8")
    text = read_file(path).text
    assert "Agenda" in text and "Opening" in text


# --------------------------------------------------------------------------------------------------
# XML

HANDELINGEN = """<?xml version="1.0" encoding="utf-8"?>
<officiele-publicatie>
 <metadata><meta name="OVERHEIDop.datumVergadering" content="2018-03-07"/></metadata>
 <handelingen><agendapunt><nr>11</nr><item-titel>Bedrijfslevenbeleid</item-titel>
  <spreekbeurt>
   <spreker><voorvoegsels>De heer</voorvoegsels> <naam><achternaam>Jansen</achternaam></naam>
    (<politiek>SP</politiek>):</spreker>
   <tekst><al-groep><al>Voorzitter, de minister zegt toe dat <nadruk type="vet">vóór de zomer</nadruk> een
    brief komt.</al><al>Daarom dien ik een motie in.</al></al-groep></tekst>
  </spreekbeurt>
  <spreekbeurt>
   <spreker><voorvoegsels>Minister</voorvoegsels> <naam><achternaam>De Vries</achternaam></naam>:</spreker>
   <tekst><al>Ik zeg dat toe.</al></tekst>
  </spreekbeurt>
 </agendapunt></handelingen>
</officiele-publicatie>
"""


def test_handelingen_xml_reads_as_speeches_with_their_speakers(tmp_path: Path) -> None:
    path = tmp_path / "handelingen.xml"
    path.write_text(HANDELINGEN, encoding="utf-8")
    extracted = read_file(path)
    assert extracted.format == "xml"
    assert extracted.title == "Bedrijfslevenbeleid" and extracted.date == "2018-03-07"
    assert extracted.text.split("\n\n") == [
        "Bedrijfslevenbeleid",
        "Voorzitter, de minister zegt toe dat vóór de zomer een brief komt.",
        "Daarom dien ik een motie in.",
        "Ik zeg dat toe.",
    ]
    turns = [(extracted.text[s.start:s.end], s.speaker) for s in extracted.speakers]
    assert turns == [
        ("Voorzitter, de minister zegt toe dat vóór de zomer een brief komt.\n\nDaarom dien ik een motie in.",
         "SP (Jansen)"),
        ("Ik zeg dat toe.", "minister De Vries"),
    ]


def test_doubly_encoded_xml_is_repaired(tmp_path: Path) -> None:
    path = tmp_path / "dubbel.xml"
    garbled = ("\ufeff" + HANDELINGEN).encode("utf-8").decode("latin-1")
    path.write_bytes(garbled.encode("utf-8"))
    text = read_file(path).text
    assert "vóór de zomer" in text and "Ã" not in text


# --------------------------------------------------------------------------------------------------
# Finding files


def test_discover_files_walks_folders_sorted_and_skips_hidden_and_unsupported(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    for name in ["b/z.md", "b/a.PDF", "a.txt", ".verborgen.txt", ".git/x.txt", "plaatje.png", "c.docx"]:
        (tmp_path / name).write_bytes(b"x")
    explicit = tmp_path / "plaatje.png"
    found = discover_files([tmp_path, explicit, tmp_path / "a.txt"])
    assert found == [tmp_path / "a.txt", tmp_path / "b" / "a.PDF", tmp_path / "b" / "z.md",
                     tmp_path / "c.docx", explicit]


def test_supported_suffixes_are_the_documented_ones() -> None:
    assert {".pdf", ".docx", ".html", ".htm", ".xml", ".txt", ".md", ".markdown"} == SUPPORTED_SUFFIXES


# --------------------------------------------------------------------------------------------------
# Cleaning rules


@pytest.mark.parametrize(
    ("head", "tail", "joined"),
    [
        ("de samen-", "werking met", "de samenwerking met"),
        ("in Noord-", "Holland", "in Noord-Holland"),
        ("alle zorg-", "en welzijnsorganisaties", "alle zorg- en welzijnsorganisaties"),
        ("de Jeugdwet-", "en Wmo-taken", "de Jeugdwet- en Wmo-taken"),
        ("de e-", "mail", "de e-mail"),
        ("een AOW-", "uitkering", "een AOW-uitkering"),
        ("periode 2019-", "2020", "periode 2019-2020"),
        ("zie https://vng.nl/isd-", "standaarden", "zie https://vng.nl/isd-standaarden"),
        ("de ge-", "ïnteresseerde", "de geïnteresseerde"),
    ],
)
def test_join_hyphenated(head: str, tail: str, joined: str) -> None:
    assert join_hyphenated(head, tail) == joined


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        # a heading in plain type above a numbered clause: the clause starts its own line (and sentence)
        (["Artikel 4 Inzet en verantwoording", "4.1 De partners leveren elk jaar een verslag aan."],
         "Artikel 4 Inzet en verantwoording\n4.1 De partners leveren elk jaar een verslag aan."),
        (["Werkwijze", "2.3.1 Partijen overleggen twee keer per jaar."],
         "Werkwijze\n2.3.1 Partijen overleggen twee keer per jaar."),
        # a wrapped reference to a numbered part, or a number in running text, stays in its line
        (["Dit volgt uit artikel", "4.1 De Wet maatschappelijke ondersteuning noemt het ook."],
         "Dit volgt uit artikel 4.1 De Wet maatschappelijke ondersteuning noemt het ook."),
        (["De groei bedroeg", "2.5 procent per jaar."], "De groei bedroeg 2.5 procent per jaar."),
    ],
)
def test_a_numbered_clause_starts_its_own_line(lines: list[str], joined: str) -> None:
    assert join_lines(lines) == joined


def test_normalise_characters() -> None:
    raw = "e\u0301e\u0301n\u00a0o\ufb03ce  zorg\u00adverzekeraar\u200b"
    assert normalise_characters(raw) == "één office zorgverzekeraar"


DUTCH_TEXT = st.text(
    alphabet=st.sampled_from(list("abcdeijklmnoprstuvwzABCDEZ éëïöüèàçÉËÏ‘’“”–—€.,;:!?()0123456789\n")),
    max_size=200,
)


@given(DUTCH_TEXT)
def test_repair_mojibake_leaves_clean_dutch_text_alone(text: str) -> None:
    assert repair_mojibake(text) == text


@given(DUTCH_TEXT)
def test_repair_mojibake_undoes_utf8_read_as_latin1(text: str) -> None:
    garbled = text.encode("utf-8").decode("latin-1")
    assert repair_mojibake(garbled) == text


@given(st.lists(st.text(min_size=0, max_size=40), max_size=8))
def test_assembled_paragraphs_have_single_blank_lines(paragraphs: list[str]) -> None:
    text = assemble_paragraphs(normalise_characters(p) for p in paragraphs)
    assert "\n\n\n" not in text
    assert text == text.strip()
    assert all(line == line.strip() for line in text.split("\n"))


def test_folder_documentation_is_skipped_unless_named(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# Over deze map\n\nUitleg.", encoding="utf-8")
    (tmp_path / "nota.md").write_text("# Nota\n\nTekst.", encoding="utf-8")
    assert [p.name for p in discover_files([tmp_path])] == ["nota.md"]
    assert [p.name for p in discover_files([tmp_path / "README.md"])] == ["README.md"]
