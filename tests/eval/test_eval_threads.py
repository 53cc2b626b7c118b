"""The common-threads evaluation's matching rules, on hand-made results; and one run with the fake embedder."""

from __future__ import annotations

from pathlib import Path

import pytest

from eval.eval_themes import ThemeMatch
from eval.eval_threads import (
    GoldTension,
    Location,
    StoredCitation,
    StoredTensionCitations,
    commitment_found,
    contains_anchor,
    found_within,
    load_drafts,
    separation_auc,
    tension_found,
    theme_found_within,
)
from service.schemas_threads import GapItem, ThreadCommitmentItem

WONEN = "covenanten/convenant-wonen-zorg-welzijn-lindeveen.md"
BLOG = "blogs/woonstede-blog-rob-vermeulen-bouwen-voor-ouderen.md"


def _commitment(source: str, sentence: str) -> ThreadCommitmentItem:
    return ThreadCommitmentItem.model_construct(source=source, sentence=sentence)


def test_contains_anchor_collapses_whitespace_and_strips_article_numbers() -> None:
    anchor = "Woonstede zegt toe om in de jaren 2026 tot en met 2028"
    assert contains_anchor(anchor, "3.1 Woonstede zegt toe om in de jaren\n2026 tot en met 2028 jaarlijks ten minste")
    assert not contains_anchor(anchor, "Woonstede zegt toe om in de jaren 2027 tot en met 2029")


def test_contains_anchor_accepts_a_cut_sentence_inside_the_anchor_but_not_a_short_piece() -> None:
    anchor = "De gemeente zegt toe met ingang van 1 januari 2027 één meerjarige subsidie"
    assert contains_anchor(anchor, "met ingang van 1 januari 2027 één meerjarige")
    assert not contains_anchor(anchor, "De gemeente zegt")


def test_commitment_must_come_from_the_annotated_file() -> None:
    gold = Location(WONEN, "Woonstede zegt toe om in de jaren 2026")
    sentence = "3.1 Woonstede zegt toe om in de jaren 2026 tot en met 2028 jaarlijks zestig woningen te labelen."
    assert commitment_found(_commitment(f"corpora/{WONEN}", sentence), gold)
    assert commitment_found(_commitment(WONEN, sentence), gold)
    assert not commitment_found(_commitment(BLOG, sentence), gold)
    assert not commitment_found(_commitment(f"x{WONEN}", sentence), gold)


def test_found_within_only_looks_at_the_first_k() -> None:
    gold = [Location(WONEN, "eerste toezegging"), Location(WONEN, "tweede toezegging")]
    ranked = [_commitment(WONEN, "Dit is de tweede toezegging van partijen."), _commitment(WONEN, "iets anders"),
              _commitment(WONEN, "En de eerste toezegging komt later.")]
    assert found_within(ranked, gold, 1, commitment_found) == [False, True]
    assert found_within(ranked, gold, 3, commitment_found) == [True, True]


def _tension(*cited: tuple[str, str]) -> StoredTensionCitations:
    return StoredTensionCitations(tuple(StoredCitation(source, text) for source, text in cited))


def test_a_stated_tension_needs_one_cited_location_a_between_tension_two() -> None:
    stated = GoldTension("t14", "stated", "starters of ouderen", (Location(BLOG, "Enerzijds willen we betaalbare"),))
    between = GoldTension("b05", "between", "financiering", (
        Location(BLOG, "Als de zorgverzekeraar zou meebetalen"),
        Location(WONEN, "Eemstroom zal geen financiering verstrekken"),
    ))
    blog_only = _tension((BLOG, "Enerzijds willen we betaalbare woningen. Als de zorgverzekeraar zou meebetalen aan"))
    assert tension_found(blog_only, stated)
    assert not tension_found(blog_only, between)
    both = _tension((BLOG, "Als de zorgverzekeraar zou meebetalen aan de ruimte"),
                    (WONEN, "3.4 Eemstroom zal geen financiering verstrekken voor de bouw"))
    assert tension_found(both, between)
    wrong_file = _tension((WONEN, "Enerzijds willen we betaalbare woningen voor starters"))
    assert not tension_found(wrong_file, stated)


def test_a_theme_counts_only_when_the_clustering_found_it() -> None:
    matches = {"wonen": ThemeMatch("wonen", "T1", True), "jeugd": ThemeMatch("jeugd", "T2", False)}
    assert theme_found_within(["T9", "T1", "T2"], ["wonen", "jeugd", "privacy"], matches, 1) == [False, False, False]
    assert theme_found_within(["T9", "T1", "T2"], ["wonen", "jeugd", "privacy"], matches, 3) == [True, False, False]


def test_a_gap_is_real_when_it_holds_an_annotated_anchor() -> None:
    gap = GapItem.model_construct(text="Vanaf 2027 rijdt er een zelfrijdende buurtbus tussen de kernen.")
    assert contains_anchor("een zelfrijdende buurtbus", gap.text)
    assert not contains_anchor("een drijvende woonwijk", gap.text)


def test_separation_auc() -> None:
    assert separation_auc([0.70, 0.72], [0.80, 0.90]) == 1.0
    assert separation_auc([0.90], [0.80]) == 0.0
    assert separation_auc([0.8], [0.8]) == 0.5
    assert separation_auc([], [0.8]) is None


def test_load_drafts_resolves_tensions_from_the_corpus_annotations() -> None:
    drafts = load_drafts()
    tensions = {t.id: t for d in drafts for t in d.tensions}
    assert tensions["b01"].kind == "between" and len(tensions["b01"].passages) >= 2
    assert all(d.text and d.gaps and d.commitments for d in drafts)


@pytest.mark.slow
def test_the_evaluation_runs_end_to_end_with_the_fake_embedder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    from eval.eval_threads import evaluate, print_report

    monkeypatch.setenv("RODEDRAAD_EVAL_THREADS_HOME", str(tmp_path / "home"))
    results = evaluate("fake")
    drafts = results["drafts"]
    assert [d.draft.id for d in drafts] == [d.id for d in load_drafts()]
    for scores in drafts:
        assert len(scores.commitments[10]) == len(scores.draft.commitments)
        assert scores.gaps_true <= scores.gaps_returned
    print_report(results)
    out = capsys.readouterr().out
    assert "Common threads (embedder fake, 6 drafts" in out
    assert "commitments  recall@10" in out and "gaps         precision" in out
