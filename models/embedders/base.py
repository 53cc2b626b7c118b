"""The protocol every embedding backend implements."""

from __future__ import annotations

from typing import Literal, Protocol

import numpy as np

EmbedKind = Literal["passage", "query"]


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 row vectors.

    ``name`` identifies model and version: cached vectors are keyed by it, so two backends never mix.
    """

    name: str
    dim: int

    def embed(self, texts: list[str], kind: EmbedKind = "passage") -> np.ndarray: ...


def normalise_rows(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim == 1:
        vectors = vectors[None, :]
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.ascontiguousarray(vectors / norms, dtype=np.float32)
