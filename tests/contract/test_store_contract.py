"""The Store contract: every test runs on the SQLite store and on the PostgreSQL store (``open_store``)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from models.embedders.fake import FakeEmbedder
from models.health import check_store
from models.indexer import ingest_paths
from models.nlp import DutchNLP
from models.search import Searcher
from models.store import DocumentFilters, Store
from rodedraad.errors import DuplicateDocument
from rodedraad.records import Document, ParsedDocument, Passage, SourceFile, document_id, passage_id, sha256_text
from tests.contract.conftest import OpenStore


@pytest.fixture(scope="module")
def nlp() -> DutchNLP:
    return DutchNLP()


def _parsed(source: str, paragraphs: list[str], kind: str = "covenant", orgs: tuple[str, ...] = (),
            date: str | None = None) -> ParsedDocument:
    text = "\n\n".join(paragraphs)
    doc_id = document_id(source, 0, text)
    passages, start = [], 0
    for ordinal, paragraph in enumerate(paragraphs):
        passages.append(Passage(passage_id(doc_id, ordinal), doc_id, ordinal, None, start, start + len(paragraph),
                                paragraph))
        start += len(paragraph) + 2
    doc = Document(doc_id, source, source.title(), kind, date, orgs, text, sha256_text(text))  # type: ignore[arg-type]
    return ParsedDocument(doc, tuple(passages))


def _put(store: Store, path: str, parsed: list[ParsedDocument], embedder: FakeEmbedder) -> None:
    texts = [p.text for doc in parsed for p in doc.passages]
    vectors = dict(zip((sha256_text(t) for t in texts), embedder.embed(texts), strict=True))
    terms = {p.id: p.text.lower() for doc in parsed for p in doc.passages}
    store.replace_file(path, SourceFile(path, sha256_text("".join(d.document.text for d in parsed)), 10), parsed,
                       terms, vectors, embedder.name)


def _snapshot(store: Store, model: str) -> tuple[object, ...]:
    """Everything a reader can see of the stored records."""
    documents, total = store.list_documents(limit=1000)
    passages = {doc.id: store.passages_of(doc.id) for doc in documents}
    counts = store.counts(model)
    return (total, documents, passages, counts.files, counts.documents, counts.passages, counts.vectors,
            store.lexical_term_rows())


def test_ingest_stores_every_document_searchable_by_words_and_meaning(store: Store, small_corpus: Path,
                                                                      nlp: DutchNLP) -> None:
    embedder = FakeEmbedder()
    report = ingest_paths(store, embedder, nlp, [small_corpus])
    assert report.ok and sorted(report.added) == ["docs/blog.txt", "docs/convenant.md", "docs/raadsvoorstel.txt"]
    counts = store.counts(embedder.name)
    assert (counts.files, counts.documents) == (3, 3)
    assert counts.passages == report.passages > 0 and counts.vectors == counts.passages
    health = check_store(store, embedder.name)
    assert health.consistent and not health.index_stale and health.vectors_pending == 0, health.problems
    documents, total = store.list_documents()
    assert total == 3 and [doc.source for doc in documents] == sorted(doc.source for doc in documents)
    for doc in documents:
        passages = store.passages_of(doc.id)
        assert passages and all(doc.text[p.start:p.end] == p.text for p in passages)
        assert store.document(doc.id) == doc
    searcher = Searcher(store, embedder, nlp)
    for mode in ("lexical", "semantic", "hybrid"):
        hits = searcher.search("één welzijnsbudget en een gezamenlijk werkplan", mode=mode, relevance_floor=False)
        assert hits and hits[0].source == "docs/convenant.md", (mode, [hit.source for hit in hits])


def test_a_second_ingest_of_the_same_files_changes_nothing(store: Store, small_corpus: Path, nlp: DutchNLP) -> None:
    embedder = FakeEmbedder()
    ingest_paths(store, embedder, nlp, [small_corpus])
    before = _snapshot(store, embedder.name)
    calls = len(embedder.calls)
    again = ingest_paths(store, embedder, nlp, [small_corpus])
    assert again.added == [] and sorted(again.unchanged) == sorted(["docs/blog.txt", "docs/convenant.md",
                                                                    "docs/raadsvoorstel.txt"])
    assert _snapshot(store, embedder.name) == before
    assert len(embedder.calls) == calls  # nothing embedded again


def test_a_changed_file_replaces_its_documents_and_reuses_cached_vectors(store: Store, small_corpus: Path,
                                                                         nlp: DutchNLP) -> None:
    embedder = FakeEmbedder()
    ingest_paths(store, embedder, nlp, [small_corpus])
    blog = small_corpus / "blog.txt"
    blog.write_text(blog.read_text(encoding="utf-8") + "\nEen nieuwe alinea over eenzaamheid onder ouderen.\n",
                    encoding="utf-8")
    report = ingest_paths(store, embedder, nlp, [small_corpus])
    assert report.replaced == ["docs/blog.txt"] and report.embedded <= 2
    assert store.counts().documents == 3
    hits = Searcher(store, embedder, nlp).search("eenzaamheid ouderen", mode="lexical")
    assert hits and "eenzaamheid" in hits[0].text
    assert check_store(store, embedder.name).consistent


def test_removing_a_file_takes_its_documents_terms_and_vectors_out_of_search(store: Store, small_corpus: Path,
                                                                             nlp: DutchNLP) -> None:
    embedder = FakeEmbedder()
    ingest_paths(store, embedder, nlp, [small_corpus])
    generation = store.generation
    key = str((small_corpus / "convenant.md").resolve())
    assert store.remove_file(key) and store.generation > generation
    assert not store.remove_file(key)  # nothing left to remove
    counts = store.counts(embedder.name)
    assert (counts.files, counts.documents) == (2, 2) and counts.vectors == counts.passages
    assert store.file_sha256(key) is None
    assert store.lexical_search(nlp.index_terms("welzijnsbudget"), 10) == []
    searcher = Searcher(store, embedder, nlp)
    hits = searcher.search("welzijnsbudget werkplan verantwoording", mode="semantic", relevance_floor=False)
    assert hits and all(hit.source != "docs/convenant.md" for hit in hits)
    health = check_store(store, embedder.name)
    assert health.consistent and store.orphan_term_rows() == 0, health.problems


def test_a_failed_write_leaves_the_previous_version_whole(store: Store) -> None:
    embedder = FakeEmbedder()
    _put(store, "/a.md", [_parsed("a.md", ["welzijn budget", "wonen zorg"])], embedder)
    before = _snapshot(store, embedder.name)
    generation = store.generation
    first = _parsed("a.md", ["jeugdhulp eerst"])
    clash = _parsed("b.md", ["jeugdhulp later"])
    # two documents whose passages share an id: the second insert fails inside the transaction
    broken = ParsedDocument(clash.document, tuple(Passage(first.passages[0].id, clash.document.id, 0, None, 0, 15,
                                                          "jeugdhulp later") for _ in range(1)))
    with pytest.raises(Exception) as failure:
        _put(store, "/a.md", [first, broken], embedder)
    assert "passage" in str(failure.value).lower() or "unique" in str(failure.value).lower()
    assert _snapshot(store, embedder.name) == before and store.generation == generation
    assert store.lexical_search(["jeugdhulp"], 10) == []
    assert len(store.lexical_search(["welzijn"], 10)) == 1
    store.add_vectors(embedder.name, {})  # the connection is usable after the failure
    _put(store, "/c.md", [_parsed("c.md", ["daarna gewoon verder"])], embedder)
    assert store.counts().files == 2


def test_a_document_another_file_holds_is_refused_and_changes_nothing(store: Store) -> None:
    embedder = FakeEmbedder()
    shared = _parsed("a.md", ["welzijn budget"])
    _put(store, "/a.md", [shared], embedder)
    before = _snapshot(store, embedder.name)
    with pytest.raises(DuplicateDocument, match="already stored"):
        _put(store, "/elsewhere/a.md", [shared], embedder)
    assert _snapshot(store, embedder.name) == before
    assert store.files_holding("/elsewhere/a.md", "no-such-hash", [shared.document.id]) == [("/a.md", "/a.md")]


def test_lexical_search_ranks_by_bm25_and_filters(store: Store) -> None:
    embedder = FakeEmbedder()
    _put(store, "/a.md", [_parsed("a.md", ["budget budget welzijn", "iets anders"], kind="covenant", orgs=("VNG",),
                                  date="2018-03-01")], embedder)
    _put(store, "/b.md", [_parsed("b.md", ["budget voor wonen en nog veel meer woorden hier"], kind="blog",
                                  date="2020-01-01")], embedder)
    _put(store, "/c.md", [_parsed("c.md", ["over één zorgbudget"], kind="blog", orgs=("Divosa",))], embedder)
    hits = store.lexical_search(["budget", "welzijn"], 10)
    texts = [store.passages_by_rowid([rowid])[rowid].passage.text for rowid, _ in hits]
    assert texts == ["budget budget welzijn", "budget voor wonen en nog veel meer woorden hier"]
    assert [score for _, score in hits] == sorted((score for _, score in hits), reverse=True)
    assert hits[0][1] > hits[1][1] > 0
    assert store.lexical_search(["een"], 10) and store.lexical_search(["één"], 10)  # accents folded
    assert len(store.lexical_search(["budget"], 10, DocumentFilters(kind="blog"))) == 1
    assert store.lexical_search(["budget"], 10, DocumentFilters(organisation="vng"))[0][0] == hits[0][0]
    assert len(store.lexical_search(["budget"], 10, DocumentFilters(year="2020"))) == 1
    assert store.lexical_search(["budget"], 10, DocumentFilters(source="nothing-like-it")) == []
    assert store.lexical_search(['"; DROP TABLE passages; --'], 10) == []
    assert store.lexical_search(["budget", "welzijn"], 1) == hits[:1]


def test_both_stores_rank_lexical_search_alike(open_store: OpenStore, tmp_path: Path) -> None:
    """The same passages and terms give the same BM25 ranking and scores in the store under test as in a
    SQLite store (FTS5's own bm25) beside it."""
    embedder = FakeEmbedder()
    paragraphs = ["de gemeente betaalt het welzijnswerk uit één budget", "budget budget budget",
                  "de corporatie wil duidelijkheid over huurprijzen en budget", "mantelzorgers in de wijk",
                  "wijkteams en huisartsen spreken elkaar weinig over de wijk"]
    reference = Store.open(tmp_path / "reference")
    store = open_store()
    for each in (reference, store):
        _put(each, "/a.md", [_parsed("a.md", paragraphs[:3])], embedder)
        _put(each, "/b.md", [_parsed("b.md", paragraphs[3:])], embedder)

    def ranked(each: Store, terms: list[str]) -> list[tuple[str, float]]:
        found = each.lexical_search(terms, 10)
        stored = each.passages_by_rowid([rowid for rowid, _ in found])
        return [(stored[rowid].passage.id, round(score, 6)) for rowid, score in found]

    for terms in (["budget"], ["wijk", "huisartsen"], ["de", "budget", "corporatie"], ["welzijnswerk", "een"]):
        assert ranked(store, terms) == ranked(reference, terms), terms
    reference.close()


def test_vector_search_returns_the_nearest_passages(store: Store) -> None:
    embedder = FakeEmbedder()
    paragraphs = [f"passage {word} over {other}" for word, other in
                  zip(["wonen", "zorg", "jeugd", "werk", "armoede", "schulden", "welzijn", "onderwijs"],
                      ["huur", "thuis", "school", "inkomen", "geld", "hulp", "wijk", "leren"], strict=True)]
    _put(store, "/a.md", [_parsed("a.md", paragraphs)], embedder)
    index = store.rebuild_index(embedder.name, embedder.dim)
    assert len(index) == len(paragraphs)
    rowids, matrix = store.passage_vectors(embedder.name)
    for query in ("schulden en hulp", "huur van een woning", "school voor de jeugd"):
        vector = embedder.embed([query], kind="query")[0]
        exact = sorted(zip(rowids.tolist(), (matrix @ vector).tolist(), strict=True), key=lambda item: -item[1])
        found = index.search(vector, 3)
        assert [rowid for rowid, _ in found] == [rowid for rowid, _ in exact[:3]]
        assert np.allclose([score for _, score in found], [score for _, score in exact[:3]], atol=1e-5)


def test_filters_list_documents_and_counts(store: Store) -> None:
    embedder = FakeEmbedder()
    _put(store, "/a.md", [_parsed("a.md", ["een convenant"], kind="covenant", orgs=("VNG", "Divosa"),
                                  date="2018-03-01")], embedder)
    _put(store, "/b.md", [_parsed("b.md", ["een blog"], kind="blog", orgs=("VNG",), date="2020-05-01"),
                          _parsed("b2.md", ["nog een blog", "met twee passages"], kind="blog")], embedder)
    docs, total = store.list_documents(DocumentFilters(kind="blog"))
    assert total == 2 and {doc.kind for doc in docs} == {"blog"}
    assert store.list_documents(DocumentFilters(organisation="divosa"))[1] == 1
    assert store.list_documents(DocumentFilters(year="2020"))[1] == 1
    assert store.list_documents(DocumentFilters(source="b2"))[1] == 1
    page, total = store.list_documents(offset=1, limit=1)
    assert total == 3 and len(page) == 1
    assert store.organisations() == [("VNG", 2), ("Divosa", 1)]
    assert store.document_years() == [("2020", 1), ("2018", 1)]
    assert store.document_sources() == [("a.md", 1), ("b.md", 1), ("b2.md", 1)]
    assert len(store.filtered_rowids(DocumentFilters(kind="blog"))) == 3
    counts = store.counts(embedder.name)
    assert (counts.files, counts.documents, counts.passages, counts.vectors) == (2, 3, 4, 4)


def test_two_store_objects_on_one_database_see_each_others_writes(open_store: OpenStore, small_corpus: Path,
                                                                  nlp: DutchNLP) -> None:
    """Two API processes on one database: what one writes, the other reads and searches at once."""
    embedder = FakeEmbedder()
    writer, reader = open_store(), open_store()
    searcher = Searcher(reader, embedder, nlp)
    assert reader.counts().documents == 0
    ingest_paths(writer, embedder, nlp, [small_corpus])
    assert reader.counts(embedder.name) == writer.counts(embedder.name)
    assert reader.generation == writer.generation
    hits = searcher.search("welzijnsbudget werkplan", mode="hybrid", relevance_floor=False)
    assert hits and hits[0].source == "docs/convenant.md"
    reader.remove_file(str((small_corpus / "convenant.md").resolve()))
    assert writer.counts().documents == 2
    assert writer.lexical_search(nlp.index_terms("welzijnsbudget"), 10) == []
    hits = Searcher(writer, embedder, nlp).search("welzijnsbudget werkplan", mode="semantic", relevance_floor=False)
    assert all(hit.source != "docs/convenant.md" for hit in hits)


def test_a_searcher_follows_writes_of_another_store_object(open_store: OpenStore, nlp: DutchNLP) -> None:
    """One searcher (an API process) kept across writes made through another store object: each search by
    meaning scores exactly what is stored at that moment, new passages in and removed ones out."""
    embedder = FakeEmbedder()
    writer, reader = open_store(), open_store()
    searcher = Searcher(reader, embedder, nlp)

    def nearest(query: str) -> list[tuple[str, float]]:
        hits = searcher.search(query, mode="semantic", relevance_floor=False, top_k=3)
        return [(hit.text, round(hit.score, 4)) for hit in hits]

    def exact(query: str) -> list[tuple[str, float]]:
        rowids, matrix = reader.passage_vectors(embedder.name)
        scores = matrix @ embedder.embed([query], kind="query")[0]
        stored = reader.passages_by_rowid(rowids.tolist())
        ranked = sorted(zip(rowids.tolist(), scores.tolist(), strict=True), key=lambda item: (-item[1], item[0]))
        return [(stored[rowid].passage.text, round(score, 4)) for rowid, score in ranked[:3]]

    for number, (path, paragraphs) in enumerate([("/a.md", ["schulden en de kredietbank", "huur en wonen"]),
                                                  ("/b.md", ["schuldhulp voor inwoners met schulden"]),
                                                  ("/c.md", ["jeugdhulp wachtlijst", "schulden bij jongeren"])]):
        _put(writer, path, [_parsed(path.strip("/"), paragraphs)], embedder)
        writer.rebuild_index(embedder.name, embedder.dim)
        assert nearest("schulden") == exact("schulden"), number
    writer.remove_file("/b.md")
    writer.rebuild_index(embedder.name, embedder.dim)
    assert nearest("schulden") == exact("schulden")
    assert all("schuldhulp" not in text for text, _ in nearest("schulden"))


def test_threads_of_one_process_share_one_copy_of_the_vectors(open_store: OpenStore, nlp: DutchNLP) -> None:
    """The API answers in a thread pool, a store object per thread: the vectors held in memory for exact
    scoring are the process's (on PostgreSQL ~500 MB at 100k passages and their windows), never one per
    thread; what one thread's object reads, another's sees, also after a write."""
    embedder = FakeEmbedder()
    first, second = open_store(), open_store()
    _put(first, "/a.md", [_parsed("a.md", ["schulden en de kredietbank", "huur en wonen"])], embedder)
    first.rebuild_index(embedder.name, embedder.dim)
    one, other = first.load_index(embedder.name), second.load_index(embedder.name)
    assert one is not None and other is not None
    assert np.array_equal(one.stored_vectors(), other.stored_vectors())
    # SQLite: a faiss index file is loaded once per searcher, whose threads share it (models.search)
    shared = type(first).__name__ == "PgStore"
    assert (one.stored_vectors() is other.stored_vectors()) == shared  # PostgreSQL: one matrix, not a copy each
    _put(second, "/b.md", [_parsed("b.md", ["jeugdhulp wachtlijst"])], embedder)
    second.rebuild_index(embedder.name, embedder.dim)
    after, again = first.load_index(embedder.name), second.load_index(embedder.name)
    assert after is not None and again is not None and len(after.ids()) == len(again.ids()) == 3
    assert np.array_equal(after.stored_vectors(), again.stored_vectors())
    assert (after.stored_vectors() is again.stored_vectors()) == shared
