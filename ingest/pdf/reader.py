"""Read a PDF into clean text with page spans: PDFium (pypdfium2), with pdfplumber's table algorithm.

Per page: PDFium's words (:mod:`ingest.pdf.words`; rotated text left out), text printed over other text
in an outsized font dropped (a horizontal watermark), ruled tables from pdfplumber only where PDFium's
path objects show a ruling, found by pdfplumber's table algorithm on PDFium's path segments
(:mod:`ingest.pdf.tables`), reading order (:mod:`ingest.pdf.layout`). Then the
document is assembled (:mod:`ingest.pdf.assemble`) and titled from meaningful metadata or the first
page's largest horizontal text.
"""

from __future__ import annotations

import re
import statistics
import threading
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from ingest.cleaning import WORD, join_lines, normalise_characters
from ingest.extracted import ExtractedText
from ingest.metadata import usable_metadata_title
from ingest.pdf.assemble import assemble, body_size_of
from ingest.pdf.layout import merge_runs, page_lines
from ingest.pdf.model import Line, Page, Word
from ingest.pdf.tables import inside, needs_table_finder, ruled_tables, ruling_count
from ingest.pdf.words import page_words
from rodedraad.errors import CorruptFile, EncryptedPdf, NoTextLayer

# Text at least this many times the page's usual size, printed over other text, is a watermark.
OUTSIZED = 2.5
_JUNK_TITLES = re.compile(
    r"^(?:microsoft (?:word|powerpoint)|powerpoint[- ]presentati|untitled|naamloos|document\d*$|"
    r"presentatie\d*$|slide \d+)|\.(?:docx?|pptx?|pdf|indd|qxd)$",
    re.IGNORECASE,
)
_ENCRYPTED = "is encrypted; remove the password first"
# PDFium may not be called from two threads at once, not even for two documents (pypdfium2's docs);
# the API serves uploads from a thread pool, so every read holds this lock.
_PDFIUM_LOCK = threading.Lock()


def read_pdf(path: Path, data: bytes) -> ExtractedText:
    """Extract the readable text of a PDF, one :class:`PageSpan` per page that has text.

    Raises :class:`EncryptedPdf` when a password is needed, :class:`CorruptFile` when the file cannot
    be parsed, :class:`NoTextLayer` when the pages carry no text (a scan).
    """
    name = str(path)
    if b"%%EOF" not in data[-2048:]:
        raise CorruptFile(name, "is a damaged or truncated PDF (no end-of-file marker)")
    with _PDFIUM_LOCK:
        metadata, pages = _read_pages(name, data)
    if not any(line.text.strip() for page in pages for line in page.lines):
        raise NoTextLayer(name, "has no text layer (scanned?); OCR it first")
    text, spans = assemble(pages)
    if not text.strip():
        raise NoTextLayer(name, "has no text layer (scanned?); OCR it first")
    return ExtractedText(
        text=text,
        format="pdf",
        pages=spans,
        title=_title_from(metadata.get("Title"), pages),
        date=_date_from(metadata),
    )


def _read_pages(name: str, data: bytes) -> tuple[dict[str, str], list[Page]]:
    """The metadata and the pages of a PDF, or the one-line error for a file PDFium cannot open."""
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        code = getattr(error, "err_code", None)
        if code in (raw.FPDF_ERR_PASSWORD, raw.FPDF_ERR_SECURITY):
            raise EncryptedPdf(name, _ENCRYPTED) from error
        raise CorruptFile(name, f"is a damaged PDF ({_describe(error)})") from error
    try:
        if len(document) == 0:
            raise CorruptFile(name, "is a PDF without pages")
        metadata = _metadata(document)
        pages = [_read_page(document, index) for index in range(len(document))]
    except pdfium.PdfiumError as error:
        raise CorruptFile(name, f"is a damaged PDF ({_describe(error)})") from error
    finally:
        document.close()
    return metadata, pages


def _describe(error: object) -> str:
    message = " ".join(str(error).split())
    return message[:120] if message else type(error).__name__


def _metadata(document: pdfium.PdfDocument) -> dict[str, str]:
    try:
        return {key: value for key, value in document.get_metadata_dict(skip_empty=True).items() if value}
    except (pdfium.PdfiumError, UnicodeDecodeError, ValueError):
        return {}


