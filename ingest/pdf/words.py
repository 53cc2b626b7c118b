"""Words of one PDF page from PDFium's text page.

PDFium already orders characters into lines and inserts the spaces between words, so a page's text
comes from one call; only the first and last character of each word are asked for their boxes, and
font facts are read once per text object. Per-character work in Python is what made the pdfplumber
reader slow, so this module avoids it.

Dropped here: rotated text (diagonal watermarks, vertical margin labels) and raised footnote markers
glued to a word ("Domein¹"). PDFium marks a hyphen at a line break with U+FFFE, U+0002 or U+00AD and
joins the two halves into one token; the halves become words of their own lines again, the first
ending in "-", so the paragraph builder repairs the break with the document's vocabulary like any
other line-end hyphen ("samen-" + "werking", but "Noord-" + "Holland"). A mark inside a line goes.
"""

from __future__ import annotations

import ctypes
import math
import re

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from ingest.cleaning import PRIVATE_USE, normalise_characters
from ingest.pdf.model import CLOSING, MARKER, RUN_GAP, Word

# PDFium's marks for a hyphen at a line break (a soft hyphen, or a hyphen it judged to be a break).
_BREAK = re.compile("[\ufffe\u0002\u00ad]")
# Text turned more than this (radians) from horizontal is not read: watermarks, vertical labels.
MAX_ANGLE = 0.05
_TOKEN = re.compile(r"\S+")
_LINE = re.compile(r"[^\r\n]+")
_DIGIT_ENDS = frozenset("0123456789")
_TRAILING_DIGITS = re.compile(r"(?<=[^\d\s])\d{1,3}(?=[.,;:)]?$)")


class _Calls:
    """The few PDFium text calls made per word, bound with plain integer arguments.

    pypdfium2's generated bindings convert typed handle pointers on every call, which costs more than
    the call itself; these prototypes take addresses, so a word costs four cheap calls.
    """

    def __init__(self) -> None:
        try:
            from pypdfium2_raw.bindings import _libs

            library = _libs["pdfium"]
            # Indexing a CDLL returns a fresh function object, so pypdfium2's own prototypes stay as they are.
            self.loose_box = library["FPDFText_GetLooseCharBox"]
            self.angle = library["FPDFText_GetCharAngle"]
            self.weight = library["FPDFText_GetFontWeight"]
            self.font_size = library["FPDFText_GetFontSize"]
            self.matrix = library["FPDFText_GetMatrix"]
        except (ImportError, KeyError, AttributeError, TypeError):  # another pypdfium2 layout: typed calls
            self.loose_box = raw.FPDFText_GetLooseCharBox
            self.angle = raw.FPDFText_GetCharAngle
            self.weight = raw.FPDFText_GetFontWeight
            self.font_size = raw.FPDFText_GetFontSize
            self.matrix = raw.FPDFText_GetMatrix
            self.typed = True
            return
        self.typed = False
        handle = ctypes.c_void_p
        self.loose_box.argtypes = [handle, ctypes.c_int, ctypes.c_void_p]
        self.loose_box.restype = ctypes.c_int
        self.angle.argtypes = [handle, ctypes.c_int]
        self.angle.restype = ctypes.c_float
        self.weight.argtypes = [handle, ctypes.c_int]
        self.weight.restype = ctypes.c_int
        self.font_size.argtypes = [handle, ctypes.c_int]
        self.font_size.restype = ctypes.c_double
        self.matrix.argtypes = [handle, ctypes.c_int, ctypes.c_void_p]
        self.matrix.restype = ctypes.c_int


_CALLS: _Calls | None = None


def _calls() -> _Calls:
    global _CALLS
    if _CALLS is None:
        _CALLS = _Calls()
    return _CALLS


