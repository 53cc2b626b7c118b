"""Where evaluation inputs live: the repo's corpora and the shared folder beside the repo (optional)."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPORA = REPO / "corpora"


def shared_dir() -> Path | None:
    """``$RODEDRAAD_SHARED`` or ``<repo>/../shared``; None when it is not there (e.g. a user's clone)."""
    path = Path(os.environ.get("RODEDRAAD_SHARED", REPO.parent / "shared"))
    return path if path.is_dir() else None
