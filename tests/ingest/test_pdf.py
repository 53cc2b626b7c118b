"""PDF reading on real PDFs: made here with reportlab, and the shared corpus when it is present."""

from __future__ import annotations

import io
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from ingest.readers import read_file
from rodedraad.errors import CorruptFile, EncryptedPdf, NoTextLayer

REPO = Path(__file__).resolve().parents[2]
CORPUS = Path(os.environ.get("RODEDRAAD_SHARED", REPO.parent / "shared")) / "corpus"
PAGE_NUMBER_LINE = re.compile(r"^(?:(?:pagina|page|blz\.?)\s*)?\d{1,3}(?:\s*(?:/|van|of)\s*\d{1,3})?$", re.I)
STAATSCOURANT = CORPUS / "pdf" / "staatscourant-2019-ministeriele-regeling-verplichte-istandaarden.pdf"


def positions(text: str, pattern: str) -> list[int]:
    return [m.start() for m in re.finditer(pattern, text)]


# --------------------------------------------------------------------------------------------------
# Layout


def test_single_column_pdf_keeps_paragraphs_pages_and_title(
    make_pdf: Callable[..., Path], pdf_tools: Any
) -> None:
    draw_lines, wrap = pdf_tools.draw_lines, pdf_tools.wrap
    first = "De gemeente en de aanbieders spreken af dat zij vóór 1 januari 2025 een plan opstellen. " * 3
    second = "Partijen verplichten zich om de coöperatie jaarlijks te evalueren en te rapporteren. " * 3

    def draw(pdf: canvas.Canvas, page: int) -> None:
        top = draw_lines(pdf, wrap(first if page == 1 else second, 450), 72, 100)
        draw_lines(pdf, wrap("Een tweede alinea volgt na een witregel op deze pagina.", 450), 72, top + 14)

    path = make_pdf("beleidsnota.pdf", 2, draw, title="Beleidsnota wonen en zorg")
    extracted = read_file(path)

    assert extracted.format == "pdf"
    assert extracted.title == "Beleidsnota wonen en zorg"
    assert [span.page for span in extracted.pages] == [1, 2]
    assert extracted.pages[0].start == 0 and extracted.pages[-1].end == len(extracted.text)
    assert extracted.pages[0].end == extracted.pages[1].start
    paragraphs = extracted.text.split("\n\n")
    assert len(paragraphs) == 4
    assert paragraphs[0].startswith("De gemeente") and "\n" not in paragraphs[0]
    assert "vóór 1 januari 2025" in paragraphs[0] and "coöperatie" in paragraphs[2]
    second_page = extracted.text[extracted.pages[1].start : extracted.pages[1].end]
    assert second_page.lstrip().startswith("Partijen verplichten")
    assert extracted.page_at(extracted.text.index("Partijen")) == 2


def test_two_columns_are_read_in_column_order(two_column_pdf: Path) -> None:
    extracted = read_file(two_column_pdf)
    text = extracted.text
    assert [span.page for span in extracted.pages] == [1, 2, 3]
    for page, letter in ((1, "a"), (2, "b"), (3, "c")):
        left = positions(text, rf"Zin L{letter}\d")
        right = positions(text, rf"Zin R{letter}\d")
        assert len(left) == 6 and len(right) == 6, text
        assert left == sorted(left) and right == sorted(right)
        assert max(left) < min(right), f"page {page}: right column read before the left one ended"
        span = extracted.pages[page - 1]
        assert all(span.start <= p < span.end for p in left + right)
    # whole sentences survive line wrapping: no line ends in the middle of a sentence
    assert len(re.findall(r"Zin [LR][abc]\d gaat over de gemeente en de \w+ in de regio\.", text)) == 36
    # the full-width heading comes first, before both columns of page 1
    assert text.index("Afspraken over samenwerking") < min(positions(text, r"Zin [LR]a"))


