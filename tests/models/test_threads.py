"""Common threads of a draft, with the fake embedder over a small synthetic corpus (no model needed)."""

from __future__ import annotations

import runpy
from collections.abc import Iterator
from pathlib import Path

import pytest

from models.analysis_store import update_analyses
from models.embedders.fake import FakeEmbedder
from models.indexer import ingest_paths
from models.nlp import DutchNLP
from models.search import Searcher
from models.theme_subthemes import SubthemeSettings
from models.themes import ThemeSettings, build_themes
from models.threads import ThreadOptions, Threads, draft_units, find_threads
from rodedraad.errors import InvalidRequest
from service.context import Services
from service.settings import Settings

_CORPUS = runpy.run_path(str(Path(__file__).resolve().parent / "themes_corpus.py"))
write_corpus = _CORPUS["write_corpus"]

COVENANT = """# Convenant vroegsignalering schulden Noorderhaven

De gemeente Noorderhaven en Woningcorporatie Thuisbaas verplichten zich om vóór 1 januari 2027 elke
betalingsachterstand binnen vijf werkdagen te melden bij de kredietbank, zodat schulden vroeg worden aangepakt.

Er is spanning tussen de wens van de corporatie om snel te ontruimen en het belang van huurders met schulden.
"""

DRAFT = """# Propositie: samen vroeg erbij

## Schulden

- Woningcorporaties melden een betalingsachterstand zo snel mogelijk bij de kredietbank en de schuldhulp.
- Gezinnen die op specialistische jeugdhulp wachten krijgen steun van het wijkteam in de wijk.

Ook opent de gemeente een overdekte skatebaan met klimmuur naast het treinstation in Zuidpoort.
Kort.
"""


@pytest.fixture
def threads_services(tmp_path: Path) -> Iterator[Services]:
    # 512 dimensions: the default 64 crowd all trigram vectors together, which hides gaps in a 30-passage store
    services = Services(Settings(home=tmp_path / "home", embedder="fake"), embedder=FakeEmbedder(dim=512))
    corpus = write_corpus(tmp_path / "docs", documents_per_topic=3)
    (corpus / "convenant-schulden.md").write_text(COVENANT, encoding="utf-8")
    ingest_paths(services.store, services.embedder, services.nlp, [corpus])
    build_themes(services.store, services.embedder, services.nlp)
    update_analyses(services.store, services.nlp)
    yield services
    services.close()


def _find(services: Services, text: str = DRAFT, options: ThreadOptions | None = None) -> Threads:
    return find_threads(services.store, Searcher(services.store, services.embedder, services.nlp), services.nlp,
                        text, options or ThreadOptions())


def test_draft_units_skip_headings_markers_and_fragments() -> None:
    units = draft_units(DRAFT, DutchNLP())
    texts = [text for _, _, text in units]
    assert len(texts) == 3
    assert texts[0].startswith("Woningcorporaties melden")  # the bullet marker is not part of the sentence
    assert texts[2].startswith("Ook opent de gemeente")
    assert all(DRAFT[start:end] == text for start, end, text in units)
    assert not any(text.startswith("#") or text == "Kort." for text in texts)


def test_themes_passages_and_gaps(threads_services: Services) -> None:
    found = _find(threads_services)
    assert [s.index for s in found.sentences] == [0, 1, 2]
    supported = {s.index: s.supported for s in found.sentences}
    assert supported == {0: True, 1: True, 2: False}
    assert [gap.sentence.index for gap in found.gaps] == [2]
    assert len(found.themes) >= 2
    # the themes are ranked by relevance, and each is backed by passages that answer its draft sentences
    assert [t.relevance for t in found.themes] == sorted((t.relevance for t in found.themes), reverse=True)
    by_sentence = {index: thread for thread in found.themes for index in thread.draft_sentences}
    debt_texts = " ".join(p.text for p in by_sentence[0].passages)
    youth_texts = " ".join(p.text for p in by_sentence[1].passages)
    assert "betalingsachterstand" in debt_texts and "jeugdhulp" in youth_texts
    for thread in found.themes:
        assert set(p.passage_id for p in thread.passages) <= set(thread.theme.passage_ids)
        assert all("<mark>" in p.highlight for p in thread.passages)
        assert all(p.title and p.source and p.doc_id for p in thread.passages)


