"""SIGKILL during ``rodedraad ingest``, three times at different moments, then a full re-run: the store ends
exactly like a clean ingest, and ``status`` in between never claims finished work that is not.

A generated multi-file corpus (fake embedder, so the run is about the store, not the model) makes an ingest
long enough to be killed while files are stored and while the analyses run after them.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO

FILES = 40
TOPICS = ("wachtlijsten in de jeugdhulp", "één budget voor het welzijnswerk", "woningen voor ouderen",
          "schuldhulpverlening in de wijk", "vervoer naar de dagbesteding")


def _write_corpus(root: Path) -> Path:
    root.mkdir(parents=True)
    for number in range(FILES):
        topic = TOPICS[number % len(TOPICS)]
        sentences = [f"De gemeente en partner {number} spreken af dat zij vanaf {2026 + number % 4} samen werken "
                     f"aan {topic}, ronde {k}." for k in range(60)]
        sentences += [f"Er is spanning tussen snelheid en zorgvuldigheid bij {topic}, zegt partner {number}."]
        (root / f"notitie-{number:02d}.md").write_text(f"# Notitie {number} over {topic}\n\n" + " ".join(sentences),
                                                      encoding="utf-8")
    return root


def _cli(home: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "service.cli", "--home", str(home), *args]


def _env() -> dict[str, str]:
    return {**os.environ, "RODEDRAAD_EMBEDDER": "fake", "PYTHONPATH": str(REPO)}


def _status(home: Path) -> dict[str, object]:
    done = subprocess.run(_cli(home, "status", "--json"), capture_output=True, text=True, env=_env(), cwd=REPO,
                          timeout=120)
    assert done.returncode in (0, 1), done.stderr
    result: dict[str, object] = json.loads(done.stdout)
    return result


def _progress(home: Path) -> tuple[int, int]:
    """(documents, vectors) stored so far, read beside the running ingest (0 before the store exists)."""
    import sqlite3

    path = home / "rodedraad.sqlite3"
    if not path.exists():
        return 0, 0
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1)
        try:
            return (int(db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]),
                    int(db.execute("SELECT COUNT(*) FROM vectors").fetchone()[0]))
        finally:
            db.close()
    except sqlite3.Error:
        return 0, 0


def _snapshot(home: Path) -> dict[str, object]:
    import sqlite3

    db = sqlite3.connect(home / "rodedraad.sqlite3")
    try:
        return {
            "documents": sorted(db.execute("SELECT id, source, title FROM documents").fetchall()),
            "passages": sorted(db.execute("SELECT id, doc_id, start, \"end\" FROM passages").fetchall()),
            "commitments": sorted(row[0] for row in db.execute("SELECT id FROM commitments")),
            "tensions": sorted(row[0] for row in db.execute("SELECT id FROM tensions")),
        }
    finally:
        db.close()


@pytest.mark.slow
def test_kill_nine_during_ingest_then_rerun_equals_a_clean_ingest(tmp_path: Path) -> None:
    corpus = _write_corpus(tmp_path / "corpus")
    clean = tmp_path / "clean"
    started = time.monotonic()
    finished = subprocess.run(_cli(clean, "ingest", str(corpus)), capture_output=True, text=True, env=_env(),
                              cwd=REPO, timeout=600)
    whole = time.monotonic() - started  # how long one ingest takes here, to pick the kill moments
    assert finished.returncode == 0, finished.stderr[-500:]

    killed = tmp_path / "killed"
    # kill once the store holds a first file, half the files, the first vectors (files are searchable by words
    # before they are embedded), and all vectors (then the index, themes and analyses are being made)
    all_vectors = _progress(clean)[1]
    for documents, vectors in ((1, 0), (FILES // 2, 0), (FILES, 1), (FILES, all_vectors)):
        process = subprocess.Popen(_cli(killed, "ingest", str(corpus)), stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, env=_env(), cwd=REPO)
        deadline = time.monotonic() + max(60.0, 3 * whole)
        while process.poll() is None and time.monotonic() < deadline:
            stored, embedded = _progress(killed)
            if stored >= documents and embedded >= vectors:
                break
            time.sleep(0.02)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        status = _status(killed)
        print(f"killed at {documents} of {FILES} files, {vectors}+ vectors: {status['documents']} documents, "
              f"{status['vectors_pending']} passages without vector, analyses pending {status['analyses_pending']}")
        assert status["consistent"] is True, status  # unfinished work is pending, never a broken store
        if process.returncode == -signal.SIGKILL:  # killed before the end: status must not call it finished
            assert status["finished"] is False, status
    rerun = subprocess.run(_cli(killed, "ingest", str(corpus)), capture_output=True, text=True, env=_env(),
                           cwd=REPO, timeout=600)
    assert rerun.returncode == 0, rerun.stderr[-500:]
    final = _status(killed)
    assert final["consistent"] is True and final["finished"] is True, final
    assert _snapshot(killed) == _snapshot(clean)
