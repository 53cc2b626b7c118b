"""Limits of reading, in a module that imports nothing (``service.settings`` and the CLI use them without
loading the readers: pdf, docx, html)."""

from __future__ import annotations

# files larger than this are refused before they are read (RODEDRAAD_MAX_UPLOAD_BYTES overrides it)
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
