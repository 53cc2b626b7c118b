"""Positions: the sentences in which a party takes a stand, per document, for ``between`` tensions.

A position is a commitment (models/commitments.py) or a sentence with a stance cue from
``rodedraad/data/tension_stances.txt``: a plan ("is voornemens", "kiest voor", "wil"), a forecast
("verwacht"), a demand ("moet", "vragen … om", "nodig heeft"), a possibility kept open ("sluit niet uit")
or a wish that names another party ("Als de zorgverzekeraar zou meebetalen, …"). Each position records:

- its **speaker** (``owner``): the party taking the stand — the actors of a commitment, the subject of a plan or
  forecast when that is an organisation, else the document's own organisation (a demand or wish speaks for
  the author, and the party it names is its **target**);
- its **terms**: lemmas, compound parts and word-family verbs (models/nlp.py) of the lowercase content words,
  plus the concepts of ``tension_concepts.txt`` ("meebetalen" and "financiering" share ``~financiering``);
- **quantities** ("150 extra woningen", "ten minste vijf jaar", "geen … woningen" = 0), the deadline, and
  whether the main clause is negated;
- for a **report** — the author retells what another party holds ("In de beleidsnota lees ik dat …",
  "Het college stelt voor om …") and disputes it within the next sentences ("Maar …", "Dat getal herken ik
  niet", a demand for the opposite) — the terms of what is retold, the words that name the document it
  comes from, and the cited text from the report to the rebuttal.

``positions_of`` is the entry; it runs per document (no other document is needed), so positions are stored
with the document and compared across documents later (models/divergence.py).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from models.commitments import DocumentContext, FoundCommitment, parties_in_sentence
from models.deadlines import parse_deadline
from models.nlp import DutchNLP, Token
from rodedraad.dutch import (
    FUNCTION_WORDS,
    SEPARABLE_PARTICLES,
    STOP_WORDS,
    fold_diacritics,
    load_word_list,
    load_word_pairs,
)
from rodedraad.records import Document, Passage

Quantity = tuple[str, float, str]  # (unit term, value, bound: "eq" | "min" | "max")

_NEGATIONS = frozenset({"niet", "geen", "nooit", "niets"})
_CONTRAST_OPENERS = frozenset({"maar", "toch", "echter", "alleen"})
_SELF_PRONOUNS = frozenset({"ik", "wij", "we"})
_INFORMAL_YOU = frozenset({"je", "jij", "jouw", "jullie"})
_QUOTE_CLOSERS = " ”’\"'»)"
_MAX_CLAIM_WORDS = 14
_REPORT_WINDOW = 4  # sentences after a report in which the author may dispute it
_MIN_TERM_LENGTH = 4
_MIN_HEADING_FREE_WORDS = 12  # a line this long without a final period is still a sentence
# Words a stance cue may stand on that say nothing about the matter.
_GENERIC_TERMS = frozenset({
    "willen", "moeten", "kiezen", "verwachten", "vragen", "vraag", "nodig", "hebben", "zijn", "worden", "komen",
    "gaan", "maken", "doen", "staan", "zeggen", "lezen", "horen", "zien", "schrijven", "stellen", "voorstellen",
    "jaar", "jaren", "tijd", "keer", "manier", "deel", "ander", "andere", "eigen", "goed", "groot", "nieuw",
    "belangrijk", "mogelijk", "echt", "steeds", "vaak", "heel", "veel", "weinig", "eerst", "daarna",
    # party nouns that every text uses: they say who, not what
    "gemeente", "gemeenten", "college", "partij", "partijen", "organisatie", "organisaties", "inwoner", "inwoners",
    # the verbs of commitments and stances themselves
    "afspreken", "spreken", "verplichten", "overeenkomen", "toezeggen", "streven", "beogen", "ambitie", "zullen",
    "inzetten", "voornemens", "verwachting", "pleiten", "pleit", "hopen", "waarschuwen",
})
_UNIT_WORDS = frozenset({
    "jaar", "maand", "week", "dag", "uur", "procent", "euro", "miljoen", "miljard", "keer", "plaats", "woning",
})
_LOWER_BOUNDS = ("ten minste", "tenminste", "minimaal", "minstens", "minimum van", "niet minder dan")
_UPPER_BOUNDS = ("ten hoogste", "maximaal", "hoogstens", "maximum van", "niet meer dan")


def _stance_pattern(phrase: str) -> str:
    parts = [re.escape(part.strip()).replace(r"\ ", r"\s+") for part in phrase.split("…")]
    return r"(?<![\w-])" + r"(?![\w-])[^.;:?!]{0,80}?(?<![\w-])".join(parts) + r"(?![\w-])"


@lru_cache(maxsize=1)
def _stance_cues() -> tuple[tuple[str, re.Pattern[str]], ...]:
    cues = []
    for line in load_word_list("tension_stances"):
        kind, _, phrase = (part.strip() for part in line.partition("|"))
        cues.append((kind, re.compile(_stance_pattern(phrase), re.IGNORECASE)))
    return tuple(sorted(cues, key=lambda cue: -len(cue[1].pattern)))


@lru_cache(maxsize=1)
def concepts() -> dict[str, str]:
    """term → ``~concept`` from ``tension_concepts.txt``."""
    mapping: dict[str, str] = {}
    for line in load_word_list("tension_concepts"):
        concept, _, terms = (part.strip() for part in line.partition("|"))
        for term in terms.split():
            mapping[term] = "~" + concept
    return mapping


@lru_cache(maxsize=1)
def _numbers() -> dict[str, int]:
    return {fold_diacritics(word): int(value) for word, value in load_word_pairs("commitment_deadline_numbers").items()}


@dataclass(frozen=True)
class Position:
    """A sentence in which a party takes a position (see the module docstring)."""

    doc_id: str
    passage_id: str
    source: str
    owner: str
    sentence: str
    actors: tuple[str, ...]
    negated: bool
    deadline: str | None
    words: tuple[frozenset[str], ...]
    is_commitment: bool = False
    stance: str = "commitment"
    targets: tuple[str, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    reported_words: tuple[frozenset[str], ...] = ()
    references: frozenset[str] = frozenset()
    title: str = ""
    kind: str = ""
    claim: str = ""
    deadline_text: str | None = None
    scope: frozenset[str] = frozenset()
    own_voice: bool = True  # the document's owner or a debate speaker holds it, not a role the text addresses

    @property
    def is_report(self) -> bool:
        return self.stance == "report"

    @property
    def lemmas(self) -> frozenset[str]:
        """All terms of the position's content words."""
        return frozenset().union(*self.words)

    @property
    def reported(self) -> frozenset[str]:
        """For a report: all terms of what the other party is said to hold."""
        return frozenset().union(*self.reported_words)


