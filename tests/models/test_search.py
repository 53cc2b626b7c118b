"""Hybrid search over a small store with the fake embedder and the real Dutch NLP."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.embedders.fake import FakeEmbedder
from models.indexer import ingest_paths
from models.nlp import DutchNLP
from models.search import Searcher, _fuse
from models.store import DocumentFilters, Store
from rodedraad.errors import InvalidRequest


@pytest.fixture
def searcher(tmp_path: Path, small_corpus: Path) -> Searcher:
    store, embedder, nlp = Store.open(tmp_path / "home"), FakeEmbedder(), DutchNLP()
    ingest_paths(store, embedder, nlp, [small_corpus])
    return Searcher(store, embedder, nlp)


def test_lexical_search_matches_inflected_forms_and_highlights_them(searcher: Searcher) -> None:
    hits = searcher.search("budgetten voor het welzijnswerk", mode="lexical")
    assert hits, "lemmas should let 'budgetten' meet 'budget'"
    top = hits[0]
    assert top.source == "docs/convenant.md"
    assert "<mark>" in top.highlight
    assert top.matched_terms
    doc = searcher.store.document(top.doc_id)
    assert doc.text[top.start:top.end] == top.text


@pytest.mark.parametrize("mode", ["hybrid", "lexical", "semantic"])
def test_results_are_sorted_unique_and_cite_their_document(searcher: Searcher, mode: str) -> None:
    hits = searcher.search("gemeente budget woningen", mode=mode, top_k=5)  # type: ignore[arg-type]
    assert hits
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert len({h.passage_id for h in hits}) == len(hits)
    for hit in hits:
        assert hit.title and hit.source and hit.doc_id


def test_filters_restrict_results(searcher: Searcher) -> None:
    hits = searcher.search("samenwerken zorg", filters=DocumentFilters(source="blog"))
    assert hits and all(h.source == "docs/blog.txt" for h in hits)
    assert searcher.search("samenwerken", filters=DocumentFilters(kind="covenant", source="blog")) == []


def test_hybrid_ranks_a_passage_found_by_both_lists_first(searcher: Searcher) -> None:
    hit = searcher.search("spanning tussen snel bouwen en de corporatie", mode="hybrid")[0]
    assert hit.lexical_rank == 1 and hit.semantic_rank is not None
    assert hit.source == "docs/raadsvoorstel.txt"


def test_similar_passages_come_from_other_documents(searcher: Searcher) -> None:
    first = searcher.search("welzijnsbudget", mode="lexical")[0]
    similar = searcher.similar(first.passage_id, top_k=3)
    assert similar and all(h.doc_id != first.doc_id for h in similar)


@pytest.mark.parametrize(("query", "kwargs", "message"), [
    ("   ", {}, "empty"),
    ("zorg", {"mode": "fuzzy"}, "unknown search mode"),
    ("zorg", {"top_k": 0}, "top_k"),
])
def test_bad_requests_are_clear_errors(searcher: Searcher, query: str, kwargs: dict, message: str) -> None:
    with pytest.raises(InvalidRequest, match=message):
        searcher.search(query, **kwargs)


@given(
    lexical=st.lists(st.tuples(st.integers(1, 50), st.floats(0, 10)), unique_by=lambda t: t[0], max_size=20),
    semantic=st.lists(st.tuples(st.integers(1, 50), st.floats(-1, 1)), unique_by=lambda t: t[0], max_size=20),
)
def test_rank_fusion_is_sorted_and_unique(lexical, semantic) -> None:
    fused = _fuse(lexical, semantic, "hybrid")
    ids = [rowid for rowid, _ in fused]
    assert len(ids) == len(set(ids)) == len({r for r, _ in lexical} | {r for r, _ in semantic})
    assert [s for _, s in fused] == sorted((s for _, s in fused), reverse=True)


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(query=st.text(min_size=1, max_size=40).filter(lambda q: q.strip()))
def test_any_query_text_is_answered_without_error(searcher: Searcher, query: str) -> None:
    hits = searcher.search(query, top_k=5)
    assert len(hits) <= 5
    assert len({h.passage_id for h in hits}) == len(hits)


def test_nothing_relevant_gives_no_hits_and_a_note(searcher: Searcher) -> None:
    result = searcher.find("recept voor appeltaart met kaneel en slagroom")
    assert result.hits == [] and result.note
    assert result.relevance is not None and not result.relevance.relevant
    assert result.relevance.unknown_share > 0.5
    # the same query without the floor still ranks passages: the floor, not the ranking, said no
    assert searcher.find("recept voor appeltaart met kaneel en slagroom", relevance_floor=False).hits


@pytest.mark.parametrize("mode", ["hybrid", "lexical", "semantic"])
def test_a_relevant_query_passes_the_floor_in_every_mode(searcher: Searcher, mode: str) -> None:
    result = searcher.find("verantwoording over de besteding van het welzijnsbudget", mode=mode)  # type: ignore[arg-type]
    assert result.hits and result.note is None
    assert result.relevance is not None and result.relevance.relevant
    assert result.relevance.lexical_share >= 0.6


def test_a_query_of_common_words_only_is_not_an_answer(tmp_path: Path) -> None:
    """Passages that share one everyday word with the question do not make an answer."""
    root = tmp_path / "docs"
    root.mkdir()
    for number, subject in enumerate(["jeugdhulp", "schuldhulp", "woningbouw", "mantelzorg"]):
        (root / f"nota{number}.md").write_text(
            f"# Nota {subject}\n\nDe gemeente werkt aan {subject} in de wijk. Het college bespreekt {subject} "
            f"met de raad en met de partners in de regio.\n", encoding="utf-8")
    store, embedder, nlp = Store.open(tmp_path / "home"), FakeEmbedder(), DutchNLP()
    ingest_paths(store, embedder, nlp, [root])
    searcher = Searcher(store, embedder, nlp)
    assert searcher.search("welke voetbalclub won de beker in de regio") == []
    assert searcher.search("schuldhulp in de wijk")


def test_the_floor_gives_the_same_verdict_in_every_mode(searcher: Searcher) -> None:
    for query in ("recept voor appeltaart met kaneel en slagroom", "woningen voor ouderen en de huurprijzen"):
        verdicts = {mode: searcher.find(query, mode=mode).relevance for mode in ("hybrid", "lexical", "semantic")}
        assert len({(v.relevant, v.semantic_z) for v in verdicts.values() if v is not None}) == 1, verdicts


def test_lexical_search_cuts_in_fts5_and_filters_only_what_they_name(searcher: Searcher) -> None:
    """Unfiltered: FTS5's own top k, best first; filtered: the top k of the filtered passages only."""
    store = searcher.store
    terms = searcher.analyzer.index_terms("gemeente budget zorg woningen samenwerken")
    everything = store.lexical_search(terms, 1000)
    assert len(everything) >= 3
    assert [score for _, score in everything] == sorted((score for _, score in everything), reverse=True)
    assert store.lexical_search(terms, 2) == everything[:2]
    blog = set(store.filtered_rowids(DocumentFilters(source="blog")))
    filtered = store.lexical_search(terms, 1000, DocumentFilters(source="blog"))
    assert filtered and {rowid for rowid, _ in filtered} == {rowid for rowid, _ in everything} & blog
    assert store.lexical_search(terms, 1000, DocumentFilters(kind="no-such-kind")) == []


