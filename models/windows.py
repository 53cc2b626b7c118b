"""Sentence windows of a passage: the spans that search embeds besides the whole passage.

A long passage (a contract article, a debate turn) averages many subjects into one e5 vector, so a question
about one of its sentences meets it at a lower cosine than a short passage on that subject alone. Search
therefore also embeds windows of ``WINDOW_SENTENCES`` consecutive sentences, ``WINDOW_STRIDE`` sentences
apart (neighbouring windows share a sentence; the last window ends at the passage's end), and scores a
passage by the better of its own cosine and its best window's (``models.search``). A passage of at most
``WINDOW_SENTENCES`` sentences is its own single window: it costs no extra vector.
"""

from __future__ import annotations

from rodedraad.dutch import sentence_spans

WINDOW_SENTENCES = 3
WINDOW_STRIDE = 2


def sentence_windows(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets into ``text`` of its windows, in order; ``[(0, len(text))]`` for a short text."""
    spans = sentence_spans(text)
    if len(spans) <= WINDOW_SENTENCES:
        return [(0, len(text))]
    last = len(spans) - WINDOW_SENTENCES
    starts = list(range(0, last + 1, WINDOW_STRIDE))
    if starts[-1] != last:
        starts.append(last)
    return [(spans[first][0], spans[first + WINDOW_SENTENCES - 1][1]) for first in starts]
