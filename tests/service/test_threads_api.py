"""Threads over HTTP and the CLI: contract fields, stored results, memo downloads, errors, CLI = API."""

from __future__ import annotations

import io
import json
import runpy
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from models.embedders.fake import FakeEmbedder
from models.indexer import ingest_paths
from service.api import create_app
from service.cli import app
from service.context import Services
from service.settings import Settings

_TESTS = Path(__file__).resolve().parents[1]
_THREADS = runpy.run_path(str(_TESTS / "models" / "test_threads.py"))
write_corpus = runpy.run_path(str(_TESTS / "models" / "themes_corpus.py"))["write_corpus"]
DRAFT: str = _THREADS["DRAFT"]
COVENANT: str = _THREADS["COVENANT"]
THEME_FIELDS = {"id", "label", "keyphrases", "summary", "size", "doc_ids", "organisations", "shared"}


def _corpus(root: Path) -> Path:
    corpus = write_corpus(root, documents_per_topic=3)
    (corpus / "convenant-schulden.md").write_text(COVENANT, encoding="utf-8")
    return corpus


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    services = Services(Settings(home=tmp_path / "home", embedder="fake"), embedder=FakeEmbedder(dim=512))
    ingest_paths(services.store, services.embedder, services.nlp, [_corpus(tmp_path / "docs")])
    yield TestClient(create_app(services.settings, services))
    services.close()


def test_post_threads_returns_the_contract_and_stores_it(client: TestClient) -> None:
    response = client.post("/threads", json={"text": DRAFT})
    assert response.status_code == 200, response.text
    result = response.json()
    assert {"themes", "commitments", "tensions", "gaps", "id", "draft"} <= set(result)
    assert result["themes"] and all(THEME_FIELDS | {"relevance", "passages"} <= set(t) for t in result["themes"])
    for theme in result["themes"]:
        for passage in theme["passages"]:
            assert {"passage_id", "doc_id", "title", "source", "page", "highlight", "similarity"} <= set(passage)
        # the parts of the theme the draft touches (an extension: a list, each a theme item naming its parent)
        assert isinstance(theme["matched_subthemes"], list)
        assert all(part["parent_id"] == theme["id"] and "relevance" in part for part in theme["matched_subthemes"])
    assert [gap["text"] for gap in result["gaps"]] == [result["draft"]["sentences"][2]["text"]]
    assert any("verplichten zich" in c["sentence"] for c in result["commitments"])
    again = client.get(f"/threads/{result['id']}")
    assert again.status_code == 200 and again.json() == result


def test_memo_downloads(client: TestClient) -> None:
    threads_id = client.post("/threads", json={"text": DRAFT}).json()["id"]
    markdown = client.get(f"/threads/{threads_id}/memo", params={"format": "md"})
    assert markdown.status_code == 200 and markdown.headers["content-type"].startswith("text/markdown")
    assert "attachment" in markdown.headers["content-disposition"]
    assert "Gedeelde thema" in markdown.text and "[^1]" in markdown.text
    word = client.get(f"/threads/{threads_id}/memo", params={"format": "docx"})
    assert word.status_code == 200
    document = docx.Document(io.BytesIO(word.content))
    headings = [p.text for p in document.paragraphs if p.style is not None and p.style.name.startswith("Heading")]
    assert any("Niet onderbouwd" in heading for heading in headings)


def test_options_are_validated_and_applied(client: TestClient) -> None:
    english = client.post("/threads", json={"text": DRAFT, "language": "en", "kinds": ["covenant"], "top_themes": 1,
                                            "max_commitments": 1, "max_tensions": 0})
    assert english.status_code == 200
    body = english.json()
    assert body["options"] == {"organisations": [], "kinds": ["covenant"], "top_themes": 1, "max_commitments": 1,
                               "max_tensions": 0, "language": "en"}
    assert len(body["themes"]) <= 1 and len(body["commitments"]) <= 1 and body["tensions"] == []
    assert all(p["kind"] == "covenant" for t in body["themes"] for p in t["passages"])
    memo = client.get(f"/threads/{body['id']}/memo").text
    assert "Shared themes" in memo
    assert client.post("/threads", json={"text": DRAFT, "top_themes": 0}).status_code == 422
    assert client.post("/threads", json={"text": DRAFT, "language": "fr"}).status_code == 422


@pytest.mark.parametrize("body, status, words", [
    ({"text": ""}, 422, "text"),
    ({"text": DRAFT, "organisations": ["Nergensland"]}, 422, "no stored document"),
])
def test_bad_requests_get_one_sentence(client: TestClient, body: dict[str, object], status: int, words: str) -> None:
    response = client.post("/threads", json=body)
    assert response.status_code == status and words in response.json()["detail"]


def test_unknown_threads_id_is_404(client: TestClient) -> None:
    for url in ("/threads/nope", "/threads/nope/memo"):
        response = client.get(url)
        assert response.status_code == 404 and "nope" in response.json()["detail"]


def test_cli_matches_api_and_writes_memos(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RODEDRAAD_EMBEDDER", "fake")
    runner = CliRunner()
    home = tmp_path / "home"
    assert runner.invoke(app, ["--home", str(home), "ingest", str(_corpus(tmp_path / "docs"))]).exit_code == 0
    draft = tmp_path / "concept.md"
    draft.write_text(DRAFT, encoding="utf-8")
    printed = runner.invoke(app, ["--home", str(home), "threads", str(draft), "--json"])
    assert printed.exit_code == 0, printed.output
    cli_result = json.loads(printed.stdout)
    services = Services(Settings(home=home, embedder="fake"))
    api = TestClient(create_app(services.settings, services))
    api_result = api.post("/threads", json={"text": DRAFT}).json()
    services.close()
    cli_result.pop("created"), api_result.pop("created")
    assert cli_result == api_result
    from_stdin = runner.invoke(app, ["--home", str(home), "threads", "-", "--format", "md"], input=DRAFT)
    assert from_stdin.exit_code == 0 and "[^1]:" in from_stdin.stdout
    target = tmp_path / "notitie.docx"
    written = runner.invoke(app, ["--home", str(home), "threads", str(draft), "--format", "docx", "-o", str(target)])
    assert written.exit_code == 0 and docx.Document(str(target)).paragraphs
    text = runner.invoke(app, ["--home", str(home), "threads", str(draft)])
    assert text.exit_code == 0 and "Not supported by any document" in text.stdout
    missing = runner.invoke(app, ["--home", str(home), "threads", str(tmp_path / "weg.md")])
    assert missing.exit_code == 1 and "no such file" in missing.output


def test_cli_text_lists_the_sub_themes_under_their_theme(capsys: pytest.CaptureFixture[str]) -> None:
    from service.cli_threads import _print_text
    from tests.service.threads_fixture import threads_result

    result = threads_result()
    parent = result.themes[0]
    part = parent.model_copy(update={"id": "t0part", "label": "Penvoerderschap", "parent_id": parent.id,
                                     "relevance": 0.41, "draft_sentences": [1], "matched_subthemes": []})
    result.themes[0] = parent.model_copy(update={"matched_subthemes": [part]})
    _print_text(result)
    printed = capsys.readouterr().out
    themes = printed.split("Commitments")[0]
    assert "sub-theme Penvoerderschap — relevance 0.41; draft sentences 2" in themes
    assert themes.index(parent.label) < themes.index("Penvoerderschap") < themes.index(result.themes[1].label)
