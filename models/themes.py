"""Themes: cluster passage embeddings into labelled, summarised, shared themes (entry: ``build_themes``).

Method (docs/THEMES.md says why):

1. Only passages that can carry a subject shape the themes (``carries_subject``): at least
   ``min_passage_words`` words and no signature, address or letterhead block (``is_form_block``, which
   recognises the signing of an agreement by its form). Short passages join the nearest theme afterwards
   when they reach its join threshold; form blocks never join.
2. Passage vectors (stored at ingest, normalised) are centred — e5 vectors share a large common
   direction that otherwise makes every pair look similar — and reduced with PCA (at most 48 dimensions,
   one per 20 passages on small corpora).
3. Two levels (``cluster_documents``): every document is split into its own topics by Ward clustering
   (about 1 + ln n topics for n passages, so a two-page bulletin keeps its subjects next to an
   80-page agreement), then the topic centres of all documents are merged by agglomerative clustering
   (cosine, average linkage) up to ``merge_distance``. A theme needs ``min_topic_passages`` passages; a
   passage nearer to another theme's centre than to its own stays unassigned.
4. Labels by class-based TF-IDF over lemmatised noun phrases counted in sentences, keyphrases chosen to
   cover the theme's passages (models/theme_labels.py); a group with nothing to name it is no theme.
   Summaries by MMR over sentence embeddings (models/theme_summary.py).
5. Sub-themes: a broad theme (``SubthemeSettings.min_passages`` passages carrying a subject) is split again
   into 2–4 distinct parts (models/theme_subthemes.py); each part is labelled (never by its parent's label
   or another theme's), summarised and stored with its parent's id. A passage is in at most one sub-theme.
   The parent's last keyphrases name what its parts leave out (``_name_the_rest``).

``cluster_vectors`` (k-means, k by silhouette) is the earlier one-level method, kept for callers that
cluster plain vectors.

Stability: rows are ordered by passage id before clustering, every random step has a fixed seed, and
a theme's id is derived from its members (``t`` + hash of the sorted passage ids). When themes exist
already, a rebuild keeps the old id of every new theme that matches an old one by member overlap
(Jaccard ≥ 0.3) or centroid similarity (≥ 0.9); sub-themes keep their ids the same way among the old
sub-themes. ``assign_new_passages`` puts passages ingested later into the existing theme (and sub-theme)
they reach the join threshold of, without touching ids, labels or summaries.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

import numpy as np
from sklearn.cluster import AgglomerativeClustering, KMeans
from sklearn.decomposition import PCA
from sklearn.metrics import silhouette_score

from models.embedders.base import Embedder
from models.nlp import DutchNLP
from models.store import Store
from models.theme_labels import KEYPHRASES, LabelCache, ThemeText, is_form_block, label_themes
from models.theme_store import (
    MEMBERSHIPS,
    StoredTheme,
    ThemeMember,
    ThemeSpread,
    ThemeState,
    add_members,
    all_memberships,
    cached_sentence_vectors,
    credited_organisations,
    load_subthemes,
    load_theme,
    load_themes,
    save_sentence_vectors,
    save_themes,
    subthemes_by_parent,
    theme_members,
    theme_spreads,
    theme_state,
    themes_signature,
)
from models.theme_subthemes import SubthemeSettings, split_theme, unit_rows
from models.theme_summary import MAX_SENTENCES, SummaryPassage, summarise_theme
from rodedraad.records import SubthemeRef, SummarySentence, Theme, sha256_text

Progress = Callable[[str], None]
_MATCH_JACCARD = 0.3
_MATCH_CENTROID = 0.9
_THRESHOLD_PERCENTILE = 5


@dataclass(frozen=True)
class ThemeSettings:
    """Knobs of the theme builder; the defaults are what docs/THEMES.md measured."""

    dims: int = 20
    sample_size: int = 10_000
    silhouette_sample: int = 3_000
    k_candidates: int = 12
    max_themes: int = 150
    max_theme_passages: int = 25  # k is at least n / this
    min_theme_passages: int = 15  # k may reach n / this when that is more than √n
    min_fit: float = 0.2
    min_theme_size: int | None = None  # None: 3, growing to 50 with the corpus (n / 500)
    seed: int = 0
    # two-level clustering (``cluster_documents``): each document is split into about
    # √(passages / doc_topic_passages) topics, then topics of all documents whose centres are within
    # ``merge_distance`` (cosine distance, average linkage) become one theme
    doc_topic_passages: float = 2.0
    doc_topic_scale: float = 1.0
    topic_dims: int = 48
    passages_per_dim: int = 20
    document_centred: bool = False
    join_left_out: bool = False
    merge_distance: float = 0.3
    min_topic_passages: int = 3
    # passages shorter than this (a chair's "Dank u wel.", a heading) or that are signature and address
    # blocks do not shape the themes; a short one joins the theme it is close enough to afterwards
    min_passage_words: int = 40
    label_passages: int = 200
    summary_passages: int = 8
    summaries: bool = True
    subthemes: SubthemeSettings = field(default_factory=SubthemeSettings)


@dataclass(frozen=True)
class Clustering:
    """Result of ``cluster_vectors``: per row its group (−1 = unassigned) and cosine to that centre."""

    assignments: np.ndarray
    centroids: np.ndarray
    similarities: np.ndarray
    k: int
    silhouette: float


def _min_size(settings: ThemeSettings, n: int) -> int:
    if settings.min_theme_size is not None:
        return settings.min_theme_size
    return max(3, min(50, n // 500))


def _k_candidates(n: int, settings: ThemeSettings, min_size: int) -> list[int]:
    """k from at least one theme per ``max_theme_passages`` passages to √n (or one per
    ``min_theme_passages`` when that is more), geometrically spaced.

    The silhouette alone prefers few broad groups on real text (4 themes for an 80-page agreement);
    the lower bound keeps "as many themes as the material holds" (8–20 for 80 pages).
    """
    k_max = min(settings.max_themes, max(int(math.sqrt(n)), n // settings.min_theme_passages), n // min_size)
    if k_max < 2:
        return []
    k_min = min(k_max, max(2, round(n / settings.max_theme_passages)))
    grid = np.geomspace(k_min, k_max, num=max(1, min(settings.k_candidates, k_max - k_min + 1)))
    return sorted({round(k) for k in grid})


def cluster_vectors(vectors: np.ndarray, settings: ThemeSettings = ThemeSettings()) -> Clustering:
    """Group normalised row vectors; rows that fit no group get −1. Deterministic for the same input."""
    n = len(vectors)
    min_size = _min_size(settings, n)
    empty = Clustering(np.full(n, -1), np.zeros((0, vectors.shape[1] if vectors.ndim == 2 else 0)),
                       np.zeros(n), 0, 0.0)
    if n < 2 * min_size:
        return empty
    original = unit_rows(np.asarray(vectors, dtype=np.float32))
    centred = unit_rows(original - original.mean(axis=0))
    rng = np.random.default_rng(settings.seed)
    sample = np.sort(rng.choice(n, settings.sample_size, replace=False)) if n > settings.sample_size else np.arange(n)
    dims = min(settings.dims, len(sample) - 1, centred.shape[1])
    pca = PCA(n_components=dims, svd_solver="full" if len(sample) <= 2_000 else "randomized",
              random_state=settings.seed)
    pca.fit(centred[sample])
    reduced = unit_rows(pca.transform(centred).astype(np.float32))
    fitted = reduced[sample]
    tried: dict[int, tuple[float, np.ndarray]] = {}

    def attempt(k: int) -> None:
        if k in tried or k < 2 or k >= len(fitted):
            return
        model = KMeans(n_clusters=k, n_init=3, random_state=settings.seed).fit(fitted)
        if len(set(model.labels_)) < 2:
            return
        score = float(silhouette_score(fitted, model.labels_, sample_size=min(settings.silhouette_sample,
                                       len(fitted)), random_state=settings.seed))
        tried[k] = (score, model.cluster_centers_)

    grid = _k_candidates(len(sample), settings, min_size)
    for k in grid:
        attempt(k)
    if not tried:
        return empty
    # refine between the best grid point and its neighbours (the coarse grid is geometric)
    coarse_best = max(tried, key=lambda k: (tried[k][0], -k))
    position = grid.index(coarse_best)
    low = grid[position - 1] if position > 0 else coarse_best
    high = grid[position + 1] if position + 1 < len(grid) else coarse_best
    for k in sorted({round(v) for v in np.linspace(low, high, 6)}):
        attempt(k)
    k = max(tried, key=lambda k: (tried[k][0], -k))
    best = (tried[k][0], k, tried[k][1])
    score, k, centres = best
    centres = unit_rows(centres.astype(np.float32))
    distances = 1.0 - reduced @ centres.T
    nearest = np.argmin(distances, axis=1)
    ordered = np.sort(distances, axis=1)
    own, other = ordered[:, 0], ordered[:, 1]
    fit = (other - own) / np.maximum(np.maximum(own, other), 1e-9)
    assignments = np.where(fit >= settings.min_fit, nearest, -1)
    groups = [np.flatnonzero(assignments == g) for g in range(k)]
    kept = [g for g, members in enumerate(groups) if len(members) >= min_size]
    final = np.full(n, -1)
    centroids = np.zeros((len(kept), original.shape[1]), dtype=np.float32)
    for new_index, group in enumerate(kept):
        final[groups[group]] = new_index
        centroids[new_index] = original[groups[group]].mean(axis=0)
    centroids = unit_rows(centroids)
    similarities = np.where(final >= 0, (original * centroids[np.maximum(final, 0)]).sum(axis=1), 0.0)
    return Clustering(final, centroids, similarities.astype(np.float32), len(kept), score)


def _document_topics(points: np.ndarray, settings: ThemeSettings) -> np.ndarray:
    """Topic numbers (0 …) for the passages of one document: Ward clustering into about
    √(n / doc_topic_passages) groups (1 for a short document). Deterministic, no random start."""
    n = len(points)
    if settings.doc_topic_scale > 0:
        k = max(1, min(n // 2, round(settings.doc_topic_scale * (1 + math.log(max(n, 1))))))
    else:
        k = max(1, min(n, round(math.sqrt(n / settings.doc_topic_passages))))
    if k < 2:
        return np.zeros(n, dtype=int)
    if settings.document_centred:  # what all passages of the document share (its genre, its form) out
        points = unit_rows(points - points.mean(axis=0))
    if n > 2_000:  # Ward is quadratic in n; a very long document is split by k-means
        return np.asarray(KMeans(n_clusters=k, n_init=3, random_state=settings.seed).fit(points).labels_)
    return np.asarray(AgglomerativeClustering(n_clusters=k, linkage="ward").fit(points).labels_)


def cluster_documents(vectors: np.ndarray, doc_ids: Sequence[str],
                      settings: ThemeSettings = ThemeSettings()) -> Clustering:
    """Two-level clustering: the topics of every document, then topics merged across documents.

    1. Vectors are centred and reduced with PCA (``topic_dims``), as in ``cluster_vectors``.
    2. Each document is split into its own topics (``_document_topics``), so a short document's subjects
       are not swallowed by the clusters of long ones.
    3. Topic centres are merged by agglomerative clustering (cosine, average linkage) up to
       ``merge_distance``; at most ``max_themes`` themes. A theme needs ``min_topic_passages`` passages.
    4. A passage that is nearer to another theme's centre than to its own stays unassigned.
    """
    n = len(vectors)
    dim = vectors.shape[1] if vectors.ndim == 2 else 0
    empty = Clustering(np.full(n, -1), np.zeros((0, dim)), np.zeros(n), 0, 0.0)
    if n < 2:
        return empty
    original = unit_rows(np.asarray(vectors, dtype=np.float32))
    centred = unit_rows(original - original.mean(axis=0))
    rng = np.random.default_rng(settings.seed)
    sample = np.sort(rng.choice(n, settings.sample_size, replace=False)) if n > settings.sample_size else np.arange(n)
    dims = min(settings.topic_dims, max(8, len(sample) // settings.passages_per_dim), len(sample) - 1, centred.shape[1])
    pca = PCA(n_components=dims, svd_solver="full" if len(sample) <= 2_000 else "randomized",
              random_state=settings.seed)
    pca.fit(centred[sample])
    reduced = unit_rows(pca.transform(centred).astype(np.float32))
    topic_of = np.full(n, -1)
    topics: list[np.ndarray] = []
    by_doc: dict[str, list[int]] = {}
    for index, doc_id in enumerate(doc_ids):
        by_doc.setdefault(doc_id, []).append(index)
    for doc_id in sorted(by_doc):
        rows = np.asarray(by_doc[doc_id])
        labels = _document_topics(reduced[rows], settings)
        for label in sorted(set(labels.tolist())):
            topic_of[rows[labels == label]] = len(topics)
            topics.append(rows[labels == label])
    topic_centres = unit_rows(np.vstack([reduced[rows].mean(axis=0) for rows in topics]))
    if len(topics) > 1:
        merge = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average",
                                        distance_threshold=settings.merge_distance).fit(topic_centres)
        theme_of_topic = np.asarray(merge.labels_)
        if theme_of_topic.max() + 1 > settings.max_themes:
            theme_of_topic = np.asarray(AgglomerativeClustering(
                n_clusters=settings.max_themes, metric="cosine", linkage="average").fit(topic_centres).labels_)
    else:
        theme_of_topic = np.zeros(1, dtype=int)
    raw = theme_of_topic[topic_of]
    groups = [np.flatnonzero(raw == g) for g in range(int(raw.max()) + 1)]
    kept = [members for members in groups if len(members) >= settings.min_topic_passages]
    if not kept:
        return empty
    centres = unit_rows(np.vstack([reduced[members].mean(axis=0) for members in kept]))
    final = np.full(n, -1)
    for index, members in enumerate(kept):
        final[members] = index
    if len(kept) > 1:
        similarity = reduced @ centres.T
        own = similarity[np.arange(n), np.maximum(final, 0)]
        final = np.where((final >= 0) & (own >= similarity.max(axis=1) - 1e-6), final, -1)
        kept = [np.flatnonzero(final == g) for g in range(len(kept))]
        keep = [g for g, members in enumerate(kept) if len(members) >= settings.min_topic_passages]
        remap = np.full(len(kept), -1)
        remap[keep] = np.arange(len(keep))
        final = np.where(final >= 0, remap[np.maximum(final, 0)], -1)
        kept = [kept[g] for g in keep]
    centroids = unit_rows(np.vstack([original[members].mean(axis=0) for members in kept])) if kept else \
        np.zeros((0, dim), dtype=np.float32)
    similarities = np.where(final >= 0, (original * centroids[np.maximum(final, 0)]).sum(axis=1), 0.0) \
        if kept else np.zeros(n)
    return Clustering(final, centroids.astype(np.float32), similarities.astype(np.float32), len(kept), 0.0)


def theme_id_for(passage_ids: Sequence[str]) -> str:
    """A content id: the same members give the same id on every run."""
    return "t" + sha256_text("\n".join(sorted(passage_ids)))[:10]


def match_previous_ids(
    members: Sequence[set[str]],
    centroids: np.ndarray,
    previous: Sequence[StoredTheme],
    previous_members: dict[str, set[str]],
    reserved: set[str] | None = None,
) -> list[str]:
    """Ids for new groups: an old theme's id when they match, else a content id.

    Pairs are matched greedily by Jaccard overlap of members (best pairs first), then remaining pairs
    by centroid cosine; each old id is used at most once, and a ``reserved`` id (another level's) never.
    """
    ids: list[str | None] = [None] * len(members)
    used: set[str] = set(reserved or ())
    pairs: list[tuple[float, int, str]] = []
    for index, group in enumerate(members):
        for old in previous:
            old_members = previous_members.get(old.id, set())
            union = len(group | old_members)
            jaccard = len(group & old_members) / union if union else 0.0
            if jaccard >= _MATCH_JACCARD:
                pairs.append((jaccard, index, old.id))
    if previous and len(centroids):
        old_centroids = np.vstack([old.centroid for old in previous])
        if old_centroids.shape[1] == centroids.shape[1]:
            cosines = centroids @ old_centroids.T
            for index, old_index in zip(*np.nonzero(cosines >= _MATCH_CENTROID), strict=True):
                pairs.append((float(cosines[index, old_index]) - 1.0, int(index), previous[old_index].id))
    for _, index, old_id in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        if ids[index] is None and old_id not in used:
            ids[index] = old_id
            used.add(old_id)
    result: list[str] = []
    for index, group in enumerate(members):
        theme_id = ids[index] or theme_id_for(sorted(group))
        while theme_id in used and ids[index] is None:
            theme_id = "t" + sha256_text(theme_id)[:10]
        used.add(theme_id)
        result.append(theme_id)
    return result


def sentence_embedder(store: Store, embedder: Embedder) -> Callable[[list[str]], np.ndarray]:
    """Sentence embedder (query form) with a cache in the themes' own table."""

    def embed(texts: list[str]) -> np.ndarray:
        shas = [sha256_text(text) for text in texts]
        cached = cached_sentence_vectors(store, embedder.name, shas)
        missing = [text for text, sha in zip(texts, shas, strict=True) if sha not in cached]
        if missing:
            fresh = embedder.embed(list(dict.fromkeys(missing)), kind="query")
            new = {sha256_text(text): vector for text, vector in zip(dict.fromkeys(missing), fresh, strict=True)}
            save_sentence_vectors(store, embedder.name, new)
            cached.update(new)
        return np.vstack([cached[sha] for sha in shas])

    return embed


@dataclass(frozen=True)
class _Row:
    rowid: int
    passage_id: str
    doc_id: str
    text: str
    speaker: str | None = None

    def theme_text(self) -> ThemeText:
        """What the labels read of this passage."""
        return ThemeText(self.doc_id, self.text, self.speaker)


def carries_subject(text: str, settings: ThemeSettings = ThemeSettings()) -> bool:
    """Whether a passage may shape the themes: long enough to state a subject, and no signature,
    address or letterhead block (``is_form_block``)."""
    return len(text.split()) >= settings.min_passage_words and not is_form_block(text)


def _cluster_with_short_passages(rows: Sequence[_Row], vectors: np.ndarray, settings: ThemeSettings) -> Clustering:
    """``cluster_documents`` over the passages that carry a subject; then every short passage joins the
    theme whose centre it is most similar to when it reaches that theme's join threshold (as a passage
    ingested later would). Form blocks stay out."""
    n = len(rows)
    shaping = np.array([carries_subject(row.text, settings) for row in rows], dtype=bool)
    index = np.flatnonzero(shaping)
    inner = cluster_documents(vectors[index], [rows[int(i)].doc_id for i in index], settings)
    assignments = np.full(n, -1)
    similarities = np.zeros(n, dtype=np.float32)
    assignments[index] = inner.assignments
    similarities[index] = inner.similarities
    if inner.k:
        thresholds = np.array([np.percentile(inner.similarities[inner.assignments == g], _THRESHOLD_PERCENTILE)
                               for g in range(inner.k)])
        short = [i for i in range(n) if assignments[i] < 0 and not is_form_block(rows[i].text)
                 and (settings.join_left_out or not shaping[i])]
        if short:
            reach = unit_rows(np.asarray(vectors[short], dtype=np.float32)) @ inner.centroids.T
            best = np.argmax(reach, axis=1)
            for row_index, theme, similarity in zip(short, best, reach[np.arange(len(short)), best], strict=True):
                if similarity >= thresholds[theme]:
                    assignments[row_index] = theme
                    similarities[row_index] = similarity
    return Clustering(assignments, inner.centroids, similarities, inner.k, inner.silhouette)


def build_themes(
    store: Store,
    embedder: Embedder,
    nlp: DutchNLP,
    *,
    settings: ThemeSettings = ThemeSettings(),
    progress: Progress | None = None,
) -> list[Theme]:
    """Recluster every stored passage, label and summarise the themes, keep matching old ids, save."""
    say = progress or (lambda _: None)
    generation = store.generation
    rowids, matrix = store.passage_vectors(embedder.name)
    stored = store.passages_by_rowid([int(r) for r in rowids]) if len(rowids) else {}
    rows = [(stored[int(r)], i) for i, r in enumerate(rowids) if int(r) in stored]
    rows.sort(key=lambda item: item[0].passage.id)
    ordered = [_Row(sp.rowid, sp.passage.id, sp.passage.doc_id, sp.passage.text, getattr(sp.passage, "speaker", None))
               for sp, _ in rows]
    vectors = matrix[[i for _, i in rows]] if rows else np.zeros((0, max(1, embedder.dim)), dtype=np.float32)
    say(f"clustering {len(ordered)} passages")
    clustering = _cluster_with_short_passages(ordered, vectors, settings)
    groups = [np.flatnonzero(clustering.assignments == g) for g in range(clustering.k)]
    order = sorted(range(clustering.k), key=lambda g: (-len(groups[g]), ordered[groups[g][0]].passage_id))
    groups = [groups[g] for g in order]
    centroids = clustering.centroids[order] if clustering.k else clustering.centroids
    members = [
        sorted(((ordered[i].passage_id, float(clustering.similarities[i])) for i in group),
               key=lambda m: (-m[1], m[0]))
        for group in groups
    ]
    previous = load_themes(store)
    previous_members = {old.id: {m.passage_id for m in theme_members(store, old.id)} for old in previous}
    ids = match_previous_ids([{pid for pid, _ in group} for group in members], centroids, previous,
                             previous_members)
    by_id = {row.passage_id: row for row in ordered}
    say(f"labelling {len(groups)} themes")
    label_texts = [[by_id[pid].theme_text() for pid, _ in group[:settings.label_passages]] for group in members]
    unassigned = [row for row, a in zip(ordered, clustering.assignments, strict=True) if a < 0]
    step = max(1, len(unassigned) // (settings.label_passages * 2))
    background = [row.theme_text() for row in unassigned[::step]]
    speakers = {row.speaker for row in ordered if row.speaker}
    label_cache: LabelCache = {}
    labels = label_themes(nlp, label_texts, background, speakers=speakers, cache=label_cache)
    embed = sentence_embedder(store, embedder)
    themes: list[StoredTheme] = []
    memberships: dict[str, list[ThemeMember]] = {}
    for theme_id, group, centroid, label in zip(ids, members, centroids, labels, strict=True):
        if not label.keyphrases:
            continue  # nothing in it names a subject (form lines, numbers): no theme, its passages stay out
        ordinal = len(themes)
        summary = []
        if settings.summaries:
            say(f"summarising theme {ordinal + 1} of {len(groups)}")
            summary = _summary(nlp, embed, by_id, group, settings, (label.label, *label.keyphrases))
        similarities = np.array([sim for _, sim in group], dtype=np.float32)
        threshold = float(np.percentile(similarities, _THRESHOLD_PERCENTILE))
        themes.append(StoredTheme(theme_id, label.label, label.keyphrases, tuple(summary), centroid,
                                  len(group), threshold, ordinal))
        memberships[theme_id] = [ThemeMember(pid, sim) for pid, sim in group]
    row_of = {row.passage_id: index for index, row in enumerate(ordered)}
    subthemes, sub_members = _build_subthemes(
        store, nlp, embed, themes, memberships, by_id, vectors, row_of, background, speakers, settings, say,
        label_cache)
    themes = _name_the_rest(nlp, themes, memberships, sub_members, subthemes, by_id, background, speakers,
                            label_cache, settings.label_passages)
    max_rowid = max((row.rowid for row in ordered), default=0)
    save_themes(store, [*themes, *subthemes], memberships | sub_members,
                ThemeState(embedder.name, generation, max_rowid))
    return list_themes(store)


def _summary(nlp: DutchNLP, embed: Callable[[list[str]], np.ndarray], by_id: dict[str, _Row],
             group: Sequence[tuple[str, float]], settings: ThemeSettings,
             keyphrases: Sequence[str]) -> list[SummarySentence]:
    passages = [SummaryPassage(pid, by_id[pid].doc_id, by_id[pid].text) for pid, _ in group[:settings.summary_passages]]
    return summarise_theme(nlp, embed, passages, sentences=MAX_SENTENCES, keyphrases=tuple(keyphrases))


def _split_members(parent: Sequence[ThemeMember], by_id: dict[str, _Row], vectors: np.ndarray,
                   row_of: dict[str, int], settings: ThemeSettings) -> list[list[tuple[str, float]]]:
    """The parts of one theme as (passage id, cosine to the part's centre) lists, most central first; empty
    when the theme is not broad. Passages that carry a subject form the parts (``split_theme``); a short one
    joins the part whose centre it is nearest when it reaches that part's join threshold."""
    shaping = [m.passage_id for m in parent if carries_subject(by_id[m.passage_id].text, settings)]
    split = split_theme(vectors[[row_of[pid] for pid in shaping]], settings.subthemes) if shaping else None
    if split is None or not split.parts:
        return []
    parts = [[shaping[int(i)] for i in part] for part in split.parts]
    centres = unit_rows(np.vstack([unit_rows(vectors[[row_of[pid] for pid in part]]).mean(axis=0)
                                    for part in parts]))
    result: list[list[tuple[str, float]]] = []
    for part, centre in zip(parts, centres, strict=True):
        result.append([(pid, float(unit_rows(vectors[[row_of[pid]]])[0] @ centre)) for pid in part])
    thresholds = [np.percentile([sim for _, sim in part], _THRESHOLD_PERCENTILE) for part in result]
    placed = {pid for part in parts for pid in part}
    short = [m.passage_id for m in parent if m.passage_id not in shaping and m.passage_id not in placed
             and not is_form_block(by_id[m.passage_id].text)]
    if short:
        reach = unit_rows(vectors[[row_of[pid] for pid in short]]) @ centres.T
        for pid, row in zip(short, reach, strict=True):
            best = int(np.argmax(row))
            if row[best] >= thresholds[best]:
                result[best].append((pid, float(row[best])))
    return [sorted(part, key=lambda m: (-m[1], m[0])) for part in result]


# A theme with sub-themes gives its last REST_KEYPHRASES keyphrases (of 12) to what its parts leave out: the
# passages of the theme in none of its sub-themes (a passage nearer another part's centre, a short one that
# reached no part), when at least REST_MIN_PASSAGES of them are no form block. Otherwise a subject of those
# passages is named by no theme: the parent's keyphrases speak for its largest parts, the parts' for their
# own passages. The rest is scored against the sub-themes as classes, so its keyphrases are what sets it
# apart from them. Gold themes found with sub-themes (whole shared corpus, session 11 store): tune 18/24 ->
# 20/24, held out 19/27 -> 19/27, all + cross 41/56 -> 43/56; strict 36 -> 37/56; top-level only 34 -> 34/56
# (tune 14 -> 15, held out 16 -> 15: the parent keeps 8 keyphrases of its own). 3 keyphrases measured as 4,
# 5 and 6 found 42/56; a rest of at least 5 passages as 3, at least 8: no gain (41/56). Scored against the
# background only (not the sub-themes) it found 42/56, strict 36/56: the rest then repeats the parent.
REST_KEYPHRASES = 4
REST_MIN_PASSAGES = 3


def _name_the_rest(
    nlp: DutchNLP, themes: list[StoredTheme], memberships: dict[str, list[ThemeMember]],
    sub_members: dict[str, list[ThemeMember]], subthemes: Sequence[StoredTheme], by_id: dict[str, _Row],
    background: Sequence[ThemeText], speakers: set[str], label_cache: LabelCache | None = None,
    label_passages: int = 200,
) -> list[StoredTheme]:
    """The themes, where one with sub-themes ends its keyphrases with the terms of its passages that are in
    none of its sub-themes (``REST_KEYPHRASES``, when at least ``REST_MIN_PASSAGES`` such passages are no
    form block); its label, summary and first keyphrases stay. The rests are labelled in one ``label_themes``
    call with every sub-theme as a further class (and the themes' background), so a rest's keyphrases are
    what its parent's parts do not say; only the rests' keyphrases are used, the sub-themes keep theirs."""
    in_parts: dict[str, set[str]] = {}
    for sub in subthemes:
        in_parts.setdefault(sub.parent_id or "", set()).update(m.passage_id for m in sub_members[sub.id])
    rests: list[tuple[int, list[str]]] = []
    for index, theme in enumerate(themes):
        if theme.id not in in_parts:
            continue
        left = [m.passage_id for m in memberships[theme.id]
                if m.passage_id not in in_parts[theme.id] and not is_form_block(by_id[m.passage_id].text)]
        if len(left) >= REST_MIN_PASSAGES:
            rests.append((index, left))
    if not rests:
        return themes
    texts = [[by_id[pid].theme_text() for pid in left] for _, left in rests]
    texts += [[by_id[m.passage_id].theme_text() for m in sub_members[sub.id][:label_passages]]
              for sub in subthemes]
    labels = label_themes(nlp, texts, background, speakers=speakers, cache=label_cache)
    result = list(themes)
    for (index, _), label in zip(rests, labels[:len(rests)], strict=True):
        theme = themes[index]
        keep = list(theme.keyphrases[:KEYPHRASES - REST_KEYPHRASES])
        known = {phrase.lower() for phrase in keep}
        extra = [phrase for phrase in label.keyphrases if phrase.lower() not in known][:REST_KEYPHRASES]
        if extra:
            result[index] = replace(theme, keyphrases=tuple(keep + extra))
    return result


def _build_subthemes(
    store: Store, nlp: DutchNLP, embed: Callable[[list[str]], np.ndarray], themes: Sequence[StoredTheme],
    memberships: dict[str, list[ThemeMember]], by_id: dict[str, _Row], vectors: np.ndarray,
    row_of: dict[str, int], background: Sequence[ThemeText], speakers: set[str], settings: ThemeSettings,
    say: Progress, label_cache: LabelCache | None = None,
) -> tuple[list[StoredTheme], dict[str, list[ThemeMember]]]:
    """Sub-themes of the broad themes: split, labelled together (a part is never named by its parent's label
    or head word, nor by another theme's label), summarised; ids kept from the previous build by member
    overlap. A part without keyphrases is dropped, and a parent left with one part gets none."""
    if not settings.subthemes.enabled or not themes:
        return [], {}
    parts: list[tuple[StoredTheme, list[tuple[str, float]]]] = []
    for theme in themes:
        parts += [(theme, part) for part in _split_members(memberships[theme.id], by_id, vectors, row_of, settings)]
    if not parts:
        return [], {}
    say(f"labelling {len(parts)} sub-themes")
    top_labels = [theme.label for theme in themes]
    texts = [[by_id[pid].theme_text() for pid, _ in part[:settings.label_passages]] for _, part in parts]
    taken = [[parent.label, parent.label.split(" en ")[0], *top_labels] for parent, _ in parts]
    labels = label_themes(nlp, texts, background, speakers=speakers, taken=taken, cache=label_cache)
    named = [(parent, part, label) for (parent, part), label in zip(parts, labels, strict=True) if label.keyphrases]
    per_parent: dict[str, int] = {}
    for parent, _, _ in named:
        per_parent[parent.id] = per_parent.get(parent.id, 0) + 1
    named = [item for item in named if per_parent[item[0].id] >= 2]
    if not named:
        return [], {}
    centroids = np.vstack([unit_rows(np.vstack([vectors[row_of[pid]] for pid, _ in part])).mean(axis=0)
                           for _, part, _ in named])
    centroids = unit_rows(centroids).astype(np.float32)
    previous = load_subthemes(store)
    previous_members = {old.id: {m.passage_id for m in theme_members(store, old.id)} for old in previous}
    ids = match_previous_ids([{pid for pid, _ in part} for _, part, _ in named], centroids, previous,
                             previous_members, reserved={theme.id for theme in themes})
    subthemes: list[StoredTheme] = []
    members: dict[str, list[ThemeMember]] = {}
    ordinals: dict[str, int] = {}
    for sub_id, (parent, part, label), centroid in zip(ids, named, centroids, strict=True):
        summary = []
        if settings.summaries:
            say(f"summarising sub-theme {len(subthemes) + 1} of {len(named)}")
            summary = _summary(nlp, embed, by_id, part, settings, (label.label, *label.keyphrases))
        threshold = float(np.percentile([sim for _, sim in part], _THRESHOLD_PERCENTILE))
        ordinal = ordinals.get(parent.id, 0)
        ordinals[parent.id] = ordinal + 1
        subthemes.append(StoredTheme(sub_id, label.label, label.keyphrases, tuple(summary), centroid, len(part),
                                     threshold, ordinal, parent.id))
        members[sub_id] = [ThemeMember(pid, sim) for pid, sim in part]
    return subthemes, members


@dataclass(frozen=True)
class AssignReport:
    assigned: int
    unassigned: int
    removed: int


def assign_new_passages(store: Store) -> AssignReport:
    """Put passages ingested since the last build/sync into existing themes; ids and labels stay.

    A new passage joins the theme whose centre it is most similar to, when that similarity reaches
    the theme's join threshold (the 5th percentile of its members' similarities); otherwise it stays
    unassigned. Memberships of passages that were removed (a file re-ingested) are dropped. Does
    nothing when no themes were built yet. Cheap: needs no embedder, only the stored vectors.
    """
    state = theme_state(store)
    if state is None:
        return AssignReport(0, 0, 0)
    generation = store.generation
    current = {row["id"] for row in store.query("SELECT id FROM passages")}
    removed = [pid for pid in all_memberships(store) if pid not in current]
    new_rowids = [int(row["rowid"]) for row in store.query(
        "SELECT rowid FROM passages WHERE rowid > ? ORDER BY rowid", (state.max_rowid,))]
    themes = load_themes(store)
    children = subthemes_by_parent(store)
    additions: dict[str, list[ThemeMember]] = {}
    sub_additions: dict[str, list[ThemeMember]] = {}
    assigned = unassigned = 0
    max_rowid = max([state.max_rowid, *new_rowids])
    if new_rowids and themes:
        rowids, matrix = store.passage_vectors(state.model, new_rowids)
        stored = store.passages_by_rowid([int(r) for r in rowids])
        centroids = np.vstack([theme.centroid for theme in themes])
        if len(rowids) and matrix.shape[1] == centroids.shape[1]:
            vectors = unit_rows(matrix)
            similarities = vectors @ centroids.T
            for row_index, rowid in enumerate(rowids):
                best = int(np.argmax(similarities[row_index]))
                similarity = float(similarities[row_index, best])
                if similarity >= themes[best].threshold:
                    passage_id = stored[int(rowid)].passage.id
                    additions.setdefault(themes[best].id, []).append(ThemeMember(passage_id, similarity))
                    assigned += 1
                    subs = children.get(themes[best].id, [])
                    if subs:  # and the nearest part of the theme, when it reaches that part's threshold
                        reach = np.vstack([sub.centroid for sub in subs]) @ vectors[row_index]
                        part = int(np.argmax(reach))
                        if reach[part] >= subs[part].threshold:
                            sub_additions.setdefault(subs[part].id, []).append(
                                ThemeMember(passage_id, float(reach[part])))
                else:
                    unassigned += 1
    add_members(store, additions, removed, ThemeState(state.model, generation, max_rowid), sub_additions)
    return AssignReport(assigned, unassigned, len(removed))


def ensure_themes(store: Store, embedder_factory: Callable[[], Embedder], nlp: DutchNLP,
                  *, rebuild: bool = False, progress: Progress | None = None) -> None:
    """Make the stored themes current: build when missing (or asked), else assign new passages.

    The embedder is only created when a build is needed, so listing themes never loads a model.
    """
    state = theme_state(store)
    if rebuild or state is None:
        build_themes(store, embedder_factory(), nlp, progress=progress)
    elif state.generation != store.generation:
        assign_new_passages(store)


def list_themes(store: Store, *, summary_sentences: int = 4, subthemes: bool = False) -> list[Theme]:
    """The stored top-level themes as records, in listing order (largest first), each listing its sub-themes;
    with ``subthemes`` every theme is followed by its sub-themes (records with ``parent_id``). Memoised per
    store state."""
    return list(store.memoised(f"list_themes:{summary_sentences}:{subthemes}", themes_signature(store),
                               lambda: _list_themes(store, summary_sentences, subthemes)))


def get_theme(store: Store, theme_id: str, *, summary_sentences: int = 4) -> Theme:
    """One theme or sub-theme by id (``NotFound`` when there is none)."""
    load_theme(store, theme_id)
    return next(t for t in list_themes(store, summary_sentences=summary_sentences, subthemes=True)
                if t.id == theme_id)


def _record(store: Store, stored: StoredTheme, spreads: dict[str, ThemeSpread], summary_sentences: int,
            subthemes: tuple[SubthemeRef, ...] = ()) -> Theme:
    spread = spreads.get(stored.id)
    passage_ids = tuple(m.passage_id for m in theme_members(store, stored.id))
    members = set(passage_ids)
    summary = tuple(s for s in stored.summary if s.passage_id in members)[:summary_sentences]
    return Theme(
        id=stored.id, label=stored.label, keyphrases=stored.keyphrases, summary=summary,
        passage_ids=passage_ids,
        doc_ids=spread.doc_ids if spread else (), organisations=spread.organisations if spread else (),
        parent_id=stored.parent_id, subthemes=subthemes,
    )


def _list_themes(store: Store, summary_sentences: int, with_subthemes: bool) -> list[Theme]:
    spreads = theme_spreads(store)
    children = subthemes_by_parent(store)
    themes: list[Theme] = []
    for stored in load_themes(store):
        subs = children.get(stored.id, [])
        refs = tuple(SubthemeRef(sub.id, sub.label, sub.size) for sub in subs)
        themes.append(_record(store, stored, spreads, summary_sentences, refs))
        if with_subthemes:
            themes += [_record(store, sub, spreads, summary_sentences) for sub in subs]
    return themes


@dataclass(frozen=True)
class PassageThemeExplanation:
    """Why a passage is (or is not) in a theme: its similarity to the centre and shared keyphrases."""

    passage_id: str
    doc_id: str
    theme_id: str | None
    label: str | None
    similarity: float | None
    threshold: float | None
    shared_keyphrases: tuple[str, ...]
    nearest: tuple[tuple[str, str, float], ...]
    reason: str


def _phrase_in(phrase: str, lemmas: set[str], words: set[str]) -> bool:
    parts = [part.lower() for part in phrase.split()]
    return all(part in lemmas or part in words for part in parts)


def explain_passage_theme(store: Store, nlp: DutchNLP, passage_id: str) -> PassageThemeExplanation:
    """The theme of one passage and why; the three nearest theme centres for comparison."""
    rowid = store.rowid_of_passage(passage_id)
    stored = store.passages_by_rowid([rowid])[rowid]
    state = theme_state(store)
    membership = all_memberships(store).get(passage_id)
    themes = load_themes(store)
    nearest: list[tuple[str, str, float]] = []
    if state is not None and themes:
        _, matrix = store.passage_vectors(state.model, [rowid])
        centroids = np.vstack([theme.centroid for theme in themes])
        if len(matrix) and matrix.shape[1] == centroids.shape[1]:
            similarities = (unit_rows(matrix) @ centroids.T)[0]
            for index in np.argsort(-similarities, kind="stable")[:3]:
                nearest.append((themes[index].id, themes[index].label, float(similarities[index])))
    tokens = nlp.tokens(stored.passage.text)
    lemmas = {token.lemma.lower() for token in tokens}
    words = {token.text.lower() for token in tokens}
    by_id = {theme.id: theme for theme in themes}
    if membership is None or membership[0] not in by_id:
        reason = ("themes have not been built yet" if state is None else
                  "the passage is not close enough to any theme centre to join it")
        return PassageThemeExplanation(passage_id, stored.passage.doc_id, None, None, None, None, (),
                                       tuple(nearest), reason)
    theme = by_id[membership[0]]
    shared = tuple(phrase for phrase in theme.keyphrases if _phrase_in(phrase, lemmas, words))
    reason = (f"cosine similarity {membership[1]:.3f} to the centre of '{theme.label}' "
              f"(members reach at least {theme.threshold:.3f})"
              + (f"; shares the keyphrases {', '.join(shared)}" if shared else ""))
    return PassageThemeExplanation(passage_id, stored.passage.doc_id, theme.id, theme.label,
                                   round(membership[1], 4), round(theme.threshold, 4), shared,
                                   tuple(nearest), reason)


MatrixAxis = Literal["document", "source", "organisation"]


@dataclass(frozen=True)
class CoverageRow:
    id: str
    name: str
    counts: dict[str, int]


def theme_matrix(store: Store, by: MatrixAxis = "document") -> list[CoverageRow]:
    """Rows (documents, sources or organisations) × themes: passages of the row in each theme."""
    if by == "document":
        sql = ("SELECT d.id AS key, d.title AS name, tp.theme_id, COUNT(*) AS n FROM theme_passages tp "
               "JOIN passages p ON p.id = tp.passage_id JOIN documents d ON d.id = p.doc_id "
               "GROUP BY d.id, tp.theme_id ORDER BY d.source, d.ordinal")
    elif by == "source":
        sql = ("SELECT d.source AS key, d.source AS name, tp.theme_id, COUNT(*) AS n FROM theme_passages tp "
               "JOIN passages p ON p.id = tp.passage_id JOIN documents d ON d.id = p.doc_id "
               "GROUP BY d.source, tp.theme_id ORDER BY d.source")
    else:
        return _organisation_matrix(store)
    theme_state(store)  # creates the tables on a store where themes were never built
    rows: dict[str, CoverageRow] = {}
    for row in store.query(sql):
        entry = rows.setdefault(row["key"], CoverageRow(row["key"], row["name"], {}))
        entry.counts[row["theme_id"]] = int(row["n"])
    return list(rows.values())


def _organisation_matrix(store: Store) -> list[CoverageRow]:
    """Organisations × themes, each passage counted for the organisations it is credited to
    (``credited_organisations``), not for every organisation its document names somewhere."""
    theme_state(store)
    counts: dict[str, dict[str, int]] = {}
    for row in store.query(
        "SELECT tp.theme_id, p.text, d.organisations FROM theme_passages tp "
        "JOIN passages p ON p.id = tp.passage_id JOIN documents d ON d.id = p.doc_id"
    ):
        for name in credited_organisations(json.loads(row["organisations"]), row["text"]):
            per_theme = counts.setdefault(name, {})
            per_theme[row["theme_id"]] = per_theme.get(row["theme_id"], 0) + 1
    return [CoverageRow(name, name, counts[name]) for name in sorted(counts, key=str.lower)]


def theme_timeline(store: Store, theme_id: str) -> list[tuple[str, int]]:
    """(year, passages) of a theme's passages by their document's date; empty when nothing is dated."""
    rows = store.query(
        f"SELECT substr(d.date, 1, 4) AS year, COUNT(*) AS n FROM {MEMBERSHIPS} tp "
        "JOIN passages p ON p.id = tp.passage_id JOIN documents d ON d.id = p.doc_id "
        "WHERE tp.theme_id = ? AND d.date IS NOT NULL AND d.date != '' GROUP BY year ORDER BY year",
        (theme_id,),
    )
    return [(str(row["year"]), int(row["n"])) for row in rows]
