"""Reading order of one PDF page: column gutters from word positions, then lines column by column.

1. Column gutters are found from word x-positions: beside running text, beside a ragged column (a dash
   list) whose lines keep their own spacing or run on, beside a ruled table filling a column; a borderless
   key/value table (left-aligned short cells on the baselines of the right side) stays rows. Rows that
   cross a gutter are full width, the rest is read column by column (1, 2, 3 or more columns).
2. Words become lines: same baseline and similar size, or a small raised/lowered word glued to its
   neighbour. Ruled tables (from :mod:`ingest.pdf.tables`) stand in place as "cell | cell" rows. A heading
   run in at the start of a line (larger than the rest, which opens a sentence) is a line of its own, so
   that it becomes a paragraph of its own (:func:`_run_in_heading`).

The items are runs of words (:func:`merge_runs`, or merged while PDFium's words are read): a line is a
few runs rather than a dozen words, which is what makes this step cheap; counts of words are taken from
the runs' text.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Sequence

import numpy as np

from ingest.cleaning import join_lines
from ingest.pdf.model import CLOSING, MARKER, RUN_GAP, Line, Table, Word

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
RUN_IN_SIZE = 1.08  # a run-in heading's size against the text after it on its line


def page_lines(runs: list[Word], tables: list[Table], body_size: float) -> list[Line]:
    """The lines of one page in reading order, from runs of words (:func:`merge_runs`)."""
    gutters = find_gutters(runs, tables, body_size)
    return lines_in_reading_order(runs, tables, gutters)


def merge_runs(words: list[Word]) -> list[Word]:
    """Neighbouring words of one line merged into runs, so the layout steps handle a few items a line.

    Words join when they follow each other on one baseline, in one size and weight, less than
    ``RUN_GAP`` font sizes apart (a word space; a column gutter is wider). List markers ("•", "1.",
    "a)") stay apart, since the layout reads hanging indents from the word after them.
    """
    runs: list[Word] = []
    previous: Word | None = None
    for word in words:
        if (
            previous is not None
            and previous.size == word.size
            and previous.bold == word.bold
            and abs(previous.bottom - word.bottom) <= 0.1 * word.size
            and -0.5 <= word.x0 - previous.x1 <= RUN_GAP * word.size
            and not MARKER.match(previous.text)
        ):
            run = runs[-1]
            glued = word.text[0] in CLOSING and word.x0 - previous.x1 < 0.12 * word.size
            text = run.text + word.text if glued else f"{run.text} {word.text}"
            runs[-1] = Word(text, run.x0, word.x1, min(run.top, word.top),
                            max(run.bottom, word.bottom), run.size, run.bold)
        else:
            runs.append(word)
        previous = word
    return runs


def text_of_block(words: list[Word]) -> str:
    """Text of a small block (a table cell): words grouped into lines, lines joined."""
    lines = group_lines(words)
    return join_lines([" ".join(w.text for w in line) for line in lines])


def group_lines(words: list[Word]) -> list[list[Word]]:
    """Words of one column grouped into lines, each line sorted left to right.

    A word joins a line when it sits on the same baseline at a similar size, or when it is a smaller
    raised/lowered word right next to it (a footnote marker). A big heading does not swallow the small
    words printed beside it.
    """
    lines: list[list[Word]] = []
    references: list[Word] = []  # the largest word of each line
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        target = -1
        for index in range(len(lines) - 1, max(-1, len(lines) - 9), -1):
            reference = references[index]
            if word.top > reference.bottom + 1:
                continue  # wholly below that line: it cannot join it (the test below says no too)
            if _same_line(word, lines[index], reference):
                target = index
                break
        if target < 0:
            lines.append([word])
            references.append(word)
        else:
            lines[target].append(word)
            if word.size > references[target].size:
                references[target] = word
    for line in lines:
        line.sort(key=lambda w: w.x0)
    lines.sort(key=lambda line: min(w.top for w in line))
    return lines


def _same_line(word: Word, line: list[Word], reference: Word) -> bool:
    small, big = (word, reference) if word.size <= reference.size else (reference, word)
    if abs(word.bottom - reference.bottom) <= 0.3 * small.size and big.size <= 1.6 * small.size:
        return True  # same baseline, similar size
    if not big.top - 1 <= small.middle <= big.bottom + 1:
        return False
    if not 0.45 * big.size <= small.size <= 0.85 * big.size or len(small.text) > 3:
        return False
    # A raised or lowered small word glued to its neighbour: "1e", a footnote marker.
    others = line if small is word else [word]
    gap = min(min(abs(small.x0 - w.x1), abs(w.x0 - small.x1)) for w in others)
    return gap <= big.size


def find_gutters(words: list[Word], tables: list[Table], body_size: float) -> list[tuple[float, float]]:
    """Vertical white strips that separate columns of text, left to right (empty for one column)."""
    if sum(w.text.count(" ") + 1 for w in words) < 12:  # items are runs of words
        return []
    return _gutters_between(words, tables, body_size, depth=0)


def _gutters_between(
    words: list[Word], tables: list[Table], body_size: float, depth: int
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
            if end - start < min_width:
                start, end = run_start, run_end  # the narrowest part is too thin: a line ends in the gutter
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


def _clipped(table: Table, x0: float, x1: float) -> Table:
    return Table(bbox=(x0, table.bbox[1], x1, table.bbox[3]), rows=table.rows)


def _group_rows(words: list[Word]) -> list[list[Word]]:
    """Words of a whole page grouped into horizontal rows (across columns)."""
    rows: list[list[Word]] = []
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


def _side_counts(rows: list[list[Word]], gap_left: float, gap_right: float) -> tuple[int, int, int]:
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


def _left_side_is_prose(rows: list[list[Word]], left: float, gap_left: float, body_size: float) -> bool:
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
    rows: list[list[Word]], gap_left: float, gap_right: float
) -> tuple[list[list[Word]], list[list[Word]]]:
    """Lines left and right of a gap over the height both sides share, leaving out rows that cross it."""
    kept = [
        w
        for row in rows
        if not any(w.x0 < gap_right - 0.5 and w.x1 > gap_left + 0.5 for w in row)
        for w in row
    ]
    left_lines = group_lines([w for w in kept if w.x1 <= gap_left + 0.5])
    right_lines = group_lines([w for w in kept if w.x0 >= gap_right - 0.5])
    if not left_lines or not right_lines:
        return [], []
    top = max(_line_top(left_lines[0]), _line_top(right_lines[0]))
    bottom = min(max(_line_bottom(line) for line in left_lines), max(_line_bottom(line) for line in right_lines))
    return (
        [line for line in left_lines if top <= _line_top(line) and _line_bottom(line) <= bottom],
        [line for line in right_lines if top <= _line_top(line) and _line_bottom(line) <= bottom],
    )


def _reads_as_table(left_lines: list[list[Word]], right_lines: list[list[Word]], body_size: float) -> bool:
    """A borderless table: left-aligned cells whose rows pair up on the same baselines with the right
    side, and that start afresh on every line (a few words each, or no running on).

    Reading it column by column would part every label from its value, however far the labels reach.
    Boxes of a diagram, centred rather than aligned, are left to the other rules.
    """
    if len(left_lines) < 3 or not _starts_aligned(left_lines, None, body_size):
        return False
    if not _rows_pair_up(left_lines, right_lines):
        return False
    short_cells = sum(1 for line in left_lines if _word_count(line) <= TABLE_CELL_WORDS)
    if short_cells >= 0.8 * len(left_lines):
        return True  # labels of a few words on (nearly) every row, whatever their case
    breaks, run_on = _line_breaks(left_lines)
    return run_on < RUN_ON_SHARE * max(breaks, 1)  # no breaks at all: one-line labels beside wrapped values


def _is_text_column_gutter(
    left_lines: list[list[Word]], right_lines: list[list[Word]], gap_right: float, body_size: float
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


def _starts_aligned(lines: list[list[Word]], edge: float | None, body_size: float) -> bool:
    """Whether most lines start at one x (``edge``, or the leftmost start), give or take a list's indent."""
    edge = min(line[0].x0 for line in lines) if edge is None else edge
    limit = edge + COLUMN_START_INDENT * body_size
    return sum(1 for line in lines if line[0].x0 <= limit) >= COLUMN_START_SHARE * len(lines)


