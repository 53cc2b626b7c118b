"""The hand-annotated real documents of ``../shared/gold``: loading, matching evidence, scoring sentences.

Every evaluation on real text goes through this module, so that all of them match evidence the same way
the gold README prescribes: a hit is a returned sentence or passage that contains the evidence, compared
after Unicode NFKC, collapsed whitespace and lower case. Soft hyphens and the hyphen of a word broken at a
line end are ignored too, because PDF evidence is one line of ``pdftotext`` output.

Within a document's scope (the whole document when the gold file names none), a sentence in no list is a
negative; ``borderline_*`` items are neither hit nor miss. For files with a ``scope`` the lists are complete
only inside it; its text is prose, so the scope is taken as the stretch of the document from the first to
the last listed commitment or tension (the lists are complete there), which never counts a sentence
outside the scope as a false positive. Where the scope's note names in-scope text the lists leave out on
purpose ("Not listed although in scope: artikel … ('…') … Neither reward nor penalise an extractor"), the quoted
sentences are read as borderline commitments and tensions (``unlisted_in_scope``).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eval.paths import shared_dir

_SPACE = re.compile(r"\s+")
_SOFT = re.compile("[\u00ad\ufffe\u200b\u200c\u200d\u2060]")
# a word broken at a line end: "samen- werking" (after whitespace collapsing) → "samenwerking"
_BROKEN_WORD = re.compile(r"(?<=[a-zà-ÿ])- (?=[a-zà-ÿ])")


def normalise(text: str) -> str:
    """NFKC, lower case, soft hyphens out, whitespace collapsed: the form in which evidence is compared."""
    text = unicodedata.normalize("NFKC", text)
    text = _SOFT.sub("", text).lower()
    text = _SPACE.sub(" ", text).strip()
    return text


def normalise_loose(text: str) -> str:
    """``normalise`` plus line-end hyphenation repaired: for texts that came out of a PDF."""
    return _BROKEN_WORD.sub("", normalise(text))


@dataclass(frozen=True)
class GoldItem:
    """One annotated sentence: a commitment, a non-commitment, a tension or a borderline one."""

    file: str
    evidence: str
    actors: tuple[str, ...] = ()
    action: str | None = None
    deadline: str | None = None
    strength: str | None = None
    parties: tuple[str, ...] = ()
    issue: str | None = None
    kind: str | None = None
    page: int | None = None
    why: str | None = None

    @property
    def key(self) -> str:
        return normalise_loose(self.evidence)


@dataclass(frozen=True)
class GoldTheme:
    label: str
    keywords: tuple[str, ...]
    evidence: tuple[GoldItem, ...]
    files: tuple[str, ...]
    shared: bool = False


@dataclass(frozen=True)
class GoldQuery:
    query: str
    gold: tuple[GoldItem, ...]
    hard: bool = False


@dataclass(frozen=True)
class GoldDocument:
    """One annotated document: ``name`` is the gold file's stem, ``file`` the corpus file it describes."""

    name: str
    file: str
    path: Path
    genre: str
    scoped: bool
    commitments: tuple[GoldItem, ...] = ()
    borderline_commitments: tuple[GoldItem, ...] = ()
    non_commitments: tuple[GoldItem, ...] = ()
    tensions: tuple[GoldItem, ...] = ()
    borderline_tensions: tuple[GoldItem, ...] = ()
    themes: tuple[GoldTheme, ...] = ()
    queries: tuple[GoldQuery, ...] = ()

    def items(self, *, negatives: bool = True) -> Iterable[GoldItem]:
        """Every annotated evidence string; ``negatives=False`` leaves out the hard non-commitments, which a
        reader may rightly drop (a call to action to the reader is web furniture)."""
        yield from self.commitments
        yield from self.borderline_commitments
        if negatives:
            yield from self.non_commitments
        yield from self.tensions
        yield from self.borderline_tensions
        for theme in self.themes:
            yield from theme.evidence
        for query in self.queries:
            yield from query.gold


@dataclass(frozen=True)
class GoldSet:
    documents: tuple[GoldDocument, ...]
    cross_themes: tuple[GoldTheme, ...] = field(default_factory=tuple)
    corpus: Path | None = None

    def by_file(self) -> dict[str, GoldDocument]:
        return {document.file: document for document in self.documents}


