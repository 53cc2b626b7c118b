"""The HTTP API: TestClient for the contract, and one real uvicorn server on a loopback port."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from models.indexer import ingest_paths
from service.api import create_app
from service.context import Services
from service.settings import Settings
from tests.service.live_server import LiveServer


@pytest.fixture
def client(services: Services, small_corpus: Path) -> TestClient:
    ingest_paths(services.store, services.embedder, services.nlp, [small_corpus])
    return TestClient(create_app(services.settings, services))


def test_health_and_status(client: TestClient) -> None:
    assert client.get("/health").json()["status"] == "ok"
    status = client.get("/status").json()
    assert status["consistent"] is True and status["documents"] == 3


def test_search_contract_and_filters(client: TestClient) -> None:
    page = client.get("/search", params={"q": "één budget voor welzijn", "top_k": 2}).json()
    assert page["size"] == 2 and len(page["items"]) <= 2 and page["total"] >= len(page["items"])
    item = page["items"][0]
    assert item["source"] == "docs/convenant.md"
    assert {"passage_id", "doc_id", "title", "source", "page", "start", "end", "text", "highlight", "score"} <= set(item)
    blog_only = client.get("/search", params={"q": "samenwerken", "source": "blog"}).json()["items"]
    assert blog_only and {i["source"] for i in blog_only} == {"docs/blog.txt"}


def test_documents_list_and_detail_keep_offsets(client: TestClient) -> None:
    page = client.get("/documents", params={"size": 2}).json()
    assert page["total"] == 3 and len(page["items"]) == 2 and page["size"] == 2
    detail = client.get(f"/documents/{page['items'][0]['id']}").json()
    for passage in detail["passages"]:
        assert detail["text"][passage["start"]:passage["end"]] == passage["text"]


@pytest.mark.parametrize(("url", "status"), [
    ("/documents/unknown", 404),
    ("/search?q=zorg&mode=fuzzy", 422),
    ("/search?q=zorg&size=500", 422),
    ("/search", 422),
])
def test_errors_are_one_sentence_details(client: TestClient, url: str, status: int) -> None:
    response = client.get(url)
    assert response.status_code == status
    detail = response.json()["detail"]
    assert isinstance(detail, str) and detail and "\n" not in detail


def test_upload_needs_the_api_key_when_one_is_set(tmp_path: Path, fake_embedder) -> None:
    services = Services(Settings(home=tmp_path / "home", api_key="geheim", max_upload_bytes=10_000),
                        embedder=fake_embedder)
    client = TestClient(create_app(services.settings, services))
    files = {"file": ("notitie.txt", b"Notitie\n\nDe gemeente gaat de wachtlijsten in de jeugdhulp aanpakken.")}
    assert client.post("/documents", files=files).status_code == 401
    accepted = client.post("/documents", files=files, headers={"X-API-Key": "geheim"})
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["added"] == ["notitie.txt"]
    assert client.get("/search", params={"q": "wachtlijsten jeugdhulp"}).json()["items"]

    too_big = client.post("/documents", files={"file": ("groot.txt", b"a" * 20_000)}, headers={"X-API-Key": "geheim"})
    assert too_big.status_code == 413 and "groot.txt" in too_big.json()["detail"]
    empty = client.post("/documents", files={"file": ("leeg.txt", b"")}, headers={"X-API-Key": "geheim"})
    assert empty.status_code == 422 and "leeg.txt" in empty.json()["detail"]
    assert client.get("/status").json()["documents"] == 1


def test_real_server_on_loopback_answers_search(services: Services, small_corpus: Path) -> None:
    ingest_paths(services.store, services.embedder, services.nlp, [small_corpus])
    with LiveServer(services) as server:
        base = server.url
        assert httpx.get(f"{base}/health", timeout=5).status_code == 200
        page = httpx.get(f"{base}/search", params={"q": "mantelzorgers", "mode": "lexical"}, timeout=10).json()
        assert page["items"][0]["source"] == "docs/blog.txt"
        assert httpx.get(f"{base}/docs", timeout=5).status_code == 200
