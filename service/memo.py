"""The common-threads memo ("rode-draadnotitie"): a ``ThreadsResult`` as Markdown or as a Word document.

Both formats are rendered from one small memo model built by ``build_memo``: blocks (title, headings,
paragraphs, bullets, quotes) of inline spans and citations. So the two formats say the same thing in the
same order, and a passage has the same citation number in both: numbers follow the first citation in
reading order, and a passage cited twice keeps its number.

Citations are footnotes in Markdown (``[^1]`` with definitions at the end). In Word they are superscript
numbers that link to a numbered "Bronnen" list at the end, not native Word footnotes: a native footnote
belongs to one place in the text, so a passage cited twice would need two notes with different numbers
(or cross-reference fields), and python-docx cannot write the footnotes part, so hand-written OOXML
would have to satisfy Word's strict checker without Word here to test it. The source list keeps the
numbering identical to the Markdown and opens cleanly in Word and LibreOffice.

Text from documents is data, never markup: ``<mark>`` in highlights becomes bold, every other tag is
dropped, entities are decoded, and Markdown special characters are escaped.
"""

from __future__ import annotations

import contextlib
import html
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import PurePath
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from service.memo_text import MEMO_TEXTS, MemoText
from service.schemas_threads import (
    CitedPassageItem,
    GapItem,
    ThreadCommitmentItem,
    ThreadsResult,
    ThreadTensionItem,
    ThreadThemeItem,
)

PASSAGES_PER_THEME = 3  # the strongest ones; the full list stays in the JSON result
PASSAGES_PER_TENSION = 2
DRAFT_QUOTE_CHARS = 90  # draft sentences quoted briefly where a theme touches them
EVIDENCE_CHARS = 220  # commitment sentences and tension passages
PASSAGE_CHARS = 420  # supporting passages under a theme
GAP_CHARS = 320
NAMES_SHOWN = 6  # organisations of a theme, actors, parties: a theme can span twenty organisations
MEMO_TIMEZONE = "Europe/Amsterdam"  # the memo's date is the writers' date, not UTC's

# ---------------------------------------------------------------------------------------------- memo model


@dataclass(frozen=True)
class Span:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Cite:
    number: int


@dataclass(frozen=True)
class Break:
    """A line break inside a block (a bullet's second line)."""


Inline = Span | Cite | Break
BlockKind = Literal["title", "heading", "subheading", "label", "paragraph", "note", "bullet", "quote"]


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    inlines: tuple[Inline, ...]


@dataclass(frozen=True)
class Source:
    number: int
    title: str
    source: str
    page: int | None
    passage_id: str


@dataclass(frozen=True)
class Memo:
    text: MemoText
    title: str
    date: str
    blocks: tuple[Block, ...]
    sources: tuple[Source, ...]


# ------------------------------------------------------------------------------------------- text helpers

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_WHITESPACE = re.compile(r"\s+")
_TAG = re.compile(r"<\s*(/?)\s*([A-Za-z][\w:-]*)[^<>]*>")


def clean_text(text: str) -> str:
    """One line of text: whitespace runs become one space, characters XML cannot hold are dropped."""
    return _WHITESPACE.sub(" ", _XML_ILLEGAL.sub("", text)).strip()


def highlight_spans(highlight: str) -> list[Span]:
    """``<mark>`` runs of an HTML-escaped highlight as bold spans; other tags dropped, entities decoded."""
    spans: list[Span] = []
    depth = 0
    cursor = 0

    def add(raw: str) -> None:
        text = _WHITESPACE.sub(" ", _XML_ILLEGAL.sub("", html.unescape(raw)))
        if spans and spans[-1].text.endswith(" ") and text.startswith(" "):
            text = text[1:]  # one space where a dropped tag stood between two
        if text:
            spans.append(Span(text, bold=depth > 0))

    for tag in _TAG.finditer(highlight):
        add(highlight[cursor:tag.start()])
        if tag.group(2).lower() == "mark":
            depth = max(0, depth - 1) if tag.group(1) else depth + 1
        cursor = tag.end()
    add(highlight[cursor:])
    return _strip_spans(_join_marks(spans))


