"""The whole HTTP API on the PostgreSQL store answers what it answers on the SQLite store.

The same small corpus goes into a SQLite store and into a PostgreSQL schema; the same requests to both APIs
(search, documents, themes, commitments, tensions, threads, an upload and its job, status) must give the
same JSON. What rodedraad computes on top of the store (themes, analyses, threads) thereby runs on PostgreSQL
too, through the work queue, the analysis tables, the theme tables and the threads table.
"""

from __future__ import annotations

import runpy
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import psycopg
import pytest
from fastapi.testclient import TestClient

from models.embedders.fake import FakeEmbedder
from models.indexer import ingest_paths
from models.pg_store import PgStore
from models.store import Store
from service.api import create_app
from service.context import Services, _ThreadStores
from service.settings import Settings
from tests.contract.conftest import _schema_url

# three subjects, several documents each: enough passages for themes
_THEMES_CORPUS = runpy.run_path(str(Path(__file__).resolve().parents[1] / "models" / "themes_corpus.py"))

# requests answered alike by both stores, in this order (later ones build on what earlier ones computed)
GETS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("/status", {}),
    ("/search", {"q": "één welzijnsbudget en een werkplan"}),
    ("/search", {"q": "woningen voor ouderen", "mode": "lexical"}),
    ("/search", {"q": "samenwerken in de wijk", "mode": "semantic"}),
    ("/search", {"q": "budget", "source": "convenant"}),
    ("/search", {"q": "voetbal kampioen recept"}),
    ("/documents", {}),
    ("/documents", {"kind": "blog"}),
    ("/themes", {}),
    ("/themes/matrix", {}),
    ("/search", {"q": "wachtlijst jeugdhulp"}),
    ("/commitments", {}),
    ("/commitments", {"actor": "welzijn noord"}),
    ("/tensions", {}),
    ("/tensions/pairs", {}),
)


def _services(tmp_path: Path, name: str, store_url: str | None) -> Services:
    home = tmp_path / name
    services = Services(Settings(home=home, embedder="fake"), embedder=FakeEmbedder())
    if store_url is not None:
        url = store_url
        services.__dict__["store"] = cast(Store, _ThreadStores(lambda: PgStore.connect(url, home)))
    return services


@pytest.fixture
def clients(postgres_url: str, tmp_path: Path, small_corpus: Path) -> Iterator[tuple[TestClient, TestClient]]:
    themes_corpus = _THEMES_CORPUS["write_corpus"](tmp_path / "themes")
    schema = "api_" + uuid.uuid4().hex[:12]
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        connection.execute(f"CREATE SCHEMA {schema}")
    sqlite = _services(tmp_path, "sqlite", None)
    postgres = _services(tmp_path, "postgres", _schema_url(postgres_url, schema))
    for services in (sqlite, postgres):
        report = ingest_paths(services.store, services.embedder, services.nlp, [small_corpus, themes_corpus])
        assert report.ok, report.failed
    yield (TestClient(create_app(sqlite.settings, sqlite)), TestClient(create_app(postgres.settings, postgres)))
    sqlite.close()
    postgres.close()
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        connection.execute(f"DROP SCHEMA {schema} CASCADE")


def _answer(client: TestClient, method: str, url: str, **kwargs: Any) -> tuple[int, Any]:
    response = client.request(method, url, **kwargs)
    body = response.json()
    if url == "/status":
        body.pop("index_kind")  # faiss says flat (a small store), pgvector hnsw
    return response.status_code, body


def test_the_api_answers_alike_on_both_stores(clients: tuple[TestClient, TestClient]) -> None:
    sqlite, postgres = clients
    for url, params in GETS:
        expected = _answer(sqlite, "GET", url, params=params)
        assert expected[0] == 200, (url, expected)
        assert _answer(postgres, "GET", url, params=params) == expected, (url, params)
    documents = sqlite.get("/documents").json()["items"]
    for document in documents:
        assert _answer(postgres, "GET", f"/documents/{document['id']}") == _answer(sqlite, "GET",
                                                                                 f"/documents/{document['id']}")
    themes = sqlite.get("/themes").json()["items"]
    assert len(themes) >= 2, "the three subjects make themes to compare"
    for theme in themes:
        for url in (f"/themes/{theme['id']}", f"/themes/{theme['id']}/summary"):
            assert _answer(postgres, "GET", url) == _answer(sqlite, "GET", url), url
    passage = sqlite.get("/search", params={"q": "kredietbank schulden"}).json()["items"][0]["passage_id"]
    for url in (f"/passages/{passage}/theme", f"/passages/{passage}/similar"):
        assert _answer(postgres, "GET", url) == _answer(sqlite, "GET", url), url
    commitments = sqlite.get("/commitments").json()["items"]
    assert commitments, "the covenant binds its parties: there are commitments to compare"
    for commitment in commitments:
        url = f"/commitments/{commitment['id']}"
        assert _answer(postgres, "GET", url) == _answer(sqlite, "GET", url)
    draft = {"text": "De gemeente wil de wachtlijsten in de jeugdhulp verkorten. Ouderen moeten langer thuis kunnen "
                     "wonen in geclusterde woonvormen."}
    threads = [_answer(client, "POST", "/threads", json=draft) for client in (sqlite, postgres)]
    assert threads[0][0] == 200 and threads[0][1]["themes"], "the draft meets a theme: threads to compare"
    assert _without_ids(threads[1][1]) == _without_ids(threads[0][1])
    stored = _answer(postgres, "GET", f"/threads/{threads[1][1]['id']}")
    assert stored == threads[1]


def test_an_upload_is_read_stored_and_searchable_on_both_stores(clients: tuple[TestClient, TestClient]) -> None:
    text = "Nieuwe nota over mantelzorg\n\nDe gemeente ondersteunt mantelzorgers met respijtzorg vanaf 2027.\n"
    results = []
    for client in clients:
        response = client.post("/documents", files={"file": ("nota.txt", text.encode(), "text/plain")})
        assert response.status_code == 200, response.json()
        body = response.json()
        job = client.get(f"/jobs/{body['job']}").json() if body.get("job") else None
        hits = client.get("/search", params={"q": "respijtzorg", "mode": "lexical"}).json()["items"]
        themes = client.get("/themes").json()  # new passages offered to the existing themes
        again = client.post("/documents", files={"file": ("nota.txt", text.encode(), "text/plain")})
        results.append((_without_ids(body), None if job is None else job["state"], [hit["text"] for hit in hits],
                        again.status_code, themes))
    assert results[1] == results[0]
    assert results[0][2] and "respijtzorg" in results[0][2][0]


def _without_ids(value: Any) -> Any:
    """A JSON answer without the random ids of jobs and stored results (the rest must match)."""
    if isinstance(value, dict):
        return {key: _without_ids(item) for key, item in value.items() if key not in {"id", "job", "created"}}
    if isinstance(value, list):
        return [_without_ids(item) for item in value]
    return value