def test_running_headers_footers_and_page_numbers_are_removed(two_column_pdf: Path) -> None:
    text = read_file(two_column_pdf).text
    assert "Convenant Zorg en Welzijn Noorderhaven 2024" not in text
    assert "versie 1.0" not in text
    assert "Afdeling Sociaal Domein" not in text
    assert "Pagina" not in text
    assert not [line for line in text.split("\n") if PAGE_NUMBER_LINE.match(line.strip())]


def test_page_numbers_alone_are_removed_even_without_repeating_text(
    make_pdf: Callable[..., Path], pdf_tools: Any
) -> None:
    draw_lines, wrap = pdf_tools.draw_lines, pdf_tools.wrap
    def draw(pdf: canvas.Canvas, page: int) -> None:
        topic = ("de wijkaanpak", "het buurthuis", "de mantelzorg")[page - 1]
        draw_lines(pdf, wrap(f"Tekst van deze pagina gaat over {topic} in de gemeente. " * 4, 450), 72, 100)
        pdf.setFont("Helvetica", 9)
        pdf.drawCentredString(A4[0] / 2, 30, str(page))

    text = read_file(make_pdf("nummers.pdf", 3, draw)).text
    assert not [line for line in text.split("\n") if PAGE_NUMBER_LINE.match(line.strip())]
    assert text.count("Tekst van deze pagina") == 12


def test_hyphenation_at_line_ends_is_repaired_but_real_hyphens_stay(
    make_pdf: Callable[..., Path], pdf_tools: Any
) -> None:
    lines = [
        "De gemeenten in de provincie zoeken nadrukkelijk de samen-",
        "werking met de zorgaanbieders in de regio Noord-",
        "Holland, en ook met de zorg- en welzijnsorganisaties die",
        "in de wijken werken aan de gezondheid van hun bewoners.",
    ]
    path = make_pdf("afbreking.pdf", 1, lambda pdf, page: pdf_tools.draw_lines(pdf, lines, 72, 100))
    text = read_file(path).text
    assert "samenwerking met" in text
    assert "Noord-Holland," in text
    assert "zorg- en welzijnsorganisaties" in text
    assert "samen-" not in text


def test_ruled_table_becomes_rows_of_cells(make_pdf: Callable[..., Path], pdf_tools: Any) -> None:
    rows = [("Partij", "Taak", "Termijn"), ("Gemeente", "Beschikking afgeven", "binnen 8 weken"),
            ("Aanbieder", "Zorg leveren", "binnen 2 weken")]

    def draw(pdf: canvas.Canvas, page: int) -> None:
        pdf_tools.draw_lines(pdf, ["Onderstaande tabel geeft de afspraken tussen partijen weer."], 72, 80)
        x_edges = [72, 200, 360, 500]
        top = pdf_tools.page_height - 100
        for r, row in enumerate(rows):
            y = top - r * 24
            for c, cell in enumerate(row):
                pdf.drawString(x_edges[c] + 4, y - 16, cell)
        for r in range(len(rows) + 1):
            pdf.line(x_edges[0], top - r * 24, x_edges[-1], top - r * 24)
        for x in x_edges:
            pdf.line(x, top, x, top - len(rows) * 24)

    text = read_file(make_pdf("tabel.pdf", 1, draw)).text
    assert "Partij | Taak | Termijn" in text
    assert "Gemeente | Beschikking afgeven | binnen 8 weken" in text
    assert "Aanbieder | Zorg leveren | binnen 2 weken" in text
    assert text.index("Onderstaande tabel") < text.index("Partij | Taak")


# --------------------------------------------------------------------------------------------------
# Broken, locked and scanned PDFs


