"""Swagger UI at ``/docs`` renders the API's operations in headless Chromium, offline and under the strict CSP."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Request, expect

from tests.service.web.web_support import LiveServer, Shoot

pytestmark = pytest.mark.browser


def test_swagger_ui_renders_the_operations_without_csp_violation(page: Page, live_server: LiveServer,
                                                                  shoot: Shoot) -> None:
    violations: list[str] = []
    outside: list[str] = []
    here = urlsplit(live_server.url).netloc

    def record(request: Request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https") and parts.netloc != here:
            outside.append(request.url)

    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.on("request", record)
    page.goto("/docs")
    expect(page.locator(".opblock").first).to_be_visible()
    assert page.locator(".opblock-summary-path", has_text="/search").count() >= 1
    assert page.locator(".opblock").count() >= 10
    page.locator(".opblock-summary", has_text="/search").first.click()  # an operation opens with its parameters
    expect(page.locator(".parameters-container").first).to_be_visible()
    page.wait_for_load_state("networkidle")
    shoot(page, "api-docs-swagger")
    assert not violations, violations
    assert not outside, outside


def test_redoc_renders_the_operations_and_loads_nothing_from_outside(page: Page) -> None:
    """ReDoc 2 always builds a "by Redocly" logo from cdn.redoc.ly into its sidebar; the CSP blocks it (that
    is the one violation, and what keeps the page offline), and nothing else is refused."""
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.goto("/redoc")
    expect(page.get_by_text("/search").first).to_be_attached(timeout=60_000)
    expect(page.locator(".api-content")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert all("https://cdn.redoc.ly/redoc/logo-mini.svg" in text for text in violations), violations
