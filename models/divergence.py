"""``between`` tensions: documents of different parties that take diverging positions on the same matter.

Input are the positions of all documents (models/positions.py). Two positions are compared when they come
from different documents and sources, their speakers differ, and they share their matter: the idf-weighted
share of common terms (lemmas, compound parts, concepts such as ``~financiering``) of the smaller position
reaches a threshold. The threshold is lower when the two passages belong to the same theme (the themes
tables) or, without themes, when their passage vectors are close; it is higher otherwise, so a theme is
evidence, not a gate.

A pair diverges, in order of trust, when:

1. **report**: the author of one document retells what the other party holds and disputes it ("In de
   beleidsnota lees ik dat … Dat getal herken ik niet") — the retold words must match the other position;
2. **refusal**: one party refuses what the other expects, wants or promises of it ("het college verwacht
   150 woningen, door nieuwbouw van Woonstede" against "Vóór 2028 bouwen wij geen …") — the affirming
   position must name the refusing party, unless both are commitments on clearly the same matter;
3. **choice**: opposite choices (``tension_opposites.txt``: aanbesteding against subsidie);
4. **amount**: the same unit with incompatible amounts ("ten minste vijf jaar" against "vier jaar");
5. **deadline**: commitments or plans on clearly the same matter with deadlines in different years.

One tension is kept per pair of documents (the most trusted, then the closest matter). Its explanation is
one Dutch line with both parties and their words ("gemeente Lindeveen: „…“ (eind 2026); Woonstede
Lindeveen: „geen … vóór 2028“").
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from models.positions import Position, Quantity
from rodedraad.dutch import load_word_list
from rodedraad.records import CitedPassage, Tension, sha256_text

MAX_TERM_POSITIONS = 60
DEFAULT_SIMILARITY = 0.86  # passage vectors this close count as the same matter when there are no themes
# Shared matter (idf-weighted share of the smaller position's terms) needed, by evidence from themes/vectors.
_MATTER_SAME_THEME = 0.22
_MATTER_DEFAULT = 0.3
_MATTER_OTHER_THEME = 0.45
# A report must match what it retells more closely; deadlines and refusals between commitments that do not
# name each other need clearly the same matter.
_REPORT_MATTER = 0.3
_CLEARLY_SAME = 0.5
_NAMED_MATTER = 0.1  # a refusal of what the other party expects of it by name needs little shared matter
_SAME_ACTION = 0.5
_TITLE_BONUS = 0.2
_SELF_REFERENCE = re.compile(r"\b(?:dit|deze|het)\s+(?:convenant|afspraken|intentieverklaring|nota|overeenkomst)\b",
                             re.IGNORECASE)
_MIN_SHARED_TERMS = 2
# The procedure of a debate or a document names no matter: two speakers who each "submit a motion" or
# "send a letter" do not hold positions on the same thing.
_PROCEDURAL = frozenset({
    "motie", "moties", "amendement", "debat", "kamer", "voorzitter", "interruptie", "termijn", "brief",
    "vraag", "vragen", "antwoord", "indienen", "overleg", "algemeen", "stuk", "nummer", "lid", "leden",
    "minister", "staatssecretaris", "collega", "punt", "opmerking", "kamerlid", "fractie",
})
_TRUST = {"report": 5, "refusal": 4, "choice": 3, "amount": 2, "deadline": 1}
_AFFIRMING = frozenset({"commitment", "plan", "forecast", "wish", "demand", "possibility"})
_EXPECTING = frozenset({"plan", "forecast", "wish", "demand", "possibility"})  # of another party, by name
_CHOOSING = frozenset({"commitment", "plan", "demand", "possibility", "forecast"})
_MAX_QUOTE_WORDS = 12


@lru_cache(maxsize=1)
def _opposites() -> tuple[tuple[str, str], ...]:
    pairs = []
    for line in load_word_list("tension_opposites"):
        first, _, second = line.partition(" ")
        pairs.append((first.strip(), second.strip()))
    return tuple(pairs)


@dataclass(frozen=True)
class _Divergence:
    kind: str
    explanation: str
    weight: float


def tension_id(kind: str, key: str) -> str:
    return f"t-{kind[0]}-" + sha256_text(key)[:14]


def same_party(first: str, second: str) -> bool:
    """ "gemeente" and "gemeente Lindeveen" are the same speaker; "Woonstede" and "Woonstede Lindeveen" too."""
    a, b = set(first.lower().split()), set(second.lower().split())
    return bool(a and b) and (a <= b or b <= a)


def _names(position: Position, party: str) -> bool:
    """Whether a position names ``party`` as another party that should act ("de zorgverzekeraar" names
    Zorgverzekeraar Eemstroom; "Woonstede" names Woonstede Lindeveen); its own actors do not count."""
    party_words = set(party.lower().split())
    for named in position.targets:
        lowered = named.lower()
        if same_party(lowered, party) or (" " not in lowered and (lowered in party_words or lowered.rstrip("s") in
                                                                   party_words)):
            return True
    return False


def _quote(text: str) -> str:
    words = text.split()
    short = " ".join(words[:_MAX_QUOTE_WORDS]) + (" …" if len(words) > _MAX_QUOTE_WORDS else "")
    return f"„{short}“"


def _side(position: Position, with_deadline: bool = True) -> str:
    deadline = ""
    if with_deadline and position.deadline_text and position.deadline_text.lower() not in position.claim.lower():
        deadline = f" ({position.deadline_text})"
    speaker = position.owner
    if position.is_commitment and len(position.actors) > 1:
        names = list(position.actors)
        speaker = (", ".join(names[:-1]) + " en " + names[-1]) if len(names) <= 3 else f"partijen ({len(names)})"
    return f"{speaker}: {_quote(position.claim)}{deadline}"


Words = tuple[frozenset[str], ...]


@dataclass(frozen=True)
class _Shared:
    """What two positions have in common: the weight of the shared matter (share of the smaller side; ``least``
    is the share of the larger side), the number of shared words and the shared terms."""

    weight: float
    words: int
    terms: frozenset[str]
    least: float = 0.0


class _Matter:
    """Idf weights over the positions' terms, and the shared matter of two positions' words.

    A word counts once however many terms it has ("zorggeschikte": zorggeschikt, zorg, geschikt), with the
    idf of its rarest term; the weight is the share of the smaller side's word mass that the other side
    shares (so a short position fully contained in a long one weighs 1)."""

    def __init__(self, positions: Sequence[Position]) -> None:
        frequency = Counter(term for position in positions for term in position.lemmas | position.reported)
        total = max(1, len(positions))
        self.idf = {term: math.log(1 + total / count) for term, count in frequency.items()}

    def _word_weight(self, word: frozenset[str]) -> float:
        if word & _PROCEDURAL:
            return 0.0
        return max((self.idf.get(term, 0.0) for term in word), default=0.0)

    def shared(self, first: Words, second: Words) -> _Shared:
        first = tuple(word for word in first if not word & _PROCEDURAL)
        second = tuple(word for word in second if not word & _PROCEDURAL)
        first_terms = frozenset().union(*first)
        second_terms = frozenset().union(*second)
        terms = first_terms & second_terms
        if not terms:
            return _Shared(0.0, 0, terms, 0.0)
        coverages = []
        counts = []
        for words, other in ((first, second_terms), (second, first_terms)):
            mass = sum(self._word_weight(word) for word in words) or 1.0
            matched = [word for word in words if word & other]
            coverages.append(sum(self._word_weight(word) for word in matched) / mass)
            counts.append(len(matched))
        return _Shared(max(coverages), min(counts), terms, min(coverages))

    def label(self, shared: _Shared, words: Words) -> str:
        """The shared matter in at most three words, rarest first: each shared word by its own lemma
        ("dagbesteding", not its part "besteding")."""
        scored: list[tuple[float, str]] = []
        for word in words:
            if not word & shared.terms:
                continue
            plain = [term for term in word if not term.startswith("~")]
            name = max(plain, key=len) if plain else min(word)
            is_year = name.startswith("jaar:")  # a shared year says when, not what: it comes last
            scored.append((float(is_year) - self._word_weight(word), name.lstrip("~").removeprefix("jaar:")))
        labels: list[str] = []
        for _, name in sorted(scored):
            if name not in labels:
                labels.append(name)
        return ", ".join(labels[:3])


def _matter_threshold(first: Position, second: Position, themes_of: Mapping[str, frozenset[str]] | None,
                      vectors: Mapping[str, np.ndarray] | None, similarity: float) -> float:
    if themes_of is not None:
        same = themes_of.get(first.passage_id, frozenset()) & themes_of.get(second.passage_id, frozenset())
        return _MATTER_SAME_THEME if same else _MATTER_OTHER_THEME
    if vectors is not None:
        a, b = vectors.get(first.passage_id), vectors.get(second.passage_id)
        if a is None or b is None:
            return _MATTER_DEFAULT
        return _MATTER_SAME_THEME if float(np.dot(a, b)) >= similarity else _MATTER_OTHER_THEME
    return _MATTER_DEFAULT


def _report(report: Position, other: Position, matter: _Matter) -> _Divergence | None:
    """The author of ``report`` retells and disputes what ``other`` holds."""
    if other.is_report or not _names_or_refers(report, other):
        return None
    shared = matter.shared(report.reported_words, other.words)
    weight = shared.weight + (_TITLE_BONUS if _refers_to_title(report, other) else 0.0)
    if weight < _REPORT_MATTER or shared.words < _MIN_SHARED_TERMS:
        return None
    explanation = (
        f"{report.owner} spreekt {other.owner} tegen over {matter.label(shared, other.words)}: {_side(other)}; "
        f"{report.owner}: {_quote(report.claim)}."
    )
    return _Divergence("report", explanation, weight)


def _refers_to_title(report: Position, other: Position) -> bool:
    title = other.title.lower()
    return bool(report.references) and sum(word in title for word in report.references) >= 2


def _names_or_refers(report: Position, other: Position) -> bool:
    """A report points at the other position's party ("het college"), its document ("de beleidsnota sociaal
    domein") or, when it names neither, at any party ("In beleidsstukken lees ik …")."""
    if _names(report, other.owner) or _refers_to_title(report, other):
        return True
    # an organisation named by name points at that party only; role nouns ("aanbieders") point at no one
    return not any(target[:1].isupper() or " " in target for target in report.targets)