def page_words(textpage: pdfium.PdfTextPage, page_top: float, runs: bool = False) -> tuple[list[Word], int]:
    """The upright words of a page (top-based coordinates), and how many rotated words were left out.

    With ``runs``, neighbouring words of one line that the layout would read as one run anyway (see
    :func:`ingest.pdf.layout.merge_runs`) come out merged, which spares most of the per-word work.
    """
    typed_handle = textpage.raw
    count = raw.FPDFText_CountChars(typed_handle)
    if count <= 0:
        return [], 0
    text = textpage.get_text_range(0, count)
    aligned = len(text) == count
    calls = _calls()
    box = raw.FS_RECTF()
    matrix = raw.FS_MATRIX()
    if calls.typed:
        handle: object = typed_handle
        box_arg: object = ctypes.byref(box)
        matrix_arg: object = ctypes.byref(matrix)
    else:
        handle = ctypes.cast(typed_handle, ctypes.c_void_p).value
        box_arg = ctypes.addressof(box)
        matrix_arg = ctypes.addressof(matrix)
    loose_box, char_angle, font_weight = calls.loose_box, calls.angle, calls.weight
    has_breaks = _BREAK.search(text) is not None
    font_size, char_matrix = calls.font_size, calls.matrix
    words: list[Word] = []
    rotated = 0
    two_pi = 2 * math.pi
    last_top = last_bottom = size = 0.0
    run_x1, run_words = 0.0, 0

    def turned(index: int) -> bool:
        angle = char_angle(handle, index)
        return bool(MAX_ANGLE < angle < two_pi - MAX_ANGLE)

    for line in _LINE.finditer(text):
        tokens = list(_TOKEN.finditer(text, line.start(), line.end()))
        if not tokens:
            continue
        # Angle and weight are asked at both ends of PDFium's line: a line turned at neither end is
        # upright throughout; a word between two bold ends is bold, else regular (only whole-line
        # boldness is used downstream: headings).
        first_index, last_index = tokens[0].start(), tokens[-1].end() - 1
        if aligned:
            check_each = turned(first_index) or turned(last_index)
            first_bold = font_weight(handle, first_index) >= 600
            last_bold = font_weight(handle, last_index) >= 600 if len(tokens) > 1 else first_bold
        else:
            check_each, first_bold, last_bold = True, False, False
        final = len(tokens) - 1
        middle_bold = first_bold and last_bold
        for number, match in enumerate(tokens):
            start, end = match.span()
            token = match.group()
            # PDFium joins a word broken over two lines into one token, the break marked by U+FFFE
            # (or U+0002); each part is read as a word of its own line, the first ending in a hyphen.
            parts = [(start, end)] if not (has_breaks and _BREAK.search(token)) else _parts(start, token)
            single = len(parts) == 1
            bold = first_bold if number == 0 else (last_bold if number == final else middle_bold)
            for part_start, part_end in parts:
                if aligned:
                    first, last = part_start, part_end - 1
                else:
                    first = raw.FPDFText_GetCharIndexFromTextIndex(typed_handle, part_start)
                    last = raw.FPDFText_GetCharIndexFromTextIndex(typed_handle, part_end - 1)
                    if first < 0 or last < 0:
                        continue
                if check_each and turned(first):
                    rotated += 1
                    continue
                loose_box(handle, first, box_arg)
                x0, top, bottom = box.left, box.top, box.bottom
                if not check_each and (top != last_top or bottom != last_bottom) and turned(first):
                    rotated += 1  # turned text inside a line: its box differs from the words before it
                    continue
                if last != first:
                    loose_box(handle, last, box_arg)
                x1 = box.right
                part = token if single else text[part_start:part_end]
                if part[-1] in _DIGIT_ENDS or part[-2:-1] in _DIGIT_ENDS:
                    marker = _TRAILING_DIGITS.search(part)
                    if marker and aligned and _is_footnote_marker(typed_handle, part, marker.start(), first):
                        part = part[: marker.start()] + part[marker.end() :]
                word_text = part if part.isascii() and part.isprintable() else _clean(part)
                if number == 0 and len(word_text) == 1 and PRIVATE_USE.match(word_text):
                    word_text = "•"  # a lone symbol-font glyph opening a line is a bullet (Symbol's U+F0B7)
                if not word_text or top <= bottom or x1 < x0:
                    continue
                # The size as set: the font size times the text matrix's scale (many producers set
                # size 1 and scale the matrix). A word whose box has the height of the word before it
                # on the same baseline has its size too; that saves two calls for most words.
                if top != last_top or bottom != last_bottom:
                    char_matrix(handle, first, matrix_arg)
                    size = font_size(handle, first) * math.hypot(matrix.c, matrix.d)
                    if size <= 0:
                        size = top - bottom
                    last_top, last_bottom = top, bottom
                    if not check_each and 0 < number < final:
                        bold = font_weight(handle, first) >= 600
                digits = word_text.isdigit()
                if runs and number and words and single:
                    run = words[-1]
                    gap = x0 - run_x1
                    if (
                        run.size == size
                        and run.bold == bold
                        and run.bottom == page_top - bottom
                        and -0.5 <= gap <= RUN_GAP * size
                        and not run.text.endswith("-")
                        and not digits
                        and not (run_words == 1 and MARKER.match(run.text))
                    ):
                        glued = word_text[0] in CLOSING and gap < 0.12 * size
                        run.text = run.text + word_text if glued else f"{run.text} {word_text}"
                        run.x1 = run_x1 = x1
                        run_words += 1
                        continue
                word = Word(word_text, x0, x1, page_top - top, page_top - bottom, size, bold)
                run_x1, run_words = x1, 1
                if digits and words and len(word_text) <= 3 and _is_loose_marker(word, words[-1]):
                    continue
                if not single and words and words[-1].text.endswith("-") and _continues_on_same_line(words[-1], word):
                    # a break mark inside a line is a discretionary hyphen that was not used
                    last_word = words[-1]
                    last_word.text = last_word.text[:-1] + word.text
                    last_word.x1 = word.x1
                    continue
                words.append(word)
    return words, rotated


