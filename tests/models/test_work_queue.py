"""The store's work queue: progressive ingest, draining, upload jobs, a dead worker's job taken over."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from models import work_queue
from models.analysis_store import update_analyses
from models.embedders.fake import FakeEmbedder
from models.health import check_store
from models.indexer import ingest_paths
from models.nlp import DutchNLP
from models.store import Store
from models.work_queue import Drainer, add_upload_job, job, job_progress, pending


@pytest.fixture(scope="module")
def nlp() -> DutchNLP:
    return DutchNLP()


def _notes(root: Path, count: int, sentences: int = 30) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        body = " ".join(f"De gemeente en partner {number} spreken af dat zij in {2026 + k % 3} samen werken aan "
                        f"jeugdhulp en wonen, afspraak {k}." for k in range(sentences))
        (root / f"nota-{number:02d}.md").write_text(f"# Nota {number}\n\n{body}\n", encoding="utf-8")
    return root


def test_a_file_is_searchable_by_words_before_it_has_vectors(tmp_path: Path, nlp: DutchNLP) -> None:
    store, embedder = Store.open(tmp_path / "home"), FakeEmbedder()
    report = ingest_paths(store, embedder, nlp, [_notes(tmp_path / "docs", 3)], wait=False)
    counts = store.counts(embedder.name)
    assert len(report.added) == 3 and report.embedded == 0 and counts.vectors == 0
    assert store.lexical_search(["jeugdhulp"], 5)  # by words at once
    waiting = pending(store, embedder.name)
    assert waiting.vectors == counts.passages and waiting.index_stale and waiting.analyses == 3
    assert not waiting.finished
    health = check_store(store, embedder.name)
    assert health.consistent and health.vectors_pending == counts.passages  # pending work is no fault


def test_draining_embeds_indexes_and_analyses_then_nothing_is_pending(tmp_path: Path, nlp: DutchNLP) -> None:
    store, embedder = Store.open(tmp_path / "home"), FakeEmbedder()
    ingest_paths(store, embedder, nlp, [_notes(tmp_path / "docs", 3)], wait=False)
    passages = store.counts().passages
    analysed: list[int] = []

    def analyses() -> str:
        analysed.append(update_analyses(store, nlp).documents_analysed)
        return "analysed"

    steps: list[int] = []
    report = Drainer(store, embedder, nlp, analyses=analyses, batch=4,
                     progress=lambda what, done, total: steps.append(done) if what == "embed" else None).run()
    assert report.embedded == passages and steps[-1] == passages and steps == sorted(steps)
    assert analysed == [3]
    assert pending(store, embedder.name).finished
    index = store.load_index(embedder.name)
    assert index is not None and len(index) == passages
    assert Drainer(store, embedder, nlp, analyses=analyses).step() is None  # idempotent: nothing left
    assert analysed == [3]


def test_the_index_is_rewritten_while_a_backlog_is_embedded(tmp_path: Path, nlp: DutchNLP,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(work_queue, "REBUILD_EVERY", 8)
    store, embedder = Store.open(tmp_path / "home"), FakeEmbedder()
    ingest_paths(store, embedder, nlp, [_notes(tmp_path / "docs", 6)], wait=False)
    drainer = Drainer(store, embedder, nlp, batch=4)
    sizes = []
    while (step := drainer.step()) is not None:
        if step == "embed":
            state = store.index_state()
            sizes.append(int(state["vectors"]) if state else 0)  # type: ignore[call-overload]
    partial = [size for size in sizes if 0 < size < store.counts().passages]
    assert partial, sizes  # semantic search had part of the store before the end
    assert drainer.report.index_rebuilds >= 2


def test_an_upload_job_is_read_then_followed_to_done(tmp_path: Path, nlp: DutchNLP) -> None:
    store, embedder = Store.open(tmp_path / "home"), FakeEmbedder()
    uploads = _notes(tmp_path / "uploads", 1)
    queued = add_upload_job(store, source="nota-00.md", path=uploads / "nota-00.md", backup=None, existed=False)
    assert queued.state == "queued" and work_queue.pending_jobs(store) == 1
    drainer = Drainer(store, embedder, nlp, analyses=lambda: str(update_analyses(store, nlp)))
    assert drainer.step() == "job"
    read = job(store, queued.id)
    assert read is not None and read.state == "stored" and len(read.document_ids) == 1
    progress = job_progress(store, read, embedder.name)
    assert progress.stage(read.state, 1) == "embedding" and progress.embedded == 0 < progress.passages
    drainer.run()
    progress = job_progress(store, read, embedder.name)
    assert progress.stage(read.state, 1) == "done" and progress.embedded == progress.passages


def test_a_failed_replacement_puts_the_stored_version_back(tmp_path: Path, nlp: DutchNLP) -> None:
    store, embedder = Store.open(tmp_path / "home"), FakeEmbedder()
    uploads = _notes(tmp_path / "uploads", 1)
    target = uploads / "nota-00.md"
    ingest_paths(store, embedder, nlp, [target])
    backup = uploads / ".previous"
    target.rename(backup)
    target.write_bytes(b"")  # an empty file under the same name
    queued = add_upload_job(store, source=target.name, path=target, backup=backup, existed=True)
    Drainer(store, embedder, nlp).step()
    failed = job(store, queued.id)
    assert failed is not None and failed.state == "failed"
    assert failed.error is not None and failed.error.startswith("nota-00.md: ") and "\n" not in failed.error
    assert target.read_text(encoding="utf-8").startswith("# Nota 0") and not backup.exists()
    assert store.counts().documents == 1


def test_a_job_left_reading_by_a_dead_process_is_read_again(tmp_path: Path, nlp: DutchNLP) -> None:
    store, embedder = Store.open(tmp_path / "home"), FakeEmbedder()
    uploads = _notes(tmp_path / "uploads", 1)
    queued = add_upload_job(store, source="nota-00.md", path=uploads / "nota-00.md", backup=None, existed=False)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    with store.transaction() as db:  # as if a worker died while reading it
        db.execute("UPDATE jobs SET state = 'reading', claimed_by = ? WHERE id = ?", (int(dead.stdout), queued.id))
    assert Drainer(store, embedder, nlp).step() == "job"
    read = job(store, queued.id)
    assert read is not None and read.state == "stored"


def test_a_worker_heartbeat_is_seen_and_goes_stale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store.open(tmp_path / "home")
    assert not work_queue.worker_alive(store)
    work_queue.beat(store, "fake-trigram-v1")
    assert work_queue.worker_alive(store) and work_queue.worker_model(store) == "fake-trigram-v1"
    monkeypatch.setattr(work_queue, "HEARTBEAT_SECONDS", -1.0)
    assert not work_queue.worker_alive(store)
    monkeypatch.undo()
    work_queue.stop_beating(store)
    assert not work_queue.worker_alive(store)


def test_an_upgrade_embeds_behind_the_scenes_and_switches_when_complete(tmp_path: Path) -> None:
    from models.embedders.registry import load_embedder
    from service.context import Services
    from service.settings import Settings
    from service.views import drainer_of

    services = Services(Settings(home=tmp_path / "home", embedder="fake"))
    ingest_paths(services.store, services.embedder, services.nlp, [_notes(tmp_path / "docs", 3)])
    fake_name = services.embedder.name
    static_name = load_embedder("static").name
    work_queue.request_upgrade(services.store, "static")
    drainer = drainer_of(services)
    drainer.batch = 4
    steps, seen_models = [], set()
    while (step := drainer.step()) not in ("switch", None):
        steps.append(step)
        if step == "upgrade":
            state = services.store.index_state()
            seen_models.add(state["model"] if state else None)
            assert work_queue.active_embedder(services.store) is None  # search stays on the current vectors
    assert step == "switch" and seen_models == {fake_name}
    assert steps.index("upgrade") > steps.index("analyses")  # the store's own work comes first
    assert drainer.report.upgraded == services.store.counts().passages
    assert work_queue.active_embedder(services.store) == "static" and work_queue.upgrade_target(services.store) is None
    state = services.store.index_state()
    assert state is not None and state["model"] == static_name and state["vectors"] == services.store.counts().passages
    # this process follows the switch: its embedder and searcher are the new model's
    assert services.embedder.name == static_name and services.searcher.embedder.name == static_name
    assert services.searcher.search("jeugdhulp wonen", mode="semantic")
    assert drainer.step() is None  # nothing left, the index is not rebuilt for the old model
    assert services.store.index_state()["model"] == static_name  # type: ignore[index]
    services.close()


def test_analyses_run_in_small_units_so_new_uploads_are_read_between_them(tmp_path: Path, nlp: DutchNLP) -> None:
    store, embedder = Store.open(tmp_path / "home"), FakeEmbedder()
    ingest_paths(store, embedder, nlp, [_notes(tmp_path / "docs", 3)])
    units = []

    def analyse_one_unit() -> str:
        units.append(update_analyses(store, nlp, limit=1))
        return "analysed"

    drainer = Drainer(store, embedder, nlp, analyses=analyse_one_unit)
    assert drainer.step() == "analyses"
    # an upload arrives while two documents still wait for their analyses: it is read next
    uploads = _notes(tmp_path / "uploads", 1, sentences=31)  # not docs/nota-00.md's content: that would add nothing
    queued = add_upload_job(store, source="nota-00.md", path=uploads / "nota-00.md", backup=None, existed=False)
    assert drainer.step() == "job"
    assert job(store, queued.id).state == "stored"  # type: ignore[union-attr]
    drainer.run()
    assert [unit.documents_analysed for unit in units] == [1, 1, 1, 1]  # four documents, one per unit
    assert [unit.finished for unit in units] == [False, False, False, True]
    assert units[-1].between_recomputed and pending(store, embedder.name).finished


def test_batches_resume_from_where_the_last_stopped_and_look_back_once_at_the_end(tmp_path: Path,
                                                                                  nlp: DutchNLP) -> None:
    store, embedder = Store.open(tmp_path / "home"), FakeEmbedder()
    ingest_paths(store, embedder, nlp, [_notes(tmp_path / "docs", 3)], wait=False)
    drainer = Drainer(store, embedder, nlp, batch=3)
    while drainer.step() == "embed":
        pass
    assert pending(store, embedder.name).vectors == 0
    first = store.query("SELECT sha256 FROM passages ORDER BY rowid LIMIT 1")[0]["sha256"]
    with store.transaction() as db:  # a passage before the point the batches reached lacks its vector again
        db.execute("DELETE FROM vectors WHERE sha256 = ?", (first,))
    assert drainer.step() == "embed" and pending(store, embedder.name).vectors == 0
