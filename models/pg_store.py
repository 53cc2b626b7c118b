"""The store on PostgreSQL with pgvector: the same ``Store`` methods and transactions, for several processes.

``PgStore`` is a ``Store`` whose connection is a :class:`models.sql_dialect.PgConnection`: every statement
the store, the analyses and the service write in SQLite's dialect runs here translated at that one place.
What differs is stated here, per dialect:

- Lexical search: the same normalised terms cut into the same tokens as the SQLite store's FTS5 table
  (``sql_dialect.fts_tokens``), kept twice: as a ``tsvector`` (GIN; phrases and ``MATCH``) and as token
  counts per passage (``passage_term_counts``, read by an index-only scan), from which FTS5's own BM25 (k1
  1.2, b 0.75, the same IDF with its floor) is computed in SQL, so both stores rank alike.
- Vectors: the cache by text hash (``vectors``) as in SQLite, in pgvector columns. Triggers keep one
  embedding row per passage and per sentence window (``passage_embeddings``, ``window_embeddings``) in step
  with passages, windows and the cache, in the writing transaction itself; an HNSW cosine index per model
  serves search. No in-process index: every API process asks the database, which is never stale, so the
  faiss generation check becomes the database's own consistency (``index_state`` reports the live count).
- Writes: each store transaction takes a transaction-level advisory lock first, so writers queue as they do
  on SQLite (``BEGIN IMMEDIATE``); readers never wait. Per-file atomicity is PostgreSQL's own.
"""

from __future__ import annotations

import hashlib
import json
import math
import sqlite3
import threading
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

import numpy as np

from models.sql_dialect import (
    PgConnection,
    fts_tokens,
    phrase_tsquery,
    split_script,
    translate_ddl,
    tsvector_literal,
)
from models.store import SCHEMA_VERSION, DocumentFilters, Store, _document_where
from models.vector_index import VectorIndex
from rodedraad.errors import StoreError

# FTS5's bm25() constants, so both stores rank alike
BM25_K1 = 1.2
BM25_B = 0.75
# one lexeme's BM25 share in one passage (parameters: k1, k1, b, b, mean passage length), FTS5's formula
_BM25_SHARE = "q.idf * (c.tf * (? + 1)) / (c.tf + ? * (1 - ? + ? * c.n_terms / ?))"
HNSW_EF_SEARCH = 128  # as the faiss HNSW index (models.vector_index)
# the layout of the tables, indexes and triggers below (kept in ``meta``): an older one gets what it lacks
PG_LAYOUT = "1"

