"""Text cleaning every reader shares: characters, spaces, broken encodings and line-end hyphenation.

Readers build paragraphs from lines; they call :func:`normalise_characters` on raw strings,
:func:`join_lines` to turn the lines of one paragraph into text (repairing hyphenation on the way),
and :func:`assemble_paragraphs` to put paragraphs together with exactly one blank line between them.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence

import simplemma

# Typographic ligatures that NFC leaves alone; NFKC would fix them but also rewrites ½, ², ™ and more.
LIGATURES: dict[str, str] = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
    "\u0132": "IJ",  # Dutch ij as one letter: search should find "IJsselmeer" typed with two letters
    "\u0133": "ij",
}

# Characters that stand for an ordinary space.
_SPACES = "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t\f\v"
# Characters that should vanish: soft hyphen, zero-width space/joiners, word joiner, BOM.
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_TRANSLATION = {ord(c): " " for c in _SPACES} | {ord(c): None for c in _INVISIBLE}
_TRANSLATION |= {ord(k): v for k, v in LIGATURES.items()}
_TRANSLATION |= {ord("\u2028"): "\n", ord("\u2029"): "\n\n", ord("\r"): None}
# C0/C1 control characters except newline; PDF extractors sometimes leak them.
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")
_CID = re.compile(r"\(cid:\d+\)")
_MULTI_SPACE = re.compile(r" {2,}")

# Words after a hyphen at a line end that mean the hyphen is a real one: "zorg- en welzijnsorganisaties".
HYPHEN_CONTINUATIONS: frozenset[str] = frozenset({"en", "of", "tot", "en/of", "noch", "als", "dan", "t/m"})
_HYPHENS = "-\u2010\u2011\u00ad"
_VOWELS = set("aeiouy")
_TREMA = {"a": "ä", "e": "ë", "i": "ï", "o": "ö", "u": "ü"}

# A line that starts a list item; such lines keep their own line inside a paragraph.
# A numbered clause of an agreement or regulation ("3.1 De gemeente ...", "2.4.1 Partijen ..."): its own line,
# so that a heading set in plain type above it does not become the start of the clause's sentence; not after a
# word that refers to a numbered part ("artikel 3.1 De ..." wrapped at the number).
_CLAUSE_NUMBER = re.compile(r"^\d{1,2}(?:\.\d{1,2}){1,3}\.?\s+[A-ZÀ-Ý]")
_REFERENCE_END = re.compile(
    r"\b(?:artikel|artikelen|art\.|lid|leden|paragraaf|hoofdstuk|bijlage|onderdeel|punt|punten|sectie|zie|en|of|"
    r"tot|t/m|tot en met|versie|nr\.|nummer)\s*$", re.IGNORECASE)
LIST_ITEM = re.compile(r"^(?:[-•*▪●◦–—■□➢➤►✓✔o]\s+|\(?\d{1,3}[.)]\s+|\(?[a-z][.)]\s+|[ivx]{1,4}[.)]\s+)")

# Letters, digits and inner hyphens/apostrophes: what counts as a word for vocabulary look-ups.
WORD = re.compile(r"[^\W_](?:[\w’'-]*[^\W_])?")
# Private-use code points: some PDF producers (cairo, Chrome) map ligature glyphs there.
PRIVATE_USE = re.compile(r"[\ue000-\uf8ff]")
PRIVATE_USE_CANDIDATES: tuple[str, ...] = ("f", "fi", "fl", "ff", "ffi", "ffl", "ft", "tt", "fj", "st", "ct")

# Bytes 0x80-0xFF as they look after UTF-8 was wrongly decoded as cp1252 or as latin-1.
_MOJIBAKE_CHAR: dict[str, int] = {chr(_byte): _byte for _byte in range(0x80, 0x100)}
for _byte in range(0x80, 0xA0):
    with contextlib.suppress(UnicodeDecodeError):  # five bytes are unassigned in cp1252
        _MOJIBAKE_CHAR[bytes([_byte]).decode("cp1252")] = _byte


def _char_class(low: int, high: int) -> str:
    chars = sorted(c for c, b in _MOJIBAKE_CHAR.items() if low <= b <= high)
    return "[" + "".join(re.escape(c) for c in chars) + "]"


_CONT = _char_class(0x80, 0xBF)
# Only lead bytes of the characters Dutch text uses (Latin-1 letters and signs: C2-C5; punctuation and €:
# E2; BOM: EF), so a real "É’" is never taken for a broken sequence.
_MOJIBAKE = re.compile(f"{_char_class(0xC2, 0xC5)}{_CONT}|[{chr(0xE2)}{chr(0xEF)}]{_CONT}{{2}}")
# Sequences that are (almost) never real Dutch text: Ã followed by a continuation char, â€, Â + symbol.
_MOJIBAKE_EVIDENCE = re.compile(f"Ã{_CONT}|â{_CONT}{_CONT}|Â[\u00a0-\u00bf]|ï»¿")


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 that was decoded as cp1252/latin-1 ("Ã©Ã©n" → "één"), only when the text shows it.

    Conservative on purpose: nothing changes unless typical double-encoding sequences occur, and each
    repaired stretch must decode as valid UTF-8.
    """
    if not _MOJIBAKE_EVIDENCE.search(text):
        return text

    def decode(match: re.Match[str]) -> str:
        raw = bytes(_MOJIBAKE_CHAR[c] for c in match.group())
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return match.group()

    return _MOJIBAKE.sub(decode, text)


