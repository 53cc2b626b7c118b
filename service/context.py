"""What a CLI command or the API needs, built from settings on first use (models load lazily)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING, Any, cast

import numpy as np

from models.embedders.base import Embedder, EmbedKind
from models.embedders.registry import load_embedder
from models.search import Searcher
from models.store import Store, open_store
from models.vector_index import VectorIndex
from service.settings import Settings

if TYPE_CHECKING:
    from models.nlp import DutchNLP  # spaCy (and torch beneath it): loaded on first use, not on import


class Services:
    def __init__(self, settings: Settings, embedder: Embedder | None = None) -> None:
        self.settings = settings
        self._embedder = embedder
        self._embedder_spec: str | None = None  # the name it was loaded by; None: given, never switched
        self._searcher: Searcher | None = None
        # one writer at a time; the embedding engines are not documented as thread-safe either. Re-entrant:
        # a search inside a write (themes, threads) may need to load the index under the same lock.
        self.write_lock = threading.RLock()

    @cached_property
    def store(self) -> Store:
        """The store of the calling thread, behind one object (see :class:`_ThreadStores`)."""
        home, database_url = self.settings.home, self.settings.database_url
        return cast(Store, _ThreadStores(lambda: open_store(home, database_url)))

    @property
    def embedder_spec(self) -> str:
        """The embedder to use, as a ``load_embedder`` name: the one the store switched to after an upgrade
        (``rodedraad embed --upgrade``), else the settings' (``RODEDRAAD_EMBEDDER``)."""
        from models.work_queue import active_embedder

        return active_embedder(self.store) or self.settings.embedder

    @property
    def embedder(self) -> Embedder:
        """The embedder, loaded on first use, and loaded again when the store has switched to another one (an
        upgrade finished by the worker while this process serves)."""
        if self._embedder is None or self._embedder_spec is not None:
            spec = self.embedder_spec
            if self._embedder is None or spec != self._embedder_spec:
                with self.write_lock:
                    if self._embedder is None or spec != self._embedder_spec:
                        self._embedder = _LockedEmbedder(
                            load_embedder(spec, threads=self.settings.threads, home=self.settings.home))
                        self._embedder_spec = spec
        assert self._embedder is not None
        return self._embedder

    @property
    def embedder_name(self) -> str | None:
        """The model whose vectors count, without loading it: the loaded or configured embedder's, else the
        model the running worker embeds with, else the saved index's (``status`` stays quick)."""
        if self._embedder is not None and self._embedder_spec in (None, self.embedder_spec):
            return self._embedder.name
        from models.embedders.registry import embedder_name
        from models.work_queue import worker_model

        model = embedder_name(self.embedder_spec) or worker_model(self.store)
        if model is None:
            state = self.store.index_state()
            model = str(state["model"]) if state and "model" in state else None
        return model

    @cached_property
    def nlp(self) -> DutchNLP:
        from models.nlp import DutchNLP

        return DutchNLP()

    @property
    def searcher(self) -> Searcher:
        """One searcher per embedder: a new one after the store switched embedders."""
        embedder = self.embedder
        if self._searcher is None or self._searcher.embedder is not embedder:
            self._searcher = _SharedSearcher(self.store, embedder, self.nlp, self.write_lock)
        return self._searcher

    def warm_up(self) -> None:
        """Pay a search's one-off costs now (the embedder, the vector indexes, the passage lengths BM25 reads
        once per process): ``rodedraad serve`` runs this beside the server as it starts, so that its first
        adviser does not wait seconds for them. Searches nothing when the store holds no passages."""
        if self.store.query("SELECT 1 FROM passages LIMIT 1"):
            self.searcher.search(WARM_UP_QUERY, top_k=1)

    def close(self) -> None:
        if "store" in self.__dict__:
            self.store.close()


# any common word of policy text: a warm-up search loads what every later search needs
WARM_UP_QUERY = "beleid"


class _ThreadStores:
    """One SQLite connection per thread, behind the one ``Store`` the answers use.

    ``Store`` says one instance per thread, but the API answers in a thread pool: with one shared connection, a
    reader's ``CREATE TABLE IF NOT EXISTS`` (``executescript`` commits first) could commit an ingest's open
    transaction half-way, and under load it failed with ``SystemError`` (500s). Each thread now opens its own
    connection on first use (WAL: readers never block the writer); ``close`` closes them all.
    """

    def __init__(self, open_store: Callable[[], Store]) -> None:
        self._open_store = open_store  # one more connection to the same store (SQLite file or PostgreSQL)
        self._local = threading.local()
        self._opened: list[Store] = []
        self._lock = threading.Lock()
        self._thread_store()  # open (and migrate) at once, so a bad store fails where it is named

    def _thread_store(self) -> Store:
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            store = self._open_store()
            self._local.store = store
            with self._lock:
                self._opened.append(store)
        return store

    def __getattr__(self, name: str) -> Any:
        return getattr(self._thread_store(), name)

    def close(self) -> None:
        with self._lock:
            opened, self._opened = self._opened, []
        for store in opened:
            store.close()
        self._local = threading.local()


class _SharedSearcher(Searcher):
    """The searcher of a service that also writes, or beside a worker process: it never embeds the corpus and
    never races a writer for the index.

    - A worker process is alive (it embeds and writes the index as it goes): the newest saved index of the
      model answers, reloaded whenever the worker has written a newer one; passages without a vector yet are
      found by their words only (``meaning_coverage`` says how many).
    - No worker: a stale index is rebuilt from the stored vectors under the write lock; while a write holds
      the lock, the previous index answers (hits of removed passages are skipped).
    """

    def __init__(self, store: Store, embedder: Embedder, analyzer: DutchNLP, write_lock: threading.RLock) -> None:
        super().__init__(store, embedder, analyzer)
        self._write_lock = write_lock
        self._saved_generation: object = None  # the saved index's generation this searcher has loaded

    def _vector_index(self) -> VectorIndex:
        from models.work_queue import worker_alive

        generation = self.store.generation
        if self._index is not None and self._index_generation == generation:
            return self._index
        state = self.store.index_state() or {}
        if state.get("model") == self.embedder.name and (state.get("generation") == generation
                                                         or worker_alive(self.store)):
            if self._index is None or state.get("generation") != self._saved_generation:
                index = self.store.load_index(self.embedder.name, stale_ok=True)
                if index is not None:
                    self._index, self._saved_generation = index, state.get("generation")
            if self._index is not None:
                self._index_generation = generation
                return self._index
        if self._write_lock.acquire(blocking=self._index is None):
            try:
                generation = self.store.generation
                index = self.store.rebuild_index(self.embedder.name, self.embedder.dim)  # stored vectors only
                self._index, self._index_generation, self._saved_generation = index, generation, generation
                return index
            finally:
                self._write_lock.release()
        assert self._index is not None
        return self._index  # a write is running: the previous index answers until it is done

    def meaning_coverage(self) -> tuple[int, int]:
        """(passages in the index answering now, passages stored), counted once per store generation."""
        index = self._vector_index()
        passages = self.store.memoised("passage_count", self.store.generation, lambda: int(
            self.store.query("SELECT COUNT(*) AS n FROM passages")[0]["n"]))
        return len(index), passages


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
