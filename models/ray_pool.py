"""Reading and embedding across a Ray cluster, for one writer: the role of ``models.parallel.ProcessPool``.

Each worker is a Ray actor holding the Dutch NLP pipeline and the embedder, each loaded once (on first use).
The calling process stays the only writer of the store: ``models.indexer.ingest_paths`` sends only new or
changed files, and writes every result in its own transaction, in file order, exactly as with local processes.

A cluster's nodes need not share the driver's file system, so a file travels as its bytes: the driver reads
it, the worker writes them to a temporary file of the same name (the suffix picks the reader, the name may
give the title) and parses that under the source name the local path gives (``docs/x.pdf``).

A killed worker loses nothing: Ray restarts the actor (``max_restarts=-1``) and runs the tasks it held again
(``max_task_retries``). Only when a task fails on every attempt does the file fail, with one line (a read), or
the embedding stop with one line (``rodedraad work`` embeds what is left); nothing is written twice, because
only the driver writes and it writes each finished read once.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np

from rodedraad.errors import ClusterUnavailable, ModelUnavailable, RodedraadError

if TYPE_CHECKING:
    from models.embedders.base import Embedder
    from models.nlp import DutchNLP
    from models.parallel import ReadResult

TASK_RETRIES = 2  # runs of a task after its actor died, before the file (or the embedding) fails
LOCAL_OBJECT_STORE_BYTES = 256 * 2**20  # a local Ray's shared memory; beyond it Ray spills objects to disk
CONNECT_TIMEOUT = 5.0  # seconds to reach the cluster's address (Ray itself would retry for minutes)
# addresses ``ray.init`` resolves itself: no host to probe
_SYMBOLIC_ADDRESSES = frozenset({"auto", "local"})

T = TypeVar("T")


class RayPool:
    """``workers`` Ray actors (None: one per CPU of the cluster) that read files (``read``) and embed texts
    (``embed``) for one writer, each actor on one CPU.

    ``address``: None starts a local Ray on this machine (unless this process is already connected to one);
    ``HOST:PORT`` joins a running cluster (``ray start --head`` prints it); ``ray://HOST:PORT`` (Ray Client) is
    passed on to Ray but untested here (it needs ``ray[client]``, which the extras do not install).
    ``model``: the name of the writer's embedder; every worker must load the same model (on another machine a
    fitted model under ``home`` may be missing), or the pool refuses to start."""

    def __init__(self, workers: int | None, *, embedder: str, home: Path | None = None,
                 address: str | None = None, model: str | None = None) -> None:
        if workers is not None and workers < 1:
            raise ValueError(f"a Ray pool needs at least one worker, not {workers}")
        ray = _import_ray()
        self._ray = ray
        self._actors: list[Any] = []
        self._started = _connect(ray, address, num_cpus=max(workers or 1, os.cpu_count() or 1))
        cpus = int(ray.cluster_resources().get("CPU", 0))
        if workers is not None and workers > cpus:
            self.close()
            raise ClusterUnavailable(f"the Ray cluster has {cpus} CPUs, too few for {workers} workers of one CPU "
                                     "each; ask for fewer with --processes")
        workers = workers or max(cpus, 1)
        self.processes = workers
        actor = ray.remote(_RayWorker).options(num_cpus=1, max_restarts=-1, max_task_retries=TASK_RETRIES)
        self._actors = [actor.remote(embedder, str(home) if home else None) for _ in range(workers)]
        self._load = [0] * workers  # tasks submitted and not yet finished, per actor
        self._lock = threading.Lock()
        if model is not None:
            self._check_model(model)

    def read(self, file: Path, source: str, max_bytes: int) -> Future[ReadResult]:
        """Ship the file's bytes to the least busy worker; a failure comes back as its one line."""
        try:
            data = file.read_bytes()
        except OSError as exc:
            return _done(f"{source}: cannot read the file ({exc.strerror or exc})")
        return self._submit("read", (file.name, data, source, max_bytes),
                            lambda problem: f"{source}: the Ray worker reading it failed ({problem})")

    def embed(self, texts: list[str]) -> Future[np.ndarray]:
        return self._submit("embed", (texts,), _embedding_failed)

    def worker_pids(self) -> list[int]:
        """The process id of each worker (for tests and diagnostics: a restarted actor has a new one)."""
        return [int(pid) for pid in self._ray.get([actor.pid.remote() for actor in self._actors])]

    def _check_model(self, model: str) -> None:
        try:
            loaded = self._ray.get([actor.model.remote() for actor in self._actors])
        except self._ray.exceptions.RayError as exc:
            self.close()
            cause = getattr(exc, "cause", None) or exc  # what the worker raised, without Ray's wrapping
            raise ClusterUnavailable(f"the Ray workers could not load the embedder ({_first_line(cause)})") from None
        other = next((name for name in loaded if name != model), None)
        if other is not None:
            self.close()
            raise ModelUnavailable(f"the Ray workers embed with {other}, this store with {model}; install the "
                                   "same model on every node (a fitted static model lives under --home)")

    def close(self) -> None:
        for actor in self._actors:
            self._ray.kill(actor)
        self._actors = []
        if self._started:
            self._ray.shutdown()

    def __enter__(self) -> RayPool:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _submit(self, method: str, args: tuple[Any, ...], on_failure: Callable[[str], Any]) -> Future[Any]:
        """Run ``method`` on the actor with the fewest unfinished tasks. Ray's own errors (the actor died on
        every attempt, the node was lost) go through ``on_failure``; what the task itself raised comes back as
        raised: a ``RodedraadError`` as itself (one line), anything else as Ray's error with the worker's
        traceback (a bug)."""
        with self._lock:
            index = min(range(len(self._actors)), key=self._load.__getitem__)
            self._load[index] += 1
        ref = getattr(self._actors[index], method).remote(*args)
        outcome: Future[Any] = Future()

        def finished(ray_future: Future[Any]) -> None:
            with self._lock:
                self._load[index] -= 1
            try:
                outcome.set_result(ray_future.result())
            except self._ray.exceptions.RayTaskError as exc:  # raised by our code inside the worker
                cause = getattr(exc, "cause", None)  # an expected error stays one line; anything else is a bug
                outcome.set_exception(cause if isinstance(cause, RodedraadError) else exc)
            except self._ray.exceptions.RayError as exc:
                try:
                    outcome.set_result(on_failure(_first_line(exc)))
                except RodedraadError as error:
                    outcome.set_exception(error)

        ref.future().add_done_callback(finished)
        return outcome


