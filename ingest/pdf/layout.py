"""Read a PDF into clean text with page spans (pdfplumber).

The layout is rebuilt from word positions, because the PDF's own text order is often the drawing order:

1. words per page (tolerance relative to font size, so tightly set fonts still get their spaces);
   ruled tables found by pdfplumber become "cell | cell" rows instead of scrambled words;
2. column gutters are found from word x-positions: beside running text, beside a ragged column (a dash
   list) whose lines keep their own spacing or run on, beside a ruled table filling a column; a borderless
   key/value table (left-aligned short cells on the baselines of the right side) stays rows. Rows that
   cross a gutter are full width, the rest is read column by column;
3. running headers/footers (first/last lines that repeat on many pages once digits are ignored) and
   page-number lines are dropped;
4. lines become paragraphs from vertical gaps, font changes, indentation and short last lines;
   hyphenation at line ends is repaired, also across columns and pages.
"""

from __future__ import annotations

import io
import itertools
import math
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException
from pdfplumber.utils.exceptions import PdfminerException
from pdfplumber.utils.text import WordExtractor

from ingest.cleaning import (
    LIST_ITEM,
    PRIVATE_USE,
    WORD,
    join_lines,
    normalise_characters,
    repair_private_use,
    vocabulary_of,
)
from ingest.extracted import ExtractedText, PageSpan
from rodedraad.errors import CorruptFile, EncryptedPdf, NoTextLayer

# Word gaps wider than this fraction of the font size are spaces (pdfplumber's fixed 3 pt is too coarse
# for PDFs printed by browsers, which set words 2.5 pt apart at 10 pt).
WORD_GAP_RATIO = 0.15
# A line repeated at the top or bottom of at least this share of pages (and at least twice) is a running
# header or footer.
RUNNING_LINE_SHARE = 0.4
# Lines within this share of the page height from the top or bottom edge may be headers/footers.
EDGE_ZONE = 0.2
# How many line positions at each edge of a page are checked for headers and footers.
EDGE_LINES = 3
# A running header or footer may sit this many points higher or lower from page to page.
RUNNING_LINE_SHIFT = 4
# A paragraph break: lines farther apart than this many times the usual line pitch for that font size.
PARAGRAPH_GAP = 1.3
# A column gutter beside ragged text: each side needs this many lines (and this many font sizes of
# shared height), this share of each side's lines starts at the side's left edge (give or take this many
# font sizes of indent). Sides whose lines pair up on the same baselines this often are rows of a table
# unless the left side runs on from line to line in at least this share of its line breaks (and its
# lines are not nearly all cells of at most TABLE_CELL_WORDS words).
COLUMN_MIN_LINES = 5
COLUMN_START_INDENT = 2.0
COLUMN_START_SHARE = 0.75
ALIGNED_ROW_SHARE = 0.7
RUN_ON_SHARE = 0.3
# Left cells of at most this many words on (nearly) every row, paired with the right side: a table.
TABLE_CELL_WORDS = 3

_BOLD = re.compile(r"bold|black|heavy|semibold|demi|,b\b", re.IGNORECASE)
_PAGE_NUMBER = re.compile(
    r"^(?:(?i:pagina|page|blz\.?|p\.|pag\.?)\s*)?[-–—(\[]?\s*(?:\d{1,3}|[ivxlc]{1,7})\s*[-–—)\]]?"
    r"(?:\s*(?:/|(?i:van|of)|\|)\s*\d{1,4})?$"
)
_DIGITS = re.compile(r"\d+")
_SECTION_TITLE = re.compile(
    r"^(?:\d{1,2}(?:\.\d{1,2}){0,4}\.?\s+[A-ZÀ-Ý]"
    r"|(?:Artikel|Hoofdstuk|Paragraaf|Afdeling|Bijlage|Titel|ARTIKEL|HOOFDSTUK|§)\s*[\dIVXLC][\w.:]*(?:\s|$))"
)
_TOC_ENTRY = re.compile(r"[^\W\d]\S*\s+\d{1,3}$")  # "2.3 Toewijzingsproces 9": a contents entry
_FOOTNOTE = re.compile(r"^(?:\d{1,3}|\*{1,3}|†)\s*\S")
_SENTENCE_END = ".!?:;"
_RULE_LINE = re.compile(r"^[\s\-–—_=.·•*~]{3,}$")
_DOT_LEADER = re.compile(r"(?:\s?[.·…]){4,}\s*")
_JUNK_TITLES = re.compile(
    r"^(?:microsoft (?:word|powerpoint)|powerpoint[- ]presentati|untitled|naamloos|document\d*$|"
    r"presentatie\d*$|slide \d+)|\.(?:docx?|pptx?|pdf|indd|qxd)$",
    re.IGNORECASE,
)


