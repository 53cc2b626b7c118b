"""The Dutch NLP layer: sentences, tokens with lemmas, search terms, keyphrases and organisations.

No trained Dutch spaCy pipeline can be installed offline, so the pipeline is ``spacy.blank("nl")`` with
two components of our own:

- ``dutch_sentencizer`` sets ``is_sent_start`` from :func:`rodedraad.dutch.sentence_spans`, so ``Doc.sents``
  and the regex splitter that ingest uses always agree;
- ``dutch_lemmatizer`` fills ``token.lemma_`` through a :class:`Lemmatizer` backend.

The default backend is simplemma (0.946 on UD Alpino, DESIGN.md) plus a compound-head rule for the
open class of Dutch compounds simplemma does not know ("prestatieafspraken" → "prestatieafspraak").
Frog (Debian ``frog``, lemmas 0.951 and a dependency parse) would be a second backend behind the same
``Lemmatizer`` protocol, run as one long-lived ``frog -S PORT`` server in its own process (GPL, 1.3–1.9 GB);
it is not implemented here — asking for it raises :class:`ModelUnavailable` rather than pretending.

Everything is built explicitly: ``DutchNLP()`` creates (and caches inside the instance) its spaCy
pipeline; nothing is created at import time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol, cast

import simplemma
import spacy
from simplemma.strategies.dictionaries.dictionary_factory import DefaultDictionaryFactory
from spacy.language import Language
from spacy.symbols import ORTH
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

from models.keyphrases import extract_keyphrases
from models.organisations import find_organisations
from rodedraad.dutch import (
    ABBREVIATIONS,
    FUNCTION_WORDS,
    SEPARABLE_PARTICLES,
    STOP_WORDS,
    WORD_FAMILIES,
    fold_diacritics,
    noun_context,
    sentence_spans,
)
from rodedraad.errors import ModelUnavailable

LEMMA_BACKENDS = ("simplemma",)
_PIPE_BATCH_SIZE = 256
_MIN_COMPOUND_LENGTH = 8
_MIN_COMPOUND_HEAD = 4
_MIN_COMPOUND_MODIFIER = 3
# Prefixes that make verbs ("ver|plichten"), never the first word of a compound.
_VERB_PREFIXES = frozenset({"be", "ge", "er", "her", "ont", "ver", "mis"})
# Endings that look like a head word but derive a new word: "opdrachtgever|schap", "gezond|heid".
_DERIVATIONAL_SUFFIXES = frozenset(
    {"schap", "heid", "heden", "lijk", "lijke", "baar", "bare", "achtig", "loos", "matig"}
)
# Pieces of a term: a term is a run of letters and digits, as SQLite FTS5's unicode61 tokenizer sees it.
_TERM_PIECE = re.compile(r"[^\W_]+")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")


@dataclass(frozen=True)
class Token:
    """One word or punctuation mark with its character span in the text it came from."""

    text: str
    start: int
    end: int
    lemma: str
    is_stop: bool
    is_alpha: bool


class Lemmatizer(Protocol):
    """A lemma backend: one word in, its dictionary form out (casing as the backend gives it)."""

    def lemma(self, word: str) -> str: ...


class SimplemmaLemmatizer:
    """simplemma's Dutch dictionary plus a head rule for compounds it does not know.

    Dutch compounds are head-final, so an unknown ``prestatieafspraken`` is lemmatised as
    ``prestatie`` + lemma(``afspraken``). simplemma writes separable verbs with an underscore
    (``af_spreken``); the underscore is dropped (``afspreken``). Results are cached per instance.
    """

    def __init__(self, cache_size: int = 500_000) -> None:
        dictionary = DefaultDictionaryFactory().get_dictionary("nl")
        self._forms = dictionary
        self._lemma_forms: frozenset[str] = frozenset(dictionary.values())
        self._plain_lemma_forms = frozenset(value.replace("_", "").lower() for value in self._lemma_forms)
        self.lemma = lru_cache(maxsize=cache_size)(self._lemma)  # type: ignore[method-assign]
        self.ambiguous_plural = lru_cache(maxsize=cache_size)(self._ambiguous_plural)  # type: ignore[method-assign]
        self.compound_parts = lru_cache(maxsize=cache_size)(self._compound_parts)  # type: ignore[method-assign]

    def is_known(self, word: str) -> bool:
        return word in self._forms or word in self._lemma_forms

    def lemma(self, word: str) -> str:  # replaced by the cached version in __init__
        return self._lemma(word)

    def compound_parts(self, word: str) -> tuple[str, str] | None:  # replaced in __init__
        return self._compound_parts(word)

    def ambiguous_plural(self, word: str) -> str | None:  # replaced by the cached version in __init__
        return self._ambiguous_plural(word)

    def _ambiguous_plural(self, word: str) -> str | None:
        """The noun lemma of a lowercase -en form that is also a verb, else None.

        simplemma maps such a form to one reading only, usually the noun: "gelden" (to apply) → "geld"
        (money), "tonen" (to show) → "toon". A form counts as a verb when the dictionary has it as the
        lemma of other forms ("geldt", "gold" → "gelden"); the caller decides by context which reading
        a token has (``DutchLemmatizerComponent``).
        """
        if not word.endswith("en") or len(word) < 5 or word not in self._forms:
            return None
        noun = self._forms[word].replace("_", "").lower()
        if noun == word or noun.endswith("en") or word not in self._plain_lemma_forms:
            return None  # not ambiguous, or a participle read as its verb ("afgesproken" → "afspreken")
        return noun

    def _lemma(self, word: str) -> str:
        if not word or not word[0].isalpha():
            return word
        lemma = simplemma.lemmatize(word, lang="nl").replace("_", "")
        if lemma != word or self.is_known(word.lower()):
            return lemma
        folded = fold_diacritics(word)
        if folded != word:  # "geïnvesteerd": simplemma knows neither form, the participle rule below may
            word_lemma = self._lemma(folded)
            if word_lemma != folded:
                return word_lemma
        participle = self._participle_verb(word.lower())
        if participle:
            return participle
        if len(word) >= _MIN_COMPOUND_LENGTH and word.isalpha():
            split = self._split_head(word.lower())
            if split is not None:
                modifier, head = split
                head_lemma = simplemma.lemmatize(head, lang="nl").replace("_", "")
                if head_lemma.lower() != head and head_lemma[:2].lower() == head[:2]:
                    return word[: len(modifier)] + head_lemma.lower()
        return lemma

    def _participle_verb(self, word: str) -> str:
        """The infinitive of an unknown past participle: "geïnvesteerd" → "investeren", or ""."""
        folded = fold_diacritics(word)
        if folded.endswith(("de", "te")):  # used as adjective: "gedeelde ambitie"
            folded = folded[:-1]
        if not (folded.startswith("ge") and folded[-1:] in ("d", "t") and len(folded) >= 7):
            return ""
        stem = folded[2:-1]
        # "investeer" → "invester": a long vowel is written single before the -en ending
        if len(stem) >= 3 and stem[-3] == stem[-2] and stem[-2] in "aeou" and stem[-1] not in "aeiou":
            stem = stem[:-3] + stem[-2] + stem[-1]
        verb = stem + "en"
        return verb if verb in self._lemma_forms else ""

    def _split_head(self, word: str) -> tuple[str, str] | None:
        """Split a lowercase compound into (modifier, longest known head), or None."""
        for cut in range(_MIN_COMPOUND_MODIFIER, len(word) - _MIN_COMPOUND_HEAD + 1):
            head = word[cut:]
            if any(suffix.endswith(head) for suffix in _DERIVATIONAL_SUFFIXES) or not self.is_known(head):
                continue
            modifier = word[:cut]
            if modifier in SEPARABLE_PARTICLES or modifier in FUNCTION_WORDS or modifier in _VERB_PREFIXES:
                continue  # "uit|voering" is a nominalised verb, not a compound
            if self._is_modifier(modifier):
                return modifier, head
        return None

    def _is_modifier(self, modifier: str) -> bool:
        """A known word, a word with a linking s ("welzijns"), or two known words ("jeugdhulp")."""
        if self.is_known(modifier) or (modifier.endswith("s") and len(modifier) > _MIN_COMPOUND_HEAD):
            return True
        for cut in range(_MIN_COMPOUND_MODIFIER, len(modifier) - _MIN_COMPOUND_MODIFIER + 1):
            if self.is_known(modifier[:cut]) and self.is_known(modifier[cut:]):
                return True
        return False

    def _dictionary_form(self, word: str) -> str:
        return word if word in self._lemma_forms else self.lemma(word).lower()

    def _compound_parts(self, word: str) -> tuple[str, str] | None:
        """(modifier lemma, head lemma) of a lowercase compound: "welzijnsbudgetten" → (welzijn, budget)."""
        if len(word) < _MIN_COMPOUND_LENGTH or not word.isalpha() or self.is_known(word):
            return None
        split = self._split_head(word)
        if split is None:
            return None
        modifier, head = split
        if modifier.endswith("s") and not self.is_known(modifier):
            modifier = modifier[:-1]  # the linking s of "welzijns|budget"
        elif modifier.endswith("s") and self.is_known(modifier[:-1]) and len(modifier) > _MIN_COMPOUND_HEAD:
            modifier = modifier[:-1]
        return self._dictionary_form(modifier), self._dictionary_form(head)


def create_lemmatizer(backend: str = "simplemma") -> Lemmatizer:
    """The lemma backend by name; only ``simplemma`` exists (see the module note on Frog)."""
    if backend == "simplemma":
        return SimplemmaLemmatizer()
    raise ModelUnavailable(f"Lemma backend {backend!r} is not available; choose one of {LEMMA_BACKENDS}.")


# --- spaCy components ---------------------------------------------------------------------------


@Language.component("dutch_sentencizer")
def dutch_sentencizer(doc: Doc) -> Doc:
    """Mark sentence starts from the shared regex splitter (rodedraad.dutch.sentence_spans)."""
    starts = sorted(start for start, _ in sentence_spans(doc.text))
    position = 0
    for token in doc:
        token_end = token.idx + len(token.text)
        while position < len(starts) and starts[position] < token.idx:
            position += 1
        opens = position < len(starts) and starts[position] < max(token_end, token.idx + 1)
        token.is_sent_start = token.i == 0 or opens
    return doc


class DutchLemmatizerComponent:
    """spaCy component that sets ``token.lemma_`` from a :class:`Lemmatizer` backend.

    A form that is both a verb and a noun plural ("gelden", "kosten", "tonen") gets the noun lemma only
    in noun context (:func:`noun_context`), otherwise it keeps its verb form, so "deze regels gelden"
    never becomes "geld".
    """

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        self.lemmatizer = lemmatizer

    def __call__(self, doc: Doc) -> Doc:
        lemma = self.lemmatizer.lemma
        ambiguous = getattr(self.lemmatizer, "ambiguous_plural", None)
        previous: str | None = None
        for token in doc:
            if token.is_space:
                continue
            value = lemma(token.text)
            if ambiguous is not None and token.is_alpha:
                lowered = token.text.lower()
                if ambiguous(lowered) is not None and not noun_context(previous):
                    value = lowered
            token.lemma_ = value
            previous = token.text
        return doc


@Language.factory("dutch_lemmatizer", default_config={"backend": "simplemma"})
def make_dutch_lemmatizer(nlp: Language, name: str, backend: str) -> DutchLemmatizerComponent:
    return DutchLemmatizerComponent(create_lemmatizer(backend))


@Language.component("dutch_apostrophe_repair")
def dutch_apostrophe_repair(doc: Doc) -> Doc:
    """Glue a plural "’s" back onto its word: spaCy splits "beleidsnota’s" but keeps "beleidsnota's"."""
    merges = [
        doc[token.i - 1 : token.i + 1]
        for token in doc
        if token.text in {"’s", "‘s"} and token.i > 0 and not doc[token.i - 1].whitespace_
        and doc[token.i - 1].is_alpha
    ]
    if merges:
        with doc.retokenize() as retokenizer:
            for span in merges:
                retokenizer.merge(span)
    return doc


def build_pipeline(lemma_backend: str = "simplemma") -> Language:
    """``spacy.blank("nl")`` with Dutch abbreviations as single tokens and our three components."""
    nlp = spacy.blank("nl")
    tokenizer = cast(Tokenizer, nlp.tokenizer)
    for abbreviation in ABBREVIATIONS:
        for form in {abbreviation, abbreviation[:1].upper() + abbreviation[1:]}:
            tokenizer.add_special_case(f"{form}.", [{ORTH: f"{form}."}])
    nlp.add_pipe("dutch_apostrophe_repair")
    nlp.add_pipe("dutch_sentencizer")
    nlp.add_pipe("dutch_lemmatizer", config={"backend": lemma_backend})
    return nlp


# --- the public layer ---------------------------------------------------------------------------


def _is_stop(word: str, lemma: str) -> bool:
    lowered = word.lower()
    return lowered in STOP_WORDS or lowered.rstrip(".") in STOP_WORDS or lemma.lower() in STOP_WORDS


def _term_pieces(token_text: str, lemma: str) -> list[tuple[str, int, int]]:
    """Normalised pieces of one token with offsets relative to the token.

    Numbers keep their digits ("1.250.000" → "1250000", "2,5" → "2", "5" as FTS5 would split them);
    words are lowercased, diacritics folded, and split where FTS5 would split ("Wmo-voorziening").
    """
    if _NUMBER.fullmatch(token_text) and _THOUSANDS.fullmatch(token_text):
        return [(token_text.replace(".", ""), 0, len(token_text))]
    pieces = list(_TERM_PIECE.finditer(token_text))
    if len(pieces) == 1 and pieces[0].group() == token_text:
        return [(fold_diacritics(lemma.lower()), 0, len(token_text))]
    # a token with inner punctuation: lemmatise the last piece through the token's lemma when it fits
    result = []
    lemma_pieces = _TERM_PIECE.findall(lemma)
    for index, piece in enumerate(pieces):
        word = piece.group()
        if index == len(pieces) - 1 and len(lemma_pieces) == len(pieces):
            word = lemma_pieces[-1]
        result.append((fold_diacritics(word.lower()), piece.start(), piece.end()))
    return result


class DutchNLP:
    """Dutch text analysis for search and analyses; build one per process and reuse it (~2.5 s to build).

    Search terms are meant to be OR-ed and ranked by BM25 (as ``Store.lexical_search`` does); a token may
    give more than one term:

    - ``word_families``: a noun also gives its verb ("afspraken" → afspraak, afspreken), from
      ``rodedraad/data/word_families.txt`` and the rule noun-in-ing → verb ("samenwerking" → samenwerken),
      so "afspraken"/"afgesproken"/"afspreken" meet;
    - ``compound_parts``: a compound that simplemma does not know also gives its modifier and head
      ("welzijnsbudget" → welzijnsbudget, welzijn, budget) so it meets "budget voor welzijn".

    Decision, measured with eval/eval_nlp.py (BM25 on 32 paraphrased queries over 214 seed paragraphs, and
    31 word-form pairs that should meet): splitting *every* compound hurt (MRR@10 0.72 vs 0.83 for plain
    lemmas: "maatschappelijk" → maat + schappelijk floods results), so only unknown compounds are split;
    with that, families + compounds are a wash on MRR (0.80 vs 0.83, one or two ranks on a tiny set) and
    best on recall@5 (0.90), while 94% of related forms meet (lemmas alone: 74%). Snowball stems
    (MRR 0.81) were no better than lemmas and cannot join "afspraak"/"afspreken", so they are not used.
    """

    def __init__(
        self, lemma_backend: str = "simplemma", compound_parts: bool = True, word_families: bool = True
    ) -> None:
        self._nlp = build_pipeline(lemma_backend)
        component = cast(DutchLemmatizerComponent, self._nlp.get_pipe("dutch_lemmatizer"))
        lemmatizer = component.lemmatizer
        # compound parts and word families need a dictionary; only the simplemma backend has one
        self._dictionary = lemmatizer if isinstance(lemmatizer, SimplemmaLemmatizer) else None
        self._compound_parts = compound_parts and self._dictionary is not None
        self._word_families = word_families and self._dictionary is not None
        self._family_cache: dict[str, str] = {}

    def _family_verb(self, term: str) -> str:
        """The verb of a noun's word family ("afspraak" → "afspreken", "samenwerking" → "samenwerken")."""
        cached = self._family_cache.get(term)
        if cached is not None:
            return cached
        verb = WORD_FAMILIES.get(term)
        if verb is None:
            verb = ""
            lemmatizer = self._dictionary
            if lemmatizer is not None and term.endswith("ing") and len(term) >= 7:
                stem = term[:-3]
                for candidate in (stem + "en", stem):
                    if candidate.endswith("en") and lemmatizer.is_known(candidate) and (
                        lemmatizer.lemma(candidate) == candidate
                    ):
                        verb = candidate
                        break
        self._family_cache[term] = verb
        return verb

    @property
    def pipeline(self) -> Language:
        """The spaCy pipeline (for callers that want ``Doc.sents`` or token attributes)."""
        return self._nlp

    def sentences(self, text: str) -> list[tuple[int, int]]:
        """Sentence (start, end) offsets; the regex splitter, no spaCy run needed."""
        return sentence_spans(text)

    def _docs(self, texts: Iterable[str]) -> Iterator[Doc]:
        return self._nlp.pipe(texts, batch_size=_PIPE_BATCH_SIZE, disable=["dutch_sentencizer"])

    @staticmethod
    def _tokens_of(doc: Doc) -> list[Token]:
        return [
            Token(
                text=token.text,
                start=token.idx,
                end=token.idx + len(token.text),
                lemma=token.lemma_,
                is_stop=_is_stop(token.text, token.lemma_),
                is_alpha=token.is_alpha,
            )
            for token in doc
            if not token.is_space
        ]

    def tokens(self, text: str) -> list[Token]:
        """Words and punctuation with lemma, stop-word flag and character offsets."""
        return self._tokens_of(next(self._docs([text])))

    def tokens_many(self, texts: Iterable[str]) -> Iterator[list[Token]]:
        """``tokens`` for many texts, batched through ``nlp.pipe`` (use this for whole corpora)."""
        for doc in self._docs(texts):
            yield self._tokens_of(doc)

    def _spans_of(self, doc: Doc) -> list[tuple[str, int, int]]:
        spans: list[tuple[str, int, int]] = []
        for token in doc:
            token_terms: set[str] = set()
            if token.is_space or token.is_punct or _is_stop(token.text, token.lemma_):
                continue
            for term, start, end in _term_pieces(token.text, token.lemma_):
                if not term or (len(term) == 1 and not term.isdigit()) or term in STOP_WORDS:
                    continue
                related = [term]
                if self._word_families and term.isalpha():
                    related.append(self._family_verb(term))
                    if self._dictionary is not None:
                        lowered = fold_diacritics(token.text.lower())
                        if lowered != term and self._dictionary.ambiguous_plural(lowered) is not None:
                            related.append(lowered)  # "de kosten" also meets the verb form "kosten"
                if self._compound_parts and self._dictionary is not None and term.isalpha():
                    parts = self._dictionary.compound_parts(term)
                    related.extend(fold_diacritics(part) for part in parts or ())
                for related_term in related:
                    if related_term and related_term not in token_terms and related_term not in STOP_WORDS:
                        token_terms.add(related_term)
                        spans.append((related_term, token.idx + start, token.idx + end))
        return spans

    def term_spans(self, text: str) -> list[tuple[str, int, int]]:
        """Each search term with the (start, end) of the word it came from, for highlighting."""
        return self._spans_of(next(self._docs([text])))

    def index_terms(self, text: str) -> list[str]:
        """Normalised terms for the lexical index; the same function serves documents and queries.

        Lowercase lemma, diacritics folded, stop words and punctuation dropped, numbers kept, and
        (when enabled) compound parts added, so "afgesproken"/"afspreken" meet, and "welzijnsbudget"
        meets "budget voor welzijn". Terms are runs of letters/digits, safe for FTS5's tokenizer.
        """
        return [term for term, _, _ in self.term_spans(text)]

    def index_terms_many(self, texts: Iterable[str]) -> Iterator[list[str]]:
        """``index_terms`` for many texts, batched through ``nlp.pipe``."""
        for doc in self._docs(texts):
            yield [term for term, _, _ in self._spans_of(doc)]

    def keyphrases(self, text: str, top_n: int = 10) -> list[str]:
        """Noun-phrase-like keyphrases of a text, best first (see models/keyphrases.py)."""
        return extract_keyphrases(self.tokens(text), top_n=top_n)

    def organisations(self, text: str) -> list[str]:
        """Organisations a text names, normalised ("de gemeente Amsterdam" → "gemeente Amsterdam")."""
        return find_organisations(text)


__all__ = [
    "LEMMA_BACKENDS",
    "DutchLemmatizerComponent",
    "DutchNLP",
    "Lemmatizer",
    "SimplemmaLemmatizer",
    "Token",
    "build_pipeline",
    "create_lemmatizer",
]
