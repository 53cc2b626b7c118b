"""Hybrid search: BM25 over Dutch-normalised terms (SQLite FTS5) + faiss over e5 vectors, fused by RRF.

Reciprocal rank fusion needs no score calibration between the two lists, and measured best on the seeds
(DESIGN.md: MRR@10 0.78 hybrid vs 0.67 BM25 and 0.66 vectors alone). Every hit says why it matched: the query
terms it contains, highlighted, and its rank in each list.

``RRF_K`` = 10 (was 60): a smaller k lets a passage that one list ranks first count for more than one that
both lists rank 20th. Chosen on the tuning halves of the three query sets (gold documents ``TUNE`` in
eval/eval_gold_themes_search.py, even-numbered demo and seed queries) from k in 2, 5, 10, 20, 60; on the
halves it was not chosen on, MRR@10 went gold 0.511 → 0.535, seeds 0.698 → 0.719, demo 0.502 → 0.490.
Tried on the same halves and left out, because none moved MRR@10 by more than a few hundredths on both
(docs/BENCHMARKS.md, "Search quality"): a lower weight for the lexical list, a lexical weight from the
query's lexical evidence, query-only stop words for light verbs, BM25 k1/b, one score
per query word over its variant terms, title terms, a document prior and neighbour smoothing of the
cosines, pseudo-relevance feedback on the query vector, and a best-window (proximity) re-ranking.

Kept since, measured on the gold queries (eval/eval_gold_themes_search.py; tune / held-out documents), hybrid
MRR@10 0.554 / 0.535 → 0.569 / 0.582, contract/regulation 0.383 → 0.460, 8 of 8 off-topic queries still empty:
the best single-list contribution added to the RRF sum (``_fuse``: the two lists fail on different questions,
so one list's first passage should not lose to a passage both put 10th), question words such as "hoeveel"
dropped from the query's terms (``rodedraad/data/search_query_words.txt``), and a query word that no passage
holds split into parts that passages do hold ("ketenpartners" → keten, partner; ``Searcher._compound_parts``).
Left out after measuring: score fusion (z-scored or min-max BM25 and cosine; better on the tuning half, worse
held out), a weight per list from its own top-score margin, the query embedded as an e5 "passage: " (MRR
0.07 alone) and a static-embedder best-sentence list (its gain came from the static model having been fitted
on the gold documents' own sentences; fitted without them it lowered held-out MRR).
Measured since and left out (gold hybrid MRR@10 tune / held out, from 0.569 / 0.582): passages embedded
with their context, "document title / nearest heading or speaker" before the text (semantic 0.544 / 0.441
→ 0.582 / 0.454, within the gold passage's own document 0.755 / 0.727 → 0.772 / 0.765, but hybrid 0.593 /
0.560; it would also change the vectors themes cluster); the same context as extra lexical terms of the
passage (title 0.606 / 0.567, heading 0.572 / 0.593, heading and speaker 0.558 / 0.610: no gain on both
halves); a third list ranking the first 40 fused passages by the IDF share of query words in their best
window of 2 sentences (weight 1: 0.597 / 0.577; 0.5: 0.584 / 0.573; 3 sentences: 0.559 / 0.575); the query
vector averaged with that of its content words alone (0.579 / 0.558); and again RRF k 5 / 20, best-list
weight 0.5 / 2 and 50 / 200 candidates (each within 0.02 of the current values, none better on both).

Kept since (gold hybrid MRR@10 all / tune / held out 0.577 / 0.569 / 0.582 → 0.618 / 0.586 / 0.642, recall@5
0.713 → 0.761, semantic alone 0.485 / 0.544 / 0.441 → 0.560 / 0.567 / 0.556, contract/regulation semantic
0.189 → 0.317, 15 of 94 gold queries unanswered in the top 10 (was 17), off-topic 8 of 8 still empty; seeds
hybrid 0.730 → 0.765, demo 0.520 → 0.536): sentence
windows (``models.windows``: 3 consecutive sentences, 2 apart, of every passage longer than 3 sentences) are
embedded beside the passage, and a passage's semantic score is ``PASSAGE_SHARE`` (0.3) of its own cosine plus
0.7 of its best window's (``_blended``; a passage of at most 3 sentences keeps its own cosine). A long article
averages its subjects into one vector; its window on the question's subject does not. Candidates are the
passages nearest by their own vector or by a window (a second faiss index, ``Store.load_window_index``), scored
exactly; the null level of the floor is measured the same way. Chosen on the tuning documents among: the best
window alone (0.570 / 0.660), the better of passage and best window (0.551 / 0.671), a passage share of 0.3 /
0.5 / 0.7 (0.586 / 0.641, 0.570 / 0.632, 0.571 / 0.627) and the best window as a third RRF list (weight 0.5
or 1; below the current fusion on held-out documents in a first measurement). Per genre it is not all gain:
debates of the tuning half lost (hybrid 0.517 → 0.453), their held-out half gained (0.687 → 0.703). Cost: 2.3
window vectors per passage on the gold corpus (5,234 for 2,264 passages; 70 % of passages have windows), so
embedding at ingest takes about twice as long (docs/BENCHMARKS.md).

Measured since and left out (gold hybrid MRR@10 tune / held out from 0.586 / 0.650 on the current store;
docs/BENCHMARKS.md, "Fifth round"): score fusion (min-max or z, lexical weight 0.3–0.5: 0.63–0.65 / 0.61), document
evidence from the fused scores of a document's passages (sum or mean of its best 2–3, its share of both top-20
lists: 0.55–0.58 / 0.56–0.65), dense and lexical pseudo-relevance feedback (0.57–0.60 / 0.62–0.65), neighbouring
passages' scores (0.59–0.60 / 0.60–0.65), a window BM25 for the lexical list (0.59 / 0.64), a learned re-ranker
and a document-centroid prior. A penalty for long documents or for a document's share of both lists gains on
both halves (0.603 / 0.694) only because the annotated documents are among the corpus's shortest: not kept.

Nothing relevant: RRF always returns ``top_k`` passages, also for a question the store knows nothing
about. ``Searcher.find`` therefore weighs the evidence before it answers (``relevance_of``):

- semantic: the best passage's cosine against a null model: the best cosines that everyday questions no
  policy text answers (``rodedraad/data/search_null_queries.txt``) reach in this store with this embedder.
  e5 gives any two Dutch texts a cosine near 0.8, so only the margin above that null level says something;
  it is measured in standard deviations of the null cosines (``semantic_z``);
- lexical: the IDF-weighted share of the query's words that the best BM25 passage holds;
- unknown words: the share of the query's content words that no passage has. A question about football
  or recipes is mostly words the store has never seen; an adviser's paraphrase rarely is.

A query is answered when fewer than ``UNKNOWN_CEILING`` of its words are unknown and either evidence
reaches its floor (``LEXICAL_FLOOR``; ``SEMANTIC_FLOOR`` scaled by the unknown share, so a query in the
store's own words needs only to beat an everyday question; calibrated in eval/eval_gold_themes_search.py on
the gold queries of some documents and off-topic questions). Otherwise the answer is no hits and a note.
"""