def _pdf_bytes(text: str) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.drawString(72, 700, text)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _encrypted(data: bytes, user_password: str) -> bytes:
    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(data)).pages:
        writer.add_page(page)
    writer.encrypt(user_password=user_password, owner_password="eigenaar", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_password_protected_pdf_raises_encrypted_pdf(tmp_path: Path) -> None:
    path = tmp_path / "geheim.pdf"
    path.write_bytes(_encrypted(_pdf_bytes("Vertrouwelijke afspraken tussen partijen."), "wachtwoord"))
    with pytest.raises(EncryptedPdf) as caught:
        read_file(path)
    assert str(path) in str(caught.value) and "\n" not in str(caught.value)


def test_pdf_with_only_an_owner_password_is_readable(tmp_path: Path) -> None:
    path = tmp_path / "beperkt.pdf"
    path.write_bytes(_encrypted(_pdf_bytes("Openbare afspraken tussen partijen."), ""))
    assert "Openbare afspraken tussen partijen." in read_file(path).text


@pytest.mark.parametrize("keep", [0.5, 0.9])
def test_truncated_pdf_raises_corrupt_file(tmp_path: Path, keep: float) -> None:
    data = _pdf_bytes("Deze tekst wordt nooit gelezen.")
    path = tmp_path / "kapot.pdf"
    path.write_bytes(data[: int(len(data) * keep)])
    with pytest.raises(CorruptFile) as caught:
        read_file(path)
    assert str(path) in str(caught.value)


def test_garbage_after_pdf_header_raises_corrupt_file(tmp_path: Path) -> None:
    path = tmp_path / "rommel.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20 + b"\n%%EOF\n")
    with pytest.raises(CorruptFile):
        read_file(path)


def test_text_file_named_pdf_raises_corrupt_file(tmp_path: Path) -> None:
    path = tmp_path / "vermomd.pdf"
    path.write_text("Dit is gewoon tekst, geen PDF.", encoding="utf-8")
    with pytest.raises(CorruptFile, match="not a PDF"):
        read_file(path)


@pytest.mark.parametrize("content", ["image", "shapes"])
def test_scanned_pdf_without_text_raises_no_text_layer(make_pdf: Callable[..., Path], content: str) -> None:
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    picture = Image.new("RGB", (200, 120), "white")
    for x in range(20, 180):
        for y in (30, 60, 90):
            picture.putpixel((x, y), (0, 0, 0))  # lines of "scanned text"

    def draw(pdf: canvas.Canvas, page: int) -> None:
        if content == "image":
            pdf.drawImage(ImageReader(picture), 72, 400, width=400, height=240)
        else:
            for row in range(20):
                pdf.rect(72, 700 - row * 14, 300 + (row % 3) * 40, 6, fill=1)

    path = make_pdf(f"scan-{content}.pdf", 2, draw)
    with pytest.raises(NoTextLayer) as caught:
        read_file(path)
    message = str(caught.value)
    assert message.startswith(str(path)) and "OCR" in message and "\n" not in message


# --------------------------------------------------------------------------------------------------
# The shared corpus (skipped when /work/shared is not there)

needs_corpus = pytest.mark.skipif(not STAATSCOURANT.exists(), reason="shared corpus not available")


@pytest.fixture(scope="module")
def staatscourant() -> str:
    if not STAATSCOURANT.exists():
        pytest.skip("shared corpus not available")
    return read_file(STAATSCOURANT).text


@needs_corpus
def test_staatscourant_reads_in_order(staatscourant: str) -> None:
    text = staatscourant
    # the articles and the explanation follow each other as in the regulation
    order = [text.index(marker) for marker in ("ARTIKEL I\n", "ARTIKEL II\n", "ARTIKEL III\n", "TOELICHTING")]
    assert order == sorted(order)
    # the masthead is not glued to the body text beside it
    assert "STAATSCOURANT" in text.split("\n\n")[0] and len(text.split("\n\n")[0]) < 40
    # the running footer ("Staatscourant 2019 nr. ...") is gone from every page
    assert not re.search(r"Staatscourant 2019 nr\. 41519", text)
    # footnote references are not glued to words, and no lines are only page numbers
    assert not re.search(r"[a-z]{4,}\d\b", text)
    assert not [line for line in text.split("\n") if PAGE_NUMBER_LINE.match(line.strip())]


@needs_corpus
def test_staatscourant_sentence_runs_on_over_the_page_break(staatscourant: str) -> None:
    # No paragraph may start with a lowercase word: sentences broken by page breaks or footnotes
    # are joined again. (Lines of a list inside a paragraph are not paragraph starts.)
    starts = [p[:1] for p in staatscourant.split("\n\n")]
    assert not [s for s in starts if s.islower()]


def _corpus_files() -> list[Path]:
    if not CORPUS.exists():
        return []
    files = CORPUS.rglob("*")
    return sorted(p for p in files if p.is_file() and p.suffix != ".tsv" and p.name != "README.md")


@pytest.mark.parametrize("path", _corpus_files(), ids=lambda p: p.name)
def test_every_corpus_file_reads_into_real_text(path: Path) -> None:
    extracted = read_file(path)
    words = re.findall(r"[^\W\d_]{3,}", extracted.text)
    assert len(words) >= 80, f"{path.name}: only {len(words)} words"
    assert "\n\n\n" not in extracted.text and extracted.text == extracted.text.strip()
    assert "\ufffd" not in extracted.text and not re.search(r"Ã[\x80-\xbf©«¯¶¼]|â€", extracted.text)
    if extracted.format == "pdf":
        assert extracted.pages and extracted.pages[0].start == 0
        assert extracted.pages[-1].end == len(extracted.text)
        assert all(a.end == b.start for a, b in zip(extracted.pages, extracted.pages[1:], strict=False))
        assert not [line for line in extracted.text.split("\n") if PAGE_NUMBER_LINE.match(line.strip())]


# --------------------------------------------------------------------------------------------------
# Columns with a ragged left side, borderless key/value tables, headers split by the gutter

PARTIES = [
    "de gemeente Oosterburg, vertegenwoordigd door de heer B. Smit, wethouder Wonen en Welzijn, hierna: de gemeente;",
    "Stichting Buurtwerk Oosterburg, vertegenwoordigd door mevrouw C. Jansen, directeur, hierna: Buurtwerk;",
    "Woningstichting De Linde, vertegenwoordigd door de heer R. Visser, bestuurder;",
    "Huisartsenkring Oosterburg, vertegenwoordigd door mevrouw E. de Boer, voorzitter;",
    "GGD Regio Oost, vertegenwoordigd door de heer T. Mulder, directeur publieke gezondheid.",
]
PARTNERS_SENTENCE = "Buurtwerk, De Linde, de Huisartsenkring en de GGD heten hierna samen de partners."
BACKGROUND = [
    "In 2024 werkten in de wijk Oosterburg-Noord elf organisaties langs elkaar heen. Bewoners wisten niet "
    "waar zij met een vraag over geld, wonen of eenzaamheid terechtkonden en werden vaak doorverwezen.",
    "De gemeenteraad heeft daarom gekozen voor één wijkteam per wijk met één aanspreekpunt. Partijen "
    "leggen in deze overeenkomst vast hoe zij dat vóór 1 januari 2027 samen inrichten en wie welke taak heeft.",
    "Het college zal de raad jaarlijks informeren over de voortgang, met cijfers én ervaringen van bewoners.",
]
TITLE = "Overeenkomst Wijkgericht Werken Oosterburg 2026–2029"


def _two_frame_page(
    path: Path, aligned: bool, gap: float = 24.0, size: float = 10.0, bullet_text: str = "–"
) -> Path:
    """A page laid out like a word processor's: full-width title and lead, then two frames.

    The left frame starts with a dash list whose lines end raggedly. With ``aligned`` every paragraph
    has the same leading and no extra spacing, so the two columns share their baselines row by row
    (the case a key/value table also shows); otherwise list items get extra space, as in most styles.
    """
    from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import BaseDocTemplate, Frame, FrameBreak, PageTemplate, Paragraph

    width, height = A4
    margin, title_height = 60.0, 110.0
    column_width = (width - 2 * margin - gap) / 2
    top = height - margin - title_height
    frames = [
        Frame(margin, top, width - 2 * margin, title_height, id="titel", leftPadding=0, rightPadding=0),
        Frame(margin, margin, column_width, top - margin, id="links", leftPadding=0, rightPadding=0),
        Frame(margin + column_width + gap, margin, column_width, top - margin, id="rechts", leftPadding=0,
              rightPadding=0),
    ]
    doc = BaseDocTemplate(str(path), pagesize=A4, invariant=1)
    doc.addPageTemplates([PageTemplate(id="pagina", frames=frames)])
    spacing = 0 if aligned else 5
    body = ParagraphStyle("tekst", fontName="Helvetica", fontSize=size, leading=1.3 * size, alignment=TA_JUSTIFY,
                          spaceAfter=0 if aligned else 6)
    bullet = ParagraphStyle("opsomming", parent=body, alignment=TA_LEFT, leftIndent=11, bulletIndent=0,
                            spaceAfter=spacing)
    heading = ParagraphStyle("kop", fontName="Helvetica-Bold", fontSize=size, leading=1.3 * size, spaceAfter=spacing)
    title = ParagraphStyle("titel", fontName="Helvetica-Bold", fontSize=17, leading=21, spaceAfter=8)
    lead = ParagraphStyle("inleiding", fontName="Helvetica-Oblique", fontSize=11, leading=14)
    story: list[Any] = [
        Paragraph(TITLE, title),
        Paragraph("Afspraken tussen de gemeente Oosterburg en vier maatschappelijke partners over de inzet in "
                  "de wijken. Vastgesteld op 3 maart 2026.", lead),
        FrameBreak(),
        Paragraph("Partijen", heading),
        *[Paragraph(item, bullet, bulletText=bullet_text) for item in PARTIES],
        Paragraph(PARTNERS_SENTENCE, body),
        FrameBreak(),
        Paragraph("Achtergrond", heading),
        *[Paragraph(text, body) for text in BACKGROUND],
    ]
    doc.build(story)
    return path


@pytest.mark.parametrize("aligned", [False, True], ids=["own-spacing", "shared-baselines"])
def test_columns_whose_left_side_is_a_ragged_dash_list_are_read_column_by_column(
    tmp_path: Path, aligned: bool
) -> None:
    extracted = read_file(_two_frame_page(tmp_path / "overeenkomst.pdf", aligned))
    text = extracted.text
    lines = text.split("\n")
    # every list item is whole and starts its own line, with nothing of the right column glued into it
    # (with no spacing at all, the paragraph after the list may run on after the last item's line)
    for item in PARTIES:
        assert any(line.startswith(f"– {item}") for line in lines), text
    assert all(f"– {item}" in lines for item in PARTIES[:-1]) and PARTNERS_SENTENCE in text
    # the right column's paragraphs are whole sentences, not interleaved with the list
    for paragraph in BACKGROUND:
        assert paragraph in text, text
    order = [text.index(marker) for marker in (TITLE, "Afspraken tussen", "Partijen\n", "– de gemeente",
                                               "– GGD Regio Oost", PARTNERS_SENTENCE, "Achtergrond",
                                               BACKGROUND[0][:30], BACKGROUND[-1][:30])]
    assert order == sorted(order), text
    assert text.startswith(TITLE) and text.count(TITLE) == 1


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    aligned=st.booleans(),
    gap=st.integers(min_value=12, max_value=70),
    size=st.sampled_from([8, 9, 10, 11, 12]),
    bullet_text=st.sampled_from(["–", "-", "•"]),
)
def test_ragged_list_column_is_never_glued_to_its_neighbour(
    tmp_path: Path, aligned: bool, gap: int, size: int, bullet_text: str
) -> None:
    # Whatever the gutter width, font size and list marker: every item and every paragraph comes out
    # whole (line breaks and paragraph breaks aside), so no line of one column sits inside the other.
    path = _two_frame_page(tmp_path / f"overeenkomst-{gap}-{size}.pdf", aligned, gap, size, bullet_text)
    flat = " ".join(read_file(path).text.split())
    for item in PARTIES:
        assert item in flat, flat
    for paragraph in [PARTNERS_SENTENCE, *BACKGROUND]:
        assert paragraph in flat, flat


