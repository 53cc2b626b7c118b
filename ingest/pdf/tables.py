"""Ruled tables as rows of "cell | cell", found by pdfplumber on the pages that have ruling lines.

pdfplumber's table finder reads cells from the page's lines and rectangles, which PDFium does not offer
as a structure. It is slow (pdfminer parses the whole page), so :func:`needs_table_finder` first counts
PDFium's own path objects and only pages with a table's worth of ruling are handed to it. The cell text
comes from the PDFium words, so both readers agree on every character.
"""

from __future__ import annotations

import io
from typing import Any

from ingest.pdf.layout import text_of_block
from ingest.pdf.model import Table, Word

# A page is worth pdfplumber's time when it has at least this many thin horizontal and vertical
# path pieces, or this many cell-sized boxes (tables drawn as filled rectangles).
MIN_HORIZONTAL_RULES = 3
MIN_VERTICAL_RULES = 2
MIN_CELL_BOXES = 6


def needs_table_finder(rulings: tuple[int, int, int]) -> bool:
    horizontal, vertical, boxes = rulings
    return (horizontal >= MIN_HORIZONTAL_RULES and vertical >= MIN_VERTICAL_RULES) or boxes >= MIN_CELL_BOXES


class TableFinder:
    """Opens the PDF with pdfplumber once, on the first page that needs it."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._pdf: Any = None
        self._failed = False

    def tables(self, page_index: int, words: list[Word], page_top_offset: float = 0.0) -> list[Table]:
        """Ruled tables of a page; boxes that are really one framed paragraph are skipped.

        ``page_top_offset`` shifts pdfplumber's tops onto the words' (both measure from the media box
        top, so it is 0 unless the crop box is smaller).
        """
        page = self._page(page_index)
        if page is None:
            return []
        try:
            found = page.find_tables()
        except Exception:  # table finding is a nicety; a page it trips over is still read as text
            return []
        tables = []
        for table in found:
            if max((len(row.cells) for row in table.rows), default=0) < 2 or len(table.rows) < 2:
                continue
            rows: list[list[str]] = []
            for row in table.rows:
                cells = []
                for cell in row.cells:
                    if cell is None:
                        continue
                    x0, top, x1, bottom = cell
                    box = (x0, top + page_top_offset, x1, bottom + page_top_offset)
                    cell_text = text_of_block([w for w in words if inside(w, box)])
                    if cell_text:
                        cells.append(cell_text)
                if cells:
                    rows.append(cells)
            # A framed text box with a highlighted word is not a table: real tables fill several cells
            # in most rows.
            if rows and sum(1 for cells in rows if len(cells) >= 2) * 2 >= len(rows):
                x0, top, x1, bottom = table.bbox
                bbox = (x0, top + page_top_offset, x1, bottom + page_top_offset)
                tables.append(Table(bbox=bbox, rows=[" | ".join(cells) for cells in rows]))
        page.flush_cache()
        return tables

    def _page(self, index: int) -> Any:
        if self._failed:
            return None
        try:
            if self._pdf is None:
                import pdfplumber

                self._pdf = pdfplumber.open(io.BytesIO(self._data))
            return self._pdf.pages[index]
        except Exception:  # pdfminer trips over files PDFium reads: then there are no tables, only text
            self._failed = True
            return None

    def close(self) -> None:
        if self._pdf is not None:
            self._pdf.close()
            self._pdf = None


def inside(word: Word, bbox: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = bbox
    centre_x = (word.x0 + word.x1) / 2
    return x0 <= centre_x <= x1 and top <= word.middle <= bottom
