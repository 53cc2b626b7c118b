"""Commitments and tensions, measured on the demo corpus, an annotated sample of the seeds and of the shared corpus.

Gold: ``corpora/annotations.json`` (commitments, non_commitments as hard negatives, tensions) plus
``eval/commitments_gold.json`` (extra demo sentences by file + anchor; seed sentences and a sample of
``../shared/corpus`` by file + character offsets into the raw file — their text is never stored here).

- **demo**: the gold is exhaustive for what the extractor returns, so every returned sentence that is not a
  gold commitment counts as a false positive;
- **seeds** and **shared**: judged samples; returned sentences outside the sample are not judged. The seeds'
  sample (10 commitments and the hard cases beside them) was labelled before ``../shared/ANNOTATION.md``: some
  of its negatives are commitments by today's definitions (an agreement reported in the past that still binds,
  "Zij kwamen daarom de Norm voor Opdrachtgeverschap overeen (juni 2020)"; a working rule the partners lay down,
  "We leggen zaken eenduidig en transparant vast") or borderline (announcements of one's own courses). The
  seeds' full annotation by those definitions (``eval/silver/seed-*``, 26 commitments) trains the layer, so it
  cannot score it; the blogs of ``../shared/gold`` are the yardstick for blogs (``eval.eval_gold_analyses``).
  Scored as exhaustive (until session 16) the seeds read "precision 0.17": 10 of the 45 sentences counted false
  were commitments of the full annotation.

A returned sentence matches a gold location when the anchor lies inside it, or (PDF passages may cut a
sentence) most of the anchor is there. Actors match when every gold actor and every returned actor meet a
counterpart (names compared without words like "Stichting", case-insensitive, the words of one contained in the
other's).

Tensions: ``stated`` are found per document; ``between`` are measured twice — from the documents alone
(lexical matter only), and, when the themes evaluation left its demo store behind (``make eval`` runs it
first), through ``update_analyses`` on that store with its themes. A predicted ``between`` tension is
correct when it cites two annotated locations of one gold tension.

Run: ``python -m eval.eval_commitments`` (part of ``make eval``).
"""

from __future__ import annotations

import difflib
import json
import os
import re
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eval.paths import CORPORA, REPO, shared_dir
from models.analyses.train import read_file_documents
from models.analysis_store import TensionFilters, create_tables, list_tensions, update_analyses
from models.commitments import DocumentContext, FoundCommitment, extract_commitments
from models.divergence import find_between_tensions
from models.nlp import DutchNLP
from models.organisations import find_organisations
from models.positions import Position, positions_of
from models.store import Store
from models.tensions import extract_tensions
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
    # a PDF passage may cut a sentence: most of the anchor (or of the cut sentence) must still be there
    return match.size >= 0.6 * min(len(a), len(s))


def _name_key(name: str) -> str:
    canonical = find_organisations(name)
    name = canonical[0] if canonical else name
    words = [w for w in re.findall(r"[\w&.-]+", name.lower()) if w not in _GENERIC_NAME_WORDS]
    return " ".join(re.sub(r"(?<=\w{4})(?:en|s)$", "", word) for word in words)  # "wijkteams" meets "wijkteam"


def _names_meet(first: str, second: str) -> bool:
    """Whole words: "Woonstede" meets "Woonstede Lindeveen"; "Linde" does not meet "Lindeveen"."""
    a, b = set(_name_key(first).split()), set(_name_key(second).split())
    return bool(a and b) and (a <= b or b <= a)


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
    return Corpus(tuple(document for path, source in paths for document in read_file_documents(path, source, nlp)))


def _demo_paths() -> list[tuple[Path, str]]:
    return [
        (path, str(path.relative_to(CORPORA)))
        for folder in DEMO_FOLDERS for path in sorted((CORPORA / folder).iterdir()) if path.is_file()
    ]


def _raw_text(root: Path, file: str, start: int, end: int) -> str:
    return (root / file).read_bytes().decode("utf-8")[start:end]


