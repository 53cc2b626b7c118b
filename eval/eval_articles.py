"""Evaluate article splitting and boilerplate removal on the annotated seed pages.

Gold: ``eval/seed_articles.json`` (character offset, line and title where each article a careful
reader sees starts). A predicted article start counts as correct when it lies within
``LINE_TOLERANCE`` lines of an unmatched gold start (one-to-one, nearest first).

Leaks: after the full pipeline (``parse_file``: reader, articles, boilerplate, passages), every
passage line is checked (1) against the boilerplate rules, line by line, and (2) against a
fixed list of chrome phrases at the start of a line, independent of the rules.

Also: documents per file, kind, title and date on the fictional demo corpus (``corpora/``), whose
``annotations.json`` gives them per document.

Run: ``.venv/bin/python eval/eval_articles.py`` (or ``make eval`` for every set); seeds from
``$RODEDRAAD_SHARED/seeds``, default ``<repo>/../shared/seeds``.
"""

from __future__ import annotations

import hashlib
import json
import os
import statistics
from pathlib import Path
from typing import Any

from ingest.articles import split_articles
from ingest.boilerplate import line_role
from ingest.pipeline import parse_file
from rodedraad.records import ParsedDocument

# Runs both as ``python -m eval.eval_articles`` and as ``python eval/eval_articles.py``, so the
# paths are worked out here (the same rule as eval/paths.py).
REPO = Path(__file__).resolve().parents[1]
CORPORA = REPO / "corpora"
GOLD_PATH = REPO / "eval" / "seed_articles.json"
LINE_TOLERANCE = 3
# Chrome that must never reach a passage, checked at line starts independently of the rules.
CHROME_PHRASES = (
    "Geef een reactie", "Vul je gegevens in", "Je reageert onder", "Log uit", "Verbinden met %s",
    "Deze site gebruikt Akismet", "Advertenties", "Deel:", "Delen:", "Share this", "Search",
    "Close this search box", "Bestel hier", "Vind ik leuk", "Laden...", "Gerelateerd", "Lees meer",
    "WordPress.com logo", "Twitter-afbeelding", "Facebook foto", ">",
)


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def match_starts(gold: list[int], predicted: list[int], tolerance: int = LINE_TOLERANCE) -> int:
    """How many predicted lines match a gold line within ``tolerance``, one to one, nearest first."""
    pairs = sorted(
        (abs(g - p), gi, pi) for gi, g in enumerate(gold) for pi, p in enumerate(predicted)
        if abs(g - p) <= tolerance
    )
    used_gold: set[int] = set()
    used_predicted: set[int] = set()
    for _, gi, pi in pairs:
        if gi not in used_gold and pi not in used_predicted:
            used_gold.add(gi)
            used_predicted.add(pi)
    return len(used_gold)


def _leaks(documents: list[ParsedDocument]) -> tuple[list[str], list[str]]:
    by_rules, by_phrases = [], []
    for parsed in documents:
        for passage in parsed.passages:
            for line in passage.text.splitlines():
                stripped = line.strip()
                if stripped and line_role(stripped).is_dropped:
                    by_rules.append(stripped)
                if any(stripped == phrase or stripped.startswith(phrase + " ") or
                       (phrase.endswith(":") and stripped.startswith(phrase)) for phrase in CHROME_PHRASES):
                    by_phrases.append(stripped)
    return by_rules, by_phrases


def _scores(true_positive: int, predicted: int, gold: int) -> dict[str, float]:
    precision = true_positive / predicted if predicted else 0.0
    recall = true_positive / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)}


def _seeds_dir() -> Path:
    shared = Path(os.environ.get("RODEDRAAD_SHARED", REPO.parent / "shared"))
    if not (shared / "seeds").is_dir():
        raise FileNotFoundError("no shared seeds (set RODEDRAAD_SHARED to the folder holding seeds/)")
    return shared / "seeds"


