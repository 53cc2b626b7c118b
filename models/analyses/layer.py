"""The learned sentence layer: logistic weights per label over hashed sentence features and the sentence's
static vector, with a threshold.

The weights ship in ``models/analyses/data/sentence_layer.npz`` (rebuilt by ``make train``,
models/analyses/train.py); scoring is a sparse dot product plus a dense one in numpy, so inference needs
neither the training data nor scikit-learn. The name of the embedder the weights were trained on ships
with them: another embedder's vectors are refused (``make train`` again).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from models.analyses.features import (
    DIMENSIONS,
    SentenceInput,
    embedder_name,
    margins_of,
    scores_of,
    sentence_vectors,
    vectorise,
)
from rodedraad.errors import RodedraadError

WEIGHTS = Path(__file__).parent / "data" / "sentence_layer.npz"
LABELS = ("commitment", "tension")


Matrix = tuple[np.ndarray, np.ndarray, np.ndarray]  # CSR parts of the hashed features (features.vectorise)


@dataclass(frozen=True)
class LabelModel:
    weights: np.ndarray  # DIMENSIONS float32
    bias: float
    threshold: float
    dense: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float32))  # over the sentence vector

    def probabilities(self, items: Sequence[SentenceInput]) -> np.ndarray:
        if not items:
            return np.zeros(0)
        vectors = sentence_vectors([item.text for item in items]) if self.dense.size else None
        return self.probabilities_of(vectorise(items), vectors)

    def probabilities_of(self, matrix: Matrix, vectors: np.ndarray | None) -> np.ndarray:
        if len(matrix[2]) <= 1:
            return np.zeros(0)
        if not self.dense.size:
            return scores_of(matrix, self.weights, self.bias)
        if vectors is None or vectors.shape != (len(matrix[2]) - 1, self.dense.size):
            raise SentenceLayerMissing(f"the sentence layer reads {self.dense.size}-dimensional sentence vectors; "
                                       "run make train")
        margins = margins_of(matrix, self.weights, self.bias) + vectors @ self.dense
        return 1.0 / (1.0 + np.exp(-margins))

    def decide(self, items: Sequence[SentenceInput]) -> np.ndarray:
        return self.probabilities(items) >= self.threshold

    def decide_vectorised(self, matrix: Matrix, vectors: np.ndarray | None = None) -> np.ndarray:
        if len(matrix[2]) <= 1:
            return np.zeros(0, dtype=bool)
        return self.probabilities_of(matrix, vectors) >= self.threshold


@dataclass(frozen=True)
class SentenceLayer:
    commitment: LabelModel
    tension: LabelModel
    embedder: str = ""  # the embedder whose sentence vectors the dense weights read ("" when none)

    @property
    def reads_vectors(self) -> bool:
        return bool(self.commitment.dense.size or self.tension.dense.size)

    def vectors(self, texts: Sequence[str]) -> np.ndarray | None:
        """The sentence vectors the layer reads (None when it reads none); another embedder is refused."""
        if not self.reads_vectors:
            return None
        if embedder_name() != self.embedder:
            raise SentenceLayerMissing(f"the sentence layer was trained on the vectors of {self.embedder}, the "
                                       f"packaged embedder is {embedder_name()}; run make train")
        return sentence_vectors(texts)

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        arrays: dict[str, np.ndarray] = {}
        for label in LABELS:
            model: LabelModel = getattr(self, label)
            arrays[f"{label}_weights"] = model.weights.astype(np.float32)
            arrays[f"{label}_bias"] = np.asarray([model.bias, model.threshold], dtype=np.float64)
            arrays[f"{label}_dense"] = model.dense.astype(np.float32)
        arrays["embedder"] = np.asarray(self.embedder)
        # an .npz written by hand with a fixed timestamp per member: the same weights give the same bytes
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, array in sorted(arrays.items()):
                buffer = io.BytesIO()
                np.lib.format.write_array(buffer, array, allow_pickle=False)
                info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, buffer.getvalue())


class SentenceLayerMissing(RodedraadError):
    """The shipped weights of the sentence layer are absent or unreadable."""


def read_layer(path: Path) -> SentenceLayer:
    try:
        with np.load(path) as data:
            models = {}
            for label in LABELS:
                weights = np.asarray(data[f"{label}_weights"], dtype=np.float32)
                if weights.shape != (DIMENSIONS,):
                    raise SentenceLayerMissing(
                        f"{path}: {label} weights have shape {weights.shape}, expected ({DIMENSIONS},); run make train"
                    )
                bias, threshold = (float(value) for value in data[f"{label}_bias"])
                dense = np.asarray(data[f"{label}_dense"], dtype=np.float32)
                models[label] = LabelModel(weights, bias, threshold, dense)
            embedder = str(data["embedder"])
    except (OSError, KeyError, ValueError) as exc:
        raise SentenceLayerMissing(f"cannot read the sentence layer weights {path}: {exc}; run make train") from exc
    return SentenceLayer(models["commitment"], models["tension"], embedder)


@lru_cache(maxsize=4)
def _cached(path: str) -> SentenceLayer:
    return read_layer(Path(path))


def load_layer(path: Path | None = None) -> SentenceLayer:
    """The shipped layer (read once per process)."""
    return _cached(str(path or WEIGHTS))
