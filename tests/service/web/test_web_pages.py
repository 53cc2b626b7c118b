"""The web pages over HTTP (no browser): each page renders what the API answers, in Dutch, paginated,
with HTML error pages, the upload key, CSV exports and the files the page needs served locally."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from models.embedders.fake import FakeEmbedder
from models.search import SEARCH_MODES
from rodedraad.records import DOCUMENT_KINDS
from service.api import create_app
from service.context import Services
from service.settings import Settings
from service.web import labels
from service.web.rendering import STATIC_DIR, TEMPLATES_DIR


@pytest.fixture(scope="module")
def client(web_services: Services) -> Iterator[TestClient]:
    with TestClient(create_app(web_services.settings, web_services)) as test_client:
        yield test_client


def _rows(html: str, table_class: str) -> int:
    body = html.split(f'class="stack {table_class}"', 1)[1].split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return body.count("<tr>")


@pytest.mark.parametrize("url", ["/", "/?q=budget", "/themas", "/afspraken", "/spanningen", "/rode-draad",
                                 "/documenten"])
def test_every_page_is_dutch_html_with_local_assets(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    html = response.text
    assert '<html lang="nl">' in html and html.count("<h1") == 1
    assert not re.search(r'(src|href)="(https?:)?//', html), "the page must not load anything from the network"
    assert '<script src="/static/htmx.min.js' in html


def test_static_files_and_the_api_docs_are_served(client: TestClient) -> None:
    htmx = client.get("/static/htmx.min.js")
    assert htmx.status_code == 200 and htmx.text.startswith("var htmx=")
    assert "text/css" in client.get("/static/rodedraad.css").headers["content-type"]
    assert client.get("/docs").status_code == 200
    assert client.get("/health").json()["status"] == "ok"  # the API is still there beside the page


def test_search_page_shows_highlighted_hits_like_the_api(client: TestClient) -> None:
    api = client.get("/search", params={"q": "wachttijden jeugdhulp", "size": 10}).json()
    html = client.get("/", params={"q": "wachttijden jeugdhulp"}).text
    assert html.count('class="result"') == len(api["items"]) == 10
    assert api["items"][0]["title"] in html and "<mark>" in html
    assert 'rel="next"' in html  # a full page: there may be more
    page_two = client.get("/", params={"q": "wachttijden jeugdhulp", "pagina": 2}).text
    assert '<ol class="results" start="11">' in page_two


def test_search_filters_by_year_and_kind(client: TestClient, web_services: Services) -> None:
    years = web_services.store.document_years()
    year = years[0][0]
    html = client.get("/", params={"q": "gemeente", "jaar": year, "modus": "lexical"}).text
    api = client.get("/search", params={"q": "gemeente", "year": year, "mode": "lexical", "size": 10}).json()
    assert api["items"] and html.count('class="result"') == len(api["items"])
    dated = {doc.id: doc.date for doc in web_services.store.list_documents(limit=500)[0]}
    assert all((dated[item["doc_id"]] or "").startswith(year) for item in api["items"])
    assert f'<option value="{year}" selected>' in html
    assert client.get("/", params={"q": "gemeente", "jaar": "twintig"}).status_code == 422


def test_document_page_paginates_and_opens_at_the_chosen_passage(client: TestClient,
                                                                 web_services: Services) -> None:
    doc = max(web_services.store.list_documents(limit=500)[0],
              key=lambda d: len(web_services.store.passages_of(d.id)))
    passages = web_services.store.passages_of(doc.id)
    chosen = passages[-1]
    html = client.get(f"/documenten/{doc.id}", params={"passage": chosen.id}).text
    assert f'id="p-{chosen.id}" class="passage chosen"' in html
    assert "Meer zoals dit" in html and 'class="similar-list"' in html
    assert html.count('class="passage') <= 60


def test_documents_list_is_a_page_of_the_api_list(client: TestClient) -> None:
    api = client.get("/documents", params={"size": 25}).json()
    html = client.get("/documenten").text
    assert all(item["title"].replace("'", "&#39;") in html for item in api["items"])
    blogs = client.get("/documenten", params={"soort": "blog"}).text
    api_blogs = client.get("/documents", params={"kind": "blog"}).json()
    assert f"{api_blogs['total']} documenten" in blogs


def test_commitments_page_paginates_filters_sorts_and_exports(client: TestClient) -> None:
    api = client.get("/commitments", params={"size": 100}).json()
    assert api["total"] > 25
    first = client.get("/afspraken").text
    assert _rows(first, "commitments") == 25 and f"pagina 1 van {-(-api['total'] // 25)}" in first
    second = client.get("/afspraken", params={"pagina": 2}).text
    assert _rows(second, "commitments") == min(25, api["total"] - 25)

    binding = client.get("/commitments", params={"strength": "binding", "size": 100}).json()
    export = client.get("/afspraken", params={"sterkte": "binding", "formaat": "csv"})
    assert export.headers["content-type"].startswith("text/csv")
    assert "attachment" in export.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    assert [row["id"] for row in rows] == [item["id"] for item in binding["items"]]

    by_deadline = client.get("/commitments", params={"sort": "deadline", "size": 100}).json()["items"]
    deadlines = [item["deadline"] for item in by_deadline]
    dated = [d for d in deadlines if d]
    assert dated == sorted(dated) and deadlines[len(dated):] == [None] * (len(deadlines) - len(dated))
    strengths = [item["strength"] for item in client.get("/commitments", params={"sort": "strength",
                                                                                  "size": 100}).json()["items"]]
    assert strengths == sorted(strengths, key=["binding", "intention", "aspiration"].index)
    assert client.get("/commitments", params={"sort": "random"}).status_code == 422
    assert "aria-sort" in client.get("/afspraken", params={"sorteer": "deadline"}).text


def test_csv_export_holds_every_row_not_one_page(client: TestClient) -> None:
    api = client.get("/commitments", params={"size": 1}).json()
    assert api["total"] > 100  # more than one page of the largest size: the export must page through
    export = client.get("/afspraken", params={"formaat": "csv"})
    assert len(list(csv.DictReader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))) == api["total"]
    tensions = client.get("/tensions", params={"size": 1}).json()
    rows = list(csv.DictReader(io.StringIO(client.get("/spanningen", params={"formaat": "csv"})
                                           .content.decode("utf-8-sig"))))
    assert len(rows) == tensions["total"]


def test_bad_input_gives_a_dutch_html_error_page(client: TestClient) -> None:
    missing = client.get("/documenten/bestaat-niet")
    assert missing.status_code == 404 and "Niet gevonden" in missing.text and "bestaat-niet" in missing.text
    unknown_theme = client.get("/afspraken", params={"thema": "t-bestaat-niet"})
    assert unknown_theme.status_code == 200 and "Geen afspraken met deze filters" in unknown_theme.text
    bad_strength = client.get("/commitments", params={"strength": "heel sterk"})
    assert bad_strength.status_code == 422
    assert client.get("/afspraken", params={"sterkte": "heel sterk"}).status_code == 422
    assert client.get("/themas/bestaat-niet").status_code == 404
    empty = client.post("/rode-draad", data={"tekst": "   "})
    assert empty.status_code == 422 and "conceptvoorstel" in empty.text


def test_upload_needs_the_key_when_one_is_set(tmp_path: Path) -> None:
    """The page asks for the key once (/sleutel) and keeps proof of it in an HttpOnly cookie."""
    services = Services(Settings(home=tmp_path / "home", embedder="fake", api_key="geheim"),
                        embedder=FakeEmbedder())
    with TestClient(create_app(services.settings, services)) as client:
        page = client.get("/documenten").text
        assert "/sleutel?volgende=/documenten" in page and 'name="api_sleutel"' not in page
        files = {"bestanden": ("notitie.txt", b"Notitie\n\nDe gemeente gaat de wachtlijsten in de jeugdhulp aanpakken.")}
        refused = client.post("/documenten/upload", files=files, headers={"Accept": "text/html"})
        assert refused.status_code == 401 and 'name="sleutel"' in refused.text
        wrong = client.post("/sleutel", data={"sleutel": "fout"})
        assert wrong.status_code == 401 and "klopt niet" in wrong.text
        client.post("/sleutel", data={"sleutel": "geheim", "volgende": "/documenten"})
        accepted = client.post("/documenten/upload", files=files, headers={"X-Requested-With": "fetch"})
        assert accepted.status_code == 200 and 'data-state="klaar"' in accepted.text
        assert "1 document," in accepted.text
        assert client.get("/status").json()["documents"] == 1
    services.close()


def test_upload_reports_each_file_on_its_own(tmp_path: Path) -> None:
    services = Services(Settings(home=tmp_path / "home", embedder="fake"), embedder=FakeEmbedder())
    with TestClient(create_app(services.settings, services)) as client:
        assert 'name="api_sleutel"' not in client.get("/documenten").text
        files = [("bestanden", ("kapot.pdf", b"%PDF-1.4 kapot")),
                 ("bestanden", ("goed.md", b"# Goed\n\nDe gemeente en de stichting spreken af samen te werken."))]
        response = client.post("/documenten/upload", files=files)
        assert response.status_code == 200  # one good file: the page as a whole succeeded
        assert response.text.count('data-state="fout"') == 1 and response.text.count('data-state="klaar"') == 1
        assert "kapot.pdf" in response.text and "<h1>Upload</h1>" in response.text
    services.close()


def test_labels_cover_every_code() -> None:
    assert set(labels.KIND_LABELS) == set(DOCUMENT_KINDS)
    assert set(labels.MODE_LABELS) == set(labels.MODE_HINTS) == set(SEARCH_MODES)
    assert set(labels.STRENGTH_LABELS) == {"binding", "intention", "aspiration"}
    assert set(labels.TENSION_KIND_LABELS) == {"stated", "between"}


def test_templates_and_static_files_ship_with_the_package() -> None:
    assert (STATIC_DIR / "htmx.min.js").stat().st_size > 40_000
    assert {"base.html", "search.html", "document.html", "themes.html", "theme.html", "commitments.html",
            "tensions.html", "documents.html", "threads.html", "threads_result.html", "error.html"} <= {
        path.name for path in TEMPLATES_DIR.glob("*.html")}
    pyproject = (Path(__file__).resolve().parents[3] / "pyproject.toml").read_text(encoding="utf-8")
    assert '"service.web" = ["templates/*.html", "static/*"]' in pyproject


def test_threads_form_options_reach_the_answer(client: TestClient) -> None:
    draft = "De gemeente betaalt het welzijnswerk vanaf 2027 uit één budget.\nMantelzorgers krijgen meer steun."
    response = client.post("/rode-draad", data={"tekst": draft, "soorten": ["blog"], "aantal_themas": "2"},
                           follow_redirects=False)
    assert response.status_code == 303
    location = response.headers["location"]
    threads_id = location.rsplit("/", 1)[1]
    stored = client.get(f"/threads/{threads_id}").json()
    assert stored["options"]["kinds"] == ["blog"] and stored["options"]["top_themes"] == 2
    html = client.get(location).text
    assert "alleen blog of opinie" in html and f"/threads/{threads_id}/memo?format=docx" in html
    too_many = client.post("/rode-draad", data={"tekst": draft, "aantal_themas": "99"})
    assert too_many.status_code == 422 and "aantal_themas: mag hoogstens 20 zijn" in too_many.text
    assert client.get("/rode-draad/onbekend").status_code == 404


def test_pages_say_how_much_is_searchable_by_meaning_while_work_is_pending(tmp_path: Path) -> None:
    from models.indexer import ingest_paths
    from tests.service.web.web_support import CORPORA

    services = Services(Settings(home=tmp_path / "home", embedder="fake"), embedder=FakeEmbedder(dim=256))
    ingest_paths(services.store, services.embedder, services.nlp, [CORPORA / "beleid"], wait=False)
    passages = services.store.counts().passages
    with TestClient(create_app(services.settings, services)) as client:
        listing = client.get("/documenten").text
        assert f"nog bezig: 0 van de {passages} passages op betekenis doorzoekbaar" in listing
        found = client.get("/", params={"q": "budget"}).text
        assert f"Nog niet alles is op betekenis doorzoekbaar: 0 van de {passages} passages" in found
        assert "Nog niet alles" not in client.get("/", params={"q": "budget", "modus": "lexical"}).text
        api = client.get("/search", params={"q": "budget"}).json()
        assert api["items"] and api["partial"].startswith(f"0 of {passages} passages")
        from service.views import drain_work

        drain_work(services)
        assert "nog bezig" not in client.get("/documenten").text
        assert "Nog niet alles" not in client.get("/", params={"q": "budget"}).text
        assert client.get("/search", params={"q": "budget"}).json()["partial"] is None
    services.close()


def test_a_debate_without_a_date_shows_its_session_year(tmp_path: Path) -> None:
    from models.indexer import ingest_paths
    from tests.ingest.test_xml_proceedings import DEBATE

    debate = tmp_path / "debat.xml"
    debate.write_text(DEBATE, encoding="utf-8")
    services = Services(Settings(home=tmp_path / "home", embedder="fake"), embedder=FakeEmbedder())
    assert ingest_paths(services.store, services.embedder, services.nlp, [debate]).ok
    with TestClient(create_app(services.settings, services)) as client:
        (item,) = client.get("/documents").json()["items"]
        assert item["date"] is None and item["date_span"] == "2020-09/2021-08"
        assert "2020–2021" in client.get("/documenten").text
        assert "2020–2021" in client.get(f"/documenten/{item['id']}").text
    services.close()


def test_threads_page_shows_the_sub_themes_a_draft_touches_under_their_theme(client: TestClient,
                                                                          web_services: Services) -> None:
    from models.threads_store import save_threads
    from tests.service.threads_fixture import threads_result

    result = threads_result()
    parent = result.themes[0]
    part = parent.model_copy(update={"id": "t0part", "label": "Penvoerderschap", "parent_id": parent.id,
                                     "relevance": 0.41, "draft_sentences": [1], "matched_subthemes": []})
    result.themes[0] = parent.model_copy(update={"matched_subthemes": [part]})
    result = result.model_copy(update={"id": "subthemes-page-test"})
    save_threads(web_services.store, result.id, result.created, result.model_dump_json())
    html = client.get(f"/rode-draad/{result.id}").text
    first, second = html.split('class="thread-theme"')[1:3]
    assert "Deelthema&#39;s die uw voorstel raakt" in first or "Deelthema's die uw voorstel raakt" in first
    assert 'href="/themas/t0part">Penvoerderschap</a>' in first and "Deelthema" not in second
