"""Measure the Dutch NLP layer against the hand-written set in eval/nlp_gold.json.

    .venv/bin/python eval/eval_nlp.py            # prints a report
    .venv/bin/python eval/eval_nlp.py --json     # the same numbers as JSON

What is measured: sentence-boundary errors, lemma accuracy, organisation precision/recall/F1,
throughput (words/s of ``tokens`` and ``index_terms`` on the seeds), whether the search terms of word
forms that belong together meet (and of forms that do not, stay apart), and a small BM25 retrieval test
on the seed paragraphs comparing search-term variants (surface words, lemmas, lemmas + word families,
lemmas + compound parts, Snowball stems). The seeds live in ``../shared`` (``RODEDRAAD_SHARED``); parts
that need them are skipped when absent.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from models.nlp import DutchNLP
from models.organisations import find_organisations
from rodedraad.dutch import STOP_WORDS, fold_diacritics, sentence_spans

GOLD_PATH = Path(__file__).resolve().parent / "nlp_gold.json"
TermFunction = Callable[[str], list[str]]


def shared_dir() -> Path:
    default = Path(__file__).resolve().parents[1] / ".." / "shared"
    return Path(os.environ.get("RODEDRAAD_SHARED", default)).resolve()


def load_gold(path: Path = GOLD_PATH) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        gold: dict[str, Any] = json.load(handle)
    return gold


# --- sentences ----------------------------------------------------------------------------------


def _gold_boundaries(text: str, sentences: Sequence[str]) -> set[int]:
    boundaries: set[int] = set()
    position = 0
    for sentence in sentences:
        start = text.index(sentence, position)
        position = start + len(sentence)
        boundaries.add(position)
    boundaries.discard(position)  # the end of the text is not a decision
    return boundaries


def evaluate_sentences(cases: Sequence[dict[str, Any]]) -> dict[str, Any]:
    false_splits = missed_splits = wrong_cases = 0
    failures: list[dict[str, Any]] = []
    for case in cases:
        text = case["text"]
        expected = _gold_boundaries(text, case["sentences"])
        predicted = {end for _, end in sentence_spans(text)}
        predicted.discard(max(predicted, default=0))
        extra, missing = predicted - expected, expected - predicted
        false_splits += len(extra)
        missed_splits += len(missing)
        if extra or missing:
            wrong_cases += 1
            failures.append({"text": text, "got": [text[s:e] for s, e in sentence_spans(text)]})
    return {
        "cases": len(cases),
        "boundaries": sum(len(case["sentences"]) - 1 for case in cases),
        "false_splits": false_splits,
        "missed_splits": missed_splits,
        "boundary_errors": false_splits + missed_splits,
        "wrong_cases": wrong_cases,
        "failures": failures,
    }


# --- lemmas -------------------------------------------------------------------------------------


def evaluate_lemmas(nlp: DutchNLP, pairs: Sequence[dict[str, str]]) -> dict[str, Any]:
    wrong = []
    for pair in pairs:
        tokens = nlp.tokens(pair["token"])
        lemma = tokens[0].lemma if len(tokens) == 1 else " ".join(token.lemma for token in tokens)
        if lemma.lower() != pair["lemma"].lower():
            wrong.append({"token": pair["token"], "expected": pair["lemma"], "got": lemma})
    return {"pairs": len(pairs), "accuracy": round(1 - len(wrong) / len(pairs), 3), "wrong": wrong}


# --- organisations ------------------------------------------------------------------------------


def evaluate_organisations(cases: Sequence[dict[str, Any]]) -> dict[str, Any]:
    true_positive = false_positive = false_negative = 0
    mistakes = []
    for case in cases:
        found = set(find_organisations(case["text"]))
        expected = set(case["organisations"])
        true_positive += len(found & expected)
        false_positive += len(found - expected)
        false_negative += len(expected - found)
        if found != expected:
            mistakes.append({"text": case["text"], "extra": sorted(found - expected),
                             "missed": sorted(expected - found)})
    precision = true_positive / (true_positive + false_positive) if true_positive + false_positive else 1.0
    recall = true_positive / (true_positive + false_negative) if true_positive + false_negative else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"texts": len(cases), "precision": round(precision, 3), "recall": round(recall, 3),
            "f1": round(f1, 3), "mistakes": mistakes}


# --- search terms -------------------------------------------------------------------------------


def evaluate_term_pairs(terms: TermFunction, term_pairs: dict[str, list[list[str]]]) -> dict[str, Any]:
    meet = [pair for pair in term_pairs["meet"] if set(terms(pair[0])) & set(terms(pair[1]))]
    apart = [pair for pair in term_pairs["apart"] if not set(terms(pair[0])) & set(terms(pair[1]))]
    return {
        "meet_rate": round(len(meet) / len(term_pairs["meet"]), 3),
        "apart_rate": round(len(apart) / len(term_pairs["apart"]), 3),
        "not_meeting": [pair for pair in term_pairs["meet"] if pair not in meet],
        "not_apart": [pair for pair in term_pairs["apart"] if pair not in apart],
    }


def seed_paragraphs(shared: Path) -> list[tuple[str, int, str]]:
    """(seed prefix, offset, text) of every seed paragraph of 100+ characters (split on blank lines)."""
    paragraphs = []
    for path in sorted((shared / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        position = 0
        for paragraph in text.split("\n\n"):
            start = text.index(paragraph, position)
            position = start + len(paragraph)
            if len(paragraph.strip()) >= 100:
                paragraphs.append((path.name[:3], start, paragraph))
    return paragraphs


def bm25_rankings(documents: list[list[str]], queries: list[list[str]], k1: float = 1.2,
                  b: float = 0.75) -> list[list[int]]:
    """Okapi BM25 with OR semantics (every query term may contribute), as SQLite FTS5's bm25()."""
    document_frequency: Counter[str] = Counter()
    for terms in documents:
        document_frequency.update(set(terms))
    count = len(documents)
    average_length = sum(len(terms) for terms in documents) / max(count, 1)
    counts = [Counter(terms) for terms in documents]
    rankings = []
    for query in queries:
        scores = []
        for index, term_counts in enumerate(counts):
            length = len(documents[index])
            score = 0.0
            for term in set(query):
                frequency = term_counts.get(term, 0)
                if not frequency:
                    continue
                seen_in = document_frequency[term]
                idf = math.log(1 + (count - seen_in + 0.5) / (seen_in + 0.5))
                score += idf * frequency * (k1 + 1) / (frequency + k1 * (1 - b + b * length / average_length))
            scores.append((score, index))
        rankings.append([index for score, index in sorted(scores, key=lambda item: -item[0]) if score > 0])
    return rankings