@dataclass
class _Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class _Line:
    """One line of text (or one table row) in reading order, with the geometry paragraphs need."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    column: int  # index of the column block this line was read in; changes mark column jumps
    column_left: float
    column_right: float
    table_row: bool = False
    dropped: bool = False
    spanning: bool = False  # a full-width row on a page with columns


@dataclass
class _Table:
    bbox: tuple[float, float, float, float]
    rows: list[str]


@dataclass
class _Page:
    number: int
    height: float
    lines: list[_Line] = field(default_factory=list)


def read_pdf(path: Path, data: bytes) -> ExtractedText:
    """Extract the readable text of a PDF, one :class:`PageSpan` per page that has text.

    Raises :class:`EncryptedPdf` when a password is needed, :class:`CorruptFile` when the file cannot
    be parsed, :class:`NoTextLayer` when the pages carry no text (a scan).
    """
    if b"%%EOF" not in data[-2048:]:
        raise CorruptFile(str(path), "is a damaged or truncated PDF (no end-of-file marker)")
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            metadata = dict(pdf.metadata or {})
            pages = [_read_page(page) for page in _pages_of(pdf, path)]
    except (PDFPasswordIncorrect, PDFEncryptionError) as error:
        raise EncryptedPdf(str(path), "is encrypted; remove the password first") from error
    except PdfminerException as error:
        cause = error.args[0] if error.args else error
        if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
            raise EncryptedPdf(str(path), "is encrypted; remove the password first") from error
        raise CorruptFile(str(path), f"is a damaged PDF ({_describe(cause)})") from error
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError, AttributeError) as error:
        raise CorruptFile(str(path), f"is a damaged PDF ({_describe(error)})") from error
    if not pages:
        raise CorruptFile(str(path), "is a PDF without pages")
    if not any(line.text.strip() for page in pages for line in page.lines):
        raise NoTextLayer(str(path), "has no text layer (scanned?); OCR it first")
    text, spans = _assemble(pages)
    if not text.strip():
        raise NoTextLayer(str(path), "has no text layer (scanned?); OCR it first")
    return ExtractedText(
        text=text,
        format="pdf",
        pages=spans,
        title=_title_from(metadata, pages),
        date=_date_from(metadata),
    )


def _describe(error: object) -> str:
    message = " ".join(str(error).split())
    return message[:120] if message else type(error).__name__


def _pages_of(pdf: Any, path: Path) -> Iterable[Any]:
    try:
        pages = pdf.pages
    except PdfminerException:
        raise
    except Exception as error:  # pdfminer raises bare Exceptions for broken page trees
        raise CorruptFile(str(path), f"is a damaged PDF ({_describe(error)})") from error
    for page in pages:
        yield page
        page.flush_cache()  # keep memory flat on long documents


# --------------------------------------------------------------------------------------------------
# One page: words, tables, columns, lines


def _read_page(page: Any) -> _Page:
    height = float(page.height)
    result = _Page(number=int(page.page_number), height=height)
    chars = _unique_chars(page.chars, float(page.width), height)
    if not chars:
        return result
    words = _words_from(chars)
    tables = _tables_of(page, words) if (page.rects or page.lines) else []
    if tables:
        words = [w for w in words if not any(_inside(w, t.bbox) for t in tables)]
    body_size = statistics.median(w.size for w in words) if words else 10.0
    gutters = _find_gutters(words, tables, body_size)
    result.lines = _lines_in_reading_order(words, tables, gutters)
    return result


def _unique_chars(chars: Sequence[dict[str, Any]], width: float, height: float) -> list[dict[str, Any]]:
    """Visible, upright characters, without the duplicates some producers draw for fake bold."""
    seen: set[tuple[str, int, int]] = set()
    kept: list[dict[str, Any]] = []
    for char in chars:
        if not char.get("upright", True):
            continue
        if char["x1"] < 0 or char["x0"] > width or char["bottom"] < 0 or char["top"] > height:
            continue
        key = (char["text"], round(char["x0"]), round(char["top"]))
        if key in seen:
            continue
        seen.add(key)
        if kept and _is_footnote_marker(char, kept[-1], kept[-2] if len(kept) > 1 else None):
            continue
        kept.append(char)
    return kept


def _is_footnote_marker(
    char: dict[str, Any], previous: dict[str, Any], before: dict[str, Any] | None
) -> bool:
    """A small raised digit right after a word ("Domein¹"): a footnote reference, noise for search.

    Units keep their exponent ("m2" for square metres).
    """
    if not char["text"].isdigit() or not previous["text"].strip():
        return False
    small = char["size"] <= 0.8 * previous["size"]
    raised = char["bottom"] < previous["bottom"] - 0.15 * previous["size"]
    adjacent = -1 <= char["x0"] - previous["x1"] <= 0.5 * previous["size"]
    if not (small and raised and adjacent):
        return False
    is_unit = previous["text"] in "mM" and (before is None or not before["text"].isalpha())
    return not is_unit


def _words_from(chars: list[dict[str, Any]]) -> list[_Word]:
    extractor = WordExtractor(x_tolerance_ratio=WORD_GAP_RATIO, y_tolerance=3, keep_blank_chars=False)
    words = []
    for word, word_chars in extractor.iter_extract_tuples(chars):
        text = normalise_characters(word["text"]).strip()
        if not text:
            continue
        sizes = [c["size"] for c in word_chars]
        bold = sum(1 for c in word_chars if _BOLD.search(c.get("fontname", ""))) * 2 > len(word_chars)
        words.append(
            _Word(
                text=text,
                x0=float(word["x0"]),
                x1=float(word["x1"]),
                top=float(word["top"]),
                bottom=float(word["bottom"]),
                size=float(statistics.median(sizes)),
                bold=bold,
            )
        )
    return words


def _inside(word: _Word, bbox: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = bbox
    centre_x = (word.x0 + word.x1) / 2
    return x0 <= centre_x <= x1 and top <= word.middle <= bottom


def _tables_of(page: Any, words: list[_Word]) -> list[_Table]:
    """Ruled tables as rows of "cell | cell"; boxes that are really one framed paragraph are skipped."""
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
                cell_words = [w for w in words if _inside(w, cell)]
                cell_text = _text_of_block(cell_words)
                if cell_text:
                    cells.append(cell_text)
            if cells:
                rows.append(cells)
        # A framed text box with a highlighted word is not a table: real tables fill several cells
        # in most rows.
        if rows and sum(1 for cells in rows if len(cells) >= 2) * 2 >= len(rows):
            x0, top, x1, bottom = table.bbox
            tables.append(_Table(bbox=(x0, top, x1, bottom), rows=[" | ".join(cells) for cells in rows]))
    return tables


def _text_of_block(words: list[_Word]) -> str:
    """Text of a small block (a table cell): words grouped into lines, lines joined."""
    lines = _group_lines(words)
    return join_lines([" ".join(w.text for w in line) for line in lines])


def _group_lines(words: list[_Word]) -> list[list[_Word]]:
    """Words of one column grouped into lines, each line sorted left to right.

    A word joins a line when it sits on the same baseline at a similar size, or when it is a smaller
    raised/lowered word right next to it (a footnote marker). A big heading does not swallow the small
    words printed beside it.
    """
    lines: list[list[_Word]] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        target = next((line for line in reversed(lines[-8:]) if _same_line(word, line)), None)
        if target is None:
            lines.append([word])
        else:
            target.append(word)
    for line in lines:
        line.sort(key=lambda w: w.x0)
    lines.sort(key=lambda line: min(w.top for w in line))
    return lines


def _same_line(word: _Word, line: list[_Word]) -> bool:
    reference = max(line, key=lambda w: w.size)
    small, big = (word, reference) if word.size <= reference.size else (reference, word)
    if big.size <= 1.6 * small.size and abs(word.bottom - reference.bottom) <= 0.3 * small.size:
        return True  # same baseline, similar size
    if not 0.45 * big.size <= small.size <= 0.85 * big.size:
        return False
    if not big.top - 1 <= small.middle <= big.bottom + 1:
        return False
    # A raised or lowered small word glued to its neighbour: "1e", a footnote marker.
    others = line if small is word else [word]
    gap = min(min(abs(small.x0 - w.x1), abs(w.x0 - small.x1)) for w in others)
    return len(small.text) <= 3 and gap <= big.size


def _find_gutters(words: list[_Word], tables: list[_Table], body_size: float) -> list[tuple[float, float]]:
    """Vertical white strips that separate columns of text, left to right (empty for one column)."""
    if len(words) < 12:
        return []
    return _gutters_between(words, tables, body_size, depth=0)


def _gutters_between(
    words: list[_Word], tables: list[_Table], body_size: float, depth: int
) -> list[tuple[float, float]]:
    rows = _group_rows(words)
    if len(rows) < 3:
        return []
    # A ruled table may fill a whole column, so it counts towards the extent of the text.
    left = min([w.x0 for w in words] + [t.bbox[0] for t in tables])
    right = max([w.x1 for w in words] + [t.bbox[2] for t in tables])
    width = right - left
    if width < 20 * body_size:
        return []
    origin = math.floor(left)
    size = math.ceil(right) - origin + 1
    crossings = np.zeros(size, dtype=np.int32)
    for row in rows:
        covered = np.zeros(size, dtype=bool)
        ordered = sorted(row, key=lambda w: w.x0)
        for w, following in zip(ordered, [*ordered[1:], None], strict=True):
            end = w.x1
            if following is not None and following.x0 - w.x1 < 1.2 * w.size:
                end = following.x0  # the space between two words of one line is not white space
            covered[int(w.x0) - origin : math.ceil(end) - origin + 1] = True
        crossings += covered
    for table in tables:
        x0, _, x1, _ = table.bbox
        if x1 > left and x0 < right:
            crossings[max(0, int(x0) - origin) : max(0, math.ceil(x1) - origin + 1)] += len(rows)
    allowed = max(1, int(0.15 * len(rows)))
    min_width = max(6.0, 0.8 * body_size)
    best: tuple[int, float, float, float] | None = None
    # Prefer strips no row crosses; only then allow a few crossing rows (full-width headings).
    for limit in (0, allowed):
        for run_start, run_end in _runs(crossings <= limit):
            # Narrow the strip to where the fewest rows cross it, so a line that reaches a little
            # into the gutter is not mistaken for a full-width row.
            fewest = crossings[run_start:run_end].min()
            start, end = max(
                ((run_start + a, run_start + b) for a, b in _runs(crossings[run_start:run_end] == fewest)),
                key=lambda run: run[1] - run[0],
            )
            gap_left, gap_right = origin + start, origin + end
            if gap_right - gap_left < min_width:
                continue
            if gap_left - left < 0.2 * width or right - gap_right < 0.2 * width:
                continue
            both, left_rows, right_rows = _side_counts(rows, gap_left, gap_right)
            left_lines, right_lines = _side_lines(rows, gap_left, gap_right)
            prose_columns = not _reads_as_table(left_lines, right_lines, body_size) and (
                (both >= max(2, 0.3 * len(rows)) and _left_side_is_prose(rows, left, gap_left, body_size))
                or _is_text_column_gutter(left_lines, right_lines, gap_right, body_size)
            )
            table_column = _is_column_beside_table(words, tables, gap_left, gap_right)
            # Blocks far apart (slides, cards, signature blocks) are read one by one, unless their
            # lines pair up on the same baselines: then it is a borderless table and rows read better.
            separate_blocks = (
                gap_right - gap_left >= 2.5 * body_size
                and min(left_rows, right_rows) >= 2
                and both < 0.7 * min(left_rows, right_rows)
            )
            if not (prose_columns or table_column or separate_blocks):
                continue
            candidate = (both, gap_right - gap_left, gap_left, gap_right)
            if best is None or candidate[:2] > best[:2]:
                best = candidate
        if best is not None:
            break
    if best is None:
        return []
    gutter = (best[2], best[3])
    if depth >= 1:
        return [gutter]
    left_words = [w for w in words if w.x1 <= gutter[0]]
    right_words = [w for w in words if w.x0 >= gutter[1]]
    left_tables = [_clipped(t, t.bbox[0], min(t.bbox[2], gutter[0])) for t in tables if t.bbox[0] < gutter[0]]
    right_tables = [_clipped(t, max(t.bbox[0], gutter[1]), t.bbox[2]) for t in tables if t.bbox[2] > gutter[1]]
    return [
        *_gutters_between(left_words, left_tables, body_size, depth + 1),
        gutter,
        *_gutters_between(right_words, right_tables, body_size, depth + 1),
    ]


def _clipped(table: _Table, x0: float, x1: float) -> _Table:
    return _Table(bbox=(x0, table.bbox[1], x1, table.bbox[3]), rows=table.rows)


def _group_rows(words: list[_Word]) -> list[list[_Word]]:
    """Words of a whole page grouped into horizontal rows (across columns)."""
    rows: list[list[_Word]] = []
    current_middle = -1e9
    for word in sorted(words, key=lambda w: w.middle):
        if rows and abs(word.middle - current_middle) <= max(2.0, 0.3 * (word.bottom - word.top)):
            rows[-1].append(word)
        else:
            rows.append([word])
            current_middle = word.middle
    return rows


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """(start, end) index pairs of the runs of True in a boolean array."""
    padded = np.concatenate(([False], mask, [False])).astype(np.int8)
    changes = np.flatnonzero(np.diff(padded))
    return [(int(changes[i]), int(changes[i + 1])) for i in range(0, len(changes), 2)]


def _side_counts(rows: list[list[_Word]], gap_left: float, gap_right: float) -> tuple[int, int, int]:
    """Rows with words on both sides of a gap (none crossing it), rows with words left, rows right."""
    both = left_rows = right_rows = 0
    for row in rows:
        has_left = any(w.x1 <= gap_left + 0.5 for w in row)
        has_right = any(w.x0 >= gap_right - 0.5 for w in row)
        crosses = any(w.x0 < gap_right - 0.5 and w.x1 > gap_left + 0.5 for w in row)
        left_rows += has_left
        right_rows += has_right
        if has_left and has_right and not crosses:
            both += 1
    return both, left_rows, right_rows


def _left_side_is_prose(rows: list[list[_Word]], left: float, gap_left: float, body_size: float) -> bool:
    """Columns of running text fill their width; a borderless key/value table does not.

    Reading a key/value table column by column would scramble it, so only split when most lines of the
    left side reach close to the gutter.
    """
    column_width = gap_left - left
    ends = []
    for row in rows:
        left_ends = [w.x1 for w in row if w.x1 <= gap_left + 0.5]
        if left_ends:
            ends.append(max(left_ends))
    if not ends:
        return False
    reach = gap_left - max(4 * body_size, 0.25 * column_width)
    return sum(1 for end in ends if end >= reach) >= 0.5 * len(ends)


def _side_lines(
    rows: list[list[_Word]], gap_left: float, gap_right: float
) -> tuple[list[list[_Word]], list[list[_Word]]]:
    """Lines left and right of a gap over the height both sides share, leaving out rows that cross it."""
    kept = [
        w
        for row in rows
        if not any(w.x0 < gap_right - 0.5 and w.x1 > gap_left + 0.5 for w in row)
        for w in row
    ]
    left_lines = _group_lines([w for w in kept if w.x1 <= gap_left + 0.5])
    right_lines = _group_lines([w for w in kept if w.x0 >= gap_right - 0.5])
    if not left_lines or not right_lines:
        return [], []
    top = max(_line_top(left_lines[0]), _line_top(right_lines[0]))
    bottom = min(max(_line_bottom(line) for line in left_lines), max(_line_bottom(line) for line in right_lines))
    return (
        [line for line in left_lines if top <= _line_top(line) and _line_bottom(line) <= bottom],
        [line for line in right_lines if top <= _line_top(line) and _line_bottom(line) <= bottom],
    )


def _reads_as_table(left_lines: list[list[_Word]], right_lines: list[list[_Word]], body_size: float) -> bool:
    """A borderless table: left-aligned cells whose rows pair up on the same baselines with the right
    side, and that start afresh on every line (a few words each, or no running on).

    Reading it column by column would part every label from its value, however far the labels reach.
    Boxes of a diagram, centred rather than aligned, are left to the other rules.
    """
    if len(left_lines) < 3 or not _starts_aligned(left_lines, None, body_size):
        return False
    if not _rows_pair_up(left_lines, right_lines):
        return False
    short_cells = sum(1 for line in left_lines if len(line) <= TABLE_CELL_WORDS)
    if short_cells >= 0.8 * len(left_lines):
        return True  # labels of a few words on (nearly) every row, whatever their case
    breaks, run_on = _line_breaks(left_lines)
    return run_on < RUN_ON_SHARE * max(breaks, 1)  # no breaks at all: one-line labels beside wrapped values


def _is_text_column_gutter(
    left_lines: list[list[_Word]], right_lines: list[list[_Word]], gap_right: float, body_size: float
) -> bool:
    """Two flows of text side by side, even when the left one is ragged (a dash list, short lines).

    Both sides need many lines over a shared height, each side's lines starting at one x (the left
    side may indent a list's wrapped lines; the right side starts at the gutter). Sides that keep their
    own line spacing are two flows of text; sides whose rows pair up are columns only when the left
    side reads as running text (a borderless key/value table pairs up too, but its cells do not run on).
    """
    if min(len(left_lines), len(right_lines)) < COLUMN_MIN_LINES:
        return False
    top = max(_line_top(left_lines[0]), _line_top(right_lines[0]))
    bottom = min(_line_bottom(left_lines[-1]), _line_bottom(right_lines[-1]))
    if bottom - top < COLUMN_MIN_LINES * body_size:
        return False
    if not (_starts_aligned(left_lines, None, body_size) and _starts_aligned(right_lines, gap_right, body_size)):
        return False
    if not _rows_pair_up(left_lines, right_lines):
        return True
    breaks, run_on = _line_breaks(left_lines)
    return breaks >= 3 and run_on >= RUN_ON_SHARE * breaks


def _starts_aligned(lines: list[list[_Word]], edge: float | None, body_size: float) -> bool:
    """Whether most lines start at one x (``edge``, or the leftmost start), give or take a list's indent."""
    edge = min(line[0].x0 for line in lines) if edge is None else edge
    limit = edge + COLUMN_START_INDENT * body_size
    return sum(1 for line in lines if line[0].x0 <= limit) >= COLUMN_START_SHARE * len(lines)