def normalise_characters(text: str) -> str:
    """NFC, ligatures split, odd spaces to plain spaces, invisible and control characters dropped.

    Newlines are kept; runs of spaces collapse to one. Offsets change, so call this before building
    the final text, never after.
    """
    text = unicodedata.normalize("NFC", text.translate(_TRANSLATION))
    text = _CONTROL.sub("", _CID.sub("", text))
    return _MULTI_SPACE.sub(" ", text)


def collapse_spaces(text: str) -> str:
    """One space between words, no space at line ends or starts, at most one blank line."""
    lines = [" ".join(line.split()) for line in text.split("\n")]
    out = "\n".join(lines).strip("\n")
    return re.sub(r"\n{3,}", "\n\n", out)


def is_known_word(word: str, vocabulary: Collection[str] = ()) -> bool:
    """True when ``word`` occurs in the document itself or in simplemma's Dutch lexicon."""
    lowered = word.lower()
    return lowered in vocabulary or simplemma.is_known(lowered, lang="nl")


def vocabulary_of(texts: Iterable[str]) -> frozenset[str]:
    """Lowercased words (including hyphenated ones) of a document, for hyphenation decisions."""
    return frozenset(w.lower() for text in texts for w in WORD.findall(text))


def repair_private_use(words: Sequence[str], vocabulary: Collection[str] = ()) -> dict[str, str]:
    """Guess what private-use glyphs stand for, from the words they occur in.

    Returns a replacement per private-use character, chosen among ligature spellings ("f", "fi", ...)
    when it turns most affected words into known Dutch words. Unmapped characters map to "".
    """
    affected: dict[str, list[str]] = {}
    for word in words:
        for char in set(PRIVATE_USE.findall(word)):
            affected.setdefault(char, []).append(word)
    mapping: dict[str, str] = {}
    for char, char_words in affected.items():
        best, best_score = "", 0
        for candidate in PRIVATE_USE_CANDIDATES:
            score = 0
            for word in char_words:
                repaired = PRIVATE_USE.sub("", word.replace(char, candidate))
                if any(is_known_word(w, vocabulary) for w in WORD.findall(repaired)):
                    score += 1
            if score > best_score:
                best, best_score = candidate, score
        mapping[char] = best if best_score * 2 >= len(char_words) else ""
    return mapping


