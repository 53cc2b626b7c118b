"""``/docs`` (Swagger UI) and ``/redoc`` (ReDoc) work offline: every URL they name is on this server."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.api import create_app
from service.api_docs import REDOC_CSP
from service.settings import Settings

_URL = re.compile(r"""(?:src|href|spec-url|data-openapi-url)\s*=\s*["']([^"']*)["']""", re.IGNORECASE)


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    return TestClient(create_app(Settings(home=tmp_path, embedder="fake")))


@pytest.mark.parametrize(("url", "bundle"), [("/docs", "swagger-ui-bundle.js"), ("/redoc", "redoc.standalone.js")])
def test_docs_pages_name_only_local_files_and_those_are_served(client: TestClient, url: str, bundle: str) -> None:
    response = client.get(url)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    html = response.text
    assert not re.search(r"https?://", html) and "//" not in html.replace("<!doctype", ""), html
    assert "<script>" not in html and "<style" not in html  # nothing inline: the CSP stays strict
    named = _URL.findall(html)
    assert any(link.endswith(bundle) for link in named) and "/openapi.json" in named
    for link in named:
        assert link.startswith("/"), link
        served = client.get(link)
        assert served.status_code == 200, link
        assert len(served.content) > 0
    if url == "/docs":
        init = client.get("/static/swagger-init.js").text
        assert "SwaggerUIBundle" in init and "validatorUrl: null" in init


def test_bundled_files_have_their_types(client: TestClient) -> None:
    assert "javascript" in client.get("/static/api-docs/swagger-ui-bundle.js").headers["content-type"]
    assert "text/css" in client.get("/static/api-docs/swagger-ui.css").headers["content-type"]
    assert client.get("/static/api-docs/favicon.png").headers["content-type"] == "image/png"
    assert client.get("/static/api-docs/nergens.js").status_code == 404


def test_csp_stays_strict_on_docs_and_only_redoc_allows_inline_styles(client: TestClient) -> None:
    docs = client.get("/docs").headers["content-security-policy"]
    assert "script-src 'self';" in docs and "unsafe" not in docs and "frame-ancestors 'none'" in docs
    redoc = client.get("/redoc").headers["content-security-policy"]
    assert redoc == REDOC_CSP and "script-src 'self';" in redoc and "frame-ancestors 'none'" in redoc
    assert "unsafe-inline" not in client.get("/").headers["content-security-policy"]


def test_the_reference_page_stays_and_docs_stay_open_with_keys(tmp_path: Path) -> None:
    client = TestClient(create_app(Settings(home=tmp_path, embedder="fake", api_key="K", protect_reads=True)))
    reference = client.get("/docs/referentie")
    assert reference.status_code == 200 and '<html lang="nl">' in reference.text and "/search" in reference.text
    for url in ("/docs", "/redoc", "/static/api-docs/swagger-ui.css", "/openapi.json"):
        assert client.get(url).status_code == 200, url
    assert client.get("/documents").status_code == 401
