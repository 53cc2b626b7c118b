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
# A path of more segments than this is a drawing (a logo, a map), not a table's ruling.
MAX_SEGMENTS = 500
# A path whose bounds are at most this thick is a line (a stroked or filled rule).
THIN = 2.5
# Lines within this much of the horizontal or vertical count as such.
STRAIGHT = 0.5


def ruling_count(page: pdfium.PdfPage, limit: int = MAX_PATHS) -> tuple[int, int, int]:
    """Thin horizontal and vertical path objects and cell-sized boxes on a page (by their bounds)."""
    calls = _path_calls()
    horizontal = vertical = boxes = 0
    for path, (left, bottom, right, top) in _path_bounds(page, limit):
        width, height = right - left, top - bottom
        if height <= 2.5 and width >= 15:
            horizontal += 1
        elif width <= 2.5 and height >= 8:
            vertical += 1
        elif width >= 15 and height >= 8 and calls is not None and calls.count(path) <= MAX_SEGMENTS:
            boxes += 1  # a cell-sized box, not a logo or a drawing
    return horizontal, vertical, boxes


def needs_table_finder(rulings: tuple[int, int, int]) -> bool:
    horizontal, vertical, boxes = rulings
    return (horizontal >= MIN_HORIZONTAL_RULES and vertical >= MIN_VERTICAL_RULES) or boxes >= MIN_CELL_BOXES


def ruled_tables(page: pdfium.PdfPage, page_top: float, words: list[Word]) -> list[Table]:
    """Ruled tables of a page; boxes that are really one framed paragraph are skipped."""
    from pdfplumber.table import Table as PlumberTable
    from pdfplumber.table import cells_to_tables, edges_to_intersections, merge_edges
    from pdfplumber.utils import filter_edges

    edges = _edges(page, page_top)
    if len(edges) < 4:
        return []
    edges = filter_edges(merge_edges(edges, SNAP, SNAP, SNAP, SNAP), min_length=MIN_EDGE)
    cells = _cells(edges_to_intersections(edges, SNAP, SNAP))
    tables = []
    for table_cells in cells_to_tables(cells):
        table: Any = PlumberTable(None, table_cells)  # type: ignore[arg-type]  # rows need no page
        rows_found = table.rows
        if max((len(row.cells) for row in rows_found), default=0) < 2 or len(rows_found) < 2:
            continue
        table_box = table.bbox  # a property that computes, so it is asked once
        in_table = [w for w in words if inside(w, table_box)]
        rows: list[list[str]] = []
        for row in rows_found:
            row_box = row.bbox
            in_row = [w for w in in_table if inside(w, row_box)]
            cells_text = []
            for cell in row.cells:
                if cell is None:
                    continue
                cell_text = text_of_block([w for w in in_row if inside(w, cell)])
                if cell_text:
                    cells_text.append(cell_text)
            if cells_text:
                rows.append(cells_text)
        # A framed text box with a highlighted word is not a table: real tables fill several cells
        # in most rows.
        if rows and sum(1 for cells_text in rows if len(cells_text) >= 2) * 2 >= len(rows):
            x0, top, x1, bottom = table_box
            tables.append(Table(bbox=(x0, top, x1, bottom), rows=[" | ".join(cells_text) for cells_text in rows]))
    return tables


def _cells(intersections: dict[tuple[float, float], dict[str, list[Any]]]) -> list[tuple[float, float, float, float]]:
    """pdfplumber's ``intersections_to_cells``, with the edges through each point kept as sets of ids.

    For every intersection, the smallest cell whose four corners are intersections joined by edges.
    pdfplumber compares edges by their boxes, hashing them again for every pair of points; here each
    point's edges are hashed once (merged edges are distinct objects), which is the same answer faster.
    """
    points = sorted(intersections)
    vertical = {point: {id(edge) for edge in found["v"]} for point, found in intersections.items()}
    horizontal = {point: {id(edge) for edge in found["h"]} for point, found in intersections.items()}
    cells = []
    for index, point in enumerate(points):
        rest = points[index + 1 :]
        below = [other for other in rest if other[0] == point[0] and not vertical[point].isdisjoint(vertical[other])]
        if not below:
            continue
        right = [
            other for other in rest if other[1] == point[1] and not horizontal[point].isdisjoint(horizontal[other])
        ]
        cell = None
        for below_point in below:
            for right_point in right:
                corner = (right_point[0], below_point[1])
                if (
                    corner in intersections
                    and not vertical[corner].isdisjoint(vertical[right_point])
                    and not horizontal[corner].isdisjoint(horizontal[below_point])
                ):
                    cell = (point[0], point[1], corner[0], corner[1])
                    break
            if cell:
                break
        if cell:
            cells.append(cell)
    return cells


