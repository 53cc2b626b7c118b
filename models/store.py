"""The store: one directory with SQLite (WAL) for records, lexical index and vector cache, plus a faiss file.

Consistency rules:
- Every file's documents, passages, lexical terms and vectors change in one SQLite transaction, so a crash
  keeps either the old or the new version of that file, never a mix.
- Sentence windows (``sentence_windows``) belong to their passage and go with it; their vectors are cached by
  window text hash, so a window is never embedded twice.
- ``generation`` (in ``meta``) grows with every such transaction. The faiss index is saved with the
  generation it was built from (``index.json``); when they differ the index is stale and is rebuilt from the
  cached vectors (no re-embedding), so a crash between the commit and the index write loses nothing.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar, cast

import numpy as np

from models import bm25
from models.sql_dialect import fts_tokens
from models.vector_index import VectorIndex
from rodedraad.errors import DuplicateDocument, NotFound, StoreError
from rodedraad.records import Document, ParsedDocument, Passage, SourceFile, sha256_text

T = TypeVar("T")

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    ingested_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS files_sha ON files(sha256);
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY,
    file_path TEXT NOT NULL REFERENCES files(path) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    source TEXT NOT NULL,
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    date TEXT,
    organisations TEXT NOT NULL,
    text TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    date_span TEXT
);
CREATE INDEX IF NOT EXISTS documents_file ON documents(file_path);
CREATE TABLE IF NOT EXISTS document_organisations (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    organisation TEXT NOT NULL COLLATE NOCASE
);
CREATE INDEX IF NOT EXISTS document_organisations_org ON document_organisations(organisation);
CREATE INDEX IF NOT EXISTS document_organisations_doc ON document_organisations(doc_id);
CREATE TABLE IF NOT EXISTS passages (
    rowid INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    page INTEGER,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    speaker TEXT
);
CREATE INDEX IF NOT EXISTS passages_doc ON passages(doc_id, ordinal);
CREATE VIRTUAL TABLE IF NOT EXISTS passage_terms USING fts5(terms, tokenize = 'unicode61 remove_diacritics 2');
CREATE TABLE IF NOT EXISTS vectors (
    model TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (model, sha256)
);
-- sentence windows of each passage (``models.windows``), cut by the embedding stage; their vectors are cached
-- in ``vectors`` by their own text hash. A short passage has one window: itself.
CREATE TABLE IF NOT EXISTS sentence_windows (
    passage_rowid INTEGER NOT NULL REFERENCES passages(rowid) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    PRIMARY KEY (passage_rowid, start, "end")
);
-- an unreleased draft of the windows (keyed by passage text hash) made these; the index turned the passage
-- vector lookups into a scan of all vectors
DROP INDEX IF EXISTS passages_sha;
DROP TABLE IF EXISTS passage_windows;
"""


@dataclass(frozen=True)
class StoredPassage:
    """A passage with what search results need from its document."""

    rowid: int
    passage: Passage
    title: str
    source: str
    kind: str
    sha256: str


@dataclass(frozen=True)
class StoreCounts:
    files: int
    documents: int
    passages: int
    vectors: int
    generation: int