@dataclass(frozen=True)
class _Sentence:
    passage: Passage
    start: int
    end: int
    text: str
    tokens: list[Token]


def stance_of(sentence: str) -> tuple[str, re.Match[str]] | None:
    """The stance class of a sentence and the cue that gave it (the first in the sentence: "Wij vragen de raad
    om te kiezen voor …" is a demand), or None."""
    found: list[tuple[int, int, str, re.Match[str]]] = []
    for kind, pattern in _stance_cues():
        match = pattern.search(sentence)
        if match is not None:
            found.append((match.start(), -len(match.group()), kind, match))
    if not found:
        return None
    _, _, kind, match = min(found, key=lambda item: item[:2])
    return kind, match


def _wish(tokens: Sequence[Token]) -> bool:
    """ "Als de zorgverzekeraar zou meebetalen, …": a conditional that hopes another party acts."""
    words = [token.text.lower() for token in tokens]
    return bool(words) and words[0] in {"als", "indien"} and bool({"zou", "zouden"} & set(words))


def _word_groups(nlp: DutchNLP, sentence: str, tokens: Sequence[Token]) -> list[tuple[int, frozenset[str]]]:
    """(start offset, terms) of each content word, in text order."""
    starts_upper = {token.start for token in tokens if token.text[:1].isupper() and token.start > 0}
    grouped: dict[int, set[str]] = {}
    for term, start, _ in nlp.term_spans(sentence):
        if start in starts_upper or not term.isalpha() or len(term) < _MIN_TERM_LENGTH:
            continue
        if term in STOP_WORDS or term in FUNCTION_WORDS or term in _GENERIC_TERMS:
            continue
        grouped.setdefault(start, set()).add(term)
    words = [token.text.lower() for token in tokens]
    for index in range(len(words) - 2):
        verb = tokens[index + 2]
        if words[index] in SEPARABLE_PARTICLES and words[index + 1] == "te" and verb.is_alpha:
            grouped.setdefault(verb.start, set()).add(fold_diacritics(words[index] + verb.lemma.lower()))
    for match in re.finditer(r"(?<![\d.,])(?:19|20)\d\d(?![\d.,])", sentence):
        grouped.setdefault(match.start(), set()).add("jaar:" + match.group())  # "na 2030" meets "in 2030"
    mapping = concepts()
    for terms in grouped.values():
        terms.update(mapping[term] for term in list(terms) if term in mapping)
    return [(start, frozenset(terms)) for start, terms in sorted(grouped.items())]