def _rows_pair_up(left_lines: list[list[_Word]], right_lines: list[list[_Word]]) -> bool:
    if not left_lines or not right_lines:
        return False
    share = max(_paired_share(left_lines, right_lines), _paired_share(right_lines, left_lines))
    return share >= ALIGNED_ROW_SHARE


def _is_column_beside_table(
    words: list[_Word], tables: list[_Table], gap_left: float, gap_right: float
) -> bool:
    """A ruled table filling one column while text runs on in the other (no full-width rows cross)."""
    for table in tables:
        x0, top, x1, bottom = table.bbox
        if x0 >= gap_right - 0.5:
            other_side = [w for w in words if w.x1 <= gap_left + 0.5]
        elif x1 <= gap_left + 0.5:
            other_side = [w for w in words if w.x0 >= gap_right - 0.5]
        else:
            continue
        beside = [line for line in _group_lines(other_side) if top <= _line_top(line) and _line_bottom(line) <= bottom]
        if len(beside) >= COLUMN_MIN_LINES:
            return True
    return False


def _line_top(line: list[_Word]) -> float:
    return min(w.top for w in line)


def _line_bottom(line: list[_Word]) -> float:
    return max(w.bottom for w in line)


def _paired_share(lines: list[list[_Word]], others: list[list[_Word]]) -> float:
    """Share of ``lines`` that have a line of ``others`` on the same baseline."""
    bottoms = sorted(_line_bottom(line) for line in others)
    paired = 0
    for line in lines:
        bottom = _line_bottom(line)
        tolerance = 0.3 * max(w.size for w in line)
        index = int(np.searchsorted(bottoms, bottom - tolerance))
        paired += index < len(bottoms) and bottoms[index] <= bottom + tolerance
    return paired / len(lines)


