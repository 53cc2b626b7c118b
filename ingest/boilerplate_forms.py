"""Recognise web-page boilerplate paragraphs by their FORM: bios, calls to action, contact lines, file names.

The phrase file (``data/boilerplate_nl.txt``) knows the fixed furniture of site builders ("Geef een
reactie", "Deel:"). What authors and site owners write themselves differs per site, but its shape does
not:

- a **call to action** speaks to the reader (a question with "je"/"u", or an imperative such as "Klik",
  "Bel", "Bekijk", "Neem contact op") and asks them to act: more information, a brochure, a website,
  a phone number, an e-mail address; every sentence of the paragraph takes part in it;
- a **contact line** is made of contact means (phone numbers, e-mail addresses, web addresses) and
  their labels ("T", "E-mail:", "Adres:"), with little else;
- an **author biography** is a third-person sentence about a named person who "is", "was" or "werkt"
  as or at something (a trade, an office, "verbonden aan", "bij <Naam>"); whether it is dropped also
  depends on where it stands (see :mod:`ingest.boilerplate`: only at the end of a post);
- a **plug** points at more of the author's work or at the source of the post ("Meer van zijn blogs
  zijn te vinden op ...", "Dit artikel is geschreven op basis van ...");
- a **file name** is what a camera, phone or CMS names a picture or download ("IMG_1234.jpg",
  "20140924_141009", "notulen raad.pdf (pdf, 458 kb)");
- a **tagline** is a short slogan ("Helpt beter presteren!") at the top of a page, above the title.

The words and patterns live in ``data/boilerplate_forms_nl.txt``; this module holds the shapes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rodedraad.dutch import ABBREVIATIONS, FUNCTION_WORDS

FORMS_PATH = Path(__file__).with_name("data") / "boilerplate_forms_nl.txt"

# A call to action or a biography is a short paragraph; longer ones are content that mentions such things.
MAX_CALL_WORDS = 60
MAX_BIO_WORDS = 80
MAX_BIO_SENTENCES = 3
MAX_CONTACT_WORDS = 25
MAX_FILE_LINE_WORDS = 14

PHONE = re.compile(
    r"(?<![\w/.,-])(?:\+31[\s-]?(?:\(0\)[\s-]?)?\d(?:[\s-]?\d){8}|\(?0\d(?:\)?[\s-]?\d){8}"
    r"|0[89]00[\s-]?\d(?:[\s-]?\d){2,6})(?![\w/-])"
)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
URL = re.compile(
    r"(?:https?://|www\.)[^\s)]+|\b[\w-]+(?:\.[\w-]+)*\.(?:nl|com|org|net|eu|be|info|nu|frl|io|amsterdam)\b(?:/[^\s)]*)?",
    re.IGNORECASE,
)
_SENTENCE_BREAK = re.compile(r"(?<=[.!?…])[\"'”’)]*\s+(?=[\"'“‘(]?[A-ZÀ-Ý0-9•])")
# "J. Doodkorte", "dr. Jansen", "o.a. De Vries": a period after an initial or abbreviation ends no sentence
_LAST_TOKEN = re.compile(r"(\S+)\.$")
_LEADING = re.compile(r"^[\s•·▪●◦‣*>»›\-–—]*(?:\d{1,3}[.)]\s+)?")
_WORD = re.compile(r"[\w'’-]+")
_UPPER = "A-ZÀ-ÖØ-Þ"
# A person's name: two to six capitalised words or initials, with Dutch particles in between.
_NAME = (
    rf"(?:[{_UPPER}][\w'’-]+|[{_UPPER}]\.)"
    rf"(?:\s+(?:(?:van|de|der|den|ten|ter|te|het|'t|von|du|la|le|el)\s+)*(?:[{_UPPER}][\w'’-]+|[{_UPPER}]\.)){{1,5}}"
)
_BIO_VERB = re.compile(r"\b(?:is|was|werkt|werkte|schrijft|blogt|adviseert|begeleidt|traint)\b")
_SIZE = re.compile(r"\(\s*\w{2,5}\s*,\s*[\d.,]+\s*(?:[kmg]i?b|bytes?)\s*\)", re.IGNORECASE)
_CREDIT = re.compile(r"^(?:bron|bronnen|tekst|auteur|auteurs|foto|fotografie|beeld|redactie|met dank aan)\s*:",
                     re.IGNORECASE)


@dataclass(frozen=True)
class FormRules:
    """The compiled word lists and patterns of ``boilerplate_forms_nl.txt``."""

    imperatives: frozenset[str]
    reader_words: frozenset[str]
    action: tuple[re.Pattern[str], ...]
    any_action: re.Pattern[str]
    questions: tuple[re.Pattern[str], ...]
    role_words: frozenset[str]
    bio_verbs: tuple[re.Pattern[str], ...]
    bio_leads: tuple[str, ...]
    plugs: tuple[re.Pattern[str], ...]
    plug_probes: tuple[re.Pattern[str], ...]  # the plug patterns without their "^": a quick first test
    contact_labels: frozenset[str]
    cameras: tuple[re.Pattern[str], ...]
    file_extension: re.Pattern[str]
    file_token: re.Pattern[str]
    tagline_max_words: int


def parse_form_file(text: str, *, name: str = "boilerplate_forms_nl.txt") -> FormRules:
    """Read the sectioned word-list format described in the file's header; ValueError on a bad line."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
            continue
        if current is None:
            raise ValueError(f"{name}:{number}: entry outside a [section]")
        current.append(line)

    def patterns(section: str) -> tuple[re.Pattern[str], ...]:
        try:
            return tuple(re.compile(value) for value in sections.get(section, []))
        except re.error as error:
            raise ValueError(f"{name}: [{section}] holds an invalid regex: {error}") from error

    extensions = "|".join(re.escape(ext) for ext in sections.get("file_extensions", []))
    return FormRules(
        imperatives=frozenset(word.casefold() for word in sections.get("imperatives", [])),
        reader_words=frozenset(word.casefold() for word in sections.get("reader_words", [])),
        action=patterns("action_patterns"),
        any_action=re.compile("|".join(f"(?:{value})" for value in sections.get("action_patterns", [])) or "(?!)"),
        questions=patterns("question_patterns"),
        role_words=frozenset(word.casefold() for word in sections.get("role_words", [])),
        bio_verbs=patterns("bio_patterns"),
        bio_leads=tuple(sorted((lead.casefold() for lead in sections.get("bio_leads", [])), key=len, reverse=True)),
        plugs=patterns("plug_patterns"),
        plug_probes=tuple(re.compile(value.lstrip("^")) for value in sections.get("plug_patterns", [])),
        contact_labels=frozenset(word.casefold() for word in sections.get("contact_labels", [])),
        cameras=patterns("camera_patterns"),
        file_extension=re.compile(rf"\S\.(?:{extensions or 'jpg'})\b", re.IGNORECASE),
        file_token=re.compile(rf"[\w\-]+\.(?:{extensions or 'jpg'})", re.IGNORECASE),
        tagline_max_words=int((sections.get("tagline_max_words") or ["5"])[0]),
    )


