"""Remove web chrome from the text of saved web pages, line by line.

A saved blog page carries, besides its articles, the furniture of the site: comment forms
("Geef een reactie", "Je reageert onder je ... account"), share widgets ("Deel:"), "Advertenties",
search boxes, cookie banners, menus, image file names and slugs on their own line, lone ">" or "***"
separators. :func:`classify_lines` gives every line of a page a role; :func:`strip_boilerplate` keeps
only the content lines. The phrases live in ``data/boilerplate_nl.txt``; this module holds the
generic shapes (file names, slugs, separators, repeated banners, alt text with caption).

Roles are decided on the whole page, so that a banner repeated three times is recognised even when
each article is cleaned on its own: call ``strip_boilerplate(page, start=..., end=...)``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from functools import cache, lru_cache
from pathlib import Path

from ingest.boilerplate_forms import (
    is_bio_form,
    is_call_to_action,
    is_contact_line,
    is_file_name,
    is_plug,
    is_slogan,
    leading_file_name,
)

PHRASES_PATH = Path(__file__).with_name("data") / "boilerplate_nl.txt"

# Only lines of at most this many words can be chrome: chrome is short, paragraphs are not.
MAX_CHROME_WORDS = 25
# Author footers and credit lines ("De auteur, ... is ...", "Initiatiefnemers: ...") may be long.
MAX_CREDIT_WORDS = 120
# Calls to action, contact lines, bios and plugs are short; longer lines skip those tests.
MAX_FORM_WORDS = 80
# A heading-like line repeated this often on one page is a banner or alt text, not a heading.
REPEATED_LINE_MIN_COUNT = 3

_SECTIONS = ("closing", "chrome", "call_to_action", "credits", "byline", "not_a_title")
_LEADING_BULLETS = re.compile(r"^[\s•·▪●◦‣*>»›\-–—]+")
_TRAILING_PUNCTUATION = re.compile(r"[\s:.…!]+$")
_IMAGE_FILE = re.compile(r"\.(png|jpe?g|gif|webp|svg|bmp|tiff?|heic|avif)$", re.IGNORECASE)
_SEPARATOR = re.compile(r"^[\s>»›<«‹|/\\•·▪*_=~#+\-–—.…]+$")
_SENTENCE_END = ".!?:;"
_DATE_LINE = re.compile(r"^(\w+,? )?\d{1,2}([ -]\w+\.?[ -]|[-/.]\d{1,2}[-/.])\d{4}\b")


class LineRole(Enum):
    """What one line of a saved page is."""

    BLANK = "blank"  # empty or spaces only
    SPACER = "spacer"  # only non-breaking spaces: an empty block the page used as a gap
    CONTENT = "content"  # text that belongs to an article
    CHROME = "chrome"  # site furniture: dropped
    CLOSING = "closing"  # furniture that follows an article (comment form, share widget, ads): dropped
    IMAGE = "image"  # an image or download file name or URL slug on its own line: dropped
    SEPARATOR = "separator"  # "***", "---", "* * *" between articles: dropped (a lone ">" is CHROME)
    CALL_TO_ACTION = "call_to_action"  # "Wil je meer weten? Klik hier.": dropped, ends the article
    CONTACT = "contact"  # "T 020 123 45 67 | E info@...": dropped, ends the article
    BIO = "bio"  # author biography, credits or plug at the end of a post: dropped, ends the article
    TAGLINE = "tagline"  # the site's slogan above the first title: dropped

    @property
    def is_dropped(self) -> bool:
        return self in _DROPPED

    @property
    def ends_article(self) -> bool:
        """Furniture that follows an article: what comes after it may start a new one."""
        return self in _ENDS_ARTICLE


_ENDS_ARTICLE = frozenset(
    {LineRole.CLOSING, LineRole.SEPARATOR, LineRole.CALL_TO_ACTION, LineRole.CONTACT, LineRole.BIO}
)
_DROPPED = frozenset({LineRole.CHROME, LineRole.IMAGE, LineRole.TAGLINE, *_ENDS_ARTICLE})


@dataclass(frozen=True)
class Line:
    """One line of a page: ``page[start:end]`` without its newline, and its role."""

    start: int
    end: int
    text: str
    role: LineRole


@dataclass(frozen=True)
class PhraseList:
    """One section of the phrase file: exact phrases, prefixes and regexes over normalised lines."""

    exact: frozenset[str]
    prefix_pattern: re.Pattern[str] | None
    patterns: tuple[re.Pattern[str], ...]
    max_words: int = MAX_CHROME_WORDS

    def matches(self, line: str) -> bool:
        """True when ``line`` (raw or normalised) matches one of the rules."""
        return self.matches_normalised(normalise_line(line))

    def matches_normalised(self, normal: str) -> bool:
        """Like :meth:`matches` for a line already passed through :func:`normalise_line`."""
        if not normal or normal.count(" ") >= self.max_words:
            return False
        bare = _TRAILING_PUNCTUATION.sub("", normal)
        if bare in self.exact:
            return True
        if self.prefix_pattern is not None and self.prefix_pattern.match(normal):
            return True
        return any(pattern.search(normal) or pattern.search(bare) for pattern in self.patterns)


@dataclass(frozen=True)
class PhraseBook:
    """All sections of the phrase file (see its header for what each section means)."""

    closing: PhraseList
    chrome: PhraseList
    call_to_action: PhraseList
    credits: PhraseList
    byline: PhraseList
    not_a_title: PhraseList


def normalise_line(line: str) -> str:
    """Casefold, turn odd spaces into plain ones, collapse them and drop leading bullets."""
    text = " ".join(line.replace("\u00a0", " ").split()).casefold()
    return _LEADING_BULLETS.sub("", text)


def parse_phrase_file(text: str, *, name: str = "boilerplate_nl.txt") -> PhraseBook:
    """Read the phrase file format described in its header; raises ValueError on a malformed line."""
    exact: dict[str, set[str]] = {section: set() for section in _SECTIONS}
    prefixes: dict[str, list[str]] = {section: [] for section in _SECTIONS}
    patterns: dict[str, list[re.Pattern[str]]] = {section: [] for section in _SECTIONS}
    section: str | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
            if section not in _SECTIONS:
                raise ValueError(f"{name}:{number}: unknown section [{section}], expected one of {_SECTIONS}")
            continue
        kind, _, value = line.partition(" ")
        value = value.strip()
        if section is None or kind not in ("=", "^", "~") or not value:
            raise ValueError(f"{name}:{number}: expected '= phrase', '^ prefix' or '~ regex' in a section")
        if kind == "=":
            exact[section].add(_TRAILING_PUNCTUATION.sub("", normalise_line(value)))
        elif kind == "^":
            prefixes[section].append(normalise_line(value))
        else:
            try:
                patterns[section].append(re.compile(value))
            except re.error as error:
                raise ValueError(f"{name}:{number}: invalid regex {value!r}: {error}") from error

    def phrase_list(section: str) -> PhraseList:
        prefix_pattern = None
        if prefixes[section]:
            alternatives = "|".join(re.escape(prefix) for prefix in sorted(prefixes[section], key=len)[::-1])
            prefix_pattern = re.compile(rf"(?:{alternatives})(?![^\W\d_])")
        max_words = MAX_CREDIT_WORDS if section == "credits" else MAX_CHROME_WORDS
        return PhraseList(frozenset(exact[section]), prefix_pattern, tuple(patterns[section]), max_words)

    return PhraseBook(*(phrase_list(section) for section in _SECTIONS))


@cache
def default_phrases() -> PhraseBook:
    """The phrase book shipped in ``data/boilerplate_nl.txt`` (read once)."""
    return parse_phrase_file(PHRASES_PATH.read_text(encoding="utf-8"))


def word_count(text: str) -> int:
    return len(text.split())


def is_heading_like(text: str) -> bool:
    """A short line without final sentence punctuation ("?" and "!" allowed): a title or heading."""
    stripped = text.strip()
    if not stripped or "\n" in stripped:
        return False
    words = word_count(stripped)
    return 1 <= words <= 16 and len(stripped) <= 140 and stripped[-1] not in ".:;,"


def is_image_name(text: str) -> bool:
    """An image file name ("Dia2.PNG", "samen sterk.png") or a URL slug ("hemel-en-hel").

    Slugs and extension-less file names are recognised by shape: a short line in lower case only,
    with no sentence punctuation, that is one token, or carries a hyphen, underscore or digit.
    """
    stripped = " ".join(text.replace("\u00a0", " ").split())
    if not stripped or word_count(stripped) > 8:
        return False
    if _IMAGE_FILE.search(stripped):
        return True
    if any(ch.isupper() for ch in stripped) or not any(ch.isalpha() for ch in stripped):
        return False
    if stripped[-1] in _SENTENCE_END or "," in stripped or len(stripped) > 60 or word_count(stripped) > 5:
        return False
    single_token = " " not in stripped
    marked = any(ch in "-_" or ch.isdigit() for ch in stripped) or "/" in stripped
    return (single_token and len(stripped) >= 4) or marked


def is_separator(text: str) -> bool:
    stripped = text.strip()
    return bool(stripped) and bool(_SEPARATOR.match(stripped))


def _raw_lines(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    while start <= len(text):
        newline = text.find("\n", start)
        end = len(text) if newline == -1 else newline
        yield start, end
        if newline == -1:
            return
        start = newline + 1


def line_role(line: str, phrases: PhraseBook | None = None) -> LineRole:
    """The role of one line on its own, without the page-level rules of :func:`classify_lines`."""
    return _line_role(line, phrases or default_phrases())


def _line_role(line: str, phrases: PhraseBook) -> LineRole:
    if not line.strip():
        return LineRole.SPACER if "\u00a0" in line or "\u200b" in line else LineRole.BLANK
    if not line.replace("\u00a0", " ").replace("\u200b", "").strip():
        return LineRole.SPACER
    if is_separator(line):
        # "***", "---", "* * *" separate articles; a lone ">" or "|" is navigation debris
        return LineRole.SEPARATOR if len("".join(line.split())) >= 3 else LineRole.CHROME
    normal = normalise_line(line)
    if phrases.closing.matches_normalised(normal) or phrases.call_to_action.matches_normalised(normal):
        return LineRole.CLOSING
    if phrases.chrome.matches_normalised(normal):
        return LineRole.CHROME
    if is_image_name(line) or is_file_name(line):
        return LineRole.IMAGE
    if normal.count(" ") >= MAX_FORM_WORDS:
        return LineRole.CONTENT  # a paragraph of body text: too long for any form below
    if is_contact_line(line):
        return LineRole.CONTACT
    if is_call_to_action(line):
        return LineRole.CALL_TO_ACTION
    if is_plug(line):
        return LineRole.BIO
    return LineRole.CONTENT


def classify_lines(text: str, phrases: PhraseBook | None = None) -> tuple[Line, ...]:
    """Give every line of a saved page its role.

    Besides the phrase rules and the shapes above, page-level rules:
    - a heading-like line of three or more words repeated at least three times is a banner (CHROME),
      except where it opens text: a post title also listed in a sidebar, a breadcrumb and the post
      navigation keeps the occurrence that has a paragraph, an image or a date under it;
    - a block of exactly two short lines where the second repeats the start of the first is an
      image's alt text with its caption ("Jan Jansen adviseur Bureau X" / "Jan Jansen"): IMAGE;
    - a block of two or three short lines that together form a call to action ("Of sparren" /
      "met Jan Jansen?"): CLOSING;
    - a one-line block that repeats the one-line block before it (alt text, then caption): CHROME.
    """
    return _classify(text, phrases or default_phrases())


# Cached: a page is classified once although its articles are split and cleaned one by one.
@lru_cache(maxsize=4)
def _classify(text: str, book: PhraseBook) -> tuple[Line, ...]:
    spans = list(_raw_lines(text))
    roles = [_line_role(text[start:end], book) for start, end in spans]
    stripped = [text[start:end].strip() for start, end in spans]

    counts = Counter(
        normalise_line(line) for line, role in zip(stripped, roles, strict=True)
        if role is LineRole.CONTENT and is_heading_like(line) and word_count(line) >= 3
    )
    for index, line in enumerate(stripped):
        repeated = counts.get(normalise_line(line), 0) >= REPEATED_LINE_MIN_COUNT
        if roles[index] is LineRole.CONTENT and repeated and not _opens_text(index, stripped, roles):
            roles[index] = LineRole.CHROME

    previous_single: str | None = None
    for block in _raw_blocks(roles):
        content = [index for index in block if roles[index] is LineRole.CONTENT]
        texts = [stripped[index] for index in content]
        if len(content) == 2 == len(block) and _is_alt_text_with_caption(*texts):
            for index in content:
                roles[index] = LineRole.IMAGE
        elif 2 <= len(content) <= 3 and book.call_to_action.matches(" ".join(texts)):
            for index in content:
                roles[index] = LineRole.CLOSING
        elif len(content) == 1 and previous_single == normalise_line(texts[0]) and is_heading_like(texts[0]):
            roles[content[0]] = LineRole.CHROME
        previous_single = normalise_line(texts[0]) if len(content) == 1 else None

    _mark_forms(stripped, roles, book)
    lines = []
    for (start, end), line, role in zip(spans, stripped, roles, strict=True):
        skip = leading_file_name(text[start:end]) if role is LineRole.CONTENT else 0
        lines.append(Line(start + skip, end, text[start + skip:end].strip(), role) if skip else
                     Line(start, end, line, role))
    return tuple(lines)


def _mark_forms(stripped: list[str], roles: list[LineRole], book: PhraseBook) -> None:
    """Page-level rules for the forms of :mod:`ingest.boilerplate_forms` (changes ``roles`` in place).

    - an author biography or credits line is dropped (BIO) only at the end of a post: when no
      paragraph of body text follows before the next furniture, title or the end of the page;
    - a line of a block that follows a call to action in that block and speaks to the reader ("In een
      vrijblijvend gesprek verkennen we graag wat wij voor u kunnen doen.") belongs to the call;
    - a slogan-shaped line that opens the page above a longer title is the site's tagline.
    """
    candidates = {
        index for index, line in enumerate(stripped)
        if roles[index] is LineRole.CONTENT and (is_bio_form(line) or book.credits.matches(line))
    }
    for index, line in enumerate(stripped):  # the paragraphs under "Over de auteur" are its biography
        if roles[index] is LineRole.CONTENT and _ABOUT_AUTHOR.match(line) and is_heading_like(line):
            following = _next_filled(index, roles)
            while following < len(roles) and roles[following] is LineRole.CONTENT \
                    and not is_heading_like(stripped[following]) and word_count(stripped[following]) <= 80:
                candidates.add(following)
                following = _next_filled(following, roles)
    for index in sorted(candidates, reverse=True):
        if _at_post_end(index, stripped, roles, candidates):
            roles[index] = LineRole.BIO

    for block in _raw_blocks(roles):
        calling = False
        for index in block:
            if roles[index] in (LineRole.CALL_TO_ACTION, LineRole.CONTACT):
                calling = True
            elif calling and roles[index] is LineRole.CONTENT and _speaks_to_reader(stripped[index]):
                roles[index] = LineRole.CALL_TO_ACTION
            else:
                calling = False

    signature = _site_signature(stripped, roles)
    for index, line in enumerate(stripped):
        if signature and roles[index] is LineRole.CONTENT and _ends_with_signature(line, signature) \
                and is_heading_like(line) and not line.endswith("?"):
            roles[index] = LineRole.IMAGE  # "Anna de Vries Bureau Oost", "boek Bureau Oost": alt text
    for block in _raw_blocks(roles):
        if len(block) == 2 and roles[block[0]] is LineRole.IMAGE and roles[block[1]] is LineRole.CONTENT \
                and is_heading_like(stripped[block[1]]) and word_count(stripped[block[1]]) <= 5:
            roles[block[1]] = LineRole.IMAGE  # the caption under alt text

    for index, line in enumerate(stripped):
        if roles[index] is LineRole.CONTENT and _heads_only_furniture(index, line, stripped, roles, book):
            roles[index] = roles[_next_filled(index, roles)]

    content = [index for index, role in enumerate(roles) if role is LineRole.CONTENT][:2]
    if len(content) == 2 and is_slogan(stripped[content[0]]) and is_heading_like(stripped[content[1]]) \
            and word_count(stripped[content[1]]) > word_count(stripped[content[0]]):
        roles[content[0]] = LineRole.TAGLINE


_CAPITALISED_PAIR = re.compile(r"\b[A-ZÀ-Ý][\w'’-]+ [A-ZÀ-Ý][\w'’-]+\b")
# A name that closes this many short caption-like lines on one page is the site's own name.
SIGNATURE_MIN_LINES = 4


def _site_signature(stripped: list[str], roles: list[LineRole]) -> str | None:
    """The site's name as image alt texts repeat it ("Jan Jansen Bureau Oost", "boek Bureau Oost")."""
    counts: Counter[str] = Counter()
    for line, role in zip(stripped, roles, strict=True):
        if role in (LineRole.CONTENT, LineRole.IMAGE) and is_heading_like(line) and word_count(line) <= 10:
            words = line.split()
            tail = " ".join(words[-2:])
            if len(words) >= 3 and _CAPITALISED_PAIR.fullmatch(tail):
                counts[tail] += 1
    if not counts:
        return None
    name, count = counts.most_common(1)[0]
    return name if count >= SIGNATURE_MIN_LINES else None


def _ends_with_signature(line: str, signature: str) -> bool:
    """The line ends with the site's name, or with it and up to three lower-case keywords."""
    head, found, tail = line.rpartition(signature)
    return bool(found) and bool(head.strip()) and len(tail.split()) <= 3 and tail == tail.lower()


_FURNITURE_UNDER_HEADING = frozenset(
    {LineRole.CALL_TO_ACTION, LineRole.CONTACT, LineRole.BIO, LineRole.CLOSING, LineRole.IMAGE}
)


def _next_filled(index: int, roles: list[LineRole]) -> int:
    following = index + 1
    while following < len(roles) and roles[following] in (LineRole.BLANK, LineRole.SPACER):
        following += 1
    return following


def _heads_only_furniture(index: int, line: str, stripped: list[str], roles: list[LineRole],
                          book: PhraseBook) -> bool:
    """A section label ("Meer informatie", "Vergaderstukken:") over nothing but furniture.

    The furniture must run to the end of the page, to other furniture or to the next heading.
    """
    if not (line.endswith(":") or book.not_a_title.matches(line)) or word_count(line) > 8:
        return False
    following = _next_filled(index, roles)
    if following >= len(roles) or roles[following] not in _FURNITURE_UNDER_HEADING:
        return False
    while following < len(roles) and (roles[following] in _FURNITURE_UNDER_HEADING
                                      or roles[following] in (LineRole.BLANK, LineRole.SPACER)):
        following += 1
    if following >= len(roles) or roles[following] is not LineRole.CONTENT:
        return True
    return is_heading_like(stripped[following])


_ABOUT_AUTHOR = re.compile(r"^(?:over de (?:auteurs?|schrijvers?|blogger|columnist)|about the authors?)\b",
                           re.IGNORECASE)
_READER = re.compile(r"\b(?:je|jij|jou|jouw|u|uw|jullie)\b", re.IGNORECASE)


def _speaks_to_reader(line: str) -> bool:
    return word_count(line) <= 60 and bool(_READER.search(line))


def _at_post_end(index: int, stripped: list[str], roles: list[LineRole], candidates: set[int]) -> bool:
    """True when no body paragraph follows line ``index`` before furniture, a title or the page end."""
    for following in range(index + 1, len(roles)):
        role = roles[following]
        if role in (LineRole.BLANK, LineRole.SPACER) or following in candidates:
            continue
        if role is not LineRole.CONTENT:
            return role.is_dropped
        return is_heading_like(stripped[following])
    return True


def _opens_text(index: int, stripped: list[str], roles: list[LineRole]) -> bool:
    """True when the next non-empty line after ``index`` is an image or starts a long paragraph."""
    for following in range(index + 1, min(len(roles), index + 8)):
        role = roles[following]
        if role in (LineRole.BLANK, LineRole.SPACER):
            continue
        if role is LineRole.IMAGE:
            return True
        if role is not LineRole.CONTENT:
            return False
        return word_count(stripped[following]) >= 15 or bool(_DATE_LINE.match(stripped[following]))
    return False


def _raw_blocks(roles: list[LineRole]) -> Iterator[list[int]]:
    """Runs of consecutive non-empty lines, as line indexes."""
    block: list[int] = []
    for index, role in enumerate(roles):
        if role in (LineRole.BLANK, LineRole.SPACER):
            if block:
                yield block
            block = []
        else:
            block.append(index)
    if block:
        yield block


def _is_alt_text_with_caption(alt_text: str, caption: str) -> bool:
    if not (is_heading_like(alt_text) and is_heading_like(caption)):
        return False
    if word_count(caption) > 6 or alt_text.endswith("?") or caption.endswith("?"):
        return False
    return normalise_line(alt_text).startswith(normalise_line(caption))


def strip_boilerplate(text: str, *, start: int = 0, end: int | None = None,
                      phrases: PhraseBook | None = None) -> str:
    """The content of ``text[start:end]`` without chrome: kept lines, blocks joined by one blank line.

    Lines are judged on the whole of ``text`` (see :func:`classify_lines`); each kept line is
    stripped of surrounding spaces; paragraphs stay separated by exactly one blank line. Short
    name-like lines left at the very end of the range after closing furniture (the contact card
    under "Verder praten met ...?") are dropped as well.
    """
    stop = len(text) if end is None else end
    all_lines = classify_lines(text, phrases)
    starts = [line.start for line in all_lines] if (start, stop) != (0, len(text)) else []
    first = max(0, bisect_right(starts, start) - 1) if starts else 0
    last = bisect_left(starts, stop) if starts else len(all_lines)
    lines = [line for line in all_lines[first:last] if line.end >= start and line.start < stop]
    tail = _trailing_card(lines)
    blocks: list[list[str]] = [[]]
    for line in lines[:len(lines) - tail]:
        if line.role in (LineRole.BLANK, LineRole.SPACER):
            if blocks[-1]:
                blocks.append([])
        elif line.role is LineRole.CONTENT:
            piece = text[max(line.start, start):min(line.end, stop)].strip()
            if piece:
                blocks[-1].append(piece.replace("\u00a0", " ").strip())
    return "\n\n".join("\n".join(block) for block in blocks if block)


def author_notes(text: str, *, start: int = 0, end: int | None = None,
                 phrases: PhraseBook | None = None) -> str:
    """The author biographies and credits of ``text[start:end]`` (lines with role BIO), one a paragraph.

    They are dropped from the article's indexed text, but who wrote a post and for which organisation
    is worth keeping with the document (see ``ingest.pipeline``: kept after the passages' text).
    """
    stop = len(text) if end is None else end
    notes = [
        " ".join(line.text.replace("\u00a0", " ").split()).lstrip("•·▪●◦‣*>»›-–— ")
        for line in classify_lines(text, phrases)
        if line.role is LineRole.BIO and start <= line.start < stop
    ]
    return "\n\n".join(note for note in dict.fromkeys(notes) if note)


def _trailing_card(lines: list[Line]) -> int:
    """How many lines at the end are contact cards or captions after closing furniture."""
    dropped = 0
    for count, line in enumerate(reversed(lines), start=1):
        if line.role is LineRole.CONTENT and not (is_heading_like(line.text) and word_count(line.text) <= 8):
            break
        if line.role.ends_article:
            dropped = count
    return dropped
