"""Conflicting interests: tensions a text names itself (``stated``) and positions that diverge between
documents of different parties (``between``).

- **stated**: a sentence with a cue phrase from ``rodedraad/data/tension_cues.txt`` ("spanning tussen",
  "tegengestelde belangen", "ten koste van", "enerzijds … anderzijds", "wantrouwen", financier … uitvoerder).
  Parties are the organisations named in the sentence or its neighbours (resolved as for commitments:
  "partijen" → the covenant's organisations, "wij" → the document's organisation) plus role nouns
  ("financier", "aanbieders") from ``tension_roles.txt``; the issue is the words after the cue.
  Consecutive cue sentences of one passage make one tension.
- **between**: positions of documents of different parties that diverge on the same matter; the positions
  are found per document by models/positions.py and compared across documents by models/divergence.py
  (re-exported here: ``positions_of``, ``Position``, ``find_between_tensions``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from models.commitments import DocumentContext, parties_in_sentence
from models.divergence import DEFAULT_SIMILARITY, find_between_tensions, tension_id
from models.nlp import DutchNLP, Token
from models.positions import Position, is_statement, positions_of
from rodedraad.dutch import load_word_list
from rodedraad.records import CitedPassage, Document, Passage, Tension

__all__ = [
    "DEFAULT_SIMILARITY",
    "Position",
    "StatedTension",
    "clean_parties",
    "extract_rule_tensions",
    "extract_stated_tensions",
    "extract_tensions",
    "find_between_tensions",
    "positions_of",
    "tension_cue",
    "tension_id",
]

_ROLES = load_word_list("tension_roles")
_MAX_ISSUE_WORDS = 14


def _cue_pattern(cue: str) -> str:
    parts = [re.escape(part.strip()).replace(r"\ ", r"\s+").replace(r"\*", r"\w*") for part in cue.split("…")]
    return r"(?<![\w-])" + r"(?![\w-]).{0,200}?(?<![\w-])".join(parts) + r"(?![\w-])"


_CUES = re.compile(
    "|".join(f"(?:{_cue_pattern(cue)})" for cue in sorted(load_word_list("tension_cues"), key=len, reverse=True)),
    re.IGNORECASE | re.DOTALL,
)


def tension_cue(sentence: str) -> re.Match[str] | None:
    """The first tension cue phrase of a statement ("spanning tussen", "ten koste van"), or None."""
    return _CUES.search(sentence) if is_statement(sentence) else None


@dataclass(frozen=True)
class StatedTension:
    """A stated tension with where it sits (document, passage, sentence offsets)."""

    tension: Tension
    explanation: str
    doc_id: str


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
            if not is_statement(sentence):
                continue  # a heading "Tegengestelde belangen" announces a topic; the sentences under it name it
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


def extract_tensions(
    document: Document, passages: Sequence[Passage], nlp: DutchNLP, context: DocumentContext | None = None
) -> list[StatedTension]:
    """The entry for one document: its stated tensions, one per sentence the learned sentence layer marks
    (models/analyses/); ``between`` needs the corpus: find_between_tensions."""
    from models.analyses.extract import tensions_from  # the layer reads this module's cue phrases
    from models.analyses.sentences import analyse_document

    context = context or DocumentContext.of(document, nlp)
    return tensions_from(document, analyse_document(document, passages, nlp, context), context)


def extract_rule_tensions(
    document: Document, passages: Sequence[Passage], nlp: DutchNLP, context: DocumentContext | None = None
) -> list[StatedTension]:
    """The cue-phrase rules alone (the before numbers of the evaluation)."""
    return extract_stated_tensions(document, passages, nlp, context)
