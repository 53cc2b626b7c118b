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


def test_a_scope_note_that_quotes_unlisted_sentences_makes_them_neither_hit_nor_miss(tmp_path: Path) -> None:
    from eval.gold import UNLISTED, load_gold, score_sentences, unlisted_in_scope

    scope = ("Artikelen 2-3. Not listed although in scope: artikel 2.4 ('De huurder betaalt de huur altijd op tijd. "
             "Als de huurder niet betaalt, dan mag de verhuurder de sleutels innemen ...') is a commitment and a "
             "tension, but it repeats artikel 1.1. Neither reward nor penalise an extractor for either copy. "
             "Rights ('mag', 'kan') are not commitments.")
    quoted = unlisted_in_scope(scope, "md/huur.md")
    assert [item.evidence for item in quoted] == [
        "De huurder betaalt de huur altijd op tijd",
        "Als de huurder niet betaalt, dan mag de verhuurder de sleutels innemen"]
    assert all(item.why == UNLISTED for item in quoted)
    assert unlisted_in_scope("Artikelen 2-3; rights ('mag') are not commitments.", "md/huur.md") == ()

    gold_folder = tmp_path / "gold"
    gold_folder.mkdir()
    (gold_folder / "huur.json").write_text(
        '{"source": {"file": "md/huur.md", "kind": "contract"}, "scope": ' + __import__("json").dumps(scope)
        + ', "commitments": [{"evidence": "De verhuurder herstelt gebreken binnen een week"}]}', encoding="utf-8")
    document = load_gold(gold_folder).documents[0]
    assert [item.evidence for item in document.borderline_tensions] == [item.evidence for item in quoted]
    predicted = ["De huurder betaalt de huur altijd op tijd.", "De verhuurder herstelt gebreken binnen een week.",
                 "De verhuurder schildert de gevel."]
    score = score_sentences(predicted, document.commitments, document.borderline_commitments)
    assert (score.tp, score.fp, score.fn) == (1, 1, 0)
    assert score.false_positives == ["De verhuurder schildert de gevel."]


def test_a_hit_contains_the_evidence_and_a_shared_stretch_is_no_hit() -> None:
    from eval.gold import sentence_matches

    evidence = "Een verzoek tot steun wordt ingediend na"
    assert sentence_matches("2. Een verzoek tot steun wordt ingediend na overleg met de wijkraad.", evidence)
    assert not sentence_matches("1. Een verzoek tot steun kan worden ingediend door het bestuur:", evidence)
    assert not sentence_matches("– tijdelijk 5% korting geven op het budget", "tijdelijk 5% korting geven op het tarief")
    # an evidence the reader split in two: the part that holds most of it still hits
    assert sentence_matches("De partijen overleggen elk kwartaal.", "De partijen overleggen elk kwartaal. Dat is")
