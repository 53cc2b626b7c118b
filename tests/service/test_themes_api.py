"""Themes over HTTP and the CLI: contract fields, pages, summary, matrix (JSON/CSV), map, explanation, errors."""

from __future__ import annotations

import csv
import io
import json
import runpy
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from models.indexer import ingest_paths
from service.api import create_app
from service.cli import app
from service.context import Services

_CORPUS = runpy.run_path(str(Path(__file__).resolve().parents[1] / "models" / "themes_corpus.py"))
write_corpus = _CORPUS["write_corpus"]
THEME_FIELDS = {"id", "label", "keyphrases", "summary", "size", "doc_ids", "organisations", "shared"}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "docs")


@pytest.fixture
def client(services: Services, corpus: Path) -> TestClient:
    ingest_paths(services.store, services.embedder, services.nlp, [corpus])
    return TestClient(create_app(services.settings, services))


def test_themes_page_and_theme_contract(client: TestClient) -> None:
    page = client.get("/themes").json()
    assert {"items", "total", "page", "size"} <= set(page)
    assert page["total"] == 3 and len(page["items"]) == 3
    first = page["items"][0]
    assert set(first) >= THEME_FIELDS
    sizes = [item["size"] for item in page["items"]]
    assert sizes == sorted(sizes, reverse=True) and first["shared"] is True
    for sentence in first["summary"]:
        assert set(sentence) == {"text", "passage_id", "doc_id"}
        assert sentence["doc_id"] in first["doc_ids"]
    small = client.get("/themes", params={"size": 1, "page": 2}).json()
    assert small["items"][0]["id"] == page["items"][1]["id"]
    detail = client.get(f"/themes/{first['id']}").json()
    assert set(detail) >= THEME_FIELDS and detail["id"] == first["id"]
    assert abs(sum(c["share"] for c in detail["documents"]) - 1) < 0.01
    assert detail["passages"] and detail["passages"][0]["similarity"] >= detail["passages"][-1]["similarity"]


def test_summary_sentences_parameter(client: TestClient) -> None:
    theme_id = client.get("/themes").json()["items"][0]["id"]
    two = client.get(f"/themes/{theme_id}/summary", params={"sentences": 2}).json()
    assert len(two["items"]) == 2 and "summary" not in two and two["id"] == theme_id
    assert client.get(f"/themes/{theme_id}/summary", params={"sentences": 99}).status_code == 422


