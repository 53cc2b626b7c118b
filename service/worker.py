"""The worker: drains a store's pending work (``models.work_queue``) in a process of its own.

``rodedraad work`` runs it until nothing is left; ``rodedraad work --follow`` keeps polling for new work (uploads
the API queued, files an ``ingest --no-wait`` stored), which is what ``rodedraad serve`` starts beside the API:
uploads are read, passages embedded and analyses computed there, so a search never waits behind them for the
GIL or a core's inference threads. The worker says it is alive through a heartbeat in the store.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from models import work_queue
from models.store import Store, open_store, store_errors
from service.context import Services

if TYPE_CHECKING:
    from models.parallel import WorkerPool

# the pid of the server a worker process belongs to; the worker stops when that parent is gone
PARENT_ENV = "RODEDRAAD_WORKER_PARENT"
# how often a following worker looks for new work when it has none, and renews its heartbeat
POLL_SECONDS = 0.5
BEAT_SECONDS = 2.0


def run_worker(services: Services, *, follow: bool = False, progress: work_queue.StepCallback | None = None,
               pool: WorkerPool | None = None) -> work_queue.DrainReport:
    """Drain the store's work; with ``follow``, keep waiting for more until SIGTERM or Ctrl-C."""
    from service.views import drainer_of

    stopping = _StopFlag()
    drainer = drainer_of(services, progress=progress, pool=pool)
    settings = services.settings
    heart = _Heartbeat(lambda: open_store(settings.home, settings.database_url), services.embedder.name) \
        if follow else None
    parent = os.environ.get(PARENT_ENV)  # set by WorkerProcess: the server this worker serves
    try:
        while not stopping.set:
            if parent and str(os.getppid()) != parent:
                break  # the server died (even by SIGKILL): no orphan keeps writing to its store
            if drainer.step() is None:
                if not follow:
                    break
                time.sleep(POLL_SECONDS)
    except KeyboardInterrupt:
        pass
    finally:
        stopping.restore()
        if heart is not None:
            heart.stop()
    return drainer.report


class _Heartbeat:
    """Renews the worker's heartbeat from a thread of its own (own connection), also during a long step such
    as loading the model or analysing many documents."""

    def __init__(self, open_own_store: Callable[[], Store], model: str) -> None:
        self._store = open_own_store()
        self._model = model
        self._done = threading.Event()
        work_queue.beat(self._store, model)
        self._thread = threading.Thread(target=self._run, name="rodedraad-heartbeat", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._done.wait(BEAT_SECONDS):
            # a store busy for longer than its timeout: the next beat tries again
            with contextlib.suppress(*store_errors()):
                work_queue.beat(self._store, self._model)

    def stop(self) -> None:
        self._done.set()
        self._thread.join()
        work_queue.stop_beating(self._store)
        self._store.close()


class _StopFlag:
    """Set by SIGTERM: the worker finishes the unit in hand (each commits on its own) and stops."""

    def __init__(self) -> None:
        self.set = False
        self._previous = signal.signal(signal.SIGTERM, self._stop)

    def _stop(self, signum: int, frame: FrameType | None) -> None:
        self.set = True

    def restore(self) -> None:
        signal.signal(signal.SIGTERM, self._previous)


class WorkerProcess:
    """``rodedraad work --follow`` on a store, as a child process of the server (one inference thread)."""

    def __init__(self, home: Path, *, embedder: str, threads: int = 1,
                 log: Callable[[str], None] | None = None, database_url: str | None = None) -> None:
        self.home, self.embedder, self.threads, self.log = home, embedder, threads, log
        self.database_url = database_url
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        env = {**os.environ, "RODEDRAAD_EMBEDDER": self.embedder, "RODEDRAAD_THREADS": str(self.threads),
               "OMP_NUM_THREADS": str(self.threads), PARENT_ENV: str(os.getpid())}
        if self.database_url:
            env["RODEDRAAD_DATABASE_URL"] = self.database_url
        self._process = subprocess.Popen(
            [sys.executable, "-m", "service.cli", "--home", str(self.home), "work", "--follow"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if self.log:
            self.log(f"rodedraad: worker process {self._process.pid} reads uploads, embeds and analyses")

    def alive(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def stop(self, timeout: float = 30.0) -> None:
        if self._process is None:
            return
        if self._process.poll() is None:
            self._process.terminate()  # SIGTERM: the unit in hand is finished (or rolled back) first
            try:
                self._process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._process = None