def _join_marks(spans: list[Span]) -> list[Span]:
    """Marked words separated only by spaces become one bold run ("**één meerjarige**", not two)."""
    joined: list[Span] = []
    for index, span in enumerate(spans):
        between = (not span.bold and not span.text.strip() and 0 < index < len(spans) - 1
                   and spans[index - 1].bold and spans[index + 1].bold)
        span = Span(span.text, bold=True, italic=span.italic) if between else span
        if joined and joined[-1].bold == span.bold and joined[-1].italic == span.italic:
            joined[-1] = Span(joined[-1].text + span.text, span.bold, span.italic)
        else:
            joined.append(span)
    return joined


def _strip_spans(spans: list[Span]) -> list[Span]:
    if spans:
        spans[0] = Span(spans[0].text.lstrip(), spans[0].bold, spans[0].italic)
        spans[-1] = Span(spans[-1].text.rstrip(), spans[-1].bold, spans[-1].italic)
    return [s for s in spans if s.text]


def clip_spans(spans: Sequence[Span], limit: int) -> list[Span]:
    """At most about ``limit`` characters around the first bold span, cut at spaces, marked with "…"."""
    chars = [(c, s.bold, s.italic) for s in spans for c in s.text]
    if len(chars) <= limit:
        return list(spans)
    text = "".join(c for c, _, _ in chars)
    first_bold = next((i for i, (_, bold, _) in enumerate(chars) if bold), 0)
    start = max(0, min(first_bold - limit // 4, len(chars) - limit))
    if start > 0:  # start at a word: the next one if that keeps the mark, else the one we are in
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first_bold else text.rfind(" ", 0, start) + 1
    end = min(len(chars), start + limit)
    if end < len(chars):
        space = text.rfind(" ", start, end)
        end = space if space > start + limit // 2 else end
    italic = chars[start][2] if chars else False
    out: list[Span] = [Span("…", italic=italic)] if start > 0 else []
    for c, bold, it in chars[start:end]:
        if out and out[-1].bold == bold and out[-1].italic == it:
            out[-1] = Span(out[-1].text + c, bold, it)
        else:
            out.append(Span(c, bold, it))
    out = _strip_spans(out)
    if end < len(chars):
        out.append(Span("…", italic=italic))
    return out


def shorten(text: str, limit: int) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, with "…" when cut."""
    text = clean_text(text)
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip(" ,;:") + "…"


def _quoted(text: MemoText, sentence: str) -> str:
    return f"{text.open_quote}{sentence}{text.close_quote}"


def _names(text: MemoText, names: Iterable[str], *, limit: int | None = None) -> str:
    """ "A, B en C"; beyond ``limit`` names the rest are counted ("A, B en 12 andere")."""
    items = [clean_text(n) for n in names if clean_text(n)]
    if limit is not None and len(items) > limit + 1:
        items = [*items[:limit], text.others.format(n=len(items) - limit)]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {text.and_word} {items[-1]}"


def _count(text: MemoText, noun: str, n: int, *, zero_as_word: bool = True) -> str:
    singular, plural = text.nouns[noun]
    if n == 0 and zero_as_word:
        return f"{text.none} {plural}"
    return f"{n} {singular if n == 1 else plural}"


def _decimal(text: MemoText, value: float) -> str:
    return f"{value:.2f}".replace(".", text.decimal_mark)


def _percent(value: float) -> str:
    return f"{round(max(0.0, min(1.0, value)) * 100)}%"


def format_date(text: MemoText, moment: str) -> str:
    """An ISO date or time as "14 maart 2026" / "14 March 2026", in the writers' time zone."""
    try:
        parsed = datetime.fromisoformat(moment)
    except ValueError:
        return moment
    if "T" in moment:  # a time, UTC unless it says otherwise: the writers' calendar day may differ
        with contextlib.suppress(ZoneInfoNotFoundError):
            parsed = (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).astimezone(ZoneInfo(MEMO_TIMEZONE))
    return f"{parsed.day} {text.months[parsed.month - 1]} {parsed.year}"


_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_HALF = re.compile(r"^(\d{4})-H([12])$")
_SPAN = re.compile(r"^(\d{4})/(\d{4})$")
_DURATION = re.compile(r"^P(\d+)([DWMY])$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def format_deadline(text: MemoText, deadline: str) -> str:
    """A commitment deadline (ISO date, year, 2027-Q1, 2026-H1, 2026/2028, P3M) in words."""
    if quarter := _QUARTER.match(deadline):
        return f"{text.quarters[int(quarter.group(2)) - 1]} {quarter.group(1)}"
    if half := _HALF.match(deadline):
        return f"{text.halves[int(half.group(2)) - 1]} {half.group(1)}"
    if span := _SPAN.match(deadline):
        return f"{span.group(1)}–{span.group(2)}"
    if duration := _DURATION.match(deadline):
        amount = int(duration.group(1))
        singular, plural = text.duration_units[duration.group(2)]
        return f"{text.within} {amount} {singular if amount == 1 else plural}"
    if month := _MONTH.match(deadline):
        number = int(month.group(2))
        if 1 <= number <= 12:
            return f"{text.months[number - 1]} {month.group(1)}"
    if len(deadline) == 10:
        return format_date(text, deadline)
    return deadline


def _file_name(source: str) -> str:
    return source if "://" in source else PurePath(source.replace("\\", "/")).name or source


# --------------------------------------------------------------------------------------------- citations


class _Citations:
    """Numbers passages in the order they are first cited; knows each passage's title, file and page."""

    def __init__(self, result: ThreadsResult) -> None:
        self._passages: dict[str, tuple[str, str, int | None]] = {}
        self._documents: dict[str, tuple[str, str]] = {}
        for passage in _cited_passages(result):
            self._passages.setdefault(passage.passage_id, (passage.title, passage.source, passage.page))
            self._documents.setdefault(passage.doc_id, (passage.title, passage.source))
        for commitment in result.commitments:
            self._passages.setdefault(commitment.passage_id, (commitment.title, commitment.source, commitment.page))
            self._documents.setdefault(commitment.doc_id, (commitment.title, commitment.source))
        self._numbers: dict[str, int] = {}
        self.sources: list[Source] = []

    def cite(self, passage_id: str, doc_id: str) -> Cite:
        number = self._numbers.get(passage_id)
        if number is None:
            title, source, page = self._passages.get(passage_id) or (*self._documents.get(doc_id, (doc_id, "")), None)
            number = len(self.sources) + 1
            self._numbers[passage_id] = number
            self.sources.append(Source(number, clean_text(title), clean_text(source), page, passage_id))
        return Cite(number)


def _cited_passages(result: ThreadsResult) -> Iterable[CitedPassageItem]:
    for theme in result.themes:
        yield from theme.passages
    for tension in result.tensions:
        yield from tension.passages
    for gap in result.gaps:
        if gap.nearest is not None:
            yield gap.nearest


# ------------------------------------------------------------------------------------------------ builder


def build_memo(result: ThreadsResult) -> Memo:
    """The memo's blocks and sources, in reading order, in the result's language."""
    text = MEMO_TEXTS.get(result.options.language, MEMO_TEXTS["nl"])
    citations = _Citations(result)
    numbers = {s.index: position for position, s in enumerate(result.draft.sentences, start=1)}
    draft = {s.index: clean_text(s.text) for s in result.draft.sentences}
    date = format_date(text, result.created)
    blocks: list[Block] = [Block("title", (Span(text.title),))]
    blocks += _intro(text, result, date)

    blocks.append(Block("heading", (Span(text.themes),)))
    for position, theme in enumerate(result.themes, start=1):
        blocks += _theme(text, citations, numbers, draft, position, theme)
    if not result.themes:
        blocks.append(Block("paragraph", (Span(text.no_themes),)))

    blocks.append(Block("heading", (Span(text.commitments),)))
    blocks += [_commitment(text, citations, numbers, c) for c in result.commitments]
    if not result.commitments:
        blocks.append(Block("paragraph", (Span(text.no_commitments),)))

    blocks.append(Block("heading", (Span(text.tensions),)))
    blocks += [_tension(text, citations, numbers, t) for t in result.tensions]
    if not result.tensions:
        blocks.append(Block("paragraph", (Span(text.no_tensions),)))

    blocks.append(Block("heading", (Span(text.gaps),)))
    blocks += [_gap(text, citations, numbers, g) for g in result.gaps]
    if not result.gaps:
        blocks.append(Block("paragraph", (Span(text.no_gaps),)))
    return Memo(text, text.title, date, tuple(blocks), tuple(citations.sources))


def _intro(text: MemoText, result: ThreadsResult, date: str) -> list[Block]:
    found = text.intro.format(
        draft=_count(text, "sentence", len(result.draft.sentences), zero_as_word=False),
        themes=_count(text, "theme", len(result.themes)),
        commitments=_count(text, "commitment", len(result.commitments)),
        tensions=_count(text, "tension", len(result.tensions)),
    )
    gaps = (text.intro_gaps.format(gaps=_count(text, "sentence", len(result.gaps))) if result.gaps
            else text.intro_no_gaps)
    blocks = [Block("paragraph", (Span(f"{found} {gaps}"),))]
    scope = []
    if result.options.organisations:
        scope.append(text.only_organisations.format(names=_names(text, result.options.organisations)))
    if result.options.kinds:
        kinds = [text.document_kinds.get(kind, kind) for kind in result.options.kinds]
        scope.append(text.only_kinds.format(names=_names(text, kinds)))
    if scope:
        blocks.append(Block("paragraph", (Span(" ".join(scope)),)))
    blocks.append(Block("note", (Span(f"{text.drawn_up.format(date=date)} · {text.reference} {result.id}"),)))
    return blocks


def _sentence_refs(text: MemoText, numbers: dict[int, int], indexes: Iterable[int]) -> str:
    """ "zin 1 en 3" for draft sentence indexes."""
    shown = sorted({numbers.get(i, i + 1) for i in indexes})
    if not shown:
        return ""
    singular, plural = text.nouns["sentence"]
    return f"{singular if len(shown) == 1 else plural} {_names(text, [str(n) for n in shown])}"


def _theme(text: MemoText, citations: _Citations, numbers: dict[int, int], draft: dict[int, str],
           position: int, theme: ThreadThemeItem) -> list[Block]:
    blocks = [Block("subheading", (Span(f"{position}. {clean_text(theme.label)}"),))]
    facts: list[Inline] = [Span(f"{text.relevance}: ", bold=True), Span(_percent(theme.relevance))]
    if theme.organisations:
        word = text.shared_by if theme.shared and len(theme.organisations) > 1 else text.found_at
        facts.append(Span(f" · {word} {_names(text, theme.organisations, limit=NAMES_SHOWN)}."))
    blocks.append(Block("paragraph", tuple(facts)))

    touched = [i for i in dict.fromkeys(theme.draft_sentences) if i in draft]
    if touched:
        quotes = [f"{text.sentence} {numbers[i]} ({_quoted(text, shorten(draft[i], DRAFT_QUOTE_CHARS))})"
                  for i in sorted(touched, key=lambda i: numbers[i])]
        blocks.append(Block("paragraph", (Span(f"{text.touches}: ", bold=True), Span(_names(text, quotes) + "."))))
    else:
        blocks.append(Block("paragraph", (Span(text.touches_none),)))

    if theme.summary:
        blocks.append(Block("label", (Span(text.summary, bold=True),)))
        blocks += [Block("bullet", (Span(clean_text(s.text)), citations.cite(s.passage_id, s.doc_id)))
                   for s in theme.summary]
    if theme.passages:
        blocks.append(Block("label", (Span(text.passages, bold=True),)))
        for passage in theme.passages[:PASSAGES_PER_THEME]:
            spans = clip_spans(highlight_spans(passage.highlight or passage.text), PASSAGE_CHARS)
            blocks.append(Block("quote", (*spans, citations.cite(passage.passage_id, passage.doc_id))))
    if theme.matched_subthemes:
        blocks.append(Block("label", (Span(_SUBTHEMES.get(text.language_tag[:2], _SUBTHEMES["nl"]), bold=True),)))
        blocks += [_subtheme(text, numbers, draft, part) for part in theme.matched_subthemes]
    return blocks


# the heading of the parts of a theme the draft touches, by memo language
_SUBTHEMES = {"nl": "Deelthema's die het concept raakt", "en": "Sub-themes the draft touches"}


def _subtheme(text: MemoText, numbers: dict[int, int], draft: dict[int, str], part: ThreadThemeItem) -> Block:
    """One part of a theme: its label, relevance and the draft sentences that lean on it."""
    touched = sorted((i for i in dict.fromkeys(part.draft_sentences) if i in draft), key=lambda i: numbers[i])
    spans: list[Inline] = [Span(clean_text(part.label), bold=True),
                           Span(f" ({text.relevance.lower()} {_percent(part.relevance)})")]
    if touched:
        spans.append(Span(f": {text.sentence} " + ", ".join(str(numbers[i]) for i in touched)))
    return Block("bullet", tuple(spans))


def _commitment(text: MemoText, citations: _Citations, numbers: dict[int, int],
                commitment: ThreadCommitmentItem) -> Block:
    """Who promised what (and for which draft sentences); deadline and strength; the sentence itself, cited.

    The modality cue and the ``reason`` line are left out: the cue is in the quoted sentence, and both are
    written for machines (in English) rather than for the writing team.
    """
    if text.deadline_in_source_words and commitment.deadline_text:
        deadline = clean_text(commitment.deadline_text)
    elif commitment.deadline:
        deadline = format_deadline(text, commitment.deadline)
    else:
        deadline = text.no_deadline
    strength = text.strengths.get(commitment.strength, commitment.strength)
    if commitment.negated:
        strength += f" ({text.negated})"
    inlines: list[Inline] = [
        Span(_names(text, commitment.actors, limit=NAMES_SHOWN) or "—", bold=True),
        Span(f" — {clean_text(commitment.action)}{_draft_refs(text, numbers, commitment.draft_sentences)}"),
        Break(), Span(f"{text.deadline}: {deadline} · {text.strength}: {strength}"),
        Break(), Span(_quoted(text, shorten(commitment.sentence, EVIDENCE_CHARS)), italic=True),
        citations.cite(commitment.passage_id, commitment.doc_id),
    ]
    return Block("bullet", tuple(inlines))


def _draft_refs(text: MemoText, numbers: dict[int, int], sentences: Sequence[int]) -> str:
    refs = _sentence_refs(text, numbers, sentences)
    return f" ({text.supports_sentences} {refs})" if refs else ""


def _tension(text: MemoText, citations: _Citations, numbers: dict[int, int], tension: ThreadTensionItem) -> Block:
    kind = text.tension_kinds.get(tension.kind, tension.kind)
    parties = _names(text, tension.parties, limit=NAMES_SHOWN) or "—"
    issue = clean_text(tension.issue).rstrip(".")
    inlines: list[Inline] = [
        Span(issue[:1].upper() + issue[1:], bold=True), Span(_draft_refs(text, numbers, tension.draft_sentences)),
        Break(), Span(f"{text.parties}: {parties} · {kind}. {clean_text(tension.explanation)}".rstrip()),
    ]
    for passage in tension.passages[:PASSAGES_PER_TENSION]:
        spans = clip_spans(highlight_spans(passage.highlight or passage.text), EVIDENCE_CHARS)
        quoted = [Span(text.open_quote), *spans, Span(text.close_quote)]
        inlines += [Break(), *(Span(s.text, s.bold, italic=True) for s in quoted)]
        inlines.append(citations.cite(passage.passage_id, passage.doc_id))
    return Block("bullet", tuple(inlines))


def _gap(text: MemoText, citations: _Citations, numbers: dict[int, int], gap: GapItem) -> Block:
    number = numbers.get(gap.sentence_index, gap.sentence_index + 1)
    inlines: list[Inline] = [
        Span(f"{text.sentence.capitalize()} {number}: ", bold=True),
        Span(_quoted(text, shorten(gap.text, GAP_CHARS))), Break(),
    ]
    if gap.nearest is None:
        inlines.append(Span(text.no_nearest))
    else:
        spans = clip_spans(highlight_spans(gap.nearest.highlight or gap.nearest.text), EVIDENCE_CHARS)
        inlines.append(Span(f"{text.nearest} ({text.similarity} {_decimal(text, gap.best_similarity)}): "))
        inlines += [Span(s.text, s.bold, italic=True)
                    for s in (Span(text.open_quote), *spans, Span(text.close_quote))]
        inlines.append(citations.cite(gap.nearest.passage_id, gap.nearest.doc_id))
    return Block("bullet", tuple(inlines))


# ----------------------------------------------------------------------------------------------- Markdown

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~$])")
_MD_ENTITY = re.compile(r"&(?=#?\w+;)")
_MD_LINE_START = re.compile(r"^([#+=-])")
_MD_ORDERED = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")  # "4. kennis" would become a numbered list
_MD_PREFIX: dict[BlockKind, tuple[str, str]] = {  # first line, continuation lines
    "title": ("# ", ""), "heading": ("## ", ""), "subheading": ("### ", ""), "label": ("", ""),
    "paragraph": ("", ""), "note": ("", ""), "bullet": ("- ", "  "), "quote": ("> ", "> "),
}


def escape_markdown(text: str) -> str:
    """Text that renders as itself: Markdown punctuation and HTML entities escaped with a backslash."""
    return _MD_ENTITY.sub(r"\\&", _MD_SPECIAL.sub(r"\\\1", text))


def render_markdown(result: ThreadsResult) -> str:
    """The memo as Markdown with footnote citations (``[^1]`` and ``[^1]: *Title*, file, p. 3 — passage id``)."""
    memo = build_memo(result)
    lines: list[str] = []
    previous: BlockKind | None = None
    for block in memo.blocks:
        first, rest = _MD_PREFIX[block.kind]
        body = _markdown_inlines(block.inlines, rest, escape_line_start=not first.startswith("#"))
        if block.kind == "note":
            body = f"*{body}*"
        if not (block.kind == previous == "bullet") and lines:
            lines.append("")
        lines.append(first + body)
        previous = block.kind
    if memo.sources:
        lines.append("")
        lines += [f"[^{s.number}]: {_source_markdown(memo.text, s)}" for s in memo.sources]
    return "\n".join(lines) + "\n"


def _source_markdown(text: MemoText, source: Source) -> str:
    parts = [f"*{escape_markdown(source.title)}*" if source.title else ""]
    if source.source:
        parts.append(escape_markdown(_file_name(source.source)))
    if source.page:
        parts.append(f"{text.page} {source.page}")
    head = ", ".join(p for p in parts if p)
    return f"{head} — {text.passage} {escape_markdown(source.passage_id)}"


def _markdown_inlines(inlines: Sequence[Inline], continuation: str, *, escape_line_start: bool) -> str:
    """Inline Markdown; text at the start of a line is escaped so it cannot open a list or a heading."""
    out: list[str] = []
    line_start = escape_line_start
    group: list[Span] = []

    def flush() -> None:
        nonlocal line_start
        if group:
            out.append(_markdown_styled(group, line_start))
            line_start = False
            group.clear()

    for inline in inlines:
        if isinstance(inline, Span):
            if group and group[-1].italic != inline.italic:
                flush()
            group.append(inline)
            continue
        flush()
        if isinstance(inline, Cite):
            out.append(f"[^{inline.number}]")
        else:
            out.append("\\\n" + continuation)
            line_start = escape_line_start
    flush()
    return "".join(out)


def _markdown_styled(spans: Sequence[Span], line_start: bool) -> str:
    """Spans of one italic state. Edge spaces and punctuation stay outside the ``*``/``**`` markers, where
    CommonMark's flanking rules would otherwise leave them unrendered ("**budget,**en")."""
    if spans[0].italic:
        raw = "".join(s.text for s in spans)
        lead = len(raw) - len(_lstrip_edge(raw))
        trail = len(raw) - len(_rstrip_edge(raw))
        if lead == len(raw):
            body = escape_markdown(raw)
        else:
            inner = _markdown_bold(list(_cut(spans, lead, trail)))
            body = f"{escape_markdown(raw[:lead])}*{inner}*{escape_markdown(raw[len(raw) - trail:])}"
    else:
        body = _markdown_bold(spans)
    if not line_start:
        return body
    return _MD_ORDERED.sub(r"\1\\\2", _MD_LINE_START.sub(r"\\\1", body))


def _markdown_bold(spans: Sequence[Span]) -> str:
    runs: list[tuple[bool, str]] = []
    for span in spans:
        if runs and runs[-1][0] == span.bold:
            runs[-1] = (span.bold, runs[-1][1] + span.text)
        else:
            runs.append((span.bold, span.text))
    return "".join(_wrap(run, "**") if bold else escape_markdown(run) for bold, run in runs)


def _lstrip_edge(text: str) -> str:
    index = 0
    while index < len(text) and not text[index].isalnum():
        index += 1
    return text[index:]


def _rstrip_edge(text: str) -> str:
    index = len(text)
    while index > 0 and not text[index - 1].isalnum():
        index -= 1
    return text[:index]


def _cut(spans: Sequence[Span], lead: int, trail: int) -> Iterable[Span]:
    """``spans`` without ``lead`` characters at the start and ``trail`` at the end, as non-italic spans."""
    total = sum(len(s.text) for s in spans)
    position = 0
    for span in spans:
        start = max(lead - position, 0)
        end = min(total - trail - position, len(span.text))
        if start < end:
            yield Span(span.text[start:end], span.bold)
        position += len(span.text)


def _wrap(text: str, marker: str) -> str:
    core = _rstrip_edge(_lstrip_edge(text))
    if not core:
        return escape_markdown(text)
    lead = text[: len(text) - len(_lstrip_edge(text))]
    trail = text[len(_rstrip_edge(text)):]
    return f"{escape_markdown(lead)}{marker}{escape_markdown(core)}{marker}{escape_markdown(trail)}"


# --------------------------------------------------------------------------------------------------- DOCX

FONT = "Calibri"
THREAD_RED = RGBColor(0x9B, 0x1B, 0x1B)  # the red thread: headings and the title
NOTE_GREY = RGBColor(0x59, 0x59, 0x59)
_DOCX_STYLE: dict[BlockKind, str] = {
    "title": "Title", "heading": "Heading 1", "subheading": "Heading 2", "label": "Normal",
    "paragraph": "Normal", "note": "Normal", "bullet": "List Bullet", "quote": "Quote",
}


def render_docx(result: ThreadsResult) -> bytes:
    """The memo as a Word document: heading and list styles, superscript citations linked to "Bronnen"."""
    memo = build_memo(result)
    document = new_docx()
    _set_up_document(document, memo, result.created)
    for block in memo.blocks:
        paragraph = document.add_paragraph(style=_DOCX_STYLE[block.kind])
        _docx_inlines(paragraph, block.inlines)
        if block.kind == "label":
            paragraph.paragraph_format.keep_with_next = True
            paragraph.paragraph_format.space_after = Pt(2)
        elif block.kind == "note":
            for run in paragraph.runs:
                run.font.size = Pt(9)
                run.font.color.rgb = NOTE_GREY
    document.add_paragraph(memo.text.sources, style="Heading 1")
    for source in memo.sources:
        _docx_source(document.add_paragraph(style="Normal"), memo.text, source)
    if not memo.sources:
        document.add_paragraph(memo.text.no_sources, style="Normal")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _set_up_document(document: DocxDocument, memo: Memo, created: str) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(25)
    section.top_margin, section.bottom_margin = Mm(22), Mm(22)
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")) if defaults is not None else None
    if run_defaults is not None:
        _set_fonts(run_defaults.find(qn("w:rFonts")), FONT)
        language = run_defaults.find(qn("w:lang"))
        if language is not None:
            language.set(qn("w:val"), memo.text.language_tag)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    for name, size in (("Title", 24), ("Heading 1", 15), ("Heading 2", 12.5)):
        style = document.styles[name]
        style.font.size = Pt(size)
        style.font.color.rgb = THREAD_RED
        _set_fonts(style.element.get_or_add_rPr().get_or_add_rFonts(), FONT)
    title_border = document.styles["Title"].element.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:bottom')}")
    if title_border is not None:
        title_border.set(qn("w:color"), str(THREAD_RED))
        title_border.attrib.pop(qn("w:themeColor"), None)
    quote = document.styles["Quote"]
    quote.font.color.rgb = RGBColor(0x33, 0x33, 0x33)
    quote.paragraph_format.left_indent = Mm(8)
    quote.paragraph_format.space_after = Pt(6)
    document.styles["List Bullet"].paragraph_format.space_after = Pt(6)

    properties = document.core_properties
    properties.title = memo.title
    properties.author = "rodedraad"
    properties.last_modified_by = "rodedraad"
    properties.language = memo.text.language_tag
    properties.comments = ""
    properties.revision = 1
    try:
        moment = datetime.fromisoformat(created)
        properties.created = properties.modified = moment
    except ValueError:
        pass
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    label = footer.add_run(f"{memo.title} · {memo.date} · ")
    label.font.size = Pt(8)
    label.font.color.rgb = NOTE_GREY
    _add_page_field(footer)


def _set_fonts(fonts: BaseOxmlElement | None, name: str) -> None:
    """Explicit font names on a ``w:rFonts`` element, without the theme fonts that would override them."""
    if fonts is None:
        return
    for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attribute}"), None)
    for attribute in ("ascii", "hAnsi", "cs"):
        fonts.set(qn(f"w:{attribute}"), name)


