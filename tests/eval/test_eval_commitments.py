"""The commitment evaluation: location matching, and the annotated samples of the seeds and the shared corpus."""

from __future__ import annotations

import json

import pytest

from eval.eval_commitments import GOLD, actors_match, load_gold, same_location
from eval.paths import CORPORA, shared_dir
from rodedraad.dutch import sentence_spans


def test_same_location_accepts_the_anchor_and_a_cut_sentence() -> None:
    anchor = "De gemeente zal in 2026 de regeling voor woningaanpassingen vereenvoudigen"
    assert same_location(anchor, "3.1 De gemeente zal in 2026 de regeling voor woningaanpassingen vereenvoudigen.")
    assert same_location(anchor, "De gemeente zal in 2026 de regeling voor woningaanpassin")  # a PDF cut


def test_same_location_rejects_a_sentence_that_only_shares_a_phrase() -> None:
    anchor = "Welzijn Lindeveen zet vanaf 2026 ten minste twintig getrainde vrijwilligers van de Thuisadministratie in"
    other = "De gemeenten dragen de kosten van de Kredietbank en van de inzet van de vrijwilligers van de Thuisadministratie."
    assert not same_location(anchor, other)


def test_actor_names_meet_without_generic_words() -> None:
    assert actors_match(["Woonstede"], ["Woonstede Lindeveen"])
    assert actors_match(["ministerie van VWS"], ["Ministerie van Volksgezondheid, Welzijn en Sport"])
    assert not actors_match(["gemeente Lindeveen"], ["gemeente Lindeveen", "Zorggroep De Linde"])


def test_between_tensions_are_annotated_with_two_documents_each() -> None:
    tensions = json.loads((CORPORA / "annotations.json").read_text(encoding="utf-8"))["tensions"]
    between = [t for t in tensions if t["kind"] == "between"]
    assert len(between) >= 7
    assert all(len({p["file"] for p in t["passages"]}) >= 2 for t in between)


@pytest.mark.skipif(shared_dir() is None, reason="no ../shared folder")
def test_seed_and_shared_samples_are_whole_sentences_with_enough_hard_cases() -> None:
    shared = shared_dir()
    assert shared is not None
    gold, _ = load_gold(shared)
    seeds = [g for g in gold if g.origin == "seeds"]
    sample = [g for g in gold if g.origin == "shared"]
    assert len(seeds) >= 40 and sum(g.label == "commitment" for g in seeds) >= 10
    assert sum(g.label == "commitment" for g in seeds + sample) >= 15
    assert {"advice", "parable", "hypothetical", "question"} <= {g.label for g in seeds + sample}
    extra = json.loads(GOLD.read_text(encoding="utf-8"))
    for key, prefix in (("seed", "seeds/"), ("shared", "")):
        for item in extra[f"{key}_commitments"] + extra[f"{key}_non_commitments"]:
            text = (shared / (prefix + item["file"])).read_bytes().decode("utf-8")
            assert 0 <= item["start"] < item["end"] <= len(text)
            # a span is a sentence or, where the page lacks a full stop, part of one
            assert any(s <= item["start"] and item["end"] <= e for s, e in sentence_spans(text)), item
