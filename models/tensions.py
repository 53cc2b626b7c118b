"""Conflicting interests: tensions a text names itself (``stated``) and positions that diverge between
documents of different parties (``between``).

- **stated**: a sentence with a cue phrase from ``rodedraad/data/tension_cues.txt`` ("spanning tussen",
  "tegengestelde belangen", "ten koste van", "enerzijds … anderzijds", "wantrouwen", financier … uitvoerder).
  Parties are the organisations named in the sentence or its neighbours (resolved as for commitments:
  "partijen" → the covenant's organisations, "wij" → the document's organisation) plus role nouns
  ("financier", "aanbieders") from ``tension_roles.txt``; the issue is the words after the cue.
  Consecutive cue sentences of one passage make one tension.
- **between**: position sentences (commitments, and sentences with a stance word such as "wil",
  "verwacht", "vragen … om") of documents with different owners, on the same matter (same theme when
  the themes tables exist, else passage vectors with cosine ≥ ``similarity``; and at least two shared
  content lemmas), that oppose each other: one negated and the other not, opposite words
  (``tension_opposites.txt``: aanbesteding ↔ subsidie), or different deadlines for the same matter.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from models.commitments import DocumentContext, FoundCommitment, analyse_sentence, parties_in_sentence
from models.nlp import DutchNLP, Token
from rodedraad.dutch import load_word_list
from rodedraad.records import CitedPassage, Document, Passage, Tension, sha256_text

_ROLES = load_word_list("tension_roles")
_STANCES = load_word_list("tension_stances")
_NEGATIONS = frozenset({"niet", "geen", "nooit", "niets"})
_MAX_ISSUE_WORDS = 14
_MIN_SHARED_LEMMAS = 2
DEFAULT_SIMILARITY = 0.86


def _cue_pattern(cue: str) -> str:
    parts = [re.escape(part.strip()).replace(r"\ ", r"\s+").replace(r"\*", r"\w*") for part in cue.split("…")]
    return r"(?<![\w-])" + r"(?![\w-]).{0,200}?(?<![\w-])".join(parts) + r"(?![\w-])"


_CUES = re.compile(
    "|".join(f"(?:{_cue_pattern(cue)})" for cue in sorted(load_word_list("tension_cues"), key=len, reverse=True)),
    re.IGNORECASE | re.DOTALL,
)


def _opposites() -> list[tuple[str, str]]:
    pairs = []
    for line in load_word_list("tension_opposites"):
        first, _, second = line.partition(" ")
        pairs.append((first.strip(), second.strip()))
    return pairs


_OPPOSITES = _opposites()


@dataclass(frozen=True)
class StatedTension:
    """A stated tension with where it sits (document, passage, sentence offsets)."""

    tension: Tension
    explanation: str
    doc_id: str


def tension_id(kind: str, key: str) -> str:
    return f"t-{kind[0]}-" + sha256_text(key)[:14]


def _issue(sentence: str, match: re.Match[str]) -> str:
    """The words after the cue ("spanning tussen X en Y" → "X en Y"); the clause when the cue ends it."""
    after = sentence[match.end():].strip(" ,.:;")
    words = after.split()
    if len(words) < 3:
        words = sentence.strip().split()
        return " ".join(words[:_MAX_ISSUE_WORDS]).strip(" ,.;:")
    phrase = f"{match.group().strip()} {' '.join(words[:_MAX_ISSUE_WORDS])}"
    phrase = re.sub(r"^(?:een|de|het)\s+", "", phrase.strip(), flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", phrase).strip(" ,.;:")


_PRONOUNS = frozenset({"we", "wij", "ons", "onze", "ik", "zij", "ze", "partijen"})


def clean_parties(parties: Sequence[str]) -> list[str]:
    """Unique parties without unresolved pronouns, and without a bare role when a named one is there."""
    named = [p for p in dict.fromkeys(parties) if p and p.lower() not in _PRONOUNS]
    lowered = " | ".join(p.lower() for p in named if " " in p)
    return [p for p in named if " " in p or p[:1].isupper() or p.lower() not in lowered]


def _roles(tokens: Sequence[Token]) -> list[str]:
    return list(dict.fromkeys(t.text.lower() for t in tokens if t.text.lower() in _ROLES or t.lemma.lower() in _ROLES))


def extract_stated_tensions(
    document: Document, passages: Sequence[Passage], nlp: DutchNLP, context: DocumentContext | None = None
) -> list[StatedTension]:
    """Tensions the document names itself, one per run of cue sentences in a passage, with parties."""
    context = context or DocumentContext.of(document, nlp)
    found: list[StatedTension] = []
    for passage in passages:
        spans = nlp.sentences(passage.text)
        sentences = [passage.text[start:end] for start, end in spans]
        hits: list[tuple[int, re.Match[str]]] = []
        for index, sentence in enumerate(sentences):
            match = _CUES.search(sentence)
            if match is not None:
                hits.append((index, match))
        if not hits:
            continue
        token_lists = list(nlp.tokens_many(sentences))
        groups: list[list[tuple[int, re.Match[str]]]] = []
        for index, match in hits:
            if groups and index - groups[-1][-1][0] <= 1:
                groups[-1].append((index, match))
            else:
                groups.append([(index, match)])
        for group in groups:
            first, last = group[0][0], group[-1][0]
            window = range(max(0, first - 1), min(len(sentences), last + 2))
            parties: list[str] = []
            for index in [i for i, _ in group] + [i for i in window if i < first or i > last]:
                parties.extend(parties_in_sentence(token_lists[index], context))
            for index, _ in group:
                parties.extend(_roles(token_lists[index]))
            parties = clean_parties(parties)
            start, end = spans[first][0], spans[last][1]
            text = re.sub(r"\s+", " ", passage.text[start:end]).strip()
            index, match = group[0]
            issue = _issue(sentences[index], match)
            cue = re.sub(r"\s+", " ", match.group().strip().lower())
            record = Tension(
                id=tension_id("stated", f"{passage.id}:{start}"), kind="stated", parties=tuple(parties),
                issue=issue, passages=(CitedPassage(passage_id=passage.id, doc_id=document.id, text=text),),
            )
            found.append(StatedTension(record, f"De tekst benoemt een tegenstelling ({cue!r}).", document.id))
    return found


# --- between documents --------------------------------------------------------------------------


@dataclass(frozen=True)
class Position:
    """A sentence in which a party takes a position: a commitment or a stance ("wil", "verwacht")."""

    doc_id: str
    passage_id: str
    source: str
    owner: str
    sentence: str
    actors: tuple[str, ...]
    negated: bool
    deadline: str | None
    lemmas: frozenset[str]
    is_commitment: bool = False


def _same_party(first: str, second: str) -> bool:
    """ "gemeente" and "gemeente Lindeveen" are the same speaker."""
    a, b = first.lower(), second.lower()
    return a == b or a in b or b in a


def _content_lemmas(tokens: Sequence[Token]) -> frozenset[str]:
    return frozenset(
        t.lemma.lower() for t in tokens if t.is_alpha and not t.is_stop and len(t.text) > 3 and not t.text[:1].isupper()
    )


def positions_of(
    document: Document, passages: Sequence[Passage], nlp: DutchNLP, commitments: Sequence[FoundCommitment],
    context: DocumentContext | None = None,
) -> list[Position]:
    """The position sentences of a document: its commitments plus sentences with a stance word."""
    context = context or DocumentContext.of(document, nlp)
    owner = context.owner or document.source
    by_sentence = {(c.commitment.passage_id, c.start): c for c in commitments}
    positions: list[Position] = []
    for passage in passages:
        spans = nlp.sentences(passage.text)
        sentences = [passage.text[start:end] for start, end in spans]
        for (start, _), sentence, tokens in zip(spans, sentences, nlp.tokens_many(sentences), strict=True):
            words = [t.text.lower() for t in tokens]
            commitment = by_sentence.get((passage.id, start))
            if commitment is None and not (_STANCES & set(words)):
                continue
            if sentence.rstrip(" ”’\"'").endswith("?"):
                continue
            if commitment is not None:
                actors, negated, deadline = (
                    commitment.commitment.actors, commitment.negated, commitment.commitment.deadline
                )
            else:
                verdict = analyse_sentence(sentence, tokens, context)
                actors = tuple(clean_parties(parties_in_sentence(tokens, context))) or (owner,)
                negated = bool(_NEGATIONS & set(_main_clause_words(words)))
                deadline = verdict.deadline.value if verdict.deadline else None
            positions.append(Position(
                doc_id=document.id, passage_id=passage.id, source=document.source, owner=owner,
                sentence=re.sub(r"\s+", " ", sentence).strip(), actors=tuple(actors), negated=negated,
                deadline=deadline, lemmas=_content_lemmas(tokens), is_commitment=commitment is not None,
            ))
    return positions


_CLAUSE_BREAKS = frozenset({",", ";", ":", "omdat", "zodat", "maar", "want", "die", "dat", "als", "wanneer"})
# Share of the shorter sentence's content (idf-weighted lemmas) that the two positions must have in common.
_MIN_SHARED_WEIGHT = 0.3
# Different deadlines only count as a divergence when the two sentences clearly share their matter.
_DEADLINE_WEIGHT = 0.5


def _main_clause_words(words: Sequence[str]) -> list[str]:
    for position, word in enumerate(words):
        if position and word in _CLAUSE_BREAKS:
            return list(words[:position])
    return list(words)


def _opposition(first: Position, second: Position, matter: str, weight: float) -> str | None:
    """Why two positions on the same matter diverge, as one line; None when they do not."""
    if first.negated != second.negated:
        yes, no = (first, second) if not first.negated else (second, first)
        if not no.is_commitment:  # a refusal counts when it is a commitment ("zal geen …", "bouwen wij geen")
            return None
        return f"Over {matter}: {yes.owner} neemt een positief standpunt in, {no.owner} een ontkennend (niet/geen)."
    for left, right in _OPPOSITES:
        if (left in first.lemmas and right in second.lemmas) or (right in first.lemmas and left in second.lemmas):
            a_word, b_word = (left, right) if left in first.lemmas else (right, left)
            return f"Over {matter}: {first.owner} kiest voor {a_word}, {second.owner} voor {b_word}."
    if weight >= _DEADLINE_WEIGHT and first.deadline and second.deadline and first.deadline[:4] != second.deadline[:4]:
        return f"Over {matter}: {first.owner} noemt {first.deadline}, {second.owner} {second.deadline}."
    return None


def find_between_tensions(
    positions: Sequence[Position],
    *,
    themes_of: Mapping[str, frozenset[str]] | None = None,
    vectors: Mapping[str, np.ndarray] | None = None,
    similarity: float = DEFAULT_SIMILARITY,
) -> list[tuple[Tension, str]]:
    """Pairs of positions from different parties that diverge on the same matter, with the explanation.

    ``themes_of`` maps passage id → theme ids (from the themes tables); without it, ``vectors`` maps
    passage id → normalised passage vector and passages count as the same matter above ``similarity``.
    """
    document_frequency = Counter(lemma for position in positions for lemma in position.lemmas)
    idf = {lemma: math.log(1 + len(positions) / count) for lemma, count in document_frequency.items()}
    mass = {id(position): sum(idf[lemma] for lemma in position.lemmas) for position in positions}
    best: dict[tuple[str, str], tuple[float, Tension, str]] = {}
    for first, second in itertools.combinations(positions, 2):
        if not (first.is_commitment or second.is_commitment):
            continue
        if first.doc_id == second.doc_id or first.source == second.source or _same_party(first.owner, second.owner):
            continue
        if set(first.actors) & set(second.actors):
            continue
        shared_lemmas = first.lemmas & second.lemmas
        if len(shared_lemmas) < _MIN_SHARED_LEMMAS:
            continue
        shorter = min(mass[id(first)], mass[id(second)]) or 1.0
        weight = sum(idf.get(lemma, 0.0) for lemma in shared_lemmas) / shorter
        if weight < _MIN_SHARED_WEIGHT:
            continue
        if themes_of is not None:
            if not (themes_of.get(first.passage_id, frozenset()) & themes_of.get(second.passage_id, frozenset())):
                continue
        elif vectors is not None:
            a, b = vectors.get(first.passage_id), vectors.get(second.passage_id)
            if a is None or b is None or float(np.dot(a, b)) < similarity:
                continue
        matter = ", ".join(sorted(shared_lemmas, key=lambda lemma: -idf.get(lemma, 0.0))[:3])
        explanation = _opposition(first, second, matter, weight)
        if explanation is None:
            continue
        key = "|".join(sorted((f"{first.passage_id}:{first.sentence}", f"{second.passage_id}:{second.sentence}")))
        parties = tuple(dict.fromkeys((*first.actors, *second.actors)))
        issue = matter
        tension = Tension(
            id=tension_id("between", key), kind="between", parties=parties, issue=issue,
            passages=(
                CitedPassage(passage_id=first.passage_id, doc_id=first.doc_id, text=first.sentence),
                CitedPassage(passage_id=second.passage_id, doc_id=second.doc_id, text=second.sentence),
            ),
        )
        pair = (min(first.doc_id, second.doc_id), max(first.doc_id, second.doc_id))
        if pair not in best or best[pair][0] < weight:  # one tension per pair of documents: the strongest
            best[pair] = (weight, tension, explanation)
    return [(tension, explanation) for _, tension, explanation in best.values()]


def extract_tensions(
    document: Document, passages: Sequence[Passage], nlp: DutchNLP, context: DocumentContext | None = None
) -> list[StatedTension]:
    """The entry for one document: its stated tensions (``between`` needs the corpus: find_between_tensions)."""
    return extract_stated_tensions(document, passages, nlp, context)
