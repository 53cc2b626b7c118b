"""The CLI and the server on a PostgreSQL store (``--database`` / ``RODEDRAAD_DATABASE_URL``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psycopg
import pytest
from typer.testing import CliRunner

from service.cli import app
from tests.contract.conftest import _schema_url

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("RODEDRAAD_EMBEDDER", "fake")
    return CliRunner()


def test_ingest_search_status_and_work_through_the_cli(runner: CliRunner, database: str, tmp_path: Path,
                                                       small_corpus: Path) -> None:
    base = ["--home", str(tmp_path / "home"), "--database", database]
    stored = runner.invoke(app, [*base, "ingest", str(small_corpus), "--no-wait"])
    assert stored.exit_code == 0, stored.output
    pending = json.loads(runner.invoke(app, [*base, "status", "--json"]).stdout)
    assert pending["documents"] == 3 and pending["vectors_pending"] == 3 and not pending["finished"]
    lexical = json.loads(runner.invoke(app, [*base, "search", "welzijnsbudget", "--mode", "lexical", "--json"]).stdout)
    assert lexical["items"][0]["source"] == "docs/convenant.md"  # searchable by words before any vector
    drained = runner.invoke(app, [*base, "work"])
    assert drained.exit_code == 0, drained.output
    status = json.loads(runner.invoke(app, [*base, "status", "--json"]).stdout)
    assert status["consistent"] and status["finished"] and status["vectors"] == status["passages"] == 3
    assert not (tmp_path / "home" / "rodedraad.sqlite3").exists()  # nothing went to a SQLite store
    found = json.loads(runner.invoke(app, [*base, "search", "één welzijnsbudget", "--json"]).stdout)
    assert found["items"][0]["source"] == "docs/convenant.md"
    commitments = json.loads(runner.invoke(app, [*base, "commitments", "--json"]).stdout)
    assert commitments["total"] >= 3


def test_an_unreachable_database_is_one_line_and_exit_1(runner: CliRunner, tmp_path: Path) -> None:
    url = f"postgresql://nobody@/nodb?host={tmp_path}&connect_timeout=2"
    result = runner.invoke(app, ["--home", str(tmp_path / "home"), "--database", url, "status"])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("rodedraad: cannot reach the PostgreSQL database nodb"), lines
    assert "Traceback" not in result.output


def test_a_database_without_pgvector_is_named(postgres_url: str, tmp_path: Path) -> None:
    """pgvector installed in a schema off the search path is as good as missing: the message says where."""
    from models.pg_store import PgStore
    from rodedraad.errors import StoreError

    url = _schema_url(postgres_url, "nowhere").replace("%2Cpublic", "")
    with pytest.raises(StoreError, match=r"pgvector extension .* is in schema public, which is not on the search_path"):
        PgStore.connect(url, tmp_path / "home")


def test_killing_an_ingest_midway_loses_and_duplicates_no_document(database: str, tmp_path: Path) -> None:
    """SIGKILL an ingest into PostgreSQL: every stored file is whole, the next ingest adds exactly the rest."""
    from models.embedders.fake import FakeEmbedder
    from models.health import check_store
    from models.indexer import ingest_paths
    from models.nlp import DutchNLP
    from models.pg_store import PgStore

    corpus = tmp_path / "many"
    corpus.mkdir()
    for number in range(200):
        (corpus / f"nota-{number:03d}.txt").write_text(
            f"Nota {number}\n\n" + " ".join(f"De gemeente en partner {number} spreken af samen te werken aan zorg."
                                             for _ in range(40)), encoding="utf-8")
    env = {**os.environ, "RODEDRAAD_EMBEDDER": "fake", "RODEDRAAD_DATABASE_URL": database}
    process = subprocess.Popen([sys.executable, "-m", "service.cli", "--home", str(tmp_path / "home"), "ingest",
                                str(corpus)], env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    with psycopg.connect(database, autocommit=True) as watcher:
        while time.monotonic() < deadline and process.poll() is None:
            try:
                stored = int(watcher.execute("SELECT COUNT(*) FROM files").fetchone()[0])  # type: ignore[index]
            except psycopg.errors.UndefinedTable:
                stored = 0
            if stored >= 5:
                break
            time.sleep(0.05)
    assert process.poll() is None, "ingest finished before it could be killed; make the corpus bigger"
    process.kill()
    process.wait()

    store = PgStore.connect(database, tmp_path / "home")
    counts = store.counts()
    assert 5 <= counts.files < 200 and counts.documents == counts.files
    assert store.lexical_term_rows() == counts.passages  # every stored file whole, searchable by words
    embedder, nlp = FakeEmbedder(), DutchNLP()
    report = ingest_paths(store, embedder, nlp, [corpus])
    assert len(report.unchanged) == counts.files and len(report.added) == 200 - counts.files
    after = store.counts(embedder.name)
    assert after.files == after.documents == 200 and after.vectors == after.passages
    assert len({doc.id for doc in store.list_documents(limit=500)[0]}) == 200
    assert check_store(store, embedder.name).consistent
    store.close()


@pytest.mark.slow  # two servers and a worker process start: ~35 s here
def test_two_servers_and_their_worker_share_one_database(database: str, tmp_path: Path, small_corpus: Path) -> None:
    """Two API processes on one database, one with the worker: an upload to one is searchable on the other."""
    env = {**os.environ, "RODEDRAAD_EMBEDDER": "fake", "RODEDRAAD_DATABASE_URL": database}
    ports = [_free_port(), _free_port()]
    servers = [subprocess.Popen(
        [sys.executable, "-m", "service.cli", "--home", str(tmp_path / f"home{n}"), "serve", "--port", str(port),
         *([] if n == 0 else ["--no-worker"])],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for n, port in enumerate(ports)]
    try:
        for port in ports:
            _wait_until_up(port)
        text = (small_corpus / "convenant.md").read_bytes()
        uploaded = httpx.post(f"http://127.0.0.1:{ports[0]}/documents",
                              files={"file": ("convenant.md", text, "text/markdown")}, timeout=60)
        assert uploaded.status_code == 200, uploaded.text
        deadline = time.monotonic() + 60
        while True:
            status = httpx.get(f"http://127.0.0.1:{ports[1]}/status", timeout=10).json()
            if status["finished"] or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        assert status["documents"] == 1 and status["finished"] and status["consistent"], status
        hits = httpx.get(f"http://127.0.0.1:{ports[1]}/search", params={"q": "welzijnsbudget werkplan"},
                         timeout=30).json()["items"]
        assert hits and hits[0]["source"] == "convenant.md"
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_up(port: int, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.3)
    raise AssertionError(f"the server on port {port} did not come up")


@pytest.mark.slow  # two worker processes load the Dutch NLP: ~20 s here
def test_ingest_with_two_processes_into_postgres_stores_what_one_process_stores(
        runner: CliRunner, database: str, tmp_path: Path, small_corpus: Path) -> None:
    """``ingest -p 2`` (a local process pool reading and embedding, this process writing) into PostgreSQL: the
    same documents and passages as one process into SQLite, all with vectors, and a re-run changes nothing."""
    from models.embedders.fake import FakeEmbedder
    from models.pg_store import PgStore
    from models.store import Store

    base = ["--home", str(tmp_path / "home"), "--database", database]
    pooled = runner.invoke(app, [*base, "ingest", str(small_corpus), "--processes", "2"])
    assert pooled.exit_code == 0, pooled.output
    alone = runner.invoke(app, ["--home", str(tmp_path / "sqlite"), "ingest", str(small_corpus), "--processes", "1"])
    assert alone.exit_code == 0, alone.output
    postgres, sqlite = PgStore.connect(database, tmp_path / "home"), Store.open(tmp_path / "sqlite")
    try:
        for store in (postgres, sqlite):
            counts = store.counts(FakeEmbedder().name)
            assert counts.documents == 3 and counts.vectors == counts.passages > 0, counts
        assert postgres.counts().passages == sqlite.counts().passages
        assert ({doc.id for doc in postgres.list_documents(limit=10)[0]}
                == {doc.id for doc in sqlite.list_documents(limit=10)[0]})
    finally:
        postgres.close()
        sqlite.close()
    again = runner.invoke(app, [*base, "ingest", str(small_corpus), "--processes", "2"])
    assert again.exit_code == 0 and "3 unchanged" in again.output, again.output