def position_words(
    nlp: DutchNLP, sentence: str, tokens: Sequence[Token], after: int = 0
) -> tuple[frozenset[str], ...]:
    """The content words of a sentence (from offset ``after`` on), each as the set of its terms: lemma,
    compound parts, word-family verb and concept ("zorggeschikte" → {zorggeschikt, zorg, geschikt}); years as
    ``jaar:2030``. Capitalised words are names (parties), not matters; separable verbs are rejoined ("aan te
    besteden" → aanbesteden)."""
    return tuple(terms for start, terms in _word_groups(nlp, sentence, tokens) if start >= after)


def _scope_terms(tokens: Sequence[Token], groups: Sequence[tuple[int, frozenset[str]]]) -> frozenset[str]:
    """Terms of the words a negation governs: from "geen"/"niet" to the end of its clause ("bouwen wij geen
    extra zorggeschikte nieuwbouwwoningen" → extra, zorggeschikt, …). Empty when the refusal is a safeguard
    with its own condition ("geen gegevens koppelen zonder dat de inwoner het weet"). ``groups`` are the
    sentence's ``_word_groups``."""
    start = next((index for index, token in enumerate(tokens) if token.text.lower() in _NEGATIONS), None)
    if start is None:
        return frozenset()
    end = start + 1
    while end < len(tokens) and tokens[end].text not in {",", ";", ":"}:
        end += 1
    if {"zonder", "tenzij", "behalve", "uitsluitend"} & {token.text.lower() for token in tokens[start + 1:end]}:
        return frozenset()
    first, last = tokens[start].end, tokens[end - 1].end
    return frozenset().union(*(terms for offset, terms in groups if first <= offset < last))


def quantities_in(sentence: str, tokens: Sequence[Token], nlp: DutchNLP) -> tuple[Quantity, ...]:
    """ "150 extra zorggeschikte woningen" → (woning, 150, eq); "ten minste vijf jaar" → (jaar, 5, min);
    "geen extra … nieuwbouwwoningen" → (woning, 0, eq). Years, dates and article numbers are no quantities."""
    found: list[Quantity] = []
    numbers = _numbers()
    words = [token.text.lower() for token in tokens]
    lemma_of = {token.text.lower(): token.lemma.lower() for token in tokens}
    for index, word in enumerate(words):
        if word == "geen":
            value = 0.0
        elif re.fullmatch(r"\d+(?:,\d+)?", word) and not re.fullmatch(r"(?:19|20)\d\d", word):
            if index + 1 < len(words) and words[index + 1] in {".", "-", "–"}:
                continue  # "2.3", article numbers
            value = float(word.replace(",", "."))
        elif fold_diacritics(word) in numbers and word not in {"een", "één"}:
            value = float(numbers[fold_diacritics(word)])
        else:
            continue
        unit = _unit(words[index + 1:index + 4], lemma_of, nlp)
        if unit is None:
            continue
        before = " ".join(words[max(0, index - 3):index])
        bound = "min" if before.endswith(_LOWER_BOUNDS) else "max" if before.endswith(_UPPER_BOUNDS) else "eq"
        found.append((unit, value, bound))
    return tuple(dict.fromkeys(found))


def _unit(words: Sequence[str], lemma_of: dict[str, str], nlp: DutchNLP) -> str | None:
    """The noun a number counts: the first plural noun or unit word of the next words, as its head lemma."""
    for word in words:
        lowered = word.lower()
        lemma = lemma_of.get(lowered, lowered)
        if lowered in FUNCTION_WORDS and lowered not in {"jaar", "keer"}:
            return None
        head = _head(lemma, nlp)
        if head in _UNIT_WORDS or lemma in _UNIT_WORDS:
            return head if head in _UNIT_WORDS else lemma
        if lowered != lemma and lowered.endswith(("en", "s")) and not lowered.endswith("ende"):
            return head
    return None


