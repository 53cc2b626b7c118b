"""Theme labels and keyphrases: class-based TF-IDF over lemmatised Dutch noun phrases.

Each theme is one class; the passages that fit no theme form one extra background class, so words
that are everywhere (the corpus's own name, "gemeente", "partijen") score low. Terms are the
noun-phrase candidates of ``models.keyphrases`` (lemma keys, so "sociale domein" and "sociaal domein"
meet; stop words, pronouns, numbers and web boilerplate never form a candidate).

Score of term t in theme c, as in BERTopic's c-TF-IDF but counted in passages rather than words (a
passage repeating a word ten times is still one voice):

    tf(t, c) = passages of c containing t / passages of c
    idf(t)   = log(1 + mean passages per class / passages of all classes containing t)

multiplied by a small bonus for multiword phrases (an adviser writes "één welzijnsbudget", not
"budget") and for terms used by more than one document of the theme. A term needs two passages of
the theme. The label is the best phrase, joined with "en" to the next best when it is a single word
("Vroegsignalering en schulden"); two themes never get the same head phrase.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from models.keyphrases import _candidates
from models.nlp import DutchNLP, Token
from rodedraad.dutch import fold_diacritics

_MIN_PASSAGES = 2
_PHRASE_BONUS = {1: 1.0, 2: 1.3, 3: 1.35}
_MAX_LABEL_WORDS = 5
# Lemmas that describe no subject, beyond models.keyphrases' exclusions: dates, vague quantities and
# light verbs that the tagger-less phrase rules take for nouns.
LABEL_EXCLUDED = frozenset({
    "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
    "november", "december", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag",
    "extra", "allerlei", "ander", "elk", "ieder", "veel", "weinig", "doen", "gaan", "komen", "staan",
    "zien", "maken", "geven", "nemen", "vinden", "sociaal", "thuis", "tafel", "boek", "resultaat",
    "hoeveel", "zolang", "dichtbij", "vroeg", "snel", "nodig", "mogelijk", "zeker", "echt", "gewoon",
    "vooral", "samen", "eerst", "verder", "steeds", "hierna", "hiervoor", "daarbij", "daarom",
})
# Words that open a noun phrase; "de/het/een … X" followed by a break is evidence that X is a noun.
_DETERMINERS = frozenset({"de", "het", "een", "deze", "dit", "die", "dat", "onze", "ons", "hun", "elke", "ieder",
                          "iedere", "geen", "veel", "meer", "alle"})
_KEYPHRASES = 8
Key = tuple[str, ...]


@dataclass(frozen=True)
class ThemeText:
    """One passage of a theme as labelling needs it."""

    doc_id: str
    text: str


@dataclass(frozen=True)
class ThemeLabel:
    label: str
    keyphrases: tuple[str, ...]


def noun_evidence(tokens: Sequence[Token]) -> set[str]:
    """Lemmas seen closing a noun phrase: a determiner, at most two words, then a stop word or punctuation.

    A tagger-free test that keeps verbs ("ontstaat") and predicative adjectives ("helder") out of labels:
    "de samenwerking tussen" and "een gezamenlijk budget." count, "ontstaat" never follows a determiner.
    """
    found: set[str] = set()
    for index, token in enumerate(tokens):
        if token.text.lower() not in _DETERMINERS:
            continue
        for position in range(index + 1, min(index + 4, len(tokens))):
            word = tokens[position]
            if not word.is_alpha or word.is_stop:
                break
            following = tokens[position + 1] if position + 1 < len(tokens) else None
            if following is None or not following.is_alpha or following.is_stop:
                found.add(fold_diacritics(word.lemma.lower()))
                break
    return found


@dataclass
class _ClassTerms:
    passages: int
    df: Counter[Key]
    docs: defaultdict[Key, set[str]]
    surfaces: defaultdict[Key, Counter[str]]
    documents: int
    capitalised: defaultdict[Key, bool]
    nouns: set[str]


def _class_terms(nlp: DutchNLP, texts: Sequence[ThemeText]) -> _ClassTerms:
    df: Counter[Key] = Counter()
    docs: defaultdict[Key, set[str]] = defaultdict(set)
    surfaces: defaultdict[Key, Counter[str]] = defaultdict(Counter)
    capitalised: defaultdict[Key, bool] = defaultdict(bool)
    nouns: set[str] = set()
    for item, tokens in zip(texts, nlp.tokens_many(t.text for t in texts), strict=True):
        nouns |= noun_evidence(tokens)
        seen: set[Key] = set()
        for key, surface, sentence_start in _candidates(tokens):
            if any(part in LABEL_EXCLUDED for part in key):
                continue
            first = surface.split()[0]
            if sentence_start and first[:1].isupper() and first[1:].islower():
                surface = surface[:1].lower() + surface[1:]  # capitalised only because a sentence starts
            surfaces[key][surface] += 1
            if surface[:1].isupper() and not surface.isupper():
                capitalised[key] = True
            seen.add(key)
        for key in seen:
            df[key] += 1
            docs[key].add(item.doc_id)
    return _ClassTerms(len(texts), df, docs, surfaces, len({t.doc_id for t in texts}), capitalised,
                       nouns)


def _display(terms: _ClassTerms, key: Key) -> str:
    """The most frequent written form (ties: the alphabetically first, so the result is stable)."""
    return min(terms.surfaces[key].items(), key=lambda item: (-item[1], item[0]))[0]


def _contains(longer: Key, shorter: Key) -> bool:
    return any(longer[i:i + len(shorter)] == shorter for i in range(len(longer) - len(shorter) + 1))


def _overlaps(key: Key, chosen: Sequence[Key]) -> bool:
    return any(_contains(other, key) or _contains(key, other) for other in chosen)


def ranked_terms(classes: Sequence[_ClassTerms], index: int) -> list[tuple[Key, float]]:
    """The terms of class ``index`` by c-TF-IDF score, best first (ties by key, so deterministic)."""
    total_df: Counter[Key] = Counter()
    for terms in classes:
        total_df.update(terms.df)
    mean_passages = sum(t.passages for t in classes) / max(1, len(classes))
    own = classes[index]
    nouns = set().union(*(terms.nouns for terms in classes))
    scored: list[tuple[Key, float]] = []
    for key, count in own.df.items():
        if count < min(_MIN_PASSAGES, own.passages):
            continue
        if key[-1] not in nouns and not own.capitalised[key]:
            continue  # a phrase ends in a noun (names excepted)
        tf = count / own.passages
        idf = math.log(1 + mean_passages / total_df[key])
        spread = 0.4 + 0.6 * len(own.docs[key]) / max(1, own.documents)
        short_word = 0.85 if len(key) == 1 and len(key[0]) < 5 else 1.0
        # a capitalised single word used by one document is mostly a person's or place's name
        name = 0.5 if own.capitalised[key] and len(own.docs[key]) == 1 else 1.0
        scored.append((key, tf * idf * _PHRASE_BONUS.get(len(key), 1.35) * spread * short_word * name))
    scored.sort(key=lambda item: (-item[1], item[0]))
    return scored


def _label(display: list[str], keys: list[Key], scores: list[float], used_heads: set[Key]) -> tuple[str, Key | None]:
    """The label from the ranked terms.

    The head is the best unused term, or a multiword phrase among the next two when it scores at least
    half as well (an adviser writes "regionale samenwerking" rather than "samenwerking"). A one-word
    head gets the next best lowercase term joined with "en" ("Vroegsignalering en schulden").
    """
    if not keys:
        return "", None
    head_index = next((i for i, key in enumerate(keys) if key not in used_heads), 0)
    for i in range(head_index, min(head_index + 3, len(keys))):
        promotable = len(keys[i]) > 1 and display[i][:1].islower() and keys[i] not in used_heads
        if promotable and scores[i] >= 0.5 * scores[head_index]:
            head_index = i
            break
    head = keys[head_index]
    words = display[head_index].split()
    if len(words) == 1:
        for key, text in zip(keys, display, strict=True):
            if key == head or _overlaps(key, [head]) or not text[:1].islower():
                continue
            if len(words) + 1 + len(text.split()) <= _MAX_LABEL_WORDS:
                words = [*words, "en", *text.split()]
                break
    label = " ".join(words[:_MAX_LABEL_WORDS])
    return label[:1].upper() + label[1:], head


def label_themes(
    nlp: DutchNLP,
    themes: Sequence[Sequence[ThemeText]],
    background: Sequence[ThemeText] = (),
    *,
    keyphrases: int = _KEYPHRASES,
) -> list[ThemeLabel]:
    """A label (2–5 words) and ``keyphrases`` ranked phrases per theme, in the order given.

    Themes are labelled largest first so that, when two themes share their best phrase, the larger
    keeps it and the smaller one is named by its next phrase.
    """
    classes = [_class_terms(nlp, texts) for texts in themes]
    if background:
        classes.append(_class_terms(nlp, background))
    order = sorted(range(len(themes)), key=lambda i: (-len(themes[i]), i))
    used_heads: set[Key] = set()
    labels: dict[int, ThemeLabel] = {}
    for index in order:
        chosen: list[Key] = []
        scores: list[float] = []
        for key, score in ranked_terms(classes, index):
            if len(chosen) >= max(keyphrases, 3):
                break
            if not _overlaps(key, chosen):
                chosen.append(key)
                scores.append(score)
        display = [_display(classes[index], key) for key in chosen]
        label, head = _label(display, chosen, scores, used_heads)
        if head is not None:
            used_heads.add(head)
        labels[index] = ThemeLabel(label=label or "Overig", keyphrases=tuple(display[:keyphrases]))
    return [labels[i] for i in range(len(themes))]
