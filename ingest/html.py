"""Read a saved web page: the main content via trafilatura, with lxml as the fallback.

trafilatura gives Markdown (headings, lists, tables kept), which is then stripped to plain
paragraphs by the Markdown cleaner. ``favor_recall`` is on: pages here often hold several articles
(a blog page with posts), and dropping web boilerplate per article happens later, in splitting.
On the corpus pages recall and default settings extract the same text (73% and 85% of the body's
words; what is left out is menus, login boxes and footers).
"""

from __future__ import annotations

import re
from pathlib import Path

import trafilatura
from lxml import etree
from lxml import html as lxml_html

from ingest.cleaning import assemble_paragraphs, normalise_characters, repair_mojibake
from ingest.extracted import ExtractedText
from ingest.text import markdown_paragraphs
from rodedraad.errors import CorruptFile, EmptyDocument

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)["']""", re.IGNORECASE)
# Elements that never hold the readable text of a page.
_NOISE = ("script", "style", "noscript", "template", "svg", "nav", "header", "footer", "aside", "form")
_BLOCKS = frozenset(
    {
        *("p", "div", "section", "article", "main", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre"),
        *("h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "caption", "figcaption", "address", "hr"),
    }
)
_CELLS = frozenset({"td", "th"})


def read_html(path: Path, data: bytes) -> ExtractedText:
    """Main text of an HTML page as paragraphs; title and date from the page's metadata."""
    markup = decode_html(data)
    if not re.search(r"<\s*[a-zA-Z!]", markup):
        raise CorruptFile(str(path), "is not HTML (no markup found)")
    try:
        metadata = trafilatura.extract_metadata(markup)
        # trafilatura keeps one main text; a page with several <article>s (a blog overview) would
        # lose all but one, so each article is extracted on its own.
        articles = _separate_articles(markup)
        if articles:
            paragraphs = []
            for number, (part, heading, date) in enumerate(articles):
                if number:
                    paragraphs.append(ARTICLE_SEPARATOR)
                paragraphs += _with_heading_and_date(_main_paragraphs(part), heading, date)
        else:
            paragraphs = _main_paragraphs(markup)
    except (ValueError, TypeError, etree.LxmlError) as error:
        raise CorruptFile(str(path), f"is HTML that cannot be parsed ({error})") from error
    text = assemble_paragraphs(normalise_characters(p) for p in paragraphs)
    if not text:
        raise EmptyDocument(str(path), "contains no readable text")
    title = _clean(metadata.title) if metadata is not None else None
    date = metadata.date if metadata is not None and metadata.date else None
    return ExtractedText(text=text, format="html", title=title or None, date=date)


def _main_paragraphs(markup: str) -> list[str]:
    extracted = trafilatura.extract(
        markup,
        output_format="markdown",
        include_formatting=True,
        include_tables=True,
        include_links=False,
        include_images=False,
        include_comments=False,
        favor_recall=True,
        deduplicate=False,
    )
    paragraphs = markdown_paragraphs(extracted) if extracted else []
    return paragraphs if any(p.strip() for p in paragraphs) else _fallback_paragraphs(markup)


def _separate_articles(markup: str) -> list[tuple[str, str | None, str | None]]:
    """Each outermost <article> as a small page of its own, with its heading and date, when there are two+.

    trafilatura may leave out an article's linked heading and its date line; both are what tells the
    article splitter where a post starts and what it is called, so they are returned to be put back.
    """
    try:
        root = lxml_html.document_fromstring(markup)
    except (etree.ParserError, ValueError):
        return []
    articles = root.xpath("//article[not(ancestor::article)]")
    if len(articles) < 2:
        return []
    separated = []
    for article in articles:
        headings = article.xpath(".//h1|.//h2|.//h3")
        heading = " ".join(headings[0].text_content().split()) if headings else None
        times = article.xpath(".//time")
        date = None
        if times:
            date = " ".join(times[0].text_content().split()) or times[0].get("datetime")
        page = "<html><body>" + lxml_html.tostring(article, encoding="unicode") + "</body></html>"
        separated.append((page, heading or None, date or None))
    return separated


# Put between the articles of one page, so that the article splitter sees where one ends (see
# ingest/boilerplate.py: a separator line is dropped and closes the article before it).
ARTICLE_SEPARATOR = "* * *"


def _with_heading_and_date(paragraphs: list[str], heading: str | None, date: str | None) -> list[str]:
    """The article's paragraphs with its heading first and its date under it, when the extraction lost them."""
    result = list(paragraphs)
    if date and not any(date in paragraph for paragraph in result[:4]):
        result.insert(1 if heading and result and result[0].strip() == heading else 0, date)
    if heading and not (result and heading in result[0]) and not any(p.strip() == heading for p in result[:3]):
        result.insert(0, heading)
    return result


def decode_html(data: bytes) -> str:
    """Decode with the BOM, the declared charset (meta or XML declaration), else UTF-8, else cp1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return repair_mojibake(data[3:].decode("utf-8", errors="replace"))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    head = data[:4096]
    declared = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    candidates = [declared.group(1).decode("ascii", "ignore").lower()] if declared else []
    for encoding in [*candidates, "utf-8"]:
        if encoding in {"iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii"}:
            encoding = "cp1252"  # browsers treat these labels as windows-1252 too
        try:
            return repair_mojibake(data.decode(encoding))
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("cp1252", errors="replace")


def _fallback_paragraphs(markup: str) -> list[str]:
    """Text of <main>, <article> or <body> with block elements as paragraphs (lxml only)."""
    try:
        root = lxml_html.document_fromstring(markup)
    except (etree.ParserError, ValueError):
        return []
    for element in list(root.iter(*_NOISE)):
        if element.tag in ("header", "footer") and element.xpath("ancestor::article|ancestor::main"):
            continue  # an article's own header holds its title
        element.drop_tree()
    containers = root.xpath("//main") or root.xpath("//article") or root.xpath("//body") or [root]
    paragraphs: list[str] = []
    for container in containers:
        for element in container.iter():
            if not isinstance(element.tag, str):
                continue
            tag = element.tag.lower()
            if tag == "br":
                element.tail = "\n" + (element.tail or "")
            elif tag in _CELLS:
                element.tail = " | " + (element.tail or "")
            elif tag in _BLOCKS:
                element.text = "\n\n" + (element.text or "")
                element.tail = "\n\n" + (element.tail or "")
        text = container.text_content()
        for block in re.split(r"\n\s*\n", text):
            lines = [" ".join(line.split()).strip(" |") for line in block.split("\n")]
            paragraph = "\n".join(line for line in lines if line)
            if paragraph:
                paragraphs.append(paragraph)
    return paragraphs


def _clean(value: str | None) -> str | None:
    if not value:
        return None
    return " ".join(normalise_characters(value).split()) or None