from __future__ import annotations

import html
import math
import threading
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Literal, Protocol

import numpy as np

from models.embedders.base import Embedder
from models.indexer import sync_index
from models.store import DocumentFilters, Store, StoredPassage
from models.vector_index import VectorIndex
from rodedraad.dutch import QUERY_STOP_WORDS, load_word_list
from rodedraad.errors import InvalidRequest

SearchMode = Literal["hybrid", "lexical", "semantic"]
SEARCH_MODES: tuple[SearchMode, ...] = ("hybrid", "lexical", "semantic")
RRF_K = 10
# weight of a passage's best single-list contribution added to its RRF sum (see ``_fuse``)
BEST_LIST_WEIGHT = 1.0
CANDIDATES = 100
# semantic score of a passage with sentence windows (``models.windows``): this share of its own cosine, the rest
# its best window's; and the windows asked of the window index per passage wanted (a passage has ~3)
PASSAGE_SHARE = 0.3
WINDOW_FANOUT = 3
# below this many filtered passages, filtered semantic search scores them exactly instead of asking faiss
EXACT_FILTER_LIMIT = 50_000
# threads per searcher finding semantic lists beside the lexical search (``Searcher._helpers``)
SEMANTIC_THREADS = 8
SNIPPET_CHARS = 320
# relevance floor (see the module note): a z-score of the best cosine against the background sample, and an
# IDF-weighted share of the query's words held by the best lexical passage
SEMANTIC_FLOOR = 1.0
LEXICAL_FLOOR = 0.6
UNKNOWN_CEILING = 0.5
_MIN_SPREAD = 0.01
_NULL_CANDIDATES = 10  # passages blended per null query (its best is the null level)
_FREQUENCY_CACHE = 200_000  # terms whose passage counts are kept per store generation
# splitting a query word no passage holds into parts the store knows (``Searcher._compound_parts``)
_COMPOUND_MIN_CHARS = 8
_COMPOUND_MIN_HEAD = 4
_COMPOUND_MIN_MODIFIER = 3
_COMPOUND_MAX_CHARS = 40  # longer is no word: each cut costs a lemma and a term count, so the work stays bounded
NULL_QUERIES: tuple[str, ...] = tuple(sorted(load_word_list("search_null_queries")))
NOTHING_RELEVANT = "Niets relevants gevonden: geen passage gaat over deze vraag."


