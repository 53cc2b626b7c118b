"""Read a Word .docx (python-docx): paragraphs and tables in document order.

Headings (Word's "Heading n"/"Kop n"/"Title" styles or an outline level) are their own paragraphs;
list paragraphs keep a "- " marker on their own line; table rows become "cell | cell" lines (merged
cells counted once). Running headers, footers and comments are not part of the text.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from ingest.cleaning import assemble_paragraphs, join_lines, normalise_characters
from ingest.extracted import ExtractedText
from rodedraad.errors import CorruptFile, EmptyDocument

_HEADING_STYLE = re.compile(r"^(?:heading|kop|title|titel|subtitle|ondertitel)\b", re.IGNORECASE)
_LIST_STYLE = re.compile(r"list|lijst|opsomming|bullet", re.IGNORECASE)
_PLACEHOLDER_TITLE = re.compile(r"(?i)(document\d*|naamloos.*|untitled.*|microsoft word.*)")
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_docx(path: Path, data: bytes) -> ExtractedText:
    """Text of a .docx file; raises :class:`CorruptFile` when it is not a readable Word package."""
    if data.startswith(_OLE_SIGNATURE):
        raise CorruptFile(str(path), "is an old .doc or a password-protected Word file, not a .docx")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise CorruptFile(str(path), "is not a .docx (not a zip package)")
    try:
        document = docx.Document(io.BytesIO(data))
        paragraphs = list(_paragraphs(document))
        title, date = _metadata(document)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as error:
        raise CorruptFile(str(path), f"is a damaged .docx ({_describe(error)})") from error
    text = assemble_paragraphs(p for _, p in paragraphs)
    if not text:
        raise EmptyDocument(str(path), "contains no text")
    if title is None:
        title = next((p for is_heading, p in paragraphs if is_heading), None)
    return ExtractedText(text=text, format="docx", title=title, date=date)


def _describe(error: BaseException) -> str:
    message = " ".join(str(error).split())
    return message[:120] if message else type(error).__name__


def _paragraphs(document: DocxDocument) -> Iterator[tuple[bool, str]]:
    """(is_heading, text) per output paragraph; consecutive list items form one paragraph."""
    list_items: list[str] = []
    for block in _blocks(document.element.body, document):
        if isinstance(block, Table):
            if list_items:
                yield False, "\n".join(list_items)
                list_items = []
            rows = _table_rows(block)
            if rows:
                yield False, "\n".join(rows)
            continue
        text = _paragraph_text(block)
        if not text:
            continue
        if _is_list_item(block):
            list_items.append(text if re.match(r"^[-•–]\s", text) else f"- {text}")
            continue
        if list_items:
            yield False, "\n".join(list_items)
            list_items = []
        yield _is_heading(block), text
    if list_items:
        yield False, "\n".join(list_items)


def _blocks(body: etree._Element, document: DocxDocument) -> Iterator[Paragraph | Table]:
    """Paragraphs and tables in order, looking inside content controls (w:sdt)."""
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            yield Paragraph(child, document)
        elif child.tag == qn("w:tbl"):
            yield Table(child, document)
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _blocks(content, document)


def _paragraph_text(paragraph: Paragraph) -> str:
    text = normalise_characters(paragraph.text.replace("\t", " "))
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return join_lines([line for line in lines if line]) if len(lines) > 1 else lines[0]


def _is_heading(paragraph: Paragraph) -> bool:
    style = paragraph.style.name if paragraph.style is not None else ""
    if _HEADING_STYLE.match(style or ""):
        return True
    properties = paragraph._p.pPr
    outline = properties.find(qn("w:outlineLvl")) if properties is not None else None
    return outline is not None and outline.get(qn("w:val")) not in (None, "9")


def _is_list_item(paragraph: Paragraph) -> bool:
    properties = paragraph._p.pPr
    if properties is not None and properties.find(qn("w:numPr")) is not None and not _is_heading(paragraph):
        return True
    style = paragraph.style.name if paragraph.style is not None else ""
    return bool(_LIST_STYLE.search(style or ""))


def _table_rows(table: Table) -> list[str]:
    rows = []
    for row in table.rows:
        cells: list[str] = []
        seen: list[etree._Element] = []
        for cell in row.cells:
            if any(cell._tc is element for element in seen):  # merged cells repeat per grid column
                continue
            seen.append(cell._tc)
            cell_text = " ".join(
                t for t in (_paragraph_text(p) for p in cell.paragraphs) if t
            )
            if cell_text:
                cells.append(cell_text)
        if cells:
            rows.append(" | ".join(cells))
    return rows


def _metadata(document: DocxDocument) -> tuple[str | None, str | None]:
    properties = document.core_properties
    title = " ".join(normalise_characters(properties.title or "").split()) or None
    if title and _PLACEHOLDER_TITLE.fullmatch(title):
        title = None
    created = properties.created or properties.modified
    date = created.date().isoformat() if created is not None else None
    return title, date