def _line_breaks(lines: list[list[_Word]]) -> tuple[int, int]:
    """Line breaks inside blocks (no gap), and how many of them run on: the next line continues the
    sentence in lower case, after a hyphen, or under the text of a list item (a hanging indent, which
    also carries on after a name). Wrapped text runs on often; table cells start afresh."""
    breaks = run_on = 0
    for above, below in itertools.pairwise(lines):
        size = max(w.size for w in above)
        if _line_top(below) - _line_top(above) > 1.6 * size:
            continue  # a gap: the next line starts a new block
        breaks += 1
        hanging = len(above) > 1 and abs(below[0].x0 - above[1].x0) <= 0.15 * size and below[0].x0 > above[0].x0
        run_on += below[0].text[:1].islower() or above[-1].text.endswith("-") or hanging
    return breaks, run_on


def _lines_in_reading_order(
    words: list[_Word], tables: list[_Table], gutters: list[tuple[float, float]]
) -> list[_Line]:
    """Full-width rows in place; between them, each column top to bottom, left column first."""
    items: list[_Word | _Table] = [*words, *tables]
    if not gutters:
        return _column_lines(items, column=0)
    middles = [(g0 + g1) / 2 for g0, g1 in gutters]

    def column_of(item: _Word | _Table) -> int:
        centre = (_left(item) + _right(item)) / 2
        return sum(1 for middle in middles if centre > middle)

    def crosses(item: _Word | _Table) -> bool:
        return any(_left(item) < g1 - 0.5 and _right(item) > g0 + 0.5 for g0, g1 in gutters)

    rows = _group_rows(words)
    bands: list[tuple[float, list[_Word | _Table]]] = [
        (min(w.top for w in row), list(row)) for row in rows if any(crosses(w) for w in row)
    ]
    bands += [(t.bbox[1], [t]) for t in tables if crosses(t)]
    bands.sort(key=lambda band: band[0])
    in_bands = {id(i) for _, band_items in bands for i in band_items}
    remaining = [i for i in items if id(i) not in in_bands]

    lines: list[_Line] = []
    column = -1
    for band_top, band_items in [*bands, (math.inf, [])]:
        above = [i for i in remaining if _middle(i) < band_top]
        remaining = [i for i in remaining if _middle(i) >= band_top]
        for index in range(len(gutters) + 1):
            in_column = [i for i in above if column_of(i) == index]
            if in_column:
                column += 1
                lines.extend(_column_lines(in_column, column))
        if band_items:
            # Consecutive full-width rows read as one block, like a single column.
            if above or not lines or not lines[-1].spanning:
                column += 1
            for line in _column_lines(band_items, column):
                line.spanning = True
                lines.append(line)
    return lines


