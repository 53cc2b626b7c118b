"""What the web page's browser tests share: where Chromium is, how it is launched, a live uvicorn server."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path

import uvicorn

from service.api import create_app
from service.context import Services

REPO = Path(__file__).resolve().parents[3]
CORPORA = REPO / "corpora"
ARTIFACTS = REPO / "test-artifacts" / "screenshots"
CHROMIUM = Path(os.environ.get("RODEDRAAD_CHROMIUM", "/usr/bin/chromium"))
# a quiet, offline browser: no GPU, no QUIC, no update checks or sync traffic
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LAPTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LiveServer:
    """``create_app`` served by uvicorn in a thread on a free loopback port."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(create_app(services.settings, services), host="127.0.0.1", port=self.port,
                                log_level="warning")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self._thread.start()
        deadline = time.monotonic() + 30
        while not self._server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        assert self._server.started, "uvicorn did not start"
        return self

    def __exit__(self, *_: object) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)


Shoot = Callable[..., Path]