def load_gold(shared: Path | None) -> tuple[list[GoldItem], list[dict[str, object]]]:
    """Gold items of every origin (seeds and shared only when the shared folder is there), and the tensions."""
    annotations = json.loads((CORPORA / "annotations.json").read_text(encoding="utf-8"))
    extra = json.loads(GOLD.read_text(encoding="utf-8"))
    items = [
        GoldItem(c["file"], c["anchor"], "commitment", tuple(c["actors"]), c["strength"], c["deadline"])
        for c in annotations["commitments"] + extra["demo_commitments"]
    ]
    items += [GoldItem(n["file"], n["anchor"], n["why"]) for n in annotations["non_commitments"]]
    items += [GoldItem(n["file"], n["anchor"], n["why"]) for n in extra["demo_non_commitments"]]
    if shared is None:
        return items, annotations["tensions"]
    for origin, key, prefix in (("seeds", "seed", "seeds/"), ("shared", "shared", "")):
        for c in extra[f"{key}_commitments"]:
            file = prefix + c["file"]
            items.append(GoldItem(
                file, _raw_text(shared, file, c["start"], c["end"]), "commitment", tuple(c["actors"]),
                c["strength"], c.get("deadline"), origin=origin,
            ))
        for n in extra[f"{key}_non_commitments"]:
            file = prefix + n["file"]
            items.append(GoldItem(file, _raw_text(shared, file, n["start"], n["end"]), n["why"], origin=origin))
    return items, annotations["tensions"]


def score_commitments(
    found: Sequence[tuple[Document, FoundCommitment]], gold: Sequence[GoldItem], origin: str,
    exhaustive: bool = True,
) -> Counts:
    """Counts for one origin. With ``exhaustive`` False only returned sentences that are in the judged sample
    count (as true or false positives); the others are skipped."""
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
        why = next((g.label for g in negatives if g.source == document.source and same_location(g.text, c.sentence)),
                   "unannotated")
        if why == "unannotated" and not exhaustive:
            continue
        counts.false_positives += 1
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


def _between_in_store(gold: Sequence[dict[str, object]], nlp: DutchNLP) -> dict[str, object] | None:
    """``between`` tensions as a user gets them: ``update_analyses`` over the themes evaluation's demo store
    (its themes tables make "same theme" evidence); None when that store is not there."""
    home = Path(os.environ.get("RODEDRAAD_EVAL_THEMES_HOME", Path(tempfile.gettempdir()) / "rodedraad-eval-themes"))
    if not (home / "corpora").is_dir():
        return None
    store = Store.open(home / "corpora")
    try:
        if not store.query("SELECT 1 FROM sqlite_master WHERE name = 'theme_passages'"):
            return None
        create_tables(store)
        with store.transaction() as db:  # measure the current rules, not what an earlier run stored
            db.execute("DELETE FROM analysis_documents")
            db.execute("DELETE FROM analysis_state")
        started = time.perf_counter()
        update_analyses(store, nlp)
        seconds = time.perf_counter() - started
        sources = {str(row["id"]): str(row["source"]) for row in store.query("SELECT id, source FROM documents")}
        stored, _ = list_tensions(store, TensionFilters(kind="between"), limit=1000)
        themes = int(store.query("SELECT COUNT(DISTINCT theme_id) AS n FROM theme_passages")[0]["n"])
    finally:
        store.close()
    hits = _tension_hits([item.tension for item in stored], gold, sources, "between")
    return {**hits, "themes": themes, "update_seconds": round(seconds, 2)}


def _shared_paths(shared: Path, gold: Sequence[GoldItem]) -> list[tuple[Path, str]]:
    files = sorted({g.source for g in gold if g.origin == "shared"})
    return [(shared / file, file) for file in files if (shared / file).is_file()]