class TermAnalyzer(Protocol):
    def index_terms(self, text: str) -> list[str]: ...

    def term_spans(self, text: str) -> list[tuple[str, int, int]]: ...


@dataclass(frozen=True)
class SearchHit:
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
    score: float
    matched_terms: tuple[str, ...]
    lexical_rank: int | None
    semantic_rank: int | None
    semantic_score: float | None
    speaker: str | None = None  # who speaks in the passage (debates); None elsewhere


@dataclass(frozen=True)
class Relevance:
    """The evidence that a query has an answer in the store (``Searcher.relevance_of``)."""

    semantic_z: float | None  # best cosine above the null queries' best cosines, in their standard deviations
    lexical_share: float  # IDF-weighted share of query words in the best lexical passage
    unknown_share: float  # share of the query's words that no passage has
    relevant: bool


@dataclass(frozen=True)
class SearchResult:
    """Hits, or none and a note saying that nothing relevant was found."""

    hits: list[SearchHit] = field(default_factory=list)
    note: str | None = None
    relevance: Relevance | None = None


@dataclass(frozen=True)
class _QueryWord:
    """One word of a query: its index terms (lemma first) and, when passages lack its lemma, the parts of it
    that passages hold (``Searcher._compound_parts``)."""

    span: tuple[int, int]
    terms: tuple[str, ...]
    first_held: bool  # some passage holds its first (lemma) term
    any_held: bool  # some passage holds one of its terms
    parts: tuple[str, ...]