KEY_VALUES = [
    ("Naam regeling", "Subsidieregeling Welzijn Oosterburg 2026"),
    ("Looptijd", "1 januari 2026 tot en met 31 december 2029"),
    ("Budget", "€ 1,8 miljoen per jaar, jaarlijks geïndexeerd volgens de loon- en prijsontwikkeling van het Rijk"),
    ("Aanvrager", "een stichting of vereniging met een vestiging in de gemeente"),
    ("Contactpersoon", "mevrouw L. Hendriks, beleidsadviseur sociaal domein"),
    ("Doelgroep", "inwoners van 18 jaar en ouder die ondersteuning nodig hebben bij zelfstandig wonen"),
    ("Aanvraag indienen", "vóór 1 oktober van het jaar voorafgaand aan het subsidiejaar"),
    ("Besluit", "binnen acht weken na ontvangst van de volledige aanvraag"),
]


@pytest.mark.parametrize("lower_case", [False, True], ids=["labels", "lower-case-labels"])
@pytest.mark.parametrize("value_width", [330, 190], ids=["one-line-values", "wrapped-values"])
def test_borderless_key_value_table_keeps_label_and_value_together(
    make_pdf: Callable[..., Path], pdf_tools: Any, value_width: int, lower_case: bool
) -> None:
    key_values = [(label.lower() if lower_case else label, value) for label, value in KEY_VALUES]

    def draw(pdf: canvas.Canvas, page: int) -> None:
        top = pdf_tools.draw_lines(pdf, pdf_tools.wrap(
            "De belangrijkste gegevens van de regeling staan hieronder op een rij. Lees ook de toelichting "
            "achterin voordat u een aanvraag indient bij de gemeente.", 450), 72, 90)
        top += 10
        for label, value in key_values:
            pdf_tools.draw_lines(pdf, [label], 72, top)
            top = pdf_tools.draw_lines(pdf, pdf_tools.wrap(value, value_width), 190, top) + 4
        pdf_tools.draw_lines(pdf, pdf_tools.wrap(
            "Heeft u vragen over deze regeling, neem dan contact op met het klantcontactcentrum van de "
            "gemeente of kijk op de website.", 450), 72, top + 10)

    text = read_file(make_pdf("kerngegevens.pdf", 1, draw)).text
    for label, value in key_values:
        first_line = pdf_tools.wrap(value, value_width)[0]
        assert f"{label} {first_line}" in text, text
    assert text.index("De belangrijkste gegevens") < text.index(key_values[0][0]) < text.index("Heeft u vragen")