def _refusal(no: Position, yes: Position, shared: _Shared, matter: _Matter) -> _Divergence | None:
    """``no`` refuses what ``yes`` expects, wants or promises: the shared matter lies inside the negation, and
    ``yes`` names the refusing party (or both are commitments on clearly the same matter)."""
    if not (no.negated and no.is_commitment) or yes.negated:
        return None
    if yes.stance not in _AFFIRMING or not (no.scope & yes.lemmas):
        return None
    if yes.stance in _EXPECTING and _names(yes, no.owner):
        concept = any(term.startswith("~") for term in no.scope & yes.lemmas)
        if shared.weight < _NAMED_MATTER or (shared.words < _MIN_SHARED_TERMS and not concept):
            return None
    elif not (yes.is_commitment and no.is_commitment and shared.least >= _CLEARLY_SAME
              and shared.words >= _MIN_SHARED_TERMS):
        return None  # unnamed: both promise about clearly the same thing, one of them "geen"
    explanation = f"Tegengesteld over {matter.label(shared, no.words)}: {_side(yes)}; {_side(no)}."
    return _Divergence("refusal", explanation, shared.weight)


def _choice(first: Position, second: Position, shared: _Shared, matter: _Matter) -> _Divergence | None:
    if first.stance not in _CHOOSING or second.stance not in _CHOOSING or first.negated or second.negated:
        return None
    for left, right in _opposites():
        for a, b in ((first, second), (second, first)):
            if left in a.lemmas and right in b.lemmas and right not in a.lemmas and left not in b.lemmas:
                explanation = (
                    f"Andere keuze over {matter.label(shared, first.words)}: {a.owner} kiest voor {left.lstrip('~')} "
                    f"({_quote(a.claim)}), {b.owner} voor {right.lstrip('~')} ({_quote(b.claim)})."
                )
                return _Divergence("choice", explanation, shared.weight)
    return None


