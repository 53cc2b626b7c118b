"""Keyphrases of a Dutch text without a POS tagger: noun-phrase-like runs of content words.

Candidates are built from lemmatised tokens (models/nlp.py) by simple rules:

- stop words, pronouns, numbers, punctuation, web boilerplate and general words
  (``rodedraad/data/keyphrase_excluded.txt``) break a run and never appear in a phrase;
- verbs break a run too: finite forms and participles (the lemma ends in -en and differs from the
  word: "werkt", "afgesproken") and infinitives ("bundelen"; this also drops nominal infinitives
  such as "wonen", a price paid for not having a tagger);
- a word is adjective-like by its ending ("sociale", "gezamenlijk", "maatschappelijke", "gedeelde"),
  otherwise noun-like; a phrase is up to two adjectives followed by one or two nouns.

Variants meet through their lemmas ("sociale domein"/"sociaal domein"). A phrase scores
frequency × specificity, where specificity grows with word length (Dutch compounds such as
"samenwerkingsverband" are specific) and multiword phrases get a bonus; a phrase contained in (or
containing) a better one is skipped so the list is not ten variations of one idea.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Protocol

from rodedraad.dutch import STOP_WORDS, fold_diacritics, load_word_list, noun_context

_EXCLUDED = load_word_list("keyphrase_excluded")
_ADJECTIVE_ENDINGS = (
    "lijk", "lijke", "isch", "ische", "ief", "ieve", "eel", "ele", "aal", "ale", "ig", "ige", "baar", "bare",
    "end", "ende", "loos", "loze", "zaam", "zame", "lijks",
)
_WORD = re.compile(r"^[^\W\d_]+(?:[-’'][^\W\d_]+)*$")
_MAX_ADJECTIVES = 2
_MAX_NOUNS = 2
_MULTIWORD_BONUS = 1.3
_SENTENCE_END = {".", "!", "?", ":", ";", "•", "…"}


class KeyphraseToken(Protocol):
    """What keyphrase extraction needs of a token (models.nlp.Token has it)."""

    @property
    def text(self) -> str: ...

    @property
    def lemma(self) -> str: ...

    @property
    def is_stop(self) -> bool: ...


def _kind(token: KeyphraseToken, previous: KeyphraseToken | None = None,
          following: KeyphraseToken | None = None) -> str:
    """"break", "adjective" or "noun" for one token (its neighbours decide about -en forms)."""
    text = token.text
    lemma = fold_diacritics(token.lemma.lower())
    if token.is_stop or len(text) < 3 or not _WORD.match(text) or lemma in STOP_WORDS or lemma in _EXCLUDED:
        return "break"
    lowered = text.lower()
    if text.isupper() or (text[:1].isupper() and not lemma.endswith("en")):
        return "noun"  # acronyms and capitalised names
    if text[:1].isupper() and lemma == lowered and previous is not None and previous.text not in _SENTENCE_END:
        return "noun"  # a capitalised name in -en inside a sentence ("Veluwonen", "Leeuwarden"), no verb
    if lowered.endswith("en") and "ge" in lowered[:-4] and following is not None and _noun_like(following):
        return "adjective"  # a participle before a noun: "persoonsgebonden budget", "gesloten overeenkomst"
    if lemma.endswith("en") and lemma != lowered:
        if lowered.startswith("ge") and lowered.endswith(("de", "te")):
            return "adjective"  # "gedeelde ambitie"
        return "break"  # finite verbs and participles: "werkt", "afgesproken"
    if lemma.endswith("en") and len(lemma) > 4:
        if previous is not None and noun_context(previous.text):
            return "noun"  # a plural the dictionary does not know: "de zonneparken", "voor zonneparken"
        return "break"  # an infinitive: "bundelen", "krijgen"
    inflected = lowered.endswith("e") and lemma != lowered and len(lemma) > 2  # "nieuwe" → "nieuw"
    if lowered.endswith(_ADJECTIVE_ENDINGS) or inflected:
        return "adjective"
    return "noun"


def _noun_like(token: KeyphraseToken) -> bool:
    return bool(_WORD.match(token.text)) and not token.is_stop and len(token.text) >= 3 and not (
        token.lemma.lower().endswith("en") and token.lemma.lower() == token.text.lower())


def _specificity(lemmas: Sequence[str]) -> float:
    per_word = [1.2 if lemma.isupper() else min(len(lemma), 14) / 7 for lemma in lemmas]
    bonus = _MULTIWORD_BONUS if len(lemmas) > 1 else 1.0
    return bonus * sum(per_word) / len(per_word)


def _candidates(tokens: Sequence[KeyphraseToken]) -> list[tuple[tuple[str, ...], str, bool]]:
    """(lemma key, surface text, starts a sentence) for every candidate occurrence."""
    kinds = [_kind(token, tokens[i - 1] if i else None, tokens[i + 1] if i + 1 < len(tokens) else None)
             for i, token in enumerate(tokens)]
    found: list[tuple[tuple[str, ...], str, bool]] = []
    for index, kind in enumerate(kinds):
        if kind != "noun":
            continue
        starts: list[int] = [index]
        first = index
        while first > 0 and index - first < _MAX_ADJECTIVES and kinds[first - 1] == "adjective":
            first -= 1
            starts.append(first)
        if index > 0 and kinds[index - 1] == "noun" and (index < 2 or kinds[index - 2] != "noun"):
            starts.append(index - 1)  # two nouns: names like "Samen Noord", "Wmo voorziening"
        for start in starts:
            span = tokens[start:index + 1]
            if sum(1 for position in range(start, index + 1) if kinds[position] == "noun") > _MAX_NOUNS:
                continue
            key = tuple(fold_diacritics(token.lemma.lower()) for token in span)
            surface = " ".join(token.text for token in span)
            sentence_start = start == 0 or tokens[start - 1].text in _SENTENCE_END
            found.append((key, surface, sentence_start))
    return found


def _display(surfaces: Counter[str], inside_sentence: Counter[str]) -> str:
    """The most frequent written form; lowercased when it was capitalised only at sentence starts."""
    if inside_sentence:
        return inside_sentence.most_common(1)[0][0]
    surface = surfaces.most_common(1)[0][0]
    words = surface.split()
    first = words[0]
    if first[:1].isupper() and first[1:].islower():
        words[0] = first.lower()
    return " ".join(words)


def _overlaps(key: tuple[str, ...], chosen: list[tuple[str, ...]]) -> bool:
    for other in chosen:
        shorter, longer = (key, other) if len(key) <= len(other) else (other, key)
        positions = range(len(longer) - len(shorter) + 1)
        if any(longer[start:start + len(shorter)] == shorter for start in positions):
            return True
    return False


def extract_keyphrases(tokens: Sequence[KeyphraseToken], top_n: int = 10) -> list[str]:
    """The ``top_n`` best keyphrases of a tokenised text, best first."""
    counts: Counter[tuple[str, ...]] = Counter()
    surfaces: defaultdict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    inside_sentence: defaultdict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    for key, surface, sentence_start in _candidates(tokens):
        counts[key] += 1
        surfaces[key][surface] += 1
        if not sentence_start:
            inside_sentence[key][surface] += 1
    ranked = sorted(counts, key=lambda key: (-counts[key] * _specificity(key), key))
    chosen: list[tuple[str, ...]] = []
    for key in ranked:
        if len(chosen) >= top_n:
            break
        if not _overlaps(key, chosen):
            chosen.append(key)
    return [_display(surfaces[key], inside_sentence[key]) for key in chosen]
