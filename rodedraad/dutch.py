"""Dutch language data and the sentence splitter every layer shares.

Word lists are data: they live in ``rodedraad/data/*.txt`` (one entry a line, ``#`` comments) and are
loaded here once, at import, into frozensets. The splitter is rule-based on purpose: no trained Dutch
model can be installed offline, and rules with a good abbreviation list measured better than pysbd or
spaCy's plain sentencizer (DESIGN.md, "Dutch linguistics"; numbers in eval/eval_nlp.py).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import lru_cache
from importlib import resources


def load_word_list(name: str) -> frozenset[str]:
    """Read ``rodedraad/data/<name>.txt``: one entry a line, blank lines and ``#`` comments skipped."""
    text = resources.files("rodedraad").joinpath("data", f"{name}.txt").read_text(encoding="utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")
    )


def load_word_pairs(name: str) -> dict[str, str]:
    """Read ``rodedraad/data/<name>.txt`` as ``key value`` lines (value ``-`` kept as the empty string)."""
    pairs: dict[str, str] = {}
    for line in load_word_list(name):
        key, _, value = line.partition(" ")
        pairs[key.strip()] = "" if value.strip() == "-" else value.strip()
    return pairs


# Abbreviations that may close a sentence ("... provincies enz. De minister"): a period after them
# ends the sentence only before a capital.
SENTENCE_FINAL_ABBREVIATIONS: frozenset[str] = load_word_list("abbreviations_sentence_final")
# All abbreviations that end in a period (lowercased, without final period).
ABBREVIATIONS: frozenset[str] = load_word_list("abbreviations") | SENTENCE_FINAL_ABBREVIATIONS

# Modal and future auxiliaries as lemmas: commitment detection reads these before stop words go.
MODAL_VERBS: frozenset[str] = load_word_list("modal_verbs")
# Finite forms of the modal and future auxiliaries ("zal", "moet", "kunt") → their group: future, must, need,
# may, can, want or would.
MODAL_FORMS: dict[str, str] = load_word_pairs("modal_forms")
# Words that open a subordinate clause ("dat", "omdat", "waarbij", "zodra"): a verb after one is not the
# main clause's.
SUBORDINATORS: frozenset[str] = load_word_list("subordinators")
# Function words without topic (articles, pronouns, prepositions, conjunctions, auxiliaries).
FUNCTION_WORDS: frozenset[str] = load_word_list("stop_words")
# Stop words for search. Modal verbs are included: they are among the most frequent Dutch words and
# say nothing about the subject of a passage ("wat moet de gemeente doen" is about "gemeente", "doen");
# modality is read by the commitment module from the lemmas, never from search terms.
STOP_WORDS: frozenset[str] = FUNCTION_WORDS | MODAL_VERBS
# Question words that the stop list keeps ("hoeveel"): dropped from a search query's lexical terms only.
QUERY_STOP_WORDS: frozenset[str] = load_word_list("search_query_words")
# Particles of separable verbs ("zegt ... toe"); never the modifier of a compound split.
SEPARABLE_PARTICLES: frozenset[str] = load_word_list("separable_particles")
# Words after which an -en form that is both verb and noun plural is read as the noun ("de kosten").
NOUN_CONTEXT_WORDS: frozenset[str] = load_word_list("noun_context_words")
# Noun lemma → verb lemma of the same word family ("afspraak" → "afspreken"); "" blocks the -ing rule.
WORD_FAMILIES: dict[str, str] = load_word_pairs("word_families")


def noun_context(previous: str | None) -> bool:
    """Does the word before an -en form make it a noun plural? A determiner, quantifier, number or
    preposition ("de kosten", "twee vragen", "van gelden"), or an attributive adjective in -e
    ("publieke gelden", "hoge kosten"); anything else ("regels die gelden", "we zorgen") reads as verb."""
    if not previous:
        return False
    word = previous.lower()
    if word in NOUN_CONTEXT_WORDS or word.replace(".", "").replace(",", "").isdigit():
        return True
    return word.isalpha() and word.islower() and len(word) > 3 and word.endswith("e") and word not in STOP_WORDS


