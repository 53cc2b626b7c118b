"""Split the text of a saved web page into its articles.

A saved blog or news page holds several posts one after another, with the site's furniture in
between. An article starts at a title-like line: a single short line without a final period. Not
every such line starts an article — most are sub-headings — so each candidate is scored on the
structure around it (signals from WordPress/Blogger/Medium saves, not from one site):

=======================================================  ======  ========================================
signal                                                   weight  why
=======================================================  ======  ========================================
the previous article was closed: comment form, share       +2    posts end with furniture or an
widget, "Advertenties", "***", call to action, or an             author note
author/credits line ("De auteur, ... is ...", "Anna de
Vries is adviseur bij Bureau Oost.")
only an empty block of non-breaking spaces before          +1    pages use such gaps, but also inside
                                                                 articles
only short name-like lines since the last paragraph        +1    captions and contact cards end a post
right under "Hoofdstuk 2", "3.1" or "Bijlage"              -2    a chapter heading, not a new article
a byline or date line next ("Door ...", "12 maart 2019")   +3    a post opens with who and when
an image name / slug or a one-line "• lead" next           +2    a post opens with its picture or lead
a second title-like line (subtitle), then a paragraph      +2    title + subtitle open a post
a second title-like line, no paragraph yet                 +1
no paragraph within the next three blocks                  -2    a caption, contact card or advert
four or more words                                         +1    sub-headings tend to be short
one or two words                                           -1
ends in "?" and the answer opens with a quote              -3    an interview question, not a title
no question, after two or more question headings           +1    an interview has ended: a new post
=======================================================  ======  ========================================

A candidate with score >= 2 starts an article once the current article has a paragraph; before
that, a better-scoring candidate replaces the current start (a repeated title, a subtitle). Lines
starting with a quote, a bullet, a number ("1.", "2.1") or a phrase like "Meer informatie" are
never titles. Finally an article with fewer than ``MIN_ARTICLE_WORDS`` words is merged into the
one before it (a book advert between posts is not a post of its own).

Offsets index the raw page text: ``text[article.start:article.end]`` is the article with its
furniture; :func:`ingest.boilerplate.strip_boilerplate` with the same ``start``/``end`` cleans it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.boilerplate import (
    Line,
    LineRole,
    PhraseBook,
    classify_lines,
    default_phrases,
    is_heading_like,
    word_count,
)

# Shorter "posts" are teasers, adverts or contact blocks between posts (a real post runs to hundreds).
MIN_ARTICLE_WORDS = 60
START_SCORE = 2
# A block with at least this many words (or a shorter full sentence) is a paragraph of body text.
BODY_MIN_WORDS = 15
SENTENCE_MIN_WORDS = 8

# The score of a block that cannot be a title at all.
_NOT_A_TITLE = -99
_QUOTES = "“”\"‘’'„«»"
_BULLETS = "•·▪●◦‣-–—*"
# An author note under a post, a paragraph of its own: "Anna de Vries is adviseur bij Bureau Oost."
# Case matters (a name), so this shape lives here and not in the casefolded phrase file.
_AUTHOR_NOTE = re.compile(
    r"^(?!(?:De|Het|Een|Deze|Dit|Die|Dat|Onze|Ons|Mijn|Zijn|Haar|Hun|Wij|We|Ik|Zij|Ze)\b)"
    r"[A-ZÀ-Ý][\w'’-]+(?: (?:van|de|der|den|del|el|El|ten|ter|te|[A-ZÀ-Ý][\w'’-]+)){1,4},? "
    r"(?:is|was|werkt)\b[^.!?]{3,160}\.$"
)
_ANSWER_START = re.compile(rf"^(?:[{_QUOTES}]|[A-ZÀ-Ý][\w\-]+(?: [\w\-]+){{0,3}}: ?[{_QUOTES}])")


@dataclass(frozen=True)
class Article:
    """One article of a page: its title and its span ``text[start:end]`` in the raw page text."""

    title: str
    start: int
    end: int


@dataclass(frozen=True)
class _Block:
    """Consecutive content lines with no blank or dropped line between them."""

    lines: tuple[Line, ...]

    @property
    def start(self) -> int:
        return self.lines[0].start

    @property
    def first(self) -> str:
        return self.lines[0].text

    @property
    def words(self) -> int:
        return sum(word_count(line.text) for line in self.lines)

    @property
    def is_body(self) -> bool:
        last = self.lines[-1].text.rstrip(_QUOTES + ")")
        return self.words >= BODY_MIN_WORDS or (self.words >= SENTENCE_MIN_WORDS and last[-1:] in ".!?…")


@dataclass(frozen=True)
class _Marker:
    """A dropped line or an empty block between content blocks."""

    role: LineRole


_Event = _Block | _Marker


def _events(lines: tuple[Line, ...]) -> list[_Event]:
    events: list[_Event] = []
    run: list[Line] = []
    for line in lines:
        if line.role is LineRole.CONTENT:
            run.append(line)
            continue
        if run:
            events.append(_Block(tuple(run)))
            run = []
        if line.role is not LineRole.BLANK:
            events.append(_Marker(line.role))
    if run:
        events.append(_Block(tuple(run)))
    return events


def _is_title_candidate(block: _Block, phrases: PhraseBook) -> bool:
    if len(block.lines) > 1 and not phrases.byline.matches(block.lines[1].text):
        return False
    text = block.first
    if not is_heading_like(text) or not text[0].isalnum() or not (text[0].isupper() or text[0].isdigit()):
        return False
    if text[0] in _QUOTES or text[-1] in _QUOTES or text[0] in _BULLETS:
        return False
    return not (
        phrases.not_a_title.matches(text) or phrases.credits.matches(text) or phrases.byline.matches(text)
    )


def _is_name_like(block: _Block) -> bool:
    return len(block.lines) <= 2 and all(is_heading_like(line.text) for line in block.lines)


def _previous_score(events: list[_Event], index: int, stop: int, phrases: PhraseBook) -> int:
    """Score what lies between the last paragraph (or ``events[stop]``) and the candidate."""
    closed = spacer = names = False
    for position in range(index - 1, stop - 1, -1):
        event = events[position]
        if isinstance(event, _Marker):
            closed |= event.role.ends_article
            spacer |= event.role is LineRole.SPACER
            continue
        if any(phrases.credits.matches(line.text) or _AUTHOR_NOTE.match(line.text) for line in event.lines):
            closed = True
        if event.is_body:
            break
        if phrases.not_a_title.matches(event.first):
            if not (closed or spacer or names):  # "Hoofdstuk 2" right above: a chapter heading
                return -2
            continue
        names |= _is_name_like(event)
    if closed:
        return 2
    return 1 if spacer or names else 0


def _next_score(events: list[_Event], index: int, title: str, phrases: PhraseBook) -> int:
    """Score what follows the candidate, up to the next closing furniture."""
    candidate = events[index]
    assert isinstance(candidate, _Block)
    if len(candidate.lines) > 1:  # the title's own block carries a byline
        return 3
    following: list[_Event] = []
    for event in events[index + 1:index + 9]:
        if isinstance(event, _Marker) and event.role.ends_article and event.role is not LineRole.SEPARATOR:
            break
        following.append(event)
    blocks = [event for event in following if isinstance(event, _Block)]
    if title.endswith("?") and blocks and _ANSWER_START.match(blocks[0].first):
        return -3
    markers = [e for e in following if not (isinstance(e, _Marker) and e.role is LineRole.SPACER)]
    if markers and isinstance(markers[0], _Marker) and markers[0].role is LineRole.IMAGE:
        return 2
    if not blocks:
        return -2
    nxt = blocks[0]
    if phrases.byline.matches(nxt.first):
        return 3
    list_follows = len(blocks) > 1 and blocks[1].first[:1] in _BULLETS
    if len(nxt.lines) == 1 and nxt.first[:1] in _BULLETS and not list_follows:
        return 2  # a one-line lead ("• Eén gezin, één plan"), not the first item of a list
    if not any(block.is_body for block in blocks[:3]):
        return -2  # no paragraph follows: a caption, a contact card or an advert
    if len(nxt.lines) == 1 and is_heading_like(nxt.first) and not nxt.is_body and word_count(title) >= 3:
        return 2 if len(blocks) > 1 and blocks[1].is_body else 1  # title and subtitle
    return 0


def _candidate_score(events: list[_Event], index: int, stop: int, phrases: PhraseBook) -> int:
    block = events[index]
    assert isinstance(block, _Block)
    title = block.first
    words = word_count(title)
    length_score = 1 if words >= 4 else (-1 if words <= 2 else 0)
    before = _previous_score(events, index, stop, phrases)
    return before + _next_score(events, index, title, phrases) + length_score


def _ends_interview(events: list[_Event], start: int, index: int) -> bool:
    """True when the article since ``start`` is an interview and ``events[index]`` is no question.

    An interview's sub-headings are its questions ("Wat is jouw specialisme?"); a statement-like
    heading of four or more words after two or more of them is the title of the next post.
    """
    candidate = events[index]
    assert isinstance(candidate, _Block)
    if candidate.first.endswith("?") or word_count(candidate.first) < 4:
        return False
    questions = 0
    for event in events[start + 1:index]:
        if not isinstance(event, _Block):
            continue
        heading = event.first
        if heading[:1] in _QUOTES or not is_heading_like(heading):
            continue
        if heading.endswith("?"):  # a question, alone or with its answer in the same block
            questions += 1
        elif len(event.lines) == 1 and not event.is_body:
            return False
    return questions >= 2


@dataclass
class _Start:
    index: int
    score: int
    has_body: bool = False


def split_articles(text: str, phrases: PhraseBook | None = None) -> list[Article]:
    """The articles of a saved web page, in order; one article when nothing marks a second.

    Returns an empty list when the page has no content line at all.
    """
    book = phrases or default_phrases()
    events = _events(classify_lines(text, book))
    block_indexes = [i for i, event in enumerate(events) if isinstance(event, _Block)]
    if not block_indexes:
        return []

    starts: list[_Start] = []
    for index in block_indexes:
        block = events[index]
        assert isinstance(block, _Block)
        candidate = _is_title_candidate(block, book)
        # while the current article has no paragraph yet, look back no further than its start
        stop = starts[-1].index if starts and not starts[-1].has_body else 0
        score = _candidate_score(events, index, stop, book) if candidate else _NOT_A_TITLE
        if candidate and starts and starts[-1].has_body and _ends_interview(events, starts[-1].index, index):
            score += 1
        if not starts:
            starts.append(_Start(index, score))
        elif not starts[-1].has_body:
            if candidate and score > starts[-1].score:
                starts[-1] = _Start(index, score)
        elif candidate and score >= START_SCORE:
            starts.append(_Start(index, score))
        # a title never counts as the body of its own article, even when it is a long question
        if block.is_body and (index != starts[-1].index or not candidate):
            starts[-1].has_body = True

    return _merge_small(_to_articles(events, starts, text), text, book)


def _to_articles(events: list[_Event], starts: list[_Start], text: str) -> list[Article]:
    articles = []
    for number, start in enumerate(starts):
        block = events[start.index]
        assert isinstance(block, _Block)
        title = block.first if start.score > _NOT_A_TITLE else ""
        following = events[starts[number + 1].index] if number + 1 < len(starts) else None
        end = _text_start(text, following) if isinstance(following, _Block) else len(text)
        articles.append(Article(title, _text_start(text, block), end))
    return articles


def _text_start(text: str, block: _Block) -> int:
    """Where the block's first line starts, after its indentation."""
    line = block.lines[0]
    return line.start + len(text[line.start:line.end]) - len(text[line.start:line.end].lstrip())


def _content_words(text: str, article: Article, lines: tuple[Line, ...]) -> int:
    return sum(
        word_count(line.text) for line in lines
        if line.role is LineRole.CONTENT and article.start <= line.start < article.end
    )


def _merge_small(articles: list[Article], text: str, phrases: PhraseBook) -> list[Article]:
    if len(articles) < 2:
        return articles
    lines = classify_lines(text, phrases)
    merged: list[Article] = []
    for article in articles:
        if merged and _content_words(text, article, lines) < MIN_ARTICLE_WORDS:
            previous = merged.pop()
            merged.append(Article(previous.title, previous.start, article.end))
        else:
            merged.append(article)
    if len(merged) >= 2 and _content_words(text, merged[0], lines) < MIN_ARTICLE_WORDS:
        first, second = merged[0], merged[1]
        merged[:2] = [Article(second.title or first.title, first.start, second.end)]
    return merged
