"""The whole document from its pages: running headers dropped, footnotes set apart, paragraphs, spans.

1. Running headers/footers (first/last lines that repeat on many pages once digits are ignored) and
   page-number lines are dropped.
2. Footnotes (small print starting with a marker at the foot of a page or of a column) are kept apart
   from the body and set after the paragraph that runs on past them.
3. Lines become paragraphs from vertical gaps, font changes, indentation and short last lines;
   hyphenation at line ends (soft hyphens too) is repaired, also across columns and pages.
"""

from __future__ import annotations

import itertools
import math
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterator

from ingest.cleaning import LIST_ITEM, PRIVATE_USE, join_lines, repair_private_use, vocabulary_of
from ingest.extracted import PageSpan
from ingest.pdf.model import Line, Page

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


def assemble(pages: list[Page]) -> tuple[str, tuple[PageSpan, ...]]:
    _drop_running_lines(pages)
    all_lines = [line for page in pages for line in page.lines if not line.dropped]
    fix_glyphs = _private_use_fixer(all_lines)
    for line in all_lines:
        line.text = _DOT_LEADER.sub(" ", fix_glyphs(line.text)).strip()
        if _RULE_LINE.match(line.text) or not line.text:
            line.dropped = True
    vocabulary = _LazyVocabulary([line for line in all_lines if not line.dropped])
    body_size = body_size_of(all_lines)
    pitches = _line_pitches(all_lines)

    # Footnotes wait until the paragraph that runs on to the next page is complete, so a sentence
    # broken by a page break is not cut in two by the notes printed under it.
    paragraphs: list[list[Line]] = []
    pending_notes: list[list[Line]] = []
    previous: Line | None = None
    for page in pages:
        # Notes sit at the foot of the page, or at the foot of each column: split every column block.
        for number, block in enumerate(_column_blocks([line for line in page.lines if not line.dropped])):
            body, notes = _split_footnotes(block, body_size, allow_all=number > 0)
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


def _column_blocks(lines: list[Line]) -> list[list[Line]]:
    """A page's lines cut where the reading moves to another column or band."""
    blocks: list[list[Line]] = []
    for line in lines:
        if blocks and blocks[-1][-1].column == line.column:
            blocks[-1].append(line)
        else:
            blocks.append([line])
    return blocks


def _split_footnotes(lines: list[Line], body_size: float, allow_all: bool = False) -> tuple[list[Line], list[Line]]:
    """Split a block's lines into body and the footnotes at its foot (small print starting "1 ...").

    The first block of a page keeps at least one body line; a later block (a full-width band of notes
    under the columns) may be notes only.
    """
    start = len(lines)
    while start > 0 and not lines[start - 1].table_row and lines[start - 1].size <= 0.93 * body_size:
        start -= 1
    for index in range(start, len(lines)):
        if (index > 0 or allow_all) and _FOOTNOTE.match(lines[index].text):
            return lines[:index], lines[index:]
    return lines, []


def _footnote_paragraphs(notes: list[Line]) -> list[list[Line]]:
    paragraphs: list[list[Line]] = []
    for line in notes:
        if not paragraphs or _FOOTNOTE.match(line.text):
            paragraphs.append([line])
        else:
            paragraphs[-1].append(line)
    return paragraphs


def _page_end_marker(line: Line) -> Line:
    """The last line of a page, marked so the next page's first line counts as a column change."""
    marked = Line(**{**line.__dict__, "column": -1})
    return marked


class _LazyVocabulary(Collection[str]):
    """The document's words, gathered only when a line-end hyphen asks (many documents have none)."""

    def __init__(self, lines: list[Line]) -> None:
        self._lines = lines
        self._words: frozenset[str] | None = None

    def _get(self) -> frozenset[str]:
        if self._words is None:
            self._words = vocabulary_of(line.text for line in self._lines)
        return self._words

    def __contains__(self, word: object) -> bool:
        return word in self._get()

    def __iter__(self) -> Iterator[str]:
        return iter(self._get())

    def __len__(self) -> int:
        return len(self._get())


def _paragraph_text(lines: list[Line], vocabulary: Collection[str]) -> tuple[str, list[int]]:
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
        contents_entry = line.text[-1:].isdigit() and _TOC_ENTRY.search(line.text) and _TOC_ENTRY.search(text[-160:])
        if line.table_row or contents_entry:
            joined = f"{text}\n{line.text}" if text else line.text
        else:
            joined = join_lines([text, line.text] if text else [line.text], vocabulary)
        offsets.append(min(len(text) + (1 if text else 0), len(joined)))
        text = joined
    return text, offsets


def _drop_running_lines(pages: list[Page]) -> None:
    """Mark running headers/footers and page-number lines at the page edges as dropped.

    A line is running when the same text sits at the same edge, at the same height, on many pages.
    Lines that differ only in their numbers count too, but only when one of those numbers moves in
    step with the page ("3 / 51", "4 Staatscourant 2019 nr. 41519"): "Artikel 3" heading several
    pages is content. A header split in two by a column gutter on some pages and read as one line on
    others is matched as the whole row. The same text elsewhere (the document title under a header
    that repeats it) stays.
    """
    occurrences: defaultdict[tuple[str, str], list[tuple[int, str, float]]] = defaultdict(list)
    edges: list[tuple[str, list[Line], float]] = []
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


def _edge_rows(lines: list[Line]) -> list[list[Line]]:
    """Edge lines grouped by height, each row left to right (a header may sit in several columns)."""
    rows: list[list[Line]] = []
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


def _edge_lines(page: Page) -> tuple[list[Line], list[Line]]:
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


def _private_use_fixer(lines: list[Line]) -> Callable[[str], str]:
    words = [w for line in lines if PRIVATE_USE.search(line.text) for w in line.text.split()]
    if not words:
        return lambda text: text
    known = vocabulary_of(line.text for line in lines if not PRIVATE_USE.search(line.text))
    mapping = repair_private_use([w for w in words if PRIVATE_USE.search(w)], known)
    table = {ord(char): replacement for char, replacement in mapping.items()}
    return lambda text: text.translate(table)


def body_size_of(lines: list[Line]) -> float:
    weights: Counter[float] = Counter()
    for line in lines:
        if not line.table_row:
            weights[round(line.size * 2) / 2] += len(line.text)
    return weights.most_common(1)[0][0] if weights else 10.0


def _line_pitches(lines: list[Line]) -> dict[float, float]:
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


def _is_heading(line: Line, body_size: float) -> bool:
    """Larger or bold short lines, and short numbered section titles ("2.5.4 Werkwijze ...")."""
    if line.table_row or len(line.text) > 120 or line.text[-1:] in ".,;:":
        return False
    if line.size >= 1.15 * body_size or (line.bold and len(line.text.split()) <= 14):
        return True
    short = line.x1 < line.column_right - 0.3 * max(1.0, line.column_right - line.column_left)
    return short and bool(_SECTION_TITLE.match(line.text))


def _starts_paragraph(previous: Line, line: Line, body_size: float, pitches: dict[float, float]) -> bool:
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
    if line.x0 >= previous.x1 and abs(line.bottom - previous.bottom) < 0.3 * line.size:
        return True  # the rest of a line after its run-in heading (layout._run_in_heading)
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


