"""Commitments and tensions, measured on the demo corpus and an annotated sample of the seeds.

Gold: ``corpora/annotations.json`` (commitments, non_commitments as hard negatives, tensions) plus
``eval/commitments_gold.json`` (extra demo sentences by file + anchor, and seed sentences by file + character
offsets into the raw seed file — the seed text itself is never stored here). The extra annotations make the
gold exhaustive for what the extractor returns, so every returned sentence that is not a gold commitment
counts as a false positive.

A returned sentence matches a gold location when the anchor lies inside it, or (PDF passages may cut a
sentence) the two share a stretch of at least 40 characters. Actors match when every gold actor and every
returned actor meet a counterpart (names compared without words like "Stichting", case-insensitive, one
containing the other). Run: ``python -m eval.eval_commitments`` (part of ``make eval``).
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eval.paths import CORPORA, REPO, shared_dir
from ingest.pipeline import parse_file
from models.commitments import DocumentContext, FoundCommitment, extract_commitments
from models.nlp import DutchNLP
from models.organisations import find_organisations
from models.tensions import Position, extract_tensions, find_between_tensions, positions_of
from rodedraad.records import Document, Passage, Tension

GOLD = REPO / "eval" / "commitments_gold.json"
DEMO_FOLDERS = ("covenanten", "beleid", "blogs")
_GENERIC_NAME_WORDS = {"stichting", "de", "het", "van", "n.v.", "b.v.", "zorggroep", "zorgverzekeraar"}


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _strip_numbering(text: str) -> str:
    return re.sub(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[-•–])\s+", "", text)


def same_location(anchor: str, sentence: str) -> bool:
    a, s = _norm(anchor), _strip_numbering(_norm(sentence))
    if not a or not s:
        return False
    if a in s or (len(s) > 25 and s in a):
        return True
    match = difflib.SequenceMatcher(None, a, s, autojunk=False).find_longest_match(0, len(a), 0, len(s))
    return match.size >= min(40, 0.6 * min(len(a), len(s)))


def _name_key(name: str) -> str:
    canonical = find_organisations(name)
    name = canonical[0] if canonical else name
    words = [w for w in re.findall(r"[\w&.-]+", name.lower()) if w not in _GENERIC_NAME_WORDS]
    return " ".join(words)


def _names_meet(first: str, second: str) -> bool:
    a, b = _name_key(first), _name_key(second)
    return bool(a and b) and (a in b or b in a)


def actors_match(predicted: Sequence[str], gold: Sequence[str]) -> bool:
    return all(any(_names_meet(g, p) for p in predicted) for g in gold) and all(
        any(_names_meet(p, g) for g in gold) for p in predicted
    )


@dataclass
class GoldItem:
    source: str
    text: str  # the anchor (demo) or the seed span's text read at run time
    label: str  # "commitment" or the reason it is not one
    actors: tuple[str, ...] = ()
    strength: str | None = None
    deadline: str | None = None
    origin: str = "demo"


@dataclass
class Counts:
    true_positives: int = 0
    false_positives: int = 0
    gold: int = 0
    found_gold: int = 0
    actor_ok: int = 0
    deadline_ok: int = 0
    strength_ok: int = 0
    misses: list[str] = field(default_factory=list)
    false: list[str] = field(default_factory=list)
    wrong_fields: list[str] = field(default_factory=list)

    def scores(self) -> dict[str, float]:
        precision = self.true_positives / max(1, self.true_positives + self.false_positives)
        recall = self.found_gold / max(1, self.gold)
        f1 = 2 * precision * recall / max(1e-9, precision + recall)
        judged = max(1, self.true_positives)
        return {
            "precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3),
            "actor_accuracy": round(self.actor_ok / judged, 3),
            "deadline_accuracy": round(self.deadline_ok / judged, 3),
            "strength_accuracy": round(self.strength_ok / judged, 3),
            "true_positives": self.true_positives, "false_positives": self.false_positives,
            "gold": self.gold, "found_gold": self.found_gold,
        }


@dataclass(frozen=True)
class Corpus:
    documents: tuple[tuple[Document, tuple[Passage, ...]], ...]


def load_corpus(paths: Sequence[tuple[Path, str]], nlp: DutchNLP) -> Corpus:
    """Parse files as ingest does (documents, passages, organisations), without a store or embeddings."""
    documents = []
    for path, source in paths:
        _, parsed = parse_file(path, source=source)
        for item in parsed:
            organisations = tuple(dict.fromkeys(nlp.organisations(item.document.text)))
            documents.append((dataclasses.replace(item.document, organisations=organisations), item.passages))
    return Corpus(tuple(documents))


def _demo_paths() -> list[tuple[Path, str]]:
    return [
        (path, str(path.relative_to(CORPORA)))
        for folder in DEMO_FOLDERS for path in sorted((CORPORA / folder).iterdir()) if path.is_file()
    ]


def _seed_text(seeds: Path, file: str, start: int, end: int) -> str:
    return (seeds / file).read_bytes().decode("utf-8")[start:end]


def load_gold(seeds: Path | None) -> tuple[list[GoldItem], list[dict[str, object]]]:
    annotations = json.loads((CORPORA / "annotations.json").read_text(encoding="utf-8"))
    extra = json.loads(GOLD.read_text(encoding="utf-8"))
    items = [
        GoldItem(c["file"], c["anchor"], "commitment", tuple(c["actors"]), c["strength"], c["deadline"])
        for c in annotations["commitments"] + extra["demo_commitments"]
    ]
    items += [GoldItem(n["file"], n["anchor"], n["why"]) for n in annotations["non_commitments"]]
    items += [GoldItem(n["file"], n["anchor"], n["why"]) for n in extra["demo_non_commitments"]]
    if seeds is not None:
        for c in extra["seed_commitments"]:
            items.append(GoldItem(
                f"seeds/{c['file']}", _seed_text(seeds, c["file"], c["start"], c["end"]), "commitment",
                tuple(c["actors"]), c["strength"], c.get("deadline"), origin="seeds",
            ))
        for n in extra["seed_non_commitments"]:
            items.append(GoldItem(
                f"seeds/{n['file']}", _seed_text(seeds, n["file"], n["start"], n["end"]), n["why"], origin="seeds"
            ))
    return items, annotations["tensions"]


def score_commitments(
    found: Sequence[tuple[Document, FoundCommitment]], gold: Sequence[GoldItem], origin: str
) -> Counts:
    counts = Counts()
    positives = [g for g in gold if g.origin == origin and g.label == "commitment"]
    negatives = [g for g in gold if g.origin == origin and g.label != "commitment"]
    counts.gold = len(positives)
    matched: set[int] = set()
    for document, item in found:
        c = item.commitment
        hits = [i for i, g in enumerate(positives) if g.source == document.source and same_location(g.text, c.sentence)]
        if hits:
            counts.true_positives += 1
            matched.update(hits)
            g = positives[hits[0]]
            checks = {
                "actors": actors_match(c.actors, g.actors), "deadline": c.deadline == g.deadline,
                "strength": c.strength == g.strength,
            }
            counts.actor_ok += checks["actors"]
            counts.deadline_ok += checks["deadline"]
            counts.strength_ok += checks["strength"]
            wrong = [name for name, ok in checks.items() if not ok]
            if wrong:
                counts.wrong_fields.append(
                    f"{document.source}: {_norm(c.sentence)[:80]} | wrong {', '.join(wrong)}: "
                    f"{list(c.actors)} / {c.deadline} / {c.strength} vs {list(g.actors)} / {g.deadline} / {g.strength}"
                )
            continue
        counts.false_positives += 1
        why = next((g.label for g in negatives if g.source == document.source and same_location(g.text, c.sentence)),
                   "unannotated")
        counts.false.append(f"[{why}] {document.source}: {_norm(c.sentence)[:120]}")
    counts.found_gold = len(matched)
    counts.misses = [
        f"{g.source}: {_norm(g.text)[:110]}" for i, g in enumerate(positives) if i not in matched
    ]
    return counts


def _tension_hits(predicted: Sequence[Tension], gold: Sequence[dict[str, object]], sources: dict[str, str],
                  kind: str) -> dict[str, object]:
    gold_kind = [t for t in gold if t["kind"] == kind]
    ours = [t for t in predicted if t.kind == kind]

    def cites(tension: Tension, location: dict[str, str]) -> bool:
        return any(
            sources.get(p.doc_id) == location["file"] and same_location(location["anchor"], p.text)
            for p in tension.passages
        )

    found = set()
    correct = 0
    for tension in ours:
        hits = []
        for g in gold_kind:
            locations = g["passages"]
            assert isinstance(locations, list)
            needed = 1 if kind == "stated" else 2
            if sum(1 for location in locations if cites(tension, location)) >= min(needed, len(locations)):
                hits.append(str(g["id"]))
        if hits:
            correct += 1
            found.update(hits)
    return {
        "predicted": len(ours), "correct": correct, "gold": len(gold_kind), "found": len(found),
        "precision": round(correct / max(1, len(ours)), 3), "recall": round(len(found) / max(1, len(gold_kind)), 3),
        "missed": sorted(str(g["id"]) for g in gold_kind if str(g["id"]) not in found),
    }


def evaluate(nlp: DutchNLP | None = None) -> dict[str, Any]:
    """All numbers as a dict: commitments (demo, seeds), tensions (stated, between), misses and errors."""
    nlp = nlp or DutchNLP()
    seeds_root = shared_dir()
    seeds = seeds_root / "seeds" if seeds_root and (seeds_root / "seeds").is_dir() else None
    gold, gold_tensions = load_gold(seeds)
    demo = load_corpus(_demo_paths(), nlp)
    corpora = {"demo": demo}
    if seeds is not None:
        corpora["seeds"] = load_corpus([(path, f"seeds/{path.name}") for path in sorted(seeds.iterdir())], nlp)
    report: dict[str, Any] = {}
    for origin, corpus in corpora.items():
        found: list[tuple[Document, FoundCommitment]] = []
        for document, passages in corpus.documents:
            found.extend((document, item) for item in extract_commitments(document, passages, nlp))
        counts = score_commitments(found, gold, origin)
        report[f"commitments_{origin}"] = counts.scores()
        report[f"misses_{origin}"] = counts.misses
        report[f"false_positives_{origin}"] = counts.false
        report[f"wrong_fields_{origin}"] = counts.wrong_fields
    stated: list[Tension] = []
    positions: list[Position] = []
    for document, passages in demo.documents:
        context = DocumentContext.of(document, nlp)
        commitments = extract_commitments(document, passages, nlp, context)
        stated.extend(item.tension for item in extract_tensions(document, passages, nlp, context))
        positions.extend(positions_of(document, passages, nlp, commitments, context))
    between = [tension for tension, _ in find_between_tensions(positions)]
    sources = {document.id: document.source for document, _ in demo.documents}
    report["tensions_stated"] = _tension_hits(stated, gold_tensions, sources, "stated")
    report["tensions_between"] = _tension_hits(between, gold_tensions, sources, "between")
    return report


def _print(report: dict[str, Any]) -> None:
    for origin in ("demo", "seeds"):
        scores = report.get(f"commitments_{origin}")
        if scores is None:
            print(f"commitments on {origin}: skipped (no /work/shared/seeds)")
            continue
        print(f"commitments on {origin}: " + ", ".join(f"{k}={v}" for k, v in scores.items()))
    for kind in ("stated", "between"):
        print(f"tensions {kind}: " + ", ".join(f"{k}={v}" for k, v in report[f"tensions_{kind}"].items()))
    for origin in ("demo", "seeds"):
        for name in ("misses", "false_positives", "wrong_fields"):
            lines = report.get(f"{name}_{origin}")
            if lines:
                print(f"\n{name.replace('_', ' ')} ({origin}):")
                for line in lines:
                    print("  - " + line)


if __name__ == "__main__":
    _print(evaluate())
    sys.stdout.flush()