def test_term_counts_follow_the_store_generation(searcher: Searcher, tmp_path: Path) -> None:
    """Passage counts per term are cached, but a new ingest (a new generation) counts again."""
    before = searcher._document_frequencies({"zonnepaneel", "gemeente"})
    assert before["zonnepaneel"] == 0 and before["gemeente"] > 0
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "zon.md").write_text("# Zon\n\nDe gemeente plaatst zonnepanelen op elk schooldak.\n", encoding="utf-8")
    ingest_paths(searcher.store, searcher.embedder, DutchNLP(), [extra])
    after = searcher._document_frequencies({"zonnepaneel", "gemeente"})
    assert after["zonnepaneel"] == 1 and after["gemeente"] == before["gemeente"] + 1


def test_terms_in_half_the_passages_are_left_out_of_bm25_without_changing_its_ranking(tmp_path: Path) -> None:
    root = tmp_path / "docs"
    root.mkdir()
    for number, subject in enumerate(["jeugdhulp", "schuldhulp", "woningbouw", "mantelzorg"]):
        (root / f"nota{number}.md").write_text(
            f"# Nota {number}\n\nDe gemeente werkt aan {subject} met de partners.\n", encoding="utf-8")
    store, embedder, nlp = Store.open(tmp_path / "home"), FakeEmbedder(), DutchNLP()
    ingest_paths(store, embedder, nlp, [root])
    searcher = Searcher(store, embedder, nlp)
    terms = nlp.index_terms("schuldhulp van de gemeente")
    assert "gemeente" in terms
    deciding = searcher._deciding_terms(terms)
    assert "gemeente" not in deciding and "schuldhulp" in deciding
    assert searcher._deciding_terms(["gemeente"]) == ["gemeente"]  # nothing else left: kept
    with_all = store.lexical_search(terms, 10)
    assert [rowid for rowid, _ in store.lexical_search(deciding, 10)] == [rowid for rowid, _ in with_all[:1]]
    assert searcher.search("schuldhulp van de gemeente", mode="lexical")[0].text.count("schuldhulp") == 1


