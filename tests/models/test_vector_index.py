from pathlib import Path

import numpy as np

from models import vector_index
from models.embedders.base import normalise_rows
from models.vector_index import VectorIndex


def _random_unit(n: int, dim: int, seed: int = 0) -> np.ndarray:
    return normalise_rows(np.random.default_rng(seed).normal(size=(n, dim)))


def test_flat_index_finds_the_nearest_vector_by_id(tmp_path: Path) -> None:
    vectors = _random_unit(50, 16)
    ids = np.arange(100, 150)
    index = VectorIndex.build(ids, vectors, 16)
    assert index.kind == "flat"
    hits = index.search(vectors[7], 3)
    assert hits[0][0] == 107
    assert hits[0][1] > 0.99
    assert [s for _, s in hits] == sorted((s for _, s in hits), reverse=True)


def test_index_survives_save_and_load(tmp_path: Path) -> None:
    vectors = _random_unit(20, 8)
    index = VectorIndex.build(np.arange(20), vectors, 8)
    path = tmp_path / "v.faiss"
    index.save(path)
    assert not (tmp_path / "v.faiss.tmp").exists()
    loaded = VectorIndex.load(path)
    assert len(loaded) == 20
    assert loaded.search(vectors[3], 1)[0][0] == 3
    assert sorted(loaded.ids().tolist()) == list(range(20))


def test_large_stores_switch_to_hnsw(monkeypatch) -> None:
    monkeypatch.setattr(vector_index, "HNSW_THRESHOLD", 100)
    vectors = _random_unit(300, 16, seed=1)
    index = VectorIndex.build(np.arange(300), vectors, 16)
    assert index.kind == "hnsw"
    found = sum(index.search(vectors[i], 1)[0][0] == i for i in range(0, 300, 10))
    assert found >= 28  # the graph is approximate, but not by much at this size


def test_empty_index_returns_nothing() -> None:
    index = VectorIndex.build(np.zeros(0, dtype=np.int64), np.zeros((0, 4), dtype=np.float32), 4)
    assert index.search(np.ones(4, dtype=np.float32), 5) == []


def test_stored_vectors_are_the_indexed_vectors_in_id_order_flat_hnsw_and_loaded(tmp_path: Path, monkeypatch) -> None:
    vectors = _random_unit(120, 8, seed=2)
    ids = np.arange(1000, 1120)[::-1].copy()  # ids need not ascend: row i belongs to ids()[i]
    for threshold in (10**6, 50):
        monkeypatch.setattr(vector_index, "HNSW_THRESHOLD", threshold)
        index = VectorIndex.build(ids, vectors, 8)
        path = tmp_path / f"{index.kind}.faiss"
        index.save(path)
        for candidate in (index, VectorIndex.load(path)):
            assert np.array_equal(candidate.ids(), ids)
            assert np.array_equal(candidate.stored_vectors(), vectors)
            assert not candidate.stored_vectors().flags.writeable
    empty = VectorIndex.build(np.zeros(0, dtype=np.int64), np.zeros((0, 8), dtype=np.float32), 8)
    assert empty.stored_vectors().shape == (0, 8)
