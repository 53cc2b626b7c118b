"""The SQLite store's BM25 top-k from postings in memory with a MaxScore cut (``models.bm25``) ranks exactly as
FTS5's own ``ORDER BY rank`` does: the same passages in the same order, the same scores, ties by row id."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models import bm25
from models.store import DocumentFilters, Store
from rodedraad.records import SourceFile
from tests.models.test_store import _parsed

# a skewed vocabulary: a few words in most passages, a long tail of rare ones (as real text, Zipf-like)
VOCABULARY = [f"woord{rank}" for rank in range(60)] + ["één", "coördinatie", "zorg"]
WEIGHTS = [1.0 / (rank + 1) ** 1.1 for rank in range(len(VOCABULARY))]


def _put(store: Store, source: str, bodies: list[str], kind: str = "covenant") -> None:
    parsed = _parsed(source, bodies, kind)
    store.replace_file(source, SourceFile(source, parsed.document.sha256, len(parsed.document.text)), [parsed],
                       {p.id: p.text for p in parsed.passages}, {}, "none")


def _random_store(home: Path, seed: int, documents: int) -> Store:
    rng = random.Random(seed)
    store = Store.open(home)
    for number in range(documents):
        bodies = [" ".join(rng.choices(VOCABULARY, WEIGHTS, k=rng.randint(0, 30)))
                  for _ in range(rng.randint(1, 12))]
        _put(store, f"doc{number}.txt", bodies, kind=rng.choice(["covenant", "debate"]))
    return store


def _same(found: list[tuple[int, float]], expected: list[tuple[int, float]]) -> None:
    assert [rowid for rowid, _ in found] == [rowid for rowid, _ in expected]
    assert np.allclose([score for _, score in found], [score for _, score in expected], rtol=0, atol=1e-9)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10_000), documents=st.integers(1, 12), k=st.integers(1, 40),
       query=st.lists(st.sampled_from([*VOCABULARY, "ontbreekt"]), min_size=1, max_size=6),
       debates_only=st.booleans())
def test_the_cut_ranks_as_fts5_does(tmp_path_factory: pytest.TempPathFactory, seed: int, documents: int, k: int,
                                    query: list[str], debates_only: bool) -> None:
    store = _random_store(tmp_path_factory.mktemp("store"), seed, documents)
    filters = DocumentFilters(kind="debate") if debates_only else DocumentFilters()
    _same(store.lexical_search(query, k, filters), store.fts5_lexical_search(query, k, filters))
    rng = random.Random(seed)
    for _ in range(20):  # more queries on the same store: a rare and a common word, cut at several depths
        more = rng.sample(VOCABULARY[:8], rng.randint(1, 3)) + rng.sample(VOCABULARY[8:], rng.randint(1, 3))
        for depth in (1, 5, 20):
            _same(store.lexical_search(more, depth), store.fts5_lexical_search(more, depth))
    store.close()


def test_common_terms_are_cut_and_the_ranking_stays_exact(tmp_path: Path) -> None:
    """On a store where the commonest word is in most passages the cut leaves it out of the scan, and the
    ranking is still FTS5's, before and after the store changes (new generation, new and removed passages)."""
    store = _random_store(tmp_path / "store", seed=3, documents=40)
    query = ["woord0", "woord1", "woord25", "woord40"]
    _same(store.lexical_search(query, 10), store.fts5_lexical_search(query, 10))
    _put(store, "late.txt", ["woord40 woord40 woord0", "woord25 woord25 woord25"])
    _same(store.lexical_search(query, 10), store.fts5_lexical_search(query, 10))
    store.remove_file("doc1.txt")
    _same(store.lexical_search(query, 10), store.fts5_lexical_search(query, 10))
    assert store.lexical_search(query, 3)[0][0] == store.fts5_lexical_search(query, 3)[0][0]


def test_a_common_term_is_left_out_of_the_scan_when_its_bound_cannot_lift_a_passage() -> None:
    rare = bm25.TermPostings(np.arange(0, 200, dtype=np.int64), np.full(200, 3.0))
    common = bm25.TermPostings(np.arange(0, 1000, dtype=np.int64), np.full(1000, 0.5))
    found = bm25.top_k([common, rare], 1000, 10)
    assert found == [(rowid, 3.5) for rowid in range(10)]  # ties by row id
    # the common term alone could reach the 10th score when the rare one is weak: the cut widens, exact
    weak = bm25.TermPostings(np.array([990, 995], dtype=np.int64), np.array([0.2, 0.1]))
    assert bm25.top_k([common, weak], 1000, 3) == [(990, 0.7), (995, 0.6), (0, 0.5)]
    # a passage below the k-th partial score whose common term lifts it above: still found
    rare = bm25.TermPostings(np.arange(0, 11, dtype=np.int64), np.array([1.0] * 10 + [0.9]))
    common = bm25.TermPostings(np.array([10, *range(100, 200)], dtype=np.int64), np.array([0.5] + [0.3] * 100))
    assert bm25.top_k([rare, common], 200, 10) == [(10, 1.4), *((rowid, 1.0) for rowid in range(9))]


def test_terms_of_several_tokens_and_empty_stores(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "store")
    assert store.lexical_search(["zorg"], 5) == []
    _put(store, "a.txt", ["covid 19 en zorg", "zorg zorg", "covid zorg 19"])
    _same(store.lexical_search(["covid-19", "zorg"], 5), store.fts5_lexical_search(["covid-19", "zorg"], 5))
    _same(store.lexical_search(["Één", "zorg"], 5), store.fts5_lexical_search(["Één", "zorg"], 5))
    assert store.lexical_search([], 5) == [] and store.lexical_search(["zorg"], 0) == []


def test_a_store_made_anew_in_the_same_folder_is_read_again(tmp_path: Path) -> None:
    """The postings are shared per store file: a store deleted and made again there (row ids start again)
    must not be ranked from the old one's lengths and postings."""
    home = tmp_path / "store"
    first = _random_store(home, seed=5, documents=20)
    query = ["woord0", "woord3", "woord30"]
    _same(first.lexical_search(query, 10), first.fts5_lexical_search(query, 10))
    first.close()
    for file in home.iterdir():
        file.unlink()
    second = _random_store(home, seed=6, documents=8)
    _same(second.lexical_search(query, 10), second.fts5_lexical_search(query, 10))
    second.close()


def test_a_write_while_the_postings_are_read_leaves_the_search_to_fts5(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    store = _random_store(tmp_path / "store", seed=7, documents=6)
    writer = Store.open(tmp_path / "store")
    read = bm25._token_rows
    wrote: list[bool] = []

    def read_then_write(db: object, token: str) -> tuple[np.ndarray, np.ndarray]:
        rows = read(db, token)  # type: ignore[arg-type]
        if not wrote:  # another process commits a file between this term's postings and the next one's
            _put(writer, "later.txt", ["woord0 woord1 woord2 " * 5, "woord3 woord0"])
            wrote.append(True)
        return rows

    monkeypatch.setattr(bm25, "_token_rows", read_then_write)
    query = ["woord0", "woord3", "woord5"]
    found = store.lexical_search(query, 10)
    assert wrote
    _same(found, store.fts5_lexical_search(query, 10))  # one state, the newest: what FTS5 reads
    monkeypatch.setattr(bm25, "_token_rows", read)
    _same(store.lexical_search(query, 10), store.fts5_lexical_search(query, 10))  # and the cache holds no mix
