"""Reading order on generated layouts: three columns in landscape with footnotes and a watermark, two
columns in portrait (see ``pdf_layouts.py`` for what is drawn)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pdf_layouts import Layout, three_column_agreement, two_column_portrait

from ingest.extracted import ExtractedText
from ingest.readers import read_file


@pytest.fixture(scope="module", params=["rotated", "letters"])
def agreement(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Layout, ExtractedText]:
    path = tmp_path_factory.mktemp("pdf") / f"akkoord-{request.param}.pdf"
    layout = three_column_agreement(path, watermark_style=request.param)
    return layout, read_file(path)


@pytest.fixture(scope="module")
def portrait(tmp_path_factory: pytest.TempPathFactory) -> tuple[Layout, ExtractedText]:
    path = tmp_path_factory.mktemp("pdf") / "programma.pdf"
    layout = two_column_portrait(path)
    return layout, read_file(path)


def test_three_column_sentences_are_intact_and_in_column_order(agreement: tuple[Layout, ExtractedText]) -> None:
    layout, extracted = agreement
    text = extracted.text
    missing = [sentence for sentence in layout.sentences if sentence not in text]
    assert not missing, missing[:3]
    found = [text.index(sentence) for sentence in layout.sentences]
    assert found == sorted(found), "columns read out of order"


def test_three_column_pages_keep_their_spans(agreement: tuple[Layout, ExtractedText]) -> None:
    layout, extracted = agreement
    assert [span.page for span in extracted.pages] == [1, 2, 3]
    for sentence in layout.sentences:
        page = int(re.search(r"afspraak (\d)\.", sentence).group(1)) if "afspraak" in sentence else None  # type: ignore[union-attr]
        if page is not None:
            assert extracted.page_at(extracted.text.index(sentence)) == page


def test_watermark_leaves_no_letters_in_text_or_title(agreement: tuple[Layout, ExtractedText]) -> None:
    _, extracted = agreement
    assert "concept" not in extracted.text.lower()
    assert not re.search(r"(?<!\w)[CONEPT](?!\w)", extracted.text), "single watermark letters in the text"
    assert extracted.title == "Bestuurlijk akkoord over zorg en welzijn in de regio"


def test_footnotes_stand_apart_from_body_sentences(agreement: tuple[Layout, ExtractedText]) -> None:
    layout, extracted = agreement
    paragraphs = extracted.text.split("\n\n")
    for note in layout.footnotes:
        holders = [p for p in paragraphs if note in p]
        assert len(holders) == 1, note
        assert not any(sentence in holders[0] for sentence in layout.sentences), "a footnote inside body text"
    # the raised markers after the sentences are not glued to the words
    assert not re.search(r"regio\.\d", extracted.text)


def test_running_header_footer_and_page_numbers_are_gone(agreement: tuple[Layout, ExtractedText]) -> None:
    layout, extracted = agreement
    for running in layout.running:
        assert running not in extracted.text
    assert "Pagina" not in extracted.text


def test_hyphenation_is_repaired_across_line_ends(agreement: tuple[Layout, ExtractedText]) -> None:
    layout, extracted = agreement
    for word in set(layout.hyphenated_words):
        assert word in extracted.text
    assert not re.search(r"\w-\s+\w+ingsagenda|arbeids-\s", extracted.text)
    assert "\ufffe" not in extracted.text and "\u00ad" not in extracted.text


def test_headings_are_paragraphs_of_their_own(agreement: tuple[Layout, ExtractedText]) -> None:
    layout, extracted = agreement
    paragraphs = extracted.text.split("\n\n")
    for heading in layout.headings:
        assert heading in paragraphs, heading


def test_two_column_portrait_reads_left_column_first(portrait: tuple[Layout, ExtractedText]) -> None:
    layout, extracted = portrait
    text = extracted.text
    assert not [s for s in layout.sentences if s not in text]
    found = [text.index(sentence) for sentence in layout.sentences]
    assert found == sorted(found)
    assert text.startswith("Uitvoeringsprogramma wonen en zorg 2026\n\n")
    assert extracted.title == "Uitvoeringsprogramma wonen en zorg 2026"


def test_page_spans_cover_the_text_without_gaps(agreement: tuple[Layout, ExtractedText]) -> None:
    _, extracted = agreement
    assert extracted.pages[0].start == 0 and extracted.pages[-1].end == len(extracted.text)
    assert all(a.end == b.start for a, b in zip(extracted.pages, extracted.pages[1:], strict=False))


def test_soft_hyphens_at_line_ends_join_the_word(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    path = tmp_path / "zacht.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.setFont("Helvetica", 10)
    pdf.drawString(72, 700, "De gemeente zoekt nadrukkelijk de samen\u00ad")
    pdf.drawString(72, 687, "werking met de partners in de regio en de provin\u00ad")
    pdf.drawString(72, 674, "cie Utrecht, en met de inwoners van Noord-")
    pdf.drawString(72, 661, "Holland die er wonen.")
    pdf.save()
    text = read_file(path).text
    assert "samenwerking met de partners" in text
    assert "provincie Utrecht" in text
    assert "Noord-Holland die" in text
    assert not re.search("[\ufffe\u00ad\u0002]", text)


def test_pages_without_ruling_never_reach_the_table_finder(
    portrait: tuple[Layout, ExtractedText], monkeypatch: pytest.MonkeyPatch
) -> None:
    import ingest.pdf.reader as reader

    def refuse(*arguments: object) -> list[object]:
        raise AssertionError("table finder called on a page without ruling")

    monkeypatch.setattr(reader, "ruled_tables", refuse)
    layout, _ = portrait
    assert read_file(layout.path).text.startswith("Uitvoeringsprogramma")


def test_reads_from_several_threads_agree(agreement: tuple[Layout, ExtractedText]) -> None:
    # PDFium is not thread-safe; the reader serialises its calls, so parallel reads give the same text.
    from concurrent.futures import ThreadPoolExecutor

    layout, extracted = agreement
    with ThreadPoolExecutor(max_workers=4) as pool:
        texts = list(pool.map(lambda _: read_file(layout.path).text, range(8)))
    assert all(text == extracted.text for text in texts)


def test_sidebar_is_read_apart_from_the_body(tmp_path: Path) -> None:
    from pdf_layouts import text_with_sidebar

    layout = text_with_sidebar(tmp_path / "kader.pdf")
    text = read_file(layout.path).text
    paragraphs = text.split("\n\n")
    assert not [s for s in layout.sentences if s not in text]
    for note in layout.footnotes:
        holders = [p for p in paragraphs if note in p]
        assert len(holders) == 1 and not any(s in holders[0] for s in layout.sentences)


def test_watermark_drawn_in_the_middle_of_a_line_is_dropped(tmp_path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    path = tmp_path / "midden.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setTitle("Afspraken over de wijkaanpak in Noorderhaven")
    head, tail = "De gemeente en de partners in de wijk ", "spreken af dat zij elk kwartaal samen de voortgang bespreken."
    for row in range(12):
        y = A4[1] - 80 - 14 * row
        pdf.setFont("Helvetica", 10)
        pdf.drawString(60, y, head)
        if row == 6:  # the watermark enters the content stream between two halves of a line
            pdf.saveState()
            pdf.setFillColorRGB(0.85, 0.85, 0.85)
            pdf.translate(A4[0] / 2, A4[1] / 2)
            pdf.rotate(40)
            pdf.setFont("Helvetica-Bold", 120)
            pdf.drawCentredString(0, 0, "CONCEPT")
            pdf.restoreState()
            pdf.setFont("Helvetica", 10)
        pdf.drawString(60 + stringWidth(head, "Helvetica", 10), y, tail)
    pdf.save()
    text = read_file(path).text
    assert text.count(head + tail) == 12
    assert "concept" not in text.lower() and not re.search(r"(?<!\w)[CONEPT](?!\w)", text)


def test_page_set_sideways_is_still_read(tmp_path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path = tmp_path / "gedraaid.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.translate(100, 100)
    pdf.rotate(90)  # all text turned: a wide table printed sideways, not a watermark
    pdf.setFont("Helvetica", 10)
    for row in range(30):
        pdf.drawString(0, -14 * row, f"Regel {row} van de gedraaide tabel met afspraken over de zorg in de wijk.")
    pdf.save()
    text = read_file(path).text
    assert all(f"Regel {row} van de gedraaide tabel" in text for row in range(30))


def test_a_heading_run_in_at_the_start_of_a_line_is_a_paragraph_of_its_own(tmp_path: Path) -> None:
    """A newsletter sets its heading in a larger size and goes on with the text on the same line; a larger word
    inside a sentence that runs on in lower case stays in it."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    path = tmp_path / "bulletin.pdf"
    pdf = canvas.Canvas(str(path))
    heading, start = "Gesprekken met bewoners aan de Buurtweg", "De gemeente wil de participatie van de"
    pdf.setFont("Helvetica-Bold", 12)
    pdf.drawString(60, 700, heading)
    pdf.setFont("Helvetica", 10)
    pdf.drawString(60 + stringWidth(heading + " ", "Helvetica-Bold", 12), 700, start)
    pdf.drawString(60, 687, "bewoners versterken door gebiedsgericht te werken. Zij kijken wat er leeft in de wijk.")
    pdf.setFont("Helvetica-Bold", 12)
    pdf.drawString(60, 660, "Belangrijk")
    pdf.setFont("Helvetica", 10)
    pdf.drawString(60 + stringWidth("Belangrijk ", "Helvetica-Bold", 12), 660, "is dat iedereen zich aanmeldt.")
    pdf.save()
    paragraphs = read_file(path).text.split("\n\n")
    assert heading in paragraphs
    assert any(p.startswith(start + " bewoners versterken") for p in paragraphs)
    assert "Belangrijk is dat iedereen zich aanmeldt." in paragraphs
