"""Ruled tables as rows of "cell | cell": PDFium's path segments fed to pdfplumber's table algorithm.

pdfplumber finds ruled tables well (edges snapped and joined, intersections, cells, tables; after
Nurminen and Tabula), but reaching its edges costs a full pdfminer parse of the page, about half a second
for a page of a table-heavy protocol. Its algorithm works on plain edge dictionaries, so the edges here
come from PDFium's own path objects, already parsed for the text: the common page pays nothing, and a
page with ruling pays a few calls per line segment. :func:`ruling_count` decides cheaply which pages to
look at. The cell text comes from the PDFium words, so table and body agree on every character.
"""

from __future__ import annotations

import ctypes
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from ingest.pdf.layout import text_of_block
from ingest.pdf.model import Table, Word

# A page is worth looking at when it has at least this many thin horizontal and vertical path pieces,
# or this many cell-sized boxes (tables drawn as filled rectangles).
MIN_HORIZONTAL_RULES = 3
MIN_VERTICAL_RULES = 2
MIN_CELL_BOXES = 6
# pdfplumber's defaults: edges this close snap and join; edges shorter than this are left out.
SNAP = 3.0
MIN_EDGE = 3.0
# Only this many path objects of a page are read (a detailed drawing is not a table).
MAX_PATHS = 4000
# Lines within this much of the horizontal or vertical count as such.
STRAIGHT = 0.5


def ruling_count(page: pdfium.PdfPage, limit: int = MAX_PATHS) -> tuple[int, int, int]:
    """Thin horizontal and vertical path objects and cell-sized boxes on a page (by their bounds)."""
    horizontal = vertical = boxes = 0
    for left, bottom, right, top in _path_bounds(page, limit):
        width, height = right - left, top - bottom
        if height <= 2.5 and width >= 15:
            horizontal += 1
        elif width <= 2.5 and height >= 8:
            vertical += 1
        elif width >= 15 and height >= 8:
            boxes += 1
    return horizontal, vertical, boxes


def needs_table_finder(rulings: tuple[int, int, int]) -> bool:
    horizontal, vertical, boxes = rulings
    return (horizontal >= MIN_HORIZONTAL_RULES and vertical >= MIN_VERTICAL_RULES) or boxes >= MIN_CELL_BOXES


def ruled_tables(page: pdfium.PdfPage, page_top: float, words: list[Word]) -> list[Table]:
    """Ruled tables of a page; boxes that are really one framed paragraph are skipped."""
    from pdfplumber.table import Table as PlumberTable
    from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges
    from pdfplumber.utils import filter_edges

    edges = _edges(page, page_top)
    if len(edges) < 4:
        return []
    edges = filter_edges(merge_edges(edges, SNAP, SNAP, SNAP, SNAP), min_length=MIN_EDGE)
    cells = intersections_to_cells(edges_to_intersections(edges, SNAP, SNAP))
    tables = []
    for table_cells in cells_to_tables(cells):
        table: Any = PlumberTable(None, table_cells)  # type: ignore[arg-type]  # rows need no page
        rows_found = table.rows
        if max((len(row.cells) for row in rows_found), default=0) < 2 or len(rows_found) < 2:
            continue
        rows: list[list[str]] = []
        for row in rows_found:
            cells_text = []
            for cell in row.cells:
                if cell is None:
                    continue
                cell_text = text_of_block([w for w in words if inside(w, cell)])
                if cell_text:
                    cells_text.append(cell_text)
            if cells_text:
                rows.append(cells_text)
        # A framed text box with a highlighted word is not a table: real tables fill several cells
        # in most rows.
        if rows and sum(1 for cells_text in rows if len(cells_text) >= 2) * 2 >= len(rows):
            x0, top, x1, bottom = table.bbox
            tables.append(Table(bbox=(x0, top, x1, bottom), rows=[" | ".join(cells_text) for cells_text in rows]))
    return tables


def inside(word: Word, bbox: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = bbox
    centre_x = (word.x0 + word.x1) / 2
    return x0 <= centre_x <= x1 and top <= word.middle <= bottom


def _path_objects(page: pdfium.PdfPage, limit: int) -> list[Any]:
    handle = page.raw
    found = []
    for index in range(min(raw.FPDFPage_CountObjects(handle), limit)):
        page_object = raw.FPDFPage_GetObject(handle, index)
        if raw.FPDFPageObj_GetType(page_object) == raw.FPDF_PAGEOBJ_PATH:
            found.append(page_object)
    return found


def _path_bounds(page: pdfium.PdfPage, limit: int) -> list[tuple[float, float, float, float]]:
    left, bottom, right, top = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    refs = (ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right), ctypes.byref(top))
    bounds = []
    for page_object in _path_objects(page, limit):
        if raw.FPDFPageObj_GetBounds(page_object, *refs):
            bounds.append((left.value, bottom.value, right.value, top.value))
    return bounds


def _edges(page: pdfium.PdfPage, page_top: float) -> list[dict[str, Any]]:
    """Straight horizontal and vertical pieces of the page's paths, as pdfplumber edge dictionaries."""
    edges: list[dict[str, Any]] = []
    matrix = raw.FS_MATRIX()
    x, y = ctypes.c_float(), ctypes.c_float()
    for page_object in _path_objects(page, MAX_PATHS):
        if not raw.FPDFPageObj_GetMatrix(page_object, ctypes.byref(matrix)):
            continue
        a, b, c, d, e, f = matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f
        points: list[tuple[float, float]] = []
        start: tuple[float, float] | None = None
        for index in range(raw.FPDFPath_CountSegments(page_object)):
            segment = raw.FPDFPath_GetPathSegment(page_object, index)
            if not raw.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y)):
                continue
            point = (a * x.value + c * y.value + e, page_top - (b * x.value + d * y.value + f))
            kind = raw.FPDFPathSegment_GetType(segment)
            if kind == raw.FPDF_SEGMENT_MOVETO or not points:
                start = point
            elif kind == raw.FPDF_SEGMENT_LINETO:
                _add_edge(edges, points[-1], point)
            points.append(point)
            if raw.FPDFPathSegment_GetClose(segment) and start is not None:
                _add_edge(edges, point, start)
    return edges


def _add_edge(edges: list[dict[str, Any]], p0: tuple[float, float], p1: tuple[float, float]) -> None:
    x0, x1 = min(p0[0], p1[0]), max(p0[0], p1[0])
    top, bottom = min(p0[1], p1[1]), max(p0[1], p1[1])
    if bottom - top <= STRAIGHT and x1 - x0 >= MIN_EDGE:
        middle = (top + bottom) / 2
        edges.append(
            {"object_type": "line", "orientation": "h", "x0": x0, "x1": x1, "top": middle, "bottom": middle,
             "width": x1 - x0, "height": 0.0}
        )
    elif x1 - x0 <= STRAIGHT and bottom - top >= MIN_EDGE:
        middle = (x0 + x1) / 2
        edges.append(
            {"object_type": "line", "orientation": "v", "x0": middle, "x1": middle, "top": top, "bottom": bottom,
             "width": 0.0, "height": bottom - top}
        )