def join_hyphenated(head: str, tail: str, vocabulary: Collection[str] = ()) -> str:
    """Join a line ending in a hyphen with the next line, deciding whether the hyphen was a real one.

    "samen-" + "werking" → "samenwerking"; "Noord-" + "Holland" → "Noord-Holland";
    "zorg-" + "en welzijn" → "zorg- en welzijn"; "auto-" + "ongeluk" → "auto-ongeluk".
    ``head`` must end with a hyphen; returns the joined text.
    """
    if head.endswith("\u00ad"):  # a soft hyphen only ever marks a break inside a word
        return head[:-1] + tail
    stem = head[:-1]
    first_word = tail.split(" ", 1)[0]
    first_bare = first_word.strip(".,;:!?)”’\"'").lower()
    head_word_match = re.search(r"[\w’'-]*$", stem)
    head_word = head_word_match.group() if head_word_match else ""
    head_last = head_word.split("-")[-1]
    head_token = stem.rsplit(" ", 1)[-1]
    if "/" in head_token or "@" in head_token or head_token.startswith("www."):
        return head + tail  # a web address or path broken at a hyphen
    if not head_word or not tail:
        return f"{head} {tail}".strip()
    if head_word[-1].isdigit():
        return head + tail  # "2019-2020", "18-jarigen"
    if first_bare in HYPHEN_CONTINUATIONS:
        return f"{head} {tail}"
    if not first_word[:1].isalpha() or not first_word[:1].islower():
        return head + tail  # "Noord-Holland", "2019-2020", "Wmo-(…)"
    tail_word_match = re.match(r"[\w’'-]*", first_word)
    tail_word = tail_word_match.group() if tail_word_match else first_word
    merged = (head_last + tail_word).lower()
    hyphenated = f"{head_last}-{tail_word}".lower()
    if hyphenated in vocabulary and merged not in vocabulary:
        return head + tail
    if len(head_last) == 1 or sum(c.isupper() for c in head_last) >= 2 or not head_last.isalpha():
        return head + tail  # "e-mail", "AOW-uitkering", "iWmo-bericht"
    if merged in vocabulary or simplemma.is_known(merged, lang="nl"):
        return stem + tail
    if head_last[-1:].lower() in _VOWELS and tail_word[:1].lower() in _TREMA:
        with_trema = head_last + _TREMA[tail_word[0].lower()] + tail_word[1:]
        if is_known_word(with_trema, vocabulary):
            return stem + _TREMA[tail[0].lower()] + tail[1:]
        return head + tail  # vowel clash: Dutch keeps the hyphen ("zee-eend", "auto-ongeluk")
    return stem + tail


def join_lines(lines: Sequence[str], vocabulary: Collection[str] = ()) -> str:
    """Join the lines of one paragraph: wrapped lines with a space, list items on their own line,
    hyphenation at line ends repaired."""
    text = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if not text:
            text = line
        elif LIST_ITEM.match(line) or (_CLAUSE_NUMBER.match(line) and not _REFERENCE_END.search(text)):
            text = f"{text}\n{line}"
        elif text[-1] in _HYPHENS and len(text) > 1 and text[-2].isalnum():
            text = join_hyphenated(text, line, vocabulary)
        else:
            text = f"{text} {line}"
    return text


def assemble_paragraphs(paragraphs: Iterable[str]) -> str:
    """Paragraphs (already clean) joined by exactly one blank line, empty ones skipped."""
    return "\n\n".join(p for p in (collapse_spaces(p) for p in paragraphs) if p)


def most_common(values: Iterable[float], default: float) -> float:
    """The most frequent value (rounded to 0.5), for font sizes and line spacings."""
    counts = Counter(round(v * 2) / 2 for v in values)
    return counts.most_common(1)[0][0] if counts else default


def looks_like_binary(text: str) -> bool:
    """True for decoded bytes that are not text: many control characters or replacement marks."""
    if not text:
        return False
    sample = text[:20000]
    bad = sum(1 for c in sample if (c < " " and c not in "\n\r\t\f") or c == "\ufffd")
    return bad / len(sample) > 0.02


def mapping_applier(mapping: dict[str, str]) -> Callable[[str], str]:
    """A function that applies a private-use replacement mapping (see :func:`repair_private_use`)."""
    if not mapping:
        return lambda text: text
    table = {ord(k): v for k, v in mapping.items()}
    return lambda text: text.translate(table)