def test_commitments_and_tensions_are_cited_and_tied_to_the_draft(threads_services: Services) -> None:
    found = _find(threads_services)
    sentences = [c.stored.commitment.sentence for c in found.commitments]
    assert any("verplichten zich" in sentence for sentence in sentences)
    first = next(c for c in found.commitments if "verplichten zich" in c.stored.commitment.sentence)
    assert first.draft_sentences == (0,)  # the debt sentence, not the gap
    assert first.stored.commitment.deadline == "2027-01-01"
    assert "conceptzin 1" in first.reason
    assert found.tensions and any("spanning" in t.stored.tension.issue.lower() or "spanning" in
                                  " ".join(p.text for p in t.passages) for t in found.tensions)
    assert all(t.passages and all(p.source for p in t.passages) for t in found.tensions)


def test_filters_restrict_every_passage(threads_services: Services) -> None:
    found = _find(threads_services, options=ThreadOptions(kinds=("covenant",)))
    cited = [p for t in found.themes for p in t.passages] + [g.nearest for g in found.gaps if g.nearest]
    assert cited and all(p.kind == "covenant" for p in cited)
    with pytest.raises(InvalidRequest, match="no stored document matches"):
        _find(threads_services, options=ThreadOptions(organisations=("Nergensland",)))


@pytest.mark.parametrize("text, message", [
    ("   ", "empty"),
    ("# Alleen een kop\n\nKort stuk.", "no sentence"),
])
def test_unusable_drafts_are_refused_in_one_sentence(threads_services: Services, text: str, message: str) -> None:
    with pytest.raises(InvalidRequest, match=message):
        _find(threads_services, text)


def test_empty_store_is_a_clear_error(services: Services) -> None:
    with pytest.raises(InvalidRequest, match="ingest documents first"):
        _find(services)


def test_a_draft_meets_the_sub_themes_of_its_themes(tmp_path: Path) -> None:
    """Sub-themes a draft touches come with their theme: each names its parent, weighs no more than it (the
    same vote, shared among the parts), leans on draft sentences that lean on the parent and cites its own
    passages; the top-level ranking does not change, and ``subthemes_per_theme=0`` leaves them out."""
    services = Services(Settings(home=tmp_path / "home", embedder="fake"), embedder=FakeEmbedder(dim=512))
    corpus = write_corpus(tmp_path / "docs", documents_per_topic=3)
    (corpus / "convenant-schulden.md").write_text(COVENANT, encoding="utf-8")
    ingest_paths(services.store, services.embedder, services.nlp, [corpus])
    # a small corpus: broad from six passages on, so its themes have parts
    settings = ThemeSettings(subthemes=SubthemeSettings(min_passages=6, min_size=3, min_silhouette=0.0))
    build_themes(services.store, services.embedder, services.nlp, settings=settings)
    try:
        found = _find(services)
        parts = [(thread, part) for thread in found.themes for part in thread.subthemes]
        assert parts
        members = {(row["theme_id"], row["passage_id"])
                   for row in services.store.query("SELECT theme_id, passage_id FROM subtheme_passages")}
        for thread, part in parts:
            assert part.theme.parent_id == thread.theme.id and not part.subthemes
            assert 0 < part.relevance <= thread.relevance
            assert set(part.draft_sentences) <= set(thread.draft_sentences)
            assert part.passages and all((part.theme.id, p.passage_id) in members for p in part.passages)
        without = _find(services, options=ThreadOptions(subthemes_per_theme=0))
        assert all(not thread.subthemes for thread in without.themes)
        assert [t.theme.id for t in without.themes] == [t.theme.id for t in found.themes]
    finally:
        services.close()
