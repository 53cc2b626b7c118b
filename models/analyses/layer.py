"""The learned sentence layer: logistic weights per label over hashed sentence features, with a threshold.

The weights ship in ``models/analyses/data/sentence_layer.npz`` (rebuilt by ``make train``,
models/analyses/train.py); scoring is a sparse dot product in numpy, so inference needs neither the
training data nor scikit-learn.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from models.analyses.features import DIMENSIONS, SentenceInput, scores, scores_of
from rodedraad.errors import RodedraadError

WEIGHTS = Path(__file__).parent / "data" / "sentence_layer.npz"
LABELS = ("commitment", "tension")


@dataclass(frozen=True)
class LabelModel:
    weights: np.ndarray  # DIMENSIONS float32
    bias: float
    threshold: float

    def probabilities(self, items: Sequence[SentenceInput]) -> np.ndarray:
        if not items:
            return np.zeros(0)
        return scores(items, self.weights, self.bias)

    def decide(self, items: Sequence[SentenceInput]) -> np.ndarray:
        return self.probabilities(items) >= self.threshold

    def decide_vectorised(self, matrix: tuple[np.ndarray, np.ndarray, np.ndarray]) -> np.ndarray:
        if len(matrix[2]) <= 1:
            return np.zeros(0, dtype=bool)
        return scores_of(matrix, self.weights, self.bias) >= self.threshold


@dataclass(frozen=True)
class SentenceLayer:
    commitment: LabelModel
    tension: LabelModel

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        arrays: dict[str, np.ndarray] = {}
        for label in LABELS:
            model: LabelModel = getattr(self, label)
            arrays[f"{label}_weights"] = model.weights.astype(np.float32)
            arrays[f"{label}_bias"] = np.asarray([model.bias, model.threshold], dtype=np.float64)
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
                models[label] = LabelModel(weights, bias, threshold)
    except (OSError, KeyError, ValueError) as exc:
        raise SentenceLayerMissing(f"cannot read the sentence layer weights {path}: {exc}; run make train") from exc
    return SentenceLayer(models["commitment"], models["tension"])


@lru_cache(maxsize=4)
def _cached(path: str) -> SentenceLayer:
    return read_layer(Path(path))


def load_layer(path: Path | None = None) -> SentenceLayer:
    """The shipped layer (read once per process)."""
    return _cached(str(path or WEIGHTS))