def _incompatible(first: Quantity, second: Quantity) -> bool:
    (_, a, bound_a), (_, b, bound_b) = first, second
    if a == b:
        return False
    if bound_a == "min":
        return b < a and bound_b != "min"
    if bound_a == "max":
        return b > a and bound_b != "max"
    if bound_b in {"min", "max"}:
        return _incompatible(second, first)
    return True


def _amount(first: Position, second: Position, shared: _Shared, matter: _Matter) -> _Divergence | None:
    if first.stance not in _CHOOSING | {"refusal"} or second.stance not in _CHOOSING | {"refusal"}:
        return None
    for quantity in first.quantities:
        for other in second.quantities:
            unit = quantity[0]
            if unit != other[0] or not _incompatible(quantity, other):
                continue
            matter_words = shared.terms - {unit} - {term for term in shared.terms if term.startswith("jaar:")}
            if len(matter_words) < _MIN_SHARED_TERMS:
                continue
            explanation = (
                f"Ander aantal ({unit}) over {matter.label(shared, first.words) or unit}: "
                f"{_side(first, False)}; {_side(second, False)}."
            )
            return _Divergence("amount", explanation, shared.weight)
    return None


def _deadline(first: Position, second: Position, shared: _Shared, matter: _Matter) -> _Divergence | None:
    """Commitments on clearly the same action with deadlines in different years (not procedural clauses about
    the document itself: "partijen evalueren dit convenant uiterlijk eind 2028")."""
    if shared.least < _SAME_ACTION or shared.words < _MIN_SHARED_TERMS + 1 or first.negated != second.negated:
        return None
    if not (first.is_commitment and second.is_commitment and first.deadline and second.deadline):
        return None
    if first.deadline[:4] == second.deadline[:4] or first.deadline.startswith("P") or second.deadline.startswith("P"):
        return None
    if any(_SELF_REFERENCE.search(position.sentence) for position in (first, second)):
        return None
    explanation = f"Andere termijn voor {matter.label(shared, first.words)}: {_side(first)}; {_side(second)}."
    return _Divergence("deadline", explanation, shared.weight)