def _head(term: str, nlp: DutchNLP) -> str:
    """The head of a compound ("nieuwbouwwoning" → "woning"), or the term itself."""
    for cut in range(3, len(term) - 3):
        if term[cut:] in _UNIT_WORDS:
            return term[cut:]
    parts = nlp.index_terms(term)
    return parts[-1] if len(parts) > 1 else term


def _claim(sentence: str, match: re.Match[str] | None) -> str:
    """The words a position stands on, for explanations: after the cue ("verwacht dat …", up to a comma),
    or the sentence itself when the cue ends it ("… kiezen we voor inkoop")."""
    after = sentence[match.end():] if match is not None else ""
    if len(after.split()) >= 3:
        text = re.sub(r"^\s*(?:dat|om|ervoor|er\s+voor)\b", " ", after.strip(" ,:"))
        clause = re.split(r"[,;:]\s+(?=\w)", text.strip(), maxsplit=1)[0]
        words = clause.split() if len(clause.split()) >= 4 else text.split()
    else:
        words = sentence.split()
    return " ".join(words[:_MAX_CLAIM_WORDS]).strip(" ,.;:" + _QUOTE_CLOSERS)


def _main_clause_negated(tokens: Sequence[Token]) -> bool:
    words = [token.text.lower() for token in tokens]
    for position, word in enumerate(words):
        if position and word in {",", ";", ":", "omdat", "zodat", "maar", "want", "die", "dat", "als", "wanneer"}:
            return False
        if word in _NEGATIONS:
            return True
    return False


def _subject_party(tokens: Sequence[Token], match: re.Match[str], context: DocumentContext) -> list[str]:
    """Parties named before the cue (the subject of "Het college verwacht …", "Zij kiezen voor …")."""
    before = [token for token in tokens if token.end <= match.start()]
    if not before:
        return []
    words = {token.text.lower() for token in before}
    if words & _SELF_PRONOUNS:
        return [context.owner] if context.owner else []
    return parties_in_sentence(before, context)


def _is_self(party: str, context: DocumentContext) -> bool:
    owner = (context.owner or "").lower()
    lowered = party.lower()
    return bool(owner) and (lowered == owner or lowered in owner or owner in lowered)


def is_statement(sentence: str) -> bool:
    """A sentence that states something: not a question, a quote, a heading or a table row."""
    text = sentence.strip()
    if not text or text.rstrip(_QUOTE_CLOSERS).endswith("?") or text[:1] in "“‘\"„'":
        return False
    if "|" in text:
        return False
    return text.rstrip(_QUOTE_CLOSERS)[-1:] in ".!" or len(text.split()) >= _MIN_HEADING_FREE_WORDS


def _rebuttal(sentences: Sequence[_Sentence], index: int) -> int | None:
    """Index of the sentence (after ``index``) that disputes the reported position, or None."""
    for offset in range(index + 1, min(len(sentences), index + 1 + _REPORT_WINDOW)):
        sentence = sentences[offset]
        if sentence.passage.id != sentences[index].passage.id:
            break
        if not is_statement(sentence.text):
            continue
        first = sentence.text.strip().split(maxsplit=1)[0].lower() if sentence.text.strip() else ""
        stance = stance_of(sentence.text)
        if first in _CONTRAST_OPENERS or (stance is not None and stance[0] == "rejection"):
            return offset
        if stance is not None and stance[0] == "demand" and not _main_clause_negated(sentence.tokens):
            return offset
    return None


def _references(sentence: str) -> frozenset[str]:
    """Words naming the document a report comes from: "in de beleidsnota sociaal domein" → beleidsnota,
    sociaal, domein."""
    match = re.search(
        r"\b(?:in|uit)\s+(?:de|het|onze|hun)?\s*(\w*(?:nota|brief|voorstel|visie|plan|convenant|akkoord|verklaring|"
        r"afspraken|stuk|stukken)\w*(?:\s+(?!van\b|lees|hoor|zie|staat|schrijft)[a-z][\w-]*){0,3})",
        sentence, re.IGNORECASE,
    )
    if match is None:
        match = re.search(r"\b(?:het|de)\s+((?:convenant|beleidsnota|raadsvoorstel|nota)(?:\s+[a-z][\w-]*){0,2})",
                          sentence, re.IGNORECASE)
    if match is None:
        return frozenset()
    return frozenset(word.lower() for word in re.findall(r"[\w-]+", match.group(1)) if len(word) >= 4)


