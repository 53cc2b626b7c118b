"""What a CLI command or the API needs, built from settings on first use (models load lazily)."""

from __future__ import annotations

import threading
from functools import cached_property

import numpy as np

from models.embedders.base import Embedder, EmbedKind
from models.embedders.registry import load_embedder
from models.nlp import DutchNLP
from models.search import Searcher
from models.store import Store
from service.settings import Settings


class Services:
    def __init__(self, settings: Settings, embedder: Embedder | None = None) -> None:
        self.settings = settings
        self._embedder = embedder
        # one writer at a time; the embedding engines are not documented as thread-safe either
        self.write_lock = threading.Lock()

    @cached_property
    def store(self) -> Store:
        return Store.open(self.settings.home)

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = _LockedEmbedder(load_embedder(self.settings.embedder, threads=self.settings.threads))
        return self._embedder

    @cached_property
    def nlp(self) -> DutchNLP:
        return DutchNLP()

    @cached_property
    def searcher(self) -> Searcher:
        return Searcher(self.store, self.embedder, self.nlp)

    def close(self) -> None:
        if "store" in self.__dict__:
            self.store.close()


class _LockedEmbedder:
    """Serialises calls into an engine that may not be re-entrant (API requests run in a thread pool)."""

    def __init__(self, inner: Embedder) -> None:
        self._inner = inner
        self._lock = threading.Lock()
        self.name = inner.name
        self.dim = inner.dim

    def embed(self, texts: list[str], kind: EmbedKind = "passage") -> np.ndarray:
        with self._lock:
            return self._inner.embed(texts, kind)