def evaluate_retrieval(term_functions: dict[str, TermFunction], queries: Sequence[dict[str, Any]],
                       shared: Path) -> dict[str, Any]:
    paragraphs = seed_paragraphs(shared)
    where = {(seed, offset): index for index, (seed, offset, _) in enumerate(paragraphs)}
    relevant = [{where[(item["seed"], item["offset"])] for item in query["relevant"]} for query in queries]
    results: dict[str, Any] = {"paragraphs": len(paragraphs), "queries": len(queries)}
    for name, terms in term_functions.items():
        documents = [terms(text) for _, _, text in paragraphs]
        rankings = bm25_rankings(documents, [terms(query["query"]) for query in queries])
        reciprocal_ranks, recalls = [], []
        for ranking, wanted in zip(rankings, relevant, strict=True):
            top = ranking[:10]
            first = next((rank for rank, index in enumerate(top, 1) if index in wanted), None)
            reciprocal_ranks.append(1 / first if first else 0.0)
            recalls.append(len(wanted & set(ranking[:5])) / len(wanted))
        results[name] = {"mrr@10": round(sum(reciprocal_ranks) / len(queries), 3),
                         "recall@5": round(sum(recalls) / len(queries), 3)}
    return results


def surface_terms(text: str) -> list[str]:
    return [fold_diacritics(word) for word in re.findall(r"[^\W_]+", text.lower()) if word not in STOP_WORDS]


def snowball_terms() -> TermFunction | None:
    try:
        import snowballstemmer
    except ImportError:
        return None
    stemmer = snowballstemmer.stemmer("dutch")
    return lambda text: [stemmer.stemWord(word) for word in surface_terms(text)]


# --- throughput ---------------------------------------------------------------------------------


