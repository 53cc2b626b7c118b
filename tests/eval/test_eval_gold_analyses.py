"""The leave-one-out harness on the annotated real documents: actor matching and scoring one document."""

from __future__ import annotations

from pathlib import Path

from eval.eval_gold_analyses import Extracted, ReadDocument, actor_right, score_document
from eval.gold import GoldDocument, GoldItem, normalise_loose


def test_actor_right_is_lenient_but_needs_a_word_of_the_gold_actor() -> None:
    assert actor_right(["minister De Jonge (VWS)"], ["minister De Jonge (VWS)"])
    assert actor_right(["kabinet"], ["kabinet (minister van VWS)"])
    assert actor_right(["Opdrachtnemer"], ["Opdrachtnemer"])
    assert not actor_right(["ministerie van SZW"], ["staatssecretaris Blokhuis (VWS)"])
    assert not actor_right([], ["gemeente"])


def _read() -> ReadDocument:
    sentences = ["De gemeente stelt vóór 1 juli 2026 een plan op.", "Het weer was mooi.",
                 "De bewoners zijn boos over de overlast."]
    gold = GoldDocument(
        name="toy", file="toy.md", path=Path("toy.md"), genre="blog", scoped=False,
        commitments=(GoldItem("toy.md", "De gemeente stelt vóór 1 juli 2026 een plan op",
                              actors=("gemeente",), deadline="2026-07-01"),),
        non_commitments=(GoldItem("toy.md", "Het weer was mooi"),),
        tensions=(GoldItem("toy.md", "De bewoners zijn boos over de overlast"),),
    )
    return ReadDocument(gold, (), frozenset(normalise_loose(s) for s in sentences))


def test_score_document_counts_a_repeated_sentence_once_and_checks_fields() -> None:
    read = _read()
    extracted = Extracted(
        commitments=(("De gemeente stelt vóór 1 juli 2026 een plan op.", ("gemeente Lindeveen",), "2026-07-01"),
                     ("De gemeente stelt vóór 1 juli 2026 een plan op.", ("gemeente Lindeveen",), "2026-07-01"),
                     ("Het weer was mooi.", (), None)),
        tensions=(),
    )
    scores = score_document(read, extracted)
    assert (scores.commitments.tp, scores.commitments.fp, scores.commitments.fn) == (1, 1, 0)
    assert scores.commitments.hard_negatives_taken == 1
    assert (scores.actor_ok, scores.actor_n, scores.deadline_ok, scores.deadline_n) == (1, 1, 1, 1)
    assert (scores.tensions.tp, scores.tensions.fn) == (0, 1)
