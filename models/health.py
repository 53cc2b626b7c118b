"""Is the store consistent? Counts and the list of problems ``rodedraad status`` reports."""

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


def check_store(store: Store) -> StoreHealth:
    state = store.index_state()
    model = str(state["model"]) if state and "model" in state else None
    counts = store.counts(model)
    problems: list[str] = []
    index_vectors = int(state.get("vectors", 0)) if state else 0  # type: ignore[call-overload]
    if counts.passages and state is None:
        problems.append("the vector index is missing; it is rebuilt from cached vectors on the next search")
    elif state is not None and state.get("generation") != counts.generation:
        problems.append(
            "the vector index is older than the stored passages (an ingest stopped before the index was "
            "written); it is rebuilt from cached vectors on the next search or ingest"
        )
    if model and counts.vectors != counts.passages:
        problems.append(f"{counts.passages - counts.vectors} passages have no vector for model {model}")
    if state is not None and state.get("generation") == counts.generation and index_vectors != counts.passages:
        problems.append(f"the vector index holds {index_vectors} vectors for {counts.passages} passages")
    lexical_rows = store.lexical_term_rows()
    if lexical_rows != counts.passages:
        problems.append(f"the lexical index holds {lexical_rows} rows for {counts.passages} passages")
    return StoreHealth(
        documents=counts.documents, passages=counts.passages, vectors=counts.vectors,
        index_vectors=index_vectors, index_kind=str(state.get("kind")) if state else None, model=model,
        consistent=not problems, problems=tuple(problems),
    )
