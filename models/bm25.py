"""Exact BM25 top-k of the SQLite store from FTS5's own postings held in memory, cut MaxScore-style.

FTS5's ``ORDER BY rank LIMIT k`` scores every passage that holds any query term (~1.5 µs each) before it cuts:
at 100k passages that was 25–85 ms per search and the critical path of a hybrid search. Here each query term's
postings (passage row ids and term counts, read once per store generation through an ``fts5vocab`` table) and
the passage lengths (FTS5's ``docsize`` records, read incrementally) are kept in memory, per database file and
shared by the process's ``Store`` objects, with every posting's BM25 share computed as FTS5's ``bm25()`` does
(k1 1.2, b 0.75, IDF ``log((N - n + 0.5) / (n + 0.5))`` clamped to 1e-6, N and the mean length from FTS5's
own averages record). The top k is then found MaxScore-style:

- terms are ordered by their bound, the largest share they give any passage (at most IDF × (k1 + 1));
- the rare ("essential") terms are added up over all their postings; the common ones are left out as long as
  their summed bounds stay below θ, the k-th best partial score (a lower bound of the k-th best full score),
  else the next commonest term becomes essential (the cut is widened until it is safe, at worst every term);
- only the passages whose partial score plus the common terms' bounds can still reach θ get the common terms'
  shares, looked up by binary search in those terms' postings.

A passage's full score is summed in query order from the same doubles as FTS5's C code, so scores are equal
bit for bit and ties go to the lower row id, as FTS5 orders them. The result equals FTS5's ranking exactly
(tests/models/test_lexical_maxscore.py)."""

from __future__ import annotations

import math
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

# FTS5's bm25() constants (the PostgreSQL store uses the same: models.pg_store)
K1 = 1.2
B = 0.75
# postings held per database file (row id + share: 16 bytes each, ~64 MB); the least recently used terms go
MAX_POSTINGS = 4_000_000
_SAFETY = 1e-9  # relative margin on the cut's comparisons (partial sums are added in another order)


@dataclass(frozen=True)
class TermPostings:
    """The passages holding one token and the token's BM25 share in each (FTS5's formula, this generation)."""

    rowids: np.ndarray  # int64, ascending
    shares: np.ndarray  # float64

    @property
    def bound(self) -> float:
        """The largest share the term gives any passage (exact, so a safe MaxScore bound)."""
        return float(self.shares.max()) if len(self.shares) else 0.0


