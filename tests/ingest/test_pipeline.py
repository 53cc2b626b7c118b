"""The ingest pipeline: extracted text (or a file) in, frozen ParsedDocuments out."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from pathlib import Path

import pytest

from ingest.boilerplate import line_role
from ingest.extracted import ExtractedText, PageSpan
from ingest.pipeline import parse_extracted, parse_file
from rodedraad.errors import EmptyDocument, IngestError
from rodedraad.records import ParsedDocument, document_id, sha256_text

REPO = Path(__file__).resolve().parents[2]
SEEDS = Path(os.environ.get("RODEDRAAD_SHARED", REPO.parent / "shared")) / "seeds"

BODY_A = (
    "Ik was vorige week in Noord, waar negen organisaties een convenant tekenden. Zij bundelen hun "
    "krachten voor drie jaar: één budget, één opdracht, één gezamenlijke aanpak voor de buurthuizen. "
    "Wat mij opviel was hoe lang het gesprek erover had geduurd, en hoe vanzelfsprekend het nu voelt."
)
BODY_B = (
    "Samenwerken in de regio is lastig. Gemeenten verschillen in grootte, in geld en in ambitie, en "
    "toch moeten zij samen de jeugdhulp inkopen. Wij zien dat het werkt wanneer de kleinste gemeente "
    "evenveel stem heeft als de grootste, en wanneer iedereen weet wie waarover beslist."
)
PAGE = f"""Zoeken

Samen kunnen we meer

samen-noord.png

{BODY_A}

{BODY_A}

De auteur, Anna de Vries, is adviseur bij een adviesbureau voor het sociaal domein.

Advertenties

Regionaal samenwerken

regio.jpg

{BODY_B}

{BODY_B}

Geef een reactie

Je reageert onder je WordPress.com account. Log uit /  Bijwerken )

