"""Reading and embedding in worker processes: the same store as one process makes, with one writer."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from models.embedders.fake import FakeEmbedder
from models.indexer import ingest_paths
from models.nlp import DutchNLP
from models.parallel import ProcessPool, default_processes
from models.store import Store
from models.work_queue import Drainer


def _corpus(root: Path) -> Path:
    root.mkdir(parents=True)
    for number in range(6):
        body = " ".join(f"De gemeente en woningcorporatie {number} spreken af dat zij in {2026 + k % 4} samen "
                        f"{k} woningen voor ouderen bouwen." for k in range(40))
        (root / f"afspraak-{number}.md").write_text(f"# Afspraak {number}\n\n{body}\n", encoding="utf-8")
    (root / "kapot.pdf").write_bytes(b"%PDF-1.4 dit is geen pdf")
    (root / "leeg.txt").write_text("", encoding="utf-8")
    return root


def _snapshot(store: Store) -> dict[str, object]:
    model = FakeEmbedder.name
    rowids, matrix = store.passage_vectors(model)
    passages = store.query("SELECT rowid, id, sha256 FROM passages ORDER BY rowid")
    by_rowid = {row["rowid"]: row["id"] for row in passages}
    return {
        "documents": [tuple(row) for row in store.query("SELECT id, source, title, organisations FROM documents "
                                                          "ORDER BY id")],
        "passages": sorted((row["id"], row["sha256"]) for row in passages),
        "terms": sorted(tuple(row) for row in store.query(
            "SELECT p.id, t.terms FROM passage_terms t JOIN passages p ON p.rowid = t.rowid")),
        "vectors": {by_rowid[int(r)]: np.round(matrix[i], 5).tobytes() for i, r in enumerate(rowids)},
    }


@pytest.mark.slow
def test_worker_processes_make_the_same_store_as_one_process(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "docs")
    nlp, embedder = DutchNLP(), FakeEmbedder()
    alone = Store.open(tmp_path / "alone")
    single = ingest_paths(alone, embedder, nlp, [corpus])
    shared = Store.open(tmp_path / "shared")
    with ProcessPool(2, embedder="fake") as pool:
        report = ingest_paths(shared, embedder, nlp, [corpus], wait=False, pool=pool)
        drained = Drainer(shared, embedder, nlp, pool=pool, batch=8).run()
        waited = Store.open(tmp_path / "waited")  # ingest that embeds before it returns, through the pool too
        assert ingest_paths(waited, embedder, nlp, [corpus], pool=pool).embedded == waited.counts().passages
    assert sorted(report.added) == sorted(single.added) and len(report.added) == 6
    assert sorted(report.failed) == sorted(single.failed) and len(report.failed) == 2
    assert all(message.startswith(("docs/kapot.pdf: ", "docs/leeg.txt: ")) for _, message in report.failed)
    assert drained.embedded == shared.counts().passages
    assert _snapshot(shared) == _snapshot(alone) == _snapshot(waited)
    again = ingest_paths(shared, embedder, nlp, [corpus], wait=False, pool=None)
    assert len(again.unchanged) == 6  # idempotent across the two ways


def test_one_process_unless_there_is_enough_to_share(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    assert default_processes(3) == 1 and default_processes(8) == 2
    monkeypatch.setattr("os.cpu_count", lambda: 1)
    assert default_processes(100) == 1