def _item(raw: dict[str, Any]) -> GoldItem:
    return GoldItem(
        file=raw.get("file", ""),
        evidence=raw["evidence"],
        actors=tuple(raw.get("actors") or ()),
        action=raw.get("action"),
        deadline=raw.get("deadline"),
        strength=raw.get("strength"),
        parties=tuple(raw.get("parties") or ()),
        issue=raw.get("issue"),
        kind=raw.get("kind"),
        page=raw.get("page"),
        why=raw.get("why"),
    )


def _theme(raw: dict[str, Any]) -> GoldTheme:
    return GoldTheme(
        label=raw["label"],
        keywords=tuple(raw.get("keywords") or ()),
        evidence=tuple(_item(item) for item in raw.get("evidence") or ()),
        files=tuple(raw.get("files") or ()),
        shared=bool(raw.get("shared", False)),
    )


UNLISTED = "unlisted in scope"
_UNLISTED = re.compile(r"Not listed although in scope:(.*?)(?:Neither reward nor penalise[^.]*\.|$)", re.S)
_QUOTED = re.compile(r"\('([^']+)'\)")
_SENTENCE_END = re.compile(r"(?<=[a-zà-ÿ0-9)])\.\s+(?=[A-Z])")


def unlisted_in_scope(scope: str, file: str) -> tuple[GoldItem, ...]:
    """The sentences a scope note quotes as in scope but left out of every list, neither hit nor miss.

    The note quotes them in brackets and single quotes, perhaps cut short with "...": each sentence of the
    quote (without the ellipsis) becomes an evidence string, as long as it is at least 15 characters."""
    found: list[GoldItem] = []
    for note in _UNLISTED.findall(scope):
        for quote in _QUOTED.findall(note):
            for part in _SENTENCE_END.split(quote):
                part = part.strip().removesuffix("...").removesuffix("…").strip().rstrip(".")
                if len(part) >= 15:
                    found.append(GoldItem(file=file, evidence=part, why=UNLISTED))
    return tuple(found)


def gold_dir() -> Path | None:
    shared = shared_dir()
    if shared is None or not (shared / "gold").is_dir():
        return None
    return shared / "gold"


def load_gold(directory: Path | None = None) -> GoldSet:
    """Every annotated document; raises FileNotFoundError when ``../shared/gold`` is absent."""
    directory = directory or gold_dir()
    if directory is None or not directory.is_dir():
        raise FileNotFoundError("../shared/gold is not there (set RODEDRAAD_SHARED to the shared folder)")
    corpus = directory.parent / "corpus"
    documents: list[GoldDocument] = []
    cross: tuple[GoldTheme, ...] = ()
    for path in sorted(directory.glob("*.json")):
        raw = json.loads(path.read_text(encoding="utf-8"))
        if "source" not in raw:
            cross = tuple(_theme(theme) for theme in raw.get("themes", ()))
            continue
        source = raw["source"]
        unlisted = unlisted_in_scope(raw.get("scope", ""), source["file"])
        documents.append(GoldDocument(
            name=path.stem,
            file=source["file"],
            path=corpus / source["file"],
            genre=source.get("kind", "other"),
            scoped="scope" in raw,
            commitments=tuple(_item(item) for item in raw.get("commitments", ())),
            borderline_commitments=tuple(_item(item) for item in raw.get("borderline_commitments", ())) + unlisted,
            non_commitments=tuple(_item(item) for item in raw.get("non_commitments", ())),
            tensions=tuple(_item(item) for item in raw.get("tensions", ())),
            borderline_tensions=tuple(_item(item) for item in raw.get("borderline_tensions", ())) + unlisted,
            themes=tuple(_theme(theme) for theme in raw.get("themes", ())),
            queries=tuple(
                GoldQuery(query["query"], tuple(_item(item) for item in query.get("gold", ())),
                          bool(query.get("hard", False)))
                for query in raw.get("queries", ())
            ),
        ))
    return GoldSet(tuple(documents), cross, corpus)


# --- matching -------------------------------------------------------------------------------------------