@cache
def default_forms() -> FormRules:
    """The rules shipped in ``data/boilerplate_forms_nl.txt`` (read once)."""
    return parse_form_file(FORMS_PATH.read_text(encoding="utf-8"))


def sentences_of(line: str) -> list[str]:
    """The sentences of one line, split at ., ! or ? before a capital (good enough for short paragraphs)."""
    text = line.strip()
    parts: list[str] = []
    start = 0
    for match in _SENTENCE_BREAK.finditer(text):
        piece = text[start:match.start()].rstrip("\"'”’)")
        last = _LAST_TOKEN.search(piece)
        if last and (re.fullmatch(rf"[{_UPPER}]", last.group(1)) or last.group(1).casefold() in ABBREVIATIONS):
            continue
        parts.append(text[start:match.start()])
        start = match.end()
    parts.append(text[start:])
    return [part.strip() for part in parts if part.strip()]


def _bare(text: str) -> str:
    return _LEADING.sub("", " ".join(text.replace("\u00a0", " ").split()))


def _words(text: str) -> list[str]:
    return [word.casefold() for word in _WORD.findall(text)]


_URL_HINT = re.compile(r"\.(?:nl|com|org|net|eu|be|info|nu|frl|io|amsterdam)\b|www\.|https?:", re.IGNORECASE)


def has_contact_means(text: str) -> bool:
    """A phone number, e-mail address or web address."""
    if "@" in text and EMAIL.search(text):
        return True
    if any(ch.isdigit() for ch in text) and PHONE.search(text):
        return True
    return bool(_URL_HINT.search(text)) and bool(URL.search(text))


def _addresses_reader(words: list[str], rules: FormRules) -> bool:
    return any(word in rules.reader_words for word in words)


def _opens_with_imperative(sentence: str, rules: FormRules) -> bool:
    words = _words(sentence)
    while words and words[0] in ("of", "en", "dan", "ook", "gewoon", "graag"):
        words = words[1:]
    return bool(words) and words[0] in rules.imperatives and (len(words) == 1 or words[1] not in ("je", "jij", "u"))


def _asks_reader(sentence: str, rules: FormRules) -> bool:
    normal = sentence.casefold()
    return normal.endswith("?") and any(pattern.search(normal) for pattern in rules.questions)


def _has_action(text: str, rules: FormRules) -> bool:
    return bool(rules.any_action.search(text.casefold())) or has_contact_means(text)


def is_plug(line: str, rules: FormRules | None = None) -> bool:
    """A pointer to more of the author's work or to the post's source ("Meer van zijn blogs ...")."""
    book = rules or default_forms()
    text = _bare(line)
    if not text or len(text.split()) > MAX_CALL_WORDS:
        return False
    normal = text.casefold()
    if not any(pattern.search(normal) for pattern in book.plug_probes):
        return False
    return any(pattern.search(sentence.casefold()) for sentence in sentences_of(text) for pattern in book.plugs)