def positions_of(
    document: Document, passages: Sequence[Passage], nlp: DutchNLP, commitments: Sequence[FoundCommitment],
    context: DocumentContext | None = None,
) -> list[Position]:
    """The position sentences of a document: its commitments, stances, wishes and disputed reports."""
    context = context or DocumentContext.of(document, nlp)
    owner = context.owner or document.source
    by_sentence = {(c.commitment.passage_id, c.start): c for c in commitments}
    sentences: list[_Sentence] = []
    for passage in passages:
        if getattr(passage, "speaker", None) == "voorzitter":
            continue  # the chair of a debate gives the floor; it takes no position
        spans = nlp.sentences(passage.text)
        texts = [passage.text[start:end] for start, end in spans]
        for (start, end), text, tokens in zip(spans, texts, nlp.tokens_many(texts), strict=True):
            sentences.append(_Sentence(passage, start, end, text, tokens))
    positions: list[Position] = []
    for index, item in enumerate(sentences):
        if not is_statement(item.text) or _INFORMAL_YOU & {token.text.lower() for token in item.tokens}:
            continue  # "je moet eerst …" is advice to a reader, not a party's position
        speaker = getattr(item.passage, "speaker", None)  # in a debate the position is its speaker's
        position = _position(document, context, speaker or owner, item,
                             by_sentence.get((item.passage.id, item.start)), nlp)
        if position is None:
            continue
        if position.is_report:
            position = _with_rebuttal(position, sentences, index, nlp)
            if position is None:
                continue
        positions.append(position)
    return positions


def _position(
    document: Document, context: DocumentContext, owner: str, item: _Sentence, commitment: FoundCommitment | None,
    nlp: DutchNLP,
) -> Position | None:
    stance = stance_of(item.text)
    wish = _wish(item.tokens)
    if commitment is None and stance is None and not wish:
        return None
    position = _position_of(document, context, owner, item, commitment, stance, wish, nlp)
    if position is None:
        return None
    voice = (position.owner == owner or _is_self(position.owner, context) or _organ_of(position.owner, owner)
             or bool(getattr(item.passage, "speaker", None)))
    return dataclasses.replace(position, own_voice=voice)


# The organs through which a municipality or a ministry speaks: "Het college kiest …" in a council's note.
_ORGANS = {"gemeente": frozenset({"college", "raad", "gemeenteraad", "wethouder", "burgemeester"}),
           "ministerie": frozenset({"minister", "staatssecretaris", "kabinet", "regering"})}


def _organ_of(party: str, owner: str) -> bool:
    """``party`` is an organ of the document's owner ("college" of "gemeente Oostdam")."""
    body = owner.lower().split()[0] if owner.strip() else ""
    return party.lower().split()[0] in _ORGANS.get(body, frozenset()) if party.strip() else False


def _position_of(
    document: Document, context: DocumentContext, owner: str, item: _Sentence, commitment: FoundCommitment | None,
    stance: tuple[str, re.Match[str]] | None, wish: bool, nlp: DutchNLP,
) -> Position | None:
    text = re.sub(r"\s+", " ", item.text).strip()
    tokens = item.tokens
    groups = _word_groups(nlp, item.text, tokens)
    base = Position(
        doc_id=document.id, passage_id=item.passage.id, source=document.source, owner=owner, sentence=text,
        actors=(), negated=False, deadline=None, words=(), title=document.title, kind=document.kind,
    )
    if commitment is not None:
        record = commitment.commitment
        actors = tuple(record.actors)
        speaker = next((actor for actor in actors if _is_self(actor, context)), actors[0] if actors else owner)
        return dataclasses.replace(
            base, owner=speaker, actors=actors, negated=commitment.negated, deadline=record.deadline,
            words=tuple(terms for _, terms in groups), is_commitment=True, scope=_scope_terms(tokens, groups),
            stance="refusal" if commitment.negated else "commitment",
            targets=tuple(p for p in parties_in_sentence(tokens, context) if p not in actors),
            quantities=quantities_in(item.text, tokens, nlp),
            claim=_claim_of_commitment(record.sentence),
            deadline_text=commitment.deadline_text,
        )
    kind, match = stance if stance is not None else ("wish", None)
    named = [p for p in parties_in_sentence(tokens, context) if p.lower() not in {"wij", "we", "ik"}]
    subject = _subject_party(tokens, match, context) if match is not None else []
    other_subject = [p for p in subject if not _is_self(p, context)]
    deadline = parse_deadline(item.text, document.date or document.date_span)
    words = tuple(terms for _, terms in groups)
    if kind == "perceive" and any(token.text.lower() in _SELF_PRONOUNS for token in tokens):
        kind = "report"
    elif kind in {"plan", "forecast", "possibility", "perceive"} and other_subject and document.kind == "blog":
        kind = "report"  # a blog retelling what "het college" plans: the author's own stand follows
    if kind == "wish":
        targets = tuple(p for p in named if not _is_self(p, context))
        if not targets:
            return None
        speaker = owner
    elif kind in {"demand", "rejection", "report"}:
        speaker, targets = owner, tuple(p for p in named if not _is_self(p, context))
    else:
        speaker = other_subject[0] if other_subject and document.kind != "blog" else owner
        targets = tuple(p for p in named if p != speaker and not _is_self(p, context))
    return dataclasses.replace(
        base, owner=speaker, actors=(speaker,), negated=_main_clause_negated(tokens),
        deadline=deadline.value if deadline else None, words=words, stance=kind, targets=targets,
        quantities=quantities_in(item.text, tokens, nlp),
        reported_words=_reported_words(groups, match) if kind == "report" else (),
        scope=_scope_terms(tokens, groups),
        references=_references(item.text) if kind == "report" else frozenset(),
        claim=_claim(text, _cue_in(text, match)), deadline_text=deadline.text if deadline else None,
    )