@lru_cache(maxsize=200_000)
def fold_diacritics(word: str) -> str:
    """``"coöperatie"`` → ``"cooperatie"``, ``"één"`` → ``"een"``; other characters unchanged."""
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


# --- sentence splitting -------------------------------------------------------------------------

_CLOSERS = "\"'”’»)]*_"
_OPENERS = "\"'“‘«([„"
# A run of sentence-final punctuation, closing quotes/brackets after it, then space or the end.
_TERMINATOR = re.compile(r"(?:\.{2,}|…|[.!?])+[" + re.escape(_CLOSERS) + r"]*(?=\s|$)")
# A sentence end with the space lost (web and markdown exports): "afspraak gaan.De overheid".
# A sentence end that lost its space ("… afgesproken.De raad …", "… op 1 oktober 2000.Het …", "… (aanwijzing
# 9).De …"): after a word, a number of two digits or more, or a closing bracket or quote
_GLUED_TERMINATOR = re.compile(r"(?:(?<=[a-zà-ÿ]{2})|(?<=\d{2})|(?<=[a-zà-ÿ\d][)\]”’'\"]))[.!?][*_]*(?=[A-Z][a-zà-ÿ])")
# Bullets and list numbers at the start of a line: "•", "-", "1.", "1)", "(a)", "a.", "ii)", "2.3".
_LIST_MARKER = re.compile(
    r"(?m)^[ \t]*(?:[-•*▪●◦–—·■□➢]|\(?\d{1,3}[.)]|\(?[a-z][.)]|\(?(?:i{1,3}|iv|vi{0,3}|ix|x)[.)]"
    r"|\d{1,2}(?:\.\d{1,2})+\.?)(?=[ \t]+\S)"
)
# Bullets inside a line (web text that lost its line breaks): " • item • item".
_INLINE_BULLET = re.compile(r"(?<=\s)[•▪●■](?=\s)")
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
# Contractions that start a Dutch sentence in lower case: "’s Avonds", "'t Is".
_LOWERCASE_SENTENCE_START = re.compile(r"[’'‘](?:s|t|n)\b")
_WORD_BEFORE = re.compile(r"[^\s" + re.escape(_OPENERS) + r"/–—-]*$")
_MARKDOWN_HEADING = re.compile(r"^[ \t]*(?:#{1,6}[ \t]|\*\*[^*\n]+\*\*[ \t]*$|__[^_\n]+__[ \t]*$)")
_TABLE_ROW = re.compile(r"^[ \t]*\|.*\|[ \t]*$")
_HEADING_MAX_CHARS = 90
_HEADING_MAX_WORDS = 12


def _first_letter_after(text: str, position: int) -> str:
    """The first character after ``position`` that is not space, an opening quote or a bullet."""
    for char in text[position:position + 40]:
        if char.isspace() or char in _OPENERS or char in "•▪●-–—*":
            continue
        return char
    return ""


def _period_ends_sentence(text: str, period_at: int, next_char: str) -> bool:
    """Decide for a single ``.`` followed by space whether it closes the sentence."""
    window = text[max(0, period_at - 30):period_at]
    word = _WORD_BEFORE.search(window)
    token = word.group().lower() if word else ""
    if not token:
        return True
    if token in SENTENCE_FINAL_ABBREVIATIONS:
        return next_char.isupper()
    if token in ABBREVIATIONS:
        return False
    if len(token) == 1 and token.isalpha():  # an initial: "P. de Vries", "J.M. Jansen"
        return False
    if "." in token and all(0 < len(part) <= 2 for part in token.split(".")):  # "o.a", "j.m"
        return False
    return not (token[-1].isdigit() and next_char.isdigit())  # "artikel 2. 3" rarely a boundary