def _store_of(tmp_path: Path, notes: dict[str, str]) -> Searcher:
    root = tmp_path / "docs"
    root.mkdir()
    for name, text in notes.items():
        (root / f"{name}.md").write_text(text, encoding="utf-8")
    store, embedder, nlp = Store.open(tmp_path / "home"), FakeEmbedder(), DutchNLP()
    ingest_paths(store, embedder, nlp, [root])
    return Searcher(store, embedder, nlp)


def test_question_words_are_no_query_terms_but_stay_passage_terms(tmp_path: Path) -> None:
    """'hoeveel' asks; it does not say what about. A passage that asks the same does not answer."""
    searcher = _store_of(tmp_path, {
        "vraag": "# Vraag\n\nHoeveel kinderen wachten op de wachtlijst voor jeugdhulp, vraagt het raadslid.\n",
        "antwoord": "# Antwoord\n\nIn de gemeente wachten 120 kinderen op jeugdhulp; het budget is 2 miljoen.\n",
    })
    assert "hoeveel" in searcher.analyzer.index_terms("Hoeveel kinderen wachten")  # a passage term still
    terms = searcher.query_terms("hoeveel budget voor jeugdhulp")
    assert "hoeveel" not in terms and {"budget", "jeugdhulp"} <= set(terms)
    assert searcher.search("hoeveel budget voor jeugdhulp", mode="lexical")[0].source.endswith("antwoord.md")


def test_a_query_compound_no_passage_holds_meets_its_parts(tmp_path: Path) -> None:
    """'ketenpartners' is in no passage; its parts are: the passage about partners in the chain is found."""
    searcher = _store_of(tmp_path, {
        "keten": "# Keten\n\nDe partners in de keten spreken elkaar elke maand over de schulden van inwoners.\n",
        "sport": "# Sport\n\nDe sportvereniging opent in mei een nieuw clubhuis met een kantine.\n",
        "markt": "# Markt\n\nDe weekmarkt verhuist in de zomer naar het plein bij het station.\n",
        "park": "# Park\n\nHet park krijgt nieuwe bomen en een speeltuin voor de kinderen.\n",
    })
    terms = searcher.query_terms("overleg tussen ketenpartners")
    assert {"ketenpartner", "keten", "partner"} <= set(terms)
    hits = searcher.search("overleg tussen ketenpartners", mode="lexical", relevance_floor=False)
    assert hits and hits[0].source.endswith("keten.md")
    # nor does the relevance floor count it as a word the store lacks
    result = searcher.find("ketenpartners", mode="lexical")
    assert result.relevance is not None and result.relevance.unknown_share == 0
    assert result.hits and result.hits[0].source.endswith("keten.md")
    assert searcher.find("appeltaartrecept", mode="lexical").hits == []  # no part held: unknown
    # a word the store holds is not split, and a head read as another word's lemma is no part
    assert searcher.query_terms("partners in de keten") == searcher.analyzer.index_terms("partners in de keten")
    assert "genieten" not in searcher.query_terms("huisgenoten van de cliënt")


def test_a_search_reads_its_query_once_and_the_store_generation_renews_it(tmp_path: Path) -> None:
    """Query terms and the relevance floor's words come from one ``term_spans`` pass over the query (the
    compound parts were looked up twice per search); a store that gains a passage holding the whole word
    no longer splits it."""
    searcher = _store_of(tmp_path, {
        "keten": "# Keten\n\nDe partners in de keten spreken elkaar elke maand over de schulden van inwoners.\n",
        "sport": "# Sport\n\nDe sportvereniging opent in mei een nieuw clubhuis met een kantine.\n",
        "markt": "# Markt\n\nDe weekmarkt verhuist in de zomer naar het plein bij het station.\n",
        "park": "# Park\n\nHet park krijgt nieuwe bomen en een speeltuin voor de kinderen.\n",
    })
    calls: list[str] = []
    spans = searcher.analyzer.term_spans

    def counting(text: str) -> list[tuple[str, int, int]]:
        calls.append(text)
        return spans(text)

    searcher.analyzer.term_spans = counting  # type: ignore[method-assign]
    query = "schulden bij ketenpartners"
    result = searcher.find(query, mode="lexical")
    assert result.hits and result.hits[0].source.endswith("keten.md")
    assert calls.count(query) == 1
    assert "partner" in searcher.query_terms(query)
    root = tmp_path / "docs"
    (root / "partners.md").write_text("# Partners\n\nDe ketenpartners tekenen het convenant in juni.\n",
                                      encoding="utf-8")
    ingest_paths(searcher.store, searcher.embedder, DutchNLP(), [root])
    terms = searcher.query_terms(query)
    assert "ketenpartner" in terms and "partner" not in terms  # held now: not split any more


