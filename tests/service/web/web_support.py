"""What the web page's browser tests share: where Chromium is, how it is launched, a live uvicorn server
(``LiveServer``, shared with the API tests)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from tests.service.live_server import LiveServer

REPO = Path(__file__).resolve().parents[3]
CORPORA = REPO / "corpora"
ARTIFACTS = REPO / "test-artifacts" / "screenshots"
CHROMIUM = Path(os.environ.get("RODEDRAAD_CHROMIUM", "/usr/bin/chromium"))
# a quiet, offline browser: no GPU, no QUIC, no update checks or sync traffic
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LAPTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


__all__ = ["ARTIFACTS", "CHROMIUM", "CHROMIUM_FLAGS", "CORPORA", "LAPTOP", "PHONE", "LiveServer", "Shoot"]

Shoot = Callable[..., Path]