def _read_page(document: pdfium.PdfDocument, index: int) -> Page:
    page = document[index]
    try:
        _, _, _, media_top = page.get_mediabox()
        width, height = page.get_size()
        ruled = needs_table_finder(ruling_count(page))
        textpage = page.get_textpage()
        try:
            # Table cells need single words; elsewhere words come merged into runs, which is cheaper.
            words, rotated = page_words(textpage, media_top, runs=not ruled)
            plain = textpage.get_text_range() if rotated > 2 * len(words) + 20 else ""
        finally:
            textpage.close()
        result = Page(number=index + 1, height=height, width=width)
        if plain:
            # Nearly all text is turned (a page set sideways): read it in PDFium's own order.
            result.lines = _plain_lines(plain)
            return result
        if not words:
            return result
        body_size = statistics.median(w.size for w in words)
        words = _without_overprinted(words, body_size)
        found = []
        if ruled:
            found = ruled_tables(page, media_top, words)
            if found:
                words = [w for w in words if not any(inside(w, t.bbox) for t in found)]
            words = merge_runs(words)
        result.lines = page_lines(words, found, body_size)
        return result
    finally:
        page.close()


def _without_overprinted(words: list[Word], body_size: float) -> list[Word]:
    """Words without outsized text printed over other words (a large horizontal watermark).

    Over means: the middles of at least two ordinary words lie inside the big word's box (shrunk by a
    fifth at top and bottom, since a big font's box reaches far into the lines around it).
    """
    big = [w for w in words if w.size >= OUTSIZED * body_size]
    if not big:
        return words
    dropped = set()
    for word in big:
        margin = 0.2 * (word.bottom - word.top)
        top, bottom = word.top + margin, word.bottom - margin
        covered = 0
        for other in words:
            if other.size >= OUTSIZED * body_size:
                continue
            centre = (other.x0 + other.x1) / 2
            if word.x0 < centre < word.x1 and top < other.middle < bottom:
                covered += 1
                if covered >= 2:
                    dropped.add(id(word))
                    break
    # Outsized letters set one by one on several baselines (a diagonal watermark written letter by
    # letter): at least three, of one size, a letter or two each.
    letters = [w for w in big if len(w.text) <= 2 and id(w) not in dropped]
    by_size: dict[int, list[Word]] = {}
    for word in letters:
        by_size.setdefault(round(word.size), []).append(word)
    for group in by_size.values():
        if len(group) >= 3 and len({round(w.bottom) for w in group}) >= 3:
            dropped.update(id(w) for w in group)
    return [w for w in words if id(w) not in dropped] if dropped else words


def _plain_lines(text: str) -> list[Line]:
    lines = []
    for number, raw_line in enumerate(text.splitlines()):
        cleaned = normalise_characters(raw_line.replace("\ufffe", "\u00ad")).strip()
        if cleaned:
            top = 12.0 * number
            lines.append(Line(cleaned, 0.0, 500.0, top, top + 10.0, 10.0, False, 0, 0.0, 500.0))
    return lines


def _title_from(raw_title: str | None, pages: list[Page]) -> str | None:
    """The PDF's Title entry when it is a real title, else the largest heading on the first page.

    Watermarks never reach the lines (rotated and overprinted text is dropped per page), so the
    heading is horizontal text that belongs to the page.
    """
    if raw_title:
        title = usable_metadata_title(" ".join(normalise_characters(raw_title).split()))
        if title and len(title) >= 4 and not _JUNK_TITLES.search(title) and WORD.search(title):
            return title
    first = next((page for page in pages if any(not line.dropped for line in page.lines)), None)
    if first is None:
        return None
    body = body_size_of([line for page in pages for line in page.lines if not line.dropped])
    lines = [line for line in first.lines if not line.dropped and not line.table_row and line.text]
    runs: list[list[Line]] = []
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


def _date_from(metadata: dict[str, str]) -> str | None:
    for key in ("CreationDate", "ModDate"):
        raw_date = metadata.get(key)
        if raw_date:
            match = re.search(r"(?:D:)?(\d{4})(\d{2})(\d{2})", raw_date)
            if match and 1 <= int(match.group(2)) <= 12 and 1 <= int(match.group(3)) <= 31:
                return f"{match.group(1)}-{match.group(2)}-{match.group(3)}"
    return None
