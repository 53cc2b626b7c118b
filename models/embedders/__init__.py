"""Embedding backends behind the small ``Embedder`` protocol; pick one with ``load_embedder``."""
