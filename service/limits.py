"""Bounds and defaults that command-line options and API parameters share, in a module that imports nothing,
so ``rodedraad --help`` can build every option without loading the models (spaCy, torch, scikit-learn)."""

from __future__ import annotations

# page × size stays below 10^6, far from SQLite's 2^63 offsets (a page past the end is simply empty)
MAX_PAGE_SIZE = 100
MAX_PAGE = 10_000
# a theme's cited summary: sentences by default and at most (models.theme_summary keeps the same numbers)
DEFAULT_SUMMARY_SENTENCES = 4
MAX_SUMMARY_SENTENCES = 10
