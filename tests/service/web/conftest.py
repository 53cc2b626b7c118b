"""The web page's fixtures: the demo corpus in a store (fake embedder), a real uvicorn on a loopback port,
and headless Debian Chromium driven by Playwright (never Playwright's own browser download).

Screenshots go to ``test-artifacts/screenshots/`` (gitignored): look at them after a run.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from models.embedders.fake import FakeEmbedder
from models.indexer import ingest_paths
from service.context import Services
from service.settings import Settings
from tests.service.web.web_support import ARTIFACTS, CHROMIUM, CHROMIUM_FLAGS, CORPORA, LAPTOP, LiveServer, Shoot


@pytest.fixture(scope="session")
def web_services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    """The demo corpus (corpora/) ingested with the fake embedder: real documents, fast vectors."""
    home = tmp_path_factory.mktemp("web-home")
    services = Services(Settings(home=home, embedder="fake", max_upload_bytes=2_000_000),
                        embedder=FakeEmbedder(dim=256))
    report = ingest_paths(services.store, services.embedder, services.nlp, [CORPORA])
    assert report.ok, report.failed
    yield services
    services.close()


@pytest.fixture(scope="session")
def live_server(web_services: Services) -> Iterator[LiveServer]:
    with LiveServer(web_services) as server:
        yield server


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: `make browser` installs Debian's chromium and chromium-driver"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    shutil.rmtree(ARTIFACTS, ignore_errors=True)  # this run's screenshots only
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, live_server: LiveServer, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh Dutch-locale tab at laptop width; on a failing test its last view is saved as a screenshot."""
    context = browser.new_context(viewport=LAPTOP, locale="nl-NL", accept_downloads=True, base_url=live_server.url)
    context.set_default_timeout(20_000)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    yield tab
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(ARTIFACTS / f"FAILED-{request.node.name}.png"), full_page=True)
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    report = yield
    if report.when == "call":
        item.rep_call = report  # type: ignore[attr-defined]
    return report


@pytest.fixture
def shoot() -> Shoot:
    """``shoot(page, name, full_page=True)`` saves the tab as ``test-artifacts/screenshots/NAME.png``."""

    def save(tab: Page, name: str, *, full_page: bool = True) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        tab.screenshot(path=str(path), full_page=full_page)
        return path

    return save
