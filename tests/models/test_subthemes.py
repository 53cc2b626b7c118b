"""Sub-themes: a broad theme is split into its distinct parts, a coherent one is not; ids stay; old stores
migrate (fake embedder, synthetic corpus)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from themes_corpus import write_corpus

from models.embedders.fake import FakeEmbedder
from models.indexer import ingest_paths
from models.nlp import DutchNLP
from models.store import Store
from models.theme_store import load_subthemes, load_theme, load_themes, theme_members, theme_spreads
from models.theme_subthemes import SubthemeSettings, split_theme
from models.themes import ThemeSettings, assign_new_passages, build_themes, get_theme, list_themes

# one theme over all three subjects of the corpus: top-level merging is opened wide, so the theme is broad
_MERGED = ThemeSettings(merge_distance=2.0)


@pytest.fixture(scope="module")
def nlp() -> DutchNLP:
    return DutchNLP()


@pytest.fixture
def store(tmp_path: Path, nlp: DutchNLP) -> Iterator[Store]:
    opened = Store.open(tmp_path / "home")
    ingest_paths(opened, FakeEmbedder(), nlp, [write_corpus(tmp_path / "docs")])
    yield opened
    opened.close()


def _subject(store: Store) -> dict[str, str]:
    rows = store.query("SELECT p.id, d.source FROM passages p JOIN documents d ON d.id = p.doc_id")
    return {row["id"]: Path(row["source"]).name.split("-")[0] for row in rows}


def _groups(n_per: int, centres: int, noise: float, seed: int = 3, dim: int = 48) -> np.ndarray:
    rng = np.random.default_rng(seed)
    shared = rng.normal(size=dim) * 3  # what every passage of the theme has in common
    means = rng.normal(size=(centres, dim))
    return np.vstack([shared + means[c] + rng.normal(0, noise, (n_per, dim)) for c in range(centres)])


def test_split_finds_two_separate_groups_and_leaves_one_blob_alone() -> None:
    two = split_theme(_groups(10, 2, noise=0.3))
    assert len(two.parts) == 2 and two.silhouette >= SubthemeSettings().min_silhouette
    assert sorted(sorted(part.tolist()) for part in two.parts) == [list(range(10)), list(range(10, 20))]
    blob = split_theme(np.random.default_rng(0).normal(size=(40, 64)) + 5 * np.eye(64)[0])
    assert blob.parts == ()
    small = split_theme(_groups(4, 2, noise=0.3))  # 8 passages: not broad, however clear its parts
    assert small.parts == ()
    assert split_theme(np.zeros((0, 8))).parts == ()


def test_a_broad_theme_gets_pure_sub_themes_with_distinct_labels(store: Store, nlp: DutchNLP) -> None:
    themes = build_themes(store, FakeEmbedder(), nlp, settings=_MERGED)
    subject = _subject(store)
    broad = [t for t in themes if t.subthemes]
    assert len(broad) == 1
    parent = broad[0]
    assert len({subject[pid] for pid in parent.passage_ids}) == 3
    subs = [get_theme(store, ref.id) for ref in parent.subthemes]
    assert len(subs) >= 2
    labels = [sub.label for sub in subs]
    assert len(set(labels)) == len(labels) and parent.label not in labels
    members = set(parent.passage_ids)
    seen: set[str] = set()
    for sub, ref in zip(subs, parent.subthemes, strict=True):
        assert sub.parent_id == parent.id and not sub.subthemes and ref.size == len(sub.passage_ids)
        assert set(sub.passage_ids) <= members and not set(sub.passage_ids) & seen  # a part, disjoint
        seen |= set(sub.passage_ids)
        assert len({subject[pid] for pid in sub.passage_ids}) == 1  # each part is one subject
        assert sub.keyphrases and sub.summary and all(s.passage_id in sub.passage_ids for s in sub.summary)
    assert len({subject[sub.passage_ids[0]] for sub in subs}) == len(subs)  # distinct parts
    # top-level listings stay top-level; sub-themes are listed after their parent on request
    assert [t.id for t in load_themes(store)] == [t.id for t in themes]
    everything = list_themes(store, subthemes=True)
    assert [t.id for t in everything] == [parent.id, *(ref.id for ref in parent.subthemes)] + \
        [t.id for t in themes if t.id != parent.id]
    assert theme_spreads(store)[subs[0].id].doc_ids


def test_small_coherent_themes_get_no_sub_themes(store: Store, nlp: DutchNLP) -> None:
    themes = build_themes(store, FakeEmbedder(), nlp)
    assert len(themes) == 3 and not any(t.subthemes for t in themes)
    assert load_subthemes(store) == []


def test_sub_theme_ids_are_stable_and_new_passages_join_a_part(store: Store, nlp: DutchNLP, tmp_path: Path) -> None:
    embedder = FakeEmbedder()
    first = build_themes(store, embedder, nlp, settings=_MERGED)
    again = build_themes(store, embedder, nlp, settings=_MERGED)
    assert [(t.id, t.subthemes) for t in first] == [(t.id, t.subthemes) for t in again]
    before = {sub.id: sub.size for sub in load_subthemes(store)}
    ingest_paths(store, embedder, nlp, [write_corpus(tmp_path / "more", documents_per_topic=1, extra="-nieuw")])
    assign_new_passages(store)
    after = {sub.id: sub.size for sub in load_subthemes(store)}
    assert set(after) == set(before) and sum(after.values()) > sum(before.values())
    for sub in load_subthemes(store):
        parent_members = {m.passage_id for m in theme_members(store, sub.parent_id or "")}
        assert {m.passage_id for m in theme_members(store, sub.id)} <= parent_members
    rebuilt = build_themes(store, embedder, nlp, settings=_MERGED)
    assert {ref.id for t in rebuilt for ref in t.subthemes} == set(before)


def test_a_store_from_before_sub_themes_migrates(tmp_path: Path, nlp: DutchNLP) -> None:
    home = tmp_path / "old"
    Store.open(home).close()
    with sqlite3.connect(home / "rodedraad.sqlite3") as db:  # the themes table as it was, one theme in it
        db.executescript(
            "CREATE TABLE themes (id TEXT PRIMARY KEY, label TEXT NOT NULL, keyphrases TEXT NOT NULL, "
            "summary TEXT NOT NULL, centroid BLOB NOT NULL, size INTEGER NOT NULL, threshold REAL NOT NULL, "
            "ordinal INTEGER NOT NULL);"
            "CREATE TABLE theme_passages (theme_id TEXT NOT NULL, passage_id TEXT NOT NULL, similarity REAL NOT NULL);"
            "CREATE TABLE theme_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);")
        db.execute("INSERT INTO themes VALUES ('told', 'Oud thema', '[\"oud\"]', '[]', ?, 0, 0.5, 0)",
                   (np.ones(4, dtype=np.float32).tobytes(),))
    store = Store.open(home)
    try:
        old = load_themes(store)
        assert [(t.id, t.label, t.parent_id) for t in old] == [("told", "Oud thema", None)]
        assert load_theme(store, "told").parent_id is None and load_subthemes(store) == []
        ingest_paths(store, FakeEmbedder(), nlp, [write_corpus(tmp_path / "docs")])
        themes = build_themes(store, FakeEmbedder(), nlp, settings=_MERGED)
        assert any(t.subthemes for t in themes)
    finally:
        store.close()


def test_commitments_filtered_by_a_sub_theme_are_those_of_its_own_passages(store: Store, nlp: DutchNLP) -> None:
    from models.analysis_store import CommitmentFilters, list_commitments, update_analyses

    parent = next(t for t in build_themes(store, FakeEmbedder(), nlp, settings=_MERGED) if t.subthemes)
    update_analyses(store, nlp)
    everything, total = list_commitments(store, limit=1000)
    assert total > 0
    by_part = {}
    for ref in parent.subthemes:
        members = set(get_theme(store, ref.id).passage_ids)
        found, _ = list_commitments(store, CommitmentFilters(theme=ref.id), limit=1000)
        assert sorted(c.commitment.id for c in found) == \
            sorted(c.commitment.id for c in everything if c.commitment.passage_id in members)
        by_part[ref.id] = len(found)
    assert any(by_part.values())  # a sub-theme filter finds the commitments of its own part
    on_parent, _ = list_commitments(store, CommitmentFilters(theme=parent.id), limit=1000)
    assert len(on_parent) >= max(by_part.values())