_TABLES = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size BIGINT NOT NULL,
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
    organisation TEXT NOT NULL
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
CREATE INDEX IF NOT EXISTS passages_sha ON passages(sha256);
CREATE TABLE IF NOT EXISTS passage_terms (
    rowid BIGINT PRIMARY KEY REFERENCES passages(rowid) ON DELETE CASCADE,
    terms TEXT NOT NULL,
    tsv TSVECTOR NOT NULL,
    n_terms INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS passage_terms_tsv ON passage_terms USING gin (tsv);
CREATE TABLE IF NOT EXISTS passage_term_counts (
    lexeme TEXT NOT NULL,
    rowid BIGINT NOT NULL REFERENCES passages(rowid) ON DELETE CASCADE,
    tf INTEGER NOT NULL,
    n_terms INTEGER NOT NULL,
    PRIMARY KEY (lexeme, rowid) INCLUDE (tf, n_terms)
);
CREATE INDEX IF NOT EXISTS passage_term_counts_rowid ON passage_term_counts(rowid);
CREATE TABLE IF NOT EXISTS vectors (
    model TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    vector VECTOR NOT NULL,
    PRIMARY KEY (model, sha256)
);
CREATE INDEX IF NOT EXISTS vectors_sha ON vectors(sha256);
CREATE TABLE IF NOT EXISTS sentence_windows (
    passage_rowid BIGINT NOT NULL REFERENCES passages(rowid) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    PRIMARY KEY (passage_rowid, start, "end")
);
CREATE INDEX IF NOT EXISTS sentence_windows_sha ON sentence_windows(sha256);
CREATE INDEX IF NOT EXISTS sentence_windows_rowid ON sentence_windows(rowid);
CREATE TABLE IF NOT EXISTS passage_embeddings (
    passage_rowid BIGINT NOT NULL REFERENCES passages(rowid) ON DELETE CASCADE,
    model TEXT NOT NULL,
    embedding VECTOR NOT NULL,
    PRIMARY KEY (model, passage_rowid)
);
CREATE TABLE IF NOT EXISTS window_embeddings (
    passage_rowid BIGINT NOT NULL REFERENCES passages(rowid) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    model TEXT NOT NULL,
    embedding VECTOR NOT NULL,
    PRIMARY KEY (model, passage_rowid, start, "end")
);
"""

# one embedding row per passage and per sentence window (a window that is its whole passage has none, as in
# ``Store.window_vectors``), written by the transaction that adds the passage, the window or the vector
_TRIGGERS = (
    """CREATE OR REPLACE FUNCTION rodedraad_vector_added() RETURNS trigger LANGUAGE plpgsql
    SET search_path FROM CURRENT AS $$
    BEGIN
        INSERT INTO passage_embeddings (passage_rowid, model, embedding)
            SELECT p.rowid, NEW.model, NEW.vector FROM passages p WHERE p.sha256 = NEW.sha256
            ON CONFLICT DO NOTHING;
        INSERT INTO window_embeddings (passage_rowid, start, "end", model, embedding)
            SELECT w.passage_rowid, w.start, w."end", NEW.model, NEW.vector FROM sentence_windows w
            JOIN passages p ON p.rowid = w.passage_rowid WHERE w.sha256 = NEW.sha256 AND p.sha256 != w.sha256
            ON CONFLICT DO NOTHING;
        RETURN NULL;
    END $$""",
    """CREATE OR REPLACE FUNCTION rodedraad_passage_added() RETURNS trigger LANGUAGE plpgsql
    SET search_path FROM CURRENT AS $$
    BEGIN
        INSERT INTO passage_embeddings (passage_rowid, model, embedding)
            SELECT NEW.rowid, v.model, v.vector FROM vectors v WHERE v.sha256 = NEW.sha256
            ON CONFLICT DO NOTHING;
        RETURN NULL;
    END $$""",
    """CREATE OR REPLACE FUNCTION rodedraad_window_added() RETURNS trigger LANGUAGE plpgsql
    SET search_path FROM CURRENT AS $$
    BEGIN
        INSERT INTO window_embeddings (passage_rowid, start, "end", model, embedding)
            SELECT NEW.passage_rowid, NEW.start, NEW."end", v.model, v.vector FROM vectors v
            JOIN passages p ON p.rowid = NEW.passage_rowid WHERE v.sha256 = NEW.sha256 AND p.sha256 != NEW.sha256
            ON CONFLICT DO NOTHING;
        RETURN NULL;
    END $$""",
    "CREATE OR REPLACE TRIGGER vectors_added AFTER INSERT ON vectors FOR EACH ROW "
    "EXECUTE FUNCTION rodedraad_vector_added()",
    "CREATE OR REPLACE TRIGGER passages_added AFTER INSERT ON passages FOR EACH ROW "
    "EXECUTE FUNCTION rodedraad_passage_added()",
    "CREATE OR REPLACE TRIGGER sentence_windows_added AFTER INSERT ON sentence_windows FOR EACH ROW "
    "EXECUTE FUNCTION rodedraad_window_added()",
)

# writers of one store (one schema) queue on this lock, as SQLite writers do on the database file
_WRITE_LOCK = "SELECT pg_advisory_xact_lock(hashtext('rodedraad:' || current_schema()))"


def describe_url(url: str) -> str:
    """The database and host of a connection URL, without the password: for messages."""
    try:
        from psycopg.conninfo import conninfo_to_dict

        parts = conninfo_to_dict(url)
    except Exception:  # a URL psycopg cannot read: say so without repeating it (it may hold a password)
        return "the given database URL"
    return f"database {parts.get('dbname') or '?'!s} on {parts.get('host') or 'localhost'!s}"


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


class PgStore(Store):
    """Open with ``PgStore.connect(url, home)``; one instance per thread (one connection each). ``home`` is
    the local folder for uploads; everything stored lives in the database's current schema."""

    def __init__(self, home: Path, connection: PgConnection, url: str) -> None:
        # PgConnection speaks the part of sqlite3.Connection the store and its callers use (execute,
        # executemany, executescript, rows by name and index); the contract tests run both through it
        super().__init__(home, cast(sqlite3.Connection, connection))
        self._pg = connection
        self.url = url
        self._lexical_stats: tuple[int, int, float] = (-1, 0, 0.0)  # (generation, passages, mean terms)
        self._schema: str | None = None  # the database schema the store lives in (read once)

    @classmethod
    def connect(cls, url: str, home: Path) -> PgStore:
        try:
            import psycopg
            from pgvector.psycopg import register_vector
        except ImportError as exc:
            raise StoreError("the PostgreSQL store needs psycopg and pgvector: pip install 'rodedraad[postgres]' "
                             f"({exc.name} is missing)") from exc
        where = describe_url(url)
        try:
            raw = psycopg.connect(url, autocommit=True, connect_timeout=10)
        except psycopg.Error as exc:
            raise StoreError(f"cannot reach the PostgreSQL {where}: {_first_line(exc)}") from exc
        try:
            with raw.transaction():
                raw.execute("SELECT pg_advisory_xact_lock(hashtext('rodedraad:schema'))")
                raw.execute("CREATE EXTENSION IF NOT EXISTS vector")
                found = raw.execute("SELECT to_regtype('vector') IS NOT NULL, (SELECT extnamespace::regnamespace::text "
                                    "FROM pg_extension WHERE extname = 'vector')").fetchone()
        except psycopg.Error as exc:
            raw.close()
            raise StoreError(f"the PostgreSQL {where} lacks the pgvector extension (CREATE EXTENSION vector: "
                             f"{_first_line(exc)})") from exc
        if found is None or not found[0]:
            raw.close()
            raise StoreError(f"the pgvector extension of the PostgreSQL {where} is in schema "
                             f"{found[1] if found else '?'}, which is not on the search_path")
        try:
            register_vector(raw)
            _load_vectors_as_arrays(raw)
            raw.execute(f"SET hnsw.ef_search = {HNSW_EF_SEARCH}")
            with raw.transaction():
                raw.execute("SELECT pg_advisory_xact_lock(hashtext('rodedraad:schema'))")
                layout = raw.execute("SELECT value FROM meta WHERE key = 'pg_layout'").fetchone() \
                    if raw.execute("SELECT to_regclass('meta')").fetchone()[0] else None  # type: ignore[index]
                if layout is None or layout[0] != PG_LAYOUT:  # each API thread connects: set up only once
                    for statement in split_script(_TABLES):
                        raw.execute(translate_ddl(statement))
                    for statement in _TRIGGERS:
                        raw.execute(statement)
                    raw.execute("INSERT INTO meta VALUES ('pg_layout', %s) ON CONFLICT (key) DO UPDATE "
                                "SET value = EXCLUDED.value", (PG_LAYOUT,))
                version = raw.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
                if version is None:
                    raw.execute("INSERT INTO meta VALUES ('schema', %s)", (str(SCHEMA_VERSION),))
                    raw.execute("INSERT INTO meta VALUES ('generation', '0') ON CONFLICT DO NOTHING")
        except psycopg.Error as exc:
            raw.close()
            raise StoreError(f"cannot set up the rodedraad tables in the PostgreSQL {where}: "
                             f"{_first_line(exc)}") from exc
        if version is not None and int(version[0]) != SCHEMA_VERSION:
            raw.close()
            raise StoreError(f"the store in the PostgreSQL {where} has schema {version[0]}, this rodedraad reads "
                             f"{SCHEMA_VERSION}")
        return cls(home, PgConnection(raw), url)

    # ---- transactions ------------------------------------------------------------------------------

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._pg.raw.transaction():
            self._pg.raw.execute(_WRITE_LOCK)
            yield cast(sqlite3.Connection, self._pg)

    def executescript(self, sql: str) -> None:
        """An analysis module's ``CREATE TABLE IF NOT EXISTS ...``, once per connection, under the write lock
        (two processes creating the same table at once would otherwise collide)."""
        if self._pg.has_run(sql):
            return
        with self._transaction():
            self._pg.executescript(sql)

    # ---- what is written in this dialect ----------------------------------------------------------

    def _write_terms(self, db: sqlite3.Connection, rowid: int, terms: str) -> None:
        tsv, count = tsvector_literal(terms)
        db.execute("INSERT INTO passage_terms (rowid, terms, tsv, n_terms) VALUES (?, ?, ?::tsvector, ?)",
                   (rowid, terms, tsv, count))
        counts = Counter(fts_tokens(terms))
        db.executemany("INSERT INTO passage_term_counts (lexeme, rowid, tf, n_terms) VALUES (?, ?, ?, ?)",
                       [(lexeme, rowid, tf, count) for lexeme, tf in counts.items()])

    def _cache_vectors(self, db: sqlite3.Connection, model: str, vectors: dict[str, np.ndarray]) -> None:
        db.executemany("INSERT OR IGNORE INTO vectors (model, sha256, vector) VALUES (?, ?, ?)",
                       [(model, sha, np.asarray(v, dtype=np.float32)) for sha, v in vectors.items()])

    # ---- lexical search ---------------------------------------------------------------------------

    def _corpus_stats(self) -> tuple[int, float]:
        """(passages with terms, their mean token count), counted once per generation."""
        generation = self.generation
        if self._lexical_stats[0] != generation:
            row = self._db.execute("SELECT COUNT(*), COALESCE(AVG(n_terms), 0) FROM passage_terms").fetchone()
            self._lexical_stats = (generation, int(row[0]), float(row[1]))
        return self._lexical_stats[1], self._lexical_stats[2]

    def lexical_search(
        self, terms: Sequence[str], k: int, filters: DocumentFilters = DocumentFilters()
    ) -> list[tuple[int, float]]:
        """BM25 as FTS5 computes it, any term may match; (rowid, score) best first (higher is better).

        A term of several tokens ("covid-19") matches them in a row, as an FTS5 phrase; its tokens are then
        scored one by one with the phrase's IDF (FTS5 counts the phrase itself)."""
        phrases = [(term, query) for term in dict.fromkeys(terms) if term and (query := phrase_tsquery(term))]
        if not phrases or k <= 0:
            return []
        total, mean_terms = self._corpus_stats()
        if not total:
            return []
        counts = self._db.execute(  # passages holding each term (a one-token term: from its counts alone)
            "SELECT CASE WHEN q LIKE '% <-> %' THEN (SELECT COUNT(*) FROM passage_terms WHERE tsv @@ q::tsquery) "
            "ELSE (SELECT COUNT(*) FROM passage_term_counts c WHERE c.lexeme = l) END "
            "FROM unnest(?::text[], ?::text[]) WITH ORDINALITY AS u(q, l, n) ORDER BY n",
            ([query for _, query in phrases], [(fts_tokens(term) or [""])[0] for term, _ in phrases])).fetchall()
        lexemes: list[str] = []
        weights: list[float] = []
        for (term, _), row in zip(phrases, counts, strict=True):
            hits = int(row[0])
            idf = math.log((total - hits + 0.5) / (hits + 0.5))
            for token in fts_tokens(term):
                lexemes.append(token)
                weights.append(idf if idf > 0 else 1e-6)
        where, args = ("", ()) if not filters.active else _document_where(filters)
        restrict = ("AND c.rowid IN (SELECT p.rowid FROM passages p JOIN documents d ON d.id = p.doc_id "
                    f"{where})") if filters.active else ""
        phrase_args: tuple[object, ...] = ()
        if any(" <-> " in query for _, query in phrases):  # a term of several tokens must match as a phrase
            restrict += " AND c.rowid IN (SELECT rowid FROM passage_terms WHERE tsv @@ ?::tsquery)"
            phrase_args = (" | ".join(f"({query})" for _, query in phrases),)
        # no MaxScore cut as the SQLite store has (models.bm25): one in SQL saved nothing at 100k passages (23 ms
        # either way, two queries slower), as PostgreSQL reads the counts by an index-only scan (BENCHMARKS.md)
        shape = (BM25_K1, BM25_K1, BM25_B, BM25_B, max(mean_terms, 1e-9))
        rows = self._db.execute(
            f"SELECT c.rowid, SUM({_BM25_SHARE}) AS score FROM unnest(?::text[], ?::float8[]) AS q(lexeme, idf) "
            f"JOIN passage_term_counts c ON c.lexeme = q.lexeme {restrict} "
            "GROUP BY c.rowid ORDER BY score DESC, c.rowid LIMIT ?",
            (*shape, lexemes, weights, *args, *phrase_args, k)).fetchall()
        return [(int(row[0]), float(row[1])) for row in rows]

    # ---- vectors: pgvector instead of a faiss file ------------------------------------------------

    def _index_meta(self) -> dict[str, Any] | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = 'index'").fetchone()
        return None if row is None else cast(dict[str, Any], json.loads(row[0]))

    def index_state(self) -> dict[str, object] | None:
        """The live state of the HNSW index of the model it was made for: always of the current generation
        (the database keeps it in step), its vectors counted now."""
        meta = self._index_meta()
        if meta is None:
            return None
        index = PgVectorIndex(self._pg, "passage_embeddings", str(meta["model"]), int(meta["dim"]))
        return {"generation": self.generation, "model": meta["model"], "vectors": len(index), "kind": index.kind}

    def _live_index(self, table: str, model: str) -> PgVectorIndex | None:
        meta = self._index_meta()
        if meta is None or meta.get("model") != model:
            return None
        dim = int(meta["dim"])
        if self._schema is None:
            self._schema = str(self._pg.raw.execute("SELECT current_schema()").fetchone()[0])
        with _COPIES_LOCK:
            copy = _COPIES.setdefault((self.url, self._schema, table, model, dim), _EmbeddingCopy())
        return PgVectorIndex(self._pg, table, model, dim, copy)

    def load_index(self, model: str, *, stale_ok: bool = False) -> VectorIndex | None:
        return self._live_index("passage_embeddings", model)

    def load_window_index(self, model: str) -> VectorIndex | None:
        return self._live_index("window_embeddings", model)

    def rebuild_index(self, model: str, dim: int) -> VectorIndex:
        """Make sure the HNSW indexes of ``model`` exist (built once; PostgreSQL keeps them up to date) and
        make it the model searched."""
        with self._transaction() as db:
            for table in ("passage_embeddings", "window_embeddings"):
                db.execute(PgVectorIndex.create_sql(table, model, dim))
            db.execute("INSERT OR REPLACE INTO meta VALUES ('index', ?)", (json.dumps({"model": model, "dim": dim}),))
        # the visibility map and statistics of what was just written, so BM25 reads its term counts from the
        # index alone (an index-only scan: 20,000 passages 94 -> 33 ms) before autovacuum comes round
        for table in ("passage_term_counts", "passage_embeddings", "window_embeddings"):
            self._pg.raw.execute(f"VACUUM (ANALYZE) {table}")
        return PgVectorIndex(self._pg, "passage_embeddings", model, dim)


def _load_vectors_as_arrays(raw: Any) -> None:
    """Read pgvector values as float32 numpy arrays (what the store hands out), in both wire formats."""
    from psycopg.adapt import Loader
    from psycopg.pq import Format
    from psycopg.types import TypeInfo

    info = TypeInfo.fetch(raw, "vector")
    assert info is not None  # register_vector found it

    class TextLoader(Loader):
        format = Format.TEXT

        def load(self, data: Any) -> np.ndarray:
            return np.array(bytes(data)[1:-1].split(b","), dtype=np.float32)

    class BinaryLoader(Loader):
        format = Format.BINARY

        def load(self, data: Any) -> np.ndarray:
            dim = int.from_bytes(bytes(data[:2]), "big")
            return np.frombuffer(data, dtype=">f4", count=dim, offset=4).astype(np.float32)

    raw.adapters.register_loader(info.oid, TextLoader)
    raw.adapters.register_loader(info.oid, BinaryLoader)


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


class PgVectorIndex(VectorIndex):
    """A ``VectorIndex`` answered by pgvector: the embeddings of one model in ``table`` (ids: passage row
    ids), nearest by cosine through the model's HNSW index (exact while PostgreSQL finds a scan cheaper)."""

    def __init__(self, connection: PgConnection, table: str, model: str, dim: int,
                 copy: _EmbeddingCopy | None = None) -> None:
        super().__init__(None, dim)
        self._connection = connection
        self._table = table
        self.model = model
        self._copy = copy or _EmbeddingCopy()  # the store's, kept up to date across index objects
        self._rows: tuple[np.ndarray, np.ndarray] | None = None  # ``_snapshot``

    @staticmethod
    def create_sql(table: str, model: str, dim: int) -> str:
        name = f"{table}_hnsw_" + hashlib.sha1(f"{model}:{dim}".encode()).hexdigest()[:12]
        return (f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING hnsw ((embedding::vector({dim})) "
                f"vector_cosine_ops) WHERE model = {_literal(model)}")

    @property
    def kind(self) -> str:
        return "hnsw"

    def __len__(self) -> int:
        row = self._connection.raw.execute(
            f"SELECT COUNT(*) FROM {self._table} WHERE model = %s", (self.model,)).fetchone()
        return int(row[0])

    def search(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        if k <= 0:
            return []
        vector = np.asarray(query, dtype=np.float32).reshape(-1)
        distance = f"(embedding::vector({self.dim})) <=> %s::vector({self.dim})"
        rows = self._connection.raw.execute(
            f"SELECT passage_rowid, 1 - ({distance}) FROM {self._table} WHERE model = {_literal(self.model)} "
            f"ORDER BY {distance} LIMIT %s", (vector, vector, k)).fetchall()
        return [(int(row[0]), float(row[1])) for row in rows]

    def ids(self) -> np.ndarray:
        return self._snapshot()[0]

    def stored_vectors(self) -> np.ndarray:
        """The vectors, row ``i`` belonging to ``ids()[i]`` (for exact scoring in ``models.search``): read
        once per object, with the ids, so both describe the same moment."""
        return self._snapshot()[1]

    def _snapshot(self) -> tuple[np.ndarray, np.ndarray]:
        if self._rows is None:
            self._rows = self._copy.refresh(self._connection.raw, self._table, self.model, self.dim)
        return self._rows


# The embeddings held in memory are the process's, not a thread's: the API answers in a thread pool and each
# thread has its own PgStore (one connection each), but they share one copy per database, schema, table and
# model. At 100k passages and their windows a copy is ~500 MB; one per thread multiplied it by the pool's size.
_COPIES: dict[tuple[str, str, str, str, int], _EmbeddingCopy] = {}
_COPIES_LOCK = threading.Lock()


class _EmbeddingCopy:
    """The embeddings of one table and model in memory, for exact scoring (``models.search``), brought up to
    date by reading only the rows written since the last refresh (each embedding row has its own growing
    ``rowid``; writers hold the store's write lock, so they are numbered in commit order) and dropping the rows
    that are gone. An API process beside a worker that writes every few seconds would otherwise read every
    vector again after each write."""

    def __init__(self) -> None:
        self._forget()
        self._lock = threading.Lock()  # threads of one process share the copy: one refresh at a time

    def _forget(self) -> None:
        self.seen = 0  # highest embedding row id read
        self.row_ids = np.zeros(0, dtype=np.int64)
        self.owners = np.zeros(0, dtype=np.int64)  # passage row id of each row
        self.matrix: np.ndarray | None = None

    def refresh(self, raw: Any, table: str, model: str, dim: int) -> tuple[np.ndarray, np.ndarray]:
        """(passage row id per row, matrix), as the database holds them now. The arrays handed out are never
        changed afterwards (a refresh makes new ones), so a thread may keep using what it got."""
        with self._lock:
            return self._refresh(raw, table, model, dim)

    def _refresh(self, raw: Any, table: str, model: str, dim: int) -> tuple[np.ndarray, np.ndarray]:
        from psycopg.pq import TransactionStatus

        idle = raw.info.transaction_status == TransactionStatus.IDLE  # else inside a write: it is one moment
        with raw.transaction():
            if idle:
                raw.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")  # both reads see one moment
            present = raw.execute(f"SELECT rowid FROM {table} WHERE model = %s", (model,), binary=True).fetchall()
            present_ids = np.fromiter((row[0] for row in present), dtype=np.int64, count=len(present))
            if np.any(~np.isin(present_ids[present_ids <= self.seen], self.row_ids)):
                self._forget()  # rows below what was read that were never read: the store was made anew (row
                # ids restart), so read it all again
            new = raw.execute(f"SELECT rowid, passage_rowid, embedding FROM {table} WHERE model = %s AND rowid > %s "
                              "ORDER BY rowid", (model, self.seen), binary=True).fetchall()
        matrix = self.matrix if self.matrix is not None else np.zeros((0, dim), dtype=np.float32)
        kept = np.isin(self.row_ids, present_ids)
        if new or not kept.all():
            added = (np.vstack([np.asarray(row[2], dtype=np.float32) for row in new]) if new
                     else np.zeros((0, dim), dtype=np.float32))
            self.row_ids = np.concatenate([self.row_ids[kept], [row[0] for row in new]]).astype(np.int64)
            self.owners = np.concatenate([self.owners[kept], [row[1] for row in new]]).astype(np.int64)
            matrix = np.vstack([matrix[kept], added])
            matrix.flags.writeable = False
            self.seen = max(self.seen, *(int(row[0]) for row in new)) if new else self.seen
        self.matrix = matrix
        return self.owners, matrix

    def save(self, path: Path) -> None:
        raise StoreError("a pgvector index lives in the database; there is no file to save")
