"""Stored threads results, so a writing team can share a link to one (``GET /threads/{id}``).

The store keeps the result as the JSON the API returned, next to the draft and the options it was
computed from: what a person opened once must read the same later, even after new documents arrive.
"""

from __future__ import annotations

from models.store import Store
from rodedraad.errors import NotFound

_SCHEMA = """
CREATE TABLE IF NOT EXISTS threads (
    id TEXT PRIMARY KEY,
    created TEXT NOT NULL,
    generation INTEGER NOT NULL,
    result TEXT NOT NULL
);
"""


def save_threads(store: Store, threads_id: str, created: str, result_json: str) -> None:
    store.executescript(_SCHEMA)
    with store.transaction() as db:
        db.execute("INSERT OR REPLACE INTO threads VALUES (?, ?, ?, ?)",
                   (threads_id, created, store.generation, result_json))


def load_threads(store: Store, threads_id: str) -> str:
    """The stored result's JSON; ``NotFound`` for an unknown id."""
    store.executescript(_SCHEMA)
    rows = store.query("SELECT result FROM threads WHERE id = ?", (threads_id,))
    if not rows:
        raise NotFound(f"no threads result with id {threads_id!r}")
    return str(rows[0]["result"])