def _left(item: _Word | _Table) -> float:
    return item.x0 if isinstance(item, _Word) else item.bbox[0]


def _right(item: _Word | _Table) -> float:
    return item.x1 if isinstance(item, _Word) else item.bbox[2]


def _middle(item: _Word | _Table) -> float:
    return item.middle if isinstance(item, _Word) else (item.bbox[1] + item.bbox[3]) / 2


def _column_lines(items: Sequence[_Word | _Table], column: int) -> list[_Line]:
    """Lines of one column (or one full-width band), tables in place as row lines, top to bottom."""
    words = [i for i in items if isinstance(i, _Word)]
    tables = [i for i in items if isinstance(i, _Table)]
    column_left = min((_left(i) for i in items), default=0.0)
    column_right = max((_right(i) for i in items), default=0.0)
    lines: list[_Line] = []
    for group in _group_lines(words):
        weights: Counter[float] = Counter()
        for w in group:
            weights[w.size] += len(w.text)
        lines.append(
            _Line(
                text=_line_text(group),
                x0=group[0].x0,
                x1=max(w.x1 for w in group),
                top=min(w.top for w in group),
                bottom=max(w.bottom for w in group),
                size=weights.most_common(1)[0][0],
                bold=all(w.bold for w in group),
                column=column,
                column_left=column_left,
                column_right=column_right,
            )
        )
    for table in tables:
        x0, top, x1, bottom = table.bbox
        for row in table.rows:
            lines.append(
                _Line(
                    text=row,
                    x0=x0,
                    x1=x1,
                    top=top,
                    bottom=bottom,
                    size=0.0,
                    bold=False,
                    column=column,
                    column_left=column_left,
                    column_right=column_right,
                    table_row=True,
                )
            )
    lines.sort(key=lambda line: line.top)  # stable: table rows keep their order
    return lines


