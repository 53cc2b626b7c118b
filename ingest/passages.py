"""Split a document's text into passages: coherent paragraphs of roughly 40–250 words.

Paragraphs are the blocks between blank lines. A paragraph of fewer than ``MIN_WORDS`` words is
merged with the next one (a heading always joins the paragraph below it), even when that brings the
passage a little over ``MAX_WORDS`` (never over ``MAX_WORDS + MIN_WORDS``); a paragraph of more than
``MAX_WORDS`` words is cut on sentence boundaries (``rodedraad.dutch.sentence_spans``) into nearly
equal parts, and on word boundaries when a "sentence" is itself too long. A short last passage
joins the one before it when the two together stay under ``MAX_WORDS + MIN_WORDS``.

Speaker turns (``SpeakerSpan``, for debates) are hard walls: a passage never spans two turns and
carries its turn's speaker; a motion of at most ``MAX_WORDS`` words is one passage. A turn of fewer
than ``MIN_WORDS`` words may only join the next turn when that one has the same speaker and part (a
member's two remarks around a chair's "ga uw gang" do not, since the chair's turn lies between them);
a motion (``part``) never joins the speech around it.

Every passage is a slice of the text: ``text[p.start:p.end] == p.text`` always holds, passages do
not overlap, come in text order, never start or end with whitespace, and together cover every
non-space character of the text.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from ingest.extracted import PageSpan, SpeakerSpan
from rodedraad.dutch import sentence_spans
from rodedraad.records import Passage, passage_id

MIN_WORDS = 40
MAX_WORDS = 250
# A heading: a short paragraph that does not end like a sentence; it joins what follows.
HEADING_MAX_WORDS = 16
# A small paragraph may push the passage it joins this far, no further.
LIMIT_WORDS = MAX_WORDS + MIN_WORDS

_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    words: int
    heading: bool = False


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _span(text: str, start: int, end: int) -> _Span | None:
    start, end = _trimmed(text, start, end)
    if start >= end:
        return None
    piece = text[start:end]
    words = len(_WORD.findall(piece))
    heading = words <= HEADING_MAX_WORDS and "\n" not in piece and piece[-1] not in ".!?…;:,\"'”’)"
    return _Span(start, end, words, heading)


def _paragraphs(text: str) -> list[_Span]:
    spans: list[_Span] = []
    position = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        span = _span(text, position, match.start())
        if span is not None:
            spans.append(span)
        position = match.end()
    span = _span(text, position, len(text))
    if span is not None:
        spans.append(span)
    return spans


def _sentence_cuts(text: str, start: int, end: int) -> list[int]:
    """Offsets inside ``text[start:end]`` where a sentence starts (never ``start`` itself)."""
    cuts = set()
    for sentence_start, _ in sentence_spans(text[start:end]):
        if 0 < sentence_start < end - start:
            cuts.add(start + sentence_start)
    return sorted(cuts)


def _word_cuts(text: str, start: int, end: int, every: int) -> list[int]:
    starts = [start + match.start() for match in _WORD.finditer(text[start:end])]
    return starts[every::every]


def _split_long(text: str, paragraph: _Span) -> list[_Span]:
    """Cut a paragraph of more than MAX_WORDS words into nearly equal runs of whole sentences."""
    if paragraph.words <= MAX_WORDS:
        return [paragraph]
    pieces: list[_Span] = []
    bounds = [paragraph.start, *_sentence_cuts(text, paragraph.start, paragraph.end), paragraph.end]
    sentences = [s for a, b in pairwise(bounds) if (s := _span(text, a, b)) is not None]
    # a "sentence" that is itself too long (no punctuation) is cut on words
    units: list[_Span] = []
    for sentence in sentences:
        if sentence.words <= MAX_WORDS:
            units.append(sentence)
            continue
        word_bounds = [sentence.start, *_word_cuts(text, sentence.start, sentence.end, MAX_WORDS),
                       sentence.end]
        units.extend(s for a, b in pairwise(word_bounds) if (s := _span(text, a, b)))
    parts = math.ceil(paragraph.words / MAX_WORDS)
    target = paragraph.words / parts
    current: list[_Span] = []
    current_words = 0
    for unit in units:
        too_long = current_words + unit.words > MAX_WORDS
        over_target = current_words + unit.words > target * 1.1 and current_words >= MIN_WORDS
        if current and (too_long or over_target):
            pieces.append(_Span(current[0].start, current[-1].end, current_words))
            current, current_words = [], 0
        current.append(unit)
        current_words += unit.words
    if current:
        pieces.append(_Span(current[0].start, current[-1].end, current_words))
    return pieces


def _join(first: _Span, second: _Span) -> _Span:
    return _Span(first.start, second.end, first.words + second.words, heading=False)


def _merge(units: list[_Span]) -> list[_Span]:
    merged: list[_Span] = []
    current: _Span | None = None
    for unit in units:
        if current is None:
            current = unit
        elif current.heading or (current.words < MIN_WORDS and current.words + unit.words <= LIMIT_WORDS):
            current = _join(current, unit)
        else:
            merged.append(current)
            current = unit
    if current is not None:
        last_is_small = current.words < MIN_WORDS or current.heading
        if merged and last_is_small and merged[-1].words + current.words <= LIMIT_WORDS:
            current = _join(merged.pop(), current)
        merged.append(current)
    return merged


def _page_at(pages: Sequence[PageSpan], offset: int) -> int | None:
    """The page holding ``offset``; in a gap between pages, the last page that began before it."""
    best: PageSpan | None = None
    for span in pages:
        if span.start <= offset < span.end:
            return span.page
        if span.start <= offset and (best is None or span.start > best.start):
            best = span
    return best.page if best is not None else None


@dataclass(frozen=True)
class _Turn:
    """A stretch of text that passages may not cross, with its speaker (None outside any turn)."""

    start: int
    end: int
    speaker: str | None
    part: str | None = None


def _turns(text: str, speakers: Sequence[SpeakerSpan]) -> list[_Turn]:
    """The text cut into turns: the speaker spans (clipped, in order) and the gaps between them."""
    turns: list[_Turn] = []
    position = 0
    for span in sorted(speakers, key=lambda s: (s.start, s.end)):
        start, end = max(span.start, position, 0), min(span.end, len(text))
        if start >= end:
            continue
        if position < start:
            turns.append(_Turn(position, start, None))
        turns.append(_Turn(start, end, span.speaker, span.part))
        position = end
    if position < len(text) or not turns:
        turns.append(_Turn(position, len(text), None))
    return turns


def _groups(text: str, turns: list[_Turn]) -> list[tuple[_Turn, list[_Span]]]:
    """Units (paragraphs, long ones cut) per group of turns that passages may merge within.

    A turn joins the group before it only when that group is small (under MIN_WORDS words) and has
    the same speaker and part.
    """
    paragraphs = _paragraphs(text)
    groups: list[tuple[_Turn, list[_Span]]] = []
    first = 0
    for turn in turns:
        while first < len(paragraphs) and paragraphs[first].end <= turn.start:
            first += 1
        units: list[_Span] = []
        for paragraph in paragraphs[first:]:
            if paragraph.start >= turn.end:
                break
            # a paragraph that crosses a turn's edge is cut there
            piece = _span(text, max(paragraph.start, turn.start), min(paragraph.end, turn.end))
            if piece is not None:
                units.extend(_split_long(text, piece))
        if not units:
            continue
        if groups:
            previous, previous_units = groups[-1]
            small = sum(unit.words for unit in previous_units) < MIN_WORDS
            if small and previous.speaker == turn.speaker and previous.part == turn.part:
                groups[-1] = (turn, previous_units + units)
                continue
        groups.append((turn, units))
    return groups


def split_passages(doc_id: str, text: str, pages: Sequence[PageSpan] = (),
                   speakers: Sequence[SpeakerSpan] = ()) -> tuple[Passage, ...]:
    """The passages of one document, ordinals 0..n-1, ids from ``passage_id(doc_id, ordinal)``.

    ``pages`` are the page spans of ``text`` (offsets into this same text); a passage's page is the
    page where it starts. ``speakers`` are the speaker turns of ``text`` (same offsets): passages
    never cross a turn and carry its speaker. Whitespace-only text gives no passages.
    """
    spans: list[tuple[str | None, _Span]] = []
    if speakers:
        for turn, units in _groups(text, _turns(text, speakers)):
            words = sum(unit.words for unit in units)
            if turn.part is not None and words <= MAX_WORDS:  # a motion of normal size stays whole
                spans.append((turn.speaker, _Span(units[0].start, units[-1].end, words)))
            else:
                spans.extend((turn.speaker, span) for span in _merge(units))
    else:
        paragraphs = [unit for paragraph in _paragraphs(text) for unit in _split_long(text, paragraph)]
        spans = [(None, span) for span in _merge(paragraphs)]
    return tuple(
        Passage(
            id=passage_id(doc_id, ordinal),
            doc_id=doc_id,
            ordinal=ordinal,
            page=_page_at(pages, span.start) if pages else None,
            start=span.start,
            end=span.end,
            text=text[span.start:span.end],
            speaker=speaker,
        )
        for ordinal, (speaker, span) in enumerate(spans)
    )