def evaluate(seeds_dir: Path | None = None, gold_path: Path = GOLD_PATH) -> dict[str, Any]:
    """Boundary precision/recall/F1 and boilerplate leaks over the annotated seeds.

    Raises FileNotFoundError when the seeds are not there.
    """
    seeds = seeds_dir or _seeds_dir()
    gold_files = json.loads(gold_path.read_text(encoding="utf-8"))["files"]
    files: dict[str, Any] = {}
    totals = {"tp": 0, "predicted": 0, "gold": 0}
    leaks_by_rules: list[str] = []
    leaks_by_phrases: list[str] = []
    passage_words: list[int] = []
    documents = 0
    for name, entry in sorted(gold_files.items()):
        path = seeds / name
        changed = hashlib.sha256(path.read_bytes()).hexdigest() != entry["sha256"]
        text = path.read_text(encoding="utf-8")
        gold_lines = [article["line"] for article in entry["articles"]]
        predicted_lines = [_line_of(text, article.start) for article in split_articles(text)]
        true_positive = match_starts(gold_lines, predicted_lines)
        parsed = parse_file(path)[1]
        by_rules, by_phrases = _leaks(parsed)
        leaks_by_rules += by_rules
        leaks_by_phrases += by_phrases
        documents += len(parsed)
        passage_words += [len(p.text.split()) for doc in parsed for p in doc.passages]
        files[name] = {
            "gold": gold_lines, "predicted": predicted_lines, "true_positive": true_positive,
            "documents": len(parsed), "leaked_lines": by_rules + by_phrases, "file_changed": changed,
        }
        totals["tp"] += true_positive
        totals["predicted"] += len(predicted_lines)
        totals["gold"] += len(gold_lines)
    in_range = sum(40 <= words <= 250 for words in passage_words)
    return {
        **_scores(totals["tp"], totals["predicted"], totals["gold"]),
        "gold_articles": totals["gold"],
        "predicted_articles": totals["predicted"],
        "documents": documents,
        "passages": len(passage_words),
        "passage_words": {
            "min": min(passage_words, default=0),
            "median": statistics.median(passage_words) if passage_words else 0,
            "max": max(passage_words, default=0),
            "share_40_250": round(in_range / len(passage_words), 3) if passage_words else 0.0,
        },
        "boilerplate_lines_in_passages": len(leaks_by_rules),
        "chrome_phrases_in_passages": len(leaks_by_phrases),
        "files": files,
    }


def evaluate_demo_corpus(corpus: Path = CORPORA) -> dict[str, Any]:
    """Documents per file, kind, title and date against ``corpora/annotations.json`` (fictional corpus).

    A date counts when it agrees to the precision the annotation gives ("2026-02" or "2026-02-12").
    Files that fail to read count as wrong.
    """
    annotated = json.loads((corpus / "annotations.json").read_text(encoding="utf-8"))["documents"]
    by_file: dict[str, list[dict[str, Any]]] = {}
    for entry in annotated:
        by_file.setdefault(entry["file"], []).append(entry)
    right = {"documents_per_file": 0, "kind": 0, "title": 0, "date": 0}
    mistakes: list[str] = []
    for file, gold in sorted(by_file.items()):
        gold = sorted(gold, key=lambda entry: entry.get("article", 1))
        try:
            parsed = parse_file(corpus / file)[1]
        except Exception as error:  # a broken reader must not hide the other files' numbers
            mistakes.append(f"{file}: {error}")
            continue
        right["documents_per_file"] += len(parsed) == len(gold)
        for expected, item in zip(gold, parsed, strict=False):
            document = item.document
            wanted_date = expected.get("date") or ""
            found_date = document.date or ""
            same_date = found_date[:len(wanted_date)] == wanted_date and bool(found_date) == bool(wanted_date)
            checks = {
                "kind": document.kind == expected["kind"],
                "title": document.title.strip() == expected["title"].strip(),
                "date": same_date,
            }
            for key, ok in checks.items():
                right[key] += ok
                if not ok:
                    mistakes.append(f"{file}: {key} {getattr(document, key)!r}, annotated {expected[key]!r}")
    documents = len(annotated)
    return {
        "files": len(by_file),
        "documents": documents,
        "documents_per_file": round(right["documents_per_file"] / len(by_file), 3),
        **{key: round(right[key] / documents, 3) for key in ("kind", "title", "date")},
        "mistakes": mistakes,
    }


def main() -> None:
    demo = evaluate_demo_corpus()
    print(f"demo corpus ({demo['files']} files, {demo['documents']} documents): right number of documents "
          f"{demo['documents_per_file']:.0%} of files; kind {demo['kind']:.0%}, title {demo['title']:.0%}, "
          f"date {demo['date']:.0%}")
    for mistake in demo["mistakes"]:
        print(f"  ✗ {mistake}")
    result = evaluate()
    for name, entry in result["files"].items():
        print(f"{name}: gold {entry['gold']} predicted {entry['predicted']} "
              f"matched {entry['true_positive']} leaks {entry['leaked_lines']}")
        if entry["file_changed"]:
            print(f"  ! {name} differs from the annotated version: offsets may be off")
    print(f"boundary precision {result['precision']:.3f}  recall {result['recall']:.3f}  "
          f"f1 {result['f1']:.3f} (±{LINE_TOLERANCE} lines; "
          f"{result['predicted_articles']} predicted, {result['gold_articles']} gold)")
    print(f"boilerplate lines in passages: {result['boilerplate_lines_in_passages']} by the rules, "
          f"{result['chrome_phrases_in_passages']} by the fixed phrase list")
    words = result["passage_words"]
    print(f"{result['documents']} documents, {result['passages']} passages; words per passage "
          f"min {words['min']} median {words['median']} max {words['max']}, "
          f"{words['share_40_250']:.0%} within 40–250")


if __name__ == "__main__":
    main()