def test_gelden_as_a_verb_does_not_find_passages_about_money(tmp_path: Path) -> None:
    """Issue 12: lemma matching must not turn 'gelden' (to apply) into 'geld' (money). (The surface form
    "gelden" still meets itself: "publieke gelden" is also indexed as "gelden".)"""
    searcher = _store_of(tmp_path, {
        "geld": "# Begroting\n\nHet geld voor de bibliotheek is op; het meeste geld gaat naar het zwembad.\n",
        "regels": "# Regels\n\nVoor de aanvraag van een parkeervergunning gelden strenge regels.\n",
    })
    assert "geld" not in searcher.query_terms("welke regels gelden voor een parkeervergunning")
    hits = searcher.search("welke regels gelden voor een parkeervergunning", mode="lexical")
    assert [hit.source for hit in hits] == ["docs/regels.md"]
    assert [hit.source for hit in searcher.search("geld voor de bibliotheek", mode="lexical")] == ["docs/geld.md"]


def test_fusion_lets_the_first_of_one_list_beat_a_passage_both_rank_low() -> None:
    """The two lists fail on different questions: one list's first passage outranks a passage that both
    lists put 7th (plain RRF would rank that one first), but not one that both put 2nd."""
    lexical = [(rowid, 10.0 - rowid) for rowid in range(1, 7)] + [(99, 1.0)]
    semantic = [(rowid, 1.0 - rowid / 100) for rowid in range(11, 17)] + [(99, 0.5)]
    order = [rowid for rowid, _ in _fuse(lexical, semantic, "hybrid")]
    assert order.index(1) < order.index(99) and order.index(11) < order.index(99)
    both_second = [(rowid, score) for rowid, score in _fuse([(1, 9.0), (2, 8.0)], [(6, 0.9), (2, 0.8)], "hybrid")]
    assert both_second[0][0] == 2


class _ThreadRecordingStore:
    """The searcher's store, noting which threads read it (the API gives each request thread its own SQLite
    connection, so a helper thread must not read the store)."""

    def __init__(self, inner: Store) -> None:
        self._inner = inner
        self.threads: set[int] = set()

    def __getattr__(self, name: str) -> object:
        import threading

        self.threads.add(threading.get_ident())
        return getattr(self._inner, name)


@pytest.mark.parametrize("mode", ["hybrid", "lexical", "semantic"])
def test_the_semantic_list_found_beside_the_lexical_search_is_the_sequential_one(
        tmp_path: Path, small_corpus: Path, mode: str) -> None:
    """Hybrid search finds its semantic list in a helper thread while FTS5 ranks: the same lists, ranks and
    scores as one after the other, and only the calling thread reads the store."""
    import threading

    store, embedder, nlp = Store.open(tmp_path / "home"), FakeEmbedder(), DutchNLP()
    ingest_paths(store, embedder, nlp, [small_corpus])
    recording = _ThreadRecordingStore(store)
    searcher = Searcher(recording, embedder, nlp)  # type: ignore[arg-type]
    sequential = Searcher(store, embedder, nlp)
    for query in ("gemeente budget woningen", "samenwerken in de zorg", "spanning tussen snel bouwen"):
        recording.threads.clear()
        hits = searcher.search(query, mode=mode, top_k=5)  # type: ignore[arg-type]
        assert recording.threads == {threading.get_ident()}
        vector = embedder.embed([query], kind="query")[0]
        terms = sequential._deciding_terms(sequential.query_terms(query))
        lexical = store.lexical_search(terms, 100) if mode != "semantic" else []
        semantic = sequential._semantic(vector, 100, DocumentFilters()) if mode != "lexical" else []
        fused = _fuse(lexical, semantic, mode)[:5]  # type: ignore[arg-type]
        assert hits and [store.rowid_of_passage(hit.passage_id) for hit in hits] == [r for r, _ in fused]
        semantic_rank = {rowid: rank for rank, (rowid, _) in enumerate(semantic, start=1)}
        assert [hit.semantic_rank for hit in hits] == [semantic_rank.get(r) for r, _ in fused]
        assert [hit.score for hit in hits] == [round(score, 6) for _, score in fused]
