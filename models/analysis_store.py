"""Tables for commitments and tensions, and their incremental update after an ingest.

Per document (keyed by the document's text hash and :data:`ANALYSIS_VERSION`) the commitments, stated
tensions and position sentences are recomputed only when the document is new or changed; rows of removed
documents go with them (foreign keys cascade from ``documents``). ``between`` tensions compare documents,
so they are recomputed as a whole when the store generation, the themes tables or the version change —
cheap: only the stored position sentences are compared, no model runs.

``update_analyses(store, nlp)`` is what ingest (CLI) and the first API request call; it is a no-op when
nothing changed.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from models.analyses.extract import commitments_from, decide, tensions_from
from models.analyses.sentences import analyse_document
from models.analysis_version import ANALYSIS_VERSION as ANALYSIS_VERSION
from models.commitments import DocumentContext, FoundCommitment
from models.divergence import DEFAULT_SIMILARITY, find_between_tensions
from models.nlp import DutchNLP
from models.positions import Position, positions_of
from models.store import Store
from rodedraad.errors import InvalidRequest
from rodedraad.records import CitedPassage, Commitment, Strength, Tension

# Bump ANALYSIS_VERSION (in models/analysis_version.py) when extraction rules change: stored results of an older
# version are recomputed.
STRENGTHS: tuple[Strength, ...] = ("binding", "intention", "aspiration")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS analysis_documents (
    doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    sha256 TEXT NOT NULL,
    version TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS commitments (
    id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    passage_id TEXT NOT NULL,
    start INTEGER NOT NULL,
    sentence TEXT NOT NULL,
    actors TEXT NOT NULL,
    modality TEXT NOT NULL,
    action TEXT NOT NULL,
    deadline TEXT,
    deadline_text TEXT,
    deadline_kind TEXT,
    strength TEXT NOT NULL,
    negated INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS commitments_doc ON commitments(doc_id);
CREATE TABLE IF NOT EXISTS commitment_actors (
    commitment_id TEXT NOT NULL REFERENCES commitments(id) ON DELETE CASCADE,
    actor TEXT NOT NULL COLLATE NOCASE
);
CREATE INDEX IF NOT EXISTS commitment_actors_actor ON commitment_actors(actor);
CREATE TABLE IF NOT EXISTS analysis_positions (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    passage_id TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS analysis_positions_doc ON analysis_positions(doc_id);
CREATE TABLE IF NOT EXISTS tensions (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    doc_id TEXT REFERENCES documents(id) ON DELETE CASCADE,
    issue TEXT NOT NULL,
    parties TEXT NOT NULL,
    explanation TEXT NOT NULL,
    passages TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS tensions_kind ON tensions(kind);
CREATE TABLE IF NOT EXISTS tension_links (
    tension_id TEXT NOT NULL REFERENCES tensions(id) ON DELETE CASCADE,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    passage_id TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS tension_links_doc ON tension_links(doc_id);
CREATE TABLE IF NOT EXISTS tension_parties (
    tension_id TEXT NOT NULL REFERENCES tensions(id) ON DELETE CASCADE,
    party TEXT NOT NULL COLLATE NOCASE
);
CREATE INDEX IF NOT EXISTS tension_parties_party ON tension_parties(party);
CREATE TABLE IF NOT EXISTS analysis_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


@dataclass(frozen=True)
class AnalysisUpdate:
    documents_analysed: int
    documents_unchanged: int
    commitments: int
    tensions: int
    between_recomputed: bool
    finished: bool = True  # False: a ``limit`` stopped it with documents still to analyse


@dataclass(frozen=True)
class StoredCommitment:
    commitment: Commitment
    negated: bool
    deadline_text: str | None
    title: str
    source: str
    page: int | None


@dataclass(frozen=True)
class StoredTension:
    tension: Tension
    explanation: str


@dataclass(frozen=True)
class PartyPair:
    parties: tuple[str, str]
    count: int
    tension_ids: tuple[str, ...]


def create_tables(store: Store) -> None:
    store.executescript(_SCHEMA)


def _has_table(store: Store, name: str) -> bool:
    return bool(store.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)))


def _themes_signature(store: Store) -> str:
    if not _has_table(store, "theme_passages"):
        return "none"
    row = store.query("SELECT COUNT(*) AS n, COALESCE(SUM(LENGTH(theme_id) + LENGTH(passage_id)), 0) AS s "
                      "FROM theme_passages")[0]
    return f"{row['n']}:{row['s']}" if row["n"] else "none"  # an empty table is no themes, as a missing one


def _state_key(store: Store) -> str:
    return f"{ANALYSIS_VERSION}:{store.generation}:{_themes_signature(store)}"


def is_stale(store: Store) -> bool:
    """True when documents or themes changed since the last update (cheap: two small queries)."""
    create_tables(store)
    row = store.query("SELECT value FROM analysis_state WHERE key = 'state'")
    return not row or row[0]["value"] != _state_key(store)


def _write_document(db: sqlite3.Connection, doc_id: str, sha: str, found: Sequence[FoundCommitment],
                    tensions: Sequence[tuple[Tension, str]], positions: Sequence[Position]) -> None:
    db.execute("DELETE FROM commitments WHERE doc_id = ?", (doc_id,))
    db.execute("DELETE FROM tensions WHERE doc_id = ?", (doc_id,))
    db.execute("DELETE FROM analysis_positions WHERE doc_id = ?", (doc_id,))
    for item in found:
        c = item.commitment
        db.execute(
            "INSERT OR REPLACE INTO commitments VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (c.id, c.doc_id, c.passage_id, item.start, c.sentence, json.dumps(list(c.actors), ensure_ascii=False),
             c.modality, c.action, c.deadline, item.deadline_text, item.deadline_kind, c.strength, int(item.negated)),
        )
        db.executemany("INSERT INTO commitment_actors VALUES (?, ?)", [(c.id, actor) for actor in c.actors])
    for tension, explanation in tensions:
        _insert_tension(db, tension, explanation, doc_id)
    db.executemany(
        "INSERT INTO analysis_positions VALUES (?, ?, ?)",
        [(doc_id, p.passage_id, json.dumps(_position_json(p), ensure_ascii=False)) for p in positions],
    )
    db.execute("INSERT OR REPLACE INTO analysis_documents VALUES (?, ?, ?)", (doc_id, sha, ANALYSIS_VERSION))


def _insert_tension(db: sqlite3.Connection, tension: Tension, explanation: str, doc_id: str | None) -> None:
    passages = [{"passage_id": p.passage_id, "doc_id": p.doc_id, "text": p.text} for p in tension.passages]
    db.execute(
        "INSERT OR REPLACE INTO tensions VALUES (?, ?, ?, ?, ?, ?, ?)",
        (tension.id, tension.kind, doc_id, tension.issue, json.dumps(list(tension.parties), ensure_ascii=False),
         explanation, json.dumps(passages, ensure_ascii=False)),
    )
    db.executemany("INSERT INTO tension_links VALUES (?, ?, ?)",
                   [(tension.id, p.doc_id, p.passage_id) for p in tension.passages])
    db.executemany("INSERT INTO tension_parties VALUES (?, ?)", [(tension.id, party) for party in tension.parties])


def _position_json(position: Position) -> dict[str, object]:
    data: dict[str, object] = {}
    for item in dataclasses.fields(position):
        value = getattr(position, item.name)
        if item.name in {"words", "reported_words"}:
            value = [sorted(word) for word in value]
        elif isinstance(value, (frozenset, set)):
            value = sorted(value)
        elif isinstance(value, tuple):
            value = [list(part) if isinstance(part, tuple) else part for part in value]
        data[item.name] = value
    return data


def _position_from_json(data: dict[str, Any]) -> Position:
    values: dict[str, Any] = {}
    for item in dataclasses.fields(Position):
        if item.name not in data:
            continue
        value = data[item.name]
        if item.name in {"words", "reported_words"}:
            value = tuple(frozenset(word) for word in value)
        elif item.name in {"scope", "references"}:
            value = frozenset(value)
        elif item.name == "quantities":
            value = tuple((str(unit), float(amount), str(bound)) for unit, amount, bound in value)
        elif isinstance(value, list):
            value = tuple(value)
        values[item.name] = value
    return Position(**values)


def _vector_model(store: Store) -> str | None:
    rows = store.query("SELECT model, COUNT(*) AS n FROM vectors GROUP BY model ORDER BY n DESC LIMIT 1")
    return str(rows[0]["model"]) if rows else None


def _recompute_between(store: Store, similarity: float) -> int:
    rows = store.query("SELECT data FROM analysis_positions")
    positions = [_position_from_json(json.loads(row["data"])) for row in rows]
    themes_of: dict[str, frozenset[str]] | None = None
    vectors: dict[str, np.ndarray] | None = None
    if _has_table(store, "theme_passages") and store.query("SELECT 1 FROM theme_passages LIMIT 1"):
        grouped: dict[str, set[str]] = defaultdict(set)
        for row in store.query("SELECT theme_id, passage_id FROM theme_passages"):
            grouped[str(row["passage_id"])].add(str(row["theme_id"]))
        themes_of = {key: frozenset(value) for key, value in grouped.items()}
    else:
        model = _vector_model(store)
        wanted = sorted({p.passage_id for p in positions})
        if model and wanted:
            rowid_by_id = {}
            for chunk_start in range(0, len(wanted), 500):
                chunk = wanted[chunk_start:chunk_start + 500]
                marks = ",".join("?" * len(chunk))
                for row in store.query(f"SELECT rowid, id FROM passages WHERE id IN ({marks})", chunk):
                    rowid_by_id[int(row["rowid"])] = str(row["id"])
            ids, matrix = store.passage_vectors(model, list(rowid_by_id))
            vectors = {rowid_by_id[int(rowid)]: matrix[index] for index, rowid in enumerate(ids)}
    found = find_between_tensions(positions, themes_of=themes_of, vectors=vectors, similarity=similarity)
    with store.transaction() as db:
        db.execute("DELETE FROM tensions WHERE kind = 'between'")
        for tension, explanation in found:
            _insert_tension(db, tension, explanation, None)
    return len(found)


def update_analyses(store: Store, nlp: DutchNLP, *, similarity: float = DEFAULT_SIMILARITY,
                    limit: int | None = None) -> AnalysisUpdate:
    """Bring the commitment and tension tables up to date with the documents (incremental; each document
    commits on its own). With ``limit``, analyse at most that many documents; the between-document tensions
    wait for the call that finds no more to analyse (the worker calls it again until then)."""
    create_tables(store)
    done = {
        str(row["doc_id"]): (str(row["sha256"]), str(row["version"]))
        for row in store.query("SELECT doc_id, sha256, version FROM analysis_documents")
    }
    documents = store.query("SELECT id, sha256 FROM documents ORDER BY source, ordinal")
    analysed = 0
    for row in documents:
        doc_id, sha = str(row["id"]), str(row["sha256"])
        if done.get(doc_id) == (sha, ANALYSIS_VERSION):
            continue
        if limit is not None and analysed >= limit:
            counts = store.query("SELECT (SELECT COUNT(*) FROM commitments) AS c, "
                                 "(SELECT COUNT(*) FROM tensions) AS t")[0]
            return AnalysisUpdate(documents_analysed=analysed, documents_unchanged=0, commitments=int(counts["c"]),
                                  tensions=int(counts["t"]), between_recomputed=False, finished=False)
        document = store.document(doc_id)
        passages = store.passages_of(doc_id)
        context = DocumentContext.of(document, nlp)
        sentences = analyse_document(document, passages, nlp, context)  # one pass feeds both labels
        decisions = decide(sentences)
        commitments = commitments_from(document, sentences, context, decisions=decisions)
        stated = [(item.tension, item.explanation)
                  for item in tensions_from(document, sentences, context, decisions=decisions)]
        positions = positions_of(document, passages, nlp, commitments, context)
        with store.transaction() as db:
            _write_document(db, doc_id, sha, commitments, stated, positions)
        analysed += 1
    key = _state_key(store)
    state = store.query("SELECT value FROM analysis_state WHERE key = 'state'")
    recompute = analysed > 0 or not state or state[0]["value"] != key
    if recompute:
        _recompute_between(store, similarity)
        with store.transaction() as db:  # the key after: recomputing may create the theme tables it reads
            db.execute("INSERT OR REPLACE INTO analysis_state VALUES ('state', ?)", (_state_key(store),))
    counts = store.query("SELECT (SELECT COUNT(*) FROM commitments) AS c, (SELECT COUNT(*) FROM tensions) AS t")[0]
    return AnalysisUpdate(
        documents_analysed=analysed, documents_unchanged=len(documents) - analysed,
        commitments=int(counts["c"]), tensions=int(counts["t"]), between_recomputed=recompute,
    )


# --- reading ------------------------------------------------------------------------------------


# sort keys of the lists → the SQL put in front of the default order (document order; kind, id)
COMMITMENT_ORDERS: dict[str, str] = {
    "document": "",
    "deadline": "c.deadline IS NULL, c.deadline, ",
    "strength": "CASE c.strength WHEN 'binding' THEN 0 WHEN 'intention' THEN 1 ELSE 2 END, ",
    "actor": "c.actors COLLATE NOCASE, ",
}
TENSION_ORDERS: dict[str, str] = {
    "kind": "",
    "parties": "t.parties COLLATE NOCASE, ",
    "issue": "t.issue COLLATE NOCASE, ",
}


@dataclass(frozen=True)
class CommitmentFilters:
    actor: str | None = None
    theme: str | None = None
    doc_id: str | None = None
    strength: str | None = None
    passage_ids: tuple[str, ...] = ()  # only commitments in these passages (at most a few hundred)


@dataclass(frozen=True)
class TensionFilters:
    party: str | None = None
    theme: str | None = None
    doc_id: str | None = None
    kind: str | None = None


def _theme_clause(store: Store, theme: str, passage_column: str) -> tuple[str, list[object]]:
    if not _has_table(store, "theme_passages"):
        raise InvalidRequest(f"theme {theme!r} cannot be used: no themes have been computed in this store yet")
    if not _has_table(store, "subtheme_passages"):
        return f"{passage_column} IN (SELECT passage_id FROM theme_passages WHERE theme_id = ?)", [theme]
    # a sub-theme's id filters on its own members (they are also its parent's)
    return (f"{passage_column} IN (SELECT passage_id FROM theme_passages WHERE theme_id = ? "
            "UNION ALL SELECT passage_id FROM subtheme_passages WHERE theme_id = ?)", [theme, theme])


def list_commitments(
    store: Store, filters: CommitmentFilters | None = None, *, offset: int = 0, limit: int = 50,
    order: str = "document",
) -> tuple[list[StoredCommitment], int]:
    """Commitments in ``order`` (one of :data:`COMMITMENT_ORDERS`): document order, deadline (earliest first,
    none last), strength (binding first) or actor."""
    create_tables(store)
    if order not in COMMITMENT_ORDERS:
        raise InvalidRequest(f"order {order!r} is not one of {', '.join(COMMITMENT_ORDERS)}")
    filters = filters or CommitmentFilters()
    where: list[str] = []
    args: list[object] = []
    if filters.actor:
        where.append("c.id IN (SELECT commitment_id FROM commitment_actors WHERE actor LIKE ?)")
        args.append(f"%{filters.actor}%")
    if filters.strength:
        if filters.strength not in STRENGTHS:
            raise InvalidRequest(f"strength {filters.strength!r} is not one of {', '.join(STRENGTHS)}")
        where.append("c.strength = ?")
        args.append(filters.strength)
    if filters.doc_id:
        where.append("c.doc_id = ?")
        args.append(filters.doc_id)
    if filters.passage_ids:
        where.append(f"c.passage_id IN ({','.join('?' * len(filters.passage_ids))})")
        args.extend(filters.passage_ids)
    if filters.theme:
        clause, theme_args = _theme_clause(store, filters.theme, "c.passage_id")
        where.append(clause)
        args.extend(theme_args)
    sql_where = ("WHERE " + " AND ".join(where)) if where else ""
    total = int(store.query(f"SELECT COUNT(*) AS n FROM commitments c {sql_where}", args)[0]["n"])
    rows = store.query(
        "SELECT c.*, d.title, d.source, p.page FROM commitments c JOIN documents d ON d.id = c.doc_id "
        f"LEFT JOIN passages p ON p.id = c.passage_id {sql_where} "
        f"ORDER BY {COMMITMENT_ORDERS[order]}d.source, d.ordinal, p.ordinal, c.start LIMIT ? OFFSET ?",
        [*args, limit, offset],
    )
    items = [
        StoredCommitment(
            commitment=Commitment(
                id=row["id"], passage_id=row["passage_id"], doc_id=row["doc_id"], sentence=row["sentence"],
                actors=tuple(json.loads(row["actors"])), modality=row["modality"], action=row["action"],
                deadline=row["deadline"], strength=row["strength"],
            ),
            negated=bool(row["negated"]), deadline_text=row["deadline_text"], title=row["title"],
            source=row["source"], page=row["page"],
        )
        for row in rows
    ]
    return items, total


def _tension_from_row(row: sqlite3.Row) -> StoredTension:
    passages = tuple(CitedPassage(**passage) for passage in json.loads(row["passages"]))
    return StoredTension(
        tension=Tension(id=row["id"], kind=row["kind"], parties=tuple(json.loads(row["parties"])),
                        issue=row["issue"], passages=passages),
        explanation=row["explanation"],
    )


def _tension_where(store: Store, filters: TensionFilters | None) -> tuple[str, list[object]]:
    filters = filters or TensionFilters()
    where: list[str] = []
    args: list[object] = []
    if filters.party:
        where.append("t.id IN (SELECT tension_id FROM tension_parties WHERE party LIKE ?)")
        args.append(f"%{filters.party}%")
    if filters.doc_id:
        where.append("t.id IN (SELECT tension_id FROM tension_links WHERE doc_id = ?)")
        args.append(filters.doc_id)
    if filters.kind:
        if filters.kind not in ("stated", "between"):
            raise InvalidRequest(f"kind {filters.kind!r} is not one of stated, between")
        where.append("t.kind = ?")
        args.append(filters.kind)
    if filters.theme:
        clause, theme_args = _theme_clause(store, filters.theme, "l.passage_id")
        where.append(f"t.id IN (SELECT l.tension_id FROM tension_links l WHERE {clause})")
        args.extend(theme_args)
    return ("WHERE " + " AND ".join(where)) if where else "", args


def list_tensions(
    store: Store, filters: TensionFilters | None = None, *, offset: int = 0, limit: int = 50,
    order: str = "kind",
) -> tuple[list[StoredTension], int]:
    """Tensions in ``order`` (one of :data:`TENSION_ORDERS`): kind (stated first), parties or issue."""
    create_tables(store)
    if order not in TENSION_ORDERS:
        raise InvalidRequest(f"order {order!r} is not one of {', '.join(TENSION_ORDERS)}")
    sql_where, args = _tension_where(store, filters)
    total = int(store.query(f"SELECT COUNT(*) AS n FROM tensions t {sql_where}", args)[0]["n"])
    rows = store.query(
        f"SELECT t.* FROM tensions t {sql_where} ORDER BY {TENSION_ORDERS[order]}t.kind DESC, t.id LIMIT ? OFFSET ?",
        [*args, limit, offset],
    )
    return [_tension_from_row(row) for row in rows], total


def tensions_near(store: Store, passage_ids: Sequence[str], theme_ids: Sequence[str], *,
                  theme_limit: int = 1000) -> list[StoredTension]:
    """Tensions citing one of ``passage_ids`` (at most a few hundred), and up to ``theme_limit`` tensions
    citing a passage of one of ``theme_ids``."""
    create_tables(store)
    rows: list[sqlite3.Row] = []
    if passage_ids:
        rows.extend(store.query(
            "SELECT DISTINCT t.* FROM tensions t JOIN tension_links l ON l.tension_id = t.id "
            f"WHERE l.passage_id IN ({','.join('?' * len(passage_ids))})", list(passage_ids)))
    if theme_ids and _has_table(store, "theme_passages"):
        rows.extend(store.query(
            "SELECT DISTINCT t.* FROM tensions t JOIN tension_links l ON l.tension_id = t.id "
            "JOIN theme_passages tp ON tp.passage_id = l.passage_id "
            f"WHERE tp.theme_id IN ({','.join('?' * len(theme_ids))}) LIMIT ?", [*theme_ids, theme_limit]))
    found = {str(row["id"]): _tension_from_row(row) for row in rows}
    return list(found.values())


def tension_pairs(store: Store, filters: TensionFilters | None = None) -> list[PartyPair]:
    """Counts of tensions per pair of parties, most first: which relations carry most tension."""
    create_tables(store)
    sql_where, args = _tension_where(store, filters)
    pairs: dict[tuple[str, str], list[str]] = defaultdict(list)
    for row in store.query(f"SELECT t.id, t.parties FROM tensions t {sql_where}", args):
        parties = sorted(set(json.loads(row["parties"])))
        for pair in ((a, b) for i, a in enumerate(parties) for b in parties[i + 1:]):
            pairs[pair].append(str(row["id"]))
    ranked = sorted(pairs.items(), key=lambda item: (-len(item[1]), item[0]))
    return [PartyPair(parties=pair, count=len(ids), tension_ids=tuple(ids)) for pair, ids in ranked]