def is_call_to_action(line: str, rules: FormRules | None = None) -> bool:
    """A short paragraph that asks the reader to act: every sentence speaks to the reader or credits.

    "Wil je meer weten? Klik hier." and "Bel (020 123 45 67) of mail ..." are; "De gemeente neemt
    contact op met de aanbieder." (no reader, no imperative) and "Lees de regels goed door voordat u
    aanvraagt." (no action offered) are not.
    """
    book = rules or default_forms()
    text = _bare(line)
    if not text or len(text.split()) > MAX_CALL_WORDS or not _has_action(text, book):
        return False
    parts = sentences_of(text)
    calls = 0
    for sentence in parts:
        words = _words(sentence)
        asking = _asks_reader(sentence, book)
        ordering = _opens_with_imperative(sentence, book)
        if asking or (ordering and _has_action(sentence, book)):
            calls += 1
        elif not (_addresses_reader(words, book) or ordering or has_contact_means(sentence)
                  or _CREDIT.match(sentence) or any(p.search(sentence.casefold()) for p in book.plugs)):
            return False
    return calls > 0


def is_contact_line(line: str, rules: FormRules | None = None) -> bool:
    """A line made of contact means and their labels: "T 020 123 45 67 | E info@example.nl"."""
    book = rules or default_forms()
    text = _bare(line)
    if not text or len(text.split()) > MAX_CONTACT_WORDS or not has_contact_means(text):
        return False
    rest = EMAIL.sub(" ", PHONE.sub(" ", URL.sub(" ", text)))
    words = [word for word in _WORD.findall(rest) if word.casefold() not in book.contact_labels]
    names = [word for word in words if word[:1].isupper() or word.isdigit()]
    return len(words) <= 3 or (len(words) <= 8 and len(names) >= len(words) - 1)


def is_bio_form(line: str, rules: FormRules | None = None) -> bool:
    """A short third-person paragraph that says who a named person is and where they work.

    The form alone: "De auteur, Anna de Vries, is als adviseur verbonden aan Bureau Oost." or "Jan
    Jansen (1970) werkt als trainer bij ...". Where it stands decides whether it is dropped.
    """
    book = rules or default_forms()
    text = _bare(line)
    if not text or len(text.split()) > MAX_BIO_WORDS:
        return False
    if not _BIO_VERB.search(text):
        return False
    parts = sentences_of(text)
    if len(parts) > MAX_BIO_SENTENCES:
        return False
    first = parts[0]
    lowered = first.casefold()
    for lead in book.bio_leads:
        if lowered.startswith(lead):
            first = first[len(lead):].lstrip(" ,:")
            break
    name = re.match(_NAME, first)
    if not name or name.group().split()[0].casefold() in FUNCTION_WORDS:
        return False
    rest = first[name.end():]
    if not any(pattern.match(rest) for pattern in book.bio_verbs):
        return False
    words = _words(rest)
    works_at = re.search(rf"\b(?:bij|aan|voor|van)\s+(?:het\s+|de\s+)?[{_UPPER}]", rest)
    return any(word in book.role_words for word in words) or bool(works_at)


def is_file_name(line: str, rules: FormRules | None = None) -> bool:
    """A picture or download named as a file: "IMG_1234.jpg", "20140924_141009", "verslag.pdf (pdf, 45 kb)"."""
    book = rules or default_forms()
    text = _bare(line)
    if not text:
        return False
    normal = text.casefold()
    if any(pattern.match(normal) for pattern in book.cameras):
        return True
    if len(text.split()) > MAX_FILE_LINE_WORDS:
        return False
    match = book.file_extension.search(text)
    if not match:
        return False
    after = _SIZE.sub("", text[match.end():]).strip(" .,;:|-")
    before_words = len(text[:match.end()].split())
    return before_words <= 8 and len(after.split()) <= 3 and (not text.endswith(".") or bool(_SIZE.search(text)))


def leading_file_name(line: str, rules: FormRules | None = None) -> int:
    """How many characters of ``line`` a file name at its start takes ("20140924_141009 De gemeente ...")."""
    book = rules or default_forms()
    match = re.match(r"\s*(\S+)\s+", line)
    if not match or len(line) - match.end() < 20:
        return 0
    token = match.group(1)
    named = book.file_token.fullmatch(token.rstrip(",;:"))
    return match.end() if named or any(pattern.match(token.casefold()) for pattern in book.cameras) else 0


def is_slogan(line: str, rules: FormRules | None = None) -> bool:
    """A slogan's shape: a few words ending in "!", or two or three words joined by commas."""
    book = rules or default_forms()
    text = _bare(line)
    words = text.split()
    if not words or len(words) > book.tagline_max_words or any(ch.isdigit() for ch in text):
        return False
    if text.endswith("!") and not text.endswith("?!"):
        return True
    parts = [part.strip() for part in re.split(r",|&| en ", text.rstrip(".")) if part.strip()]
    return 2 <= len(parts) <= 4 and all(len(part.split()) <= 2 for part in parts) and "," in text
