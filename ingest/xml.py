"""Read XML documents as paragraphs (lxml), with Dutch official publications in mind.

Generic rule: an element that holds text of its own (mixed content, like ``<al>`` in officiële
publicaties or ``<p>`` in XHTML) is one paragraph, with its inline children's text; elements that
only hold other elements are walked into. Metadata blocks are skipped. Proceedings (Tweede Kamer
Handelingen, recognised by their ``<spreekbeurt>`` turns) are read by ``ingest.proceedings``: the
speeches' paragraphs with one speaker span per turn, motions as turns of their own.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from ingest.cleaning import assemble_paragraphs, normalise_characters, repair_mojibake
from ingest.extracted import ExtractedText
from ingest.proceedings import is_proceedings, read_proceedings
from ingest.text import decode_text
from rodedraad.errors import CorruptFile, EmptyDocument

# Containers whose content is not running text.
SKIPPED_ELEMENTS: frozenset[str] = frozenset(
    {"metadata", "meta", "head", "script", "style", "colspec", "graphic", "illustratie", "rdf", "rdf:rdf"}
)
# Elements whose text is a title of the whole document, in order of preference.
TITLE_ELEMENTS: tuple[str, ...] = ("item-titel", "titel", "title", "kop", "dc:title", "officiele-titel")
# Table cells and rows, rendered as "cell | cell".
_ROWS = frozenset({"row", "tr", "rij"})
_CELLS = frozenset({"entry", "td", "th", "cel"})
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([),.;:!?%])")
_SPACE_AFTER_OPENING = re.compile(r"([(\[])\s+")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def read_xml(path: Path, data: bytes) -> ExtractedText:
    """Paragraphs of an XML document; raises :class:`CorruptFile` when it is not well-formed."""
    root = _parse(path, data)
    if is_proceedings(root):
        extracted = read_proceedings(root, name_of=_name, inline_text=_inline_text, skipped=SKIPPED_ELEMENTS,
                                     title=_title_of(root), date=_date_of(root))
        if not extracted.text:
            raise EmptyDocument(str(path), "contains no text")
        return extracted
    paragraphs: list[str] = []
    _collect(root, paragraphs)
    text = assemble_paragraphs(paragraphs)
    if not text:
        raise EmptyDocument(str(path), "contains no text")
    return ExtractedText(text=text, format="xml", title=_title_of(root), date=_date_of(root))


def _parse(path: Path, data: bytes) -> etree._Element:
    # Decoding first lets broken producers through: doubly encoded UTF-8 (even a doubly encoded BOM
    # in front of the declaration, as in some Handelingen exports) is repaired before parsing.
    text = decode_text(path, data)
    text = repair_mojibake(text).lstrip("\ufeff \t\r\n")
    text = re.sub(r"^<\?xml[^>]*\?>", "", text)  # lxml refuses str input with an encoding declaration
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(text.encode("utf-8"), parser=parser)
    except etree.XMLSyntaxError as error:
        raise CorruptFile(str(path), f"is not well-formed XML ({error.msg})") from error
    if root is None:
        raise CorruptFile(str(path), "is not well-formed XML (no root element)")
    return root


def _name(element: etree._Element) -> str:
    return etree.QName(element).localname.lower() if isinstance(element.tag, str) else ""


def _has_own_text(element: etree._Element) -> bool:
    if element.text and element.text.strip():
        return True
    return any(child.tail and child.tail.strip() for child in element)


def _collect(element: etree._Element, paragraphs: list[str]) -> None:
    name = _name(element)
    if not name or name in SKIPPED_ELEMENTS:
        return
    if name in _ROWS:
        cells = [_inline_text(child) for child in element if _name(child) in _CELLS]
        row = " | ".join(cell for cell in cells if cell)
        if row:
            paragraphs.append(row)
            return
    if _has_own_text(element):
        text = _inline_text(element)
        if text and not text.isdigit():  # bare numbers (item numbers) carry nothing for search
            paragraphs.append(text)
        return
    for child in element:
        _collect(child, paragraphs)


def _inline_text(element: etree._Element) -> str:
    raw = "".join(element.itertext())
    text = " ".join(normalise_characters(raw).split())
    text = _SPACE_BEFORE_PUNCTUATION.sub(r"\1", text)
    return _SPACE_AFTER_OPENING.sub(r"\1", text)


def _title_of(root: etree._Element) -> str | None:
    for meta in root.iter("{*}meta", "meta"):
        name = (meta.get("name") or "").lower()
        if name in {"dc.title", "dcterms.title", "title"} and meta.get("content"):
            return " ".join(normalise_characters(meta.get("content") or "").split()) or None
    for wanted in TITLE_ELEMENTS:
        for element in root.iter():
            if _name(element) == wanted:
                title = _inline_text(element)
                if title:
                    return title
    return None


def _date_of(root: etree._Element) -> str | None:
    for meta in root.iter("{*}meta", "meta"):
        name = (meta.get("name") or "").lower()
        if any(key in name for key in ("date", "datum", "issued", "modified")):
            match = _DATE.search(meta.get("content") or "")
            if match:
                return match.group()
    for element in root.iter():
        if _name(element) in {"datum", "date", "vergaderdatum"}:
            match = _DATE.search(element.get("isodatum") or element.get("value") or _inline_text(element))
            if match:
                return match.group()
    return None
