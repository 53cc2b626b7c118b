"""The leave-one-out harness on the annotated real documents: actor matching and scoring one document."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

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


def test_timing_alternates_the_extractors_over_every_document_with_the_text_caches_emptied() -> None:
    from eval.eval_gold_analyses import TIME_ROUNDS, time_per_passage
    from models.deadlines import parse_deadline

    calls: list[tuple[str, int]] = []

    def extractor(name: str) -> Callable[[ReadDocument, Any], Extracted]:
        def extract(read: ReadDocument, nlp: Any) -> Extracted:
            if read is reads[0]:
                calls.append((name, parse_deadline.cache_info().currsize))  # emptied before the pass
            parse_deadline(f"{name} levert vóór 1 juli 2026 een plan op.")
            return Extracted((), ())
        return extract

    reads = [_read(), _read()]
    nlp: Any = None  # the fake extractors read no text
    times = time_per_passage({"rules": extractor("rules"), "layer": extractor("layer")}, reads, nlp, rounds=TIME_ROUNDS)
    assert set(times) == {"rules", "layer"} and all(value >= 0 for value in times.values())
    assert [name for name, _ in calls] == ["rules", "layer"] * (TIME_ROUNDS + 1)  # one warm-up pass, then turns
    assert all(size == 0 for _, size in calls)
