"""Sub-themes: the distinct parts of a broad theme, found by clustering its passages again.

A theme is **broad** when at least ``min_passages`` of its passages carry a subject (three sub-themes'
worth of passages; docs/THEMES.md has the measurements). Its passage vectors are split like the themes
themselves are formed, one level down:

1. centred on the theme's own mean (what all its passages share, its subject, is taken out so that the
   differences between its parts show) and reduced with PCA (at most ``dims`` dimensions);
2. Ward clustering into k = 2 … ``max_parts`` groups; the k with the best silhouette (cosine) wins, counting
   only splits where at least two groups reach ``min_size`` passages;
3. the split is kept only when that silhouette reaches ``min_silhouette`` (the parts are told apart better
   than a cut through one blob), and a passage nearer another part's centre than its own stays in the
   parent only; groups smaller than ``min_size`` stay out, and fewer than two parts is no split.

Deterministic: no random start (Ward), fixed PCA seed, input order as given.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.cluster import AgglomerativeClustering
from sklearn.decomposition import PCA
from sklearn.metrics import silhouette_score


@dataclass(frozen=True)
class SubthemeSettings:
    """Knobs of the split; the defaults are what docs/THEMES.md measured on the tuning documents."""

    enabled: bool = True
    min_passages: int = 12  # passages carrying a subject before a theme counts as broad
    min_size: int = 4  # passages of one sub-theme
    max_parts: int = 4
    min_silhouette: float = 0.1
    dims: int = 20
    seed: int = 0


def unit_rows(matrix: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows stay zero), in the matrix's own dtype (themes and sub-themes)."""
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms


@dataclass(frozen=True)
class Split:
    """Row indices of each part (largest first) and the silhouette of the split; no parts: no split."""

    parts: tuple[np.ndarray, ...]
    silhouette: float


def split_theme(vectors: np.ndarray, settings: SubthemeSettings = SubthemeSettings()) -> Split:
    """The parts of one theme from its passages' vectors (rows), or no parts when it is not broad or has
    no clear parts."""
    n = len(vectors)
    none = Split((), 0.0)
    if not settings.enabled or n < max(settings.min_passages, 2 * settings.min_size):
        return none
    points = unit_rows(np.asarray(vectors, dtype=np.float64))
    centred = unit_rows(points - points.mean(axis=0))
    dims = min(settings.dims, n - 1, centred.shape[1])
    if dims < 2 or not np.any(centred):
        return none
    reduced = unit_rows(PCA(n_components=dims, svd_solver="full", random_state=settings.seed)
                         .fit_transform(centred))
    best: tuple[float, np.ndarray] | None = None
    for k in range(2, min(settings.max_parts, n // settings.min_size) + 1):
        labels = np.asarray(AgglomerativeClustering(n_clusters=k, linkage="ward").fit(reduced).labels_)
        if (np.bincount(labels) >= settings.min_size).sum() < 2 or len(set(labels.tolist())) < 2:
            continue
        score = float(silhouette_score(reduced, labels, metric="cosine"))
        if best is None or score > best[0] + 1e-9:
            best = (score, labels)
    if best is None or best[0] < settings.min_silhouette:
        return none
    score, labels = best
    groups = [np.flatnonzero(labels == g) for g in range(int(labels.max()) + 1)]
    groups = [g for g in groups if len(g) >= settings.min_size]
    centres = unit_rows(np.vstack([reduced[g].mean(axis=0) for g in groups]))
    nearest = np.argmax(reduced @ centres.T, axis=1)
    kept = [group[nearest[group] == index] for index, group in enumerate(groups)]
    kept = [group for group in kept if len(group) >= settings.min_size]
    if len(kept) < 2:
        return none
    kept.sort(key=lambda group: (-len(group), int(group[0])))
    return Split(tuple(kept), score)