class Searcher:
    """Holds what a search needs; reloads the faiss index when the store's generation moves on."""

    def __init__(self, store: Store, embedder: Embedder, analyzer: TermAnalyzer) -> None:
        self.store = store
        self.embedder = embedder
        self.analyzer = analyzer
        self._index: VectorIndex | None = None
        self._index_generation = -1
        # exact scores from the passage index in use and the window index written with it (``_exact_scorer``)
        self._scorer: _ExactScorer | None = None
        self._pool: ThreadPoolExecutor | None = None  # ``_helpers``, started on the first hybrid search
        self._pool_lock = threading.Lock()
        self._null_vectors: np.ndarray | None = None
        self._null_level: tuple[int, float, float] | None = None  # (generation, mean, spread)
        self._frequencies: tuple[int, dict[str, int]] = (-1, {})  # (generation, passages per term)
        self._passages: tuple[int, int] = (-1, 0)  # (generation, passages in the store)
        # the last query's words (``_analysed``), keyed by query and store generation
        self._last_analysis: tuple[tuple[str, int], tuple[_QueryWord, ...]] | None = None

    def _null_cosines(self) -> tuple[float, float]:
        """Mean and spread of the best cosines the null queries reach in this store (per generation)."""
        generation = self.store.generation
        if self._null_level is None or self._null_level[0] != generation:
            if self._null_vectors is None:
                self._null_vectors = np.asarray(self.embedder.embed(list(NULL_QUERIES), kind="query"),
                                                dtype=np.float32)
            best = [found[0][1] for found in (self._best_of_both(vector, _NULL_CANDIDATES) for vector in
                                              self._null_vectors) if found]
            mean = float(np.mean(best)) if best else 0.0
            spread = max(float(np.std(best)) if best else 0.0, _MIN_SPREAD)
            self._null_level = (generation, mean, spread)
        return self._null_level[1], self._null_level[2]

    def _vector_index(self) -> VectorIndex:
        generation = self.store.generation
        if self._index is None or self._index_generation != generation:
            index = self.store.load_index(self.embedder.name)
            if index is None:  # stale or missing after a crash or a model switch: rebuild from cache
                sync_index(self.store, self.embedder)
                index = self.store.load_index(self.embedder.name)
            assert index is not None
            self._index, self._index_generation = index, generation
        return self._index

    def _helpers(self) -> ThreadPoolExecutor:
        """Threads that find a query's semantic list while the calling thread runs its lexical search (one
        searcher may serve several request threads at once)."""
        if self._pool is None:
            with self._pool_lock:
                if self._pool is None:
                    self._pool = ThreadPoolExecutor(max_workers=SEMANTIC_THREADS,
                                                    thread_name_prefix="rodedraad-semantic")
        return self._pool

    def _meaning(self, query: str, k: int, scorer: _ExactScorer) -> list[tuple[int, float]]:
        """The query's ``k`` best passages by meaning, unfiltered (runs in a helper thread)."""
        return scorer.best_of_both(self.embedder.embed([query], kind="query")[0], k)

    def _window_index(self) -> VectorIndex | None:
        """The sentence-window index written with the passage index in use (None for a store without one)."""
        return self._exact_scorer().windows

    def _exact_scorer(self) -> _ExactScorer:
        """The exact scorer over the passage index in use and the window index written with it."""
        index = self._vector_index()
        scorer = self._scorer
        if scorer is None or scorer.passages is not index:
            scorer = _ExactScorer.of(index, self.store.load_window_index(self.embedder.name))
            self._scorer = scorer
        return scorer

    def _best_of_both(self, vector: np.ndarray, k: int) -> list[tuple[int, float]]:
        """The ``k`` best passages by ``_blended`` score, among those whose own vector or one of whose
        sentence windows is nearest to ``vector``."""
        return self._exact_scorer().best_of_both(vector, k)

    def _blended(self, vector: np.ndarray, rowids: Sequence[int]) -> list[tuple[int, float]]:
        """``rowids`` best first by ``PASSAGE_SHARE`` of their own cosine plus the rest of their best sentence
        window's (a passage without windows, short or not yet windowed, by its own cosine alone)."""
        return self._exact_scorer().blended(vector, np.asarray(rowids, dtype=np.int64))

    def search(
        self,
        query: str,
        *,
        top_k: int = 10,
        mode: SearchMode = "hybrid",
        filters: DocumentFilters = DocumentFilters(),
        relevance_floor: bool = True,
    ) -> list[SearchHit]:
        """The hits of ``find``: an empty list when nothing relevant was found."""
        return self.find(query, top_k=top_k, mode=mode, filters=filters, relevance_floor=relevance_floor).hits

    def find(
        self,
        query: str,
        *,
        top_k: int = 10,
        mode: SearchMode = "hybrid",
        filters: DocumentFilters = DocumentFilters(),
        relevance_floor: bool = True,
    ) -> SearchResult:
        """Hits best first, or no hits and a note when the evidence is below the relevance floor."""
        query = query.strip()
        if not query:
            raise InvalidRequest("the search query is empty")
        if mode not in SEARCH_MODES:
            raise InvalidRequest(f"unknown search mode {mode!r}; use one of {', '.join(SEARCH_MODES)}")
        if top_k < 1:
            raise InvalidRequest(f"top_k must be at least 1, got {top_k}")
        candidates = max(CANDIDATES, top_k * 3)
        query_terms = self.query_terms(query)
        deciding = self._deciding_terms(query_terms)
        wants_vector = mode != "lexical" or relevance_floor
        # the lexical evidence of the floor is its first 10 passages (``relevance_of``)
        lexical_k = candidates if mode != "semantic" else 10 if relevance_floor else 0
        meaning: Future[list[tuple[int, float]]] | None = None
        if wants_vector and lexical_k and not filters.active:
            # the two lists at once: the query embedding, faiss and numpy on one core, FTS5 on the other (each
            # releases the GIL). The scorer is resolved here, so the other thread reads nothing from the store.
            meaning = self._helpers().submit(self._meaning, query, candidates, self._exact_scorer())
        lexical = self.store.lexical_search(deciding, lexical_k, filters) if lexical_k else []
        if meaning is not None:
            semantic = meaning.result()
        elif wants_vector:
            semantic = self._semantic(self.embedder.embed([query], kind="query")[0], candidates, filters)
        else:
            semantic = []
        relevance = None
        if relevance_floor:  # the evidence does not depend on how hits are ranked: both kinds, every mode
            relevance = self.relevance_of(query, lexical, semantic)
            if not relevance.relevant:
                return SearchResult([], NOTHING_RELEVANT, relevance)
        if mode == "lexical":
            semantic = []  # measured for the floor only
        if mode == "semantic":
            lexical = []  # likewise
        # an embedder may weigh its list in the fusion (the fast static profile's list counts less)
        fused = _fuse(lexical, semantic, mode, float(getattr(self.embedder, "fusion_weight", 1.0)))[:top_k]
        stored = self.store.passages_by_rowid([rowid for rowid, _ in fused])
        lexical_rank = {rowid: rank for rank, (rowid, _) in enumerate(lexical, start=1)}
        semantic_rank = {rowid: rank for rank, (rowid, _) in enumerate(semantic, start=1)}
        semantic_score = dict(semantic)
        wanted = set(query_terms)
        hits = []
        for rowid, score in fused:
            if rowid not in stored:  # removed between index build and now
                continue
            item = stored[rowid]
            highlight, matched = self.highlight(item.passage.text, wanted)
            hits.append(_hit(item, highlight, matched, score, lexical_rank.get(rowid),
                             semantic_rank.get(rowid), semantic_score.get(rowid)))
        return SearchResult(hits, None, relevance)

    def relevance_of(
        self,
        query: str,
        lexical: Sequence[tuple[int, float]],
        semantic: Sequence[tuple[int, float]],
    ) -> Relevance:
        """Is there evidence that the store answers ``query``? See the module note for the measures."""
        semantic_z = None
        if semantic:
            mean, spread = self._null_cosines()
            semantic_z = (semantic[0][1] - mean) / spread
        words = self._query_words(query)
        frequencies = self._document_frequencies({term for terms in words.values() for term in terms})
        unknown = sum(1 for terms in words.values() if not any(frequencies[t] for t in terms))
        unknown_share = unknown / len(words) if words else 0.0
        lexical_share = self._lexical_share(words, frequencies, [rowid for rowid, _ in lexical[:10]])
        # the fewer of its words the store knows, the more semantic evidence a query needs: off-topic questions
        # are mostly words no passage has, while an adviser's paraphrase in the store's own words is on topic
        # unless its meaning lies below an everyday question's (z < 0)
        floor = float(getattr(self.embedder, "semantic_floor", SEMANTIC_FLOOR))  # calibrated per embedder
        semantic_floor = floor * min(1.0, unknown_share / UNKNOWN_CEILING)
        evidence = (semantic_z is not None and semantic_z >= semantic_floor) or lexical_share >= LEXICAL_FLOOR
        relevant = evidence and unknown_share < UNKNOWN_CEILING
        return Relevance(None if semantic_z is None else round(semantic_z, 3),
                         round(lexical_share, 3), round(unknown_share, 3),
                         relevant)

    def query_terms(self, query: str) -> list[str]:
        """The lexical terms of a query: its index terms less question words (``QUERY_STOP_WORDS``), and for
        a word no passage holds, the parts of it that passages do hold (``_compound_parts``)."""
        terms: list[str] = []
        for word in self._analysed(query):
            if word.terms[0] in QUERY_STOP_WORDS:
                continue
            terms.extend(word.terms)
            if not word.first_held:
                terms.extend(part for part in word.parts if part not in word.terms)
        return terms

    def _analysed(self, query: str) -> tuple[_QueryWord, ...]:
        """The query's words, each with its terms and, when passages lack them, its compound parts: one
        ``term_spans`` pass shared by ``query_terms`` and ``_query_words`` (both run on every search)."""
        if self._last_analysis is not None and self._last_analysis[0] == (query, self.store.generation):
            return self._last_analysis[1]
        spans: dict[tuple[int, int], list[str]] = {}
        for term, start, end in self.analyzer.term_spans(query):
            spans.setdefault((start, end), []).append(term)
        frequencies = self._document_frequencies({term for terms in spans.values() for term in terms})
        words = []
        for (start, end), terms in spans.items():
            first_held = bool(frequencies[terms[0]])
            any_held = any(frequencies[term] for term in terms)
            parts = tuple(self._compound_parts(query[start:end])) if not first_held else ()
            words.append(_QueryWord((start, end), tuple(terms), first_held, any_held, parts))
        analysed = tuple(words)
        self._last_analysis = ((query, self.store.generation), analysed)
        return analysed

    def _compound_parts(self, word: str) -> list[str]:
        """Modifier and head terms of a compound the store does not hold, each a term it does hold:
        "ketenpartners" → keten, partner; "huiseigenaren" → huis, eigenaar.

        The lemmatiser splits only compounds its dictionary lacks, so a known compound that no passage has
        ("arbeidscontract", "vragenlijst") met nothing. Dutch compounds are head-final: the longest head
        whose lemma passages hold wins, with a modifier (a linking s off when needed) that gives a held term.
        A head whose lemma is no longer its spelling ("genoten" → "genieten") is not read as a lemma."""
        lowered = word.lower()
        if not _COMPOUND_MIN_CHARS <= len(lowered) <= _COMPOUND_MAX_CHARS or not lowered.isalpha():
            return []
        for cut in range(_COMPOUND_MIN_MODIFIER, len(lowered) - _COMPOUND_MIN_HEAD + 1):
            head = self._held_lemma(lowered[cut:])
            if head is None or not _same_stem(head, lowered[cut:]):
                continue
            modifier = lowered[:cut]
            candidates = [modifier]
            if modifier.endswith("s") and len(modifier) > _COMPOUND_MIN_MODIFIER + 1:
                candidates.append(modifier[:-1])  # the linking s of "prijs|stijging" vs "arbeid|s|contract"
            for candidate in candidates:
                modifier_lemma = self._held_lemma(candidate)
                if modifier_lemma is not None:
                    return [modifier_lemma, head]
        return []

    def _held_lemma(self, piece: str) -> str | None:
        """The lemma term of a piece of a word when some passage holds it, else None."""
        terms = self.analyzer.index_terms(piece)[:1]
        if not terms or terms[0] in QUERY_STOP_WORDS or not self._document_frequencies(set(terms))[terms[0]]:
            return None
        return terms[0]

    def _query_words(self, query: str) -> dict[tuple[int, int], set[str]]:
        """The query's content words, each with all the terms it gives (lemma, word family, compound parts);
        a word no passage holds stands for the parts of it that passages do hold ("ketenpartners" is known
        when "keten" and "partner" are), as in ``query_terms``."""
        return {word.span: set(word.parts if not word.any_held and word.parts else word.terms)
                for word in self._analysed(query)}

    def _document_frequencies(self, terms: set[str]) -> dict[str, int]:
        """Passages holding each term, counted once per store generation (every search needs them for the
        floor; a COUNT per word on every search cost as much as the BM25 ranking itself at 100k passages)."""
        generation = self.store.generation
        if self._frequencies[0] != generation or len(self._frequencies[1]) > _FREQUENCY_CACHE:
            self._frequencies = (generation, {})
        known = self._frequencies[1]
        for term in [term for term in terms if term not in known]:  # no view of a dict other threads fill
            known[term] = int(self.store.query("SELECT COUNT(*) FROM passage_terms WHERE passage_terms MATCH ?",
                                               ('"' + term.replace('"', '""') + '"',))[0][0])
        return {term: known[term] for term in terms}

    def _deciding_terms(self, terms: Sequence[str]) -> list[str]:
        """The query terms that can move the BM25 ranking: FTS5 gives a term in half the passages or more an
        IDF of ~0 (``log((N - n + 0.5) / (n + 0.5)) <= 0`` is clamped to 1e-6), so it decides nothing, but
        OR-ed in it makes FTS5 score nearly every passage (at 100k synthetic passages "gemeente" and "zorg"
        each match 60 %). They are left out unless nothing else is left; the ranking stays the same."""
        if not terms:
            return []
        frequencies = self._document_frequencies(set(terms))
        total = self._passage_count()
        deciding = [term for term in terms if frequencies[term] * 2 < total]
        return deciding or list(terms)

    def _passage_count(self) -> int:
        generation = self.store.generation
        if self._passages[0] != generation:
            self._passages = (generation, int(self.store.query("SELECT COUNT(*) FROM passages")[0][0]))
        return self._passages[1]

    def _lexical_share(self, words: dict[tuple[int, int], set[str]], frequencies: dict[str, int],
                       rowids: Sequence[int]) -> float:
        """The IDF-weighted share of the query's words that the best of ``rowids`` holds (0 … 1).

        A word is held when the passage has any of its terms, and weighs the IDF of its rarest term."""
        if not rowids or not words:
            return 0.0
        total = max(1, self._passage_count())
        idf = {term: math.log((total + 1) / (count + 0.5)) for term, count in frequencies.items()}
        marks = ",".join("?" * len(rowids))
        held = [set(row[0].split()) for row in self.store.query(
            f"SELECT terms FROM passage_terms WHERE rowid IN ({marks})", tuple(rowids))]
        weights = {span: max(idf[t] for t in terms) for span, terms in words.items()}
        whole = sum(weights.values()) or 1.0
        return max(sum(w for span, w in weights.items() if words[span] & passage) / whole for passage in held)

    def similar(self, passage_id: str, *, top_k: int = 5, other_documents: bool = True) -> list[SearchHit]:
        """Passages closest in meaning to a stored passage ("meer zoals dit"), by default from other documents."""
        rowid = self.store.rowid_of_passage(passage_id)
        ids, matrix = self.store.passage_vectors(self.embedder.name, [rowid])
        if not len(ids):
            return []
        source = self.store.passages_by_rowid([rowid])[rowid]
        found = self._vector_index().search(matrix[0], top_k * 8 + 1)
        stored = self.store.passages_by_rowid([r for r, _ in found if r != rowid])
        hits = []
        for rank, (other, score) in enumerate(found, start=1):
            item = stored.get(other)
            if item is None or (other_documents and item.passage.doc_id == source.passage.doc_id):
                continue
            hits.append(_hit(item, html.escape(item.passage.text[:SNIPPET_CHARS], quote=False), (), score,
                             None, rank, score))
            if len(hits) == top_k:
                break
        return hits

    def nearest(self, vectors: np.ndarray, k: int, allowed: set[int] | None = None) -> list[list[tuple[int, float]]]:
        """The ``k`` passages closest to each query vector, (rowid, cosine) best first; only ``allowed``
        rowids when given (scored exactly when there are few, as filtered search does)."""
        if allowed is None:
            index = self._vector_index()
            return [index.search(vector, k) for vector in vectors]
        if len(allowed) <= EXACT_FILTER_LIMIT:
            ids, matrix = self.store.passage_vectors(self.embedder.name, sorted(allowed))
            if not len(ids):
                return [[] for _ in vectors]
            scores = vectors @ matrix.T
            results = []
            for row in scores:
                order = np.argsort(-row, kind="stable")[:k]
                results.append([(int(ids[i]), float(row[i])) for i in order])
            return results
        index = self._vector_index()
        return [[(rowid, score) for rowid, score in index.search(vector, k * 10) if rowid in allowed][:k]
                for vector in vectors]

    def _semantic(self, vector: np.ndarray, k: int, filters: DocumentFilters) -> list[tuple[int, float]]:
        """Passages by the blend of their own cosine and their best sentence window's (``_blended``)."""
        if filters.active:
            allowed = self.store.filtered_rowids(filters)
            if len(allowed) <= EXACT_FILTER_LIMIT:
                return self._blended(vector, allowed)[:k]
            allowed_set = set(allowed)
            found = self._best_of_both(vector, k * 10)
            return [(rowid, score) for rowid, score in found if rowid in allowed_set][:k]
        return self._best_of_both(vector, k)

    def highlight(self, text: str, wanted: set[str]) -> tuple[str, tuple[str, ...]]:
        """A snippet around the densest run of matched words, matched words in <mark>, rest escaped."""
        spans = [(start, end, term) for term, start, end in self.analyzer.term_spans(text) if term in wanted]
        matched = tuple(dict.fromkeys(term for _, _, term in spans))
        window_start, window_end = _best_window(text, [(s, e) for s, e, _ in spans])
        pieces: list[str] = ["…" if window_start > 0 else ""]
        cursor = window_start
        for start, end, _ in spans:
            if start < window_start or end > window_end or start < cursor:
                continue
            pieces.append(html.escape(text[cursor:start], quote=False))
            pieces.append(f"<mark>{html.escape(text[start:end], quote=False)}</mark>")
            cursor = end
        pieces.append(html.escape(text[cursor:window_end], quote=False))
        pieces.append("…" if window_end < len(text) else "")
        return "".join(pieces).strip(), matched