def _parts(start: int, token: str) -> list[tuple[int, int]]:
    """Spans of a token cut after each line-break mark."""
    spans = []
    part_start = start
    for mark in _BREAK.finditer(token):
        spans.append((part_start, start + mark.end()))
        part_start = start + mark.end()
    if part_start < start + len(token):
        spans.append((part_start, start + len(token)))
    return spans


def _clean(token: str) -> str:
    """Characters normalised; a break mark at the end becomes a hyphen, elsewhere it goes."""
    hyphen = bool(_BREAK.search(token[-1:]))
    body = normalise_characters(_BREAK.sub("", token)).strip()
    return body + "-" if hyphen and body else body


def _continues_on_same_line(previous: Word, word: Word) -> bool:
    same_baseline = abs(previous.bottom - word.bottom) <= 0.3 * previous.size
    return same_baseline and -1 <= word.x0 - previous.x1 <= 0.3 * previous.size


def _is_footnote_marker(handle: raw.FPDF_TEXTPAGE, token: str, offset: int, first: int) -> bool:
    """Digits glued to a word (at ``offset`` in ``token``) that are smaller and raised: a footnote
    reference ("Domein1"). Units keep their exponent ("m2" for square metres)."""
    if offset < 1:
        return False
    if token[offset - 1] in "mM" and (offset < 2 or not token[offset - 2].isalpha()):
        return False
    box = raw.FS_RECTF()
    raw.FPDFText_GetLooseCharBox(handle, first + offset - 1, ctypes.byref(box))
    previous_height, previous_bottom = box.top - box.bottom, box.bottom
    raw.FPDFText_GetLooseCharBox(handle, first + offset, ctypes.byref(box))
    height = box.top - box.bottom
    if previous_height <= 0:
        return False
    return height <= 0.8 * previous_height and box.bottom > previous_bottom + 0.15 * previous_height


def _is_loose_marker(word: Word, previous: Word) -> bool:
    """A small raised number right after a word, set apart by a space: a footnote reference too."""
    small = word.size <= 0.8 * previous.size
    raised = word.bottom < previous.bottom - 0.15 * previous.size
    adjacent = -1 <= word.x0 - previous.x1 <= 0.6 * previous.size
    after_word = previous.text[-1:].isalpha() or previous.text[-1:] in ".,;:)"
    return small and raised and adjacent and after_word