def evidence_in(text: str, evidence: str) -> bool:
    """Does ``text`` (a sentence or passage) hold the evidence, by the gold README's comparison?"""
    return normalise_loose(evidence) in normalise_loose(text)


def sentence_matches(sentence: str, evidence: str, *, min_share: float = 0.6) -> bool:
    """A returned sentence hits an evidence string when it contains it, as the gold README defines a hit. One
    more case counts: a sentence inside the evidence that holds at least ``min_share`` of it (an evidence
    the reader split in two). A sentence that merely shares a stretch with the evidence does not: "Een
    aanvraag … kan worden ingediend door het bevoegde bestuursorgaan" (a hard negative) is no hit of "Een
    aanvraag tot subsidieverlening wordt ingediend na", nor "… korting op het budget" of "… op het tarief"."""
    s, e = normalise_loose(sentence), normalise_loose(evidence)
    if not s or not e:
        return False
    if e in s:
        return True
    return s in e and len(s) >= min_share * len(e)


def first_match(sentence: str, items: Sequence[GoldItem]) -> int | None:
    for index, item in enumerate(items):
        if sentence_matches(sentence, item.evidence):
            return index
    return None


def scope_span(document: GoldDocument, text: str) -> tuple[int, int]:
    """Character range of ``text`` (the document as our reader made it, normalised with
    ``normalise_loose``) inside which unlisted sentences count as negatives."""
    if not document.scoped:
        return 0, len(text)
    positions = []
    for item in (*document.commitments, *document.tensions, *document.borderline_commitments,
                 *document.borderline_tensions, *document.non_commitments):
        if item.why == UNLISTED:
            continue  # quoted by the scope note, maybe from a copy outside the scope: it says nothing of where
        at = text.find(item.key)
        if at >= 0:
            positions.append((at, at + len(item.key)))
    if not positions:
        return 0, len(text)
    start = min(p[0] for p in positions)
    end = max(p[1] for p in positions)
    # widen to whole paragraphs/sentences around the extremes
    start = max(text.rfind(". ", 0, start) + 1, 0)
    stop = text.find(". ", end)
    return start, (len(text) if stop < 0 else stop + 1)


@dataclass
class SentenceScore:
    """Counts for one kind (commitments or tensions) over one or more documents."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    hard_negatives: int = 0
    hard_negatives_taken: int = 0
    false_positives: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: SentenceScore) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.hard_negatives += other.hard_negatives
        self.hard_negatives_taken += other.hard_negatives_taken
        self.false_positives.extend(other.false_positives)
        self.missed.extend(other.missed)


def score_sentences(predicted: Sequence[str], positives: Sequence[GoldItem], borderline: Sequence[GoldItem],
                    negatives: Sequence[GoldItem] = ()) -> SentenceScore:
    """Precision/recall of predicted sentences against gold evidence of one document.

    A predicted sentence that hits a positive is a true positive (several sentences hitting the same
    positive count once; the others are neither); one that hits only a borderline item is ignored; any
    other is a false positive, and a hard negative taken when it hits a ``non_commitments`` item.
    ``predicted`` must already be restricted to the scope (see ``scope_span``).
    """
    score = SentenceScore(hard_negatives=len(negatives))
    found: set[int] = set()
    taken: set[int] = set()
    for sentence in predicted:
        hit = first_match(sentence, positives)
        if hit is not None:
            if hit not in found:
                found.add(hit)
                score.tp += 1
            continue
        if first_match(sentence, borderline) is not None:
            continue
        score.fp += 1
        score.false_positives.append(sentence)
        negative = first_match(sentence, negatives)
        if negative is not None:
            taken.add(negative)
    score.hard_negatives_taken = len(taken)
    for index, item in enumerate(positives):
        if index not in found:
            score.fn += 1
            score.missed.append(item.evidence)
    return score


GENRE_GROUPS: dict[str, str] = {
    "debate": "debate",
    "contract": "contract/regulation",
    "regulation": "contract/regulation",
    "policy_note": "policy note",
    "newsletter": "newsletter/presentation",
    "presentation": "newsletter/presentation",
    "blog": "blog",
}


def genre_group(genre: str) -> str:
    return GENRE_GROUPS.get(genre, genre)