def _terminator_cuts(text: str) -> set[int]:
    cuts: set[int] = set()
    for match in _TERMINATOR.finditer(text):
        start, end = match.span()
        next_char = _first_letter_after(text, end)
        if not next_char:
            cuts.add(end)
            continue
        rest = text[end:end + 8].lstrip()
        if next_char.islower() and not _LOWERCASE_SENTENCE_START.match(rest):
            continue  # "ca. tien", "‘Wat nu?’ vroeg hij", "Het was … nou ja"
        if next_char in ",;:":
            continue
        punctuation = match.group().rstrip(_CLOSERS)
        is_ellipsis = punctuation == "…" or (len(punctuation) > 1 and set(punctuation) == {"."})
        if is_ellipsis and start > 0 and text[start - 1] in "([":
            continue  # "(…)" marks an omission
        if punctuation == "." and not _period_ends_sentence(text, start, next_char):
            continue
        cuts.add(end)
    for match in _GLUED_TERMINATOR.finditer(text):
        if match.group()[0] != "." or _period_ends_sentence(text, match.start(), text[match.end()]):
            cuts.add(match.end())
    return cuts


def _ends_a_sentence(line: str) -> bool:
    stripped = line.rstrip()
    return not stripped or stripped[-1] in ".!?…:;" + _CLOSERS


def _looks_like_heading(line: str, next_line: str) -> bool:
    """A short line without final punctuation that starts a new block: a title or section heading."""
    stripped = line.strip()
    if not stripped or not next_line.strip():
        return False
    if _MARKDOWN_HEADING.match(line) or _TABLE_ROW.match(line):
        return True
    if len(stripped) > _HEADING_MAX_CHARS or len(stripped.split()) > _HEADING_MAX_WORDS:
        return False
    if stripped[-1] in ".,;:!?-–—(/&" or not (stripped[0].isupper() or stripped[0].isdigit()):
        return False
    last_word = stripped.split()[-1].lower()
    if last_word in FUNCTION_WORDS or last_word in MODAL_VERBS:  # a wrapped line: "samen met de"
        return False
    following = _first_letter_after(next_line, 0)
    return following.isupper() or following.isdigit() or next_line.lstrip()[:1] in _OPENERS + "•▪●-–*#|"


def _line_cuts(text: str) -> set[int]:
    """Cuts from layout: blank lines, list items, markdown headings and table rows, heading lines."""
    cuts = {match.end() for match in _BLANK_LINE.finditer(text)}
    cuts.update(match.start() for match in _LIST_MARKER.finditer(text))
    cuts.update(match.start() for match in _INLINE_BULLET.finditer(text))
    lines: list[tuple[int, str]] = []
    start = 0
    for line in text.split("\n"):
        lines.append((start, line))
        start += len(line) + 1
    previous_ended = True
    for index, (start, line) in enumerate(lines):
        next_line = lines[index + 1][1] if index + 1 < len(lines) else ""
        if _MARKDOWN_HEADING.match(line) or _TABLE_ROW.match(line):
            cuts.update((start, start + len(line)))
        elif previous_ended and _looks_like_heading(line, next_line):
            cuts.add(start + len(line))
        previous_ended = not line.strip() or _ends_a_sentence(line) or (start + len(line)) in cuts
    return cuts


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Split Dutch text into sentences; returns (start, end) offsets with surrounding space trimmed.

    Handles abbreviations (o.a., bijv., m.b.t., dhr., nr., art., t/m, "1 jan. 2018"), initials, numbers
    ("1.5", "3.2.b"), quotes (‘…’ “…”), ellipses ("…", "(…)"), blank-line paragraph breaks, list items
    (each bullet, "1." or "a)" at a line start opens a sentence), markdown headings, table rows and
    short heading lines without final punctuation, and a sentence end that lost its space after a word, a
    number or a bracket ("… 1 oktober 2000.Het …"). Pure regex: no model, linear in the text length.
    """
    cuts = {0, len(text)} | _terminator_cuts(text) | _line_cuts(text)
    for marker in _LIST_MARKER.finditer(text):  # the period of "1." opens an item, it ends nothing
        cuts.difference_update(range(marker.start() + 1, marker.end() + 1))
    spans: list[tuple[int, int]] = []
    ordered = sorted(cuts)
    for start, end in itertools.pairwise(ordered):
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            spans.append((start, end))
    return spans