@dataclass(frozen=True)
class _ExactScorer:
    """Exact blended scores (``Searcher._blended``) from the vectors the two faiss indexes hold in memory
    (``VectorIndex.stored_vectors``): a passage's row and its windows' rows are found by binary search in
    row ids sorted once per index, and scored with one matrix product each. Reading the candidates' vectors
    back from SQLite (~400 passages and their ~1,000 windows a query) cost ~30 ms at 100k passages; this
    costs well under a millisecond and no memory beyond the row-id arrays. The indexes are written from the
    stored vectors of one generation, so they score what SQLite holds at the generation searched."""

    passages: VectorIndex
    windows: VectorIndex | None
    passage_ids: np.ndarray  # passage row ids, ascending
    passage_rows: np.ndarray  # row of each of them in ``passages.stored_vectors()``
    window_owners: np.ndarray  # passage row id of each window, ascending
    window_rows: np.ndarray  # row of each of them in ``windows.stored_vectors()``

    @classmethod
    def of(cls, passages: VectorIndex, windows: VectorIndex | None) -> _ExactScorer:
        ids = passages.ids()
        order = np.argsort(ids, kind="stable")
        owners = windows.ids() if windows is not None else np.zeros(0, dtype=np.int64)
        window_order = np.argsort(owners, kind="stable")
        return cls(passages, windows, ids[order], order, owners[window_order], window_order)

    def best_of_both(self, vector: np.ndarray, k: int) -> list[tuple[int, float]]:
        """``Searcher._best_of_both``: faiss and numpy only, no store access (safe in another thread)."""
        candidates = [rowid for rowid, _ in self.passages.search(vector, k)]
        if self.windows is not None:
            candidates.extend(rowid for rowid, _ in self.windows.search(vector, k * WINDOW_FANOUT))
        return self.blended(vector, np.unique(np.asarray(candidates, dtype=np.int64)))[:k]

    def blended(self, vector: np.ndarray, rowids: np.ndarray) -> list[tuple[int, float]]:
        """``rowids`` (unique) that have a vector, best first by their blended score (ties by row id)."""
        if not len(rowids) or not len(self.passage_ids):
            return []
        at = np.minimum(np.searchsorted(self.passage_ids, rowids), len(self.passage_ids) - 1)
        held = self.passage_ids[at] == rowids
        ids, rows = rowids[held], self.passage_rows[at[held]]
        if not len(ids):
            return []
        scores = self.passages.stored_vectors()[rows] @ vector
        if self.windows is not None and len(self.window_owners):
            first = np.searchsorted(self.window_owners, ids, side="left")
            counts = np.searchsorted(self.window_owners, ids, side="right") - first
            windowed = counts > 0
            if windowed.any():
                counts = counts[windowed]
                offsets = np.cumsum(counts) - counts  # where each passage's windows start among all taken
                taken = np.repeat(first[windowed] - offsets, counts) + np.arange(int(counts.sum()))
                cosines = self.windows.stored_vectors()[self.window_rows[taken]] @ vector
                best = np.maximum.reduceat(cosines, offsets)
                scores[windowed] = PASSAGE_SHARE * scores[windowed] + (1 - PASSAGE_SHARE) * best
        order = np.lexsort((ids, -scores))
        return [(int(ids[i]), float(scores[i])) for i in order]