def evaluate(nlp: DutchNLP | None = None) -> dict[str, Any]:
    """All numbers as a dict: commitments (demo, seeds, shared sample), tensions (stated, between), misses."""
    nlp = nlp or DutchNLP()
    shared = shared_dir()
    if shared is not None and not (shared / "seeds").is_dir():
        shared = None
    gold, gold_tensions = load_gold(shared)
    demo = load_corpus(_demo_paths(), nlp)
    corpora = {"demo": demo}
    if shared is not None:
        seeds = shared / "seeds"
        corpora["seeds"] = load_corpus([(path, f"seeds/{path.name}") for path in sorted(seeds.iterdir())], nlp)
        corpora["shared"] = load_corpus(_shared_paths(shared, gold), nlp)
    report: dict[str, Any] = {}
    real: list[Counts] = []
    for origin, corpus in corpora.items():
        found: list[tuple[Document, FoundCommitment]] = []
        for document, passages in corpus.documents:
            found.extend((document, item) for item in extract_commitments(document, passages, nlp))
        counts = score_commitments(found, gold, origin, exhaustive=origin == "demo")
        report[f"commitments_{origin}"] = counts.scores()
        report[f"misses_{origin}"] = counts.misses
        report[f"false_positives_{origin}"] = counts.false
        report[f"wrong_fields_{origin}"] = counts.wrong_fields
        if origin != "demo":
            real.append(counts)
    if real:
        report["commitments_seeds+shared"] = Counts(
            true_positives=sum(c.true_positives for c in real), false_positives=sum(c.false_positives for c in real),
            gold=sum(c.gold for c in real), found_gold=sum(c.found_gold for c in real),
            actor_ok=sum(c.actor_ok for c in real), deadline_ok=sum(c.deadline_ok for c in real),
            strength_ok=sum(c.strength_ok for c in real),
        ).scores()
    stated: list[Tension] = []
    positions: list[Position] = []
    for document, passages in demo.documents:
        context = DocumentContext.of(document, nlp)
        commitments = extract_commitments(document, passages, nlp, context)
        stated.extend(item.tension for item in extract_tensions(document, passages, nlp, context))
        positions.extend(positions_of(document, passages, nlp, commitments, context))
    between = find_between_tensions(positions)
    sources = {document.id: document.source for document, _ in demo.documents}
    report["tensions_stated"] = _tension_hits(stated, gold_tensions, sources, "stated")
    report["tensions_between"] = _tension_hits([tension for tension, _ in between], gold_tensions, sources, "between")
    report["between_found"] = [
        f"{' / '.join(tension.parties)}: {explanation}" for tension, explanation in between
    ]
    in_store = _between_in_store(gold_tensions, nlp)
    if in_store is not None:
        report["tensions_between_with_themes"] = in_store
    return report


def _print(report: dict[str, Any]) -> None:
    for origin in ("demo", "seeds", "shared", "seeds+shared"):
        scores = report.get(f"commitments_{origin}")
        if scores is None:
            if origin == "seeds":
                print("commitments on seeds and the shared sample: skipped (no ../shared)")
            continue
        note = " (a sample labelled before ANNOTATION.md; see the module docstring)" if origin == "seeds" else ""
        print(f"commitments on {origin}{note}: " + ", ".join(f"{k}={v}" for k, v in scores.items()))
    for kind in ("stated", "between", "between_with_themes"):
        numbers = report.get(f"tensions_{kind}")
        if numbers is None:
            print(f"tensions {kind.replace('_', ' ')}: skipped (no themes evaluation store; run the themes eval first)")
            continue
        print(f"tensions {kind.replace('_', ' ')}: " + ", ".join(f"{k}={v}" for k, v in numbers.items()))
    print("\nbetween tensions found (demo, without themes):")
    for line in report["between_found"]:
        print("  - " + line)
    for origin in ("demo", "seeds", "shared"):
        for name in ("misses", "false_positives", "wrong_fields"):
            lines = report.get(f"{name}_{origin}")
            if lines:
                print(f"\n{name.replace('_', ' ')} ({origin}):")
                for line in lines:
                    print("  - " + line)


if __name__ == "__main__":
    _print(evaluate())
    sys.stdout.flush()
