"""SIGKILL a real API process (``rodedraad serve``: uvicorn, its worker process) during uploads into PostgreSQL.

A new server on the same database and home finishes what the killed one left: every upload that was answered
is stored exactly once and searchable, every file that was received (a job row) is read by the new server, no
job stays ``reading``, and the store is consistent. Two ways to die: the API process alone (its worker notices
and stops) and the whole machine (API and worker at once, a job possibly half read).

After the restart, sending a file again under the same name:

- the same content, already stored: 200, nothing added, the stored document ids (``note`` says so);
- the same content, received before the crash and not read yet: 200 with that job's answer (no second job);
- other content: 409 while a job for that name waits or the name is stored (``replace=true`` replaces a
  stored one); a file the crash left in ``uploads/`` that was never queued nor stored is simply overwritten.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest

from tests.contract.test_cli_postgres import REPO, _free_port, _wait_until_up
from tests.service.test_api_worker import _running

FILES = 10
CONCURRENT = 10


def _marker(number: int) -> str:
    """A word only file ``number`` holds (letters only: the lexical index keeps it whole)."""
    return "kenmerk" + "".join("bcdfghjklm"[int(digit)] for digit in f"{number:03d}")


def _note(number: int, sentences: int = 160, variant: str = "") -> bytes:
    body = " ".join(f"De provincie en gemeente {number} spreken af dat de buslijnen vanaf {2027 + k % 3} blijven "
                    f"rijden in het kader van {_marker(number)}, afspraak {k}{variant}." for k in range(sentences))
    return f"Notitie {number} over het streekvervoer\n\n{body}\n".encode()


class _Server:
    """``rodedraad serve`` with its worker, in processes of their own; its log in a file (the worker's pid)."""

    def __init__(self, home: Path, database: str, log: Path) -> None:
        self.port = _free_port()
        self.log = log
        env = {**os.environ, "RODEDRAAD_EMBEDDER": "fake", "RODEDRAAD_DATABASE_URL": database}
        with log.open("wb") as sink:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "service.cli", "--home", str(home), "serve", "--port", str(self.port)],
                cwd=REPO, env=env, stdout=sink, stderr=subprocess.STDOUT)
        self.url = f"http://127.0.0.1:{self.port}"

    def worker_pid(self) -> int:
        found = re.search(r"worker process (\d+)", self.log.read_text(errors="replace"))
        assert found, self.log.read_text(errors="replace")
        return int(found.group(1))

    def wait_for_worker(self, timeout: float = 120) -> None:
        _wait_until_up(self.port)
        deadline = time.monotonic() + timeout
        while not httpx.get(f"{self.url}/status", timeout=30).json()["worker"]:
            assert time.monotonic() < deadline, "the worker did not start"
            time.sleep(0.3)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _jobs(database: str) -> dict[str, list[tuple[str, str]]]:
    """The jobs by state: (source, id) of each."""
    by_state: dict[str, list[tuple[str, str]]] = {}
    with psycopg.connect(database, autocommit=True) as connection:
        for state, source, job_id in connection.execute("SELECT state, source, id FROM jobs ORDER BY created"):
            by_state.setdefault(state, []).append((source, job_id))
    return by_state


def _wait_finished(url: str, timeout: float = 240) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        status: dict[str, Any] = httpx.get(f"{url}/status", timeout=30).json()
        if (status["finished"] and not status["jobs_pending"]) or time.monotonic() > deadline:
            return status
        time.sleep(0.5)


