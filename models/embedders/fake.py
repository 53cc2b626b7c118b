"""A deterministic embedder for fast unit tests: hashed bag of character trigrams, no model at all.

Texts that share words get similar vectors, so search behaves plausibly; nothing here is semantic.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np

from models.embedders.base import EmbedKind, normalise_rows

_WORD = re.compile(r"\w+", re.UNICODE)


class FakeEmbedder:
    name = "fake-trigram-v1"

    def __init__(self, dim: int = 64) -> None:
        self.dim = dim
        self.calls: list[int] = []  # batch sizes seen, so tests can check caching

    def embed(self, texts: list[str], kind: EmbedKind = "passage") -> np.ndarray:
        self.calls.append(len(texts))
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in _WORD.findall(text.lower()):
                padded = f"#{word}#"
                for i in range(max(1, len(padded) - 2)):
                    digest = hashlib.blake2b(padded[i:i + 3].encode(), digest_size=4).digest()
                    out[row, int.from_bytes(digest, "little") % self.dim] += 1.0
        if not texts:
            return out
        out[~out.any(axis=1), 0] = 1.0  # texts without words still get a valid unit vector
        return normalise_rows(out)
