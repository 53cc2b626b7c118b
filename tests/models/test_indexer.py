"""Ingest into the store: incremental, idempotent, atomic per file, failures collected per file."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from models.embedders.fake import FakeEmbedder
from models.health import check_store
from models.indexer import ingest_paths, source_names
from models.nlp import DutchNLP
from models.search import Searcher
from models.store import Store
from models.work_queue import Drainer, pending, pending_vectors

REPO = Path(__file__).resolve().parents[2]


def test_second_ingest_of_the_same_folder_adds_nothing(tmp_path: Path, small_corpus: Path) -> None:
    store, embedder, nlp = Store.open(tmp_path / "home"), FakeEmbedder(), DutchNLP()
    first = ingest_paths(store, embedder, nlp, [small_corpus])
    assert sorted(first.added) == ["docs/blog.txt", "docs/convenant.md", "docs/raadsvoorstel.txt"]
    assert first.ok and first.passages > 0
    counts = store.counts(embedder.name)
    calls = len(embedder.calls)
    second = ingest_paths(store, embedder, nlp, [small_corpus])
    assert second.added == [] and len(second.unchanged) == 3
    assert store.counts(embedder.name) == counts
    assert len(embedder.calls) == calls  # nothing embedded again
    assert check_store(store).consistent


def test_changed_file_replaces_its_documents_and_reuses_cached_vectors(tmp_path: Path, small_corpus: Path) -> None:
    store, embedder, nlp = Store.open(tmp_path / "home"), FakeEmbedder(), DutchNLP()
    ingest_paths(store, embedder, nlp, [small_corpus])
    before = store.counts().documents
    blog = small_corpus / "blog.txt"
    blog.write_text(blog.read_text(encoding="utf-8") + "\nEen nieuwe alinea over eenzaamheid onder ouderen in de wijk.\n",
                    encoding="utf-8")
    report = ingest_paths(store, embedder, nlp, [small_corpus])
    assert report.replaced == ["docs/blog.txt"]
    assert store.counts().documents == before
    assert report.embedded <= 2  # only the changed passage(s)
    hits = Searcher(store, embedder, nlp).search("eenzaamheid ouderen", mode="lexical")
    assert hits and "eenzaamheid" in hits[0].text
    assert check_store(store).consistent


def test_the_same_corpus_under_a_second_path_is_reported_as_already_stored(tmp_path: Path,
                                                                            small_corpus: Path) -> None:
    store, embedder, nlp = Store.open(tmp_path / "home"), FakeEmbedder(), DutchNLP()
    ingest_paths(store, embedder, nlp, [small_corpus])
    counts = store.counts(embedder.name)
    copy = tmp_path / "elders" / "docs"
    shutil.copytree(small_corpus, copy)
    (copy / "blog.txt").write_text((copy / "blog.txt").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    report = ingest_paths(store, embedder, nlp, [copy])
    # the blog's bytes differ but its documents are the same: caught by document, the others by content
    assert sorted(source for source, _ in report.duplicates) == sorted(name for _, name in source_names([copy]))
    assert report.ok and report.added == [] and report.failed == []
    assert all(message.startswith(source + ": ") and "already stored" in message and "\n" not in message
               for source, message in report.duplicates)
    assert store.counts(embedder.name) == counts
    assert check_store(store).consistent


def test_a_moved_corpus_takes_over_its_documents(tmp_path: Path, small_corpus: Path) -> None:
    store, embedder, nlp = Store.open(tmp_path / "home"), FakeEmbedder(), DutchNLP()
    ingest_paths(store, embedder, nlp, [small_corpus])
    ids = {doc.id for doc in store.list_documents()[0]}
    moved = tmp_path / "verhuisd" / "docs"
    moved.parent.mkdir()
    small_corpus.rename(moved)
    report = ingest_paths(store, embedder, nlp, [moved])
    assert report.ok and report.duplicates == [] and len(report.added) == 3
    assert {doc.id for doc in store.list_documents()[0]} == ids
    paths = {str(row["path"]) for row in store.query("SELECT path FROM files")}
    assert paths == {str(file.resolve()) for file, _ in source_names([moved])}
    assert check_store(store).consistent


def test_failures_are_reported_per_file_and_the_rest_is_stored(tmp_path: Path, small_corpus: Path) -> None:
    (small_corpus / "leeg.txt").write_bytes(b"")
    (small_corpus / "kapot.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    store = Store.open(tmp_path / "home")
    report = ingest_paths(store, FakeEmbedder(), DutchNLP(), [small_corpus])
    failed = dict(report.failed)
    assert set(failed) == {"docs/leeg.txt", "docs/kapot.pdf"}
    assert all(message.startswith(source + ": ") and "\n" not in message for source, message in report.failed)
    assert len(report.added) == 3
    assert store.counts().files == 3


def test_source_names_do_not_depend_on_the_working_directory(small_corpus: Path, monkeypatch) -> None:
    monkeypatch.chdir(small_corpus.parent)
    relative = [name for _, name in source_names([Path("docs")])]
    monkeypatch.chdir("/")
    absolute = [name for _, name in source_names([small_corpus])]
    assert relative == absolute == ["docs/blog.txt", "docs/convenant.md", "docs/raadsvoorstel.txt"]


def test_organisations_are_found_and_filterable(tmp_path: Path, small_corpus: Path) -> None:
    store = Store.open(tmp_path / "home")
    ingest_paths(store, FakeEmbedder(), DutchNLP(), [small_corpus])
    organisations = {name.lower() for name, _ in store.organisations()}
    assert "gemeente noorderhaven" in organisations


def test_killing_an_ingest_midway_leaves_a_consistent_store(tmp_path: Path) -> None:
    corpus = tmp_path / "many"
    corpus.mkdir()
    for number in range(300):
        (corpus / f"nota-{number:03d}.txt").write_text(
            f"Nota {number}\n\n" + " ".join(f"De gemeente en partner {number} spreken af om samen te werken aan zorg." for _ in range(40)),
            encoding="utf-8",
        )
    home = tmp_path / "home"
    env = {**os.environ, "RODEDRAAD_EMBEDDER": "fake", "RODEDRAAD_HOME": str(home)}
    process = subprocess.Popen([sys.executable, "-m", "service.cli", "ingest", str(corpus)], env=env, cwd=REPO,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    database = home / "rodedraad.sqlite3"
    deadline = time.monotonic() + 120
    stored = 0
    while time.monotonic() < deadline and process.poll() is None:
        if database.exists():
            try:
                with sqlite3.connect(database, timeout=1) as connection:
                    stored = connection.execute("SELECT COUNT(*) FROM files").fetchone()[0]
            except sqlite3.Error:
                stored = 0
            if stored >= 5:
                break
        time.sleep(0.05)
    assert process.poll() is None, "ingest finished before it could be killed; make the corpus bigger"
    process.send_signal(signal.SIGKILL)
    process.wait()

    store = Store.open(home)
    counts = store.counts()
    assert 5 <= counts.files < 300
    # every stored file is complete: one document with all its passages and lexical terms (searchable by words)
    assert counts.documents == counts.files
    assert store.lexical_term_rows() == counts.passages
    # vectors follow the files: what lacks one is pending work in the store, not a broken store
    model = "fake-trigram-v1"
    assert pending_vectors(store, model) == counts.passages - store.counts(model).vectors
    # draining the store's work embeds only what lacks a vector and writes the index
    embedder, nlp = FakeEmbedder(), DutchNLP()
    before = store.counts(model).vectors
    drained = Drainer(store, embedder, nlp).run()
    assert drained.embedded == counts.passages - before
    assert pending(store, model).vectors == 0 and not pending(store, model).index_stale
    Searcher(store, embedder, nlp).search("zorg", mode="semantic")
    assert check_store(store).consistent
    # and ingesting again finishes the job without touching what was stored
    report = ingest_paths(store, embedder, nlp, [corpus])
    assert len(report.unchanged) == counts.files and len(report.added) == 300 - counts.files
    assert check_store(store).consistent