def measure_throughput(nlp: DutchNLP, texts: list[str]) -> dict[str, float]:
    words = sum(len(text.split()) for text in texts)
    started = time.perf_counter()
    for _ in nlp.tokens_many(texts):
        pass
    cold_tokens = time.perf_counter() - started
    started = time.perf_counter()
    for _ in nlp.index_terms_many(texts):
        pass
    index_terms = time.perf_counter() - started
    started = time.perf_counter()
    for text in texts:
        sentence_spans(text)
    sentences = time.perf_counter() - started
    return {
        "words": words,
        "tokens_words_per_s_cold_cache": round(words / cold_tokens),
        "index_terms_words_per_s_warm_cache": round(words / index_terms),
        "sentences_words_per_s": round(words / sentences),
    }


def evaluate(nlp: DutchNLP | None = None, gold_path: Path = GOLD_PATH) -> dict[str, Any]:
    """All measurements as one dict (retrieval and throughput need the seeds in ../shared)."""
    gold = load_gold(gold_path)
    nlp = nlp or DutchNLP()
    report: dict[str, Any] = {
        "sentences": evaluate_sentences(gold["sentences"]),
        "lemmas": evaluate_lemmas(nlp, gold["lemmas"]),
        "organisations": evaluate_organisations(gold["organisations"]),
        "term_pairs": evaluate_term_pairs(nlp.index_terms, gold["term_pairs"]),
    }
    shared = shared_dir()
    if (shared / "seeds").is_dir():
        variants: dict[str, TermFunction] = {
            "surface": surface_terms,
            "lemma": DutchNLP(compound_parts=False, word_families=False).index_terms,
            "lemma+families": DutchNLP(compound_parts=False, word_families=True).index_terms,
            "lemma+compounds": DutchNLP(compound_parts=True, word_families=False).index_terms,
            "default (lemma+families+compounds)": nlp.index_terms,
        }
        snowball = snowball_terms()
        if snowball is not None:
            variants["snowball"] = snowball
        report["retrieval"] = evaluate_retrieval(variants, gold["retrieval"], shared)
        texts = [text for _, _, text in seed_paragraphs(shared)]
        report["throughput"] = measure_throughput(DutchNLP(), texts)
    return report


def print_report(report: dict[str, Any]) -> None:
    sentences = report["sentences"]
    print(f"sentences: {sentences['cases']} cases, {sentences['boundaries']} boundaries, "
          f"{sentences['boundary_errors']} boundary errors ({sentences['false_splits']} false splits, "
          f"{sentences['missed_splits']} missed), {sentences['wrong_cases']} cases wrong")
    for failure in sentences["failures"]:
        print(f"  ✗ {failure['got']}")
    lemmas = report["lemmas"]
    print(f"lemmas: accuracy {lemmas['accuracy']} on {lemmas['pairs']} pairs")
    for wrong in lemmas["wrong"]:
        print(f"  ✗ {wrong['token']} → {wrong['got']} (expected {wrong['expected']})")
    organisations = report["organisations"]
    print(f"organisations: precision {organisations['precision']} recall {organisations['recall']} "
          f"F1 {organisations['f1']} on {organisations['texts']} texts")
    for mistake in organisations["mistakes"]:
        print(f"  ✗ extra {mistake['extra']} missed {mistake['missed']}: {mistake['text'][:70]}")
    pairs = report["term_pairs"]
    print(f"search terms: {pairs['meet_rate']} of related forms meet, "
          f"{pairs['apart_rate']} of unrelated stay "
          f"apart; not meeting {pairs['not_meeting']}; not apart {pairs['not_apart']}")
    if "retrieval" in report:
        retrieval = report["retrieval"]
        print(f"retrieval (BM25, {retrieval['queries']} queries over "
              f"{retrieval['paragraphs']} seed paragraphs):")
        for name, scores in retrieval.items():
            if isinstance(scores, dict):
                print(f"  {name:38s} MRR@10 {scores['mrr@10']:.3f}  recall@5 {scores['recall@5']:.3f}")
    if "throughput" in report:
        print("throughput:", report["throughput"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    arguments = parser.parse_args()
    report = evaluate()
    if arguments.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        print_report(report)


if __name__ == "__main__":
    main()