def _line_text(words: list[_Word]) -> str:
    parts: list[str] = []
    previous: _Word | None = None
    for word in words:
        if previous is not None and word.text == previous.text and abs(word.x0 - previous.x0) < 1:
            continue  # the same word drawn twice
        parts.append(word.text)
        previous = word
    return " ".join(parts)


# --------------------------------------------------------------------------------------------------
# The whole document: running headers, paragraphs, page spans


def _assemble(pages: list[_Page]) -> tuple[str, tuple[PageSpan, ...]]:
    _drop_running_lines(pages)
    all_lines = [line for page in pages for line in page.lines if not line.dropped]
    fix_glyphs = _private_use_fixer(all_lines)
    for line in all_lines:
        line.text = _DOT_LEADER.sub(" ", fix_glyphs(line.text)).strip()
        if _RULE_LINE.match(line.text) or not line.text:
            line.dropped = True
    vocabulary = vocabulary_of(line.text for line in all_lines if not line.dropped)
    body_size = _body_size(all_lines)
    pitches = _line_pitches(all_lines)

    # Footnotes wait until the paragraph that runs on to the next page is complete, so a sentence
    # broken by a page break is not cut in two by the notes printed under it.
    paragraphs: list[list[_Line]] = []
    pending_notes: list[list[_Line]] = []
    previous: _Line | None = None
    for page in pages:
        body, notes = _split_footnotes([line for line in page.lines if not line.dropped], body_size)
        for line in body:
            if previous is None or _starts_paragraph(previous, line, body_size, pitches):
                paragraphs.extend(pending_notes)
                pending_notes = []
                paragraphs.append([line])
            else:
                paragraphs[-1].append(line)
            previous = line
        pending_notes.extend(_footnote_paragraphs(notes))
        if previous is not None:
            previous = _page_end_marker(previous)
    paragraphs.extend(pending_notes)

    # Build the text; a paragraph that runs over a page break is split for the spans at the line
    # where the new page starts.
    text_parts: list[str] = []
    page_starts: dict[int, int] = {}
    offset = 0
    line_page = {id(line): page.number for page in pages for line in page.lines}
    for lines in paragraphs:
        paragraph_text, line_offsets = _paragraph_text(lines, vocabulary)
        if not paragraph_text:
            continue
        if text_parts:
            offset += 2
        for line, line_offset in zip(lines, line_offsets, strict=True):
            page_number = line_page[id(line)]
            if page_number not in page_starts:
                page_starts[page_number] = offset + line_offset
        text_parts.append(paragraph_text)
        offset += len(paragraph_text)
    text = "\n\n".join(text_parts)
    numbers = sorted(page_starts)
    spans = []
    for index, number in enumerate(numbers):
        start = page_starts[number]
        end = page_starts[numbers[index + 1]] if index + 1 < len(numbers) else len(text)
        if end > start:
            spans.append(PageSpan(page=number, start=start, end=end))
    return text, tuple(spans)


def _split_footnotes(lines: list[_Line], body_size: float) -> tuple[list[_Line], list[_Line]]:
    """Split a page's lines into body and the footnotes at its foot (small print starting "1 ...")."""
    start = len(lines)
    while start > 0 and not lines[start - 1].table_row and lines[start - 1].size <= 0.93 * body_size:
        start -= 1
    for index in range(start, len(lines)):
        if index > 0 and _FOOTNOTE.match(lines[index].text):
            return lines[:index], lines[index:]
    return lines, []


