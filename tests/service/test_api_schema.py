"""Schemathesis over the app's own OpenAPI schema: every operation, generated inputs, four checks, no failure.

The store holds a small themes corpus (fake embedder), so ids exist and lists are not empty. Each operation
gets a few positive and a few negative examples (``MAX_EXAMPLES``), which keeps the whole run under a minute
on two cores. The operations are read from the schema itself, so a new route is fuzzed without a change here.
"""

from __future__ import annotations

import os
import runpy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from models.embedders.fake import FakeEmbedder
from models.indexer import ingest_paths
from service.api import create_app
from service.context import Services
from service.settings import Settings

MAX_EXAMPLES = int(os.environ.get("RODEDRAAD_SCHEMA_EXAMPLES", "12"))
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance, content_type_conformance]
write_corpus = runpy.run_path(str(Path(__file__).resolve().parents[1] / "models" / "themes_corpus.py"))["write_corpus"]


def _operations() -> list[tuple[str, str]]:
    """(method, path) of every documented operation; building the schema opens no store."""
    spec = create_app(Settings(home=Path("/nonexistent-rodedraad-home"))).openapi()
    return [(method.upper(), path) for path, item in spec["paths"].items() for method in item]


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    root = tmp_path_factory.mktemp("schema")
    services = Services(Settings(home=root / "home", embedder="fake", max_upload_bytes=200_000),
                        embedder=FakeEmbedder(dim=256))
    report = ingest_paths(services.store, services.embedder, services.nlp, [write_corpus(root / "docs")])
    assert report.ok, report.failed
    yield schemathesis.openapi.from_asgi("/openapi.json", create_app(services.settings, services))
    services.close()


@pytest.mark.parametrize(("method", "path"), _operations())
def test_operation_conforms_to_its_schema(api_schema: Any, method: str, path: str) -> None:
    operation = api_schema[path][method]
    cases = st.one_of(operation.as_strategy(GenerationMode.POSITIVE), operation.as_strategy(GenerationMode.NEGATIVE))

    @given(case=cases)
    @settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case: schemathesis.Case) -> None:
        case.call_and_validate(checks=CHECKS)

    run()
