"""The MaxScore cut of BM25 (SQLite: ``models.bm25``; PostgreSQL: ``PgStore._lexical_cut``) ranks exactly as the
full BM25 ranking of the same store (SQLite: FTS5's ``ORDER BY rank``; PostgreSQL: the sum over every matching
term count): the same passages in the same order, scores equal to 1e-6, ties by row id; on random stores whose
words are spread as in real text (a few in most passages, a long tail of rare ones), with and without filters.
(The two stores' own rankings agree to 1e-6: ``test_both_stores_rank_lexical_search_alike``; equal scores may
differ in their last bits between them, so ties are compared within one store.)"""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest

from models import pg_store
from models.pg_store import PgStore
from models.store import DocumentFilters, Store
from rodedraad.records import Document, ParsedDocument, Passage, SourceFile, document_id, passage_id, sha256_text
from tests.contract.conftest import OpenStore

VOCABULARY = [f"woord{rank}" for rank in range(80)]
WEIGHTS = [1.0 / (rank + 1) ** 1.1 for rank in range(len(VOCABULARY))]  # Zipf-like


def _put(store: Store, source: str, bodies: list[str], kind: str) -> None:
    text = "\n\n".join(bodies)
    doc_id = document_id(source, 0, text)
    passages, start = [], 0
    for ordinal, body in enumerate(bodies):
        passages.append(Passage(passage_id(doc_id, ordinal), doc_id, ordinal, None, start, start + len(body), body))
        start += len(body) + 2
    doc = Document(doc_id, source, source, kind, None, (), text, sha256_text(text))  # type: ignore[arg-type]
    store.replace_file(source, SourceFile(source, sha256_text(text), len(text)), [ParsedDocument(doc, tuple(passages))],
                       {p.id: p.text for p in passages}, {}, "none")


def _full_ranking(store: Store) -> Callable[[list[str], int, DocumentFilters], list[tuple[int, float]]]:
    if isinstance(store, PgStore):
        def uncut(terms: list[str], k: int, filters: DocumentFilters) -> list[tuple[int, float]]:
            cut = store._lexical_cut
            store._lexical_cut = lambda *args: None  # type: ignore[method-assign]
            try:
                return store.lexical_search(terms, k, filters)
            finally:
                store._lexical_cut = cut  # type: ignore[method-assign]
        return uncut
    return store.fts5_lexical_search


def _ranked(found: list[tuple[int, float]]) -> list[tuple[int, float]]:
    return [(rowid, round(score, 6)) for rowid, score in found]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_cut_ranks_as_the_full_bm25(open_store: OpenStore, seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pg_store, "BM25_CUT", True)  # off by default on PostgreSQL (no gain measured)
    monkeypatch.setattr(pg_store, "CUT_MIN_POSTINGS", 0)  # cut these small stores too (large ones only, else)
    store = open_store()
    full = _full_ranking(store)
    rng = random.Random(seed)
    for number in range(30):
        bodies = [" ".join(rng.choices(VOCABULARY, WEIGHTS, k=rng.randint(1, 40))) for _ in range(rng.randint(1, 10))]
        _put(store, f"doc{number}.txt", bodies, rng.choice(["covenant", "debate"]))
    for _ in range(25):
        query = rng.sample(VOCABULARY[:6], rng.randint(1, 3)) + rng.sample(VOCABULARY[6:], rng.randint(0, 3))
        for k in (1, 7, 30):
            for filters in (DocumentFilters(), DocumentFilters(kind="debate")):
                expected = _ranked(full(query, k, filters))
                assert _ranked(store.lexical_search(query, k, filters)) == expected, (query, k, filters)
