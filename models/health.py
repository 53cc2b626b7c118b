"""Is the store consistent? Counts, the list of problems and the pending work ``rodedraad status`` reports.

Work that is simply not done yet is not a problem: passages without a vector and an index older than the
vectors are what a progressive ingest leaves for the worker (``models.work_queue``); they are reported as
pending (``vectors_pending``, ``index_stale``). A problem is what no pending work explains: a lexical index
that does not match the passages, or an up-to-date index that holds a different number of vectors.
"""

from __future__ import annotations

from dataclasses import dataclass

from models.store import Store


@dataclass(frozen=True)
class StoreHealth:
    documents: int
    passages: int
    vectors: int
    index_vectors: int
    index_kind: str | None
    model: str | None
    consistent: bool
    problems: tuple[str, ...]
    # passages without a vector for the index's model, and whether the saved index is older than the store
    vectors_pending: int = 0
    index_stale: bool = False


def check_store(store: Store, model: str | None = None) -> StoreHealth:
    """``model``: the embedder in use (default: the model of the saved index)."""
    state = store.index_state()
    model = model or (str(state["model"]) if state and "model" in state else None)
    counts = store.counts(model)
    problems: list[str] = []
    index_vectors = int(state.get("vectors", 0)) if state else 0  # type: ignore[call-overload]
    fresh = state is not None and state.get("generation") == counts.generation and state.get("model") == model
    stale = bool(counts.passages) and not fresh
    if fresh and index_vectors != counts.vectors:
        problems.append(f"the vector index holds {index_vectors} vectors for {counts.vectors} embedded passages")
    lexical_rows = store.lexical_term_rows()
    if lexical_rows != counts.passages:
        problems.append(f"the lexical index holds {lexical_rows} rows for {counts.passages} passages")
    return StoreHealth(
        documents=counts.documents, passages=counts.passages, vectors=counts.vectors,
        index_vectors=index_vectors, index_kind=str(state.get("kind")) if state else None, model=model,
        consistent=not problems, problems=tuple(problems),
        vectors_pending=max(0, counts.passages - counts.vectors) if model else counts.passages,
        index_stale=stale,
    )
