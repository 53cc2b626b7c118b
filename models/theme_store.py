"""The themes' own tables in the store, and reading/writing them.

Tables (other analyses read ``theme_passages(theme_id, passage_id, similarity)`` and ``themes.id/label``):

- ``themes``: one row per theme with its label, keyphrases, ranked summary sentences (JSON), the centroid
  in the embedder's space (float32 BLOB, normalised), the cosine threshold a new passage must reach to
  join, and the ``ordinal`` it is listed in;
- ``theme_passages``: the members of top-level themes, with their cosine similarity to the centroid (one
  theme per passage);
- sub-themes (distinct parts of a broad theme) are rows of ``themes`` whose ``parent_id`` names their parent;
  their members are in ``subtheme_passages`` (same columns; one sub-theme per passage, and the passage is
  also in the parent's ``theme_passages``). Stores made before sub-themes get the column and the table on
  first use (``ensure_theme_tables``);
- ``theme_meta``: the embedder model and store generation the themes were built or last synced at;
- ``theme_sentence_vectors``: cached sentence embeddings (by sentence sha256) for the summaries.

Everything is replaced in one transaction, so readers see either the old or the new themes.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from models.store import Store
from rodedraad.errors import NotFound
from rodedraad.records import SummarySentence

# a source or organisation carries a real part of a theme with this share of its passages (and this many)
SHARED_MIN_SHARE = 0.15
SHARED_MIN_PASSAGES = 2
_SCHEMA = """
CREATE TABLE IF NOT EXISTS themes (
    id TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    keyphrases TEXT NOT NULL,
    summary TEXT NOT NULL,
    centroid BLOB NOT NULL,
    size INTEGER NOT NULL,
    threshold REAL NOT NULL,
    ordinal INTEGER NOT NULL,
    parent_id TEXT
);
CREATE TABLE IF NOT EXISTS theme_passages (
    theme_id TEXT NOT NULL,
    passage_id TEXT NOT NULL,
    similarity REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS theme_passages_theme ON theme_passages(theme_id);
CREATE UNIQUE INDEX IF NOT EXISTS theme_passages_passage ON theme_passages(passage_id);
CREATE TABLE IF NOT EXISTS subtheme_passages (
    theme_id TEXT NOT NULL,
    passage_id TEXT NOT NULL,
    similarity REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS subtheme_passages_theme ON subtheme_passages(theme_id);
CREATE UNIQUE INDEX IF NOT EXISTS subtheme_passages_passage ON subtheme_passages(passage_id);
CREATE TABLE IF NOT EXISTS theme_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS theme_sentence_vectors (
    model TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (model, sha256)
);
"""


@dataclass(frozen=True)
class StoredTheme:
    """A theme as stored: what the ``Theme`` record needs plus centroid and join threshold."""

    id: str
    label: str
    keyphrases: tuple[str, ...]
    summary: tuple[SummarySentence, ...]
    centroid: np.ndarray
    size: int
    threshold: float
    ordinal: int
    parent_id: str | None = None


@dataclass(frozen=True)
class ThemeMember:
    passage_id: str
    similarity: float


@dataclass(frozen=True)
class ThemeState:
    """What the stored themes were computed from: the embedder, the store generation, and the
    highest passage rowid considered (passages above it are new and still to be assigned)."""

    model: str
    generation: int
    max_rowid: int


_COLUMNS = "id, label, keyphrases, summary, centroid, size, threshold, ordinal, parent_id"
# every membership of both levels as one table (theme_id, passage_id), for queries about any theme id
MEMBERSHIPS = ("(SELECT theme_id, passage_id FROM theme_passages "
               "UNION ALL SELECT theme_id, passage_id FROM subtheme_passages)")


def ensure_theme_tables(store: Store) -> None:
    """Create the tables, and bring a store made before sub-themes up to date (a ``parent_id`` column,
    NULL for the themes it holds, which are all top-level)."""
    store.executescript(_SCHEMA)
    if not any(row["name"] == "parent_id" for row in store.query("PRAGMA table_info(themes)")):
        with store.transaction() as db:
            if not any(row[1] == "parent_id" for row in db.execute("PRAGMA table_info(themes)")):
                db.execute("ALTER TABLE themes ADD COLUMN parent_id TEXT")
    store.executescript("CREATE INDEX IF NOT EXISTS themes_parent ON themes(parent_id);")


def theme_state(store: Store) -> ThemeState | None:
    """The model and generation of the stored themes, or None when themes were never built."""
    ensure_theme_tables(store)
    values = {row["key"]: row["value"] for row in store.query("SELECT key, value FROM theme_meta")}
    if "model" not in values:
        return None
    return ThemeState(
        model=values["model"], generation=int(values.get("generation", "0")),
        max_rowid=int(values.get("max_rowid", "0")),
    )


def save_themes(
    store: Store,
    themes: Sequence[StoredTheme],
    members: Mapping[str, Sequence[ThemeMember]],
    state: ThemeState,
) -> None:
    """Replace all themes, sub-themes and memberships at once (a sub-theme's members go to
    ``subtheme_passages``)."""
    ensure_theme_tables(store)
    level = {theme.id: theme.parent_id is None for theme in themes}
    with store.transaction() as db:
        db.execute("DELETE FROM theme_passages")
        db.execute("DELETE FROM subtheme_passages")
        db.execute("DELETE FROM themes")
        db.executemany(
            f"INSERT INTO themes ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [_theme_row(theme) for theme in themes],
        )
        for table, top in (("theme_passages", True), ("subtheme_passages", False)):
            db.executemany(
                f"INSERT INTO {table} VALUES (?, ?, ?)",
                [(theme_id, m.passage_id, float(m.similarity))
                 for theme_id, rows in members.items() if level.get(theme_id, True) is top for m in rows],
            )
        _write_state(db, state)


def add_members(
    store: Store, members: Mapping[str, Sequence[ThemeMember]], removed: Iterable[str], state: ThemeState,
    sub_members: Mapping[str, Sequence[ThemeMember]] | None = None,
) -> None:
    """Add new members (of themes, and ``sub_members`` of sub-themes), drop memberships of removed passages
    and refresh sizes, in one transaction."""
    ensure_theme_tables(store)
    with store.transaction() as db:
        gone = list(removed)
        for start in range(0, len(gone), 500):
            chunk = gone[start:start + 500]
            for table in ("theme_passages", "subtheme_passages"):
                db.execute(f"DELETE FROM {table} WHERE passage_id IN ({','.join('?' * len(chunk))})", chunk)
        for table, additions in (("theme_passages", members), ("subtheme_passages", sub_members or {})):
            db.executemany(
                f"INSERT OR REPLACE INTO {table} VALUES (?, ?, ?)",
                [(theme_id, m.passage_id, float(m.similarity))
                 for theme_id, rows in additions.items() for m in rows],
            )
        db.execute(
            "UPDATE themes SET size = CASE WHEN parent_id IS NULL "
            "THEN (SELECT COUNT(*) FROM theme_passages tp WHERE tp.theme_id = themes.id) "
            "ELSE (SELECT COUNT(*) FROM subtheme_passages sp WHERE sp.theme_id = themes.id) END"
        )
        _write_state(db, state)


def _write_state(db: sqlite3.Connection, state: ThemeState) -> None:
    db.execute("INSERT OR REPLACE INTO theme_meta VALUES ('model', ?)", (state.model,))
    db.execute("INSERT OR REPLACE INTO theme_meta VALUES ('generation', ?)", (str(state.generation),))
    db.execute("INSERT OR REPLACE INTO theme_meta VALUES ('max_rowid', ?)", (str(state.max_rowid),))


def _theme_row(theme: StoredTheme) -> tuple[object, ...]:
    summary = [{"text": s.text, "passage_id": s.passage_id, "doc_id": s.doc_id} for s in theme.summary]
    return (
        theme.id, theme.label, json.dumps(list(theme.keyphrases), ensure_ascii=False),
        json.dumps(summary, ensure_ascii=False), np.asarray(theme.centroid, dtype=np.float32).tobytes(),
        theme.size, float(theme.threshold), theme.ordinal, theme.parent_id,
    )


def _stored_theme(row: sqlite3.Row) -> StoredTheme:
    get = row.__getitem__
    summary = tuple(SummarySentence(**item) for item in json.loads(get("summary")))
    return StoredTheme(
        id=get("id"), label=get("label"), keyphrases=tuple(json.loads(get("keyphrases"))), summary=summary,
        centroid=np.frombuffer(get("centroid"), dtype=np.float32), size=int(get("size")),
        threshold=float(get("threshold")), ordinal=int(get("ordinal")), parent_id=get("parent_id"),
    )


def load_themes(store: Store) -> list[StoredTheme]:
    """All top-level themes in listing order (largest first, ties by id); sub-themes: ``load_subthemes``."""
    ensure_theme_tables(store)
    rows = store.query(f"SELECT {_COLUMNS} FROM themes WHERE parent_id IS NULL ORDER BY ordinal, id")
    return [_stored_theme(row) for row in rows]


def load_subthemes(store: Store, parent_id: str | None = None) -> list[StoredTheme]:
    """The sub-themes (of one parent, or of all), each parent's in listing order."""
    ensure_theme_tables(store)
    if parent_id is None:
        rows = store.query(f"SELECT {_COLUMNS} FROM themes WHERE parent_id IS NOT NULL "
                           "ORDER BY parent_id, ordinal, id")
    else:
        rows = store.query(f"SELECT {_COLUMNS} FROM themes WHERE parent_id = ? ORDER BY ordinal, id", (parent_id,))
    return [_stored_theme(row) for row in rows]


def subthemes_by_parent(store: Store) -> dict[str, list[StoredTheme]]:
    """Parent id → its sub-themes in listing order."""
    children: dict[str, list[StoredTheme]] = {}
    for sub in load_subthemes(store):
        children.setdefault(sub.parent_id or "", []).append(sub)
    return children


def load_theme(store: Store, theme_id: str) -> StoredTheme:
    ensure_theme_tables(store)
    rows = store.query(f"SELECT {_COLUMNS} FROM themes WHERE id = ?", (theme_id,))
    if not rows:
        raise NotFound(f"no theme with id {theme_id!r}; list them with `rodedraad themes`")
    return _stored_theme(rows[0])


def theme_members(store: Store, theme_id: str) -> list[ThemeMember]:
    """Members of a theme or sub-theme, most central first."""
    rows = store.query(
        "SELECT passage_id, similarity FROM theme_passages WHERE theme_id = ? UNION ALL "
        "SELECT passage_id, similarity FROM subtheme_passages WHERE theme_id = ? "
        "ORDER BY similarity DESC, passage_id",
        (theme_id, theme_id),
    )
    return [ThemeMember(row["passage_id"], float(row["similarity"])) for row in rows]


def all_memberships(store: Store) -> dict[str, tuple[str, float]]:
    """passage id → (top-level theme id, similarity) for every assigned passage."""
    ensure_theme_tables(store)
    rows = store.query("SELECT theme_id, passage_id, similarity FROM theme_passages")
    return {row["passage_id"]: (row["theme_id"], float(row["similarity"])) for row in rows}


@dataclass(frozen=True)
class Contribution:
    """How much one document/source/organisation contributes to a theme."""

    name: str
    passages: int
    share: float


@dataclass(frozen=True)
class ThemeSpread:
    doc_ids: tuple[str, ...]
    sources: tuple[str, ...]
    organisations: tuple[str, ...]
    documents: tuple[Contribution, ...]
    by_source: tuple[Contribution, ...]
    by_organisation: tuple[Contribution, ...]
    shared: bool


def _contributions(counts: dict[str, int], total: int) -> tuple[Contribution, ...]:
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return tuple(Contribution(name, count, round(count / total, 4) if total else 0.0) for name, count in ranked)


def themes_signature(store: Store) -> tuple[object, ...]:
    """Changes whenever documents, themes or memberships change: rebuilds insert new theme rows, assignment
    inserts memberships, removals delete them."""
    ensure_theme_tables(store)
    row = store.query("SELECT (SELECT MAX(rowid) FROM themes), (SELECT MAX(rowid) FROM theme_passages), "
                      "(SELECT COUNT(*) FROM theme_passages), (SELECT MAX(rowid) FROM subtheme_passages), "
                      "(SELECT COUNT(*) FROM subtheme_passages)")[0]
    return (store.generation, row[0], row[1], row[2], row[3], row[4])


def theme_spreads(store: Store) -> dict[str, ThemeSpread]:
    """Per theme: the documents, sources and organisations its passages come from, and their shares.

    A theme is shared when at least two sources (files or sites), or two main (first named) organisations
    of its documents, each carry a real part of it (``_carriers``): one stray passage from a second
    document does not make a theme shared. Memoised per ``themes_signature``.
    """
    return dict(store.memoised("theme_spreads", themes_signature(store), lambda: _theme_spreads(store)))


def _carriers(counts: dict[str, int], total: int) -> int:
    """How many sources (or organisations) carry a real part of a theme: at least ``SHARED_MIN_SHARE`` of
    its passages and at least ``SHARED_MIN_PASSAGES`` of them."""
    return sum(1 for count in counts.values()
               if count >= SHARED_MIN_PASSAGES and count >= SHARED_MIN_SHARE * total)


def credited_organisations(organisations: Sequence[str], passage_text: str) -> list[str]:
    """The organisations of a document that one of its passages is credited to: the document's own (first
    named) organisation, and the others only where the passage names them. An organisation named once in a
    long document is no party to every passage of it."""
    if not organisations:
        return []
    lowered = passage_text.lower()
    return [organisations[0], *(name for name in organisations[1:] if name.lower() in lowered)]


def _theme_spreads(store: Store) -> dict[str, ThemeSpread]:
    rows = store.query(
        f"SELECT tp.theme_id, p.doc_id, p.text, d.source, d.organisations FROM {MEMBERSHIPS} tp "
        "JOIN passages p ON p.id = tp.passage_id JOIN documents d ON d.id = p.doc_id "
        "ORDER BY tp.theme_id, d.source, p.doc_id"
    )
    per_theme: dict[str, list[tuple[str, str, list[str]]]] = {}
    for row in rows:
        per_theme.setdefault(row["theme_id"], []).append(
            (row["doc_id"], row["source"], credited_organisations(json.loads(row["organisations"]), row["text"]))
        )
    spreads: dict[str, ThemeSpread] = {}
    for theme_id, items in per_theme.items():
        total = len(items)
        docs: dict[str, int] = {}
        sources: dict[str, int] = {}
        organisations: dict[str, int] = {}
        main_organisations: dict[str, int] = {}
        for doc_id, source, orgs in items:
            docs[doc_id] = docs.get(doc_id, 0) + 1
            sources[source] = sources.get(source, 0) + 1
            for organisation in dict.fromkeys(orgs):
                organisations[organisation] = organisations.get(organisation, 0) + 1
            if orgs:
                main = orgs[0].lower()
                main_organisations[main] = main_organisations.get(main, 0) + 1
        by_document = _contributions(docs, total)
        by_source = _contributions(sources, total)
        by_organisation = _contributions(organisations, total)
        spreads[theme_id] = ThemeSpread(
            doc_ids=tuple(c.name for c in by_document),
            sources=tuple(c.name for c in by_source),
            organisations=tuple(c.name for c in by_organisation),
            documents=by_document, by_source=by_source, by_organisation=by_organisation,
            shared=_carriers(sources, total) > 1 or _carriers(main_organisations, total) > 1,
        )
    return spreads


def cached_sentence_vectors(store: Store, model: str, shas: Sequence[str]) -> dict[str, np.ndarray]:
    ensure_theme_tables(store)
    found: dict[str, np.ndarray] = {}
    wanted = list(dict.fromkeys(shas))
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        rows = store.query(
            f"SELECT sha256, vector FROM theme_sentence_vectors WHERE model = ? AND sha256 IN "
            f"({','.join('?' * len(chunk))})",
            (model, *chunk),
        )
        found.update({row["sha256"]: np.frombuffer(row["vector"], dtype=np.float32) for row in rows})
    return found


def save_sentence_vectors(store: Store, model: str, vectors: dict[str, np.ndarray]) -> None:
    with store.transaction() as db:
        db.executemany(
            "INSERT OR IGNORE INTO theme_sentence_vectors VALUES (?, ?, ?)",
            [(model, sha, np.asarray(v, dtype=np.float32).tobytes()) for sha, v in vectors.items()],
        )