def test_matrix_json_and_csv_agree(client: TestClient) -> None:
    result = client.get("/themes/matrix").json()
    assert result["by"] == "document" and len(result["themes"]) == 3 and len(result["rows"]) == 6
    response = client.get("/themes/matrix", params={"format": "csv"})
    assert response.headers["content-type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())  # UTF-8 BOM and ';': Dutch Excel opens it right
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 1 + len(result["rows"])
    total_csv = sum(int(value) for row in rows[1:] for value in row[2:])
    assert total_csv == sum(sum(r["counts"].values()) for r in result["rows"])
    by_source = client.get("/themes/matrix", params={"by": "source"}).json()
    assert len(by_source["rows"]) == 6


def test_map_html_and_png(client: TestClient) -> None:
    page = client.get("/themes/map")
    assert page.status_code == 200 and "<html" in page.text.lower()
    png = client.get("/themes/map", params={"format": "png"})
    assert png.status_code == 200 and png.content[:8] == b"\x89PNG\r\n\x1a\n"


def test_passage_theme_explains(client: TestClient) -> None:
    theme = client.get("/themes").json()["items"][0]
    detail = client.get(f"/themes/{theme['id']}").json()
    passage_id = detail["passages"][0]["passage_id"]
    why = client.get(f"/passages/{passage_id}/theme").json()
    assert why["theme"]["id"] == theme["id"] and why["similarity"] >= why["threshold"]
    assert why["reason"] and why["nearest"][0]["id"] == theme["id"]


@pytest.mark.parametrize("url", ["/themes/tnope", "/themes/tnope/summary", "/passages/nope/theme"])
def test_unknown_ids_are_404_with_one_sentence(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404 and response.json()["detail"].count(".") <= 1


def test_upload_then_list_assigns_new_passages_without_renumbering(
    client: TestClient, tmp_path: Path
) -> None:
    before = {t["id"]: t["size"] for t in client.get("/themes").json()["items"]}
    extra = write_corpus(tmp_path / "extra", documents_per_topic=1, extra="-nieuw")
    upload = extra / "schulden-1-nieuw.md"
    response = client.post("/documents", files={"file": (upload.name, upload.read_bytes(), "text/markdown")})
    assert response.status_code == 200
    after = {t["id"]: t["size"] for t in client.get("/themes").json()["items"]}
    assert set(after) == set(before) and sum(after.values()) > sum(before.values())


def test_cli_json_equals_api_json(services: Services, corpus: Path, monkeypatch: pytest.MonkeyPatch,
                                  tmp_path: Path) -> None:
    monkeypatch.setenv("RODEDRAAD_EMBEDDER", "fake")
    runner = CliRunner()
    home = str(tmp_path / "cli-home")
    assert runner.invoke(app, ["--home", home, "ingest", str(corpus)]).exit_code == 0
    listed = runner.invoke(app, ["--home", home, "themes", "--json"])
    assert listed.exit_code == 0, listed.output
    themes = json.loads(listed.stdout)
    assert themes["total"] == 3
    theme_id = themes["items"][0]["id"]
    shown = json.loads(runner.invoke(app, ["--home", home, "theme", theme_id, "--json"]).stdout)
    from service.settings import Settings

    api_services = Services(Settings(home=Path(home), embedder="fake"))
    api = TestClient(create_app(api_services.settings, api_services))
    assert api.get("/themes").json() == themes
    assert api.get(f"/themes/{theme_id}").json() == shown
    api_services.close()
    text = runner.invoke(app, ["--home", home, "themes"])
    assert themes["items"][0]["label"] in text.stdout
    rebuilt = json.loads(runner.invoke(app, ["--home", home, "themes", "--rebuild", "--json"]).stdout)
    assert [t["id"] for t in rebuilt["items"]] == [t["id"] for t in themes["items"]]
    map_file = tmp_path / "kaart.html"
    mapped = runner.invoke(app, ["--home", home, "themes", "--map", str(map_file)])
    assert mapped.exit_code == 0 and map_file.exists() and map_file.with_suffix(".png").exists()
    matrix = runner.invoke(app, ["--home", home, "themes", "--matrix", "organisation"])
    assert matrix.exit_code == 0 and matrix.stdout.startswith("organisation,name")
    missing = runner.invoke(app, ["--home", home, "theme", "tnope"])
    assert missing.exit_code == 1


def test_sub_themes_are_listed_on_their_parent_and_served_by_id(services: Services, corpus: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from models.themes import ThemeSettings, build_themes

    ingest_paths(services.store, services.embedder, services.nlp, [corpus])
    build_themes(services.store, services.embedder, services.nlp, settings=ThemeSettings(merge_distance=2.0))
    client = TestClient(create_app(services.settings, services))
    top = client.get("/themes").json()
    assert all(item["parent_id"] is None for item in top["items"])
    parent = next(item for item in top["items"] if item["subthemes"])
    assert len(parent["subthemes"]) >= 2 and all(set(s) == {"id", "label", "size"} for s in parent["subthemes"])
    ref = parent["subthemes"][0]
    sub = client.get(f"/themes/{ref['id']}").json()
    assert set(sub) >= THEME_FIELDS and sub["parent_id"] == parent["id"] and sub["subthemes"] == []
    assert sub["label"] == ref["label"] and sub["size"] == ref["size"] and sub["passages"]
    assert parent["size"] <= 20  # the detail lists all of its passages
    parent_passages = {p["passage_id"] for p in client.get(f"/themes/{parent['id']}").json()["passages"]}
    assert {p["passage_id"] for p in sub["passages"]} <= parent_passages
    summary = client.get(f"/themes/{ref['id']}/summary", params={"sentences": 1}).json()
    assert summary["id"] == ref["id"] and len(summary["items"]) == 1
    children = client.get("/themes", params={"parent": parent["id"]}).json()
    assert [item["id"] for item in children["items"]] == [s["id"] for s in parent["subthemes"]]
    everything = client.get("/themes", params={"level": "all"}).json()
    assert everything["total"] == top["total"] + sum(len(item["subthemes"]) for item in top["items"])
    assert client.get("/themes", params={"parent": "tnope"}).status_code == 404
    assert client.get("/themes", params={"level": "some"}).status_code == 422
    page = client.get("/themas").text
    assert "Deelthema" in page and ref["label"] in page
    sub_page = client.get(f"/themas/{ref['id']}").text
    assert parent["label"] in sub_page and "Deelthema van" in sub_page
    assert ref["label"] in client.get(f"/themas/{parent['id']}").text
    monkeypatch.setenv("RODEDRAAD_EMBEDDER", "fake")
    home = str(services.settings.home)
    listed = CliRunner().invoke(app, ["--home", home, "themes", "--json", "--level", "all"])
    assert listed.exit_code == 0, listed.output
    assert json.loads(listed.stdout) == everything
    shown = CliRunner().invoke(app, ["--home", home, "theme", ref["id"], "--json"])
    assert json.loads(shown.stdout) == sub