class Bm25Postings:
    """The postings and passage lengths of one SQLite store file, for the ``Store`` objects of a process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._key: tuple[int, int, int] | None = None  # (generation, passages, tokens)
        self._lengths = np.zeros(0, dtype=np.float64)  # tokens per passage row id (FTS5's docsize)
        self._identity: str | None = None
        self._terms: OrderedDict[str, TermPostings] = OrderedDict()
        self._held = 0

    def postings(self, db: sqlite3.Connection, identity: str, generation: int,
                 tokens: Sequence[str]) -> tuple[list[TermPostings], int] | None:
        """Each token's postings (in the order given) and the size of a row-id-indexed array; None when the
        store changed while they were read (the caller then asks FTS5). ``identity`` tells a store made anew
        in the same file (its row ids start again) from the one before."""
        averages = db.execute("SELECT block FROM passage_terms_data WHERE id = 1").fetchone()
        if averages is None or not averages[0]:  # an empty store
            return [TermPostings(np.zeros(0, np.int64), np.zeros(0)) for _ in tokens], 0
        passages, offset = _varint(averages[0], 0)
        total_tokens, _ = _varint(averages[0], offset)
        key = (generation, passages, total_tokens)
        with self._lock:
            if key != self._key:
                if identity != self._identity:  # a store made anew: its row ids start again
                    self._lengths, self._identity = np.zeros(0, dtype=np.float64), identity
                self._terms.clear()
                self._held = 0
                self._key = key
            found = {token: self._terms[token] for token in tokens if token in self._terms}
            for token in found:
                self._terms.move_to_end(token)
            lengths = self._lengths
        missing = [token for token in dict.fromkeys(tokens) if token not in found]
        if not len(lengths) and passages:  # the first search of the process reads every length (once)
            lengths = self._grow_lengths(db, 0)
        if missing:
            read = {token: _token_rows(db, token) for token in missing}
            # each statement reads the newest commit: a write that landed while the postings were read would
            # mix two states (postings of one, N and the mean length of the other); FTS5 answers that search
            again = db.execute("SELECT block FROM passage_terms_data WHERE id = 1").fetchone()
            if again is None or again[0] != averages[0]:
                return None
            top = max((int(rows[-1]) for rows, _ in read.values() if len(rows)), default=-1)
            if top >= len(lengths):
                lengths = self._grow_lengths(db, top)
                if top >= len(lengths):
                    return None
            mean_length = total_tokens / passages if passages else 0.0
            for token, (rows, counts) in read.items():
                found[token] = TermPostings(rows, _shares(counts, lengths[rows], len(rows), passages, mean_length))
            with self._lock:
                if self._key == key:
                    for token in missing:
                        self._terms[token] = found[token]
                        self._held += len(found[token].rowids)
                    while self._held > MAX_POSTINGS and len(self._terms) > 1:
                        _, dropped = self._terms.popitem(last=False)
                        self._held -= len(dropped.rowids)
        return [found[token] for token in tokens], len(lengths)

    def _grow_lengths(self, db: sqlite3.Connection, top: int) -> np.ndarray:
        """Passage lengths up to row id ``top`` at least: only the rows past those already read (row ids only
        grow, a passage's terms never change, and writers commit one at a time in row id order)."""
        with self._lock:
            if top < len(self._lengths):
                return self._lengths
            rows = db.execute("SELECT id, sz FROM passage_terms_docsize WHERE id >= ? ORDER BY id",
                              (len(self._lengths),)).fetchall()
            if rows:
                ids = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
                sizes = np.fromiter((_varint(row[1], 0)[0] for row in rows), dtype=np.float64, count=len(rows))
                lengths = np.zeros(int(ids[-1]) + 1, dtype=np.float64)
                lengths[: len(self._lengths)] = self._lengths
                lengths[ids] = sizes
                self._lengths = lengths
            return self._lengths


def _token_rows(db: sqlite3.Connection, token: str) -> tuple[np.ndarray, np.ndarray]:
    """The row ids holding ``token`` (ascending) and its count in each, from the ``fts5vocab`` instance table."""
    docs = np.fromiter((row[0] for row in db.execute("SELECT doc FROM temp.passage_vocab WHERE term = ?",
                                                      (token,))), dtype=np.int64)
    rows, counts = np.unique(docs, return_counts=True)
    return rows, counts.astype(np.float64)


def _shares(counts: np.ndarray, lengths: np.ndarray, hits: int, passages: int, mean_length: float) -> np.ndarray:
    """A term's BM25 share per passage, the operations of FTS5's ``fts5Bm25Function`` in their order."""
    idf = math.log((passages - hits + 0.5) / (hits + 0.5)) if passages else 0.0
    if idf <= 0.0:
        idf = 1e-6
    return idf * ((counts * (K1 + 1.0)) / (counts + K1 * (1 - B + B * lengths / mean_length)))


def top_k(terms: Sequence[TermPostings], size: int, k: int,
          allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
    """The ``k`` best (row id, BM25 score) of passages holding any of ``terms`` (the query's phrases in query
    order), best first, ties by row id; only the row ids in ``allowed`` (sorted) when given."""
    if k <= 0 or not terms:
        return []
    permitted = None
    if allowed is not None:
        permitted = np.zeros(size, dtype=bool)
        permitted[allowed[allowed < size]] = True
    bounds = [term.bound for term in terms]
    order = sorted(range(len(terms)), key=lambda i: (bounds[i], i))  # commonest (smallest bound) first
    partial = np.zeros(size, dtype=np.float64)
    held = np.zeros(size, dtype=bool)
    essential = len(order)
    theta = 0.0
    while essential > 0:
        essential -= 1
        term = terms[order[essential]]
        rows, shares = term.rowids, term.shares
        if permitted is not None:
            keep = permitted[rows]
            rows, shares = rows[keep], shares[keep]
        partial[rows] += shares
        held[rows] = True
        rest = sum(bounds[i] for i in order[:essential])
        if rest == 0.0:  # the other terms match nothing: every passage with a score is held
            break
        matched = np.flatnonzero(held)
        if len(matched) >= k:
            theta = float(np.partition(partial[matched], len(matched) - k)[len(matched) - k])
            if rest < theta * (1 - _SAFETY):  # no passage without an essential term can reach the k-th
                break
    matched = np.flatnonzero(held)
    common = sum(bounds[i] for i in order[:essential])
    if common > 0.0 and len(matched) >= k:
        matched = matched[partial[matched] + common >= theta * (1 - _SAFETY)]
    scores = np.zeros(len(matched), dtype=np.float64)
    for term in terms:  # query order: the same sum, double for double, as FTS5's
        if not len(term.rowids):
            continue
        at = np.minimum(np.searchsorted(term.rowids, matched), len(term.rowids) - 1)
        hit = term.rowids[at] == matched
        scores[hit] += term.shares[at[hit]]
    best = np.lexsort((matched, -scores))[:k]
    return [(int(matched[i]), float(scores[i])) for i in best]


def _varint(blob: bytes, offset: int) -> tuple[int, int]:
    """An SQLite/FTS5 varint at ``offset``: (value, offset after it)."""
    value = 0
    for index in range(9):
        byte = blob[offset]
        offset += 1
        if index == 8:
            return (value << 8) | byte, offset
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            return value, offset
    return value, offset


_FILES: dict[str, Bm25Postings] = {}
_FILES_LOCK = threading.Lock()


def postings_of(path: Path) -> Bm25Postings:
    """The shared postings of the store file at ``path``."""
    with _FILES_LOCK:
        return _FILES.setdefault(str(path.resolve()), Bm25Postings())
