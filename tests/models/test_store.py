"""The store on its own: atomic replacement, vector cache, lexical search, stale-index detection."""

from pathlib import Path

import numpy as np
import pytest

from models.embedders.fake import FakeEmbedder
from models.health import check_store
from models.store import DocumentFilters, Store
from rodedraad.errors import NotFound, StoreError
from rodedraad.records import (
    Document,
    ParsedDocument,
    Passage,
    SourceFile,
    document_id,
    passage_id,
    sha256_text,
)


def _parsed(source: str, paragraphs: list[str], kind: str = "covenant", orgs: tuple[str, ...] = ()) -> ParsedDocument:
    text = "\n\n".join(paragraphs)
    doc_id = document_id(source, 0, text)
    passages, start = [], 0
    for ordinal, paragraph in enumerate(paragraphs):
        passages.append(Passage(passage_id(doc_id, ordinal), doc_id, ordinal, None, start, start + len(paragraph), paragraph))
        start += len(paragraph) + 2
    doc = Document(doc_id, source, source.title(), kind, None, orgs, text, sha256_text(text))  # type: ignore[arg-type]
    return ParsedDocument(doc, tuple(passages))


def _put(store: Store, path: str, parsed: ParsedDocument, embedder: FakeEmbedder) -> None:
    texts = [p.text for p in parsed.passages]
    vectors = dict(zip((sha256_text(t) for t in texts), embedder.embed(texts), strict=True))
    terms = {p.id: p.text.lower() for p in parsed.passages}
    store.replace_file(path, SourceFile(path, sha256_text(parsed.document.text), 10), [parsed], terms, vectors, embedder.name)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store.open(tmp_path / "home")


def test_replacing_a_file_swaps_its_documents_and_terms(store: Store) -> None:
    embedder = FakeEmbedder()
    _put(store, "/a.md", _parsed("a.md", ["welzijn budget", "wonen zorg"]), embedder)
    assert store.counts().passages == 2
    _put(store, "/a.md", _parsed("a.md", ["alleen jeugdhulp nu"]), embedder)
    counts = store.counts(embedder.name)
    assert (counts.documents, counts.passages, counts.vectors) == (1, 1, 1)
    assert store.lexical_search(["welzijn"], 10) == []
    assert len(store.lexical_search(["jeugdhulp"], 10)) == 1
    assert store.orphan_term_rows() == 0


def test_lexical_search_ranks_and_filters(store: Store) -> None:
    embedder = FakeEmbedder()
    _put(store, "/a.md", _parsed("a.md", ["budget budget welzijn", "iets anders"], kind="covenant", orgs=("VNG",)), embedder)
    _put(store, "/b.md", _parsed("b.md", ["budget voor wonen"], kind="blog"), embedder)
    hits = store.lexical_search(["budget", "welzijn"], 10)
    first = store.passages_by_rowid([hits[0][0]])[hits[0][0]]
    assert first.passage.text == "budget budget welzijn"
    assert [s for _, s in hits] == sorted((s for _, s in hits), reverse=True)
    only_blogs = store.lexical_search(["budget"], 10, DocumentFilters(kind="blog"))
    assert len(only_blogs) == 1
    assert store.lexical_search(["budget"], 10, DocumentFilters(organisation="vng"))[0][0] == hits[0][0]
    assert store.lexical_search(['"; DROP TABLE passages; --'], 10) == []


def test_vectors_are_cached_by_text_and_model(store: Store) -> None:
    embedder = FakeEmbedder()
    _put(store, "/a.md", _parsed("a.md", ["welzijn budget"]), embedder)
    assert store.cached_vector_shas(embedder.name, [sha256_text("welzijn budget")]) == {sha256_text("welzijn budget")}
    assert store.cached_vector_shas("other-model", [sha256_text("welzijn budget")]) == set()
    _, matrix = store.passage_vectors(embedder.name)
    assert matrix.shape == (1, embedder.dim)
    assert np.allclose(matrix[0], embedder.embed(["welzijn budget"])[0])


def test_index_is_stale_until_rebuilt_and_status_says_so(store: Store) -> None:
    embedder = FakeEmbedder()
    _put(store, "/a.md", _parsed("a.md", ["welzijn budget", "wonen"]), embedder)
    assert store.load_index(embedder.name) is None
    health = check_store(store, embedder.name)
    assert health.consistent and health.index_stale and health.vectors_pending == 0  # pending work, no fault
    store.rebuild_index(embedder.name, embedder.dim)
    assert len(store.load_index(embedder.name)) == 2  # type: ignore[arg-type]
    health = check_store(store)
    assert health.consistent and not health.index_stale
    _put(store, "/b.md", _parsed("b.md", ["nieuw"]), embedder)  # committed, index not yet rebuilt
    assert store.load_index(embedder.name) is None
    assert check_store(store).index_stale


def test_unknown_document_is_not_found(store: Store) -> None:
    with pytest.raises(NotFound, match="no document with id 'nope'"):
        store.document("nope")


def test_a_file_that_is_not_a_store_is_a_store_error(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "rodedraad.sqlite3").write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="not a rodedraad store"):
        Store.open(home)


def test_memoised_recomputes_only_when_the_signature_changes(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "home")
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert store.memoised("answer", ("a", 1), compute) == 1
    assert store.memoised("answer", ("a", 1), compute) == 1
    assert store.memoised("answer", ("a", 2), compute) == 2
    assert store.memoised("other", ("a", 2), compute) == 3
    assert len(calls) == 3
    store.close()