def _best_window(text: str, spans: Sequence[tuple[int, int]]) -> tuple[int, int]:
    if len(text) <= SNIPPET_CHARS:
        return 0, len(text)
    best_start, best_count = 0, 0
    for start, _ in spans:
        count = sum(1 for s, e in spans if start <= s and e <= start + SNIPPET_CHARS)
        if count > best_count:
            best_start, best_count = start, count
    start = max(0, best_start - SNIPPET_CHARS // 4)
    # begin and end on word boundaries
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < best_start + 1 else start
    end = min(len(text), start + SNIPPET_CHARS)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    return start, end


def _same_stem(lemma: str, spelling: str) -> bool:
    """Does a lemma keep the spelling of its form up to the ending ("eigenaren" → "eigenaar", "huizen" →
    "huis"), unlike a noun read as a strong verb ("genoten" → "genieten")?"""
    shared = 0
    for a, b in zip(lemma, spelling, strict=False):
        if a != b:
            break
        shared += 1
    return shared >= min(len(lemma), len(spelling)) - 3


def _fuse(
    lexical: list[tuple[int, float]], semantic: list[tuple[int, float]], mode: SearchMode,
    semantic_weight: float = 1.0,
) -> list[tuple[int, float]]:
    """Reciprocal rank fusion plus ``BEST_LIST_WEIGHT`` times a passage's best single-list contribution.

    Plain RRF (k = 10) puts a passage that both lists rank 11th (2/21) above one that a list ranks first and
    the other misses (1/11); on the gold queries the answer is often the latter, because the two lists fail
    on different questions (words the passage lacks, meaning the embedder misses). With the best contribution
    added, the first of either list (2/11) beats a passage both rank 7th (3/17) and loses to one both rank
    6th (3/16): agreement still counts, but no longer over the whole top 10."""
    if mode == "lexical":
        return lexical
    if mode == "semantic":
        return semantic
    scores: dict[int, float] = {}
    best: dict[int, float] = {}
    for ranking, weight in ((lexical, 1.0), (semantic, semantic_weight)):
        for rank, (rowid, _) in enumerate(ranking, start=1):
            contribution = weight / (RRF_K + rank)
            scores[rowid] = scores.get(rowid, 0.0) + contribution
            best[rowid] = max(best.get(rowid, 0.0), contribution)
    fused = {rowid: score + BEST_LIST_WEIGHT * best[rowid] for rowid, score in scores.items()}
    return sorted(fused.items(), key=lambda item: (-item[1], item[0]))


def _hit(
    item: StoredPassage,
    highlight: str,
    matched: tuple[str, ...],
    score: float,
    lexical_rank: int | None,
    semantic_rank: int | None,
    semantic_score: float | None,
) -> SearchHit:
    passage = item.passage
    return SearchHit(
        passage_id=passage.id, doc_id=passage.doc_id, title=item.title, source=item.source, kind=item.kind,
        page=passage.page, start=passage.start, end=passage.end, text=passage.text, highlight=highlight,
        score=round(score, 6), matched_terms=matched, lexical_rank=lexical_rank, semantic_rank=semantic_rank,
        semantic_score=None if semantic_score is None else round(semantic_score, 4), speaker=passage.speaker,
    )
