"""The noisy-vector theme builds of eval.eval_gold_themes_search: seeded, small, and only the vectors move."""

from __future__ import annotations

from pathlib import Path
from typing import cast

import numpy as np
import pytest

from eval.eval_gold_themes_search import NOISE_SD, _NoisyVectors, noisy
from models.embedders.fake import FakeEmbedder
from models.indexer import ingest_paths
from models.nlp import DutchNLP
from models.store import Store
from models.themes import build_themes, list_themes

_TOPICS = ("de begroting van het sociaal domein", "het onderhoud van de fietspaden", "de opvang van statushouders",
           "de inkoop van huishoudelijke hulp", "het toezicht op kinderopvang", "de schuldhulpverlening aan jongeren")


def _unit_rows(count: int, dim: int = 16) -> np.ndarray:
    matrix = np.random.default_rng(7).normal(size=(count, dim)).astype(np.float32)
    return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


def test_noise_is_seeded_small_and_keeps_rows_unit() -> None:
    matrix = _unit_rows(50)
    first, again, other = noisy(matrix, 0, NOISE_SD), noisy(matrix, 0, NOISE_SD), noisy(matrix, 1, NOISE_SD)
    assert np.array_equal(first, again)
    assert not np.array_equal(first, other)
    assert first.dtype == matrix.dtype and first.shape == matrix.shape
    assert np.allclose(np.linalg.norm(first, axis=1), 1.0, atol=1e-5)
    cosines = np.sum(first * matrix, axis=1)
    assert cosines.min() > 0.999 and cosines.max() < 1.0
    assert np.allclose(noisy(matrix, 3, 0.0), matrix, atol=1e-6)
    assert noisy(np.zeros((0, 16), dtype=np.float32), 0, NOISE_SD).shape == (0, 16)


@pytest.fixture(scope="module")
def nlp() -> DutchNLP:
    return DutchNLP()


def test_a_theme_build_reads_the_noisy_vectors_and_writes_the_real_store(tmp_path: Path, nlp: DutchNLP) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for number, topic in enumerate(_TOPICS):
        parts = "\n\n".join(f"## Deel {k}\n\nOver {topic} maken de partijen afspraak {k}, want {topic} vraagt om "
                              f"samenwerking tussen gemeente en aanbieders in de regio." for k in range(6))
        (docs / f"nota-{number}.md").write_text(f"# Nota {number}\n\n{parts}\n", encoding="utf-8")
    store, embedder = Store.open(tmp_path / "home"), FakeEmbedder()
    ingest_paths(store, embedder, nlp, [docs])
    wrapped = _NoisyVectors(store, 0, NOISE_SD)
    rowids, clean = store.passage_vectors(embedder.name)
    noisy_rowids, moved = wrapped.passage_vectors(embedder.name)
    assert np.array_equal(rowids, noisy_rowids) and len(rowids) >= len(_TOPICS)
    assert not np.array_equal(clean, moved) and np.allclose(clean, moved, atol=0.01)
    assert wrapped.generation == store.generation  # everything but the vectors is the store's own
    themes = build_themes(cast(Store, wrapped), embedder, nlp)
    assert themes and [t.id for t in list_themes(store)] == [t.id for t in themes]
    assert np.array_equal(store.passage_vectors(embedder.name)[1], clean)  # the stored vectors are untouched
    store.close()