class _RayWorker:
    """One Ray actor: parses shipped files and embeds texts, with one inference thread."""

    def __init__(self, embedder: str, home: str | None) -> None:
        os.environ["OMP_NUM_THREADS"] = "1"  # before the first engine is loaded
        self._embedder_name, self._home = embedder, home
        self._nlp: DutchNLP | None = None
        self._embedder: Embedder | None = None

    def pid(self) -> int:
        return os.getpid()

    def read(self, name: str, data: bytes, source: str, max_bytes: int) -> ReadResult:
        from models.parallel import read_records

        with tempfile.TemporaryDirectory(prefix="rodedraad-ray-") as folder:
            file = Path(folder) / name
            file.write_bytes(data)
            return read_records(file, source, max_bytes, self._dutch_nlp())

    def embed(self, texts: list[str]) -> np.ndarray:
        return self._loaded_embedder().embed(texts, kind="passage")

    def model(self) -> str:
        return self._loaded_embedder().name

    def _loaded_embedder(self) -> Embedder:
        if self._embedder is None:
            from models.embedders.registry import load_embedder

            self._embedder = load_embedder(self._embedder_name, threads=1,
                                           home=Path(self._home) if self._home else None)
        return self._embedder

    def _dutch_nlp(self) -> DutchNLP:
        if self._nlp is None:
            from models.nlp import DutchNLP

            self._nlp = DutchNLP()
        return self._nlp


def _import_ray() -> Any:
    try:
        import ray
    except ImportError:
        raise ClusterUnavailable("--ray needs Ray, which is not installed here: pip install 'rodedraad[ray]' "
                                 "(the same Ray version as the cluster's)") from None
    return ray


def _connect(ray: Any, address: str | None, *, num_cpus: int) -> bool:
    """Join the cluster at ``address`` or start a local Ray; True when this call started (and so owns) it."""
    remote = address if address is not None and address != "local" else None
    if remote is not None:
        _check_reachable(remote)
    if ray.is_initialized():
        return False  # this process is already connected (a test's local Ray, an embedding application)
    quiet = {"logging_level": logging.ERROR, "log_to_driver": False}
    if remote is None:
        ray.init(address="local", num_cpus=num_cpus, include_dashboard=False,
                 object_store_memory=LOCAL_OBJECT_STORE_BYTES, **quiet)
        return True
    with _native_stderr_captured() as captured:
        try:
            ray.init(address=remote, **quiet)
        except (ConnectionError, RuntimeError, ValueError, ImportError) as exc:
            if "InvalidAuthToken" in captured.read():
                raise ClusterUnavailable(f"the Ray cluster at {address} refused this process's token; set "
                                         "RAY_AUTH_MODE=token and the cluster's RAY_AUTH_TOKEN (`ray get-auth-token` "
                                         "on the head node)") from None
            raise ClusterUnavailable(f"cannot join the Ray cluster at {address}: {_first_line(exc)}") from None
    return True


class _Captured:
    def __init__(self, file: Any) -> None:
        self._file = file

    def read(self) -> str:
        self._file.seek(0)
        return str(self._file.read().decode("utf-8", "replace"))


@contextlib.contextmanager
def _native_stderr_captured() -> Iterator[_Captured]:
    """Ray's C++ client logs every failed connection attempt straight to file descriptor 2, once a second
    while it retries; held here, so that a failure stays the one line the CLI prints."""
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile() as held:
        os.dup2(held.fileno(), 2)
        try:
            yield _Captured(held)
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)


def _check_reachable(address: str) -> None:
    """Fail in seconds, with one line, when nothing listens at the address (``ray.init`` waits minutes)."""
    if address in _SYMBOLIC_ADDRESSES:
        return
    host, _, port = address.removeprefix("ray://").rpartition(":")
    if not host or not port.isdigit():
        raise ClusterUnavailable(f"the Ray address {address!r} is not HOST:PORT, ray://HOST:PORT or auto")
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=CONNECT_TIMEOUT).close()
    except OSError as exc:
        raise ClusterUnavailable(f"cannot reach the Ray cluster at {address} "
                                 f"({exc.strerror or type(exc).__name__}); is `ray start --head` running there?"
                                 ) from None


def _embedding_failed(problem: str) -> np.ndarray:
    raise RodedraadError(f"a Ray worker could not embed a batch of passages ({problem}); the files are stored, "
                         "`rodedraad work` embeds what is missing")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _done(value: T) -> Future[T]:
    future: Future[T] = Future()
    future.set_result(value)
    return future
