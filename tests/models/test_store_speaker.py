"""The passages' speaker column: written, read back everywhere, and added to stores made before it."""

import sqlite3
from dataclasses import replace
from pathlib import Path

from models.embedders.fake import FakeEmbedder
from models.store import Store
from rodedraad.records import Document, ParsedDocument, Passage, SourceFile, document_id, passage_id, sha256_text


def _debate(source: str) -> ParsedDocument:
    turns = [("voorzitter", "Het woord is aan mevrouw Jansen."), ("SP (Jansen)", "Wij willen meer buurthuizen."),
             ("minister De Vries (VWS)", "Ik kom daar voor de zomer op terug.")]
    text = "\n\n".join(t for _, t in turns)
    doc_id = document_id(source, 0, text)
    passages, start = [], 0
    for ordinal, (speaker, turn) in enumerate(turns):
        passages.append(Passage(passage_id(doc_id, ordinal), doc_id, ordinal, None, start, start + len(turn), turn,
                                speaker))
        start += len(turn) + 2
    return ParsedDocument(Document(doc_id, source, "Debat", "other", None, (), text, sha256_text(text)), tuple(passages))


def _put(store: Store, parsed: ParsedDocument) -> None:
    embedder = FakeEmbedder()
    texts = [p.text for p in parsed.passages]
    vectors = dict(zip((sha256_text(t) for t in texts), embedder.embed(texts), strict=True))
    store.replace_file("/debat.xml", SourceFile("/debat.xml", "x", 1), [parsed],
                      {p.id: p.text.lower() for p in parsed.passages}, vectors, embedder.name)


def test_speakers_are_stored_and_read_back(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    parsed = _debate("debat.xml")
    _put(store, parsed)
    doc_id = parsed.document.id
    assert [p.speaker for p in store.passages_of(doc_id)] == [p.speaker for p in parsed.passages]
    rowids = [int(r["rowid"]) for r in store.query("SELECT rowid FROM passages ORDER BY ordinal")]
    found = store.passages_by_rowid(rowids)
    assert [found[r].passage.speaker for r in rowids] == [p.speaker for p in parsed.passages]


def test_a_store_without_the_column_gets_it_on_open(tmp_path: Path) -> None:
    Store.open(tmp_path).close()
    with sqlite3.connect(tmp_path / "rodedraad.sqlite3") as db:
        db.execute("ALTER TABLE passages DROP COLUMN speaker")
    store = Store.open(tmp_path)
    columns = {row[1] for row in store.query("PRAGMA table_info(passages)")}
    assert "speaker" in columns
    _put(store, _debate("debat.xml"))
    assert store.passages_of(_debate("debat.xml").document.id)[1].speaker == "SP (Jansen)"


def test_a_documents_date_span_is_stored_read_back_and_added_to_older_stores(tmp_path: Path) -> None:
    Store.open(tmp_path).close()
    with sqlite3.connect(tmp_path / "rodedraad.sqlite3") as db:
        db.execute("ALTER TABLE documents DROP COLUMN date_span")
    store = Store.open(tmp_path)
    parsed = _debate("debat.xml")
    spanned = ParsedDocument(replace(parsed.document, date_span="2017-09/2018-08"), parsed.passages)
    _put(store, spanned)
    document = store.document(parsed.document.id)
    assert document is not None and document.date_span == "2017-09/2018-08" and document.date is None
