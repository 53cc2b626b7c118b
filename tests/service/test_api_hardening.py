"""Each finding of the outside probe (issue 14), as a request that once failed: now a clear 4xx or the right answer."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from models.embedders.fake import FakeEmbedder
from models.indexer import ingest_paths
from service.api import create_app
from service.context import Services
from service.settings import Settings
from service.views import spreadsheet_cell
from tests.conftest import BLOG, COVENANT
from tests.conftest import NOTE as NOTE_TEXT

NOTE = b"Notitie wachtlijsten\n\nDe gemeente gaat de wachtlijsten in de jeugdhulp vanaf 2027 aanpakken.\n"
KEY = "geheim-sleutel-é€"  # non-ASCII on purpose: compared as UTF-8 bytes


def _client(tmp_path: Path, **settings: object) -> tuple[TestClient, Services]:
    services = Services(Settings(home=tmp_path / "home", embedder="fake", **settings),  # type: ignore[arg-type]
                        embedder=FakeEmbedder())
    return TestClient(create_app(services.settings, services)), services


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    """The three small documents of tests/conftest.py, ingested once for the read-only tests here."""
    root = tmp_path_factory.mktemp("hardening")
    docs = root / "docs"
    docs.mkdir()
    for name, text in (("convenant.md", COVENANT), ("raadsvoorstel.txt", NOTE_TEXT), ("blog.txt", BLOG)):
        (docs / name).write_text(text, encoding="utf-8")
    services = Services(Settings(home=root / "home", embedder="fake"), embedder=FakeEmbedder())
    ingest_paths(services.store, services.embedder, services.nlp, [docs])
    yield services
    services.close()


@pytest.fixture(scope="module")
def client(shared: Services) -> TestClient:
    return TestClient(create_app(shared.settings, shared))


def _detail(response: object) -> str:
    detail = response.json()["detail"]  # type: ignore[attr-defined]
    assert isinstance(detail, str) and detail and "\n" not in detail
    return detail


# --- server errors that became clear 4xx -------------------------------------------------------------------

@pytest.mark.parametrize("url", [
    "/search?q=zorg&page=100000000000000000000",
    "/search?q=zorg&page=92233720368547758&size=100",
    "/documents?page=100000000000000000000",
    "/documents?page=9223372036854775807&size=100",
    "/commitments?page=100000000000000000000",
    "/tensions?page=92233720368547758&size=100",
    "/themes?page=100000000000000000000",
    "/tensions/pairs?page=100000000000000000000",
])
def test_page_overflow_is_422(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 422
    assert "page" in _detail(response)


def test_last_allowed_page_is_simply_empty(client: TestClient) -> None:
    response = client.get("/documents", params={"page": 10_000, "size": 100})
    assert response.status_code == 200 and response.json()["items"] == [] and response.json()["total"] == 3


@pytest.mark.parametrize("name", ["a" * 300 + ".txt", "é" * 200 + ".txt"])
def test_long_upload_names_are_refused(tmp_path: Path, name: str) -> None:
    client, _ = _client(tmp_path)
    response = client.post("/documents", files={"file": (name, NOTE)})
    assert response.status_code == 422 and "bytes" in _detail(response)


@pytest.mark.parametrize("body", [
    '{"text": "\\ud800 De gemeente gaat bouwen."}',
    '{"text": "De gemeente gaat bouwen.", "organisations": ["\\ud800"]}',
    '{"text": "De gemeente gaat bouwen.", "kinds": ["brief"]}',
    '{"text": "   "}',
])
def test_threads_bad_text_is_422(client: TestClient, body: str) -> None:
    response = client.post("/threads", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    _detail(response)


def test_threads_many_organisations_are_bounded(client: TestClient) -> None:
    response = client.post("/threads", json={"text": "De gemeente gaat bouwen.",
                                             "organisations": [f"org {i}" for i in range(5000)]})
    assert response.status_code == 422 and "organisations" in _detail(response)


def test_threads_draft_bounds(client: TestClient) -> None:
    long = client.post("/threads", json={"text": "Woningen bouwen. " * 2000})
    assert long.status_code == 422 and "text" in _detail(long)
    many = client.post("/threads", json={"text": "Wij bouwen. " * 160})
    assert many.status_code == 422 and "sentences" in _detail(many)


@pytest.mark.parametrize("query", ["\x00", "\u200b\u200b", "\x00 \ufeff", "zorg" * 300])
def test_empty_or_long_queries_are_422(client: TestClient, query: str) -> None:
    response = client.get("/search", params={"q": query})
    assert response.status_code == 422
    _detail(response)


def test_bad_parameter_values_are_422_everywhere(client: TestClient) -> None:
    for url in ("/commitments?strength=heel-erg", "/commitments?sort=random", "/tensions?kind=anders",
                "/search?q=zorg&mode=fuzzy", "/themes/matrix?by=planeet"):
        response = client.get(url)
        assert response.status_code == 422, url
        _detail(response)


def test_openapi_documents_422_as_a_detail_string(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert "HTTPValidationError" not in spec["components"]["schemas"]
    search = spec["paths"]["/search"]["get"]["responses"]
    assert search["422"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorDetail"}
    assert "image/png" in spec["paths"]["/themes/map"]["get"]["responses"]["200"]["content"]
    assert "text/csv" in spec["paths"]["/themes/matrix"]["get"]["responses"]["200"]["content"]


# --- keys ----------------------------------------------------------------------------------------------------

def test_non_ascii_keys_compare_as_utf8(tmp_path: Path) -> None:
    client, _ = _client(tmp_path, api_key=KEY)
    raw = KEY.encode("utf-8")
    files = {"file": ("notitie.txt", NOTE)}
    assert client.post("/documents", files=files, headers=[(b"X-API-Key", b"\xc3\xa9\xe2\x82\xac")]).status_code == 401
    assert client.post("/documents", files=files, headers=[(b"X-API-Key", raw)]).status_code == 200
    assert client.post("/documents", files={"file": ("b.txt", NOTE + b"b")},
                       headers=[(b"Authorization", b"Bearer " + raw)]).status_code == 200


def test_only_documented_key_forms_are_accepted(tmp_path: Path) -> None:
    client, _ = _client(tmp_path, api_key="secret")
    files = {"file": ("notitie.txt", NOTE)}
    assert client.post("/documents", files=files, headers={"Authorization": "secret"}).status_code == 401
    assert client.post("/documents", files=files, headers={"Authorization": "Basic secret"}).status_code == 401
    response = client.post("/documents", files=files, headers={"Authorization": "Bearer wrong"})
    assert response.status_code == 401 and "secret" not in response.text
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert client.post("/documents", files=files, headers={"Authorization": "Bearer secret"}).status_code == 200


def test_costly_work_needs_the_key(shared: Services) -> None:
    keyed = TestClient(create_app(Settings(home=shared.settings.home, embedder="fake", api_key="k"), shared))
    assert keyed.post("/threads", json={"text": "De gemeente bouwt woningen."}).status_code == 401
    assert keyed.get("/themes/map", params={"format": "png"}).status_code == 401
    assert keyed.get("/threads/abc/memo").status_code == 401
    assert keyed.post("/rode-draad", data={"tekst": "De gemeente bouwt woningen."}).status_code == 401
    assert keyed.get("/search", params={"q": "budget"}).status_code == 200  # reads stay open
    assert keyed.get("/threads/abc/memo", headers={"X-API-Key": "k"}).status_code == 404


def test_read_protection_and_the_web_cookie(shared: Services) -> None:
    settings = Settings(home=shared.settings.home, embedder="fake", api_key="schrijf", read_key="lees")
    client = TestClient(create_app(settings, shared))
    assert client.get("/health").status_code == 200
    assert client.get("/documents").status_code == 401
    assert client.get("/documents", headers={"X-API-Key": "lees"}).status_code == 200
    assert client.get("/documents", headers={"X-API-Key": "schrijf"}).status_code == 200
    assert client.post("/threads", json={"text": "x y"}, headers={"X-API-Key": "lees"}).status_code == 401
    page = client.get("/documenten", headers={"Accept": "text/html"})
    assert page.status_code == 401 and 'name="sleutel"' in page.text and "<html" in page.text
    wrong = client.post("/sleutel", data={"sleutel": "fout", "volgende": "/documenten"}, follow_redirects=False)
    assert wrong.status_code == 401
    entered = client.post("/sleutel", data={"sleutel": "lees", "volgende": "/documenten"}, follow_redirects=False)
    assert entered.status_code == 303 and entered.headers["location"] == "/documenten"
    cookie = entered.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict") and "lees" not in cookie
    assert client.get("/documenten").status_code == 200  # the cookie opens the page from now on
    assert client.post("/sleutel", data={"sleutel": "lees", "volgende": "//evil.example"},
                       follow_redirects=False).headers["location"] == "/"


def test_upload_checks_key_and_length_before_reading(tmp_path: Path) -> None:
    client, services = _client(tmp_path, api_key="k", max_upload_bytes=10_000)
    huge = {"Content-Length": str(500 * 2**20), "Content-Type": "multipart/form-data; boundary=x"}
    assert client.post("/documents", content=b"--x--", headers=huge).status_code == 401
    keyed = {**huge, "X-API-Key": "k"}
    response = client.post("/documents", content=b"--x--", headers=keyed)
    assert response.status_code == 413 and "limit" in _detail(response)
    uploads = services.settings.home / "uploads"
    assert not uploads.exists() or not any(uploads.iterdir())


def test_upload_body_without_length_is_limited_while_streaming(tmp_path: Path) -> None:
    client, _ = _client(tmp_path, max_upload_bytes=10_000)

    def chunks() -> Iterator[bytes]:
        yield b"--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\n"
        for _ in range(200):
            yield b"a" * 1000

    response = client.post("/documents", content=chunks(),
                           headers={"Content-Type": "multipart/form-data; boundary=x"})
    assert response.status_code == 413


# --- cross-site safety ---------------------------------------------------------------------------------------

def test_cross_site_writes_and_foreign_hosts_are_refused(tmp_path: Path) -> None:
    client, services = _client(tmp_path)
    files = {"file": ("notitie.txt", NOTE)}
    assert client.post("/documenten/upload", files={"bestanden": ("a.txt", NOTE)},
                       headers={"Origin": "http://evil.example"}).status_code == 403
    assert client.post("/threads", json={"text": "x"}, headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403
    assert client.get("/health", headers={"Host": "evil.example"}).status_code == 400
    assert client.get("/health", headers={"Host": "evil.example:8000"}).status_code == 400
    assert client.get("/health", headers={"Host": "192.168.1.5:8000"}).status_code == 200  # an address: no rebinding
    assert client.get("/health", headers={"Host": "[::1]:8000"}).status_code == 200
    assert client.post("/documents", files=files, headers={"Origin": "http://testserver"}).status_code == 200
    assert services.store.query("SELECT COUNT(*) AS n FROM documents")[0]["n"] == 1


def test_allowed_hosts_and_cors_are_settings(tmp_path: Path) -> None:
    client, _ = _client(tmp_path, allowed_hosts=("rodedraad.intern",), cors_origins=("http://portaal.intern",))
    assert client.get("/health", headers={"Host": "rodedraad.intern"}).status_code == 200
    assert client.get("/health", headers={"Host": "localhost"}).status_code == 400
    assert client.get("/health", headers={"Host": "127.0.0.1"}).status_code == 400  # the list is the whole rule
    answer = client.get("/health", headers={"Host": "rodedraad.intern", "Origin": "http://portaal.intern"})
    assert answer.headers["access-control-allow-origin"] == "http://portaal.intern"
    plain, _ = _client(tmp_path / "b")
    assert "access-control-allow-origin" not in plain.get("/health", headers={"Origin": "http://x.example"}).headers


@pytest.mark.parametrize("url", ["/health", "/search?q=budget", "/", "/documenten", "/static/rodedraad.css",
                                 "/nergens", "/docs", "/documents/onbekend"])
def test_security_headers_on_every_response(client: TestClient, url: str) -> None:
    headers = client.get(url).headers
    policy = headers["content-security-policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy and "http" not in policy
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"


def test_csv_cells_cannot_become_formulas(client: TestClient) -> None:
    assert spreadsheet_cell('=HYPERLINK("http://x","y")') == '\'=HYPERLINK("http://x","y")'
    assert [spreadsheet_cell(v) for v in ("+31", "-1", "@SUM", "gewoon", 3)] == ["'+31", "'-1", "'@SUM", "gewoon", "3"]
    for url in ("/afspraken?formaat=csv", "/themes/matrix?format=csv&by=organisation"):
        response = client.get(url)
        if response.status_code != 200:  # too few passages for themes in this small store
            continue
        text = response.content.decode("utf-8")
        assert text.startswith("\ufeff") and ";" in text.splitlines()[0]


# --- uploads: explicit replacement, nothing destroyed, duplicates, ids, status ------------------------------

def test_upload_replacement_is_explicit_and_safe(tmp_path: Path) -> None:
    client, services = _client(tmp_path)
    first = client.post("/documents", files={"file": ("notitie.txt", NOTE)})
    assert first.status_code == 200 and first.json()["document_ids"]
    doc_id = first.json()["document_ids"][0]
    changed = NOTE + b"\nHet college zal de raad informeren.\n"
    conflict = client.post("/documents", files={"file": ("notitie.txt", changed)})
    assert conflict.status_code == 409 and "replace=true" in _detail(conflict)
    broken = client.post("/documents", params={"replace": "true"}, files={"file": ("notitie.txt", b"")})
    assert broken.status_code == 422
    stored = services.settings.home / "uploads" / "notitie.txt"
    assert stored.read_bytes() == NOTE  # the old version is still there
    assert client.get(f"/documents/{doc_id}").status_code == 200
    assert client.get("/status").json()["consistent"] is True
    replaced = client.post("/documents", params={"replace": "true"}, files={"file": ("notitie.txt", changed)})
    assert replaced.status_code == 200 and replaced.json()["replaced"] == ["notitie.txt"]
    assert stored.read_bytes() == changed and replaced.json()["document_ids"]


def test_same_content_under_another_name_adds_nothing(tmp_path: Path) -> None:
    client, services = _client(tmp_path)
    first = client.post("/documents", files={"file": ("notitie.txt", NOTE)}).json()
    again = client.post("/documents", files={"file": ("kopie.txt", NOTE)})
    assert again.status_code == 200
    body = again.json()
    assert body["added"] == [] and body["note"] and "notitie.txt" in body["note"]
    assert body["document_ids"] == first["document_ids"]
    assert client.get("/status").json()["documents"] == 1
    assert not (services.settings.home / "uploads" / "kopie.txt").exists()


def test_status_sees_missing_uploaded_files(tmp_path: Path) -> None:
    client, services = _client(tmp_path)
    client.post("/documents", files={"file": ("notitie.txt", NOTE)})
    (services.settings.home / "uploads" / "notitie.txt").unlink()
    status = client.get("/status").json()
    assert status["consistent"] is False and any("notitie.txt" in problem for problem in status["problems"])


# --- conventional API -----------------------------------------------------------------------------------------

def test_commitment_and_tension_by_id(client: TestClient) -> None:
    commitments = client.get("/commitments").json()["items"]
    assert commitments
    one = client.get(f"/commitments/{commitments[0]['id']}")
    assert one.status_code == 200 and one.json() == commitments[0]
    tensions = client.get("/tensions").json()["items"]
    if tensions:
        tension = client.get(f"/tensions/{tensions[0]['id']}").json()
        assert tension == tensions[0] and tension["passages"][0]["title"]
    assert client.get("/commitments/onbekend").status_code == 404
    assert client.get("/tensions/onbekend").status_code == 404


def test_search_total_counts_all_hits_and_pages_continue(client: TestClient) -> None:
    params: dict[str, str | int] = {"q": "gemeente", "mode": "hybrid", "size": 1}
    first = client.get("/search", params=params).json()
    second = client.get("/search", params={**params, "page": 2}).json()
    assert first["total"] == second["total"] >= 2
    assert first["items"][0]["passage_id"] != second["items"][0]["passage_id"]
    beyond = client.get("/search", params={**params, "page": first["total"] + 1}).json()
    assert beyond["items"] == [] and beyond["total"] == first["total"]


def test_similar_pages_like_every_list(client: TestClient) -> None:
    passage = client.get("/search", params={"q": "gemeente", "mode": "lexical"}).json()["items"][0]["passage_id"]
    whole = client.get(f"/passages/{passage}/similar", params={"size": 100}).json()
    page2 = client.get(f"/passages/{passage}/similar", params={"size": 1, "page": 2}).json()
    assert page2["page"] == 2 and page2["total"] == whole["total"]
    if whole["total"] >= 2:
        assert page2["items"][0]["passage_id"] == whole["items"][1]["passage_id"]


# --- the web page: offline and Dutch --------------------------------------------------------------------------

_OUTSIDE = re.compile(r"""(?:src|href|action)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)