def _diverge(first: Position, second: Position, matter: _Matter, threshold: float) -> _Divergence | None:
    for report, other in ((first, second), (second, first)):
        if report.is_report:
            found = _report(report, other, matter)
            if found is not None:
                return found
    if first.is_report or second.is_report:
        return None
    shared = matter.shared(first.words, second.words)
    for no, yes in ((first, second), (second, first)):
        found = _refusal(no, yes, shared, matter)
        if found is not None and (found.weight >= threshold or (yes.stance in _EXPECTING and _names(yes, no.owner))):
            return found
    if shared.weight < threshold or shared.words < _MIN_SHARED_TERMS:
        return None
    return (_choice(first, second, shared, matter) or _amount(first, second, shared, matter)
            or _deadline(first, second, shared, matter))


def _candidate_pairs(positions: Sequence[Position], matter: _Matter) -> set[tuple[int, int]]:
    """Pairs of positions that share at least one informative term (an inverted index, not all pairs)."""
    by_term: dict[str, list[int]] = defaultdict(list)
    for index, position in enumerate(positions):
        for term in (position.lemmas | position.reported) - _PROCEDURAL:
            by_term[term].append(index)
    # a term in half of all positions says nothing about the matter; above MAX_TERM_POSITIONS a term is too
    # common to name one matter either, and its pairs would grow with the square of the store
    common = min(max(2, len(positions) // 2), MAX_TERM_POSITIONS)
    pairs: set[tuple[int, int]] = set()
    for indexes in by_term.values():
        if len(indexes) > common:
            continue
        for i, a in enumerate(indexes):
            for b in indexes[i + 1:]:
                if positions[a].doc_id != positions[b].doc_id:
                    pairs.add((a, b))
    return pairs


def _parties(first: Position, second: Position) -> tuple[str, ...]:
    """Both speakers; a commitment of several parties ("de verhuurders") stands for all of them."""
    parties: list[str] = []
    for position in (first, second):
        parties.extend(position.actors if position.is_commitment and position.actors else (position.owner,))
    return tuple(dict.fromkeys(parties))


def _best_match_per_report(
    found: Sequence[tuple[Position, Position, _Divergence]],
) -> list[tuple[Position, Position, _Divergence]]:
    """A report retells one position: keep only its best match (the others merely share words with it)."""
    best: dict[tuple[str, str], tuple[float, str]] = {}
    for first, second, divergence in found:
        if divergence.kind == "report":
            report, other = (first, second) if first.is_report else (second, first)
            key = (report.passage_id, report.sentence)
            candidate = (divergence.weight, f"{other.passage_id}:{other.sentence}")
            if key not in best or best[key][0] < candidate[0]:
                best[key] = candidate
    kept = []
    for first, second, divergence in found:
        if divergence.kind == "report":
            report, other = (first, second) if first.is_report else (second, first)
            if best[(report.passage_id, report.sentence)][1] != f"{other.passage_id}:{other.sentence}":
                continue
        kept.append((first, second, divergence))
    return kept


# Role nouns a norm is addressed to ("de gemeente", "aanbieder", "Opdrachtnemer"): whoever fills the role, not
# a party whose position another document contradicts.
_ROLE_NOUNS = (load_word_list("commitment_parties") | load_word_list("tension_roles")) - {
    "kabinet", "regering", "rijk", "minister", "staatssecretaris", "ministerie"}  # one government, a party


def _generic_role(owner: str) -> bool:
    """An owner that is a role noun without a name ("aanbieder", "Opdrachtnemer", "corporaties"); it holds a
    position only when it is the document's own voice ("Het college kiest …" in a council's note)."""
    return " " not in owner.strip() and owner.strip().lower() in _ROLE_NOUNS


def find_between_tensions(
    positions: Sequence[Position],
    *,
    themes_of: Mapping[str, frozenset[str]] | None = None,
    vectors: Mapping[str, np.ndarray] | None = None,
    similarity: float = DEFAULT_SIMILARITY,
) -> list[tuple[Tension, str]]:
    """Diverging positions of different parties, one tension per pair of documents, with its explanation.

    ``themes_of`` maps passage id → theme ids (the themes tables); ``vectors`` maps passage id → normalised
    passage vector (used when there are no themes). Both only move the threshold for a shared matter.
    """
    matter = _Matter(positions)
    found_pairs: list[tuple[Position, Position, _Divergence]] = []
    for a, b in sorted(_candidate_pairs(positions, matter)):
        first, second = positions[a], positions[b]
        if first.source == second.source or same_party(first.owner, second.owner):
            continue
        if any(_generic_role(p.owner) and not p.own_voice for p in (first, second)):
            continue  # "de aanbieder stuurt …" in two protocols: rules for a role, no party taking a position
        threshold = _matter_threshold(first, second, themes_of, vectors, similarity)
        found = _diverge(first, second, matter, threshold)
        if found is not None:
            found_pairs.append((first, second, found))
    best: dict[tuple[str, str], tuple[int, float, Tension, str]] = {}
    for first, second, found in _best_match_per_report(found_pairs):
        ordered = sorted((first, second), key=lambda p: (p.doc_id, p.passage_id, p.sentence))
        key = "|".join(f"{p.passage_id}:{p.sentence}" for p in ordered)
        shared = matter.shared(first.reported_words or first.words, second.reported_words or second.words)
        plain = second if first.is_report else first
        tension = Tension(
            id=tension_id("between", key), kind="between", parties=_parties(first, second),
            issue=matter.label(shared, plain.words) or found.kind,
            passages=tuple(CitedPassage(passage_id=p.passage_id, doc_id=p.doc_id, text=p.sentence) for p in ordered),
        )
        pair = (min(first.doc_id, second.doc_id), max(first.doc_id, second.doc_id))
        rank = (_TRUST[found.kind], found.weight)
        if pair not in best or best[pair][:2] < rank:
            best[pair] = (*rank, tension, found.explanation)
    return [(tension, explanation) for _, _, tension, explanation in sorted(best.values(), key=lambda v: v[2].id)]
