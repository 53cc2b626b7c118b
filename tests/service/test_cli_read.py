"""``rodedraad read``: what the readers make of one file, with nothing stored and no model loaded."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from service.cli import app

NOTE = """# Notitie één budget voor welzijn

De gemeente Lindeveen en de zorgverzekeraar spreken af dat zij vanaf 1 januari 2027 één budget voor
welzijn en preventie beheren. Partijen evalueren de afspraak binnen twee jaar.

## Uitvoering

Het wijkteam voert de regie over de ondersteuning thuis. Over de verdeling van de kosten zijn de
partners het nog niet eens: de zorgverzekeraar wil minder bijdragen dan de gemeente vraagt.
"""


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    # an embedder that cannot load: read must never need one
    monkeypatch.setenv("RODEDRAAD_EMBEDDER", "/nonexistent/model")
    return CliRunner()


def test_read_json_gives_documents_and_passages_that_slice_back(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "notitie.md"
    path.write_text(NOTE, encoding="utf-8")
    home = tmp_path / "home"
    result = runner.invoke(app, ["--home", str(home), "read", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["file"] == str(path) and data["size"] == path.stat().st_size
    [document] = data["documents"]
    assert document["title"] == "Notitie één budget voor welzijn"
    assert "gemeente Lindeveen" in document["organisations"]
    assert document["passages"], "a note yields passages"
    for passage in document["passages"]:
        assert document["text"][passage["start"]:passage["end"]] == passage["text"]
        assert set(passage) >= {"id", "ordinal", "page", "start", "end", "speaker", "text"}
    assert "één budget voor welzijn" in " ".join(p["text"] for p in document["passages"])
    assert not home.exists(), "read stores nothing"


def test_read_text_output_names_title_and_passages(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "notitie.md"
    path.write_text(NOTE, encoding="utf-8")
    result = runner.invoke(app, ["--home", str(tmp_path / "home"), "read", str(path)])
    assert result.exit_code == 0, result.output
    assert "Notitie één budget voor welzijn" in result.stdout
    assert "1 document read" in result.stdout


def test_read_bad_file_is_one_line_error(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "kapot.pdf"
    path.write_bytes(b"dit is geen pdf")
    result = runner.invoke(app, ["--home", str(tmp_path / "home"), "read", str(path)])
    assert result.exit_code == 1
    assert "kapot.pdf" in result.stderr and "not a PDF" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.output