def test_borderless_table_with_short_cells_is_read_row_by_row(
    make_pdf: Callable[..., Path], pdf_tools: Any
) -> None:
    rows = [("Partij", "Namens", "Functie"), ("Gemeente Oosterburg", "B. Smit", "wethouder"),
            ("Stichting Buurtwerk Oosterburg", "C. Jansen", "directeur"),
            ("Woningstichting De Linde", "R. Visser", "bestuurder"),
            ("Huisartsenkring Oosterburg", "E. de Boer", "voorzitter"),
            ("GGD Regio Oost", "T. Mulder", "directeur publieke gezondheid"),
            ("Wijkraad Noord", "H. Bos", "secretaris")]

    def draw(pdf: canvas.Canvas, page: int) -> None:
        top = pdf_tools.draw_lines(pdf, ["Aldus overeengekomen en ondertekend te Oosterburg op 3 maart 2026."], 72, 90)
        for row in rows:
            for x, cell in zip((72, 260, 370), row, strict=True):
                pdf_tools.draw_lines(pdf, [cell], x, top + 8)
            top += 16

    text = read_file(make_pdf("ondertekening.pdf", 1, draw)).text
    for row in rows:
        assert " ".join(row) in text, text


def test_header_split_by_the_gutter_is_dropped_but_the_title_with_its_text_stays(
    make_pdf: Callable[..., Path], pdf_tools: Any
) -> None:
    header = "Samenwerkingsovereenkomst Oosterburg 2026–2029"
    left = [f"Zin links {i} gaat over de buurtwerkers en de huisartsen in de wijk Oosterburg-Noord." for i in range(8)]
    right = [f"Zin rechts {i} gaat over de woningstichting en de bewoners van de flats aan de Lindelaan." for i in range(8)]

    def draw(pdf: canvas.Canvas, page: int) -> None:
        pdf.setFont("Helvetica", 8)
        pdf.drawString(72, pdf_tools.page_height - 40, header)
        pdf.drawRightString(A4[0] - 72, pdf_tools.page_height - 40, "Gemeente Oosterburg")
        pdf.drawString(72, 40, "Definitieve versie")
        pdf.drawRightString(A4[0] - 72, 40, f"Pagina {page}")
        top = 80.0
        if page == 1:
            pdf.setFont("Helvetica-Bold", 18)
            pdf.drawString(72, pdf_tools.page_height - top, header)
            top += 40
        if page < 3:  # two columns: the header's halves sit on either side of the gutter
            pdf_tools.draw_lines(pdf, [line for s in left for line in pdf_tools.wrap(s, 205)], 72, top)
            pdf_tools.draw_lines(pdf, [line for s in right for line in pdf_tools.wrap(s, 205)], 318, top)
        else:  # one column
            pdf_tools.draw_lines(pdf, [line for s in left + right for line in pdf_tools.wrap(s, 450)], 72, top)

    extracted = read_file(make_pdf("kop-en-voet.pdf", 3, draw))
    text = extracted.text
    assert text.startswith(header + "\n\n") and text.count(header) == 1, text
    assert "Gemeente Oosterburg" not in text and "Definitieve versie" not in text and "Pagina" not in text
    assert len(re.findall(r"Zin (?:links|rechts) \d gaat over", text)) == 48
    assert extracted.title == header


