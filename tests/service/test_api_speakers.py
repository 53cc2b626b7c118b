"""Speakers of debate passages in the API (document detail, search) and the CLI's search text."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from models.indexer import ingest_paths
from service.api import create_app
from service.cli import app
from service.context import Services
from tests.ingest.test_xml_proceedings import DEBATE


@pytest.fixture
def debate_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "debatten"
    folder.mkdir()
    (folder / "handelingen-buurthuizen.xml").write_text(DEBATE, encoding="utf-8")
    return folder


@pytest.fixture
def client(services: Services, debate_folder: Path, small_corpus: Path) -> TestClient:
    report = ingest_paths(services.store, services.embedder, services.nlp, [debate_folder, small_corpus])
    assert report.ok, report.failed
    return TestClient(create_app(services.settings, services))


def test_document_detail_gives_each_passage_its_speaker(client: TestClient) -> None:
    documents = client.get("/documents", params={"size": 10}).json()["items"]
    debate = next(d for d in documents if d["source"].endswith("handelingen-buurthuizen.xml"))
    assert debate["title"] == "Buurthuizen en coöperaties in de wijk"
    passages = client.get(f"/documents/{debate['id']}").json()["passages"]
    assert all("speaker" in p for p in passages)
    speakers = [p["speaker"] for p in passages]
    assert "Partij voor de Wijk (Van den Akker)" in speakers and "minister Oosterveld (BZK)" in speakers
    motion = next(p for p in passages if p["text"].startswith("Motie"))
    assert motion["speaker"] == "Partij voor de Wijk (Van den Akker)"
    other = next(d for d in documents if d["source"].endswith("convenant.md"))
    assert all(p["speaker"] is None for p in client.get(f"/documents/{other['id']}").json()["passages"])


def test_search_items_carry_the_speaker(client: TestClient) -> None:
    items = client.get("/search", params={"q": "fonds voor buurthuizen", "mode": "lexical"}).json()["items"]
    assert items and items[0]["speaker"] == "Partij voor de Wijk (Van den Akker)"
    budget = client.get("/search", params={"q": "welzijnsbudget", "mode": "lexical"}).json()["items"]
    assert budget and budget[0]["speaker"] is None


def test_cli_search_shows_the_speaker_only_for_debates(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                       debate_folder: Path, small_corpus: Path) -> None:
    monkeypatch.setenv("RODEDRAAD_EMBEDDER", "fake")
    runner, home = CliRunner(), str(tmp_path / "cli-home")
    assert runner.invoke(app, ["--home", home, "ingest", str(debate_folder), str(small_corpus)]).exit_code == 0
    debate = runner.invoke(app, ["--home", home, "search", "fonds buurthuizen", "--mode", "lexical", "-k", "1"])
    assert debate.exit_code == 0, debate.output
    assert "Partij voor de Wijk (Van den Akker)" in debate.output
    plain = runner.invoke(app, ["--home", home, "search", "welzijnsbudget", "--mode", "lexical", "-k", "1"])
    assert plain.exit_code == 0 and "convenant" in plain.output
    assert "·" in plain.output and "(" not in plain.output.splitlines()[0]