def _add_page_field(paragraph: Paragraph) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    color = OxmlElement("w:color")
    color.set(qn("w:val"), str(NOTE_GREY))
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "16")
    properties.extend([color, size])
    run.append(properties)
    number = OxmlElement("w:t")
    number.text = "1"
    run.append(number)
    field.append(run)
    paragraph._p.append(field)


def _docx_inlines(paragraph: Paragraph, inlines: Sequence[Inline]) -> None:
    previous: Inline | None = None
    for inline in inlines:
        if isinstance(inline, Span):
            run = paragraph.add_run(inline.text)
            run.bold = inline.bold or None
            run.italic = inline.italic or None
        elif isinstance(inline, Cite):
            if isinstance(previous, Cite):
                paragraph.add_run(",").font.superscript = True
            _add_citation(paragraph, inline.number)
        else:
            paragraph.add_run().add_break()
        previous = inline


def _add_citation(paragraph: Paragraph, number: int) -> None:
    """A superscript number that links to its entry in the source list."""
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), _bookmark(number))
    link.set(qn("w:history"), "1")
    run = paragraph.add_run(str(number))
    run.font.superscript = True
    link.append(run._r)  # moves the run from the paragraph into the link
    paragraph._p.append(link)


def _bookmark(number: int) -> str:
    return f"bron_{number}"


def _docx_source(paragraph: Paragraph, text: MemoText, source: Source) -> None:
    paragraph.paragraph_format.left_indent = Mm(8)
    paragraph.paragraph_format.first_line_indent = Mm(-8)
    paragraph.paragraph_format.space_after = Pt(3)
    paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(8))
    paragraph.add_run(f"{source.number}.\t")
    if source.title:
        paragraph.add_run(source.title).italic = True
    details = [_file_name(source.source)] if source.source else []
    if source.page:
        details.append(f"{text.page} {source.page}")
    paragraph.add_run("".join(f", {d}" for d in details))
    # the id on a line of its own: Word would otherwise break it at its hyphen
    paragraph.add_run().add_break()
    identifier = paragraph.add_run(f"{text.passage} {source.passage_id}")
    identifier.font.size = Pt(9)
    identifier.font.color.rgb = NOTE_GREY
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(source.number))
    start.set(qn("w:name"), _bookmark(source.number))
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(source.number))
    paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, start)
    paragraph._p.append(end)