@pytest.mark.slow  # two servers and their workers start, ten uploads: ~60 s here
@pytest.mark.parametrize("crash", ["api", "machine"])
def test_killing_the_api_during_uploads_loses_and_duplicates_nothing(crash: str, database: str,
                                                                     tmp_path: Path) -> None:
    home = tmp_path / "home"
    first = _Server(home, database, tmp_path / "first.log")
    answers: dict[str, dict[str, Any]] = {}
    lost: dict[str, str] = {}
    lock = threading.Lock()

    def upload(number: int) -> None:
        name = f"nota-{number}.txt"
        try:
            answer = httpx.post(f"{first.url}/documents", files={"file": (name, _note(number))}, timeout=300)
        except httpx.HTTPError as exc:  # the server died before it answered
            with lock:
                lost[name] = type(exc).__name__
            return
        with lock:
            assert answer.status_code == 200, answer.text
            answers[name] = answer.json()

    try:
        first.wait_for_worker()
        worker = first.worker_pid()
        senders = [threading.Thread(target=upload, args=(number,)) for number in range(FILES)]
        for sender in senders:
            sender.start()
        deadline = time.monotonic() + 180
        while True:  # kill once a few uploads are answered and the rest are still waiting or being read
            with lock:
                answered = len(answers)
            if answered >= 2 or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        if crash == "machine":
            os.kill(worker, signal.SIGKILL)  # the worker perhaps in the middle of reading a file
        first.process.kill()
        first.process.wait()
        for sender in senders:
            sender.join(timeout=60)
    finally:
        first.stop()
    # a worker whose server is gone stops by itself, after the unit of work in hand (analyses: seconds)
    deadline = time.monotonic() + 120
    while _running(worker) and time.monotonic() < deadline:
        time.sleep(0.2)
    if _running(worker):
        os.kill(worker, signal.SIGKILL)
        pytest.fail("the worker outlived its killed server")

    left = _jobs(database)
    waiting = left.get("queued", []) + left.get("reading", [])
    print(f"\n{crash} crash: {len(answers)} uploads answered, {len(lost)} not; jobs left queued: "
          f"{len(left.get('queued', []))}, reading: {len(left.get('reading', []))}")
    assert 2 <= len(answers) < FILES and waiting, "the uploads ended before the kill; make the files bigger"
    # the crash of the API between moving a received file in place and queueing its job leaves a file that
    # was neither queued nor stored (never answered): it must not block the name
    (home / "uploads" / "half.txt").write_bytes(b"a file whose upload was never answered")

    second = _Server(home, database, tmp_path / "second.log")
    try:
        second.wait_for_worker()
        status = _wait_finished(second.url)
        assert status["finished"] and status["consistent"] and not status["problems"], status
        assert status["searchable_by_meaning"] == status["passages"] == status["vectors"], status
        jobs = _jobs(database)
        assert set(jobs) == {"stored"}, jobs  # every received file read by the new server; none left reading
        received = {source for source, _ in jobs["stored"]}
        assert len(received) == len(jobs["stored"])  # one job per received file: none read twice
        assert set(answers) <= received and {source for source, _ in waiting} <= received

        with httpx.Client(base_url=second.url, timeout=120) as client:
            listed = client.get("/documents", params={"size": 100}).json()
            sources = [item["source"] for item in listed["items"]]
            assert sorted(sources) == sorted(received), (sources, received)  # each stored exactly once
            for name, answer in answers.items():  # every answered upload: stored, whole, searchable
                number = int(name.removeprefix("nota-").removesuffix(".txt"))
                assert answer["added"] == [name] and len(answer["document_ids"]) == 1, answer
                assert client.get(f"/documents/{answer['document_ids'][0]}").status_code == 200
                found = client.get("/search", params={"q": _marker(number), "mode": "lexical"}).json()["items"]
                assert {item["doc_id"] for item in found} == set(answer["document_ids"]), (name, found)
                meant = client.get("/search", params={"q": f"buslijnen {_marker(number)}"}).json()["items"]
                assert meant and meant[0]["doc_id"] == answer["document_ids"][0]

            # sending every file again: the stored ones add nothing and give their ids, the others are read now
            stored_ids = {item["source"]: item["id"] for item in listed["items"]}
            for number in range(FILES):
                name = f"nota-{number}.txt"
                again = client.post("/documents", files={"file": (name, _note(number))})
                assert again.status_code == 200, again.text
                body = again.json()
                if name in stored_ids:
                    assert body["added"] == [] and body["note"] and body["document_ids"] == [stored_ids[name]]
                else:
                    assert body["added"] == [name] and len(body["document_ids"]) == 1
            other = client.post("/documents", files={"file": ("nota-0.txt", _note(0, variant="b"))})
            assert other.status_code == 409 and "replace=true" in other.json()["detail"]
            replaced = client.post("/documents", params={"replace": "true"},
                                   files={"file": ("nota-0.txt", _note(0, variant="b"))})
            assert replaced.status_code == 200 and replaced.json()["replaced"] == ["nota-0.txt"], replaced.text
            half = client.post("/documents", files={"file": ("half.txt", _note(99))})
            assert half.status_code == 200 and half.json()["added"] == ["half.txt"], half.text

            final = _wait_finished(second.url)
            assert final["finished"] and final["consistent"], final
            assert final["documents"] == FILES + 1
            names = [item["source"] for item in client.get("/documents", params={"size": 100}).json()["items"]]
            assert sorted(names) == sorted([f"nota-{n}.txt" for n in range(FILES)] + ["half.txt"])
    finally:
        second.stop()
    with psycopg.connect(database, autocommit=True) as connection:
        duplicates = connection.execute("SELECT sha256 FROM files GROUP BY sha256 HAVING COUNT(*) > 1").fetchall()
        assert not duplicates
