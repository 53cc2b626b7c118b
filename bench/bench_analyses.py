"""Sentences per second through commitment and tension extraction (demo corpus, plus the seeds when present)."""

from __future__ import annotations

import time

from eval.eval_commitments import DEMO_FOLDERS, load_corpus
from eval.paths import CORPORA, shared_dir
from models.commitments import DocumentContext, extract_commitments
from models.nlp import DutchNLP
from models.tensions import extract_tensions, find_between_tensions, positions_of


def measure(repeats: int = 3) -> dict[str, float]:
    nlp = DutchNLP()
    paths = [
        (path, str(path.relative_to(CORPORA)))
        for folder in DEMO_FOLDERS for path in sorted((CORPORA / folder).iterdir()) if path.is_file()
    ]
    shared = shared_dir()
    if shared and (shared / "seeds").is_dir():
        paths += [(p, f"seeds/{p.name}") for p in sorted((shared / "seeds").iterdir())]
    corpus = load_corpus(paths, nlp)
    sentences = sum(len(nlp.sentences(p.text)) for _, passages in corpus.documents for p in passages)
    best = {"commitments": float("inf"), "tensions": float("inf")}
    found = {"commitments": 0, "stated": 0, "between": 0}
    for _ in range(repeats):
        started = time.perf_counter()
        results = []
        for document, passages in corpus.documents:
            context = DocumentContext.of(document, nlp)
            results.append((document, passages, context, extract_commitments(document, passages, nlp, context)))
        best["commitments"] = min(best["commitments"], time.perf_counter() - started)
        started = time.perf_counter()
        positions = []
        stated = 0
        for document, passages, context, commitments in results:
            stated += len(extract_tensions(document, passages, nlp, context))
            positions.extend(positions_of(document, passages, nlp, commitments, context))
        between = find_between_tensions(positions)
        best["tensions"] = min(best["tensions"], time.perf_counter() - started)
        found = {"commitments": sum(len(r[3]) for r in results), "stated": stated, "between": len(between)}
    return {
        "documents": len(corpus.documents), "sentences": sentences,
        "commitment_sentences_per_s": round(sentences / best["commitments"], 1),
        "tension_sentences_per_s": round(sentences / best["tensions"], 1),
        "both_sentences_per_s": round(sentences / (best["commitments"] + best["tensions"]), 1),
        **{f"found_{key}": float(value) for key, value in found.items()},
    }


def run() -> str:
    result = measure()
    print("analyses", result)
    return (
        "## Commitment and tension extraction (rules over simplemma lemmas, 1 thread)\n\n"
        "| documents | sentences | commitments: sentences/s | tensions: sentences/s | both: sentences/s | "
        "commitments | stated | between |\n|---|---|---|---|---|---|---|---|\n"
        f"| {result['documents']} | {result['sentences']} | {result['commitment_sentences_per_s']} | "
        f"{result['tension_sentences_per_s']} | {result['both_sentences_per_s']} | "
        f"{int(result['found_commitments'])} | {int(result['found_stated'])} | {int(result['found_between'])} |\n"
    )


if __name__ == "__main__":
    print(run())
