"""What a server finds after another was killed during uploads, on both stores (in process, no worker).

- a file received and queued, never read: sending it again joins that job (read once, its answer); other
  content under that name is a 409 until the job is done, ``replace`` or not;
- a job left ``reading`` by a claimant that is gone — dead, a zombie, or its pid now used by a process started
  after the claim (a restarted machine or container) — is read again, not left ``reading`` forever;
- a file in ``uploads/`` that was neither queued nor stored does not hold its name.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from models import work_queue
from service import views
from service.context import Services
from service.settings import Settings


def _note(number: int, variant: str = "") -> bytes:
    body = " ".join(f"De gemeente {number} spreekt af dat het buurthuis open blijft, afspraak {k}{variant}."
                    for k in range(12))
    return f"Notitie {number}\n\n{body}\n".encode()


@pytest.fixture(params=["sqlite", "postgres"])
def services(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Services]:
    url = request.getfixturevalue("database") if request.param == "postgres" else None
    opened = Services(Settings(home=tmp_path / "home", embedder="fake", database_url=url))
    yield opened
    opened.close()


def _received(services: Services, name: str, content: bytes) -> work_queue.Job:
    """What a server leaves when killed after queueing a received file (before any worker read it)."""
    uploads = services.settings.home / "uploads"
    uploads.mkdir(parents=True, exist_ok=True)
    (uploads / name).write_bytes(content)
    return work_queue.add_upload_job(services.store, source=name, path=uploads / name, backup=None, existed=False)


def _jobs(services: Services) -> list[tuple[str, str]]:
    return [(str(row["source"]), str(row["state"]))
            for row in services.store.query("SELECT source, state FROM jobs ORDER BY created, id")]


def test_the_same_file_again_joins_its_waiting_job(services: Services) -> None:
    waiting = _received(services, "buurthuis.txt", _note(1))
    for replace in (False, True):
        with pytest.raises(views.UploadConflict, match=f"waits to be read \\(job {waiting.id}\\)"):
            views.ingest_upload(services, "buurthuis.txt", io.BytesIO(_note(1, "x")), replace=replace)
    assert (services.settings.home / "uploads" / "buurthuis.txt").read_bytes() == _note(1)  # untouched
    answer = views.ingest_upload(services, "buurthuis.txt", io.BytesIO(_note(1)))
    assert answer.job == waiting.id and answer.added == ["buurthuis.txt"] and len(answer.document_ids) == 1
    assert _jobs(services) == [("buurthuis.txt", "stored")]  # one job, read once
    again = views.ingest_upload(services, "buurthuis.txt", io.BytesIO(_note(1)))
    assert again.added == [] and again.note and again.document_ids == answer.document_ids
    assert services.store.counts().documents == 1


def _claimed(services: Services, job: work_queue.Job, pid: int, at: datetime) -> None:
    with services.store.transaction() as db:
        db.execute("UPDATE jobs SET state = 'reading', claimed_by = ?, updated = ? WHERE id = ?",
                   (pid, at.isoformat(timespec="milliseconds"), job.id))


def test_a_job_whose_claimant_is_gone_is_read_again(services: Services) -> None:
    long_ago = datetime.now(UTC) - timedelta(days=3)
    # this process's own pid, claimed before it started: the pid of a worker of a machine that restarted
    reused = _received(services, "hergebruikt.txt", _note(2))
    _claimed(services, reused, os.getpid(), long_ago)
    # a worker that exited and was never reaped (a zombie still answers kill 0)
    exited = subprocess.Popen([sys.executable, "-c", "pass"])
    deadline = time.monotonic() + 30
    while (work_queue._process_started(exited.pid) or ("?",))[0] != "Z" and time.monotonic() < deadline:
        time.sleep(0.05)
    zombie = _received(services, "zombie.txt", _note(3))
    _claimed(services, zombie, exited.pid, datetime.now(UTC))
    # a claimant that is alive and claimed after it started: left alone
    mine = _received(services, "bezig.txt", _note(4))
    _claimed(services, mine, os.getpid(), datetime.now(UTC))
    try:
        report = views.drain_work(services)
    finally:
        exited.wait()
    assert report.jobs == 2
    assert sorted(_jobs(services)) == [("bezig.txt", "reading"), ("hergebruikt.txt", "stored"),
                                       ("zombie.txt", "stored")]
    assert services.store.counts().documents == 2


def test_a_file_never_queued_nor_stored_does_not_hold_its_name(services: Services) -> None:
    uploads = services.settings.home / "uploads"
    uploads.mkdir(parents=True)
    (uploads / "half.txt").write_bytes(b"received, moved in place, then the server was killed")
    answer = views.ingest_upload(services, "half.txt", io.BytesIO(_note(5)))
    assert answer.added == ["half.txt"] and len(answer.document_ids) == 1
    assert (uploads / "half.txt").read_bytes() == _note(5)
    with pytest.raises(views.UploadConflict, match="already stored; send replace=true"):
        views.ingest_upload(services, "half.txt", io.BytesIO(_note(6)))
    replaced = views.ingest_upload(services, "half.txt", io.BytesIO(_note(6)), replace=True)
    assert replaced.replaced == ["half.txt"]
    assert services.store.counts().documents == 1
    assert _jobs(services) == [("half.txt", "stored"), ("half.txt", "stored")]