def test_no_page_references_an_outside_url(client: TestClient) -> None:
    for url in ("/", "/?q=budget", "/themas", "/afspraken", "/spanningen", "/rode-draad", "/documenten",
                "/docs", "/redoc", "/sleutel", "/nergens"):
        response = client.get(url, headers={"Accept": "text/html"})
        assert not _OUTSIDE.search(response.text), url
        assert "cdn." not in response.text and "fastapi.tiangolo.com" not in response.text, url


@pytest.mark.parametrize(("url", "status"), [
    ("/nergens", 404), ("/themas/T999", 404), ("/afspraken?sterkte=heel-erg", 422),
    ("/documenten/onbekend", 404), ("/?q=%E2%80%8B", 422),
])
def test_web_errors_are_dutch_pages(client: TestClient, url: str, status: int) -> None:
    response = client.get(url, headers={"Accept": "text/html"})
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    assert '<html lang="nl">' in response.text and "Naar zoeken" in response.text


def test_rejected_web_upload_is_a_dutch_page(tmp_path: Path) -> None:
    client, _ = _client(tmp_path)
    response = client.post("/documenten/upload", files={"bestanden": ("leeg.txt", b"")},
                           headers={"Accept": "text/html"})
    assert response.status_code == 422 and "niet ingelezen" in response.text and '<html lang="nl">' in response.text


