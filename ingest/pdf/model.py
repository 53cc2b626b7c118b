"""The pieces a PDF page is rebuilt from: words, ruled tables, lines in reading order, pages."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Words of one line closer than this many font sizes are read as one run (a word space is about a
# quarter to a half of the size; the narrowest column gutter is wider).
RUN_GAP = 0.6
# List markers stay runs of their own: the layout reads hanging indents from the word after them.
MARKER = re.compile(r"^(?:[-•*▪●◦–—■□➢➤►✓✔o]|\(?\d{1,3}[.)]|\(?[a-z][.)]|[ivx]{1,4}[.)])$")
# Punctuation that closes up to the word before it when the two touch.
CLOSING = frozenset(".,;:!?)]»”’")


@dataclass(slots=True)
class Word:
    """A word (or a run of words PDFium set without a gap) with its box in points from the page top."""

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
class Table:
    """A ruled table: its box and its rows as "cell | cell" strings."""

    bbox: tuple[float, float, float, float]
    rows: list[str]


@dataclass
class Line:
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
class Page:
    number: int
    height: float
    width: float = 0.0
    lines: list[Line] = field(default_factory=list)
