"""From a file on disk to frozen ``ParsedDocument`` records: the ingest pipeline.

    read_file → (web text: split_articles + strip_boilerplate) → title, kind, date → split_passages

Web text (HTML, and plain text that shows site furniture such as "Geef een reactie" or "Deel:") may
hold several articles; it is split into one document per article and cleaned. Everything else (PDF,
DOCX, XML, Markdown, a plain-text letter or covenant) is one document, kept as the reader extracted
it, with its page numbers. Organisations are left empty here; the NLP layer fills them in later.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from ingest.articles import split_articles
from ingest.boilerplate import Line, LineRole, author_notes, classify_lines, strip_boilerplate
from ingest.extracted import ExtractedText, PageSpan, SpeakerSpan
from ingest.metadata import infer_date, infer_kind, infer_title, usable_metadata_title
from ingest.passages import split_passages
from ingest.readers import read_file
from rodedraad.errors import EmptyDocument
from rodedraad.records import Document, ParsedDocument, SourceFile, document_id, sha256_text

_HASH_CHUNK = 1 << 20


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _shifted_pages(pages: Sequence[PageSpan], offset: int, length: int) -> tuple[PageSpan, ...]:
    """Page spans of a text that starts ``offset`` characters into the extracted text."""
    shifted = []
    for span in pages:
        start, end = max(0, span.start - offset), min(length, span.end - offset)
        if start < end:
            shifted.append(PageSpan(span.page, start, end))
    return tuple(shifted)


def _shifted_speakers(speakers: Sequence[SpeakerSpan], offset: int, length: int) -> tuple[SpeakerSpan, ...]:
    """Speaker turns of a text that starts ``offset`` characters into the extracted text."""
    shifted = []
    for span in speakers:
        start, end = max(0, span.start - offset), min(length, span.end - offset)
        if start < end:
            shifted.append(SpeakerSpan(start, end, span.speaker, span.part))
    return tuple(shifted)


def _parsed(source: str, ordinal: int, title: str, text: str, extracted: ExtractedText,
            date: str | None, pages: Sequence[PageSpan] = (), *, web_page: bool = False,
            speakers: Sequence[SpeakerSpan] = (), notes: str = "") -> ParsedDocument:
    """One document. ``notes`` (an author's biography) follow the text in the document but in no passage:
    who wrote a post stays known (the organisation it speaks for), without being searched or themed."""
    full = f"{text}\n\n{notes}" if notes else text
    doc_id = document_id(source, ordinal, full)
    document = Document(
        id=doc_id,
        source=source,
        title=title,
        kind=infer_kind(text, title, extracted.format, source, web_page=web_page),
        date=date,
        organisations=(),
        text=full,
        sha256=sha256_text(full),
        date_span=None if date else extracted.date_span,
    )
    return ParsedDocument(document, split_passages(doc_id, text, pages, speakers))


def _web_documents(extracted: ExtractedText, source: str) -> list[ParsedDocument]:
    page = extracted.text
    articles = split_articles(page)
    furniture = any(line.role.is_dropped for line in classify_lines(page))
    # an HTML reader may already have removed the furniture: then the text must show it is a post
    web_page = furniture or len(articles) > 1
    documents: list[ParsedDocument] = []
    for article in articles:
        text = strip_boilerplate(page, start=article.start, end=article.end)
        if not text.strip():
            continue
        first = not documents
        # a page's own <title> names its one article, not each of several
        metadata_title = usable_metadata_title(extracted.title) if len(articles) == 1 else None
        title = metadata_title or article.title or infer_title(text, None, extracted.format, source)
        date = infer_date(page[article.start:article.end], extracted.date if first else None, title=title)
        notes = author_notes(page, start=article.start, end=article.end)
        documents.append(_parsed(source, len(documents), title, text, extracted, date, web_page=web_page,
                                 notes=notes))
    return documents


def _site_page_document(extracted: ExtractedText, source: str) -> list[ParsedDocument]:
    """A page of a static web site (Markdown with front matter): one document, its furniture dropped."""
    text = strip_boilerplate(extracted.text).strip()
    if not text:
        return []
    title = infer_title(text, extracted.title, extracted.format, source)
    date = infer_date(text, extracted.date, title=title)
    return [_parsed(source, 0, title, text, extracted, date, web_page=True, notes=author_notes(extracted.text))]


def is_site_markdown(extracted: ExtractedText) -> bool:
    """Markdown whose title came from front matter: content of a static site (Jekyll, Hugo), not a report."""
    return extracted.format == "markdown" and extracted.title is not None and not extracted.pages


def _single_document(extracted: ExtractedText, source: str) -> list[ParsedDocument]:
    if is_site_markdown(extracted):
        return _site_page_document(extracted, source)
    raw = extracted.text
    text = raw.strip()
    if not text:
        return []
    lead = len(raw) - len(raw.lstrip())
    title = infer_title(text, extracted.title, extracted.format, source)
    date = infer_date(text, extracted.date, title=title)
    pages = _shifted_pages(extracted.pages, lead, len(text))
    speakers = _shifted_speakers(extracted.speakers, lead, len(text))
    return [_parsed(source, 0, title, text, extracted, date, pages, speakers=speakers)]


def is_web_page(extracted: ExtractedText) -> bool:
    """HTML always; plain text only when it shows site furniture (a saved page, not a plain note).

    Furniture here means a phrase of the boilerplate file ("Geef een reactie", "Deel:", "Zoeken"):
    separators ("***") and lower-case lines also occur in plain notes, so they do not count.
    """
    if extracted.format == "html":
        return True
    if extracted.format != "text":
        return False
    return any(_is_site_phrase(line) for line in classify_lines(extracted.text))


def _is_site_phrase(line: Line) -> bool:
    return line.role in (LineRole.CLOSING, LineRole.CHROME) and any(ch.isalpha() for ch in line.text)


def parse_extracted(extracted: ExtractedText, *, source: str) -> list[ParsedDocument]:
    """The documents in one file's extracted text; raises EmptyDocument when none is readable."""
    if is_web_page(extracted):
        documents = _web_documents(extracted, source)
        problem = "no readable text remains after removing web page furniture"
    else:
        documents = _single_document(extracted, source)
        problem = "no readable text in the file"
    if not documents:
        raise EmptyDocument(source, problem)
    return documents


def parse_file(path: Path, *, max_bytes: int | None = None,
               source: str | None = None) -> tuple[SourceFile, list[ParsedDocument]]:
    """Read one file and turn it into documents with passages.

    ``source`` names the file in the records (default: the path as given); ``max_bytes`` defaults
    to the reader's limit. Raises the reader's ``IngestError`` subclasses (UnsupportedFormat,
    FileTooLarge, EncryptedPdf, ...) and ``EmptyDocument`` when nothing readable remains.
    """
    path = Path(path)
    name = source if source is not None else str(path)
    extracted = read_file(path) if max_bytes is None else read_file(path, max_bytes=max_bytes)
    source_file = SourceFile(path=name, sha256=file_sha256(path), size=path.stat().st_size)
    return source_file, parse_extracted(extracted, source=name)
