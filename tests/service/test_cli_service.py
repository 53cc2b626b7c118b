"""The CLI's service items: a light start, plain ingest progress off a terminal, what a run added, pending work
in ``status``, and ``serve --host`` reaching the allowed-host guard."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from service.cli import app
from service.limits import DEFAULT_SUMMARY_SENTENCES, MAX_PAGE, MAX_PAGE_SIZE, MAX_SUMMARY_SENTENCES

REPO = Path(__file__).resolve().parents[2]
HEAVY = ("torch", "spacy", "sentence_transformers", "sklearn", "transformers", "trafilatura", "models.nlp")


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("RODEDRAAD_EMBEDDER", "fake")
    return CliRunner()


def _loaded_after(code: str) -> list[str]:
    probe = f"import json, sys\n{code}\nprint(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO, timeout=120,
                          check=True)
    loaded: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return loaded


def test_importing_the_cli_loads_no_model_library() -> None:
    assert _loaded_after("import service.cli") == []


def test_status_loads_no_model_library(tmp_path: Path) -> None:
    code = ("from service.cli import app\n"
            f"try:\n    app(['--home', {str(tmp_path / 'home')!r}, 'status'])\nexcept SystemExit:\n    pass")
    assert _loaded_after(code) == []


def test_light_constants_match_the_modules_that_enforce_them() -> None:
    from models.theme_summary import DEFAULT_SENTENCES, MAX_SENTENCES
    from service import api_themes, views

    assert (views.MAX_PAGE_SIZE, views.MAX_PAGE, api_themes.MAX_PAGE_SIZE) == (MAX_PAGE_SIZE, MAX_PAGE, MAX_PAGE_SIZE)
    assert (DEFAULT_SENTENCES, MAX_SENTENCES) == (DEFAULT_SUMMARY_SENTENCES, MAX_SUMMARY_SENTENCES)


def test_ingest_off_a_terminal_prints_one_plain_line_per_file(runner: CliRunner, tmp_path: Path,
                                                              small_corpus: Path) -> None:
    home = str(tmp_path / "home")
    (small_corpus / "leeg.md").write_text("", encoding="utf-8")
    first = runner.invoke(app, ["--home", home, "ingest", str(small_corpus)])
    assert first.exit_code == 1
    lines = [line for line in first.stderr.splitlines() if line.startswith("[")]
    assert len(lines) == 4 and all(f"/{4}] " in line for line in lines), first.stderr
    assert sorted(line.rsplit(" … ", 1)[1] for line in lines) == ["added", "added", "added", "failed"]
    assert any("leeg.md … failed" in line for line in lines)
    assert "\x1b[" not in first.stderr  # no bar, no terminal codes in a log
    assert "this run: 3 files added, 0 replaced, 0 unchanged, 1 failed" in first.stdout
    stored = json.loads(runner.invoke(app, ["--home", home, "status", "--json"]).stdout)
    assert f"{stored['documents']} documents and {stored['passages']} passages stored" in first.stdout

    (small_corpus / "leeg.md").unlink()
    blog = small_corpus / "blog.txt"
    blog.write_text(blog.read_text(encoding="utf-8") + "\n\nEen extra alinea over de bibliotheek.\n", encoding="utf-8")
    again = runner.invoke(app, ["--home", home, "ingest", str(small_corpus)])
    assert again.exit_code == 0, again.output
    outcomes = sorted(line.rsplit(" … ", 1)[1] for line in again.stderr.splitlines() if line.startswith("["))
    assert outcomes == ["replaced", "unchanged", "unchanged"]
    assert "this run: 0 files added, 1 replaced, 2 unchanged, 0 failed; 1 documents" in again.stdout
    assert "the store gained +0 documents" in again.stdout
    assert f"store: 3 files, {stored['documents']} documents" in again.stdout  # totals apart from the run


def test_status_text_shows_unfinished_analyses(runner: CliRunner, tmp_path: Path, small_corpus: Path) -> None:
    import sqlite3

    home = tmp_path / "home"
    assert runner.invoke(app, ["--home", str(home), "ingest", str(small_corpus)]).exit_code == 0
    done = runner.invoke(app, ["--home", str(home), "status"])
    assert "pending: nothing" in done.stdout, done.stdout
    database = next(home.glob("*.sqlite*"), None) or next(home.glob("*.db"))
    with sqlite3.connect(database) as db:  # as after a kill between storing and analysing
        db.execute("DELETE FROM analysis_documents WHERE doc_id IN (SELECT doc_id FROM analysis_documents LIMIT 2)")
    text = runner.invoke(app, ["--home", str(home), "status"]).stdout
    assert "pending: 2 documents without finished analyses" in text, text
    assert json.loads(runner.invoke(app, ["--home", str(home), "status", "--json"]).stdout)["analyses_pending"] == 2


def test_serve_builds_the_app_with_its_host_and_port(runner: CliRunner, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    started: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: started.update(app=app, **options))
    result = runner.invoke(app, ["--home", str(tmp_path / "home"), "serve", "--host", "rodedraad.intern",
                                 "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert (started["host"], started["port"]) == ("rodedraad.intern", 8123)
    assert started["app"].state.settings.host == "rodedraad.intern"
    client = TestClient(started["app"])
    assert client.get("/health", headers={"Host": "rodedraad.intern:8123"}).status_code == 200
    assert client.get("/health", headers={"Host": "elders.example"}).status_code == 400


def test_ingest_no_wait_leaves_the_work_queued_and_work_finishes_it(runner: CliRunner, tmp_path: Path,
                                                                    small_corpus: Path) -> None:
    home = str(tmp_path / "home")
    quick = runner.invoke(app, ["--home", home, "ingest", "--no-wait", str(small_corpus)])
    assert quick.exit_code == 0, quick.output
    assert "searchable by words now" in quick.stdout and "0 passages newly embedded" in quick.stdout
    queued = json.loads(runner.invoke(app, ["--home", home, "status", "--json"]).stdout)
    assert queued["consistent"] is True and queued["finished"] is False
    assert queued["vectors_pending"] == queued["passages"] > 0 and queued["analyses_pending"] == 3
    text = runner.invoke(app, ["--home", home, "status"]).stdout
    assert "passages not yet searchable by meaning" in text and "`rodedraad work`" in text
    found = json.loads(runner.invoke(app, ["--home", home, "search", "--mode", "lexical", "budget", "--json"]).stdout)
    assert found["items"]  # by words before any vector exists

    worked = runner.invoke(app, ["--home", home, "work"])
    assert worked.exit_code == 0, worked.output
    assert f"{queued['passages']} passages embedded" in worked.stdout
    done = json.loads(runner.invoke(app, ["--home", home, "status", "--json"]).stdout)
    assert done["finished"] is True and done["vectors_pending"] == 0 and done["analyses_pending"] == 0
    assert done["searchable_by_meaning"] == done["passages"]
    assert "pending: nothing" in runner.invoke(app, ["--home", home, "status"]).stdout
    again = runner.invoke(app, ["--home", home, "work"])
    assert "0 passages embedded" in again.stdout  # nothing twice


def test_embed_upgrade_is_queued_then_done_by_work(runner: CliRunner, tmp_path: Path, small_corpus: Path) -> None:
    home = str(tmp_path / "home")
    assert runner.invoke(app, ["--home", home, "ingest", str(small_corpus)]).exit_code == 0
    queued = runner.invoke(app, ["--home", home, "embed", "--upgrade", "static", "--no-wait"])
    assert queued.exit_code == 0 and "upgrade to static queued" in queued.stdout, queued.output
    status = json.loads(runner.invoke(app, ["--home", home, "status", "--json"]).stdout)
    assert status["embedder"] == "fake" and status["upgrade_to"] == "static"
    assert "upgrade to static behind the scenes" in runner.invoke(app, ["--home", home, "status"]).stdout
    assert runner.invoke(app, ["--home", home, "work"]).exit_code == 0
    status = json.loads(runner.invoke(app, ["--home", home, "status", "--json"]).stdout)
    assert status["embedder"] == "static" and status["upgrade_to"] is None and status["finished"] is True
    assert status["model"].startswith("static-") and status["searchable_by_meaning"] == status["passages"]
    found = json.loads(runner.invoke(app, ["--home", home, "search", "--mode", "semantic", "budget welzijn",
                                           "--json"]).stdout)
    assert found["items"]
    refused = runner.invoke(app, ["--home", home, "embed", "--upgrade", "nope"])
    assert refused.exit_code == 1 and "unknown embedder 'nope'" in refused.stderr


def test_warm_up_loads_the_searcher_and_the_bm25_lengths(tmp_path: Path, small_corpus: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from models import bm25
    from service.context import Services
    from service.settings import get_settings

    monkeypatch.setenv("RODEDRAAD_EMBEDDER", "fake")
    empty = Services(get_settings().with_home(tmp_path / "empty"))
    empty.warm_up()  # nothing stored: nothing to load, no error
    assert empty._searcher is None
    home = tmp_path / "home"
    assert CliRunner().invoke(app, ["--home", str(home), "ingest", str(small_corpus)]).exit_code == 0
    services = Services(get_settings().with_home(home))
    services.warm_up()
    assert services._searcher is not None
    lengths = bm25.postings_of(home / "rodedraad.sqlite3")._lengths
    assert len(lengths) > 0 and lengths.max() > 0
