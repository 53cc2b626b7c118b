"""Uploads off the request path: a real uvicorn server beside a real worker process (``rodedraad work --follow``).

The upload answers once the worker has read the file (searchable by words), with its document ids and a job;
``GET /jobs/{id}`` follows it to ``done``; a bad re-upload is refused and the stored version kept; a worker
killed with SIGKILL in the middle leaves the job to the next worker, which finishes it.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from models import work_queue
from service.context import Services
from service.settings import Settings
from service.worker import WorkerProcess
from tests.service.live_server import LiveServer


def _note(number: int, sentences: int = 30) -> bytes:
    body = " ".join(f"De provincie en gemeente {number} spreken af dat de buslijnen vanaf {2027 + k % 3} blijven "
                    f"rijden, afspraak {k}." for k in range(sentences))
    return f"Notitie {number} over het streekvervoer\n\n{body}\n".encode()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Services, WorkerProcess]]:
    os.environ["RODEDRAAD_EMBEDDER"] = "fake"  # the worker process reads it too (WorkerProcess passes it on)
    services = Services(Settings(home=tmp_path / "home", embedder="fake"))
    worker = WorkerProcess(services.settings.home, embedder="fake")
    worker.start()
    deadline = time.monotonic() + 120
    while not work_queue.worker_alive(services.store) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert work_queue.worker_alive(services.store), "the worker did not start"
    try:
        with LiveServer(services) as server:
            yield server.url, services, worker
    finally:
        worker.stop()
        services.close()
        os.environ.pop("RODEDRAAD_EMBEDDER", None)


def _follow(client: httpx.Client, job_id: str, until: str, seconds: float = 120) -> dict[str, object]:
    deadline = time.monotonic() + seconds
    while True:
        state: dict[str, object] = client.get(f"/jobs/{job_id}").json()
        if state["state"] == until or time.monotonic() > deadline:
            return state
        time.sleep(0.1)


@pytest.mark.slow
def test_an_upload_is_read_by_the_worker_and_followed_to_done(served: tuple[str, Services, WorkerProcess]) -> None:
    base, services, _ = served
    with httpx.Client(base_url=base, timeout=120) as client:
        answer = client.post("/documents", files={"file": ("bus.txt", _note(1))})
        assert answer.status_code == 200, answer.text
        result = answer.json()
        assert result["added"] == ["bus.txt"] and len(result["document_ids"]) == 1 and result["job"]
        # read by the worker process, not by the server's: the server's embedder was never loaded
        assert services._embedder is None
        found = client.get("/search", params={"q": "buslijnen", "mode": "lexical"}).json()
        assert any(item["doc_id"] == result["document_ids"][0] for item in found["items"])
        done = _follow(client, result["job"], "done")
        assert done["state"] == "done" and done["embedded"] == done["passages"] > 0, done
        assert done["documents_analysed"] == 1
        status = client.get("/status").json()
        assert status["worker"] is True and status["finished"] is True, status
        assert client.get("/jobs/0123456789abcdef").status_code == 404

        refused = client.post("/documents", params={"replace": "true"}, files={"file": ("bus.txt", b"")})
        assert refused.status_code == 422 and "bus.txt" in refused.json()["detail"]
        kept = client.get(f"/documents/{result['document_ids'][0]}")
        assert kept.status_code == 200  # the stored version survives a bad re-upload
        assert (services.settings.home / "uploads" / "bus.txt").read_bytes() == _note(1)


@pytest.mark.slow
def test_a_killed_worker_leaves_its_work_to_the_next(served: tuple[str, Services, WorkerProcess]) -> None:
    base, _, worker = served
    with httpx.Client(base_url=base, timeout=120) as client:
        jobs = []
        for number in range(2, 8):
            answer = client.post("/documents", files={"file": (f"bus-{number}.txt", _note(number, 200))})
            assert answer.status_code == 200, answer.text
            jobs.append(answer.json()["job"])
        pid = worker._process.pid if worker._process else 0
        os.kill(pid, signal.SIGKILL)  # in the middle of embedding or analysing, or just after
        worker._process.wait()  # type: ignore[union-attr]
        assert not worker.alive()
        status = client.get("/status").json()
        print(f"after SIGKILL: {status['vectors_pending']} passages without vector, "
              f"{status['analyses_pending']} documents unanalysed")
        worker.start()
        for job_id in jobs:
            assert _follow(client, job_id, "done")["state"] == "done"
        status = client.get("/status").json()
        assert status["finished"] is True and status["consistent"] is True, status
        assert status["searchable_by_meaning"] == status["passages"]


@pytest.mark.slow
def test_a_worker_stops_when_its_server_is_killed(tmp_path: Path) -> None:
    import subprocess
    import sys

    from tests.conftest import REPO

    home = tmp_path / "home"
    parent = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from pathlib import Path; from service.worker import WorkerProcess;"
         f"w = WorkerProcess(Path({str(home)!r}), embedder='fake'); w.start(); print(w._process.pid, flush=True);"
         "time.sleep(600)"], stdout=subprocess.PIPE, text=True, cwd=REPO,
        env={**os.environ, "RODEDRAAD_EMBEDDER": "fake"})
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    store = Services(Settings(home=home, embedder="fake")).store
    deadline = time.monotonic() + 120
    while not work_queue.worker_alive(store) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert work_queue.worker_alive(store)
    parent.send_signal(signal.SIGKILL)  # the server dies without stopping its worker
    parent.wait()
    deadline = time.monotonic() + 30
    while _running(child) and time.monotonic() < deadline:
        time.sleep(0.2)
    if _running(child):
        os.kill(child, signal.SIGKILL)
        pytest.fail("the worker outlived its server")


def _running(pid: int) -> bool:
    """Alive and not a zombie (an exited orphan may wait for a container's init to reap it)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"