def test_text_column_beside_a_ruled_table_is_read_as_a_column(
    make_pdf: Callable[..., Path], pdf_tools: Any
) -> None:
    items = [
        "7.1 Partijen houden bij de verdeling van de inzet rekening met de schaarste aan beroepskrachten in het "
        "sociaal werk.",
        "7.2 Het Vrijwilligerspunt gaat in 2027 in iedere wijk een coördinator inzetten die vrijwilligers werft "
        "en begeleidt.",
        "7.3 Partijen bespreken de voortgang twee keer per jaar in het bestuurlijk overleg van de wijk.",
    ]
    rows = [("Partij", "Namens"), ("Gemeente", "B. Smit"), ("Buurtwerk", "C. Jansen"), ("De Linde", "R. Visser"),
            ("GGD", "T. Mulder"), ("Wijkraad", "H. Bos")]

    def draw(pdf: canvas.Canvas, page: int) -> None:
        top = 90.0
        for item in items:
            top = pdf_tools.draw_lines(pdf, pdf_tools.wrap(item, 205), 72, top) + 8
        x_edges, row_height, table_top = [318, 420, 523], 22, pdf_tools.page_height - 84
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                pdf.drawString(x_edges[c] + 4, table_top - r * row_height - 15, cell)
        for r in range(len(rows) + 1):
            pdf.line(x_edges[0], table_top - r * row_height, x_edges[-1], table_top - r * row_height)
        for x in x_edges:
            pdf.line(x, table_top, x, table_top - len(rows) * row_height)

    text = read_file(make_pdf("tabel-naast-tekst.pdf", 1, draw)).text
    paragraphs = text.split("\n\n")
    for item in items:
        assert item in paragraphs, text  # whole paragraphs: no line taken for a heading, no table inside
    assert "Partij | Namens\nGemeente | B. Smit\nBuurtwerk | C. Jansen" in text
