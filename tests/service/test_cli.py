"""The command line through Typer's CliRunner: contract commands, --json equals the API's JSON, one-line errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from service.cli import app


@pytest.fixture
def runner(monkeypatch) -> CliRunner:
    monkeypatch.setenv("RODEDRAAD_EMBEDDER", "fake")
    return CliRunner()


def test_ingest_search_status_round_trip(runner: CliRunner, tmp_path: Path, small_corpus: Path) -> None:
    home = str(tmp_path / "home")
    result = runner.invoke(app, ["--home", home, "ingest", str(small_corpus)])
    assert result.exit_code == 0, result.output
    assert "3 files added" in result.stdout
    again = runner.invoke(app, ["--home", home, "ingest", str(small_corpus)])
    assert "0 files added" in again.stdout and "3 unchanged" in again.stdout

    found = runner.invoke(app, ["--home", home, "search", "welzijnsbudget", "--json", "--top-k", "3"])
    page = json.loads(found.stdout)
    assert set(page) >= {"items", "total", "page", "size"}
    assert set(page["items"][0]) >= {"passage_id", "doc_id", "title", "source", "page", "start", "end", "text",
                                     "highlight", "score"}

    status = json.loads(runner.invoke(app, ["--home", home, "status", "--json"]).stdout)
    assert status["consistent"] is True and status["documents"] == 3
    assert status["vectors"] == status["passages"] > 0


def test_a_second_copy_of_a_corpus_is_one_line_per_file_and_not_a_failure(runner: CliRunner, tmp_path: Path,
                                                                          small_corpus: Path) -> None:
    home = str(tmp_path / "home")
    assert runner.invoke(app, ["--home", home, "ingest", str(small_corpus)]).exit_code == 0
    copy = tmp_path / "kopie" / "docs"
    shutil.copytree(small_corpus, copy)
    result = runner.invoke(app, ["--home", home, "ingest", str(copy)])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    notes = [line for line in result.stderr.splitlines() if line.startswith("already stored")]
    assert len(notes) == 3 and all("docs/" in line for line in notes)
    assert "0 files added" in result.stdout and "3 already stored from another path" in result.stdout
    as_json = json.loads(runner.invoke(app, ["--home", home, "ingest", str(copy), "--json"]).stdout)
    assert len(as_json["duplicates"]) == 3 and as_json["added"] == []


def test_bad_files_give_one_line_each_and_exit_1(runner: CliRunner, tmp_path: Path, small_corpus: Path) -> None:
    (small_corpus / "leeg.md").write_text("", encoding="utf-8")
    (small_corpus / "tabel.xlsx").write_bytes(b"PK\x03\x04")
    result = runner.invoke(app, ["--home", str(tmp_path / "home"), "ingest", str(small_corpus),
                                 str(small_corpus / "tabel.xlsx")])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error")]
    assert len(errors) == 2
    assert any("leeg.md" in line for line in errors) and any("tabel.xlsx" in line for line in errors)
    assert "Traceback" not in result.output
    assert "3 files added" in result.stdout


def test_missing_path_and_unknown_document_are_one_line_errors(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["--home", str(tmp_path / "home"), "ingest", str(tmp_path / "nope")])
    assert result.exit_code == 1
    assert result.stderr.strip().count("\n") == 0 and "no such file" in result.stderr
