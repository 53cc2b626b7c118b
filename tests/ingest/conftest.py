"""Fixtures for the reader tests: real files made on the spot (reportlab PDFs, python-docx files).

The PDFs are drawn with the canvas API so every word sits where a real layout would put it: two
columns with a gutter, running headers and footers, page numbers, hyphenated line ends.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

REPO = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("RODEDRAAD_SHARED", REPO.parent / "shared"))
CORPUS = SHARED / "corpus"

PAGE_WIDTH, PAGE_HEIGHT = A4
FONT = "Helvetica"
FONT_SIZE = 10
LEADING = 13


def sentence(column: str, page: int, index: int) -> str:
    """A recognisable Dutch sentence: its column, page and position can be read back from the text."""
    partner = ("zorgaanbieder", "woningcorporatie", "huisarts", "wijkteam")[(page + index) % 4]
    return f"Zin {column}{'abcdef'[page - 1]}{index} gaat over de gemeente en de {partner} in de regio."


def draw_lines(
    pdf: canvas.Canvas, lines: Sequence[str], x: float, top: float, size: int = FONT_SIZE
) -> float:
    """Draw lines from ``top`` (distance from the page top) down; returns the next free top."""
    pdf.setFont(FONT, size)
    for line in lines:
        pdf.drawString(x, PAGE_HEIGHT - top, line)
        top += LEADING * size / FONT_SIZE
    return top


def wrap(text: str, width: float, size: int = FONT_SIZE) -> list[str]:
    """Greedy line wrapping with reportlab's font metrics."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and stringWidth(candidate, FONT, size) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def running_header_footer(pdf: canvas.Canvas, page: int, pages: int) -> None:
    pdf.setFont(FONT, 8)
    pdf.drawString(72, PAGE_HEIGHT - 40, "Convenant Zorg en Welzijn Noorderhaven 2024")
    pdf.drawRightString(PAGE_WIDTH - 72, PAGE_HEIGHT - 40, "versie 1.0")
    pdf.drawString(72, 40, "Gemeente Noorderhaven | Afdeling Sociaal Domein")
    pdf.drawCentredString(PAGE_WIDTH / 2, 25, f"Pagina {page} van {pages}")


class PdfTools:
    """The drawing helpers, handed to tests through the ``pdf_tools`` fixture."""

    page_height = PAGE_HEIGHT
    draw_lines = staticmethod(draw_lines)
    wrap = staticmethod(wrap)


@pytest.fixture
def pdf_tools() -> type[PdfTools]:
    return PdfTools


@pytest.fixture
def make_pdf(tmp_path: Path) -> Callable[..., Path]:
    """Build a PDF from a drawing function called once per page: ``draw(pdf, page_number)``."""

    def build(
        name: str, pages: int, draw: Callable[[canvas.Canvas, int], None], title: str | None = None
    ) -> Path:
        path = tmp_path / name
        pdf = canvas.Canvas(str(path), pagesize=A4)
        if title:
            pdf.setTitle(title)
        for page in range(1, pages + 1):
            draw(pdf, page)
            pdf.showPage()
        pdf.save()
        return path

    return build


@pytest.fixture
def two_column_pdf(make_pdf: Callable[..., Path]) -> Path:
    """Three pages: running header/footer, "Pagina n van 3", a full-width heading, two columns."""
    gutter_left, gutter_right = 72 + 215, 72 + 215 + 25
    column_width = 215

    def draw(pdf: canvas.Canvas, page: int) -> None:
        running_header_footer(pdf, page, 3)
        top = 90.0 + 9 * (page - 1)  # real pages do not start their text at exactly the same height
        if page == 1:  # a full-width heading across both columns
            pdf.setFont("Helvetica-Bold", 14)
            pdf.drawString(72, PAGE_HEIGHT - top, "Afspraken over samenwerking in de wijk Noorderhaven")
            top += 30
        left = [line for i in range(6) for line in wrap(sentence("L", page, i), column_width)]
        right = [line for i in range(6) for line in wrap(sentence("R", page, i), column_width)]
        draw_lines(pdf, left, 72, top)
        draw_lines(pdf, right, gutter_right, top)
        assert gutter_left < gutter_right

    return make_pdf("twee-kolommen.pdf", 3, draw, title="Convenant Zorg en Welzijn")