def _footnote_paragraphs(notes: list[_Line]) -> list[list[_Line]]:
    paragraphs: list[list[_Line]] = []
    for line in notes:
        if not paragraphs or _FOOTNOTE.match(line.text):
            paragraphs.append([line])
        else:
            paragraphs[-1].append(line)
    return paragraphs


def _page_end_marker(line: _Line) -> _Line:
    """The last line of a page, marked so the next page's first line counts as a column change."""
    marked = _Line(**{**line.__dict__, "column": -1})
    return marked


def _paragraph_text(lines: list[_Line], vocabulary: frozenset[str]) -> tuple[str, list[int]]:
    """Text of one paragraph and, per line, the offset where that line's text begins (approximately
    for lines merged into a hyphenated word)."""
    if all(line.table_row for line in lines):
        texts = [line.text for line in lines]
        offsets = []
        position = 0
        for text in texts:
            offsets.append(position)
            position += len(text) + 1
        return "\n".join(texts), offsets
    text = ""
    offsets = []
    for line in lines:
        if line.table_row or (_TOC_ENTRY.search(line.text) and _TOC_ENTRY.search(text)):
            joined = f"{text}\n{line.text}" if text else line.text
        else:
            joined = join_lines([text, line.text] if text else [line.text], vocabulary)
        offsets.append(min(len(text) + (1 if text else 0), len(joined)))
        text = joined
    return text, offsets


def _drop_running_lines(pages: list[_Page]) -> None:
    """Mark running headers/footers and page-number lines at the page edges as dropped.

    A line is running when the same text sits at the same edge, at the same height, on many pages.
    Lines that differ only in their numbers count too, but only when one of those numbers moves in
    step with the page ("3 / 51", "4 Staatscourant 2019 nr. 41519"): "Artikel 3" heading several
    pages is content. A header split in two by a column gutter on some pages and read as one line on
    others is matched as the whole row. The same text elsewhere (the document title under a header
    that repeats it) stays.
    """
    occurrences: defaultdict[tuple[str, str], list[tuple[int, str, float]]] = defaultdict(list)
    edges: list[tuple[str, list[_Line], float]] = []
    for index, page in enumerate(pages):
        for zone, lines in zip(("top", "bottom"), _edge_lines(page), strict=True):
            for row in _edge_rows(lines):
                position = row[0].top if zone == "top" else page.height - row[0].bottom
                edges.append((zone, row, position))
                texts = {line.text for line in row} | {" ".join(line.text for line in row)}
                for text in texts:
                    occurrences[(zone, _running_key(text))].append((index, text, position))
    pages_with_text = sum(1 for page in pages if page.lines)
    needed = max(2, math.ceil(RUNNING_LINE_SHARE * pages_with_text))
    running: dict[tuple[str, str], float] = {}
    for key, found in occurrences.items():
        height = _running_height(found, needed)
        if height is not None:
            running[key] = height
    for zone, row, position in edges:
        row_height = running.get((zone, _running_key(" ".join(line.text for line in row))))
        for line in row:
            if line.table_row:
                continue
            height = running.get((zone, _running_key(line.text)), row_height)
            at_height = height is not None and abs(position - height) <= RUNNING_LINE_SHIFT
            if _PAGE_NUMBER.match(line.text.strip()) or at_height:
                line.dropped = True


def _edge_rows(lines: list[_Line]) -> list[list[_Line]]:
    """Edge lines grouped by height, each row left to right (a header may sit in several columns)."""
    rows: list[list[_Line]] = []
    for line in sorted(lines, key=lambda line: (line.top, line.x0)):
        if rows and abs(line.top - rows[-1][0].top) <= 2:
            rows[-1].append(line)
        else:
            rows.append([line])
    for row in rows:
        row.sort(key=lambda line: line.x0)
    return rows


def _running_height(found: list[tuple[int, str, float]], needed: int) -> float | None:
    """The distance from its edge at which a text repeats on enough pages, or None when it does not."""
    # Running lines sit at the same height on every page they appear on.
    middle = statistics.median(position for _, _, position in found)
    found = [item for item in found if abs(item[2] - middle) <= RUNNING_LINE_SHIFT]
    if len({index for index, _, _ in found}) < needed:
        return None
    texts = Counter(text for _, text, _ in found)
    if texts.most_common(1)[0][1] >= needed:
        return middle
    numbers = [(index, [int(n) for n in _DIGITS.findall(text)]) for index, text, _ in found]
    width = min(len(values) for _, values in numbers)
    for position in range(width):
        offsets = Counter(values[position] - index for index, values in numbers)
        if offsets.most_common(1)[0][1] >= max(needed, 0.8 * len(found)):
            return middle
    return None


def _edge_lines(page: _Page) -> tuple[list[_Line], list[_Line]]:
    """Lines at the first and last few line positions of a page, within the edge zones."""
    positions = sorted({round(line.top) for line in page.lines})
    if not positions:
        return [], []
    top_limit = positions[min(EDGE_LINES, len(positions)) - 1]
    bottom_limit = positions[-min(EDGE_LINES, len(positions))]
    top_lines = [
        line for line in page.lines if round(line.top) <= top_limit and line.bottom <= EDGE_ZONE * page.height
    ]
    bottom_lines = [
        line
        for line in page.lines
        if round(line.top) >= bottom_limit and line.top >= (1 - EDGE_ZONE) * page.height
    ]
    return top_lines, bottom_lines


def _running_key(text: str) -> str:
    return " ".join(_DIGITS.sub("#", text.lower()).split())