@dataclass(frozen=True)
class DocumentFilters:
    kind: str | None = None
    source: str | None = None
    organisation: str | None = None
    year: str | None = None  # the document's date starts with this year ("2026")

    @property
    def active(self) -> bool:
        return any((self.kind, self.source, self.organisation, self.year))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
    """Open with ``Store.open(home)``; one instance per thread (SQLite connections are not shared)."""

    def __init__(self, home: Path, connection: sqlite3.Connection) -> None:
        self.home = home
        self._db = connection
        # results derived from the tables, keyed by what they were derived from (see ``memoised``)
        self._memo: dict[str, tuple[object, object]] = {}
        # the postings of this store file (``models.bm25``), once ``lexical_search`` made its temp fts5vocab table
        self._postings: tuple[bm25.Bm25Postings, str] | None = None  # and the store's identity

    def memoised(self, name: str, signature: object, compute: Callable[[], T]) -> T:
        """``compute()`` once per ``signature`` (a value that changes whenever the result would): derived
        read-only data that many requests ask for, such as theme spreads, is not recomputed per request."""
        cached = self._memo.get(name)
        if cached is not None and cached[0] == signature:
            return cast(T, cached[1])
        value = compute()
        self._memo[name] = (signature, value)
        return value

    @classmethod
    def open(cls, home: Path) -> Store:
        try:
            home.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(home / "rodedraad.sqlite3", timeout=30, check_same_thread=False)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open the store in {home}: {exc}") from exc
        connection.row_factory = sqlite3.Row
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute("PRAGMA foreign_keys=ON")
            connection.executescript(_SCHEMA)
            _add_missing_columns(connection)
        except sqlite3.DatabaseError as exc:
            connection.close()
            raise StoreError(f"{home / 'rodedraad.sqlite3'} is not a rodedraad store: {exc}") from exc
        version = connection.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        if version is None:
            with connection:
                connection.execute("INSERT INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
                connection.execute("INSERT OR IGNORE INTO meta VALUES ('generation', '0')")
                # tells a store made anew in the same folder from the one before (``models.bm25`` keeps
                # passage lengths per file by row id); stores made before it have none, and are the only such
                connection.execute("INSERT OR IGNORE INTO meta VALUES ('store_id', ?)", (uuid.uuid4().hex,))
        elif int(version["value"]) != SCHEMA_VERSION:
            raise StoreError(
                f"the store in {home} has schema {version['value']}, this rodedraad reads {SCHEMA_VERSION}"
            )
        return cls(home, connection)

    def close(self) -> None:
        self._db.close()

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        """For analysis modules that keep their own tables (themes, commitments): one atomic write."""
        return self._transaction()

    def query(self, sql: str, args: Sequence[object] = ()) -> list[sqlite3.Row]:
        return self._db.execute(sql, tuple(args)).fetchall()

    def executescript(self, sql: str) -> None:
        """Create an analysis module's tables (``CREATE TABLE IF NOT EXISTS ...``)."""
        self._db.executescript(sql)

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        try:
            self._db.execute("BEGIN IMMEDIATE")
            yield self._db
        except BaseException:
            self._db.rollback()
            raise
        else:
            self._db.commit()

    # ---- files ---------------------------------------------------------------------------------

    def file_sha256(self, path: str) -> str | None:
        row = self._db.execute("SELECT sha256 FROM files WHERE path = ?", (path,)).fetchone()
        return None if row is None else str(row["sha256"])

    def replace_file(
        self,
        path: str,
        source_file: SourceFile,
        documents: Sequence[ParsedDocument],
        terms: dict[str, str],
        vectors: dict[str, np.ndarray],
        model: str,
        *,
        moved_from: Sequence[str] = (),
    ) -> None:
        """Atomically swap the file's old documents for ``documents``.

        ``terms`` maps passage id → normalised lexical terms; ``vectors`` maps passage sha256 → vector
        (only the ones not cached yet need to be given). The files in ``moved_from`` (stored paths whose file
        is gone) leave in the same transaction. A document another stored file already holds raises
        :class:`DuplicateDocument` and changes nothing.
        """
        with self._transaction() as db:
            self._delete_file(db, path)
            for old in moved_from:
                self._delete_file(db, old)
            clash = self._holders(db, [parsed.document.id for parsed in documents], path)
            if clash:
                raise DuplicateDocument(source_file.path, f"holds the same document as {clash[0][1]}, which is "
                                        "already stored; nothing was added")
            db.execute(
                "INSERT INTO files VALUES (?, ?, ?, ?, ?)",
                (path, source_file.path, source_file.sha256, source_file.size, _now()),
            )
            for ordinal, parsed in enumerate(documents):
                doc = parsed.document
                db.execute(
                    "INSERT INTO documents (id, file_path, ordinal, source, title, kind, date, organisations, text, "
                    "sha256, date_span) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (doc.id, path, ordinal, doc.source, doc.title, doc.kind, doc.date,
                     json.dumps(list(doc.organisations), ensure_ascii=False), doc.text, doc.sha256, doc.date_span),
                )
                db.executemany(
                    "INSERT INTO document_organisations VALUES (?, ?)",
                    [(doc.id, organisation) for organisation in dict.fromkeys(doc.organisations)],
                )
                for passage in parsed.passages:
                    sha = _passage_sha(passage)
                    row = db.execute(
                        'INSERT INTO passages (id, doc_id, ordinal, page, start, "end", text, sha256, speaker) '
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING rowid",
                        (passage.id, doc.id, passage.ordinal, passage.page, passage.start, passage.end,
                         passage.text, sha, passage.speaker),
                    ).fetchone()
                    self._write_terms(db, int(row[0]), terms.get(passage.id, ""))
            self._cache_vectors(db, model, vectors)
            db.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'")

    def _write_terms(self, db: sqlite3.Connection, rowid: int, terms: str) -> None:
        """Index a passage's normalised lexical terms (here: the FTS5 table; the PostgreSQL store: a tsvector)."""
        db.execute("INSERT INTO passage_terms (rowid, terms) VALUES (?, ?)", (rowid, terms))

    def _cache_vectors(self, db: sqlite3.Connection, model: str, vectors: dict[str, np.ndarray]) -> None:
        """Cache vectors by text hash (here: float32 bytes; the PostgreSQL store: pgvector values)."""
        db.executemany(
            "INSERT OR IGNORE INTO vectors VALUES (?, ?, ?)",
            [(model, sha, np.asarray(v, dtype=np.float32).tobytes()) for sha, v in vectors.items()],
        )

    def files_holding(self, path: str, sha256: str, doc_ids: Sequence[str] = ()) -> list[tuple[str, str]]:
        """Stored files other than ``path`` with the same content hash or any of ``doc_ids``: (path, source)."""
        same = self._db.execute("SELECT path, source FROM files WHERE sha256 = ? AND path != ? ORDER BY path",
                                (sha256, path)).fetchall()
        found = {str(row["path"]): str(row["source"]) for row in same}
        found.update(self._holders(self._db, doc_ids, path))
        return sorted(found.items())

    @staticmethod
    def _holders(db: sqlite3.Connection, doc_ids: Sequence[str], path: str) -> list[tuple[str, str]]:
        """Stored files other than ``path`` holding any of ``doc_ids``: (path, source)."""
        found: dict[str, str] = {}
        for chunk in _chunks(list(doc_ids), 500):
            rows = db.execute(
                f"SELECT f.path, f.source FROM documents d JOIN files f ON f.path = d.file_path "
                f"WHERE d.id IN ({','.join('?' * len(chunk))}) AND d.file_path != ?", (*chunk, path)).fetchall()
            found.update((str(row["path"]), str(row["source"])) for row in rows)
        return sorted(found.items())

    def remove_file(self, path: str) -> bool:
        with self._transaction() as db:
            removed = self._delete_file(db, path)
            if removed:
                db.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'")
        return removed

    @staticmethod
    def _delete_file(db: sqlite3.Connection, path: str) -> bool:
        db.execute(
            "DELETE FROM passage_terms WHERE rowid IN (SELECT p.rowid FROM passages p "
            "JOIN documents d ON d.id = p.doc_id WHERE d.file_path = ?)",
            (path,),
        )
        return db.execute("DELETE FROM files WHERE path = ?", (path,)).rowcount > 0

    # ---- vectors -------------------------------------------------------------------------------

    def cached_vector_shas(self, model: str, shas: Iterable[str]) -> set[str]:
        wanted = list(dict.fromkeys(shas))
        found: set[str] = set()
        for chunk in _chunks(wanted, 500):
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT sha256 FROM vectors WHERE model = ? AND sha256 IN ({marks})", (model, *chunk)
            )
            found.update(row["sha256"] for row in rows)
        return found

    def passage_vectors(self, model: str, rowids: Sequence[int] | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(rowids, matrix) of stored passages that have a vector for ``model``; all passages by default."""
        sql = (
            "SELECT p.rowid AS rowid, v.vector AS vector FROM passages p "
            "JOIN vectors v ON v.sha256 = p.sha256 AND v.model = ?"
        )
        return self._rowid_vectors(sql, model, rowids, "p.rowid", "p.rowid")

    def _rowid_vectors(self, sql: str, model: str, rowids: Sequence[int] | None, key: str,
                       order: str) -> tuple[np.ndarray, np.ndarray]:
        """(rowid per row, matrix) of ``sql`` (selecting ``rowid`` and ``vector`` for ``model``): all rows in
        ``order``, or those whose ``key`` is among ``rowids``."""
        rows: list[sqlite3.Row] = []
        if rowids is None:
            rows = self._db.execute(sql + f" ORDER BY {order}", (model,)).fetchall()
        else:
            for chunk in _chunks(list(rowids), 500):
                marks = ",".join("?" * len(chunk))
                rows.extend(self._db.execute(sql + f" WHERE {key} IN ({marks})", (model, *chunk)))
        if not rows:
            return np.zeros(0, dtype=np.int64), np.zeros((0, 0), dtype=np.float32)
        ids = np.fromiter((row["rowid"] for row in rows), dtype=np.int64, count=len(rows))
        matrix = np.vstack([np.frombuffer(row["vector"], dtype=np.float32) for row in rows])
        return ids, matrix

    def missing_vectors_after(self, model: str, limit: int, after: int = 0) -> tuple[list[tuple[str, str]], int]:
        """Up to ``limit`` distinct (sha256, text) of passages without a vector for ``model`` whose row id is
        above ``after``, in passage order, and the row id reached: the next read resumes there instead of
        scanning every passage again (a scan from the start per batch held 700k passages to ~100 vectors/s)."""
        found: dict[str, str] = {}
        cursor = after
        while len(found) < limit:
            rows = self._db.execute(
                "SELECT p.rowid AS rowid, p.sha256 AS sha, p.text AS text FROM passages p LEFT JOIN vectors v "
                "ON v.sha256 = p.sha256 AND v.model = ? WHERE v.sha256 IS NULL AND p.rowid > ? "
                "ORDER BY p.rowid LIMIT ?", (model, cursor, 2 * limit)).fetchall()
            for row in rows:
                cursor = int(row["rowid"])
                found.setdefault(str(row["sha"]), str(row["text"]))
                if len(found) >= limit:
                    break
            if len(rows) < 2 * limit:
                break
        return list(found.items()), cursor

    def missing_vector_batches(self, model: str, size: int) -> Iterator[list[tuple[str, str]]]:
        """Batches of up to ``size`` from :meth:`missing_vectors_after`, read one at a time (never the whole
        backlog in memory). A batch is read after the caller has stored the previous one's vectors, so a text
        repeated further on is not handed out again."""
        cursor = 0
        while True:
            batch, cursor = self.missing_vectors_after(model, size, cursor)
            if not batch:
                return
            yield batch

    def add_vectors(self, model: str, vectors: dict[str, np.ndarray], *, moves_generation: bool = True) -> None:
        """Cache vectors by passage hash; the generation moves on, so the saved index is seen as stale (not
        for vectors of another model than the index's, made for an upgrade: ``moves_generation=False``)."""
        if not vectors:
            return
        with self._transaction() as db:
            self._cache_vectors(db, model, vectors)
            if moves_generation:
                db.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'")

    # ---- sentence windows (``models.windows``) --------------------------------------------------

    def cut_windows(self, cut: Callable[[str], list[tuple[int, int]]], limit: int) -> int:
        """Cut the windows of up to ``limit`` passages that have none yet; returns how many were cut. The
        generation moves on: windows with a cached vector already change what the window index holds."""
        rows = self._db.execute(
            "SELECT p.rowid AS rowid, p.text AS text FROM passages p WHERE NOT EXISTS "
            "(SELECT 1 FROM sentence_windows w WHERE w.passage_rowid = p.rowid) LIMIT ?", (limit,)).fetchall()
        if not rows:
            return 0
        with self._transaction() as db:
            db.executemany(
                'INSERT OR IGNORE INTO sentence_windows (passage_rowid, start, "end", sha256) VALUES (?, ?, ?, ?)',
                [(row["rowid"], start, end, sha256_text(row["text"][start:end]))
                 for row in rows for start, end in cut(row["text"])])
            db.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'")
        return len(rows)

    def uncut_windows(self) -> int:
        """Passages whose windows are not cut yet."""
        return int(self._db.execute(
            "SELECT COUNT(*) FROM passages p WHERE NOT EXISTS "
            "(SELECT 1 FROM sentence_windows w WHERE w.passage_rowid = p.rowid)").fetchone()[0])

    def windows_behind(self, model: str) -> bool:
        """Some passage has no windows cut yet, or some window no vector for ``model``."""
        return bool(self._db.execute(
            "SELECT 1 FROM passages p WHERE NOT EXISTS "
            "(SELECT 1 FROM sentence_windows w WHERE w.passage_rowid = p.rowid) LIMIT 1").fetchone()
            or self._db.execute(
                "SELECT 1 FROM sentence_windows w LEFT JOIN vectors v ON v.sha256 = w.sha256 AND v.model = ? "
                "WHERE v.sha256 IS NULL LIMIT 1", (model,)).fetchone())

    def missing_window_vectors_after(self, model: str, limit: int,
                                     after: int = 0) -> tuple[list[tuple[str, str]], int]:
        """Up to ``limit`` distinct (sha256, text) of cut windows without a vector for ``model`` whose window
        row id is above ``after``, and the row id reached (as ``missing_vectors_after``)."""
        found: dict[str, str] = {}
        cursor = after
        while len(found) < limit:
            rows = self._db.execute(
                'SELECT w.rowid AS rowid, w.sha256 AS sha, substr(p.text, w.start + 1, w."end" - w.start) AS text '
                "FROM sentence_windows w JOIN passages p ON p.rowid = w.passage_rowid "
                "LEFT JOIN vectors v ON v.sha256 = w.sha256 AND v.model = ? "
                "WHERE v.sha256 IS NULL AND w.rowid > ? ORDER BY w.rowid LIMIT ?",
                (model, cursor, 2 * limit)).fetchall()
            for row in rows:
                cursor = int(row["rowid"])
                found.setdefault(str(row["sha"]), str(row["text"]))
                if len(found) >= limit:
                    break
            if len(rows) < 2 * limit:
                break
        return list(found.items()), cursor

    def pending_window_vectors(self, model: str) -> int:
        """Distinct window texts without a vector for ``model``."""
        return int(self._db.execute(
            "SELECT COUNT(DISTINCT w.sha256) FROM sentence_windows w LEFT JOIN vectors v ON v.sha256 = w.sha256 "
            "AND v.model = ? WHERE v.sha256 IS NULL", (model,)).fetchone()[0])

    def window_vectors(self, model: str, rowids: Sequence[int] | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(passage rowid per row, matrix) of the windows of stored passages (all, or ``rowids``) that have a
        vector for ``model``; a window that is its whole passage is left out (the passage's vector is it)."""
        sql = (
            "SELECT w.passage_rowid AS rowid, v.vector AS vector FROM sentence_windows w "
            "JOIN passages p ON p.rowid = w.passage_rowid AND w.sha256 != p.sha256 "
            "JOIN vectors v ON v.sha256 = w.sha256 AND v.model = ?"
        )
        return self._rowid_vectors(sql, model, rowids, "w.passage_rowid", "w.passage_rowid, w.start")

    # ---- faiss index ---------------------------------------------------------------------------

    @property
    def generation(self) -> int:
        row = self._db.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        return int(row["value"])

    def _index_paths(self) -> tuple[Path, Path]:
        return self.home / "vectors.faiss", self.home / "vectors.json"

    def index_state(self) -> dict[str, object] | None:
        _, meta_path = self._index_paths()
        try:
            state: dict[str, object] = json.loads(meta_path.read_text())
        except (OSError, ValueError):
            return None
        return state

    def load_window_index(self, model: str) -> VectorIndex | None:
        """The saved index of sentence windows (ids: their passages' row ids, several vectors per passage) of
        ``model``, or None. It is written with the passage index and just before it, so it is as fresh as the
        passage index a caller holds; a store from before windows has none until its next rebuild."""
        path = self.home / "windows.faiss"
        try:
            state = json.loads((self.home / "windows.json").read_text())
        except (OSError, ValueError):
            return None
        if state.get("model") != model:
            return None
        try:
            return VectorIndex.load(path)
        except RuntimeError:
            return None

    def load_index(self, model: str, *, stale_ok: bool = False) -> VectorIndex | None:
        """The saved index when it matches the current generation and model, else None (stale). With
        ``stale_ok`` an older saved index of the model will do (a worker is bringing it up to date)."""
        state = self.index_state()
        index_path, _ = self._index_paths()
        if state is None or state.get("model") != model:
            return None
        if state.get("generation") != self.generation and not stale_ok:
            return None
        try:
            return VectorIndex.load(index_path)
        except RuntimeError:  # faiss raises RuntimeError on a damaged file
            return None

    def rebuild_index(self, model: str, dim: int) -> VectorIndex:
        """Write the window index and then the passage index of ``model`` from the stored vectors."""
        generation = self.generation
        ids, matrix = self.window_vectors(model)
        windows = VectorIndex.build(ids, matrix, dim)
        windows.save(self.home / "windows.faiss")
        _write_json(self.home / "windows.json", {"generation": generation, "model": model, "vectors": len(windows)})
        ids, matrix = self.passage_vectors(model)
        index = VectorIndex.build(ids, matrix, dim)
        index_path, meta_path = self._index_paths()
        index.save(index_path)
        _write_json(meta_path, {"generation": generation, "model": model, "vectors": len(index), "kind": index.kind})
        return index

    # ---- reading -------------------------------------------------------------------------------

    def counts(self, model: str | None = None) -> StoreCounts:
        def scalar(sql: str, *args: object) -> int:
            return int(self._db.execute(sql, args).fetchone()[0])

        vectors = (
            scalar(
                "SELECT COUNT(*) FROM passages p JOIN vectors v ON v.sha256 = p.sha256 AND v.model = ?", model
            )
            if model
            else scalar("SELECT COUNT(*) FROM vectors")
        )
        return StoreCounts(
            files=scalar("SELECT COUNT(*) FROM files"),
            documents=scalar("SELECT COUNT(*) FROM documents"),
            passages=scalar("SELECT COUNT(*) FROM passages"),
            vectors=vectors,
            generation=self.generation,
        )

    def lexical_term_rows(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM passage_terms").fetchone()[0])

    def orphan_term_rows(self) -> int:
        return int(
            self._db.execute(
                "SELECT COUNT(*) FROM passage_terms t LEFT JOIN passages p ON p.rowid = t.rowid "
                "WHERE p.rowid IS NULL"
            ).fetchone()[0]
        )

    def list_documents(
        self, filters: DocumentFilters = DocumentFilters(), *, offset: int = 0, limit: int = 50
    ) -> tuple[list[Document], int]:
        where, args = _document_where(filters)
        total = int(self._db.execute(f"SELECT COUNT(*) FROM documents d {where}", args).fetchone()[0])
        rows = self._db.execute(
            f"SELECT d.* FROM documents d {where} ORDER BY d.source, d.ordinal LIMIT ? OFFSET ?",
            (*args, limit, offset),
        ).fetchall()
        return [_document(row) for row in rows], total

    def document(self, doc_id: str) -> Document:
        row = self._db.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            raise NotFound(f"no document with id {doc_id!r}")
        return _document(row)

    def passages_of(self, doc_id: str) -> list[Passage]:
        rows = self._db.execute(
            'SELECT id, doc_id, ordinal, page, start, "end", text, speaker FROM passages '
            "WHERE doc_id = ? ORDER BY ordinal",
            (doc_id,),
        ).fetchall()
        return [_passage(row) for row in rows]

    def passages_by_rowid(self, rowids: Sequence[int]) -> dict[int, StoredPassage]:
        found: dict[int, StoredPassage] = {}
        for chunk in _chunks(list(rowids), 500):
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                'SELECT p.rowid AS rowid, p.id, p.doc_id, p.ordinal, p.page, p.start, p."end", p.text, '
                "p.speaker, p.sha256, d.title, d.source, d.kind FROM passages p JOIN documents d ON d.id = p.doc_id "
                f"WHERE p.rowid IN ({marks})",
                chunk,
            )
            for row in rows:
                found[int(row["rowid"])] = StoredPassage(
                    rowid=int(row["rowid"]), passage=_passage(row), title=row["title"],
                    source=row["source"], kind=row["kind"], sha256=row["sha256"],
                )
        return found

    def rowid_of_passage(self, passage_id: str) -> int:
        row = self._db.execute("SELECT rowid FROM passages WHERE id = ?", (passage_id,)).fetchone()
        if row is None:
            raise NotFound(f"no passage with id {passage_id!r}")
        return int(row["rowid"])

    def filtered_rowids(self, filters: DocumentFilters) -> list[int]:
        where, args = _document_where(filters)
        rows = self._db.execute(
            f"SELECT p.rowid FROM passages p JOIN documents d ON d.id = p.doc_id {where}", args
        )
        return [int(row[0]) for row in rows]

    def lexical_search(
        self, terms: Sequence[str], k: int, filters: DocumentFilters = DocumentFilters()
    ) -> list[tuple[int, float]]:
        """BM25 over normalised terms, any term may match; (rowid, score) best first (higher is better), ties by
        rowid: FTS5's ``bm25()`` ranking exactly.

        Terms of one token (nearly all) are ranked from their postings in memory with a MaxScore cut
        (``models.bm25``: FTS5 scored every passage holding any term, 25–85 ms at 100k passages); a term of
        several tokens ("covid-19", an FTS5 phrase) goes to FTS5 itself (``fts5_lexical_search``)."""
        unique = [term for term in dict.fromkeys(terms) if term]
        if not unique or k <= 0:
            return []
        tokens = [fts_tokens(term) for term in unique]
        if any(len(each) != 1 for each in tokens):
            return self.fts5_lexical_search(unique, k, filters)
        if self._postings is None:
            self._db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.passage_vocab "
                             "USING fts5vocab(main, passage_terms, instance)")
            identity = self._db.execute("SELECT value FROM meta WHERE key = 'store_id'").fetchone()
            self._postings = (bm25.postings_of(self.home / "rodedraad.sqlite3"), "" if identity is None
                              else str(identity[0]))
        found = self._postings[0].postings(self._db, self._postings[1], self.generation,
                                           [each[0] for each in tokens])
        if found is None:
            return self.fts5_lexical_search(unique, k, filters)
        postings, size = found
        allowed = np.asarray(self.filtered_rowids(filters), dtype=np.int64) if filters.active else None
        return bm25.top_k(postings, size, k, None if allowed is None else np.sort(allowed))

    def fts5_lexical_search(
        self, terms: Sequence[str], k: int, filters: DocumentFilters = DocumentFilters()
    ) -> list[tuple[int, float]]:
        """``lexical_search`` by FTS5 alone: ``ORDER BY rank LIMIT k`` inside the module (joining every match to
        passages and documents before the cut cost 83 % of a hybrid search at 100k passages); only filters need
        the documents, and then only the filtered passages are asked for."""
        unique = [term for term in dict.fromkeys(terms) if term]
        if not unique or k <= 0:
            return []
        match = " OR ".join('"' + term.replace('"', '""') + '"' for term in unique)
        if not filters.active:
            rows = self._db.execute(
                "SELECT rowid, rank FROM passage_terms WHERE passage_terms MATCH ? ORDER BY rank LIMIT ?",
                (match, k),
            ).fetchall()
        else:
            where, args = _document_where(filters)
            rows = self._db.execute(
                "SELECT rowid, rank FROM passage_terms WHERE passage_terms MATCH ? AND rowid IN "
                f"(SELECT p.rowid FROM passages p JOIN documents d ON d.id = p.doc_id {where}) "
                "ORDER BY rank LIMIT ?",
                (match, *args, k),
            ).fetchall()
        return [(int(row["rowid"]), -float(row["rank"])) for row in rows]

    def organisations(self) -> list[tuple[str, int]]:
        rows = self._db.execute(
            "SELECT organisation, COUNT(DISTINCT doc_id) AS n FROM document_organisations "
            "GROUP BY organisation ORDER BY n DESC, organisation"
        )
        return [(row["organisation"], int(row["n"])) for row in rows]

    def document_years(self) -> list[tuple[str, int]]:
        """Years of the document dates with their document counts, newest first (undated documents left out)."""
        rows = self._db.execute(
            "SELECT substr(date, 1, 4) AS year, COUNT(*) AS n FROM documents WHERE date IS NOT NULL "
            "GROUP BY year ORDER BY year DESC"
        )
        return [(row["year"], int(row["n"])) for row in rows]

    def document_sources(self, limit: int = 500) -> list[tuple[str, int]]:
        """Sources (files or sites) with their document counts, alphabetical; at most ``limit``."""
        rows = self._db.execute(
            "SELECT source, COUNT(*) AS n FROM documents GROUP BY source ORDER BY source LIMIT ?", (limit,)
        )
        return [(row["source"], int(row["n"])) for row in rows]


def open_store(home: Path, database_url: str | None = None) -> Store:
    """The SQLite store in ``home``, or with ``database_url`` the PostgreSQL store (``models.pg_store``; ``home``
    then keeps only local files such as uploads)."""
    if database_url:
        from models.pg_store import PgStore

        return PgStore.connect(database_url, home)
    return Store.open(home)


def store_errors() -> tuple[type[Exception], ...]:
    """The database errors either store may raise (a busy SQLite file, a PostgreSQL connection that dropped)."""
    try:
        import psycopg
    except ImportError:
        return (sqlite3.Error,)
    return (sqlite3.Error, psycopg.Error)


def _add_missing_columns(connection: sqlite3.Connection) -> None:
    """Columns added after schema 1 (nullable, so old rows stay valid): added to an older store in place."""
    for table, column in (("passages", "speaker"), ("documents", "date_span")):
        columns = {row[1] for row in connection.execute(f"PRAGMA table_info({table})")}
        if column not in columns:
            with connection:
                connection.execute(f"ALTER TABLE {table} ADD COLUMN {column} TEXT")


def _write_json(path: Path, state: dict[str, object]) -> None:
    """Write to a temp file and ``os.replace`` it: readers see the old or the new state, never half."""
    tmp = path.with_name(f"{path.name}.{os.getpid()}-{threading.get_ident()}.tmp")
    tmp.write_text(json.dumps(state))
    os.replace(tmp, path)


def _passage_sha(passage: Passage) -> str:
    return sha256_text(passage.text)


def _document_where(filters: DocumentFilters) -> tuple[str, tuple[object, ...]]:
    clauses: list[str] = []
    args: list[object] = []
    if filters.kind:
        clauses.append("d.kind = ?")
        args.append(filters.kind)
    if filters.source:
        clauses.append("d.source LIKE ? ESCAPE '\\'")
        args.append("%" + filters.source.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
    if filters.organisation:
        clauses.append(
            "d.id IN (SELECT doc_id FROM document_organisations WHERE organisation LIKE ? ESCAPE '\\')"
        )
        args.append("%" + filters.organisation.replace("%", "\\%").replace("_", "\\_") + "%")
    if filters.year:
        clauses.append("substr(d.date, 1, 4) = ?")
        args.append(filters.year)
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), tuple(args)


def _document(row: sqlite3.Row) -> Document:
    return Document(
        id=row["id"], source=row["source"], title=row["title"], kind=row["kind"], date=row["date"],
        organisations=tuple(json.loads(row["organisations"])), text=row["text"], sha256=row["sha256"],
        date_span=row["date_span"],
    )


def _passage(row: sqlite3.Row) -> Passage:
    return Passage(
        id=row["id"], doc_id=row["doc_id"], ordinal=row["ordinal"], page=row["page"],
        start=row["start"], end=row["end"], text=row["text"], speaker=row["speaker"],
    )


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]