def inside(word: Word, bbox: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = bbox
    centre_x = (word.x0 + word.x1) / 2
    return x0 <= centre_x <= x1 and top <= word.middle <= bottom


def _path_objects(page: pdfium.PdfPage, limit: int) -> list[Any]:
    calls = _path_calls()
    if calls is None:
        return []
    handle = ctypes.cast(page.raw, ctypes.c_void_p).value
    path_type = raw.FPDF_PAGEOBJ_PATH
    found = []
    for index in range(min(calls.count_objects(handle), limit)):
        page_object = calls.get_object(handle, index)
        if calls.object_type(page_object) == path_type:
            found.append(page_object)
    return found


def _path_bounds(page: pdfium.PdfPage, limit: int) -> list[tuple[Any, tuple[float, float, float, float]]]:
    calls = _path_calls()
    if calls is None:
        return []
    left, bottom, right, top = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    refs = (ctypes.addressof(left), ctypes.addressof(bottom), ctypes.addressof(right), ctypes.addressof(top))
    bounds = []
    for page_object in _path_objects(page, limit):
        if calls.bounds(page_object, *refs):
            bounds.append((page_object, (left.value, bottom.value, right.value, top.value)))
    return bounds


class _PathCalls:
    """PDFium's path-segment calls bound with plain addresses (the generated bindings convert typed
    pointers on every call, which costs more than the call)."""

    def __init__(self) -> None:
        from pypdfium2_raw.bindings import _libs

        library = _libs["pdfium"]
        address, integer, number = ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p
        self.count = library["FPDFPath_CountSegments"]
        self.count.argtypes, self.count.restype = [address], integer
        self.segment = library["FPDFPath_GetPathSegment"]
        self.segment.argtypes, self.segment.restype = [address, integer], address
        self.point = library["FPDFPathSegment_GetPoint"]
        self.point.argtypes, self.point.restype = [address, number, number], integer
        self.kind = library["FPDFPathSegment_GetType"]
        self.kind.argtypes, self.kind.restype = [address], integer
        self.close = library["FPDFPathSegment_GetClose"]
        self.close.argtypes, self.close.restype = [address], integer
        self.count_objects = library["FPDFPage_CountObjects"]
        self.count_objects.argtypes, self.count_objects.restype = [address], integer
        self.get_object = library["FPDFPage_GetObject"]
        self.get_object.argtypes, self.get_object.restype = [address, integer], address
        self.object_type = library["FPDFPageObj_GetType"]
        self.object_type.argtypes, self.object_type.restype = [address], integer
        self.bounds = library["FPDFPageObj_GetBounds"]
        self.bounds.argtypes, self.bounds.restype = [address, number, number, number, number], integer
        self.matrix = library["FPDFPageObj_GetMatrix"]
        self.matrix.argtypes, self.matrix.restype = [address, number], integer


_PATH_CALLS: _PathCalls | None = None


def _path_calls() -> _PathCalls | None:
    """The bound calls, or None when this pypdfium2 does not expose its library (then no tables)."""
    global _PATH_CALLS
    if _PATH_CALLS is None:
        try:
            _PATH_CALLS = _PathCalls()
        except (ImportError, KeyError, AttributeError, TypeError):
            return None
    return _PATH_CALLS


def _edges(page: pdfium.PdfPage, page_top: float) -> list[dict[str, Any]]:
    """Straight horizontal and vertical pieces of the page's paths, as pdfplumber edge dictionaries."""
    calls = _path_calls()
    edges: list[dict[str, Any]] = []
    if calls is None:
        return edges
    matrix = raw.FS_MATRIX()
    x, y = ctypes.c_float(), ctypes.c_float()
    x_ref, y_ref = ctypes.addressof(x), ctypes.addressof(y)
    left, bottom, right, top = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    refs = (ctypes.addressof(left), ctypes.addressof(bottom), ctypes.addressof(right), ctypes.addressof(top))
    matrix_ref = ctypes.addressof(matrix)
    moveto, lineto = raw.FPDF_SEGMENT_MOVETO, raw.FPDF_SEGMENT_LINETO
    for page_object in _path_objects(page, MAX_PATHS):
        if not calls.bounds(page_object, *refs):
            continue
        if right.value - left.value < MIN_EDGE and top.value - bottom.value < MIN_EDGE:
            continue  # a dot or a bullet: no edge of a table
        path = page_object
        segments = calls.count(path)
        if segments <= 5:
            # A line or a rectangle (the ruling of nearly every table): its bounds say it all, no need
            # to walk its points. Stroke width widens the bounds; a thin box is a line in its middle.
            _add_box_edges(edges, left.value, page_top - top.value, right.value, page_top - bottom.value)
            continue
        if segments > MAX_SEGMENTS or not calls.matrix(path, matrix_ref):
            continue
        a, b, c, d, e, f = matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f
        points: list[tuple[float, float]] = []
        start: tuple[float, float] | None = None
        for index in range(segments):
            segment = calls.segment(path, index)
            if not segment or not calls.point(segment, x_ref, y_ref):
                continue
            px, py = x.value, y.value
            point = (a * px + c * py + e, page_top - (b * px + d * py + f))
            kind = calls.kind(segment)
            if kind == moveto or not points:
                start = point
            elif kind == lineto:
                _add_edge(edges, points[-1], point)
            points.append(point)
            if start is not None and calls.close(segment):
                _add_edge(edges, point, start)
    return edges


def _add_box_edges(edges: list[dict[str, Any]], x0: float, top: float, x1: float, bottom: float) -> None:
    if bottom - top <= THIN:
        middle = (top + bottom) / 2
        _add_edge(edges, (x0, middle), (x1, middle))
    elif x1 - x0 <= THIN:
        middle = (x0 + x1) / 2
        _add_edge(edges, (middle, top), (middle, bottom))
    else:
        _add_edge(edges, (x0, top), (x1, top))
        _add_edge(edges, (x0, bottom), (x1, bottom))
        _add_edge(edges, (x0, top), (x0, bottom))
        _add_edge(edges, (x1, top), (x1, bottom))


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
