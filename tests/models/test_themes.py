"""Themes: clustering, id matching, labels, summaries, stability and incremental assignment (fake embedder)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import adjusted_rand_score
from themes_corpus import TOPICS, passage_text, write_corpus

from models.embedders.fake import FakeEmbedder
from models.indexer import ingest_paths
from models.nlp import DutchNLP
from models.store import Store
from models.theme_labels import ThemeText, label_themes, noun_evidence
from models.theme_store import StoredTheme, theme_spreads
from models.theme_summary import SummaryPassage, candidate_sentences, mmr_order, summarise_theme
from models.themes import (
    ThemeSettings,
    assign_new_passages,
    build_themes,
    cluster_vectors,
    explain_passage_theme,
    match_previous_ids,
    theme_id_for,
    theme_matrix,
)
from rodedraad.dutch import STOP_WORDS


@pytest.fixture(scope="module")
def nlp() -> DutchNLP:
    return DutchNLP()


def _mixture(n_per: int, centres: int, dim: int = 48, noise: float = 0.08, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    means = rng.normal(size=(centres, dim))
    truth = np.repeat(np.arange(centres), n_per)
    points = means[truth] / np.linalg.norm(means[truth], axis=1, keepdims=True) + rng.normal(0, noise, (len(truth), dim))
    return (points / np.linalg.norm(points, axis=1, keepdims=True)).astype(np.float32), truth


def test_clusters_recover_a_gaussian_mixture_and_are_deterministic() -> None:
    vectors, truth = _mixture(20, 5)
    first = cluster_vectors(vectors)
    second = cluster_vectors(vectors)
    assert np.array_equal(first.assignments, second.assignments)
    assert first.k == 5
    kept = first.assignments >= 0
    assert kept.mean() > 0.9
    assert adjusted_rand_score(truth[kept], first.assignments[kept]) > 0.95
    assert np.all(first.similarities[kept] > 0.5)


def test_passages_between_themes_stay_unassigned() -> None:
    vectors, _ = _mixture(20, 4, noise=0.05)
    # points exactly halfway between two theme centres fit neither
    halfway = vectors[:20].mean(axis=0) / np.linalg.norm(vectors[:20].mean(axis=0)) + \
        vectors[20:40].mean(axis=0) / np.linalg.norm(vectors[20:40].mean(axis=0))
    between = np.vstack([halfway / np.linalg.norm(halfway)] * 2)
    result = cluster_vectors(np.vstack([vectors, between]))
    assert np.all(result.assignments[-2:] == -1)
    assert (result.assignments[:-2] >= 0).mean() > 0.9


def test_too_few_passages_give_no_themes() -> None:
    vectors, _ = _mixture(1, 4)
    assert cluster_vectors(vectors).k == 0
    assert cluster_vectors(np.zeros((0, 8), dtype=np.float32)).k == 0


@settings(max_examples=25, deadline=None)
@given(n=st.integers(min_value=0, max_value=80), dim=st.integers(min_value=3, max_value=24),
       seed=st.integers(min_value=0, max_value=1000))
def test_clustering_invariants_on_random_vectors(n: int, dim: int, seed: int) -> None:
    vectors = np.random.default_rng(seed).normal(size=(n, dim)).astype(np.float32)
    result = cluster_vectors(vectors, ThemeSettings())
    assert result.assignments.shape == (n,)
    assert set(result.assignments.tolist()) <= {-1, *range(result.k)}
    for theme in range(result.k):
        assert (result.assignments == theme).sum() >= 3  # the minimum theme size
    assert result.centroids.shape[0] == result.k


def test_ids_follow_members_and_survive_partial_change() -> None:
    centroid = np.eye(4, dtype=np.float32)[0]
    old = StoredTheme("t-old", "Oud", (), (), centroid, 3, 0.5, 0)
    members = [{"a", "b", "c", "d"}, {"x", "y", "z"}]
    centroids = np.eye(4, dtype=np.float32)[[0, 2]]
    ids = match_previous_ids(members, centroids, [old], {"t-old": {"a", "b", "c"}})
    assert ids[0] == "t-old"
    assert ids[1] == theme_id_for(["z", "y", "x"]) and ids[1].startswith("t")
    assert match_previous_ids(members, centroids, [], {}) == [theme_id_for(sorted(m)) for m in members]


def test_noun_evidence_keeps_verbs_out(nlp: DutchNLP) -> None:
    found = noun_evidence(nlp.tokens("De samenwerking tussen partijen ontstaat pas als het gezamenlijke budget er is."))
    assert "samenwerking" in found and "budget" in found
    assert "ontstaan" not in found and "ontstaat" not in found


def test_labels_are_distinct_content_words(nlp: DutchNLP) -> None:
    themes = [[ThemeText(f"{topic}-{v % 2}", passage_text(topic, v)) for v in range(6)] for topic in TOPICS]
    labels = label_themes(nlp, themes)
    assert len({label.label for label in labels}) == 3
    for label, topic in zip(labels, TOPICS, strict=True):
        words = label.label.lower().split()
        assert 1 <= len(words) <= 5
        # function words only join two nouns ("inning van de ouderbijdrage"): never first or last
        assert words[0] not in STOP_WORDS and words[-1] not in STOP_WORDS
        assert not any(ch.isdigit() for ch in label.label)
        assert 3 <= len(label.keyphrases) <= 12
        vocabulary = " ".join(TOPICS[topic]).lower()
        assert all(part in vocabulary for part in label.label.lower().replace(" en ", " ").split())


def test_mmr_prefers_diverse_sentences() -> None:
    near = np.array([1.0, 0.0, 0.0])
    vectors = np.vstack([near, near, np.array([0.8, 0.6, 0.0]), np.array([0.8, 0.0, 0.6])]).astype(np.float32)
    order = mmr_order(vectors, ["d1", "d1", "d2", "d3"], 3)
    assert order[0] in (0, 1)
    assert not {0, 1} <= set(order)  # the duplicate is not picked twice


def test_summary_sentences_are_whole_cited_sentences(nlp: DutchNLP) -> None:
    passages = [
        SummaryPassage("p1", "d1", "Kort. De gemeente zegt toe vóór 1 januari 2027 één budget voor welzijn in te voeren. "
                                   "– Stichting Noord, vertegenwoordigd door"),
        SummaryPassage("p2", "d2", "De welzijnsorganisaties werken met één budget en leggen samen verantwoording af."),
    ]
    candidates = candidate_sentences(nlp, passages)
    assert [c.passage_id for c in candidates] == ["p1", "p2"]
    assert candidates[0].text.startswith("De gemeente zegt toe vóór 1 januari 2027")
    embedder = FakeEmbedder()
    summary = summarise_theme(nlp, lambda texts: embedder.embed(texts, kind="query"), passages, sentences=2)
    assert {s.doc_id for s in summary} == {"d1", "d2"}
    for sentence in summary:
        source = next(p for p in passages if p.passage_id == sentence.passage_id)
        assert sentence.text in source.text


@pytest.fixture
def themed_store(tmp_path: Path, nlp: DutchNLP) -> tuple[Store, FakeEmbedder, Path]:
    root = write_corpus(tmp_path / "docs")
    store = Store.open(tmp_path / "home")
    embedder = FakeEmbedder()
    ingest_paths(store, embedder, nlp, [root])
    yield store, embedder, root
    store.close()


def test_build_is_stable_and_finds_the_three_subjects(themed_store: tuple[Store, FakeEmbedder, Path],
                                                      nlp: DutchNLP) -> None:
    store, embedder, _ = themed_store
    first = build_themes(store, embedder, nlp)
    again = build_themes(store, embedder, nlp)
    assert [(t.id, t.label, t.passage_ids) for t in first] == [(t.id, t.label, t.passage_ids) for t in again]
    assert len(first) == 3
    rows = store.query("SELECT p.id, d.source FROM passages p JOIN documents d ON d.id = p.doc_id")
    topic_of = {row["id"]: Path(row["source"]).name.split("-")[0] for row in rows}
    for theme in first:
        assert len({topic_of[pid] for pid in theme.passage_ids}) == 1  # pure
        assert theme.summary and all(s.passage_id in theme.passage_ids for s in theme.summary)
    spreads = theme_spreads(store)
    assert all(spreads[t.id].shared for t in first)  # every subject has two files
    columns = [(row["name"], row["type"]) for row in store.query("PRAGMA table_info(theme_passages)")]
    assert columns == [("theme_id", "TEXT"), ("passage_id", "TEXT"), ("similarity", "REAL")]


def test_new_documents_join_existing_themes_without_renumbering(
    themed_store: tuple[Store, FakeEmbedder, Path], nlp: DutchNLP, tmp_path: Path
) -> None:
    store, embedder, _root = themed_store
    before = build_themes(store, embedder, nlp)
    write_corpus(tmp_path / "more", documents_per_topic=1, extra="-nieuw")
    ingest_paths(store, embedder, nlp, [tmp_path / "more"])
    report = assign_new_passages(store)
    assert report.assigned > 0
    from models.themes import list_themes

    after = list_themes(store)
    assert [(t.id, t.label) for t in after] == [(t.id, t.label) for t in before]
    assert sum(len(t.passage_ids) for t in after) == sum(len(t.passage_ids) for t in before) + report.assigned
    # a rebuild on the grown corpus maps the themes back to the old ids
    rebuilt = build_themes(store, embedder, nlp)
    assert {t.id for t in rebuilt} == {t.id for t in before}


def test_explanation_and_matrix(themed_store: tuple[Store, FakeEmbedder, Path], nlp: DutchNLP) -> None:
    store, embedder, _ = themed_store
    themes = build_themes(store, embedder, nlp)
    passage_id = themes[0].passage_ids[0]
    why = explain_passage_theme(store, nlp, passage_id)
    assert why.theme_id == themes[0].id and why.similarity is not None
    assert why.similarity >= (why.threshold or 0) and why.nearest[0][0] == themes[0].id
    assert why.shared_keyphrases and themes[0].label in why.reason
    rows = theme_matrix(store, "document")
    assert sum(sum(r.counts.values()) for r in rows) == sum(len(t.passage_ids) for t in themes)
    assert {tid for r in rows for tid in r.counts} == {t.id for t in themes}


def test_an_organisation_is_credited_only_with_passages_that_name_it() -> None:
    from models.theme_store import credited_organisations

    organisations = ["gemeente Lindeveen", "GGD Noord", "Woonstichting Thuis"]
    named = "De GGD Noord meet de luchtkwaliteit in de wijk en deelt de cijfers."
    silent = "De wijkteams bespreken de uitkomsten met de bewoners."
    # the document's own organisation carries all of its passages, the others only those that name them
    assert credited_organisations(organisations, named) == ["gemeente Lindeveen", "GGD Noord"]
    assert credited_organisations(organisations, silent) == ["gemeente Lindeveen"]
    assert credited_organisations([], named) == []