Deze site gebruikt Akismet om spam te bestrijden.
"""

# Chrome that must never reach a passage (checked at line starts).
CHROME_STARTS = (
    "Geef een reactie", "Vul je gegevens in", "Je reageert onder", "Log uit", "Verbinden met",
    "Deze site gebruikt Akismet", "Advertenties", "Deel:", "Delen:", "Share this", "Search",
    "Close this search box", "Bestel hier", "Vind ik leuk", "Laden...", "Zoeken",
)


def _check_documents(parsed: list[ParsedDocument], source: str) -> None:
    for ordinal, item in enumerate(parsed):
        document = item.document
        assert document.id == document_id(source, ordinal, document.text)
        assert document.sha256 == sha256_text(document.text)
        assert document.source == source and document.organisations == ()
        assert document.kind in ("covenant", "policy_note", "blog", "other")
        assert document.text == document.text.strip() and document.text
        assert [p.ordinal for p in item.passages] == list(range(len(item.passages)))
        for passage in item.passages:
            assert passage.doc_id == document.id
            assert document.text[passage.start:passage.end] == passage.text


def _chrome_lines(parsed: list[ParsedDocument]) -> list[str]:
    leaks = []
    for item in parsed:
        for passage in item.passages:
            for line in passage.text.splitlines():
                stripped = line.strip()
                if line_role(stripped).is_dropped or stripped.startswith(CHROME_STARTS):
                    leaks.append(stripped)
    return leaks


def test_web_page_becomes_one_document_per_article() -> None:
    parsed = parse_extracted(ExtractedText(PAGE, "text"), source="pages/blog.txt")
    _check_documents(parsed, "pages/blog.txt")
    assert [p.document.title for p in parsed] == ["Samen kunnen we meer", "Regionaal samenwerken"]
    assert all(p.document.kind == "blog" for p in parsed)
    assert parsed[0].document.text.startswith(f"Samen kunnen we meer\n\n{BODY_A}")
    assert parsed[0].document.text.endswith("voor het sociaal domein.")
    # the author biography stays with the document, after the text its passages cover, in no passage
    assert parsed[0].passages[-1].text.endswith(BODY_A)
    assert not any("Anna de Vries" in passage.text for passage in parsed[0].passages)
    assert parsed[1].document.text.endswith(BODY_B)
    assert _chrome_lines(parsed) == []
    assert all(p.page is None for item in parsed for p in item.passages)


def test_records_are_frozen_and_ids_stable() -> None:
    first = parse_extracted(ExtractedText(PAGE, "html"), source="a.html")
    again = parse_extracted(ExtractedText(PAGE, "html"), source="a.html")
    other = parse_extracted(ExtractedText(PAGE, "html"), source="b.html")
    assert [p.document.id for p in first] == [p.document.id for p in again]
    assert {p.document.id for p in first}.isdisjoint(p.document.id for p in other)
    with pytest.raises(dataclasses.FrozenInstanceError):
        first[0].document.title = "x"  # type: ignore[misc]


def test_single_article_web_page_takes_the_html_title() -> None:
    page = f"Menu\n\nRegionaal samenwerken\n\n{BODY_B}\n\n{BODY_B}"
    extracted = ExtractedText(page, "html", title="Regionaal samenwerken in de jeugdhulp | Bureau Oost")
    (parsed,) = parse_extracted(extracted, source="x.html")
    assert parsed.document.title == "Regionaal samenwerken in de jeugdhulp"


def test_pdf_is_one_document_with_pages_and_no_article_split() -> None:
    head = "\n\n  Convenant wijkaanpak Noord\n\n"
    page_one = f"{head}Advertenties\n\n{BODY_A}\n\n"  # not web chrome in a PDF: kept
    page_two = f"Regionaal samenwerken\n\n{BODY_B}\n\nAmsterdam, 12 maart 2019\n"
    text = page_one + page_two
    pages = (PageSpan(1, 0, len(page_one)), PageSpan(2, len(page_one), len(text)))
    (parsed,) = parse_extracted(ExtractedText(text, "pdf", pages, None, "D:20190401000000"), source="c.pdf")
    _check_documents([parsed], "c.pdf")
    document = parsed.document
    assert document.title == "Convenant wijkaanpak Noord"
    assert document.date == "2019-03-12"
    assert "Advertenties" in document.text  # no web cleaning for PDFs
    offset = len(head) - len(head.lstrip())
    for passage in parsed.passages:
        expected = 1 if passage.start + offset < len(page_one) else 2
        assert passage.page == expected
    assert [p.page for p in parsed.passages] == [1, 2]


def test_empty_documents_raise_with_the_source_named() -> None:
    with pytest.raises(EmptyDocument, match=r"leeg\.html"):
        parse_extracted(ExtractedText("Zoeken\n\nDelen:\n\nAdvertenties\n", "html"), source="leeg.html")
    with pytest.raises(EmptyDocument, match=r"scan\.pdf"):
        parse_extracted(ExtractedText(" \n\n \n", "pdf"), source="scan.pdf")


def test_plain_text_without_site_furniture_is_one_document() -> None:
    letter = f"Gemeente Noordstad\n\nSamen kunnen we meer\n\n{BODY_A}\n\nRegionaal samenwerken\n\n{BODY_B}"
    (parsed,) = parse_extracted(ExtractedText(letter, "text"), source="brief.txt")
    assert parsed.document.text == letter
    assert parsed.document.title == "Samen kunnen we meer"


def test_plain_text_with_section_separators_is_still_one_document() -> None:
    note = f"Notitie wijkaanpak\n\n{BODY_A}\n\n***\n\nDe aanpak in de regio Noord\n\n{BODY_B}\n\nfiguur-1"
    (parsed,) = parse_extracted(ExtractedText(note, "text"), source="notitie.txt")
    assert parsed.document.text == note


def test_seeds_yield_clean_articles() -> None:
    seeds = sorted(SEEDS.glob("*.txt"))
    if not seeds:
        pytest.skip("shared seeds are not available")
    counts = {}
    for path in seeds:
        parsed = parse_file(path)[1]
        _check_documents(parsed, str(path))
        assert _chrome_lines(parsed) == [], path.name
        counts[path.name[:3]] = len(parsed)
        for item in parsed:
            sizes = [len(p.text.split()) for p in item.passages]
            assert max(sizes) <= 290, path.name
    assert all(count >= 1 for count in counts.values())
    assert counts.get("000", 5) >= 4 and counts.get("002", 10) >= 8


def test_parse_file_reports_the_source_file(tmp_path: Path) -> None:
    path = tmp_path / "pagina.txt"
    path.write_text(PAGE, encoding="utf-8")
    source_file, parsed = parse_file(path)
    assert source_file.path == str(path)
    assert source_file.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert source_file.size == path.stat().st_size
    _check_documents(parsed, str(path))
    renamed_file, renamed = parse_file(path, source="upload/pagina.txt")
    assert renamed_file.path == "upload/pagina.txt"
    assert all(p.document.source == "upload/pagina.txt" for p in renamed)


def test_parse_file_passes_reader_errors_on(tmp_path: Path) -> None:
    path = tmp_path / "groot.txt"
    path.write_text(PAGE, encoding="utf-8")
    with pytest.raises(IngestError):
        parse_file(path, max_bytes=10)
    empty = tmp_path / "leeg.txt"
    empty.write_text("Zoeken\n\nDelen:\n", encoding="utf-8")
    with pytest.raises(IngestError, match=r"leeg\.txt"):
        parse_file(empty)


def test_demo_corpus_documents_kinds_and_titles() -> None:
    corpus = REPO / "corpora"
    annotations = corpus / "annotations.json"
    if not annotations.exists():
        pytest.skip("the demo corpus is not there")
    gold = json.loads(annotations.read_text(encoding="utf-8"))["documents"]
    by_file: dict[str, list[dict]] = {}
    for entry in gold:
        by_file.setdefault(entry["file"], []).append(entry)
    kinds = titles = total = 0
    for file, expected in by_file.items():
        parsed = parse_file(corpus / file)[1]
        assert len(parsed) == len(expected), file
        for entry, item in zip(sorted(expected, key=lambda e: e.get("article", 1)), parsed, strict=True):
            total += 1
            kinds += item.document.kind == entry["kind"]
            titles += item.document.title == entry["title"]
    assert kinds / total >= 0.9 and titles / total >= 0.8