def test_stored_threads_are_capped(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    import service.views_threads as views_threads

    monkeypatch.setattr(views_threads, "MAX_STORED_THREADS", 2)
    ids = [client.post("/threads", json={"text": f"De gemeente bouwt {n} woningen voor ouderen."}).json()["id"]
           for n in range(4)]
    kept = [client.get(f"/threads/{threads_id}").status_code for threads_id in ids]
    assert kept.count(200) == 2 and kept[-1] == 200


def test_real_server_refuses_big_uploads_without_reading_them(tmp_path: Path) -> None:
    """Against uvicorn on loopback: a 50 MB body without a key is a 401 and a streamed body past the limit a 413,
    both long before the body could have been written to disk."""
    import time

    import httpx

    from tests.service.live_server import LiveServer

    services = Services(Settings(home=tmp_path / "home", embedder="fake", api_key="k", max_upload_bytes=100_000),
                        embedder=FakeEmbedder())
    with LiveServer(services) as server:
        base = server.url
        boundary = {"Content-Type": "multipart/form-data; boundary=x"}

        def body(megabytes: int) -> Iterator[bytes]:
            yield b'--x\r\nContent-Disposition: form-data; name="file"; filename="groot.txt"\r\n\r\n'
            for _ in range(megabytes):
                yield b"a" * 2**20

        started = time.monotonic()
        try:
            refused = httpx.post(f"{base}/documents", content=body(50), headers=boundary, timeout=30)
            assert refused.status_code == 401
        except httpx.HTTPError:
            pass  # the server answered and closed while the client was still sending: also refused
        keyed = httpx.post(f"{base}/documents", content=body(5), headers={**boundary, "X-API-Key": "k"}, timeout=30)
        assert keyed.status_code == 413
        assert time.monotonic() - started < 20
        uploads = services.settings.home / "uploads"
        assert not uploads.exists() or not any(uploads.iterdir())


def test_status_counts_documents_whose_analyses_are_unfinished(services: Services, small_corpus: Path) -> None:
    ingest_paths(services.store, services.embedder, services.nlp, [small_corpus])  # as if stopped before analyses
    client = TestClient(create_app(services.settings, services))
    assert client.get("/status").json()["analyses_pending"] == 3
    client.get("/commitments")  # brings the analyses up to date
    assert client.get("/status").json()["analyses_pending"] == 0