def _reported_words(
    groups: Sequence[tuple[int, frozenset[str]]], match: re.Match[str] | None
) -> tuple[frozenset[str], ...]:
    """What a report retells: the words after its cue ("… lees ik dat <eind 2026 150 extra woningen …>")."""
    after = match.end() if match is not None else 0
    words = tuple(terms for start, terms in groups if start >= after)
    return words if len(words) >= 2 else tuple(terms for _, terms in groups)


def _cue_in(text: str, match: re.Match[str] | None) -> re.Match[str] | None:
    """The cue found again in the whitespace-collapsed text (offsets differ from the raw sentence)."""
    if match is None:
        return None
    return re.search(re.escape(re.sub(r"\s+", " ", match.group())).replace(r"\ ", r"\s+"), text)


def _claim_of_commitment(sentence: str) -> str:
    """The commitment's main clause without its article number: "De verhuurders melden een …"."""
    text = re.sub(r"^\s*(?:\d{1,2}(?:\.\d{1,2})*\.?|[-•*▪–])\s+", "", sentence)
    clause = re.split(r"\s*;\s*", text, maxsplit=1)[0]
    words = clause.split()
    return " ".join(words[:_MAX_CLAIM_WORDS]).strip(" ,.;:")


def _with_rebuttal(position: Position, sentences: Sequence[_Sentence], index: int, nlp: DutchNLP) -> Position | None:
    """A report counts only when the author disputes it within the next sentences; the cited text then runs
    from the report to the rebuttal, and the rebuttal's terms join the position's (not the reported ones)."""
    answer = _rebuttal(sentences, index)
    if answer is None:
        return None
    for later in range(answer + 1, min(len(sentences), index + 1 + _REPORT_WINDOW)):
        if sentences[later].passage.id != sentences[index].passage.id:
            break
        stance = stance_of(sentences[later].text)
        if stance is not None and stance[0] in {"demand", "rejection"} and is_statement(sentences[later].text):
            answer = later  # the author's own stand after the rebuttal ("Wat welzijn nodig heeft, is …")
    first, last = sentences[index], sentences[answer]
    text = re.sub(r"\s+", " ", first.passage.text[first.start:last.end]).strip()
    rebuttal_words = tuple(
        word for i in range(index + 1, answer + 1)
        for word in position_words(nlp, sentences[i].text, sentences[i].tokens)
    )
    claim = re.sub(r"\s+", " ", last.text).strip().rstrip(".")
    return Position(
        doc_id=position.doc_id, passage_id=position.passage_id, source=position.source, owner=position.owner,
        sentence=text, actors=position.actors, negated=position.negated, deadline=position.deadline,
        words=position.reported_words + rebuttal_words, stance="report", targets=position.targets,
        quantities=position.quantities + quantities_in(last.text, last.tokens, nlp),
        reported_words=position.reported_words,
        references=position.references, title=position.title, kind=position.kind, claim=claim,
        deadline_text=position.deadline_text,
    )
