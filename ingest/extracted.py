"""What a reader hands to the structuring steps: the cleaned text of one file, with page spans."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

SourceFormat = Literal["pdf", "docx", "html", "text", "markdown", "xml"]


@dataclass(frozen=True)
class PageSpan:
    """Characters ``text[start:end]`` of the extracted text come from page ``page`` (1-based)."""

    page: int
    start: int
    end: int


@dataclass(frozen=True)
class SpeakerSpan:
    """Characters ``text[start:end]`` are one turn of ``speaker`` (debates and proceedings).

    ``speaker`` is formatted by :func:`ingest.speakers.format_speaker`. ``part`` names a block that
    must stay apart from the speech around it even with the same speaker ("motion", "amendment"),
    else None.
    """

    start: int
    end: int
    speaker: str
    part: str | None = None


@dataclass(frozen=True)
class ExtractedText:
    """The readable text of one file.

    Paragraphs are separated by a blank line ("\\n\\n"); headings stand on their own paragraph.
    ``pages`` is empty for formats without pages. ``title`` and ``date`` come from the file's own
    metadata when it has any (PDF info, DOCX core properties, HTML meta), else None. ``speakers``
    are the speaker turns of proceedings (empty for other documents), in text order, not overlapping.
    """

    text: str
    format: SourceFormat
    pages: tuple[PageSpan, ...] = ()
    title: str | None = None
    date: str | None = None
    speakers: tuple[SpeakerSpan, ...] = ()
    date_span: str | None = None  # see ``Document.date_span``: proceedings' session year

    def page_at(self, offset: int) -> int | None:
        for span in self.pages:
            if span.start <= offset < span.end:
                return span.page
        return None