def _rows_pair_up(left_lines: list[list[Word]], right_lines: list[list[Word]]) -> bool:
    if not left_lines or not right_lines:
        return False
    share = max(_paired_share(left_lines, right_lines), _paired_share(right_lines, left_lines))
    return share >= ALIGNED_ROW_SHARE


def _is_column_beside_table(
    words: list[Word], tables: list[Table], gap_left: float, gap_right: float
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
        beside = [line for line in group_lines(other_side) if top <= _line_top(line) and _line_bottom(line) <= bottom]
        if len(beside) >= COLUMN_MIN_LINES:
            return True
    return False


def _word_count(line: list[Word]) -> int:
    return sum(w.text.count(" ") + 1 for w in line)


def _line_top(line: list[Word]) -> float:
    return min(w.top for w in line)


def _line_bottom(line: list[Word]) -> float:
    return max(w.bottom for w in line)


def _paired_share(lines: list[list[Word]], others: list[list[Word]]) -> float:
    """Share of ``lines`` that have a line of ``others`` on the same baseline."""
    bottoms = sorted(_line_bottom(line) for line in others)
    paired = 0
    for line in lines:
        bottom = _line_bottom(line)
        tolerance = 0.3 * max(w.size for w in line)
        index = int(np.searchsorted(bottoms, bottom - tolerance))
        paired += index < len(bottoms) and bottoms[index] <= bottom + tolerance
    return paired / len(lines)


def _line_breaks(lines: list[list[Word]]) -> tuple[int, int]:
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


def lines_in_reading_order(
    words: list[Word], tables: list[Table], gutters: list[tuple[float, float]]
) -> list[Line]:
    """Full-width rows in place; between them, each column top to bottom, left column first."""
    items: list[Word | Table] = [*words, *tables]
    if not gutters:
        return _column_lines(items, column=0)
    middles = [(g0 + g1) / 2 for g0, g1 in gutters]

    def column_of(item: Word | Table) -> int:
        centre = (_left(item) + _right(item)) / 2
        return sum(1 for middle in middles if centre > middle)

    def crosses(item: Word | Table) -> bool:
        return any(_left(item) < g1 - 0.5 and _right(item) > g0 + 0.5 for g0, g1 in gutters)

    rows = _group_rows(words)
    bands: list[tuple[float, list[Word | Table]]] = [
        (min(w.top for w in row), list(row)) for row in rows if any(crosses(w) for w in row)
    ]
    bands += [(t.bbox[1], [t]) for t in tables if crosses(t)]
    bands.sort(key=lambda band: band[0])
    in_bands = {id(i) for _, band_items in bands for i in band_items}
    remaining = [i for i in items if id(i) not in in_bands]

    lines: list[Line] = []
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


def _left(item: Word | Table) -> float:
    return item.x0 if isinstance(item, Word) else item.bbox[0]


def _right(item: Word | Table) -> float:
    return item.x1 if isinstance(item, Word) else item.bbox[2]


def _middle(item: Word | Table) -> float:
    return item.middle if isinstance(item, Word) else (item.bbox[1] + item.bbox[3]) / 2


def _column_lines(items: Sequence[Word | Table], column: int) -> list[Line]:
    """Lines of one column (or one full-width band), tables in place as row lines, top to bottom."""
    words = [i for i in items if isinstance(i, Word)]
    tables = [i for i in items if isinstance(i, Table)]
    column_left = min((_left(i) for i in items), default=0.0)
    column_right = max((_right(i) for i in items), default=0.0)
    lines: list[Line] = []
    for whole in group_lines(words):
        lines.extend(_line_of(group, column, column_left, column_right) for group in _run_in_heading(whole))
    for table in tables:
        x0, top, x1, bottom = table.bbox
        for row in table.rows:
            lines.append(
                Line(
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


def _run_in_heading(group: list[Word]) -> list[list[Word]]:
    """A heading run in at the start of a line ("Gesprekken met bewoners door gemeente De gemeente wil …", the
    heading larger than the text after it) is a line of its own when the text after it opens a sentence with a
    capital. Not split: a larger word inside a sentence ("Belangrijk is dat …" runs on in lower case), a heading
    ending in a comma. Bold in the body size is not read: PDFium's weight is asked at a line's two ends only
    (:mod:`ingest.pdf.words`), so a bold start before regular text is not known word by word."""
    if len(group) < 2:
        return [group]
    split = next((i for i in range(1, len(group))
                  if min(w.size for w in group[:i]) >= RUN_IN_SIZE * max(w.size for w in group[i:])), None)
    if split is None:
        return [group]
    head, rest = group[:split], group[split:]
    heading = " ".join(word.text for word in head)
    if (not rest[0].text[:1].isupper() or MARKER.match(head[0].text) or sum(char.isalpha() for char in heading) < 4
            or heading[-1:] in ",;"):
        return [group]
    return [head, rest]


def _line_of(group: list[Word], column: int, column_left: float, column_right: float) -> Line:
    if len(group) == 1:
        only = group[0]
        return Line(only.text, only.x0, only.x1, only.top, only.bottom, only.size, only.bold, column, column_left,
                    column_right)
    weights: Counter[float] = Counter()
    for w in group:
        weights[w.size] += len(w.text)
    return Line(
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


def _line_text(words: list[Word]) -> str:
    text = ""
    previous: Word | None = None
    for word in words:
        if previous is not None and word.text == previous.text and abs(word.x0 - previous.x0) < 1:
            continue  # the same word drawn twice
        touching = previous is not None and word.x0 - previous.x1 < 0.12 * previous.size
        if not text:
            text = word.text
        elif touching and word.text[0] in CLOSING:
            text += word.text  # punctuation PDFium set apart after a raised footnote marker: "ICTU1 ,"
        else:
            text += " " + word.text
        previous = word
    return text
