"""Commitments and tensions over HTTP and the CLI: contract shapes, filters, pages, errors, incremental update."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from models.analysis_store import update_analyses
from models.indexer import ingest_paths
from service import cli
from service.api import create_app
from service.api_analyses import analyses_router
from service.cli_analyses import register_analyses_commands
from service.context import Services

COMMITMENT_KEYS = {"id", "sentence", "actors", "modality", "action", "deadline", "strength", "doc_id", "passage_id"}
TENSION_KEYS = {"id", "kind", "issue", "parties", "passages"}


@pytest.fixture
def client(services: Services, small_corpus: Path) -> TestClient:
    ingest_paths(services.store, services.embedder, services.nlp, [small_corpus])
    app = create_app(services.settings, services)
    if not any(getattr(route, "path", "") == "/commitments" for route in app.routes):
        app.include_router(analyses_router())
    return TestClient(app)


def test_commitments_contract_and_filters(client: TestClient) -> None:
    page = client.get("/commitments").json()
    assert set(page) == {"items", "total", "page", "size"}
    assert page["total"] == len(page["items"]) >= 3
    for item in page["items"]:
        assert set(item) >= COMMITMENT_KEYS
    by_sentence = {item["sentence"][:40]: item for item in page["items"]}
    agreed = next(item for key, item in by_sentence.items() if key.startswith("De gemeente Noorderhaven"))
    assert agreed["strength"] == "binding" and agreed["deadline"] == "2027-01-01"
    assert set(agreed["actors"]) == {"gemeente Noorderhaven", "Stichting Welzijn Noord"}
    plan = next(item for key, item in by_sentence.items() if key.startswith("Partijen verplichten"))
    assert plan["deadline"] == "P3M" and plan["deadline_text"] == "binnen drie maanden na ondertekening"

    binding = client.get("/commitments", params={"strength": "binding"}).json()
    assert binding["items"] and {i["strength"] for i in binding["items"]} == {"binding"}
    actor = client.get("/commitments", params={"actor": "welzijn noord"}).json()
    assert actor["items"] and all(any("Welzijn Noord" in a for a in i["actors"]) for i in actor["items"])
    doc_id = agreed["doc_id"]
    of_document = client.get("/commitments", params={"doc_id": doc_id}).json()
    assert of_document["total"] == sum(item["doc_id"] == doc_id for item in page["items"]) >= 3
    assert {item["doc_id"] for item in of_document["items"]} == {doc_id}
    assert client.get("/commitments", params={"doc_id": "nothing"}).json()["total"] == 0
    second = client.get("/commitments", params={"size": 1, "page": 2}).json()
    assert second["page"] == 2 and len(second["items"]) == 1 and second["items"][0] == page["items"][1]


def test_errors_are_one_sentence(client: TestClient) -> None:
    bad = client.get("/commitments", params={"strength": "sterk"})
    assert bad.status_code == 422 and "strength 'sterk'" in bad.json()["detail"]
    no_themes = client.get("/commitments", params={"theme": "t1"})
    assert no_themes.status_code == 422 and "no themes" in no_themes.json()["detail"]
    assert client.get("/tensions", params={"kind": "both"}).status_code == 422
    assert client.get("/commitments", params={"size": 1000}).status_code == 422


def test_tensions_and_pairs(client: TestClient) -> None:
    page = client.get("/tensions").json()
    assert page["total"] >= 1
    stated = [item for item in page["items"] if item["kind"] == "stated"]
    assert stated
    for item in page["items"]:
        assert set(item) >= TENSION_KEYS and item["explanation"]
        assert all({"passage_id", "doc_id", "text", "title", "source", "page"} == set(p) for p in item["passages"])
    spanning = next(item for item in stated if "spanning tussen" in item["issue"])
    assert "Thuisbaas" in spanning["parties"]
    assert client.get("/tensions", params={"party": "thuisbaas"}).json()["total"] >= 1
    assert client.get("/tensions", params={"party": "niemand hier"}).json()["total"] == 0
    pairs = client.get("/tensions/pairs").json()
    assert set(pairs) == {"items", "total", "page", "size"}
    for item in pairs["items"]:
        assert len(item["parties"]) == 2 and item["count"] == len(item["tension_ids"]) >= 1


def test_themes_filter_uses_theme_passages(client: TestClient, services: Services) -> None:
    commitments = client.get("/commitments").json()["items"]
    services.store.executescript(
        "CREATE TABLE IF NOT EXISTS themes (id TEXT PRIMARY KEY, label TEXT);"
        "CREATE TABLE IF NOT EXISTS theme_passages (theme_id TEXT, passage_id TEXT, similarity REAL);"
    )
    with services.store.transaction() as db:
        db.execute("INSERT INTO themes VALUES ('t1', 'budget')")
        db.execute("INSERT INTO theme_passages VALUES ('t1', ?, 0.9)", (commitments[0]["passage_id"],))
    themed = client.get("/commitments", params={"theme": "t1"}).json()
    assert themed["total"] >= 1 and {i["passage_id"] for i in themed["items"]} == {commitments[0]["passage_id"]}


def test_update_is_incremental(services: Services, small_corpus: Path) -> None:
    ingest_paths(services.store, services.embedder, services.nlp, [small_corpus])
    first = update_analyses(services.store, services.nlp)
    assert first.documents_analysed == 3 and first.commitments >= 3
    again = update_analyses(services.store, services.nlp)
    assert again.documents_analysed == 0 and not again.between_recomputed
    blog = small_corpus / "blog.txt"
    blog.write_text(blog.read_text(encoding="utf-8") + "\nDe buurtteams zullen vanaf 1 maart 2027 wekelijks "
                    "spreekuur houden in de bibliotheek.\n", encoding="utf-8")
    ingest_paths(services.store, services.embedder, services.nlp, [small_corpus])
    changed = update_analyses(services.store, services.nlp)
    assert changed.documents_analysed == 1 and changed.commitments == first.commitments + 1
    (small_corpus / "raadsvoorstel.txt").unlink()
    services.store.remove_file(str((small_corpus / "raadsvoorstel.txt").resolve()))
    removed = update_analyses(services.store, services.nlp)
    assert removed.documents_analysed == 0 and removed.tensions < changed.tensions


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("RODEDRAAD_EMBEDDER", "fake")
    register_analyses_commands(cli.app)
    register_analyses_commands(cli.app)  # twice: must not add the commands or the ingest hook again
    return CliRunner()


def test_cli_json_equals_api_and_ingest_runs_analyses(
    runner: CliRunner, tmp_path: Path, small_corpus: Path, services: Services
) -> None:
    home = str(tmp_path / "cli-home")
    ingested = runner.invoke(cli.app, ["--home", home, "ingest", str(small_corpus)])
    assert ingested.exit_code == 0, ingested.output
    assert "3 documents analysed" in ingested.stdout
    result = runner.invoke(cli.app, ["--home", home, "commitments", "--json", "--strength", "binding"])
    assert result.exit_code == 0, result.output
    from_cli = json.loads(result.stdout)
    ingest_paths(services.store, services.embedder, services.nlp, [small_corpus])
    app = create_app(services.settings, services)
    app.include_router(analyses_router())
    from_api = TestClient(app).get("/commitments", params={"strength": "binding"}).json()
    strip = lambda page: [{k: v for k, v in i.items() if k not in {"id", "doc_id", "passage_id", "source"}}  # noqa: E731
                          for i in page["items"]]
    assert strip(from_cli) == strip(from_api) and from_cli["total"] == from_api["total"]
    tensions = json.loads(runner.invoke(cli.app, ["--home", home, "tensions", "--json"]).stdout)
    assert tensions["total"] >= 1
    table = runner.invoke(cli.app, ["--home", home, "commitments", "--actor", "Noorderhaven"])
    assert table.exit_code == 0 and "gemeente Noorderhaven" in table.stdout
    pairs = runner.invoke(cli.app, ["--home", home, "tension-pairs"])
    assert pairs.exit_code == 0
    bad = runner.invoke(cli.app, ["--home", home, "commitments", "--strength", "sterk"])
    assert bad.exit_code == 1