def _private_use_fixer(lines: list[_Line]) -> Callable[[str], str]:
    words = [w for line in lines if PRIVATE_USE.search(line.text) for w in line.text.split()]
    if not words:
        return lambda text: text
    known = vocabulary_of(line.text for line in lines if not PRIVATE_USE.search(line.text))
    mapping = repair_private_use([w for w in words if PRIVATE_USE.search(w)], known)
    table = {ord(char): replacement for char, replacement in mapping.items()}
    return lambda text: text.translate(table)


def _body_size(lines: list[_Line]) -> float:
    weights: Counter[float] = Counter()
    for line in lines:
        if not line.table_row:
            weights[round(line.size * 2) / 2] += len(line.text)
    return weights.most_common(1)[0][0] if weights else 10.0


def _line_pitches(lines: list[_Line]) -> dict[float, float]:
    """Usual distance from one line's top to the next, per font size (the document's line spacing)."""
    by_size: defaultdict[float, list[float]] = defaultdict(list)
    for previous, line in itertools.pairwise(lines):
        if previous.table_row or line.table_row or previous.column != line.column:
            continue
        if abs(previous.size - line.size) > 0.5:
            continue
        pitch = line.top - previous.top
        if 0.8 * line.size < pitch < 2.2 * line.size:
            by_size[round(line.size * 2) / 2].append(pitch)
    return {size: statistics.median(values) for size, values in by_size.items() if len(values) >= 3}


def _is_heading(line: _Line, body_size: float) -> bool:
    """Larger or bold short lines, and short numbered section titles ("2.5.4 Werkwijze ...")."""
    if line.table_row or len(line.text) > 120 or line.text[-1:] in ".,;:":
        return False
    if line.size >= 1.15 * body_size or (line.bold and len(line.text.split()) <= 14):
        return True
    short = line.x1 < line.column_right - 0.3 * max(1.0, line.column_right - line.column_left)
    return short and bool(_SECTION_TITLE.match(line.text))


def _starts_paragraph(previous: _Line, line: _Line, body_size: float, pitches: dict[float, float]) -> bool:
    if previous.table_row != line.table_row:
        return True
    if line.table_row:
        return previous.column != line.column and previous.column != -1
    previous_text, text = previous.text, line.text
    continues_sentence = previous_text[-1:] not in _SENTENCE_END and (text[:1].islower() or text[:1] in "(,")
    if previous.column != line.column:
        # A jump to the next column or page: continue only a sentence that clearly runs on.
        return not (continues_sentence and not _is_heading(previous, body_size))
    if _is_heading(previous, body_size) != _is_heading(line, body_size):
        return True
    if abs(previous.size - line.size) > 0.12 * max(previous.size, line.size):
        return True
    if previous.bold != line.bold and not continues_sentence:
        return True
    body_pitch = pitches.get(round(body_size * 2) / 2, 1.25 * body_size)
    pitch = pitches.get(round(line.size * 2) / 2) or body_pitch * line.size / body_size
    if line.top - previous.top > PARAGRAPH_GAP * pitch + 1.0:
        return True
    if line.top < previous.top - 1:  # went back up within a column: a new block
        return True
    if LIST_ITEM.match(text):
        return False  # stays in the paragraph on its own line
    column_width = max(1.0, line.column_right - line.column_left)
    short = previous.x1 < line.column_right - max(3 * body_size, 0.15 * column_width)
    if previous_text[-1:] in ".!?:" and short:
        return True
    indent = line.x0 - previous.x0
    if indent > 1.5 * line.size and previous_text[-1:] in ".!?:" and not LIST_ITEM.match(previous_text):
        return True
    return indent < -1.5 * line.size and previous_text[-1:] in _SENTENCE_END and not LIST_ITEM.match(text)


# --------------------------------------------------------------------------------------------------
# Metadata


def _title_from(metadata: dict[str, Any], pages: list[_Page]) -> str | None:
    """The PDF's Title entry when it is a real title, else the largest heading on the first page."""
    raw = metadata.get("Title")
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", errors="ignore")
    if isinstance(raw, str):
        title = " ".join(normalise_characters(raw).split())
        if len(title) >= 4 and not _JUNK_TITLES.search(title) and WORD.search(title):
            return title
    first = next((page for page in pages if any(not line.dropped for line in page.lines)), None)
    if first is None:
        return None
    body = _body_size([line for page in pages for line in page.lines if not line.dropped])
    lines = [line for line in first.lines if not line.dropped and not line.table_row and line.text]
    runs: list[list[_Line]] = []
    for line in lines:
        if runs and abs(runs[-1][-1].size - line.size) < 0.5 and line.top - runs[-1][-1].bottom < line.size:
            runs[-1].append(line)
        else:
            runs.append([line])
    for run in sorted(runs, key=lambda run: -run[0].size):
        if run[0].size < 1.2 * body:
            break
        title = join_lines([line.text for line in run[:6]])
        if len(title.split()) >= 3 and len(title) <= 400:
            return title
    return None


def _date_from(metadata: dict[str, Any]) -> str | None:
    for key in ("CreationDate", "ModDate"):
        raw = metadata.get(key)
        if isinstance(raw, bytes):
            raw = raw.decode("latin-1", errors="ignore")
        if isinstance(raw, str):
            match = re.search(r"(?:D:)?(\d{4})(\d{2})(\d{2})", raw)
            if match and 1 <= int(match.group(2)) <= 12 and 1 <= int(match.group(3)) <= 31:
                return f"{match.group(1)}-{match.group(2)}-{match.group(3)}"
    return None
