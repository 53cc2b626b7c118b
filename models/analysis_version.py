"""The version of the stored analyses (commitments, tensions), in a module that imports nothing: ``status``
counts documents whose analyses are unfinished or older without loading the extraction models (spaCy)."""

from __future__ import annotations

# Bump when extraction rules change: stored results of an older version are recomputed.
ANALYSIS_VERSION = "60"
